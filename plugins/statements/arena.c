/*
 * arena.c: speed machinery, no language rule: the arena the extractor
 * keeps its long-lived pieces in (names, roles, cues), and st_grow for
 * its growing arrays.  Every stage uses it; it uses nothing of theirs.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

char *st_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* ---- the arena ---- */

struct st_chunk {
	struct st_chunk *next;
	max_align_t data[]; /* the chunk's bytes follow */
};

/* The first chunk is CHUNK_MIN, each next one twice the one before up to
 * CHUNK_MAX: a short article's arena stays inside malloc's heap (the
 * corpusconv command maps every block of 1 MiB or more apart from the
 * heap, and a mapping made and unmapped for every document of a bulk run
 * cost more than the document: page faults and TLB shootdowns), and a
 * long one's chunks are few enough that their mallocs do not count. */
#define CHUNK_MIN ((size_t)16 << 10)
#define CHUNK_MAX ((size_t)1 << 20)

void *st_arena_alloc(struct st_arena *a, size_t n)
{
	size_t align = 8, size; /* our arrays hold no field wider than 8 bytes */
	struct st_chunk *c;
	void *p;

	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + align - 1) / align * align;
	if (n > a->left) {
		a->next = a->next ? (a->next < CHUNK_MAX ? a->next * 2 : CHUNK_MAX) : CHUNK_MIN;
		size = n > a->next ? n : a->next;
		c = malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->next = a->chunks;
		a->chunks = c;
		a->p = (char *)c->data;
		a->left = size;
	}
	p = a->p;
	a->p += n;
	a->left -= n;
	return p;
}

char *st_arena_strndup(struct st_arena *a, const char *s, size_t n)
{
	char *p = n < SIZE_MAX ? st_arena_alloc(a, n + 1) : NULL;

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

int st_grow(void *arr, size_t *cap, size_t first, size_t size)
{
	size_t nc = *cap ? *cap * 2 : first;
	void *p;

	if (nc < *cap || nc > SIZE_MAX / size)
		return -1;
	p = realloc(*(void **)arr, nc * size);
	if (!p)
		return -1;
	*(void **)arr = p;
	*cap = nc;
	return 0;
}

void st_arena_free(struct st_arena *a)
{
	while (a->chunks) {
		struct st_chunk *c = a->chunks;
		a->chunks = c->next;
		free(c);
	}
	a->p = NULL;
	a->left = 0;
	a->next = 0;
}
