#!/bin/sh
# tei-layout.sh: the TEI writer streams each document and lays it out as
# libxml2's formatter does, whatever it learns later.
#  - a lone TEI and the same document first in a teiCorpus differ only in
#    two more spaces of indentation per level; text that spans lines gains
#    none (the first document is held until the writer knows which it is);
#  - an element that holds only an element is indented, one that holds
#    text is not;
#  - a document the writer refuses leaves nothing of itself in the output,
#    first or not, and the documents after it are written as if it had
#    never been there.
# Expected outputs are written here by hand (tests/data/tei/layout/).
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins tei
L="$TOP_SRCDIR/tests/data/tei/layout"

step "a lone TEI: indented elements, text as it is, an empty statement on a line of its own"
expect_ok -f tei -t tei -o "$T/lone.xml" "$L/1-first.xml"
cat >"$T/lone-body" <<'EOF'
    <body>
      <div type="article">
        <p>Two lines,
  the second indented.</p>
        <p>
          <said xml:id="first.s1" direct="true"/>
        </p>
      </div>
    </body>
EOF
sed -n '/<body>/,/<\/body>/p' "$T/lone.xml" >"$T/got"
assert_same "$T/lone-body" "$T/got"

step "the same document first in a teiCorpus: two more spaces per indentation, none in text"
expect_rc 1 -f tei -t tei -o "$T/corpus.xml" "$L"
assert_grep 'document broken: text for <p> is not valid UTF-8' "$T/err"
cat >"$T/corpus-body" <<'EOF'
      <body>
        <div type="article">
          <p>Two lines,
  the second indented.</p>
          <p>
            <said xml:id="first.s1" direct="true"/>
          </p>
        </div>
      </body>
EOF
sed -n '/xml:id="first"/,/<\/TEI>/p' "$T/corpus.xml" | sed -n '/<body>/,/<\/body>/p' >"$T/got"
assert_same "$T/corpus-body" "$T/got"
# The whole document: every line that starts with markup moves two spaces.
sed -n '/^<TEI /,/^<\/TEI>/p' "$T/lone.xml" | sed 's/^\( *\)</  \1</' >"$T/lone-deeper"
sed -n '/^  <TEI xmlns="http:\/\/www.tei-c.org\/ns\/1.0" xml:id="first">/,/^  <\/TEI>/p' \
	"$T/corpus.xml" >"$T/got"
[ -s "$T/got" ] || fail "no document 'first' in the teiCorpus"
assert_same "$T/lone-deeper" "$T/got"

step "the refused document leaves no trace; the one after it follows"
assert_no_grep 'broken' "$T/corpus.xml"
[ "$(grep -c '^  <TEI ' "$T/corpus.xml")" -eq 2 ] || fail "two documents expected in the teiCorpus"
assert_grep '  <TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="third">' "$T/corpus.xml"
expect_ok -f tei -t tei -o "$T/corpus2.xml" "$T/corpus.xml"
assert_same "$T/corpus.xml" "$T/corpus2.xml"

step "refused first: the next document is the lone TEI the output holds"
expect_rc 1 -f tei -t tei -o "$T/third.xml" "$L/2-broken.xml" "$L/3-third.xml"
assert_no_grep 'broken' "$T/third.xml"
assert_no_grep '<teiCorpus' "$T/third.xml"
assert_grep '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="third">' "$T/third.xml"
expect_ok -f tei -t tei -o "$T/third-alone.xml" "$L/3-third.xml"
assert_same "$T/third-alone.xml" "$T/third.xml"
