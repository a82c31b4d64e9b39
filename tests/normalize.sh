#!/bin/sh
# normalize.sh: the normalize filter (plugins/normalize, --filter
# normalize) puts text in NFC and quotation marks in ASCII, and the
# statements already in a document keep anchors that fit the new text
# (the TEI writer marks a statement in place only when its anchor holds
# exactly its quote).  Its options are checked like any plugin's.
. "$TOP_SRCDIR/tests/lib.sh"

# said FILE: the statements marked in place, one a line.
said() { grep -o '<said[^>]*>[^<]*</said>' "$1"; }

step "NFC and ASCII quotes in the text"
# "Café" with a combining acute (e + U+0301), and typographic quotes.
printf 'Caf\145\314\201 owners met on Monday.\n\nThe mayor said \342\200\234we will wait\342\200\235 and left.\n' >"$T/in.txt"
expect_ok -t text --statements=never -o "$T/plain.txt" "$T/in.txt"
grep -q "$(printf 'e\314\201')" "$T/plain.txt" || fail "without the filter the text changed"
expect_ok -t text --filter normalize -o "$T/norm.txt" "$T/in.txt"
grep -q "$(printf 'Caf\303\251 owners')" "$T/norm.txt" || fail "not NFC: $(cat "$T/norm.txt")"
grep -q 'said "we will wait" and' "$T/norm.txt" || fail "quotes not ASCII: $(cat "$T/norm.txt")"

step "options: the form and the quotes can be left alone"
expect_ok -t text --filter normalize --set normalize-form=none --set normalize:quotes=0 \
	-o "$T/kept.txt" "$T/in.txt"
assert_same "$T/plain.txt" "$T/kept.txt"
expect_rc 2 -t text --filter normalize --set normalize-form=nfd "$T/in.txt"
assert_grep "--set normalize-form=nfd: 'nfd' is not one of nfc, nfkc, none" "$T/err"

step "statements read with the document keep anchors that fit the normalised text"
expect_ok -t tei -o "$T/a.xml" "$SAMPLES/council-vote.txt"
said "$T/a.xml" >"$T/a.said"
[ "$(wc -l <"$T/a.said")" -ge 5 ] || fail "too few statements marked in place to prove anything"
grep -q '“' "$T/a.xml" || fail "the sample has no typographic quotes: the test proves nothing"
expect_ok -f tei -t tei --filter normalize -o "$T/b.xml" "$T/a.xml"
said "$T/b.xml" >"$T/b.said"
sed "s/[“”]/\"/g; s/[‘’]/'/g" "$T/a.said" >"$T/a.want"
assert_same "$T/a.want" "$T/b.said"
! grep -q '[“”]' "$T/b.xml" || fail "typographic quotes left in $T/b.xml"

step "normalised before the automatic statement extraction"
expect_ok -t csv --filter normalize -o "$T/n.csv" "$SAMPLES/council-vote.txt"
[ "$(wc -l <"$T/n.csv")" -ge 6 ] || fail "no statements after the filter: $(cat "$T/n.csv")"
exit 0
