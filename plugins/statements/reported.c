/*
 * reported.c: stage 5 of the extractor (see docs/statements.md,
 * "Pipeline"): reported speech without quotation marks: X said (that)
 * ...; ..., X said; according to X, ...; X accused Y of ...; X told
 * reporters ....
 *
 * Input: a sentence whose quotations frame.c has attributed (their cues
 * are marked TF_USED) and its cues (cue.c).
 * Output: indirect statements added to the document.
 *
 * Runs after frame.c on each sentence; extract.c runs it.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"
#include "rules.h"

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
	else if (e < hi && lex_word_in(b, e, LW_LISTENERS))
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
		if ((tk_lists(b, x, sizeof w) & LX_AUX) || (st_past_verb(w) && !tk_cap(b, x)))
			return e;
	}
	return NONE;
}

/* How far after a cue its "that" may stand: past an addressee ("told
 * the visiting trade delegation that"), and past an adverbial ("said in
 * a statement on Monday that"); further on, "that" belongs to another
 * phrase. */
#define ADDRESSEE_THAT_MAX 8
#define ADVERBIAL_THAT_MAX 9

/* Whether word j (w, n bytes, lowercase) of a clause that opens at token
 * k is a verb in the present, third person, after a noun or a name: "the
 * change reflects the budget", "each year yields a rise", "the place
 * prides itself".  A plural noun ends in -s too ("the city leaders"), but
 * a determiner or an object pronoun after it opens the verb's object, and
 * seldom follows a plural noun. */
static bool present_verb(const struct blk *b, size_t k, size_t j, const char *w, size_t n)
{
	if (n <= 3 || w[n - 1] != 's' || strchr("sui'", w[n - 2]) || tk_cap(b, j) || j == 0)
		return false;
	/* After a name too: "said Holm likes the new route". */
	if (!tk_word(b, j - 1) || (tk_lists(b, j - 1, TK_ROOM) & (LX_DET | LX_PREP | LX_STOP)))
		return false;
	/* "the plan hurts members", "the ticket puts senior members at
	 * risk": a clause that opens at k with a determiner and one singular
	 * noun, then a word in -s and a plain word: the verb ("the city
	 * leaders want" reads "leaders" as one, and a verb follows there too;
	 * "Ana Lind, an international relations expert" opens with no
	 * determiner).  Not at the sentence's end: "acknowledged the budget
	 * cuts." is a noun phrase. */
	if (j == k + 2 && (tk_lists(b, k, TK_ROOM) & LX_DET) && !tk_cap(b, j - 1) &&
	    b->text[b->t[j - 1].e - 1] != 's' && tk_word(b, j + 1) && !tk_cap(b, j + 1) &&
	    !(b->t[j + 1].flags & TF_INQ) &&
	    !(tk_lists(b, j + 1, TK_ROOM) & (LX_PREP | LX_STOP | LX_AUX | LX_TIME)))
		return true;
	if (!tk_word(b, j + 1) || tk_cap(b, j + 1) || (b->t[j + 1].flags & TF_INQ))
		return false;
	/* "... makes it seem", "prides itself on": an object pronoun */
	return (tk_lists(b, j + 1, TK_ROOM) & LX_DET) || tk_word_is(b, j + 1, "it") ||
	       tk_word_is(b, j + 1, "itself") || tk_word_is(b, j + 1, "them") ||
	       tk_word_is(b, j + 1, "themselves") || tk_word_is(b, j + 1, "him") ||
	       tk_word_is(b, j + 1, "us");
}

/* Where the reported clause after a cue starts, or NONE. */
static size_t complement(const struct blk *b, size_t c1, unsigned f, size_t hi)
{
	size_t k = c1 + 1, j;
	char w[32];
	unsigned l;

	if (k >= hi)
		return NONE;
	if (f & C_ADDR) {
		for (j = k; j < hi && j < k + ADDRESSEE_THAT_MAX && tk_word(b, j); j++)
			if (tk_word_is(b, j, "that") || tk_word_is(b, j, "to") ||
			    tk_word_is(b, j, "whether") ||
			    (j > k && ((tk_lists(b, j, sizeof w) & LX_PRONOUN) || pronoun_aux(b, j))))
				break;
		if (tk_is(b, j, "that") && j > k)
			return j + 1;
		if (tk_is(b, j, "whether") && j > k) /* "asked the court whether" */
			return j;
		if (j > k && ((tk_lists(b, j, sizeof w) & LX_PRONOUN) || pronoun_aux(b, j)))
			return j;
		if (j > k)
			return addressee_clause(b, k, hi);
	}
	if (tk_is(b, k, "that"))
		return k + 1;
	l = tk_lists(b, k, sizeof w);
	if ((l & (LX_PREP | LX_ADVERB | LX_TIME)) || comma_at(b, k)) {
		for (j = k; j < hi && j < k + ADVERBIAL_THAT_MAX; j++) {
			size_t dummy;
			/* "agreed with that point", "concluded in that case
			 * that ...": after a preposition, "that" is a
			 * determiner. */
			if (tk_is(b, j, "that") && j > k && (tk_lists(b, j - 1, TK_ROOM) & LX_PREP))
				continue;
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
	/* "As the mayor said this, the crowd cheered", "said it.": the
	 * object, no clause. */
	if ((tk_word_is(b, k, "this") || tk_word_is(b, k, "it")) &&
	    (k + 1 >= hi || comma_at(b, k + 1) || tk_punct(b, k + 1, '.')))
		return NONE;
	/* "said nothing", "said little, offering only ...": no clause, unless
	 * a verb follows at once ("said nothing would change"). */
	if (lex_word_in(b, k, LW_NO_CONTENT)) {
		wl(b, k + 1, w, sizeof w);
		if (!tk_word(b, k + 1) ||
		    !((tk_lists(b, k + 1, sizeof w) & LX_AUX) || st_past_verb(w)))
			return NONE;
	}
	if ((l & (LX_PRONOUN | LX_AUX)) ||
	    lex_word_in(b, k, LW_CLAUSE_OPENERS))
		return k;
	for (j = k + 1; j < hi && j < k + 14; j++) {
		size_t n, dummy;
		if (is_mark(b, j) || (tk_punct(b, j, '.') && !tk_abbrev_dot(b, j)) ||
		    tk_punct(b, j, ';'))
			break;
		/* "announced its plans to build …, which …": for a cue that
		 * as often takes an object, a comma or an infinitive before
		 * the verb means no clause. */
		if ((f & C_RBARE) && (comma_at(b, j) || tk_word_is(b, j, "to")))
			break;
		if (!tk_word(b, j))
			continue;
		wl(b, j, w, sizeof w);
		n = strlen(w);
		/* A verb of saying or thinking after a plural noun is its verb
		 * ("said his friends feel the same"). */
		if ((tk_lists(b, j, sizeof w) & LX_AUX) || (st_past_verb(w) && !tk_cap(b, j)) ||
		    (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && !tk_cap(b, j) &&
		     tk_word(b, j - 1) && tk_cap(b, j - 1) && j - 1 > k) ||
		    present_verb(b, k, j, w, n) ||
		    (j > k && !tk_cap(b, j) && st_plural_noun(b, j - 1) &&
		     (lex_cue(b, j, hi, &dummy) & (C_SAY | C_CLAUSE))))
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
		st_add_statement(d, ST_INDIRECT, ent, b, b->t[st].s, b->t[end - 1].e, cue);
}

/* The most tokens an attribution set off by commas inside a sentence may
 * take ("The plan, an adviser to the mayor said, is ..."): as long as the
 * attributions parse_trailer reads after a clause. */
#define MID_ATTR_MAX 14

/* Whether tokens [a, z), set off by commas, can be an attribution and
 * nothing more: a speaker and a say-type cue that takes a clause, and
 * after it a speaker or an adverbial, never an object or an infinitive
 * ("the mayor avoided all mention of ...", "the chairman announced four votes
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
		if (!tk_cap(b, c) && st_past_verb(w))
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

/* Whether tokens [a, z) hold a finite verb and what follows it: an
 * auxiliary or a past form ("the ferry ran late"), not after "to" ("to
 * hit its target") and not last ("It was, she said, ..."). */
static bool finite_verb_in(const struct blk *b, size_t a, size_t z)
{
	char w[TK_ROOM];

	for (size_t k = a; k + 1 < z; k++) {
		if (!tk_word(b, k) || tk_cap(b, k) || (k > a && tk_word_is(b, k - 1, "to")))
			continue;
		wl(b, k, w, sizeof w);
		if ((tk_lists(b, k, sizeof w) & LX_AUX) || st_past_verb(w))
			return true;
	}
	return false;
}

/* Whether the words from token k on, after an attribution set off by
 * commas, are the attribution's own: an apposition to the speaker ("...,
 * said Ana Ruiz, a clerk at the port"), a relative clause on it ("...,
 * who ..."), or when or where it was said ("..., the agency said on
 * Monday, two days after the vote").  They open with a determiner or a
 * number, a preposition, a time word or a relative pronoun. */
#define TAIL_PREP_REACH 3 /* "in a written statement" */

static bool attribution_tail(const struct blk *b, size_t k)
{
	size_t last;

	if (!tk_word(b, k) || (b->t[k].flags & TF_INQ))
		return false;
	if (tk_word_is(b, k, "who") || tk_word_is(b, k, "whose") || tk_word_is(b, k, "which"))
		return true;
	if (tk_lists(b, k, TK_ROOM) & LX_TIME)
		return true;
	/* "it is her job, she said, to ...", "proof, he argued, of ...":
	 * the clause goes on. */
	if (tk_word_is(b, k, "to") || tk_word_is(b, k, "of") || tk_cap(b, k))
		return false;
	/* "..., on Monday", "..., in a statement", "..., on condition of
	 * anonymity": a preposition is the attribution's when a time or a
	 * document follows it at once; "..., by 40 percent" is the
	 * clause's. */
	if (tk_lists(b, k, TK_ROOM) & LX_PREP) {
		for (size_t t = k + 1; t < k + 1 + TAIL_PREP_REACH && tk_word(b, t); t++)
			if ((tk_lists(b, t, TK_ROOM) & (LX_TIME | LX_DOC)) || tk_word_is(b, t, "condition"))
				return true;
		return false;
	}
	/* A noun phrase is the speaker's apposition when the attribution
	 * ends with the speaker ("said Ana Ruiz, a clerk"); after the cue
	 * ("..., officials said, the first of them ...") it is the
	 * clause's. */
	return (tk_lists(b, k, TK_ROOM) & LX_DET) && k >= 2 &&
	       !lex_cue(b, k - 2, k - 1, &last);
}

static unsigned reported_flags(unsigned f);
static size_t contrast_end(const struct blk *b, const struct sent *s, size_t st);

/* "A, Ruiz said, adding that B": when the participle at token k is a cue
 * that reports a clause, B is the same speaker's (entity ent). */
static void participle_clause(struct doc *d, const struct blk *b, const struct sent *s,
                              size_t k, size_t ent)
{
	size_t last, st;
	unsigned f = lex_cue(b, k, s->t1, &last);
	char *cue;

	if (!(f & C_ING) || !(reported_flags(f) & C_CLAUSE) ||
	    (st = complement(b, last, reported_flags(f), s->t1)) == NONE)
		return;
	if ((cue = text_dup(d, b, k, last)) == NULL)
		return;
	d->frame = ST_FR_CLAUSE;
	emit_clause(d, b, ent, st, contrast_end(b, s, st), cue);
	d->frame = ST_FR_CLAUSE_AROUND;
	free(cue);
}

/* "A, X said, B": an attribution between commas inside the sentence.  The
 * reported clause is A and B; a statement is one span, so it is the whole
 * sentence, the attribution inside it.  When B is a participle ("Sales were
 * good, he said, pointing to ..."), it is the reporter's, and A alone is the
 * clause; so is it when A is a clause of its own (it has a finite verb) and
 * B belongs to the attribution (attribution_tail). */
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
		if (!attribution_only(b, p + 1, q) || !st_parse_trailer(d, b, s, p + 1, q, true, at))
			continue;
		d->frame = ST_FR_CLAUSE_AROUND;
		if (st_ing_word(b, q + 1, TK_ROOM) ||
		    (attribution_tail(b, q + 1) && finite_verb_in(b, s->t0, p))) {
			emit_clause(d, b, at->ent, s->t0, p, at->cue);
			participle_clause(d, b, s, q + 1, at->ent);
		} else {
			emit_clause(d, b, at->ent, s->t0, s->t1, at->cue);
		}
		return true;
	}
	return false;
}

/* Whether token j is a verb in the present that finite_verb_in does not
 * see ("Cutting the levy means fewer buses", "denied that it constitutes
 * torture"): a lowercase word in -s between two plain words, not after a
 * determiner or a preposition ("to reporters") and not before one or a
 * relative ("Rallying workers who ..."), where a plural noun stands. */
static bool plain_s_verb(const struct blk *b, size_t j)
{
	char w[TK_ROOM];
	size_t n;

	if (j == 0 || !tk_word(b, j) || tk_cap(b, j) || !tk_word(b, j - 1) ||
	    !tk_word(b, j + 1) || tk_cap(b, j + 1))
		return false;
	n = tk_copy_lower(b, j, w, sizeof w);
	return n > 3 && w[n - 1] == 's' && !strchr("sui'", w[n - 2]) &&
	       !(tk_lists(b, j - 1, TK_ROOM) & (LX_DET | LX_PREP | LX_STOP)) &&
	       !(tk_lists(b, j + 1, TK_ROOM) & (LX_PREP | LX_STOP));
}

/* Whether some token in [a, z) is a plain_s_verb. */
static bool plain_s_verb_in(const struct blk *b, size_t a, size_t z)
{
	for (size_t j = a; j < z; j++)
		if (plain_s_verb(b, j))
			return true;
	return false;
}

/* Whether tokens [a, z) open with a participle's phrase ("Speaking at the
 * rally"), not a gerund that is a clause's subject ("Seeing his brother
 * suffer led him to ...", "Cutting the levy means ..."): no finite verb,
 * past or present, before a relative clause. */
static bool participle_lead(const struct blk *b, size_t a, size_t z)
{
	size_t r = a + 1;

	if (!(tk_lists(b, a, TK_ROOM) & LX_LEAD) || !st_ing_word(b, a, TK_ROOM))
		return false;
	while (r < z && !(tk_is(b, r, "who") || tk_is(b, r, "which") || tk_is(b, r, "that")))
		r++;
	if (finite_verb_in(b, a, r + 1 < z ? r + 1 : z))
		return false;
	/* "Cutting the levy means ...", from after the participle's own
	 * object ("Addressing supporters at ..."). */
	return !plain_s_verb_in(b, a + 2, r - 1);
}

/* Whether tokens [a, z) are an introductory adverbial and no clause: a
 * phrase opened by a preposition, a subordinator or a participle ("On the
 * second day of the inquiry", "But even after the mill closed", "Speaking
 * at the rally") with no comma inside,
 * which is where its clause would follow. */
static bool adverbial_only(const struct blk *b, size_t a, size_t z)
{
	if (tk_word_is(b, a, "but") || tk_word_is(b, a, "and"))
		a++;
	if (tk_word_is(b, a, "even") || tk_word_is(b, a, "only"))
		a++;
	if (a >= z || !tk_word(b, a) ||
	    !((tk_lists(b, a, TK_ROOM) & LX_PREP) || st_subordinator(b, a) ||
	      participle_lead(b, a, z)))
		return false;
	for (size_t k = a + 1; k < z; k++)
		if (comma_at(b, k))
			return false;
	return true;
}

/* "The years that followed, she said, brought a change": after the
 * attribution that starts at token k and its comma, the clause's own verb
 * (a past form or an auxiliary, no participle) resumes it, as does "to"
 * and a verb ("It was her task, she said, to keep ..."); the reported
 * clause is then the whole sentence: its end, or NONE. */
static size_t resumed_clause(const struct blk *b, const struct sent *s, size_t k)
{
	char w[TK_ROOM];
	size_t q = k;

	while (q < s->t1 && !comma_at(b, q))
		q++;
	if (q + 1 >= s->t1 || !tk_word(b, q + 1) || tk_cap(b, q + 1) ||
	    !attribution_only(b, k, q))
		return NONE;
	tk_copy_lower(b, q + 1, w, sizeof w);
	if (tk_word_is(b, q + 1, "to") && tk_word(b, q + 2) && !tk_cap(b, q + 2))
		return s->t1;
	if (!(tk_lists(b, q + 1, sizeof w) & LX_AUX) && !st_past_verb(w))
		return NONE;
	return s->t1;
}

/* Whether tokens [a, z) are a description and a name set off by a comma
 * and nothing more ("A second juror, Martin Okonjo of Westbury"): no
 * reported clause, though a cue with an object follows ("described the
 * mood").
 * A description has at most APPOS_WORDS words; the name is capitalised
 * words, joined by "of", "for" or "the". */
#define APPOS_WORDS 3

static bool apposition_only(const struct blk *b, size_t a, size_t z)
{
	size_t c = a;

	while (c < z && !comma_at(b, c))
		c++;
	if (c == a || c >= z || c - a > APPOS_WORDS)
		return false;
	for (size_t k = c + 1; k < z; k++)
		if (!(tk_cap(b, k) || tk_is(b, k, "of") || tk_is(b, k, "for") || tk_is(b, k, "the") ||
		      (comma_at(b, k) && k + 1 == z)))
			return false;
	return c + 1 < z;
}

/* "Ana Lind, chair of the board, said the levy ...", "Sen. Ana Lind,
 * speaking on the radio, said ...": a person's name, an aside between
 * commas and a cue after the second: the name is the cue's subject, and
 * nothing before the cue is a reported clause (it has no finite verb),
 * nor what follows the cue an inverted speaker. */
static bool name_then_aside(const struct blk *b, const struct sent *s, size_t first_comma)
{
	size_t q = first_comma + 1, dummy;

	while (q < s->t1 && !comma_at(b, q))
		q++;
	if (q + 1 >= s->t1 || q < first_comma + 2 || !lex_cue(b, q + 1, s->t1, &dummy) ||
	    finite_verb_in(b, s->t0, q))
		return false;
	return st_is_person_name(b, st_name_start(b, s->t0, first_comma), first_comma);
}

static bool clause_first(struct doc *d, const struct blk *b, const struct sent *s)
{
	struct attr at = { NONE, NULL, NONE };
	size_t tried = 0;
	bool ok = false;

	size_t sub = s->t0 + (tk_word_is(b, s->t0, "even") ? 1 : 0), first_comma = s->t0;

	/* "Even though the park allows it, the women say officers …": the
	 * adverbial clause before the first comma is no reported clause. */
	while (first_comma < s->t1 && !comma_at(b, first_comma))
		first_comma++;
	if (name_then_aside(b, s, first_comma))
		return false;
	for (size_t k = s->t1; k > s->t0 + 4 && tried < 2; k--) {
		if (!comma_at(b, k - 1))
			continue;
		tried++;
		if ((k - 1 == first_comma && st_subordinator(b, sub)) ||
		    adverbial_only(b, s->t0, k - 1))
			continue;
		if (apposition_only(b, s->t0, k - 1))
			continue;
		if (st_parse_trailer(d, b, s, k, s->t1, true, &at)) {
			size_t z = resumed_clause(b, s, k);
			d->frame = z == NONE ? ST_FR_CLAUSE_FIRST : ST_FR_CLAUSE_AROUND;
			emit_clause(d, b, at.ent, s->t0, z == NONE ? k - 1 : z, at.cue);
			ok = true;
			break;
		}
	}
	if (!ok)
		ok = clause_around(d, b, s, &at);
	free(at.cue);
	return ok;
}

/* A cue's flags as reported speech reads them (C_RBARE, C_RNP). */
static unsigned reported_flags(unsigned f)
{
	if (f & C_RBARE)
		f |= C_CLAUSE | C_BARE;
	if (f & C_RNP)
		f |= C_CLAUSE | C_NP;
	return f;
}

/* Whether a new clause with its own subject opens at token k: a pronoun,
 * a determiner, a name or a number, then, before any comma and within
 * NEW_CLAUSE_VERB_MAX words, an auxiliary, a past form or a cue ("and
 * he railed", "and the market did", "and more than 4 in 10 said").
 * After a cue in the past (past_cue), a clause in the present ("said the
 * fares were too high, and the company has to cut them") goes on with
 * what was said: the reporter's own next clause would be in the past. */
#define NEW_CLAUSE_VERB_MAX 6

static bool new_clause_at(const struct blk *b, size_t k, size_t hi, bool past_cue)
{
	char w[TK_ROOM];
	size_t dummy;

	if (!tk_word(b, k) || (b->t[k].flags & TF_INQ) ||
	    !((tk_lists(b, k, TK_ROOM) & (LX_PRONOUN | LX_DET)) || tk_cap(b, k) || st_digits(b, k)))
		return false;
	for (size_t j = k + 1; j < hi && j <= k + NEW_CLAUSE_VERB_MAX && tk_word(b, j); j++) {
		if (tk_cap(b, j))
			continue;
		tk_copy_lower(b, j, w, sizeof w);
		if ((tk_lists(b, j, sizeof w) & LX_AUX) || st_past_verb(w) ||
		    (lex_cue(b, j, hi, &dummy) & C_SAY))
			return !(past_cue && lex_word_in(b, j, LW_PRESENT_AUX));
	}
	return false;
}

/* Whether the cue before a reported clause that starts at token st is in
 * the past: "said", "told reporters that" ("that" skipped). */
static bool past_cue_before(const struct blk *b, size_t st)
{
	char w[TK_ROOM];
	size_t c = st;

	if (c > 0 && tk_is(b, c - 1, "that"))
		c--;
	if (c == 0 || !tk_word(b, c - 1))
		return false;
	tk_copy_lower(b, c - 1, w, sizeof w);
	return st_past_verb(w) || lex_word_in(b, c - 1, LW_PAST_SAID);
}

/* "X has said he will back the branch, but he has not pledged money": a
 * comma and a contrasting conjunction ("but", "though", "although",
 * "while", "whereas"), or a semicolon, before a new subject (a pronoun, a
 * name, a determiner) end the reported clause that starts at st; the reporter's
 * words follow.  So do ", and" before a clause with its own subject and
 * verb (new_clause_at), unless an earlier comma makes it a list, and
 * ", however".  A relative clause or a comparison at the end stays in the
 * clause (case reported-which-stays): who said it cannot be told.
 * The sentence's end when there is none. */
static size_t contrast_end(const struct blk *b, const struct sent *s, size_t st)
{
	/* "Although Ruiz said that A, she seems uneasy": the reported clause
	 * is inside the sentence's opening subordinate clause, which its
	 * comma and the main clause's subject end. */
	size_t f0 = s->t0;
	bool sub, list_comma = false; /* a comma before: "A, B, and C" is a list */

	/* "However, while the guild says A, B": after an opening adverb. */
	if (tk_word(b, f0) && comma_at(b, f0 + 1) && (tk_lists(b, f0, TK_ROOM) & LX_ADVERB))
		f0 += 2;
	sub = st_subordinator(b, f0) && !tk_word_is(b, f0, "as");
	/* "When asked, X said A, B": the cue is the main clause's. */
	for (size_t p = f0; p < st && sub; p++)
		sub = !comma_at(b, p);

	for (size_t p = st + 2; p + 2 < s->t1; p++) {
		size_t c = p + 1;
		if (p > st + 2 && comma_at(b, p - 1))
			list_comma = true;
		if (tk_punct(b, p, ';') && !(b->t[p].flags & TF_INQ))
			c = p;
		else if (comma_at(b, p) && tk_word_is(b, p + 1, "even") &&
		         (tk_word_is(b, p + 2, "though") || tk_word_is(b, p + 2, "if")))
			return p; /* ", even though many of its backers are wary" */
		else if (comma_at(b, p) && tk_word_is(b, p + 1, "as") &&
		         (tk_lists(b, p + 2, TK_ROOM) & LX_AUX) && tk_cap(b, p + 3))
			return p; /* "..., as has Ana Ruiz": another who did the same */
		else if (sub && comma_at(b, p))
			c = p;
		else if (comma_at(b, p) && tk_word_is(b, p + 1, "however") &&
		         (finite_verb_in(b, st, p + 1) || plain_s_verb_in(b, st, p)))
			return p; /* "..., however, the vote was close": the reporter's;
			           * "said the plan, however, would fail": before
			           * its verb, an aside in the clause */
		else if (comma_at(b, p) && tk_word_is(b, p + 1, "and") && !list_comma &&
		         new_clause_at(b, p + 2, s->t1, past_cue_before(b, st)))
			return p; /* "..., and the market did nothing": a clause of its own */
		else if (!comma_at(b, p) ||
		         !(tk_word_is(b, p + 1, "but") || tk_word_is(b, p + 1, "though") ||
		           tk_word_is(b, p + 1, "although") || tk_word_is(b, p + 1, "while") ||
		           tk_word_is(b, p + 1, "whereas")))
			continue;
		if (tk_word(b, c + 1) && !(b->t[c + 1].flags & TF_INQ) &&
		    ((tk_lists(b, c + 1, TK_ROOM) & (LX_PRONOUN | LX_DET)) || tk_cap(b, c + 1) ||
		     st_digits(b, c + 1)))
			return p; /* "; 62 percent of those ..." */
	}
	return s->t1;
}

/* The token before the cue at c0 that opens its relative clause ("who
 * said", "who has said", "who also said"), or NONE. */
static size_t who_before(const struct blk *b, size_t c0)
{
	size_t p = c0;

	if (p > 0 && tk_word(b, p - 1) && (tk_lists(b, p - 1, TK_ROOM) & (LX_AUX | LX_ADVERB)))
		p--;
	return p >= 1 && tk_word_is(b, p - 1, "who") ? p - 1 : NONE;
}

/* Whether the cue at c0 opens a relative clause set off by a comma: "Ana
 * Ruiz, who says the depot is too small, argued that ...", "a farmer, who
 * has said he drove in from ...". */
static bool relative_cue(const struct blk *b, size_t c0)
{
	size_t w = who_before(b, c0);

	return w != NONE && w >= 1 && comma_at(b, w - 1);
}

/* "“…,” said Ana Ruiz, the head of the Dahl Trust, who said B": a "who"
 * after a role (a phrase from the last comma that opens with a determiner
 * or a title) in the attribution of an inverted quotation stands for the
 * quotation's speaker, not for the last name in the role.  That speaker,
 * or NONE. */
static size_t role_who_speaker(const struct doc *d, const struct blk *b, const struct sent *s,
                               size_t c0)
{
	size_t w = who_before(b, c0), a, t, last;
	const struct stmt *q = NULL;

	if (w == NONE || w < 2)
		return NONE;
	a = comma_at(b, w - 1) ? w - 1 : w;
	while (a > s->t0 && a + 16 > w && tk_word(b, a - 1))
		a--;
	if (!tk_word(b, a) || !(tk_lists(b, a, TK_ROOM) & (LX_DET | LX_TITLE)))
		return NONE;
	for (size_t i = d->nst; i-- > 0;) {
		const struct stmt *x = &d->st[i];
		if (x->block != b->index || x->start < b->t[s->t0].s)
			break;
		if (x->kind != ST_INDIRECT && x->frame == ST_FR_TRAILER && x->end <= b->t[a].s) {
			q = x;
			break;
		}
	}
	if (!q)
		return NONE;
	/* Inverted: the cue right after the closing mark and its comma. */
	for (t = s->t0; t < a && b->t[t].s < q->end; t++)
		;
	while (t < a && (is_mark(b, t) || comma_at(b, t) || !tk_word(b, t)))
		t++;
	return t < a && (lex_cue(b, t, a, &last) & C_SAY) ? q->ent : NONE;
}

/* Whether token j can begin the predicate of the main clause a relative
 * clause interrupted: a lowercase cue, auxiliary, past verb or verb in -s
 * (", argued that", ", has asked", ", joined the strike", ", wants ..."). */
static bool predicate_at(const struct blk *b, size_t j, size_t hi)
{
	char w[TK_ROOM];
	size_t n, dummy;

	if (j >= hi || !tk_word(b, j) || tk_cap(b, j))
		return false;
	n = tk_copy_lower(b, j, w, sizeof w);
	return (lex_cue(b, j, hi, &dummy) & (C_SAY | C_CLAUSE | C_LABEL)) ||
	       (tk_lists(b, j, sizeof w) & LX_AUX) || st_past_verb(w) ||
	       (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
	        !(tk_lists(b, j, sizeof w) & (LX_PRONOUN | LX_DET | LX_PREP | LX_STOP)));
}

/* Whether "according to Y" ending at token c1 is an aside closed by a
 * comma the clause's predicate follows. */
static bool accord_aside(const struct blk *b, size_t c1, size_t hi)
{
	for (size_t p = c1 + 1; p + 1 < hi; p++)
		if (comma_at(b, p))
			return predicate_at(b, p + 1, hi);
	return false;
}

/* Where the clause reported by cues[k], starting at token st, ends: before
 * a second attribution of the sentence ("X said A, and Y said B", "X says
 * A and says B") or a participle cue after a comma ("X said A, adding
 * B"), which report clauses of their own; else at the sentence's end. */
static size_t clause_end(const struct blk *b, const struct sent *s, const struct cue *cues,
                         size_t n, size_t k, size_t st)
{
	/* A relative clause's report ends where the relative clause does:
	 * at the comma before the main clause's verb, or a dash; or at the
	 * comma before the next antecedent ("Mr. Ruiz, who said A, and Ms.
	 * Holm, who said B, are ...").  A comma after another comma of the
	 * clause may close an apposition of its own ("who said the chief, a
	 * former judge, would resign"): no end there. */
	if (relative_cue(b, cues[k].c0)) {
		size_t last = NONE;
		for (size_t p = st + 2; p + 1 < s->t1; p++) {
			if (tk_dash(b, p) ||
			    (comma_at(b, p) && last == NONE && predicate_at(b, p + 1, s->t1)))
				return p;
			if (comma_at(b, p) && tk_word_is(b, p + 1, "who"))
				return last != NONE ? last : p;
			if (comma_at(b, p))
				last = p;
		}
	}
	for (size_t j = k + 1; j < n; j++) {
		const struct cue *c = &cues[j];
		struct np np;
		size_t p;
		if (c->c0 < st + 2)
			continue;
		/* "X said A and urged B", "X said A but added that B": a cue
		 * joined to the first shares its subject and ends its clause. */
		p = c->c0 - 1;
		if (tk_word_is(b, p, "also") || tk_word_is(b, p, "then"))
			p--;
		if (p > st + 1 && (tk_word_is(b, p, "and") || tk_word_is(b, p, "but")))
			return comma_at(b, p - 1) ? p - 1 : p;
		/* "X says A, according to Y": Y's words are not X's.  Not
		 * an aside inside the clause ("said the mill, according to
		 * its owners, will close"): a comma and a predicate after it. */
		if ((c->flags & C_ACCORD) && comma_at(b, c->c0 - 1) && !accord_aside(b, c->c1, s->t1))
			return c->c0 - 1;
		if (!(reported_flags(c->flags) & C_CLAUSE))
			continue;
		if (c->flags & C_ING) {
			/* ", adding B", " - noting that B" */
			if (comma_at(b, c->c0 - 1) || tk_dash(b, c->c0 - 1))
				return c->c0 - 1;
			continue;
		}
		switch (st_subject_left(b, s->t0, s->t1, c->c0, c->c1, c->flags, &np)) {
		case SUBJ_NP:
			if (np.n0 < st + 2)
				continue;
			p = np.n0 - 1;
			break;
		case SUBJ_MAIN:
			p = st_skip_adv_left(b, st, c->c0 - 1);
			if (p == NONE || p < st + 2)
				continue;
			break;
		default:
			continue;
		}
		if (tk_word_is(b, p, "and") || tk_word_is(b, p, "but") || tk_word_is(b, p, "while") ||
		    tk_word_is(b, p, "whereas"))
			return comma_at(b, p - 1) ? p - 1 : p;
		if (comma_at(b, p) || tk_punct(b, p, ';'))
			return p;
	}
	return contrast_end(b, s, st);
}

/* Where a reported clause that runs into a quotation of the same sentence
 * ends: "X said A, adding: “…”", "X said A but added, “…”", "X said A and
 * then told reporters: “…”".  Walking back from the quotation over its own
 * introduction (marks, cue words, conjunctions, pronouns) must pass a cue
 * or a colon; with neither ("X said A was “a disaster”"), the quotation is
 * part of the clause and no indirect row is written: NONE. */
static size_t before_quote(const struct blk *b, size_t st, size_t q0)
{
	size_t e = q0, dummy;
	bool intro = false;

	while (e > st) {
		size_t t = e - 1;
		if (tk_punct(b, t, ':')) {
			intro = true;
		} else if (!tk_word(b, t)) {
			if (is_mark(b, t) || tk_punct(b, t, '.') || tk_punct(b, t, ';'))
				break;
		} else if (!tk_cap(b, t) && lex_cue(b, t, q0, &dummy)) {
			intro = true;
		} else if (!(tk_word_is(b, t, "and") || tk_word_is(b, t, "but") ||
		             tk_word_is(b, t, "then") || tk_word_is(b, t, "also") ||
		             (tk_lists(b, t, TK_ROOM) & LX_PRONOUN))) {
			break;
		}
		e = t;
	}
	return intro && e > st + 2 ? e : NONE;
}

/* "She was asked whether …", "when told that …", "he was urged to …": a
 * passive cue's subject is the listener, not the speaker, and the words
 * before it name no one who said the clause. */
static bool passive_cue(const struct blk *b, size_t c0)
{
	static const char *const before[] = { "was", "were", "is", "are", "be", "been",
	                                      "being", "when", "if", "once", "unless" };
	char w[TK_ROOM];

	if (c0 == 0 || !tk_word(b, c0 - 1))
		return false;
	tk_copy_lower(b, c0 - 1, w, sizeof w);
	for (size_t k = 0; k < sizeof before / sizeof *before; k++)
		if (!strcmp(w, before[k]))
			return true;
	return false;
}

static void reported_speech_in(struct doc *d, struct blk *b, const struct sent *s);

void st_reported_speech(struct doc *d, struct blk *b, const struct sent *s)
{
	d->clause = true;
	reported_speech_in(d, b, s);
	d->clause = false;
}

/* "As the Gazette reported on Monday, A": an attribution set off by "as"
 * and a comma opens the sentence, and the clause after the comma is the
 * speaker's.  Not "As the mayor said this, A" (an object: no attribution
 * alone) nor "As he spoke, A" (no cue). */
static bool as_said_first(struct doc *d, const struct blk *b, const struct sent *s)
{
	size_t lead = s->t0, k, last, ent;
	unsigned f = 0;
	char *cue;

	/* "But as ...": a conjunction first. */
	if (tk_word_is(b, lead, "but") || tk_word_is(b, lead, "and"))
		lead++;
	if (!tk_word_is(b, lead, "as"))
		return false;
	for (k = lead + 1; k < s->t1 && k <= lead + MID_ATTR_MAX && !comma_at(b, k); k++)
		if (!tk_word(b, k))
			return false;
	if (k >= s->t1 || !comma_at(b, k) || k < lead + 3 || !attribution_only(b, lead + 1, k) ||
	    !finite_verb_in(b, k + 1, s->t1))
		return false;
	/* "As to Lund's claims, Ware insists that A": the clause after the
	 * comma reports on its own. */
	for (size_t c = k + 1; c < s->t1; c++)
		if (tk_word(b, c) && (lex_cue(b, c, s->t1, &last) & (C_SAY | C_CLAUSE)))
			return false;
	for (size_t c = lead + 1; c < k; c++)
		if (tk_word(b, c) && (f = lex_cue(b, c, k, &last)) && (f & C_SAY)) {
			struct np np;
			/* The speaker right after "as" ("As easy as it may
			 * seem to ... claims" has none), and after the cue no
			 * clause of its own ("hints at what it might do"). */
			if (st_subject_left(b, s->t0, s->t1, c, last, f, &np) != SUBJ_NP ||
			    np.n0 != lead + 1)
				return false;
			for (size_t x = last + 1; x < k; x++)
				if ((tk_lists(b, x, TK_ROOM) & LX_AUX) || tk_word_is(b, x, "what") ||
				    tk_word_is(b, x, "how") || tk_word_is(b, x, "who"))
					return false;
			ent = st_cue_speaker(d, b, s, c, last, f);
			if (ent == NONE || (cue = text_dup(d, b, c, last)) == NULL)
				return false;
			d->frame = ST_FR_CLAUSE;
			emit_clause(d, b, ent, k + 1, s->t1, cue);
			free(cue);
			return true;
		}
	return false;
}

/* How many words a title before a name and its comma may have: "His
 * campaign manager, Lena Ortiz, says". */
#define TITLE_FIRST_MAX 6

/* Whether the sentence opens with its subject and a cue that reports a
 * clause, before token `before`: "Lena Ortiz says A", "His campaign
 * manager, Lena Ortiz, says A" (not "Voters who believe that A", a
 * relative clause's cue). */
static bool says_first(const struct blk *b, const struct sent *s, const struct cue *cues,
                       size_t n, size_t before)
{
	size_t lead = st_skip_lead(b, s->t0, s->t1);
	struct np np;

	for (size_t k = 0; k < n && cues[k].c1 < before; k++) {
		if ((cues[k].flags & (C_ACCORD | C_ING)) ||
		    !(reported_flags(cues[k].flags) & C_CLAUSE) ||
		    st_subject_left(b, s->t0, s->t1, cues[k].c0, cues[k].c1, cues[k].flags, &np) !=
		            SUBJ_NP ||
		    np.n0 < lead)
			continue;
		if (np.n0 == lead)
			return true;
		if (np.n0 > lead + TITLE_FIRST_MAX || !comma_at(b, np.n0 - 1))
			continue;
		size_t x = lead;
		while (x < np.n0 - 1 && tk_word(b, x))
			x++;
		if (x == np.n0 - 1)
			return true;
	}
	return false;
}

/* Whether the first auxiliary or past form in [p, z) comes right after a
 * comma: "the report, Harbour Lights: A Plan for 2030, was chosen" (the
 * colon is inside a title set off by commas). */
static bool verb_after_comma(const struct blk *b, size_t p, size_t z)
{
	char w[TK_ROOM];

	for (size_t k = p; k < z; k++) {
		if (!tk_word(b, k) || tk_cap(b, k))
			continue;
		tk_copy_lower(b, k, w, sizeof w);
		if ((tk_lists(b, k, sizeof w) & LX_AUX) || st_past_verb(w))
			return k > 0 && comma_at(b, k - 1);
	}
	return false;
}

/* Where the clause before token z starts when the sentence's first words
 * introduce it and a colon ends them ("At the same time, the tax did not
 * hurt: London kept its lead, according to X"): after the last colon in
 * [a, z) outside quotation marks, a space after it ("10:03" is a time) and
 * a finite verb before z (not a list: "the records of three aides: A, B
 * and C"), or a. */
static size_t after_colon(const struct blk *b, size_t a, size_t z)
{
	for (size_t p = st_after_colon(b, a, z); p != NONE; p = st_after_colon(b, a, p - 1))
		if (tk_word(b, p) && finite_verb_in(b, p, z + 1) && !verb_after_comma(b, p, z))
			return p;
	return a;
}

static void reported_speech_in(struct doc *d, struct blk *b, const struct sent *s)
{
	const struct cue *cues;
	size_t n, lo = s->t0, q0 = NONE, lead, order[MAX_CUES], m = 0;
	char *cue;

	for (size_t i = s->t0; i < s->t1; i++) {
		if (b->t[i].type == T_QOPEN) {
			lo = NONE;
			if (q0 == NONE)
				q0 = i;
		}
		if (b->t[i].type == T_QCLOSE)
			lo = i + 1;
	}
	if (lo == s->t0 && (clause_first(d, b, s) || as_said_first(d, b, s)))
		return;
	cues = st_cues_of(d, b, s, &n);
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
		/* A cue before the sentence's first quotation reports a clause
		 * that ends before it (before_quote); other cues need the
		 * quotations behind them. */
		bool pre = q0 != NONE && c->c1 < q0 && (lo == NONE || c->c0 < lo);
		if ((!pre && (lo == NONE || c->c0 < lo)) || (b->t[c->c0].flags & TF_USED) ||
		    (pre && (c->flags & (C_ACCORD | C_OBJOF))))
			continue;
		if (c->flags & C_ACCORD) {
			size_t ne = st_np_right(b, c->c1 + 1, s->t1);
			struct np np = { b, c->c1 + 1, ne, 0, 0, NONE };
			if (ne <= c->c1 + 1)
				continue;
			/* "according to estimates by the ministry", "figures from
			 * the agency": the source is the agent after by/from. */
			if (tk_is(b, ne, "by")) {
				size_t n2 = st_np_right(b, ne + 1, s->t1);
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
				/* "X says A, according to Y": the clause is X's,
				 * and its report ends at that comma. */
				if (says_first(b, s, cues, n, c->c0))
					continue;
				st = after_colon(b, s->t0, c->c0 - 1);
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
			ent = st_cue_speaker(d, b, s, c->c0, c->c1, c->flags);
			d->frame = ST_FR_OBJECT_OF;
		} else if (reported_flags(c->flags) & C_CLAUSE) {
			if (passive_cue(b, c->c0))
				continue;
			st = complement(b, c->c1, reported_flags(c->flags), s->t1);
			if (st == NONE)
				continue;
			/* "reported that, according to Y, A": from "according". */
			if (comma_at(b, st) && st + 1 < s->t1 && tk_word(b, st + 1))
				st++;
			ent = role_who_speaker(d, b, s, c->c0);
			if (ent == NONE)
				ent = st_cue_speaker(d, b, s, c->c0, c->c1, c->flags);
			end = clause_end(b, s, cues, n, k, st);
			if (pre && end > q0) {
				end = before_quote(b, st, q0);
				if (end == NONE)
					continue;
			}
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
		if (!pre)
			lo = end; /* the attribution after the clause reports its own */
	}
}
