/*
 * write.c: the TEI writer.  Each document becomes a libxml2 tree (a <TEI>
 * with a full teiHeader, the blocks in <body>, the statements marked where
 * they are anchored and recorded in <back>), serialised through an
 * xmlTextWriter into the host's output; two documents or more make a
 * <teiCorpus>, none a <TEI type="empty-corpus">.  The header's revisionDesc
 * carries the document's change history plus, once, an entry for the
 * conversion whose words and date depend only on the input and options.
 * formats/tei/README.md documents the mapping.
 *
 * It must never build XML with printf (every element, attribute and text
 * node goes through libxml2), never print, never write anything that is not
 * well-formed XML 1.0, and never drop a piece of the document: what has no
 * natural TEI place goes to a record the reader (read.c) reads back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "tei.h"

static const struct cc_host *host;

void tei_write_init(const struct cc_host *h)
{
	host = h;
}

/* ---- the output stream -------------------------------------------------- */

/* libxml2's output callbacks, writing to the host's stream. */
struct tei_io {
	cc_out *out;
	int failed; /* out_write failed (the host reported why) */
};

static int io_write(void *user, const char *buf, int len)
{
	struct tei_io *io = user;

	if (io->failed)
		return -1;
	if (len > 0 && host->out_write(io->out, buf, (size_t)len) != CC_OK) {
		io->failed = 1;
		return -1;
	}
	return len;
}

static int io_close(void *user)
{
	(void)user;
	return 0;
}

/*
 * One output.  The first document is held as a tree until a second one
 * comes (then the output is a teiCorpus) or the output ends (then it is a
 * lone TEI document).
 */
struct tei_writer {
	cc_ctx *ctx;
	struct tei_io io;
	xmlOutputBufferPtr ob;    /* owned by tw */
	xmlTextWriterPtr tw;      /* NULL until output starts */
	xmlDocPtr first;          /* owned; the held first document */
	size_t ndocs;             /* documents written or held */
	struct tei_idset docids;  /* every TEI/@xml:id given out */
	char change_date[16];     /* @when of a new change entry, or "" */
};

/* ---- tree building with a sticky error ---------------------------------- */

/*
 * What building one document needs.  Every helper is a no-op once `oom` or
 * `bad` is set, or when handed a NULL parent, so the builders read
 * straight; the caller checks the flags once at the end.
 */
struct build {
	cc_ctx *ctx;
	const cc_doc *doc;
	xmlDocPtr xd;
	xmlNsPtr ns;            /* the TEI namespace */
	xmlNsPtr xmlns;         /* the xml: namespace */
	char *docxid;           /* the TEI's xml:id (malloc) */
	char *appxid;           /* application/@xml:id, "DOC.corpusconv" (malloc) */
	const char *change_date; /* borrowed from the writer: "" or YYYY-MM-DD */
	struct tei_idset ids;   /* local ids given out in this document */
	char **pxid;            /* xml:id of each person (malloc, each malloc) */
	size_t npersons;
	int oom;                /* memory ran out */
	const char *bad;        /* element whose text was not valid UTF-8 */
	int repaired;           /* an attribute value lost a character XML cannot hold */
};

static xmlNodePtr child(struct build *b, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	if (parent == NULL || b->oom || b->bad)
		return NULL;
	n = xmlNewChild(parent, b->ns, (const xmlChar *)name, NULL);
	if (n == NULL)
		b->oom = 1;
	return n;
}

static void add_raw_text(struct build *b, xmlNodePtr parent, const char *s, size_t len)
{
	xmlNodePtr t;

	if (len == 0)
		return;
	if (len > (size_t)INT32_MAX) {
		b->oom = 1;
		return;
	}
	t = xmlNewDocTextLen(b->xd, (const xmlChar *)s, (int)len);
	if (t == NULL || xmlAddChild(parent, t) == NULL) {
		xmlFreeNode(t);
		b->oom = 1;
	}
}

static void set_attr(struct build *b, xmlNodePtr node, const char *name, const char *value);

/*
 * libxml2 indents inside an element whose children are all elements.  An
 * element that holds text of ours gets an empty text node first, so the
 * serialiser sees mixed content and adds no white space to it.
 */
static void keep_mixed(struct build *b, xmlNodePtr node)
{
	xmlNodePtr t;

	if (node == NULL || b->oom || b->bad || node->children != NULL)
		return;
	t = xmlNewDocText(b->xd, (const xmlChar *)"");
	if (t == NULL || xmlAddChild(node, t) == NULL) {
		xmlFreeNode(t);
		b->oom = 1;
	}
}

/*
 * Appends s[0..len) to parent as text.  A character XML 1.0 cannot hold
 * (a control character) becomes <g type="control" n="U+XXXX"/> (inside
 * <hi rend="control"> in a figDesc), which the reader turns back into the
 * character.
 */
static void add_text(struct build *b, xmlNodePtr parent, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	if (parent == NULL || b->oom || b->bad)
		return;
	if (!tei_utf8_valid(s, len)) {
		b->bad = (const char *)parent->name;
		return;
	}
	while (i < len) {
		unsigned long cp;
		size_t n = tei_utf8_decode(s + i, len - i, &cp);
		char code[16];
		xmlNodePtr g;

		if (tei_xml_char_ok(cp)) {
			i += n;
			continue;
		}
		add_raw_text(b, parent, s + run, i - run);
		keep_mixed(b, parent);
		/* figDesc admits no <g>; a <hi> around it is allowed there. */
		if (strcmp((const char *)parent->name, "figDesc") == 0) {
			xmlNodePtr hi = child(b, parent, "hi");

			set_attr(b, hi, "rend", TEI_G_CONTROL);
			g = child(b, hi, "g");
		} else {
			g = child(b, parent, "g");
		}
		snprintf(code, sizeof(code), "U+%04lX", cp);
		set_attr(b, g, "type", TEI_G_CONTROL);
		set_attr(b, g, "n", code);
		i += n;
		run = i;
	}
	add_raw_text(b, parent, s + run, i - run);
}

static xmlNodePtr text_child(struct build *b, xmlNodePtr parent, const char *name,
                             const char *value)
{
	xmlNodePtr n = child(b, parent, name);

	if (value != NULL)
		add_text(b, n, value, strlen(value));
	return n;
}

/*
 * Sets an attribute.  Attribute values cannot use the <g> escape, so a
 * character XML cannot hold becomes U+FFFD (and the document is reported
 * as repaired); text that is not UTF-8 fails the document.
 */
static void set_attr(struct build *b, xmlNodePtr node, const char *name, const char *value)
{
	size_t len = strlen(value), i = 0;
	struct tei_buf clean = { 0 };
	const char *v = value;

	if (node == NULL || b->oom || b->bad)
		return;
	if (!tei_utf8_valid(value, len)) {
		b->bad = name;
		return;
	}
	while (i < len) {
		unsigned long cp;
		size_t n = tei_utf8_decode(value + i, len - i, &cp);

		if (tei_xml_char_ok(cp)) {
			if (clean.p != NULL && tei_buf_add(&clean, value + i, n) != 0)
				b->oom = 1;
		} else {
			if (clean.p == NULL && tei_buf_add(&clean, value, i) != 0)
				b->oom = 1;
			if (tei_buf_add(&clean, "\xEF\xBF\xBD", 3) != 0)
				b->oom = 1;
			b->repaired = 1;
		}
		i += n;
	}
	if (clean.p != NULL)
		v = clean.p;
	if (!b->oom && xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)v) == NULL)
		b->oom = 1;
	tei_buf_free(&clean);
}

static void set_xml_id(struct build *b, xmlNodePtr node, const char *id)
{
	if (node == NULL || b->oom || b->bad)
		return;
	if (xmlNewNsProp(node, b->xmlns, (const xmlChar *)"id", (const xmlChar *)id) == NULL)
		b->oom = 1;
}

/* Sets name="#id" (a local pointer). */
static void set_ptr(struct build *b, xmlNodePtr node, const char *name, const char *id)
{
	struct tei_buf v = { 0 };

	if (tei_buf_addc(&v, '#') != 0 || tei_buf_add(&v, id, strlen(id)) != 0)
		b->oom = 1;
	else
		set_attr(b, node, name, v.p);
	tei_buf_free(&v);
}

static void set_num(struct build *b, xmlNodePtr node, const char *name, unsigned long long v,
                    int negative)
{
	char num[32];

	snprintf(num, sizeof(num), "%s%llu", negative ? "-" : "", v);
	set_attr(b, node, name, num);
}

/* ---- ids -------------------------------------------------------------------- */

/*
 * The TEI's xml:id.  Document xml:ids never contain '.', so every local id
 * ("DOC.p1") has exactly one document prefix and ids stay unique across a
 * teiCorpus.  An id that had to change is kept in TEI/@n.  Returns a malloc'd
 * string or NULL (out of memory); *changed says whether it differs.
 */
static char *doc_xml_id(struct tei_writer *w, const char *id, int *changed)
{
	struct tei_buf x = { 0 };
	size_t base;
	char *out = NULL;

	*changed = 0;
	if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z') || id[0] == '_')) {
		if (tei_buf_addc(&x, 'd') != 0)
			goto out_free;
		*changed = 1;
	}
	for (const char *p = id; *p; p++) {
		char c = *p;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-')) {
			c = '_';
			*changed = 1;
		}
		if (tei_buf_addc(&x, c) != 0)
			goto out_free;
	}
	base = x.len;
	for (unsigned long k = 2; tei_idset_has(&w->docids, x.p); k++) {
		char suffix[32];

		snprintf(suffix, sizeof(suffix), "-%lu", k);
		x.len = base;
		if (tei_buf_add(&x, suffix, strlen(suffix)) != 0)
			goto out_free;
		*changed = 1;
	}
	if (tei_idset_add(&w->docids, x.p) < 0)
		goto out_free;
	out = x.p;
	x.p = NULL;
out_free:
	tei_buf_free(&x);
	return out;
}

/*
 * A local xml:id "DOC.local", or when that is no NCName or already given
 * out in this document, "DOC.<kind>-N".  Returns a malloc'd string or NULL;
 * *changed says whether the local part was kept.
 */
static char *local_xml_id(struct build *b, const char *local, const char *kind, int *changed)
{
	struct tei_buf x = { 0 };
	size_t base;
	char *out = NULL;

	*changed = 0;
	if (tei_buf_add(&x, b->docxid, strlen(b->docxid)) != 0 || tei_buf_addc(&x, '.') != 0)
		goto out_free;
	base = x.len;
	if (local != NULL && tei_buf_add(&x, local, strlen(local)) != 0)
		goto out_free;
	if (local == NULL || !tei_is_ncname(x.p) || tei_idset_has(&b->ids, x.p)) {
		for (unsigned long k = 1; ; k++) {
			char suffix[48];

			snprintf(suffix, sizeof(suffix), "%s-%lu", kind, k);
			x.len = base;
			if (tei_buf_add(&x, suffix, strlen(suffix)) != 0)
				goto out_free;
			if (!tei_idset_has(&b->ids, x.p))
				break;
		}
		*changed = 1;
	}
	if (tei_idset_add(&b->ids, x.p) < 0)
		goto out_free;
	out = x.p;
	x.p = NULL;
out_free:
	tei_buf_free(&x);
	return out;
}

/* ---- teiHeader ------------------------------------------------------------ */

static void write_app_info(struct build *b, xmlNodePtr header, const char *xid)
{
	xmlNodePtr app = child(b, child(b, child(b, header, "encodingDesc"), "appInfo"),
	                       "application");
	char version[32];
	size_t n = 0, dots = 0;
	const char *v = host->version ? host->version : "";

	/* @version is "N(.N){0,2}": keep the longest prefix of that form. */
	while (v[n] != '\0' && n + 1 < sizeof(version)) {
		if (v[n] >= '0' && v[n] <= '9') {
			version[n] = v[n];
		} else if (v[n] == '.' && dots < 2 && n > 0 && version[n - 1] != '.' &&
		           v[n + 1] >= '0' && v[n + 1] <= '9') {
			version[n] = '.';
			dots++;
		} else {
			break;
		}
		n++;
	}
	if (n == 0)
		version[n++] = '0';
	version[n] = '\0';
	set_attr(b, app, "ident", TEI_APP_IDENT);
	set_attr(b, app, "version", version);
	if (xid != NULL)
		set_xml_id(b, app, xid);
	text_child(b, app, "label", "corpusconv");
	if (strcmp(version, v) != 0)
		text_child(b, app, "p", v);
}

/* titleStmt: the titles, subtitles and authors; an empty <title/> when the
 * document has no title (nothing is invented). */
static void write_title_stmt(struct build *b, xmlNodePtr file_desc)
{
	xmlNodePtr ts = child(b, file_desc, "titleStmt");
	size_t n = host->meta_count(b->doc), titles = 0;
	const char *key, *value;

	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "title") == 0) {
			text_child(b, ts, "title", value);
			titles++;
		}
	if (titles == 0)
		child(b, ts, "title");
	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "subtitle") == 0)
			set_attr(b, text_child(b, ts, "title", value), "type", TEI_HEAD_SUBTITLE);
	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "author") == 0)
			text_child(b, ts, "author", value);
}

static void write_publication_stmt(struct build *b, xmlNodePtr file_desc)
{
	xmlNodePtr ps = child(b, file_desc, "publicationStmt");
	size_t n = host->meta_count(b->doc), publishers = 0;
	const char *key, *value, *date = host->meta_find(b->doc, "date");
	char when[64];

	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "publisher") == 0) {
			text_child(b, ps, "publisher", value);
			publishers++;
		}
	if (publishers == 0) {
		struct tei_buf p = { 0 };
		const char *v = host->version ? host->version : "";

		if (tei_buf_add(&p, "Converted to TEI by corpusconv ", 31) != 0 ||
		    tei_buf_add(&p, v, strlen(v)) != 0 ||
		    tei_buf_add(&p, "; the source names no publisher.", 32) != 0)
			b->oom = 1;
		else
			text_child(b, ps, "p", p.p);
		tei_buf_free(&p);
	} else if (date != NULL) {
		xmlNodePtr d = text_child(b, ps, "date", date);

		if (tei_w3c_date(date, when))
			set_attr(b, d, "when", when);
	}
}

/*
 * sourceDesc/bibl: the article's own metadata, every key in its order; the
 * reader rebuilds the metadata list from this element alone.
 */
static void write_bibl(struct build *b, xmlNodePtr file_desc)
{
	xmlNodePtr bibl = child(b, child(b, file_desc, "sourceDesc"), "bibl");
	size_t n = host->meta_count(b->doc);

	for (size_t i = 0; i < n; i++) {
		const char *key, *value;
		char when[64];
		xmlNodePtr e;

		if (host->meta_get(b->doc, i, &key, &value) != 0)
			continue;
		if (strcmp(key, TEI_META_CHANGE) == 0) {
			continue; /* written in revisionDesc */
		} else if (strcmp(key, "title") == 0) {
			text_child(b, bibl, "title", value);
		} else if (strcmp(key, "subtitle") == 0) {
			set_attr(b, text_child(b, bibl, "title", value), "type", TEI_HEAD_SUBTITLE);
		} else if (strcmp(key, "author") == 0) {
			text_child(b, bibl, "author", value);
		} else if (strcmp(key, "date") == 0) {
			e = text_child(b, bibl, "date", value);
			if (tei_w3c_date(value, when))
				set_attr(b, e, "when", when);
		} else if (strcmp(key, "publisher") == 0) {
			text_child(b, bibl, "publisher", value);
		} else if (strcmp(key, "source") == 0) {
			set_attr(b, text_child(b, bibl, "idno", value), "type", TEI_IDNO_SOURCE);
		} else if (strcmp(key, "language") == 0) {
			e = text_child(b, bibl, "textLang", value);
			if (tei_lang_ok(value))
				set_attr(b, e, "mainLang", value);
		} else {
			e = text_child(b, bibl, "note", value);
			set_attr(b, e, "type", TEI_NOTE_META);
			set_attr(b, e, "n", key);
		}
	}
}

/* profileDesc: the language and every person, group and organisation. */
static void write_profile_desc(struct build *b, xmlNodePtr header)
{
	const char *lang = host->meta_find(b->doc, "language");
	xmlNodePtr pd, list;

	if (b->npersons == 0 && !tei_lang_ok(lang))
		return;
	pd = child(b, header, "profileDesc");
	if (tei_lang_ok(lang))
		set_attr(b, child(b, child(b, pd, "langUsage"), "language"), "ident", lang);
	if (b->npersons == 0)
		return;
	list = child(b, child(b, pd, "particDesc"), "listPerson");
	for (size_t i = 0; i < b->npersons; i++) {
		struct cc_person p;
		xmlNodePtr e;
		int org;

		if (host->person_get(b->doc, i, &p) != 0)
			continue;
		org = p.kind == CC_PERSON_ORG;
		e = child(b, list, org ? "org" : p.kind == CC_PERSON_GROUP ? "personGrp" : "person");
		set_xml_id(b, e, b->pxid[i]);
		/* The id the document uses, when the xml:id could not carry it. */
		if (strcmp(b->pxid[i] + strlen(b->docxid) + 1, p.id) != 0)
			set_attr(b, e, "n", p.id);
		if (p.name != NULL)
			text_child(b, e, org ? "orgName" : "persName", p.name);
		if (p.role != NULL)
			text_child(b, org ? e : child(b, e, "occupation"), "roleName", p.role);
		if (p.affiliation != NULL) {
			if (org)
				set_attr(b, text_child(b, e, "note", p.affiliation), "type",
				         TEI_NOTE_AFFIL);
			else
				text_child(b, e, "affiliation", p.affiliation);
		}
	}
}

/*
 * The format a document was read from, as far as a writer can tell: the
 * ABI gives it no word on that, so this is the format whose name or alias
 * is the extension of the document's original ("article.txt": text).
 * NULL when unknown.
 */
static const char *source_format(struct build *b)
{
	const char *name = NULL, *dot;
	const struct cc_format *f;

	if (host->original_get(b->doc, &name, NULL, NULL) != 0 || name == NULL)
		return NULL;
	dot = strrchr(name, '.');
	if (dot == NULL || dot[1] == '\0' || strchr(dot, '/') != NULL)
		return NULL;
	f = host->format_find(b->ctx, dot + 1);
	return f != NULL ? f->name : NULL;
}

/* One <change>: @when when a W3C date, @who pointing at the application
 * when corpusconv made it. */
static void write_change(struct build *b, xmlNodePtr rd, const char *when, int ours,
                         const char *text)
{
	xmlNodePtr c;
	char w[64];

	c = text_child(b, rd, "change", text);
	if (when != NULL && *when != '\0' && tei_w3c_date(when, w))
		set_attr(b, c, "when", w);
	if (ours)
		set_ptr(b, c, "who", b->appxid);
}

/*
 * revisionDesc: the change entries the document carries (metadata
 * TEI_META_CHANGE, kept by the reader), then, when none of them was made by
 * corpusconv, one for this conversion.  Its words depend only on the
 * source format and corpusconv's version, and its date only on
 * --set tei-change-date or SOURCE_DATE_EPOCH, so output stays
 * deterministic and TEI -> TEI adds nothing.
 */
static void write_revision_desc(struct build *b, xmlNodePtr header)
{
	xmlNodePtr rd = child(b, header, "revisionDesc");
	size_t n = host->meta_count(b->doc);
	int ours = 0;

	for (size_t i = 0; i < n && !b->oom; i++) {
		const char *key, *value, *t1, *t2;
		char *when;

		if (host->meta_get(b->doc, i, &key, &value) != 0 ||
		    strcmp(key, TEI_META_CHANGE) != 0)
			continue;
		t1 = strchr(value, '\t');
		t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;
		if (t2 == NULL) {
			write_change(b, rd, NULL, 0, value);
			continue;
		}
		when = strndup(value, (size_t)(t1 - value));
		if (when == NULL) {
			b->oom = 1;
			break;
		}
		if ((size_t)(t2 - t1 - 1) == strlen(TEI_CHANGE_BY_US) &&
		    strncmp(t1 + 1, TEI_CHANGE_BY_US, (size_t)(t2 - t1 - 1)) == 0) {
			write_change(b, rd, when, 1, t2 + 1);
			ours = 1;
		} else {
			write_change(b, rd, when, 0, t2 + 1);
		}
		free(when);
	}
	if (!ours) {
		struct tei_buf t = { 0 };
		const char *fmt = source_format(b);
		const char *v = host->version ? host->version : "";

		if (tei_buf_add(&t, "Converted", 9) != 0 ||
		    (fmt != NULL && (tei_buf_add(&t, " from ", 6) != 0 ||
		                     tei_buf_add(&t, fmt, strlen(fmt)) != 0)) ||
		    tei_buf_add(&t, " by corpusconv ", 15) != 0 ||
		    tei_buf_add(&t, v, strlen(v)) != 0)
			b->oom = 1;
		else
			write_change(b, rd, b->change_date, 1, t.p);
		tei_buf_free(&t);
	}
}

static void write_header(struct build *b, xmlNodePtr tei)
{
	xmlNodePtr header = child(b, tei, "teiHeader");
	xmlNodePtr fd = child(b, header, "fileDesc");

	write_title_stmt(b, fd);
	write_publication_stmt(b, fd);
	write_bibl(b, fd);
	write_app_info(b, header, b->appxid);
	write_profile_desc(b, header);
	write_revision_desc(b, header);
}

/* ---- statements ------------------------------------------------------------- */

/* One statement as the writer sees it. */
struct wst {
	struct cc_statement s;
	size_t idx;     /* its index in the document */
	char *xid;      /* xml:id of its <said>/<q> (malloc) */
	int inline_;    /* marked in its block (else recorded in <back>) */
};

/* A statement that fits its block: the block exists, the range is inside
 * it and holds exactly the quote, on character boundaries. */
static int statement_fits(const cc_doc *doc, const struct cc_statement *s)
{
	const char *text;
	size_t len, qlen;

	if (s->block < 0 || (size_t)s->block >= host->block_count(doc) || s->quote == NULL)
		return 0;
	if (host->block_get(doc, (size_t)s->block, NULL, &text, &len) != 0)
		return 0;
	qlen = strlen(s->quote);
	if (s->start > s->end || s->end > len || s->end - s->start != qlen)
		return 0;
	/* Equal bytes that are valid UTF-8 start and end on boundaries, as
	 * the block itself is checked valid before it is written. */
	return memcmp(text + s->start, s->quote, qlen) == 0 && tei_utf8_valid(s->quote, qlen);
}

/* Orders inline candidates by block, then start, then the longer first
 * (an enclosing range opens before what it holds), then document order. */
static int wst_cmp(const void *pa, const void *pb)
{
	const struct wst *a = *(const struct wst *const *)pa, *b = *(const struct wst *const *)pb;

	if (a->s.block != b->s.block)
		return a->s.block < b->s.block ? -1 : 1;
	if (a->s.start != b->s.start)
		return a->s.start < b->s.start ? -1 : 1;
	if (a->s.end != b->s.end)
		return a->s.end > b->s.end ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* <said> (direct, indirect) or <q> (partial, or where <said> may not go). */
static xmlNodePtr statement_element(struct build *b, xmlNodePtr parent, const struct wst *st,
                                    int said_ok)
{
	int said = said_ok && st->s.kind != CC_STATEMENT_PARTIAL;
	xmlNodePtr e = child(b, parent, said ? "said" : "q");
	long p = host->person_find(b->doc, st->s.person);

	set_xml_id(b, e, st->xid);
	if (p >= 0 && (size_t)p < b->npersons)
		set_ptr(b, e, "who", b->pxid[p]);
	if (said)
		set_attr(b, e, "direct", st->s.kind == CC_STATEMENT_INDIRECT ? "false" : "true");
	return e;
}

/*
 * Writes the text of one block into `container`, marking the inline
 * statements cand[0..n) (sorted by wst_cmp): ranges held by another nest
 * inside it; a range that crosses an open one is left for the <back>
 * record (its inline_ flag cleared).
 */
static void write_marked_text(struct build *b, xmlNodePtr container, const char *text,
                              size_t len, struct wst **cand, size_t n, int said_ok)
{
	struct open { xmlNodePtr node; size_t end; } *stack;
	size_t sp = 0, pos = 0;

	if (n == 0) {
		add_text(b, container, text, len);
		return;
	}
	if (len > 0)
		keep_mixed(b, container);
	stack = malloc(n * sizeof(*stack));
	if (stack == NULL) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct wst *c = cand[i];
		xmlNodePtr parent;

		while (sp > 0 && stack[sp - 1].end <= c->s.start) {
			add_text(b, stack[sp - 1].node, text + pos, stack[sp - 1].end - pos);
			pos = stack[sp - 1].end;
			sp--;
		}
		if (sp > 0 && c->s.end > stack[sp - 1].end) {
			c->inline_ = 0;
			continue;
		}
		parent = sp > 0 ? stack[sp - 1].node : container;
		add_text(b, parent, text + pos, c->s.start - pos);
		pos = c->s.start;
		stack[sp].node = statement_element(b, parent, c, said_ok);
		stack[sp].end = c->s.end;
		sp++;
	}
	while (sp > 0) {
		add_text(b, stack[sp - 1].node, text + pos, stack[sp - 1].end - pos);
		pos = stack[sp - 1].end;
		sp--;
	}
	add_text(b, container, text + pos, len - pos);
	free(stack);
}

static void f_string(struct build *b, xmlNodePtr fs, const char *name, const char *value)
{
	xmlNodePtr f;

	if (value == NULL)
		return;
	f = child(b, fs, "f");
	set_attr(b, f, "name", name);
	text_child(b, f, "string", value);
}

static void f_numeric(struct build *b, xmlNodePtr fs, const char *name,
                      unsigned long long v, int negative)
{
	xmlNodePtr f = child(b, fs, "f");

	set_attr(b, f, "name", name);
	set_num(b, child(b, f, "numeric"), "value", v, negative);
}

/*
 * <back><div type="statements">: one <fs type="statement"> per statement,
 * in document order, holding what TEI has no attribute for; a statement
 * that could not be marked in its block is written before its record as
 * <p><said>quote</said></p>.
 */
static void write_back(struct build *b, xmlNodePtr text, struct wst *st, size_t n)
{
	xmlNodePtr div;

	if (n == 0)
		return;
	div = child(b, child(b, text, "back"), "div");
	set_attr(b, div, "type", TEI_DIV_STATEMENTS);
	for (size_t i = 0; i < n; i++) {
		const struct cc_statement *s = &st[i].s;
		size_t nextra = host->statement_extra_count(b->doc, i);
		const char *kind = host->statement_kind_name(s->kind);
		xmlNodePtr fs, f;

		if (!st[i].inline_)
			add_text(b, statement_element(b, child(b, div, "p"), &st[i], 1),
			         s->quote, strlen(s->quote));
		fs = child(b, div, "fs");
		set_attr(b, fs, "type", TEI_FS_STATEMENT);
		set_attr(b, fs, "n", s->id);
		set_ptr(b, fs, "corresp", st[i].xid);
		f = child(b, fs, "f");
		set_attr(b, f, "name", "kind");
		set_attr(b, child(b, f, "symbol"), "value", kind ? kind : "direct");
		f_string(b, fs, "speaker", s->speaker);
		f_string(b, fs, "person", s->person);
		f_string(b, fs, "role", s->role);
		f_string(b, fs, "cue", s->cue);
		if (!st[i].inline_ && s->block != -1) {
			f_numeric(b, fs, "block", s->block < 0 ? 0ULL - (unsigned long long)s->block
			                                       : (unsigned long long)s->block,
			          s->block < 0);
			f_numeric(b, fs, "start", s->start, 0);
			f_numeric(b, fs, "end", s->end, 0);
		}
		for (size_t j = 0; j < nextra; j++) {
			const char *key, *value;

			if (host->statement_extra_get(b->doc, i, j, &key, &value) != 0)
				continue;
			f = child(b, fs, "f");
			set_attr(b, f, "name", "extra");
			set_attr(b, f, "n", key);
			text_child(b, f, "string", value);
		}
	}
}

/* ---- body ------------------------------------------------------------------- */

/*
 * The body is <div type="article"> holding divs of type "section" (one per
 * heading).  TEI fixes what may follow what inside a div: heads, datelines
 * and bylines open it, paragraphs follow, and datelines or bylines after
 * paragraphs close it.  A block that cannot follow what its div holds
 * opens a fresh div (inside the article div, or a new top-level div when
 * the article div is closed); the reader ignores divs, so nothing changes
 * in the blocks.
 */
enum { ST_TOP, ST_COMMON, ST_DIVS, ST_BOTTOM };
enum { CAT_GLOBAL, CAT_HEAD, CAT_SECTION, CAT_WRAP, CAT_COMMON };

struct frame {
	xmlNodePtr div;
	int state;
};

struct body {
	struct build *b;
	xmlNodePtr body;
	struct frame l1, l2;
	int has_l2;
};

static void open_l1(struct body *y, const char *type)
{
	y->l1.div = child(y->b, y->body, "div");
	if (type != NULL)
		set_attr(y->b, y->l1.div, "type", type);
	y->l1.state = ST_TOP;
	y->has_l2 = 0;
}

static void open_l2(struct body *y, const char *type)
{
	if (y->l1.state == ST_BOTTOM)
		open_l1(y, NULL);
	y->l2.div = child(y->b, y->l1.div, "div");
	if (type != NULL)
		set_attr(y->b, y->l2.div, "type", type);
	y->l1.state = ST_DIVS;
	y->l2.state = ST_TOP;
	y->has_l2 = 1;
}

/* A fresh, untyped div for a block that cannot follow what the current
 * one holds: inside the top-level div while that still takes divs, else a
 * new top-level div. */
static struct frame *fresh_frame(struct body *y)
{
	if (y->l1.state == ST_BOTTOM) {
		open_l1(y, NULL);
		return &y->l1;
	}
	open_l2(y, NULL);
	return &y->l2;
}

/* The div a block of category `cat` goes into, opening one when needed. */
static xmlNodePtr place(struct body *y, int cat)
{
	struct frame *f = y->has_l2 ? &y->l2 : &y->l1;

	switch (cat) {
	case CAT_SECTION:
		open_l2(y, TEI_DIV_SECTION);
		return y->l2.div;
	case CAT_HEAD:
		if (f->state != ST_TOP)
			f = fresh_frame(y);
		return f->div;
	case CAT_WRAP:
		if (f->state == ST_COMMON || f->state == ST_DIVS)
			f->state = ST_BOTTOM;
		return f->div;
	case CAT_COMMON:
		if (f->state == ST_BOTTOM)
			f = fresh_frame(y);
		f->state = ST_COMMON;
		return f->div;
	default:
		return f->div;
	}
}

/* Writes block i; returns the element its text went into (NULL on error). */
static void write_block(struct body *y, size_t i, struct wst **cand, size_t ncand)
{
	struct build *b = y->b;
	const char *text;
	size_t len;
	int kind, said_ok = 1;
	xmlNodePtr e;

	if (host->block_get(b->doc, i, &kind, &text, &len) != 0)
		return;
	if (!tei_utf8_valid(text, len)) {
		b->bad = "a block";
		return;
	}
	switch (kind) {
	case CC_BLOCK_TITLE:
	case CC_BLOCK_SUBTITLE:
		e = child(b, place(y, CAT_HEAD), "head");
		set_attr(b, e, "type", kind == CC_BLOCK_TITLE ? TEI_HEAD_TITLE : TEI_HEAD_SUBTITLE);
		break;
	case CC_BLOCK_HEADING:
		e = child(b, place(y, CAT_SECTION), "head");
		break;
	case CC_BLOCK_DATELINE:
		e = child(b, place(y, CAT_WRAP), "dateline");
		said_ok = 0;
		break;
	case CC_BLOCK_BYLINE:
		e = child(b, place(y, CAT_WRAP), "byline");
		said_ok = 0;
		break;
	case CC_BLOCK_CAPTION:
		e = child(b, child(b, place(y, CAT_GLOBAL), "figure"), "figDesc");
		break;
	case CC_BLOCK_BOILERPLATE:
		e = child(b, place(y, CAT_GLOBAL), "note");
		set_attr(b, e, "type", TEI_NOTE_BOILER);
		break;
	default:
		e = child(b, place(y, CAT_COMMON), "p");
		break;
	}
	write_marked_text(b, e, text, len, cand, ncand, said_ok);
}

static void write_body(struct build *b, xmlNodePtr text, struct wst *st, size_t nst)
{
	struct body y = { .b = b };
	struct wst **cand = NULL;
	size_t ncand = 0, nblocks = host->block_count(b->doc), c = 0;

	if (nst > 0) {
		cand = malloc(nst * sizeof(*cand));
		if (cand == NULL) {
			b->oom = 1;
			return;
		}
	}
	for (size_t i = 0; i < nst; i++)
		if (st[i].inline_)
			cand[ncand++] = &st[i];
	if (ncand > 1)
		qsort(cand, ncand, sizeof(*cand), wst_cmp);
	y.body = child(b, text, "body");
	open_l1(&y, TEI_DIV_ARTICLE);
	for (size_t i = 0; i < nblocks; i++) {
		size_t first = c;

		while (c < ncand && (size_t)cand[c]->s.block == i)
			c++;
		/* cand is NULL when no statement is inline: no arithmetic on it. */
		write_block(&y, i, ncand ? cand + first : NULL, c - first);
	}
	free(cand);
}

/* ---- one document ------------------------------------------------------------ */

static void build_free(struct build *b)
{
	for (size_t i = 0; i < b->npersons; i++)
		free(b->pxid ? b->pxid[i] : NULL);
	free(b->pxid);
	free(b->appxid);
	free(b->docxid);
	tei_idset_free(&b->ids);
}

/* Gives each person its xml:id. */
static int assign_person_ids(struct build *b)
{
	size_t n = host->person_count(b->doc);

	if (n == 0)
		return 0;
	b->pxid = calloc(n, sizeof(*b->pxid));
	if (b->pxid == NULL)
		return -1;
	b->npersons = n;
	for (size_t i = 0; i < n; i++) {
		struct cc_person p;
		int changed;

		if (host->person_get(b->doc, i, &p) != 0)
			return -1;
		b->pxid[i] = local_xml_id(b, p.id, "person", &changed);
		if (b->pxid[i] == NULL)
			return -1;
	}
	return 0;
}

/*
 * Builds the TEI tree of one document.  Returns the tree (the caller frees
 * it with xmlFreeDoc), or NULL after reporting why.
 */
static xmlDocPtr build_doc(struct tei_writer *w, const cc_doc *doc)
{
	struct build b = { .ctx = w->ctx, .doc = doc, .change_date = w->change_date };
	size_t nst = host->statement_count(doc);
	struct wst *st = NULL;
	xmlNodePtr tei, text;
	int changed;
	const char *id = host->doc_id(doc);

	b.xd = xmlNewDoc((const xmlChar *)"1.0");
	if (b.xd == NULL)
		goto out_oom;
	tei = xmlNewDocNode(b.xd, NULL, (const xmlChar *)"TEI", NULL);
	if (tei == NULL)
		goto out_oom;
	xmlDocSetRootElement(b.xd, tei);
	b.ns = xmlNewNs(tei, (const xmlChar *)TEI_NS, NULL);
	b.xmlns = xmlSearchNsByHref(b.xd, tei, XML_XML_NAMESPACE);
	if (b.ns == NULL || b.xmlns == NULL)
		goto out_oom;
	xmlSetNs(tei, b.ns);
	b.docxid = doc_xml_id(w, id ? id : "doc", &changed);
	if (b.docxid == NULL)
		goto out_oom;
	set_xml_id(&b, tei, b.docxid);
	if (changed && id != NULL)
		set_attr(&b, tei, "n", id);
	/* Given out first, so no person or statement can take it. */
	b.appxid = local_xml_id(&b, TEI_APP_LOCAL, "app", &changed);
	if (b.appxid == NULL || assign_person_ids(&b) != 0)
		goto out_oom;
	if (nst > 0) {
		st = calloc(nst, sizeof(*st));
		if (st == NULL)
			goto out_oom;
	}
	for (size_t i = 0; i < nst; i++) {
		if (host->statement_get(doc, i, &st[i].s) != 0)
			goto out_oom;
		st[i].idx = i;
		st[i].xid = local_xml_id(&b, st[i].s.id, "statement", &changed);
		if (st[i].xid == NULL)
			goto out_oom;
		st[i].inline_ = statement_fits(doc, &st[i].s);
	}
	write_header(&b, tei);
	text = child(&b, tei, "text");
	write_body(&b, text, st, nst);
	write_back(&b, text, st, nst);
	if (b.oom)
		goto out_oom;
	if (b.bad) {
		host->report(w->ctx, CC_FAILED, 0, 0,
		             "document %s: text for <%s> is not valid UTF-8", id ? id : "", b.bad);
		goto out_free;
	}
	if (b.repaired)
		host->report(w->ctx, CC_WARN, 0, 0,
		             "document %s: a control character in an attribute value was "
		             "replaced by U+FFFD", id ? id : "");
	for (size_t i = 0; i < nst; i++)
		free(st[i].xid);
	free(st);
	build_free(&b);
	return b.xd;
out_oom:
	host->report(w->ctx, CC_FAILED, 0, 0, "out of memory building TEI for %s",
	             id ? id : "a document");
out_free:
	for (size_t i = 0; st != NULL && i < nst; i++)
		free(st[i].xid);
	free(st);
	build_free(&b);
	xmlFreeDoc(b.xd);
	return NULL;
}

/* ---- the stream: lone TEI or teiCorpus ------------------------------------- */

static int start_output(struct tei_writer *w)
{
	w->ob = xmlOutputBufferCreateIO(io_write, io_close, &w->io, NULL);
	if (w->ob == NULL)
		return -1;
	w->tw = xmlNewTextWriter(w->ob);
	if (w->tw == NULL) {
		xmlOutputBufferClose(w->ob);
		w->ob = NULL;
		return -1;
	}
	return xmlTextWriterStartDocument(w->tw, "1.0", "UTF-8", NULL) < 0 ? -1 : 0;
}

/* Serialises the root of xd (or its first child when `inner`) at `level`. */
static int dump_tree(struct tei_writer *w, xmlDocPtr xd, int level, int inner)
{
	xmlNodePtr node = xmlDocGetRootElement(xd);

	if (inner && node != NULL)
		node = xmlFirstElementChild(node);
	if (node == NULL)
		return -1;
	if (xmlTextWriterFlush(w->tw) < 0)
		return -1;
	xmlNodeDumpOutput(w->ob, xd, node, level, 1, "UTF-8");
	return w->ob->error || w->io.failed ? -1 : 0;
}

/*
 * The teiCorpus's own header: the corpus has no metadata of its own, so it
 * says only what it is and who made it.  With `empty`, the whole output for
 * zero documents instead: TEI allows no teiCorpus without a TEI in it, so
 * it is a lone <TEI type="empty-corpus"> with that header and an empty
 * paragraph as its text (the body must hold something), which the reader
 * reads as no document at all.
 */
static xmlDocPtr corpus_header(struct tei_writer *w, int empty)
{
	struct build b = { .ctx = w->ctx };
	const char *title = host->option(w->ctx, "corpus-title");
	xmlNodePtr root, header, fd;

	b.xd = xmlNewDoc((const xmlChar *)"1.0");
	if (b.xd == NULL)
		return NULL;
	root = xmlNewDocNode(b.xd, NULL, (const xmlChar *)(empty ? "TEI" : "teiCorpus"), NULL);
	if (root == NULL) {
		xmlFreeDoc(b.xd);
		return NULL;
	}
	xmlDocSetRootElement(b.xd, root);
	b.ns = xmlNewNs(root, (const xmlChar *)TEI_NS, NULL);
	b.xmlns = xmlSearchNsByHref(b.xd, root, XML_XML_NAMESPACE);
	if (b.ns == NULL || b.xmlns == NULL) {
		xmlFreeDoc(b.xd);
		return NULL;
	}
	xmlSetNs(root, b.ns);
	if (empty)
		set_attr(&b, root, "type", TEI_EMPTY_CORPUS);
	header = child(&b, root, "teiHeader");
	fd = child(&b, header, "fileDesc");
	text_child(&b, child(&b, fd, "titleStmt"), "title",
	           title ? title : "Documents converted by corpusconv");
	text_child(&b, child(&b, fd, "publicationStmt"), "p",
	           empty ? "Converted to TEI by corpusconv; the input held no document."
	                 : "Converted to TEI by corpusconv; each document below names its own source.");
	text_child(&b, child(&b, fd, "sourceDesc"), "p",
	           empty ? "No document: this corpus is empty."
	                 : "See the teiHeader of each TEI document in this corpus.");
	write_app_info(&b, header, NULL);
	if (empty)
		child(&b, child(&b, child(&b, root, "text"), "body"), "p");
	if (b.oom || b.bad) {
		xmlFreeDoc(b.xd);
		return NULL;
	}
	return b.xd;
}

/* Opens <teiCorpus>, writes its header and the held first document. */
static int start_corpus(struct tei_writer *w)
{
	xmlDocPtr hd;
	int rc = -1;

	if (start_output(w) != 0 ||
	    xmlTextWriterStartElement(w->tw, (const xmlChar *)"teiCorpus") < 0 ||
	    xmlTextWriterWriteAttribute(w->tw, (const xmlChar *)"xmlns",
	                                (const xmlChar *)TEI_NS) < 0 ||
	    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n  ") < 0)
		return -1;
	hd = corpus_header(w, 0);
	if (hd == NULL)
		return -1;
	if (dump_tree(w, hd, 1, 1) == 0 &&
	    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n  ") >= 0 &&
	    dump_tree(w, w->first, 1, 0) == 0)
		rc = 0;
	xmlFreeDoc(hd);
	xmlFreeDoc(w->first);
	w->first = NULL;
	return rc;
}

static int write_failed(struct tei_writer *w)
{
	if (w->io.failed)
		return CC_FATAL; /* the host reported it */
	return host->report(w->ctx, CC_FATAL, 0, 0, "cannot write TEI to %s",
	                    host->out_name(w->io.out));
}

/*
 * The date of a new change entry: --set tei-change-date=YYYY-MM-DD, else
 * none.  Never the clock, so output stays reproducible; and not
 * SOURCE_DATE_EPOCH either: the core turns that into the bundle's
 * bagging-date, and a bundle made with it must equal one made with
 * --bagging-date.  Returns CC_OK or CC_FATAL (a bad date, reported).
 */
static int change_date(cc_ctx *ctx, char out[16])
{
	const char *d = host->option(ctx, "tei-change-date");
	char canon[64];

	out[0] = '\0';
	if (d != NULL) {
		if (strlen(d) != 10 || d[4] != '-' || d[7] != '-' || !tei_w3c_date(d, canon))
			return host->report(ctx, CC_FATAL, 0, 0,
			                    "--set tei-change-date=%s: not a date (YYYY-MM-DD)", d);
		memcpy(out, d, 11);
	}
	return CC_OK;
}

int tei_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct tei_writer *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	if (change_date(ctx, w->change_date) != CC_OK) {
		free(w);
		return CC_FATAL;
	}
	w->ctx = ctx;
	w->io.out = out;
	*state = w;
	return CC_OK;
}

/* Zero documents: a valid TEI that reads back as none. */
static int write_empty(struct tei_writer *w)
{
	xmlDocPtr xd = corpus_header(w, 1);
	int rc = -1;

	if (xd == NULL)
		return -1;
	if (start_output(w) == 0 && dump_tree(w, xd, 0, 0) == 0 &&
	    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n") >= 0 &&
	    xmlTextWriterEndDocument(w->tw) >= 0 && xmlTextWriterFlush(w->tw) >= 0)
		rc = 0;
	xmlFreeDoc(xd);
	return rc;
}

int tei_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct tei_writer *w = state;
	xmlDocPtr xd;
	int rc = CC_OK;

	w->ctx = ctx;
	xd = build_doc(w, doc);
	if (xd == NULL)
		return CC_FAILED;
	if (w->ndocs == 0) {
		w->first = xd;
		w->ndocs++;
		return CC_OK;
	}
	if (w->ndocs == 1 && start_corpus(w) != 0)
		rc = write_failed(w);
	else if (xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n  ") < 0 ||
	         dump_tree(w, xd, 1, 0) != 0)
		rc = write_failed(w);
	xmlFreeDoc(xd);
	w->ndocs++;
	return rc;
}

int tei_write_end(cc_ctx *ctx, void *state, int abort)
{
	struct tei_writer *w = state;
	int rc = CC_OK;

	w->ctx = ctx;
	if (!abort) {
		if (w->ndocs == 0) {
			if (write_empty(w) != 0)
				rc = write_failed(w);
		} else if (w->ndocs == 1) {
			if (start_output(w) != 0 || dump_tree(w, w->first, 0, 0) != 0 ||
			    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n") < 0 ||
			    xmlTextWriterEndDocument(w->tw) < 0 || xmlTextWriterFlush(w->tw) < 0)
				rc = write_failed(w);
		} else if (w->ndocs > 1 && w->tw != NULL) {
			if (xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n") < 0 ||
			    xmlTextWriterEndElement(w->tw) < 0 ||
			    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n") < 0 ||
			    xmlTextWriterEndDocument(w->tw) < 0 || xmlTextWriterFlush(w->tw) < 0)
				rc = write_failed(w);
		}
	}
	if (w->tw != NULL)
		xmlFreeTextWriter(w->tw); /* closes w->ob */
	xmlFreeDoc(w->first);
	tei_idset_free(&w->docids);
	free(w);
	return rc;
}
