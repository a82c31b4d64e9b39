#!/bin/sh
# tei-header.sh: what the TEI writer says about a document, and what it
# must not say.
#  - revisionDesc holds one <change> for the conversion, worded from the
#    source format and corpusconv's version only, dated only when
#    --set tei-change-date says so (not SOURCE_DATE_EPOCH: see README); TEI -> TEI keeps
#    the history byte for byte and never adds a second entry;
#  - encodingDesc declares that the text keeps its quotation marks
#    (editorialDecl/quotation[@marks="all"]), in each TEI and in a
#    teiCorpus's own header, so renderers add none;
#  - absent metadata stays absent (an article with no title, date or author);
#  - an output with no document is a valid TEI that reads back as none;
#  - document ids that are no NCNames get valid xml:ids and come back.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
D="$TOP_SRCDIR/tests/data/tei"
unset SOURCE_DATE_EPOCH

step "text -> TEI: one undated change entry naming the source format and the version"
expect_ok -t tei -o "$T/a.xml" "$SAMPLES/port-strike.txt"
v=$("$CORPUSCONV" --version | sed 's/^corpusconv //')
[ -n "$v" ] || fail "no version from corpusconv --version"
assert_grep "<application ident=\"corpusconv\" version=\"$v\" xml:id=\"port-strike.corpusconv\">" "$T/a.xml"
assert_grep "<revisionDesc>" "$T/a.xml"
assert_grep "<change who=\"#port-strike.corpusconv\">Converted from text by corpusconv $v</change>" "$T/a.xml"
[ "$(grep -c '<change' "$T/a.xml")" -eq 1 ] || fail "one change entry expected"

step "encodingDesc says the quotation marks are in the text"
tr -d ' \n' <"$T/a.xml" >"$T/a.flat"
assert_grep '<encodingDesc><editorialDecl><quotationmarks="all"/></editorialDecl><appInfo>' "$T/a.flat"
expect_ok -t tei -o "$T/corpus.xml" "$SAMPLES"
n=$(ls "$SAMPLES"/*.txt | wc -l)
[ "$(grep -c '<quotation marks="all"/>' "$T/corpus.xml")" -eq $((n + 1)) ] ||
	fail "each TEI and the teiCorpus header should declare quotation marks=all"

step "repeated conversions are byte-identical and add no entry"
expect_ok -f tei -t tei -o "$T/b.xml" "$T/a.xml"
assert_same "$T/a.xml" "$T/b.xml"
expect_ok -f tei -t tei -o "$T/c.xml" --set tei-change-date=2031-01-01 "$T/b.xml"
assert_same "$T/a.xml" "$T/c.xml"

step "the date comes from --set tei-change-date only, never the clock or SOURCE_DATE_EPOCH"
expect_ok -t tei -o "$T/d.xml" --set tei-change-date=2025-02-03 "$SAMPLES/port-strike.txt"
assert_grep "<change when=\"2025-02-03\" who=\"#port-strike.corpusconv\">Converted from text" "$T/d.xml"
SOURCE_DATE_EPOCH=1700000000 expect_ok -t tei -o "$T/e.xml" "$SAMPLES/port-strike.txt"
assert_same "$T/a.xml" "$T/e.xml"
expect_ok -f tei -t tei -o "$T/f.xml" "$T/d.xml"
assert_same "$T/d.xml" "$T/f.xml"
expect_rc 2 -t tei -o "$T/g.xml" --set tei-change-date=2025-02-30 "$SAMPLES/port-strike.txt"
assert_grep "tei-change-date=2025-02-30: wants a date, YYYY-MM-DD" "$T/err"
expect_rc 2 -t tei -o "$T/g.xml" --set tei-change-date=yesterday "$SAMPLES/port-strike.txt"
assert_grep "tei-change-date=yesterday: wants a date" "$T/err"
[ ! -e "$T/g.xml" ] || fail "output written with a bad change date"

step "another format's trip starts a new history: CSV keeps no header"
expect_ok -f tei -t csv -o "$T/a.csv" "$T/a.xml"
expect_ok -f csv -t tei -o "$T/h.xml" "$T/a.csv"
assert_grep "<change who=\"#port-strike.corpusconv\">Converted from csv by corpusconv $v</change>" "$T/h.xml"

step "the source format is the reader's (ABI 1.4 doc_format), not a guess from the name"
cp "$SAMPLES/port-strike.txt" "$T/port-strike.xml"
expect_ok -f text -t tei -o "$T/named.xml" "$T/port-strike.xml"
assert_grep "<change who=\"#port-strike.corpusconv\">Converted from text by corpusconv $v</change>" "$T/named.xml"
cp "$T/a.csv" "$T/table.txt"
expect_ok -f csv -t tei -o "$T/named2.xml" "$T/table.txt"
assert_grep "Converted from csv by corpusconv" "$T/named2.xml"

step "other TEI: its change entries are kept (dates, words), ours follows"
expect_ok -f tei -t tei -o "$T/fc.xml" "$D/foreign-corpus.xml"
assert_grep '<change when="2025-03-01">Encoded.</change>' "$T/fc.xml"
assert_grep "<change when=\"2025-03-02\">Checked by the mayor's office.</change>" "$T/fc.xml"
assert_grep "<change who=\"#harbour-1.corpusconv\">Converted from tei by corpusconv $v</change>" "$T/fc.xml"
[ "$(grep -c '<change' "$T/fc.xml")" -eq 4 ] || fail "four change entries expected"
expect_ok -f tei -t tei -o "$T/fc2.xml" "$T/fc.xml"
assert_same "$T/fc.xml" "$T/fc2.xml"

step "nothing invented: no title, date or author gives an empty <title/> and nothing else"
expect_ok -t tei -o "$T/nm.xml" "$D/no-metadata.txt"
sed -n '/<teiHeader>/,/<\/teiHeader>/p' "$T/nm.xml" >"$T/nm-header"
[ "$(grep -A1 '<titleStmt>' "$T/nm-header" | tail -1 | tr -d ' ')" = '<title/>' ] ||
	fail "titleStmt does not start with an empty <title/>"
[ "$(grep -A2 '<titleStmt>' "$T/nm-header" | tail -1 | tr -d ' ')" = '</titleStmt>' ] ||
	fail "titleStmt holds more than an empty <title/>"
assert_no_grep '<author' "$T/nm-header"
assert_no_grep '<date' "$T/nm-header"
assert_no_grep '<publisher' "$T/nm-header"
[ "$(grep -A1 '<bibl>' "$T/nm-header" | tail -1 | tr -d ' ')" = '<idnotype="filename">no-metadata.txt</idno>' ] ||
	fail "bibl holds more than the file name"
expect_ok -f tei -t csv -o "$T/nm.csv" "$T/nm.xml"
# Every row ends in doc_date, doc_title, doc_publisher empty, then
# doc_source and the confidence (empty, or a number once the extractor
# gives one).
tail -n +2 "$T/nm.csv" | tr -d '\r' >"$T/nm-rows"
[ -s "$T/nm-rows" ] || fail "no statement rows"
! grep -v ',,,no-metadata.txt,[0-9.]*$' "$T/nm-rows" || fail "a row with a date, title or publisher"

step "no document: a valid TEI (not an empty file) that reads back as no document"
mkdir "$T/empty"
expect_ok -t tei -o "$T/empty.xml" "$T/empty"
[ -s "$T/empty.xml" ] || fail "empty output file"
assert_grep '<TEI xmlns="http://www.tei-c.org/ns/1.0" type="empty-corpus">' "$T/empty.xml"
assert_grep '<application ident="corpusconv"' "$T/empty.xml"
expect_ok -f tei -t csv -o "$T/empty.csv" "$T/empty.xml"
[ "$(wc -l <"$T/empty.csv")" -eq 1 ] || fail "a document read from the empty corpus"
expect_ok -f tei -t tei -o "$T/empty2.xml" "$T/empty.xml"
assert_same "$T/empty.xml" "$T/empty2.xml"
printf 'doc_id,quote\r\n' >"$T/header-only.csv"
expect_ok -f csv -t tei -o "$T/empty3.xml" "$T/header-only.csv"
assert_same "$T/empty.xml" "$T/empty3.xml"
expect_ok -t tei "$T/empty"
assert_grep 'type="empty-corpus"' "$T/out"

step "document ids that are no NCNames: valid xml:ids, the original in @n, read back"
expect_ok -f csv -t tei -o "$T/ids.xml" "$D/bad-ids.csv"
assert_grep '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d1bad_id" n="1bad id">' "$T/ids.xml"
assert_grep '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="a_b" n="a.b">' "$T/ids.xml"
assert_grep '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="a_b-2" n="a_b">' "$T/ids.xml"
assert_grep '<said xml:id="d1bad_id.s1" who="#d1bad_id.p1" direct="true">' "$T/ids.xml"
expect_ok -f csv -t csv -o "$T/ids1.csv" "$D/bad-ids.csv"
expect_ok -f tei -t csv -o "$T/ids2.csv" "$T/ids.xml"
assert_same "$T/ids1.csv" "$T/ids2.csv"
cut -d, -f1 "$T/ids2.csv" | tr -d '\r' >"$T/ids-col"
printf 'doc_id\n1bad id\n1bad id\na.b\na_b\n' >"$T/ids-want"
assert_same "$T/ids-want" "$T/ids-col"
