/*
 * utf8.h: the character classes and the UTF-8 decoding the tokenizer
 * (text.c) and the quotation marks' pairing (quotes.c) read text with.
 * Speed matters here: text.c reads every byte of a long text through it,
 * ASCII by a table.  Invalid UTF-8 reads as U+FFFD one byte at a time.
 *
 * Private to plugins/statements.
 */
#ifndef ST_UTF8_H
#define ST_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

static inline uint32_t utf8_get_wide(const char *s, size_t len, size_t i, size_t *n)
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
static inline uint32_t utf8_prev(const char *s, size_t i)
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

static inline bool is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	       (c >= 0x391 && c <= 0x3a9) || (c >= 0x410 && c <= 0x42f);
}

static inline bool is_double_mark(uint32_t c)
{
	return c == '"' || c == 0x201c || c == 0x201d || c == 0x201e ||
	       c == 0x201f || c == 0xab || c == 0xbb;
}

/* The code point ending just before byte i, as reading the text from its
 * start finds it (0 at the start).  That reading never takes a byte that
 * is no continuation byte into an earlier code point, so it starts over at
 * the last such byte before i: what it reads there ends at i, or a stray
 * continuation byte (U+FFFD) does. */
static inline uint32_t cp_before(const char *s, size_t len, size_t i)
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

#endif /* ST_UTF8_H */
