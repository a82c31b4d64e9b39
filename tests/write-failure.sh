#!/bin/sh
# write-failure.sh: a write that fails (a full disk: /dev/full, a small
# tmpfs) is an error naming the output and the system's reason, exits 1,
# and leaves no file behind: never a crash, never "write failed".
# (Issue 19, cases 1 and 9.)
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text bundle statements

step "a 2 MB text, big enough to pass any write buffer"
yes 'The minister said "we will act," and the clerk agreed.' | head -n 40000 >"$T/big.txt" ||
	exit 99

step "bundle to /dev/full: exit 1 with ENOSPC's reason, no crash"
if [ -w /dev/full ]; then
	expect_rc 1 -t bundle -o /dev/full "$T/big.txt"
	assert_grep "/dev/full" "$T/err"
	assert_grep "No space left on device" "$T/err"
	[ -c /dev/full ] || fail "/dev/full was replaced"
else
	echo "/dev/full is not writable here: step skipped"
fi

step "bundle to a full 64k tmpfs: exit 1, the reason, nothing left there"
mkdir "$T/full" || exit 99
small_tmpfs 64k "$T/full" '
	"$CORPUSCONV" -t bundle -o "$T/full/out.zip" "$T/big.txt" >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
	ls -A "$T/full" >"$T/left"'
rc=$(cat "$T/rc")
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "bundle to a full tmpfs exited $rc, want 1"; }
assert_grep "$T/full/out.zip" "$T/err"
assert_grep "No space left on device" "$T/err"
[ ! -s "$T/left" ] || fail "left on the full tmpfs: $(cat "$T/left")"

step "every writer to /dev/full: the system's reason, in --report too"
if [ -w /dev/full ]; then
	for to in tei text csv bundle; do
		expect_rc 1 -t $to -o /dev/full --report "$T/report" "$T/big.txt"
		assert_grep "/dev/full: cannot write: No space left on device" "$T/err"
		assert_no_grep "flush error" "$T/err"
		assert_no_grep "write failed" "$T/err"
		[ "$to" = csv ] || assert_grep "No space left on device" "$T/report"
	done
else
	echo "/dev/full is not writable here: step skipped"
fi

step "-d on a full tmpfs: each failed output's reason in --report, nothing left"
mkdir "$T/many" "$T/fulld" || exit 99
for i in 1 2 3 4 5 6; do cp "$T/big.txt" "$T/many/doc$i.txt"; done
small_tmpfs 1m "$T/fulld" '
	"$CORPUSCONV" -q -j 2 -t text -d "$T/fulld/out" --report "$T/report" "$T/many" \
		>"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
	find "$T/fulld" -name ".*" >"$T/left"'
rc=$(cat "$T/rc")
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "-d on a full tmpfs exited $rc, want 1"; }
assert_grep '"status":"failed"' "$T/report"
assert_grep "No space left on device" "$T/report"
assert_no_grep "write failed" "$T/err"
[ "$(wc -l <"$T/report")" -eq 6 ] || fail "want 6 report lines: $(cat "$T/report")"
[ ! -s "$T/left" ] || fail "temporaries left on the full tmpfs: $(cat "$T/left")"
