/*
 * text.c: stage 1 of the extractor (see docs/statements.md, "Pipeline"):
 * splits one block of UTF-8 text into tokens (words, punctuation,
 * quotation marks with their byte offsets), has quotes.c pair the
 * quotation marks into quotation spans and cuts the block into sentences.  It runs over every
 * byte of a long text: ASCII is read through a table, and each word is
 * looked up in the word lists once, here.
 *
 * Works on any bytes: invalid UTF-8 is read as U+FFFD one byte at a time.
 * Must never write into the block's text nor read past `len`.
 *
 * Input: the caller's blocks (struct st_block).  Output: struct blk, its
 * tokens, quotations and sentences, which every later stage reads.
 * Runs first (extract.c); mentions.c runs after it.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"
#include "utf8.h"

enum { MARK_NONE = 0, MARK_SINGLE, MARK_DOUBLE };

static int mark_kind(uint32_t c)
{
	if (c == 0x2018 || c == '\'' || c == 0x201a)
		return MARK_SINGLE;
	if (c == 0x201c || c == '"' || c == 0x201e || c == 0xab)
		return MARK_DOUBLE;
	return MARK_NONE;
}

/* Quotation marks that open a quotation: at the start, or after a space,
 * a bracket or a dash, and before a non-space.  British style opens its
 * quotations with single marks and nests double ones inside them; US style
 * the reverse.  Apostrophes (don't, members') never stand in that place.
 * The mark is at byte i, n bytes long. */
static bool opens_by_place(const char *s, size_t len, size_t i, size_t n)
{
	uint32_t prev = cp_before(s, len, i);
	size_t n2;

	return (prev == 0 || is_space(prev) || prev == '(' || prev == '[' ||
	        prev == 0x2014 || prev == 0x2013) &&
	       i + n < len && !is_space(utf8_get(s, len, i + n, &n2));
}

static void count_mark(int kind, size_t *single, size_t *dbl)
{
	if (kind == MARK_SINGLE)
		(*single)++;
	else if (kind == MARK_DOUBLE)
		(*dbl)++;
}

/* The opening marks of a caption's credit, text[b->len..len): read, not
 * tokenized. */
static void count_credit_openers(const struct blk *b, size_t len, size_t *single, size_t *dbl)
{
	size_t i = b->len, n;

	while (i < len) {
		int kind = mark_kind(utf8_get(b->text, len, i, &n));
		if (kind && opens_by_place(b->text, len, i, n))
			count_mark(kind, single, dbl);
		i += n;
	}
}

/* How many ASCII letters and digits s[j..len) starts with. */
static size_t ascii_run(const char *s, size_t j, size_t len)
{
	const unsigned char *p = (const unsigned char *)s + j, *end = (const unsigned char *)s + len;

	while (p < end && (byte_class[*p] & A_ALNUM))
		p++;
	return (size_t)(p - ((const unsigned char *)s + j));
}

/* Length of a word starting at byte i: letters and digits, joined by
 * hyphens, apostrophes, dots (U.S., 4.5) and digit commas (1,000). */
static size_t word_len_joined(const char *s, size_t len, size_t i)
{
	size_t j = i, n, n2, seg = 0;
	bool dots = false;

	while (j < len) {
		uint32_t c;
		size_t run = ascii_run(s, j, len);
		j += run; /* the common case, a run of ASCII letters and digits */
		seg += run;
		if (j >= len)
			break;
		if (!(byte_class[(unsigned char)s[j]] & (A_JOIN | A_WIDE)))
			break; /* the common case: a space or a punctuation mark */
		c = utf8_get(s, len, j, &n);
		if (is_alnum(c)) {
			j += n;
			seg++;
			continue;
		}
		if (j + n >= len)
			break;
		uint32_t d = utf8_get(s, len, j + n, &n2);
		if (!is_alnum(d))
			break;
		if (c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' ||
		    c == 0x2019 || c == '&' || c == '/') {
			j += n;
			seg = 0;
			continue;
		}
		if (c == '.' && (seg == 1 || (s[j - 1] >= '0' && s[j - 1] <= '9' &&
		                              d >= '0' && d <= '9'))) {
			j += n;
			seg = 0;
			dots = true;
			continue;
		}
		if (c == ',' && s[j - 1] >= '0' && s[j - 1] <= '9' && d >= '0' &&
		    d <= '9' && j + 3 < len) {
			j += n;
			continue;
		}
		break;
	}
	/* U.S. and a.m. keep their last dot. */
	if (dots && seg == 1 && j < len && s[j] == '.')
		j++;
	return j - i;
}

/* The same, most words being ASCII letters and digits up to a space or
 * a mark that joins nothing: as word_len_joined() finds after its first
 * run. */
static size_t word_len(const char *s, size_t len, size_t i)
{
	size_t j = i + ascii_run(s, i, len);

	if (j >= len || !(byte_class[(unsigned char)s[j]] & (A_JOIN | A_WIDE)))
		return j - i;
	return word_len_joined(s, len, i);
}

/* A word at byte i, its first code point of class cls: its end, flags and
 * word lists. */
static void read_word(const struct blk *b, struct tok *t, size_t i, unsigned cls)
{
	const char *s = b->text;

	t->e = (uint32_t)(i + word_len(s, b->len, i));
	t->type = T_WORD;
	if (cls & A_UPPER)
		t->flags |= TF_CAP;
	if (t->e - t->s > 2) {
		const char *e = s + t->e;
		if ((e[-2] == '\'' && (e[-1] == 's' || e[-1] == 'S')) ||
		    (t->e - t->s > 4 && !memcmp(e - 4, "\xe2\x80\x99s", 4)))
			t->flags |= TF_POSS;
	}
	/* Every rule asks the word lists: look each word up once.  (The
	 * possessives tokenize() finds later have no ending to cut, so their
	 * lists are the same.) */
	lex_look_up(t, s, b->len);
}

/*
 * The tokens of block b, in m's scratch array.  On the way it counts the
 * opening marks of the article (opens_by_place) in text[0..len), the
 * whole block: such a mark is a token of its own, as inside a word it
 * would follow a letter or a joiner.
 */
static int tokenize(struct blk *b, struct blk_mem *m, size_t len, size_t *single, size_t *dbl)
{
	const char *s = b->text;
	size_t i = 0, n, poss = NONE;

	while (i < b->len) {
		unsigned char u = (unsigned char)s[i];
		unsigned cls = byte_class[u];
		uint32_t c = u;
		struct tok *t;
		int kind;
		/* ASCII, most of any text, without decoding. */
		n = 1;
		if (cls & A_WIDE) {
			c = utf8_get_wide(s, b->len, i, &n);
			cls = (is_space(c) ? A_SPACE : 0) | (is_alnum(c) ? A_ALNUM : 0) |
			      (is_upper(c) ? A_UPPER : 0);
		}
		if (cls & A_SPACE) {
			i += n;
			continue;
		}
		if (b->nt == m->cap_t && st_grow(&m->t, &m->cap_t, 64, sizeof *m->t) < 0)
			return -1;
		/* s’ and s' right after a word are possessive (members’
		 * union) when no token follows them at once. */
		if (poss != NONE && i > m->t[poss].e)
			m->t[poss - 1].flags |= TF_POSS;
		poss = NONE;
		t = &m->t[b->nt];
		memset(t, 0, sizeof *t);
		t->s = (uint32_t)i;
		if (cls & A_ALNUM) {
			read_word(b, t, i, cls);
		} else {
			t->e = (uint32_t)(i + n);
			t->type = T_PUNCT;
			t->cp = c;
			/* Two apostrophes are a double quotation mark: the
			 * typewriter rendering of “ and ” that news archives'
			 * plain text uses (''We will act,'' he said). */
			if (c == '\'' && i + 1 < b->len && s[i + 1] == '\'') {
				t->e++;
				t->cp = c = '"';
			}
			if ((kind = mark_kind(c)) && opens_by_place(s, len, i, n))
				count_mark(kind, single, dbl);
			if ((c == 0x2019 || c == '\'') && b->nt > 0 && t[-1].type == T_WORD &&
			    t[-1].e == i && s[i - 1] == 's')
				poss = b->nt;
		}
		b->nt++;
		i = t->e;
	}
	if (poss != NONE)
		m->t[poss - 1].flags |= TF_POSS;
	b->t = m->t;
	return 0;
}

/* Whether the mark t stands where a quotation opens: at the start, or
 * after a space, a bracket or a dash, and before a non-space. */

static bool ends_sentence(const struct tok *t)
{
	return t->type == T_PUNCT && (t->cp == '.' || t->cp == '!' || t->cp == '?' ||
	                              t->cp == 0x2026);
}

static bool starts_sentence(const struct blk *b, size_t j)
{
	const struct tok *t;

	if (j >= b->nt)
		return true;
	t = &b->t[j];
	if (t->type == T_QOPEN || (t->type == T_PUNCT && (t->cp == '(' || t->cp == '[')))
		return true;
	if (t->type != T_WORD)
		return false;
	return (t->flags & TF_CAP) || (b->text[t->s] >= '0' && b->text[t->s] <= '9');
}

static int push_sent(struct blk *b, struct blk_mem *m, size_t t0, size_t t1)
{
	if (t1 <= t0)
		return 0;
	if (b->ns == m->cap_s && st_grow(&m->s, &m->cap_s, 16, sizeof *m->s) < 0)
		return -1;
	b->s = m->s;
	b->s[b->ns].t0 = (uint32_t)t0;
	b->s[b->ns].t1 = (uint32_t)t1;
	b->ns++;
	return 0;
}

static bool upper_word(const struct blk *b, size_t i)
{
	size_t letters = 0;

	if (b->t[i].type != T_WORD)
		return false;
	for (size_t k = b->t[i].s; k < b->t[i].e; k++) {
		char c = b->text[k];
		if (c >= 'a' && c <= 'z')
			return false;
		letters += c >= 'A' && c <= 'Z';
	}
	return letters >= 2;
}

/* A wire dateline opening a block: "WASHINGTON (Reuters) —", "SEOUL, Jan. 5
 * (Yonhap) --", "RIVERTON —".  Returns the token after its dash, or 0. */
static size_t dateline_end(const struct blk *b)
{
	if (b->nt < 3 || !upper_word(b, 0))
		return 0;
	for (size_t k = 1; k < b->nt && k < 14; k++) {
		const struct tok *t = &b->t[k];
		if (t->type == T_PUNCT && (t->cp == 0x2014 || t->cp == 0x2013 || t->cp == '-')) {
			while (k + 1 < b->nt && tk_punct(b, k + 1, '-'))
				k++;
			return k + 1 < b->nt ? k + 1 : 0;
		}
		if (t->type == T_WORD ? !(t->flags & TF_CAP) && !(b->text[t->s] >= '0' &&
		                                                  b->text[t->s] <= '9')
		                      : !(t->cp == ',' || t->cp == '.' || t->cp == '(' ||
		                          t->cp == ')' || t->cp == '/'))
			return 0;
	}
	return 0;
}

/*
 * How far after a quotation that ends in "?" or "!" its attribution's cue
 * may stand: “…?” said Ana Ruiz / “…!” Ana Maria Ruiz said.  News puts
 * the cue first, or after a name of up to three words and a title.
 */
#define ATTR_CUE_AFTER 5
/* The most tokens of a role set off by commas after that name: “…?” Ana
 * Ruiz, a retired pilot from the port, said. */
#define ATTR_ROLE_MAX 12

/* Whether a cue that attributes a quotation is the word at token k. */
static bool say_cue_at(const struct blk *b, size_t k)
{
	size_t last;

	return k < b->nt && b->t[k].type == T_WORD && !(b->t[k].flags & TF_CAP) &&
	       (lex_cue(b, k, b->nt, &last) & C_SAY);
}

/* Whether the quotation closing at token q (after a "?" or "!") is
 * followed by its attribution: then the sentence goes on through it. */
static bool attribution_follows(const struct blk *b, size_t q)
{
	for (size_t k = q + 1; k < b->nt && k <= q + ATTR_CUE_AFTER; k++) {
		size_t last;
		if (tk_abbrev_dot(b, k))
			continue; /* “…?” Mr. Ruiz said */
		if (k > q + 1 && tk_punct(b, k, ',')) {
			size_t e = k + 1;
			while (e < b->nt && e <= k + ATTR_ROLE_MAX && !tk_punct(b, e, ',') &&
			       !ends_sentence(&b->t[e]) && b->t[e].type == T_WORD)
				e++;
			return e < b->nt && tk_punct(b, e, ',') && say_cue_at(b, e + 1);
		}
		if (b->t[k].type != T_WORD)
			return false;
		if ((lex_cue(b, k, b->nt, &last) & C_SAY) && !(b->t[k].flags & TF_CAP))
			return true;
		if (!(b->t[k].flags & TF_CAP))
			return false; /* “Why?” The question hung there. */
	}
	return false;
}

/* Whether word token i is a dotted abbreviation that keeps its last dot
 * as the tokenizer cuts it: "U.S.", "D.C.", and of the lowercase ones
 * the times "a.m." and "p.m." ("e.g." and "i.e." go on a sentence). */
static bool dotted_acronym(const struct blk *b, size_t i)
{
	const struct tok *t = &b->t[i];
	const char *w = b->text + t->s;

	if (t->type != T_WORD || t->e - t->s < 4 || w[t->e - t->s - 1] != '.' ||
	    w[t->e - t->s - 3] != '.')
		return false;
	return (t->flags & TF_CAP) ||
	       (t->e - t->s == 4 && (w[0] == 'a' || w[0] == 'p') && w[2] == 'm');
}

/* Whether token j is a word that opens a sentence and goes on no
 * acronym: a subject pronoun or "The" ("in the U.S. He said"). */
static bool opens_after_acronym(const struct blk *b, size_t j)
{
	static const char *const w[] = { "He", "She", "They", "We", "It", "The" };

	for (size_t k = 0; j < b->nt && k < sizeof w / sizeof *w; k++)
		if (b->t[j].e - b->t[j].s == strlen(w[k]) &&
		    !memcmp(b->text + b->t[j].s, w[k], strlen(w[k])))
			return true;
	return false;
}

static int split_sentences(struct blk *b, struct blk_mem *m)
{
	size_t t0 = 0;

	/* The dateline is no part of the first sentence. */
	t0 = dateline_end(b);
	if (t0 > 0 && push_sent(b, m, 0, t0) < 0)
		return -1;

	for (size_t i = t0; i < b->nt; i++) {
		const struct tok *t = &b->t[i];
		size_t j;
		/* "(Photo - AP) North Korea said": a parenthesis opening a
		 * sentence (a photo credit) is a sentence of its own. */
		if (t->type == T_PUNCT && t->cp == ')' && tk_punct(b, t0, '(') &&
		    tk_cap(b, i + 1)) {
			if (push_sent(b, m, t0, i + 1) < 0)
				return -1;
			t0 = i + 1;
			continue;
		}
		if (t->type == T_QCLOSE && i > 0 && ends_sentence(&b->t[i - 1])) {
			if (b->t[i - 1].cp != '.' && attribution_follows(b, i))
				continue;
			j = i + 1;
		} else if (dotted_acronym(b, i) && !(t->flags & TF_INQ) &&
		           opens_after_acronym(b, i + 1)) {
			j = i + 1; /* its dot ends the sentence too */
		} else if (ends_sentence(t) && !(t->flags & TF_INQ)) {
			if (t->cp == '.' && i > 0 && b->t[i - 1].type == T_WORD &&
			    b->t[i - 1].e == t->s) {
				if ((tk_lists(b, i - 1, TK_ROOM) & LX_ABBREV) ||
				    (b->t[i - 1].e - b->t[i - 1].s == 1 &&
				     (b->t[i - 1].flags & TF_CAP)))
					continue;
				/* "Ada Brandt (D-Ore.) said": a party-and-state
				 * tag closing its parenthesis or its apposition. */
				if (tk_abbrev_dot(b, i) &&
				    (tk_punct(b, i + 1, ')') || tk_punct(b, i + 1, ',')))
					continue;
			}
			j = i + 1;
		} else {
			continue;
		}
		while (j < b->nt && (b->t[j].type == T_QCLOSE ||
		                     (b->t[j].type == T_PUNCT && b->t[j].cp == ')')))
			j++;
		if (!starts_sentence(b, j))
			continue;
		if (push_sent(b, m, t0, j) < 0)
			return -1;
		t0 = j;
		i = j - 1;
	}
	return push_sent(b, m, t0, b->nt);
}

/* A caption's trailing credit, "(Photo - AP)", is not part of its text. */
static size_t caption_len(const char *s, size_t len)
{
	size_t e = len, depth = 0;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r'))
		e--;
	if (e == 0 || s[e - 1] != ')')
		return len;
	for (size_t i = e; i > 0; i--) {
		if (s[i - 1] == ')')
			depth++;
		else if (s[i - 1] == '(' && --depth == 0)
			return i - 1;
	}
	return len;
}

/* Block b's fields but its tokens, quotations and sentences (none yet). */
static void blk_head(struct blk *b, size_t index, const char *text, size_t len, int kind)
{
	size_t len_cut;

	memset(b, 0, sizeof *b);
	b->text = text;
	len_cut = kind == ST_BLOCK_CAPTION ? caption_len(text, len) : len;
	b->len = (uint32_t)(len_cut > UINT32_MAX - 8 ? UINT32_MAX - 8 : len_cut); /* 32-bit offsets */
	b->kind = kind;
	b->index = (uint32_t)index;
}

/*
 * "Ebeling said", "Tom Sperling said", ", Schilling added": a capitalised
 * word in -ing is a lead's participle ("Speaking at the rally, ...") by
 * the word lists' ending rule, and no speaker; it is a name when a word
 * or a comma comes right before it, or a cue right after it, and no comma
 * follows it (as "Holly" in -ly, lexicon.c).  "Having said that" and
 * "Being told" keep their lead.
 */
static void ing_names(struct blk *b)
{
	const unsigned not_name = LX_AUX | LX_STOP | LX_PREP | LX_ADVERB;

	for (size_t i = 0; i < b->nt; i++) {
		struct tok *t = &b->t[i];
		const char *w = b->text + t->s;
		size_t n = t->e - t->s;
		if (t->type != T_WORD || !(t->flags & TF_CAP) || !(t->lists & LX_LEAD) ||
		    (t->lists & not_name) || n < 5 || w[1] < 'a' || w[1] > 'z' ||
		    memcmp(w + n - 3, "ing", 3) || (i + 1 < b->nt && tk_punct(b, i + 1, ',')) ||
		    tk_is(b, i, "having") || tk_is(b, i, "being"))
			continue;
		if ((i > 0 && (b->t[i - 1].type == T_WORD || tk_punct(b, i - 1, ','))) ||
		    (i + 1 < b->nt && b->t[i + 1].type == T_WORD &&
		     !(b->t[i + 1].flags & TF_CAP) && b->t[i + 1].cue))
			t->lists &= ~(LX_LEAD | LX_NONROLE);
	}
}

int st_blk_init(struct blk *b, struct blk_mem *mem, size_t index, const char *text,
                size_t len, int kind, size_t *single, size_t *dbl)
{
	blk_head(b, index, text, len, kind);
	if (kind == ST_BLOCK_SKIP)
		return 0;
	lex_init();
	if (tokenize(b, mem, len, single, dbl) < 0)
		goto out_nomem;
	ing_names(b);
	count_credit_openers(b, len, single, dbl);
	return 0;
out_nomem:
	memset(b, 0, sizeof *b);
	return -1;
}

int st_blk_split(struct blk *b, struct blk_mem *mem, bool single_marks)
{
	if (b->kind == ST_BLOCK_SKIP)
		return 0;
	if (st_pair_quotes(b, mem, single_marks) < 0 || split_sentences(b, mem) < 0) {
		b->q = NULL;
		b->s = NULL;
		b->nq = b->ns = 0;
		return -1;
	}
	return 0;
}

void st_blk_mem_free(struct blk_mem *mem)
{
	free(mem->t);
	free(mem->q);
	free(mem->s);
	memset(mem, 0, sizeof *mem);
}

/*
 * The opening marks st_blk_init counts in text[0..len), the first blen
 * bytes tokenized and the rest a caption's credit, found without the
 * tokens: a mark opens only after a space, a bracket or a dash, never
 * inside a word, and the lead bytes of the marks (' " and those of
 * U+2018, U+201A, U+201C, U+201E and U+00AB) are never inside another
 * character, so reading them where they stand finds what tokenize() and
 * count_credit_openers() find by walking the text (tests/test-extract.c
 * compares the two).
 */
#define OPENER_BYTES8(b) ((uint64_t)(b) * 0x0101010101010101u)

/* Whether one of the 8 bytes of x may be a lead byte of a mark (' " 0xc2
 * 0xe2): never false when one is; now and then true when none is (a byte
 * after a match may look like one), which costs only a closer look. */
static inline bool may_hold_mark(uint64_t x)
{
	const uint64_t ones = OPENER_BYTES8(0x01), high = OPENER_BYTES8(0x80);
	uint64_t a = x ^ OPENER_BYTES8('\''), b = x ^ OPENER_BYTES8('"');
	uint64_t c = x ^ OPENER_BYTES8(0xc2), d = x ^ OPENER_BYTES8(0xe2);

	return (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c) |
	        ((d - ones) & ~d)) & high;
}

static void count_openers(const char *s, size_t len, size_t blen, size_t *single,
                          size_t *dbl)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char u;
		size_t n;
		uint32_t c;
		int kind;
		/* Most of a text holds no mark: skip it 8 bytes at a time. */
		while (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			if (may_hold_mark(x))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		u = (unsigned char)s[i];
		if (u != '\'' && u != '"' && u != 0xc2 && u != 0xe2)
			continue;
		c = utf8_get(s, i < blen ? blen : len, i, &n);
		kind = mark_kind(c);
		/* tokenize()'s two apostrophes: a double mark. */
		if (c == '\'' && i + 1 < blen && s[i + 1] == '\'')
			kind = MARK_DOUBLE;
		if (kind && opens_by_place(s, len, i, n))
			count_mark(kind, single, dbl);
	}
}

void st_count_openers(const struct st_block *in, size_t *single, size_t *dbl)
{
	struct blk b;

	if (!in->text || in->kind == ST_BLOCK_SKIP)
		return;
	/* The same text and cut as st_blk_init's. */
	blk_head(&b, 0, in->text, in->len, in->kind);
	count_openers(in->text, in->len, b.len, single, dbl);
}

int st_blocks_open(struct doc *d, const struct st_block *in, size_t n)
{
	size_t single = 0, dbl = 0;

	d->b = calloc(n ? n : 1, sizeof *d->b);
	d->win = calloc(1, sizeof *d->win);
	if (!d->b || !d->win)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (in[i].text)
			blk_head(&d->b[i], i, in[i].text, in[i].len, in[i].kind);
		else
			blk_head(&d->b[i], i, "", 0, ST_BLOCK_SKIP);
		st_count_openers(&in[i], &single, &dbl);
	}
	d->nb = n;
	d->win->in = in;
	/* The article's outer quotation marks are the kind that opens more
	 * quotations: single in British style ('...“nested”...'), double in US
	 * style; an article with no double marks quotes with single ones. */
	d->win->single_marks = dbl == 0 || single > dbl;
	return 0;
}

/* Empties slot k of d's window: its block keeps its text and counts
 * (sentence_before() reads them), not its arrays. */
static void slot_release(const struct doc *d, size_t k)
{
	struct blk *b;

	if (!d->win->owner[k])
		return;
	b = &d->b[d->win->owner[k] - 1];
	b->t = NULL;
	b->q = NULL;
	b->s = NULL;
	d->win->owner[k] = 0;
}

struct blk *st_blk_at(const struct doc *d, size_t bi)
{
	struct blk_window *w = d->win;
	struct blk *b = &d->b[bi];
	size_t k = bi % ST_WINDOW, single = 0, dbl = 0;
	const struct st_block *in = &w->in[bi];

	if (w->owner[k] == bi + 1)
		return b;
	slot_release(d, k);
	if (st_blk_init(b, &w->slot[k], bi, in->text ? in->text : "", in->text ? in->len : 0,
	                in->text ? in->kind : ST_BLOCK_SKIP, &single, &dbl) < 0 ||
	    st_blk_split(b, &w->slot[k], w->single_marks) < 0) {
		w->nomem = true;
		return NULL;
	}
	w->owner[k] = (uint32_t)bi + 1;
	return b;
}

void st_blocks_close(struct doc *d)
{
	if (d->win)
		for (size_t k = 0; k < ST_WINDOW; k++) {
			slot_release(d, k);
			st_blk_mem_free(&d->win->slot[k]);
		}
	free(d->win);
	d->win = NULL;
	free(d->b);
	d->b = NULL;
	d->nb = 0;
}

bool tk_word_in(const struct blk *b, size_t i, const char *const *list, size_t n)
{
	size_t len;
	const char *p = tk_lower_bytes(b, i, &len);

	if (!p || len == 0)
		return false;
	for (size_t k = 0; k < n; k++) {
		const char *w = list[k];
		size_t m = 0;
		while (m < len && w[m] && w[m] == tk_fold(p[m]))
			m++;
		if (m == len && !w[m])
			return true;
	}
	return false;
}

/* Lowercased copy of a word, its possessive ending removed. */
size_t tk_copy_lower(const struct blk *b, size_t i, char *buf, size_t n)
{
	size_t len, k = 0;
	const char *w;

	if (n == 0)
		return 0;
	w = tk_lower_bytes(b, i, &len);
	for (; k < len && k + 1 < n; k++)
		buf[k] = tk_fold(w[k]);
	buf[k] = 0;
	return k;
}
