/*
 * isolate.h: --isolate, each input converted in a forked worker process
 * under --timeout and --max-memory (isolate.c).  Private to core/.
 */
#ifndef CC_ISOLATE_H
#define CC_ISOLATE_H

#include "pipeline.h"

/* Called in the parent for each input as it ends, with its result
 * (borrowed) and the seconds it took. */
typedef void (*cc_isolate_done_fn)(void *user, size_t input, struct cc_result *res,
                                   double took);

/* Converts v[0..n) in up to run->jobs children at once; every input is
 * handed to done() once, unless the run stops (run->fatal): then those
 * never started are not.  Returns how many were started or handed
 * over, or -1 when memory ran out before any. */
long cc_isolate_all(struct cc_run *run, struct cc_input *v, size_t n, cc_isolate_done_fn done,
                    void *user);

#endif
