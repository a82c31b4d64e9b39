/*
 * tally.c: the speaker index: each speaker's name and the statements
 * attributed to it, found by name through a small open-addressing hash
 * table, so a corpus with many speakers costs one probe per statement.
 *
 * It must never print and never keep state outside the tally it is given
 * (the host table is written once, at init).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static const struct cc_host *host;

void html_tally_init(const struct cc_host *h)
{
	host = h;
}

/* FNV-1a: short names, no adversary worth more than a longer probe. */
static size_t hash_name(const char *s)
{
	size_t h = (size_t)2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)16777619u;
	return h;
}

/* The slot of `name`: where it is, or the empty slot it would take. */
static size_t find_slot(const struct html_tally *t, const char *name)
{
	size_t mask = t->nslots - 1, i = hash_name(name) & mask;

	while (t->slot[i] != 0 && strcmp(t->sp[t->slot[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Doubles the hash table (kept at most half full).  0, or -1. */
static int grow_slots(struct html_tally *t)
{
	size_t n = t->nslots ? 2 * t->nslots : 64, i;
	size_t *old = t->slot, nold = t->nslots;

	if (n > SIZE_MAX / sizeof *t->slot)
		return -1;
	t->slot = host->malloc(n * sizeof *t->slot);
	if (t->slot == NULL) {
		t->slot = old;
		return -1;
	}
	memset(t->slot, 0, n * sizeof *t->slot);
	t->nslots = n;
	for (i = 0; i < nold; i++)
		if (old[i] != 0)
			t->slot[find_slot(t, t->sp[old[i] - 1].name)] = old[i];
	host->free(old);
	return 0;
}

/* A new speaker `name` in empty slot `at`.  Returns its index, or -1. */
static long add_speaker(struct html_tally *t, const char *name, size_t at)
{
	struct html_speaker *sp;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;

		if (cap > SIZE_MAX / sizeof *sp)
			return -1;
		sp = host->realloc(t->sp, cap * sizeof *sp);
		if (sp == NULL)
			return -1;
		t->sp = sp;
		t->cap = cap;
	}
	sp = &t->sp[t->n];
	memset(sp, 0, sizeof *sp);
	if ((sp->name = host->strdup(name)) == NULL)
		return -1;
	t->slot[at] = ++t->n;
	return (long)(t->n - 1);
}

int html_tally_add(struct html_tally *t, const char *name, struct html_ref ref)
{
	struct html_speaker *sp;
	size_t at;
	long i;

	if ((t->n + 1) * 2 > t->nslots && grow_slots(t) != 0)
		return -1;
	at = find_slot(t, name);
	i = t->slot[at] != 0 ? (long)t->slot[at] - 1 : add_speaker(t, name, at);
	if (i < 0)
		return -1;
	sp = &t->sp[i];
	if (sp->nrefs == sp->cap) {
		size_t cap = sp->cap ? 2 * sp->cap : 4;
		struct html_ref *refs;

		if (cap > SIZE_MAX / sizeof *refs)
			return -1;
		refs = host->realloc(sp->refs, cap * sizeof *refs);
		if (refs == NULL)
			return -1;
		sp->refs = refs;
		sp->cap = cap;
	}
	sp->refs[sp->nrefs++] = ref;
	return 0;
}

/* qsort has no user pointer: the order is decided on the speakers
 * themselves, which the index array is turned into and back. */
struct ranked {
	const struct html_speaker *sp;
	size_t i;
};

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	int c;

	if (a->sp->nrefs != b->sp->nrefs)
		return a->sp->nrefs > b->sp->nrefs ? -1 : 1;
	c = strcmp(a->sp->name, b->sp->name);
	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

size_t *html_tally_order(const struct html_tally *t)
{
	struct ranked *r;
	size_t *order, i;

	if (t->n == 0 || t->n > SIZE_MAX / sizeof *r)
		return NULL;
	r = host->malloc(t->n * sizeof *r);
	order = host->malloc(t->n * sizeof *order);
	if (r == NULL || order == NULL) {
		host->free(r);
		host->free(order);
		return NULL;
	}
	for (i = 0; i < t->n; i++) {
		r[i].sp = &t->sp[i];
		r[i].i = i;
	}
	qsort(r, t->n, sizeof *r, ranked_cmp);
	for (i = 0; i < t->n; i++)
		order[i] = r[i].i;
	host->free(r);
	return order;
}

void html_tally_free(struct html_tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		host->free(t->sp[i].name);
		host->free(t->sp[i].refs);
	}
	host->free(t->sp);
	host->free(t->slot);
	memset(t, 0, sizeof *t);
}
