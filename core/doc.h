/*
 * doc.h: the document model (private to core/).  Plugins reach it only
 * through the host table; the functions here are what the table points to.
 * The model is plain data: it never does I/O and never reports errors
 * beyond returning -1 / NULL on exhausted memory or a bad argument.
 */
#ifndef CC_DOC_H
#define CC_DOC_H

#include <stddef.h>

#include "corpusconv-plugin.h"

/* Reference-counted immutable bytes: one input shared by its documents. */
struct cc_bytes;
struct cc_bytes *cc_bytes_new(const void *data, size_t len);
/* A new cc_bytes of len bytes (and a NUL after them), not yet set: its
 * maker fills them through *fill, and may shorten them with
 * cc_bytes_truncate, before sharing it with cc_bytes_ref. */
struct cc_bytes *cc_bytes_alloc(size_t len, unsigned char **fill);
void cc_bytes_truncate(struct cc_bytes *b, size_t len);
struct cc_bytes *cc_bytes_ref(struct cc_bytes *b);
void cc_bytes_unref(struct cc_bytes *b);
const unsigned char *cc_bytes_data(const struct cc_bytes *b, size_t *len);

cc_doc *cc_doc_new(const char *id);
void cc_doc_free(cc_doc *doc);
const char *cc_doc_id(const cc_doc *doc);
int cc_doc_set_id(cc_doc *doc, const char *id);

int cc_meta_add(cc_doc *doc, const char *key, const char *value);
int cc_meta_set(cc_doc *doc, const char *key, const char *value);
size_t cc_meta_count(const cc_doc *doc);
int cc_meta_get(const cc_doc *doc, size_t i, const char **key, const char **value);
const char *cc_meta_find(const cc_doc *doc, const char *key);

long cc_block_add(cc_doc *doc, int kind, const char *text, size_t len);
size_t cc_block_count(const cc_doc *doc);
int cc_block_get(const cc_doc *doc, size_t i, int *kind, const char **text, size_t *len);
int cc_block_set_kind(cc_doc *doc, size_t i, int kind);
int cc_block_set_text(cc_doc *doc, size_t i, const char *text, size_t len);

long cc_person_add(cc_doc *doc, const struct cc_person *p);
size_t cc_person_count(const cc_doc *doc);
int cc_person_get(const cc_doc *doc, size_t i, struct cc_person *out);
long cc_person_find(const cc_doc *doc, const char *id);

long cc_statement_add(cc_doc *doc, const struct cc_statement *s);
size_t cc_statement_count(const cc_doc *doc);
int cc_statement_get(const cc_doc *doc, size_t i, struct cc_statement *out);
int cc_statement_set(cc_doc *doc, size_t i, const struct cc_statement *s);
int cc_statement_remove(cc_doc *doc, size_t i);
void cc_statement_clear(cc_doc *doc);
int cc_statement_extra_add(cc_doc *doc, size_t i, const char *key, const char *value);
size_t cc_statement_extra_count(const cc_doc *doc, size_t i);
int cc_statement_extra_get(const cc_doc *doc, size_t i, size_t j, const char **key,
                           const char **value);

/* The reader's format name (host slot doc_format); `name` is borrowed
 * for the document's life: a format descriptor's, static in its plugin. */
const char *cc_doc_format(const cc_doc *doc);
void cc_doc_set_format(cc_doc *doc, const char *name);

int cc_original_set(cc_doc *doc, const char *name, const void *data, size_t len);
/* Shares `bytes` (takes a new reference) instead of copying. */
int cc_original_share(cc_doc *doc, const char *name, struct cc_bytes *bytes);
/* A number naming the original's bytes (never reused in the process), 0
 * when doc has none: the host slot original_serial. */
unsigned long long cc_original_serial(const cc_doc *doc);
/* The input file's modification time, kept with its bytes (set before
 * they are shared), and the host slots original_mtime and
 * original_set_mtime. */
void cc_bytes_set_mtime(struct cc_bytes *b, long long seconds);
int cc_original_mtime(const cc_doc *doc, long long *seconds);
int cc_original_set_mtime(cc_doc *doc, long long seconds);
int cc_original_get(const cc_doc *doc, const char **name, const unsigned char **data,
                    size_t *len);

const char *cc_block_kind_name(int kind);
int cc_block_kind_parse(const char *name);
const char *cc_statement_kind_name(int kind);
int cc_statement_kind_parse(const char *name);
const char *cc_person_kind_name(int kind);
int cc_person_kind_parse(const char *name);

/* Makes an NCName-safe id from any string (a file name stem): the caller
 * frees the result with free().  NULL on exhausted memory. */
char *cc_make_ncname(const char *s);

#endif
