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
