/*
 * candidates.c: stage 2a of the extractor (see docs/statements.md,
 * "Pipeline"): speaker candidates in the text and their typing.  A run of
 * capitalised words (st_cap_run) is split into the role words before a
 * title and the name after it (st_name_start, st_role_prefix); an
 * appositive after a name gives its role (st_appos_after,
 * st_role_valid); st_is_person_name types a run as a person's name or
 * not (a place, an organisation).  Also where a clause or a leading
 * time phrase starts (st_clause_start, st_skip_lead), so a subject is
 * not taken from "Eight years ago, ...".
 *
 * Input: the tokens of a block (text.c) and the word lists (lexicon.c).
 * Output: token spans and their kind; no state.
 *
 * Used by mentions.c (collecting the article's names), by chains.c
 * (whether a speaker phrase holds a person's name, and its role) and by
 * cue.c and frame.c (where a subject starts).
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

/* ---- names ---- */

bool st_alpha_word(const struct blk *b, size_t i)
{
	for (size_t k = b->t[i].s; k < b->t[i].e; k++)
		if (b->text[k] >= '0' && b->text[k] <= '9')
			return false;
	return true;
}

bool st_all_upper(const struct blk *b, size_t i)
{
	size_t letters = 0;

	for (size_t k = b->t[i].s; k < b->t[i].e; k++) {
		char c = b->text[k];
		if (c >= 'a' && c <= 'z')
			return false;
		if (c >= 'A' && c <= 'Z')
			letters++;
	}
	return letters >= 2;
}

/* Whether the capitalised words [i, j) are a person's name, after titles
 * perhaps ("Rep.", "Mayor"): a given name, then one or two surnames. */
/* How many tokens before "of" named_before_of() reads: a few titles
 * ("Former State Sen.") and three names.  A hostile run of a thousand
 * titles, each "of" in it asking, must not be read once per "of". */
#define NAME_BEFORE_OF_MAX 9

static bool named_before_of(const struct blk *b, size_t i, size_t j)
{
	size_t k = j > i + NAME_BEFORE_OF_MAX ? j - NAME_BEFORE_OF_MAX : i;

	while (k < j && (tk_punct(b, k, '.') ||
	                 (tk_lists(b, k, TK_ROOM) & (LX_TITLE | LX_HONORIFIC))))
		k++;
	if (j - k < 2 || j - k > 3 || !tk_word(b, k))
		return false;
	/* A given name no list knows ("Orrin Falk of Dunmore"): two
	 * words of letters only, neither an organisation's nor a place's. */
	if (st_given_name_gender(b->text + b->t[k].s, b->t[k].e - b->t[k].s) == ST_G_UNKNOWN &&
	    (j - k != 2 || !st_alpha_word(b, k) || st_all_upper(b, k) ||
	     (tk_lists(b, k, TK_ROOM) & (LX_ORG | LX_PLACE | LX_STOP | LX_TIME))))
		return false;
	for (k++; k < j; k++)
		if (!tk_word(b, k) || !st_alpha_word(b, k) || st_all_upper(b, k) ||
		    (tk_lists(b, k, TK_ROOM) & (LX_ORG | LX_PLACE | LX_TITLE)))
			return false;
	return true;
}

/* End of the capitalised run starting at token i (exclusive). */
size_t st_cap_run(const struct blk *b, size_t i, size_t hi)
{
	size_t j = i + 1;

	while (j < hi) {
		if (b->t[j - 1].flags & TF_POSS)
			break;
		if (tk_cap(b, j) && !(b->t[j].flags & TF_INQ)) {
			j++;
			continue;
		}
		if (tk_punct(b, j, '.') && b->t[j].s == b->t[j - 1].e && tk_word(b, j - 1)) {
			/* "Mr. Lund", "J. Doe", "Sen. Ana Ruiz" */
			unsigned l = tk_lists(b, j - 1, TK_ROOM);
			if (((l & LX_HONORIFIC) || (l & (LX_TITLE | LX_ABBREV)) ==
			                               (LX_TITLE | LX_ABBREV) ||
			     b->t[j - 1].e - b->t[j - 1].s == 1) &&
			    tk_cap(b, j + 1)) {
				j++;
				continue;
			}
		}
		if ((tk_is(b, j, "of") || tk_is(b, j, "for")) && tk_cap(b, j + 1) && j + 1 < hi) {
			/* "Ana Ruiz of Fairview", "Rep. Ana Diaz Ruiz of Texas":
			 * a given name and a surname or two, then where she is
			 * from; no "Bank of Tessaly". */
			if (named_before_of(b, i, j))
				break;
			j++;
			continue;
		}
		if (tk_punct(b, j, '(') && j + 2 < hi && tk_cap(b, j + 1) &&
		    tk_punct(b, j + 2, ')') && st_party_after(b, j, hi) == j) {
			j += 3;
			continue;
		}
		break;
	}
	return j;
}

/*
 * "(R)", "(D-Ore.)", "(I-Vt.)", "(R-N.Y.)": the party, and the state, that
 * US news writes after a legislator's name.  It belongs to the speaker's
 * role, not to the name (nor is it an acronym the article defines).
 * Tokens: "(", a word of one capital letter of a party (R, D, I) alone or
 * joined by a hyphen to a state's capitalised abbreviation, a dot
 * perhaps, ")".
 */
size_t st_party_after(const struct blk *b, size_t i, size_t hi)
{
	size_t k = i + 1, n;
	const char *s;

	if (k >= hi || !tk_punct(b, i, '(') || !tk_word(b, k))
		return i;
	s = b->text + b->t[k].s;
	n = b->t[k].e - b->t[k].s;
	if (!(s[0] == 'R' || s[0] == 'D' || s[0] == 'I'))
		return i;
	if (n > 1) {
		if (n < 3 || s[1] != '-' || !(s[2] >= 'A' && s[2] <= 'Z'))
			return i;
		for (size_t c = 3; c < n; c++)
			if (!((s[c] >= 'a' && s[c] <= 'z') || (s[c] >= 'A' && s[c] <= 'Z') ||
			      s[c] == '.'))
				return i;
	}
	k++;
	if (k < hi && tk_punct(b, k, '.'))
		k++;
	return k < hi && tk_punct(b, k, ')') ? k + 1 : i;
}

size_t st_party_before(const struct blk *b, size_t lo, size_t j)
{
	for (size_t p = j >= 3 ? j - 3 : 0; p + 1 < j; p++)
		if (p >= lo && st_party_after(b, p, j + 1) == j + 1)
			return p;
	return j;
}

size_t st_name_start(const struct blk *b, size_t r0, size_t r1)
{
	size_t ns = r0;

	for (size_t k = r1; k > r0; k--) {
		if ((tk_lists(b, k - 1, TK_ROOM) & LX_TITLE) && k < r1) {
			ns = k;
			break;
		}
	}
	while (ns < r1) {
		size_t n = b->t[ns].e - b->t[ns].s;
		const char *w = b->text + b->t[ns].s;
		/* "Lisbon-born Ada Mertz", "Leeds-based Ola Finn" */
		if (n > 6 && (!memcmp(w + n - 5, "-born", 5) || !memcmp(w + n - 6, "-based", 6))) {
			ns++;
			continue;
		}
		if (!(tk_lists(b, ns, TK_ROOM) & LX_HONORIFIC))
			break;
		ns++;
		if (tk_punct(b, ns, '.'))
			ns++;
	}
	/* "Secretary of State Antony Blinken": the name is the longest
	 * person-like tail. */
	for (size_t k = ns; k + 1 < r1; k++)
		if (st_is_person_name(b, k, r1))
			return k;
	return ns;
}

static bool place_prefix(const struct blk *b, size_t i)
{
	return tk_is(b, i, "new") || tk_is(b, i, "san") || tk_is(b, i, "santa") ||
	       tk_is(b, i, "los") || tk_is(b, i, "las") || tk_is(b, i, "el");
}

/* "Jan Okafor", "June Holm": a month that is a given name too, first
 * in a name, with a capitalised word after it and no dot ("Jan. 4"), and
 * no word before it that makes it a date ("in May Ruiz said", "last
 * June"). */
static bool month_given_name(const struct blk *b, size_t i, size_t n1)
{
	if (i > 0 && tk_word(b, i - 1) &&
	    ((tk_lists(b, i - 1, TK_ROOM) & (LX_PREP | LX_TIME)) || tk_is(b, i - 1, "last") ||
	     tk_is(b, i - 1, "next") || tk_is(b, i - 1, "early") || tk_is(b, i - 1, "late")))
		return false;
	return i + 1 < n1 && tk_word(b, i + 1) && tk_cap(b, i + 1) && !st_digits(b, i + 1) &&
	       !(tk_lists(b, i + 1, TK_ROOM) & LX_TIME) &&
	       (tk_is(b, i, "jan") || tk_is(b, i, "may") || tk_is(b, i, "june") ||
	        tk_is(b, i, "april") || tk_is(b, i, "august"));
}

bool st_is_person_name(const struct blk *b, size_t n0, size_t n1)
{
	size_t words = 0;

	for (size_t i = n0; i < n1; i++) {
		if (tk_punct(b, i, '.') && i > n0 && b->t[i - 1].e - b->t[i - 1].s == 1)
			continue;
		/* A middle initial, "Nadia A. Brennan": the letter is no word
		 * of any list ("A" is the article, "I" the pronoun). */
		if (i > n0 && i + 1 < n1 && b->t[i].e - b->t[i].s == 1 && tk_cap(b, i) &&
		    tk_punct(b, i + 1, '.') && b->t[i + 1].s == b->t[i].e)
			continue;
		/* The word lists first, the bytes last: st_name_start asks
		 * every tail of a long run. */
		if (!tk_cap(b, i) || (b->t[i].flags & TF_POSS && i + 1 < n1))
			return false;
		if ((tk_lists(b, i, TK_ROOM_WIDE) & (LX_STOP | LX_ORG | LX_PLACE | LX_TIME |
		                                     LX_TITLE | LX_HONORIFIC | LX_DOC)) &&
		    !(i == n0 && month_given_name(b, i, n1)))
			return false;
		if (++words > 4 || !st_alpha_word(b, i) || st_all_upper(b, i))
			return false;
	}
	/* "New York", "New Hampshire", "San Diego": "new" is too common a
	 * word for the place list, and never a given name; nor is what
	 * follows such a word the start of a name ("Hampshire Republican"). */
	if (place_prefix(b, n0) || (n0 > 0 && tk_cap(b, n0 - 1) && place_prefix(b, n0 - 1)))
		return false;
	return words >= 2;
}

/* Role words before a name at n0: "U.S. national security adviser". */
size_t st_role_prefix(const struct blk *b, size_t lo, size_t n0)
{
	size_t k = n0;
	char w[40];
	bool title = false;

	if (n0 == 0 || n0 <= lo)
		return n0;
	/* "Sen. Ana Ruiz": the title's word before its dot. */
	size_t t = n0 - 1;
	if (tk_punct(b, t, '.') && t > lo && b->t[t].s == b->t[t - 1].e)
		t--;
	if (!tk_word(b, t) || !((tk_lists(b, t, sizeof w) & LX_TITLE) || tk_cap(b, t)))
		return n0;
	while (k > lo) {
		size_t j = k - 1;
		size_t dummy;
		if (tk_word(b, j)) {
			unsigned l = tk_lists(b, j, sizeof w);
			if (l & LX_TITLE)
				title = true;
			if (tk_is(b, j, "of") && tk_cap(b, j + 1) && j > lo && tk_cap(b, j - 1)) {
				k = j;
				continue;
			}
			if ((l & (LX_STOP | LX_AUX)) || lex_cue(b, j, b->nt, &dummy))
				break;
			if (!tk_cap(b, j) && word_lower(b, j, w, sizeof w) && strlen(w) > 3 &&
			    !strcmp(w + strlen(w) - 3, "ing"))
				break;
			k = j;
			continue;
		}
		if ((tk_punct(b, j, '(') || tk_punct(b, j, ')')) && j > lo) {
			k = j;
			continue;
		}
		if ((tk_punct(b, j, 0x2019) || tk_punct(b, j, '\'')) && j > lo &&
		    (b->t[j - 1].flags & TF_POSS)) {
			k = j;
			continue;
		}
		if (tk_punct(b, j, '.') && j > lo && b->t[j].s == b->t[j - 1].e) {
			k = j;
			continue;
		}
		break;
	}
	/* A role never opens with a bracket. */
	while (k < n0 && !tk_word(b, k))
		k++;
	return title ? k : n0;
}

/* Tokens a role may have ("a former deputy minister of health in the
 * previous government" has ten): past that, the appositive is a clause
 * or a list, not a role. */
#define ROLE_MAX 30

bool st_role_valid(const struct blk *b, size_t a0, size_t a1)
{
	size_t dummy;

	if (a1 <= a0 || a1 - a0 > ROLE_MAX || !tk_word(b, a0))
		return false;
	if (a1 == a0 + 1 && st_digits(b, a0))
		return false; /* "said Pim Adler, 52.": an age is no role */
	/* "Rita Dahl, meanwhile, said", "Dahl, too,": an adverb or a time
	 * alone is an aside, no role. */
	if (a1 == a0 + 1 && (tk_lists(b, a0, TK_ROOM) & (LX_ADVERB | LX_LEAD | LX_STOP | LX_TIME)))
		return false;
	if (!tk_cap(b, a0)) {
		/* "Its treasurer, Jan Okafor, backed the press": a verb opens
		 * the rest of the sentence, not a role. */
		char w[TK_ROOM];
		tk_copy_lower(b, a0, w, sizeof w);
		if (st_past_verb(w))
			return false;
	}
	if ((tk_lists(b, a0, TK_ROOM_WIDE) & (LX_NONROLE | LX_AUX)) || lex_cue(b, a0, a1, &dummy))
		return false;
	if (tk_punct(b, a1, ',') && (tk_is(b, a1 + 1, "and") || tk_is(b, a1 + 1, "or")))
		return false;
	if (st_is_person_name(b, st_name_start(b, a0, a1), a1) &&
	    st_name_start(b, a0, a1) == a0)
		return false;
	for (size_t i = a0; i < a1; i++)
		if (b->t[i].type == T_QOPEN || b->t[i].type == T_QCLOSE)
			return false;
	/* "Lind Jr. was the author of ...": an auxiliary before any relative
	 * pronoun makes the words a clause, not a role ("a union that has
	 * endorsed him" is one). */
	for (size_t i = a0 + 1; i < a1; i++) {
		if (tk_is(b, i, "who") || tk_is(b, i, "that") || tk_is(b, i, "which"))
			break;
		if (tk_word(b, i) && (tk_lists(b, i, TK_ROOM) & LX_AUX))
			return false;
	}
	return true;
}

/* Apposition after a name ending at n1: ", ROLE," or ", ROLE." */
void st_appos_after(const struct blk *b, size_t n1, size_t hi, size_t *a0, size_t *a1)
{
	size_t j;

	*a0 = *a1 = n1;
	n1 = st_party_after(b, n1, hi); /* "Ana Ruiz (D-Ore.), the whip," */
	if (!tk_punct(b, n1, ','))
		return;
	/* "Rosa Delgado, 71, a retired postal worker,": the age is no role;
	 * the appositive after it is. */
	if (st_digits(b, n1 + 1) && tk_punct(b, n1 + 2, ',') && tk_word(b, n1 + 3))
		n1 += 2;
	j = n1 + 1;
	while (j < hi) {
		const struct tok *t = &b->t[j];
		if (t->type == T_QOPEN || t->type == T_QCLOSE)
			break;
		if (t->type == T_PUNCT && (t->cp == ';' || t->cp == ':' ||
		                           t->cp == 0x2014 || (t->cp == '.' && !tk_abbrev_dot(b, j)) ||
		                           t->cp == '!' || t->cp == '?'))
			break; /* not at "Mr." or "U.S.": "an aide to Mr. Lund" */
		if (t->type == T_PUNCT && t->cp == ',') {
			/* ", Gangwon Province," continues a place. */
			size_t k = j + 1, caps = 0;
			while (k < hi && tk_cap(b, k) && caps < 4) {
				k++;
				caps++;
			}
			if (caps > 0 && caps <= 3 && (tk_punct(b, k, ',') || k == hi ||
			                              tk_punct(b, k, '.'))) {
				if ((tk_lists(b, k - 1, TK_ROOM) & LX_PLACE) || caps == 1) {
					j = k;
					continue;
				}
			}
			break;
		}
		j++;
	}
	if (st_role_valid(b, n1 + 1, j)) {
		*a0 = n1 + 1;
		*a1 = j;
	}
}

/* Whether the comma-delimited segment starting at token c is a noun phrase
 * carrying a relative clause: ", who asked not to be named ...,", ", one of
 * two members who voted against the plan,", "A juror who followed the
 * case, ...": a short noun phrase, then who/which/whose, no later than
 * token `upto`. */
/* Where its "who" may stand: after a short noun phrase ("one of two
 * members"). */
#define RELATIVE_AFTER_MAX 9

static bool appositive_relative(const struct blk *b, size_t c, size_t upto)
{
	size_t dummy;

	for (size_t r = c; r <= upto && r < c + RELATIVE_AFTER_MAX; r++) {
		if (!tk_word(b, r))
			return false;
		if (tk_is(b, r, "who") || tk_is(b, r, "which") || tk_is(b, r, "whose"))
			return true;
		if ((tk_lists(b, r, TK_ROOM) & LX_AUX) || tk_word_is(b, r, "that") ||
		    lex_cue(b, r, b->nt, &dummy))
			return false;
	}
	return false;
}

/* Where the clause holding token i starts, leading adverbials skipped. */
size_t st_clause_start(const struct blk *b, size_t lo, size_t i)
{
	size_t k = i;

	while (k > lo) {
		const struct tok *t = &b->t[k - 1];
		if (t->type == T_QOPEN || t->type == T_QCLOSE || (t->flags & TF_INQ))
			break;
		if (t->type == T_PUNCT && (t->cp == ';' || t->cp == ':'))
			break;
		if (t->type == T_WORD && !(t->flags & TF_CAP) &&
		    lex_word_in(b, k - 1, LW_OPENERS)) {
			/* Inside ", who asked not to be named because ...," or
			 * a participle's aside (", speaking after the vote,") */
			size_t c = k - 1;
			while (c > lo && !tk_punct(b, c - 1, ','))
				c--;
			if (!appositive_relative(b, c, k - 1) &&
			    !(c > lo && c < k - 1 && !tk_cap(b, c) && st_ing_word(b, c, TK_ROOM)))
				break;
		}
		k--;
	}
	return k;
}

/* Longest time phrase opening a sentence: "Eight years ago,", "Two
 * days later,", "Monday night,". */
#define TIME_LEAD_MAX 5

size_t st_after_colon(const struct blk *b, size_t lo, size_t z)
{
	for (size_t p = z; p > lo + 1; p--)
		if (p < b->nt && tk_punct(b, p - 1, ':') && !(b->t[p - 1].flags & TF_INQ) &&
		    b->t[p].s > b->t[p - 1].e)
			return p;
	return NONE;
}

/* Whether token i's word, as a char[room] copy has it, has more than four
 * bytes and ends in -ing. */
bool st_ing_word(const struct blk *b, size_t i, size_t room)
{
	char w[TK_ROOM_WIDE];
	size_t n = tk_copy_lower(b, i, w, room < sizeof w ? room : sizeof w);

	return n > 4 && !strcmp(w + n - 3, "ing");
}

bool st_plural_noun(const struct blk *b, size_t i)
{
	char w[TK_ROOM];
	size_t n;

	if (!tk_word(b, i) || tk_cap(b, i) || (tk_lists(b, i, TK_ROOM) & LX_ALL))
		return false;
	n = tk_copy_lower(b, i, w, sizeof w);
	return n > 3 && w[n - 1] == 's' && w[n - 2] != 's';
}

bool st_digits(const struct blk *b, size_t i)
{
	const struct tok *t;

	if (!tk_word(b, i))
		return false;
	t = &b->t[i];
	for (uint32_t k = t->s; k < t->e; k++)
		if (b->text[k] < '0' || b->text[k] > '9')
			return false;
	return true;
}

/* The comma ending a time phrase that opens at k, or NONE. */
static size_t time_lead(const struct blk *b, size_t k, size_t hi)
{
	bool timed = false;

	for (size_t i = k; i < hi && i <= k + TIME_LEAD_MAX; i++) {
		if (tk_punct(b, i, ','))
			return timed && i > k ? i : NONE;
		if (!tk_word(b, i) || (b->t[i].flags & TF_INQ))
			return NONE;
		if ((tk_lists(b, i, TK_ROOM) & LX_TIME) ||
		    lex_word_in(b, i, LW_TIME_UNITS))
			timed = true;
		else if (!lex_word_in(b, i, LW_TIME_WORDS) &&
		         !st_digits(b, i))
			return NONE;
	}
	return NONE;
}

size_t st_skip_lead(const struct blk *b, size_t k, size_t hi)
{
	for (int round = 0; round < 2 && k < hi; round++) {
		size_t c = time_lead(b, k, hi);
		if (c != NONE) {
			k = c + 1;
			continue;
		}
		/* "Even before ...,", "Here in Columbia,": an adverb, then a
		 * lead. */
		if (!(tk_lists(b, k, TK_ROOM) & LX_LEAD) &&
		    !((tk_lists(b, k, TK_ROOM) & LX_ADVERB) && k + 1 < hi &&
		      (tk_lists(b, k + 1, TK_ROOM) & LX_LEAD) && !tk_is(b, k + 1, "and") &&
		      !tk_is(b, k + 1, "but")))
			break;
		if (tk_is(b, k, "but") || tk_is(b, k, "and") || tk_is(b, k, "yet") ||
		    tk_is(b, k, "so")) {
			k++;
			continue;
		}
		size_t j = k;
		while (j < hi && !tk_punct(b, j, ',') &&
		       !(b->t[j].type == T_QCLOSE && j > 0 && tk_punct(b, j - 1, ',')))
			j++;
		if (j >= hi)
			break;
		k = j + 1;
		/* "Calling it a “first priority,” Kim said": the comma stands
		 * inside the closing mark. */
		while (k < hi && b->t[k].type == T_QCLOSE)
			k++;
	}
	return k;
}

size_t st_acronym_ent(const struct doc *d, const struct blk *b, size_t i)
{
	size_t n = b->t[i].e - b->t[i].s;
	const char *t = b->text + b->t[i].s;

	if (!d->nacro || !st_all_upper(b, i))
		return NONE;
	if (b->t[i].flags & TF_POSS)
		n -= n > 2 && t[n - 2] == '\'' ? 2 : n > 4 ? 4 : 0;
	for (size_t k = 0; k < d->nacro; k++)
		if (strlen(d->acro[k].a) == n && !memcmp(d->acro[k].a, t, n))
			return d->acro[k].ent;
	return NONE;
}

bool st_defines_acronym(const struct blk *b, size_t r0, size_t r1)
{
	size_t n, k = 0;
	const char *a;

	if (r1 < r0 + 5 || !tk_punct(b, r1 - 3, '(') || !tk_punct(b, r1 - 1, ')') ||
	    !st_all_upper(b, r1 - 2))
		return false;
	a = b->text + b->t[r1 - 2].s;
	n = b->t[r1 - 2].e - b->t[r1 - 2].s;
	if (n >= ACRONYM_LEN)
		return false;
	for (size_t i = r0; i < r1 - 3; i++) {
		if (!tk_word(b, i) || !tk_cap(b, i))
			continue; /* "of", "for" */
		if (k >= n || a[k] != b->text[b->t[i].s])
			return false;
		k++;
	}
	return k == n;
}

void st_add_acronym(struct doc *d, const struct blk *b, size_t i, size_t e)
{
	size_t n = b->t[i].e - b->t[i].s;

	if (d->nacro == ACRONYMS_MAX || n >= ACRONYM_LEN || st_acronym_ent(d, b, i) != NONE)
		return;
	memcpy(d->acro[d->nacro].a, b->text + b->t[i].s, n);
	d->acro[d->nacro].a[n] = 0;
	d->acro[d->nacro++].ent = e;
}

bool st_org_of(const struct blk *b, size_t r0, size_t ns)
{
	if (ns < r0 + 2 || !(tk_is(b, ns - 1, "of") || tk_is(b, ns - 1, "for")))
		return false;
	for (size_t k = r0; k + 1 < ns; k++) {
		unsigned l = tk_lists(b, k, TK_ROOM);
		if (l & LX_TITLE)
			return false;
		if (l & LX_ORG)
			return true;
	}
	return false;
}

size_t st_title_words(const struct blk *b, size_t t0, size_t t1)
{
	size_t long_words = 0;

	for (size_t i = t0; i < t1; i++) {
		if (!tk_word(b, i) || b->t[i].e - b->t[i].s < TITLE_LONG || !st_alpha_word(b, i))
			continue;
		if (!tk_cap(b, i))
			return 0;
		long_words++;
	}
	return long_words;
}
