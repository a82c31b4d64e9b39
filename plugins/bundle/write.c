/*
 * write.c: writes one zipped BagIt 1.0 bag (RFC 8493) per output:
 *
 *   NAME/bagit.txt                  first, so a probe sees it
 *   NAME/data/original/FILE         each distinct original, once
 *   NAME/data/tei/STEM.xml          per document, by the tei format
 *   NAME/data/text/STEM.txt         per document, by the text format
 *   NAME/data/statements.csv        all documents, by the csv format
 *   NAME/bag-info.txt  NAME/corpusconv.txt  NAME/corpusconv-mtimes.txt
 *   NAME/manifest-ALGO.txt  NAME/tagmanifest-ALGO.txt
 *
 * (formats/bundle/README.md is the contract.)  Entries stream out as each
 * document comes.  What stays in memory grows by some hundred bytes per
 * document (manifest lines, the names taken, corpusconv.txt, libarchive's
 * central directory), never by the documents' bytes: statements.csv, which
 * can only be written last, waits in an unlinked temporary file (see "the
 * statement table").
 *
 * It must never make the zip depend on anything but the documents and the
 * options: no clock beyond the bagging date, no time zone, no uid/gid or
 * user names, no host file system (its one temporary file is unlinked at
 * once and only holds table rows); and never write a digest it did not
 * compute with hash.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle.h"

#define host bundle_host

#define MAX_ALGOS 2 /* sha256 and sha512, or one of them when asked */

/* Rows of the statement table wait in memory up to this many bytes, then
 * go to the table's spool file. */
#define TABLE_SPOOL_AT (1024 * 1024)

/* As CSV_MAX_COLUMNS in plugins/csv/table.h: the csv writer refuses a
 * document that would take its table past this many columns, and so does
 * the bag's table. */
#define TABLE_MAX_COLUMNS 1000

/* What comes before each waiting row of the statement table. */
struct row_head {
	size_t len;      /* bytes of the row, without its line end */
	size_t ncolumns; /* extra columns the table had when it was made */
	size_t why_at;   /* where in the row its why cell starts, or would */
	int why;         /* it has a why cell (so the table has the column) */
};

/* The csv writer's names for the extra fields it gives standard columns
 * (plugins/csv/table.h): not extra columns here either. */
#define TABLE_CONFIDENCE "confidence"
#define TABLE_WHY "why"

/* data/statements.csv while documents come (see "the statement table"). */
struct table {
	struct bundle_buf header;  /* the header row so far, no line end,
	                              without the why column */
	size_t nstandard;          /* columns every document's table has */
	size_t standard_len;       /* bytes of their names in the header */
	int has_why;               /* a document's table has a why column */
	size_t rows_without_why;   /* rows without a why cell */
	struct bundle_map column;  /* extra field name -> its extra column */
	size_t ncolumns;           /* extra columns */
	struct bundle_buf waiting; /* rows not yet spooled, each after its
	                              struct row_head */
	FILE *spool;               /* unlinked temporary file, or NULL */
	int in_memory;             /* no temporary file could be made */
	size_t nrows;
	unsigned long long bytes;  /* the rows' len, and 2 per line end */
	unsigned long long cells;  /* the rows' ncolumns */
};

/* An original already in the bag, to write each one once. */
struct original {
	char *path;               /* "data/original/NAME" */
};

struct writer {
	cc_ctx *ctx;
	cc_out *out;              /* borrowed from the host */
	struct archive *zip;
	int discard;              /* aborting: drop what libarchive writes */
	int out_failed;           /* the host's output refused a write */
	int out_errno;            /* why (errno), as out_write left it */
	int broken;               /* an entry failed: the zip is unfinishable */
	char *top;                /* "NAME/" */
	char date[11];            /* Bagging-Date, YYYY-MM-DD */
	int algo[MAX_ALGOS];
	size_t nalgo;
	struct bundle_buf manifest[MAX_ALGOS];
	struct bundle_buf tagmanifest[MAX_ALGOS];
	struct bundle_buf map;    /* corpusconv.txt */
	struct bundle_buf mtimes; /* corpusconv-mtimes.txt */
	struct bundle_buf carried; /* bag-info lines of the documents' bags */
	struct bundle_map carried_seen; /* those lines, once each */
	unsigned long long oxum_bytes, oxum_files;
	struct original *orig;
	size_t norig, corig;
	struct bundle_map stems;  /* tei/text file stems taken */
	struct bundle_map table_ids; /* doc_ids of statements.csv taken */
	struct bundle_map originals; /* data/original/ paths taken */
	struct bundle_map known;  /* "SHA256 NAME" of an original -> index */
	const struct cc_format *tei, *text, *csv; /* NULL when not loaded */
	unsigned long long last_serial; /* the last original digested */
	char last_hex[BUNDLE_HEX_MAX];  /* and its SHA-256 */
	struct table table;       /* data/statements.csv */
};

/* ---- the zip stream ------------------------------------------------- */

static la_ssize_t zip_out(struct archive *a, void *user, const void *buf,
                          size_t len)
{
	struct writer *w = user;

	if (w->discard)
		return (la_ssize_t)len;
	if (host->out_write(w->out, buf, len) != CC_OK) {
		if (!w->out_failed)
			w->out_errno = errno ? errno : EIO;
		w->out_failed = 1;
		archive_set_error(a, w->out_errno, "%s", strerror(w->out_errno));
		return -1;
	}
	return (la_ssize_t)len;
}

static int zip_error(struct writer *w, const char *what)
{
	const char *why = archive_error_string(w->zip);

	if (w->out_failed)
		return host->report(w->ctx, CC_FATAL, 0, 0, "%s: cannot write "
		                    "%s: %s", what, host->out_name(w->out),
		                    strerror(w->out_errno));
	return host->report(w->ctx, CC_FATAL, 0, 0, "%s: %s", what,
	                    why ? why : "the zip writer failed");
}

/* Where zip_add records an entry's digests. */
enum entry_kind {
	ENTRY_PAYLOAD, /* manifest-ALGO.txt */
	ENTRY_TAG,     /* tagmanifest-ALGO.txt */
	ENTRY_UNLISTED /* nowhere: the tag manifests themselves */
};

/* An entry on its way into the zip: its full name and its digests. */
struct entry {
	struct bundle_buf full;          /* "TOP/rel" */
	const char *rel;                 /* borrowed: the path in the bag */
	enum entry_kind kind;
	struct bundle_hash hash[MAX_ALGOS];
	unsigned long long len;          /* bytes written so far */
};

/* Starts the regular file entry TOP/rel of len bytes.  On CC_OK the
 * caller goes on with entry_write and entry_end; on failure the entry
 * is released. */
static int entry_begin(struct writer *w, struct entry *x, const char *rel,
                       unsigned long long len, enum entry_kind kind)
{
	struct archive_entry *e = NULL;
	int rc;

	memset(x, 0, sizeof *x);
	x->rel = rel;
	x->kind = kind;
	for (size_t i = 0; i < w->nalgo; i++)
		bundle_hash_init(&x->hash[i], w->algo[i]);
	/* archive_entry_update_pathname_utf8, not _set_: it says when it
	 * could not keep the name (memory), and the zip writer given an
	 * entry without one reads a null pointer. */
	if (bundle_buf_puts(&x->full, w->top) != CC_OK ||
	    bundle_buf_puts(&x->full, rel) != CC_OK ||
	    (e = archive_entry_new()) == NULL ||
	    archive_entry_update_pathname_utf8(e, x->full.p) == 0) {
		archive_entry_free(e);
		bundle_buf_free(&x->full);
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	}
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	/* No mtime: libarchive writes it twice, as local time (the DOS
	 * field, through localtime()) and as UTC (the "UT" field), so no
	 * value gives the same bytes in every time zone.  Unset, the DOS
	 * field holds 1980-01-01 00:00 and "UT" no time, whatever TZ says;
	 * the bagging date is in bag-info.txt. */
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	rc = CC_OK;
	if (archive_write_header(w->zip, e) != ARCHIVE_OK) {
		rc = zip_error(w, x->full.p);
		w->broken = 1;
		bundle_buf_free(&x->full);
	}
	archive_entry_free(e);
	return rc;
}

/* Writes the next len bytes of the entry. */
static int entry_write(struct writer *w, struct entry *x, const void *data,
                       size_t len)
{
	const char *p = data;

	for (size_t i = 0; i < w->nalgo && x->kind != ENTRY_UNLISTED; i++)
		bundle_hash_update(&x->hash[i], data, len);
	x->len += len;
	while (len > 0) {
		la_ssize_t n = archive_write_data(w->zip, p, len);
		if (n <= 0)
			return zip_error(w, x->full.p);
		p += n;
		len -= (size_t)n;
	}
	return CC_OK;
}

/*
 * Ends the entry (when rc is CC_OK) and records its digests; releases
 * it whatever rc is.  Returns rc, or the first failure.  Call it while
 * the bytes last given to entry_write are still valid: after a failed
 * write libarchive's deflate stream still points into them, and only
 * finishing the entry (its output dropped: the zip is lost anyway) makes
 * it let go of them, rather than read them at archive_write_free.
 */
static int entry_end(struct writer *w, struct entry *x, int rc)
{
	if (rc == CC_OK && archive_write_finish_entry(w->zip) != ARCHIVE_OK)
		rc = zip_error(w, x->full.p);
	if (rc != CC_OK && !w->broken) {
		w->broken = 1;
		w->discard = 1;
		archive_write_finish_entry(w->zip);
	}
	for (size_t i = 0; i < w->nalgo && rc == CC_OK; i++) {
		struct bundle_buf *m = x->kind == ENTRY_PAYLOAD
		                       ? &w->manifest[i] : &w->tagmanifest[i];
		char hex[BUNDLE_HEX_MAX];

		if (x->kind == ENTRY_UNLISTED)
			break;
		bundle_hash_hex(&x->hash[i], hex);
		if (bundle_buf_printf(m, "%s  ", hex) != CC_OK ||
		    bundle_path_encode(m, x->rel) != CC_OK ||
		    bundle_buf_puts(m, "\n") != CC_OK)
			rc = host->report(w->ctx, CC_FATAL, 0, 0,
			                  "out of memory");
	}
	if (rc == CC_OK && x->kind == ENTRY_PAYLOAD) {
		w->oxum_bytes += x->len;
		w->oxum_files++;
	}
	bundle_buf_free(&x->full);
	return rc;
}

/* Writes one regular file entry TOP/rel and records its digests. */
static int zip_add(struct writer *w, const char *rel, const void *data,
                   size_t len, enum entry_kind kind)
{
	struct entry x;
	int rc;

	rc = entry_begin(w, &x, rel, len, kind);
	if (rc != CC_OK)
		return rc;
	return entry_end(w, &x, entry_write(w, &x, data, len));
}

/* ---- names and dates ------------------------------------------------ */

/* The bag's folder: the output's file name without directory and
 * extension; "bag" when there is none (stdout). */
static char *bag_name(const char *out_name)
{
	const char *base = out_name ? strrchr(out_name, '/') : NULL;
	char *name, *dot;

	base = base ? base + 1 : out_name ? out_name : "";
	if (base[0] == '<' || base[0] == '.' || strcmp(base, "-") == 0)
		base = "";
	name = host->strdup(base[0] ? base : "bag");
	if (name == NULL)
		return NULL;
	dot = strrchr(name, '.');
	if (dot != NULL && dot != name)
		*dot = '\0';
	return name;
}

/* A file name made of s: '/', '\\' and control bytes become '_'; an
 * empty or dot-only name becomes fallback.  Caller frees. */
static char *safe_file_name(const char *s, const char *fallback)
{
	char *n;

	if (s == NULL || s[0] == '\0' || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		s = fallback;
	n = host->strdup(s);
	if (n == NULL)
		return NULL;
	for (char *p = n; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 ||
		    *p == 0x7f)
			*p = '_';
	return n;
}

/* A relative path made of path's components, each made safe as by
 * safe_file_name; empty, "." and ".." components are dropped, so the
 * path stays inside the folder it is put under.  fallback when nothing
 * is left.  Caller frees. */
static char *safe_rel_path(const char *path, const char *fallback)
{
	struct bundle_buf b = { 0 }, part = { 0 };
	int rc = CC_OK;

	while (*path && rc == CC_OK) {
		size_t n = strcspn(path, "/\\");
		char *safe;

		part.len = 0;
		if (n > 0 && !(n == 1 && path[0] == '.') &&
		    !(n == 2 && path[0] == '.' && path[1] == '.')) {
			rc = bundle_buf_add(&part, path, n);
			safe = rc == CC_OK ? safe_file_name(part.p, fallback) : NULL;
			if (safe == NULL ||
			    (b.len > 0 && bundle_buf_puts(&b, "/") != CC_OK) ||
			    bundle_buf_puts(&b, safe) != CC_OK)
				rc = CC_FATAL;
			host->free(safe);
		}
		path += n;
		path += *path != '\0';
	}
	if (rc == CC_OK && b.len == 0)
		rc = bundle_buf_puts(&b, fallback);
	bundle_buf_free(&part);
	if (rc != CC_OK)
		bundle_buf_free(&b);
	return b.p;
}

/* Sets w->date, the Bagging-Date: the option, else the day of
 * SOURCE_DATE_EPOCH (reproducible builds), else today, in UTC. */
static int bagging_date(struct writer *w)
{
	const char *opt = host->option(w->ctx, "bagging-date");
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	unsigned y, m, d;
	char tail;

	if (opt == NULL || opt[0] == '\0') {
		time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
		struct tm tm;

		if (gmtime_r(&now, &tm) == NULL)
			return host->report(w->ctx, CC_FATAL, 0, 0,
			                    "cannot read the clock");
		if (strftime(w->date, sizeof w->date, "%Y-%m-%d", &tm) != 10)
			w->date[0] = '\0';
		opt = w->date;
	}
	if (strlen(opt) != 10 ||
	    sscanf(opt, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
	    opt[4] != '-' || opt[7] != '-' || y < 1980 || y > 2107 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return host->report(w->ctx, CC_FATAL, 0, 0,
		                    "bagging date \"%s\" is not YYYY-MM-DD "
		                    "between 1980 and 2107", opt);
	memcpy(w->date, opt, 10);
	w->date[10] = '\0';
	return CC_OK;
}

/* Reads option "manifest", the algorithms to write manifests in: sha256
 * and sha512 unless it names others.  RFC 8493 section 2.4 names the two
 * as those every tool must support, and bagit-python, the reference
 * tool, writes both by default.  Written in one order (sha256 first)
 * whatever the order named, so that a bag's bytes do not depend on it. */
static int manifest_algos(struct writer *w)
{
	static const int known[MAX_ALGOS] = { BUNDLE_SHA256, BUNDLE_SHA512 };
	const char *opt = host->option(w->ctx, "manifest");
	int want[MAX_ALGOS] = { opt == NULL, opt == NULL };

	while (opt != NULL && *opt) {
		size_t n = strcspn(opt, ", ");
		int a = bundle_algo_parse(opt, n), k = 0;

		while (k < MAX_ALGOS && known[k] != a)
			k++;
		if (n > 0 && k == MAX_ALGOS)
			return host->report(w->ctx, CC_FATAL, 0, 0,
			                    "manifest algorithm \"%.*s\" is not "
			                    "supported (sha256, sha512 are)",
			                    (int)n, opt);
		if (n > 0)
			want[k] = 1;
		opt += n;
		opt += strspn(opt, ", ");
	}
	for (size_t k = 0; k < MAX_ALGOS; k++)
		if (want[k])
			w->algo[w->nalgo++] = known[k];
	if (w->nalgo == 0)
		return host->report(w->ctx, CC_FATAL, 0, 0,
		                    "the manifest option names no algorithm "
		                    "(sha256, sha512 are)");
	return CC_OK;
}

/* ---- nested writers ------------------------------------------------- */

/* Writes doc (NULL: no document) with fmt into a new memory output named
 * name; *mem gets it (the caller frees it with host->out_free). */
static int render(struct writer *w, const struct cc_format *fmt,
                  const cc_doc *doc, const char *name, cc_out **mem)
{
	void *state = NULL;
	int rc, end;

	*mem = host->out_mem_new(name);
	if (*mem == NULL)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	rc = fmt->write_begin(w->ctx, *mem, &state);
	if (rc < CC_WARN)
		goto out_free_mem;
	if (doc != NULL)
		rc = fmt->write_doc(w->ctx, state, doc);
	end = fmt->write_end(w->ctx, state, rc < CC_WARN);
	if (rc >= CC_WARN && end < rc)
		rc = end;
	if (rc >= CC_WARN)
		return rc;
out_free_mem:
	host->out_free(*mem);
	*mem = NULL;
	return rc;
}

/* ---- the statement table ------------------------------------------- */

/*
 * data/statements.csv is the csv format's table of every document, written
 * without holding it.  Each document's statements are rendered by the csv
 * writer as a table of their own; its rows wait (in memory up to
 * TABLE_SPOOL_AT bytes, then in an unlinked temporary file) until
 * write_end, when the entry's size is known.  The csv writer gives extra
 * fields (those it has no column for) columns after its standard ones, in
 * the order first seen; a document's own table has that document's extra
 * columns only, so its extra cells are moved here under the bag's columns,
 * and at write_end each row gets empty cells for the columns that came
 * after it: byte for byte what one csv writer given every document writes.
 * The csv writer's why column, after its standard ones, is there only
 * when a statement has a why, so each row notes where its why cell is (or
 * would go) and gets an empty one at write_end when the table has the
 * column and the row none, as the csv writer does.
 * Of the csv encoding this relies on RFC 4180 alone: a quoted cell is
 * wrapped in '"' (doubled inside), rows end in CRLF.
 */

/* Length of s[0..n) up to the first `stop` byte outside quotes, or n. */
static size_t csv_span(const char *s, size_t n, char stop)
{
	int quoted = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == stop)
			break;
	}
	return i;
}

/* A cell of a row: where it starts in the row and its length. */
struct cell {
	size_t at, len;
};

/* Splits row[0..n) into at most max cells; returns how many it has. */
static size_t split_row(const char *row, size_t n, struct cell *cell,
                        size_t max)
{
	size_t pos = 0, count = 0;

	for (;;) {
		size_t len = csv_span(row + pos, n - pos, ',');

		if (count < max) {
			cell[count].at = pos;
			cell[count].len = len;
		}
		count++;
		pos += len;
		if (pos == n)
			return count;
		pos++; /* the comma */
	}
}

/* The length of the row at data[0..len), which must end in CRLF; len + 1
 * when it does not. */
static size_t row_length(const char *data, size_t len)
{
	size_t n = csv_span(data, len, '\r');

	return n + 1 < len && data[n + 1] == '\n' ? n : len + 1;
}

/*
 * The names of doc's extra fields, in the order the csv writer gives them
 * columns: first seen, statement by statement, skipping statements and
 * fields it cannot get as it skips them, and the two it has standard
 * columns for.  *names (host->malloc'd; the strings borrowed from doc) has
 * *n names; *why is set when a statement has a why (its table then has a
 * why column).
 */
static int doc_extra_names(const cc_doc *doc, const char ***names,
                           size_t *n, int *why)
{
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	*why = 0;
	for (size_t i = 0; i < host->statement_count(doc); i++) {
		struct cc_statement s;
		size_t count = host->statement_extra_count(doc, i);

		if (count == 0 || host->statement_get(doc, i, &s) != CC_OK)
			continue;
		for (size_t j = 0; j < count; j++) {
			const char *key, *value;
			size_t k;

			if (host->statement_extra_get(doc, i, j, &key,
			                              &value) != CC_OK ||
			    strcmp(key, TABLE_CONFIDENCE) == 0)
				continue;
			if (strcmp(key, TABLE_WHY) == 0) {
				*why = 1;
				continue;
			}
			for (k = 0; k < *n && strcmp((*names)[k], key) != 0; k++)
				;
			if (k < *n)
				continue;
			if (*n == cap) {
				const char **more;

				cap = cap ? 2 * cap : 8;
				more = host->realloc(*names, cap * sizeof *more);
				if (more == NULL)
					return CC_FATAL;
				*names = more;
			}
			(*names)[(*n)++] = key;
		}
	}
	return CC_OK;
}

/* An unlinked temporary file in $TMPDIR (else /tmp), open for update;
 * NULL with errno set when it cannot be made. */
static FILE *spool_open(void)
{
	static const char pattern[] = "/corpusconv-bundle.XXXXXX";
	const char *dir = getenv("TMPDIR");
	struct bundle_buf path = { 0 };
	FILE *f = NULL;
	int fd, saved;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if (bundle_buf_puts(&path, dir) != CC_OK ||
	    bundle_buf_puts(&path, pattern) != CC_OK) {
		bundle_buf_free(&path);
		errno = ENOMEM;
		return NULL;
	}
	fd = mkstemp(path.p);
	if (fd >= 0) {
		unlink(path.p);
		f = fdopen(fd, "w+b");
		if (f == NULL) {
			saved = errno;
			close(fd);
			errno = saved;
		}
	}
	bundle_buf_free(&path);
	return f;
}

/* Moves the waiting rows to the spool file once they fill TABLE_SPOOL_AT,
 * or whenever there is a spool file and `all`.  Where no file can be
 * made, the rows stay in memory (warned once). */
static int table_spool(struct writer *w, int all)
{
	struct table *t = &w->table;

	if (t->waiting.len == 0 ||
	    (t->waiting.len < TABLE_SPOOL_AT && !(all && t->spool != NULL)))
		return CC_OK;
	if (t->spool == NULL && !t->in_memory &&
	    (t->spool = spool_open()) == NULL) {
		t->in_memory = 1;
		host->report(w->ctx, CC_WARN, 0, 0, "cannot make a temporary "
		             "file in %s (%s): the statement table is kept in "
		             "memory", getenv("TMPDIR") ? getenv("TMPDIR")
		                                         : "/tmp",
		             strerror(errno));
	}
	if (t->spool == NULL)
		return CC_OK;
	if (fwrite(t->waiting.p, 1, t->waiting.len, t->spool) !=
	    t->waiting.len)
		return host->report(w->ctx, CC_FATAL, 0, 0, "cannot write the "
		                    "statement table's temporary file: %s",
		                    strerror(errno));
	t->waiting.len = 0;
	return CC_OK;
}

/* Starts the table with the header of the csv writer's empty table. */
static int table_begin(struct writer *w)
{
	struct table *t = &w->table;
	const unsigned char *data;
	cc_out *mem;
	size_t len, n;
	int rc;

	rc = render(w, w->csv, NULL, "statements.csv", &mem);
	if (rc < CC_WARN)
		return rc;
	data = host->out_mem_data(mem, &len);
	n = row_length((const char *)data, len);
	if (n + 2 != len)
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "the csv writer's "
		                  "empty table is not one header row");
	else if (bundle_buf_add(&t->header, data, n) != CC_OK)
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	else {
		t->nstandard = split_row(t->header.p, n, NULL, 0);
		t->standard_len = n;
	}
	host->out_free(mem);
	return rc;
}

/* Gives the document's new extra fields their columns, after checking
 * that the table has room for them and for the document's why column, if
 * it has one (`why`); col[j] gets the column of names[j]. */
static int table_columns(struct writer *w, const cc_doc *doc,
                         const char **names, size_t k, int why, size_t *col,
                         const char *header, const struct cell *cell)
{
	struct table *t = &w->table;
	size_t fresh = 0;

	for (size_t j = 0; j < k; j++)
		fresh += bundle_map_get(&t->column, names[j]) == NULL;
	if (t->nstandard + (size_t)(t->has_why || why) + t->ncolumns + fresh >
	    TABLE_MAX_COLUMNS)
		return host->report(w->ctx, CC_FAILED, 0, 0, "document %s "
		                    "would take the table past %d columns",
		                    host->doc_id(doc), TABLE_MAX_COLUMNS);
	t->has_why |= why;
	for (size_t j = 0; j < k; j++) {
		const struct cell *c = &cell[t->nstandard + (size_t)why + j];
		size_t *at = bundle_map_get(&t->column, names[j]);

		if (at != NULL) {
			col[j] = *at;
			continue;
		}
		if (bundle_map_put(&t->column, names[j], t->ncolumns) < 0 ||
		    bundle_buf_add(&t->header, ",", 1) != CC_OK ||
		    bundle_buf_add(&t->header, header + c->at,
		                   c->len) != CC_OK)
			return host->report(w->ctx, CC_FATAL, 0, 0,
			                    "out of memory");
		col[j] = t->ncolumns++;
	}
	return CC_OK;
}

/* Appends one row of a document's table with `why` (0 or 1) why columns
 * and k extra columns, its extra cells moved under the table's columns:
 * column c takes the document's extra cell which[c], or none when
 * which[c] < 0.  `cell` has room for nstandard + why + k cells.  Returns
 * CC_OK, CC_FATAL when out of memory, CC_FAILED when the row does not
 * have the header's cells. */
static int table_row(struct writer *w, const char *row, size_t len,
                     int why, size_t k, const long *which, struct cell *cell)
{
	struct table *t = &w->table;
	struct bundle_buf *b = &t->waiting;
	struct row_head head = { len, 0, len, 0 };
	size_t at = b->len, fixed = t->nstandard + (size_t)why;

	if (k == 0 && !why) {
		if (bundle_buf_add(b, &head, sizeof head) != CC_OK ||
		    bundle_buf_add(b, row, len) != CC_OK)
			return CC_FATAL;
	} else {
		const struct cell *last;

		if (split_row(row, len, cell, fixed + k) != fixed + k)
			return CC_FAILED;
		last = &cell[t->nstandard - 1];
		head.why_at = last->at + last->len;
		head.why = why;
		last = &cell[fixed - 1];
		if (bundle_buf_add(b, &head, sizeof head) != CC_OK ||
		    bundle_buf_add(b, row, last->at + last->len) != CC_OK)
			return CC_FATAL;
		for (size_t c = 0; c < t->ncolumns; c++) {
			const struct cell *x = which[c] >= 0
			                       ? &cell[fixed + (size_t)which[c]]
			                       : NULL;

			if (bundle_buf_add(b, ",", 1) != CC_OK ||
			    (x != NULL &&
			     bundle_buf_add(b, row + x->at, x->len) != CC_OK))
				return CC_FATAL;
		}
		head.len = b->len - at - sizeof head;
		head.ncolumns = t->ncolumns;
		memcpy(b->p + at, &head, sizeof head);
	}
	t->nrows++;
	t->bytes += head.len + 2;
	t->cells += head.ncolumns;
	t->rows_without_why += !head.why;
	return CC_OK;
}

/* Adds the rows of doc's own table, rendered by the csv writer into mem,
 * to the bag's table. */
/*
 * The suffix ("", "-2", "-3", ...) that makes doc's id unique among the
 * doc_ids of statements.csv, as the csv writer makes them unique in a
 * table of many documents: each document's own table, rendered alone,
 * cannot know.  Writes it into suffix; CC_OK or CC_FATAL.
 */
static int table_id_suffix(struct writer *w, const cc_doc *doc,
                           char suffix[24])
{
	const char *id = host->doc_id(doc) ? host->doc_id(doc) : "";
	struct bundle_buf b = { 0 };
	int put = 0;

	for (unsigned long k = 1; put == 0; k++) {
		suffix[0] = '\0';
		if (k > 1)
			snprintf(suffix, 24, "-%lu", k);
		b.len = 0;
		if (bundle_buf_puts(&b, id) != CC_OK ||
		    bundle_buf_puts(&b, suffix) != CC_OK)
			put = -1;
		else
			put = bundle_map_put(&w->table_ids, b.p, 0);
	}
	bundle_buf_free(&b);
	return put < 0 ? CC_FATAL : CC_OK;
}

/* row[0..len) with suffix added to its first cell (the doc_id) into b:
 * at the cell's end, inside its quotes when it is quoted. */
static int row_with_suffix(struct bundle_buf *b, const char *row, size_t len,
                           const char *suffix)
{
	size_t end = csv_span(row, len, ',');

	if (end > 0 && row[end - 1] == '"' && row[0] == '"')
		end--;
	b->len = 0;
	if (bundle_buf_add(b, row, end) != CC_OK ||
	    bundle_buf_puts(b, suffix) != CC_OK ||
	    bundle_buf_add(b, row + end, len - end) != CC_OK)
		return CC_FATAL;
	return CC_OK;
}

static int table_add(struct writer *w, const cc_doc *doc, cc_out *mem)
{
	struct table *t = &w->table;
	const char *data, **names = NULL;
	struct cell *cell = NULL;
	size_t len, k = 0, n, pos, *col = NULL;
	long *which = NULL;
	struct bundle_buf renamed = { 0 };
	char suffix[24];
	int why, rc;

	data = (const char *)host->out_mem_data(mem, &len);
	if (doc_extra_names(doc, &names, &k, &why) != CC_OK)
		goto out_oom;
	cell = host->malloc((t->nstandard + 1 + k) * sizeof *cell);
	col = host->malloc((k ? k : 1) * sizeof *col);
	if (cell == NULL || col == NULL)
		goto out_oom;
	n = row_length(data, len);
	if (n > len || split_row(data, n, cell, t->nstandard + 1 + k) !=
	                   t->nstandard + (size_t)why + k ||
	    (why && (cell[t->nstandard].len != strlen(TABLE_WHY) ||
	             memcmp(data + cell[t->nstandard].at, TABLE_WHY,
	                    strlen(TABLE_WHY)) != 0)))
		goto out_unexpected;
	rc = table_columns(w, doc, names, k, why, col, data, cell);
	if (rc != CC_OK)
		goto out_free;
	which = host->malloc((t->ncolumns ? t->ncolumns : 1) * sizeof *which);
	if (which == NULL)
		goto out_oom;
	for (size_t c = 0; c < t->ncolumns; c++)
		which[c] = -1;
	for (size_t j = k; j-- > 0;)
		which[col[j]] = (long)j;
	if (table_id_suffix(w, doc, suffix) != CC_OK)
		goto out_oom;
	for (pos = n + 2; pos < len; pos += n + 2) {
		n = row_length(data + pos, len - pos);
		if (n > len - pos)
			goto out_unexpected;
		if (suffix[0] == '\0')
			rc = table_row(w, data + pos, n, why, k, which, cell);
		else if (row_with_suffix(&renamed, data + pos, n, suffix) != CC_OK)
			goto out_oom;
		else
			rc = table_row(w, renamed.p, renamed.len, why, k, which,
			               cell);
		if (rc == CC_FAILED)
			goto out_unexpected;
		if (rc != CC_OK)
			goto out_oom;
	}
	rc = table_spool(w, 0);
	goto out_free;
out_unexpected:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "the csv writer's table of "
	                  "document %s is not as expected",
	                  host->doc_id(doc));
	goto out_free;
out_oom:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
out_free:
	bundle_buf_free(&renamed);
	host->free(which);
	host->free(col);
	host->free(cell);
	host->free(names);
	return rc;
}

/* Reads the next n bytes of waiting rows into dst: from the spool file
 * when there is one (every row is there by then), else from the waiting
 * rows at *pos.  Returns 0, or -1 when they are not there. */
static int take(struct table *t, size_t *pos, void *dst, size_t n)
{
	if (t->spool != NULL)
		return fread(dst, 1, n, t->spool) == n ? 0 : -1;
	if (n > t->waiting.len - *pos)
		return -1;
	memcpy(dst, t->waiting.p + *pos, n);
	*pos += n;
	return 0;
}

/* Appends the next n bytes of waiting rows to line, as take() reads them.
 * Returns 0, -1 when they are not there, -2 when out of memory. */
static int take_into(struct table *t, size_t *pos, struct bundle_buf *line,
                     size_t n)
{
	char chunk[4096];

	while (n > 0) {
		size_t m = n < sizeof chunk ? n : sizeof chunk;

		if (take(t, pos, chunk, m) != 0)
			return -1;
		if (bundle_buf_add(line, chunk, m) != CC_OK)
			return -2;
		n -= m;
	}
	return 0;
}

/*
 * Gives the row just appended to line at `base` (head.len bytes) an empty
 * why cell where it goes, when the table has a why column and the row
 * none, as the csv writer does.  (A row with a why cell made the table
 * have the column.)  Returns 0, or -2 when out of memory.
 */
static int fit_why(const struct table *t, struct bundle_buf *line,
                   size_t base, const struct row_head *head)
{
	size_t at = base + head->why_at;

	if (!t->has_why || head->why)
		return 0;
	/* One byte more at the end, then the row's tail moves onto it. */
	if (bundle_buf_add(line, ",", 1) != CC_OK)
		return -2;
	memmove(line->p + at + 1, line->p + at, head->len - head->why_at);
	line->p[at] = ',';
	return 0;
}

/* Appends the header row: the standard columns, the why column when a
 * document has one, the extra columns. */
static int table_header(const struct table *t, struct bundle_buf *line)
{
	if (bundle_buf_add(line, t->header.p, t->standard_len) != CC_OK ||
	    (t->has_why && (bundle_buf_add(line, ",", 1) != CC_OK ||
	                    bundle_buf_puts(line, TABLE_WHY) != CC_OK)) ||
	    bundle_buf_add(line, t->header.p + t->standard_len,
	                   t->header.len - t->standard_len) != CC_OK ||
	    bundle_buf_add(line, "\r\n", 2) != CC_OK)
		return -2;
	return 0;
}

/* Writes data/statements.csv: the header, then every row with an empty
 * cell for each column that came after it. */
static int table_write(struct writer *w)
{
	struct table *t = &w->table;
	struct bundle_buf line = { 0 };
	unsigned long long size;
	struct row_head head;
	struct entry x;
	size_t pos = 0;
	int rc, got;

	size = t->header.len + 2 + t->bytes +
	       (unsigned long long)t->nrows * t->ncolumns - t->cells;
	if (t->has_why)
		size += 1 + strlen(TABLE_WHY) + t->rows_without_why;
	rc = table_spool(w, 1);
	if (rc == CC_OK && t->spool != NULL &&
	    (fflush(t->spool) != 0 || fseeko(t->spool, 0, SEEK_SET) != 0))
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "cannot read back "
		                  "the statement table's temporary file: %s",
		                  strerror(errno));
	if (rc == CC_OK)
		rc = entry_begin(w, &x, "data/statements.csv", size,
		                 ENTRY_PAYLOAD);
	if (rc != CC_OK)
		return rc;
	if (table_header(t, &line) != 0)
		goto out_oom;
	for (size_t i = 0; i < t->nrows && rc == CC_OK; i++) {
		size_t base = line.len;

		if (take(t, &pos, &head, sizeof head) != 0 ||
		    head.ncolumns > t->ncolumns || head.why_at > head.len)
			goto out_unreadable;
		got = take_into(t, &pos, &line, head.len);
		if (got == -1)
			goto out_unreadable;
		if (got == 0)
			got = fit_why(t, &line, base, &head);
		while (got == 0 && head.ncolumns++ < t->ncolumns)
			got = bundle_buf_add(&line, ",", 1) != CC_OK ? -2 : 0;
		if (got != 0 || bundle_buf_add(&line, "\r\n", 2) != CC_OK)
			goto out_oom;
		if (line.len >= 65536) {
			rc = entry_write(w, &x, line.p, line.len);
			line.len = 0;
		}
	}
	if (rc == CC_OK)
		rc = entry_write(w, &x, line.p, line.len);
	if (rc == CC_OK && x.len != size)
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "the statement table "
		                  "came to %llu bytes, not the %llu expected",
		                  x.len, size);
	goto out_end;
out_unreadable:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "cannot read back the "
	                  "statement table's temporary file: %s",
	                  t->spool != NULL && ferror(t->spool)
	                  ? strerror(errno) : "it is short");
	goto out_end;
out_oom:
	rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
out_end:
	/* entry_end first: libarchive may still point into line. */
	rc = entry_end(w, &x, rc);
	bundle_buf_free(&line);
	return rc;
}

/* ---- write_begin ---------------------------------------------------- */

static void writer_free(struct writer *w)
{
	if (w->zip != NULL) {
		w->discard = 1;
		archive_write_free(w->zip);
	}
	bundle_buf_free(&w->table.header);
	bundle_map_free(&w->table.column);
	bundle_buf_free(&w->table.waiting);
	if (w->table.spool != NULL)
		fclose(w->table.spool); /* unlinked: closing removes it */
	for (size_t i = 0; i < w->norig; i++)
		host->free(w->orig[i].path);
	host->free(w->orig);
	for (size_t i = 0; i < MAX_ALGOS; i++) {
		bundle_buf_free(&w->manifest[i]);
		bundle_buf_free(&w->tagmanifest[i]);
	}
	bundle_buf_free(&w->map);
	bundle_buf_free(&w->mtimes);
	bundle_buf_free(&w->carried);
	bundle_map_free(&w->carried_seen);
	bundle_map_free(&w->stems);
	bundle_map_free(&w->table_ids);
	bundle_map_free(&w->originals);
	bundle_map_free(&w->known);
	host->free(w->top);
	host->free(w);
}

static int zip_open(struct writer *w)
{
	w->zip = archive_write_new();
	if (w->zip == NULL)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	/* No blocking: libarchive would pad the last block with zeros. */
	if (archive_write_set_format_zip(w->zip) != ARCHIVE_OK ||
	    archive_write_set_options(w->zip, "zip:compression=deflate,"
	                                      "zip:hdrcharset=UTF-8") !=
	        ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(w->zip, 0) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(w->zip, 1) != ARCHIVE_OK ||
	    archive_write_open(w->zip, w, NULL, zip_out, NULL) != ARCHIVE_OK)
		return zip_error(w, "cannot start the zip");
	return CC_OK;
}

static const char bagit_txt[] =
	"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/* Sets w->top to "NAME/". */
static int bag_top(struct writer *w)
{
	char *name = bag_name(host->out_name(w->out));

	if (name != NULL) {
		w->top = host->malloc(strlen(name) + 2);
		if (w->top != NULL)
			sprintf(w->top, "%s/", name);
		host->free(name);
	}
	if (w->top == NULL)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	return CC_OK;
}

/* Finds the nested writers and starts the statement table. */
static int nested_begin(struct writer *w)
{
	int rc;

	w->tei = host->format_find(w->ctx, "tei");
	w->text = host->format_find(w->ctx, "text");
	w->csv = host->format_find(w->ctx, "csv");
	if (w->tei == NULL || w->text == NULL || w->csv == NULL ||
	    w->tei->write_begin == NULL || w->text->write_begin == NULL ||
	    w->csv->write_begin == NULL)
		return host->report(w->ctx, CC_FATAL, 0, 0,
		                    "a bundle needs the tei, text and csv "
		                    "writers, and one of them is not loaded");
	rc = table_begin(w);
	return rc < CC_WARN ? rc : CC_OK;
}

int bundle_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct writer *w = host->malloc(sizeof *w);
	int rc;

	if (w == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	memset(w, 0, sizeof *w);
	w->ctx = ctx;
	w->out = out;
	rc = bagging_date(w);
	if (rc == CC_OK)
		rc = manifest_algos(w);
	if (rc == CC_OK)
		rc = bag_top(w);
	if (rc == CC_OK)
		rc = nested_begin(w);
	if (rc == CC_OK)
		rc = zip_open(w);
	if (rc == CC_OK)
		rc = zip_add(w, "bagit.txt", bagit_txt, sizeof bagit_txt - 1,
		             ENTRY_TAG);
	if (rc != CC_OK) {
		writer_free(w);
		return rc;
	}
	*state = w;
	return CC_OK;
}

/* ---- write_doc ------------------------------------------------------ */

/* A stem for the document's tei and text files: its id made safe, with
 * "-2", "-3" ... when another document took it.  Caller frees. */
static char *unique_stem(struct writer *w, const cc_doc *doc)
{
	char *id = safe_file_name(host->doc_id(doc), "doc");
	struct bundle_buf b = { 0 };
	int rc = -1;

	for (unsigned long i = 1; id != NULL; i++) {
		b.len = 0;
		if (bundle_buf_puts(&b, id) != CC_OK ||
		    (i > 1 && bundle_buf_printf(&b, "-%lu", i) != CC_OK))
			break;
		rc = bundle_map_put(&w->stems, b.p, 0);
		if (rc != 0)
			break;
	}
	host->free(id);
	if (rc == 1)
		return b.p;
	bundle_buf_free(&b);
	return NULL;
}

/* Notes in corpusconv-mtimes.txt the modification time of the
 * document's original, stored at bag path `path`, when the host knows
 * it: "YYYY-MM-DDTHH:MM:SSZ PATH", PATH encoded as in manifests. */
static int note_mtime(struct writer *w, const cc_doc *doc, const char *path)
{
	long long t;
	time_t tt;
	struct tm tm;
	char when[32];

	if (!CC_HOST_HAS(host, original_mtime) || host->original_mtime == NULL ||
	    host->original_mtime(doc, &t) != 0)
		return CC_OK;
	tt = (time_t)t;
	if ((long long)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return CC_OK; /* a time no calendar date can say: none */
	if (bundle_buf_printf(&w->mtimes, "%s ", when) != CC_OK ||
	    bundle_path_encode(&w->mtimes, path) != CC_OK ||
	    bundle_buf_puts(&w->mtimes, "\n") != CC_OK)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	return CC_OK;
}

/* Finds or writes the document's original; *path borrows its bag path,
 * NULL when the document has none. */
static int add_original(struct writer *w, const cc_doc *doc,
                        const char **path)
{
	struct bundle_buf key = { 0 };
	const unsigned char *data;
	const char *name;
	char hex[BUNDLE_HEX_MAX], *file, *p = NULL;
	struct original *o;
	unsigned long long serial;
	size_t len, *at;
	int put, rc;

	*path = NULL;
	if (host->original_get(doc, &name, &data, &len) != 0)
		return CC_OK;
	if (name == NULL)
		name = "original";
	/* The documents of one input share its bytes: digest them once, not
	 * once per document (quadratic for a table of many documents). */
	serial = CC_HOST_HAS(host, original_serial) && host->original_serial
	         ? host->original_serial(doc) : 0;
	if (serial != 0 && serial == w->last_serial) {
		memcpy(hex, w->last_hex, sizeof hex);
	} else {
		bundle_digest(BUNDLE_SHA256, data, len, hex);
		w->last_serial = serial;
		memcpy(w->last_hex, hex, sizeof hex);
	}
	if (bundle_buf_printf(&key, "%s %s", hex, name) != CC_OK)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	at = bundle_map_get(&w->known, key.p);
	put = at ? 0 : bundle_map_put(&w->known, key.p, w->norig);
	bundle_buf_free(&key);
	if (at != NULL) {
		*path = w->orig[*at].path;
		return CC_OK;
	}
	if (put < 0)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	if (w->norig == w->corig) {
		size_t cap = w->corig ? 2 * w->corig : 8;
		o = host->realloc(w->orig, cap * sizeof *o);
		if (o == NULL)
			return host->report(w->ctx, CC_FATAL, 0, 0,
			                    "out of memory");
		w->orig = o;
		w->corig = cap;
	}
	/* The original keeps its path under the input argument
	 * ("2023/article.txt").  Two different originals of one path: the
	 * later ones go into numbered folders, so every original keeps its
	 * own name. */
	file = safe_rel_path(name, "original");
	for (unsigned long i = 1; file != NULL; i++) {
		struct bundle_buf b = { 0 };

		if ((i == 1 ? bundle_buf_puts(&b, "data/original/")
		            : bundle_buf_printf(&b, "data/original/%lu/", i)) !=
		        CC_OK ||
		    bundle_buf_puts(&b, file) != CC_OK) {
			bundle_buf_free(&b);
			break;
		}
		put = bundle_map_put(&w->originals, b.p, 0);
		if (put == 1)
			p = b.p;
		else
			bundle_buf_free(&b);
		if (put != 0)
			break; /* taken (p set), or out of memory (p NULL) */
	}
	host->free(file);
	if (p == NULL)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	w->orig[w->norig++].path = p;
	*path = p;
	rc = zip_add(w, p, data, len, ENTRY_PAYLOAD);
	return rc == CC_OK ? note_mtime(w, doc, p) : rc;
}

/* The worse of two codes on the ladder. */
static int worse(int a, int b)
{
	return a < b ? a : b;
}

/* Writes the document's entries: original, tei, text; and records in
 * corpusconv.txt which original it came from. */
static int add_entries(struct writer *w, const char *stem, cc_out *tei,
                       cc_out *text, const cc_doc *doc)
{
	struct bundle_buf path = { 0 };
	const unsigned char *data;
	const char *orig;
	size_t len;
	int rc;

	/* corpusconv.txt: every document in order, with its original. */
	rc = add_original(w, doc, &orig);
	if (rc == CC_OK &&
	    (bundle_buf_puts(&w->map, stem) != CC_OK ||
	     (orig != NULL && (bundle_buf_puts(&w->map, " ") != CC_OK ||
	                       bundle_path_encode(&w->map, orig) != CC_OK)) ||
	     bundle_buf_puts(&w->map, "\n") != CC_OK))
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	if (rc == CC_OK) {
		data = host->out_mem_data(tei, &len);
		rc = bundle_buf_printf(&path, "data/tei/%s.xml", stem);
		if (rc == CC_OK)
			rc = zip_add(w, path.p, data, len, ENTRY_PAYLOAD);
	}
	if (rc == CC_OK) {
		data = host->out_mem_data(text, &len);
		path.len = 0;
		rc = bundle_buf_printf(&path, "data/text/%s.txt", stem);
		if (rc == CC_OK)
			rc = zip_add(w, path.p, data, len, ENTRY_PAYLOAD);
	}
	bundle_buf_free(&path);
	return rc;
}

/* The metadata prefix of the fields of a bag's bag-info.txt that the
 * bundle reader gives its documents (read.c). */
#define CARRIED_PREFIX "bag-info:"

/* Notes the document's bag-info fields (from the bag it was read from),
 * each "Label: Value" once, in the order first seen, for bag-info.txt. */
static int carry_bag_info(struct writer *w, const cc_doc *doc)
{
	const size_t plen = strlen(CARRIED_PREFIX);
	struct bundle_buf line = { 0 };
	int rc = CC_OK;

	for (size_t i = 0; i < host->meta_count(doc) && rc == CC_OK; i++) {
		const char *key, *value;
		int put;

		if (host->meta_get(doc, i, &key, &value) != 0 ||
		    strncmp(key, CARRIED_PREFIX, plen) != 0 || key[plen] == '\0' ||
		    strpbrk(key + plen, ":\r\n") != NULL ||
		    strpbrk(value, "\r\n") != NULL ||
		    bundle_info_own(key + plen, strlen(key + plen)))
			continue;
		line.len = 0;
		if (bundle_buf_printf(&line, "%s: %s\n", key + plen, value) != CC_OK ||
		    (put = bundle_map_put(&w->carried_seen, line.p, 0)) < 0 ||
		    (put == 1 && bundle_buf_puts(&w->carried, line.p) != CC_OK))
			rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	}
	bundle_buf_free(&line);
	return rc;
}

int bundle_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	cc_out *tei = NULL, *text = NULL, *csv = NULL;
	char *stem;
	int rc, worst;

	if (w->broken)
		return host->report(ctx, CC_FATAL, 0, 0, "the bundle cannot "
		                    "be written after an earlier failure");
	stem = unique_stem(w, doc);
	if (stem == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	/* Render first: a document a nested writer refuses leaves no trace
	 * in the bag. */
	rc = worst = render(w, w->tei, doc, "tei.xml", &tei);
	if (rc >= CC_WARN)
		worst = worse(worst, rc = render(w, w->text, doc, "text.txt",
		                                 &text));
	if (rc >= CC_WARN)
		worst = worse(worst, rc = render(w, w->csv, doc,
		                                 "statements.csv", &csv));
	if (rc >= CC_WARN)
		rc = table_add(w, doc, csv);
	if (rc >= CC_WARN)
		rc = add_entries(w, stem, tei, text, doc);
	if (rc >= CC_WARN)
		rc = carry_bag_info(w, doc);
	host->out_free(tei);
	host->out_free(text);
	host->out_free(csv);
	host->free(stem);
	return rc == CC_OK ? worst : rc;
}

/* ---- write_end ------------------------------------------------------ */

/* True when one of the --bag-info lines in extra has label[0..n). */
static int user_label(const char *extra, const char *label, size_t n)
{
	while (extra != NULL && *extra) {
		size_t len = strcspn(extra, "\r\n");
		const char *colon = memchr(extra, ':', len);

		if (colon != NULL && (size_t)(colon - extra) == n &&
		    strncasecmp(extra, label, n) == 0)
			return 1;
		extra += len;
		extra += strspn(extra, "\r\n");
	}
	return 0;
}

/* Appends the bag-info lines carried from the documents' bags, but those
 * whose label a --bag-info line gives: the user's word wins. */
static int carried_lines(struct writer *w, struct bundle_buf *b,
                         const char *extra)
{
	const char *p = w->carried.p;

	while (p != NULL && *p) {
		size_t n = strcspn(p, "\n");
		const char *colon = memchr(p, ':', n);

		if (colon != NULL && !user_label(extra, p, (size_t)(colon - p)) &&
		    (bundle_buf_add(b, p, n) != CC_OK ||
		     bundle_buf_puts(b, "\n") != CC_OK))
			return CC_FATAL;
		p += n + (p[n] == '\n');
	}
	return CC_OK;
}

static int bag_info(struct writer *w, struct bundle_buf *b)
{
	const char *extra = host->option(w->ctx, "bag-info");

	if (bundle_buf_printf(b, "Bag-Software-Agent: corpusconv %s\n"
	                         "Bagging-Date: %s\n"
	                         "Payload-Oxum: %llu.%llu\n",
	                      host->version, w->date, w->oxum_bytes,
	                      w->oxum_files) != CC_OK ||
	    carried_lines(w, b, extra) != CC_OK)
		return CC_FATAL;
	while (extra != NULL && *extra) {
		size_t n = strcspn(extra, "\r\n");
		const char *colon = memchr(extra, ':', n);

		if (n > 0 && (colon == NULL || colon == extra ||
		              extra[0] == ' ' || extra[0] == '\t'))
			return host->report(w->ctx, CC_FATAL, 0, 0,
			                    "bag-info line \"%.*s\" is not "
			                    "\"Label: Value\"",
			                    (int)n, extra);
		if (n > 0 && (bundle_buf_add(b, extra, n) != CC_OK ||
		              bundle_buf_puts(b, "\n") != CC_OK))
			return CC_FATAL;
		extra += n;
		extra += strspn(extra, "\r\n");
	}
	return CC_OK;
}

/* Writes statements.csv and the tag files, then closes the zip. */
static int finish(struct writer *w)
{
	struct bundle_buf info = { 0 }, name = { 0 };
	int rc;

	rc = table_write(w);
	if (rc == CC_OK)
		rc = bag_info(w, &info);
	if (rc == CC_OK)
		rc = zip_add(w, "bag-info.txt", info.p, info.len, ENTRY_TAG);
	if (rc == CC_OK)
		rc = zip_add(w, "corpusconv.txt", w->map.p ? w->map.p : "",
		             w->map.len, ENTRY_TAG);
	if (rc == CC_OK)
		rc = zip_add(w, "corpusconv-mtimes.txt",
		             w->mtimes.p ? w->mtimes.p : "", w->mtimes.len,
		             ENTRY_TAG);
	for (size_t i = 0; i < w->nalgo && rc == CC_OK; i++) {
		name.len = 0;
		rc = bundle_buf_printf(&name, "manifest-%s.txt",
		                       bundle_algo_name(w->algo[i]));
		if (rc == CC_OK)
			rc = zip_add(w, name.p, w->manifest[i].p,
			             w->manifest[i].len, ENTRY_TAG);
	}
	for (size_t i = 0; i < w->nalgo && rc == CC_OK; i++) {
		name.len = 0;
		rc = bundle_buf_printf(&name, "tagmanifest-%s.txt",
		                       bundle_algo_name(w->algo[i]));
		/* A tag manifest lists the tag files, not itself. */
		if (rc == CC_OK)
			rc = zip_add(w, name.p, w->tagmanifest[i].p,
			             w->tagmanifest[i].len, ENTRY_UNLISTED);
	}
	if (rc == CC_OK && archive_write_close(w->zip) != ARCHIVE_OK)
		rc = zip_error(w, "cannot finish the zip");
	bundle_buf_free(&info);
	bundle_buf_free(&name);
	return rc;
}

int bundle_write_end(cc_ctx *ctx, void *state, int abort)
{
	struct writer *w = state;
	int rc = CC_OK;

	if (!abort && w->broken)
		rc = host->report(ctx, CC_FATAL, 0, 0, "the bundle is not "
		                  "finished: an earlier write failed");
	else if (!abort)
		rc = finish(w);
	writer_free(w);
	return rc;
}
