#!/bin/sh
# tei-valid.sh: what the TEI writer produces is valid TEI P5 and valid
# against corpusconv's own customisation: every output is checked with jing
# against both tei_all.rng and formats/tei/corpusconv.rng.  Outputs: each
# demo sample and each article of ../shared/corpus alone and all together
# as a teiCorpus, a statement table, the hand-made documents whose blocks
# and statements push the writer's placement rules (tests/data/tei/order.xml,
# anchors.xml), other TEI read and written again, an article with no
# metadata, document ids that are no NCNames, and an output with no
# document.  The customisation is strict: TEI valid under tei_all that
# uses an element or attribute corpusconv never writes is rejected.  The
# committed corpusconv.rng is what formats/tei/odd2rng.py derives from
# corpusconv.odd.  Skips without jing.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
D="$TOP_SRCDIR/tests/data/tei"
TEI_ALL="$SHARED_DIR/schemas/tei_all.rng"
CC_RNG="$TOP_SRCDIR/formats/tei/corpusconv.rng"
need_jing

# jing_ok SCHEMA FILE: jing must accept FILE.
jing_ok() {
	"$JING" "$1" "$2" >"$T/jing" 2>&1 ||
		{ grep -v '^\[warning\]' "$T/jing" | head -20 >&2; fail "$2 is not valid against $1"; }
}
# valid FILE: valid TEI, and valid against corpusconv's customisation.
valid() {
	jing_ok "$TEI_ALL" "$1"
	jing_ok "$CC_RNG" "$1"
}
# strict FILE WHAT: valid TEI that corpusconv.rng must reject, naming WHAT.
strict() {
	jing_ok "$TEI_ALL" "$1"
	! "$JING" "$CC_RNG" "$1" >"$T/jing" 2>&1 || fail "corpusconv.rng accepts $1"
	assert_grep "$2" "$T/jing"
}

step "the customisation: the ODD is TEI, and corpusconv.rng is what odd2rng.py derives from it"
jing_ok "$TEI_ALL" "$TOP_SRCDIR/formats/tei/corpusconv.odd"
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import xml.etree.ElementTree as E; E.indent' 2>/dev/null; then
	"$PYTHON3" "$TOP_SRCDIR/formats/tei/odd2rng.py" "$TOP_SRCDIR/formats/tei/corpusconv.odd" \
		"$TEI_ALL" >"$T/derived.rng" || fail "odd2rng.py failed"
	assert_same "$CC_RNG" "$T/derived.rng"
else
	echo "python3 (3.9 or later) not found: corpusconv.rng not re-derived"
fi

step "each demo sample becomes valid TEI with a full header"
for f in "$SAMPLES"/*.txt; do
	b=$(basename "$f" .txt)
	expect_ok -t tei -o "$T/$b.xml" "$f"
	valid "$T/$b.xml"
	assert_grep "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"$b\">" "$T/$b.xml"
	assert_grep "<idno type=\"filename\">$b.txt</idno>" "$T/$b.xml"
	assert_grep '<application ident="corpusconv" version="' "$T/$b.xml"
	assert_grep '<div type="article">' "$T/$b.xml"
done

step "several documents in one output make a valid teiCorpus"
expect_ok -t tei -o "$T/samples.xml" "$SAMPLES"
valid "$T/samples.xml"
assert_grep '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">' "$T/samples.xml"
n=$(grep -c '<TEI xmlns=' "$T/samples.xml")
[ "$n" -eq "$(ls "$SAMPLES"/*.txt | wc -l)" ] || fail "teiCorpus holds $n TEI documents"

step "a statement table becomes valid TEI (statements with no text behind them)"
expect_ok -f csv -t tei -o "$T/table.xml" "$TOP_SRCDIR/tests/data/csv/standard.csv"
valid "$T/table.xml"
assert_grep '<div type="statements">' "$T/table.xml"

step "blocks in an order TEI's div model forbids still give valid TEI"
expect_ok -f tei -t tei -o "$T/order.xml" "$D/order.xml"
valid "$T/order.xml"

step "nested, crossing and unfitting statements give valid TEI"
expect_ok -f tei -t tei -o "$T/anchors.xml" "$D/anchors.xml"
valid "$T/anchors.xml"

step "other TEI read and written again is valid"
expect_ok -f tei -t tei -o "$T/lite.xml" "$D/lite.xml"
valid "$T/lite.xml"

step "an article with no title, date or author: valid, nothing invented"
expect_ok -t tei -o "$T/no-metadata.xml" "$D/no-metadata.txt"
valid "$T/no-metadata.xml"

step "document ids that are no NCNames, and ids that collide, give valid xml:ids"
expect_ok -f csv -t tei -o "$T/bad-ids.xml" "$D/bad-ids.csv"
valid "$T/bad-ids.xml"

step "a teiCorpus of other TEI, read and written again, is valid"
expect_ok -f tei -t tei -o "$T/foreign-corpus.xml" "$D/foreign-corpus.xml"
valid "$T/foreign-corpus.xml"

step "an output with no document is valid TEI"
mkdir "$T/empty"
expect_ok -t tei -o "$T/empty.xml" "$T/empty"
valid "$T/empty.xml"

step "the customisation is strict: elements and attributes corpusconv never writes are refused"
expect_ok -t tei -o "$T/port.xml" "$SAMPLES/port-strike.txt"
sed 's|<p>The strike, called|<p>The strike,<lb/> called|' "$T/port.xml" >"$T/lb.xml"
! cmp -s "$T/port.xml" "$T/lb.xml" || fail "no <lb/> inserted"
strict "$T/lb.xml" 'element "lb" not allowed'
sed 's|<p>The strike, called|<p rend="indent">The strike, called|' "$T/port.xml" >"$T/rend.xml"
strict "$T/rend.xml" 'found attribute "rend", but no attributes allowed here'
sed 's|<div type="article">|<div type="chapter">|' "$T/port.xml" >"$T/divtype.xml"
strict "$T/divtype.xml" 'value of attribute "type" is invalid'
strict "$D/lite.xml" 'element "forename" not allowed'

[ -d "$CORPUS/raw" ] || skip "../shared/corpus not found at $CORPUS (samples passed)"
step "each corpus article becomes valid TEI"
for f in "$CORPUS"/raw/*.txt; do
	b=$(basename "$f" .txt)
	expect_ok -t tei -o "$T/c-$b.xml" "$f"
	valid "$T/c-$b.xml"
done
step "the whole corpus as one teiCorpus is valid"
expect_ok -t tei -o "$T/corpus.xml" "$CORPUS/raw"
valid "$T/corpus.xml"
