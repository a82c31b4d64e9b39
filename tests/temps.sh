#!/bin/sh
# temps.sh: corpusconv removes only the temporary files it made.  A
# user's file that looks like a temporary (".notes.xml.backup",
# ".notes.xml.ABCDEF") is never touched; a temporary of a run still going
# (another run writing the same folder) is kept; one a killed run left is
# removed; SIGTERM and SIGINT remove the run's own temporaries and exit
# 143 and 130.  (Issue 19, cases 5 and 10.)
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
