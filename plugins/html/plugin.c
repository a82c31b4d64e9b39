/*
 * plugin.c: the HTML review plugin's descriptor.  The format writes only:
 * a page that shows each article with its statements marked in place, for
 * checking an extraction by eye (write.c).  It has no probe and no reader.
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */

#include <libxml/parser.h>
#include <libxml/xmlversion.h>

#include "html.h"

static const char *const html_aliases[] = { "review", NULL };
static const char *const html_extensions[] = { "html", "htm", NULL };

static const struct cc_format html_format = {
	.name = "html",
	.aliases = html_aliases,
	.extensions = html_extensions,
	.media_type = "text/html",
	.description = "HTML review page: articles with their statements marked (write only)",
	.flags = CC_FORMAT_WRITE | CC_FORMAT_STATEMENTS | CC_FORMAT_CONTAINER,
	.write_begin = html_write_begin,
	.write_doc = html_write_doc,
	.write_end = html_write_end,
	.size = sizeof(struct cc_format),
	.end_run = html_end_run, /* -d: DIR/index.html */
};

static const struct cc_format *const html_formats[] = { &html_format, NULL };

static const struct cc_plugin html_plugin = {
	CC_PLUGIN_HEADER,
	.name = "html",
	.version = PACKAGE_VERSION,
	.description = "HTML review pages of statements (libxml2)",
	.formats = html_formats,
	.filters = NULL,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host)
{
	/* Every slot the writer uses is in ABI 1.0: refuse a table too short
	 * to hold them rather than call past its end. */
	if (host == NULL || host->abi_major != CC_ABI_MAJOR ||
	    !CC_HOST_HAS(host, ensure_statements))
		return NULL;
	/* libxml2's one-time set-up: init runs before any conversion thread
	 * starts, and may run again (once per engine), which libxml2 allows. */
	LIBXML_TEST_VERSION
	xmlInitParser();
	html_tally_init(host);
	html_write_init(host);
	return &html_plugin;
}
