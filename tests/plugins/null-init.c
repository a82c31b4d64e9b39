/* null-init.c: an entry point that returns no descriptor; must be refused. */
#include "common.h"

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *host)
{
	(void)host;
	return NULL;
}
