#!/bin/sh
# statements-heldout.sh: eight articles of our own in house styles the tuning
# corpus lacks (wire, British broadsheet, US multi-paragraph quotes, press
# releases, local news with shared surnames, interview feature, court and
# retail reports), annotated by hand in tests/data/heldout/gold after
# ../shared/corpus/STATEMENTS.md.
# Thresholds are set just below what the extractor reaches, so a regression
# on these styles fails.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv statements
HELDOUT="$TOP_SRCDIR/tests/data/heldout"
need_scorer

step "held-out articles -> CSV"
expect_ok -t csv -o "$T/heldout.csv" "$HELDOUT"/*.txt
for f in "$HELDOUT"/*.txt; do
	assert_grep "$(basename "$f" .txt)" "$T/heldout.csv"
done

step "scored against tests/data/heldout/gold"
score "$T/heldout.csv" "$HELDOUT/gold" 0.97 0.97 0.95 "the held-out set"
exit 0
