/*
 * corpusconv.h: the embedding API.  A program links libcorpusconv, makes
 * an engine, loads plugins and converts.  The `corpusconv` command is a
 * thin user of exactly this header.
 *
 * Ownership: the engine owns everything it returns; strings passed in are
 * copied.  One engine may run conversions from one thread at a time.
 */
#ifndef CORPUSCONV_H
#define CORPUSCONV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cc_engine cc_engine;

/* Severity of a message handed to the message callback. */
enum cc_message_level {
	CC_MSG_ERROR = 0,
	CC_MSG_WARNING,
	CC_MSG_INFO
};

typedef void (*cc_message_fn)(void *user, int level, const char *msg);

/* Returns NULL when memory is exhausted. */
cc_engine *cc_engine_new(void);
void cc_engine_free(cc_engine *eng);

/* Where messages go (default: stderr, prefixed "corpusconv: "). */
void cc_engine_set_message_fn(cc_engine *eng, cc_message_fn fn, void *user);

/*
 * Options seen by plugins through host->option(): "KEY" for every plugin
 * that declares KEY, "PLUGIN:KEY" for one plugin (KEY may leave out a
 * "PLUGIN-" its key begins with: csv:safe is csv's csv-safe).  Stored as
 * given and checked against what the loaded plugins declare by
 * cc_engine_check_options (cc_convert calls it first); a later value for
 * the same key replaces the earlier one, but for a key declared to take
 * lines, which gathers them.  0, or -1 on exhausted memory.
 */
int cc_engine_set_option(cc_engine *eng, const char *key, const char *value);

/* Checks every option given against the declarations of the plugins
 * loaded: an unknown key or a bad value is reported on the message
 * callback, naming the nearest key or value.  0, or -1. */
int cc_engine_check_options(cc_engine *eng);

/* The i-th long option that a loaded plugin declares as an alias of one
 * of its keys ("csv-safe" for --csv-safe), from 0; NULL past the last.
 * *takes_value: whether it takes a value.  Borrowed from the plugin. */
const char *cc_engine_alias(cc_engine *eng, size_t i, int *takes_value);

/* Sets the option behind alias `name` to value (NULL: "1", for an alias
 * taking no value); messages about it spell it "--NAME VALUE".  0, or -1
 * when no plugin declares the alias or memory ran out. */
int cc_engine_set_alias(cc_engine *eng, const char *name, const char *value);



/* Plugin folders, searched in the order added, before
 * CORPUSCONV_PLUGIN_PATH and the installed folder. */
int cc_engine_add_plugin_dir(cc_engine *eng, const char *dir);

/*
 * The i-th folder plugins are searched in (from 0), or NULL past the last:
 * the --plugin-dir folders, then those of CORPUSCONV_PLUGIN_PATH, then the
 * installed folder, or instead of it, when the running program is the
 * corpusconv of a build tree, the plugins built beside it.  A folder is
 * listed once.  *origin, when origin is not NULL, gets where the folder
 * comes from: "--plugin-dir", "CORPUSCONV_PLUGIN_PATH", "build tree" or
 * "installed".  Both strings are borrowed from the engine, valid until the
 * next cc_engine_add_plugin_dir or cc_engine_free; NULL also when memory
 * ran out.
 */
const char *cc_engine_plugin_folder(cc_engine *eng, size_t i, const char **origin);

/* Finds every plugin.  One with an up-to-date NAME.so.manifest is known
 * from it and opened only when a conversion uses it; any other is opened
 * now.  A plugin that cannot be loaded is reported and skipped; returns
 * the number of such failures (so far: one opened later and refused is
 * reported then). */
int cc_engine_load_plugins(cc_engine *eng);

/* Writes the table of formats (or, with check, the plugin load report)
 * to stdout.  Returns 0, or 1 when check found failures or when no
 * plugin loaded at all (then the folders searched are named on the
 * message callback). */
int cc_engine_list_formats(cc_engine *eng, int check);

/* Opens the plugin file `path` (only it: call it on an engine that has
 * loaded nothing) and writes what it declares to PATH.manifest, from
 * which later runs know the plugin without opening it until they need
 * it (docs/plugin-guide.md, "Manifests").  For build and install
 * scripts.  0, or -1 when the plugin was refused or the file could not
 * be written (reported on the message callback). */
int cc_engine_write_manifest(cc_engine *eng, const char *path);

/* --statements */
enum cc_statements_mode {
	CC_STATEMENTS_AUTO = 0,
	CC_STATEMENTS_ALWAYS,
	CC_STATEMENTS_NEVER
};

/* One conversion run: what `corpusconv -t TO ...` does. */
struct cc_job {
	const char *from;          /* format name, or NULL to detect */
	const char *to;            /* format name, required */
	const char *output;        /* -o FILE ("-" for stdout), or NULL */
	const char *output_dir;    /* -d DIR, or NULL */
	const char *output_template; /* per-input output paths, {dir} {stem}
	                              * {name} {ext} {id}; under output_dir
	                              * when both are given */
	const char *const *inputs; /* files, folders, "-"; ninputs of them */
	size_t ninputs;
	int statements;            /* enum cc_statements_mode */
	int verbose;               /* report each document converted */
	int quiet;                 /* no progress line, no warnings */
	unsigned jobs;             /* worker threads; 0: one per core */
	unsigned shard_index;      /* with shard_count: convert only the inputs */
	unsigned shard_count;      /* whose path hash is index-1 modulo count */
	int update;                /* -d: skip inputs whose output is newer */
	const char *report;        /* JSON lines, one per input, or NULL */
};

/*
 * The filters to run, in order, on every document between reader and
 * writer (--filter A,B): names of filters the loaded plugins provide,
 * comma-separated; NULL or "" for none.  A filter that gives statements
 * (CC_FILTER_STATEMENTS) still runs by itself when the writer wants
 * statements and the document has none, after the ones named here, unless
 * it is named.  Checked by cc_convert (an unknown name: exit status 2).
 * 0, or -1 on exhausted memory.
 */
int cc_engine_set_filters(cc_engine *eng, const char *names);

/* Exit status of a run: 0 every document converted, 1 some failed,
 * 2 the job itself is wrong (unknown format, bad output, binary output
 * bound for a terminal).  An input of no bytes is skipped with a warning.
 * The run ends with an info message "N converted, N failed, N skipped in
 * T s" when verbose, or when it had several inputs or documents or
 * anything failed or was skipped; never when quiet. */
int cc_convert(cc_engine *eng, const struct cc_job *job);

/*
 * Removes the temporary files of the outputs this process is writing (an
 * output lives under a temporary name until it is complete) and lets no
 * new output be created or completed; a run's record of a finished input
 * (journal entry and report line) being written is finished first (a few
 * seconds at most are waited for), and no other begins.  For a program ending on a signal:
 * call it from a thread that waits for the signal (sigwait), not from a
 * signal handler, then exit.
 */
void cc_remove_temps(void);

const char *cc_version(void);

/* The plugin ABI this library hosts, "MAJOR.MINOR" (corpusconv-plugin.h). */
const char *cc_plugin_abi_version(void);

/*
 * For "did you mean" messages: the candidates nearest to `word`, as git
 * suggests a command.  Case is ignored; a candidate that `word` begins is
 * nearest of all; the others are weighed by an edit distance in which
 * swapping two neighbours costs least and dropping a typed character
 * most.  Candidates too far from `word` are never suggested.  Writes up to
 * `max` of the nearest (all equally near, in the candidates' order, each
 * once) to `out` and returns how many.  The pointers are borrowed from
 * `candidates`.
 */
size_t cc_suggest(const char *word, const char *const *candidates, size_t ncandidates,
                  const char **out, size_t max);

/* Parses a size as the limit options take it: digits with an optional
 * K, M or G suffix (powers of 1024).  0, or -1 when s is not a size. */
int cc_parse_size(const char *s, size_t *out);

#ifdef __cplusplus
}
#endif
#endif /* CORPUSCONV_H */
