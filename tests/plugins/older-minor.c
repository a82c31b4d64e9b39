/* older-minor.c: a plugin built against ABI minor 0, before the host table
 * grew: it must load on a newer-minor host (GStreamer's rule). */
#include "common.h"

static const struct cc_format fmt = {
	"olderminor", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, t_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_ABI_MAJOR, 0, sizeof(struct cc_plugin), "olderminor", "1.0", "test",
	formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
