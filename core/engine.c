/*
 * engine.c: the engine's life cycle, options, limits and messages.  The
 * engine is the only global thing in corpusconv, and it is not global: a
 * program may hold several.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "internal.h"

/* Defaults for host->limit(). */
#define DEFAULT_MAX_INPUT ((size_t)256 << 20) /* bytes in one input or entry */
#define DEFAULT_MAX_DEPTH 256                  /* element nesting */
#define MAX_MAX_DEPTH 4096                     /* the most --max-depth allows */

const char *
cc_version(void)
{
	return PACKAGE_VERSION;
}

#define CC_STR(x) CC_STR_(x)
#define CC_STR_(x) #x

const char *
cc_plugin_abi_version(void)
{
	return CC_STR(CC_ABI_MAJOR) "." CC_STR(CC_ABI_MINOR);
}

static void
default_message(void *user, int level, const char *msg)
{
	(void)user;
	/* On a terminal a progress line may be showing: clear it first. */
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	fprintf(stderr, "corpusconv: %s%s\n",
	        level == CC_MSG_ERROR ? "error: " : level == CC_MSG_WARNING ? "warning: " : "",
	        msg);
}

cc_engine *
cc_engine_new(void)
{
	cc_engine *eng = calloc(1, sizeof(*eng));

	if (eng == NULL)
		return NULL;
	eng->msg_fn = default_message;
	pthread_mutex_init(&eng->msg_lock, NULL);
	pthread_mutex_init(&eng->load_lock, NULL);
	return eng;
}

void
cc_engine_free(cc_engine *eng)
{
	if (eng == NULL)
		return;
	cc_plugins_unload(eng);
	cc_plugin_folders_free(eng);
	for (size_t i = 0; i < eng->ndirs; i++)
		free(eng->dirs[i]);
	free(eng->dirs);
	cc_options_free(eng);
	free(eng->chain);
	free(eng->filter_names);
	cc_buf_free(&eng->load_report);
	pthread_mutex_destroy(&eng->msg_lock);
	pthread_mutex_destroy(&eng->load_lock);
	free(eng);
}

void
cc_engine_set_message_fn(cc_engine *eng, cc_message_fn fn, void *user)
{
	eng->msg_fn = fn ? fn : default_message;
	eng->msg_user = user;
}

void
cc_message(struct cc_engine *eng, int level, const char *fmt, ...)
{
	struct cc_buf b = CC_BUF_INIT;
	va_list ap;

	if (eng->quiet && level != CC_MSG_ERROR)
		return;
	va_start(ap, fmt);
	pthread_mutex_lock(&eng->msg_lock);
	if (cc_buf_vprintf(&b, fmt, ap) == 0) {
		/* File names and input text reach messages: keep them one line
		 * and inert on a terminal (no escape sequences). */
		for (char *p = b.data; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : '?';
		eng->msg_fn(eng->msg_user, level, b.data);
	}
	else
		eng->msg_fn(eng->msg_user, CC_MSG_ERROR, "out of memory");
	pthread_mutex_unlock(&eng->msg_lock);
	va_end(ap);
	cc_buf_free(&b);
}

/*
 * A size with an optional K, M or G suffix (powers of 1024).  Returns 0
 * and sets *out, or -1 when `s` is not such a size.
 */
int
cc_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;
	unsigned shift = 0;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)v << shift;
	return 0;
}

size_t
cc_engine_limit(const struct cc_engine *eng, const char *key)
{
	const char *v = cc_engine_option(eng, key);
	size_t n;

	if (strcmp(key, "max-input") == 0) {
		size_t cap = cc_engine_memory_cap(eng);

		if (v == NULL || cc_parse_size(v, &n) != 0)
			n = DEFAULT_MAX_INPUT;
		return cap && (n == 0 || cap < n) ? cap : n;
	}
	if (v && cc_parse_size(v, &n) == 0) {
		/* Readers walk XML trees recursively: deeper than this would
		 * trade a clean refusal for a stack overflow. */
		if (strcmp(key, "max-depth") == 0 && n > MAX_MAX_DEPTH)
			return MAX_MAX_DEPTH;
		return n;
	}
	if (strcmp(key, "max-depth") == 0)
		return DEFAULT_MAX_DEPTH;
	return 0;
}

size_t
cc_engine_memory_cap(const struct cc_engine *eng)
{
	const char *v = cc_engine_option(eng, "max-memory");
	size_t n;

	if (v == NULL || cc_parse_size(v, &n) != 0 || n == 0)
		return 0;
	return n / CC_MEMORY_FACTOR ? n / CC_MEMORY_FACTOR : 1;
}
