#!/bin/sh
# report-discovery.sh: every path the inputs name gets its --report line,
# those that fail while the folders are walked included: a missing input,
# a dangling link, a link to itself, an unreadable folder, folders nested
# past 64; a FIFO or a device in a folder is skipped with a warning and a
# "skipped" line.  (Issue 19, case 9.)
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text

# line PATH: the report line of PATH (its "input" field exactly).
line() { grep -F "{\"input\":\"$1\"," "$T/report"; }
# expect_line PATH STATUS REASON: PATH has one line, with STATUS and REASON.
expect_line() {
	[ "$(line "$1" | wc -l)" -eq 1 ] || { cat "$T/report" >&2; fail "no one report line for $1"; }
	line "$1" | grep -qF "\"status\":\"$2\"" || fail "$1: not $2: $(line "$1")"
	line "$1" | grep -qF "$3" || fail "$1: '$3' not in $(line "$1")"
}

step "a folder with good files and every kind of bad one"
mkdir -p "$T/in/sub" "$T/in/locked" || exit 99
printf 'The minister said "we will act."\n' >"$T/in/good.txt"
cp "$T/in/good.txt" "$T/in/sub/good2.txt"
cp "$T/in/good.txt" "$T/in/locked/hidden.txt"
ln -s "$T/nowhere.txt" "$T/in/dangling.txt"
ln -s loop.txt "$T/in/loop.txt"
mkfifo "$T/in/fifo.txt" || skip "cannot make a FIFO here"
ln -s /dev/null "$T/in/device.txt"
deep="$T/in/deep"
for i in $(seq 1 66); do deep="$deep/d"; done
mkdir -p "$deep" && cp "$T/in/good.txt" "$deep/bottom.txt" || exit 99
chmod 000 "$T/in/locked"

# As root every folder is readable: run as nobody then, when we can.
run=
if [ "$(id -u)" -eq 0 ]; then
	# nobody must reach the build too: a checkout under a folder only
	# root may enter (mktemp -d makes one) leaves the command unreachable.
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	if command -v setpriv >/dev/null && chmod -R a+rX "$T" && chmod 000 "$T/in/locked" &&
		chmod a+rwx "$T" && $nobody "$CORPUSCONV" --version >/dev/null 2>&1; then
		run=$nobody
	else
		echo "running as root, and setpriv cannot run $CORPUSCONV as nobody: the unreadable folder is readable, its line is not checked"
	fi
fi
$run "$CORPUSCONV" -q -j 2 -t text -d "$T/outd" --report "$T/report" \
	"$T/in" "$T/missing.txt" >"$T/out" 2>"$T/err"
rc=$?
chmod 755 "$T/in/locked"
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "exited $rc, want 1"; }

step "the good files converted and reported ok"
expect_line "$T/in/good.txt" ok ""
expect_line "$T/in/sub/good2.txt" ok ""
[ -f "$T/outd/good.txt" ] || fail "good.txt not converted"

step "discovery failures are reported with their reason"
expect_line "$T/missing.txt" failed "No such file or directory"
expect_line "$T/in/dangling.txt" failed "No such file or directory"
expect_line "$T/in/loop.txt" failed "Too many levels of symbolic links"
if [ -n "$run" ] || [ "$(id -u)" -ne 0 ]; then
	expect_line "$T/in/locked" failed "Permission denied"
fi
grep -F "{\"input\":\"$T/in/deep/d/d/" "$T/report" | grep -F '"status":"failed"' |
	grep -qF "nested too deeply" || fail "the folder past depth 64 is not reported"

step "a FIFO and a device in a folder: skipped, said on stderr and in the report"
expect_line "$T/in/fifo.txt" skipped "not a regular file"
expect_line "$T/in/device.txt" skipped "not a regular file"
$run "$CORPUSCONV" -t text -d "$T/outd2" "$T/in" >"$T/out" 2>"$T/err"
assert_grep "$T/in/fifo.txt: not a regular file" "$T/err"

step "with --shard, each discovery line is in one shard's report only"
for s in 1 2 3; do
	$run "$CORPUSCONV" -q -t text -d "$T/outs" --shard $s/3 --report "$T/r$s" \
		"$T/in" "$T/missing.txt" >/dev/null 2>&1
done
n=$(cat "$T/r1" "$T/r2" "$T/r3" | grep -cF "{\"input\":\"$T/missing.txt\",")
[ "$n" -eq 1 ] || fail "missing.txt reported $n times across 3 shards"
