#!/bin/sh
# xml-bombs.sh: XML whose markup libxml2 checks pair by pair (issue 19,
# case 7) costs time linear in its size.  One element with thousands of
# attributes or namespace declarations, or DOCTYPE attribute defaults, is
# refused with a message naming the file, line and column; elements
# within the caps (250 attributes each) are read.  Each shape is made at
# n and 4n units: four times the input must cost under ten times the CPU
# time (best of three), where a quadratic path costs sixteen times.
. "$TOP_SRCDIR/tests/lib.sh"

PY=${PYTHON3:-python3}
"$PY" -c 'import sys' 2>/dev/null || skip "python3 not installed"
TIME=/usr/bin/time
[ -x "$TIME" ] || skip "GNU time (/usr/bin/time) not installed"
MAXRATIO=10

# gen KIND N FILE: a TEI document holding N units of KIND.
gen() {
	"$PY" - "$@" <<'PYEOF' || fail "cannot generate $1"
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        '<title>Bomb</title></titleStmt><publicationStmt><p>none</p></publicationStmt>'
        '<sourceDesc><p>generated</p></sourceDesc></fileDesc></teiHeader><text><body>\n')
tail = '</body></text></TEI>\n'
doctype = ''
enc = 'utf-8'
if kind == 'attrs':        # one <p> with n attributes
    body = '<p ' + ' '.join('n%d="v"' % i for i in range(n)) + '>bomb</p>'
elif kind == 'attrs16':    # the same in UTF-16
    body = '<p ' + ' '.join('n%d="v"' % i for i in range(n)) + '>bomb</p>'
    enc = 'utf-16'
elif kind == 'ns':         # one <p> declaring n namespaces
    body = '<p ' + ' '.join('xmlns:n%d="urn:x:%d"' % (i, i) for i in range(n)) + '>bomb</p>'
elif kind == 'defaults':   # n attribute defaults for <p>
    doctype = '<!DOCTYPE TEI [\n' + ''.join(
        '<!ATTLIST p n%d CDATA "v">\n' % i for i in range(n)) + ']>\n'
    body = '<p>bomb</p>'
elif kind == 'under':      # n paragraphs of 250 attributes, within the caps
    p = '<p ' + ' '.join('n%d="v &gt; w"' % i for i in range(250)) + '>fine</p>\n'
    body = p * n
else:
    sys.exit('unknown kind ' + kind)
decl = '<?xml version="1.0" encoding="%s"?>\n' % ('UTF-16' if enc == 'utf-16' else 'UTF-8')
open(path, 'wb').write((decl + doctype + head + body + tail).encode(enc))
PYEOF
}

# shape KIND N STATUS MESSAGE: KIND at N and 4N units; corpusconv must
# exit STATUS on both, say MESSAGE, and cost under MAXRATIO times more on
# the bigger one.
shape() {
	kind=$1 n=$2 want=$3 msg=$4
	gen "$kind" "$n" "$T/$kind-1.xml"
	gen "$kind" $((n * 4)) "$T/$kind-4.xml"
	step "$kind: $n and $((n * 4))"
	expect_rc "$want" -f tei -t text -o "$T/out.txt" "$T/$kind-4.xml"
	[ -z "$msg" ] || assert_grep "$kind-4.xml:$msg" "$T/err"
	ts=$(WANT_RC=$want cpu_best -f tei -t text -o "$T/out.txt" "$T/$kind-1.xml") || exit 1
	tb=$(WANT_RC=$want cpu_best -f tei -t text -o "$T/out.txt" "$T/$kind-4.xml") || exit 1
	# GNU time counts in 10 ms steps: a small run counts as 50 ms at least.
	ratio=$(awk -v s="$ts" -v b="$tb" 'BEGIN { if (s < 0.05) s = 0.05; printf "%.1f", b / s }')
	echo "    ${ts}s -> ${tb}s  x$ratio"
	awk -v r="$ratio" -v m="$MAXRATIO" 'BEGIN { exit !(r < m) }' ||
		fail "$kind: four times the input costs $ratio times the time (bound $MAXRATIO)"
}

shape attrs 10000 1 "3:2202: refused: an element has more than 256 attributes"
shape attrs16 10000 1 "3:2202: refused: an element has more than 256 attributes"
shape ns 20000 1 "3:1337: refused: an element declares more than 64 namespaces"
shape defaults 10000 1 "35:26: refused: the DOCTYPE declares more than 32 attribute defaults"
shape under 400 0 ""
# What the caps allow is read whole: 250 attributes, none lost.
assert_grep "fine" "$T/out.txt"
exit 0
