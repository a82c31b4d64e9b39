#!/bin/sh
# summary.sh: the end of a run.  A summary line on stderr ("N converted,
# N failed, N skipped in T s") with -v, with several inputs or documents, or when
# anything failed or was skipped; never with -q, and not for one quiet
# conversion.  The progress line (a terminal only) counts failures; -v
# names every document with -o as it does with -d, whatever -j.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv bundle statements
mkdir "$T/in"
printf 'Alpha said nothing.\n' >"$T/in/a.txt"
printf 'Beta said less.\n' >"$T/in/b.txt"
printf 'bad \377 byte\n' >"$T/in/c.txt"
: >"$T/in/d.txt"

step "several inputs: the counts of the run"
expect_rc 1 -f text -t text -d "$T/o1" "$T/in"
grep -q "^corpusconv: 2 converted, 1 failed, 1 skipped in [0-9]*\.[0-9] s\$" "$T/err" ||
	{ cat "$T/err" >&2; fail "no summary line with 2 converted, 1 failed, 1 skipped"; }
[ "$(tail -1 "$T/err" | cut -c1-23)" = "corpusconv: 2 converted" ] || fail "the summary is not the last line"

step "-q: no summary; one plain conversion: none; -v: one"
expect_rc 1 -q -f text -t text -d "$T/o2" "$T/in"
assert_no_grep "converted," "$T/err"
expect_ok -t text -o "$T/one.txt" "$T/in/a.txt"
[ ! -s "$T/err" ] || fail "one conversion printed: $(cat "$T/err")"
expect_ok -v -t text -o "$T/one.txt" "$T/in/a.txt"
assert_grep "corpusconv: 1 converted, 0 failed, 0 skipped in " "$T/err"

step "a bundle's documents are counted one by one"
expect_ok -q -t bundle -o "$T/s.zip" "$SAMPLES"
expect_ok -t text -d "$T/o3" "$T/s.zip"
assert_grep "corpusconv: 4 converted, 0 failed, 0 skipped in " "$T/err"

step "-v names every document with -o, with -j 1 and -j 2"
for j in 1 2; do
	expect_rc 1 -v -j $j -f text -t csv -o "$T/all$j.csv" "$T/in"
	assert_grep "$T/in/a.txt: a converted" "$T/err"
	assert_grep "$T/in/b.txt: b converted" "$T/err"
	assert_grep "2 converted, 1 failed, 1 skipped" "$T/err"
done

step "the progress line on a terminal counts failures"
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$CORPUSCONV' -j 1 -f text -t text -d '$T/o4' '$T/in'" "$T/tty" >/dev/null 2>&1 </dev/null
	assert_grep "4/4 documents, 1 failed, " "$T/tty"
fi
exit 0
