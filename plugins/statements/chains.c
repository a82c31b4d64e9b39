/*
 * chains.c: stage 2c of the extractor (see docs/statements.md,
 * "Pipeline"): who is speaking.  st_resolve takes the noun phrase a frame
 * found (cue.c, frame.c, reported.c) and resolves it to an entity by
 * sieves, in the spirit of published quote-attribution work: names in a
 * phrase, the fullest name for a surname, pronouns to the most recent
 * compatible mention (gender, number, subject), documents to their
 * issuer, definite descriptions ("the minister") to the entity they
 * describe, coordinations ("X and Y") to both, and anything else as
 * written, typed person, group or organisation; words that stand for
 * what was said, not who said it ("said the same", "said so"), give
 * NONE.
 *
 * Input: a noun phrase (struct np) and the mentions so far (mentions.c,
 * index.c).  Output: an entity index, and how it was found (d->how,
 * explain.c).
 *
 * Must never invent a name the article does not write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

/* ---- resolution ---- */

/* Whether `text` holds the word w (ASCII case-insensitive, whole word). */
static bool has_word(const char *text, const char *w)
{
	size_t n = strlen(w);

	if (!text || !n)
		return false;
	/* One pass, without text's length: a match running into the end
	 * stops at its NUL, which no byte of w equals. */
	for (const char *p = text; *p; p++) {
		if (p > text && p[-1] != ' ' && p[-1] != '-')
			continue;
		size_t k = 0;
		for (; k < n; k++) {
			char c = p[k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != w[k])
				break;
		}
		if (k == n && (p[n] == 0 || p[n] == ' ' || p[n] == ',' || p[n] == '\'' ||
		               (unsigned char)p[n] == 0xe2))
			return true;
	}
	return false;
}

/* A word has_word() looks for, and its st_word_bits(). */
struct word {
	char w[32];
	uint64_t bits;
};

static void word_set(struct word *x, const struct blk *b, size_t i)
{
	tk_copy_lower(b, i, x->w, sizeof x->w);
	x->bits = st_word_bits(x->w, strlen(x->w));
}

struct desc {
	struct word w[8];
	size_t n;
};

/* Whether entity x's name or role holds the word w. */
static bool ent_has_word(const struct ent *x, const struct word *w)
{
	return (x->words & w->bits) == w->bits &&
	       (has_word(x->name, w->w) || has_word(x->role, w->w));
}

static bool matches_desc(const struct doc *d, size_t e, const void *arg)
{
	const struct desc *ds = arg;

	for (size_t i = 0; i < ds->n; i++)
		if (!ent_has_word(&d->e[e], &ds->w[i]))
			return false;
	return true;
}

/* Words before a title that make it another office: a vice president is
 * no president, a deputy mayor no mayor. */
static const char *const lesser_titles[] = { "vice", "deputy", "assistant" };

/* Whether the role `role` holds the title `w` as a lesser office only. */
static bool lesser_title(const char *role, const char *w)
{
	char two[64];

	/* "vice w" and "vice-w", cut to the room as snprintf would: built
	 * by hand, as snprintf here was 4% of a long text's run. */
	for (size_t i = 0; role && i < sizeof lesser_titles / sizeof lesser_titles[0]; i++) {
		size_t m = strlen(lesser_titles[i]), n = strlen(w);
		if (n > sizeof two - 2 - m)
			n = sizeof two - 2 - m;
		memcpy(two, lesser_titles[i], m);
		memcpy(two + m + 1, w, n);
		two[m + 1 + n] = 0;
		two[m] = ' ';
		if (has_word(role, two))
			return true;
		two[m] = '-';
		if (has_word(role, two))
			return true;
	}
	return false;
}

/* A person the description ds fits, its head (the last word) a title
 * the person holds as that office, not a lesser one. */
static bool matches_desc_person(const struct doc *d, size_t e, const void *arg)
{
	const struct desc *ds = arg;

	return d->e[e].kind == ST_PERSON && matches_desc(d, e, arg) &&
	       !lesser_title(d->e[e].role, ds->w[ds->n - 1].w);
}

/* A person whose name or role holds any of the words of tf: a title
 * noun and its short forms ("senator", "sen."), the noun first. */
static bool person_with_title(const struct doc *d, size_t e, const void *arg)
{
	const struct desc *tf = arg;
	const struct ent *x = &d->e[e];

	/* The cheap tests first: lesser_title() reads the role twice for
	 * each lesser title. */
	if (x->kind != ST_PERSON)
		return false;
	for (size_t i = 0; i < tf->n; i++)
		if (ent_has_word(x, &tf->w[i]))
			return !lesser_title(x->role, tf->w[0].w);
	return false;
}

static bool org_with_head(const struct doc *d, size_t e, const void *arg)
{
	const struct word *head = arg;
	const struct ent *x = &d->e[e];

	return x->kind == ST_ORG && x->named && (x->words & head->bits) == head->bits &&
	       has_word(x->name, head->w);
}

/* An organisation that is not a place: its name does not end in one. */
static bool org_speaker(const struct doc *d, size_t e, const void *arg)
{
	const char *name = d->e[e].name, *sp = strrchr(name, ' ');
	char w[32];
	size_t n = 0;

	(void)arg;
	if (d->e[e].kind != ST_ORG)
		return false;
	for (const char *p = sp ? sp + 1 : name; *p && n + 1 < sizeof w; p++)
		w[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
	w[n] = 0;
	return !(lex_lists(w) & (LX_PLACE | LX_STOP));
}

/*
 * How far back from the position looked from a look-up goes, in mentions
 * of one run.  No article comes near it; without it a hostile text of a
 * hundred thousand "“...,” Kim said." made every look-up scan every
 * mention, and extraction quadratic.
 */
#define LOOKBACK 1024

/* The index of the first mention of the sorted run m[from, to) at or
 * after hi. */
static size_t first_at(const struct doc *d, size_t from, size_t to, uint64_t hi)
{
	while (from < to) {
		size_t mid = from + (to - from) / 2;
		if (st_mention(d, mid)->pos < hi)
			from = mid + 1;
		else
			to = mid;
	}
	return from;
}

#define REFUSED_SLOTS 64 /* latest_sorted()'s memory of what `ok` refused */

/* The latest mention of the sorted run m[from, to) in [lo, hi) that
 * passes; its index in *at.  Among mentions at one position the last
 * added wins, as in an unsorted scan. */
static size_t latest_sorted(const struct doc *d, size_t from, size_t to, uint64_t lo,
                            uint64_t hi, bool (*ok)(const struct doc *, size_t, const void *),
                            const void *arg, unsigned need, unsigned exclude, size_t *at)
{
	size_t a = first_at(d, from, to, hi), stop;
	/* Entities `ok` turned down, + 1, by their low bits: an article
	 * mentions a few of them over and over, and every `ok` is a test of
	 * the entity and arg alone, which nothing changes during the scan. */
	uint32_t refused[REFUSED_SLOTS] = { 0 };
	/* [from, to) lies in one run: its mentions are one array, read by
	 * pointer rather than through st_mention() at every step (a look-up
	 * that finds nothing reads LOOKBACK of them in each run). */
	const struct mention *run = from < ST_RUN2 ? d->m : d->m2;
	size_t base = from < ST_RUN2 ? 0 : ST_RUN2;

	stop = a - from > LOOKBACK ? a - LOOKBACK : from;
	while (a > stop) {
		const struct mention *m = &run[--a - base];
		uint32_t *r = &refused[m->ent % REFUSED_SLOTS];
		if (m->pos < lo)
			break;
		if ((m->flags & need) != need || (m->flags & exclude))
			continue;
		if (ok && (*r == m->ent + 1 || !ok(d, m->ent, arg))) {
			*r = m->ent + 1;
			continue;
		}
		*at = a;
		return m->ent;
	}
	return NONE;
}

/* The entity of the latest mention in [lo, hi) that passes `ok` and has
 * the flags `need` and none of `exclude`; NONE when there is none. */
static size_t latest_in(const struct doc *d, uint64_t lo, uint64_t hi,
                        bool (*ok)(const struct doc *, size_t, const void *),
                        const void *arg, unsigned need, unsigned exclude)
{
	size_t best = NONE, i1 = 0, i2 = 0, e2 = NONE;

	/* A run none of whose mentions has the flags needs no search:
	 * st_mentions' run has no speakers, the second run nothing else. */
	if ((d->flags1 & need) == need)
		best = latest_sorted(d, 0, d->nm, lo, hi, ok, arg, need, exclude, &i1);
	if ((d->flags2 & need) == need)
		e2 = latest_sorted(d, ST_RUN2, st_run2_end(d), lo, hi, ok, arg, need, exclude,
		                   &i2);
	/* The later run wins a tie: its mentions were added last. */
	if (e2 != NONE && (best == NONE || d->m2[i2 - ST_RUN2].pos >= d->m[i1].pos))
		best = e2;
	return best;
}

static bool flags_ok(const struct mention *m, unsigned need)
{
	return (m->flags & need) == need;
}

/* latest_sorted() over st_mentions' run for the named persons with key
 * id: the same window, searched through the key's mentions alone. */
static size_t key_latest1(const struct doc *d, uint32_t id, uint64_t hi, unsigned need,
                          size_t *at)
{
	const struct name_key *k = &d->nk.k[id - 1];
	const uint32_t *run = k->run1;
	size_t a = first_at(d, 0, d->nm, hi), lim = a > LOOKBACK ? a - LOOKBACK : 0;
	size_t lo = 0, z = k->n1;

	while (lo < z) { /* the key's first mention at or after a */
		size_t mid = lo + (z - lo) / 2;
		if (run[mid] < a)
			lo = mid + 1;
		else
			z = mid;
	}
	while (lo > 0 && run[lo - 1] >= lim) {
		const struct mention *m = &d->m[run[--lo]];
		if (flags_ok(m, need)) {
			*at = run[lo];
			return m->ent;
		}
	}
	return NONE;
}

/* The speaker mention before mention i on the chain of key id, + 1. */
static uint32_t key_next(const struct doc *d, uint32_t id, size_t i)
{
	const uint32_t *l = d->nk.link[i - ST_RUN2];
	return d->e[st_mention(d, i)->ent].key_a == id ? l[0] : l[1];
}

/* latest_sorted() over the second run for the key id, along its chain. */
static size_t key_latest2(const struct doc *d, uint32_t id, uint64_t hi, unsigned need,
                          size_t *at)
{
	size_t a = first_at(d, ST_RUN2, st_run2_end(d), hi);
	size_t lim = a > ST_RUN2 + LOOKBACK ? a - LOOKBACK : ST_RUN2;
	uint32_t i = d->nk.k[id - 1].latest;

	while (i > ST_RUN2 && i - 1 >= a)
		i = key_next(d, id, i - 1);
	while (i > ST_RUN2 && i - 1 >= lim) {
		if (flags_ok(st_mention(d, i - 1), need)) {
			*at = i - 1;
			return st_mention(d, i - 1)->ent;
		}
		i = key_next(d, id, i - 1);
	}
	return NONE;
}

/* latest_in(d, 0, hi, ok, key, need, 0) with `ok` true for the named
 * persons whose first or last name is `key`. */
static size_t latest_with_key(const struct doc *d, uint64_t hi, const char *key, unsigned need)
{
	uint32_t id = st_key_find(d, key);
	size_t best = NONE, e2 = NONE, i1 = 0, i2 = 0;

	if (id == 0)
		return NONE;
	if ((d->flags1 & need) == need)
		best = key_latest1(d, id, hi, need, &i1);
	if ((d->flags2 & need) == need)
		e2 = key_latest2(d, id, hi, need, &i2);
	/* The later run wins a tie: its mentions were added last. */
	if (e2 != NONE && (best == NONE || d->m2[i2 - ST_RUN2].pos >= d->m[i1].pos))
		best = e2;
	return best;
}

/* Whether token i is a noun a name before it may qualify: a lowercase
 * plural ("supporters", not "-ss") or an organisation's word
 * ("campaign"). */
static bool qualified_noun(const struct blk *b, size_t i)
{
	return (!tk_cap(b, i) && (tk_lists(b, i, TK_ROOM) & LX_ORG)) || st_plural_noun(b, i);
}

bool st_surname_known(const struct doc *d, const struct blk *b, size_t i)
{
	char w[40];

	if (!tk_word(b, i) || st_all_upper(b, i) || !word_lower(b, i, w, sizeof w))
		return false;
	return latest_with_key(d, st_pos(b->index, b->t[i].s), w, 0) != NONE;
}

static bool in_statement(const struct blk *b, size_t after)
{
	if (after == NONE || !tk_is(b, after, "in"))
		return false;
	for (size_t k = after + 1; k < after + ST_DOC_WITHIN && k < b->nt; k++) {
		if (tk_lists(b, k, TK_ROOM) & LX_DOC)
			return true;
		if (!tk_word(b, k))
			break;
	}
	return false;
}

/* Whether entity e is a pronoun kept as written (pronoun_as_written):
 * the next "he" may stand for someone named since, never for it. */
static bool unresolved(const struct doc *d, size_t e)
{
	return !d->e[e].named && st_is_pronoun(d->e[e].name);
}

/* For latest_in(): a person "he" or "she" (arg: the pronoun's gender) can
 * stand for, that is one not known to be of the other gender. */
static bool gender_fits(const struct doc *d, size_t e, const void *arg)
{
	int want = *(const int *)arg, g = st_ent_gender(d, e);

	if (unresolved(d, e))
		return false;
	return g == ST_G_UNKNOWN || g == want;
}

/* For latest_in(): a person known to be of gender *arg. */
static bool gender_is(const struct doc *d, size_t e, const void *arg)
{
	if (unresolved(d, e))
		return false;
	return st_ent_gender(d, e) == *(const int *)arg;
}

/*
 * How many sentences before its own "he" or "she" looks for the person it
 * stands for, one sentence at a time, before it takes the latest person
 * named anywhere: news picks a person up with a pronoun in the next
 * sentence or the one after, rarely later.
 */
#define PRONOUN_SENTENCES 3
#define PRONOUN_BLOCKS 16

/* The sentence before sentence *si of block *bi, skipping blocks with
 * none; false at the start of the article. */
static bool sentence_before(const struct doc *d, size_t *bi, size_t *si)
{
	if (*si > 0) {
		(*si)--;
		return true;
	}
	/* Past PRONOUN_BLOCKS blocks without a sentence (titles, furniture)
	 * the article has moved on; it also keeps a text of a million empty
	 * blocks from being walked once per pronoun. */
	for (size_t k = 0; *bi > 0 && k < PRONOUN_BLOCKS; k++) {
		(*bi)--;
		if (d->b[*bi].ns > 0) {
			*si = d->b[*bi].ns - 1;
			return true;
		}
	}
	return false;
}

/* The index of the sentence of block b that starts at token t0. */
static size_t sentence_at(const struct blk *b, size_t t0)
{
	size_t lo = 0, hi = b->ns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->s[mid].t0 < t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first person named in [lo, hi) whom `ok` lets through: the subject
 * of a sentence comes before its objects. */
static size_t first_person_in(const struct doc *d, uint64_t lo, uint64_t hi,
                              bool (*ok)(const struct doc *, size_t, const void *),
                              const void *arg)
{
	size_t a = first_at(d, 0, d->nm, lo), end = a + LOOKBACK;

	/* At most LOOKBACK mentions, as latest_sorted: a hostile sentence of
	 * a million names must not be read once per pronoun after it. */
	for (; a < d->nm && a < end && d->m[a].pos < hi; a++)
		if ((d->m[a].flags & M_PERSON) && ok(d, d->m[a].ent, arg))
			return d->m[a].ent;
	return NONE;
}

/*
 * How many sentences a chain of the same pronoun is followed back: "Lena
 * Ortiz ... She had never voted. She thinks Maria Duarte can win. “…,” she
 * said" is about Ortiz all along, however many sentences in a row say
 * "she" for her first.
 */
#define PRONOUN_CHAIN 8

/* The look-up reads blocks this far back, from the block before the one
 * being read at most: all must stay in the window (st_blk_at). */
_Static_assert(PRONOUN_BLOCKS * (PRONOUN_SENTENCES + PRONOUN_CHAIN) + 2 + ST_LEAD < ST_WINDOW,
               "the pronoun look-up's blocks and those st_mentions reads ahead fit the window");

/* How far into a sentence pronoun_in() looks: the pronoun that carries a
 * sentence's topic comes early; a bound keeps a hostile sentence of a
 * million words from being read once per pronoun after it. */
#define PRONOUN_SCAN 128

/* The position of the first "he" ("him", "his") or "she" ("her") of
 * gender *g among the first PRONOUN_SCAN tokens of sentence si of block
 * x, outside quotations, in *at; false if none. */
static bool pronoun_in(const struct blk *x, size_t bi, size_t si, const int *g, uint64_t *at)
{
	static const char *const he[] = {"he", "him", "his", "himself", NULL};
	static const char *const she[] = {"she", "her", "hers", "herself", NULL};
	const char *const *forms = *g == ST_G_MALE ? he : she;
	size_t end = x->s[si].t1;

	if (end - x->s[si].t0 > PRONOUN_SCAN)
		end = x->s[si].t0 + PRONOUN_SCAN;
	for (size_t k = x->s[si].t0; k < end; k++) {
		if (x->t[k].flags & TF_INQ)
			continue;
		for (size_t f = 0; forms[f]; f++)
			if (tk_is(x, k, forms[f])) {
				*at = st_pos(bi, x->t[k].s);
				return true;
			}
	}
	return false;
}

/* "Pruitt played down a deal with Ostrander. “…,” he said": the person of
 * gender *g that the sentences before the pronoun's are about: the
 * nearest sentence with one, its speaker first, else the first person it
 * names (its subject, as a rule, before its objects).  Only the people
 * named before that sentence's own "he" or "she" count: past it, the
 * sentence is already about someone named earlier, and the search goes
 * on before it ("Lena Ortiz backs Dale Pruitt. She doubts Maria Duarte can win.
 * “…,” she said" is Ortiz, not Duarte). */
static size_t pronoun_antecedent(const struct doc *d, const struct blk *b, size_t sent_t0,
                                 const int *g)
{
	size_t bi = b->index, si = sentence_at(b, sent_t0), e = NONE;
	int chain = 0;

	if (si >= b->ns || b->s[si].t0 != sent_t0)
		return NONE;
	for (int k = 0; k < PRONOUN_SENTENCES && e == NONE; k++) {
		const struct blk *x;
		uint64_t lo, hi, at;
		bool pr;
		if (!sentence_before(d, &bi, &si) || !(x = st_blk_at(d, bi)))
			break;
		lo = st_pos(bi, x->t[x->s[si].t0].s);
		hi = st_pos(bi, x->t[x->s[si].t1 - 1].e);
		pr = pronoun_in(x, bi, si, g, &at);
		/* "As for the idea that voters want Jane Roe because she ...,
		 * Ann Lee offered her own. “…,” she said": a pronoun in the
		 * phrase that leads the sentence before is no reason to look
		 * only before it: that sentence's subject, after the phrase,
		 * is who the pronoun after it stands for. */
		if (pr && (e = latest_in(d, at, hi + 1, gender_fits, g, M_PERSON | M_SUBJECT, 0)) != NONE)
			break;
		if (pr)
			hi = at;
		e = latest_in(d, lo, hi, gender_fits, g, M_PERSON | M_SPEAKER, 0);
		if (e == NONE)
			e = first_person_in(d, lo, hi, gender_fits, g);
		if (e == NONE && pr && chain++ < PRONOUN_CHAIN)
			k--;
	}
	return e;
}

static size_t resolve_pronoun(struct doc *d, const struct blk *b, size_t i,
                              size_t sent_t0, size_t after)
{
	char w[16];
	uint64_t pos = st_pos(b->index, b->t[i].s);
	uint64_t s0 = st_pos(b->index, b->t[sent_t0].s);
	size_t e;

	word_lower(b, i, w, sizeof w);
	if (!strcmp(w, "he") || !strcmp(w, "she")) {
		int g = w[0] == 'h' ? ST_G_MALE : ST_G_FEMALE;
		/* "Pruitt thanked Ostrander for what he called ...": a pronoun in a
		 * sentence whose subject is a person refers to that subject. */
		e = latest_in(d, s0, pos, gender_fits, &g, M_PERSON | M_SUBJECT, 0);
		if (e == NONE)
			e = pronoun_antecedent(d, b, sent_t0, &g);
		if (e != NONE)
			return e;
		e = latest_in(d, 0, pos, gender_fits, &g, M_PERSON, 0);
		/* "Hana Kovac ... Beau Linder ... she said", with no one
		 * in the sentences just before: of the people in this paragraph
		 * and the one before, one known to be of the pronoun's gender
		 * outranks a later one whose gender no list tells.  Not when
		 * the sentences before named someone: their subject is who the
		 * pronoun stands for, known gender or not ("Rep. Kerrigan Vale
		 * doubts Tom Whitaker won. “…,” he said"). */
		if (e != NONE && st_ent_gender(d, e) == ST_G_UNKNOWN) {
			uint64_t lo = st_pos(b->index > 0 ? b->index - 1 : 0, 0);
			size_t k = latest_in(d, lo, pos, gender_is, &g, M_PERSON, 0);
			if (k != NONE)
				e = k;
		}
		return e;
	}
	if (!strcmp(w, "who"))
		return latest_in(d, s0, pos, NULL, NULL, M_PERSON, 0);
	if (!strcmp(w, "they")) {
		if (in_statement(b, after) && d->issuer != NONE)
			return d->issuer;
		return latest_in(d, 0, pos, NULL, NULL, M_SPEAKER, 0);
	}
	if (!strcmp(w, "it")) {
		e = latest_in(d, s0, pos, NULL, NULL, M_ORG | M_SUBJECT, 0);
		if (e == NONE)
			e = latest_in(d, s0, pos, NULL, NULL, M_ORG, 0);
		if (e == NONE)
			e = latest_in(d, 0, pos, NULL, NULL, M_ORG | M_SPEAKER, 0);
		if (e == NONE)
			e = d->issuer;
		return e;
	}
	return NONE;
}

bool st_is_pronoun(const char *w)
{
	return lex_lists(w) & LX_PRONOUN;
}

/* A person named in tokens [i0, i1): a full name, or a surname standing for
 * the fullest name mentioned before. */
static size_t person_in(struct doc *d, const struct blk *b, size_t i0, size_t i1,
                        uint64_t pos, size_t *name0)
{
	char w[40];
	bool full = false;

	/* "Vass campaign aide Ola Finn": a full name in the phrase is
	 * the speaker; a surname before it only qualifies her. */
	for (size_t i = i0; i < i1 && !full; i++) {
		size_t r1;
		if (!tk_cap(b, i))
			continue;
		r1 = st_cap_run(b, i, i1);
		full = i > i0 && !(b->t[r1 - 1].flags & TF_POSS) &&
		       st_is_person_name(b, st_name_start(b, i, r1), r1);
		i = r1 - 1;
	}
	for (size_t i = i0; i < i1; i++) {
		if (!tk_cap(b, i))
			continue;
		size_t r1 = st_cap_run(b, i, i1), r0 = i, ns, n, e;
		i = r1 - 1;
		if (r0 > i0 && (tk_lists(b, r0 - 1, sizeof w) & LX_PREP))
			continue;
		if ((b->t[r1 - 1].flags & TF_POSS) && r1 < i1)
			continue;
		/* "several Clinton supporters", "the Ruiz campaign": a name
		 * that qualifies the noun after it (a plural or an
		 * organisation's word) names no speaker; "Ruiz herself",
		 * "Ruiz twice" still do. */
		if (r1 < i1 && qualified_noun(b, r1))
			continue;
		while (r0 < r1 && (tk_lists(b, r0, sizeof w) & LX_STOP))
			r0++;
		if (r0 >= r1)
			continue;
		ns = st_name_start(b, r0, r1);
		if (st_org_of(b, r0, ns))
			continue;
		if (ns < r1 && st_is_person_name(b, ns, r1)) {
			const char *txt = tok_name(b, ns, r1, &n);
			*name0 = ns;
			return st_add_ent(d, txt, n, ST_PERSON, true);
		}
		if (ns + 1 == r1 && tk_word(b, ns) && !st_all_upper(b, ns) && !full) {
			word_lower(b, ns, w, sizeof w);
			e = latest_with_key(d, pos, w, M_SPEAKER);
			if (e == NONE)
				e = latest_with_key(d, pos, w, 0);
			if (e != NONE) {
				*name0 = ns;
				d->how = ST_HOW_SURNAME;
				return e;
			}
			if (ns > r0 && !(tk_lists(b, ns, sizeof w) & (LX_PLACE | LX_ORG | LX_STOP))) {
				const char *txt = tok_name(b, ns, r1, &n);
				*name0 = ns;
				return st_add_ent(d, txt, n, ST_PERSON, true);
			}
		}
	}
	return NONE;
}

static size_t join_persons(struct doc *d, const size_t *ents, size_t n)
{
	size_t len = 1, rlen = 1, e = NONE;
	char *name, *role;
	bool any_role = false;

	for (size_t i = 0; i < n; i++) {
		len += strlen(d->e[ents[i]].name) + 6;
		rlen += (d->e[ents[i]].role ? strlen(d->e[ents[i]].role) : 0) + 2;
	}
	name = malloc(len);
	role = malloc(rlen);
	if (!name || !role) {
		d->nomem = true;
		goto out_free;
	}
	name[0] = role[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(name, i + 1 == n ? (n > 2 ? ", and " : " and ") : ", ");
		strcat(name, d->e[ents[i]].name);
		if (i > 0)
			strcat(role, "; ");
		if (d->e[ents[i]].role) {
			strcat(role, d->e[ents[i]].role);
			any_role = true;
		}
	}
	e = st_add_ent(d, name, strlen(name), ST_GROUP, true);
	if (any_role)
		st_set_role(d, e, role, strlen(role));
out_free:
	free(name);
	free(role);
	return e;
}

static size_t resolve_coord(struct doc *d, const struct blk *b, size_t n0, size_t n1,
                            uint64_t pos)
{
	size_t ents[8], ne = 0, start = n0, name0;
	bool and_seen = false;

	for (size_t i = n0; i <= n1; i++) {
		bool sep = i == n1 || tk_punct(b, i, ',') || tk_is(b, i, "and") ||
		           tk_punct(b, i, '&');
		if (!sep)
			continue;
		if (i < n1 && !tk_punct(b, i, ','))
			and_seen = true;
		if (i > start) {
			size_t e = person_in(d, b, start, i, pos, &name0);
			if (e == NONE || ne == 8 || d->e[e].kind != ST_PERSON)
				return NONE;
			ents[ne++] = e;
		}
		start = i + 1;
	}
	if (ne < 2 || !and_seen)
		return NONE;
	return join_persons(d, ents, ne);
}

static bool named_person_not_in(const struct doc *d, size_t i, const size_t *ents, size_t ne)
{
	const struct mention *m = st_mention(d, i);

	if ((m->flags & (M_PERSON | M_NAMED)) != (M_PERSON | M_NAMED))
		return false;
	for (size_t k = 0; k < ne; k++)
		if (ents[k] == m->ent)
			return false;
	return true;
}

/* The latest mention before hi of a named person not in ents: the latest
 * in the text, the last added among equals.  Searched back from hi in
 * each sorted run rather than along every mention. */
static size_t latest_person(const struct doc *d, uint64_t hi, const size_t *ents, size_t ne)
{
	size_t best = NONE, a = first_at(d, 0, d->nm, hi);

	while (a > 0 && best == NONE)
		if (named_person_not_in(d, --a, ents, ne))
			best = a;
	for (a = first_at(d, ST_RUN2, st_run2_end(d), hi); a > ST_RUN2;)
		if (named_person_not_in(d, --a, ents, ne)) {
			/* The later run wins a tie. */
			if (best == NONE || st_mention(d, a)->pos >= st_mention(d, best)->pos)
				best = a;
			break;
		}
	return best;
}

static size_t last_persons(struct doc *d, uint64_t pos, size_t want)
{
	size_t ents[3] = { 0 }, ne = 0;
	uint64_t hi = pos;

	while (ne < want) {
		size_t best = latest_person(d, hi, ents, ne);
		if (best == NONE)
			return NONE;
		ents[ne++] = st_mention(d, best)->ent;
		hi = st_mention(d, best)->pos;
	}
	/* Chronological order. */
	for (size_t i = 0; i < ne / 2; i++) {
		size_t t = ents[i];
		ents[i] = ents[ne - 1 - i];
		ents[ne - 1 - i] = t;
	}
	return join_persons(d, ents, ne);
}

static size_t resolve_definite(struct doc *d, const struct blk *b, size_t n0, size_t n1,
                               uint64_t pos)
{
	struct word head;
	struct desc ds;
	size_t e;

	/* "“…,” both said": the two people named last, as "the two". */
	if (n1 == n0 + 1 && tk_is(b, n0, "both"))
		return last_persons(d, pos, 2);
	if (!tk_is(b, n0, "the") || n1 - n0 < 2)
		return NONE;
	for (size_t k = n0 + 1; k < n1; k++) {
		if (!tk_word(b, k) || (tk_lists(b, k, TK_ROOM) & LX_PREP))
			return NONE;
		if (tk_word_is(b, k, "two") || tk_word_is(b, k, "both") ||
		    tk_word_is(b, k, "pair") || tk_word_is(b, k, "duo"))
			return last_persons(d, pos, 2);
		if (tk_word_is(b, k, "three") || tk_word_is(b, k, "trio"))
			return last_persons(d, pos, 3);
	}
	word_set(&head, b, n1 - 1);
	if (lex_lists(head.w) & LX_ORG) {
		e = latest_in(d, 0, pos, org_with_head, &head, M_ORG | M_NAMED, M_POSS);
		if (e != NONE)
			return e;
	}
	/* "Larkfield, the homeware retailer, has warned ... The company
	 * said": "the company" or "the firm" is the organisation that spoke
	 * last, when no organisation's name holds that word. */
	if (n1 - n0 == 2 && (!strcmp(head.w, "company") || !strcmp(head.w, "firm") ||
	                     !strcmp(head.w, "group") || !strcmp(head.w, "retailer") ||
	                     !strcmp(head.w, "carrier") || !strcmp(head.w, "bank") ||
	                     !strcmp(head.w, "operator") || !strcmp(head.w, "chain"))) {
		e = latest_in(d, 0, pos, org_speaker, NULL, M_ORG | M_SPEAKER, 0);
		if (e != NONE)
			return e;
	}
	if (!strcmp(head.w, "country") || !strcmp(head.w, "nation") || !strcmp(head.w, "regime") ||
	    !strcmp(head.w, "state")) {
		e = latest_in(d, 0, pos, NULL, NULL, M_ORG | M_SUBJECT, M_POSS);
		if (e != NONE)
			return e;
	}
	/* "the report": a document, never a person whose role names one
	 * ("an aide who wrote the audit report"). */
	if (lex_lists(head.w) & LX_DOC)
		return NONE;
	ds.n = 0;
	for (size_t k = n0 + 1; k < n1 && ds.n < 8; k++) {
		if (!(tk_lists(b, k, sizeof ds.w[0].w) & LX_STOP))
			word_set(&ds.w[ds.n++], b, k);
	}
	if (ds.n == 0)
		return NONE;
	/* "the Westbury senator": a title for a head describes a person,
	 * never the place or the party whose name holds its other words. */
	if (lex_lists(head.w) & LX_TITLE) {
		struct desc tf;
		const char *ab[3];
		size_t na;

		e = latest_in(d, 0, pos, matches_desc_person, &ds, 0, 0);
		if (e != NONE || d->nomem)
			return e;
		/* "Sen. Ana Ruiz ... the senator", "Gov. Tom Dane ... the
		 * former governor": the latest person the title itself names,
		 * written out or short.  A capitalised word before the title
		 * ("the Vermont senator", "the Republican governor") must be
		 * in the name or role (above): it tells two of them apart. */
		for (size_t k = n0 + 1; k + 1 < n1; k++)
			if (tk_cap(b, k))
				return NONE;
		tf.w[0] = head;
		tf.n = 1;
		na = lex_title_abbrevs(head.w, ab, sizeof ab / sizeof ab[0]);
		for (size_t i = 0; i < na; i++) {
			snprintf(tf.w[tf.n].w, sizeof tf.w[0].w, "%s", ab[i]);
			tf.w[tf.n].bits = st_word_bits(ab[i], strlen(ab[i]));
			tf.n++;
		}
		if (ds.n == 1 && na == 0)
			return NONE; /* the head alone: searched above */
		return latest_in(d, 0, pos, person_with_title, &tf, 0, 0);
	}
	return latest_in(d, 0, pos, matches_desc, &ds, 0, 0);
}

size_t st_set_issuer(struct doc *d, const struct blk *b, size_t h, size_t e)
{
	word_lower(b, h, d->issuer_doc, sizeof d->issuer_doc);
	return d->issuer = e;
}

static size_t resolve_doc(struct doc *d, const struct blk *b, size_t n0, size_t n1,
                          uint64_t pos)
{
	size_t h = NONE, sub = NONE, name0, e;
	int prio = 0;

	for (size_t k = n0; k < n1 && k < n0 + ST_DOC_WITHIN; k++) {
		unsigned l = tk_lists(b, k, TK_ROOM);
		if (!tk_word(b, k))
			continue;
		if ((l & LX_DOC) && !(b->t[k].flags & TF_POSS)) {
			h = k;
			break;
		}
		if (l & (LX_PREP | LX_AUX))
			break;
	}
	if (h == NONE)
		return NONE;
	for (size_t k = n0; k < h; k++) {
		if (!(b->t[k].flags & TF_POSS))
			continue;
		size_t r = k;
		while (r > n0 && tk_cap(b, r - 1))
			r--;
		e = person_in(d, b, r, k + 1, pos, &name0);
		if (e == NONE) {
			size_t n;
			const char *txt = tok_name(b, r, k + 1, &n);
			e = st_add_ent(d, txt, n, ST_ORG, true);
		}
		return st_set_issuer(d, b, h, e);
	}
	for (size_t k = h + 1; k + 1 < n1; k++) {
		if ((tk_is(b, k, "credited") || tk_is(b, k, "attributed")) && tk_is(b, k + 1, "to")) {
			sub = k + 2;
			prio = 2;
		} else if (prio < 2 && (tk_is(b, k, "by") || tk_is(b, k, "from"))) {
			sub = k + 1;
			prio = 1;
		}
	}
	if (sub != NONE) {
		size_t end = sub;
		while (end < n1 && !tk_punct(b, end, ',') && !tk_is(b, end, "and"))
			end++;
		e = person_in(d, b, sub, end, pos, &name0);
		if (e == NONE && end > sub) {
			size_t n;
			const char *txt = tok_text(b, sub, end, &n);
			e = st_add_ent(d, txt, n, ST_ORG, false);
		}
		if (e != NONE)
			return st_set_issuer(d, b, h, e);
	}
	/* "The statement said" after "a statement from the ministry": the
	 * ministry.  Another document with no owner in its own words is
	 * itself, as written: "condemning Farrow's remarks ... “…,” the
	 * letter says" is not Farrow's. */
	if (d->issuer != NONE && tk_word_is(b, h, d->issuer_doc))
		return d->issuer;
	return NONE;
}


/* A short description of one person: an article or a possessive, then
 * DESCRIPTION_WORDS words at most ending in a noun ("the retired
 * surgeon", "his brother"), not a clause taken for a subject. */
#define DESCRIPTION_WORDS 4

static bool description(const struct blk *b, size_t n0, size_t n1)
{
	char w[32];
	size_t n;

	if (n1 - n0 < 2 || n1 - n0 > DESCRIPTION_WORDS ||
	    !(tk_is(b, n0, "the") || tk_is(b, n0, "a") || tk_is(b, n0, "an") ||
	      tk_is(b, n0, "his") || tk_is(b, n0, "her")))
		return false;
	for (size_t i = n0; i < n1; i++)
		if (!tk_word(b, i))
			return false;
	if (lex_word_in(b, n1 - 1, LW_FINDINGS))
		return false; /* "a yearly poll" */
	word_lower(b, n1 - 1, w, sizeof w);
	n = strlen(w);
	return !(n > 2 && !strcmp(w + n - 2, "ed")) && !(n > 3 && !strcmp(w + n - 3, "ing"));
}

/*
 * "“…,” he said" where no one before it can be the "he": the statement is
 * still one, said by "he" as written, never dropped.  The pronoun's
 * gender goes with it, so that a "she" later does not take this "he".
 * "who", "that" and "which" are no speakers even as written.
 */
static size_t pronoun_as_written(struct doc *d, const struct blk *b, size_t i, const char *w)
{
	size_t n, e;
	const char *txt = tok_text(b, i, i + 1, &n);
	int kind;

	if (!strcmp(w, "he") || !strcmp(w, "she"))
		kind = ST_PERSON;
	else if (!strcmp(w, "they") || !strcmp(w, "we"))
		kind = ST_GROUP;
	else if (!strcmp(w, "it"))
		kind = ST_ORG;
	else
		return NONE;
	d->how = ST_HOW_UNRESOLVED;
	e = st_add_ent(d, txt, n, kind, false);
	if (e != NONE && kind == ST_PERSON)
		d->e[e].gender_said = w[0] == 'h' ? ST_G_MALE : ST_G_FEMALE;
	return e;
}

/* Whether the lowercased word w (n bytes, NUL-terminated) is a verb form
 * in -ing or -ed ("walking", "rescinded"). */
static bool verb_form(const char *w, size_t n)
{
	return (n > 4 && !strcmp(w + n - 3, "ing")) || (n > 3 && !strcmp(w + n - 2, "ed"));
}

/* Whether the words [n0, n1) can be a speaker as written: a noun phrase,
 * not the clause or phrase a subject finder took for one.  Such a phrase
 * opens with a verb form ("rescinded his endorsement", "walking past"), a
 * preposition ("according to exit polls"), a bare number ("43"), a word
 * that stands for what was said ("something she asked") or a pronoun with
 * its clause ("she encourages participants ..."). */
static bool words_can_speak(const struct blk *b, size_t n0, size_t n1)
{
	char w[TK_ROOM];
	size_t n;
	unsigned l;

	if (st_digits(b, n0) && n1 == n0 + 1)
		return false; /* "43", not "43 percent of tenants" */
	if (tk_cap(b, n0))
		return true;
	n = tk_copy_lower(b, n0, w, sizeof w);
	l = tk_lists(b, n0, sizeof w);
	if ((l & (LX_PREP | LX_AUX)) || ((l & LX_PRONOUN) && n1 > n0 + 1))
		return false;
	if (verb_form(w, n))
		return false;
	return !lex_word_in(b, n0, LW_NOT_SPEAKERS);
}

/* Whether the words [n0, n1) are one function word: an adverb, a time, a
 * preposition, a determiner or a lead ("Even, the ministry said" read as
 * "Even ... said", "has long argued" as "long argued"), or a participle
 * ("having", "highlighted").  Such a word names no one, as written or
 * not; a count does ("another said", "some argued"). */
static bool lone_function_word(const struct blk *b, size_t n0, size_t n1)
{
	char w[TK_ROOM];
	size_t n;

	if (n1 != n0 + 1 || !tk_word(b, n0) || lex_word_in(b, n0, LW_COUNTS))
		return false;
	n = tk_copy_lower(b, n0, w, sizeof w);
	if (tk_lists(b, n0, sizeof w) &
	    (LX_STOP | LX_AUX | LX_ADVERB | LX_PREP | LX_DET | LX_TIME | LX_LEAD))
		return true;
	return !tk_cap(b, n0) && verb_form(w, n);
}

size_t st_resolve(struct doc *d, const struct np *np, size_t sent_t0)
{
	const struct blk *b = np->b;
	size_t n0 = np->n0, n1 = np->n1, e, n, name0 = NONE;
	char w[40];
	uint64_t pos;
	const char *txt;
	int kind;

	while (n0 < n1 && (tk_is(b, n0, "and") || tk_is(b, n0, "but") ||
	                   tk_is(b, n0, "or") || !tk_word(b, n0)))
		n0++;
	while (n1 > n0 && !tk_word(b, n1 - 1) && !tk_punct(b, n1 - 1, ')'))
		n1--;
	if (n0 >= n1)
		return NONE;
	pos = st_pos(b->index, b->t[n0].s);
	word_lower(b, n0, w, sizeof w);
	if (n1 - n0 == 1 && st_is_pronoun(w)) {
		d->how = ST_HOW_PRONOUN;
		e = resolve_pronoun(d, b, n0, sent_t0, np->after);
		if (e == NONE && !d->nomem)
			e = pronoun_as_written(d, b, n0, w);
		return e;
	}
	/* "the CFC said", "CFC said" */
	if (n1 == n0 + 1 + (tk_is(b, n0, "the") ? 1u : 0u) &&
	    (e = st_acronym_ent(d, b, n1 - 1)) != NONE) {
		d->how = ST_HOW_ACRONYM;
		return e;
	}
	d->how = ST_HOW_ISSUER;
	e = resolve_doc(d, b, n0, n1, pos);
	if (e != NONE || d->nomem)
		return e;
	d->how = ST_HOW_COORD;
	e = resolve_coord(d, b, n0, n1, pos);
	if (e != NONE || d->nomem)
		return e;
	d->how = ST_HOW_NAME; /* person_in says when it was a surname */
	e = person_in(d, b, n0, n1, pos, &name0);
	if (e != NONE) {
		if (np->a1 > np->a0) {
			txt = tok_text(b, np->a0, np->a1, &n);
			st_set_role(d, e, txt, n);
		} else if (name0 != NONE) {
			size_t rp = st_role_prefix(b, n0, name0);
			if (rp < name0) {
				txt = tok_text(b, rp, name0, &n);
				st_set_role(d, e, txt, n);
			}
		}
		return e;
	}
	d->how = ST_HOW_DEFINITE;
	e = resolve_definite(d, b, n0, n1, pos);
	if (e != NONE || d->nomem)
		return e;
	/* "said the same", "said so": words that stand for what was said,
	 * not for who said it. */
	if (n1 - n0 <= 2 && !tk_cap(b, n1 - 1) &&
	    lex_word_in(b, n1 - 1, LW_NOT_SPEAKERS))
		return NONE;
	if ((d->clause && !words_can_speak(b, n0, n1)) ||
	    lone_function_word(b, n0 + (tk_is(b, n0, "the") ? 1u : 0u), n1))
		return NONE;
	/* A proper name of an organisation or a place, or words as written. */
	d->how = ST_HOW_WORDS;
	{
		size_t k = n0, last = n1 - 1;
		bool caps = true, orgish = false, plural, andw = false;
		if (tk_is(b, k, "the"))
			k++;
		for (size_t i = k; i < n1; i++) {
			unsigned l = tk_lists(b, i, sizeof w);
			if (tk_word(b, i) && !tk_cap(b, i) && !(tk_is(b, i, "of") || tk_is(b, i, "for")))
				caps = false;
			if (tk_word(b, i) && ((l & (LX_ORG | LX_PLACE)) || st_all_upper(b, i)))
				orgish = true;
			if (tk_is(b, i, "and"))
				andw = true;
			if ((l & LX_PREP) && last == n1 - 1 && i > n0)
				last = i - 1;
		}
		word_lower(b, last, w, sizeof w);
		plural = andw || (strlen(w) > 3 && w[strlen(w) - 1] == 's' &&
		                  w[strlen(w) - 2] != 's' && !(b->t[last].flags & TF_POSS));
		if (caps && orgish)
			kind = ST_ORG;
		else if (n1 == n0 + 1 && np->a1 == np->a0 && tk_cap(b, n0) &&
		         st_alpha_word(b, n0) && !(tk_lists(b, n0, sizeof w) & (LX_ALL & ~LX_ABBREV)))
			kind = ST_PERSON; /* "Bob said": a name no list knows, alone
			                   * ("Brightwell, the paint maker," is described) */
		else if (plural)
			kind = ST_GROUP;
		else if ((lex_lists(w) & LX_TITLE) || !strcmp(w, "source") || !strcmp(w, "person"))
			kind = ST_PERSON;
		else if (!caps && !orgish && description(b, n0, n1))
			kind = ST_PERSON; /* "the retired surgeon": a "he" may follow */
		else
			kind = ST_ORG;
		txt = tok_text(b, n0, n1, &n);
		e = st_add_ent(d, txt, n, kind, caps && orgish);
		if (e != NONE && np->a1 > np->a0) {
			txt = tok_text(b, np->a0, np->a1, &n);
			st_set_role(d, e, txt, n);
		}
		return e;
	}
}
