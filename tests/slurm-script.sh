#!/bin/sh
# slurm-script.sh: docs/slurm-corpusconv.sh run as a Slurm job array runs
# it (SLURM_ARRAY_TASK_ID, _MAX and _COUNT set as sbatch sets them), without a
# cluster.  An array of 4 tasks gives the outputs of one plain run; a task
# re-submitted alone (--array=3: ID 3, MAX 3) converts shard 3 of 4 again,
# not of 3, and ends with the same outputs.  (Issue 19: the script used
# the task count, 1 for a lone task.)
. "$TOP_SRCDIR/tests/lib.sh"

SCRIPT=$TOP_SRCDIR/docs/slurm-corpusconv.sh
mkdir "$T/bin" "$T/in" || exit 99
ln -s "$CORPUSCONV" "$T/bin/corpusconv" || exit 99
for i in $(seq 1 40); do
	printf 'Article %d: the council met on Tuesday.\n' "$i" >"$T/in/art$i.txt"
done
expect_ok -q -t text -d "$T/plain" "$T/in"

# task ID MAX COUNT: one array task, as sbatch --array runs it.
task() {
	PATH="$T/bin:$PATH" SLURM_ARRAY_TASK_ID=$1 SLURM_ARRAY_TASK_MAX=$2 \
		SLURM_ARRAY_TASK_COUNT=$3 SLURM_CPUS_PER_TASK=1 \
		sh "$SCRIPT" "$T/in" "$T/res" text >"$T/task$1.log" 2>&1 ||
		{ cat "$T/task$1.log" >&2; fail "task $1 (max $2) failed"; }
}

step "sbatch --array=1-4: four shards give the outputs of one run"
for i in 1 2 3 4; do task $i 4 4; done
diff -r -x .corpusconv-journal -x .reports "$T/plain" "$T/res" >&2 || fail "the shards differ from one run"
[ "$(cat "$T/res/.reports/shards")" = 4 ] || fail "the shard count was not kept"

step "shard 3 lost, re-submitted alone (--array=3): converted again as 3 of 4"
grep -h '"status":"ok"' "$T/res/.reports/shard-3.jsonl" | sed 's/.*"output":"\([^"]*\)".*/\1/' >"$T/lost"
[ -s "$T/lost" ] || fail "shard 3 converted nothing"
xargs rm <"$T/lost" || exit 99
task 3 3 1
diff -r -x .corpusconv-journal -x .reports "$T/plain" "$T/res" >&2 || fail "the re-submitted task did not restore shard 3"
grep -q '"status":"skipped"' "$T/res/.reports/shard-3.jsonl" && fail "shard 3's inputs were skipped, not converted"
[ "$(grep -c '"status":"ok"' "$T/res/.reports/shard-3.jsonl")" -eq "$(wc -l <"$T/lost")" ] ||
	fail "the re-submitted task converted other inputs than shard 3's"
exit 0
