#!/bin/sh
# bundle-conformance.sh: the Library of Congress BagIt conformance suite
# (../shared/bagit-conformance), each bag zipped here with python3: every
# "valid" bag reads (exit 0), every "invalid" and "linux-only" bag is
# refused (exit 1).  Tag files in encodings other than UTF-8 are not
# supported and must be refused with a message saying so.
. "$TOP_SRCDIR/tests/lib.sh"

SUITE="${SHARED_DIR:-}/bagit-conformance"
[ -d "$SUITE/v1.0/valid" ] || skip "bagit-conformance not found at $SUITE"
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile' 2>/dev/null || skip "python3 not installed"

# zipbag DIR ZIP: DIR's files under one top folder, in sorted order.
zipbag() {
	"$PY" - "$1" "$2" <<'EOF' || exit 99
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
top = os.path.basename(src)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            z.write(p, top + "/" + os.path.relpath(p, src))
EOF
}

n=0
for dir in "$SUITE"/v*/valid/* "$SUITE"/v*/invalid/* "$SUITE"/v*/linux-only/*; do
	[ -d "$dir" ] || continue
	case $dir in
	*/valid/*-encoded-tag-files) want=1 ;;
	*/valid/*) want=0 ;;
	*) want=1 ;;
	esac
	name=$(echo "${dir#"$SUITE"/}" | tr / _)
	zipbag "$dir" "$T/$name.zip"
	step "$name: exit $want"
	expect_rc $want -f bundle -t csv -o "$T/$name.csv" "$T/$name.zip"
	case $dir in
	*/valid/*-encoded-tag-files) assert_grep "is not supported" "$T/err" ;;
	*/valid/*) ;;
	*) assert_grep "$name.zip" "$T/err" ;;
	esac
	n=$((n + 1))
done
[ $n -gt 20 ] || fail "only $n bags found in $SUITE"
