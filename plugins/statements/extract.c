/*
 * extract.c: the attribution rules.  For every quotation of the article it
 * decides whether it is a direct quotation (attributed before, inside or
 * after it, or continuing the previous speaker) or a partial one inside the
 * reporter's sentence, finds its cue and speaker; then it finds reported
 * speech without quotation marks (X said (that) ..., ..., X said; according
 * to X; X accused Y of ...).  Speakers are resolved by speaker.c.
 *
 * Never reads outside a block; every quote offset points exactly at the
 * quoted text in its block.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"

enum { SUBJ_NONE = 0, SUBJ_NP, SUBJ_MAIN };

struct attr {
	size_t ent;
	char *cue; /* owned */
};

static void wl(const struct blk *b, size_t i, char *w, size_t n)
{
	tk_copy_lower(b, i, w, n);
}

static bool comma_at(const struct blk *b, size_t i)
{
	if (i >= b->nt)
		return false;
	if (tk_punct(b, i, ',') && !(b->t[i].flags & TF_INQ))
		return true;
	return b->t[i].type == T_QCLOSE && i > 0 && tk_punct(b, i - 1, ',');
}

static bool is_mark(const struct blk *b, size_t i)
{
	return i < b->nt && (b->t[i].type == T_QOPEN || b->t[i].type == T_QCLOSE);
}

static char *text_dup(struct doc *d, const struct blk *b, size_t i0, size_t i1)
{
	char *s = st_strndup(b->text + b->t[i0].s, b->t[i1].e - b->t[i0].s);
	if (!s)
		d->nomem = true;
	return s;
}

/* ---- noun phrases ---- */

/* Whether token i's word, as a char[room] copy has it, has more than four
 * bytes and ends in -ing. */
static bool ing_word(const struct blk *b, size_t i, size_t room)
{
	char w[TK_ROOM_WIDE];
	size_t n = tk_copy_lower(b, i, w, room < sizeof w ? room : sizeof w);

	return n > 4 && !strcmp(w + n - 3, "ing");
}

/* A preposition that does not join a noun phrase: on, by, over, about. */
static bool strong_prep(const struct blk *b, size_t i)
{
	return tk_word_is(b, i, "on") || tk_word_is(b, i, "by") || tk_word_is(b, i, "over") ||
	       tk_word_is(b, i, "about");
}

/* Start of the noun phrase ending at token j; *end gets its end, which is
 * before j + 1 when a trailing time phrase ("on Sunday") was dropped. */
static size_t np_left(const struct blk *b, size_t lo, size_t j, size_t *end)
{
	size_t k = j + 1, e = j + 1, risky = NONE;
	bool and_seen = false;
	char w[40];

	while (k > lo) {
		size_t i = k - 1;
		const struct tok *t = &b->t[i];
		size_t dummy;
		if ((t->flags & TF_INQ) || is_mark(b, i))
			break;
		if (t->type == T_WORD) {
			unsigned l = tk_lists(b, i, sizeof w);
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
				break;
			}
			if ((tk_cap(b, i) && !(l & (LX_STOP | LX_LEAD))) ||
			    (tk_cap(b, i) && i > lo && tk_cap(b, i - 1))) {
				k = i;
				continue;
			}
			if (tk_cap(b, i) && i == lo && !(l & LX_STOP) && ing_word(b, i, sizeof w) &&
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
	while (e > k) {
		if (!tk_word(b, e - 1) || !(tk_lists(b, e - 1, sizeof w) & LX_TIME) ||
		    (tk_cap(b, e - 1) && !(e - 1 > k && tk_word(b, e - 2) && !tk_cap(b, e - 2))))
			break;
		e--;
	}
	*end = e;
	return k < e ? k : NONE;
}

/* Words that open a clause, ending the noun phrase before them. */
static const char *const clause_words[] = { "that", "who", "which", "when", "as", "after",
	"while", "because", "if" };

/* End of the noun phrase starting at token i (exclusive). */
static size_t np_right(const struct blk *b, size_t i, size_t z)
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
			              tk_word_in(b, k, clause_words,
			                         sizeof clause_words / sizeof *clause_words)))
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
	while (k > i) {
		if (tk_word(b, k - 1) && !(tk_lists(b, k - 1, sizeof w) & (LX_PREP | LX_DET)))
			break;
		k--;
	}
	return k;
}

static size_t skip_adv_left(const struct blk *b, size_t lo, size_t j)
{
	while (j != NONE && j >= lo && tk_word(b, j)) {
		if (!((tk_lists(b, j, TK_ROOM) & (LX_ADVERB | LX_AUX)) || tk_word_is(b, j, "been") ||
		      tk_word_is(b, j, "not") || tk_word_is(b, j, "be")))
			break;
		if (j == lo)
			return NONE;
		j--;
	}
	return j;
}

/* Tokens [a, z) are a proper name: capitalised words ("NorthGrid",
 * "Bank of Tessaly"), not a time, a place alone or a function word. */
static bool proper_run(const struct blk *b, size_t a, size_t z)
{
	unsigned l;

	if (z <= a || z - a > 6 || !tk_cap(b, a))
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

/* Words that open an adverbial clause: "as donors waited, ...". */
static const char *const subordinators[] = { "as", "while", "when", "because", "after",
	"before", "since", "if", "though", "although", "until", "once", "unless", "whereas" };

static bool subordinator(const struct blk *b, size_t i)
{
	return tk_word(b, i) && tk_word_in(b, i, subordinators,
	                                   sizeof subordinators / sizeof *subordinators);
}

/* Prepositions that put the cue in a phrase of the main clause's subject:
 * "interjected to say", "erred in saying", "by saying", "after saying". */
static const char *const subject_preps[] = { "to", "in", "by", "after", "before", "without",
	"upon", "while", "when", "of", "for" };

/* "“…,” says NAME, a historian": the inverted speaker after the cue
 * [c0, c1] in the middle of the sentence; the name's end, or NONE. */
static size_t inverted_name(const struct blk *b, size_t c1, size_t hi)
{
	size_t r0 = c1 + 1, r1;

	if (r0 >= hi || !tk_cap(b, r0))
		return NONE;
	r1 = st_cap_run(b, r0, hi);
	if (r1 <= r0 || !st_is_person_name(b, r0, r1))
		return NONE;
	if (r1 < hi && !comma_at(b, r1) && !tk_punct(b, r1, '.'))
		return NONE;
	return r1;
}

/* The noun phrase ending at token j as the subject in *np: SUBJ_NP, or
 * SUBJ_NONE when there is none or it is too long to be one. */
static int np_ending_at(const struct blk *b, size_t lo, size_t j, struct np *np)
{
	size_t e, k = np_left(b, lo, j, &e);

	if (k == NONE || e - k > 25)
		return SUBJ_NONE;
	np->n0 = k;
	np->n1 = e;
	return SUBJ_NP;
}

/* "was called", "is described": a label cue in the passive. */
static const char *const passive_aux[] = { "was", "were", "is", "are", "been", "be" };

/* The subject of the cue [c0, c1] when it stands before the cue. */
static int subject_left(const struct blk *b, size_t lo, size_t hi, size_t c0, size_t c1,
                        unsigned flags, struct np *np)
{
	size_t j, e;

	memset(np, 0, sizeof *np);
	np->b = b;
	np->after = c1 + 1;
	if (c0 <= lo)
		return (flags & C_ING) ? SUBJ_MAIN : SUBJ_NONE;
	j = c0 - 1;
	if ((flags & C_LABEL) && tk_word_in(b, j, passive_aux,
	                                    sizeof passive_aux / sizeof *passive_aux)) {
		for (size_t k = c1 + 1; k < hi && k < c1 + 10 && !is_mark(b, k); k++) {
			if (tk_is(b, k, "by")) {
				e = np_right(b, k + 1, hi);
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
	j = skip_adv_left(b, lo, j);
	if (j == NONE)
		return (flags & C_ING) ? SUBJ_MAIN : SUBJ_NONE;
	if (!(flags & C_ACCORD) && tk_word(b, j) && !tk_cap(b, j) &&
	    tk_word_in(b, j, subject_preps, sizeof subject_preps / sizeof *subject_preps)) {
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
	if (tk_is(b, j, "and") || tk_is(b, j, "but") || tk_is(b, j, "or"))
		return SUBJ_MAIN;
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
			if ((st_is_person_name(b, st_name_start(b, f + 1, g), g) &&
			     !st_is_person_name(b, st_name_start(b, cs, f), f)) ||
			    (proper_run(b, f + 1, g) && description(b, cs, f))) {
				np->a0 = cs;
				np->a1 = f;
				np->n0 = f + 1;
				np->n1 = g;
			}
		}
		if (np->n1 - np->n0 > 25)
			return SUBJ_NONE;
		return SUBJ_NP;
	}
	if (tk_word(b, j) || tk_punct(b, j, ')') || tk_punct(b, j, 0x2019) ||
	    tk_punct(b, j, '\'')) {
		size_t k;
		if (np_ending_at(b, lo, j, np) != SUBJ_NP)
			return SUBJ_NONE;
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

/* "a fourth term", "two calls": a cue word after an ordinal or a number
 * is a noun. */
static const char *const ordinals[] = { "first", "second", "third", "fourth", "fifth",
	"sixth", "seventh", "eighth", "ninth", "tenth", "last", "next", "two", "three",
	"four", "five", "several", "many", "few" };

static bool ordinal(const struct blk *b, size_t i)
{
	return tk_word_in(b, i, ordinals, sizeof ordinals / sizeof *ordinals) ||
	       st_digits(b, i);
}

/* "said", "added", "says": a form that cannot be a noun ("a third said"). */
static bool past_or_third(const struct blk *b, size_t i)
{
	char c = b->text[b->t[i].e - 1];

	return c == 'd' || c == 's';
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
			if ((tk_is(b, i - 1, "to") && !(f & C_ACCORD)) ||
			    ((tk_lists(b, i - 1, TK_ROOM) & LX_DET) && !tk_word_is(b, i - 1, "one")) ||
			    (b->t[i - 1].flags & TF_POSS) ||
			    (ordinal(b, i - 1) && !past_or_third(b, i) && !(f & C_ACCORD))) {
				i = last;
				continue;
			}
		}
		if ((f & C_NEEDTHAT) && !tk_is(b, last + 1, "that")) {
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
static const struct cue *cues_of(struct doc *d, const struct blk *b, const struct sent *s,
                                 size_t *n)
{
	if (d->cues.s != s) {
		d->cues.n = sentence_cues(b, s, d->cues.c, MAX_CUES);
		d->cues.s = s;
	}
	*n = d->cues.n;
	return d->cues.c;
}

/* A simple past verb: regular -ed, or one of the common irregular ones. */
static bool past_verb(const char *w)
{
	size_t n = strlen(w);
	static const char irregular[] =
		" took made gave held kept left met put ran saw sent set spent stood "
		"went won came became began brought bought built chose drew fell found "
		"got grew heard hit knew led lost paid rose sold spoke struck taught "
		"thought wrote cut shut sought ";
	char key[34];

	if (n > 3 && !strcmp(w + n - 2, "ed"))
		return true;
	if (n + 3 > sizeof key)
		return false;
	key[0] = ' ';
	memcpy(key + 1, w, n);
	key[n + 1] = ' ';
	key[n + 2] = 0;
	return strstr(irregular, key) != NULL;
}

/* "The district's teachers union took ... but said": the common nouns after
 * a determiner or a possessive that opens the sentence, up to the verb. */
static size_t common_np_end(const struct blk *b, size_t k, size_t hi)
{
	size_t start = k, dummy;
	char w[32];

	while (k < hi && k < start + 6 && tk_word(b, k) && !tk_cap(b, k) &&
	       !(b->t[k].flags & TF_INQ)) {
		wl(b, k, w, sizeof w);
		/* "The retired surgeon": a past form right after the article
		 * is an adjective, not the verb that ends the phrase. */
		bool adjective = k == start && k > 0 && (tk_lists(b, k - 1, TK_ROOM) & LX_DET) &&
		                 tk_word(b, k + 1) && !tk_cap(b, k + 1);
		if ((tk_lists(b, k, sizeof w) & (LX_STOP | LX_AUX | LX_ADVERB | LX_PREP)) ||
		    (past_verb(w) && !adjective) || lex_cue(b, k, hi, &dummy))
			break;
		k++;
	}
	return k;
}

/* The subject of the sentence's main clause. */
static int main_subject(struct doc *d, const struct blk *b, const struct sent *s, size_t skip,
                        struct np *np)
{
	size_t n, cs;
	const struct cue *cues = cues_of(d, b, s, &n);

	for (size_t i = 0; i < n; i++) {
		if (cues[i].c0 == skip || (cues[i].flags & C_ING))
			continue;
		if (subject_left(b, s->t0, s->t1, cues[i].c0, cues[i].c1, cues[i].flags, np) == SUBJ_NP)
			return SUBJ_NP;
	}
	cs = st_skip_lead(b, s->t0, s->t1);
	if (cs < s->t1 && cs > s->t0 && !(b->t[cs].flags & TF_INQ) &&
	    (tk_lists(b, cs, TK_ROOM) & LX_PRONOUN)) {
		/* "Hours later, she issued a statement saying" */
		memset(np, 0, sizeof *np);
		np->b = b;
		np->n0 = cs;
		np->n1 = cs + 1;
		np->after = NONE;
		return SUBJ_NP;
	}
	if (tk_cap(b, cs) && !(b->t[cs].flags & TF_INQ)) {
		memset(np, 0, sizeof *np);
		np->b = b;
		np->n0 = cs;
		np->n1 = st_cap_run(b, cs, s->t1);
		if (np->n1 == cs + 1 || (b->t[np->n1 - 1].flags & TF_POSS))
			np->n1 = common_np_end(b, np->n1, s->t1);
		np->after = NONE;
		st_appos_after(b, np->n1, s->t1, &np->a0, &np->a1);
		return SUBJ_NP;
	}
	return SUBJ_NONE;
}

/* Resolves the subject of a cue, main clause and pronouns included. */
static size_t cue_speaker(struct doc *d, const struct blk *b, const struct sent *s,
                          size_t c0, size_t c1, unsigned flags)
{
	struct np np, mainp;
	int r = subject_left(b, s->t0, s->t1, c0, c1, flags, &np);

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

/* ---- statements ---- */

static void add_statement(struct doc *d, int kind, size_t ent, const struct blk *b,
                          size_t start, size_t end, const char *cue)
{
	struct stmt *st;

	while (start < end && (b->text[start] == ' ' || b->text[start] == '\n'))
		start++;
	while (end > start && (b->text[end - 1] == ' ' || b->text[end - 1] == '\n' ||
	                       b->text[end - 1] == '\r'))
		end--;
	if (end <= start || ent == NONE || !cue)
		return;
	if (d->nst == d->cap_st && st_grow(&d->st, &d->cap_st, 16, sizeof *d->st) < 0) {
		d->nomem = true;
		return;
	}
	st = &d->st[d->nst];
	st->cue = st_arena_strndup(&d->arena, cue, strlen(cue));
	if (!st->cue) {
		d->nomem = true;
		return;
	}
	st->kind = (uint8_t)kind;
	st->frame = d->frame;
	st->how = d->how;
	st->ent = (uint32_t)ent;
	st->block = b->index;
	st->start = (uint32_t)start;
	st->end = (uint32_t)end;
	d->nst++;
	st_add_mention(d, ent, st_pos(b->index, start), M_SPEAKER);
}

static bool attr_set(struct doc *d, struct attr *at, size_t ent, const struct blk *b,
                     size_t c0, size_t c1)
{
	if (ent == NONE)
		return false;
	at->ent = ent;
	free(at->cue);
	at->cue = text_dup(d, b, c0, c1);
	return at->cue != NULL;
}

static bool np_is_doc(const struct blk *b, size_t n0, size_t n1)
{
	for (size_t k = n0; k < n1 && k < n0 + 4; k++)
		if (tk_lists(b, k, TK_ROOM) & LX_DOC)
			return true;
	return false;
}

/* "“…,” X said" / "“…,” said X, ROLE": the attribution in tokens [a, z). */
static bool parse_trailer(struct doc *d, const struct blk *b, const struct sent *s,
                          size_t a, size_t z, bool strict, struct attr *at)
{

	if (a < z && comma_at(b, a))
		a++;
	for (size_t c = a; c < z && c < a + 14; c++) {
		size_t last, j;
		unsigned f;
		struct np np;
		if (is_mark(b, c) || (tk_punct(b, c, '.') && !tk_abbrev_dot(b, c)) ||
		    tk_punct(b, c, ';'))
			break;
		if (!tk_word(b, c) || !(f = lex_cue(b, c, z, &last)) || !(f & C_SAY))
			continue;
		if (tk_cap(b, c) && c != a)
			continue;
		if (c > a && ((tk_lists(b, c - 1, TK_ROOM) & LX_DET) ||
		              (b->t[c - 1].flags & TF_POSS)))
			continue;
		memset(&np, 0, sizeof np);
		np.b = b;
		if (c == a) {
			np.n0 = last + 1;
			np.n1 = np_right(b, np.n0, z);
			if (np.n1 <= np.n0)
				return false;
			/* "…, says he's open to running": a pronoun after the
			 * cue opens the reported clause; inverted, it stands
			 * alone ("…, said he."). */
			if ((tk_lists(b, np.n0, TK_ROOM) & LX_PRONOUN) &&
			    (np.n1 > np.n0 + 1 || (b->t[np.n0].flags & TF_POSS)))
				return false;
			np.after = np.n1;
			st_appos_after(b, np.n1, z, &np.a0, &np.a1);
			if (strict) {
				size_t end = np.a1 > np.a0 ? np.a1 : np.n1;
				if (!(end == z || (end + 1 == z && tk_punct(b, end, '.'))))
					return false;
			}
		} else {
			j = skip_adv_left(b, a, c - 1);
			if (j == NONE)
				return false;
			if (tk_word(b, j) && !tk_cap(b, j) &&
			    tk_word_in(b, j, subject_preps, sizeof subject_preps / sizeof *subject_preps))
				return false; /* "“…,” refusing to acknowledge" */
			/* "as donors waited to see how it played out, he said": an
			 * adverbial clause first; the subject follows its comma. */
			if (subordinator(b, a)) {
				size_t k = j;
				while (k > a && !comma_at(b, k))
					k--;
				if (k > a)
					a = k + 1;
				else if (tk_word_is(b, a, "as"))
					a++; /* "“…,” as Cruz said" */
				else
					return false;
			}
			np.n0 = a;
			np.n1 = j + 1;
			np.after = last + 1;
			for (size_t k = a; k <= j; k++) {
				unsigned l = tk_lists(b, k, TK_ROOM);
				if ((l & LX_AUX) || tk_word_is(b, k, "that") ||
				    tk_word_is(b, k, "which") || tk_word_is(b, k, "who") ||
				    (k == a && (l & LX_PREP)))
					return false;
				if (comma_at(b, k) && np.n1 == j + 1) {
					np.n1 = k;
					if (st_role_valid(b, k + 1, j)) {
						np.a0 = k + 1;
						np.a1 = j;
					}
				}
			}
			if (np.n1 <= np.n0 || np.n1 - np.n0 > 14)
				return false;
			if (strict) {
				if (z - last > 10)
					return false;
				for (size_t k = last + 1; k < z; k++) {
					size_t dummy;
					if ((tk_lists(b, k, TK_ROOM) & LX_AUX) || tk_word_is(b, k, "that") ||
					    (tk_word(b, k) && lex_cue(b, k, z, &dummy)))
						return false;
				}
			}
		}
		if ((f & C_DOCONLY) && !np_is_doc(b, np.n0, np.n1))
			return false;
		d->frame = ST_FR_TRAILER;
		return attr_set(d, at, st_resolve(d, &np, s->t0), b, c, last);
	}
	return false;
}

/* "Lena Fischer, chair of the tenants' association: “…”": a list of
 * reactions, a person's name (and a role) and a colon opening the
 * sentence, with no verb; the cue is the colon.  Only a person's name:
 * "Reactions: “…”" or "The agenda: “…”" names no speaker. */
static bool colon_speaker(struct doc *d, const struct blk *b, const struct sent *s,
                          size_t l0, size_t colon, struct attr *at)
{
	struct np np = { b, l0, st_cap_run(b, l0, colon), 0, 0, NONE };

	if (np.n1 < l0 + 2 || !st_is_person_name(b, l0, np.n1))
		return false;
	for (size_t k = np.n1; k < colon; k++) {
		size_t last;
		if (tk_word(b, k) && lex_cue(b, k, colon, &last))
			return false; /* "Agnes Tully, the chair, said:" */
	}
	if (np.n1 != colon) {
		if (!comma_at(b, np.n1) || !st_role_valid(b, np.n1 + 1, colon))
			return false;
		np.a0 = np.n1 + 1;
		np.a1 = colon;
	}
	d->frame = ST_FR_LEAD;
	return attr_set(d, at, st_resolve(d, &np, s->t0), b, colon, colon);
}

/* "X said, “…”": the attribution just before the quotation at token o. */
static bool parse_lead(struct doc *d, const struct blk *b, const struct sent *s,
                       size_t l0, size_t o, struct attr *at)
{
	size_t k, last;

	if (o <= l0)
		return false;
	k = o - 1;
	if (!(tk_punct(b, k, ',') || tk_punct(b, k, ':')) || k == l0)
		return false;
	if (tk_punct(b, k, ':') && l0 == s->t0 && colon_speaker(d, b, s, l0, k, at))
		return true;
	k--;
	for (size_t m = k >= l0 + 7 ? k - 7 : l0; m <= k; m++) {
		unsigned f = lex_cue(b, m, o, &last);
		bool pp = false;
		if (!f || !(f & C_SAY) || (b->t[m].flags & TF_INQ))
			continue;
		if (last < k) {
			pp = (tk_lists(b, last + 1, TK_ROOM) & LX_PREP) && k - last <= 7;
			/* "told reporters: “…”" */
			if ((f & C_ADDR) && k - last <= 4) {
				pp = true;
				for (size_t x = last + 1; x <= k; x++)
					pp = pp && tk_word(b, x) && !(tk_lists(b, x, TK_ROOM) & LX_AUX);
			}
		}
		if (last != k && !pp)
			continue;
		if (l0 > s->t0 && b->t[l0 - 1].type == T_QCLOSE)
			return parse_trailer(d, b, s, l0, o, false, at);
		d->frame = ST_FR_LEAD;
		return attr_set(d, at, cue_speaker(d, b, s, m, last, f), b, m, last);
	}
	return false;
}

static size_t quote_words(const struct blk *b, const struct quote *q)
{
	size_t n = 0;
	for (size_t i = q->topen + 1; i < b->nt && b->t[i].s < q->end; i++)
		n += b->t[i].type == T_WORD;
	return n;
}

/* A quotation inside the reporter's sentence: its cue and speaker. */
static bool parse_partial(struct doc *d, const struct blk *b, const struct sent *s,
                          size_t qi, struct attr *at)
{
	const struct quote *q = &b->q[qi];
	size_t o = q->topen, close = q->tclose, last, i;
	const struct cue *cues;
	size_t n, best = NONE;
	unsigned f;

	/* The quoted words are themselves the cue: “strongly condemned”. */
	i = o + 1;
	while (i < b->nt && tk_word(b, i) && (tk_lists(b, i, TK_ROOM) & LX_ADVERB))
		i++;
	if (close != NONE && (f = lex_cue(b, i, close, &last)) && last + 1 == close) {
		struct np np;
		size_t e = NONE;
		if (subject_left(b, s->t0, s->t1, o, o, f & ~C_ING, &np) == SUBJ_NP)
			e = st_resolve(d, &np, s->t0);
		d->frame = ST_FR_QUOTED_CUE;
		return attr_set(d, at, e, b, o + 1, close - 1);
	}
	cues = cues_of(d, b, s, &n);
	for (size_t k = 0; k < n; k++) {
		bool nested = false;
		if (cues[k].c1 >= o)
			break;
		if (cues[k].flags & (C_NOPART | C_DOCONLY))
			continue;
		for (size_t p = 0; p < k; p++) {
			size_t t = cues[p].c1 + 1;
			bool opens = false;
			for (size_t x = t; x < t + 4 && x < cues[k].c0; x++)
				opens = opens || tk_is(b, x, "that");
			if ((cues[p].flags & C_BARE) && !comma_at(b, t) && !is_mark(b, t))
				opens = true;
			if (opens && (cues[p].flags & (C_CLAUSE | C_BARE)))
				nested = true;
		}
		if ((cues[k].flags & C_ING) && cues[k].c0 > s->t0 && comma_at(b, cues[k].c0 - 1))
			nested = false;
		if (!nested)
			best = k;
	}
	if (best != NONE) {
		bool near = o - cues[best].c1 <= 8;
		for (size_t x = cues[best].c1 + 1; x < o && !near; x++)
			near = tk_is(b, x, "that") ||
			       ((cues[best].flags & C_BARE) && x == cues[best].c1 + 1 &&
			        !comma_at(b, x));
		d->frame = ST_FR_PARTIAL_CUE;
		if (quote_words(b, q) > 3 || near)
			return attr_set(d, at, cue_speaker(d, b, s, cues[best].c0, cues[best].c1,
			                                   cues[best].flags),
			                b, cues[best].c0, cues[best].c1);
	}
	/* “…,” he said, after a quotation inside the sentence. */
	if (close != NONE) {
		size_t z = close + 1;
		while (z < s->t1 && b->t[z].type != T_QOPEN)
			z++;
		if (!parse_trailer(d, b, s, close + 1, z, false, at))
			return false;
		d->frame = ST_FR_PARTIAL_AFTER;
		return true;
	}
	return false;
}

static void mark_used(struct blk *b, size_t a, size_t z, const char *cue)
{
	/* Cues of attributions are not reported speech of their own. */
	for (size_t i = a; i < z && i < b->nt; i++)
		if (tk_word(b, i) && cue && !strncmp(b->text + b->t[i].s, cue, b->t[i].e - b->t[i].s))
			b->t[i].flags |= TF_USED;
}

/*
 * A dash signature: “I am tired of this campaign.” ― Ana Ruiz, 54, a nurse.
 * Vox-pop lists and pull quotes sign a quotation that opens its sentence
 * with a dash (em dash, horizontal bar, en dash, a spaced " - " or "--")
 * right after the closing mark, then the speaker's name, an age and a role
 * that may follow, and nothing else to the end of the sentence.  Where a
 * paragraph is the quotation alone, the signature may stand as the next
 * paragraph ("…" ¶ "- Ana Ruiz.").  A name of one word (a surname) must
 * name a person the article has already introduced.  The cue is the dash
 * itself as written: STATEMENTS.md takes the attributing phrase as
 * written, and here the dash is all the attribution there is.
 */
#define SIG_TAIL_MAX 16 /* tokens of age and role after the name, at most */

static bool dash_signature(struct doc *d, const struct blk *b, const struct sent *s,
                           const struct quote *q, struct attr *at)
{
	const struct blk *sb = b;
	size_t k, hi, t0 = s->t0, d1, n0, n1, name, end, ne = d->ne, e;
	struct np np;

	if (q->tclose == NONE || q->topen != s->t0)
		return false;
	k = q->tclose + 1;
	hi = s->t1;
	if (k == hi || (k + 1 == hi && tk_punct(b, k, '.'))) {
		/* The signature as the next paragraph. */
		if (q->topen != 0 || hi != b->nt || b->index + 1 >= d->nb)
			return false;
		sb = &d->b[b->index + 1];
		if (sb->kind == ST_BLOCK_SKIP || sb->nt < 2)
			return false;
		k = t0 = 0;
		hi = sb->nt;
	} else if (tk_punct(b, k, '-') && b->t[k].s == b->t[k - 1].e &&
	           !tk_punct(b, k + 1, '-')) {
		return false; /* "…"-Name: a hyphen, not a spaced dash */
	}
	if (!(tk_punct(sb, k, 0x2014) || tk_punct(sb, k, 0x2015) || tk_punct(sb, k, 0x2013) ||
	      tk_punct(sb, k, '-')))
		return false;
	d1 = tk_punct(sb, k, '-') && tk_punct(sb, k + 1, '-') ? k + 1 : k;
	n0 = d1 + 1;
	if (!tk_cap(sb, n0) || (sb->t[n0].flags & TF_INQ))
		return false;
	n1 = st_cap_run(sb, n0, hi);
	name = st_name_start(sb, n0, n1);
	memset(&np, 0, sizeof np);
	np.b = sb;
	np.n0 = name;
	np.n1 = n1;
	np.after = NONE;
	if (name > n0) { /* "― State Sen. Ana Ruiz": the title is the role */
		np.a0 = n0;
		np.a1 = name;
	}
	end = hi;
	if (end > n1 && tk_punct(sb, end - 1, '.') && !tk_abbrev_dot(sb, end - 1))
		end--;
	if (end > n1) {
		/* ", 54, a nurse": an age is no role. */
		size_t a0 = n1 + 1;
		if (!tk_punct(sb, n1, ',') || end - n1 > SIG_TAIL_MAX)
			return false;
		if (tk_word(sb, a0) && sb->text[sb->t[a0].s] >= '0' && sb->text[sb->t[a0].s] <= '9')
			a0 = tk_punct(sb, a0 + 1, ',') ? a0 + 2 : a0 + 1;
		for (size_t x = n1; x < end; x++)
			if (is_mark(sb, x) || (sb->t[x].flags & TF_INQ))
				return false;
		if (a0 < end && st_role_valid(sb, a0, end)) {
			np.a0 = a0;
			np.a1 = end;
		}
	}
	if (!st_is_person_name(sb, name, n1) && n1 != name + 1)
		return false;
	e = st_resolve(d, &np, t0);
	if (e == NONE || d->e[e].kind != ST_PERSON || (n1 == name + 1 && e >= ne))
		return false;
	return attr_set(d, at, e, sb, k, d1);
}

static void quotes_of_sentence(struct doc *d, struct blk *b, const struct sent *s)
{
	struct attr at = { NONE, NULL };
	size_t prev_close = NONE, lo = 0, hi = b->nq;

	/* The block's quotes are in text order (pair_quotes): start at the
	 * sentence's first, not at the block's, or a one-paragraph text of
	 * many sentences costs sentences x quotes. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->q[mid].topen < s->t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t qi = lo; qi < b->nq && !d->nomem; qi++) {
		const struct quote *q = &b->q[qi];
		size_t o = q->topen, l0, z;
		bool lead_empty = true, ok = false;
		int kind = ST_DIRECT;
		if (o >= s->t1)
			break;
		l0 = prev_close == NONE ? s->t0 : prev_close + 1;
		for (size_t i = l0; i < o; i++)
			if (tk_word(b, i) && !tk_is(b, i, "and") && !tk_is(b, i, "but"))
				lead_empty = false;
		z = q->tclose == NONE ? s->t1 : q->tclose + 1;
		while (z < s->t1 && b->t[z].type != T_QOPEN)
			z++;
		if (q->tclose != NONE && lead_empty && prev_close == NONE &&
		    parse_trailer(d, b, s, q->tclose + 1, z, false, &at)) {
			ok = true;
			mark_used(b, q->tclose + 1, z, at.cue);
		} else if (lead_empty && prev_close == NONE && dash_signature(d, b, s, q, &at)) {
			ok = true;
		} else if (parse_lead(d, b, s, l0, o, &at)) {
			ok = true;
			mark_used(b, l0, o, at.cue);
		} else if (lead_empty) {
			/* A quotation with no attribution of its own continues the
			 * previous speaker: in this block, or from a block start. */
			const struct stmt *p = d->nst ? &d->st[d->nst - 1] : NULL;
			bool block_start = o == 0 || (o == 1 && tk_word(b, 0));
			if (p && (p->block == b->index || block_start)) {
				d->frame = p->block == b->index ? ST_FR_CONTINUED : ST_FR_NEXT_PARA;
				d->how = p->how;
				at.ent = p->ent;
				free(at.cue);
				at.cue = st_strndup(p->cue, strlen(p->cue));
				ok = at.cue != NULL;
				if (!ok)
					d->nomem = true;
			}
		} else if (parse_partial(d, b, s, qi, &at)) {
			ok = true;
			kind = ST_PARTIAL;
		}
		if (ok)
			add_statement(d, kind, at.ent, b, q->start, q->end, at.cue);
		prev_close = q->tclose == NONE ? s->t1 : q->tclose;
		if (prev_close >= s->t1)
			break;
	}
	free(at.cue);
}

/* ---- reported speech ---- */

/* Whether token i is a pronoun contracted with its auxiliary: he’d,
 * they're, I’ll (the word lists make these auxiliaries: lexicon.c). */
static bool pronoun_aux(const struct blk *b, size_t i)
{
	char w[TK_ROOM];
	size_t n;

	if (!(tk_lists(b, i, sizeof w) & LX_AUX))
		return false;
	n = tk_copy_lower(b, i, w, sizeof w);
	for (size_t k = 1; k < n; k++) {
		if (w[k] == '\'' || (k + 2 < n && !memcmp(w + k, "\xe2\x80\x99", 3))) {
			w[k] = 0;
			return st_is_pronoun(w);
		}
	}
	return false;
}

/* The most words an adverbial between a cue and a clause without "that"
 * may take ("said on Friday in a radio interview he ..."): news asides are
 * short, and further on a pronoun is more likely inside the cue's object
 * than the subject of its clause. */
#define ADJUNCT_MAX 8

/* Where the clause after the adverbial opening at token k may start: after
 * a time ("said Tuesday the ...", "said on Friday night the ...") or at a
 * pronoun ("said in an interview he ..."); NONE when neither is in reach
 * or the words are no adverbial (a verb, a cue, a mark). */
static size_t skip_adjunct(const struct blk *b, size_t k, size_t hi)
{
	size_t dummy;

	for (size_t j = k; j < hi && j < k + ADJUNCT_MAX; j++) {
		unsigned l;
		if (!tk_word(b, j) || (b->t[j].flags & TF_INQ))
			return NONE;
		l = tk_lists(b, j, TK_ROOM);
		if (j > k && (((l & LX_PRONOUN) && !tk_word_is(b, j, "who")) || pronoun_aux(b, j)))
			return j;
		if ((l & LX_AUX) || tk_word_is(b, j, "that") || lex_cue(b, j, hi, &dummy))
			return NONE;
		if ((l & LX_TIME) && tk_word(b, j + 1) &&
		    !(tk_lists(b, j + 1, TK_ROOM) & (LX_TIME | LX_PREP)))
			return j + 1;
	}
	return NONE;
}

/* Listeners news names by a common noun: "told reporters the ...". */
static const char *const listeners[] = { "reporters", "journalists", "lawmakers", "supporters",
	"voters", "students", "investors", "delegates", "residents" };

/* How far after a listener a clause's verb may stand: "told the Herald
 * the delay in the works had cost". */
#define ADDR_VERB_MAX 6

/* "She told the Wexley Herald the delay had cost ...": after "told" and
 * its listener (a proper name, or one of the nouns above), a clause with
 * no "that": a noun phrase and, soon after, a finite verb.  The clause's
 * first token, or NONE. */
static size_t addressee_clause(const struct blk *b, size_t k, size_t hi)
{
	size_t e = k;
	char w[32];

	if (tk_is(b, e, "the"))
		e++;
	if (e < hi && tk_cap(b, e))
		e = st_cap_run(b, e, hi);
	else if (e < hi && tk_word_in(b, e, listeners, sizeof listeners / sizeof *listeners))
		e++;
	else
		return NONE;
	if (e >= hi || !tk_word(b, e) || (b->t[e].flags & TF_INQ) ||
	    !((tk_lists(b, e, sizeof w) & LX_DET) || tk_cap(b, e)))
		return NONE;
	for (size_t x = e + 1; x < hi && x <= e + ADDR_VERB_MAX; x++) {
		if (!tk_word(b, x))
			return NONE;
		wl(b, x, w, sizeof w);
		if ((tk_lists(b, x, sizeof w) & LX_AUX) || (past_verb(w) && !tk_cap(b, x)))
			return e;
	}
	return NONE;
}

/* Where the reported clause after a cue starts, or NONE. */
static size_t complement(const struct blk *b, size_t c1, unsigned f, size_t hi)
{
	static const char *const clause_openers[] = { "there", "if", "whether", "how", "why" };
	size_t k = c1 + 1, j;
	char w[32];
	unsigned l;

	if (k >= hi)
		return NONE;
	if (f & C_ADDR) {
		for (j = k; j < hi && j < k + 8 && tk_word(b, j); j++)
			if (tk_word_is(b, j, "that") || tk_word_is(b, j, "to") ||
			    (j > k && ((tk_lists(b, j, sizeof w) & LX_PRONOUN) || pronoun_aux(b, j))))
				break;
		if (tk_is(b, j, "that") && j > k)
			return j + 1;
		if (j > k && ((tk_lists(b, j, sizeof w) & LX_PRONOUN) || pronoun_aux(b, j)))
			return j;
		if (j > k)
			return addressee_clause(b, k, hi);
	}
	if (tk_is(b, k, "that"))
		return k + 1;
	l = tk_lists(b, k, sizeof w);
	if ((l & (LX_PREP | LX_ADVERB | LX_TIME)) || comma_at(b, k)) {
		for (j = k; j < hi && j < k + 9; j++) {
			size_t dummy;
			if (tk_is(b, j, "that"))
				return j + 1;
			/* "said in a statement read outside that ...": a cue that
			 * takes no clause (read, called) opens none. */
			if ((!tk_word(b, j) && !comma_at(b, j)) ||
			    (lex_cue(b, j, hi, &dummy) & C_CLAUSE))
				break;
		}
	}
	if (f & C_NEEDTHAT)
		return NONE;
	if ((f & C_NP) && tk_word(b, k) && !(l & LX_PREP) && !comma_at(b, k))
		return k;
	/* An adverb may open the clause itself ("said nearly half ..."), a
	 * time only when it is no possessive ("said Monday's vote ..."). */
	if ((f & C_BARE) && tk_word(b, k) && !tk_word_is(b, k, "to") &&
	    ((l & LX_PREP) || ((l & LX_TIME) && !(b->t[k].flags & TF_POSS)))) {
		size_t x = skip_adjunct(b, k, hi);
		if (x == NONE)
			return NONE;
		k = x;
		l = tk_lists(b, k, sizeof w);
	}
	if (!(f & C_BARE) || !tk_word(b, k) || (l & LX_PREP) || tk_word_is(b, k, "to"))
		return NONE;
	if ((l & (LX_PRONOUN | LX_AUX)) ||
	    tk_word_in(b, k, clause_openers, sizeof clause_openers / sizeof *clause_openers))
		return k;
	for (j = k + 1; j < hi && j < k + 14; j++) {
		size_t n;
		if (is_mark(b, j) || (tk_punct(b, j, '.') && !tk_abbrev_dot(b, j)) ||
		    tk_punct(b, j, ';'))
			break;
		if (!tk_word(b, j))
			continue;
		wl(b, j, w, sizeof w);
		n = strlen(w);
		if ((tk_lists(b, j, sizeof w) & LX_AUX) || (past_verb(w) && !tk_cap(b, j)) ||
		    (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && !tk_cap(b, j) &&
		     tk_word(b, j - 1) && tk_cap(b, j - 1) && j - 1 > k))
			return k;
	}
	return NONE;
}

/* A caption's clause ends before ", Friday, Jan. 20, 2023, in Washington". */
static size_t caption_trim(const struct blk *b, size_t st, size_t end)
{

	for (size_t k = end; k > st + 3; k--) {
		if (!comma_at(b, k - 1))
			continue;
		if ((tk_lists(b, k, TK_ROOM) & LX_TIME) && tk_cap(b, k))
			end = k - 1;
		else if ((tk_is(b, k, "in") || tk_is(b, k, "at")) && tk_cap(b, k + 1) &&
		         end == b->nt)
			end = k - 1;
		else if (k >= b->nt || /* a comma ends the block: no token k */
		         !(b->text[b->t[k].s] >= '0' && b->text[b->t[k].s] <= '9'))
			break;
	}
	return end;
}

static void emit_clause(struct doc *d, const struct blk *b, size_t ent, size_t st,
                        size_t end, const char *cue)
{
	if (st >= end || ent == NONE)
		return;
	if (b->kind == ST_BLOCK_CAPTION)
		end = caption_trim(b, st, end);
	if (end > st)
		add_statement(d, ST_INDIRECT, ent, b, b->t[st].s, b->t[end - 1].e, cue);
}

/* The most tokens an attribution set off by commas inside a sentence may
 * take ("The plan, an adviser to the mayor said, is ..."): as long as the
 * attributions parse_trailer reads after a clause. */
#define MID_ATTR_MAX 14

/* Whether tokens [a, z), set off by commas, can be an attribution and
 * nothing more: a speaker and a say-type cue that takes a clause, and
 * after it a speaker or an adverbial, never an object or an infinitive
 * ("Clinton avoided all mention of ...", "the chairman announced four votes
 * for ...", "she has vowed to ..."). */
static bool attribution_only(const struct blk *b, size_t a, size_t z)
{
	size_t c, last = NONE;
	unsigned f = 0;
	char w[TK_ROOM];

	for (c = a; c < z; c++) {
		if (!tk_word(b, c))
			continue;
		if ((f = lex_cue(b, c, z, &last)) && (f & C_SAY))
			break;
		tk_copy_lower(b, c, w, sizeof w);
		if (!tk_cap(b, c) && past_verb(w))
			return false;
	}
	if (c >= z || !(f & C_CLAUSE) || (f & C_ING))
		return false;
	if (c == a) /* "said the mayor", not "reported it to ..." */
		return !(tk_lists(b, last + 1, TK_ROOM) & LX_PRONOUN);
	return last + 1 >= z ||
	       ((tk_lists(b, last + 1, TK_ROOM) & (LX_PREP | LX_TIME | LX_ADVERB)) &&
	        !tk_word_is(b, last + 1, "to"));
}

/* "A, X said, B": an attribution between commas inside the sentence.  The
 * reported clause is A and B; a statement is one span, so it is the whole
 * sentence, the attribution inside it.  When B is a participle ("Sales were
 * good, he said, pointing to ..."), it is the reporter's, and A alone is the
 * clause. */
static bool clause_around(struct doc *d, const struct blk *b, const struct sent *s,
                          struct attr *at)
{
	for (size_t p = s->t0 + 2; p < s->t1; p++) {
		size_t q;
		if (!comma_at(b, p))
			continue;
		for (q = p + 2; q < s->t1 && q < p + MID_ATTR_MAX && !comma_at(b, q); q++)
			;
		if (q + 1 >= s->t1 || !comma_at(b, q) || !tk_word(b, q + 1))
			continue;
		if (!attribution_only(b, p + 1, q) || !parse_trailer(d, b, s, p + 1, q, true, at))
			continue;
		d->frame = ST_FR_CLAUSE_AROUND;
		if (ing_word(b, q + 1, TK_ROOM))
			emit_clause(d, b, at->ent, s->t0, p, at->cue);
		else
			emit_clause(d, b, at->ent, s->t0, s->t1, at->cue);
		return true;
	}
	return false;
}

static bool clause_first(struct doc *d, const struct blk *b, const struct sent *s)
{
	struct attr at = { NONE, NULL };
	size_t tried = 0;
	bool ok = false;

	size_t sub = s->t0 + (tk_word_is(b, s->t0, "even") ? 1 : 0), first_comma = s->t0;

	/* "Even though the park allows it, the women say officers …": the
	 * adverbial clause before the first comma is no reported clause. */
	while (first_comma < s->t1 && !comma_at(b, first_comma))
		first_comma++;
	for (size_t k = s->t1; k > s->t0 + 4 && tried < 2; k--) {
		if (!comma_at(b, k - 1))
			continue;
		tried++;
		if (k - 1 == first_comma && subordinator(b, sub))
			continue;
		if (parse_trailer(d, b, s, k, s->t1, true, &at)) {
			d->frame = ST_FR_CLAUSE_FIRST;
			emit_clause(d, b, at.ent, s->t0, k - 1, at.cue);
			ok = true;
			break;
		}
	}
	if (!ok)
		ok = clause_around(d, b, s, &at);
	free(at.cue);
	return ok;
}

/* Where the clause reported by cues[k], starting at token st, ends: before
 * a second attribution of the sentence ("X said A, and Y said B", "X says
 * A and says B") or a participle cue after a comma ("X said A, adding
 * B"), which report clauses of their own; else at the sentence's end. */
static size_t clause_end(const struct blk *b, const struct sent *s, const struct cue *cues,
                         size_t n, size_t k, size_t st)
{
	for (size_t j = k + 1; j < n; j++) {
		const struct cue *c = &cues[j];
		struct np np;
		size_t p;
		if (c->c0 < st + 2 || !(c->flags & C_CLAUSE))
			continue;
		if (c->flags & C_ING) {
			if (comma_at(b, c->c0 - 1))
				return c->c0 - 1;
			continue;
		}
		switch (subject_left(b, s->t0, s->t1, c->c0, c->c1, c->flags, &np)) {
		case SUBJ_NP:
			if (np.n0 < st + 2)
				continue;
			p = np.n0 - 1;
			break;
		case SUBJ_MAIN:
			p = skip_adv_left(b, st, c->c0 - 1);
			if (p == NONE || p < st + 2)
				continue;
			break;
		default:
			continue;
		}
		if (tk_word_is(b, p, "and") || tk_word_is(b, p, "but") || tk_word_is(b, p, "while"))
			return comma_at(b, p - 1) ? p - 1 : p;
		if (comma_at(b, p) || tk_punct(b, p, ';'))
			return p;
	}
	return s->t1;
}

static void reported_speech_in(struct doc *d, struct blk *b, const struct sent *s);

static void reported_speech(struct doc *d, struct blk *b, const struct sent *s)
{
	d->clause = true;
	reported_speech_in(d, b, s);
	d->clause = false;
}

static void reported_speech_in(struct doc *d, struct blk *b, const struct sent *s)
{
	const struct cue *cues;
	size_t n, lo = s->t0, lead, order[MAX_CUES], m = 0;
	char *cue;

	for (size_t i = s->t0; i < s->t1; i++) {
		if (b->t[i].type == T_QOPEN)
			lo = NONE;
		if (b->t[i].type == T_QCLOSE)
			lo = i + 1;
	}
	if (lo == NONE)
		return;
	if (lo == s->t0 && clause_first(d, b, s))
		return;
	cues = cues_of(d, b, s, &n);
	/* "according to X" after the clause first: the cues inside the clause
	 * it attributes ("voters who believe that ...") report none of their
	 * own. */
	lead = st_skip_lead(b, s->t0, s->t1);
	for (size_t k = 0; k < n; k++)
		if ((cues[k].flags & C_ACCORD) && cues[k].c0 > lead)
			order[m++] = k;
	for (size_t k = 0; k < n; k++)
		if (!((cues[k].flags & C_ACCORD) && cues[k].c0 > lead))
			order[m++] = k;
	for (size_t o = 0, k; o < n && !d->nomem; o++) {
		const struct cue *c = &cues[k = order[o]];
		size_t st = NONE, end = s->t1, ent;
		if (c->c0 < lo || (b->t[c->c0].flags & TF_USED))
			continue;
		if (c->flags & C_ACCORD) {
			size_t ne = np_right(b, c->c1 + 1, s->t1);
			struct np np = { b, c->c1 + 1, ne, 0, 0, NONE };
			if (ne <= c->c1 + 1)
				continue;
			/* "according to estimates by the ministry", "figures from
			 * the agency": the source is the agent after by/from. */
			if (tk_is(b, ne, "by")) {
				size_t n2 = np_right(b, ne + 1, s->t1);
				if (n2 > ne + 1)
					ne = n2;
			}
			for (size_t x = c->c1 + 2; x + 1 < ne; x++) {
				char hw[32];
				size_t hl;
				if (!tk_is(b, x, "by") && !tk_is(b, x, "from"))
					continue;
				hl = tk_copy_lower(b, x - 1, hw, sizeof hw);
				if (tk_word(b, x - 1) && !tk_cap(b, x - 1) &&
				    !(tk_lists(b, x - 1, sizeof hw) & (LX_TITLE | LX_DOC)) &&
				    !(hl > 3 && !strcmp(hw + hl - 2, "ed")))
					np.n0 = x + 1;
				break;
			}
			np.n1 = ne;
			if (comma_at(b, ne) && c->c0 <= st_skip_lead(b, s->t0, s->t1)) {
				st = ne + 1;
			} else if (lo == s->t0 && c->c0 > s->t0 + 3 && comma_at(b, c->c0 - 1)) {
				st = s->t0;
				end = c->c0 - 1;
			} else if (lo == s->t0 && c->c0 > s->t0 + 3 && tk_word(b, c->c0 - 1) &&
			           (ne >= s->t1 || (ne + 1 == s->t1 && tk_punct(b, ne, '.')))) {
				st = s->t0; /* "C according to X." without the comma */
				end = c->c0;
			} else {
				continue;
			}
			ent = st_resolve(d, &np, s->t0);
			d->frame = ST_FR_ACCORDING;
		} else if (c->flags & C_OBJOF) {
			for (size_t x = c->c1 + 1; x < s->t1 && x < c->c1 + 12; x++) {
				char w[32];
				size_t l;
				if (!tk_word(b, x))
					break;
				if ((tk_is(b, x, "of") || tk_is(b, x, "for")) && tk_word(b, x + 1)) {
					l = tk_copy_lower(b, x + 1, w, sizeof w);
					if (l > 4 && !strcmp(w + l - 3, "ing"))
						st = c->c1 + 1;
					break;
				}
			}
			if (st == NONE)
				continue;
			ent = cue_speaker(d, b, s, c->c0, c->c1, c->flags);
			d->frame = ST_FR_OBJECT_OF;
		} else if (c->flags & C_CLAUSE) {
			st = complement(b, c->c1, c->flags, s->t1);
			if (st == NONE)
				continue;
			ent = cue_speaker(d, b, s, c->c0, c->c1, c->flags);
			end = clause_end(b, s, cues, n, k, st);
			d->frame = ST_FR_CLAUSE;
		} else {
			continue;
		}
		cue = text_dup(d, b, c->c0, c->c1);
		if (cue && ent != NONE)
			emit_clause(d, b, ent, st, end, cue);
		free(cue);
		if (end >= s->t1)
			return;
		lo = end; /* the attribution after the clause reports its own */
	}
}

/* ---- documents: who issued "the statement" ---- */

static bool mentions_document(const struct blk *b, const struct sent *s)
{
	for (size_t k = s->t0; k < s->t1; k++)
		if (b->t[k].type == T_WORD && (b->t[k].lists & LX_DOC))
			return true;
	return false;
}

static void note_documents(struct doc *d, const struct blk *b, const struct sent *s,
                           size_t first_stmt)
{
	/* Most sentences name no document: one look at the word lists. */
	if (!mentions_document(b, s))
		return;
	for (size_t i = s->t0; i + 1 < s->t1; i++) {
		bool issued;
		if ((b->t[i].flags & TF_INQ) || b->t[i].type != T_WORD)
			continue;
		issued = tk_word_is(b, i, "issued") || tk_word_is(b, i, "released");
		if ((issued || tk_word_is(b, i, "in")) && first_stmt < d->nst) {
			for (size_t k = i + 1; k < i + 5 && k < s->t1 && tk_word(b, k); k++) {
				if (tk_lists(b, k, TK_ROOM) & LX_DOC) {
					d->issuer = d->st[first_stmt].ent;
					return;
				}
			}
		}
		if (issued) {
			for (size_t k = i + 1; k < i + 5 && k < s->t1 && tk_word(b, k); k++) {
				if (tk_lists(b, k, TK_ROOM) & LX_DOC) {
					size_t e = cue_speaker(d, b, s, i, i, 0);
					if (e != NONE)
						d->issuer = e;
					return;
				}
			}
		}
	}
}

/* ---- the article ---- */

static bool stmt_before(const struct stmt *x, const struct stmt *y)
{
	return x->block != y->block ? x->block < y->block : x->start < y->start;
}

/* Sorts the statements by block and start, keeping the order of equals
 * (as glibc's qsort, a merge sort, did).  They are found in text order, so
 * mostly there is nothing to do.  false when memory ran out. */
static bool sort_statements(struct doc *d)
{
	struct stmt *tmp;
	size_t n = d->nst, i;

	for (i = 1; i < n && !stmt_before(&d->st[i], &d->st[i - 1]); i++)
		;
	if (i >= n)
		return true;
	tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return false;
	/* Bottom-up: merge runs of width w from d->st into tmp, and back. */
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = stmt_before(&d->st[b], &d->st[a]) ? d->st[b++] : d->st[a++];
			while (a < mid)
				tmp[k++] = d->st[a++];
			while (b < hi)
				tmp[k++] = d->st[b++];
		}
		memcpy(d->st, tmp, n * sizeof *tmp);
	}
	free(tmp);
	return true;
}

static void doc_free(struct doc *d)
{
	st_blk_mem_free(&d->mem);
	free(d->b);
	free(d->e);
	free(d->ent_ix);
	st_mentions_free(d);
	free(d->st);
	st_arena_free(&d->arena);
}

/* Appends s (NULL: "") to the result's strings at *at. */
static char *put(char **at, const char *s, size_t n)
{
	char *p = *at;

	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	*at += n + 1;
	return p;
}

static size_t len0(const char *s)
{
	return s ? strlen(s) : 0;
}

/* The persons in order of their first statement: pmap[entity] gets the
 * person's index, and *bytes the room their names and roles take. */
static size_t map_persons(const struct doc *d, size_t *pmap, size_t *bytes)
{
	size_t np = 0;

	for (size_t i = 0; i < d->ne; i++)
		pmap[i] = NONE;
	for (size_t i = 0; i < d->nst; i++) {
		const struct ent *e = &d->e[d->st[i].ent];
		if (pmap[d->st[i].ent] != NONE)
			continue;
		pmap[d->st[i].ent] = np++;
		*bytes += len0(e->name) + len0(e->role) + 2;
	}
	return np;
}

/* The result's strings are one block: a statement's speaker and role are
 * its person's, not copies, and its quote is the caller's text. */
static int build_result(struct doc *d, struct st_result *out)
{
	size_t *pmap, bytes = 0;
	char *at;

	if (d->nst == 0)
		return 0;
	if (!sort_statements(d))
		return -1;
	pmap = malloc((d->ne ? d->ne : 1) * sizeof *pmap);
	if (!pmap)
		return -1;
	out->n_persons = map_persons(d, pmap, &bytes);
	for (size_t i = 0; i < d->nst; i++)
		bytes += strlen(d->st[i].cue) + 1;
	out->statements = calloc(d->nst, sizeof *out->statements);
	out->persons = calloc(out->n_persons, sizeof *out->persons);
	out->strings = at = malloc(bytes);
	if (!out->statements || !out->persons || !at)
		goto out_nomem;
	for (size_t i = 0; i < d->ne; i++) {
		struct st_person *p;
		if (pmap[i] == NONE)
			continue;
		p = &out->persons[pmap[i]];
		p->name = put(&at, d->e[i].name, len0(d->e[i].name));
		p->role = put(&at, d->e[i].role, len0(d->e[i].role));
		p->kind = d->e[i].kind;
	}
	out->n_statements = d->nst;
	for (size_t i = 0; i < d->nst; i++) {
		const struct stmt *s = &d->st[i];
		const struct st_person *p = &out->persons[pmap[s->ent]];
		struct st_statement *o = &out->statements[i];
		o->kind = s->kind;
		o->person = (long)pmap[s->ent];
		o->block = s->block;
		o->start = s->start;
		o->end = s->end;
		o->speaker = p->name;
		o->role = p->role;
		o->cue = put(&at, s->cue, strlen(s->cue));
		o->quote = d->b[s->block].text + s->start;
		o->frame = s->frame;
		o->how = s->how;
		o->confidence = st_confidence(s->frame, s->how);
	}
	free(pmap);
	return 0;
out_nomem:
	free(pmap);
	st_result_free(out);
	return -1;
}

int st_extract(const struct st_block *blocks, size_t n_blocks, struct st_result *out)
{
	struct doc d;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (n_blocks >= UINT32_MAX)
		return -1; /* block indexes are 32-bit */
	memset(&d, 0, sizeof d);
	d.issuer = NONE;
	d.b = calloc(n_blocks ? n_blocks : 1, sizeof *d.b);
	if (!d.b)
		return -1;
	if (st_blocks_build(d.b, blocks, n_blocks, &d.mem) < 0)
		goto out_free;
	d.nb = n_blocks;
	st_mentions(&d);
	st_index_mentions(&d);
	for (size_t bi = 0; bi < d.nb && !d.nomem; bi++) {
		struct blk *b = &d.b[bi];
		for (size_t si = 0; si < b->ns && !d.nomem; si++) {
			size_t first = d.nst;
			quotes_of_sentence(&d, b, &b->s[si]);
			reported_speech(&d, b, &b->s[si]);
			note_documents(&d, b, &b->s[si], first);
		}
	}
	if (d.nomem)
		goto out_free;
	/* The result needs only the statements, the entities and the
	 * caller's text: the tokens and the mentions go first, so that the
	 * two never take memory together. */
	st_blk_mem_free(&d.mem);
	st_mentions_free(&d);
	rc = build_result(&d, out);
out_free:
	doc_free(&d);
	return rc;
}

void st_result_free(struct st_result *r)
{
	if (!r)
		return;
	free(r->statements);
	free(r->persons);
	free(r->strings);
	memset(r, 0, sizeof *r);
}

const char *st_kind_name(int kind)
{
	switch (kind) {
	case ST_DIRECT: return "direct";
	case ST_PARTIAL: return "partial";
	case ST_INDIRECT: return "indirect";
	default: return "?";
	}
}
