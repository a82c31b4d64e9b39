/* extra-good.c: one more good plugin, so a folder holds more plugins than the
 * loader first makes room for (a regression test: it once kept pointers into
 * an array it later reallocated). */
#include "common.h"

static const struct cc_format fmt = {
	"extragood", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, t_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "extragood", "1.0", "test",
	formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
