#!/bin/sh
# bundle-hostile.sh: hostile zips, made here with python3's zipfile, are
# refused whole with a message naming the input: an entry named "../x",
# "a/../../x", "..\\x", "/x" or "C:/x", a symbolic link, an encrypted
# entry, a name held twice (also as a file and a folder), a zip cut short,
# a zip whose compressed bytes are corrupt, a zip bomb past --max-input
# (also one whose headers lie about the size, and one inside a sound bag),
# entries that together unpack past max-bundle (--set max-bundle=SIZE),
# and bytes that are no zip.  Exit status 1, nothing of the zip in the
# output, and nothing written anywhere else.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv bundle statements

PY=${PYTHON3:-python3}
"$PY" -c 'import zipfile' 2>/dev/null || skip "python3 not installed"

mkdir "$T/z" "$T/o" "$T/work" "$T/work/deep"
ABS="/tmp/corpusconv-abs-$$.txt"
cat >"$T/make.py" <<'EOF'
import hashlib, struct, sys, warnings, zipfile
warnings.simplefilter("ignore")  # zipfile warns on duplicate names
absname = sys.argv[1]

def make(name, entries):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            z.writestr(entry, data)

def patch(name, fn):
    b = bytearray(open(name, "rb").read())
    cd = b.rfind(b"PK\x05\x06")
    central = struct.unpack_from("<I", b, cd + 16)[0]
    fn(b, 0, central)
    open(name, "wb").write(bytes(b))

ok = ("ok.txt", "A harmless paragraph that must not reach the output.")
make("dotdot.zip", [ok, ("../evil.txt", "Escaped.")])
make("deepdot.zip", [ok, ("a/../../evil.txt", "Escaped.")])
make("abs.zip", [ok, (absname, "Absolute.")])
link = zipfile.ZipInfo("link.txt")
link.create_system = 3
link.external_attr = (0o120777 << 16)
make("symlink.zip", [ok, (link, "/etc/passwd")])
make("dup.zip", [ok, ("a.txt", "One."), ("a.txt", "Two.")])
make("dupdir.zip", [ok, ("a.txt/", ""), ("a.txt", "Two.")])
make("backslash.zip", [ok, ("..\\evil.txt", "Escaped.")])
make("drive.zip", [ok, ("C:/evil.txt", "Escaped.")])
make("whole.zip", [ok, ("b.txt", "Another harmless paragraph. " * 200)])
whole = open("whole.zip", "rb").read()
open("truncated.zip", "wb").write(whole[: len(whole) // 2])
make("bomb.zip", [("bomb.txt", b"\0" * (8 << 20))])
make("liar.zip", [("liar.txt", b"\0" * (8 << 20))])
def lie(b, local, central):  # declare 100 bytes in both headers
    struct.pack_into("<I", b, local + 22, 100)
    struct.pack_into("<I", b, central + 24, 100)
patch("liar.zip", lie)
make("encrypted.zip", [ok])
def encrypt(b, local, central):  # set "encrypted" in both headers
    b[local + 6] |= 1
    b[central + 8] |= 1
patch("encrypted.zip", encrypt)
open("garbage.zip", "wb").write(b"PK\x03\x04" + b"\xff" * 200)
# Compressed bytes changed in the middle: the central directory is sound.
make("corrupt.zip", [("b.txt", "Another harmless paragraph. " * 200), ok])
b = bytearray(open("corrupt.zip", "rb").read())
start = 30 + len("b.txt")
for i in range(start + 10, start + 30):
    b[i] ^= 0x55
open("corrupt.zip", "wb").write(bytes(b))
# Three entries of 600 KiB each: each under 1M, together over it.
line = b"A harmless line of filler.\n"  # 27 bytes
make("many.zip", [("p%d.txt" % i, line * ((600 << 10) // 27)) for i in range(3)])
# A sound bag (its manifests hold) whose one payload file is a bomb.
bomb = line * ((8 << 20) // 27)
bagit = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
man = ("%s  data/bomb.txt\n" % hashlib.sha256(bomb).hexdigest()).encode()
tagman = ("%s  bagit.txt\n%s  manifest-sha256.txt\n" % (
    hashlib.sha256(bagit).hexdigest(), hashlib.sha256(man).hexdigest())).encode()
make("bagbomb.zip", [("bag/bagit.txt", bagit), ("bag/data/bomb.txt", bomb),
                     ("bag/manifest-sha256.txt", man),
                     ("bag/tagmanifest-sha256.txt", tagman)])
EOF
(cd "$T/z" && "$PY" "$T/make.py" "$ABS") || exit 99
[ ! -e "$ABS" ] || exit 99

# refused NAME WHY [OPTION...]: corpusconv run from a folder two levels
# down must exit 1 naming the zip and WHY, and write nothing of it.
refused() {
	name=$1 why=$2
	shift 2
	step "$name is refused ($why)"
	(cd "$T/work/deep" && "$CORPUSCONV" "$@" -t csv -o "$T/o/$name.csv" \
		"$T/z/$name.zip" >"$T/out" 2>"$T/err")
	rc=$?
	[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "$name.zip: exit $rc, want 1"; }
	assert_grep "$name.zip" "$T/err"
	assert_grep "$why" "$T/err"
	if [ -f "$T/o/$name.csv" ]; then
		assert_no_grep "harmless" "$T/o/$name.csv"
		assert_no_grep "Escaped" "$T/o/$name.csv"
	fi
}

refused dotdot '".." component'
refused deepdot '".." component'
refused abs "absolute path"
refused symlink "symbolic link"
refused encrypted "encrypted"
refused dup "twice"
refused dupdir "twice"
refused backslash '".." component'
refused drive "drive letter"
refused corrupt "corrupt"
refused truncated "truncated"
refused garbage "not a zip"
refused bomb "max-input" --max-input 1M
refused liar "max-input" --set max-input=1000000
refused bagbomb "max-input" --max-input 1M
refused many "max-bundle (1048576 bytes)" --set max-bundle=1M

step "max-bundle that is not a size: a usage error, before anything is read"
expect_rc 2 --set max-bundle=lots -t csv -o "$T/o/lots.csv" "$T/z/whole.zip"
assert_grep "--set max-bundle=lots: wants a size" "$T/err"

step "control: the same entries under a larger max-bundle read"
expect_ok --set max-bundle=4M -t csv -o "$T/o/many.csv" "$T/z/many.zip"
step "control: the sound bag reads under the default limits"
expect_ok -t csv -o "$T/o/bagbomb.csv" "$T/z/bagbomb.zip"

step "control: a sound zip under the same limit reads"
expect_ok --max-input 1M -t csv -o "$T/o/whole.csv" "$T/z/whole.zip"

step "nothing was written outside the output"
[ ! -e "$T/work/evil.txt" ] && [ ! -e "$T/evil.txt" ] || fail "an entry escaped"
[ ! -e "$ABS" ] || { rm -f "$ABS"; fail "an absolute entry was written"; }
[ -z "$(ls -A "$T/work/deep")" ] || fail "files appeared in the working folder"
[ "$(ls -A "$T/work")" = deep ] || fail "files appeared next to the working folder"
