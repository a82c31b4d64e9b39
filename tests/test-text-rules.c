/*
 * test-text-rules.c: proves the raw-text plugin's rule layer: paragraph
 * splitting, the date normaliser, bylines, datelines, captions,
 * boilerplate, and the structure inferred for whole articles.
 *
 * It links plugins/text's pure files directly (no host).  The articles
 * below are written for this test; every expected value was worked out by
 * hand from the rules, never captured from the code.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../plugins/text/text.h"

/* ---- dates ----------------------------------------------------------- */

static void check_date(const char *in, const char *want, size_t want_used)
{
	char iso[40];
	size_t used = text_date_normalise(in, strlen(in), iso, sizeof iso);

	if (!want) {
		if (used != 0) {
			fprintf(stderr, "date \"%s\" read as %s, want none\n", in, iso);
			check_failures++;
		}
		return;
	}
	if (used == 0) {
		fprintf(stderr, "date \"%s\" not read, want %s\n", in, want);
		check_failures++;
		return;
	}
	CHECK_STR(iso, want);
	if (used != want_used) {
		fprintf(stderr, "date \"%s\": used %zu bytes, want %zu\n", in, used,
		        want_used);
		check_failures++;
	}
}

static void test_dates(void)
{
	check_date("Jan. 29, 2023 - 15:44", "2023-01-29T15:44", 21);
	check_date("2024-09-22", "2024-09-22", 10);
	check_date("10/26/2023", "2023-10-26", 10);
	check_date("Friday, August 21, 2015", "2015-08-21", 23);
	check_date("21 August 2015", "2015-08-21", 14);
	check_date("3rd of March, 2021", "2021-03-03", 18);
	check_date("26.10.2023", "2023-10-26", 10);
	check_date("26/10/2023", "2023-10-26", 10);
	check_date("Sept. 13, 2023 3:45 p.m.", "2023-09-13T15:45", 24);
	check_date("2024-05-17 15:37", "2024-05-17T15:37", 16);
	check_date("2023-01-29T15:44:10+09:00", "2023-01-29T15:44:10+09:00", 25);
	check_date("March 5, 2023, 12:05 a.m. UTC", "2023-03-05T00:05Z", 29);
	check_date("Oct 18 2023 at 9:30 KST", "2023-10-18T09:30", 23);
	check_date("Feb. 29, 2024", "2024-02-29", 13);
	check_date("Tue 5 Mar 2024 12.30 GMT", "2024-03-05T12:30Z", 24);
	check_date("Tue 5 Mar 2024 12.30", "2024-03-05", 14);
	/* Each kind of first byte a date may have; none other. */
	check_date("sunday, March 3, 2024", "2024-03-03", 21);
	check_date("OCT 18 2023", "2023-10-18", 11);
	check_date("9 May 2021", "2021-05-09", 10);
	check_date("Kwon, March 3, 2024", NULL, 0);
	check_date(" March 3, 2024", NULL, 0);
	check_date("8:52 PM EST, Friday, January 5, 2024", "2024-01-05T20:52", 36);
	check_date("5 January 2024 \xE2\x80\xA2 3:45pm", "2024-01-05T15:45", 25);
	check_date("2024-01-05 10:30 a man said", "2024-01-05T10:30", 16);
	/* Stops where the date ends. */
	check_date("2024-09-22 was a Sunday", "2024-09-22", 10);
	check_date("Jan. 29, 2023 - 15:44 By Ji Da-gyum", "2023-01-29T15:44", 21);
	/* No date: no year, impossible days, not a date at all. */
	check_date("Jan. 29", NULL, 0);
	check_date("Feb. 29, 2023", NULL, 0);
	check_date("2023-02-30", NULL, 0);
	check_date("13/13/2023", NULL, 0);
	/* Day and month either way round: no date until an order is given. */
	check_date("04/03/2025", NULL, 0);
	check_date("04-03-2025", NULL, 0);
	check_date("04/04/2025", "2025-04-04", 10);
	check_date("04.03.2025", "2025-03-04", 10);
	check_date("0:00", NULL, 0);
	check_date("10:30 the next day", NULL, 0);
	check_date("Monday", NULL, 0);
	check_date("2023", NULL, 0);
	check_date("12345-01-01", NULL, 0);
	check_date("Jan. 29, 20233", NULL, 0);
	check_date("Mayor Lee said", NULL, 0);
}

/* ---- bylines and datelines ------------------------------------------- */

/* want: the names joined with "|", or NULL for "not a byline". */
static void check_byline(const char *in, const char *want)
{
	struct text_names names;
	char got[256] = "";
	size_t k;
	int is = text_byline_parse(in, strlen(in), &names);

	if (!is) {
		if (want) {
			fprintf(stderr, "\"%s\" not read as a byline\n", in);
			check_failures++;
		}
		return;
	}
	for (k = 0; k < names.n; k++) {
		if (k)
			strcat(got, "|");
		strncat(got, in + names.v[k].off, names.v[k].len);
	}
	if (!want) {
		fprintf(stderr, "\"%s\" read as a byline (%s)\n", in, got);
		check_failures++;
		return;
	}
	CHECK_STR(got, want);
}

static void test_bylines(void)
{
	struct text_names names;
	const char *glued = "Ministry of Roads calls the toll illegalBy Park Min-ji";
	const char *spaced = "Attack By North Korea Condemned";
	struct text_date d;
	int label;
	size_t at;
	const char *s;

	check_byline("By Ji Da-gyum", "Ji Da-gyum");
	check_byline("By Jung In-hwan, staff reporter", "Jung In-hwan");
	check_byline("By Jane Doe and John Smith", "Jane Doe|John Smith");
	check_byline("By Anna Lee, Mark Hill and Sam Ortiz",
	             "Anna Lee|Mark Hill|Sam Ortiz");
	check_byline("By Ursula von der Leyen", "Ursula von der Leyen");
	check_byline("By John Smith, Reuters", "John Smith");
	check_byline("By Helen O'Neil | The Daily Planet", "Helen O'Neil");
	check_byline("BY MARIA GARCIA", "MARIA GARCIA");
	check_byline("By: Tom Reyes", "Tom Reyes");
	check_byline("By JOHN DOE and MARY ROE Associated Press", "JOHN DOE|MARY ROE");
	check_byline("Written by Lucy Fenn for The Example Times", "Lucy Fenn");
	check_byline("By Omar Said in Cairo", "Omar Said");
	check_byline("By Eva Lund (eva@example.org)", "Eva Lund");
	check_byline("By contrast, the ministry said nothing", NULL);
	check_byline("By Monday, officials had left", NULL);
	check_byline("By The Associated Press", NULL);
	check_byline("By 2025 the plan will be finished", NULL);
	check_byline("By John Smith.", NULL);
	check_byline("Byron Smith", NULL);

	CHECK(text_byline_glued(glued, strlen(glued), &names) == 40);
	CHECK(names.n == 1 && names.v[0].len == 11 &&
	      memcmp(glued + names.v[0].off, "Park Min-ji", 11) == 0);
	CHECK(text_byline_glued(spaced, strlen(spaced), &names) == strlen(spaced));

	s = "Jan. 29, 2023 - 15:44 By Ji Da-gyum";
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(at == 22 && label == TEXT_LABEL_NONE && d.hour == 15);
	s = "Published : Jan. 29, 2023 - 15:44 Updated : Jan. 30, 2023 - 10:00";
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(label == TEXT_LABEL_PUBLISHED && d.day == 29 && at == strlen(s));
	s = "Updated: 10/26/2023";
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(label == TEXT_LABEL_UPDATED);
	s = "OAKRIDGE, March 4, 2025 \xE2\x80\x94 By Tom Akers, Staff Reporter";
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(label == TEXT_LABEL_NONE && d.day == 4 && d.month == 3 && at == 28);
	s = "WASHINGTON, March 4, 2025 \xE2\x80\x94 The minister said on Tuesday";
	CHECK(!text_dateline_parse(s, strlen(s), &d, &label, &at));
	s = "Published: 04/03/2025";
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(d.ambiguous && text_date_resolve(&d, TEXT_ORDER_NONE) < 0 && d.ambiguous);
	CHECK(text_date_resolve(&d, TEXT_ORDER_DMY) == 0 && !d.ambiguous && d.day == 4 &&
	      d.month == 3);
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(text_date_resolve(&d, TEXT_ORDER_MDY) == 0 && d.day == 3 && d.month == 4);
	s = "Posted on March 3, 2024";
	CHECK(text_dateline_parse(s, strlen(s), &d, &label, &at));
	CHECK(label == TEXT_LABEL_PUBLISHED && d.month == 3);
	s = "2024-09-22 was a Sunday.";
	CHECK(!text_dateline_parse(s, strlen(s), &d, &label, &at));
	s = "Updated:";
	CHECK(text_date_label_only(s, strlen(s)) == TEXT_LABEL_UPDATED);
	s = "Posted :";
	CHECK(text_date_label_only(s, strlen(s)) == TEXT_LABEL_PUBLISHED);
}

/* ---- single-paragraph rules ------------------------------------------ */

#define YES(fn, s) CHECK(fn(s, strlen(s)))
#define NO(fn, s) CHECK(!fn(s, strlen(s)))

static void test_paragraph_rules(void)
{
	YES(text_is_boilerplate, "Send to");
	YES(text_is_boilerplate, "Updated:");
	YES(text_is_boilerplate, "Posted :");
	YES(text_is_boilerplate, "Share this article");
	YES(text_is_boilerplate, "0:00");
	YES(text_is_boilerplate, "Published 3 hours ago");
	YES(text_is_boilerplate, "Story continues below advertisement");
	YES(text_is_boilerplate, "Please direct questions or comments to [news@example.org]");
	YES(text_is_boilerplate, "Contact the writer at jdoe@example.com");
	YES(text_is_boilerplate, "Copyright 2024 The Daily Planet. All rights reserved.");
	YES(text_is_boilerplate, "\xC2\xA9 2024 Example News");
	YES(text_is_boilerplate, "Related article: Mayor opens new bridge");
	YES(text_is_boilerplate, "Reporting by Ana Ruiz; Editing by Tom Bell");
	/* Furniture openings, without case, each found by its first byte. */
	YES(text_is_boilerplate, "(C) 2024 Example Media, long enough to be no furniture word");
	YES(text_is_boilerplate, "CLICK HERE to see the full gallery of the event in the city");
	YES(text_is_boilerplate, "tel. 02-555-0100 for the newsroom of the paper in the city");
	YES(text_is_boilerplate, "Scroll To Continue with the rest of the story on the site");
	YES(text_is_boilerplate, "Unauthorized reproduction of this article is prohibited.");
	YES(text_is_boilerplate, "Additional reporting by Ana Ruiz in Lisbon and Tom Bell.");
	NO(text_is_boilerplate, "Clicking here would not help, the minister said on Monday.");
	NO(text_is_boilerplate, "Telephone lines were down for most of the day in the city.");
	NO(text_is_boilerplate, "The port reopened on Monday.");
	NO(text_is_boilerplate, "Sharing power is hard, the minister said.");
	NO(text_is_boilerplate, "Updated figures show a rise in exports.");

	YES(text_is_caption, "Firefighters work at the site on Tuesday. (Yonhap)");
	YES(text_is_caption, "A tank crosses a field, Nov. 9, 2016. (File Photo - The Example Gazette via AP)");
	YES(text_is_caption, "Protesters gather outside the court in Seoul. (AP Photo/Lee Jin-man)");
	YES(text_is_caption, "The minister speaks to reporters in Brussels (Reuters)");
	YES(text_is_caption, "The mayor is seen in this file photo. Yonhap");
	YES(text_is_caption, "President Ana Silva (2nd left) visits the plant on Monday.");
	YES(text_is_caption, "Volunteers clear the beach on Sunday. (Kim Jae-won)");
	YES(text_is_caption, "Rescue workers search the rubble on Monday. Photograph: Ana Ruiz/Example Agency");
	/* A credit needs four words before its brackets, six before a bare
	 * one. */
	YES(text_is_caption, "Ana Silva speaks today (Reuters)");
	NO(text_is_caption, "Ana Silva speaks (Reuters)");
	YES(text_is_caption, "Six words are in here now. Yonhap");
	NO(text_is_caption, "Five words are in here. Yonhap");
	/* A bare credit may be 50 bytes long, not 51; a label may follow a
	 * capital word. */
	YES(text_is_caption, "Workers clear the rubble of the old market on Monday. Xxxxxxxxx Yyyyyyyyy Zzzzzzzzz Wwwwwwwww Vvvvvvvvvv");
	NO(text_is_caption, "Workers clear the rubble of the old market on Monday. Xxxxxxxxx Yyyyyyyyy Zzzzzzzzz Wwwwwwwww Vvvvvvvvvvv");
	YES(text_is_caption, "Workers clear the rubble of the old market on Monday Photo by Lee Min-ho");
	NO(text_is_caption, "Workers clear the rubble of the old market on Monday photo by Lee Min-ho");
	/* The caption phrases: at the start, at the very end, inside a
	 * word (they are looked for as text, not as words), one byte short. */
	YES(text_is_caption, "This photo shows the flooded road near the bridge on Monday");
	YES(text_is_caption, "The flooded road near the bridge on Monday, from left");
	YES(text_is_caption, "Aid workers within this photo wait for trucks on Monday");
	YES(text_is_caption, "Ana Silva (L) and Tom Bell talk before the vote on Monday");
	NO(text_is_caption, "Aid workers wait for trucks, from lef");
	NO(text_is_caption, "Ana Silva (L and Tom Bell talk before the vote on Monday");
	/* Furniture is a whole paragraph, compared without case. */
	YES(text_is_boilerplate, "LISTEN TO THIS ARTICLE");
	NO(text_is_boilerplate, "Listen to this article carefully");
	NO(text_is_boilerplate, "Listen to this articl");
	NO(text_is_caption, "The report was carried by the Korean Central News Agency (KCNA).");
	NO(text_is_caption, "Officials met in Geneva on Friday.");
	NO(text_is_caption, "U.S. Envoy Meets Allies");
	NO(text_is_caption, "Budget talks resume as deadline nears (analysis)");

	YES(text_is_teaser, "Rail strike ends after two days 2024-05-17 15:37 | Economy");
	YES(text_is_teaser, "Markets | Asia | Business");
	NO(text_is_teaser, "Talks resumed on 2024-05-17 at 15:37, officials said.");

	YES(text_is_headline, "What\xE2\x80\x99s behind the city\xE2\x80\x99s budget fight?");
	YES(text_is_headline, "Port reopens after strike: officials");
	YES(text_is_headline, "Talks resume in the U.S.");
	NO(text_is_headline, "The port reopened on Monday after a two-day strike.");
	NO(text_is_headline, "By Jane Doe");
	NO(text_is_headline, "Send");
	NO(text_is_headline, "officials say port will reopen");

	YES(text_is_heading, "Impact on Trade");
	YES(text_is_heading, "Russia buys drones despite sanctions");
	NO(text_is_heading, "What next?");
	NO(text_is_heading, "He left.");
	NO(text_is_heading, "This line is much too long to be a section heading because it runs on and on");
}

/* ---- phrase search ---------------------------------------------------- */

/* The plain definition the phrase search must agree with: some phrase
 * starts at some byte of s[0..n). */
static int ref_find(const char *const *phrases, const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; phrases[k]; k++)
			if (strlen(phrases[k]) <= n - i &&
			    memcmp(s + i, phrases[k], strlen(phrases[k])) == 0)
				return 1;
	return 0;
}

static unsigned long rng_state = 88172645463325252UL;

static unsigned long rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Appends to buf (room for cap bytes) a piece that is likely to make or
 * nearly make a phrase: a whole phrase, one cut short at either end, any
 * part of one, or a stray byte (a key's first byte, UTF-8, NUL). */
static size_t add_piece(char *buf, size_t len, size_t cap,
                        const char *const *phrases)
{
	static const char *const bytes[] = {
		" ", "h", "H", "(", ")", "v", "V", "e", "i", "o", "\xE2\x80\x9C",
		"\xC2\xA9", "\xE2", "\x80", "\0", "T", "t", "f", "m", "s", "x",
	};
	size_t np = 0, r = rng() % 8, k, from, to;
	const char *piece;

	while (phrases[np])
		np++;
	if (r < 4) {
		piece = phrases[rng() % np];
		k = strlen(piece);
		from = r == 1 ? rng() % k : 0;      /* cut its head */
		to = r == 2 ? rng() % (k + 1) : k;  /* cut its tail */
		if (r == 3) {                       /* a random part */
			from = rng() % k;
			to = from + rng() % (k - from + 1);
		}
		if (to < from)
			to = from;
	} else {
		k = rng() % (sizeof bytes / sizeof bytes[0]);
		piece = bytes[k];
		from = 0;
		to = piece[0] ? strlen(piece) : 1;
	}
	if (to - from > cap - len)
		to = from + (cap - len);
	memcpy(buf + len, piece + from, to - from);
	return len + (to - from);
}

/* Compares got with the reference on s[0..n), copied to a buffer of
 * exactly n bytes so a read past its end is caught by ASan. */
static void check_find(const char *what, int got_fn_id,
                       const char *const *phrases, const char *const *keys,
                       const char *s, size_t n)
{
	char *copy = malloc(n ? n : 1);
	int got, want;

	if (!copy) {
		CHECK(!"out of memory");
		return;
	}
	memcpy(copy, s, n);
	want = ref_find(phrases, copy, n);
	if (got_fn_id == 0)
		got = text_has_caption_phrase(copy, n);
	else if (got_fn_id == 1)
		got = text_has_rights_phrase(copy, n);
	else
		got = text_phrases_find(phrases, keys, copy, n);
	if (got != want) {
		size_t i;

		fprintf(stderr, "%s: phrase search says %d, want %d, on \"", what,
		        got, want);
		for (i = 0; i < n; i++)
			fprintf(stderr, (unsigned char)s[i] < 0x20 ||
			                (unsigned char)s[i] >= 0x7F ? "\\x%02X" : "%c",
			        (unsigned char)s[i]);
		fprintf(stderr, "\"\n");
		check_failures++;
	}
	free(copy);
}

/* Every phrase alone, cut short, with a byte before or after; then many
 * random strings of phrase pieces and stray bytes. */
static void check_phrase_list(const char *what, int fn_id,
                              const char *const *phrases,
                              const char *const *keys, int rounds)
{
	char buf[256];
	size_t k, len;
	int r;

	for (k = 0; phrases[k]; k++) {
		size_t pl = strlen(phrases[k]);

		check_find(what, fn_id, phrases, keys, phrases[k], pl);
		check_find(what, fn_id, phrases, keys, phrases[k], pl - 1);
		check_find(what, fn_id, phrases, keys, phrases[k] + 1, pl - 1);
		snprintf(buf, sizeof buf, "x%s", phrases[k]);
		check_find(what, fn_id, phrases, keys, buf, pl + 1);
		check_find(what, fn_id, phrases, keys, buf, pl);
		snprintf(buf, sizeof buf, "%sx", phrases[k]);
		check_find(what, fn_id, phrases, keys, buf, pl + 1);
	}
	check_find(what, fn_id, phrases, keys, "", 0);
	for (r = 0; r < rounds; r++) {
		size_t cap = 1 + rng() % (sizeof buf - 1);

		for (len = 0; len < cap && rng() % 16 != 0;)
			len = add_piece(buf, len, cap, phrases);
		check_find(what, fn_id, phrases, keys, buf, len);
	}
}

/* text_cp_count against a byte loop, on lengths around its eight-byte
 * words and its runs of 255 words, with every kind of byte. */
static void test_cp_count(void)
{
	static char buf[5000];
	size_t lens[] = { 0, 1, 7, 8, 9, 15, 16, 17, 2039, 2040, 2041, 2048,
	                  4079, 4080, 4081, 4999, 5000 };
	size_t t, i, want;
	int r;

	for (r = 0; r < 40; r++) {
		for (i = 0; i < sizeof buf; i++) {
			switch (r % 4) {
			case 0: buf[i] = (char)(rng() & 0xFF); break;
			case 1: buf[i] = (char)(0x80 | (rng() & 0x3F)); break; /* all continuations */
			case 2: buf[i] = "a\xE2\x80\x9C\xC3\xA9 "[rng() % 7]; break;
			default: buf[i] = (char)(0xC0 | (rng() & 0x3F)); break; /* none */
			}
		}
		for (t = 0; t < sizeof lens / sizeof lens[0]; t++) {
			size_t off = rng() % 8, n = lens[t] - (lens[t] >= off ? off : lens[t]);
			char *copy = malloc(n ? n : 1);

			if (!copy) {
				CHECK(!"out of memory");
				return;
			}
			memcpy(copy, buf + off, n);
			for (want = 0, i = 0; i < n; i++)
				if (((unsigned char)copy[i] & 0xC0) != 0x80)
					want++;
			CHECK(text_cp_count(copy, n) == want);
			free(copy);
		}
	}
}

static void test_phrase_search(void)
{
	/* Small alphabets make phrases overlap and share keys: "abab"
	 * inside "aabab", keys that start phrases, end them, or are
	 * nowhere. */
	static const char alphabet[] = "ab(h ";
	char words[8][8];
	const char *phrases[9], *keys[5];
	char keybuf[4][4];
	int set, r;

	check_phrase_list("caption", 0, text_caption_phrases(), NULL, 20000);
	check_phrase_list("rights", 1, text_rights_phrases(), NULL, 20000);
	YES(text_has_caption_phrase, "A man (left) and a woman");
	YES(text_has_caption_phrase, "is seen in this");
	YES(text_has_caption_phrase, "photo taken on");
	NO(text_has_caption_phrase, "photo taken o");
	YES(text_has_rights_phrase, "Copyright 2024. All rights reserved");
	NO(text_has_rights_phrase, "All rights reserve");
	NO(text_has_rights_phrase, "All Rights Reserved");

	for (set = 0; set < 300; set++) {
		size_t np = 1 + rng() % 8, nk = rng() % 5, k, j;

		for (k = 0; k < np; k++) {
			size_t wl = 1 + rng() % 6;

			for (j = 0; j < wl; j++)
				words[k][j] = alphabet[rng() % (sizeof alphabet - 1)];
			words[k][wl] = '\0';
			phrases[k] = words[k];
		}
		phrases[np] = NULL;
		for (k = 0; k < nk; k++) {
			size_t kl = 1 + rng() % 3;

			for (j = 0; j < kl; j++)
				keybuf[k][j] = alphabet[rng() % (sizeof alphabet - 1)];
			keybuf[k][kl] = '\0';
			keys[k] = keybuf[k];
		}
		keys[nk] = NULL;
		check_phrase_list("random set", 2, phrases, keys, 200);
	}
	/* Keys that are whole phrases, or empty. */
	{
		static const char *const ph[] = { "ab", "ba", "b", NULL };
		static const char *const ky[] = { "", "ab", "b", NULL };

		check_phrase_list("keys as phrases", 2, ph, ky, 2000);
	}
	/* As many phrases as fit, each with its own first byte (as many
	 * groups as phrases); a list too long, an empty phrase: refused. */
	{
		static const char *const empty[] = { "a", "", NULL };
		static const char *const none[] = { NULL };
		static char distinct[64][3];
		const char *full[65], *many[70];

		for (r = 0; r < 64; r++) {
			distinct[r][0] = (char)(0x80 + r);
			distinct[r][1] = (char)('a' + r % 26);
			distinct[r][2] = '\0';
			full[r] = distinct[r];
		}
		full[64] = NULL;
		for (r = 0; r < 64; r++) {
			CHECK(text_phrases_find(full, none, distinct[r], 2) == 1);
			CHECK(text_phrases_find(full, none, distinct[r], 1) == 0);
		}
		check_phrase_list("64 groups", 2, full, none, 2000);
		for (r = 0; r < 69; r++)
			many[r] = "a";
		many[69] = NULL;
		CHECK(text_phrases_find(empty, none, "a", 1) == -1);
		CHECK(text_phrases_find(many, none, "a", 1) == -1);
		CHECK(text_phrases_find(none, none, "a", 1) == 0);
	}
}

/* ---- paragraphs ------------------------------------------------------ */

static void check_split(const char *in, const char *const *want, size_t nwant,
                        int want_wrapped)
{
	struct text_paras p;
	size_t i;

	if (text_split(in, strlen(in), &p) < 0) {
		CHECK(!"out of memory");
		return;
	}
	CHECK(p.wrapped == want_wrapped);
	if (p.n != nwant) {
		fprintf(stderr, "split gave %zu paragraphs, want %zu:\n", p.n, nwant);
		for (i = 0; i < p.n; i++)
			fprintf(stderr, "  [%.*s]\n", (int)text_para_at(&p, i)->len, text_para_text(&p, i));
		check_failures++;
	} else {
		/* A paragraph is not NUL-terminated: a one-line one is
		 * the line in the input, which goes on. */
		for (i = 0; i < nwant; i++) {
			if (text_para_at(&p, i)->len != strlen(want[i]) ||
			    memcmp(text_para_text(&p, i), want[i], text_para_at(&p, i)->len) != 0) {
				fprintf(stderr, "paragraph %zu is [%.*s], want [%s]\n", i,
				        (int)text_para_at(&p, i)->len, text_para_text(&p, i), want[i]);
				check_failures++;
			}
		}
	}
	text_paras_free(&p);
}

static void test_split(void)
{
	static const char lines[] =
		"First paragraph on one line.\n"
		"Second paragraph, right under it.\n"
		"\n"
		"  Third, after a blank line, with spaces around.  \n";
	static const char *const lines_want[] = {
		"First paragraph on one line.",
		"Second paragraph, right under it.",
		"Third, after a blank line, with spaces around.",
	};
	static const char wrapped[] =
		"Harbour pilots in the northern port said on Thursday that the\n"
		"new channel would open to larger ships next spring, two years\n"
		"later than planned.\n"
		"\n"
		"The delay, they said, came from a dispute over the dredging\n"
		"contract that ended in court last month and was settled by the\n"
		"regional authority.\n"
		"\n"
		"By Nora Quist\n";
	static const char *const wrapped_want[] = {
		"Harbour pilots in the northern port said on Thursday that the "
		"new channel would open to larger ships next spring, two years "
		"later than planned.",
		"The delay, they said, came from a dispute over the dredging "
		"contract that ended in court last month and was settled by the "
		"regional authority.",
		"By Nora Quist",
	};
	/* Wrapped, paragraphs marked by indentation only; the short line
	 * ends the first one. */
	static const char indented[] =
		"  The museum will close for repairs from May, its director\n"
		"said, after inspectors found cracks in the roof of the main\n"
		"hall.\n"
		"  Visitors with tickets for the summer exhibition will be\n"
		"offered refunds or places at a later date, the museum said in\n"
		"a statement.\n";
	static const char *const indented_want[] = {
		"The museum will close for repairs from May, its director said, "
		"after inspectors found cracks in the roof of the main hall.",
		"Visitors with tickets for the summer exhibition will be offered "
		"refunds or places at a later date, the museum said in a "
		"statement.",
	};
	/* A short header line inside a wrapped file stays its own paragraph. */
	static const char header[] =
		"Dam inspection finds no damage\n"
		"Oct. 2, 2024\n"
		"\n"
		"Engineers who inspected the dam after last week's earthquake\n"
		"found no cracks in its walls, the water board said on Monday,\n"
		"and the reservoir will be refilled from next week.\n";
	static const char *const header_want[] = {
		"Dam inspection finds no damage",
		"Oct. 2, 2024",
		"Engineers who inspected the dam after last week's earthquake "
		"found no cracks in its walls, the water board said on Monday, "
		"and the reservoir will be refilled from next week.",
	};
	static const char nbsp[] = "\xC2\xA0Text with no-break spaces.\xC2\xA0\n";
	static const char *const nbsp_want[] = { "Text with no-break spaces." };

	check_split(lines, lines_want, 3, 0);
	check_split(wrapped, wrapped_want, 3, 1);
	check_split(indented, indented_want, 2, 1);
	check_split(header, header_want, 3, 1);
	check_split(nbsp, nbsp_want, 1, 0);
	check_split("", NULL, 0, 0);
	/* The wrap width may be 20 to 150 code points: six lines of one
	 * width, each broken in mid-sentence before a lowercase word. */
	{
		static const size_t widths[] = { 19, 20, 150, 151 };
		char text[1200];
		size_t t, line, i, at;

		for (t = 0; t < sizeof widths / sizeof widths[0]; t++) {
			struct text_paras p;

			at = 0;
			for (line = 0; line < 6; line++) {
				for (i = 0; i < widths[t]; i++)
					text[at++] = i % 5 == 4 && i + 1 < widths[t] ? ' ' : 'w';
				text[at++] = '\n';
			}
			memcpy(text + at, "end.\n", 6);
			at += 6;
			if (text_split(text, at, &p) < 0) {
				CHECK(!"out of memory");
				return;
			}
			CHECK(p.wrapped == (widths[t] >= 20 && widths[t] <= 150));
			text_paras_free(&p);
		}
	}
	check_split("\n\n  \n", NULL, 0, 0);
}

/* ---- whole articles -------------------------------------------------- */

/* One letter per block kind, in enum order. */
static const char kind_letters[] = "PHTSDBCX";

struct expect {
	const char *kinds; /* one letter per paragraph */
	const char *title, *subtitle, *date, *authors; /* authors joined by "|" */
};

/* An article read with date order `order` (enum text_date_order); its
 * metadata must be e's, and meta.ambiguous_date `ambiguous`. */
static void check_article_order(const char *name, const char *in,
                                const struct expect *e, int order, long ambiguous)
{
	struct text_paras p;
	struct text_meta m;
	char kinds[128], authors[256] = "";
	size_t i;
	int before;

	if (text_split(in, strlen(in), &p) < 0 || text_infer(&p, order, &m) < 0) {
		CHECK(!"out of memory");
		return;
	}
	for (i = 0; i < p.n && i + 1 < sizeof kinds; i++)
		kinds[i] = kind_letters[text_para_at(&p, i)->kind];
	kinds[i] = '\0';
	for (i = 0; i < m.n_author; i++) {
		if (i)
			strcat(authors, "|");
		strcat(authors, m.author[i]);
	}
	before = check_failures;
	CHECK_STR(kinds, e->kinds);
	CHECK_STR(m.title, e->title);
	CHECK_STR(m.subtitle, e->subtitle);
	CHECK_STR(m.date, e->date);
	CHECK_STR(m.n_author ? authors : NULL, e->authors);
	CHECK(m.ambiguous_date == ambiguous);
	if (check_failures != before)
		fprintf(stderr, "  (in the article \"%s\")\n", name);
	text_meta_free(&m);
	text_paras_free(&p);
}

static void check_article(const char *name, const char *in,
                          const struct expect *e)
{
	check_article_order(name, in, e, TEXT_ORDER_NONE, -1);
}

static void test_articles(void)
{
	/* The usual web copy: furniture, headline, standfirst, dateline with
	 * byline, captioned photo, body, a teaser, a heading. */
	static const char web[] =
		"Send to\n\n"
		"Lake Arvel ferry service to resume after safety review\n\n"
		"Operator says new boats will carry fewer passengers\n\n"
		"Mar. 4, 2024 - 08:30 By Tomas Ekberg\n\n"
		"A ferry waits at the Arvel pier on Sunday. (Photo - Arvel Post)\n\n"
		"The ferry service across Lake Arvel will resume next month after a safety review ordered in the winter, the operator said on Monday.\n\n"
		"\xE2\x80\x9CWe have done everything the inspectors asked,\xE2\x80\x9D said Ruth Amsel, the operator\xE2\x80\x99s director.\n\n"
		"Ferry strike ends 2024-02-11 09:15 | Local\n\n"
		"What the review found\n\n"
		"Inspectors found that two of the older boats lacked enough life jackets for a full load.\n\n"
		"Copyright 2024 Arvel Post. All rights reserved.\n";
	static const struct expect web_e = {
		"XTSDCPPXHPX",
		"Lake Arvel ferry service to resume after safety review",
		"Operator says new boats will carry fewer passengers",
		"2024-03-04T08:30", "Tomas Ekberg"
	};
	/* No headline: the first line is a sentence; byline at the end. */
	static const char untitled[] =
		"The regional court on Tuesday rejected an appeal by the quarry's owners against a ban on night blasting.\n"
		"Residents had complained for years about the noise, the court said in its ruling.\n"
		"\xE2\x80\x9CThis is a victory for common sense,\xE2\x80\x9D said Ida Brenner, who led the residents' campaign.\n"
		"By Olaf Lindqvist, staff reporter\n"
		"Please direct questions or comments to [desk@example.org]\n";
	static const struct expect untitled_e = {
		"PPPBX", NULL, NULL, NULL, "Olaf Lindqvist"
	};
	/* A headline straight over the body: a two-sentence lede is no
	 * standfirst, a date inside the body is no dateline, but a dated
	 * footer is. */
	static const char bare[] =
		"City Council Delays Vote on Stadium Plan\n\n"
		"The city council on Wednesday postponed its vote on the stadium until 2025-01-15. Members asked for an audit.\n\n"
		"Council members are expected to meet again next month.\n\n"
		"Posted on 2024-12-01\n";
	static const struct expect bare_e = {
		"TPPD", "City Council Delays Vote on Stadium Plan", NULL,
		"2024-12-01", NULL
	};
	/* A one-sentence standfirst is known by the head material after it;
	 * the repeated headline and the update stamp are furniture.  Both
	 * dates could be 3 November or 11 March: no date (issue 18). */
	static const char deck[] =
		"Regional Airline Cancels Winter Flights\n\n"
		"The carrier blames a shortage of pilots for the cuts.\n"
		"Regional Airline Cancels Winter Flights\n"
		"11/03/2023\n"
		"Updated:\n"
		"11/05/2023\n"
		"0:00\n\n"
		"Nordwing said on Friday it would cancel about a third of its winter flights between regional airports.\n\n"
		"The airline said passengers would be offered refunds.\n";
	static const struct expect deck_e = {
		"TSXDXXXPP", "Regional Airline Cancels Winter Flights",
		"The carrier blames a shortage of pilots for the cuts.",
		NULL, NULL
	};
	static const struct expect deck_dmy_e = {
		"TSXDXXXPP", "Regional Airline Cancels Winter Flights",
		"The carrier blames a shortage of pilots for the cuts.",
		"2023-03-11", NULL
	};
	static const struct expect deck_mdy_e = {
		"TSXDXXXPP", "Regional Airline Cancels Winter Flights",
		"The carrier blames a shortage of pilots for the cuts.",
		"2023-11-03", NULL
	};
	/* A wire dateline: place, date, a dash, the byline. */
	static const char dash[] =
		"Lamp oil prices climb in the valley\n\n"
		"OAKRIDGE, March 4, 2025 \xE2\x80\x94 By Tom Akers, Staff Reporter\n\n"
		"Lamp oil prices rose for a third week in the valley towns, traders said on Monday.\n\n"
		"The co-operative expects prices to settle by the summer.\n";
	static const struct expect dash_e = {
		"TDPP", "Lamp oil prices climb in the valley", NULL, "2025-03-04",
		"Tom Akers"
	};
	/* The update stamp is the only date: it is the date. */
	static const char stamp[] =
		"Ferry timetable changes for spring\n\n"
		"By Mara Vell\n\n"
		"Updated 4 March 2025 10:31 GMT\n\n"
		"The ferry company will run two extra crossings each morning from April, it said on Tuesday.\n\n"
		"The changes follow complaints from commuters.\n";
	static const struct expect stamp_e = {
		"TBXPP", "Ferry timetable changes for spring", NULL,
		"2025-03-04T10:31Z", "Mara Vell"
	};
	/* An ambiguous dateline, then one that is not: the second. */
	static const char two[] =
		"Harbour fees rise again\n\n"
		"04/03/2025\n\n"
		"The harbour board raised its fees on Tuesday, the third rise this year.\n\n"
		"The board meets again next month.\n\n"
		"Posted on 2025-03-05\n";
	static const struct expect two_e = {
		"TDPPD", "Harbour fees rise again", NULL, "2025-03-05", NULL
	};
	/* Glued byline on the standfirst; date first; a bare credit. */
	static const char glued[] =
		"Farmers protest new water rules: union\n\n"
		"Friday, August 21, 2015\n"
		"Tractors block a road near the capital on Thursday in this file photo. Yonhap\n\n"
		"Agriculture ministry says the limits will stayBy Lee Soo-min and Daniel Park\n\n"
		"Thousands of farmers drove tractors into the capital on Friday to protest new limits on irrigation.\n\n"
		"The ministry said the limits were needed to protect rivers during droughts.\n";
	static const struct expect glued_e = {
		"TDCSPP", "Farmers protest new water rules: union",
		"Agriculture ministry says the limits will stay", "2015-08-21",
		"Lee Soo-min|Daniel Park"
	};
	/* Hard-wrapped, with its header lines apart. */
	static const char wrapped[] =
		"Glacier Retreat Speeds Up, Survey Finds\n"
		"\n"
		"By Marit Solberg\n"
		"2024-06-30\n"
		"\n"
		"Glaciers in the northern range lost more ice last summer than in\n"
		"any year since measurements began, a survey published on Sunday\n"
		"found.\n"
		"\n"
		"The survey's authors said the loss was driven by a warm spring\n"
		"and a lack of snow, and warned that smaller glaciers could\n"
		"vanish within two decades.\n";
	static const struct expect wrapped_e = {
		"TBDPP", "Glacier Retreat Speeds Up, Survey Finds", NULL,
		"2024-06-30", "Marit Solberg"
	};

	/* A byline without "By" next to the dateline, a time with a dot,
	 * a labelled photo credit; one paragraph per line. */
	static const char bare_byline[] =
		"Fishing fleet ordered to stay in port as storm nears\n"
		"Coastguard says waves of up to 10 metres are expected along the west coast\n"
		"Ana Ruiz in Lisbon\n"
		"Tue 5 Mar 2024 12.30 GMT\n"
		"Boats moored in the harbour at Peniche on Monday. Photograph: Ana Ruiz/Example Agency\n"
		"Portugal's coastguard on Tuesday ordered the fishing fleet to remain in port until Thursday.\n"
		"The order affects about 3,000 boats, the agency said.\n";
	static const struct expect bare_byline_e = {
		"TSBDCPP", "Fishing fleet ordered to stay in port as storm nears",
		"Coastguard says waves of up to 10 metres are expected along the west coast",
		"2024-03-05T12:30Z", "Ana Ruiz"
	};
	/* Wire copy: names in capitals run into the agency's name. */
	static const char wire[] =
		"Storm knocks out power to thousands across the Midwest\n\n"
		"By JOHN DOE and MARY ROE Associated Press\n\n"
		"CHICAGO (AP) \xE2\x80\x94 A line of severe thunderstorms swept across the Midwest on Tuesday, knocking out power to more than 200,000 homes.\n\n"
		"\xE2\x80\x9CIt came through like a freight train,\xE2\x80\x9D said resident Carla Diaz.\n\n"
		"Advertisement\n\n"
		"Utility crews worked through the night to restore service, officials said.\n";
	static const struct expect wire_e = {
		"TBPPXP", "Storm knocks out power to thousands across the Midwest",
		NULL, NULL, "JOHN DOE|MARY ROE"
	};
	/* Furniture between the headline and the body: relative time, share
	 * links, image source and caption lines, an outlet's name. */
	static const char furniture[] =
		"Council approves new cycle lanes\n"
		"Published 3 hours ago\n"
		"Share\n"
		"Image source, Example Images\n"
		"Image caption, Cyclists on the city's main road\n"
		"By Tom Hale\n"
		"Example News\n"
		"Plans for 20km of new cycle lanes have been approved by the city council.\n"
		"Councillors voted 30 to 12 in favour of the scheme on Monday evening.\n"
		"Why the lanes matter\n"
		"The council said cycling had risen by a third since 2019.\n"
		"Related Topics\n";
	static const struct expect furniture_e = {
		"TXXCCBPPPHPX", "Council approves new cycle lanes", NULL, NULL,
		"Tom Hale"
	};

	check_article("web", web, &web_e);
	check_article("bare byline", bare_byline, &bare_byline_e);
	check_article("wire", wire, &wire_e);
	check_article("furniture", furniture, &furniture_e);
	check_article("untitled", untitled, &untitled_e);
	check_article("bare", bare, &bare_e);
	check_article_order("deck", deck, &deck_e, TEXT_ORDER_NONE, 3);
	check_article_order("deck, dmy", deck, &deck_dmy_e, TEXT_ORDER_DMY, -1);
	check_article_order("deck, mdy", deck, &deck_mdy_e, TEXT_ORDER_MDY, -1);
	check_article("dash", dash, &dash_e);
	check_article("stamp", stamp, &stamp_e);
	check_article("two", two, &two_e);
	check_article("glued", glued, &glued_e);
	check_article("wrapped", wrapped, &wrapped_e);
}

/* ---- the probe ------------------------------------------------------- */

static int probe(const char *buf, const char *name)
{
	static struct cc_host host; /* only the version fields are read */
	const struct cc_plugin *pl;
	unsigned char padded[256] = { 0 };
	size_t len = strlen(buf);

	host.abi_major = CC_ABI_MAJOR;
	host.abi_minor = CC_ABI_MINOR;
	host.size = sizeof host;
	pl = corpusconv_plugin_init(&host);
	if (!pl || !pl->formats || !pl->formats[0]) {
		CHECK(!"no text format");
		return -1;
	}
	memcpy(padded, buf, len < 200 ? len : 200);
	return pl->formats[0]->probe(padded, len < 200 ? len : 200, name);
}

static void test_probe(void)
{
	int plain = probe("Harbour reopens\n\nThe harbour reopened.\n", "a");

	CHECK(plain >= 20 && plain <= 30);
	CHECK(probe("Harbour reopens\n", "a.txt") == CC_PROBE_EXTENSION);
	CHECK(probe("Harbour reopens\n", "A.TEXT") == CC_PROBE_EXTENSION);
	CHECK(probe("\xEF\xBB\xBFHarbour reopens\r\n", "a") == plain);
	CHECK(probe("<?xml version=\"1.0\"?><TEI/>", "a.xml") < 10);
	CHECK(probe("  <TEI>", "a") < 10);
	CHECK(probe("PK\x03\x04rest", "a.zip") == 0);
	CHECK(probe("doc_id,statement_id,kind,quote\n", "a.csv") < 20);
	CHECK(probe("{\"a\": 1}", "a.json") < 10);
	CHECK(probe("bad \xC3\x28 byte", "a") == 0);
	/* Invalid bytes in a .txt: the reader says where. */
	CHECK(probe("bad \xC3\x28 byte", "a.txt") == CC_PROBE_EXTENSION);
	/* A sentence with commas is no CSV header. */
	CHECK(probe("US, Japan, South Korea Denounce Arms Sales\n", "a") == plain);
	/* A sequence cut off by the probe buffer is not held against it. */
	CHECK(probe("Cut off \xE2\x80", "a") == plain);
}

int main(void)
{
	test_probe();
	test_dates();
	test_bylines();
	test_paragraph_rules();
	test_phrase_search();
	test_cp_count();
	test_split();
	test_articles();
	return CHECK_DONE();
}
