/* bad-filter.c: a filter without an apply callback; refused as malformed. */
#include "common.h"

static const struct cc_filter filter = { "nofilter", "test", 0, NULL };
static const struct cc_filter *const filters[] = { &filter, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "badfilter", "1.0", "test", NULL, filters,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
