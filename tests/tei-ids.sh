#!/bin/sh
# tei-ids.sh: the xml:ids the TEI writer gives out never collide.
#  - persons and statements the host numbered ("pN", "sN", N the place)
#    take "DOC.pN", "DOC.sN" without a lookup in the set of ids given out,
#    unless an id given out before took it: then they get
#    "DOC.statement-N", as any statement whose id is taken;
#  - a statement whose id is "sK" but not its place goes through the set,
#    and one whose id is a numbered person's ("p3") gives way to it;
#  - in a teiCorpus, each document's ids carry its own document id.
# The input is the port-strike sample as TEI, with two persons renamed to
# the ids of statements that come after them, one statement renumbered and
# one named as a person; the expected ids are written here by hand.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei statements

# Every xml:id once, and every pointer (who, corresp) to one of them.
unique_ids() {
	grep -o 'xml:id="[^"]*"' "$1" | sed 's/^xml:id="//; s/"$//' | sort >"$T/ids"
	[ -s "$T/ids" ] || fail "$1: no xml:id at all"
	dup=$(uniq -d "$T/ids")
	[ -z "$dup" ] || fail "$1: xml:id given twice: $dup"
	grep -o '\(who\|corresp\)="#[^"]*"' "$1" | sed 's/^[a-z]*="#//; s/"$//' | sort -u >"$T/ptrs"
	missing=$(comm -23 "$T/ptrs" "$T/ids")
	[ -z "$missing" ] || fail "$1: pointer to no xml:id: $missing"
}

step "persons named like numbered statements: the statements give way"
expect_ok -t tei -o "$T/a.xml" "$SAMPLES/port-strike.txt"
assert_grep '<fs type="statement" n="s12" corresp="#port-strike.s12">' "$T/a.xml"
sed -e 's/port-strike\.p2"/port-strike.s3"/g; s|<string>p2</string>|<string>s3</string>|' \
    -e 's/port-strike\.p5"/port-strike.s10"/g; s|<string>p5</string>|<string>s10</string>|' \
    -e 's/port-strike\.s12"/port-strike.s13"/g; s/n="s12"/n="s13"/' \
    -e 's/port-strike\.s4"/port-strike.q4"/g; s/n="s4"/n="p3"/' \
    "$T/a.xml" >"$T/in.xml"
! cmp -s "$T/a.xml" "$T/in.xml" || fail "nothing renamed"
expect_ok -f tei -t tei -o "$T/out.xml" "$T/in.xml"
unique_ids "$T/out.xml"
# The ids are what this test is about: the statements' @cert (the
# extractor's confidence, tests/statements-explain.sh) is left out here.
sed 's/ cert="[0-9.]*"//g' "$T/out.xml" >"$T/out-ids.xml"
assert_grep '<person xml:id="port-strike.s3">' "$T/out.xml"
assert_grep '<person xml:id="port-strike.s10">' "$T/out.xml"
assert_grep '<said xml:id="port-strike.s2" who="#port-strike.s3" direct="true">' "$T/out-ids.xml"
assert_grep '<said xml:id="port-strike.statement-1" who="#port-strike.s3" direct="true">Our members' "$T/out-ids.xml"
assert_grep '<said xml:id="port-strike.s9" who="#port-strike.s10" direct="true">' "$T/out-ids.xml"
assert_grep '<said xml:id="port-strike.statement-3" who="#port-strike.s10" direct="false">retailers' "$T/out-ids.xml"
assert_grep '<q xml:id="port-strike.statement-2" who="#port-strike.s3">tomorrow morning</q>' "$T/out-ids.xml"
assert_grep '<org xml:id="port-strike.p3">' "$T/out.xml"
assert_grep '<fs type="statement" n="s3" corresp="#port-strike.statement-1">' "$T/out.xml"
assert_grep '<fs type="statement" n="p3" corresp="#port-strike.statement-2">' "$T/out.xml"
assert_grep '<fs type="statement" n="s5" corresp="#port-strike.s5">' "$T/out.xml"
assert_grep '<fs type="statement" n="s10" corresp="#port-strike.statement-3">' "$T/out.xml"
assert_grep '<fs type="statement" n="s11" corresp="#port-strike.s11">' "$T/out.xml"
assert_grep '<fs type="statement" n="s13" corresp="#port-strike.s13">' "$T/out.xml"
assert_grep '<q xml:id="port-strike.s13" who="#port-strike.p7">angry but united.</q>' "$T/out-ids.xml"

step "read back: the statements keep their ids and their persons"
expect_ok -f tei -t tei -o "$T/again.xml" "$T/out.xml"
assert_same "$T/out.xml" "$T/again.xml"

step "a teiCorpus of both: ids unique across the documents"
mkdir "$T/two"
cp "$T/a.xml" "$T/two/first.xml"
cp "$T/in.xml" "$T/two/second.xml"
expect_ok -f tei -t tei -o "$T/corpus.xml" "$T/two"
assert_grep '<teiCorpus' "$T/corpus.xml"
unique_ids "$T/corpus.xml"
sed 's/ cert="[0-9.]*"//g' "$T/corpus.xml" >"$T/corpus-ids.xml"
assert_grep '<said xml:id="port-strike-2.statement-1" who="#port-strike-2.s3" direct="true">Our members' "$T/corpus-ids.xml"
assert_grep '<said xml:id="port-strike.s3" who="#port-strike.p2" direct="true">Our members' "$T/corpus-ids.xml"
