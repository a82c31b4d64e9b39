#!/bin/sh
# csv-metadata.sh: formats/csv/statements.csv-metadata.json is valid JSON,
# CSVW, and names the columns the writer writes, in the same order.
. "$TOP_SRCDIR/tests/lib.sh"
META="$TOP_SRCDIR/formats/csv/statements.csv-metadata.json"

[ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ] || skip "python3 not found"

step "the writer's header"
expect_ok -f csv -t csv -o "$T/table.csv" "$TOP_SRCDIR/tests/data/csv/standard.csv"
head -n 1 "$T/table.csv" | tr -d '\r' >"$T/header"

step "the metadata's columns, in order"
"$PYTHON3" - "$META" >"$T/columns" <<'PY' || fail "cannot read $META"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
assert m["@context"] == "http://www.w3.org/ns/csvw", "not CSVW"
assert m["dialect"]["lineTerminators"] == ["\r\n"]
cols = m["tableSchema"]["columns"]
for c in cols:
    assert c["name"] == c["titles"], c["name"]
print(",".join(c["name"] for c in cols))
PY
assert_same "$T/header" "$T/columns"
