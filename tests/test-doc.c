/*
 * test-doc.c: the document model keeps what it is given, in order, copies
 * what it is passed, refuses what is malformed, and makes NCName ids.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "doc.h"

static void
test_meta(void)
{
	cc_doc *d = cc_doc_new("a");
	const char *k, *v;
	char key[] = "author";

	CHECK(cc_meta_add(d, key, "One") == 0);
	key[0] = 'X'; /* the model copied the key */
	CHECK(cc_meta_add(d, "title", "T") == 0);
	CHECK(cc_meta_add(d, "author", "Two") == 0);
	CHECK(cc_meta_count(d) == 3);
	CHECK(cc_meta_get(d, 0, &k, &v) == 0);
	CHECK_STR(k, "author");
	CHECK_STR(v, "One");
	CHECK_STR(cc_meta_find(d, "author"), "One");
	/* meta_set keeps the first position and drops the other values. */
	CHECK(cc_meta_set(d, "author", "Three") == 0);
	CHECK(cc_meta_count(d) == 2);
	CHECK(cc_meta_get(d, 0, &k, &v) == 0);
	CHECK_STR(v, "Three");
	CHECK(cc_meta_set(d, "title", NULL) == 0);
	CHECK(cc_meta_find(d, "title") == NULL);
	CHECK(cc_meta_set(d, "date", "2024-01-02") == 0);
	CHECK_STR(cc_meta_find(d, "date"), "2024-01-02");
	CHECK(cc_meta_get(d, 5, &k, &v) == -1);
	cc_doc_free(d);
}

static void
test_blocks(void)
{
	cc_doc *d = cc_doc_new("b");
	const char *text;
	size_t len;
	int kind;

	CHECK(cc_block_add(d, CC_BLOCK_TITLE, "Head", 4) == 0);
	CHECK(cc_block_add(d, CC_BLOCK_PARAGRAPH, "Body text here", 4) == 1);
	CHECK(cc_block_add(d, CC_BLOCK_KIND_COUNT, "x", 1) == -1);
	CHECK(cc_block_add(d, CC_BLOCK_PARAGRAPH, "a\0b", 3) == -1); /* NUL inside */
	CHECK(cc_block_count(d) == 2);
	CHECK(cc_block_get(d, 1, &kind, &text, &len) == 0);
	CHECK(kind == CC_BLOCK_PARAGRAPH && len == 4);
	CHECK_STR(text, "Body");
	CHECK(cc_block_set_kind(d, 1, CC_BLOCK_CAPTION) == 0);
	CHECK(cc_block_get(d, 1, &kind, NULL, NULL) == 0 && kind == CC_BLOCK_CAPTION);
	CHECK(cc_block_get(d, 2, &kind, &text, &len) == -1);
	cc_doc_free(d);
}

/* Many blocks of every size, small ones around ones larger than a text
 * chunk: each keeps its own bytes, NUL-terminated, and none moves while
 * more are added. */
static void
test_many_blocks(void)
{
	enum { N = 3000 };
	static const size_t big[] = { 4095, 4096, 4097, (1u << 20) - 1, 1u << 20, (1u << 20) + 1,
	                              3u << 20 };
	cc_doc *d = cc_doc_new("many");
	const char *first[N];
	char *buf = malloc((3u << 20) + 1);
	size_t want_len[N];
	int ok = 1;

	if (d == NULL || buf == NULL) {
		CHECK(!"out of memory");
		free(buf);
		cc_doc_free(d);
		return;
	}
	for (size_t i = 0; i < N; i++) {
		size_t len = i % 500 == 7 ? big[(i / 500) % 7] : i % 97;
		const char *text;

		memset(buf, 'a' + (int)(i % 26), len);
		if (cc_block_add(d, CC_BLOCK_PARAGRAPH, buf, len) != (long)i ||
		    cc_block_get(d, i, NULL, &text, NULL) != 0) {
			ok = 0;
			break;
		}
		first[i] = text;
		want_len[i] = len;
	}
	CHECK(ok);
	for (size_t i = 0; ok && i < N; i++) {
		const char *text;
		size_t len, k;

		CHECK(cc_block_get(d, i, NULL, &text, &len) == 0);
		if (text != first[i] || len != want_len[i] || text[len] != '\0') {
			ok = 0;
			break;
		}
		for (k = 0; k < len && text[k] == 'a' + (int)(i % 26); k++)
			;
		if (k != len)
			ok = 0;
	}
	CHECK(ok);
	free(buf);
	cc_doc_free(d);
}

static void
test_statements(void)
{
	cc_doc *d = cc_doc_new("c");
	struct cc_person p = { NULL, "Jane Roe", "mayor", NULL, CC_PERSON };
	struct cc_statement s = { 0 }, got;
	const char *k, *v;

	CHECK(cc_person_add(d, &p) == 0);
	CHECK(cc_person_find(d, "p1") == 0);
	p.id = "p1";
	CHECK(cc_person_add(d, &p) == -1); /* duplicate id */
	p.id = "";
	CHECK(cc_person_add(d, &p) == -1); /* an empty id is no id */
	p.id = NULL;
	CHECK(cc_person_add(d, &p) == 1);  /* gets the next free id */
	struct cc_person gp;
	CHECK(cc_person_get(d, 1, &gp) == 0);
	CHECK_STR(gp.id, "p2");

	s.kind = CC_STATEMENT_DIRECT;
	s.speaker = "Jane Roe";
	s.person = "p1";
	s.cue = "said";
	s.quote = "We will build it";
	s.block = 0;
	s.start = 3;
	s.end = 19;
	CHECK(cc_statement_add(d, &s) == 0);
	s.kind = 7;
	CHECK(cc_statement_add(d, &s) == -1);
	s.kind = CC_STATEMENT_INDIRECT;
	s.start = 9;
	s.end = 2;
	CHECK(cc_statement_add(d, &s) == -1); /* start after end */
	s.block = -1;
	s.id = "s1";
	CHECK(cc_statement_add(d, &s) == -1); /* duplicate id */
	s.id = "";
	CHECK(cc_statement_add(d, &s) == -1); /* an empty id is no id */
	s.id = NULL;
	CHECK(cc_statement_add(d, &s) == 1);
	CHECK(cc_statement_get(d, 1, &got) == 0);
	CHECK_STR(got.id, "s2");
	CHECK(got.block == -1 && got.start == 0 && got.end == 0);
	CHECK(cc_statement_get(d, 0, &got) == 0);
	CHECK_STR(got.quote, "We will build it");
	CHECK(got.start == 3 && got.end == 19);
	CHECK(cc_statement_extra_add(d, 0, "topic", "roads") == 0);
	CHECK(cc_statement_extra_count(d, 0) == 1);
	CHECK(cc_statement_extra_get(d, 0, 0, &k, &v) == 0);
	CHECK_STR(k, "topic");
	CHECK_STR(v, "roads");
	CHECK(cc_statement_extra_add(d, 9, "x", "y") == -1);
	cc_statement_clear(d);
	CHECK(cc_statement_count(d) == 0);
	cc_doc_free(d);
}

/* Statement ids: the core's own are "s1", "s2", ... in order; an id a
 * reader gives is kept and must not clash, before or after the core's;
 * the core skips ids a reader took.  (The core keeps no index of ids
 * while all are its own, and builds one at the first id it did not make:
 * both ways must answer alike.) */
static struct cc_statement
stmt(const char *id, const char *quote)
{
	struct cc_statement s = { 0 };

	s.id = id;
	s.kind = CC_STATEMENT_DIRECT;
	s.quote = quote;
	s.block = -1;
	return s;
}

static const char *
stmt_id(cc_doc *d, long i)
{
	struct cc_statement got;

	return i >= 0 && cc_statement_get(d, (size_t)i, &got) == 0 ? got.id : "(none)";
}

static void
test_statement_ids(void)
{
	cc_doc *d = cc_doc_new("ids");
	struct cc_statement s;
	char id[32];
	long i;

	for (int k = 1; k <= 300; k++) {
		s = stmt(NULL, "q");
		i = cc_statement_add(d, &s);
		snprintf(id, sizeof(id), "s%d", k);
		CHECK_STR(stmt_id(d, i), id);
	}
	/* Clashes with the core's own ids, and near misses that are not. */
	s = stmt("s300", "q");
	CHECK(cc_statement_add(d, &s) == -1);
	s = stmt("s1", "q");
	CHECK(cc_statement_add(d, &s) == -1);
	s = stmt("s0300", "a");
	CHECK(cc_statement_add(d, &s) == 300);
	s = stmt("s99999999999999999999999", "b");
	CHECK(cc_statement_add(d, &s) == 301);
	s = stmt("s304", "c");                     /* the id the core makes next */
	CHECK(cc_statement_add(d, &s) == 302);
	s = stmt("s0300", "d");                    /* now through the index */
	CHECK(cc_statement_add(d, &s) == -1);
	s = stmt("s150", "d");
	CHECK(cc_statement_add(d, &s) == -1);
	s = stmt(NULL, "e");                       /* s304 is taken: s305 */
	i = cc_statement_add(d, &s);
	CHECK(i == 303);
	CHECK_STR(stmt_id(d, i), "s305");
	CHECK(cc_statement_count(d) == 304);
	{
		struct cc_statement got;
		CHECK(cc_statement_get(d, 302, &got) == 0);
		CHECK_STR(got.quote, "c");
		CHECK(got.speaker == NULL && got.role == NULL && got.cue == NULL);
	}
	cc_statement_clear(d);
	s = stmt(NULL, "f");                       /* a fresh start */
	CHECK_STR(stmt_id(d, cc_statement_add(d, &s)), "s1");
	s = stmt("s1", "g");
	CHECK(cc_statement_add(d, &s) == -1);
	s = stmt("s2", "g");
	CHECK(cc_statement_add(d, &s) == 1);
	s = stmt(NULL, "h");
	CHECK_STR(stmt_id(d, cc_statement_add(d, &s)), "s3");
	cc_doc_free(d);
}

static void
test_original(void)
{
	cc_doc *a = cc_doc_new("a"), *b = cc_doc_new("b");
	struct cc_bytes *bytes = cc_bytes_new("raw\0bytes", 9);
	const unsigned char *data;
	const char *name;
	size_t len;

	CHECK(cc_original_get(a, &name, &data, &len) == -1);
	CHECK(cc_original_share(a, "in.txt", bytes) == 0);
	CHECK(cc_original_share(b, "in.txt", bytes) == 0);
	cc_bytes_unref(bytes); /* the documents hold their own references */
	cc_doc_free(a);
	CHECK(cc_original_get(b, &name, &data, &len) == 0);
	CHECK_STR(name, "in.txt");
	CHECK(len == 9 && memcmp(data, "raw\0bytes", 9) == 0);
	CHECK(cc_original_set(b, "other.txt", "x", 1) == 0);
	CHECK(cc_original_get(b, &name, &data, &len) == 0 && len == 1);
	cc_doc_free(b);
}

/* Bytes made in place, as the core reads a file: filled, then cut to
 * what the file held, always NUL-terminated. */
static void
test_bytes_fill(void)
{
	unsigned char *fill = NULL;
	struct cc_bytes *b = cc_bytes_alloc(5, &fill);
	const unsigned char *data;
	size_t len;

	CHECK(b != NULL && fill != NULL);
	memcpy(fill, "hello", 5);
	data = cc_bytes_data(b, &len);
	CHECK(len == 5 && memcmp(data, "hello", 6) == 0);
	cc_bytes_truncate(b, 3);
	data = cc_bytes_data(b, &len);
	CHECK(len == 3 && memcmp(data, "hel", 4) == 0);
	cc_bytes_truncate(b, 4); /* never longer */
	data = cc_bytes_data(b, &len);
	CHECK(len == 3);
	cc_bytes_unref(b);
}

static void
test_names(void)
{
	char *id;

	CHECK_STR(cc_block_kind_name(CC_BLOCK_CAPTION), "caption");
	CHECK(cc_block_kind_parse("boilerplate") == CC_BLOCK_BOILERPLATE);
	CHECK(cc_block_kind_parse("nonsense") == -1);
	CHECK(cc_block_kind_name(99) == NULL);
	CHECK_STR(cc_statement_kind_name(CC_STATEMENT_PARTIAL), "partial");
	CHECK(cc_statement_kind_parse("indirect") == CC_STATEMENT_INDIRECT);
	CHECK(cc_person_kind_parse("org") == CC_PERSON_ORG);

	CHECK_STR((id = cc_make_ncname("000_d3c4")), "d000_d3c4");
	free(id);
	CHECK_STR((id = cc_make_ncname("my file:é")), "my_file___");
	free(id);
	CHECK_STR((id = cc_make_ncname("article-1.v2")), "article-1.v2");
	free(id);
	CHECK_STR((id = cc_make_ncname("")), "d");
	free(id);
}

static void
test_utf8(void)
{
	CHECK(cc_utf8_len((const unsigned char *)"a") == 1);
	CHECK(cc_utf8_len((const unsigned char *)"\xc3\xa9") == 2);        /* é */
	CHECK(cc_utf8_len((const unsigned char *)"\xe2\x80\x9c") == 3);    /* “ */
	CHECK(cc_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80") == 4);
	CHECK(cc_utf8_len((const unsigned char *)"\xc0\x80") == 0);        /* overlong NUL */
	CHECK(cc_utf8_len((const unsigned char *)"\xe0\x80\x80") == 0);    /* overlong */
	CHECK(cc_utf8_len((const unsigned char *)"\xed\xa0\x80") == 0);    /* surrogate */
	CHECK(cc_utf8_len((const unsigned char *)"\xf4\x90\x80\x80") == 0); /* > U+10FFFF */
	CHECK(cc_utf8_len((const unsigned char *)"\xf5\x80\x80\x80") == 0);
	CHECK(cc_utf8_len((const unsigned char *)"\xe2\x80") == 0);        /* cut short */
	CHECK(cc_utf8_len((const unsigned char *)"\x80") == 0);
}

int
main(void)
{
	test_meta();
	test_blocks();
	test_many_blocks();
	test_statements();
	test_statement_ids();
	test_original();
	test_bytes_fill();
	test_names();
	test_utf8();
	return CHECK_DONE();
}
