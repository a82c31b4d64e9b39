#!/bin/sh
# configure-quiet.sh: configure prints no error of its own making.  The
# engine's folder is named core, and autoconf removes core dumps with
# `rm -f core` after each test and on exit: that must neither complain
# ("cannot remove 'core': Is a directory") nor stop the exit trap before
# it removes confdefs.h, nor touch the folder.
. "$TOP_SRCDIR/tests/lib.sh"

step "a configure run that fails early, in a folder holding core/"
mkdir "$T/b" "$T/b/core" || exit 99
: >"$T/b/core/keep" || exit 99
# A compiler that always fails: configure runs a few compile tests
# (each ending in rm -f core) and exits through its trap, in seconds.
(cd "$T/b" && CC=false "$TOP_SRCDIR/configure" -q >"$T/out" 2>"$T/err")
[ $? -ne 0 ] || fail "configure with CC=false succeeded"
assert_grep "C compiler cannot create executables" "$T/err"
assert_no_grep "cannot remove" "$T/err"
assert_no_grep "core" "$T/err"
[ ! -e "$T/b/confdefs.h" ] || fail "configure's exit trap left confdefs.h"
[ -f "$T/b/core/keep" ] || fail "configure removed something in core/"

step "the build tree's own configure run left no confdefs.h"
[ ! -e "$TOP_BUILDDIR/confdefs.h" ] || fail "$TOP_BUILDDIR/confdefs.h left by configure"
exit 0
