/*
 * test-tei-xmlout.c: the TEI writer's streaming serialiser writes, byte for
 * byte, what libxml2's xmlNodeDumpOutput(format = 1) writes for the same
 * tree: random trees with mixed content, empty elements and text, awkward
 * attribute values and text, and nesting past libxml2's indentation cap,
 * at level 0, at level 1, and at level 0 written one level deeper; its
 * escapes of text and attribute values are libxml2's for every character
 * and for random bytes that are not UTF-8, written straight or kept and
 * written again; streamed through a sink, the XML is what it is when
 * held; the character checks it relies on (tei_xml_span, tei_utf8_valid,
 * and tei_text_check, both in one pass) agree with the plain
 * one-character-at-a-time definitions; and the id set keeps what it is
 * given, in it (tei_idset_add) or beside it (tei_idset_keep).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlIO.h>

#include "check.h"
#include "tei.h"

/* ---- a small deterministic generator ------------------------------------- */

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *const names[] = { "p", "div", "said", "q", "fs", "f", "string", "g" };
static const char *const attr_names[] = { "type", "n", "xml:id", "who" };
static const char *const pieces[] = {
	"a", "word", " ", "  ", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\xC3\xA9",
	"\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "]]>", "\xC2\x85", "x y z"
};

/* A random string of XML characters (at most 8 pieces) into buf. */
static void rnd_text(char *buf, size_t cap)
{
	size_t n = rnd(8), len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rnd(sizeof(pieces) / sizeof(*pieces))];
		size_t k = strlen(p);

		if (len + k + 1 > cap)
			break;
		memcpy(buf + len, p, k + 1);
		len += k;
	}
}

/* ---- one tree, built twice ----------------------------------------------- */

/*
 * Adds a random element under parent (a libxml2 tree) and writes the same
 * through x.  An element that holds text gets it first, as the serialiser
 * asks; `chain` forces one deep line of elements (past the cap of 30).
 */
static void gen(xmlDocPtr doc, xmlNodePtr parent, struct tei_xo *x, int depth, int chain)
{
	const char *name = names[rnd(sizeof(names) / sizeof(*names))];
	xmlNodePtr e = xmlNewDocNode(doc, NULL, (const xmlChar *)name, NULL);
	unsigned nattr = rnd(3), nkids = depth > 6 && !chain ? 0 : rnd(5);
	int mixed = !chain && rnd(5) < 2;
	char text[256];

	if (parent == NULL)
		xmlDocSetRootElement(doc, e);
	else
		xmlAddChild(parent, e);
	tei_xo_start(x, name);
	for (unsigned i = 0; i < nattr; i++) {
		const char *an = attr_names[i];

		if (rnd(4) == 0) {
			/* A constant value, remembered by its address. */
			xmlNewProp(e, (const xmlChar *)an, (const xmlChar *)"statement");
			tei_xo_attr_const(x, an, "statement");
		} else {
			rnd_text(text, sizeof(text));
			xmlNewProp(e, (const xmlChar *)an, (const xmlChar *)text);
			tei_xo_attr(x, an, text);
		}
	}
	if (chain) {
		if (depth < 34)
			gen(doc, e, x, depth + 1, 1);
	} else {
		for (unsigned i = 0; i < nkids; i++) {
			if (mixed && (i == 0 || rnd(2))) {
				size_t len;

				rnd_text(text, sizeof(text));
				len = strlen(text);
				xmlAddChild(e, xmlNewDocTextLen(doc, (const xmlChar *)text, (int)len));
				if (len == 0)
					tei_xo_mixed(x);
				else
					tei_xo_text(x, text, len, rnd(2));
			} else {
				gen(doc, e, x, depth + 1, 0);
			}
		}
	}
	tei_xo_end(x);
}

/* libxml2's serialisation of doc's root at `level`, as a malloc'd string. */
static char *libxml2_dump(xmlDocPtr doc, int level)
{
	xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
	char *s;

	xmlNodeDumpOutput(ob, doc, xmlDocGetRootElement(doc), level, 1, "UTF-8");
	s = strdup((const char *)xmlOutputBufferGetContent(ob));
	xmlOutputBufferClose(ob);
	return s;
}

static int collect(void *user, const char *p, size_t len)
{
	return tei_buf_add(user, p, len);
}

/* The serialiser's XML, one level deeper when `deeper`, as a C string. */
static char *ours(const struct tei_xmlbuf *m, int deeper, struct tei_buf *b)
{
	b->len = 0;
	CHECK(tei_buf_add(b, "", 0) == 0);
	CHECK(tei_xmlbuf_write(m, deeper, collect, b) == 0);
	return b->p;
}

static void test_trees(void)
{
	struct tei_xo x;
	struct tei_xmlbuf m0 = { 0 }, m1 = { 0 };
	struct tei_buf got = { 0 };
	int mismatches = 0;

	CHECK(tei_xo_init(&x) == 0);
	for (int t = 0; t < 3000 && mismatches < 3; t++) {
		unsigned long long seed = rng_state;
		int chain = t % 50 == 0;
		xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
		char *want0, *want1;

		/* The same tree at level 0 (noting indentation), then at 1. */
		tei_xmlbuf_reset(&m0, 1);
		tei_xo_begin(&x, &m0, 0);
		gen(doc, NULL, &x, 0, chain);
		CHECK(tei_xo_finish(&x) == 0);
		rng_state = seed;
		xmlFreeDoc(doc);
		doc = xmlNewDoc((const xmlChar *)"1.0");
		tei_xmlbuf_reset(&m1, 0);
		tei_xo_begin(&x, &m1, 1);
		gen(doc, NULL, &x, 0, chain);
		CHECK(tei_xo_finish(&x) == 0);
		want0 = libxml2_dump(doc, 0);
		want1 = libxml2_dump(doc, 1);
		if (strcmp(ours(&m0, 0, &got), want0) != 0 ||
		    strcmp(ours(&m1, 0, &got), want1) != 0 ||
		    strcmp(ours(&m0, 1, &got), want1) != 0) {
			fprintf(stderr, "tree %d differs from libxml2's:\n%s\n---\n%s\n", t, want1,
			        got.p);
			mismatches++;
		}
		free(want0);
		free(want1);
		xmlFreeDoc(doc);
	}
	CHECK(mismatches == 0);
	tei_buf_free(&got);
	tei_xmlbuf_free(&m0);
	tei_xmlbuf_free(&m1);
	tei_xo_free(&x);
}

/* ---- escapes ------------------------------------------------------------- */

/* Appends code point cp as UTF-8. */
static void add_utf8(struct tei_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	CHECK(tei_buf_add(b, u, n) == 0);
}

/* 1 when <e a="value">text</e> comes out of the serialiser as libxml2
 * writes it (value and text are C strings; any bytes but NUL), written
 * straight and through escapes kept for writing again
 * (tei_xo_attr_escape, tei_xo_text_escape). */
static int escapes_as_libxml2(const char *value, const char *text)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr e = xmlNewDocNode(doc, NULL, (const xmlChar *)"e", NULL);
	struct tei_xo x;
	struct tei_xmlbuf m = { 0 };
	struct tei_buf got = { 0 }, kept_attr = { 0 }, kept_text = { 0 };
	char *want;
	int same = 1;

	xmlDocSetRootElement(doc, e);
	xmlNewProp(e, (const xmlChar *)"a", (const xmlChar *)value);
	xmlAddChild(e, xmlNewDocText(doc, (const xmlChar *)text));
	want = libxml2_dump(doc, 0);
	CHECK(tei_xo_init(&x) == 0);
	for (int kept = 0; kept < 2; kept++) {
		tei_xmlbuf_reset(&m, 0);
		tei_xo_begin(&x, &m, 0);
		tei_xo_start(&x, "e");
		if (kept) {
			size_t len = 0;
			const char *esc = tei_xo_attr_escape(&x, value, &len);

			CHECK(esc != NULL && tei_buf_add(&kept_attr, esc, len) == 0);
			CHECK(tei_xo_text_escape(&x, text, &kept_text) == 0);
			/* Nothing was written by escaping. */
			CHECK(m.len == 2);
			tei_xo_attr_escaped(&x, "a", tei_buf_str(&kept_attr), kept_attr.len);
			tei_xo_mixed(&x);
			tei_xo_text_escaped(&x, tei_buf_str(&kept_text), kept_text.len);
		} else {
			tei_xo_attr(&x, "a", value);
			tei_xo_mixed(&x);
			tei_xo_text(&x, text, strlen(text), 1);
		}
		tei_xo_end(&x);
		CHECK(tei_xo_finish(&x) == 0);
		got.len = 0;
		if (strcmp(ours(&m, 0, &got), want) != 0) {
			fprintf(stderr, "escapes differ from libxml2's (%s):\n%.300s\n---\n%.300s\n",
			        kept ? "kept" : "straight", want, got.p);
			same = 0;
		}
	}
	free(want);
	tei_buf_free(&got);
	tei_buf_free(&kept_attr);
	tei_buf_free(&kept_text);
	tei_xmlbuf_free(&m);
	tei_xo_free(&x);
	xmlFreeDoc(doc);
	return same;
}

/* libxml2 says, for each value that is not UTF-8, what it did with it. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void test_escapes(void)
{
	static const char *const broken[] = {
		"\x80", "a\x80" "b", "\xC3", "a\xC3", "\xC3" "A", "\xE4\xB8", "\xE4\xB8" "A", "\xF0\x9F\x98",
		"\xF0\x9F", "\xF8\x80\x80\x80", "\xFF\xFE", "\xED\xA0\x80", "\xEF\xBF\xBE",
		"\xF4\x90\x80\x80", "\xC0\x80", "\xC1\x81", "\xE0\x80\x80", "\xF0\x80\x80\x80x"
	};
	struct tei_buf all = { 0 };
	int mismatches = 0;

	/* Every character XML allows, in a value and in text. */
	for (unsigned long cp = 1; cp <= 0x10FFFF; cp++)
		if (tei_xml_char_ok(cp))
			add_utf8(&all, cp);
	CHECK(escapes_as_libxml2(all.p, all.p));
	tei_buf_free(&all);
	xmlSetGenericErrorFunc(NULL, quiet);
	for (size_t i = 0; i < sizeof(broken) / sizeof(*broken); i++)
		mismatches += !escapes_as_libxml2(broken[i], broken[i]);
	/* Random bytes. */
	for (int t = 0; t < 3000 && mismatches < 3; t++) {
		char s[16];
		size_t n = rnd(sizeof(s));

		for (size_t i = 0; i < n; i++)
			s[i] = (char)(1 + rnd(255));
		s[n] = '\0';
		mismatches += !escapes_as_libxml2(s, s);
	}
	xmlSetGenericErrorFunc(NULL, NULL);
	CHECK(mismatches == 0);
}

/* ---- streaming ------------------------------------------------------------ */

/* A sink that keeps what it is given, or fails once it holds `limit`. */
struct sink {
	struct tei_buf b;
	size_t limit, calls;
};

static int sink_put(void *user, const char *p, size_t len)
{
	struct sink *k = user;

	k->calls++;
	if (k->b.len + len > k->limit)
		return -1;
	return tei_buf_add(&k->b, p, len);
}

/* Writes, through x into m, a tree of a few megabytes: many elements
 * with text and attributes, and an attribute value larger than a chunk. */
static void big_tree(struct tei_xo *x, struct tei_xmlbuf *m, const char *huge)
{
	char text[256];

	tei_xo_begin(x, m, 0);
	tei_xo_start(x, "TEI");
	tei_xo_attr(x, "n", huge);
	for (int i = 0; i < 20000; i++) {
		tei_xo_start(x, "p");
		rnd_text(text, sizeof(text));
		tei_xo_attr(x, "type", text);
		for (int j = 0; j < 8; j++) {
			rnd_text(text, sizeof(text));
			tei_xo_text(x, text, strlen(text), 1);
		}
		tei_xo_start(x, "g");
		tei_xo_attr(x, "n", i % 100 == 0 ? huge : "x");
		tei_xo_end(x);
		tei_xo_end(x);
	}
	tei_xo_end(x);
}

/* Streamed through a sink, the XML is what the held XML would be; a sink
 * that fails fails the serialiser. */
static void test_stream(void)
{
	struct tei_xo x;
	struct tei_xmlbuf held = { 0 }, streamed = { 0 };
	struct tei_buf want = { 0 };
	struct sink k = { .limit = SIZE_MAX };
	size_t hugelen = 1500 * 1000;
	char *huge = malloc(hugelen + 1);
	unsigned long long seed = rng_state;

	CHECK(huge != NULL);
	/* Plain for more than a chunk (reserved in one piece), then not. */
	for (size_t i = 0; i < hugelen; i++)
		huge[i] = i < 1200 * 1000 ? "abc"[i % 3] : "ab<&\"\n"[i % 6];
	huge[hugelen] = '\0';
	CHECK(tei_xo_init(&x) == 0);
	tei_xmlbuf_reset(&held, 0);
	big_tree(&x, &held, huge);
	CHECK(tei_xo_finish(&x) == 0);
	ours(&held, 0, &want);
	rng_state = seed;
	tei_xmlbuf_reset(&streamed, 0);
	streamed.sink = sink_put;
	streamed.sink_user = &k;
	big_tree(&x, &streamed, huge);
	CHECK(tei_xo_finish(&x) == 0);
	CHECK(tei_xmlbuf_drain(&streamed) == 0);
	CHECK(k.calls > 3);
	CHECK(k.b.len == want.len && memcmp(k.b.p, want.p, want.len) == 0);
	/* Nothing much is held while streaming: the first chunk, and one
	 * made for the plain part of the huge value. */
	CHECK(streamed.head != NULL && streamed.head->next != NULL &&
	      streamed.head->next->next == NULL);

	/* A sink that fails after two megabytes. */
	rng_state = seed;
	k.b.len = 0;
	k.limit = 2 * 1000 * 1000;
	tei_xmlbuf_reset(&streamed, 0);
	streamed.sink = sink_put;
	streamed.sink_user = &k;
	big_tree(&x, &streamed, huge);
	CHECK(tei_xo_finish(&x) == TEI_XO_OOM);

	tei_buf_free(&k.b);
	tei_buf_free(&want);
	tei_xmlbuf_free(&held);
	tei_xmlbuf_free(&streamed);
	tei_xo_free(&x);
	free(huge);
}

static void test_misuse(void)
{
	struct tei_xo x;
	struct tei_xmlbuf m = { 0 };

	/* Text after an element child where indentation is on. */
	CHECK(tei_xo_init(&x) == 0);
	tei_xo_begin(&x, &m, 0);
	tei_xo_start(&x, "p");
	tei_xo_start(&x, "g");
	tei_xo_end(&x);
	tei_xo_text(&x, "late", 4, 0);
	tei_xo_end(&x);
	CHECK(tei_xo_finish(&x) == TEI_XO_MISUSE);
	/* An attribute after content; an element left open. */
	tei_xmlbuf_reset(&m, 0);
	tei_xo_begin(&x, &m, 0);
	tei_xo_start(&x, "p");
	tei_xo_text(&x, "t", 1, 0);
	tei_xo_attr(&x, "n", "1");
	CHECK(tei_xo_finish(&x) == TEI_XO_MISUSE);
	tei_xmlbuf_reset(&m, 0);
	tei_xo_begin(&x, &m, 0);
	tei_xo_start(&x, "p");
	CHECK(tei_xo_finish(&x) == TEI_XO_MISUSE);
	tei_xmlbuf_free(&m);
	tei_xo_free(&x);
}

/* ---- character checks ------------------------------------------------------ */

/* The definitions, one character at a time. */
static size_t plain_span(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned long cp;
		size_t n = tei_utf8_decode(s + i, len - i, &cp);

		if (!tei_xml_char_ok(cp))
			return i;
		i += n;
	}
	return len;
}

static void test_chars(void)
{
	static const char *const bad[] = {
		"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "\xC3", "\xE4\xB8",
		"\xF8\x88\x80\x80\x80", "\xFF"
	};
	char s[64];

	CHECK(tei_xml_span("abc\x01" "def", 7) == 3);
	CHECK(tei_xml_span("a\tb\nc\rd\x7F\xC2\x85", 10) == 10);
	CHECK(tei_xml_span("ab\xEF\xBF\xBEz", 6) == 2);
	CHECK(tei_xml_span("\xEF\xBF\xBF", 3) == 0);
	CHECK(tei_xml_span("\xEF\xBF\xBD!", 4) == 4);
	/* A control character or a non-ASCII one at every place of a long
	 * ASCII run: the eight-byte steps must stop exactly there. */
	for (size_t at = 0; at < 40; at++) {
		memset(s, 'a', sizeof(s));
		s[at] = '\x1F';
		CHECK(tei_xml_span(s, 40) == at);
		s[at] = '\n';
		CHECK(tei_xml_span(s, 40) == 40);
		s[at] = '\xC3';
		CHECK(tei_utf8_valid(s, 40) == 0);
		CHECK(tei_utf8_valid(s, at) == 1);
		s[at + 1] = '\xA9';
		CHECK(tei_utf8_valid(s, 41) == 1);
		CHECK(tei_xml_span(s, 41) == 41);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(s, 'a', 20);
		memcpy(s + 20, bad[i], strlen(bad[i]));
		CHECK(tei_utf8_valid(s, 20 + strlen(bad[i])) == 0);
		CHECK(tei_text_check(s, 20 + strlen(bad[i])) == TEI_TEXT_BAD);
		/* Not valid even after a character XML cannot hold. */
		s[3] = '\x01';
		CHECK(tei_text_check(s, 20 + strlen(bad[i])) == TEI_TEXT_BAD);
	}
	CHECK(tei_text_check("", 0) == TEI_TEXT_OK);
	CHECK(tei_text_check("a\tb\nc\rd\x7F\xC2\x85", 10) == TEI_TEXT_OK);
	CHECK(tei_text_check("abc\x01" "def", 7) == TEI_TEXT_CTRL);
	CHECK(tei_text_check("ab\xEF\xBF\xBEz", 6) == TEI_TEXT_CTRL);
	CHECK(tei_text_check("\xEF\xBF\xBF", 3) == TEI_TEXT_CTRL);
	CHECK(tei_text_check("\xEF\xBF\xBD!", 4) == TEI_TEXT_OK);
	CHECK(tei_text_check("\x01\xC3", 2) == TEI_TEXT_BAD);
	/* Random valid text: the fast span is the plain one. */
	for (int t = 0; t < 20000; t++) {
		char buf[256];
		size_t len;

		rnd_text(buf, sizeof(buf));
		len = strlen(buf);
		if (len > 0 && rnd(3) == 0)
			buf[rnd((unsigned)len)] = rnd(2) ? '\x01' : '\x0B';
		if (len > 0 && rnd(5) == 0)
			buf[rnd((unsigned)len)] = (char)(0x80 + rnd(0x80));
		/* The one-pass check says what the two checks say. */
		CHECK(tei_text_check(buf, len) ==
		      (!tei_utf8_valid(buf, len)              ? TEI_TEXT_BAD
		       : tei_xml_span(buf, len) < len         ? TEI_TEXT_CTRL
		                                              : TEI_TEXT_OK));
		if (!tei_utf8_valid(buf, len))
			continue; /* a control byte replaced part of a character */
		CHECK(tei_xml_span(buf, len) == plain_span(buf, len));
	}
}

static void test_ncname(void)
{
	CHECK(tei_is_ncname("d1.p1"));
	CHECK(tei_is_ncname("_x-y.z"));
	CHECK(tei_is_ncname("caf\xC3\xA9"));           /* é: a letter */
	CHECK(!tei_is_ncname(""));
	CHECK(!tei_is_ncname(NULL));
	CHECK(!tei_is_ncname("1abc"));
	CHECK(!tei_is_ncname("a:b"));
	CHECK(!tei_is_ncname("a b"));
	CHECK(!tei_is_ncname("a\xFF"));                 /* not UTF-8 */
	CHECK(!tei_is_ncname("a\xC0\x80"));             /* overlong */
	CHECK(!tei_is_ncname("a\xC3"));                 /* cut short */
	CHECK(!tei_is_ncname("a\xED\xA0\x80"));         /* a surrogate */
}

static void test_idset(void)
{
	struct tei_idset set = { 0 };
	const char *a, *b;
	char id[32];

	CHECK(tei_idset_add(&set, "d.s1", &a) == 0);
	strcpy(id, "d.s1");
	CHECK(tei_idset_add(&set, id, &b) == 1);
	CHECK(a == b);
	CHECK(a != id);
	id[0] = 'x'; /* the set kept its own copy */
	CHECK_STR(a, "d.s1");
	for (int i = 0; i < 100000; i++) {
		snprintf(id, sizeof(id), "d.s%d", i + 2);
		CHECK(tei_idset_add(&set, id, NULL) == 0);
	}
	CHECK(tei_idset_has(&set, "d.s100001"));
	CHECK(!tei_idset_has(&set, "d.s100002"));
	CHECK(tei_idset_add(&set, "d.s50000", &b) == 1);
	CHECK_STR(b, "d.s50000");
	/* A kept id is a copy, NUL-terminated, and not in the set. */
	strcpy(id, "d.kept!");
	a = tei_idset_keep(&set, id, 6);
	CHECK(a != NULL && a != id);
	CHECK_STR(a, "d.kept");
	CHECK(!tei_idset_has(&set, "d.kept"));
	CHECK(tei_idset_add(&set, "d.kept", &b) == 0);
	CHECK(b != a);
	tei_idset_free(&set);
}

int main(void)
{
	test_trees();
	test_misuse();
	test_escapes();
	test_stream();
	test_chars();
	test_idset();
	test_ncname();
	xmlCleanupParser();
	return CHECK_DONE();
}
