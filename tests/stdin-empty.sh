#!/bin/sh
# stdin-empty.sh: with no INPUT, a pipe or a redirected file on standard
# input is read as one input named `stdin` (format from -f or detected);
# a terminal or /dev/null keeps the usage error.  An empty input is a
# warning naming it and counts as skipped: never a silent empty document.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei statements
port="$SAMPLES/port-strike.txt"

step "a pipe with no INPUT is read, its format detected, its document named stdin"
"$CORPUSCONV" -t tei <"$port" >"$T/file.xml" 2>"$T/err" || fail "stdin as a file: $(cat "$T/err")"
cat "$port" | "$CORPUSCONV" -t tei >"$T/pipe.xml" 2>"$T/err" || fail "stdin as a pipe: $(cat "$T/err")"
assert_same "$T/file.xml" "$T/pipe.xml"
assert_grep 'xml:id="stdin"' "$T/pipe.xml"
assert_grep '<idno type="filename">stdin</idno>' "$T/pipe.xml"
# The same text through -f and with -o: the same document.
cat "$port" | "$CORPUSCONV" -f text -t tei -o "$T/named.xml" 2>"$T/err" || fail "-f text -o: $(cat "$T/err")"
assert_same "$T/pipe.xml" "$T/named.xml"

step "no INPUT with /dev/null on standard input: today's usage error, exit 2"
expect_rc 2 -t tei </dev/null
assert_grep "no input: give files, folders or - for stdin" "$T/err"
[ ! -s "$T/out" ] || fail "wrote to stdout: $(head -c 200 "$T/out")"

step "no INPUT on a terminal: the usage error too"
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$CORPUSCONV' -t tei" "$T/typescript" >/dev/null 2>&1 </dev/null
	assert_grep "no input: give files, folders or - for stdin" "$T/typescript"
fi

step "an empty input is a warning naming it, skipped, and the others convert"
mkdir "$T/in"
: >"$T/in/empty.txt"
printf 'A paragraph.\n' >"$T/in/full.txt"
expect_ok -t text -d "$T/d" "$T/in"
assert_grep "warning: $T/in/empty.txt: empty input, skipped" "$T/err"
[ ! -e "$T/d/empty.txt" ] || fail "an empty input gave an output"
[ -f "$T/d/full.txt" ] || fail "full.txt was not converted"
assert_grep "1 converted, 0 failed, 1 skipped" "$T/err"

step "an empty stdin is named as stdin; -q drops the warning"
: | "$CORPUSCONV" -t text >"$T/out" 2>"$T/err" || fail "empty stdin exited $?"
assert_grep "warning: stdin: empty input, skipped" "$T/err"
[ ! -s "$T/out" ] || fail "an empty stdin gave a document: $(cat "$T/out")"
: | "$CORPUSCONV" -q -t text >"$T/out" 2>"$T/err" || fail "empty stdin -q exited $?"
[ ! -s "$T/err" ] || fail "-q printed: $(cat "$T/err")"
exit 0
