/*
 * html.h: what the files of the HTML review plugin share (private to
 * plugins/html).  plugin.c holds the descriptor, write.c the writer (the
 * page frame, each article with its statements marked in place, the corpus
 * summary; with -d the run's index.html, from the pages read back), tally.c
 * the speaker index both the document and the corpus sections use.
 *
 * Nothing here may include core internals: corpusconv-plugin.h is the only
 * corpusconv header this plugin sees.  No file keeps mutable global state
 * apart from the host table write.c stores once at init.
 */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>

#include "corpusconv-plugin.h"

#if defined(__GNUC__)
#define HTML_HIDDEN __attribute__((visibility("hidden")))
#else
#define HTML_HIDDEN
#endif

/* A statement as the page links to it: the serial of its document in the
 * output (from 1) and its index in that document. */
struct html_ref {
	size_t doc;
	size_t st;
};

/* One speaker: the name as shown and the statements attributed to it. */
struct html_speaker {
	char *name;            /* owned */
	struct html_ref *refs; /* owned, nrefs long */
	size_t nrefs, cap;
};

/* Speakers by name: an open-addressing table over an array kept in the
 * order speakers were first met.  Zeroed means empty. */
struct html_tally {
	struct html_speaker *sp; /* owned, n long */
	size_t n, cap;
	size_t *slot;            /* owned: 0 empty, else index + 1 */
	size_t nslots;           /* a power of two, or 0 */
};

/* tally.c: memory through host->malloc/realloc/free. */
HTML_HIDDEN void html_tally_init(const struct cc_host *host);
/* Counts statement `ref` for speaker `name` (copied).  0, or -1 when
 * out of memory (the tally is still valid then, but may hold the new
 * speaker with no statement: a caller drops the tally or stops). */
HTML_HIDDEN int html_tally_add(struct html_tally *t, const char *name, struct html_ref ref);
/* The speakers' indexes, most statements first, then by name: an array
 * of t->n the caller frees with host->free; NULL when out of memory or
 * t->n is 0. */
HTML_HIDDEN size_t *html_tally_order(const struct html_tally *t);
/* Frees what the tally holds and zeroes it. */
HTML_HIDDEN void html_tally_free(struct html_tally *t);

/* write.c */
HTML_HIDDEN void html_write_init(const struct cc_host *host);
HTML_HIDDEN int html_write_begin(cc_ctx *ctx, cc_out *out, void **state);
HTML_HIDDEN int html_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc);
HTML_HIDDEN int html_write_end(cc_ctx *ctx, void *state, int abort);
/* The run's index (-d): struct cc_format's end_run, reading the pages
 * back. */
HTML_HIDDEN int html_end_run(cc_ctx *ctx, cc_out *out, const char *out_dir,
                             const char *const *pages);

#endif /* HTML_H */
