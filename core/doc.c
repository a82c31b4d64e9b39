/*
 * doc.c: the document model.  A document owns every string in it; callers
 * pass borrowed strings in (copied here) and get borrowed strings out,
 * valid until the document changes or is freed.
 */
#include <errno.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"

struct cc_bytes {
	atomic_size_t refs;
	unsigned long long serial;  /* names these bytes for the process */
	long long mtime;            /* the file's modification time (UTC) */
	int has_mtime;              /* mtime is known */
	size_t len;
	unsigned char data[]; /* len bytes and a NUL */
};

struct kv {
	char *key;
	char *value;
};

/* 16 bytes: a text of one-letter paragraphs has a block for every three
 * bytes of input (issue 19, case 8).  The kind (below CC_BLOCK_KIND_COUNT)
 * is the low BLOCK_KIND_BITS of len_kind, the text's length the rest. */
struct block {
	const char *text;     /* in the document's text_chunks */
	uint64_t len_kind;
};

#define BLOCK_KIND_BITS 4
#define BLOCK_KIND_MASK ((1u << BLOCK_KIND_BITS) - 1)
_Static_assert(CC_BLOCK_KIND_COUNT <= BLOCK_KIND_MASK + 1, "block kinds fit BLOCK_KIND_BITS");

static uint64_t
block_len_kind(size_t len, int kind)
{
	return (uint64_t)len << BLOCK_KIND_BITS | (unsigned)kind;
}

static int
block_kind(const struct block *b)
{
	return (int)(b->len_kind & BLOCK_KIND_MASK);
}

static size_t
block_len(const struct block *b)
{
	return (size_t)(b->len_kind >> BLOCK_KIND_BITS);
}

/* The blocks' texts, one after another in chunks that never move: a long
 * text has a hundred thousand blocks, and a malloc and a free each were
 * a few percent of converting it.  Blocks are only ever added, so a chunk
 * is freed with the document. */
struct text_chunk {
	struct text_chunk *next;
	size_t cap, used;
	char data[];
};

#define TEXT_CHUNK_MIN ((size_t)4 << 10)
#define TEXT_CHUNK_MAX ((size_t)1 << 20)

/* A string of a person or statement: its offset in the entry's
 * `strings`, or NO_STRING for NULL.  Offsets, not pointers, and one
 * allocation an entry: a text may carry a hundred thousand statements
 * and as many persons, and a statement took 112 bytes and a person five
 * allocations (issue 19, case 8). */
#define NO_STRING UINT32_MAX

/* 24 bytes.  The id is strings[0..], among the document's texts. */
struct person {
	char *strings;
	uint32_t name, role, affiliation;
	int kind;
};

/* 72 bytes.  The id is strings[0..]; the quote, which may be long, comes
 * last, so the other offsets stay small. */
enum { ST_SPEAKER, ST_PERSON, ST_ROLE, ST_CUE, ST_QUOTE, ST_NSTR };
struct statement {
	char *strings;
	struct kv *extra;
	long block;
	size_t start, end;
	uint32_t str[ST_NSTR];
	uint32_t nextra, capextra;
	int kind;
};

static const char *
str_at(char *strings, uint32_t off)
{
	return off == NO_STRING ? NULL : strings + off;
}

/*
 * The ids of a document's persons or statements, hashed (open addressing,
 * linear probing; an empty slot has id NULL).  The ids are borrowed from
 * the entries, which own them.  Without it each add scanned every id
 * before it, and a table of many statements read in quadratic time.
 */
struct id_slot {
	const char *id;
	size_t i;
};
struct id_index {
	struct id_slot *slot;
	size_t cap, n;        /* cap: 0 or a power of two */
};

struct cc_doc {
	char *id;
	struct kv *meta;
	size_t nmeta, capmeta;
	struct block *blocks;
	size_t nblocks, capblocks;
	struct text_chunk *texts;  /* the chunk being filled first */
	size_t next_chunk;         /* size of the next chunk: 0, or doubling */
	struct person *persons;
	size_t npersons, cappersons;
	struct statement *stmts;
	size_t nstmts, capstmts;
	struct id_index person_ix, stmt_ix;
	/* As stmt_ix_built, for the persons: 0 while their ids are "p1" ..
	 * "pN" in order and person_ix is empty. */
	int person_ix_built;
	/* 0: the statements' ids are "s1" .. "sN" in order, as the core
	 * gave them, and stmt_ix is empty (no id can clash with the next
	 * one, "sN+1"); 1: stmt_ix holds every id.  An extractor's
	 * statements never need the index. */
	int stmt_ix_built;
	char *orig_name;
	struct cc_bytes *orig;
	const char *format;        /* the reader's format name, static in its
	                            * plugin's descriptor, or NULL */
};

static const char *const block_kinds[CC_BLOCK_KIND_COUNT] = {
	"paragraph", "heading", "title", "subtitle", "dateline", "byline",
	"caption", "boilerplate",
};
static const char *const statement_kinds[CC_STATEMENT_KIND_COUNT] = {
	"direct", "partial", "indirect",
};
static const char *const person_kinds[CC_PERSON_KIND_COUNT] = {
	"person", "group", "org",
};

/* --- id indexes -------------------------------------------------------- */

static size_t
id_hash(const char *s)
{
	size_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The slot holding id, or -1. */
static long
ix_slot(const struct id_index *x, const char *id)
{
	if (x->cap == 0)
		return -1;
	for (size_t h = id_hash(id) & (x->cap - 1);; h = (h + 1) & (x->cap - 1)) {
		if (x->slot[h].id == NULL)
			return -1;
		if (strcmp(x->slot[h].id, id) == 0)
			return (long)h;
	}
}

/* The index of id, or -1. */
static long
ix_find(const struct id_index *x, const char *id)
{
	long h = ix_slot(x, id);

	return h < 0 ? -1 : (long)x->slot[h].i;
}

static void
ix_put(struct id_slot *slot, size_t cap, const char *id, size_t i)
{
	size_t h = id_hash(id) & (cap - 1);

	while (slot[h].id != NULL)
		h = (h + 1) & (cap - 1);
	slot[h].id = id;
	slot[h].i = i;
}

/* Adds id (not there yet) at entry i.  0, or -1 on exhausted memory. */
static int
ix_add(struct id_index *x, const char *id, size_t i)
{
	if ((x->n + 1) * 2 > x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct id_slot *slot = calloc(cap, sizeof(*slot));

		if (slot == NULL)
			return -1;
		for (size_t k = 0; k < x->cap; k++)
			if (x->slot[k].id != NULL)
				ix_put(slot, cap, x->slot[k].id, x->slot[k].i);
		free(x->slot);
		x->slot = slot;
		x->cap = cap;
	}
	ix_put(x->slot, x->cap, id, i);
	x->n++;
	return 0;
}

static void
ix_free(struct id_index *x)
{
	free(x->slot);
	memset(x, 0, sizeof(*x));
}

/* --- shared bytes ------------------------------------------------------ */

struct cc_bytes *
cc_bytes_alloc(size_t len, unsigned char **fill)
{
	struct cc_bytes *b;

	if (len > SIZE_MAX - sizeof(*b) - 1)
		return NULL;
	b = malloc(sizeof(*b) + len + 1);
	if (b == NULL)
		return NULL;
	static atomic_ullong next_serial = 1;

	atomic_init(&b->refs, 1);
	b->serial = atomic_fetch_add(&next_serial, 1);
	/* No time until cc_bytes_set_mtime gives one: the bytes a container
	 * hands a nested reader (host_read_nested) become the original of
	 * each document read from them, and a writer asks for its time. */
	b->mtime = 0;
	b->has_mtime = 0;
	b->len = len;
	b->data[len] = '\0';
	*fill = b->data;
	return b;
}

struct cc_bytes *
cc_bytes_new(const void *data, size_t len)
{
	unsigned char *fill;
	struct cc_bytes *b = cc_bytes_alloc(len, &fill);

	if (b != NULL && len > 0)
		memcpy(fill, data, len);
	return b;
}

void
cc_bytes_truncate(struct cc_bytes *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

struct cc_bytes *
cc_bytes_ref(struct cc_bytes *b)
{
	if (b)
		atomic_fetch_add(&b->refs, 1);
	return b;
}

void
cc_bytes_unref(struct cc_bytes *b)
{
	if (b && atomic_fetch_sub(&b->refs, 1) == 1)
		free(b);
}

const unsigned char *
cc_bytes_data(const struct cc_bytes *b, size_t *len)
{
	*len = b->len;
	return b->data;
}

/* --- helpers ----------------------------------------------------------- */

static void
kv_free(struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static int
kv_push(struct kv **arr, size_t *n, size_t *cap, const char *key, const char *value)
{
	char *k, *v;

	if (key == NULL || value == NULL)
		return -1;
	if (cc_grow(arr, cap, *n + 1, sizeof(**arr)) != 0)
		return -1;
	k = strdup(key);
	v = strdup(value);
	if (k == NULL || v == NULL) {
		free(k);
		free(v);
		return -1;
	}
	(*arr)[*n].key = k;
	(*arr)[*n].value = v;
	(*n)++;
	return 0;
}

/* Writes the id `prefix` k ("s12") to buf, which has room for 32 bytes.
 * (snprintf took half the time of adding a statement.) */
static void
seq_id(char *buf, char prefix, size_t k)
{
	char digits[24];
	size_t n = 0;

	do
		digits[n++] = (char)('0' + k % 10);
	while ((k /= 10) != 0);
	*buf++ = prefix;
	while (n > 0)
		*buf++ = digits[--n];
	*buf = '\0';
}

/* --- documents --------------------------------------------------------- */

cc_doc *
cc_doc_new(const char *id)
{
	cc_doc *doc = calloc(1, sizeof(*doc));

	if (doc == NULL)
		return NULL;
	if (cc_doc_set_id(doc, id ? id : "doc") != 0) {
		free(doc);
		return NULL;
	}
	return doc;
}


static void
statement_free(struct statement *s)
{
	free(s->strings);
	/* Its strings are the document's texts, and so is a lone extra
	 * (capextra 0, extra_room). */
	if (s->capextra > 0)
		free(s->extra);
}

void
cc_doc_free(cc_doc *doc)
{
	if (doc == NULL)
		return;
	free(doc->id);
	kv_free(doc->meta, doc->nmeta);
	while (doc->texts != NULL) {
		struct text_chunk *next = doc->texts->next;

		free(doc->texts);
		doc->texts = next;
	}
	free(doc->blocks);
	free(doc->persons); /* their strings are among the texts */
	ix_free(&doc->person_ix);
	cc_statement_clear(doc);
	free(doc->stmts);
	free(doc->orig_name);
	cc_bytes_unref(doc->orig);
	free(doc);
}

const char *
cc_doc_id(const cc_doc *doc)
{
	return doc->id;
}

int
cc_doc_set_id(cc_doc *doc, const char *id)
{
	char *n;

	if (id == NULL || *id == '\0')
		return -1;
	n = strdup(id);
	if (n == NULL)
		return -1;
	free(doc->id);
	doc->id = n;
	return 0;
}

/* --- metadata ---------------------------------------------------------- */

int
cc_meta_add(cc_doc *doc, const char *key, const char *value)
{
	return kv_push(&doc->meta, &doc->nmeta, &doc->capmeta, key, value);
}

int
cc_meta_set(cc_doc *doc, const char *key, const char *value)
{
	size_t i, j;

	if (key == NULL)
		return -1;
	for (i = 0; i < doc->nmeta; i++)
		if (strcmp(doc->meta[i].key, key) == 0)
			break;
	if (i < doc->nmeta && value != NULL) {
		/* Replace the first value in place, keeping its position. */
		char *v = strdup(value);
		if (v == NULL)
			return -1;
		free(doc->meta[i].value);
		doc->meta[i].value = v;
		i++;
	}
	/* Drop every other value of key. */
	for (j = i; i < doc->nmeta; i++) {
		if (strcmp(doc->meta[i].key, key) == 0) {
			free(doc->meta[i].key);
			free(doc->meta[i].value);
		} else {
			doc->meta[j++] = doc->meta[i];
		}
	}
	doc->nmeta = j;
	if (value != NULL && cc_meta_find(doc, key) == NULL)
		return cc_meta_add(doc, key, value);
	return 0;
}

size_t
cc_meta_count(const cc_doc *doc)
{
	return doc->nmeta;
}

int
cc_meta_get(const cc_doc *doc, size_t i, const char **key, const char **value)
{
	if (i >= doc->nmeta)
		return -1;
	if (key)
		*key = doc->meta[i].key;
	if (value)
		*value = doc->meta[i].value;
	return 0;
}

const char *
cc_meta_find(const cc_doc *doc, const char *key)
{
	for (size_t i = 0; i < doc->nmeta; i++)
		if (strcmp(doc->meta[i].key, key) == 0)
			return doc->meta[i].value;
	return NULL;
}

/* --- blocks ------------------------------------------------------------ */

/* Room for n bytes (n > 0) of block text that stay where they are until
 * the document is freed, or NULL when memory ran out. */
static char *
text_room(cc_doc *doc, size_t n)
{
	struct text_chunk *c = doc->texts;
	size_t cap;

	if (c == NULL || c->cap - c->used < n) {
		/* Chunks double from 4 KiB to 1 MiB, so a short document
		 * takes little; a block longer than that gets its own. */
		if (doc->next_chunk == 0)
			doc->next_chunk = TEXT_CHUNK_MIN;
		cap = n > doc->next_chunk ? n : doc->next_chunk;
		if (cap > SIZE_MAX - sizeof(*c) ||
		    (c = malloc(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->cap = cap;
		c->used = 0;
		if (doc->next_chunk < TEXT_CHUNK_MAX)
			doc->next_chunk *= 2;
		if (doc->texts != NULL && cap > doc->next_chunk) {
			/* Its own: the chunk being filled stays first. */
			c->used = n;
			c->next = doc->texts->next;
			doc->texts->next = c;
			return c->data;
		}
		c->next = doc->texts;
		doc->texts = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

/* The same, aligned to `align` bytes (a power of two, at most malloc's
 * alignment). */
static char *
text_room_aligned(cc_doc *doc, size_t n, size_t align)
{
	struct text_chunk *c = doc->texts;
	size_t pad;
	char *p;

	if (c != NULL) {
		pad = (align - (uintptr_t)(c->data + c->used) % align) % align;
		if (c->cap - c->used >= pad && c->cap - c->used - pad >= n) {
			c->used += pad;
			return text_room(doc, n);
		}
	}
	/* A new chunk's data is aligned as malloc aligns, up to the
	 * header's size; room for the misalignment keeps it right for any
	 * header. */
	if (n > SIZE_MAX - align || (p = text_room(doc, n + align - 1)) == NULL)
		return NULL;
	return p + (align - (uintptr_t)p % align) % align;
}

/* A copy of block text (len bytes, no NUL inside) among the document's
 * texts, NUL-terminated; NULL for text the model refuses or on exhausted
 * memory. */
static char *
block_text_copy(cc_doc *doc, const char *text, size_t len)
{
	char *t;

	if ((text == NULL && len) || len == SIZE_MAX)
		return NULL;
	if (len && memchr(text, '\0', len) != NULL)
		return NULL;
	if ((t = text_room(doc, len + 1)) == NULL)
		return NULL;
	if (len)
		memcpy(t, text, len);
	t[len] = '\0';
	return t;
}

long
cc_block_add(cc_doc *doc, int kind, const char *text, size_t len)
{
	char *t;

	if (kind < 0 || kind >= CC_BLOCK_KIND_COUNT || doc->nblocks >= (size_t)LONG_MAX ||
	    (uint64_t)len > UINT64_MAX >> BLOCK_KIND_BITS)
		return -1;
	if (cc_grow(&doc->blocks, &doc->capblocks, doc->nblocks + 1, sizeof(*doc->blocks)))
		return -1;
	if ((t = block_text_copy(doc, text, len)) == NULL)
		return -1;
	doc->blocks[doc->nblocks].text = t;
	doc->blocks[doc->nblocks].len_kind = block_len_kind(len, kind);
	return (long)doc->nblocks++;
}

size_t
cc_block_count(const cc_doc *doc)
{
	return doc->nblocks;
}

int
cc_block_get(const cc_doc *doc, size_t i, int *kind, const char **text, size_t *len)
{
	if (i >= doc->nblocks)
		return -1;
	if (kind)
		*kind = block_kind(&doc->blocks[i]);
	if (text)
		*text = doc->blocks[i].text;
	if (len)
		*len = block_len(&doc->blocks[i]);
	return 0;
}

int
cc_block_set_kind(cc_doc *doc, size_t i, int kind)
{
	if (i >= doc->nblocks || kind < 0 || kind >= CC_BLOCK_KIND_COUNT)
		return -1;
	doc->blocks[i].len_kind = block_len_kind(block_len(&doc->blocks[i]), kind);
	return 0;
}

int
cc_block_set_text(cc_doc *doc, size_t i, const char *text, size_t len)
{
	char *t;

	/* The old text stays in its chunk until the document is freed:
	 * chunks never move, and a filter replaces a block once or twice. */
	if (i >= doc->nblocks || (uint64_t)len > UINT64_MAX >> BLOCK_KIND_BITS ||
	    (t = block_text_copy(doc, text, len)) == NULL)
		return -1;
	doc->blocks[i].text = t;
	doc->blocks[i].len_kind = block_len_kind(len, block_kind(&doc->blocks[i]));
	return 0;
}

/* --- persons ----------------------------------------------------------- */

/* Copies the n strings src (n <= 8; NULL ones are left out) into one
 * piece of memory, *strings, noting each one's offset in off[]
 * (NO_STRING for NULL): a new allocation, or, when doc is not NULL, room
 * among doc's texts (freed with doc).  Every offset must stay below
 * NO_STRING: the last string may be long, the others not.  0, or -1
 * (memory, or offsets too large). */
static int
strings_pack(cc_doc *doc, char **strings, uint32_t *off, const char *const *src, int n)
{
	size_t len[8], total = 0;
	char *at;

	for (int i = 0; i < n; i++) {
		len[i] = src[i] ? strlen(src[i]) : 0;
		if (src[i] == NULL)
			continue;
		if (total >= NO_STRING) /* its offset */
			return -1;
		if ((total += len[i] + 1) < len[i])
			return -1;
	}
	if (total == 0)
		total = 1;
	*strings = at = doc != NULL ? text_room(doc, total) : malloc(total);
	if (at == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		if (src[i] == NULL) {
			off[i] = NO_STRING;
			continue;
		}
		off[i] = (uint32_t)(at - *strings);
		memcpy(at, src[i], len[i] + 1);
		at += len[i] + 1;
	}
	return 0;
}

/* The index that a default id ("p1" .. "pN", "s1" .. "sN" for n entries
 * with the letter `letter`) names: "pK" is entry K - 1; -1 for any other id. */
static long
default_id_index(const char *id, char letter, size_t n)
{
	unsigned long k;
	char *end;

	if (id[0] != letter || id[1] < '1' || id[1] > '9')
		return -1;
	errno = 0;
	k = strtoul(id + 1, &end, 10);
	return *end == '\0' && errno == 0 && k <= n ? (long)k - 1 : -1;
}

/* The index of the person with id `id`, or -1.  Until an id other than
 * the defaults is added, the ids are "p1" .. "pN" and need no index. */
static long
person_find(const cc_doc *doc, const char *id)
{
	if (!doc->person_ix_built)
		return default_id_index(id, 'p', doc->npersons);
	return ix_find(&doc->person_ix, id);
}

/* Puts every person's id in person_ix (see statement_index). */
static int
person_index(cc_doc *doc)
{
	if (doc->person_ix_built)
		return 0;
	for (size_t i = 0; i < doc->npersons; i++)
		if (ix_add(&doc->person_ix, doc->persons[i].strings, i) != 0) {
			ix_free(&doc->person_ix);
			return -1;
		}
	doc->person_ix_built = 1;
	return 0;
}

long
cc_person_add(cc_doc *doc, const struct cc_person *p)
{
	struct person n = { 0 };
	char idbuf[32];
	const char *src[4];
	uint32_t off[4];

	if (p == NULL || p->kind < 0 || p->kind >= CC_PERSON_KIND_COUNT)
		return -1;
	if (p->id && (p->id[0] == '\0' || cc_person_find(doc, p->id) >= 0))
		return -1; /* an empty id is no id, as for statements */
	if (cc_grow(&doc->persons, &doc->cappersons, doc->npersons + 1, sizeof(*doc->persons)))
		return -1;
	seq_id(idbuf, 'p', doc->npersons + 1);
	if (p->id != NULL && strcmp(p->id, idbuf) != 0) {
		if (person_index(doc) != 0)
			return -1;
	} else if (p->id == NULL) {
		/* The first free "pN": ids read from a file may already use
		 * some; while every id is "p<its index + 1>", "pN+1" is. */
		size_t k = doc->npersons + 1;

		while (doc->person_ix_built && cc_person_find(doc, idbuf) >= 0)
			seq_id(idbuf, 'p', ++k);
	}
	src[0] = p->id ? p->id : idbuf;
	src[1] = p->name;
	src[2] = p->role;
	src[3] = p->affiliation;
	/* Among the texts: a person is never changed nor removed, and a
	 * malloc'd piece for its id and name took 32 bytes of heap, more
	 * than either (a text may name a hundred thousand speakers). */
	if (strings_pack(doc, &n.strings, off, src, 4) != 0)
		return -1;
	n.name = off[1];
	n.role = off[2];
	n.affiliation = off[3];
	n.kind = p->kind;
	if (doc->person_ix_built && ix_add(&doc->person_ix, n.strings, doc->npersons) != 0)
		return -1; /* its strings stay among the texts */
	doc->persons[doc->npersons] = n;
	return (long)doc->npersons++;
}

size_t
cc_person_count(const cc_doc *doc)
{
	return doc->npersons;
}

int
cc_person_get(const cc_doc *doc, size_t i, struct cc_person *out)
{
	const struct person *p;

	if (i >= doc->npersons)
		return -1;
	p = &doc->persons[i];
	out->id = p->strings;
	out->name = str_at(p->strings, p->name);
	out->role = str_at(p->strings, p->role);
	out->affiliation = str_at(p->strings, p->affiliation);
	out->kind = p->kind;
	return 0;
}

long
cc_person_find(const cc_doc *doc, const char *id)
{
	if (id == NULL)
		return -1;
	return person_find(doc, id);
}

/* --- statements -------------------------------------------------------- */

/* The index of the statement with id `id`, or -1. */
static long
statement_find(const cc_doc *doc, const char *id)
{
	if (!doc->stmt_ix_built)
		return default_id_index(id, 's', doc->nstmts);
	return ix_find(&doc->stmt_ix, id);
}

/* Puts every statement's id in stmt_ix: before the first id the core
 * did not make itself.  0, or -1 on exhausted memory (nothing changed). */
static int
statement_index(cc_doc *doc)
{
	if (doc->stmt_ix_built)
		return 0;
	for (size_t i = 0; i < doc->nstmts; i++)
		if (ix_add(&doc->stmt_ix, doc->stmts[i].strings, i) != 0) {
			ix_free(&doc->stmt_ix);
			return -1;
		}
	doc->stmt_ix_built = 1;
	return 0;
}

/* Is s a statement the model can hold (id aside)? */
static int
statement_ok(const struct cc_statement *s)
{
	return s != NULL && s->kind >= 0 && s->kind < CC_STATEMENT_KIND_COUNT && s->quote != NULL &&
	       s->block >= -1 && (s->block < 0 || s->start <= s->end);
}

/* Fills n's strings and fields from s, under id.  0, or -1 (memory). */
static int
statement_fill(struct statement *n, const char *id, const struct cc_statement *s)
{
	const char *src[1 + ST_NSTR];
	uint32_t off[1 + ST_NSTR];

	src[0] = id;
	src[1 + ST_SPEAKER] = s->speaker;
	src[1 + ST_PERSON] = s->person;
	src[1 + ST_ROLE] = s->role;
	src[1 + ST_CUE] = s->cue;
	src[1 + ST_QUOTE] = s->quote;
	if (strings_pack(NULL, &n->strings, off, src, 1 + ST_NSTR) != 0)
		return -1;
	memcpy(n->str, off + 1, sizeof(n->str));
	n->kind = s->kind;
	n->block = s->block;
	n->start = s->block >= 0 ? s->start : 0;
	n->end = s->block >= 0 ? s->end : 0;
	return 0;
}

long
cc_statement_add(cc_doc *doc, const struct cc_statement *s)
{
	struct statement n = { 0 };
	char idbuf[32];
	const char *id = s ? s->id : NULL;

	if (!statement_ok(s))
		return -1;
	/* An empty id is no id: written out, it would read back as "give
	 * me one" and could take an id a later statement names. */
	if (id && (id[0] == '\0' || statement_find(doc, id) >= 0))
		return -1;
	if (cc_grow(&doc->stmts, &doc->capstmts, doc->nstmts + 1, sizeof(*doc->stmts)))
		return -1;
	if (id != NULL) {
		if (statement_index(doc) != 0)
			return -1;
	} else {
		/* The first free "sN" (ids read from a file may have taken
		 * some); while every id is the core's, "sN+1" is free. */
		size_t k = doc->nstmts + 1;

		seq_id(idbuf, 's', k);
		while (doc->stmt_ix_built && statement_find(doc, idbuf) >= 0)
			seq_id(idbuf, 's', ++k);
		id = idbuf;
	}
	if (statement_fill(&n, id, s) != 0)
		return -1;
	if (doc->stmt_ix_built && ix_add(&doc->stmt_ix, n.strings, doc->nstmts) != 0) {
		statement_free(&n);
		return -1;
	}
	doc->stmts[doc->nstmts] = n;
	return (long)doc->nstmts++;
}

size_t
cc_statement_count(const cc_doc *doc)
{
	return doc->nstmts;
}

int
cc_statement_get(const cc_doc *doc, size_t i, struct cc_statement *out)
{
	const struct statement *s;

	if (i >= doc->nstmts)
		return -1;
	s = &doc->stmts[i];
	out->id = s->strings;
	out->kind = s->kind;
	out->speaker = str_at(s->strings, s->str[ST_SPEAKER]);
	out->person = str_at(s->strings, s->str[ST_PERSON]);
	out->role = str_at(s->strings, s->str[ST_ROLE]);
	out->cue = str_at(s->strings, s->str[ST_CUE]);
	out->quote = str_at(s->strings, s->str[ST_QUOTE]);
	out->block = s->block;
	out->start = s->start;
	out->end = s->end;
	return 0;
}

int
cc_statement_set(cc_doc *doc, size_t i, const struct cc_statement *s)
{
	struct statement *old, n = { 0 };
	long at;

	if (i >= doc->nstmts || !statement_ok(s))
		return -1;
	old = &doc->stmts[i];
	if (statement_fill(&n, old->strings, s) != 0)
		return -1;
	/* The index borrows the id: point it at the new copy. */
	if (doc->stmt_ix_built && (at = ix_slot(&doc->stmt_ix, old->strings)) >= 0)
		doc->stmt_ix.slot[at].id = n.strings;
	free(old->strings);
	n.extra = old->extra;
	n.nextra = old->nextra;
	n.capextra = old->capextra;
	*old = n;
	return 0;
}

int
cc_statement_remove(cc_doc *doc, size_t i)
{
	struct id_index ix = { 0 };

	if (i >= doc->nstmts)
		return -1;
	/* The ids after i are no longer "s<index + 1>": index them all,
	 * first, so that running out of memory changes nothing. */
	for (size_t k = 0; k < doc->nstmts; k++)
		if (k != i && ix_add(&ix, doc->stmts[k].strings, k < i ? k : k - 1) != 0) {
			ix_free(&ix);
			return -1;
		}
	statement_free(&doc->stmts[i]);
	memmove(doc->stmts + i, doc->stmts + i + 1, (doc->nstmts - i - 1) * sizeof(*doc->stmts));
	doc->nstmts--;
	ix_free(&doc->stmt_ix);
	doc->stmt_ix = ix;
	doc->stmt_ix_built = 1;
	return 0;
}

void
cc_statement_clear(cc_doc *doc)
{
	for (size_t i = 0; i < doc->nstmts; i++)
		statement_free(&doc->stmts[i]);
	doc->nstmts = 0;
	ix_free(&doc->stmt_ix);
	doc->stmt_ix_built = 0;
}

/* Room in s->extra for one more extra.  The first goes among the
 * document's texts, as its strings do (capextra stays 0: not malloc'd):
 * an extractor gives every statement one extra, its confidence, and a
 * malloc'd array for it took 48 bytes of heap, more than a short
 * statement's text (issue 19, case 8).  The second and later ones are in
 * a malloc'd array.  0, or -1 on exhausted memory (s unchanged). */
static int
extra_room(cc_doc *doc, struct statement *s)
{
	size_t cap = s->capextra;
	struct kv *n;
	char *p;

	if (s->nextra == 0 && cap == 0) {
		if ((p = text_room_aligned(doc, sizeof(*s->extra), _Alignof(struct kv))) == NULL)
			return -1;
		s->extra = (struct kv *)(void *)p;
		return 0;
	}
	if (s->nextra < cap)
		return 0;
	if (cap == 0) {
		/* The first extra, among the texts, moves to an array. */
		if ((n = malloc(2 * sizeof(*n))) == NULL)
			return -1;
		n[0] = s->extra[0];
		s->extra = n;
		s->capextra = 2;
		return 0;
	}
	if (cc_grow(&s->extra, &cap, s->nextra + 1, sizeof(*s->extra)) != 0)
		return -1;
	s->capextra = cap < UINT32_MAX ? (uint32_t)cap : UINT32_MAX - 1;
	return 0;
}

int
cc_statement_extra_add(cc_doc *doc, size_t i, const char *key, const char *value)
{
	struct statement *s;
	char *k, *v;

	if (i >= doc->nstmts)
		return -1;
	if (key == NULL || value == NULL)
		return -1;
	s = &doc->stmts[i];
	/* A statement carries one or two extras (a confidence, a reason):
	 * the room for eight that cc_grow starts with cost 128 bytes a
	 * statement, more than most statements' text (issue 19, case 8). */
	if (s->nextra == UINT32_MAX - 1)
		return -1;
	if (extra_room(doc, s) != 0)
		return -1;
	/* The strings go among the document's texts, and the key is the
	 * previous statement's when it is the same: a table's unknown
	 * columns are extras, and a malloc'd key and value per cell made a
	 * CSV of 980 columns thirty times its size in memory (issue 19,
	 * case 8).  A removed statement's strings stay until the document
	 * is freed. */
	k = v = NULL;
	if (i > 0 && doc->stmts[i - 1].nextra > s->nextra) {
		k = doc->stmts[i - 1].extra[s->nextra].key;
		v = doc->stmts[i - 1].extra[s->nextra].value;
	}
	if (k == NULL || strcmp(k, key) != 0)
		k = block_text_copy(doc, key, strlen(key));
	/* So is the value: an extractor's confidences repeat. */
	if (v == NULL || strcmp(v, value) != 0)
		v = block_text_copy(doc, value, strlen(value));
	if (k == NULL || v == NULL)
		return -1;
	s->extra[s->nextra].key = k;
	s->extra[s->nextra].value = v;
	s->nextra++;
	return 0;
}

size_t
cc_statement_extra_count(const cc_doc *doc, size_t i)
{
	return i < doc->nstmts ? doc->stmts[i].nextra : 0;
}

int
cc_statement_extra_get(const cc_doc *doc, size_t i, size_t j, const char **key,
                       const char **value)
{
	if (i >= doc->nstmts || j >= doc->stmts[i].nextra)
		return -1;
	if (key)
		*key = doc->stmts[i].extra[j].key;
	if (value)
		*value = doc->stmts[i].extra[j].value;
	return 0;
}

/* --- original bytes ---------------------------------------------------- */

int
cc_original_share(cc_doc *doc, const char *name, struct cc_bytes *bytes)
{
	char *n;

	if (name == NULL || bytes == NULL)
		return -1;
	n = strdup(name);
	if (n == NULL)
		return -1;
	free(doc->orig_name);
	cc_bytes_unref(doc->orig);
	doc->orig_name = n;
	doc->orig = cc_bytes_ref(bytes);
	return 0;
}

int
cc_original_set(cc_doc *doc, const char *name, const void *data, size_t len)
{
	struct cc_bytes *b = cc_bytes_new(data, len);
	int rc;

	if (b == NULL)
		return -1;
	rc = cc_original_share(doc, name, b);
	cc_bytes_unref(b);
	return rc;
}

const char *
cc_doc_format(const cc_doc *doc)
{
	return doc->format;
}

void
cc_doc_set_format(cc_doc *doc, const char *name)
{
	doc->format = name;
}

void
cc_bytes_set_mtime(struct cc_bytes *b, long long seconds)
{
	b->mtime = seconds;
	b->has_mtime = 1;
}

int
cc_original_mtime(const cc_doc *doc, long long *seconds)
{
	if (doc->orig == NULL || !doc->orig->has_mtime)
		return -1;
	*seconds = doc->orig->mtime;
	return 0;
}

int
cc_original_set_mtime(cc_doc *doc, long long seconds)
{
	if (doc->orig == NULL)
		return -1;
	cc_bytes_set_mtime(doc->orig, seconds);
	return 0;
}

unsigned long long
cc_original_serial(const cc_doc *doc)
{
	return doc->orig ? doc->orig->serial : 0;
}

int
cc_original_get(const cc_doc *doc, const char **name, const unsigned char **data,
                size_t *len)
{
	if (doc->orig == NULL)
		return -1;
	if (name)
		*name = doc->orig_name;
	if (data)
		*data = doc->orig->data;
	if (len)
		*len = doc->orig->len;
	return 0;
}

/* --- enum names -------------------------------------------------------- */

static int
name_parse(const char *const *names, int n, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *
cc_block_kind_name(int kind)
{
	return kind >= 0 && kind < CC_BLOCK_KIND_COUNT ? block_kinds[kind] : NULL;
}

int
cc_block_kind_parse(const char *name)
{
	return name_parse(block_kinds, CC_BLOCK_KIND_COUNT, name);
}

const char *
cc_statement_kind_name(int kind)
{
	return kind >= 0 && kind < CC_STATEMENT_KIND_COUNT ? statement_kinds[kind] : NULL;
}

int
cc_statement_kind_parse(const char *name)
{
	return name_parse(statement_kinds, CC_STATEMENT_KIND_COUNT, name);
}

const char *
cc_person_kind_name(int kind)
{
	return kind >= 0 && kind < CC_PERSON_KIND_COUNT ? person_kinds[kind] : NULL;
}

int
cc_person_kind_parse(const char *name)
{
	return name_parse(person_kinds, CC_PERSON_KIND_COUNT, name);
}

/* --- ids --------------------------------------------------------------- */

/*
 * XML's NCName, restricted to ASCII for predictability: letters, digits,
 * '_', '-', '.', not starting with a digit, '-' or '.'.  Other bytes become
 * '_'; a leading non-letter gets a "d" in front ("000_x" -> "d000_x").
 */
char *
cc_make_ncname(const char *s)
{
	size_t len = strlen(s), i, o = 0;
	char *id;

	if (len > SIZE_MAX - 3)
		return NULL;
	id = malloc(len + 3);
	if (id == NULL)
		return NULL;
	if (len == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		id[o++] = 'd';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int okc = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
		id[o++] = okc ? (char)c : '_';
	}
	id[o] = '\0';
	return id;
}
