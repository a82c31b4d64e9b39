/*
 * bagit.c: the text side of BagIt (RFC 8493) for the bundle plugin:
 * bagit.txt, "Label: Value" tag files, manifests and their path
 * encoding, plus the small growable buffer and string map the reader and
 * writer share.
 *
 * It must never touch the zip nor trust a path it parses: every manifest
 * path goes through bundle_path_unsafe before anyone may use it.  It never
 * decodes a character set or normalizes Unicode by hand: iconv(3) and ICU
 * do that.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "bundle.h"

#define host bundle_host

/* ---- buffers ------------------------------------------------------- */

static int buf_reserve(struct bundle_buf *b, size_t extra)
{
	size_t cap;
	char *p;

	if (extra > SIZE_MAX / 2 - b->len)
		return CC_FATAL;
	if (b->len + extra + 1 <= b->cap)
		return CC_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	p = host->realloc(b->p, cap);
	if (p == NULL)
		return CC_FATAL;
	b->p = p;
	b->cap = cap;
	return CC_OK;
}

int bundle_buf_reserve(struct bundle_buf *b, size_t extra)
{
	char *p;

	if (extra > SIZE_MAX / 2 - b->len)
		return CC_FATAL;
	if (b->len + extra + 1 <= b->cap)
		return CC_OK;
	p = host->realloc(b->p, b->len + extra + 1);
	if (p == NULL)
		return CC_FATAL;
	b->p = p;
	b->cap = b->len + extra + 1;
	return CC_OK;
}

int bundle_buf_add(struct bundle_buf *b, const void *data, size_t len)
{
	if (buf_reserve(b, len) != CC_OK)
		return CC_FATAL;
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return CC_OK;
}

int bundle_buf_puts(struct bundle_buf *b, const char *s)
{
	return bundle_buf_add(b, s, strlen(s));
}

int bundle_buf_printf(struct bundle_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) != CC_OK)
		return CC_FATAL;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return CC_OK;
}

void bundle_buf_free(struct bundle_buf *b)
{
	host->free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ---- string map ---------------------------------------------------- */

static size_t map_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

static struct bundle_map_slot *map_slot(const struct bundle_map *m,
                                        const char *key)
{
	size_t i = map_hash(key) % m->cap;

	while (m->slot[i].key != NULL && strcmp(m->slot[i].key, key) != 0)
		i = i + 1 < m->cap ? i + 1 : 0;
	return &m->slot[i];
}

/* Moves m's keys to a new table of cap slots (more than m->used). */
static int map_resize(struct bundle_map *m, size_t cap)
{
	struct bundle_map old = *m;

	m->slot = host->malloc(cap * sizeof *m->slot);
	if (m->slot == NULL) {
		*m = old;
		return CC_FATAL;
	}
	memset(m->slot, 0, cap * sizeof *m->slot);
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].key != NULL)
			*map_slot(m, old.slot[i].key) = old.slot[i];
	host->free(old.slot);
	return CC_OK;
}

static int map_grow(struct bundle_map *m)
{
	return map_resize(m, m->cap ? m->cap * 2 : 64);
}

int bundle_map_reserve(struct bundle_map *m, size_t n)
{
	size_t cap = n + n / 3 + 1;

	return cap <= m->cap || n <= m->used ? CC_OK : map_resize(m, cap < 64 ? 64 : cap);
}

int bundle_map_compact(struct bundle_map *m)
{
	size_t cap = m->used + m->used / 3 + 1;

	return cap < 64 || cap >= m->cap ? CC_OK : map_resize(m, cap);
}

#define MAP_BLOCK ((size_t)64 << 10)

/* A copy of key in m's blocks, or NULL. */
static char *map_copy(struct bundle_map *m, const char *key)
{
	size_t n = strlen(key) + 1;
	char *k;

	if (n > m->left) {
		size_t size = sizeof(char *) + (n > MAP_BLOCK ? n : MAP_BLOCK);
		char *b = host->malloc(size);

		if (b == NULL)
			return NULL;
		memcpy(b, &m->block, sizeof(char *));
		m->block = b;
		m->fill = b + sizeof(char *);
		m->left = size - sizeof(char *);
	}
	k = m->fill;
	memcpy(k, key, n);
	m->fill += n;
	m->left -= n;
	return k;
}

int bundle_map_put(struct bundle_map *m, const char *key, size_t value)
{
	struct bundle_map_slot *s;

	/* Up to three quarters full: a bag of a million files has three maps. */
	if (4 * (m->used + 1) > 3 * m->cap && map_grow(m) != CC_OK)
		return -1;
	s = map_slot(m, key);
	if (s->key != NULL)
		return 0;
	s->key = map_copy(m, key);
	if (s->key == NULL)
		return -1;
	s->value = value;
	m->used++;
	return 1;
}

size_t *bundle_map_get(const struct bundle_map *m, const char *key)
{
	struct bundle_map_slot *s;

	if (m->cap == 0)
		return NULL;
	s = map_slot(m, key);
	return s->key != NULL ? &s->value : NULL;
}

long bundle_map_find(const struct bundle_map *m, const char *key)
{
	struct bundle_map_slot *s;

	if (m->cap == 0)
		return -1;
	s = map_slot(m, key);
	return s->key != NULL ? (long)(s - m->slot) : -1;
}

const char *bundle_map_key(const struct bundle_map *m, const char *key)
{
	struct bundle_map_slot *s;

	if (m->cap == 0)
		return NULL;
	s = map_slot(m, key);
	return s->key;
}

void bundle_map_free(struct bundle_map *m)
{
	while (m->block != NULL) {
		char *next;

		memcpy(&next, m->block, sizeof next);
		host->free(m->block);
		m->block = next;
	}
	host->free(m->slot);
	memset(m, 0, sizeof *m);
}

/* ---- index of strings held elsewhere ------------------------------- */

static uint32_t *index_slot_of(const struct bundle_index *ix, const char *key)
{
	size_t i = map_hash(key) % ix->nslot;

	while (ix->slot[i] != 0 && strcmp(ix->key(ix->user, ix->slot[i] - 1), key) != 0)
		i = i + 1 < ix->nslot ? i + 1 : 0;
	return &ix->slot[i];
}

/* Moves ix's ids to a new table of n slots (more than ix->used). */
static int index_resize(struct bundle_index *ix, size_t n)
{
	uint32_t *old = ix->slot;
	size_t nold = ix->nslot;

	if ((ix->slot = host->malloc(n * sizeof *ix->slot)) == NULL) {
		ix->slot = old;
		return CC_FATAL;
	}
	memset(ix->slot, 0, n * sizeof *ix->slot);
	ix->nslot = n;
	for (size_t i = 0; i < nold; i++)
		if (old[i] != 0)
			*index_slot_of(ix, ix->key(ix->user, old[i] - 1)) = old[i];
	host->free(old);
	return CC_OK;
}

long bundle_index_find(const struct bundle_index *ix, const char *key)
{
	uint32_t *s;

	if (ix->nslot == 0)
		return -1;
	s = index_slot_of(ix, key);
	return *s != 0 ? (long)*s - 1 : -1;
}

int bundle_index_add(struct bundle_index *ix, uint32_t id)
{
	if (id == UINT32_MAX)
		return CC_FATAL;
	if (4 * (ix->used + 1) > 3 * ix->nslot &&
	    index_resize(ix, ix->nslot ? 2 * ix->nslot : 64) != CC_OK)
		return CC_FATAL;
	*index_slot_of(ix, ix->key(ix->user, id)) = id + 1;
	ix->used++;
	return CC_OK;
}

int bundle_index_compact(struct bundle_index *ix)
{
	size_t cap = ix->used + ix->used / 3 + 1;

	return cap < 64 || cap >= ix->nslot ? CC_OK : index_resize(ix, cap);
}

void bundle_index_free(struct bundle_index *ix)
{
	host->free(ix->slot);
	ix->slot = NULL;
	ix->nslot = ix->used = 0;
}

/* ---- paths --------------------------------------------------------- */

const char *bundle_path_unsafe(const char *path)
{
	const char *p = path;

	if (*p == '\0')
		return "an empty name";
	if (*p == '/' || *p == '\\')
		return "an absolute path";
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
	    p[1] == ':')
		return "a drive letter";
	while (*p) {
		size_t n = strcspn(p, "/\\");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "a \"..\" component";
		p += n;
		if (*p)
			p++;
	}
	return NULL;
}

int bundle_path_encode(struct bundle_buf *b, const char *path)
{
	for (const char *p = path; *p; p++) {
		const char *esc = *p == '%'  ? "%25"
		                  : *p == '\r' ? "%0D"
		                  : *p == '\n' ? "%0A"
		                               : NULL;
		int rc = esc ? bundle_buf_puts(b, esc) : bundle_buf_add(b, p, 1);

		if (rc != CC_OK)
			return rc;
	}
	return CC_OK;
}

char *bundle_path_decode(const char *s, size_t len)
{
	char *out = host->malloc(len + 1);
	size_t j = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len) {
			if (strncasecmp(s + i, "%25", 3) == 0) {
				out[j++] = '%';
				i += 2;
				continue;
			}
			if (strncasecmp(s + i, "%0A", 3) == 0) {
				out[j++] = '\n';
				i += 2;
				continue;
			}
			if (strncasecmp(s + i, "%0D", 3) == 0) {
				out[j++] = '\r';
				i += 2;
				continue;
			}
		}
		out[j++] = s[i];
	}
	out[j] = '\0';
	return out;
}

/* Runs one ICU step (NFD, case fold, NFC) from src into a new buffer;
 * *n is in and out the length in UTF-16 units.  NULL on failure. */
static UChar *fold_step(int step, const UChar *src, int32_t *n)
{
	int32_t cap = 4 * *n + 16, len;
	UErrorCode err = U_ZERO_ERROR;
	UChar *out;

	if (*n > INT32_MAX / 4)
		return NULL;
	out = host->malloc((size_t)cap * sizeof *out);
	if (out == NULL)
		return NULL;
	if (step == 1) {
		len = u_strFoldCase(out, cap, src, *n, U_FOLD_CASE_DEFAULT, &err);
	} else {
		const UNormalizer2 *nf = step == 0 ? unorm2_getNFDInstance(&err)
		                                   : unorm2_getNFCInstance(&err);
		len = U_SUCCESS(err) ? unorm2_normalize(nf, src, *n, out, cap, &err)
		                     : 0;
	}
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING) {
		host->free(out);
		return NULL;
	}
	*n = len;
	return out;
}

/* A buffer of UTF-16 units for a UTF-8 string of len bytes (*cap units),
 * host->malloc'd; NULL when too long or on OOM. */
static UChar *uchars_for(size_t len, int32_t *cap)
{
	if (len > INT32_MAX / 4)
		return NULL;
	*cap = (int32_t)len + 1;
	return host->malloc((size_t)*cap * sizeof(UChar));
}

/* u[0..n) as a new UTF-8 string (host->malloc'd), or NULL. */
static char *uchars_to_utf8(const UChar *u, int32_t n)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t cap = 4 * n + 1;
	char *out = host->malloc((size_t)cap);

	if (out != NULL)
		u_strToUTF8(out, cap, NULL, u, n, &err);
	if (out != NULL && (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)) {
		host->free(out);
		out = NULL;
	}
	return out;
}

char *bundle_utf8_clean(const char *s)
{
	size_t len = strlen(s);
	int32_t n = 0, cap;
	UErrorCode err = U_ZERO_ERROR;
	UChar *u = uchars_for(len, &cap);
	char *out = NULL;

	if (u == NULL)
		return NULL;
	/* Each byte that is no part of a UTF-8 character becomes U+FFFD,
	 * as the host does with the names of inputs. */
	u_strFromUTF8WithSub(u, cap, &n, s, (int32_t)len, 0xFFFD, NULL, &err);
	if (U_SUCCESS(err))
		out = uchars_to_utf8(u, n);
	host->free(u);
	return out;
}

char *bundle_path_fold(const char *path)
{
	size_t plen = strlen(path);
	int32_t n = 0, cap;
	UErrorCode err = U_ZERO_ERROR;
	UChar *u, *next;
	char *key = NULL;
	int ascii = 1;

	for (const char *p = path; *p && ascii; p++)
		ascii = (unsigned char)*p < 0x80;
	if (ascii) {
		/* The common case needs no ICU: ASCII folds to lower case. */
		key = host->strdup(path);
		for (char *p = key; p && *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
		return key;
	}
	if ((u = uchars_for(plen, &cap)) == NULL)
		return NULL;
	u_strFromUTF8(u, cap, &n, path, (int32_t)plen, &err);
	for (int step = 0; step < 3 && U_SUCCESS(err); step++) {
		next = fold_step(step, u, &n);
		host->free(u);
		u = next;
		if (u == NULL)
			return NULL;
	}
	if (U_SUCCESS(err))
		key = uchars_to_utf8(u, n);
	host->free(u);
	return key;
}

int bundle_system_file(const char *base)
{
	return strcmp(base, ".DS_Store") == 0 || strcmp(base, "Thumbs.db") == 0 ||
	       strcasecmp(base, "desktop.ini") == 0 ||
	       strncmp(base, "._", 2) == 0;
}

/* ---- lines --------------------------------------------------------- */

/* The next line of text[*pos..len), ended by LF, CR or CRLF.  Returns 0
 * at the end. */
static int next_line(const char *text, size_t len, size_t *pos,
                     const char **line, size_t *n)
{
	size_t i = *pos, start = i;

	if (i >= len)
		return 0;
	while (i < len && text[i] != '\n' && text[i] != '\r')
		i++;
	*line = text + start;
	*n = i - start;
	if (i < len) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		i++;
	}
	*pos = i;
	return 1;
}

/* ---- manifests ----------------------------------------------------- */

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int hex_value(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int manifest_add(struct bundle_manifest *m, uint32_t path,
                        const char *hex, size_t hexlen)
{
	struct bundle_manifest_line *l;
	unsigned char *d;
	size_t dlen = hexlen / 2;

	if (m->n >= INT_MAX) /* lines are uint32_t + 1 in the index */
		return CC_FATAL;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap + m->cap / 2 : m->hint > 16 ? m->hint : 16;
		unsigned char *seen;

		l = host->realloc(m->line, cap * sizeof *l);
		if (l == NULL)
			return CC_FATAL;
		m->line = l;
		d = host->realloc(m->digest, cap * dlen);
		if (d == NULL)
			return CC_FATAL;
		m->digest = d;
		seen = host->realloc(m->seen, (cap + 7) / 8);
		if (seen == NULL)
			return CC_FATAL;
		memset(seen + (m->cap + 7) / 8, 0, (cap + 7) / 8 - (m->cap + 7) / 8);
		m->seen = seen;
		m->cap = cap;
	}
	l = &m->line[m->n];
	l->path = path;
	d = m->digest + m->n * dlen;
	for (size_t i = 0; i < dlen; i++)
		d[i] = (unsigned char)(hex_value(hex[2 * i]) << 4 | hex_value(hex[2 * i + 1]));
	m->seen[m->n / 8] &= (unsigned char)~(1u << (m->n % 8));
	m->n++;
	return CC_OK;
}

const char *bundle_manifest_path(const struct bundle_manifest *m, size_t i)
{
	uint32_t path = m->line[i].path;

	return path & BUNDLE_OWN ? m->own[path & ~BUNDLE_OWN] : m->lent(m->lend_user, path);
}

/* The slot of m's index for path: the one holding its line, or the
 * empty one where it goes. */
static uint32_t *index_slot(const struct bundle_manifest *m, const char *path)
{
	size_t i = map_hash(path) % m->nslot;

	while (m->slot[i] != 0 && strcmp(bundle_manifest_path(m, m->slot[i] - 1), path) != 0)
		i = i + 1 < m->nslot ? i + 1 : 0;
	return &m->slot[i];
}

int bundle_manifest_seen(const struct bundle_manifest *m, size_t i)
{
	return m->seen[i / 8] >> (i % 8) & 1;
}

void bundle_manifest_see(struct bundle_manifest *m, size_t i)
{
	m->seen[i / 8] |= (unsigned char)(1u << (i % 8));
}

long bundle_manifest_twin(const struct bundle_manifest *m, size_t i)
{
	size_t lo = 0, hi = m->ntwin;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->twin[mid].line == i)
			return (long)m->twin[mid].twin;
		if (m->twin[mid].line < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long bundle_manifest_find(const struct bundle_manifest *m, const char *path)
{
	uint32_t *s;

	if (m->nslot == 0)
		return -1;
	s = index_slot(m, path);
	return *s != 0 ? (long)*s - 1 : -1;
}

/* Indexes the last line of m (its path not yet in the index), keeping
 * the index at most three quarters full: sized for the hint at once, or
 * for twice the lines past it. */
static int index_add(struct bundle_manifest *m)
{
	if (4 * m->n > 3 * m->nslot) {
		uint32_t *old = m->slot;
		size_t nold = m->nslot, want = m->hint >= m->n ? m->hint : 2 * m->n;
		size_t cap = want + want / 3 + 1;

		if (cap < 64)
			cap = 64;
		if ((m->slot = host->malloc(cap * sizeof *m->slot)) == NULL) {
			m->slot = old;
			return CC_FATAL;
		}
		memset(m->slot, 0, cap * sizeof *m->slot);
		m->nslot = cap;
		for (size_t i = 0; i < nold; i++)
			if (old[i] != 0)
				*index_slot(m, bundle_manifest_path(m, old[i] - 1)) = old[i];
		host->free(old);
	}
	*index_slot(m, bundle_manifest_path(m, m->n - 1)) = (uint32_t)m->n;
	return CC_OK;
}

void bundle_manifest_hex(const struct bundle_manifest *m, size_t i,
                         char hex[BUNDLE_HEX_MAX])
{
	static const char digits[] = "0123456789abcdef";
	size_t dlen = bundle_algo_hexlen(m->algo) / 2;
	const unsigned char *d = m->digest + i * dlen;

	for (size_t k = 0; k < dlen; k++) {
		hex[2 * k] = digits[d[k] >> 4];
		hex[2 * k + 1] = digits[d[k] & 15];
	}
	hex[2 * dlen] = '\0';
}

/* A path listed a second time, at lineno: refused, except before
 * BagIt 1.0 when both lines give one digest (RFC 8493 makes it an
 * error; the 0.97 draft did not say). */
static int manifest_again(cc_ctx *ctx, struct bundle_manifest *m,
                          const char *path, const char *hex, size_t hexlen,
                          long lineno)
{
	char had[BUNDLE_HEX_MAX];

	bundle_manifest_hex(m, (size_t)bundle_manifest_find(m, path), had);
	if (strncasecmp(had, hex, hexlen) != 0)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s line %ld: \"%s\" is listed twice, with "
		                    "two different digests",
		                    m->file, lineno, path);
	if (m->version >= BUNDLE_BAGIT_100)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s line %ld: \"%s\" is listed twice "
		                    "(BagIt 1.0 forbids it)",
		                    m->file, lineno, path);
	host->report(ctx, CC_WARN, 0, 0,
	             "%s line %ld: \"%s\" is listed twice, with one digest",
	             m->file, lineno, path);
	return CC_OK;
}

/* Parses one non-empty manifest line, number lineno. */
static int manifest_line(cc_ctx *ctx, struct bundle_manifest *m,
                         const char *line, size_t n, long lineno)
{
	size_t hexlen = bundle_algo_hexlen(m->algo), i = 0, start;
	const char *why;
	const char *key;
	char *path;
	uint32_t token;
	long lent;
	int rc;

	while (i < n && is_hex(line[i]))
		i++;
	if (i != hexlen || i == n || (line[i] != ' ' && line[i] != '\t'))
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s line %ld: not \"%s-digest path\"",
		                    m->file, lineno, bundle_algo_name(m->algo));
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	/* md5sum and friends mark binary mode with "HEX *path". */
	if (i == hexlen + 1 && i < n && line[i] == '*') {
		i++;
		if (!m->warned_star++)
			host->report(ctx, CC_WARN, 0, 0,
			             "%s line %ld: \"HEX *path\" is md5sum's binary "
			             "mode, not BagIt; read as \"HEX path\"",
			             m->file, lineno);
	}
	start = i;
	if (start == n)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s line %ld: no file path", m->file, lineno);
	path = bundle_path_decode(line + start, n - start);
	if (path == NULL)
		return CC_FATAL;
	/* Some tools write "./data/x"; the path is the same file. */
	if (path[0] == '.' && path[1] == '/') {
		memmove(path, path + 2, strlen(path + 2) + 1);
		if (!m->warned_dot++)
			host->report(ctx, CC_WARN, 0, 0,
			             "%s line %ld: a path starting with \"./\"; "
			             "read without it", m->file, lineno);
	}
	why = bundle_path_unsafe(path);
	if (why == NULL && !m->tag && strncmp(path, "data/", 5) != 0)
		why = "outside data/";
	if (why != NULL) {
		rc = host->report(ctx, CC_FAILED, 0, 0,
		                  "%s line %ld: refusing path \"%s\": %s",
		                  m->file, lineno, path, why);
		goto out_free_path;
	}
	lent = m->lend != NULL ? m->lend(m->lend_user, path) : -1;
	if (lent >= 0 && lent < (long)BUNDLE_OWN) {
		token = (uint32_t)lent;
		key = m->lent(m->lend_user, token);
	} else {
		if (m->nown >= BUNDLE_OWN) {
			rc = CC_FATAL;
			goto out_free_path;
		}
		if (m->nown == m->cown) {
			size_t cap = m->cown ? 2 * m->cown : 16;
			char **own = host->realloc(m->own, cap * sizeof *own);

			if (own == NULL) {
				rc = CC_FATAL;
				goto out_free_path;
			}
			m->own = own;
			m->cown = cap;
		}
		token = BUNDLE_OWN | (uint32_t)m->nown;
		m->own[m->nown++] = path;
		key = path;
		path = NULL;
	}
	if (bundle_manifest_find(m, key) >= 0) {
		rc = manifest_again(ctx, m, key, line, hexlen, lineno);
		goto out_free_path;
	}
	/* The line borrows the key: the lender's, or m->own's. */
	rc = manifest_add(m, token, line, hexlen);
	if (rc == CC_OK)
		rc = index_add(m);
out_free_path:
	host->free(path);
	return rc;
}

/* Links lines naming one file up to case or normalization, warning
 * about each such pair: on a case-insensitive or normalizing file system
 * (macOS, Windows) they are one file, and the bag may hold one. */
/* A line's folded path, as a hash: lines are sorted by it, so that only
 * lines of one hash have their folded paths compared, and the twins of a
 * manifest of a million lines cost 16 bytes a line while they are found. */
struct twin_key {
	uint64_t hash;
	size_t line;
};

static int twin_key_cmp(const void *a, const void *b)
{
	const struct twin_key *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* 1 when lines i and j name one file up to case and normalization. */
static int twin_same(const struct bundle_manifest *m, size_t i, size_t j)
{
	char *a = bundle_path_fold(bundle_manifest_path(m, i));
	char *b = bundle_path_fold(bundle_manifest_path(m, j));
	int same = a != NULL && b != NULL && strcmp(a, b) == 0;

	host->free(a);
	host->free(b);
	return same;
}

static int twin_cmp(const void *a, const void *b)
{
	const struct bundle_twin *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

/* The twin of line a among m->twin[from..), pairs not yet sorted, or -1. */
static long twin_since(const struct bundle_manifest *m, size_t from, size_t a)
{
	for (size_t i = from; i < m->ntwin; i++)
		if (m->twin[i].line == a)
			return (long)m->twin[i].twin;
	return -1;
}

/* Notes that line is the twin of line twin; *cap is m->twin's room. */
static int twin_push(struct bundle_manifest *m, size_t *cap, size_t line, size_t twin)
{
	if (m->ntwin == *cap) {
		size_t more = *cap ? 2 * *cap : 8;
		struct bundle_twin *t = host->realloc(m->twin, more * sizeof *t);

		if (t == NULL)
			return CC_FATAL;
		m->twin = t;
		*cap = more;
	}
	m->twin[m->ntwin].line = (uint32_t)line;
	m->twin[m->ntwin++].twin = (uint32_t)twin;
	return CC_OK;
}

static int manifest_twins(cc_ctx *ctx, struct bundle_manifest *m)
{
	struct twin_key *k = host->malloc((m->n ? m->n : 1) * sizeof *k);
	size_t nk = 0, cap = 0;
	int rc = CC_OK;

	if (k == NULL)
		return CC_FATAL;
	host->free(m->twin);
	m->twin = NULL;
	m->ntwin = 0;
	for (size_t i = 0; i < m->n; i++) {
		char *key = bundle_path_fold(bundle_manifest_path(m, i));

		if (key == NULL)
			continue;
		k[nk].hash = map_hash(key);
		k[nk++].line = i;
		host->free(key);
	}
	qsort(k, nk, sizeof *k, twin_key_cmp);
	/* Within a run of one hash, each line is the twin of the first
	 * earlier line of the same folded path (whose own twin, if it has
	 * none yet, is that line).  Only this run's pairs are searched:
	 * twins share a hash. */
	for (size_t r = 0, e; r < nk && rc == CC_OK; r = e) {
		size_t from = m->ntwin;

		for (e = r + 1; e < nk && k[e].hash == k[r].hash; e++)
			;
		for (size_t j = r + 1; j < e && rc == CC_OK; j++)
			for (size_t i = r; i < j; i++) {
				size_t a = k[i].line, b = k[j].line;
				long ta = twin_since(m, from, a);

				if (ta >= 0 && (size_t)ta < a)
					continue; /* a is itself a later twin */
				if (!twin_same(m, a, b))
					continue;
				rc = twin_push(m, &cap, b, a);
				if (rc == CC_OK && ta < 0)
					rc = twin_push(m, &cap, a, b);
				break;
			}
	}
	host->free(k);
	if (rc != CC_OK)
		return rc;
	if (m->ntwin > 0)
		qsort(m->twin, m->ntwin, sizeof *m->twin, twin_cmp);
	for (size_t i = 0; i < m->ntwin; i++)
		if (m->twin[i].twin < m->twin[i].line)
			host->report(ctx, CC_WARN, 0, 0,
			             "%s lists \"%s\" and \"%s\", names that differ only "
			             "in letter case or Unicode normalization: one file on "
			             "macOS and Windows",
			             m->file, bundle_manifest_path(m, m->twin[i].twin),
			             bundle_manifest_path(m, m->twin[i].line));
	return CC_OK;
}

int bundle_manifest_parse(cc_ctx *ctx, struct bundle_manifest *m,
                          const char *text, size_t len)
{
	const char *line;
	size_t pos = 0, n;
	long lineno = 0;

	while (next_line(text, len, &pos, &line, &n)) {
		int rc;

		lineno++;
		if (n == 0)
			continue;
		rc = manifest_line(ctx, m, line, n, lineno);
		if (rc != CC_OK)
			return rc;
	}
	return manifest_twins(ctx, m);
}

/* The first CR or LF in [p, end), or NULL. */
static const char *line_end(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p == '\n' || *p == '\r')
			return p;
	return NULL;
}

int bundle_manifest_parse_part(cc_ctx *ctx, struct bundle_manifest *m,
                               struct bundle_buf *carry, long *lineno,
                               const char *text, size_t len, int last)
{
	const char *p = text, *end = text + len;
	int rc = CC_OK;

	while (rc == CC_OK && p < end) {
		const char *nl = line_end(p, end);
		const char *line = p;
		size_t n;

		if (nl == NULL) {
			if (bundle_buf_add(carry, p, (size_t)(end - p)) != CC_OK)
				return CC_FATAL;
			break;
		}
		n = (size_t)(nl - p);
		/* RFC 8493 ends a line with LF, CR or CR LF (a CR LF split
		 * between two parts reads as a line and an empty one). */
		p = nl + (nl[0] == '\r' && nl + 1 < end && nl[1] == '\n' ? 2 : 1);
		if (carry->len > 0) {
			if (bundle_buf_add(carry, line, n) != CC_OK)
				return CC_FATAL;
			line = carry->p;
			n = carry->len;
		}
		(*lineno)++;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n > 0)
			rc = manifest_line(ctx, m, line, n, *lineno);
		carry->len = 0;
	}
	if (rc != CC_OK || !last)
		return rc;
	if (carry->len > 0) {
		size_t n = carry->len;

		(*lineno)++;
		if (carry->p[n - 1] == '\r')
			n--;
		if (n > 0)
			rc = manifest_line(ctx, m, carry->p, n, *lineno);
		carry->len = 0;
	}
	return rc == CC_OK ? manifest_twins(ctx, m) : rc;
}

int bundle_manifest_share(struct bundle_manifest *m, const struct bundle_manifest *other)
{
	if (m->shared || m->n != other->n || m->nown > 0 || other->nown > 0 ||
	    m->lent != other->lent || m->lend_user != other->lend_user ||
	    m->ntwin != other->ntwin)
		return 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->line[i].path != other->line[i].path)
			return 0;
	/* The same lines make the same twins. */
	host->free(m->line);
	host->free(m->slot);
	host->free(m->twin);
	m->line = other->line;
	m->slot = other->slot;
	m->nslot = other->nslot;
	m->twin = other->twin;
	m->shared = 1;
	return 1;
}

void bundle_manifest_free(struct bundle_manifest *m)
{
	if (!m->shared) {
		host->free(m->line);
		host->free(m->twin);
		host->free(m->slot);
	}
	host->free(m->digest);
	host->free(m->seen);
	host->free(m->file);
	for (size_t i = 0; i < m->nown; i++)
		host->free(m->own[i]);
	host->free(m->own);
	memset(m, 0, sizeof *m);
}

/* ---- tag files ----------------------------------------------------- */

int bundle_bagit_txt_check(cc_ctx *ctx, const char *name, const char *text,
                           size_t len, int *version, char enc[64])
{
	static const char ver[] = "BagIt-Version: ";
	static const char tfe[] = "Tag-File-Character-Encoding: ";
	const char *line;
	size_t pos = 0, n;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s begins with a byte order mark", name);
	if (!next_line(text, len, &pos, &line, &n) || n < sizeof ver - 1 ||
	    memcmp(line, ver, sizeof ver - 1) != 0)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: the first line is not \"%s1.0\"", name,
		                    ver);
	line += sizeof ver - 1;
	n -= sizeof ver - 1;
	if (n == 3 && memcmp(line, "1.0", 3) == 0) {
		*version = BUNDLE_BAGIT_100;
	} else if (n == 4 && memcmp(line, "0.97", 4) == 0) {
		*version = BUNDLE_BAGIT_097;
	} else if (n == 4 && memcmp(line, "0.96", 4) == 0) {
		*version = BUNDLE_BAGIT_096;
		host->report(ctx, CC_WARN, 0, 0,
		             "%s: BagIt 0.96, read as 0.97", name);
	} else {
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: BagIt version \"%.*s\" is not supported "
		                    "(1.0, 0.97 and 0.96 are)",
		                    name, (int)(n > 40 ? 40 : n), line);
	}
	if (!next_line(text, len, &pos, &line, &n) || n < sizeof tfe - 1 ||
	    memcmp(line, tfe, sizeof tfe - 1) != 0)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: the second line is not \"%sENCODING\"",
		                    name, tfe);
	line += sizeof tfe - 1;
	n -= sizeof tfe - 1;
	if (n == 0 || n >= 64 || memchr(line, ' ', n) || memchr(line, '\t', n) ||
	    memchr(line, '\0', n))
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: \"%.*s\" is not a character encoding name",
		                    name, (int)(n > 40 ? 40 : n), line);
	memcpy(enc, line, n);
	enc[n] = '\0';
	while (next_line(text, len, &pos, &line, &n))
		if (n > 0)
			return host->report(ctx, CC_FAILED, 0, 0,
			                    "%s: more than two lines", name);
	return CC_OK;
}

int bundle_tag_decode(cc_ctx *ctx, const char *name, const char *enc,
                      struct bundle_buf *b)
{
	struct bundle_buf out = { 0 };
	iconv_t cd;
	char *in;
	size_t inleft;
	int rc = CC_OK;

	if (strcasecmp(enc, "UTF-8") != 0 && b->len > 0) {
		cd = iconv_open("UTF-8", enc);
		if (cd == (iconv_t)-1)
			return host->report(ctx, CC_FAILED, 0, 0,
			                    "%s: tag file encoding \"%s\" is not "
			                    "supported by iconv",
			                    name, enc);
		in = b->p;
		inleft = b->len;
		while (inleft > 0 && rc == CC_OK) {
			char chunk[4096], *o = chunk;
			size_t oleft = sizeof chunk;
			size_t r = iconv(cd, &in, &inleft, &o, &oleft);

			if (bundle_buf_add(&out, chunk, sizeof chunk - oleft) !=
			    CC_OK)
				rc = CC_FATAL;
			else if (r == (size_t)-1 && errno != E2BIG)
				rc = host->report(ctx, CC_FAILED, 0, 0,
				                  "%s: byte %zu is not valid %s",
				                  name, b->len - inleft, enc);
		}
		if (rc == CC_OK) {
			/* Ends a stateful encoding's shift sequence. */
			char chunk[64], *o = chunk;
			size_t oleft = sizeof chunk;

			if (iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1 ||
			    bundle_buf_add(&out, chunk, sizeof chunk - oleft) !=
			            CC_OK)
				rc = host->report(ctx, CC_FAILED, 0, 0,
				                  "%s: cannot be read as %s", name,
				                  enc);
		}
		iconv_close(cd);
		if (rc != CC_OK) {
			bundle_buf_free(&out);
			return rc;
		}
		bundle_buf_free(b);
		*b = out;
	}
	if (b->len >= 3 && memcmp(b->p, "\xEF\xBB\xBF", 3) == 0) {
		memmove(b->p, b->p + 3, b->len - 2);
		b->len -= 3;
	}
	if (b->len > 0 && memchr(b->p, '\0', b->len) != NULL)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s holds a NUL character", name);
	return CC_OK;
}

int bundle_info_own(const char *label, size_t n)
{
	static const char *const own[] = { "Bagging-Date", "Payload-Oxum",
		                           "Bag-Software-Agent", "Bag-Size" };

	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strlen(own[i]) == n && strncasecmp(own[i], label, n) == 0)
			return 1;
	return 0;
}

char *bundle_tag_value(const char *text, size_t len, const char *label)
{
	size_t llen = strlen(label), pos = 0, n;
	struct bundle_buf v = { 0 };
	const char *line;
	int in_value = 0;

	while (next_line(text, len, &pos, &line, &n)) {
		if (in_value) {
			if (n > 0 && (line[0] == ' ' || line[0] == '\t')) {
				if (bundle_buf_add(&v, line, n) != CC_OK)
					goto out_free_value;
				continue;
			}
			break;
		}
		if (n > llen && line[llen] == ':' &&
		    strncasecmp(line, label, llen) == 0) {
			size_t i = llen + 1;

			while (i < n && (line[i] == ' ' || line[i] == '\t'))
				i++;
			if (bundle_buf_add(&v, line + i, n - i) != CC_OK)
				goto out_free_value;
			in_value = 1;
		}
	}
	return v.p;
out_free_value:
	bundle_buf_free(&v);
	return NULL;
}
