/*
 * plugin.c: the statement extractor as a corpusconv filter plugin.  Reads a
 * document's blocks through the host table, runs the extractor (extract.c)
 * on the body paragraphs and captions, and adds the speakers as persons and
 * the statements, anchored in their blocks, to the document.
 *
 * A filter with no formats.  Reaches the host only through the table given
 * at init; never prints, never keeps state between documents.
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpusconv-plugin.h"
#include "extract.h"

static const struct cc_host *host;

static int block_use(int kind)
{
	switch (kind) {
	case CC_BLOCK_PARAGRAPH:
		return ST_BLOCK_TEXT;
	case CC_BLOCK_CAPTION:
		return ST_BLOCK_CAPTION;
	default: /* title, subtitle, dateline, byline, heading, boilerplate */
		return ST_BLOCK_SKIP;
	}
}

/* The extractor's kinds of person and the document's, side by side. */
static const struct {
	int st, cc;
} person_kinds[] = {
	{ ST_PERSON, CC_PERSON },
	{ ST_GROUP, CC_PERSON_GROUP },
	{ ST_ORG, CC_PERSON_ORG },
};

/* The document's kind of a person of the extractor's kind `kind`. */
static int person_kind(int kind)
{
	for (size_t i = 0; i < sizeof person_kinds / sizeof *person_kinds; i++)
		if (person_kinds[i].st == kind)
			return person_kinds[i].cc;
	return CC_PERSON;
}

/* The extractor's kind of a person of the document's kind `kind`. */
static int person_st_kind(int kind)
{
	for (size_t i = 0; i < sizeof person_kinds / sizeof *person_kinds; i++)
		if (person_kinds[i].cc == kind)
			return person_kinds[i].st;
	return ST_PERSON;
}

static int statement_kind(int kind)
{
	switch (kind) {
	case ST_PARTIAL:
		return CC_STATEMENT_PARTIAL;
	case ST_INDIRECT:
		return CC_STATEMENT_INDIRECT;
	default:
		return CC_STATEMENT_DIRECT;
	}
}

/* Adds the persons of `res`, person i at index base + i, where base is
 * the document's count of persons before them (person_add appends).  No
 * copy of their ids is kept: a text may name a hundred thousand
 * speakers, and a copy of each cost 32 bytes of heap (issue 19, case 8). */
static int add_persons(cc_ctx *ctx, cc_doc *doc, const struct st_result *res, size_t base)
{
	for (size_t i = 0; i < res->n_persons; i++) {
		const struct st_person *p = &res->persons[i];
		struct cc_person in = { NULL, p->name, p->role[0] ? p->role : NULL, NULL,
		                        person_kind(p->kind) };
		long k = host->person_add(doc, &in);
		if (k < 0 || (size_t)k != base + i)
			return host->report(ctx, CC_FAILED, 0, 0, "cannot add speaker '%s'", p->name);
	}
	return CC_OK;
}

/* Whether the user asked for a `why` beside each statement
 * (--set statements-explain=1). */
static bool explain_wanted(cc_ctx *ctx)
{
	const char *v = host->option ? host->option(ctx, "statements-explain") : NULL;

	return v && (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true"));
}

/* A new string of fmt and its arguments, sized to fit (a speaker may be a
 * long description, and a cut could split a UTF-8 character); the caller
 * frees it.  NULL when memory ran out. */
static char *format_new(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(p = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

#define WHY_FORMAT "%s %s; frame: %s; cue: %s; speaker: %s%s -> %s (%s)"

/* The statement's confidence and, when asked, why it was found as it was:
 * statement extras that the writers carry as the confidence and why
 * columns (CSV) and @cert and a note (TEI). */
static int add_extras(cc_ctx *ctx, cc_doc *doc, long at, const struct st_statement *s,
                      int person_kind_cc, bool explain)
{
	char conf[16], *why;
	const char *kind, *carried, *pkind;
	int rc = CC_OK;

	snprintf(conf, sizeof conf, "%.2f", s->confidence);
	if (host->statement_extra_add(doc, (size_t)at, "confidence", conf) != CC_OK)
		return host->report(ctx, CC_FAILED, 0, 0, "cannot add a statement's confidence");
	if (!explain)
		return CC_OK;
	kind = s->kind == ST_INDIRECT ? "speech" : "quote";
	carried = s->frame == ST_FR_CONTINUED || s->frame == ST_FR_NEXT_PARA ?
	                  "the previous quote's: " : "";
	pkind = s->person >= 0 ? st_person_kind_name(person_st_kind(person_kind_cc)) : "?";
	why = format_new(WHY_FORMAT, st_kind_name(s->kind), kind, st_frame_text(s->frame), s->cue,
	                 carried, st_how_text(s->how), s->speaker, pkind);
	if (!why)
		return host->report(ctx, CC_FAILED, 0, 0, "out of memory");
	if (host->statement_extra_add(doc, (size_t)at, "why", why) != CC_OK)
		rc = host->report(ctx, CC_FAILED, 0, 0, "cannot add a statement's why");
	free(why);
	return rc;
}

/* The host copies each field of a statement: the quote, borrowed from the
 * block, is made a string in one buffer reused for all of them; the
 * person's id is borrowed from the document (person `base` is res's
 * first) until statement_add copies it. */
static int add_statements(cc_ctx *ctx, cc_doc *doc, const struct st_result *res, size_t base)
{
	char *quote = NULL;
	size_t cap = 0;
	int rc = CC_OK;
	bool explain = explain_wanted(ctx);

	for (size_t i = 0; i < res->n_statements && rc == CC_OK; i++) {
		const struct st_statement *s = &res->statements[i];
		size_t n = s->end - s->start;
		if (n >= cap) {
			char *p = realloc(quote, n + 1);
			if (!p) {
				rc = host->report(ctx, CC_FAILED, 0, 0, "out of memory");
				break;
			}
			quote = p;
			cap = n + 1;
		}
		memcpy(quote, s->quote, n);
		quote[n] = 0;
		struct cc_person p = { NULL, NULL, NULL, NULL, 0 };
		if (s->person >= 0 &&
		    (host->person_get(doc, base + (size_t)s->person, &p) != CC_OK || !p.id)) {
			rc = host->report(ctx, CC_FAILED, 0, 0, "cannot find speaker '%s'",
			                  s->speaker);
			break;
		}
		struct cc_statement st = {
			NULL, statement_kind(s->kind), s->speaker, p.id,
			s->role[0] ? s->role : NULL, s->cue, quote,
			(long)s->block, s->start, s->end
		};
		long at = host->statement_add(doc, &st);
		if (at < 0)
			rc = host->report(ctx, CC_FAILED, 0, 0, "cannot add a statement");
		else
			rc = add_extras(ctx, doc, at, s, p.kind, explain);
	}
	free(quote);
	return rc;
}

static int statements_apply(cc_ctx *ctx, cc_doc *doc)
{
	size_t n = host->block_count(doc);
	struct st_block *blocks = calloc(n ? n : 1, sizeof *blocks);
	struct st_result res;
	size_t base;
	int rc = CC_OK;

	if (!blocks)
		return host->report(ctx, CC_FAILED, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int kind = CC_BLOCK_BOILERPLATE;
		const char *text = NULL;
		size_t len = 0;
		if (host->block_get(doc, i, &kind, &text, &len) != CC_OK || !text)
			kind = CC_BLOCK_BOILERPLATE;
		blocks[i].text = text ? text : "";
		blocks[i].len = text ? len : 0;
		blocks[i].kind = block_use(kind);
	}
	rc = st_extract(blocks, n, &res);
	/* The result's quotes point into the document's texts, not here:
	 * the blocks go before the statements are added. */
	free(blocks);
	if (rc < 0)
		return host->report(ctx, CC_FAILED, 0, 0, "out of memory extracting statements");
	if (host->statement_count(doc) > 0)
		host->statement_clear(doc);
	base = host->person_count(doc);
	rc = add_persons(ctx, doc, &res, base);
	/* The statements need no more of the persons than the document
	 * holds now. */
	st_result_forget_persons(&res);
	if (rc == CC_OK)
		rc = add_statements(ctx, doc, &res, base);
	st_result_free(&res);
	return rc;
}

static const struct cc_option options[] = {
	{ "statements-explain", CC_OPTION_BOOL, "0",
	  "say beside each statement which rule found it (a why column)", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_filter statements_filter = {
	"statements",
	"finds direct, partial and indirect statements and their speakers",
	CC_FILTER_STATEMENTS,
	statements_apply,
	sizeof(struct cc_filter),
	options,
};

static const struct cc_filter *const filters[] = { &statements_filter, NULL };

static const struct cc_plugin plugin = {
	CC_PLUGIN_HEADER,
	"statements",
	PACKAGE_VERSION,
	"statement extraction: who said what, by rules for English news",
	NULL,
	filters,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *h)
{
	if (!h || h->abi_major != CC_ABI_MAJOR)
		return NULL;
	host = h;
	return &plugin;
}
