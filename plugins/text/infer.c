/*
 * infer.c: the structure of a news article read as plain paragraphs.
 *
 * First every paragraph is judged on its own (rules.c): dateline, byline,
 * boilerplate, caption.  Then the article's head is read in order: an
 * optional run of furniture, the headline, a standfirst, datelines and
 * bylines, captions; the body starts at the first ordinary paragraph after
 * them.  In the body, short unpunctuated lines between paragraphs are
 * section headings, and link teasers are boilerplate.
 *
 * It must never invent a field: a title, date or author is set only when a
 * paragraph states it, and every block keeps its text.  Pure (no host).
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* How far into an article its head may reach, in paragraphs. */
#define HEAD_MAX 16

/* Per-paragraph notes while inferring. */
struct note {
	int marker;        /* a dateline, byline, label or repeated title:
	                      material that only a page's head carries */
	int updated;       /* a dateline that gives the last update */
	size_t byline_at;  /* a byline inside the paragraph starts here */
	int bare;          /* that byline has no "By" */
	struct text_date date;
	int has_date;
};

/*
 * The notes of the paragraphs that have one, in paragraph order: most
 * paragraphs have none, and a note for each one cost 80 bytes a
 * paragraph, ten times a short paragraph's text (issue 19, case 8).
 */
struct notes {
	size_t *at;        /* at[k]: the paragraph of v[k], ascending */
	struct note *v;
	size_t n, cap;
	struct note scratch; /* written instead when memory ran out */
	int oom;             /* memory ran out */
};

/* A paragraph without a note: no byline inside it (byline_at past any
 * paragraph's end), no marker, no date. */
static const struct note no_note = { .byline_at = (size_t)-1 };

/* The note of paragraph i, or its index's place when it has none. */
static size_t note_find(const struct notes *nt, size_t i)
{
	size_t lo = 0, hi = nt->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (nt->at[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Paragraph i's note, read only (no_note when it has none). */
static const struct note *note_get(const struct notes *nt, size_t i)
{
	size_t k = note_find(nt, i);

	return k < nt->n && nt->at[k] == i ? &nt->v[k] : &no_note;
}

/* Paragraph i's note to write, made when it has none.  When memory runs
 * out it is a scratch note and nt->oom is set, for text_infer to see
 * once.  Notes come in paragraph order but for a few in a page's head,
 * so an insertion moves few. */
static struct note *note_put(struct notes *nt, size_t i)
{
	size_t k = note_find(nt, i);

	if (k < nt->n && nt->at[k] == i)
		return &nt->v[k];
	if (nt->n == nt->cap) {
		size_t ncap = nt->cap ? nt->cap * 2 : 16;
		size_t *at = realloc(nt->at, ncap * sizeof *at);
		struct note *v;

		if (!at)
			goto out_oom;
		nt->at = at;
		v = realloc(nt->v, ncap * sizeof *v);
		if (!v)
			goto out_oom;
		nt->v = v;
		nt->cap = ncap;
	}
	memmove(nt->at + k + 1, nt->at + k, (nt->n - k) * sizeof *nt->at);
	memmove(nt->v + k + 1, nt->v + k, (nt->n - k) * sizeof *nt->v);
	nt->at[k] = i;
	nt->v[k] = no_note;
	nt->n++;
	return &nt->v[k];
out_oom:
	nt->oom = 1;
	return &nt->scratch;
}

static void notes_free(struct notes *nt)
{
	free(nt->at);
	free(nt->v);
	memset(nt, 0, sizeof *nt);
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* The span s[0..n) without blanks around it. */
static void trim_span(const char *s, size_t *off, size_t *len)
{
	while (*len > 0 && s[*off] == ' ') {
		(*off)++;
		(*len)--;
	}
	while (*len > 0 && s[*off + *len - 1] == ' ')
		(*len)--;
}

static int same_text(const struct text_paras *p, size_t a, size_t b)
{
	return text_para_at(p, a)->len == text_para_at(p, b)->len &&
	       memcmp(text_para_text(p, a), text_para_text(p, b), text_para_at(p, a)->len) == 0;
}

/* Step 1: what each paragraph is on its own. */
static void classify(struct text_paras *p, struct notes *nt)
{
	size_t i;
	int after_label = TEXT_LABEL_NONE;

	for (i = 0; i < p->n; i++) {
		const char *s = text_para_text(p, i);
		size_t n = text_para_at(p, i)->len;
		int label, prev_label = after_label;
		struct note one = no_note;

		after_label = TEXT_LABEL_NONE;
		one.byline_at = n;
		if (text_dateline_parse(s, n, &one.date, &label, &one.byline_at)) {
			one.has_date = 1;
			one.marker = 1;
			if (label == TEXT_LABEL_UPDATED ||
			    (label == TEXT_LABEL_NONE && prev_label == TEXT_LABEL_UPDATED)) {
				/* "Updated: 10/26/2023": the page's furniture,
				 * not the date of the article. */
				one.updated = 1;
				text_para_at(p, i)->kind = CC_BLOCK_BOILERPLATE;
			} else {
				text_para_at(p, i)->kind = CC_BLOCK_DATELINE;
			}
		} else if (text_byline_parse(s, n, NULL)) {
			text_para_at(p, i)->kind = CC_BLOCK_BYLINE;
			one.marker = 1;
			one.byline_at = 0;
		} else if (text_is_boilerplate(s, n)) {
			text_para_at(p, i)->kind = CC_BLOCK_BOILERPLATE;
			after_label = text_date_label_only(s, n);
			if (after_label != TEXT_LABEL_NONE)
				one.marker = 1;
		} else if (text_is_caption(s, n)) {
			text_para_at(p, i)->kind = CC_BLOCK_CAPTION;
		}
		if (one.marker || one.has_date || one.byline_at < n)
			*note_put(nt, i) = one;
	}
	/* A photo's caption is often printed twice in a row (the image's
	 * text and its visible caption). */
	for (i = 1; i < p->n; i++)
		if (text_para_at(p, i)->kind == CC_BLOCK_PARAGRAPH &&
		    text_para_at(p, i - 1)->kind == CC_BLOCK_PARAGRAPH && text_para_at(p, i)->len <= 400 &&
		    same_text(p, i - 1, i) &&
		    text_ends_sentence(text_para_text(p, i), text_para_at(p, i)->len))
			text_para_at(p, i - 1)->kind = text_para_at(p, i)->kind = CC_BLOCK_CAPTION;
}

/* Is there an ordinary paragraph after i? */
static int body_follows(const struct text_paras *p, size_t i)
{
	for (i++; i < p->n; i++)
		if (text_para_at(p, i)->kind == CC_BLOCK_PARAGRAPH)
			return 1;
	return 0;
}

/* Kinds a page's head may hold before and around the headline. */
static int is_head_furniture(int kind)
{
	return kind == CC_BLOCK_BOILERPLATE || kind == CC_BLOCK_DATELINE ||
	       kind == CC_BLOCK_BYLINE || kind == CC_BLOCK_CAPTION;
}

/* Step 2: the headline, which can only be the first ordinary paragraph.
 * Returns its index, or -1. */
static long find_title(struct text_paras *p, struct notes *nt)
{
	size_t i, k;

	for (i = 0; i < p->n && i < HEAD_MAX; i++)
		if (!is_head_furniture(text_para_at(p, i)->kind))
			break;
	if (i >= p->n || i >= HEAD_MAX || text_para_at(p, i)->kind != CC_BLOCK_PARAGRAPH)
		return -1;
	if (!text_is_headline(text_para_text(p, i), text_para_at(p, i)->len) ||
	    !body_follows(p, i))
		return -1;
	text_para_at(p, i)->kind = CC_BLOCK_TITLE;
	/* The headline printed again further down is the page's furniture. */
	for (k = i + 1; k < p->n; k++) {
		if (text_para_at(p, k)->kind == CC_BLOCK_PARAGRAPH && same_text(p, i, k)) {
			text_para_at(p, k)->kind = CC_BLOCK_BOILERPLATE;
			note_put(nt, k)->marker = 1;
		}
	}
	return (long)i;
}

/* Step 2b: in the head, a short line next to a dateline that is only a
 * name ("Ana Ruiz in Lisbon") is a byline without its "By". */
static void find_bare_bylines(struct text_paras *p, struct notes *nt,
                              long title)
{
	size_t i;

	for (i = (size_t)(title + 1); i < p->n && i < HEAD_MAX; i++) {
		const char *s = text_para_text(p, i);
		size_t n = text_para_at(p, i)->len;
		int next_to_date =
			(i > 0 && text_para_at(p, i - 1)->kind == CC_BLOCK_DATELINE) ||
			(i + 1 < p->n && text_para_at(p, i + 1)->kind == CC_BLOCK_DATELINE);

		if (text_para_at(p, i)->kind != CC_BLOCK_PARAGRAPH)
			continue;
		if (text_ends_sentence(s, n))
			break; /* the body has begun */
		if (next_to_date && text_byline_bare(s, n, NULL)) {
			struct note *w = note_put(nt, i);

			text_para_at(p, i)->kind = CC_BLOCK_BYLINE;
			w->marker = 1;
			w->byline_at = 0;
			w->bare = 1;
		}
	}
}

/* Does head material (a dateline, byline, label, the repeated title) come
 * after paragraph j, before any ordinary paragraph? */
static int head_continues(const struct text_paras *p, const struct notes *nt,
                          size_t j)
{
	size_t k;

	for (k = j + 1; k < p->n && k < j + HEAD_MAX; k++) {
		if (note_get(nt, k)->marker)
			return 1;
		if (!is_head_furniture(text_para_at(p, k)->kind))
			return 0;
	}
	return 0;
}

/* Is s a single sentence: no sentence end inside it (". " after a
 * lowercase letter or digit, before a capital or an opening quote)? */
static int one_sentence(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 2 < n; i++) {
		unsigned char before = (unsigned char)s[i - 1], after;

		if ((s[i] != '.' && s[i] != '!' && s[i] != '?') || s[i + 1] != ' ')
			continue;
		after = (unsigned char)s[i + 2];
		if (((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) &&
		    ((after >= 'A' && after <= 'Z') || after == '"' || after == 0xE2))
			return 0;
	}
	return 1;
}

/*
 * Step 3: the standfirst under the headline.  It is the next ordinary
 * paragraph when that has no final punctuation, or when it is one short
 * sentence that the page's head material still follows, or when a byline
 * is glued to its end.  Returns its index or -1; *sub_len is how many of
 * its bytes are the standfirst (the rest is the glued byline).
 */
static long find_subtitle(struct text_paras *p, struct notes *nt, long title,
                          size_t *sub_len)
{
	size_t j, n, cps, glued;
	const char *s;
	struct text_names names;

	if (title < 0)
		return -1;
	for (j = (size_t)title + 1; j < p->n && j < (size_t)title + HEAD_MAX; j++)
		if (!is_head_furniture(text_para_at(p, j)->kind))
			break;
	if (j >= p->n || text_para_at(p, j)->kind != CC_BLOCK_PARAGRAPH)
		return -1;
	s = text_para_text(p, j);
	n = text_para_at(p, j)->len;
	cps = text_cp_count(s, n);
	glued = text_byline_glued(s, n, &names);
	if (glued > 0 && glued < n && glued <= 400) {
		struct note *w = note_put(nt, j);

		w->byline_at = glued;
		w->marker = 1;
		*sub_len = glued;
		goto out_found;
	}
	if (cps > 300 || text_word_count(s, n) < 3 || !body_follows(p, j))
		return -1;
	if (!text_ends_sentence(s, n) && !text_is_teaser(s, n)) {
		*sub_len = n;
		goto out_found;
	}
	if (text_ends_sentence(s, n) && one_sentence(s, n) &&
	    head_continues(p, nt, j)) {
		*sub_len = n;
		goto out_found;
	}
	return -1;
out_found:
	text_para_at(p, j)->kind = CC_BLOCK_SUBTITLE;
	return (long)j;
}

/* An ordinary paragraph of running text: the body has begun. */
static int is_body(const struct text_paras *p, size_t i)
{
	return text_para_at(p, i)->kind == CC_BLOCK_PARAGRAPH &&
	       (text_ends_sentence(text_para_text(p, i), text_para_at(p, i)->len) ||
	        text_para_at(p, i)->len > 200);
}

/* The last paragraph of the head (the one before the body's first), or
 * -1 when the article opens with its body. */
static long head_end(const struct text_paras *p)
{
	size_t k;

	for (k = 0; k < p->n && k <= HEAD_MAX; k++)
		if (is_body(p, k))
			return (long)k - 1;
	/* No running text near the top: the head is what the page's head
	 * material reaches. */
	{
		long h = -1;

		for (k = 0; k < p->n && k < HEAD_MAX; k++) {
			int kind = text_para_at(p, k)->kind;

			if (kind == CC_BLOCK_PARAGRAPH)
				break;
			if (kind != CC_BLOCK_CAPTION)
				h = (long)k;
		}
		return h;
	}
}

/* The nearest paragraph before i that is not a caption or furniture. */
static long prev_text(const struct text_paras *p, size_t i)
{
	while (i-- > 0)
		if (text_para_at(p, i)->kind != CC_BLOCK_CAPTION &&
		    text_para_at(p, i)->kind != CC_BLOCK_BOILERPLATE)
			return (long)i;
	return -1;
}

/* Step 4: section headings and teasers in the body. */
static void mark_body(struct text_paras *p, long head)
{
	size_t i;

	for (i = (size_t)(head + 1); i < p->n; i++) {
		const char *s = text_para_text(p, i);
		size_t n = text_para_at(p, i)->len;
		long prev;

		if (text_para_at(p, i)->kind != CC_BLOCK_PARAGRAPH)
			continue;
		if (text_is_teaser(s, n)) {
			text_para_at(p, i)->kind = CC_BLOCK_BOILERPLATE;
			continue;
		}
		if (!text_is_heading(s, n) || i + 1 >= p->n)
			continue;
		prev = prev_text(p, i);
		if (prev < 0 || (prev > head && (text_para_at(p, prev)->kind != CC_BLOCK_PARAGRAPH ||
		                                 !text_ends_sentence(text_para_text(p, (size_t)prev),
		                                                     text_para_at(p, prev)->len))))
			continue;
		/* A heading introduces running text. */
		if (text_para_at(p, i + 1)->kind != CC_BLOCK_PARAGRAPH ||
		    !text_ends_sentence(text_para_text(p, i + 1), text_para_at(p, i + 1)->len))
			continue;
		text_para_at(p, i)->kind = CC_BLOCK_HEADING;
	}
}

/* Sets m->date from paragraph i's date, settled with order; returns 1
 * when set, 0 when the date is ambiguous (m->ambiguous_date notes the
 * first such), -1 when memory ran out. */
static int take_date(struct notes *nt, size_t i, int order, struct text_meta *m)
{
	struct note *w = note_put(nt, i); /* it has one: a date */
	char iso[40];

	if (text_date_resolve(&w->date, order) < 0) {
		if (m->ambiguous_date < 0)
			m->ambiguous_date = (long)i;
		return 0;
	}
	if (text_date_format(&w->date, iso, sizeof iso) < 0)
		return 0;
	m->date = dup_range(iso, strlen(iso));
	return m->date ? 1 : -1;
}

/*
 * Step 5: the date: the head's first dateline that is not an update stamp,
 * else one among the article's last three paragraphs, else the head's
 * first update stamp (the page's only date is the best it states).  A
 * dateline whose day and month could be either way round gives no date
 * unless order says which; the next dateline is tried instead.
 */
static int find_date(const struct text_paras *p, struct notes *nt,
                     long head, int order, struct text_meta *m)
{
	size_t i;
	int rc = 0;

	m->ambiguous_date = -1;
	for (i = 0; i < p->n && rc == 0; i++) {
		if ((long)i > head && i + 3 < p->n)
			continue;
		if (text_para_at(p, i)->kind != CC_BLOCK_DATELINE || !note_get(nt, i)->has_date ||
		    note_get(nt, i)->updated)
			continue;
		rc = take_date(nt, i, order, m);
	}
	for (i = 0; i < p->n && (long)i <= head && rc == 0; i++)
		if (note_get(nt, i)->has_date && note_get(nt, i)->updated)
			rc = take_date(nt, i, order, m);
	if (rc > 0)
		m->ambiguous_date = -1;
	return rc < 0 ? -1 : 0;
}

/* Step 6: the authors: those of the first byline, in the head or not. */
static int find_authors(const struct text_paras *p, const struct notes *nt,
                        struct text_meta *m)
{
	size_t i, k;

	for (i = 0; i < p->n; i++) {
		const char *s = text_para_text(p, i);
		size_t n = text_para_at(p, i)->len, at = note_get(nt, i)->byline_at;
		struct text_names names;

		if (at >= n)
			continue;
		if (text_para_at(p, i)->kind != CC_BLOCK_DATELINE &&
		    text_para_at(p, i)->kind != CC_BLOCK_BYLINE &&
		    text_para_at(p, i)->kind != CC_BLOCK_SUBTITLE)
			continue;
		if (!(note_get(nt, i)->bare ? text_byline_bare(s + at, n - at, &names)
		                 : text_byline_parse(s + at, n - at, &names)) ||
		    names.n == 0)
			continue;
		for (k = 0; k < names.n; k++) {
			m->author[k] = dup_range(s + at + names.v[k].off,
			                         names.v[k].len);
			if (!m->author[k])
				return -1;
			m->n_author = k + 1;
		}
		return 0;
	}
	return 0;
}

int text_infer(struct text_paras *p, int date_order, struct text_meta *m)
{
	struct notes notes = { 0 }, *nt = &notes;
	long title, sub, head;
	size_t sub_len = 0;
	int rc = -1;

	memset(m, 0, sizeof *m);
	m->ambiguous_date = -1;
	classify(p, nt);
	title = find_title(p, nt);
	find_bare_bylines(p, nt, title);
	sub = find_subtitle(p, nt, title, &sub_len);
	if (nt->oom)
		goto out_free_notes;
	head = head_end(p);
	mark_body(p, head);
	if (title >= 0) {
		m->title = dup_range(text_para_text(p, (size_t)title),
		                     text_para_at(p, title)->len);
		if (!m->title)
			goto out_free_meta;
	}
	if (sub >= 0) {
		const char *t = text_para_text(p, (size_t)sub);
		size_t off = 0;

		trim_span(t, &off, &sub_len);
		if (sub_len > 0) {
			m->subtitle = dup_range(t + off, sub_len);
			if (!m->subtitle)
				goto out_free_meta;
		}
	}
	if (find_date(p, nt, head, date_order, m) < 0 || find_authors(p, nt, m) < 0 ||
	    nt->oom)
		goto out_free_meta;
	rc = 0;
	goto out_free_notes;
out_free_meta:
	text_meta_free(m);
out_free_notes:
	notes_free(nt);
	return rc;
}

void text_meta_free(struct text_meta *m)
{
	size_t k;

	free(m->title);
	free(m->subtitle);
	free(m->date);
	for (k = 0; k < m->n_author; k++)
		free(m->author[k]);
	memset(m, 0, sizeof *m);
}
