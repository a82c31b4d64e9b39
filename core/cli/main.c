/*
 * main.c: the corpusconv command.  Thin by design: it parses options,
 * fills a struct cc_job and calls the engine (corpusconv.h).  It knows no
 * format; everything format-specific lives in plugins.
 */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "corpusconv.h"

#define EXIT_USAGE 2

static const char usage_text[] =
	"usage: corpusconv [-f FROM] -t TO [-o FILE | -d DIR] [OPTION...] [INPUT...]\n"
	"       corpusconv [--plugin-dir DIR] [--set KEY=VALUE] formats [--check]\n"
	"\n"
	"Converts news corpora between formats provided by plugins (see\n"
	"`corpusconv formats`).  INPUT is a file, a folder (read recursively)\n"
	"or - for standard input; with no INPUT, a pipe or file on standard\n"
	"input is read (named `stdin`).\n"
	"\n"
	"  -f, --from FORMAT       input format (default: detected per input)\n"
	"  -t, --to FORMAT         output format\n"
	"  -o, --output FILE       gather every document into one output (- for stdout)\n"
	"  -d, --output-dir DIR    one output per input, mirroring input folders\n"
	"      --output-template T one output per input at path T: {dir} {stem} {name}\n"
	"                          {ext} {id} (under DIR with -d)\n"
	"      --statements MODE   auto (default), always or never extract statements\n"
	"      --filter NAME[,...] run these filter plugins, in order, on every document\n"
	"      --max-input SIZE    largest input or container entry (default 256M)\n"
	"      --max-depth N       deepest XML nesting (default 256)\n"
	"  -j, --jobs N            N worker threads (default: one per core)\n"
	"      --shard I/N         convert only share I of N of the inputs (by path hash)\n"
	"      --update            with -d: keep a journal, skip what converted and is unchanged\n"
	"      --report FILE       one JSON line per input: input, output, status, message, duration\n"
	"      --isolate           convert each input in a worker process of its own\n"
	"      --timeout SECONDS   with --isolate: a conversion's time limit\n"
	"      --max-memory SIZE   with --isolate: a conversion's memory limit\n"
	"  -s, --set KEY=VALUE     pass an option to plugins\n"
	"  -s, --set KEY=VALUE     set a plugin's option (PLUGIN:KEY=VALUE: one plugin's)\n"
	"      --plugin-dir DIR    load plugins from DIR first (repeatable)\n"
	"  -q, --quiet             no progress line, no warnings\n"
	"  -v, --verbose           report every document\n"
	"  -h, --help              show this help\n"
	"  -V, --version           show the version, the plugin ABI and the plugin folders\n"
	"\n"
	"Plugins are searched in --plugin-dir, then CORPUSCONV_PLUGIN_PATH\n"
	"(colon-separated), then the installed plugin folder (for the command of\n"
	"a build tree, the plugins built beside it).  Format names ignore case.\n"
	"Plugins declare options of their own (--set KEY=VALUE), and long\n"
	"options for some of them: `corpusconv formats` lists them all.\n"
	"Exit status: 0 all converted, 1 some documents failed, 2 usage error.\n";

enum {
	OPT_STATEMENTS = 256,
	OPT_FILTER,
	OPT_MAX_INPUT,
	OPT_MAX_DEPTH,
	OPT_PLUGIN_DIR,
	OPT_CHECK,
	OPT_WRITE_MANIFEST,
	OPT_SHARD,
	OPT_UPDATE,
	OPT_REPORT,
	OPT_TEMPLATE,
	OPT_ISOLATE,       /* --isolate, --timeout, --max-memory (issue 19) */
	OPT_TIMEOUT,
	OPT_MAX_MEMORY,
	OPT_ALIAS, /* a plugin's alias: OPT_ALIAS + its index */
};

/* The command's own long options; the plugins' aliases join them at run
 * time (options_with_aliases). */
static const struct option core_long_options[] = {
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-dir", required_argument, NULL, 'd' },
	{ "set", required_argument, NULL, 's' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "update", no_argument, NULL, OPT_UPDATE },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "output-template", required_argument, NULL, OPT_TEMPLATE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "statements", required_argument, NULL, OPT_STATEMENTS },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "max-input", required_argument, NULL, OPT_MAX_INPUT },
	{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
	{ "isolate", no_argument, NULL, OPT_ISOLATE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
	{ "plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR },
	{ "check", no_argument, NULL, OPT_CHECK },
	/* `formats --write-manifest PLUGIN.so`, for make (not in --help). */
	{ "write-manifest", required_argument, NULL, OPT_WRITE_MANIFEST },
	{ NULL, 0, NULL, 0 },
};
static const struct option *long_options = core_long_options;

/* The long name of a core option's getopt value (OPT_TIMEOUT: "timeout"),
 * which is also the key and alias the engine declares for it. */
static const char *
core_option_name(int val)
{
	for (const struct option *o = core_long_options; o->name; o++)
		if (o->val == val)
			return o->name;
	return "";
}

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("corpusconv: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'corpusconv --help'.\n", stderr);
	return EXIT_USAGE;
}

static const struct option *
long_option_named(const char *name, size_t len)
{
	for (const struct option *o = long_options; o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/*
 * A long option getopt would refuse, as a usage error that says what to
 * type instead (getopt's own messages name the program by its path, which
 * for a libtool build is .libs/lt-corpusconv).  `arg` is "--NAME" or
 * "--NAME=VALUE"; `last` says no argument follows it.  Returns 0 when
 * getopt will take it, else EXIT_USAGE with the error printed.
 */
static int
check_long_option(const char *arg, int last)
{
	const char *name = arg + 2, *eq = strchr(name, '='), *near[4], *names[256];
	size_t len = eq ? (size_t)(eq - name) : strlen(name), n = 0, nnear, i;
	const struct option *o = long_option_named(name, len), *prefixed = NULL;
	char *word;
	int matches = 0;

	for (const struct option *p = long_options; p->name && o == NULL; p++)
		if (strncmp(p->name, name, len) == 0) {
			prefixed = p;
			matches++;
		}
	if (o == NULL && matches == 1)
		o = prefixed;
	if (o != NULL) {
		if (eq && o->has_arg == no_argument) {
			fprintf(stderr, "corpusconv: option '--%s' takes no value\n", o->name);
			goto out_usage;
		}
		if (!eq && o->has_arg == required_argument && last) {
			fprintf(stderr, "corpusconv: option '--%s' wants a value\n", o->name);
			goto out_usage;
		}
		return 0;
	}
	if ((word = strndup(name, len)) == NULL)
		return EXIT_USAGE;
	if (matches > 1) {
		fprintf(stderr, "corpusconv: option '--%s' is ambiguous; it could be", word);
		i = 0;
		for (const struct option *p = long_options; p->name; p++)
			if (strncmp(p->name, name, len) == 0)
				fprintf(stderr, "%s'--%s'", i++ == 0 ? " " :
				        (int)i == matches ? " or " : ", ", p->name);
		fputc('\n', stderr);
		free(word);
		goto out_usage;
	}
	for (const struct option *p = long_options; p->name && n < 256; p++)
		names[n++] = p->name;
	nnear = cc_suggest(word, names, n, near, sizeof(near) / sizeof(*near));
	fprintf(stderr, "corpusconv: unknown option '--%s'", word);
	for (i = 0; i < nnear; i++)
		fprintf(stderr, "%s'--%s'", i == 0 ? "; did you mean " :
		        i + 1 == nnear ? " or " : ", ", near[i]);
	fputs(nnear ? "?\n" : "\n", stderr);
	free(word);
out_usage:
	fputs("Try 'corpusconv --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Does short option c take an argument (in optstring)? */
static int
short_takes_arg(const char *optstring, char c)
{
	const char *p = c != ':' ? strchr(optstring, c) : NULL;

	return p != NULL && p[1] == ':';
}

/*
 * How many arguments argv[i] takes up as getopt walks them: 2 for an
 * option whose value is the next argument ("-t tei", "--to tei"), else 1
 * (an option with its value attached, one without, or a word).
 */
static int
argument_width(char **argv, int i, const char *optstring)
{
	const char *a = argv[i];

	if (a[0] == '-' && a[1] == '-') {
		size_t len = strcspn(a + 2, "=");
		const struct option *o = long_option_named(a + 2, len);

		for (const struct option *p = long_options; o == NULL && p->name; p++)
			if (strncmp(p->name, a + 2, len) == 0)
				o = p;
		return o && o->has_arg == required_argument && a[2 + len] != '=' ? 2 : 1;
	}
	if (a[0] == '-' && a[1] != '\0')
		for (const char *c = a + 1; *c; c++)
			if (short_takes_arg(optstring, *c))
				return c[1] == '\0' ? 2 : 1;
	return 1;
}

/*
 * Finds every long option getopt would refuse before getopt runs, walking
 * the arguments as getopt will (an option's value is skipped, "--" ends
 * the options).  Returns 0 or EXIT_USAGE.
 */
static int
check_long_options(int argc, char **argv, const char *optstring)
{
	for (int i = 1; i < argc; i += argument_width(argv, i, optstring)) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] == '-') {
			int rc = check_long_option(a, i + 1 >= argc);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

/*
 * Where the command `formats` is in argv, or 0 when there is none.  As in
 * `git -C DIR status`, the command is the first argument that is neither
 * an option nor an option's value, so options may come before it
 * (`corpusconv --plugin-dir DIR formats`); a conversion has no command
 * word, and its first such argument is an input.
 */
static int
command_index(int argc, char **argv, const char *optstring)
{
	for (int i = 1; i < argc; i += argument_width(argv, i, optstring)) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return 0;
		if (a[0] != '-' || a[1] == '\0')
			return strcmp(a, "formats") == 0 ? i : 0;
	}
	return 0;
}

/* Is `word`, given where an input goes and no such file, `formats`
 * mistyped ("format", "fromats")? */
static int
misspelt_command(const char *word)
{
	static const char *const commands[] = { "formats" };
	const char *near;

	return strlen(word) >= 3 && access(word, F_OK) != 0 &&
	       cc_suggest(word, commands, 1, &near, 1) == 1;
}

/*
 * Is standard input something to read when no INPUT is given: a pipe, a
 * socket or a redirected file?  A terminal is a user who forgot the
 * input, and a device such as /dev/null (cron, CI) holds none: both keep
 * the usage error.
 */
static int
stdin_has_input(void)
{
	struct stat st;

	if (isatty(STDIN_FILENO) || fstat(STDIN_FILENO, &st) != 0)
		return 0;
	return S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode);
}

/* Prints the version, the plugin ABI and where plugins are searched. */
static void
print_version(cc_engine *eng)
{
	const char *dir, *origin;

	printf("corpusconv %s\n", cc_version());
	printf("plugin ABI %s\n", cc_plugin_abi_version());
	printf("plugin folders, searched in this order:\n");
	for (size_t i = 0; (dir = cc_engine_plugin_folder(eng, i, &origin)) != NULL; i++)
		printf("  %s (%s)\n", dir, origin);
}

/* A whole number 1..1024. */
static int
parse_count(const char *s, unsigned *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s < '0' || *s > '9' || *end != '\0' || v < 1 || v > 1024)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* "I/N" with 1 <= I <= N <= 1000000. */
static int
parse_shard(const char *s, unsigned *index, unsigned *count)
{
	char *end;
	long i, n;

	if (*s < '0' || *s > '9')
		return -1;
	i = strtol(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return -1;
	n = strtol(end + 1, &end, 10);
	if (*end != '\0' || i < 1 || n < 1 || i > n || n > 1000000)
		return -1;
	*index = (unsigned)i;
	*count = (unsigned)n;
	return 0;
}

/* Is `name` (len bytes, from "--name") one of the command's own long
 * options, or the start of exactly one? */
static int
core_option(const char *name, size_t len)
{
	int matches = 0;

	for (const struct option *o = core_long_options; o->name; o++) {
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return 1;
		matches += strncmp(o->name, name, len) == 0;
	}
	return matches == 1;
}

/*
 * Plugins declare long options of their own (aliases of their --set
 * keys), so a command line with a long option the command does not
 * know needs the plugins loaded before it is parsed, and the
 * --plugin-dir folders added before that.  Returns 1 when it loaded them,
 * 0 when the line needs no plugin yet, -1 when memory ran out.
 */
static int
load_plugins_early(cc_engine *eng, int argc, char **argv)
{
	int unknown = 0;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i], *eq;
		size_t len;

		if (a[0] != '-' || a[1] != '-')
			continue;
		len = strcspn(a + 2, "=");
		eq = a[2 + len] == '=' ? a + 3 + len : NULL;
		if (len >= 3 && strncmp("plugin-dir", a + 2, len) == 0) {
			if (eq == NULL && i + 1 < argc)
				eq = argv[++i];
			if (eq && cc_engine_add_plugin_dir(eng, eq) != 0)
				return -1;
		} else if (!core_option(a + 2, len)) {
			unknown = 1;
		}
	}
	if (!unknown)
		return 0;
	return cc_engine_load_plugins(eng) < 0 ? -1 : 1;
}

/* The command's long options and the aliases the loaded plugins declare,
 * for getopt_long; NULL when memory ran out.  The caller frees it. */
static struct option *
options_with_aliases(cc_engine *eng)
{
	size_t ncore = sizeof(core_long_options) / sizeof(*core_long_options) - 1, n = 0, i;
	struct option *all;
	const char *name;
	int value;

	while (cc_engine_alias(eng, n, NULL) != NULL)
		n++;
	if ((all = calloc(ncore + n + 1, sizeof(*all))) == NULL)
		return NULL;
	memcpy(all, core_long_options, ncore * sizeof(*all));
	for (i = 0; (name = cc_engine_alias(eng, i, &value)) != NULL && i < n; i++) {
		/* The command's own option wins over an alias of the same name. */
		if (long_option_named(name, strlen(name)) != NULL)
			continue;
		all[ncore].name = name;
		all[ncore].has_arg = value ? required_argument : no_argument;
		all[ncore].val = OPT_ALIAS + (int)i;
		ncore++;
	}
	return all;
}

/*
 * A conversion runs in phases (read, split, extract, write) that each take
 * and free tens of megabytes on a large document.  glibc's malloc gives a
 * large freed block back to the kernel and trims the heap's top, and the
 * next phase gets the memory back as fresh pages, one page fault each
 * (zeroed by the kernel): a sixth of the faults of a 21 MB file.  The
 * command keeps freed memory for reuse instead: blocks under 1 MiB come
 * from the heap, and its top goes back only past 128 MiB.  Larger blocks
 * stay mapped apart: a heap block that grows is copied, old and new held
 * at once, and a freed one in the middle of the heap stays resident; with
 * 32 MiB there, one-letter paragraphs peaked at 15 times their size, not
 * 9.6 (issue 19, case 8).  (The library leaves this to the program that
 * links it.)
 */
static void
keep_freed_memory(void)
{
#if defined(HAVE_MALLOPT) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	(void)mallopt(M_MMAP_THRESHOLD, 1 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

/* The thread that waits for SIGINT and SIGTERM: removes the run's
 * temporary files and exits 128 + the signal, as a shell reports a
 * command a signal ended. */
static void *
signal_waiter(void *arg)
{
	const sigset_t *set = arg;
	int sig;

	if (sigwait(set, &sig) != 0)
		return NULL;
	cc_remove_temps();
	_exit(128 + sig);
}

/* SIGINT and SIGTERM end a run without leaving temporary files: blocked
 * in every thread but one that waits for them.  A signal ignored when
 * the command started (nohup, a background job) stays ignored. */
static void
catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	static sigset_t set;
	struct sigaction old;
	pthread_t t;
	int any = 0;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
			sigaddset(&set, sigs[i]);
			any = 1;
		}
	if (!any || pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return;
	if (pthread_create(&t, NULL, signal_waiter, &set) != 0) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return;
	}
	pthread_detach(t);
}

int
main(int argc, char **argv)
{
	static const char optstring[] = ":f:t:o:d:s:j:qvhV";
	static const char *const stdin_only[] = { "-" };
	struct cc_job job;
	cc_engine *eng;
	struct option *with_aliases = NULL;
	int c, status = EXIT_USAGE, check = 0, listing, version = 0, loaded, command;
	const char *manifest_of = NULL;

	keep_freed_memory();
	memset(&job, 0, sizeof(job));
	eng = cc_engine_new();
	if (eng == NULL) {
		fputs("corpusconv: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	if ((loaded = load_plugins_early(eng, argc, argv)) < 0 ||
	    (loaded && (with_aliases = options_with_aliases(eng)) == NULL)) {
		fputs("corpusconv: out of memory\n", stderr);
		goto out_free;
	}
	if (with_aliases)
		long_options = with_aliases;
	/* The command word is found with every long option known, plugins'
	 * aliases too, so that none of their values is taken for it. */
	if ((command = command_index(argc, argv, optstring)) > 0) {
		memmove(argv + command, argv + command + 1,
		        (size_t)(argc - command) * sizeof(*argv)); /* with argv[argc], NULL */
		argc--;
	}
	listing = command > 0;
	if (check_long_options(argc, argv, optstring) != 0)
		goto out_free;
	opterr = 0;
	while ((c = getopt_long(argc, argv, optstring, long_options, NULL)) != -1) {
		char *eq;

		switch (c) {
		case 'f': job.from = optarg; break;
		case 't': job.to = optarg; break;
		case 'o': job.output = optarg; break;
		case 'd': job.output_dir = optarg; break;
		case 'v': job.verbose = 1; break;
		case 'q': job.quiet = 1; break;
		case 'j':
			if (parse_count(optarg, &job.jobs) != 0) {
				status = usage_error("-j wants a number from 1 to 1024, not '%s'", optarg);
				goto out_free;
			}
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, &job.shard_index, &job.shard_count) != 0) {
				status = usage_error("--shard wants I/N with 1 <= I <= N, not '%s'", optarg);
				goto out_free;
			}
			break;
		case OPT_UPDATE: job.update = 1; break;
		case OPT_REPORT: job.report = optarg; break;
		case OPT_TEMPLATE: job.output_template = optarg; break;
		case 'h':
			fputs(usage_text, stdout);
			status = 0;
			goto out_free;
		case 'V': version = 1; break;
		case 's':
			if ((eq = strchr(optarg, '=')) == NULL || eq == optarg) {
				status = usage_error("--set wants KEY=VALUE, not '%s'", optarg);
				goto out_free;
			}
			*eq = '\0';
			cc_engine_set_option(eng, optarg, eq + 1);
			*eq = '=';
			break;
		case OPT_STATEMENTS:
			if (strcmp(optarg, "auto") == 0)
				job.statements = CC_STATEMENTS_AUTO;
			else if (strcmp(optarg, "always") == 0)
				job.statements = CC_STATEMENTS_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				job.statements = CC_STATEMENTS_NEVER;
			else {
				status = usage_error("--statements takes auto, always or never, not '%s'", optarg);
				goto out_free;
			}
			break;
		case OPT_FILTER:
			if (cc_engine_set_filters(eng, optarg) != 0)
				goto out_free;
			break;
		case OPT_MAX_INPUT:
		case OPT_MAX_DEPTH:
		case OPT_ISOLATE:
		case OPT_TIMEOUT:
		case OPT_MAX_MEMORY:
			/* The core's own options: the engine checks their values
			 * with every other option's (core/options.c). */
			if (cc_engine_set_alias(eng, core_option_name(c), c == OPT_ISOLATE ? NULL : optarg) != 0)
				goto out_free;
			break;
		case OPT_PLUGIN_DIR:
			/* Added already when the plugins were loaded early. */
			if (!loaded)
				cc_engine_add_plugin_dir(eng, optarg);
			break;
		case OPT_CHECK: check = 1; break;
		case OPT_WRITE_MANIFEST: manifest_of = optarg; break;
		case ':':
			/* Long options were checked before: this is -X. */
			status = usage_error("option '-%s' wants a value", (const char[]){ (char)optopt, '\0' });
			goto out_free;
		default:
			if (c >= OPT_ALIAS && with_aliases) {
				const char *name = cc_engine_alias(eng, (size_t)(c - OPT_ALIAS), NULL);
				if (name == NULL || cc_engine_set_alias(eng, name, optarg) != 0)
					goto out_free;
				break;
			}
			status = usage_error("unknown option '-%s'", optopt > 0 && optopt < 128 ?
			                     (const char[]){ (char)optopt, '\0' } : "?");
			goto out_free;
		}
	}
	if (version) {
		print_version(eng);
		status = 0;
		goto out_free;
	}
	if (check && !listing) {
		status = usage_error("%s", "--check goes with `corpusconv formats`");
		goto out_free;
	}
	if (manifest_of) {
		if (!listing || loaded || optind < argc) {
			status = usage_error("%s", "--write-manifest PLUGIN goes alone with `corpusconv formats`");
			goto out_free;
		}
		status = cc_engine_write_manifest(eng, manifest_of) == 0 ? 0 : 1;
		goto out_free;
	}
	if (!loaded && cc_engine_load_plugins(eng) < 0) {
		fputs("corpusconv: out of memory\n", stderr);
		goto out_free;
	}
	if (listing) {
		if (optind < argc) {
			status = usage_error("`formats` takes no argument '%s'", argv[optind]);
			goto out_free;
		}
		if (job.from || job.to || job.output || job.output_dir) {
			status = usage_error("%s", "`formats` converts nothing (no -f, -t, -o or -d); "
			                     "to convert a file or folder named formats, write ./formats");
			goto out_free;
		}
		status = cc_engine_list_formats(eng, check);
		goto out_free;
	}
	if (job.update && job.output_dir == NULL && job.output_template == NULL) {
		status = usage_error("%s", "--update goes with -d DIR or --output-template");
		goto out_free;
	}
	if (job.to == NULL && optind < argc && misspelt_command(argv[optind])) {
		status = usage_error("unknown command '%s'; did you mean 'formats'?", argv[optind]);
		goto out_free;
	}
	if (job.to == NULL) {
		status = usage_error("%s", "no output format: give -t FORMAT");
		goto out_free;
	}
	if (optind >= argc && !stdin_has_input()) {
		status = usage_error("%s", "no input: give files, folders or - for stdin");
		goto out_free;
	}
	job.inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
	job.ninputs = optind < argc ? (size_t)(argc - optind) : 1;
	catch_signals();
	status = cc_convert(eng, &job);
out_free:
	free(with_aliases);
	cc_engine_free(eng);
	return status;
}
