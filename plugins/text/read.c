/*
 * read.c: reads one raw UTF-8 news text as one document.
 *
 * Converts UTF-16 and legacy encodings to UTF-8 first (encoding.c),
 * checks the bytes (UTF-8, no NUL), drops a BOM, turns CRLF and CR into
 * LF, cuts paragraphs (split.c), infers the article's structure
 * (infer.c) and hands the document to the host.
 *
 * It must never accept bytes that are not UTF-8 (the message gives the
 * byte offset, line and column), never print, and never emit a document it
 * did not finish.
 */
#include <stdint.h>
#include <string.h>

#include "text.h"

/* Length of the UTF-8 sequence at s[i] when it is well formed (no
 * overlong forms, no surrogates, nothing above U+10FFFF), else 0. */
static size_t utf8_len(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return i + 1 < n && (s[i + 1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : 0xBF;

		if (i + 2 >= n || s[i + 1] < lo || s[i + 1] > hi ||
		    (s[i + 2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;

		if (i + 3 >= n || s[i + 1] < lo || s[i + 1] > hi ||
		    (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* Offset of the first byte in data[from..n) that is a NUL or breaks
 * UTF-8, or n when there is none. */
static size_t first_fault(const unsigned char *data, size_t from, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = from, len;

	while (i < n) {
		uint64_t w;

		/* Eight ASCII bytes, none of them NUL, at a time: most of an
		 * English text. */
		if (n - i >= 8) {
			memcpy(&w, data + i, 8);
			if (((w | ((w - ones) & ~w)) & highs) == 0) {
				i += 8;
				continue;
			}
		}
		if (data[i] == '\0' || (len = utf8_len(data, i, n)) == 0)
			return i;
		i += len;
	}
	return n;
}

/* Line and column (in characters, both from 1) of byte `at` of the
 * checked text data[from..at). */
static void position_of(const unsigned char *data, size_t from, size_t at,
                        long *line, long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = from; i < at; i++) {
		if (data[i] == '\n' ||
		    (data[i] == '\r' && !(i + 1 < at && data[i + 1] == '\n'))) {
			(*line)++;
			*col = 1;
		} else if (data[i] != '\r' && (data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * Reports the first fault of data[from..n), at `at` (first_fault's
 * answer; n when there is none), with its byte offset in the input, line
 * and column (in characters, both from 1).  Returns CC_OK or CC_FAILED.
 */
static int check_bytes(cc_ctx *ctx, const unsigned char *data, size_t from,
                       size_t at, size_t n)
{
	long line, col;

	if (at == n)
		return CC_OK;
	position_of(data, from, at, &line, &col);
	if (data[at] == '\0')
		return text_host->report(ctx, CC_FAILED, line, col,
		                         "NUL byte at byte offset %zu: not a text file",
		                         at);
	return text_host->report(ctx, CC_FAILED, line, col,
	                         "invalid UTF-8 (byte 0x%02X) at byte offset %zu",
	                         data[at], at);
}

/* Copies data[from..n) into a host buffer with CRLF and CR made LF.  The
 * caller frees *out with text_host->free. */
static int normalise_lines(cc_ctx *ctx, const unsigned char *data, size_t from,
                           size_t n, char **out, size_t *out_len)
{
	char *buf = text_host->malloc(n - from + 1);
	size_t i, k = 0;

	if (!buf)
		return text_host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	/* The runs between CRs are copied whole (memchr, memcpy): most
	 * texts have no CR at all, and a byte loop was a tenth of the
	 * reader's time on a large file. */
	for (i = from; i < n;) {
		const unsigned char *cr = memchr(data + i, '\r', n - i);
		size_t run = (cr ? (size_t)(cr - data) : n) - i;

		memcpy(buf + k, data + i, run);
		k += run;
		i += run;
		if (i < n) { /* a CR, or a CR LF: one LF */
			buf[k++] = '\n';
			i++;
			if (i < n && data[i] == '\n')
				i++;
		}
	}
	buf[k] = '\0';
	*out = buf;
	*out_len = k;
	return CC_OK;
}

/* Sets the inferred metadata on doc.  Returns CC_OK or CC_FATAL. */
static int put_meta(cc_ctx *ctx, cc_doc *doc, const struct text_meta *m)
{
	size_t k;
	int bad = 0;

	if (m->title)
		bad |= text_host->meta_set(doc, "title", m->title) != CC_OK;
	if (m->subtitle)
		bad |= text_host->meta_set(doc, "subtitle", m->subtitle) != CC_OK;
	if (m->date)
		bad |= text_host->meta_set(doc, "date", m->date) != CC_OK;
	for (k = 0; k < m->n_author; k++)
		bad |= text_host->meta_add(doc, "author", m->author[k]) != CC_OK;
	if (bad)
		return text_host->report(ctx, CC_FATAL, 0, 0,
		                         "cannot set the document's metadata");
	return CC_OK;
}

/* Builds the document from the paragraphs into *out (the caller emits or
 * frees it), dropping each segment of paragraphs once they are blocks.
 * Returns CC_OK or CC_FATAL. */
static int build(cc_ctx *ctx, struct text_paras *paras,
                 const struct text_meta *m, cc_doc **out)
{
	cc_doc *doc = text_host->doc_new(ctx, NULL);
	size_t i;
	int rc;

	*out = NULL;
	if (!doc)
		return text_host->report(ctx, CC_FATAL, 0, 0,
		                         "cannot create a document");
	rc = put_meta(ctx, doc, m);
	if (rc != CC_OK)
		goto out_free_doc;
	for (i = 0; i < paras->n; i++) {
		const struct text_para *v = text_para_at(paras, i);

		if (text_host->block_add(doc, v->kind, text_para_text(paras, i),
		                         v->len) < 0) {
			rc = text_host->report(ctx, CC_FATAL, v->line, 0,
			                       "cannot add a block");
			goto out_free_doc;
		}
		text_paras_drop(paras, i);
	}
	*out = doc;
	return CC_OK;
out_free_doc:
	text_host->doc_free(doc);
	return rc;
}

/* --set date-order=dmy|mdy: which way round 04/03/2025 is.  Returns
 * CC_OK with *order set, or CC_FATAL for a value that is neither. */
static int date_order(cc_ctx *ctx, int *order)
{
	const char *v = text_host->option(ctx, "date-order");

	*order = TEXT_ORDER_NONE;
	if (v == NULL)
		return CC_OK;
	if (strcmp(v, "dmy") == 0)
		*order = TEXT_ORDER_DMY;
	else if (strcmp(v, "mdy") == 0)
		*order = TEXT_ORDER_MDY;
	else
		return text_host->report(ctx, CC_FATAL, 0, 0,
		                         "--set date-order=%s: not dmy or mdy", v);
	return CC_OK;
}

/* The warning for a date left empty because its day and month could be
 * either way round; names the paragraph's line and text. */
static int report_ambiguous(cc_ctx *ctx, const struct text_paras *p, long i)
{
	const char *s = text_para_text(p, (size_t)i);
	size_t n = text_para_at(p, i)->len;

	if (n > 120) { /* a long paragraph is named by its start, whole characters */
		n = 120;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return text_host->report(ctx, CC_WARN, text_para_at(p, i)->line, 0,
	                         "date left empty: in \"%.*s\" the day and the month "
	                         "could be either way round (--set date-order=dmy or "
	                         "mdy says which)",
	                         (int)n, s);
}

int text_read(cc_ctx *ctx, cc_in *in)
{
	size_t n, from = 0, len = 0, at;
	const unsigned char *data = text_host->in_data(in, &n);
	struct text_paras paras;
	struct text_meta meta;
	const char *text;
	char *copy = NULL; /* the text with CR made LF, when it had any */
	char *decoded = NULL; /* the text made UTF-8, when it was not */
	cc_doc *doc = NULL;
	int rc, order;

	if (!data)
		return text_host->report(ctx, CC_FAILED, 0, 0, "no input data");
	rc = date_order(ctx, &order);
	if (rc != CC_OK)
		return rc;
	if (n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		from = 3;
	at = first_fault(data, from, n);
	/* Not UTF-8 (UTF-16's byte-order mark is not either), or an
	 * encoding named: encoding.c converts what it can. */
	if (at != n || text_host->option(ctx, "text-encoding") != NULL) {
		rc = text_decode(ctx, data, n, at == n, &decoded, &len);
		if (rc != CC_OK)
			return rc;
		if (decoded) {
			data = (const unsigned char *)decoded; /* NUL-terminated too */
			n = len;
			from = n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
			at = first_fault(data, from, n);
		}
	}
	rc = check_bytes(ctx, data, from, at, n);
	if (rc != CC_OK)
		goto out_free_text;
	if (memchr(data + from, '\r', n - from) == NULL) {
		text = (const char *)data + from; /* NUL-terminated */
		len = n - from;
	} else {
		rc = normalise_lines(ctx, data, from, n, &copy, &len);
		if (rc != CC_OK)
			goto out_free_text;
		text = copy;
	}
	if (text_split(text, len, &paras) < 0) {
		rc = text_host->report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_free_text;
	}
	if (text_infer(&paras, order, &meta) < 0) {
		rc = text_host->report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_free_paras;
	}
	if (meta.ambiguous_date >= 0)
		report_ambiguous(ctx, &paras, meta.ambiguous_date);
	rc = build(ctx, &paras, &meta, &doc);
	text_meta_free(&meta);
out_free_paras:
	text_paras_free(&paras);
out_free_text:
	text_host->free(copy);
	text_host->free(decoded);
	/* Emitted once the paragraphs are gone: the host converts and writes
	 * the document inside emit, and a large text should not be held
	 * twice meanwhile.  emit takes the document, whatever it returns. */
	return doc ? text_host->emit(ctx, doc) : rc;
}
