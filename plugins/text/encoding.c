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
 *
 * ICU is opened with dlopen the first time a text that is not UTF-8 needs
 * it, not linked: most texts are UTF-8, and mapping and relocating ICU
 * and the C++ runtime it pulls in is most of what a run on one small
 * article costs (issue 16).  Only ICU's headers are needed to build.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uvernum.h>

#include "text.h"

/* The library holding ucsdet (i18n); it needs the common one (uc), which
 * holds ucnv, and dlsym on its handle finds the symbols of both. */
#ifndef TEXT_ICU_I18N_SONAME
#define TEXT_ICU_I18N_SONAME "libicui18n.so." U_ICU_VERSION_SHORT
#endif
/* ICU's headers rename each entry point with the version (ucnv_open is
 * ucnv_open_72): the name to look up is the macro's expansion. */
#define ICU_NAME_(f) #f
#define ICU_NAME(f) ICU_NAME_(f)

/* ICU's entry points this file calls, through the table icu (set once,
 * by open_icu, then only read). */
static struct {
	UCharsetDetector *(*sd_open)(UErrorCode *);
	void (*sd_set_text)(UCharsetDetector *, const char *, int32_t, UErrorCode *);
	const UCharsetMatch *(*sd_detect)(UCharsetDetector *, UErrorCode *);
	int32_t (*sd_confidence)(const UCharsetMatch *, UErrorCode *);
	const char *(*sd_name)(const UCharsetMatch *, UErrorCode *);
	void (*sd_close)(UCharsetDetector *);
	UConverter *(*cnv_open)(const char *, UErrorCode *);
	void (*cnv_set_to_u)(UConverter *, UConverterToUCallback, const void *,
	                     UConverterToUCallback *, const void **, UErrorCode *);
	int32_t (*cnv_to_algorithmic)(UConverterType, UConverter *, char *, int32_t,
	                              const char *, int32_t, UErrorCode *);
	void (*cnv_reset)(UConverter *);
	void (*cnv_close)(UConverter *);
	const char *(*error_name)(UErrorCode);
	UConverterToUCallback to_u_stop;
	char why[256];                 /* empty when all of them are there */
} icu;
static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

/* Opens ICU for the life of the process (it caches converters: never
 * closed, as the plugin itself is never unmapped). */
static void open_icu(void)
{
	static const char *const name[] = {
		ICU_NAME(ucsdet_open), ICU_NAME(ucsdet_setText), ICU_NAME(ucsdet_detect),
		ICU_NAME(ucsdet_getConfidence), ICU_NAME(ucsdet_getName), ICU_NAME(ucsdet_close),
		ICU_NAME(ucnv_open), ICU_NAME(ucnv_setToUCallBack), ICU_NAME(ucnv_toAlgorithmic),
		ICU_NAME(ucnv_reset), ICU_NAME(ucnv_close), ICU_NAME(u_errorName),
		ICU_NAME(UCNV_TO_U_CALLBACK_STOP),
	};
	enum { N = sizeof(name) / sizeof(*name) };
	void *sym[N];
	void *h = dlopen(TEXT_ICU_I18N_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	for (int i = 0; i < N; i++) {
		if (h == NULL || (sym[i] = dlsym(h, name[i])) == NULL) {
			e = dlerror();
			snprintf(icu.why, sizeof(icu.why), "%s", e ? e : TEXT_ICU_I18N_SONAME);
			return;
		}
	}
	/* POSIX: a data pointer from dlsym converts to a function pointer. */
	*(void **)&icu.sd_open = sym[0];
	*(void **)&icu.sd_set_text = sym[1];
	*(void **)&icu.sd_detect = sym[2];
	*(void **)&icu.sd_confidence = sym[3];
	*(void **)&icu.sd_name = sym[4];
	*(void **)&icu.sd_close = sym[5];
	*(void **)&icu.cnv_open = sym[6];
	*(void **)&icu.cnv_set_to_u = sym[7];
	*(void **)&icu.cnv_to_algorithmic = sym[8];
	*(void **)&icu.cnv_reset = sym[9];
	*(void **)&icu.cnv_close = sym[10];
	*(void **)&icu.error_name = sym[11];
	*(void **)&icu.to_u_stop = sym[12];
}

/* NULL when ICU is there, else why it is not (dlerror's words). */
static const char *icu_unavailable(void)
{
	pthread_once(&icu_once, open_icu);
	return icu.why[0] ? icu.why : NULL;
}

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
 * read), and when ICU did not load (a warning says so: the reader's
 * UTF-8 error follows). */
static int detected(cc_ctx *ctx, const unsigned char *data, size_t n, char *name, size_t size)
{
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *det;
	const UCharsetMatch *match;
	const char *found, *why;
	int ok = 0;

	if ((why = icu_unavailable()) != NULL) {
		text_host->report(ctx, CC_WARN, 0, 0,
		                  "cannot detect the encoding of text that is not UTF-8: "
		                  "ICU did not load (%s)", why);
		return 0;
	}
	det = icu.sd_open(&err);
	if (U_FAILURE(err))
		return 0;
	icu.sd_set_text(det, (const char *)data, (int32_t)(n < DETECT_SPAN ? n : DETECT_SPAN), &err);
	match = icu.sd_detect(det, &err);
	if (U_SUCCESS(err) && match != NULL && icu.sd_confidence(match, &err) >= DETECT_MIN &&
	    (found = icu.sd_name(match, &err)) != NULL && U_SUCCESS(err) &&
	    strncasecmp(found, "UTF-", 4) != 0 && strlen(found) < size) {
		strcpy(name, found);
		ok = 1;
	}
	icu.sd_close(det);
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
	UConverter *cnv;
	const char *why;
	int32_t need;
	char *buf = NULL;
	int rc = CC_FAILED;

	if ((why = icu_unavailable()) != NULL) {
		if (report)
			text_host->report(ctx, CC_FAILED, 0, 0,
			                  "cannot convert from %s: ICU did not load (%s)", charset, why);
		return CC_FAILED;
	}
	cnv = icu.cnv_open(charset, &err);
	if (U_FAILURE(err)) {
		if (report)
			text_host->report(ctx, CC_FAILED, 0, 0, "unknown text encoding '%s'", charset);
		return CC_FAILED;
	}
	/* Stop at the first byte the encoding does not define, rather than
	 * put U+FFFD in the archive's text. */
	icu.cnv_set_to_u(cnv, icu.to_u_stop, NULL, NULL, NULL, &err);
	if (U_FAILURE(err))
		goto out_invalid;
	if (n > INT32_MAX / 4) { /* ICU counts in int32_t */
		if (report)
			text_host->report(ctx, CC_FAILED, 0, 0, "too large to convert from %s", charset);
		goto out_close;
	}
	need = icu.cnv_to_algorithmic(UCNV_UTF8, cnv, NULL, 0, (const char *)data, (int32_t)n, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto out_invalid;
	err = U_ZERO_ERROR;
	if ((buf = text_host->malloc((size_t)need + 1)) == NULL) {
		rc = text_host->report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_close;
	}
	icu.cnv_reset(cnv);
	icu.cnv_to_algorithmic(UCNV_UTF8, cnv, buf, need + 1, (const char *)data, (int32_t)n, &err);
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
		                  icu.error_name(err));
	text_host->free(buf);
out_close:
	icu.cnv_close(cnv);
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
	} else if (detected(ctx, data, n, name, sizeof(name))) {
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
