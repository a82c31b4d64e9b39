/*
 * io.h: the core's streams.  Inputs are read whole (bounded by a limit);
 * outputs are byte streams to a file, stdout or memory.  A file output is
 * written under a temporary name in its own folder and renamed only when
 * complete, so a final name never holds a partial file.
 */
#ifndef CC_IO_H
#define CC_IO_H

#include <stddef.h>
#include <sys/types.h>

#include "corpusconv-plugin.h"
#include "doc.h"

/*
 * Reads all of `path` ("-" for stdin) into new shared bytes (*out, the
 * caller unrefs); *opened (when not NULL) gets the status of the file
 * read, taken when it was opened (zeros when it could not be taken), so
 * that it describes the bytes read even if another file has taken the
 * path since.  Returns 0, or -1 with *why set to a static message or
 * strerror text (errno-style), -2 when the input is over `limit` bytes.
 */
struct stat;
int cc_read_input(const char *path, size_t limit, struct cc_bytes **out, struct stat *opened,
                  const char **why);

/* How much of NAME a temporary name ".NAME.cctmp-HOST-PID-START-XXXXXX"
 * keeps: the whole (at most 48 more bytes: a pid of 7 digits, a start of
 * 16 hex digits) must fit NAME_MAX (255) whatever the output's name. */
#define CC_TMP_NAME_KEEP 200

/* SIGTERM or SIGINT when one is pending, not yet taken by the thread
 * that waits for it (both are blocked in every thread), else 0: the
 * clean-up is coming, and no output may go in under its final name
 * before it. */
int cc_ending_signal_pending(void);

/* True when the file name `name` (no folder) has the form of our
 * temporaries. */
int cc_temp_name(const char *name);
/* True when `path` is a temporary a run of corpusconv on this host made
 * and left: its name has our marker, this host's tag and the pid and
 * start time of a process that no longer runs, and it is a regular file of ours.  Only
 * such a file may be removed as stale. */
int cc_temp_stale(const char *path);

/*
 * Claims the output path for this process across processes: creates
 * ".NAME.ccclaim" beside it, atomically, saying this pid, host and run.
 * A claim left by a run of this host that is no longer running is taken
 * over; a live run's claim never is.  Returns 0; 1 when another run
 * holds it (*owner its pid, 0 when unknown); 2 when this run does: this
 * process under another name of the file (*owner getpid()), or with
 * --isolate another process of this run, the main one or a worker
 * (*owner its pid); -1 with errno on failure.  Claims live until
 * cc_release_claims (end of the run) or cc_remove_temps (a signal).
 */
int cc_claim_output(const char *path, long *owner);
void cc_release_claims(void);
/* In a run's main process, after its worker process `worker` (--isolate)
 * ended having written path: the claim that worker made on path becomes
 * this process's own where it is, removed with its other claims.  Its
 * line names the worker and this run, so it stays live to other runs
 * while this process lives, and is never unlinked and made again (which
 * left the name free for a moment).  Any other claim is left alone: only
 * a claim naming the worker's pid and start time and this process as its
 * run is adopted, so call it before reaping the worker (cc_child_reap),
 * while its pid cannot be another process's. */
void cc_adopt_claim(const char *path, pid_t worker);
/* Removes path's claim if a run no longer running left it (an output
 * --update leaves alone is not claimed again). */
void cc_drop_stale_claim(const char *path);
/* The name of path's claim file (".NAME.ccclaim" beside it), new; NULL
 * when memory ran out. */
char *cc_claim_name(const char *path);

/* Around the record of a finished input (journal entry and report line):
 * a signal's cc_remove_temps waits for one being written, and no record
 * begins after it. */
void cc_record_begin(void);
void cc_record_end(void);

/* Worker processes (--isolate) this process runs, each with its main
 * output's path (NULL: none): cc_remove_temps tells them to end, waits for
 * them, and removes the temporaries a killed one left beside that path.
 * cc_fork_worker forks one and records it, at once as far as a signal's
 * cc_remove_temps is concerned: that clean-up sees every worker forked,
 * and none is forked after it (the call then waits for the process to
 * end).  Returns as fork(2) does: the pid in the parent, 0 in the worker,
 * -1 with errno. */
pid_t cc_fork_worker(const char *out_path);
/* In a new worker process: forgets the temporaries, claims and workers
 * of the process it was forked from, which are not its own to remove. */
void cc_forget_inherited(void);
/* Sends sig to worker pid while it is recorded (not reaped: its pid is
 * still its own); 0, or -1 with errno (ESRCH: not recorded). */
int cc_child_kill(pid_t pid, int sig);
/* Reaps worker pid, which has ended (waitid(WNOWAIT) said so), and
 * forgets its record, in one step as far as a signal's cc_remove_temps
 * is concerned: that clean-up never signals a reaped pid, which another
 * process may have now, and never misses a worker not reaped.  When the
 * worker failed (sent no result), the temporaries and claims it left
 * beside its output go in that step too.  0 with *status, or -1 (a
 * signal's clean-up reaped it: *status unknown). */
int cc_child_reap(pid_t pid, int *status, int failed);

/* A file output, created under a temporary name next to `path`.  NULL
 * with *why set on failure.  Finish with cc_out_commit or cc_out_discard. */
cc_out *cc_out_file(const char *path, const char **why);
cc_out *cc_out_stdout(void);
cc_out *cc_out_mem(const char *name);

/* Flushes, closes and renames into place; frees out.  0, or -1 with
 * *why set (nothing is left under either name then). */
int cc_out_commit(cc_out *out, const char **why);
/* Removes the temporary file (if any) and frees out. */
void cc_out_discard(cc_out *out);
/* True once a write has failed. */
int cc_out_failed(const cc_out *out);
/* Why the first failed write failed (an errno value), or 0. */
int cc_out_error(const cc_out *out);

/* The host-table slots. */
int cc_out_write(cc_out *out, const void *buf, size_t len);
const char *cc_out_name(const cc_out *out);
const unsigned char *cc_out_mem_data(const cc_out *out, size_t *len);
void cc_out_free(cc_out *out);

/* Seconds on the monotonic clock: durations and deadlines. */
double cc_monotonic(void);

/* Makes every folder of `path` up to its last '/' (mkdir -p). 0 or -1. */
int cc_mkdirs_for(const char *path);

#endif
