/*
 * frame.c: stage 4 of the extractor (see docs/statements.md, "Pipeline"):
 * the attribution frames of quotations.  For every quotation of a
 * sentence it decides whether it is a direct quotation and how it is
 * attributed: after it (“…,” X said), before it (X said: “…”), by a
 * colon speaker (X: “…”), by a dash signature (“…” — X), or carried over
 * from the previous paragraph's speaker; or a partial quotation inside
 * the reporter's sentence (X called it “…”), which a quoted title or a
 * scare-quoted term that no one is said to say is not.  It also notes
 * who issued "the statement" a later sentence cites.
 *
 * Input: a sentence, its quotation spans (text.c) and cues (cue.c).
 * Output: statements added to the document (st_add_statement), the
 * cues they used marked TF_USED so reported.c does not take them again.
 *
 * Runs after cue.c's look-ups, before reported.c on the same sentence;
 * extract.c runs it.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "st-internal.h"
#include "rules.h"

/* ---- statements ---- */

/* The sentence of block b that holds byte offset off (b->ns past the
 * last): the first that ends after it, as sentences follow each other
 * and none is empty. */
static size_t sent_at(const struct blk *b, size_t off)
{
	size_t lo = 0, hi = b->ns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (off < b->t[b->s[mid].t1 - 1].e)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void st_add_statement(struct doc *d, int kind, size_t ent, const struct blk *b,
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
	/* The cue is the statement before's when it is the same: "said",
	 * mostly, and a text may hold a hundred thousand statements. */
	if (d->nst > 0 && !strcmp(d->st[d->nst - 1].cue, cue))
		st->cue = d->st[d->nst - 1].cue;
	else
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
	st->sent = (uint32_t)sent_at(b, start);
	d->nst++;
	st_add_speaker(d, ent, st_pos(b->index, start));
}

static bool attr_set(struct doc *d, struct attr *at, size_t ent, const struct blk *b,
                     size_t c0, size_t c1)
{
	if (ent == NONE)
		return false;
	at->ent = ent;
	at->c0 = c0;
	free(at->cue);
	at->cue = text_dup(d, b, c0, c1);
	return at->cue != NULL;
}

/* A subject naming a document has its document word early: "the
 * ministry's written statement"; a word further on qualifies another. */
#define DOC_SUBJECT_WORDS 4

static bool np_is_doc(const struct blk *b, size_t n0, size_t n1)
{
	for (size_t k = n0; k < n1 && k < n0 + DOC_SUBJECT_WORDS; k++)
		if (tk_lists(b, k, TK_ROOM) & LX_DOC)
			return true;
	return false;
}

/* Tokens a trailer's subject may have before its cue ("“…,” the head of
 * the port workers' union said"): a longer phrase is a clause.  And,
 * when the attribution must fill the sentence's rest, how many tokens
 * may follow the cue ("said on Monday in a statement"). */
#define TRAILER_SUBJECT_MAX 14
/* How far after the quotation a trailer's cue may stand: a subject and a
 * relative clause of its own ("a clerk, who has kept the books since
 * the merger, told"). */
#define TRAILER_CUE_SCAN 20
/* How long a relative clause in a trailer's subject may be. */
#define TRAILER_RELATIVE_MAX 20
#define TRAILER_AFTER_CUE_MAX 10

/* Whether token c ends the words a trailer may have: a quotation mark, a
 * full stop that ends a sentence, a semicolon. */
static bool trailer_ends(const struct blk *b, size_t c)
{
	return is_mark(b, c) || (tk_punct(b, c, '.') && !tk_abbrev_dot(b, c)) || tk_punct(b, c, ';');
}

/* "“…,” X said" / "“…,” said X, ROLE": the attribution in tokens [a, z). */
bool st_parse_trailer(struct doc *d, const struct blk *b, const struct sent *s,
                      size_t a, size_t z, bool strict, struct attr *at)
{
	/* "“…” at the depot, she said", "“…,” and orders picked up, Quinlan
	 * said": the reporter's words go on after the quotation, and the
	 * attribution follows their last comma before the cue, filling the
	 * rest. */
	bool glued;

again:
	glued = a < z && a >= 2 && tk_word(b, a) && b->t[a - 1].type == T_QCLOSE &&
	        tk_word(b, a - 2);
	if (a < z && comma_at(b, a))
		a++;
	if (glued || (a < z && (tk_is(b, a, "and") || tk_is(b, a, "but")))) {
		size_t comma = NONE, last;

		for (size_t c = a; c < z && c < a + TRAILER_SUBJECT_MAX; c++) {
			unsigned f;
			if (trailer_ends(b, c))
				break;
			if (comma_at(b, c)) {
				comma = c;
				continue;
			}
			/* "and orders picked up": the word after the conjunction
			 * opens the reporter's clause, cue-like or not. */
			if (c == a + 1 && !glued)
				continue;
			if (!tk_word(b, c) || !(f = lex_cue(b, c, z, &last)) || !(f & C_SAY))
				continue;
			if (comma != NONE) {
				/* the attribution after that comma, filling the
				 * rest; a loop, not a call: a hostile ", and said"
				 * repeated would nest one frame each */
				a = comma;
				strict = true;
				goto again;
			}
			break;
		}
		if (!glued)
			return false;
	}
	for (size_t c = a, lim = a + TRAILER_CUE_SCAN; c < z && c < lim; c++) {
		size_t last, j;
		unsigned f;
		struct np np;
		if (trailer_ends(b, c))
			break;
		/* ", who asked not to be named, told": a cue inside the
		 * subject's relative clause is not the trailer's, and the
		 * clause does not count against the scan. */
		if (c > a && comma_at(b, c) && tk_is(b, c + 1, "who")) {
			size_t e = c + 2;
			while (e < z && e < c + 2 + TRAILER_RELATIVE_MAX && !comma_at(b, e) &&
			       !is_mark(b, e))
				e++;
			if (e < z && comma_at(b, e)) {
				lim += e - c;
				c = e;
			}
			continue;
		}
		if (!tk_word(b, c) || !(f = lex_cue(b, c, z, &last)) || !(f & C_SAY))
			continue;
		if (tk_cap(b, c) && c != a)
			continue;
		/* "their statement", "the said": a noun after a determiner;
		 * after a count standing alone ("the two said") a verb. */
		if (c > a && (((tk_lists(b, c - 1, TK_ROOM) & LX_DET) &&
		               !lex_word_in(b, c - 1, LW_COUNTS)) ||
		              (b->t[c - 1].flags & TF_POSS)))
			continue;
		memset(&np, 0, sizeof np);
		np.b = b;
		if (c == a) {
			/* "“…,” noting weak trade", "claiming that he ...": a
			 * participle is never inverted; what follows is its
			 * object, and its subject is the sentence's. */
			if (f & C_ING)
				return false;
			np.n0 = last + 1;
			np.n1 = st_np_right(b, np.n0, z);
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
			j = st_skip_adv_left(b, a, c - 1);
			if (j == NONE)
				return false;
			if (tk_word(b, j) && !tk_cap(b, j) &&
			    lex_word_in(b, j, LW_SUBJECT_PREPS))
				return false; /* "“…,” refusing to acknowledge" */
			/* "as donors waited to see how it played out, he said": an
			 * adverbial clause first; the subject follows its comma.
			 * "even if they did not agree": no subject at all. */
			if (tk_word_is(b, a, "even") && a + 1 < j && st_subordinator(b, a + 1))
				return false;
			if (st_subordinator(b, a)) {
				size_t k = j;
				while (k > a && !comma_at(b, k))
					k--;
				if (k > a)
					a = k + 1;
				else if (tk_word_is(b, a, "as"))
					a++; /* "“…,” as Pruitt said" */
				else
					return false;
			}
			np.n0 = a;
			np.n1 = j + 1;
			np.after = last + 1;
			for (size_t k = a; k <= j; k++) {
				unsigned l = tk_lists(b, k, TK_ROOM);
				/* "Brant Ollis, who ran the terminal, told", "a
				 * clerk, who has kept the books since the merger, told":
				 * a relative clause after a name or a described
				 * person and its comma is theirs, no verb of the
				 * trailer's subject. */
				if (np.n1 < k && comma_at(b, k - 1) &&
				    ((tk_cap(b, a) && (tk_word_is(b, k, "who") || tk_word_is(b, k, "which"))) ||
				     ((tk_lists(b, a, TK_ROOM) & LX_DET) && tk_word_is(b, k, "who")))) {
					/* "Harry Lund, 30, of Carrow, who ...": the
					 * role before the relative clause stays */
					if (k - 1 > np.n1 + 1 && st_role_valid(b, np.n1 + 1, k - 1)) {
						np.a0 = np.n1 + 1;
						np.a1 = k - 1;
					} else {
						np.a0 = np.a1 = 0;
					}
					break;
				}
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
			if (np.n1 <= np.n0 || np.n1 - np.n0 > TRAILER_SUBJECT_MAX)
				return false;
			if (strict) {
				if (z - last > TRAILER_AFTER_CUE_MAX)
					return false;
				/* "A, the chief, saying B": a participle with
				 * words of its own after it (not "in a
				 * statement") reports those words, not A. */
				if ((f & C_ING) && tk_word(b, last + 1) &&
				    !(tk_lists(b, last + 1, TK_ROOM) & LX_PREP))
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

/* "Senator Ana Ruiz delivered a blunt message: “…”", "He told the crowd:
 * “…”", "the Harbor Board was firm in its findings: “…”": no cue, but the
 * clause that the colon ends has a person or an organisation for its
 * subject. */
/* How many lowercase words a title before a name may have in a colon's
 * subject ("Former Labour party leader Ann Dwyer"). */
#define COLON_TITLE_WORDS 3

static bool colon_subject(struct doc *d, const struct blk *b, const struct sent *s,
                          size_t l0, size_t colon, struct attr *at)
{
	size_t cs = st_skip_lead(b, l0, colon), titled = NONE, ns;
	struct np np;
	bool org = false;

	memset(&np, 0, sizeof np);
	np.b = b;
	np.after = NONE;
	if (cs + 1 < colon && tk_is(b, cs, "the") && tk_cap(b, cs + 1))
		cs++;
	if (cs >= colon || (b->t[cs].flags & TF_INQ))
		return false;
	np.n0 = cs;
	if (tk_is(b, cs, "he") || tk_is(b, cs, "she") || tk_is(b, cs, "they")) {
		np.n1 = cs + 1;
	} else if (tk_cap(b, cs)) {
		np.n1 = st_cap_run(b, cs, colon);
		/* "Harbor Board chair Ilse Marrow", "Former Labour party
		 * leader Ann Dwyer": up to three lowercase words ending in a
		 * title, then the name. */
		for (size_t t = np.n1; t + 1 < colon && t < np.n1 + COLON_TITLE_WORDS; t++) {
			size_t r2;
			if (!tk_word(b, t) || tk_cap(b, t))
				break;
			if (!(tk_lists(b, t, TK_ROOM) & LX_TITLE) || !tk_cap(b, t + 1))
				continue;
			r2 = st_cap_run(b, t + 1, colon);
			if (st_is_person_name(b, t + 1, r2)) {
				np.n1 = r2;
				titled = t + 1;
			}
			break;
		}
		for (size_t k = cs; k < np.n1; k++)
			org = org || (tk_lists(b, k, TK_ROOM) & LX_ORG) || st_all_upper(b, k);
		ns = st_name_start(b, cs, np.n1);
		/* "President Ruiz released a statement:": a title and a
		 * surname name a person too. */
		if (!org && !st_is_person_name(b, ns, np.n1) &&
		    !(ns > cs && ns + 1 == np.n1 && (tk_lists(b, ns - 1, TK_ROOM) & LX_TITLE)) &&
		    !(ns == cs && ns + 1 == np.n1 && st_surname_known(d, b, ns)))
			return false;
		st_appos_after(b, np.n1, colon, &np.a0, &np.a1);
		if (titled != NONE && np.a1 <= np.a0) {
			/* the title before the name is the role */
			np.a0 = cs;
			np.a1 = titled;
			np.n0 = titled;
		}
	} else {
		return false;
	}
	/* The words up to the colon are a clause: a word follows the subject. */
	if ((np.a1 > np.a0 ? np.a1 + 1 : np.n1) >= colon)
		return false;
	d->frame = ST_FR_LEAD;
	return attr_set(d, at, st_resolve(d, &np, s->t0), b, colon, colon);
}

/* "X said, “…”": the attribution just before the quotation at token o. */
/* How far before the comma or colon that opens a quotation a lead's cue
 * may stand ("said in a statement on Monday:"), and how many words an
 * addressee may have between them ("told reporters at the port:"). */
#define LEAD_CUE_BACK 7
#define LEAD_ADDRESSEE_MAX 4

/* Whether a verb that attributes a quotation ends at token k and starts
 * in [m, k] (m > 0). */
static bool near_cue_ends(const struct blk *b, size_t m, size_t k, size_t o)
{
	size_t last;

	for (; m <= k; m++) {
		unsigned f = lex_cue(b, m, o, &last);
		/* a verb ("to say" too): "in a tweet" or "her note" is a noun */
		if (f && (f & C_SAY) && last == k && !(b->t[m].flags & TF_INQ) &&
		    !(tk_lists(b, m - 1, TK_ROOM) & LX_DET) &&
		    !((tk_lists(b, m - 1, TK_ROOM) & LX_PREP) && !tk_is(b, m - 1, "to")) &&
		    !(b->t[m - 1].flags & TF_POSS))
			return true;
	}
	return false;
}

/* Where the cue of the lead [l0, o) stands when the lead is "[But,] said
 * NAME,": a conjunction or an adverb and its comma, then a cue that
 * attributes quotations and a capitalised name; else NONE. */
static size_t inverted_lead(const struct blk *b, size_t l0, size_t o)
{
	size_t k = l0, last;
	unsigned f;

	if (k < o && (tk_word_is(b, k, "but") || tk_word_is(b, k, "and") ||
	              (tk_lists(b, k, TK_ROOM) & LX_ADVERB)))
		k++;
	if (k < o && comma_at(b, k))
		k++;
	if (k >= o || !tk_word(b, k) || tk_cap(b, k) || !(f = lex_cue(b, k, o, &last)) ||
	    !(f & C_SAY) || (f & C_ING))
		return NONE;
	return last + 1 < o && tk_cap(b, last + 1) ? k : NONE;
}

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
	/* “…,” said Ana Ruiz, “…”: between the two halves of a quotation
	 * stands the first half's attribution, in either order, when it
	 * fills the gap (not "“…,” said the clerk, and Ana Ruiz wrote
	 * back, “…”"); so does an inverted one after a conjunction ("But,
	 * said Ana Ruiz, “…”"). */
	if (l0 > s->t0 && b->t[l0 - 1].type == T_QCLOSE &&
	    st_parse_trailer(d, b, s, l0, o - 1, true, at))
		return true;
	if ((k = inverted_lead(b, l0, o)) != NONE && st_parse_trailer(d, b, s, k, o - 1, true, at)) {
		d->frame = ST_FR_LEAD;
		return true;
	}
	k = o - 2;
	/* A cue just before the comma wins over an earlier one that a phrase
	 * follows: "sent round a memo of his own, writing, “…”" is
	 * written. */
	for (size_t m = k >= l0 + LEAD_CUE_BACK ? k - LEAD_CUE_BACK : l0; m <= k; m++) {
		unsigned f = lex_cue(b, m, o, &last);
		bool pp = false;
		if (!f || !(f & C_SAY) || (b->t[m].flags & TF_INQ))
			continue;
		if (last < k && near_cue_ends(b, m + 1, k, o))
			continue;
		if (m > l0 && tk_is(b, m - 1, "in"))
			continue; /* "gave her view in writing:" */
		if (last < k) {
			pp = (tk_lists(b, last + 1, TK_ROOM) & LX_PREP) && k - last <= LEAD_CUE_BACK;
			/* "said Wednesday, “…”", "said last week: “…”" */
			if (!pp && k - last <= 2) {
				pp = true;
				for (size_t x = last + 1; x <= k; x++)
					pp = pp && tk_word(b, x) &&
					     ((tk_lists(b, x, TK_ROOM) & LX_TIME) || tk_is(b, x, "last") ||
					      tk_is(b, x, "this"));
			}
			/* "told reporters: “…”" */
			if ((f & C_ADDR) && k - last <= LEAD_ADDRESSEE_MAX) {
				pp = true;
				for (size_t x = last + 1; x <= k; x++)
					pp = pp && tk_word(b, x) && !(tk_lists(b, x, TK_ROOM) & LX_AUX);
			}
		}
		if (last != k && !pp)
			continue;
		/* Between two quotations, an attribution that opens with its
		 * cue is the first half's; one whose cue comes later has a
		 * subject of its own ("“…,” said the clerk, and Ida Ruud
		 * shouted back, “…”"). */
		if (l0 > s->t0 && b->t[l0 - 1].type == T_QCLOSE && m == l0)
			return st_parse_trailer(d, b, s, l0, o, false, at);
		d->frame = ST_FR_LEAD;
		return attr_set(d, at, st_cue_speaker(d, b, s, m, last, f), b, m, last);
	}
	if (tk_punct(b, o - 1, ':') && l0 == s->t0)
		return colon_subject(d, b, s, l0, o - 1, at);
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
/* The tokens after an earlier cue where its "that" may stand ("said on
 * Monday that"): a later cue after it is inside its clause. */
#define THAT_AFTER_CUE 4
/* A quotation this close after its cue is what the cue says ("called the
 * plan “…”"); further on, only a fragment of more than PARTIAL_MIN_WORDS
 * words is: a title or a scare-quoted term has one to three. */
#define PARTIAL_NEAR 8
#define PARTIAL_MIN_WORDS 3
/* A cue that labels its object ("called the plan to build a plant in
 * Ohio “…”") or has a listener ("asked the owners of the mill to “…”")
 * has the quotation after the object, which may be long: as
 * near as this, with no comma between, and of PARTIAL_MIN_WORDS words at
 * least (one or two words that far on are a scare-quoted term). */
#define PARTIAL_LABEL_NEAR 16

/* A quotation in title case ("Face the Nation", "Sons of Liberty"): two
 * words of TITLE_LONG letters or more at least, all capitalised, and no
 * exclamation or question mark ("Lock her up!" is a cry, not a title). */
static bool title_case(const struct blk *b, const struct quote *q)
{
	size_t stop = q->tclose == NONE ? b->nt : q->tclose, t1 = q->topen + 1;

	for (; t1 < stop && b->t[t1].s < q->end; t1++)
		if (tk_punct(b, t1, '!') || tk_punct(b, t1, '?'))
			return false;
	return st_title_words(b, q->topen + 1, t1) >= 2;
}

/* How far a clause without "that" is looked through for its comma. */
#define BARE_CLAUSE_SCAN 40

/* Whether a comma outside quotations stands among tokens [a, z), looking
 * at BARE_CLAUSE_SCAN tokens at most (the pairs of a sentence's cues are
 * many in a hostile text). */
static bool comma_between(const struct blk *b, size_t a, size_t z)
{
	for (size_t k = a; k < z && k < a + BARE_CLAUSE_SCAN; k++)
		if (comma_at(b, k))
			return true;
	return false;
}

static bool parse_partial(struct doc *d, const struct blk *b, const struct sent *s,
                          size_t qi, struct attr *at)
{
	const struct quote *q = &b->q[qi];
	size_t o = q->topen, close = q->tclose, last, i;
	const struct cue *cues;
	size_t n, best = NONE;
	unsigned f;

	/* "appeared on “Face the Nation”": a title names a work or a forum,
	 * and no one is said to say it. */
	if (title_case(b, q))
		return false;
	/* The quoted words are themselves the cue: “strongly condemned”. */
	i = o + 1;
	while (i < b->nt && tk_word(b, i) && (tk_lists(b, i, TK_ROOM) & LX_ADVERB))
		i++;
	if (close != NONE && (f = lex_cue(b, i, close, &last)) && last + 1 == close) {
		struct np np;
		size_t e = NONE;
		if (st_subject_left(b, s->t0, s->t1, o, o, f & ~C_ING, &np) == SUBJ_NP)
			e = st_resolve(d, &np, s->t0);
		d->frame = ST_FR_QUOTED_CUE;
		return attr_set(d, at, e, b, o + 1, close - 1);
	}
	/* "Whatever the coach said “will not fix it,” the captain said.": a
	 * fragment closed by its comma and an attribution that ends the
	 * sentence is that attribution's, whatever cue stands before it. */
	if (close != NONE && close > o + 1 && comma_at(b, close)) {
		size_t z = close + 1;
		bool inverted;
		while (z < s->t1 && b->t[z].type != T_QOPEN)
			z++;
		/* "…,” said NAME, a long description: the cue right after the
		 * fragment needs no strict end. */
		inverted = tk_word(b, close + 1) && (f = lex_cue(b, close + 1, z, &last)) && (f & C_SAY);
		if (z == s->t1 && st_parse_trailer(d, b, s, close + 1, z, !inverted, at)) {
			d->frame = ST_FR_PARTIAL_AFTER;
			return true;
		}
	}
	cues = st_cues_of(d, b, s, &n);
	for (size_t k = 0; k < n; k++) {
		bool nested = false;
		if (cues[k].c1 >= o)
			break;
		if (cues[k].flags & (C_NOPART | C_DOCONLY))
			continue;
		for (size_t p = 0; p < k; p++) {
			size_t t = cues[p].c1 + 1;
			bool opens = false;
			for (size_t x = t; x < t + THAT_AFTER_CUE && x < cues[k].c0; x++)
				opens = opens || tk_is(b, x, "that");
			/* "If little of what Ruiz says is new, Lee said": a clause
			 * without "that" ends at its comma. */
			if ((cues[p].flags & C_BARE) && !comma_at(b, t) && !is_mark(b, t) &&
			    !comma_between(b, t, cues[k].c0))
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
		bool near = o - cues[best].c1 <= PARTIAL_NEAR ||
		            ((cues[best].flags & (C_LABEL | C_ADDR)) && o - cues[best].c1 <= PARTIAL_LABEL_NEAR &&
		             quote_words(b, q) >= PARTIAL_MIN_WORDS &&
		             !comma_between(b, cues[best].c1 + 1, o));
		for (size_t x = cues[best].c1 + 1; x < o && !near; x++)
			near = tk_is(b, x, "that") ||
			       ((cues[best].flags & C_BARE) && x == cues[best].c1 + 1 &&
			        !comma_at(b, x));
		d->frame = ST_FR_PARTIAL_CUE;
		if (quote_words(b, q) > PARTIAL_MIN_WORDS || near)
			return attr_set(d, at, st_cue_speaker(d, b, s, cues[best].c0, cues[best].c1,
			                                      cues[best].flags),
			                b, cues[best].c0, cues[best].c1);
	}
	/* “…,” he said, after a quotation inside the sentence. */
	if (close != NONE) {
		size_t z = close + 1;
		while (z < s->t1 && b->t[z].type != T_QOPEN)
			z++;
		if (!st_parse_trailer(d, b, s, close + 1, z, false, at))
			return false;
		d->frame = ST_FR_PARTIAL_AFTER;
		return true;
	}
	return false;
}

/* The statement a quotation with no attribution of its own goes on from:
 * the last one, unless that is a clause reported inside the sentence of the
 * quotation before it ("“A,” said X, who said B. “C.”", "“A,” X told Y,
 * after Y said B. “C.”"): then that quotation's. */
static const struct stmt *continued(const struct doc *d)
{
	const struct stmt *p, *q;

	if (d->nst == 0)
		return NULL;
	p = &d->st[d->nst - 1];
	if (p->kind != ST_INDIRECT || d->nst < 2)
		return p;
	q = &d->st[d->nst - 2];
	if (q->kind == ST_INDIRECT || q->block != p->block || p->block >= d->nb)
		return p;
	return q->sent == p->sent ? q : p;
}

/* Cues of attributions are not reported speech of their own: the
 * attribution's cue token among [a, z) is marked TF_USED, and no other
 * ("“…,” said Ana Ruiz, who said she ...": the second "said" reports a
 * clause of its own).  Without its token, every word of [a, z) that
 * spells the cue is. */
static void mark_used(struct blk *b, size_t a, size_t z, const struct attr *at)
{
	if (at->c0 != NONE && at->c0 >= a && at->c0 < z && at->c0 < b->nt) {
		b->t[at->c0].flags |= TF_USED;
		return;
	}
	for (size_t i = a; i < z && i < b->nt; i++)
		if (tk_word(b, i) && at->cue &&
		    !strncmp(b->text + b->t[i].s, at->cue, b->t[i].e - b->t[i].s))
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
		sb = st_blk_at(d, b->index + 1);
		if (!sb || sb->kind == ST_BLOCK_SKIP || sb->nt < 2)
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

/* "Ana Ruiz, a student, echoed:" closing a paragraph, and the quotation
 * opening the next one (at token o of block b): the attribution is the
 * previous paragraph's last sentence. */
static bool colon_before(struct doc *d, const struct blk *b, size_t o, struct attr *at)
{
	const struct blk *pb;
	const struct sent *ps;

	if (o != 0 || b->index == 0)
		return false;
	pb = st_blk_at(d, b->index - 1);
	if (!pb || pb->kind == ST_BLOCK_SKIP || pb->nt < 2 || pb->ns == 0 ||
	    !tk_punct(pb, pb->nt - 1, ':') || pb->s[pb->ns - 1].t1 != pb->nt)
		return false;
	ps = &pb->s[pb->ns - 1];
	return parse_lead(d, pb, ps, ps->t0, pb->nt, at);
}

/*
 * "Ana Ruiz praised the crew's work. ¶ “They never gave up.”": a quotation
 * that opens a paragraph with no attribution of its own, after a paragraph
 * with no statement whose last sentence has a cue, is said by that cue's
 * subject, not carried from a quotation further back.  p is the latest
 * statement (NULL when none).
 */
static bool para_subject(struct doc *d, const struct blk *b, const struct stmt *p,
                         struct attr *at)
{
	const struct blk *pb;
	const struct sent *ps;
	const struct cue *cues;
	size_t n;

	if (b->index == 0)
		return false;
	pb = st_blk_at(d, b->index - 1);
	if (!pb || pb->kind == ST_BLOCK_SKIP || pb->ns == 0 || (p && p->block == pb->index))
		return false;
	ps = &pb->s[pb->ns - 1];
	for (size_t k = ps->t0; k < ps->t1; k++)
		if (pb->t[k].type == T_QOPEN || pb->t[k].type == T_QCLOSE)
			return false;
	cues = st_cues_of(d, pb, ps, &n);
	for (size_t k = 0; k < n; k++) {
		size_t c0 = cues[k].c0, c1 = cues[k].c1;
		unsigned f = cues[k].flags;
		if (!(f & (C_SAY | C_LABEL)) || (f & C_DOCONLY))
			continue;
		d->frame = ST_FR_PARA_SUBJECT;
		return attr_set(d, at, st_cue_speaker(d, pb, ps, c0, c1, f), pb, c0, c1);
	}
	return false;
}

void st_quotes_of_sentence(struct doc *d, struct blk *b, const struct sent *s)
{
	struct attr at = { NONE, NULL, NONE };
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
		    st_parse_trailer(d, b, s, q->tclose + 1, z, false, &at)) {
			ok = true;
			mark_used(b, q->tclose + 1, z, &at);
		} else if (lead_empty && prev_close == NONE && dash_signature(d, b, s, q, &at)) {
			ok = true;
		} else if (parse_lead(d, b, s, l0, o, &at)) {
			ok = true;
			mark_used(b, l0, o, &at);
		} else if (lead_empty && prev_close == NONE && colon_before(d, b, o, &at)) {
			ok = true;
		} else if (lead_empty) {
			/* A quotation with no attribution of its own continues the
			 * previous speaker: in this block, or from a block start. */
			const struct stmt *p = continued(d);
			bool block_start = o == 0 || (o == 1 && tk_word(b, 0));
			if (block_start && para_subject(d, b, p, &at)) {
				ok = true;
			} else if (p && (p->block == b->index || block_start)) {
				d->frame = p->block == b->index ? ST_FR_CONTINUED : ST_FR_NEXT_PARA;
				d->how = p->how;
				at.ent = p->ent;
				free(at.cue);
				at.cue = st_strndup(p->cue, strlen(p->cue));
				at.c0 = NONE;
				ok = at.cue != NULL;
				if (!ok)
					d->nomem = true;
			}
		} else if (parse_partial(d, b, s, qi, &at)) {
			ok = true;
			kind = ST_PARTIAL;
		}
		if (ok)
			st_add_statement(d, kind, at.ent, b, q->start, q->end, at.cue);
		prev_close = q->tclose == NONE ? s->t1 : q->tclose;
		if (prev_close >= s->t1)
			break;
	}
	free(at.cue);
}


/* ---- documents: who issued "the statement" ---- */

static bool mentions_document(const struct blk *b, const struct sent *s)
{
	for (size_t k = s->t0; k < s->t1; k++)
		if (b->t[k].type == T_WORD && (b->t[k].lists & LX_DOC))
			return true;
	return false;
}

void st_note_documents(struct doc *d, const struct blk *b, const struct sent *s,
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
			for (size_t k = i + 1; k < i + ST_DOC_WITHIN && k < s->t1 && tk_word(b, k); k++) {
				if (tk_lists(b, k, TK_ROOM) & LX_DOC) {
					st_set_issuer(d, b, k, d->st[first_stmt].ent);
					return;
				}
			}
		}
		if (issued) {
			for (size_t k = i + 1; k < i + ST_DOC_WITHIN && k < s->t1 && tk_word(b, k); k++) {
				if (tk_lists(b, k, TK_ROOM) & LX_DOC) {
					size_t e = st_cue_speaker(d, b, s, i, i, 0);
					if (e != NONE)
						st_set_issuer(d, b, k, e);
					return;
				}
			}
		}
	}
}
