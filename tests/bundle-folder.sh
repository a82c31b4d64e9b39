#!/bin/sh
# bundle-folder.sh: a BagIt bag on disk (a folder holding bagit.txt) is one
# input of the bundle format, checked as a zipped bag is: it reads like
# the zip it came from (with and without a trailing "/", with and without
# -f), a folder holding several bag folders reads them all; tag files in
# UTF-16 and ISO-8859-1 are decoded as bagit.txt declares (a Latin-1
# manifest naming a file "café.txt"); a changed or missing file, a
# symbolic link (inside the bag or out of it), a FIFO, an unknown or
# invalid tag file encoding are refused with a message naming the bag;
# fetch.txt is never fetched: a holey bag is refused, a complete one with
# fetch.txt reads with a warning.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements

command -v unzip >/dev/null 2>&1 || skip "unzip not installed"
PY=${PYTHON3:-python3}
"$PY" -c 'import hashlib' 2>/dev/null || skip "python3 not installed"
D=2024-05-01

# mkbag DIR ENCODING [FETCH]: makes DIR (holding data/) a BagIt 1.0 bag
# whose tag files are in ENCODING; with FETCH, fetch.txt lists every
# payload file.  Manifests name files by their UTF-8 names, encoded.
cat >"$T/mkbag.py" <<'EOF'
import hashlib, os, sys
top, enc = sys.argv[1], sys.argv[2]
fetch = len(sys.argv) > 3
files = []
for root, dirs, names in os.walk(os.path.join(top, "data")):
    for n in names:
        files.append(os.path.relpath(os.path.join(root, n), top))
files.sort()
def put(name, text):
    with open(os.path.join(top, name), "wb") as f:
        f.write(text.encode(enc))
def digest(name):
    return hashlib.sha256(open(os.path.join(top, name), "rb").read()).hexdigest()
with open(os.path.join(top, "bagit.txt"), "wb") as f:
    f.write(("BagIt-Version: 1.0\nTag-File-Character-Encoding: %s\n" % enc).encode())
size = sum(os.path.getsize(os.path.join(top, p)) for p in files)
put("bag-info.txt", "Source-Organization: Caf\u00e9 Archive\nPayload-Oxum: %d.%d\n"
    % (size, len(files)))
put("manifest-sha256.txt", "".join("%s  %s\n" % (digest(p), p) for p in files))
tags = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"]
if fetch:
    put("fetch.txt", "".join("https://example.org/%s - %s\n" % (p, p) for p in files))
    tags.append("fetch.txt")
put("tagmanifest-sha256.txt", "".join("%s  %s\n" % (digest(p), p) for p in tags))
EOF
mkbag() { "$PY" "$T/mkbag.py" "$@" || exit 99; }

mkdir "$T/in" "$T/o"
cp "$SAMPLES/port-strike.txt" "$SAMPLES/council-vote.txt" "$T/in/" || exit 99

step "a bag written as a zip, unzipped, reads as a folder like the zip"
expect_ok -f text -t bundle --bagging-date $D -o "$T/news.zip" "$T/in/port-strike.txt"
(cd "$T" && unzip -q news.zip) || fail "unzip failed"
expect_ok -t csv -o "$T/o/zip.csv" "$T/news.zip"
expect_ok -t csv -o "$T/o/dir.csv" "$T/news"
assert_same "$T/o/zip.csv" "$T/o/dir.csv"
assert_grep "port-strike" "$T/o/dir.csv"
expect_ok -f bundle -t csv -o "$T/o/slash.csv" "$T/news/"
assert_same "$T/o/zip.csv" "$T/o/slash.csv"
expect_ok -t tei -o "$T/o/dir.xml" "$T/news"
expect_ok -t tei -o "$T/o/zip.xml" "$T/news.zip"
assert_same "$T/o/zip.xml" "$T/o/dir.xml"

step "-t csv bagdir/ to stdout"
(cd "$T" && "$CORPUSCONV" -t csv news/ >"$T/o/stdout.csv" 2>"$T/err") ||
	{ cat "$T/err" >&2; fail "corpusconv -t csv news/ failed"; }
assert_same "$T/o/zip.csv" "$T/o/stdout.csv"

step "a folder holding two bag folders and a loose file reads them all"
mkdir "$T/shelf"
expect_ok -f text -t bundle --bagging-date $D -o "$T/vote.zip" "$T/in/council-vote.txt"
(cd "$T/shelf" && unzip -q ../news.zip && unzip -q ../vote.zip) || fail "unzip failed"
printf 'A loose paragraph next to the bags.\n' >"$T/shelf/loose.txt"
expect_ok -t csv -o "$T/o/shelf.csv" "$T/shelf"
assert_grep "port-strike" "$T/o/shelf.csv"
assert_grep "council-vote" "$T/o/shelf.csv"
expect_ok -t text -d "$T/o/shelf" "$T/shelf"
[ -n "$(find "$T/o/shelf" -type f | head -1)" ] || fail "no output per document"

step "tag files in UTF-16 and ISO-8859-1: decoded as bagit.txt says"
for enc in UTF-16 UTF-16LE ISO-8859-1; do
	mkdir -p "$T/$enc/data"
	printf 'Caf\303\251 owners "will reopen on Monday," the union said.\n' \
		>"$T/$enc/data/caf$(printf '\303\251').txt"
	mkbag "$T/$enc" $enc
	expect_ok -t text -o "$T/o/$enc.txt" "$T/$enc"
	assert_grep "will reopen on Monday" "$T/o/$enc.txt"
	assert_no_grep "error:" "$T/err"
done
# The Latin-1 manifest names the file with byte E9, not UTF-8's C3 A9.
LC_ALL=C grep -q "$(printf 'data/caf\351[.]txt')" "$T/ISO-8859-1/manifest-sha256.txt" || exit 99

step "a tag file encoding iconv does not know: refused"
cp -r "$T/UTF-16LE" "$T/unknown"
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: X-NO-SUCH\n' >"$T/unknown/bagit.txt"
expect_rc 1 -t csv -o "$T/o/unknown.csv" "$T/unknown"
assert_grep "$T/unknown: " "$T/err"
assert_grep "X-NO-SUCH" "$T/err"

step "a tag file that is not valid in its encoding: refused"
cp -r "$T/UTF-16LE" "$T/odd"
printf 'x' >>"$T/odd/bag-info.txt"  # an odd number of UTF-16 bytes
expect_rc 1 -t csv -o "$T/o/odd.csv" "$T/odd"
assert_grep "bag-info.txt" "$T/err"
assert_grep "not valid UTF-16LE" "$T/err"

step "a changed payload file: refused, naming it"
cp -r "$T/news" "$T/changed"
printf 'X' >>"$T/changed/data/text/port-strike.txt"
expect_rc 1 -t csv -o "$T/o/changed.csv" "$T/changed"
assert_grep "$T/changed: " "$T/err"
assert_grep "data/text/port-strike.txt" "$T/err"
assert_grep "fails its sha256 check" "$T/err"
[ ! -s "$T/o/changed.csv" ] || assert_no_grep "port-strike" "$T/o/changed.csv"

step "a missing payload file: refused"
cp -r "$T/news" "$T/missing"
rm "$T/missing/data/tei/port-strike.xml"
expect_rc 1 -t csv -o "$T/o/missing.csv" "$T/missing"
assert_grep "data/tei/port-strike.xml\" is listed in manifest-sha256.txt but is not in the folder" "$T/err"

step "a symbolic link in the bag, even to a file inside it: refused"
cp -r "$T/news" "$T/inlink"
rm "$T/inlink/data/text/port-strike.txt"
ln -s ../original/port-strike.txt "$T/inlink/data/text/port-strike.txt"
expect_rc 1 -t csv -o "$T/o/inlink.csv" "$T/inlink"
assert_grep "data/text/port-strike.txt\": it is a symbolic link" "$T/err"

step "a symbolic link leading out of the bag: refused, never read"
cp -r "$T/news" "$T/outlink"
printf 'SECRET outside the bag\n' >"$T/secret.txt"
ln -s "$T/secret.txt" "$T/outlink/data/secret.txt"
ln -s /etc "$T/outlink/data/etc"
expect_rc 1 -t text -o "$T/o/outlink.txt" "$T/outlink"
assert_grep "symbolic link" "$T/err"
[ ! -s "$T/o/outlink.txt" ] || assert_no_grep "SECRET" "$T/o/outlink.txt"

step "a bagit.txt that is a symbolic link: refused"
cp -r "$T/news" "$T/taglink"
mv "$T/taglink/bagit.txt" "$T/taglink.bagit"
ln -s "$T/taglink.bagit" "$T/taglink/bagit.txt"
expect_rc 1 -t csv -o "$T/o/taglink.csv" "$T/taglink"
assert_grep "bagit.txt\": it is a symbolic link" "$T/err"

if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	step "a FIFO in the bag: refused at once, never opened"
	cp -r "$T/news" "$T/fifo"
	mkfifo "$T/fifo/data/pipe.txt" || exit 99
	timeout 20 "$CORPUSCONV" -t csv -o "$T/o/fifo.csv" "$T/fifo" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "a FIFO: exit $rc, want 1"; }
	assert_grep "data/pipe.txt\": it is not a regular file or folder" "$T/err"
fi

step "a folder with a manifest but no bagit.txt: refused as a broken bag"
cp -r "$T/news" "$T/nobagit"
rm "$T/nobagit/bagit.txt"
expect_rc 1 -t csv -o "$T/o/nobagit.csv" "$T/nobagit"
assert_grep "has no bagit.txt" "$T/err"

step "fetch.txt, every file present: reads, with a warning that nothing is fetched"
mkdir -p "$T/fetched/data"
printf 'The ferry "will run again on Friday," the operator said.\n' >"$T/fetched/data/ferry.txt"
printf 'The bridge "stays closed," the council said.\n' >"$T/fetched/data/bridge.txt"
mkbag "$T/fetched" UTF-8 fetch
expect_ok -t tei -o "$T/o/fetched.xml" "$T/fetched"
assert_grep "warning: $T/fetched: fetch.txt lists 2 files to fetch; all are in the bag" "$T/err"
assert_grep "will run again on Friday" "$T/o/fetched.xml"

step "a holey bag (a file fetch.txt lists is absent): refused, nothing fetched"
cp -r "$T/fetched" "$T/holey"
rm "$T/holey/data/ferry.txt"
expect_rc 1 -t tei -o "$T/o/holey.xml" "$T/holey"
assert_grep "error: $T/holey: \"data/ferry.txt\" is not in the folder: fetch.txt line" "$T/err"
assert_grep "holey bag" "$T/err"
[ ! -s "$T/o/holey.xml" ] || assert_no_grep "stays closed" "$T/o/holey.xml"
