/*
 * test-extract.c: unit tests of the statement extractor, linked with
 * plugins/statements directly (no corpusconv core).  Each case is a short
 * article of our own and the statements it must give: kind, speaker, cue,
 * quote, and that the offsets point exactly at the quote in its block.
 *
 * Also the internals the speed of a long text rests on, where a mistake
 * would change little on short articles: the word lists' index, the words
 * a rule's copy cut, the arena.
 *
 * Must never depend on the shared corpus or on the host.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"

static int failures;

#define MAXB 8

struct article {
	const char *name;
	const char *paras[MAXB];
	const int *kinds; /* ST_BLOCK_* per paragraph; NULL: all ST_BLOCK_TEXT */
};

static void run(const struct article *a, struct st_result *res, struct st_block *blocks,
                size_t *nb)
{
	*nb = 0;
	while (*nb < MAXB && a->paras[*nb]) {
		blocks[*nb].text = a->paras[*nb];
		blocks[*nb].len = strlen(a->paras[*nb]);
		blocks[*nb].kind = a->kinds ? a->kinds[*nb] : ST_BLOCK_TEXT;
		(*nb)++;
	}
	if (st_extract(blocks, *nb, res) != 0) {
		printf("FAIL %s: st_extract failed\n", a->name);
		failures++;
		memset(res, 0, sizeof *res);
	}
}

static void dump(const struct st_result *res)
{
	for (size_t i = 0; i < res->n_statements; i++)
		printf("   got %s | %s | %s | %.*s\n", st_kind_name(res->statements[i].kind),
		       res->statements[i].speaker, res->statements[i].cue,
		       (int)(res->statements[i].end - res->statements[i].start),
		       res->statements[i].quote);
}

/* The statement whose quote is `quote` must have these fields, and its
 * offsets must point at that quote in its block. */
static void expect(const struct article *a, const struct st_result *res,
                   const struct st_block *blocks, int kind, const char *speaker,
                   const char *cue, const char *quote)
{
	for (size_t i = 0; i < res->n_statements; i++) {
		const struct st_statement *s = &res->statements[i];
		const char *text, *at;
		if (s->end - s->start != strlen(quote) || memcmp(s->quote, quote, strlen(quote)))
			continue;
		text = blocks[s->block].text;
		at = strstr(text, quote);
		if (s->kind != kind || strcmp(s->speaker, speaker) || strcmp(s->cue, cue) ||
		    s->quote != text + s->start || !at || (size_t)(at - text) != s->start ||
		    s->end != s->start + strlen(quote) ||
		    memcmp(text + s->start, quote, strlen(quote))) {
			printf("FAIL %s: [%s] want %s | %s | %s, got %s | %s | %s | %zu..%zu\n",
			       a->name, quote, st_kind_name(kind), speaker, cue,
			       st_kind_name(s->kind), s->speaker, s->cue, s->start, s->end);
			failures++;
		}
		return;
	}
	printf("FAIL %s: no statement [%s]\n", a->name, quote);
	dump(res);
	failures++;
}

static void expect_count(const struct article *a, const struct st_result *res, size_t n)
{
	if (res->n_statements != n) {
		printf("FAIL %s: %zu statements, want %zu\n", a->name, res->n_statements, n);
		dump(res);
		failures++;
	}
}

static const char *role_of(const struct st_result *res, const char *speaker)
{
	for (size_t i = 0; i < res->n_statements; i++)
		if (!strcmp(res->statements[i].speaker, speaker))
			return res->statements[i].role;
	return NULL;
}

#define BEGINK(NAME, KINDS, ...)                                          \
	do {                                                                  \
		static const struct article art = { .name = NAME,                 \
			.paras = __VA_ARGS__, .kinds = KINDS };                        \
		const struct article *a = &art;                                   \
		struct st_result res;                                             \
		struct st_block blocks[MAXB];                                     \
		size_t nb;                                                        \
		run(a, &res, blocks, &nb);
#define BEGIN(NAME, ...) BEGINK(NAME, NULL, __VA_ARGS__)
#define END                                                               \
		st_result_free(&res);                                             \
	} while (0)

static void check(bool ok, const char *what)
{
	if (!ok) {
		printf("FAIL internals: %s\n", what);
		failures++;
	}
}

/* The word lists, looked up in their index as in the lists themselves. */
static void test_lexicon(void)
{
	check(lex_ready(), "every word fits the lists' index");
	check(lex_lists("president") == LX_TITLE, "president is a title");
	check((lex_lists("the") & (LX_STOP | LX_DET)) == (LX_STOP | LX_DET), "the");
	check(lex_lists("quickly") == (LX_ADVERB | LX_LEAD | LX_NONROLE), "-ly: an adverb");
	check(lex_lists("family") == (LX_LEAD | LX_NONROLE), "family is no adverb");
	check(lex_lists("speaking") == (LX_LEAD | LX_NONROLE), "-ing leads a clause");
	check(lex_lists("zzz") == 0 && lex_lists("") == 0, "unknown and empty words");
	check((lex_lists("isn\xe2\x80\x99t") & LX_AUX) && (lex_lists("they'd") & LX_AUX) &&
	      (lex_lists("we\xe2\x80\x99ll") & LX_AUX) && (lex_lists("you're") & LX_AUX),
	      "contractions are auxiliaries, with either mark");
	check(!(lex_lists("o'neill") & LX_AUX) && !(lex_lists("tent") & LX_AUX) &&
	      !(lex_lists("\xe2\x80\x99t") & LX_AUX), "no contraction without its mark and stem");
}

/*
 * The word lists' index (lexicon.c: keys folded eight bytes at a time, a
 * cuckoo table) against the lists read the plain way (lex_plain), on every
 * listed word and many variants: case, endings, possessives, bytes
 * changed, apostrophes, hyphens, dots and UTF-8, random words.  Each word
 * is looked up as a token at the very end of a buffer of its own size
 * (ASan sees any read past it) and followed by other letters.
 */
struct lex_check {
	size_t words, bad;
};

static void lex_check_token(struct lex_check *c, const char *w, size_t n, unsigned poss)
{
	char *exact = malloc(n ? n : 1), *padded = malloc(n + 24);
	unsigned want, cue;

	if (!exact || !padded) {
		c->bad++;
		goto out_free;
	}
	memcpy(exact, w, n);
	memcpy(padded, w, n);
	memset(padded + n, 'Q', 24);
	for (int k = 0; k < 2; k++) {
		const char *text = k ? padded : exact;
		struct tok t;
		memset(&t, 0, sizeof t);
		t.e = (uint32_t)n;
		t.type = T_WORD;
		t.flags = poss;
		lex_look_up(&t, text, k ? n + 24 : n);
		lex_plain(text, tok_word_len(&t, text), &want, &cue);
		c->words++;
		if (t.lists != want || lex_cue_flags[t.cue] != cue) {
			if (c->bad++ < 5)
				printf("FAIL lexicon: \"%.*s\" lists %#x cue %#x, want %#x %#x\n",
				       (int)n, w, (unsigned)t.lists, (unsigned)lex_cue_flags[t.cue],
				       want, cue);
		}
	}
	/* lex_lists reads a string. */
	if (!poss && !memchr(w, 0, n)) {
		char *z = malloc(n + 1);
		if (z) {
			memcpy(z, w, n);
			z[n] = 0;
			lex_plain(z, n, &want, &cue);
			c->bad += lex_lists(z) != (want & LX_ALL);
			free(z);
		}
	}
out_free:
	free(exact);
	free(padded);
}

/* A word and its variants. */
static void lex_check_word(const char *w, size_t n, void *arg)
{
	struct lex_check *c = arg;
	char v[64];

	if (n + 8 > sizeof v)
		return;
	lex_check_token(c, w, n, 0);
	for (int form = 0; form < 12; form++) {
		size_t m = n;
		unsigned poss = 0;
		memcpy(v, w, n);
		switch (form) {
		case 0: /* UPPER */
			for (size_t i = 0; i < n; i++)
				v[i] = (char)toupper((unsigned char)v[i]);
			break;
		case 1: /* Capitalized */
			v[0] = (char)toupper((unsigned char)v[0]);
			break;
		case 2: /* aLtErNaTe */
			for (size_t i = 1; i < n; i += 2)
				v[i] = (char)toupper((unsigned char)v[i]);
			break;
		case 3: /* one byte longer */
			v[m++] = 's';
			break;
		case 4: /* one byte shorter */
			m = n - 1;
			break;
		case 5: /* the last byte changed */
			v[n - 1] = (char)(v[n - 1] + 1);
			break;
		case 6: /* bit 5 flipped on the bytes that are no letters */
			for (size_t i = 0; i < n; i++)
				if (!isalpha((unsigned char)v[i]))
					v[i] = (char)(v[i] ^ 0x20);
			break;
		case 7: /* possessive 's */
			v[m++] = '\'';
			v[m++] = 'S';
			poss = TF_POSS;
			break;
		case 8: /* possessive ’s */
			memcpy(v + m, "\xe2\x80\x99s", 4);
			m += 4;
			poss = TF_POSS;
			break;
		case 9: /* -ly */
			v[m++] = 'L';
			v[m++] = 'y';
			break;
		case 10: /* -ing */
			memcpy(v + m, "ing", 3);
			m += 3;
			break;
		case 11: /* a byte in front */
			memmove(v + 1, v, n);
			v[0] = 'x';
			m++;
			break;
		}
		lex_check_token(c, v, m, poss);
	}
}

static void test_lexicon_index(void)
{
	static const char *const pieces[] = {
		"a", "e", "s", "t", "i", "n", "g", "l", "y", "o", "r", "A", "S", "T", "L", "Y",
		"'", "-", ".", ",", "0", "9", "\xc3\xa9", "\xc3\x89", "\xe2\x80\x99", "\xe3",
		"\xc3", "\xa9", "\x80", "\xff", "ing", "ly", "said", "the", "minister", "u.s.",
	};
	struct lex_check c = { 0, 0 };
	uint32_t seed = 12345;
	char w[64];

	lex_each_word(lex_check_word, &c);
	check(c.words > 1000 * 13 * 2, "every listed word looked up");
	for (int r = 0; r < 50000; r++) {
		size_t n = 0, parts;
		seed = seed * 1103515245u + 12345u;
		parts = 1 + (seed >> 16) % 6;
		for (size_t k = 0; k < parts; k++) {
			const char *p;
			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
			if (n + strlen(p) > 40)
				break;
			memcpy(w + n, p, strlen(p));
			n += strlen(p);
		}
		lex_check_token(&c, w, n, 0);
		if (n > 1 && (seed & 0xf00) == 0) /* some with their variants */
			lex_check_word(w, n, &c);
	}
	check(c.bad == 0, "the index answers as the lists do");
}

/* lex_irregular_past_has() turns most words down by their first letter
 * and length: it must answer as the plain search for " w " does, for every
 * listed form, for each form with a byte more or less, and for words of
 * other letters and lengths. */
static bool past_plain(const char *w, size_t n)
{
	char key[64];

	if (n + 3 > sizeof key)
		return false;
	snprintf(key, sizeof key, " %.*s ", (int)n, w);
	return strstr(lex_irregular_past, key) != NULL;
}

static void test_irregular_past(void)
{
	static const char *const others[] = { "", "a", "z", "tooks", "too", "said", "Took",
		"took ", " took", "overcam", "overcamee", "understoodx", "{", "`", "0" };
	size_t forms = 0, bad = 0;
	char w[40];

	for (const char *p = lex_irregular_past + strspn(lex_irregular_past, " "); *p;) {
		size_t m = strcspn(p, " ");
		forms++;
		bad += !lex_irregular_past_has(p, m);
		bad += lex_irregular_past_has(p, m - 1) != past_plain(p, m - 1);
		memcpy(w, p, m);
		w[m] = 's';
		bad += lex_irregular_past_has(w, m + 1) != past_plain(w, m + 1);
		p += m;
		p += strspn(p, " ");
	}
	check(forms > 50, "the irregular past forms read");
	for (size_t k = 0; k < sizeof others / sizeof *others; k++)
		bad += lex_irregular_past_has(others[k], strlen(others[k])) !=
		       past_plain(others[k], strlen(others[k]));
	check(bad == 0, "the irregular past filter answers as the plain search");
}

/* A word's lists as the rules read it: lowercased, possessive cut, and a
 * word longer than a rule's copy as the copy has it. */
static void test_tokens(void)
{
	/* 33 x's and "ly": a char[32] copy ends in x, a char[40] one in "ly". */
	static const char text[] =
		"Reportedly xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxly said QUICKLY Kim's aides.";
	struct blk_mem mem;
	struct blk b;
	size_t single = 0, dbl = 0, last = 0;

	memset(&mem, 0, sizeof mem);
	if (st_blk_init(&b, &mem, 0, text, strlen(text), ST_BLOCK_TEXT, &single, &dbl) < 0 ||
	    st_blk_split(&b, &mem, false) < 0) {
		check(false, "a block is built");
		st_blk_mem_free(&mem);
		return;
	}
	check(b.nt == 7 && b.ns == 1, "seven tokens, one sentence");
	check(sizeof b.t[0] == 12, "a token takes 12 bytes");
	check(b.t[0].type == T_WORD && tk_cap(&b, 0), "a word's lists keep its type and flags");
	check(tk_lists(&b, 0, TK_ROOM) & LX_ADVERB, "Reportedly is an adverb");
	check(!(tk_lists(&b, 1, TK_ROOM) & LX_ADVERB), "a long word cut to 31 bytes");
	check(tk_lists(&b, 1, TK_ROOM_WIDE) & LX_ADVERB, "a long word cut to 39 bytes");
	check((lex_cue(&b, 2, b.nt, &last) & C_SAY) && last == 2, "said is a cue");
	check(tk_lists(&b, 3, TK_ROOM) & LX_ADVERB, "QUICKLY: endings ignore case");
	check(tk_word_is(&b, 4, "kim") && !tk_is(&b, 4, "kim"), "Kim's is kim");
	check(tk_punct(&b, 6, '.') && !tk_word(&b, 7), "the end");
	st_blk_mem_free(&mem);
}

/* The quotation spans of one block of text (text.c's pair_quotes). */
static void test_quote_spans(void)
{
	/* Copied text often closes with a “ typed the wrong way round: it
	 * closes the quotation, and the next “ after a space still opens. */
	static const char text[] =
		"Poe called it \xe2\x80\x9cterrible\xe2\x80\x9c in a post, and said "
		"\xe2\x80\x9cthe new plan is dead.\xe2\x80\x9d";
	struct blk_mem mem;
	struct blk b;
	size_t single = 0, dbl = 0;

	memset(&mem, 0, sizeof mem);
	if (st_blk_init(&b, &mem, 0, text, strlen(text), ST_BLOCK_TEXT, &single, &dbl) < 0 ||
	    st_blk_split(&b, &mem, false) < 0) {
		check(false, "a block is built");
		st_blk_mem_free(&mem);
		return;
	}
	check(b.nq == 2, "two quotations");
	check(b.nq >= 1 && b.q[0].tclose != NONE &&
	      b.q[0].end - b.q[0].start == 8 && !memcmp(text + b.q[0].start, "terrible", 8),
	      "a wrong-way “ after a word closes the quotation");
	check(b.nq >= 2 && b.q[1].tclose != NONE &&
	      !memcmp(text + b.q[1].end - 13, "plan is dead.", 13),
	      "the next “, after a space, opens the second quotation");
	st_blk_mem_free(&mem);
}

static void test_gender(void)
{
	static const char text[] = "Mr. Ruiz, R-Ore., met J. Ode. Then he left.";
	struct blk_mem mem;
	struct blk b;
	size_t single = 0, dbl = 0;

	check(st_given_name_gender("Maria", 5) == ST_G_FEMALE, "Maria: female");
	check(st_given_name_gender("TOMAS", 3) == ST_G_MALE, "TOM(AS): case and length kept");
	check(st_given_name_gender("Quorblax", 8) == ST_G_UNKNOWN, "an unlisted name tells nothing");
	check(st_given_name_gender("", 0) == ST_G_UNKNOWN, "no name");
	check(st_words_gender("a spokeswoman for the port") == ST_G_FEMALE, "spokeswoman");
	check(st_words_gender("Mr.") == ST_G_MALE, "Mr.");
	check(st_words_gender("chairman of the board") == ST_G_UNKNOWN, "chairman tells nothing");
	check(st_words_gender("father and daughter") == ST_G_UNKNOWN, "words that disagree");
	check(st_words_gender(NULL) == ST_G_UNKNOWN, "no role");

	memset(&mem, 0, sizeof mem);
	if (st_blk_init(&b, &mem, 0, text, strlen(text), ST_BLOCK_TEXT, &single, &dbl) < 0 ||
	    st_blk_split(&b, &mem, false) < 0) {
		check(false, "a block is built");
		st_blk_mem_free(&mem);
		return;
	}
	/* Mr . Ruiz , R-Ore . , met J . Ode . Then he left . */
	check(tk_abbrev_dot(&b, 1), "Mr.: an abbreviation");
	check(tk_abbrev_dot(&b, 5), "R-Ore.: a party and state tag");
	check(tk_abbrev_dot(&b, 9), "J.: an initial");
	check(!tk_abbrev_dot(&b, 11), "Ode.: the end of a sentence");
	check(!tk_abbrev_dot(&b, 0) && !tk_abbrev_dot(&b, 2), "words are no full stops");
	st_blk_mem_free(&mem);
}

static void test_arena(void)
{
	struct st_arena a = { NULL, NULL, 0, 0 };
	bool ok = true;

	for (int i = 0; i < 100000 && ok; i++) {
		char *p = st_arena_strndup(&a, "abc", (size_t)(i % 4));
		ok = p && (uintptr_t)p % 8 == 0 && strlen(p) == (size_t)(i % 4);
	}
	check(ok, "small pieces, aligned, NUL-terminated");
	check(st_arena_alloc(&a, (size_t)3 << 20) != NULL, "a piece larger than a chunk");
	check(st_arena_alloc(&a, SIZE_MAX - 8) == NULL && st_arena_alloc(&a, SIZE_MAX) == NULL,
	      "a piece too large fails");
	st_arena_free(&a);
}

/* The opening marks the article's style is decided by, counted without
 * the tokens (st_count_openers, before any block is built) as
 * st_blk_init counts them: marks in and after words, two apostrophes for
 * a double mark, invalid UTF-8, a caption's credit. */
static void test_openers(void)
{
	static const char *const texts[] = {
		"\"We will act,\" she said. 'Soon,' he said.",
		"\xe2\x80\x9c" "A \xe2\x80\x98nested\xe2\x80\x99 one,\xe2\x80\x9d said Kim.",
		"''We will act,'' he said, as members' votes and rock'n'roll 'ran' out",
		"'''x ''' a''b \xc2\xab Non \xc2\xbb \xe2\x80\x9e Ja \xe2\x80\x9c (\"x\") [\"y\"]",
		"\xe2\x80\x94\"dash\" \xe2\x80\x93'en' -\"hyphen\" \xf0\xe2\x80\x9c" "bad\" \xe2\x80",
		"A caption (Photo - 'AP' \"Reuters\")",
		"A caption ''cut'' (''AP'')",
		"Trailing mark '",
		"Ends in ''",
	};
	static const int kinds[] = { ST_BLOCK_TEXT, ST_BLOCK_CAPTION };
	bool same = true;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		for (size_t k = 0; k < 2; k++) {
			struct st_block in = { texts[i], strlen(texts[i]), kinds[k] };
			size_t s1 = 0, d1 = 0, s2 = 0, d2 = 0;
			struct blk_mem mem;
			struct blk b;
			memset(&mem, 0, sizeof mem);
			if (st_blk_init(&b, &mem, 0, in.text, in.len, in.kind, &s1, &d1) < 0) {
				check(false, "a block is built");
				st_blk_mem_free(&mem);
				return;
			}
			st_count_openers(&in, &s2, &d2);
			if (s1 != s2 || d1 != d2) {
				printf("FAIL openers: text %zu kind %d: %zu/%zu, %zu/%zu read alone\n", i,
				       in.kind, s1, d1, s2, d2);
				same = false;
			}
			st_blk_mem_free(&mem);
		}
	check(same, "the opening marks, counted without the tokens");
}

/* An article of more blocks than the window keeps (ST_WINDOW): each of
 * its blocks is built again for the quotations after the mentions, and
 * a quotation opening a paragraph goes on from the one before it. */
static void test_window(void)
{
	enum { PAIRS = ST_WINDOW + 44 };
	static const char named[] = "\xe2\x80\x9cWe will act,\xe2\x80\x9d Ana Ruiz said.";
	static const char carried[] = "\xe2\x80\x9c" "And we will win.\xe2\x80\x9d";
	struct st_block *in = calloc(2 * PAIRS, sizeof *in);
	struct st_result res;
	bool ok;

	if (!in) {
		check(false, "memory for the window's article");
		return;
	}
	for (size_t i = 0; i < 2 * PAIRS; i++) {
		in[i].text = i % 2 ? carried : named;
		in[i].len = strlen(in[i].text);
		in[i].kind = ST_BLOCK_TEXT;
	}
	ok = st_extract(in, 2 * PAIRS, &res) == 0 && res.n_statements == 2 * PAIRS;
	for (size_t i = 0; ok && i < res.n_statements; i++) {
		const struct st_statement *s = &res.statements[i];
		const char *want = i % 2 ? "And we will win." : "We will act,";
		ok = s->block == i && !strcmp(s->speaker, "Ana Ruiz") &&
		     s->end - s->start == strlen(want) && !memcmp(s->quote, want, strlen(want)) &&
		     s->frame == (i % 2 ? ST_FR_NEXT_PARA : ST_FR_TRAILER);
		if (!ok)
			printf("FAIL window: statement %zu (%s, frame %d)\n", i, s->speaker, s->frame);
	}
	check(ok, "every block of a long article read again, each quote its speaker's");
	st_result_free(&res);
	free(in);
}

int main(void)
{
	test_lexicon();
	test_lexicon_index();
	test_irregular_past();
	test_tokens();
	test_quote_spans();
	test_gender();
	test_arena();
	test_openers();
	test_window();

	/* “C,” S said: attribution after, curly marks. */
	BEGIN("after", { "\xe2\x80\x9cWe will appeal the ruling,\xe2\x80\x9d Maria Gonzalez said." });
	expect(a, &res, blocks, ST_DIRECT, "Maria Gonzalez", "said", "We will appeal the ruling,");
	expect_count(a, &res, 1);
	END;

	/* "C," said S, ROLE: inverted, straight marks, role from the apposition. */
	BEGIN("inverted", { "\"The plan is sound,\" said Tom Baker, a spokesman for the agency." });
	expect(a, &res, blocks, ST_DIRECT, "Tom Baker", "said", "The plan is sound,");
	if (!role_of(&res, "Tom Baker") || strcmp(role_of(&res, "Tom Baker"), "a spokesman for the agency")) {
		printf("FAIL inverted: role\n");
		failures++;
	}
	END;

	/* S told Y: "C": attribution before; Y is not the speaker. */
	BEGIN("before", { "Liu Wei told reporters: \"Prices will fall next year.\"",
	                  "\xe2\x80\x9cIt is over,\xe2\x80\x9d Liu told Reuters." });
	expect(a, &res, blocks, ST_DIRECT, "Liu Wei", "told", "Prices will fall next year.");
	expect(a, &res, blocks, ST_DIRECT, "Liu Wei", "told", "It is over,");
	END;

	/* Attribution inside one sentence: two statements, same speaker. */
	BEGIN("inside", { "\xe2\x80\x9cThe first phase is done,\xe2\x80\x9d Ana Silva said, "
	                  "\xe2\x80\x9c" "and the second starts in May.\xe2\x80\x9d" });
	expect(a, &res, blocks, ST_DIRECT, "Ana Silva", "said", "The first phase is done,");
	expect(a, &res, blocks, ST_DIRECT, "Ana Silva", "said", "and the second starts in May.");
	expect_count(a, &res, 2);
	END;

	/* A quotation over two paragraphs: open quote, no close, then a new
	 * paragraph opening with a quote mark.  One row per paragraph. */
	BEGIN("paragraphs", { "\xe2\x80\x9cWe tried everything,\xe2\x80\x9d said Ana Silva, the plant manager. "
	                      "\xe2\x80\x9cNothing worked.",
	                      "\xe2\x80\x9cIn the end we had to close the plant.\xe2\x80\x9d" });
	expect(a, &res, blocks, ST_DIRECT, "Ana Silva", "said", "We tried everything,");
	expect(a, &res, blocks, ST_DIRECT, "Ana Silva", "said", "Nothing worked.");
	expect(a, &res, blocks, ST_DIRECT, "Ana Silva", "said", "In the end we had to close the plant.");
	END;

	/* Nested quotation is part of the outer one; apostrophes are not marks. */
	BEGIN("nested", { "\xe2\x80\x9cThey called it \xe2\x80\x98" "a disaster\xe2\x80\x99 and left the "
	                  "workers\xe2\x80\x99 money behind,\xe2\x80\x9d said Tom Baker." });
	expect(a, &res, blocks, ST_DIRECT, "Tom Baker", "said",
	       "They called it \xe2\x80\x98" "a disaster\xe2\x80\x99 and left the workers\xe2\x80\x99 money behind,");
	expect_count(a, &res, 1);
	END;

	/* Partial quotation in the reporter's sentence. */
	BEGIN("partial", { "Jonas Berg called the report \xe2\x80\x9c" "deeply flawed and politically "
	                   "motivated\xe2\x80\x9d on Monday." });
	expect(a, &res, blocks, ST_PARTIAL, "Jonas Berg", "called", "deeply flawed and politically motivated");
	END;

	/* A mixed sentence: the quoted tail is the statement (partial). */
	BEGIN("mixed", { "Clara Ruiz said the new rules were \xe2\x80\x9c" "a step backwards for everyone.\xe2\x80\x9d" });
	expect(a, &res, blocks, ST_PARTIAL, "Clara Ruiz", "said", "a step backwards for everyone.");
	expect_count(a, &res, 1);
	END;

	/* Indirect: S said that C; S said C; surname -> fullest name; role. */
	BEGIN("indirect", { "Police chief Omar Haddad said that the road would reopen on Friday.",
	                    "Haddad said two people were injured." });
	expect(a, &res, blocks, ST_INDIRECT, "Omar Haddad", "said", "the road would reopen on Friday.");
	expect(a, &res, blocks, ST_INDIRECT, "Omar Haddad", "said", "two people were injured.");
	if (!role_of(&res, "Omar Haddad") || strcmp(role_of(&res, "Omar Haddad"), "Police chief")) {
		printf("FAIL indirect: role\n");
		failures++;
	}
	END;

	/* Pronoun -> most recent person; X told Y that C. */
	BEGIN("pronoun", { "Sofia Lind, a lawyer for the families, spoke after the hearing.",
	                   "She told the court that the evidence had been lost." });
	expect(a, &res, blocks, ST_INDIRECT, "Sofia Lind", "told", "the evidence had been lost.");
	END;

	/* according to X, C / C, according to X / C, X said. */
	BEGIN("according", { "According to the fire service, the blaze started in a kitchen.",
	                     "The roof collapsed at noon, according to witnesses.",
	                     "Two people were injured, police said." });
	expect(a, &res, blocks, ST_INDIRECT, "the fire service", "According to", "the blaze started in a kitchen.");
	expect(a, &res, blocks, ST_INDIRECT, "witnesses", "according to", "The roof collapsed at noon");
	expect(a, &res, blocks, ST_INDIRECT, "police", "said", "Two people were injured");
	END;

	/* X accused Y of doing; a noun phrase after accused is not reported speech. */
	BEGIN("accuse", { "The union accused the company of breaking the agreement.",
	                  "The union blamed the company for the delay." });
	expect(a, &res, blocks, ST_INDIRECT, "The union", "accused", "the company of breaking the agreement.");
	expect_count(a, &res, 1);
	END;

	/* the statement said -> its issuer; it added -> the organisation. */
	BEGIN("statement", { "Northwind Energy said in a statement that output had doubled.",
	                     "\xe2\x80\x9cWe are proud of our staff,\xe2\x80\x9d the statement said.",
	                     "It added that prices would not rise." });
	expect(a, &res, blocks, ST_INDIRECT, "Northwind Energy", "said", "output had doubled.");
	expect(a, &res, blocks, ST_DIRECT, "Northwind Energy", "said", "We are proud of our staff,");
	expect(a, &res, blocks, ST_INDIRECT, "Northwind Energy", "added", "prices would not rise.");
	END;

	/* An unnamed source as written; the definite description resolves to it. */
	BEGIN("unnamed", { "A senior diplomat, who spoke on condition of anonymity, said the talks would resume.",
	                   "\xe2\x80\x9cNobody wants a collapse,\xe2\x80\x9d the diplomat said." });
	expect(a, &res, blocks, ST_INDIRECT, "A senior diplomat", "said", "the talks would resume.");
	expect(a, &res, blocks, ST_DIRECT, "A senior diplomat", "said", "Nobody wants a collapse,");
	END;

	/* A scare quote with no cue is no statement; neither is a headline. */
	static const int skip_text[] = { ST_BLOCK_SKIP, ST_BLOCK_TEXT };
	BEGINK("scare", skip_text, { "Officials met in Brussels",
	                             "The so-called \xe2\x80\x9cgreen deal\xe2\x80\x9d was signed in Brussels." });
	expect_count(a, &res, 0);
	END;

	/* Multi-word cue; caption statement counts, its credit does not. */
	static const int caption_text[] = { ST_BLOCK_CAPTION, ST_BLOCK_TEXT };
	BEGINK("caption", caption_text,
	       { "Mayor Ana Silva said the bridge would be repaired by June. (Photo - City Hall)",
	         "Silva went on to say, \xe2\x80\x9cThe money is already there.\xe2\x80\x9d" });
	expect(a, &res, blocks, ST_INDIRECT, "Ana Silva", "said", "the bridge would be repaired by June.");
	expect(a, &res, blocks, ST_DIRECT, "Ana Silva", "went on to say", "The money is already there.");
	END;

	/* Single marks as the outer quotation when an article has no double ones. */
	BEGIN("single", { "\xe2\x80\x98We will win the appeal,\xe2\x80\x99 said Tom Baker." });
	expect(a, &res, blocks, ST_DIRECT, "Tom Baker", "said", "We will win the appeal,");
	END;

	/* British style: single marks open the quotations, double ones nest
	 * inside them; the article has double marks but fewer. */
	BEGIN("british", { "Graham Hollis, who farms near Keswick, said the scheme was "
	                   "\xe2\x80\x98" "a shambles\xe2\x80\x99.",
	                   "\xe2\x80\x98" "For years we were told \xe2\x80\x9cthe money is coming\xe2\x80\x9d,"
	                   "\xe2\x80\x99 Mr Hollis said. \xe2\x80\x98It never came.\xe2\x80\x99" });
	expect(a, &res, blocks, ST_PARTIAL, "Graham Hollis", "said", "a shambles");
	expect(a, &res, blocks, ST_DIRECT, "Graham Hollis", "said",
	       "For years we were told \xe2\x80\x9cthe money is coming\xe2\x80\x9d,");
	expect(a, &res, blocks, ST_DIRECT, "Graham Hollis", "said", "It never came.");
	expect_count(a, &res, 3);
	END;

	/* Feature cues: "went on:", "remembered X as", "citing". */
	BEGIN("feature-cues", { "Ines Carvalho, the festival director, was blunt.",
	                        "She went on: \xe2\x80\x9cWe cannot keep the prices this low.\xe2\x80\x9d",
	                        "Her predecessor, Rui Matos, remembered her as \xe2\x80\x9cthe hardest "
	                        "worker in the building\xe2\x80\x9d.",
	                        "Atlantica Air cancelled 40 flights, citing \xe2\x80\x9cstaff shortages\xe2\x80\x9d." });
	expect(a, &res, blocks, ST_DIRECT, "Ines Carvalho", "went on", "We cannot keep the prices this low.");
	expect(a, &res, blocks, ST_PARTIAL, "Rui Matos", "remembered", "the hardest worker in the building");
	expect(a, &res, blocks, ST_PARTIAL, "Atlantica Air", "citing", "staff shortages");
	END;

	/* A surname alone is a mention of the person named before: "she" after
	 * "Fischer disagreed." is Fischer, not the last speaker. */
	BEGIN("surname-mention", { "Lena Fischer and Marco Bianchi both spoke at the hearing.",
	                           "\xe2\x80\x9cThe contract was never signed,\xe2\x80\x9d Bianchi told the panel.",
	                           "Fischer disagreed. \xe2\x80\x9cI saw the signature myself,\xe2\x80\x9d she said." });
	expect(a, &res, blocks, ST_DIRECT, "Marco Bianchi", "told", "The contract was never signed,");
	expect(a, &res, blocks, ST_DIRECT, "Lena Fischer", "said", "I saw the signature myself,");
	END;

	/* A pronoun inside a sentence refers to its subject, not its object;
	 * a comma inside the closing mark ends a leading participle clause. */
	BEGIN("subject-pronoun", { "Describing the talks as \xe2\x80\x9c" "frank,\xe2\x80\x9d Omar Khalil "
	                           "thanked Sara Lund for what he called \xe2\x80\x9c" "a generous offer\xe2\x80\x9d." });
	expect(a, &res, blocks, ST_PARTIAL, "Omar Khalil", "called", "a generous offer");
	END;

	/* Apposition: a description then the proper name (person or
	 * organisation), perhaps followed by more; the name speaks.  A relative
	 * clause inside an apposition is no clause boundary. */
	BEGIN("apposition", { "The port operator, Harbourline, said the cranes would be replaced.",
	                      "His daughter, Nora Quinn, 31, who runs the shop, said sales had doubled.",
	                      "Councillor Priya Shah, one of three members who opposed the plan, said "
	                      "the vote was rushed." });
	expect(a, &res, blocks, ST_INDIRECT, "Harbourline", "said", "the cranes would be replaced.");
	expect(a, &res, blocks, ST_INDIRECT, "Nora Quinn", "said", "sales had doubled.");
	expect(a, &res, blocks, ST_INDIRECT, "Priya Shah", "said", "the vote was rushed.");
	if (!role_of(&res, "Harbourline") || strcmp(role_of(&res, "Harbourline"), "The port operator")) {
		printf("FAIL apposition: role\n");
		failures++;
	}
	END;

	/* "X did something but said ...": the subject is the whole noun phrase
	 * up to the verb, not its first capitalised word. */
	BEGIN("but-said", { "The city\xe2\x80\x99s water utility raised prices in March but said the "
	                    "increase would be the last this year." });
	expect(a, &res, blocks, ST_INDIRECT, "The city\xe2\x80\x99s water utility", "said",
	       "the increase would be the last this year.");
	END;

	/* A wire dateline is no part of the reported clause nor of a quotation's
	 * lead. */
	BEGIN("dateline", { "LISBON (AP) \xe2\x80\x94 The strike will continue until Friday, union leaders said.",
	                    "OSLO, March 3 (Reuters) - \xe2\x80\x9cWe are ready,\xe2\x80\x9d said Kari Holm." });
	expect(a, &res, blocks, ST_INDIRECT, "union leaders", "said", "The strike will continue until Friday");
	expect(a, &res, blocks, ST_DIRECT, "Kari Holm", "said", "We are ready,");
	expect_count(a, &res, 2);
	END;

	/* according to figures from X: X is the source. */
	BEGIN("according-agent", { "According to figures from the statistics office, unemployment fell "
	                           "to 4.1 percent." });
	expect(a, &res, blocks, ST_INDIRECT, "the statistics office", "According to",
	       "unemployment fell to 4.1 percent.");
	END;

	/* "said in a statement read outside that ...": "read" opens no clause;
	 * the statement's issuer then owns "the statement said". */
	BEGIN("statement-read", { "The club's chairman, Aldo Ferri, said in a statement read to "
	                          "reporters that the coach would stay.",
	                          "\xe2\x80\x9cWe trust him completely,\xe2\x80\x9d the statement said." });
	expect(a, &res, blocks, ST_INDIRECT, "Aldo Ferri", "said", "the coach would stay.");
	expect(a, &res, blocks, ST_DIRECT, "Aldo Ferri", "said", "We trust him completely,");
	END;

	/* A relative clause on the sentence's subject: "A nurse who treated the
	 * victims, speaking ..., said". */
	BEGIN("subject-relative", { "A nurse who treated the victims, speaking on condition of "
	                            "anonymity, said the ward was full." });
	expect(a, &res, blocks, ST_INDIRECT, "A nurse who treated the victims", "said", "the ward was full.");
	END;

	/* A clause without "that" whose verb is an irregular past. */
	BEGIN("bare-irregular", { "The agency said wholesale prices rose 2 percent last month." });
	expect(a, &res, blocks, ST_INDIRECT, "The agency", "said", "wholesale prices rose 2 percent last month.");
	END;

	/* "the company" is the organisation that spoke last. */
	BEGIN("the-company", { "Brightwell, the paint maker, said it would close two plants.",
	                       "The company said demand had collapsed." });
	expect(a, &res, blocks, ST_INDIRECT, "Brightwell", "said", "demand had collapsed.");
	END;

	/* A contraction opens the reported clause: n’t after the subject,
	 * a pronoun with its auxiliary after the addressee. */
	BEGIN("contraction", { "Councillor Rita Moss says the new parking rules aren\xe2\x80\x99t fair to shop owners.",
	                       "Moss told the local paper she\xe2\x80\x99" "d vote against the budget." });
	expect(a, &res, blocks, ST_INDIRECT, "Rita Moss", "says",
	       "the new parking rules aren\xe2\x80\x99t fair to shop owners.");
	expect(a, &res, blocks, ST_INDIRECT, "Rita Moss", "told", "she\xe2\x80\x99" "d vote against the budget.");
	END;

	/* A short adverbial between the cue and a clause without "that": a
	 * time, or a phrase before a pronoun; a possessive time opens the
	 * clause itself. */
	BEGIN("adjunct", { "Coach Dana Wells said on Sunday night the team would rest its captain.",
	                   "Wells said in a radio interview she was not worried.",
	                   "Wells said Saturday\xe2\x80\x99s loss was the worst of her career." });
	expect(a, &res, blocks, ST_INDIRECT, "Dana Wells", "said", "the team would rest its captain.");
	expect(a, &res, blocks, ST_INDIRECT, "Dana Wells", "said", "she was not worried.");
	expect(a, &res, blocks, ST_INDIRECT, "Dana Wells", "said",
	       "Saturday\xe2\x80\x99s loss was the worst of her career.");
	END;

	/* Two attributions in one sentence report two clauses; a participle
	 * cue after a comma ends the clause before it. */
	BEGIN("two-clauses", { "The parents said the school was safe, but a third said the fence was too low.",
	                       "The principal, Joan Pike, says the budget is tight and says two teachers will leave.",
	                       "Pike said the roof had been fixed, adding that the gym would reopen in May." });
	expect(a, &res, blocks, ST_INDIRECT, "The parents", "said", "the school was safe");
	expect(a, &res, blocks, ST_INDIRECT, "a third", "said", "the fence was too low.");
	expect(a, &res, blocks, ST_INDIRECT, "Joan Pike", "says", "the budget is tight");
	expect(a, &res, blocks, ST_INDIRECT, "Joan Pike", "says", "two teachers will leave.");
	expect(a, &res, blocks, ST_INDIRECT, "Joan Pike", "said", "the roof had been fixed");
	expect(a, &res, blocks, ST_INDIRECT, "Joan Pike", "adding", "the gym would reopen in May.");
	expect_count(a, &res, 6);
	END;

	/* An attribution between commas inside the sentence: the whole
	 * sentence is the statement, or the clause before a participle; an
	 * object or an infinitive after the verb is no attribution. */
	BEGIN("mid-attribution", { "The new timetable, a spokeswoman for the rail company said, will start in June.",
	                           "Ticket sales were strong, the manager said, pointing to the full car parks.",
	                           "Before the vote, the council announced two new members, both of them farmers." });
	expect(a, &res, blocks, ST_INDIRECT, "a spokeswoman for the rail company", "said",
	       "The new timetable, a spokeswoman for the rail company said, will start in June.");
	expect(a, &res, blocks, ST_INDIRECT, "the manager", "said", "Ticket sales were strong");
	expect_count(a, &res, 2);
	END;

	/* "according to X" ending the sentence, with or without its comma,
	 * attributes the whole clause before it, over a cue inside it. */
	BEGIN("according-end", { "Farmers who believe that the drought will last sold their herds early, according to the national growers association.",
	                         "Milk prices rose by a tenth according to the dairy board." });
	expect(a, &res, blocks, ST_INDIRECT, "the national growers association", "according to",
	       "Farmers who believe that the drought will last sold their herds early");
	expect(a, &res, blocks, ST_INDIRECT, "the dairy board", "according to", "Milk prices rose by a tenth");
	expect_count(a, &res, 2);
	END;

	/* Odd input never crashes: a lone mark, invalid UTF-8, empty blocks. */
	BEGIN("hostile", { "\"", "\xff\xfe said \xe2\x80", "", "\xe2\x80\x9c", ", said ." });
	END;

	/* A possessive one-letter word before a document: its ending is not
	 * cut (that read before the text and failed the whole article). */
	BEGIN("short-possessive", { "s\xe2\x80\x99 statement said on Monday that it would stay.",
	                            "\xe2\x80\x9cWe stay,\xe2\x80\x9d us\xe2\x80\x99 statement said." });
	END;

	/* A document's issuer named by a possessive: the name loses "'s" or
	 * "’s", and a plural's "s'" / "s’" keeps every letter (the mark is
	 * a token of its own: cutting four bytes made "Teams" of
	 * "Teamsters’" and "Doc" of "Dockers'"). */
	BEGIN("issuer-possessive", {
		"\"We will not unload a ship,\" the Dockers' statement said.",
		"\xe2\x80\x9cOur members are ready,\xe2\x80\x9d the Teamsters\xe2\x80\x99 statement said.",
		"\"The port stays open,\" the Harbour Board's statement said.",
		"\xe2\x80\x9cTalks resume today,\xe2\x80\x9d the Port Authority\xe2\x80\x99s statement said." });
	expect(a, &res, blocks, ST_DIRECT, "Dockers", "said", "We will not unload a ship,");
	expect(a, &res, blocks, ST_DIRECT, "Teamsters", "said", "Our members are ready,");
	expect(a, &res, blocks, ST_DIRECT, "Harbour Board", "said", "The port stays open,");
	expect(a, &res, blocks, ST_DIRECT, "Port Authority", "said", "Talks resume today,");
	expect_count(a, &res, 4);
	END;

	if (failures)
		printf("%d failure(s)\n", failures);
	else
		printf("all statement extraction tests passed\n");
	return failures ? 1 : 0;
}
