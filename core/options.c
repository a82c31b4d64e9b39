/*
 * options.c: the options plugins declare (struct cc_option, ABI 1.4) and
 * the values the user gives them.  Values are stored as given (--set, a
 * plugin's alias such as --csv-safe); before a run starts they are checked
 * against the declarations, every one, and only then can plugins read
 * them (host->option).  Nothing here knows a format: the declarations say
 * everything, the core's own two (max-input, max-depth) included.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define MAX_OPTIONS 256 /* per format or filter: more is a list not ended */
#define MAX_MAX_DEPTH 4096

static const char *
check_depth(const char *value)
{
	size_t n;

	return cc_parse_size(value, &n) == 0 && n >= 1 && n <= MAX_MAX_DEPTH ? NULL :
	       "wants a depth from 1 to 4096";
}

/* Kinds only the core's own options have (plugins declare the ABI's,
 * below CC_OPTION_KIND_COUNT; cc_options_problem refuses others). */
enum {
	OPTION_COUNT = CC_OPTION_KIND_COUNT, /* a whole number, at least 1 */
	OPTION_SECONDS,                      /* a whole number of seconds, at least 1 */
	OPTION_KINDS
};

/* The core's own keys: it reads them itself (host->limit, the reader of
 * inputs, core/batch.c and core/isolate.c).  Their aliases are the
 * command's own long options (core/cli/main.c gives their values here,
 * so the checks and their wording are these). */
static const struct cc_option core_options[] = {
	{ "max-input", CC_OPTION_SIZE, "256M",
	  "largest input or container entry, in bytes (K, M, G)", NULL, "max-input", NULL },
	{ "max-depth", OPTION_COUNT, "256", "deepest XML nesting (1 to 4096)", NULL,
	  "max-depth", check_depth },
	{ "isolate", CC_OPTION_BOOL, "0", "convert each input in a worker process of its own",
	  NULL, "isolate", NULL },
	{ "timeout", OPTION_SECONDS, NULL, "a conversion's time limit in seconds (isolates)",
	  NULL, "timeout", NULL },
	{ "max-memory", CC_OPTION_SIZE, NULL,
	  "a conversion's memory limit, in bytes (K, M, G; isolates)", NULL, "max-memory", NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const char *const kind_names[OPTION_KINDS] = {
	"TEXT", "BOOL", "SIZE", "DATE", "CHOICE", "LIST", "LINE", "COUNT", "SECONDS",
};

/* --- declarations ------------------------------------------------------ */

/* A key or an alias: lower-case letters, digits and inner '-'. */
static int
good_word(const char *s)
{
	if (s == NULL || *s == '\0' || *s == '-' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

const char *
cc_options_problem(const struct cc_option *opts)
{
	for (size_t i = 0; opts && opts[i].key != NULL; i++) {
		const struct cc_option *o = &opts[i];

		if (i >= MAX_OPTIONS)
			return "malformed descriptor: an option list is not ended";
		if (!good_word(o->key))
			return "malformed descriptor: an option key is not of a-z, 0-9 and '-'";
		if (o->kind < 0 || o->kind >= CC_OPTION_KIND_COUNT)
			return "malformed descriptor: an option has an unknown kind";
		if ((o->kind == CC_OPTION_CHOICE || o->kind == CC_OPTION_LIST) &&
		    (o->choices == NULL || o->choices[0] == NULL))
			return "malformed descriptor: a choice option has no choices";
		if (o->alias != NULL && !good_word(o->alias))
			return "malformed descriptor: an option alias is not of a-z, 0-9 and '-'";
	}
	return NULL;
}

/* Calls fn for every declaration (the core's first), with the plugin that
 * made it (NULL for the core's), until fn returns nonzero; returns that. */
static int
each_option(const struct cc_engine *eng,
            int (*fn)(void *user, const struct cc_plugin_rec *p, const struct cc_option *o),
            void *user)
{
	int rc;

	for (size_t i = 0; core_options[i].key; i++)
		if ((rc = fn(user, NULL, &core_options[i])) != 0)
			return rc;
	for (size_t i = 0; i < eng->nformats; i++)
		for (const struct cc_option *o = eng->formats[i].options; o && o->key; o++)
			if ((rc = fn(user, eng->formats[i].plugin, o)) != 0)
				return rc;
	for (size_t i = 0; i < eng->nfilters; i++)
		for (const struct cc_option *o = eng->filters[i].options; o && o->key; o++)
			if ((rc = fn(user, eng->filters[i].plugin, o)) != 0)
				return rc;
	return 0;
}

/* --- values ------------------------------------------------------------ */

static const char *const truths[] = { "1", "yes", "true", "on", NULL };
static const char *const lies[] = { "0", "no", "false", "off", NULL };

static int
in_list(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

/* YYYY-MM-DD, a day the calendar has. */
static int
valid_date(const char *s)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* Appends "; did you mean 'X'?" to b for the nearest of list to word;
 * returns how many it named. */
static size_t
suggest_into(struct cc_buf *b, const char *word, const char *const *list, size_t n)
{
	const char *near[4];
	size_t nnear = cc_suggest(word, list, n, near, 4);

	for (size_t i = 0; i < nnear; i++)
		cc_buf_printf(b, "%s'%s'", i == 0 ? "; did you mean " :
		              i + 1 == nnear ? " or " : ", ", near[i]);
	if (nnear)
		cc_buf_puts(b, "?");
	return nnear;
}

static size_t
list_len(const char *const *list)
{
	size_t n = 0;

	while (list && list[n])
		n++;
	return n;
}

/* Checks one value (one line of LINES) of option o; 0, or -1 with why
 * put in b. */
static int
check_value(const struct cc_option *o, const char *v, struct cc_buf *b)
{
	const char *why = NULL;
	size_t n, len;

	switch (o->kind) {
	case CC_OPTION_BOOL:
		if (!in_list(truths, v, strlen(v)) && !in_list(lies, v, strlen(v)))
			why = "wants 1 or 0 (yes/no, true/false, on/off)";
		break;
	case CC_OPTION_SIZE:
		if (cc_parse_size(v, &n) != 0 || n == 0)
			why = "wants a size such as 512K, 64M or 2G";
		break;
	case OPTION_COUNT:
	case OPTION_SECONDS:
		if (v[strspn(v, "0123456789")] != '\0' || cc_parse_size(v, &n) != 0 || n == 0)
			why = o->kind == OPTION_COUNT ? "wants a whole number, at least 1" :
			      "wants a whole number of seconds, at least 1";
		break;
	case CC_OPTION_DATE:
		if (!valid_date(v))
			why = "wants a date, YYYY-MM-DD";
		break;
	case CC_OPTION_CHOICE:
	case CC_OPTION_LIST:
		for (const char *p = v; o->kind == CC_OPTION_CHOICE || *p; p += strspn(p, ", ")) {
			len = o->kind == CC_OPTION_CHOICE ? strlen(p) : strcspn(p, ", ");
			if (!in_list(o->choices, p, len)) {
				char *word = strndup(p, len);
				cc_buf_printf(b, "'%s' is not %s", word ? word : p,
				              o->kind == CC_OPTION_CHOICE ? "one of" : "among");
				for (size_t i = 0; o->choices[i]; i++)
					cc_buf_printf(b, "%s%s", i ? ", " : " ", o->choices[i]);
				if (word)
					suggest_into(b, word, o->choices, list_len(o->choices));
				free(word);
				return -1;
			}
			p += len;
			if (o->kind == CC_OPTION_CHOICE)
				break;
		}
		if (o->kind == CC_OPTION_LIST && v[strspn(v, ", ")] == '\0')
			why = "wants one or more, comma-separated";
		break;
	default:
		break;
	}
	if (why == NULL && o->check != NULL)
		why = o->check(v);
	if (why == NULL)
		return 0;
	cc_buf_puts(b, why);
	return -1;
}

/* The value a BOOL is stored as: "1" or "0". */
static const char *
bool_value(const char *v)
{
	return in_list(truths, v, strlen(v)) ? "1" : "0";
}

/* --- resolving what the user gave -------------------------------------- */

static void
set_free(struct cc_option_set *s)
{
	free(s->key);
	free(s->value);
	free(s->origin);
}

/* Records value for key in the checked options (a LINES key appends). */
static int
resolved_put(struct cc_engine *eng, const char *key, const char *value, int lines)
{
	for (size_t i = 0; i < eng->nresolved; i++) {
		struct cc_option_set *r = &eng->resolved[i];
		char *v;

		if (strcmp(r->key, key) != 0)
			continue;
		if (lines) {
			if ((v = malloc(strlen(r->value) + strlen(value) + 2)) == NULL)
				return -1;
			sprintf(v, "%s\n%s", r->value, value);
		}
		else if ((v = strdup(value)) == NULL)
			return -1;
		free(r->value);
		r->value = v;
		return 0;
	}
	if (cc_grow(&eng->resolved, &eng->capresolved, eng->nresolved + 1,
	            sizeof(*eng->resolved)))
		return -1;
	eng->resolved[eng->nresolved] = (struct cc_option_set){ strdup(key), strdup(value), NULL };
	if (eng->resolved[eng->nresolved].key == NULL || eng->resolved[eng->nresolved].value == NULL) {
		set_free(&eng->resolved[eng->nresolved]);
		return -1;
	}
	eng->nresolved++;
	return 0;
}

/* What a search for the declarations of one key found. */
struct find {
	const char *plugin;               /* only this plugin's, or NULL: any */
	const char *key;
	const struct cc_option *first;    /* the first declaration found */
	const struct cc_option *bad;      /* one that refused the value, or NULL */
	const char *value;
	struct cc_buf *why;
	const char **names;               /* every key seen, for suggestions */
	size_t nnames, capnames;
	int oom;
};

/* Does plugin p's declaration o answer to `key` asked of plugin `plugin`?
 * Asked of a plugin, a key may leave out the plugin's name: csv:safe is
 * csv's csv-safe. */
static int
answers(const struct cc_plugin_rec *p, const struct cc_option *o, const char *plugin,
        const char *key)
{
	size_t n;

	if (plugin == NULL)
		return strcmp(o->key, key) == 0;
	if (p == NULL || strcmp(p->desc->name, plugin) != 0)
		return 0;
	n = strlen(plugin);
	return strcmp(o->key, key) == 0 ||
	       (strncmp(o->key, plugin, n) == 0 && o->key[n] == '-' && strcmp(o->key + n + 1, key) == 0);
}

static int
find_one(void *user, const struct cc_plugin_rec *p, const struct cc_option *o)
{
	struct find *f = user;

	if (f->plugin == NULL || (p && strcmp(p->desc->name, f->plugin) == 0)) {
		if (cc_grow(&f->names, &f->capnames, f->nnames + 1, sizeof(*f->names))) {
			f->oom = 1;
			return 1;
		}
		f->names[f->nnames++] = o->key;
	}
	if (!answers(p, o, f->plugin, f->key))
		return 0;
	if (f->first == NULL)
		f->first = o;
	if (f->bad == NULL && check_value(o, f->value, f->why) != 0)
		f->bad = o;
	return 0;
}

static const struct cc_plugin_rec *
plugin_named(const struct cc_engine *eng, const char *name)
{
	for (size_t i = 0; i < eng->nplugins; i++)
		if (strcmp(eng->plugins[i]->desc->name, name) == 0)
			return eng->plugins[i];
	return NULL;
}

/* Does plugin p declare options at all?  One built before ABI 1.4 cannot. */
static int
declares_options(const struct cc_engine *eng, const struct cc_plugin_rec *p)
{
	for (size_t i = 0; i < eng->nformats; i++)
		if (eng->formats[i].plugin == p && eng->formats[i].declares)
			return 1;
	for (size_t i = 0; i < eng->nfilters; i++)
		if (eng->filters[i].plugin == p && eng->filters[i].declares)
			return 1;
	return 0;
}

/* "--set KEY=VALUE" or the alias's spelling, for messages. */
static void
spelling(struct cc_buf *b, const struct cc_option_set *s)
{
	if (s->origin != NULL)
		cc_buf_printf(b, "%s %s", s->origin, s->value);
	else
		cc_buf_printf(b, "--set %s=%s", s->key, s->value);
}

/* Resolves one value given; 0, -1 (memory) or 1 (reported). */
static int
resolve_one(struct cc_engine *eng, const struct cc_option_set *s)
{
	struct cc_buf why = CC_BUF_INIT, msg = CC_BUF_INIT;
	const char *colon = strchr(s->key, ':');
	char *plugin = colon ? strndup(s->key, (size_t)(colon - s->key)) : NULL;
	struct find f = { plugin, colon ? colon + 1 : s->key, NULL, NULL, s->value, &why,
	                  NULL, 0, 0, 0 };
	const struct cc_plugin_rec *p = plugin ? plugin_named(eng, plugin) : NULL;
	int rc = 1;

	if (colon && plugin == NULL)
		return -1;
	spelling(&msg, s);
	if (plugin && p == NULL) {
		const char **names = malloc((eng->nplugins + 1) * sizeof(*names));
		for (size_t i = 0; names && i < eng->nplugins; i++)
			names[i] = eng->plugins[i]->desc->name;
		cc_buf_printf(&msg, ": no plugin '%s' is loaded", plugin);
		if (names)
			suggest_into(&msg, plugin, names, eng->nplugins);
		free(names);
		goto out_report;
	}
	if (plugin && !declares_options(eng, p)) {
		/* A plugin built before options were declared reads what it
		 * reads: its own keys reach it unchecked. */
		rc = resolved_put(eng, f.key, s->value, 0);
		goto out_free;
	}
	each_option(eng, find_one, &f);
	if (f.oom) {
		rc = -1;
		goto out_free;
	}
	if (f.first == NULL) {
		if (plugin)
			cc_buf_printf(&msg, ": plugin %s has no option '%s'", plugin, f.key);
		else
			cc_buf_printf(&msg, ": no plugin has an option '%s'", f.key);
		if (!suggest_into(&msg, f.key, f.names, f.nnames)) {
			/* Nothing near: name them all, the nearest among them. */
			for (size_t i = 0; i < f.nnames; i++)
				cc_buf_printf(&msg, "%s%s", i ? ", " : "; the keys are ", f.names[i]);
		}
		cc_buf_puts(&msg, " (see corpusconv formats)");
		goto out_report;
	}
	if (f.bad != NULL) {
		cc_buf_printf(&msg, ": %s", why.data ? why.data : "not a value it takes");
		goto out_report;
	}
	rc = resolved_put(eng, f.first->key,
	                  f.first->kind == CC_OPTION_BOOL ? bool_value(s->value) : s->value,
	                  f.first->kind == CC_OPTION_LINES);
	goto out_free;
out_report:
	cc_message(eng, CC_MSG_ERROR, "%s", msg.data ? msg.data : "bad option");
out_free:
	free(f.names);
	free(plugin);
	cc_buf_free(&why);
	cc_buf_free(&msg);
	return rc;
}

void
cc_options_free(struct cc_engine *eng)
{
	for (size_t i = 0; i < eng->noptions; i++)
		set_free(&eng->options[i]);
	for (size_t i = 0; i < eng->nresolved; i++)
		set_free(&eng->resolved[i]);
	free(eng->options);
	free(eng->resolved);
	eng->options = eng->resolved = NULL;
	eng->noptions = eng->nresolved = eng->capoptions = eng->capresolved = 0;
}

int
cc_engine_check_options(cc_engine *eng)
{
	int bad = 0, rc;

	for (size_t i = 0; i < eng->nresolved; i++)
		set_free(&eng->resolved[i]);
	eng->nresolved = 0;
	/* A plugin known from its manifest runs its own checks of values. */
	for (size_t i = 0; i < eng->noptions; i++)
		cc_plugins_open_checks(eng, eng->options[i].key);
	for (size_t i = 0; i < eng->noptions; i++) {
		if ((rc = resolve_one(eng, &eng->options[i])) < 0) {
			cc_message(eng, CC_MSG_ERROR, "out of memory");
			return -1;
		}
		bad |= rc;
	}
	eng->checked = 1;
	return bad ? -1 : 0;
}

/* Stores a value as given; origin (an alias's "--NAME") may be NULL. */
static int
option_given(cc_engine *eng, const char *key, const char *value, const char *origin)
{
	struct cc_option_set s = { strdup(key), strdup(value), origin ? strdup(origin) : NULL };

	if (s.key == NULL || s.value == NULL || (origin && s.origin == NULL) ||
	    cc_grow(&eng->options, &eng->capoptions, eng->noptions + 1, sizeof(*eng->options))) {
		set_free(&s);
		return -1;
	}
	eng->options[eng->noptions++] = s;
	eng->checked = 0;
	return 0;
}

int
cc_engine_set_option(cc_engine *eng, const char *key, const char *value)
{
	return option_given(eng, key, value, NULL);
}

const char *
cc_engine_option(const struct cc_engine *eng, const char *key)
{
	const char *v = NULL;

	if (eng->checked) {
		for (size_t i = 0; i < eng->nresolved; i++)
			if (strcmp(eng->resolved[i].key, key) == 0)
				return eng->resolved[i].value;
		return NULL;
	}
	/* Not checked yet (a program that reads before it converts): the
	 * last value given wins. */
	for (size_t i = 0; i < eng->noptions; i++)
		if (strcmp(eng->options[i].key, key) == 0)
			v = eng->options[i].value;
	return v;
}

/* --- aliases ----------------------------------------------------------- */

struct alias_walk {
	size_t want, seen;
	const char *name;                 /* the alias asked for, or NULL */
	const struct cc_option *found;
	const struct cc_plugin_rec *plugin;
};

static int
alias_one(void *user, const struct cc_plugin_rec *p, const struct cc_option *o)
{
	struct alias_walk *w = user;

	/* The core's aliases are the command's own options, never listed
	 * among the plugins' (w->name NULL), but set by name. */
	if (o->alias == NULL || (p == NULL && w->name == NULL))
		return 0;
	if (w->name ? strcmp(o->alias, w->name) == 0 : w->seen++ == w->want) {
		w->found = o;
		w->plugin = p;
		return 1;
	}
	return 0;
}

const char *
cc_engine_alias(cc_engine *eng, size_t i, int *takes_value)
{
	struct alias_walk w = { i, 0, NULL, NULL, NULL };

	if (each_option(eng, alias_one, &w) == 0)
		return NULL;
	if (takes_value)
		*takes_value = w.found->kind != CC_OPTION_BOOL;
	return w.found->alias;
}

int
cc_engine_set_alias(cc_engine *eng, const char *alias, const char *value)
{
	struct alias_walk w = { 0, 0, alias, NULL, NULL };
	struct cc_buf key = CC_BUF_INIT, origin = CC_BUF_INIT;
	int rc;

	if (each_option(eng, alias_one, &w) == 0)
		return -1;
	if (w.plugin)
		cc_buf_printf(&key, "%s:", w.plugin->desc->name);
	cc_buf_puts(&key, w.found->key);
	cc_buf_printf(&origin, "--%s", alias);
	rc = key.data && origin.data ?
	     option_given(eng, key.data, value ? value : "1", origin.data) : -1;
	cc_buf_free(&key);
	cc_buf_free(&origin);
	return rc;
}

/* --- listing ----------------------------------------------------------- */

void
cc_options_print(const struct cc_option *opts)
{
	for (const struct cc_option *o = opts; o && o->key; o++) {
		printf("    --set %s=", o->key);
		if (o->kind == CC_OPTION_CHOICE || o->kind == CC_OPTION_LIST)
			for (size_t i = 0; o->choices[i]; i++)
				printf("%s%s", i == 0 ? "" : o->kind == CC_OPTION_LIST ? "," : "|",
				       o->choices[i]);
		else
			fputs(kind_names[o->kind], stdout);
		printf("  %s", o->help ? o->help : "");
		if (o->def)
			printf("; default %s", o->def);
		if (o->alias)
			printf("; also --%s%s%s", o->alias, o->kind == CC_OPTION_BOOL ? "" : " ",
			       o->kind == CC_OPTION_BOOL ? "" : kind_names[o->kind]);
		putchar('\n');
	}
}

void
cc_options_print_core(void)
{
	printf("  options of corpusconv itself:\n");
	cc_options_print(core_options);
}
