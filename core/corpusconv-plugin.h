/*
 * corpusconv-plugin.h: the one header a corpusconv plugin sees.
 *
 * A plugin is a shared object that exports a single symbol,
 *
 *     const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host);
 *
 * and links against nothing of corpusconv.  Everything it needs from the
 * host (memory, errors, documents, streams, other formats, options) it
 * reaches through the `struct cc_host` table passed to that function, the
 * way a SQLite extension reaches SQLite through sqlite3_api_routines.
 *
 * Compatibility rules (see corpusconv-plugin(7) and the plugin guide):
 *   - struct cc_host only grows at its end; a NULL slot means "not
 *     available".  The host refuses a plugin that declares a newer minor
 *     than its own, so a plugin may use every slot of the minor it
 *     declares; a plugin that wants to use newer slots when present, and
 *     still declare an older minor, tests them with CC_HOST_HAS().
 *   - The host accepts a plugin whose abi_major equals CC_ABI_MAJOR and
 *     whose abi_minor is not newer than the host's.  Any other plugin is
 *     refused with a message naming its file and both versions.
 *   - struct cc_format and cc_filter grow at their end (ABI 1.4 gave each
 *     a `size` field, set to sizeof, as SQLite's sqlite3_module has
 *     iVersion).  The host reads a field only when the plugin's minor and
 *     size say the plugin has it: a plugin built before 1.4, or one that
 *     leaves `size` 0, has the 1.3 layout (no options, no later hooks:
 *     end_run, the -d run's index, is read only when `size` covers it;
 *     so are 1.5's probe hints, `signatures` and `probe_unhinted`).
 *   - struct cc_plugin, cc_option, cc_signature, cc_person and
 *     cc_statement never change within a major version.  Enums may gain values in a minor
 *     version: a plugin treats a block kind it does not know as a
 *     paragraph, a person kind as CC_PERSON.
 *
 * Ownership: whoever allocates frees.  Strings and buffers the host returns
 * are borrowed: valid until the object they belong to is changed or freed.
 * Strings a plugin passes in are copied by the host.  Memory a plugin
 * allocates with host->malloc is freed with host->free.
 *
 * Threads: the host may run several documents at once in different threads.
 * A plugin keeps no mutable global state; the host table pointer it stores
 * at init is written once, before any conversion starts.
 *
 * This header must never include anything of corpusconv's internals.
 */
#ifndef CORPUSCONV_PLUGIN_H
#define CORPUSCONV_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CC_ABI_MAJOR 1
#define CC_ABI_MINOR 5

/* The name of the one symbol a plugin exports. */
#define CC_PLUGIN_INIT_SYMBOL "corpusconv_plugin_init"

/*
 * Return codes, on libarchive's ladder: the further below zero, the more
 * of the work is lost.
 */
#define CC_OK       0    /* done */
#define CC_EOF      1    /* nothing more (not an error) */
#define CC_WARN   (-20)  /* done, but something was skipped or repaired */
#define CC_FAILED (-25)  /* this document is lost; go on with the next */
#define CC_FATAL  (-30)  /* this run cannot go on */

/* Probe scores, FFmpeg's scale. */
#define CC_PROBE_MAX        100  /* verified magic and structure */
#define CC_PROBE_EXTENSION   50  /* the file name's extension alone */
#define CC_PROBE_WEAK        25  /* plausible content, nothing specific */
#define CC_PROBE_NONE         0

/* Block kinds: what a run of body text is. */
enum cc_block_kind {
	CC_BLOCK_PARAGRAPH = 0,
	CC_BLOCK_HEADING,     /* a section heading inside the article */
	CC_BLOCK_TITLE,       /* the article's headline */
	CC_BLOCK_SUBTITLE,    /* a standfirst or subheading under the title */
	CC_BLOCK_DATELINE,    /* "Jan. 29, 2023 - 15:44" */
	CC_BLOCK_BYLINE,      /* "By Ji Da-gyum" */
	CC_BLOCK_CAPTION,     /* a photo caption */
	CC_BLOCK_BOILERPLATE, /* site furniture: "Send to", teasers, contacts */
	CC_BLOCK_KIND_COUNT
};

/* Statement kinds: the words quoted whole (direct), a fragment quoted
 * inside the reporter's sentence (partial), or reported speech with no
 * quotation marks (indirect). */
enum cc_statement_kind {
	CC_STATEMENT_DIRECT = 0,
	CC_STATEMENT_PARTIAL,
	CC_STATEMENT_INDIRECT,
	CC_STATEMENT_KIND_COUNT
};

/* Person kinds: who can be a speaker. */
enum cc_person_kind {
	CC_PERSON = 0,      /* one named or unnamed person */
	CC_PERSON_GROUP,    /* "Experts", "The two diplomats" */
	CC_PERSON_ORG,      /* "North Korea", "the ministry" */
	CC_PERSON_KIND_COUNT
};

/* Opaque objects owned by the host. */
typedef struct cc_ctx cc_ctx; /* one conversion: input name, options, errors */
typedef struct cc_doc cc_doc; /* one document */
typedef struct cc_in cc_in;   /* an input: a name and its bytes */
typedef struct cc_out cc_out; /* an output byte stream */

/*
 * A speaker.  Passed by pointer; on the way in the host copies every
 * string, on the way out the strings are borrowed from the document.
 * NULL means absent.
 */
struct cc_person {
	const char *id;          /* unique in the document, not empty ("p1");
	                          * best an NCName: it is not checked, and a
	                          * writer that needs one makes one */
	const char *name;        /* fullest name as written */
	const char *role;        /* title at first mention, as written */
	const char *affiliation; /* organisation, where stated apart */
	int kind;                /* enum cc_person_kind */
};

/*
 * A statement: who said what.  `block`, `start` and `end` anchor the quote
 * in the body: bytes [start, end) of block `block` should hold exactly
 * `quote`.  The host does not enforce it: a table row read without its
 * text keeps the anchor it was written with, so writers check before they
 * rely on it.  block == -1 means the statement is not anchored.
 */
struct cc_statement {
	const char *id;      /* unique in the document, not empty ("s1");
	                      * best an NCName, as for persons */
	int kind;            /* enum cc_statement_kind */
	const char *speaker; /* fullest name, or the words of an unnamed source */
	const char *person;  /* id of a cc_person, or NULL */
	const char *role;    /* speaker's role, as written */
	const char *cue;     /* attributing verb or phrase as written */
	const char *quote;   /* the words attributed, marks excluded */
	long block;          /* index of the block, or -1 */
	size_t start, end;   /* byte offsets in that block's text */
};

struct cc_format;

/* A sink for documents read by a nested reader; takes ownership of doc. */
typedef int (*cc_doc_sink)(void *user, cc_doc *doc);

/*
 * The host table.  Slots are never removed or reordered; new ones go at
 * the end and raise CC_ABI_MINOR.
 */
struct cc_host {
	unsigned abi_major;
	unsigned abi_minor;
	size_t size;          /* sizeof(struct cc_host) as the host knows it */
	const char *version;  /* corpusconv's version, "1.2.3" */

	/* Memory: use these for anything the host will free, or that the
	 * host handed over. */
	void *(*malloc)(size_t n);
	void *(*realloc)(void *p, size_t n);
	void (*free)(void *p);
	char *(*strdup)(const char *s);

	/*
	 * Errors.  report() records a message for the current input, prefixed
	 * with its name and, when line > 0, "line:col" (col 0: unknown), and
	 * returns `code` so a plugin can write `return host->report(...)`.
	 * CC_WARN messages are shown at once; CC_FAILED and CC_FATAL ones are
	 * shown when the failure reaches the host.  A code >= CC_OK records
	 * nothing.  A CC_FAILED reported while reading fails the input, whatever
	 * read() returns; one reported while filtering or writing a document
	 * fails that document only.  Newlines in a message become spaces (one
	 * message, one line), other control characters '?'.  printf-style.
	 */
	int (*report)(cc_ctx *ctx, int code, long line, long col,
	              const char *fmt, ...)
#if defined(__GNUC__)
		__attribute__((format(printf, 5, 6)))
#endif
		;
	int (*vreport)(cc_ctx *ctx, int code, long line, long col,
	               const char *fmt, va_list ap);

	/* Options: "--set key=value" and the command line's own options, by
	 * key.  Borrowed; NULL when not given.  A key that a loaded plugin
	 * declares (struct cc_option, ABI 1.4) was checked against its kind
	 * before the run started; a LINES key gives its values joined by
	 * '\n'.  Plugins that declare the same key share its value. */
	const char *(*option)(cc_ctx *ctx, const char *key);
	/* The limit for one document or input in bytes ("max-input"), and
	 * the nesting limit ("max-depth"). */
	size_t (*limit)(cc_ctx *ctx, const char *key);

	/* Inputs: a name for messages, and the whole input, NUL-terminated
	 * one byte past len.  Borrowed, valid during the read call. */
	const char *(*in_name)(const cc_in *in);
	const unsigned char *(*in_data)(const cc_in *in, size_t *len);

	/* Outputs.  out_write returns CC_OK, or CC_FATAL once a write has
	 * failed, with errno set to the reason (ENOSPC, EIO, ...); the host
	 * reports the failure (with the output's name and that reason) when
	 * it closes the output, so the writer need only stop. */
	int (*out_write)(cc_out *out, const void *buf, size_t len);
	const char *(*out_name)(const cc_out *out);
	/* A growable memory output for nested writers; out_mem_data borrows
	 * its bytes until the next write or out_free. */
	cc_out *(*out_mem_new)(const char *name);
	const unsigned char *(*out_mem_data)(const cc_out *out, size_t *len);
	void (*out_free)(cc_out *out);

	/* Documents.  doc_new(ctx, NULL) derives an NCName id from the input
	 * name (and a counter when one input holds several documents); an id
	 * given is taken as it is (not checked as an NCName: a writer that
	 * needs one makes it); NULL on an empty id.  emit()
	 * hands a finished document to the rest of the pipeline and takes
	 * ownership of it, whatever it returns. */
	cc_doc *(*doc_new)(cc_ctx *ctx, const char *id);
	void (*doc_free)(cc_doc *doc);
	int (*emit)(cc_ctx *ctx, cc_doc *doc);
	const char *(*doc_id)(const cc_doc *doc);
	int (*doc_set_id)(cc_doc *doc, const char *id);

	/* Metadata: an ordered list of key/value pairs; keys "title",
	 * "subtitle", "date" (ISO 8601), "author" (repeatable), "publisher",
	 * "source", "language" are well known.  meta_set replaces every
	 * value of key with one (value NULL: removes them). */
	int (*meta_add)(cc_doc *doc, const char *key, const char *value);
	int (*meta_set)(cc_doc *doc, const char *key, const char *value);
	size_t (*meta_count)(const cc_doc *doc);
	int (*meta_get)(const cc_doc *doc, size_t i, const char **key,
	                const char **value);
	const char *(*meta_find)(const cc_doc *doc, const char *key);

	/* Blocks: text is UTF-8, len bytes, no NUL inside.  block_add returns
	 * the new block's index, or -1 on failure. */
	long (*block_add)(cc_doc *doc, int kind, const char *text, size_t len);
	size_t (*block_count)(const cc_doc *doc);
	int (*block_get)(const cc_doc *doc, size_t i, int *kind,
	                 const char **text, size_t *len);
	int (*block_set_kind)(cc_doc *doc, size_t i, int kind);

	/* Persons.  person_add returns the index, or -1 (a bad kind, an
	 * empty id or one the document holds already).  A NULL id gets the
	 * first free "pN".  person_find returns the index of id, or -1. */
	long (*person_add)(cc_doc *doc, const struct cc_person *p);
	size_t (*person_count)(const cc_doc *doc);
	int (*person_get)(const cc_doc *doc, size_t i, struct cc_person *out);
	long (*person_find)(const cc_doc *doc, const char *id);

	/* Statements.  statement_add returns the index, or -1 (a bad kind,
	 * no quote, an empty id or one the document holds already).  A NULL
	 * id gets the first free "sN".  Extra fields (CSV columns corpusconv does not know)
	 * are kept as ordered key/value pairs per statement. */
	long (*statement_add)(cc_doc *doc, const struct cc_statement *s);
	size_t (*statement_count)(const cc_doc *doc);
	int (*statement_get)(const cc_doc *doc, size_t i,
	                     struct cc_statement *out);
	void (*statement_clear)(cc_doc *doc);
	int (*statement_extra_add)(cc_doc *doc, size_t i, const char *key,
	                           const char *value);
	size_t (*statement_extra_count)(const cc_doc *doc, size_t i);
	int (*statement_extra_get)(const cc_doc *doc, size_t i, size_t j,
	                           const char **key, const char **value);

	/* The bytes the document was read from, under their file name
	 * ("article.txt").  The host sets them, to the whole input, on every
	 * emitted document the reader gave none. */
	int (*original_set)(cc_doc *doc, const char *name, const void *data,
	                    size_t len);
	int (*original_get)(const cc_doc *doc, const char **name,
	                    const unsigned char **data, size_t *len);

	/* Names of the enums above, for formats that write them out, and
	 * back (-1 when unknown). */
	const char *(*block_kind_name)(int kind);
	int (*block_kind_parse)(const char *name);
	const char *(*statement_kind_name)(int kind);
	int (*statement_kind_parse)(const char *name);
	const char *(*person_kind_name)(int kind);
	int (*person_kind_parse)(const char *name);

	/* Other formats, for containers (a bundle holds TEI, text and CSV).
	 * format_find looks a name or alias up; NULL when absent.
	 * read_nested runs fmt's reader on a memory input named `name`;
	 * each document goes to sink(user, doc), or to this ctx's emit when
	 * sink is NULL.  Errors are reported under `name`. */
	const struct cc_format *(*format_find)(cc_ctx *ctx, const char *name);
	int (*read_nested)(cc_ctx *ctx, const struct cc_format *fmt,
	                   const char *name, const void *data, size_t len,
	                   cc_doc_sink sink, void *user);

	/* Runs the filter that gives a document its statements (the first
	 * loaded filter with CC_FILTER_STATEMENTS) when the document has none
	 * and the user did not say --statements=never. */
	int (*ensure_statements)(cc_ctx *ctx, cc_doc *doc);

	/* --- ABI 1.1 --- */

	/* The folder an input is, for formats with CC_FORMAT_FOLDERS that
	 * claimed a folder (a BagIt bag on disk); NULL for any other input.
	 * in_data gives no bytes for a folder input.  Borrowed. */
	const char *(*in_dir)(const cc_in *in);

	/* --- ABI 1.2 --- */

	/* Inside write_doc: 1 when the host knows the document it is writing
	 * is the only one its output will get (the output is for one input,
	 * read by a format with CC_FORMAT_ONE_DOC), else 0.  A container
	 * writer that lays out a lone document differently from one of
	 * several can then write it as it goes instead of holding it until
	 * write_end.  0 outside write_doc. */
	int (*doc_sole)(cc_ctx *ctx);

	/* --- ABI 1.3 --- */

	/* A number naming the bytes of the document's original, never given
	 * to other bytes while the process runs; 0 when it has none.  The
	 * documents of one input (a table, a teiCorpus) share one original:
	 * a writer that digests originals can digest each once. */
	unsigned long long (*original_serial)(const cc_doc *doc);

	/* --- ABI 1.4 --- */

	/* The name of the format whose reader made the document ("text";
	 * for an entry of a container, the entry's format, "tei" inside a
	 * bundle), or NULL when no reader made it.  Borrowed. */
	const char *(*doc_format)(const cc_doc *doc);

	/* For filters.  block_set_text replaces a block's text (UTF-8, no
	 * NUL): the caller keeps statement anchors in that block right, with
	 * statement_set.  statement_set replaces every field of statement i
	 * but its id (s->id is ignored) and its extra fields; statement_remove
	 * drops statement i, and the ones after it move down by one.  Each
	 * returns 0, or -1 (bad index or arguments, memory) with nothing
	 * changed. */
	int (*block_set_text)(cc_doc *doc, size_t i, const char *text, size_t len);
	int (*statement_set)(cc_doc *doc, size_t i, const struct cc_statement *s);
	int (*statement_remove)(cc_doc *doc, size_t i);

	/* The modification time of the document's original, in seconds
	 * since 1970-01-01 00:00 UTC, into *seconds: 0, or -1 when it has no
	 * original or its time is not known (standard input).  The host sets
	 * it from the input file; a reader that knows it sets it with
	 * original_set_mtime, after original_set. */
	int (*original_mtime)(const cc_doc *doc, long long *seconds);
	/* 0, or -1 when doc has no original. */
	int (*original_set_mtime)(cc_doc *doc, long long seconds);

	/* The input as an open file, for a reader of a format with
	 * CC_FORMAT_STREAM: a descriptor of the input file, or -1 when the
	 * host loaded the input (standard input, a pipe, an entry of a
	 * container), whose bytes in_data gives then.  Borrowed: the host
	 * closes it after read() returns.  The reader may seek it and read it
	 * as many times as it likes; its offset is unspecified at the start. */
	int (*in_fd)(const cc_in *in);
};

/* True when the host table has slot `field` (it may still be NULL). */
#define CC_HOST_HAS(host, field)                                          \
	((host)->size >= offsetof(struct cc_host, field) + sizeof((host)->field))

/* Format capabilities. */
#define CC_FORMAT_READ       0x01u
#define CC_FORMAT_WRITE      0x02u
#define CC_FORMAT_STATEMENTS 0x04u /* the writer wants statements */
#define CC_FORMAT_CONTAINER  0x08u /* one output holds many documents */
#define CC_FORMAT_FOLDERS    0x10u /* reads a folder as one input (ABI 1.1):
                                      its probe is asked about each folder
                                      met, with len 0 and name "PATH/" */
#define CC_FORMAT_ONE_DOC    0x20u /* read() emits at most one document per
                                      input (ABI 1.2; see doc_sole) */
#define CC_FORMAT_STREAM     0x40u /* read() takes a file input from in_fd,
                                      so the host neither loads it whole
                                      nor bounds it by max-input (ABI 1.4;
                                      the reader bounds what it loads) */
#define CC_FORMAT_HINTS      0x80u /* its probe hints are complete (ABI 1.5;
                                      see struct cc_signature): the host
                                      may leave the plugin closed for an
                                      input they do not fit */

/*
 * Probe hints (ABI 1.5): what a reader's probe looks for, declared so
 * that the host can tell, from the plugin's manifest and without opening
 * the plugin, that its probe would not claim an input, as GStreamer's
 * registry knows a typefinder's extensions.  A format's hints are its
 * `extensions` (the input's name ends in "." and one of them, in any
 * case) and its `signatures`; they fit an input when any one does.  A
 * format that sets CC_FORMAT_HINTS promises that its probe gives an
 * input no hint fits at most `probe_unhinted` (0 for most formats; a
 * fallback such as raw text says CC_PROBE_WEAK).  Without -f the host
 * then probes the readers whose hints fit each input, and the others
 * only when one of them could still match or beat the best score so far
 * (its probe_unhinted >= that score), so the result is the one probing
 * every reader would give.  Folders are probed alike, with the
 * CC_SIGNATURE_FOLDER_ENTRY signatures of CC_FORMAT_FOLDERS readers.  A
 * format without CC_FORMAT_HINTS is probed for every input, as before 1.5.  Hints may fit more than the probe
 * claims (that costs an open), never less.
 */
enum cc_signature_at {
	CC_SIGNATURE_START = 0,  /* the input's first bytes ("PK\3\4") */
	CC_SIGNATURE_TEXT,       /* the first bytes after a UTF-8 byte-order
	                            mark and ASCII white space ("<") */
	CC_SIGNATURE_FIRST_LINE, /* anywhere before the first LF (or in the
	                            probe's bytes when none), ASCII letters
	                            in either case ("quote": a header row) */
	CC_SIGNATURE_FOLDER_ENTRY, /* for CC_FORMAT_FOLDERS: the name of a
	                            file or folder in the folder probed
	                            ("bagit.txt"; no '/'); never fits a file */
	CC_SIGNATURE_AT_COUNT
};

#define CC_SIGNATURE_MAX 64 /* the longest signature, in bytes */

struct cc_signature {
	int at;             /* enum cc_signature_at */
	const char *bytes;  /* NULL ends an array of signatures */
	size_t len;         /* 1..CC_SIGNATURE_MAX bytes; NUL allowed */
};

/*
 * An option a format or filter declares (ABI 1.4), in the spirit of
 * libarchive's module options.  The host checks every `--set KEY=VALUE`
 * (and `--set PLUGIN:KEY=VALUE`) against the declared keys before any
 * conversion starts, so a plugin's option() gets only values of the kind
 * it declared, or NULL when the user gave none (the default is the
 * plugin's to apply: `def` is what `corpusconv formats` shows).  An array
 * of options ends with an entry whose key is NULL.
 */
enum cc_option_kind {
	CC_OPTION_STRING = 0, /* any text */
	CC_OPTION_BOOL,       /* 1 0 yes no true false on off; given as "1" or "0" */
	CC_OPTION_SIZE,       /* bytes: digits with an optional K, M or G */
	CC_OPTION_DATE,       /* a calendar date, YYYY-MM-DD */
	CC_OPTION_CHOICE,     /* one of `choices` */
	CC_OPTION_LIST,       /* one or more of `choices`, comma-separated */
	CC_OPTION_LINES,      /* repeatable: the values given, one a line */
	CC_OPTION_KIND_COUNT
};

struct cc_option {
	const char *key;       /* "csv-safe": letters, digits, '-' */
	int kind;              /* enum cc_option_kind */
	const char *def;       /* the default, for the listing, or NULL */
	const char *help;      /* one line */
	const char *const *choices; /* CHOICE, LIST: NULL-terminated */
	/* A long option of the command that sets this key ("csv-safe" makes
	 * `--csv-safe`): without a value for a BOOL, with one otherwise.
	 * NULL for none.  The first plugin loaded to declare it has it. */
	const char *alias;
	/* Further checks of one value (one line of LINES) after the kind's:
	 * NULL when fine, else why not, a static string.  May be NULL. */
	const char *(*check)(const char *value);
};

/*
 * A format.  Callbacks a format lacks are NULL and its flags say so.
 *
 * probe(): `buf` holds the first `len` bytes of the input (host-owned,
 * followed by at least 16 zero bytes), `name` its path as found
 * ("dir/sub/x.txt") or NULL for stdin.  It
 * consumes nothing and returns a CC_PROBE_* score, 0..100.  A format with
 * CC_FORMAT_FOLDERS is also asked about folders: `name` ends in '/' and
 * len is 0; a score above 0 makes the folder one input of that format.
 *
 * read(): reads every document of `in` and passes each to host->emit().
 * Returns the worst code it met: CC_FAILED when the input is lost (after
 * reporting why), CC_FATAL only when the run cannot go on.
 *
 * write_begin() / write_doc() / write_end(): one output stream; write_doc
 * is called once per document (a non-container format is given exactly
 * one).  write_end() is always called once after a successful begin;
 * with abort != 0 it only releases `state`.
 */
struct cc_format {
	const char *name;                /* "tei" */
	const char *const *aliases;      /* NULL-terminated, or NULL */
	const char *const *extensions;   /* without dot, first is preferred */
	const char *media_type;          /* "application/tei+xml" */
	const char *description;         /* one line, for `corpusconv formats` */
	unsigned flags;                  /* CC_FORMAT_* */
	int (*probe)(const unsigned char *buf, size_t len, const char *name);
	int (*read)(cc_ctx *ctx, cc_in *in);
	int (*write_begin)(cc_ctx *ctx, cc_out *out, void **state);
	int (*write_doc)(cc_ctx *ctx, void *state, const cc_doc *doc);
	int (*write_end)(cc_ctx *ctx, void *state, int abort);

	/* --- ABI 1.4: read only when the plugin declares minor >= 4 and
	 * sets size --- */
	size_t size;                     /* sizeof(struct cc_format) */
	const struct cc_option *options; /* keys it reads, or NULL */

	/*
	 * end_run(): a writer's view of a whole -d run, or NULL (ABI 1.4;
	 * read only when size covers it).  After every input of a run with
	 * -d DIR is written, and only when the run was not stopped, the host
	 * calls it once, in the main thread, with `out`: a new output
	 * DIR/index.EXT (EXT the format's first extension), written under a
	 * temporary name and renamed into place when end_run returns CC_OK
	 * or CC_WARN (discarded otherwise, or when a write failed), as every
	 * output is.  `pages` lists the outputs of this run in DIR, paths
	 * relative to DIR in name order, NULL-terminated; with --update it
	 * includes the outputs of the inputs it left alone.  The writer may
	 * read them back (under out_dir) to build the index: documents are
	 * written in several threads or worker processes, so state kept
	 * between write_doc calls would not see them all.  Not called with
	 * -o or --output-template.
	 */
	int (*end_run)(cc_ctx *ctx, cc_out *out, const char *out_dir,
	               const char *const *pages);

	/* --- ABI 1.5: probe hints, read only when the plugin declares minor
	 * >= 5, size covers them and flags have CC_FORMAT_HINTS --- */
	const struct cc_signature *signatures; /* or NULL: extensions only */
	int probe_unhinted;  /* the most probe() gives an input no hint fits */
};

/* Filter capabilities. */
#define CC_FILTER_STATEMENTS 0x01u /* gives a document its statements */

/*
 * A filter: an analysis that changes a document in place (its text,
 * metadata, persons or statements).  Filters run in the order the user
 * names them (--filter A,B) on every document between reader and writer;
 * one with CC_FILTER_STATEMENTS also runs by itself when the writer wants
 * statements and the document has none.
 */
struct cc_filter {
	const char *name;
	const char *description;
	unsigned flags;                   /* CC_FILTER_* */
	int (*apply)(cc_ctx *ctx, cc_doc *doc);

	/* --- ABI 1.4, as for struct cc_format --- */
	size_t size;                      /* sizeof(struct cc_filter) */
	const struct cc_option *options;  /* keys it reads, or NULL */
};

/* What corpusconv_plugin_init returns: static, constant, never freed. */
struct cc_plugin {
	unsigned abi_major;   /* CC_ABI_MAJOR the plugin was built against */
	unsigned abi_minor;   /* CC_ABI_MINOR the plugin was built against */
	size_t size;          /* sizeof(struct cc_plugin) */
	const char *name;     /* "tei" */
	const char *version;  /* the plugin's own version */
	const char *description;
	const struct cc_format *const *formats; /* NULL-terminated, or NULL */
	const struct cc_filter *const *filters; /* NULL-terminated, or NULL */
};

/* Fills the first three fields of a struct cc_plugin initialiser. */
#define CC_PLUGIN_HEADER CC_ABI_MAJOR, CC_ABI_MINOR, sizeof(struct cc_plugin)

typedef const struct cc_plugin *(*cc_plugin_init_fn)(const struct cc_host *);

/* The entry point, exported by every plugin.  The host calls it once per
 * engine when it loads the file, before it checks the descriptor, and only
 * for files named *.so. */
#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host);

#ifdef __cplusplus
}
#endif
#endif /* CORPUSCONV_PLUGIN_H */
