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
exit 0
