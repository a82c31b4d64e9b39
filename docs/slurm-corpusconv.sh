#!/bin/sh
# slurm-corpusconv.sh: convert an archive with a Slurm job array, one shard
# per array task.
#
#   sbatch --array=1-16 slurm-corpusconv.sh ARCHIVE OUTPUT [FORMAT]
#
# Every task sees the same ARCHIVE path, so the shards cover every input
# exactly once.  Re-submit a failed task alone (--array=7) and it finishes
# its shard: --update skips what is already converted.
#SBATCH --job-name=corpusconv
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=corpusconv-%A_%a.log
set -eu

archive=${1:?usage: slurm-corpusconv.sh ARCHIVE OUTPUT [FORMAT]}
output=${2:?usage: slurm-corpusconv.sh ARCHIVE OUTPUT [FORMAT]}
format=${3:-tei}
: "${SLURM_ARRAY_TASK_ID:?submit with sbatch --array=1-N}"
: "${SLURM_ARRAY_TASK_COUNT:?submit with sbatch --array=1-N}"

mkdir -p "$output/.reports"
exec corpusconv -q -t "$format" -d "$output" --update \
	-j "${SLURM_CPUS_PER_TASK:-1}" \
	--shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
	--report "$output/.reports/shard-$SLURM_ARRAY_TASK_ID.jsonl" \
	"$archive"
