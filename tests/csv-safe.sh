#!/bin/sh
# csv-safe.sh: cells a spreadsheet would run as formulas (starting with
# = + - @, a tab or a carriage return) get a leading single quote with
# --csv-safe, the header's extra column names included, and never
# without it.  formula-safe.csv is the expected table, written by hand.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins csv
D="$TOP_SRCDIR/tests/data/csv"

step "without --csv-safe every cell is kept as it is"
expect_ok -f csv -t csv -o "$T/plain.csv" "$D/formula.csv"
assert_same "$D/formula.csv" "$T/plain.csv"

step "with --csv-safe formula cells are neutralised"
expect_ok -f csv -t csv --csv-safe -o "$T/safe.csv" "$D/formula.csv"
assert_same "$D/formula-safe.csv" "$T/safe.csv"

step "--set csv-safe=1 does the same"
expect_ok -f csv -t csv --set csv-safe=1 -o "$T/set.csv" "$D/formula.csv"
assert_same "$D/formula-safe.csv" "$T/set.csv"

step "--set csv-safe=0 leaves the cells alone"
expect_ok -f csv -t csv --set csv-safe=0 -o "$T/off.csv" "$D/formula.csv"
assert_same "$D/formula.csv" "$T/off.csv"
