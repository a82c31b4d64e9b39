#!/bin/sh
# jsonl.sh: -t jsonl, built and loaded from the build tree with no
# variable set, writes one JSON object per statement with the statement
# table's fields:
#   every line parses (python3's json, and jq when installed)
#   the lines are the CSV table's rows, field for field, on formats/samples
#   a hand-written table gives the objects written out below by hand:
#     types (integers, a number, null), extra fields, a document without
#     statements
#   explained statements carry why right after confidence
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv jsonl statements
[ -n "${PYTHON3:-}" ] || skip "python3 not found"
# The built command finds its plugins by itself.
unset CORPUSCONV_PLUGIN_PATH

step "jsonl is listed, from the build tree"
expect_ok formats
grep -q "^jsonl  *-w  *jsonl .*/plugins/jsonl\.so\$" "$T/out" || { cat "$T/out" >&2; fail "jsonl not listed"; }

step "formats/samples -> jsonl: one valid JSON object a line, the CSV table's rows"
expect_ok -q -t jsonl -o "$T/samples.jsonl" "$SAMPLES"
expect_ok -q -t csv -o "$T/samples.csv" "$SAMPLES"
"$PYTHON3" - "$T/samples.jsonl" "$T/samples.csv" <<'PY' || fail "jsonl rows differ from the CSV table's"
import csv, json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "the last line has no newline"
objs = [json.loads(l) for l in lines[:-1]]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
assert len(objs) == len(rows) > 10, (len(objs), len(rows))
ints, nums = {"block", "start", "end"}, {"confidence"}
for n, (o, r) in enumerate(zip(objs, rows), 1):
    assert list(o)[:len(r)] == list(r), ("field order", n, list(o), list(r))
    for k, cell in r.items():
        v = o.get(k)
        if cell == "":
            assert v is None, (n, k, v)
        elif k in ints:
            assert type(v) is int and v == int(cell), (n, k, v, cell)
        elif k in nums:
            assert type(v) is float and v == float(cell), (n, k, v, cell)
        else:
            assert v == cell, (n, k, v, cell)
print(len(objs), "objects equal the table's rows")
PY
if command -v jq >/dev/null 2>&1; then
	jq -e 'has("doc_id") and has("quote") and (.confidence | type == "number")' \
		"$T/samples.jsonl" >"$T/jq" || fail "jq refuses a line of samples.jsonl"
	[ "$(grep -c true "$T/jq")" -eq "$(wc -l <"$T/samples.jsonl")" ] || fail "jq: a line lacks a field"
fi

step "a hand-written table gives the objects written by hand"
# s1 anchored, with an extra column; s2 unanchored, without confidence;
# doc b has no statement: one object with null statement fields.
{
	printf 'doc_id,statement_id,kind,speaker,speaker_role,cue,quote,block,start,end,doc_date,doc_title,doc_publisher,doc_source,confidence,topic\r\n'
	printf 'a,s1,direct,Mira \303\230lsen,harbour master,said,"We will not ""reopen"" it,",1,1,29,2024-03-05,Pier shut,Ledger,a.txt,0.9,port\r\n'
	printf 'a,s2,indirect,the ministry,,,the cranes would be inspected,,,,2024-03-05,Pier shut,Ledger,a.txt,,\r\n'
	printf 'b,,,,,,,,,,,Nothing said,,b.txt,,\r\n'
} >"$T/hand.csv"
expect_ok -q -t jsonl -o "$T/hand.jsonl" "$T/hand.csv"
{
	printf '{"doc_id":"a","statement_id":"s1","kind":"direct","speaker":"Mira \303\230lsen","speaker_role":"harbour master","cue":"said","quote":"We will not \\"reopen\\" it,","block":1,"start":1,"end":29,"doc_date":"2024-03-05","doc_title":"Pier shut","doc_publisher":"Ledger","doc_source":"a.txt","confidence":0.9,"topic":"port"}\n'
	printf '{"doc_id":"a","statement_id":"s2","kind":"indirect","speaker":"the ministry","speaker_role":null,"cue":null,"quote":"the cranes would be inspected","block":null,"start":null,"end":null,"doc_date":"2024-03-05","doc_title":"Pier shut","doc_publisher":"Ledger","doc_source":"a.txt","confidence":null}\n'
	printf '{"doc_id":"b","statement_id":null,"kind":null,"speaker":null,"speaker_role":null,"cue":null,"quote":null,"block":null,"start":null,"end":null,"doc_date":null,"doc_title":"Nothing said","doc_publisher":null,"doc_source":"b.txt","confidence":null}\n'
} >"$T/want.jsonl"
assert_same "$T/want.jsonl" "$T/hand.jsonl"

step "explained statements carry why after confidence"
expect_ok -q -t jsonl --set statements-explain=1 -o "$T/why.jsonl" "$SAMPLES/port-strike.txt"
"$PYTHON3" -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    o = list(json.loads(l))
    assert o[o.index("confidence") + 1] == "why", o
' "$T/why.jsonl" || fail "why is not after confidence"

exit 0
