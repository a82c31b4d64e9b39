#!/bin/sh
# plugin-lazy.sh: a run opens only the plugins it uses (issue 16).  Each
# plugin built has NAME.so.manifest beside it, from which the command
# knows its formats, filters and options without opening it; -f and -t
# open those plugins only, `formats` none.  A manifest that no longer
# describes its plugin (size or time changed) is ignored and the plugin
# opened as before, without a word; so is a missing one (a third-party
# plugin ships none).  CORPUSCONV_DEBUG=plugins names each plugin file
# opened: the test counts them, never the time taken.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle statements
unset CORPUSCONV_PLUGIN_PATH
export CORPUSCONV_DEBUG=plugins

# opened: the plugin names opened in the last run, sorted, one a line.
opened() {
	sed -n 's|^corpusconv: debug: opening plugin .*/\([^/]*\)\.so$|\1|p' "$T/err" | sort
}

step "the build tree has a manifest beside each plugin"
for p in text tei csv jsonl bundle statements; do
	[ -s "$TOP_BUILDDIR/plugins/$p.so.manifest" ] || fail "no plugins/$p.so.manifest"
done

step "formats lists every plugin and option from the manifests, opening none"
expect_ok formats
for f in text tei csv jsonl bundle statements; do
	grep -q "^$f " "$T/out" || fail "formats does not list $f"
done
assert_grep "--set csv-safe=BOOL" "$T/out"
assert_grep "--set bag-info=LINE" "$T/out"
[ -z "$(opened)" ] || fail "formats opened: $(opened | tr '\n' ' ')"

step "-f text -t tei opens text, tei and the statement extractor only"
expect_ok -q -f text -t tei -o "$T/a.xml" "$SAMPLES/port-strike.txt"
printf '%s\n' statements tei text >"$T/want"
opened >"$T/got"
assert_same "$T/want" "$T/got"

step "-f csv -t jsonl of a table with statements opens csv and jsonl only"
expect_ok -q -t csv -o "$T/s.csv" "$SAMPLES/port-strike.txt"
expect_ok -q -f csv -t jsonl -o "$T/s.jsonl" "$T/s.csv"
printf '%s\n' csv jsonl >"$T/want"
opened >"$T/got"
assert_same "$T/want" "$T/got"

step "--set bag-info with a bad value is still refused by bundle's own check"
expect_rc 2 -q -f text -t tei --set bag-info=nocolon -o "$T/b.xml" "$SAMPLES/port-strike.txt"
assert_grep "bag-info=nocolon: wants one line" "$T/err"

step "a plugin without a manifest is opened when found, and works"
mkdir "$T/p" || exit 99
cp "$TOP_BUILDDIR/plugins/.libs/text.so" "$T/p/text.so" || exit 99
export CORPUSCONV_PLUGIN_PATH="$T/p"
expect_ok -q -f csv -t jsonl -o "$T/s2.jsonl" "$T/s.csv"
printf '%s\n' csv jsonl text >"$T/want"
opened >"$T/got"
assert_same "$T/want" "$T/got"
assert_no_grep "warning" "$T/err"
expect_ok -q -f text -t tei -o "$T/a2.xml" "$SAMPLES/port-strike.txt"
assert_same "$T/a.xml" "$T/a2.xml"

step "formats --write-manifest writes one; then the copy is opened only when used"
expect_ok formats --write-manifest "$T/p/text.so"
[ -s "$T/p/text.so.manifest" ] || fail "no manifest written"
expect_ok -q -f csv -t jsonl -o "$T/s2.jsonl" "$T/s.csv"
printf '%s\n' csv jsonl >"$T/want"
opened >"$T/got"
assert_same "$T/want" "$T/got"
expect_ok formats
grep -q "^text .* $T/p/text\.so\$" "$T/out" || fail "text not listed from $T/p: $(cat "$T/out")"

step "a stale manifest (the plugin changed since) is ignored without a word"
cp "$T/p/text.so.manifest" "$T/manifest.keep" || exit 99
touch -d '2001-01-01 00:00:00' "$T/p/text.so" || exit 99
expect_ok -q -f csv -t jsonl -o "$T/s3.jsonl" "$T/s.csv"
opened | grep -qx text || fail "the plugin of a stale manifest was not opened"
assert_no_grep "warning\|error" "$T/err"
expect_ok formats
assert_grep "--set text-encoding=TEXT" "$T/out"

step "a garbled manifest is ignored too"
expect_ok formats --write-manifest "$T/p/text.so"
printf 'format\tnonsense\n' >>"$T/p/text.so.manifest"
expect_ok -q -f csv -t jsonl -o "$T/s4.jsonl" "$T/s.csv"
opened | grep -qx text || fail "the plugin of a garbled manifest was not opened"
assert_no_grep "warning\|error" "$T/err"

step "an up-to-date manifest with an option of no known kind is ignored, not trusted"
expect_ok formats --write-manifest "$T/p/text.so"
sed 's/^option\t[0-9]*\ttext-encoding\t/option\t99\ttext-encoding\t/' "$T/p/text.so.manifest" >"$T/m" &&
	cat "$T/m" >"$T/p/text.so.manifest" || exit 99
grep -q '^option.99.text-encoding' "$T/p/text.so.manifest" || fail "the test's edit did not apply"
expect_ok formats
opened | grep -qx text || fail "the plugin of an unsound manifest was not opened"
assert_grep "--set text-encoding=TEXT" "$T/out"

step "a manifest that lies about its up-to-date plugin: the plugin is refused when opened"
expect_ok formats --write-manifest "$T/p/text.so"
sed 's/^format\t\([0-9]*\)\t\([01]\)\ttext\t/format\t\1\t\2\ttxt2\t/' "$T/p/text.so.manifest" >"$T/m" &&
	cat "$T/m" >"$T/p/text.so.manifest" || exit 99
expect_ok formats
grep -q "^txt2 " "$T/out" || fail "the edited manifest was not read: $(cat "$T/out")"
expect_rc 1 -q -f txt2 -t tei -o "$T/c.xml" "$SAMPLES/port-strike.txt"
assert_grep "differs from its manifest" "$T/err"
[ ! -e "$T/c.xml" ] || fail "an output was written"

step "a manifest naming one format more than its plugin has: refused, never called once unloaded"
# jsonl is unloaded when refused (text is built to stay loaded), so a
# record left pointing into it would crash the run.
cp -p "$TOP_BUILDDIR/plugins/.libs/jsonl.so" "$T/p/jsonl.so" || exit 99
expect_ok formats --write-manifest "$T/p/jsonl.so"
awk '/^end/ { printf "format\t3\t1\tbogusfmt\t\\N\tbogus\n" } { print }' \
	"$T/p/jsonl.so.manifest" >"$T/m" && cat "$T/m" >"$T/p/jsonl.so.manifest" || exit 99
touch -r "$T/p/jsonl.so" "$T/p/jsonl.so" || exit 99
expect_ok formats
grep -q "^bogusfmt " "$T/out" || fail "the edited manifest was not read: $(cat "$T/out")"
expect_rc 1 -q -t jsonl -o "$T/d.jsonl" "$SAMPLES/port-strike.txt"
assert_grep "differs from its manifest" "$T/err"
[ ! -e "$T/d.jsonl" ] || fail "an output was written"

# Probe hints (ABI 1.5): without -f, only the readers whose extensions or
# signatures fit an input are opened to probe it, and a reader whose
# hints do not fit only when the best score so far is no more than what
# it declares it may give such an input (text: CC_PROBE_WEAK).
unset CORPUSCONV_PLUGIN_PATH
# readers: the readers among the plugins opened in the last run.
readers() {
	opened | grep -x 'text\|tei\|csv\|bundle' | tr '\n' ' '
}

step "the manifests carry each reader's probe hints"
grep -q "^probe.0\$" "$TOP_BUILDDIR/plugins/tei.so.manifest" || fail "no probe hints in tei's manifest"
grep -q "^sig.1.3c\$" "$TOP_BUILDDIR/plugins/tei.so.manifest" || fail "tei's signature '<' not in its manifest"
grep -q "^sig.0.504b0304\$" "$TOP_BUILDDIR/plugins/bundle.so.manifest" || fail "bundle's PK signature not in its manifest"
grep -q "^probe.25\$" "$TOP_BUILDDIR/plugins/text.so.manifest" || fail "text's probe_unhinted not in its manifest"

step "without -f, a .txt opens the text reader and the writer only"
expect_ok -q -t jsonl -o "$T/h1.jsonl" "$SAMPLES/port-strike.txt"
printf '%s\n' jsonl statements text >"$T/want"
opened >"$T/got"
assert_same "$T/want" "$T/got"

step "a TEI file opens tei, not text, csv or bundle"
expect_ok -q -f text -t tei -o "$T/h.xml" "$SAMPLES/port-strike.txt"
expect_ok -q -t jsonl -o "$T/h2.jsonl" "$T/h.xml"
[ "$(readers)" = "tei " ] || fail "a .xml opened the readers: $(readers)"

step "a zip bag opens bundle (and the payload's reader), never text or csv first"
expect_ok -q -t bundle -o "$T/h.zip" "$SAMPLES/port-strike.txt"
expect_ok -q -t jsonl -o "$T/h3.jsonl" "$T/h.zip"
opened | grep -qx bundle || fail "the bag did not open bundle"
sed -n 's|^corpusconv: debug: opening plugin .*/\([^/]*\)\.so$|\1|p' "$T/err" | grep -x 'text\|tei\|csv\|bundle' | head -n 1 >"$T/got"
echo bundle >"$T/want"
assert_same "$T/want" "$T/got"
cp "$T/h.zip" "$T/h-zip.bin" || exit 99
expect_ok -q -t jsonl -o "$T/h4.jsonl" "$T/h-zip.bin"
assert_same "$T/h3.jsonl" "$T/h4.jsonl"

step "an unknown extension still converts, opening text only once no signature fits"
cp "$SAMPLES/port-strike.txt" "$T/port-strike.dat" || exit 99
expect_ok -q -t text -o "$T/h5.txt" "$T/port-strike.dat"
[ "$(readers)" = "text " ] || fail "a .dat opened the readers: $(readers)"
expect_ok -q -f text -t text -o "$T/h6.txt" "$SAMPLES/port-strike.txt"
assert_same "$T/h6.txt" "$T/h5.txt"
"$CORPUSCONV" -q -t text -o "$T/h7.txt" - <"$SAMPLES/port-strike.txt" 2>"$T/err" ||
	fail "standard input (no name) did not convert: $(cat "$T/err")"
assert_same "$T/h6.txt" "$T/h7.txt"

step "hints change no detection: a table named .txt is still a table"
cp "$T/s.csv" "$T/table.txt" || exit 99
expect_ok -q -t jsonl -o "$T/h8.jsonl" "$T/table.txt"
[ "$(readers)" = "csv text " ] || fail "a table named .txt opened the readers: $(readers)"
assert_same "$T/s.jsonl" "$T/h8.jsonl"

step "a folder of articles opens text only; a bag on disk (a folder hint: bagit.txt) bundle"
mkdir "$T/arts" && cp "$SAMPLES"/*.txt "$T/arts/" || exit 99
expect_ok -q -t text -d "$T/arts-out" "$T/arts"
[ "$(readers)" = "text " ] || fail "a folder of .txt opened the readers: $(readers)"
if command -v unzip >/dev/null 2>&1; then
	mkdir "$T/bagdir" && (cd "$T/bagdir" && unzip -q "$T/h.zip") || exit 99
	bag=$(dirname "$(find "$T/bagdir" -name bagit.txt | head -n 1)")
	expect_ok -q -t jsonl -o "$T/h11.jsonl" "$bag"
	opened | grep -qx bundle || fail "a bag folder did not open bundle"
	assert_same "$T/h3.jsonl" "$T/h11.jsonl"
fi

step "the in-tree readers keep to the hints they declare (CORPUSCONV_DEBUG=hints)"
CORPUSCONV_DEBUG=hints "$CORPUSCONV" -q -t text -d "$T/every" "$SAMPLES" "$TOP_SRCDIR/tests/data" \
	"$TOP_SRCDIR/tests/hostile" "$T/table.txt" "$T/h-zip.bin" "$T/port-strike.dat" \
	"$T/h.xml" "$T/bagdir" >/dev/null 2>"$T/err"
assert_no_grep "its probe hints do not fit" "$T/err"

step "a plugin of ABI 1.5 that declares hints opens only for inputs they fit; one without, for all"
mkdir "$T/h" || exit 99
for so in hinted unhinted; do
	cp -p "$TOP_BUILDDIR/tests/plugins/.libs/$so.so" "$T/h/" || exit 99
	expect_ok formats --write-manifest "$T/h/$so.so"
done
expect_ok -q --plugin-dir "$T/h" -t text -o "$T/h9.txt" "$SAMPLES/port-strike.txt"
opened | grep -qx unhinted || fail "a plugin that declares no hints was not probed"
! opened | grep -qx hinted || fail "a plugin whose hints do not fit was opened"
printf 'HNT1 a test input\n' >"$T/in.whatever"
expect_ok -q --plugin-dir "$T/h" -t jsonl -o "$T/h10.jsonl" "$T/in.whatever"
opened | grep -qx hinted || fail "a plugin whose signature fits was not opened"
[ -z "$(readers)" ] || fail "readers whose hints do not fit were opened: $(readers)"

step "a manifest whose signature is garbled is ignored, and its plugin opened"
sed 's/^sig\t0\t[0-9a-f]*$/sig\t0\tzz/' "$T/h/hinted.so.manifest" >"$T/m" &&
	cat "$T/m" >"$T/h/hinted.so.manifest" || exit 99
grep -q "^sig.0.zz\$" "$T/h/hinted.so.manifest" || fail "the test's edit did not apply"
expect_ok formats --plugin-dir "$T/h"
opened | grep -qx hinted || fail "the plugin of a garbled signature was not opened"

step "a manifest that says CC_FORMAT_HINTS (0x80) with no probe line is ignored, so its reader is not hidden"
# Accepted, it would hide the reader: no signature would ever fit, and
# its probe_unhinted would be 0.  Ignored, the plugin is opened and its
# own hints detect the input, without a word.
expect_ok formats --write-manifest "$T/h/hinted.so"
grep -v '^probe\|^sig' "$T/h/hinted.so.manifest" >"$T/m" &&
	cat "$T/m" >"$T/h/hinted.so.manifest" || exit 99
grep -q '^probe\|^sig' "$T/h/hinted.so.manifest" && fail "the test's edit did not apply"
flags=$(sed -n 's/^format\t\([0-9]*\)\t[01]\thinted\t.*/\1/p' "$T/h/hinted.so.manifest")
[ -n "$flags" ] && [ $((flags & 128)) -eq 128 ] ||
	fail "the edited manifest does not say CC_FORMAT_HINTS: $(grep '^format' "$T/h/hinted.so.manifest")"
expect_ok formats --plugin-dir "$T/h"
opened | grep -qx hinted || fail "the plugin of a hinted manifest without a probe line was not opened"
assert_no_grep "warning" "$T/err"
expect_ok -q --plugin-dir "$T/h" -t jsonl -o "$T/h12.jsonl" "$T/in.whatever"
opened | grep -qx hinted || fail "a hinted manifest without a probe line hid its reader"
assert_same "$T/h10.jsonl" "$T/h12.jsonl"
exit 0
