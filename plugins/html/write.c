/*
 * write.c: the HTML review writer.  One output is one self-contained page
 * (inline CSS, no script, no network): a header with a legend and the
 * page's navigation, then each document as an <article> (title, date,
 * byline, dateline, then the body with every statement marked in place,
 * the statements that could not be placed, and the document's speaker
 * index), then the corpus summary and the corpus speaker index.
 * docs/html.md shows the page and says how to read it.
 *
 * Every attribute value and text is escaped by libxml2, with the functions
 * its xmlTextWriter uses (xmlAttrSerializeTxtContent, xmlEncodeSpecialChars),
 * so the page is byte for byte what xmlTextWriter wrote; only the markup
 * around them, element and attribute names that are this file's constants,
 * is written as it is (struct xw below: xmlTextWriter's bookkeeping cost
 * more than the rest of the page, issue 17's budget).  Each article is built
 * in memory of its own (so a document that fails leaves no trace on the
 * page) and passed on whole.  Text that is not
 * valid UTF-8, or holds a control character HTML forbids, is written with
 * U+FFFD in place of the bad bytes.
 *
 * Documents are streamed: the page keeps for the summary only each
 * document's id, title and count, and a reference per statement for the
 * corpus speaker index, never a document's text.
 *
 * With -d, end_run (html_end_run, at the end of this file) writes the
 * run's index.html: it reads the run's pages back and writes the summary
 * and speaker index of them all, linking into the pages.
 *
 * It must never build markup with printf or by hand, never print, and
 * never write anything but through host->out_write.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "html.h"

static const struct cc_host *host;

void html_write_init(const struct cc_host *h)
{
	host = h;
}

/* Statements below this confidence stand out on the page. */
#define LOW_CONFIDENCE 0.5

/*
 * The style sheet.  It is written as element text, which libxml2
 * escapes, so it must hold no '<', '>' or '&' (a descendant selector, not
 * a child one).  Text colours are chosen for a contrast of at least 4.5:1
 * against the background they lie on (docs/html.md lists the pairs).
 */
static const char page_css[] =
	"body{font:1rem/1.6 Georgia,'Times New Roman',serif;color:#1a1a1a;background:#fff;"
	"margin:0 auto;max-width:52rem;padding:0 1rem 3rem}"
	"a{color:#0b4f9c}"
	".skip{position:absolute;left:-999rem}"
	".skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem}"
	"header.page{border-bottom:2px solid #1a1a1a;padding-bottom:.5rem}"
	"nav ul,ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem}"
	"article.doc{border-top:2px solid #767676;margin-top:2.5rem}"
	"dl.doc-meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;"
	"font:.9rem/1.5 sans-serif}"
	"dl.doc-meta dt{font-weight:bold}dl.doc-meta dd{margin:0}"
	".st{color:#1a1a1a;padding:0 .1em}"
	".st-direct{background:#dcebfb;border-bottom:3px solid #0b4f9c}"
	".st-partial{background:#fdf0c8;border-bottom:3px dashed #7a4d00}"
	".st-indirect{background:#e3f2e3;border-bottom:3px dotted #1e5e1e}"
	".st-low{outline:2px dashed #a4001d;outline-offset:1px}"
	".st-tag{font:bold .7rem/1 sans-serif;text-transform:uppercase;letter-spacing:.03em;"
	"color:#1a1a1a;background:#fff;border:1px solid #1a1a1a;border-radius:3px;"
	"padding:0 .25em;margin-right:.3em;vertical-align:.15em}"
	".st-partial .st-tag{border-style:dashed}.st-indirect .st-tag{border-style:dotted}"
	".st-low .st-tag{color:#a4001d;border-color:#a4001d}"
	".boilerplate,.caption{color:#595959;font-size:.9rem}"
	".blabel{font:bold .75rem sans-serif;color:#595959;margin-right:.4em}"
	"table{border-collapse:collapse;font:.9rem/1.4 sans-serif;margin:.5rem 0}"
	"th,td{border:1px solid #767676;padding:.2rem .5rem;text-align:left;vertical-align:top}"
	"td.n{text-align:right}summary{font:bold .9rem sans-serif;cursor:pointer}"
	"@media print{.st-tag{border-width:1px}}";

/* ---- escaped output, as xmlTextWriter writes it ------------------------ */

/* A growable byte buffer (memory from the host table). */
struct buf {
	char *p;
	size_t len, cap;
};

static int buf_reserve(struct buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->cap - b->len > more)
		return 0;
	if (more > SIZE_MAX / 2 - b->len)
		return -1;
	cap = b->cap ? b->cap : 128;
	while (cap - b->len <= more)
		cap *= 2;
	if ((p = host->realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int buf_puts(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/*
 * A streaming writer of the markup xmlTextWriter (without indentation)
 * writes for the same calls: a start tag stays open for attributes until
 * content, a child or the end comes.  `bad` is sticky: once libxml2 or
 * memory failed, every later call does nothing, and the caller looks at
 * it once at the end.
 */
struct xw {
	struct buf out;    /* the markup so far (owned) */
	xmlBufferPtr esc;  /* scratch for libxml2's escape of a value (owned) */
	const char **open; /* names of the open elements (borrowed constants) */
	size_t nopen, capopen;
	int in_tag;        /* the last start tag awaits its '>' */
	struct buf clean;  /* scratch for cleaned text (owned) */
	int bad;
	cc_out *sink;      /* where spill() passes the markup on, or NULL */
	int sink_failed;   /* the sink refused a write (the host said why) */
};

static int xw_init(struct xw *o)
{
	memset(o, 0, sizeof *o);
	return (o->esc = xmlBufferCreate()) == NULL ? -1 : 0;
}

/* Empties an xw for a new piece of markup, keeping its memory. */
static void xw_reset(struct xw *o)
{
	o->out.len = o->clean.len = 0;
	o->nopen = 0;
	o->in_tag = o->bad = o->sink_failed = 0;
	o->sink = NULL;
}

static void xw_free(struct xw *o)
{
	if (o->esc != NULL)
		xmlBufferFree(o->esc);
	host->free(o->out.p);
	host->free(o->open);
	host->free(o->clean.p);
}

/* Markup: bytes this file chose, written as they are.  Most calls add a
 * few bytes to a buffer with room for them: that case is inline. */
static inline void put(struct xw *o, const char *s, size_t n)
{
	struct buf *b = &o->out;

	if (o->bad)
		return;
	if (b->cap - b->len > n) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
	} else if (buf_add(b, s, n) != 0) {
		o->bad = 1;
	}
}

#define PUT(o, lit) put((o), (lit), sizeof(lit) - 1)

/*
 * Past this many bytes, spill() passes the markup on.  The corpus speaker
 * index at the end of a page has a link per statement of the corpus: held
 * whole, its buffer grew to megabytes, and growing it cost more than
 * writing it.
 */
#define SPILL_AT 65536

/* Passes the markup so far on to the sink, when there is one and enough
 * is held; called between the rows of long tables. */
static void spill(struct xw *o)
{
	if (o->sink == NULL || o->bad || o->out.len < SPILL_AT)
		return;
	if (host->out_write(o->sink, o->out.p, o->out.len) != CC_OK)
		o->bad = o->sink_failed = 1;
	o->out.len = 0;
}

/* Ends a start tag still open for attributes: content follows. */
static void close_tag(struct xw *o)
{
	if (o->in_tag) {
		PUT(o, ">");
		o->in_tag = 0;
	}
}

/*
 * The length of the character at s[0..n) (1 for a byte that starts no
 * well-formed UTF-8 sequence); *ok says whether HTML may hold it as text:
 * no C0 control but tab, newline and carriage return, no C1 control, no
 * surrogate, no noncharacter U+FFFE / U+FFFF.
 */
static size_t char_at(const unsigned char *s, size_t n, int *ok)
{
	unsigned long c;
	size_t k, i;

	*ok = 0;
	if (s[0] < 0x80) {
		*ok = s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r';
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 2, c = s[0] & 0x1Fu;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 3, c = s[0] & 0x0Fu;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 4, c = s[0] & 0x07u;
	else
		return 1;
	if (k > n)
		return 1;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 1; /* overlong or past Unicode: not a character at all */
	*ok = !((c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF ||
	        (c >= 0x80 && c < 0xA0));
	return k;
}

/* s[0..n) as a NUL-terminated string HTML can hold: bad bytes become
 * U+FFFD.  Borrowed from the xw, valid until its next clean_text; NULL
 * when out of memory (then bad is set). */
static const char *clean_text(struct xw *o, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k;
	int ok;

	o->clean.len = 0;
	if (buf_reserve(&o->clean, n) != 0)
		goto out_oom;
	while (i < n) {
		k = char_at(u + i, n - i, &ok);
		if (ok) {
			i += k;
			continue;
		}
		if (buf_add(&o->clean, s + run, i - run) != 0 ||
		    buf_add(&o->clean, "\xEF\xBF\xBD", 3) != 0)
			goto out_oom;
		run = i += k;
	}
	if (buf_add(&o->clean, s + run, n - run) != 0)
		goto out_oom;
	return o->clean.p;
out_oom:
	o->bad = 1;
	return NULL;
}

/* Opens element `name`, a constant the xw keeps until the element ends. */
static void start(struct xw *o, const char *name)
{
	if (o->bad)
		return;
	if (o->nopen == o->capopen) {
		size_t cap = o->capopen ? 2 * o->capopen : 16;
		const char **p = host->realloc(o->open, cap * sizeof *p);

		if (p == NULL) {
			o->bad = 1;
			return;
		}
		o->open = p;
		o->capopen = cap;
	}
	o->open[o->nopen++] = name;
	close_tag(o);
	PUT(o, "<");
	put(o, name, strlen(name));
	o->in_tag = 1;
}

static void end_tag(struct xw *o)
{
	const char *name = o->open[--o->nopen];

	PUT(o, "</");
	put(o, name, strlen(name));
	PUT(o, ">");
}

/* Ends the open element with an end tag, never as "<x/>", which HTML
 * reads as a start tag for all but void elements. */
static void end(struct xw *o)
{
	if (o->bad || o->nopen == 0)
		return;
	close_tag(o);
	end_tag(o);
}

/* Ends a void element (meta) as "<meta .../>", which HTML reads as one
 * element: it has no end tag. */
static void end_void(struct xw *o)
{
	if (o->bad || o->nopen == 0)
		return;
	if (o->in_tag) {
		PUT(o, "/>");
		o->in_tag = 0;
		o->nopen--;
	} else {
		end_tag(o);
	}
}

/*
 * How a string must go out.  libxml2's escapes change only a few bytes:
 * xmlEncodeSpecialChars (text) '<', '>', '&', '"' and CR, and
 * xmlAttrSerializeTxtContent (attribute values, no document encoding) these,
 * LF, tab and every byte of a non-ASCII character.  A string with none of
 * them is exactly what libxml2 would write, so it goes out as it is, with
 * no copy; any other goes through libxml2.  Most of the page's strings are
 * of the first kind, and escaping them cost more than the rest of it.
 */
enum scan { SCAN_AS_IS, SCAN_ESCAPE, SCAN_FIX };

/* What each byte asks of scan_text: the bytes libxml2 escapes in text
 * and attributes alike (ESC_TEXT), in attributes only (ESC_ATTR), the C0
 * controls HTML cannot hold (ESC_FIX), and the bytes of non-ASCII
 * characters (ESC_HIGH: escaped in attributes, checked as UTF-8 in both).
 * A table, not a chain of comparisons: scanning is most of what the page
 * costs, and a byte of plain text then costs one look-up. */
enum { ESC_TEXT = 1, ESC_ATTR = 2, ESC_FIX = 4, ESC_HIGH = 8 };

#define ESC_C0(c) ((c) == '\t' || (c) == '\n' ? ESC_ATTR : (c) == '\r' ? ESC_TEXT : ESC_FIX)
#define ESC_ROW4(c) ESC_C0(c), ESC_C0((c) + 1), ESC_C0((c) + 2), ESC_C0((c) + 3)
#define ESC_HIGH16 ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, \
	ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH, ESC_HIGH

static const unsigned char byte_class[256] = {
	ESC_ROW4(0), ESC_ROW4(4), ESC_ROW4(8), ESC_ROW4(12),
	ESC_ROW4(16), ESC_ROW4(20), ESC_ROW4(24), ESC_ROW4(28),
	['"'] = ESC_TEXT, ['&'] = ESC_TEXT, ['<'] = ESC_TEXT, ['>'] = ESC_TEXT,
	[0x80] = ESC_HIGH16, ESC_HIGH16, ESC_HIGH16, ESC_HIGH16, ESC_HIGH16, ESC_HIGH16,
	ESC_HIGH16, ESC_HIGH16,
};

static enum scan scan_text(const char *s, size_t n, int attribute)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned stop = ESC_TEXT | ESC_FIX | ESC_HIGH | (attribute ? ESC_ATTR : 0);
	size_t i = 0;
	int escape = 0, ok;

	for (;;) {
		unsigned c;

		/* Four bytes a step while all four are plain. */
		while (n - i >= 4 && ((byte_class[u[i]] | byte_class[u[i + 1]] |
		                       byte_class[u[i + 2]] | byte_class[u[i + 3]]) & stop) == 0)
			i += 4;
		while (i < n && (byte_class[u[i]] & stop) == 0)
			i++;
		if (i == n)
			return escape ? SCAN_ESCAPE : SCAN_AS_IS;
		c = byte_class[u[i]];
		if (c & ESC_FIX)
			return SCAN_FIX;
		if (c & ESC_HIGH) {
			i += char_at(u + i, n - i, &ok);
			if (!ok)
				return SCAN_FIX;
			escape |= attribute;
		} else {
			escape = 1;
			i++;
		}
		/* Once escaped, only what may need fixing still matters. */
		if (escape)
			stop = ESC_FIX | ESC_HIGH;
	}
}

/* s[0..n) as content, or as an attribute's value: bad bytes replaced
 * (clean_text), then as it is or escaped by libxml2 (scan_text).  `nul`
 * says s[n] is a NUL libxml2 may stop at. */
static void put_escaped(struct xw *o, const char *s, size_t n, int nul, int attribute)
{
	enum scan how = scan_text(s, n, attribute);
	xmlChar *esc;

	if (how == SCAN_FIX) {
		if ((s = clean_text(o, s, n)) == NULL)
			return;
		n = o->clean.len;
		nul = 1;
		how = SCAN_ESCAPE;
	}
	if (how == SCAN_AS_IS) {
		put(o, s, n);
		return;
	}
	if (!nul) {
		o->clean.len = 0;
		if (buf_add(&o->clean, s, n) != 0) {
			o->bad = 1;
			return;
		}
		s = o->clean.p;
	}
	if (attribute) {
		xmlBufferEmpty(o->esc);
		xmlAttrSerializeTxtContent(o->esc, NULL, NULL, BAD_CAST s);
		put(o, (const char *)xmlBufferContent(o->esc), (size_t)xmlBufferLength(o->esc));
		return;
	}
	if ((esc = xmlEncodeSpecialChars(NULL, BAD_CAST s)) == NULL) {
		o->bad = 1;
		return;
	}
	put(o, (const char *)esc, strlen((const char *)esc));
	xmlFree(esc);
}

/* An attribute of the start tag just opened. */
static void attr(struct xw *o, const char *name, const char *value)
{
	if (o->bad || value == NULL)
		return;
	if (!o->in_tag) {
		o->bad = 1; /* no start tag to hold it: a bug here */
		return;
	}
	PUT(o, " ");
	put(o, name, strlen(name));
	PUT(o, "=\"");
	put_escaped(o, value, strlen(value), 1, 1);
	PUT(o, "\"");
}

static void put_text(struct xw *o, const char *s, size_t n, int nul)
{
	if (o->bad || n == 0)
		return;
	close_tag(o);
	/* Outside any element xmlTextWriter writes text as it is: only the
	 * newlines between the page's parts go there. */
	if (o->nopen == 0)
		put(o, s, n);
	else
		put_escaped(o, s, n, nul, 0);
}

/* s[0..n), part of a longer string, as content. */
static void text_n(struct xw *o, const char *s, size_t n)
{
	put_text(o, s, n, 0);
}

static void text(struct xw *o, const char *s)
{
	if (s != NULL)
		put_text(o, s, strlen(s), 1);
}

/* <name class="cls">s</name>; cls may be NULL. */
static void element(struct xw *o, const char *name, const char *cls, const char *s)
{
	start(o, name);
	attr(o, "class", cls);
	text(o, s);
	end(o);
}

/* Decimal digits of v at `end`, backwards; returns where they start.
 * Ids and counts are written this way, not by snprintf: a page has a few
 * per statement, and snprintf cost as much as the rest of writing them. */
static char *digits_before(char *end, size_t v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

/* prefix, then v in decimal, into out (room for at least 24 bytes). */
static const char *with_number(char *out, const char *prefix, size_t v)
{
	char digits[24];
	char *d = digits_before(digits + sizeof digits - 1, v);
	size_t np = strlen(prefix);

	digits[sizeof digits - 1] = '\0';
	memcpy(out, prefix, np);
	memcpy(out + np, d, (size_t)(digits + sizeof digits - d));
	return out;
}

static void number(struct xw *o, size_t v)
{
	char digits[24];

	text(o, with_number(digits, "", v));
}

/* An id of this page, or with prefix "#" a link to one: document 3 is
 * "d3" (its heading "d3-h"), its statement of index 6 "d3-s7".  Written
 * into out[0..n), which 64 bytes always hold. */
static const char *page_id(char *out, size_t n, const char *prefix, size_t doc, long st,
                           const char *suffix)
{
	char digits[24], *end = digits + sizeof digits, *d, *p = out;
	size_t np = strlen(prefix), ns = strlen(suffix);

	/* prefix and suffix are this file's short constants. */
	if (np + ns + 2 * sizeof digits + 4 > n) {
		out[0] = '\0';
		return out;
	}
	/* Copied piece by piece, not with strcat: a page has a few per
	 * statement. */
	memcpy(p, prefix, np);
	p += np;
	*p++ = 'd';
	d = digits_before(end, doc);
	memcpy(p, d, (size_t)(end - d));
	p += end - d;
	if (st >= 0) {
		*p++ = '-';
		*p++ = 's';
		d = digits_before(end, (size_t)st + 1);
		memcpy(p, d, (size_t)(end - d));
		p += end - d;
	}
	memcpy(p, suffix, ns + 1);
	return out;
}

/* ---- the writer's state -------------------------------------------------- */

/* What the corpus summary keeps of a document. */
struct docrec {
	char *id;     /* owned */
	char *title;  /* owned, or NULL */
	size_t nst;
	/* In a run's index (-d): the document's page, relative to the index
	 * and escaped as a URI (owned), and its number on that page.  NULL
	 * and 0 when the document is on this page. */
	char *page;
	size_t serial;
};

/* <a href="#d3-s7">label</a>, or with st -1 to the document, "#d3".
 * With docs, r.doc indexes docs (from 1), and a document on another page
 * is linked there ("page.html#d1-s7"). */
static void link_ref(struct xw *o, const struct docrec *docs, struct html_ref r, long st,
                     const char *label)
{
	const struct docrec *d = docs != NULL ? &docs[r.doc - 1] : NULL;
	struct buf href = { NULL, 0, 0 };
	char id[64];

	start(o, "a");
	if (d == NULL || d->page == NULL) {
		attr(o, "href", page_id(id, sizeof id, "#", r.doc, st, ""));
	} else {
		if (buf_puts(&href, d->page) != 0 ||
		    buf_puts(&href, page_id(id, sizeof id, "#", d->serial, st, "")) != 0)
			o->bad = 1;
		attr(o, "href", href.p != NULL ? href.p : "");
		host->free(href.p);
	}
	text(o, label);
	end(o);
}

static void link_statement(struct xw *o, struct html_ref r, const char *label)
{
	link_ref(o, NULL, r, (long)r.st, label);
}

struct writer {
	cc_ctx *ctx;
	cc_out *out;
	struct xw page;               /* the page not yet passed on */
	struct html_tally speakers;   /* the corpus speaker index */
	struct docrec *docs;          /* owned, ndocs long */
	size_t ndocs, capdocs;
	size_t nkind[CC_STATEMENT_KIND_COUNT];
	size_t nstatements, nlow, nunplaced;
	/* The last article's xw, its buffers grown to an article's size, kept
	 * for the next one: growing them anew for each cost more than the
	 * article's markup. */
	struct xw spare;
	int has_spare;
};

/* ---- one article ---------------------------------------------------------- */

/* A statement as the page shows it; the strings are borrowed from the
 * document. */
struct st {
	struct cc_statement s;
	size_t idx;             /* index in the document */
	const char *speaker;    /* never NULL: "(unnamed)" at worst */
	const char *role;       /* NULL when none */
	const char *confidence; /* NULL when none */
	int low;                /* confidence below LOW_CONFIDENCE */
	int fits;               /* its anchor holds its quote */
	int inline_;            /* marked in place (fits, crosses nothing) */
};

struct article {
	struct writer *w;
	const cc_doc *doc;
	size_t serial;          /* the document's number in the output, from 1 */
	struct xw o;            /* the article's markup */
	struct st *st;          /* owned, nst long */
	size_t nst;
	struct st **cand;       /* owned: the fitting ones, by block and start */
	size_t ncand;
	size_t *stack;          /* owned: room for ncand open ranges */
	struct html_tally speakers;
	struct buf mark;        /* scratch for a mark's class, title and tag (owned) */
};

static const char *kind_name(int kind)
{
	const char *n = host->statement_kind_name(kind);

	return n != NULL ? n : "unknown";
}

/* A statement's anchor holds exactly its quote, cut on character
 * boundaries of its block. */
static int statement_fits(const cc_doc *doc, const struct cc_statement *s)
{
	const unsigned char *t;
	const char *text_;
	size_t len, qlen;

	if (s->block < 0 || (size_t)s->block >= host->block_count(doc) || s->quote == NULL)
		return 0;
	if (host->block_get(doc, (size_t)s->block, NULL, &text_, &len) != 0)
		return 0;
	t = (const unsigned char *)text_;
	qlen = strlen(s->quote);
	if (s->start > s->end || s->end > len || s->end - s->start != qlen ||
	    memcmp(text_ + s->start, s->quote, qlen) != 0)
		return 0;
	return (s->start == len || (t[s->start] & 0xC0) != 0x80) &&
	       (s->end == len || (t[s->end] & 0xC0) != 0x80);
}

/* By block, then start, then the longer first (an enclosing range opens
 * before what it holds), then document order. */
static int cand_cmp(const void *pa, const void *pb)
{
	const struct st *a = *(const struct st *const *)pa, *b = *(const struct st *const *)pb;

	if (a->s.block != b->s.block)
		return a->s.block < b->s.block ? -1 : 1;
	if (a->s.start != b->s.start)
		return a->s.start < b->s.start ? -1 : 1;
	if (a->s.end != b->s.end)
		return a->s.end > b->s.end ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Clears inline_ of each candidate whose range crosses one opened before
 * it in its block (it is listed apart); the others nest. */
static void drop_crossing(struct article *a)
{
	size_t sp = 0, i;

	for (i = 0; i < a->ncand; i++) {
		struct st *c = a->cand[i];

		if (i > 0 && a->cand[i - 1]->s.block != c->s.block)
			sp = 0;
		while (sp > 0 && a->stack[sp - 1] <= c->s.start)
			sp--;
		if (sp > 0 && c->s.end > a->stack[sp - 1])
			c->inline_ = 0;
		else
			a->stack[sp++] = c->s.end;
	}
}

/* Reads the document's statements: speaker and role (from the person
 * when the statement names only its person), confidence, anchor.
 * Returns 0, or -1 when out of memory. */
static int plan_statements(struct article *a)
{
	size_t i, j;

	a->nst = host->statement_count(a->doc);
	if (a->nst == 0)
		return 0;
	if (a->nst > SIZE_MAX / sizeof *a->st)
		return -1;
	a->st = host->malloc(a->nst * sizeof *a->st);
	a->cand = host->malloc(a->nst * sizeof *a->cand);
	a->stack = host->malloc(a->nst * sizeof *a->stack);
	if (a->st == NULL || a->cand == NULL || a->stack == NULL)
		return -1;
	for (i = 0; i < a->nst; i++) {
		struct st *t = &a->st[i];
		struct cc_person p;
		size_t nextra;

		memset(t, 0, sizeof *t);
		t->idx = i;
		if (host->statement_get(a->doc, i, &t->s) != CC_OK) {
			t->s.quote = "";
			t->s.block = -1;
		}
		t->speaker = t->s.speaker;
		t->role = t->s.role;
		if (t->s.person != NULL && (t->speaker == NULL || t->role == NULL)) {
			long found = host->person_find(a->doc, t->s.person);

			if (found >= 0 && host->person_get(a->doc, (size_t)found, &p) == CC_OK) {
				if (t->speaker == NULL)
					t->speaker = p.name;
				if (t->role == NULL)
					t->role = p.role;
			}
		}
		if (t->speaker == NULL || t->speaker[0] == '\0')
			t->speaker = "(unnamed)";
		nextra = host->statement_extra_count(a->doc, i);
		for (j = 0; j < nextra && t->confidence == NULL; j++) {
			const char *key, *value;

			if (host->statement_extra_get(a->doc, i, j, &key, &value) == CC_OK &&
			    strcmp(key, "confidence") == 0 && value != NULL && value[0] != '\0')
				t->confidence = value;
		}
		if (t->confidence != NULL) {
			char *stop;
			double v = strtod(t->confidence, &stop);

			t->low = *stop == '\0' && v < LOW_CONFIDENCE;
		}
		t->fits = t->inline_ = statement_fits(a->doc, &t->s);
		if (t->fits)
			a->cand[a->ncand++] = t;
		if (html_tally_add(&a->speakers, t->speaker,
		                   (struct html_ref){ a->serial, i }) != 0)
			return -1;
	}
	qsort(a->cand, a->ncand, sizeof *a->cand, cand_cmp);
	drop_crossing(a);
	return 0;
}

/* The statement's tooltip: kind, speaker, role, cue, confidence. */
static int statement_title(struct buf *b, const struct st *t)
{
	static const char *const kinds[CC_STATEMENT_KIND_COUNT] = {
		[CC_STATEMENT_DIRECT] = "Direct quotation",
		[CC_STATEMENT_PARTIAL] = "Partial quotation",
		[CC_STATEMENT_INDIRECT] = "Indirect (reported) speech",
	};
	int k = t->s.kind;

	b->len = 0;
	if (buf_puts(b, k >= 0 && k < CC_STATEMENT_KIND_COUNT ? kinds[k] : "Statement") != 0 ||
	    buf_puts(b, " by ") != 0 || buf_puts(b, t->speaker) != 0)
		return -1;
	if (t->role != NULL && (buf_puts(b, "; role: ") != 0 || buf_puts(b, t->role) != 0))
		return -1;
	if (t->s.cue != NULL && (buf_puts(b, "; cue: ") != 0 || buf_puts(b, t->s.cue) != 0))
		return -1;
	if (t->confidence != NULL &&
	    (buf_puts(b, "; confidence: ") != 0 || buf_puts(b, t->confidence) != 0 ||
	     (t->low && buf_puts(b, " (low)") != 0)))
		return -1;
	return 0;
}

/* Opens <mark ...><span class="st-tag">KIND · SPEAKER</span><span
 * class="st-q">: the caller writes the quote and ends both. */
static void start_mark(struct article *a, const struct st *t)
{
	struct xw *o = &a->o;
	struct buf *b = &a->mark;
	char id[64];

	start(o, "mark");
	b->len = 0;
	if (buf_puts(b, "st st-") != 0 || buf_puts(b, kind_name(t->s.kind)) != 0 ||
	    (t->low && buf_puts(b, " st-low") != 0))
		o->bad = 1;
	else
		attr(o, "class", b->p);
	attr(o, "id", page_id(id, sizeof id, "", a->serial, (long)t->idx, ""));
	attr(o, "data-kind", kind_name(t->s.kind));
	attr(o, "data-speaker", t->speaker);
	if (t->confidence != NULL)
		attr(o, "data-confidence", t->confidence);
	if (statement_title(b, t) != 0)
		o->bad = 1;
	else
		attr(o, "title", b->p);
	start(o, "span");
	attr(o, "class", "st-tag");
	b->len = 0;
	if (buf_puts(b, kind_name(t->s.kind)) != 0 || buf_puts(b, " \xC2\xB7 ") != 0 ||
	    buf_puts(b, t->speaker) != 0 || (t->low && buf_puts(b, " \xC2\xB7 low confidence") != 0))
		o->bad = 1;
	else
		text(o, b->p);
	end(o);
	start(o, "span");
	attr(o, "class", "st-q");
}

static void end_mark(struct xw *o)
{
	end(o); /* span.st-q */
	end(o); /* mark */
}

/* The first candidate of block `block` (cand is sorted by block). */
static size_t first_cand(const struct article *a, long block)
{
	size_t lo = 0, hi = a->ncand;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->cand[mid]->s.block < block)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Writes block `b`'s text into the open element, marking its inline
 * statements; nested ones inside the one that holds them. */
static void write_marked(struct article *a, size_t b)
{
	const char *s;
	size_t len, pos = 0, sp = 0, i;

	if (host->block_get(a->doc, b, NULL, &s, &len) != 0)
		return;
	for (i = first_cand(a, (long)b); i < a->ncand && a->cand[i]->s.block == (long)b; i++) {
		const struct st *c = a->cand[i];

		while (sp > 0 && a->stack[sp - 1] <= c->s.start) {
			text_n(&a->o, s + pos, a->stack[sp - 1] - pos);
			pos = a->stack[--sp];
			end_mark(&a->o);
		}
		if (!c->inline_)
			continue;
		text_n(&a->o, s + pos, c->s.start - pos);
		pos = c->s.start;
		start_mark(a, c);
		a->stack[sp++] = c->s.end;
	}
	while (sp > 0) {
		text_n(&a->o, s + pos, a->stack[sp - 1] - pos);
		pos = a->stack[--sp];
		end_mark(&a->o);
	}
	text_n(&a->o, s + pos, len - pos);
}

static int block_kind(const cc_doc *doc, size_t b)
{
	int kind;

	if (host->block_get(doc, b, &kind, NULL, NULL) != 0 || kind < 0 ||
	    kind >= CC_BLOCK_KIND_COUNT)
		return CC_BLOCK_PARAGRAPH; /* a kind this plugin does not know */
	return kind;
}

/* The first block of `kind`, or -1. */
static long find_block(const cc_doc *doc, int kind)
{
	size_t i, n = host->block_count(doc);

	for (i = 0; i < n; i++)
		if (block_kind(doc, i) == kind)
			return (long)i;
	return -1;
}

/* <dt>term</dt> and a <dd> per block of `kind` (marked), or one holding
 * each value of metadata `key` when there is no such block. */
static void meta_row(struct article *a, const char *term, int kind, const char *key)
{
	struct xw *o = &a->o;
	size_t i, n = host->block_count(a->doc), shown = 0;

	for (i = 0; i < n; i++) {
		if (block_kind(a->doc, i) != kind)
			continue;
		if (shown++ == 0)
			element(o, "dt", NULL, term);
		start(o, "dd");
		write_marked(a, i);
		end(o);
	}
	if (shown > 0 || key == NULL)
		return;
	n = host->meta_count(a->doc);
	for (i = 0; i < n; i++) {
		const char *k, *v;

		if (host->meta_get(a->doc, i, &k, &v) != CC_OK || strcmp(k, key) != 0 || v == NULL)
			continue;
		if (shown++ == 0)
			element(o, "dt", NULL, term);
		element(o, "dd", NULL, v);
	}
}

/* A BCP 47 tag, as far as lang="" needs: letters, digits and '-'. */
static int lang_ok(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-'))
			return 0;
	return n >= 2 && n <= 35;
}

/* <header>: the title (the title block, marked, or the title metadata,
 * or the id), then date, byline, dateline, source. */
static void write_doc_header(struct article *a, long title_block)
{
	struct xw *o = &a->o;
	const char *title = host->meta_find(a->doc, "title");
	char id[64];

	start(o, "header");
	start(o, "h3");
	attr(o, "id", page_id(id, sizeof id, "", a->serial, -1, "-h"));
	if (title_block >= 0)
		write_marked(a, (size_t)title_block);
	else
		text(o, title != NULL && title[0] != '\0' ? title : host->doc_id(a->doc));
	end(o);
	start(o, "dl");
	attr(o, "class", "doc-meta");
	if (host->meta_find(a->doc, "date") != NULL) {
		element(o, "dt", NULL, "Date");
		element(o, "dd", NULL, host->meta_find(a->doc, "date"));
	}
	meta_row(a, "Byline", CC_BLOCK_BYLINE, "author");
	meta_row(a, "Dateline", CC_BLOCK_DATELINE, NULL);
	if (host->meta_find(a->doc, "source") != NULL) {
		element(o, "dt", NULL, "Source");
		element(o, "dd", NULL, host->meta_find(a->doc, "source"));
	}
	element(o, "dt", NULL, "Document");
	element(o, "dd", NULL, host->doc_id(a->doc));
	element(o, "dt", NULL, "Statements");
	start(o, "dd");
	number(o, a->nst);
	end(o);
	end(o); /* dl */
	end(o); /* header */
}

/* The body: every block the header did not show, in order. */
static void write_doc_body(struct article *a, long title_block)
{
	struct xw *o = &a->o;
	size_t i, n = host->block_count(a->doc);

	start(o, "div");
	attr(o, "class", "doc-body");
	for (i = 0; i < n; i++) {
		int kind = block_kind(a->doc, i);
		const char *label = NULL;

		if ((long)i == title_block || kind == CC_BLOCK_BYLINE || kind == CC_BLOCK_DATELINE)
			continue;
		start(o, kind == CC_BLOCK_HEADING ? "h4" : "p");
		attr(o, "class", host->block_kind_name(kind));
		if (kind == CC_BLOCK_CAPTION)
			label = "Caption";
		else if (kind == CC_BLOCK_BOILERPLATE)
			label = "Site text";
		else if (kind == CC_BLOCK_TITLE)
			label = "Title";
		if (label != NULL)
			element(o, "span", "blabel", label);
		write_marked(a, i);
		end(o);
		text(o, "\n");
	}
	end(o);
}

/* The statements that are not marked in the text: no anchor, an anchor
 * that does not hold the quote, or one crossing another statement's. */
static void write_unplaced(struct article *a)
{
	struct xw *o = &a->o;
	size_t i, n = 0;

	for (i = 0; i < a->nst; i++)
		n += !a->st[i].inline_;
	if (n == 0)
		return;
	a->w->nunplaced += n;
	start(o, "section");
	attr(o, "class", "unplaced");
	element(o, "h4", NULL, "Statements not marked in the text");
	element(o, "p", NULL, "These statements have no place in the text above, or "
	        "their place does not hold their words, or it overlaps another statement.");
	start(o, "ul");
	for (i = 0; i < a->nst; i++) {
		if (a->st[i].inline_)
			continue;
		start(o, "li");
		start_mark(a, &a->st[i]);
		text(o, a->st[i].s.quote);
		end_mark(o);
		end(o);
	}
	end(o);
	end(o);
}

/* A table of speakers: name, count, a link to each statement.  `label`
 * names each link: the statement's number, or "DOC #N" across documents. */
static void write_speaker_table(struct xw *o, const struct html_tally *t,
                                const struct docrec *docs, const char *caption)
{
	size_t *order = html_tally_order(t), i, j;
	char label[64];

	if (order == NULL) {
		if (t->n > 0)
			o->bad = 1;
		return;
	}
	start(o, "table");
	attr(o, "class", "speakers");
	element(o, "caption", NULL, caption);
	start(o, "thead");
	start(o, "tr");
	element(o, "th", NULL, "Speaker");
	element(o, "th", NULL, "Statements");
	element(o, "th", NULL, docs != NULL ? "Where (document, statement)" : "Where");
	end(o);
	end(o);
	start(o, "tbody");
	for (i = 0; i < t->n; i++) {
		const struct html_speaker *sp = &t->sp[order[i]];

		start(o, "tr");
		start(o, "th");
		attr(o, "scope", "row");
		text(o, sp->name);
		end(o);
		start(o, "td");
		attr(o, "class", "n");
		number(o, sp->nrefs);
		end(o);
		start(o, "td");
		for (j = 0; j < sp->nrefs; j++) {
			if (j > 0)
				text(o, ", ");
			if (docs != NULL) {
				text(o, docs[sp->refs[j].doc - 1].id);
				text(o, " ");
			}
			with_number(label, "#", sp->refs[j].st + 1);
			link_ref(o, docs, sp->refs[j], (long)sp->refs[j].st, label);
		}
		end(o);
		end(o);
		spill(o);
	}
	end(o);
	end(o);
	host->free(order);
}

/* A <td> holding s, or nothing when s is NULL. */
static void cell(struct xw *o, const char *s)
{
	start(o, "td");
	text(o, s);
	end(o);
}

/*
 * Every statement with what its tooltip says, as a table a keyboard or
 * touch reader can read too (a title shows on hover only): folded in a
 * <details>, which opens without script.
 */
static void write_details(struct article *a)
{
	static const char *const head[] = { "Statement", "Kind", "Speaker", "Role", "Cue",
	                                    "Confidence" };
	struct xw *o = &a->o;
	char label[32];
	size_t i;

	start(o, "details");
	element(o, "summary", NULL, "Every statement: kind, speaker, role, cue, confidence");
	start(o, "table");
	attr(o, "class", "statements");
	start(o, "thead");
	start(o, "tr");
	for (i = 0; i < sizeof head / sizeof *head; i++)
		element(o, "th", NULL, head[i]);
	end(o);
	end(o);
	start(o, "tbody");
	for (i = 0; i < a->nst; i++) {
		const struct st *t = &a->st[i];

		start(o, "tr");
		start(o, "td");
		with_number(label, "#", i + 1);
		link_statement(o, (struct html_ref){ a->serial, i }, label);
		end(o);
		cell(o, kind_name(t->s.kind));
		cell(o, t->speaker);
		cell(o, t->role);
		cell(o, t->s.cue);
		start(o, "td");
		text(o, t->confidence);
		if (t->low)
			text(o, " (low)");
		end(o);
		end(o);
	}
	end(o);
	end(o);
	end(o);
}

/* Builds the whole <article> in memory.  Returns CC_OK, or reports. */
static int build_article(struct article *a)
{
	struct xw *o = &a->o;
	const char *lang = host->meta_find(a->doc, "language");
	long title_block = find_block(a->doc, CC_BLOCK_TITLE);
	char id[64];

	if (plan_statements(a) != 0)
		return host->report(a->w->ctx, CC_FATAL, 0, 0, "out of memory");
	start(o, "article");
	attr(o, "class", "doc");
	attr(o, "id", page_id(id, sizeof id, "", a->serial, -1, ""));
	attr(o, "aria-labelledby", page_id(id, sizeof id, "", a->serial, -1, "-h"));
	if (lang != NULL && lang_ok(lang))
		attr(o, "lang", lang);
	write_doc_header(a, title_block);
	write_doc_body(a, title_block);
	write_unplaced(a);
	if (a->nst > 0) {
		start(o, "section");
		attr(o, "class", "doc-speakers");
		element(o, "h4", NULL, "Speakers in this document");
		write_speaker_table(o, &a->speakers, NULL, "Statements by speaker");
		end(o);
		write_details(a);
	} else {
		element(o, "p", "none", "No statements in this document.");
	}
	end(o);
	if (o->bad)
		return host->report(a->w->ctx, CC_FAILED, 0, 0,
		                    "document %s: cannot build its HTML (libxml2 failed or "
		                    "memory ran out)", host->doc_id(a->doc));
	return CC_OK;
}

/* Frees what the article holds but its xw (the writer keeps that). */
static void article_free(struct article *a)
{
	host->free(a->st);
	host->free(a->cand);
	host->free(a->stack);
	html_tally_free(&a->speakers);
	host->free(a->mark.p);
}

/* Counts the article's statements into the corpus summary and index. */
static int take_counts(struct writer *w, const struct article *a)
{
	size_t i;

	for (i = 0; i < a->nst; i++) {
		const struct st *t = &a->st[i];

		if (t->s.kind >= 0 && t->s.kind < CC_STATEMENT_KIND_COUNT)
			w->nkind[t->s.kind]++;
		w->nlow += t->low;
		if (html_tally_add(&w->speakers, t->speaker, (struct html_ref){ a->serial, i }) != 0)
			return -1;
	}
	w->nstatements += a->nst;
	return 0;
}

/* Keeps the document's id, title and count for the summary. */
static int keep_docrec(struct writer *w, const cc_doc *doc, size_t nst)
{
	const char *title = host->meta_find(doc, "title");
	struct docrec *r;

	if (w->ndocs == w->capdocs) {
		size_t cap = w->capdocs ? 2 * w->capdocs : 16;

		if (cap > SIZE_MAX / sizeof *r || (r = host->realloc(w->docs, cap * sizeof *r)) == NULL)
			return -1;
		w->docs = r;
		w->capdocs = cap;
	}
	r = &w->docs[w->ndocs];
	r->nst = nst;
	r->page = NULL;
	r->serial = 0;
	r->id = host->strdup(host->doc_id(doc));
	r->title = title != NULL && title[0] != '\0' ? host->strdup(title) : NULL;
	if (r->id == NULL || (title != NULL && title[0] != '\0' && r->title == NULL)) {
		host->free(r->id);
		host->free(r->title);
		return -1;
	}
	w->ndocs++;
	return 0;
}

/* Passes what the page writer holds on to the output.  CC_OK, CC_FATAL
 * when the output failed (the host reports why), or a reported CC_FAILED
 * when libxml2 or memory did. */
static int pass_on(struct writer *w)
{
	int rc;

	if (w->page.sink_failed)
		return CC_FATAL;
	if (w->page.bad)
		return host->report(w->ctx, CC_FAILED, 0, 0, "cannot write the page "
		                    "(libxml2 failed or memory ran out)");
	rc = host->out_write(w->out, w->page.out.p, w->page.out.len);
	w->page.out.len = 0;
	return rc == CC_OK ? CC_OK : CC_FATAL;
}

int html_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	struct article a;
	int rc;

	memset(&a, 0, sizeof a);
	a.w = w;
	a.doc = doc;
	a.serial = w->ndocs + 1;
	if (w->has_spare) {
		a.o = w->spare;
		w->has_spare = 0;
		xw_reset(&a.o);
	} else if (xw_init(&a.o) != 0) {
		rc = host->report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_free;
	}
	rc = build_article(&a);
	if (rc != CC_OK)
		goto out_free;
	if (take_counts(w, &a) != 0 || keep_docrec(w, doc, a.nst) != 0) {
		rc = host->report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_free;
	}
	/* The page so far, then the article straight from its own memory. */
	close_tag(&w->page);
	rc = pass_on(w);
	if (rc == CC_OK &&
	    host->out_write(w->out, a.o.out.p, a.o.out.len) != CC_OK)
		rc = CC_FATAL;
	text(&w->page, "\n");
	if (rc == CC_FAILED)
		rc = CC_FATAL; /* the page is broken, not just this document */
out_free:
	if (a.o.esc != NULL) {
		w->spare = a.o;
		w->has_spare = 1;
	} else {
		xw_free(&a.o);
	}
	article_free(&a);
	return rc;
}

/* ---- the page ------------------------------------------------------------- */

/* Opens <section id="ID" aria-labelledby="ID-h"><h2 id="ID-h">heading</h2>:
 * a landmark named by its heading.  The caller ends the section. */
static void start_section(struct xw *o, const char *id, const char *heading)
{
	char hid[32];

	snprintf(hid, sizeof hid, "%s-h", id);
	start(o, "section");
	attr(o, "id", id);
	attr(o, "aria-labelledby", hid);
	start(o, "h2");
	attr(o, "id", hid);
	text(o, heading);
	end(o);
}

static void nav_link(struct xw *o, const char *href, const char *label)
{
	start(o, "li");
	start(o, "a");
	attr(o, "href", href);
	text(o, label);
	end(o);
	end(o);
}

/* One legend entry: a sample of how a kind is marked, and what it means. */
static void legend_entry(struct xw *o, const char *cls, const char *tag, const char *words,
                         const char *meaning)
{
	start(o, "li");
	start(o, "span");
	attr(o, "class", cls);
	element(o, "span", "st-tag", tag);
	text(o, words);
	end(o);
	text(o, meaning);
	end(o);
}

/* Everything before the first article: doctype, head, page header,
 * navigation, and the start of <main>. */
static void write_frame_start(struct writer *w)
{
	struct xw *o = &w->page;
	char generator[64];

	PUT(o, "<!DOCTYPE html>");
	text(o, "\n");
	start(o, "html");
	attr(o, "lang", "en");
	start(o, "head");
	start(o, "meta");
	attr(o, "charset", "utf-8");
	end_void(o);
	start(o, "meta");
	attr(o, "name", "viewport");
	attr(o, "content", "width=device-width, initial-scale=1");
	end_void(o);
	snprintf(generator, sizeof generator, "corpusconv %s", host->version);
	start(o, "meta");
	attr(o, "name", "generator");
	attr(o, "content", generator);
	end_void(o);
	element(o, "title", NULL, "Statements review");
	element(o, "style", NULL, page_css);
	end(o); /* head */
	start(o, "body");
	start(o, "a");
	attr(o, "class", "skip");
	attr(o, "href", "#main");
	text(o, "Skip to the documents");
	end(o);
	start(o, "header");
	attr(o, "class", "page");
	element(o, "h1", NULL, "Statements review");
	element(o, "p", NULL, "Each article as written, with every statement the converter "
	        "found marked in place. A label before each statement gives its kind and "
	        "speaker; hover over it for role, cue and confidence. Statements with a "
	        "confidence below 0.5 have a dashed red outline and say \"low confidence\".");
	start(o, "ul");
	attr(o, "class", "legend");
	legend_entry(o, "st st-direct", "direct", "words quoted exactly",
	             " (solid underline)");
	legend_entry(o, "st st-partial", "partial", "a phrase quoted", " (dashed underline)");
	legend_entry(o, "st st-indirect", "indirect", "speech reported", " (dotted underline)");
	legend_entry(o, "st st-direct st-low", "low confidence", "a doubtful one",
	             " (dashed outline)");
	end(o);
	start(o, "nav");
	attr(o, "aria-label", "Page");
	start(o, "ul");
	nav_link(o, "#documents", "Documents");
	nav_link(o, "#summary", "Corpus summary");
	nav_link(o, "#speakers", "Speakers");
	end(o);
	end(o); /* nav */
	end(o); /* header */
	text(o, "\n");
	start(o, "main");
	attr(o, "id", "main");
	start_section(o, "documents", "Documents");
	text(o, "\n");
}

/* <tr><th scope="row">label</th><td>v</td></tr> */
static void summary_row(struct xw *o, const char *label, size_t v)
{
	start(o, "tr");
	start(o, "th");
	attr(o, "scope", "row");
	text(o, label);
	end(o);
	start(o, "td");
	attr(o, "class", "n");
	number(o, v);
	end(o);
	end(o);
}

/* The corpus summary: counts, the documents, those with no statement. */
static void write_summary(struct writer *w)
{
	struct xw *o = &w->page;
	size_t i, none = 0;

	start_section(o, "summary", "Corpus summary");
	start(o, "table");
	attr(o, "class", "summary");
	element(o, "caption", NULL, "What the page holds");
	start(o, "tbody");
	summary_row(o, "Documents", w->ndocs);
	summary_row(o, "Statements", w->nstatements);
	summary_row(o, "Direct quotations", w->nkind[CC_STATEMENT_DIRECT]);
	summary_row(o, "Partial quotations", w->nkind[CC_STATEMENT_PARTIAL]);
	summary_row(o, "Indirect (reported) speech", w->nkind[CC_STATEMENT_INDIRECT]);
	summary_row(o, "Low confidence (below 0.5)", w->nlow);
	summary_row(o, "Not marked in the text", w->nunplaced);
	summary_row(o, "Speakers", w->speakers.n);
	for (i = 0; i < w->ndocs; i++)
		none += w->docs[i].nst == 0;
	summary_row(o, "Documents with no statement", none);
	end(o);
	end(o);
	element(o, "h3", NULL, "Documents with no statement");
	if (none == 0) {
		element(o, "p", NULL, "None.");
	} else {
		start(o, "ul");
		for (i = 0; i < w->ndocs; i++) {
			if (w->docs[i].nst != 0)
				continue;
			start(o, "li");
			link_ref(o, w->docs, (struct html_ref){ i + 1, 0 }, -1,
			         w->docs[i].title != NULL ? w->docs[i].title : w->docs[i].id);
			text(o, " (");
			text(o, w->docs[i].id);
			text(o, ")");
			end(o);
			spill(o);
		}
		end(o);
	}
	end(o); /* section */
}

/* The corpus speaker index. */
static void write_speakers(struct writer *w)
{
	struct xw *o = &w->page;

	start_section(o, "speakers", "Speakers");
	if (w->speakers.n == 0)
		element(o, "p", NULL, "No statements, so no speakers.");
	else
		write_speaker_table(o, &w->speakers, w->docs, "Statements by speaker, all documents");
	end(o);
}

static void writer_free(struct writer *w)
{
	size_t i;

	xw_free(&w->page);
	if (w->has_spare)
		xw_free(&w->spare);
	html_tally_free(&w->speakers);
	for (i = 0; i < w->ndocs; i++) {
		host->free(w->docs[i].id);
		host->free(w->docs[i].title);
		host->free(w->docs[i].page);
	}
	host->free(w->docs);
	host->free(w);
}

int html_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct writer *w = host->malloc(sizeof *w);
	int rc;

	if (w == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	memset(w, 0, sizeof *w);
	w->ctx = ctx;
	w->out = out;
	if (xw_init(&w->page) != 0) {
		writer_free(w);
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	}
	w->page.sink = out;
	write_frame_start(w);
	rc = pass_on(w);
	if (rc != CC_OK) {
		writer_free(w);
		return rc;
	}
	*state = w;
	return CC_OK;
}

/* Everything after the last article: the summary, the speaker index,
 * the end of the page.  Passes it on. */
static int write_frame_end(struct writer *w)
{
	struct xw *o = &w->page;

	if (w->ndocs == 0)
		element(o, "p", NULL, "No documents.");
	end(o); /* section#documents */
	text(o, "\n");
	write_summary(w);
	text(o, "\n");
	write_speakers(w);
	end(o); /* main */
	end(o); /* body */
	end(o); /* html */
	text(o, "\n");
	return pass_on(w);
}

int html_write_end(cc_ctx *ctx, void *state, int abort)
{
	struct writer *w = state;
	int rc = CC_OK;

	(void)ctx;
	if (!abort)
		rc = write_frame_end(w);
	writer_free(w);
	return rc;
}

/* ---- the run's index (-d: struct cc_format's end_run) --------------------- */

/*
 * The index is built from the pages themselves, read back with libxml2's
 * HTML parser: with -d the documents are written in several threads or
 * worker processes (--isolate), and --update leaves pages of earlier runs
 * in place, so no state kept between write_doc calls could see them all.
 * Of each page only what the summary keeps is taken: each document's id,
 * title and count, and each statement's kind, speaker and number.
 */

/* True when element n has class token cls. */
static int has_class(xmlNodePtr n, const char *cls)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	size_t len = strlen(cls);
	int found = 0;

	for (const char *p = (const char *)v; p != NULL && *p != '\0' && !found;) {
		size_t k = strcspn(p, " ");

		found = k == len && strncmp(p, cls, len) == 0;
		p += k;
		p += strspn(p, " ");
	}
	xmlFree(v);
	return found;
}

static int is_element(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Appends the text under n's children, without the kind-and-speaker
 * labels of marks (a title may hold a statement). */
static void node_text(struct buf *b, xmlNodePtr n, int *bad)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			if (buf_puts(b, (const char *)n->content) != 0)
				*bad = 1;
		} else if (n->type == XML_ELEMENT_NODE && !has_class(n, "st-tag")) {
			node_text(b, n->children, bad);
		}
	}
}

/* The text of element n, a new string (host->free), or NULL. */
static char *element_text(xmlNodePtr n, int *bad)
{
	struct buf b = { NULL, 0, 0 };

	node_text(&b, n->children, bad);
	if (b.p == NULL && !*bad)
		b.p = host->strdup("");
	if (b.p == NULL)
		*bad = 1;
	return b.p;
}

/* Parses "dN" or "dN-sM" (prefix skipped first): N into *doc, M - 1 into
 * *st (-1 for "dN").  0, or -1 when s is not one. */
static int parse_ref(const char *s, const char *prefix, size_t *doc, long *st)
{
	char *end;
	unsigned long d, t;

	if (s == NULL || strncmp(s, prefix, strlen(prefix)) != 0)
		return -1;
	s += strlen(prefix);
	if (s[0] != 'd' || s[1] < '1' || s[1] > '9')
		return -1;
	d = strtoul(s + 1, &end, 10);
	*doc = d;
	*st = -1;
	if (*end == '\0')
		return 0;
	if (end[0] != '-' || end[1] != 's' || end[2] < '1' || end[2] > '9')
		return -1;
	t = strtoul(end + 2, &end, 10);
	if (*end != '\0' || t > LONG_MAX)
		return -1;
	*st = (long)t - 1;
	return 0;
}

/* What reading one page keeps. */
struct page_read {
	struct writer *w;
	const char *href;   /* the page, escaped as a URI (borrowed) */
	size_t first;       /* the page's documents are w->docs[first..] */
	size_t nmarks, nrows;
	int bad;            /* memory ran out */
};

/* The index in w->docs of the page's document numbered serial, or
 * (size_t)-1. */
static size_t page_doc(const struct page_read *r, size_t serial)
{
	for (size_t i = r->first; i < r->w->ndocs; i++)
		if (r->w->docs[i].serial == serial)
			return i;
	return (size_t)-1;
}

/* <article class="doc" id="dN">: a new document. */
static void read_article(struct page_read *r, xmlNodePtr n)
{
	struct writer *w = r->w;
	xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
	size_t serial;
	long st;

	if (parse_ref((const char *)id, "", &serial, &st) == 0 && st < 0 &&
	    page_doc(r, serial) == (size_t)-1) {
		struct docrec *d;

		if (w->ndocs == w->capdocs) {
			size_t cap = w->capdocs ? 2 * w->capdocs : 16;

			if (cap > SIZE_MAX / sizeof *d ||
			    (d = host->realloc(w->docs, cap * sizeof *d)) == NULL) {
				r->bad = 1;
				xmlFree(id);
				return;
			}
			w->docs = d;
			w->capdocs = cap;
		}
		d = &w->docs[w->ndocs];
		memset(d, 0, sizeof *d);
		d->serial = serial;
		if ((d->page = host->strdup(r->href)) == NULL)
			r->bad = 1;
		else
			w->ndocs++;
	}
	xmlFree(id);
}

/* One row of a document's table of statements: #N, kind, speaker, role,
 * cue, confidence (" (low)" when low). */
static void read_row(struct page_read *r, xmlNodePtr tr)
{
	struct writer *w = r->w;
	xmlNodePtr td[6], c;
	xmlChar *href;
	size_t n = 0, serial, di;
	long st;
	char *kind, *speaker, *conf;
	int k;

	for (c = tr->children; c != NULL && n < 6; c = c->next)
		if (is_element(c, "td"))
			td[n++] = c;
	if (n < 6)
		return;
	for (c = td[0]->children; c != NULL && !is_element(c, "a"); c = c->next)
		;
	if (c == NULL)
		return;
	href = xmlGetProp(c, (const xmlChar *)"href");
	if (parse_ref((const char *)href, "#", &serial, &st) != 0 || st < 0 ||
	    (di = page_doc(r, serial)) == (size_t)-1) {
		xmlFree(href);
		return;
	}
	xmlFree(href);
	kind = element_text(td[1], &r->bad);
	speaker = element_text(td[2], &r->bad);
	conf = element_text(td[5], &r->bad);
	if (kind != NULL && speaker != NULL && conf != NULL) {
		for (k = 0; k < CC_STATEMENT_KIND_COUNT; k++)
			if (strcmp(kind, kind_name(k)) == 0)
				w->nkind[k]++;
		w->nlow += strstr(conf, "(low)") != NULL;
		if (html_tally_add(&w->speakers, speaker, (struct html_ref){ di + 1, (size_t)st }) != 0)
			r->bad = 1;
		w->docs[di].nst++;
		w->nstatements++;
		r->nrows++;
	}
	host->free(kind);
	host->free(speaker);
	host->free(conf);
}

/* Sets the title or id of a document from its header. */
static void read_header_text(struct page_read *r, xmlNodePtr n, size_t serial, int is_id)
{
	size_t di = page_doc(r, serial);
	char **field;

	if (di == (size_t)-1)
		return;
	field = is_id ? &r->w->docs[di].id : &r->w->docs[di].title;
	if (*field == NULL)
		*field = element_text(n, &r->bad);
}

/* Walks the page in document order: `current` is the serial of the last
 * article met (libxml2's HTML 4 parser may not nest HTML5 elements the
 * way they were written, so nothing relies on nesting but a row's). */
static void read_nodes(struct page_read *r, xmlNodePtr n, size_t *current)
{
	for (; n != NULL && !r->bad; n = n->next) {
		xmlChar *id;
		size_t serial;
		long st;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		id = xmlGetProp(n, (const xmlChar *)"id");
		if (is_element(n, "article") && has_class(n, "doc")) {
			read_article(r, n);
			if (parse_ref((const char *)id, "", &serial, &st) == 0)
				*current = serial;
		} else if (is_element(n, "mark") && id != NULL) {
			r->nmarks++;
		} else if (is_element(n, "h3") && id != NULL &&
		           strlen((const char *)id) > 2 &&
		           strcmp((const char *)id + strlen((const char *)id) - 2, "-h") == 0) {
			id[strlen((const char *)id) - 2] = '\0';
			if (parse_ref((const char *)id, "", &serial, &st) == 0 && st < 0)
				read_header_text(r, n, serial, 0);
		} else if (is_element(n, "dd") && n->prev != NULL) {
			xmlNodePtr dt = n->prev;
			char *term;

			while (dt != NULL && dt->type != XML_ELEMENT_NODE)
				dt = dt->prev;
			if (is_element(dt, "dt") && (term = element_text(dt, &r->bad)) != NULL) {
				if (strcmp(term, "Document") == 0)
					read_header_text(r, n, *current, 1);
				host->free(term);
			}
		} else if (is_element(n, "tr") && n->parent != NULL &&
		           ((is_element(n->parent, "table") && has_class(n->parent, "statements")) ||
		            (n->parent->parent != NULL && is_element(n->parent->parent, "table") &&
		             has_class(n->parent->parent, "statements")))) {
			read_row(r, n);
		}
		xmlFree(id);
		read_nodes(r, n->children, current);
	}
}

/* Reads one page into the index.  CC_OK, CC_WARN when the page cannot be
 * read (reported; the index goes without it), CC_FATAL on memory. */
static int read_page(struct writer *w, const char *dir, const char *page)
{
	struct buf path = { NULL, 0, 0 };
	struct page_read r;
	xmlChar *href = xmlURIEscapeStr((const xmlChar *)page, (const xmlChar *)"/");
	htmlDocPtr doc = NULL;
	size_t current = 0;

	memset(&r, 0, sizeof r);
	r.w = w;
	r.first = w->ndocs;
	r.href = (const char *)href;
	if (href == NULL || buf_puts(&path, dir) != 0 || buf_puts(&path, "/") != 0 ||
	    buf_puts(&path, page) != 0) {
		xmlFree(href);
		host->free(path.p);
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	}
	doc = htmlReadFile(path.p, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                   HTML_PARSE_NONET);
	if (doc == NULL) {
		host->report(w->ctx, CC_WARN, 0, 0, "%s: cannot read this page back: not in the "
		             "index", path.p);
		xmlFree(href);
		host->free(path.p);
		return CC_WARN;
	}
	read_nodes(&r, xmlDocGetRootElement(doc), &current);
	/* A page with no article of ours is not one of this writer's. */
	if (!r.bad && w->ndocs == r.first)
		host->report(w->ctx, CC_WARN, 0, 0, "%s: no document of an HTML review page in it: "
		             "not in the index", path.p);
	for (size_t i = r.first; i < w->ndocs && !r.bad; i++)
		if (w->docs[i].id == NULL && (w->docs[i].id = host->strdup(page)) == NULL)
			r.bad = 1;
	if (r.nrows > r.nmarks)
		w->nunplaced += r.nrows - r.nmarks;
	xmlFreeDoc(doc);
	xmlFree(href);
	host->free(path.p);
	if (r.bad)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	return w->ndocs == r.first ? CC_WARN : CC_OK;
}

/* The documents section of the index: a link to each page's document,
 * with its id and count. */
static void write_page_list(struct writer *w)
{
	struct xw *o = &w->page;

	if (w->ndocs == 0)
		return;
	start(o, "ul");
	attr(o, "class", "pages");
	for (size_t i = 0; i < w->ndocs; i++) {
		const struct docrec *d = &w->docs[i];

		start(o, "li");
		link_ref(o, w->docs, (struct html_ref){ i + 1, 0 }, -1,
		         d->title != NULL ? d->title : d->id);
		text(o, " (");
		text(o, d->id);
		text(o, ", ");
		number(o, d->nst);
		text(o, d->nst == 1 ? " statement)" : " statements)");
		end(o);
		spill(o);
	}
	end(o);
	text(o, "\n");
}

int html_end_run(cc_ctx *ctx, cc_out *out, const char *out_dir, const char *const *pages)
{
	struct writer *w;
	void *state;
	int rc, worst = CC_OK;

	if ((rc = html_write_begin(ctx, out, &state)) != CC_OK)
		return rc;
	w = state;
	for (size_t i = 0; pages[i] != NULL && worst != CC_FATAL; i++) {
		rc = read_page(w, out_dir, pages[i]);
		worst = rc < worst ? rc : worst;
	}
	if (worst != CC_FATAL) {
		write_page_list(w);
		rc = write_frame_end(w);
		worst = rc < worst ? rc : worst;
	}
	writer_free(w);
	return worst;
}
