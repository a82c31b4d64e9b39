#!/bin/sh
# claim-takeover.sh: a stale output claim (.NAME.ccclaim, left by a run
# no longer running) is taken over atomically, and a live run's claim is
# never removed, even when it replaced the stale one between a run's
# reading the owner and its taking the claim over (issue 19).  Two runs
# that both found a dead run's claim used to race: the first removed it
# and linked its own, the second then unlinked that live claim (it had
# read the dead owner) and linked its own, and both wrote the output.
# tests/interpose.c puts a live claim in place at exactly that point:
# just after the run opened the stale claim to read its owner.  The run
# must then see the live claim, leave it (it fails that input, naming the
# live pid), and leave no temporary.  The same for the claims of outputs
# --update leaves alone (cc_drop_stale_claim).
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text

need_interposer
mkdir "$T/in" "$T/o" || exit 99
printf 'The mayor said "we will build," and left.\n' >"$T/in/a.txt" || exit 99
claim=$T/o/.a.txt.ccclaim

claim_pids
trap 'kill $live 2>/dev/null; rm -rf "$T"' EXIT
# only_left NAME...: the output folder holds exactly these names.
only_left() {
	want=$(printf '%s\n' "$@" | sort)
	got=$(ls -A "$T/o" | sort)
	[ "$got" = "$want" ] || fail "output folder holds: $(echo $got), want: $(echo $want)"
}

step "a dead run's claim is taken over; the output written, no claim or temporary left"
claim_of $dead "$claim"
expect_ok -q -j 1 -t text -d "$T/o" "$T/in/a.txt"
assert_grep "we will build" "$T/o/a.txt"
only_left a.txt

step "a live claim replacing the dead one just after it was read: kept, the input fails naming it"
rm -f "$T/o/a.txt"
claim_of $dead "$claim"
claim_of $live "$T/live-claim"
LD_PRELOAD=$SHIM CC_INTERPOSE_REPLACE=$claim CC_INTERPOSE_WITH=$T/live-claim \
	"$CORPUSCONV" -q -j 1 -t text -d "$T/o" "$T/in/a.txt" >"$T/out" 2>"$T/err"
rc=$?
[ ! -e "$T/live-claim" ] || fail "the interposer never put the live claim in place"
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "exited $rc, want 1 (the output is claimed)"; }
assert_grep "is being written by another run of corpusconv (pid $live)" "$T/err"
assert_grep "pid $live " "$claim"
only_left .a.txt.ccclaim

step "--update: the claim of an output left alone is dropped only when stale"
expect_ok -q -j 1 -t text -d "$T/o2" --update "$T/in"
claim_of $dead "$T/o2/.a.txt.ccclaim"
expect_ok -q -j 1 -t text -d "$T/o2" --update "$T/in"
[ ! -e "$T/o2/.a.txt.ccclaim" ] || fail "--update left a dead run's claim"
claim_of $dead "$T/o2/.a.txt.ccclaim"
claim_of $live "$T/live-claim"
LD_PRELOAD=$SHIM CC_INTERPOSE_REPLACE=$T/o2/.a.txt.ccclaim CC_INTERPOSE_WITH=$T/live-claim \
	"$CORPUSCONV" -q -j 1 -t text -d "$T/o2" --update "$T/in" >"$T/out" 2>"$T/err"
rc=$?
[ ! -e "$T/live-claim" ] || fail "the interposer never put the live claim in place"
[ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "--update exited $rc, want 0 (nothing to convert)"; }
[ -e "$T/o2/.a.txt.ccclaim" ] || fail "--update removed a live run's claim"
assert_grep "pid $live " "$T/o2/.a.txt.ccclaim"
[ -z "$(find "$T/o2" -name '*.cctmp-*')" ] || fail "temporaries left: $(ls -A "$T/o2")"

step "--isolate, each worker with the pid of the one before: a claim the run adopted holds"
# With pid_max wrapping in a long run, a worker may get the pid of one
# that ended, whose claim the run's main process adopted: that claim
# names the worker's pid, but not its start time.  Two inputs whose
# outputs are one file (o3/b links to o3/a): the second worker, with the
# first one's pid, used to take the adopted claim over and write too.
if [ "$(id -u)" -ne 0 ] ||
	! unshare -fp --mount-proc sh -c 'echo 300 >/proc/sys/kernel/ns_last_pid' 2>/dev/null; then
	echo "(skipped: needs root, unshare -fp --mount-proc and a writable ns_last_pid, to choose pids)"
else
	mkdir -p "$T/src/a" "$T/src/b" "$T/o3/a" && ln -s a "$T/o3/b" || exit 99
	printf 'The a of a.\n' >"$T/src/a/x.txt" && printf 'The x of b.\n' >"$T/src/b/x.txt" || exit 99
	LD_PRELOAD=$SHIM CC_INTERPOSE_REUSE_PID=1 unshare -fp --mount-proc "$CORPUSCONV" -q \
		--isolate -j 1 -t text -d "$T/o3" --output-template '{dir}/{stem}.txt' \
		--report "$T/report" "$T/src" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 1 ] || { cat "$T/err" "$T/report" >&2; fail "two inputs wrote one file (exit $rc, want 1)"; }
	[ "$(grep -c '"status":"failed"' "$T/report")" -eq 1 ] || fail "not one failure reported"
	# Said of a claim naming the worker's own pid: the pid was reused.
	assert_grep "is a file another input of this run writes, under another name" "$T/err"
	assert_grep "The a of a." "$T/o3/a/x.txt"
	[ -z "$(find "$T/o3" -name '*.ccclaim')" ] || fail "claims left: $(ls -A "$T/o3/a")"
fi
exit 0
