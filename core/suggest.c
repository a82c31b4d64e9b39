/*
 * suggest.c: "did you mean" for mistyped names (formats, options).  The
 * weights are git's (help.c): a typo that swaps two neighbours is the
 * likeliest, a missing character next, a wrong one after, an extra one
 * least; a name the user began typing is the likeliest of all.  It never
 * prints: callers put the suggestions into their own messages.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "corpusconv.h"

#define COST_SWAP 0      /* "tie" for "tei" */
#define COST_SUBST 2     /* "tex" for "tei" */
#define COST_ADD 1       /* "tx" for "text": the user left one out */
#define COST_DROP 3      /* "teii" for "tei": the user typed one more */
#define FAR_ENOUGH 7     /* git's SIMILARITY_FLOOR: at or past it, no suggestion */
#define LONGEST 64       /* longer words are no typos of a name */

static int
same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

static int
has_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s == '\0' || !same(*s, *prefix))
			return 0;
	return 1;
}

static unsigned
min2(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

/*
 * The weighted optimal-string-alignment distance that turns `typed` into
 * `name`, on three rows of the usual table.  Both are at most LONGEST.
 */
static unsigned
distance(const char *typed, const char *name)
{
	unsigned rows[3][LONGEST + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	size_t m = strlen(typed), n = strlen(name), i, j;

	for (j = 0; j <= n; j++)
		prev[j] = (unsigned)j * COST_ADD;
	for (i = 1; i <= m; i++) {
		cur[0] = (unsigned)i * COST_DROP;
		for (j = 1; j <= n; j++) {
			unsigned d = prev[j - 1] + (same(typed[i - 1], name[j - 1]) ? 0 : COST_SUBST);
			d = min2(d, prev[j] + COST_DROP);
			d = min2(d, cur[j - 1] + COST_ADD);
			if (i > 1 && j > 1 && same(typed[i - 1], name[j - 2]) &&
			    same(typed[i - 2], name[j - 1]))
				d = min2(d, prev2[j - 2] + COST_SWAP);
			cur[j] = d;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[n];
}

/* How far `name` is from `typed`: 0 for a name typed in part, else the
 * distance plus one; FAR_ENOUGH or more is no suggestion. */
static unsigned
score(const char *typed, const char *name)
{
	if (*typed != '\0' && has_prefix(name, typed))
		return 0;
	if (strlen(typed) > LONGEST || strlen(name) > LONGEST)
		return FAR_ENOUGH;
	return distance(typed, name) + 1;
}

static int
listed(const char **out, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i], s) == 0)
			return 1;
	return 0;
}

size_t
cc_suggest(const char *word, const char *const *candidates, size_t ncandidates,
           const char **out, size_t max)
{
	unsigned best = FAR_ENOUGH, s;
	size_t i, n = 0;

	if (word == NULL || *word == '\0')
		return 0;
	for (i = 0; i < ncandidates; i++)
		if (candidates[i] && (s = score(word, candidates[i])) < best)
			best = s;
	if (best >= FAR_ENOUGH)
		return 0;
	for (i = 0; i < ncandidates && n < max; i++)
		if (candidates[i] && score(word, candidates[i]) == best &&
		    !listed(out, n, candidates[i]))
			out[n++] = candidates[i];
	return n;
}
