/*
 * limits.c: a linear pre-scan of an XML input for the markup libxml2 (2.9)
 * handles in quadratic time.  It checks an element's attributes for
 * duplicates pair by pair, and its namespace declarations too, and looks
 * every prefix up through all the declarations in scope: 100,000
 * attributes on one <p> (1.1 MB) took over a minute, 100,000 namespace
 * declarations five seconds.  The scan refuses such an input before
 * libxml2 sees it: one element with more than TEI_MAX_ATTRS attributes or
 * TEI_MAX_NS_DECLS namespace declarations, or more than TEI_MAX_NS_SCOPE
 * declarations in scope at once.
 *
 * It reads only what it must (tags, quoted values, comments, processing
 * instructions, CDATA sections and the DOCTYPE) in the input's own code
 * units: UTF-8 and the other encodings that keep ASCII, UTF-16 and UCS-4
 * either way round.  It must never refuse well-formed XML within the caps
 * (in a start tag, each attribute has exactly one '=' outside quotes), and
 * it leaves whatever it cannot follow (malformed XML) to libxml2, which
 * says what is wrong.  No host, no libxml2: libc only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tei.h"

/* An input in code units of w bytes (1, 2 or 4), big-endian or not. */
struct scan {
	const unsigned char *p;
	size_t n;              /* code units */
	unsigned w;
	int big;
	size_t i;              /* the next code unit */
};

/* The code unit at i, or 0 past the end. */
static uint32_t unit(const struct scan *s, size_t i)
{
	const unsigned char *q = s->p + i * s->w;

	if (i >= s->n)
		return 0;
	if (s->w == 1)
		return q[0];
	if (s->w == 2)
		return s->big ? (uint32_t)q[0] << 8 | q[1] : (uint32_t)q[1] << 8 | q[0];
	return s->big ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]
	              : (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
}

/* Do the code units at i spell the ASCII string lit? */
static int looking_at(const struct scan *s, size_t i, const char *lit)
{
	for (; *lit; lit++, i++)
		if (unit(s, i) != (unsigned char)*lit)
			return 0;
	return 1;
}

/* Moves past the next lit (at most 3 characters, so linear); 0, or -1
 * when the input ends first. */
static int skip_past(struct scan *s, const char *lit)
{
	size_t n = strlen(lit);

	for (; s->i < s->n; s->i++)
		if (looking_at(s, s->i, lit)) {
			s->i += n;
			return 0;
		}
	return -1;
}

/* Sets the code unit width from the byte order mark, or from how "<?" or
 * "<" is spelled at the start (XML 1.0, appendix F). */
static void detect_width(struct scan *s, const unsigned char *d, size_t len)
{
	static const struct { unsigned char b[4]; unsigned w; int big; size_t bom; } sig[] = {
		{ { 0x00, 0x00, 0xFE, 0xFF }, 4, 1, 4 }, { { 0xFF, 0xFE, 0x00, 0x00 }, 4, 0, 4 },
		{ { 0x00, 0x00, 0x00, 0x3C }, 4, 1, 0 }, { { 0x3C, 0x00, 0x00, 0x00 }, 4, 0, 0 },
		{ { 0xFE, 0xFF, 0, 0 }, 2, 1, 2 },       { { 0xFF, 0xFE, 0, 0 }, 2, 0, 2 },
		{ { 0x00, 0x3C, 0x00, 0x3F }, 2, 1, 0 }, { { 0x3C, 0x00, 0x3F, 0x00 }, 2, 0, 0 },
	};

	s->w = 1;
	s->big = 0;
	s->p = d;
	for (size_t k = 0; k < sizeof(sig) / sizeof(sig[0]); k++) {
		size_t m = sig[k].bom == 2 ? 2 : 4;
		if (len >= m && memcmp(d, sig[k].b, m) == 0) {
			s->w = sig[k].w;
			s->big = sig[k].big;
			s->p = d + sig[k].bom;
			len -= sig[k].bom;
			break;
		}
	}
	s->n = len / s->w;
	s->i = 0;
}

/* Skips the DOCTYPE, its internal subset with its quoted literals,
 * comments and processing instructions; s->i is past "<!". */
static int skip_doctype(struct scan *s)
{
	uint32_t quote = 0;
	int depth = 0;

	for (; s->i < s->n; s->i++) {
		uint32_t c = unit(s, s->i);

		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (looking_at(s, s->i, "<!--")) {
			s->i += 4;
			if (skip_past(s, "-->") != 0)
				return -1;
			s->i--;
		} else if (looking_at(s, s->i, "<?")) {
			s->i += 2;
			if (skip_past(s, "?>") != 0)
				return -1;
			s->i--;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			depth--;
		} else if (c == '>' && depth <= 0) {
			s->i++;
			return 0;
		}
	}
	return -1;
}

/* What one start tag holds. */
struct tag {
	size_t attrs, ns;      /* attributes (declarations among them), declarations */
	int empty;             /* <x/> */
};

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Is the attribute named by the code units [at, at+n) a namespace
 * declaration, xmlns or xmlns:PREFIX? */
static int is_xmlns(const struct scan *s, size_t at, size_t n)
{
	return looking_at(s, at, "xmlns") && (n == 5 || (n > 6 && unit(s, at + 5) == ':'));
}

/*
 * Reads a start tag, s->i past its "<", counting attributes as they come:
 * stops at the first one past a cap, s->i on it, with 1 and *why set.
 * Returns 0 at the end of the tag (s->i past ">"), -1 on what is not one.
 */
static int scan_start_tag(struct scan *s, struct tag *t, const char **why)
{
	uint32_t quote = 0, last = 0;
	size_t tok = 0, toklen = 0;
	int in_tok = 0;

	memset(t, 0, sizeof(*t));
	for (; s->i < s->n; s->i++) {
		uint32_t c = unit(s, s->i);

		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '<') {
			return -1;
		} else if (c == '>') {
			t->empty = last == '/';
			s->i++;
			return 0;
		} else if (c == '=') {
			t->attrs++;
			t->ns += toklen > 0 && is_xmlns(s, tok, toklen);
			if (t->ns > TEI_MAX_NS_DECLS) {
				*why = "an element declares more than " TEI_STR(TEI_MAX_NS_DECLS)
				       " namespaces";
				return 1;
			}
			if (t->attrs > TEI_MAX_ATTRS) {
				*why = "an element has more than " TEI_STR(TEI_MAX_ATTRS) " attributes";
				return 1;
			}
			in_tok = 0;
			toklen = 0;
		} else if (is_space(c) || c == '/') {
			in_tok = 0;
		} else if (!in_tok) {
			in_tok = 1;
			tok = s->i;
			toklen = 1;
		} else {
			toklen++;
		}
		if (!is_space(c))
			last = c;
	}
	return -1;
}

/* Line and column (from 1) of code unit i. */
static void locate(const struct scan *s, size_t i, long *line, long *col)
{
	size_t bol = 0;

	*line = 1;
	for (size_t k = 0; k < i && k < s->n; k++)
		if (unit(s, k) == '\n') {
			++*line;
			bol = k + 1;
		}
	*col = (long)(i - bol) + 1;
}

/*
 * The elements from the root down hold how many namespace declarations
 * each: a stack as deep as max_depth, past which libxml2 refuses the
 * input itself (the scan stops there).
 */
int tei_scan_limits(const unsigned char *data, size_t len, size_t max_depth,
                    struct tei_refusal *r)
{
	struct scan s;
	size_t *scope, depth = 0, in_scope = 0;
	const char *why = NULL;
	int rc = 0;

	detect_width(&s, data, len);
	if ((scope = calloc(max_depth + 2, sizeof(*scope))) == NULL) {
		r->line = r->col = 0;
		snprintf(r->why, sizeof(r->why), "out of memory");
		return 1;
	}
	while (rc == 0 && skip_past(&s, "<") == 0) {
		struct tag t;

		if (looking_at(&s, s.i, "!--")) {
			s.i += 3;
			rc = skip_past(&s, "-->") ? -1 : 0;
		} else if (looking_at(&s, s.i, "![CDATA[")) {
			rc = skip_past(&s, "]]>") ? -1 : 0;
		} else if (looking_at(&s, s.i, "!")) {
			rc = skip_doctype(&s);
		} else if (looking_at(&s, s.i, "?")) {
			rc = skip_past(&s, "?>") ? -1 : 0;
		} else if (looking_at(&s, s.i, "/")) {
			if (depth > 0)
				in_scope -= scope[depth--];
			rc = skip_past(&s, ">") ? -1 : 0;
		} else if ((rc = scan_start_tag(&s, &t, &why)) == 0) {
			if (in_scope + t.ns > TEI_MAX_NS_SCOPE) {
				why = "more than " TEI_STR(TEI_MAX_NS_SCOPE) " namespace declarations "
				      "in scope";
				rc = 1;
			} else if (!t.empty && ++depth > max_depth) {
				rc = -1; /* libxml2 stops there: too deep */
			} else if (!t.empty) {
				scope[depth] = t.ns;
				in_scope += t.ns;
			}
		}
	}
	if (rc == 1) {
		locate(&s, s.i, &r->line, &r->col);
		snprintf(r->why, sizeof(r->why), "%s", why);
	}
	free(scope);
	return rc == 1;
}
