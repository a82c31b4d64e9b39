#!/bin/sh
# statements-samples.sh: the statement table corpusconv extracts from the
# demo corpus (formats/samples) agrees with the hand-made gold tables in
# tests/data/statements, scored by ../shared/tools/score-statements.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv statements
need_scorer

step "samples -> CSV"
expect_ok -t csv -o "$T/samples.csv" "$SAMPLES"/*.txt
for f in "$SAMPLES"/*.txt; do
	assert_grep "$(basename "$f" .txt)" "$T/samples.csv"
done

step "scored against tests/data/statements"
score "$T/samples.csv" "$TOP_SRCDIR/tests/data/statements" 0.95 0.95 0.90 "the samples"
exit 0
