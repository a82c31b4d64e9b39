/*
 * write.c: writes documents as one statement table: RFC 4180 (CRLF line
 * ends, a field quoted only when it needs it, quotes doubled by libcsv's
 * csv_write2), UTF-8 without a byte-order mark, the header row of
 * formats/csv/README.md, then one row per statement.
 *
 * Extra per-statement fields (columns the reader did not know) become
 * columns after the standard ones, in the order they are first seen; the
 * extra fields "confidence" and "why" have standard columns instead.  A
 * later document may bring a new column, and the header comes first, so
 * the rows wait, already encoded, until write_end: each row is kept with
 * the number of extra columns known when it was made, and gets empty cells
 * for the columns added after it.  The `why` column, right after
 * `confidence`, is written only when some statement has a why: each row
 * notes where its why cell is, or would go, and gains an empty one there
 * when the header turns out to have the column.  Rows wait in memory up to
 * SPOOL_AT bytes, then in an unlinked temporary file (in $TMPDIR, else
 * /tmp), so memory stays flat however long the table grows: SPOOL_AT
 * bytes of rows, the column names and a 64 KiB buffer.  A document's rows
 * go to the file as they fill SPOOL_AT, and a document refused half way
 * cuts the file back to where it started (a one-line text of a hundred
 * thousand statements made 20 MB of rows, held in memory whole).  Where no temporary file can
 * be made, the rows stay in memory, with a warning.
 *
 * This file must never print, never change a cell's text unless the user
 * asked for --csv-safe, never write anything but to host->out_write and
 * its own unlinked temporary file, and never leave that file behind.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Rows wait in memory up to this many bytes, then go to the spool file. */
#define SPOOL_AT (1024 * 1024)

/* What comes before each waiting row's bytes. */
struct row_head {
	size_t len;      /* bytes of the row, without its line end */
	size_t ncolumns; /* extra columns the table had when it was made */
	size_t why_at;   /* where in the row its why cell starts, or would */
	int why;         /* it has a why cell (so the table has the column) */
};

/* A set of strings (owned). */
struct idset {
	char **slot;
	size_t used, cap;
};

struct writer {
	cc_ctx *ctx;
	cc_out *out;
	int safe;            /* --csv-safe: neutralise formula cells */
	int has_why;         /* some statement has a why: a `why` column */
	/* The current statement's confidence and why, NULL when it has none
	 * (borrowed from the document). */
	const char *confidence, *why;
	char **extra_name;   /* extra columns, first-seen order (owned) */
	size_t nextra_names;
	size_t extra_names_cap;
	/* The current statement's value of each extra column: valid where
	 * value_row[c] == row_serial (owned, extra_names_cap long). */
	const char **value;  /* borrowed from the document */
	size_t *value_row;
	size_t row_serial;
	struct bytes waiting; /* rows not yet in the spool, each after its
	                         struct row_head */
	size_t nrows;        /* rows of the documents taken, spooled or not */
	FILE *spool;         /* unlinked temporary file, or NULL (owned) */
	off_t spooled;       /* bytes written to spool */
	int in_memory;       /* no temporary file could be made */
	struct idset ids;    /* doc_ids given out so far */
	const char *doc_id;  /* the current document's doc_id (in ids) */
};

/* ---- doc_ids -------------------------------------------------------- */

/*
 * doc_id is unique in a table (formats/csv/README.md): two documents of
 * one id (article.txt in two folders) would otherwise read back as one,
 * their statement ids clashing.  A document whose id is taken gets
 * "ID-2", "ID-3", ... as the TEI writer gives its xml:ids.  The set holds
 * every id given out (open addressing, FNV-1a), a few bytes a document.
 */
static size_t id_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

static char **id_slot(const struct idset *set, const char *id)
{
	size_t i = id_hash(id) & (set->cap - 1);

	while (set->slot[i] != NULL && strcmp(set->slot[i], id) != 0)
		i = (i + 1) & (set->cap - 1);
	return &set->slot[i];
}

/* Adds id (taking it) when it is not there: 1 added, 0 there already (id
 * left to the caller), -1 out of memory. */
static int id_add(struct idset *set, char *id)
{
	char **slot;

	if (2 * (set->used + 1) > set->cap) {
		struct idset grown = { NULL, set->used, set->cap ? 2 * set->cap : 64 };

		grown.slot = host->malloc(grown.cap * sizeof *grown.slot);
		if (grown.slot == NULL)
			return -1;
		memset(grown.slot, 0, grown.cap * sizeof *grown.slot);
		for (size_t i = 0; i < set->cap; i++)
			if (set->slot[i] != NULL)
				*id_slot(&grown, set->slot[i]) = set->slot[i];
		host->free(set->slot);
		*set = grown;
	}
	slot = id_slot(set, id);
	if (*slot != NULL)
		return 0;
	*slot = id;
	set->used++;
	return 1;
}

static void id_free(struct idset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		host->free(set->slot[i]);
	host->free(set->slot);
	memset(set, 0, sizeof *set);
}

/* Sets w->doc_id to doc's id, or the first of "ID-2", "ID-3", ... not
 * given out yet.  Returns 0, or -1 when out of memory. */
static int take_doc_id(struct writer *w, const cc_doc *doc)
{
	const char *id = host->doc_id(doc);
	size_t n;

	if (id == NULL)
		id = "";
	n = strlen(id);
	for (unsigned long k = 1;; k++) {
		char *x = host->malloc(n + 24);
		int added;

		if (x == NULL)
			return -1;
		memcpy(x, id, n + 1);
		if (k > 1)
			snprintf(x + n, 24, "-%lu", k);
		added = id_add(&w->ids, x);
		if (added != 1)
			host->free(x);
		if (added < 0)
			return -1;
		if (added == 1) {
			w->doc_id = x; /* borrowed from the set */
			return 0;
		}
	}
}

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

/*
 * The index of extra column `name`, added when new; -1 when out of
 * memory, -2 when the table has no room for another column.  Statements
 * list their extras in column order as a rule, so the column after the
 * previous one (`guess`) is tried first: a wide table then costs one
 * comparison per cell, not one per column.
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
		char **names = host->realloc(w->extra_name,
		                             cap * sizeof *names);
		const char **values;
		size_t *rows;

		if (names == NULL)
			return -1;
		w->extra_name = names;
		values = host->realloc(w->value, cap * sizeof *values);
		if (values == NULL)
			return -1;
		w->value = values;
		rows = host->realloc(w->value_row, cap * sizeof *rows);
		if (rows == NULL)
			return -1;
		w->value_row = rows;
		w->extra_names_cap = cap;
	}
	w->extra_name[w->nextra_names] = host->strdup(name);
	if (w->extra_name[w->nextra_names] == NULL)
		return -1;
	w->value_row[w->nextra_names] = 0; /* no row's serial */
	return (long)w->nextra_names++;
}

/* The confidence c as written, or with --csv-safe without the '+' that
 * xsd:decimal allows before it: the same value, and a cell the formula
 * guard leaves alone.  Guarded, as "'+0.9", the reader refused it. */
static const char *confidence_cell(const struct writer *w, const char *c)
{
	return w->safe && c != NULL && c[0] == '+' ? c + 1 : c;
}

/* Starts a row in w->waiting; returns where its head is. */
static int row_start(struct writer *w, size_t *at)
{
	struct row_head head = { 0, 0, 0, 0 };

	*at = w->waiting.len;
	return bytes_add(&w->waiting, &head, sizeof head);
}

/* Ends the row whose head is at `at`, holding cells for the first
 * `ncolumns` extra columns.  The head already says where its why cell
 * is (note_why). */
static void row_end(struct writer *w, size_t at, size_t ncolumns)
{
	struct row_head head;

	memcpy(&head, w->waiting.data + at, sizeof head);
	head.len = w->waiting.len - at - sizeof head;
	head.ncolumns = ncolumns;
	memcpy(w->waiting.data + at, &head, sizeof head);
	w->nrows++;
}

/* Notes in the head at `at` that the row's why cell starts at `why_at`,
 * or would.  Called right after the why cell, before any extra cell: the
 * row has one when it goes on past `why_at` by then. */
static void note_why(struct writer *w, size_t at, size_t why_at)
{
	struct row_head head;

	memcpy(&head, w->waiting.data + at, sizeof head);
	head.why_at = why_at;
	head.why = w->waiting.len - at - sizeof head > why_at;
	memcpy(w->waiting.data + at, &head, sizeof head);
}

/* The bytes of the row whose head is at `at`, so far. */
static size_t row_size(const struct writer *w, size_t at)
{
	return w->waiting.len - at - sizeof(struct row_head);
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
	struct bytes *b = &w->waiting;
	size_t at;

	if (row_start(w, &at) != 0 ||
	    add_cell(w, b, w->doc_id) != 0 ||
	    bytes_add(b, ",,,,,,,,,", CSV_COL_END - CSV_COL_DOC_ID) != 0 ||
	    add_doc_cells(w, b, doc) != 0 ||
	    bytes_add(b, ",", 1) != 0) /* no confidence */
		return -1;
	note_why(w, at, row_size(w, at)); /* no why */
	row_end(w, at, 0);
	return 0;
}

/* True (and *value noted, unless one is already) when `key` is the
 * extra field of standard column `col`. */
static int standard_extra(int col, const char *key, const char *value,
                          const char **noted)
{
	if (strcmp(key, csv_column_names[col]) != 0)
		return 0;
	if (*noted == NULL)
		*noted = value != NULL ? value : "";
	return 1;
}

/*
 * Looks up the columns of statement i's extra fields (adding new ones)
 * and notes each field's value; the first one wins if a statement names a
 * field twice.  Returns 0, -1 when out of memory, -2 when the table is
 * full.
 */
static int note_extras(struct writer *w, const cc_doc *doc, size_t i)
{
	size_t j, guess = 0, n = host->statement_extra_count(doc, i);

	w->row_serial++;
	w->confidence = w->why = NULL;
	for (j = 0; j < n; j++) {
		const char *key, *value;
		long col;

		if (host->statement_extra_get(doc, i, j, &key, &value) != CC_OK ||
		    standard_extra(CSV_COL_CONFIDENCE, key, value,
		                   &w->confidence) ||
		    standard_extra(CSV_COL_WHY, key, value, &w->why))
			continue;
		col = extra_column(w, key, guess);
		if (col < 0)
			return (int)col;
		guess = (size_t)col + 1;
		if (w->value_row[col] != w->row_serial) {
			w->value_row[col] = w->row_serial;
			w->value[col] = value;
		}
	}
	/* A first why takes a place too; write_doc undoes it if refused. */
	if (w->why != NULL)
		w->has_why = 1;
	if (CSV_COL_COUNT + (size_t)w->has_why + w->nextra_names >
	    CSV_MAX_COLUMNS)
		return -2;
	return 0;
}

/* Appends a cell per extra column, from what note_extras noted. */
static int add_extra_cells(struct writer *w, struct bytes *b)
{
	size_t c;

	for (c = 0; c < w->nextra_names; c++)
		if (bytes_add(b, ",", 1) != 0 ||
		    (w->value_row[c] == w->row_serial &&
		     add_cell(w, b, w->value[c]) != 0))
			return -1;
	return 0;
}

/* One row for statement i of doc.  Returns as note_extras does, or -3
 * when the statement was refused (reported). */
static int add_statement_row(struct writer *w, const cc_doc *doc, size_t i)
{
	struct cc_statement s;
	struct cc_person p;
	const char *speaker, *role;
	struct bytes *b = &w->waiting;
	size_t at, why_at;
	int rc;

	if (host->statement_get(doc, i, &s) != CC_OK)
		return 0;
	speaker = s.speaker;
	role = s.role;
	/* A statement that names only its person (TEI's who="#p1") takes
	 * the person's name and role. */
	if (s.person != NULL && (speaker == NULL || role == NULL)) {
		long found = host->person_find(doc, s.person);

		if (found >= 0 &&
		    host->person_get(doc, (size_t)found, &p) == CC_OK) {
			if (speaker == NULL)
				speaker = p.name;
			if (role == NULL)
				role = p.role;
		}
	}
	/* Columns first: the row gets a cell for each column known. */
	rc = note_extras(w, doc, i);
	if (rc != 0)
		return rc;
	/* What the reader would refuse is not written (an empty one is
	 * none). */
	if (w->confidence != NULL && w->confidence[0] != '\0' &&
	    !csv_confidence_ok(w->confidence)) {
		host->report(w->ctx, CC_FAILED, 0, 0, "document %s, statement "
		             "%s: confidence \"%s\" is not a number from 0 to 1",
		             host->doc_id(doc), s.id != NULL ? s.id : "",
		             w->confidence);
		return -3;
	}
	if (row_start(w, &at) != 0 ||
	    add_cell(w, b, w->doc_id) != 0 ||
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
	if (add_doc_cells(w, b, doc) != 0 ||
	    bytes_add(b, ",", 1) != 0 ||
	    add_cell(w, b, confidence_cell(w, w->confidence)) != 0)
		return -1;
	why_at = row_size(w, at);
	if (w->why != NULL &&
	    (bytes_add(b, ",", 1) != 0 || add_cell(w, b, w->why) != 0))
		return -1;
	note_why(w, at, why_at);
	if (add_extra_cells(w, b) != 0)
		return -1;
	row_end(w, at, w->nextra_names);
	return 0;
}

/* An unlinked temporary file in $TMPDIR (else /tmp), open for update;
 * NULL with errno set when it cannot be made. */
static FILE *spool_open(void)
{
	static const char pattern[] = "/corpusconv-csv.XXXXXX";
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *f = NULL;
	int fd, saved;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	path = host->malloc(strlen(dir) + sizeof pattern);
	if (path == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	strcpy(path, dir);
	strcat(path, pattern);
	fd = mkstemp(path);
	if (fd >= 0) {
		unlink(path);
		f = fdopen(fd, "w+b");
		if (f == NULL) {
			saved = errno;
			close(fd);
			errno = saved;
		}
	}
	host->free(path);
	return f;
}

/* Moves the waiting rows to the spool file once they fill SPOOL_AT, or
 * whenever there is a spool file and `all`.  Returns CC_OK, or reports
 * CC_FATAL when the file cannot be written; when it cannot be made, the
 * rows stay in memory (warned once). */
static int spool(struct writer *w, int all)
{
	if (w->waiting.len == 0 ||
	    (w->waiting.len < SPOOL_AT && !(all && w->spool != NULL)))
		return CC_OK;
	if (w->spool == NULL && !w->in_memory &&
	    (w->spool = spool_open()) == NULL) {
		/* Slower to run out of memory than to refuse the table. */
		w->in_memory = 1;
		host->report(w->ctx, CC_WARN, 0, 0, "cannot make a temporary "
		             "file in %s (%s): the table is kept in memory",
		             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		             strerror(errno));
	}
	if (w->spool == NULL)
		return CC_OK;
	if (fwrite(w->waiting.data, 1, w->waiting.len, w->spool) !=
	    w->waiting.len)
		return host->report(w->ctx, CC_FATAL, 0, 0, "cannot write the "
		                    "table's temporary file: %s",
		                    strerror(errno));
	w->spooled += (off_t)w->waiting.len;
	w->waiting.len = 0;
	return CC_OK;
}

/* Takes back the rows of a refused document: what waits past `waiting`
 * bytes, and what went to the spool file past `spooled` bytes (then the
 * rows before it that waited went there too, and stay).  Returns CC_OK,
 * or reports CC_FATAL when the file cannot be cut. */
static int unspool(struct writer *w, off_t spooled, size_t waiting)
{
	if (w->spooled == spooled) {
		w->waiting.len = waiting;
		return CC_OK;
	}
	w->waiting.len = 0;
	spooled += (off_t)waiting;
	if (fflush(w->spool) != 0 || ftruncate(fileno(w->spool), spooled) != 0 ||
	    fseeko(w->spool, spooled, SEEK_SET) != 0)
		return host->report(w->ctx, CC_FATAL, 0, 0, "cannot cut the "
		                    "table's temporary file: %s", strerror(errno));
	w->spooled = spooled;
	return CC_OK;
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
	w->spool = NULL;
	*state = w;
	return CC_OK;
}

int csv_table_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	size_t i, n = host->statement_count(doc);
	size_t waiting = w->waiting.len, nrows = w->nrows;
	off_t spooled = w->spooled;
	size_t nnames = w->nextra_names;
	int has_why = w->has_why, rc = 0;

	if (take_doc_id(w, doc) != 0)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	if (n == 0)
		rc = add_doc_row(w, doc);
	for (i = 0; i < n && rc == 0; i++) {
		rc = add_statement_row(w, doc, i);
		/* Between rows: spool() takes whole rows only. */
		if (rc == 0 && spool(w, 0) != CC_OK)
			rc = -4;
	}
	if (rc == 0)
		return spool(w, 0);
	/* A refused document leaves no trace. */
	if (unspool(w, spooled, waiting) != CC_OK)
		return CC_FATAL;
	w->nrows = nrows;
	while (w->nextra_names > nnames)
		host->free(w->extra_name[--w->nextra_names]);
	w->has_why = has_why;
	if (rc == -4)
		return CC_FATAL; /* reported by spool() */
	if (rc == -3)
		return CC_FAILED;
	if (rc == -2)
		return host->report(ctx, CC_FAILED, 0, 0, "document %s would "
		                    "take the table past %d columns",
		                    host->doc_id(doc), CSV_MAX_COLUMNS);
	return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
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

/* Reads the next n bytes of waiting rows into dst: from the spool file
 * when there is one (everything is there by then), else from
 * w->waiting at *pos.  Returns 0, or -1 when they are not there. */
static int take(struct writer *w, size_t *pos, void *dst, size_t n)
{
	if (w->spool != NULL)
		return fread(dst, 1, n, w->spool) == n ? 0 : -1;
	if (n > w->waiting.len - *pos)
		return -1;
	if (n > 0)
		memcpy(dst, w->waiting.data + *pos, n);
	*pos += n;
	return 0;
}

/* Appends the header row to line. */
static int add_header(struct writer *w, struct bytes *line)
{
	size_t i;

	for (i = 0; i < CSV_COL_COUNT + (size_t)w->has_why; i++)
		if ((i > 0 && bytes_add(line, ",", 1) != 0) ||
		    bytes_add(line, csv_column_names[i],
		              strlen(csv_column_names[i])) != 0)
			return -1;
	for (i = 0; i < w->nextra_names; i++)
		if (bytes_add(line, ",", 1) != 0 ||
		    add_cell(w, line, w->extra_name[i]) != 0)
			return -1;
	return bytes_add(line, "\r\n", 2);
}

/*
 * Gives the row just appended to line at `base` (head.len bytes) an empty
 * why cell where it goes, when the table has a why column and the row
 * none.  (A row with a why cell made the table have the column.)  Returns
 * 0, or -1 when out of memory.
 */
static int fit_why(struct writer *w, struct bytes *line, size_t base,
                   const struct row_head *head)
{
	char *at;

	if (!w->has_why || head->why)
		return 0;
	if (bytes_reserve(line, 1) != 0)
		return -1;
	at = line->data + base + head->why_at;
	memmove(at + 1, at, head->len - head->why_at);
	*at = ',';
	line->len++;
	return 0;
}

/* Writes the header and every row, each row with empty cells for the
 * columns added after it was made. */
static int write_table(struct writer *w)
{
	struct bytes line = { NULL, 0, 0 };
	struct row_head head;
	size_t i, pos = 0;
	int rc;

	rc = spool(w, 1);
	if (rc == CC_OK && w->spool != NULL &&
	    (fflush(w->spool) != 0 || fseeko(w->spool, 0, SEEK_SET) != 0))
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "cannot read back "
		                  "the table's temporary file: %s",
		                  strerror(errno));
	if (rc != CC_OK)
		return rc;
	if (add_header(w, &line) != 0)
		goto out_oom;
	for (i = 0; i < w->nrows; i++) {
		size_t base = line.len;

		if (take(w, &pos, &head, sizeof head) != 0 ||
		    head.ncolumns > w->nextra_names || head.why_at > head.len)
			goto out_unreadable;
		if (bytes_reserve(&line, head.len) != 0)
			goto out_oom;
		if (take(w, &pos, line.data + line.len, head.len) != 0)
			goto out_unreadable;
		line.len += head.len;
		if (fit_why(w, &line, base, &head) != 0)
			goto out_oom;
		while (head.ncolumns++ < w->nextra_names)
			if (bytes_add(&line, ",", 1) != 0)
				goto out_oom;
		if (bytes_add(&line, "\r\n", 2) != 0)
			goto out_oom;
		rc = drain(w, &line, 0);
		if (rc != CC_OK)
			goto out_free_line;
	}
	rc = drain(w, &line, 1);
	goto out_free_line;
out_unreadable:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "cannot read back the "
	                  "table's temporary file: %s",
	                  w->spool != NULL && ferror(w->spool)
	                  ? strerror(errno) : "it is short");
	goto out_free_line;
out_oom:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
out_free_line:
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
	if (w->spool != NULL)
		fclose(w->spool); /* unlinked: closing removes it */
	host->free(w->waiting.data);
	for (i = 0; i < w->nextra_names; i++)
		host->free(w->extra_name[i]);
	host->free(w->extra_name);
	host->free(w->value);
	host->free(w->value_row);
	id_free(&w->ids);
	host->free(w);
	return rc;
}
