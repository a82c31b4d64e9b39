/* empty-desc.c: a descriptor with neither formats nor filters, and a size
 * smaller than the ABI's; refused as malformed (size checked first). */
#include "common.h"

static const struct cc_plugin desc = {
	CC_ABI_MAJOR, CC_ABI_MINOR, sizeof(struct cc_plugin), "empty", "1.0", "test",
	NULL, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return &desc;
}
