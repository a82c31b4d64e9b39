#!/bin/sh
# bundle-fixity.sh: a bag whose payload does not match its manifests is
# refused, with a message naming the input, the file and both digests:
# one payload byte changed, a payload file missing, a payload file not in
# the manifest, a tag file changed, a wrong Payload-Oxum.  Nothing of a
# refused bag reaches the output.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv bundle statements

command -v unzip >/dev/null 2>&1 || skip "unzip not installed"
command -v sha256sum >/dev/null 2>&1 || skip "sha256sum not installed"
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile' 2>/dev/null || skip "python3 not installed"

# rezip IN OUT OP...: copies a zip entry by entry, applying each OP:
#   flip:NAME      changes the first byte of entry NAME
#   drop:NAME      leaves NAME out
#   add:NAME=TEXT  adds an entry
#   set:NAME=TEXT  replaces NAME's bytes
#   fixtags        recomputes tagmanifest-sha256.txt for the new tag files
cat >"$T/rezip.py" <<'EOF'
import hashlib, sys, zipfile
src, dst, ops = sys.argv[1], sys.argv[2], sys.argv[3:]
zin = zipfile.ZipFile(src)
entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
for op in ops:
    kind, _, arg = op.partition(":")
    if kind == "flip":
        entries = [(n, bytes([d[0] ^ 1]) + d[1:] if n == arg else d)
                   for n, d in entries]
    elif kind == "drop":
        entries = [(n, d) for n, d in entries if n != arg]
    elif kind in ("add", "set"):
        name, _, text = arg.partition("=")
        if kind == "add":
            entries.append((name, text.encode()))
        else:
            entries = [(n, text.encode() if n == name else d) for n, d in entries]
    elif kind == "fixtags":
        files = dict(entries)
        tm = [n for n in files if n.endswith("/tagmanifest-sha256.txt")][0]
        top = tm[: -len("tagmanifest-sha256.txt")]
        lines = []
        for line in files[tm].decode().splitlines():
            path = line.split("  ", 1)[1]
            lines.append(hashlib.sha256(files[top + path]).hexdigest() + "  " + path)
        entries = [(n, ("\n".join(lines) + "\n").encode() if n == tm else d)
                   for n, d in entries]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for n, d in entries:
        zout.writestr(n, d)
EOF
rezip() { "$PY" "$T/rezip.py" "$@" || exit 99; }

mkdir "$T/in" "$T/o"
cp "$SAMPLES/port-strike.txt" "$T/in/" || exit 99
# sha256 manifests only: fixtags recomputes the one tag manifest.
expect_ok -f text -t bundle --bagging-date 2024-05-01 --manifest sha256 -o "$T/bag.zip" \
	"$T/in/port-strike.txt"
TXT=bag/data/text/port-strike.txt

step "control: the bag copied entry by entry still reads"
rezip "$T/bag.zip" "$T/copy.zip"
expect_ok -t csv -o "$T/o/copy.csv" "$T/copy.zip"
assert_grep "port-strike" "$T/o/copy.csv"

step "one payload byte changed: refused, naming the file and both digests"
rezip "$T/bag.zip" "$T/flipped.zip" "flip:$TXT"
want=$(unzip -p "$T/bag.zip" "$TXT" | sha256sum | cut -c1-64)
have=$(unzip -p "$T/flipped.zip" "$TXT" | sha256sum | cut -c1-64)
[ "$want" != "$have" ] || exit 99
expect_rc 1 -t csv -o "$T/o/flipped.csv" "$T/flipped.zip"
assert_grep "flipped.zip" "$T/err"
assert_grep "$TXT" "$T/err"
assert_grep "$want" "$T/err"
assert_grep "$have" "$T/err"
if [ -f "$T/o/flipped.csv" ]; then
	assert_no_grep "port-strike" "$T/o/flipped.csv"
fi

step "a payload file missing: refused, naming it"
rezip "$T/bag.zip" "$T/missing.zip" "drop:$TXT"
expect_rc 1 -t csv -o "$T/o/missing.csv" "$T/missing.zip"
assert_grep "missing.zip" "$T/err"
assert_grep "$TXT" "$T/err"
assert_grep "manifest-sha256.txt" "$T/err"

step "a payload file no manifest lists: refused, naming it"
rezip "$T/bag.zip" "$T/extra.zip" "add:bag/data/text/extra.txt=Not in any manifest."
expect_rc 1 -t csv -o "$T/o/extra.csv" "$T/extra.zip"
assert_grep "extra.zip" "$T/err"
assert_grep "bag/data/text/extra.txt" "$T/err"

step "a tag file changed: refused by the tag manifest"
rezip "$T/bag.zip" "$T/tag.zip" "set:bag/bag-info.txt=Contact-Name: Somebody Else"
expect_rc 1 -t csv -o "$T/o/tag.csv" "$T/tag.zip"
assert_grep "bag/bag-info.txt" "$T/err"
assert_grep "tagmanifest-sha256.txt" "$T/err"

step "a wrong Payload-Oxum: refused"
info=$(unzip -p "$T/bag.zip" bag/bag-info.txt | sed 's/^Payload-Oxum: .*/Payload-Oxum: 1.1/')
rezip "$T/bag.zip" "$T/oxum.zip" "set:bag/bag-info.txt=$info" fixtags
expect_rc 1 -t csv -o "$T/o/oxum.csv" "$T/oxum.zip"
assert_grep "Payload-Oxum" "$T/err"

step "an unsupported BagIt version: refused"
rezip "$T/bag.zip" "$T/version.zip" \
	"set:bag/bagit.txt=BagIt-Version: 2.0
Tag-File-Character-Encoding: UTF-8
" fixtags
expect_rc 1 -t csv -o "$T/o/version.csv" "$T/version.zip"
assert_grep "BagIt version" "$T/err"

step "a manifest path leaving the bag: refused"
m=$(unzip -p "$T/bag.zip" bag/manifest-sha256.txt; printf '%064d  data/../../evil.txt' 0)
rezip "$T/bag.zip" "$T/scope.zip" "set:bag/manifest-sha256.txt=$m" fixtags
expect_rc 1 -t csv -o "$T/o/scope.csv" "$T/scope.zip"
assert_grep "data/../../evil.txt" "$T/err"
