#!/bin/sh
# statement-cases.sh: the statement rules of ../shared/corpus/STATEMENTS.md
# as data.  Each file tests/data/statement-cases/NAME.case holds a short
# article of our own and the statement rows a reader finds in it by hand; this
# driver runs every case (or the ones named) through `corpusconv -t csv`
# and compares kind, speaker, role, cue and quote, row by row, in order.
# The case format is described in tests/data/statement-cases/README.md.
#
#   make check TESTS=tests/statement-cases.sh CASES='inverted-said according-to'
#   tests/statement-cases.sh -b BUILDDIR [-l] [CASE...]
#
# Output is TAP (one line per case; a known failure is `not ok ... # TODO`).
# Exit 0 when every case passes or fails only as known; 1 when a case not
# marked `known` fails or a `known` case passes (drop its flag); 99 when a
# case file is malformed or named and absent.

usage() {
	echo "usage: $0 [-b BUILDDIR] [-l] [CASE...]" >&2
	exit 99
}
list_only=
while getopts b:l opt; do
	case $opt in
	b) b=$(cd "$OPTARG" && pwd) || exit 99
	   CORPUSCONV="$b/corpusconv"
	   CORPUSCONV_PLUGIN_PATH="$b/plugins/.libs"
	   export CORPUSCONV CORPUSCONV_PLUGIN_PATH ;;
	l) list_only=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
if [ -z "$list_only" ] && [ -z "${CORPUSCONV:-}" ]; then
	echo "$0: run through make check, or give the build folder: -b BUILDDIR" >&2
	exit 99
fi
: "${CORPUSCONV:=corpusconv}"
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv statements
D="$TOP_SRCDIR/tests/data/statement-cases"

# Which cases: the arguments, else $CASES (space- or comma-separated, as
# make passes it), else all of them.
[ $# -gt 0 ] || set -- $(printf '%s\n' "${CASES:-}" | tr ',' ' ')
if [ $# -eq 0 ]; then
	for f in "$D"/*.case; do
		[ -f "$f" ] || { echo "no cases in $D" >&2; exit 99; }
		n=${f##*/}
		set -- "$@" "${n%.case}"
	done
fi
for c in "$@"; do
	c=${c##*/}
	[ -f "$D/${c%.case}.case" ] || { echo "no such case: $c (see $0 -l)" >&2; exit 99; }
done
if [ -n "$list_only" ]; then
	for c in "$@"; do
		c=${c##*/}
		c=${c%.case}
		k=$(grep -q '^known:' "$D/$c.case" && echo ' [known]')
		printf '%-28s %s%s\n' "$c" "$(sed -n 's/^desc: *//p' "$D/$c.case" | head -1)" "$k"
	done
	exit 0
fi

# split FILE NAME: writes $T/in/NAME.txt (the article), $T/exp/NAME
# (expected rows, normalised) and $T/head/NAME (the header's name, desc,
# known), or fails with a message naming the file and line.
split_case() {
	awk -v txt="$T/in/$2.txt" -v expf="$T/exp/$2" -v head="$T/head/$2" '
	function bad(m) { printf "%s:%d: %s\n", FILENAME, FNR, m > "/dev/stderr"; err = 1; exit 1 }
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
	BEGIN { sec = "head"; nt = 0; printf "" > expf }
	/^== text[ \t]*$/ { if (sec != "head") bad("== text must come once, after the header"); sec = "text"; next }
	/^== expected[ \t]*$/ { if (sec != "text") bad("== expected must follow == text"); sec = "exp"; next }
	/^== / { bad("unknown section: " $0) }
	sec == "head" {
		if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
		if (match($0, /^(name|desc|known):/)) {
			k = substr($0, 1, RLENGTH - 1); v = trim(substr($0, RLENGTH + 1))
			if (v == "") bad(k ": needs a value")
			hv[k] = v; next
		}
		bad("header lines are name:, desc:, known: or # comments")
	}
	sec == "text" { t[++nt] = $0; next }
	sec == "exp" {
		if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
		n = split($0, f, "|")
		if (n != 5) bad("an expected row has 5 fields: kind | speaker | role | cue | quote")
		for (i = 1; i <= 5; i++) f[i] = trim(f[i])
		if (f[1] !~ /^(direct|partial|indirect)$/) bad("kind is direct, partial or indirect: " f[1])
		if (f[2] == "" || f[4] == "" || f[5] == "") bad("speaker, cue and quote are never empty")
		print f[1] " | " f[2] " | " f[3] " | " f[4] " | " f[5] > expf
		next
	}
	END {
		if (err) exit 1
		if (sec != "exp") bad("needs an == text and an == expected section")
		if (!("name" in hv) || !("desc" in hv)) bad("the header needs name: and desc:")
		while (nt > 0 && t[nt] ~ /^[ \t]*$/) nt--
		s = 1; while (s <= nt && t[s] ~ /^[ \t]*$/) s++
		if (s > nt) bad("the text section is empty")
		for (i = s; i <= nt; i++) print t[i] > txt
		print "name=" hv["name"] > head
		print "desc=" hv["desc"] > head
		print "known=" hv["known"] > head
	}' "$1"
}

# split_table CSV: the statement table's rows, one file per input article,
# $T/act/NAME, as `kind | speaker | role | cue | quote` lines.  Columns are
# found by the header's names (RFC 4180: quoted fields, doubled quotes,
# line breaks inside quotes); the article is the doc_source's file name.
# A row with no statement_id stands for an article without statements.
split_table() {
	awk -v dir="$T/act" '
	function parse(line,   i, c, q, fld) {
		nf = 0; fld = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") { fld = fld "\""; i++ }
					else q = 0
				} else fld = fld c
			} else if (c == "\"") q = 1
			else if (c == ",") { v[++nf] = fld; fld = "" }
			else fld = fld c
		}
		v[++nf] = fld
		return q
	}
	{
		sub(/\r$/, "")
		rec = (pending ? rec "\n" $0 : $0)
		if (parse(rec)) { pending = 1; next }
		pending = 0
		if (!hdr) {
			for (i = 1; i <= nf; i++) col[v[i]] = i
			if (!("kind" in col) || !("quote" in col) || !("doc_source" in col) || !("statement_id" in col)) {
				print "the table lacks a kind, quote, doc_source or statement_id column" > "/dev/stderr"
				exit 1
			}
			hdr = 1; next
		}
		src = v[col["doc_source"]]; sub(/.*\//, "", src); sub(/\.txt$/, "", src)
		f = dir "/" src
		if (!(f in seen)) { seen[f] = 1; printf "" > f }
		if (v[col["statement_id"]] == "") next
		print v[col["kind"]] " | " v[col["speaker"]] " | " v[col["speaker_role"]] " | " v[col["cue"]] " | " v[col["quote"]] > f
	}' "$1"
}

# show NAME: the expected and actual rows, a row missing from the other
# side marked - (expected only) or + (actual only).
show() {
	awk -v expf="$T/exp/$1" -v act="$T/act/$1" '
	BEGIN {
		ne = na = 0
		while ((getline l < expf) > 0) { e[++ne] = l; ine[l]++ }
		while ((getline l < act) > 0) { a[++na] = l; ina[l]++ }
		print "#   expected (" ne " rows):"
		for (i = 1; i <= ne; i++) print "#   " (e[i] in ina ? " " : "-") " " e[i]
		print "#   actual (" na " rows):"
		for (i = 1; i <= na; i++) print "#   " (a[i] in ine ? " " : "+") " " a[i]
	}'
}

mkdir "$T/in" "$T/exp" "$T/head" "$T/act" || exit 99
names=
for c in "$@"; do
	c=${c##*/}
	c=${c%.case}
	split_case "$D/$c.case" "$c" || exit 99
	name=$(sed -n 's/^name=//p' "$T/head/$c")
	[ "$name" = "$c" ] || { echo "$D/$c.case: name: says '$name', the file is $c.case" >&2; exit 99; }
	names="$names $c"
done

# One run for every article: corpusconv's start-up (through libtool's
# wrapper) costs more than the extraction, and a document that fails does
# not stop the others.  The article keeps the case's name, so its rows are
# found by doc_source.
(cd "$T/in" && "$CORPUSCONV" -q -t csv -o "$T/all.csv" ./*.txt) 2>"$T/err"
rc=$?
if [ ! -s "$T/all.csv" ]; then
	cat "$T/err" >&2
	echo "corpusconv exited $rc and wrote no statement table" >&2
	exit 99
fi
split_table "$T/all.csv" || exit 99
if [ "$rc" -ne 0 ]; then
	echo "# corpusconv exited $rc:"
	sed 's/^/#   /' "$T/err" | head -20
fi

pass=0 failed=0 xfail=0 xpass=0 i=0
failed_names= xpass_names=
echo "1..$#"
for c in $names; do
	i=$((i + 1))
	desc=$(sed -n 's/^desc=//p' "$T/head/$c")
	known=$(sed -n 's/^known=//p' "$T/head/$c")
	if [ ! -f "$T/act/$c" ]; then
		ok= why="no rows for $c.txt in the table (corpusconv exited $rc)"
		: >"$T/act/$c"
	elif cmp -s "$T/exp/$c" "$T/act/$c"; then
		ok=1 why=
	else
		ok= why="rows differ"
	fi
	if [ -n "$ok" ] && [ -z "$known" ]; then
		pass=$((pass + 1))
		echo "ok $i - $c"
	elif [ -n "$ok" ]; then
		xpass=$((xpass + 1)) xpass_names="$xpass_names $c"
		echo "ok $i - $c # TODO known: $known"
		echo "#   XPASS: $c passes now: remove its known: line"
	elif [ -n "$known" ]; then
		xfail=$((xfail + 1))
		echo "not ok $i - $c # TODO known: $known"
		show "$c"
	else
		failed=$((failed + 1)) failed_names="$failed_names $c"
		echo "not ok $i - $c ($desc): $why"
		show "$c"
	fi
done
echo "# $i cases: $pass passed, $xfail known failures, $failed failed, $xpass known but passing"
[ "$failed" -eq 0 ] || echo "# FAILED:$failed_names"
[ "$xpass" -eq 0 ] || echo "# PASSING BUT MARKED known (remove the flag):$xpass_names"
[ "$failed" -eq 0 ] && [ "$xpass" -eq 0 ]
