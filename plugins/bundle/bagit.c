/*
 * bagit.c: the text side of BagIt (RFC 8493) for the bundle plugin:
 * bagit.txt, "Label: Value" tag files, manifests and their path
 * encoding, plus the small growable buffer and string map the reader and
 * writer share.
 *
 * It must never touch the zip nor trust a path it parses: every manifest
 * path goes through bundle_path_unsafe before anyone may use it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

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
	size_t i = map_hash(key) & (m->cap - 1);

	while (m->slot[i].key != NULL && strcmp(m->slot[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

static int map_grow(struct bundle_map *m)
{
	struct bundle_map old = *m;
	size_t cap = m->cap ? m->cap * 2 : 64;

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

int bundle_map_put(struct bundle_map *m, const char *key, size_t value)
{
	struct bundle_map_slot *s;

	if (2 * (m->used + 1) > m->cap && map_grow(m) != CC_OK)
		return -1;
	s = map_slot(m, key);
	if (s->key != NULL)
		return 0;
	s->key = host->strdup(key);
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

void bundle_map_free(struct bundle_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		host->free(m->slot[i].key);
	host->free(m->slot);
	memset(m, 0, sizeof *m);
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

static int manifest_add(struct bundle_manifest *m, char *path,
                        const char *hex, size_t hexlen)
{
	struct bundle_manifest_line *l;

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		l = host->realloc(m->line, cap * sizeof *l);
		if (l == NULL)
			return CC_FATAL;
		m->line = l;
		m->cap = cap;
	}
	l = &m->line[m->n];
	l->path = path;
	for (size_t i = 0; i < hexlen; i++)
		l->hex[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] + 32
		                                                  : hex[i]);
	l->hex[hexlen] = '\0';
	l->seen = 0;
	m->n++;
	return CC_OK;
}

/* Parses one non-empty manifest line, number lineno. */
static int manifest_line(cc_ctx *ctx, struct bundle_manifest *m,
                         const char *line, size_t n, long lineno)
{
	size_t hexlen = bundle_algo_hexlen(m->algo), i = 0, start;
	const char *why;
	char *path;
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
	if (i == hexlen + 1 && i < n && line[i] == '*')
		i++;
	start = i;
	if (start == n)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s line %ld: no file path", m->file, lineno);
	path = bundle_path_decode(line + start, n - start);
	if (path == NULL)
		return CC_FATAL;
	/* Some tools write "./data/x"; the path is the same file. */
	if (path[0] == '.' && path[1] == '/')
		memmove(path, path + 2, strlen(path + 2) + 1);
	why = bundle_path_unsafe(path);
	if (why == NULL && !m->tag && strncmp(path, "data/", 5) != 0)
		why = "outside data/";
	if (why != NULL) {
		rc = host->report(ctx, CC_FAILED, 0, 0,
		                  "%s line %ld: refusing path \"%s\": %s",
		                  m->file, lineno, path, why);
		goto out_free_path;
	}
	rc = bundle_map_put(&m->index, path, m->n);
	if (rc < 0) {
		rc = CC_FATAL;
		goto out_free_path;
	}
	if (rc == 0) {
		rc = host->report(ctx, CC_FAILED, 0, 0,
		                  "%s line %ld: \"%s\" is listed twice",
		                  m->file, lineno, path);
		goto out_free_path;
	}
	rc = manifest_add(m, path, line, hexlen);
	if (rc == CC_OK)
		return CC_OK;
out_free_path:
	host->free(path);
	return rc;
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
	return CC_OK;
}

void bundle_manifest_free(struct bundle_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		host->free(m->line[i].path);
	host->free(m->line);
	host->free(m->file);
	bundle_map_free(&m->index);
	memset(m, 0, sizeof *m);
}

/* ---- tag files ----------------------------------------------------- */

int bundle_bagit_txt_check(cc_ctx *ctx, const char *name, const char *text,
                           size_t len)
{
	static const char ver[] = "BagIt-Version: ";
	static const char enc[] = "Tag-File-Character-Encoding: ";
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
	if (!((n == 3 && memcmp(line, "1.0", 3) == 0) ||
	      (n == 4 && memcmp(line, "0.97", 4) == 0)))
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: BagIt version \"%.*s\" is not supported "
		                    "(1.0 and 0.97 are)",
		                    name, (int)(n > 40 ? 40 : n), line);
	if (!next_line(text, len, &pos, &line, &n) || n < sizeof enc - 1 ||
	    memcmp(line, enc, sizeof enc - 1) != 0)
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: the second line is not \"%sUTF-8\"", name,
		                    enc);
	line += sizeof enc - 1;
	n -= sizeof enc - 1;
	if (!(n == 5 && strncasecmp(line, "UTF-8", 5) == 0))
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "%s: tag file encoding \"%.*s\" is not "
		                    "supported (UTF-8 is)",
		                    name, (int)(n > 40 ? 40 : n), line);
	while (next_line(text, len, &pos, &line, &n))
		if (n > 0)
			return host->report(ctx, CC_FAILED, 0, 0,
			                    "%s: more than two lines", name);
	return CC_OK;
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
