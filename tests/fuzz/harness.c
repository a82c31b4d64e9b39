/*
 * harness.c: the host side of the fuzz targets.  Builds one engine with
 * every plugin of this tree registered (in a fuzz target their sources are
 * compiled into the program, see plugin-*.c; in the replay driver, built
 * with -DFUZZ_REPLAY, the engine loads the built plugins), then runs a
 * format's reader on bytes in memory exactly as the pipeline and
 * host_read_nested do: a conversion
 * context over shared bytes, the reader, and a sink that runs the
 * statement filter and the text, CSV and TEI writers into memory.
 *
 * What it checks beyond "no crash, no leak, no undefined behaviour":
 *   - a reader returns a code of the ladder, never CC_FATAL (one input
 *     must never stop a run), and never fails without saying why;
 *   - what the TEI and CSV writers wrote, their own readers read back.
 * A broken check aborts, so libFuzzer keeps the input.
 *
 * Test code only: it must never be linked into the installed corpusconv.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "io.h"
#include "harness.h"

/* Written once, on the first call, before any input is read. */
static struct cc_engine *engine;

#ifndef FUZZ_REPLAY
const struct cc_plugin *fuzz_plugin_init_text(const struct cc_host *host);
const struct cc_plugin *fuzz_plugin_init_tei(const struct cc_host *host);
const struct cc_plugin *fuzz_plugin_init_csv(const struct cc_host *host);
const struct cc_plugin *fuzz_plugin_init_bundle(const struct cc_host *host);
const struct cc_plugin *fuzz_plugin_init_statements(const struct cc_host *host);

static const struct {
	const char *name;
	cc_plugin_init_fn init;
} builtin[] = {
	{ "text", fuzz_plugin_init_text },
	{ "tei", fuzz_plugin_init_tei },
	{ "csv", fuzz_plugin_init_csv },
	{ "bundle", fuzz_plugin_init_bundle },
	{ "statements", fuzz_plugin_init_statements },
};
#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

static struct cc_plugin_rec recs[NBUILTIN];
static char rec_paths[NBUILTIN][32];
#endif

static void
fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz harness: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

/* Messages (warnings shown at once) would only slow the fuzzer down. */
static void
drop_message(void *user, int level, const char *msg)
{
	(void)user;
	(void)level;
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "corpusconv: %s\n", msg);
}

#ifndef FUZZ_REPLAY
/* Registers one plugin's formats and filters, as loader.c does for a
 * plugin it dlopened. */
static void
add_builtin(struct cc_engine *eng, size_t i)
{
	const struct cc_plugin *d = builtin[i].init(&cc_host_table);

	if (d == NULL)
		fail("plugin refused the host table", builtin[i].name);
	snprintf(rec_paths[i], sizeof(rec_paths[i]), "builtin:%s", builtin[i].name);
	recs[i].path = rec_paths[i];
	recs[i].handle = NULL;
	recs[i].desc = d;
	for (size_t k = 0; d->formats && d->formats[k]; k++) {
		if (cc_grow(&eng->formats, &eng->capformats, eng->nformats + 1,
		            sizeof(*eng->formats)))
			fail("out of memory", NULL);
		/* No options, no end_run, no probe hints: probed for any input. */
		memset(&eng->formats[eng->nformats], 0, sizeof(eng->formats[0]));
		eng->formats[eng->nformats].fmt = d->formats[k];
		eng->formats[eng->nformats].real = d->formats[k];
		eng->formats[eng->nformats].plugin = &recs[i];
		eng->nformats++;
	}
	for (size_t k = 0; d->filters && d->filters[k]; k++) {
		if (cc_grow(&eng->filters, &eng->capfilters, eng->nfilters + 1,
		            sizeof(*eng->filters)))
			fail("out of memory", NULL);
		eng->filters[eng->nfilters].filter = d->filters[k];
		eng->filters[eng->nfilters].real = d->filters[k];
		eng->filters[eng->nfilters].plugin = &recs[i];
		eng->nfilters++;
	}
}

#endif

static struct cc_engine *
get_engine(void)
{
	if (engine != NULL)
		return engine;
	engine = cc_engine_new();
	if (engine == NULL)
		fail("out of memory", NULL);
	cc_engine_set_message_fn(engine, drop_message, NULL);
	/* The hostile-input defaults, and formula neutralising on. */
	if (cc_engine_set_option(engine, "csv-safe", "1") != 0 ||
	    cc_engine_set_option(engine, "bagging-date", "2024-01-01") != 0)
		fail("out of memory", NULL);
#ifdef FUZZ_REPLAY
	/* The plugins this build made, found as corpusconv finds them. */
	if (cc_engine_load_plugins(engine) != 0)
		fail("a plugin failed to load", getenv("CORPUSCONV_PLUGIN_PATH"));
#else
	for (size_t i = 0; i < NBUILTIN; i++)
		add_builtin(engine, i);
#endif
	return engine;
}

static const struct cc_format *
format_named(const char *name)
{
	const struct cc_format_rec *r = cc_format_lookup(get_engine(), name);
	const struct cc_format *f;

	/* A plugin known from its manifest is opened here (replay). */
	if (r == NULL || (f = cc_format_open(get_engine(), r)) == NULL)
		fail("no such format", name);
	return f;
}

static int
on_ladder(int rc)
{
	return rc == CC_OK || rc == CC_EOF || rc == CC_WARN || rc == CC_FAILED || rc == CC_FATAL;
}

/* A sink for the read-back checks: documents are only counted. */
static int
drop_doc(void *user, cc_doc *doc)
{
	(*(size_t *)user)++;
	cc_doc_free(doc);
	return CC_OK;
}

/*
 * Reads back what `writer` wrote, with the reader of the same format,
 * in a context of its own: the writers' promise is that corpusconv reads
 * its own output.  An empty output (a writer that wrote nothing for a
 * document without blocks) is not read.
 */
static void
read_back(const char *writer, const unsigned char *bytes, size_t len)
{
	const struct cc_format *f = format_named(writer);
	struct cc_bytes *b;
	struct cc_ctx ctx;
	size_t ndocs = 0;
	int rc;

	if (len == 0)
		return;
	b = cc_bytes_new(bytes, len);
	if (b == NULL || cc_ctx_init(&ctx, get_engine(), strcmp(writer, "tei") == 0 ?
	                             "readback.xml" : "readback.csv", b, drop_doc, &ndocs) != 0)
		fail("out of memory", NULL);
	rc = f->read(&ctx, (cc_in *)&ctx);
	if (ctx.worst < rc)
		rc = ctx.worst;
	if (rc < CC_WARN) {
		fprintf(stderr, "--- %s output (%zu bytes):\n%.*s\n--- errors:\n%s\n", writer, len,
		        len > 4000 ? 4000 : (int)len, (const char *)bytes,
		        ctx.errors.data ? ctx.errors.data : "(none)");
		fail("a writer's output is refused by its own reader", writer);
	}
	cc_ctx_fini(&ctx);
	cc_bytes_unref(b);
}

/* Writes doc alone with `writer` into memory, and reads that back. */
static void
write_one(struct cc_ctx *ctx, const char *writer, const cc_doc *doc)
{
	const struct cc_format *f = format_named(writer);
	cc_out *out = cc_out_mem("fuzz-output");
	const unsigned char *bytes;
	void *state = NULL;
	size_t len;
	int rc, end;

	if (out == NULL)
		fail("out of memory", NULL);
	rc = f->write_begin(ctx, out, &state);
	if (!on_ladder(rc))
		fail("write_begin returned a code off the ladder", writer);
	if (rc < CC_WARN)
		goto out_free;
	rc = f->write_doc(ctx, state, doc);
	if (!on_ladder(rc))
		fail("write_doc returned a code off the ladder", writer);
	end = f->write_end(ctx, state, rc < CC_WARN);
	if (rc >= CC_WARN && end >= CC_WARN && strcmp(writer, "text") != 0 &&
	    getenv("FUZZ_NO_READBACK") == NULL) {
		bytes = cc_out_mem_data(out, &len);
		read_back(writer, bytes, len);
	}
out_free:
	cc_out_free(out);
}

/* Where the reader's documents go: the rest of the pipeline, in memory. */
static int
on_document(void *user, cc_doc *doc)
{
	struct cc_ctx *ctx = user;
	int worst = ctx->worst;
	int rc;

	/* As the pipeline does it: what the filter and the writers report is
	 * the document's failure, not the reader's. */
	rc = cc_ensure_statements(ctx, doc);
	if (!on_ladder(rc))
		fail("the statement filter returned a code off the ladder", NULL);
	if (rc >= CC_WARN) {
		write_one(ctx, "text", doc);
		write_one(ctx, "csv", doc);
		write_one(ctx, "tei", doc);
	}
	ctx->worst = worst;
	cc_doc_free(doc);
	return CC_OK;
}

int
fuzz_read(const char *format, const char *name, const uint8_t *data, size_t size)
{
	const struct cc_format *f = format_named(format);
	struct cc_bytes *bytes = cc_bytes_new(data, size);
	struct cc_ctx ctx;
	int rc;

	if (bytes == NULL || cc_ctx_init(&ctx, get_engine(), name, bytes, on_document, NULL) != 0)
		fail("out of memory", NULL);
	ctx.sink_user = &ctx;
	rc = f->read(&ctx, (cc_in *)&ctx);
	if (!on_ladder(rc))
		fail("read returned a code off the ladder", format);
	if (ctx.worst < rc)
		rc = ctx.worst;
	if (rc == CC_FATAL && getenv("FUZZ_ALLOW_FATAL") == NULL)
		fail("a reader gave CC_FATAL (it would stop the whole run)",
		     ctx.errors.data ? ctx.errors.data : "(no message)");
	if (rc < CC_WARN && ctx.errors.len == 0)
		fail("a reader failed without a message", format);
	cc_ctx_fini(&ctx);
	cc_bytes_unref(bytes);
	return rc;
}
