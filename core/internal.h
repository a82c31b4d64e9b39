/*
 * internal.h: what the core's files share and nobody else sees: the
 * engine, the conversion context and the plugin registry.  Never
 * installed, never included by a plugin.
 */
#ifndef CC_INTERNAL_H
#define CC_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"
#include "corpusconv-plugin.h"
#include "corpusconv.h"
#include "doc.h"

struct cc_manifest;

/*
 * A plugin found.  One with an up-to-date manifest (manifest.c) is known
 * from it alone until a run needs it: then the loader opens it
 * (cc_format_open, cc_filter_open) and `handle` is set.
 */
struct cc_plugin_rec {
	char *path;                      /* owned */
	void *handle;                    /* dlopen handle, closed by the engine;
	                                    NULL while only the manifest is read */
	const struct cc_plugin *desc;    /* the plugin's static descriptor, or
	                                    its manifest's (names, flags, options:
	                                    no callbacks) */
	struct cc_manifest *manifest;    /* owned, or NULL */
	int open_failed;                 /* opening it was refused (reported) */
};

/* A format and the plugin it came from. */
struct cc_format_rec {
	const struct cc_format *fmt;     /* names and flags; its callbacks only
	                                    through cc_format_open */
	const struct cc_format *real;    /* the plugin's own, NULL until opened */
	const struct cc_plugin_rec *plugin;
	const struct cc_option *options; /* NULL for the 1.3 layout */
	int declares;                    /* the 1.4 layout: it can declare options */
	/* its end_run when its size covers the field, else NULL */
	int (*end_run)(cc_ctx *, cc_out *, const char *, const char *const *);
	/* Probe hints (ABI 1.5): when `hinted`, probe gives an input that its
	 * extensions and signatures do not fit at most `unhinted`. */
	int hinted;
	int unhinted;
	const struct cc_signature *signatures; /* NULL-ended by bytes, or NULL */
};

struct cc_filter_rec {
	const struct cc_filter *filter;  /* as for cc_format_rec */
	const struct cc_filter *real;
	const struct cc_plugin_rec *plugin;
	const struct cc_option *options;
	int declares;
};

/* A folder plugins are searched in, and why. */
struct cc_plugin_folder {
	char *path;                      /* owned */
	const char *origin;              /* static: "--plugin-dir", ... */
};

/* A value the user gave (key as given, "PLUGIN:KEY" or "KEY"; origin
 * the alias that gave it, "--csv-safe", or NULL for --set), or one
 * checked against the declarations (key as declared, origin NULL). */
struct cc_option_set {
	char *key;
	char *value;
	char *origin;
};

struct cc_engine {
	struct cc_plugin_rec **plugins;  /* each its own allocation: formats
	                                    and filters point into them */
	size_t nplugins, capplugins;
	struct cc_format_rec *formats;
	size_t nformats, capformats;
	struct cc_filter_rec *filters;
	size_t nfilters, capfilters;
	char **dirs;                     /* --plugin-dir folders, owned */
	size_t ndirs, capdirs;
	struct cc_plugin_folder *search; /* every folder searched, in order,
	                                    owned; NULL until first needed */
	size_t nsearch, capsearch;
	struct cc_option_set *options;   /* as given, in order */
	size_t noptions, capoptions;
	struct cc_option_set *resolved;  /* checked, what host->option reads */
	size_t nresolved, capresolved;
	int checked;                     /* resolved is up to date */
	char *filter_names;              /* --filter as given, owned, or NULL */
	const struct cc_filter_rec **chain; /* --filter, in order */
	size_t nchain, capchain;
	struct cc_buf load_report;       /* one line per plugin refused */
	cc_message_fn msg_fn;
	void *msg_user;
	int statements;                  /* enum cc_statements_mode, for the current job */
	int quiet;                       /* warnings and notes not shown */
	atomic_int warned_no_extractor;
	pthread_mutex_t msg_lock;        /* one message at a time on stderr */
	pthread_mutex_t load_lock;       /* one plugin opened at a time */
};

/*
 * A conversion context: one input being read (or one nested entry of a
 * container), with what it emits going to `sink`.
 */
struct cc_ctx {
	struct cc_engine *eng;
	struct cc_ctx *parent;           /* for nested reads, else NULL */
	char *name;                      /* input name for messages, owned */
	char *base;                      /* its file name without folders, owned */
	char *source;                    /* its path relative to the input
	                                    argument, owned, or NULL: base */
	char *stem_id;                   /* NCName from base without extension, owned */
	struct cc_bytes *input;          /* the input bytes (reference held) */
	char *dir;                       /* a folder input's path, owned, or NULL */
	int fd;                          /* a streamed input's file (in_fd), owned, or -1 */
	cc_doc_sink sink;                /* where emitted documents go */
	void *sink_user;
	unsigned long ndocs;             /* documents made so far, for ids */
	const struct cc_format *format;  /* the reader running, or NULL */
	int worst;                       /* worst code reported or returned */
	int sole;                        /* in write_doc: the output's only document */
	unsigned long lost;              /* nested entries that failed (top context) */
	struct cc_buf errors;            /* failure messages, one a line */
};

/* host.c */
extern const struct cc_host cc_host_table;
int cc_ctx_init(struct cc_ctx *ctx, struct cc_engine *eng, const char *name,
                struct cc_bytes *input, cc_doc_sink sink, void *user);
/* Sets the input's path relative to the input argument ("2023/a.txt"),
 * the documents' "source" and their original's name.  0, or -1 on OOM. */
int cc_ctx_set_source(struct cc_ctx *ctx, const char *rel);
void cc_ctx_fini(struct cc_ctx *ctx);
/* Sends ctx's stored failure messages to the engine's message callback. */
void cc_ctx_flush_errors(struct cc_ctx *ctx);
int cc_ensure_statements(cc_ctx *ctx, cc_doc *doc);
/* Runs the --filter chain on doc, then, when the writer wants statements
 * and the chain named no statement filter, the automatic one.  Returns
 * the worst code; stops at the first below CC_WARN. */
int cc_run_filters(cc_ctx *ctx, cc_doc *doc, int wants_statements);
/* Turns --filter's names into eng->chain; 0, or -1 (reported). */
int cc_chain_resolve(struct cc_engine *eng);

/* engine.c */
void cc_message(struct cc_engine *eng, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *cc_engine_option(const struct cc_engine *eng, const char *key);
size_t cc_engine_limit(const struct cc_engine *eng, const char *key);
/* A document takes up to CC_MEMORY_FACTOR times its input's size in
 * memory (tests/memory-bound.sh holds conversions to it): --max-memory
 * held in the process (issue 19) caps what may be read at max-memory /
 * CC_MEMORY_FACTOR.  That cap, or 0 without --max-memory; "max-input"
 * limits are never above it. */
#define CC_MEMORY_FACTOR 8
size_t cc_engine_memory_cap(const struct cc_engine *eng);

/* options.c */
/* NULL when a declared option list is well formed, else what is wrong. */
const char *cc_options_problem(const struct cc_option *opts);
/* Prints a declared option list, one "    --set KEY=KIND  help" a line. */
void cc_options_print(const struct cc_option *opts);
void cc_options_print_core(void);
void cc_options_free(struct cc_engine *eng);

/* loader.c */
const struct cc_format_rec *cc_format_lookup(const struct cc_engine *eng, const char *name);
/* Appends to b what the user may have meant by format `name`, which no
 * plugin provides with `flag` (CC_FORMAT_READ or CC_FORMAT_WRITE): a
 * "did you mean" of the nearest such formats, or, when no plugin loaded
 * at all, the folders searched.  Appends nothing when there is no hint. */
void cc_format_hint(struct cc_engine *eng, struct cc_buf *b, const char *name, unsigned flag);
void cc_plugins_unload(struct cc_engine *eng);
/* The plugin's own format (or filter) for r, its plugin opened first when
 * only its manifest was read; NULL when it cannot be opened (reported
 * once).  Safe from any thread. */
const struct cc_format *cc_format_open(struct cc_engine *eng, const struct cc_format_rec *r);
const struct cc_filter *cc_filter_open(struct cc_engine *eng, const struct cc_filter_rec *r);
/* Opens every plugin known from its manifest only that declares option
 * `key` with a check of its own, and takes its declarations from the
 * plugin, so the check can run.  Main thread, before any conversion. */
void cc_plugins_open_checks(struct cc_engine *eng, const char *key);

/* hints.c */
/* NULL when a format's signatures and probe_unhinted are well formed,
 * else what is wrong. */
const char *cc_hints_problem(const struct cc_signature *sigs, int unhinted);
/* Whether r's probe hints fit an input named name (NULL: standard input)
 * whose first bytes are buf[0..len); always 1 for a format that declares
 * none. */
int cc_hints_fit(const struct cc_format_rec *r, const unsigned char *buf, size_t len,
                 const char *name);
/* Whether r's probe could claim the folder path: its hints name an entry
 * the folder has, or it declares none, or more than 0 without a fit. */
int cc_hints_fit_folder(const struct cc_format_rec *r, const char *path);

/* manifest.c */
struct stat;
/* The manifest beside so_path when it is well formed and describes the
 * file st; NULL otherwise.  Free with cc_manifest_free. */
struct cc_manifest *cc_manifest_read(const char *so_path, const struct stat *st);
void cc_manifest_free(struct cc_manifest *m);
/* Its descriptor: names, flags and options, no callbacks.  Borrowed. */
const struct cc_plugin *cc_manifest_plugin(const struct cc_manifest *m);
/* Whether a manifest's option has a check the plugin must run. */
int cc_manifest_opens_for(const struct cc_option *o);
/* The manifest text of an opened plugin (file st) into b; 0 or -1. */
int cc_manifest_format(struct cc_buf *b, const struct stat *st, const struct cc_plugin *d,
                       const struct cc_format_rec *formats, size_t nformats,
                       const struct cc_filter_rec *filters, size_t nfilters);
void cc_plugin_folders_free(struct cc_engine *eng);

#endif
