/*
 * date.c: reads the dates news sites print and writes them in ISO 8601.
 *
 * Forms: 2024-09-22 (also with / or .), 10/26/2023 and 26/10/2023 (the
 * number above 12 is the day; 26.10.2023 is day first, as dots are only
 * written so), Jan. 29, 2023,
 * Friday, August 21, 2015, 21 August 2015; each optionally followed by a
 * time (15:44, 3:45 p.m.) after a space, comma, dash or "at", and a zone
 * (Z, UTC, GMT, +09:00).
 *
 * It must never guess: a date without a year, or a day the month does not
 * have, is no date, and 04/03/2025 (either number could be the month) is
 * read but marked ambiguous, for text_date_resolve to settle with an
 * order the user gives.  Pure (no host, no allocation, no locale).
 */
#include <stdio.h>
#include <string.h>

#include "text.h"

struct cur {
	const char *s;
	size_t n, i;
};

static int at_digit(const struct cur *c)
{
	return c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9';
}

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Skips ASCII blanks and no-break spaces; returns how many bytes. */
static size_t skip_space(struct cur *c)
{
	size_t from = c->i;

	for (;;) {
		if (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t'))
			c->i++;
		else if (c->i + 1 < c->n && (unsigned char)c->s[c->i] == 0xC2 &&
		         (unsigned char)c->s[c->i + 1] == 0xA0)
			c->i += 2;
		else
			break;
	}
	return c->i - from;
}

/* Reads 1..max digits; returns the count, 0 when none. */
static int read_num(struct cur *c, int max, int *value)
{
	int k = 0, v = 0;

	while (k < max && at_digit(c)) {
		v = v * 10 + (c->s[c->i] - '0');
		c->i++;
		k++;
	}
	if (k == max && at_digit(c))
		return 0; /* too many digits: not this field */
	*value = v;
	return k;
}

static int read_char(struct cur *c, char ch)
{
	if (c->i < c->n && c->s[c->i] == ch) {
		c->i++;
		return 1;
	}
	return 0;
}

/* Reads an ASCII word; returns its length (0 when none). */
static size_t read_word(struct cur *c, char *out, size_t outsz)
{
	size_t k = 0;

	while (c->i < c->n && is_alpha(c->s[c->i])) {
		if (k + 1 < outsz)
			out[k] = (char)lower(c->s[c->i]);
		k++;
		c->i++;
	}
	out[k < outsz ? k : outsz - 1] = '\0';
	return k;
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* A full name, or its first three letters, or "sept", "tues", "thur",
 * "thurs". */
static int name_index(const char *w, size_t len,
                      const char *const *names, int count)
{
	int k;

	if (len < 3)
		return -1;
	for (k = 0; k < count; k++) {
		size_t full;

		if (w[0] != names[k][0])
			continue; /* both tests below need it: the cheap one first */
		full = strlen(names[k]);
		if (len == full && strcmp(w, names[k]) == 0)
			return k;
		if (len <= 5 && len < full && strncmp(w, names[k], len) == 0 &&
		    (len == 3 || strcmp(w, "sept") == 0 || strcmp(w, "tues") == 0 ||
		     strcmp(w, "thur") == 0 || strcmp(w, "thurs") == 0))
			return k;
	}
	return -1;
}

/* Reads a month name (and the dot after an abbreviation); 1..12 or 0. */
static int read_month(struct cur *c)
{
	struct cur save = *c;
	char w[16];
	size_t len = read_word(c, w, sizeof w);
	int k = name_index(w, len, month_names, 12);

	if (k < 0) {
		*c = save;
		return 0;
	}
	read_char(c, '.');
	return k + 1;
}

/* Skips "Friday, " or "Fri. " when there. */
static void skip_weekday(struct cur *c)
{
	struct cur save = *c;
	char w[16];
	size_t len = read_word(c, w, sizeof w);

	if (name_index(w, len, weekday_names, 7) < 0) {
		*c = save;
		return;
	}
	read_char(c, '.');
	read_char(c, ',');
	if (!skip_space(c))
		*c = save;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int valid_date(const struct text_date *d)
{
	return d->year >= 1000 && d->year <= 9999 && d->month >= 1 &&
	       d->month <= 12 && d->day >= 1 &&
	       d->day <= days_in_month(d->year, d->month);
}

/* A number may not run on into letters or digits ("2023rd", "12345"). */
static int word_end(const struct cur *c)
{
	return c->i >= c->n || !(is_alpha(c->s[c->i]) || at_digit(c));
}

/* 2024-09-22, 2024/09/22, 2024.09.22 */
static int date_ymd(struct cur *c, struct text_date *d)
{
	char sep;

	if (read_num(c, 4, &d->year) != 4 || c->i >= c->n)
		return 0;
	sep = c->s[c->i];
	if (sep != '-' && sep != '/' && sep != '.')
		return 0;
	c->i++;
	if (!read_num(c, 2, &d->month) || !read_char(c, sep) ||
	    !read_num(c, 2, &d->day))
		return 0;
	/* 2023-01-29T15:44: the T joins the time on. */
	if (c->i + 1 < c->n && c->s[c->i] == 'T' && c->s[c->i + 1] >= '0' &&
	    c->s[c->i + 1] <= '9')
		return 1;
	return word_end(c);
}

/* 10/26/2023, 26.10.2023, 10-26-2023, or 21 August 2015 */
static int date_dmy(struct cur *c, struct text_date *d)
{
	int a, b, month;
	char sep;

	if (!read_num(c, 2, &a) || c->i >= c->n)
		return 0;
	sep = c->s[c->i];
	if (sep == '/' || sep == '.' || sep == '-') {
		c->i++;
		if (!read_num(c, 2, &b) || !read_char(c, sep) ||
		    read_num(c, 4, &d->year) != 4 || !word_end(c))
			return 0;
		if (sep == '.' || a > 12) {
			d->day = a;
			d->month = b;
		} else {
			/* Month first until resolved; 04/04 is no question. */
			d->month = a;
			d->day = b;
			d->ambiguous = b <= 12 && a != b;
		}
		return 1;
	}
	/* 21 August 2015, 21st of August, 2015 */
	if (c->i + 1 < c->n && is_alpha(c->s[c->i])) {
		char w[8];
		struct cur save = *c;
		size_t len = read_word(c, w, sizeof w);

		if (!(len == 2 && (!strcmp(w, "st") || !strcmp(w, "nd") ||
		                   !strcmp(w, "rd") || !strcmp(w, "th"))))
			*c = save;
	}
	if (!skip_space(c))
		return 0;
	{
		struct cur save = *c;
		char w[8];

		if (read_word(c, w, sizeof w) != 2 || strcmp(w, "of") != 0 ||
		    !skip_space(c))
			*c = save;
	}
	month = read_month(c);
	if (!month)
		return 0;
	read_char(c, ',');
	if (!skip_space(c) || read_num(c, 4, &d->year) != 4 || !word_end(c))
		return 0;
	d->day = a;
	d->month = month;
	return 1;
}

/* Jan. 29, 2023 / August 21 2015 / Sept. 13th, 2023 */
static int date_mdy(struct cur *c, struct text_date *d)
{
	d->month = read_month(c);
	if (!d->month || !skip_space(c) || !read_num(c, 2, &d->day))
		return 0;
	if (c->i + 1 < c->n && is_alpha(c->s[c->i])) {
		char w[8];

		if (read_word(c, w, sizeof w) != 2 ||
		    !(!strcmp(w, "st") || !strcmp(w, "nd") || !strcmp(w, "rd") ||
		      !strcmp(w, "th")))
			return 0;
	}
	read_char(c, ',');
	if (!skip_space(c) || read_num(c, 4, &d->year) != 4)
		return 0;
	return word_end(c);
}

/* Reads "am", "a.m.", "PM", "p.m"; returns 1 am, 2 pm, 0 none. */
static int read_meridiem(struct cur *c)
{
	struct cur save = *c;
	int r = 0, ch;

	skip_space(c);
	if (c->i >= c->n)
		goto out_none;
	ch = lower(c->s[c->i]);
	if (ch != 'a' && ch != 'p')
		goto out_none;
	r = ch == 'a' ? 1 : 2;
	c->i++;
	read_char(c, '.');
	if (c->i >= c->n || lower(c->s[c->i]) != 'm')
		goto out_none;
	c->i++;
	read_char(c, '.');
	if (!word_end(c))
		goto out_none;
	return r;
out_none:
	*c = save;
	return 0;
}

/* Zone names whose offset is not certain enough to write down: they are
 * consumed as part of the dateline but not kept. */
static const char *const zone_names[] = {
	"kst", "jst", "hkt", "sgt", "ist", "est", "edt", "cst", "cdt", "mst",
	"mdt", "pst", "pdt", "bst", "cet", "cest", "eet", "eest", "aest",
	"aedt", "et", "pt", "ct", "mt", NULL
};

/* Reads a numeric offset: +09:00, +0900, -5. */
static int read_offset(struct cur *c, struct text_date *d)
{
	struct cur off = *c;
	int sign, hh, mm = 0, k;

	if (off.i >= off.n || (off.s[off.i] != '+' && off.s[off.i] != '-'))
		return 0;
	sign = off.s[off.i] == '+' ? 1 : -1;
	off.i++;
	k = read_num(&off, 2, &hh);
	if (!k)
		return 0;
	if (read_char(&off, ':')) {
		if (read_num(&off, 2, &mm) != 2)
			return 0;
	} else if (k == 2 && at_digit(&off)) {
		if (read_num(&off, 2, &mm) != 2)
			return 0;
	}
	if (hh > 14 || mm > 59 || !word_end(&off))
		return 0;
	*c = off;
	if (hh == 0 && mm == 0)
		strcpy(d->zone, "Z");
	else {
		/* hh <= 14, mm <= 59: two digits each. */
		d->zone[0] = sign > 0 ? '+' : '-';
		d->zone[1] = (char)('0' + hh / 10);
		d->zone[2] = (char)('0' + hh % 10);
		d->zone[3] = ':';
		d->zone[4] = (char)('0' + mm / 10);
		d->zone[5] = (char)('0' + mm % 10);
		d->zone[6] = '\0';
	}
	return 1;
}

/* Reads a zone after a time: Z, UTC, GMT, +09:00, UTC+9, or a named zone
 * such as KST.  Consumes nothing when there is none. */
static void read_zone(struct cur *c, struct text_date *d)
{
	struct cur save = *c, wc;
	char w[8];
	size_t len, k;

	skip_space(c);
	if (read_offset(c, d))
		return;
	wc = *c;
	len = read_word(&wc, w, sizeof w);
	if (len == 0 || len > 4 || !word_end(&wc) ||
	    (wc.i < wc.n && wc.s[wc.i] != '+' && wc.s[wc.i] != '-' &&
	     wc.s[wc.i] != ' ' && wc.s[wc.i] != ')' && wc.s[wc.i] != ',' &&
	     wc.s[wc.i] != '.'))
		goto out_none;
	for (k = 0; k < len; k++)
		if (!(c->s[c->i + k] >= 'A' && c->s[c->i + k] <= 'Z'))
			goto out_none;
	if (strcmp(w, "z") == 0 || strcmp(w, "utc") == 0 ||
	    strcmp(w, "gmt") == 0) {
		*c = wc;
		strcpy(d->zone, "Z");
		read_offset(c, d);
		return;
	}
	for (k = 0; zone_names[k]; k++) {
		if (strcmp(w, zone_names[k]) == 0) {
			*c = wc;
			return;
		}
	}
out_none:
	*c = save;
}

/* Skips what may stand between a date and a time: blanks, a comma, a
 * dash, "|", "@", a bullet, "at".  Returns 1 when something was there. */
static int skip_joint(struct cur *c)
{
	int seen = skip_space(c) > 0;
	const unsigned char *u = (const unsigned char *)c->s;

	if (c->i < c->n && (c->s[c->i] == ',' || c->s[c->i] == '-' ||
	                    c->s[c->i] == '|' || c->s[c->i] == '@')) {
		c->i++;
		seen = 1;
	} else if (c->i + 2 < c->n && u[c->i] == 0xE2 && u[c->i + 1] == 0x80 &&
	           (u[c->i + 2] == 0x93 || u[c->i + 2] == 0x94 ||
	            u[c->i + 2] == 0xA2)) {
		c->i += 3; /* en dash, em dash, bullet */
		seen = 1;
	} else if (c->i + 1 < c->n && u[c->i] == 0xC2 && u[c->i + 1] == 0xB7) {
		c->i += 2; /* middle dot */
		seen = 1;
	}
	skip_space(c);
	if (c->i + 2 < c->n && lower(c->s[c->i]) == 'a' &&
	    lower(c->s[c->i + 1]) == 't' && c->s[c->i + 2] == ' ') {
		c->i += 2;
		skip_space(c);
		seen = 1;
	}
	return seen;
}

/* A clock time: H:MM[:SS] [am|pm] [zone].  Consumes nothing when there
 * is none. */
static int read_clock(struct cur *c, struct text_date *d)
{
	struct cur save = *c;
	int h, m, s = 0, mer, has_second = 0;

	if (!read_num(c, 2, &h) || !read_char(c, ':') || read_num(c, 2, &m) != 2)
		goto out_none;
	if (c->i + 2 < c->n && c->s[c->i] == ':' && c->s[c->i + 1] >= '0' &&
	    c->s[c->i + 1] <= '9') {
		c->i++;
		if (read_num(c, 2, &s) != 2 || s > 60)
			goto out_none;
		has_second = 1;
	}
	mer = read_meridiem(c); /* "3:45 p.m.", "3:45pm" */
	if (!mer && !word_end(c))
		goto out_none;
	if (mer) {
		if (h < 1 || h > 12)
			goto out_none;
		h = h % 12 + (mer == 2 ? 12 : 0);
	}
	if (h > 23 || m > 59)
		goto out_none;
	d->hour = h;
	d->minute = m;
	d->second = s;
	d->has_second = has_second;
	d->has_time = 1;
	read_zone(c, d);
	return 1;
out_none:
	*c = save;
	return 0;
}

/* "12.30 GMT", "9.15am": a clock with a dot, read only after a date, and
 * only with a zone or am/pm to show it is a time. */
static int read_dotted_clock(struct cur *c, struct text_date *d)
{
	struct cur save = *c;
	int h, m, mer;

	if (!read_num(c, 2, &h) || !read_char(c, '.') || read_num(c, 2, &m) != 2)
		goto out_none;
	mer = read_meridiem(c);
	if (mer) {
		if (h < 1 || h > 12)
			goto out_none;
		h = h % 12 + (mer == 2 ? 12 : 0);
	} else if (!word_end(c)) {
		goto out_none;
	}
	if (h > 23 || m > 59)
		goto out_none;
	d->zone[0] = '\0';
	{
		struct cur z = *c;

		read_zone(&z, d);
		if (!mer && z.i == c->i)
			goto out_none;
		*c = z;
	}
	d->hour = h;
	d->minute = m;
	d->has_time = 1;
	return 1;
out_none:
	d->zone[0] = '\0';
	*c = save;
	return 0;
}

/* A time after a date: "T15:44", " - 15:44", ", 3:45 p.m. EST". */
static void read_time(struct cur *c, struct text_date *d, int iso)
{
	struct cur save = *c;

	if (iso && c->i < c->n && c->s[c->i] == 'T') {
		c->i++;
	} else if (!skip_joint(c)) {
		*c = save;
		return;
	}
	if (!read_clock(c, d) && !read_dotted_clock(c, d))
		*c = save;
}

/* The date proper, after an optional weekday. */
static int read_date(struct cur *c, struct text_date *d, int *iso)
{
	struct cur start;

	skip_weekday(c);
	start = *c;
	*iso = 0;
	memset(d, 0, sizeof *d);
	if (date_ymd(c, d)) {
		*iso = 1;
		return 1;
	}
	*c = start;
	memset(d, 0, sizeof *d);
	if (date_dmy(c, d))
		return 1;
	*c = start;
	memset(d, 0, sizeof *d);
	return date_mdy(c, d);
}

/* Can a date or a time start with byte ch?  Each form starts with a digit
 * (a time, 2024-09-22, 21 August 2015) or with a weekday's or a month's
 * name.  text_dateline_parse asks at the start of every paragraph; the
 * first byte sets most of them aside before any word is read. */
static int can_start_date(int ch)
{
	int k;

	if (ch >= '0' && ch <= '9')
		return 1;
	if (!is_alpha(ch))
		return 0;
	ch = lower(ch);
	for (k = 0; k < 12; k++)
		if (month_names[k][0] == ch)
			return 1;
	for (k = 0; k < 7; k++)
		if (weekday_names[k][0] == ch)
			return 1;
	return 0;
}

size_t text_date_scan(const char *s, size_t n, struct text_date *d)
{
	struct cur c = { s, n, 0 };
	struct text_date clock;
	int iso;

	memset(d, 0, sizeof *d);
	if (n == 0 || !can_start_date((unsigned char)s[0]))
		return 0; /* as the readers below would find, d all zero */
	memset(&clock, 0, sizeof clock);
	/* A time may come first: "8:52 PM EST, Friday, January 5, 2024". */
	if (read_clock(&c, &clock)) {
		if (!skip_joint(&c) || !read_date(&c, d, &iso) || !valid_date(d))
			return 0;
		d->hour = clock.hour;
		d->minute = clock.minute;
		d->second = clock.second;
		d->has_time = 1;
		d->has_second = clock.has_second;
		memcpy(d->zone, clock.zone, sizeof d->zone);
		return c.i;
	}
	if (!read_date(&c, d, &iso) || !valid_date(d))
		return 0;
	read_time(&c, d, iso);
	return c.i;
}

int text_date_resolve(struct text_date *d, int order)
{
	int day = d->day;

	if (!d->ambiguous)
		return 0;
	if (order == TEXT_ORDER_NONE)
		return -1;
	if (order == TEXT_ORDER_DMY) {
		d->day = d->month;
		d->month = day;
	}
	d->ambiguous = 0;
	return 0;
}

int text_date_format(const struct text_date *d, char *out, size_t outsz)
{
	int k;

	if (d->has_time && d->has_second)
		k = snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%s",
		             d->year, d->month, d->day, d->hour, d->minute,
		             d->second, d->zone);
	else if (d->has_time)
		k = snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d%s", d->year,
		             d->month, d->day, d->hour, d->minute, d->zone);
	else
		k = snprintf(out, outsz, "%04d-%02d-%02d", d->year, d->month,
		             d->day);
	return k < 0 || (size_t)k >= outsz ? -1 : 0;
}

size_t text_date_normalise(const char *s, size_t n, char *out, size_t outsz)
{
	struct text_date d;
	size_t used = text_date_scan(s, n, &d);

	if (!used || d.ambiguous || text_date_format(&d, out, outsz) < 0)
		return 0;
	return used;
}
