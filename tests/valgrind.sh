#!/bin/sh
# valgrind.sh: conversions between every pair of formats, on the demo
# corpus, under valgrind's memcheck: no invalid access, no use of
# uninitialised memory, no leak.  Skipped in the sanitizer build (ASan and
# valgrind do not mix) and where valgrind is not installed.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle html statements

[ "${SANITIZERS:-no}" = yes ] && skip "sanitizer build: ASan covers this"
command -v valgrind >/dev/null || skip "valgrind not installed"

# vg ARGS...: corpusconv under memcheck; fails on any error or leak.
vg() {
	"$TOP_BUILDDIR/libtool" --mode=execute valgrind -q --error-exitcode=99 \
		--leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$TOP_BUILDDIR/corpusconv" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -ne 99 ] || { head -60 "$T/err" >&2; fail "valgrind found errors in: corpusconv $*"; }
	[ $rc -eq 0 ] || { cat "$T/err" >&2; fail "corpusconv $* exited $rc"; }
}

step "text -> every format"
vg -t tei -o "$T/c.xml" "$SAMPLES"
vg -t csv -o "$T/c.csv" "$SAMPLES"
vg -t text -d "$T/text" "$SAMPLES"
vg -t bundle -o "$T/c.zip" "$SAMPLES"
vg -t html -o "$T/c.html" "$SAMPLES"
step "every format -> the others"
vg -t csv -o "$T/c2.csv" "$T/c.xml"
vg -t tei -o "$T/c2.xml" "$T/c.csv"
vg -t text -d "$T/t2" "$T/c.zip"
vg -t bundle -o "$T/c2.zip" "$T/c.zip"
step "a bag another tool wrote, bagged again"
# Its files are read nested, from bytes the bundle reader hands over,
# each the original of its document with no time known: cc_bytes_alloc
# left has_mtime unset, and the writer read it (a year like 3004647 in
# corpusconv-mtimes.txt, a different one each run).
if [ -n "${PYTHON3:-}" ]; then
	"$PYTHON3" "$TOP_SRCDIR/tests/mkbag.py" "$T/third.zip" || exit 99
	vg -t bundle -o "$T/c4.zip" "$T/third.zip"
fi
step "-j 2 with a gathered output"
vg -j 2 -t csv -o "$T/c3.csv" "$SAMPLES"
exit 0
