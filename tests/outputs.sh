#!/bin/sh
# outputs.sh: where outputs go, and what they may never do: leave the
# output folder (document ids come from the input), depend on the thread
# that wrote them (umask), replace a device, a FIFO or a symbolic link,
# fail on long names, lose a document to a duplicate id, or hang on a
# folder that links to itself.  Each step is a regression test of a fault
# found in review.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv bundle statements

step "document ids from the input cannot leave the output folder"
printf 'doc_id,quote\n../../../escape-csv,hello\nb,other\n' >"$T/evil.csv"
mkdir -p "$T/deep/out"
expect_ok -t text -d "$T/deep/out/x" "$T/evil.csv"
[ -z "$(find "$T" -name 'escape-csv*' ! -path "$T/deep/out/x/*")" ] ||
	fail "an output left the folder: $(find "$T" -name 'escape-csv*')"
[ -n "$(find "$T/deep/out/x" -name '*escape-csv*')" ] || fail "the document was lost"
expect_ok -t text --output-template "$T/tpl/{id}.{ext}" "$T/evil.csv"
[ -z "$(find "$T" -maxdepth 1 -name 'escape-csv*')" ] || fail "{id} left the folder"

step "file modes follow the umask, whatever the worker"
mkdir "$T/many"
i=0
while [ $i -lt 300 ]; do printf 'Text %d.\n' $i >"$T/many/f$i.txt"; i=$((i + 1)); done
(umask 022 && "$CORPUSCONV" -q -j 8 -t text -d "$T/modes" "$T/many") || fail "conversion failed"
bad=$(find "$T/modes" -type f ! -perm 644 | head -3)
[ -z "$bad" ] || fail "files not 0644: $bad"
bad=$(find "$T/modes" -type d ! -perm 755 | head -3)
[ -z "$bad" ] || fail "folders not 0755: $bad"

step "a symbolic link as -o stays a link; its target gets the output"
printf 'Linked.\n' >"$T/in.txt"
: >"$T/target.txt"
ln -s "$T/target.txt" "$T/link.txt"
expect_ok -t text -o "$T/link.txt" "$T/in.txt"
[ -L "$T/link.txt" ] || fail "the link was replaced"
assert_same "$T/in.txt" "$T/target.txt"

step "a FIFO as -o is written in place, not replaced"
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
reader=$!
expect_ok -t text -o "$T/fifo" "$T/in.txt"
wait $reader
[ -p "$T/fifo" ] || fail "the FIFO was replaced"
assert_same "$T/in.txt" "$T/from-fifo"

step "a full device is an error, not a crash"
if [ -w /dev/full ]; then
	expect_rc 1 -t text -o /dev/full "$T/in.txt"
	assert_grep "/dev/full" "$T/err"
	[ -c /dev/full ] || fail "/dev/full was replaced"
fi

step "a long file name converts (temporary names stay within NAME_MAX)"
long=$(printf 'a%.0s' $(seq 1 245))
printf 'Long.\n' >"$T/$long.txt"
expect_ok -t text -d "$T/long" "$T/$long.txt"
[ -f "$T/long/$long.txt" ] || fail "long name not written"

step "two documents with one id in one input: both kept"
cat >"$T/dup.csv" <<'CSV'
doc_id,quote
a,first
b,second
a,third
CSV
expect_ok -t csv -d "$T/dup" "$T/dup.csv"
expect_ok -f csv -t text -d "$T/dupt" "$T/dup.csv"
n=$(find "$T/dupt" -type f | wc -l)
[ "$n" -eq 3 ] || fail "$n outputs for 3 documents: $(find "$T/dupt" -type f)"
assert_grep "a second document with id a" "$T/err"

step "a folder linking to itself is not followed"
mkdir "$T/loop"
printf 'Once.\n' >"$T/loop/a.txt"
ln -s . "$T/loop/self"
ln -s . "$T/loop/again"
timeout 20 "$CORPUSCONV" -t text -d "$T/loopout" "$T/loop" >"$T/out" 2>"$T/err" ||
	fail "a self-linking folder: exit $? $(head -3 "$T/err")"
[ "$(find "$T/loopout" -type f | wc -l)" -eq 1 ] || fail "files converted more than once"
assert_grep "a link to a folder, not followed" "$T/err"

step "a bad entry in a plain zip loses that document only"
"$PYTHON3" - "$T/mixed.zip" <<'PY' || fail "cannot make the zip"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("good.txt", "A good paragraph.\n")
    z.writestr("bad.xml", "<TEI xmlns='http://www.tei-c.org/ns/1.0'><unclosed>")
    z.writestr("more.txt", "Another good one.\n")
PY
expect_rc 1 -t text -d "$T/mixed" "$T/mixed.zip"
assert_grep "bad.xml" "$T/err"
[ "$(find "$T/mixed" -type f | wc -l)" -eq 2 ] || fail "good documents lost: $(find "$T/mixed" -type f)"
expect_rc 1 -t csv -d "$T/mixedc" --report "$T/mixed.jsonl" "$T/mixed.zip"
[ -f "$T/mixedc/mixed.csv" ] || fail "the container output was discarded"
assert_grep '"status":"failed"' "$T/mixed.jsonl"

step "messages carry no terminal escape sequences from file names"
esc=$(printf 'e\033[31m.txt')
printf 'no quote column\n' >"$T/$esc"
expect_rc 1 -f csv -t text "$T/$esc"
! grep -q "$(printf '\033')" "$T/err" || fail "an escape sequence reached stderr"
assert_grep "e?[31m.txt" "$T/err"

step "-o: when every input fails, the output is left as it was"
printf 'keep me\n' >"$T/kept.csv"
printf 'bad \377\n' >"$T/bad1.txt"
expect_rc 1 -f text -t csv -o "$T/kept.csv" "$T/bad1.txt"
printf 'keep me\n' >"$T/want"
assert_same "$T/want" "$T/kept.csv"

step "--max-depth is bounded"
expect_rc 2 -t text --max-depth 100000 "$T/in.txt"

step "--report stays valid JSON with a name that is not UTF-8"
bad_name=$(printf 'x\300\200y.txt')
printf 'Bytes.\n' >"$T/$bad_name"
expect_ok -t text -d "$T/rep" --report "$T/rep.jsonl" "$T/$bad_name"
"$PYTHON3" -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' \
	"$T/rep.jsonl" || fail "report is not UTF-8 JSON"
exit 0
