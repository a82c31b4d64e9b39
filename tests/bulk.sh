#!/bin/sh
# bulk.sh: bulk conversion of a generated corpus of a few thousand
# documents: -j N gives the same outputs as -j 1; --report has one JSON
# line per input; a failed document is reported and loses nothing else;
# --shard splits the inputs with no overlap and no gap (run with GNU
# parallel); a run killed with kill -9 leaves no partial file under a
# final name, and an --update re-run finishes it with no stray temporary.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements

N=2000
step "generate $N articles"
mkdir -p "$T/in/a" "$T/in/b/c"
i=0
for f in "$SAMPLES"/*.txt; do
	cp "$f" "$T/seed$i.txt"
	i=$((i + 1))
done
i=0
while [ $i -lt $N ]; do
	case $((i % 3)) in 0) d=a ;; 1) d=b ;; *) d=b/c ;; esac
	{
		printf 'Article %d of the generated corpus\n\n' "$i"
		printf 'By Reporter %d\n\n' "$((i % 17))"
		cat "$T/seed$((i % 4)).txt"
		printf '\nThe council met %d times, the clerk said.\n' "$i"
	} >"$T/in/$d/art$i.txt"
	i=$((i + 1))
done
printf 'broken \377 bytes\n' >"$T/in/b/bad.txt"
total=$((N + 1))

step "-j 2 and -j 1 give identical per-input outputs; one bad input is reported"
expect_rc 1 -q -j 1 -t text -d "$T/j1" "$T/in"
expect_rc 1 -q -j 2 -t text -d "$T/j2" --report "$T/report.jsonl" "$T/in"
diff -r "$T/j1" "$T/j2" >/dev/null || fail "-j 2 output differs from -j 1"
[ "$(find "$T/j2" -type f | wc -l)" -eq "$N" ] || fail "not $N outputs"
assert_grep "$T/in/b/bad.txt" "$T/err"
assert_no_grep "documents," "$T/err"

step "a progress line on a terminal only"
if command -v script >/dev/null; then
	script -qec "'$CORPUSCONV' -j 2 -t text -d '$T/tty' '$T/in/a'" /dev/null </dev/null >"$T/tty.out" 2>&1
	assert_grep "documents," "$T/tty.out"
	expect_ok -j 2 -t text -d "$T/notty" "$T/in/a"
	assert_no_grep "documents," "$T/err"
else
	echo "note: script(1) not installed; progress line not checked"
fi

step "--report: one JSON line per input, statuses and messages"
[ "$(wc -l <"$T/report.jsonl")" -eq "$total" ] || fail "report has $(wc -l <"$T/report.jsonl") lines, want $total"
"$PYTHON3" - "$T/report.jsonl" "$T/in/b/bad.txt" <<'PY' || fail "report content"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
bad = [r for r in rows if r["status"] != "ok"]
assert len(bad) == 1 and bad[0]["input"] == sys.argv[2], bad
assert bad[0]["status"] == "failed" and "invalid UTF-8" in bad[0]["message"], bad[0]
ok = [r for r in rows if r["status"] == "ok"]
assert all(r["output"].endswith(".txt") and r["duration"] >= 0 for r in ok)
assert len({r["input"] for r in rows}) == len(rows)
PY

step "gathered output: -j 2 equals -j 1"
expect_rc 1 -q -j 1 -t csv -o "$T/g1.csv" --statements=never "$T/in"
expect_rc 1 -q -j 2 -t csv -o "$T/g2.csv" --statements=never "$T/in"
assert_same "$T/g1.csv" "$T/g2.csv"
[ "$(grep -c ',[a-c/]*art[0-9]*.txt' "$T/g1.csv")" -eq "$N" ] || fail "gathered table lacks documents"

step "--shard with GNU parallel: every input exactly once"
command -v parallel >/dev/null || skip "GNU parallel not installed"
parallel --will-cite "$CORPUSCONV" -q -t text -d "$T/sh" --shard {}/4 --report "$T/shard{}.jsonl" "$T/in" ::: 1 2 3 4 2>/dev/null
cat "$T"/shard?.jsonl | "$PYTHON3" -c '
import json, sys
inputs = [json.loads(l)["input"] for l in sys.stdin]
assert len(inputs) == len(set(inputs)), "an input was converted twice"
print(len(inputs))' >"$T/count" || fail "shards overlap"
[ "$(cat "$T/count")" -eq "$total" ] || fail "shards cover $(cat "$T/count") of $total inputs"
for s in 1 2 3 4; do
	[ "$(wc -l <"$T/shard$s.jsonl")" -gt $((total / 8)) ] || fail "shard $s is badly unbalanced"
done
diff -r -x .corpusconv-journal "$T/j1" "$T/sh" >/dev/null || fail "sharded outputs differ from one run"

step "kill -9 mid-run: no partial file under a final name; --update finishes"
"$CORPUSCONV" -q -j 2 -t tei -d "$T/k" --statements=never "$T/in" 2>/dev/null &
pid=$!
# Kill it once it has written something, while it is still writing.
tries=0
while [ "$(find "$T/k" -type f 2>/dev/null | wc -l)" -lt 20 ] && [ $tries -lt 200 ]; do
	sleep 0.05
	tries=$((tries + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
done_files=$(find "$T/k" -type f ! -name '.*' | wc -l)
echo "killed after $done_files of $N outputs"
expect_rc 1 -q -j 1 -t tei -d "$T/kref" --statements=never "$T/in"
for f in $(cd "$T/k" && find . -type f ! -name '.*'); do
	cmp -s "$T/k/$f" "$T/kref/$f" || fail "$f is partial after kill -9"
done
expect_rc 1 -q -j 2 -t tei -d "$T/k" --statements=never --update --report "$T/upd.jsonl" "$T/in"
diff -r -x .corpusconv-journal "$T/kref" "$T/k" >/dev/null || fail "re-run did not finish the killed job"
[ -z "$(find "$T/k" -name '.*' ! -name .corpusconv-journal)" ] ||
	fail "stray temporary files: $(find "$T/k" -name '.*' | head -3)"

step "--update converts only what changed"
echo "One more sentence." >>"$T/in/a/art0.txt"
expect_rc 1 -q -t tei -d "$T/k" --statements=never --update --report "$T/upd2.jsonl" "$T/in"
[ "$(grep -c '"status":"ok"' "$T/upd2.jsonl")" -eq 1 ] || fail "--update converted $(grep -c '"status":"ok"' "$T/upd2.jsonl") inputs, want 1"
assert_grep "art0.txt" "$T/upd2.jsonl"
exit 0
