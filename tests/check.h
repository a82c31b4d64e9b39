/*
 * check.h: the few assertion macros the C unit tests use.  A failed check
 * prints where and what, and the test exits 1 at its end (automake: 0
 * pass, 1 fail, 77 skip, 99 hard error).
 */
#ifndef CC_CHECK_H
#define CC_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n",        \
			        __FILE__, __LINE__, #cond);                 \
			check_failures++;                                   \
		}                                                           \
	} while (0)

#define CHECK_STR(got, want)                                                \
	do {                                                                \
		const char *g_ = (got), *w_ = (want);                       \
		if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0) { \
			fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", \
			        __FILE__, __LINE__, #got, g_ ? g_ : "(null)", \
			        w_ ? w_ : "(null)");                        \
			check_failures++;                                   \
		}                                                           \
	} while (0)

#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
