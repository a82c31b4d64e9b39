/*
 * write.c: the TEI writer.  Each document becomes a <TEI> with a full
 * teiHeader, the blocks in <body>, the statements marked where they are
 * anchored (in <back> those that cannot be) and recorded in <standOff>;
 * two documents or more make a
 * <teiCorpus>, none a <TEI type="empty-corpus">.  The header's revisionDesc
 * carries the document's change history plus, once, an entry for the
 * conversion whose words and date depend only on the input and options.
 * formats/tei/README.md documents the mapping.
 *
 * A document is streamed through the serialiser (xmlout.c), which writes
 * what libxml2 would write for the tree, into memory; only a document that
 * came out whole goes to the output, so a failed one leaves no trace.  The
 * first document is held until a second one comes (then it is written one
 * level deeper, inside the teiCorpus) or the output ends.  The exception:
 * a document the host says is its output's only one (host->doc_sole) goes
 * out as it is serialised, and if it fails, the output fails with it.  The
 * XML declaration and the teiCorpus element around the documents go
 * through an xmlTextWriter.
 *
 * It must never build XML with printf (every text and attribute value of
 * the document is escaped by libxml2; only this file's element and
 * attribute names are written as they are), never print, never write
 * anything that is not well-formed XML 1.0, and never drop a piece of the
 * document: what has no natural TEI place goes to a record the reader
 * (read.c) reads back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A failed write is kept in io->failed, which every flush checks, and is
 * not passed on to libxml2: it would print its own "flush error" on
 * stderr, where the host reports the system's reason. */
static int io_write(void *user, const char *buf, int len)
{
	struct tei_io *io = user;

	if (!io->failed && len > 0 &&
	    host->out_write(io->out, buf, (size_t)len) != CC_OK)
		io->failed = 1;
	return len;
}

static int io_close(void *user)
{
	(void)user;
	return 0;
}

/*
 * Short texts written again and again (the speaker, person, role and cue
 * of each statement): libxml2's escape of each, kept by content for the
 * whole output.  A text found here was checked (plain XML text, see
 * tei_text_check) and escaped before, byte for byte the same, so it is
 * neither checked nor escaped again.  Direct-mapped: a text that hashes
 * to a taken slot takes it over.
 */
#define TEXT_SLOTS 1024   /* a power of two */
#define TEXT_KEPT_MAX 64  /* longest text kept, in bytes */

struct text_slot {
	char *text;           /* malloc: the text, a NUL, its escape, a NUL */
	size_t len, esclen;
};

/*
 * One output.  Each document is serialised into memory first.  The first
 * is held there (with its indentation noted) until a second one comes
 * (then the output is a teiCorpus) or the output ends (then it is a lone
 * TEI document), unless the host says it is the output's only one: then
 * it streams out as it is serialised (`streamed`).
 */
struct tei_writer {
	cc_ctx *ctx;
	struct tei_io io;
	xmlOutputBufferPtr ob;    /* owned by tw */
	xmlTextWriterPtr tw;      /* NULL until output starts */
	struct tei_xo xo;         /* the serialiser, reused for every document */
	struct tei_xmlbuf first;  /* the held first document */
	struct tei_xmlbuf next;   /* a later document, before it is written */
	size_t ndocs;             /* documents written or held */
	int streamed;             /* the first document went out as it came */
	struct tei_idset docids;  /* every TEI/@xml:id given out */
	struct text_slot *texts;  /* TEXT_SLOTS of them, or NULL until needed */
	char change_date[16];     /* @when of a new change entry, or "" */
};

/* ---- elements with a sticky error --------------------------------------- */

/*
 * What writing one document needs.  Every helper is a no-op once `oom` or
 * `bad` is set (or the serialiser failed), so the writers read straight;
 * the caller checks the flags once at the end.  Elements are written as
 * they are started and ended: attributes right after start(), then the
 * content.
 */
struct build {
	cc_ctx *ctx;
	const cc_doc *doc;
	struct tei_xo *xo;
	char *docxid;           /* the TEI's xml:id (malloc) */
	const char *appxid;     /* application/@xml:id, "DOC.corpusconv" (in ids) */
	const char *change_date; /* borrowed from the writer: "" or YYYY-MM-DD */
	struct text_slot **texts; /* borrowed from the writer */
	struct tei_buf esc;     /* add_short_text's */
	struct tei_idset ids;   /* local ids given out in this document */
	unsigned long next_n[3]; /* where local_xml_id looks for a free N, by kind */
	struct tei_buf scratch; /* local_xml_id's */
	const char **pxid;      /* xml:id of each person (malloc; each in ids or
	                           kept with it, see numbered_xml_id) */
	size_t npersons;
	/* libxml2's escape of "#" and each person's xml:id, made the first
	 * time a statement points at the person: whoesc.p[who[i].off..]
	 * (who[i].off == SIZE_MAX: not yet). */
	struct who_esc {
		size_t off, len;
	} *who;
	struct tei_buf whoesc;
	/* Host strings (statement kind names) checked valid once. */
	const char *host_names[8];
	size_t nhost_names;
	/* Persons and statements the host numbered ("p3", "s12") keep their
	 * xml:ids out of `ids` (see numbered_xml_id): pkept[i] says person i
	 * did.  ntaken_p and ntaken_s count the ids in `ids` that have such
	 * a local part all the same ("DOC.p3", "DOC.s12"). */
	unsigned char *pkept;
	size_t ntaken_p, ntaken_s;
	int block_clean;        /* the block being written holds only XML chars */
	int oom;                /* memory ran out */
	const char *bad;        /* element whose text was not valid UTF-8 */
	int repaired;           /* an attribute value lost a character XML cannot hold */
};

static int stopped(const struct build *b)
{
	return b->oom || b->bad != NULL || b->xo->failed;
}

static void start_n(struct build *b, const char *name, size_t namelen)
{
	if (!stopped(b))
		tei_xo_start_n(b->xo, name, namelen);
}

/* A macro so that the length of a literal name is known at compile time. */
#define start(b, name) start_n((b), (name), strlen(name))

static void end(struct build *b)
{
	if (!stopped(b))
		tei_xo_end(b->xo);
}

static void set_attr(struct build *b, const char *name, const char *value);
static void set_const_n(struct build *b, const char *name, size_t namelen, const char *value);
/* A macro so that the length of a literal name is known at compile time. */
#define set_const(b, name, value) set_const_n((b), (name), strlen(name), (value))

/*
 * Appends s[0..len), valid UTF-8, to the open element as text.  A character
 * XML 1.0 cannot hold (a control character) becomes <g type="control"
 * n="U+XXXX"/> (inside <hi rend="control"> in a figDesc), which the reader
 * turns back into the character.
 */
static void add_valid_text(struct build *b, const char *s, size_t len, int nul)
{
	while (len > 0 && !stopped(b)) {
		size_t run = tei_xml_span(s, len), n;
		unsigned long cp;
		char code[16];
		int in_figdesc;

		tei_xo_text(b->xo, s, run, nul && run == len);
		if (run == len)
			break;
		n = tei_utf8_decode(s + run, len - run, &cp);
		tei_xo_mixed(b->xo);
		/* figDesc admits no <g>; a <hi> around it is allowed there. */
		in_figdesc = strcmp(tei_xo_name(b->xo), "figDesc") == 0;
		if (in_figdesc) {
			start(b, "hi");
			set_const(b, "rend", TEI_G_CONTROL);
		}
		snprintf(code, sizeof(code), "U+%04lX", cp);
		start(b, "g");
		set_const(b, "type", TEI_G_CONTROL);
		set_attr(b, "n", code);
		end(b);
		if (in_figdesc)
			end(b);
		s += run + n;
		len -= run + n;
	}
}

/* add_text of s, len bytes long. */
static void add_text_len(struct build *b, const char *s, size_t len)
{
	switch (tei_text_check(s, len)) {
	case TEI_TEXT_BAD:
		b->bad = tei_xo_name(b->xo);
		break;
	case TEI_TEXT_OK:
		/* No character to replace: straight to the serialiser. */
		tei_xo_text(b->xo, s, len, 1);
		break;
	default:
		add_valid_text(b, s, len, 1);
		break;
	}
}

/* As add_valid_text, for a C string not known to be UTF-8: text that is
 * not fails the document. */
static void add_text(struct build *b, const char *s)
{
	if (!stopped(b))
		add_text_len(b, s, strlen(s));
}

/* add_text for a short text likely to come again: through the writer's
 * kept escapes (see struct text_slot). */
static void add_short_text(struct build *b, const char *s)
{
	struct text_slot *e;
	size_t len;
	char *keep;

	if (stopped(b))
		return;
	len = strlen(s);
	if (len == 0 || len > TEXT_KEPT_MAX || b->texts == NULL) {
		add_text_len(b, s, len);
		return;
	}
	if (*b->texts == NULL && (*b->texts = calloc(TEXT_SLOTS, sizeof(**b->texts))) == NULL) {
		b->oom = 1;
		return;
	}
	e = &(*b->texts)[tei_str_hash(s) & (TEXT_SLOTS - 1)];
	if (e->text != NULL && e->len == len && memcmp(e->text, s, len) == 0) {
		tei_xo_text_escaped(b->xo, e->text + len + 1, e->esclen);
		return;
	}
	if (tei_text_check(s, len) != TEI_TEXT_OK) {
		add_text_len(b, s, len); /* not kept: checked again each time */
		return;
	}
	b->esc.len = 0;
	if (tei_xo_text_escape(b->xo, s, &b->esc) != 0)
		return;
	keep = malloc(len + 1 + b->esc.len + 1);
	if (keep == NULL) {
		b->oom = 1;
		return;
	}
	memcpy(keep, s, len + 1);
	memcpy(keep + len + 1, tei_buf_str(&b->esc), b->esc.len + 1);
	free(e->text);
	e->text = keep;
	e->len = len;
	e->esclen = b->esc.len;
	tei_xo_text_escaped(b->xo, e->text + len + 1, e->esclen);
}

/* <name>value</name>; <name/> for NULL or "". */
static void text_element(struct build *b, const char *name, const char *value)
{
	start(b, name);
	if (value != NULL)
		add_text(b, value);
	end(b);
}

/*
 * Sets an attribute of the element just started.  Attribute values cannot
 * use the <g> escape, so a character XML cannot hold becomes U+FFFD (and
 * the document is reported as repaired); text that is not UTF-8 fails the
 * document.
 */
static void set_attr(struct build *b, const char *name, const char *value)
{
	size_t len = strlen(value), i;
	struct tei_buf clean = { 0 };
	int found;

	if (stopped(b))
		return;
	found = tei_text_check(value, len);
	if (found == TEI_TEXT_BAD) {
		b->bad = name;
		return;
	}
	if (found == TEI_TEXT_OK) {
		tei_xo_attr(b->xo, name, value);
		return;
	}
	i = tei_xml_span(value, len);
	if (tei_buf_add(&clean, value, i) != 0)
		b->oom = 1;
	while (i < len && !b->oom) {
		unsigned long cp;
		size_t n = tei_utf8_decode(value + i, len - i, &cp), run;

		if (tei_buf_add(&clean, "\xEF\xBF\xBD", 3) != 0)
			b->oom = 1;
		b->repaired = 1;
		i += n;
		run = tei_xml_span(value + i, len - i);
		if (tei_buf_add(&clean, value + i, run) != 0)
			b->oom = 1;
		i += run;
	}
	if (!b->oom)
		tei_xo_attr(b->xo, name, clean.p);
	tei_buf_free(&clean);
}

/* Sets an attribute whose value is a constant of this file (ASCII, kept
 * at one address): libxml2 escapes it once per output. */
static void set_const_n(struct build *b, const char *name, size_t namelen, const char *value)
{
	if (!stopped(b))
		tei_xo_attr_const_n(b->xo, name, namelen, value);
}

static void set_xml_id(struct build *b, const char *id)
{
	if (!stopped(b))
		tei_xo_attr(b->xo, "xml:id", id);
}

/* Sets an attribute whose value is a string the host keeps at one
 * address for the whole run (a statement kind's name): checked as set_attr
 * checks it the first time a document meets it, then escaped once per
 * output as a constant of this file is (the kind is written per
 * statement).  A value that fails the check takes set_attr's way. */
static void set_host_name(struct build *b, const char *name, const char *value)
{
	size_t n = sizeof(b->host_names) / sizeof(*b->host_names);

	for (size_t i = 0; i < b->nhost_names; i++)
		if (b->host_names[i] == value) {
			set_const(b, name, value);
			return;
		}
	if (b->nhost_names < n && tei_text_check(value, strlen(value)) == TEI_TEXT_OK) {
		b->host_names[b->nhost_names++] = value;
		set_const(b, name, value);
		return;
	}
	set_attr(b, name, value);
}

/* "#id" (a local pointer's value): in small when it fits, else in *v
 * (freed by the caller).  NULL when memory ran out. */
#define PTR_SMALL 128
static const char *ptr_value(const char *id, char small[PTR_SMALL], struct tei_buf *v)
{
	size_t n = strlen(id);

	if (n + 2 <= PTR_SMALL) {
		small[0] = '#';
		memcpy(small + 1, id, n + 1);
		return small;
	}
	if (tei_buf_addc(v, '#') != 0 || tei_buf_add(v, id, n) != 0)
		return NULL;
	return v->p;
}

/* Sets name="#id" (a local pointer). */
static void set_ptr(struct build *b, const char *name, const char *id)
{
	char small[PTR_SMALL];
	struct tei_buf v = { 0 };
	const char *value = ptr_value(id, small, &v);

	if (value == NULL)
		b->oom = 1;
	else
		set_attr(b, name, value);
	tei_buf_free(&v);
}

static void set_num(struct build *b, const char *name, unsigned long long v, int negative)
{
	char num[32];

	snprintf(num, sizeof(num), "%s%llu", negative ? "-" : "", v);
	set_attr(b, name, num);
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
	if (tei_idset_add(&w->docids, x.p, NULL) < 0)
		goto out_free;
	out = x.p;
	x.p = NULL;
out_free:
	tei_buf_free(&x);
	return out;
}

/*
 * A local xml:id "DOC.local", or when that is no NCName or already given
 * out in this document, "DOC.<kind>-N", N the smallest number free.
 * *next is where the search for N starts: ids are only ever added, so the
 * smallest free N of a kind only grows.  Returns the id, borrowed from
 * b->ids, or NULL when memory ran out; *changed says whether the local
 * part was not kept.
 */
static const char *local_xml_id(struct build *b, const char *local, const char *kind,
                                unsigned long *next, int *changed)
{
	struct tei_buf *x = &b->scratch;
	const char *out = NULL;
	size_t base;
	int r;

	*changed = 0;
	x->len = 0;
	if (tei_buf_add(x, b->docxid, strlen(b->docxid)) != 0 || tei_buf_addc(x, '.') != 0)
		return NULL;
	base = x->len;
	if (local != NULL) {
		if (tei_buf_add(x, local, strlen(local)) != 0)
			return NULL;
		if (tei_is_ncname(x->p)) {
			r = tei_idset_add(&b->ids, x->p, &out);
			if (r <= 0)
				return r == 0 ? out : NULL;
		}
	}
	*changed = 1;
	for (;; (*next)++) {
		char suffix[48];

		snprintf(suffix, sizeof(suffix), "%s-%lu", kind, *next);
		x->len = base;
		if (tei_buf_add(x, suffix, strlen(suffix)) != 0)
			return NULL;
		r = tei_idset_add(&b->ids, x->p, &out);
		if (r < 0)
			return NULL;
		if (r == 0)
			break;
	}
	(*next)++;
	return out;
}

/* ---- teiHeader ------------------------------------------------------------ */

/* encodingDesc: the editorial declaration and the application. */
static void write_app_info(struct build *b, const char *xid)
{
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
	start(b, "encodingDesc");
	/* The text keeps the quotation marks of its source (a <said> holds
	 * them): renderers such as the TEI Stylesheets must add none. */
	start(b, "editorialDecl");
	start(b, "quotation");
	set_const(b, "marks", "all");
	end(b);
	end(b);
	start(b, "appInfo");
	start(b, "application");
	set_const(b, "ident", TEI_APP_IDENT);
	set_attr(b, "version", version);
	if (xid != NULL)
		set_xml_id(b, xid);
	text_element(b, "label", "corpusconv");
	if (strcmp(version, v) != 0)
		text_element(b, "p", v);
	end(b);
	end(b);
	end(b);
}

/* titleStmt: the titles, subtitles and authors; an empty <title/> when the
 * document has no title (nothing is invented). */
static void write_title_stmt(struct build *b)
{
	size_t n = host->meta_count(b->doc), titles = 0;
	const char *key, *value;

	start(b, "titleStmt");
	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "title") == 0) {
			text_element(b, "title", value);
			titles++;
		}
	if (titles == 0)
		text_element(b, "title", NULL);
	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "subtitle") == 0) {
			start(b, "title");
			set_const(b, "type", TEI_HEAD_SUBTITLE);
			add_text(b, value);
			end(b);
		}
	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "author") == 0)
			text_element(b, "author", value);
	end(b);
}

/* <date when="...">value</date>, @when only when value is a W3C date. */
static void write_date(struct build *b, const char *value)
{
	char when[64];

	start(b, "date");
	if (tei_w3c_date(value, when))
		set_attr(b, "when", when);
	add_text(b, value);
	end(b);
}

static void write_publication_stmt(struct build *b)
{
	size_t n = host->meta_count(b->doc), publishers = 0;
	const char *key, *value, *date = host->meta_find(b->doc, "date");

	start(b, "publicationStmt");
	for (size_t i = 0; i < n; i++)
		if (host->meta_get(b->doc, i, &key, &value) == 0 && strcmp(key, "publisher") == 0) {
			text_element(b, "publisher", value);
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
			text_element(b, "p", p.p);
		tei_buf_free(&p);
	} else if (date != NULL) {
		write_date(b, date);
	}
	end(b);
}

/*
 * sourceDesc/bibl: the article's own metadata, every key in its order; the
 * reader rebuilds the metadata list from this element alone.
 */
static void write_bibl(struct build *b)
{
	size_t n = host->meta_count(b->doc);

	start(b, "sourceDesc");
	start(b, "bibl");
	for (size_t i = 0; i < n; i++) {
		const char *key, *value;

		if (host->meta_get(b->doc, i, &key, &value) != 0)
			continue;
		if (strcmp(key, TEI_META_CHANGE) == 0) {
			continue; /* written in revisionDesc */
		} else if (strcmp(key, "title") == 0) {
			text_element(b, "title", value);
		} else if (strcmp(key, "subtitle") == 0) {
			start(b, "title");
			set_const(b, "type", TEI_HEAD_SUBTITLE);
			add_text(b, value);
			end(b);
		} else if (strcmp(key, "author") == 0) {
			text_element(b, "author", value);
		} else if (strcmp(key, "date") == 0) {
			write_date(b, value);
		} else if (strcmp(key, "publisher") == 0) {
			text_element(b, "publisher", value);
		} else if (strcmp(key, "source") == 0) {
			start(b, "idno");
			set_const(b, "type", TEI_IDNO_SOURCE);
			add_text(b, value);
			end(b);
		} else if (strcmp(key, "language") == 0) {
			start(b, "textLang");
			if (tei_lang_ok(value))
				set_attr(b, "mainLang", value);
			add_text(b, value);
			end(b);
		} else {
			size_t len = strlen(value);

			start(b, "note");
			/* The text is checked before the key, as it always was:
			 * with both bad, the message names the element. */
			if (!stopped(b) && !tei_utf8_valid(value, len))
				b->bad = "note";
			set_const(b, "type", TEI_NOTE_META);
			set_attr(b, "n", key);
			add_valid_text(b, value, len, 1);
			end(b);
		}
	}
	end(b);
	end(b);
}

/* One person, group or organisation of the listPerson. */
static void write_person(struct build *b, size_t i, const struct cc_person *p)
{
	int org = p->kind == CC_PERSON_ORG;

	start(b, org ? "org" : p->kind == CC_PERSON_GROUP ? "personGrp" : "person");
	set_xml_id(b, b->pxid[i]);
	/* The id the document uses, when the xml:id could not carry it. */
	if (strcmp(b->pxid[i] + strlen(b->docxid) + 1, p->id) != 0)
		set_attr(b, "n", p->id);
	if (p->name != NULL)
		text_element(b, org ? "orgName" : "persName", p->name);
	if (p->role != NULL) {
		if (!org)
			start(b, "occupation");
		text_element(b, "roleName", p->role);
		if (!org)
			end(b);
	}
	if (p->affiliation != NULL) {
		if (org) {
			start(b, "note");
			set_const(b, "type", TEI_NOTE_AFFIL);
			add_text(b, p->affiliation);
			end(b);
		} else {
			text_element(b, "affiliation", p->affiliation);
		}
	}
	end(b);
}

/* profileDesc: the language and every person, group and organisation. */
static void write_profile_desc(struct build *b)
{
	const char *lang = host->meta_find(b->doc, "language");

	if (b->npersons == 0 && !tei_lang_ok(lang))
		return;
	start(b, "profileDesc");
	if (tei_lang_ok(lang)) {
		start(b, "langUsage");
		start(b, "language");
		set_attr(b, "ident", lang);
		end(b);
		end(b);
	}
	if (b->npersons > 0) {
		start(b, "particDesc");
		start(b, "listPerson");
		for (size_t i = 0; i < b->npersons; i++) {
			struct cc_person p;

			if (host->person_get(b->doc, i, &p) == 0)
				write_person(b, i, &p);
		}
		end(b);
		end(b);
	}
	end(b);
}

/* The format a document was read from (the host says, ABI 1.4), or NULL
 * when no reader made it. */
static const char *source_format(struct build *b)
{
	return host->doc_format ? host->doc_format(b->doc) : NULL;
}

/* One <change>: @when when a W3C date, @who pointing at the application
 * when corpusconv made it. */
static void write_change(struct build *b, const char *when, int ours, const char *text)
{
	char w[64];

	start(b, "change");
	if (when != NULL && *when != '\0' && tei_w3c_date(when, w))
		set_attr(b, "when", w);
	if (ours)
		set_ptr(b, "who", b->appxid);
	add_text(b, text);
	end(b);
}

/*
 * revisionDesc: the change entries the document carries (metadata
 * TEI_META_CHANGE, kept by the reader), then, when none of them was made by
 * corpusconv, one for this conversion.  Its words depend only on the
 * source format and corpusconv's version, and its date only on
 * --set tei-change-date, so output stays
 * deterministic and TEI -> TEI adds nothing.
 */
static void write_revision_desc(struct build *b)
{
	size_t n = host->meta_count(b->doc);
	int ours = 0;

	start(b, "revisionDesc");
	for (size_t i = 0; i < n && !b->oom; i++) {
		const char *key, *value, *t1, *t2;
		char *when;

		if (host->meta_get(b->doc, i, &key, &value) != 0 ||
		    strcmp(key, TEI_META_CHANGE) != 0)
			continue;
		t1 = strchr(value, '\t');
		t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;
		if (t2 == NULL) {
			write_change(b, NULL, 0, value);
			continue;
		}
		when = strndup(value, (size_t)(t1 - value));
		if (when == NULL) {
			b->oom = 1;
			break;
		}
		if ((size_t)(t2 - t1 - 1) == strlen(TEI_CHANGE_BY_US) &&
		    strncmp(t1 + 1, TEI_CHANGE_BY_US, (size_t)(t2 - t1 - 1)) == 0) {
			write_change(b, when, 1, t2 + 1);
			ours = 1;
		} else {
			write_change(b, when, 0, t2 + 1);
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
			write_change(b, b->change_date, 1, t.p);
		tei_buf_free(&t);
	}
	end(b);
}

static void write_header(struct build *b)
{
	start(b, "teiHeader");
	start(b, "fileDesc");
	write_title_stmt(b);
	write_publication_stmt(b);
	write_bibl(b);
	end(b);
	write_app_info(b, b->appxid);
	write_profile_desc(b);
	write_revision_desc(b);
	end(b);
}

/* ---- statements ------------------------------------------------------------- */

/* One statement as the writer sees it. */
struct wst {
	struct cc_statement s;
	size_t idx;     /* its index in the document */
	const char *xid; /* xml:id of its <said>/<q> (in the build's ids, or kept) */
	int xid_kept;   /* xid is "DOC.sN", kept without the set (plan_statements) */
	int inline_;    /* marked in its block (else its quote is in <back>) */
	long person;    /* index of its person, or -1 */
	const char *kind; /* the name of its kind, or NULL */
	size_t extra, nextra; /* its extra fields: plan.extras[extra..+nextra) */
	/* Its confidence as @cert and its why as a note, or NULL; borrowed
	 * from the document (take_markup_extra). */
	const char *cert, *why;
	int confidence_seen; /* its first confidence field has been met */
};

/* One extra field of a statement, borrowed from the document. */
struct wextra {
	const char *key, *value;
};

/*
 * What writing the statements needs, worked out from the document before
 * anything is written.
 */
struct plan {
	struct wst *st;         /* every statement, in document order */
	size_t nst;
	struct wst **cand;      /* those marked in their block, in text order */
	size_t ncand;
	size_t *stack;          /* room for write_marked_text's open ranges */
	struct wextra *extras;  /* the statements' extra fields */
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
	if (memcmp(text + s->start, s->quote, qlen) != 0)
		return 0;
	/*
	 * In a valid block, the quote is valid UTF-8 exactly when the cuts
	 * fall on character boundaries: checking the cuts checks the quote
	 * without reading it again.  A block that is not valid fails the
	 * document when it is written, with the message it always had,
	 * before any of its statements is marked or written in <back>: what
	 * this says of them then changes nothing.  An empty quote is valid
	 * anywhere.
	 */
	return qlen == 0 || ((((const unsigned char *)text)[s->start] & 0xC0) != 0x80 &&
	                     (s->end == len || (((const unsigned char *)text)[s->end] & 0xC0) != 0x80));
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

/*
 * Sets who="#ID", ID person p's xml:id.  A person speaks many statements:
 * the value is checked and escaped (by libxml2) the first time, and the
 * escape kept for the next ones.  A value that is not plain text takes
 * set_attr's way (which mends or refuses it), every time.
 */
static void set_who(struct build *b, size_t p)
{
	struct who_esc *w = &b->who[p];
	char small[PTR_SMALL];
	struct tei_buf v = { 0 };
	const char *value, *esc;
	size_t len;

	if (stopped(b))
		return;
	if (w->off != SIZE_MAX) {
		tei_xo_attr_escaped(b->xo, "who", b->whoesc.p + w->off, w->len);
		return;
	}
	if ((value = ptr_value(b->pxid[p], small, &v)) == NULL) {
		b->oom = 1;
		goto out_free_value;
	}
	if (tei_text_check(value, strlen(value)) != TEI_TEXT_OK) {
		set_attr(b, "who", value);
		goto out_free_value;
	}
	if ((esc = tei_xo_attr_escape(b->xo, value, &len)) == NULL)
		goto out_free_value;
	/* Kept with its NUL, so the next escape starts past it. */
	if (tei_buf_add(&b->whoesc, esc, len + 1) != 0) {
		b->oom = 1;
		goto out_free_value;
	}
	w->off = b->whoesc.len - (len + 1);
	w->len = len;
	tei_xo_attr_escaped(b->xo, "who", b->whoesc.p + w->off, w->len);
out_free_value:
	tei_buf_free(&v);
}

/* Starts <said> (direct, indirect) or <q> (partial, or where <said> may
 * not go); the caller writes its content and ends it. */
static void start_statement(struct build *b, const struct wst *st, int said_ok)
{
	int said = said_ok && st->s.kind != CC_STATEMENT_PARTIAL;
	long p = st->person;

	start(b, said ? "said" : "q");
	set_xml_id(b, st->xid);
	if (p >= 0 && (size_t)p < b->npersons)
		set_who(b, (size_t)p);
	if (said)
		set_const(b, "direct", st->s.kind == CC_STATEMENT_INDIRECT ? "false" : "true");
	if (st->cert != NULL)
		set_attr(b, "cert", st->cert);
}

/* Appends a piece of the block being written (checked by write_block). */
static void add_block_text(struct build *b, const char *s, size_t len)
{
	/* A block of XML characters only has no span to look for. */
	if (b->block_clean) {
		if (!stopped(b))
			tei_xo_text(b->xo, s, len, 0);
	} else {
		add_valid_text(b, s, len, 0);
	}
}

/*
 * Appends text[a, z) of a block, valid UTF-8, to the open element.  The
 * piece is valid too unless a cut falls inside a character (an empty quote
 * can be anchored anywhere), which fails the document as text that is not
 * UTF-8 does.
 */
static void add_piece(struct build *b, const char *text, size_t len, size_t a, size_t z)
{
	const unsigned char *u = (const unsigned char *)text;

	if (stopped(b) || a == z)
		return;
	/* A continuation byte at either cut: the cut is inside a character. */
	if ((u[a] & 0xC0) == 0x80 || (z < len && (u[z] & 0xC0) == 0x80)) {
		b->bad = tei_xo_name(b->xo);
		return;
	}
	add_block_text(b, text + a, z - a);
}

/*
 * Clears inline_ of every candidate (sorted by wst_cmp) whose range crosses
 * one opened before it in its block: those go to <back>.  The
 * others nest, as write_marked_text then writes them.  `stack` has room for
 * n.
 */
static void drop_crossing(struct wst **cand, size_t n, size_t *stack)
{
	size_t sp = 0;

	for (size_t i = 0; i < n; i++) {
		struct wst *c = cand[i];

		if (i > 0 && cand[i - 1]->s.block != c->s.block)
			sp = 0;
		while (sp > 0 && stack[sp - 1] <= c->s.start)
			sp--;
		if (sp > 0 && c->s.end > stack[sp - 1])
			c->inline_ = 0;
		else
			stack[sp++] = c->s.end;
	}
}

/*
 * Writes the text of one block, valid UTF-8, into the open element, marking
 * the statements cand[0..n) (sorted by wst_cmp) that drop_crossing kept
 * inline: ranges held by another nest inside it.  `stack` has room for n.
 */
static void write_marked_text(struct build *b, const char *text, size_t len,
                              struct wst **cand, size_t n, size_t *stack, int said_ok)
{
	size_t sp = 0, pos = 0;

	if (n == 0) {
		add_block_text(b, text, len);
		return;
	}
	if (len > 0 && !stopped(b))
		tei_xo_mixed(b->xo);
	for (size_t i = 0; i < n; i++) {
		struct wst *c = cand[i];

		while (sp > 0 && stack[sp - 1] <= c->s.start) {
			add_piece(b, text, len, pos, stack[sp - 1]);
			pos = stack[sp - 1];
			end(b);
			sp--;
		}
		if (!c->inline_)
			continue;
		add_piece(b, text, len, pos, c->s.start);
		pos = c->s.start;
		start_statement(b, c, said_ok);
		stack[sp++] = c->s.end;
	}
	while (sp > 0) {
		add_piece(b, text, len, pos, stack[sp - 1]);
		pos = stack[sp - 1];
		end(b);
		sp--;
	}
	add_piece(b, text, len, pos, len);
}

static void f_string(struct build *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	start(b, "f");
	set_const(b, "name", name);
	start(b, "string");
	add_short_text(b, value);
	end(b);
	end(b);
}

static void f_numeric(struct build *b, const char *name, unsigned long long v, int negative)
{
	start(b, "f");
	set_const(b, "name", name);
	start(b, "numeric");
	set_num(b, "value", v, negative);
	end(b);
	end(b);
}

/*
 * A statement's why, as <note type="why" target="#ID"> right after its
 * record: free text, which a feature structure's <string> could hold but
 * TEI's note is made for; the reader takes the note that follows a record
 * as that record's why.  It lies outside every block, so the body text is
 * unchanged.
 */
static void write_why(struct build *b, const struct wst *st)
{
	if (st->why == NULL)
		return;
	start(b, "note");
	set_const(b, "type", TEI_NOTE_WHY);
	set_ptr(b, "target", st->xid);
	add_text(b, st->why);
	end(b);
}

/*
 * <back><div type="statements">: the statements that could not be marked
 * in their block, each as <p><said>quote</said></p> in document order;
 * no <back> when every statement is marked.
 */
static void write_back(struct build *b, const struct plan *pl)
{
	const struct wst *st = pl->st;
	size_t n = pl->nst, k = 0;

	while (k < n && st[k].inline_)
		k++;
	if (k == n)
		return;
	start(b, "back");
	start(b, "div");
	set_const(b, "type", TEI_DIV_STATEMENTS);
	for (size_t i = k; i < n && !stopped(b); i++) {
		if (st[i].inline_)
			continue;
		start(b, "p");
		start_statement(b, &st[i], 1);
		add_text(b, st[i].s.quote);
		end(b);
		end(b);
	}
	end(b);
	end(b);
}

/*
 * <standOff type="statements">, after <text>: one <fs type="statement">
 * per statement, in document order, holding what TEI has no attribute
 * for, each followed by its why note.  Stand-off annotation is what these
 * records are, and renderers leave it out of the text: in a <back> div
 * the TEI Stylesheets ran the records' strings together at the end of the
 * page.  (The reader takes records from a <back> div too: TEI written
 * before.)
 */
static void write_standoff(struct build *b, const struct plan *pl)
{
	const struct wst *st = pl->st;
	size_t n = pl->nst;

	if (n == 0)
		return;
	start(b, "standOff");
	set_const(b, "type", TEI_DIV_STATEMENTS);
	for (size_t i = 0; i < n && !stopped(b); i++) {
		const struct cc_statement *s = &st[i].s;
		const char *kind = st[i].kind;

		start(b, "fs");
		set_const(b, "type", TEI_FS_STATEMENT);
		set_attr(b, "n", s->id);
		set_ptr(b, "corresp", st[i].xid);
		start(b, "f");
		set_const(b, "name", "kind");
		start(b, "symbol");
		if (kind != NULL)
			set_host_name(b, "value", kind);
		else
			set_const(b, "value", "direct");
		end(b);
		end(b);
		f_string(b, "speaker", s->speaker);
		f_string(b, "person", s->person);
		f_string(b, "role", s->role);
		f_string(b, "cue", s->cue);
		if (!st[i].inline_ && s->block != -1) {
			f_numeric(b, "block", s->block < 0 ? 0ULL - (unsigned long long)s->block
			                                   : (unsigned long long)s->block,
			          s->block < 0);
			f_numeric(b, "start", s->start, 0);
			f_numeric(b, "end", s->end, 0);
		}
		for (size_t j = 0; j < st[i].nextra; j++) {
			const struct wextra *e = &pl->extras[st[i].extra + j];

			if (e->key == NULL)
				continue;
			start(b, "f");
			set_const(b, "name", "extra");
			set_attr(b, "n", e->key);
			text_element(b, "string", e->value);
			end(b);
		}
		end(b);
		write_why(b, &st[i]);
	}
	end(b);
}

/* ---- body ------------------------------------------------------------------- */

/*
 * The body is <div type="article"> holding divs of type "section" (one per
 * heading).  TEI fixes what may follow what inside a div: heads, datelines
 * and bylines open it, paragraphs follow, and datelines or bylines after
 * paragraphs close it.  A block that cannot follow what its div holds
 * opens a fresh div (inside the article div, or a new top-level div when
 * the article div is closed); the reader ignores divs, so nothing changes
 * in the blocks.  Divs are written as they open, so opening one ends the
 * divs it does not go into.
 */
enum { ST_TOP, ST_COMMON, ST_DIVS, ST_BOTTOM };
enum { CAT_GLOBAL, CAT_HEAD, CAT_SECTION, CAT_WRAP, CAT_COMMON };

struct body {
	struct build *b;
	int l1, l2;     /* the state of the open top-level div and of the div in it */
	int has_l2;     /* a div is open inside the top-level one */
};

/* Ends the top-level div (and the div in it) and opens the next one. */
static void open_l1(struct body *y, const char *type)
{
	if (y->has_l2)
		end(y->b);
	end(y->b);
	start(y->b, "div");
	if (type != NULL)
		set_const(y->b, "type", type);
	y->l1 = ST_TOP;
	y->has_l2 = 0;
}

/* Opens a div inside the top-level one (ending the one there was). */
static void open_l2(struct body *y, const char *type)
{
	if (y->l1 == ST_BOTTOM)
		open_l1(y, NULL);
	else if (y->has_l2)
		end(y->b);
	start(y->b, "div");
	if (type != NULL)
		set_const(y->b, "type", type);
	y->l1 = ST_DIVS;
	y->l2 = ST_TOP;
	y->has_l2 = 1;
}

/* A fresh, untyped div for a block that cannot follow what the current
 * one holds: inside the top-level div while that still takes divs, else a
 * new top-level div.  Returns the state of the div opened. */
static int *fresh_div(struct body *y)
{
	if (y->l1 == ST_BOTTOM) {
		open_l1(y, NULL);
		return &y->l1;
	}
	open_l2(y, NULL);
	return &y->l2;
}

/* Makes the div a block of category `cat` goes into the open one. */
static void place(struct body *y, int cat)
{
	int *f = y->has_l2 ? &y->l2 : &y->l1;

	switch (cat) {
	case CAT_SECTION:
		open_l2(y, TEI_DIV_SECTION);
		break;
	case CAT_HEAD:
		if (*f != ST_TOP)
			fresh_div(y);
		break;
	case CAT_WRAP:
		if (*f == ST_COMMON || *f == ST_DIVS)
			*f = ST_BOTTOM;
		break;
	case CAT_COMMON:
		if (*f == ST_BOTTOM)
			f = fresh_div(y);
		*f = ST_COMMON;
		break;
	default:
		break;
	}
}

/* Writes block i, marking the inline statements cand[0..ncand). */
static void write_block(struct body *y, size_t i, struct wst **cand, size_t ncand,
                        size_t *stack)
{
	struct build *b = y->b;
	const char *text;
	size_t len;
	int kind, said_ok = 1, figure = 0;

	if (host->block_get(b->doc, i, &kind, &text, &len) != 0)
		return;
	switch (tei_text_check(text, len)) {
	case TEI_TEXT_BAD:
		b->bad = "a block";
		return;
	case TEI_TEXT_OK:
		b->block_clean = 1;
		break;
	default:
		b->block_clean = 0;
		break;
	}
	switch (kind) {
	case CC_BLOCK_TITLE:
	case CC_BLOCK_SUBTITLE:
		place(y, CAT_HEAD);
		start(b, "head");
		set_const(b, "type", kind == CC_BLOCK_TITLE ? TEI_HEAD_TITLE : TEI_HEAD_SUBTITLE);
		break;
	case CC_BLOCK_HEADING:
		place(y, CAT_SECTION);
		start(b, "head");
		break;
	case CC_BLOCK_DATELINE:
		place(y, CAT_WRAP);
		start(b, "dateline");
		said_ok = 0;
		break;
	case CC_BLOCK_BYLINE:
		place(y, CAT_WRAP);
		start(b, "byline");
		said_ok = 0;
		break;
	case CC_BLOCK_CAPTION:
		place(y, CAT_GLOBAL);
		start(b, "figure");
		start(b, "figDesc");
		figure = 1;
		break;
	case CC_BLOCK_BOILERPLATE:
		place(y, CAT_GLOBAL);
		start(b, "note");
		set_const(b, "type", TEI_NOTE_BOILER);
		break;
	default:
		place(y, CAT_COMMON);
		start(b, "p");
		break;
	}
	write_marked_text(b, text, len, cand, ncand, stack, said_ok);
	end(b);
	if (figure)
		end(b);
}

static void write_body(struct build *b, const struct plan *pl)
{
	struct body y = { .b = b };
	size_t nblocks = host->block_count(b->doc), c = 0;

	start(b, "body");
	start(b, "div");
	set_const(b, "type", TEI_DIV_ARTICLE);
	y.l1 = ST_TOP;
	for (size_t i = 0; i < nblocks && !stopped(b); i++) {
		size_t first = c;

		while (c < pl->ncand && (size_t)pl->cand[c]->s.block == i)
			c++;
		/* cand is NULL when no statement is inline: no arithmetic on it. */
		write_block(&y, i, pl->ncand ? pl->cand + first : NULL, c - first, pl->stack);
	}
	if (y.has_l2)
		end(b);
	end(b);
	end(b);
}

/* ---- one document ------------------------------------------------------------ */

static void build_free(struct build *b)
{
	tei_buf_free(&b->esc);
	free(b->who);
	free(b->pkept);
	tei_buf_free(&b->whoesc);
	free(b->pxid);
	free(b->docxid);
	tei_buf_free(&b->scratch);
	tei_idset_free(&b->ids);
}

/* N when id is the letter c and N (decimal from 1, no leading zero, at
 * most 19 digits), the form of the ids the host numbers persons ("p3")
 * and statements ("s12") with; else 0. */
static unsigned long long seq_number(const char *id, char c)
{
	unsigned long long n = 0;
	size_t i;

	if (id == NULL || id[0] != c || id[1] < '1' || id[1] > '9')
		return 0;
	for (i = 1; id[i] >= '0' && id[i] <= '9'; i++) {
		if (i > 19)
			return 0;
		n = n * 10 + (unsigned long long)(id[i] - '0');
	}
	return id[i] == '\0' ? n : 0;
}

/*
 * The xml:id of person or statement i whose id is "pN" or "sN", N = i + 1
 * (as the host numbers them): "DOC.pN" or "DOC.sN", unless an id in the
 * set already took it (then NULL, and the caller takes the general way).
 * `ntaken` is how many ids of the set have that letter and a number.
 *
 * The id is kept without entering the set, which saves hashing it into a
 * large table (a cache miss each, on a large document).  Nothing else can
 * take it: a numbered person or statement has another N, an id through the
 * set is refused it (taken_by_numbered), and a fallback id ("person-N",
 * "statement-N") has another form.  *oom on running out of memory.
 */
static const char *numbered_xml_id(struct build *b, const char *id, size_t ntaken, int *oom)
{
	struct tei_buf *x = &b->scratch;
	const char *out;

	x->len = 0;
	if (tei_buf_add(x, b->docxid, strlen(b->docxid)) != 0 || tei_buf_addc(x, '.') != 0 ||
	    tei_buf_add(x, id, strlen(id)) != 0) {
		*oom = 1;
		return NULL;
	}
	/* A lookup only when the set holds some id of this form at all,
	 * which the numbering rarely meets.  "DOC.sN" is an NCName: docxid
	 * is ASCII letters, digits, '_' and '-' and starts with a letter or
	 * '_'. */
	if (ntaken != 0 && tei_idset_has(&b->ids, x->p))
		return NULL;
	if ((out = tei_idset_keep(&b->ids, x->p, x->len)) == NULL)
		*oom = 1;
	return out;
}

/* 1 when a numbered person or statement (pl: NULL before statements get
 * theirs) kept "DOC.local" out of the set: it is as taken as if it were
 * in it. */
static int taken_by_numbered(const struct build *b, const struct plan *pl, const char *local)
{
	unsigned long long k;

	if ((k = seq_number(local, 'p')) != 0)
		return k <= b->npersons && b->pkept[k - 1];
	if (pl != NULL && (k = seq_number(local, 's')) != 0)
		return k <= pl->nst && pl->st[k - 1].xid_kept;
	return 0;
}

/* local_xml_id for a person or statement not kept out of the set, which
 * counts it when it has a numbered form. */
static const char *listed_xml_id(struct build *b, const struct plan *pl, const char *local,
                                 const char *kind, unsigned long *next)
{
	const char *out;
	int changed;

	out = local_xml_id(b, taken_by_numbered(b, pl, local) ? NULL : local, kind, next,
	                   &changed);
	if (out != NULL && !changed) {
		b->ntaken_p += seq_number(local, 'p') != 0;
		b->ntaken_s += seq_number(local, 's') != 0;
	}
	return out;
}

/* Gives each person its xml:id. */
static int assign_person_ids(struct build *b)
{
	size_t n = host->person_count(b->doc);
	int reserved = 0;

	if (n == 0)
		return 0;
	b->pxid = calloc(n, sizeof(*b->pxid));
	b->who = calloc(n, sizeof(*b->who));
	b->pkept = calloc(n, 1);
	if (b->pxid == NULL || b->who == NULL || b->pkept == NULL)
		return -1;
	b->npersons = n;
	for (size_t i = 0; i < n; i++) {
		struct cc_person p;
		int oom = 0;

		b->who[i].off = SIZE_MAX;
		if (host->person_get(b->doc, i, &p) != 0)
			return -1;
		if (seq_number(p.id, 'p') == (unsigned long long)i + 1) {
			b->pxid[i] = numbered_xml_id(b, p.id, b->ntaken_p, &oom);
			if (oom)
				return -1;
			b->pkept[i] = b->pxid[i] != NULL;
		}
		if (!b->pkept[i]) {
			/* The first id through the set: room for all that
			 * may follow, at once. */
			if (!reserved && tei_idset_reserve(&b->ids, n - i) != 0)
				return -1;
			reserved = 1;
			b->pxid[i] = listed_xml_id(b, NULL, p.id, "person", &b->next_n[1]);
			if (b->pxid[i] == NULL)
				return -1;
		}
	}
	return 0;
}

static void plan_free(struct plan *pl)
{
	free(pl->st);
	free(pl->cand);
	free(pl->stack);
	free(pl->extras);
}

/*
 * Takes the statement's first confidence field as its @cert when @cert can
 * hold it (a decimal from 0 to 1; else it stays an extra field, so nothing
 * is lost and the TEI stays valid), and its first why as its note: either
 * is then left out of the extra fields (e->key set to NULL).
 */
static void take_markup_extra(struct wst *w, struct wextra *e)
{
	if (e->key == NULL || e->value == NULL)
		return;
	if (strcmp(e->key, TEI_EXTRA_CONFIDENCE) == 0 && !w->confidence_seen) {
		w->confidence_seen = 1;
		if (tei_confidence_ok(e->value)) {
			w->cert = e->value;
			e->key = NULL;
		}
	} else if (strcmp(e->key, TEI_EXTRA_WHY) == 0 && w->why == NULL) {
		w->why = e->value;
		e->key = NULL;
	}
}

/*
 * Gathers the statements of b->doc into pl: each one's xml:id (given out
 * after the persons'), whether it can be marked in its block, its person,
 * the name of its kind and its extra fields; then the inline ones in text
 * order.  0, or -1 when memory ran out.
 */
static int plan_statements(struct build *b, struct plan *pl)
{
	const cc_doc *doc = b->doc;
	size_t nst = host->statement_count(doc), nextra = 0;
	int reserved = 0;

	pl->nst = nst;
	if (nst == 0)
		return 0;
	pl->st = calloc(nst, sizeof(*pl->st));
	pl->cand = malloc(nst * sizeof(*pl->cand));
	pl->stack = malloc(nst * sizeof(*pl->stack));
	if (pl->st == NULL || pl->cand == NULL || pl->stack == NULL)
		return -1;
	for (size_t i = 0; i < nst; i++) {
		struct wst *w = &pl->st[i];
		int oom = 0;

		if (host->statement_get(doc, i, &w->s) != 0)
			return -1;
		w->idx = i;
		if (seq_number(w->s.id, 's') == (unsigned long long)i + 1) {
			w->xid = numbered_xml_id(b, w->s.id, b->ntaken_s, &oom);
			if (oom)
				return -1;
			w->xid_kept = w->xid != NULL;
		}
		if (!w->xid_kept) {
			/* The first id through the set: room for all that
			 * may follow, at once. */
			if (!reserved && tei_idset_reserve(&b->ids, nst - i) != 0)
				return -1;
			reserved = 1;
			w->xid = listed_xml_id(b, pl, w->s.id, "statement", &b->next_n[2]);
			if (w->xid == NULL)
				return -1;
		}
		w->inline_ = statement_fits(doc, &w->s);
		/* Consecutive statements are often the same person's: look
		 * each run up once. */
		if (i > 0 && w->s.person != NULL && w[-1].s.person != NULL &&
		    strcmp(w->s.person, w[-1].s.person) == 0)
			w->person = w[-1].person;
		else
			w->person = host->person_find(doc, w->s.person);
		w->kind = host->statement_kind_name(w->s.kind);
		w->extra = nextra;
		w->nextra = host->statement_extra_count(doc, i);
		if (w->nextra > SIZE_MAX / sizeof(*pl->extras) - nextra)
			return -1;
		nextra += w->nextra;
		if (w->inline_)
			pl->cand[pl->ncand++] = w;
	}
	if (nextra > 0) {
		pl->extras = calloc(nextra, sizeof(*pl->extras));
		if (pl->extras == NULL)
			return -1;
		/* A field the host cannot give keeps a NULL key: left out. */
		for (size_t i = 0; i < nst; i++)
			for (size_t j = 0; j < pl->st[i].nextra; j++) {
				struct wextra *e = &pl->extras[pl->st[i].extra + j];

				if (host->statement_extra_get(doc, i, j, &e->key, &e->value) != 0)
					e->key = NULL;
				take_markup_extra(&pl->st[i], e);
			}
	}
	/* Statements mostly come in text order already. */
	for (size_t i = 1; i < pl->ncand; i++)
		if (wst_cmp(&pl->cand[i - 1], &pl->cand[i]) > 0) {
			qsort(pl->cand, pl->ncand, sizeof(*pl->cand), wst_cmp);
			break;
		}
	drop_crossing(pl->cand, pl->ncand, pl->stack);
	return 0;
}

/*
 * Writes the TEI of one document into `out`, its root at libxml2's
 * `level`.  Returns 0, or -1 after reporting why (what is in `out` is
 * then to be dropped).
 */
static int build_doc(struct tei_writer *w, const cc_doc *doc, struct tei_xmlbuf *out,
                     int level)
{
	struct build b = { .ctx = w->ctx, .doc = doc, .xo = &w->xo,
	                   .change_date = w->change_date, .texts = &w->texts,
	                   .next_n = { 1, 1, 1 } };
	struct plan pl = { 0 };
	int changed, rc = -1;
	const char *id = host->doc_id(doc);

	tei_xo_begin(&w->xo, out, level);
	b.docxid = doc_xml_id(w, id ? id : "doc", &changed);
	if (b.docxid == NULL)
		goto out_oom;
	start(&b, "TEI");
	set_const(&b, "xmlns", TEI_NS); /* the namespace declaration */
	set_xml_id(&b, b.docxid);
	if (changed && id != NULL)
		set_attr(&b, "n", id);
	/* Given out first, so no person or statement can take it.  (The set
	 * of ids grows as persons and statements need: see
	 * assign_person_ids.) */
	b.appxid = local_xml_id(&b, TEI_APP_LOCAL, "app", &b.next_n[0], &changed);
	if (b.appxid == NULL || assign_person_ids(&b) != 0 || plan_statements(&b, &pl) != 0)
		goto out_oom;
	write_header(&b);
	start(&b, "text");
	write_body(&b, &pl);
	write_back(&b, &pl);
	end(&b);
	write_standoff(&b, &pl);
	end(&b);
	if (w->io.failed)
		goto out_free; /* streaming, the output failed (reported) */
	if (b.oom || w->xo.failed == TEI_XO_OOM)
		goto out_oom;
	if (b.bad) {
		host->report(w->ctx, CC_FAILED, 0, 0,
		             "document %s: text for <%s> is not valid UTF-8", id ? id : "", b.bad);
		goto out_free;
	}
	if (tei_xo_finish(&w->xo) != 0) {
		host->report(w->ctx, CC_FAILED, 0, 0,
		             "document %s: TEI serialiser misused (a bug in corpusconv)",
		             id ? id : "");
		goto out_free;
	}
	if (b.repaired)
		host->report(w->ctx, CC_WARN, 0, 0,
		             "document %s: a control character in an attribute value was "
		             "replaced by U+FFFD", id ? id : "");
	rc = 0;
	goto out_free;
out_oom:
	host->report(w->ctx, CC_FAILED, 0, 0, "out of memory building TEI for %s",
	             id ? id : "a document");
out_free:
	plan_free(&pl);
	build_free(&b);
	return rc;
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

/* Passes serialised XML to the host's stream, as io_write does for
 * libxml2 (whose lengths are ints); the host writes a large piece to its
 * file as it is, without copying it. */
static int out_put(void *user, const char *p, size_t len)
{
	struct tei_io *io = user;

	if (!io->failed && len > 0 && host->out_write(io->out, p, len) != CC_OK)
		io->failed = 1;
	return io->failed ? -1 : 0;
}

/* Writes serialised XML, one level deeper when `deeper`, after what the
 * xmlTextWriter wrote. */
static int put_xml(struct tei_writer *w, const struct tei_xmlbuf *m, int deeper)
{
	if (xmlTextWriterFlush(w->tw) < 0 || w->ob->error || w->io.failed)
		return -1;
	return tei_xmlbuf_write(m, deeper, out_put, &w->io);
}

/*
 * The teiCorpus's own header: the corpus has no metadata of its own, so it
 * says only what it is and who made it.  With `empty`, the whole output for
 * zero documents instead: TEI allows no teiCorpus without a TEI in it, so
 * it is a lone <TEI type="empty-corpus"> with that header and an empty
 * paragraph as its text (the body must hold something), which the reader
 * reads as no document at all.  Written into `out`; 0 or -1.
 */
static int corpus_header(struct tei_writer *w, int empty, struct tei_xmlbuf *out)
{
	struct build b = { .ctx = w->ctx, .xo = &w->xo };
	const char *title = host->option(w->ctx, "corpus-title");

	/* The header goes inside <teiCorpus>, one level down. */
	tei_xo_begin(&w->xo, out, empty ? 0 : 1);
	if (empty) {
		start(&b, "TEI");
		set_const(&b, "xmlns", TEI_NS);
		set_const(&b, "type", TEI_EMPTY_CORPUS);
	}
	start(&b, "teiHeader");
	start(&b, "fileDesc");
	start(&b, "titleStmt");
	text_element(&b, "title", title ? title : "Documents converted by corpusconv");
	end(&b);
	start(&b, "publicationStmt");
	text_element(&b, "p",
	             empty ? "Converted to TEI by corpusconv; the input held no document."
	                   : "Converted to TEI by corpusconv; each document below names its own source.");
	end(&b);
	start(&b, "sourceDesc");
	text_element(&b, "p",
	             empty ? "No document: this corpus is empty."
	                   : "See the teiHeader of each TEI document in this corpus.");
	end(&b);
	end(&b);
	write_app_info(&b, NULL);
	end(&b);
	if (empty) {
		start(&b, "text");
		start(&b, "body");
		start(&b, "p");
		end(&b);
		end(&b);
		end(&b);
		end(&b);
	}
	if (b.oom || b.bad)
		return -1;
	return tei_xo_finish(&w->xo) != 0 ? -1 : 0;
}

/* Opens <teiCorpus>, writes its header and the held first document. */
static int start_corpus(struct tei_writer *w)
{
	struct tei_xmlbuf hd = { 0 };
	int rc = -1;

	if (start_output(w) != 0 ||
	    xmlTextWriterStartElement(w->tw, (const xmlChar *)"teiCorpus") < 0 ||
	    xmlTextWriterWriteAttribute(w->tw, (const xmlChar *)"xmlns",
	                                (const xmlChar *)TEI_NS) < 0 ||
	    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n  ") < 0)
		return -1;
	if (corpus_header(w, 0, &hd) == 0 && put_xml(w, &hd, 0) == 0 &&
	    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n  ") >= 0 &&
	    put_xml(w, &w->first, 1) == 0)
		rc = 0;
	tei_xmlbuf_free(&hd);
	tei_xmlbuf_free(&w->first);
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
 * SOURCE_DATE_EPOCH either: the bundle plugin takes that as its
 * bagging-date, and a bundle made with it must equal one made with
 * --bagging-date.  The host checked the date before the run (the option is
 * declared a CC_OPTION_DATE); the check here stays for hosts before 1.4.
 * Returns CC_OK or CC_FATAL (a bad date, reported).
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
	if (tei_xo_init(&w->xo) != 0) {
		free(w);
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	}
	w->ctx = ctx;
	w->io.out = out;
	*state = w;
	return CC_OK;
}

/* Zero documents: a valid TEI that reads back as none. */
static int write_empty(struct tei_writer *w)
{
	struct tei_xmlbuf xd = { 0 };
	int rc = -1;

	if (corpus_header(w, 1, &xd) == 0 && start_output(w) == 0 && put_xml(w, &xd, 0) == 0 &&
	    xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n") >= 0 &&
	    xmlTextWriterEndDocument(w->tw) >= 0 && xmlTextWriterFlush(w->tw) >= 0)
		rc = 0;
	tei_xmlbuf_free(&xd);
	return rc;
}

/* The host knows doc is the output's only document (ABI 1.2). */
static int doc_sole(cc_ctx *ctx)
{
	return CC_HOST_HAS(host, doc_sole) && host->doc_sole != NULL && host->doc_sole(ctx);
}

/*
 * The output's only document: a lone TEI, written as it is serialised
 * rather than held (a large document held cost more in fresh memory and in
 * copying it out than in serialising it).  What went out cannot be taken
 * back: when the document fails, so does the output (write_end).
 */
static int write_sole(struct tei_writer *w, const cc_doc *doc)
{
	w->streamed = 1;
	if (start_output(w) != 0 || xmlTextWriterFlush(w->tw) < 0 || w->ob->error ||
	    w->io.failed)
		return write_failed(w);
	tei_xmlbuf_reset(&w->first, 0);
	w->first.sink = out_put;
	w->first.sink_user = &w->io;
	if (build_doc(w, doc, &w->first, 0) != 0)
		return w->io.failed ? write_failed(w) : CC_FAILED;
	if (tei_xmlbuf_drain(&w->first) != 0)
		return write_failed(w);
	w->ndocs++;
	return CC_OK;
}

int tei_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct tei_writer *w = state;
	int rc = CC_OK;

	w->ctx = ctx;
	if (w->ndocs == 0 && !w->streamed && doc_sole(ctx))
		return write_sole(w, doc);
	if (w->streamed)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "a second document for an output said to hold one");
	if (w->ndocs == 0) {
		/* Held, with its indentation noted, until we know whether
		 * it stands alone or opens a teiCorpus. */
		tei_xmlbuf_reset(&w->first, 1);
		if (build_doc(w, doc, &w->first, 0) != 0)
			return CC_FAILED;
		w->ndocs++;
		return CC_OK;
	}
	tei_xmlbuf_reset(&w->next, 0);
	if (build_doc(w, doc, &w->next, 1) != 0)
		return CC_FAILED;
	if (w->ndocs == 1 && start_corpus(w) != 0)
		rc = write_failed(w);
	else if (xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n  ") < 0 ||
	         put_xml(w, &w->next, 0) != 0)
		rc = write_failed(w);
	w->ndocs++;
	return rc;
}

int tei_write_end(cc_ctx *ctx, void *state, int abort)
{
	struct tei_writer *w = state;
	int rc = CC_OK;

	w->ctx = ctx;
	if (!abort) {
		if (w->streamed && w->ndocs == 0) {
			rc = CC_FAILED; /* a part of it went out: see write_sole */
		} else if (w->streamed) {
			if (xmlTextWriterWriteRaw(w->tw, (const xmlChar *)"\n") < 0 ||
			    xmlTextWriterEndDocument(w->tw) < 0 || xmlTextWriterFlush(w->tw) < 0)
				rc = write_failed(w);
		} else if (w->ndocs == 0) {
			if (write_empty(w) != 0)
				rc = write_failed(w);
		} else if (w->ndocs == 1) {
			if (start_output(w) != 0 || put_xml(w, &w->first, 0) != 0 ||
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
		if (rc == CC_OK && w->io.failed)
			rc = write_failed(w);
	}
	if (w->tw != NULL)
		xmlFreeTextWriter(w->tw); /* closes w->ob */
	tei_xo_free(&w->xo);
	tei_xmlbuf_free(&w->first);
	tei_xmlbuf_free(&w->next);
	tei_idset_free(&w->docids);
	if (w->texts != NULL) {
		for (size_t i = 0; i < TEXT_SLOTS; i++)
			free(w->texts[i].text);
		free(w->texts);
	}
	free(w);
	return rc;
}
