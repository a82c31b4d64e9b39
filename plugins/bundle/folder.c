/*
 * folder.c: a BagIt bag on disk, for the bundle reader: lists the bag's
 * folder once (sorted, so every pass and every run sees one order) and
 * opens its files for reading, and answers the probe for folders.
 *
 * It must never follow a symbolic link below the bag's folder, open
 * anything but a regular file for reading (a FIFO or a device would
 * block or never end), write anything, or keep state between calls.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"

#define host bundle_host

static int folder_oom(cc_ctx *ctx)
{
	return host->report(ctx, CC_FATAL, 0, 0, "out of memory");
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bundle_file *)a)->name,
	              ((const struct bundle_file *)b)->name);
}

/* Appends rel to the list; takes ownership of rel. */
static int push(cc_ctx *ctx, struct bundle_folder *f, char *rel, int dir,
                long long size, size_t max_files)
{
	if (f->n >= max_files) {
		host->free(rel);
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "the bag holds more than %zu files and "
		                    "folders: refused", max_files);
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct bundle_file *p = host->realloc(f->file, cap * sizeof *p);

		if (p == NULL) {
			host->free(rel);
			return folder_oom(ctx);
		}
		f->file = p;
		f->cap = cap;
	}
	f->file[f->n].name = rel;
	f->file[f->n].dir = dir;
	f->file[f->n].size = size;
	f->n++;
	return CC_OK;
}

/* Lists folder dfd (named rel in the bag, "" for the bag itself) and
 * everything under it.  Takes ownership of dfd. */
static int walk(cc_ctx *ctx, struct bundle_folder *f, int dfd,
                const char *rel, size_t depth, size_t max_files,
                size_t max_depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;
	int rc = CC_OK;

	if (d == NULL) {
		close(dfd);
		return host->report(ctx, CC_FAILED, 0, 0,
		                    "cannot list \"%s\": %s", rel[0] ? rel : ".",
		                    strerror(errno));
	}
	while (rc == CC_OK) {
		struct bundle_buf name = { 0 };
		struct stat st;
		int sub;

		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			if (errno != 0)
				rc = host->report(ctx, CC_FAILED, 0, 0,
				                  "cannot list \"%s\": %s",
				                  rel[0] ? rel : ".", strerror(errno));
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((rel[0] && (bundle_buf_puts(&name, rel) != CC_OK ||
		                bundle_buf_puts(&name, "/") != CC_OK)) ||
		    bundle_buf_puts(&name, de->d_name) != CC_OK) {
			bundle_buf_free(&name);
			rc = folder_oom(ctx);
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = host->report(ctx, CC_FAILED, 0, 0,
			                  "cannot read \"%s\": %s", name.p,
			                  strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			rc = host->report(ctx, CC_FAILED, 0, 0,
			                  "refusing \"%s\": it is a symbolic link",
			                  name.p);
		} else if (S_ISREG(st.st_mode)) {
			rc = push(ctx, f, name.p, 0, (long long)st.st_size,
			          max_files);
			name.p = NULL;
		} else if (!S_ISDIR(st.st_mode)) {
			rc = host->report(ctx, CC_FAILED, 0, 0,
			                  "refusing \"%s\": it is not a regular "
			                  "file or folder", name.p);
		} else if (depth >= max_depth) {
			rc = host->report(ctx, CC_FAILED, 0, 0,
			                  "refusing \"%s\": folders nested more "
			                  "than %zu deep", name.p, max_depth);
		} else {
			sub = openat(dirfd(d), de->d_name,
			             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				rc = host->report(ctx, CC_FAILED, 0, 0,
				                  "cannot open \"%s\": %s", name.p,
				                  strerror(errno));
			} else {
				char *copy = host->strdup(name.p);

				rc = copy ? push(ctx, f, copy, 1, 0, max_files)
				          : folder_oom(ctx);
				if (rc == CC_OK)
					rc = walk(ctx, f, sub, name.p, depth + 1,
					          max_files, max_depth);
				else
					close(sub);
			}
		}
		bundle_buf_free(&name);
	}
	closedir(d);
	return rc;
}

int bundle_folder_open(cc_ctx *ctx, struct bundle_folder *f,
                       const char *path, size_t max_files, size_t max_depth)
{
	int fd, rc;

	memset(f, 0, sizeof *f);
	f->fd = -1;
	/* The folder named on the command line may itself be a link; what
	 * lies below it may not. */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return host->report(ctx, CC_FAILED, 0, 0, "cannot open the bag: %s",
		                    strerror(errno));
	f->fd = dup(fd);
	if (f->fd < 0) {
		close(fd);
		return host->report(ctx, CC_FAILED, 0, 0, "cannot open the bag: %s",
		                    strerror(errno));
	}
	rc = walk(ctx, f, fd, "", 0, max_files, max_depth);
	if (rc == CC_OK && f->n > 1)
		qsort(f->file, f->n, sizeof *f->file, file_cmp);
	return rc;
}

int bundle_folder_file(cc_ctx *ctx, const struct bundle_folder *f,
                       const char *rel, int *fd)
{
	struct bundle_buf part = { 0 };
	const char *p = rel;
	int cur = f->fd, rc = CC_OK;
	struct stat st;

	*fd = -1;
	/* One component at a time, never through a link: a folder swapped
	 * for a link since it was listed cannot lead outside the bag. */
	while (rc == CC_OK) {
		size_t n = strcspn(p, "/");
		int last = p[n] == '\0', next;

		part.len = 0;
		if (bundle_buf_add(&part, p, n) != CC_OK) {
			rc = folder_oom(ctx);
			break;
		}
		next = openat(cur, part.p,
		              last ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		                             O_CLOEXEC
		                   : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cur != f->fd)
			close(cur);
		cur = f->fd;
		if (next < 0) {
			rc = host->report(ctx, CC_FAILED, 0, 0,
			                  "cannot open \"%s\": %s", rel,
			                  errno == ELOOP ? "a symbolic link is in the way"
			                                 : strerror(errno));
			break;
		}
		if (last) {
			if (fstat(next, &st) != 0 || !S_ISREG(st.st_mode)) {
				close(next);
				rc = host->report(ctx, CC_FAILED, 0, 0,
				                  "refusing \"%s\": no longer a regular "
				                  "file", rel);
			} else {
				*fd = next;
			}
			break;
		}
		cur = next;
		p += n + 1;
	}
	bundle_buf_free(&part);
	return rc;
}

void bundle_folder_close(struct bundle_folder *f)
{
	for (size_t i = 0; i < f->n; i++)
		host->free(f->file[i].name);
	host->free(f->file);
	if (f->fd >= 0)
		close(f->fd);
	memset(f, 0, sizeof *f);
	f->fd = -1;
}

int bundle_folder_probe(const char *name)
{
#define TAG_NAME(name) name,
	static const char *const tag[] = { BUNDLE_BAG_TAGS(TAG_NAME) };
#undef TAG_NAME
	char path[4096];

	for (size_t i = 0; i < sizeof tag / sizeof tag[0]; i++) {
		int n = snprintf(path, sizeof path, "%s%s", name, tag[i]);
		struct stat st;

		if (n > 0 && (size_t)n < sizeof path &&
		    lstat(path, &st) == 0)
			return CC_PROBE_MAX;
	}
	return CC_PROBE_NONE;
}
