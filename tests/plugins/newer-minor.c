/* newer-minor.c: a plugin built against a newer ABI minor than the host's:
 * it may use host slots this host lacks, so it must be refused. */
#include "common.h"

static const struct cc_format fmt = {
	"newerminor", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, t_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_ABI_MAJOR, CC_ABI_MINOR + 1, sizeof(struct cc_plugin), "newerminor", "1.0",
	"test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
