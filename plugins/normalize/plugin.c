/*
 * plugin.c: the normalize filter.  Puts a document's text in one Unicode
 * normalisation form (NFC by default, through ICU) and its quotation
 * marks in one spelling (typographic and national marks become ASCII " and
 * '), so that text from different sources compares and searches alike.
 *
 * Statements keep their anchors: each block is normalised in pieces cut at
 * every anchored statement's start and end, so the new offsets of those
 * cuts are known, and each statement's quote and cue are normalised the
 * same way.  A statement whose anchor does not fall on characters of its
 * block (a table read without its text) keeps its offsets as they were.
 * Speakers, persons and roles are names as written and are left alone.
 *
 * No global mutable state: ICU's normalizer instances are its own, shared
 * and immutable.
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */

#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "corpusconv-plugin.h"

static const struct cc_host *host;

/* How one run normalises: the normalizer (NULL: none) and the quotes. */
struct norm {
	const UNormalizer2 *form;
	int quotes;
};

/* The ASCII spelling of a quotation mark, or 0 for any other unit. */
static UChar
ascii_quote(UChar c)
{
	switch (c) {
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: /* “ ” „ ‟ */
	case 0x00AB: case 0x00BB: case 0x2033: case 0x301D: /* « » ″ 〝 */
	case 0x301E: case 0xFF02:                           /* 〞 ＂ */
		return '"';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: /* ‘ ’ ‚ ‛ */
	case 0x2032: case 0x2039: case 0x203A: case 0xFF07: /* ′ ‹ › ＇ */
		return '\'';
	default:
		return 0;
	}
}

/*
 * Appends the normalised form of s[0..len) to *out (host-allocated, *outlen
 * bytes so far; the caller frees it with host->free).  0, or -1 when ICU
 * or memory failed.
 */
static int
normalise_append(const struct norm *n, const char *s, size_t len, char **out, size_t *outlen)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u = NULL, *v = NULL;
	int32_t ulen = 0, vlen, olen = 0;
	char *grown;
	int rc = -1;

	if (len == 0)
		return 0;
	if (len > INT32_MAX / 2)
		return -1;
	u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return -1;
	err = U_ZERO_ERROR;
	if ((u = malloc(((size_t)ulen + 1) * sizeof(*u))) == NULL)
		return -1;
	u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &err);
	if (U_FAILURE(err))
		goto out_free;
	vlen = ulen;
	if (n->form != NULL) {
		/* NFC never grows a string more than threefold; NFKC may, and
		 * then ICU says how much room it wants. */
		vlen = unorm2_normalize(n->form, u, ulen, NULL, 0, &err);
		if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
			goto out_free;
		err = U_ZERO_ERROR;
		if ((v = malloc(((size_t)vlen + 1) * sizeof(*v))) == NULL)
			goto out_free;
		unorm2_normalize(n->form, u, ulen, v, vlen + 1, &err);
		if (U_FAILURE(err))
			goto out_free;
		free(u);
		u = v;
		v = NULL;
	}
	for (int32_t i = 0; n->quotes && i < vlen; i++)
		if (ascii_quote(u[i]))
			u[i] = ascii_quote(u[i]);
	u_strToUTF8(NULL, 0, &olen, u, vlen, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto out_free;
	err = U_ZERO_ERROR;
	if ((grown = host->realloc(*out, *outlen + (size_t)olen + 1)) == NULL)
		goto out_free;
	*out = grown;
	u_strToUTF8(*out + *outlen, olen + 1, NULL, u, vlen, &err);
	if (U_FAILURE(err))
		goto out_free;
	*outlen += (size_t)olen;
	(*out)[*outlen] = '\0';
	rc = 0;
out_free:
	free(u);
	free(v);
	return rc;
}

/* A normalised copy of s (NULL stays NULL): *out, host-allocated.  0 or -1. */
static int
normalise_string(const struct norm *n, const char *s, char **out)
{
	size_t len = 0;

	*out = NULL;
	if (s == NULL)
		return 0;
	if ((*out = host->strdup("")) == NULL)
		return -1;
	if (normalise_append(n, s, strlen(s), out, &len) != 0) {
		host->free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Is offset `at` a place to cut text[0..len) (a character boundary)? */
static int
boundary(const char *text, size_t len, size_t at)
{
	return at == len || (at < len && ((unsigned char)text[at] & 0xC0) != 0x80);
}

/* Does statement s have an anchor this filter can carry over in block b
 * of len bytes? */
static int
carried(const struct cc_statement *s, long b, const char *text, size_t len)
{
	return s->block == b && s->start <= s->end && s->end <= len &&
	       boundary(text, len, s->start) && boundary(text, len, s->end);
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The new offset of old cut `at`: cuts[] sorted, moved[] their new places. */
static size_t
moved_to(const size_t *cuts, const size_t *moved, size_t ncuts, size_t at)
{
	const size_t *p = ncuts ? bsearch(&at, cuts, ncuts, sizeof(*cuts), size_cmp) : NULL;

	return p ? moved[p - cuts] : at;
}

/* Gives statement i, anchored in the block just renormalised, its new
 * offsets and normalised quote and cue.  CC_OK or a reported failure. */
static int
move_statement(cc_ctx *ctx, cc_doc *doc, const struct norm *n, size_t i,
               const size_t *cuts, const size_t *moved, size_t ncuts)
{
	struct cc_statement s;
	char *quote = NULL, *cue = NULL;
	int rc = CC_OK;

	host->statement_get(doc, i, &s);
	if (normalise_string(n, s.quote, &quote) != 0 || normalise_string(n, s.cue, &cue) != 0) {
		rc = host->report(ctx, CC_FAILED, 0, 0, "normalize: statement %s: cannot normalise",
		                  s.id);
		goto out_free;
	}
	s.start = moved_to(cuts, moved, ncuts, s.start);
	s.end = moved_to(cuts, moved, ncuts, s.end);
	s.quote = quote;
	s.cue = cue;
	if (host->statement_set(doc, i, &s) != 0)
		rc = host->report(ctx, CC_FAILED, 0, 0, "out of memory");
out_free:
	host->free(quote);
	host->free(cue);
	return rc;
}

/*
 * Normalises block b in pieces cut at its statements' anchors, then moves
 * those statements.  CC_OK or a reported failure.
 */
static int
normalise_block(cc_ctx *ctx, cc_doc *doc, const struct norm *n, long b)
{
	size_t nst = host->statement_count(doc), ncuts = 0, len, outlen = 0, at = 0;
	size_t *cuts = NULL, *moved = NULL;
	const char *text;
	char *out = NULL, *carry = NULL;
	struct cc_statement s;
	int rc = CC_FAILED;

	host->block_get(doc, (size_t)b, NULL, &text, &len);
	if ((cuts = host->malloc((2 * nst + 1) * sizeof(*cuts))) == NULL ||
	    (moved = host->malloc((2 * nst + 1) * sizeof(*moved))) == NULL ||
	    (carry = host->malloc(nst + 1)) == NULL || (out = host->strdup("")) == NULL)
		goto out_oom;
	for (size_t i = 0; i < nst; i++) {
		carry[i] = host->statement_get(doc, i, &s) == 0 && carried(&s, b, text, len);
		if (carry[i]) {
			cuts[ncuts++] = s.start;
			cuts[ncuts++] = s.end;
		}
	}
	cuts[ncuts++] = len;
	qsort(cuts, ncuts, sizeof(*cuts), size_cmp);
	for (size_t k = 0; k < ncuts; k++) {
		if (normalise_append(n, text + at, cuts[k] - at, &out, &outlen) != 0) {
			rc = host->report(ctx, CC_FAILED, 0, 0,
			                  "normalize: block %ld is not text ICU can normalise", b);
			goto out_free;
		}
		moved[k] = outlen;
		at = cuts[k];
	}
	if (outlen == len && memcmp(out, text, len) == 0) {
		rc = CC_OK; /* nothing to change */
		goto out_free;
	}
	if (host->block_set_text(doc, (size_t)b, out, outlen) != 0)
		goto out_oom;
	/* `text` is the old text, not to be read from here on. */
	rc = CC_OK;
	for (size_t i = 0; i < nst && rc == CC_OK; i++)
		if (carry[i])
			rc = move_statement(ctx, doc, n, i, cuts, moved, ncuts);
	goto out_free;
out_oom:
	rc = host->report(ctx, CC_FAILED, 0, 0, "out of memory");
out_free:
	host->free(cuts);
	host->free(moved);
	host->free(carry);
	host->free(out);
	return rc;
}

/*
 * Normalises every metadata value.  The host can only replace all values
 * of a key at once (meta_set), so when any value changes the whole list is
 * taken down and put back in its order, repeated keys (author) included.
 */
static int
normalise_meta(cc_ctx *ctx, cc_doc *doc, const struct norm *n)
{
	size_t count = host->meta_count(doc), i;
	char **keys, **values;
	const char *k, *v;
	int changed = 0, rc = CC_OK;

	keys = host->malloc((count + 1) * sizeof(*keys));
	values = host->malloc((count + 1) * sizeof(*values));
	if (keys == NULL || values == NULL) {
		host->free(keys);
		host->free(values);
		return host->report(ctx, CC_FAILED, 0, 0, "out of memory");
	}
	for (i = 0; i < count; i++) {
		keys[i] = values[i] = NULL;
		if (host->meta_get(doc, i, &k, &v) != 0 || (keys[i] = host->strdup(k)) == NULL ||
		    normalise_string(n, v, &values[i]) != 0) {
			rc = host->report(ctx, CC_FAILED, 0, 0, "normalize: metadata %s: cannot "
			                  "normalise", k ? k : "?");
			count = i + 1;
			goto out_free;
		}
		changed |= strcmp(values[i], v) != 0;
	}
	for (i = 0; changed && i < count; i++)
		host->meta_set(doc, keys[i], NULL);
	for (i = 0; changed && i < count; i++)
		if (host->meta_add(doc, keys[i], values[i]) != 0)
			rc = host->report(ctx, CC_FAILED, 0, 0, "out of memory");
out_free:
	for (i = 0; i < count; i++) {
		host->free(keys[i]);
		host->free(values[i]);
	}
	host->free(keys);
	host->free(values);
	return rc;
}

/* Reads the options (checked by the host: only declared values come). */
static void
norm_options(cc_ctx *ctx, struct norm *n)
{
	const char *form = host->option(ctx, "normalize-form");
	const char *quotes = host->option(ctx, "normalize-quotes");
	UErrorCode err = U_ZERO_ERROR;

	n->form = NULL;
	if (form == NULL || strcmp(form, "nfc") == 0)
		n->form = unorm2_getNFCInstance(&err);
	else if (strcmp(form, "nfkc") == 0)
		n->form = unorm2_getNFKCInstance(&err);
	if (U_FAILURE(err))
		n->form = NULL;
	n->quotes = quotes == NULL || strcmp(quotes, "0") != 0;
}

static int
normalize_apply(cc_ctx *ctx, cc_doc *doc)
{
	struct norm n;
	size_t nblocks = host->block_count(doc), nst;
	struct cc_statement s;
	int rc = CC_OK;

	norm_options(ctx, &n);
	for (size_t b = 0; b < nblocks && rc == CC_OK; b++)
		rc = normalise_block(ctx, doc, &n, (long)b);
	/* Statements anchored nowhere: their words only. */
	nst = host->statement_count(doc);
	for (size_t i = 0; i < nst && rc == CC_OK; i++)
		if (host->statement_get(doc, i, &s) == 0 && s.block < 0)
			rc = move_statement(ctx, doc, &n, i, NULL, NULL, 0);
	if (rc == CC_OK)
		rc = normalise_meta(ctx, doc, &n);
	return rc;
}

static const char *const forms[] = { "nfc", "nfkc", "none", NULL };

static const struct cc_option options[] = {
	{ "normalize-form", CC_OPTION_CHOICE, "nfc",
	  "Unicode normalisation form of the text (none: leave it)", forms, NULL, NULL },
	{ "normalize-quotes", CC_OPTION_BOOL, "1",
	  "spell quotation marks as ASCII \" and '", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_filter normalize_filter = {
	.name = "normalize",
	.description = "Unicode normalisation (NFC) and ASCII quotation marks of the text; "
	               "statement anchors follow",
	.flags = 0,
	.apply = normalize_apply,
	.size = sizeof(struct cc_filter),
	.options = options,
};

static const struct cc_filter *const filters[] = { &normalize_filter, NULL };

static const struct cc_plugin plugin = {
	CC_PLUGIN_HEADER,
	.name = "normalize",
	.version = PACKAGE_VERSION,
	.description = "text normalisation filter (ICU)",
	.formats = NULL,
	.filters = filters,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	/* It needs the 1.4 slots: block_set_text, statement_set. */
	if (h == NULL || h->abi_major != CC_ABI_MAJOR || !CC_HOST_HAS(h, statement_remove))
		return NULL;
	host = h;
	return &plugin;
}
