#!/bin/sh
# text-encoding.sh: text that is not UTF-8 is converted to UTF-8 through
# ICU, with a warning naming the encoding, and gives the document its
# UTF-8 twin gives:
#   UTF-16LE and UTF-16BE with a byte-order mark (found without -f too)
#   Windows-1252 detected (formats/samples/port-strike.txt re-encoded)
#   ISO-8859-1 declared in the text ("charset=..."), too short to detect
#   an encoding named with --set text-encoding
# and everything else keeps the reader's clear error: a stray byte, UTF-8
# with a bad byte, an unknown declared encoding, bytes the declared
# encoding does not define.  ICU is mapped only for text that is not UTF-8.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv statements
[ -n "${PYTHON3:-}" ] || skip "python3 not found"
port="$SAMPLES/port-strike.txt"
# enc CODEC OUT [BOM]: port-strike.txt in CODEC, after the bytes BOM.
enc() {
	"$PYTHON3" -c 'import os, sys; sys.stdout.buffer.write(os.fsencode(sys.argv[3]) + open(sys.argv[1], encoding="utf-8").read().encode(sys.argv[2]))' \
		"$port" "$1" "${3:-}" >"$2" || exit 99
}
expect_ok -q -t text -o "$T/want.txt" "$port"

step "UTF-16 with a byte-order mark, either order"
enc utf-16-le "$T/le.txt" "$(printf '\377\376')"
enc utf-16-be "$T/be.txt" "$(printf '\376\377')"
expect_ok -t text -o "$T/le.out" "$T/le.txt"
assert_grep "warning: $T/le.txt: UTF-16LE text converted to UTF-8 (byte-order mark)" "$T/err"
assert_same "$T/want.txt" "$T/le.out"
expect_ok -t text -o "$T/be.out" "$T/be.txt"
assert_grep "UTF-16BE text converted to UTF-8 (byte-order mark)" "$T/err"
assert_same "$T/want.txt" "$T/be.out"
# Found without -f and without a .txt name, as from a pipe.
"$CORPUSCONV" -q -t text <"$T/le.txt" >"$T/pipe.out" 2>"$T/err" || fail "UTF-16 on stdin: $(cat "$T/err")"
assert_same "$T/want.txt" "$T/pipe.out"

step "Windows-1252, detected"
enc cp1252 "$T/cp1252.txt"
expect_ok -t text -o "$T/cp1252.out" "$T/cp1252.txt"
assert_grep "warning: $T/cp1252.txt: windows-1252 text converted to UTF-8 (detected)" "$T/err"
assert_same "$T/want.txt" "$T/cp1252.out"
expect_ok -q -t csv -o "$T/cp1252.csv" "$T/cp1252.txt"
expect_ok -q -t csv -o "$T/utf8.csv" "$port"
sed 's/cp1252\.txt/port-strike.txt/; s/^cp1252,/port-strike,/' "$T/cp1252.csv" >"$T/cp1252-renamed.csv"
assert_same "$T/utf8.csv" "$T/cp1252-renamed.csv"

step "ISO-8859-1 declared in the text"
printf 'charset=ISO-8859-1\n\nJos\351 M\374ller said the caf\351 stays shut.\n' >"$T/declared.txt"
expect_ok -t text -o "$T/declared.out" "$T/declared.txt"
assert_grep "ISO-8859-1 text converted to UTF-8 (declared in the text)" "$T/err"
assert_grep "José Müller said the café stays shut." "$T/declared.out"

step "an encoding named with --set text-encoding"
printf 'Caf\351 cr\350me.\n' >"$T/named.txt"
expect_ok -t text --set text-encoding=ISO-8859-15 -o "$T/named.out" "$T/named.txt"
assert_grep "ISO-8859-15 text converted to UTF-8 (--set text-encoding)" "$T/err"
printf 'Café crème.\n' >"$T/named.want"
assert_same "$T/named.want" "$T/named.out"

step "other invalid bytes keep the clear error"
printf 'bad \377 byte\n' >"$T/stray.txt"
expect_rc 1 -t text -o "$T/stray.out" "$T/stray.txt"
assert_grep "stray.txt:1:5: invalid UTF-8 (byte 0xFF) at byte offset 4" "$T/err"
assert_no_grep "converted to UTF-8" "$T/err"
{ cat "$port"; printf 'One more line, then a bad byte: \351.\n'; } >"$T/mixed.txt"
expect_rc 1 -t text -o "$T/mixed.out" "$T/mixed.txt"
assert_grep "invalid UTF-8 (byte 0xE9)" "$T/err"
assert_no_grep "converted to UTF-8" "$T/err"
printf 'charset=x-no-such-thing\n\nCaf\351.\n' >"$T/unknown.txt"
expect_rc 1 -t text -o "$T/unknown.out" "$T/unknown.txt"
assert_grep "unknown.txt: unknown text encoding 'x-no-such-thing'" "$T/err"
printf 'charset=US-ASCII\n\nCaf\351.\n' >"$T/ascii.txt"
expect_rc 1 -t text -o "$T/ascii.out" "$T/ascii.txt"
assert_grep "ascii.txt: bytes that are not US-ASCII text" "$T/err"
[ ! -e "$T/stray.out" ] && [ ! -e "$T/unknown.out" ] && [ ! -e "$T/ascii.out" ] ||
	fail "a refused text left an output"

# The plugin opens ICU only for text that is not UTF-8 (issue 16: mapping
# ICU and the C++ runtime was most of a small article's run).  glibc's
# loader names each library it maps under LD_DEBUG=files; -t text maps no
# other library that needs ICU.
step "a UTF-8 text maps no ICU, a Windows-1252 one does"
LD_DEBUG=files "$CORPUSCONV" -q -t text -o "$T/utf8-icu.out" "$port" 2>"$T/err" ||
	fail "UTF-8 text: $(grep -v 'file=\|calling\|^ *[0-9]*: *$' "$T/err")"
if grep -q 'file=libc\.so' "$T/err"; then
	assert_no_grep "file=libicu" "$T/err"
	LD_DEBUG=files "$CORPUSCONV" -q -t text -o "$T/cp1252-icu.out" "$T/cp1252.txt" 2>"$T/err" ||
		fail "Windows-1252 text failed"
	assert_grep "file=libicui18n" "$T/err"
	assert_same "$T/want.txt" "$T/cp1252-icu.out"
else
	echo "LD_DEBUG names no library here (not glibc): step skipped"
fi
exit 0
