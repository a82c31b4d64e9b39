/*
 * buf.c: growable byte buffers and arrays.  Every size computation here
 * checks for overflow: inputs are hostile and sizes come from them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
cc_grow(void *arr, size_t *cap, size_t need, size_t size)
{
	void **p = arr;
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return -1;
	n = realloc(*p, ncap * size);
	if (n == NULL)
		return -1;
	*p = n;
	*cap = ncap;
	return 0;
}

int
cc_buf_reserve(struct cc_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	return cc_grow(&b->data, &b->cap, b->len + extra + 1, 1);
}

int
cc_buf_append(struct cc_buf *b, const void *data, size_t len)
{
	if (cc_buf_reserve(b, len) != 0)
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
cc_buf_puts(struct cc_buf *b, const char *s)
{
	return cc_buf_append(b, s, strlen(s));
}

int
cc_buf_vprintf(struct cc_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || cc_buf_reserve(b, (size_t)n) != 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
cc_buf_printf(struct cc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *
cc_buf_steal(struct cc_buf *b)
{
	char *s = b->data;

	if (s == NULL)
		s = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void
cc_buf_free(struct cc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

uint64_t
cc_str_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The slot holding s, or the empty slot where it would go. */
static char **
strset_slot(char **slot, size_t cap, const char *s)
{
	size_t h = (size_t)cc_str_hash(s) & (cap - 1);

	while (slot[h] != NULL && strcmp(slot[h], s) != 0)
		h = (h + 1) & (cap - 1);
	return &slot[h];
}

int
cc_strset_add(struct cc_strset *set, const char *s)
{
	char **at, *copy;

	if (set->cap && *strset_slot(set->slot, set->cap, s) != NULL)
		return 0;
	if (set->n + 1 > set->cap / 2) {
		/* Keep the load under a half: rehash into twice the slots. */
		size_t ncap = set->cap ? set->cap * 2 : 64;
		char **n;
		if (ncap < set->cap || (n = calloc(ncap, sizeof(*n))) == NULL)
			return -1;
		for (size_t i = 0; i < set->cap; i++)
			if (set->slot[i])
				*strset_slot(n, ncap, set->slot[i]) = set->slot[i];
		free(set->slot);
		set->slot = n;
		set->cap = ncap;
	}
	if ((copy = strdup(s)) == NULL)
		return -1;
	at = strset_slot(set->slot, set->cap, s);
	*at = copy;
	set->n++;
	return 1;
}

void
cc_strset_free(struct cc_strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	set->slot = NULL;
	set->cap = set->n = 0;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
size_t
cc_utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, lo = s[0] == 0xE0 ? 0xA0 : 0x80, hi = s[0] == 0xED ? 0x9F : 0xBF;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, lo = s[0] == 0xF0 ? 0x90 : 0x80, hi = s[0] == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return n;
}

