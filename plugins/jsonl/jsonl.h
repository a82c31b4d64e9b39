/*
 * jsonl.h: what the JSON Lines plugin's files share: the host table and
 * the writer's entry points.  Private to plugins/jsonl; it must never
 * include anything of the core but corpusconv-plugin.h.
 */
#ifndef JSONL_H
#define JSONL_H

#include "corpusconv-plugin.h"

/* The host table, written once by corpusconv_plugin_init before any
 * conversion starts and only read afterwards. */
extern const struct cc_host *jsonl_host;

/* write.c */
int jsonl_write_begin(cc_ctx *ctx, cc_out *out, void **state);
int jsonl_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc);
int jsonl_write_end(cc_ctx *ctx, void *state, int abort);

#endif /* JSONL_H */
