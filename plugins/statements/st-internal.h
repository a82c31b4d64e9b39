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
#include <string.h>

#include "extract.h"

#define NONE ((size_t)-1)

/*
 * An arena (arena.c): memory handed out in order and freed at once, for
 * what lives as long as the document (the names, roles and cues).  A
 * long text has millions of such pieces; malloc'ing and freeing each cost
 * more than the extraction.
 */
struct st_chunk;
struct st_arena {
	struct st_chunk *chunks; /* newest first */
	char *p;                 /* free space of the newest chunk */
	size_t left;
	size_t next;             /* the size of the next chunk: 0 before the
	                          * first, then doubling up to CHUNK_MAX */
};

/* n bytes aligned for any field of ours, NULL when memory ran out; valid
 * until st_arena_free. */
void *st_arena_alloc(struct st_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n) in the arena, or NULL. */
char *st_arena_strndup(struct st_arena *a, const char *s, size_t n);
void st_arena_free(struct st_arena *a);

/* Doubles the array *arr of *cap elements of `size` bytes (to `first` when
 * it has none yet).  Returns 0, or -1 (the array untouched) when memory ran
 * out or the size would overflow. */
int st_grow(void *arr, size_t *cap, size_t first, size_t size);

/* The word lists (lexicon.c): a word's lists are a set of these bits. */
#define LX_TITLE     0x0001u /* president, minister, spokesman ... */
#define LX_ORG       0x0002u /* ministry, university, group ... */
#define LX_PLACE     0x0004u /* countries, regions, capitals ... */
#define LX_HONORIFIC 0x0008u /* mr, dr, prof ... (no dot) */
#define LX_STOP      0x0010u /* function words */
#define LX_AUX       0x0020u /* is, was, will, could ... */
#define LX_TIME      0x0040u /* monday, january, night, week ... */
#define LX_DOC       0x0080u /* statement, report, release ... */
#define LX_ADVERB    0x0100u /* also, again, later ... (and -ly) */
#define LX_LEAD      0x0200u /* in, on, after ... opening an adverbial */
#define LX_NONROLE   0x0400u /* who, when, during ... cannot open a role */
#define LX_ABBREV    0x0800u /* mr, jan, gen ... take a dot mid-sentence */
#define LX_PREP      0x1000u /* of, at, in, with, from ... */
#define LX_DET       0x2000u /* the, a, this, his, two ... */
#define LX_PRONOUN   0x4000u /* he, she, they, it, who, we, i */
#define LX_ALL       0x7fffu /* the lists above */
#define LX_PHRASE    0x8000u /* tokens only: first word of a cue phrase */

/* How far after "in" or "issued" a document word may stand and still be
 * what the words point to: "in a statement", "issued a brief written
 * statement"; further on, the document is another phrase's. */
#define ST_DOC_WITHIN 5

/* ---- text.c: tokens, quotation spans and sentences of one block ---- */

enum tok_type { T_WORD = 0, T_PUNCT, T_QOPEN, T_QCLOSE };

#define TF_CAP  0x01u /* word starts with an uppercase letter */
#define TF_INQ  0x02u /* between a quotation's marks */
#define TF_POSS 0x04u /* word ends in 's, ’s or s’ */
#define TF_USED 0x08u /* cue already used by a quotation's attribution */
#define TF_LONG 0x10u /* word of more than TK_SHORT bytes, its ending cut */

/* Words up to this long are whole in every copy the extractor makes
 * (tk_copy_lower into char[32] or more), so their `lists` hold. */
#define TK_SHORT 31u
/* The two sizes of the rules' word buffers (char[32] and char[40]): what
 * a rule passes tk_lists() as the room of the copy it used to make. */
#define TK_ROOM 32u
#define TK_ROOM_WIDE 40u

/* The C_* flags of each cue a token can hold, by its index (lexicon.c):
 * tokens keep the index, as the flags would not fit.  0: no cue. */
#define LEX_CUES 256
extern uint16_t lex_cue_flags[LEX_CUES];

/* One token: 12 bytes, as a long text has millions of them.  Offsets are
 * 32-bit: st_blk_init reads at most the first 4 GiB of a block.  The last
 * 32 bits are read two ways: type and flags, then the code point of a
 * mark or the word lists of a word.  The same leading 8 bits are named in
 * both, so writing one view's fields keeps the other's type and flags. */
struct tok {
	uint32_t s, e; /* bytes [s, e) in the block */
	union {
		struct {
			uint32_t type : 2;  /* enum tok_type */
			uint32_t flags : 6; /* TF_* */
			uint32_t cp : 24;   /* punctuation and marks: the code point */
		};
		struct {
			uint32_t head : 8;   /* type and flags, as above */
			/* Words: what the word lists say (lexicon.c). */
			uint32_t lists : 16; /* LX_* of the word, tk_copy_lower'd */
			uint32_t cue : 8;    /* index in lex_cue_flags of its one-word
			                      * cue flags (C_ING included), or 0 */
		};
	};
};

struct quote {
	size_t topen, tclose; /* token indexes of the marks; tclose NONE: open to the end */
	size_t start, end;    /* bytes of the quoted text, marks excluded */
};

struct sent {
	uint32_t t0, t1; /* tokens [t0, t1) */
};

/* A block: 32-bit counts and offsets, as its tokens' (st_blk_init). */
struct blk {
	const char *text;
	struct tok *t;
	struct quote *q;
	struct sent *s;
	uint32_t len; /* may be shorter than the block: a caption's credit is cut */
	uint32_t index;
	uint32_t nt, nq, ns;
	int kind;
};

/* The arrays a block is built in: they grow to the largest block built
 * in them and are reused for the next.  They start small (64 tokens, 8
 * quotations, 16 sentences): a window has 256 of them, mostly for short
 * paragraphs. */
struct blk_mem {
	struct tok *t;
	struct quote *q;
	struct sent *s;
	size_t cap_t, cap_q, cap_s;
};

/* A block is built in two steps, as its quotations need to know which
 * marks open the article's quotations (see st_blocks_open).  First its
 * tokens, counting the single and the double marks in places that open a
 * quotation; then its quotations and sentences.  Its arrays are mem's
 * (borrowed, valid until mem builds another block).  Both return -1 when
 * memory ran out. */
int st_blk_init(struct blk *b, struct blk_mem *mem, size_t index, const char *text,
                size_t len, int kind, size_t *single, size_t *dbl);
int st_blk_split(struct blk *b, struct blk_mem *mem, bool single_marks);
/* quotes.c: pairs block b's quotation marks into b->q, marking the
 * tokens inside TF_INQ; `single` when the article opens its quotations
 * with single marks.  -1 when memory ran out. */
int st_pair_quotes(struct blk *b, struct blk_mem *m, bool single);
/* Frees mem's arrays; may be called again. */
void st_blk_mem_free(struct blk_mem *mem);
/* Adds to *single and *dbl the opening marks st_blk_init counts in block
 * in, read without making its tokens. */
void st_count_openers(const struct st_block *in, size_t *single, size_t *dbl);

/*
 * The blocks whose tokens, quotations and sentences are in memory: at
 * most ST_WINDOW of them, block i in slot i % ST_WINDOW, each built again
 * from the caller's text when it is asked for after its slot went to
 * another block.  Tokens are 12 bytes a word or mark, and a text's were
 * all kept, more than 4 times its size for short paragraphs of
 * quotations (issue 19, case 8).  The rules read a block, the one before
 * it and the one after it, and the pronoun look-up up to
 * PRONOUN_BLOCKS * (PRONOUN_SENTENCES + PRONOUN_CHAIN) blocks back
 * (chains.c), all fewer than ST_WINDOW, so a block in use never loses its
 * slot while another is built.
 */
#define ST_WINDOW 256
/* How many blocks st_mentions reads ahead of the frames on a text of
 * more than ST_WINDOW blocks (extract.c): the blocks the frames read, back
 * to the pronoun look-up's, and those ahead must all fit the window
 * (chains.c checks it). */
#define ST_LEAD 64
struct blk_window {
	const struct st_block *in; /* borrowed: the caller's blocks */
	bool single_marks;         /* the article quotes with single marks */
	bool nomem;                /* a block could not be built */
	uint32_t owner[ST_WINDOW]; /* the block in each slot + 1; 0: none */
	struct blk_mem slot[ST_WINDOW];
};

/* Token helpers.  The small ones are inline: the rules call them millions
 * of times on a long text.  Any index may be past the last token. */
static inline bool tk_word(const struct blk *b, size_t i)
{
	return i < b->nt && b->t[i].type == T_WORD;
}

static inline bool tk_punct(const struct blk *b, size_t i, uint32_t cp)
{
	return i < b->nt && b->t[i].type == T_PUNCT && b->t[i].cp == cp;
}

static inline bool tk_cap(const struct blk *b, size_t i)
{
	return i < b->nt && b->t[i].type == T_WORD && (b->t[i].flags & TF_CAP);
}

static inline char tk_fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether p[0..n), ASCII case folded, is the lowercase w[0..n). */
static inline bool tk_fold_eq(const char *p, const char *w, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (tk_fold(p[k]) != w[k])
			return false;
	return true;
}

/* Whether token i is the word w[0..n), ASCII case-insensitively. */
static inline bool tk_is_n(const struct blk *b, size_t i, const char *w, size_t n)
{
	if (i >= b->nt || b->t[i].type != T_WORD || b->t[i].e - b->t[i].s != n)
		return false;
	return tk_fold_eq(b->text + b->t[i].s, w, n);
}

static inline bool tk_is(const struct blk *b, size_t i, const char *w)
{
	return tk_is_n(b, i, w, strlen(w));
}

/* Whether token i is a dash that sets off the reporter's aside: an em or
 * en dash, or a hyphen with a space before it and after it. */
static inline bool tk_dash(const struct blk *b, size_t i)
{
	return tk_punct(b, i, 0x2014) || tk_punct(b, i, 0x2013) ||
	       (tk_punct(b, i, '-') && i > 0 && b->t[i - 1].e < b->t[i].s &&
	        (i + 1 >= b->nt || b->t[i].e < b->t[i + 1].s));
}

/* Whether token i is the full stop of an abbreviation inside a sentence:
 * "Mr.", "Sen.", a middle initial "J.", or a party-and-state tag's
 * "R-Ky." (US papers' style for a legislator). */
static inline bool tk_abbrev_dot(const struct blk *b, size_t i)
{
	const struct tok *w;

	if (!tk_punct(b, i, '.') || i == 0 || !tk_word(b, i - 1))
		return false;
	w = &b->t[i - 1];
	if (w->e != b->t[i].s)
		return false;
	if ((w->lists & LX_ABBREV) || (w->e - w->s == 1 && (w->flags & TF_CAP)))
		return true;
	/* "R-Ky." as one token, its party letter and hyphen first. */
	if ((w->flags & TF_CAP) && w->e - w->s <= 8 && w->e - w->s >= 3 &&
	    b->text[w->s + 1] == '-')
		return true;
	return (w->flags & TF_CAP) && w->e - w->s <= 4 && i >= 2 &&
	       tk_punct(b, i - 2, '-') && b->t[i - 2].e == w->s;
}

/* The length of word token t's word (of text) without its possessive
 * ending.  Only an ending inside the word is cut: "members" before a ’
 * token is possessive too, and has none. */
static inline size_t tok_word_len(const struct tok *t, const char *text)
{
	size_t e = t->e;

	if (t->flags & TF_POSS) {
		if (e - t->s > 4 && !memcmp(text + e - 4, "\xe2\x80\x99s", 4))
			e -= 4;
		else if (e - t->s > 2 && text[e - 2] == '\'')
			e -= 2;
	}
	return e - t->s;
}

/* The bytes tk_copy_lower copies (not lowercased): *n of them, borrowed from
 * the block's text; NULL when token i is no word. */
static inline const char *tk_lower_bytes(const struct blk *b, size_t i, size_t *n)
{
	*n = 0;
	if (!tk_word(b, i))
		return NULL;
	*n = tok_word_len(&b->t[i], b->text);
	return b->text + b->t[i].s;
}

size_t tk_copy_lower(const struct blk *b, size_t i, char *buf, size_t n);

/* Whether token i's word, as tk_copy_lower would copy it, is w[0..n). */
static inline bool tk_word_eq(const struct blk *b, size_t i, const char *w, size_t n)
{
	size_t len;
	const char *p = tk_lower_bytes(b, i, &len);

	return p && len == n && tk_fold_eq(p, w, n);
}

/* The same for a short lowercase w: no copy would have cut it. */
static inline bool tk_word_is(const struct blk *b, size_t i, const char *w)
{
	return tk_word_eq(b, i, w, strlen(w));
}

/* Whether token i's word is one of the n short words of `list`. */
bool tk_word_in(const struct blk *b, size_t i, const char *const *list, size_t n);

/* The LX_* lists holding token i's word as tk_copy_lower(b, i, buf, room)
 * copies it: the room decides only how a word longer than TK_SHORT bytes
 * is cut, and so how its ending reads (-ly, -ing).  0 for no word. */
unsigned tk_lists_cut(const struct blk *b, size_t i, size_t room);
static inline unsigned tk_lists(const struct blk *b, size_t i, size_t room)
{
	if (!tk_word(b, i))
		return 0;
	if (b->t[i].flags & TF_LONG)
		return tk_lists_cut(b, i, room);
	return b->t[i].lists & LX_ALL;
}

/* The text of tokens [i0, i1): *n bytes borrowed from the block. */
static inline const char *tok_text(const struct blk *b, size_t i0, size_t i1, size_t *n)
{
	*n = b->t[i1 - 1].e - b->t[i0].s;
	return b->text + b->t[i0].s;
}

/* The same for a name: without the possessive ending of its last word
 * ("Ana Ruiz's" names Ana Ruiz), with the dot of an abbreviation that
 * ends it ("Joseph Lind Jr."). */
static inline const char *tok_name(const struct blk *b, size_t i0, size_t i1, size_t *n)
{
	if (i1 < b->nt && !(b->t[i1 - 1].flags & TF_POSS) && tk_abbrev_dot(b, i1))
		*n = b->t[i1].e - b->t[i0].s;
	else
		*n = b->t[i1 - 1].s + tok_word_len(&b->t[i1 - 1], b->text) - b->t[i0].s;
	return b->text + b->t[i0].s;
}

/* Token i's word lowercased into w[n]; false when it is no word. */
static inline bool word_lower(const struct blk *b, size_t i, char *w, size_t n)
{
	return tk_copy_lower(b, i, w, n) > 0;
}

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
/* Read by reported.c alone, so that a quotation's attribution is as
 * without them: in reported speech, the cue takes a clause without
 * "that" ("announced it would close"), or a noun phrase ("urged voters
 * to stay home", "asked the court for time"). */
#define C_RBARE   0x1000u
#define C_RNP     0x2000u

/* The cue phrase (according to, went on to say ...) starting at token i:
 * its flags, *last set to its last token; or 0. */
unsigned lex_cue_phrase(const struct blk *b, size_t i, size_t limit, size_t *last);

/* Matches a cue starting at token i; returns its flags and sets *last to its
 * last token, or returns 0.  Inline, as it runs for nearly every token,
 * several times: the token's word and flags were looked up by st_blk_init. */
static inline unsigned lex_cue(const struct blk *b, size_t i, size_t limit, size_t *last)
{
	const struct tok *t;
	unsigned f;

	if (!tk_word(b, i))
		return 0;
	t = &b->t[i];
	if ((t->lists & LX_PHRASE) && i < limit && (f = lex_cue_phrase(b, i, limit, last)))
		return f;
	if ((t->flags & TF_POSS) || !t->cue)
		return 0;
	*last = i;
	return lex_cue_flags[t->cue];
}

/* The short word lists the rules test a token against (lexicon.c), each
 * named by what its words do in a sentence. */
enum lex_words {
	LW_CLAUSE_WORDS, /* open a clause after a noun phrase: that, who ... (cue.c) */
	LW_SUBORDINATORS, /* open a subordinate clause: as, while, because ... (cue.c) */
	LW_SUBJECT_PREPS, /* put a cue in a phrase of the main subject: to, in, by ... (cue.c, frame.c) */
	LW_PASSIVE_AUX, /* make a labelling cue passive: was, were ... (cue.c) */
	LW_ORDINALS, /* first, second ... (cue.c) */
	LW_LISTENERS, /* whom a speaker tells: reporters, journalists ... (reported.c) */
	LW_CLAUSE_OPENERS, /* open a reported clause without that: if, whether ... (reported.c) */
	LW_OPENERS, /* open a clause before a name: that, which, after ... (candidates.c) */
	LW_TIME_UNITS, /* end a leading time phrase: ago, years ... (candidates.c) */
	LW_TIME_WORDS, /* the other words of such a phrase: counts and determiners (candidates.c) */
	LW_NOT_SPEAKERS, /* end a phrase that names no speaker: same, nothing ... (chains.c) */
	LW_COUNTS, /* stand for people with no noun after them: two, both ... (frame.c) */
	LW_SAID_TO, /* before "to say", make it said: quick, first ... (cue.c) */
	LW_BE_DONE, /* forms of "be": was, is, been ... (cue.c) */
	LW_TAKE, /* forms of "take" before "pains to say" (cue.c) */
	LW_FINDINGS, /* what a finding comes from: poll, study ... (chains.c) */
	LW_NO_CONTENT, /* a cue's object when nothing is said: nothing, little (reported.c) */
	LW_PRESENT_AUX, /* auxiliaries in the present: is, has, don't ... (reported.c) */
	LW_PAST_SAID, /* said, told: past cues st_past_verb does not list (reported.c) */
	LW_COUNT
};

/* Whether token i's word is one of list w's. */
bool lex_word_in(const struct blk *b, size_t i, enum lex_words w);
/* The common irregular simple past verbs, each between spaces:
 * " took made ... " (cue.c's st_past_verb). */
extern const char lex_irregular_past[];
/* Whether the lowercase word w[0..n) is one of them (what a search of
 * lex_irregular_past for " w " answers, with most words turned down by
 * their first letter and length first). */
bool lex_irregular_past_has(const char *w, size_t n);
/* cue.c: the lowercase word w is a simple past verb: -ed or irregular. */
bool st_past_verb(const char *w);

/* The LX_* lists holding the lowercase word w: the one look-up for a
 * string; a token's are in the token (tk_lists). */
unsigned lex_lists(const char *w);
/* The short forms of the title noun `noun` ("senator": "sen."), at most
 * max of them into out (static strings); their number. */
size_t lex_title_abbrevs(const char *noun, const char **out, size_t max);
/* Builds the word lists' index, once: before lex_look_up. */
void lex_init(void);
/* Stores in word token t (of text, len bytes that may be read) its lists,
 * its cue flags and TF_LONG. */
void lex_look_up(struct tok *t, const char *text, size_t len);
/* False when the word lists did not fit their tables (a programming error
 * the unit test catches). */
bool lex_ready(void);
/* For the unit test only: a word's LX_* lists (LX_PHRASE included) and
 * cue flags (0: none) read from the lists themselves, the plain way; and
 * each word of the lists, given to fn. */
void lex_plain(const char *w, size_t n, unsigned *lists, unsigned *cue);
void lex_each_word(void (*fn)(const char *w, size_t n, void *arg), void *arg);

/* ---- index.c, candidates.c, mentions.c, chains.c: the entity table,
 * speaker candidates, mentions and speaker resolution ---- */

/* ---- gender.c: what a name or a role says of a person's gender ---- */

enum st_gender { ST_G_UNKNOWN = 0, ST_G_MALE, ST_G_FEMALE };

/* The gender a given name s[0..n) (any case) is mostly used for in
 * English-language news; ST_G_UNKNOWN when unlisted or used for both. */
int st_given_name_gender(const char *s, size_t n);
/* The gender the words of a role or address in `text` say ("Mrs",
 * "spokeswoman"); ST_G_UNKNOWN when none, or when they disagree. */
int st_words_gender(const char *text);

struct ent {
	char *name;
	char *role;  /* NULL when none known yet */
	char *first; /* first and last token of a person's name (first may be
	              * name itself), else NULL; all in the document's arena */
	char *last;
	int kind;    /* enum st_person_kind */
	bool named;  /* a proper name, not a description */
	bool place;  /* a country, city or organisation name */
	uint8_t gender_said; /* ST_G_*: what an honorific before the name
	                      * said (Mrs Okafor), which outranks the lists */
	/* A named person's name keys (struct name_keys): its first name (the
	 * whole name when one word), and its last name or 0. */
	uint32_t key_a, key_b;
	/* The words of the name and the role, two bits each: a look-up for a
	 * word skips the entities whose set lacks its bits (index.c). */
	uint64_t words;
};

#define M_SPEAKER 0x1u
#define M_SUBJECT 0x2u
#define M_POSS    0x4u
/* Copies of what the entity is, which never changes: a look-up for a kind
 * of entity passes over the other mentions without reading the entity. */
#define M_PERSON  0x8u  /* kind ST_PERSON */
#define M_ORG     0x10u /* kind ST_ORG */
#define M_NAMED   0x20u

struct mention {
	uint64_t pos; /* block << 32 | byte */
	uint32_t ent;
	uint32_t flags;
};

/* The number of the second run's first mention: mentions of both runs are
 * told apart by their numbers, which the name keys' links hold in 32 bits
 * (+ 1), so each run has fewer than ST_RUN2 - 1. */
#define ST_RUN2 ((size_t)1 << 31)

/*
 * The first and last names of the named persons, for "Kim said" to find
 * the "Kim Jong Un" mentioned last without comparing strings along the
 * mentions (index.c).  A key is a name compared ASCII case-insensitively;
 * ids count from 1.
 */
struct name_key {
	const char *s;   /* borrowed from an entity's first or last name */
	uint32_t latest; /* the key's latest speaker mention + 1; 0: none yet */
	/* The key's latest mention of st_mentions' run + 1 among persons with
	 * a first and a last name (named_person in mentions.c). */
	uint32_t latest_full;
	/* Its mentions of st_mentions' run, ascending, indexed as they are
	 * added: run1[0, n1) of room cap1 (malloc'd; NULL when none). */
	uint32_t *run1;
	uint32_t n1, cap1;
};

/* A slot of index.c's hash indexes: an id (index + 1; 0: empty) and
 * the hash of its key, compared before the key is. */
struct ix_slot {
	uint32_t id;
	uint32_t hash;
};

struct name_keys {
	struct name_key *k; /* by id - 1, room for cap_ix / 2 */
	size_t nk;
	struct ix_slot *ix; /* cap_ix 0 or a power of two */
	size_t cap_ix;
	/* By mention - ST_RUN2: the key's previous speaker mention + 1 (0:
	 * none), for the entity's key_a and key_b. */
	uint32_t (*link)[2];
	size_t cap_link;
};

struct stmt {
	char *cue;            /* in the document's arena */
	uint32_t ent, block;
	uint32_t start, end;  /* bytes of the block */
	uint32_t sent;        /* the block's sentence that holds start (the
	                       * block's tokens may be gone when it is read) */
	uint8_t kind;
	uint8_t frame, how;   /* enum st_frame, enum st_how: how it was found */
};

/* A cue found in a sentence: tokens [c0, c1] (cue.c). */
struct cue {
	size_t c0, c1;
	unsigned flags;
};

#define MAX_CUES 24

/* An article defines a few acronyms at most; past ACRONYMS_MAX the later
 * ones stay as written.  ACRONYM_LEN bytes hold any real one (NATO, KCNA,
 * UNESCO) with its NUL. */
#define ACRONYMS_MAX 32
#define ACRONYM_LEN 12
struct acronym {
	char a[ACRONYM_LEN];
	size_t ent;
};

struct doc {
	struct blk *b;          /* every block; the tokens, quotations and
	                         * sentences of those in win (st_blk_at) */
	size_t nb;
	struct blk_window *win;
	struct st_arena arena;  /* names, roles and cues of entities and statements */
	struct ent *e;
	size_t ne, cap_e;
	/* Entities by name (index.c); cap_ix is 0 or a power of two. */
	struct ix_slot *ent_ix;
	size_t cap_ix;
	/* Two runs of mentions, each in text order, so that look-ups search
	 * back from a position (index.c): st_mentions' in m[0, nm), and the
	 * speakers the frames add in m2, numbered from ST_RUN2 on
	 * (st_mention).  The two grow together: on a long text st_extract
	 * runs st_mentions a bounded number of blocks ahead of the frames. */
	struct mention *m;
	size_t nm, cap_m;
	struct mention *m2;
	size_t nm2, cap_m2;
	unsigned flags1, flags2; /* the flags any mention of each run has */
	struct name_keys nk;
	struct stmt *st;
	size_t nst, cap_st;
	size_t issuer; /* entity that issued the last statement document, or NONE */
	char issuer_doc[TK_ROOM]; /* that document's noun, lowercase ("statement") */
	struct {       /* the cues of sentence s of block b (st_cues_of): a
	                * sentence's address alone may be another block's
	                * once the window has built that one in its slot */
		const struct blk *b;
		const struct sent *s;
		struct cue c[MAX_CUES];
		size_t n;
	} cues;
	/* How the statement being added was found: the attribution frame
	 * its rule set, and the way st_resolve found its speaker. */
	uint8_t frame, how;
	/* Acronyms the article defines: "the Coastal Fisheries Council
	 * (CFC)", each tied to the entity of the full name. */
	struct acronym acro[ACRONYMS_MAX];
	size_t nacro;
	bool nomem;
	/* Resolving the speaker of a reported clause (no quotation): words
	 * that cannot speak give no statement rather than a wrong speaker. */
	bool clause;
};

/* Mention i of either run (i < d->nm, or ST_RUN2 <= i < st_run2_end). */
static inline const struct mention *st_mention(const struct doc *d, size_t i)
{
	return i < ST_RUN2 ? &d->m[i] : &d->m2[i - ST_RUN2];
}

/* The number after the second run's last mention. */
static inline size_t st_run2_end(const struct doc *d)
{
	return ST_RUN2 + d->nm2;
}

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

/* text.c: d's blocks b and win for the n blocks in (borrowed until
 * st_blocks_close), their marks counted; none is built yet.  st_mentions
 * builds each in turn, and only then are every block's counts (nt, nq,
 * ns) known.  -1 when memory ran out. */
int st_blocks_open(struct doc *d, const struct st_block *in, size_t n);
/* Block bi (< d->nb) with its tokens, quotations and sentences, built
 * again when they are no longer in d's window; NULL when memory ran out
 * (d->win->nomem is then set).  The block's arrays are valid while fewer
 * than ST_WINDOW other blocks are asked for. */
struct blk *st_blk_at(const struct doc *d, size_t bi);
/* Frees d's blocks and window; may be called again. */
void st_blocks_close(struct doc *d);

char *st_strndup(const char *s, size_t n);
/* extract.c: frees what document d holds (not d); may be called again. */
void st_doc_free(struct doc *d);
/* The names of block bi (mentions.c): entities and st_mentions' run of
 * mentions, indexed by name key as they are added.  Blocks go in order;
 * st_mentions does all of them. */
void st_mentions_block(struct doc *d, size_t bi);
void st_mentions(struct doc *d);
/* Frees the mentions and their indexes; may be called again. */
void st_mentions_free(struct doc *d);
/* The gender of entity e as far as the article and the word lists tell
 * (gender.c): an honorific seen before its name, its role's words, its
 * given name; ST_G_UNKNOWN when none does. */
int st_ent_gender(const struct doc *d, size_t e);
/* The entity a noun phrase names, creating it when new; NONE when the phrase
 * names nothing usable.  `at` is where the phrase stands. */
size_t st_resolve(struct doc *d, const struct np *np, size_t sent_t0);
/* Whether the word at token i is the surname (or given name) of a person
 * the article named in full before it: "Voss went further: “…”". */
bool st_surname_known(const struct doc *d, const struct blk *b, size_t i);
/* Entity e issued the document whose noun is token h of b: that noun
 * again with no owner ("The statement said") stands for e.  Returns e. */
size_t st_set_issuer(struct doc *d, const struct blk *b, size_t h, size_t e);
/* Token i is a word of digits only: "2001", "18". */
bool st_digits(const struct blk *b, size_t i);
/* Token i's word, as a char[room] copy has it, ends in -ing. */
bool st_ing_word(const struct blk *b, size_t i, size_t room);
/* Whether token i is a lowercase plural noun ("friends", "voters"): a word
 * in -s, not -ss, that no word list holds. */
bool st_plural_noun(const struct blk *b, size_t i);
/* The token p <= z right after the last colon past token lo, the colon
 * outside quotation marks and a space after it ("One notable trend: ...",
 * not "10:03"), or NONE: where a clause starts after an introduction
 * (candidates.c). */
size_t st_after_colon(const struct blk *b, size_t lo, size_t z);
size_t st_add_ent(struct doc *d, const char *name, size_t n, int kind, bool named);
void st_set_role(struct doc *d, size_t e, const char *role, size_t n);
/* The role made of two parts, a and z, joined by a space (either may be
 * empty): "Sen." and "(D-Ore.)".  The role is copied; a and z stay the
 * caller's. */
void st_set_role_parts(struct doc *d, size_t e, const char *a, size_t na, const char *z,
                       size_t nz);
/* A mention of entity ent at pos: st_add_mention's to st_mentions' run
 * (in text order), st_add_speaker's to the second run (M_SPEAKER; in any
 * order, put in its place). */
void st_add_mention(struct doc *d, size_t ent, uint64_t pos, unsigned flags);
void st_add_speaker(struct doc *d, size_t ent, uint64_t pos);
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
/* A party after a name, "(D-Ore.)": st_party_after() gives the token past
 * the ")" when one opens at token i (before hi), else i; st_party_before()
 * the "(" of one that closes at token j (not before lo), else j. */
size_t st_party_after(const struct blk *b, size_t i, size_t hi);
size_t st_party_before(const struct blk *b, size_t lo, size_t j);
bool st_is_pronoun(const char *w);

/* index.c: the latest key id of name s (0: none), and the bits of word
 * w[0..n) in an entity's word set. */
uint32_t st_key_find(const struct doc *d, const char *s);
uint64_t st_word_bits(const char *w, size_t n);
/* candidates.c: whether token i is letters only, and whether it is all
 * capitals (an acronym: "NATO"). */
bool st_all_upper(const struct blk *b, size_t i);
bool st_alpha_word(const struct blk *b, size_t i);
/* candidates.c: acronyms an article defines ("the Coastal Fisheries
 * Council (CFC)").  The entity acronym token i ("CFC", "CFC's") stands
 * for, or NONE; whether the run [r0, r1) ends with "(ACRONYM)" made of
 * the initials of its capitalised words; ties acronym token i to e. */
size_t st_acronym_ent(const struct doc *d, const struct blk *b, size_t i);
bool st_defines_acronym(const struct blk *b, size_t r0, size_t r1);
void st_add_acronym(struct doc *d, const struct blk *b, size_t i, size_t e);
/* candidates.c: "the Ministry of Inland Waterways": whether the
 * capitalised words from ns follow "of" in a run that opens with an
 * organisation word, so they name no person. */
bool st_org_of(const struct blk *b, size_t r0, size_t ns);
/* candidates.c: title case over tokens [t0, t1): how many words of
 * TITLE_LONG letters or more it has, all capitalised; 0 when one is not.
 * Words of other characters (2016, U.S.) are passed over. */
#define TITLE_LONG 4 /* shorter words (of, in, the, a) keep lower case in titles */
size_t st_title_words(const struct blk *b, size_t t0, size_t t1);

#endif /* ST_INTERNAL_H */
