/*
 * pipeline.h: what the batch runner (batch.c) and the document pipeline
 * (pipeline.c) share.  Private to core/.
 *
 * A run converts a list of inputs.  Workers (one per thread) each convert
 * whole inputs; what a worker touches of the run is either read-only or
 * behind run->lock.
 */
#ifndef CC_PIPELINE_H
#define CC_PIPELINE_H

#include <pthread.h>
#include <stdatomic.h>

#include "internal.h"
#include "journal.h"

/* An input file, and its path relative to the folder named on the
 * command line (what -d mirrors). */
struct cc_input {
	char *path;
	char *rel;
	int is_dir;                    /* a folder a format claimed (a bag on disk) */
};

/* An open output: a stream and its writer's state. */
struct cc_sink {
	cc_out *out;
	void *state;
	int begun;
	unsigned long ndocs;
};

struct cc_run {
	cc_engine *eng;
	const struct cc_job *job;
	const struct cc_format *to;
	const char *ext;               /* output extension, without dot */
	unsigned jobs;                 /* worker threads */
	size_t ninputs;                /* inputs this run converts */
	int per_input;                 /* -d or --output-template: one output per input */
	int hold;                      /* gathered output with jobs > 1: workers hold
	                                  documents for the writer, in input order */
	atomic_int fatal;              /* stop taking new inputs */
	struct cc_ctx *outctx;         /* context of the gathered output's writer */
	struct cc_sink gather;         /* -o FILE, or stdout */
	pthread_mutex_t lock;          /* guards what follows */
	struct cc_strset written;      /* per-input outputs so far, to refuse collisions */
	struct cc_journal *journal;    /* of the output folder, or NULL (-o, stdout) */
	unsigned long converted;       /* documents written, for the summary line */
	size_t skipped;                /* inputs skipped (empty), for the summary line */
	char **scanned;                /* output folders searched for stale temporaries */
	size_t nscanned, capscanned;
	char **stale;                  /* temporaries a killed run left there */
	size_t nstale, capstale;
	/* With -d and a writer that has end_run: the outputs of the run,
	 * relative to the folder (owned), for the run's index. */
	int (*end_run)(cc_ctx *, cc_out *, const char *, const char *const *);
	char **pages;
	size_t npages, cappages;
	int pages_bad;                 /* memory ran out collecting them */
};

/* What one input came to; filled by cc_convert_input. */
struct cc_result {
	int failures;                  /* documents or the input itself lost */
	unsigned long docs;            /* documents read */
	unsigned long converted;       /* documents written */
	int skipped;                   /* the input was skipped (it is empty) */
	struct cc_buf message;         /* the first error, for --report */
	struct cc_buf outputs;         /* output paths, ", "-separated */
	struct cc_buf journal_outputs; /* the same, as journal fields ('\t'-separated) */
	int stated;                    /* the input's identity below is known: */
	unsigned long long size;       /* its size and mtime as read */
	long long mtime_sec;
	long mtime_nsec;
	char sha256[65];               /* its content's hash ("" for a folder) */
	cc_doc **held;                 /* documents for the writer (hold mode) */
	size_t nheld, capheld;
};

/* The best score a folder-reading format gives `path` (a folder), and
 * that format in *fmt; 0 when none claims it. */
int cc_probe_folder(cc_engine *eng, const char *path, const struct cc_format **fmt);

/* Converts one input; with run->hold the documents are left in res->held,
 * ready for cc_write_held. */
void cc_convert_input(struct cc_run *run, const struct cc_input *in, struct cc_result *res);
/* Writes held documents to the gathered output, in order; frees them. */
void cc_write_held(struct cc_run *run, const struct cc_input *in, struct cc_result *res);
void cc_result_fini(struct cc_result *res);

/* Opens and closes the gathered output (stdout when path is NULL or "-"). */
int cc_gather_open(struct cc_run *run, const char *path);
int cc_gather_close(struct cc_run *run, int abort);

/* Removes the temporary files a killed run left for `path`
 * (".NAME.cctmp-HOST-PID-START-XXXXXX" beside it, see cc_temp_stale).  Call
 * with run->lock held. */
void cc_remove_stale(struct cc_run *run, const char *path);
void cc_run_fini(struct cc_run *run);

/* The per-input output path of an input (id NULL) or of its document
 * `id` (one of several when `several`); the caller frees it. */
char *cc_output_path(const struct cc_run *run, const struct cc_input *in, const char *id,
                     int several);
/* Expands an --output-template into b; -1 with *bad at an unknown
 * placeholder. */
int cc_expand_template(struct cc_buf *b, const char *tpl, const struct cc_input *in,
                       const char *ext, const char *id, const char **bad);

#endif
