#!/bin/sh
# plugins-bad.sh: bad plugins (another ABI major, a newer minor, no entry
# symbol, a malformed descriptor, not a shared object) are each refused
# with a message naming the file, and every other format keeps working.
# A format whose plugin is missing is reported as such.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei statements

bad="$TOP_BUILDDIR/tests/plugins/.libs"
mkdir "$T/plugins"
for p in "$CORPUSCONV_PLUGIN_PATH"/*.so "$bad"/*.so; do
	cp "$p" "$T/plugins/" || fail "cannot copy $p"
done
printf 'not an ELF file\n' >"$T/plugins/garbage.so"

step "formats --check names each refused plugin and why"
"$CORPUSCONV" formats --check --plugin-dir "$T/plugins" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || fail "formats --check should exit 1 with bad plugins"
assert_grep "$T/plugins/bad-major.so: built for plugin ABI 2.0, this corpusconv has ABI 1.5" "$T/out"
assert_grep "$T/plugins/newer-minor.so: built for plugin ABI 1.6, this corpusconv has ABI 1.5" "$T/out"
assert_grep "$T/plugins/no-entry.so: no entry symbol corpusconv_plugin_init" "$T/out"
assert_grep "$T/plugins/bad-descriptor.so: a format says it writes but lacks a write callback" "$T/out"
assert_grep "$T/plugins/garbage.so: cannot load" "$T/out"
assert_grep "$T/plugins/bad-size.so: malformed descriptor: format badsize has size 8, less than ABI 1.4's" "$T/out"
assert_grep "$T/plugins/bad-option.so: malformed descriptor: a choice option has no choices" "$T/out"
assert_grep "$T/plugins/bad-hints.so: malformed descriptor: a signature of no known kind" "$T/out"
grep -q "^good " "$T/out" || fail "the good test plugin was not loaded"
grep -q "^olderminor " "$T/out" || fail "a plugin built for an older ABI minor was not loaded"
grep -q "^text " "$T/out" || fail "text format lost because of bad plugins"

step "conversions still work beside bad plugins, with a warning per bad one"
export CORPUSCONV_PLUGIN_PATH="$T/plugins"
printf 'Still converts.\n' >"$T/a.txt"
expect_ok -t text "$T/a.txt"
printf 'Still converts.\n' >"$T/want"
assert_same "$T/want" "$T/out"
assert_grep "warning: plugin $T/plugins/bad-major.so not loaded" "$T/err"

step "a missing plugin: its format is unknown, the others work"
# The built command would find tei.so in its build tree: a copy outside
# it searches only CORPUSCONV_PLUGIN_PATH and the installed folder.
need_no_installed_plugins
outside_copy
rm "$T/plugins/tei.so"
built=$CORPUSCONV CORPUSCONV="$T/outside/run"
expect_rc 2 -t tei "$T/a.txt"
assert_grep "no plugin writes format 'tei'" "$T/err"
expect_ok -t text "$T/a.txt"
CORPUSCONV=$built

step "two plugins claiming one format: reported; the first in name order wins"
expect_ok formats
assert_grep "format 'good' of $T/plugins/other-good.so ignored: $T/plugins/good.so, loaded first, has it" "$T/err"
grep "^good " "$T/out" | grep -q "/good.so\$" || fail "good is not from good.so: $(grep '^good' "$T/out")"
exit 0
