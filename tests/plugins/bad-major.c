/* bad-major.c: a plugin built for another ABI major; must be refused. */
#include "common.h"

static const struct cc_format fmt = {
	"badmajor", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, t_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_ABI_MAJOR + 1, 0, sizeof(struct cc_plugin), "badmajor", "1.0", "test",
	formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
