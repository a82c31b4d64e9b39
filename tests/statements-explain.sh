#!/bin/sh
# statements-explain.sh: every extracted statement carries a confidence
# (0 to 1, higher for a named speaker in its own attribution than for one
# a pronoun stands for), and --set statements-explain=1 adds a why column
# naming the frame and the way the speaker was found; TEI gets @cert.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"

cat >"$T/port.txt" <<'TEXT'
Harbour Reopens After Dredging

Maria Okafor, the harbour master, spoke to reporters on Monday.

“The channel will reopen next week,” Maria Okafor said. “We have dredged it twice.”

“It was a hard winter,” she said.

The port authority said that berthing fees would rise in the spring.
TEXT

# rows FILE: kind|speaker|confidence|why of each statement row.
rows() {
	python3 - "$1" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["kind"]:
        print("|".join((r["kind"], r["speaker"], r["confidence"], r.get("why", "-"))))
PY
}

step "confidence without explain: a column, no why"
expect_ok -q -t csv -o "$T/plain.csv" "$T/port.txt"
# hdr FILE: the header row, without RFC 4180's CR.
hdr() { head -n 1 "$1" | tr -d '\r'; }
hdr "$T/plain.csv" | grep -q ',confidence$' || fail "header does not end in confidence: $(hdr "$T/plain.csv")"
rows "$T/plain.csv" >"$T/plain.rows"
[ "$(wc -l <"$T/plain.rows")" -eq 4 ] || { cat "$T/plain.rows" >&2; fail "want 4 statements"; }
grep -q '|-$' "$T/plain.rows" || fail "a why column without statements-explain"
awk -F'|' '$3 !~ /^(0\.[0-9][0-9]|1\.00)$/ { bad = 1; print } END { exit bad }' \
	"$T/plain.rows" >&2 || fail "a confidence that is not 0.00..1.00"

step "a named speaker in the attribution outranks a pronoun"
named=$(awk -F'|' 'NR == 1 { print $3 }' "$T/plain.rows")
pron=$(awk -F'|' 'NR == 3 { print $3 }' "$T/plain.rows")
awk -v a="$named" -v b="$pron" 'BEGIN { exit !(a >= 0.8 && b < 0.8) }' ||
	fail "confidence of the named row $named, of the pronoun row $pron"

step "statements-explain=1: the why names frame and resolution"
expect_ok -q -t csv -o "$T/why.csv" --set statements-explain=1 "$T/port.txt"
hdr "$T/why.csv" | grep -q ',confidence,why$' || fail "no why column: $(hdr "$T/why.csv")"
rows "$T/why.csv" >"$T/why.rows"
sed -n 1p "$T/why.rows" | grep -q '^direct|Maria Okafor|.*frame: attribution after the quote.*speaker: a name in the attribution -> Maria Okafor (person)' ||
	fail "row 1: $(sed -n 1p "$T/why.rows")"
sed -n 2p "$T/why.rows" | grep -q "continues the previous quote.*the previous quote's: a name in the attribution" ||
	fail "row 2: $(sed -n 2p "$T/why.rows")"
sed -n 3p "$T/why.rows" | grep -q '^direct|Maria Okafor|.*speaker: a pronoun' ||
	fail "row 3: $(sed -n 3p "$T/why.rows")"
sed -n 4p "$T/why.rows" | grep -q '^indirect|.*frame: reported clause after the cue' ||
	fail "row 4: $(sed -n 4p "$T/why.rows")"
cut -d'|' -f1-3 "$T/why.rows" >"$T/a"
cut -d'|' -f1-3 "$T/plain.rows" >"$T/b"
assert_same "$T/a" "$T/b"

step "TEI: the confidence as @cert"
expect_ok -q -t tei -o "$T/port.xml" "$T/port.txt"
assert_grep "cert=\"$named\"" "$T/port.xml"
exit 0
