#!/bin/sh
# signal-claim.sh: SIGTERM just after an output claim (.NAME.ccclaim) is
# linked, before the run has recorded it, still removes it (issue 19,
# temps and claims).  The claim was linked outside the lock the signal's
# clean-up takes and recorded only afterwards, so a signal in between
# left a claim that nobody removed.  tests/interpose.c sends the signal
# at exactly that point and gives the clean-up a second to run there;
# with the link and its record made in one hold of the lock, the
# clean-up waits for the record and removes the claim.  (With the bug the
# test fails unless the signal thread gets no CPU for that whole second.)
# Once the lock is given back, the run may still finish the output before
# the clean-up runs on a loaded machine: a complete output, or exit 0,
# is no failure; a claim or a temporary left is.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text

need_interposer
mkdir "$T/in" "$T/o" || exit 99
printf 'The mayor said "we will build," and left.\n' >"$T/in/a.txt" || exit 99

step "SIGTERM right after the claim is linked: exit 143, and neither claim nor temporary left"
LD_PRELOAD=$SHIM CC_INTERPOSE_SIGNAL_AFTER_LINK=.ccclaim \
	"$CORPUSCONV" -q -j 1 -t text -d "$T/o" "$T/in/a.txt" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 143 ] || [ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "exited $rc, want 143 (SIGTERM)"; }
left=$(find "$T/o" -name '.*' -type f)
[ -z "$left" ] || fail "left in the output folder: $left"
[ ! -e "$T/o/a.txt" ] || assert_grep "we will build" "$T/o/a.txt"
rm -f "$T/o/a.txt"

step "a run after it writes the output"
expect_ok -q -j 1 -t text -d "$T/o" "$T/in/a.txt"
assert_grep "we will build" "$T/o/a.txt"
[ ! -e "$T/o/.a.txt.ccclaim" ] || fail "the claim outlived the run"

# A kill -9 right after the link leaves the claim and the temporary it
# was linked from (..a.txt.ccclaim.cctmp-HOST-PID-START-XXXXXX); the next run
# takes the claim over and removes that temporary too.
step "SIGKILL right after the claim is linked: the next run leaves nothing behind"
rm -rf "$T/k" && mkdir "$T/k" || exit 99
LD_PRELOAD=$SHIM CC_INTERPOSE_KILL_AFTER_LINK=.ccclaim \
	"$CORPUSCONV" -q -j 1 -t text -d "$T/k" "$T/in/a.txt" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 137 ] || fail "exited $rc, want 137 (SIGKILL)"
[ -n "$(find "$T/k" -name '*.ccclaim.cctmp-*')" ] || fail "the kill left no claim temporary: nothing tested"
expect_ok -q -j 1 -t text -d "$T/k" "$T/in/a.txt"
assert_grep "we will build" "$T/k/a.txt"
left=$(find "$T/k" -name '.*' -type f)
[ -z "$left" ] || fail "left in the output folder: $left"

# forked_worker_ends DIR SLOW: SIGTERM while an --isolate worker writing
# into DIR is forked (CC_INTERPOSE_SLOW_THREADS=SLOW): exit 143, no worker
# left running, nothing in DIR.
forked_worker_ends() {
	mkdir "$1" || exit 99
	LD_PRELOAD=$SHIM CC_INTERPOSE_SIGNAL_AT_FORK=1 CC_INTERPOSE_SLOW_THREADS=$2 \
		"$CORPUSCONV" -q --isolate -t text -d "$1" "$T/in/a.txt" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 143 ] || { cat "$T/err" >&2; fail "exited $rc, want 143 (SIGTERM)"; }
	_wdir=$1
	wait_until no_worker || fail "a worker still runs 120 s after its run ended"
	left=$(find "$1" -type f)
	[ -z "$left" ] || fail "written after the run was told to end: $left"
}
no_worker() { ! running_with "$_wdir"; }

step "SIGTERM while an --isolate worker is forked: the worker ends with the run, writing nothing"
# The worker sleeps before it starts (tests/interpose.c): a clean-up that
# did not wait for it left it to convert alone after the run had ended,
# its claim live into the next run and its output in no report.
forked_worker_ends "$T/o2" ""

step "SIGTERM while an --isolate worker is forked, its signal thread slow to start: it writes nothing"
# The worker's thread that waits for signals naps a second before it
# starts: the worker must see the SIGTERM pending before it converts, and
# no output may go in under its final name while one is.
forked_worker_ends "$T/o2s" 1

step "SIGTERM while a finished --isolate worker is reaped: its claim does not outlive the run"
# The worker wrote its output and sent its result; its run's main process
# adopts its claim.  The signal used to come when the worker was out of
# the workers a clean-up ends and its claim not adopted yet: left behind.
mkdir "$T/o3" || exit 99
LD_PRELOAD=$SHIM CC_INTERPOSE_SIGNAL_AT_REAP=1 \
	"$CORPUSCONV" -q --isolate -t text -d "$T/o3" "$T/in/a.txt" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 143 ] || [ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "exited $rc, want 143 (SIGTERM)"; }
# Exit 0 may be: the run ended first.  But the signal must have come.
assert_grep "interpose: SIGTERM at waitpid" "$T/err"
left=$(find "$T/o3" -name '.*' -type f)
[ -z "$left" ] || fail "left in the output folder: $left"
exit 0
