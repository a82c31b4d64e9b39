#!/bin/sh
# bundle-max-bundle-manifests.sh: with --set max-bundle=SIZE, a
# manifest's bytes count against the limit as the manifest is read
# (issue 18).  Manifests are read in a pass of their own, before the
# fixity pass that checked the limit, and that pass parsed every line of
# a manifest of any size unchecked.  A bag whose payload is well under
# the limit but whose manifest pushes it over is refused with a message
# naming the manifest, before the manifest is parsed past the limit: the
# line at its end that is not a manifest line is never reached.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text bundle
[ -n "${PYTHON3:-}" ] || skip "no python3 to make the bags"

"$PYTHON3" "$TOP_SRCDIR/tests/mkbag.py" "$T/small.zip" || exit 99
"$PYTHON3" "$TOP_SRCDIR/tests/mkbag.py" "$T/big.zip" --extra 3000 --bad-line || exit 99

step "the payload and a one-line manifest are under 64K: read"
expect_ok -t text -o "$T/small.txt" --set max-bundle=64K "$T/small.zip"
assert_grep 'The chair said' "$T/small.txt"

step "the same payload with a manifest of 3,001 lines (about 270 KB): refused, naming it"
expect_rc 1 -t text -o "$T/big.txt" --set max-bundle=64K "$T/big.zip"
assert_grep 'the files unpack to more than max-bundle (65536 bytes): refused at "manifest-sha256.txt"' "$T/err"
assert_no_grep 'not "sha256-digest path"' "$T/err"
[ ! -e "$T/big.txt" ] || fail "an output was written from a refused bag"

step "without the limit the same bag is parsed through, and its bad line found"
expect_rc 1 -t text -o "$T/big.txt" "$T/big.zip"
assert_grep 'manifest-sha256.txt line 3002: not "sha256-digest path"' "$T/err"
exit 0
