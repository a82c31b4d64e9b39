#!/bin/sh
# csv-roundtrip.sh: statement tables as corpusconv writes them come back
# byte for byte through CSV -> CSV: standard columns, extra columns, a
# document without statements, quoting, CRLF, UTF-8 without a BOM.
# The expected tables are the hand-written inputs themselves.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins csv
D="$TOP_SRCDIR/tests/data/csv"

step "the written header is the standard one, CRLF, no BOM"
expect_ok -f csv -t csv -o "$T/standard.csv" "$D/standard.csv"
printf 'doc_id,statement_id,kind,speaker,speaker_role,cue,quote,block,start,end,doc_date,doc_title,doc_publisher,doc_source,confidence\r\n' >"$T/header"
head -n 1 "$T/standard.csv" >"$T/got-header"
assert_same "$T/header" "$T/got-header"

step "CSV -> CSV keeps standard.csv byte for byte"
assert_same "$D/standard.csv" "$T/standard.csv"

step "CSV -> CSV keeps extra columns (extras.csv)"
expect_ok -f csv -t csv -o "$T/extras.csv" "$D/extras.csv"
assert_same "$D/extras.csv" "$T/extras.csv"

step "CSV -> CSV keeps formula-looking cells as they are (formula.csv)"
expect_ok -f csv -t csv -o "$T/formula.csv" "$D/formula.csv"
assert_same "$D/formula.csv" "$T/formula.csv"

step "the format is detected without -f, by its header"
cp "$D/standard.csv" "$T/table.data"
expect_ok -t csv -o "$T/detected.csv" "$T/table.data"
# doc_source is kept from the table, so only the name changed.
assert_same "$D/standard.csv" "$T/detected.csv"

step "the twice-written table is the same again"
expect_ok -f csv -t csv -o "$T/again.csv" "$T/standard.csv"
assert_same "$D/standard.csv" "$T/again.csv"
