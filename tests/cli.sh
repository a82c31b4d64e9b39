#!/bin/sh
# cli.sh: the corpusconv command's contract: options, exit statuses,
# input discovery (files, folders, stdin), -o / -d / stdout, and atomic
# outputs that never leave a partial file or a temporary one behind.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle html statements

step "--help and --version"
expect_ok --help
assert_grep "usage: corpusconv [-f FROM] -t TO" "$T/out"
expect_ok --version
grep -qx "corpusconv [0-9][0-9.]*" "$T/out" || fail "--version printed: $(cat "$T/out")"

step "usage errors exit 2"
expect_rc 2 --no-such-option x
expect_rc 2 formats extra
expect_rc 2 -t text </dev/null
assert_grep "no input" "$T/err"
expect_rc 2 "$SAMPLES"
assert_grep "no output format" "$T/err"
expect_rc 2 -t nosuchformat "$SAMPLES"
assert_grep "no plugin writes format 'nosuchformat'" "$T/err"
expect_rc 2 -f nosuchformat -t text "$SAMPLES"
assert_grep "no plugin reads format 'nosuchformat'" "$T/err"
expect_rc 2 -t text -o "$T/a" -d "$T/b" "$SAMPLES"
expect_rc 2 -t text --statements=sometimes "$SAMPLES"
expect_rc 2 -t text --bagging-date 2024-13 "$SAMPLES"
expect_rc 2 -t text --max-input lots "$SAMPLES"

step "formats lists every format with its plugin file"
expect_ok formats
for f in text tei csv bundle statements; do
	grep -q "^$f .*/$f\.so\$" "$T/out" || { cat "$T/out" >&2; fail "formats does not list $f"; }
done
grep -A1 '^text ' "$T/out" | grep -qx '  raw UTF-8 news text (structure inferred); aliases: txt,plain' ||
	{ cat "$T/out" >&2; fail "formats does not give text's description and aliases under it"; }
grep -A1 '^statements ' "$T/out" | grep -q '^  [a-z]' || fail "formats gives no description of the statements filter"
expect_ok formats --check
assert_grep "all plugins loaded" "$T/out"

step "options may come before the command, as in git -C DIR status"
mkdir "$T/pd" || exit 99
cp "$TOP_BUILDDIR/plugins/.libs/text.so" "$T/pd/text.so" || exit 99
expect_ok --plugin-dir "$T/pd" formats
grep -q "^text .* $T/pd/text\.so\$" "$T/out" || { cat "$T/out" >&2; fail "--plugin-dir before formats not used"; }
expect_ok -q --plugin-dir="$T/pd" --set csv-safe=1 formats --check
assert_grep "all plugins loaded" "$T/out"
expect_rc 2 --plugin-dir "$T/pd" formats extra
assert_grep "\`formats\` takes no argument 'extra'" "$T/err"
# An option's value is never the command: "-t formats" names a format.
expect_rc 2 -t formats "$T/pd"
assert_grep "no plugin writes format 'formats'" "$T/err"
# The first word after the options is the command: a conversion option
# with it is an error that says how to name a file called formats.
expect_rc 2 -t text formats
assert_grep "to convert a file or folder named formats, write ./formats" "$T/err"
mkdir -p "$T/w/formats" || exit 99
printf 'A folder named formats.\n' >"$T/w/formats/a.txt"
(cd "$T/w" && "$CORPUSCONV" -q -t text -d out ./formats) 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "./formats was not converted"; }
[ -f "$T/w/out/a.txt" ] || fail "./formats/a.txt gave no output"

step "a missing input is reported by name, the others still convert"
mkdir "$T/in"
printf 'One paragraph.\n' >"$T/in/a.txt"
expect_rc 1 -t text -d "$T/o1" "$T/in/a.txt" "$T/nope.txt"
assert_grep "$T/nope.txt: No such file or directory" "$T/err"
[ -f "$T/o1/a.txt" ] || fail "a.txt was not converted"

step "stdin to stdout"
printf 'From standard input.\n' | "$CORPUSCONV" -f text -t text - >"$T/stdout" 2>"$T/err" ||
	fail "stdin conversion failed: $(cat "$T/err")"
printf 'From standard input.\n' >"$T/want"
assert_same "$T/want" "$T/stdout"

step "inputs that are not regular files are read to their end: a pipe, a large stdin"
printf 'From a pipe.\n' >"$T/want"
mkfifo "$T/pipe" || exit 99
printf 'From a pipe.\n' >"$T/pipe" &
"$CORPUSCONV" -f text -t text -o "$T/pipe.txt" "$T/pipe" 2>"$T/err" ||
	fail "a pipe as an input failed: $(cat "$T/err")"
wait
assert_same "$T/want" "$T/pipe.txt"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Line %d of a long text.\n\n", i }' >"$T/long.txt"
"$CORPUSCONV" -f text -t text - <"$T/long.txt" >"$T/stdout" 2>"$T/err" ||
	fail "a long stdin failed: $(cat "$T/err")"
awk 'BEGIN { for (i = 0; i < 20000; i++) { if (i) printf "\n"; printf "Line %d of a long text.\n", i } }' >"$T/want"
assert_same "$T/want" "$T/stdout"
cat "$T/long.txt" | "$CORPUSCONV" -f text -t text - >"$T/stdout" 2>"$T/err" ||
	fail "a long piped stdin failed: $(cat "$T/err")"
assert_same "$T/want" "$T/stdout"
expect_rc 1 -f text -t text --max-input 100000 -o "$T/long-out.txt" - <"$T/long.txt"
assert_grep "larger than the limit" "$T/err"

step "folders recurse and -d mirrors them, with the format's extension"
mkdir -p "$T/tree/x/y" "$T/tree/.hidden"
printf 'Alpha.\n' >"$T/tree/a.txt"
printf 'Beta.\n' >"$T/tree/x/y/b.txt"
printf 'Hidden.\n' >"$T/tree/.hidden/c.txt"
expect_ok -t text -d "$T/mirror" "$T/tree"
[ -f "$T/mirror/a.txt" ] && [ -f "$T/mirror/x/y/b.txt" ] || fail "-d did not mirror: $(find "$T/mirror")"
[ ! -e "$T/mirror/.hidden" ] || fail "hidden folder was converted"
printf 'Beta.\n' >"$T/want"
assert_same "$T/want" "$T/mirror/x/y/b.txt"

step "--output-template lays outputs out as asked"
expect_ok -t text --output-template "$T/tpl/{dir}/{stem}-conv.{ext}" "$T/tree"
[ -f "$T/tpl/a-conv.txt" ] && [ -f "$T/tpl/x/y/b-conv.txt" ] || fail "template layout: $(find "$T/tpl")"
expect_ok -t text -d "$T/tpl2" --output-template "{name}.{id}.{ext}" "$T/tree/a.txt"
[ -f "$T/tpl2/a.txt.a.txt" ] || fail "template under -d: $(find "$T/tpl2")"
expect_rc 2 -t text --output-template "$T/{nope}.txt" "$T/tree"
assert_grep "unknown placeholder at '{nope}.txt'" "$T/err"
expect_rc 2 -t text -o "$T/x.txt" --output-template "{stem}" "$T/tree"

step "--verbose names every document; --quiet drops warnings"
expect_ok -v -t text -d "$T/verb" "$T/tree"
assert_grep "a.txt: a converted" "$T/err"
assert_grep "b.txt: b converted" "$T/err"
lite="$TOP_SRCDIR/tests/data/tei/lite.xml"   # foreign TEI: a warning names what is skipped
expect_ok -t text -d "$T/q1" "$lite"
assert_grep "warning" "$T/err"
expect_ok -q -t text -d "$T/q2" "$lite"
[ ! -s "$T/err" ] || fail "--quiet printed: $(cat "$T/err")"

step "plain formats to stdout: one output per document, in input order"
expect_ok -t text "$T/tree"
printf 'Alpha.\nBeta.\n' >"$T/want"
assert_same "$T/want" "$T/out"

step "-o with a one-document format refuses a second document, keeps the first"
expect_rc 1 -t text -o "$T/one.txt" "$T/tree"
assert_grep "holds one document" "$T/err"

step "a failed input leaves no output and no temporary file"
printf 'good\n' >"$T/in/b.txt"
printf 'bad \377 byte\n' >"$T/in/c.txt"
expect_rc 1 -f text -t text -d "$T/o2" "$T/in"
[ -f "$T/o2/b.txt" ] || fail "the good input was lost"
[ ! -e "$T/o2/c.txt" ] || fail "the failed input left an output"
[ -z "$(find "$T/o2" -name '.*')" ] || fail "temporary files left: $(find "$T/o2" -name '.*')"
assert_grep "$T/in/c.txt" "$T/err"

step "an unwritable output folder is an error naming it, not a crash"
expect_rc 1 -t text -o /proc/nonexistent/x.txt "$T/in/a.txt"
assert_grep "/proc/nonexistent/x.txt" "$T/err"

step "an input over --max-input is refused by name"
expect_rc 1 -t text --max-input 4 -d "$T/o3" "$T/in/a.txt"
assert_grep "larger than the limit" "$T/err"
[ ! -e "$T/o3/a.txt" ] || fail "output written for a refused input"
exit 0
