/*
 * read.c: reads a statement table (RFC 4180, UTF-8, one header row) into
 * documents, with libcsv doing the quoting.  Column meanings are those of
 * formats/csv/README.md.
 *
 * A table is converted whole or not at all: documents are built first and
 * emitted only when every row has been read without error, so a bad row on
 * line 900 never leaves a table half converted.  That holds the table's
 * documents in memory at once, which costs about as much as the input the
 * host already holds.  This file must never print, never trust a number or
 * a column count from the input, and never emit a document of a table it
 * then refuses.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "table.h"

/* The host table of table.h, under the name every plugin gives it. */
#define host csv_host

/* One cell of the row being read: a copy of the field, NUL-terminated. */
struct cell {
	char *text;
	size_t len;
	size_t cap;
};

struct reader {
	cc_ctx *ctx;
	const unsigned char *data; /* the input, from after any BOM */
	size_t size;
	int status;          /* CC_OK until the first error */

	long line;           /* the physical line being parsed, from 1 */
	long row_newlines;   /* line feeds inside the fields of this row */
	long last_row_line;  /* the line the last complete row ended on */

	struct cell *cells;  /* the row being read */
	size_t ncells;
	size_t cells_cap;

	int have_header;
	int have_statement;  /* a statement of this table has been added */
	size_t ncolumns;     /* the header's width */
	int *column;         /* per header field: enum csv_column, or -1 */
	char **column_name;  /* per header field: its name (owned) */
	int field_of[CSV_COL_KNOWN]; /* per standard column: field, or -1 */

	cc_doc **docs;       /* finished documents, not yet emitted (owned) */
	size_t ndocs;
	size_t docs_cap;
	cc_doc *doc;         /* the document rows are going to (owned) */
	char *doc_key;       /* the doc_id cell that started it (owned) */

	/* The current document's speakers: "speaker\x1frole" -> person id,
	 * open addressing.  Keys are owned; ids are borrowed from the
	 * document, whose person strings never move. */
	struct speaker_slot { char *key; const char *id; } *speakers;
	size_t speakers_cap, nspeakers;
};

static void speakers_clear(struct reader *r);

/*
 * Input checks done once, before parsing: every byte is valid UTF-8 and
 * none is NUL.  Returns CC_OK or the reported failure.
 */
static int check_text(struct reader *r)
{
	const unsigned char *p = r->data;
	size_t n = r->size, i = 0;
	long line = 1;
	size_t line_start = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t need, k;
		unsigned long cp;

		if (c == 0)
			return host->report(r->ctx, CC_FAILED, line,
			                    (long)(i - line_start + 1),
			                    "NUL byte in a statement table");
		if (c < 0x80) {
			if (c == '\n') {
				line++;
				line_start = i + 1;
			}
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (n - i <= need)
			goto bad;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			goto bad;
		i += need + 1;
	}
	return CC_OK;
bad:
	return host->report(r->ctx, CC_FAILED, line, (long)(i - line_start + 1),
	                    "invalid UTF-8 in a statement table");
}

/*
 * The line the row after line `after` starts on: libcsv skips empty lines
 * between rows, so this is the first line past `after` holding anything
 * but line ends.
 */
static long next_row_line(const struct reader *r, long after)
{
	long line = 1;
	size_t i = 0;

	while (i < r->size) {
		size_t end = i;

		while (end < r->size && r->data[end] != '\n')
			end++;
		if (line > after) {
			size_t k = i;

			while (k < end && r->data[k] == '\r')
				k++;
			if (k < end)
				return line;
		}
		i = end + 1;
		line++;
	}
	return after + 1;
}

/* The line the row just completed started on. */
static long row_line(const struct reader *r)
{
	return r->line - r->row_newlines;
}

/* Records a failure once; later ones are consequences of the first. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void fail(struct reader *r, long line, const char *fmt, ...)
{
	va_list ap;

	if (r->status != CC_OK)
		return;
	va_start(ap, fmt);
	r->status = host->vreport(r->ctx, CC_FAILED, line, 0, fmt, ap);
	va_end(ap);
}

/* libcsv's field callback: keeps a copy of the field in the row. */
static void on_field(void *field, size_t len, void *user)
{
	struct reader *r = user;
	struct cell *c;
	const char *s = field;
	size_t i;

	if (r->status != CC_OK)
		return;
	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			r->row_newlines++;
	if (r->ncells == CSV_MAX_COLUMNS) {
		fail(r, row_line(r), "more than %d columns in a row",
		     CSV_MAX_COLUMNS);
		return;
	}
	if (r->ncells == r->cells_cap) {
		size_t cap = r->cells_cap ? 2 * r->cells_cap : 16;
		struct cell *more = host->realloc(r->cells, cap * sizeof *more);

		if (more == NULL) {
			fail(r, row_line(r), "out of memory");
			return;
		}
		memset(more + r->cells_cap, 0,
		       (cap - r->cells_cap) * sizeof *more);
		r->cells = more;
		r->cells_cap = cap;
	}
	c = &r->cells[r->ncells];
	if (len + 1 > c->cap) {
		char *text = host->realloc(c->text, len + 1);

		if (text == NULL) {
			fail(r, row_line(r), "out of memory");
			return;
		}
		c->text = text;
		c->cap = len + 1;
	}
	if (len > 0)
		memcpy(c->text, s, len);
	c->text[len] = '\0';
	c->len = len;
	r->ncells++;
}

/* The text of standard column `col` in this row; "" when it is absent. */
static const char *cell(const struct reader *r, int col)
{
	int f = r->field_of[col];

	return f < 0 ? "" : r->cells[f].text;
}

/* ASCII case-insensitive look-up of a standard column name, or -1. */
static int known_column(const char *name)
{
	int i;

	for (i = 0; i < CSV_COL_KNOWN; i++)
		if (strcasecmp(name, csv_column_names[i]) == 0)
			return i;
	return -1;
}

/* How many standard columns the header names. */
static size_t count_known(const struct reader *r)
{
	size_t n = 0;
	int col;

	for (col = 0; col < CSV_COL_KNOWN; col++)
		if (r->field_of[col] >= 0)
			n++;
	return n;
}

/* How many unknown columns fit: written back, a `why` column takes one
 * of the table's places. */
static size_t max_extra(const struct reader *r)
{
	return CSV_MAX_EXTRA_COLUMNS - (r->field_of[CSV_COL_WHY] >= 0);
}

/* Takes the row just read as the header. */
static void read_header(struct reader *r)
{
	long line = row_line(r);
	size_t i, j;

	r->column = host->malloc(r->ncells * sizeof *r->column);
	r->column_name = host->malloc(r->ncells * sizeof *r->column_name);
	if (r->column == NULL || r->column_name == NULL) {
		fail(r, line, "out of memory");
		return;
	}
	for (i = 0; i < r->ncells; i++)
		r->column_name[i] = NULL;
	r->ncolumns = r->ncells;
	for (i = 0; i < r->ncells; i++) {
		const char *name = r->cells[i].text;
		int col;

		if (name[0] == '\0') {
			fail(r, line, "header field %zu has no column name",
			     i + 1);
			return;
		}
		for (j = 0; j < i; j++) {
			if (strcasecmp(name, r->column_name[j]) == 0) {
				fail(r, line, "column \"%s\" appears twice in "
				     "the header", name);
				return;
			}
		}
		r->column_name[i] = host->strdup(name);
		if (r->column_name[i] == NULL) {
			fail(r, line, "out of memory");
			return;
		}
		col = known_column(name);
		r->column[i] = col;
		if (col >= 0)
			r->field_of[col] = (int)i;
	}
	if (r->ncolumns - count_known(r) > max_extra(r)) {
		fail(r, line, "%zu columns corpusconv does not know: at most %zu "
		     "fit in a table of %d columns", r->ncolumns - count_known(r),
		     max_extra(r), CSV_MAX_COLUMNS);
		return;
	}
	if (r->field_of[CSV_COL_QUOTE] < 0) {
		fail(r, line, "the header has no \"quote\" column (a statement "
		     "table needs at least that one)");
		return;
	}
	r->have_header = 1;
}

/* Moves the current document to the list of finished ones. */
static void finish_doc(struct reader *r)
{
	if (r->doc == NULL)
		return;
	if (r->ndocs == r->docs_cap) {
		size_t cap = r->docs_cap ? 2 * r->docs_cap : 8;
		cc_doc **more = host->realloc(r->docs, cap * sizeof *more);

		if (more == NULL) {
			fail(r, r->line, "out of memory");
			return; /* the reader's cleanup frees r->doc */
		}
		r->docs = more;
		r->docs_cap = cap;
	}
	r->docs[r->ndocs++] = r->doc;
	r->doc = NULL;
	host->free(r->doc_key);
	r->doc_key = NULL;
	speakers_clear(r);
}

/*
 * Makes sure rows go to the document this row names: consecutive rows with
 * one doc_id are one document.  Without a doc_id column the whole table is
 * one document, named by the host after the input.
 */
static int select_doc(struct reader *r, long line)
{
	const char *key = cell(r, CSV_COL_DOC_ID);

	if (r->doc != NULL && strcmp(r->doc_key, key) == 0)
		return CC_OK;
	finish_doc(r);
	if (r->status != CC_OK)
		return r->status;
	r->doc_key = host->strdup(key);
	if (r->doc_key == NULL) {
		fail(r, line, "out of memory");
		return r->status;
	}
	r->doc = host->doc_new(r->ctx, key[0] != '\0' ? key : NULL);
	if (r->doc == NULL) {
		fail(r, line, "cannot make a document with doc_id \"%s\"", key);
		return r->status;
	}
	return CC_OK;
}

/*
 * Parses a cell of block/start/end: digits only, at most `max`.  Returns 1
 * and sets *out when the cell is a number, 0 when it is empty, and -1
 * (after reporting) when it is anything else.
 */
static int parse_count(struct reader *r, long line, int col, uintmax_t max,
                       uintmax_t *out)
{
	const char *s = cell(r, col);
	uintmax_t v = 0;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned d = (unsigned char)*s - '0';

		if (d > 9) {
			fail(r, line, "%s \"%s\" is not a number (digits only)",
			     csv_column_names[col], cell(r, col));
			return -1;
		}
		if (v > (max - d) / 10) {
			fail(r, line, "%s \"%s\" is out of range",
			     csv_column_names[col], cell(r, col));
			return -1;
		}
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

/* Reads block, start and end into s: all three or none. */
static int read_anchor(struct reader *r, long line, struct cc_statement *s)
{
	uintmax_t block = 0, start = 0, end = 0;
	int nb, ns, ne;

	nb = parse_count(r, line, CSV_COL_BLOCK, LONG_MAX, &block);
	ns = parse_count(r, line, CSV_COL_START, SIZE_MAX, &start);
	ne = parse_count(r, line, CSV_COL_END, SIZE_MAX, &end);
	if (nb < 0 || ns < 0 || ne < 0)
		return r->status;
	if (nb + ns + ne == 0) {
		s->block = -1;
		s->start = s->end = 0;
		return CC_OK;
	}
	if (nb + ns + ne != 3) {
		fail(r, line, "block, start and end must be given together "
		     "or all left empty");
		return r->status;
	}
	if (start > end) {
		fail(r, line, "start %ju is after end %ju", start, end);
		return r->status;
	}
	s->block = (long)block;
	s->start = (size_t)start;
	s->end = (size_t)end;
	return CC_OK;
}

/* Empty cells mean "absent". */
static const char *or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* FNV-1a: an even spread for short keys; not for security. */
static size_t key_hash(const char *s)
{
	size_t h = (size_t)14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211u;
	return h;
}

static void speakers_clear(struct reader *r)
{
	for (size_t i = 0; i < r->speakers_cap; i++) {
		host->free(r->speakers[i].key);
		r->speakers[i].key = NULL;
	}
	r->nspeakers = 0;
}

/* The slot of key, or the empty slot where it would go. */
static struct speaker_slot *speaker_slot(struct speaker_slot *v, size_t cap,
                                         const char *key)
{
	size_t h = key_hash(key) & (cap - 1);

	while (v[h].key != NULL && strcmp(v[h].key, key) != 0)
		h = (h + 1) & (cap - 1);
	return &v[h];
}

/* Makes room for one more speaker (load kept under a half); 0 or -1. */
static int speakers_grow(struct reader *r)
{
	struct speaker_slot *n;
	size_t cap;

	if (r->nspeakers + 1 <= r->speakers_cap / 2)
		return 0;
	cap = r->speakers_cap ? 2 * r->speakers_cap : 64;
	n = host->malloc(cap * sizeof *n);
	if (n == NULL)
		return -1;
	memset(n, 0, cap * sizeof *n);
	for (size_t i = 0; i < r->speakers_cap; i++)
		if (r->speakers[i].key != NULL)
			*speaker_slot(n, cap, r->speakers[i].key) = r->speakers[i];
	host->free(r->speakers);
	r->speakers = n;
	r->speakers_cap = cap;
	return 0;
}

/*
 * The id of the person who is (speaker, role) in the document, added when
 * it is new, so TEI's particDesc lists every speaker.  A hash of the pairs
 * seen keeps a table of many speakers linear.  Borrowed from the document;
 * NULL on failure (reported).
 */
static const char *speaker_person(struct reader *r, long line,
                                  const char *speaker, const char *role)
{
	const char *sp = speaker != NULL ? speaker : "", *ro = role != NULL ? role : "";
	struct speaker_slot *at;
	struct cc_person p;
	size_t klen = strlen(sp) + strlen(ro) + 2;
	char *key;
	long i;

	if (speakers_grow(r) != 0 || (key = host->malloc(klen)) == NULL) {
		fail(r, line, "out of memory");
		return NULL;
	}
	snprintf(key, klen, "%s\x1f%s", sp, ro);
	at = speaker_slot(r->speakers, r->speakers_cap, key);
	if (at->key != NULL) {
		host->free(key);
		return at->id;
	}
	memset(&p, 0, sizeof p);
	p.name = speaker;
	p.role = role;
	p.kind = CC_PERSON;
	i = host->person_add(r->doc, &p);
	if (i < 0 || host->person_get(r->doc, (size_t)i, &p) != CC_OK) {
		host->free(key);
		fail(r, line, "cannot add the speaker \"%s\"", speaker);
		return NULL;
	}
	at->key = key;
	at->id = p.id;
	r->nspeakers++;
	return p.id;
}

/* Adds standard column `col` of the row to statement `at` as the extra
 * field of its name, when the table has it and the cell is filled or
 * `even_empty`. */
static int add_extra(struct reader *r, long line, long at, int col,
                     int even_empty)
{
	int f = r->field_of[col];

	if (f < 0 || (r->cells[f].len == 0 && !even_empty))
		return CC_OK;
	if (host->statement_extra_add(r->doc, (size_t)at,
	                              csv_column_names[col],
	                              r->cells[f].text) != CC_OK)
		fail(r, line, "out of memory");
	return r->status;
}

/* Adds the row as a statement of the current document, extras included. */
static void read_statement(struct reader *r, long line)
{
	struct cc_statement s;
	const char *kind = cell(r, CSV_COL_KIND);
	size_t i;
	long at;

	memset(&s, 0, sizeof s);
	s.id = or_null(cell(r, CSV_COL_STATEMENT_ID));
	/* A table with no kind (only quotes, say) holds direct quotes. */
	s.kind = CC_STATEMENT_DIRECT;
	if (kind[0] != '\0') {
		s.kind = host->statement_kind_parse(kind);
		if (s.kind < 0) {
			fail(r, line, "unknown statement kind \"%s\" (direct, "
			     "partial or indirect)", kind);
			return;
		}
	}
	s.speaker = or_null(cell(r, CSV_COL_SPEAKER));
	s.role = or_null(cell(r, CSV_COL_SPEAKER_ROLE));
	s.cue = or_null(cell(r, CSV_COL_CUE));
	s.quote = cell(r, CSV_COL_QUOTE);
	if (read_anchor(r, line, &s) != CC_OK)
		return;
	if (s.speaker != NULL) {
		s.person = speaker_person(r, line, s.speaker, s.role);
		if (s.person == NULL)
			return;
	}
	at = host->statement_add(r->doc, &s);
	if (at < 0) {
		fail(r, line, "cannot add statement \"%s\" (an id must be "
		     "an NCName, unique in its document)",
		     s.id != NULL ? s.id : "");
		return;
	}
	/*
	 * confidence and why come first, as the writer places them.  The
	 * first statement of the table carries every extra field, empty ones
	 * too (why included, so that its column is written back), so a
	 * writer sees the columns in header order; later ones carry only the
	 * fields they fill, which costs the host nothing for the empty cells
	 * of a wide table and writes back the same table.  An empty
	 * confidence is no confidence: the writer always has its column.
	 */
	if (add_extra(r, line, at, CSV_COL_CONFIDENCE, 0) != CC_OK ||
	    add_extra(r, line, at, CSV_COL_WHY, !r->have_statement) != CC_OK)
		return;
	for (i = 0; i < r->ncolumns; i++) {
		if (r->column[i] >= 0 ||
		    (r->have_statement && r->cells[i].len == 0))
			continue;
		if (host->statement_extra_add(r->doc, (size_t)at,
		                              r->column_name[i],
		                              r->cells[i].text) != CC_OK) {
			fail(r, line, "out of memory");
			return;
		}
	}
	r->have_statement = 1;
}

/* Takes one data row: the document's metadata and, unless the row is a
 * document-only row, a statement. */
static void read_row(struct reader *r)
{
	long line = row_line(r);
	int col;

	if (r->ncells != r->ncolumns) {
		fail(r, line, "%zu fields in a row, the header has %zu",
		     r->ncells, r->ncolumns);
		return;
	}
	/* Checked on every row, so no bad value passes unseen on a row
	 * that turns out to be a document-only one. */
	if (cell(r, CSV_COL_CONFIDENCE)[0] != '\0' &&
	    !csv_confidence_ok(cell(r, CSV_COL_CONFIDENCE))) {
		fail(r, line, "confidence \"%s\" is not a number from 0 to 1 "
		     "(a decimal such as 0.93)", cell(r, CSV_COL_CONFIDENCE));
		return;
	}
	if (select_doc(r, line) != CC_OK)
		return;
	/* The first row that gives a doc_* value sets it. */
	for (col = CSV_COL_DOC_DATE; col <= CSV_COL_DOC_SOURCE; col++) {
		const char *key = csv_column_meta_key(col);
		const char *value = cell(r, col);

		if (value[0] != '\0' && host->meta_find(r->doc, key) == NULL &&
		    host->meta_set(r->doc, key, value) != CC_OK) {
			fail(r, line, "out of memory");
			return;
		}
	}
	if (cell(r, CSV_COL_STATEMENT_ID)[0] == '\0' &&
	    cell(r, CSV_COL_QUOTE)[0] == '\0' &&
	    cell(r, CSV_COL_KIND)[0] == '\0')
		return; /* a document-only row */
	read_statement(r, line);
}

/* libcsv's row callback. */
static void on_row(int terminator, void *user)
{
	struct reader *r = user;

	(void)terminator;
	if (r->status == CC_OK) {
		if (!r->have_header)
			read_header(r);
		else
			read_row(r);
	}
	r->last_row_line = r->line;
	r->ncells = 0;
	r->row_newlines = 0;
}

/* A parser whose spaces are data: libcsv trims blanks around unquoted
 * fields by default, RFC 4180 keeps them. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * Feeds the table to libcsv a physical line at a time, so that the line
 * being parsed is known when a row ends or an error is found.
 */
static void parse_table(struct reader *r)
{
	struct csv_parser parser;
	size_t at = 0;

	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI |
	                      CSV_APPEND_NULL) != 0) {
		fail(r, 0, "out of memory");
		return;
	}
	csv_set_space_func(&parser, no_space);
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 20 MB cell took 160,000 reallocs, each a full copy
	 * where realloc cannot grow in place (ASan's never does). */
	csv_set_blk_size(&parser, (size_t)1 << 20);
	r->line = 1;
	while (at < r->size && r->status == CC_OK) {
		const unsigned char *nl = memchr(r->data + at, '\n',
		                                 r->size - at);
		size_t len = nl != NULL ? (size_t)(nl - r->data) + 1 - at
		                        : r->size - at;
		size_t done = csv_parse(&parser, r->data + at, len, on_field,
		                        on_row, r);

		if (done < len && r->status == CC_OK) {
			if (csv_error(&parser) == CSV_EPARSE)
				r->status = host->report(r->ctx, CC_FAILED,
					r->line, (long)done + 1,
					"misplaced quote in the row starting "
					"on line %ld (a quote inside an "
					"unquoted field, or text after a "
					"closing quote)",
					next_row_line(r, r->last_row_line));
			else
				fail(r, r->line, "%s",
				     csv_strerror(csv_error(&parser)));
		}
		at += len;
		if (nl != NULL)
			r->line++;
	}
	if (r->status == CC_OK &&
	    csv_fini(&parser, on_field, on_row, r) != 0 &&
	    r->status == CC_OK) {
		long start = next_row_line(r, r->last_row_line);

		fail(r, start, "unbalanced quote: a quoted field in the row "
		     "starting on line %ld is never closed", start);
	}
	csv_free(&parser);
}

/* Frees everything the reader holds that was not handed on. */
static void reader_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->cells_cap; i++)
		host->free(r->cells[i].text);
	host->free(r->cells);
	if (r->column_name != NULL)
		for (i = 0; i < r->ncolumns; i++)
			host->free(r->column_name[i]);
	host->free(r->column_name);
	host->free(r->column);
	for (i = 0; i < r->ndocs; i++)
		if (r->docs[i] != NULL)
			host->doc_free(r->docs[i]);
	host->free(r->docs);
	if (r->doc != NULL)
		host->doc_free(r->doc);
	host->free(r->doc_key);
	speakers_clear(r);
	host->free(r->speakers);
}

/* Hands the documents on, in table order; emit takes each one. */
static int emit_all(struct reader *r)
{
	int worst = CC_OK;
	size_t i;

	for (i = 0; i < r->ndocs; i++) {
		cc_doc *doc = r->docs[i];
		int rc;

		r->docs[i] = NULL;
		rc = host->emit(r->ctx, doc);
		if (rc == CC_FATAL)
			return rc; /* reader_free frees the rest */
		if (rc < worst)
			worst = rc;
	}
	return worst;
}

int csv_table_read(cc_ctx *ctx, cc_in *in)
{
	struct reader r;
	size_t size;
	int i, rc;

	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.status = CC_OK;
	for (i = 0; i < CSV_COL_KNOWN; i++)
		r.field_of[i] = -1;
	r.data = host->in_data(in, &size);
	r.size = size;
	/* A byte-order mark is accepted (spreadsheets write one), not kept. */
	if (r.size >= 3 && memcmp(r.data, "\xEF\xBB\xBF", 3) == 0) {
		r.data += 3;
		r.size -= 3;
	}
	rc = check_text(&r);
	if (rc != CC_OK)
		goto out_free_reader;
	parse_table(&r);
	if (r.status == CC_OK && !r.have_header)
		fail(&r, 1, "empty: a statement table needs a header row");
	if (r.status == CC_OK)
		finish_doc(&r);
	rc = r.status;
	if (rc == CC_OK)
		rc = emit_all(&r);
out_free_reader:
	reader_free(&r);
	return rc;
}
