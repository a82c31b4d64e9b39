#!/bin/sh
# corpus.sh: the real corpus (../shared/corpus/raw) converts to every
# format: TEI that jing accepts against tei_all, a statement table with
# rows for every article, a bundle whose manifests sha256sum confirms.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements
need_corpus
need_jing

step "text -> TEI, each valid against tei_all"
expect_ok -t tei -d "$T/tei" "$CORPUS/raw"
n=$(ls "$T/tei"/*.xml | wc -l)
[ "$n" -eq "$(ls "$CORPUS"/raw/*.txt | wc -l)" ] || fail "$n TEI files for the articles"
"$JING" "$SHARED_DIR/schemas/tei_all.rng" "$T"/tei/*.xml >"$T/jing" 2>&1 ||
	{ head -20 "$T/jing" >&2; fail "TEI output is not valid"; }

step "text -> teiCorpus, valid"
expect_ok -t tei -o "$T/corpus.xml" "$CORPUS/raw"
"$JING" "$SHARED_DIR/schemas/tei_all.rng" "$T/corpus.xml" >"$T/jing" 2>&1 ||
	{ head -20 "$T/jing" >&2; fail "teiCorpus output is not valid"; }

step "text -> CSV: rows for every article, the DESIGN.md header"
expect_ok -t csv -o "$T/all.csv" "$CORPUS/raw"
head -1 "$T/all.csv" | tr -d '\r' >"$T/header"
echo "doc_id,statement_id,kind,speaker,speaker_role,cue,quote,block,start,end,doc_date,doc_title,doc_publisher,doc_source,confidence" >"$T/want"
assert_same "$T/want" "$T/header"
for f in "$CORPUS"/raw/*.txt; do
	assert_grep "$(basename "$f")" "$T/all.csv"
done

step "text -> bundle: manifests hold"
expect_ok -t bundle -o "$T/b.zip" "$CORPUS/raw"
mkdir "$T/bag" && (cd "$T/bag" && unzip -q "$T/b.zip") || fail "unzip failed"
bag=$(dirname "$(find "$T/bag" -name bagit.txt)")
(cd "$bag" && sha256sum -c --quiet manifest-sha256.txt && sha256sum -c --quiet tagmanifest-sha256.txt) ||
	fail "manifests do not match"
exit 0
