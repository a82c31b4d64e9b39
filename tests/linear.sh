#!/bin/sh
# linear.sh: every reader, the statement extractor and the bundle writer
# take work linear in their input: four times the input must cost under
# six times the work of one (a quadratic loop shows as 16, n log n as
# little over 4).  Work is counted in instructions executed (valgrind's
# callgrind, or `perf stat -e instructions:u` where the CPU counts them),
# never in seconds, so a busy machine cannot fail it or pass it: the count
# of a run is the same on every run.  The fixed cost of a run (start-up,
# plugin loading) is counted on an input of one unit and taken off both
# counts, so that it neither hides growth nor needs big inputs; the inputs
# are generated here, sized for a few tens of millions of instructions
# (some two minutes of CPU time under callgrind for the whole test).
#
# callgrind cannot run a sanitizer build (ASan and valgrind do not mix):
# there only perf counts, and without it the test skips (the plain build
# runs it).
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements

PY=${PYTHON3:-python3}
"$PY" -c 'import sys' 2>/dev/null || skip "python3 not installed"
FACTOR=4
MAXRATIO=6

# The counter: perf where the CPU counts instructions for it (not in most
# virtual machines), else callgrind.
if command -v perf >/dev/null 2>&1 &&
	perf stat -x, -e instructions:u -o "$T/perf" true >/dev/null 2>&1 &&
	grep -q '^[0-9][0-9]*,' "$T/perf"; then
	COUNTER=perf
elif [ "${SANITIZERS:-no}" = yes ]; then
	skip "sanitizer build: valgrind cannot run it, and perf counts no instructions here"
elif command -v valgrind >/dev/null 2>&1; then
	COUNTER=callgrind
else
	skip "neither valgrind nor a perf that counts instructions is installed (Debian: valgrind)"
fi
echo "counting instructions with $COUNTER"

# gen KIND UNITS FILE: a generated input (see make() below).
gen() {
	"$PY" - "$@" <<'EOF' || fail "cannot generate $1"
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
para = ("The council met on Tuesday to discuss the budget for the coming year, "
        "and the members agreed to meet again next week.")
quote = "\u201cWe will not give in,\u201d Kim Lee said."
if kind in ("paragraphs", "teiparas"):  # one paragraph per blank line
    text = "".join("%s %d\n\n" % (para, i) for i in range(n))
elif kind == "line":          # one paragraph: a single enormous line
    text = " ".join("%s %d" % (para, i) for i in range(n)) + "\n"
elif kind == "quotes":        # a statement per paragraph, one speaker
    text = "".join(quote + "\n\n" for i in range(n))
elif kind == "speakers":      # a statement per paragraph, each speaker new
    text = "".join("\u201cWe will not give in,\u201d Speaker%d said.\n\n" % i
                   for i in range(n))
elif kind == "quoteline":     # many statements in one paragraph
    text = " ".join(quote for i in range(n)) + "\n"
elif kind == "indirect":      # reported speech, no quotation marks
    text = "".join("Kim Lee said that the council would meet again on day %d.\n\n" % i
                   for i in range(n))
elif kind == "rows":          # a statement table, one document
    text = "doc_id,statement_id,kind,speaker,quote\n" + "".join(
        'd1,s%d,direct,Kim Lee,"We will not give in, ""ever"", %d"\n' % (i, i)
        for i in range(n))
elif kind in ("docs", "fewdocs", "bundledocs"):  # a statement table, a document per row
    text = "doc_id,statement_id,kind,speaker,quote\n" + "".join(
        "d%d,s1,direct,Kim Lee,We will not give in %d\n" % (i, i) for i in range(n))
else:
    sys.exit("unknown kind " + kind)
open(path, "w", encoding="utf-8").write(text)
EOF
}

# count ARGS...: the instructions one run of corpusconv -q ARGS executes.
count() {
	case $COUNTER in
	perf)
		"$TOP_BUILDDIR/libtool" --mode=execute perf stat -x, -e instructions:u \
			-o "$T/perf" "$TOP_BUILDDIR/corpusconv" -q "$@" >/dev/null 2>"$T/err" ||
			{ cat "$T/err" >&2; fail "corpusconv $* failed"; }
		n=$(sed -n 's/^\([0-9][0-9]*\),.*instructions.*/\1/p' "$T/perf" | head -n 1) ;;
	callgrind)
		"$TOP_BUILDDIR/libtool" --mode=execute valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null "$TOP_BUILDDIR/corpusconv" -q "$@" \
			>/dev/null 2>"$T/err" ||
			{ cat "$T/err" >&2; fail "corpusconv $* failed"; }
		n=$(sed -n 's/.*Collected : *\([0-9][0-9]*\).*/\1/p' "$T/err" | tail -n 1) ;;
	esac
	[ -n "$n" ] || { cat "$T/err" >&2; fail "no instruction count for corpusconv $*"; }
	echo "$n"
}

# linear NAME KIND EXT ARGS...: ARGS with @IN@ replaced by the inputs of
# one unit, of KIND's size and of FACTOR times it ($T/KIND-0.EXT, -1, -4);
# the work beyond the fixed cost must grow under MAXRATIO times.
linear() {
	name=$1 kind=$2 ext=$3
	shift 3
	c0=$(count_with "$T/$kind-0.$ext" "$@") || exit 1
	c1=$(count_with "$T/$kind-1.$ext" "$@") || exit 1
	c4=$(count_with "$T/$kind-4.$ext" "$@") || exit 1
	ratio=$(awk -v a="$c0" -v s="$c1" -v b="$c4" 'BEGIN {
		if (s - a < 1000000) { print "small"; exit }
		printf "%.2f", (b - a) / (s - a) }')
	[ "$ratio" != small ] ||
		fail "$name: the input of one size costs $c1 instructions, its fixed cost $c0: too small to tell"
	printf '%-30s %6dM %6dM -> %7dM  x%s\n' "$name" $((c0 / 1000000)) $((c1 / 1000000)) \
		$((c4 / 1000000)) "$ratio"
	awk -v r="$ratio" -v m="$MAXRATIO" 'BEGIN { exit !(r < m) }' ||
		fail "$name: $FACTOR times the input costs $ratio times the instructions (bound $MAXRATIO)"
}
count_with() {
	in=$1
	shift
	for a in "$@"; do
		[ "$a" = @IN@ ] && a=$in
		set -- "$@" "$a"
		shift
	done
	count "$@"
}

# make KIND UNITS EXT: $T/KIND-0.EXT of one unit, -1 of UNITS, -4 of FACTOR
# times UNITS.
make() {
	gen "$1" 1 "$T/$1-0.$3"
	gen "$1" "$2" "$T/$1-1.$3"
	gen "$1" $(($2 * FACTOR)) "$T/$1-4.$3"
}

step "generating inputs"
make paragraphs 2000 txt
make line 30000 txt
make quotes 1000 txt
make speakers 1000 txt
make quoteline 1000 txt
make indirect 1000 txt
make rows 2500 csv
make docs 2000 csv
make teiparas 4000 txt
# Fewer documents for the TEI and bundle inputs, which corpusconv writes
# here first (a bundle hashes every file it holds).
make fewdocs 100 csv
# Reading a bundle costs some 700,000 instructions a document (each is
# parsed as TEI): 200 and 800 documents.
make bundledocs 200 csv

step "text reader"
linear "text: paragraphs" paragraphs txt -f text -t text -o - @IN@
linear "text: one long line" line txt -f text -t text -o - @IN@

step "statement extractor (text -> csv)"
linear "extract: quotes" quotes txt -f text -t csv -o - @IN@
linear "extract: many speakers" speakers txt -f text -t csv -o - @IN@
linear "extract: quotes in one line" quoteline txt -f text -t csv -o - @IN@
linear "extract: reported speech" indirect txt -f text -t csv -o - @IN@

step "csv reader"
linear "csv: rows of one document" rows csv -f csv -t csv -o - @IN@
linear "csv: a document per row" docs csv -f csv -t csv -o - @IN@

step "tei reader (the TEI corpusconv writes)"
for k in 0 1 4; do
	expect_ok -q --statements=never -f text -t tei -o "$T/teiparas-$k.xml" "$T/teiparas-$k.txt"
	expect_ok -q -f csv -t tei -o "$T/fewdocs-$k.xml" "$T/fewdocs-$k.csv"
	expect_ok -q -f text -t tei -o "$T/quotes-$k.xml" "$T/quotes-$k.txt"
done
linear "tei: one long document" teiparas xml -f tei -t text -o - @IN@
linear "tei: teiCorpus of documents" fewdocs xml -f tei -t text -o - @IN@
linear "tei: statements" quotes xml -f tei -t csv -o - @IN@

# Many documents: the case the CPU-time version of this test left out, as
# its bundle reader grew faster than linearly past some 5,000 documents
# and timing could not tell that from a busy machine.
step "bundle reader"
for k in 0 1 4; do
	expect_ok -q -f csv -t bundle -o "$T/bundledocs-$k.zip" "$T/bundledocs-$k.csv"
	expect_ok -q --statements=never -f text -t bundle -o "$T/paragraphs-$k.zip" "$T/paragraphs-$k.txt"
done
linear "bundle: many documents" bundledocs zip -f bundle -t text -o - @IN@
linear "bundle: one long document" paragraphs zip -f bundle -t text -o - @IN@

# The documents of one table or teiCorpus share its bytes as their
# original: digested once per input, not once per document (issue 19,
# case 6: 32,000 one-row documents took 25 s).
step "bundle writer (one input of many documents)"
linear "bundle: a table of documents" fewdocs csv -f csv -t bundle -o "$T/w.zip" @IN@
linear "bundle: a teiCorpus" fewdocs xml -f tei -t bundle -o "$T/w.zip" @IN@
exit 0
