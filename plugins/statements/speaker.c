/*
 * speaker.c: who is speaking.  Builds the article's entity table from its
 * proper names (persons with the role given at first mention, organisations
 * and places), then resolves each speaker phrase to an entity by sieves, in
 * the spirit of published quote-attribution work: names in a phrase, the
 * fullest name for a surname, pronouns to the most recent compatible
 * mention, documents to their issuer, definite descriptions to the entity
 * they describe, and anything else as written.
 *
 * A long text has hundreds of thousands of mentions: every look-up goes
 * through an index (names, name keys, runs of mentions sorted by place)
 * and gives what the plain scan over the mentions gave.  The arena the
 * extractor keeps its long-lived pieces in is here too.
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

/* ---- the arena ---- */

struct st_chunk {
	struct st_chunk *next;
	max_align_t data[]; /* the chunk's bytes follow */
};

/* Chunks of at least this size: few enough that their mallocs do not
 * count, small enough to waste little of the last. */
#define CHUNK_SIZE ((size_t)1 << 20)

void *st_arena_alloc(struct st_arena *a, size_t n)
{
	size_t align = 8, size; /* our arrays hold no field wider than 8 bytes */
	struct st_chunk *c;
	void *p;

	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + align - 1) / align * align;
	if (n > a->left) {
		size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
		c = malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->next = a->chunks;
		a->chunks = c;
		a->p = (char *)c->data;
		a->left = size;
	}
	p = a->p;
	a->p += n;
	a->left -= n;
	return p;
}

char *st_arena_strndup(struct st_arena *a, const char *s, size_t n)
{
	char *p = n < SIZE_MAX ? st_arena_alloc(a, n + 1) : NULL;

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

int st_grow(void *arr, size_t *cap, size_t first, size_t size)
{
	size_t nc = *cap ? *cap * 2 : first;
	void *p;

	if (nc < *cap || nc > SIZE_MAX / size)
		return -1;
	p = realloc(*(void **)arr, nc * size);
	if (!p)
		return -1;
	*(void **)arr = p;
	*cap = nc;
	return 0;
}

void st_arena_free(struct st_arena *a)
{
	while (a->chunks) {
		struct st_chunk *c = a->chunks;
		a->chunks = c->next;
		free(c);
	}
	a->p = NULL;
	a->left = 0;
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
static uint32_t key_find(const struct doc *d, const char *s)
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
static uint64_t word_bits(const char *w, size_t n)
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

/* Puts mention i (of entity e) at the head of its keys' speaker chains. */
static void link_keys(struct doc *d, size_t i, const struct ent *e)
{
	struct name_keys *nk = &d->nk;
	uint32_t *l = nk->link[i - d->nm_base];
	struct name_key *a = e->key_a ? &nk->k[e->key_a - 1] : NULL;
	struct name_key *z = e->key_b ? &nk->k[e->key_b - 1] : NULL;

	l[0] = a && a->latest > d->nm_base ? a->latest : 0;
	l[1] = z && z->latest > d->nm_base ? z->latest : 0;
	if (a)
		a->latest = (uint32_t)(i + 1);
	if (z)
		z->latest = (uint32_t)(i + 1);
}

void st_add_mention(struct doc *d, size_t ent, uint64_t pos, unsigned flags)
{
	const struct ent *e;

	if (ent == NONE)
		return;
	/* Mentions are counted in 32 bits (the name-key links). */
	if (d->nm == d->cap_m &&
	    (d->cap_m >= (size_t)1 << 31 || st_grow(&d->m, &d->cap_m, 32, sizeof *d->m) < 0)) {
		d->nomem = true;
		return;
	}
	if (d->run2 && d->nm - d->nm_base == d->nk.cap_link &&
	    st_grow(&d->nk.link, &d->nk.cap_link, 64, sizeof *d->nk.link) < 0) {
		d->nomem = true;
		return;
	}
	if (d->nm > d->nm_base && pos < d->m[d->nm - 1].pos)
		d->m_unsorted = true;
	e = &d->e[ent];
	flags |= (e->kind == ST_PERSON ? M_PERSON : 0) | (e->kind == ST_ORG ? M_ORG : 0) |
	         (e->named ? M_NAMED : 0);
	d->m[d->nm].ent = (uint32_t)ent;
	d->m[d->nm].pos = pos;
	d->m[d->nm].flags = flags;
	if (d->run2) {
		d->flags2 |= flags;
		link_keys(d, d->nm, e);
	} else {
		d->flags1 |= flags;
		if (e->key_a)
			d->nk.k[e->key_a - 1].latest = (uint32_t)(d->nm + 1);
		if (e->key_b) {
			d->nk.k[e->key_a - 1].latest_full = (uint32_t)(d->nm + 1);
			d->nk.k[e->key_b - 1].latest = (uint32_t)(d->nm + 1);
			d->nk.k[e->key_b - 1].latest_full = (uint32_t)(d->nm + 1);
		}
	}
	d->nm++;
}

void st_index_mentions(struct doc *d)
{
	struct name_keys *nk = &d->nk;
	size_t total = 0;

	d->nm_base = d->nm;
	d->run2 = true;
	/* Group the run's mentions by key, in text order within a key. */
	for (size_t i = 0; i < d->nm; i++) {
		const struct ent *e = &d->e[d->m[i].ent];
		if (e->key_a)
			nk->k[e->key_a - 1].n++;
		if (e->key_b && e->key_b != e->key_a)
			nk->k[e->key_b - 1].n++;
	}
	for (size_t k = 0; k < nk->nk; k++) {
		nk->k[k].off = (uint32_t)total;
		total += nk->k[k].n;
		nk->k[k].n = 0;
	}
	nk->run1 = malloc((total ? total : 1) * sizeof *nk->run1);
	if (!nk->run1) {
		d->nomem = true;
		return;
	}
	for (size_t i = 0; i < d->nm; i++) {
		const struct ent *e = &d->e[d->m[i].ent];
		if (e->key_a) {
			struct name_key *k = &nk->k[e->key_a - 1];
			nk->run1[k->off + k->n++] = (uint32_t)i;
		}
		if (e->key_b && e->key_b != e->key_a) {
			struct name_key *k = &nk->k[e->key_b - 1];
			nk->run1[k->off + k->n++] = (uint32_t)i;
		}
	}
}

void st_mentions_free(struct doc *d)
{
	free(d->m);
	free(d->nk.k);
	free(d->nk.ix);
	free(d->nk.run1);
	free(d->nk.link);
	d->m = NULL;
	d->nm = d->cap_m = 0;
	memset(&d->nk, 0, sizeof d->nk);
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

	for (size_t k = r1; k > r0; k--) {
		if ((tk_lists(b, k - 1, TK_ROOM) & LX_TITLE) && k < r1) {
			ns = k;
			break;
		}
	}
	while (ns < r1) {
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

bool st_is_person_name(const struct blk *b, size_t n0, size_t n1)
{
	size_t words = 0;

	for (size_t i = n0; i < n1; i++) {
		if (tk_punct(b, i, '.') && i > n0 && b->t[i - 1].e - b->t[i - 1].s == 1)
			continue;
		/* The word lists first, the bytes last: st_name_start asks
		 * every tail of a long run. */
		if (!tk_cap(b, i) || (b->t[i].flags & TF_POSS && i + 1 < n1))
			return false;
		if (tk_lists(b, i, TK_ROOM_WIDE) & (LX_STOP | LX_ORG | LX_PLACE | LX_TIME |
		                                    LX_TITLE | LX_HONORIFIC | LX_DOC))
			return false;
		if (++words > 4 || !alpha_word(b, i) || all_upper(b, i))
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

bool st_role_valid(const struct blk *b, size_t a0, size_t a1)
{
	size_t dummy;

	if (a1 <= a0 || a1 - a0 > 30 || !tk_word(b, a0))
		return false;
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
	return true;
}

/* Apposition after a name ending at n1: ", ROLE," or ", ROLE." */
void st_appos_after(const struct blk *b, size_t n1, size_t hi, size_t *a0, size_t *a1)
{
	size_t j;

	*a0 = *a1 = n1;
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
static bool appositive_relative(const struct blk *b, size_t c, size_t upto)
{
	size_t dummy;

	for (size_t r = c; r <= upto && r < c + 9; r++) {
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
	static const char *const openers[] = { "that", "which", "who", "after", "before",
		"while", "because", "although", "since", "when", "if" };

	while (k > lo) {
		const struct tok *t = &b->t[k - 1];
		if (t->type == T_QOPEN || t->type == T_QCLOSE || (t->flags & TF_INQ))
			break;
		if (t->type == T_PUNCT && (t->cp == ';' || t->cp == ':'))
			break;
		if (t->type == T_WORD && !(t->flags & TF_CAP) &&
		    tk_word_in(b, k - 1, openers, sizeof openers / sizeof *openers)) {
			/* Inside ", who asked not to be named because ...," */
			size_t c = k - 1;
			while (c > lo && !tk_punct(b, c - 1, ','))
				c--;
			if (!appositive_relative(b, c, k - 1))
				break;
		}
		k--;
	}
	return k;
}

/* Longest time phrase opening a sentence: "Eight years ago,", "Two
 * days later,", "Monday night,". */
#define TIME_LEAD_MAX 5

static const char *const time_units[] = { "ago", "years", "months", "weeks", "days",
	"hours", "decades" };
/* The other words of such a phrase: counts and determiners. */
static const char *const time_words[] = { "a", "an", "the", "this", "that", "last", "next",
	"few", "several", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "twenty", "hundred", "early", "late" };

bool st_digits(const struct blk *b, size_t i)
{
	const struct tok *t = &b->t[i];

	if (t->type != T_WORD)
		return false;
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
		    tk_word_in(b, i, time_units, sizeof time_units / sizeof *time_units))
			timed = true;
		else if (!tk_word_in(b, i, time_words, sizeof time_words / sizeof *time_words) &&
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
		if (!(tk_lists(b, k, TK_ROOM) & LX_LEAD))
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

/* The scan this replaces took, among the last NAMED_LOOKBACK mentions,
 * the latest in the text of a named person with the key as the first or
 * the last of two or more names.  st_mentions adds
 * its mentions in text order, so that is the key's latest mention, when it
 * is among the last NAMED_LOOKBACK. */
static size_t named_person(const struct doc *d, const char *key)
{
	uint32_t id = key_find(d, key), latest;

	if (id == 0 || (latest = d->nk.k[id - 1].latest_full) == 0)
		return NONE;
	if (d->nm > NAMED_LOOKBACK && latest - 1 < d->nm - NAMED_LOOKBACK)
		return NONE;
	return d->m[latest - 1].ent;
}

/* "Mrs Okafor", "Mr. Lund": what an honorific among tokens [r0, ns)
 * before a name says of entity e's gender. */
static void note_honorific(struct doc *d, size_t e, const struct blk *b, size_t r0, size_t ns)
{
	char w[16];
	int g;

	if (e == NONE)
		return;
	for (size_t k = r0; k < ns; k++) {
		if (!(tk_lists(b, k, TK_ROOM) & LX_HONORIFIC))
			continue;
		word_lower(b, k, w, sizeof w);
		if ((g = st_words_gender(w)) != ST_G_UNKNOWN)
			d->e[e].gender_said = (uint8_t)g;
	}
}

/* The entity the acronym at token i stands for ("CFC", "CFC's"), or NONE. */
static size_t acronym_ent(const struct doc *d, const struct blk *b, size_t i)
{
	size_t n = b->t[i].e - b->t[i].s;
	const char *t = b->text + b->t[i].s;

	if (!d->nacro || !all_upper(b, i))
		return NONE;
	if (b->t[i].flags & TF_POSS)
		n -= n > 2 && t[n - 2] == '\'' ? 2 : n > 4 ? 4 : 0;
	for (size_t k = 0; k < d->nacro; k++)
		if (strlen(d->acro[k].a) == n && !memcmp(d->acro[k].a, t, n))
			return d->acro[k].ent;
	return NONE;
}

/* "Coastal Fisheries Council (CFC)": whether the run [r0, r1) ends with an
 * acronym in brackets made of the initials of its capitalised words. */
static bool defines_acronym(const struct blk *b, size_t r0, size_t r1)
{
	size_t n, k = 0;
	const char *a;

	if (r1 < r0 + 5 || !tk_punct(b, r1 - 3, '(') || !tk_punct(b, r1 - 1, ')') ||
	    !all_upper(b, r1 - 2))
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

static void add_acronym(struct doc *d, const struct blk *b, size_t i, size_t e)
{
	size_t n = b->t[i].e - b->t[i].s;

	if (d->nacro == ACRONYMS_MAX || acronym_ent(d, b, i) != NONE)
		return;
	memcpy(d->acro[d->nacro].a, b->text + b->t[i].s, n);
	d->acro[d->nacro].a[n] = 0;
	d->acro[d->nacro++].ent = e;
}

/* "the Ministry of Inland Waterways": the capitalised words after "of" in
 * a run that opens with an organisation word name no person. */
static bool org_of(const struct blk *b, size_t r0, size_t ns)
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
	if (ns < r1 && st_is_person_name(b, ns, r1) && !org_of(b, r0, ns)) {
		size_t rp;
		txt = tok_text(b, ns, r1, &n);
		e = st_add_ent(d, txt, n, ST_PERSON, true);
		if (e == NONE)
			return;
		note_honorific(d, e, b, r0, ns);
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
	if (ns + 1 == r1 && !(b->t[ns].flags & TF_POSS) && alpha_word(b, ns) &&
	    !all_upper(b, ns)) {
		word_lower(b, ns, w, sizeof w);
		if (!(tk_lists(b, ns, sizeof w) & (LX_STOP | LX_ORG | LX_PLACE | LX_TITLE |
		                                   LX_TIME | LX_LEAD)) &&
		    (e = named_person(d, w)) != NONE) {
			note_honorific(d, e, b, r0, ns);
			st_add_mention(d, e, st_pos(b->index, b->t[ns].s), flags);
			return;
		}
	}
	/* "CFC" after "the Coastal Fisheries Council (CFC)" */
	if (r1 == r0 + 1 && (e = acronym_ent(d, b, r0)) != NONE) {
		st_add_mention(d, e, st_pos(b->index, b->t[r0].s), flags);
		return;
	}
	size_t acr = NONE;
	if (defines_acronym(b, r0, r1)) {
		acr = r1 - 2;
		r1 -= 3;
	}
	/* An organisation or a place. */
	bool org = acr != NONE;
	for (size_t k = r0; k < r1; k++)
		if (tk_word(b, k) && ((tk_lists(b, k, sizeof w) & (LX_ORG | LX_PLACE)) ||
		                      all_upper(b, k)))
			org = true;
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
		if (acr != NONE)
			add_acronym(d, b, acr, e);
		d->e[e].place = true;
		st_add_mention(d, e, st_pos(b->index, b->t[r0].s), flags);
	}
}

/*
 * A headline in title case ("Former Aide Says Senator Is In Trouble"):
 * every word of HEADLINE_LONG or more letters capitalised, HEADLINE_WORDS
 * of them at least, and no sentence ending inside.  Its capitalised runs
 * are no names: a run of them would be taken for a person.
 */
#define HEADLINE_WORDS 4 /* fewer is a name or a dateline, not a headline */
#define HEADLINE_LONG 4  /* shorter words (of, in, to) keep lower case */

static bool headline(const struct blk *b)
{
	size_t long_words = 0;

	if (b->ns > 1)
		return false;
	for (size_t i = 0; i < b->nt; i++) {
		if (!tk_word(b, i) || b->t[i].e - b->t[i].s < HEADLINE_LONG || !alpha_word(b, i))
			continue;
		if (!tk_cap(b, i))
			return false;
		long_words++;
	}
	return long_words >= HEADLINE_WORDS;
}

void st_mentions(struct doc *d)
{
	for (size_t bi = 0; bi < d->nb && !d->nomem; bi++) {
		const struct blk *b = &d->b[bi];
		if (headline(b))
			continue;
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

/* A word has_word() looks for, and its word_bits(). */
struct word {
	char w[32];
	uint64_t bits;
};

static void word_set(struct word *x, const struct blk *b, size_t i)
{
	tk_copy_lower(b, i, x->w, sizeof x->w);
	x->bits = word_bits(x->w, strlen(x->w));
}

struct desc {
	struct word w[8];
	size_t n;
};

static bool matches_desc(const struct doc *d, size_t e, const void *arg)
{
	const struct desc *ds = arg;
	const struct ent *x = &d->e[e];

	for (size_t i = 0; i < ds->n; i++)
		if ((x->words & ds->w[i].bits) != ds->w[i].bits ||
		    (!has_word(x->name, ds->w[i].w) && !has_word(x->role, ds->w[i].w)))
			return false;
	return true;
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
		if (d->m[mid].pos < hi)
			from = mid + 1;
		else
			to = mid;
	}
	return from;
}

/* The latest mention of the sorted run m[from, to) in [lo, hi) that
 * passes; its index in *at.  Among mentions at one position the last
 * added wins, as in an unsorted scan. */
static size_t latest_sorted(const struct doc *d, size_t from, size_t to, uint64_t lo,
                            uint64_t hi, bool (*ok)(const struct doc *, size_t, const void *),
                            const void *arg, unsigned need, unsigned exclude, size_t *at)
{
	size_t a = first_at(d, from, to, hi), k = 0;

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
	size_t best = NONE, i1 = 0, i2 = 0, e2 = NONE;

	/* A run none of whose mentions has the flags needs no search:
	 * st_mentions' run has no speakers, the second run nothing else. */
	if ((d->flags1 & need) == need)
		best = latest_sorted(d, 0, d->nm_base, lo, hi, ok, arg, need, exclude, &i1);
	if (!d->m_unsorted) {
		if ((d->flags2 & need) == need)
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
	const uint32_t *run = d->nk.run1 + k->off;
	size_t a = first_at(d, 0, d->nm_base, hi), lim = a > LOOKBACK ? a - LOOKBACK : 0;
	size_t lo = 0, z = k->n;

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
	const uint32_t *l = d->nk.link[i - d->nm_base];
	return d->e[d->m[i].ent].key_a == id ? l[0] : l[1];
}

/* latest_sorted() over the second run for the key id, along its chain. */
static size_t key_latest2(const struct doc *d, uint32_t id, uint64_t hi, unsigned need,
                          size_t *at)
{
	size_t a = first_at(d, d->nm_base, d->nm, hi);
	size_t lim = a > d->nm_base + LOOKBACK ? a - LOOKBACK : d->nm_base;
	uint32_t i = d->nk.k[id - 1].latest;

	while (i > d->nm_base && i - 1 >= a)
		i = key_next(d, id, i - 1);
	while (i > d->nm_base && i - 1 >= lim) {
		if (flags_ok(&d->m[i - 1], need)) {
			*at = i - 1;
			return d->m[i - 1].ent;
		}
		i = key_next(d, id, i - 1);
	}
	return NONE;
}

/* The unsorted second run's scan in latest_in() for the key id, along its
 * chain: the latest in the text, the last added among equals. */
static size_t key_latest2_any(const struct doc *d, uint32_t id, uint64_t hi, unsigned need,
                              size_t *at)
{
	size_t best = NONE;

	for (uint32_t i = d->nk.k[id - 1].latest; i > d->nm_base; i = key_next(d, id, i - 1)) {
		const struct mention *m = &d->m[i - 1];
		if (m->pos >= hi || !flags_ok(m, need) || (best != NONE && m->pos <= d->m[*at].pos))
			continue;
		best = m->ent;
		*at = i - 1;
	}
	return best;
}

/* latest_in(d, 0, hi, ok, key, need, 0) with `ok` true for the named
 * persons whose first or last name is `key`. */
static size_t latest_with_key(const struct doc *d, uint64_t hi, const char *key, unsigned need)
{
	uint32_t id = key_find(d, key);
	size_t best = NONE, e2 = NONE, i1 = 0, i2 = 0;

	if (id == 0)
		return NONE;
	if ((d->flags1 & need) == need)
		best = key_latest1(d, id, hi, need, &i1);
	if ((d->flags2 & need) == need)
		e2 = d->m_unsorted ? key_latest2_any(d, id, hi, need, &i2)
		                   : key_latest2(d, id, hi, need, &i2);
	/* The later run wins a tie: its mentions were added last. */
	if (e2 != NONE && (best == NONE || d->m[i2].pos >= d->m[i1].pos))
		best = e2;
	return best;
}

static bool in_statement(const struct blk *b, size_t after)
{
	if (after == NONE || !tk_is(b, after, "in"))
		return false;
	for (size_t k = after + 1; k < after + 5 && k < b->nt; k++) {
		if (tk_lists(b, k, TK_ROOM) & LX_DOC)
			return true;
		if (!tk_word(b, k))
			break;
	}
	return false;
}

/* The gender of entity e as far as the article and the word lists tell:
 * an honorific seen before its name, its role's words, its given name. */
static int ent_gender(const struct doc *d, size_t e)
{
	const struct ent *x = &d->e[e];
	int g;

	if (x->gender_said != ST_G_UNKNOWN)
		return x->gender_said;
	if ((g = st_words_gender(x->role)) != ST_G_UNKNOWN)
		return g;
	if (x->kind == ST_PERSON && x->named && x->first && x->last)
		return st_given_name_gender(x->first, strlen(x->first));
	return ST_G_UNKNOWN;
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
	int want = *(const int *)arg, g = ent_gender(d, e);

	if (unresolved(d, e))
		return false;
	return g == ST_G_UNKNOWN || g == want;
}

/* For latest_in(): a person known to be of gender *arg. */
static bool gender_is(const struct doc *d, size_t e, const void *arg)
{
	if (unresolved(d, e))
		return false;
	return ent_gender(d, e) == *(const int *)arg;
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
	size_t a = first_at(d, 0, d->nm_base, lo), end = a + LOOKBACK;

	/* At most LOOKBACK mentions, as latest_sorted: a hostile sentence of
	 * a million names must not be read once per pronoun after it. */
	for (; a < d->nm_base && a < end && d->m[a].pos < hi; a++)
		if ((d->m[a].flags & M_PERSON) && ok(d, d->m[a].ent, arg))
			return d->m[a].ent;
	return NONE;
}

/* "Cruz played down a deal with Kasich. “…,” he said": the person of
 * gender *g that the sentences before the pronoun's are about: the
 * nearest sentence with one, its speaker first, else the first person it
 * names (its subject, as a rule, before its objects). */
static size_t pronoun_antecedent(const struct doc *d, const struct blk *b, size_t sent_t0,
                                 const int *g, bool *spoke)
{
	size_t bi = b->index, si = sentence_at(b, sent_t0), e = NONE;

	if (si >= b->ns || b->s[si].t0 != sent_t0)
		return NONE;
	for (int k = 0; k < PRONOUN_SENTENCES && e == NONE; k++) {
		const struct blk *x;
		uint64_t lo, hi;
		if (!sentence_before(d, &bi, &si))
			break;
		x = &d->b[bi];
		lo = st_pos(bi, x->t[x->s[si].t0].s);
		hi = st_pos(bi, x->t[x->s[si].t1 - 1].e);
		e = latest_in(d, lo, hi, gender_fits, g, M_PERSON | M_SPEAKER, 0);
		*spoke = e != NONE && bi == b->index;
		if (e == NONE)
			e = first_person_in(d, lo, hi, gender_fits, g);
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
		bool spoke = false;
		/* "Kim thanked Putin for what he called ...": a pronoun in a
		 * sentence whose subject is a person refers to that subject. */
		e = latest_in(d, s0, pos, gender_fits, &g, M_PERSON | M_SUBJECT, 0);
		if (e == NONE)
			e = pronoun_antecedent(d, b, sent_t0, &g, &spoke);
		if (e == NONE)
			e = latest_in(d, 0, pos, gender_fits, &g, M_PERSON, 0);
		/* "Hillary Clinton ... Beau Biden ... she said": of the
		 * people in this paragraph and the one before, one known to be
		 * of the pronoun's gender outranks a later one whose gender no
		 * list tells; but not one who spoke in the sentences just before,
		 * in this paragraph ("Edwards said they would not. “…,” she
		 * said"). */
		if (e != NONE && !spoke && ent_gender(d, e) == ST_G_UNKNOWN) {
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

	for (size_t i = i0; i < i1; i++) {
		if (!tk_cap(b, i))
			continue;
		size_t r1 = st_cap_run(b, i, i1), r0 = i, ns, n, e;
		i = r1 - 1;
		if (r0 > i0 && (tk_lists(b, r0 - 1, sizeof w) & LX_PREP))
			continue;
		if ((b->t[r1 - 1].flags & TF_POSS) && r1 < i1)
			continue;
		while (r0 < r1 && (tk_lists(b, r0, sizeof w) & LX_STOP))
			r0++;
		if (r0 >= r1)
			continue;
		ns = st_name_start(b, r0, r1);
		if (org_of(b, r0, ns))
			continue;
		if (ns < r1 && st_is_person_name(b, ns, r1)) {
			const char *txt = tok_text(b, ns, r1, &n);
			*name0 = ns;
			return st_add_ent(d, txt, n, ST_PERSON, true);
		}
		if (ns + 1 == r1 && tk_word(b, ns) && !all_upper(b, ns)) {
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

static bool named_person_not_in(const struct doc *d, size_t i, const size_t *ents, size_t ne)
{
	if ((d->m[i].flags & (M_PERSON | M_NAMED)) != (M_PERSON | M_NAMED))
		return false;
	for (size_t k = 0; k < ne; k++)
		if (ents[k] == d->m[i].ent)
			return false;
	return true;
}

/* The latest mention before hi of a named person not in ents: the latest
 * in the text, the last added among equals.  Searched back from hi in
 * each sorted run rather than along every mention. */
static size_t latest_person(const struct doc *d, uint64_t hi, const size_t *ents, size_t ne)
{
	size_t best = NONE, a = first_at(d, 0, d->nm_base, hi);

	while (a > 0 && best == NONE)
		if (named_person_not_in(d, --a, ents, ne))
			best = a;
	if (!d->m_unsorted) {
		for (a = first_at(d, d->nm_base, d->nm, hi); a > d->nm_base;)
			if (named_person_not_in(d, --a, ents, ne)) {
				/* The later run wins a tie. */
				if (best == NONE || d->m[a].pos >= d->m[best].pos)
					best = a;
				break;
			}
		return best;
	}
	for (size_t i = d->nm_base; i < d->nm; i++)
		if (d->m[i].pos < hi && named_person_not_in(d, i, ents, ne) &&
		    (best == NONE || d->m[i].pos >= d->m[best].pos))
			best = i;
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
		ents[ne++] = d->m[best].ent;
		hi = d->m[best].pos;
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
	ds.n = 0;
	for (size_t k = n0 + 1; k < n1 && ds.n < 8; k++) {
		if (!(tk_lists(b, k, sizeof ds.w[0].w) & LX_STOP))
			word_set(&ds.w[ds.n++], b, k);
	}
	if (ds.n == 0)
		return NONE;
	return latest_in(d, 0, pos, matches_desc, &ds, 0, 0);
}

static size_t resolve_doc(struct doc *d, const struct blk *b, size_t n0, size_t n1,
                          uint64_t pos)
{
	size_t h = NONE, sub = NONE, name0, e;
	int prio = 0;

	for (size_t k = n0; k < n1 && k < n0 + 5; k++) {
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
			size_t n = b->t[k].e - b->t[r].s, end = b->t[k].e;
			size_t cut = 0;
			/* The name without its possessive: "'s" and "’s" are
			 * in the word; the mark of "members’" is a token of
			 * its own, and the word keeps all its letters.  A
			 * word no longer than its ending keeps it. */
			if (n > 2 && b->text[end - 2] == '\'')
				cut = 2;
			else if (n > 4 && memcmp(b->text + end - 4, "\xe2\x80\x99s", 4) == 0)
				cut = 4;
			n -= cut;
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

static const char *const not_speakers[] = { "same", "so", "this", "that", "it", "nothing",
	"something", "anything", "otherwise", "much", "more", "little", "less", "too", "also",
	"yes", "no", "none" };

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

/* Whether the words [n0, n1) can be a speaker as written: a noun phrase,
 * not the clause or phrase a subject finder took for one.  Such a phrase
 * opens with a verb form ("rescinded his endorsement", "walking past"), a
 * preposition ("according to exit polls"), a number ("43"), a word that
 * stands for what was said ("something she asked") or a pronoun with its
 * clause ("she encourages participants ..."). */
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
	if ((n > 4 && !strcmp(w + n - 3, "ing")) || (n > 3 && !strcmp(w + n - 2, "ed")))
		return false;
	return !tk_word_in(b, n0, not_speakers, sizeof not_speakers / sizeof *not_speakers);
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
	    (e = acronym_ent(d, b, n1 - 1)) != NONE) {
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
	    tk_word_in(b, n1 - 1, not_speakers, sizeof not_speakers / sizeof *not_speakers))
		return NONE;
	if (d->clause && !words_can_speak(b, n0, n1))
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
			if (tk_word(b, i) && ((l & (LX_ORG | LX_PLACE)) || all_upper(b, i)))
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
