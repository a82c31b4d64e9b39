/*
 * common.h: a minimal writable format shared by the loader's test plugins,
 * so each test plugin differs from a good one in exactly one way.
 */
#include <stddef.h>

#include "corpusconv-plugin.h"

static int __attribute__((unused))
t_probe(const unsigned char *buf, size_t len, const char *name)
{
	(void)buf; (void)len; (void)name;
	return 0;
}

static int __attribute__((unused))
t_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	(void)ctx;
	*state = out;
	return CC_OK;
}

static int __attribute__((unused))
t_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	(void)ctx; (void)state; (void)doc;
	return CC_OK;
}

static int __attribute__((unused))
t_end(cc_ctx *ctx, void *state, int abort)
{
	(void)ctx; (void)state; (void)abort;
	return CC_OK;
}

static const char *const t_ext[] = { "tst", NULL };
