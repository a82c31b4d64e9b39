#!/bin/sh
# doc-identity.sh: two inputs of one file name in different folders stay
# two documents in every format (issue 18, case 2): unique doc_ids in the
# statement table, doc_source the input's path relative to the input
# argument, and a CSV -> TEI -> bundle -> CSV round trip gives the same
# table.
. "$TOP_SRCDIR/tests/lib.sh"

mkdir -p "$T/dup/2023" "$T/dup/2024" || exit 99
cat >"$T/dup/2023/article.txt" <<'EOT' || exit 99
Tram line reopens after the flood

The Eastgate tram line reopened on Tuesday after three weeks of repairs.

"The track bed was under a metre of water," said Lena Holt, the works manager.
EOT
cat >"$T/dup/2024/article.txt" <<'EOT' || exit 99
Library keeps late hours for exams

The central library will stay open until midnight through the exam weeks.

"Students asked us for quiet rooms after ten," said Omar Reyes, the head librarian.
EOT

touch -d '2023-03-04 05:06:07 UTC' "$T/dup/2023/article.txt" || exit 99
touch -d '2024-11-12 13:14:15 UTC' "$T/dup/2024/article.txt" || exit 99

step "text -> CSV: two doc_ids, each document's path under the input folder"
expect_ok -t csv -o "$T/dup.csv" "$T/dup"
# doc_id and doc_source of each row (the table has no commas in them).
cut -d, -f1 "$T/dup.csv" | sort -u >"$T/ids"
printf 'article\narticle-2\ndoc_id\n' >"$T/want"
assert_same "$T/want" "$T/ids"
assert_grep ',2023/article.txt,' "$T/dup.csv"
assert_grep ',2024/article.txt,' "$T/dup.csv"
grep -q '^article,.*Lena Holt.*,2023/article.txt,' "$T/dup.csv" || fail "article is not the 2023 one"
grep -q '^article-2,.*Omar Reyes.*,2024/article.txt,' "$T/dup.csv" || fail "article-2 is not the 2024 one"

step "CSV -> TEI: the table reads as two documents"
expect_ok -t tei -o "$T/dup.xml" "$T/dup.csv"

step "TEI -> bundle -> CSV: the same table"
expect_ok -t bundle --bagging-date 2024-05-01 -o "$T/dup.zip" "$T/dup.xml"
expect_ok -t csv -o "$T/back.csv" "$T/dup.zip"
assert_same "$T/dup.csv" "$T/back.csv"

step "text -> bundle: the originals keep their folders under data/original/"
expect_ok -t bundle --bagging-date 2024-05-01 -o "$T/news.zip" "$T/dup"
unzip -Z1 "$T/news.zip" >"$T/list" || fail "unzip cannot list news.zip"
assert_grep "news/data/original/2023/article.txt" "$T/list"
assert_grep "news/data/original/2024/article.txt" "$T/list"
unzip -p "$T/news.zip" news/data/original/2024/article.txt >"$T/orig" || exit 99
assert_same "$T/dup/2024/article.txt" "$T/orig"
# Its statement table is the csv writer's, doc_ids unique as there.
unzip -p "$T/news.zip" news/data/statements.csv >"$T/bag-table.csv" || exit 99
assert_same "$T/dup.csv" "$T/bag-table.csv"

step "the bundle records each original's modification time, and re-bagging keeps it"
printf '%s\n' '2023-03-04T05:06:07Z data/original/2023/article.txt' \
	'2024-11-12T13:14:15Z data/original/2024/article.txt' >"$T/want"
unzip -p "$T/news.zip" news/corpusconv-mtimes.txt >"$T/mtimes" || fail "no corpusconv-mtimes.txt"
assert_same "$T/want" "$T/mtimes"
expect_ok -t bundle --bagging-date 2024-05-01 -o "$T/again.zip" "$T/news.zip"
unzip -p "$T/again.zip" again/corpusconv-mtimes.txt >"$T/mtimes" || fail "no corpusconv-mtimes.txt"
assert_same "$T/want" "$T/mtimes"

step "bundle -> CSV: the table of the inputs, from the zip and from the bag folder"
expect_ok -t csv -o "$T/news.csv" "$T/news.zip"
assert_same "$T/dup.csv" "$T/news.csv"
mkdir "$T/x" && (cd "$T/x" && unzip -q "$T/news.zip") || fail "cannot unzip news.zip"
expect_ok -t csv -o "$T/folder.csv" "$T/x/news"
assert_same "$T/dup.csv" "$T/folder.csv"

# rezip SRC DST: DST holds SRC's entries in the reverse order.
rezip() {
	"${PYTHON3:-python3}" - "$1" "$2" <<'PYEOF' || exit 99
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for info in reversed(src.infolist()):
        out.writestr(info.filename, src.read(info.filename))
PYEOF
}

step "a bag zipped again in another order: the same documents in the same order"
rezip "$T/news.zip" "$T/reversed.zip"
expect_ok -t csv -o "$T/reversed.csv" "$T/reversed.zip"
assert_same "$T/dup.csv" "$T/reversed.csv"

step "a bag another tool made: sorted by path, alike from a zip in any order and a folder"
mkdir -p "$T/foreign/data/b" "$T/foreign/data/a" || exit 99
cp "$T/dup/2024/article.txt" "$T/foreign/data/b/z.txt" || exit 99
cp "$T/dup/2023/article.txt" "$T/foreign/data/a/y.txt" || exit 99
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$T/foreign/bagit.txt"
(cd "$T/foreign" && sha256sum data/b/z.txt data/a/y.txt >manifest-sha256.txt) || exit 99
expect_ok -t csv -o "$T/foreign-folder.csv" "$T/foreign"
(cd "$T" && "${PYTHON3:-python3}" -c '
import zipfile
with zipfile.ZipFile("foreign.zip", "w") as z:
    for n in ["foreign/manifest-sha256.txt", "foreign/data/b/z.txt", "foreign/bagit.txt", "foreign/data/a/y.txt"]:
        z.write(n)') || exit 99
expect_ok -t csv -o "$T/foreign-zip.csv" "$T/foreign.zip"
assert_same "$T/foreign-folder.csv" "$T/foreign-zip.csv"
sed -n 2p "$T/foreign-zip.csv" | grep -q "Lena Holt" || fail "y.txt (data/a) does not come first"

step "a corpusconv.txt naming a document many times: each document read once"
expect_ok -t bundle --bagging-date 2024-05-01 --manifest sha256 -o "$T/twice.zip" "$T/dup"
"${PYTHON3:-python3}" - "$T/twice.zip" "$T/twice2.zip" <<'PYEOF' || exit 99
import hashlib, sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
files = {i.filename: src.read(i.filename) for i in src.infolist()}
files["twice/corpusconv.txt"] = b"article\n" * 40 + files["twice/corpusconv.txt"]
tm = "".join("%s  %s\n" % (hashlib.sha256(files["twice/" + n]).hexdigest(), n)
             for n in ("bagit.txt", "bag-info.txt", "corpusconv.txt",
                       "corpusconv-mtimes.txt", "manifest-sha256.txt"))
files["twice/tagmanifest-sha256.txt"] = tm.encode()
with zipfile.ZipFile(sys.argv[2], "w") as out:
    for n, d in files.items():
        out.writestr(n, d)
PYEOF
expect_ok -t csv -o "$T/twice.csv" "$T/twice2.zip"
assert_same "$T/dup.csv" "$T/twice.csv"
