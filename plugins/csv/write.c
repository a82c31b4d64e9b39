/*
 * write.c: writes documents as one statement table: RFC 4180 (CRLF line
 * ends, a field quoted only when it needs it, quotes doubled by libcsv's
 * csv_write2), UTF-8 without a byte-order mark, the header row of
 * formats/csv/README.md, then one row per statement.
 *
 * Extra per-statement fields (columns the reader did not know) become
 * columns after the standard ones, in the order they are first seen.  A
 * later document may bring a new one, and the header comes first, so the
 * rows are kept in memory, already encoded, until write_end: memory grows
 * with the table (its statements, not the documents' text), which is the
 * price of a correct header for a container written in one pass.
 *
 * This file must never print, never change a cell's text unless the user
 * asked for --csv-safe, and never write anything but to host->out_write.
 */
#include <stdint.h>
#include <string.h>

#include <csv.h>

#include "table.h"

/* The host table of table.h, under the name every plugin gives it. */
#define host csv_host

/* A growable byte buffer. */
struct bytes {
	char *data;
	size_t len;
	size_t cap;
};

/* An extra field of one row: the column it goes to and its encoded cell. */
struct extra_cell {
	size_t column;      /* index into writer.extra_name */
	struct bytes text;  /* encoded, ready to write */
};

/* One row: the standard cells, encoded and comma-joined, and its extras. */
struct row {
	struct bytes standard;
	struct extra_cell *extra;
	size_t nextra;
};

struct writer {
	cc_ctx *ctx;
	cc_out *out;
	int safe;            /* --csv-safe: neutralise formula cells */
	char **extra_name;   /* extra columns, first-seen order (owned) */
	size_t nextra_names;
	size_t extra_names_cap;
	struct row *rows;    /* every row so far (owned) */
	size_t nrows;
	size_t rows_cap;
};

/* Makes room for `more` bytes.  Returns 0, or -1 when out of memory. */
static int bytes_reserve(struct bytes *b, size_t more)
{
	size_t cap;
	char *data;

	if (b->cap - b->len >= more)
		return 0;
	if (more > SIZE_MAX / 2 - b->len)
		return -1;
	cap = b->cap ? b->cap : 64;
	while (cap - b->len < more)
		cap *= 2;
	data = host->realloc(b->data, cap);
	if (data == NULL)
		return -1;
	b->data = data;
	b->cap = cap;
	return 0;
}

static int bytes_add(struct bytes *b, const void *p, size_t n)
{
	if (bytes_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

/*
 * True when a spreadsheet would run the cell as a formula: it starts with
 * = + - @, a tab or a carriage return (OWASP's "CSV injection" rule).
 */
static int looks_like_formula(const char *s, size_t n)
{
	return n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
}

/* RFC 4180 quotes a field holding a comma, a quote or a line end; a
 * field with blanks at either end is quoted too, since many readers trim
 * unquoted blanks. */
static int needs_quotes(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	              s[n - 1] == '\t'))
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

/* Appends the text s[0..n) as one cell: as it is, or quoted by libcsv. */
static int add_field(struct bytes *b, const char *s, size_t n)
{
	size_t need;

	if (!needs_quotes(s, n))
		return bytes_add(b, s, n);
	need = csv_write2(NULL, 0, s, n, '"');
	if (need == SIZE_MAX || bytes_reserve(b, need) != 0)
		return -1;
	b->len += csv_write2(b->data + b->len, need, s, n, '"');
	return 0;
}

/* Appends one cell holding `s` (NULL: empty), with --csv-safe's prefix
 * when the cell would otherwise be a formula. */
static int add_cell(struct writer *w, struct bytes *b, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	char *prefixed;
	int rc;

	if (s == NULL)
		return 0;
	if (!w->safe || !looks_like_formula(s, n))
		return add_field(b, s, n);
	prefixed = host->malloc(n + 2);
	if (prefixed == NULL)
		return -1;
	prefixed[0] = '\'';
	memcpy(prefixed + 1, s, n + 1);
	rc = add_field(b, prefixed, n + 1);
	host->free(prefixed);
	return rc;
}

/* Appends the decimal number v as a cell. */
static int add_number(struct bytes *b, size_t v)
{
	char digits[32];
	size_t i = sizeof digits;

	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return bytes_add(b, digits + i, sizeof digits - i);
}

static void row_free(struct row *row)
{
	size_t i;

	host->free(row->standard.data);
	for (i = 0; i < row->nextra; i++)
		host->free(row->extra[i].text.data);
	host->free(row->extra);
}

/*
 * The index of extra column `name`, added when new; -1 when out of
 * memory, -2 when the table has no room for another column.  Statements list their extras in column order as a rule, so the
 * column after the previous one (`guess`) is tried first: a wide table
 * then costs one comparison per cell, not one per column.
 */
static long extra_column(struct writer *w, const char *name, size_t guess)
{
	size_t i;

	if (guess < w->nextra_names && strcmp(w->extra_name[guess], name) == 0)
		return (long)guess;
	for (i = 0; i < w->nextra_names; i++)
		if (strcmp(w->extra_name[i], name) == 0)
			return (long)i;
	if (w->nextra_names == CSV_MAX_EXTRA_COLUMNS)
		return -2;
	if (w->nextra_names == w->extra_names_cap) {
		size_t cap = w->extra_names_cap ? 2 * w->extra_names_cap : 8;
		char **more = host->realloc(w->extra_name, cap * sizeof *more);

		if (more == NULL)
			return -1;
		w->extra_name = more;
		w->extra_names_cap = cap;
	}
	w->extra_name[w->nextra_names] = host->strdup(name);
	if (w->extra_name[w->nextra_names] == NULL)
		return -1;
	return (long)w->nextra_names++;
}

/* Appends a new, empty row; NULL when out of memory. */
static struct row *new_row(struct writer *w)
{
	struct row *row;

	if (w->nrows == w->rows_cap) {
		size_t cap = w->rows_cap ? 2 * w->rows_cap : 64;
		struct row *more = host->realloc(w->rows, cap * sizeof *more);

		if (more == NULL)
			return NULL;
		w->rows = more;
		w->rows_cap = cap;
	}
	row = &w->rows[w->nrows++];
	memset(row, 0, sizeof *row);
	return row;
}

/* Appends the doc_* cells (with their leading commas). */
static int add_doc_cells(struct writer *w, struct bytes *b,
                         const cc_doc *doc)
{
	int col;

	for (col = CSV_COL_DOC_DATE; col <= CSV_COL_DOC_SOURCE; col++) {
		const char *key = csv_column_meta_key(col);

		if (bytes_add(b, ",", 1) != 0 ||
		    add_cell(w, b, host->meta_find(doc, key)) != 0)
			return -1;
	}
	return 0;
}

/* The row of a document without statements: doc_id and doc_* only, so
 * that reading the table back keeps the document. */
static int add_doc_row(struct writer *w, const cc_doc *doc)
{
	struct row *row = new_row(w);
	struct bytes *b;

	if (row == NULL)
		return -1;
	b = &row->standard;
	if (add_cell(w, b, host->doc_id(doc)) != 0 ||
	    bytes_add(b, ",,,,,,,,,", CSV_COL_END - CSV_COL_DOC_ID) != 0)
		return -1;
	return add_doc_cells(w, b, doc);
}

/* Keeps the statement's extra fields as cells of their columns.  Returns
 * 0, -1 when out of memory, -2 when the table is full. */
static int add_extras(struct writer *w, struct row *row, const cc_doc *doc,
                      size_t i)
{
	size_t j, guess = 0, n = host->statement_extra_count(doc, i);

	if (n == 0)
		return 0;
	row->extra = host->malloc(n * sizeof *row->extra);
	if (row->extra == NULL)
		return -1;
	for (j = 0; j < n; j++) {
		struct extra_cell *x = &row->extra[row->nextra];
		const char *key, *value;
		long col;

		if (host->statement_extra_get(doc, i, j, &key, &value) != CC_OK)
			continue;
		col = extra_column(w, key, guess);
		if (col < 0)
			return (int)col;
		guess = (size_t)col + 1;
		memset(x, 0, sizeof *x);
		x->column = (size_t)col;
		row->nextra++;
		if (add_cell(w, &x->text, value) != 0)
			return -1;
	}
	return 0;
}

/* One row for statement i of doc.  Returns as add_extras does. */
static int add_statement_row(struct writer *w, const cc_doc *doc, size_t i)
{
	struct cc_statement s;
	struct cc_person p;
	const char *speaker, *role;
	struct row *row;
	struct bytes *b;

	if (host->statement_get(doc, i, &s) != CC_OK)
		return 0;
	speaker = s.speaker;
	role = s.role;
	/* A statement that names only its person (TEI's who="#p1") takes
	 * the person's name and role. */
	if (s.person != NULL && (speaker == NULL || role == NULL)) {
		long at = host->person_find(doc, s.person);

		if (at >= 0 && host->person_get(doc, (size_t)at, &p) == CC_OK) {
			if (speaker == NULL)
				speaker = p.name;
			if (role == NULL)
				role = p.role;
		}
	}
	row = new_row(w);
	if (row == NULL)
		return -1;
	b = &row->standard;
	if (add_cell(w, b, host->doc_id(doc)) != 0 ||
	    bytes_add(b, ",", 1) != 0 || add_cell(w, b, s.id) != 0 ||
	    bytes_add(b, ",", 1) != 0 ||
	    add_cell(w, b, host->statement_kind_name(s.kind)) != 0 ||
	    bytes_add(b, ",", 1) != 0 || add_cell(w, b, speaker) != 0 ||
	    bytes_add(b, ",", 1) != 0 || add_cell(w, b, role) != 0 ||
	    bytes_add(b, ",", 1) != 0 || add_cell(w, b, s.cue) != 0 ||
	    bytes_add(b, ",", 1) != 0 || add_cell(w, b, s.quote) != 0)
		return -1;
	if (s.block >= 0) {
		if (bytes_add(b, ",", 1) != 0 ||
		    add_number(b, (size_t)s.block) != 0 ||
		    bytes_add(b, ",", 1) != 0 || add_number(b, s.start) != 0 ||
		    bytes_add(b, ",", 1) != 0 || add_number(b, s.end) != 0)
			return -1;
	} else if (bytes_add(b, ",,,", 3) != 0) {
		return -1;
	}
	if (add_doc_cells(w, b, doc) != 0)
		return -1;
	return add_extras(w, row, doc, i);
}

int csv_table_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct writer *w = host->malloc(sizeof *w);
	const char *safe = host->option(ctx, "csv-safe");

	if (w == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	memset(w, 0, sizeof *w);
	w->ctx = ctx;
	w->out = out;
	w->safe = safe != NULL && (strcmp(safe, "1") == 0 ||
	                           strcmp(safe, "yes") == 0 ||
	                           strcmp(safe, "true") == 0);
	*state = w;
	return CC_OK;
}

/* Forgets the rows and columns added since there were nrows rows and
 * nnames extra columns, so a refused document leaves no trace. */
static void roll_back(struct writer *w, size_t nrows, size_t nnames)
{
	while (w->nrows > nrows)
		row_free(&w->rows[--w->nrows]);
	while (w->nextra_names > nnames)
		host->free(w->extra_name[--w->nextra_names]);
}

int csv_table_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	size_t i, n = host->statement_count(doc);
	size_t nrows = w->nrows, nnames = w->nextra_names;
	int rc = 0;

	if (n == 0)
		rc = add_doc_row(w, doc);
	for (i = 0; i < n && rc == 0; i++)
		rc = add_statement_row(w, doc, i);
	if (rc == 0)
		return CC_OK;
	roll_back(w, nrows, nnames);
	if (rc == -2)
		return host->report(ctx, CC_FAILED, 0, 0, "document %s would "
		                    "take the table past %d columns",
		                    host->doc_id(doc), CSV_MAX_COLUMNS);
	return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
}

/* Points cell[c] at the row's encoded cell for extra column c, or NULL;
 * the first one wins if a statement named a field twice. */
static void index_extras(const struct row *row, const struct bytes **cell,
                         size_t ncolumns)
{
	size_t i;

	for (i = 0; i < ncolumns; i++)
		cell[i] = NULL;
	for (i = row->nextra; i-- > 0;)
		cell[row->extra[i].column] = &row->extra[i].text;
}

/* Writes `b` out once it holds enough to be worth a call, or when
 * `flush`. */
static int drain(struct writer *w, struct bytes *b, int flush)
{
	int rc = CC_OK;

	if (b->len >= 65536 || (flush && b->len > 0)) {
		rc = host->out_write(w->out, b->data, b->len);
		b->len = 0;
	}
	return rc;
}

/* Writes the header and every row. */
static int write_table(struct writer *w)
{
	struct bytes line = { NULL, 0, 0 };
	const struct bytes **cell = NULL;
	size_t i, c;
	int rc = CC_FATAL;

	if (w->nextra_names > 0) {
		cell = host->malloc(w->nextra_names * sizeof *cell);
		if (cell == NULL)
			goto out_oom;
	}
	for (i = 0; i < CSV_COL_COUNT; i++)
		if ((i > 0 && bytes_add(&line, ",", 1) != 0) ||
		    bytes_add(&line, csv_column_names[i],
		              strlen(csv_column_names[i])) != 0)
			goto out_oom;
	for (c = 0; c < w->nextra_names; c++)
		if (bytes_add(&line, ",", 1) != 0 ||
		    add_cell(w, &line, w->extra_name[c]) != 0)
			goto out_oom;
	if (bytes_add(&line, "\r\n", 2) != 0)
		goto out_oom;
	for (i = 0; i < w->nrows; i++) {
		const struct row *row = &w->rows[i];

		if (bytes_add(&line, row->standard.data,
		              row->standard.len) != 0)
			goto out_oom;
		if (cell != NULL)
			index_extras(row, cell, w->nextra_names);
		for (c = 0; c < w->nextra_names; c++) {
			const struct bytes *x = cell[c];

			if (bytes_add(&line, ",", 1) != 0 ||
			    (x != NULL && bytes_add(&line, x->data,
			                            x->len) != 0))
				goto out_oom;
		}
		if (bytes_add(&line, "\r\n", 2) != 0)
			goto out_oom;
		rc = drain(w, &line, 0);
		if (rc != CC_OK)
			goto out_free_line;
	}
	rc = drain(w, &line, 1);
	goto out_free_line;
out_oom:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
out_free_line:
	host->free(cell);
	host->free(line.data);
	return rc;
}

int csv_table_write_end(cc_ctx *ctx, void *state, int abort)
{
	struct writer *w = state;
	int rc = CC_OK;
	size_t i;

	(void)ctx;
	if (!abort)
		rc = write_table(w);
	for (i = 0; i < w->nrows; i++)
		row_free(&w->rows[i]);
	host->free(w->rows);
	for (i = 0; i < w->nextra_names; i++)
		host->free(w->extra_name[i]);
	host->free(w->extra_name);
	host->free(w);
	return rc;
}
