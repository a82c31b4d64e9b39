#!/bin/sh
# bundle-third-party.sh: bags other tools zip or write (issue 18, case 6).
#  - macOS Finder's "Compress" puts __MACOSX/ (resource forks, "._" files)
#    beside the bag's folder: the bag is read, with a note that __MACOSX/
#    was ignored;
#  - a payload file named with a literal "%25", listed as it is by a tool
#    that does not percent-encode manifest paths (bagit-python), is
#    refused with a hint naming the percent-encoding of RFC 8493;
#  - a document of such a bag has its path under data/ as doc_source and
#    as its original's name, not its file name alone (issue 18).
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text bundle
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile, hashlib' 2>/dev/null || skip "python3 not installed"

# mkbag ZIP TOP MANIFEST-NAME PAYLOAD-NAME [MACOSX]: a zip holding one bag
# in folder TOP with one payload file, listed in manifest-sha256.txt as
# MANIFEST-NAME; with MACOSX, Finder's __MACOSX/ entries beside it.
mkbag() {
	"$PY" - "$@" <<'PYEOF' || exit 99
import hashlib, sys, zipfile
dst, top, listed, name = sys.argv[1:5]
macosx = len(sys.argv) > 5
text = (b"Lamp oil prices climb in the valley\n\n"
        b"Lamp oil prices rose for a third week in the valley towns, traders said.\n")
manifest = "%s  data/%s\n" % (hashlib.sha256(text).hexdigest(), listed)
files = [("bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
         ("manifest-sha256.txt", manifest.encode()),
         ("data/" + name, text)]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for rel, data in files:
        z.writestr(top + "/" + rel, data)
    if macosx:
        z.writestr("__MACOSX/", b"")
        z.writestr("__MACOSX/" + top + "/._bagit.txt", b"\0\5\26\7resource fork")
        z.writestr("__MACOSX/" + top + "/data/._" + name, b"\0\5\26\7resource fork")
PYEOF
}

step "a bag zipped by macOS Finder: __MACOSX/ ignored with a note, the document read"
mkbag "$T/finder.zip" lamp-bag oil.txt oil.txt macosx
expect_ok -t text -o "$T/finder.txt" "$T/finder.zip"
assert_grep "Lamp oil prices rose for a third week" "$T/finder.txt"
assert_grep 'finder.zip: ignored 3 entries under __MACOSX/ (macOS Finder'"'"'s resource forks, no documents)' "$T/err"
assert_no_grep "no bagit.txt" "$T/err"

step "the same bag without __MACOSX/ reads alike, with no note"
mkbag "$T/plain.zip" lamp-bag oil.txt oil.txt
expect_ok -t text -o "$T/plain.txt" "$T/plain.zip"
assert_same "$T/plain.txt" "$T/finder.txt"
assert_no_grep "__MACOSX" "$T/err"

step "a literal %25 in a name the manifest does not percent-encode: refused with a hint"
mkbag "$T/pct.zip" pct-bag 'oil-100%25.txt' 'oil-100%25.txt'
expect_rc 1 -t text "$T/pct.zip"
assert_grep '"pct-bag/data/oil-100%25.txt" is in the bag but not in pct-bag/manifest-sha256.txt' "$T/err"
assert_grep 'the manifest lists "data/oil-100%.txt", which is this name with %25 decoded: a manifest must write a % in a name as %25 (RFC 8493, 2.1.3), which the tool that made this bag did not' "$T/err"

step "manifest lines ended by CR alone or by CR LF (RFC 8493 allows both) are read"
for eol in cr crlf; do
	"$PY" - "$T/$eol.zip" "$eol" <<'PYEOF' || exit 99
import hashlib, sys, zipfile
dst, eol = sys.argv[1], {"cr": "\r", "crlf": "\r\n"}[sys.argv[2]]
files = {"data/a.txt": b"Ferry fares rise\n\nFares rose on the night ferry, the board said.\n",
         "data/b.txt": b"Lamp oil prices climb\n\nLamp oil prices rose again, traders said.\n"}
manifest = "".join("%s  %s%s" % (hashlib.sha256(b).hexdigest(), p, eol) for p, b in sorted(files.items()))
with zipfile.ZipFile(dst, "w") as z:
    z.writestr("eolbag/bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    z.writestr("eolbag/manifest-sha256.txt", manifest.encode())
    for p, b in files.items():
        z.writestr("eolbag/" + p, b)
PYEOF
	expect_ok -q -t text -d "$T/$eol" "$T/$eol.zip"
	find "$T/$eol" -name "*.txt" -exec cat {} + >"$T/$eol.txt" 2>/dev/null || fail "no documents read from the $eol bag"
	assert_grep "Fares rose on the night ferry" "$T/$eol.txt"
	assert_grep "Lamp oil prices rose again" "$T/$eol.txt"
done

step "the same name percent-encoded in the manifest is read"
mkbag "$T/enc.zip" enc-bag 'oil-100%2525.txt' 'oil-100%25.txt'
expect_ok -t text -o "$T/enc.txt" "$T/enc.zip"
assert_grep "Lamp oil prices rose for a third week" "$T/enc.txt"

# Two payload files of one name in two folders, as an archive files them.
step "a document of a third-party bag keeps its path under data/ as doc_source and original"
"$PY" - "$T/deep.zip" <<'PYEOF' || exit 99
import hashlib, sys, zipfile
say = "\u201cWe cannot pay this,\u201d said Ana Brill, a farmer.\n"
files = {"data/market/2023/oil.txt": ("Lamp oil prices climb\n\n" + say).encode(),
         "data/market/2024/oil.txt": ("Lamp oil prices fall\n\n" + say).encode()}
manifest = "".join("%s  %s\n" % (hashlib.sha256(b).hexdigest(), p) for p, b in sorted(files.items()))
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("deep/bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    z.writestr("deep/manifest-sha256.txt", manifest.encode())
    for p, b in files.items():
        z.writestr("deep/" + p, b)
PYEOF
expect_ok -t csv -o "$T/deep.csv" "$T/deep.zip"
"$PY" -c 'import csv, sys
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    print(row["doc_title"] + "," + row["doc_source"])' "$T/deep.csv" >"$T/sources"
grep -qx "Lamp oil prices climb,market/2023/oil.txt" "$T/sources" || fail "doc_source of data/market/2023/oil.txt: $(cat "$T/sources")"
grep -qx "Lamp oil prices fall,market/2024/oil.txt" "$T/sources" || fail "doc_source of data/market/2024/oil.txt: $(cat "$T/sources")"
# Re-bagged, the originals keep their folders (as case 2 keeps an input's).
expect_ok -t bundle -o "$T/deep2.zip" "$T/deep.zip"
"$PY" -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' \
	"$T/deep2.zip" >"$T/names"
grep -qx "deep2/data/original/market/2023/oil.txt" "$T/names" || fail "re-bagged: $(cat "$T/names")"
grep -qx "deep2/data/original/market/2024/oil.txt" "$T/names" || fail "re-bagged: $(cat "$T/names")"
