/*
 * example.c: the SDK's example plugin, a whole corpusconv format in one
 * file.  It reads and writes JSON Lines documents ("jsonl-docs"; corpusconv's own
 * "jsonl" is the statement table, one object per statement): one JSON object per
 * line, one document per object, with its metadata, blocks, persons and
 * statements, so that jsonl -> jsonl is byte for byte the same and any
 * format -> jsonl -> csv equals that format -> csv.
 *
 *   {"id":"council-vote",
 *    "metadata":[["title","Riverton council ..."],["source","council-vote.txt"]],
 *    "blocks":[{"kind":"title","text":"Riverton council ..."}, ...],
 *    "persons":[{"id":"p1","name":"May Okafor","role":"mayor","kind":"person"}],
 *    "statements":[{"id":"s1","kind":"direct","speaker":"May Okafor",
 *                   "person":"p1","cue":"said","quote":"This is ...",
 *                   "block":6,"start":1,"end":83,"extras":[["topic","tram"]]}]}
 *
 * (written on one line).  Metadata and extras are arrays of [key, value]
 * pairs because their keys repeat and their order matters.  A string
 * member that is absent or null is NULL in the document; "block", "start"
 * and "end" are written only for an anchored statement.  Unknown members
 * are ignored.
 *
 * It shows what every plugin does: one exported entry point, the host
 * table stored once at init, no other global that changes, errors through
 * host->report, and a library of its own (jansson) linked into the plugin,
 * never into corpusconv.  Build it out of tree against an installed
 * corpusconv:
 *
 *   cc -shared -fPIC -o example.so plugins/example/example.c \
 *       $(pkg-config --cflags --libs corpusconv-plugin jansson)
 *
 * This file must never print, never call a jansson function that changes
 * process-wide state (json_set_alloc_funcs, json_object_seed: other
 * plugins in the process may use jansson too), and never trust a type, a
 * number or a length read from the input.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include <corpusconv-plugin.h>

/* The host table: written once by corpusconv_plugin_init, before any
 * conversion starts, and only read after that, from any thread. */
static const struct cc_host *host;

/* An input with this many bad lines is not worth reading on. */
#define JSONL_MAX_BAD_LINES 20

#if JSON_INTEGER_IS_LONG_LONG
#define JSONL_INT_MAX LLONG_MAX
#else
#define JSONL_INT_MAX LONG_MAX
#endif

/* --- probe ------------------------------------------------------------- */

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* True when `name` ends in ".jsonl", in any case (ASCII only). */
static int
has_jsonl_extension(const char *name)
{
	static const char ext[] = ".jsonl";
	size_t n, e = sizeof(ext) - 1;

	if (name == NULL || (n = strlen(name)) < e)
		return 0;
	for (size_t i = 0; i < e; i++) {
		unsigned char c = (unsigned char)name[n - e + i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)ext[i])
			return 0;
	}
	return 1;
}

/* True when the first line of p[0..len) holds the key "id": the string
 * "id" followed by optional spaces and a colon. */
static int
has_id_key(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i + 4 <= len && p[i] != '\n'; i++) {
		size_t j;

		if (memcmp(p + i, "\"id\"", 4) != 0)
			continue;
		for (j = i + 4; j < len && (p[j] == ' ' || p[j] == '\t'); j++)
			;
		if (j < len && p[j] == ':')
			return 1;
	}
	return 0;
}

/*
 * An object with an "id" key on the first line is most likely ours (70:
 * other JSON has ids too); the extension alone gives the usual 50.  A
 * probe looks only at buf[0..len), allocates nothing and never calls the
 * host: it runs before any conversion context exists.
 */
static int
jsonl_probe(const unsigned char *buf, size_t len, const char *name)
{
	size_t i = 0;

	if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		i = 3;
	while (i < len && is_space(buf[i]))
		i++;
	if (i < len && buf[i] == '{' && has_id_key(buf + i, len - i))
		return 70;
	if (has_jsonl_extension(name))
		return CC_PROBE_EXTENSION;
	return CC_PROBE_NONE;
}

/* --- reading ----------------------------------------------------------- */

/* Reports that the document on `line` is lost; returns CC_FAILED. */
static int
bad(cc_ctx *ctx, long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
static int
bad(cc_ctx *ctx, long line, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = host->vreport(ctx, CC_FAILED, line, 0, fmt, ap);
	va_end(ap);
	return rc;
}

/* Member `key` of obj as a string: *out is NULL when it is absent or null.
 * Returns 0, or -1 when it is something else.  *out is borrowed from obj. */
static int
get_string(const json_t *obj, const char *key, const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

/* Member `key` of obj as a count in 0..max: returns 1 and sets *out, 0
 * when absent or null, -1 when not such a number. */
static int
get_count(const json_t *obj, const char *key, uintmax_t max, uintmax_t *out)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uintmax_t)json_integer_value(v) > max)
		return -1;
	*out = (uintmax_t)json_integer_value(v);
	return 1;
}

/* An array of [key, value] string pairs; 0, or -1 when `a` is not one.
 * Each pair goes to add(doc, i, key, value); add's failure is -2. */
static int
read_pairs(const json_t *a, cc_doc *doc, size_t i,
           int (*add)(cc_doc *, size_t, const char *, const char *))
{
	size_t k;
	const json_t *pair;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, k, pair) {
		const json_t *key = json_array_get(pair, 0), *value = json_array_get(pair, 1);

		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !json_is_string(key) || !json_is_string(value))
			return -1;
		if (add(doc, i, json_string_value(key), json_string_value(value)) != 0)
			return -2;
	}
	return 0;
}

/* host->meta_add in read_pairs' shape. */
static int
add_meta(cc_doc *doc, size_t i, const char *key, const char *value)
{
	(void)i;
	return host->meta_add(doc, key, value);
}

static int
read_metadata(cc_ctx *ctx, cc_doc *doc, const json_t *obj, long line)
{
	switch (read_pairs(json_object_get(obj, "metadata"), doc, 0, add_meta)) {
	case 0:
		return CC_OK;
	case -1:
		return bad(ctx, line, "\"metadata\" is not an array of [key, value] strings");
	default:
		return host->report(ctx, CC_FATAL, line, 0, "out of memory");
	}
}

static int
read_blocks(cc_ctx *ctx, cc_doc *doc, const json_t *obj, long line)
{
	const json_t *a = json_object_get(obj, "blocks"), *b;
	size_t i;

	if (a == NULL || json_is_null(a))
		return CC_OK;
	if (!json_is_array(a))
		return bad(ctx, line, "\"blocks\" is not an array");
	json_array_foreach(a, i, b) {
		const json_t *text = json_object_get(b, "text");
		const char *kname;
		int kind;

		if (!json_is_object(b) || get_string(b, "kind", &kname) != 0 || !json_is_string(text))
			return bad(ctx, line, "block %zu: not an object with a kind and a text", i);
		/* No kind means the commonest one. */
		kind = kname ? host->block_kind_parse(kname) : CC_BLOCK_PARAGRAPH;
		if (kind < 0)
			return bad(ctx, line, "block %zu: unknown kind \"%s\"", i, kname);
		/* jansson refuses \u0000 unless asked, so text has no NUL in it. */
		if (host->block_add(doc, kind, json_string_value(text), json_string_length(text)) < 0)
			return host->report(ctx, CC_FATAL, line, 0, "out of memory");
	}
	return CC_OK;
}

static int
read_person(cc_ctx *ctx, cc_doc *doc, const json_t *o, size_t i, long line)
{
	struct cc_person p = { 0 };
	const char *kname;

	if (!json_is_object(o) || get_string(o, "id", &p.id) || get_string(o, "name", &p.name) ||
	    get_string(o, "role", &p.role) || get_string(o, "affiliation", &p.affiliation) ||
	    get_string(o, "kind", &kname))
		return bad(ctx, line, "person %zu: not an object of strings", i);
	p.kind = kname ? host->person_kind_parse(kname) : CC_PERSON;
	if (p.kind < 0)
		return bad(ctx, line, "person %zu: unknown kind \"%s\"", i, kname);
	if (p.id && host->person_find(doc, p.id) >= 0)
		return bad(ctx, line, "person %zu: id \"%s\" is used twice", i, p.id);
	/* The host copies every string of p. */
	if (host->person_add(doc, &p) < 0)
		return bad(ctx, line, "person %zu: refused by corpusconv", i);
	return CC_OK;
}

static int
read_statement(cc_ctx *ctx, cc_doc *doc, const json_t *o, size_t i, long line)
{
	struct cc_statement s = { 0 };
	const char *kname;
	uintmax_t block = 0, start = 0, end = 0;
	int nb, ns, ne;
	long idx;

	if (!json_is_object(o) || get_string(o, "id", &s.id) || get_string(o, "kind", &kname) ||
	    get_string(o, "speaker", &s.speaker) || get_string(o, "person", &s.person) ||
	    get_string(o, "role", &s.role) || get_string(o, "cue", &s.cue) ||
	    get_string(o, "quote", &s.quote))
		return bad(ctx, line, "statement %zu: not an object of strings", i);
	if (s.quote == NULL)
		return bad(ctx, line, "statement %zu: no quote", i);
	s.kind = kname ? host->statement_kind_parse(kname) : CC_STATEMENT_DIRECT;
	if (s.kind < 0)
		return bad(ctx, line, "statement %zu: unknown kind \"%s\"", i, kname);
	nb = get_count(o, "block", LONG_MAX, &block);
	ns = get_count(o, "start", SIZE_MAX, &start);
	ne = get_count(o, "end", SIZE_MAX, &end);
	if (nb < 0 || ns < 0 || ne < 0 || nb != ns || ns != ne)
		return bad(ctx, line, "statement %zu: block, start and end must be counts, "
		           "all three or none", i);
	if (start > end)
		return bad(ctx, line, "statement %zu: start %ju is after end %ju", i, start, end);
	/* The anchor is not checked against the blocks: a table row may point
	 * into text this document does not carry. */
	s.block = nb ? (long)block : -1;
	s.start = (size_t)start;
	s.end = (size_t)end;
	for (size_t k = 0; s.id && k < host->statement_count(doc); k++) {
		struct cc_statement other;
		if (host->statement_get(doc, k, &other) == 0 && strcmp(other.id, s.id) == 0)
			return bad(ctx, line, "statement %zu: id \"%s\" is used twice", i, s.id);
	}
	if ((idx = host->statement_add(doc, &s)) < 0)
		return bad(ctx, line, "statement %zu: refused by corpusconv", i);
	switch (read_pairs(json_object_get(o, "extras"), doc, (size_t)idx,
	                   host->statement_extra_add)) {
	case 0:
		return CC_OK;
	case -1:
		return bad(ctx, line, "statement %zu: \"extras\" is not an array of [key, value] "
		           "strings", i);
	default:
		return host->report(ctx, CC_FATAL, line, 0, "out of memory");
	}
}

/* Reads the array `key` of obj with one(ctx, doc, element, index, line). */
static int
read_list(cc_ctx *ctx, cc_doc *doc, const json_t *obj, const char *key, long line,
          int (*one)(cc_ctx *, cc_doc *, const json_t *, size_t, long))
{
	const json_t *a = json_object_get(obj, key), *v;
	size_t i;
	int rc;

	if (a == NULL || json_is_null(a))
		return CC_OK;
	if (!json_is_array(a))
		return bad(ctx, line, "\"%s\" is not an array", key);
	json_array_foreach(a, i, v) {
		if ((rc = one(ctx, doc, v, i, line)) < CC_WARN)
			return rc;
	}
	return CC_OK;
}

/* Builds the document of one JSON object; *out owns it on CC_OK. */
static int
doc_from_json(cc_ctx *ctx, const json_t *obj, long line, cc_doc **out)
{
	const char *id;
	cc_doc *doc;
	int rc;

	if (get_string(obj, "id", &id) != 0 || (id && *id == '\0'))
		return bad(ctx, line, "\"id\" is not a non-empty string");
	/* With no id the host derives one from the input's name. */
	if ((doc = host->doc_new(ctx, id)) == NULL)
		return host->report(ctx, CC_FATAL, line, 0, "out of memory");
	if ((rc = read_metadata(ctx, doc, obj, line)) < CC_WARN ||
	    (rc = read_blocks(ctx, doc, obj, line)) < CC_WARN ||
	    (rc = read_list(ctx, doc, obj, "persons", line, read_person)) < CC_WARN ||
	    (rc = read_list(ctx, doc, obj, "statements", line, read_statement)) < CC_WARN) {
		host->doc_free(doc);
		return rc;
	}
	*out = doc;
	return CC_OK;
}

/* Reads the document on input line `line` and emits it. */
static int
read_line(cc_ctx *ctx, const char *text, size_t len, long line)
{
	json_error_t err;
	json_t *root;
	cc_doc *doc = NULL;
	int rc;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		/* err.line counts from 1 within this line's text; err.column is
		 * in characters, not bytes. */
		return host->report(ctx, CC_FAILED, line + (err.line > 1 ? err.line - 1 : 0),
		                    err.column > 0 ? err.column : 0, "bad JSON: %s", err.text);
	}
	if (!json_is_object(root)) {
		rc = bad(ctx, line, "a line must hold one JSON object");
		goto out_decref;
	}
	if ((rc = doc_from_json(ctx, root, line, &doc)) < CC_WARN)
		goto out_decref;
	/* emit takes the document, whatever it returns. */
	rc = host->emit(ctx, doc);
out_decref:
	json_decref(root);
	return rc;
}

static int
is_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space((unsigned char)p[i]))
			return 0;
	return 1;
}

/*
 * One document per line, emitted as soon as it is read, so memory holds
 * one document at a time.  A bad line loses its document only: the
 * others are still read, and the input's result is CC_FAILED.  Blank
 * lines are skipped; a UTF-8 byte-order mark and CRLF are accepted.
 */
static int
jsonl_read(cc_ctx *ctx, cc_in *in)
{
	size_t len, pos = 0;
	const char *data = (const char *)host->in_data(in, &len);
	long line = 0;
	int worst = CC_OK, nbad = 0, rc;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;

		line++;
		if (!is_blank(data + pos, end - pos)) {
			rc = read_line(ctx, data + pos, end - pos, line);
			if (rc <= CC_FATAL)
				return rc;
			if (rc < worst)
				worst = rc;
			if (rc < CC_WARN && ++nbad == JSONL_MAX_BAD_LINES)
				return host->report(ctx, CC_FAILED, line, 0,
				                    "%d bad lines: not reading any further", nbad);
		}
		pos = end + 1;
	}
	return worst;
}

/* --- writing ----------------------------------------------------------- */

/* What went wrong while encoding a document, for the message. */
struct enc {
	const char *field;   /* "block 3", "quote of statement s2", ... */
	char buf[96];
	int bad_utf8;        /* else memory ran out */
};

/* A JSON string of s[0..len); NULL with e set when s is not UTF-8 or
 * memory ran out. */
static json_t *
str_new(const char *s, size_t len, struct enc *e, const char *field)
{
	json_t *v = json_stringn(s, len), *raw;

	if (v != NULL)
		return v;
	/* Only now tell the two failures apart. */
	raw = json_stringn_nocheck(s, len);
	e->bad_utf8 = raw != NULL;
	e->field = field;
	json_decref(raw);
	return NULL;
}

/* Sets obj[key] to the string s, or leaves it out when s is NULL. */
static int
put_str(json_t *obj, const char *key, const char *s, struct enc *e)
{
	if (s == NULL)
		return 0;
	return json_object_set_new(obj, key, str_new(s, strlen(s), e, key));
}

/* Sets obj[key] to n; -1 when n does not fit a JSON integer here. */
static int
put_count(json_t *obj, const char *key, uintmax_t n, struct enc *e)
{
	if (n > (uintmax_t)JSONL_INT_MAX) {
		e->bad_utf8 = 0;
		snprintf(e->buf, sizeof(e->buf), "%s %ju is too large", key, n);
		e->field = e->buf;
		return -1;
	}
	/* json_object_set_new frees nothing and fails when the value is NULL. */
	return json_object_set_new(obj, key, json_integer((json_int_t)n));
}

/* [key, value] */
static json_t *
pair_new(const char *key, const char *value, struct enc *e)
{
	json_t *a = json_array();

	if (a == NULL || json_array_append_new(a, str_new(key, strlen(key), e, key)) != 0 ||
	    json_array_append_new(a, str_new(value, strlen(value), e, key)) != 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *
metadata_to_json(const cc_doc *doc, struct enc *e)
{
	json_t *a = json_array();
	const char *key, *value;

	for (size_t i = 0; a && i < host->meta_count(doc); i++) {
		if (host->meta_get(doc, i, &key, &value) != 0 ||
		    json_array_append_new(a, pair_new(key, value, e)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
blocks_to_json(const cc_doc *doc, struct enc *e)
{
	json_t *a = json_array(), *b;
	const char *text;
	size_t len;
	int kind;

	for (size_t i = 0; a && i < host->block_count(doc); i++) {
		snprintf(e->buf, sizeof(e->buf), "block %zu", i);
		if (host->block_get(doc, i, &kind, &text, &len) != 0 || (b = json_object()) == NULL)
			goto out_fail;
		if (put_str(b, "kind", host->block_kind_name(kind), e) != 0 ||
		    json_object_set_new(b, "text", str_new(text, len, e, e->buf)) != 0) {
			json_decref(b);
			goto out_fail;
		}
		/* The *_new calls take their value's reference, even when they fail. */
		if (json_array_append_new(a, b) != 0)
			goto out_fail;
	}
	return a;
out_fail:
	json_decref(a);
	return NULL;
}

static json_t *
persons_to_json(const cc_doc *doc, struct enc *e)
{
	json_t *a = json_array(), *o;
	struct cc_person p;

	for (size_t i = 0; a && i < host->person_count(doc); i++) {
		if (host->person_get(doc, i, &p) != 0 || (o = json_object()) == NULL)
			goto out_fail;
		if (put_str(o, "id", p.id, e) || put_str(o, "name", p.name, e) ||
		    put_str(o, "role", p.role, e) || put_str(o, "affiliation", p.affiliation, e) ||
		    put_str(o, "kind", host->person_kind_name(p.kind), e)) {
			json_decref(o);
			goto out_fail;
		}
		if (json_array_append_new(a, o) != 0)
			goto out_fail;
	}
	return a;
out_fail:
	json_decref(a);
	return NULL;
}

/* One statement's extras as [key, value] pairs. */
static json_t *
extras_to_json(const cc_doc *doc, size_t i, struct enc *e)
{
	json_t *a = json_array();
	const char *key, *value;

	for (size_t j = 0; a && j < host->statement_extra_count(doc, i); j++) {
		if (host->statement_extra_get(doc, i, j, &key, &value) != 0 ||
		    json_array_append_new(a, pair_new(key, value, e)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
statement_to_json(const cc_doc *doc, size_t i, struct enc *e)
{
	struct cc_statement s;
	json_t *o;

	if (host->statement_get(doc, i, &s) != 0 || (o = json_object()) == NULL)
		return NULL;
	if (put_str(o, "id", s.id, e) || put_str(o, "kind", host->statement_kind_name(s.kind), e) ||
	    put_str(o, "speaker", s.speaker, e) || put_str(o, "person", s.person, e) ||
	    put_str(o, "role", s.role, e) || put_str(o, "cue", s.cue, e) ||
	    put_str(o, "quote", s.quote, e))
		goto out_fail;
	if (s.block >= 0 && (put_count(o, "block", (uintmax_t)s.block, e) ||
	                     put_count(o, "start", s.start, e) || put_count(o, "end", s.end, e)))
		goto out_fail;
	if (host->statement_extra_count(doc, i) > 0 &&
	    json_object_set_new(o, "extras", extras_to_json(doc, i, e)) != 0)
		goto out_fail;
	return o;
out_fail:
	json_decref(o);
	return NULL;
}

static json_t *
statements_to_json(const cc_doc *doc, struct enc *e)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < host->statement_count(doc); i++) {
		if (json_array_append_new(a, statement_to_json(doc, i, e)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The whole document as one JSON object; NULL with e set on failure.
 * Members keep the order they are set in (jansson 2.8 and later). */
static json_t *
doc_to_json(const cc_doc *doc, struct enc *e)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (put_str(o, "id", host->doc_id(doc), e) ||
	    json_object_set_new(o, "metadata", metadata_to_json(doc, e)) ||
	    json_object_set_new(o, "blocks", blocks_to_json(doc, e)) ||
	    json_object_set_new(o, "persons", persons_to_json(doc, e)) ||
	    json_object_set_new(o, "statements", statements_to_json(doc, e))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The writer's state: only the output, but a real format keeps more. */
struct writer {
	cc_out *out;          /* borrowed from the host until write_end */
	unsigned long ndocs;
};

static int
jsonl_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct writer *w = host->malloc(sizeof(*w));

	if (w == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	w->out = out;
	w->ndocs = 0;
	*state = w;
	return CC_OK;
}

/* jansson's output callback: 0, or -1 to stop the dump. */
static int
dump_to_out(const char *buf, size_t size, void *data)
{
	return host->out_write(data, buf, size) == CC_OK ? 0 : -1;
}

static int
jsonl_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	struct enc e = { 0 };
	json_t *o = doc_to_json(doc, &e);
	int rc = CC_OK;

	if (o == NULL) {
		/* Nothing is written yet, so the output holds no half line. */
		if (e.field == NULL || !e.bad_utf8)
			return host->report(ctx, e.field ? CC_FAILED : CC_FATAL, 0, 0,
			                    "document %s: %s", host->doc_id(doc),
			                    e.field ? e.field : "out of memory");
		return host->report(ctx, CC_FAILED, 0, 0, "document %s: %s is not valid UTF-8",
		                    host->doc_id(doc), e.field);
	}
	/* A failed write is reported by the host when it closes the output. */
	if (json_dump_callback(o, dump_to_out, w->out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
	    host->out_write(w->out, "\n", 1) != CC_OK)
		rc = CC_FATAL;
	else
		w->ndocs++;
	json_decref(o);
	return rc;
}

static int
jsonl_write_end(cc_ctx *ctx, void *state, int abort)
{
	(void)ctx;
	(void)abort; /* nothing is buffered, so there is nothing to finish */
	host->free(state);
	return CC_OK;
}

/* --- the descriptor ---------------------------------------------------- */

static const char *const jsonl_extensions[] = { "jsonl", NULL };

/*
 * The probe hints (ABI 1.5): jsonl_probe scores above 0 only for a name
 * ending in ".jsonl" (the extension above) or for text whose first byte,
 * past a byte-order mark and white space, is '{' (this signature).  With
 * CC_FORMAT_HINTS the host opens this plugin to detect an input only
 * when one of them fits, and probe_unhinted promises 0 for the rest.
 */
static const struct cc_signature jsonl_signatures[] = {
	{ CC_SIGNATURE_TEXT, "{", 1 },
	{ 0, NULL, 0 },
};

static const struct cc_format jsonl_format = {
	.name = "jsonl-docs",
	.extensions = jsonl_extensions,
	.media_type = "application/jsonl",
	.description = "JSON Lines: one document per line, with its statements (example)",
	.flags = CC_FORMAT_READ | CC_FORMAT_WRITE | CC_FORMAT_STATEMENTS | CC_FORMAT_CONTAINER |
	         CC_FORMAT_HINTS,
	.probe = jsonl_probe,
	.read = jsonl_read,
	.write_begin = jsonl_write_begin,
	.write_doc = jsonl_write_doc,
	.write_end = jsonl_write_end,
	/* ABI 1.4: size says which fields after it are there; signatures
	 * and probe_unhinted are ABI 1.5 (read as CC_PLUGIN_HEADER declares
	 * minor >= 5 and flags have CC_FORMAT_HINTS) */
	.size = sizeof(struct cc_format),
	.signatures = jsonl_signatures,
	.probe_unhinted = CC_PROBE_NONE,
};

static const struct cc_format *const jsonl_formats[] = { &jsonl_format, NULL };

static const struct cc_plugin example_plugin = {
	CC_PLUGIN_HEADER,
	.name = "example",
	.version = "1.0.0",
	.description = "JSON Lines documents (the SDK example, jansson)",
	.formats = jsonl_formats,
	.filters = NULL,
};

/*
 * The one exported symbol.  It runs when the file is loaded, before the
 * host has checked the descriptor (and also for a plugin the host then
 * refuses or finds shadowed), so it does nothing but keep the table and
 * return the descriptor.
 */
const struct cc_plugin *
corpusconv_plugin_init(const struct cc_host *h)
{
	host = h;
	return &example_plugin;
}
