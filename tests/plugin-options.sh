#!/bin/sh
# plugin-options.sh: options belong to the plugins that declare them (ABI
# 1.4).  `corpusconv formats` lists every plugin's keys; every --set and
# every plugin alias (--csv-safe, --manifest, ...) is checked before any
# conversion starts: an unknown key, plugin or value exits 2 naming the
# nearest key or value and writes nothing; PLUGIN:KEY addresses one
# plugin; the command's own source names no format option.
. "$TOP_SRCDIR/tests/lib.sh"
IN="$SAMPLES/port-strike.txt"

# refused NEEDLE ARGS...: a usage error naming NEEDLE, and no output.
refused() {
	_needle=$1; shift
	expect_rc 2 -t csv -o "$T/out.csv" "$@" "$IN"
	assert_grep "$_needle" "$T/err"
	[ ! -e "$T/out.csv" ] || fail "corpusconv $* wrote $T/out.csv"
}

step "formats lists each plugin's keys under it, and the core's own"
expect_ok formats
for k in csv-safe bagging-date manifest bag-info max-bundle corpus-title tei-change-date \
	text-encoding date-order statements-explain max-input max-depth; do
	grep -q "^    --set $k=" "$T/out" || fail "formats does not list --set $k"
done
awk '/^csv /{f=1; next} /^[^ ]/{f=0} f' "$T/out" | grep -q -- "--set csv-safe=BOOL.*also --csv-safe" ||
	fail "csv-safe is not listed under csv with its alias"

step "an unknown key: exit 2, the nearest key named"
refused "--set max-bundel=1K: no plugin has an option 'max-bundel'; did you mean 'max-bundle'?" \
	--set max-bundel=1K
refused "--set nosuch=1: no plugin has an option 'nosuch'; the keys are max-input" --set nosuch=1

step "PLUGIN:KEY: one plugin's key, which may leave out the plugin's name"
expect_ok -t csv --set csv:safe=1 -o "$T/q1.csv" "$TOP_SRCDIR/tests/data/csv/formula.csv"
expect_ok -t csv --set csv:csv-safe=yes -o "$T/q2.csv" "$TOP_SRCDIR/tests/data/csv/formula.csv"
assert_same "$T/q1.csv" "$T/q2.csv"
assert_same "$TOP_SRCDIR/tests/data/csv/formula-safe.csv" "$T/q1.csv"
refused "--set csv:bagging-date=2024-01-01: plugin csv has no option 'bagging-date'" \
	--set csv:bagging-date=2024-01-01
refused "--set cvs:safe=1: no plugin 'cvs' is loaded; did you mean 'csv'?" --set cvs:safe=1

step "bad values: exit 2, the value's kind or the nearest choice named"
refused "--set csv-safe=maybe: wants 1 or 0" --set csv-safe=maybe
refused "--set max-bundle=lots: wants a size" --set max-bundle=lots
refused "--set date-order=mdj: 'mdj' is not one of dmy, mdy; did you mean" \
	--set date-order=mdj
refused "--manifest md5: 'md5' is not among sha256, sha512" --manifest md5
refused "--set tei-change-date=yesterday: wants a date, YYYY-MM-DD" --set tei-change-date=yesterday
refused "--bagging-date 2023-02-29: wants a date" --bagging-date 2023-02-29
refused "--bag-info no label: wants one line 'Label: Value'" --bag-info "no label"
refused "--set max-depth=5000: wants a depth from 1 to 4096" --set max-depth=5000

step "aliases are the plugins' own: the command's source names no format option"
grep -n 'csv\|bundle\|bag' "$TOP_SRCDIR/core/cli/main.c" >"$T/names" &&
	fail "core/cli/main.c names a format option: $(cat "$T/names")"
expect_ok --help
assert_no_grep "--csv-safe" "$T/out"

step "an alias works as its --set does"
F="$TOP_SRCDIR/tests/data/csv/formula.csv"
expect_ok -t csv --csv-safe -o "$T/alias.csv" "$F"
assert_same "$T/q1.csv" "$T/alias.csv"
expect_ok -t csv -o "$T/plain.csv" "$F"
cmp -s "$T/plain.csv" "$T/alias.csv" && fail "csv-safe changed nothing: the test proves nothing"
exit 0
