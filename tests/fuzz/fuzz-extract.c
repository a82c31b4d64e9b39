/*
 * fuzz-extract.c: libFuzzer target for the statement extractor, the pure
 * library of plugins/statements/extract.h, without the host.
 *
 * The input is an article: one block per line (a NUL byte ends a line
 * too: the host never gives a block with NUL inside); a line starting with
 * byte 0x01 is a caption, with 0x02 a block to skip (the byte is dropped).
 * Besides "no crash, no leak, no undefined behaviour" it checks what
 * extract.h promises: each statement's quote is exactly bytes
 * [start, end) of its block, and every index points inside its array.
 * The replay driver (replay.c) calls fuzz_extract directly.  Test code only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "harness.h"

static void
broken(const char *what, size_t i)
{
	fprintf(stderr, "fuzz-extract: statement %zu: %s\n", i, what);
	abort();
}

static void
check(const struct st_block *blocks, size_t n, const struct st_result *r)
{
	for (size_t i = 0; i < r->n_statements; i++) {
		const struct st_statement *s = &r->statements[i];

		if (s->block >= n)
			broken("block index out of range", i);
		if (s->start > s->end || s->end > blocks[s->block].len)
			broken("span outside its block", i);
		if (s->quote != blocks[s->block].text + s->start)
			broken("quote is not its span in the block", i);
		if (s->person < -1 || (s->person >= 0 && (size_t)s->person >= r->n_persons))
			broken("person index out of range", i);
		if (s->speaker == NULL || s->role == NULL || s->cue == NULL)
			broken("a string field is NULL", i);
		if (s->kind < ST_DIRECT || s->kind > ST_INDIRECT)
			broken("kind out of range", i);
	}
	for (size_t i = 0; i < r->n_persons; i++)
		if (r->persons[i].name == NULL || r->persons[i].role == NULL)
			broken("a person has a NULL string", i);
}

int
fuzz_extract(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct st_block *blocks;
	struct st_result r;
	size_t n = 0, i = 0;

	/* At most one block per byte, plus one. */
	blocks = malloc((size + 1) * sizeof(*blocks));
	if (blocks == NULL)
		return 0;
	while (i <= size) {
		size_t end = i;
		int kind = ST_BLOCK_TEXT;

		while (end < size && data[end] != '\n' && data[end] != '\0')
			end++;

		if (i < end && (data[i] == 1 || data[i] == 2)) {
			kind = data[i] == 1 ? ST_BLOCK_CAPTION : ST_BLOCK_SKIP;
			i++;
		}
		blocks[n].text = text + i;
		blocks[n].len = end - i;
		blocks[n].kind = kind;
		n++;
		i = end + 1;
	}
	if (st_extract(blocks, n, &r) == 0) {
		check(blocks, n, &r);
		st_result_free(&r);
	}
	free(blocks);
	return 0;
}

#ifndef FUZZ_REPLAY
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_extract(data, size);
}
#endif
