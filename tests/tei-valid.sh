#!/bin/sh
# tei-valid.sh: what the TEI writer produces is valid TEI P5 (tei_all.rng,
# checked with jing): each demo sample and each article of ../shared/corpus
# alone and all together as a teiCorpus, a statement table, and the
# hand-made documents whose blocks and statements push the writer's
# placement rules (tests/data/tei/order.xml, anchors.xml).  Skips without
# jing.
. "$TOP_SRCDIR/tests/lib.sh"
D="$TOP_SRCDIR/tests/data/tei"
need_jing

# valid FILE: jing must accept FILE.
valid() {
	"$JING" "$SHARED_DIR/schemas/tei_all.rng" "$1" >"$T/jing" 2>&1 ||
		{ grep -v '^\[warning\]' "$T/jing" | head -20 >&2; fail "$1 is not valid TEI"; }
}

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
