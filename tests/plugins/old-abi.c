/*
 * old-abi.c: a plugin as an author wrote it against an older ABI, built
 * against a frozen copy of that header (tests/plugins/abi-1.0 or abi-1.2,
 * chosen by the include path) to prove the host still loads and runs it.
 * Its format OLD_NAME writes one line per document: the id, the counts of
 * blocks and statements, the option "greeting" (an old plugin declares no
 * options: `--set OLD_NAME:greeting=...` reaches it unchecked) and, from
 * ABI 1.2, what doc_sole says.
 */
#include <stdio.h>

#include "corpusconv-plugin.h"

static const struct cc_host *host;

static int
o_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	(void)ctx;
	*state = out;
	return CC_OK;
}

static int
o_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	const char *greeting = host->option(ctx, "greeting");
	char line[512];
	int n = snprintf(line, sizeof(line), "%s blocks=%zu statements=%zu greeting=%s",
	                 host->doc_id(doc), host->block_count(doc), host->statement_count(doc),
	                 greeting ? greeting : "-");
#if CC_ABI_MINOR >= 2
	if (n > 0 && (size_t)n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, " sole=%d", host->doc_sole(ctx));
#endif
	if (n < 0 || (size_t)n + 1 >= sizeof(line))
		return CC_FAILED;
	line[n++] = '\n';
	return host->out_write(state, line, (size_t)n);
}

static int
o_end(cc_ctx *ctx, void *state, int abort)
{
	(void)ctx; (void)state; (void)abort;
	return CC_OK;
}

static const char *const exts[] = { "old", NULL };

/* Positional, as a 1.0 author would have written it. */
static const struct cc_format fmt = {
	OLD_NAME, NULL, exts, "text/plain", "a plugin of an older ABI",
	CC_FORMAT_WRITE | CC_FORMAT_CONTAINER | CC_FORMAT_STATEMENTS,
	NULL, NULL, o_begin, o_doc, o_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, OLD_NAME, "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	return &desc;
}
