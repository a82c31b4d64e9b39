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

static int person_kind(int kind)
{
	switch (kind) {
	case ST_GROUP:
		return CC_PERSON_GROUP;
	case ST_ORG:
		return CC_PERSON_ORG;
	default:
		return CC_PERSON;
	}
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

/* Adds the persons of `res`; ids[i] gets a copy of person i's id (the
 * caller frees each with free()). */
static int add_persons(cc_ctx *ctx, cc_doc *doc, const struct st_result *res, char **ids)
{
	for (size_t i = 0; i < res->n_persons; i++) {
		const struct st_person *p = &res->persons[i];
		struct cc_person in = { NULL, p->name, p->role[0] ? p->role : NULL, NULL,
		                        person_kind(p->kind) };
		struct cc_person got;
		long at = host->person_add(doc, &in);
		if (at < 0 || host->person_get(doc, (size_t)at, &got) != CC_OK || !got.id)
			return host->report(ctx, CC_FAILED, 0, 0, "cannot add speaker '%s'", p->name);
		ids[i] = strdup(got.id);
		if (!ids[i])
			return host->report(ctx, CC_FAILED, 0, 0, "out of memory");
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
                      const struct st_result *res, bool explain)
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
	pkind = s->person >= 0 ? st_person_kind_name(res->persons[s->person].kind) : "?";
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
 * block, is made a string in one buffer reused for all of them. */
static int add_statements(cc_ctx *ctx, cc_doc *doc, const struct st_result *res,
                          char *const *ids)
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
		struct cc_statement st = {
			NULL, statement_kind(s->kind), s->speaker,
			s->person >= 0 ? ids[s->person] : NULL,
			s->role[0] ? s->role : NULL, s->cue, quote,
			(long)s->block, s->start, s->end
		};
		long at = host->statement_add(doc, &st);
		if (at < 0)
			rc = host->report(ctx, CC_FAILED, 0, 0, "cannot add a statement");
		else
			rc = add_extras(ctx, doc, at, s, res, explain);
	}
	free(quote);
	return rc;
}

static int statements_apply(cc_ctx *ctx, cc_doc *doc)
{
	size_t n = host->block_count(doc);
	struct st_block *blocks = calloc(n ? n : 1, sizeof *blocks);
	struct st_result res;
	char **ids = NULL;
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
	if (st_extract(blocks, n, &res) < 0) {
		rc = host->report(ctx, CC_FAILED, 0, 0, "out of memory extracting statements");
		goto out_free_blocks;
	}
	ids = calloc(res.n_persons ? res.n_persons : 1, sizeof *ids);
	if (!ids) {
		rc = host->report(ctx, CC_FAILED, 0, 0, "out of memory");
		goto out_free_result;
	}
	if (host->statement_count(doc) > 0)
		host->statement_clear(doc);
	rc = add_persons(ctx, doc, &res, ids);
	if (rc == CC_OK)
		rc = add_statements(ctx, doc, &res, ids);
	for (size_t i = 0; i < res.n_persons; i++)
		free(ids[i]);
	free(ids);
out_free_result:
	st_result_free(&res);
out_free_blocks:
	free(blocks);
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
