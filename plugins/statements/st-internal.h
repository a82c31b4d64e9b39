/*
 * st-internal.h: what the files of the statement extractor share: tokens,
 * quotation spans, sentences, the word lists and the entity table.
 *
 * Private to plugins/statements.  Must never include corpusconv headers.
 */
#ifndef ST_INTERNAL_H
#define ST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract.h"

#define NONE ((size_t)-1)

/* ---- text.c: tokens, quotation spans and sentences of one block ---- */

enum tok_type { T_WORD = 0, T_PUNCT, T_QOPEN, T_QCLOSE };

#define TF_CAP  0x01u /* word starts with an uppercase letter */
#define TF_INQ  0x02u /* between a quotation's marks */
#define TF_POSS 0x04u /* word ends in 's, ’s or s’ */
#define TF_USED 0x08u /* cue already used by a quotation's attribution */

struct tok {
	size_t s, e;      /* bytes [s, e) in the block */
	uint32_t cp;      /* the code point of a punctuation token */
	unsigned char type, flags;
	int q;            /* quotation index for marks and TF_INQ, else -1 */
};

struct quote {
	size_t topen, tclose; /* token indexes of the marks; tclose NONE: open to the end */
	size_t start, end;    /* bytes of the quoted text, marks excluded */
};

struct sent {
	size_t t0, t1; /* tokens [t0, t1) */
};

struct blk {
	const char *text;
	size_t len; /* may be shorter than the block: a caption's credit is cut */
	int kind;
	size_t index;
	struct tok *t;
	size_t nt;
	struct quote *q;
	size_t nq;
	struct sent *s;
	size_t ns;
};

int st_blk_init(struct blk *b, size_t index, const char *text, size_t len,
                int kind, bool single_marks);
void st_blk_free(struct blk *b);
bool st_text_has_double_marks(const char *text, size_t len);
void st_count_openers(const char *text, size_t len, size_t *single, size_t *dbl);

/* Token helpers. */
bool tk_word(const struct blk *b, size_t i);
bool tk_is(const struct blk *b, size_t i, const char *w); /* ASCII case-insensitive */
bool tk_punct(const struct blk *b, size_t i, uint32_t cp);
bool tk_cap(const struct blk *b, size_t i);
size_t tk_copy_lower(const struct blk *b, size_t i, char *buf, size_t n);
/* Sentence index holding token i. */
size_t tk_sentence(const struct blk *b, size_t i);

/* ---- lexicon.c: word lists ---- */

#define C_SAY     0x001u /* attributes a direct quotation: “…,” she said */
#define C_CLAUSE  0x002u /* takes a that-clause */
#define C_BARE    0x004u /* takes a clause without that */
#define C_ADDR    0x008u /* takes an addressee first: told reporters that */
#define C_LABEL   0x010u /* evaluates or labels: called it a “…” */
#define C_OBJOF   0x020u /* accused X of doing */
#define C_NEEDTHAT 0x040u /* a cue only with a that-clause */
#define C_ACCORD  0x080u /* according to X */
#define C_DOCONLY 0x100u /* only with a document subject: the statement reads */
#define C_NP      0x200u /* reported content may be a noun phrase: confirmed */
#define C_ING     0x400u /* participle form: claiming, adding */
#define C_NOPART  0x800u /* never introduces a partial quotation */

/* Matches a cue starting at token i; returns its flags and sets *last to its
 * last token, or returns 0. */
unsigned lex_cue(const struct blk *b, size_t i, size_t limit, size_t *last);
bool lex_title(const char *w);     /* president, minister, spokesman ... */
bool lex_org(const char *w);       /* ministry, university, group ... */
bool lex_place(const char *w);     /* countries, regions, capitals ... */
bool lex_honorific(const char *w); /* mr, dr, prof ... (no dot) */
bool lex_stop(const char *w);      /* function words */
bool lex_aux(const char *w);       /* is, was, will, could ... */
bool lex_time(const char *w);      /* monday, january, night, week ... */
bool lex_doc(const char *w);       /* statement, report, release ... */
bool lex_adverb(const char *w);    /* also, again, later ... (and -ly) */
bool lex_lead(const char *w);      /* in, on, after ... opening an adverbial */
bool lex_nonrole(const char *w);   /* who, when, during ... cannot open a role */
bool lex_abbrev(const char *w);    /* mr, jan, gen ... take a dot mid-sentence */
bool lex_prep(const char *w);      /* of, at, in, with, from ... */

/* ---- speaker.c: the entity table and speaker resolution ---- */

struct ent {
	char *name;
	char *role;  /* NULL when none known yet */
	char *first; /* first and last token of a person's name, else NULL */
	char *last;
	int kind;    /* enum st_person_kind */
	bool named;  /* a proper name, not a description */
	bool place;  /* a country, city or organisation name */
};

#define M_SPEAKER 0x1u
#define M_SUBJECT 0x2u
#define M_POSS    0x4u

struct mention {
	size_t ent;
	uint64_t pos; /* block << 32 | byte */
	unsigned flags;
};

struct stmt {
	int kind;
	size_t ent;
	size_t block, start, end;
	char *cue;
};

struct doc {
	struct blk *b;
	size_t nb;
	struct ent *e;
	size_t ne, cap_e;
	/* Entities by name (speaker.c): slots hold index + 1, 0 is empty;
	 * cap_ix is 0 or a power of two. */
	size_t *ent_ix, cap_ix;
	struct mention *m;
	size_t nm, cap_m;
	/* Mentions [0, nm_base) are st_mentions' and [nm_base, nm) the
	 * speakers added since; each run is in text order (so look-ups can
	 * search it) unless m_unsorted says the second is not. */
	size_t nm_base;
	bool m_unsorted;
	struct stmt *st;
	size_t nst, cap_st;
	size_t issuer; /* entity that issued the last statement document, or NONE */
	bool nomem;
};

static inline uint64_t st_pos(size_t blk, size_t byte)
{
	return ((uint64_t)blk << 32) | (uint64_t)(byte & 0xffffffffu);
}

/* A noun phrase found in the text: tokens [n0, n1) of block b, and its
 * apposition [a0, a1) (a0 == a1 when none). */
struct np {
	const struct blk *b;
	size_t n0, n1, a0, a1;
	size_t after; /* the token after the cue, for "they said in the statement" */
};

char *st_strndup(const char *s, size_t n);
void st_mentions(struct doc *d);
/* The entity a noun phrase names, creating it when new; NONE when the phrase
 * names nothing usable.  `at` is where the phrase stands. */
size_t st_resolve(struct doc *d, const struct np *np, size_t sent_t0);
size_t st_add_ent(struct doc *d, const char *name, size_t n, int kind, bool named);
void st_set_role(struct doc *d, size_t e, const char *role, size_t n);
void st_add_mention(struct doc *d, size_t ent, uint64_t pos, unsigned flags);
bool st_role_valid(const struct blk *b, size_t a0, size_t a1);
/* Splits a capitalised run [r0, r1) into the role words before a title and
 * the name after it; returns the first token of the name. */
size_t st_name_start(const struct blk *b, size_t r0, size_t r1);
bool st_is_person_name(const struct blk *b, size_t n0, size_t n1);
/* Left boundary of the role words before a name starting at token n0. */
size_t st_role_prefix(const struct blk *b, size_t lo, size_t n0);

size_t st_clause_start(const struct blk *b, size_t lo, size_t i);
size_t st_skip_lead(const struct blk *b, size_t k, size_t hi);
size_t st_cap_run(const struct blk *b, size_t i, size_t hi);
void st_appos_after(const struct blk *b, size_t n1, size_t hi, size_t *a0, size_t *a1);
bool st_is_pronoun(const char *w);

#endif /* ST_INTERNAL_H */
