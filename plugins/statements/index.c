/*
 * index.c: speed machinery, no language rule: the entity table of the
 * article and the indexes over it.  Entities by name (a hash table),
 * name keys (first and last names of the named persons, for "Kim said"
 * to find the "Kim Jong Un" mentioned last), the word sets of names and
 * roles, and the mentions in two runs sorted by place, so that every
 * look-up of mentions.c and chains.c gives what a plain scan over the
 * mentions gave, without the scan: a long text has hundreds of
 * thousands of mentions.
 *
 * Input: entities and mentions added by mentions.c and chains.c.
 * Output: the look-ups chains.c resolves speakers with.
 */
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

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

/* A byte with bit 5 set: blind to ASCII case, for the hashes of names and
 * words, which need only that equal ones hash alike (it merges more than
 * case, which costs a comparison now and then). */
static unsigned char blind(char c)
{
	return (unsigned char)c | 0x20;
}

/* A hash of a name that same_name() calls equal: case blind, a leading
 * "the " dropped. */
static size_t name_hash(const char *a, size_t na)
{
	size_t h = 14695981039346656037u;

	if (na >= 4 && (a[0] == 't' || a[0] == 'T') && (a[1] == 'h' || a[1] == 'H') &&
	    (a[2] == 'e' || a[2] == 'E') && a[3] == ' ') {
		a += 4;
		na -= 4;
	}
	for (size_t i = 0; i < na; i++)
		h = (h ^ blind(a[i])) * 1099511628211u;
	return h;
}

/* The entity named name[0..n), or NONE.  Through the index: a scan of
 * every entity per name made a text naming a hundred thousand people
 * quadratic. */
static size_t ent_find(const struct doc *d, const char *name, size_t n)
{
	uint32_t h = (uint32_t)name_hash(name, n);

	if (d->cap_ix == 0)
		return NONE;
	for (size_t k = h & (d->cap_ix - 1);; k = (k + 1) & (d->cap_ix - 1)) {
		const struct ix_slot *slot = &d->ent_ix[k];
		if (slot->id == 0)
			return NONE;
		if (slot->hash == h && same_name(d->e[slot->id - 1].name,
		                                 strlen(d->e[slot->id - 1].name), name, n))
			return slot->id - 1;
	}
}

/* Puts id with its hash in the first free slot of ix. */
static void ix_put(struct ix_slot *ix, size_t cap, uint32_t id, uint32_t hash)
{
	size_t k = hash & (cap - 1);

	while (ix[k].id != 0)
		k = (k + 1) & (cap - 1);
	ix[k].id = id;
	ix[k].hash = hash;
}

/* An index twice the size of *cap, holding the slots of the old one. */
static struct ix_slot *ix_grow(struct ix_slot *old, size_t *cap, size_t first_cap)
{
	size_t nc = *cap ? *cap * 2 : first_cap;
	struct ix_slot *ix = calloc(nc, sizeof *ix);

	if (!ix)
		return NULL;
	for (size_t k = 0; k < *cap; k++)
		if (old[k].id)
			ix_put(ix, nc, old[k].id, old[k].hash);
	free(old);
	*cap = nc;
	return ix;
}

/* Puts entity i = d->ne (its name set) in the index; false on OOM. */
static bool ent_index(struct doc *d, size_t i)
{
	if ((i + 1) * 2 > d->cap_ix) {
		struct ix_slot *ix = ix_grow(d->ent_ix, &d->cap_ix, 32);
		if (!ix)
			return false;
		d->ent_ix = ix;
	}
	ix_put(d->ent_ix, d->cap_ix, (uint32_t)(i + 1),
	       (uint32_t)name_hash(d->e[i].name, strlen(d->e[i].name)));
	return true;
}

/* ---- name keys (struct name_keys) ---- */

static uint32_t key_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ blind(*s)) * 16777619u;
	return h;
}

/* The slot of key s (hash h) in nk->ix: where its id is, or the empty
 * slot it would take.  nk->cap_ix must be nonzero. */
static struct ix_slot *key_slot(const struct name_keys *nk, const char *s, uint32_t h)
{
	for (size_t k = h & (nk->cap_ix - 1);; k = (k + 1) & (nk->cap_ix - 1)) {
		struct ix_slot *slot = &nk->ix[k];
		if (slot->id == 0 ||
		    (slot->hash == h && !strcasecmp_ascii(nk->k[slot->id - 1].s, s)))
			return slot;
	}
}

/* The id of key s, or 0 when no named person has it. */
uint32_t st_key_find(const struct doc *d, const char *s)
{
	return d->nk.cap_ix ? key_slot(&d->nk, s, key_hash(s))->id : 0;
}

/* The id of key s, added when new; s must live as long as the document's
 * entities.  0 when memory ran out. */
static uint32_t key_intern(struct doc *d, const char *s)
{
	struct name_keys *nk = &d->nk;
	struct ix_slot *slot;
	uint32_t h = key_hash(s);

	if ((nk->nk + 1) * 2 > nk->cap_ix) {
		struct ix_slot *ix;
		struct name_key *k;
		if (nk->nk >= UINT32_MAX - 1)
			return 0;
		k = realloc(nk->k, (nk->cap_ix ? nk->cap_ix : 128) * sizeof *k);
		if (!k)
			return 0;
		nk->k = k;
		if (!(ix = ix_grow(nk->ix, &nk->cap_ix, 256)))
			return 0;
		nk->ix = ix;
	}
	slot = key_slot(nk, s, h);
	if (slot->id == 0) {
		memset(&nk->k[nk->nk], 0, sizeof nk->k[nk->nk]);
		nk->k[nk->nk].s = s;
		slot->id = (uint32_t)++nk->nk;
		slot->hash = h;
	}
	return slot->id;
}

/* A named person's keys: what has_key() matches, as ids. */
static bool ent_keys(struct doc *d, struct ent *e)
{
	e->key_a = key_intern(d, e->first);
	e->key_b = e->last ? key_intern(d, e->last) : 0;
	return e->key_a && (!e->last || e->key_b);
}

/* ---- the words of names and roles (has_word's filter) ---- */

/* FNV-1a, ASCII case-insensitive, a byte at a time. */
#define WORD_HASH_START 14695981039346656037u

static uint64_t word_hash_step(uint64_t h, char c)
{
	return (h ^ blind(c)) * 1099511628211u;
}

static uint64_t hash_bits(uint64_t h)
{
	return (1ull << (h & 63)) | (1ull << (h >> 58));
}

/* Two bits of a 64-bit set for the word w[0..n). */
uint64_t st_word_bits(const char *w, size_t n)
{
	uint64_t h = WORD_HASH_START;

	for (size_t k = 0; k < n; k++)
		h = word_hash_step(h, w[k]);
	return hash_bits(h);
}

/* Adds to *set the bits of every word has_word() can find in `text`: each
 * stretch from a word start (after a space or a hyphen) to a word end (a
 * space, a comma, an apostrophe, a ’ or the end), no space inside, as a
 * word looked for is one token and holds none. */
static void add_words(uint64_t *set, const char *text)
{
	for (size_t i = 0; text[i]; i++) {
		uint64_t h = WORD_HASH_START;
		if (i > 0 && text[i - 1] != ' ' && text[i - 1] != '-')
			continue;
		/* The hash of text[i..j) grows with j, as word_bits'. */
		for (size_t j = i;; j++) {
			unsigned char c = (unsigned char)text[j];
			if (j > i && (c == 0 || c == ' ' || c == ',' || c == '\'' || c == 0xe2))
				*set |= hash_bits(h);
			if (c == 0 || c == ' ')
				break;
			h = word_hash_step(h, (char)c);
		}
	}
}

size_t st_add_ent(struct doc *d, const char *name, size_t n, int kind, bool named)
{
	struct ent *e;
	size_t found;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == ','))
		n--;
	if ((found = ent_find(d, name, n)) != NONE)
		return found;
	if (d->ne == d->cap_e && st_grow(&d->e, &d->cap_e, 16, sizeof *d->e) < 0)
		goto out_nomem;
	e = &d->e[d->ne];
	memset(e, 0, sizeof *e);
	e->name = st_arena_strndup(&d->arena, name, n);
	if (!e->name)
		goto out_nomem;
	e->kind = kind;
	e->named = named;
	add_words(&e->words, e->name);
	if (kind == ST_PERSON && named) {
		const char *sp = memchr(name, ' ', n), *lsp = sp;
		if (sp) {
			for (const char *p = sp; p && p < name + n; p = memchr(p + 1, ' ', (size_t)(name + n - p - 1)))
				lsp = p;
			e->first = st_arena_strndup(&d->arena, name, (size_t)(sp - name));
			e->last = st_arena_strndup(&d->arena, lsp + 1, (size_t)(name + n - lsp - 1));
		} else {
			e->first = e->name;
		}
		if (!e->first || (sp && !e->last))
			goto out_nomem;
	}
	if (d->ne >= UINT32_MAX - 1 || !ent_index(d, d->ne))
		goto out_nomem;
	if (kind == ST_PERSON && named && !ent_keys(d, e))
		d->nomem = true;
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
	d->e[e].role = st_arena_strndup(&d->arena, role, n);
	if (!d->e[e].role)
		d->nomem = true;
	else
		add_words(&d->e[e].words, d->e[e].role);
}

void st_set_role_parts(struct doc *d, size_t e, const char *a, size_t na, const char *z,
                       size_t nz)
{
	char *role;

	if (na == 0 || nz == 0) {
		st_set_role(d, e, na ? a : z, na ? na : nz);
		return;
	}
	if (e == NONE || e >= d->ne || d->e[e].role)
		return;
	if ((role = st_arena_alloc(&d->arena, na + 1 + nz + 1)) == NULL) {
		d->nomem = true;
		return;
	}
	memcpy(role, a, na);
	role[na] = ' ';
	memcpy(role + na + 1, z, nz);
	role[na + 1 + nz] = '\0';
	st_set_role(d, e, role, na + 1 + nz);
}

/*
 * The second run of mentions (the speakers, added as statements are found)
 * is kept in text order, as the first is, so that every look-up searches
 * back from a position (chains.c).  A statement found after one that
 * follows it (a sentence's reported clause after its quotations, which
 * st_extract finds first) puts its speaker's mention before the latest.
 * The mentions it moves are that sentence's: one or two on news, and in a
 * hostile sentence of many quotations at most MAX_CUES reported clauses
 * go back past them, so the moving stays linear in the text.
 * Among mentions at one position the last added comes last, so a search
 * back finds it first.
 */

/* Second-run mention i (numbered from ST_RUN2), writable. */
static struct mention *m2_at(struct doc *d, size_t i)
{
	return &d->m2[i - ST_RUN2];
}

/* The link slot of second-run mention i on the chain of key id. */
static uint32_t *chain_slot(struct doc *d, size_t i, uint32_t id)
{
	uint32_t *l = d->nk.link[i - ST_RUN2];

	return d->e[m2_at(d, i)->ent].key_a == id ? &l[0] : &l[1];
}

/* Moves the second run's mentions [p, end) one place on to make room at
 * p, and renumbers the links and key heads that point at them. */
static void make_room(struct doc *d, size_t p)
{
	struct name_keys *nk = &d->nk;
	size_t end = st_run2_end(d), n = end - p;

	/* Each key's head points at one mention; from the last, so a head
	 * moved on is not met again. */
	for (size_t j = end; j-- > p;) {
		const struct ent *e = &d->e[m2_at(d, j)->ent];
		if (e->key_a && nk->k[e->key_a - 1].latest == j + 1)
			nk->k[e->key_a - 1].latest++;
		if (e->key_b && nk->k[e->key_b - 1].latest == j + 1)
			nk->k[e->key_b - 1].latest++;
	}
	memmove(m2_at(d, p + 1), m2_at(d, p), n * sizeof *d->m2);
	memmove(&nk->link[p + 1 - ST_RUN2], &nk->link[p - ST_RUN2], n * sizeof *nk->link);
	for (size_t j = p + 1; j <= end; j++)
		for (int s = 0; s < 2; s++)
			if (nk->link[j - ST_RUN2][s] > p)
				nk->link[j - ST_RUN2][s]++;
}

/* Puts second-run mention i (of entity e) on its keys' speaker chains,
 * each in text order: after the key's latest mention before it. */
static void link_keys(struct doc *d, size_t i, const struct ent *e)
{
	uint32_t *l = d->nk.link[i - ST_RUN2];
	uint32_t id[2] = { e->key_a, e->key_b };

	for (int s = 0; s < 2; s++) {
		struct name_key *k;
		uint32_t *next = NULL, v;

		l[s] = 0;
		if (id[s] == 0)
			continue;
		if (s == 1 && id[1] == id[0]) { /* one chain, on l[0] */
			l[1] = l[0];
			break;
		}
		k = &d->nk.k[id[s] - 1];
		/* The key's mentions after i, back to the one before it. */
		for (v = k->latest; v > ST_RUN2 && v - 1 > i; v = *next)
			next = chain_slot(d, v - 1, id[s]);
		l[s] = v > ST_RUN2 ? v : 0;
		if (next)
			*next = (uint32_t)(i + 1);
		else
			k->latest = (uint32_t)(i + 1);
	}
}

/* Where a second-run mention at pos goes: after every one at or before it. */
static size_t run2_place(const struct doc *d, uint64_t pos)
{
	size_t lo = ST_RUN2, hi = st_run2_end(d);

	if (hi == lo || st_mention(d, hi - 1)->pos <= pos) /* nearly always */
		return hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st_mention(d, mid)->pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The mention flags that say what entity ent is. */
static unsigned ent_flags(const struct doc *d, size_t ent)
{
	const struct ent *e = &d->e[ent];

	return (e->kind == ST_PERSON ? M_PERSON : 0) | (e->kind == ST_ORG ? M_ORG : 0) |
	       (e->named ? M_NAMED : 0);
}

void st_add_speaker(struct doc *d, size_t ent, uint64_t pos)
{
	struct mention *m;
	size_t p;

	if (ent == NONE)
		return;
	/* Numbered from ST_RUN2 in 32 bits (the name-key links). */
	if (d->nm2 == d->cap_m2 &&
	    (d->cap_m2 >= ST_RUN2 / 2 || st_grow(&d->m2, &d->cap_m2, 32, sizeof *d->m2) < 0)) {
		d->nomem = true;
		return;
	}
	if (d->nm2 == d->nk.cap_link &&
	    st_grow(&d->nk.link, &d->nk.cap_link, 64, sizeof *d->nk.link) < 0) {
		d->nomem = true;
		return;
	}
	p = run2_place(d, pos);
	if (p < st_run2_end(d))
		make_room(d, p);
	m = m2_at(d, p);
	m->ent = (uint32_t)ent;
	m->pos = pos;
	m->flags = M_SPEAKER | ent_flags(d, ent);
	d->nm2++;
	d->flags2 |= m->flags;
	link_keys(d, p, &d->e[ent]);
}

/* Appends st_mentions' mention i to key id's run1, its mentions in text
 * order; false when memory ran out. */
static bool key_push(struct name_key *k, size_t i)
{
	if (k->n1 == k->cap1) {
		size_t cap = k->cap1;
		if (st_grow(&k->run1, &cap, 4, sizeof *k->run1) < 0 || cap > UINT32_MAX)
			return false;
		k->cap1 = (uint32_t)cap;
	}
	k->run1[k->n1++] = (uint32_t)i;
	return true;
}

void st_add_mention(struct doc *d, size_t ent, uint64_t pos, unsigned flags)
{
	const struct ent *e;
	struct name_key *ka, *kb;
	struct mention *m;

	if (ent == NONE)
		return;
	/* Numbered below ST_RUN2 in 32 bits (the name keys' runs). */
	if (d->nm == d->cap_m &&
	    (d->cap_m >= ST_RUN2 / 2 || st_grow(&d->m, &d->cap_m, 32, sizeof *d->m) < 0)) {
		d->nomem = true;
		return;
	}
	e = &d->e[ent];
	ka = e->key_a ? &d->nk.k[e->key_a - 1] : NULL;
	kb = e->key_b && e->key_b != e->key_a ? &d->nk.k[e->key_b - 1] : NULL;
	/* st_mentions adds its run in text order: each key's run1 stays
	 * ascending by appending. */
	if ((ka && !key_push(ka, d->nm)) || (kb && !key_push(kb, d->nm))) {
		d->nomem = true;
		return;
	}
	m = &d->m[d->nm];
	m->ent = (uint32_t)ent;
	m->pos = pos;
	m->flags = flags | ent_flags(d, ent);
	d->nm++;
	d->flags1 |= m->flags;
	if (e->key_b) {
		d->nk.k[e->key_a - 1].latest_full = (uint32_t)d->nm;
		d->nk.k[e->key_b - 1].latest_full = (uint32_t)d->nm;
	}
}

void st_mentions_free(struct doc *d)
{
	for (size_t k = 0; k < d->nk.nk; k++)
		free(d->nk.k[k].run1);
	free(d->m);
	free(d->m2);
	free(d->nk.k);
	free(d->nk.ix);
	free(d->nk.link);
	d->m = d->m2 = NULL;
	d->nm = d->cap_m = d->nm2 = d->cap_m2 = 0;
	memset(&d->nk, 0, sizeof d->nk);
}
