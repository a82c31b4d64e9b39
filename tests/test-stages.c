/*
 * test-stages.c: unit tests of the statement extractor's stages, each
 * through its own entry points (docs/statements.md, "Pipeline"), where
 * test-extract.c tests the whole through st_extract.  A failing stage is
 * named here before the end-to-end rows show it.
 *
 *   text.c        tokens and sentences
 *   quotes.c      quotation spans
 *   cue.c         the cues of a sentence
 *   frame.c       the attribution frame of a quotation; partial quotes
 *   candidates.c  name runs, roles, what is a person's name
 *   chains.c      a surname and a pronoun tied to the fullest name
 *
 * Sentences of our own; must never depend on the shared corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"
#include "rules.h"

static int failures;

static void check(bool ok, const char *stage, const char *what)
{
	if (!ok) {
		printf("FAIL %s: %s\n", stage, what);
		failures++;
	}
}

/* A document of the given paragraphs, built as st_extract builds it up
 * to the frames: blocks, then the article's mentions. */
static bool doc_open(struct doc *d, struct st_block *in, const char *const *paras, size_t n)
{
	memset(d, 0, sizeof *d);
	d->issuer = NONE;
	for (size_t i = 0; i < n; i++) {
		in[i].text = paras[i];
		in[i].len = strlen(paras[i]);
		in[i].kind = ST_BLOCK_TEXT;
	}
	if (st_blocks_open(d, in, n) < 0)
		return false;
	st_mentions(d);
	return !d->nomem;
}

static void doc_close(struct doc *d)
{
	st_doc_free(d);
	memset(d, 0, sizeof *d);
}

/* doc_open, a failure counted against `stage` (and the document closed). */
static bool doc_ready(struct doc *d, struct st_block *in, const char *const *paras, size_t n,
                      const char *stage)
{
	if (doc_open(d, in, paras, n))
		return true;
	check(false, stage, "the blocks are built");
	doc_close(d);
	return false;
}

/* The token of block b whose word is w (case-sensitive), from token
 * `from`; NONE when none. */
static size_t find_tok(const struct blk *b, size_t from, const char *w)
{
	for (size_t i = from; i < b->nt; i++)
		if (b->t[i].e - b->t[i].s == strlen(w) && !memcmp(b->text + b->t[i].s, w, strlen(w)))
			return i;
	return NONE;
}

/* Whether the statement's quote is the bytes q of its block. */
static bool stmt_quote_is(const struct doc *d, const struct stmt *st, const char *q)
{
	const struct blk *b = &d->b[st->block];
	return st->end - st->start == strlen(q) && !memcmp(b->text + st->start, q, strlen(q));
}

static const char *stmt_speaker(const struct doc *d, const struct stmt *st)
{
	return st->ent >= d->ne ? "" : d->e[st->ent].name;
}

/* ---- text.c ---- */

static void test_text(void)
{
	static const char *const p[] = {
		"Dr. Ana Ruiz opened the clinic on Main St. in May. It cost $4.5 million! Was it worth it?"
	};
	struct st_block in[1];
	struct doc d;

	if (!doc_ready(&d, in, p, 1, "text"))
		return;
	const struct blk *b = &d.b[0];
	check(b->ns == 3, "text", "three sentences: the dots of Dr. and St. end none");
	check(b->ns == 3 && tk_is(b, b->s[1].t0, "it") && tk_is(b, b->s[2].t0, "was"),
	      "text", "the second and third sentences start after . and !");
	check(tk_word(b, 0) && tk_is(b, 0, "dr") && tk_punct(b, 1, '.'),
	      "text", "an abbreviation is a word, then its dot");
	check(tk_cap(b, 2) && !tk_cap(b, find_tok(b, 0, "opened")), "text",
	      "capitalised words are flagged, others not");
	check(find_tok(b, 0, "4.5") != NONE, "text", "a decimal number is one token");
	doc_close(&d);
}

/* ---- quotes.c ---- */

static void test_quotes(void)
{
	static const char *const p[] = {
		"The nurses' union said \xe2\x80\x9cwe will not wait\xe2\x80\x9d and didn't say more.",
		"\xe2\x80\x9cThe talks go on into the night, and after"
	};
	struct st_block in[2];
	struct doc d;

	if (!doc_ready(&d, in, p, 2, "quotes"))
		return;
	const struct blk *b = &d.b[0];
	check(b->nq == 1, "quotes", "one quotation: the apostrophes of nurses' and didn't are none");
	check(b->nq == 1 && b->q[0].end - b->q[0].start == 16 &&
	      !memcmp(b->text + b->q[0].start, "we will not wait", 16),
	      "quotes", "the span is the quoted text, marks excluded");
	check(b->nq == 1 && b->t[b->q[0].topen].type == T_QOPEN &&
	      b->t[b->q[0].tclose].type == T_QCLOSE, "quotes", "the marks are typed");
	size_t w = find_tok(b, 0, "wait"), s = find_tok(b, 0, "said");
	check(w != NONE && (b->t[w].flags & TF_INQ) && s != NONE && !(b->t[s].flags & TF_INQ),
	      "quotes", "the words inside are TF_INQ, those outside not");
	b = &d.b[1];
	check(b->nq == 1 && b->q[0].tclose == NONE && b->q[0].end == b->len,
	      "quotes", "a quotation never closed runs to the end of its block");
	doc_close(&d);
}

/* ---- cue.c ---- */

static void test_cues(void)
{
	static const char *const p[] = {
		"According to the report, the mayor told reporters on Monday that taxes would rise."
	};
	struct st_block in[1];
	struct doc d;
	size_t n = 0;

	if (!doc_ready(&d, in, p, 1, "cue"))
		return;
	const struct blk *b = &d.b[0];
	const struct cue *c = st_cues_of(&d, b, &b->s[0], &n);
	check(n == 2, "cue", "two cues: according to, told");
	check(n >= 1 && (c[0].flags & C_ACCORD) && c[0].c0 == 0 && tk_is(b, c[0].c1, "to"),
	      "cue", "\"according to\" is one cue of two words");
	check(n >= 2 && tk_is(b, c[1].c0, "told") && (c[1].flags & C_ADDR), "cue",
	      "\"told\" takes an addressee");
	size_t e = n >= 2 ? st_cue_speaker(&d, b, &b->s[0], c[1].c0, c[1].c1, c[1].flags) : NONE;
	check(e < d.ne && !strcmp(d.e[e].name, "the mayor"), "cue",
	      "the subject of \"told\" is the mayor");
	doc_close(&d);
}

/* ---- frame.c ---- */

/* The statements frame.c finds in paragraph 0's sentences. */
static void frames_of(struct doc *d)
{
	struct blk *b = &d->b[0];
	for (size_t si = 0; si < b->ns; si++)
		st_quotes_of_sentence(d, b, &b->s[si]);
}

static void test_frames(void)
{
	static const char *const trailer[] = {
		"\xe2\x80\x9cWe will rebuild the bridge,\xe2\x80\x9d Ana Ruiz said on Tuesday."
	};
	static const char *const lead[] = {
		"Tom Berg, the harbour master, said: \xe2\x80\x9cThe port stays open.\xe2\x80\x9d"
	};
	static const char *const partial[] = {
		"Ana Ruiz called the new toll \xe2\x80\x9c" "a costly and needless mistake\xe2\x80\x9d "
		"in a letter to the council."
	};
	static const char *const scare[] = {
		"The \xe2\x80\x9csmart\xe2\x80\x9d meters reached the town in May, and the bills "
		"went up."
	};
	struct st_block in[1];
	struct doc d;

	if (doc_ready(&d, in, trailer, 1, "frame")) {
		frames_of(&d);
		check(d.nst == 1 && d.st[0].frame == ST_FR_TRAILER && d.st[0].kind == ST_DIRECT &&
		      !strcmp(stmt_speaker(&d, &d.st[0]), "Ana Ruiz") &&
		      stmt_quote_is(&d, &d.st[0], "We will rebuild the bridge,"),
		      "frame", "“…,” X said: a trailer, X the speaker");
		doc_close(&d);
	}
	if (doc_ready(&d, in, lead, 1, "frame")) {
		frames_of(&d);
		check(d.nst == 1 && d.st[0].frame == ST_FR_LEAD &&
		      !strcmp(stmt_speaker(&d, &d.st[0]), "Tom Berg") &&
		      stmt_quote_is(&d, &d.st[0], "The port stays open."),
		      "frame", "X, a role, said: “…”: a lead, the role not in the name");
		doc_close(&d);
	}
	if (doc_ready(&d, in, partial, 1, "frame")) {
		frames_of(&d);
		check(d.nst == 1 && d.st[0].kind == ST_PARTIAL && d.st[0].frame == ST_FR_PARTIAL_CUE &&
		      !strcmp(stmt_speaker(&d, &d.st[0]), "Ana Ruiz") &&
		      stmt_quote_is(&d, &d.st[0], "a costly and needless mistake"),
		      "frame", "X called it “…”: a partial quotation of X");
		doc_close(&d);
	}
	if (doc_ready(&d, in, scare, 1, "frame")) {
		frames_of(&d);
		check(d.nst == 0, "frame", "a scare-quoted word no one says is no statement");
		doc_close(&d);
	}
}

/* ---- candidates.c ---- */

static void test_candidates(void)
{
	static const char *const p[] = {
		"Health Minister Ana Ruiz met El Paso officials. "
		"Eight years ago, the Ministry of Health said 2019 was worse. "
		"Even before the vote, the council said it would wait."
	};
	struct st_block in[1];
	struct doc d;

	if (!doc_ready(&d, in, p, 1, "candidates"))
		return;
	const struct blk *b = &d.b[0];
	size_t health = find_tok(b, 0, "Health"), ana = find_tok(b, 0, "Ana");
	size_t nh = find_tok(b, 0, "El"), eight = find_tok(b, 0, "Eight");
	size_t the = find_tok(b, eight, "the"), min2 = find_tok(b, eight, "Ministry");
	size_t year = find_tok(b, 0, "2019");

	check(st_cap_run(b, health, b->s[0].t1) == ana + 2, "candidates",
	      "a capitalised run: Health Minister Ana Ruiz");
	check(st_name_start(b, health, ana + 2) == ana, "candidates",
	      "the name after the title: Ana Ruiz");
	check(st_role_prefix(b, b->s[0].t0, ana) == health, "candidates",
	      "the role before the name: Health Minister");
	check(st_is_person_name(b, ana, ana + 2), "candidates", "Ana Ruiz is a person's name");
	check(!st_is_person_name(b, nh, nh + 2), "candidates", "El Paso is a place");
	check(st_cap_run(b, min2, b->s[1].t1) == min2 + 3 &&
	      !st_is_person_name(b, min2, min2 + 3), "candidates",
	      "the Ministry of Health is one run, no person");
	check(st_skip_lead(b, eight, b->s[1].t1) == the, "candidates",
	      "a leading time phrase is no subject: Eight years ago,");
	check(st_digits(b, year) && !st_digits(b, ana), "candidates", "2019 is a number");
	size_t even = find_tok(b, 0, "Even"), the2 = find_tok(b, find_tok(b, even, "vote"), "the");
	check(st_skip_lead(b, even, b->s[2].t1) == the2, "candidates",
	      "an adverb before a lead is part of it: Even before the vote,");
	doc_close(&d);
}

/* ---- chains.c ---- */

/* The entity st_resolve gives the one-phrase np [n0, n1) of block b. */
static const char *resolve(struct doc *d, const struct blk *b, size_t si, size_t n0,
                           size_t n1, int *kind)
{
	struct np np = { b, n0, n1, n1, n1, n1 };
	size_t e;

	if (n0 == NONE)
		return "(no token)";
	e = st_resolve(d, &np, b->s[si].t0);
	if (e == NONE)
		return "(none)";
	if (kind)
		*kind = d->e[e].kind;
	return d->e[e].name;
}

static void test_chains(void)
{
	static const char *const p[] = {
		"Ana Ruiz, the health minister, and Tom Berg opened the clinic on Monday.",
		"Ruiz said it would help. She said more would follow. The union said the same.",
		"Even then, another said on Thursday that the clinic was late."
	};
	struct st_block in[3];
	struct doc d;
	int kind = -1;

	if (!doc_ready(&d, in, p, 3, "chains"))
		return;
	const struct blk *b = &d.b[1];
	size_t ruiz = find_tok(b, 0, "Ruiz"), she = find_tok(b, 0, "She");
	size_t uni = find_tok(b, 0, "union"), same = find_tok(b, 0, "same");

	check(!strcmp(resolve(&d, b, 0, ruiz, ruiz + 1, &kind), "Ana Ruiz") && kind == ST_PERSON,
	      "chains", "a surname is tied to the fullest name before it");
	check(!strcmp(resolve(&d, b, 1, she, she + 1, NULL), "Ana Ruiz"), "chains",
	      "she: the woman named last, not Tom Berg");
	kind = -1;
	check(!strcmp(resolve(&d, b, 2, uni - 1, uni + 1, &kind), "The union") &&
	      kind == ST_ORG, "chains", "an unnamed organisation as written");
	check(!strcmp(resolve(&d, b, 2, same - 1, same + 1, NULL), "(none)"), "chains",
	      "\"the same\" names no speaker");
	const struct blk *c = &d.b[2];
	size_t even = find_tok(c, 0, "Even"), thu = find_tok(c, 0, "Thursday");
	size_t other = find_tok(c, 0, "another");
	check(!strcmp(resolve(&d, c, 0, even, even + 1, NULL), "(none)") &&
	      !strcmp(resolve(&d, c, 0, thu, thu + 1, NULL), "(none)"), "chains",
	      "an adverb or a day alone is no speaker, even as written");
	check(!strcmp(resolve(&d, c, 0, other, other + 1, NULL), "another"), "chains",
	      "a count alone is one (\"another said\")");
	doc_close(&d);
}

/* ---- index.c: the speakers' mention run ---- */

/* Whether the second run is in text order and each name key's chain, from
 * its head, holds exactly that key's second-run mentions, latest first. */
static bool run2_consistent(const struct doc *d)
{
	size_t end = st_run2_end(d);

	for (size_t i = ST_RUN2 + 1; i < end; i++)
		if (st_mention(d, i - 1)->pos > st_mention(d, i)->pos)
			return false;
	for (uint32_t id = 1; id <= d->nk.nk; id++) {
		size_t want = 0, seen = 0;
		for (size_t i = ST_RUN2; i < end; i++) {
			const struct ent *e = &d->e[st_mention(d, i)->ent];
			want += e->key_a == id || e->key_b == id;
		}
		size_t last = end;
		for (uint32_t v = d->nk.k[id - 1].latest; v > ST_RUN2;) {
			const struct ent *e = &d->e[st_mention(d, v - 1)->ent];
			const uint32_t *l = d->nk.link[v - 1 - ST_RUN2];
			if (v - 1 >= last || (e->key_a != id && e->key_b != id) || ++seen > want)
				return false;
			last = v - 1;
			v = e->key_a == id ? l[0] : l[1];
		}
		if (seen != want)
			return false;
	}
	return true;
}

/*
 * A reported clause found after a quotation that follows it adds its
 * speaker's mention before the latest.  Speakers added in a scrambled
 * order, ties included, keep the run in text order with each key's chain
 * whole, and a surname finds the person named last before it in the text,
 * not the one added last.
 */
static void test_mention_run(void)
{
	static const char *const p[] = {
		"Ana Ruiz met Tom Ruiz and Eva Lind at the port, where the ferries wait for the tide "
		"and the harbour master keeps the log of every boat that comes in."
	};
	struct st_block in[1];
	struct doc d;
	unsigned seed = 12345;

	if (!doc_ready(&d, in, p, 1, "mention run"))
		return;
	size_t ents[3] = {
		st_add_ent(&d, "Ana Ruiz", 8, ST_PERSON, true),
		st_add_ent(&d, "Tom Ruiz", 8, ST_PERSON, true),
		st_add_ent(&d, "Eva Lind", 8, ST_PERSON, true),
	};
	bool ok = true;
	for (int n = 0; n < 200 && ok; n++) {
		seed = seed * 1103515245u + 12345u;
		size_t e = ents[(seed >> 16) % 3], byte = 40 + (seed >> 8) % 60;
		st_add_speaker(&d, e, st_pos(0, byte));
		ok = !d.nomem && run2_consistent(&d);
	}
	check(ok, "mention run", "speakers added out of text order keep the run sorted and "
	      "each name key's chain whole");
	doc_close(&d);

	static const char *const q[] = {
		"Ana Ruiz met Tom Ruiz and Eva Lind at the port. Later Ruiz left."
	};
	if (!doc_ready(&d, in, q, 1, "mention run"))
		return;
	const struct blk *b = &d.b[0];
	size_t ana = st_add_ent(&d, "Ana Ruiz", 8, ST_PERSON, true);
	size_t tom = st_add_ent(&d, "Tom Ruiz", 8, ST_PERSON, true);
	size_t port = find_tok(b, 0, "port"), eva = find_tok(b, 0, "Eva");
	size_t ruiz = find_tok(b, port, "Ruiz");
	/* Ana spoke at "port", Tom before her at "Eva"; Tom's is added last. */
	st_add_speaker(&d, ana, st_pos(0, b->t[port].s));
	st_add_speaker(&d, tom, st_pos(0, b->t[eva].s));
	check(!strcmp(resolve(&d, b, 1, ruiz, ruiz + 1, NULL), "Ana Ruiz"), "mention run",
	      "a surname after two speakers takes the later in the text, not the later added");
	doc_close(&d);
}

/* Whether each name key's run1, indexed as st_mentions added the
 * mentions, is what grouping the whole run by key after it gives (as
 * st_index_mentions did before the two passes ran together): the run's
 * mentions of persons with the key as first or last name, ascending. */
static bool run1_grouped(const struct doc *d)
{
	for (uint32_t id = 1; id <= d->nk.nk; id++) {
		const struct name_key *k = &d->nk.k[id - 1];
		size_t n = 0;
		for (size_t i = 0; i < d->nm; i++) {
			const struct ent *e = &d->e[d->m[i].ent];
			if (e->key_a != id && e->key_b != id)
				continue;
			if (n >= k->n1 || k->run1[n] != i)
				return false;
			n++;
		}
		if (n != k->n1)
			return false;
	}
	return true;
}

/*
 * The name keys' index of st_mentions' run grows with it, block by block
 * (extract.c reads a long text for names ahead of its frames).  On a text
 * of more blocks than the window, names repeated, shared surnames and
 * one-word names among them, it must equal grouping the finished run.
 */
static void test_run1_index(void)
{
	static const char *const names[] = {
		"Ana Ruiz", "Tom Ruiz", "Eva Lind", "Ruiz", "Minister Karl Lind", "Lind", "Ola",
		"the Harbour Authority", "Eva"
	};
	enum { N = ST_WINDOW + ST_LEAD + 40 };
	static char text[N][160];
	const char *paras[N];
	struct st_block *in = calloc(N, sizeof *in);
	struct doc d;
	unsigned seed = 777;

	if (!in) {
		check(false, "run1 index", "memory for the blocks");
		return;
	}
	for (size_t i = 0; i < N; i++) {
		const char *a, *b;
		seed = seed * 1103515245u + 12345u;
		a = names[(seed >> 16) % 9];
		b = names[(seed >> 8) % 9];
		snprintf(text[i], sizeof text[i], "%s met %s at the port on day %zu. Later %s said "
		         "the ferries were late.", a, b, i, b);
		paras[i] = text[i];
	}
	if (doc_ready(&d, in, paras, N, "run1 index")) {
		check(d.nm > N && run1_grouped(&d), "run1 index",
		      "each name key's mentions, indexed as they are added, are the run's grouped "
		      "by key");
		doc_close(&d);
	}
	free(in);
}

int main(void)
{
	lex_init();
	test_text();
	test_quotes();
	test_cues();
	test_frames();
	test_candidates();
	test_chains();
	test_mention_run();
	test_run1_index();
	if (failures)
		printf("%d failure(s)\n", failures);
	else
		printf("all stage tests passed\n");
	return failures ? 1 : 0;
}
