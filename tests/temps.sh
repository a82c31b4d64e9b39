#!/bin/sh
# temps.sh: corpusconv removes only the temporary files it made.  A
# user's file that looks like a temporary (".notes.xml.backup",
# ".notes.xml.ABCDEF") is never touched; a temporary of a run still going
# (another run writing the same folder) is kept; one a killed run left is
# removed; SIGTERM and SIGINT remove the run's own temporaries and exit
# 143 and 130.  A temporary's name gives the pid and start time of the
# process that made it: a pid taken again by another process does not
# keep a dead run's temporary.  (Issue 19, cases 5 and 10.)
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei statements

printf 'The minister said "we will act," and the clerk agreed.\n' >"$T/in.txt" || exit 99
mkfifo "$T/fifo" || skip "cannot make a FIFO here"

# find_temp: set tmp to $_dir's temporary for $_base from run $pid.
find_temp() {
	tmp=$(find "$_dir" -maxdepth 1 -name ".$_base.cctmp-*-$pid-*" | head -1)
	[ -n "$tmp" ]
}

# start_blocked OUT: starts corpusconv -o OUT reading the FIFO, so it holds
# its output's temporary until the FIFO is written; $pid is its pid, $tmp
# the temporary's path.  Signals are left at their defaults.
start_blocked() {
	env --default-signal=INT,TERM "$CORPUSCONV" -q -t text -o "$1" "$T/fifo" \
		>"$T/bout" 2>"$T/berr" &
	pid=$!
	_dir=$(dirname "$1") _base=$(basename "$1")
	tmp=
	wait_until find_temp && return 0
	kill -9 $pid 2>/dev/null
	fail "no temporary for $1 from run $pid: $(ls -A "$_dir")"
}

step "a user's files that look like temporaries are left alone"
mkdir "$T/o" || exit 99
echo keep >"$T/o/.notes.xml.backup"
echo keep >"$T/o/.notes.xml.ABCDEF"
echo keep >"$T/o/.notes.xml.cctmp-00000000-1-ABCDEF"
expect_ok -t tei -o "$T/o/notes.xml" "$T/in.txt"
for f in .notes.xml.backup .notes.xml.ABCDEF .notes.xml.cctmp-00000000-1-ABCDEF; do
	[ -f "$T/o/$f" ] || fail "$f was deleted by -o $T/o/notes.xml"
done

step "a temporary of a run still going is kept by a second run on the same folder"
mkdir "$T/d" || exit 99
start_blocked "$T/d/in.txt"
mkdir "$T/other" && cp "$T/in.txt" "$T/other/other.txt" || exit 99
expect_ok -t text -d "$T/d" "$T/other/other.txt"
[ -f "$tmp" ] || { kill -9 $pid; fail "the second run deleted the first run's $tmp"; }
cat "$T/in.txt" >"$T/fifo"
wait $pid || fail "the first run failed: $(cat "$T/berr")"
assert_same "$T/in.txt" "$T/d/in.txt"
[ -z "$(find "$T/d" -name '.*')" ] || fail "temporaries left: $(ls -A "$T/d")"

step "a temporary a killed run left is removed by the next run"
start_blocked "$T/d/in.txt"
kill -9 $pid
wait $pid 2>/dev/null
[ -f "$tmp" ] || exit 99
expect_ok -t text -d "$T/d" "$T/in.txt"
[ ! -e "$tmp" ] || fail "the stale $tmp is still there"

# proc_start_hex PID: when PID started (field 22 of /proc/PID/stat), in hex.
proc_start_hex() {
	printf '%x' "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)"
}

# A killed run's temporary renamed as made by process $1 started at $2 (hex).
left_temp_as() {
	start_blocked "$T/d/re.txt"
	kill -9 $pid
	wait $pid 2>/dev/null
	_tail=${tmp##*.cctmp-}
	_host=${_tail%%-*} _suf=${_tail##*-}
	re="$T/d/.re.txt.cctmp-$_host-$1-$2-$_suf"
	mv "$tmp" "$re" || exit 99
}

if [ -r /proc/self/stat ]; then
	mkdir "$T/re" && cp "$T/in.txt" "$T/re/re.txt" || exit 99
	sleep 600 &
	spid=$!
	step "a temporary whose pid now runs a process started at another time is removed"
	left_temp_as $spid 1
	expect_ok -t text -d "$T/d" "$T/re/re.txt"
	[ ! -e "$re" ] || { kill $spid; fail "the stale $re was kept: its pid $spid runs another process"; }

	step "a temporary of a process still running, by pid and start time, is kept"
	left_temp_as $spid "$(proc_start_hex $spid)"
	expect_ok -t text -d "$T/d" "$T/re/re.txt"
	[ -f "$re" ] || { kill $spid; fail "the live process's $re was removed"; }
	kill $spid
	wait $spid 2>/dev/null
	rm -f "$re"

	step "in a new pid namespace, a temporary of an earlier run's pid 1 is removed"
	if [ "$(id -u)" -ne 0 ] || ! unshare -fp --mount-proc true 2>/dev/null; then
		echo "(skipped: unshare -fp --mount-proc does not work here)"
	else
		left_temp_as 1 5
		unshare -fp --mount-proc "$CORPUSCONV" -q -t text -d "$T/d" "$T/re/re.txt" \
			>"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "the run as pid 1 failed"; }
		[ ! -e "$re" ] || fail "the run as pid 1 kept $re, left by another pid 1"
	fi
else
	echo "(no /proc: start times are not checked)"
fi

for sig in TERM:143 INT:130; do
	name=${sig%:*} want=${sig#*:}
	step "SIG$name: the run's temporaries are removed, exit $want"
	start_blocked "$T/d/$name.txt"
	kill -"$name" $pid
	wait $pid
	rc=$?
	[ "$rc" -eq "$want" ] || fail "SIG$name: exit $rc, want $want"
	[ -z "$(find "$T/d" -name '.*')" ] || fail "SIG$name left: $(ls -A "$T/d")"
done
