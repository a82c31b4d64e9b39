/*
 * hints.c: readers for the probe hints of ABI 1.5.  Built twice:
 * `hinted` declares its hints (extension "hnt", the signature "HNT1" at
 * the start, nothing otherwise), so a run opens it only for an input they
 * fit; `unhinted` declares none, as every plugin before 1.5, so a run
 * that detects formats opens it for every input.  Each reads an input
 * whose first bytes are its magic ("HNT1", "UNH1") as one empty
 * document and scores 100 for it; 0 for anything else.  With BAD_HINTS defined it is `badhints`,
 * whose signature is of no known kind: refused when loaded.
 */
#include <string.h>

#include "common.h"

#if defined(BAD_HINTS)
#define H_NAME "badhints"
#define H_FLAGS CC_FORMAT_HINTS
#define H_AT 9
#define H_MAGIC "HNT1"
#elif defined(HINTED)
#define H_NAME "hinted"
#define H_FLAGS CC_FORMAT_HINTS
#define H_AT CC_SIGNATURE_START
#define H_MAGIC "HNT1"
#else
#define H_NAME "unhinted"
#define H_FLAGS 0u
#define H_AT CC_SIGNATURE_START
#define H_MAGIC "UNH1"
#endif

static const struct cc_host *host;

static int
h_probe(const unsigned char *buf, size_t len, const char *name)
{
	(void)name;
	return len >= 4 && memcmp(buf, H_MAGIC, 4) == 0 ? CC_PROBE_MAX : CC_PROBE_NONE;
}

static int
h_read(cc_ctx *ctx, cc_in *in)
{
	cc_doc *doc = host->doc_new(ctx, NULL);

	(void)in;
	return doc ? host->emit(ctx, doc) : CC_FAILED;
}

static const char *const h_ext[] = { "hnt", NULL };
static const struct cc_signature h_signatures[] = {
	{ H_AT, H_MAGIC, 4 },
	{ 0, NULL, 0 },
};
static const struct cc_format fmt = {
	.name = H_NAME, .extensions = h_ext, .media_type = "text/x-test",
	.description = "test", .flags = CC_FORMAT_READ | H_FLAGS,
	.probe = h_probe, .read = h_read,
	.size = sizeof(struct cc_format),
	.signatures = h_signatures, .probe_unhinted = CC_PROBE_NONE,
};
static const struct cc_format *const formats[] = { &fmt, NULL };
static const struct cc_plugin desc = {
	CC_PLUGIN_HEADER, H_NAME, "1.0", "test", formats, NULL,
};

const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	return &desc;
}
