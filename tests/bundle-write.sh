#!/bin/sh
# bundle-write.sh: what the bundle writer puts in a bag, checked with
# unzip and sha512sum, not with corpusconv: bag-info.txt has Bagging-Date,
# Payload-Oxum (matching the payload), Bag-Software-Agent and every
# --bag-info line; --manifest sha256,sha512 adds sha512 manifests that
# verify; a malformed --bag-info line (exit 2) or an unknown algorithm is
# refused;
# the same input and options give the same zip bytes, run after run and
# whatever the time zone (TZ=UTC, Asia/Seoul, America/Los_Angeles,
# Pacific/Kiritimati), with --bagging-date or SOURCE_DATE_EPOCH.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv bundle statements

command -v unzip >/dev/null 2>&1 || skip "unzip not installed"
command -v sha512sum >/dev/null 2>&1 || skip "sha512sum not installed"
D=2024-05-01

mkdir "$T/in" "$T/x"
cp "$SAMPLES/port-strike.txt" "$SAMPLES/council-vote.txt" "$T/in/" || exit 99
IN="$T/in/port-strike.txt $T/in/council-vote.txt"
ORG="Source-Organization: Example Press Archive"
DESC="External-Description: Two articles of the demo corpus"
CONTACT="Contact-Name: Ana Ruiz"

step "a bag with sha256 and sha512 manifests and three --bag-info lines"
expect_ok -f text -t bundle --bagging-date $D --manifest sha256,sha512 \
	--bag-info "$ORG" --bag-info "$DESC" --bag-info "$CONTACT" \
	-o "$T/news.zip" $IN
(cd "$T/x" && unzip -q "$T/news.zip") || fail "unzip failed"
B="$T/x/news"

step "bag-info.txt: Bagging-Date, Payload-Oxum, Bag-Software-Agent, the user's lines"
assert_grep "Bagging-Date: 2024-05-01" "$B/bag-info.txt"
grep -q "^Bag-Software-Agent: corpusconv [0-9][0-9.]*\$" "$B/bag-info.txt" ||
	fail "no Bag-Software-Agent line"
assert_grep "$ORG" "$B/bag-info.txt"
assert_grep "$DESC" "$B/bag-info.txt"
assert_grep "$CONTACT" "$B/bag-info.txt"
bytes=$(cd "$B" && find data -type f -exec cat {} + | wc -c | tr -d ' ')
files=$(cd "$B" && find data -type f | wc -l | tr -d ' ')
[ "$files" -eq 7 ] || fail "want 7 payload files (2 x original, tei, text + csv), have $files"
grep -q "^Payload-Oxum: $bytes\\.$files\$" "$B/bag-info.txt" ||
	{ cat "$B/bag-info.txt" >&2; fail "Payload-Oxum is not $bytes.$files"; }

step "sha512 manifests list every file and verify"
[ -f "$B/manifest-sha512.txt" ] && [ -f "$B/tagmanifest-sha512.txt" ] ||
	fail "no sha512 manifests"
(cd "$B" && sha512sum --quiet -c manifest-sha512.txt) || fail "manifest-sha512.txt does not verify"
(cd "$B" && sha512sum --quiet -c tagmanifest-sha512.txt) || fail "tagmanifest-sha512.txt does not verify"
[ "$(wc -l <"$B/manifest-sha512.txt")" -eq 7 ] || fail "manifest-sha512.txt does not list 7 files"
grep -q "^[0-9a-f]\{128\}  manifest-sha256.txt\$" "$B/tagmanifest-sha512.txt" ||
	fail "tagmanifest-sha512.txt does not list manifest-sha256.txt"
grep -q "^[0-9a-f]\{128\}  manifest-sha512.txt\$" "$B/tagmanifest-sha512.txt" ||
	fail "tagmanifest-sha512.txt does not list manifest-sha512.txt"

step "the bag reads back"
expect_ok -t csv -o "$T/back.csv" "$T/news.zip"
assert_no_grep "warning:" "$T/err"

step "a --bag-info line that is not 'Label: Value': refused (usage error)"
expect_rc 2 -f text -t bundle --bagging-date $D --bag-info "no colon here" \
	-o "$T/bad.zip" "$T/in/port-strike.txt"
assert_grep "no colon here" "$T/err"
[ ! -e "$T/bad.zip" ] || fail "a refused bag was left behind"

step "an unknown manifest algorithm: a usage error, before any conversion"
expect_rc 2 -f text -t bundle --bagging-date $D --manifest sha256,crc32 \
	-o "$T/bad.zip" "$T/in/port-strike.txt"
assert_grep "--manifest sha256,crc32: 'crc32' is not among sha256, sha512" "$T/err"
[ ! -e "$T/bad.zip" ] || fail "a bundle written with an unknown manifest algorithm"
expect_rc 2 -f text -t bundle --manifest md5 -o "$T/bad.zip" "$T/in/port-strike.txt"
assert_grep "'md5' is not among sha256, sha512" "$T/err"

# bag TZ DIR [ARGS...]: the bag of $IN written under TZ into DIR/news.zip.
bag() {
	z=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	TZ=$z "$CORPUSCONV" -f text -t bundle --manifest sha256,sha512 \
		--bag-info "$ORG" "$@" -o "$dir/news.zip" $IN >"$T/out" 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "writing the bag under TZ=$z failed"; }
}

step "the same input and options: the same bytes, run after run"
bag UTC "$T/r1" --bagging-date $D
bag UTC "$T/r2" --bagging-date $D
assert_same "$T/r1/news.zip" "$T/r2/news.zip"

step "the same bytes in every time zone"
for z in Asia/Seoul America/Los_Angeles Pacific/Kiritimati; do
	bag "$z" "$T/tz-$(echo $z | tr / _)" --bagging-date $D
	assert_same "$T/r1/news.zip" "$T/tz-$(echo $z | tr / _)/news.zip"
done

step "SOURCE_DATE_EPOCH fixes the date: the same bytes in every time zone"
# 2024-05-01 23:30 UTC is already 2024-05-02 in Seoul: the date is UTC's.
SOURCE_DATE_EPOCH=1714606200 bag UTC "$T/sde-utc"
SOURCE_DATE_EPOCH=1714606200 bag Asia/Seoul "$T/sde-seoul"
assert_same "$T/sde-utc/news.zip" "$T/sde-seoul/news.zip"
unzip -p "$T/sde-seoul/news.zip" news/bag-info.txt >"$T/info"
assert_grep "Bagging-Date: 2024-05-01" "$T/info"
