#!/bin/sh
# slurm-corpusconv.sh: convert an archive with a Slurm job array, one shard
# per array task.
#
#   sbatch --array=1-16 slurm-corpusconv.sh ARCHIVE OUTPUT [FORMAT [SHARDS]]
#
# Every task sees the same ARCHIVE path, so the shards cover every input
# exactly once.  The number of shards is SHARDS, or else the array's
# highest index at the first submission (16 above), kept in
# OUTPUT/.reports/shards: re-submit a failed task alone (--array=7) and
# it converts shard 7 of 16 again, not shard 7 of 1 or of 7, and --update
# skips what is already converted.  Each input is converted in a worker
# process (--isolate) with a time limit, CORPUSCONV_TIMEOUT seconds (600).
#SBATCH --job-name=corpusconv
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=corpusconv-%A_%a.log
set -eu

usage="usage: slurm-corpusconv.sh ARCHIVE OUTPUT [FORMAT [SHARDS]]"
archive=${1:?$usage}
output=${2:?$usage}
format=${3:-tei}
shards=${4:-}
: "${SLURM_ARRAY_TASK_ID:?submit with sbatch --array=1-N}"

mkdir -p "$output/.reports"
if [ -z "$shards" ] && [ -s "$output/.reports/shards" ]; then
	shards=$(cat "$output/.reports/shards")
fi
if [ -z "$shards" ]; then
	: "${SLURM_ARRAY_TASK_MAX:?submit with sbatch --array=1-N, or give SHARDS}"
	shards=$SLURM_ARRAY_TASK_MAX
fi
if [ ! -s "$output/.reports/shards" ]; then
	# Written whole, then renamed: tasks starting together agree.
	echo "$shards" >"$output/.reports/shards.$SLURM_ARRAY_TASK_ID"
	mv "$output/.reports/shards.$SLURM_ARRAY_TASK_ID" "$output/.reports/shards"
fi
if [ "$SLURM_ARRAY_TASK_ID" -gt "$shards" ]; then
	echo "task $SLURM_ARRAY_TASK_ID is past the $shards shards of $output" >&2
	exit 2
fi

exec corpusconv -q -t "$format" -d "$output" --update \
	--isolate --timeout "${CORPUSCONV_TIMEOUT:-600}" \
	-j "${SLURM_CPUS_PER_TASK:-1}" \
	--shard "$SLURM_ARRAY_TASK_ID/$shards" \
	--report "$output/.reports/shard-$SLURM_ARRAY_TASK_ID.jsonl" \
	"$archive"
