/* sole.c: a test plugin whose "sole" format writes, for each document,
 * its id and what host->doc_sole said while writing it, so tests can see
 * when the host promises a writer that a document is its output's only
 * one (ABI 1.2). */
#include <stdio.h>
#include <string.h>

#include "common.h"

static const struct cc_host *host;

static int
s_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "%s sole=%d\n", host->doc_id(doc),
	                 host->doc_sole(ctx));

	if (n < 0 || (size_t)n >= sizeof(line))
		return CC_FAILED;
	return host->out_write(state, line, (size_t)n);
}

static const struct cc_format fmt = {
	"sole", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE | CC_FORMAT_CONTAINER,
	t_probe, NULL, t_begin, s_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "sole", "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	if (!CC_HOST_HAS(h, doc_sole) || h->doc_sole == NULL)
		return NULL;
	host = h;
	return &desc;
}
