/*
 * split.c: cuts raw text into paragraphs.
 *
 * Two conventions exist in the wild: one paragraph per line (web copies,
 * the usual export), and hard-wrapped lines with blank lines between
 * paragraphs (e-mail, plain-text wires).  The file's own line lengths tell
 * which one it uses: hard-wrapped text has most of its inner lines filled
 * close to one width and broken in mid-sentence.
 *
 * It must never change a byte of a paragraph beyond trimming whitespace
 * around it and joining wrapped lines with one space; pure, no host.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

struct line {
	size_t start, end;   /* the trimmed content, [start, end) */
	size_t cps;          /* code points in the content */
	size_t first_word;   /* code points in the first word */
	long number;         /* 1-based */
	int blank, indented;
};

/* Length of the Unicode space at s[i] (NBSP, U+2000..U+200A, U+202F,
 * U+205F, U+3000, U+FEFF) or of an ASCII blank; 0 when none. */
static size_t space_at(const char *str, size_t i, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\v' ||
	    s[i] == '\r')
		return 1;
	if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
		return 2;
	if (i + 2 < n) {
		if (s[i] == 0xE2 && s[i + 1] == 0x80 &&
		    (s[i + 2] <= 0x8A || s[i + 2] == 0xAF))
			return 3;
		if (s[i] == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F)
			return 3;
		if (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
			return 3;
		if (s[i] == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF)
			return 3;
	}
	return 0;
}

/* Is there a Unicode space ending just before s[end]? Its length, or 0. */
static size_t space_before(const char *s, size_t start, size_t end)
{
	size_t k;

	for (k = 1; k <= 3 && k <= end - start; k++)
		if (space_at(s, end - k, end) == k)
			return k;
	return 0;
}

static void trim(const char *s, size_t *start, size_t *end)
{
	size_t k;

	while (*start < *end && (k = space_at(s, *start, *end)) > 0)
		*start += k;
	while (*end > *start && (k = space_before(s, *start, *end)) > 0)
		*end -= k;
}

/*
 * Reads the line starting at byte i (i < n, or i == n for the last, empty
 * line after a final newline) into *l; returns where the next line starts,
 * or n + 1 after the last line.  Lines are read again on each pass rather
 * than kept: an array of them cost 48 bytes a line, and a text of short
 * lines ("x\n\n") grew sixtyfold in memory (issue 19, case 8).
 */
static size_t next_line(const char *s, size_t n, size_t i, long number, struct line *l)
{
	const char *nl = memchr(s + i, '\n', n - i);
	size_t eol = nl ? (size_t)(nl - s) : n, w;

	l->start = i;
	l->end = eol;
	l->number = number;
	l->indented = i < eol && space_at(s, i, eol) > 0;
	trim(s, &l->start, &l->end);
	l->blank = l->start == l->end;
	l->cps = text_cp_count(s + l->start, l->end - l->start);
	w = l->start;
	while (w < l->end && !space_at(s, w, l->end))
		w++;
	l->first_word = text_cp_count(s + l->start, w - l->start);
	return eol + 1;
}

/* A walk over the lines of s: `cur` the line read last, `prev` the one
 * before it (valid from the second line on). */
struct lines {
	const char *s;
	size_t n, next;
	long number;
	struct line prev, cur;
};

static void lines_start(struct lines *it, const char *s, size_t n)
{
	memset(it, 0, sizeof *it);
	it->s = s;
	it->n = n;
}

/* Reads the next line into it->cur; 0 when there is none left. */
static int lines_next(struct lines *it)
{
	if (it->next > it->n)
		return 0;
	it->prev = it->cur;
	it->next = next_line(it->s, it->n, it->next, ++it->number, &it->cur);
	return 1;
}

/* Does the line end where a sentence or a clause can end? */
static int line_closed(const char *s, const struct line *l)
{
	return text_ends_sentence(s + l->start, l->end - l->start) ||
	       s[l->end - 1] == ':' || s[l->end - 1] == ';';
}

/*
 * Decides whether the text is hard-wrapped, and at what width.  Looks at
 * the inner lines (those followed by a non-blank line): in wrapped text
 * most of them are filled to near one width, which is small, most end in
 * mid-sentence, and the line after such a break mostly goes on in lower
 * case (a list of short paragraphs starts each line with a capital).
 */
/* Widths (in code points) that wrapped text may have. */
#define WRAP_MIN 20
#define WRAP_MAX 150

static int detect_wrap(const char *s, size_t n, size_t *width)
{
	/* How many inner lines have each length; those longer than
	 * WRAP_MAX together, in count[WRAP_MAX + 1]. */
	size_t count[WRAP_MAX + 2] = { 0 };
	size_t inner = 0, full = 0, open = 0, lower_next = 0, w, rank, seen;
	struct lines it;

	lines_start(&it, s, n);
	lines_next(&it);
	while (lines_next(&it)) {
		if (!it.prev.blank && !it.cur.blank) {
			count[it.prev.cps <= WRAP_MAX ? it.prev.cps : WRAP_MAX + 1]++;
			inner++;
		}
	}
	if (inner < 2)
		return 0;
	/* The width: the length that 90% of the inner lines do not pass,
	 * the line at `rank` in order of length.  Counted, not sorted (a
	 * sort of every line was an eighth of the splitter's time): only a
	 * width up to WRAP_MAX is of use, and that one the counts give
	 * exactly; w == WRAP_MAX + 1 stands for any longer one. */
	rank = (inner - 1) * 9 / 10;
	for (w = 0, seen = count[0]; seen <= rank; w++)
		seen += count[w + 1];
	if (w < WRAP_MIN || w > WRAP_MAX)
		return 0;
	lines_start(&it, s, n);
	lines_next(&it);
	while (lines_next(&it)) {
		const struct line *l = &it.prev;

		if (l->blank || it.cur.blank)
			continue;
		if (l->cps * 10 >= w * 7 && l->cps * 10 <= w * 11) {
			full++;
			if (!line_closed(s, l)) {
				unsigned char c = (unsigned char)s[it.cur.start];

				open++;
				if (!((c >= 'A' && c <= 'Z') || c >= 0x80))
					lower_next++;
			}
		}
	}
	if (full >= 2 && full * 2 >= inner && open * 2 >= full &&
	    lower_next * 2 >= open) {
		*width = w;
		return 1;
	}
	return 0;
}

static int starts_bullet(const char *s, const struct line *l)
{
	const unsigned char *p = (const unsigned char *)s + l->start;
	size_t n = l->end - l->start;

	if (n >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ')
		return 1;
	return n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA2;
}

/* In wrapped text, does the line after `a` continue a's paragraph? */
static int continues(const char *s, const struct line *a,
                     const struct line *b, size_t width)
{
	if (b->indented && !a->indented)
		return 0;
	if (starts_bullet(s, b))
		return 0;
	/* The line was broken because the next word did not fit. */
	return (a->cps + 1 + b->first_word) * 10 > width * 8;
}

static int para_grow(struct text_paras *p, size_t more)
{
	if (p->buf_len + more + 1 > p->buf_cap) {
		size_t ncap = p->buf_cap ? p->buf_cap : 256;
		char *nb;

		while (ncap < p->buf_len + more + 1)
			ncap *= 2;
		nb = realloc(p->buf, ncap);
		if (!nb)
			return -1;
		p->buf = nb;
		p->buf_cap = ncap;
	}
	return 0;
}

/* Room for paragraph p->n: the first segment doubles up to TEXT_SEG,
 * then each segment is a new one of TEXT_SEG. */
static int para_room(struct text_paras *p)
{
	size_t k = p->n >> TEXT_SEG_BITS;

	if (k == 0 && p->n == p->cap0) {
		size_t ncap = p->cap0 ? p->cap0 * 2 : 32;
		struct text_para *nv;

		if (p->nseg == 0) {
			p->seg = malloc(4 * sizeof *p->seg);
			if (!p->seg)
				return -1;
			p->seg[0] = NULL;
			p->nseg = 1;
			p->seg_cap = 4;
		}
		nv = realloc(p->seg[0], ncap * sizeof *nv);
		if (!nv)
			return -1;
		p->seg[0] = nv;
		p->cap0 = ncap;
	} else if (k > 0 && (p->n & (TEXT_SEG - 1)) == 0) {
		if (p->nseg == p->seg_cap) {
			struct text_para **ns = realloc(p->seg, 2 * p->seg_cap * sizeof *ns);

			if (!ns)
				return -1;
			p->seg = ns;
			p->seg_cap *= 2;
		}
		p->seg[p->nseg] = malloc(TEXT_SEG * sizeof **p->seg);
		if (!p->seg[p->nseg])
			return -1;
		p->nseg++;
	}
	return 0;
}

static int para_begin(struct text_paras *p, long line)
{
	struct text_para *v;

	if (para_room(p) < 0)
		return -1;
	v = text_para_at(p, p->n);
	v->in_text = 0;
	v->off = p->buf_len;
	v->len = 0;
	v->line = line < UINT32_MAX ? (uint32_t)line : UINT32_MAX;
	v->kind = CC_BLOCK_PARAGRAPH;
	p->n++;
	return 0;
}

/*
 * Appends text to the open paragraph, after one space if it has text.  Its
 * first line is not copied: most paragraphs are one line (a text without
 * hard wraps), and copying them made a second copy of the whole input.  A
 * second line moves the first to buf.
 */
static int para_append(struct text_paras *p, const char *s, size_t len)
{
	struct text_para *cur = text_para_at(p, p->n - 1);
	size_t sep = cur->len ? 1 : 0;

	if (!cur->in_text && cur->len == 0 && cur->off == p->buf_len) {
		cur->in_text = 1; /* its first line */
		cur->off = (size_t)(s - p->text);
		cur->len = len;
		return 0;
	}
	if (cur->in_text) {
		if (para_grow(p, cur->len) < 0)
			return -1;
		memcpy(p->buf + p->buf_len, p->text + cur->off, cur->len);
		cur->off = p->buf_len;
		p->buf_len += cur->len;
		cur->in_text = 0;
	}
	if (para_grow(p, sep + len) < 0)
		return -1;
	if (sep)
		p->buf[p->buf_len++] = ' ';
	memcpy(p->buf + p->buf_len, s, len);
	p->buf_len += len;
	cur->len += sep + len;
	return 0;
}

static int para_end(struct text_paras *p)
{
	if (text_para_at(p, p->n - 1)->in_text)
		return 0; /* one line, in place */
	if (para_grow(p, 0) < 0)
		return -1;
	p->buf[p->buf_len++] = '\0';
	return 0;
}

int text_split(const char *s, size_t n, struct text_paras *out)
{
	struct lines it;
	size_t width = 0;
	int wrapped, open = 0;

	memset(out, 0, sizeof *out);
	out->text = s;
	wrapped = detect_wrap(s, n, &width);
	out->wrapped = wrapped;
	lines_start(&it, s, n);
	while (lines_next(&it)) {
		const struct line *l = &it.cur;

		if (l->blank) {
			if (open && para_end(out) < 0)
				goto out_free_paras;
			open = 0;
			continue;
		}
		if (open && !(wrapped && continues(s, &it.prev, l, width))) {
			if (para_end(out) < 0)
				goto out_free_paras;
			open = 0;
		}
		if (!open && para_begin(out, l->number) < 0)
			goto out_free_paras;
		open = 1;
		if (para_append(out, s + l->start, l->end - l->start) < 0)
			goto out_free_paras;
	}
	if (open && para_end(out) < 0)
		goto out_free_paras;
	return 0;
out_free_paras:
	text_paras_free(out);
	return -1;
}

void text_paras_free(struct text_paras *p)
{
	free(p->buf);
	for (size_t k = 0; k < p->nseg; k++)
		free(p->seg[k]);
	free(p->seg);
	memset(p, 0, sizeof *p);
}

void text_paras_drop(struct text_paras *p, size_t i)
{
	size_t k = i >> TEXT_SEG_BITS;

	if (k < p->nseg && ((i + 1) & (TEXT_SEG - 1)) == 0) {
		free(p->seg[k]);
		p->seg[k] = NULL;
	}
}
