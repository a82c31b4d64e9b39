/*
 * quotes.c: stage 1b of the extractor (see docs/statements.md,
 * "Pipeline"): quotation spans.  Pairs a block's quotation marks into
 * quotations: a mark opens where a quotation may open (after a space, a
 * bracket or a dash, before a non-space), closes where one may close,
 * and an apostrophe (don't, members') is no mark.  A quotation with no
 * closing mark runs to the end of its block (tclose NONE).  Whether a
 * quotation is a statement, a partial one or a title is decided later
 * (frame.c).
 *
 * Input: a block's tokens (text.c), and whether the article opens its
 * quotations with single marks (British style).
 * Output: the block's quotations (struct quote), token indexes of their
 * marks and byte offsets of the quoted text; TF_INQ on the tokens inside.
 *
 * Runs inside text.c's st_blk_split, after the tokens and before the
 * sentences.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"
#include "utf8.h"

static bool opens_here(const struct blk *b, const struct tok *t)
{
	uint32_t prev = utf8_prev(b->text, t->s), next;
	size_t n;

	next = t->e < b->len ? utf8_get(b->text, b->len, t->e, &n) : 0;
	if (prev == 0 || is_space(prev) || prev == '(' || prev == '[' ||
	    prev == 0x2014 || prev == 0x2013 || prev == '-')
		return next != 0 && !is_space(next);
	return false;
}

/* Whether the mark t stands where a quotation closes: after a letter, a
 * digit or a punctuation mark (not a space), and before a space, a
 * punctuation mark or the end, never before a letter or a digit. */
static bool closes_here(const struct blk *b, const struct tok *t)
{
	uint32_t prev = utf8_prev(b->text, t->s), next;
	size_t n;

	next = t->e < b->len ? utf8_get(b->text, b->len, t->e, &n) : 0;
	return prev != 0 && !is_space(prev) && (next == 0 || !is_alnum(next));
}

/*
 * Whether a mark opens (1) or closes (0) a quotation; `open` says whether
 * one is open.  Curly marks say which they are, but copied text often
 * closes with an opening mark typed the wrong way round: “terrible“ in a
 * tweet, “… the future.“ at the end of a paragraph.  Read as an opening
 * mark it would swallow the rest of the paragraph as a new quotation.  So
 * a “ that stands where a quotation closes, while one is open, closes it.
 * (A nested “…” after a space keeps opening.  The reverse mistake, a ”
 * opening, is rarer and is left alone: a stray ” after a space would
 * open a quotation to the end of the paragraph.)
 */
static int mark_opens(const struct blk *b, const struct tok *t, bool open)
{
	switch (t->cp) {
	case 0x201c:
		return !(open && closes_here(b, t));
	case 0x201e: case 0xab: case 0x2018: case 0x201a:
		return 1;
	case 0x201d: case 0xbb: case 0x201f:
		return 0;
	default:
		break;
	}
	return opens_here(b, t);
}

static bool is_mark(const struct tok *t, bool single)
{
	if (t->type != T_PUNCT)
		return false;
	if (single)
		return t->cp == 0x2018 || t->cp == 0x2019 || t->cp == '\'' ||
		       t->cp == 0x201a;
	return is_double_mark(t->cp);
}

static int add_quote(struct blk *b, struct blk_mem *m, size_t o, size_t c)
{
	struct quote q;
	size_t end = c == NONE ? b->len : b->t[c].s;

	q.topen = o;
	q.tclose = c;
	q.start = b->t[o].e;
	while (q.start < end && (b->text[q.start] == ' ' || b->text[q.start] == '\n'))
		q.start++;
	while (end > q.start && (b->text[end - 1] == ' ' || b->text[end - 1] == '\n' ||
	                         b->text[end - 1] == '\r' || b->text[end - 1] == '\t'))
		end--;
	q.end = end;
	if (q.end <= q.start)
		return 0;
	if (b->nq == m->cap_q && st_grow(&m->q, &m->cap_q, 8, sizeof *m->q) < 0)
		return -1;
	b->q = m->q;
	b->q[b->nq++] = q;
	return 0;
}

int st_pair_quotes(struct blk *b, struct blk_mem *m, bool single)
{
	size_t open = NONE;

	for (size_t i = 0; i < b->nt; i++) {
		struct tok *t = &b->t[i];
		if (!is_mark(t, single))
			continue;
		int opens = mark_opens(b, t, open != NONE);
		if (single && t->cp == 0x2019 && i > 0 && b->t[i - 1].e == t->s &&
		    b->t[i - 1].type == T_WORD && open == NONE)
			continue; /* a possessive, not a quotation */
		if (opens && open != NONE) {
			if (t->cp == '"' || t->cp == '\'')
				opens = 0;
			else if (add_quote(b, m, open, NONE) < 0)
				return -1;
			else
				b->q[b->nq - 1].end = b->q[b->nq - 1].end > t->s ? t->s : b->q[b->nq - 1].end;
		}
		if (opens) {
			open = i;
		} else if (open != NONE) {
			if (add_quote(b, m, open, i) < 0)
				return -1;
			open = NONE;
		}
	}
	if (open != NONE && add_quote(b, m, open, NONE) < 0)
		return -1;
	/* Mark the tokens. */
	for (size_t k = 0; k < b->nq; k++) {
		struct quote *q = &b->q[k];
		size_t stop = q->tclose == NONE ? b->nt : q->tclose;
		b->t[q->topen].type = T_QOPEN;
		if (q->tclose != NONE)
			b->t[q->tclose].type = T_QCLOSE;
		for (size_t i = q->topen + 1; i < stop; i++) {
			if (b->t[i].s >= q->end && q->tclose == NONE)
				break;
			b->t[i].flags |= TF_INQ;
		}
	}
	return 0;
}
