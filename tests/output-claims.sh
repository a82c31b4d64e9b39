#!/bin/sh
# output-claims.sh: an output path is claimed across processes (issue 19,
# case 2).  While one run writes out/a.txt, a second run (another shard,
# another job) that would write it too fails for that input, loudly,
# naming the first run's pid, instead of both reporting ok; once the
# first run ends its claims are gone and a run may write the path.  A
# claim a killed run left is taken over, as its temporaries are removed,
# even one naming the run's own pid; but one the run made holds against
# its own inputs too, when two outputs are one file under two names, and
# with --isolate a claim of another process of the run is named as such.
. "$TOP_SRCDIR/tests/lib.sh"

mkfifo "$T/fifo" || skip "cannot make a FIFO here"
mkdir "$T/in" "$T/in2" "$T/o" || exit 99
printf 'The first a.\n' >"$T/in/a.txt" || exit 99
printf 'The second a.\n' >"$T/in2/a.txt" || exit 99

# wait_for FILE: until FILE exists.
wait_for() {
	wait_until test -e "$1" || fail "$1 never appeared"
}

step "run 1 writes out/a.txt, then waits on a FIFO, its claims held"
"$CORPUSCONV" -q -j 1 -t text -d "$T/o" "$T/in/a.txt" "$T/fifo" >"$T/out1" 2>"$T/err1" &
pid=$!
wait_for "$T/o/a.txt"
[ -f "$T/o/.a.txt.ccclaim" ] || { kill $pid; fail "no claim beside out/a.txt"; }
assert_grep "pid $pid " "$T/o/.a.txt.ccclaim"

step "run 2 wants out/a.txt too: it fails for that input, naming run 1"
cc -t text -d "$T/o" --report "$T/report" "$T/in2/a.txt"
[ "$rc" -eq 1 ] || { kill $pid; cat "$T/err" >&2; fail "second run exited $rc, want 1"; }
assert_grep "in2/a.txt: output $T/o/a.txt is being written by another run of corpusconv (pid $pid)" "$T/err"
assert_grep '"status":"failed"' "$T/report"
assert_grep "The first a." "$T/o/a.txt"

step "the same for a gathered output (-o)"
cc -t text -o "$T/o/a.txt" "$T/in2/a.txt"
[ "$rc" -eq 1 ] || { kill $pid; fail "-o on a claimed path exited $rc, want 1"; }
assert_grep "is being written by another run of corpusconv (pid $pid)" "$T/err"

step "run 1 ends: its claims are gone, and the path may be written again"
echo 'From the FIFO.' >"$T/fifo"
wait $pid || { cat "$T/err1" >&2; fail "run 1 failed"; }
[ -z "$(find "$T/o" -name '*.ccclaim')" ] || fail "claims left: $(ls -A "$T/o")"
expect_ok -t text -d "$T/o" "$T/in2/a.txt"
assert_grep "The second a." "$T/o/a.txt"

step "a claim left by a run no longer running is taken over"
sh -c 'exit 0' &
dead=$!
wait $dead
printf 'corpusconv claim: pid %s on %s\n' "$dead" "$(uname -n)" >"$T/o/.a.txt.ccclaim"
expect_ok -t text -d "$T/o" "$T/in/a.txt"
[ ! -e "$T/o/.a.txt.ccclaim" ] || fail "the stale claim was left"

step "a claim of a live run, by its pid, holds"
sleep 60 &
live=$!
printf 'corpusconv claim: pid %s on %s\n' "$live" "$(uname -n)" >"$T/o/.a.txt.ccclaim"
cc -t text -d "$T/o" "$T/in2/a.txt"
kill $live
[ "$rc" -eq 1 ] || fail "a live claim was ignored (exit $rc)"
assert_grep "(pid $live)" "$T/err"
[ -e "$T/o/.a.txt.ccclaim" ] || fail "another run's claim was removed"
rm -f "$T/o/.a.txt.ccclaim"

step "an ended worker's claim holds while its run lives (that run takes it over), not after"
# --isolate: a worker's claims outlive it until its run's main process
# takes them over; the claim's line names that run.
sleep 60 &
live=$!
printf 'corpusconv claim: pid %s on %s in run %s\n' "$dead" "$(uname -n)" "$live" \
	>"$T/o/.a.txt.ccclaim"
cc -t text -d "$T/o" "$T/in2/a.txt"
kill $live
wait $live 2>/dev/null
[ "$rc" -eq 1 ] || fail "the claim of a live run's ended worker was taken over (exit $rc)"
[ -e "$T/o/.a.txt.ccclaim" ] || fail "the claim of a live run's ended worker was removed"
expect_ok -t text -d "$T/o" "$T/in2/a.txt"
[ ! -e "$T/o/.a.txt.ccclaim" ] || fail "the claim of an ended run's worker was left"

step "a claim naming this very process that it did not make is taken over"
# A run gone before had this pid (pids repeat, in a container from one run
# to the next): exec keeps the shell's pid for corpusconv.  $CORPUSCONV is
# one path, as lib.sh runs it (quoted), never a command with arguments; to
# run under valgrind, make it a script that execs valgrind and the binary
# (exec keeps the pid, and valgrind runs the program in its own process).
[ -f "$CORPUSCONV" ] && [ -x "$CORPUSCONV" ] ||
	{ echo "CORPUSCONV must be the path of one executable: $CORPUSCONV" >&2; exit 99; }
rm -f "$T/o/a.txt"
sh -c 'printf "corpusconv claim: pid %s on %s\n" $$ "$(uname -n)" >"$1" && exec "$2" -q -t text -d "$3" "$4"' \
	sh "$T/o/.a.txt.ccclaim" "$CORPUSCONV" "$T/o" "$T/in2/a.txt" >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "a left claim naming the run's own pid was not taken over"; }
assert_grep "The second a." "$T/o/a.txt"
[ ! -e "$T/o/.a.txt.ccclaim" ] || fail "the left claim was left"

# start_of PID: the process's start time, field 22 of /proc/PID/stat
# (clock ticks since boot), read after the last ')' as corpusconv does.
start_of() {
	sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20
}
# A pid alone does not name a process: claims carry the start times of
# their process and run (Linux), so a pid taken again is told apart.
if [ -r /proc/self/stat ]; then
	step "a run's claim line names its pid, run and their start times"
	"$CORPUSCONV" -q -j 1 -t text -d "$T/o3" "$T/in/a.txt" "$T/fifo" >"$T/out1" 2>"$T/err1" &
	pid=$!
	wait_for "$T/o3/a.txt"
	line="corpusconv claim: pid $pid on $(uname -n) in run $pid (start $(start_of $pid) $(start_of $pid))"
	got=$(cat "$T/o3/.a.txt.ccclaim")
	echo 'From the FIFO.' >"$T/fifo"
	wait $pid || { cat "$T/err1" >&2; fail "run 1 failed"; }
	[ "$got" = "$line" ] || fail "claim line: '$got', want '$line'"

	sleep 60 &
	live=$!
	step "a claim naming a live pid with another start time is stale: taken over"
	printf 'corpusconv claim: pid %s on %s in run %s (start 1 1)\n' "$live" "$(uname -n)" "$live" \
		>"$T/o/.a.txt.ccclaim"
	cc -t text -d "$T/o" "$T/in2/a.txt"
	[ "$rc" -eq 0 ] || { kill $live; cat "$T/err" >&2; fail "a claim of a pid taken again held (exit $rc)"; }
	[ ! -e "$T/o/.a.txt.ccclaim" ] || { kill $live; fail "the stale claim was left"; }

	step "the same claim with the live process's start time holds"
	printf 'corpusconv claim: pid %s on %s in run %s (start %s %s)\n' "$live" "$(uname -n)" \
		"$live" "$(start_of $live)" "$(start_of $live)" >"$T/o/.a.txt.ccclaim"
	cc -t text -d "$T/o" "$T/in2/a.txt"
	[ "$rc" -eq 1 ] || { kill $live; fail "a live claim was ignored (exit $rc)"; }
	assert_grep "(pid $live)" "$T/err"

	step "an old line (no start times) naming a live pid still holds, and naming a dead one is taken over"
	printf 'corpusconv claim: pid %s on %s in run %s\n' "$live" "$(uname -n)" "$live" \
		>"$T/o/.a.txt.ccclaim"
	cc -t text -d "$T/o" "$T/in2/a.txt"
	[ "$rc" -eq 1 ] || { kill $live; fail "an old live claim was ignored (exit $rc)"; }
	printf 'corpusconv claim: pid %s on %s in run %s\n' "$dead" "$(uname -n)" "$dead" \
		>"$T/o/.a.txt.ccclaim"
	expect_ok -q -t text -d "$T/o" "$T/in2/a.txt"
	[ ! -e "$T/o/.a.txt.ccclaim" ] || { kill $live; fail "an old stale claim was left"; }

	step "a claim naming this process's pid (started earlier) in a live run holds"
	# An ended --isolate worker's claim, adopted by its live run, seen by
	# a later worker that got the same pid: not that worker's to take.
	rm -f "$T/o/a.txt"
	sh -c 'printf "corpusconv claim: pid %s on %s in run %s (start 1 %s)\n" $$ "$(uname -n)" "$5" "$6" >"$1" &&
		exec "$2" -q -t text -d "$3" "$4"' sh "$T/o/.a.txt.ccclaim" "$CORPUSCONV" "$T/o" \
		"$T/in2/a.txt" "$live" "$(start_of $live)" >"$T/out" 2>"$T/err"
	rc=$?
	kill $live
	wait $live 2>/dev/null
	[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "the claim of a live run was taken over (exit $rc)"; }
	grep -q "is being written by another run of corpusconv (pid [0-9]*)" "$T/err" || { cat "$T/err" >&2; fail "not named as another run"; }
	[ ! -e "$T/o/a.txt" ] || fail "the output of a live run's claim was written"
	rm -f "$T/o/.a.txt.ccclaim"

	step "in a new pid namespace, a killed run's claim with a worker's pid and run 1 is taken over"
	# In a container pids repeat from one run to the next (the main
	# process often pid 1): run 1 of the claim is not this run's pid 1.
	if [ "$(id -u)" -ne 0 ] || ! unshare -fp --mount-proc true 2>/dev/null; then
		echo "(skipped: unshare -fp --mount-proc does not work here)"
	else
		printf 'corpusconv claim: pid 50 on %s in run 1 (start 5 3)\n' "$(uname -n)" \
			>"$T/o/.a.txt.ccclaim"
		unshare -fp --mount-proc "$CORPUSCONV" -q --isolate -t text -d "$T/o" "$T/in2/a.txt" \
			>"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "--isolate in a new pid namespace: the left claim held"; }
		assert_grep "The second a." "$T/o/a.txt"
		[ ! -e "$T/o/.a.txt.ccclaim" ] || fail "the left claim was left"
	fi
else
	echo "(no /proc: start times are not checked)"
fi

# Two inputs of one run, src/a/x.txt and src/b/x.txt, whose outputs
# o2/a/x.txt and o2/b/x.txt are one file: o2/b links to o2/a.  The
# names differ, so only the claim (one file too) sees it.
mkdir -p "$T/src/a" "$T/src/b" "$T/o2/a" && ln -s a "$T/o2/b" || exit 99
printf 'The a of a.\n' >"$T/src/a/x.txt" && printf 'The x of b.\n' >"$T/src/b/x.txt" || exit 99
for j in 1 2; do
	step "-j $j: two inputs of one run writing one file under two names: the second fails, loudly"
	rm -f "$T/o2/a/x.txt"
	cc -j "$j" -t text -d "$T/o2" --output-template '{dir}/{stem}.txt' --report "$T/report" "$T/src"
	[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "-j $j: two inputs wrote one file (exit $rc, want 1)"; }
	[ "$(grep -c 'is a file another input of this run writes, under another name: not converted' \
		"$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "-j $j: not one input failed for the shared file"; }
	[ "$(grep -c '"status":"failed"' "$T/report")" -eq 1 ] || fail "-j $j: not one failure reported"
	if grep -q "src/a/x.txt: output" "$T/err"; then
		assert_grep "The x of b." "$T/o2/a/x.txt"
	else
		assert_grep "The a of a." "$T/o2/a/x.txt"
	fi
	[ -z "$(find "$T/o2" -name '*.ccclaim')" ] || fail "-j $j: claims left: $(ls -A "$T/o2/a")"
done
# With --isolate the clash is between two processes of the run (a worker
# and the main process, which holds a finished worker's claims, or two
# workers): it is still another input of this run, not another run.
for j in 1 2; do
	step "--isolate -j $j: the same, and the message says it is another input of this run"
	rm -f "$T/o2/a/x.txt"
	cc --isolate -j "$j" -t text -d "$T/o2" --output-template '{dir}/{stem}.txt' \
		--report "$T/report" "$T/src"
	[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "--isolate -j $j: two inputs wrote one file (exit $rc, want 1)"; }
	[ "$(grep -c 'is a file another input of this run writes (its claim is held by pid [0-9]* of this run): not converted' \
		"$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "--isolate -j $j: not one input failed for the shared file"; }
	assert_no_grep "another run of corpusconv" "$T/err"
	[ "$(grep -c '"status":"failed"' "$T/report")" -eq 1 ] || fail "--isolate -j $j: not one failure reported"
	assert_grep "is claimed by another input" "$T/report"
	[ -z "$(find "$T/o2" -name '*.ccclaim')" ] || fail "--isolate -j $j: claims left: $(ls -A "$T/o2/a")"
done
exit 0
