/*
 * pipeline.c: one conversion run, reader -> [filters] -> writer, one
 * document at a time.  Decides where each document's output goes (one
 * gathered output, one per input, or stdout) and makes sure a failure
 * loses only the document or input it belongs to, and never leaves a
 * partial file under a final name.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "io.h"

#define PROBE_BYTES 4096
#define PROBE_PAD 16

/* An input file and where its output goes under -d. */
struct input {
	char *path;      /* as opened, owned */
	char *rel;       /* relative path for mirroring under -d, owned */
};

/* An open output: a stream and its writer's state. */
struct sink_out {
	cc_out *out;
	void *state;
	int begun;
	unsigned long ndocs;
};

struct run {
	cc_engine *eng;
	const struct cc_job *job;
	const struct cc_format *to;
	const char *ext;                /* output extension, without dot */
	int failures;                   /* documents or inputs lost */
	int fatal;
	struct sink_out gather;         /* -o FILE, or stdout for containers */
	/* The input being read. */
	struct cc_ctx *ctx;
	const struct input *in;
	struct sink_out per_input;      /* -d with a container writer */
	cc_doc *pending;                /* -d, non-container: first document held back */
	unsigned long input_docs;
	char **written;                 /* -d output paths so far, to refuse collisions */
	size_t nwritten, capwritten;
};

/* --- inputs ------------------------------------------------------------ */

static void
inputs_free(struct input *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].rel);
	}
	free(v);
}

static int
input_push(struct input **v, size_t *n, size_t *cap, const char *path, const char *rel)
{
	if (cc_grow(v, cap, *n + 1, sizeof(**v)))
		return -1;
	(*v)[*n].path = strdup(path);
	(*v)[*n].rel = strdup(rel);
	if ((*v)[*n].path == NULL || (*v)[*n].rel == NULL) {
		free((*v)[*n].path);
		free((*v)[*n].rel);
		return -1;
	}
	(*n)++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds the regular files under `dir`, recursively, in name order; hidden
 * names (".x", our temporary files among them) are skipped.  `rel` is the
 * path relative to the folder named on the command line.
 */
static int
walk_dir(cc_engine *eng, const char *dir, const char *rel, int depth, struct input **v,
         size_t *n, size_t *cap)
{
	char **names = NULL;
	size_t nn = 0, capn = 0, i;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	if (depth > 64) {
		cc_message(eng, CC_MSG_ERROR, "%s: folders nested too deeply", dir);
		return 1;
	}
	if ((d = opendir(dir)) == NULL) {
		cc_message(eng, CC_MSG_ERROR, "%s: %s", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (cc_grow(&names, &capn, nn + 1, sizeof(*names)) ||
		    (names[nn] = strdup(de->d_name)) == NULL) {
			rc = -1;
			goto out_free;
		}
		nn++;
	}
	qsort(names, nn, sizeof(*names), name_cmp);
	for (i = 0; i < nn && rc >= 0; i++) {
		struct cc_buf p = CC_BUF_INIT, r = CC_BUF_INIT;
		struct stat st;

		if (cc_buf_printf(&p, "%s/%s", dir, names[i]) ||
		    cc_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names[i])) {
			rc = -1;
		} else if (stat(p.data, &st) != 0) {
			cc_message(eng, CC_MSG_ERROR, "%s: %s", p.data, strerror(errno));
			rc += 1;
		} else if (S_ISDIR(st.st_mode)) {
			int sub = walk_dir(eng, p.data, r.data, depth + 1, v, n, cap);
			rc = sub < 0 ? -1 : rc + sub;
		} else if (S_ISREG(st.st_mode)) {
			if (input_push(v, n, cap, p.data, r.data))
				rc = -1;
		}
		cc_buf_free(&p);
		cc_buf_free(&r);
	}
out_free:
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* Expands the command line's inputs; returns unreadable ones, or -1. */
static int
collect_inputs(cc_engine *eng, const struct cc_job *job, struct input **v, size_t *n)
{
	size_t cap = 0;
	int bad = 0;

	for (size_t i = 0; i < job->ninputs; i++) {
		const char *a = job->inputs[i];
		const char *slash = strrchr(a, '/');
		struct stat st;

		if (strcmp(a, "-") == 0) {
			if (input_push(v, n, &cap, a, "stdin"))
				return -1;
		} else if (stat(a, &st) != 0) {
			cc_message(eng, CC_MSG_ERROR, "%s: %s", a, strerror(errno));
			bad++;
		} else if (S_ISDIR(st.st_mode)) {
			int rc = walk_dir(eng, a, "", 0, v, n, &cap);
			if (rc < 0)
				return -1;
			bad += rc;
		} else if (input_push(v, n, &cap, a, slash && slash[1] ? slash + 1 : a)) {
			return -1;
		}
	}
	return bad;
}

/* --- format detection -------------------------------------------------- */

static const struct cc_format *
detect(struct run *r, const char *name, struct cc_bytes *bytes)
{
	unsigned char buf[PROBE_BYTES + PROBE_PAD];
	const struct cc_format *best = NULL;
	const unsigned char *data;
	struct cc_buf tied = CC_BUF_INIT;
	int best_score = 0, ties = 0;
	size_t len, n;

	data = cc_bytes_data(bytes, &len);
	n = len < PROBE_BYTES ? len : PROBE_BYTES;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, data, n);
	for (size_t i = 0; i < r->eng->nformats; i++) {
		const struct cc_format *f = r->eng->formats[i].fmt;
		int score;

		if (!(f->flags & CC_FORMAT_READ) || f->probe == NULL)
			continue;
		score = f->probe(buf, n, strcmp(name, "-") == 0 ? NULL : name);
		if (score < 0)
			score = 0;
		if (score > CC_PROBE_MAX)
			score = CC_PROBE_MAX;
		if (score > best_score) {
			best = f;
			best_score = score;
			ties = 0;
			tied.len = 0;
			cc_buf_puts(&tied, f->name);
		} else if (score == best_score && score > 0) {
			ties++;
			cc_buf_printf(&tied, ", %s", f->name);
		}
	}
	if (best == NULL)
		cc_message(r->eng, CC_MSG_ERROR,
		           "%s: cannot tell its format; name it with -f (see corpusconv formats)", name);
	else if (ties)
		cc_message(r->eng, CC_MSG_ERROR,
		           "%s: ambiguous format (%s all score %d); name it with -f", name,
		           tied.data, best_score);
	cc_buf_free(&tied);
	return ties ? NULL : best;
}

/* --- outputs ----------------------------------------------------------- */

static int
sink_open(struct run *r, struct sink_out *s, const char *path)
{
	const char *why = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->out = path && strcmp(path, "-") != 0 ? cc_out_file(path, &why) : cc_out_stdout();
	if (s->out == NULL) {
		cc_message(r->eng, CC_MSG_ERROR, "%s: cannot create: %s", path ? path : "<stdout>",
		           why ? why : "out of memory");
		return CC_FAILED;
	}
	rc = r->to->write_begin(r->ctx, s->out, &s->state);
	if (rc < CC_WARN) {
		cc_ctx_flush_errors(r->ctx);
		cc_out_discard(s->out);
		s->out = NULL;
		return rc;
	}
	s->begun = 1;
	return CC_OK;
}

/* Ends the writer and commits the file; with abort, discards it. */
static int
sink_close(struct run *r, struct sink_out *s, int abort)
{
	const char *why;
	int rc;

	if (s->out == NULL)
		return CC_OK;
	rc = r->to->write_end(r->ctx, s->state, abort);
	cc_ctx_flush_errors(r->ctx);
	if (abort || rc < CC_WARN || cc_out_failed(s->out)) {
		if (!abort && cc_out_failed(s->out))
			cc_message(r->eng, CC_MSG_ERROR, "%s: write failed", cc_out_name(s->out));
		cc_out_discard(s->out);
		s->out = NULL;
		return abort ? CC_OK : CC_FAILED;
	}
	if (cc_out_commit(s->out, &why) != 0) {
		cc_message(r->eng, CC_MSG_ERROR, "%s: %s", cc_out_name(s->out), why);
		s->out = NULL;
		return CC_FAILED;
	}
	s->out = NULL;
	return CC_OK;
}

static int
sink_write(struct run *r, struct sink_out *s, const cc_doc *doc)
{
	int rc = r->to->write_doc(r->ctx, s->state, doc);

	cc_ctx_flush_errors(r->ctx);
	s->ndocs++;
	return rc;
}

/* "DIR/rel" with rel's extension replaced; suffix (a document id) goes
 * into a folder named after the input: "DIR/rel-stem/ID.ext". */
static char *
output_path(struct run *r, const char *suffix)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *rel = r->in->rel, *slash = strrchr(rel, '/');
	const char *dot = strrchr(slash ? slash + 1 : rel, '.');
	size_t stem = dot && dot != (slash ? slash + 1 : rel) ? (size_t)(dot - rel) : strlen(rel);

	cc_buf_printf(&b, "%s/%.*s", r->job->output_dir, (int)stem, rel);
	if (suffix)
		cc_buf_printf(&b, "/%s", suffix);
	cc_buf_printf(&b, ".%s", r->ext);
	return b.data;
}

/* Refuses a second write to one -d output path; 0 when the path is new. */
static int
claim_path(struct run *r, const char *path)
{
	for (size_t i = 0; i < r->nwritten; i++) {
		if (strcmp(r->written[i], path) == 0) {
			cc_message(r->eng, CC_MSG_ERROR,
			           "%s: output %s already written by an earlier input", r->in->path, path);
			return -1;
		}
	}
	if (cc_grow(&r->written, &r->capwritten, r->nwritten + 1, sizeof(*r->written)) ||
	    (r->written[r->nwritten] = strdup(path)) == NULL)
		return -1;
	r->nwritten++;
	return 0;
}

/* Writes one document as a whole output file of its own. */
static int
write_single(struct run *r, const cc_doc *doc, const char *suffix)
{
	struct sink_out s;
	char *path = output_path(r, suffix);
	int rc;

	if (path == NULL)
		return CC_FATAL;
	if (claim_path(r, path) != 0) {
		free(path);
		return CC_FAILED;
	}
	rc = sink_open(r, &s, path);
	if (rc >= CC_WARN) {
		rc = sink_write(r, &s, doc);
		int end = sink_close(r, &s, rc < CC_WARN);
		if (end < rc)
			rc = end;
	}
	free(path);
	return rc;
}

/* --- the document path ------------------------------------------------- */

/* Handles a document the -d mode holds back until it knows whether the
 * input has more than one. */
static int
flush_pending(struct run *r, int several)
{
	cc_doc *doc = r->pending;
	int rc;

	if (doc == NULL)
		return CC_OK;
	r->pending = NULL;
	rc = write_single(r, doc, several ? cc_doc_id(doc) : NULL);
	cc_doc_free(doc);
	return rc;
}

static int
doc_failed(struct run *r, const cc_doc *doc, int rc)
{
	cc_ctx_flush_errors(r->ctx);
	cc_message(r->eng, CC_MSG_ERROR, "%s: document %s not converted", r->in->path,
	           cc_doc_id(doc));
	r->failures++;
	if (rc <= CC_FATAL)
		r->fatal = 1;
	return rc <= CC_FATAL ? CC_FATAL : CC_OK;
}

/* The top context's sink: every document read goes through here. */
static int
on_document(void *user, cc_doc *doc)
{
	struct run *r = user;
	int rc = CC_OK;

	r->input_docs++;
	if (r->to->flags & CC_FORMAT_STATEMENTS) {
		rc = cc_ensure_statements(r->ctx, doc);
		if (rc < CC_WARN)
			goto out_failed;
	}
	if (r->job->output_dir == NULL) {
		/* One gathered output, or stdout. */
		int container = r->to->flags & CC_FORMAT_CONTAINER;
		if (!container && r->gather.ndocs > 0 && r->job->output && strcmp(r->job->output, "-")) {
			r->ctx->worst = CC_FAILED;
			cc_message(r->eng, CC_MSG_ERROR,
			           "%s: format %s holds one document and %s has one already; use -d DIR",
			           r->in->path, r->to->name, r->job->output);
			rc = CC_FAILED;
			goto out_failed;
		}
		if (!container && r->gather.begun) {
			/* Plain formats on stdout: one whole output per document. */
			rc = r->to->write_end(r->ctx, r->gather.state, 0);
			r->gather.begun = 0;
			if (rc >= CC_WARN)
				rc = r->to->write_begin(r->ctx, r->gather.out, &r->gather.state);
			if (rc < CC_WARN)
				goto out_failed;
			r->gather.begun = 1;
		}
		rc = sink_write(r, &r->gather, doc);
	} else if (r->to->flags & CC_FORMAT_CONTAINER) {
		if (r->per_input.out == NULL) {
			char *path = output_path(r, NULL);
			if (path == NULL || claim_path(r, path) != 0) {
				free(path);
				rc = CC_FAILED;
				goto out_failed;
			}
			rc = sink_open(r, &r->per_input, path);
			free(path);
			if (rc < CC_WARN)
				goto out_failed;
		}
		rc = sink_write(r, &r->per_input, doc);
	} else {
		if (r->input_docs == 1) {
			r->pending = doc;
			return CC_OK;
		}
		if ((rc = flush_pending(r, 1)) < CC_WARN)
			r->failures++;
		rc = write_single(r, doc, cc_doc_id(doc));
	}
	if (rc < CC_WARN)
		goto out_failed;
	if (r->job->verbose)
		cc_message(r->eng, CC_MSG_INFO, "%s: %s converted", r->in->path, cc_doc_id(doc));
	cc_doc_free(doc);
	return CC_OK;
out_failed:
	rc = doc_failed(r, doc, rc);
	cc_doc_free(doc);
	return rc;
}

/* Reads one input through to its outputs. */
static void
convert_input(struct run *r, const struct input *in)
{
	const struct cc_format *from = NULL;
	struct cc_bytes *bytes = NULL;
	struct cc_ctx ctx;
	const char *why;
	int rc;

	rc = cc_read_input(in->path, cc_engine_limit(r->eng, "max-input"), &bytes, &why);
	if (rc != 0) {
		cc_message(r->eng, CC_MSG_ERROR, "%s: %s", in->path, why);
		r->failures++;
		return;
	}
	if (r->job->from) {
		from = cc_format_lookup(r->eng, r->job->from)->fmt;
	} else if ((from = detect(r, in->path, bytes)) == NULL) {
		r->failures++;
		goto out_unref;
	}
	if (cc_ctx_init(&ctx, r->eng, in->path, bytes, on_document, r) != 0) {
		cc_message(r->eng, CC_MSG_ERROR, "%s: out of memory", in->path);
		r->fatal = 1;
		goto out_fini;
	}
	r->ctx = &ctx;
	r->in = in;
	r->input_docs = 0;
	rc = from->read(&ctx, (cc_in *)&ctx);
	if (ctx.worst < rc)
		rc = ctx.worst;
	cc_ctx_flush_errors(&ctx);
	if (rc < CC_WARN) {
		/* The input is lost: so is its own output, never left partial. */
		cc_doc_free(r->pending);
		r->pending = NULL;
		sink_close(r, &r->per_input, 1);
		cc_message(r->eng, CC_MSG_ERROR, "%s: not converted", in->path);
		r->failures++;
		if (rc <= CC_FATAL)
			r->fatal = 1;
	} else {
		if (r->input_docs == 0)
			cc_message(r->eng, CC_MSG_WARNING, "%s: holds no document", in->path);
		if (flush_pending(r, 0) < CC_WARN)
			r->failures++;
		if (sink_close(r, &r->per_input, 0) < CC_WARN)
			r->failures++;
	}
	r->ctx = NULL;
out_fini:
	cc_ctx_fini(&ctx);
out_unref:
	cc_bytes_unref(bytes);
}

/* --- the run ----------------------------------------------------------- */

static int
check_job(cc_engine *eng, const struct cc_job *job, const struct cc_format **to)
{
	const struct cc_format_rec *t, *f;

	if (job->to == NULL) {
		cc_message(eng, CC_MSG_ERROR, "no output format: give -t FORMAT");
		return 2;
	}
	if ((t = cc_format_lookup(eng, job->to)) == NULL || !(t->fmt->flags & CC_FORMAT_WRITE)) {
		cc_message(eng, CC_MSG_ERROR, "no plugin writes format '%s' (see corpusconv formats)",
		           job->to);
		return 2;
	}
	if (job->from &&
	    ((f = cc_format_lookup(eng, job->from)) == NULL || !(f->fmt->flags & CC_FORMAT_READ))) {
		cc_message(eng, CC_MSG_ERROR, "no plugin reads format '%s' (see corpusconv formats)",
		           job->from);
		return 2;
	}
	if (job->output && job->output_dir) {
		cc_message(eng, CC_MSG_ERROR, "-o and -d exclude each other");
		return 2;
	}
	*to = t->fmt;
	return 0;
}

int
cc_convert(cc_engine *eng, const struct cc_job *job)
{
	struct run r;
	struct input *inputs = NULL;
	size_t ninputs = 0, i;
	struct cc_ctx outctx;
	int rc, status;

	memset(&r, 0, sizeof(r));
	r.eng = eng;
	r.job = job;
	if ((status = check_job(eng, job, &r.to)) != 0)
		return status;
	r.ext = r.to->extensions && r.to->extensions[0] ? r.to->extensions[0] : r.to->name;
	eng->statements = job->statements;
	rc = collect_inputs(eng, job, &inputs, &ninputs);
	if (rc < 0) {
		cc_message(eng, CC_MSG_ERROR, "out of memory");
		return 2;
	}
	r.failures = rc;
	/* The gathered output's writer gets a context named after the output. */
	if (cc_ctx_init(&outctx, eng, job->output ? job->output : "-", NULL, NULL, NULL) != 0) {
		inputs_free(inputs, ninputs);
		return 2;
	}
	if (job->output_dir == NULL) {
		r.ctx = &outctx;
		if (sink_open(&r, &r.gather, job->output) < CC_WARN) {
			r.fatal = 1;
			goto out_free;
		}
	}
	for (i = 0; i < ninputs && !r.fatal; i++)
		convert_input(&r, &inputs[i]);
	if (job->output_dir == NULL) {
		r.ctx = &outctx;
		if (sink_close(&r, &r.gather, r.fatal) < CC_WARN)
			r.fatal = 1;
	}
out_free:
	cc_ctx_fini(&outctx);
	for (i = 0; i < r.nwritten; i++)
		free(r.written[i]);
	free(r.written);
	inputs_free(inputs, ninputs);
	if (r.fatal)
		return 1;
	return r.failures ? 1 : 0;
}
