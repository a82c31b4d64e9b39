#!/bin/sh
# statements-samples.sh: the statement table corpusconv extracts from the
# demo corpus (formats/samples) agrees with the hand-made gold tables in
# tests/data/statements, scored by ../shared/tools/score-statements.
. "$TOP_SRCDIR/tests/lib.sh"
SCORER="${SHARED_DIR:-}/tools/score-statements"
[ -f "$SCORER" ] || skip "score-statements not found at $SCORER (../shared absent)"
[ -n "${PYTHON3:-}" ] || skip "python3 not found"

step "samples -> CSV"
expect_ok -t csv -o "$T/samples.csv" "$SAMPLES"/*.txt
for f in "$SAMPLES"/*.txt; do
	assert_grep "$(basename "$f" .txt)" "$T/samples.csv"
done

step "scored against tests/data/statements"
"$PYTHON3" "$SCORER" --gold "$TOP_SRCDIR/tests/data/statements" \
	--min-f1 0.95 --min-speaker 0.95 "$T/samples.csv" >"$T/score" ||
	{ cat "$T/score" >&2; fail "end-to-end F1 or speaker below 0.95 on the samples"; }
cat "$T/score"
indirect=$(sed -n 's/.*indirect F1 \([0-9.]*\).*/\1/p' "$T/score" | tail -1)
awk -v f="$indirect" 'BEGIN { exit !(f >= 0.90) }' ||
	fail "indirect F1 $indirect below 0.90 on the samples"
exit 0
