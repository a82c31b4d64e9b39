/*
 * buf.h: a growable byte buffer, the core's one string builder.
 * Private to core/; plugins never see it.
 */
#ifndef CC_BUF_H
#define CC_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct cc_buf {
	char *data;   /* owned; NUL-terminated whenever len > 0 or after any append */
	size_t len;
	size_t cap;
};

#define CC_BUF_INIT { NULL, 0, 0 }

int cc_buf_reserve(struct cc_buf *b, size_t extra);
int cc_buf_append(struct cc_buf *b, const void *data, size_t len);
int cc_buf_puts(struct cc_buf *b, const char *s);
int cc_buf_printf(struct cc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cc_buf_vprintf(struct cc_buf *b, const char *fmt, va_list ap);
/* Hands the data over to the caller (who frees it with free()) and empties b. */
char *cc_buf_steal(struct cc_buf *b);
void cc_buf_free(struct cc_buf *b);

/* FNV-1a, 64 bits: an even, stable spread for short strings (hash
 * tables, --shard); not for security. */
uint64_t cc_str_hash(const char *s);

/* A set of strings (open addressing); owns copies of what it holds. */
struct cc_strset {
	char **slot;
	size_t cap, n;    /* cap: 0 or a power of two */
};

/* 1 when s was added, 0 when it was there already, -1 on exhausted memory. */
int cc_strset_add(struct cc_strset *set, const char *s);
void cc_strset_free(struct cc_strset *set);

/* Length of the well-formed UTF-8 sequence at NUL-terminated s (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
size_t cc_utf8_len(const unsigned char *s);

/* Grows *arr (of *cap elements of size `size`) to hold `need`; 0 or -1. */
int cc_grow(void *arr, size_t *cap, size_t need, size_t size);

#endif
