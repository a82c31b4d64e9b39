#!/bin/sh
# bundle-memory.sh: reading a bag streams it (issue 18, case 8).  A bag of
# 16 times the documents must read within 1.5 times the peak memory of the
# small one, plus 256 bytes a file for the index of the manifests: the
# zip is read from the file in passes, never loaded, and one document and
# its original are held at a time.  Peak memory is the resident set the
# kernel reports for the finished process (getrusage), compared between
# two runs of this test, never against a fixed figure.  The 256 bytes are
# held on their own too: what the big run takes over the small one,
# divided by the files it has more, must be at most 256 bytes a file (plus
# RSS_NOISE, the resident set's own noise, now none: see there).  Reading a
# bag with two manifests took some 410 bytes a file before pass 1 learnt
# to compare the zip's two readings (libarchive's seekable reader holds
# 144 bytes an entry for its central directory while it walks).  A
# bundle corpusconv wrote then took 233 to 255 (268 in make bench), until
# pass 1 indexed the names after that walk, not beside it, corpusconv.txt
# was indexed as it was read, into 32-bit numbered arrays, the two
# manifests kept one copy of their paths, and what each pass freed was
# given back before the next: some 190 to 200 since, and a third-party
# bag some 155 to 195 (224 before).
#
# AddressSanitizer keeps freed memory in quarantine and shadows all of it,
# so a sanitizer build's peak says nothing about the reader's: the plain
# build runs this test.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins bundle text jsonl
[ "${SANITIZERS:-no}" = yes ] &&
	skip "sanitizer build: ASan's quarantine and shadow memory hide the reader's peak (the plain build runs this)"
PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile, hashlib' 2>/dev/null || skip "python3 not installed"
N=500

# bag DOCS ZIP: a bag as another tool makes one (sha256 and sha512
# manifests, a tag manifest, Payload-Oxum), DOCS small text files in
# folders of 1,000 under data/, zipped in a top folder.
bag() {
	"$PY" - "$@" <<'PYEOF' || fail "cannot make the bag $2"
import hashlib, sys, zipfile
n, path = int(sys.argv[1]), sys.argv[2]
files = {}
for i in range(n):
    files["data/box-%03d/letter-%06d.txt" % (i // 1000, i)] = (
        "Ferry timetable changes %d\n\nThe ferry to the islands leaves "
        "at %d minutes past the hour from Monday.\n" % (i, i % 60)).encode()
def manifest(algo, items):
    return "".join("%s  %s\n" % (hashlib.new(algo, b).hexdigest(), p)
                   for p, b in sorted(items.items())).encode()
tags = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": ("Payload-Oxum: %d.%d\n" % (sum(map(len, files.values())), n)).encode(),
        "manifest-sha256.txt": manifest("sha256", files),
        "manifest-sha512.txt": manifest("sha512", files)}
tags["tagmanifest-sha256.txt"] = manifest("sha256", tags)
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in list(tags.items()) + sorted(files.items()):
        z.writestr("letters/" + name, data)
PYEOF
}

# peak ARGS...: the peak resident set in KiB of corpusconv -q ARGS, which
# must succeed, the median of three runs (tests/peak-rss: measured from
# python or the shell, the peak would include theirs).  One run's peak
# varies by a hundred KiB or two either way with where address space
# randomization puts the heap and the libraries; the median of three
# mostly by less.
peak() {
	runs=
	for run in 1 2 3; do
		kib=$("$TOP_BUILDDIR/tests/peak-rss" "$CORPUSCONV" -q "$@" 2>"$T/err") ||
			{ cat "$T/err" >&2; fail "corpusconv $* failed"; }
		runs="$runs $kib"
	done
	printf '%s\n' $runs | sort -n | sed -n 2p
}

# flat NAME SMALL BIG FILES: BIG KiB (FILES files) within 1.5 SMALL + 256 B a file.
flat() {
	printf '%s: %s KiB, 16 times the documents %s KiB (%s files)\n' "$1" "$2" "$3" "$4"
	awk -v s="$2" -v b="$3" -v f="$4" 'BEGIN { exit !(b * 1024 <= 1.5 * s * 1024 + 256 * f) }' ||
		fail "$1: 16 times the documents take $3 KiB, more than 1.5 x $2 KiB + 256 B x $4 files"
}

# What the median of three still varies by: 24 bytes a file over the
# 7,000 and more files the big runs add is some 180 KiB (the spread of the
# medians seen).  The reader now stays that far below 256 bytes a file
# and more (at most 201 seen, at a load of 4 on 2 CPUs), so the target
# is held as it stands, its noise inside it.
RSS_NOISE=0

# marginal NAME SMALL BIG SFILES BFILES: the peak the BIG run (KiB, BFILES
# files) takes over the SMALL one (SFILES files), a file, at most 256 bytes
# plus RSS_NOISE.
marginal() {
	per=$(awk -v s="$2" -v b="$3" -v sf="$4" -v bf="$5" \
		'BEGIN { printf "%.0f", (b - s) * 1024 / (bf - sf) }')
	printf '%s: %s bytes a file more\n' "$1" "$per"
	[ "$per" -le $((256 + RSS_NOISE)) ] ||
		fail "$1: each file more takes $per bytes of peak memory, more than 256 (+ $RSS_NOISE of noise)"
}

step "a bag another tool made: $N and $((16 * N)) documents"
bag $N "$T/small.zip"
bag $((16 * N)) "$T/big.zip"
small=$(peak -f bundle -t jsonl -o "$T/small.jsonl" "$T/small.zip") || exit 1
big=$(peak -f bundle -t jsonl -o "$T/big.jsonl" "$T/big.zip") || exit 1
[ "$(wc -l <"$T/big.jsonl")" -eq $((16 * N)) ] || fail "not every document of the big bag was read"
flat "third-party bag" "$small" "$big" $((16 * N + 4))
marginal "third-party bag" "$small" "$big" $((N + 4)) $((16 * N + 4))

# articles DOCS DIR: DOCS small articles, each with one statement.
articles() {
	"$PY" - "$@" <<'PYEOF' || fail "cannot write the articles $2"
import os, sys
n, d = int(sys.argv[1]), sys.argv[2]
os.makedirs(d)
for i in range(n):
    with open(os.path.join(d, "notice-%05d.txt" % i), "w", encoding="utf-8") as f:
        f.write("Bridge closed for repairs %d\n\n\u201cIt will reopen in spring,\u201d "
                "said Lena Ortiz, the city engineer.\n" % i)
PYEOF
}

step "a bundle corpusconv wrote (originals, TEI, text): $((N / 2)) and $((8 * N)) documents"
articles $((N / 2)) "$T/a1"
articles $((8 * N)) "$T/a16"
expect_ok -q -t bundle -o "$T/w1.zip" "$T/a1"
expect_ok -q -t bundle -o "$T/w16.zip" "$T/a16"
small=$(peak -f bundle -t jsonl -o "$T/w1.jsonl" "$T/w1.zip") || exit 1
big=$(peak -f bundle -t jsonl -o "$T/w16.jsonl" "$T/w16.zip") || exit 1
[ "$(wc -l <"$T/w16.jsonl")" -eq $((8 * N)) ] || fail "not every document of the big bundle was read"
flat "corpusconv bundle" "$small" "$big" $((3 * 8 * N + 8))
marginal "corpusconv bundle" "$small" "$big" $((3 * N / 2 + 8)) $((3 * 8 * N + 8))
step "the same bag from standard input (loaded whole: no file to stream) reads alike"
"$CORPUSCONV" -q -f bundle -t jsonl -o "$T/stdin.jsonl" - <"$T/small.zip" ||
	fail "the bag from standard input was not read"
cmp -s "$T/small.jsonl" "$T/stdin.jsonl" || fail "standard input gave other documents than the file"
exit 0
