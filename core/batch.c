/*
 * batch.c: the batch runner.  Expands the command line's inputs (folders
 * recursively, in name order), keeps this shard's share, skips what
 * --update finds done, and converts the rest with N worker threads.
 * Outputs are identical whatever N is: per-input outputs do not depend on
 * order, and a gathered output is written in input order by the main
 * thread while workers read and extract ahead of it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "journal.h"
#include "isolate.h"
#include "pipeline.h"

/* How far workers may read ahead of the gathered output's writer, in
 * inputs per worker: bounds the documents held in memory. */
#define HOLD_AHEAD 4

/* --- inputs ------------------------------------------------------------ */

/* What discovery found that is not an input: a path that failed (missing,
 * a dangling or looping link, an unreadable folder, too deep), or one
 * skipped (a FIFO, a device, a link to a folder).  Each gets its
 * --report line. */
struct discovery_note {
	char *path;                    /* owned */
	char *why;                     /* owned */
	int failed;                    /* else skipped, with a warning */
};

struct input_list {
	struct cc_input *v;
	size_t n, cap;
	struct discovery_note *notes;
	size_t nnotes, capnotes;
	int skip_output;               /* the walk skips the -d folder: */
	dev_t output_dev;              /* this one */
	ino_t output_ino;
};

static void
inputs_free(struct input_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].rel);
	}
	free(l->v);
	for (size_t i = 0; i < l->nnotes; i++) {
		free(l->notes[i].path);
		free(l->notes[i].why);
	}
	free(l->notes);
}

/* Says what discovery found about `path` (an error when `failed`, else a
 * warning) and keeps it for --report; `why` is borrowed.  Returns 0, or
 * -1 when memory ran out. */
static int
note(cc_engine *eng, struct input_list *l, const char *path, int failed, const char *why)
{
	struct discovery_note *n;

	cc_message(eng, failed ? CC_MSG_ERROR : CC_MSG_WARNING, "%s: %s", path, why);
	if (cc_grow(&l->notes, &l->capnotes, l->nnotes + 1, sizeof(*l->notes)))
		return -1;
	n = &l->notes[l->nnotes];
	n->failed = failed;
	n->path = strdup(path);
	n->why = strdup(why);
	if (n->path == NULL || n->why == NULL) {
		free(n->path);
		free(n->why);
		return -1;
	}
	l->nnotes++;
	return 0;
}

static int
input_push(struct input_list *l, const char *path, const char *rel, int is_dir)
{
	if (cc_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v)))
		return -1;
	l->v[l->n].is_dir = is_dir;
	l->v[l->n].path = strdup(path);
	l->v[l->n].rel = strdup(rel);
	if (l->v[l->n].path == NULL || l->v[l->n].rel == NULL) {
		free(l->v[l->n].path);
		free(l->v[l->n].rel);
		return -1;
	}
	l->n++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_link(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/*
 * Adds the regular files under `dir`, recursively, in name order; hidden
 * names (".x", our temporary files among them) are skipped.  `rel` is the
 * path relative to the folder named on the command line.  Returns the
 * number of unreadable entries, or -1 when memory ran out.
 */
static int
walk_dir(cc_engine *eng, const char *dir, const char *rel, int depth, struct input_list *l)
{
	char **names = NULL;
	size_t nn = 0, capn = 0, i;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	if (depth > 64)
		return note(eng, l, dir, 1, "folders nested too deeply (more than 64): not read")
		       ? -1 : 1;
	if ((d = opendir(dir)) == NULL)
		return note(eng, l, dir, 1, strerror(errno)) ? -1 : 1;
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
	if (nn > 1)
		qsort(names, nn, sizeof(*names), name_cmp);
	for (i = 0; i < nn && rc >= 0; i++) {
		struct cc_buf p = CC_BUF_INIT, r = CC_BUF_INIT;
		const struct cc_format *f;
		struct stat st;

		if (cc_buf_printf(&p, "%s/%s", dir, names[i]) ||
		    cc_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names[i])) {
			rc = -1;
		} else if (lstat(p.data, &st) != 0 ||
		           (S_ISLNK(st.st_mode) && stat(p.data, &st) != 0)) {
			rc = note(eng, l, p.data, 1, strerror(errno)) ? -1 : rc + 1;
		} else if (S_ISDIR(st.st_mode) && l->skip_output && st.st_dev == l->output_dev &&
		           st.st_ino == l->output_ino) {
			/* Read, it would give back the outputs as inputs. */
			if (note(eng, l, p.data, 0, "the output folder (-d): not read as an input"))
				rc = -1;
		} else if (S_ISDIR(st.st_mode) && is_link(p.data)) {
			/* A link to a folder may lead back up the tree: links to
			 * files are followed, links to folders are not (find -P). */
			if (note(eng, l, p.data, 0, "a link to a folder, not followed"))
				rc = -1;
		} else if (S_ISDIR(st.st_mode) && cc_probe_folder(eng, p.data, &f) > 0) {
			if (input_push(l, p.data, r.data, 1))
				rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			int sub = walk_dir(eng, p.data, r.data, depth + 1, l);
			rc = sub < 0 ? -1 : rc + sub;
		} else if (S_ISREG(st.st_mode) && input_push(l, p.data, r.data, 0)) {
			rc = -1;
		} else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
		           note(eng, l, p.data, 0, "not a regular file (a FIFO, a device or a "
		                                   "socket): not read")) {
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

/* The absolute path path names, symbolic links resolved as far as it
 * exists (the rest as it is written), or NULL; the caller frees. */
static char *
abs_path(const char *path)
{
	struct cc_buf b = CC_BUF_INIT;
	char *real = realpath(path, NULL), *parent;
	const char *slash;

	if (real != NULL)
		return real;
	slash = strrchr(path, '/');
	if (slash == NULL && strcmp(path, ".") == 0)
		return NULL;
	parent = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
	real = parent == NULL ? NULL : abs_path(*parent ? parent : "/");
	if (real && cc_buf_printf(&b, "%s/%s", strcmp(real, "/") ? real : "",
	                          slash ? slash + 1 : path) != 0)
		cc_buf_free(&b);
	free(parent);
	free(real);
	return b.data;
}

/* Does path lie inside (or is it) folder?  Both absolute. */
static int
is_inside(const char *path, const char *folder)
{
	size_t n = strlen(folder);

	if (strcmp(folder, "/") == 0)
		return 1;
	return strncmp(path, folder, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/*
 * Outputs must never be read back as inputs.  -o FILE that is an input,
 * or lies inside an input folder (read, it would be read back by the next
 * run), and -d DIR that is an input folder, are usage errors (2), found
 * before anything is written.  -d DIR inside an input folder is left out
 * of the walk (l->skip_output), with a warning.  Returns 0 or 2.
 */
static int
check_output_overlap(cc_engine *eng, const struct cc_job *job, struct input_list *l)
{
	const char *out = job->output ? job->output : job->output_dir;
	char *oabs = NULL, *iabs = NULL;
	struct stat so, si;
	int rc = 0;

	if (out == NULL || strcmp(out, "-") == 0 || (oabs = abs_path(out)) == NULL)
		return 0;
	for (size_t i = 0; i < job->ninputs && rc == 0; i++) {
		const char *in = job->inputs[i];

		if (strcmp(in, "-") == 0 || stat(in, &si) != 0)
			continue;
		if (!S_ISDIR(si.st_mode)) {
			if (job->output && stat(out, &so) == 0 && so.st_dev == si.st_dev &&
			    so.st_ino == si.st_ino) {
				cc_message(eng, CC_MSG_ERROR, "-o %s is also an input: it would replace "
				           "the input it reads", out);
				rc = 2;
			}
			continue;
		}
		free(iabs);
		if ((iabs = abs_path(in)) == NULL || !is_inside(oabs, iabs))
			continue;
		if (job->output || strcmp(oabs, iabs) == 0) {
			cc_message(eng, CC_MSG_ERROR, "%s %s lies inside input folder %s: its outputs "
			           "would be read back as inputs", job->output ? "-o" : "-d", out, in);
			rc = 2;
		} else if (stat(out, &so) == 0) {
			l->skip_output = 1;
			l->output_dev = so.st_dev;
			l->output_ino = so.st_ino;
		}
	}
	free(iabs);
	free(oabs);
	return rc;
}

/* Expands the command line's inputs; returns unreadable ones, or -1. */
static int
collect_inputs(cc_engine *eng, const struct cc_job *job, struct input_list *l)
{
	int bad = 0;

	for (size_t i = 0; i < job->ninputs; i++) {
		const char *a = job->inputs[i];
		const char *slash = strrchr(a, '/');
		struct stat st;

		const struct cc_format *f;

		if (strcmp(a, "-") == 0) {
			if (input_push(l, a, "stdin", 0))
				return -1;
		} else if (stat(a, &st) != 0) {
			if (note(eng, l, a, 1, strerror(errno)))
				return -1;
			bad++;
		} else if (S_ISDIR(st.st_mode) && cc_probe_folder(eng, a, &f) > 0) {
			/* "bag/" and "bag" name the same folder. */
			size_t n = strlen(a);
			char *t = strdup(a), *base;
			if (t == NULL)
				return -1;
			while (n > 1 && t[n - 1] == '/')
				t[--n] = '\0';
			base = strrchr(t, '/');
			if (input_push(l, t, base && base[1] ? base + 1 : t, 1)) {
				free(t);
				return -1;
			}
			free(t);
		} else if (S_ISDIR(st.st_mode)) {
			int rc = walk_dir(eng, a, "", 0, l);
			if (rc < 0)
				return -1;
			bad += rc;
		} else if (input_push(l, a, slash && slash[1] ? slash + 1 : a, 0)) {
			return -1;
		}
	}
	return bad;
}

/* Is path in this run's share (--shard)? */
static int
in_shard(const struct cc_job *job, const char *path)
{
	return job->shard_count <= 1 || cc_str_hash(path) % job->shard_count == job->shard_index - 1;
}

/* Keeps the discovery notes of this shard, as inputs are kept; returns
 * how many of them are failures. */
static int
select_notes(const struct cc_job *job, struct input_list *l)
{
	size_t o = 0;
	int failed = 0;

	for (size_t i = 0; i < l->nnotes; i++) {
		if (in_shard(job, l->notes[i].path)) {
			failed += l->notes[i].failed;
			l->notes[o++] = l->notes[i];
		} else {
			free(l->notes[i].path);
			free(l->notes[i].why);
		}
	}
	l->nnotes = o;
	return failed;
}

/* --- reporting --------------------------------------------------------- */


/* Appends s as a JSON string (RFC 8259): quotes, backslashes and control
 * characters escaped; bytes that are not UTF-8 become U+FFFD. */
static void
json_string(struct cc_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	cc_buf_puts(b, "\"");
	while (*p) {
		size_t n = cc_utf8_len(p);

		if (n == 0) {
			cc_buf_puts(b, "\\ufffd");
			p++;
		} else if (*p == '"' || *p == '\\') {
			cc_buf_printf(b, "\\%c", *p);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			cc_buf_printf(b, "\\u%04x", *p);
			p++;
		} else {
			cc_buf_append(b, p, n);
			p += n;
		}
	}
	cc_buf_puts(b, "\"");
}

struct progress {
	FILE *report;                  /* --report, or NULL */
	int tty;                       /* show a progress line on stderr */
	size_t total, done;
	size_t failed;                 /* documents or inputs lost so far */
	double start, last;
};

/* Writes one --report line (strings borrowed). */
static void
report_line(FILE *report, const char *input, const char *output, const char *status,
            unsigned long docs, const char *message, double took)
{
	struct cc_buf b = CC_BUF_INIT;

	cc_buf_puts(&b, "{\"input\":");
	json_string(&b, input);
	cc_buf_puts(&b, ",\"output\":");
	json_string(&b, output);
	cc_buf_printf(&b, ",\"status\":\"%s\",\"documents\":%lu,\"message\":", status, docs);
	json_string(&b, message);
	cc_buf_printf(&b, ",\"duration\":%.6f}\n", took);
	/* Flushed line by line: a run a signal ends exits without
	 * flushing stdio, and a line left in the buffer is a converted
	 * input no report names. */
	if (b.data && fputs(b.data, report) != EOF)
		fflush(report);
	cc_buf_free(&b);
}

/* The --report lines of what discovery found: status "failed" or
 * "skipped", no output. */
static void
report_notes(FILE *report, const struct input_list *l)
{
	for (size_t i = 0; report && i < l->nnotes; i++)
		report_line(report, l->notes[i].path, "", l->notes[i].failed ? "failed" : "skipped",
		            0, l->notes[i].why, 0);
}

/*
 * Is the input what its last journal entry converted?  The entry says
 * "ok", every output it lists is there, and the input has its size and
 * either its mtime or, touched since, its content (SHA-256).  A folder
 * (a bag on disk) is converted again.
 */
static int
unchanged(const struct cc_journal *j, const struct cc_input *in)
{
	const struct cc_journal_entry *e = cc_journal_find(j, in->path);
	char hex[65];
	struct stat st;

	if (e == NULL || !e->ok || in->is_dir || stat(in->path, &st) != 0 ||
	    (unsigned long long)st.st_size != e->size)
		return 0;
	for (size_t i = 0; i < e->noutputs; i++)
		if (access(e->outputs[i], F_OK) != 0)
			return 0;
	if ((long long)st.st_mtim.tv_sec == e->mtime_sec && st.st_mtim.tv_nsec == e->mtime_nsec)
		return 1;
	return cc_sha256_file(in->path, hex) == 0 && strcmp(hex, e->sha256) == 0;
}

/* The --report line of an input --update leaves alone. */
static void
report_unchanged(FILE *report, const struct cc_journal *j, const struct cc_input *in)
{
	const struct cc_journal_entry *e = cc_journal_find(j, in->path);
	struct cc_buf outs = CC_BUF_INIT;

	if (report == NULL)
		return;
	for (size_t i = 0; i < e->noutputs; i++)
		cc_buf_printf(&outs, "%s%s", i ? ", " : "", e->outputs[i]);
	report_line(report, in->path, outs.data ? outs.data : "", "skipped",
	            (unsigned long)e->noutputs, "unchanged since it was converted (--update)", 0);
	cc_buf_free(&outs);
}

static void keep_page(struct cc_run *run, const char *path);

/* Keeps the inputs of shard I of N, and with --update drops those the
 * journal says are converted and unchanged, each with its report line. */
static void
select_inputs(struct cc_run *run, struct input_list *l, FILE *report, size_t *skipped)
{
	const struct cc_job *job = run->job;
	size_t o = 0;

	*skipped = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct cc_input *in = &l->v[i];
		int keep = in_shard(job, in->path);

		if (keep && job->update && run->journal && strcmp(in->path, "-") != 0 &&
		    unchanged(run->journal, in)) {
			const struct cc_journal_entry *e = cc_journal_find(run->journal, in->path);
			keep = 0;
			(*skipped)++;
			report_unchanged(report, run->journal, in);
			for (size_t k = 0; k < e->noutputs; k++) {
				cc_drop_stale_claim(e->outputs[k]);
				keep_page(run, e->outputs[k]);
			}
		}
		if (keep) {
			l->v[o++] = *in;
		} else {
			free(in->path);
			free(in->rel);
		}
	}
	l->n = o;
}

/*
 * The folder whose journal records this run: -d DIR, or else the part of
 * --output-template before its first placeholder, up to its last '/'
 * ("." when none).  The caller frees.
 */
static char *
journal_dir(const struct cc_job *job)
{
	const char *t = job->output_template, *brace, *slash = NULL;

	if (job->output_dir)
		return strdup(job->output_dir);
	brace = strchr(t, '{');
	for (const char *p = t; *p && (brace == NULL || p < brace); p++)
		if (*p == '/')
			slash = p;
	return slash ? strndup(t, (size_t)(slash - t) + (slash == t)) : strdup(".");
}

/* --- the run's index (struct cc_format's end_run) ------------------------ */

/* Keeps `path`, an output of this run, for the index: relative to the
 * output folder.  Called with run->lock held, or before workers start. */
static void
keep_page(struct cc_run *run, const char *path)
{
	const char *dir = run->job->output_dir;
	size_t n = strlen(dir);
	char *rel;

	if (run->end_run == NULL || strncmp(path, dir, n) != 0 || (n && dir[n - 1] != '/' &&
	                                                           path[n] != '/'))
		return;
	for (path += n; *path == '/'; path++)
		;
	if (*path == '\0')
		return;
	if (cc_grow(&run->pages, &run->cappages, run->npages + 1, sizeof(*run->pages)) != 0 ||
	    (rel = strdup(path)) == NULL) {
		run->pages_bad = 1;
		return;
	}
	run->pages[run->npages++] = rel;
}

/* Keeps the outputs of a finished input, '\t'-separated journal fields. */
static void
keep_pages(struct cc_run *run, const char *fields)
{
	while (run->end_run && fields && *fields) {
		const char *tab = strchr(fields, '\t');
		const char *stop = tab ? tab : fields + strlen(fields);
		char *path = cc_journal_unescape(fields, stop);

		if (path == NULL)
			run->pages_bad = 1;
		else
			keep_page(run, path);
		free(path);
		fields = tab ? tab + 1 : stop;
	}
}

static int
str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * After a -d run: gives the writer's end_run DIR/index.EXT, through the
 * same claim and temporary-then-rename as every output.  Returns the
 * failures (0 or 1).
 */
static int
write_run_index(struct cc_run *run)
{
	struct cc_buf path = CC_BUF_INIT;
	const char *dir = run->job->output_dir, *why = NULL;
	struct cc_ctx ctx;
	cc_out *out = NULL;
	char **list = NULL;
	long owner;
	int rc = CC_FAILED, claimed;

	if (cc_buf_printf(&path, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
	                  "index.") != 0 || cc_buf_puts(&path, run->ext) != 0 || run->pages_bad) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: no index written: out of memory", dir);
		cc_buf_free(&path);
		return 1;
	}
	if (run->npages)
		qsort(run->pages, run->npages, sizeof(*run->pages), str_ptr_cmp);
	/* An input's own page may have the index's name: never overwrite it. */
	for (size_t i = 0; i < run->npages; i++)
		if (strncmp(run->pages[i], "index.", 6) == 0 &&
		    strcmp(run->pages[i] + 6, run->ext) == 0) {
			cc_message(run->eng, CC_MSG_ERROR, "%s: no index written: an input's output "
			           "has that name", path.data);
			cc_buf_free(&path);
			return 1;
		}
	if (cc_ctx_init(&ctx, run->eng, path.data, NULL, NULL, NULL) != 0) {
		cc_buf_free(&path);
		return 1;
	}
	list = calloc(run->npages + 1, sizeof(*list));
	if (list == NULL) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: out of memory", path.data);
		goto out;
	}
	memcpy(list, run->pages, run->npages * sizeof(*list));
	if ((claimed = cc_claim_output(path.data, &owner)) != 0) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: claimed by %s: not written", path.data,
		           claimed == 2 ? "another input of this run" : "another run of corpusconv");
		goto out;
	}
	if ((out = cc_out_file(path.data, &why)) == NULL) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: cannot create: %s", path.data,
		           why ? why : "out of memory");
		goto out;
	}
	rc = run->end_run(&ctx, out, dir, (const char *const *)list);
	cc_ctx_flush_errors(&ctx);
	if (rc < CC_WARN || cc_out_failed(out)) {
		if (cc_out_failed(out))
			cc_message(run->eng, CC_MSG_ERROR, "%s: cannot write: %s", path.data,
			           strerror(cc_out_error(out)));
		cc_out_discard(out);
		rc = CC_FAILED;
	} else if (cc_out_commit(out, &why) != 0) {
		cc_message(run->eng, CC_MSG_ERROR, "%s: %s", path.data, why);
		rc = CC_FAILED;
	}
out:
	free(list);
	cc_ctx_fini(&ctx);
	cc_buf_free(&path);
	return rc < CC_WARN;
}

/* Records a finished input: a --report line and the progress line.
 * Called with run->lock held. */
static void
finished(struct cc_run *run, struct progress *pg, const struct cc_input *in,
         const struct cc_result *res, double took)
{
	pg->done++;
	pg->failed += (size_t)res->failures;
	cc_record_begin();
	if (run->journal && strcmp(in->path, "-") != 0 &&
	    cc_journal_append(run->journal, in->path, res->failures == 0, res->size,
	                      res->mtime_sec, res->mtime_nsec, res->stated ? res->sha256 : "-",
	                      res->journal_outputs.data) != 0)
		cc_message(run->eng, CC_MSG_WARNING, "%s: %s", run->journal->path, strerror(errno));
	keep_pages(run, res->journal_outputs.data);
	run->converted += res->converted;
	run->skipped += (size_t)res->skipped;
	if (pg->report)
		report_line(pg->report, in->path,
		            run->per_input ? (res->outputs.data ? res->outputs.data : "")
		            : run->job->output ? run->job->output : "-",
		            res->failures ? "failed" : "ok", res->docs,
		            res->message.data ? res->message.data : "", took);
	cc_record_end();
	if (pg->tty) {
		double t = cc_monotonic(), rate;
		if (t - pg->last < 0.1 && pg->done < pg->total)
			return;
		pg->last = t;
		rate = pg->done / (t - pg->start > 1e-3 ? t - pg->start : 1e-3);
		fprintf(stderr, "\r\033[K%zu/%zu documents, ", pg->done, pg->total);
		if (pg->failed)
			fprintf(stderr, "%zu failed, ", pg->failed);
		fprintf(stderr, "%.0f/s, %.0fs left", rate,
		        (double)(pg->total - pg->done) / (rate > 0 ? rate : 1));
		if (pg->done == pg->total)
			fputc('\n', stderr);
	}
}

/* --- workers ----------------------------------------------------------- */

struct batch {
	struct cc_run *run;
	struct input_list *inputs;
	struct cc_result *results;     /* one per input, in hold mode */
	unsigned char *ready;          /* hold mode: results[i] is complete */
	size_t next;                   /* next input to take */
	size_t written;                /* hold mode: inputs the writer is done with */
	int failures;
	struct progress pg;
	pthread_cond_t cond;           /* a result is ready, or the writer moved on */
};

static void
batch_one(struct batch *b, size_t i, struct cc_result *res)
{
	double t0 = cc_monotonic();

	cc_convert_input(b->run, &b->inputs->v[i], res);
	pthread_mutex_lock(&b->run->lock);
	if (!b->run->hold) {
		b->failures += res->failures;
		finished(b->run, &b->pg, &b->inputs->v[i], res, cc_monotonic() - t0);
	}
	pthread_mutex_unlock(&b->run->lock);
}

static void *
worker(void *arg)
{
	struct batch *b = arg;
	struct cc_run *run = b->run;

	for (;;) {
		struct cc_result local, *res;
		size_t i;

		pthread_mutex_lock(&run->lock);
		while (run->hold && b->next < b->inputs->n && !atomic_load(&run->fatal) &&
		       b->next >= b->written + (size_t)run->jobs * HOLD_AHEAD)
			pthread_cond_wait(&b->cond, &run->lock);
		if (b->next >= b->inputs->n || atomic_load(&run->fatal)) {
			pthread_mutex_unlock(&run->lock);
			break;
		}
		i = b->next++;
		pthread_mutex_unlock(&run->lock);

		memset(&local, 0, sizeof(local));
		res = run->hold ? &b->results[i] : &local;
		batch_one(b, i, res);
		if (run->hold) {
			pthread_mutex_lock(&run->lock);
			b->ready[i] = 1;
			pthread_cond_broadcast(&b->cond);
			pthread_mutex_unlock(&run->lock);
		} else {
			cc_result_fini(&local);
		}
	}
	/* Wake the writer: there may be nothing more to wait for. */
	pthread_mutex_lock(&run->lock);
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&run->lock);
	return NULL;
}

/* The main thread in hold mode: writes results in input order. */
static void
write_in_order(struct batch *b)
{
	struct cc_run *run = b->run;

	for (size_t i = 0; i < b->inputs->n; i++) {
		pthread_mutex_lock(&run->lock);
		while (!b->ready[i] && !(atomic_load(&run->fatal) && b->next <= i))
			pthread_cond_wait(&b->cond, &run->lock);
		if (!b->ready[i]) {
			pthread_mutex_unlock(&run->lock);
			break;
		}
		pthread_mutex_unlock(&run->lock);

		cc_write_held(run, &b->inputs->v[i], &b->results[i]);

		pthread_mutex_lock(&run->lock);
		b->failures += b->results[i].failures;
		finished(run, &b->pg, &b->inputs->v[i], &b->results[i], 0);
		cc_result_fini(&b->results[i]);
		b->written = i + 1;
		pthread_cond_broadcast(&b->cond);
		pthread_mutex_unlock(&run->lock);
	}
}

/* --isolate: an input a worker process finished (isolate.h). */
static void
isolated_done(void *user, size_t i, struct cc_result *res, double took)
{
	struct batch *b = user;

	b->failures += res->failures;
	finished(b->run, &b->pg, &b->inputs->v[i], res, took);
}

/* Is the run to convert in worker processes?  --isolate, or a limit only
 * a worker process can hold (--timeout, --max-memory). */
static int
isolated(const cc_engine *eng)
{
	const char *iso = cc_engine_option(eng, "isolate");

	return (iso && strcmp(iso, "0") != 0) || cc_engine_option(eng, "timeout") ||
	       cc_engine_option(eng, "max-memory");
}

/* Runs every input; returns the number of failures. */
static int
run_all(struct cc_run *run, struct input_list *inputs, FILE *report)
{
	struct batch b;
	pthread_t *threads = NULL;
	unsigned started = 0;

	memset(&b, 0, sizeof(b));
	b.run = run;
	b.inputs = inputs;
	b.pg.report = report;
	b.pg.tty = !run->job->quiet && isatty(STDERR_FILENO);
	b.pg.total = inputs->n;
	b.pg.start = b.pg.last = cc_monotonic();
	pthread_cond_init(&b.cond, NULL);
	run->ninputs = inputs->n;
	if (run->jobs > inputs->n)
		run->jobs = inputs->n ? (unsigned)inputs->n : 1;
	run->hold = run->jobs > 1 && !run->per_input;
	if (run->hold) {
		b.results = calloc(inputs->n, sizeof(*b.results));
		b.ready = calloc(inputs->n, 1);
		if (b.results == NULL || b.ready == NULL) {
			run->hold = 0;
			run->jobs = 1;
		}
	}
	if (run->per_input && isolated(run->eng)) {
		long started_n = cc_isolate_all(run, inputs->v, inputs->n, isolated_done, &b);
		b.next = started_n < 0 ? 0 : (size_t)started_n;
		if (started_n < 0)
			atomic_store(&run->fatal, 1);
	} else if (run->jobs > 1)
		threads = calloc(run->jobs, sizeof(*threads));
	if (run->per_input && isolated(run->eng)) {
		/* done above */
	} else if (threads == NULL) {
		/* One worker: this thread, with no threads at all. */
		run->hold = 0;
		worker(&b);
	} else {
		for (started = 0; started < run->jobs; started++)
			if (pthread_create(&threads[started], NULL, worker, &b) != 0)
				break;
		if (started == 0) {
			run->hold = 0;
			worker(&b);
		}
		if (run->hold)
			write_in_order(&b);
		for (unsigned t = 0; t < started; t++)
			pthread_join(threads[t], NULL);
	}
	/* After a fatal error the inputs never started still get their
	 * report line: an archivist's report lists every input. */
	for (size_t i = run->hold ? b.written : b.next; report && i < inputs->n; i++) {
		struct cc_result none;
		memset(&none, 0, sizeof(none));
		none.failures = 1;
		cc_buf_puts(&none.message, "not converted: the run stopped before it");
		finished(run, &b.pg, &inputs->v[i], &none, 0);
		cc_result_fini(&none);
		b.failures++;
	}
	if (b.results)
		for (size_t i = 0; i < inputs->n; i++)
			cc_result_fini(&b.results[i]);
	free(b.results);
	free(b.ready);
	free(threads);
	pthread_cond_destroy(&b.cond);
	return b.failures;
}

/* --- the run ----------------------------------------------------------- */

/* -t or -f names a format no plugin writes or reads: a usage error that
 * says what the user may have meant.  Returns 2. */
static int
unknown_format(cc_engine *eng, const char *verb, const char *name, unsigned flag)
{
	struct cc_buf hint = CC_BUF_INIT;

	cc_format_hint(eng, &hint, name, flag);
	if (hint.len == 0)
		cc_buf_puts(&hint, " (see corpusconv formats)");
	cc_message(eng, CC_MSG_ERROR, "no plugin %s format '%s'%s", verb, name,
	           hint.data ? hint.data : "");
	cc_buf_free(&hint);
	return 2;
}

/* Is a format's output text a terminal can show?  By its media type:
 * text/..., XML and JSON are; anything else (application/zip) is bytes.
 * A format that names no media type is taken for text. */
static int
textual_media_type(const char *type)
{
	return type == NULL || strncmp(type, "text/", 5) == 0 || strstr(type, "xml") != NULL ||
	       strstr(type, "json") != NULL;
}

/* Binary output bound for a terminal (no -o, -d or template, or -o -):
 * refused, as pandoc refuses it, before anything is written.  Returns 0
 * or 2. */
static int
binary_to_terminal(cc_engine *eng, const struct cc_job *job, const struct cc_format *to)
{
	int to_stdout = job->output_dir == NULL && job->output_template == NULL &&
	                (job->output == NULL || strcmp(job->output, "-") == 0);

	if (!to_stdout || textual_media_type(to->media_type) || !isatty(STDOUT_FILENO))
		return 0;
	cc_message(eng, CC_MSG_ERROR, "format %s is binary (%s) and standard output is a "
	           "terminal: give -o FILE, or redirect standard output", to->name,
	           to->media_type);
	return 2;
}

static int
check_job(cc_engine *eng, const struct cc_job *job, const struct cc_format **to)
{
	const struct cc_format_rec *t, *f = NULL;

	if (job->to == NULL) {
		cc_message(eng, CC_MSG_ERROR, "no output format: give -t FORMAT");
		return 2;
	}
	/* Every option and filter named is checked before anything is read
	 * or written. */
	if (cc_engine_check_options(eng) != 0 || cc_chain_resolve(eng) != 0)
		return 2;
	if ((t = cc_format_lookup(eng, job->to)) == NULL || !(t->fmt->flags & CC_FORMAT_WRITE))
		return unknown_format(eng, "writes", job->to, CC_FORMAT_WRITE);
	if (job->from &&
	    ((f = cc_format_lookup(eng, job->from)) == NULL || !(f->fmt->flags & CC_FORMAT_READ)))
		return unknown_format(eng, "reads", job->from, CC_FORMAT_READ);
	if (job->output && (job->output_dir || job->output_template)) {
		cc_message(eng, CC_MSG_ERROR, "-o excludes -d and --output-template");
		return 2;
	}
	if (job->output_template) {
		struct cc_buf b = CC_BUF_INIT;
		struct cc_input probe = { (char *)"x", (char *)"x", 0 };
		const char *bad = NULL;
		int rc = cc_expand_template(&b, job->output_template, &probe, "x", "x", &bad);
		cc_buf_free(&b);
		if (rc != 0 || *job->output_template == '\0') {
			cc_message(eng, CC_MSG_ERROR, "--output-template: unknown placeholder at '%s' "
			           "(known: {dir} {stem} {name} {ext} {id})", bad ? bad : "");
			return 2;
		}
	}
	if (job->shard_count && (job->shard_index < 1 || job->shard_index > job->shard_count)) {
		cc_message(eng, CC_MSG_ERROR, "--shard I/N wants 1 <= I <= N");
		return 2;
	}
	/* Without -d, --timeout and --max-memory are held in the process
	 * (pipeline.c, engine.c), as far as they can be there. */
	if (cc_engine_option(eng, "isolate") && strcmp(cc_engine_option(eng, "isolate"), "0") != 0 &&
	    job->output_dir == NULL && job->output_template == NULL) {
		cc_message(eng, CC_MSG_ERROR, "--isolate goes with -d DIR or --output-template "
		           "(without them --timeout and --max-memory are held in the process)");
		return 2;
	}
	if (job->update && job->output_dir == NULL && job->output_template == NULL) {
		cc_message(eng, CC_MSG_ERROR, "--update goes with -d DIR or --output-template");
		return 2;
	}
	/* Only now are the plugins of -t and -f opened: a run opens what
	 * it uses (detection and filters open theirs as they need them). */
	if ((*to = cc_format_open(eng, t)) == NULL ||
	    (job->from && cc_format_open(eng, f) == NULL))
		return 1;
	return binary_to_terminal(eng, job, t->fmt);
}

static unsigned
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 && n < 1024 ? (unsigned)n : 1;
}

/*
 * The run's last line on stderr: "501 converted, 2 failed, 0 skipped in
 * 1.6 s" (documents written; documents or inputs lost; inputs left alone,
 * as empty or, with --update, already converted).  Printed with -v, and
 * otherwise when the run had several inputs or documents, or anything
 * failed or was skipped; never with -q.  One document converted stays
 * silent, as cp is.
 */
static void
print_summary(const struct cc_run *run, size_t ninputs, int failures, size_t skipped,
              double start)
{
	const struct cc_job *job = run->job;
	unsigned long converted = failures < 0 ? 0 : run->converted;
	size_t failed = failures < 0 ? 1 : (size_t)failures;

	skipped += run->skipped;
	if (job->quiet || !(job->verbose || ninputs > 1 || converted > 1 || failed || skipped))
		return;
	cc_message(run->eng, CC_MSG_INFO, "%lu converted, %zu failed, %zu skipped in %.1f s",
	           converted, failed, skipped, cc_monotonic() - start);
}

/*
 * Refuses --update when the inputs cannot be hashed: without the hashes
 * it could not tell a changed input.  0, or 2 after saying why.  Called
 * before anything is written (the report, the output folder, its
 * journal): a run refused for its options leaves no trace.
 */
static int
check_update_hashes(const struct cc_run *run)
{
	const char *why = cc_sha256_unavailable();
	char *dir;

	if (!run->job->update || why == NULL)
		return 0;
	dir = journal_dir(run->job);
	cc_message(run->eng, CC_MSG_ERROR,
	           "%s/" CC_JOURNAL_NAME ": inputs cannot be hashed (%s): --update needs nettle's library",
	           dir ? dir : ".", why);
	free(dir);
	return 2;
}

/* Opens the output folder's journal (run->journal); 0, or 2 when
 * --update cannot go without it.  Without --update a journal that cannot
 * be kept is only a warning: the outputs are what was asked for. */
static int
open_journal(struct cc_run *run, struct cc_journal *journal)
{
	char *dir = journal_dir(run->job);
	int rc = dir ? cc_journal_open(journal, dir) : -1;
	int saved = errno;

	free(dir);
	/* --update without hashes was refused before (check_update_hashes). */
	if (rc == 0 && cc_sha256_unavailable() != NULL)
		cc_message(run->eng, CC_MSG_WARNING,
		           "%s: inputs cannot be hashed (%s); --update will convert again any of them touched since",
		           journal->path, cc_sha256_unavailable());
	if (rc == 0) {
		run->journal = journal;
		return 0;
	}
	cc_message(run->eng, run->job->update ? CC_MSG_ERROR : CC_MSG_WARNING, "%s: %s",
	           journal->path ? journal->path : CC_JOURNAL_NAME, strerror(saved));
	cc_journal_close(journal);
	return run->job->update ? 2 : 0;
}

int
cc_convert(cc_engine *eng, const struct cc_job *job)
{
	struct input_list inputs = { 0 };
	struct cc_journal journal;
	struct cc_ctx outctx;
	struct cc_run run;
	FILE *report = NULL;
	size_t skipped = 0, ninputs;
	double start = cc_monotonic();
	int rc, failures;

	memset(&run, 0, sizeof(run));
	run.eng = eng;
	run.job = job;
	if ((rc = check_job(eng, job, &run.to)) != 0)
		return rc;
	run.ext = run.to->extensions && run.to->extensions[0] ? run.to->extensions[0] : run.to->name;
	run.jobs = job->jobs ? job->jobs : cores();
	run.per_input = job->output_dir != NULL || job->output_template != NULL;
	if (job->output_dir)
		for (size_t i = 0; i < eng->nformats; i++)
			if (eng->formats[i].real == run.to)
				run.end_run = eng->formats[i].end_run;
	eng->statements = job->statements;
	eng->quiet = job->quiet;
	if (check_output_overlap(eng, job, &inputs) != 0)
		return 2;
	if (run.per_input && check_update_hashes(&run) != 0)
		return 2;
	failures = collect_inputs(eng, job, &inputs);
	if (failures < 0) {
		cc_message(eng, CC_MSG_ERROR, "out of memory");
		inputs_free(&inputs);
		return 2;
	}
	ninputs = inputs.n + (size_t)failures;
	if (job->report && (report = fopen(job->report, "w")) == NULL) {
		cc_message(eng, CC_MSG_ERROR, "%s: %s", job->report, strerror(errno));
		inputs_free(&inputs);
		return 2;
	}
	/* Runs meant to be resumed or split keep a journal; a plain run
	 * writes nothing but the outputs asked for. */
	if (run.per_input && (job->update || job->shard_count > 1) &&
	    open_journal(&run, &journal) != 0) {
		if (report)
			fclose(report);
		inputs_free(&inputs);
		return 2;
	}
	failures = select_notes(job, &inputs);
	report_notes(report, &inputs);
	select_inputs(&run, &inputs, report, &skipped);
	if (skipped && job->verbose)
		cc_message(eng, CC_MSG_INFO, "%zu inputs already converted (--update)", skipped);
	pthread_mutex_init(&run.lock, NULL);
	/* The gathered output's writer gets a context named after the output. */
	if (cc_ctx_init(&outctx, eng, job->output ? job->output : "-", NULL, NULL, NULL) != 0) {
		failures = -1;
		goto out_free;
	}
	run.outctx = &outctx;
	if (!run.per_input && cc_gather_open(&run, job->output) < CC_WARN) {
		failures = -1;
		goto out_free;
	}
	failures += run_all(&run, &inputs, report);
	if (run.end_run && !atomic_load(&run.fatal))
		failures += write_run_index(&run);
	/* When inputs failed and not one document came through, an empty
	 * table or corpus must not replace what the output held before. */
	if (!run.per_input &&
	    cc_gather_close(&run, atomic_load(&run.fatal) ||
	                          (failures > 0 && run.gather.ndocs == 0)) < CC_WARN)
		failures = -1;
out_free:
	cc_release_claims();
	cc_ctx_fini(&outctx);
	if (report && fclose(report) != 0) {
		cc_message(eng, CC_MSG_ERROR, "%s: %s", job->report, strerror(errno));
		failures = failures < 0 ? failures : failures + 1;
	}
	print_summary(&run, ninputs, failures, skipped, start);
	if (run.journal)
		cc_journal_close(run.journal);
	cc_run_fini(&run);
	pthread_mutex_destroy(&run.lock);
	inputs_free(&inputs);
	if (failures < 0 || atomic_load(&run.fatal))
		return 1;
	return failures ? 1 : 0;
}
