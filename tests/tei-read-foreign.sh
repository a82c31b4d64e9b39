#!/bin/sh
# tei-read-foreign.sh: TEI corpusconv did not write (tests/data/tei/lite.xml,
# and foreign-corpus.xml, a teiCorpus) is read as well as its markup allows,
# with one warning per document naming what was skipped; hostile XML is refused with a clear message: a DOCTYPE declaring
# entities, an external entity, malformed XML (line:col), nesting deeper
# than --max-depth, a root that is not TEI.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
D="$TOP_SRCDIR/tests/data/tei"

step "TEI Lite: blocks from front and body, white space normalised"
expect_ok -t text -o "$T/lite.txt" "$D/lite.xml"
assert_same "$D/lite.txt" "$T/lite.txt"
assert_grep "document lite: skipped note, table" "$T/err"

step "TEI Lite: <said who> and <q who> are statements linked to <person>; a bare <q> is not"
expect_ok -f tei -t csv -o "$T/lite.csv" "$D/lite.xml"
assert_same "$D/lite.csv" "$T/lite.csv"

step "TEI Lite: header metadata and persons carried into our TEI"
expect_ok -f tei -t tei -o "$T/lite.xml" "$D/lite.xml"
assert_grep '<author>Nell Varga</author>' "$T/lite.xml"
assert_grep '<title type="sub">Traders ask for more time</title>' "$T/lite.xml"
assert_grep '<date when="2025-02-11">2025-02-11</date>' "$T/lite.xml"
assert_grep '<publisher>The Brindle Courier</publisher>' "$T/lite.xml"
assert_grep '<language ident="en"/>' "$T/lite.xml"
assert_grep '<person xml:id="lite.okoro">' "$T/lite.xml"
assert_grep '<persName>Ada Okoro</persName>' "$T/lite.xml"
assert_grep '<roleName>chair of the harbour council</roleName>' "$T/lite.xml"
assert_grep '<personGrp xml:id="lite.traders">' "$T/lite.xml"

step "a teiCorpus of other TEI: each TEI a document, the corpus header none"
expect_ok -f tei -t text -d "$T/fc" "$D/foreign-corpus.xml"
assert_same "$D/foreign-corpus-1.txt" "$T/fc/foreign-corpus/harbour-1.txt"
assert_same "$D/foreign-corpus-2.txt" "$T/fc/foreign-corpus/foreign-corpus-2.txt"
[ "$(find "$T/fc" -type f | wc -l)" -eq 2 ] || fail "two documents expected"
step "front matter, div/head/p, list head and items, lb, hi read; one warning names the note"
[ "$(grep -c '^corpusconv: warning: .*skipped' "$T/err")" -eq 1 ] || fail "one warning expected"
assert_grep "document harbour-1: skipped note" "$T/err"
step "<said who> linked to particDesc's <person>; <q who> naming no person gives the speaker"
expect_ok -f tei -t csv -o "$T/fc.csv" "$D/foreign-corpus.xml"
assert_same "$D/foreign-corpus.csv" "$T/fc.csv"

step "a DOCTYPE declaring an entity is refused"
expect_rc 1 -f tei -t text "$D/doctype-entity.xml"
assert_grep "doctype-entity.xml:3:" "$T/err"
assert_grep "refused: the DOCTYPE declares an entity: boom" "$T/err"
assert_no_grep "boom boom" "$T/out"

step "an external entity is refused, and nothing is read from it"
expect_rc 1 -f tei -t text "$D/external-entity.xml"
assert_grep "refused: the DOCTYPE declares an external entity: secret" "$T/err"
[ ! -s "$T/out" ] || fail "output written for a refused input"

step "malformed XML is reported with line and column"
expect_rc 1 -f tei -t text "$D/malformed.xml"
assert_grep "malformed.xml:6:35: malformed XML: Opening and ending tag mismatch: hi line 6 and p" "$T/err"

step "nesting deeper than --max-depth is refused"
{
	printf '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
	i=0; while [ $i -lt 300 ]; do printf '<div>'; i=$((i + 1)); done
	printf '<p>deep</p>'
	i=0; while [ $i -lt 300 ]; do printf '</div>'; i=$((i + 1)); done
	printf '</body></text></TEI>\n'
} >"$T/deep.xml"
expect_rc 1 -f tei -t text "$T/deep.xml"
assert_grep "refused: elements nested deeper than 256" "$T/err"
expect_rc 1 --max-depth 100 -f tei -t text "$T/deep.xml"
assert_grep "nested deeper than 100" "$T/err"
expect_ok --max-depth 400 -f tei -t text "$T/deep.xml"
assert_grep "deep" "$T/out"

step "a root that is not TEI is refused"
printf '<?xml version="1.0"?>\n<html><body><p>x</p></body></html>\n' >"$T/page.xml"
expect_rc 1 -f tei -t text "$T/page.xml"
assert_grep "not TEI: the root element is <html>" "$T/err"

step "the probe recognises TEI without -f, by content"
cp "$D/lite.xml" "$T/lite-no-extension"
expect_ok -t text -o "$T/probed.txt" "$T/lite-no-extension"
assert_same "$D/lite.txt" "$T/probed.txt"
