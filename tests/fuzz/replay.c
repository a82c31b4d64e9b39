/*
 * replay.c: runs fuzz inputs through the code of the fuzz targets without
 * libFuzzer, so that `make check` (gcc, and the ASan + UBSan build) replays
 * every input a fuzzer ever crashed on (tests/fuzz/regressions/) and the
 * seeds.  Usage: fuzz-replay TARGET FILE...; TARGET is text, tei, csv,
 * bundle or extract.  Prints one line per file; exits 0 when every file
 * was run, 2 on a usage or I/O error.  A broken promise aborts, as in the
 * fuzzer.  Test code only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *const readers[][2] = {
	{ "text", "fuzz.txt" }, { "tei", "fuzz.xml" }, { "csv", "fuzz.csv" },
	{ "bundle", "fuzz.zip" },
};

/* Reads a whole file into a malloc'd buffer (the caller frees). */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *grown;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((grown = realloc(buf, cap)) == NULL) {
				free(buf);
				buf = NULL;
				goto out_close;
			}
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	*len = n;
out_close:
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	const char *name = NULL;
	int extract;

	if (argc < 2) {
		fprintf(stderr, "usage: fuzz-replay text|tei|csv|bundle|extract FILE...\n");
		return 2;
	}
	extract = strcmp(argv[1], "extract") == 0;
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strcmp(argv[1], readers[i][0]) == 0)
			name = readers[i][1];
	if (!extract && name == NULL) {
		fprintf(stderr, "fuzz-replay: unknown target %s\n", argv[1]);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		size_t len = 0;
		unsigned char *data = slurp(argv[i], &len);

		if (data == NULL) {
			fprintf(stderr, "fuzz-replay: cannot read %s\n", argv[i]);
			return 2;
		}
		if (extract)
			fuzz_extract(data, len);
		else
			printf("%s: %s: read gave %d\n", argv[1], argv[i],
			       fuzz_read(argv[1], name, data, len));
		free(data);
	}
	return 0;
}
