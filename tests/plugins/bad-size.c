/* bad-size.c: a 1.4 format whose size is set but smaller than ABI 1.4's
 * layout: the loader must refuse the plugin before it trusts the rest. */
#include "common.h"

static const struct cc_format fmt = {
	.name = "badsize", .extensions = t_ext, .media_type = "text/x-test",
	.description = "test", .flags = CC_FORMAT_WRITE, .probe = t_probe,
	.write_begin = t_begin, .write_doc = t_doc, .write_end = t_end,
	.size = 8,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "badsize", "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
