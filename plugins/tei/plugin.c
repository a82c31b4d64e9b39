/*
 * plugin.c: the TEI plugin's descriptor, its entry point and its probe.
 *
 * The probe only looks at the bytes it is given: it must never read past
 * `len`, never allocate, never parse with libxml2 and never call the host
 * (it runs before any conversion context exists).
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "tei.h"

/* ---- probe ------------------------------------------------------------ */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 when the file name ends in "." ext, in any case. */
static int has_ext(const char *name, const char *ext)
{
	size_t n, e = strlen(ext);

	if (name == NULL)
		return 0;
	n = strlen(name);
	return n > e && name[n - e - 1] == '.' && strcasecmp(name + n - e, ext) == 0;
}

/* Where the first byte of b[0..len) equal to c at or after i is; len when none. */
static size_t find_seq(const unsigned char *b, size_t len, size_t i, const char *seq)
{
	size_t n = strlen(seq);

	for (; i + n <= len; i++)
		if (memcmp(b + i, seq, n) == 0)
			return i;
	return len;
}

/*
 * Skips the prolog (BOM, XML declaration, comments, processing
 * instructions, a DOCTYPE without internal subset brackets nested more than
 * once, white space) and returns the offset of the root element's '<', or
 * len when none was found in the buffer.
 */
static size_t root_offset(const unsigned char *b, size_t len)
{
	size_t i = 0;

	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		i = 3;
	for (;;) {
		while (i < len && is_space(b[i]))
			i++;
		if (i + 1 >= len || b[i] != '<')
			return len;
		if (b[i + 1] == '?') {
			i = find_seq(b, len, i + 2, "?>");
			if (i >= len)
				return len;
			i += 2;
		} else if (i + 3 < len && memcmp(b + i, "<!--", 4) == 0) {
			i = find_seq(b, len, i + 4, "-->");
			if (i >= len)
				return len;
			i += 3;
		} else if (i + 8 < len && memcmp(b + i, "<!DOCTYPE", 9) == 0) {
			int depth = 0;

			for (i += 9; i < len; i++) {
				if (b[i] == '[')
					depth++;
				else if (b[i] == ']')
					depth--;
				else if (b[i] == '>' && depth <= 0)
					break;
			}
			if (i >= len)
				return len;
			i++;
		} else {
			return i;
		}
	}
}

/* 1 when the element name at b[i] (after '<' and an optional prefix) is name. */
static int root_is(const unsigned char *b, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name), j = i + 1, k;

	/* Skip a namespace prefix ("tei:"). */
	for (k = j; k < len && k < j + 32 && b[k] != ':' && !is_space(b[k]) &&
	     b[k] != '>' && b[k] != '/'; k++)
		;
	if (k < len && b[k] == ':')
		j = k + 1;
	if (j + n >= len || memcmp(b + j, name, n) != 0)
		return 0;
	return is_space(b[j + n]) || b[j + n] == '>' || b[j + n] == '/';
}

int tei_probe(const unsigned char *buf, size_t len, const char *name)
{
	size_t r = root_offset(buf, len);
	int xml_name = has_ext(name, "xml") || has_ext(name, "tei");

	if (r < len) {
		int tei_root = root_is(buf, len, r, "TEI") || root_is(buf, len, r, "teiCorpus");

		if (tei_root && find_seq(buf, len, r, TEI_NS) < len)
			return CC_PROBE_MAX;
		if (tei_root || root_is(buf, len, r, "TEI.2"))
			return 80; /* TEI without its namespace (P4, or careless) */
		if (xml_name)
			return 60; /* some XML, named as XML */
		/* XML with no name that says so: another format may know it. */
		if (len >= 5 && memcmp(buf + (len >= 3 && buf[0] == 0xEF ? 3 : 0), "<?xml", 5) == 0)
			return CC_PROBE_WEAK;
		return CC_PROBE_NONE;
	}
	return xml_name ? CC_PROBE_EXTENSION : CC_PROBE_NONE;
}

/* ---- descriptor ------------------------------------------------------- */

static const char *const tei_aliases[] = { "xml", "tei-xml", NULL };
static const char *const tei_extensions[] = { "xml", "tei", NULL };

/* The probe scores content only when markup opens it, after a BOM and
 * white space (root_offset): '<' is its signature. */
static const struct cc_signature tei_signatures[] = {
	{ CC_SIGNATURE_TEXT, "<", 1 },
	{ 0, NULL, 0 },
};

/* What the writer reads (host->option). */
static const struct cc_option tei_options[] = {
	{ "corpus-title", CC_OPTION_STRING, "Documents converted by corpusconv",
	  "title of a teiCorpus's header", NULL, NULL, NULL },
	{ "tei-change-date", CC_OPTION_DATE, NULL,
	  "date of the revisionDesc change entry corpusconv adds (none without it)",
	  NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_format tei_format = {
	.name = "tei",
	.aliases = tei_aliases,
	.extensions = tei_extensions,
	.media_type = "application/tei+xml",
	.description = "TEI P5 XML (one TEI document, or a teiCorpus)",
	.flags = CC_FORMAT_READ | CC_FORMAT_WRITE | CC_FORMAT_STATEMENTS |
	         CC_FORMAT_CONTAINER | CC_FORMAT_HINTS,
	.probe = tei_probe,
	.read = tei_read,
	.write_begin = tei_write_begin,
	.write_doc = tei_write_doc,
	.write_end = tei_write_end,
	.size = sizeof(struct cc_format),
	.options = tei_options,
	.signatures = tei_signatures,
	.probe_unhinted = CC_PROBE_NONE,
};

static const struct cc_format *const tei_formats[] = { &tei_format, NULL };

static const struct cc_plugin tei_plugin = {
	CC_PLUGIN_HEADER,
	.name = "tei",
	.version = PACKAGE_VERSION,
	.description = "TEI P5 reader and writer (libxml2)",
	.formats = tei_formats,
	.filters = NULL,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host)
{
	/* Every slot this plugin needs is in ABI 1.0: refuse a host table too
	 * short to hold them rather than call past its end.  (The writer
	 * asks for doc_sole, of ABI 1.2, only where the table has it.) */
	if (host == NULL || host->abi_major != CC_ABI_MAJOR ||
	    !CC_HOST_HAS(host, ensure_statements))
		return NULL;
	/* libxml2's own one-time set-up, done here because init runs once,
	 * before any conversion thread starts. */
	LIBXML_TEST_VERSION
	xmlInitParser();
	tei_read_init(host);
	tei_write_init(host);
	return &tei_plugin;
}
