#!/bin/sh
# csv-tei-roundtrip.sh: CSV -> TEI -> CSV keeps a statement table with the
# standard columns byte for byte (ids, kinds, speakers and their roles,
# cues, quotes, anchors, document metadata, a document without
# statements).  Skips while no tei format is loaded.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
D="$TOP_SRCDIR/tests/data/csv"

"$CORPUSCONV" formats 2>/dev/null | grep -q '^tei ' ||
	skip "no tei format loaded (corpusconv formats)"

step "CSV -> TEI"
expect_ok -f csv -t tei -o "$T/corpus.xml" "$D/standard.csv"
step "TEI -> CSV"
expect_ok -f tei -t csv -o "$T/back.csv" "$T/corpus.xml"
step "the table came back byte for byte"
assert_same "$D/standard.csv" "$T/back.csv"
