/*
 * util.c: small helpers the TEI reader and writer share: a byte buffer, a
 * set of xml:ids, UTF-8 decoding and the character, name, date and
 * language checks that keep the writer's output valid TEI.
 *
 * Pure code: it must never call the host or keep global state, and
 * allocates with libc malloc/free only.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "tei.h"

/* ---- byte buffer ------------------------------------------------------ */

int tei_buf_add(struct tei_buf *b, const char *s, size_t n)
{
	if (n > SIZE_MAX - 1 - b->len)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				cap = b->len + n + 1;
				break;
			}
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int tei_buf_addc(struct tei_buf *b, char c)
{
	return tei_buf_add(b, &c, 1);
}

void tei_buf_free(struct tei_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *tei_buf_str(const struct tei_buf *b)
{
	return b->p ? b->p : "";
}

/* ---- id set: open addressing, FNV-1a ----------------------------------- */

size_t tei_str_hash(const char *s)
{
	size_t h = (size_t)14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

/* The slot holding id, or the empty slot where it would go.  The hash is
 * kept in the slot, so the ids of other slots are rarely read. */
static struct tei_idslot *idset_slot(struct tei_idslot *slot, size_t cap, const char *id,
                                     size_t h)
{
	size_t i = h & (cap - 1);

	while (slot[i].id != NULL && (slot[i].hash != h || strcmp(slot[i].id, id) != 0))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

int tei_idset_has(const struct tei_idset *s, const char *id)
{
	return s->cap && idset_slot(s->slot, s->cap, id, tei_str_hash(id))->id != NULL;
}

/* Rehashes into a table of `cap` slots (a power of two, above s->n). */
static int idset_resize(struct tei_idset *s, size_t cap)
{
	struct tei_idslot *slot;

	if (cap > SIZE_MAX / sizeof(*slot))
		return -1;
	slot = calloc(cap, sizeof(*slot));
	if (slot == NULL)
		return -1;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i].id != NULL)
			*idset_slot(slot, cap, s->slot[i].id, s->slot[i].hash) = s->slot[i];
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
	return 0;
}

/* A copy of id[0..n) and a NUL in the set's own blocks, or NULL. */
static const char *idset_copy(struct tei_idset *s, const char *id, size_t n)
{
	struct tei_idblock *b = s->blocks;
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	n++;
	if (b == NULL || b->cap - b->len < n) {
		size_t cap = n > 65536 ? n : 65536;

		b = malloc(offsetof(struct tei_idblock, data) + cap);
		if (b == NULL)
			return NULL;
		b->next = s->blocks;
		b->len = 0;
		b->cap = cap;
		s->blocks = b;
	}
	p = b->data + b->len;
	memcpy(p, id, n - 1);
	p[n - 1] = '\0';
	b->len += n;
	return p;
}

const char *tei_idset_keep(struct tei_idset *s, const char *id, size_t n)
{
	return idset_copy(s, id, n);
}

int tei_idset_reserve(struct tei_idset *s, size_t n)
{
	size_t cap = s->cap ? s->cap : 64;

	while (cap / 2 < s->n + n) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	return cap == s->cap ? 0 : idset_resize(s, cap);
}

int tei_idset_add(struct tei_idset *s, const char *id, const char **stored)
{
	size_t h = tei_str_hash(id);
	struct tei_idslot *slot = s->cap ? idset_slot(s->slot, s->cap, id, h) : NULL;
	const char *copy;

	if (slot != NULL && slot->id != NULL) {
		if (stored != NULL)
			*stored = slot->id;
		return 1;
	}
	if ((s->n + 1) * 2 > s->cap) {
		if (idset_resize(s, s->cap ? s->cap * 2 : 64) != 0)
			return -1;
		slot = idset_slot(s->slot, s->cap, id, h);
	}
	copy = idset_copy(s, id, strlen(id));
	if (copy == NULL)
		return -1;
	slot->id = copy;
	slot->hash = h;
	s->n++;
	if (stored != NULL)
		*stored = copy;
	return 0;
}

void tei_idset_free(struct tei_idset *s)
{
	while (s->blocks != NULL) {
		struct tei_idblock *next = s->blocks->next;

		free(s->blocks);
		s->blocks = next;
	}
	free(s->slot);
	s->slot = NULL;
	s->n = s->cap = 0;
}

/* ---- characters ------------------------------------------------------- */

size_t tei_utf8_decode(const char *s, size_t len, unsigned long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i;
	unsigned long c;

	if (len == 0) {
		*cp = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xFFFFFFFFUL;
		return 1;
	}
	if (n > len) {
		*cp = 0xFFFFFFFFUL;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFFFFFFUL;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	*cp = c;
	return n;
}

/* Skips ASCII from u[i], eight bytes at a time while it can: the text
 * corpusconv writes is mostly ASCII.  Returns where the run ends. */
static size_t skip_ascii(const unsigned char *u, size_t i, size_t len)
{
	uint64_t w;

	while (len - i >= 8) {
		memcpy(&w, u + i, 8);
		if ((w & 0x8080808080808080ULL) != 0)
			break;
		i += 8;
	}
	while (i < len && u[i] < 0x80)
		i++;
	return i;
}

/* The bytes of the character at s (len > 0) and in *cp its code point,
 * or 0 when it is not valid UTF-8: cut short, a stray byte, an overlong
 * form, a surrogate or past U+10FFFF. */
static size_t valid_char(const char *s, size_t len, unsigned long *cp)
{
	size_t n = tei_utf8_decode(s, len, cp);

	if (*cp == 0xFFFFFFFFUL)
		return 0;
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && *cp < 0x10000) || *cp > 0x10FFFF ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

int tei_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned long cp;
		size_t n;

		if (u[i] < 0x80) {
			i = skip_ascii(u, i, len);
			continue;
		}
		if ((n = valid_char(s + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* Skips characters 0x20..0x7F from u[i] (all XML may hold), eight bytes
 * at a time while it can.  Returns where the run ends. */
static inline size_t skip_xml_ascii(const unsigned char *u, size_t i, size_t len)
{
	uint64_t w;

	/* None of eight bytes of 0x20..0x7F has its top bit set, and none
	 * borrows when 0x20 is taken from it. */
	while (len - i >= 8) {
		memcpy(&w, u + i, 8);
		if (((w | (w - 0x2020202020202020ULL)) & 0x8080808080808080ULL) != 0)
			break;
		i += 8;
	}
	while (i < len && u[i] >= 0x20 && u[i] < 0x80)
		i++;
	return i;
}

size_t tei_xml_span(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = u[i];

		if (c >= 0x20 && c < 0x80) {
			i = skip_xml_ascii(u, i, len);
			continue;
		}
		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				return i;
			i++;
			continue;
		}
		/* Valid UTF-8 beyond ASCII holds two characters XML cannot:
		 * U+FFFE and U+FFFF (EF BF BE, EF BF BF). */
		if (c == 0xEF && len - i >= 3 && u[i + 1] == 0xBF && (u[i + 2] & 0xFE) == 0xBE)
			return i;
		i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	}
	return len;
}

int tei_text_check(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int found = TEI_TEXT_OK;

	/* tei_utf8_valid and tei_xml_span in one pass: the text is read
	 * once, and a character XML cannot hold does not end the check. */
	while (i < len) {
		unsigned char c = u[i];
		unsigned long cp;
		size_t n;

		if (c >= 0x20 && c < 0x80) {
			i = skip_xml_ascii(u, i, len);
			continue;
		}
		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				found = TEI_TEXT_CTRL;
			i++;
			continue;
		}
		if ((n = valid_char(s + i, len - i, &cp)) == 0)
			return TEI_TEXT_BAD;
		if (cp == 0xFFFE || cp == 0xFFFF)
			found = TEI_TEXT_CTRL;
		i += n;
	}
	return found;
}

int tei_xml_char_ok(unsigned long cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	       (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

int tei_is_ncname(const char *s)
{
	/* xmlValidateNCName takes bytes that are not UTF-8 ("a\xFF", an
	 * overlong "a\xC0\x80") for letters; such an id written out would be
	 * neither UTF-8 nor the id read back. */
	return s != NULL && *s != '\0' && tei_text_check(s, strlen(s)) == TEI_TEXT_OK &&
	       xmlValidateNCName((const xmlChar *)s, 0) == 0;
}

/* ---- dates and languages ------------------------------------------------ */

/* n ASCII digits at s, their value in *v. */
static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* A time zone ("Z", "+hh:mm", "-hh:mm") or nothing, ending the string. */
static int tz_ok(const char *s)
{
	int h, m;

	if (*s == '\0')
		return 1;
	if (s[0] == 'Z')
		return s[1] == '\0';
	if ((s[0] != '+' && s[0] != '-') || !digits(s + 1, 2, &h) || s[3] != ':' ||
	    !digits(s + 4, 2, &m) || s[6] != '\0')
		return 0;
	return h <= 14 && m <= 59;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2)
		return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
	return days[m - 1];
}

int tei_w3c_date(const char *s, char out[64])
{
	int y, mo, d, h, mi, sec;
	const char *p = s;
	size_t n = strlen(s);

	if (n >= 48 || !digits(p, 4, &y) || y == 0)
		return 0;
	p += 4;
	if (*p == '-' && digits(p + 1, 2, &mo) && mo >= 1 && mo <= 12) {
		p += 3;
		if (*p == '-' && digits(p + 1, 2, &d) && d >= 1 &&
		    d <= month_days(y, mo)) {
			p += 3;
			if (*p == 'T') {
				if (!digits(p + 1, 2, &h) || p[3] != ':' ||
				    !digits(p + 4, 2, &mi) || h > 23 || mi > 59)
					return 0;
				p += 6;
				if (*p == ':') {
					if (!digits(p + 1, 2, &sec) || sec > 60)
						return 0;
					p += 3;
					if (*p == '.') {
						p++;
						if (*p < '0' || *p > '9')
							return 0;
						while (*p >= '0' && *p <= '9')
							p++;
					}
					if (!tz_ok(p))
						return 0;
					memcpy(out, s, n + 1);
					return 1;
				}
				/* "hh:mm": xs:dateTime wants seconds. */
				if (!tz_ok(p))
					return 0;
				memcpy(out, s, (size_t)(p - s));
				memcpy(out + (p - s), ":00", 3);
				memcpy(out + (p - s) + 3, p, strlen(p) + 1);
				return 1;
			}
		}
	}
	if (!tz_ok(p))
		return 0;
	memcpy(out, s, n + 1);
	return 1;
}

int tei_lang_ok(const char *s)
{
	size_t run = 0;
	int first = 1;

	if (s == NULL || *s == '\0')
		return 0;
	for (; ; s++) {
		if (*s == '-' || *s == '\0') {
			if (run == 0 || run > 8)
				return 0;
			if (*s == '\0')
				return 1;
			run = 0;
			first = 0;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (!first && *s >= '0' && *s <= '9')))
			return 0;
		run++;
	}
}

/*
 * The lexical form of an xsd:decimal (an optional '+', digits with at most
 * one '.', at least one digit) whose value lies in [0, 1]: every such form
 * is also an xsd:double, which @cert (teidata.probCert) takes, and is what
 * the csv plugin's confidence column holds (plugins/csv/plugin.c checks
 * the same; plugins share no code).  Checked on the digits, so no locale
 * or rounding decides.
 */
int tei_confidence_ok(const char *s)
{
	size_t digits = 0;
	int one = 0, fraction = 0;

	if (*s == '+')
		s++;
	for (; *s == '0'; s++)
		digits++;
	if (*s == '1') {
		one = 1;
		digits++;
		s++;
	}
	if (*s >= '0' && *s <= '9')
		return 0; /* 2 or more */
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++) {
			digits++;
			fraction |= *s != '0';
		}
	return *s == '\0' && digits > 0 && !(one && fraction);
}
