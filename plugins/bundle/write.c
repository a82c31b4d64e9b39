/*
 * write.c: writes one zipped BagIt 1.0 bag (RFC 8493) per output:
 *
 *   NAME/bagit.txt                  first, so a probe sees it
 *   NAME/data/original/FILE         each distinct original, once
 *   NAME/data/tei/STEM.xml          per document, by the tei format
 *   NAME/data/text/STEM.txt         per document, by the text format
 *   NAME/data/statements.csv        all documents, by the csv format
 *   NAME/bag-info.txt  NAME/corpusconv.txt
 *   NAME/manifest-ALGO.txt  NAME/tagmanifest-ALGO.txt
 *
 * (formats/bundle/README.md is the contract.)  Entries stream out as each
 * document comes; only manifest lines, the original index and the csv
 * writer's table stay in memory.
 *
 * It must never make the zip depend on anything but the documents and the
 * options: no clock beyond the bagging date, no time zone, no uid/gid or
 * user names, no host file system; and never write a digest it did not
 * compute with hash.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle.h"

#define host bundle_host

#define MAX_ALGOS 2 /* sha256, and sha512 when asked for */

/* An original already in the bag, to write each one once. */
struct original {
	char *path;               /* "data/original/NAME" */
};

struct writer {
	cc_ctx *ctx;
	cc_out *out;              /* borrowed from the host */
	struct archive *zip;
	int discard;              /* aborting: drop what libarchive writes */
	int out_failed;
	char *top;                /* "NAME/" */
	char date[11];            /* Bagging-Date, YYYY-MM-DD */
	int algo[MAX_ALGOS];
	size_t nalgo;
	struct bundle_buf manifest[MAX_ALGOS];
	struct bundle_buf tagmanifest[MAX_ALGOS];
	struct bundle_buf map;    /* corpusconv.txt */
	unsigned long long oxum_bytes, oxum_files;
	struct original *orig;
	size_t norig, corig;
	struct bundle_map stems;  /* tei/text file stems taken */
	struct bundle_map originals; /* data/original/ paths taken */
	struct bundle_map known;  /* "SHA256 NAME" of an original -> index */
	const struct cc_format *tei, *text, *csv; /* NULL when not loaded */
	cc_out *csv_out;
	void *csv_state;          /* live between csv begin and end */
};

/* ---- the zip stream ------------------------------------------------- */

static la_ssize_t zip_out(struct archive *a, void *user, const void *buf,
                          size_t len)
{
	struct writer *w = user;

	if (w->discard)
		return (la_ssize_t)len;
	if (host->out_write(w->out, buf, len) != CC_OK) {
		w->out_failed = 1;
		archive_set_error(a, EIO, "cannot write the output");
		return -1;
	}
	return (la_ssize_t)len;
}

static int zip_error(struct writer *w, const char *what)
{
	return host->report(w->ctx, CC_FATAL, 0, 0, "%s: %s", what,
	                    w->out_failed ? "cannot write the output"
	                                  : archive_error_string(w->zip));
}

/* Where zip_add records an entry's digests. */
enum entry_kind {
	ENTRY_PAYLOAD, /* manifest-ALGO.txt */
	ENTRY_TAG,     /* tagmanifest-ALGO.txt */
	ENTRY_UNLISTED /* nowhere: the tag manifests themselves */
};

/* Writes one regular file entry TOP/rel and records its digests. */
static int zip_add(struct writer *w, const char *rel, const void *data,
                   size_t len, enum entry_kind kind)
{
	struct bundle_buf full = { 0 };
	struct archive_entry *e;
	const char *p = data;
	int rc = CC_FATAL;

	if (bundle_buf_puts(&full, w->top) != CC_OK ||
	    bundle_buf_puts(&full, rel) != CC_OK ||
	    (e = archive_entry_new()) == NULL) {
		rc = host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_free_name;
	}
	archive_entry_set_pathname_utf8(e, full.p);
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
	if (archive_write_header(w->zip, e) != ARCHIVE_OK) {
		rc = zip_error(w, full.p);
		goto out_free_entry;
	}
	while (len > 0) {
		la_ssize_t n = archive_write_data(w->zip, p, len);
		if (n <= 0) {
			rc = zip_error(w, full.p);
			goto out_free_entry;
		}
		p += n;
		len -= (size_t)n;
	}
	if (archive_write_finish_entry(w->zip) != ARCHIVE_OK) {
		rc = zip_error(w, full.p);
		goto out_free_entry;
	}
	len = (size_t)(p - (const char *)data);
	for (size_t i = 0; i < w->nalgo && kind != ENTRY_UNLISTED; i++) {
		struct bundle_buf *m = kind == ENTRY_PAYLOAD ? &w->manifest[i]
		                                             : &w->tagmanifest[i];
		char hex[BUNDLE_HEX_MAX];

		bundle_digest(w->algo[i], data, len, hex);
		if (bundle_buf_printf(m, "%s  ", hex) != CC_OK ||
		    bundle_path_encode(m, rel) != CC_OK ||
		    bundle_buf_puts(m, "\n") != CC_OK) {
			rc = host->report(w->ctx, CC_FATAL, 0, 0,
			                  "out of memory");
			goto out_free_entry;
		}
	}
	if (kind == ENTRY_PAYLOAD) {
		w->oxum_bytes += len;
		w->oxum_files++;
	}
	rc = CC_OK;
out_free_entry:
	archive_entry_free(e);
out_free_name:
	bundle_buf_free(&full);
	return rc;
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

/* Sets w->date, the Bagging-Date: the option, or today in UTC. */
static int bagging_date(struct writer *w)
{
	const char *opt = host->option(w->ctx, "bagging-date");
	unsigned y, m, d;
	char tail;

	if (opt == NULL || opt[0] == '\0') {
		time_t now = time(NULL);
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

/* Reads option "manifest": sha256 always, sha512 when named. */
static int manifest_algos(struct writer *w)
{
	const char *opt = host->option(w->ctx, "manifest");

	w->algo[w->nalgo++] = BUNDLE_SHA256;
	while (opt != NULL && *opt) {
		size_t n = strcspn(opt, ", ");
		int a = bundle_algo_parse(opt, n);

		if (a == BUNDLE_SHA512 && w->nalgo == 1)
			w->algo[w->nalgo++] = BUNDLE_SHA512;
		else if (a != BUNDLE_SHA256 && a != BUNDLE_SHA512 && n > 0)
			return host->report(w->ctx, CC_FATAL, 0, 0,
			                    "manifest algorithm \"%.*s\" is not "
			                    "supported (sha256, sha512 are)",
			                    (int)n, opt);
		opt += n;
		opt += strspn(opt, ", ");
	}
	return CC_OK;
}

/* ---- nested writers ------------------------------------------------- */

/* Writes doc with fmt into a new memory output named name; *mem gets it
 * (the caller frees it with host->out_free). */
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

/* ---- write_begin ---------------------------------------------------- */

static void writer_free(struct writer *w)
{
	if (w->zip != NULL) {
		w->discard = 1;
		archive_write_free(w->zip);
	}
	if (w->csv_state != NULL)
		w->csv->write_end(w->ctx, w->csv_state, 1);
	host->out_free(w->csv_out);
	for (size_t i = 0; i < w->norig; i++)
		host->free(w->orig[i].path);
	host->free(w->orig);
	for (size_t i = 0; i < MAX_ALGOS; i++) {
		bundle_buf_free(&w->manifest[i]);
		bundle_buf_free(&w->tagmanifest[i]);
	}
	bundle_buf_free(&w->map);
	bundle_map_free(&w->stems);
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
	w->csv_out = host->out_mem_new("statements.csv");
	if (w->csv_out == NULL)
		return host->report(w->ctx, CC_FATAL, 0, 0, "out of memory");
	rc = w->csv->write_begin(w->ctx, w->csv_out, &w->csv_state);
	if (rc < CC_WARN)
		w->csv_state = NULL;
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

/* Finds or writes the document's original; *path borrows its bag path,
 * NULL when the document has none. */
static int add_original(struct writer *w, const cc_doc *doc,
                        const char **path)
{
	struct bundle_buf key = { 0 };
	const unsigned char *data;
	const char *name, *slash;
	char hex[BUNDLE_HEX_MAX], *file, *p = NULL;
	struct original *o;
	size_t len, *at;
	int put;

	*path = NULL;
	if (host->original_get(doc, &name, &data, &len) != 0)
		return CC_OK;
	if (name == NULL)
		name = "original";
	bundle_digest(BUNDLE_SHA256, data, len, hex);
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
	/* Two different originals of one name: the later ones go into
	 * numbered folders, so every original keeps its own file name. */
	slash = strrchr(name, '/');
	file = safe_file_name(slash ? slash + 1 : name, "original");
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
	return zip_add(w, p, data, len, ENTRY_PAYLOAD);
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

	rc = add_original(w, doc, &orig);
	if (rc == CC_OK && orig != NULL &&
	    (bundle_buf_printf(&w->map, "%s ", stem) != CC_OK ||
	     bundle_path_encode(&w->map, orig) != CC_OK ||
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

int bundle_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	cc_out *tei = NULL, *text = NULL;
	char *stem = unique_stem(w, doc);
	int rc, worst;

	if (stem == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	/* Render first: a document a nested writer refuses leaves no trace
	 * in the bag. */
	rc = worst = render(w, w->tei, doc, "tei.xml", &tei);
	if (rc >= CC_WARN)
		worst = worse(worst, rc = render(w, w->text, doc, "text.txt",
		                                 &text));
	if (rc >= CC_WARN)
		worst = worse(worst, rc = w->csv->write_doc(ctx, w->csv_state,
		                                            doc));
	if (rc >= CC_WARN)
		rc = add_entries(w, stem, tei, text, doc);
	host->out_free(tei);
	host->out_free(text);
	host->free(stem);
	return rc == CC_OK ? worst : rc;
}

/* ---- write_end ------------------------------------------------------ */

static int bag_info(struct writer *w, struct bundle_buf *b)
{
	const char *extra = host->option(w->ctx, "bag-info");

	if (bundle_buf_printf(b, "Bag-Software-Agent: corpusconv %s\n"
	                         "Bagging-Date: %s\n"
	                         "Payload-Oxum: %llu.%llu\n",
	                      host->version, w->date, w->oxum_bytes,
	                      w->oxum_files) != CC_OK)
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
	const unsigned char *data;
	size_t len;
	int rc;

	rc = w->csv->write_end(w->ctx, w->csv_state, 0);
	w->csv_state = NULL;
	if (rc < CC_WARN)
		return rc;
	data = host->out_mem_data(w->csv_out, &len);
	rc = zip_add(w, "data/statements.csv", data, len, ENTRY_PAYLOAD);
	if (rc == CC_OK)
		rc = bag_info(w, &info);
	if (rc == CC_OK)
		rc = zip_add(w, "bag-info.txt", info.p, info.len, ENTRY_TAG);
	if (rc == CC_OK)
		rc = zip_add(w, "corpusconv.txt", w->map.p ? w->map.p : "",
		             w->map.len, ENTRY_TAG);
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

	if (!abort)
		rc = finish(w);
	writer_free(w);
	return rc;
}
