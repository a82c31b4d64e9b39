#!/bin/sh
# usage-errors.sh: mistakes are answered with the right spelling.  Format
# names match without case; an unknown format, option or command is a
# usage error (exit 2) naming the nearest valid one(s), as git does, found
# before anything is written, and no message names a libtool path.  The
# core's own limits (--max-depth, --timeout, ...) are checked as declared
# options, with their kinds (COUNT, SECONDS) shown by `formats`.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle html statements
printf 'Alpha said nothing.\n' >"$T/a.txt"

# usage NEEDLE ARGS...: corpusconv ARGS must exit 2, write nothing under
# $T/out-*, and say NEEDLE on stderr (and no libtool path).
usage() {
	_needle=$1; shift
	expect_rc 2 "$@"
	assert_grep "$_needle" "$T/err"
	assert_no_grep ".libs" "$T/err"
	assert_no_grep "lt-corpusconv" "$T/err"
	[ -z "$(find "$T" -maxdepth 1 -name 'out-*')" ] || fail "corpusconv $* wrote $(find "$T" -name 'out-*')"
}

step "format names match without case"
expect_ok -t TEI -o "$T/upper.xml" "$T/a.txt"
assert_grep "<TEI " "$T/upper.xml"
expect_ok -f Text -t tei -o "$T/mixed.xml" "$T/a.txt"
assert_same "$T/upper.xml" "$T/mixed.xml"

step "an unknown format names the nearest ones"
usage "no plugin writes format 'tie'; did you mean 'tei'?" -t tie -o "$T/out-1.xml" "$T/a.txt"
usage "no plugin writes format 'TIE'; did you mean 'tei'?" -t TIE -d "$T/out-2" "$T/a.txt"
usage "no plugin reads format 'txet'; did you mean 'text'?" -f txet -t tei -d "$T/out-3" "$T/a.txt"
usage "no plugin writes format 'bundel'; did you mean 'bundle'?" -t bundel -o "$T/out-4.zip" "$T/a.txt"
usage "no plugin writes format 'cs'; did you mean 'csv'?" -t cs -o "$T/out-5.csv" "$T/a.txt"
usage "no plugin writes format 'zzzz' (see corpusconv formats)" -t zzzz -o "$T/out-6" "$T/a.txt"
assert_no_grep "did you mean" "$T/err"

step "an unknown option names the nearest ones"
usage "unknown option '--csvsafe'; did you mean '--csv-safe'?" -t csv --csvsafe -o "$T/out-7.csv" "$T/a.txt"
usage "unknown option '--statments'; did you mean '--statements'?" --statments=never -t tei "$T/a.txt"
usage "unknown option '--ouput'; did you mean '--output'?" -t tei --ouput "$T/out-8.xml" "$T/a.txt"
usage "unknown option '--no-such-option'" --no-such-option -t tei "$T/a.txt"
usage "unknown option '-Z'" -Z -t tei "$T/a.txt"
usage "option '--ma' is ambiguous; it could be '--max-input', '--max-depth', '--max-memory' or '--manifest'" \
	--ma 1 -t tei "$T/a.txt"
usage "option '--csv-safe' takes no value" --csv-safe=yes -t csv "$T/a.txt"
usage "option '--to' wants a value" "$T/a.txt" --to
usage "option '-t' wants a value" "$T/a.txt" -t
usage "unknown command 'format'; did you mean 'formats'?" format

step "the core's limits are checked by the engine, as plugin options are, and say which option"
usage "--max-depth 100000: wants a depth from 1 to 4096" -t text --max-depth 100000 -d "$T/out-9" "$T/a.txt"
usage "--max-depth 0: wants a whole number, at least 1" -t text --max-depth 0 -d "$T/out-9" "$T/a.txt"
usage "--max-input lots: wants a size such as 512K" -t text --max-input lots -d "$T/out-9" "$T/a.txt"
usage "--timeout 2s: wants a whole number of seconds" -t text --timeout 2s -d "$T/out-9" "$T/a.txt"
usage "--set timeout=0: wants a whole number of seconds" -t text --set timeout=0 -d "$T/out-9" "$T/a.txt"
usage "--max-memory x: wants a size such as 512K" -t text --max-memory x -d "$T/out-9" "$T/a.txt"
expect_ok formats
assert_grep "--set max-depth=COUNT  deepest XML nesting (1 to 4096); default 256; also --max-depth COUNT" "$T/out"
assert_grep "--set timeout=SECONDS  a conversion's time limit in seconds (isolates); also --timeout SECONDS" "$T/out"

step "an option's value that looks like an option is a value, not an unknown option"
expect_ok -t text -o "$T/--not-an-option.txt" "$T/a.txt"
[ -f "$T/--not-an-option.txt" ] || fail "-o took no value beginning with --"
expect_ok -t text -o - -- "$T/a.txt"
exit 0
