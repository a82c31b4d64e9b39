/*
 * plugin.c: the JSON Lines plugin's descriptor.  `jsonl` writes the
 * statement table as JSON Lines, one object per statement with the
 * table's fields (formats/csv/README.md), for jq and pandas.  It writes
 * only: the statement table's reader is the csv plugin's.
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */

#include "jsonl.h"

const struct cc_host *jsonl_host;

static const char *const jsonl_aliases[] = { "jsonlines", "ndjson", NULL };
static const char *const jsonl_extensions[] = { "jsonl", NULL };

static const struct cc_format jsonl_format = {
	.name = "jsonl",
	.aliases = jsonl_aliases,
	.extensions = jsonl_extensions,
	.media_type = "application/jsonl",
	.description = "statement table as JSON Lines: one object per statement (jq, pandas)",
	.flags = CC_FORMAT_WRITE | CC_FORMAT_STATEMENTS | CC_FORMAT_CONTAINER,
	.write_begin = jsonl_write_begin,
	.write_doc = jsonl_write_doc,
	.write_end = jsonl_write_end,
};

static const struct cc_format *const jsonl_formats[] = { &jsonl_format, NULL };

static const struct cc_plugin jsonl_plugin = {
	CC_PLUGIN_HEADER,
	.name = "jsonl",
	.version = PACKAGE_VERSION,
	.description = "JSON Lines statement tables (jansson)",
	.formats = jsonl_formats,
	.filters = NULL,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host)
{
	jsonl_host = host;
	return &jsonl_plugin;
}
