/*
 * table.h: what the statement-table plugin's files share: the column set
 * of formats/csv/README.md, the host table, and the reader and writer
 * entry points.  Private to plugins/csv; it must never include anything of
 * the core but corpusconv-plugin.h.
 */
#ifndef CSV_TABLE_H
#define CSV_TABLE_H

#include "corpusconv-plugin.h"

/*
 * The standard columns, in the order the writer puts them.  The first
 * CSV_COL_COUNT are in every table written; `why` only in a table where
 * some statement has one (it is written when the user asks the extractor
 * to explain), right after `confidence`.  A statement keeps `confidence`
 * and `why` as its extra fields of those names: the table gives them
 * columns of their own, every other extra field goes after them.
 */
enum csv_column {
	CSV_COL_DOC_ID = 0,
	CSV_COL_STATEMENT_ID,
	CSV_COL_KIND,
	CSV_COL_SPEAKER,
	CSV_COL_SPEAKER_ROLE,
	CSV_COL_CUE,
	CSV_COL_QUOTE,
	CSV_COL_BLOCK,
	CSV_COL_START,
	CSV_COL_END,
	CSV_COL_DOC_DATE,
	CSV_COL_DOC_TITLE,
	CSV_COL_DOC_PUBLISHER,
	CSV_COL_DOC_SOURCE,
	CSV_COL_CONFIDENCE,
	CSV_COL_COUNT,              /* the columns of every table */
	CSV_COL_WHY = CSV_COL_COUNT,
	CSV_COL_KNOWN               /* the columns the reader knows */
};

/* A table wider than this is refused: no statement table needs it, and a
 * hostile one would otherwise cost memory per row. */
#define CSV_MAX_COLUMNS 1000

/* Columns beyond the standard ones that fit in a table as the writer
 * writes it, one fewer when it has a `why` column: both sides hold to
 * this, so what corpusconv writes it reads. */
#define CSV_MAX_EXTRA_COLUMNS (CSV_MAX_COLUMNS - CSV_COL_COUNT)

/* Header names of the standard columns, indexed by enum csv_column; they
 * are also the extra field names of confidence and why. */
extern const char *const csv_column_names[CSV_COL_KNOWN];

/* The metadata key a doc_* column holds, or NULL for other columns. */
const char *csv_column_meta_key(int column);

/* True when s is a confidence as formats/csv/README.md allows it: a
 * decimal number from 0 to 1 ("0.93", "1", ".5"). */
int csv_confidence_ok(const char *s);

/*
 * The host table, written once by corpusconv_plugin_init before any
 * conversion starts and only read afterwards (the plugin keeps no other
 * global state).  Shared by plugin.c, read.c and write.c.
 */
extern const struct cc_host *csv_host;

/* read.c */
int csv_table_read(cc_ctx *ctx, cc_in *in);

/* write.c */
int csv_table_write_begin(cc_ctx *ctx, cc_out *out, void **state);
int csv_table_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc);
int csv_table_write_end(cc_ctx *ctx, void *state, int abort);

#endif /* CSV_TABLE_H */
