#!/bin/sh
# text-read.sh: the raw-text reader and writer on hand-written samples
# (tests/data/text): BOM and CRLF, hard-wrapped and one-per-line
# paragraphs, text -> text as a normalised copy, refusal of invalid UTF-8
# and NUL with the position, detection, and (when the TEI writer is
# built) the metadata the structure rules infer.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text
D="$TOP_SRCDIR/tests/data/text"

step "BOM and CRLF are read as plain LF text"
expect_ok -f text -t text "$D/bom-crlf.txt"
assert_same "$T/out" "$D/bom-crlf.expected"

step "hard-wrapped lines are joined, header lines stay apart"
expect_ok -t text "$D/wrapped.txt"
assert_same "$T/out" "$D/wrapped.expected"

step "one paragraph per line"
expect_ok -t text "$D/lines.txt"
assert_same "$T/out" "$D/lines.expected"

step "text -> text is a fixed point"
for f in bom-crlf wrapped lines; do
	expect_ok -t text "$D/$f.txt"
	cp "$T/out" "$T/once.txt"
	expect_ok -f text -t text "$T/once.txt"
	assert_same "$T/out" "$T/once.txt"
done

step "aliases and stdin"
expect_ok -f txt -t plain - <"$D/wrapped.txt"
assert_same "$T/out" "$D/wrapped.expected"

step "text without a .txt name is detected as text"
cp "$D/untitled.txt" "$T/untitled"
expect_ok -t text "$T/untitled"
assert_grep "By Karl Jensen" "$T/out"

step "invalid UTF-8 is refused with its byte offset, line and column"
expect_rc 1 -t text "$D/invalid-utf8.txt"
assert_grep "invalid-utf8.txt:2:5: invalid UTF-8 (byte 0xC3) at byte offset 15" "$T/err"
[ ! -s "$T/out" ] || fail "output written for invalid UTF-8"

step "NUL bytes are refused with their position"
expect_rc 1 -f text -t text "$D/nul.txt"
assert_grep "nul.txt:2:4: NUL byte at byte offset 13" "$T/err"

step "a byte cut off at the end of the input is invalid too"
printf 'Ends in the middle of \342\200' >"$T/cut.txt"
expect_rc 1 -t text "$T/cut.txt"
assert_grep "byte offset 22" "$T/err"

step "an empty input gives an empty text"
: >"$T/empty.txt"
expect_ok -t text "$T/empty.txt"
[ ! -s "$T/out" ] || fail "empty input gave output"

# The metadata is visible in the TEI header (sourceDesc/bibl).
"$CORPUSCONV" formats 2>/dev/null | grep -q '^tei  *r\{0,1\}w' ||
	skip "the TEI writer is not built: metadata checks skipped"
command -v xmllint >/dev/null 2>&1 || skip "xmllint not installed: metadata checks skipped"

# expect_meta SAMPLE TITLE SUBTITLE DATE AUTHORS
expect_meta() {
	expect_ok -t tei --statements=never "$D/$1.txt"
	mv "$T/out" "$T/$1.xml"
	for key in title subtitle date author; do
		case $key in
		title) want=$2 ;; subtitle) want=$3 ;; date) want=$4 ;; author) want=$5 ;;
		esac
		got=$(meta "$T/$1.xml" $key)
		[ "$got" = "$want" ] || fail "$1: $key is '$got', want '$want'"
	done
}

step "metadata: title, subtitle, dateline with glued byline"
expect_meta dates "Library Reopens After Two-Year Renovation" \
	"The reading rooms now have twice as many seats" "2023-01-29T15:44" "Ji-woo Han"
step "metadata: BOM file with a 'Posted :' dateline"
expect_meta bom-crlf "Tidal Power Plant Wins Final Approval" "" "2022-11-07T10:15" ""
step "metadata: wrapped file with two authors and a weekday date"
expect_meta wrapped "Orchard Growers Count Losses After Late Frost" "" "2024-04-12" \
	"Pieter Haas; Alma Reyes"
step "metadata: US date, update stamp ignored, byline at the end"
expect_meta lines "Bridge Inspectors Order Weight Limit on Old Crossing" \
	"Trucks over 12 tonnes must use the ring road from Monday" "2023-10-26" "Sofia Brandt"
step "metadata: an article that starts with a sentence has no title"
expect_meta untitled "" "" "" "Karl Jensen"

step "block kinds reach the TEI body"
assert_grep "Insurance claims" "$T/wrapped.xml"
