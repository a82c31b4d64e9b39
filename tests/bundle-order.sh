#!/bin/sh
# bundle-order.sh: a zip whose entries are in another order than its
# documents are read in (issue 18, case 8) costs work linear in its
# entries.  Zip tools add a folder's files in the order the folder lists
# them, and some put the tag files last; the reader gives the documents
# sorted by path all the same.  A walk over the zip per document out of
# order made a shuffled bag of 4,000 files take minutes.
#
# The work is counted, not timed: the reader says how many entry headers
# it read when CORPUSCONV_DEBUG names "bundle".  Eight times the entries
# must cost under twelve times the headers (linear shows as 8, a walk per
# document as some 60); the documents must be those of the same bag zipped
# in order.  A document not found at its offset (a local header the
# central directory does not list, in the gap before it) costs one walk,
# not a walk per document after it, and a hidden header of the document's
# own name is a substitute its digest refuses.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins bundle text jsonl
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile, hashlib, random, struct, zlib' 2>/dev/null || skip "python3 not installed"
N=100

# shuffled DOCS ZIP ORDER: a bag of DOCS notices under data/ (sha256
# manifest), zipped in a top folder with its payload in ORDER ("sorted",
# or "shuffled" by a fixed seed) and its tag files after the payload.
shuffled() {
	"$PY" - "$@" <<'PYEOF' || fail "cannot make the bag $2"
import hashlib, random, sys, zipfile
n, path, order = int(sys.argv[1]), sys.argv[2], sys.argv[3]
pay = [("data/notice-%05d.txt" % i,
        ("Harbour notice %d\n\nBerth %d is closed for dredging.\n" % (i, i % 7)).encode())
       for i in range(n)]
lines = "".join("%s  %s\n" % (hashlib.sha256(b).hexdigest(), p) for p, b in pay)
if order == "shuffled":
    random.Random(18).shuffle(pay)
tags = [("bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
        ("manifest-sha256.txt", lines.encode())]
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in pay + tags:
        z.writestr("harbour/" + name, data)
PYEOF
}

# cost ZIP OUT WHAT: the entry headers ("headers read") or walks ("walks
# from the start") reading ZIP took (its documents to OUT).
cost() {
	CORPUSCONV_DEBUG=bundle "$CORPUSCONV" -q -f bundle -t jsonl -o "$2" "$1" 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "corpusconv could not read $1"; }
	sed -n "s/^corpusconv: debug: bundle: .* \\([0-9][0-9]*\\) $3.*/\\1/p" "$T/err" |
		grep . || { cat "$T/err" >&2; fail "no count of $3 for $1"; }
}
headers() {
	cost "$1" "$2" "headers read"
}

# hide ZIP OUT ENTRY NAME TEXT: ZIP with a local header of NAME holding
# TEXT (stored) put in the gap before entry ENTRY, as OUT: the central
# directory does not list it, and its offsets past the gap move on, so
# that zipfile, unzip and libarchive's seekable reader still give ENTRY.
hide() {
	"$PY" - "$@" <<'PYEOF' || fail "cannot hide a header in $1"
import struct, sys, zipfile, zlib
src, out, entry, name, body = sys.argv[1:6]
data = bytearray(open(src, "rb").read())
want = zipfile.ZipFile(src).read(entry)
off = zipfile.ZipFile(src).getinfo(entry).header_offset
name, body = name.encode(), body.encode()
hid = struct.pack("<4s5H3L2H", b"PK\003\004", 20, 0, 0, 0, 0, zlib.crc32(body),
                  len(body), len(body), len(name), 0) + name + body
data = data[:off] + hid + data[off:]
eocd = data.rfind(b"PK\005\006")
cd = struct.unpack("<L", data[eocd + 16:eocd + 20])[0] + len(hid)
data[eocd + 16:eocd + 20] = struct.pack("<L", cd)
p = cd
while data[p:p + 4] == b"PK\001\002":
    n, e, c = struct.unpack("<3H", data[p + 28:p + 34])
    lho = struct.unpack("<L", data[p + 42:p + 46])[0]
    if lho >= off:
        data[p + 42:p + 46] = struct.pack("<L", lho + len(hid))
    p += 46 + n + e + c
open(out, "wb").write(data)
assert zipfile.ZipFile(out).read(entry) == want
PYEOF
}

step "a bag of $N documents and one of $((8 * N)), payload shuffled, tag files last"
for n in $N $((8 * N)); do
	shuffled $n "$T/sorted-$n.zip" sorted
	shuffled $n "$T/shuffled-$n.zip" shuffled
	headers "$T/sorted-$n.zip" "$T/sorted-$n.jsonl" >/dev/null || exit 1
done
small=$(headers "$T/shuffled-$N.zip" "$T/small.jsonl") || exit 1
big=$(headers "$T/shuffled-$((8 * N)).zip" "$T/big.jsonl") || exit 1
printf '%s entries: %s headers; %s entries: %s headers\n' $((N + 2)) "$small" $((8 * N + 2)) "$big"
cmp -s "$T/small.jsonl" "$T/sorted-$N.jsonl" ||
	fail "the shuffled bag of $N gave other documents, or another order, than the sorted one"
cmp -s "$T/big.jsonl" "$T/sorted-$((8 * N)).jsonl" ||
	fail "the shuffled bag of $((8 * N)) gave other documents, or another order, than the sorted one"
awk -v s="$small" -v b="$big" 'BEGIN { exit !(b < 12 * s) }' ||
	fail "8 times the entries took $big headers, more than 12 times $small"

step "the shuffled bag with a hidden header before its first document: every document, one walk more"
# Read from its offset, the first document meets the hidden header: it is
# read by a walk (read_documents), and the rest at their offsets again.
# A walk per document after the miss took some $((4 * N)) walks more.
shuf="$T/shuffled-$((8 * N)).zip"
plain=$(cost "$shuf" "$T/plain.jsonl" "walks from the start") || exit 1
assert_grep "walks read forwards" "$T/err"
hide "$shuf" "$T/decoy.zip" harbour/data/notice-00000.txt harbour/decoy.txt "Not a listed notice."
miss=$(cost "$T/decoy.zip" "$T/decoy.jsonl" "walks from the start") || exit 1
printf 'walks from the start: %s without the hidden header, %s with it\n' "$plain" "$miss"
# Pass 1 found that the zip does not read alike forwards (the hidden
# header): every walk reads the central directory.
assert_grep "walks read the central directory" "$T/err"
assert_same "$T/sorted-$((8 * N)).jsonl" "$T/decoy.jsonl"
[ "$miss" -le $((plain + 1)) ] ||
	fail "one document missed at its offset cost $((miss - plain)) walks more, not one"

step "a hidden header of the document's own name: a substitute, refused by its digest"
hide "$shuf" "$T/twin.zip" harbour/data/notice-00000.txt harbour/data/notice-00000.txt "Not the listed notice."
cc -q -f bundle -t jsonl -o "$T/twin.jsonl" "$T/twin.zip"
[ "$rc" -ne 0 ] || fail "the bag with a substitute was read (exit 0)"
assert_grep 'notice-00000.txt" fails its sha256 check' "$T/err"

step "a bundle corpusconv wrote, its entries shuffled: originals found alike"
mkdir "$T/a" || exit 99
for i in 1 2 3 4 5 6 7 8; do
	printf 'Ferry notice %s\n\n\342\200\234The ferry runs again on Monday,\342\200\235 said Ada Brook.\n' \
		"$i" >"$T/a/ferry-$i.txt"
done
expect_ok -q -t bundle -o "$T/w.zip" "$T/a"
"$PY" - "$T/w.zip" "$T/ws.zip" <<'PYEOF' || fail "cannot shuffle the bundle"
import random, sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
infos = src.infolist()
random.Random(8).shuffle(infos)
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for i in infos:
        z.writestr(i, src.read(i))
PYEOF
expect_ok -q -f bundle -t jsonl -o "$T/w.jsonl" "$T/w.zip"
expect_ok -q -f bundle -t jsonl -o "$T/ws.jsonl" "$T/ws.zip"
assert_same "$T/w.jsonl" "$T/ws.jsonl"
# Bagged again, the documents keep their originals, byte for byte.
expect_ok -q -t bundle -o "$T/again.zip" "$T/ws.zip"
"$PY" - "$T/a" "$T/again.zip" <<'PYEOF' || fail "the shuffled bundle lost its originals"
import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[2])
got = {os.path.basename(n): z.read(n) for n in z.namelist() if "/data/original/" in n}
for f in sorted(os.listdir(sys.argv[1])):
    if got.get(f) != open(os.path.join(sys.argv[1], f), "rb").read():
        sys.exit("original %s: %r" % (f, sorted(got)))
PYEOF
step "a zip out of order with a local header hidden before an entry: the central directory's entry is read"
# Another header of the same name, not in the central directory, stands in
# the gap before c.txt: zipfile, unzip and libarchive's seekable reader all
# give the listed one.  Read from the offset where the entry before ended,
# the streaming reader would take the hidden one.
"$PY" - "$T/listed.zip" <<'PYEOF' || fail "cannot make the zip"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    z.writestr("b.txt", b"Second note.\n")
    z.writestr("c.txt", b"The listed third note.\n")
    z.writestr("a.txt", b"First note.\n")
PYEOF
hide "$T/listed.zip" "$T/hidden.zip" c.txt c.txt "A hidden third note.
"
expect_ok -q -f bundle -t text -d "$T/hidden" "$T/hidden.zip"
cat "$T/hidden"/hidden/*.txt >"$T/hidden.txt" || fail "no text written"
assert_grep "The listed third note." "$T/hidden.txt"
assert_no_grep "A hidden third" "$T/hidden.txt"
exit 0
