/* bad-descriptor.c: a format that says it writes but has no write_doc;
 * must be refused as malformed. */
#include "common.h"

static const struct cc_format fmt = {
	"baddesc", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, NULL, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "baddesc", "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
