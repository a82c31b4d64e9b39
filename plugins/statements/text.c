/*
 * text.c: splits one block of UTF-8 text into tokens (words, punctuation,
 * quotation marks with their byte offsets), pairs the quotation marks into
 * quotation spans and cuts the block into sentences.  It runs over every
 * byte of a long text: ASCII is read through a table, and each word is
 * looked up in the word lists once, here.
 *
 * Works on any bytes: invalid UTF-8 is read as U+FFFD one byte at a time.
 * Must never write into the block's text nor read past `len`.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

/* Classes of the bytes, for the loops over every byte: ASCII is read by
 * the table alone, the rest (A_WIDE) decoded. */
#define A_SPACE 0x1u
#define A_ALNUM 0x2u
#define A_UPPER 0x4u
#define A_JOIN  0x8u /* may join a word's parts: - ' & / . , */
#define A_WIDE  0x10u

#define WIDE8 A_WIDE, A_WIDE, A_WIDE, A_WIDE, A_WIDE, A_WIDE, A_WIDE, A_WIDE
#define WIDE64 WIDE8, WIDE8, WIDE8, WIDE8, WIDE8, WIDE8, WIDE8, WIDE8

static const unsigned char byte_class[256] = {
	['\t'] = A_SPACE, ['\n'] = A_SPACE, ['\v'] = A_SPACE, ['\f'] = A_SPACE,
	['\r'] = A_SPACE, [' '] = A_SPACE,
	['-'] = A_JOIN, ['\''] = A_JOIN, ['&'] = A_JOIN, ['/'] = A_JOIN, ['.'] = A_JOIN,
	[','] = A_JOIN,
	['0'] = A_ALNUM, ['1'] = A_ALNUM, ['2'] = A_ALNUM,
	['3'] = A_ALNUM, ['4'] = A_ALNUM, ['5'] = A_ALNUM,
	['6'] = A_ALNUM, ['7'] = A_ALNUM, ['8'] = A_ALNUM,
	['9'] = A_ALNUM,
	['A'] = A_ALNUM | A_UPPER, ['B'] = A_ALNUM | A_UPPER, ['C'] = A_ALNUM | A_UPPER,
	['D'] = A_ALNUM | A_UPPER, ['E'] = A_ALNUM | A_UPPER, ['F'] = A_ALNUM | A_UPPER,
	['G'] = A_ALNUM | A_UPPER, ['H'] = A_ALNUM | A_UPPER, ['I'] = A_ALNUM | A_UPPER,
	['J'] = A_ALNUM | A_UPPER, ['K'] = A_ALNUM | A_UPPER, ['L'] = A_ALNUM | A_UPPER,
	['M'] = A_ALNUM | A_UPPER, ['N'] = A_ALNUM | A_UPPER, ['O'] = A_ALNUM | A_UPPER,
	['P'] = A_ALNUM | A_UPPER, ['Q'] = A_ALNUM | A_UPPER, ['R'] = A_ALNUM | A_UPPER,
	['S'] = A_ALNUM | A_UPPER, ['T'] = A_ALNUM | A_UPPER, ['U'] = A_ALNUM | A_UPPER,
	['V'] = A_ALNUM | A_UPPER, ['W'] = A_ALNUM | A_UPPER, ['X'] = A_ALNUM | A_UPPER,
	['Y'] = A_ALNUM | A_UPPER, ['Z'] = A_ALNUM | A_UPPER,
	['a'] = A_ALNUM, ['b'] = A_ALNUM, ['c'] = A_ALNUM, ['d'] = A_ALNUM, ['e'] = A_ALNUM,
	['f'] = A_ALNUM, ['g'] = A_ALNUM, ['h'] = A_ALNUM, ['i'] = A_ALNUM, ['j'] = A_ALNUM,
	['k'] = A_ALNUM, ['l'] = A_ALNUM, ['m'] = A_ALNUM, ['n'] = A_ALNUM, ['o'] = A_ALNUM,
	['p'] = A_ALNUM, ['q'] = A_ALNUM, ['r'] = A_ALNUM, ['s'] = A_ALNUM, ['t'] = A_ALNUM,
	['u'] = A_ALNUM, ['v'] = A_ALNUM, ['w'] = A_ALNUM, ['x'] = A_ALNUM, ['y'] = A_ALNUM,
	['z'] = A_ALNUM,
	[0x80] = WIDE64, WIDE64,
};

static uint32_t utf8_get_wide(const char *s, size_t len, size_t i, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t left = len - i;
	uint32_t c;

	*n = 1;
	if (u[0] < 0x80)
		return u[0];
	if ((u[0] & 0xe0) == 0xc0 && left >= 2 && (u[1] & 0xc0) == 0x80) {
		*n = 2;
		c = ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
		return c >= 0x80 ? c : 0xfffd;
	}
	if ((u[0] & 0xf0) == 0xe0 && left >= 3 && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80) {
		*n = 3;
		c = ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) |
		    (u[2] & 0x3f);
		return c >= 0x800 ? c : 0xfffd;
	}
	if ((u[0] & 0xf8) == 0xf0 && left >= 4 && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80 && (u[3] & 0xc0) == 0x80) {
		*n = 4;
		c = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3f) << 12) |
		    ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
		return c >= 0x10000 && c < 0x110000 ? c : 0xfffd;
	}
	return 0xfffd;
}

/* The code point at byte i, *n bytes long.  Mostly ASCII: that is read
 * here, the rest by a call. */
static inline uint32_t utf8_get(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char u = (unsigned char)s[i];

	if (u < 0x80) {
		*n = 1;
		return u;
	}
	return utf8_get_wide(s, len, i, n);
}

/* The code point ending just before byte i (0 at the start). */
static uint32_t utf8_prev(const char *s, size_t i)
{
	size_t j = i, n;

	if (i == 0)
		return 0;
	j--;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return utf8_get(s, i, j, &n);
}

static inline bool is_space(uint32_t c)
{
	if (c < 0x80)
		return byte_class[c] & A_SPACE;
	return c == 0xa0 || (c >= 0x2000 && c <= 0x200b) || c == 0x202f || c == 0x205f ||
	       c == 0x3000 || c == 0xfeff;
}

static inline bool is_alnum(uint32_t c)
{
	if (c < 0x80)
		return byte_class[c] & A_ALNUM;
	if (c == 0xfffd || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f))
		return false;
	if ((c >= 0xa0 && c <= 0xbf) || c == 0xd7 || c == 0xf7)
		return false;
	return true;
}

static bool is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	       (c >= 0x391 && c <= 0x3a9) || (c >= 0x410 && c <= 0x42f);
}

static bool is_double_mark(uint32_t c)
{
	return c == '"' || c == 0x201c || c == 0x201d || c == 0x201e ||
	       c == 0x201f || c == 0xab || c == 0xbb;
}

/* The code point ending just before byte i, as reading the text from its
 * start finds it (0 at the start).  That reading never takes a byte that
 * is no continuation byte into an earlier code point, so it starts over at
 * the last such byte before i: what it reads there ends at i, or a stray
 * continuation byte (U+FFFD) does. */
static uint32_t cp_before(const char *s, size_t len, size_t i)
{
	size_t p = i, n;
	uint32_t c;

	if (i == 0)
		return 0;
	if ((unsigned char)s[i - 1] < 0x80)
		return (unsigned char)s[i - 1];
	while (p > 0 && ((unsigned char)s[p - 1] & 0xc0) == 0x80)
		p--;
	if (p == 0)
		return 0xfffd;
	c = utf8_get(s, len, p - 1, &n);
	return p - 1 + n == i ? c : 0xfffd;
}

enum { MARK_NONE = 0, MARK_SINGLE, MARK_DOUBLE };

static int mark_kind(uint32_t c)
{
	if (c == 0x2018 || c == '\'' || c == 0x201a)
		return MARK_SINGLE;
	if (c == 0x201c || c == '"' || c == 0x201e || c == 0xab)
		return MARK_DOUBLE;
	return MARK_NONE;
}

/* Quotation marks that open a quotation: at the start, or after a space,
 * a bracket or a dash, and before a non-space.  British style opens its
 * quotations with single marks and nests double ones inside them; US style
 * the reverse.  Apostrophes (don't, members') never stand in that place.
 * The mark is at byte i, n bytes long. */
static bool opens_by_place(const char *s, size_t len, size_t i, size_t n)
{
	uint32_t prev = cp_before(s, len, i);
	size_t n2;

	return (prev == 0 || is_space(prev) || prev == '(' || prev == '[' ||
	        prev == 0x2014 || prev == 0x2013) &&
	       i + n < len && !is_space(utf8_get(s, len, i + n, &n2));
}

static void count_mark(int kind, size_t *single, size_t *dbl)
{
	if (kind == MARK_SINGLE)
		(*single)++;
	else if (kind == MARK_DOUBLE)
		(*dbl)++;
}

/* The opening marks of a caption's credit, text[b->len..len): read, not
 * tokenized. */
static void count_credit_openers(const struct blk *b, size_t len, size_t *single, size_t *dbl)
{
	size_t i = b->len, n;

	while (i < len) {
		int kind = mark_kind(utf8_get(b->text, len, i, &n));
		if (kind && opens_by_place(b->text, len, i, n))
			count_mark(kind, single, dbl);
		i += n;
	}
}

/* How many ASCII letters and digits s[j..len) starts with. */
static size_t ascii_run(const char *s, size_t j, size_t len)
{
	const unsigned char *p = (const unsigned char *)s + j, *end = (const unsigned char *)s + len;

	while (p < end && (byte_class[*p] & A_ALNUM))
		p++;
	return (size_t)(p - ((const unsigned char *)s + j));
}

/* Length of a word starting at byte i: letters and digits, joined by
 * hyphens, apostrophes, dots (U.S., 4.5) and digit commas (1,000). */
static size_t word_len_joined(const char *s, size_t len, size_t i)
{
	size_t j = i, n, n2, seg = 0;
	bool dots = false;

	while (j < len) {
		uint32_t c;
		size_t run = ascii_run(s, j, len);
		j += run; /* the common case, a run of ASCII letters and digits */
		seg += run;
		if (j >= len)
			break;
		if (!(byte_class[(unsigned char)s[j]] & (A_JOIN | A_WIDE)))
			break; /* the common case: a space or a punctuation mark */
		c = utf8_get(s, len, j, &n);
		if (is_alnum(c)) {
			j += n;
			seg++;
			continue;
		}
		if (j + n >= len)
			break;
		uint32_t d = utf8_get(s, len, j + n, &n2);
		if (!is_alnum(d))
			break;
		if (c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' ||
		    c == 0x2019 || c == '&' || c == '/') {
			j += n;
			seg = 0;
			continue;
		}
		if (c == '.' && (seg == 1 || (s[j - 1] >= '0' && s[j - 1] <= '9' &&
		                              d >= '0' && d <= '9'))) {
			j += n;
			seg = 0;
			dots = true;
			continue;
		}
		if (c == ',' && s[j - 1] >= '0' && s[j - 1] <= '9' && d >= '0' &&
		    d <= '9' && j + 3 < len) {
			j += n;
			continue;
		}
		break;
	}
	/* U.S. and a.m. keep their last dot. */
	if (dots && seg == 1 && j < len && s[j] == '.')
		j++;
	return j - i;
}

/* The same, most words being ASCII letters and digits up to a space or
 * a mark that joins nothing: as word_len_joined() finds after its first
 * run. */
static size_t word_len(const char *s, size_t len, size_t i)
{
	size_t j = i + ascii_run(s, i, len);

	if (j >= len || !(byte_class[(unsigned char)s[j]] & (A_JOIN | A_WIDE)))
		return j - i;
	return word_len_joined(s, len, i);
}

/* A word at byte i, its first code point of class cls: its end, flags and
 * word lists. */
static void read_word(const struct blk *b, struct tok *t, size_t i, unsigned cls)
{
	const char *s = b->text;

	t->e = (uint32_t)(i + word_len(s, b->len, i));
	t->type = T_WORD;
	if (cls & A_UPPER)
		t->flags |= TF_CAP;
	if (t->e - t->s > 2) {
		const char *e = s + t->e;
		if ((e[-2] == '\'' && (e[-1] == 's' || e[-1] == 'S')) ||
		    (t->e - t->s > 4 && !memcmp(e - 4, "\xe2\x80\x99s", 4)))
			t->flags |= TF_POSS;
	}
	/* Every rule asks the word lists: look each word up once.  (The
	 * possessives tokenize() finds later have no ending to cut, so their
	 * lists are the same.) */
	lex_look_up(t, s, b->len);
}

/*
 * The tokens of block b, in m's scratch array.  On the way it counts the
 * opening marks of the article (opens_by_place) in text[0..len), the
 * whole block: such a mark is a token of its own, as inside a word it
 * would follow a letter or a joiner.
 */
static int tokenize(struct blk *b, struct blk_mem *m, size_t len, size_t *single, size_t *dbl)
{
	const char *s = b->text;
	size_t i = 0, n, poss = NONE;

	while (i < b->len) {
		unsigned char u = (unsigned char)s[i];
		unsigned cls = byte_class[u];
		uint32_t c = u;
		struct tok *t;
		int kind;
		/* ASCII, most of any text, without decoding. */
		n = 1;
		if (cls & A_WIDE) {
			c = utf8_get_wide(s, b->len, i, &n);
			cls = (is_space(c) ? A_SPACE : 0) | (is_alnum(c) ? A_ALNUM : 0) |
			      (is_upper(c) ? A_UPPER : 0);
		}
		if (cls & A_SPACE) {
			i += n;
			continue;
		}
		if (b->nt == m->cap_t && st_grow(&m->t, &m->cap_t, 1024, sizeof *m->t) < 0)
			return -1;
		/* s’ and s' right after a word are possessive (members’
		 * union) when no token follows them at once. */
		if (poss != NONE && i > m->t[poss].e)
			m->t[poss - 1].flags |= TF_POSS;
		poss = NONE;
		t = &m->t[b->nt];
		memset(t, 0, sizeof *t);
		t->s = (uint32_t)i;
		if (cls & A_ALNUM) {
			read_word(b, t, i, cls);
		} else {
			t->e = (uint32_t)(i + n);
			t->type = T_PUNCT;
			t->cp = c;
			/* Two apostrophes are a double quotation mark: the
			 * typewriter rendering of “ and ” that news archives'
			 * plain text uses (''We will act,'' he said). */
			if (c == '\'' && i + 1 < b->len && s[i + 1] == '\'') {
				t->e++;
				t->cp = c = '"';
			}
			if ((kind = mark_kind(c)) && opens_by_place(s, len, i, n))
				count_mark(kind, single, dbl);
			if ((c == 0x2019 || c == '\'') && b->nt > 0 && t[-1].type == T_WORD &&
			    t[-1].e == i && s[i - 1] == 's')
				poss = b->nt;
		}
		b->nt++;
		i = t->e;
	}
	if (poss != NONE)
		m->t[poss - 1].flags |= TF_POSS;
	b->t = m->t;
	return 0;
}

/* Whether the mark t stands where a quotation opens: at the start, or
 * after a space, a bracket or a dash, and before a non-space. */
static bool opens_here(const struct blk *b, const struct tok *t)
{
	uint32_t prev = utf8_prev(b->text, t->s), next;
	size_t n;

	next = t->e < b->len ? utf8_get(b->text, b->len, t->e, &n) : 0;
	if (prev == 0 || is_space(prev) || prev == '(' || prev == '[' ||
	    prev == 0x2014 || prev == 0x2013 || prev == '-')
		return next != 0 && !is_space(next);
	return false;
}

/* Whether the mark t stands where a quotation closes: after a letter, a
 * digit or a punctuation mark (not a space), and before a space, a
 * punctuation mark or the end, never before a letter or a digit. */
static bool closes_here(const struct blk *b, const struct tok *t)
{
	uint32_t prev = utf8_prev(b->text, t->s), next;
	size_t n;

	next = t->e < b->len ? utf8_get(b->text, b->len, t->e, &n) : 0;
	return prev != 0 && !is_space(prev) && (next == 0 || !is_alnum(next));
}

/*
 * Whether a mark opens (1) or closes (0) a quotation; `open` says whether
 * one is open.  Curly marks say which they are, but copied text often
 * closes with an opening mark typed the wrong way round: “terrible“ in a
 * tweet, “… the future.“ at the end of a paragraph.  Read as an opening
 * mark it would swallow the rest of the paragraph as a new quotation.  So
 * a “ that stands where a quotation closes, while one is open, closes it.
 * (A nested “…” after a space keeps opening.  The reverse mistake, a ”
 * opening, is rarer and is left alone: a stray ” after a space would
 * open a quotation to the end of the paragraph.)
 */
static int mark_opens(const struct blk *b, const struct tok *t, bool open)
{
	switch (t->cp) {
	case 0x201c:
		return !(open && closes_here(b, t));
	case 0x201e: case 0xab: case 0x2018: case 0x201a:
		return 1;
	case 0x201d: case 0xbb: case 0x201f:
		return 0;
	default:
		break;
	}
	return opens_here(b, t);
}

static bool is_mark(const struct tok *t, bool single)
{
	if (t->type != T_PUNCT)
		return false;
	if (single)
		return t->cp == 0x2018 || t->cp == 0x2019 || t->cp == '\'' ||
		       t->cp == 0x201a;
	return is_double_mark(t->cp);
}

static int add_quote(struct blk *b, struct blk_mem *m, size_t o, size_t c)
{
	struct quote q;
	size_t end = c == NONE ? b->len : b->t[c].s;

	q.topen = o;
	q.tclose = c;
	q.start = b->t[o].e;
	while (q.start < end && (b->text[q.start] == ' ' || b->text[q.start] == '\n'))
		q.start++;
	while (end > q.start && (b->text[end - 1] == ' ' || b->text[end - 1] == '\n' ||
	                         b->text[end - 1] == '\r' || b->text[end - 1] == '\t'))
		end--;
	q.end = end;
	if (q.end <= q.start)
		return 0;
	if (b->nq == m->cap_q && st_grow(&m->q, &m->cap_q, 64, sizeof *m->q) < 0)
		return -1;
	b->q = m->q;
	b->q[b->nq++] = q;
	return 0;
}

static int pair_quotes(struct blk *b, struct blk_mem *m, bool single)
{
	size_t open = NONE;

	for (size_t i = 0; i < b->nt; i++) {
		struct tok *t = &b->t[i];
		if (!is_mark(t, single))
			continue;
		int opens = mark_opens(b, t, open != NONE);
		if (single && t->cp == 0x2019 && i > 0 && b->t[i - 1].e == t->s &&
		    b->t[i - 1].type == T_WORD && open == NONE)
			continue; /* a possessive, not a quotation */
		if (opens && open != NONE) {
			if (t->cp == '"' || t->cp == '\'')
				opens = 0;
			else if (add_quote(b, m, open, NONE) < 0)
				return -1;
			else
				b->q[b->nq - 1].end = b->q[b->nq - 1].end > t->s ? t->s : b->q[b->nq - 1].end;
		}
		if (opens) {
			open = i;
		} else if (open != NONE) {
			if (add_quote(b, m, open, i) < 0)
				return -1;
			open = NONE;
		}
	}
	if (open != NONE && add_quote(b, m, open, NONE) < 0)
		return -1;
	/* Mark the tokens. */
	for (size_t k = 0; k < b->nq; k++) {
		struct quote *q = &b->q[k];
		size_t stop = q->tclose == NONE ? b->nt : q->tclose;
		b->t[q->topen].type = T_QOPEN;
		if (q->tclose != NONE)
			b->t[q->tclose].type = T_QCLOSE;
		for (size_t i = q->topen + 1; i < stop; i++) {
			if (b->t[i].s >= q->end && q->tclose == NONE)
				break;
			b->t[i].flags |= TF_INQ;
		}
	}
	return 0;
}

static bool ends_sentence(const struct tok *t)
{
	return t->type == T_PUNCT && (t->cp == '.' || t->cp == '!' || t->cp == '?' ||
	                              t->cp == 0x2026);
}

static bool starts_sentence(const struct blk *b, size_t j)
{
	const struct tok *t;

	if (j >= b->nt)
		return true;
	t = &b->t[j];
	if (t->type == T_QOPEN || (t->type == T_PUNCT && (t->cp == '(' || t->cp == '[')))
		return true;
	if (t->type != T_WORD)
		return false;
	return (t->flags & TF_CAP) || (b->text[t->s] >= '0' && b->text[t->s] <= '9');
}

static int push_sent(struct blk *b, struct blk_mem *m, size_t t0, size_t t1)
{
	if (t1 <= t0)
		return 0;
	if (b->ns == m->cap_s && st_grow(&m->s, &m->cap_s, 256, sizeof *m->s) < 0)
		return -1;
	b->s = m->s;
	b->s[b->ns].t0 = (uint32_t)t0;
	b->s[b->ns].t1 = (uint32_t)t1;
	b->ns++;
	return 0;
}

static bool upper_word(const struct blk *b, size_t i)
{
	size_t letters = 0;

	if (b->t[i].type != T_WORD)
		return false;
	for (size_t k = b->t[i].s; k < b->t[i].e; k++) {
		char c = b->text[k];
		if (c >= 'a' && c <= 'z')
			return false;
		letters += c >= 'A' && c <= 'Z';
	}
	return letters >= 2;
}

/* A wire dateline opening a block: "WASHINGTON (Reuters) —", "SEOUL, Jan. 5
 * (Yonhap) --", "RIVERTON —".  Returns the token after its dash, or 0. */
static size_t dateline_end(const struct blk *b)
{
	if (b->nt < 3 || !upper_word(b, 0))
		return 0;
	for (size_t k = 1; k < b->nt && k < 14; k++) {
		const struct tok *t = &b->t[k];
		if (t->type == T_PUNCT && (t->cp == 0x2014 || t->cp == 0x2013 || t->cp == '-')) {
			while (k + 1 < b->nt && tk_punct(b, k + 1, '-'))
				k++;
			return k + 1 < b->nt ? k + 1 : 0;
		}
		if (t->type == T_WORD ? !(t->flags & TF_CAP) && !(b->text[t->s] >= '0' &&
		                                                  b->text[t->s] <= '9')
		                      : !(t->cp == ',' || t->cp == '.' || t->cp == '(' ||
		                          t->cp == ')' || t->cp == '/'))
			return 0;
	}
	return 0;
}

/*
 * How far after a quotation that ends in "?" or "!" its attribution's cue
 * may stand: “…?” said Ana Ruiz / “…!” Ana Maria Ruiz said.  News puts
 * the cue first, or after a name of up to three words and a title.
 */
#define ATTR_CUE_AFTER 5

/* Whether the quotation closing at token q (after a "?" or "!") is
 * followed by its attribution: then the sentence goes on through it. */
static bool attribution_follows(const struct blk *b, size_t q)
{
	for (size_t k = q + 1; k < b->nt && k <= q + ATTR_CUE_AFTER; k++) {
		size_t last;
		if (tk_abbrev_dot(b, k))
			continue; /* “…?” Mr. Ruiz said */
		if (b->t[k].type != T_WORD)
			return false;
		if ((lex_cue(b, k, b->nt, &last) & C_SAY) && !(b->t[k].flags & TF_CAP))
			return true;
		if (!(b->t[k].flags & TF_CAP))
			return false; /* “Why?” The question hung there. */
	}
	return false;
}

static int split_sentences(struct blk *b, struct blk_mem *m)
{
	size_t t0 = 0;

	/* The dateline is no part of the first sentence. */
	t0 = dateline_end(b);
	if (t0 > 0 && push_sent(b, m, 0, t0) < 0)
		return -1;

	for (size_t i = t0; i < b->nt; i++) {
		const struct tok *t = &b->t[i];
		size_t j;
		/* "(Photo - AP) North Korea said": a parenthesis opening a
		 * sentence (a photo credit) is a sentence of its own. */
		if (t->type == T_PUNCT && t->cp == ')' && tk_punct(b, t0, '(') &&
		    tk_cap(b, i + 1)) {
			if (push_sent(b, m, t0, i + 1) < 0)
				return -1;
			t0 = i + 1;
			continue;
		}
		if (t->type == T_QCLOSE && i > 0 && ends_sentence(&b->t[i - 1])) {
			if (b->t[i - 1].cp != '.' && attribution_follows(b, i))
				continue;
			j = i + 1;
		} else if (ends_sentence(t) && !(t->flags & TF_INQ)) {
			if (t->cp == '.' && i > 0 && b->t[i - 1].type == T_WORD &&
			    b->t[i - 1].e == t->s) {
				if ((tk_lists(b, i - 1, TK_ROOM) & LX_ABBREV) ||
				    (b->t[i - 1].e - b->t[i - 1].s == 1 &&
				     (b->t[i - 1].flags & TF_CAP)))
					continue;
				/* "Ada Brandt (D-Ore.) said": a party-and-state
				 * tag closing its parenthesis or its apposition. */
				if (tk_abbrev_dot(b, i) &&
				    (tk_punct(b, i + 1, ')') || tk_punct(b, i + 1, ',')))
					continue;
			}
			j = i + 1;
		} else {
			continue;
		}
		while (j < b->nt && (b->t[j].type == T_QCLOSE ||
		                     (b->t[j].type == T_PUNCT && b->t[j].cp == ')')))
			j++;
		if (!starts_sentence(b, j))
			continue;
		if (push_sent(b, m, t0, j) < 0)
			return -1;
		t0 = j;
		i = j - 1;
	}
	return push_sent(b, m, t0, b->nt);
}

/* A caption's trailing credit, "(Photo - AP)", is not part of its text. */
static size_t caption_len(const char *s, size_t len)
{
	size_t e = len, depth = 0;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r'))
		e--;
	if (e == 0 || s[e - 1] != ')')
		return len;
	for (size_t i = e; i > 0; i--) {
		if (s[i - 1] == ')')
			depth++;
		else if (s[i - 1] == '(' && --depth == 0)
			return i - 1;
	}
	return len;
}

/* A copy in the arena of the count elements of `size` bytes at p (a
 * scratch array); NULL for none, or when memory ran out (*nomem set). */
static void *keep(struct st_arena *a, const void *p, size_t count, size_t size, bool *nomem)
{
	void *to;

	if (count == 0)
		return NULL;
	to = st_arena_alloc(a, count * size);
	if (!to) {
		*nomem = true;
		return NULL;
	}
	return memcpy(to, p, count * size);
}

int st_blk_init(struct blk *b, struct blk_mem *mem, size_t index, const char *text,
                size_t len, int kind, size_t *single, size_t *dbl)
{
	size_t len_cut;
	bool nomem = false;

	memset(b, 0, sizeof *b);
	b->text = text;
	len_cut = kind == ST_BLOCK_CAPTION ? caption_len(text, len) : len;
	b->len = (uint32_t)(len_cut > UINT32_MAX - 8 ? UINT32_MAX - 8 : len_cut); /* 32-bit offsets */
	b->kind = kind;
	b->index = (uint32_t)index;
	if (kind == ST_BLOCK_SKIP)
		return 0;
	lex_init();
	if (tokenize(b, mem, len, single, dbl) < 0)
		goto out_nomem;
	count_credit_openers(b, len, single, dbl);
	b->t = keep(&mem->arena, b->t, b->nt, sizeof *b->t, &nomem);
	if (nomem)
		goto out_nomem;
	return 0;
out_nomem:
	memset(b, 0, sizeof *b);
	return -1;
}

int st_blk_split(struct blk *b, struct blk_mem *mem, bool single_marks)
{
	bool nomem = false;

	if (b->kind == ST_BLOCK_SKIP)
		return 0;
	if (pair_quotes(b, mem, single_marks) < 0 || split_sentences(b, mem) < 0)
		goto out_nomem;
	b->q = keep(&mem->arena, b->q, b->nq, sizeof *b->q, &nomem);
	b->s = keep(&mem->arena, b->s, b->ns, sizeof *b->s, &nomem);
	if (nomem)
		goto out_nomem;
	return 0;
out_nomem:
	b->q = NULL;
	b->s = NULL;
	b->nq = b->ns = 0;
	return -1;
}

int st_blocks_build(struct blk *b, const struct st_block *in, size_t n, struct blk_mem *mem)
{
	size_t single = 0, dbl = 0;
	bool single_marks;

	for (size_t i = 0; i < n; i++)
		if (st_blk_init(&b[i], mem, i, in[i].text ? in[i].text : "", in[i].text ? in[i].len : 0,
		                in[i].text ? in[i].kind : ST_BLOCK_SKIP, &single, &dbl) < 0)
			return -1;
	/* The article's outer quotation marks are the kind that opens more
	 * quotations: single in British style ('...“nested”...'), double in US
	 * style; an article with no double marks quotes with single ones. */
	single_marks = dbl == 0 || single > dbl;
	for (size_t i = 0; i < n; i++)
		if (st_blk_split(&b[i], mem, single_marks) < 0)
			return -1;
	return 0;
}

void st_blk_mem_free(struct blk_mem *mem)
{
	free(mem->t);
	free(mem->q);
	free(mem->s);
	st_arena_free(&mem->arena);
	memset(mem, 0, sizeof *mem);
}

bool tk_word_in(const struct blk *b, size_t i, const char *const *list, size_t n)
{
	size_t len;
	const char *p = tk_lower_bytes(b, i, &len);

	if (!p || len == 0)
		return false;
	for (size_t k = 0; k < n; k++) {
		const char *w = list[k];
		size_t m = 0;
		while (m < len && w[m] && w[m] == tk_fold(p[m]))
			m++;
		if (m == len && !w[m])
			return true;
	}
	return false;
}

/* Lowercased copy of a word, its possessive ending removed. */
size_t tk_copy_lower(const struct blk *b, size_t i, char *buf, size_t n)
{
	size_t len, k = 0;
	const char *w;

	if (n == 0)
		return 0;
	w = tk_lower_bytes(b, i, &len);
	for (; k < len && k + 1 < n; k++)
		buf[k] = tk_fold(w[k]);
	buf[k] = 0;
	return k;
}
