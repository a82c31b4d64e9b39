/*
 * write.c: writes documents as JSON Lines, one object per statement, with
 * the statement table's fields in the table's column order
 * (formats/csv/README.md): doc_id, statement_id, kind, speaker,
 * speaker_role, cue, quote, block, start, end, doc_date, doc_title,
 * doc_publisher, doc_source, confidence, then why when the statement has
 * one, then its extra fields by name.  A field the table leaves empty is
 * null; block, start and end are integers, confidence a number.  A
 * document without statements gets one object with its doc_* fields and
 * null statement fields, as it gets a row in the table, so that each line
 * is the table's row.  Encoded by jansson, never by hand.
 *
 * A document's lines are made whole before any is written: a document
 * refused (a confidence that is not a number from 0 to 1, text that is
 * not UTF-8) leaves no line.  This file must never print, and never write
 * anything but through host->out_write.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonl.h"

/* The host table of jsonl.h, under the name every plugin gives it. */
#define host jsonl_host

/* Enough digits to give back "0.93" as 0.93, never 0.93000000000000005. */
#define JSONL_DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* A document's encoded lines (host memory). */
struct lines {
	char *data;
	size_t len, cap;
};

struct writer {
	cc_out *out;         /* borrowed from the host until write_end */
	struct lines lines;  /* the current document's lines, owned */
};

/* What stopped an object: out of memory, or a field that cannot be
 * written (its name, borrowed from a static string or the document). */
struct refusal {
	const char *field;
	const char *why;
};

/* jansson's output callback: appends to a struct lines; 0, or -1 when
 * memory ran out. */
static int add_bytes(const char *buf, size_t size, void *data)
{
	struct lines *l = data;

	if (l->cap - l->len < size + 1) {
		size_t cap = l->cap ? l->cap : 1024;
		char *p;

		while (cap - l->len < size + 1)
			cap *= 2;
		if ((p = host->realloc(l->data, cap)) == NULL)
			return -1;
		l->data = p;
		l->cap = cap;
	}
	memcpy(l->data + l->len, buf, size);
	l->len += size;
	return 0;
}

/* Sets o[key] to the string value, or null when value is NULL.  0, or
 * -1 with *r saying why (jansson refuses text that is not UTF-8). */
static int put_string(json_t *o, const char *key, const char *value, struct refusal *r)
{
	json_t *v = value != NULL ? json_string(value) : json_null();

	if (v == NULL) {
		r->field = key;
		r->why = "is not valid UTF-8";
		return -1;
	}
	return json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

static int put_count(json_t *o, const char *key, size_t value)
{
	return json_object_set_new(o, key, json_integer((json_int_t)value)) == 0 ? 0 : -1;
}

/*
 * Sets o["confidence"] from the statement's confidence text: null when it
 * has none, else the number, which must be a plain decimal from 0 to 1
 * as the table allows it ("0.93", "1", ".5").  0, or -1 with *r set.
 */
static int put_confidence(json_t *o, const char *text, struct refusal *r)
{
	char *end;
	double v;

	if (text == NULL || text[0] == '\0')
		return json_object_set_new(o, "confidence", json_null()) == 0 ? 0 : -1;
	v = strtod(text, &end);
	if (strspn(text, "+0123456789.") != strlen(text) || *end != '\0' || !(v >= 0 && v <= 1)) {
		r->field = "confidence";
		r->why = "is not a number from 0 to 1";
		return -1;
	}
	return json_object_set_new(o, "confidence", json_real(v)) == 0 ? 0 : -1;
}

/* The document's doc_* fields, in the table's order. */
static int put_doc_fields(json_t *o, const cc_doc *doc, struct refusal *r)
{
	static const char *const field[] = { "doc_date", "doc_title", "doc_publisher",
	                                     "doc_source" };
	static const char *const key[] = { "date", "title", "publisher", "source" };

	for (size_t k = 0; k < sizeof(field) / sizeof(*field); k++)
		if (put_string(o, field[k], host->meta_find(doc, key[k]), r) != 0)
			return -1;
	return 0;
}

/* The object of a document without statements: its table row. */
static json_t *doc_object(const cc_doc *doc, struct refusal *r)
{
	static const char *const none[] = { "statement_id", "kind", "speaker", "speaker_role",
	                                    "cue", "quote", "block", "start", "end" };
	json_t *o = json_object();

	if (o == NULL || put_string(o, "doc_id", host->doc_id(doc), r) != 0)
		goto out_fail;
	for (size_t k = 0; k < sizeof(none) / sizeof(*none); k++)
		if (json_object_set_new(o, none[k], json_null()) != 0)
			goto out_fail;
	if (put_doc_fields(o, doc, r) != 0 || put_confidence(o, NULL, r) != 0)
		goto out_fail;
	return o;
out_fail:
	json_decref(o);
	return NULL;
}

/* The statement's confidence and why extra fields (the first of each
 * name), borrowed from the document; NULL when absent. */
static void find_standard_extras(const cc_doc *doc, size_t i, const char **confidence,
                                 const char **why)
{
	size_t n = host->statement_extra_count(doc, i);

	*confidence = *why = NULL;
	for (size_t j = 0; j < n; j++) {
		const char *key, *value;

		if (host->statement_extra_get(doc, i, j, &key, &value) != CC_OK)
			continue;
		if (strcmp(key, "confidence") == 0 && *confidence == NULL)
			*confidence = value != NULL ? value : "";
		else if (strcmp(key, "why") == 0 && *why == NULL)
			*why = value != NULL ? value : "";
	}
}

/* The statement's other extra fields, after the standard ones; a name the
 * object has already keeps its first value. */
static int put_other_extras(json_t *o, const cc_doc *doc, size_t i, struct refusal *r)
{
	size_t n = host->statement_extra_count(doc, i);

	for (size_t j = 0; j < n; j++) {
		const char *key, *value;

		if (host->statement_extra_get(doc, i, j, &key, &value) != CC_OK ||
		    json_object_get(o, key) != NULL)
			continue;
		if (put_string(o, key, value, r) != 0)
			return -1;
	}
	return 0;
}

/* The object of statement i; NULL with *r set (r->field NULL: out of
 * memory).  Speaker and role come from the statement's person when the
 * statement names only the person (TEI's who="#p1"), as in the table. */
static json_t *statement_object(const cc_doc *doc, size_t i, struct refusal *r)
{
	struct cc_statement s;
	struct cc_person p;
	const char *speaker, *role, *confidence, *why;
	json_t *o;

	if (host->statement_get(doc, i, &s) != CC_OK || (o = json_object()) == NULL)
		return NULL;
	speaker = s.speaker;
	role = s.role;
	if (s.person != NULL && (speaker == NULL || role == NULL)) {
		long found = host->person_find(doc, s.person);

		if (found >= 0 && host->person_get(doc, (size_t)found, &p) == CC_OK) {
			speaker = speaker != NULL ? speaker : p.name;
			role = role != NULL ? role : p.role;
		}
	}
	find_standard_extras(doc, i, &confidence, &why);
	if (put_string(o, "doc_id", host->doc_id(doc), r) != 0 ||
	    put_string(o, "statement_id", s.id, r) != 0 ||
	    put_string(o, "kind", host->statement_kind_name(s.kind), r) != 0 ||
	    put_string(o, "speaker", speaker, r) != 0 ||
	    put_string(o, "speaker_role", role, r) != 0 ||
	    put_string(o, "cue", s.cue, r) != 0 || put_string(o, "quote", s.quote, r) != 0)
		goto out_fail;
	if (s.block >= 0 ? put_count(o, "block", (size_t)s.block) != 0 ||
	                   put_count(o, "start", s.start) != 0 || put_count(o, "end", s.end) != 0
	                 : json_object_set_new(o, "block", json_null()) != 0 ||
	                   json_object_set_new(o, "start", json_null()) != 0 ||
	                   json_object_set_new(o, "end", json_null()) != 0)
		goto out_fail;
	if (put_doc_fields(o, doc, r) != 0 || put_confidence(o, confidence, r) != 0 ||
	    (why != NULL && put_string(o, "why", why, r) != 0) ||
	    put_other_extras(o, doc, i, r) != 0)
		goto out_fail;
	return o;
out_fail:
	json_decref(o);
	return NULL;
}

int jsonl_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct writer *w = host->malloc(sizeof(*w));

	if (w == NULL)
		return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	memset(w, 0, sizeof(*w));
	w->out = out;
	*state = w;
	return CC_OK;
}

int jsonl_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct writer *w = state;
	size_t n = host->statement_count(doc);

	w->lines.len = 0;
	for (size_t i = 0; i < n || (n == 0 && i == 0); i++) {
		struct refusal r = { NULL, NULL };
		json_t *o = n ? statement_object(doc, i, &r) : doc_object(doc, &r);
		int bad;

		if (o == NULL && r.field != NULL) {
			struct cc_statement s;
			const char *id = n && host->statement_get(doc, i, &s) == CC_OK && s.id ? s.id : "";
			return host->report(ctx, CC_FAILED, 0, 0, "document %s%s%s: %s %s",
			                    host->doc_id(doc), n ? ", statement " : "", id,
			                    r.field, r.why);
		}
		bad = o == NULL || json_dump_callback(o, add_bytes, &w->lines, JSONL_DUMP_FLAGS) != 0 ||
		      add_bytes("\n", 1, &w->lines) != 0;
		json_decref(o);
		if (bad)
			return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	}
	/* A failed write is reported by the host when it closes the output. */
	return host->out_write(w->out, w->lines.data, w->lines.len);
}

int jsonl_write_end(cc_ctx *ctx, void *state, int abort)
{
	struct writer *w = state;

	(void)ctx;
	(void)abort; /* each document is written whole: nothing waits */
	host->free(w->lines.data);
	host->free(w);
	return CC_OK;
}
