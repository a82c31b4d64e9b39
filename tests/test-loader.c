/*
 * test-loader.c: the loader refuses each kind of bad plugin with a message
 * naming its file (and both ABI versions where they differ), and still
 * loads the good plugin in the same folder.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "corpusconv-plugin.h"
#include "corpusconv.h"

static void
collect(void *user, int level, const char *msg)
{
	struct cc_buf *b = user;

	(void)level;
	cc_buf_printf(b, "%s\n", msg);
}

int
main(void)
{
	const char *dir = getenv("TEST_PLUGIN_DIR");
	struct cc_buf msgs = CC_BUF_INIT;
	char want[128];
	cc_engine *eng;
	int failures;

	if (dir == NULL) {
		fprintf(stderr, "TEST_PLUGIN_DIR not set: run through make check\n");
		return 99;
	}
	/* Only the test plugins: the real ones are not under test here. */
	unsetenv("CORPUSCONV_PLUGIN_PATH");
	eng = cc_engine_new();
	cc_engine_set_message_fn(eng, collect, &msgs);
	CHECK(cc_engine_add_plugin_dir(eng, dir) == 0);
	failures = cc_engine_load_plugins(eng);
	CHECK(failures == 10);
	CHECK(msgs.data != NULL);
	if (msgs.data == NULL)
		return 1;
	fputs(msgs.data, stderr);
	CHECK(strstr(msgs.data, "bad-major.so") != NULL);
	snprintf(want, sizeof(want), "built for plugin ABI %d.0, this corpusconv has ABI %d.%d",
	         CC_ABI_MAJOR + 1, CC_ABI_MAJOR, CC_ABI_MINOR);
	CHECK(strstr(msgs.data, want) != NULL);
	snprintf(want, sizeof(want), "built for plugin ABI %d.%d, this corpusconv has ABI %d.%d",
	         CC_ABI_MAJOR, CC_ABI_MINOR + 1, CC_ABI_MAJOR, CC_ABI_MINOR);
	CHECK(strstr(msgs.data, want) != NULL);
	CHECK(strstr(msgs.data, "newer-minor.so") != NULL);
	CHECK(strstr(msgs.data, "no-entry.so not loaded: no entry symbol corpusconv_plugin_init") != NULL);
	CHECK(strstr(msgs.data, "bad-descriptor.so not loaded: a format says it writes but lacks") != NULL);
	CHECK(strstr(msgs.data, "null-init.so not loaded: corpusconv_plugin_init returned no descriptor") != NULL);
	CHECK(strstr(msgs.data, "empty-desc.so not loaded: malformed descriptor: no formats and no filters") != NULL);
	CHECK(strstr(msgs.data, "bad-filter.so not loaded: malformed descriptor: a filter has no name or no apply callback") != NULL);
	CHECK(strstr(msgs.data, "bad-size.so not loaded: malformed descriptor: format badsize has size 8") != NULL);
	CHECK(strstr(msgs.data, "bad-option.so not loaded: malformed descriptor: a choice option has no choices") != NULL);
	CHECK(strstr(msgs.data, "bad-hints.so not loaded: malformed descriptor: a signature of no known kind") != NULL);
	/* ABI 1.5 readers with probe hints and without load. */
	CHECK(strstr(msgs.data, "hinted.so") == NULL);
	/* Plugins of ABI 1.0 and 1.2, built against their own headers, load. */
	CHECK(strstr(msgs.data, "old10.so") == NULL);
	CHECK(strstr(msgs.data, "old12.so") == NULL);
	CHECK(strstr(msgs.data, "good.so not loaded") == NULL);
	CHECK(strstr(msgs.data, "older-minor.so") == NULL); /* minor 0 loads */
	/* Two plugins claiming one format: the first in name order keeps it. */
	CHECK(strstr(msgs.data, "format 'good' of ") != NULL);
	CHECK(strstr(msgs.data, "other-good.so ignored: ") != NULL);
	cc_engine_free(eng);
	cc_buf_free(&msgs);
	return CHECK_DONE();
}
