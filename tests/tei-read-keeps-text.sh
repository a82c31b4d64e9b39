#!/bin/sh
# tei-read-keeps-text.sh: other TEI loses no text and no file (issue 18,
# cases 3 and 4): a list's labels are kept on their item's line, deleted
# text is kept in Leiden's brackets, <said who="#id"> gives the name of
# the element with that xml:id wherever it is, and a P4-style DOCTYPE
# that declares parameter entities is read (never expanded, never loaded)
# with a warning naming them.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
D="$TOP_SRCDIR/tests/data/tei"

step "list labels on their item's line, <del> text in [[ ]], nothing skipped but <back>"
expect_ok -f tei -t text -o "$T/ldw.txt" "$D/labels-del-who.xml"
assert_same "$D/labels-del-who.txt" "$T/ldw.txt"
assert_grep "document lantern: skipped back" "$T/err"
[ "$(grep -c 'skipped' "$T/err")" -eq 1 ] || fail "one warning expected"

step "@who resolved to the persName / org it points to, else the bare id"
expect_ok -f tei -t csv -o "$T/ldw.csv" "$D/labels-del-who.xml"
assert_same "$D/labels-del-who.csv" "$T/ldw.csv"

step "a DOCTYPE declaring parameter entities is read, with a warning naming them"
expect_ok -f tei -t text -o "$T/p4.txt" "$D/p4-doctype.xml"
assert_grep "The almanac opens in the first week of winter." "$T/p4.txt"
assert_grep 'the DOCTYPE'"'"'s external DTD "tei2.dtd" was not loaded' "$T/err"
assert_grep "p4-doctype.xml: the DOCTYPE declares 3 parameter entities (TEI.prose, TEI.names.dates, TEI.extensions.ent), never expanded, not even where the DOCTYPE refers to them" "$T/err"

step "without an external DTD, a reference to one is refused, saying why"
sed -e 's|<!DOCTYPE TEI SYSTEM "tei2.dtd" \[|<!DOCTYPE TEI [|' \
	-e '/TEI.extensions.ent/d' "$D/p4-doctype.xml" >"$T/no-dtd.xml"
expect_rc 1 -f tei -t text "$T/no-dtd.xml"
assert_grep "no-dtd.xml:5:14: refused: the DOCTYPE refers to a parameter entity, never expanded here: %TEI.prose" "$T/err"

step "an external parameter entity the DOCTYPE refers to is refused, never read"
sed 's|  %TEI.prose;|  %TEI.extensions.ent;|' "$D/p4-doctype.xml" >"$T/ext-pe.xml"
expect_rc 1 -f tei -t text "$T/ext-pe.xml"
assert_grep "refused: the DOCTYPE declares an external entity and refers to it: %TEI.extensions.ent" "$T/err"
[ ! -s "$T/out" ] || fail "output written for a refused input"

step "a general entity beside parameter entities is still refused"
sed 's|  %TEI.prose;|  <!ENTITY lamp "lamp lamp lamp">|' "$D/p4-doctype.xml" >"$T/general.xml"
expect_rc 1 -f tei -t text "$T/general.xml"
assert_grep "refused: the DOCTYPE declares an entity: lamp" "$T/err"
