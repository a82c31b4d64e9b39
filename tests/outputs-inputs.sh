#!/bin/sh
# outputs-inputs.sh: an output is never read back as an input, nor
# replaces one.  -o FILE that is an input or lies inside an input folder,
# and -d DIR that is the input folder, are refused (exit 2) before
# anything is written; -d DIR inside an input folder is left out of the
# inputs with a warning; an output that would be its own input is not
# written.  (Issue 19, case 4.)
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements

mkdir -p "$T/in/sub" || exit 99
cp "$SAMPLES"/*.txt "$T/in/" || exit 99
cp "$T/in/$(ls "$T/in" | grep '\.txt$' | head -1)" "$T/in/sub/" || exit 99
cp "$T/in/sub/"*.txt "$T/a.txt" && cp "$T/a.txt" "$T/a.orig" || exit 99

step "-o inside the input folder: refused, nothing written, however often"
for run in 1 2 3; do
	expect_rc 2 -t csv -o "$T/in/st.csv" "$T/in"
	assert_grep "inside input folder" "$T/err"
	[ ! -e "$T/in/st.csv" ] || fail "run $run wrote $T/in/st.csv"
done

step "-d inside the input folder: left out of the inputs, with a warning"
expect_ok -t tei -d "$T/in/tei" "$T/in"
n1=$(find "$T/in/tei" -type f | wc -l)
expect_ok -t tei -d "$T/in/tei" --report "$T/report" "$T/in"
assert_grep "$T/in/tei: the output folder (-d): not read as an input" "$T/err"
[ ! -e "$T/in/tei/tei" ] || fail "the outputs were read back: $T/in/tei/tei"
n2=$(find "$T/in/tei" -type f | wc -l)
[ "$n1" -eq "$n2" ] || fail "outputs went from $n1 to $n2"
assert_grep "\"input\":\"$T/in/tei\",\"output\":\"\",\"status\":\"skipped\"" "$T/report"

step "-d that is the input folder: refused"
expect_rc 2 -t text -d "$T/in" "$T/in"
expect_rc 2 -t text -d "$T/in/" "$T/in/sub/.."

step "-o a.txt a.txt: refused, the input untouched"
expect_rc 2 -t text -o "$T/a.txt" "$T/a.txt"
assert_grep "is also an input" "$T/err"
assert_same "$T/a.orig" "$T/a.txt"
ln -s a.txt "$T/link.txt"
expect_rc 2 -t text -o "$T/link.txt" "$T/a.txt"
assert_same "$T/a.orig" "$T/a.txt"

step "an output that would be its own input (-d beside it): not written"
expect_rc 1 -t text -d "$T" "$T/a.txt"
assert_grep "is the input itself" "$T/err"
assert_same "$T/a.orig" "$T/a.txt"
