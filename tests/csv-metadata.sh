#!/bin/sh
# csv-metadata.sh: formats/csv/statements.csv-metadata.json is valid JSON,
# CSVW, and names the columns the writer writes, in the same order: every
# column for a table whose statements have a why, all but why otherwise.
# confidence is a decimal from 0 to 1, why an optional string.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins csv
META="$TOP_SRCDIR/formats/csv/statements.csv-metadata.json"

[ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ] || skip "python3 not found"

step "the writer's headers, with and without a why"
expect_ok -f csv -t csv -o "$T/table.csv" "$TOP_SRCDIR/tests/data/csv/standard.csv"
head -n 1 "$T/table.csv" | tr -d '\r' >"$T/header"
printf 'quote,why\nWords.,quote rule: test\n' >"$T/why.csv"
expect_ok -f csv -t csv -o "$T/why-table.csv" "$T/why.csv"
head -n 1 "$T/why-table.csv" | tr -d '\r' >"$T/why-header"

step "the metadata's columns, in order; confidence and why as declared"
"$PYTHON3" - "$META" "$T/columns" "$T/columns-no-why" <<'PY' || fail "cannot read $META, or a column is not as declared"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
assert m["@context"] == "http://www.w3.org/ns/csvw", "not CSVW"
assert m["dialect"]["lineTerminators"] == ["\r\n"]
cols = m["tableSchema"]["columns"]
for c in cols:
    assert c["name"] == c["titles"], c["name"]
by = {c["name"]: c for c in cols}
conf = by["confidence"]["datatype"]
assert conf == {"base": "decimal", "minInclusive": 0, "maxInclusive": 1}, conf
assert "right on a hand-annotated" in by["confidence"]["dc:description"], "confidence: no calibration"
assert "docs/statements.md" in by["confidence"]["dc:description"], "confidence: no pointer to the check"
assert by["why"]["datatype"] == "string" and by["why"]["required"] is False, by["why"]
names = [c["name"] for c in cols]
open(sys.argv[2], "w").write(",".join(names) + "\n")
open(sys.argv[3], "w").write(",".join(n for n in names if n != "why") + "\n")
PY
assert_same "$T/why-header" "$T/columns"
assert_same "$T/header" "$T/columns-no-why"
