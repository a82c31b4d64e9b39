#!/bin/sh
# filter-chain.sh: --filter A,B runs filter plugins in that order on every
# document between reader and writer (tests/plugins/chain.c: mark-a and
# mark-b append their names to a metadata trail, which its "trail" writer
# prints); the statement extractor still runs by itself for a writer that
# wants statements; a filter can drop and change statements; the plugin's
# declared options (and its alias --trail-prefix) are checked before the
# run; an unknown filter is a usage error naming the nearest.
. "$TOP_SRCDIR/tests/lib.sh"
mkdir "$T/p"
cp "$TEST_PLUGIN_DIR/chain.so" "$T/p/" || fail "no test plugin chain.so"
IN="$SAMPLES/port-strike.txt"
run() { expect_ok --plugin-dir "$T/p" -t trail "$@" "$IN"; }

step "no --filter: no trail, statements extracted, the reader's format named"
run
grep -q "^port-strike trail=- statements=[1-9][0-9]* cue=[^-].* from=text\$" "$T/out" ||
	fail "unexpected: $(cat "$T/out")"
n=$(sed 's/.* statements=\([0-9]*\).*/\1/' "$T/out")

step "the chain runs in the order named"
run --filter mark-a,mark-b
assert_grep "trail=mark-a,mark-b statements=$n " "$T/out"
run --filter mark-b,mark-a
assert_grep "trail=mark-b,mark-a statements=$n " "$T/out"
run --filter mark-a,mark-a
assert_grep "trail=mark-a,mark-a " "$T/out"

step "the automatic extraction runs after the chain; named, at its place"
run --filter mark-b --set mark-b-drop=1
assert_grep "trail=mark-b statements=$n " "$T/out"

step "a filter drops one statement and changes another"
run --filter statements,mark-b --set mark-b-drop=1
assert_grep "trail=mark-b statements=$((n - 1)) cue=changed " "$T/out"

step "the test plugin's own options and alias"
run --trail-prefix "P:" --set trail-level=high
grep -q "^P:port-strike " "$T/out" || fail "--trail-prefix not applied: $(cat "$T/out")"
expect_rc 2 --plugin-dir "$T/p" -t trail --set trail-level=hihg "$IN"
assert_grep "'hihg' is not one of low, high; did you mean 'high'?" "$T/err"
expect_rc 2 --plugin-dir "$T/p" -t trail --set chain:trail-level=mid "$IN"
assert_grep "--set chain:trail-level=mid: 'mid' is not one of low, high" "$T/err"

step "an unknown filter: exit 2, the nearest named, nothing written"
expect_rc 2 --plugin-dir "$T/p" -t trail -o "$T/x.trail" --filter mark-a,mark-c "$IN"
assert_grep "--filter: no filter 'mark-c'; did you mean" "$T/err"
[ ! -e "$T/x.trail" ] || fail "output written with an unknown filter"
exit 0
