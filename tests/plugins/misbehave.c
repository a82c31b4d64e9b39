/*
 * misbehave.c: a test plugin whose writer ("misbehave" format) does what
 * an untrusted document can make a converter do, chosen by the document
 * id: "hang..." loops for ever, "crash..." dies of SIGSEGV, "bloat..."
 * allocates until memory runs out and then aborts, as code that does not
 * check malloc would crash; any other id is written as one line.  For
 * tests/isolate.sh: --isolate must survive each, naming the reason.  Its
 * filter "dawdle" takes 3 s over a document whose id begins "slow", for
 * tests/limits-in-process.sh: --timeout without workers fails it.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

static const struct cc_host *host;

static void
bloat(void)
{
	for (;;) {
		char *p = malloc((size_t)16 << 20);
		if (p == NULL)
			abort();
		memset(p, 1, (size_t)16 << 20); /* touched: really used */
	}
}

static int
m_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	const char *id = host->doc_id(doc);
	struct timespec second = { 1, 0 };

	(void)ctx;
	if (strncmp(id, "hang", 4) == 0)
		for (;;)
			nanosleep(&second, NULL);
	if (strncmp(id, "crash", 5) == 0)
		raise(SIGSEGV);
	if (strncmp(id, "bloat", 5) == 0)
		bloat();
	if (host->out_write(state, id, strlen(id)) != CC_OK)
		return CC_FATAL;
	return host->out_write(state, "\n", 1);
}

static const struct cc_format fmt = {
	"misbehave", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE,
	t_probe, NULL, t_begin, m_doc, t_end,
};
static const struct cc_format *const formats[] = { &fmt, NULL };

static int
m_dawdle(cc_ctx *ctx, cc_doc *doc)
{
	struct timespec left = { 3, 0 };

	(void)ctx;
	if (strncmp(host->doc_id(doc), "slow", 4) == 0)
		while (nanosleep(&left, &left) != 0 && errno == EINTR)
			;
	return CC_OK;
}

static const struct cc_filter dawdle = {
	.name = "dawdle", .description = "test: slow... documents take 3 s", .apply = m_dawdle,
	.size = sizeof(struct cc_filter),
};
static const struct cc_filter *const filters[] = { &dawdle, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "misbehave", "1.0", "test", formats, filters,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	return &desc;
}
