#!/bin/sh
# claim-race.sh: no output claim (.NAME.ccclaim) is lost to a third run
# (issue 19).  A run T that takes a stale claim over must never leave the
# name empty while a live run may hold it.  A take-over that renamed the
# claim away to read its owner again, and put a live one back with
# link(2), let a third run B link its own claim in between: the put-back
# then failed, the live claim was lost, and two runs both held the
# output.  tests/interpose.c starts B at exactly the instant T holds the
# claim it takes over (CC_INTERPOSE_RUN_AT: the claim's lock taken, or
# its name renamed away) and T goes on once B is past its own claim.
# B and T each keep their claims until the test feeds them a FIFO, so
# that both are live at once.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text

need_interposer
mkdir "$T/in" "$T/in2" "$T/o" || exit 99
printf 'The first a.\n' >"$T/in/a.txt" && printf 'The second a.\n' >"$T/in2/a.txt" || exit 99
mkfifo "$T/fifoT" "$T/fifoB" || skip "cannot make a FIFO here"
claim=$T/o/.a.txt.ccclaim

claim_pids
tpid= writers=
trap 'kill $live $tpid $writers $(cat "$T/pid.B" 2>/dev/null) 2>/dev/null; rm -rf "$T"' EXIT
# feed FIFO: let the run reading FIFO go on (in the background: a run
# that never opens it must not hang the test).
feed() {
	printf 'From the FIFO.\n' >"$1" &
	writers="$writers $!"
}
# reported FILE INPUT: FILE, a report, has INPUT's line.
reported() {
	grep -qF "\"input\":\"$2\"" "$1" 2>/dev/null
}

# The command T's interposer runs: B, a run of corpusconv on in2/a.txt
# (output o/a.txt, as T's) and fifoB, in the background (its pid in
# pid.B, its status in rc.B); it returns once B is past its claim of
# o/a.txt: B's report has that input's line (written, or failed), or B
# found the claim's lock held (busy.B) and waits for T.
cat >"$T/third" <<'EOF' || exit 99
D=$1
. "$TOP_SRCDIR/tests/lib.sh"
(sh -c 'echo $$ >"$1/pid.B" && exec env CC_INTERPOSE_LOCK_BUSY="$1/busy.B" "$2" -q -j 1 \
	-t text -d "$1/o" --report "$1/report.B" "$1/in2/a.txt" "$1/fifoB"' sh "$D" "$CORPUSCONV" \
	>"$D/out.B" 2>"$D/err.B"; echo $? >"$D/rc.B.tmp" && mv "$D/rc.B.tmp" "$D/rc.B") &
past() {
	grep -qF "\"input\":\"$D/in2/a.txt\"" "$D/report.B" 2>/dev/null || [ -e "$D/busy.B" ]
}
wait_until past || { echo "third: run B never got past its claim" >&2; exit 1; }
EOF
THIRD="sh '$T/third' '$T'"

step "a live claim replaces the stale one T read, and B comes while T holds it: the live claim holds"
# The live claim goes in just after T opened the stale one (as in
# tests/claim-takeover.sh): T must leave it, and B, linking while T
# holds the name, must find it too.
claim_of $dead "$claim"
claim_of $live "$T/live-claim"
LD_PRELOAD=$SHIM CC_INTERPOSE_REPLACE=$claim CC_INTERPOSE_WITH=$T/live-claim \
	CC_INTERPOSE_RUN_AT=.ccclaim CC_INTERPOSE_RUN="$THIRD" \
	"$CORPUSCONV" -q -j 1 -t text -d "$T/o" "$T/in/a.txt" >"$T/out.T" 2>"$T/err.T"
rc=$?
[ ! -e "$T/live-claim" ] || fail "the interposer never put the live claim in place"
[ -e "$T/pid.B" ] || { cat "$T/err.T" >&2; fail "the interposer never started B"; }
bpid=$(cat "$T/pid.B")
wait_until reported "$T/report.B" "$T/in2/a.txt" || fail "B never reported in2/a.txt"
[ "$rc" -eq 1 ] || { cat "$T/err.T" >&2; fail "T exited $rc, want 1 (the output is claimed)"; }
assert_grep "is being written by another run of corpusconv (pid $live)" "$T/err.T"
assert_grep "pid $live " "$claim"
[ ! -e "$T/o/a.txt" ] ||
	fail "B (pid $bpid) wrote the output the live run (pid $live) holds: $(cat "$T/err.B")"
assert_grep "in2/a.txt: output $T/o/a.txt is being written by another run of corpusconv (pid $live)" "$T/err.B"
feed "$T/fifoB"
wait_until test -e "$T/rc.B" || fail "B never ended"
[ "$(cat "$T/rc.B")" -eq 1 ] || fail "B exited $(cat "$T/rc.B"), want 1"
[ -z "$(find "$T/o" -name '*.cctmp-*')" ] || fail "temporaries left: $(ls -A "$T/o")"
rm -f "$claim" "$T"/*.B "$T/o/fifoB.txt"

step "only the stale claim, and B comes while T holds it: one of them writes, the other fails naming it"
claim_of $dead "$claim"
LD_PRELOAD=$SHIM CC_INTERPOSE_RUN_AT=.ccclaim CC_INTERPOSE_RUN="$THIRD" \
	"$CORPUSCONV" -q -j 1 -t text -d "$T/o" --report "$T/report.T" "$T/in/a.txt" "$T/fifoT" \
	>"$T/out.T" 2>"$T/err.T" &
tpid=$!
wait_until test -e "$T/pid.B" || fail "the interposer never started B"
bpid=$(cat "$T/pid.B")
wait_until reported "$T/report.T" "$T/in/a.txt" || fail "T never reported in/a.txt"
wait_until reported "$T/report.B" "$T/in2/a.txt" || fail "B never reported in2/a.txt"
clash='is being written by another run of corpusconv'
if grep -qF "$clash" "$T/err.T"; then
	assert_grep "in/a.txt: output $T/o/a.txt $clash (pid $bpid)" "$T/err.T"
	assert_no_grep "$clash" "$T/err.B"
	assert_grep "The second a." "$T/o/a.txt"
	want_t=1 want_b=0
else
	assert_grep "in2/a.txt: output $T/o/a.txt $clash (pid $tpid)" "$T/err.B"
	assert_grep "The first a." "$T/o/a.txt"
	want_t=0 want_b=1
fi
feed "$T/fifoT"
feed "$T/fifoB"
wait $tpid
rc=$?
tpid=
[ "$rc" -eq "$want_t" ] || { cat "$T/err.T" >&2; fail "T exited $rc, want $want_t"; }
wait_until test -e "$T/rc.B" || fail "B never ended"
[ "$(cat "$T/rc.B")" -eq "$want_b" ] || { cat "$T/err.B" >&2; fail "B exited $(cat "$T/rc.B"), want $want_b"; }
left=$(find "$T/o" -name '.*')
[ -z "$left" ] || fail "left in the output folder: $left"
exit 0
