#!/bin/sh
# bench/bench.sh: corpusconv side by side with pandoc on the same input.
#
#   bench.sh CORPUSCONV        (make bench runs it with the built program)
#
# Generates a corpus from formats/samples (and ../shared/corpus/raw when
# present; read there, never copied into the source tree) at several sizes,
# in a scratch folder, and reports as a Markdown table: MB/s and the ratio to
# pandoc for one large text file to TEI, for a folder of articles to TEI
# with -j 2 -d (pandoc under GNU parallel -j 2), and for text to CSV; the
# time to convert one small article end to end; the peak memory of bundles
# of 1x and 4x the documents; the HTML writer's cost relative to -t tei on
# the folder (issue 17); one small article against `corpusconv --version`,
# which loads no plugin (issue 16: a run opens only the plugins it uses).
# It asserts nothing: it measures, and each line
# with a target says whether it was met.
#
# Environment: TOP_SRCDIR, SHARED_DIR (set by make);
# BENCH_MB (size of the large file, default 20), BENCH_ARTICLES (folder size,
# default 360), BENCH_RUNS (corpusconv runs per figure, median; default 3),
# BENCH_ONLY (html: only the line of the HTML writer against -t tei;
# small: only the line of one small article against --version, which needs
# no generated corpus; memory: only the lines of peak memory writing 1x and
# 4x the documents and reading the bundles back),
# BENCH_DIR (scratch folder; default a new one under $TMPDIR, removed at the
# end), BENCH_OUT (where the table is written too; default ./bench.md).
#
# It must never write into the source tree or ../shared, and never leave
# its scratch folder behind unless BENCH_DIR names it.
set -u

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
say() { printf 'bench: %s\n' "$*" >&2; }

[ $# -eq 1 ] || die "usage: bench.sh CORPUSCONV"
CC=$1
[ -x "$CC" ] || die "$CC: not an executable"
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${SHARED_DIR:=$TOP_SRCDIR/../shared}"
MB=${BENCH_MB:-20}
ARTICLES=${BENCH_ARTICLES:-360}
RUNS=${BENCH_RUNS:-3}
# BENCH_ONLY=html: only issue 17's line (the HTML writer against -t tei);
# BENCH_ONLY=small: only issue 16's (one small article against --version);
# BENCH_ONLY=memory: only the peak memory lines (issue 18's reading a bundle).
ONLY=${BENCH_ONLY:-}
case $ONLY in
'' | html | small | memory) ;;
*) die "BENCH_ONLY=$ONLY: only 'html', 'small' and 'memory' are known" ;;
esac
OUT=${BENCH_OUT:-bench.md}

# Without pandoc the lines comparing with it are left out, and the table
# says so: the other lines need no pandoc.
if command -v pandoc >/dev/null 2>&1; then
	PANDOC=yes
else
	PANDOC=
	say "pandoc not found: the lines comparing with it are skipped (Debian: apt-get install -y pandoc)"
fi
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 ||
	die "GNU time not found at /usr/bin/time: it measures peak memory (Debian: apt-get install time)"
if command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q GNU; then
	PAR="parallel -j 2"
else
	PAR="xargs -P 2 -I{}"
	say "GNU parallel not found: running pandoc under xargs -P 2 instead"
fi

if [ -n "${BENCH_DIR:-}" ]; then
	W=$BENCH_DIR
	mkdir -p "$W" || die "cannot create $W"
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/ccbench.XXXXXX") || die "cannot create a scratch folder"
	trap 'rm -rf "$W"' EXIT
	trap 'exit 130' INT TERM
fi

# --- the corpus -----------------------------------------------------------

SMALL="$TOP_SRCDIR/formats/samples/port-strike.txt"
[ -f "$SMALL" ] || die "no $SMALL"
if [ "$ONLY" != small ]; then
	set -- "$TOP_SRCDIR"/formats/samples/*.txt
	[ -f "$1" ] || die "no samples in $TOP_SRCDIR/formats/samples"
	if [ -d "$SHARED_DIR/corpus/raw" ]; then
		set -- "$@" "$SHARED_DIR"/corpus/raw/*.txt
	else
		say "$SHARED_DIR/corpus/raw not found: the corpus is made of the samples alone"
	fi
	NSRC=$#
	SRCBYTES=$(cat "$@" | wc -c)
	# Copies of every source: enough for the folder (1x and 4x) and for the
	# large file.  Copy K names its people with a suffix coding K (vary.awk).
	C1=$(( (ARTICLES + NSRC - 1) / NSRC ))
	CBIG=$(( (MB * 1000000 + SRCBYTES - 1) / SRCBYTES ))
	CALL=$(( 4 * C1 > CBIG ? 4 * C1 : CBIG ))
	say "generating $CALL varied copies of $NSRC articles in $W"
	rm -rf "$W/pool" "$W/dir1" "$W/dir4"
	mkdir -p "$W/pool" "$W/dir1" "$W/dir4" || die "cannot create folders in $W"
	for f in "$@"; do
		awk -v FIRST=0 -v LAST="$CALL" -v PREFIX="$W/pool/c" -v NAME="$(basename "$f")" \
			-f "$TOP_SRCDIR/bench/vary.awk" "$f" "$f" || die "cannot generate copies of $f"
	done
	# Files of copies [0, n), in name order.
	copies() { ls "$W/pool" | awk -v n="$1" 'substr($0, 2, 5) + 0 < n'; }
	copies "$C1" | (cd "$W/pool" && xargs ln -t "$W/dir1") || die "cannot fill dir1"
	copies $((4 * C1)) | (cd "$W/pool" && xargs ln -t "$W/dir4") || die "cannot fill dir4"
	# One large file: whole articles, a blank line between them.
	copies "$CBIG" | (cd "$W/pool" && xargs awk 'FNR == 1 && NR > 1 { print "" } { print }') \
		>"$W/big.txt" || die "cannot write big.txt"
	N1=$(ls "$W/dir1" | wc -l)
	N4=$(ls "$W/dir4" | wc -l)
	BIGB=$(cat "$W/big.txt" | wc -c)
	DIR1B=$(find "$W/dir1" -type f -exec cat {} + | wc -c)
fi

bytes() { cat "$@" | wc -c; }

# --- measuring ------------------------------------------------------------

# measure N CMD...: runs CMD N times ("@RUN@" in it becomes the run's
# number, for fresh output names); sets WALL and CPU (user + system, the
# children's included) to the median run's seconds, RSS to the largest
# peak memory in KB and RSS_MED to the median one.  CPU time says what the
# work costs when other jobs share the machine and stretch the wall time.
# A failure stops the bench with the command's messages.
measure() {
	n=$1
	shift
	template=$*
	RSS=0
	: >"$W/runs"
	: >"$W/peaks"
	r=0
	while [ $r -lt "$n" ]; do
		r=$((r + 1))
		cmd=$(printf '%s' "$template" | sed "s/@RUN@/$r/g")
		t0=$(date +%s%N)
		/usr/bin/time -f '%M %U %S' -o "$W/rss" sh -c "$cmd" >"$W/cmd.out" 2>"$W/cmd.err" || {
			cat "$W/cmd.err" >&2
			die "failed: $cmd"
		}
		t1=$(date +%s%N)
		set -- $(tail -n 1 "$W/rss")
		[ "$1" -gt "$RSS" ] && RSS=$1
		echo "$1" >>"$W/peaks"
		echo "$(( (t1 - t0) / 1000 )) $2 $3" >>"$W/runs"
	done
	RSS_MED=$(sort -n "$W/peaks" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	set -- $(sort -n "$W/runs" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')
	WALL=$(calc %.3f "$1 / 1e6")
	CPU=$(calc %.2f "$2 + $3")
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# judge TARGET CONDITION: "TARGET: met" when the awk CONDITION holds, else
# "TARGET: missed": the table says itself whether each target was met.
judge() { if awk "BEGIN { exit !($2) }"; then echo "$1: met"; else echo "$1: missed"; fi; }
mbs() { calc %.1f "$1 / 1e6 / $2"; }

Q=$(printf '%s' "$CC" | sed "s/'/'\\\\''/g")
CCQ="'$Q' -q"
ROWS=""
row() { ROWS="$ROWS$*
"; }

# no_pandoc CASE: the row of a case compared with pandoc when it is absent.
no_pandoc() { row "| $1 | | pandoc not installed (apt-get install -y pandoc) | | skipped |"; }

if [ -z "$ONLY" ]; then
	say "large file ($BIGB bytes, one document) to TEI"
	# pandoc once: its run is long and varies little.
	measure "$RUNS" "$CCQ -t tei -o '$W/big-@RUN@.xml' '$W/big.txt'"
	cc_big=$WALL cc_big_rss=$RSS cc_big_cpu=$CPU
	# Issue 14's target: the TEI carries the statements the extractor found.
	case_big="text to TEI with statements, one large file ($(calc %.1f "$BIGB / 1e6") MB, one document)"
	if [ -n "$PANDOC" ]; then
		# The CPU ratio beside the wall one: on a shared machine the load
		# stretches pandoc's four-minute run and corpusconv's seconds unevenly.
		measure 1 "pandoc -f markdown -t tei -s -o '$W/big-pandoc.xml' '$W/big.txt'"
		pd_big=$WALL pd_big_rss=$RSS pd_big_cpu=$CPU
		row "| $case_big | $(mbs "$BIGB" "$cc_big") MB/s ($cc_big s; CPU $cc_big_cpu s) | $(mbs "$BIGB" "$pd_big") MB/s ($pd_big s; CPU $pd_big_cpu s) | $(calc %.1fx "$pd_big / $cc_big") (CPU $(calc %.1fx "$pd_big_cpu / $cc_big_cpu")) | $(judge '>= 50x pandoc' "$pd_big / $cc_big >= 50") |"
	else
		no_pandoc "$case_big"
	fi

	say "folder of $N1 articles to TEI, -j 2 -d"
	measure "$RUNS" "$CCQ -j 2 -t tei -d '$W/tei-@RUN@' '$W/dir1'"
	cc_dir=$WALL cc_dir_cpu=$CPU
	mkdir -p "$W/tei-pandoc"
	case_dir="folder of $N1 articles to TEI, -j 2 -d ($(calc %.1f "$DIR1B / 1e6") MB)"
	if [ -n "$PANDOC" ]; then
		measure 1 "cd '$W/dir1' && ls | $PAR pandoc -f markdown -t tei -s -o '$W/tei-pandoc/{}.xml' {}"
		pd_dir=$WALL pd_dir_cpu=$CPU
		row "| $case_dir | $(mbs "$DIR1B" "$cc_dir") MB/s ($cc_dir s; CPU $cc_dir_cpu s) | $(mbs "$DIR1B" "$pd_dir") MB/s ($pd_dir s; CPU $pd_dir_cpu s) | $(calc %.1fx "$pd_dir / $cc_dir") | $(judge '>= 50x' "$pd_dir / $cc_dir >= 50") |"
	else
		no_pandoc "$case_dir"
	fi

	say "text to CSV"
	measure "$RUNS" "$CCQ -t csv -o '$W/big-@RUN@.csv' '$W/big.txt'"
	cc_csv=$WALL
	if [ -n "$PANDOC" ]; then
		row "| one large text file to CSV | $(mbs "$BIGB" "$cc_csv") MB/s ($cc_csv s; CPU $CPU s) | (TEI: $(mbs "$BIGB" "$pd_big") MB/s) | $(calc %.1fx "$pd_big / $cc_csv") | |"
	else
		row "| one large text file to CSV | $(mbs "$BIGB" "$cc_csv") MB/s ($cc_csv s; CPU $CPU s) | | | |"
	fi
	measure "$RUNS" "$CCQ -j 2 -t csv -o '$W/dir-@RUN@.csv' '$W/dir1'"
	cc_dcsv=$WALL
	if [ -n "$PANDOC" ]; then
		row "| folder of $N1 articles to one CSV, -j 2 | $(mbs "$DIR1B" "$cc_dcsv") MB/s ($cc_dcsv s; CPU $CPU s) | (TEI: $(mbs "$DIR1B" "$pd_dir") MB/s) | $(calc %.1fx "$pd_dir / $cc_dcsv") | |"
	else
		row "| folder of $N1 articles to one CSV, -j 2 | $(mbs "$DIR1B" "$cc_dcsv") MB/s ($cc_dcsv s; CPU $CPU s) | | | |"
	fi
fi

# html_vs_tei: issue 17's budget, the HTML review page against -t tei on
# the folder of 4x the articles (the 1x folder takes a few hundredths of a
# second, below what the CPU clock resolves).  The two run in turns (which
# goes first alternates), so a change in the machine's load falls on both;
# the figure judged is the median of each turn's ratio of CPU times (user +
# system), the two measured back to back, with the medians of the CPU and
# wall times beside it.  Under callgrind, when valgrind is installed, each
# runs once more and the ratio of their instruction counts is given too:
# that figure does not move with the load.
html_vs_tei() {
	say "the HTML writer against -t tei, folder of $N4 articles"
	# Names of its own: measure() sets n and r.
	turns=$(( RUNS > 9 ? RUNS : 9 ))
	: >"$W/turns.tei"
	: >"$W/turns.html"
	: >"$W/turns.ratio"
	turn=0
	while [ $turn -lt "$turns" ]; do
		turn=$((turn + 1))
		order="tei html"
		[ $((turn % 2)) -eq 0 ] && order="html tei"
		for fmt in $order; do
			measure 1 "$CCQ -t $fmt -o '$W/turn.$fmt' '$W/dir4'"
			echo "$WALL $CPU" >>"$W/turns.$fmt"
		done
		# This turn's CPU ratio (a run below the clock's 10 ms counts as 10 ms).
		paste -d' ' "$W/turns.html" "$W/turns.tei" | tail -n 1 |
			awk '{ t = $4 > 0.01 ? $4 : 0.01; printf "%.4f\n", $2 / t }' >>"$W/turns.ratio"
	done
	median() { sort -n -k"$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'; }
	tw=$(median "$W/turns.tei" 1) tc=$(median "$W/turns.tei" 2)
	hw=$(median "$W/turns.html" 1) hc=$(median "$W/turns.html" 2)
	ratio=$(median "$W/turns.ratio" 1)
	spread=$(sort -n "$W/turns.ratio" | awk '{ v[NR] = $1 } END { printf "%.2f-%.2f", v[1], v[NR] }')
	insns=$(html_vs_tei_insns)
	row "| -t html -o against -t tei -o, folder of $N4 articles ($turns turns each, alternating) | html $hw s (CPU $hc s), tei $tw s (CPU $tc s) | | html/tei CPU $(calc %.2fx "$ratio") (median of the turns' ratios; $spread), wall $(calc %.2fx "$hw / $tw"); $insns | $(judge 'html <= 1.2x tei (CPU)' "$ratio <= 1.2") |"
}

# html_vs_tei_insns: "instructions N.NNx" (callgrind's count of html over
# tei on the same folder), or why there is none.
html_vs_tei_insns() {
	command -v valgrind >/dev/null 2>&1 ||
		{ echo "instructions: valgrind not installed"; return; }
	# libtool's wrapper is a shell script: callgrind would count the shell.
	[ "$(head -c 2 "$CC")" != "#!" ] ||
		{ echo "instructions: $CC is a script (make bench runs the real program)"; return; }
	for fmt in tei html; do
		say "callgrind: -t $fmt on the folder of $N4 articles"
		valgrind --tool=callgrind --callgrind-out-file="$W/cg.$fmt" \
			"$CC" -q -t $fmt -o "$W/cg-out.$fmt" "$W/dir4" >/dev/null 2>"$W/cg.err" ||
			{ echo "instructions: callgrind failed ($(tail -n 1 "$W/cg.err"))"; return; }
	done
	ti=$(sed -n 's/^summary: *//p' "$W/cg.tei")
	hi=$(sed -n 's/^summary: *//p' "$W/cg.html")
	[ -n "$ti" ] && [ -n "$hi" ] || { echo "instructions: no count from callgrind"; return; }
	echo "instructions $(calc %.2fx "$hi / $ti") ($(calc %.0f "$hi / 1e6") M / $(calc %.0f "$ti / 1e6") M)"
}

if [ -z "$ONLY" ]; then
	say "one small article end to end"
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -w 5 -r 100 --export-json "$W/small.json" \
			"$Q -q -t tei -o $W/small.xml $SMALL" >/dev/null 2>&1 ||
			die "hyperfine failed on $CC"
		cc_small=$(sed -n 's/^ *"mean": *\([0-9.e-]*\),*$/\1/p' "$W/small.json" | head -n 1)
		pd_small=
		if [ -n "$PANDOC" ]; then
			hyperfine -N -w 2 -r 10 --export-json "$W/small-pandoc.json" \
				"pandoc -f markdown -t tei -s -o $W/small-pandoc.xml $SMALL" >/dev/null 2>&1 ||
				die "hyperfine failed on pandoc"
			pd_small=$(sed -n 's/^ *"mean": *\([0-9.e-]*\),*$/\1/p' "$W/small-pandoc.json" | head -n 1)
		fi
		how="hyperfine, mean of 100 runs (pandoc 10)"
	else
		t0=$(date +%s%N)
		i=0
		while [ $i -lt 50 ]; do "$CC" -q -t tei -o "$W/small.xml" "$SMALL" || die "$CC failed"; i=$((i + 1)); done
		t1=$(date +%s%N)
		cc_small=$(calc %.6f "($t1 - $t0) / 50 / 1e9")
		pd_small=
		if [ -n "$PANDOC" ]; then
			t0=$(date +%s%N)
			i=0
			while [ $i -lt 5 ]; do pandoc -f markdown -t tei -s -o "$W/small-pandoc.xml" "$SMALL" || die "pandoc failed"; i=$((i + 1)); done
			t1=$(date +%s%N)
			pd_small=$(calc %.6f "($t1 - $t0) / 5 / 1e9")
		fi
		how="mean of 50 runs (pandoc 5); hyperfine not found"
	fi
	if [ -n "$pd_small" ]; then
		pd_cells="$(calc %.1f "$pd_small * 1000") ms | $(calc %.1fx "$pd_small / $cc_small")"
	else
		pd_cells="pandoc not installed |"
	fi
	row "| one small article end to end ($(bytes "$SMALL") bytes; $how) | $(calc %.1f "$cc_small * 1000") ms | $pd_cells | $(judge '<= 10 ms' "$cc_small * 1000 <= 10") |"
fi

# small_vs_version: issue 16's budget, one small article end to end (-f
# text -t tei, so the plugins opened are text, tei and statements) within
# 2x the time of --version, which opens none.  The two run in turns, so a
# change in the machine's load falls on both; the ratio is of the median
# wall times of this run.  Each time is taken by python3 around
# posix_spawn and waitpid, nothing else: the shell's $(date +%s%N) used
# before put a process of its own (date) inside every interval, some
# milliseconds that both sides shared, and so showed 1.9x where the two
# programs alone take some 5x.  CPU time (the children's user + system)
# is printed beside it, as a check that needs no quiet machine.
small_vs_version() {
	say "one small article end to end against --version"
	turns=$(( RUNS * 20 > 60 ? RUNS * 20 : 60 ))
	spawn_py=$(cat <<'PYEOF'
import os, resource, statistics, sys, time
cc, small, out, turns = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
null = os.open(os.devnull, os.O_WRONLY)
def run(argv):
    """Wall and CPU nanoseconds of one run of argv, which must succeed."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
    _, status = os.waitpid(pid, 0)
    t1 = time.perf_counter_ns()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if status:
        sys.exit("bench: %s failed" % " ".join(argv))
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return t1 - t0, cpu * 1e9
version, article = [], []
for _ in range(turns):
    version.append(run([cc, "--version"]))
    article.append(run([cc, "-q", "-f", "text", "-t", "tei", "-o", out, small]))
med = lambda xs, i: statistics.median(x[i] for x in xs)
print("%d %d %d %d" % (med(version, 0), med(article, 0),
                       sum(x[1] for x in version), sum(x[1] for x in article)))
PYEOF
)
	times=$(python3 -c "$spawn_py" "$CC" "$SMALL" "$W/small-turn.xml" "$turns") ||
		die "the turns of --version and the small article failed"
	set -- $times
	vn=$1 sn=$2 vcpu=$3 scpu=$4
	row "| one small article (-f text -t tei) against --version (median of $turns turns each, spawned by python3) | $(calc %.1f "$sn / 1e6") ms, --version $(calc %.1f "$vn / 1e6") ms (CPU $(calc %.1f "$scpu / $turns / 1e6") ms, $(calc %.1f "$vcpu / $turns / 1e6") ms) | | small/version $(calc %.2fx "$sn / $vn") (CPU $(calc %.2fx "$scpu / $vcpu")) | $(judge 'small <= 2x --version' "$sn <= 2 * $vn") |"
}

case $ONLY in '' | html) html_vs_tei ;; esac
case $ONLY in '' | small) small_vs_version ;; esac

if [ -z "$ONLY" ] || [ "$ONLY" = memory ]; then
	say "peak memory, $N1 and $N4 documents"
	for fmt in bundle csv tei; do
		measure 1 "$CCQ -j 2 -t $fmt -o '$W/mem1.$fmt' '$W/dir1'"
		m1=$RSS
		measure 1 "$CCQ -j 2 -t $fmt -o '$W/mem4.$fmt' '$W/dir4'"
		m4=$RSS
		target=""
		[ $fmt = bundle ] && target=$(judge "4x docs <= 1.5x memory" "$m4 / $m1 <= 1.5")
		row "| peak memory, $fmt -o, -j 2: $N1 / $N4 documents | $(calc %.1f "$m1 / 1024") / $(calc %.1f "$m4 / 1024") MB ($(calc %.2fx "$m4 / $m1")) | | | $target |"
	done
	# Reading a bundle streams it (issue 18): the bundles just written,
	# read back; the target allows 256 bytes a file for the index of its
	# files, both as 1.5x + 256 B a file and as what each file more takes.
	# The median peak of BENCH_RUNS runs each, as tests/bundle-memory.sh
	# takes it: what 3,240 files more take is some 600 KiB, and one run's
	# peak varies by 100 KiB and more either way (one run each read 67 to
	# 241 B a file more, three times on one build).
	measure "$RUNS" "$CCQ -f bundle -t jsonl -o '$W/read1.jsonl' '$W/mem1.bundle'"
	m1=$RSS_MED
	measure "$RUNS" "$CCQ -f bundle -t jsonl -o '$W/read4.jsonl' '$W/mem4.bundle'"
	m4=$RSS_MED
	files1=$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$W/mem1.bundle" 2>/dev/null || echo 0)
	files4=$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$W/mem4.bundle" 2>/dev/null || echo 0)
	row "| peak memory, reading a bundle (-f bundle -t jsonl; median of $RUNS runs): $N1 / $N4 documents | $(calc %.1f "$m1 / 1024") / $(calc %.1f "$m4 / 1024") MB ($(calc %.2fx "$m4 / $m1"); $files4 files) | | | $(judge "<= 1.5x + 256 B a file" "$m4 * 1024 <= 1.5 * $m1 * 1024 + 256 * $files4"); $(calc %.0f "($files4 > $files1 ? ($m4 - $m1) * 1024 / ($files4 - $files1) : 0)") B a file more $(judge "<= 256 B" "($m4 - $m1) * 1024 <= 256 * ($files4 - $files1)") |"
	# (pandoc's cell only when pandoc ran: set -u; none of it under
	# BENCH_ONLY=memory, which converts no large file)
	[ -n "$ONLY" ] ||
		row "| peak memory, the large file to TEI | $(calc %.1f "$cc_big_rss / 1024") MB | ${pd_big_rss:+$(calc %.1f "$pd_big_rss / 1024") MB} | | |"
fi

# --- the report -----------------------------------------------------------

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
fs=$(stat -f -c %T "$W" 2>/dev/null || echo unknown)
{
	printf 'Measured %s on %s CPUs (%s), %s; load average at the end %s.\n' \
		"$(date -u +%Y-%m-%d)" "$(nproc 2>/dev/null || echo '?')" "${cpu:-unknown CPU}" \
		"$(uname -sr)" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
	if [ "$ONLY" = small ]; then
		corpus="no corpus (BENCH_ONLY=small)"
	else
		corpus="Corpus: $N1 articles from $NSRC sources, varied copies (bench/vary.awk)"
	fi
	printf '%s; %s; scratch folder on %s.  %s.\n' \
		"$("$CC" --version 2>/dev/null | head -n 1)" \
		"$( (pandoc --version 2>/dev/null || echo 'pandoc not installed') | head -n 1)" "$fs" \
		"$corpus"
	printf 'corpusconv: median of %s runs; pandoc: one run (`pandoc -f markdown -t tei -s`).\n\n' "$RUNS"
	printf '| case | corpusconv | pandoc | speed-up | target |\n'
	printf '| --- | --- | --- | --- | --- |\n'
	printf '%s' "$ROWS"
} >"$OUT.tmp" && mv "$OUT.tmp" "$OUT"
cat "$OUT"
