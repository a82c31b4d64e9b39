/* bad-option.c: a 1.4 format declaring a choice option without choices:
 * the loader must refuse the plugin. */
#include "common.h"

static const struct cc_option opts[] = {
	{ "colour", CC_OPTION_CHOICE, NULL, "test", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};
static const struct cc_format fmt = {
	.name = "badoption", .extensions = t_ext, .media_type = "text/x-test",
	.description = "test", .flags = CC_FORMAT_WRITE, .probe = t_probe,
	.write_begin = t_begin, .write_doc = t_doc, .write_end = t_end,
	.size = sizeof(struct cc_format), .options = opts,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "badoption", "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
