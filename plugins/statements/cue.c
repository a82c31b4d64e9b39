/*
 * cue.c: stage 3 of the extractor (see docs/statements.md, "Pipeline"):
 * the cue words of a sentence and the phrase that says them.
 *
 * Input: a sentence of a block (text.c) and the word lists (lexicon.c).
 * Output: its cues (st_cues_of: "said", "according to", "told reporters")
 * and, for a cue, the noun phrase of its speaker: the subject of the cue
 * verb ("the minister said"), inverted ("said the minister"), or the
 * sentence's main subject ("X, who ..., later said"), resolved to an
 * entity by chains.c (st_cue_speaker).
 *
 * Runs after text.c (tokens, sentences, quotation spans) and mentions.c;
 * the attribution frames (frame.c, reported.c) call it.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"
#include "rules.h"

/* ---- noun phrases ---- */

/* A preposition that does not join a noun phrase: on, by, over, about. */
static bool strong_prep(const struct blk *b, size_t i)
{
	return tk_word_is(b, i, "on") || tk_word_is(b, i, "by") || tk_word_is(b, i, "over") ||
	       tk_word_is(b, i, "about");
}

/* Whether token i is a lowercase word that can end a noun: no function
 * word, auxiliary, adverb, cue or past form ("rules", "experts"). */
static bool plain_noun(const struct blk *b, size_t i)
{
	char w[TK_ROOM];
	size_t dummy;

	if (!tk_word(b, i) || tk_cap(b, i) || (b->t[i].flags & TF_INQ))
		return false;
	tk_copy_lower(b, i, w, sizeof w);
	return !(tk_lists(b, i, sizeof w) & (LX_STOP | LX_AUX | LX_ADVERB | LX_PREP)) &&
	       !st_past_verb(w) && !st_ing_word(b, i, sizeof w) && !lex_cue(b, i, b->nt, &dummy);
}

/* Whether token i is a past participle after a noun, as in a reduced
 * relative clause ("workers interviewed", "officials briefed"): a
 * lowercase past form right after a word that is no function word. */
static bool participle_at(const struct blk *b, size_t i)
{
	char w[TK_ROOM];

	if (i == 0 || !tk_word(b, i) || tk_cap(b, i) || !tk_word(b, i - 1) ||
	    (tk_lists(b, i - 1, TK_ROOM) & (LX_STOP | LX_AUX | LX_PRONOUN | LX_PREP)))
		return false;
	tk_copy_lower(b, i, w, sizeof w);
	return st_past_verb(w);
}

/* Start of the noun phrase ending at token j; *end gets its end, which is
 * before j + 1 when a trailing time phrase ("on Sunday") was dropped. */
static size_t np_left(const struct blk *b, size_t lo, size_t j, size_t *end)
{
	size_t k = j + 1, e = j + 1, risky = NONE;
	bool and_seen = false, adjunct_time = false;
	char w[40];

	while (k > lo) {
		size_t i = k - 1;
		const struct tok *t = &b->t[i];
		size_t dummy;
		if ((t->flags & TF_INQ) || is_mark(b, i))
			break;
		if (t->type == T_WORD) {
			unsigned l = tk_lists(b, i, sizeof w);
			/* "Voters interviewed this week said", "parents polled
			 * last month": a time after a participle belongs to the
			 * phrase, which goes on. */
			if (i + 2 == e && ((l & LX_DET) || tk_word_is(b, i, "last")) &&
			    (tk_lists(b, i + 1, TK_ROOM) & LX_TIME) && i > lo && participle_at(b, i - 1)) {
				k = i;
				adjunct_time = true;
				continue;
			}
			if (l & LX_DET) {
				k = i;
				if (i >= lo + 2 && (tk_is(b, i - 1, "and") || tk_is(b, i - 1, "or")) &&
				    tk_word(b, i - 2)) {
					and_seen = true;
					k = i - 1;
					continue;
				}
				/* "the two diplomats", "officials with the administration" */
				if (i > lo && !tk_word_is(b, i, "the") && !tk_word_is(b, i, "a") &&
				    !tk_word_is(b, i, "an") &&
				    (tk_is(b, i - 1, "the") || tk_is(b, i - 1, "these") ||
				     tk_is(b, i - 1, "those") || tk_is(b, i - 1, "all")))
					continue;
				if (i >= lo + 2 && tk_word(b, i - 1) &&
				    (tk_lists(b, i - 1, TK_ROOM) & LX_PREP) && !strong_prep(b, i - 1) &&
				    !tk_cap(b, i - 1) && tk_word(b, i - 2) &&
				    !lex_cue(b, i - 2, b->nt, &dummy) &&
				    !(tk_lists(b, i - 2, TK_ROOM) & LX_STOP))
					continue;
				break;
			}
			if (tk_is(b, i, "and") || tk_is(b, i, "or")) {
				if (i > lo && (tk_cap(b, i - 1) || tk_punct(b, i - 1, ','))) {
					and_seen = true;
					k = i;
					continue;
				}
				if (i > lo && tk_word(b, i - 1) && risky == NONE) {
					risky = i;
					k = i;
					continue;
				}
				break;
			}
			if ((l & LX_PREP) && !tk_cap(b, i)) {
				if (i + 1 < e && (tk_lists(b, i + 1, TK_ROOM) & LX_TIME)) {
					e = i;
					k = i;
					continue;
				}
				if (!strong_prep(b, i) && i > lo && tk_word(b, i - 1)) {
					k = i;
					continue;
				}
				/* "critics of the new limits on cargo flights say":
				 * "on" or "about" after a plain noun is the noun's. */
				if ((tk_is(b, i, "on") || tk_is(b, i, "about")) && i > lo &&
				    plain_noun(b, i - 1)) {
					k = i;
					continue;
				}
				break;
			}
			if ((tk_cap(b, i) && !(l & (LX_STOP | LX_LEAD))) ||
			    (tk_cap(b, i) && i > lo && tk_cap(b, i - 1))) {
				k = i;
				continue;
			}
			if (tk_cap(b, i) && i == lo && !(l & LX_STOP) && st_ing_word(b, i, sizeof w) &&
			    !comma_at(b, i + 1)) {
				k = i; /* "Shipping agents said" */
				continue;
			}
			if (tk_cap(b, i) && (l & (LX_LEAD | LX_STOP)))
				break;
			if ((l & (LX_STOP | LX_AUX | LX_ADVERB)) || lex_cue(b, i, b->nt, &dummy))
				break;
			k = i;
			continue;
		}
		if (t->cp == ',' && and_seen && i > lo && tk_cap(b, i - 1)) {
			k = i;
			continue;
		}
		if (t->cp == ')' && st_party_before(b, lo, i) < i) {
			k = st_party_before(b, lo, i); /* "Rep. Ana Ruiz (D-Ore.) said" */
			continue;
		}
		if ((t->cp == '(' && i + 2 < e && tk_punct(b, i + 2, ')')) ||
		    (t->cp == ')' && i >= lo + 2 && tk_punct(b, i - 2, '('))) {
			k = i;
			continue;
		}
		if ((t->cp == 0x2019 || t->cp == '\'') && i > lo && (b->t[i - 1].flags & TF_POSS)) {
			k = i;
			continue;
		}
		if (t->cp == '.' && i > lo && b->t[i].s == b->t[i - 1].e && tk_word(b, i - 1)) {
			k = i;
			continue;
		}
		break;
	}
	/* "affairs and national security said": keep the coordination only
	 * when the phrase opens its clause, not after a verb. */
	if (risky != NONE && k > lo && k < risky) {
		size_t p = k - 1;
		bool opens = is_mark(b, p) || comma_at(b, p) || tk_punct(b, p, ';') ||
		             tk_punct(b, p, ':') || tk_is(b, p, "that");
		if (!opens && tk_word(b, p) && (tk_lists(b, k, sizeof w) & LX_DET))
			opens = tk_lists(b, p, TK_ROOM) & (LX_PREP | LX_LEAD);
		if (!opens)
			k = risky + 1;
	}
	while (k < e) {
		if (tk_word(b, k) && !(tk_lists(b, k, sizeof w) & LX_PREP) &&
		    !tk_word_is(b, k, "and") && !tk_word_is(b, k, "or"))
			break;
		k++;
	}
	/* Trailing time words: "last week", "a statement Wednesday" (a
	 * capitalised day or month after a lower-case word). */
	while (e > k && !adjunct_time) {
		if (!tk_word(b, e - 1) || !(tk_lists(b, e - 1, sizeof w) & LX_TIME) ||
		    (tk_cap(b, e - 1) && !(e - 1 > k && tk_word(b, e - 2) && !tk_cap(b, e - 2))))
			break;
		e--;
	}
	*end = e;
	return k < e ? k : NONE;
}

/* End of the noun phrase starting at token i (exclusive). */
size_t st_np_right(const struct blk *b, size_t i, size_t z)
{
	size_t k = i;
	char w[40];

	while (k < z) {
		const struct tok *t = &b->t[k];
		size_t dummy;
		if ((t->flags & TF_INQ) || is_mark(b, k))
			break;
		if (t->type == T_WORD) {
			unsigned l = tk_lists(b, k, sizeof w);
			if (k > i && ((l & (LX_AUX | LX_ADVERB)) ||
			              (!tk_cap(b, k) && lex_cue(b, k, z, &dummy)) ||
			              lex_word_in(b, k, LW_CLAUSE_WORDS)))
				break;
			if ((l & LX_PREP) && !tk_cap(b, k)) {
				if (k == i || !(tk_word(b, k + 1)) || tk_word_is(b, k, "on") ||
				    tk_word_is(b, k, "during") || tk_word_is(b, k, "by"))
					break;
				if (tk_lists(b, k + 1, TK_ROOM) & LX_TIME)
					break;
			}
			k++;
			continue;
		}
		if ((t->cp == '.' && k > i && b->t[k].s == b->t[k - 1].e && tk_cap(b, k + 1)) ||
		    ((t->cp == '(' || t->cp == ')') && k > i)) {
			k++;
			continue;
		}
		break;
	}
	/* No trailing preposition or determiner, but a count can end a
	 * phrase as its head: "said the two". */
	while (k > i) {
		if (tk_word(b, k - 1) && (!(tk_lists(b, k - 1, sizeof w) & (LX_PREP | LX_DET)) ||
		                          lex_word_in(b, k - 1, LW_COUNTS)))
			break;
		k--;
	}
	return k;
}

/* Whether token j is "long" after "has", "have" or "had": an adverb of
 * time there ("the agency has long maintained"), an adjective elsewhere. */
static bool perfect_long(const struct blk *b, size_t lo, size_t j)
{
	return j > lo && tk_word_is(b, j, "long") &&
	       (tk_word_is(b, j - 1, "has") || tk_word_is(b, j - 1, "have") ||
	        tk_word_is(b, j - 1, "had"));
}

/* Whether token j is a day or month named after an adverb, between a
 * subject and its verb: "Okafor later Tuesday told" ("parents polled last
 * week said" keeps its time: there it ends the subject). */
static bool later_day(const struct blk *b, size_t lo, size_t j)
{
	return j > lo && tk_cap(b, j) && (tk_lists(b, j, TK_ROOM) & LX_TIME) &&
	       tk_word(b, j - 1) && !tk_cap(b, j - 1) && (tk_lists(b, j - 1, TK_ROOM) & LX_ADVERB);
}

size_t st_skip_adv_left(const struct blk *b, size_t lo, size_t j)
{
	while (j != NONE && j >= lo && tk_word(b, j)) {
		if (!((tk_lists(b, j, TK_ROOM) & (LX_ADVERB | LX_AUX)) || tk_word_is(b, j, "been") ||
		      tk_word_is(b, j, "not") || tk_word_is(b, j, "be") || perfect_long(b, lo, j) ||
		      later_day(b, lo, j)))
			break;
		if (j == lo)
			return NONE;
		j--;
	}
	return j;
}

/* Tokens [a, z) are a proper name: capitalised words ("NorthGrid",
 * "Bank of Tessaly"), not a time, a place alone or a function word. */
/* Words a proper name may have: "Bank of Tessaly" has three; a longer
 * capitalised run is a headline or a list, not one name. */
#define PROPER_RUN_MAX 6

static bool proper_run(const struct blk *b, size_t a, size_t z)
{
	unsigned l;

	if (z <= a || z - a > PROPER_RUN_MAX || !tk_cap(b, a))
		return false;
	l = tk_lists(b, a, TK_ROOM);
	if ((l & (LX_STOP | LX_TIME | LX_LEAD)) || (z == a + 1 && (l & LX_PLACE)))
		return false;
	for (size_t k = a; k < z; k++)
		if (!(tk_cap(b, k) || tk_is(b, k, "of") || tk_is(b, k, "for")) ||
		    (b->t[k].flags & TF_INQ))
			return false;
	return true;
}

/* Tokens [a, z) describe rather than name: a determiner or a possessive
 * opens them and a common noun follows ("the grid operator", "Patrick's
 * daughter"). */
static bool description(const struct blk *b, size_t a, size_t z)
{
	bool lower = false;

	if (z <= a || z - a > 12)
		return false;
	if (!(tk_lists(b, a, TK_ROOM) & LX_DET) && !(b->t[a].flags & TF_POSS) &&
	    !(a + 1 < z && (b->t[a + 1].flags & TF_POSS)))
		return false;
	for (size_t k = a + 1; k < z; k++)
		lower = lower || (tk_word(b, k) && !tk_cap(b, k));
	return lower;
}

bool st_subordinator(const struct blk *b, size_t i)
{
	return tk_word(b, i) && lex_word_in(b, i, LW_SUBORDINATORS);
}

/* Tokens of when or where a quotation was said, between an inverted
 * speaker and its comma ("said NAME at the time,", "said NAME in an
 * interview on Monday,"). */
#define INVERTED_TAIL_MAX 6

/* "“…,” says NAME, a historian", "“…,” said Rep. NAME (D-Ore.) at the
 * time, adding": the inverted speaker after the cue [c0, c1] in the
 * middle of the sentence, a title before the name, a party tag and a
 * phrase of time or place after it allowed; the name's end, or NONE. */
static size_t inverted_name(const struct blk *b, size_t c1, size_t hi)
{
	size_t r0 = c1 + 1, r1, ns, k;

	if (r0 >= hi || !tk_cap(b, r0))
		return NONE;
	r1 = st_cap_run(b, r0, hi);
	ns = st_name_start(b, r0, r1);
	if (r1 <= r0 || ns >= r1 || !st_is_person_name(b, ns, r1))
		return NONE;
	k = st_party_after(b, r1, hi);
	/* "at the time", "on Monday", "last spring" */
	if (k < hi && tk_word(b, k) && !tk_cap(b, k) && !tk_word_is(b, k, "of") &&
	    ((tk_lists(b, k, TK_ROOM) & (LX_PREP | LX_TIME)) || (tk_lists(b, k + 1, TK_ROOM) & LX_TIME))) {
		size_t t = k;
		while (t < hi && t < k + INVERTED_TAIL_MAX && tk_word(b, t) &&
		       !(tk_lists(b, t, TK_ROOM) & (LX_AUX | LX_PRONOUN)))
			t++;
		if (t == hi || comma_at(b, t) || tk_punct(b, t, '.'))
			k = t;
	}
	if (k < hi && !comma_at(b, k) && !tk_punct(b, k, '.'))
		return NONE;
	return r1;
}

/* Tokens a subject phrase may have ("the deputy minister of health of the
 * new coalition government" has ten): a longer one is a clause taken for
 * a subject. */
#define SUBJECT_MAX 25

/* The noun phrase ending at token j as the subject in *np: SUBJ_NP, or
 * SUBJ_NONE when there is none or it is too long to be one. */
static int np_ending_at(const struct blk *b, size_t lo, size_t j, struct np *np)
{
	size_t e, k = np_left(b, lo, j, &e);

	if (k == NONE || e <= k || e - k > SUBJECT_MAX)
		return SUBJ_NONE;
	np->n0 = k;
	np->n1 = e;
	return SUBJ_NP;
}

/* How far before its cue a relative clause's "who" may stand. */
#define RELATIVE_BACK 12

/* "a planning officer who declined to be named said": whether a "who"
 * stands among the RELATIVE_BACK tokens ending at j, with no comma,
 * quotation mark or sentence end between, and a noun phrase before it,
 * which is set in *np. */
static bool relative_subject(const struct blk *b, size_t lo, size_t j, struct np *np)
{
	for (size_t k = j; k > lo && k + RELATIVE_BACK > j; k--) {
		if (!tk_word(b, k))
			return false;
		if (!tk_is(b, k, "who"))
			continue;
		return k < j && tk_word(b, k - 1) && !(tk_lists(b, k - 1, TK_ROOM) & LX_STOP) &&
		       np_ending_at(b, lo, k - 1, np) == SUBJ_NP;
	}
	return false;
}

/* The subject of the cue [c0, c1] when it stands before the cue. */
int st_subject_left(const struct blk *b, size_t lo, size_t hi, size_t c0, size_t c1,
                    unsigned flags, struct np *np)
{
	size_t j, e;

	memset(np, 0, sizeof *np);
	np->b = b;
	np->after = c1 + 1;
	if (c0 <= lo)
		return (flags & C_ING) ? SUBJ_MAIN : SUBJ_NONE;
	j = c0 - 1;
	/* "was called “…” by": a passive; "is calling it “…”" is not. */
	if ((flags & C_LABEL) && !(flags & C_ING) && lex_word_in(b, j, LW_PASSIVE_AUX)) {
		for (size_t k = c1 + 1; k < hi && k < c1 + 10 && !is_mark(b, k); k++) {
			if (tk_is(b, k, "by")) {
				e = st_np_right(b, k + 1, hi);
				if (e > k + 1) {
					np->n0 = k + 1;
					np->n1 = e;
					return SUBJ_NP;
				}
				break;
			}
		}
		return SUBJ_NONE;
	}
	j = st_skip_adv_left(b, lo, j);
	if (j == NONE)
		return (flags & C_ING) ? SUBJ_MAIN : SUBJ_NONE;
	if (!(flags & C_ACCORD) && tk_word(b, j) && !tk_cap(b, j) &&
	    lex_word_in(b, j, LW_SUBJECT_PREPS)) {
		/* "accused Ms. Reyes of saying", "praised them for saying": the
		 * name or pronoun before of/for speaks; otherwise the phrase
		 * belongs to the main clause, whose subject speaks. */
		if ((tk_word_is(b, j, "of") || tk_word_is(b, j, "for")) && j > lo &&
		    (tk_cap(b, j - 1) || tk_word_is(b, j - 1, "him") || tk_word_is(b, j - 1, "her") ||
		     tk_word_is(b, j - 1, "them"))) {
			return np_ending_at(b, lo, j - 1, np);
		}
		return SUBJ_MAIN;
	}
	if (tk_lists(b, j, TK_ROOM) & LX_PRONOUN) {
		np->n0 = j;
		np->n1 = j + 1;
		return SUBJ_NP;
	}
	/* "a report that said", "a tone that suggested": a relative clause;
	 * its noun speaks when it is a name, a title, an organisation or a
	 * document, and nothing does otherwise. */
	if ((tk_is(b, j, "that") || tk_is(b, j, "which")) && j > lo && tk_word(b, j - 1)) {
		if (!tk_cap(b, j - 1) &&
		    !(tk_lists(b, j - 1, TK_ROOM) & (LX_TITLE | LX_ORG | LX_DOC)))
			return SUBJ_NONE; /* "a tone that suggested" */
		return np_ending_at(b, lo, j - 1, np);
	}
	if (tk_is(b, j, "and") || tk_is(b, j, "but") || tk_is(b, j, "or"))
		return SUBJ_MAIN;
	if ((flags & C_ING) && tk_dash(b, j))
		return SUBJ_MAIN; /* "... - noting that" */
	if (comma_at(b, j)) {
		size_t cs, f;
		if (flags & C_ING)
			return SUBJ_MAIN;
		if ((f = inverted_name(b, c1, hi)) != NONE) {
			np->n0 = c1 + 1;
			np->n1 = f;
			np->after = f;
			st_appos_after(b, f, hi, &np->a0, &np->a1);
			return SUBJ_NP;
		}
		cs = st_skip_lead(b, st_clause_start(b, lo, j), j);
		for (f = cs; f < j && !comma_at(b, f); f++)
			;
		if (cs >= j || f == cs)
			return SUBJ_NONE;
		/* "she looked up, laughed and said": a clause whose subject is
		 * a pronoun, then more verbs of that subject. */
		if (f > cs + 1 && (tk_is(b, cs, "he") || tk_is(b, cs, "she") ||
		                   tk_is(b, cs, "they") || tk_is(b, cs, "we"))) {
			np->n0 = cs;
			np->n1 = cs + 1;
			return SUBJ_NP;
		}
		np->n0 = cs;
		np->n1 = f;
		if (f < j && st_role_valid(b, f + 1, j)) {
			np->a0 = f + 1;
			np->a1 = j;
		}
		if (f < j) {
			/* "The envoy for X, NAME, said", "Her son, NAME, who ...,
			 * said", "The grid operator, NAME, said": a description, then
			 * the proper name in apposition; the name speaks and the
			 * description is its role. */
			size_t g = f + 1;
			while (g < j && !comma_at(b, g))
				g++;
			if (!tk_is(b, f + 1, "who") && !tk_is(b, f + 1, "which") &&
			    ((st_is_person_name(b, st_name_start(b, f + 1, g), g) &&
			      !st_is_person_name(b, st_name_start(b, cs, f), f)) ||
			     (proper_run(b, f + 1, g) && description(b, cs, f)))) {
				np->a0 = cs;
				np->a1 = f;
				np->n0 = f + 1;
				np->n1 = g;
			}
		}
		if (np->n1 - np->n0 > SUBJECT_MAX)
			return SUBJ_NONE;
		return SUBJ_NP;
	}
	/* "a planning officer who declined to be named because the talks
	 * were private said": the relative clause is the subject's. */
	if (tk_word(b, j) && relative_subject(b, lo, j, np))
		return SUBJ_NP;
	if (tk_word(b, j) || tk_punct(b, j, ')') || tk_punct(b, j, 0x2019) ||
	    tk_punct(b, j, '\'') || tk_abbrev_dot(b, j)) { /* "Lind Jr. said" */
		size_t k;
		if (np_ending_at(b, lo, j, np) != SUBJ_NP)
			return (flags & C_ING) ? SUBJ_MAIN : SUBJ_NONE; /* "a note saying" */
		/* "The town released a statement saying", "shared a letter,
		 * writing": a participle after the object of the main verb;
		 * the main clause's subject speaks ("with NAME saying" aside). */
		k = np->n0;
		if ((flags & C_ING) && k > lo && tk_word(b, k - 1) && !tk_is(b, k - 1, "with") &&
		    st_skip_lead(b, st_clause_start(b, lo, k), k) < k)
			return SUBJ_MAIN;
		return SUBJ_NP;
	}
	return SUBJ_NONE;
}

static bool ordinal(const struct blk *b, size_t i)
{
	return lex_word_in(b, i, LW_ORDINALS) ||
	       st_digits(b, i);
}

/* "said", "added", "says": a form that cannot be a noun ("a third said"). */
static bool past_or_third(const struct blk *b, size_t i)
{
	char c = b->text[b->t[i].e - 1];

	return c == 'd' || c == 's';
}

/* Whether word w of LW_SAID_TO, before "to say", makes the saying done:
 * after a form of "be" ("was quick to", "has been careful to", "was the
 * first to", "are all quick to"), "likely" only as a comparative ("were more likely to say",
 * a poll's answer, not "is likely to say"), "pains" after "take".  Not
 * "would be glad to" nor "was not quick to". */
static bool said_to(const struct blk *b, size_t lo, size_t w)
{
	size_t v = w;
	bool more = false;

	while (v > lo && tk_word(b, v - 1) &&
	       (tk_word_is(b, v - 1, "more") || tk_word_is(b, v - 1, "less") ||
	        tk_word_is(b, v - 1, "the") || tk_word_is(b, v - 1, "all") ||
	        ((tk_lists(b, v - 1, TK_ROOM) & LX_ADVERB) && !tk_word_is(b, v - 1, "not") &&
	         !tk_word_is(b, v - 1, "never")))) {
		more = more || tk_word_is(b, v - 1, "more") || tk_word_is(b, v - 1, "less");
		v--;
	}
	if (v == lo)
		return false;
	v--;
	if (tk_word_is(b, w, "pains"))
		return lex_word_in(b, v, LW_TAKE);
	if (tk_word_is(b, w, "likely") && !more)
		return false;
	return lex_word_in(b, v, LW_BE_DONE);
}

/* Whether "to" at token k follows "went on" (goes, go, going), "out of
 * her way" or a word of LW_SAID_TO ("was quick to"): the verb after it is
 * done, not wanted ("to find a way to say" is not). */
static bool went_on_to(const struct blk *b, size_t lo, size_t k)
{
	if (k >= lo + 2 && lex_word_in(b, k - 1, LW_SAID_TO))
		return said_to(b, lo, k - 1);
	if (k >= lo + 4 && tk_word_is(b, k - 1, "way") && tk_word_is(b, k - 3, "of") &&
	    tk_word_is(b, k - 4, "out"))
		return true;
	return k >= lo + 2 && tk_word_is(b, k - 1, "on") &&
	       (tk_word_is(b, k - 2, "went") || tk_word_is(b, k - 2, "goes") ||
	        tk_word_is(b, k - 2, "go") || tk_word_is(b, k - 2, "going"));
}

/* Cues of a sentence, outside quotations, in order. */
static size_t sentence_cues(const struct blk *b, const struct sent *s, struct cue *out,
                            size_t max)
{
	size_t n = 0, last, lead = st_skip_lead(b, s->t0, s->t1);

	for (size_t i = s->t0; i < s->t1 && n < max; i++) {
		unsigned f;
		if (!tk_word(b, i) || (b->t[i].flags & TF_INQ))
			continue;
		f = lex_cue(b, i, s->t1, &last);
		if (!f)
			continue;
		if (tk_cap(b, i) && i != s->t0 && i != lead && !is_mark(b, i - 1)) {
			i = last;
			continue;
		}
		if (i > s->t0) {
			/* "declined to say", "wants to call it": no one says it
			 * yet; "went on to call it" is said. */
			if ((tk_is(b, i - 1, "to") && !(f & C_ACCORD) && !went_on_to(b, s->t0, i - 1)) ||
			    ((tk_lists(b, i - 1, TK_ROOM) & LX_DET) && !tk_word_is(b, i - 1, "one")) ||
			    (b->t[i - 1].flags & TF_POSS) ||
			    (ordinal(b, i - 1) && !past_or_third(b, i) && !(f & C_ACCORD))) {
				i = last;
				continue;
			}
		}
		/* "believes that", "reports that": words that are nouns as
		 * often ("fears", "reports") are a verb only after a subject,
		 * not first, after a preposition ("amid reports that") or
		 * after "be" ("there are reports that"). */
		if ((f & C_NEEDTHAT) &&
		    (!tk_is(b, last + 1, "that") || i <= lead ||
		     (tk_lists(b, i - 1, TK_ROOM) & LX_PREP) || lex_word_in(b, i - 1, LW_BE_DONE))) {
			i = last;
			continue;
		}
		out[n].c0 = i;
		out[n].c1 = last;
		out[n].flags = f;
		n++;
		i = last;
	}
	return n;
}

/* The cues of sentence s, found once per sentence: up to four rules ask
 * for them.  Borrowed from d, valid until the next call. */
const struct cue *st_cues_of(struct doc *d, const struct blk *b, const struct sent *s,
                             size_t *n)
{
	if (d->cues.s != s || d->cues.b != b) {
		d->cues.n = sentence_cues(b, s, d->cues.c, MAX_CUES);
		d->cues.s = s;
		d->cues.b = b;
	}
	*n = d->cues.n;
	return d->cues.c;
}

/* A simple past verb: regular -ed, or one of the common irregular ones. */
bool st_past_verb(const char *w)
{
	size_t n = strlen(w);

	if (n > 3 && !strcmp(w + n - 2, "ed"))
		return true;
	return lex_irregular_past_has(w, n);
}

/* "The district's teachers union took ... but said": the common nouns after
 * a determiner or a possessive that opens the sentence, up to the verb. */
/* Such a phrase has a few nouns and adjectives ("teachers union", "retired
 * surgeon"); more lowercase words in a row are a clause. */
#define COMMON_NP_MAX 6

static size_t common_np_end(const struct blk *b, size_t k, size_t hi)
{
	size_t start = k, dummy;
	char w[32];

	while (k < hi && k < start + COMMON_NP_MAX && tk_word(b, k) && !tk_cap(b, k) &&
	       !(b->t[k].flags & TF_INQ)) {
		wl(b, k, w, sizeof w);
		/* "The retired surgeon": a past form right after the article
		 * is an adjective, not the verb that ends the phrase. */
		bool adjective = k == start && k > 0 && (tk_lists(b, k - 1, TK_ROOM) & LX_DET) &&
		                 tk_word(b, k + 1) && !tk_cap(b, k + 1);
		if ((tk_lists(b, k, sizeof w) & (LX_STOP | LX_AUX | LX_ADVERB | LX_PREP)) ||
		    (st_past_verb(w) && !adjective) || lex_cue(b, k, hi, &dummy))
			break;
		k++;
	}
	return k;
}

/* Whether token i is a possessive determiner: "his", "her", "its",
 * "their", "our". */
static bool is_possessive_det(const struct blk *b, size_t i)
{
	return tk_word_is(b, i, "his") || tk_word_is(b, i, "her") || tk_word_is(b, i, "its") ||
	       tk_word_is(b, i, "their") || tk_word_is(b, i, "our");
}

/* The noun phrase that opens the sentence's main clause after its lead
 * (cs): a pronoun after a lead, or a capitalised phrase. */
static int opening_subject(const struct blk *b, const struct sent *s, size_t cs, struct np *np)
{
	/* "Before the vote, her office sent a note saying": a possessive and
	 * its noun, not the pronoun alone. */
	bool possessive = cs + 1 < s->t1 && is_possessive_det(b, cs) && tk_word(b, cs + 1) &&
	                  !tk_cap(b, cs + 1) && common_np_end(b, cs + 1, s->t1) > cs + 1;

	if (cs < s->t1 && cs > s->t0 && !(b->t[cs].flags & TF_INQ) && !possessive &&
	    (tk_lists(b, cs, TK_ROOM) & LX_PRONOUN)) {
		/* "Hours later, she issued a statement saying" */
		memset(np, 0, sizeof *np);
		np->b = b;
		np->n0 = cs;
		np->n1 = cs + 1;
		np->after = NONE;
		return SUBJ_NP;
	}
	/* "In three interviews, the judge sounded off ...": a common
	 * noun's phrase after a lead. */
	if (cs < s->t1 && cs > s->t0 && !(b->t[cs].flags & TF_INQ) &&
	    (tk_word_is(b, cs, "the") || tk_word_is(b, cs, "a") || tk_word_is(b, cs, "an") ||
	     possessive)) {
		size_t e = common_np_end(b, cs + 1, s->t1);
		if (e == cs + 1)
			return SUBJ_NONE;
		memset(np, 0, sizeof *np);
		np->b = b;
		np->n0 = cs;
		np->n1 = e;
		np->after = NONE;
		return SUBJ_NP;
	}
	if (tk_cap(b, cs) && !(b->t[cs].flags & TF_INQ)) {
		memset(np, 0, sizeof *np);
		np->b = b;
		np->n0 = cs;
		np->n1 = st_cap_run(b, cs, s->t1);
		/* "Officials said", "Ruiz's aide", "The Westbury senator": the
		 * capitalised run is only the start of the noun phrase. */
		if (np->n1 == cs + 1 || (b->t[np->n1 - 1].flags & TF_POSS) || tk_is(b, cs, "the"))
			np->n1 = common_np_end(b, np->n1, s->t1);
		np->after = NONE;
		st_appos_after(b, np->n1, s->t1, &np->a0, &np->a1);
		/* "Head librarian Ana Ruiz sent ...": a title, then the name,
		 * which is the subject; the title is its role. */
		if (np->a1 <= np->a0 && np->n1 > cs + 1 && tk_cap(b, np->n1) &&
		    (tk_lists(b, np->n1 - 1, TK_ROOM) & LX_TITLE)) {
			size_t r = st_cap_run(b, np->n1, s->t1);
			if (st_is_person_name(b, np->n1, r)) {
				np->a0 = cs;
				np->a1 = np->n1;
				np->n0 = np->n1;
				np->n1 = r;
			}
		}
		return SUBJ_NP;
	}
	return SUBJ_NONE;
}

/* Tokens an apposition after the opening phrase may have ("The principal,
 * Joan Pike, a teacher for thirty years,"). */
#define APPOSITION_MAX 12

/* The subject of the sentence's main clause: that of its first cue, unless
 * that is a common noun's phrase past the one that opens the clause ("Ruiz
 * shared a map for a route called “…”, adding"): then the opening
 * phrase. */
static int main_subject(struct doc *d, const struct blk *b, const struct sent *s, size_t skip,
                        struct np *np)
{
	/* "One notable trend: Harbour workers were more likely to say ...":
	 * a colon before the cue ends an introduction; the main clause
	 * starts after it. */
	size_t n, open_end = NONE, t0 = skip < s->t1 ? st_after_colon(b, s->t0, skip) : NONE;
	size_t cs = st_skip_lead(b, t0 != NONE ? t0 : s->t0, s->t1);
	const struct cue *cues = st_cues_of(d, b, s, &n);
	struct np open;

	/* "When Ruiz toured the dam and said she would “…”, the crowd
	 * cheered": a cue inside the clause that leads the sentence has that
	 * clause's subject, not the main clause's. */
	if (skip < cs && skip > s->t0) {
		if (st_subordinator(b, s->t0) && opening_subject(b, s, s->t0 + 1, np) == SUBJ_NP &&
		    np->n1 <= skip)
			return SUBJ_NP;
		/* "After insisting that ..., Ruiz ordered": a participle
		 * there is the main subject's. */
		if (!st_ing_word(b, skip, TK_ROOM))
			return SUBJ_NONE;
	}
	if (opening_subject(b, s, cs, &open) == SUBJ_NP) {
		open_end = open.a1 > open.n1 ? open.a1 : open.n1;
		/* "The principal, Joan Pike, says": an apposition after it
		 * is the phrase's too. */
		for (size_t k = open_end + 1; comma_at(b, open_end) && k < s->t1 &&
		                              k <= open_end + APPOSITION_MAX; k++)
			if (comma_at(b, k)) {
				open_end = k;
				break;
			}
	}
	for (size_t i = 0; i < n; i++) {
		/* "When I asked Ortiz about it, she smiled and said": a cue in
		 * the clause that leads the sentence has its own subject. */
		if (cues[i].c0 == skip || (cues[i].flags & C_ING) || cues[i].c0 < cs)
			continue;
		if (st_subject_left(b, s->t0, s->t1, cues[i].c0, cues[i].c1, cues[i].flags, np) ==
		    SUBJ_NP && (open_end == NONE || np->n0 <= open_end || tk_cap(b, np->n0) ||
		                (tk_lists(b, np->n0, TK_ROOM) & LX_PRONOUN)))
			return SUBJ_NP; /* "A and B will meet, Pike said, adding" */
		if (open_end != NONE)
			break;
	}
	if (open_end == NONE)
		return SUBJ_NONE;
	*np = open;
	return SUBJ_NP;
}

/* Resolves the subject of a cue, main clause and pronouns included. */
size_t st_cue_speaker(struct doc *d, const struct blk *b, const struct sent *s,
                      size_t c0, size_t c1, unsigned flags)
{
	struct np np, mainp;
	int r;

	/* "according to the water board, the leak “…”": the source
	 * follows the cue. */
	if (flags & C_ACCORD) {
		size_t ne = st_np_right(b, c1 + 1, s->t1);
		struct np right = { b, c1 + 1, ne, 0, 0, NONE };
		return ne > c1 + 1 ? st_resolve(d, &right, s->t0) : NONE;
	}
	r = st_subject_left(b, s->t0, s->t1, c0, c1, flags, &np);

	if (r == SUBJ_MAIN) {
		r = main_subject(d, b, s, c0, &np);
		if (r == SUBJ_NP && np.n1 == np.n0 + 1 &&
		    (tk_lists(b, np.n0, TK_ROOM) & LX_PRONOUN) && np.n0 >= c0)
			return NONE;
	}
	if (r != SUBJ_NP)
		return NONE;
	if (np.n1 == np.n0 + 1) {
		/* "they"/"it" in a clause: the main subject, when it is a group
		 * or an organisation named earlier in the sentence. */
		if ((tk_word_is(b, np.n0, "they") || tk_word_is(b, np.n0, "it")) &&
		    main_subject(d, b, s, c0, &mainp) == SUBJ_NP && mainp.n1 <= np.n0 &&
		    !(mainp.n1 == mainp.n0 + 1 && (tk_lists(b, mainp.n0, TK_ROOM) & LX_PRONOUN))) {
			size_t e = st_resolve(d, &mainp, s->t0);
			if (e != NONE && d->e[e].kind != ST_PERSON)
				return e;
		}
	}
	return st_resolve(d, &np, s->t0);
}
