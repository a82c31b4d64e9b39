/*
 * journal.c: the journal of an output folder (journal.h).  One line per
 * finished input, appended with one write(2) on an O_APPEND descriptor so
 * that shards writing one folder at once never interleave inside a line;
 * the last line for an input wins.  Fields are tab-separated, with
 * backslash, tab and newline escaped, so any path fits.  A line that
 * cannot be parsed (a run killed mid-write on a full disk) is ignored:
 * its input is converted again, never skipped wrongly.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#ifdef HAVE_NETTLE
#include <nettle/sha2.h>
#endif

#include "buf.h"
#include "io.h"
#include "journal.h"

#define JOURNAL_HEADER "corpusconv-journal 1\n"

struct cc_journal_slot {
	const char *key;               /* borrowed from an entry; NULL: empty */
	size_t entry;
};

/* The slot of key in table t (capacity cap, a power of two): its own, or
 * the empty one where it goes. */
static struct cc_journal_slot *
slot_of(struct cc_journal_slot *t, size_t cap, const char *key)
{
	size_t i = (size_t)cc_str_hash(key) & (cap - 1);

	while (t[i].key != NULL && strcmp(t[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Sets key -> entry in *t, growing it to keep it half empty. */
static int
table_put(struct cc_journal_slot **t, size_t *cap, size_t *used, const char *key, size_t entry)
{
	struct cc_journal_slot *s;

	if ((*used + 1) * 2 > *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct cc_journal_slot *n = calloc(ncap, sizeof(*n));
		if (n == NULL)
			return -1;
		for (size_t i = 0; i < *cap; i++)
			if ((*t)[i].key != NULL)
				*slot_of(n, ncap, (*t)[i].key) = (*t)[i];
		free(*t);
		*t = n;
		*cap = ncap;
	}
	s = slot_of(*t, *cap, key);
	if (s->key == NULL)
		++*used;
	s->key = key;
	s->entry = entry;
	return 0;
}

static void
entry_free(struct cc_journal_entry *e)
{
	free(e->input);
	for (size_t i = 0; i < e->noutputs; i++)
		free(e->outputs[i]);
	free(e->outputs);
}

char *
cc_journal_unescape(const char *s, const char *end)
{
	char *r = malloc((size_t)(end - s) + 1), *w = r;

	if (r == NULL)
		return NULL;
	for (; s < end; s++) {
		if (*s == '\\' && s + 1 < end) {
			s++;
			*w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return r;
}

/*
 * Parses one line (no newline): STATUS SIZE MTIME SHA256 INPUT OUTPUT...
 * 0, or -1 when it is not one (skipped).
 */
static int
parse_line(const char *line, const char *end, struct cc_journal_entry *e)
{
	const char *f[5], *fe[5], *p = line;
	char num[64], *stop;
	size_t n = 0;

	memset(e, 0, sizeof(*e));
	for (; n < 5; n++) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		f[n] = p;
		fe[n] = tab ? tab : end;
		if (tab == NULL && n < 4)
			return -1;
		p = tab ? tab + 1 : end;
	}
	if (fe[3] - f[3] > 64 || fe[1] - f[1] >= (long)sizeof(num) ||
	    fe[2] - f[2] >= (long)sizeof(num))
		return -1;
	e->ok = fe[0] - f[0] == 2 && memcmp(f[0], "ok", 2) == 0;
	memcpy(num, f[1], (size_t)(fe[1] - f[1]));
	num[fe[1] - f[1]] = '\0';
	e->size = strtoull(num, &stop, 10);
	if (*stop)
		return -1;
	memcpy(num, f[2], (size_t)(fe[2] - f[2]));
	num[fe[2] - f[2]] = '\0';
	e->mtime_sec = strtoll(num, &stop, 10);
	if (*stop != '.')
		return -1;
	e->mtime_nsec = strtol(stop + 1, &stop, 10);
	if (*stop)
		return -1;
	memcpy(e->sha256, f[3], (size_t)(fe[3] - f[3]));
	e->sha256[fe[3] - f[3]] = '\0';
	if ((e->input = cc_journal_unescape(f[4], fe[4])) == NULL)
		return -1;
	/* The outputs, one a field, as many as there are. */
	for (p = fe[4]; p < end;) {
		const char *start = p + 1, *tab = memchr(start, '\t', (size_t)(end - start));
		const char *stop_at = tab ? tab : end;
		if (cc_grow(&e->outputs, &e->capoutputs, e->noutputs + 1, sizeof(char *)) != 0 ||
		    (e->outputs[e->noutputs] = cc_journal_unescape(start, stop_at)) == NULL) {
			entry_free(e);
			return -1;
		}
		e->noutputs++;
		p = stop_at;
	}
	return 0;
}

/* Takes e into j: the last entry of an input replaces an earlier one. */
static int
journal_add(struct cc_journal *j, struct cc_journal_entry *e, size_t *used_in, size_t *used_out)
{
	const struct cc_journal_entry *old = j->cap_in ? cc_journal_find(j, e->input) : NULL;
	size_t at;

	if (old != NULL) {
		/* The tables' keys point into the old entry's strings: it is
		 * kept, retired to the end of v where no input key leads, and
		 * freed with the journal. */
		at = (size_t)(old - j->v);
		if (cc_grow(&j->v, &j->cap, j->n + 1, sizeof(*j->v)) != 0)
			return -1;
		j->v[j->n++] = j->v[at];
	} else {
		if (cc_grow(&j->v, &j->cap, j->n + 1, sizeof(*j->v)) != 0)
			return -1;
		at = j->n++;
	}
	j->v[at] = *e;
	if (table_put(&j->by_input, &j->cap_in, used_in, j->v[at].input, at) != 0)
		return -1;
	for (size_t i = 0; i < j->v[at].noutputs; i++)
		if (table_put(&j->by_output, &j->cap_out, used_out, j->v[at].outputs[i], at) != 0)
			return -1;
	return 0;
}

/* Reads the journal's lines into j. */
static int
journal_read(struct cc_journal *j)
{
	size_t used_in = 0, used_out = 0, cap = 0;
	char *line = NULL;
	ssize_t len;
	int rc = 0;
	FILE *f = fopen(j->path, "re");

	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
		struct cc_journal_entry e;

		if (line[len - 1] != '\n')
			break; /* a line cut short: its input converts again */
		if (parse_line(line, line + len - 1, &e) == 0 &&
		    journal_add(j, &e, &used_in, &used_out) != 0)
			rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int
cc_journal_open(struct cc_journal *j, const char *dir)
{
	struct cc_buf b = CC_BUF_INIT;
	struct stat st;

	memset(j, 0, sizeof(*j));
	j->fd = -1;
	if (cc_buf_printf(&b, "%s/" CC_JOURNAL_NAME, dir) != 0)
		return -1;
	j->path = cc_buf_steal(&b);
	if (cc_mkdirs_for(j->path) != 0 || journal_read(j) != 0)
		return -1;
	j->fd = open(j->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (j->fd < 0)
		return -1;
	if (fstat(j->fd, &st) == 0 && st.st_size == 0 &&
	    write(j->fd, JOURNAL_HEADER, strlen(JOURNAL_HEADER)) < 0)
		return -1;
	return 0;
}

void
cc_journal_close(struct cc_journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	for (size_t i = 0; i < j->n; i++)
		entry_free(&j->v[i]);
	free(j->v);
	free(j->by_input);
	free(j->by_output);
	free(j->path);
	memset(j, 0, sizeof(*j));
	j->fd = -1;
}

const struct cc_journal_entry *
cc_journal_find(const struct cc_journal *j, const char *input)
{
	const struct cc_journal_slot *s;

	if (j->cap_in == 0)
		return NULL;
	s = slot_of(j->by_input, j->cap_in, input);
	return s->key ? &j->v[s->entry] : NULL;
}

const char *
cc_journal_owner(const struct cc_journal *j, const char *output)
{
	const struct cc_journal_slot *s;
	const struct cc_journal_entry *e;

	if (j->cap_out == 0)
		return NULL;
	s = slot_of(j->by_output, j->cap_out, output);
	if (s->key == NULL)
		return NULL;
	/* The entry may have been replaced by a later one of its input that
	 * no longer lists this output. */
	e = &j->v[s->entry];
	for (size_t i = 0; i < e->noutputs; i++)
		if (strcmp(e->outputs[i], output) == 0)
			return e->input;
	return NULL;
}

int
cc_journal_escape(struct cc_buf *b, const char *s)
{
	for (; *s; s++) {
		int rc = *s == '\\' ? cc_buf_puts(b, "\\\\") : *s == '\t' ? cc_buf_puts(b, "\\t")
		         : *s == '\n' ? cc_buf_puts(b, "\\n") : cc_buf_append(b, s, 1);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
cc_journal_append(struct cc_journal *j, const char *input, int ok, unsigned long long size,
                  long long mtime_sec, long mtime_nsec, const char *sha256,
                  const char *outputs)
{
	struct cc_buf b = CC_BUF_INIT;
	int rc = -1;

	if (j->fd < 0)
		return 0;
	if (cc_buf_printf(&b, "%s\t%llu\t%lld.%09ld\t%s\t", ok ? "ok" : "failed", size,
	                  mtime_sec, mtime_nsec, sha256 && *sha256 ? sha256 : "-") == 0 &&
	    cc_journal_escape(&b, input) == 0 &&
	    (outputs == NULL || *outputs == '\0' || cc_buf_printf(&b, "\t%s", outputs) == 0) &&
	    cc_buf_puts(&b, "\n") == 0)
		rc = write(j->fd, b.data, b.len) == (ssize_t)b.len ? 0 : -1;
	cc_buf_free(&b);
	return rc;
}

/*
 * The journal's SHA-256 is nettle's, opened with dlopen the first time a
 * run hashes an input, so that the core links only libc and libdl and a
 * run that keeps no journal never maps nettle.  Only nettle's header is
 * needed to build (configure names the library's soname: CC_NETTLE_SONAME).
 */
#ifdef HAVE_NETTLE
#ifndef CC_NETTLE_SONAME
#define CC_NETTLE_SONAME "libnettle.so"
#endif

static struct {
	void (*init)(struct sha256_ctx *);
	void (*update)(struct sha256_ctx *, size_t, const uint8_t *);
	void (*digest)(struct sha256_ctx *, size_t, uint8_t *);
	char why[256];                 /* empty when the three are there */
} nettle;
static pthread_once_t nettle_once = PTHREAD_ONCE_INIT;

/* A name no library has: with CORPUSCONV_DEBUG=no-nettle the core looks
 * nettle up under it, and so takes the path of a machine that lacks
 * nettle, dlopen's failure included (tests/journal-no-nettle.sh; nothing
 * else reads it). */
#define CC_NETTLE_ABSENT "libnettle-absent-for-CORPUSCONV_DEBUG.so"

static const char *
nettle_soname(void)
{
	const char *debug = getenv("CORPUSCONV_DEBUG");

	return debug && strstr(debug, "no-nettle") ? CC_NETTLE_ABSENT : CC_NETTLE_SONAME;
}

static void
open_nettle(void)
{
	void *h = dlopen(nettle_soname(), RTLD_NOW | RTLD_LOCAL);
	void *sym[3] = { NULL, NULL, NULL };
	static const char *const name[3] = {
		"nettle_sha256_init", "nettle_sha256_update", "nettle_sha256_digest",
	};

	for (int i = 0; h && i < 3; i++)
		if ((sym[i] = dlsym(h, name[i])) == NULL)
			break;
	if (h == NULL || sym[2] == NULL) {
		const char *e = dlerror();
		snprintf(nettle.why, sizeof(nettle.why), "%s", e ? e : CC_NETTLE_SONAME ": no SHA-256");
		return;
	}
	/* POSIX: a data pointer from dlsym converts to a function pointer. */
	*(void **)&nettle.init = sym[0];
	*(void **)&nettle.update = sym[1];
	*(void **)&nettle.digest = sym[2];
}

const char *
cc_sha256_unavailable(void)
{
	pthread_once(&nettle_once, open_nettle);
	return nettle.why[0] ? nettle.why : NULL;
}

#else /* no nettle at build time: no hashes */
const char *
cc_sha256_unavailable(void)
{
	return "corpusconv was built without nettle";
}

struct sha256_ctx { int unused; };
#define SHA256_DIGEST_SIZE 32
static struct {
	void (*init)(struct sha256_ctx *);
	void (*update)(struct sha256_ctx *, size_t, const uint8_t *);
	void (*digest)(struct sha256_ctx *, size_t, uint8_t *);
} nettle;
#endif

static void
to_hex(const uint8_t *d, size_t n, char *hex)
{
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

void
cc_sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];

	hex[0] = '\0';
	if (cc_sha256_unavailable())
		return;
	nettle.init(&c);
	nettle.update(&c, len, data);
	nettle.digest(&c, sizeof(d), d);
	to_hex(d, sizeof(d), hex);
}

int
cc_sha256_fd(int fd, char hex[65], unsigned long long *size)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE], buf[65536];
	unsigned long long at = 0;
	ssize_t n;

	if (cc_sha256_unavailable()) {
		errno = ENOSYS;
		return -1;
	}
	nettle.init(&c);
	for (;;) {
		n = pread(fd, buf, sizeof(buf), (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		nettle.update(&c, (size_t)n, buf);
		at += (unsigned long long)n;
	}
	if (n < 0)
		return -1;
	nettle.digest(&c, sizeof(d), d);
	to_hex(d, sizeof(d), hex);
	if (size)
		*size = at;
	return 0;
}

int
cc_sha256_file(const char *path, char hex[65])
{
	int fd, rc, saved;

	if (cc_sha256_unavailable()) {
		errno = ENOSYS;
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	rc = cc_sha256_fd(fd, hex, NULL);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
