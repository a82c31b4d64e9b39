/*
 * chain.c: a test plugin of the current ABI with two filters and a
 * format that declare options.  mark-a and mark-b each append their name
 * to the document's metadata "trail", so the order a --filter chain ran
 * in shows; mark-b with --set mark-b-drop=1 drops the document's first
 * statement and changes the second's cue.  The format "trail" writes per
 * document its id, trail, statement count, first cue and the option
 * trail-prefix (an alias, --trail-prefix, declared here too).
 */
#include <stdio.h>
#include <string.h>

#include "corpusconv-plugin.h"

static const struct cc_host *host;

/* Appends name to the metadata "trail": "mark-a,mark-b". */
static int
append_trail(cc_ctx *ctx, cc_doc *doc, const char *name)
{
	const char *old = host->meta_find(doc, "trail");
	char buf[256];

	snprintf(buf, sizeof(buf), "%s%s%s", old ? old : "", old ? "," : "", name);
	if (host->meta_set(doc, "trail", buf) != 0)
		return host->report(ctx, CC_FAILED, 0, 0, "out of memory");
	return CC_OK;
}

static int
mark_a(cc_ctx *ctx, cc_doc *doc)
{
	return append_trail(ctx, doc, "mark-a");
}

static int
mark_b(cc_ctx *ctx, cc_doc *doc)
{
	const char *drop = host->option(ctx, "mark-b-drop");
	struct cc_statement s;

	if (drop != NULL && strcmp(drop, "1") == 0 && host->statement_count(doc) > 1) {
		if (host->statement_remove(doc, 0) != 0 || host->statement_get(doc, 0, &s) != 0)
			return host->report(ctx, CC_FAILED, 0, 0, "cannot drop a statement");
		s.cue = "changed";
		if (host->statement_set(doc, 0, &s) != 0)
			return host->report(ctx, CC_FAILED, 0, 0, "cannot change a statement");
	}
	return append_trail(ctx, doc, "mark-b");
}

static int
t_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	(void)ctx;
	*state = out;
	return CC_OK;
}

static int
t_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	const char *prefix = host->option(ctx, "trail-prefix"), *trail = host->meta_find(doc, "trail");
	struct cc_statement s = { 0 };
	char line[512];
	int n;

	if (host->statement_count(doc) > 0)
		host->statement_get(doc, 0, &s);
	n = snprintf(line, sizeof(line), "%s%s trail=%s statements=%zu cue=%s from=%s\n",
	             prefix ? prefix : "", host->doc_id(doc), trail ? trail : "-",
	             host->statement_count(doc), s.cue ? s.cue : "-",
	             host->doc_format(doc) ? host->doc_format(doc) : "-");
	if (n < 0 || (size_t)n >= sizeof(line))
		return CC_FAILED;
	return host->out_write(state, line, (size_t)n);
}

static int
t_end(cc_ctx *ctx, void *state, int abort)
{
	(void)ctx; (void)state; (void)abort;
	return CC_OK;
}

static const char *const exts[] = { "trail", NULL };
static const char *const levels[] = { "low", "high", NULL };

static const struct cc_option trail_options[] = {
	{ "trail-prefix", CC_OPTION_STRING, NULL, "put before each line", NULL, "trail-prefix",
	  NULL },
	{ "trail-level", CC_OPTION_CHOICE, "low", "how much to say", levels, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};
static const struct cc_option mark_b_options[] = {
	{ "mark-b-drop", CC_OPTION_BOOL, "0", "drop the first statement", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_format fmt = {
	.name = "trail",
	.extensions = exts,
	.media_type = "text/plain",
	.description = "test: the filters a document went through",
	.flags = CC_FORMAT_WRITE | CC_FORMAT_CONTAINER | CC_FORMAT_STATEMENTS,
	.write_begin = t_begin,
	.write_doc = t_doc,
	.write_end = t_end,
	.size = sizeof(struct cc_format),
	.options = trail_options,
};
static const struct cc_filter filter_a = {
	.name = "mark-a", .description = "test: appends mark-a to the trail", .apply = mark_a,
	.size = sizeof(struct cc_filter),
};
static const struct cc_filter filter_b = {
	.name = "mark-b", .description = "test: appends mark-b to the trail", .apply = mark_b,
	.size = sizeof(struct cc_filter), .options = mark_b_options,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_filter *const filters[] = { &filter_a, &filter_b, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "chain", "1.0", "test", formats, filters,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	return &desc;
}
