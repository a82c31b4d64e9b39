/* other-good.c: a second plugin claiming the format name "good".  It sorts
 * after good.so, so good.so wins and this one's format is reported. */
#include "common.h"

static const struct cc_format fmt = {
	"good", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, t_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "othergood", "2.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
