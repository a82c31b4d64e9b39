/*
 * plugin.c: the raw-text plugin's descriptor and its probe.
 *
 * Text is the fallback format: any UTF-8 without NUL and without markup at
 * its start is plausibly text, and so is UTF-16 with a byte-order mark; a
 * .txt name makes it likely (and lets the reader convert a legacy
 * encoding).  The probe
 * must never claim a file that opens like XML, a zip, JSON or a CSV header
 * row, and never reads past the buffer it is given.
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */
#include <string.h>

#include "text.h"

const struct cc_host *text_host;

/* Is buf[0..len) UTF-8 (a sequence cut off by the buffer's end counts as
 * good) without NUL or other control bytes than tab, CR, LF, FF? */
static int plausible_text(const unsigned char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = buf[i];
		size_t k, need;

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
			    c != '\f')
				return 0;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return 0;
		for (k = 1; k <= need; k++) {
			if (i + k >= len)
				return 1; /* cut off by the probe buffer */
			if ((buf[i + k] & 0xC0) != 0x80)
				return 0;
		}
		i += need + 1;
	}
	return 1;
}

/* Does the first line look like a CSV header: two or more commas or tabs
 * and short fields without spaces ("doc_id,statement_id,kind")? */
static int csv_header(const unsigned char *buf, size_t len)
{
	size_t i, field = 0, seps = 0;
	unsigned char sep = 0;

	for (i = 0; i < len && buf[i] != '\n' && buf[i] != '\r'; i++) {
		unsigned char c = buf[i];

		if ((c == ',' || c == '\t' || c == ';') && (!sep || c == sep)) {
			if (field == 0)
				return 0;
			sep = c;
			seps++;
			field = 0;
			continue;
		}
		if (c == ' ' || ++field > 40)
			return 0;
	}
	return seps >= 2 && field > 0;
}

static int has_extension(const char *name, const char *ext)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	size_t i;

	if (!dot || strchr(dot, '/'))
		return 0;
	for (i = 0; ext[i]; i++) {
		char c = dot[1 + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != ext[i])
			return 0;
	}
	return dot[1 + i] == '\0';
}

static int text_probe(const unsigned char *buf, size_t len, const char *name)
{
	int by_name = has_extension(name, "txt") || has_extension(name, "text");
	size_t i = 0;

	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
		return CC_PROBE_NONE;
	/* UTF-16 with a byte-order mark: the reader converts it (encoding.c),
	 * unless it opens like markup ('<' in either byte order). */
	if (len >= 4 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF))) {
		if (buf[2] == '<' || buf[3] == '<')
			return by_name ? 10 : 1;
		return by_name ? CC_PROBE_EXTENSION : CC_PROBE_WEAK;
	}
	if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
	                   buf[i] == '\r'))
		i++;
	/* Markup, JSON: some other format's. */
	if (i < len && (buf[i] == '<' || buf[i] == '{' || buf[i] == '['))
		return by_name ? 10 : 1;
	if (!plausible_text(buf, len))
		/* Leave the reader to say where the bad byte is when the
		 * name says text; otherwise it is not ours. */
		return by_name ? CC_PROBE_EXTENSION : CC_PROBE_NONE;
	if (csv_header(buf + i, len - i))
		return by_name ? 30 : 10;
	return by_name ? CC_PROBE_EXTENSION : CC_PROBE_WEAK;
}

static const char *const text_aliases[] = { "txt", "plain", NULL };
static const char *const text_extensions[] = { "txt", "text", NULL };

/* What the reader reads (host->option). */
static const char *const text_date_orders[] = { "dmy", "mdy", NULL };
static const struct cc_option text_options[] = {
	{ "text-encoding", CC_OPTION_STRING, NULL,
	  "read inputs in this encoding (an ICU name, ISO-8859-1) instead of detecting it",
	  NULL, NULL, NULL },
	{ "date-order", CC_OPTION_CHOICE, NULL,
	  "how to read a date such as 04/03/2025 (unread without it)",
	  text_date_orders, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_format text_format = {
	.name = "text",
	.aliases = text_aliases,
	.extensions = text_extensions,
	.media_type = "text/plain",
	.description = "raw UTF-8 news text (structure inferred)",
	.flags = CC_FORMAT_READ | CC_FORMAT_WRITE | CC_FORMAT_ONE_DOC | CC_FORMAT_HINTS,
	.probe = text_probe,
	.read = text_read,
	.write_begin = text_write_begin,
	.write_doc = text_write_doc,
	.write_end = text_write_end,
	.size = sizeof(struct cc_format),
	.options = text_options,
	/* Text has no signature: without its extension the probe gives at
	 * most CC_PROBE_WEAK (plausible UTF-8), so other readers are asked
	 * first and text only when none of them claims the input. */
	.signatures = NULL,
	.probe_unhinted = CC_PROBE_WEAK,
};

static const struct cc_format *const text_formats[] = { &text_format, NULL };

static const struct cc_plugin text_plugin = {
	CC_PLUGIN_HEADER,
	.name = "text",
	.version = PACKAGE_VERSION,
	.description = "raw text reader (structure inference) and writer",
	.formats = text_formats,
	.filters = NULL,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host)
{
	if (!host || host->abi_major != CC_ABI_MAJOR)
		return NULL;
	text_host = host;
	return &text_plugin;
}
