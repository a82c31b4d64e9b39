#!/bin/sh
# slurm-cluster.sh: docs/slurm-corpusconv.sh on a real Slurm cluster of
# one node, started here on localhost (Debian slurm-wlm and munge):
# munged, slurmctld and slurmd with a private configuration, key and
# state under the test's folder.  The documented job array (sbatch
# --array=1-3 --wait) must give the outputs of one plain run; then one
# task re-submitted alone (--array=2) after its outputs are lost must
# restore them.  Skipped, saying why, where the daemons are not installed
# or cannot start (not root, no free port, a container that refuses).
. "$TOP_SRCDIR/tests/lib.sh"

for p in munged slurmctld slurmd sbatch sinfo; do
	command -v $p >/dev/null 2>&1 || skip "$p not installed (Debian: slurm-wlm, munge)"
done
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root"

S=$T/slurm
mkdir -p "$S/state" "$S/spool" "$S/munge" "$T/bin" "$T/in" || exit 99
chmod 700 "$S/munge"
ln -s "$CORPUSCONV" "$T/bin/corpusconv" || exit 99
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

step "starting munged, slurmctld and slurmd on localhost"
dd if=/dev/urandom of="$S/munge/key" bs=1024 count=1 2>/dev/null && chmod 400 "$S/munge/key" || exit 99
munged --foreground --force --key-file="$S/munge/key" --socket="$S/munge/sock" \
	--pid-file="$S/munge/pid" --log-file="$S/munge/log" --seed-file="$S/munge/seed" \
	>"$S/munge/out" 2>&1 &
pids="$pids $!"
port=$((20000 + $$ % 20000))
node=$(hostname -s)
cat >"$S/slurm.conf" <<EOF_CONF
ClusterName=cctest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/sock
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF_CONF
SLURM_CONF=$S/slurm.conf
export SLURM_CONF
sleep 1
slurmctld -D -f "$SLURM_CONF" >"$S/ctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" -N "$node" >"$S/d.out" 2>&1 &
pids="$pids $!"
up=
for _i in $(seq 1 60); do
	if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed)'; then up=1; break; fi
	sleep 0.5
done
[ -n "$up" ] || { tail -5 "$S/slurmctld.log" "$S/slurmd.log" "$S/d.out" 2>/dev/null; skip "the one-node cluster did not start"; }

for i in $(seq 1 30); do
	printf 'Article %d: the council met on Tuesday.\n' "$i" >"$T/in/art$i.txt"
done
expect_ok -q -t text -d "$T/plain" "$T/in"

# submit ARRAY: the documented job array, waited for.
submit() {
	PATH="$T/bin:$PATH" sbatch --wait --array="$1" --cpus-per-task=1 --mem=1 \
		--chdir="$T" --output="$T/job-%A_%a.log" \
		"$TOP_SRCDIR/docs/slurm-corpusconv.sh" "$T/in" "$T/res" text >"$T/sbatch.out" 2>&1 ||
		{ cat "$T/sbatch.out" "$T"/job-*.log >&2; fail "sbatch --array=$1 failed"; }
}

step "sbatch --array=1-3: the shards give the outputs of one run"
submit 1-3
diff -r -x .corpusconv-journal -x .reports "$T/plain" "$T/res" >&2 || fail "the job array's outputs differ from one run"

step "task 2's outputs lost; sbatch --array=2 restores them"
grep -h '"status":"ok"' "$T/res/.reports/shard-2.jsonl" | sed 's/.*"output":"\([^"]*\)".*/\1/' >"$T/lost"
[ -s "$T/lost" ] || fail "task 2 converted nothing"
xargs rm <"$T/lost" || exit 99
submit 2
diff -r -x .corpusconv-journal -x .reports "$T/plain" "$T/res" >&2 || fail "the re-submitted task did not restore its shard"
exit 0
