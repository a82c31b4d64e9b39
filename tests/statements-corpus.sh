#!/bin/sh
# statements-corpus.sh: on the real corpus (../shared/corpus/raw) the
# statements corpusconv extracts reach the scores of issue 3 against the
# shared gold: end-to-end F1 and speaker accuracy (thresholds set just below
# what the extractor reaches, so a regression fails), indirect F1.
. "$TOP_SRCDIR/tests/lib.sh"
need_corpus
SCORER="$SHARED_DIR/tools/score-statements"
[ -f "$SCORER" ] || skip "score-statements not found at $SCORER"
[ -n "${PYTHON3:-}" ] || skip "python3 not found"

step "corpus -> one statement table"
expect_ok -t csv -o "$T/all.csv" "$CORPUS"/raw/*.txt

step "scored against ../shared/corpus/gold"
"$PYTHON3" "$SCORER" --gold "$CORPUS/gold" --min-f1 0.95 --min-speaker 0.97 \
	"$T/all.csv" >"$T/score" ||
	{ cat "$T/score" >&2; fail "end-to-end F1 < 0.95 or speaker < 0.97"; }
cat "$T/score"
indirect=$(sed -n 's/.*indirect F1 \([0-9.]*\).*/\1/p' "$T/score" | tail -1)
awk -v f="$indirect" 'BEGIN { exit !(f >= 0.90) }' ||
	fail "indirect F1 $indirect below 0.90"
exit 0
