/*
 * speaker.c: who is speaking.  Builds the article's entity table from its
 * proper names (persons with the role given at first mention, organisations
 * and places), then resolves each speaker phrase to an entity by sieves, in
 * the spirit of published quote-attribution work: names in a phrase, the
 * fullest name for a surname, pronouns to the most recent compatible
 * mention, documents to their issuer, definite descriptions to the entity
 * they describe, and anything else as written.
 *
 * Must never invent a name the article does not write.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

char *st_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static const char *tok_text(const struct blk *b, size_t i0, size_t i1, size_t *n)
{
	*n = b->t[i1 - 1].e - b->t[i0].s;
	return b->text + b->t[i0].s;
}

static bool word_lower(const struct blk *b, size_t i, char *w, size_t n)
{
	return tk_copy_lower(b, i, w, n) > 0;
}

static int strcasecmp_ascii(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

/* Case-insensitive equality of two names, a leading "the " ignored. */
static bool same_name(const char *a, size_t na, const char *b, size_t nb)
{
	if (na >= 4 && (a[0] == 't' || a[0] == 'T') && (a[1] == 'h' || a[1] == 'H') &&
	    (a[2] == 'e' || a[2] == 'E') && a[3] == ' ') {
		a += 4;
		na -= 4;
	}
	if (nb >= 4 && (b[0] == 't' || b[0] == 'T') && (b[1] == 'h' || b[1] == 'H') &&
	    (b[2] == 'e' || b[2] == 'E') && b[3] == ' ') {
		b += 4;
		nb -= 4;
	}
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* A hash of a name that same_name() calls equal: case folded, a leading
 * "the " dropped. */
static size_t name_hash(const char *a, size_t na)
{
	size_t h = 14695981039346656037u;

	if (na >= 4 && (a[0] == 't' || a[0] == 'T') && (a[1] == 'h' || a[1] == 'H') &&
	    (a[2] == 'e' || a[2] == 'E') && a[3] == ' ') {
		a += 4;
		na -= 4;
	}
	for (size_t i = 0; i < na; i++) {
		char x = a[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		h = (h ^ (unsigned char)x) * 1099511628211u;
	}
	return h;
}

/* The entity named name[0..n), or NONE.  Through the index: a scan of
 * every entity per name made a text naming a hundred thousand people
 * quadratic. */
static size_t ent_find(const struct doc *d, const char *name, size_t n)
{
	if (d->cap_ix == 0)
		return NONE;
	for (size_t h = name_hash(name, n) & (d->cap_ix - 1);; h = (h + 1) & (d->cap_ix - 1)) {
		size_t i = d->ent_ix[h];
		if (i == 0)
			return NONE;
		if (same_name(d->e[i - 1].name, strlen(d->e[i - 1].name), name, n))
			return i - 1;
	}
}

static void ent_slot(size_t *ix, size_t cap, const struct doc *d, size_t i)
{
	size_t h = name_hash(d->e[i].name, strlen(d->e[i].name)) & (cap - 1);

	while (ix[h] != 0)
		h = (h + 1) & (cap - 1);
	ix[h] = i + 1;
}

/* Puts entity i = d->ne (its name set) in the index; false on OOM. */
static bool ent_index(struct doc *d, size_t i)
{
	if ((i + 1) * 2 > d->cap_ix) {
		size_t cap = d->cap_ix ? d->cap_ix * 2 : 32;
		size_t *ix = calloc(cap, sizeof *ix);
		if (!ix)
			return false;
		for (size_t k = 0; k < i; k++)
			ent_slot(ix, cap, d, k);
		free(d->ent_ix);
		d->ent_ix = ix;
		d->cap_ix = cap;
	}
	ent_slot(d->ent_ix, d->cap_ix, d, i);
	return true;
}

size_t st_add_ent(struct doc *d, const char *name, size_t n, int kind, bool named)
{
	struct ent *e;
	size_t found;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == ','))
		n--;
	if ((found = ent_find(d, name, n)) != NONE)
		return found;
	if (d->ne == d->cap_e) {
		size_t nc = d->cap_e ? d->cap_e * 2 : 16;
		struct ent *p = realloc(d->e, nc * sizeof *p);
		if (!p)
			goto out_nomem;
		d->e = p;
		d->cap_e = nc;
	}
	e = &d->e[d->ne];
	memset(e, 0, sizeof *e);
	e->name = st_strndup(name, n);
	if (!e->name)
		goto out_nomem;
	e->kind = kind;
	e->named = named;
	if (kind == ST_PERSON && named) {
		const char *sp = memchr(name, ' ', n), *lsp = sp;
		if (sp) {
			for (const char *p = sp; p && p < name + n; p = memchr(p + 1, ' ', (size_t)(name + n - p - 1)))
				lsp = p;
			e->first = st_strndup(name, (size_t)(sp - name));
			e->last = st_strndup(lsp + 1, (size_t)(name + n - lsp - 1));
		} else {
			e->first = st_strndup(name, n);
		}
		if (!e->first || (sp && !e->last)) {
			free(e->name);
			free(e->first);
			free(e->last);
			goto out_nomem;
		}
	}
	if (!ent_index(d, d->ne)) {
		free(e->name);
		free(e->first);
		free(e->last);
		goto out_nomem;
	}
	return d->ne++;
out_nomem:
	d->nomem = true;
	return NONE;
}

void st_set_role(struct doc *d, size_t e, const char *role, size_t n)
{
	if (e == NONE || e >= d->ne || d->e[e].role || n == 0)
		return;
	while (n > 0 && (role[n - 1] == ' ' || role[n - 1] == ','))
		n--;
	d->e[e].role = st_strndup(role, n);
	if (!d->e[e].role)
		d->nomem = true;
}

void st_add_mention(struct doc *d, size_t ent, uint64_t pos, unsigned flags)
{
	if (ent == NONE)
		return;
	if (d->nm == d->cap_m) {
		size_t nc = d->cap_m ? d->cap_m * 2 : 32;
		struct mention *p = realloc(d->m, nc * sizeof *p);
		if (!p) {
			d->nomem = true;
			return;
		}
		d->m = p;
		d->cap_m = nc;
	}
	if (d->nm > d->nm_base && pos < d->m[d->nm - 1].pos)
		d->m_unsorted = true;
	d->m[d->nm].ent = ent;
	d->m[d->nm].pos = pos;
	d->m[d->nm].flags = flags;
	d->nm++;
}

/* ---- names ---- */

static bool alpha_word(const struct blk *b, size_t i)
{
	for (size_t k = b->t[i].s; k < b->t[i].e; k++)
		if (b->text[k] >= '0' && b->text[k] <= '9')
			return false;
	return true;
}

static bool all_upper(const struct blk *b, size_t i)
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

/* End of the capitalised run starting at token i (exclusive). */
size_t st_cap_run(const struct blk *b, size_t i, size_t hi)
{
	size_t j = i + 1;
	char w[32];

	while (j < hi) {
		if (b->t[j - 1].flags & TF_POSS)
			break;
		if (tk_cap(b, j) && !(b->t[j].flags & TF_INQ)) {
			j++;
			continue;
		}
		if (tk_punct(b, j, '.') && b->t[j].s == b->t[j - 1].e && tk_word(b, j - 1)) {
			word_lower(b, j - 1, w, sizeof w);
			if ((lex_honorific(w) || b->t[j - 1].e - b->t[j - 1].s == 1) &&
			    tk_cap(b, j + 1)) {
				j++;
				continue;
			}
		}
		if ((tk_is(b, j, "of") || tk_is(b, j, "for")) && tk_cap(b, j + 1) && j + 1 < hi) {
			j++;
			continue;
		}
		if (tk_punct(b, j, '(') && j + 2 < hi && tk_cap(b, j + 1) &&
		    tk_punct(b, j + 2, ')')) {
			j += 3;
			continue;
		}
		break;
	}
	return j;
}

size_t st_name_start(const struct blk *b, size_t r0, size_t r1)
{
	size_t ns = r0;
	char w[32];

	for (size_t k = r1; k > r0; k--) {
		word_lower(b, k - 1, w, sizeof w);
		if (tk_word(b, k - 1) && lex_title(w) && k < r1) {
			ns = k;
			break;
		}
	}
	while (ns < r1) {
		word_lower(b, ns, w, sizeof w);
		if (!lex_honorific(w))
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

bool st_is_person_name(const struct blk *b, size_t n0, size_t n1)
{
	size_t words = 0;
	char w[40];

	for (size_t i = n0; i < n1; i++) {
		if (tk_punct(b, i, '.') && i > n0 && b->t[i - 1].e - b->t[i - 1].s == 1)
			continue;
		if (!tk_cap(b, i) || !alpha_word(b, i) || all_upper(b, i))
			return false;
		if (b->t[i].flags & TF_POSS && i + 1 < n1)
			return false;
		word_lower(b, i, w, sizeof w);
		if (lex_stop(w) || lex_org(w) || lex_place(w) || lex_time(w) ||
		    lex_title(w) || lex_honorific(w) || lex_doc(w))
			return false;
		words++;
	}
	return words >= 2 && words <= 4;
}

/* Role words before a name at n0: "U.S. national security adviser". */
size_t st_role_prefix(const struct blk *b, size_t lo, size_t n0)
{
	size_t k = n0;
	char w[40];
	bool title = false;

	if (n0 == 0 || n0 <= lo)
		return n0;
	word_lower(b, n0 - 1, w, sizeof w);
	if (!tk_word(b, n0 - 1) || !(lex_title(w) || tk_cap(b, n0 - 1)))
		return n0;
	while (k > lo) {
		size_t j = k - 1;
		size_t dummy;
		if (tk_word(b, j)) {
			word_lower(b, j, w, sizeof w);
			if (lex_title(w))
				title = true;
			if (tk_is(b, j, "of") && tk_cap(b, j + 1) && j > lo && tk_cap(b, j - 1)) {
				k = j;
				continue;
			}
			if (lex_stop(w) || lex_aux(w) || lex_cue(b, j, b->nt, &dummy))
				break;
			if (!tk_cap(b, j) && (w[0] && (strlen(w) > 3) &&
			    (!strcmp(w + strlen(w) - 3, "ing"))))
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

bool st_role_valid(const struct blk *b, size_t a0, size_t a1)
{
	char w[40];
	size_t dummy;

	if (a1 <= a0 || a1 - a0 > 30 || !tk_word(b, a0))
		return false;
	word_lower(b, a0, w, sizeof w);
	if (lex_nonrole(w) || lex_cue(b, a0, a1, &dummy) || lex_aux(w))
		return false;
	if (tk_punct(b, a1, ',') && (tk_is(b, a1 + 1, "and") || tk_is(b, a1 + 1, "or")))
		return false;
	if (st_is_person_name(b, st_name_start(b, a0, a1), a1) &&
	    st_name_start(b, a0, a1) == a0)
		return false;
	for (size_t i = a0; i < a1; i++)
		if (b->t[i].type == T_QOPEN || b->t[i].type == T_QCLOSE)
			return false;
	return true;
}

/* Apposition after a name ending at n1: ", ROLE," or ", ROLE." */
void st_appos_after(const struct blk *b, size_t n1, size_t hi, size_t *a0, size_t *a1)
{
	size_t j;

	*a0 = *a1 = n1;
	if (!tk_punct(b, n1, ','))
		return;
	j = n1 + 1;
	while (j < hi) {
		const struct tok *t = &b->t[j];
		if (t->type == T_QOPEN || t->type == T_QCLOSE)
			break;
		if (t->type == T_PUNCT && (t->cp == ';' || t->cp == ':' ||
		                           t->cp == 0x2014 || t->cp == '.' ||
		                           t->cp == '!' || t->cp == '?'))
			break;
		if (t->type == T_PUNCT && t->cp == ',') {
			/* ", Gangwon Province," continues a place. */
			size_t k = j + 1, caps = 0;
			while (k < hi && tk_cap(b, k) && caps < 4) {
				k++;
				caps++;
			}
			if (caps > 0 && caps <= 3 && (tk_punct(b, k, ',') || k == hi ||
			                              tk_punct(b, k, '.'))) {
				char w[32];
				word_lower(b, k - 1, w, sizeof w);
				if (lex_place(w) || caps == 1) {
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
static bool appositive_relative(const struct blk *b, size_t c, size_t upto)
{
	char w[32];
	size_t dummy;

	for (size_t r = c; r <= upto && r < c + 9; r++) {
		if (!tk_word(b, r))
			return false;
		if (tk_is(b, r, "who") || tk_is(b, r, "which") || tk_is(b, r, "whose"))
			return true;
		word_lower(b, r, w, sizeof w);
		if (lex_aux(w) || !strcmp(w, "that") || lex_cue(b, r, b->nt, &dummy))
			return false;
	}
	return false;
}

/* Where the clause holding token i starts, leading adverbials skipped. */
size_t st_clause_start(const struct blk *b, size_t lo, size_t i)
{
	size_t k = i;
	char w[32];

	while (k > lo) {
		const struct tok *t = &b->t[k - 1];
		if (t->type == T_QOPEN || t->type == T_QCLOSE || (t->flags & TF_INQ))
			break;
		if (t->type == T_PUNCT && (t->cp == ';' || t->cp == ':'))
			break;
		if (t->type == T_WORD && !(t->flags & TF_CAP)) {
			word_lower(b, k - 1, w, sizeof w);
			if (!strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who") ||
			    !strcmp(w, "after") || !strcmp(w, "before") || !strcmp(w, "while") ||
			    !strcmp(w, "because") || !strcmp(w, "although") ||
			    !strcmp(w, "since") || !strcmp(w, "when") || !strcmp(w, "if")) {
				/* Inside ", who asked not to be named because ...," */
				size_t c = k - 1;
				while (c > lo && !tk_punct(b, c - 1, ','))
					c--;
				if (!appositive_relative(b, c, k - 1))
					break;
			}
		}
		k--;
	}
	return k;
}

size_t st_skip_lead(const struct blk *b, size_t k, size_t hi)
{
	char w[32];

	for (int round = 0; round < 2 && k < hi; round++) {
		word_lower(b, k, w, sizeof w);
		if (!tk_word(b, k) || !lex_lead(w))
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

/* ---- pass 1: the names of the article ---- */

/* The person named in full before whose first or last name is `key`, the
 * one mentioned last when several share it. */
/* How many of the latest mentions named_person() looks through: a
 * surname refers back to a person named within the article, and no
 * article comes near this many mentions.  Without the bound, every
 * capitalised word of a long text scanned every mention before it
 * (quadratic: 82% of a 6 MB one-document run). */
#define NAMED_LOOKBACK 1024

static size_t named_person(const struct doc *d, const char *key)
{
	size_t best = NONE;
	uint64_t bp = 0;

	for (size_t i = d->nm > NAMED_LOOKBACK ? d->nm - NAMED_LOOKBACK : 0; i < d->nm; i++) {
		const struct ent *x = &d->e[d->m[i].ent];
		if (x->kind != ST_PERSON || !x->named || (best != NONE && d->m[i].pos < bp))
			continue;
		if ((x->first && x->last && !strcasecmp_ascii(x->first, key)) ||
		    (x->last && !strcasecmp_ascii(x->last, key))) {
			best = d->m[i].ent;
			bp = d->m[i].pos;
		}
	}
	return best;
}

static void mention_run(struct doc *d, const struct blk *b, const struct sent *s,
                        size_t r0, size_t r1, size_t subj)
{
	size_t ns, n, a0, a1, e;
	const char *txt;
	char w[40];
	unsigned flags = r0 == subj ? M_SUBJECT : 0;

	while (r0 < r1) {
		word_lower(b, r0, w, sizeof w);
		if (!lex_stop(w) && !lex_lead(w))
			break;
		if (lex_lead(w) && !lex_stop(w) && !(r0 == s->t0))
			break;
		r0++;
	}
	if (r0 >= r1)
		return;
	ns = st_name_start(b, r0, r1);
	if (ns < r1 && st_is_person_name(b, ns, r1)) {
		size_t rp;
		txt = tok_text(b, ns, r1, &n);
		e = st_add_ent(d, txt, n, ST_PERSON, true);
		if (e == NONE)
			return;
		st_appos_after(b, r1, s->t1, &a0, &a1);
		rp = st_role_prefix(b, s->t0, ns);
		if (a1 > a0) {
			txt = tok_text(b, a0, a1, &n);
			st_set_role(d, e, txt, n);
		} else if (rp < ns) {
			txt = tok_text(b, rp, ns, &n);
			st_set_role(d, e, txt, n);
		} else if (ns == r0 && r0 > s->t0 + 1 && tk_punct(b, r0 - 1, ',') &&
		           tk_punct(b, r1, ',')) {
			/* "The special envoy for X, NAME, said" */
			size_t c0 = st_skip_lead(b, st_clause_start(b, s->t0, r0 - 1), r0 - 1);
			bool title = false;
			for (size_t k = c0; k + 1 < r0; k++) {
				word_lower(b, k, w, sizeof w);
				if (tk_punct(b, k, ','))
					title = false, c0 = k + 1;
				else if (lex_title(w))
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
	if (ns + 1 == r1 && !(b->t[ns].flags & TF_POSS) && alpha_word(b, ns) &&
	    !all_upper(b, ns)) {
		word_lower(b, ns, w, sizeof w);
		if (!lex_stop(w) && !lex_org(w) && !lex_place(w) && !lex_title(w) &&
		    !lex_time(w) && !lex_lead(w) &&
		    (e = named_person(d, w)) != NONE) {
			st_add_mention(d, e, st_pos(b->index, b->t[ns].s), flags);
			return;
		}
	}
	/* An organisation or a place. */
	bool org = false;
	for (size_t k = r0; k < r1; k++) {
		word_lower(b, k, w, sizeof w);
		if (tk_word(b, k) && (lex_org(w) || lex_place(w) || all_upper(b, k)))
			org = true;
	}
	if (!org)
		return;
	size_t end = b->t[r1 - 1].e, ws = b->t[r1 - 1].s;
	if (b->t[r1 - 1].flags & TF_POSS) {
		flags |= M_POSS;
		/* Cut the ending only where the word has one: "members"
		 * before a separate ’ has none, and "s" is too short for
		 * either (end - 4 went before the start of the block). */
		if (end - ws > 2 && b->text[end - 2] == '\'')
			end -= 2;
		else if (end - ws > 4 && !memcmp(b->text + end - 4, "\xe2\x80\x99s", 4))
			end -= 4;
	}
	e = st_add_ent(d, b->text + b->t[r0].s, end - b->t[r0].s, ST_ORG, true);
	if (e != NONE) {
		d->e[e].place = true;
		st_add_mention(d, e, st_pos(b->index, b->t[r0].s), flags);
	}
}

void st_mentions(struct doc *d)
{
	for (size_t bi = 0; bi < d->nb && !d->nomem; bi++) {
		const struct blk *b = &d->b[bi];
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
}

/* ---- resolution ---- */

static bool is_person(const struct doc *d, size_t e, const void *arg)
{
	(void)arg;
	return d->e[e].kind == ST_PERSON;
}

static bool is_place(const struct doc *d, size_t e, const void *arg)
{
	(void)arg;
	return d->e[e].kind == ST_ORG;
}

static bool any_ent(const struct doc *d, size_t e, const void *arg)
{
	(void)d;
	(void)e;
	(void)arg;
	return true;
}

static bool has_key(const struct doc *d, size_t e, const void *arg)
{
	const char *key = arg;
	const struct ent *x = &d->e[e];

	if (x->kind != ST_PERSON || !x->named)
		return false;
	return (x->first && !strcasecmp_ascii(x->first, key)) ||
	       (x->last && !strcasecmp_ascii(x->last, key));
}

/* Whether `text` holds the word w (ASCII case-insensitive, whole word). */
static bool has_word(const char *text, const char *w)
{
	size_t n = strlen(w), tn;

	if (!text || !n)
		return false;
	tn = strlen(text);
	for (size_t i = 0; i + n <= tn; i++) {
		if (i > 0 && text[i - 1] != ' ' && text[i - 1] != '-')
			continue;
		size_t k = 0;
		for (; k < n; k++) {
			char c = text[i + k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != w[k])
				break;
		}
		if (k == n && (i + n == tn || text[i + n] == ' ' || text[i + n] == ',' ||
		               text[i + n] == '\'' || (unsigned char)text[i + n] == 0xe2))
			return true;
	}
	return false;
}

struct desc {
	char w[8][32];
	size_t n;
};

static bool matches_desc(const struct doc *d, size_t e, const void *arg)
{
	const struct desc *ds = arg;

	for (size_t i = 0; i < ds->n; i++)
		if (!has_word(d->e[e].name, ds->w[i]) && !has_word(d->e[e].role, ds->w[i]))
			return false;
	return true;
}

static bool org_with_head(const struct doc *d, size_t e, const void *arg)
{
	return d->e[e].kind == ST_ORG && d->e[e].named && has_word(d->e[e].name, arg);
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
	return !lex_place(w) && !lex_stop(w);
}

/*
 * How far back from the position looked from a look-up goes, in mentions
 * of one run.  No article comes near it; without it a hostile text of a
 * hundred thousand "“...,” Kim said." made every look-up scan every
 * mention, and extraction quadratic.
 */
#define LOOKBACK 1024

/* The latest mention of the sorted run m[from, to) in [lo, hi) that
 * passes; its index in *at.  Among mentions at one position the last
 * added wins, as in an unsorted scan. */
static size_t latest_sorted(const struct doc *d, size_t from, size_t to, uint64_t lo,
                            uint64_t hi, bool (*ok)(const struct doc *, size_t, const void *),
                            const void *arg, unsigned need, unsigned exclude, size_t *at)
{
	size_t a = from, z = to, k = 0;

	while (a < z) {
		size_t mid = a + (z - a) / 2;
		if (d->m[mid].pos < hi)
			a = mid + 1;
		else
			z = mid;
	}
	while (a > from && k++ < LOOKBACK) {
		const struct mention *m = &d->m[--a];
		if (m->pos < lo)
			break;
		if ((m->flags & need) != need || (m->flags & exclude))
			continue;
		if (ok && !ok(d, m->ent, arg))
			continue;
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
	size_t best, i1 = 0, i2 = 0, e2;

	best = latest_sorted(d, 0, d->nm_base, lo, hi, ok, arg, need, exclude, &i1);
	if (!d->m_unsorted) {
		e2 = latest_sorted(d, d->nm_base, d->nm, lo, hi, ok, arg, need, exclude, &i2);
		/* The later run wins a tie: its mentions were added last. */
		if (e2 != NONE && (best == NONE || d->m[i2].pos >= d->m[i1].pos))
			best = e2;
		return best;
	}
	uint64_t bp = best != NONE ? d->m[i1].pos : 0;
	for (size_t i = d->nm_base; i < d->nm; i++) {
		const struct mention *m = &d->m[i];
		if (m->pos >= hi || m->pos < lo || (m->flags & need) != need ||
		    (m->flags & exclude))
			continue;
		if (best != NONE && m->pos < bp)
			continue;
		if (ok && !ok(d, m->ent, arg))
			continue;
		best = m->ent;
		bp = m->pos;
	}
	return best;
}

static bool in_statement(const struct blk *b, size_t after)
{
	char w[32];

	if (after == NONE || !tk_is(b, after, "in"))
		return false;
	for (size_t k = after + 1; k < after + 5 && k < b->nt; k++) {
		word_lower(b, k, w, sizeof w);
		if (lex_doc(w))
			return true;
		if (!tk_word(b, k))
			break;
	}
	return false;
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
		/* "Kim thanked Putin for what he called ...": a pronoun in a
		 * sentence whose subject is a person refers to that subject. */
		e = latest_in(d, s0, pos, is_person, NULL, M_SUBJECT, 0);
		return e != NONE ? e : latest_in(d, 0, pos, is_person, NULL, 0, 0);
	}
	if (!strcmp(w, "who"))
		return latest_in(d, s0, pos, is_person, NULL, 0, 0);
	if (!strcmp(w, "they")) {
		if (in_statement(b, after) && d->issuer != NONE)
			return d->issuer;
		return latest_in(d, 0, pos, any_ent, NULL, M_SPEAKER, 0);
	}
	if (!strcmp(w, "it")) {
		e = latest_in(d, s0, pos, is_place, NULL, M_SUBJECT, 0);
		if (e == NONE)
			e = latest_in(d, s0, pos, is_place, NULL, 0, 0);
		if (e == NONE)
			e = latest_in(d, 0, pos, is_place, NULL, M_SPEAKER, 0);
		if (e == NONE)
			e = d->issuer;
		return e;
	}
	return NONE;
}

bool st_is_pronoun(const char *w)
{
	return !strcmp(w, "he") || !strcmp(w, "she") || !strcmp(w, "they") ||
	       !strcmp(w, "it") || !strcmp(w, "who") || !strcmp(w, "we") ||
	       !strcmp(w, "i");
}

/* A person named in tokens [i0, i1): a full name, or a surname standing for
 * the fullest name mentioned before. */
static size_t person_in(struct doc *d, const struct blk *b, size_t i0, size_t i1,
                        uint64_t pos, size_t *name0)
{
	char w[40];

	for (size_t i = i0; i < i1; i++) {
		if (!tk_cap(b, i))
			continue;
		size_t r1 = st_cap_run(b, i, i1), r0 = i, ns, n, e;
		i = r1 - 1;
		if (r0 > i0 && tk_word(b, r0 - 1)) {
			word_lower(b, r0 - 1, w, sizeof w);
			if (lex_prep(w))
				continue;
		}
		if ((b->t[r1 - 1].flags & TF_POSS) && r1 < i1)
			continue;
		while (r0 < r1) {
			word_lower(b, r0, w, sizeof w);
			if (!lex_stop(w))
				break;
			r0++;
		}
		if (r0 >= r1)
			continue;
		ns = st_name_start(b, r0, r1);
		if (ns < r1 && st_is_person_name(b, ns, r1)) {
			const char *txt = tok_text(b, ns, r1, &n);
			*name0 = ns;
			return st_add_ent(d, txt, n, ST_PERSON, true);
		}
		if (ns + 1 == r1 && tk_word(b, ns) && !all_upper(b, ns)) {
			word_lower(b, ns, w, sizeof w);
			e = latest_in(d, 0, pos, has_key, w, M_SPEAKER, 0);
			if (e == NONE)
				e = latest_in(d, 0, pos, has_key, w, 0, 0);
			if (e != NONE) {
				*name0 = ns;
				return e;
			}
			if (ns > r0 && !lex_place(w) && !lex_org(w) && !lex_stop(w)) {
				const char *txt = tok_text(b, ns, r1, &n);
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

static size_t last_persons(struct doc *d, uint64_t pos, size_t want)
{
	size_t ents[3], ne = 0;
	uint64_t hi = pos;

	while (ne < want) {
		size_t best = NONE;
		uint64_t bp = 0;
		for (size_t i = 0; i < d->nm; i++) {
			const struct mention *m = &d->m[i];
			bool dup = false;
			if (m->pos >= hi || d->e[m->ent].kind != ST_PERSON || !d->e[m->ent].named)
				continue;
			for (size_t k = 0; k < ne; k++)
				dup = dup || ents[k] == m->ent;
			if (dup || (best != NONE && m->pos < bp))
				continue;
			best = i;
			bp = m->pos;
		}
		if (best == NONE)
			return NONE;
		ents[ne++] = d->m[best].ent;
		hi = bp;
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
	char head[32], w[32];
	struct desc ds;
	size_t e;

	if (!tk_is(b, n0, "the") || n1 - n0 < 2)
		return NONE;
	for (size_t k = n0 + 1; k < n1; k++) {
		word_lower(b, k, w, sizeof w);
		if (!tk_word(b, k) || lex_prep(w))
			return NONE;
		if (!strcmp(w, "two") || !strcmp(w, "both") || !strcmp(w, "pair") ||
		    !strcmp(w, "duo"))
			return last_persons(d, pos, 2);
		if (!strcmp(w, "three") || !strcmp(w, "trio"))
			return last_persons(d, pos, 3);
	}
	word_lower(b, n1 - 1, head, sizeof head);
	if (lex_org(head)) {
		e = latest_in(d, 0, pos, org_with_head, head, 0, M_POSS);
		if (e != NONE)
			return e;
	}
	/* "Larkfield, the homeware retailer, has warned ... The company
	 * said": "the company" or "the firm" is the organisation that spoke
	 * last, when no organisation's name holds that word. */
	if (n1 - n0 == 2 && (!strcmp(head, "company") || !strcmp(head, "firm") ||
	                     !strcmp(head, "group") || !strcmp(head, "retailer") ||
	                     !strcmp(head, "carrier") || !strcmp(head, "bank") ||
	                     !strcmp(head, "operator") || !strcmp(head, "chain"))) {
		e = latest_in(d, 0, pos, org_speaker, NULL, M_SPEAKER, 0);
		if (e != NONE)
			return e;
	}
	if (!strcmp(head, "country") || !strcmp(head, "nation") || !strcmp(head, "regime") ||
	    !strcmp(head, "state")) {
		e = latest_in(d, 0, pos, is_place, NULL, M_SUBJECT, M_POSS);
		if (e != NONE)
			return e;
	}
	ds.n = 0;
	for (size_t k = n0 + 1; k < n1 && ds.n < 8; k++) {
		word_lower(b, k, ds.w[ds.n], sizeof ds.w[0]);
		if (!lex_stop(ds.w[ds.n]))
			ds.n++;
	}
	if (ds.n == 0)
		return NONE;
	return latest_in(d, 0, pos, matches_desc, &ds, 0, 0);
}

static size_t resolve_doc(struct doc *d, const struct blk *b, size_t n0, size_t n1,
                          uint64_t pos)
{
	char w[32];
	size_t h = NONE, sub = NONE, name0, e;
	int prio = 0;

	for (size_t k = n0; k < n1 && k < n0 + 5; k++) {
		word_lower(b, k, w, sizeof w);
		if (!tk_word(b, k))
			continue;
		if (lex_doc(w) && !(b->t[k].flags & TF_POSS)) {
			h = k;
			break;
		}
		if (lex_prep(w) || lex_aux(w))
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
			size_t n = b->t[k].e - b->t[r].s;
			n -= b->text[b->t[k].e - 2] == '\'' ? 2 : 4;
			e = st_add_ent(d, b->text + b->t[r].s, n, ST_ORG, true);
		}
		return d->issuer = e;
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
			return d->issuer = e;
	}
	return d->issuer;
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
	if (n1 - n0 == 1 && st_is_pronoun(w))
		return resolve_pronoun(d, b, n0, sent_t0, np->after);
	e = resolve_doc(d, b, n0, n1, pos);
	if (e != NONE || d->nomem)
		return e;
	e = resolve_coord(d, b, n0, n1, pos);
	if (e != NONE || d->nomem)
		return e;
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
	e = resolve_definite(d, b, n0, n1, pos);
	if (e != NONE || d->nomem)
		return e;
	/* A proper name of an organisation or a place, or words as written. */
	{
		size_t k = n0, last = n1 - 1;
		bool caps = true, orgish = false, plural, andw = false;
		if (tk_is(b, k, "the"))
			k++;
		for (size_t i = k; i < n1; i++) {
			word_lower(b, i, w, sizeof w);
			if (tk_word(b, i) && !tk_cap(b, i) && !(tk_is(b, i, "of") || tk_is(b, i, "for")))
				caps = false;
			if (tk_word(b, i) && (lex_org(w) || lex_place(w) || all_upper(b, i)))
				orgish = true;
			if (tk_is(b, i, "and"))
				andw = true;
			if (tk_word(b, i) && lex_prep(w) && last == n1 - 1 && i > n0)
				last = i - 1;
		}
		word_lower(b, last, w, sizeof w);
		plural = andw || (strlen(w) > 3 && w[strlen(w) - 1] == 's' &&
		                  w[strlen(w) - 2] != 's' && !(b->t[last].flags & TF_POSS));
		if (caps && orgish)
			kind = ST_ORG;
		else if (plural)
			kind = ST_GROUP;
		else if (lex_title(w) || !strcmp(w, "source") || !strcmp(w, "person"))
			kind = ST_PERSON;
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
