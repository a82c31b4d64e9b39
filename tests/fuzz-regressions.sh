#!/bin/sh
# fuzz-regressions.sh: replays, through the code of the fuzz targets
# (tests/fuzz/harness.c, built with this build's compiler and sanitizers
# as tests/fuzz-replay), every input a fuzzer once found a fault with
# (tests/fuzz/regressions/TARGET/) and the seeds the fuzzers start from.
# Each must run to its end: no crash, no sanitizer report, no broken
# promise of the host ABI (the harness aborts on those).
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements

replay=$TOP_BUILDDIR/tests/fuzz-replay
[ -x "$replay" ] || fail "$replay not built"
reg=$TOP_SRCDIR/tests/fuzz/regressions
data=$TOP_SRCDIR/tests/data

# run TARGET FILE...: replays the files; they must all run cleanly.
run() {
	t=$1; shift
	[ $# -gt 0 ] || return 0
	step "$t: $# inputs"
	"$replay" "$t" "$@" >"$T/replay.out" 2>"$T/replay.err"
	st=$?
	if [ "$st" -ne 0 ] || grep -qE 'Sanitizer|runtime error|fuzz harness|fuzz-extract' "$T/replay.err"; then
		head -60 "$T/replay.err" >&2
		fail "fuzz-replay $t exited $st"
	fi
	[ "$(wc -l <"$T/replay.out")" -eq "$(if [ "$t" = extract ]; then echo 0; else echo $#; fi)" ] ||
		fail "fuzz-replay $t did not report every input"
}

# The names of the files of a folder that exist (a glob that matched
# nothing stays unexpanded).
files() {
	for f in "$@"; do [ -f "$f" ] && printf '%s\n' "$f"; done
}

# shellcheck disable=SC2046
run text $(files "$reg"/text/* "$SAMPLES"/*.txt "$data"/text/*.txt)
# shellcheck disable=SC2046
run tei $(files "$reg"/tei/* "$data"/tei/*.xml)
# shellcheck disable=SC2046
run csv $(files "$reg"/csv/* "$data"/csv/*.csv "$data"/tei/*.csv)
# shellcheck disable=SC2046
run bundle $(files "$reg"/bundle/*)
# shellcheck disable=SC2046
run extract $(files "$reg"/extract/* "$SAMPLES"/*.txt)

# The bundles the fuzzers start from are written by corpusconv itself.
step "bundle: seeds written by corpusconv"
expect_ok -q -t bundle -o "$T/samples.zip" "$SAMPLES"
expect_ok -q -t bundle -o "$T/one.zip" "$SAMPLES/port-strike.txt"
run bundle "$T/samples.zip" "$T/one.zip"
exit 0
