/*
 * encoding.c: text that is not UTF-8, converted to UTF-8 through ICU.
 *
 * UTF-16 with a byte-order mark always is; bytes that are not UTF-8 are
 * when an encoding is named (--set text-encoding=NAME), declared in the
 * text's first kilobyte ("charset=windows-1252", "coding: latin-1"), or
 * detected by ICU's charset detector (ucsdet) with confidence.  Each
 * conversion is a warning naming the encoding.  Anything else is left to
 * the reader's UTF-8 check and its clear error: bytes the named encoding
 * does not define, a text with NUL bytes, a detection ICU is unsure of
 * (short or mixed text: a stray byte in an English line scores 25 to 40)
 * and a text holding the start of a UTF-8 sequence (UTF-8 with a fault or
 * cut off, not a legacy text).
 *
 * No decoder is written here: ICU's converters do the work.  This file
 * must never print, and never accept a conversion ICU reported an error
 * in.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "text.h"

/* How far into the text a declaration is looked for, and how much of it
 * the detector reads. */
#define DECLARATION_SPAN 1024
#define DETECT_SPAN (64 * 1024)
/* ICU's confidence (0..100) from which a detection is taken. */
#define DETECT_MIN 50

/* Does data[0..n) hold the start of a UTF-8 sequence of two bytes or
 * more: a lead byte and a continuation byte?  Then it is UTF-8 with a
 * fault (a sequence cut off, a bad byte among good ones), seldom a legacy
 * text, where a letter such as 0xE9 is followed by ASCII. */
static int has_utf8_sequence(const unsigned char *data, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (data[i] >= 0xC2 && data[i] <= 0xF4 && (data[i + 1] & 0xC0) == 0x80)
			return 1;
	return 0;
}

/*
 * The encoding the text declares in its first DECLARATION_SPAN bytes,
 * "charset=NAME" or "coding: NAME" / "coding=NAME" (Emacs, Python), in
 * any case, the name optionally quoted: copied into name[size]; 0 when
 * none.
 */
static int declared(const unsigned char *data, size_t n, char *name, size_t size)
{
	static const char *const marks[] = { "charset=", "coding:", "coding=" };
	size_t span = n < DECLARATION_SPAN ? n : DECLARATION_SPAN;

	for (size_t i = 0; i < span; i++) {
		for (size_t m = 0; m < sizeof(marks) / sizeof(*marks); m++) {
			size_t len = strlen(marks[m]), j = i + len, k = 0;

			if (span - i < len || strncasecmp((const char *)data + i, marks[m], len) != 0)
				continue;
			while (j < span && (data[j] == ' ' || data[j] == '"' || data[j] == '\''))
				j++;
			while (j < span && k + 1 < size &&
			       (strchr("-_.:", data[j]) != NULL || (data[j] >= '0' && data[j] <= '9') ||
			        ((data[j] | 0x20) >= 'a' && (data[j] | 0x20) <= 'z')))
				name[k++] = (char)data[j++];
			name[k] = '\0';
			if (k > 0)
				return 1;
		}
	}
	return 0;
}

/* The encoding ICU's detector is sure of, into name[size]; 0 when it is
 * unsure or names a Unicode form (UTF-16 without a mark is not text we
 * read). */
static int detected(const unsigned char *data, size_t n, char *name, size_t size)
{
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&err);
	const UCharsetMatch *match;
	const char *found;
	int ok = 0;

	if (U_FAILURE(err))
		return 0;
	ucsdet_setText(det, (const char *)data, (int32_t)(n < DETECT_SPAN ? n : DETECT_SPAN), &err);
	match = ucsdet_detect(det, &err);
	if (U_SUCCESS(err) && match != NULL && ucsdet_getConfidence(match, &err) >= DETECT_MIN &&
	    (found = ucsdet_getName(match, &err)) != NULL && U_SUCCESS(err) &&
	    strncasecmp(found, "UTF-", 4) != 0 && strlen(found) < size) {
		strcpy(name, found);
		ok = 1;
	}
	ucsdet_close(det);
	return ok;
}

/*
 * Converts data[0..n) from `charset` to UTF-8 into a host buffer,
 * NUL-terminated (*out, the caller frees it with text_host->free).
 * Returns CC_OK, or CC_FAILED, reported when `report` (else silently),
 * when ICU does not know the encoding or the bytes are not valid in it.
 */
static int convert(cc_ctx *ctx, const char *charset, const unsigned char *data, size_t n,
                   int report, char **out, size_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(charset, &err);
	int32_t need;
	char *buf = NULL;
	int rc = CC_FAILED;

	if (U_FAILURE(err)) {
		if (report)
			text_host->report(ctx, CC_FAILED, 0, 0, "unknown text encoding '%s'", charset);
		return CC_FAILED;
	}
	/* Stop at the first byte the encoding does not define, rather than
	 * put U+FFFD in the archive's text. */
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
	if (U_FAILURE(err))
		goto out_invalid;
	if (n > INT32_MAX / 4) { /* ICU counts in int32_t */
		if (report)
			text_host->report(ctx, CC_FAILED, 0, 0, "too large to convert from %s", charset);
		goto out_close;
	}
	need = ucnv_toAlgorithmic(UCNV_UTF8, cnv, NULL, 0, (const char *)data, (int32_t)n, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto out_invalid;
	err = U_ZERO_ERROR;
	if ((buf = text_host->malloc((size_t)need + 1)) == NULL) {
		rc = text_host->report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_close;
	}
	ucnv_reset(cnv);
	ucnv_toAlgorithmic(UCNV_UTF8, cnv, buf, need + 1, (const char *)data, (int32_t)n, &err);
	if (U_FAILURE(err))
		goto out_invalid;
	buf[need] = '\0';
	*out = buf;
	*out_len = (size_t)need;
	rc = CC_OK;
	goto out_close;
out_invalid:
	if (report)
		text_host->report(ctx, CC_FAILED, 0, 0, "bytes that are not %s text (%s)", charset,
		                  u_errorName(err));
	text_host->free(buf);
out_close:
	ucnv_close(cnv);
	return rc;
}

int text_decode(cc_ctx *ctx, const unsigned char *data, size_t n, int utf8, char **out,
                size_t *out_len)
{
	const char *option = text_host->option(ctx, "text-encoding"), *how;
	char name[64];
	int report = 1, rc;

	*out = NULL;
	*out_len = 0;
	if (n >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
		strcpy(name, data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
		data += 2;
		n -= 2;
		how = "byte-order mark";
	} else if (option != NULL && *option != '\0' && strlen(option) < sizeof(name)) {
		strcpy(name, option);
		how = "--set text-encoding";
	} else if (utf8 || memchr(data, '\0', n) != NULL ||
	           has_utf8_sequence(data, n)) {
		return CC_OK; /* UTF-8, or a fault the reader names */
	} else if (declared(data, n, name, sizeof(name))) {
		how = "declared in the text";
	} else if (detected(data, n, name, sizeof(name))) {
		how = "detected";
		report = 0;
	} else {
		return CC_OK;
	}
	if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "utf8") == 0)
		return CC_OK;
	rc = convert(ctx, name, data, n, report, out, out_len);
	if (rc == CC_OK)
		text_host->report(ctx, CC_WARN, 0, 0, "%s text converted to UTF-8 (%s)", name, how);
	return report || rc <= CC_FATAL ? rc : CC_OK;
}
