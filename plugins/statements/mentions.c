/*
 * mentions.c: stage 2b of the extractor (see docs/statements.md,
 * "Pipeline"): the article's names, before any statement is looked for.
 * Every capitalised run of every sentence (candidates.c) becomes an
 * entity (a person with the role given at first mention, an
 * organisation or a place) and a mention of it; a surname alone is tied
 * to the person named in full before.
 *
 * Input: the blocks' tokens and sentences (text.c).
 * Output: the entity table and its first run of mentions (index.c),
 * which chains.c resolves speakers against.
 *
 * Runs after text.c, before the frames (extract.c: st_mentions).
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

/* ---- pass 1: the names of the article ---- */

/* How many of the latest mentions named_person() looks through: a
 * surname refers back to a person named within the article, and no
 * article comes near this many mentions.  Without the bound, every
 * capitalised word of a long text scanned every mention before it
 * (quadratic: 82% of a 6 MB one-document run). */
#define NAMED_LOOKBACK 1024

/* How many of the key's mentions before the latest named_person() reads
 * for one of an honorific's gender ("Mrs. Vale" after "Ana Vale" and then
 * "Tom Vale"): a few people share a surname in an article. */
#define NAMED_GENDER_TRIES 16

/* Whether entity e is known to be of the gender other than g. */
static bool gender_clash(const struct doc *d, size_t e, int g)
{
	int eg = st_ent_gender(d, e);

	return g != ST_G_UNKNOWN && eg != ST_G_UNKNOWN && eg != g;
}

/* The person named in full before whose first or last name is `key`, the
 * one mentioned last when several share it.  The scan this replaces took,
 * among the last NAMED_LOOKBACK mentions, the latest in the text of a
 * named person with the key as the first or the last of two or more
 * names.  st_mentions adds its mentions in text order, so that is the
 * key's latest mention, when it is among the last NAMED_LOOKBACK.  With an
 * honorific's gender g ("Mrs."), the latest such person not known to be of
 * the other gender, or none. */
static size_t named_person(const struct doc *d, const char *key, int g)
{
	uint32_t id = st_key_find(d, key);
	const struct name_key *k;
	size_t lim = d->nm > NAMED_LOOKBACK ? d->nm - NAMED_LOOKBACK : 0, e;

	if (id == 0 || (k = &d->nk.k[id - 1])->latest_full == 0 || k->latest_full - 1 < lim)
		return NONE;
	e = d->m[k->latest_full - 1].ent;
	if (!gender_clash(d, e, g))
		return e;
	/* The key's mentions, ascending: back from the latest. */
	for (size_t j = k->n1, tries = 0; j-- > 0 && tries < NAMED_GENDER_TRIES; tries++) {
		size_t i = k->run1[j], x = d->m[i].ent;
		if (i < lim)
			break;
		if (d->e[x].kind == ST_PERSON && d->e[x].key_b && !gender_clash(d, x, g))
			return x;
	}
	return NONE;
}

/* What an honorific among tokens [r0, ns) before a name says of its
 * gender: "Mrs Okafor", "Mr. Lund"; ST_G_UNKNOWN when none does. */
static int honorific_gender(const struct blk *b, size_t r0, size_t ns)
{
	char w[16];
	int g, said = ST_G_UNKNOWN;

	for (size_t k = r0; k < ns; k++) {
		if (!(tk_lists(b, k, TK_ROOM) & LX_HONORIFIC))
			continue;
		word_lower(b, k, w, sizeof w);
		if ((g = st_words_gender(w)) != ST_G_UNKNOWN)
			said = g;
	}
	return said;
}

/* Notes on entity e the gender g an honorific before its name says. */
static void note_gender(struct doc *d, size_t e, int g)
{
	if (e != NONE && g != ST_G_UNKNOWN)
		d->e[e].gender_said = (uint8_t)g;
}

/*
 * Whether the name ending at r1 only qualifies a person named right after
 * it: "Haldane adviser Cora Vint", "Haldane campaign aide Lia Moss".
 * Up to MODIFIER_WORDS lowercase words stand between, none a function
 * word, the last a role, and a full name follows; the first name then is
 * no one mentioned
 * ("“…,” he said" after it is Vint).
 */
#define MODIFIER_WORDS 3 /* "campaign finance director" */

static bool modifies_name(const struct blk *b, const struct sent *s, size_t r1)
{
	size_t k = r1;

	if (b->t[r1 - 1].flags & TF_POSS)
		return false;
	while (k < s->t1 && k < r1 + MODIFIER_WORDS && tk_word(b, k) && !tk_cap(b, k) &&
	       st_alpha_word(b, k) &&
	       !(tk_lists(b, k, TK_ROOM) & (LX_STOP | LX_PREP | LX_AUX | LX_PRONOUN | LX_TIME)))
		k++;
	/* The word before the name is a role ("consultant", "aide"), not a
	 * verb ("Haldane thanked Cora Vint"). */
	if (k == r1 || k >= s->t1 || !tk_cap(b, k) || !(tk_lists(b, k - 1, TK_ROOM) & LX_TITLE))
		return false;
	size_t e1 = st_cap_run(b, k, s->t1);
	return st_is_person_name(b, st_name_start(b, k, e1), e1);
}

static void mention_run(struct doc *d, const struct blk *b, const struct sent *s,
                        size_t r0, size_t r1, size_t subj)
{
	size_t ns, n, a0, a1, e;
	const char *txt;
	char w[40];
	unsigned flags = r0 == subj ? M_SUBJECT : 0;

	while (r0 < r1) {
		unsigned l = tk_lists(b, r0, sizeof w);
		if (!(l & (LX_STOP | LX_LEAD)))
			break;
		if ((l & LX_LEAD) && !(l & LX_STOP) && !(r0 == s->t0))
			break;
		r0++;
	}
	if (r0 >= r1)
		return;
	/* "Luther Pate IV": the numeral is no surname ("Pate" is). */
	if (r1 - r0 > 2 && (tk_word_is(b, r1 - 1, "ii") || tk_word_is(b, r1 - 1, "iii") ||
	                    tk_word_is(b, r1 - 1, "iv")))
		r1--;
	ns = st_name_start(b, r0, r1);
	if (ns < r1 && st_is_person_name(b, ns, r1) && !st_org_of(b, r0, ns)) {
		size_t rp;
		txt = tok_name(b, ns, r1, &n);
		e = st_add_ent(d, txt, n, ST_PERSON, true);
		if (e == NONE)
			return;
		note_gender(d, e, honorific_gender(b, r0, ns));
		st_appos_after(b, r1, s->t1, &a0, &a1);
		rp = st_role_prefix(b, s->t0, ns);
		if (a1 > a0) {
			txt = tok_text(b, a0, a1, &n);
			st_set_role(d, e, txt, n);
		} else if (rp < ns || st_party_after(b, r1, s->t1) > r1) {
			/* "Sen. Ana Ruiz (D-Ore.)": role "Sen. (D-Ore.)" */
			size_t p1 = st_party_after(b, r1, s->t1), np = 0;
			const char *party = p1 > r1 ? tok_text(b, r1, p1, &np) : "";
			/* Without a role before the name, no text of [rp, ns):
			 * ns may be the block's first token. */
			n = 0;
			txt = rp < ns ? tok_text(b, rp, ns, &n) : "";
			st_set_role_parts(d, e, txt, n, party, np);
		} else if (ns == r0 && r0 > s->t0 + 1 && tk_punct(b, r0 - 1, ',') &&
		           tk_punct(b, r1, ',')) {
			/* "The special envoy for X, NAME, said" */
			size_t c0 = st_skip_lead(b, st_clause_start(b, s->t0, r0 - 1), r0 - 1);
			bool title = false;
			for (size_t k = c0; k + 1 < r0; k++) {
				if (tk_punct(b, k, ','))
					title = false, c0 = k + 1;
				else if (tk_lists(b, k, sizeof w) & LX_TITLE)
					title = true;
			}
			if (title && r0 - 1 - c0 <= 15) {
				txt = tok_text(b, c0, r0 - 1, &n);
				st_set_role(d, e, txt, n);
			}
		}
		st_add_mention(d, e, st_pos(b->index, b->t[ns].s), flags);
		return;
	}
	/* "Osei was less sentimental", "Mr Ashworth added": a surname (or a
	 * given name) alone refers back to a person named in full before. */
	if (ns + 1 == r1 && !(b->t[ns].flags & TF_POSS) && st_alpha_word(b, ns) &&
	    !st_all_upper(b, ns) && !modifies_name(b, s, r1)) {
		int g;
		word_lower(b, ns, w, sizeof w);
		if (!(tk_lists(b, ns, sizeof w) & (LX_STOP | LX_ORG | LX_PLACE | LX_TITLE |
		                                   LX_TIME | LX_LEAD)) &&
		    (e = named_person(d, w, g = honorific_gender(b, r0, ns))) != NONE) {
			note_gender(d, e, g);
			st_add_mention(d, e, st_pos(b->index, b->t[ns].s), flags);
			return;
		}
	}
	/* "CFC" after "the Coastal Fisheries Council (CFC)" */
	if (r1 == r0 + 1 && (e = st_acronym_ent(d, b, r0)) != NONE) {
		st_add_mention(d, e, st_pos(b->index, b->t[r0].s), flags);
		return;
	}
	size_t acr = NONE;
	if (st_defines_acronym(b, r0, r1)) {
		acr = r1 - 2;
		r1 -= 3;
	}
	/* An organisation or a place. */
	bool org = acr != NONE;
	for (size_t k = r0; k < r1; k++)
		if (tk_word(b, k) && ((tk_lists(b, k, sizeof w) & (LX_ORG | LX_PLACE)) ||
		                      st_all_upper(b, k)))
			org = true;
	if (!org)
		return;
	if (b->t[r1 - 1].flags & TF_POSS)
		flags |= M_POSS;
	txt = tok_name(b, r0, r1, &n);
	e = st_add_ent(d, txt, n, ST_ORG, true);
	if (e != NONE) {
		if (acr != NONE)
			st_add_acronym(d, b, acr, e);
		d->e[e].place = true;
		st_add_mention(d, e, st_pos(b->index, b->t[r0].s), flags);
	}
}

/*
 * A headline in title case ("Former Aide Says Senator Is In Trouble"):
 * every word of TITLE_LONG or more letters capitalised, HEADLINE_WORDS
 * of them at least, and no sentence ending inside.  Its capitalised runs
 * are no names: a run of them would be taken for a person.
 */
#define HEADLINE_WORDS 4 /* fewer is a name or a dateline, not a headline */

static bool headline(const struct blk *b)
{
	return b->ns <= 1 && st_title_words(b, 0, b->nt) >= HEADLINE_WORDS;
}

void st_mentions_block(struct doc *d, size_t bi)
{
	const struct blk *b = st_blk_at(d, bi);

	if (!b) {
		d->nomem = true;
		return;
	}
	if (headline(b))
		return;
	for (size_t si = 0; si < b->ns; si++) {
		const struct sent *s = &b->s[si];
		size_t subj = st_skip_lead(b, s->t0, s->t1);
		for (size_t i = s->t0; i < s->t1; i++) {
			if (!tk_cap(b, i) || (b->t[i].flags & TF_INQ))
				continue;
			size_t r1 = st_cap_run(b, i, s->t1);
			mention_run(d, b, s, i, r1, subj);
			i = r1 - 1;
		}
	}
}

void st_mentions(struct doc *d)
{
	for (size_t bi = 0; bi < d->nb && !d->nomem; bi++)
		st_mentions_block(d, bi);
}
