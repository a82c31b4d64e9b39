#!/bin/sh
# html.sh: the HTML review writer.  Its page is well-formed HTML that
# libxml2's HTML parser reads without an error (xmllint --html; that parser
# knows HTML 4 only, so its "Tag X invalid" for HTML5's header, nav, main,
# section, article, mark, details and summary is the one complaint let
# through), with lang, landmarks, headings in order and a contrast of at
# least 4.5:1; the
# statements it marks are the rows of the statement table made from the
# same input (count, kind, speaker, quote text), from text, TEI, CSV and a
# bundle; hostile text in titles, speakers and quotes is escaped, never
# markup; bytes that are not UTF-8 do not break the page; every in-page
# link has its target; -d writes one page per input and an index.html
# (struct cc_format's end_run) linking every page, whose summary and
# speaker index are those of the statement table.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle html statements
MARKS="$TOP_SRCDIR/tests/html-marks.py"
command -v xmllint >/dev/null 2>&1 || skip "xmllint not installed (Debian: libxml2-utils)"
[ -n "${PYTHON3:-}" ] || skip "python3 not found"

# html_ok FILE: libxml2's HTML parser finds no error but HTML5 tag names.
html_ok() {
	xmllint --html --noout "$1" >"$T/lint" 2>&1
	grep 'parser error' "$T/lint" |
		grep -v 'error : Tag \(header\|nav\|main\|section\|article\|mark\|details\|summary\) invalid$' >"$T/lint.bad"
	[ ! -s "$T/lint.bad" ] || { head -20 "$T/lint.bad" >&2; fail "$1 is not clean HTML"; }
	assert_grep '<!DOCTYPE html>' "$1"
	assert_grep '<html lang="en">' "$1"
}
# headings_ok FILE: one h1 first, then no heading skips a level.
headings_ok() {
	grep -o '<h[1-6]' "$1" | tr -d '<h' |
		awk 'NR == 1 && $1 != 1 { bad = 1 } $1 > prev + 1 { bad = 1 } { prev = $1 } END { exit bad }' ||
		fail "headings skip a level in $1"
}
# frame FILE: the page up to its first section's heading (doctype, head
# and style, header, navigation, the start of main).
frame() {
	sed -n '1,/<h2 id="documents-h">Documents<\/h2>$/p' "$1"
}
# links_ok FILE: every href="#x" of the page has an element with id x.
links_ok() {
	"$PYTHON3" "$MARKS" --links "$1" >"$T/missing" || fail "html-marks.py failed on $1"
	[ ! -s "$T/missing" ] || { head "$T/missing" >&2; fail "$1 links to ids it lacks"; }
}
# same_marks PAGE TABLE: the page marks the table's statements, no more.
same_marks() {
	"$PYTHON3" "$MARKS" "$1" | sort >"$T/marks" || fail "html-marks.py failed on $1"
	"$PYTHON3" "$MARKS" --csv "$2" | sort >"$T/rows" || fail "html-marks.py failed on $2"
	[ -s "$T/rows" ] || fail "$2 has no statement row"
	assert_same "$T/rows" "$T/marks"
}

step "the demo corpus: a clean page, every link resolves"
expect_ok -t html -o "$T/review.html" "$SAMPLES"
html_ok "$T/review.html"
links_ok "$T/review.html"
assert_grep '<header class="page">' "$T/review.html"
assert_grep '<main id="main">' "$T/review.html"
assert_grep '<nav aria-label="Page">' "$T/review.html"
assert_no_grep '<script' "$T/review.html"
assert_no_grep 'http' "$T/review.html"

step "the marks are the rows of the statement table (kind, speaker, text)"
expect_ok -t csv -o "$T/samples.csv" "$SAMPLES"
same_marks "$T/review.html" "$T/samples.csv"
n=$(grep -c '^' "$T/marks")
[ "$n" -ge 40 ] || fail "only $n statements marked in the demo corpus"

step "kinds told apart by a label and a line style, not by colour alone"
for k in direct partial indirect; do
	assert_grep "<span class=\"st-tag\">$k · " "$T/review.html"
done
assert_grep '.st-direct{background:#dcebfb;border-bottom:3px solid' "$T/review.html"
assert_grep 'border-bottom:3px dashed' "$T/review.html"
assert_grep 'border-bottom:3px dotted' "$T/review.html"

step "every text colour on every background of the style: contrast at least 4.5:1"
"$PYTHON3" "$MARKS" --contrast "$T/review.html" >"$T/contrast" || fail "html-marks.py --contrast failed"
[ "$(grep -c '^' "$T/contrast")" -ge 4 ] || fail "the style's colours not found: $(cat "$T/contrast")"
awk '$1 < 4.5 { print; bad = 1 } END { exit bad }' "$T/contrast" >&2 ||
	fail "a text colour with a contrast below 4.5:1"

step "headings in order (h1, h2, h3, h4, never a level skipped)"
headings_ok "$T/review.html"

step "low confidence (below 0.5) stands out; the tooltip names role, cue, confidence"
assert_grep 'class="st st-indirect st-low"' "$T/review.html"
assert_grep 'data-confidence="0.30"' "$T/review.html"
assert_grep ' · low confidence</span>' "$T/review.html"
assert_grep 'title="Direct quotation by Rosa Delgado; role: union president; cue: told; confidence: 0.97"' "$T/review.html"
# No statement at 0.5 or more is marked low, and none below is missed.
grep -o '<mark class="[^"]*"[^>]*data-confidence="[^"]*"' "$T/review.html" |
	sed 's/<mark class="\([^"]*\)".*data-confidence="\([^"]*\)"/\2 \1/' >"$T/conf"
awk '{ low = ($0 ~ /st-low/); if (($1 < 0.5) != low) { print; bad = 1 } } END { exit bad }' \
	"$T/conf" || fail "a statement's st-low does not follow its confidence"

step "corpus summary and speaker indexes"
assert_grep '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Corpus summary</h2>' "$T/review.html"
assert_grep "<tr><th scope=\"row\">Statements</th><td class=\"n\">$n</td></tr>" "$T/review.html"
assert_grep '<tr><th scope="row">Documents</th><td class="n">4</td></tr>' "$T/review.html"
assert_grep '<h4>Speakers in this document</h4>' "$T/review.html"
"$PYTHON3" "$MARKS" --text "$T/review.html" speakers >"$T/speakers"
assert_grep 'Rosa Delgado' "$T/speakers"

step "the same marks from TEI, from a statement table and from a bundle"
expect_ok -t tei -o "$T/samples.xml" "$SAMPLES"
expect_ok -t bundle -o "$T/samples.zip" "$SAMPLES"
for f in samples.xml samples.csv samples.zip; do
	expect_ok -t html -o "$T/from-$f.html" "$T/$f"
	html_ok "$T/from-$f.html"
	same_marks "$T/from-$f.html" "$T/samples.csv"
done

step "hostile titles, speakers and quotes are escaped"
cat >"$T/hostile.csv" <<'EOF'
doc_id,statement_id,kind,speaker,quote,doc_title,confidence
evil,s1,direct,"Bob ""the <b>"" & Co</b>","<script>alert('x')</script> & ""more""","<script>alert(""t"")</script> & 'q' </title>",0.2
evil,s2,indirect,,plain words,"<script>alert(""t"")</script> & 'q' </title>",
EOF
expect_ok -t html -o "$T/hostile.html" "$T/hostile.csv"
html_ok "$T/hostile.html"
links_ok "$T/hostile.html"
assert_no_grep '<script' "$T/hostile.html"
assert_no_grep '<b>' "$T/hostile.html"
assert_grep '&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; ' "$T/hostile.html"
"$PYTHON3" "$MARKS" --text "$T/hostile.html" d1-h >"$T/title"
printf '%s\n' "<script>alert(\"t\")</script> & 'q' </title>" >"$T/want"
assert_same "$T/want" "$T/title"
expect_ok -t csv -o "$T/hostile-table.csv" "$T/hostile.csv"
same_marks "$T/hostile.html" "$T/hostile-table.csv"

step "what libxml2 escapes stays escaped: non-ASCII and tab in attributes, CR in text"
# The writer passes strings libxml2 would leave alone as they are; these
# are the bytes its escapes change that the hostile table above lacks.
printf 'doc_id,statement_id,kind,speaker,quote\nz,s1,direct,"Zo\303\253\tNg","Tab\tand CR\r here"\n' \
	>"$T/escapes.csv"
expect_ok -t html -o "$T/escapes.html" "$T/escapes.csv"
html_ok "$T/escapes.html"
assert_grep 'data-speaker="Zo&#xEB;&#9;Ng"' "$T/escapes.html"
assert_grep "$(printf 'Tab\tand CR&#13; here')" "$T/escapes.html"

step "control characters HTML cannot hold (C0, C1) become one U+FFFD each"
printf 'A \001 control and a \302\205 C1 one\n\n"A quote here," said Ann Lee.\n' >"$T/bad.txt"
expect_ok -t html -o "$T/bad.html" "$T/bad.txt"
html_ok "$T/bad.html"
assert_grep 'A � control and a � C1 one' "$T/bad.html"
! LC_ALL=C grep -q "$(printf '\001')" "$T/bad.html" || fail "a raw control character in bad.html"
! grep -q "$(printf '\302\205')" "$T/bad.html" || fail "a raw C1 control in bad.html"

step "an output with no document is still a page"
mkdir "$T/empty"
expect_ok -t html -o "$T/empty.html" "$T/empty"
html_ok "$T/empty.html"
assert_grep '<p>No documents.</p>' "$T/empty.html"

step "-d: one page per input, each clean, each link resolving"
expect_ok -t html -d "$T/pages" "$SAMPLES"
for f in "$SAMPLES"/*.txt; do
	p="$T/pages/$(basename "$f" .txt).html"
	[ -f "$p" ] || fail "no page $p"
	html_ok "$p"
	links_ok "$p"
done

step "-d: index.html links every page, and every link to a page finds its target"
[ -f "$T/pages/index.html" ] || fail "-d wrote no index.html"
html_ok "$T/pages/index.html"
links_ok "$T/pages/index.html"
"$PYTHON3" "$MARKS" --pages "$T/pages/index.html" >"$T/missing" || fail "html-marks.py --pages failed"
[ ! -s "$T/missing" ] || { head "$T/missing" >&2; fail "index.html links to pages or ids that are not there"; }
for f in "$SAMPLES"/*.txt; do
	assert_grep "<a href=\"$(basename "$f" .txt).html#d1\">" "$T/pages/index.html"
done
ls "$T/pages" | grep -v '^index\.html$' | sort >"$T/written"
grep -o 'href="[^"#]*#d[0-9]*"' "$T/pages/index.html" | sed 's/href="\(.*\)#.*/\1/' | sort -u >"$T/linked"
assert_same "$T/written" "$T/linked"
assert_no_grep '<script' "$T/pages/index.html"

step "-d: index.html has the review page's frame: head, style, header, landmarks, headings"
frame "$T/review.html" >"$T/frame.want"
frame "$T/pages/index.html" >"$T/frame.got"
grep -q '<header class="page"><h1>Statements review</h1>' "$T/frame.want" ||
	fail "the review page's frame not found"
assert_same "$T/frame.want" "$T/frame.got"
headings_ok "$T/pages/index.html"
grep -o '<h2 id="[^"]*"' "$T/review.html" >"$T/h2.want"
grep -o '<h2 id="[^"]*"' "$T/pages/index.html" >"$T/h2.got"
assert_same "$T/h2.want" "$T/h2.got"
for l in '<nav aria-label="Page">' '<main id="main">' '</main></body></html>'; do
	assert_grep "$l" "$T/pages/index.html"
done

step "-d: the index's summary and speaker index are the statement table's"
"$PYTHON3" "$MARKS" --csv-summary "$T/samples.csv" >"$T/want-all" || fail "html-marks.py --csv-summary failed"
grep -v '^speaker	' "$T/want-all" | sort >"$T/want"
"$PYTHON3" "$MARKS" --summary "$T/pages/index.html" |
	grep -v '^\(Low confidence\|Not marked\)' | sort >"$T/got"
assert_same "$T/want" "$T/got"
grep '^speaker	' "$T/want-all" | cut -f2- | sort >"$T/want"
"$PYTHON3" "$MARKS" --speakers "$T/pages/index.html" | sort >"$T/got"
[ -s "$T/got" ] || fail "index.html has no speaker index"
assert_same "$T/want" "$T/got"
# The same counts as the one-page output of the same corpus.
"$PYTHON3" "$MARKS" --summary "$T/review.html" >"$T/want"
"$PYTHON3" "$MARKS" --summary "$T/pages/index.html" >"$T/got"
assert_same "$T/want" "$T/got"

step "-d: a document with no statement is in the index's summary and list"
mkdir "$T/mixed"
cp "$SAMPLES/port-strike.txt" "$T/mixed/"
printf 'A quiet day\n\nNothing was said by anyone today.\n' >"$T/mixed/quiet.txt"
expect_ok -t html -d "$T/mixed-out" "$T/mixed"
html_ok "$T/mixed-out/index.html"
"$PYTHON3" "$MARKS" --pages "$T/mixed-out/index.html" >"$T/missing"
[ ! -s "$T/missing" ] || fail "index.html links to pages or ids that are not there"
assert_grep '<tr><th scope="row">Documents with no statement</th><td class="n">1</td></tr>' "$T/mixed-out/index.html"
assert_grep '<a href="quiet.html#d1">' "$T/mixed-out/index.html"

step "-d: names that need escaping in a URI or in HTML are escaped"
mkdir "$T/odd"
printf 'Tom & <Jerry>\n\n"We agree," said Ann Lee.\n' >"$T/odd/a #b&c.txt"
expect_ok -t html -d "$T/odd-out" "$T/odd"
[ -f "$T/odd-out/a #b&c.html" ] || fail "no page for the odd name"
html_ok "$T/odd-out/index.html"
assert_grep 'href="a%20%23b%26c.html#d1"' "$T/odd-out/index.html"
assert_grep 'Tom &amp; &lt;Jerry&gt;' "$T/odd-out/index.html"
"$PYTHON3" "$MARKS" --pages "$T/odd-out/index.html" >"$T/missing"
[ ! -s "$T/missing" ] || fail "index.html links to pages or ids that are not there: $(cat "$T/missing")"

step "-d --update: an index over every page, the ones left alone included"
expect_ok -t html -d "$T/upd" --update "$T/mixed"
expect_ok -t html -d "$T/upd" --update "$T/mixed"
assert_grep '<tr><th scope="row">Documents</th><td class="n">2</td></tr>' "$T/upd/index.html"

step "-o: no index is written beside the page"
[ ! -e "$T/index.html" ] || fail "-o wrote an index.html"
exit 0
