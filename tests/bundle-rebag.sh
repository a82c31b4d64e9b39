#!/bin/sh
# bundle-rebag.sh: re-bagging loses nothing of the bag (issue 18, case 5).
#  - a bag another tool made, bagged again by corpusconv, keeps its
#    bag-info.txt fields (Source-Organization, External-Description, two
#    Contact-Name lines), with Bagging-Date, Payload-Oxum and
#    Bag-Software-Agent the new bag's own; so does a bag of that bag; a
#    --bag-info line of the same label replaces the carried one;
#  - a corpusconv bag unpacked, saved again by bagit-python (given as
#    BAGIT_PYTHON, a command that runs bagit.py, or `import bagit`) and
#    zipped again in another order gives the same rows in the same order.
. "$TOP_SRCDIR/tests/lib.sh"
command -v unzip >/dev/null 2>&1 || skip "unzip not installed"
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile, hashlib' 2>/dev/null || skip "python3 not installed"
D=2024-05-01

mkdir -p "$T/kiln/data" || exit 99
cat >"$T/kiln/data/kiln.txt" <<'EOT' || exit 99
Pottery kiln fired again after forty years

The old kiln at Marsh End was fired on Saturday for the first time since 1984.

"We had to relearn how hot it runs," said Nell Vance, who restored it.
EOT
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$T/kiln/bagit.txt"
cat >"$T/kiln/bag-info.txt" <<'EOT' || exit 99
Source-Organization: Marsh End Historical Society
External-Description: Clippings about the kiln,
  collected by volunteers
Contact-Name: Nell Vance
Contact-Name: Arlo Finch
Bagging-Date: 2019-02-03
Payload-Oxum: 1.1
Bag-Software-Agent: some other tool 0.1
EOT
sz=$(wc -c <"$T/kiln/data/kiln.txt" | tr -d ' ')
sed -i "s/^Payload-Oxum: .*/Payload-Oxum: $sz.1/" "$T/kiln/bag-info.txt"
(cd "$T/kiln" && sha256sum data/kiln.txt >manifest-sha256.txt) || exit 99

# info ZIP: the zip's bag-info.txt, into $T/info.
info() {
	unzip -Z1 "$1" | grep '/bag-info.txt$' >"$T/name" || fail "no bag-info.txt in $1"
	unzip -p "$1" "$(cat "$T/name")" >"$T/info" || exit 99
}
# carried: $T/info holds the fields of the kiln bag and the new bag's own.
carried() {
	assert_grep "Source-Organization: Marsh End Historical Society" "$T/info"
	assert_grep "External-Description: Clippings about the kiln, collected by volunteers" "$T/info"
	assert_grep "Contact-Name: Nell Vance" "$T/info"
	assert_grep "Contact-Name: Arlo Finch" "$T/info"
	assert_grep "Bagging-Date: $D" "$T/info"
	assert_no_grep "2019-02-03" "$T/info"
	assert_no_grep "some other tool" "$T/info"
	[ "$(grep -c '^Payload-Oxum:' "$T/info")" -eq 1 ] || fail "Payload-Oxum is not given once"
}

step "a foreign bag bagged again keeps its bag-info fields; its own are the new bag's"
expect_ok -t bundle --bagging-date $D -o "$T/re.zip" "$T/kiln"
info "$T/re.zip"
carried

step "a bag of that bag keeps them too, each once"
expect_ok -t bundle --bagging-date $D -o "$T/re2.zip" "$T/re.zip"
info "$T/re2.zip"
carried
[ "$(grep -c '^Source-Organization:' "$T/info")" -eq 1 ] || fail "Source-Organization twice"

step "a --bag-info line of the same label replaces the carried field"
expect_ok -t bundle --bagging-date $D --bag-info "Contact-Name: Ida Moss" -o "$T/re3.zip" "$T/kiln"
info "$T/re3.zip"
assert_grep "Contact-Name: Ida Moss" "$T/info"
assert_no_grep "Nell Vance" "$T/info"
assert_grep "Source-Organization: Marsh End Historical Society" "$T/info"

# bagit-python: importable, or its package folder given as BAGIT_PYTHONPATH.
if [ -n "${BAGIT_PYTHONPATH:-}" ]; then
	PYTHONPATH=$BAGIT_PYTHONPATH${PYTHONPATH:+:$PYTHONPATH}
	export PYTHONPATH
fi
"$PY" -c 'import bagit' 2>/dev/null || {
	echo "bagit-python not found (set BAGIT_PYTHONPATH): its re-save is not tried"
	exit 0
}

step "a corpusconv bag saved again by bagit-python and zipped in another order: the same rows"
mkdir "$T/in" && cp "$SAMPLES"/*.txt "$T/in/" || exit 99
expect_ok -f text -t bundle --bagging-date $D -o "$T/news.zip" "$T/in"
expect_ok -t csv -o "$T/news.csv" "$T/news.zip"
mkdir "$T/u" && (cd "$T/u" && unzip -q "$T/news.zip") || exit 99
"$PY" - "$T/u" <<'PYEOF' || fail "bagit-python cannot save the bag, or the zip cannot be made"
import os, sys, zipfile, bagit
top = sys.argv[1]
bag = bagit.Bag(os.path.join(top, "news"))
bag.save(manifests=True)
bag.validate()
names = []
for root, dirs, files in os.walk(os.path.join(top, "news")):
    names += [os.path.relpath(os.path.join(root, f), top) for f in files]
with zipfile.ZipFile(os.path.join(top, "resaved.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(names, reverse=True):
        z.write(os.path.join(top, n), n)
PYEOF
expect_ok -t csv -o "$T/resaved.csv" "$T/u/resaved.zip"
assert_same "$T/news.csv" "$T/resaved.csv"
expect_ok -t csv -o "$T/folder.csv" "$T/u/news"
assert_same "$T/news.csv" "$T/folder.csv"
