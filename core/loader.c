/*
 * loader.c: finds plugins, dlopens them, checks their descriptors and
 * registers their formats and filters.  A plugin that fails any check is
 * reported (file and reason) and skipped; it never stops the others.
 * A plugin with an up-to-date manifest (manifest.c) is registered from it
 * and opened only when a run first needs one of its callbacks
 * (cc_format_open, cc_filter_open): a run opens the plugins it uses.
 *
 * Search order: --plugin-dir folders, then CORPUSCONV_PLUGIN_PATH
 * (colon-separated), then the installed folder, or instead of it, for the
 * corpusconv of a build tree, the plugins built beside it.  Never the
 * working directory.  A plugin name already loaded from an earlier folder
 * is skipped, so a folder given first overrides an installed plugin.
 */
#include <dirent.h>
#include <errno.h>
#include <dlfcn.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "internal.h"

#ifndef CC_PLUGIN_DIR
#define CC_PLUGIN_DIR "/usr/local/lib/corpusconv/plugins"
#endif
#ifndef CC_BIN_DIR
#define CC_BIN_DIR "/usr/local/bin"
#endif
/* What `make` writes into a build tree's plugins/ folder, beside a link
 * NAME.so to libtool's plugins/.libs/NAME.so for each plugin built
 * (Makefile.am, plugin-links). */
#define BUILD_TREE_MARK "BUILD-TREE"

int
cc_engine_add_plugin_dir(cc_engine *eng, const char *dir)
{
	char *d;

	if (cc_grow(&eng->dirs, &eng->capdirs, eng->ndirs + 1, sizeof(*eng->dirs)))
		return -1;
	if ((d = strdup(dir)) == NULL)
		return -1;
	eng->dirs[eng->ndirs++] = d;
	cc_plugin_folders_free(eng);
	return 0;
}

/* --- where plugins are searched ----------------------------------------- */

/*
 * The plugins/ folder of the build tree the running program was built in,
 * or NULL (also when memory runs out).  libtool runs an uninstalled
 * program from the .libs folder of its build folder (as corpusconv or
 * lt-corpusconv), a static build from the build folder itself; either way
 * the build folder's plugins/ holds BUILD_TREE_MARK.  A program in the
 * configured bindir is an installed one and never looks: an installed
 * corpusconv must not pick up a build tree.  The program's own path comes
 * from /proc/self/exe (Linux; elsewhere the installed folder is used).
 */
static char *
build_tree_plugins(void)
{
	char exe[PATH_MAX], bindir[PATH_MAX], *slash, *dir;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0'; /* exe is now the program's folder */
	if (realpath(CC_BIN_DIR, bindir) != NULL && strcmp(bindir, exe) == 0)
		return NULL;
	if ((slash = strrchr(exe, '/')) != NULL && strcmp(slash + 1, ".libs") == 0)
		*slash = '\0';
	if ((dir = malloc(strlen(exe) + sizeof("/plugins/" BUILD_TREE_MARK))) == NULL)
		return NULL;
	sprintf(dir, "%s/plugins/" BUILD_TREE_MARK, exe);
	if (access(dir, F_OK) != 0) {
		free(dir);
		return NULL;
	}
	dir[strlen(dir) - sizeof(BUILD_TREE_MARK)] = '\0';
	return dir;
}

/* Adds dir to the search list unless it is there already (by its real
 * path when it exists).  Takes dir; 0 or -1. */
static int
add_folder(cc_engine *eng, char *dir, const char *origin)
{
	char real[PATH_MAX], other[PATH_MAX];
	int known = realpath(dir, real) != NULL;

	for (size_t i = 0; i < eng->nsearch; i++) {
		const char *p = eng->search[i].path;
		if (strcmp(p, dir) == 0 ||
		    (known && realpath(p, other) != NULL && strcmp(real, other) == 0)) {
			free(dir);
			return 0;
		}
	}
	if (cc_grow(&eng->search, &eng->capsearch, eng->nsearch + 1, sizeof(*eng->search))) {
		free(dir);
		return -1;
	}
	eng->search[eng->nsearch].path = dir;
	eng->search[eng->nsearch].origin = origin;
	eng->nsearch++;
	return 0;
}

static int
add_folder_copy(cc_engine *eng, const char *dir, const char *origin)
{
	char *d = strdup(dir);

	return d ? add_folder(eng, d, origin) : -1;
}

/* Fills eng->search; 0 or -1 (memory). */
static int
plugin_folders(cc_engine *eng)
{
	const char *env = getenv("CORPUSCONV_PLUGIN_PATH");
	char *build;
	size_t i;

	if (eng->nsearch > 0)
		return 0;
	for (i = 0; i < eng->ndirs; i++)
		if (add_folder_copy(eng, eng->dirs[i], "--plugin-dir") < 0)
			goto out_fail;
	if (env && *env) {
		char *copy = strdup(env), *save = NULL, *tok;
		if (copy == NULL)
			goto out_fail;
		for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
			if (add_folder_copy(eng, tok, "CORPUSCONV_PLUGIN_PATH") < 0) {
				free(copy);
				goto out_fail;
			}
		}
		free(copy);
	}
	if ((build = build_tree_plugins()) != NULL) {
		if (add_folder(eng, build, "build tree") < 0)
			goto out_fail;
	}
	else if (add_folder_copy(eng, CC_PLUGIN_DIR, "installed") < 0)
		goto out_fail;
	return 0;
out_fail:
	cc_plugin_folders_free(eng);
	return -1;
}

void
cc_plugin_folders_free(struct cc_engine *eng)
{
	for (size_t i = 0; i < eng->nsearch; i++)
		free(eng->search[i].path);
	free(eng->search);
	eng->search = NULL;
	eng->nsearch = eng->capsearch = 0;
}

const char *
cc_engine_plugin_folder(cc_engine *eng, size_t i, const char **origin)
{
	if (plugin_folders(eng) < 0 || i >= eng->nsearch)
		return NULL;
	if (origin)
		*origin = eng->search[i].origin;
	return eng->search[i].path;
}

/* "A (origin), B (origin)": the folders searched, for messages. */
static void
describe_folders(cc_engine *eng, struct cc_buf *b)
{
	const char *dir, *origin;

	for (size_t i = 0; (dir = cc_engine_plugin_folder(eng, i, &origin)) != NULL; i++)
		cc_buf_printf(b, "%s%s (%s)", i ? ", " : "", dir, origin);
}

/* Records a refusal in the load report and shows it as a warning. */
static void
refuse(cc_engine *eng, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void
refuse(cc_engine *eng, const char *path, const char *fmt, ...)
{
	struct cc_buf why = CC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	cc_buf_vprintf(&why, fmt, ap);
	va_end(ap);
	cc_buf_printf(&eng->load_report, "%s: %s\n", path, why.data ? why.data : "");
	cc_message(eng, CC_MSG_WARNING, "plugin %s not loaded: %s", path, why.data ? why.data : "");
	cc_buf_free(&why);
}

static int
has_name(const char *s)
{
	return s != NULL && *s != '\0';
}

/*
 * The part of struct cc_format and cc_filter from ABI 1.4 on: a plugin
 * built against 1.4 or later that sets `size` has at least the fields up
 * to `options`.  One built before, or that leaves size 0 (an author who
 * kept a 1.3 initialiser), has the 1.3 layout, and the host never reads
 * past its last callback.
 */
#define FORMAT_SIZE_14 (offsetof(struct cc_format, options) + sizeof(void *))
#define FILTER_SIZE_14 (offsetof(struct cc_filter, options) + sizeof(void *))
/* ABI 1.5's probe hints: the format covers them up to probe_unhinted. */
#define FORMAT_SIZE_15 (offsetof(struct cc_format, probe_unhinted) + sizeof(int))

static size_t
format_size(const struct cc_plugin *d, const struct cc_format *f)
{
	return d->abi_minor >= 4 ? f->size : 0;
}

/* Whether f declares probe hints: a 1.5 plugin whose format covers them
 * and says so with CC_FORMAT_HINTS (a flag older plugins never meant). */
static int
format_hinted(const struct cc_plugin *d, const struct cc_format *f)
{
	return d->abi_minor >= 5 && format_size(d, f) >= FORMAT_SIZE_15 &&
	       (f->flags & CC_FORMAT_HINTS);
}

static size_t
filter_size(const struct cc_plugin *d, const struct cc_filter *f)
{
	return d->abi_minor >= 4 ? f->size : 0;
}

/* The 1.4 part of a format or filter (`what` "format" or "filter"):
 * NULL when size is 0 (the 1.3 layout) or at least min and its options
 * are well formed, else what is wrong (in why when it names it). */
static const char *
layout_problem(const char *what, const char *name, size_t size, size_t min,
               const struct cc_option *options, struct cc_buf *why)
{
	if (size == 0)
		return NULL;
	if (size < min) {
		cc_buf_printf(why, "malformed descriptor: %s %s has size %zu, less than "
		              "ABI 1.4's %zu", what, name, size, min);
		return why->data;
	}
	return cc_options_problem(options);
}

/* Checks one format descriptor; NULL when fine, else what is wrong (in
 * why when it names the format). */
static const char *
format_problem(const struct cc_plugin *d, const struct cc_format *f, struct cc_buf *why)
{
	size_t size = format_size(d, f);
	const char *p;

	if (!has_name(f->name))
		return "a format has no name";
	if ((f->flags & CC_FORMAT_READ) && f->read == NULL)
		return "a format says it reads but has no read callback";
	if ((f->flags & CC_FORMAT_WRITE) &&
	    (f->write_begin == NULL || f->write_doc == NULL || f->write_end == NULL))
		return "a format says it writes but lacks a write callback";
	if (!(f->flags & (CC_FORMAT_READ | CC_FORMAT_WRITE)))
		return "a format neither reads nor writes";
	if (format_hinted(d, f) && (p = cc_hints_problem(f->signatures, f->probe_unhinted)) != NULL)
		return p;
	/* f->options exists only in the 1.4 layout: never read it else. */
	return layout_problem("format", f->name, size, FORMAT_SIZE_14,
	                      size >= FORMAT_SIZE_14 ? f->options : NULL, why);
}

static const char *
filter_problem(const struct cc_plugin *d, const struct cc_filter *f, struct cc_buf *why)
{
	size_t size = filter_size(d, f);

	if (!has_name(f->name) || f->apply == NULL)
		return "malformed descriptor: a filter has no name or no apply callback";
	return layout_problem("filter", f->name, size, FILTER_SIZE_14,
	                      size >= FILTER_SIZE_14 ? f->options : NULL, why);
}

/* Checks a descriptor against this host; NULL when acceptable.  Nothing
 * the plugin gave is called before this passes. */
static const char *
descriptor_problem(const struct cc_plugin *d, struct cc_buf *why)
{
	size_t i;
	const char *p;

	if (d->abi_major != CC_ABI_MAJOR || d->abi_minor > CC_ABI_MINOR) {
		cc_buf_printf(why, "built for plugin ABI %u.%u, this corpusconv has ABI %d.%d",
		              d->abi_major, d->abi_minor, CC_ABI_MAJOR, CC_ABI_MINOR);
		return why->data;
	}
	if (d->size < sizeof(struct cc_plugin))
		return "malformed descriptor: its size is smaller than the ABI's";
	if (!has_name(d->name) || !has_name(d->version))
		return "malformed descriptor: no name or version";
	if (d->formats == NULL && d->filters == NULL)
		return "malformed descriptor: no formats and no filters";
	for (i = 0; d->formats && d->formats[i]; i++) {
		if (i > 1024)
			return "malformed descriptor: format list not terminated";
		if ((p = format_problem(d, d->formats[i], why)) != NULL)
			return p;
	}
	for (i = 0; d->filters && d->filters[i]; i++) {
		if (i > 1024)
			return "malformed descriptor: filter list not terminated";
		if ((p = filter_problem(d, d->filters[i], why)) != NULL)
			return p;
	}
	return NULL;
}

static const struct cc_plugin_rec *
plugin_named(const cc_engine *eng, const char *name)
{
	for (size_t i = 0; i < eng->nplugins; i++)
		if (strcmp(eng->plugins[i]->desc->name, name) == 0)
			return eng->plugins[i];
	return NULL;
}

const struct cc_format_rec *
cc_format_lookup(const struct cc_engine *eng, const char *name)
{
	for (size_t i = 0; i < eng->nformats; i++) {
		const struct cc_format *f = eng->formats[i].fmt;
		if (strcasecmp(f->name, name) == 0)
			return &eng->formats[i];
	}
	for (size_t i = 0; i < eng->nformats; i++) {
		const struct cc_format *f = eng->formats[i].fmt;
		for (size_t j = 0; f->aliases && f->aliases[j]; j++)
			if (strcasecmp(f->aliases[j], name) == 0)
				return &eng->formats[i];
	}
	return NULL;
}

void
cc_format_hint(struct cc_engine *eng, struct cc_buf *b, const char *name, unsigned flag)
{
	const char **names = NULL, *near[4];
	size_t n = 0, cap = 0, nnear, i, j;

	if (eng->nformats == 0 && eng->nfilters == 0) {
		cc_buf_puts(b, "; no plugin was found in ");
		describe_folders(eng, b);
		return;
	}
	for (i = 0; i < eng->nformats; i++) {
		const struct cc_format *f = eng->formats[i].fmt;
		if (!(f->flags & flag))
			continue;
		for (j = 0; j == 0 || (f->aliases && f->aliases[j - 1]); j++) {
			if (cc_grow(&names, &cap, n + 1, sizeof(*names))) {
				free(names);
				return;
			}
			names[n++] = j == 0 ? f->name : f->aliases[j - 1];
		}
	}
	nnear = cc_suggest(name, names, n, near, sizeof(near) / sizeof(*near));
	for (i = 0; i < nnear; i++)
		cc_buf_printf(b, "%s'%s'", i == 0 ? "; did you mean " :
		              i + 1 == nnear ? " or " : ", ", near[i]);
	if (nnear)
		cc_buf_puts(b, "?");
	free(names);
}

/* Adds the formats and filters of plugins[idx]; 0 or -1 (memory). */
static int
register_plugin(cc_engine *eng, size_t idx)
{
	const struct cc_plugin_rec *rec = eng->plugins[idx];
	const struct cc_plugin *d = rec->desc;
	size_t i;

	for (i = 0; d->formats && d->formats[i]; i++) {
		const struct cc_format *f = d->formats[i];
		const struct cc_format_rec *prev = cc_format_lookup(eng, f->name);
		if (prev != NULL && strcasecmp(prev->fmt->name, f->name) == 0) {
			cc_message(eng, CC_MSG_WARNING,
			           "format '%s' of %s ignored: %s, loaded first, has it",
			           f->name, rec->path, prev->plugin->path);
			continue;
		}
		if (cc_grow(&eng->formats, &eng->capformats, eng->nformats + 1, sizeof(*eng->formats)))
			return -1;
		eng->formats[eng->nformats].fmt = f;
		eng->formats[eng->nformats].real = rec->handle ? f : NULL;
		eng->formats[eng->nformats].plugin = rec;
		eng->formats[eng->nformats].declares = format_size(d, f) != 0;
		eng->formats[eng->nformats].options = format_size(d, f) ? f->options : NULL;
		/* A later 1.4 field: read only when the descriptor covers it. */
		eng->formats[eng->nformats].end_run =
			format_size(d, f) >= offsetof(struct cc_format, end_run) + sizeof(f->end_run)
				? f->end_run : NULL;
		eng->formats[eng->nformats].hinted = format_hinted(d, f);
		eng->formats[eng->nformats].unhinted = format_hinted(d, f) ? f->probe_unhinted : 0;
		eng->formats[eng->nformats].signatures = format_hinted(d, f) ? f->signatures : NULL;
		eng->nformats++;
	}
	for (i = 0; d->filters && d->filters[i]; i++) {
		if (cc_grow(&eng->filters, &eng->capfilters, eng->nfilters + 1, sizeof(*eng->filters)))
			return -1;
		eng->filters[eng->nfilters].filter = d->filters[i];
		eng->filters[eng->nfilters].real = rec->handle ? d->filters[i] : NULL;
		eng->filters[eng->nfilters].plugin = rec;
		eng->filters[eng->nfilters].declares = filter_size(d, d->filters[i]) != 0;
		eng->filters[eng->nfilters].options =
			filter_size(d, d->filters[i]) ? d->filters[i]->options : NULL;
		eng->nfilters++;
	}
	return 0;
}

/* Says which plugin files a run opens, when CORPUSCONV_DEBUG names
 * "plugins" (the tests count them; nothing else reads it). */
static void
trace_open(const char *path)
{
	const char *debug = getenv("CORPUSCONV_DEBUG");

	if (debug && strstr(debug, "plugins"))
		fprintf(stderr, "corpusconv: debug: opening plugin %s\n", path);
}

/* Opens path and checks its descriptor.  Returns 0 with *handle and
 * *desc set, or 1 when refused (reported). */
static int
open_file(cc_engine *eng, const char *path, void **handle, const struct cc_plugin **desc)
{
	struct cc_buf why = CC_BUF_INIT;
	const struct cc_plugin *d;
	cc_plugin_init_fn init;
	const char *problem;
	void *h, *sym;

	trace_open(path);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		refuse(eng, path, "cannot load: %s", dlerror());
		return 1;
	}
	sym = dlsym(h, CC_PLUGIN_INIT_SYMBOL);
	if (sym == NULL) {
		refuse(eng, path, "no entry symbol %s", CC_PLUGIN_INIT_SYMBOL);
		goto out_close;
	}
	/* POSIX guarantees a data pointer from dlsym converts to a function. */
	*(void **)&init = sym;
	d = init(&cc_host_table);
	if (d == NULL) {
		refuse(eng, path, "%s returned no descriptor", CC_PLUGIN_INIT_SYMBOL);
		goto out_close;
	}
	if ((problem = descriptor_problem(d, &why)) != NULL) {
		refuse(eng, path, "%s", problem);
		goto out_close;
	}
	cc_buf_free(&why);
	*handle = h;
	*desc = d;
	return 0;
out_close:
	cc_buf_free(&why);
	dlclose(h);
	return 1;
}

/* Adds a plugin record, which takes h (NULL for a plugin known from its
 * manifest) and m (or NULL), even when it fails; 0, or -1 when memory
 * ran out. */
static int
add_plugin(cc_engine *eng, const char *path, void *h, const struct cc_plugin *d,
           struct cc_manifest *m)
{
	struct cc_plugin_rec *rec = NULL;

	if (cc_grow(&eng->plugins, &eng->capplugins, eng->nplugins + 1, sizeof(*eng->plugins)) ||
	    (rec = calloc(1, sizeof(*rec))) == NULL || (rec->path = strdup(path)) == NULL) {
		free(rec);
		cc_manifest_free(m);
		if (h)
			dlclose(h);
		return -1;
	}
	rec->handle = h;
	rec->desc = d;
	rec->manifest = m;
	eng->plugins[eng->nplugins++] = rec;
	return register_plugin(eng, eng->nplugins - 1);
}

/* Whether a manifest's formats and filters are what the checks of a
 * plugin's own would pass, so far as a manifest says (its callbacks
 * are checked when the plugin is opened): the core prints and uses them
 * as they are, and a manifest is a file anyone may have edited. */
static int
manifest_sound(const struct cc_plugin *d)
{
	for (size_t i = 0; d->formats && d->formats[i]; i++) {
		const struct cc_format *f = d->formats[i];
		if (!has_name(f->name) || !(f->flags & (CC_FORMAT_READ | CC_FORMAT_WRITE)) ||
		    cc_options_problem(f->options) != NULL ||
		    cc_hints_problem(f->signatures, f->probe_unhinted) != NULL)
			return 0;
	}
	for (size_t i = 0; d->filters && d->filters[i]; i++)
		if (!has_name(d->filters[i]->name) || cc_options_problem(d->filters[i]->options) != NULL)
			return 0;
	return 1;
}

/* The descriptor of path's manifest when it is up to date and this host
 * could load the plugin it describes, else NULL (the plugin is opened). */
static struct cc_manifest *
usable_manifest(const char *path)
{
	struct cc_manifest *m;
	const struct cc_plugin *d;
	struct stat st;

	if (stat(path, &st) != 0 || (m = cc_manifest_read(path, &st)) == NULL)
		return NULL;
	d = cc_manifest_plugin(m);
	if (d->abi_major != CC_ABI_MAJOR || d->abi_minor > CC_ABI_MINOR || !has_name(d->name) ||
	    !has_name(d->version) || (d->formats == NULL && d->filters == NULL) ||
	    !manifest_sound(d)) {
		cc_manifest_free(m);
		return NULL;
	}
	return m;
}

/* Loads one file: from its manifest when it has an up-to-date one, else
 * by opening it.  Returns 1 when refused, 0 when loaded or skipped, -1
 * when memory ran out. */
static int
load_one(cc_engine *eng, const char *path, int use_manifest)
{
	struct cc_manifest *m = use_manifest ? usable_manifest(path) : NULL;
	const struct cc_plugin *d;
	void *h = NULL;

	if (m != NULL)
		d = cc_manifest_plugin(m);
	else if (open_file(eng, path, &h, &d) != 0)
		return 1;
	if (plugin_named(eng, d->name) != NULL) {
		/* shadowed by a folder searched earlier */
		cc_manifest_free(m);
		if (h)
			dlclose(h);
		return 0;
	}
	return add_plugin(eng, path, h, d, m);
}

/* The plugin's own format or filter called name, or NULL. */
static const struct cc_format *
own_format(const struct cc_plugin *d, const char *name)
{
	for (size_t i = 0; d->formats && d->formats[i]; i++)
		if (strcmp(d->formats[i]->name, name) == 0)
			return d->formats[i];
	return NULL;
}

static const struct cc_filter *
own_filter(const struct cc_plugin *d, const char *name)
{
	for (size_t i = 0; d->filters && d->filters[i]; i++)
		if (strcmp(d->filters[i]->name, name) == 0)
			return d->filters[i];
	return NULL;
}

/* Forgets what adopt() took from the plugin of rec: its code is about to
 * be unloaded, so no record may still point into it. */
static void
unadopt(cc_engine *eng, const struct cc_plugin_rec *rec)
{
	for (size_t i = 0; i < eng->nformats; i++)
		if (eng->formats[i].plugin == rec) {
			eng->formats[i].real = NULL;
			eng->formats[i].end_run = NULL;
		}
	for (size_t i = 0; i < eng->nfilters; i++)
		if (eng->filters[i].plugin == rec)
			eng->filters[i].real = NULL;
}

/* Points the records of rec at the plugin's own formats and filters;
 * 0, or -1 (no record changed) when one its manifest named is missing. */
static int
adopt(cc_engine *eng, const struct cc_plugin_rec *rec, const struct cc_plugin *d)
{
	for (size_t i = 0; i < eng->nformats; i++) {
		struct cc_format_rec *r = &eng->formats[i];
		const struct cc_format *f;
		if (r->plugin != rec)
			continue;
		if ((f = own_format(d, r->fmt->name)) == NULL || f->flags != r->fmt->flags)
			goto fail;
		r->real = f;
		r->end_run = format_size(d, f) >= offsetof(struct cc_format, end_run) +
		             sizeof(f->end_run) ? f->end_run : NULL;
	}
	for (size_t i = 0; i < eng->nfilters; i++) {
		struct cc_filter_rec *r = &eng->filters[i];
		if (r->plugin != rec)
			continue;
		if ((r->real = own_filter(d, r->filter->name)) == NULL)
			goto fail;
	}
	return 0;
fail:
	unadopt(eng, rec);
	return -1;
}

/* Opens a plugin known from its manifest.  Called with load_lock held. */
static void
open_plugin(cc_engine *eng, struct cc_plugin_rec *rec)
{
	const struct cc_plugin *d;
	void *h;

	/* rec is NULL for a format registered by other means than this
	 * loader (the fuzz harness's built-in plugins), never to be opened. */
	if (rec == NULL || rec->handle != NULL || rec->open_failed)
		return;
	if (open_file(eng, rec->path, &h, &d) != 0) {
		rec->open_failed = 1;
		return;
	}
	if (strcmp(d->name, rec->desc->name) != 0 || adopt(eng, rec, d) != 0) {
		refuse(eng, rec->path, "it differs from its manifest %s.manifest "
		       "(written by `corpusconv formats --write-manifest`)", rec->path);
		rec->open_failed = 1;
		dlclose(h);
		return;
	}
	rec->handle = h;
}

/* The engine's own (writable) record of a plugin. */
static struct cc_plugin_rec *
record_of(cc_engine *eng, const struct cc_plugin_rec *p)
{
	for (size_t i = 0; i < eng->nplugins; i++)
		if (eng->plugins[i] == p)
			return eng->plugins[i];
	return NULL;
}

/* Opens p unless it is open or was refused.  What open_plugin wrote is
 * seen by the caller after this returns (the lock orders it). */
static void
ensure_open(struct cc_engine *eng, const struct cc_plugin_rec *p)
{
	pthread_mutex_lock(&eng->load_lock);
	open_plugin(eng, record_of(eng, p));
	pthread_mutex_unlock(&eng->load_lock);
}

const struct cc_format *
cc_format_open(struct cc_engine *eng, const struct cc_format_rec *r)
{
	ensure_open(eng, r->plugin);
	return r->real;
}

const struct cc_filter *
cc_filter_open(struct cc_engine *eng, const struct cc_filter_rec *r)
{
	ensure_open(eng, r->plugin);
	return r->real;
}

/* Whether options declare `key` with a check of the plugin's. */
static int
needs_check(const struct cc_option *o, const char *key)
{
	for (; o && o->key; o++)
		if (strcmp(o->key, key) == 0 && cc_manifest_opens_for(o))
			return 1;
	return 0;
}

void
cc_plugins_open_checks(struct cc_engine *eng, const char *key)
{
	const char *colon = strchr(key, ':');

	key = colon ? colon + 1 : key;
	for (size_t i = 0; i < eng->nformats; i++) {
		struct cc_format_rec *r = &eng->formats[i];
		if (needs_check(r->options, key) && cc_format_open(eng, r) != NULL)
			r->options = r->real->options;
	}
	for (size_t i = 0; i < eng->nfilters; i++) {
		struct cc_filter_rec *r = &eng->filters[i];
		if (needs_check(r->options, key) && cc_filter_open(eng, r) != NULL)
			r->options = r->real->options;
	}
}

/* Opens every plugin; the number refused. */
static int
open_all(cc_engine *eng)
{
	int refused = 0;

	pthread_mutex_lock(&eng->load_lock);
	for (size_t i = 0; i < eng->nplugins; i++) {
		open_plugin(eng, eng->plugins[i]);
		refused += eng->plugins[i]->open_failed;
	}
	pthread_mutex_unlock(&eng->load_lock);
	return refused;
}

int
cc_engine_write_manifest(cc_engine *eng, const char *path)
{
	struct cc_buf text = CC_BUF_INIT, tmp = CC_BUF_INIT, final = CC_BUF_INIT;
	const struct cc_plugin_rec *rec;
	struct stat st;
	FILE *fp;
	int rc = -1;

	if (stat(path, &st) != 0) {
		cc_message(eng, CC_MSG_ERROR, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (load_one(eng, path, 0) != 0 || eng->nplugins != 1)
		return -1;
	rec = eng->plugins[0];
	if (cc_manifest_format(&text, &st, rec->desc, eng->formats, eng->nformats,
	                       eng->filters, eng->nfilters) != 0 ||
	    cc_buf_printf(&final, "%s.manifest", path) != 0 ||
	    cc_buf_printf(&tmp, "%s.%ld", final.data, (long)getpid()) != 0)
		goto out_free;
	/* Written aside and renamed: a run never reads half a manifest. */
	if ((fp = fopen(tmp.data, "w")) == NULL) {
		cc_message(eng, CC_MSG_ERROR, "%s: cannot create: %s", tmp.data, strerror(errno));
		goto out_free;
	}
	if ((fwrite(text.data, 1, text.len, fp) != text.len) | (fclose(fp) != 0) ||
	    rename(tmp.data, final.data) != 0) {
		cc_message(eng, CC_MSG_ERROR, "%s: cannot write: %s", final.data, strerror(errno));
		remove(tmp.data);
		goto out_free;
	}
	rc = 0;
out_free:
	cc_buf_free(&text);
	cc_buf_free(&tmp);
	cc_buf_free(&final);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_plugin_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".so") == 0;
}

/* Loads every *.so of `dir` in name order; returns refusals, or -1. */
static int
load_dir(cc_engine *eng, const char *dir)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int failures = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 0; /* a missing folder on the path is not an error */
	while ((de = readdir(d)) != NULL) {
		if (!is_plugin_file(de->d_name))
			continue;
		if (cc_grow(&names, &cap, n + 1, sizeof(*names)) ||
		    (names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2)) == NULL) {
			failures = -1;
			goto out_free;
		}
		sprintf(names[n++], "%s/%s", dir, de->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		int rc = load_one(eng, names[i], 1);
		if (rc < 0) {
			failures = -1;
			goto out_free;
		}
		failures += rc;
	}
out_free:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return failures;
}

int
cc_engine_load_plugins(cc_engine *eng)
{
	int failures = 0, rc;

	if (plugin_folders(eng) < 0)
		return -1;
	for (size_t i = 0; i < eng->nsearch; i++) {
		if ((rc = load_dir(eng, eng->search[i].path)) < 0)
			return -1;
		failures += rc;
	}
	return failures;
}

void
cc_plugins_unload(struct cc_engine *eng)
{
	for (size_t i = 0; i < eng->nplugins; i++) {
		/* Under AddressSanitizer keep plugins mapped so leak reports
		 * can still name their functions. */
		if (eng->plugins[i]->handle && getenv("CORPUSCONV_NO_DLCLOSE") == NULL)
			dlclose(eng->plugins[i]->handle);
		cc_manifest_free(eng->plugins[i]->manifest);
		free(eng->plugins[i]->path);
		free(eng->plugins[i]);
	}
	free(eng->plugins);
	free(eng->formats);
	free(eng->filters);
	eng->plugins = NULL;
	eng->formats = NULL;
	eng->filters = NULL;
	eng->nplugins = eng->nformats = eng->nfilters = 0;
}

/* "a,b,c" of a NULL-terminated list, into b; "-" for none. */
static const char *
join_list(struct cc_buf *b, const char *const *list)
{
	b->len = 0;
	cc_buf_puts(b, "-");
	if (list != NULL && list[0] != NULL) {
		b->len = 0;
		for (size_t i = 0; list[i]; i++)
			cc_buf_printf(b, "%s%s", i ? "," : "", list[i]);
	}
	return b->data ? b->data : "-";
}

/* The second line of a format or filter in `corpusconv formats`: its
 * description and aliases, indented, so that the first line stays one row
 * of the table (scripts and the shell completion read the rows). */
static void
print_details(const char *description, const char *const *aliases, struct cc_buf *scratch)
{
	int has_aliases = aliases != NULL && aliases[0] != NULL;

	if ((description == NULL || *description == '\0') && !has_aliases)
		return;
	printf("  %s", description ? description : "");
	if (has_aliases)
		printf("%saliases: %s", description && *description ? "; " : "",
		       join_list(scratch, aliases));
	putchar('\n');
}

int
cc_engine_list_formats(cc_engine *eng, int check)
{
	struct cc_buf ext = CC_BUF_INIT;
	size_t i;

	/* --check is the one listing that opens every plugin: a manifest
	 * cannot tell whether its plugin still loads. */
	if (check)
		open_all(eng);
	if (eng->nformats > 0 || eng->nfilters > 0)
		printf("%-12s %-4s %-10s %-8s %s\n", "FORMAT", "RW", "EXTENSIONS", "VERSION", "PLUGIN");
	for (i = 0; i < eng->nformats; i++) {
		const struct cc_format *f = eng->formats[i].fmt;
		printf("%-12s %c%c   %-10s %-8s %s\n", f->name,
		       f->flags & CC_FORMAT_READ ? 'r' : '-',
		       f->flags & CC_FORMAT_WRITE ? 'w' : '-', join_list(&ext, f->extensions),
		       eng->formats[i].plugin->desc->version, eng->formats[i].plugin->path);
		print_details(f->description, f->aliases, &ext);
		cc_options_print(eng->formats[i].options);
	}
	for (i = 0; i < eng->nfilters; i++) {
		const struct cc_filter *f = eng->filters[i].filter;
		printf("%-12s %-4s %-10s %-8s %s\n", f->name, "f", "-",
		       eng->filters[i].plugin->desc->version, eng->filters[i].plugin->path);
		print_details(f->description, NULL, &ext);
		cc_options_print(eng->filters[i].options);
	}
	cc_buf_free(&ext);
	if (eng->nformats > 0 || eng->nfilters > 0)
		cc_options_print_core();
	if (eng->nformats == 0 && eng->nfilters == 0) {
		struct cc_buf where = CC_BUF_INIT;
		describe_folders(eng, &where);
		cc_message(eng, CC_MSG_ERROR, "no plugin loaded: searched %s",
		           where.data ? where.data : "no folder");
		cc_buf_free(&where);
		if (check && eng->load_report.len > 0)
			printf("refused:\n%s", eng->load_report.data);
		return 1;
	}
	if (!check)
		return 0;
	if (eng->load_report.len == 0) {
		printf("all plugins loaded\n");
		return 0;
	}
	printf("refused:\n%s", eng->load_report.data);
	return 1;
}
