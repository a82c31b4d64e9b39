/*
 * hints.c: a reader's probe hints (ABI 1.5, struct cc_signature): whether
 * they are well formed, and whether they fit an input, so that detection
 * opens only the readers that could claim it (pipeline.c, detect).  It
 * reads what a descriptor or a manifest declares and never calls a
 * plugin.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "internal.h"

/* The most signatures one format may declare: a list not ended by then
 * is taken for one that is not ended at all. */
#define HINTS_MAX_SIGNATURES 64

const char *
cc_hints_problem(const struct cc_signature *sigs, int unhinted)
{
	size_t i;

	if (unhinted < CC_PROBE_NONE || unhinted > CC_PROBE_MAX)
		return "malformed descriptor: probe_unhinted is not a score from 0 to 100";
	for (i = 0; sigs; i++) {
		if (i >= HINTS_MAX_SIGNATURES)
			return "malformed descriptor: signature list not ended within 64";
		if (!sigs[i].bytes)
			break;
		if (sigs[i].at < 0 || sigs[i].at >= CC_SIGNATURE_AT_COUNT)
			return "malformed descriptor: a signature of no known kind";
		if (sigs[i].len == 0 || sigs[i].len > CC_SIGNATURE_MAX)
			return "malformed descriptor: a signature empty or longer than 64 bytes";
		if (sigs[i].at == CC_SIGNATURE_FOLDER_ENTRY &&
		    (memchr(sigs[i].bytes, '/', sigs[i].len) || memchr(sigs[i].bytes, '\0', sigs[i].len)))
			return "malformed descriptor: a folder entry's signature holds '/' or NUL";
	}
	return NULL;
}

/* Whether name ends in "." ext, ASCII letters in either case. */
static int
has_extension(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return e > 0 && n > e && name[n - e - 1] == '.' && strcasecmp(name + n - e, ext) == 0;
}

/* Where text starts in buf[0..len): past a UTF-8 byte-order mark and
 * ASCII white space (the CC_SIGNATURE_TEXT position). */
static size_t
text_start(const unsigned char *buf, size_t len)
{
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r' ||
	                   buf[i] == '\f' || buf[i] == '\v'))
		i++;
	return i;
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whether a[0..n) and b[0..n) are the same bytes, ASCII letters in
 * either case (NUL bytes compare like any other). */
static int
same_nocase(const unsigned char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(a[i]) != ascii_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Whether sig occurs in buf[0..len) before its first LF, letters in
 * either case. */
static int
in_first_line(const unsigned char *buf, size_t len, const struct cc_signature *sig)
{
	const unsigned char *lf = memchr(buf, '\n', len);
	size_t end = lf ? (size_t)(lf - buf) : len;

	for (size_t i = 0; i + sig->len <= end; i++)
		if (same_nocase(buf + i, sig->bytes, sig->len))
			return 1;
	return 0;
}

static int
signature_fits(const struct cc_signature *sig, const unsigned char *buf, size_t len)
{
	size_t at;

	switch (sig->at) {
	case CC_SIGNATURE_START:
		return len >= sig->len && memcmp(buf, sig->bytes, sig->len) == 0;
	case CC_SIGNATURE_TEXT:
		at = text_start(buf, len);
		return len - at >= sig->len && memcmp(buf + at, sig->bytes, sig->len) == 0;
	case CC_SIGNATURE_FIRST_LINE:
		return in_first_line(buf, len, sig);
	case CC_SIGNATURE_FOLDER_ENTRY:
		return 0; /* for folders only */
	default:
		return 1; /* a kind this host does not know: never skip the reader */
	}
}

int
cc_hints_fit(const struct cc_format_rec *r, const unsigned char *buf, size_t len,
             const char *name)
{
	const struct cc_format *f = r->fmt;

	if (!r->hinted)
		return 1;
	for (size_t i = 0; name && f->extensions && f->extensions[i]; i++)
		if (has_extension(name, f->extensions[i]))
			return 1;
	for (size_t i = 0; r->signatures && r->signatures[i].bytes; i++)
		if (signature_fits(&r->signatures[i], buf, len))
			return 1;
	return 0;
}

int
cc_hints_fit_folder(const struct cc_format_rec *r, const char *path)
{
	struct cc_buf entry = CC_BUF_INIT;
	struct stat st;
	int fits = !r->hinted || r->unhinted > 0;

	for (size_t i = 0; !fits && r->signatures && r->signatures[i].bytes; i++) {
		const struct cc_signature *sig = &r->signatures[i];
		if (sig->at != CC_SIGNATURE_FOLDER_ENTRY)
			continue;
		entry.len = 0;
		/* Out of memory: the reader is asked, as without hints. */
		fits = cc_buf_printf(&entry, "%s/%.*s", path, (int)sig->len, sig->bytes) != 0 ||
		       lstat(entry.data, &st) == 0;
	}
	cc_buf_free(&entry);
	return fits;
}
