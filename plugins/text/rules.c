/*
 * rules.c: what one paragraph of English news text looks like on its own:
 * a byline, a dateline, a photo caption, site boilerplate, a headline or a
 * section heading.  infer.c weighs these against the paragraph's place in
 * the article.
 *
 * Rules are about the shapes of English news pages in general, never about
 * one site's article.  It must never modify the text it is given; pure (no
 * host, no allocation).
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

/* ---- small UTF-8 and character helpers ------------------------------- */

static int is_upper(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

static int is_lower(unsigned char ch)
{
	return ch >= 'a' && ch <= 'z';
}

static int is_digit(unsigned char ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_alpha(unsigned char ch)
{
	return is_upper(ch) || is_lower(ch);
}

/* Does s[i..n) start with the three-byte sequence a b c? */
static int at3(const char *s, size_t i, size_t n, int a, int b, int c)
{
	return i + 2 < n && (unsigned char)s[i] == a &&
	       (unsigned char)s[i + 1] == b && (unsigned char)s[i + 2] == c;
}

/* Length of a closing quote or bracket ending at s[end], or 0. */
static size_t closer_before(const char *s, size_t end)
{
	if (end >= 1 && (s[end - 1] == '"' || s[end - 1] == '\'' ||
	                 s[end - 1] == ')' || s[end - 1] == ']'))
		return 1;
	if (end >= 3 && (at3(s, end - 3, end, 0xE2, 0x80, 0x9D) ||
	                 at3(s, end - 3, end, 0xE2, 0x80, 0x99)))
		return 3;
	if (end >= 2 && (unsigned char)s[end - 2] == 0xC2 &&
	    (unsigned char)s[end - 1] == 0xBB)
		return 2;
	return 0;
}

/* Length of an opening quote at s[i], or 0. */
static size_t opener_at(const char *s, size_t i, size_t n)
{
	if (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == '('))
		return 1;
	if (at3(s, i, n, 0xE2, 0x80, 0x9C) || at3(s, i, n, 0xE2, 0x80, 0x98))
		return 3;
	if (i + 1 < n && (unsigned char)s[i] == 0xC2 &&
	    (unsigned char)s[i + 1] == 0xAB)
		return 2;
	return 0;
}

/* The byte that ends s once closing quotes and brackets are set aside;
 * '.' for an ellipsis, 0 for an empty string. */
static int last_mark(const char *s, size_t n)
{
	size_t k;

	while (n > 0 && (k = closer_before(s, n)) > 0)
		n -= k;
	if (n == 0)
		return 0;
	if (n >= 3 && at3(s, n - 3, n, 0xE2, 0x80, 0xA6))
		return '.';
	return (unsigned char)s[n - 1];
}

/* The first byte that matters: past opening quotes. */
static int first_mark(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (k = opener_at(s, i, n)) > 0)
		i += k;
	return i < n ? (unsigned char)s[i] : 0;
}

/* The lead byte of a non-ASCII letter (Latin, Greek, Cyrillic, CJK,
 * Hangul; not U+2000..U+2FFF, punctuation and symbols), whose case we do
 * not check. */
static int is_letter_lead(int ch)
{
	return ch >= 0xC3 && ch != 0xE2;
}

/* Capital, digit, or a non-ASCII letter. */
static int starts_capital(const char *s, size_t n)
{
	int ch = first_mark(s, n);

	return is_upper(ch) || is_digit(ch) || is_letter_lead(ch);
}

int text_ends_sentence(const char *s, size_t n)
{
	int ch = last_mark(s, n);

	return ch == '.' || ch == '!' || ch == '?';
}

/* The words of s[0..n) (runs of bytes other than space and tab), counted
 * up to `most`: the caption rules ask "at least k?" of whole paragraphs. */
static size_t count_words(const char *s, size_t n, size_t most)
{
	size_t i, w = 0;
	int in = 0;

	for (i = 0; i < n && w < most; i++) {
		int sp = s[i] == ' ' || s[i] == '\t';

		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

size_t text_word_count(const char *s, size_t n)
{
	return count_words(s, n, SIZE_MAX);
}

/* Does s[0..n) hold at least `least` words (as text_word_count counts
 * them)? */
static int has_words(const char *s, size_t n, size_t least)
{
	return count_words(s, n, least) >= least;
}

size_t text_cp_count(const char *s, size_t n)
{
	const uint64_t highs = 0x8080808080808080u;
	size_t i = 0, c = n;

	/* Code points are the bytes that do not continue a sequence
	 * (10xxxxxx): count those, sixteen bytes at a time, then eight,
	 * then one.  The marks of two words are added first (at most 2 a
	 * byte lane, 16 in all), so one multiply sums sixteen bytes: the
	 * splitter counts every line of the input. */
	for (; i + 16 <= n; i += 16) {
		uint64_t w1, w2, cont;

		memcpy(&w1, s + i, 8);
		memcpy(&w2, s + i + 8, 8);
		cont = ((w1 & ~(w1 << 1) & highs) >> 7) + ((w2 & ~(w2 << 1) & highs) >> 7);
		c -= (size_t)((cont * 0x0101010101010101u) >> 56);
	}
	for (; i + 8 <= n; i += 8) {
		uint64_t w, cont;

		memcpy(&w, s + i, 8);
		cont = w & ~(w << 1) & highs; /* bit 7 set, bit 6 clear */
		c -= (size_t)(((cont >> 7) * 0x0101010101010101u) >> 56);
	}
	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			c--;
	return c;
}

/* Does s[0..n) start with p?  Stops at the first difference: the rules
 * try dozens of prefixes on every paragraph. */
static int has_prefix(const char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; p[i] != '\0'; i++)
		if (i >= n || s[i] != p[i])
			return 0;
	return 1;
}

static int to_lower(int ch)
{
	return is_upper(ch) ? ch + ('a' - 'A') : ch;
}

/* Case-insensitive (ASCII) prefix; p is in lower case. */
static int has_iprefix(const char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; p[i] != '\0'; i++)
		if (i >= n || to_lower((unsigned char)s[i]) != (unsigned char)p[i])
			return 0;
	return 1;
}

/* Is s[0..n) exactly p?  When the loop ends, p[0..n) held no NUL, so
 * p[n] may be read. */
static int equals(const char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\0' || s[i] != p[i])
			return 0;
	return p[n] == '\0';
}

/* The same, without case (ASCII); p is in lower case. */
static int iequals(const char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\0' || to_lower((unsigned char)s[i]) != (unsigned char)p[i])
			return 0;
	return p[n] == '\0';
}

static const char *find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *p = s, *end = s + n;

	if (k == 0)
		return s;
	/* memchr to each candidate first byte: the caption test runs some
	 * forty phrases over every paragraph, and a memcmp at every byte
	 * was a fifth of the whole conversion's time. */
	while ((size_t)(end - p) >= k &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - k + 1)) != NULL) {
		if (memcmp(p, needle, k) == 0)
			return p;
		p++;
	}
	return NULL;
}

/*
 * A set of phrases to look for anywhere in a paragraph: the caption test
 * looks for some thirty phrases in every paragraph, the boilerplate test
 * for "All rights reserved" in every paragraph.
 *
 * Each phrase is found through a key: a short part of it that starts with
 * a byte rare in English text ("his" in "in this photo", "(" in "(left)",
 * "ved" in "All rights reserved").  One memchr pass per distinct first
 * byte of the keys visits every place where a key can start; there a
 * filter on the next byte sets most places aside at once ("he" in "the"
 * holds no key), and only where a whole key matches are the phrases
 * holding it compared.  Every occurrence of a phrase holds its key at a
 * fixed offset, so this finds exactly what comparing every phrase at every
 * byte would.  (The byte loop it replaces, with a filter on each phrase's
 * first two bytes, cost some 20 instructions a byte: "in", "is", "fr",
 * "Th" are everywhere in English; memchr reads 32 bytes at a time.)
 *
 * The keys are a speed choice, never a correctness one: a phrase holding
 * none of the keys it is built with is its own key.
 */
#define PHRASES_MAX 64

struct phrase {
	const char *text;
	size_t len;
	size_t at;            /* where its key starts in it */
};

struct phrase_key {
	const char *text;
	size_t from, to;      /* its phrases: phrase[from .. to) */
};

/* The keys that start with one byte: key[from .. to). */
struct phrase_group {
	unsigned char first;
	size_t from, to;
	uint64_t second[4];   /* bit b: a key goes on with byte b, or ends */
};

struct phrase_set {
	struct phrase phrase[PHRASES_MAX];
	struct phrase_key key[PHRASES_MAX];
	struct phrase_group group[PHRASES_MAX];
	size_t n_groups;
};

/* Fills ps from a NULL-terminated list of at most PHRASES_MAX non-empty
 * phrases and a NULL-terminated list of keys (tried in their order: the
 * first one a phrase holds is its key).  Returns -1 (and ps finds
 * nothing) for a longer list or an empty phrase. */
static int phrase_set_build(struct phrase_set *ps, const char *const *phrases,
                            const char *const *keys)
{
	const char *key_of[PHRASES_MAX];
	size_t n, k, j, n_keys = 0, n_phrases = 0;
	int a, b;

	memset(ps, 0, sizeof *ps);
	for (n = 0; phrases[n]; n++)
		if (n >= PHRASES_MAX || phrases[n][0] == '\0')
			return -1;
	for (k = 0; k < n; k++) {
		key_of[k] = phrases[k];
		for (j = 0; keys[j]; j++) {
			if (keys[j][0] != '\0' && strstr(phrases[k], keys[j])) {
				key_of[k] = keys[j];
				break;
			}
		}
	}
	/* Groups in order of first byte, keys in order of first use, each
	 * key's phrases after the previous key's. */
	for (a = 1; a < 256; a++) {
		struct phrase_group g;

		memset(&g, 0, sizeof g);
		g.first = (unsigned char)a;
		g.from = n_keys;
		for (k = 0; k < n; k++) {
			struct phrase_key *key = &ps->key[n_keys];

			if ((unsigned char)key_of[k][0] != a)
				continue;
			for (j = 0; j < k; j++)
				if (key_of[j] == key_of[k])
					break;
			if (j < k)
				continue; /* a key already in, with its phrases */
			key->text = key_of[k];
			key->from = n_phrases;
			for (j = k; j < n; j++) {
				struct phrase *ph = &ps->phrase[n_phrases];

				if (key_of[j] != key_of[k])
					continue;
				ph->text = phrases[j];
				ph->len = strlen(phrases[j]);
				ph->at = (size_t)(strstr(phrases[j], key_of[k]) - phrases[j]);
				n_phrases++;
			}
			key->to = n_phrases;
			b = (unsigned char)key_of[k][1];
			if (b == 0) {
				for (b = 0; b < 4; b++)
					g.second[b] = ~(uint64_t)0;
			} else {
				g.second[b >> 6] |= (uint64_t)1 << (b & 63);
			}
			n_keys++;
		}
		g.to = n_keys;
		if (g.to > g.from) /* at most one group per phrase */
			ps->group[ps->n_groups++] = g;
	}
	return 0;
}

/* Does ph occur in s[0..n) with its key at s[i]? */
static int phrase_at(const struct phrase *ph, const char *s, size_t n, size_t i)
{
	/* The phrase would start at i - at. */
	return ph->at <= i && ph->len <= n - (i - ph->at) &&
	       memcmp(s + i - ph->at, ph->text, ph->len) == 0;
}

/* Does s[0..n) contain one of the set's phrases? */
static int find_any(const struct phrase_set *ps, const char *s, size_t n)
{
	const char *end = s + n;
	size_t g, k, m;

	for (g = 0; g < ps->n_groups; g++) {
		const struct phrase_group *gr = &ps->group[g];
		const char *p = s;

		while (p < end && (p = memchr(p, gr->first, (size_t)(end - p))) != NULL) {
			size_t i = (size_t)(p - s);
			unsigned char b = i + 1 < n ? (unsigned char)p[1] : 0;

			p++;
			if (!(gr->second[b >> 6] & ((uint64_t)1 << (b & 63))))
				continue;
			for (k = gr->from; k < gr->to; k++) {
				if (!has_prefix(s + i, n - i, ps->key[k].text))
					continue;
				for (m = ps->key[k].from; m < ps->key[k].to; m++)
					if (phrase_at(&ps->phrase[m], s, n, i))
						return 1;
			}
		}
	}
	return 0;
}

#define OPENINGS_MAX 64

/* What the rules derive from the word lists below: built once
 * (pthread_once, tables() at the end of the file), then only read, so
 * threads share them. */
struct rule_tables {
	struct phrase_set caption, rights;
	size_t furniture_longest;
	/* Bytes a date label can start with (either case): read_label runs
	 * on every paragraph, and its first byte sets most aside before the
	 * list is walked. */
	unsigned char label_first[256];
	/* The furniture openings by first byte (all in lower case): those
	 * starting with byte a are opening[opening_from[a] ..
	 * opening_from[a + 1]).  text_is_boilerplate tries only the few
	 * that can match a paragraph's first byte, not all forty. */
	const char *opening[OPENINGS_MAX];
	unsigned char opening_from[257];
};

static const struct rule_tables *tables(void);

/* Does s contain the word w (bounded by non-letters)? */
static int has_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i;

	for (i = 0; i + k <= n; i++) {
		if (memcmp(s + i, w, k) != 0)
			continue;
		if (i > 0 && is_alpha((unsigned char)s[i - 1]))
			continue;
		if (i + k < n && is_alpha((unsigned char)s[i + k]))
			continue;
		return 1;
	}
	return 0;
}

/* ---- bylines ----------------------------------------------------------- */

/* Lowercase name particles: "Ursula von der Leyen", "Luiz Inacio da Silva". */
static const char *const particles[] = {
	"al", "bin", "da", "de", "del", "della", "der", "di", "do", "dos",
	"du", "el", "la", "le", "van", "von", "y", NULL
};

/* Words that make a capitalised phrase an organisation or a job. */
static const char *const org_words[] = {
	"Agency", "Associated", "Bureau", "Correspondent", "Daily", "Desk",
	"Editor", "Editorial", "Gazette", "Group", "Herald", "Journal",
	"Magazine", "Media", "Network", "News", "Newspaper", "Online", "Post",
	"Press", "Reporter", "Reuters", "Service", "Services", "Staff", "Team",
	"Times", "Tribune", "Wire", "Writer", "Yonhap", NULL
};

static const char *const not_first_names[] = {
	"The", "A", "An", "This", "That", "Then", "Now", "Contrast", "Comparison",
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", "Monday",
	"Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", NULL
};

static int in_list(const char *s, size_t n, const char *const *list)
{
	size_t k;

	for (k = 0; list[k]; k++)
		if (equals(s, n, list[k]))
			return 1;
	return 0;
}

/*
 * Is s[0..n) a personal name: 2 to 5 capitalised words (lowercase
 * particles inside), letters, hyphens, apostrophes and initials' dots, no
 * digits?
 */
static int is_name(const char *s, size_t n)
{
	size_t i = 0, words = 0;
	int last_particle = 0;

	if (n == 0 || n > 60)
		return 0;
	while (i < n) {
		size_t w = i, len;
		int ch = (unsigned char)s[i];

		while (i < n && s[i] != ' ')
			i++;
		len = i - w;
		if (len == 0)
			return 0; /* two spaces */
		if (is_upper(ch) || is_letter_lead(ch)) {
			last_particle = 0;
		} else if (words > 0 && in_list(s + w, len, particles)) {
			last_particle = 1;
		} else {
			return 0;
		}
		if (words == 0 && in_list(s + w, len, not_first_names))
			return 0;
		if (in_list(s + w, len, org_words))
			return 0;
		for (; w < i; w++) {
			unsigned char c = (unsigned char)s[w];

			if (!(is_alpha(c) || c >= 0x80 || c == '-' || c == '\'' ||
			      c == '.'))
				return 0;
		}
		words++;
		if (i < n)
			i++; /* the space */
		if (i == n && s[n - 1] == ' ')
			return 0;
	}
	return words >= 2 && words <= 5 && !last_particle;
}

/* The longest run of words at the start of s[0..n) that is a name, when
 * the words after it start with an organisation word; its length or 0. */
static size_t name_prefix(const char *s, size_t n)
{
	size_t end = n;

	while (end > 0) {
		size_t next;

		while (end > 0 && s[end - 1] != ' ')
			end--;
		if (end == 0)
			break;
		end--; /* the space */
		next = end + 1;
		while (next < n && s[next] != ' ')
			next++;
		if (in_list(s + end + 1, next - end - 1, org_words) &&
		    is_name(s, end))
			return end;
	}
	return 0;
}

/* Separators inside a byline: which one starts at s[i]? */
enum sep { SEP_NONE, SEP_COMMA, SEP_AND, SEP_ROLE };

static enum sep sep_at(const char *s, size_t i, size_t n, size_t *len)
{
	if (has_prefix(s + i, n - i, ", and ")) {
		*len = 6;
		return SEP_AND;
	}
	if (has_prefix(s + i, n - i, ", ")) {
		*len = 2;
		return SEP_COMMA;
	}
	if (has_prefix(s + i, n - i, " and ")) {
		*len = 5;
		return SEP_AND;
	}
	if (has_prefix(s + i, n - i, " & ")) {
		*len = 3;
		return SEP_AND;
	}
	if (has_prefix(s + i, n - i, " | ") || has_prefix(s + i, n - i, " - ") ||
	    has_prefix(s + i, n - i, " for ") || has_prefix(s + i, n - i, " in ") ||
	    has_prefix(s + i, n - i, " at ") ||
	    has_prefix(s + i, n - i, " (") || has_prefix(s + i, n - i, "; ") ||
	    has_prefix(s + i, n - i, " / ")) {
		*len = 1;
		return SEP_ROLE;
	}
	if (at3(s, i + 1, n, 0xE2, 0x80, 0x93) || at3(s, i + 1, n, 0xE2, 0x80, 0x94)) {
		if (s[i] == ' ') {
			*len = 1;
			return SEP_ROLE;
		}
	}
	return SEP_NONE;
}

/* The words that open a byline; returns their length or 0. */
static size_t byline_prefix(const char *s, size_t n)
{
	static const char *const openers[] = {
		"By ", "BY ", "By: ", "BY: ", "Written by ", "Story by ",
		"Words by ", "Reported by ", NULL
	};
	size_t k;

	for (k = 0; openers[k]; k++)
		if (has_prefix(s, n, openers[k]))
			return strlen(openers[k]);
	return 0;
}

/* Reads the names of a byline from s[i..n) on: names joined by ",",
 * "and", "&", then an optional role or affiliation.  Returns 1 when at
 * least one name opens it. */
static int byline_names(const char *s, size_t n, size_t i,
                        struct text_names *names)
{
	size_t seg;
	struct text_names tmp;

	tmp.n = 0;
	if (n > 160 || last_mark(s, n) == '.' || last_mark(s, n) == ',' ||
	    last_mark(s, n) == '!' || last_mark(s, n) == '?')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	seg = i;
	for (;;) {
		size_t seplen = 0;
		enum sep sp = SEP_NONE;

		while (i < n && (sp = sep_at(s, i, n, &seplen)) == SEP_NONE)
			i++;
		if (!is_name(s + seg, i - seg)) {
			/* A name run on into its affiliation: "MARY ROE
			 * Associated Press".  Keep the name. */
			size_t end = name_prefix(s + seg, i - seg);

			if (end > 0 && tmp.n < TEXT_MAX_NAMES) {
				tmp.v[tmp.n].off = seg;
				tmp.v[tmp.n].len = end;
				tmp.n++;
			}
			/* What follows the first name is a role or an
			 * affiliation ("staff reporter", "Reuters"). */
			if (tmp.n == 0)
				return 0;
			break;
		}
		if (tmp.n < TEXT_MAX_NAMES) {
			tmp.v[tmp.n].off = seg;
			tmp.v[tmp.n].len = i - seg;
			tmp.n++;
		}
		if (i >= n || sp == SEP_ROLE)
			break;
		i += seplen;
		seg = i;
	}
	if (names)
		*names = tmp;
	return 1;
}

int text_byline_parse(const char *s, size_t n, struct text_names *names)
{
	size_t i = byline_prefix(s, n);

	return i > 0 && byline_names(s, n, i, names);
}

int text_byline_bare(const char *s, size_t n, struct text_names *names)
{
	return n <= 80 && byline_names(s, n, 0, names);
}

size_t text_byline_glued(const char *s, size_t n, struct text_names *names)
{
	size_t i = n > 160 ? n - 160 : 1;

	for (; i + 3 < n; i++) {
		unsigned char prev = (unsigned char)s[i - 1];

		if (s[i] != 'B' || s[i + 1] != 'y' || s[i + 2] != ' ')
			continue;
		/* Glued: no space before, but not inside a word in
		 * capitals ("ABy"). */
		if (!(is_lower(prev) || prev == '.' || prev == '?' || prev == '!' ||
		      prev == '"' || prev == ')' || prev >= 0x80))
			continue;
		if (text_byline_parse(s + i, n - i, names)) {
			size_t k;

			if (names)
				for (k = 0; k < names->n; k++)
					names->v[k].off += i;
			return i;
		}
	}
	return n;
}

/* ---- datelines ------------------------------------------------------- */

static const struct {
	const char *text;
	int label;
} date_labels[] = {
	{ "last updated", TEXT_LABEL_UPDATED },
	{ "last modified", TEXT_LABEL_UPDATED },
	{ "updated on", TEXT_LABEL_UPDATED },
	{ "updated", TEXT_LABEL_UPDATED },
	{ "modified", TEXT_LABEL_UPDATED },
	{ "first published on", TEXT_LABEL_PUBLISHED },
	{ "first published", TEXT_LABEL_PUBLISHED },
	{ "published on", TEXT_LABEL_PUBLISHED },
	{ "published", TEXT_LABEL_PUBLISHED },
	{ "posted on", TEXT_LABEL_PUBLISHED },
	{ "posted", TEXT_LABEL_PUBLISHED },
	{ "date", TEXT_LABEL_PUBLISHED },
	{ "dated", TEXT_LABEL_PUBLISHED },
	{ "created", TEXT_LABEL_PUBLISHED },
	{ "released", TEXT_LABEL_PUBLISHED },
	{ NULL, 0 }
};

/* Reads a label ("Posted :", "Updated on", "Date") at s[*i] and the colon
 * after it.  Returns the label or TEXT_LABEL_NONE. */
static int read_label(const char *s, size_t n, size_t *i)
{
	size_t k;

	if (*i >= n || !tables()->label_first[(unsigned char)s[*i]])
		return TEXT_LABEL_NONE; /* no label starts so */
	for (k = 0; date_labels[k].text; k++) {
		size_t j;

		if (!has_iprefix(s + *i, n - *i, date_labels[k].text))
			continue;
		j = *i + strlen(date_labels[k].text);
		if (j < n && is_alpha((unsigned char)s[j]))
			continue;
		while (j < n && s[j] == ' ')
			j++;
		if (j < n && s[j] == ':')
			j++;
		while (j < n && s[j] == ' ')
			j++;
		*i = j;
		return date_labels[k].label;
	}
	return TEXT_LABEL_NONE;
}

int text_date_label_only(const char *s, size_t n)
{
	size_t i = 0;
	int label = read_label(s, n, &i);

	return i == n ? label : TEXT_LABEL_NONE;
}

/* Skips blanks, "|" separators, dashes ("-", en and em dash) and a
 * no-break space. */
static void skip_filler(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;

	for (;;) {
		if (*i < n && (s[*i] == ' ' || s[*i] == '|' || s[*i] == '\t' || s[*i] == '-'))
			(*i)++;
		else if (*i + 1 < n && u[*i] == 0xC2 && u[*i + 1] == 0xA0)
			*i += 2;
		else if (*i + 2 < n && u[*i] == 0xE2 && u[*i + 1] == 0x80 &&
		         (u[*i + 2] == 0x93 || u[*i + 2] == 0x94))
			*i += 3;
		else
			break;
	}
}

/*
 * Reads a wire dateline's place at s[*i]: a word or a few in capitals
 * ("OAKRIDGE, ", "SAN JOSE, ", "ST. ALBANS, "), then a comma.  Returns 1
 * and moves *i past the comma and the blanks after it, else 0.
 */
static int read_place(const char *s, size_t n, size_t *i)
{
	size_t j = *i, letters = 0;

	while (j < n && (is_upper((unsigned char)s[j]) || s[j] == ' ' || s[j] == '.' ||
	                 s[j] == '-' || s[j] == '\''))
		letters += is_upper((unsigned char)s[j++]);
	if (letters < 2 || j >= n || s[j] != ',' || s[j - 1] == ' ')
		return 0;
	j++;
	while (j < n && s[j] == ' ')
		j++;
	*i = j;
	return 1;
}

int text_dateline_parse(const char *s, size_t n, struct text_date *d,
                        int *label, size_t *byline_at)
{
	size_t i = 0, used;
	struct text_date more;

	*byline_at = n;
	*label = read_label(s, n, &i);
	used = text_date_scan(s + i, n - i, d);
	/* "OAKRIDGE, March 4, 2025": a place before the date. */
	if (!used && *label == TEXT_LABEL_NONE && read_place(s, n, &i))
		used = text_date_scan(s + i, n - i, d);
	if (!used)
		return 0;
	i += used;
	/* What may follow: another labelled date, a byline, nothing. */
	for (;;) {
		size_t j;
		int l2;

		skip_filler(s, n, &i);
		if (i >= n)
			return 1;
		if (text_byline_parse(s + i, n - i, NULL)) {
			*byline_at = i;
			return 1;
		}
		j = i;
		l2 = read_label(s, n, &j);
		if (l2 == TEXT_LABEL_NONE)
			return 0;
		used = text_date_scan(s + j, n - j, &more);
		if (!used)
			return 0;
		i = j + used;
	}
}

/* ---- boilerplate ----------------------------------------------------- */

/* Whole paragraphs that are site furniture (compared without case, after
 * dropping a final colon). */
static const char *const furniture[] = {
	"send to", "share", "share this", "share this article", "share on",
	"share on facebook", "share on twitter", "print", "print this article",
	"email", "e-mail", "tweet", "facebook", "twitter", "linkedin",
	"whatsapp", "kakaotalk", "comments", "comment", "advertisement", "ad",
	"subscribe", "sign up", "sign in", "log in", "login", "read more",
	"related articles", "related article", "related stories", "related",
	"more", "more stories", "most popular", "most read", "most viewed",
	"listen", "listen to this article", "font size", "text size", "a a",
	"a+ a-", "copy link", "link copied", "url copied", "back to top",
	"top", "close", "menu", "home", "skip to content", "save", "gift article",
	"trending", "recommended", "you may also like", "loading",
	"updated", "posted", "published", "photo", "video", "audio",
	"editor's picks", "latest news", "top stories", "opinion",
	"we recommend", "see more", "view comments", "follow us",
	"related topics", "more on this story", "top stories", NULL
};

/* Paragraph openings that mark furniture, compared without case. */
static const char *const furniture_openings[] = {
	"related article", "related stories", "related:", "read more:",
	"read also:", "also read:", "see also:", "more:", "copyright", "(c) ",
	"all rights reserved", "please direct questions",
	"please send questions", "send questions", "contact us", "contact:",
	"email:", "e-mail:", "tel:", "tel.", "phone:", "follow us",
	"subscribe to", "sign up for", "click here", "unauthorized reproduction",
	"this article was", "this story was", "reporting by", "editing by",
	"writing by", "additional reporting by", "story continues",
	"continue reading", "article continues", "advertisement -",
	"scroll to continue", NULL
};

/* tables_build() files them by first byte in a table this big; none is
 * empty. */
_Static_assert(sizeof furniture_openings / sizeof furniture_openings[0] <=
               OPENINGS_MAX + 1, "furniture_openings: raise OPENINGS_MAX");

static const char *const rights_reserved[] = {
	"All rights reserved", "all rights reserved", "ALL RIGHTS RESERVED", NULL
};

/* Their keys (see struct phrase_set): 'v' and 'V' are rare in English,
 * "Al" and "al" are not ("also", "official"). */
static const char *const rights_keys[] = { "ved", "VED", NULL };

/* A media player's clock: "0:00", "02:15", "0:00 / 3:12". */
static int is_clock(const char *s, size_t n)
{
	size_t i;
	int digits = 0, colon = 0;

	if (n == 0 || n > 20)
		return 0;
	for (i = 0; i < n; i++) {
		if (is_digit((unsigned char)s[i]))
			digits++;
		else if (s[i] == ':')
			colon++;
		else if (s[i] != ' ' && s[i] != '/')
			return 0;
	}
	return colon > 0 && digits >= 3;
}

/* An e-mail address: word@word.word */
static int has_email(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 3 < n; i++) {
		const char *at = memchr(s + i, '@', n - 3 - i);
		size_t j;

		if (!at)
			return 0;
		i = (size_t)(at - s);
		if (!(is_alpha((unsigned char)s[i - 1]) || is_digit((unsigned char)s[i - 1])))
			continue;
		for (j = i + 1; j < n && (is_alpha((unsigned char)s[j]) ||
		                          is_digit((unsigned char)s[j]) ||
		                          s[j] == '-' || s[j] == '.');
		     j++)
			if (s[j] == '.' && j + 1 < n && is_alpha((unsigned char)s[j + 1]))
				return 1;
	}
	return 0;
}

int text_is_boilerplate(const char *s, size_t n)
{
	size_t k, m = n;

	while (m > 0 && (s[m - 1] == ':' || s[m - 1] == ' '))
		m--;
	if (m == 0)
		return 1; /* only punctuation: furniture */
	if (m <= tables()->furniture_longest)
		for (k = 0; furniture[k]; k++)
			if (iequals(s, m, furniture[k]))
				return 1;
	{
		const struct rule_tables *t = tables();
		int first = to_lower((unsigned char)s[0]);

		for (k = t->opening_from[first]; k < t->opening_from[first + 1]; k++)
			if (has_iprefix(s, n, t->opening[k]))
				return 1;
	}
	if (has_prefix(s, n, "\xC2\xA9") || find_any(&tables()->rights, s, n))
		return 1;
	if (is_clock(s, n))
		return 1;
	/* "Published 3 hours ago", "Updated 5 min ago" */
	if (n <= 40 && m >= 4 && memcmp(s + m - 4, " ago", 4) == 0)
		return 1;
	if (text_date_label_only(s, n) != TEXT_LABEL_NONE)
		return 1;
	/* Short paragraphs carrying an address or a link are contact lines,
	 * share links, newsletter boxes.  (The cheap look at the last byte
	 * first: most paragraphs end a sentence, and these tests only read.) */
	if (n <= 250 && (has_email(s, n) ||
	                 (!text_ends_sentence(s, n) &&
	                  (find(s, n, "http://") || find(s, n, "https://") ||
	                   find(s, n, "www.")))))
		return 1;
	return 0;
}

int text_is_teaser(const char *s, size_t n)
{
	size_t i;

	if (n > 400 || text_ends_sentence(s, n))
		return 0;
	if (find(s, n, "|") || find(s, n, "\xEF\xBD\x9C"))
		return 1;
	/* A headline with its date and time stamped on: a link to another
	 * article. */
	for (i = 1; i < n; i++) {
		struct text_date d;

		if (s[i - 1] != ' ' || !is_digit((unsigned char)s[i]))
			continue;
		if (text_date_scan(s + i, n - i, &d) && d.has_time)
			return 1;
	}
	return 0;
}

/* ---- captions -------------------------------------------------------- */

/* Words that make a parenthesised group a photo credit. */
static const char *const credit_words[] = {
	"Photo", "photo", "PHOTO", "Photos", "photos", "via", "AP", "AFP",
	"Reuters", "REUTERS", "Yonhap", "YONHAP", "Getty", "EPA", "Xinhua",
	"KCNA", "Courtesy", "courtesy", "File", "file", "FILE", "Pool", "POOL",
	"Images", "Newsis", "News1", "Bloomberg", "Shutterstock", "Handout",
	"handout", "Credit", "credit", "Illustration", "Graphic", "Screenshot",
	"screenshot", "Captured", "captured", "Provided", "provided", "Image",
	"image", "NurPhoto", "Anadolu", "Kyodo", "Sipa", "Alamy", "Wikimedia",
	NULL
};

static int has_credit_word(const char *s, size_t n)
{
	size_t k;

	if (find(s, n, "/") || find(s, n, "\xC2\xA9"))
		return 1;
	for (k = 0; credit_words[k]; k++)
		if (has_word(s, n, credit_words[k]))
			return 1;
	return 0;
}

/* Phrases only captions use. */
static const char *const caption_phrases[] = {
	"in this file photo", "in this photo", "in this undated photo",
	"in this handout photo", "in this image", "in this picture",
	"in this screen grab", "in this still image", "is seen in this",
	"are seen in this", "pose for a photo", "poses for a photo",
	"(left)", "(right)", "(center)", "(centre)", "(front)", "(L)", "(R)",
	"(C)", "from left", "second from left", "second from right",
	"(2nd left)", "(2nd right)", "(3rd left)", "(3rd right)",
	"(4th left)", "(4th right)", "This photo shows", "This picture shows",
	"This image shows", "Photo taken on", "photo taken on", NULL
};

/* Their keys (see struct phrase_set): every phrase above holds one, and
 * each starts with a byte rarer in English than the phrases' own first
 * bytes ("in", "is", "fr", "Th" are everywhere). */
static const char *const caption_keys[] = { "(", "his", "hoto", "from", NULL };

/* Does s end with a parenthesised credit: "(Yonhap)", "(AP Photo/...)"? */
static int ends_paren_credit(const char *s, size_t n)
{
	size_t open, depth = 0, i, before;

	if (n < 4 || s[n - 1] != ')')
		return 0;
	for (i = n; i-- > 0;) {
		if (s[i] == ')')
			depth++;
		else if (s[i] == '(' && --depth == 0)
			break;
	}
	if (i == (size_t)-1 || depth != 0 || i == 0)
		return 0;
	open = i;
	if (n - open - 2 < 2 || n - open - 2 > 120)
		return 0;
	before = open;
	while (before > 0 && s[before - 1] == ' ')
		before--;
	if (before == open || !has_words(s, before, 4))
		return 0;
	if (has_credit_word(s + open + 1, n - open - 2))
		return 1;
	/* A credit after a finished sentence: "... on Friday. (Kim Jin-ho)" */
	return text_ends_sentence(s, before) &&
	       text_word_count(s + open + 1, n - open - 2) <= 6 &&
	       !text_ends_sentence(s + open + 1, n - open - 2);
}

/* Does s end with a bare credit after a sentence: "... in this file
 * photo. Yonhap", "... on Friday. AP Photo"? */
static int ends_bare_credit(const char *s, size_t n)
{
	size_t i, start, words = 0;

	if (n < 10 || text_ends_sentence(s, n) || !is_alpha((unsigned char)s[n - 1]))
		return 0;
	/* The last ". ", looked for only as far back as it may be: a
	 * paragraph with none in its last 50 bytes is no such caption. */
	for (i = n; i > 1 && n - i <= 50; i--)
		if (s[i - 1] == ' ' && s[i - 2] == '.')
			break;
	if (i <= 2 || n - i > 50)
		return 0;
	start = i;
	/* The full stop ends a sentence, not an abbreviation ("U.S."). */
	{
		unsigned char p = (unsigned char)s[start - 3];

		if (!(is_lower(p) || is_digit(p) || p == ')' || p >= 0x80))
			return 0;
	}
	if (!has_words(s, start, 6))
		return 0;
	for (i = start; i < n;) {
		size_t w = i;

		while (i < n && s[i] != ' ')
			i++;
		if (!(is_upper((unsigned char)s[w]) ||
		      has_iprefix(s + w, i - w, "photo") ||
		      has_iprefix(s + w, i - w, "file") ||
		      has_iprefix(s + w, i - w, "via") ||
		      has_iprefix(s + w, i - w, "images") ||
		      has_iprefix(s + w, i - w, "courtesy")))
			return 0;
		for (; w < i; w++)
			if (!(is_alpha((unsigned char)s[w]) || s[w] == '/' ||
			      s[w] == '-' || s[w] == '.' || (unsigned char)s[w] >= 0x80))
				return 0;
		words++;
		while (i < n && s[i] == ' ')
			i++;
	}
	return words >= 1 && words <= 5;
}

/* Does s end with a labelled credit: "... on Monday. Photograph: Ana
 * Ruiz/Reuters", "... Photo by Lee Min-ho"? */
static int ends_labelled_credit(const char *s, size_t n)
{
	/* All start with a capital (see the loop below). */
	static const char *const labels[] = {
		"Photograph: ", "Photo: ", "Photo by ", "Photos: ", "Image: ",
		"Picture: ", "Credit: ", "Photo credit: ", NULL
	};
	size_t i = n > 100 ? n - 100 : 0, k;

	if (text_ends_sentence(s, n))
		return 0;
	for (; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		if (!is_upper((unsigned char)s[i]))
			continue; /* most words: no label starts so */
		for (k = 0; labels[k]; k++)
			if (has_prefix(s + i, n - i, labels[k]) &&
			    !find(s + i, n - i, ". ") && i + strlen(labels[k]) < n)
				return 1;
	}
	return 0;
}

int text_is_caption(const char *s, size_t n)
{
	if (has_prefix(s, n, "Image source") || has_prefix(s, n, "Image caption") ||
	    has_prefix(s, n, "Media caption") ||
	    has_prefix(s, n, "Photo:") || has_prefix(s, n, "PHOTO:") ||
	    has_prefix(s, n, "Caption:") || has_prefix(s, n, "Photo by ") ||
	    has_prefix(s, n, "Photo courtesy"))
		return 1;
	if (ends_paren_credit(s, n) || ends_bare_credit(s, n) ||
	    ends_labelled_credit(s, n))
		return 1;
	if (n > 500)
		return 0;
	return find_any(&tables()->caption, s, n);
}

/* ---- headlines and headings ------------------------------------------ */

/* Short words a title-case headline leaves in lower case. */
static const char *const small_words[] = {
	"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into",
	"nor", "of", "off", "on", "or", "per", "so", "than", "the", "to", "up",
	"upon", "via", "vs", "vs.", "with", "yet", "amid", "over", NULL
};

static int title_case(const char *s, size_t n)
{
	size_t i = 0, major = 0, caps = 0;

	while (i < n) {
		size_t w;
		int ch;

		while (i < n && s[i] == ' ')
			i++;
		w = i;
		while (i < n && s[i] != ' ')
			i++;
		if (w == i)
			break;
		w += opener_at(s, w, i);
		if (w >= i)
			continue;
		ch = (unsigned char)s[w];
		if (!is_alpha(ch))
			continue; /* numbers, dashes, non-ASCII */
		if (is_lower(ch) && in_list(s + w, i - w, small_words))
			continue;
		major++;
		if (is_upper(ch))
			caps++;
	}
	return major > 0 && caps * 4 >= major * 3;
}

/* "U.S." at the end: a full stop that belongs to an abbreviation. */
static int ends_abbreviation(const char *s, size_t n)
{
	return n >= 4 && s[n - 1] == '.' && is_upper((unsigned char)s[n - 2]) &&
	       s[n - 3] == '.' && is_upper((unsigned char)s[n - 4]);
}

int text_is_headline(const char *s, size_t n)
{
	size_t cps, words;
	int last;

	if (n > 4 * 250)
		return 0; /* more than 250 code points: not worth counting */
	cps = text_cp_count(s, n);
	words = text_word_count(s, n);
	last = last_mark(s, n);
	if (cps < 3 || cps > 250 || words < 2 || words > 35)
		return 0;
	if (!starts_capital(s, n))
		return 0;
	if (has_prefix(s, n, "By ") || has_prefix(s, n, "BY "))
		return 0;
	if (last == ',' || last == ';' || last == ':' || last == '-')
		return 0;
	if (last == '.' && !ends_abbreviation(s, n))
		return 0;
	return 1;
}

int text_is_heading(const char *s, size_t n)
{
	size_t cps, words;
	int last;

	/* The cheap tests first: most paragraphs end with a full stop. */
	if (n > 4 * 100)
		return 0; /* more than 100 code points */
	last = last_mark(s, n);
	if (last == '.' || last == ',' || last == ';' || last == ':' ||
	    last == '!' || last == '?' || last == '-' || last == 0)
		return 0;
	if (!starts_capital(s, n))
		return 0;
	cps = text_cp_count(s, n);
	words = text_word_count(s, n);
	if (cps < 2 || cps > 100 || words < 1 || words > 14)
		return 0;
	if (find(s, n, "|") || find(s, n, "@") || find(s, n, "http"))
		return 0;
	return title_case(s, n) || words <= 10;
}

/* ---- derived tables -------------------------------------------------- */

static struct rule_tables the_tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* Marks in first[] the bytes that has_iprefix() can match to the first
 * byte of p (in lower case): the byte itself and its capital; all bytes
 * for an empty p, which matches anything. */
static void mark_ifirst(unsigned char first[256], const char *p)
{
	int ch;

	for (ch = 0; ch < 256; ch++)
		if (p[0] == '\0' || to_lower(ch) == (unsigned char)p[0])
			first[ch] = 1;
}

static void tables_build(void)
{
	size_t k, at = 0;
	int a;

	/* The lists are short: the builds cannot fail but by a mistake
	 * here, which test-text-rules would catch (no caption found). */
	(void)phrase_set_build(&the_tables.caption, caption_phrases, caption_keys);
	(void)phrase_set_build(&the_tables.rights, rights_reserved, rights_keys);
	for (k = 0; date_labels[k].text; k++)
		mark_ifirst(the_tables.label_first, date_labels[k].text);
	for (a = 0; a < 256; a++) {
		the_tables.opening_from[a] = (unsigned char)at;
		for (k = 0; furniture_openings[k] && at < OPENINGS_MAX; k++)
			if ((unsigned char)furniture_openings[k][0] == a)
				the_tables.opening[at++] = furniture_openings[k];
	}
	the_tables.opening_from[256] = (unsigned char)at;
	for (k = 0; furniture[k]; k++)
		if (strlen(furniture[k]) > the_tables.furniture_longest)
			the_tables.furniture_longest = strlen(furniture[k]);
}

static const struct rule_tables *tables(void)
{
	pthread_once(&tables_once, tables_build);
	return &the_tables;
}

/* ---- for test-text-rules ---------------------------------------------- */

int text_has_caption_phrase(const char *s, size_t n)
{
	return find_any(&tables()->caption, s, n);
}

int text_has_rights_phrase(const char *s, size_t n)
{
	return find_any(&tables()->rights, s, n);
}

const char *const *text_caption_phrases(void)
{
	return caption_phrases;
}

const char *const *text_rights_phrases(void)
{
	return rights_reserved;
}

int text_phrases_find(const char *const *phrases, const char *const *keys,
                      const char *s, size_t n)
{
	struct phrase_set ps;

	if (phrase_set_build(&ps, phrases, keys) < 0)
		return -1;
	return find_any(&ps, s, n);
}
