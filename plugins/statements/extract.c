/*
 * extract.c: the driver of the statement extractor.  It runs the stages in
 * order (docs/statements.md, "Pipeline") and builds the result:
 *
 *   text.c       tokens, quotation spans and sentences of each block
 *   mentions.c   the article's names: entities and mentions (candidates.c
 *                types each capitalised run; index.c keeps them)
 *   then, sentence by sentence:
 *   frame.c      quotations: direct (attributed before, inside or after
 *                it, or carried over from the previous speaker) or
 *                partial inside the reporter's sentence
 *   reported.c   reported speech without quotation marks
 *   frame.c      who issued "the statement" a later sentence cites
 *
 * The frames find cues and their speakers' phrases with cue.c, and
 * chains.c resolves a phrase to an entity.  Last, the statements are
 * sorted and copied with their speakers into one st_result.
 *
 * Never reads outside a block; every quote offset points exactly at the
 * quoted text in its block.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"
#include "rules.h"

/* ---- the article ---- */

static bool stmt_before(const struct stmt *x, const struct stmt *y)
{
	return x->block != y->block ? x->block < y->block : x->start < y->start;
}

/* How far, on average, sort_statements() shifts a statement before it
 * leaves insertion for a merge sort: in a long text the statements are
 * nearly in order, and the merge sort's copies were most of its time. */
#define SORT_MOVES 8

/* Sorts the statements by block and start, keeping the order of equals
 * (as glibc's qsort, a merge sort, did).  They are found in text order, so
 * mostly there is nothing to do.  false when memory ran out. */
static bool sort_statements(struct doc *d)
{
	struct stmt *tmp;
	size_t n = d->nst, i;

	for (i = 1; i < n && !stmt_before(&d->st[i], &d->st[i - 1]); i++)
		;
	if (i >= n)
		return true;
	/* A few statements out of place (a sentence's found in another
	 * order): insertion, while it moves at most SORT_MOVES a statement.
	 * It keeps the order of equals too, so a merge sort taking over
	 * sorts as it would have from the start. */
	for (size_t moves = 0; i < n && moves <= SORT_MOVES * n; i++) {
		struct stmt x = d->st[i];
		size_t j = i;
		for (; j > 0 && stmt_before(&x, &d->st[j - 1]); j--)
			d->st[j] = d->st[j - 1];
		d->st[j] = x;
		moves += i - j;
	}
	if (i >= n)
		return true;
	tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return false;
	/* Bottom-up: merge runs of width w from d->st into tmp, and back. */
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = stmt_before(&d->st[b], &d->st[a]) ? d->st[b++] : d->st[a++];
			while (a < mid)
				tmp[k++] = d->st[a++];
			while (b < hi)
				tmp[k++] = d->st[b++];
		}
		memcpy(d->st, tmp, n * sizeof *tmp);
	}
	free(tmp);
	return true;
}

void st_doc_free(struct doc *d)
{
	st_blocks_close(d);
	free(d->e);
	free(d->ent_ix);
	st_mentions_free(d);
	free(d->st);
	st_arena_free(&d->arena);
}

/* Appends s (NULL: "") to the result's strings at *at. */
static char *put(char **at, const char *s, size_t n)
{
	char *p = *at;

	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	*at += n + 1;
	return p;
}

static size_t len0(const char *s)
{
	return s ? strlen(s) : 0;
}

/* The persons in order of their first statement: pmap[entity] gets the
 * person's index, and *bytes the room their names and roles take. */
static size_t map_persons(const struct doc *d, size_t *pmap, size_t *bytes)
{
	size_t np = 0;

	for (size_t i = 0; i < d->ne; i++)
		pmap[i] = NONE;
	for (size_t i = 0; i < d->nst; i++) {
		const struct ent *e = &d->e[d->st[i].ent];
		if (pmap[d->st[i].ent] != NONE)
			continue;
		pmap[d->st[i].ent] = np++;
		*bytes += len0(e->name) + len0(e->role) + 2;
	}
	return np;
}

/* The result's strings are one block: a statement's speaker and role are
 * its person's, not copies, and its quote is the caller's text, in
 * blocks. */
static int build_result(struct doc *d, const struct st_block *blocks, struct st_result *out)
{
	size_t *pmap, bytes = 0;
	char *at;

	if (d->nst == 0)
		return 0;
	if (!sort_statements(d))
		return -1;
	pmap = malloc((d->ne ? d->ne : 1) * sizeof *pmap);
	if (!pmap)
		return -1;
	out->n_persons = map_persons(d, pmap, &bytes);
	for (size_t i = 0; i < d->nst; i++)
		bytes += strlen(d->st[i].cue) + 1;
	out->statements = calloc(d->nst, sizeof *out->statements);
	out->persons = calloc(out->n_persons, sizeof *out->persons);
	out->strings = at = malloc(bytes);
	if (!out->statements || !out->persons || !at)
		goto out_nomem;
	for (size_t i = 0; i < d->ne; i++) {
		struct st_person *p;
		if (pmap[i] == NONE)
			continue;
		p = &out->persons[pmap[i]];
		p->name = put(&at, d->e[i].name, len0(d->e[i].name));
		p->role = put(&at, d->e[i].role, len0(d->e[i].role));
		p->kind = d->e[i].kind;
	}
	out->n_statements = d->nst;
	for (size_t i = 0; i < d->nst; i++) {
		const struct stmt *s = &d->st[i];
		const struct st_person *p = &out->persons[pmap[s->ent]];
		struct st_statement *o = &out->statements[i];
		o->kind = s->kind;
		o->person = (long)pmap[s->ent];
		o->block = s->block;
		o->start = s->start;
		o->end = s->end;
		o->speaker = p->name;
		o->role = p->role;
		o->cue = put(&at, s->cue, strlen(s->cue));
		o->quote = blocks[s->block].text + s->start;
		o->frame = s->frame;
		o->how = s->how;
		o->confidence = st_confidence(s->frame, s->how);
	}
	free(pmap);
	return 0;
out_nomem:
	free(pmap);
	st_result_free(out);
	return -1;
}

int st_extract(const struct st_block *blocks, size_t n_blocks, struct st_result *out)
{
	struct doc d;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (n_blocks >= UINT32_MAX)
		return -1; /* block indexes are 32-bit */
	memset(&d, 0, sizeof d);
	d.issuer = NONE;
	if (st_blocks_open(&d, blocks, n_blocks) < 0)
		goto out_free;
	/* The names of the article, before its statements are looked for.
	 * A text of at most ST_WINDOW blocks is read for names whole first:
	 * its blocks stay built for the frames.  A longer one is read
	 * ST_LEAD blocks ahead of the frames, so that each block is built
	 * once (building blocks was most of the time on a long text). */
	size_t lead = d.nb <= ST_WINDOW ? d.nb : ST_LEAD, named = 0;
	for (size_t bi = 0; bi < d.nb && !d.nomem && !d.win->nomem; bi++) {
		for (; named < d.nb && named <= bi + lead && !d.nomem; named++)
			st_mentions_block(&d, named);
		if (d.nomem)
			break;
		struct blk *b = st_blk_at(&d, bi);
		for (size_t si = 0; b && si < b->ns && !d.nomem && !d.win->nomem; si++) {
			size_t first = d.nst;
			st_quotes_of_sentence(&d, b, &b->s[si]);
			st_reported_speech(&d, b, &b->s[si]);
			st_note_documents(&d, b, &b->s[si], first);
		}
	}
	if (d.nomem || d.win->nomem)
		goto out_free;
	/* The result needs only the statements, the entities and the
	 * caller's text: the blocks, the entities' index and the mentions
	 * go first, so that the two never take memory together. */
	st_blocks_close(&d);
	st_mentions_free(&d);
	free(d.ent_ix);
	d.ent_ix = NULL;
	d.cap_ix = 0;
	rc = build_result(&d, blocks, out);
out_free:
	st_doc_free(&d);
	return rc;
}

void st_result_free(struct st_result *r)
{
	if (!r)
		return;
	free(r->statements);
	free(r->persons);
	free(r->strings);
	memset(r, 0, sizeof *r);
}

void st_result_forget_persons(struct st_result *r)
{
	free(r->persons);
	r->persons = NULL;
	r->n_persons = 0;
}

const char *st_kind_name(int kind)
{
	switch (kind) {
	case ST_DIRECT: return "direct";
	case ST_PARTIAL: return "partial";
	case ST_INDIRECT: return "indirect";
	default: return "?";
	}
}
