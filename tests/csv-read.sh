#!/bin/sh
# csv-read.sh: what the statement-table reader accepts and what it refuses.
# Tables under tests/data/csv; expected tables written here by hand.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins csv
D="$TOP_SRCDIR/tests/data/csv"
HEADER='doc_id,statement_id,kind,speaker,speaker_role,cue,quote,block,start,end,doc_date,doc_title,doc_publisher,doc_source,confidence'

step "columns in another order, names in any case, an unknown column kept"
expect_ok -f csv -t csv -o "$T/reordered.csv" "$D/reordered.csv"
printf '%s,note\r\n' "$HEADER" >"$T/want"
printf 'harbor-talks,s1,direct,Mira Olsen,,said,We will not reopen the pier.,2,0,28,2024-03-05,Pier stays shut,,reordered.csv,,checked\r\n' >>"$T/want"
printf 'harbor-talks,s2,indirect,Port officials,,told,"the cranes would be inspected, later",,,,2024-03-05,Pier stays shut,,reordered.csv,,\r\n' >>"$T/want"
assert_same "$T/want" "$T/reordered.csv"

step "the unknown column survives a second round trip"
expect_ok -f csv -t csv -o "$T/reordered2.csv" "$T/reordered.csv"
assert_same "$T/want" "$T/reordered2.csv"

step "extra columns of several tables come in first-seen order"
expect_ok -f csv -t csv -o "$T/ab.csv" "$D/extras-a.csv" "$D/extras-b.csv"
# confidence is a standard column, so only status and reviewer are extra.
printf '%s,status,reviewer\r\n' "$HEADER" >"$T/want"
printf 'doc-a,s1,direct,,,,Alpha.,,,,,,,extras-a.csv,0.9,draft,\r\n' >>"$T/want"
printf 'doc-b,s1,direct,,,,Beta.,,,,,,,extras-b.csv,0.4,,Ann\r\n' >>"$T/want"
assert_same "$T/want" "$T/ab.csv"

step "a table of only a quote column: one document, direct quotes"
expect_ok -f csv -t csv -o "$T/quote-only.csv" "$D/quote-only.csv"
printf '%s\r\n' "$HEADER" >"$T/want"
printf 'quote-only,s1,direct,,,,Hello there.,,,,,,,quote-only.csv,\r\n' >>"$T/want"
printf 'quote-only,s2,direct,,,,"Two, words",,,,,,,quote-only.csv,\r\n' >>"$T/want"
assert_same "$T/want" "$T/quote-only.csv"

step "a document without statements is kept"
expect_ok -f csv -t csv -o "$T/no-statements.csv" "$D/no-statements.csv"
printf '%s\r\n' "$HEADER" >"$T/want"
printf 'first,s1,direct,,,,One.,,,,,First article,,no-statements.csv,\r\n' >>"$T/want"
printf 'quiet,,,,,,,,,,,An article nobody is quoted in,,no-statements.csv,\r\n' >>"$T/want"
printf 'last,s1,direct,,,,Two.,,,,,Last article,,no-statements.csv,\r\n' >>"$T/want"
assert_same "$T/want" "$T/no-statements.csv"

step "a byte-order mark is accepted and not written"
printf '\357\273\277quote\r\nWith a BOM.\r\n' >"$T/bom.csv"
expect_ok -f csv -t csv -o "$T/bom-out.csv" "$T/bom.csv"
printf '%s\r\nbom,s1,direct,,,,With a BOM.,,,,,,,bom.csv,\r\n' "$HEADER" >"$T/want"
assert_same "$T/want" "$T/bom-out.csv"

# refused: each names the file and the line, and converts nothing of it:
# with every input refused, -o writes no output at all (not even a header)
refused() { # refused FILE MESSAGE
	rm -f "$T/refused.csv"
	expect_rc 1 -f csv -t csv -o "$T/refused.csv" "$1"
	assert_grep "$2" "$T/err"
	[ ! -e "$T/refused.csv" ] || fail "a refused table left an output: $(head -3 "$T/refused.csv")"
}

step "a missing quote column is refused"
refused "$D/missing-quote.csv" 'missing-quote.csv:1: the header has no "quote" column'

step "an unbalanced quote is refused with its line"
refused "$D/unbalanced.csv" 'unbalanced.csv:3: unbalanced quote'

step "a quote inside an unquoted field is refused with its line and column"
refused "$D/stray-quote.csv" 'stray-quote.csv:3:9: misplaced quote'

step "a bad block number is refused with its line (a quote spans lines 3-4)"
refused "$D/bad-block.csv" 'bad-block.csv:5: block "1x" is not a number'

step "an unknown statement kind is refused with its line"
refused "$D/bad-kind.csv" 'bad-kind.csv:2: unknown statement kind "rumour"'

step "numbers: out of range, start after end, anchor given in part"
printf 'quote,block,start,end\nx,99999999999999999999999,0,1\n' >"$T/big.csv"
refused "$T/big.csv" 'big.csv:2: block "99999999999999999999999" is out of range'
printf 'quote,block,start,end\nx,1,5,2\n' >"$T/order.csv"
refused "$T/order.csv" 'order.csv:2: start 5 is after end 2'
printf 'quote,block,start,end\nx,1,,2\n' >"$T/part.csv"
refused "$T/part.csv" 'part.csv:2: block, start and end must be given together'
printf 'quote,block,start,end\nx,-1,0,2\n' >"$T/neg.csv"
refused "$T/neg.csv" 'neg.csv:2: block "-1" is not a number'

step "a row wider than the header is refused"
printf 'quote,a\nx,y,z\n' >"$T/width.csv"
refused "$T/width.csv" 'width.csv:2: 3 fields in a row, the header has 2'

step "a NUL byte and invalid UTF-8 are refused with their line"
printf 'quote\nab\000c\n' >"$T/nul.csv"
refused "$T/nul.csv" 'nul.csv:2:3: NUL byte'
printf 'quote\nok\n\303(\n' >"$T/utf8.csv"
refused "$T/utf8.csv" 'utf8.csv:3:1: invalid UTF-8'
printf 'quote\n\355\240\200\n' >"$T/surrogate.csv"
refused "$T/surrogate.csv" 'surrogate.csv:2:1: invalid UTF-8'

step "more than 1000 columns are refused"
# columns NAME FROM TO: a header "quote,NAMEfrom,...,NAMEto" in $row
columns() {
	row=quote; i=$2
	while [ "$i" -le "$3" ]; do row="$row,$1$i"; i=$((i + 1)); done
}
columns c 1 1000
printf '%s\n' "$row" >"$T/wide.csv"
refused "$T/wide.csv" 'wide.csv:1: more than 1000 columns'

step "985 unknown columns fit (1000 columns as written), 986 do not"
columns c 1 985
printf '%s\nwords%s\n' "$row" "$(printf '%985s' '' | tr ' ' ,)" >"$T/fit.csv"
expect_ok -f csv -t csv -o "$T/fit-out.csv" "$T/fit.csv"
[ "$(head -n 1 "$T/fit-out.csv" | tr -cd , | wc -c)" -eq 999 ] ||
	fail "the written table does not have 1000 columns"
expect_ok -f csv -t csv -o "$T/fit-again.csv" "$T/fit-out.csv"
assert_same "$T/fit-out.csv" "$T/fit-again.csv"
columns c 1 986
printf '%s\n' "$row" >"$T/overfull.csv"
refused "$T/overfull.csv" 'overfull.csv:1: 986 columns corpusconv does not know: at most 985'
step "with a why column, which takes a place, 984 fit and 985 do not"
columns c 1 984
printf '%s,why\nwords%s\n' "$row" "$(printf '%985s' '' | tr ' ' ,)" >"$T/fit-why.csv"
expect_ok -f csv -t csv -o "$T/fit-why-out.csv" "$T/fit-why.csv"
[ "$(head -n 1 "$T/fit-why-out.csv" | tr -cd , | wc -c)" -eq 999 ] ||
	fail "the written table with why does not have 1000 columns"
expect_ok -f csv -t csv -o "$T/fit-why-again.csv" "$T/fit-why-out.csv"
assert_same "$T/fit-why-out.csv" "$T/fit-why-again.csv"
columns c 1 985
printf '%s,why\n' "$row" >"$T/overfull-why.csv"
refused "$T/overfull-why.csv" 'overfull-why.csv:1: 985 columns corpusconv does not know: at most 984'

step "the writer refuses the document that would pass 1000 columns"
columns a 1 500
printf '%s\nfirst%s\n' "$row" "$(printf '%500s' '' | tr ' ' ,)" >"$T/wide-a.csv"
columns b 1 500
printf '%s\nsecond%s\n' "$row" "$(printf '%500s' '' | tr ' ' ,)" >"$T/wide-b.csv"
expect_rc 1 -f csv -t csv -o "$T/wide-ab.csv" "$T/wide-a.csv" "$T/wide-b.csv"
assert_grep 'document wide-b would take the table past 1000 columns' "$T/err"
expect_ok -f csv -t csv -o "$T/wide-a-alone.csv" "$T/wide-a.csv"
assert_same "$T/wide-a-alone.csv" "$T/wide-ab.csv"

step "the writer refuses the document whose first why would pass 1000 columns"
columns c 1 985
printf '%s\nfull%s\n' "$row" "$(printf '%985s' '' | tr ' ' ,)" >"$T/full.csv"
printf 'quote,why\nAsked,because\n' >"$T/why.csv"
expect_rc 1 -f csv -t csv -o "$T/full-why.csv" "$T/full.csv" "$T/why.csv"
assert_grep 'document why would take the table past 1000 columns' "$T/err"
expect_ok -f csv -t csv -o "$T/full-alone.csv" "$T/full.csv"
assert_same "$T/full-alone.csv" "$T/full-why.csv"

step "a header naming a column twice is refused"
printf 'quote,Quote\nx,y\n' >"$T/twice.csv"
refused "$T/twice.csv" 'twice.csv:1: column "Quote" appears twice'

step "an empty input is a warning naming it, and gives no table"
: >"$T/empty.csv"
expect_ok -f csv -t csv -d "$T/empty-out" "$T/empty.csv"
assert_grep "warning: $T/empty.csv: empty input, skipped" "$T/err"
[ ! -e "$T/empty-out/empty.csv" ] || fail "an empty input gave a table"
