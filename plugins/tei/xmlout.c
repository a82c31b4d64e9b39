/*
 * xmlout.c: the TEI writer's streaming serialiser.  It writes elements,
 * attributes and text, as they are given, exactly as libxml2's
 * xmlNodeDumpOutput(..., format = 1) writes the tree they would make, so
 * the writer need not build, dump and free a tree per document (on a large
 * document that tree cost more than the rest of the conversion).
 *
 * The layout rules it follows are libxml2 2.9's (xmlsave.c): an element
 * whose children include text, even empty text, is written as it is; one
 * whose children are all elements gets each child on a line of its own,
 * indented two spaces a level up to 60 spaces; an element without children
 * is written "<name/>".  Streaming, the layout of an element is settled by
 * its first child, so the caller gives an element that will hold text its
 * text (or tei_xo_mixed) before any element child; a call that breaks this
 * fails the serialiser rather than write what libxml2 would not.
 *
 * It must never write document data that libxml2 did not escape: text goes
 * through xmlOutputBufferWriteEscape and attribute values through
 * xmlAttrSerializeTxtContent, the functions the tree serialiser uses, and
 * only element and attribute names (the writer's constants) are written as
 * they are.  It checks no characters (the writer does) and never calls the
 * host.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlIO.h>

#include "tei.h"

/* xmlsave.c's MAX_INDENT: 30 levels of two spaces. */
#define MAX_INDENT_LEVELS 30

static const char spaces[2 * MAX_INDENT_LEVELS] =
	"                                                            ";

/* ---- XML in memory ------------------------------------------------------ */

/* The XML is kept in chunks, so that a large document grows without being
 * copied (a realloc of tens of megabytes copies them). */
#define CHUNK_SIZE (1024 * 1024 - 64)

void tei_xmlbuf_reset(struct tei_xmlbuf *m, int record)
{
	/* The chunks stay, for the next document. */
	for (struct tei_xmlchunk *c = m->head; c != NULL; c = c->next)
		c->len = 0;
	m->tail = m->head;
	m->len = 0;
	m->ngap = 0;
	m->last = 0;
	m->record = record;
	m->sink = NULL;
	m->sink_user = NULL;
}

int tei_xmlbuf_drain(struct tei_xmlbuf *m)
{
	/* Only the chunk being filled holds anything: the others went out
	 * before it was filled. */
	for (struct tei_xmlchunk *c = m->head; c != NULL; c = c->next) {
		if (c->len > 0 && m->sink(m->sink_user, c->data, c->len) != 0)
			return -1;
		c->len = 0;
	}
	return 0;
}

void tei_xmlbuf_free(struct tei_xmlbuf *m)
{
	struct tei_xmlchunk *c = m->head;

	while (c != NULL) {
		struct tei_xmlchunk *next = c->next;

		free(c);
		c = next;
	}
	free(m->gap);
	memset(m, 0, sizeof(*m));
}

/* A fresh chunk with room for cap bytes, or NULL. */
static struct tei_xmlchunk *chunk_new(size_t cap)
{
	struct tei_xmlchunk *c = malloc(offsetof(struct tei_xmlchunk, data) + cap);

	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->len = 0;
	c->cap = cap;
	return c;
}

/* Appends n bytes: 0, or -1 when memory ran out. */
static int xmlbuf_add(struct tei_xmlbuf *m, const char *s, size_t n)
{
	while (n > 0) {
		struct tei_xmlchunk *c = m->tail;
		size_t k;

		if (c == NULL || c->len == c->cap) {
			if (c != NULL && m->sink != NULL) {
				/* Streaming: out, and filled again. */
				if (tei_xmlbuf_drain(m) != 0)
					return -1;
			} else if (c != NULL && c->next != NULL) {
				c = c->next;
			} else {
				if ((c = chunk_new(CHUNK_SIZE)) == NULL)
					return -1;
				if (m->tail != NULL)
					m->tail->next = c;
				else
					m->head = c;
			}
			m->tail = c;
		}
		k = c->cap - c->len < n ? c->cap - c->len : n;
		memcpy(c->data + c->len, s, k);
		c->len += k;
		m->len += k;
		s += k;
		n -= k;
	}
	return 0;
}

static inline int gap_push(struct tei_xmlbuf *m, uint32_t gap)
{
	if (m->ngap == m->capgap) {
		size_t cap = m->capgap ? m->capgap * 2 : 1024;
		uint32_t *g;

		if (cap > SIZE_MAX / sizeof(*g))
			return -1;
		g = realloc(m->gap, cap * sizeof(*g));
		if (g == NULL)
			return -1;
		m->gap = g;
		m->capgap = cap;
	}
	m->gap[m->ngap++] = gap;
	return 0;
}

/* Notes that an indentation starts at offset `at` (past the last place
 * noted).  The places are kept as distances, four bytes each; a distance
 * of UINT32_MAX or more is spelled as that many UINT32_MAX entries (no
 * place) and the rest. */
static int mark_indent(struct tei_xmlbuf *m, size_t at)
{
	size_t gap = at - m->last;

	while (gap >= UINT32_MAX) {
		if (gap_push(m, UINT32_MAX) != 0)
			return -1;
		gap -= UINT32_MAX;
	}
	if (gap_push(m, (uint32_t)gap) != 0)
		return -1;
	m->last = at;
	return 0;
}

/* The offset of the next place noted from gap[*i] on, or SIZE_MAX. */
static size_t next_mark(const struct tei_xmlbuf *m, size_t *i, size_t at)
{
	while (*i < m->ngap) {
		uint32_t g = m->gap[(*i)++];

		at += g;
		if (g != UINT32_MAX)
			return at;
	}
	return SIZE_MAX;
}

int tei_xmlbuf_write(const struct tei_xmlbuf *m, int deeper,
                     int (*put)(void *user, const char *p, size_t len), void *user)
{
	size_t gi = 0, off = 0, mark = SIZE_MAX, at = 0;

	/* One level deeper: two more spaces wherever an indentation below
	 * the cap starts. */
	if (deeper)
		mark = at = next_mark(m, &gi, 0);
	for (const struct tei_xmlchunk *c = m->head; c != NULL && off < m->len; c = c->next) {
		size_t pos = 0;

		while (pos < c->len) {
			/* Marks increase, and each is consumed when reached:
			 * mark >= off + pos here. */
			size_t end = mark - off < c->len ? mark - off : c->len;

			if (end > pos && put(user, c->data + pos, end - pos) != 0)
				return -1;
			pos = end;
			while (mark == off + pos) {
				if (put(user, "  ", 2) != 0)
					return -1;
				mark = at = next_mark(m, &gi, at);
			}
		}
		off += c->len;
	}
	return 0;
}

/* ---- output ------------------------------------------------------------- */

/* Appends n bytes to the XML. */
static inline void put(struct tei_xo *x, const char *s, size_t n)
{
	struct tei_xmlchunk *c = x->out->tail;

	/* Most pieces fit the chunk being filled. */
	if (c != NULL && c->cap - c->len >= n) {
		memcpy(c->data + c->len, s, n);
		c->len += n;
		x->out->len += n;
	} else if (xmlbuf_add(x->out, s, n) != 0) {
		x->failed = TEI_XO_OOM;
	}
}

/* reserve() when the chunk being filled has no room: the next one. */
static char *reserve_chunk(struct tei_xo *x, size_t n)
{
	struct tei_xmlbuf *m = x->out;
	struct tei_xmlchunk *c = m->tail;

	/* Streaming: out, and filled again when it has room for n. */
	if (c != NULL && m->sink != NULL) {
		if (tei_xmlbuf_drain(m) != 0) {
			x->failed = TEI_XO_OOM;
			return NULL;
		}
		if (c->cap >= n)
			return c->data;
	}
	if (c != NULL && c->next != NULL && c->next->cap >= n) {
		c = c->next;
	} else {
		size_t cap = n > CHUNK_SIZE ? n : CHUNK_SIZE;
		struct tei_xmlchunk *fresh = chunk_new(cap);

		if (fresh == NULL) {
			x->failed = TEI_XO_OOM;
			return NULL;
		}
		/* A spare chunk too small for this is dropped from the chain. */
		fresh->next = c != NULL && c->next != NULL ? c->next->next : NULL;
		if (c == NULL) {
			m->head = fresh;
		} else {
			free(c->next);
			c->next = fresh;
		}
		c = fresh;
	}
	m->tail = c;
	return c->data;
}

/*
 * Markup is assembled in place: reserve() gives room for n bytes at the end
 * of the XML, in one chunk (a chunk may end short of its capacity), and
 * commit() keeps what was written there.  NULL when memory ran out.
 */
static inline char *reserve(struct tei_xo *x, size_t n)
{
	struct tei_xmlchunk *c = x->out->tail;

	if (c != NULL && c->cap - c->len >= n)
		return c->data + c->len;
	return reserve_chunk(x, n);
}

static void commit(struct tei_xo *x, size_t n)
{
	x->out->tail->len += n;
	x->out->len += n;
}

/* Writes the indentation of `level` at q, which is `at` bytes into the
 * XML and has room for the most there is; returns the end of it. */
static inline char *indent(struct tei_xo *x, char *q, size_t at, size_t level)
{
	/* All the spaces there may be, in one copy of a known size; what is
	 * not needed is overwritten next. */
	memcpy(q, spaces, sizeof(spaces));
	if (level >= MAX_INDENT_LEVELS)
		return q + sizeof(spaces);
	if (x->out->record && mark_indent(x->out, at) != 0)
		x->failed = TEI_XO_OOM;
	return q + 2 * level;
}

/* libxml2 flushes the escaped text here (the serialiser flushes it after
 * each text, so nothing is left for the output buffer's close). */
static int esc_write(void *user, const char *buf, int len)
{
	struct tei_xo *x = user;

	if (len <= 0)
		return 0;
	if (x->capture != NULL) {
		if (tei_buf_add(x->capture, buf, (size_t)len) != 0)
			x->failed = TEI_XO_OOM;
		return x->failed ? -1 : len;
	}
	if (x->out == NULL)
		return -1;
	put(x, buf, (size_t)len);
	return x->failed ? -1 : len;
}

/* ---- the serialiser ------------------------------------------------------ */

int tei_xo_init(struct tei_xo *x)
{
	memset(x, 0, sizeof(*x));
	x->esc = xmlOutputBufferCreateIO(esc_write, NULL, x, NULL);
	x->attr = xmlBufferCreate();
	if (x->esc == NULL || x->attr == NULL) {
		tei_xo_free(x);
		return -1;
	}
	/* Doubling, not growing by what each piece needs: a long value is
	 * escaped piece by piece, and exact growth copies it over and over. */
	xmlBufferSetAllocationScheme(x->attr, XML_BUFFER_ALLOC_DOUBLEIT);
	return 0;
}

void tei_xo_free(struct tei_xo *x)
{
	x->out = NULL;
	if (x->esc != NULL)
		xmlOutputBufferClose(x->esc);
	if (x->attr != NULL)
		xmlBufferFree(x->attr);
	free(x->open);
	for (size_t i = 0; i < TEI_XO_CONSTS; i++)
		free(x->consts[i].esc);
	tei_buf_free(&x->run);
	memset(x, 0, sizeof(*x));
}

void tei_xo_begin(struct tei_xo *x, struct tei_xmlbuf *out, int level)
{
	x->out = out;
	x->level = level < 0 ? 0 : (size_t)level;
	x->depth = 0;
	x->mixed_at = 0;
	x->failed = 0;
	/* An output buffer that failed stays failed: a fresh one. */
	if (x->esc != NULL && x->esc->error) {
		xmlOutputBufferClose(x->esc);
		x->esc = xmlOutputBufferCreateIO(esc_write, NULL, x, NULL);
	}
	if (x->esc == NULL)
		x->failed = TEI_XO_OOM;
}

int tei_xo_finish(struct tei_xo *x)
{
	if (!x->failed && x->depth != 0)
		x->failed = TEI_XO_MISUSE;
	return x->failed;
}

const char *tei_xo_name(const struct tei_xo *x)
{
	return x->depth > 0 ? x->open[x->depth - 1].name : "";
}

/*
 * The open element gets a text child.  Its first child settles its layout:
 * text (even empty) turns indentation off inside it, as libxml2 does for an
 * element with a text child.  Text after element children where
 * indentation is on would change the layout of what is already written:
 * the caller broke the contract.
 */
static void add_text_child(struct tei_xo *x)
{
	struct tei_xo_open *o = &x->open[x->depth - 1];
	char *p;

	if (!o->has_children) {
		if ((p = reserve(x, 1)) == NULL)
			return;
		o->has_children = 1;
		if (x->mixed_at == 0)
			x->mixed_at = x->depth;
		p[0] = '>';
		commit(x, 1);
	} else if (x->mixed_at == 0) {
		x->failed = TEI_XO_MISUSE;
	}
}

void tei_xo_start_n(struct tei_xo *x, const char *name, size_t namelen)
{
	struct tei_xo_open *o;
	char *p, *q;

	if (x->failed)
		return;
	if (x->depth == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 32;

		if (cap > SIZE_MAX / sizeof(*o) || (o = realloc(x->open, cap * sizeof(*o))) == NULL) {
			x->failed = TEI_XO_OOM;
			return;
		}
		x->open = o;
		x->cap = cap;
	}
	if ((p = q = reserve(x, 2 + sizeof(spaces) + 1 + namelen)) == NULL)
		return;
	if (x->depth > 0) {
		o = &x->open[x->depth - 1];
		/* The parent's first child is an element: indentation stays
		 * as it is inside the parent. */
		if (!o->has_children) {
			o->has_children = 1;
			*q++ = '>';
			if (x->mixed_at == 0)
				*q++ = '\n';
		}
		if (x->mixed_at == 0)
			q = indent(x, q, x->out->len + (size_t)(q - p), x->level + x->depth);
	}
	*q++ = '<';
	memcpy(q, name, namelen);
	q += namelen;
	commit(x, (size_t)(q - p));
	o = &x->open[x->depth++];
	o->name = name;
	o->namelen = namelen;
	o->has_children = 0;
}

/* Escapes value into x->attr as the tree serialiser escapes an attribute
 * of a document without declared encoding: markup characters, white space
 * other than the space, and every non-ASCII character as a reference. */
static void escape_attr(struct tei_xo *x, const char *value)
{
	xmlBufferEmpty(x->attr);
	xmlAttrSerializeTxtContent(x->attr, NULL, NULL, (const xmlChar *)value);
}

/* ' name="value"', value escaped already. */
static void put_attr(struct tei_xo *x, const char *name, size_t namelen, const char *esc,
                     size_t len)
{
	char *p = reserve(x, namelen + len + 4);

	if (p == NULL)
		return;
	p[0] = ' ';
	memcpy(p + 1, name, namelen);
	p[namelen + 1] = '=';
	p[namelen + 2] = '"';
	memcpy(p + namelen + 3, esc, len);
	p[namelen + 3 + len] = '"';
	commit(x, namelen + len + 4);
}

/* 1 when the element just started can take an attribute. */
static int attr_ok(struct tei_xo *x)
{
	if (x->failed)
		return 0;
	if (x->depth == 0 || x->open[x->depth - 1].has_children) {
		x->failed = TEI_XO_MISUSE;
		return 0;
	}
	return 1;
}

void tei_xo_attr_n(struct tei_xo *x, const char *name, size_t namelen, const char *value)
{
	if (!attr_ok(x))
		return;
	escape_attr(x, value);
	put_attr(x, name, namelen, (const char *)xmlBufferContent(x->attr),
	         (size_t)xmlBufferLength(x->attr));
}

const char *tei_xo_attr_escape(struct tei_xo *x, const char *value, size_t *len)
{
	if (x->failed)
		return NULL;
	escape_attr(x, value);
	*len = (size_t)xmlBufferLength(x->attr);
	return (const char *)xmlBufferContent(x->attr);
}

void tei_xo_attr_escaped_n(struct tei_xo *x, const char *name, size_t namelen,
                           const char *esc, size_t len)
{
	if (attr_ok(x))
		put_attr(x, name, namelen, esc, len);
}

void tei_xo_attr_const_n(struct tei_xo *x, const char *name, size_t namelen, const char *value)
{
	/* Looked up by address: open addressing over a table kept at most
	 * half full. */
	size_t i = ((uintptr_t)value >> 3) & (TEI_XO_CONSTS - 1);
	struct tei_xo_const *c;

	if (!attr_ok(x))
		return;
	while (x->consts[i].value != NULL && x->consts[i].value != value)
		i = (i + 1) & (TEI_XO_CONSTS - 1);
	c = &x->consts[i];
	if (c->value == NULL) {
		escape_attr(x, value);
		if (x->nconst >= TEI_XO_CONSTS / 2 ||
		    (c->esc = strdup((const char *)xmlBufferContent(x->attr))) == NULL) {
			put_attr(x, name, namelen, (const char *)xmlBufferContent(x->attr),
			         (size_t)xmlBufferLength(x->attr));
			return;
		}
		c->value = value;
		c->len = strlen(c->esc);
		x->nconst++;
	}
	put_attr(x, name, namelen, c->esc, c->len);
}

void tei_xo_mixed(struct tei_xo *x)
{
	if (x->failed)
		return;
	if (x->depth == 0) {
		x->failed = TEI_XO_MISUSE;
		return;
	}
	if (!x->open[x->depth - 1].has_children)
		add_text_child(x);
}

/* Text through xmlOutputBufferWriteEscape, which escapes '<', '>', '&' and
 * CR as the tree serialiser does in a document written as UTF-8. */
static void escape_text(struct tei_xo *x, const char *s)
{
	if (xmlOutputBufferWriteEscape(x->esc, (const xmlChar *)s, NULL) < 0 ||
	    xmlOutputBufferFlush(x->esc) < 0)
		x->failed = TEI_XO_OOM;
}

/* Starts len bytes of text in the open element: 1 when they are to be
 * written, 0 when there is nothing to write or x failed. */
static int text_begin(struct tei_xo *x, size_t len)
{
	if (x->failed || len == 0)
		return 0;
	if (x->depth == 0) {
		x->failed = TEI_XO_MISUSE;
		return 0;
	}
	add_text_child(x);
	return !x->failed;
}

void tei_xo_text(struct tei_xo *x, const char *s, size_t len, int nul)
{
	if (!text_begin(x, len))
		return;
	/* xmlOutputBufferWriteEscape wants a C string of int length. */
	if (nul && len < INT_MAX) {
		escape_text(x, s);
		return;
	}
	while (len > 0 && !x->failed) {
		size_t n = len < INT_MAX / 2 ? len : INT_MAX / 2;

		x->run.len = 0;
		if (tei_buf_add(&x->run, s, n) != 0) {
			x->failed = TEI_XO_OOM;
			break;
		}
		escape_text(x, x->run.p);
		s += n;
		len -= n;
	}
}

int tei_xo_text_escape(struct tei_xo *x, const char *s, struct tei_buf *into)
{
	if (x->failed)
		return -1;
	if (s[0] == '\0')
		return 0; /* libxml2 fails on nothing to escape: tei_xo_text skips it */
	x->capture = into;
	escape_text(x, s);
	x->capture = NULL;
	return x->failed ? -1 : 0;
}

void tei_xo_text_escaped(struct tei_xo *x, const char *esc, size_t len)
{
	/* What tei_xo_text does, with the escaping done already. */
	if (text_begin(x, len))
		put(x, esc, len);
}

void tei_xo_end(struct tei_xo *x)
{
	struct tei_xo_open *o;
	char *p, *q;

	if (x->failed)
		return;
	if (x->depth == 0) {
		x->failed = TEI_XO_MISUSE;
		return;
	}
	o = &x->open[x->depth - 1];
	if ((p = q = reserve(x, sizeof(spaces) + 3 + o->namelen + 1)) == NULL)
		return;
	if (!o->has_children) {
		*q++ = '/';
		*q++ = '>';
	} else {
		if (x->mixed_at == 0)
			q = indent(x, q, x->out->len, x->level + x->depth - 1);
		*q++ = '<';
		*q++ = '/';
		memcpy(q, o->name, o->namelen);
		q += o->namelen;
		*q++ = '>';
		if (x->mixed_at == x->depth)
			x->mixed_at = 0;
	}
	x->depth--;
	/* Every node but the root ends its line where indentation is on. */
	if (x->depth > 0 && x->mixed_at == 0)
		*q++ = '\n';
	commit(x, (size_t)(q - p));
}
