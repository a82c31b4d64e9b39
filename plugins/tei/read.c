/*
 * read.c: the TEI reader.  Parses the input with libxml2 (one parser
 * context per input, so conversions run in parallel threads), then walks
 * the tree: a <TEI> gives one document, a <teiCorpus> one per <TEI> it
 * holds.  corpusconv's own output (marked by <application
 * ident="corpusconv">) is read back exactly: metadata from sourceDesc/bibl,
 * text byte for byte, statements from their <fs> records.  Other TEI is
 * read as well as its markup allows, with white space normalised and a
 * warning naming whatever was skipped.
 *
 * It must never load anything from the network or the file system, never
 * expand an entity (a DOCTYPE declaring a general entity is refused; one
 * declaring parameter entities, as older P4-style TEI does to configure a
 * DTD that is never loaded here, is read with a warning and its parameter
 * entities left unexpanded, and refused only if its own DOCTYPE refers to
 * an external one), never recurse
 * deeper than the nesting limit, never use libxml2's global error state,
 * and never print.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/valid.h>

#include "tei.h"

static const struct cc_host *host;

void tei_read_init(const struct cc_host *h)
{
	host = h;
}

/* ---- parsing, with the input kept on a short leash ------------------------- */

/* What the parser's callbacks record; reached through ctxt->_private. */
struct guard {
	size_t max_depth, depth;
	int refused;          /* the input was refused (not only malformed) */
	int have_error;       /* the first error below is set */
	long line, col;
	char why[256];
	char *ext_dtd;        /* an external DTD named but not loaded (malloc) */
	/* The parameter entities the DOCTYPE declares, never registered with
	 * libxml2 and so never expanded: each name followed by '\n' (an
	 * internal one) or '\r' (an external one). */
	struct tei_buf pes;
	size_t npes;
	int pe_used;          /* the internal subset referred to one of them */
	size_t att_defaults;  /* attribute defaults the DOCTYPE declared */
};

static void guard_set(struct guard *g, long line, long col, const char *a, const char *b)
{
	size_t n;

	if (g->have_error)
		return;
	g->have_error = 1;
	g->line = line;
	g->col = col;
	n = strlen(a);
	if (n >= sizeof(g->why))
		n = sizeof(g->why) - 1;
	memcpy(g->why, a, n);
	g->why[n] = '\0';
	if (b != NULL) {
		size_t m = strlen(b);

		if (m > sizeof(g->why) - 1 - n)
			m = sizeof(g->why) - 1 - n;
		memcpy(g->why + n, b, m);
		g->why[n + m] = '\0';
	}
	/* libxml2's messages end in a newline. */
	n = strlen(g->why);
	while (n > 0 && (g->why[n - 1] == '\n' || g->why[n - 1] == ' '))
		g->why[--n] = '\0';
}

static void guard_refuse(void *ctx, const char *a, const char *b)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;

	guard_set(g, xmlSAX2GetLineNumber(ctx), xmlSAX2GetColumnNumber(ctx), a, b);
	g->refused = 1;
	xmlStopParser(c);
}

static void guard_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g;

	if (c == NULL || err == NULL || err->level < XML_ERR_ERROR)
		return;
	g = c->_private;
	guard_set(g, err->line, err->int2, err->message ? err->message : "malformed XML", NULL);
}

static void guard_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                        int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;

	if (++g->depth > g->max_depth) {
		char why[96];

		snprintf(why, sizeof(why), "elements nested deeper than %zu (see --max-depth)",
		         g->max_depth);
		guard_refuse(ctx, why, NULL);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	                      nb_attributes, nb_defaulted, attributes);
}

static void guard_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;

	if (g->depth > 0)
		g->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

#define MAX_PES 256

/* Where name was declared as a parameter entity in g->pes, or NULL. */
static const char *guard_pe_find(const struct guard *g, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < g->pes.len;) {
		size_t k = strcspn(g->pes.p + i, "\n\r");

		if (k == n && memcmp(g->pes.p + i, name, n) == 0)
			return g->pes.p + i;
		i += k + 1;
	}
	return NULL;
}

/*
 * A general entity is refused: expanding one is what entity bombs and XXE
 * need.  A parameter entity is only noted (and never handed to libxml2,
 * so nothing expands it): in P4-style TEI they switch parts of a DTD that
 * is never loaded here.
 */
static void guard_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                         const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;
	const char *s = (const char *)name;

	(void)public_id;
	(void)content;
	if (type == XML_INTERNAL_PARAMETER_ENTITY || type == XML_EXTERNAL_PARAMETER_ENTITY) {
		if (s == NULL || guard_pe_find(g, s) != NULL)
			return; /* the first declaration binds (XML 1.0, 4.2) */
		/* A P4 DOCTYPE switches a few dozen; a bound keeps the look-ups
		 * above linear in the input. */
		if (g->npes == MAX_PES) {
			guard_refuse(ctx, "the DOCTYPE declares too many parameter entities: ", s);
			return;
		}
		if (tei_buf_add(&g->pes, s, strlen(s)) != 0 ||
		    tei_buf_addc(&g->pes, type == XML_EXTERNAL_PARAMETER_ENTITY ? '\r' : '\n') != 0) {
			guard_refuse(ctx, "out of memory reading the DOCTYPE", NULL);
			return;
		}
		g->npes++;
		return;
	}
	guard_refuse(ctx, system_id != NULL ? "the DOCTYPE declares an external entity: "
	                                    : "the DOCTYPE declares an entity: ", s);
}

/*
 * A reference to a parameter entity inside the DOCTYPE (%name;).  An
 * external one would have to be loaded: refused.  An internal one is left
 * unexpanded (libxml2 goes on as with an entity it does not know), and
 * the warning after the parse says so.
 */
static xmlEntityPtr guard_pe_ref(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;
	const char *s = (const char *)name, *at = s ? guard_pe_find(g, s) : NULL;

	/* libxml2 also looks an internal one up right after declaring it (to
	 * keep its literal value): a reference is one whose ';' was just read. */
	if (at != NULL && at[strlen(s)] == '\r')
		guard_refuse(ctx, "the DOCTYPE declares an external entity and refers to it: %", s);
	else if (at != NULL && c->input != NULL && c->input->cur > c->input->base &&
	         c->input->cur[-1] == ';' && !c->hasExternalSubset)
		/* Without an external DTD, XML says the declarations it holds
		 * must be read: libxml2 would fail on it, say why instead. */
		guard_refuse(ctx, "the DOCTYPE refers to a parameter entity, never expanded here: %", s);
	else if (at != NULL && c->input != NULL && c->input->cur > c->input->base &&
	         c->input->cur[-1] == ';')
		g->pe_used = 1;
	return NULL;
}

/*
 * Each attribute default the DOCTYPE declares is added to every element
 * it applies to, and libxml2 checks those pair by pair too (see
 * limits.c): a few are plenty for the P4-style subsets read here.
 */
static void guard_attribute_decl(void *ctx, const xmlChar *elem, const xmlChar *fullname,
                                 int type, int def, const xmlChar *default_value,
                                 xmlEnumerationPtr tree)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;

	if (default_value != NULL && ++g->att_defaults > TEI_MAX_ATT_DEFAULTS) {
		xmlFreeEnumeration(tree);
		guard_refuse(ctx, "the DOCTYPE declares more than " TEI_STR(TEI_MAX_ATT_DEFAULTS)
		             " attribute defaults", NULL);
		return;
	}
	xmlSAX2AttributeDecl(ctx, elem, fullname, type, def, default_value, tree);
}

static void guard_unparsed(void *ctx, const xmlChar *name, const xmlChar *public_id,
                           const xmlChar *system_id, const xmlChar *notation)
{
	(void)public_id;
	(void)system_id;
	(void)notation;
	guard_refuse(ctx, "the DOCTYPE declares an external entity: ", (const char *)name);
}

/* The external DTD subset is never loaded; remember that one was named. */
static void guard_external_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                                  const xmlChar *system_id)
{
	xmlParserCtxtPtr c = ctx;
	struct guard *g = c->_private;
	const xmlChar *what = system_id ? system_id : external_id;

	(void)name;
	if (what != NULL && g->ext_dtd == NULL)
		g->ext_dtd = strdup((const char *)what);
}

static xmlParserInputPtr guard_resolve(void *ctx, const xmlChar *public_id,
                                       const xmlChar *system_id)
{
	(void)public_id;
	guard_refuse(ctx, "the document refers to an external resource: ",
	             system_id ? (const char *)system_id : "?");
	return NULL;
}

/* Where libxml2's context-less messages go during a parse: nowhere. */
static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* One warning naming the parameter entities the DOCTYPE declared. */
static void report_pes(cc_ctx *ctx, const struct guard *g)
{
	struct tei_buf names = { 0 };

	for (size_t i = 0; i < g->pes.len;) {
		size_t k = strcspn(g->pes.p + i, "\n\r");

		if ((i > 0 && tei_buf_add(&names, ", ", 2) != 0) ||
		    tei_buf_add(&names, g->pes.p + i, k) != 0)
			break; /* out of memory: the warning names fewer */
		i += k + 1;
	}
	host->report(ctx, CC_WARN, 0, 0,
	             "the DOCTYPE declares %zu parameter entit%s (%s), never expanded%s: "
	             "no DTD is read", g->npes, g->npes == 1 ? "y" : "ies", tei_buf_str(&names),
	             g->pe_used ? ", not even where the DOCTYPE refers to them" : "");
	tei_buf_free(&names);
}

/*
 * Parses data[0..len) safely.  Returns the tree (the caller frees it with
 * xmlFreeDoc), or NULL after reporting why with line and column.
 */
static xmlDocPtr parse(cc_ctx *ctx, const char *name, const unsigned char *data, size_t len)
{
	struct guard g = { 0 };
	struct tei_refusal refusal;
	xmlParserCtxtPtr c;
	xmlDocPtr xd = NULL;
	xmlGenericErrorFunc old_fn;
	void *old_fn_ctx;
	size_t limit = host->limit(ctx, "max-depth");
	int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING |
	              XML_PARSE_NOERROR;

	g.max_depth = limit ? limit : 256;
	if (g.max_depth > 256)
		options |= XML_PARSE_HUGE; /* libxml2 itself stops at 256 otherwise */
	if (len > INT_MAX) {
		host->report(ctx, CC_FAILED, 0, 0, "input too large for the XML parser");
		return NULL;
	}
	if (tei_scan_limits(data, len, g.max_depth, &refusal)) {
		host->report(ctx, CC_FAILED, refusal.line, refusal.col, "refused: %s", refusal.why);
		return NULL;
	}
	c = xmlNewParserCtxt();
	if (c == NULL) {
		host->report(ctx, CC_FAILED, 0, 0, "out of memory");
		return NULL;
	}
	c->_private = &g;
	c->sax->serror = guard_error;
	c->sax->startElementNs = guard_start;
	c->sax->endElementNs = guard_end;
	c->sax->entityDecl = guard_entity;
	c->sax->getParameterEntity = guard_pe_ref;
	c->sax->unparsedEntityDecl = guard_unparsed;
	c->sax->attributeDecl = guard_attribute_decl;
	c->sax->externalSubset = guard_external_subset;
	c->sax->resolveEntity = guard_resolve;
	/* A few libxml2 errors (an input the encoding it declares cannot
	 * decode) bypass the parser context and go to this thread's generic
	 * handler, which prints to stderr: silence it for the parse only,
	 * and put back what the thread had.  The parse still fails with the
	 * context's own message. */
	old_fn = xmlGenericError;
	old_fn_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xd = xmlCtxtReadMemory(c, (const char *)data, (int)len, name, NULL, options);
	xmlSetGenericErrorFunc(old_fn_ctx, old_fn);
	if (g.refused || !c->wellFormed || xd == NULL) {
		if (g.have_error)
			host->report(ctx, CC_FAILED, g.line, g.col, "%s%s",
			             g.refused ? "refused: " : "malformed XML: ", g.why);
		else
			host->report(ctx, CC_FAILED, 0, 0, "malformed XML");
		xmlFreeDoc(xd);
		xd = NULL;
	} else {
		if (g.ext_dtd != NULL)
			host->report(ctx, CC_WARN, 0, 0,
			             "the DOCTYPE's external DTD \"%s\" was not loaded", g.ext_dtd);
		if (g.npes > 0)
			report_pes(ctx, &g);
	}
	free(g.ext_dtd);
	tei_buf_free(&g.pes);
	xmlFreeParserCtxt(c);
	return xd;
}

/* ---- tree helpers ----------------------------------------------------------- */

/* A name or a namespace of the tree as a C string, "" for none: a parse
 * that ran out of memory half-way can leave a node without them. */
static const char *xs(const xmlChar *s)
{
	return s != NULL ? (const char *)s : "";
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       (n->ns == NULL || strcmp(xs(n->ns->href), TEI_NS) == 0) &&
	       strcmp(xs(n->name), name) == 0;
}

static xmlNodePtr first_el(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c != NULL; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* An attribute's value, borrowed from the tree; NULL when absent.  With
 * xml != 0, the attribute in the xml: namespace. */
static const char *attr_in(xmlNodePtr n, const char *name, int xml)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		int in_xml = a->ns != NULL &&
		             strcmp(xs(a->ns->href), (const char *)XML_XML_NAMESPACE) == 0;

		if (strcmp(xs(a->name), name) != 0 || in_xml != xml ||
		    (!xml && a->ns != NULL))
			continue;
		if (a->children == NULL)
			return "";
		if (a->children->type == XML_TEXT_NODE && a->children->next == NULL)
			return xs(a->children->content);
		return "";
	}
	return NULL;
}

static const char *attr(xmlNodePtr n, const char *name)
{
	return attr_in(n, name, 0);
}

static int attr_is(xmlNodePtr n, const char *name, const char *value)
{
	const char *v = attr(n, name);

	return v != NULL && strcmp(v, value) == 0;
}

/* ---- the reader's state ------------------------------------------------------ */

/* A <said> or <q> met in the text: where it is and what it holds. */
struct anchor {
	xmlNodePtr node;
	const char *xid;  /* its xml:id, borrowed from the tree, or NULL */
	long block;       /* -1: not in a block (the <back> record) */
	size_t start, end;
	char *quote;      /* malloc */
	int used;         /* taken by a statement record */
};

#define SKIP_NAMES 12

struct rd {
	cc_ctx *ctx;
	int own;                /* corpusconv's own output: read exactly */
	const char *docxid;     /* TEI/@xml:id, the prefix of local ids, or NULL */
	cc_doc *doc;
	struct tei_buf text;    /* the block being collected */
	int space;              /* foreign text: a space is pending */
	long block;             /* index the block being collected will get, or -1 */
	long nblocks;
	struct anchor *anch;
	size_t nanch, capanch;
	struct { const char *name; unsigned n; } skip[SKIP_NAMES];
	size_t nskip;
	unsigned skip_more;
	int oom;
};

static void skipped(struct rd *r, const char *name)
{
	for (size_t i = 0; i < r->nskip; i++)
		if (strcmp(r->skip[i].name, name) == 0) {
			r->skip[i].n++;
			return;
		}
	if (r->nskip < SKIP_NAMES) {
		r->skip[r->nskip].name = name;
		r->skip[r->nskip++].n = 1;
	} else {
		r->skip_more++;
	}
}

/* One warning per document naming what was skipped. */
static int report_skipped(struct rd *r)
{
	struct tei_buf m = { 0 };
	int rc;

	if (r->nskip == 0)
		return CC_OK;
	for (size_t i = 0; i < r->nskip; i++) {
		char count[32];

		snprintf(count, sizeof(count), r->skip[i].n > 1 ? " (%u)" : "", r->skip[i].n);
		if ((i > 0 && tei_buf_add(&m, ", ", 2) != 0) ||
		    tei_buf_add(&m, r->skip[i].name, strlen(r->skip[i].name)) != 0 ||
		    tei_buf_add(&m, count, strlen(count)) != 0) {
			tei_buf_free(&m);
			return CC_WARN;
		}
	}
	rc = host->report(r->ctx, CC_WARN, 0, 0, "document %s: skipped %s%s",
	                  host->doc_id(r->doc), tei_buf_str(&m),
	                  r->skip_more ? " and more" : "");
	tei_buf_free(&m);
	return rc;
}

/* An id without the document's prefix: "DOC.p1" -> "p1". */
static const char *local_id(struct rd *r, const char *xid)
{
	size_t n;

	if (xid == NULL || r->docxid == NULL)
		return xid;
	n = strlen(r->docxid);
	if (strncmp(xid, r->docxid, n) == 0 && xid[n] == '.' && xid[n + 1] != '\0')
		return xid + n + 1;
	return xid;
}

/* ---- text ------------------------------------------------------------------------ */

static void add(struct rd *r, const char *s, size_t n)
{
	if (tei_buf_add(&r->text, s, n) != 0)
		r->oom = 1;
}

/* Text as written (own output), or with runs of white space made one space
 * and none at the start (other TEI). */
static void put_text(struct rd *r, const char *s, size_t n)
{
	if (r->own) {
		add(r, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			r->space = r->text.len > 0;
			continue;
		}
		if (r->space) {
			add(r, " ", 1);
			r->space = 0;
		}
		add(r, &c, 1);
	}
}

/* <g type="control" n="U+XXXX"/>: the character the writer could not put
 * in XML. */
static void put_control(struct rd *r, xmlNodePtr g)
{
	const char *n = attr(g, "n");
	char *end;
	unsigned long cp;
	char u[4];

	if (n == NULL || strncmp(n, "U+", 2) != 0)
		return;
	cp = strtoul(n + 2, &end, 16);
	if (*end != '\0' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return;
	if (cp < 0x80) {
		u[0] = (char)cp;
		add(r, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		add(r, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		add(r, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		add(r, u, 4);
	}
}

static int is_control_g(struct rd *r, xmlNodePtr n)
{
	return r->own && is_el(n, "g") && attr_is(n, "type", TEI_G_CONTROL);
}

/* Elements that hold no text of the article: skipped without a word. */
static int is_silent(xmlNodePtr n)
{
	static const char *const names[] = {
		"pb", "cb", "gb", "milestone", "anchor", "gap", "fw", "fs", "interp",
		"interpGrp", "index", "link", "linkGrp", "span", "spanGrp", "join",
		"certainty", "precision", "respons", "graphic", "media", NULL
	};

	for (size_t i = 0; names[i] != NULL; i++)
		if (is_el(n, names[i]))
			return 1;
	return 0;
}

static void collect(struct rd *r, xmlNodePtr node);

/*
 * What follows a list's label before its item's text: ": " ("Stave I: The
 * Keeper's Ghost", "wick: the cord that burns"), or only a space after a
 * label that ends in punctuation of its own ("1. ", "(a) ", "Note: ").
 * Nothing after an empty label.
 */
static void label_sep(struct rd *r)
{
	char last;

	if (r->text.len == 0)
		return;
	last = r->text.p[r->text.len - 1];
	if (strchr(".:;,)]!?", last) == NULL)
		add(r, ":", 1);
	if (r->own)
		add(r, " ", 1);
	else
		r->space = 1;
}

/* Leiden's brackets for deleted text, U+27E6 and U+27E7. */
#define DEL_OPEN "\xe2\x9f\xa6"
#define DEL_CLOSE "\xe2\x9f\xa7"

/*
 * A <del>: text the source struck out is still text of the source, so it
 * is kept, in Leiden's double brackets ("was [[not]] dead") that say it
 * was deleted and keep it apart from the reading text.  An empty one
 * leaves nothing.  inner collects the element's content.
 */
static void put_deleted(struct rd *r, xmlNodePtr del, void (*inner)(struct rd *, xmlNodePtr))
{
	size_t before = r->text.len, nanch = r->nanch, open_end;
	int space = r->space;

	put_text(r, DEL_OPEN, sizeof(DEL_OPEN) - 1);
	open_end = r->text.len;
	inner(r, del);
	if (r->oom)
		return;
	if (r->text.len == open_end && r->nanch == nanch) {
		r->text.len = before;
		if (r->text.p != NULL)
			r->text.p[before] = '\0';
		r->space = space;
		return;
	}
	r->space = 0;
	add(r, DEL_CLOSE, sizeof(DEL_CLOSE) - 1);
}

/* A <said> or a <q> that stands for a statement, its text collected. */
static void collect_anchor(struct rd *r, xmlNodePtr n)
{
	size_t i = r->nanch, start, end;
	struct anchor *a;

	if (r->nanch == r->capanch) {
		size_t cap = r->capanch ? r->capanch * 2 : 16;
		struct anchor *p = realloc(r->anch, cap * sizeof(*p));

		if (p == NULL) {
			r->oom = 1;
			return;
		}
		r->anch = p;
		r->capanch = cap;
	}
	a = &r->anch[r->nanch++];
	memset(a, 0, sizeof(*a));
	a->node = n;
	a->xid = attr_in(n, "id", 1);
	a->block = r->block;
	if (!r->own && r->space) {
		add(r, " ", 1);
		r->space = 0;
	}
	start = r->text.len;
	collect(r, n);
	end = r->text.len;
	if (!r->own) {
		while (start < end && r->text.p[start] == ' ')
			start++;
		while (end > start && r->text.p[end - 1] == ' ')
			end--;
	}
	a = &r->anch[i]; /* collect() may have moved the array */
	a->start = start;
	a->end = end;
	a->quote = malloc(end - start + 1);
	if (a->quote == NULL) {
		r->oom = 1;
		return;
	}
	memcpy(a->quote, r->text.p ? r->text.p + start : "", end - start);
	a->quote[end - start] = '\0';
}

/* Is this <said>/<q> a statement?  In our own output every one is; in
 * other TEI a <said>, or a <q> ascribed to someone. */
static int is_statement(struct rd *r, xmlNodePtr n)
{
	if (is_el(n, "said"))
		return 1;
	return is_el(n, "q") && (r->own || attr(n, "who") != NULL);
}

/* Appends the text inside `node` to r->text, marking statements. */
static void collect(struct rd *r, xmlNodePtr node)
{
	for (xmlNodePtr c = node->children; c != NULL && !r->oom; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				put_text(r, (const char *)c->content, strlen((const char *)c->content));
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && strcmp(xs(c->ns->href), TEI_NS) != 0) {
			skipped(r, xs(c->name));
			continue;
		}
		if (is_statement(r, c)) {
			collect_anchor(r, c);
		} else if (is_control_g(r, c)) {
			put_control(r, c);
		} else if (is_el(c, "lb") || is_el(c, "l")) {
			if (!r->own)
				r->space = r->text.len > 0;
			collect(r, c);
			if (!r->own)
				r->space = r->text.len > 0;
		} else if (is_el(c, "note") || is_el(c, "figure") || is_el(c, "table")) {
			skipped(r, xs(c->name));
		} else if (is_silent(c)) {
			continue;
		} else if (is_el(c, "del")) {
			put_deleted(r, c, collect);
		} else if (is_el(c, "choice")) {
			xmlNodePtr pick = NULL;

			for (xmlNodePtr k = c->children; k != NULL && pick == NULL; k = k->next)
				if (is_el(k, "reg") || is_el(k, "corr") || is_el(k, "expan"))
					pick = k;
			for (xmlNodePtr k = c->children; k != NULL && pick == NULL; k = k->next)
				if (k->type == XML_ELEMENT_NODE)
					pick = k;
			if (pick != NULL)
				collect(r, pick);
		} else {
			collect(r, c); /* hi, emph, name, persName, ref, seg, title, date, ... */
		}
	}
}

/*
 * The text of an element (metadata, names, feature values): exact in our
 * own output; in other TEI with white space normalised, element
 * boundaries counting as white space (<forename>A</forename><surname>B</surname>).
 * Returns a malloc'd string or NULL (out of memory).
 */
static void text_of_rec(struct rd *r, xmlNodePtr node)
{
	for (xmlNodePtr c = node->children; c != NULL && !r->oom; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				put_text(r, (const char *)c->content, strlen((const char *)c->content));
		} else if (c->type == XML_ELEMENT_NODE) {
			if (is_control_g(r, c)) {
				put_control(r, c);
				continue;
			}
			if (is_el(c, "note") || is_silent(c))
				continue;
			if (is_el(c, "del")) {
				put_deleted(r, c, text_of_rec);
				continue;
			}
			if (!r->own)
				r->space = r->text.len > 0;
			text_of_rec(r, c);
			if (!r->own)
				r->space = r->text.len > 0;
		}
	}
}

static char *text_of(struct rd *r, xmlNodePtr node)
{
	struct tei_buf saved = r->text;
	int space = r->space;
	char *out;

	r->text = (struct tei_buf){ 0 };
	r->space = 0;
	text_of_rec(r, node);
	out = r->text.p;
	if (out == NULL && !r->oom) {
		out = malloc(1);
		if (out != NULL)
			out[0] = '\0';
		else
			r->oom = 1;
	}
	if (r->oom) {
		free(out);
		out = NULL;
	}
	r->text = saved;
	r->space = space;
	return out;
}

/* ---- blocks ------------------------------------------------------------------------ */

/*
 * Adds one block holding the text of `content`, after the text of `label`
 * when that is not NULL (a list's label and its item, read as one line:
 * see label_sep).
 */
static void block_labelled(struct rd *r, int kind, xmlNodePtr label, xmlNodePtr content)
{
	size_t first = r->nanch;
	long i;

	r->text.len = 0;
	if (r->text.p != NULL)
		r->text.p[0] = '\0';
	r->space = 0;
	r->block = r->nblocks;
	if (label != NULL) {
		collect(r, label);
		label_sep(r);
	}
	if (content != NULL)
		collect(r, content);
	r->block = -1;
	if (r->oom)
		return;
	if (!r->own && r->text.len == 0) {
		/* Empty in other TEI: nothing to keep; its empty anchors float. */
		for (size_t k = first; k < r->nanch; k++)
			r->anch[k].block = -1;
		return;
	}
	i = host->block_add(r->doc, kind, tei_buf_str(&r->text), r->text.len);
	if (i < 0) {
		r->oom = 1;
		return;
	}
	r->nblocks = i + 1;
}

static void block(struct rd *r, int kind, xmlNodePtr content)
{
	block_labelled(r, kind, NULL, content);
}

static int head_kind(xmlNodePtr n)
{
	if (attr_is(n, "type", TEI_HEAD_TITLE))
		return CC_BLOCK_TITLE;
	if (attr_is(n, "type", TEI_HEAD_SUBTITLE))
		return CC_BLOCK_SUBTITLE;
	return CC_BLOCK_HEADING;
}

/* A caption's text: figDesc, or in other TEI the figure's head or p. */
static void figure(struct rd *r, xmlNodePtr fig)
{
	xmlNodePtr t = first_el(fig, "figDesc");

	if (!r->own) {
		xmlNodePtr h = first_el(fig, "head");

		if (h == NULL)
			h = first_el(fig, "p");
		if (h != NULL)
			t = h;
	}
	if (t != NULL)
		block(r, CC_BLOCK_CAPTION, t);
}

static int is_any(xmlNodePtr n, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (is_el(n, names[i]))
			return 1;
	return 0;
}

/*
 * A list: its head a heading, each item a paragraph, with the label before
 * it (a glossary's term, a contents' "Stave I") on the same line; a label
 * no item follows is a paragraph of its own.
 */
static void list(struct rd *r, xmlNodePtr n)
{
	xmlNodePtr label = NULL;

	for (xmlNodePtr k = n->children; k != NULL && !r->oom; k = k->next) {
		if (is_el(k, "item")) {
			block_labelled(r, CC_BLOCK_PARAGRAPH, label, k);
			label = NULL;
			continue;
		}
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (label != NULL)
			block(r, CC_BLOCK_PARAGRAPH, label);
		label = NULL;
		if (is_el(k, "label"))
			label = k;
		else if (is_el(k, "head"))
			block(r, CC_BLOCK_HEADING, k);
		else if (!is_silent(k))
			skipped(r, xs(k->name));
	}
	if (label != NULL)
		block(r, CC_BLOCK_PARAGRAPH, label);
}

/* Walks a structural element (body, div, front, ...), a block per child. */
static void walk(struct rd *r, xmlNodePtr node)
{
	static const char *const containers[] = {
		"div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "body",
		"front", "group", "text", "titlePage", "docTitle", "opener", "closer",
		"argument", "epigraph", "postscript", "floatingText", "sp", NULL
	};
	static const char *const paragraphs[] = {
		"p", "ab", "trailer", "salute", "signed", "quote", "lg", "l", "speaker",
		"docImprint", "docEdition", NULL
	};

	for (xmlNodePtr c = node->children; c != NULL && !r->oom; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)c->content;

			if (s != NULL && s[strspn(s, " \t\r\n")] != '\0')
				skipped(r, "text outside paragraphs");
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && strcmp(xs(c->ns->href), TEI_NS) != 0)
			skipped(r, xs(c->name));
		else if (is_any(c, containers))
			walk(r, c);
		else if (is_el(c, "head"))
			block(r, head_kind(c), c);
		else if (is_any(c, paragraphs))
			block(r, CC_BLOCK_PARAGRAPH, c);
		else if (is_el(c, "dateline") || is_el(c, "docDate"))
			block(r, CC_BLOCK_DATELINE, c);
		else if (is_el(c, "byline") || is_el(c, "docAuthor"))
			block(r, CC_BLOCK_BYLINE, c);
		else if (is_el(c, "titlePart"))
			block(r, attr_is(c, "type", "sub") ? CC_BLOCK_SUBTITLE : CC_BLOCK_TITLE, c);
		else if (is_el(c, "figure"))
			figure(r, c);
		else if (is_el(c, "note") && attr_is(c, "type", TEI_NOTE_BOILER))
			block(r, CC_BLOCK_BOILERPLATE, c);
		else if (is_el(c, "list"))
			list(r, c);
		else if (!is_silent(c))
			skipped(r, xs(c->name));
	}
}

/* ---- metadata ------------------------------------------------------------------ */

static void meta_add(struct rd *r, const char *key, xmlNodePtr n)
{
	char *v = text_of(r, n);

	if (v == NULL)
		return;
	/* Other TEI's empty <title/> or <date/> states nothing: keep nothing. */
	if (!r->own && *v == '\0') {
		free(v);
		return;
	}
	if (host->meta_add(r->doc, key, v) != 0)
		r->oom = 1;
	free(v);
}

/* Our own output: every key in order, from sourceDesc/bibl. */
static void read_bibl(struct rd *r, xmlNodePtr bibl)
{
	for (xmlNodePtr c = bibl ? bibl->children : NULL; c != NULL && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "title"))
			meta_add(r, attr_is(c, "type", TEI_HEAD_SUBTITLE) ? "subtitle" : "title", c);
		else if (is_el(c, "author"))
			meta_add(r, "author", c);
		else if (is_el(c, "date"))
			meta_add(r, "date", c);
		else if (is_el(c, "publisher"))
			meta_add(r, "publisher", c);
		else if (is_el(c, "idno") && attr_is(c, "type", TEI_IDNO_SOURCE))
			meta_add(r, "source", c);
		else if (is_el(c, "textLang"))
			meta_add(r, "language", c);
		else if (is_el(c, "note") && attr_is(c, "type", TEI_NOTE_META) && attr(c, "n"))
			meta_add(r, attr(c, "n"), c);
		else
			skipped(r, xs(c->name));
	}
}

/* A date: @when (ISO 8601) when given, else the words. */
static void meta_date(struct rd *r, xmlNodePtr d)
{
	const char *when = attr(d, "when");

	if (host->meta_find(r->doc, "date") != NULL)
		return;
	if (when != NULL && *when != '\0') {
		if (host->meta_add(r->doc, "date", when) != 0)
			r->oom = 1;
	} else {
		meta_add(r, "date", d);
	}
}

/* Other TEI: titles and authors from titleStmt, publisher and date from
 * publicationStmt or the source's bibl, the language from profileDesc. */
static void read_foreign_meta(struct rd *r, xmlNodePtr header, xmlNodePtr tei)
{
	xmlNodePtr fd = first_el(header, "fileDesc");
	xmlNodePtr ts = first_el(fd, "titleStmt"), ps = first_el(fd, "publicationStmt");
	xmlNodePtr sd = first_el(fd, "sourceDesc");
	xmlNodePtr lu = first_el(first_el(header, "profileDesc"), "langUsage");
	const char *lang = attr(first_el(lu, "language"), "ident");

	for (xmlNodePtr c = ts ? ts->children : NULL; c != NULL; c = c->next)
		if (is_el(c, "title")) {
			const char *type = attr(c, "type");

			if (type == NULL || strcmp(type, "main") == 0)
				meta_add(r, "title", c);
			else if (strcmp(type, "sub") == 0)
				meta_add(r, "subtitle", c);
		}
	for (xmlNodePtr c = ts ? ts->children : NULL; c != NULL; c = c->next)
		if (is_el(c, "author"))
			meta_add(r, "author", c);
	for (xmlNodePtr c = ps ? ps->children : NULL; c != NULL; c = c->next) {
		if (is_el(c, "publisher") && host->meta_find(r->doc, "publisher") == NULL)
			meta_add(r, "publisher", c);
		else if (is_el(c, "date"))
			meta_date(r, c);
	}
	for (xmlNodePtr b = sd ? sd->children : NULL; b != NULL; b = b->next) {
		if (!is_el(b, "bibl"))
			continue;
		for (xmlNodePtr c = b->children; c != NULL; c = c->next) {
			if (is_el(c, "publisher") && host->meta_find(r->doc, "publisher") == NULL)
				meta_add(r, "publisher", c);
			else if (is_el(c, "date"))
				meta_date(r, c);
		}
	}
	if (lang == NULL)
		lang = attr_in(tei, "lang", 1);
	if (lang == NULL)
		lang = attr_in(first_el(tei, "text"), "lang", 1);
	if (lang != NULL && *lang != '\0' && host->meta_add(r->doc, "language", lang) != 0)
		r->oom = 1;
}

/*
 * revisionDesc: each <change> (directly or in listChange) becomes one
 * TEI_META_CHANGE value "WHEN<TAB>WHO<TAB>TEXT", so the writer writes the
 * history back.  WHO is TEI_CHANGE_BY_US for a change whose @who points at
 * our own application element, else empty: other TEI's pointers would
 * dangle in our output, so they are not kept.
 */
static void read_changes(struct rd *r, xmlNodePtr n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL && !r->oom; c = c->next) {
		const char *when, *who;
		char canon[64], *text;
		int ours;
		struct tei_buf v = { 0 };

		if (is_el(c, "listChange")) {
			read_changes(r, c);
			continue;
		}
		if (!is_el(c, "change"))
			continue;
		when = attr(c, "when");
		who = attr(c, "who");
		ours = r->own && who != NULL && who[0] == '#' &&
		       strcmp(local_id(r, who + 1), TEI_APP_LOCAL) == 0;
		if (when != NULL && !tei_w3c_date(when, canon))
			when = NULL;
		text = text_of(r, c);
		if (text == NULL)
			return;
		if ((when != NULL && tei_buf_add(&v, when, strlen(when)) != 0) ||
		    tei_buf_addc(&v, '\t') != 0 ||
		    (ours && tei_buf_add(&v, TEI_CHANGE_BY_US, strlen(TEI_CHANGE_BY_US)) != 0) ||
		    tei_buf_addc(&v, '\t') != 0 || tei_buf_add(&v, text, strlen(text)) != 0 ||
		    host->meta_add(r->doc, TEI_META_CHANGE, v.p) != 0)
			r->oom = 1;
		tei_buf_free(&v);
		free(text);
	}
}

/* ---- persons --------------------------------------------------------------------- */

/* The first descendant of n named name, not looking inside `stop`. */
static xmlNodePtr find_el(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next) {
		xmlNodePtr f;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, name))
			return c;
		f = find_el(c, name);
		if (f != NULL)
			return f;
	}
	return NULL;
}

static void read_person(struct rd *r, xmlNodePtr e, int kind)
{
	struct cc_person p = { 0 };
	const char *n = r->own ? attr(e, "n") : NULL;
	xmlNodePtr name, role, affil;
	char *sname = NULL, *srole = NULL, *saffil = NULL;

	p.kind = kind;
	p.id = n != NULL ? n : local_id(r, attr_in(e, "id", 1));
	name = first_el(e, kind == CC_PERSON_ORG ? "orgName" : "persName");
	if (name == NULL)
		name = first_el(e, "name");
	if (name == NULL && kind == CC_PERSON_ORG)
		name = first_el(e, "persName");
	role = kind == CC_PERSON_ORG ? first_el(e, "roleName") : find_el(first_el(e, "occupation"), "roleName");
	if (role == NULL && !r->own) {
		role = first_el(e, "occupation");
		if (role == NULL)
			role = find_el(e, "roleName");
	}
	affil = first_el(e, "affiliation");
	if (affil == NULL && kind == CC_PERSON_ORG) {
		for (xmlNodePtr c = e->children; c != NULL && affil == NULL; c = c->next)
			if (is_el(c, "note") && attr_is(c, "type", TEI_NOTE_AFFIL))
				affil = c;
	}
	if ((name && (sname = text_of(r, name)) == NULL) ||
	    (role && (srole = text_of(r, role)) == NULL) ||
	    (affil && (saffil = text_of(r, affil)) == NULL))
		goto out_free;
	p.name = sname;
	p.role = srole;
	p.affiliation = saffil;
	if (p.id != NULL && host->person_find(r->doc, p.id) >= 0) {
		skipped(r, "duplicate person id");
		p.id = NULL;
	}
	if (host->person_add(r->doc, &p) < 0)
		r->oom = 1;
out_free:
	free(sname);
	free(srole);
	free(saffil);
}

/* Every person, group and organisation listed in the header. */
static void read_persons(struct rd *r, xmlNodePtr n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL && !r->oom; c = c->next) {
		if (is_el(c, "person"))
			read_person(r, c, CC_PERSON);
		else if (is_el(c, "personGrp"))
			read_person(r, c, CC_PERSON_GROUP);
		else if (is_el(c, "org"))
			read_person(r, c, CC_PERSON_ORG);
		else if (c->type == XML_ELEMENT_NODE)
			read_persons(r, c);
	}
}

/* ---- statements --------------------------------------------------------------------- */

static int anchor_cmp(const void *pa, const void *pb)
{
	const struct anchor *const *a = pa, *const *b = pb;
	const char *x = (*a)->xid ? (*a)->xid : "", *y = (*b)->xid ? (*b)->xid : "";

	return strcmp(x, y);
}

static struct anchor *anchor_find(struct anchor **sorted, size_t n, const char *xid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp((sorted[mid]->xid ? sorted[mid]->xid : ""), xid);

		if (c == 0)
			return sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int anchor_kind(xmlNodePtr n)
{
	if (is_el(n, "q"))
		return CC_STATEMENT_PARTIAL;
	return attr_is(n, "direct", "false") ? CC_STATEMENT_INDIRECT : CC_STATEMENT_DIRECT;
}

/* The <f name=...> of an fs, or NULL. */
static xmlNodePtr f_find(xmlNodePtr fs, const char *name)
{
	for (xmlNodePtr c = fs->children; c != NULL; c = c->next)
		if (is_el(c, "f") && attr_is(c, "name", name))
			return c;
	return NULL;
}

/* The next element after n among its siblings, or NULL. */
static xmlNodePtr next_el(xmlNodePtr n)
{
	for (n = n != NULL ? n->next : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/*
 * Adds statement idx's confidence, from @cert of its <said>/<q> `el`, and
 * its why, from `after` when that is a note[@type="why"] (the element that
 * follows its record), as the extra fields they were written from.  A
 * @cert that is no decimal from 0 to 1 (other TEI's "high") is skipped:
 * a confidence column could not hold it.  Either may be NULL.
 */
static void read_markup_extras(struct rd *r, size_t idx, xmlNodePtr el, xmlNodePtr after)
{
	const char *cert = attr(el, "cert");

	if (cert != NULL && !tei_confidence_ok(cert))
		skipped(r, "@cert that is no number from 0 to 1");
	else if (cert != NULL &&
	         host->statement_extra_add(r->doc, idx, TEI_EXTRA_CONFIDENCE, cert) != 0)
		r->oom = 1;
	if (is_el(after, "note") && attr_is(after, "type", TEI_NOTE_WHY)) {
		char *why = text_of(r, after);

		if (why == NULL ||
		    host->statement_extra_add(r->doc, idx, TEI_EXTRA_WHY, why) != 0)
			r->oom = 1;
		free(why);
	}
}

static char *f_string(struct rd *r, xmlNodePtr fs, const char *name, int *err)
{
	xmlNodePtr f = f_find(fs, name), s;
	char *v;

	if (f == NULL)
		return NULL;
	s = first_el(f, "string");
	v = text_of(r, s != NULL ? s : f);
	if (v == NULL)
		*err = 1;
	return v;
}

static int f_number(xmlNodePtr fs, const char *name, long long *out)
{
	xmlNodePtr f = f_find(fs, name);
	const char *v = attr(first_el(f, "numeric"), "value");
	char *end;

	if (v == NULL)
		return 0;
	*out = strtoll(v, &end, 10);
	return *end == '\0' && end != v;
}

/* One <fs type="statement"> record, with the <said>/<q> it points to. */
static void read_record(struct rd *r, xmlNodePtr fs, struct anchor **sorted, size_t nsorted)
{
	struct cc_statement s = { 0 };
	const char *corresp = attr(fs, "corresp");
	struct anchor *a = NULL;
	char *speaker = NULL, *person = NULL, *role = NULL, *cue = NULL;
	int err = 0, kind;
	long long v;
	long idx;

	if (corresp != NULL && corresp[0] == '#')
		a = anchor_find(sorted, nsorted, corresp + 1);
	s.id = attr(fs, "n");
	kind = host->statement_kind_parse(attr(first_el(f_find(fs, "kind"), "symbol"), "value"));
	s.kind = kind >= 0 ? kind : a != NULL ? anchor_kind(a->node) : CC_STATEMENT_DIRECT;
	speaker = f_string(r, fs, "speaker", &err);
	person = f_string(r, fs, "person", &err);
	role = f_string(r, fs, "role", &err);
	cue = f_string(r, fs, "cue", &err);
	if (err) {
		r->oom = 1;
		goto out_free;
	}
	s.speaker = speaker;
	s.person = person;
	s.role = role;
	s.cue = cue;
	s.quote = a != NULL ? a->quote : "";
	s.block = -1;
	if (a != NULL && a->block >= 0) {
		s.block = a->block;
		s.start = a->start;
		s.end = a->end;
	} else if (f_number(fs, "block", &v) && v >= 0 && v <= LONG_MAX) {
		long long st = 0, en = 0;

		s.block = (long)v;
		if (f_number(fs, "start", &st) && st >= 0)
			s.start = (size_t)st;
		if (f_number(fs, "end", &en) && en >= 0)
			s.end = (size_t)en;
		if (s.start > s.end)
			s.end = s.start;
	}
	if (a != NULL)
		a->used = 1;
	else
		skipped(r, "statement record without its quote");
	if (s.id != NULL && !tei_utf8_valid(s.id, strlen(s.id)))
		s.id = NULL;
	idx = host->statement_add(r->doc, &s);
	if (idx < 0 && s.id != NULL) {
		skipped(r, "duplicate statement id");
		s.id = NULL;
		idx = host->statement_add(r->doc, &s);
	}
	if (idx < 0) {
		r->oom = 1;
		goto out_free;
	}
	read_markup_extras(r, (size_t)idx, a != NULL ? a->node : NULL, next_el(fs));
	for (xmlNodePtr c = fs->children; c != NULL && !r->oom; c = c->next) {
		const char *key = attr(c, "n");
		xmlNodePtr str;
		char *val;

		if (!is_el(c, "f") || !attr_is(c, "name", "extra") || key == NULL)
			continue;
		str = first_el(c, "string");
		val = text_of(r, str != NULL ? str : c);
		if (val == NULL || host->statement_extra_add(r->doc, (size_t)idx, key, val) != 0)
			r->oom = 1;
		free(val);
	}
out_free:
	free(speaker);
	free(person);
	free(role);
	free(cue);
}

/*
 * The name behind a @who that points at no listed person: the element of
 * the same XML file whose xml:id is xid, when it names someone (a
 * persName, name or orgName: its text; a person, personGrp or org: its
 * persName, orgName or name).  Returns a malloc'd string the caller
 * frees, or NULL when there is no such name (or memory ran out: r->oom).
 */
static char *pointed_name(struct rd *r, xmlNodePtr from, const char *xid)
{
	xmlAttrPtr id = xmlGetID(from->doc, (const xmlChar *)xid);
	xmlNodePtr e = id != NULL ? id->parent : NULL, name = NULL;
	char *text;

	if (is_el(e, "persName") || is_el(e, "name") || is_el(e, "orgName")) {
		name = e;
	} else if (is_el(e, "person") || is_el(e, "personGrp") || is_el(e, "org")) {
		name = first_el(e, "persName");
		if (name == NULL)
			name = first_el(e, "orgName");
		if (name == NULL)
			name = first_el(e, "name");
	}
	if (name == NULL)
		return NULL;
	text = text_of(r, name);
	if (text != NULL && *text == '\0') {
		free(text);
		text = NULL;
	}
	return text;
}

/* A <said>/<q> with no record: a statement from its own markup. */
static void read_anchor(struct rd *r, struct anchor *a)
{
	struct cc_statement s = { 0 };
	const char *who = attr(a->node, "who");
	char *target = NULL, *name = NULL;
	long idx;

	s.id = local_id(r, a->xid);
	s.kind = anchor_kind(a->node);
	s.quote = a->quote;
	s.block = a->block;
	s.start = a->block >= 0 ? a->start : 0;
	s.end = a->block >= 0 ? a->end : 0;
	if (who != NULL) {
		/* The first pointer; the part after '#' names the person. */
		size_t n = strcspn(who, " \t\r\n");
		const char *hash = memchr(who, '#', n);

		if (hash != NULL) {
			n -= (size_t)(hash + 1 - who);
			who = hash + 1;
		}
		target = strndup(who, n);
		if (target == NULL) {
			r->oom = 1;
			return;
		}
		if (*target != '\0') {
			const char *pid = local_id(r, target);
			long p = host->person_find(r->doc, pid);
			struct cc_person per;

			if (p >= 0 && host->person_get(r->doc, (size_t)p, &per) == 0) {
				s.person = per.id;
				s.speaker = per.name;
				s.role = per.role;
			} else {
				/* An id in the text or a list outside the
				 * header, else the bare id. */
				name = pointed_name(r, a->node, target);
				if (r->oom)
					goto out_free;
				s.speaker = name != NULL ? name : target;
			}
		}
	}
	idx = host->statement_add(r->doc, &s);
	if (idx < 0 && s.id != NULL) {
		s.id = NULL; /* an id the document already uses */
		idx = host->statement_add(r->doc, &s);
	}
	if (idx < 0)
		r->oom = 1;
	else
		read_markup_extras(r, (size_t)idx, a->node, NULL);
out_free:
	free(name);
	free(target);
}

/* The statements div of our own output's <back>, or NULL. */
static xmlNodePtr statements_div(struct rd *r, xmlNodePtr back)
{
	xmlNodePtr div = NULL;

	for (xmlNodePtr c = back ? back->children : NULL; c != NULL; c = c->next)
		if (is_el(c, "div") && attr_is(c, "type", TEI_DIV_STATEMENTS))
			div = c;
		else if (c->type == XML_ELEMENT_NODE)
			skipped(r, xs(c->name));
	return div;
}

/* Our own output's statements: the quotes in the <back> div (div, or
 * NULL) of those not marked in a block, then the records, in the
 * <standOff> (so, or NULL) and, in TEI written before it had one, in the
 * div. */
static void read_statements(struct rd *r, xmlNodePtr div, xmlNodePtr so)
{
	struct anchor **sorted = NULL;
	size_t n = 0;

	/* The quotes of statements not marked in a block. */
	for (xmlNodePtr c = div ? div->children : NULL; c != NULL && !r->oom; c = c->next)
		if (is_el(c, "p")) {
			struct tei_buf saved = r->text;

			r->text = (struct tei_buf){ 0 };
			r->block = -1;
			collect(r, c);
			tei_buf_free(&r->text);
			r->text = saved;
		}
	if (r->nanch > 0) {
		sorted = malloc(r->nanch * sizeof(*sorted));
		if (sorted == NULL) {
			r->oom = 1;
			return;
		}
		for (size_t i = 0; i < r->nanch; i++)
			if (r->anch[i].xid != NULL)
				sorted[n++] = &r->anch[i];
		qsort(sorted, n, sizeof(*sorted), anchor_cmp);
	}
	for (xmlNodePtr c = div ? div->children : NULL; c != NULL && !r->oom; c = c->next)
		if (is_el(c, "fs") && attr_is(c, "type", TEI_FS_STATEMENT))
			read_record(r, c, sorted, n);
	for (xmlNodePtr c = so ? so->children : NULL; c != NULL && !r->oom; c = c->next)
		if (is_el(c, "fs") && attr_is(c, "type", TEI_FS_STATEMENT))
			read_record(r, c, sorted, n);
	free(sorted);
}

/* ---- documents ------------------------------------------------------------------------ */

/* Was this TEI written by corpusconv?  Then it is read back exactly. */
static int written_by_us(xmlNodePtr header)
{
	xmlNodePtr ai = first_el(first_el(header, "encodingDesc"), "appInfo");

	for (xmlNodePtr c = ai ? ai->children : NULL; c != NULL; c = c->next)
		if (is_el(c, "application") && attr_is(c, "ident", TEI_APP_IDENT))
			return 1;
	return 0;
}

static void rd_free(struct rd *r)
{
	for (size_t i = 0; i < r->nanch; i++)
		free(r->anch[i].quote);
	free(r->anch);
	tei_buf_free(&r->text);
}

/* Reads one <TEI> and emits its document.  Returns a CC_* code. */
static int read_tei(cc_ctx *ctx, xmlNodePtr tei)
{
	struct rd r = { .ctx = ctx, .block = -1 };
	xmlNodePtr header = first_el(tei, "teiHeader"), text = first_el(tei, "text");
	xmlNodePtr div = NULL, so = NULL; /* our statements: <back> div, <standOff> */
	const char *id;
	int rc = CC_OK;

	r.own = written_by_us(header);
	/* Our output for zero documents: nothing to read. */
	if (r.own && attr_is(tei, "type", TEI_EMPTY_CORPUS))
		return CC_OK;
	r.docxid = attr_in(tei, "id", 1);
	id = r.own && attr(tei, "n") ? attr(tei, "n") : r.docxid;
	r.doc = host->doc_new(ctx, id && *id ? id : NULL);
	if (r.doc == NULL)
		return host->report(ctx, CC_FAILED, tei->line, 0, "out of memory");
	if (r.own)
		read_bibl(&r, first_el(first_el(first_el(header, "fileDesc"), "sourceDesc"), "bibl"));
	else
		read_foreign_meta(&r, header, tei);
	read_changes(&r, first_el(header, "revisionDesc"));
	read_persons(&r, header);
	if (text == NULL)
		skipped(&r, "TEI without <text>");
	for (xmlNodePtr c = text ? text->children : NULL; c != NULL && !r.oom; c = c->next) {
		if (is_el(c, "front") || is_el(c, "body") || is_el(c, "group"))
			walk(&r, c);
		else if (is_el(c, "back") && r.own)
			div = statements_div(&r, c);
		else if (c->type == XML_ELEMENT_NODE)
			skipped(&r, xs(c->name));
	}
	if (r.own) {
		for (xmlNodePtr c = tei->children; c != NULL; c = c->next)
			if (is_el(c, "standOff") && attr_is(c, "type", TEI_DIV_STATEMENTS))
				so = c;
		if (div != NULL || so != NULL)
			read_statements(&r, div, so);
	}
	/* Markup with no record: other TEI, or a hand-edited file. */
	for (size_t i = 0; i < r.nanch && !r.oom; i++)
		if (!r.anch[i].used)
			read_anchor(&r, &r.anch[i]);
	if (r.oom) {
		rc = host->report(ctx, CC_FAILED, tei->line, 0,
		                  "out of memory (or a block the host refused) reading document %s",
		                  host->doc_id(r.doc));
		host->doc_free(r.doc);
		goto out_free;
	}
	rc = report_skipped(&r);
	{
		int erc = host->emit(ctx, r.doc);

		if (erc < rc)
			rc = erc;
	}
out_free:
	rd_free(&r);
	return rc;
}

static int worse(int a, int b)
{
	return a < b ? a : b;
}

static int read_corpus(cc_ctx *ctx, xmlNodePtr corpus)
{
	int rc = CC_OK;

	for (xmlNodePtr c = corpus->children; c != NULL; c = c->next) {
		if (is_el(c, "TEI"))
			rc = worse(rc, read_tei(ctx, c));
		else if (is_el(c, "teiCorpus"))
			rc = worse(rc, read_corpus(ctx, c));
		if (rc == CC_FATAL)
			break;
	}
	return rc;
}

int tei_read(cc_ctx *ctx, cc_in *in)
{
	size_t len;
	const unsigned char *data = host->in_data(in, &len);
	xmlDocPtr xd = parse(ctx, host->in_name(in), data, len);
	xmlNodePtr root;
	int rc;

	if (xd == NULL)
		return CC_FAILED;
	root = xmlDocGetRootElement(xd);
	if (is_el(root, "TEI") || is_el(root, "TEI.2")) {
		rc = read_tei(ctx, root);
	} else if (is_el(root, "teiCorpus")) {
		rc = read_corpus(ctx, root);
	} else {
		rc = host->report(ctx, CC_FAILED, root ? root->line : 0, 0,
		                  "not TEI: the root element is <%s>",
		                  root ? xs(root->name) : "?");
	}
	xmlFreeDoc(xd);
	return rc;
}
