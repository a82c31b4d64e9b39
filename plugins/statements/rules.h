/*
 * rules.h: what the attribution stages (cue.c, frame.c, reported.c,
 * extract.c) share: small token helpers, the kinds of subject a cue's
 * speaker was found as, and an attribution being built.
 *
 * Private to plugins/statements, after st-internal.h.
 */
#ifndef ST_RULES_H
#define ST_RULES_H

#include <stdlib.h>

#include "st-internal.h"

enum { SUBJ_NONE = 0, SUBJ_NP, SUBJ_MAIN };

struct attr {
	size_t ent;
	char *cue;  /* owned */
	size_t c0;  /* the cue's first token in its block, or NONE (a cue
	             * carried from an earlier statement) */
};

static inline void wl(const struct blk *b, size_t i, char *w, size_t n)
{
	tk_copy_lower(b, i, w, n);
}

static inline bool comma_at(const struct blk *b, size_t i)
{
	if (i >= b->nt)
		return false;
	if (tk_punct(b, i, ',') && !(b->t[i].flags & TF_INQ))
		return true;
	return b->t[i].type == T_QCLOSE && i > 0 && tk_punct(b, i - 1, ',');
}

static inline bool is_mark(const struct blk *b, size_t i)
{
	return i < b->nt && (b->t[i].type == T_QOPEN || b->t[i].type == T_QCLOSE);
}

static inline char *text_dup(struct doc *d, const struct blk *b, size_t i0, size_t i1)
{
	char *s = st_strndup(b->text + b->t[i0].s, b->t[i1].e - b->t[i0].s);
	if (!s)
		d->nomem = true;
	return s;
}

/* ---- cue.c ---- */

/* The entity that says cue [c0, c1] of sentence s: its subject, inverted
 * or the main subject, resolved by chains.c; NONE when none. */
size_t st_cue_speaker(struct doc *d, const struct blk *b, const struct sent *s,
                      size_t c0, size_t c1, unsigned flags);
/* The cues of sentence s, *n of them, found once per sentence. */
const struct cue *st_cues_of(struct doc *d, const struct blk *b, const struct sent *s,
                             size_t *n);
/* The end (exclusive) of the noun phrase starting at token i, before z. */
size_t st_np_right(const struct blk *b, size_t i, size_t z);
/* Walking left from token j past adverbs and auxiliaries ("has also",
 * "not"): the first token that is neither; NONE when all down to lo are. */
size_t st_skip_adv_left(const struct blk *b, size_t lo, size_t j);
/* The subject of cue [c0, c1] before it in *np: SUBJ_NP, SUBJ_MAIN (the
 * sentence's main subject) or SUBJ_NONE. */
int st_subject_left(const struct blk *b, size_t lo, size_t hi, size_t c0, size_t c1,
                    unsigned flags, struct np *np);
/* Token i opens an adverbial clause: "as", "while", "because" ... */
bool st_subordinator(const struct blk *b, size_t i);

/* ---- frame.c ---- */

/* Adds a statement of `kind` by entity ent, bytes [start, end) of
 * block b, with its cue (copied), found by d->frame and d->how. */
void st_add_statement(struct doc *d, int kind, size_t ent, const struct blk *b,
                      size_t start, size_t end, const char *cue);
/* The attribution after a quotation, tokens [a, z): “…,” X said, “…,”
 * said X; sets *at.  `strict`: the attribution must fill [a, z), nothing
 * but a full stop after it. */
bool st_parse_trailer(struct doc *d, const struct blk *b, const struct sent *s,
                      size_t a, size_t z, bool strict, struct attr *at);
/* Stage 4: the statements of sentence s's quotations. */
void st_quotes_of_sentence(struct doc *d, struct blk *b, const struct sent *s);
/* Who issued the document sentence s names ("in a statement",
 * "issued a statement"), for a later "the statement said"; the
 * sentence's statements start at first_stmt. */
void st_note_documents(struct doc *d, const struct blk *b, const struct sent *s,
                       size_t first_stmt);

/* ---- reported.c ---- */

/* Stage 5: the reported speech of sentence s, with cues frame.c left. */
void st_reported_speech(struct doc *d, struct blk *b, const struct sent *s);

#endif /* ST_RULES_H */
