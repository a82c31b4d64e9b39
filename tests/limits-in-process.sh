#!/bin/sh
# limits-in-process.sh: without worker processes (no --isolate, no -d),
# --max-memory and --timeout still hold where the process itself can
# check them (issue 19): an input larger than --max-memory / 8 (a
# document takes up to eight times its input, tests/memory-bound.sh) is
# refused before it is read, and a document past --timeout when it has
# been read or filtered is failed with the reason; the other inputs
# convert and the run goes on.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text

mkdir "$T/plugins" "$T/in" || exit 99
cp "$TEST_PLUGIN_DIR/misbehave.so" "$T/plugins/" || fail "cannot copy the misbehave test plugin"
export CORPUSCONV_PLUGIN_PATH="$T/plugins:$CORPUSCONV_PLUGIN_PATH"
printf 'A small text.\n' >"$T/in/small.txt" || exit 99
# 200 KB: past 1M / 8.
awk 'BEGIN { for (i = 0; i < 5000; i++) print "Paragraph " i " of a text too large here.\n" }' \
	>"$T/in/large.txt" || exit 99

step "--max-memory without workers: the large input is refused by name, the small one converts"
cc -t text --max-memory 1M --report "$T/mem.r" "$T/in/large.txt" "$T/in/small.txt"
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "exit $rc, want 1"; }
assert_grep "large.txt: not converted: larger than --max-memory 1M allows (131072 bytes" "$T/err"
assert_grep "A small text." "$T/out"
assert_no_grep "too large here" "$T/out"
grep '"status":"failed"' "$T/mem.r" | grep -q 'large.txt.*--max-memory' ||
	fail "report: $(cat "$T/mem.r")"

step "--max-memory large enough: both convert"
expect_ok -q -t text --max-memory 64M "$T/in/large.txt" "$T/in/small.txt"
assert_grep "too large here" "$T/out"

step "--timeout without workers: the slow document fails with the reason, the others convert"
printf 'Slow text.\n' >"$T/in/slow.txt" || exit 99
printf 'Quick text.\n' >"$T/in/quick.txt" || exit 99
cc -t misbehave --filter dawdle --timeout 1 --report "$T/time.r" \
	"$T/in/quick.txt" "$T/in/slow.txt" "$T/in/small.txt"
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "exit $rc, want 1"; }
assert_grep "slow.txt: document slow: timed out after 1 s (--timeout;" "$T/err"
printf 'quick\nsmall\n' >"$T/want"
assert_same "$T/want" "$T/out"
grep '"status":"failed"' "$T/time.r" | grep -q 'slow.txt.*timed out' ||
	fail "report: $(cat "$T/time.r")"
[ "$(grep -c '"status":"ok"' "$T/time.r")" -eq 2 ] || fail "report: $(cat "$T/time.r")"

step "--isolate without -d stays a usage error"
expect_rc 2 -t text --isolate -o "$T/x.txt" "$T/in/small.txt"
assert_grep "--isolate goes with -d DIR" "$T/err"
exit 0
