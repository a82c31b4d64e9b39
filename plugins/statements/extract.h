/*
 * extract.h: the statement extractor as a pure C library.
 *
 * Input: an article as an array of blocks (UTF-8 text and a kind).  Output:
 * the statements the article attributes to sources (direct, partial and
 * indirect speech, see ../shared/corpus/STATEMENTS.md) with their speaker,
 * role, cue, quote and the byte span of the quote in its block, plus one
 * person per distinct speaker.
 *
 * This file must never include corpusconv headers: the extractor is unit
 * tested without the host, and plugin.c adapts it to the host API.
 */
#ifndef ST_EXTRACT_H
#define ST_EXTRACT_H

#include <stddef.h>

/* What a block is, as far as the extractor cares. */
enum st_block_kind {
	ST_BLOCK_TEXT = 0, /* body paragraph: statements are extracted */
	ST_BLOCK_CAPTION,  /* photo caption: statements count, credit ignored */
	ST_BLOCK_SKIP      /* title, dateline, boilerplate: ignored */
};

enum st_statement_kind { ST_DIRECT = 0, ST_PARTIAL, ST_INDIRECT };

/* The attribution frame a statement was found in. */
enum st_frame {
	ST_FR_NONE = 0,
	ST_FR_TRAILER,      /* “…,” X said / “…,” said X */
	ST_FR_LEAD,         /* X said: “…” */
	ST_FR_CONTINUED,    /* no attribution: the previous quote's speaker, in
	                     * the same paragraph */
	ST_FR_NEXT_PARA,    /* no attribution, opening a paragraph: the speaker
	                     * of the quote before it */
	ST_FR_QUOTED_CUE,   /* X “strongly condemned” it: the quote is the cue */
	ST_FR_PARTIAL_CUE,  /* X called it “…”: a cue earlier in the sentence */
	ST_FR_PARTIAL_AFTER, /* a fragment, then “, X said” */
	ST_FR_CLAUSE,       /* X said (that) … */
	ST_FR_CLAUSE_FIRST, /* …, X said. */
	ST_FR_CLAUSE_AROUND, /* …, X said, … */
	ST_FR_ACCORDING,    /* according to X, … */
	ST_FR_OBJECT_OF,    /* X accused Y of … */
	ST_FR_PARA_SUBJECT, /* no attribution, opening a paragraph: the subject
	                     * of the cue that ends the paragraph before */
	ST_FR_COUNT
};

/* How the speaker was found from the words of the frame. */
enum st_how {
	ST_HOW_NONE = 0,
	ST_HOW_NAME,     /* a full name in the frame */
	ST_HOW_SURNAME,  /* a surname or given name: the fuller name before */
	ST_HOW_PRONOUN,  /* he, she, they, it: the person or group before */
	ST_HOW_DEFINITE, /* "the minister": the named person it describes */
	ST_HOW_ISSUER,   /* "the statement": who issued it */
	ST_HOW_COORD,    /* "X and Y": the persons joined */
	ST_HOW_WORDS,    /* the words as written: a group, an unnamed
	                  * source, an organisation */
	ST_HOW_UNRESOLVED, /* a pronoun no one before it fits, as written */
	ST_HOW_ACRONYM,  /* an acronym the article defines: the full name */
	ST_HOW_COUNT
};
enum st_person_kind { ST_PERSON = 0, ST_GROUP, ST_ORG };

/* One block.  `text` is borrowed, `len` bytes, need not be NUL-terminated. */
struct st_block {
	const char *text;
	size_t len;
	int kind; /* enum st_block_kind */
};

/* One statement.  Strings but the quote are owned by the st_result (a
 * statement's speaker and role are its person's name and role). */
struct st_statement {
	int kind;      /* enum st_statement_kind */
	char *speaker; /* fullest name, or the words of an unnamed source */
	char *role;    /* "" when the article gives none */
	char *cue;
	/* Borrowed from the caller's blocks: bytes [start, end) of block
	 * `block`, not NUL-terminated (a long text's quotes are megabytes;
	 * the caller copies them only as it needs). */
	const char *quote;
	long person;   /* index into st_result.persons, or -1 */
	size_t block, start, end;
	int frame;     /* enum st_frame */
	int how;       /* enum st_how; for a quote that continues another,
	                * how that one's speaker was found */
	double confidence; /* 0..1: how likely quote and speaker are right */
};

struct st_person {
	char *name;
	char *role; /* "" when none */
	int kind;   /* enum st_person_kind */
};

struct st_result {
	struct st_statement *statements;
	size_t n_statements;
	struct st_person *persons;
	size_t n_persons;
	char *strings; /* private: the one block holding the strings above */
};

/*
 * Extracts the statements of an article.  On success returns 0 and fills
 * *out, which the caller releases with st_result_free().  Returns -1 when
 * memory ran out (then *out is empty).  Never fails on odd input.
 */
int st_extract(const struct st_block *blocks, size_t n_blocks,
               struct st_result *out);
void st_result_free(struct st_result *r);
/* Frees r's persons, not their names and roles, which r's statements
 * share: a caller that copied the persons out needs the array no longer
 * (it may hold a hundred thousand).  n_persons becomes 0; a statement's
 * `person` still says which one it was. */
void st_result_forget_persons(struct st_result *r);

const char *st_kind_name(int kind);
/* Sentences naming a frame and a way of resolving ("a trailer after the
 * quote: “…,” X said"); static strings, "" for an unknown value. */
const char *st_frame_text(int frame);
const char *st_person_kind_name(int kind); /* person, group, organisation */
const char *st_how_text(int how);
/* The confidence of a statement found in `frame`, its speaker by `how`
 * (explain.c): 0 to 1. */
double st_confidence(int frame, int how);

#endif /* ST_EXTRACT_H */
