#!/bin/sh
# tei-roundtrip.sh: the TEI reader reads the writer's output losslessly.
#  - text -> TEI -> text gives what text -> text gives (samples, corpus);
#  - TEI -> TEI is byte-identical (lone TEI and teiCorpus);
#  - TEI -> CSV gives the statements the TEI holds (tests/data/tei/anchors.csv,
#    written by hand), before and after a trip through the writer;
#  - statements are marked at their byte ranges: nested when one holds the
#    other, <q> in a dateline, crossing or unfitting ones kept in <back>,
#    the records in <standOff> (and read from <back> in TEI written before);
#  - a teiCorpus written with -o gives back each of its documents.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
D="$TOP_SRCDIR/tests/data/tei"

inputs="$SAMPLES/*.txt"
[ -d "$CORPUS/raw" ] && inputs="$inputs $CORPUS/raw/*.txt"

step "text -> TEI -> text equals text -> text; TEI -> TEI is byte-identical"
for f in $inputs; do
	b=$(basename "$f" .txt)
	expect_ok -t text -o "$T/$b.direct.txt" "$f"
	expect_ok -t tei -o "$T/$b.xml" "$f"
	expect_ok -f tei -t text -o "$T/$b.via-tei.txt" "$T/$b.xml"
	assert_same "$T/$b.direct.txt" "$T/$b.via-tei.txt"
	expect_ok -f tei -t tei -o "$T/$b.again.xml" "$T/$b.xml"
	assert_same "$T/$b.xml" "$T/$b.again.xml"
done

step "TEI -> CSV gives the hand-written table, before and after TEI -> TEI"
expect_ok -f tei -t csv -o "$T/anchors.csv" "$D/anchors.xml"
assert_same "$D/anchors.csv" "$T/anchors.csv"
expect_ok -f tei -t tei -o "$T/anchors.xml" "$D/anchors.xml"
expect_ok -f tei -t csv -o "$T/anchors2.csv" "$T/anchors.xml"
assert_same "$D/anchors.csv" "$T/anchors2.csv"
expect_ok -f tei -t tei -o "$T/anchors2.xml" "$T/anchors.xml"
assert_same "$T/anchors.xml" "$T/anchors2.xml"

step "statements are marked at their ranges, nested where one holds another"
A="$T/anchors.xml"
sed -n '/<body>/,/<\/body>/p' "$A" >"$T/body"
sed -n '/<back>/,/<\/back>/p' "$A" >"$T/back"
sed -n '/<standOff/,/<\/standOff>/p' "$A" >"$T/standoff"
assert_grep '<p>“<said xml:id="anchors.s1" who="#anchors.p1" direct="true"><said xml:id="anchors.s5" who="#anchors.p1" direct="true">We will hold the line,</said></said>” Mayor' "$T/body"
assert_grep 'adding that <said xml:id="anchors.s3" who="#anchors.p1" direct="false">the “<q xml:id="anchors.s2" who="#anchors.p1">line is long</q>” and “the sea is high.”</said></p>' "$T/body"
assert_grep '<dateline>Brindle, Feb. 3 – a “<q xml:id="anchors.s7" who="#anchors.p1">quiet day</q>”</dateline>' "$T/body"
assert_grep '<figDesc>Ida Berg said “<said xml:id="anchors.s6" who="#anchors.person-1" direct="true">no</said>” to the plan.<hi rend="control"><g type="control" n="U+0007"/></hi></figDesc>' "$T/body"
step "a block that is all quote or all control character stays free of added white space"
assert_grep '<p><said xml:id="anchors.s10" who="#anchors.p1" direct="true">Whole block quote.</said></p>' "$T/body"
assert_grep '<p><q xml:id="anchors.s11" who="#anchors.p1"><g type="control" n="U+0007"/></q></p>' "$T/body"
assert_grep '<note type="meta" n="bell"><g type="control" n="U+0007"/></note>' "$A"
step "a crossing range, a range that is not its quote, and no range go to <back>"
assert_no_grep 'anchors.s4' "$T/body"
assert_grep '<q xml:id="anchors.s4">long” and “the</q>' "$T/back"
assert_no_grep 'anchors.s8' "$T/body"
assert_grep '<said xml:id="anchors.s8" who="#anchors.p1" direct="true">This text is not in the block.</said>' "$T/back"
assert_grep '<said xml:id="anchors.s9" direct="false">nothing</said>' "$T/back"
step "the records are stand-off annotation after <text>, none in <back> (which renderers show); $D/anchors.xml, written before, has them in <back> and read the same above"
assert_grep '<fs type="statement" n="s9" corresp="#anchors.s9">' "$T/standoff"
assert_grep '<standOff type="statements">' "$A"
assert_no_grep '<fs ' "$T/back"
assert_no_grep '<fs ' "$T/body"
grep -q '<fs type="statement"' "$D/anchors.xml" || fail "$D/anchors.xml no longer holds records in <back>: the old layout is untested"
step "a person id that is no NCName is kept in @n; metadata keys without element in a note"
assert_grep '<person xml:id="anchors.person-1" n="ida berg">' "$A"
assert_grep '<note type="meta" n="desk name">Metro &amp; harbour</note>' "$A"
assert_grep '<date>Feb. 3</date>' "$A"

step "blocks keep their order, kind and text when TEI forces new divs"
expect_ok -f tei -t tei -o "$T/order.xml" "$D/order.xml"
[ "$(grep -c '<head type="main">' "$T/order.xml")" -eq 2 ] || fail "two titles expected"
[ "$(grep -c '<dateline>' "$T/order.xml")" -eq 2 ] || fail "two datelines expected"
assert_grep '<p>  Leading and trailing spaces  </p>' "$T/order.xml"
assert_grep '<p/>' "$T/order.xml"
expect_ok -f tei -t text -o "$T/order1.txt" "$D/order.xml"
expect_ok -f tei -t text -o "$T/order2.txt" "$T/order.xml"
assert_same "$T/order1.txt" "$T/order2.txt"
expect_ok -f tei -t tei -o "$T/order2.xml" "$T/order.xml"
assert_same "$T/order.xml" "$T/order2.xml"

step "-o writes a teiCorpus; reading it gives each document back"
expect_ok -t tei -o "$T/corpus.xml" "$SAMPLES"
assert_grep '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">' "$T/corpus.xml"
expect_ok -f tei -t tei -o "$T/corpus2.xml" "$T/corpus.xml"
assert_same "$T/corpus.xml" "$T/corpus2.xml"
expect_ok -f tei -t text -d "$T/split" "$T/corpus.xml"
for f in "$SAMPLES"/*.txt; do
	b=$(basename "$f" .txt)
	out=$(find "$T/split" -type f -name "$b*" | head -1)
	[ -n "$out" ] || { ls -R "$T/split" >&2; fail "no document $b from the teiCorpus"; }
	assert_same "$T/$b.direct.txt" "$out"
done

step "a one-document output is a lone TEI, not a teiCorpus"
expect_ok -t tei -o "$T/one.xml" "$SAMPLES/port-strike.txt"
assert_no_grep '<teiCorpus' "$T/one.xml"
