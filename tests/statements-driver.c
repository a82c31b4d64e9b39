/*
 * statements-driver.c: runs the statement extractor on plain text files
 * without the corpusconv core, for development and for tests: paragraphs are
 * blank-line separated runs (hard-wrapped lines re-joined) or, in a file
 * with no blank line, single lines.  Prints a statement table as CSV with
 * the columns score-statements reads.
 *
 * A check program only; it must never be installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static void csv_field(const char *s, size_t n, int last)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			putchar('"');
		putchar(s[i]);
	}
	putchar('"');
	putchar(last ? '\n' : ',');
}

static void csv_str(const char *s, int last)
{
	csv_field(s, strlen(s), last);
}

/* Crude block kinds: enough to leave titles and site furniture out. */
static int kind_of(const char *t, size_t n)
{
	size_t words = 0, e = n;
	int in = 0;

	for (size_t i = 0; i < n; i++) {
		int sp = t[i] == ' ';
		if (!sp && !in)
			words++;
		in = !sp;
	}
	while (e > 0 && t[e - 1] == ' ')
		e--;
	if (e > 0 && t[e - 1] == ')' && words > 8)
		return ST_BLOCK_CAPTION;
	if (e == 0 || words < 6)
		return ST_BLOCK_SKIP;
	unsigned char c = (unsigned char)t[e - 1];
	if (c == '.' || c == '!' || c == '?' || c == '"' || c == 0x9d /* ” */)
		return ST_BLOCK_TEXT;
	return words > 25 ? ST_BLOCK_TEXT : ST_BLOCK_SKIP;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 > cap) {
			char *p = realloc(buf, cap = (cap + 4096) * 2);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	int rc = 0;

	puts("doc_id,kind,speaker,speaker_role,cue,quote,block,start,end");
	for (int a = 1; a < argc; a++) {
		size_t len, nb = 0;
		char *text = slurp(argv[a], &len), *p;
		struct st_block blocks[512];
		char *parts[512];
		struct st_result res;
		const char *base = strrchr(argv[a], '/');
		char id[256];
		int blank;

		if (!text) {
			perror(argv[a]);
			rc = 1;
			continue;
		}
		base = base ? base + 1 : argv[a];
		snprintf(id, sizeof id, "%s", base);
		if (strrchr(id, '.'))
			*strrchr(id, '.') = 0;
		for (size_t i = 0; i < len; i++)
			if (text[i] == '\r')
				text[i] = ' ';
		blank = strstr(text, "\n\n") != NULL || strstr(text, "\n \n") != NULL;
		p = text;
		while (*p && nb < 512) {
			char *e;
			if (blank) {
				e = strstr(p, "\n\n");
				if (!e)
					e = p + strlen(p);
				for (char *q = p; q < e; q++)
					if (*q == '\n')
						*q = ' ';
			} else {
				e = strchr(p, '\n');
				if (!e)
					e = p + strlen(p);
			}
			char *next = *e ? e + 1 : e;
			*e = 0;
			while (*p == ' ' || *p == '\n')
				p++;
			if (*p) {
				parts[nb] = p;
				blocks[nb].text = p;
				blocks[nb].len = strlen(p);
				blocks[nb].kind = kind_of(p, blocks[nb].len);
				nb++;
			}
			p = next;
		}
		if (st_extract(blocks, nb, &res) < 0) {
			fprintf(stderr, "%s: out of memory\n", argv[a]);
			rc = 1;
		} else {
			for (size_t i = 0; i < res.n_statements; i++) {
				const struct st_statement *s = &res.statements[i];
				char num[64];
				if (s->end > blocks[s->block].len ||
				    strncmp(parts[s->block] + s->start, s->quote, s->end - s->start)) {
					fprintf(stderr, "bad offsets\n");
					rc = 1;
				}
				csv_str(id, 0);
				csv_str(st_kind_name(s->kind), 0);
				csv_str(s->speaker, 0);
				csv_str(s->role, 0);
				csv_str(s->cue, 0);
				csv_str(s->quote, 0);
				snprintf(num, sizeof num, "%zu", s->block);
				csv_str(num, 0);
				snprintf(num, sizeof num, "%zu", s->start);
				csv_str(num, 0);
				snprintf(num, sizeof num, "%zu", s->end);
				csv_str(num, 1);
			}
			st_result_free(&res);
		}
		free(text);
	}
	return rc;
}
