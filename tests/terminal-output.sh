#!/bin/sh
# terminal-output.sh: binary output (a zip bundle) bound for a terminal is
# a usage error (exit 2) found before anything is written, as pandoc
# refuses it; to a pipe or a file, with or without -o -, it is written.
# Text formats still go to a terminal.  Needs script(1) for a terminal.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei bundle statements
script -qec true /dev/null >/dev/null 2>&1 || skip "script(1) cannot make a terminal here"
port="$SAMPLES/port-strike.txt"

# on_tty ARGS...: corpusconv ARGS with stdout and stderr on a terminal;
# what it printed in $T/tty, its exit status in $rc.
on_tty() {
	_cmd="'$CORPUSCONV'"
	for _a in "$@"; do _cmd="$_cmd '$_a'"; done
	script -qec "$_cmd; echo \"exit=\$?\"" "$T/tty" >/dev/null 2>&1 </dev/null
	rc=$(sed -n 's/^exit=\([0-9]*\).*/\1/p' "$T/tty" | tail -1)
}

step "a bundle to a terminal is refused with exit 2, nothing written"
for how in "" "-o -"; do
	# shellcheck disable=SC2086 # $how is meant to split
	on_tty -t bundle $how "$port"
	[ "$rc" = 2 ] || { cat "$T/tty" >&2; fail "bundle to a terminal ($how) exited $rc, want 2"; }
	assert_grep "format bundle is binary (application/zip) and standard output is a terminal" "$T/tty"
	assert_no_grep "PK" "$T/tty"
done

step "to a pipe, with or without -o -, the bundle is written"
"$CORPUSCONV" -t bundle -o - "$port" 2>"$T/err" | cat >"$T/a.zip" || fail "-o - to a pipe"
"$CORPUSCONV" -t bundle "$port" >"$T/b.zip" 2>"$T/err" || fail "stdout to a file: $(cat "$T/err")"
[ "$(head -c 2 "$T/a.zip")" = PK ] || fail "-o - to a pipe wrote no zip"
[ "$(head -c 2 "$T/b.zip")" = PK ] || fail "stdout to a file wrote no zip"
expect_ok -t bundle -o "$T/c.zip" "$port"

step "text formats still go to a terminal"
on_tty -t tei "$port"
[ "$rc" = 0 ] || { cat "$T/tty" >&2; fail "tei to a terminal exited $rc"; }
assert_grep "<TEI " "$T/tty"
exit 0
