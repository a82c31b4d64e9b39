/*
 * interpose.c: an LD_PRELOAD library for the tests that need something
 * to happen at one exact point inside a run of corpusconv, where no
 * option or input can put it: a signal just after an output claim is
 * linked, an input replaced just after it is opened, a third run while
 * an output claim is taken over.  Set by the
 * environment; with none of its variables set it changes nothing.  Built
 * for `make check` only, never installed.
 *
 *   CC_INTERPOSE_SIGNAL_AFTER_LINK=SUFFIX
 *     After the first link(2) that succeeds and makes a name ending in
 *     SUFFIX: send this process SIGTERM, wait until its signal thread
 *     has taken it (it is no longer pending), then give that thread a
 *     second to act before link returns.  A clean-up that can run
 *     between the link and its record runs in that second, and the
 *     process ends with the file unrecorded.
 *
 *   CC_INTERPOSE_SIGNAL_AT_FORK=1
 *     At the first fork(2) of a process named corpusconv: the parent sends itself SIGTERM, waits until
 *     its signal thread has taken it, and gives that thread a second to
 *     act before fork returns; the child sleeps a second and a half
 *     before fork returns in it, as a worker slow to start does (under
 *     sanitizers, on a loaded machine).  A clean-up that misses a worker
 *     forked while it runs leaves that worker to run on alone.
 *
 *   CC_INTERPOSE_SLOW_THREADS=1 (with CC_INTERPOSE_SIGNAL_AT_FORK)
 *     In the child of that fork, every thread it creates naps a second
 *     before it starts, as a thread may on a loaded machine: a worker
 *     whose signal-waiting thread has not run yet must still see the
 *     SIGTERM sent to it while it was being forked.
 *
 *   CC_INTERPOSE_SIGNAL_AT_REAP=1
 *     At the first waitpid(2) of a process named corpusconv that waits
 *     (no WNOHANG) for one child: send this process SIGTERM, wait until
 *     its signal thread has taken it, give that thread a second to act,
 *     then wait.  A clean-up that runs while a worker that sent its
 *     result is being reaped, and its claims not yet adopted, leaves
 *     them behind.  Says "interpose: SIGTERM at waitpid" on stderr.
 *
 *   CC_INTERPOSE_REUSE_PID=1
 *     Each fork(2) of a process named corpusconv, after its first, asks
 *     the kernel for the pid of the child before it
 *     (/proc/sys/kernel/ns_last_pid: root, best in a pid namespace of
 *     its own), as pid_max's wrap-around does in a long run: with one
 *     worker at a time, each has the pid of the one before.
 *
 *   CC_INTERPOSE_REPLACE=PATH and CC_INTERPOSE_WITH=OTHER
 *     After the first open of PATH (the string as given) that succeeds:
 *     rename OTHER onto PATH, so that the descriptor just opened holds
 *     the old file and the path names another.
 *
 *   CC_INTERPOSE_SHORT=SUFFIX and CC_INTERPOSE_SHORT_BYTES=N
 *     The first read(2) after each open of a path ending in SUFFIX (the
 *     string as given, which may be a name relative to a folder's
 *     descriptor) returns at most N bytes, as a read may (POSIX promises
 *     no more, and a signal or a network file system gives fewer).
 *
 *   CC_INTERPOSE_RUN=COMMAND and CC_INTERPOSE_RUN_AT=SUFFIX
 *     Once, at the first of these to succeed: a rename(2) of a name
 *     ending in SUFFIX to another, or a flock(2) taking LOCK_EX on a
 *     descriptor opened from a name ending in SUFFIX: run COMMAND with
 *     sh -c, with no CC_INTERPOSE_ variable in its environment (the
 *     LD_PRELOAD stays), and wait for it to end before returning; abort
 *     when it fails.  With SUFFIX .ccclaim that is the instant a run
 *     taking an output claim over holds it: its lock taken, or, for a
 *     take-over that renames the claim away, its name emptied.  COMMAND
 *     can put a third run there.
 *
 *   CC_INTERPOSE_LOCK_BUSY=FILE
 *     A flock(2) that fails with EWOULDBLOCK (another holds the lock)
 *     creates FILE, so that a test can tell this process found it held.
 *
 *   CC_INTERPOSE_SHORT_LOG=FILE (with CC_INTERPOSE_SHORT and
 *   CC_INTERPOSE_SHORT_BYTES)
 *     Each read so shortened appends a line to FILE, so that a test can
 *     tell its short read happened:
 *       short read PATH: ASKED bytes asked, N allowed, GOT returned
 *     PATH being where the descriptor leads (/proc/self/fd), ASKED what
 *     the caller asked for and GOT what read(2) returned.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <spawn.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long the signal thread gets to act after taking the signal, in
 * steps of 10 ms: a second. */
#define ACT_STEPS 100
/* The most steps of 10 ms to wait for the signal to be taken: 120 s
 * (tests/lib.sh's bound), on a loaded machine. */
#define TAKE_STEPS 12000

static atomic_int signalled, replaced, forked, ran, reaped, last_child, slow_threads;
static atomic_int short_fd = -1; /* the descriptor whose next read is short */
static atomic_int run_fd = -1;   /* the last opened from CC_INTERPOSE_RUN_AT */

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
nap(void)
{
	struct timespec tick = { 0, 10000000 };

	nanosleep(&tick, NULL);
}

static int
term_pending(void)
{
	sigset_t pending;

	return sigpending(&pending) == 0 && sigismember(&pending, SIGTERM) == 1;
}

/* Sends this process SIGTERM and gives its signal thread a second to
 * act once it has taken it. */
static void
signal_and_wait(void)
{
	kill(getpid(), SIGTERM);
	for (int i = 0; i < TAKE_STEPS && term_pending(); i++)
		nap();
	for (int i = 0; i < ACT_STEPS; i++)
		nap();
}

int
link(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "link");
	const char *suffix = getenv("CC_INTERPOSE_SIGNAL_AFTER_LINK");
	const char *kill_suffix = getenv("CC_INTERPOSE_KILL_AFTER_LINK");
	int rc = real(from, to), saved = errno;

	/* A run killed outright just after the link: the claim and the
	 * temporary it was linked from are both left, as a kill -9 leaves
	 * them. */
	if (rc == 0 && kill_suffix != NULL && *kill_suffix != '\0' && ends_with(to, kill_suffix))
		kill(getpid(), SIGKILL);

	if (rc == 0 && suffix != NULL && *suffix != '\0' && ends_with(to, suffix) &&
	    atomic_exchange(&signalled, 1) == 0)
		signal_and_wait();
	errno = saved;
	return rc;
}

pid_t
fork(void)
{
	pid_t (*real)(void) = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
	const char *at_fork = getenv("CC_INTERPOSE_SIGNAL_AT_FORK");
	pid_t pid;
	int saved;

	const char *reuse = getenv("CC_INTERPOSE_REUSE_PID");
	int prev;

	/* corpusconv's own process only, not the shell of libtool's
	 * wrapper script, which forks before it runs the program. */
	if (reuse != NULL && *reuse != '\0' &&
	    strstr(program_invocation_short_name, "corpusconv") != NULL) {
		if ((prev = atomic_load(&last_child)) > 1) {
			FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");
			if (f == NULL || fprintf(f, "%d", prev - 1) < 0 || fclose(f) != 0) {
				fprintf(stderr, "interpose: cannot write ns_last_pid\n");
				abort();
			}
		}
		pid = real();
		if (pid > 0)
			atomic_store(&last_child, (int)pid);
		return pid;
	}
	if (at_fork == NULL || *at_fork == '\0' ||
	    strstr(program_invocation_short_name, "corpusconv") == NULL ||
	    atomic_exchange(&forked, 1) != 0)
		return real();
	pid = real();
	saved = errno;
	if (pid == 0) {
		const char *slow = getenv("CC_INTERPOSE_SLOW_THREADS");
		atomic_store(&slow_threads, slow != NULL && *slow != '\0');
		for (int i = 0; i < ACT_STEPS * 3 / 2; i++)
			nap();
	} else if (pid > 0) {
		signal_and_wait();
	}
	errno = saved;
	return pid;
}

/* A thread's start routine and its argument, run after a nap. */
struct slow_start {
	void *(*fn)(void *);
	void *arg;
};

static void *
slow_trampoline(void *p)
{
	struct slow_start st = *(struct slow_start *)p;

	free(p);
	for (int i = 0; i < ACT_STEPS; i++)
		nap();
	return st.fn(st.arg);
}

int
pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) =
		(int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))
			dlsym(RTLD_NEXT, "pthread_create");
	struct slow_start *st;
	int rc;

	if (!atomic_load(&slow_threads))
		return real(t, attr, fn, arg);
	if ((st = malloc(sizeof(*st))) == NULL)
		return EAGAIN;
	st->fn = fn;
	st->arg = arg;
	if ((rc = real(t, attr, slow_trampoline, st)) != 0)
		free(st);
	return rc;
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	pid_t (*real)(pid_t, int *, int) = (pid_t (*)(pid_t, int *, int))dlsym(RTLD_NEXT, "waitpid");
	const char *at_reap = getenv("CC_INTERPOSE_SIGNAL_AT_REAP");

	if (at_reap != NULL && *at_reap != '\0' && pid > 0 && !(options & WNOHANG) &&
	    strstr(program_invocation_short_name, "corpusconv") != NULL &&
	    atomic_exchange(&reaped, 1) == 0) {
		/* Said, so that a test knows the signal came here. */
		static const char said[] = "interpose: SIGTERM at waitpid\n";
		if (write(2, said, sizeof(said) - 1) < 0)
			abort();
		signal_and_wait();
	}
	return real(pid, status, options);
}

/* Runs CC_INTERPOSE_RUN, once, and waits for it (see the top). */
static void
run_command(void)
{
	extern char **environ;
	const char *cmd = getenv("CC_INTERPOSE_RUN");
	char *argv[] = { "sh", "-c", NULL, NULL }, **env;
	size_t n = 0, k = 0;
	int saved = errno, status;
	pid_t pid;

	if (cmd == NULL || *cmd == '\0' || atomic_exchange(&ran, 1) != 0)
		return;
	while (environ[n] != NULL)
		n++;
	if ((env = calloc(n + 1, sizeof(*env))) == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "CC_INTERPOSE_", 13) != 0)
			env[k++] = environ[i];
	argv[2] = (char *)cmd;
	if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, env) != 0) {
		fprintf(stderr, "interpose: cannot run %s\n", cmd);
		abort();
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "interpose: cannot wait for %s\n", cmd);
			abort();
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "interpose: %s failed\n", cmd);
		abort();
	}
	free(env);
	errno = saved;
}

int
rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	const char *at = getenv("CC_INTERPOSE_RUN_AT");
	int rc = real(from, to);

	if (rc == 0 && at != NULL && *at != '\0' && ends_with(from, at))
		run_command();
	return rc;
}

int
flock(int fd, int op)
{
	int (*real)(int, int) = (int (*)(int, int))dlsym(RTLD_NEXT, "flock");
	int (*real_openat)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	const char *busy = getenv("CC_INTERPOSE_LOCK_BUSY");
	int rc = real(fd, op), saved = errno, out;

	if (rc != 0 && saved == EWOULDBLOCK && busy != NULL && *busy != '\0') {
		out = real_openat(AT_FDCWD, busy, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (out < 0) {
			fprintf(stderr, "interpose: cannot create %s\n", busy);
			abort();
		}
		close(out);
	}
	if (rc == 0 && (op & LOCK_EX) && fd == atomic_load(&run_fd))
		run_command();
	errno = saved;
	return rc;
}

static void
after_open(int fd, const char *path)
{
	const char *want = getenv("CC_INTERPOSE_REPLACE"), *with = getenv("CC_INTERPOSE_WITH");
	const char *shorten = getenv("CC_INTERPOSE_SHORT"), *at = getenv("CC_INTERPOSE_RUN_AT");
	int saved = errno;

	if (fd >= 0 && at != NULL && *at != '\0' && ends_with(path, at))
		atomic_store(&run_fd, fd);

	if (fd >= 0 && shorten != NULL && *shorten != '\0' && ends_with(path, shorten))
		atomic_store(&short_fd, fd);
	if (fd >= 0 && want != NULL && with != NULL && strcmp(path, want) == 0 &&
	    atomic_exchange(&replaced, 1) == 0 && rename(with, want) != 0) {
		fprintf(stderr, "interpose: cannot rename %s to %s\n", with, want);
		abort();
	}
	errno = saved;
}

/* Appends a line to CC_INTERPOSE_SHORT_LOG, when set, saying that the
 * read of fd was cut from asked to allowed bytes and returned got. */
static void
log_short(int fd, size_t asked, size_t allowed, ssize_t got)
{
	int (*real_openat)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	const char *log = getenv("CC_INTERPOSE_SHORT_LOG");
	char link[64], path[4096];
	ssize_t n;
	int saved = errno, out;

	if (log == NULL || *log == '\0')
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) < 0)
		n = 0;
	path[n] = '\0';
	if ((out = real_openat(AT_FDCWD, log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		fprintf(stderr, "interpose: cannot open %s\n", log);
		abort();
	}
	dprintf(out, "short read %s: %zu bytes asked, %zu allowed, %zd returned\n", path, asked,
	        allowed, got);
	close(out);
	errno = saved;
}

ssize_t
read(int fd, void *buf, size_t len)
{
	ssize_t (*real)(int, void *, size_t) =
		(ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	const char *bytes = getenv("CC_INTERPOSE_SHORT_BYTES");
	int want = fd;
	size_t asked = len;
	ssize_t got;

	if (bytes != NULL && atomic_compare_exchange_strong(&short_fd, &want, -1) &&
	    len > (size_t)atoi(bytes)) {
		len = (size_t)atoi(bytes);
		got = real(fd, buf, len);
		log_short(fd, asked, len, got);
		return got;
	}
	return real(fd, buf, len);
}

/* Opens as openat(2) does, then acts (after_open).  open(path, ...) is
 * openat(AT_FDCWD, path, ...). */
static int
opened(int dir, const char *path, int flags, mode_t mode)
{
	int (*real)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	int fd = real(dir, path, flags, mode);

	after_open(fd, path);
	return fd;
}

/* The mode argument, present only when flags create a file. */
#define MODE_ARG(flags, mode)                                                   \
	do {                                                                    \
		va_list ap;                                                     \
		va_start(ap, flags);                                            \
		mode = (flags) & (O_CREAT | O_TMPFILE) ? va_arg(ap, mode_t) : 0; \
		va_end(ap);                                                     \
	} while (0)

/* open, open64, openat and openat64, whichever the program calls. */
int
open(const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, mode);
	return opened(AT_FDCWD, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, mode);
	return opened(AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

int
openat(int dir, const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, mode);
	return opened(dir, path, flags, mode);
}

int
openat64(int dir, const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, mode);
	return opened(dir, path, flags | O_LARGEFILE, mode);
}
