#!/bin/sh
# bundle-conformance.sh: the Library of Congress BagIt conformance suite
# (../shared/bagit-conformance), for every version in it (v0.97, v1.0),
# each bag read twice: zipped here with python3, and as the folder it is.
# Every bag in valid/ reads (exit 0, no error; tag files in UTF-16 and
# ISO-8859-1 included), every bag in invalid/ and linux-only/ is refused
# (exit 1) with a message naming the input, every bag in warning/ reads
# (exit 0) with a warning about what is wrong with it.  Prints a summary
# per folder.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins csv bundle

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

# The warning each warning/ bag must give (a fixed string), by bag name.
want_warning() {
	case $1 in
	duplicate-file-with-different-case|same-filename-listed-twice-with-different-normalization)
		echo "differ only in letter case or Unicode normalization" ;;
	made-with-md5sum-tools) echo "md5sum's binary mode" ;;
	relative-path) echo 'a path starting with "./"' ;;
	same-filename-listed-twice-with-the-same-hash) echo "is listed twice, with one digest" ;;
	special-system-files) echo "a system file copy tools drop" ;;
	*) echo "" ;;
	esac
}

# check KIND BAG INPUT LABEL [ARGS...]: reads INPUT and asserts what
# KIND (valid, invalid, linux-only, warning) requires.
check() {
	kind=$1 bag=$2 input=$3 label=$4
	shift 4
	case $kind in
	valid)
		step "$label reads"
		expect_ok "$@" -t csv -o "$T/out.csv" "$input"
		assert_no_grep "error:" "$T/err" ;;
	warning)
		step "$label reads, with a warning"
		expect_ok "$@" -t csv -o "$T/out.csv" "$input"
		# A warning about the bag itself, not only the plain notes that a
		# payload file has no reader or the bag holds no document.
		grep "warning: $input" "$T/err" | grep -v "no reader for it" |
			grep -v "a system file, no document" |
			grep -q -v "holds no document" ||
			{ cat "$T/err" >&2; fail "$label: no warning about the bag"; }
		w=$(want_warning "$bag")
		[ -z "$w" ] || assert_grep "$w" "$T/err"
		assert_no_grep "error:" "$T/err" ;;
	*)
		step "$label is refused"
		expect_rc 1 "$@" -t csv -o "$T/out.csv" "$input"
		assert_grep "error: $input: " "$T/err" ;;
	esac
}

summary=""
total=0
for vdir in "$SUITE"/v*; do
	[ -d "$vdir" ] || continue
	for kdir in "$vdir"/*; do
		[ -d "$kdir" ] || continue
		kind=${kdir##*/}
		n=0
		for dir in "$kdir"/*; do
			[ -d "$dir" ] || continue
			bag=${dir##*/}
			name=$(echo "${dir#"$SUITE"/}" | tr / _)
			zipbag "$dir" "$T/$name.zip"
			check "$kind" "$bag" "$T/$name.zip" "$name.zip" -f bundle
			check "$kind" "$bag" "$dir" "$name (folder)"
			n=$((n + 1))
		done
		case $kind in
		valid) what="read" ;;
		warning) what="read with a warning" ;;
		*) what="refused" ;;
		esac
		summary="$summary${vdir##*/}/$kind: $n bags $what, zipped and as folders
"
		total=$((total + n))
	done
done
printf '%s' "$summary"
[ $total -ge 30 ] || fail "only $total bags found in $SUITE"
