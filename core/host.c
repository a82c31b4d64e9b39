/*
 * host.c: the host table handed to every plugin, and the conversion
 * context behind it.  Everything a plugin can do to corpusconv goes
 * through cc_host_table; nothing here knows any format.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "internal.h"
#include "io.h"

/* --- contexts ---------------------------------------------------------- */

/* "dir/name.ext" -> "name.ext" */
static const char *
base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/*
 * A copy of the file name s that is UTF-8: each byte that starts no
 * well-formed sequence becomes U+FFFD.  The name becomes the documents'
 * "source" and their original's name, and the document model holds UTF-8
 * only (a Latin-1 file name on disk, or a zip entry's, would otherwise
 * reach every writer as invalid text).  The caller frees; NULL on OOM.
 */
static char *
utf8_name(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct cc_buf b = CC_BUF_INIT;
	size_t n;
	int bad = cc_buf_puts(&b, "");

	while (*p && !bad) {
		n = cc_utf8_len(p);
		bad = n ? cc_buf_append(&b, p, n) : cc_buf_puts(&b, "\xEF\xBF\xBD");
		p += n ? n : 1;
	}
	if (bad) {
		cc_buf_free(&b);
		return NULL;
	}
	return cc_buf_steal(&b);
}

int
cc_ctx_init(struct cc_ctx *ctx, struct cc_engine *eng, const char *name,
            struct cc_bytes *input, cc_doc_sink sink, void *user)
{
	const char *base = base_of(name), *dot;
	char *stem;

	memset(ctx, 0, sizeof(*ctx));
	ctx->eng = eng;
	ctx->sink = sink;
	ctx->sink_user = user;
	ctx->input = cc_bytes_ref(input);
	ctx->fd = -1;
	ctx->name = strdup(name);
	if (strcmp(name, "-") == 0)
		base = "stdin";
	ctx->base = utf8_name(base);
	if (ctx->name == NULL || ctx->base == NULL)
		return -1;
	/* The id comes from the name as given (cc_make_ncname makes it safe). */
	dot = strrchr(base, '.');
	stem = dot && dot != base ? strndup(base, (size_t)(dot - base)) : strdup(base);
	if (stem == NULL)
		return -1;
	ctx->stem_id = cc_make_ncname(stem);
	free(stem);
	return ctx->stem_id ? 0 : -1;
}

int
cc_ctx_set_source(struct cc_ctx *ctx, const char *rel)
{
	char *source = rel != NULL && *rel ? utf8_name(rel) : NULL;

	if (source == NULL)
		return rel != NULL && *rel ? -1 : 0;
	free(ctx->source);
	ctx->source = source;
	return 0;
}

void
cc_ctx_fini(struct cc_ctx *ctx)
{
	free(ctx->name);
	free(ctx->base);
	free(ctx->source);
	free(ctx->stem_id);
	free(ctx->dir);
	if (ctx->fd >= 0)
		close(ctx->fd);
	cc_bytes_unref(ctx->input);
	cc_buf_free(&ctx->errors);
	memset(ctx, 0, sizeof(*ctx));
}

void
cc_ctx_flush_errors(struct cc_ctx *ctx)
{
	char *line, *nl;

	if (ctx->errors.len == 0)
		return;
	for (line = ctx->errors.data; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		cc_message(ctx->eng, CC_MSG_ERROR, "%s", line);
	}
	ctx->errors.len = 0;
}

static int
host_vreport(cc_ctx *ctx, int code, long line, long col, const char *fmt, va_list ap)
{
	struct cc_buf b = CC_BUF_INIT;

	cc_buf_puts(&b, ctx->name);
	if (line > 0)
		cc_buf_printf(&b, ":%ld", line);
	if (line > 0 && col > 0)
		cc_buf_printf(&b, ":%ld", col);
	cc_buf_puts(&b, ": ");
	cc_buf_vprintf(&b, fmt, ap);
	if (b.data == NULL)
		return code;
	/* Messages are one line each: a newline inside would forge another
	 * (cc_message makes the rest of the control characters inert). */
	for (char *p = b.data; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (code >= CC_WARN && code < CC_OK) {
		cc_message(ctx->eng, CC_MSG_WARNING, "%s", b.data);
	} else if (code < CC_WARN) {
		/* Nested contexts hand their failures up to the top input. */
		struct cc_ctx *top = ctx;
		while (top->parent)
			top = top->parent;
		cc_buf_printf(&top->errors, "%s\n", b.data);
	}
	if (code < ctx->worst)
		ctx->worst = code;
	cc_buf_free(&b);
	return code;
}

static int
host_report(cc_ctx *ctx, int code, long line, long col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = host_vreport(ctx, code, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *
host_option(cc_ctx *ctx, const char *key)
{
	return cc_engine_option(ctx->eng, key);
}

static size_t
host_limit(cc_ctx *ctx, const char *key)
{
	return cc_engine_limit(ctx->eng, key);
}

/* --- inputs ------------------------------------------------------------ */

/* A cc_in is the context itself: its name and bytes. */
static const char *
host_in_name(const cc_in *in)
{
	return ((const struct cc_ctx *)in)->name;
}

static const unsigned char *
host_in_data(const cc_in *in, size_t *len)
{
	const struct cc_ctx *ctx = (const struct cc_ctx *)in;

	if (ctx->input == NULL) {
		*len = 0;
		return (const unsigned char *)"";
	}
	return cc_bytes_data(ctx->input, len);
}

static const char *
host_in_dir(const cc_in *in)
{
	return ((const struct cc_ctx *)in)->dir;
}

static int
host_in_fd(const cc_in *in)
{
	return ((const struct cc_ctx *)in)->fd;
}

static int
host_doc_sole(cc_ctx *ctx)
{
	return ctx->sole;
}

/* --- documents --------------------------------------------------------- */

static cc_doc *
host_doc_new(cc_ctx *ctx, const char *id)
{
	char idbuf[64];
	cc_doc *doc;

	ctx->ndocs++;
	if (id != NULL)
		return cc_doc_new(id);
	if (ctx->ndocs == 1)
		return cc_doc_new(ctx->stem_id);
	snprintf(idbuf, sizeof(idbuf), "-%lu", ctx->ndocs);
	{
		char *full = malloc(strlen(ctx->stem_id) + strlen(idbuf) + 1);
		if (full == NULL)
			return NULL;
		strcpy(full, ctx->stem_id);
		strcat(full, idbuf);
		doc = cc_doc_new(full);
		free(full);
	}
	return doc;
}

/*
 * Gives a document what the reader could not know: the input's path
 * relative to the input argument ("2023/article.txt" of folder "dup"; the
 * file name when there is none) as "source", the input's bytes as its
 * original, of that name, and the reader's format (a container's entry
 * keeps the format of the reader that made it).
 */
static int
attach_input(struct cc_ctx *ctx, cc_doc *doc)
{
	const char *source = ctx->source != NULL ? ctx->source : ctx->base;

	if (cc_doc_format(doc) == NULL && ctx->format != NULL)
		cc_doc_set_format(doc, ctx->format->name);
	if (cc_meta_find(doc, "source") == NULL && cc_meta_add(doc, "source", source) != 0)
		return -1;
	if (cc_original_get(doc, NULL, NULL, NULL) != 0 && ctx->input != NULL &&
	    cc_original_share(doc, source, ctx->input) != 0)
		return -1;
	return 0;
}

static int
host_emit(cc_ctx *ctx, cc_doc *doc)
{
	if (doc == NULL)
		return host_report(ctx, CC_FAILED, 0, 0, "out of memory");
	if (ctx->sink == NULL) {
		cc_doc_free(doc);
		return CC_OK;
	}
	if (attach_input(ctx, doc) != 0) {
		cc_doc_free(doc);
		return host_report(ctx, CC_FATAL, 0, 0, "out of memory");
	}
	return ctx->sink(ctx->sink_user, doc);
}

/* --- statements -------------------------------------------------------- */

/* Runs statement filter f on doc, as --statements says: never, or only
 * when doc has none (auto), or always, replacing what it had. */
static int
apply_statements(cc_ctx *ctx, cc_doc *doc, const struct cc_filter *f)
{
	struct cc_engine *eng = ctx->eng;

	if (eng->statements == CC_STATEMENTS_NEVER)
		return CC_OK;
	if (eng->statements == CC_STATEMENTS_AUTO && cc_statement_count(doc) > 0)
		return CC_OK;
	/* Only now, so a failed filter cannot leave a half set. */
	cc_statement_clear(doc);
	return f->apply(ctx, doc);
}

int
cc_ensure_statements(cc_ctx *ctx, cc_doc *doc)
{
	struct cc_engine *eng = ctx->eng;

	if (eng->statements == CC_STATEMENTS_NEVER)
		return CC_OK;
	if (eng->statements == CC_STATEMENTS_AUTO && cc_statement_count(doc) > 0)
		return CC_OK;
	for (size_t i = 0; i < eng->nfilters; i++) {
		const struct cc_filter *f;
		if (!(eng->filters[i].filter->flags & CC_FILTER_STATEMENTS))
			continue;
		/* Opened the first time a document needs it. */
		if ((f = cc_filter_open(eng, &eng->filters[i])) == NULL)
			return CC_FAILED;
		return apply_statements(ctx, doc, f);
	}
	if (atomic_exchange(&eng->warned_no_extractor, 1) == 0) {
		cc_message(eng, CC_MSG_WARNING,
		           "no statement extractor plugin loaded: tables will have no statements");
	}
	return CC_OK;
}

int
cc_run_filters(cc_ctx *ctx, cc_doc *doc, int wants_statements)
{
	struct cc_engine *eng = ctx->eng;
	int rc, worst = CC_OK, named_statements = 0;

	for (size_t i = 0; i < eng->nchain; i++) {
		const struct cc_filter *f = eng->chain[i]->real;

		if (f->flags & CC_FILTER_STATEMENTS) {
			named_statements = 1;
			rc = apply_statements(ctx, doc, f);
		} else {
			rc = f->apply(ctx, doc);
		}
		if (rc < CC_WARN)
			return rc;
		if (rc < worst)
			worst = rc;
	}
	if (wants_statements && !named_statements) {
		rc = cc_ensure_statements(ctx, doc);
		if (rc < worst)
			worst = rc;
	}
	return worst;
}

int
cc_engine_set_filters(cc_engine *eng, const char *names)
{
	char *copy = names && *names ? strdup(names) : NULL;

	if (names && *names && copy == NULL)
		return -1;
	free(eng->filter_names);
	eng->filter_names = copy;
	return 0;
}

/* The loaded filter called name, or NULL. */
static const struct cc_filter_rec *
filter_named(const struct cc_engine *eng, const char *name, size_t len)
{
	for (size_t i = 0; i < eng->nfilters; i++) {
		const char *n = eng->filters[i].filter->name;
		if (strlen(n) == len && strncasecmp(n, name, len) == 0)
			return &eng->filters[i];
	}
	return NULL;
}

/* Reports a name in --filter that no loaded plugin provides. */
static void
unknown_filter(struct cc_engine *eng, const char *name, size_t len)
{
	struct cc_buf b = CC_BUF_INIT;
	const char **names = calloc(eng->nfilters + 1, sizeof(*names)), *near[4];
	char *word = strndup(name, len);
	size_t nnear = 0;

	for (size_t i = 0; names && i < eng->nfilters; i++)
		names[i] = eng->filters[i].filter->name;
	cc_buf_printf(&b, "--filter: no filter '%s'", word ? word : "");
	if (names && word)
		nnear = cc_suggest(word, names, eng->nfilters, near, 4);
	for (size_t i = 0; i < nnear; i++)
		cc_buf_printf(&b, "%s'%s'", i == 0 ? "; did you mean " :
		              i + 1 == nnear ? " or " : ", ", near[i]);
	cc_buf_puts(&b, nnear ? "?" : " (see corpusconv formats)");
	cc_message(eng, CC_MSG_ERROR, "%s", b.data ? b.data : "--filter: unknown filter");
	cc_buf_free(&b);
	free(names);
	free(word);
}

int
cc_chain_resolve(struct cc_engine *eng)
{
	const char *p = eng->filter_names;

	eng->nchain = 0;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		const struct cc_filter_rec *r = filter_named(eng, p, len);

		if (len == 0) {
			cc_message(eng, CC_MSG_ERROR, "--filter: an empty name in '%s'",
			           eng->filter_names);
			return -1;
		}
		if (r == NULL) {
			unknown_filter(eng, p, len);
			return -1;
		}
		if (cc_filter_open(eng, r) == NULL)
			return -1;
		if (cc_grow(&eng->chain, &eng->capchain, eng->nchain + 1, sizeof(*eng->chain)))
			return -1;
		eng->chain[eng->nchain++] = r;
		p += len;
		p += *p == ',';
	}
	return 0;
}

/* --- nested formats ---------------------------------------------------- */

static const struct cc_format *
host_format_find(cc_ctx *ctx, const char *name)
{
	const struct cc_format_rec *r = cc_format_lookup(ctx->eng, name);

	return r ? cc_format_open(ctx->eng, r) : NULL;
}

/* The child's emit when the caller gave no sink: up to the parent. */
static int
to_parent(void *user, cc_doc *doc)
{
	return host_emit(user, doc);
}

static int
host_read_nested(cc_ctx *ctx, const struct cc_format *fmt, const char *name,
                 const void *data, size_t len, cc_doc_sink sink, void *user)
{
	struct cc_ctx child;
	struct cc_bytes *bytes;
	struct cc_buf full = CC_BUF_INIT;
	int rc;

	if (fmt == NULL || fmt->read == NULL)
		return host_report(ctx, CC_FAILED, 0, 0, "%s: no reader for it", name);
	bytes = cc_bytes_new(data, len);
	if (bytes == NULL || cc_buf_printf(&full, "%s: %s", ctx->name, name) != 0) {
		cc_bytes_unref(bytes);
		cc_buf_free(&full);
		return host_report(ctx, CC_FATAL, 0, 0, "out of memory");
	}
	if (cc_ctx_init(&child, ctx->eng, name, bytes, sink ? sink : to_parent,
	                sink ? user : ctx) != 0) {
		rc = host_report(ctx, CC_FATAL, 0, 0, "out of memory");
		goto out_free;
	}
	/* Messages name the container and the entry. */
	free(child.name);
	child.name = cc_buf_steal(&full);
	child.parent = ctx;
	child.format = fmt;
	rc = fmt->read(&child, (cc_in *)&child);
	if (child.worst < rc)
		rc = child.worst;
	if (rc < CC_WARN) {
		/* One entry of a container is lost: counted as a lost document
		 * of the top input, which the container may still read on. */
		struct cc_ctx *top = ctx;
		while (top->parent)
			top = top->parent;
		top->lost++;
	}
	cc_ctx_fini(&child);
out_free:
	cc_bytes_unref(bytes);
	cc_buf_free(&full);
	return rc;
}

/* --- memory ------------------------------------------------------------ */

static void *
host_malloc(size_t n)
{
	return malloc(n ? n : 1);
}

static void *
host_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}

static char *
host_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static cc_out *
host_out_mem_new(const char *name)
{
	return cc_out_mem(name);
}

const struct cc_host cc_host_table = {
	.abi_major = CC_ABI_MAJOR,
	.abi_minor = CC_ABI_MINOR,
	.size = sizeof(struct cc_host),
	.version = PACKAGE_VERSION,
	.malloc = host_malloc,
	.realloc = host_realloc,
	.free = free,
	.strdup = host_strdup,
	.report = host_report,
	.vreport = host_vreport,
	.option = host_option,
	.limit = host_limit,
	.in_name = host_in_name,
	.in_data = host_in_data,
	.out_write = cc_out_write,
	.out_name = cc_out_name,
	.out_mem_new = host_out_mem_new,
	.out_mem_data = cc_out_mem_data,
	.out_free = cc_out_free,
	.doc_new = host_doc_new,
	.doc_free = cc_doc_free,
	.emit = host_emit,
	.doc_id = cc_doc_id,
	.doc_set_id = cc_doc_set_id,
	.meta_add = cc_meta_add,
	.meta_set = cc_meta_set,
	.meta_count = cc_meta_count,
	.meta_get = cc_meta_get,
	.meta_find = cc_meta_find,
	.block_add = cc_block_add,
	.block_count = cc_block_count,
	.block_get = cc_block_get,
	.block_set_kind = cc_block_set_kind,
	.person_add = cc_person_add,
	.person_count = cc_person_count,
	.person_get = cc_person_get,
	.person_find = cc_person_find,
	.statement_add = cc_statement_add,
	.statement_count = cc_statement_count,
	.statement_get = cc_statement_get,
	.statement_clear = cc_statement_clear,
	.statement_extra_add = cc_statement_extra_add,
	.statement_extra_count = cc_statement_extra_count,
	.statement_extra_get = cc_statement_extra_get,
	.original_set = cc_original_set,
	.original_get = cc_original_get,
	.block_kind_name = cc_block_kind_name,
	.block_kind_parse = cc_block_kind_parse,
	.statement_kind_name = cc_statement_kind_name,
	.statement_kind_parse = cc_statement_kind_parse,
	.person_kind_name = cc_person_kind_name,
	.person_kind_parse = cc_person_kind_parse,
	.format_find = host_format_find,
	.read_nested = host_read_nested,
	.ensure_statements = cc_ensure_statements,
	.in_dir = host_in_dir,
	.doc_sole = host_doc_sole,
	.original_serial = cc_original_serial,
	.doc_format = cc_doc_format,
	.block_set_text = cc_block_set_text,
	.statement_set = cc_statement_set,
	.statement_remove = cc_statement_remove,
	.original_mtime = cc_original_mtime,
	.original_set_mtime = cc_original_set_mtime,
	.in_fd = host_in_fd,
};
