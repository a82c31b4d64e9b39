#!/bin/sh
# bundle-manifests.sh: which manifests a bundle gets (issue 18).  RFC 8493
# names SHA-256 and SHA-512 as the algorithms every tool must support, and
# bagit-python writes both by default; so does corpusconv.  --manifest
# names the algorithms to write, and writes only those.  Each set is
# checked with sha256sum / sha512sum, and with bagit-python when `import
# bagit` works (BAGIT_PYTHONPATH may name the folder that holds it).
. "$TOP_SRCDIR/tests/lib.sh"
command -v unzip >/dev/null 2>&1 || skip "unzip not installed"
command -v sha512sum >/dev/null 2>&1 || skip "sha512sum not installed"
D=2024-05-01
PY=${PYTHON3:-python3}
# bagit-python: importable, or its package folder given as BAGIT_PYTHONPATH.
if [ -n "${BAGIT_PYTHONPATH:-}" ]; then
	PYTHONPATH=$BAGIT_PYTHONPATH${PYTHONPATH:+:$PYTHONPATH}
	export PYTHONPATH
fi
if "$PY" -c 'import bagit' 2>/dev/null; then
	VALIDATE=1
else
	VALIDATE=
	echo "bagit-python not found (set BAGIT_PYTHONPATH): checked with sha*sum only"
fi
mkdir "$T/in" || exit 99
cp "$SAMPLES/port-strike.txt" "$SAMPLES/council-vote.txt" "$T/in/" || exit 99

# bag NAME [ARGS...]: $T/NAME.zip of the two inputs, unzipped in $T/NAME/.
bag() {
	name=$1
	shift
	expect_ok -f text -t bundle --bagging-date $D "$@" -o "$T/$name.zip" "$T/in"
	mkdir "$T/u-$name" && (cd "$T/u-$name" && unzip -q "$T/$name.zip") ||
		fail "cannot unzip $name.zip"
	B="$T/u-$name/$name"
}
# has ALGS: the bag $B holds manifests and tag manifests of exactly ALGS,
# and they verify.
has() {
	ls "$B" | grep manifest >"$T/have"
	: >"$T/want"
	for a in $1; do printf 'manifest-%s.txt\n' "$a" >>"$T/want"; done
	for a in $1; do printf 'tagmanifest-%s.txt\n' "$a" >>"$T/want"; done
	LC_ALL=C sort -o "$T/want" "$T/want"
	LC_ALL=C sort -o "$T/have" "$T/have"
	assert_same "$T/want" "$T/have"
	for a in $1; do
		(cd "$B" && ${a}sum --quiet -c manifest-$a.txt tagmanifest-$a.txt) ||
			fail "the $a manifests of $B do not verify"
		for m in $1; do
			grep -q "  manifest-$m.txt\$" "$B/tagmanifest-$a.txt" ||
				fail "tagmanifest-$a.txt does not list manifest-$m.txt"
		done
	done
	if [ -n "$VALIDATE" ]; then
		"$PY" -c 'import sys, bagit; bagit.Bag(sys.argv[1]).validate()' "$B" >"$T/bagit.log" 2>&1 ||
			{ cat "$T/bagit.log" >&2; fail "bagit-python finds $B invalid"; }
	fi
	expect_ok -t csv -o "$T/back.csv" "$T/$name.zip"
	assert_no_grep "warning:" "$T/err"
}

step "by default: sha256 and sha512 manifests and tag manifests"
bag both
has "sha256 sha512"

step "--manifest sha512: sha512 only"
bag only512 --manifest sha512
has "sha512"

step "--manifest sha256: sha256 only"
bag only256 --manifest sha256
has "sha256"

step "--manifest sha512,sha256: both, in one order whatever the order named"
bag named --manifest sha512,sha256
has "sha256 sha512"
unzip -Z1 "$T/named.zip" | sed 's|^named/||' >"$T/named.list"
unzip -Z1 "$T/both.zip" | sed 's|^both/||' >"$T/both.list"
assert_same "$T/both.list" "$T/named.list"

step "an algorithm other than sha256 and sha512: refused"
expect_rc 2 -f text -t bundle --manifest md5 -o "$T/bad.zip" "$T/in"
assert_grep "'md5' is not among sha256, sha512" "$T/err"
