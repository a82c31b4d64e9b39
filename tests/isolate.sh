#!/bin/sh
# isolate.sh: --isolate converts each input in a worker process of its
# own (issue 19, isolation).  The "misbehave" test plugin's writer hangs,
# crashes or exhausts memory on documents named for it; each such input
# is reported failed with its reason (timed out, crashed with the
# signal, perhaps out of memory), the good ones convert, nothing is left
# behind, and the run ends.  SIGTERM to the run ends its workers too,
# with no temporary left.
. "$TOP_SRCDIR/tests/lib.sh"

mkdir "$T/plugins" "$T/in" || exit 99
cp "$TEST_PLUGIN_DIR/misbehave.so" "$T/plugins/" || fail "cannot copy the misbehave test plugin"
export CORPUSCONV_PLUGIN_PATH="$T/plugins:$CORPUSCONV_PLUGIN_PATH"
for n in good1 hang crash bloat good2; do
	printf 'The text of %s.\n' "$n" >"$T/in/$n.txt" || exit 99
done
# Under the sanitizers RLIMIT_AS cannot be set (their shadow memory is
# reserved up front): the memory case is left out there.
mem="--max-memory 160M"
if [ "${SANITIZERS:-no}" = yes ]; then
	rm "$T/in/bloat.txt"
	mem=
	# AddressSanitizer catches SIGSEGV and exits 1: let the crash be one.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
	export ASAN_OPTIONS
fi

step "hang, crash and bloat fail with their reasons; the good inputs convert"
start=$(date +%s)
# shellcheck disable=SC2086
cc -q -j 2 -t misbehave --isolate --timeout 8 $mem -d "$T/o" --report "$T/r" "$T/in"
took=$(($(date +%s) - start))
# "hang" loops for ever: any finite time shows --timeout cut it short; the
# bound is loose because a loaded machine under sanitizers is slow.
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "exit $rc, want 1"; }
[ "$took" -lt 120 ] || fail "the run took $took s: the hang was not cut short"
assert_grep "hang.txt: not converted: timed out after 8 s (--timeout)" "$T/err"
assert_grep "crash.txt: not converted: the conversion crashed (signal 11" "$T/err"
[ -z "$mem" ] || assert_grep "bloat.txt: not converted: the conversion crashed (signal 6, Aborted); perhaps out of memory (--max-memory 160M)" "$T/err"
grep '"status":"failed"' "$T/r" | grep -q 'hang.txt.*timed out' || fail "report: $(cat "$T/r")"
[ "$(grep -c '"status":"ok"' "$T/r")" -eq 2 ] || fail "the good inputs did not convert: $(cat "$T/r")"
printf 'good1\n' >"$T/want"
assert_same "$T/want" "$T/o/good1.tst"
[ "$(wc -l <"$T/r")" -eq "$(ls "$T/in" | wc -l)" ] || fail "not one report line per input"
left=$(find "$T/o" -name '.*' -type f)
[ -z "$left" ] || fail "left behind: $left"

step "without -d, --isolate is a usage error"
expect_rc 2 -t misbehave --isolate -o "$T/x.tst" "$T/in/good1.txt"
assert_grep "--isolate goes with -d DIR" "$T/err"

step "SIGTERM to the run ends its workers and removes their temporaries"
env --default-signal=TERM "$CORPUSCONV" -q -t misbehave --isolate -d "$T/s" "$T/in/hang.txt" \
	2>"$T/serr" &
pid=$!
has_temp() { [ -n "$(find "$T/s" -name '.hang.tst.cctmp-*' 2>/dev/null)" ]; }
wait_until has_temp || { kill -9 $pid; fail "no worker temporary"; }
kill -TERM $pid
wait $pid
rc=$?
[ "$rc" -eq 143 ] || fail "SIGTERM: exit $rc, want 143"
left=$(find "$T/s" -name '.*' -type f)
[ -z "$left" ] || fail "left after SIGTERM: $left"
running_with "$T/s" && fail "a worker outlived the run"
exit 0
