/*
 * isolate.c: --isolate, conversions in forked worker processes (as Apache
 * Tika Pipes runs untrusted documents).  Each input is converted by a
 * child of its own, under a memory limit (--max-memory, RLIMIT_AS) and a
 * time limit (--timeout): a document that hangs, crashes or exhausts its
 * memory costs that input only, reported failed with the reason, and the
 * run goes on.  The child sends its result back through a pipe; the
 * parent, single-threaded here, runs up to `jobs` children at once and
 * reports, journals and counts as for threads.
 *
 * A child cleans up after itself: on SIGTERM (a timeout, or the parent
 * ending on a signal, or dying: PR_SET_PDEATHSIG) it removes its
 * temporaries and claims.  After a child that had to be killed, the
 * parent removes what a dead process left for the input's output path.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "io.h"
#include "isolate.h"

/* How long a child may take to clean up after SIGTERM before SIGKILL. */
#define GRACE_MS 2000

struct child {
	pid_t pid;
	int fd;                        /* the result pipe's reading end */
	size_t input;
	struct cc_buf got;             /* the result as received */
	double start, deadline;        /* deadline 0: none */
	int timed_out;
	char *out;                     /* the input's main output path, owned,
	                                  or NULL (memory) */
};

/* --- the child ----------------------------------------------------------- */

static void *
child_signal_waiter(void *arg)
{
	sigset_t *set = arg;
	int sig;

	if (sigwait(set, &sig) == 0) {
		cc_remove_temps();
		_exit(128 + sig);
	}
	return NULL;
}

/* Appends a string field: its length, a newline, its bytes. */
static void
put_field(struct cc_buf *b, const struct cc_buf *f)
{
	cc_buf_printf(b, "%zu\n", f->len);
	if (f->len)
		cc_buf_append(b, f->data, f->len);
}

static void
write_all_fd(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* The child of process parent: limits itself, converts, sends the
 * result, exits. */
static void
child_main(struct cc_run *run, const struct cc_input *in, int fd, pid_t parent,
           size_t max_memory)
{
	static sigset_t set;
	struct cc_result res;
	struct cc_buf b = CC_BUF_INIT;
	pthread_t t;
	int sig;

	cc_forget_inherited();
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (pthread_create(&t, NULL, child_signal_waiter, &set) == 0)
		pthread_detach(t);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	/* A parent that died before that (SIGKILL) sends no signal: its
	 * worker would run on alone. */
	if (getppid() != parent)
		_exit(128 + SIGTERM);
	/* Told to end before it started (a signal's clean-up ended it while
	 * it was being forked): the waiter thread may not have run yet, and
	 * converting first would write an output after the run ended. */
	if ((sig = cc_ending_signal_pending()) != 0) {
		cc_remove_temps();
		_exit(128 + sig);
	}
	if (max_memory) {
		struct rlimit rl = { (rlim_t)max_memory, (rlim_t)max_memory };
		setrlimit(RLIMIT_AS, &rl);
	}
	run->jobs = 1;
	memset(&res, 0, sizeof(res));
	cc_convert_input(run, in, &res);
	cc_buf_printf(&b, "%d %lu %lu %d %d %llu %lld %ld %s\n", res.failures, res.docs,
	              res.converted, res.skipped, res.stated, res.size, res.mtime_sec,
	              res.mtime_nsec, res.stated && res.sha256[0] ? res.sha256 : "-");
	put_field(&b, &res.message);
	put_field(&b, &res.outputs);
	put_field(&b, &res.journal_outputs);
	if (b.data)
		write_all_fd(fd, b.data, b.len);
	/* No exit handlers, no flushing of the parent's stdio copies. */
	_exit(b.data ? 0 : 3);
}

/* --- the parent ---------------------------------------------------------- */

/* Reads a string field of got at *p into f; 0 or -1. */
static int
get_field(const char **p, const char *end, struct cc_buf *f)
{
	char *stop;
	size_t n = strtoul(*p, &stop, 10);

	if (stop >= end || *stop != '\n' || n > (size_t)(end - stop - 1))
		return -1;
	if (n && cc_buf_append(f, stop + 1, n) != 0)
		return -1;
	*p = stop + 1 + n;
	return 0;
}

/* Fills res from what the child sent; 0, or -1 when it sent no whole result. */
static int
parse_result(const struct cc_buf *got, struct cc_result *res)
{
	const char *p = got->data, *end = got->data + got->len, *nl;
	char sha[65] = "";

	if (p == NULL || (nl = memchr(p, '\n', got->len)) == NULL)
		return -1;
	if (sscanf(p, "%d %lu %lu %d %d %llu %lld %ld %64s", &res->failures, &res->docs,
	           &res->converted, &res->skipped, &res->stated, &res->size, &res->mtime_sec,
	           &res->mtime_nsec, sha) != 9)
		return -1;
	memcpy(res->sha256, sha, sizeof(res->sha256));
	p = nl + 1;
	if (get_field(&p, end, &res->message) || get_field(&p, end, &res->outputs) ||
	    get_field(&p, end, &res->journal_outputs))
		return -1;
	return 0;
}

/* Why a child that sent no result ended, into res. */
static void
child_failed(struct cc_run *run, const struct cc_input *in, const struct child *ch, int status,
             struct cc_result *res)
{
	const char *mem = cc_engine_option(run->eng, "max-memory");

	memset(res, 0, sizeof(*res));
	res->failures = 1;
	if (ch->timed_out)
		cc_buf_printf(&res->message, "%s: not converted: timed out after %s s (--timeout)",
		              in->path, cc_engine_option(run->eng, "timeout"));
	else if (WIFSIGNALED(status))
		cc_buf_printf(&res->message, "%s: not converted: the conversion crashed (signal %d, "
		              "%s)%s%s%s", in->path, WTERMSIG(status), strsignal(WTERMSIG(status)),
		              mem ? "; perhaps out of memory (--max-memory " : "", mem ? mem : "",
		              mem ? ")" : "");
	else
		cc_buf_printf(&res->message, "%s: not converted: the conversion ended with status "
		              "%d%s%s%s", in->path, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		              mem ? "; perhaps out of memory (--max-memory " : "", mem ? mem : "",
		              mem ? ")" : "");
	cc_message(run->eng, CC_MSG_ERROR, "%s", res->message.data ? res->message.data : in->path);
}

/* After child pid ended having sent its result, before it is reaped
 * (its pid still its own, and it still among the workers a signal's
 * clean-up ends): adopts the claims of the outputs it wrote (they must
 * be held to the end of the run). */
static void
adopt_claims(pid_t pid, const struct cc_result *res)
{
	if (res->journal_outputs.data) {
		char *list = strdup(res->journal_outputs.data), *save = NULL;
		for (char *p = list ? strtok_r(list, "\t", &save) : NULL; p;
		     p = strtok_r(NULL, "\t", &save))
			if (strchr(p, '\\') == NULL)
				cc_adopt_claim(p, pid);
		free(list);
	}
}

/* After a child that sent nothing, once reaped (what a dead process
 * left is taken for stale only then): removes what it left for its
 * output. */
static void
clean_after_failed(struct cc_run *run, const char *main_out)
{
	if (main_out) {
		pthread_mutex_lock(&run->lock);
		/* The folder was listed before this child wrote there: again. */
		for (size_t i = 0; i < run->nscanned; i++)
			free(run->scanned[i]);
		run->nscanned = 0;
		cc_remove_stale(run, main_out);
		pthread_mutex_unlock(&run->lock);
		cc_drop_stale_claim(main_out);
	}
}

/* Has child pid ended?  Waits for it unless flags has WNOHANG, and
 * leaves it unreaped (cc_child_reap reaps it).  True too when it was
 * reaped already (a signal's clean-up, which then ends this process). */
static int
child_exited(pid_t pid, int flags)
{
	siginfo_t info;
	int r;

	memset(&info, 0, sizeof(info));
	while ((r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT | flags)) < 0 &&
	       errno == EINTR)
		;
	return r < 0 || info.si_pid == pid;
}

/*
 * Ends a child: waits for it to exit (after SIGTERM, then SIGKILL past
 * the grace time, when `kill_it`), adopts its claims while it is still
 * a zombie among the workers, reaps it and reports its input through
 * done().  A signal's clean-up at any point finds the child either
 * among the workers (it ends it, and removes what it left) or reaped
 * with its claims adopted: none is ever left behind.
 */
static void
end_child(struct cc_run *run, struct cc_input *v, struct child *ch, int kill_it,
          cc_isolate_done_fn done, void *user)
{
	struct cc_result res;
	int status = 0, ok;

	if (kill_it) {
		struct timespec tick = { 0, 10000000 };
		int ended = 0;

		cc_child_kill(ch->pid, SIGTERM);
		for (int ms = 0; ms < GRACE_MS && !(ended = child_exited(ch->pid, WNOHANG)); ms += 10)
			nanosleep(&tick, NULL);
		if (!ended)
			cc_child_kill(ch->pid, SIGKILL);
	}
	child_exited(ch->pid, 0);
	close(ch->fd);
	memset(&res, 0, sizeof(res));
	ok = !ch->timed_out && parse_result(&ch->got, &res) == 0;
	if (ok)
		adopt_claims(ch->pid, &res);
	cc_child_reap(ch->pid, &status, !ok);
	if (!ok) {
		cc_result_fini(&res);
		child_failed(run, &v[ch->input], ch, status, &res);
		clean_after_failed(run, ch->out);
	}
	done(user, ch->input, &res, cc_monotonic() - ch->start);
	cc_result_fini(&res);
	cc_buf_free(&ch->got);
	free(ch->out);
	ch->out = NULL;
	ch->pid = 0;
}

/* Starts a child for input i into ch; 0, or -1 (the input then fails). */
static int
start_child(struct cc_run *run, struct cc_input *v, size_t i, struct child *ch, double timeout,
            size_t max_memory)
{
	pid_t parent = getpid();
	int p[2];

	if (pipe(p) != 0)
		return -1;
	fflush(NULL);
	memset(ch, 0, sizeof(*ch));
	ch->out = cc_output_path(run, &v[i], NULL, 0);
	ch->pid = cc_fork_worker(ch->out);
	if (ch->pid < 0) {
		int saved = errno;
		close(p[0]);
		close(p[1]);
		free(ch->out);
		ch->out = NULL;
		ch->pid = 0;
		errno = saved;
		return -1;
	}
	if (ch->pid == 0) {
		close(p[0]);
		child_main(run, &v[i], p[1], parent, max_memory);
	}
	close(p[1]);
	ch->fd = p[0];
	ch->input = i;
	ch->start = cc_monotonic();
	ch->deadline = timeout > 0 ? ch->start + timeout : 0;
	return 0;
}

long
cc_isolate_all(struct cc_run *run, struct cc_input *v, size_t n, cc_isolate_done_fn done,
               void *user)
{
	const char *t = cc_engine_option(run->eng, "timeout");
	double timeout = t ? atof(t) : 0;
	size_t max_memory = cc_engine_limit(run->eng, "max-memory"), next = 0, running = 0;
	unsigned slots = run->jobs ? run->jobs : 1;
	struct child *ch = calloc(slots, sizeof(*ch));
	struct pollfd *pfd = calloc(slots, sizeof(*pfd));

	if (ch == NULL || pfd == NULL) {
		free(ch);
		free(pfd);
		return -1;
	}
	while (next < n || running > 0) {
		double tnow, wait = -1;
		int timeout_ms;

		for (unsigned s = 0; s < slots && next < n && !atomic_load(&run->fatal); s++) {
			if (ch[s].pid != 0)
				continue;
			if (start_child(run, v, next, &ch[s], timeout, max_memory) != 0) {
				struct cc_result res;
				memset(&res, 0, sizeof(res));
				res.failures = 1;
				cc_buf_printf(&res.message, "%s: not converted: cannot start a worker "
				              "process: %s", v[next].path, strerror(errno));
				cc_message(run->eng, CC_MSG_ERROR, "%s", res.message.data);
				done(user, next, &res, 0);
				cc_result_fini(&res);
			} else {
				running++;
			}
			next++;
		}
		if (running == 0)
			break;
		tnow = cc_monotonic();
		for (unsigned s = 0; s < slots; s++) {
			pfd[s].fd = ch[s].pid ? ch[s].fd : -1;
			pfd[s].events = POLLIN;
			if (ch[s].pid && ch[s].deadline > 0) {
				double left = ch[s].deadline - tnow;
				if (wait < 0 || left < wait)
					wait = left > 0 ? left : 0;
			}
		}
		timeout_ms = wait < 0 ? -1 : (int)(wait * 1000) + 1;
		if (poll(pfd, slots, timeout_ms) < 0 && errno != EINTR)
			break;
		tnow = cc_monotonic();
		for (unsigned s = 0; s < slots; s++) {
			char buf[65536];
			ssize_t got;

			if (ch[s].pid == 0)
				continue;
			if (pfd[s].revents & (POLLIN | POLLHUP | POLLERR)) {
				got = read(ch[s].fd, buf, sizeof(buf));
				if (got > 0) {
					cc_buf_append(&ch[s].got, buf, (size_t)got);
					continue;
				}
				if (got < 0 && errno == EINTR)
					continue;
				end_child(run, v, &ch[s], 0, done, user);
				running--;
			} else if (ch[s].deadline > 0 && tnow >= ch[s].deadline) {
				ch[s].timed_out = 1;
				end_child(run, v, &ch[s], 1, done, user);
				running--;
			}
		}
	}
	free(ch);
	free(pfd);
	return (long)next;
}
