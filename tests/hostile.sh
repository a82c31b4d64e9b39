#!/bin/sh
# hostile.sh: runs the catalogue of hostile inputs, tests/hostile/CATALOGUE.tsv
# (its header says what each column means).  Inputs not kept in the
# folder are written by tests/hostile/make-inputs.py (50 MB lines, a
# million quotation marks, 100,000 columns, billion laughs, zip bombs...).
# Each run must end with the expected status, below 128, within 60 s and
# under a memory bound, say what it expects (naming the input when it
# fails), print nothing but corpusconv's own messages, and leave no output
# file, final or temporary, for an input that failed.  Outputs go to -d,
# one file per document, so that what a failed input left is seen.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv statements

H=$TOP_SRCDIR/tests/hostile
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile' 2>/dev/null || skip "python3 not installed"
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=
# Peak resident size allowed, in KiB: the largest input is 50 MB, and the
# sanitizers' shadow memory and quarantine cost several times more.
if [ "${SANITIZERS:-no}" = yes ]; then MAXKB=6000000; else MAXKB=1500000; fi

mkdir "$T/in" "$T/o" || exit 99
"$PY" "$H/make-inputs.py" "$T/in" || fail "make-inputs.py failed"

n=0
tab=$(printf '\t')
while IFS=$tab read -r input from to opts status message output; do
	case $input in '' | '#'*) continue ;; esac
	n=$((n + 1))
	path=$H/$input
	[ -f "$path" ] || path=$T/in/$input
	[ -f "$path" ] || fail "catalogue line $n: no input $input"
	o=$T/o/$n
	mkdir "$o" || exit 99
	set -- -t "$to"
	[ "$from" = - ] || set -- -f "$from" "$@"
	# shellcheck disable=SC2086
	[ "$opts" = - ] || set -- "$@" $opts
	step "$input: corpusconv $* (expect $status)"
	# timeout signals its whole process group, time and corpusconv alike.
	if [ -n "$TIME" ]; then
		timeout 60 "$TIME" -f '%e %M' -o "$T/rss" "$CORPUSCONV" "$@" -d "$o" "$path" \
			>"$T/out" 2>"$T/err"
	else
		timeout 60 "$CORPUSCONV" "$@" -d "$o" "$path" >"$T/out" 2>"$T/err"
	fi
	rc=$?
	[ "$rc" -ne 124 ] || fail "$input: still running after 60 s"
	[ "$rc" -lt 128 ] || { cat "$T/err" >&2; fail "$input: exit status $rc (killed by a signal)"; }
	[ "$rc" -eq "$status" ] || { cat "$T/err" >&2; fail "$input: exit status $rc, want $status"; }
	if [ -n "$TIME" ]; then
		line=$(tail -n 1 "$T/rss")
		secs=${line% *} kb=${line#* }
		echo "    $secs s, $kb KiB"
		[ "$kb" -lt "$MAXKB" ] || fail "$input: peak resident size $kb KiB, bound $MAXKB"
	fi
	if grep -v '^corpusconv: ' "$T/err" >"$T/stray"; then
		cat "$T/err" >&2
		fail "$input: something besides corpusconv printed to stderr"
	fi
	[ "$message" = - ] || assert_grep "$message" "$T/err"
	files=$(find "$o" -type f | wc -l)
	if [ "$rc" -ne 0 ]; then
		assert_grep "$input" "$T/err"
		[ "$files" -eq 0 ] || { find "$o" -type f >&2; fail "$input failed but left output"; }
		continue
	fi
	# A table without rows holds no document, and makes no file.
	[ "$files" -gt 0 ] || [ "$output" = - ] || fail "$input: converted, but no output file"
	[ -z "$(find "$o" -name '.*' -type f)" ] || fail "$input: a temporary file was left"
	find "$o" -type f | sort | while read -r f; do cat "$f"; done >"$T/result"
	case $output in
	-) ;;
	=*) assert_same "$H/${output#=}" "$T/result" ;;
	!*) assert_no_grep "${output#!}" "$T/result" ;;
	*) assert_grep "$output" "$T/result" ;;
	esac
done <"$H/CATALOGUE.tsv"
[ "$n" -ge 40 ] || fail "only $n catalogue entries were read"

# A file name that is not UTF-8 (Latin-1 "café.txt") gives the documents
# a "source" in UTF-8: the table written from it reads back (found by
# fuzzing the bundle reader with such an entry name).
step "a Latin-1 file name: the table written reads back"
latin=$(printf 'caf\351.txt')
cp "$SAMPLES/port-strike.txt" "$T/in/$latin" || exit 99
expect_ok -q -t csv -o "$T/latin.csv" "$T/in/$latin"
expect_ok -q -f csv -t csv -o "$T/latin-again.csv" "$T/latin.csv"
assert_grep "$(printf 'caf\357\277\275.txt')" "$T/latin-again.csv"
echo "$n catalogue entries and the Latin-1 file name: all as expected"
exit 0
