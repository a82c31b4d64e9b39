/*
 * text.c: splits one block of UTF-8 text into tokens (words, punctuation,
 * quotation marks with their byte offsets), pairs the quotation marks into
 * quotation spans and cuts the block into sentences.
 *
 * Works on any bytes: invalid UTF-8 is read as U+FFFD one byte at a time.
 * Must never write into the block's text nor read past `len`.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

static uint32_t utf8_get(const char *s, size_t len, size_t i, size_t *n)
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

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v' || c == 0xa0 || (c >= 0x2000 && c <= 0x200b) ||
	       c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static bool is_alnum(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9');
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

bool st_text_has_double_marks(const char *text, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if (is_double_mark(utf8_get(text, len, i, &n)))
			return true;
		i += n;
	}
	return false;
}

/* Quotation marks that open a quotation: at the start, or after a space,
 * a bracket or a dash, and before a non-space.  British style opens its
 * quotations with single marks and nests double ones inside them; US style
 * the reverse.  Apostrophes (don't, members') never stand in that place. */
void st_count_openers(const char *text, size_t len, size_t *single, size_t *dbl)
{
	size_t i = 0, n, n2;
	uint32_t prev = 0;

	while (i < len) {
		uint32_t c = utf8_get(text, len, i, &n);
		if ((prev == 0 || is_space(prev) || prev == '(' || prev == '[' ||
		     prev == 0x2014 || prev == 0x2013) && i + n < len &&
		    !is_space(utf8_get(text, len, i + n, &n2))) {
			if (c == 0x2018 || c == '\'' || c == 0x201a)
				(*single)++;
			else if (c == 0x201c || c == '"' || c == 0x201e || c == 0xab)
				(*dbl)++;
		}
		prev = c;
		i += n;
	}
}

static int push_tok(struct blk *b, size_t *cap, struct tok t)
{
	if (b->nt == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct tok *p = realloc(b->t, nc * sizeof *p);
		if (!p)
			return -1;
		b->t = p;
		*cap = nc;
	}
	b->t[b->nt++] = t;
	return 0;
}

/* Length of a word starting at byte i: letters and digits, joined by
 * hyphens, apostrophes, dots (U.S., 4.5) and digit commas (1,000). */
static size_t word_len(const char *s, size_t len, size_t i)
{
	size_t j = i, n, n2, seg = 0;
	bool dots = false;

	while (j < len) {
		uint32_t c = utf8_get(s, len, j, &n);
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

static int tokenize(struct blk *b)
{
	const char *s = b->text;
	size_t i = 0, n, cap = 0;

	while (i < b->len) {
		uint32_t c = utf8_get(s, b->len, i, &n);
		struct tok t = { i, i + n, 0, T_PUNCT, 0, -1 };
		if (is_space(c)) {
			i += n;
			continue;
		}
		if (is_alnum(c)) {
			t.e = i + word_len(s, b->len, i);
			t.type = T_WORD;
			if (is_upper(c))
				t.flags |= TF_CAP;
			if (t.e - t.s > 2) {
				const char *e = s + t.e;
				if ((e[-2] == '\'' && (e[-1] == 's' || e[-1] == 'S')) ||
				    (t.e - t.s > 4 && !memcmp(e - 4, "\xe2\x80\x99s", 4)))
					t.flags |= TF_POSS;
			}
		} else {
			t.cp = c;
		}
		if (push_tok(b, &cap, t) < 0)
			return -1;
		i = t.e;
	}
	/* s’ and s' right after a word are possessive (members’ union). */
	for (size_t k = 1; k < b->nt; k++) {
		struct tok *t = &b->t[k], *p = &b->t[k - 1];
		if (t->type == T_PUNCT && (t->cp == 0x2019 || t->cp == '\'') &&
		    p->type == T_WORD && p->e == t->s &&
		    (b->text[p->e - 1] == 's') &&
		    (k + 1 >= b->nt || b->t[k + 1].s > t->e))
			p->flags |= TF_POSS;
	}
	return 0;
}

/* Whether a mark opens (1) or closes (0) a quotation. */
static int mark_opens(const struct blk *b, const struct tok *t)
{
	uint32_t prev, next;
	size_t n;

	switch (t->cp) {
	case 0x201c: case 0x201e: case 0xab: case 0x2018: case 0x201a:
		return 1;
	case 0x201d: case 0xbb: case 0x201f:
		return 0;
	default:
		break;
	}
	prev = utf8_prev(b->text, t->s);
	next = t->e < b->len ? utf8_get(b->text, b->len, t->e, &n) : 0;
	if (prev == 0 || is_space(prev) || prev == '(' || prev == '[' ||
	    prev == 0x2014 || prev == 0x2013 || prev == '-')
		return next != 0 && !is_space(next);
	return 0;
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

static int add_quote(struct blk *b, size_t *cap, size_t o, size_t c)
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
	if (b->nq == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct quote *p = realloc(b->q, nc * sizeof *p);
		if (!p)
			return -1;
		b->q = p;
		*cap = nc;
	}
	b->q[b->nq++] = q;
	return 0;
}

static int pair_quotes(struct blk *b, bool single)
{
	size_t open = NONE, cap = 0;

	for (size_t i = 0; i < b->nt; i++) {
		struct tok *t = &b->t[i];
		if (!is_mark(t, single))
			continue;
		int opens = mark_opens(b, t);
		if (single && t->cp == 0x2019 && i > 0 && b->t[i - 1].e == t->s &&
		    b->t[i - 1].type == T_WORD && open == NONE)
			continue; /* a possessive, not a quotation */
		if (opens && open != NONE) {
			if (t->cp == '"' || t->cp == '\'')
				opens = 0;
			else if (add_quote(b, &cap, open, NONE) < 0)
				return -1;
			else
				b->q[b->nq - 1].end = b->q[b->nq - 1].end > t->s ? t->s : b->q[b->nq - 1].end;
		}
		if (opens) {
			open = i;
		} else if (open != NONE) {
			if (add_quote(b, &cap, open, i) < 0)
				return -1;
			open = NONE;
		}
	}
	if (open != NONE && add_quote(b, &cap, open, NONE) < 0)
		return -1;
	/* Mark the tokens. */
	for (size_t k = 0; k < b->nq; k++) {
		struct quote *q = &b->q[k];
		size_t stop = q->tclose == NONE ? b->nt : q->tclose;
		b->t[q->topen].type = T_QOPEN;
		b->t[q->topen].q = (int)k;
		if (q->tclose != NONE) {
			b->t[q->tclose].type = T_QCLOSE;
			b->t[q->tclose].q = (int)k;
		}
		for (size_t i = q->topen + 1; i < stop; i++) {
			if (b->t[i].s >= q->end && q->tclose == NONE)
				break;
			b->t[i].flags |= TF_INQ;
			b->t[i].q = (int)k;
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

static int push_sent(struct blk *b, size_t *cap, size_t t0, size_t t1)
{
	if (t1 <= t0)
		return 0;
	if (b->ns == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct sent *p = realloc(b->s, nc * sizeof *p);
		if (!p)
			return -1;
		b->s = p;
		*cap = nc;
	}
	b->s[b->ns].t0 = t0;
	b->s[b->ns].t1 = t1;
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

static int split_sentences(struct blk *b)
{
	size_t t0 = 0, cap = 0;
	char w[32];

	/* The dateline is no part of the first sentence. */
	t0 = dateline_end(b);
	if (t0 > 0 && push_sent(b, &cap, 0, t0) < 0)
		return -1;

	for (size_t i = t0; i < b->nt; i++) {
		const struct tok *t = &b->t[i];
		size_t j;
		/* "(Photo - AP) North Korea said": a parenthesis opening a
		 * sentence (a photo credit) is a sentence of its own. */
		if (t->type == T_PUNCT && t->cp == ')' && tk_punct(b, t0, '(') &&
		    tk_cap(b, i + 1)) {
			if (push_sent(b, &cap, t0, i + 1) < 0)
				return -1;
			t0 = i + 1;
			continue;
		}
		if (t->type == T_QCLOSE && i > 0 && ends_sentence(&b->t[i - 1])) {
			j = i + 1;
		} else if (ends_sentence(t) && !(t->flags & TF_INQ)) {
			if (t->cp == '.' && i > 0 && b->t[i - 1].type == T_WORD &&
			    b->t[i - 1].e == t->s) {
				tk_copy_lower(b, i - 1, w, sizeof w);
				if (lex_abbrev(w) || (b->t[i - 1].e - b->t[i - 1].s == 1 &&
				                      (b->t[i - 1].flags & TF_CAP)))
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
		if (push_sent(b, &cap, t0, j) < 0)
			return -1;
		t0 = j;
		i = j - 1;
	}
	return push_sent(b, &cap, t0, b->nt);
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

int st_blk_init(struct blk *b, size_t index, const char *text, size_t len,
                int kind, bool single_marks)
{
	memset(b, 0, sizeof *b);
	b->text = text;
	b->len = kind == ST_BLOCK_CAPTION ? caption_len(text, len) : len;
	b->kind = kind;
	b->index = index;
	if (kind == ST_BLOCK_SKIP)
		return 0;
	if (tokenize(b) < 0 || pair_quotes(b, single_marks) < 0 ||
	    split_sentences(b) < 0) {
		st_blk_free(b);
		return -1;
	}
	return 0;
}

void st_blk_free(struct blk *b)
{
	free(b->t);
	free(b->q);
	free(b->s);
	b->t = NULL;
	b->q = NULL;
	b->s = NULL;
	b->nt = b->nq = b->ns = 0;
}

bool tk_word(const struct blk *b, size_t i)
{
	return i < b->nt && b->t[i].type == T_WORD;
}

bool tk_is(const struct blk *b, size_t i, const char *w)
{
	size_t n = strlen(w);

	if (i >= b->nt || b->t[i].type != T_WORD || b->t[i].e - b->t[i].s != n)
		return false;
	for (size_t k = 0; k < n; k++) {
		char c = b->text[b->t[i].s + k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[k])
			return false;
	}
	return true;
}

bool tk_punct(const struct blk *b, size_t i, uint32_t cp)
{
	return i < b->nt && b->t[i].type == T_PUNCT && b->t[i].cp == cp;
}

bool tk_cap(const struct blk *b, size_t i)
{
	return i < b->nt && b->t[i].type == T_WORD && (b->t[i].flags & TF_CAP);
}

/* Lowercased copy of a word, its possessive ending removed. */
size_t tk_copy_lower(const struct blk *b, size_t i, char *buf, size_t n)
{
	size_t s, e, k = 0;

	buf[0] = 0;
	if (i >= b->nt || b->t[i].type != T_WORD || n == 0)
		return 0;
	s = b->t[i].s;
	e = b->t[i].e;
	if (b->t[i].flags & TF_POSS) {
		/* Only an ending inside the word: "members" before a ’
		 * token is possessive too, and has none. */
		if (e - s > 4 && !memcmp(b->text + e - 4, "\xe2\x80\x99s", 4))
			e -= 4;
		else if (e - s > 2 && b->text[e - 2] == '\'')
			e -= 2;
	}
	for (; s < e && k + 1 < n; s++) {
		char c = b->text[s];
		buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	buf[k] = 0;
	return k;
}

size_t tk_sentence(const struct blk *b, size_t i)
{
	for (size_t k = 0; k < b->ns; k++)
		if (i >= b->s[k].t0 && i < b->s[k].t1)
			return k;
	return b->ns ? b->ns - 1 : 0;
}
