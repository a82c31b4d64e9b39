#!/bin/sh
# bundle-manifest-bom.sh: a UTF-8 byte order mark at the start of a
# manifest, or of corpusconv.txt (parsed a read at a time as well), is
# dropped however the reads of the streamed bag split it (issue 18).
# The manifest is parsed a read at a time, and the mark was looked for
# only in a first read of 3 bytes or more: a first read of 1 or 2 bytes
# (which POSIX allows, and a signal or a network file system gives) left
# it on the first line, refused as "not a manifest line".
# tests/interpose.c makes the first read of the manifest of a bag folder
# short, and logs each read it shortens, which the test checks happened;
# a bag folder's files are read with read(2), and so is any streamed
# file.  (A zip's entries come through libarchive, which hands
# over what it has gathered, so no zip could be laid out to split them.)
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text bundle
[ -n "${PYTHON3:-}" ] || skip "no python3 to make the bags"
need_interposer

"$PYTHON3" "$TOP_SRCDIR/tests/mkbag.py" --folder --bom "$T/bag" || exit 99
"$PYTHON3" "$TOP_SRCDIR/tests/mkbag.py" --folder "$T/plain" || exit 99

# shorten N BAG: read BAG with the manifest's first read cut to N bytes,
# status in $rc; fails unless the interposer says that read gave N bytes.
shorten() {
	rm -f "$T/short.log"
	LD_PRELOAD=$SHIM CC_INTERPOSE_SHORT=manifest-sha256.txt CC_INTERPOSE_SHORT_BYTES=$1 \
		CC_INTERPOSE_SHORT_LOG="$T/short.log" "$CORPUSCONV" -t text "$2" >"$T/out" 2>"$T/err"
	rc=$?
	[ -f "$T/short.log" ] || fail "no read of $2's manifest was shortened"
	grep -qx "short read $(cd "$2" && pwd -P)/manifest-sha256.txt: [0-9]* bytes asked, $1 allowed, $1 returned" \
		"$T/short.log" || fail "the manifest's first read did not give $1 byte(s): $(cat "$T/short.log")"
}
# short N BAG: as shorten, and the bag must convert.
short() {
	shorten "$@"
	[ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "a first read of $1 byte(s) of $2's manifest: exit $rc"; }
}

for n in 1 2 3 4; do
	step "the manifest's first read gives $n byte(s): the mark is dropped"
	short "$n" "$T/bag"
	assert_grep 'The chair said "we will meet again in May,"' "$T/out"
	assert_no_grep 'not "sha256-digest path"' "$T/err"
done

step "a manifest without a mark, read the same way, is read as it is"
for n in 1 2; do
	short "$n" "$T/plain"
	assert_grep 'The chair said' "$T/out"
done

step "a manifest that starts like a mark and is not one is refused, its bytes kept"
printf '\357\273' | cat - "$T/plain/manifest-sha256.txt" >"$T/m" &&
	mv "$T/m" "$T/plain/manifest-sha256.txt" || exit 99
shorten 1 "$T/plain"
[ "$rc" -eq 1 ] || fail "a manifest starting with half a mark was read"
assert_grep 'manifest-sha256.txt line 1: not "sha256-digest path"' "$T/err"

step "corpusconv.txt, read a line at a time the same way: its mark is dropped too"
# The reader indexes corpusconv.txt as it checks it, a read at a time
# (tag_streamed): a mark split between reads must not stay on the first
# stem, which would leave that document without its original.  The bag
# written again from the folder must be the bag the folder was made from.
mkdir "$T/arts" || exit 99
printf 'Harbour notice\n\nThe harbour reopens on Monday, the port office said.\n' \
	>"$T/arts/notice.txt" || exit 99
"$CORPUSCONV" -q -t bundle --bagging-date 2024-05-01 -o "$T/news.zip" "$T/arts" ||
	fail "cannot write the bundle"
"$PYTHON3" - "$T/news.zip" "$T/news" <<'EOF' || fail "cannot unpack the bundle with a mark"
import hashlib, os, sys, zipfile
z, out = zipfile.ZipFile(sys.argv[1]), sys.argv[2]
data = {n.split("/", 1)[1]: z.read(n) for n in z.namelist()}
data["corpusconv.txt"] = b"\xef\xbb\xbf" + data["corpusconv.txt"]
for algo in ("sha256", "sha512"):
    name = "tagmanifest-%s.txt" % algo
    paths = [line.split("  ", 1)[1] for line in data[name].decode().splitlines()]
    data[name] = "".join("%s  %s\n" % (hashlib.new(algo, data[p]).hexdigest(), p)
                         for p in paths).encode()
for rel, body in data.items():
    os.makedirs(os.path.dirname(os.path.join(out, rel)), exist_ok=True)
    with open(os.path.join(out, rel), "wb") as f:
        f.write(body)
EOF
for n in 1 2; do
	rm -f "$T/short.log"
	mkdir "$T/re-$n" || exit 99
	LD_PRELOAD=$SHIM CC_INTERPOSE_SHORT=corpusconv.txt CC_INTERPOSE_SHORT_BYTES=$n \
		CC_INTERPOSE_SHORT_LOG="$T/short.log" "$CORPUSCONV" -q -t bundle \
		--bagging-date 2024-05-01 -o "$T/re-$n/news.zip" "$T/news" 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "the folder with a first read of $n byte(s) of corpusconv.txt was not read"; }
	grep -qx "short read $(cd "$T/news" && pwd -P)/corpusconv.txt: [0-9]* bytes asked, $n allowed, $n returned" \
		"$T/short.log" || fail "corpusconv.txt's first read did not give $n byte(s): $(cat "$T/short.log")"
	assert_same "$T/news.zip" "$T/re-$n/news.zip"
done
exit 0
