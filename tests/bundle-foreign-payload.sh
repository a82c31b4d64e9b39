#!/bin/sh
# bundle-foreign-payload.sh: a bag another tool made is read whole (issue
# 18, case 1).  Its payload folders named tei/ or text/ are only folders:
# the choice of one representation (data/tei, else data/text, ...) is for
# bags corpusconv wrote, which it knows by its own tag file corpusconv.txt.
# Every payload file of a foreign bag is converted or named in a warning.
. "$TOP_SRCDIR/tests/lib.sh"
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile, hashlib' 2>/dev/null || skip "python3 not installed"

# mkbag DIR: a bag folder DIR, as a BagIt tool writes it, holding
# data/tei/ferry.xml (TEI), data/texts/article.txt (text) and
# data/scan.pdf (no reader), with sha256 and sha512 manifests.
mkbag() {
	"$PY" - "$1" <<'PYEOF' || exit 99
import hashlib, os, sys
bag = sys.argv[1]
tei = b"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>Ferry timetable changes at Wrenport</title></titleStmt>
<publicationStmt><p>Harbour Gazette</p></publicationStmt>
<sourceDesc><p>typed in</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>The Wrenport ferry will leave at half past six from Monday.</p>
<p>&#x201C;We need the extra crossing for the school run,&#x201D; said Mara Quill, the harbour master.</p></body></text></TEI>
"""
txt = (b"Orchard growers count the frost damage\n\n"
       b"Apple growers on the Tallis ridge lost a third of their blossom to the late frost.\n\n"
       b"\"It was the worst night in twenty years,\" said Ivo Brandt, who farms near Tallis.\n")
pdf = b"%PDF-1.4\n% not a real scan\n"
files = {"data/tei/ferry.xml": tei, "data/texts/article.txt": txt, "data/scan.pdf": pdf}
for rel, data in files.items():
    os.makedirs(os.path.dirname(os.path.join(bag, rel)), exist_ok=True)
    open(os.path.join(bag, rel), "wb").write(data)
open(os.path.join(bag, "bagit.txt"), "wb").write(
    b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
open(os.path.join(bag, "bag-info.txt"), "wb").write(
    b"Source-Organization: Harbour Gazette archive\n")
for alg in ("sha256", "sha512"):
    with open(os.path.join(bag, "manifest-%s.txt" % alg), "w") as m:
        for rel in sorted(files):
            m.write("%s  %s\n" % (hashlib.new(alg, files[rel]).hexdigest(), rel))
PYEOF
}

check_read() { # WHAT INPUT
	step "$1: both documents read, the scan named in a warning"
	expect_ok -t csv -o "$T/out.csv" "$2"
	assert_grep "We need the extra crossing for the school run" "$T/out.csv"
	assert_grep "It was the worst night in twenty years" "$T/out.csv"
	assert_grep 'skipping "' "$T/err"
	assert_grep 'data/scan.pdf": no reader for it' "$T/err"
	expect_ok -t tei -o "$T/out.xml" "$2"
	assert_grep "The Wrenport ferry will leave at half past six" "$T/out.xml"
	assert_grep "lost a third of their blossom" "$T/out.xml"
}

mkbag "$T/harbour"
check_read "a foreign bag folder with a tei/ payload folder" "$T/harbour"
(cd "$T" && "$PY" -c 'import shutil; shutil.make_archive("harbour", "zip", ".", "harbour")') || exit 99
check_read "the same bag zipped" "$T/harbour.zip"

step "a bag corpusconv wrote still reads one representation, each document once"
expect_ok -f text -t bundle --bagging-date 2026-01-02 -o "$T/own.zip" "$T/harbour/data/texts/article.txt"
expect_ok -t csv -o "$T/own.csv" "$T/own.zip"
n=$(grep -c "It was the worst night in twenty years" "$T/own.csv")
[ "$n" -eq 1 ] || fail "own.csv has the statement $n times, not once"
expect_ok -t tei -o "$T/own.xml" "$T/own.zip"
n=$(grep -c "lost a third of their blossom" "$T/own.xml")
[ "$n" -eq 1 ] || fail "own.zip gave its document $n times, not once"
assert_no_grep "skipping" "$T/err"
