#!/bin/sh
# bundle-roundtrip.sh: text -> bundle writes one BagIt 1.0 bag with the
# layout of formats/bundle/README.md; its manifests hold (checked with
# sha256sum / sha512sum, not with corpusconv); the originals come back byte
# for byte; bundle -> csv and bundle -> tei equal text -> csv and
# text -> tei; the same input gives the same zip bytes; a plain zip of
# documents reads like the documents themselves.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements

command -v unzip >/dev/null 2>&1 || skip "unzip not installed"
command -v sha256sum >/dev/null 2>&1 || skip "sha256sum not installed"
PY=${PYTHON3:-python3}
D=2024-05-01

mkdir "$T/in"
cp "$SAMPLES/port-strike.txt" "$SAMPLES/council-vote.txt" "$T/in/" || exit 99
# An original with CRLF and no final newline must come back unchanged.
printf 'Harbour notice\r\n\r\nThe harbour "will reopen on Monday," the port office said.' \
	>"$T/in/notice.txt"
IN="$T/in/port-strike.txt $T/in/notice.txt"

step "text -> bundle"
expect_ok -f text -t bundle --bagging-date $D -o "$T/news.zip" $IN
[ -s "$T/news.zip" ] || fail "no zip written"

step "the zip holds one bag in news/, entries in a fixed order"
unzip -Z1 "$T/news.zip" >"$T/list" || fail "unzip cannot list the zip"
cat >"$T/want" <<'EOF'
news/bagit.txt
news/data/original/port-strike.txt
news/data/tei/port-strike.xml
news/data/text/port-strike.txt
news/data/original/notice.txt
news/data/tei/notice.xml
news/data/text/notice.txt
news/data/statements.csv
news/bag-info.txt
news/corpusconv.txt
news/corpusconv-mtimes.txt
news/manifest-sha256.txt
news/manifest-sha512.txt
news/tagmanifest-sha256.txt
news/tagmanifest-sha512.txt
EOF
assert_same "$T/want" "$T/list"

step "bagit.txt, bag-info.txt and corpusconv.txt say what they must"
unzip -p "$T/news.zip" news/bagit.txt >"$T/bagit.txt"
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$T/want"
assert_same "$T/want" "$T/bagit.txt"
unzip -p "$T/news.zip" news/bag-info.txt >"$T/bag-info.txt"
assert_grep "Bagging-Date: 2024-05-01" "$T/bag-info.txt"
grep -q "^Bag-Software-Agent: corpusconv [0-9]" "$T/bag-info.txt" ||
	fail "no Bag-Software-Agent in bag-info.txt"
unzip -p "$T/news.zip" news/corpusconv.txt >"$T/map"
printf 'port-strike data/original/port-strike.txt\nnotice data/original/notice.txt\n' >"$T/want"
assert_same "$T/want" "$T/map"

step "the originals come back byte for byte"
for f in port-strike.txt notice.txt; do
	unzip -p "$T/news.zip" "news/data/original/$f" >"$T/orig" ||
		fail "cannot extract $f"
	assert_same "$T/in/$f" "$T/orig"
done

step "the manifests verify with sha256sum; Payload-Oxum counts the payload"
mkdir "$T/x"
(cd "$T/x" && unzip -q "$T/news.zip") || fail "unzip failed"
(cd "$T/x/news" && sha256sum --quiet -c manifest-sha256.txt) ||
	fail "manifest-sha256.txt does not verify"
(cd "$T/x/news" && sha256sum --quiet -c tagmanifest-sha256.txt) ||
	fail "tagmanifest-sha256.txt does not verify"
(cd "$T/x/news" && find data -type f | LC_ALL=C sort) >"$T/files"
sed 's/^[0-9a-f]*  //' "$T/x/news/manifest-sha256.txt" | LC_ALL=C sort >"$T/listed"
assert_same "$T/files" "$T/listed"
bytes=$(cd "$T/x/news" && find data -type f -exec cat {} + | wc -c | tr -d ' ')
count=$(wc -l <"$T/files" | tr -d ' ')
assert_grep "Payload-Oxum: $bytes.$count" "$T/bag-info.txt"
for f in bagit.txt bag-info.txt corpusconv.txt manifest-sha256.txt; do
	grep -q "^[0-9a-f]\{64\}  $f\$" "$T/x/news/tagmanifest-sha256.txt" ||
		fail "tagmanifest-sha256.txt does not list $f"
done

step "the same input gives the same zip bytes"
mkdir "$T/again"
expect_ok -f text -t bundle --bagging-date $D -o "$T/again/news.zip" $IN
assert_same "$T/news.zip" "$T/again/news.zip"

step "bundle -> csv equals text -> csv"
expect_ok -f text -t csv -o "$T/from-text.csv" $IN
expect_ok -t csv -o "$T/from-bundle.csv" "$T/news.zip"
assert_same "$T/from-text.csv" "$T/from-bundle.csv"
assert_grep "port-strike" "$T/from-bundle.csv"

step "bundle -> tei equals text -> tei"
expect_ok -f text -t tei -o "$T/from-text.xml" $IN
expect_ok -f bundle -t tei -o "$T/from-bundle.xml" "$T/news.zip"
assert_same "$T/from-text.xml" "$T/from-bundle.xml"

step "bundle -> bundle keeps the originals and the documents"
mkdir "$T/re"
expect_ok -t bundle --bagging-date $D -o "$T/re/news.zip" "$T/news.zip"
unzip -p "$T/re/news.zip" news/data/original/notice.txt >"$T/orig"
assert_same "$T/in/notice.txt" "$T/orig"
assert_same "$T/news.zip" "$T/re/news.zip"

step "sha512 manifests and extra bag-info lines on request"
expect_ok -f text -t bundle --bagging-date $D --manifest sha256,sha512 \
	--bag-info "Source-Organization: Example Archive" \
	-o "$T/big.zip" "$T/in/notice.txt"
mkdir "$T/y"
(cd "$T/y" && unzip -q "$T/big.zip") || fail "unzip failed"
(cd "$T/y/big" && sha512sum --quiet -c manifest-sha512.txt tagmanifest-sha512.txt) ||
	fail "the sha512 manifests do not verify"
assert_grep "Source-Organization: Example Archive" "$T/y/big/bag-info.txt"

step "documents sharing one original store it once"
cat >"$T/in/table.csv" <<'EOF'
doc_id,quote,speaker
first,"The bridge stays closed.",Ana Ruiz
second,"Repairs start in May.",Ben Osei
EOF
expect_ok -f csv -t bundle --bagging-date $D -o "$T/table.zip" "$T/in/table.csv"
unzip -Z1 "$T/table.zip" | grep '/data/original/' >"$T/list"
printf 'table/data/original/table.csv\n' >"$T/want"
assert_same "$T/want" "$T/list"
unzip -p "$T/table.zip" table/corpusconv.txt >"$T/map"
printf 'first data/original/table.csv\nsecond data/original/table.csv\n' >"$T/want"
assert_same "$T/want" "$T/map"
unzip -p "$T/table.zip" table/data/original/table.csv >"$T/orig"
assert_same "$T/in/table.csv" "$T/orig"

step "two different originals of one name are both kept"
mkdir "$T/d1" "$T/d2"
printf 'First body.\n' >"$T/d1/same.txt"
printf 'Second body.\n' >"$T/d2/same.txt"
expect_ok -f text -t bundle --bagging-date $D -o "$T/same.zip" "$T/d1/same.txt" "$T/d2/same.txt"
unzip -p "$T/same.zip" same/data/original/same.txt >"$T/orig"
assert_same "$T/d1/same.txt" "$T/orig"
unzip -p "$T/same.zip" same/data/original/2/same.txt >"$T/orig"
assert_same "$T/d2/same.txt" "$T/orig"
expect_ok -t bundle --bagging-date $D -o "$T/re/same.zip" "$T/same.zip"
unzip -p "$T/re/same.zip" same/data/original/2/same.txt >"$T/orig"
assert_same "$T/d2/same.txt" "$T/orig"

step "a bag is found without -f, and a plain zip of documents is read too"
expect_ok -t csv -o "$T/detected.csv" "$T/news.zip"
assert_same "$T/from-text.csv" "$T/detected.csv"
(cd "$T/in" && "$PY" - <<'EOF'
import zipfile
with zipfile.ZipFile("../plain.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("port-strike.txt")
    z.write("notice.txt")
EOF
) || skip "python3 cannot write the plain zip"
# A zip corpusconv did not write gives its documents sorted by path.
expect_ok -t csv -o "$T/plain.csv" "$T/plain.zip"
expect_ok -f text -t csv -o "$T/sorted.csv" "$T/in/notice.txt" "$T/in/port-strike.txt"
assert_same "$T/sorted.csv" "$T/plain.csv"

step "corpusconv.txt and its mtimes, read a line at a time, give every original back"
# The reader indexes corpusconv.txt and corpusconv-mtimes.txt as it
# checks them, a read of the zip at a time (tag_streamed): lines split
# between reads, CRLF line ends and a byte order mark, the mtimes before
# corpusconv.txt in the zip, and tag files in another encoding (read
# whole) must all give each document its original and its time, which a
# bag written again from them carries byte for byte.  Long names make
# the two tag files span several reads.
mkdir "$T/long" "$T/relong" || exit 99
"$PY" - "$T/long" <<'EOF' || fail "cannot write the long-named articles"
import os, sys
for i in range(200):
    with open(os.path.join(sys.argv[1], "notice-%s-%03d.txt" % ("x" * 200, i)), "w") as f:
        f.write("Ferry notice %d\n\nThe ferry runs again on Monday, the port said.\n" % i)
EOF
expect_ok -t bundle --bagging-date $D -o "$T/long.zip" "$T/long"
[ "$(unzip -p "$T/long.zip" long/corpusconv.txt | wc -c)" -gt 70000 ] ||
	fail "corpusconv.txt is too short to span several reads"
expect_ok -t bundle --bagging-date $D -o "$T/relong/long.zip" "$T/long.zip"
assert_same "$T/long.zip" "$T/relong/long.zip"
# variant ZIP OUT KIND: ZIP with its tag files changed as KIND says ("crlf",
# "mtimes-first", "latin1"), the tag manifests made to match, as OUT.
variant() {
	"$PY" - "$@" <<'EOF' || fail "cannot make the $3 variant"
import hashlib, sys, zipfile
src, out, kind = sys.argv[1:4]
z = zipfile.ZipFile(src)
names = z.namelist()
data = {n: z.read(n) for n in names}
def tag(n):
    return "long/" + n
if kind == "crlf":
    for n in ("corpusconv.txt", "corpusconv-mtimes.txt"):
        data[tag(n)] = b"\xef\xbb\xbf" + data[tag(n)].replace(b"\n", b"\r\n")
elif kind == "mtimes-first":
    names.remove(tag("corpusconv-mtimes.txt"))
    names.insert(names.index(tag("corpusconv.txt")), tag("corpusconv-mtimes.txt"))
elif kind == "latin1":
    data[tag("bagit.txt")] = data[tag("bagit.txt")].replace(b"UTF-8", b"ISO-8859-1")
for algo in ("sha256", "sha512"):
    lines = []
    for line in data[tag("tagmanifest-%s.txt" % algo)].decode().splitlines():
        path = line.split("  ", 1)[1]
        lines.append("%s  %s\n" % (hashlib.new(algo, data[tag(path)]).hexdigest(), path))
    data[tag("tagmanifest-%s.txt" % algo)] = "".join(lines).encode()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
    for n in names:
        w.writestr(n, data[n])
EOF
}
for kind in crlf mtimes-first latin1; do
	mkdir "$T/$kind" "$T/re-$kind" || exit 99
	variant "$T/long.zip" "$T/$kind/long.zip" $kind
	expect_ok -t bundle --bagging-date $D -o "$T/re-$kind/long.zip" "$T/$kind/long.zip"
	cmp -s "$T/long.zip" "$T/re-$kind/long.zip" ||
		fail "the bag with $kind tag files, written again, differs from the one it was made from"
done
