/* good.c: a well-formed test plugin ("good" format, writes one line per
 * document), loaded beside the bad ones to show they do not stop it. */
#include <string.h>

#include "common.h"

static const struct cc_host *host;

static int
g_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	const char *id = host->doc_id(doc);

	(void)ctx;
	if (host->out_write(state, id, strlen(id)) != CC_OK)
		return CC_FATAL;
	return host->out_write(state, "\n", 1);
}

static const struct cc_format fmt = {
	"good", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE | CC_FORMAT_CONTAINER,
	t_probe, NULL, t_begin, g_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "good", "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	return &desc;
}
