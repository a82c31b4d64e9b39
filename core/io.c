/*
 * io.c: inputs read whole, outputs written atomically.  Never leaves a
 * partial file under a final name: file outputs live under a hidden
 * temporary name (".NAME.XXXXXX") in the target folder until committed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "io.h"

enum out_kind { OUT_FILE, OUT_STDOUT, OUT_MEM };

struct cc_out {
	enum out_kind kind;
	int fd;
	int failed;
	char *name;          /* final path or display name, owned */
	char *tmp;           /* temporary path for OUT_FILE, owned */
	struct cc_buf buf;   /* pending bytes (file/stdout) or all bytes (mem) */
};

#define OUT_FLUSH_AT (64 * 1024)

int
cc_read_input(const char *path, size_t limit, struct cc_bytes **out, const char **why)
{
	struct cc_buf b = CC_BUF_INIT;
	int fd, rc = -1;
	char chunk[65536];

	*out = NULL;
	fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*why = strerror(errno);
			goto out_close;
		}
		if (n == 0)
			break;
		if (limit && b.len + (size_t)n > limit) {
			*why = "input is larger than the limit (see --max-input)";
			rc = -2;
			goto out_close;
		}
		if (cc_buf_append(&b, chunk, (size_t)n) != 0) {
			*why = "out of memory";
			goto out_close;
		}
	}
	*out = cc_bytes_new(b.data, b.len);
	if (*out == NULL) {
		*why = "out of memory";
		goto out_close;
	}
	rc = 0;
out_close:
	if (fd != STDIN_FILENO)
		close(fd);
	cc_buf_free(&b);
	return rc;
}

static cc_out *
out_new(enum out_kind kind, const char *name)
{
	cc_out *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	o->kind = kind;
	o->fd = -1;
	o->name = strdup(name);
	if (o->name == NULL) {
		free(o);
		return NULL;
	}
	return o;
}

int
cc_mkdirs_for(const char *path)
{
	char *p = strdup(path), *s;
	int rc = 0;

	if (p == NULL)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

cc_out *
cc_out_file(const char *path, const char **why)
{
	struct cc_buf tmp = CC_BUF_INIT;
	const char *slash = strrchr(path, '/');
	mode_t mask;
	cc_out *o;

	*why = "out of memory";
	o = out_new(OUT_FILE, path);
	if (o == NULL)
		return NULL;
	if (slash)
		cc_buf_append(&tmp, path, (size_t)(slash - path + 1));
	if (cc_buf_printf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : path) != 0)
		goto out_free;
	if (cc_mkdirs_for(path) != 0) {
		*why = strerror(errno);
		goto out_free;
	}
	o->fd = mkstemp(tmp.data);
	if (o->fd < 0) {
		*why = strerror(errno);
		goto out_free;
	}
	/* mkstemp makes 0600; give the file the mode a plain open would. */
	mask = umask(0);
	umask(mask);
	fchmod(o->fd, 0666 & ~mask);
	o->tmp = cc_buf_steal(&tmp);
	return o;
out_free:
	cc_buf_free(&tmp);
	free(o->name);
	free(o);
	return NULL;
}

cc_out *
cc_out_stdout(void)
{
	cc_out *o = out_new(OUT_STDOUT, "<stdout>");

	if (o)
		o->fd = STDOUT_FILENO;
	return o;
}

cc_out *
cc_out_mem(const char *name)
{
	return out_new(OUT_MEM, name ? name : "<memory>");
}

static int
out_flush(cc_out *o)
{
	size_t off = 0;

	if (o->kind == OUT_MEM || o->failed)
		return o->failed ? -1 : 0;
	while (off < o->buf.len) {
		ssize_t n = write(o->fd, o->buf.data + off, o->buf.len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->failed = errno ? errno : EIO;
			return -1;
		}
		off += (size_t)n;
	}
	o->buf.len = 0;
	return 0;
}

int
cc_out_write(cc_out *out, const void *buf, size_t len)
{
	if (out->failed)
		return CC_FATAL;
	if (cc_buf_append(&out->buf, buf, len) != 0) {
		out->failed = ENOMEM;
		return CC_FATAL;
	}
	if (out->kind != OUT_MEM && out->buf.len >= OUT_FLUSH_AT && out_flush(out) != 0)
		return CC_FATAL;
	return CC_OK;
}

int
cc_out_failed(const cc_out *out)
{
	return out->failed != 0;
}

const char *
cc_out_name(const cc_out *out)
{
	return out->name;
}

const unsigned char *
cc_out_mem_data(const cc_out *out, size_t *len)
{
	*len = out->buf.len;
	return out->buf.len ? (const unsigned char *)out->buf.data : (const unsigned char *)"";
}

void
cc_out_free(cc_out *out)
{
	if (out == NULL)
		return;
	if (out->kind == OUT_FILE && out->fd >= 0)
		close(out->fd);
	if (out->tmp)
		unlink(out->tmp);
	free(out->tmp);
	free(out->name);
	cc_buf_free(&out->buf);
	free(out);
}

int
cc_out_commit(cc_out *out, const char **why)
{
	int rc = -1;

	*why = NULL;
	if (out_flush(out) != 0) {
		*why = strerror(out->failed);
		goto out_free;
	}
	if (out->kind == OUT_FILE) {
		if (fsync(out->fd) != 0 && errno != EINVAL) {
			*why = strerror(errno);
			goto out_free;
		}
		if (close(out->fd) != 0) {
			out->fd = -1;
			*why = strerror(errno);
			goto out_free;
		}
		out->fd = -1;
		if (rename(out->tmp, out->name) != 0) {
			*why = strerror(errno);
			goto out_free;
		}
		free(out->tmp);
		out->tmp = NULL;
	}
	rc = 0;
out_free:
	cc_out_free(out);
	return rc;
}

void
cc_out_discard(cc_out *out)
{
	cc_out_free(out);
}
