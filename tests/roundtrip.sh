#!/bin/sh
# roundtrip.sh: the round trips DESIGN.md promises, on the demo corpus and
# (when present) the real one:
#   text -> TEI -> text    equals text -> text
#   TEI -> TEI             is byte-identical
#   CSV -> TEI -> CSV      equals text -> CSV
#   text -> bundle -> CSV  equals text -> CSV
#   bundle -> TEI          equals text -> TEI
#   the original bytes come back out of a bundle unchanged
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements

# roundtrip NAME FOLDER: every check above on the .txt files of FOLDER.
roundtrip() {
	name=$1 src=$2
	w="$T/$name"
	mkdir -p "$w"

	step "$name: text -> TEI -> text equals text -> text"
	expect_ok -t text -d "$w/text" "$src"
	expect_ok -t tei -d "$w/tei" "$src"
	expect_ok -t text -d "$w/tei-text" "$w/tei"
	for f in "$w"/text/*.txt; do
		assert_same "$f" "$w/tei-text/$(basename "$f")"
	done

	step "$name: TEI -> TEI is byte-identical"
	expect_ok -t tei -d "$w/tei2" "$w/tei"
	for f in "$w"/tei/*.xml; do
		assert_same "$f" "$w/tei2/$(basename "$f")"
	done
	expect_ok -t tei -o "$w/corpus.xml" "$src"
	expect_ok -t tei -o "$w/corpus2.xml" "$w/corpus.xml"
	assert_same "$w/corpus.xml" "$w/corpus2.xml"

	step "$name: CSV -> TEI -> CSV equals text -> CSV"
	expect_ok -t csv -o "$w/table.csv" "$src"
	[ "$(wc -l <"$w/table.csv")" -gt 1 ] || fail "$name: the table has no statement"
	expect_ok -t tei -o "$w/from-csv.xml" "$w/table.csv"
	expect_ok -t csv -o "$w/table2.csv" "$w/from-csv.xml"
	assert_same "$w/table.csv" "$w/table2.csv"
	expect_ok -t csv -o "$w/table3.csv" "$w/tei"
	assert_same "$w/table.csv" "$w/table3.csv"

	step "$name: text -> bundle -> CSV equals text -> CSV"
	expect_ok -t bundle -o "$w/b.zip" --bagging-date 2025-01-01 "$src"
	expect_ok -t csv -o "$w/table-b.csv" "$w/b.zip"
	assert_same "$w/table.csv" "$w/table-b.csv"

	step "$name: bundle -> TEI equals text -> TEI"
	expect_ok -t tei -o "$w/corpus-b.xml" "$w/b.zip"
	assert_same "$w/corpus.xml" "$w/corpus-b.xml"

	step "$name: the original bytes come back unchanged"
	mkdir "$w/unzip"
	(cd "$w/unzip" && unzip -q "$w/b.zip") || fail "unzip failed"
	for f in "$src"/*.txt; do
		got=$(find "$w/unzip" -path "*/data/original/$(basename "$f")")
		[ -n "$got" ] || fail "$name: $(basename "$f") not in data/original"
		assert_same "$f" "$got"
	done
}

command -v unzip >/dev/null || skip "unzip not installed"
roundtrip samples "$SAMPLES"
if [ -d "$CORPUS/raw" ]; then
	roundtrip corpus "$CORPUS/raw"
else
	echo "note: ../shared/corpus not found at $CORPUS; real-corpus round trips not run"
fi
exit 0
