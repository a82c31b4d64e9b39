/*
 * plugin.c: the bundle plugin's entry point, its format descriptor
 * (a zip holding one BagIt bag, a plain zip of documents, or a bag
 * folder on disk) and probe.
 *
 * It must never keep state beyond the host table written once at init,
 * and the probe must never read past the `len` bytes it is given.
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */
#include <string.h>

#include "bundle.h"

const struct cc_host *bundle_host;

/* True when name ends in ".zip", any case. */
static int has_zip_extension(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n > 4 && name[n - 4] == '.' &&
	       (name[n - 3] | 0x20) == 'z' && (name[n - 2] | 0x20) == 'i' &&
	       (name[n - 1] | 0x20) == 'p';
}

/* True when an entry name "bagit.txt" or ".../bagit.txt" shows in buf:
 * the first local header's name starts at byte 30. */
static int has_bagit_name(const unsigned char *buf, size_t len)
{
	static const char want[] = "bagit.txt";
	const size_t n = sizeof want - 1;

	for (size_t i = 30; i + n <= len; i++)
		if (memcmp(buf + i, want, n) == 0 &&
		    (i == 30 || buf[i - 1] == '/'))
			return 1;
	return 0;
}

static int bundle_probe(const unsigned char *buf, size_t len,
                        const char *name)
{
	size_t n = name ? strlen(name) : 0;

	/* A folder (ABI 1.1): a bag on disk. */
	if (len == 0 && n > 0 && name[n - 1] == '/')
		return bundle_folder_probe(name);
	if (len >= 4 && (memcmp(buf, "PK\3\4", 4) == 0 ||
	                 memcmp(buf, "PK\5\6", 4) == 0))
		return has_bagit_name(buf, len) ? CC_PROBE_MAX : 80;
	return has_zip_extension(name) ? CC_PROBE_EXTENSION : CC_PROBE_NONE;
}

static const char *const bundle_aliases[] = { "bag", "bagit", "zip", NULL };
static const char *const bundle_extensions[] = { "zip", NULL };

/* A file's content scores only when it opens as a zip does: a local
 * file header, or the end record of an empty zip; a folder only when it
 * holds one of the tag files bundle_folder_probe looks for. */
#define BAG_ENTRY(name) { CC_SIGNATURE_FOLDER_ENTRY, name, sizeof(name) - 1 },
static const struct cc_signature bundle_signatures[] = {
	{ CC_SIGNATURE_START, "PK\3\4", 4 },
	{ CC_SIGNATURE_START, "PK\5\6", 4 },
	BUNDLE_BAG_TAGS(BAG_ENTRY)
	{ 0, NULL, 0 },
};

/* A bag-info.txt line: "Label: Value" on one line. */
static const char *bag_info_line(const char *v)
{
	const char *colon = strchr(v, ':');

	if (colon == NULL || colon == v || strchr(v, '\n') || strchr(v, '\r'))
		return "wants one line 'Label: Value'";
	return NULL;
}

static const char *const bundle_algorithms[] = { "sha256", "sha512", NULL };

/* What the reader and writer read (host->option); the familiar long
 * options are aliases. */
static const struct cc_option bundle_options[] = {
	{ "bagging-date", CC_OPTION_DATE, "SOURCE_DATE_EPOCH, else today",
	  "Bagging-Date of bundles written", NULL, "bagging-date", NULL },
	{ "manifest", CC_OPTION_LIST, "sha256,sha512",
	  "manifest algorithms of bundles written (sha256, sha512 or both)",
	  bundle_algorithms, "manifest", NULL },
	{ "bag-info", CC_OPTION_LINES, NULL,
	  "a bag-info.txt line 'Label: Value' (repeatable)", NULL, "bag-info",
	  bag_info_line },
	{ "max-bundle", CC_OPTION_SIZE, "none",
	  "the most all files of a bag read may hold together (an optional "
	  "limit: reading streams the bag)", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_format bundle_format = {
	.name = "bundle",
	.aliases = bundle_aliases,
	.extensions = bundle_extensions,
	.media_type = "application/zip",
	.description = "zipped BagIt bag (RFC 8493) of originals, TEI, text "
	               "and a statement table; plain zips of documents too",
	.flags = CC_FORMAT_READ | CC_FORMAT_WRITE | CC_FORMAT_STATEMENTS |
	         CC_FORMAT_CONTAINER | CC_FORMAT_FOLDERS | CC_FORMAT_STREAM |
	         CC_FORMAT_HINTS,
	.probe = bundle_probe,
	.read = bundle_read,
	.write_begin = bundle_write_begin,
	.write_doc = bundle_write_doc,
	.write_end = bundle_write_end,
	.size = sizeof(struct cc_format),
	.options = bundle_options,
	.signatures = bundle_signatures,
	.probe_unhinted = CC_PROBE_NONE,
};

static const struct cc_format *const bundle_formats[] = { &bundle_format,
	                                                  NULL };

static const struct cc_plugin bundle_plugin = {
	CC_PLUGIN_HEADER,
	.name = "bundle",
	.version = PACKAGE_VERSION,
	.description = "zipped BagIt bundles (libarchive, nettle)",
	.formats = bundle_formats,
	.filters = NULL,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *h)
{
	/* Every slot this plugin needs is in ABI 1.0; refuse a host table
	 * too short to hold them rather than call past its end.  in_dir
	 * (1.1) is optional: the reader checks CC_HOST_HAS before use, and
	 * a 1.0 host never hands a folder over. */
	if (h == NULL || h->abi_major != CC_ABI_MAJOR ||
	    !CC_HOST_HAS(h, ensure_statements))
		return NULL;
	bundle_host = h;
	return &bundle_plugin;
}
