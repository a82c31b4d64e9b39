/*
 * pipeline.c: one input through reader -> [filters] -> writer, one
 * document at a time.  Decides where each document's output goes (the
 * gathered output, one file per input, or stdout) and makes sure a failure
 * loses only the document or input it belongs to and never leaves a
 * partial file under a final name.  Safe to run in several threads at
 * once: shared state is the run's, behind run->lock.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "pipeline.h"

#define PROBE_BYTES 4096
#define PROBE_PAD 16

/* One input being converted. */
struct conv {
	struct cc_run *run;
	const struct cc_input *in;
	struct cc_ctx *ctx;
	struct cc_result *res;
	const struct cc_format *from;   /* the input's reader */
	struct cc_sink per_input;       /* -d with a container writer */
	cc_doc *pending;                /* -d, plain writer: the first document,
	                                   held until we know if more follow */
	double since;                   /* when the current document's time began
	                                   (--timeout held in the process) */
};

/* --- messages ---------------------------------------------------------- */

/* Keeps the first error of an input for --report. */
static void
remember(struct cc_result *res, const char *msg)
{
	const char *nl = strchr(msg, '\n');

	if (res->message.len == 0)
		cc_buf_append(&res->message, msg, nl ? (size_t)(nl - msg) : strlen(msg));
}

static void
flush_errors(struct conv *c)
{
	if (c->ctx->errors.len)
		remember(c->res, c->ctx->errors.data);
	cc_ctx_flush_errors(c->ctx);
}

static void
conv_error(struct conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
conv_error(struct conv *c, const char *fmt, ...)
{
	struct cc_buf b = CC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.data) {
		remember(c->res, b.data);
		cc_message(c->run->eng, CC_MSG_ERROR, "%s", b.data);
	}
	cc_buf_free(&b);
}

/* --- format detection -------------------------------------------------- */

/* Whether CORPUSCONV_DEBUG names "hints": then every reader is probed,
 * and one whose probe scores above what it declares for an input (or
 * folder) its hints do not fit is named in a warning, so that the tests
 * can hold plugins to their declarations (nothing else reads it). */
static int
debug_hints(void)
{
	const char *debug = getenv("CORPUSCONV_DEBUG");

	return debug && strstr(debug, "hints") != NULL;
}

/* The score of reader r for buf[0..n) (zero-padded) named name, its
 * plugin opened for it; 0 when it has no probe or cannot be opened. */
static int
probe_one(struct cc_engine *eng, const struct cc_format_rec *r, const unsigned char *buf,
          size_t n, const char *name)
{
	const struct cc_format *f = cc_format_open(eng, r);
	int score;

	if (f == NULL || f->probe == NULL)
		return 0;
	score = f->probe(buf, n, name);
	return score < 0 ? 0 : score > CC_PROBE_MAX ? CC_PROBE_MAX : score;
}

/*
 * Fills score[i] for every reader i the input needs probed: first the
 * readers whose probe hints fit it (and those that declare none), then
 * the others whose probe_unhinted could still match or beat the best
 * score of those, so that the scores that decide are the ones probing
 * every reader would give, and a reader whose hints do not fit stays
 * closed.  Readers not probed score 0.  fits[i] is scratch.
 */
static void
probe_readers(struct cc_engine *eng, const unsigned char *buf, size_t n, const char *name,
              int *score, int *fits)
{
	int best = 0, check = debug_hints();

	for (size_t i = 0; i < eng->nformats; i++) {
		const struct cc_format_rec *r = &eng->formats[i];
		score[i] = 0;
		if (!(r->fmt->flags & CC_FORMAT_READ))
			continue;
		if ((fits[i] = cc_hints_fit(r, buf, n, name)) || check)
			score[i] = probe_one(eng, r, buf, n, name);
		if (fits[i] && score[i] > best)
			best = score[i];
	}
	for (size_t i = 0; i < eng->nformats; i++) {
		const struct cc_format_rec *r = &eng->formats[i];
		if (!(r->fmt->flags & CC_FORMAT_READ) || fits[i])
			continue;
		if (check && score[i] > r->unhinted)
			cc_message(eng, CC_MSG_WARNING, "%s: format %s of %s scored %d, above the %d "
			           "it declares for an input its probe hints do not fit",
			           name ? name : "stdin", r->fmt->name, r->plugin ? r->plugin->path : "?",
			           score[i], r->unhinted);
		else if (!check && r->unhinted > 0 && r->unhinted >= best)
			score[i] = probe_one(eng, r, buf, n, name);
	}
}

/* The format whose probe scores the input's first bytes data[0..len)
 * highest, or NULL (reported) when none or several do. */
static const struct cc_format *
detect(struct conv *c, const unsigned char *data, size_t len)
{
	unsigned char buf[PROBE_BYTES + PROBE_PAD];
	struct cc_engine *eng = c->run->eng;
	const char *name = c->in->path;
	const struct cc_format *best = NULL;
	struct cc_buf tied = CC_BUF_INIT;
	int best_score = 0, ties = 0, *score;
	size_t n;

	/* score[0..nformats), then probe_readers' scratch */
	if ((score = calloc(2 * eng->nformats + 1, sizeof(*score))) == NULL) {
		conv_error(c, "%s: out of memory", name);
		return NULL;
	}
	n = len < PROBE_BYTES ? len : PROBE_BYTES;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, data, n);
	probe_readers(eng, buf, n, strcmp(name, "-") == 0 ? NULL : name, score,
	              score + eng->nformats);
	for (size_t i = 0; i < eng->nformats; i++) {
		const struct cc_format *f = eng->formats[i].real;

		if (score[i] > best_score) {
			best = f;
			best_score = score[i];
			ties = 0;
			tied.len = 0;
			cc_buf_puts(&tied, f->name);
		} else if (score[i] == best_score && score[i] > 0) {
			ties++;
			cc_buf_printf(&tied, ", %s", f->name);
		}
	}
	free(score);
	if (best == NULL)
		conv_error(c, "%s: cannot tell its format; name it with -f (see corpusconv formats)",
		           name);
	else if (ties)
		conv_error(c, "%s: ambiguous format (%s all score %d); name it with -f", name,
		           tied.data, best_score);
	cc_buf_free(&tied);
	return ties ? NULL : best;
}

int
cc_probe_folder(cc_engine *eng, const char *path, const struct cc_format **fmt)
{
	static const unsigned char zeros[PROBE_PAD];
	struct cc_buf name = CC_BUF_INIT;
	int best = 0;

	*fmt = NULL;
	if (cc_buf_printf(&name, "%s/", path) != 0)
		return 0;
	for (size_t i = 0; i < eng->nformats; i++) {
		const struct cc_format_rec *r = &eng->formats[i];
		const struct cc_format *f = r->fmt;
		int score, fits;

		if ((f->flags & (CC_FORMAT_READ | CC_FORMAT_FOLDERS)) !=
		    (CC_FORMAT_READ | CC_FORMAT_FOLDERS) ||
		    (!(fits = cc_hints_fit_folder(r, path)) && !debug_hints()) ||
		    (f = cc_format_open(eng, r)) == NULL || f->probe == NULL)
			continue;
		score = f->probe(zeros, 0, name.data);
		if (!fits && score > r->unhinted) /* only with debug_hints() */
			cc_message(eng, CC_MSG_WARNING, "%s: format %s of %s scored %d, above the %d "
			           "it declares for a folder its probe hints do not fit",
			           name.data, f->name, r->plugin ? r->plugin->path : "?", score,
			           r->unhinted);
		if (score > best) {
			best = score;
			*fmt = f;
		}
	}
	cc_buf_free(&name);
	return best;
}

/* --- outputs ----------------------------------------------------------- */

static int
sink_open(struct cc_run *run, struct cc_ctx *ctx, struct cc_sink *s, const char *path,
          struct cc_result *res)
{
	const char *why = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->out = path && strcmp(path, "-") != 0 ? cc_out_file(path, &why) : cc_out_stdout();
	if (s->out == NULL) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: cannot create: %s", path ? path : "<stdout>",
		           why ? why : "out of memory");
		if (res)
			cc_buf_printf(&res->message, "%s: cannot create: %s", path, why ? why : "");
		return CC_FAILED;
	}
	rc = run->to->write_begin(ctx, s->out, &s->state);
	if (rc < CC_WARN) {
		cc_ctx_flush_errors(ctx);
		cc_out_discard(s->out);
		s->out = NULL;
		return rc;
	}
	s->begun = 1;
	return CC_OK;
}

/* When out (may be NULL) has failed, keeps why for --report: the
 * system's reason, which is often why a document was not converted. */
static void
remember_out(struct cc_result *res, const cc_out *out)
{
	struct cc_buf b = CC_BUF_INIT;

	if (res == NULL || out == NULL || !cc_out_failed(out))
		return;
	if (cc_buf_printf(&b, "%s: cannot write: %s", cc_out_name(out),
	                  strerror(cc_out_error(out))) == 0)
		remember(res, b.data);
	cc_buf_free(&b);
}

/* Ends the writer and commits the file; with abort, discards it.  A
 * failure's reason goes to res (NULL: none) as well as to stderr. */
static int
sink_close(struct cc_run *run, struct cc_ctx *ctx, struct cc_sink *s, int abort,
           struct cc_result *res)
{
	const char *why;
	int rc = CC_OK;

	if (s->out == NULL)
		return CC_OK;
	if (s->begun)
		rc = run->to->write_end(ctx, s->state, abort);
	s->begun = 0;
	cc_ctx_flush_errors(ctx);
	if (abort || rc < CC_WARN || cc_out_failed(s->out)) {
		/* Aborted or not, a failed write is said with the system's
		 * reason: it is often why the run was aborted. */
		if (cc_out_failed(s->out))
			cc_message(run->eng, CC_MSG_ERROR, "%s: cannot write: %s", cc_out_name(s->out),
			           strerror(cc_out_error(s->out)));
		remember_out(res, s->out);
		cc_out_discard(s->out);
		s->out = NULL;
		return abort ? CC_OK : CC_FAILED;
	}
	/* cc_out_commit frees the output, name included: keep a copy. */
	char *name = strdup(cc_out_name(s->out));
	if (cc_out_commit(s->out, &why) != 0) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: %s", name ? name : "output", why);
		if (res)
			cc_buf_printf(&res->message, "%s%s: %s", res->message.len ? "; " : "",
			              name ? name : "output", why);
		free(name);
		s->out = NULL;
		return CC_FAILED;
	}
	free(name);
	s->out = NULL;
	return CC_OK;
}

/* Writes doc; `sole` says it is known to be the output's only document
 * (host->doc_sole). */
static int
sink_write(struct cc_run *run, struct cc_ctx *ctx, struct cc_sink *s, const cc_doc *doc,
           int sole)
{
	int rc;

	ctx->sole = sole && s->ndocs == 0;
	rc = run->to->write_doc(ctx, s->state, doc);
	ctx->sole = 0;
	s->ndocs++;
	return rc;
}

/* Does the input's reader give at most one document? */
static int
one_doc(const struct cc_format *from)
{
	return from != NULL && (from->flags & CC_FORMAT_ONE_DOC);
}

/*
 * Expands an --output-template: {dir} the input's folder relative to the
 * folder named on the command line ("" at the top), {stem} its file name
 * without extension, {name} its file name, {ext} the output format's
 * extension, {id} the document id (the stem for a whole input).  Returns
 * 0, or -1 naming the first unknown placeholder in *bad.
 */
int
cc_expand_template(struct cc_buf *b, const char *tpl, const struct cc_input *in,
                   const char *ext, const char *id, const char **bad)
{
	const char *rel = in->rel, *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	const char *dot = strrchr(name, '.');
	int nstem = (int)(dot && dot != name ? (size_t)(dot - name) : strlen(name));
	int ndir = slash ? (int)(slash - rel) : 0;
	int rc = 0;

	*bad = NULL;
	for (const char *p = tpl; *p && rc == 0; p++) {
		if (*p != '{')
			rc = cc_buf_append(b, p, 1);
		else if (strncmp(p, "{dir}", 5) == 0)
			rc = cc_buf_printf(b, "%.*s", ndir, rel);
		else if (strncmp(p, "{stem}", 6) == 0)
			rc = cc_buf_printf(b, "%.*s", nstem, name);
		else if (strncmp(p, "{name}", 6) == 0)
			rc = cc_buf_puts(b, name);
		else if (strncmp(p, "{ext}", 5) == 0)
			rc = cc_buf_puts(b, ext);
		else if (strncmp(p, "{id}", 4) == 0)
			rc = id ? cc_buf_puts(b, id) : cc_buf_printf(b, "%.*s", nstem, name);
		else {
			*bad = p;
			return -1;
		}
		if (*p == '{')
			p = strchr(p, '}');
	}
	return rc;
}

/*
 * The output path of an input (id NULL: the whole input) or of one of its
 * documents: by default DIR/REL with the extension replaced, and several
 * documents of one input as DIR/REL-STEM/ID.EXT; with --output-template,
 * the template expanded (under DIR when -d is given too).  The caller
 * frees the result.
 */
char *
cc_output_path(const struct cc_run *run, const struct cc_input *in, const char *id,
               int several)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *rel = in->rel, *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	const char *dot = strrchr(name, '.'), *bad;
	size_t stem = dot && dot != name ? (size_t)(dot - rel) : strlen(rel);

	/* A document id comes from the input: made an NCName (no '/', no
	 * leading '.') before it names a file, so it cannot leave the folder. */
	char *safe = id ? cc_make_ncname(id) : NULL;

	if (id && safe == NULL)
		return NULL;
	if (run->job->output_template) {
		if ((run->job->output_dir && cc_buf_printf(&b, "%s/", run->job->output_dir) != 0) ||
		    cc_expand_template(&b, run->job->output_template, in, run->ext, safe, &bad) != 0) {
			cc_buf_free(&b);
			free(safe);
			return NULL;
		}
		free(safe);
		/* An empty {dir} leaves "a//b": fold it. */
		if (b.data) {
			char *w = b.data;
			for (const char *r = b.data; *r; r++)
				if (!(r[0] == '/' && r[1] == '/'))
					*w++ = *r;
			*w = '\0';
		}
		return b.data;
	}
	/* A failed append would leave a shorter, wrong path: check each. */
	if (cc_buf_printf(&b, "%s/%.*s", run->job->output_dir, (int)stem, rel) != 0 ||
	    (safe && several && cc_buf_printf(&b, "/%s", safe) != 0) ||
	    cc_buf_printf(&b, ".%s", run->ext) != 0) {
		cc_buf_free(&b);
		b.data = NULL;
	}
	free(safe);
	return b.data;
}

/* Do the two paths name one existing file? */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * An output an earlier run wrote from another input, which still exists
 * (the journal says so), is not replaced: two shards run one after the
 * other must not overwrite each other's documents either.  Returns 0, or
 * -1 after saying so.
 */
static int
earlier_owner(struct cc_run *run, const char *input, const char *path, struct cc_result *res)
{
	const char *owner = run->journal ? cc_journal_owner(run->journal, path) : NULL;

	if (owner == NULL || strcmp(owner, input) == 0 || access(owner, F_OK) != 0)
		return 0;
	cc_message(run->eng, CC_MSG_ERROR, "%s: output %s was written from %s by an earlier run "
	           "(%s): not replaced", input, path, owner, run->journal->path);
	if (res)
		cc_buf_printf(&res->message, "%soutput %s was written from %s by an earlier run",
		              res->message.len ? "; " : "", path, owner);
	return -1;
}

/*
 * Claims path across processes (io.h, cc_claim_output), so that two
 * shards or two runs at once never both write it: the second fails for
 * this input, loudly.  Only a file (or a path not there yet) is claimed;
 * a device or a FIFO is written in place.  `input` names who wants it;
 * res (may be NULL) gets the reason.  Returns 0 or -1.
 */
static int
claim_across_runs(struct cc_run *run, const char *input, const char *path,
                  struct cc_result *res)
{
	struct stat st;
	long owner;
	int rc;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return 0;
	if (earlier_owner(run, input, path, res) != 0)
		return -1;
	if ((rc = cc_claim_output(path, &owner)) == 0)
		return 0;
	if (rc == 2 && owner == (long)getpid())
		cc_message(run->eng, CC_MSG_ERROR, "%s: output %s is a file another input of this "
		           "run writes, under another name: not converted", input, path);
	else if (rc == 2)
		/* With --isolate: the claim of another process of this run (the
		 * main one, or a worker), under this name or another. */
		cc_message(run->eng, CC_MSG_ERROR, "%s: output %s is a file another input of this "
		           "run writes (its claim is held by pid %ld of this run): not converted",
		           input, path, owner);
	else if (rc == 1 && owner > 0)
		cc_message(run->eng, CC_MSG_ERROR, "%s: output %s is being written by another run "
		           "of corpusconv (pid %ld): not converted", input, path, owner);
	else if (rc == 1)
		cc_message(run->eng, CC_MSG_ERROR, "%s: output %s is claimed by another run of "
		           "corpusconv (its claim file .%s.ccclaim names no process here): not "
		           "converted", input, path, strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	else
		cc_message(run->eng, CC_MSG_ERROR, "%s: output %s: cannot claim: %s", input, path,
		           strerror(errno));
	if (res)
		cc_buf_printf(&res->message, "%soutput %s is claimed by %s",
		              res->message.len ? "; " : "", path,
		              rc == 2 ? "another input" : "another run");
	return -1;
}

/* Claims an output path for this input.  Returns 0, or -1 when the path
 * is taken already in this run (the second would overwrite the first),
 * with a message unless `quiet`; -2 on exhausted memory, or when the
 * path is the input itself (never replaced by its own output). */
static int
claim_path(struct conv *c, const char *path, int quiet)
{
	struct cc_run *run = c->run;
	int rc;

	if (!c->in->is_dir && same_file(path, c->in->path)) {
		conv_error(c, "%s: output %s is the input itself: not replaced", c->in->path, path);
		return -2;
	}
	pthread_mutex_lock(&run->lock);
	rc = cc_strset_add(&run->written, path);
	if (rc == 1)
		cc_remove_stale(run, path);
	pthread_mutex_unlock(&run->lock);
	if (rc == 1 && claim_across_runs(run, c->in->path, path, c->res) != 0)
		return -2;
	if (rc == 0 && !quiet)
		conv_error(c, "%s: output %s is already written by another input", c->in->path, path);
	else if (rc < 0)
		conv_error(c, "%s: out of memory", c->in->path);
	else if (rc == 1 && (cc_buf_printf(&c->res->outputs, "%s%s", c->res->outputs.len ? ", " : "",
	                                   path) != 0 ||
	                     (c->res->journal_outputs.len &&
	                      cc_buf_puts(&c->res->journal_outputs, "\t") != 0) ||
	                     cc_journal_escape(&c->res->journal_outputs, path) != 0))
		conv_error(c, "%s: out of memory", c->in->path);
	return rc == 1 ? 0 : rc == 0 ? -1 : -2;
}

/*
 * Claims the path of one of several documents of an input.  Two documents
 * of one input with the same id (a teiCorpus, a table) both convert: the
 * later one becomes ID-2, ID-3, ... with a warning.  The caller frees.
 */
static char *
claim_document_path(struct conv *c, const cc_doc *doc, int several)
{
	struct cc_buf id = CC_BUF_INIT;
	char *path = cc_output_path(c->run, c->in, cc_doc_id(doc), several);
	int rc;

	if (path == NULL || (rc = claim_path(c, path, several)) == 0)
		return path;
	for (unsigned k = 2; rc == -1 && several && k <= 1000; k++) {
		free(path);
		id.len = 0;
		if (cc_buf_printf(&id, "%s-%u", cc_doc_id(doc), k) != 0)
			return NULL;
		path = cc_output_path(c->run, c->in, id.data, several);
		if (path == NULL)
			break;
		rc = claim_path(c, path, 1);
		if (rc == 0 && !c->run->job->quiet)
			cc_message(c->run->eng, CC_MSG_WARNING,
			           "%s: a second document with id %s: written as %s", c->in->path,
			           cc_doc_id(doc), path);
	}
	cc_buf_free(&id);
	if (rc != 0) {
		if (rc == -1 && several)
			conv_error(c, "%s: output %s is already written by another input",
			           c->in->path, path ? path : "");
		free(path);
		return NULL;
	}
	return path;
}

/* Writes one document as a whole output file of its own. */
static int
write_single(struct conv *c, const cc_doc *doc, int several)
{
	struct cc_sink s;
	char *path = claim_document_path(c, doc, several);
	int rc, end;

	if (path == NULL)
		return CC_FAILED;
	rc = sink_open(c->run, c->ctx, &s, path, c->res);
	if (rc >= CC_WARN) {
		rc = sink_write(c->run, c->ctx, &s, doc, 1);
		flush_errors(c);
		end = sink_close(c->run, c->ctx, &s, rc < CC_WARN, c->res);
		if (end < rc)
			rc = end;
	}
	free(path);
	return rc;
}

/* --- the document path ------------------------------------------------- */

static int
flush_pending(struct conv *c, int several)
{
	cc_doc *doc = c->pending;
	int rc;

	if (doc == NULL)
		return CC_OK;
	c->pending = NULL;
	rc = write_single(c, doc, several);
	if (rc < CC_WARN)
		c->res->failures++;
	else
		c->res->converted++;
	if (rc >= CC_WARN && c->run->job->verbose)
		cc_message(c->run->eng, CC_MSG_INFO, "%s: %s converted", c->in->path, cc_doc_id(doc));
	cc_doc_free(doc);
	return rc;
}

static int
hold(struct cc_result *res, cc_doc *doc)
{
	if (cc_grow(&res->held, &res->capheld, res->nheld + 1, sizeof(*res->held)) != 0)
		return CC_FATAL;
	res->held[res->nheld++] = doc;
	return CC_OK;
}

/* Writes a document to the gathered output; `sole` when its input is the
 * run's only one and gives one document. */
static int
gather_write(struct cc_run *run, struct cc_ctx *ctx, const char *input, const cc_doc *doc,
             int sole)
{
	int container = run->to->flags & CC_FORMAT_CONTAINER;
	const char *o = run->job->output;
	int rc;

	if (!container && run->gather.ndocs > 0 && o && strcmp(o, "-") != 0) {
		cc_message(run->eng, CC_MSG_ERROR,
		           "%s: format %s holds one document and %s has one already; use -d DIR",
		           input, run->to->name, o);
		return CC_FAILED;
	}
	if (!container && run->gather.ndocs > 0) {
		/* Plain formats on stdout: one whole output per document.  A
		 * writer that failed to end or begin is not called again. */
		rc = CC_OK;
		if (run->gather.begun)
			rc = run->to->write_end(ctx, run->gather.state, 0);
		run->gather.begun = 0;
		if (rc >= CC_WARN)
			rc = run->to->write_begin(ctx, run->gather.out, &run->gather.state);
		if (rc < CC_WARN)
			return rc;
		run->gather.begun = 1;
	}
	if (!run->gather.begun)
		return CC_FAILED;
	return sink_write(run, ctx, &run->gather, doc, sole);
}

/*
 * --timeout held in the process: a document's time runs from the end of
 * the one before it in its input (or the input's start), and is checked
 * when it has been read and again when it has been filtered, before it is
 * written.  A stage that never ends cannot be cut short here; --isolate
 * (or -d, where --timeout converts in workers) does that.  CC_OK, or
 * CC_FAILED with the reason said.
 */
static int
past_timeout(struct conv *c, const cc_doc *doc)
{
	const char *t = cc_engine_option(c->run->eng, "timeout");
	double took;

	if (t == NULL || (took = cc_monotonic() - c->since) <= atof(t))
		return CC_OK;
	conv_error(c, "%s: document %s: timed out after %s s (--timeout; took %.1f s, "
	           "checked between the stages of a conversion)", c->in->path, cc_doc_id(doc),
	           t, took);
	return CC_FAILED;
}

/* The input context's sink: every document read goes through here. */
static int
on_document(void *user, cc_doc *doc)
{
	struct conv *c = user;
	struct cc_run *run = c->run;
	int worst = c->ctx->worst, rc = CC_OK;

	/* What the filters and the writer report about this document is this
	 * document's failure, counted here, not the reader's: the context's
	 * worst code is put back so the input's other documents stand. */
	c->res->docs++;
	if ((rc = past_timeout(c, doc)) < CC_WARN)
		goto out_failed;
	rc = cc_run_filters(c->ctx, doc, (run->to->flags & CC_FORMAT_STATEMENTS) != 0);
	if (rc < CC_WARN || (rc = past_timeout(c, doc)) < CC_WARN)
		goto out_failed;
	if (!run->per_input) {
		if (run->hold) {
			if (hold(c->res, doc) == CC_OK)
				return CC_OK;
			rc = CC_FATAL;
			goto out_failed;
		}
		rc = gather_write(run, c->ctx, c->in->path, doc,
		                  run->ninputs == 1 && one_doc(c->from));
	} else if (run->to->flags & CC_FORMAT_CONTAINER) {
		if (c->per_input.out == NULL) {
			char *path = cc_output_path(run, c->in, NULL, 0);
			if (path == NULL || claim_path(c, path, 0) != 0) {
				free(path);
				rc = CC_FAILED;
				goto out_failed;
			}
			rc = sink_open(run, c->ctx, &c->per_input, path, c->res);
			free(path);
			if (rc < CC_WARN)
				goto out_failed;
		}
		rc = sink_write(run, c->ctx, &c->per_input, doc, one_doc(c->from));
	} else if (c->res->docs == 1) {
		c->pending = doc;
		return CC_OK;
	} else {
		flush_pending(c, 1);
		rc = write_single(c, doc, 1);
	}
	if (rc < CC_WARN)
		goto out_failed;
	flush_errors(c);
	c->ctx->worst = worst;
	c->res->converted++;
	if (run->job->verbose)
		cc_message(run->eng, CC_MSG_INFO, "%s: %s converted", c->in->path, cc_doc_id(doc));
	cc_doc_free(doc);
	c->since = cc_monotonic();
	return CC_OK;
out_failed:
	remember_out(c->res, run->per_input ? c->per_input.out : run->gather.out);
	flush_errors(c);
	c->ctx->worst = worst;
	conv_error(c, "%s: document %s not converted", c->in->path, cc_doc_id(doc));
	c->res->failures++;
	cc_doc_free(doc);
	c->since = cc_monotonic();
	return rc <= CC_FATAL ? CC_FATAL : CC_OK;
}

static const struct cc_format *
detect_bytes(struct conv *c, struct cc_bytes *bytes)
{
	size_t len;
	const unsigned char *data = cc_bytes_data(bytes, &len);

	return detect(c, data, len);
}

/*
 * A file input of a format that reads it itself (CC_FORMAT_STREAM, a
 * bundle): it is opened and handed over (host->in_fd) instead of being
 * loaded, so a bag of any size costs the reader's own memory only.  The
 * format comes from -f, else from the file's first bytes.  Returns 1 when
 * the input is streamed (c->ctx->fd and *from set); 0 when it is to be
 * loaded whole (*from set when detection already chose a format, and
 * left NULL for standard input, a pipe, an empty file or one that cannot
 * be opened, which loading reports); -1 when no format reads it
 * (reported).
 */
static int
stream_input(struct conv *c, const struct cc_format **from)
{
	unsigned char head[PROBE_BYTES];
	const struct cc_format *f;
	struct stat st;
	ssize_t n;
	int fd;

	*from = NULL;
	/* Only a regular file is opened here: opening a FIFO would wait for
	 * its writer, and the loading below would then find it spent. */
	if (strcmp(c->in->path, "-") == 0 || stat(c->in->path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size == 0 ||
	    (fd = open(c->in->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		goto out_load;
	if (c->run->job->from)
		f = cc_format_lookup(c->run->eng, c->run->job->from)->real;
	else {
		do
			n = pread(fd, head, sizeof(head), 0);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			goto out_load;
		if ((f = detect(c, head, (size_t)n)) == NULL) {
			close(fd);
			return -1;
		}
	}
	*from = f;
	if (!(f->flags & CC_FORMAT_STREAM))
		goto out_load;
	c->ctx->fd = fd;
	if (c->run->journal) {
		/* Hashed through the descriptor the reader gets, not by the
		 * path again: a file replaced at that path meanwhile is not
		 * the one converted, and must not be the one recorded. */
		c->res->stated = 1;
		c->res->mtime_sec = (long long)st.st_mtim.tv_sec;
		c->res->mtime_nsec = st.st_mtim.tv_nsec;
		if (cc_sha256_fd(fd, c->res->sha256, &c->res->size) != 0)
			c->res->stated = 0;
	}
	return 1;
out_load:
	close(fd);
	return 0;
}

/* Keeps the input's size, mtime and content hash for the journal:
 * what it was when read (the status of the file opened, the bytes read),
 * so a change made during the run, or a file put in its place, is seen
 * by the next one. */
static void
note_identity(const struct cc_input *in, const struct cc_bytes *bytes, const struct stat *st,
              struct cc_result *res)
{
	const unsigned char *data;
	size_t len;

	if (strcmp(in->path, "-") == 0 || st->st_mode == 0)
		return;
	data = cc_bytes_data(bytes, &len);
	res->stated = 1;
	res->size = (unsigned long long)len;
	res->mtime_sec = (long long)st->st_mtim.tv_sec;
	res->mtime_nsec = st->st_mtim.tv_nsec;
	cc_sha256_hex(data, len, res->sha256);
}

/*
 * An input of no bytes holds no document: rather than convert it into an
 * empty one, say so (a warning naming it) and count the input as skipped.
 * Returns 1 when `bytes` (borrowed) is empty.
 */
static int
empty_input(struct conv *c, struct cc_bytes *bytes)
{
	size_t len;

	(void)cc_bytes_data(bytes, &len);
	if (len > 0)
		return 0;
	cc_message(c->run->eng, CC_MSG_WARNING, "%s: empty input, skipped",
	           strcmp(c->in->path, "-") == 0 ? "stdin" : c->in->path);
	c->res->skipped = 1;
	return 1;
}

void
cc_convert_input(struct cc_run *run, const struct cc_input *in, struct cc_result *res)
{
	const struct cc_format *from = NULL;
	struct cc_bytes *bytes = NULL;
	struct cc_ctx ctx;
	struct conv c;
	struct stat st;                /* the input loaded, as opened */
	const char *why;
	int rc;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.in = in;
	c.res = res;
	c.since = cc_monotonic();
	if (cc_ctx_init(&ctx, run->eng, in->path, NULL, on_document, &c) != 0 ||
	    cc_ctx_set_source(&ctx, in->rel) != 0) {
		cc_ctx_fini(&ctx);
		cc_message(run->eng, CC_MSG_ERROR, "%s: out of memory", in->path);
		res->failures++;
		atomic_store(&run->fatal, 1);
		return;
	}
	c.ctx = &ctx;
	if (in->is_dir) {
		/* A folder a format claimed: it reads the folder itself. */
		if (cc_probe_folder(run->eng, in->path, &from) == 0 ||
		    (run->job->from && cc_format_lookup(run->eng, run->job->from)->real != from)) {
			conv_error(&c, "%s: a folder, and format %s does not read folders", in->path,
			           run->job->from ? run->job->from : "(none)");
			res->failures++;
			goto out_fini;
		}
		if ((ctx.dir = strdup(in->path)) == NULL) {
			res->failures++;
			goto out_fini;
		}
	} else if ((rc = stream_input(&c, &from)) < 0) {
		res->failures++;
		goto out_fini;
	} else if (rc == 0) {
		rc = cc_read_input(in->path, cc_engine_limit(run->eng, "max-input"), &bytes, &st,
		                   &why);
		if (rc == -2 && cc_engine_limit(run->eng, "max-input") == cc_engine_memory_cap(run->eng)) {
			conv_error(&c, "%s: not converted: larger than --max-memory %s allows (%zu bytes: "
			           "a document takes up to %d times its input's size)", in->path,
			           cc_engine_option(run->eng, "max-memory"),
			           cc_engine_memory_cap(run->eng), CC_MEMORY_FACTOR);
			res->failures++;
			goto out_fini;
		}
		if (rc != 0) {
			conv_error(&c, "%s: %s", in->path, why);
			res->failures++;
			goto out_fini;
		}
		ctx.input = bytes; /* the context now holds the reference */
		if (run->journal)
			note_identity(in, bytes, &st, res);
		if (empty_input(&c, bytes))
			goto out_fini;
		if (from == NULL && run->job->from)
			from = cc_format_lookup(run->eng, run->job->from)->real;
		else if (from == NULL && (from = detect_bytes(&c, bytes)) == NULL) {
			res->failures++;
			goto out_fini;
		}
	}
	c.from = from;
	ctx.format = from;
	rc = from->read(&ctx, (cc_in *)&ctx);
	if (ctx.worst < rc)
		rc = ctx.worst;
	flush_errors(&c);
	/* Entries of a container that failed on their own (and were reported)
	 * are lost documents, whether or not the container read on. */
	res->failures += (int)ctx.lost;
	if (rc < CC_WARN) {
		/* The input is lost: so is its own output, never left partial.
		 * Documents already held for the gathered output were whole and
		 * are kept, as they are when written at once. */
		cc_doc_free(c.pending);
		c.pending = NULL;
		sink_close(run, &ctx, &c.per_input, 1, res);
		conv_error(&c, "%s: not converted", in->path);
		res->failures++;
		if (rc <= CC_FATAL)
			atomic_store(&run->fatal, 1);
	} else {
		if (res->docs == 0 && !run->job->quiet)
			cc_message(run->eng, CC_MSG_WARNING, "%s: holds no document", in->path);
		flush_pending(&c, 0);
		if (sink_close(run, &ctx, &c.per_input, 0, res) < CC_WARN) {
			res->failures++;
			res->converted = 0; /* its one output is lost */
		}
	}
out_fini:
	cc_ctx_fini(&ctx);
}

void
cc_write_held(struct cc_run *run, const struct cc_input *in, struct cc_result *res)
{
	for (size_t i = 0; i < res->nheld; i++) {
		cc_doc *doc = res->held[i];
		int rc = gather_write(run, run->outctx, in->path, doc, 0);

		cc_ctx_flush_errors(run->outctx);
		if (rc < CC_WARN) {
			cc_message(run->eng, CC_MSG_ERROR, "%s: document %s not converted", in->path,
			           cc_doc_id(doc));
			remember_out(res, run->gather.out);
			remember(res, "document not written");
			res->failures++;
			if (rc <= CC_FATAL)
				atomic_store(&run->fatal, 1);
		} else {
			/* -v names each document with -o as it does with -d. */
			res->converted++;
			if (run->job->verbose)
				cc_message(run->eng, CC_MSG_INFO, "%s: %s converted", in->path,
				           cc_doc_id(doc));
		}
		cc_doc_free(doc);
		res->held[i] = NULL;
	}
	res->nheld = 0;
}

void
cc_result_fini(struct cc_result *res)
{
	for (size_t i = 0; i < res->nheld; i++)
		cc_doc_free(res->held[i]);
	free(res->held);
	cc_buf_free(&res->message);
	cc_buf_free(&res->outputs);
	cc_buf_free(&res->journal_outputs);
	memset(res, 0, sizeof(*res));
}

int
cc_gather_open(struct cc_run *run, const char *path)
{
	if (path && strcmp(path, "-") != 0) {
		cc_remove_stale(run, path);
		if (claim_across_runs(run, path, path, NULL) != 0)
			return CC_FAILED;
	}
	return sink_open(run, run->outctx, &run->gather, path, NULL);
}

int
cc_gather_close(struct cc_run *run, int abort)
{
	return sink_close(run, run->outctx, &run->gather, abort, NULL);
}

/* --- stale temporaries ------------------------------------------------- */

/* Lists the temporary-looking files of `dir` once per run. */
static void
scan_dir(struct cc_run *run, const char *dir)
{
	struct dirent *de;
	DIR *d;

	for (size_t i = 0; i < run->nscanned; i++)
		if (strcmp(run->scanned[i], dir) == 0)
			return;
	if (cc_grow(&run->scanned, &run->capscanned, run->nscanned + 1, sizeof(char *)) ||
	    (run->scanned[run->nscanned] = strdup(dir)) == NULL)
		return;
	run->nscanned++;
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		struct cc_buf p = CC_BUF_INIT;
		if (!cc_temp_name(de->d_name))
			continue;
		if (cc_grow(&run->stale, &run->capstale, run->nstale + 1, sizeof(char *)) ||
		    cc_buf_printf(&p, "%s/%s", dir, de->d_name) != 0) {
			cc_buf_free(&p);
			break;
		}
		run->stale[run->nstale++] = cc_buf_steal(&p);
	}
	closedir(d);
}

void
cc_remove_stale(struct cc_run *run, const char *path)
{
	const char *slash = strrchr(path, '/'), *cslash;
	struct cc_buf dir = CC_BUF_INIT, prefix = CC_BUF_INIT, cprefix = CC_BUF_INIT;
	char *claim = cc_claim_name(path);
	size_t i = 0;

	if (slash)
		cc_buf_append(&dir, path, (size_t)(slash - path));
	else
		cc_buf_puts(&dir, ".");
	if (dir.data == NULL || claim == NULL ||
	    cc_buf_printf(&prefix, "%s/.%.*s.cctmp-", dir.data, CC_TMP_NAME_KEEP,
	                  slash ? slash + 1 : path) != 0)
		goto out_free;
	/* The temporary a claim is linked from (cc_claim_output), left by a
	 * run killed between the link and the unlink. */
	cslash = strrchr(claim, '/');
	if (cc_buf_printf(&cprefix, "%s/.%.*s.cctmp-", dir.data, CC_TMP_NAME_KEEP,
	                  cslash ? cslash + 1 : claim) != 0)
		goto out_free;
	scan_dir(run, dir.data);
	while (i < run->nstale) {
		const char *s = run->stale[i];
		/* Only a file a finished run of ours made and left: never a
		 * user's file that looks like one, nor another run's. */
		if ((strncmp(s, prefix.data, prefix.len) == 0 ||
		     strncmp(s, cprefix.data, cprefix.len) == 0) &&
		    cc_temp_stale(s)) {
			unlink(s);
			free(run->stale[i]);
			run->stale[i] = run->stale[--run->nstale];
		} else {
			i++;
		}
	}
out_free:
	cc_buf_free(&dir);
	cc_buf_free(&prefix);
	cc_buf_free(&cprefix);
	free(claim);
}

void
cc_run_fini(struct cc_run *run)
{
	cc_strset_free(&run->written);
	for (size_t i = 0; i < run->nscanned; i++)
		free(run->scanned[i]);
	free(run->scanned);
	for (size_t i = 0; i < run->nstale; i++)
		free(run->stale[i]);
	free(run->stale);
	for (size_t i = 0; i < run->npages; i++)
		free(run->pages[i]);
	free(run->pages);
}
