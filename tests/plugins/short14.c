/*
 * short14.c: a test plugin of ABI 1.4 whose format descriptor stops short
 * of end_run: its size covers the 1.4 fields size and options, not the
 * later end_run, as a writer built against a header from before end_run
 * would.  The descriptor is copied to the last bytes of a page followed by
 * a page that cannot be read, so a host that reads end_run past the size
 * it was given crashes instead of seeing whatever lies there.  The "short14"
 * format writes one line per document, like good.c.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

static const struct cc_host *host;

static int
s_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	const char *id = host->doc_id(doc);

	(void)ctx;
	if (host->out_write(state, id, strlen(id)) != CC_OK)
		return CC_FATAL;
	return host->out_write(state, "\n", 1);
}

/* What the descriptor holds: everything up to end_run. */
#define SHORT_SIZE offsetof(struct cc_format, end_run)

static const struct cc_format whole = {
	"short14", NULL, t_ext, "text/x-test", "test", CC_FORMAT_WRITE | CC_FORMAT_CONTAINER,
	t_probe, NULL, t_begin, s_doc, t_end,
	.size = SHORT_SIZE,
};

/* Filled at the first init (an engine may load the plugin again). */
static const struct cc_format *formats[] = { NULL, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, "short14", "1.0", "test", formats, NULL,
};

/* The descriptor, its first SHORT_SIZE bytes ending where an unreadable
 * page begins; NULL when the pages cannot be had. */
static const struct cc_format *
guarded_copy(void)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *p;

	if (page <= 0 || (size_t)page < SHORT_SIZE)
		return NULL;
	p = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	         -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (mprotect(p + page, (size_t)page, PROT_NONE) != 0) {
		munmap(p, 2 * (size_t)page);
		return NULL;
	}
	/* SHORT_SIZE is a multiple of a pointer's size: the copy is aligned. */
	memcpy(p + page - SHORT_SIZE, &whole, SHORT_SIZE);
	if (mprotect(p, (size_t)page, PROT_READ) != 0)
		return NULL;
	return (const struct cc_format *)(const void *)(p + page - SHORT_SIZE);
}

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	if (formats[0] == NULL && (formats[0] = guarded_copy()) == NULL)
		return NULL;
	return &desc;
}
