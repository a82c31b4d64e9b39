/*
 * io.c: inputs read whole, outputs written atomically.  Never leaves a
 * partial file under a final name: file outputs live under a hidden
 * temporary name (".NAME.cctmp-HOST-PID-START-XXXXXX") in the target folder
 * until committed.  Every temporary this process has is recorded, so a
 * signal can remove them (cc_remove_temps); and only a file whose name
 * says a run of this host that is no longer running made it is ever
 * taken for a stale temporary (cc_temp_stale): never a user's file.
 */
#define _DEFAULT_SOURCE /* flock(2) */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "corpusconv.h"
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

#define READ_CHUNK (64 * 1024)

static const char too_large[] = "input is larger than the limit (see --max-input)";

/* read(2) again after a signal. */
static ssize_t
read_some(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/*
 * Reads fd to its end after what b holds already, straight into b's
 * spare room.  Returns 0, -1 with *why on a read error or when memory ran
 * out, -2 when the input passes limit (0: none).
 */
static int
read_rest(int fd, size_t limit, struct cc_buf *b, const char **why)
{
	for (;;) {
		ssize_t n;

		if (cc_buf_reserve(b, READ_CHUNK) != 0) {
			*why = "out of memory";
			return -1;
		}
		n = read_some(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0) {
			*why = strerror(errno);
			return -1;
		}
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (limit && b->len > limit) {
			*why = too_large;
			return -2;
		}
	}
}

/*
 * Reads a regular file that had `size` bytes when opened straight into
 * its cc_bytes: no growing buffer, no copy.  A file that shrank meanwhile
 * gives what it held; one that grew is read to its end through a buffer.
 */
static int
read_file(int fd, size_t size, size_t limit, struct cc_bytes **out, const char **why)
{
	struct cc_buf rest = CC_BUF_INIT;
	unsigned char *fill, probe;
	size_t got = 0;
	ssize_t n;
	int rc;

	*out = cc_bytes_alloc(size, &fill);
	if (*out == NULL) {
		*why = "out of memory";
		return -1;
	}
	while (got < size && (n = read_some(fd, fill + got, size - got)) > 0)
		got += (size_t)n;
	if (got < size) {
		if (n < 0)
			goto out_error;
		cc_bytes_truncate(*out, got);
		return 0;
	}
	if ((n = read_some(fd, &probe, 1)) <= 0) {
		if (n < 0)
			goto out_error;
		return 0;
	}
	/* It grew while we read it. */
	if (cc_buf_append(&rest, fill, got) != 0 || cc_buf_append(&rest, &probe, 1) != 0) {
		*why = "out of memory";
		rc = -1;
	} else if (limit && rest.len > limit) {
		*why = too_large;
		rc = -2;
	} else {
		rc = read_rest(fd, limit, &rest, why);
	}
	cc_bytes_unref(*out);
	*out = NULL;
	if (rc == 0 && (*out = cc_bytes_new(rest.data, rest.len)) == NULL) {
		*why = "out of memory";
		rc = -1;
	}
	cc_buf_free(&rest);
	return rc;
out_error:
	*why = strerror(errno);
	cc_bytes_unref(*out);
	*out = NULL;
	return -1;
}

int
cc_read_input(const char *path, size_t limit, struct cc_bytes **out, struct stat *opened,
              const char **why)
{
	struct cc_buf b = CC_BUF_INIT;
	struct stat st;
	int fd, rc, stated;

	*out = NULL;
	fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	stated = fstat(fd, &st) == 0;
	if (opened != NULL) {
		if (stated)
			*opened = st;
		else
			memset(opened, 0, sizeof(*opened));
	}
	if (stated && S_ISREG(st.st_mode)) {
		if (limit && (uintmax_t)st.st_size > limit) {
			*why = too_large;
			rc = -2;
		} else {
			rc = read_file(fd, (size_t)st.st_size, limit, out, why);
		}
		/* Kept with the bytes: a bundle records each original's. */
		if (rc == 0)
			cc_bytes_set_mtime(*out, (long long)st.st_mtime);
		goto out_close;
	}
	rc = read_rest(fd, limit, &b, why);
	if (rc == 0 && (*out = cc_bytes_new(b.data, b.len)) == NULL) {
		*why = "out of memory";
		rc = -1;
	}
	cc_buf_free(&b);
out_close:
	if (fd != STDIN_FILENO)
		close(fd);
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

double
cc_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- temporary names ---------------------------------------------------- */

/* The temporaries this process has created and not yet renamed or
 * removed (paths borrowed from their cc_out).  Creating, renaming and
 * removing one happen under temps_lock, so cc_remove_temps sees every
 * file there is, and after it none can appear. */
static pthread_mutex_t temps_lock = PTHREAD_MUTEX_INITIALIZER;
static const char **temps;
static size_t ntemps, captemps;
static int temps_closed;

/* Records path; call with temps_lock held.  0, or -1 (ENOMEM). */
static int
temps_add(const char *path)
{
	if (cc_grow(&temps, &captemps, ntemps + 1, sizeof(*temps)) != 0) {
		errno = ENOMEM;
		return -1;
	}
	temps[ntemps++] = path;
	return 0;
}

/* Forgets path; call with temps_lock held. */
static void
temps_forget(const char *path)
{
	for (size_t i = 0; i < ntemps; i++)
		if (temps[i] == path) {
			temps[i] = temps[--ntemps];
			break;
		}
}

/* The worker processes running (--isolate): on a signal they are told
 * to end (each removes its own temporaries) and waited for. */
struct child_rec {
	pid_t pid;
	char *dir; /* the folder of its output, owned; NULL: unknown */
};
static struct child_rec *children;
static size_t nchildren, capchildren;

/*
 * Held from a worker's fork to its record in children, and taken for
 * good by cc_remove_temps before it ends the workers.  Without it a
 * worker forked while a signal's clean-up ran was never told to end: it
 * could start before its parent exited and miss PR_SET_PDEATHSIG, then
 * run on alone, holding its output's claim into the next run and writing
 * an output no report names.  Taken before temps_lock, never after; a
 * worker forked with it held never touches its copy.
 */
static pthread_mutex_t fork_lock = PTHREAD_MUTEX_INITIALIZER;

pid_t
cc_fork_worker(const char *out_path)
{
	const char *slash = out_path ? strrchr(out_path, '/') : NULL;
	char *dir = out_path == NULL ? NULL :
	            slash ? strndup(out_path, (size_t)(slash - out_path)) : strdup(".");
	pid_t pid;
	int kept = 0;

	if (out_path != NULL && dir == NULL)
		return -1;
	/* A grown list before the fork: the record after it cannot fail. */
	pthread_mutex_lock(&temps_lock);
	kept = cc_grow(&children, &capchildren, nchildren + 1, sizeof(*children)) == 0;
	pthread_mutex_unlock(&temps_lock);
	if (!kept) {
		free(dir);
		errno = ENOMEM;
		return -1;
	}
	pthread_mutex_lock(&fork_lock);
	pid = fork();
	if (pid == 0) {
		free(dir);
		return 0;
	}
	if (pid > 0) {
		pthread_mutex_lock(&temps_lock);
		children[nchildren].pid = pid;
		children[nchildren++].dir = dir;
		dir = NULL;
		pthread_mutex_unlock(&temps_lock);
	}
	pthread_mutex_unlock(&fork_lock);
	free(dir);
	return pid;
}

/* The record of worker pid in children, or NULL.  With temps_lock held. */
static struct child_rec *
child_find(pid_t pid)
{
	for (size_t i = 0; i < nchildren; i++)
		if (children[i].pid == pid)
			return &children[i];
	return NULL;
}

int
cc_child_kill(pid_t pid, int sig)
{
	int rc = -1;

	pthread_mutex_lock(&temps_lock);
	errno = ESRCH;
	if (child_find(pid) != NULL)
		rc = kill(pid, sig);
	pthread_mutex_unlock(&temps_lock);
	return rc;
}

static void remove_temps_of(const char *dir, pid_t pid);

int
cc_child_reap(pid_t pid, int *status, int failed)
{
	struct child_rec *c;
	pid_t r = -1;

	pthread_mutex_lock(&temps_lock);
	errno = ECHILD;
	c = child_find(pid);
	/* Not recorded and not reaped by a signal's clean-up (which ends
	 * them all and then sets temps_closed): never recorded, reaped
	 * here. */
	if (c != NULL || !temps_closed)
		while ((r = waitpid(pid, status, 0)) < 0 && errno == EINTR)
			;
	if (c != NULL) {
		/* A worker that sent no result: what it left beside its
		 * output goes before its record, as end_children does. */
		if (failed && r == pid)
			remove_temps_of(c->dir, pid);
		free(c->dir);
		*c = children[--nchildren];
	}
	if (nchildren == 0) {
		free(children);
		children = NULL;
		capchildren = 0;
	}
	pthread_mutex_unlock(&temps_lock);
	return r == pid ? 0 : -1;
}

static const char *temp_parse(const char *name, unsigned long *host, long *pid,
                              unsigned long long *start);
static unsigned long host_tag(void);
/* What a claim file's line says (claim_owner); 0 in a field: unknown. */
struct claim_line {
	long pid;                       /* the process that made it */
	long run;                       /* its run's main process */
	unsigned long long start;       /* their start times (proc_start) */
	unsigned long long run_start;
};
static int claim_take(const char *claim, long only, struct claim_line *c, int temps_lock_held);
static long claim_owner(int fd, struct claim_line *c);
#define CLAIM_SUFFIX ".ccclaim"

/* Removes from folder dir the temporaries and the output claims of
 * process pid of this host, which has ended.  With temps_lock held. */
static void
remove_temps_of(const char *dir, pid_t pid)
{
	DIR *d = dir ? opendir(dir) : NULL;
	unsigned long long start;
	struct dirent *e;
	unsigned long host;
	long p;
	size_t n;

	if (d == NULL)
		return;
	/* Whatever its start time: no process runs as pid now but the ended
	 * one, not yet reaped. */
	while ((e = readdir(d)) != NULL) {
		if (temp_parse(e->d_name, &host, &p, &start) != NULL && host == host_tag() &&
		    p == (long)pid) {
			unlinkat(dirfd(d), e->d_name, 0);
			continue;
		}
		n = strlen(e->d_name);
		if (e->d_name[0] == '.' && n > sizeof(CLAIM_SUFFIX) &&
		    strcmp(e->d_name + n - strlen(CLAIM_SUFFIX), CLAIM_SUFFIX) == 0) {
			struct cc_buf path = CC_BUF_INIT;
			struct claim_line c;
			struct stat st;
			/* Read first, unlocked: only a claim naming pid is taken
			 * (and locked), not every other run's in the folder. */
			int fd = openat(dirfd(d), e->d_name,
			                O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			long owner = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ?
			             claim_owner(fd, &c) : 0;
			if (fd >= 0)
				close(fd);
			if (owner == (long)pid && cc_buf_printf(&path, "%s/%s", dir, e->d_name) == 0)
				claim_take(path.data, (long)pid, &c, 1);
			cc_buf_free(&path);
		}
	}
	closedir(d);
}

/* Tells the worker processes to end (each removes its temporaries) and
 * waits for them, two seconds at most before SIGKILL.  With temps_lock
 * held. */
static void
end_children(void)
{
	struct timespec tick = { 0, 10000000 };
	size_t left = nchildren;

	for (size_t i = 0; i < nchildren; i++)
		kill(children[i].pid, SIGTERM);
	for (int ms = 0; left > 0 && ms < 2000; ms += 10) {
		for (size_t i = 0; i < nchildren; i++)
			if (children[i].pid > 0 && waitpid(children[i].pid, NULL, WNOHANG) != 0) {
				children[i].pid = -children[i].pid; /* reaped */
				left--;
			}
		if (left > 0)
			nanosleep(&tick, NULL);
	}
	for (size_t i = 0; i < nchildren; i++) {
		if (children[i].pid > 0) {
			kill(children[i].pid, SIGKILL);
			waitpid(children[i].pid, NULL, 0);
			children[i].pid = -children[i].pid;
		}
		/* A worker killed, or ended before its own clean-up saw a
		 * temporary: its temporaries beside its output go now. */
		remove_temps_of(children[i].dir, -children[i].pid);
		free(children[i].dir);
	}
	nchildren = 0;
}

/* The claims this process holds on output paths, removed at the end of
 * the run (cc_release_claims) or on a signal: each claim file's name
 * (owned) and its inode, by which claim_stale knows a claim of its own
 * under any name. */
struct own_claim {
	char *name;
	dev_t dev;
	ino_t ino;
};
static struct own_claim *claims;
static size_t nclaims, capclaims;

/*
 * The inodes of claims[] as a hash set, so that claim_ours answers in
 * constant time (it runs under temps_lock on every clash, and a run may
 * meet as many claims of a crashed run with its pid as it has outputs):
 * open addressing with linear probing, each slot an index into claims
 * plus one (0: empty), capslots a power of two at least twice nclaims.
 * Claims are only ever forgotten all at once (claims_forget_all).
 */
static size_t *claim_slots;
static size_t capslots;

static size_t
claim_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino ^ (uint64_t)dev * 0x9e3779b97f4a7c15u;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

/* The slot holding (dev, ino), or the empty one where it would go.
 * capslots must be nonzero; the table is never full. */
static size_t *
claim_slot(dev_t dev, ino_t ino)
{
	size_t mask = capslots - 1;

	for (size_t i = claim_hash(dev, ino) & mask;; i = (i + 1) & mask) {
		size_t k = claim_slots[i];

		if (k == 0 || (claims[k - 1].dev == dev && claims[k - 1].ino == ino))
			return &claim_slots[i];
	}
}

/* Makes room in claims and claim_slots for one claim more, so that
 * recording it after its link cannot fail.  Call with temps_lock held.
 * 0, or -1 (ENOMEM). */
static int
claims_reserve(void)
{
	size_t *old = claim_slots, cap;

	if (cc_grow(&claims, &capclaims, nclaims + 1, sizeof(*claims)) != 0)
		goto out_nomem;
	if ((nclaims + 1) * 2 <= capslots)
		return 0;
	cap = capslots ? capslots * 2 : 64;
	if (cap <= capslots || (claim_slots = calloc(cap, sizeof(*claim_slots))) == NULL) {
		claim_slots = old;
		goto out_nomem;
	}
	capslots = cap;
	for (size_t i = 0; i < nclaims; i++)
		*claim_slot(claims[i].dev, claims[i].ino) = i + 1;
	free(old);
	return 0;
out_nomem:
	errno = ENOMEM;
	return -1;
}

/* Records the claim file name (made or adopted) with its inode; room made by
 * claims_reserve.  Call with temps_lock held. */
static void
claims_add(char *name, const struct stat *st)
{
	claims[nclaims].name = name;
	claims[nclaims].dev = st->st_dev;
	claims[nclaims].ino = st->st_ino;
	nclaims++;
	*claim_slot(st->st_dev, st->st_ino) = nclaims;
}

/* Forgets every claim (their names freed by the caller first, or not
 * at all when the process ends).  Call with temps_lock held. */
static void
claims_forget_all(void)
{
	nclaims = 0;
	if (claim_slots != NULL)
		memset(claim_slots, 0, capslots * sizeof(*claim_slots));
}

/* Held while a finished input's record is written (its journal entry,
 * then its report line), and taken for good by cc_remove_temps: a run
 * ended by a signal leaves either both or neither.  A journal entry
 * without its report line made the resumed run report the input as
 * skipped although no report said it was converted. */
static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;
#define RECORD_WAIT 5 /* seconds; a record is two short writes */
/* False in a worker process (cc_forget_inherited): it writes no records
 * and forks no workers, and the record_lock and fork_lock it inherited
 * may have been held by its parent's threads when it was forked. */
static int records_here = 1;

void
cc_record_begin(void)
{
	pthread_mutex_lock(&record_lock);
}

void
cc_record_end(void)
{
	pthread_mutex_unlock(&record_lock);
}

void
cc_remove_temps(void)
{
	/* Never given back: the caller exits.  A record stuck in its write
	 * (a report on a pipe no one reads) is waited for RECORD_WAIT
	 * seconds at most: the temporaries go regardless. */
	if (records_here) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += RECORD_WAIT;
		(void)pthread_mutex_timedlock(&record_lock, &until);
		pthread_mutex_lock(&fork_lock);
	}
	pthread_mutex_lock(&temps_lock);
	/* The workers end first: while they run, this process's claims
	 * (its own, and those it adopted from ended workers) must hold
	 * against them, and a killed one's claims are told from these. */
	end_children();
	for (size_t i = 0; i < ntemps; i++)
		unlink(temps[i]);
	ntemps = 0;
	for (size_t i = 0; i < nclaims; i++)
		unlink(claims[i].name);
	claims_forget_all();
	temps_closed = 1;
	pthread_mutex_unlock(&temps_lock);
}

int
cc_ending_signal_pending(void)
{
	sigset_t p;

	if (sigpending(&p) != 0)
		return 0;
	return sigismember(&p, SIGTERM) == 1 ? SIGTERM : sigismember(&p, SIGINT) == 1 ? SIGINT : 0;
}

/* This host, as 8 hex digits (FNV-1a of its name): a temporary's pid
 * means something only on the host that made it (a shared folder). */
static unsigned long
host_tag(void)
{
	char name[256] = "";
	uint32_t h = 2166136261u;

	gethostname(name, sizeof(name) - 1);
	for (const char *p = name; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619u;
	}
	return h;
}

#define TMP_MARKER ".cctmp-"

/* Parses the tail TMP_MARKER "HOST-PID-START-XXXXXX" of a temporary's
 * name (START: the making process's start time in hex, 0 when unknown;
 * names from before it, "HOST-PID-XXXXXX", are read with start 0);
 * returns where the marker starts in name, or NULL when name is not one
 * of ours. */
static const char *
temp_parse(const char *name, unsigned long *host, long *pid, unsigned long long *start)
{
	const char *m = NULL, *p;
	char *end;

	for (p = name; (p = strstr(p, TMP_MARKER)) != NULL; p++)
		m = p;
	if (name[0] != '.' || m == NULL || m == name)
		return NULL;
	p = m + strlen(TMP_MARKER);
	for (int i = 0; i < 8; i++)
		if (!strchr("0123456789abcdef", p[i]) || p[i] == '\0')
			return NULL;
	if (p[8] != '-' || !(p[9] >= '1' && p[9] <= '9'))
		return NULL;
	*host = strtoul(p, NULL, 16);
	errno = 0;
	*pid = strtol(p + 9, &end, 10);
	if (errno != 0 || *pid <= 0 || end[0] != '-')
		return NULL;
	*start = 0;
	if (strlen(end + 1) != 6) {
		p = end + 1;
		if (strspn(p, "0123456789abcdef") == 0)
			return NULL;
		errno = 0;
		*start = strtoull(p, &end, 16);
		if (errno != 0 || end[0] != '-' || strlen(end + 1) != 6)
			return NULL;
	}
	for (p = end + 1; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9')))
			return NULL;
	return m;
}

int
cc_temp_name(const char *name)
{
	unsigned long long start;
	unsigned long host;
	long pid;

	return temp_parse(name, &host, &pid, &start) != NULL;
}

/* --- claims on output paths -------------------------------------------- */

static int temp_create(const char *path, char **tmp_out);

/*
 * A claim file's one line: the process that made it, its host, the run
 * it belongs to (this_run), and the start times of that process and of
 * that run's main process (proc_start; 0: unknown).  A pid alone does not
 * name a process: pids repeat, from one run to the next in a container
 * (where the main process is often pid 1) and within a long run once
 * pid_max wraps.  Lines without the start times (older runs) are read
 * too, their processes then known by pid only.
 */
#define CLAIM_FORMAT "corpusconv claim: pid %ld on %s in run %ld (start %llu %llu)\n"
#define CLAIM_SCAN "corpusconv claim: pid %ld on %256s in run %ld (start %llu %llu)"

/* The pid of this run's main process when this is a worker process
 * (--isolate), and its start time, set by cc_forget_inherited; 0 in the
 * main process. */
static long run_pid;
static unsigned long long run_start;

/*
 * When process pid started, in clock ticks since boot (field 22 of
 * /proc/PID/stat, read after the last ')': the command name before it
 * may hold anything); 0 when unknown (no /proc, not Linux, no such
 * process).  A zombie's is there until it is reaped.
 */
static unsigned long long
stat_start(const char *path)
{
	char text[1024], *p, *end;
	unsigned long long start;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read_some(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	if ((p = strrchr(text, ')')) == NULL)
		return 0;
	p++;
	/* Fields 3 (the state) to 21, then 22. */
	for (int field = 3; field < 22; field++) {
		p += strspn(p, " ");
		p += strcspn(p, " ");
	}
	errno = 0;
	start = strtoull(p, &end, 10);
	return errno == 0 && end != p ? start : 0;
}

static unsigned long long
proc_start(long pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	return stat_start(path);
}

/* This process's start time (proc_start), 0 when unknown: read once a
 * process (a forked worker reads its own), from /proc/self, which is
 * this process even where /proc belongs to another pid namespace. */
static unsigned long long
self_start(void)
{
	static _Atomic unsigned long long cached;
	static _Atomic long cached_pid;
	long pid = (long)getpid();
	unsigned long long start;

	if (atomic_load(&cached_pid) == pid)
		return atomic_load(&cached);
	start = stat_start("/proc/self/stat");
	atomic_store(&cached, start);
	atomic_store(&cached_pid, pid);
	return start;
}

/*
 * Is process pid, which started at start (0: unknown), still there?  A
 * pid that has been taken again by a process started at another time is
 * not; one whose start cannot be read now (the process ending, or /proc
 * hiding it) is, as any pid is when its start is unknown: a false clash,
 * never a lost claim.  A zombie is there.
 */
static int
proc_alive(long pid, unsigned long long start)
{
	unsigned long long now;

	if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH))
		return 0;
	return start == 0 || (now = proc_start(pid)) == 0 || now == start;
}

/*
 * A temporary is stale when the process its name gives is gone: its pid
 * no longer runs, or runs a process started at another time (pids repeat:
 * in a container the main process of every run may be pid 1).  Its start
 * unknown (an older name, no /proc), the pid alone decides, and this
 * process's own pid is taken for its own.
 */
int
cc_temp_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	unsigned long long start, mine;
	unsigned long host;
	struct stat st;
	long pid;

	if (temp_parse(slash ? slash + 1 : path, &host, &pid, &start) == NULL ||
	    host != host_tag())
		return 0;
	if (pid == (long)getpid()) {
		if (start == 0 || (mine = self_start()) == 0 || start == mine)
			return 0;
	} else if (proc_alive(pid, start)) {
		return 0;
	}
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
}

/* The run this process belongs to, as the pid of its main process: a
 * claim naming it (and the same start time, when both are known) was
 * made by this process, its parent or a sibling worker, never by
 * another run while this one lives. */
static long
this_run(void)
{
	return run_pid ? run_pid : (long)getpid();
}

static unsigned long long
this_run_start(void)
{
	return run_pid ? run_start : self_start();
}

/* Does the claim line c say this run? */
static int
claim_this_run(const struct claim_line *c)
{
	unsigned long long mine;

	if (c->run != this_run())
		return 0;
	return c->run_start == 0 || (mine = this_run_start()) == 0 || c->run_start == mine;
}

/* ".NAME.ccclaim" beside path; the caller frees. */
static char *
claim_name(const char *path)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;

	if (slash)
		cc_buf_append(&b, path, (size_t)(base - path));
	if (cc_buf_printf(&b, ".%.*s" CLAIM_SUFFIX, CC_TMP_NAME_KEEP, base) != 0) {
		cc_buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* The pid the claim file open on fd names, when a run on this host wrote
 * it, with the whole line in *c (the run 0 when it does not say it, the
 * start times 0 in a line without them); 0 when it cannot be read or
 * names another host (its run cannot be checked).  A claim's text never
 * changes once it has its name. */
static long
claim_owner(int fd, struct claim_line *c)
{
	char text[512], host[256] = "", fmt_host[257];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	int got;

	memset(c, 0, sizeof(*c));
	if (n <= 0)
		return 0;
	text[n] = '\0';
	gethostname(host, sizeof(host) - 1);
	got = sscanf(text, CLAIM_SCAN, &c->pid, fmt_host, &c->run, &c->start, &c->run_start);
	if (got < 2 || strcmp(fmt_host, host) != 0) {
		memset(c, 0, sizeof(*c));
		return 0;
	}
	if (got < 5)
		c->start = c->run_start = 0;
	return c->pid;
}

/* Is the claim file st one this process made (under any name)?  Called
 * with temps_lock held. */
static int
claim_ours(const struct stat *st)
{
	return nclaims != 0 && *claim_slot(st->st_dev, st->st_ino) != 0;
}

/*
 * Is the run that made the claim file st, whose line is c, gone?  A
 * claim is live when this process made or adopted it: two inputs of one
 * run whose outputs are one file (two names of it, as through a symbolic
 * link to a folder) must not both write it.  One naming this process's
 * pid that it did not make was left by a process gone before that had
 * this pid (pids repeat: in a container from one run to the next, within
 * a run once pid_max wraps): stale, unless its line names a run still
 * going (an ended worker's claim its run adopted).  Another pid is stale
 * only once no process has it, or one started at another time than the
 * line says (a pid taken again when the start is unknown keeps the claim
 * live: a false clash, never a lost claim), and, when its line names the
 * run it belonged to, that run has ended too, or is this process.
 * Called with temps_lock held.
 */
static int
claim_stale(const struct claim_line *c, const struct stat *st)
{
	if (claim_ours(st))
		return 0; /* made or adopted by this process */
	if (c->pid <= 0)
		return 0;
	/* A line naming this process that it does not hold was written by
	 * an earlier holder of its pid (its start time, counted in ticks,
	 * may even be this process's: two workers can start in one tick):
	 * only the run it names can keep it live. */
	if (c->pid != (long)getpid() && proc_alive(c->pid, c->start))
		return 0;
	/* A worker (--isolate) that has ended leaves its claims to its
	 * run's main process, which adopts them (cc_adopt_claim): while
	 * that process lives, they are its run's, live to anyone else.  One
	 * of this process's workers that it has not adopted (the worker
	 * crashed, or sent no result) is stale to it. */
	if (c->run > 0 && c->run != c->pid && c->run != (long)getpid())
		return !proc_alive(c->run, c->run_start);
	return 1;
}

/*
 * Makes claim hold this process's line, all at once: written to a
 * temporary first, then linked to the claim's name, which fails if the
 * name exists (a kill between creating and writing the claim would leave
 * one naming nobody).  The link and its record in claims happen in one
 * hold of temps_lock, as do the temporary's removal and its record's: a
 * signal's clean-up (cc_remove_temps, which takes that lock) finds the
 * claim either not made or recorded, and the temporary either recorded
 * or gone, never a file made and not yet recorded, which nobody would
 * remove.  On success the claims take over *claim (set to NULL).  0, or
 * -1 with errno (EEXIST: claimed already; ECANCELED: the run is ending).
 */
static int
claim_link(char **claim)
{
	struct cc_buf text = CC_BUF_INIT;
	char host[256] = "", *tmp = NULL;
	int fd, rc = -1, saved, written;
	struct stat st;

	gethostname(host, sizeof(host) - 1);
	if ((fd = temp_create(*claim, &tmp)) < 0)
		return -1;
	written = cc_buf_printf(&text, CLAIM_FORMAT, (long)getpid(), host, this_run(),
	                        self_start(), this_run_start()) == 0 &&
	          write(fd, text.data, text.len) == (ssize_t)text.len && fstat(fd, &st) == 0;
	saved = errno;
	if (close(fd) != 0 && written) {
		written = 0;
		saved = errno;
	}
	pthread_mutex_lock(&temps_lock);
	if (!written) {
		errno = saved;
	} else if (temps_closed) {
		errno = ECANCELED;
	} else if (claims_reserve() != 0) {
		errno = ENOMEM;
	} else if ((rc = link(tmp, *claim)) == 0) {
		claims_add(*claim, &st);
		*claim = NULL;
	}
	saved = errno;
	unlink(tmp);
	temps_forget(tmp);
	pthread_mutex_unlock(&temps_lock);
	free(tmp);
	cc_buf_free(&text);
	errno = saved;
	return rc;
}

/*
 * One attempt at removing the claim file named claim if it is stale (and,
 * when only is not 0, names pid only), with temps_lock held.
 *
 * The name of a claim is never emptied while the claim is live, so no
 * run can link its own claim in its place.  A claim's name is bound to
 * its file in three ways only: link(2) in claim_link, which binds a free
 * name and nothing else; the unlink of a run's own claims by that run
 * while it runs (cc_release_claims, cc_remove_temps); and this function,
 * the one way any process removes a claim it did not make.  Here the
 * file is opened and locked (flock(2), exclusive), and under the lock
 * its owner is read from the open file and found stale (that run has
 * ended: it unlinks nothing any more), and then the name is found still
 * bound to the file locked (lstat against fstat); only then is the name
 * unlinked, before the lock is given back.  Between that check and the
 * unlink nothing can bind the name to another file: the name is not
 * free, the dead owner does nothing, and any other taker waits for the
 * lock and then finds the name free or bound to another file.  So of
 * takers racing for one stale claim exactly one removes it; none ever
 * removes a live claim, a claim linked after the stale one went, or one
 * whose owner was alive when checked.  A claim that is not a regular
 * file is held by nobody this run can check: it is left.
 *
 * flock(2) locks an open file description, so two threads of this
 * process contend as two processes do.  Where it is emulated with
 * fcntl(2) locks (NFS), the lock needs a file open for writing, and any
 * close of the file by this process drops it: the file is opened for
 * writing when that is allowed, and every open and close of a claim by
 * a take-over happens under temps_lock, one take-over at a time.  A
 * lock that cannot be had on a read-only file fails with ENOLCK, the
 * claim left.  The lock is asked for without waiting: a process holding
 * temps_lock must never wait on another process (a signal's clean-up
 * takes that lock).  A take-over makes no file, so a signal's clean-up,
 * before or after it, has nothing of it to remove; after that clean-up
 * (temps_closed) none removes anything.
 *
 * Returns 0 when the name is free or bound to another file than the one
 * found (the stale claim removed now, or by another run: link again), 1
 * when the claim holds (*c its line: c->pid its owner, 0 when unknown,
 * c->run the run it says it belongs to, 0 when unknown), -1 with errno
 * (EWOULDBLOCK: another process holds the claim's lock; ask again).
 */
static int
claim_take_once(const char *claim, long only, struct claim_line *c)
{
	struct stat st, named;
	int fd, rc = -1, saved;

	memset(c, 0, sizeof(*c));
	if (temps_closed) {
		errno = ECANCELED;
		return -1;
	}
	fd = open(claim, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EROFS))
		fd = open(claim, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EAGAIN)
			errno = ENOLCK;
		goto out_close;
	}
	if (fstat(fd, &st) != 0)
		goto out_close;
	if (!S_ISREG(st.st_mode)) {
		rc = 1;
		goto out_close;
	}
	claim_owner(fd, c);
	if (!claim_stale(c, &st) || (only != 0 && c->pid != only)) {
		rc = 1;
	} else if (lstat(claim, &named) != 0) {
		if (errno == ENOENT)
			rc = 0;
	} else if (named.st_dev != st.st_dev || named.st_ino != st.st_ino) {
		rc = 0; /* another file has the name now: start again */
	} else if (unlink(claim) == 0 || errno == ENOENT) {
		rc = 0;
	}
out_close:
	saved = errno;
	close(fd); /* gives the lock back, after the unlink */
	errno = saved;
	return rc;
}

/* How long a take-over waits for another process's lock on a claim, in
 * milliseconds: a take-over holds it for a few system calls, unless its
 * process is stopped.  Less while a signal's clean-up waits. */
#define CLAIM_WAIT_MS 30000
#define CLAIM_WAIT_HELD_MS 2000

/*
 * Removes the claim file named claim if it is stale (claim_take_once),
 * waiting for another process's lock on it.  temps_lock_held says the
 * caller holds temps_lock, which is then kept (a signal's clean-up);
 * otherwise it is taken for each attempt, and given back while waiting.
 * Returns as claim_take_once; -1 with EWOULDBLOCK when the lock stayed
 * held past the wait.
 */
static int
claim_take(const char *claim, long only, struct claim_line *c, int temps_lock_held)
{
	long waited = 0, step = 1, limit = temps_lock_held ? CLAIM_WAIT_HELD_MS : CLAIM_WAIT_MS;
	struct timespec tick;
	int rc;

	for (;;) {
		if (!temps_lock_held)
			pthread_mutex_lock(&temps_lock);
		rc = claim_take_once(claim, only, c);
		if (!temps_lock_held)
			pthread_mutex_unlock(&temps_lock);
		if (rc != -1 || (errno != EWOULDBLOCK && errno != EAGAIN) || waited >= limit)
			return rc;
		tick.tv_sec = 0;
		tick.tv_nsec = step * 1000000;
		nanosleep(&tick, NULL);
		waited += step;
		step = step < 64 ? step * 2 : 64;
	}
}

int
cc_claim_output(const char *path, long *owner)
{
	char *claim = claim_name(path);
	struct claim_line c = { 0 };
	int rc = -1;

	*owner = 0;
	if (claim == NULL || cc_mkdirs_for(path) != 0) {
		free(claim);
		return -1;
	}
	for (int tries = 0; tries < 3; tries++) {
		if (claim_link(&claim) == 0) {
			rc = 0;
			break;
		}
		if (errno != EEXIST)
			break;
		/* A finished run's claim, left behind, is taken over (as its
		 * temps are); then link again. */
		if ((rc = claim_take(claim, 0, &c, 0)) != 0)
			break;
		rc = -1;
		errno = EEXIST; /* should the tries run out */
	}
	*owner = c.pid;
	if (rc == 1 && claim_this_run(&c))
		rc = 2;
	free(claim);
	return rc;
}

void
cc_adopt_claim(const char *path, pid_t worker)
{
	char *claim = claim_name(path);
	struct claim_line c;
	struct stat st, named;
	int fd = claim ? open(claim, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		goto out;
	/* The worker's and this process's start times, exactly (both 0
	 * where they cannot be known): the worker is not reaped yet, so
	 * its pid is still its own. */
	if (claim_owner(fd, &c) != (long)worker || c.start != proc_start((long)worker) ||
	    c.run != (long)getpid() || c.run_start != self_start())
		goto out;
	pthread_mutex_lock(&temps_lock);
	/* Still the file read (not removed and claimed again since), and
	 * not recorded yet (two outputs of the worker, one file). */
	if (!temps_closed && lstat(claim, &named) == 0 && named.st_dev == st.st_dev &&
	    named.st_ino == st.st_ino && !claim_ours(&st) && claims_reserve() == 0) {
		claims_add(claim, &st);
		claim = NULL;
	}
	pthread_mutex_unlock(&temps_lock);
out:
	if (fd >= 0)
		close(fd);
	free(claim);
}

void
cc_forget_inherited(void)
{
	pthread_mutex_lock(&temps_lock);
	records_here = 0;
	if (run_pid == 0) {
		/* Its parent, still there: child_main ends this process
		 * if the parent has changed since the fork. */
		run_pid = (long)getppid();
		run_start = proc_start(run_pid);
	}
	ntemps = 0;
	for (size_t i = 0; i < nclaims; i++)
		free(claims[i].name);
	claims_forget_all();
	for (size_t i = 0; i < nchildren; i++)
		free(children[i].dir);
	nchildren = 0;
	pthread_mutex_unlock(&temps_lock);
}

char *
cc_claim_name(const char *path)
{
	return claim_name(path);
}

void
cc_drop_stale_claim(const char *path)
{
	char *claim = claim_name(path);
	struct claim_line c;

	if (claim != NULL)
		claim_take(claim, 0, &c, 0);
	free(claim);
}

void
cc_release_claims(void)
{
	pthread_mutex_lock(&temps_lock);
	if (temps_closed) {
		/* A signal is ending the process (cc_remove_temps ran, and its
		 * thread exits with the signal's status): the run must not end
		 * first with its own.  Signals are blocked here: this waits. */
		pthread_mutex_unlock(&temps_lock);
		for (;;)
			pause();
	}
	for (size_t i = 0; i < nclaims; i++) {
		unlink(claims[i].name);
		free(claims[i].name);
	}
	claims_forget_all();
	pthread_mutex_unlock(&temps_lock);
}

#define TMP_TRIES 100

/*
 * Six characters for a temporary name.  Not secret, only unlikely to be
 * taken: O_EXCL settles any clash, and we try again.
 */
static void
tmp_suffix(char out[7])
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static atomic_ulong counter;
	struct timespec ts;
	unsigned long long x;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 32) ^
	    (atomic_fetch_add(&counter, 1) * 0x9E3779B97F4A7C15ull);
	/* splitmix64's finaliser spreads the bits. */
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	x ^= x >> 31;
	for (int i = 0; i < 6; i++, x /= 62)
		out[i] = set[x % 62];
	out[6] = '\0';
}

/*
 * Creates a temporary file beside path (".NAME.cctmp-HOST-PID-START-XXXXXX"),
 * recorded so that a signal removes it.  Returns its descriptor and sets
 * *tmp (owned by the caller, who forgets it under temps_lock before
 * freeing it: cc_out_free, claim_link), or -1 with errno set.
 */
static int
temp_create(const char *path, char **tmp_out)
{
	struct cc_buf tmp = CC_BUF_INIT;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char suffix[7];
	int fd = -1;

	pthread_mutex_lock(&temps_lock);
	errno = ECANCELED;
	for (int i = 0; i < TMP_TRIES && !temps_closed; i++) {
		tmp.len = 0;
		tmp_suffix(suffix);
		if (slash)
			cc_buf_append(&tmp, path, (size_t)(base - path));
		if (cc_buf_printf(&tmp, ".%.*s" TMP_MARKER "%08lx-%ld-%llx-%s", CC_TMP_NAME_KEEP,
		                  base, host_tag(), (long)getpid(), self_start(), suffix) != 0) {
			errno = ENOMEM;
			break;
		}
		/* Mode 0666 through open: the umask applies as for any new file. */
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd >= 0 && temps_add(tmp.data) != 0) {
		unlink(tmp.data);
		close(fd);
		fd = -1;
	}
	pthread_mutex_unlock(&temps_lock);
	if (fd < 0) {
		cc_buf_free(&tmp);
		return -1;
	}
	*tmp_out = cc_buf_steal(&tmp);
	return fd;
}

/*
 * Opens the output for path.  A regular file (or one not there yet) is
 * written under a temporary name beside it and renamed when complete; a
 * symbolic link is followed to the file it names, so the link stays a
 * link.  Anything else that exists (a device such as /dev/null, a FIFO)
 * cannot be replaced atomically and is written in place.
 */
cc_out *
cc_out_file(const char *path, const char **why)
{
	char *real = NULL;
	struct stat st;
	cc_out *o;

	*why = "out of memory";
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL) {
			*why = "a symbolic link to nowhere";
			return NULL;
		}
		path = real;
	}
	o = out_new(OUT_FILE, path);
	if (o == NULL)
		goto out_free;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			*why = "is a folder";
			goto out_free;
		}
		o->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (o->fd < 0) {
			*why = strerror(errno);
			goto out_free;
		}
		free(real);
		return o;
	}
	if (cc_mkdirs_for(path) != 0) {
		*why = strerror(errno);
		goto out_free;
	}
	if ((o->fd = temp_create(path, &o->tmp)) < 0) {
		*why = strerror(errno);
		goto out_free;
	}
	free(real);
	return o;
out_free:
	if (o) {
		free(o->name);
		free(o);
	}
	free(real);
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

/* Writes all of p[0..len) to the output's descriptor. */
static int
write_all(cc_out *o, const char *p, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(o->fd, p + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->failed = errno ? errno : EIO;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

static int
out_flush(cc_out *o)
{
	if (o->kind == OUT_MEM || o->failed)
		return o->failed ? -1 : 0;
	if (write_all(o, o->buf.data, o->buf.len) != 0)
		return -1;
	o->buf.len = 0;
	return 0;
}

/* CC_FATAL for a failed output, with errno set to why it failed (the
 * plugin ABI promises it, so a writer can name the reason). */
static int
out_fatal(const cc_out *out)
{
	errno = out->failed;
	return CC_FATAL;
}

int
cc_out_write(cc_out *out, const void *buf, size_t len)
{
	if (out->failed)
		return out_fatal(out);
	/* A large piece goes out as it is, after what is pending, rather
	 * than be copied into the buffer first. */
	if (out->kind != OUT_MEM && len >= OUT_FLUSH_AT) {
		if (out_flush(out) != 0 || write_all(out, buf, len) != 0)
			return out_fatal(out);
		return CC_OK;
	}
	if (cc_buf_append(&out->buf, buf, len) != 0) {
		out->failed = ENOMEM;
		return out_fatal(out);
	}
	if (out->kind != OUT_MEM && out->buf.len >= OUT_FLUSH_AT && out_flush(out) != 0)
		return out_fatal(out);
	return CC_OK;
}

int
cc_out_failed(const cc_out *out)
{
	return out->failed != 0;
}

int
cc_out_error(const cc_out *out)
{
	return out->failed;
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
	if (out->tmp) {
		pthread_mutex_lock(&temps_lock);
		unlink(out->tmp);
		temps_forget(out->tmp);
		pthread_mutex_unlock(&temps_lock);
	}
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
	if (out->kind == OUT_FILE && out->tmp == NULL) {
		/* Written in place (a device, a FIFO): only close it. */
		if (close(out->fd) != 0) {
			out->fd = -1;
			*why = strerror(errno);
			goto out_free;
		}
		out->fd = -1;
	} else if (out->kind == OUT_FILE) {
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
		pthread_mutex_lock(&temps_lock);
		errno = ECANCELED;
		if (temps_closed || cc_ending_signal_pending() ||
		    rename(out->tmp, out->name) != 0) {
			pthread_mutex_unlock(&temps_lock);
			*why = strerror(errno);
			goto out_free;
		}
		temps_forget(out->tmp);
		pthread_mutex_unlock(&temps_lock);
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
