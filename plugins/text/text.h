/*
 * text.h: what the files of the raw-text plugin share.
 *
 * Two layers.  The host layer (plugin.c, read.c, write.c) talks to
 * corpusconv through `text_host`.  The rule layer (split.c, date.c,
 * rules.c, infer.c) is pure: it never touches the host, allocates only
 * with libc malloc/free and frees all of it before returning to the host
 * layer, so the unit test can link it without a host.
 *
 * Nothing here may include core internals; corpusconv-plugin.h is the only
 * corpusconv header this plugin sees.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "corpusconv-plugin.h"

#if defined(__GNUC__)
#define TEXT_HIDDEN __attribute__((visibility("hidden")))
#else
#define TEXT_HIDDEN
#endif

/* ---- host layer ------------------------------------------------------ */

/* The host table, written once by corpusconv_plugin_init. */
extern const struct cc_host *text_host TEXT_HIDDEN;

TEXT_HIDDEN int text_read(cc_ctx *ctx, cc_in *in);

/*
 * Text that is not UTF-8 made UTF-8 (encoding.c): UTF-16 with a
 * byte-order mark, or bytes that are not UTF-8 in an encoding named with
 * --set text-encoding, declared in the text or detected by ICU, each with
 * a warning naming it.  `utf8` says data[0..n) is UTF-8 without NUL (the
 * reader checked it).  *out is NULL when there is nothing to convert (or
 * the reader's UTF-8 check should report the fault); else a host buffer
 * of *out_len bytes plus a NUL, freed by the caller with text_host->free.
 * Returns CC_OK, or CC_FAILED (reported) when a named or declared
 * encoding is unknown or the bytes are not valid in it.
 */
TEXT_HIDDEN int text_decode(cc_ctx *ctx, const unsigned char *data, size_t n, int utf8,
                            char **out, size_t *out_len);
TEXT_HIDDEN int text_write_begin(cc_ctx *ctx, cc_out *out, void **state);
TEXT_HIDDEN int text_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc);
TEXT_HIDDEN int text_write_end(cc_ctx *ctx, void *state, int abort);

/* ---- rule layer: paragraphs (split.c) -------------------------------- */

/* One paragraph: bytes [off, off + len) of the text given to text_split
 * (in_text) when it is one line; else of text_paras.buf, lines joined by
 * a space.  Not NUL-terminated: read it through text_para_text and its
 * len.  `kind` is an enum cc_block_kind, set by text_infer.  Kept to 24
 * bytes: a text of short paragraphs has one for every few bytes of input
 * (issue 19, case 8). */
struct text_para {
	size_t off, len;
	uint32_t line;     /* the 1-based line it starts on (UINT32_MAX past it) */
	uint8_t kind;
	uint8_t in_text;
};

/* Paragraphs are kept in segments of this many (1.5 MiB, which malloc
 * maps apart from its heap), so that the reader can free each segment
 * once its paragraphs are the document's blocks: paragraphs and blocks
 * were both whole at the peak, 48 bytes for a paragraph of one letter
 * (issue 19, case 8).  The first segment grows from a few paragraphs. */
#define TEXT_SEG_BITS 16
#define TEXT_SEG ((size_t)1 << TEXT_SEG_BITS)

/* The paragraphs of one input.  Owned by whoever called text_split; freed
 * with text_paras_free. */
struct text_paras {
	const char *text;  /* text_split's input (borrowed) */
	char *buf;
	size_t buf_len, buf_cap;
	struct text_para **seg; /* nseg segments of TEXT_SEG (owned, or NULL
	                         * once text_paras_drop freed one) */
	size_t nseg, seg_cap;   /* seg_cap: the array seg's room */
	size_t cap0;            /* room of seg[0] while it grows */
	size_t n;
	int wrapped;  /* 1 when the input was read as hard-wrapped text */
};

/* Paragraph i (i < p->n, its segment not dropped). */
static inline struct text_para *text_para_at(const struct text_paras *p, size_t i)
{
	return &p->seg[i >> TEXT_SEG_BITS][i & (TEXT_SEG - 1)];
}

/*
 * Splits `s` (n bytes of valid UTF-8, LF line ends only, no BOM, no NUL)
 * into paragraphs, choosing between "one per line" and "hard-wrapped,
 * blank-line separated" by looking at the line lengths.  A paragraph of
 * one line points into s, which must outlive out.  Returns 0, or -1 when
 * memory ran out (out is then empty).
 */
TEXT_HIDDEN int text_split(const char *s, size_t n, struct text_paras *out);
TEXT_HIDDEN void text_paras_free(struct text_paras *p);
/* Frees the segment that paragraph i (its last) ends: its paragraphs are
 * not to be read again. */
TEXT_HIDDEN void text_paras_drop(struct text_paras *p, size_t i);
/* Paragraph i's p->v[i].len bytes (valid while text_split's input and p
 * are). */
static inline const char *text_para_text(const struct text_paras *p, size_t i)
{
	const struct text_para *v = text_para_at(p, i);

	return (v->in_text ? p->text : p->buf) + v->off;
}

/* ---- rule layer: dates (date.c) -------------------------------------- */

struct text_date {
	int year, month, day;
	int hour, minute, second;
	int has_time, has_second;
	char zone[16]; /* "Z", "+09:00", or "" */
	int ambiguous; /* 04/03/2025: day and month could be either way round
	                  (month first until text_date_resolve) */
};

/* Which way round a numeric date's day and month are (--set date-order). */
enum text_date_order {
	TEXT_ORDER_NONE = 0, /* not said: an ambiguous date is no date */
	TEXT_ORDER_DMY,
	TEXT_ORDER_MDY
};

/* Reads a date (and an optional time after it) at the start of s[0..n).
 * Returns the bytes consumed, 0 when s does not start with a full date
 * (a date without a year is no date). */
TEXT_HIDDEN size_t text_date_scan(const char *s, size_t n, struct text_date *d);
/* Settles an ambiguous date with order; returns 0, or -1 when it is
 * ambiguous and order is TEXT_ORDER_NONE (d is left as it was). */
TEXT_HIDDEN int text_date_resolve(struct text_date *d, int order);
/* Writes d as ISO 8601 ("2023-01-29" or "2023-01-29T15:44") into out;
 * returns 0, or -1 when outsz is too small. */
TEXT_HIDDEN int text_date_format(const struct text_date *d, char *out,
                                 size_t outsz);
/* Both at once: the ISO form of the date s starts with, into out; returns
 * the bytes consumed or 0 (also for an ambiguous date). */
TEXT_HIDDEN size_t text_date_normalise(const char *s, size_t n, char *out,
                                       size_t outsz);

/* ---- rule layer: one-block rules (rules.c) --------------------------- */

#define TEXT_MAX_NAMES 8

struct text_span {
	size_t off, len;
};

/* The names a byline gives, as spans of the text it was parsed from. */
struct text_names {
	struct text_span v[TEXT_MAX_NAMES];
	size_t n;
};

/* Is s[0..n) exactly a byline ("By Ji Da-gyum", "By Jung In-hwan, staff
 * reporter")?  Fills names (offsets relative to s) when it is. */
TEXT_HIDDEN int text_byline_parse(const char *s, size_t n,
                                  struct text_names *names);
/* Is s[0..n) a byline without its "By": "Ana Ruiz in Lisbon", "Jane Doe
 * and John Roe"?  Only the page's head, next to a dateline, may hold one. */
TEXT_HIDDEN int text_byline_bare(const char *s, size_t n,
                                 struct text_names *names);
/* Where a byline glued to the end of s starts ("...illegalBy Kwak
 * Yeon-soo"), or n when there is none. */
TEXT_HIDDEN size_t text_byline_glued(const char *s, size_t n,
                                     struct text_names *names);

enum text_date_label {
	TEXT_LABEL_NONE = 0,
	TEXT_LABEL_PUBLISHED, /* "Published :", "Posted:", "Date:" */
	TEXT_LABEL_UPDATED    /* "Updated:", "Last modified:" */
};

/* Is s[0..n) a dateline: an optional label, a date (and time), then
 * nothing, a byline, or another labelled date?  Sets *label, and
 * *byline_at to the offset of a trailing byline (n when none). */
TEXT_HIDDEN int text_dateline_parse(const char *s, size_t n,
                                    struct text_date *d, int *label,
                                    size_t *byline_at);
/* Is s only a date label ("Updated:", "Posted :")?  Returns the label. */
TEXT_HIDDEN int text_date_label_only(const char *s, size_t n);

TEXT_HIDDEN int text_is_boilerplate(const char *s, size_t n);
TEXT_HIDDEN int text_is_caption(const char *s, size_t n);
/* For test-text-rules: the phrase searches inside text_is_caption and
 * text_is_boilerplate, the NULL-terminated phrase lists they search for,
 * and the search itself on any list of phrases and keys (-1 when the list
 * is too long or holds an empty phrase). */
TEXT_HIDDEN int text_has_caption_phrase(const char *s, size_t n);
TEXT_HIDDEN int text_has_rights_phrase(const char *s, size_t n);
TEXT_HIDDEN const char *const *text_caption_phrases(void);
TEXT_HIDDEN const char *const *text_rights_phrases(void);
TEXT_HIDDEN int text_phrases_find(const char *const *phrases,
                                  const char *const *keys, const char *s,
                                  size_t n);
/* A related-article teaser or similar link furniture: no final
 * punctuation, with "|" separators or a date and time inside. */
TEXT_HIDDEN int text_is_teaser(const char *s, size_t n);
/* Could s be a headline: short, no final full stop, starts with a capital? */
TEXT_HIDDEN int text_is_headline(const char *s, size_t n);
/* Could s be a section heading: a short line without final punctuation. */
TEXT_HIDDEN int text_is_heading(const char *s, size_t n);
/* Does s end a sentence (., !, ? possibly inside closing quotes)? */
TEXT_HIDDEN int text_ends_sentence(const char *s, size_t n);
/* Counts words (runs of non-space bytes). */
TEXT_HIDDEN size_t text_word_count(const char *s, size_t n);
/* Counts code points. */
TEXT_HIDDEN size_t text_cp_count(const char *s, size_t n);

/* ---- rule layer: the whole document (infer.c) ------------------------ */

/* What the structure says about the article.  Strings are malloc'd,
 * NUL-terminated, NULL when the article does not state them; freed with
 * text_meta_free. */
struct text_meta {
	char *title, *subtitle, *date;
	char *author[TEXT_MAX_NAMES];
	size_t n_author;
	/* When date is NULL because the only dateline's numbers could be
	 * day and month either way round: that dateline's paragraph (an
	 * index into the paragraphs), else -1. */
	long ambiguous_date;
};

/* Gives every paragraph a kind and fills meta; date_order (enum
 * text_date_order) settles a date such as 04/03/2025.  Returns 0, or -1
 * when memory ran out. */
TEXT_HIDDEN int text_infer(struct text_paras *p, int date_order,
                           struct text_meta *meta);
TEXT_HIDDEN void text_meta_free(struct text_meta *meta);

#endif /* TEXT_H */
