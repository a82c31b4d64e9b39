/*
 * peak-rss: runs a command and prints its peak resident set in KiB (the
 * kernel's ru_maxrss for that one child) on stdout; exits with the
 * command's status.  A small program of its own, as the peak a process
 * reports includes what its parent held when it forked: measured from a
 * script interpreter, every command would seem to take the
 * interpreter's memory.  The command's stdout goes to /dev/null.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fputs("usage: peak-rss COMMAND [ARG...]\n", stderr);
		return 99;
	}
	pid = fork();
	if (pid < 0) {
		perror("peak-rss: fork");
		return 99;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execvp(argv[1], argv + 1);
		perror("peak-rss: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("peak-rss: wait4");
		return 99;
	}
	printf("%ld\n", ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}
