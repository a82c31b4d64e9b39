#!/bin/sh
# plugin-search.sh: where the command finds its plugins.  Run from its
# build tree it loads the plugins built beside it with no variable set;
# a copy outside the tree (as an installed one) searches the installed
# folder and never the tree; with no plugin at all, `formats` and
# `formats --check` fail and name the folders searched; --version names
# the version, the plugin ABI and the folders.  No message shows a
# libtool path (.libs, lt-).
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle html statements
unset CORPUSCONV_PLUGIN_PATH

step "the built command lists every plugin built beside it, with no variable set"
expect_ok formats
for f in text tei csv bundle statements; do
	grep -q "^$f .* $TOP_BUILDDIR/plugins/$f\.so\$" "$T/out" ||
		{ cat "$T/out" >&2; fail "formats does not list $f from $TOP_BUILDDIR/plugins"; }
done
expect_ok formats --check
assert_grep "all plugins loaded" "$T/out"

step "the issue's first conversion works as typed: -t tei formats/samples/port-strike.txt"
expect_ok -t tei "$SAMPLES/port-strike.txt"
assert_grep "<TEI " "$T/out"
expect_ok -t csv -o "$T/s.csv" "$SAMPLES"
assert_grep "doc_id,statement_id" "$T/s.csv"

step "--version: version, plugin ABI, the folders searched in order"
abi=$(sed -n 's/^#define CC_ABI_MAJOR \([0-9]*\)$/\1/p' "$TOP_SRCDIR/core/corpusconv-plugin.h").$(
	sed -n 's/^#define CC_ABI_MINOR \([0-9]*\)$/\1/p' "$TOP_SRCDIR/core/corpusconv-plugin.h")
expect_ok --version
sed -n 1p "$T/out" | grep -qx "corpusconv [0-9][0-9.]*" || fail "first line: $(sed -n 1p "$T/out")"
grep -qx "plugin ABI $abi" "$T/out" || fail "no 'plugin ABI $abi' in: $(cat "$T/out")"
grep -qx "  $TOP_BUILDDIR/plugins (build tree)" "$T/out" || fail "build tree not named: $(cat "$T/out")"
assert_no_grep "(installed)" "$T/out"
mkdir "$T/a" "$T/b" "$T/c" || exit 99
export CORPUSCONV_PLUGIN_PATH="$T/a:$T/b"
expect_ok --version --plugin-dir "$T/c"
unset CORPUSCONV_PLUGIN_PATH
grep '^  ' "$T/out" >"$T/folders"
printf '  %s\n' "$T/c (--plugin-dir)" "$T/a (CORPUSCONV_PLUGIN_PATH)" \
	"$T/b (CORPUSCONV_PLUGIN_PATH)" "$TOP_BUILDDIR/plugins (build tree)" >"$T/want"
assert_same "$T/want" "$T/folders"

step "no libtool path in what the command prints"
printf 'Alpha.\n' >"$T/a.txt"
: >"$T/all"
for args in "formats" "formats --check" "--version" "-v -t text -d $T/o $T/a.txt" \
	"-t tie $T/a.txt" "--no-such-option" "-Z" "-t" "--to" "-j x" "formats extra"; do
	# shellcheck disable=SC2086 # the arguments split on purpose
	cc $args
	cat "$T/out" "$T/err" >>"$T/all"
done
assert_grep "did you mean 'tei'" "$T/all"
assert_no_grep ".libs" "$T/all"
assert_no_grep "lt-corpusconv" "$T/all"

step "a copy outside the build tree searches the installed folder, never the tree"
outside_copy
built=$CORPUSCONV CORPUSCONV="$T/outside/run"
expect_ok --version
grep -qx "  $INSTALLED_PLUGIN_DIR (installed)" "$T/out" || fail "installed folder not named: $(cat "$T/out")"
assert_no_grep "$TOP_BUILDDIR" "$T/out"

step "no plugin at all: formats and formats --check fail and name the folders"
need_no_installed_plugins
mkdir "$T/empty" || exit 99
export CORPUSCONV_PLUGIN_PATH="$T/empty"
expect_rc 1 formats
assert_grep "no plugin loaded: searched $T/empty (CORPUSCONV_PLUGIN_PATH), $INSTALLED_PLUGIN_DIR (installed)" "$T/err"
expect_rc 1 formats --check
assert_grep "no plugin loaded: searched $T/empty (CORPUSCONV_PLUGIN_PATH)" "$T/err"
assert_no_grep "all plugins loaded" "$T/out"
expect_rc 2 -t tei -o "$T/none.xml" "$T/a.txt"
assert_grep "no plugin writes format 'tei'; no plugin was found in $T/empty (CORPUSCONV_PLUGIN_PATH)" "$T/err"
[ ! -e "$T/none.xml" ] || fail "an output was written with no plugin"
unset CORPUSCONV_PLUGIN_PATH

step "a build tree is known by plugins/BUILD-TREE beside the program's .libs"
mkdir -p "$T/tree/.libs" "$T/tree/plugins" || exit 99
cp "$T/outside/corpusconv" "$T/tree/.libs/corpusconv" || exit 99
ln -s "$TOP_BUILDDIR/plugins/.libs/text.so" "$T/tree/plugins/text.so" || exit 99
sed "s|$T/outside/corpusconv|$T/tree/.libs/corpusconv|" "$T/outside/run" >"$T/tree/run" || exit 99
chmod +x "$T/tree/run" || exit 99
CORPUSCONV="$T/tree/run"
expect_ok --version
assert_no_grep "$T/tree/plugins" "$T/out"
: >"$T/tree/plugins/BUILD-TREE"
expect_ok --version
grep -qx "  $T/tree/plugins (build tree)" "$T/out" || fail "marked tree not searched: $(cat "$T/out")"
expect_ok formats
grep -q "^text .* $T/tree/plugins/text\.so\$" "$T/out" || fail "text not loaded from the marked tree: $(cat "$T/out")"
CORPUSCONV=$built
exit 0
