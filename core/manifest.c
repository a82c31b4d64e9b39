/*
 * manifest.c: what a plugin declares, kept in a file beside it so that a
 * run can know every format, filter and option without dlopen'ing the
 * plugins it does not use (the loader opens them when they are needed).
 *
 * NAME.so.manifest is text, one record a line, fields separated by tabs
 * (a tab, newline or backslash in a field is written \t, \n, \\; a NULL
 * string is \N).  It names the size and modification time of the file
 * it was written from: when they differ, or the manifest is missing or
 * cannot be read, the loader ignores it and opens the plugin as before,
 * saying nothing.  Written by `corpusconv formats --write-manifest`,
 * which make runs at build and install time; never read by a plugin.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define MANIFEST_MAGIC "corpusconv-manifest\t1"
#define MANIFEST_MAX (1024 * 1024)
#define MAX_FIELDS 8

/* Everything a manifest's descriptor points at: freed together. */
struct cc_manifest {
	void **blocks;
	size_t nblocks, capblocks;
	struct cc_plugin plugin;
};

/* --- writing ------------------------------------------------------------ */

static void
put_field(struct cc_buf *b, const char *s)
{
	cc_buf_puts(b, "\t");
	if (s == NULL) {
		cc_buf_puts(b, "\\N");
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '\t': cc_buf_puts(b, "\\t"); break;
		case '\n': cc_buf_puts(b, "\\n"); break;
		case '\\': cc_buf_puts(b, "\\\\"); break;
		default: cc_buf_append(b, s, 1);
		}
	}
}

static void
put_list(struct cc_buf *b, const char *tag, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++) {
		cc_buf_puts(b, tag);
		put_field(b, list[i]);
		cc_buf_puts(b, "\n");
	}
}

/* A format's probe hints (ABI 1.5): "probe\tUNHINTED", then a line
 * "sig\tAT\tHEX" for each signature (its bytes in hex: they may hold
 * any byte).  Nothing for a format that declares none. */
static void
put_hints(struct cc_buf *b, const struct cc_format_rec *r)
{
	if (!r->hinted)
		return;
	cc_buf_printf(b, "probe\t%d\n", r->unhinted);
	for (const struct cc_signature *sig = r->signatures; sig && sig->bytes; sig++) {
		cc_buf_printf(b, "sig\t%d\t", sig->at);
		for (size_t k = 0; k < sig->len; k++)
			cc_buf_printf(b, "%02x", (unsigned char)sig->bytes[k]);
		cc_buf_puts(b, "\n");
	}
}

static void
put_options(struct cc_buf *b, const struct cc_option *o)
{
	for (; o && o->key; o++) {
		cc_buf_printf(b, "option\t%d", o->kind);
		put_field(b, o->key);
		put_field(b, o->def);
		put_field(b, o->help);
		put_field(b, o->alias);
		cc_buf_printf(b, "\t%d\n", o->check != NULL);
		put_list(b, "choice", o->choices);
	}
}

int
cc_manifest_format(struct cc_buf *b, const struct stat *st, const struct cc_plugin *d,
                   const struct cc_format_rec *formats, size_t nformats,
                   const struct cc_filter_rec *filters, size_t nfilters)
{
	cc_buf_printf(b, MANIFEST_MAGIC "\nfile\t%lld\t%lld\t%ld\n", (long long)st->st_size,
	              (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec);
	cc_buf_printf(b, "plugin\t%u\t%u", d->abi_major, d->abi_minor);
	put_field(b, d->name);
	put_field(b, d->version);
	put_field(b, d->description);
	cc_buf_puts(b, "\n");
	for (size_t i = 0; i < nformats; i++) {
		const struct cc_format *f = formats[i].fmt;
		/* A format whose descriptor is too short for its hints is
		 * probed for every input: its manifest must not say "hinted". */
		cc_buf_printf(b, "format\t%u\t%d",
		              formats[i].hinted ? f->flags : f->flags & ~CC_FORMAT_HINTS,
		              formats[i].declares);
		put_field(b, f->name);
		put_field(b, f->media_type);
		put_field(b, f->description);
		cc_buf_puts(b, "\n");
		put_list(b, "alias", f->aliases);
		put_list(b, "ext", f->extensions);
		put_hints(b, &formats[i]);
		put_options(b, formats[i].options);
	}
	for (size_t i = 0; i < nfilters; i++) {
		const struct cc_filter *f = filters[i].filter;
		cc_buf_printf(b, "filter\t%u\t%d", f->flags, filters[i].declares);
		put_field(b, f->name);
		put_field(b, f->description);
		cc_buf_puts(b, "\n");
		put_options(b, filters[i].options);
	}
	return cc_buf_puts(b, "end\n");
}

/* --- reading ------------------------------------------------------------ */

static void *
man_alloc(struct cc_manifest *m, size_t n)
{
	void *p;

	if (cc_grow(&m->blocks, &m->capblocks, m->nblocks + 1, sizeof(*m->blocks)) ||
	    (p = calloc(1, n ? n : 1)) == NULL)
		return NULL;
	m->blocks[m->nblocks++] = p;
	return p;
}

void
cc_manifest_free(struct cc_manifest *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m);
}

/* One line split in place into at most MAX_FIELDS unescaped fields; the
 * number of fields, or -1 when an escape is malformed.  \N gives NULL. */
static int
split(char *line, char **field)
{
	int n = 0;
	char *r = line, *w = line;

	field[n++] = w;
	for (; *r; r++) {
		if (*r == '\t') {
			*w++ = '\0';
			if (n == MAX_FIELDS)
				return -1;
			field[n++] = w;
		} else if (*r == '\\') {
			r++;
			if (*r == 't') *w++ = '\t';
			else if (*r == 'n') *w++ = '\n';
			else if (*r == '\\') *w++ = '\\';
			else if (*r == 'N' && w == field[n - 1] && (r[1] == '\t' || r[1] == '\0')) {
				field[n - 1] = NULL;
			} else
				return -1;
		} else
			*w++ = *r;
	}
	*w = '\0';
	return n;
}

struct line {
	int n;
	char *f[MAX_FIELDS];
};

static int
tag_is(const struct line *l, const char *tag, int nfields)
{
	return l->n == nfields && l->f[0] && strcmp(l->f[0], tag) == 0;
}

/* Lines from i tagged `tag`, before any other tag but `skip`. */
static size_t
count_run(const struct line *l, size_t i, size_t n, const char *tag, const char *skip)
{
	size_t c = 0;

	for (; i < n && l[i].f[0]; i++) {
		if (strcmp(l[i].f[0], tag) == 0)
			c++;
		else if (skip == NULL || strcmp(l[i].f[0], skip) != 0)
			break;
	}
	return c;
}

/* The values of the `tag` lines from *i on, NULL-terminated (NULL when
 * there are none); advances *i past them. */
static const char *const *
take_list(struct cc_manifest *m, const struct line *l, size_t *i, size_t n,
          const char *tag, int *bad)
{
	size_t c = count_run(l, *i, n, tag, NULL);
	const char **list;

	if (c == 0)
		return NULL;
	if ((list = man_alloc(m, (c + 1) * sizeof(*list))) == NULL) {
		*bad = 1;
		return NULL;
	}
	for (size_t k = 0; k < c; k++, (*i)++) {
		if (!tag_is(&l[*i], tag, 2) || l[*i].f[1] == NULL)
			*bad = 1;
		list[k] = l[*i].f[1];
	}
	return list;
}

/* A check that only says its plugin has one: the loader opens the plugin
 * before a value for such an option is checked (cc_manifest_opens_for). */
static const char *
check_in_plugin(const char *value)
{
	return NULL;
}

static const struct cc_option *
take_options(struct cc_manifest *m, const struct line *l, size_t *i, size_t n, int *bad)
{
	size_t c = count_run(l, *i, n, "option", "choice");
	struct cc_option *o;

	if (c == 0)
		return NULL;
	if ((o = man_alloc(m, (c + 1) * sizeof(*o))) == NULL) {
		*bad = 1;
		return NULL;
	}
	for (size_t k = 0; k < c; k++) {
		const struct line *x = &l[*i];
		if (!tag_is(x, "option", 7) || !x->f[1] || !x->f[2] || !x->f[6]) {
			*bad = 1;
			return NULL;
		}
		o[k].kind = atoi(x->f[1]);
		o[k].key = x->f[2];
		o[k].def = x->f[3];
		o[k].help = x->f[4];
		o[k].alias = x->f[5];
		o[k].check = strcmp(x->f[6], "1") == 0 ? check_in_plugin : NULL;
		(*i)++;
		o[k].choices = take_list(m, l, i, n, "choice", bad);
	}
	return o;
}

static int
hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The signature of a "sig" line into *sig; 0, or -1 when malformed. */
static int
take_signature(struct cc_manifest *m, const struct line *x, struct cc_signature *sig)
{
	size_t n = x->f[2] ? strlen(x->f[2]) : 0;
	char *bytes;

	if (!tag_is(x, "sig", 3) || !x->f[1] || n == 0 || n % 2 != 0 ||
	    n / 2 > CC_SIGNATURE_MAX || (bytes = man_alloc(m, n / 2)) == NULL)
		return -1;
	for (size_t k = 0; k < n / 2; k++) {
		int hi = hex_digit(x->f[2][2 * k]), lo = hex_digit(x->f[2][2 * k + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		bytes[k] = (char)(hi << 4 | lo);
	}
	sig->at = atoi(x->f[1]);
	sig->bytes = bytes;
	sig->len = n / 2;
	return 0;
}

/* A format's probe hints from the lines at *i, when there are any (see
 * put_hints); advances *i past them. */
static void
take_hints(struct cc_manifest *m, const struct line *l, size_t *i, size_t n,
           struct cc_format *f, int *bad)
{
	size_t c;
	struct cc_signature *sigs;

	if (*i >= n || !tag_is(&l[*i], "probe", 2)) {
		/* Hinted with no hints would hide the reader from detection. */
		if (f->flags & CC_FORMAT_HINTS)
			*bad = 1;
		return;
	}
	if (!l[*i].f[1]) {
		*bad = 1;
		return;
	}
	f->probe_unhinted = atoi(l[(*i)++].f[1]);
	if ((c = count_run(l, *i, n, "sig", NULL)) == 0)
		return;
	if ((sigs = man_alloc(m, (c + 1) * sizeof(*sigs))) == NULL) {
		*bad = 1;
		return;
	}
	for (size_t k = 0; k < c; k++, (*i)++)
		if (take_signature(m, &l[*i], &sigs[k]) != 0)
			*bad = 1;
	f->signatures = sigs;
}

static struct cc_format *
take_format(struct cc_manifest *m, const struct line *l, size_t *i, size_t n, int *bad)
{
	const struct line *x = &l[(*i)++];
	struct cc_format *f = man_alloc(m, sizeof(*f));

	if (f == NULL || !tag_is(x, "format", 6) || !x->f[1] || !x->f[2] || !x->f[3]) {
		*bad = 1;
		return NULL;
	}
	f->flags = (unsigned)strtoul(x->f[1], NULL, 10);
	f->size = strcmp(x->f[2], "1") == 0 ? sizeof(struct cc_format) : 0;
	f->name = x->f[3];
	f->media_type = x->f[4];
	f->description = x->f[5];
	f->aliases = take_list(m, l, i, n, "alias", bad);
	f->extensions = take_list(m, l, i, n, "ext", bad);
	take_hints(m, l, i, n, f, bad);
	f->options = take_options(m, l, i, n, bad);
	return f;
}

static struct cc_filter *
take_filter(struct cc_manifest *m, const struct line *l, size_t *i, size_t n, int *bad)
{
	const struct line *x = &l[(*i)++];
	struct cc_filter *f = man_alloc(m, sizeof(*f));

	if (f == NULL || !tag_is(x, "filter", 5) || !x->f[1] || !x->f[2] || !x->f[3]) {
		*bad = 1;
		return NULL;
	}
	f->flags = (unsigned)strtoul(x->f[1], NULL, 10);
	f->size = strcmp(x->f[2], "1") == 0 ? sizeof(struct cc_filter) : 0;
	f->name = x->f[3];
	f->description = x->f[4];
	f->options = take_options(m, l, i, n, bad);
	return f;
}

/* The manifest's text, read whole, or NULL. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	struct cc_buf b = CC_BUF_INIT;
	char chunk[4096];
	size_t got;

	if (fp == NULL)
		return NULL;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0 && b.len <= MANIFEST_MAX)
		if (cc_buf_append(&b, chunk, got) != 0)
			break;
	if (ferror(fp) || b.len > MANIFEST_MAX || b.data == NULL || memchr(b.data, '\0', b.len)) {
		fclose(fp);
		cc_buf_free(&b);
		return NULL;
	}
	fclose(fp);
	return cc_buf_steal(&b);
}

/* Splits text into lines and fields; the number of lines, 0 when bad. */
static size_t
parse_lines(struct cc_manifest *m, char *text, struct line **out)
{
	size_t n = 0, k = 0;
	struct line *l;

	for (char *p = text; *p; p++)
		n += *p == '\n';
	if (n == 0 || (l = man_alloc(m, n * sizeof(*l))) == NULL)
		return 0;
	for (char *p = text, *nl; *p && k < n; p = nl + 1, k++) {
		if ((nl = strchr(p, '\n')) == NULL)
			return 0;
		*nl = '\0';
		if ((l[k].n = split(p, l[k].f)) < 1 || l[k].f[0] == NULL)
			return 0;
	}
	*out = l;
	return k;
}

/* Whether the "file" line describes st. */
static int
describes(const struct line *x, const struct stat *st)
{
	return tag_is(x, "file", 4) && x->f[1] && x->f[2] && x->f[3] &&
	       strtoll(x->f[1], NULL, 10) == (long long)st->st_size &&
	       strtoll(x->f[2], NULL, 10) == (long long)st->st_mtim.tv_sec &&
	       strtol(x->f[3], NULL, 10) == (long)st->st_mtim.tv_nsec;
}

/* Builds the descriptor from lines l[0..n); 0, or -1 when malformed. */
static int
build(struct cc_manifest *m, const struct line *l, size_t n, const struct stat *st)
{
	struct cc_plugin *d = &m->plugin;
	const struct cc_format **formats;
	const struct cc_filter **filters;
	size_t i = 3, nf = 0, nfl = 0, k;
	int bad = 0;

	if (n < 4 || l[0].n != 2 || strcmp(l[0].f[0], "corpusconv-manifest") != 0 ||
	    !l[0].f[1] || strcmp(l[0].f[1], "1") != 0 || !describes(&l[1], st) ||
	    !tag_is(&l[2], "plugin", 6) || !l[2].f[1] || !l[2].f[2] || !tag_is(&l[n - 1], "end", 1))
		return -1;
	d->abi_major = (unsigned)strtoul(l[2].f[1], NULL, 10);
	d->abi_minor = (unsigned)strtoul(l[2].f[2], NULL, 10);
	d->size = sizeof(*d);
	d->name = l[2].f[3];
	d->version = l[2].f[4];
	d->description = l[2].f[5];
	for (k = i; k < n; k++) {
		nf += strcmp(l[k].f[0], "format") == 0;
		nfl += strcmp(l[k].f[0], "filter") == 0;
	}
	formats = man_alloc(m, (nf + 1) * sizeof(*formats));
	filters = man_alloc(m, (nfl + 1) * sizeof(*filters));
	if (formats == NULL || filters == NULL)
		return -1;
	for (nf = nfl = 0; i < n - 1 && !bad;) {
		if (strcmp(l[i].f[0], "format") == 0)
			formats[nf++] = take_format(m, l, &i, n, &bad);
		else if (strcmp(l[i].f[0], "filter") == 0)
			filters[nfl++] = take_filter(m, l, &i, n, &bad);
		else
			bad = 1;
	}
	d->formats = nf ? formats : NULL;
	d->filters = nfl ? filters : NULL;
	return bad ? -1 : 0;
}

struct cc_manifest *
cc_manifest_read(const char *so_path, const struct stat *st)
{
	struct cc_manifest *m = calloc(1, sizeof(*m));
	struct cc_buf path = CC_BUF_INIT;
	struct line *lines = NULL;
	char *text = NULL;
	size_t n;

	if (m == NULL || cc_buf_printf(&path, "%s.manifest", so_path) != 0 ||
	    (text = slurp(path.data)) == NULL)
		goto out_fail;
	if (cc_grow(&m->blocks, &m->capblocks, m->nblocks + 1, sizeof(*m->blocks)))
		goto out_fail;
	m->blocks[m->nblocks++] = text; /* the fields point into it */
	if ((n = parse_lines(m, text, &lines)) == 0 || build(m, lines, n, st) != 0) {
		cc_buf_free(&path);
		cc_manifest_free(m);
		return NULL;
	}
	cc_buf_free(&path);
	return m;
out_fail:
	free(text);
	cc_buf_free(&path);
	cc_manifest_free(m);
	return NULL;
}

const struct cc_plugin *
cc_manifest_plugin(const struct cc_manifest *m)
{
	return &m->plugin;
}

int
cc_manifest_opens_for(const struct cc_option *o)
{
	return o->check == check_in_plugin;
}
