#!/bin/sh
# configure-plugins.sh: configure builds every plugin whose libraries it
# finds and names each one it skips with the reason (issue 16): a library
# pkg-config cannot find skips the plugins that need it, with its Debian
# package named; --enable-NAME makes that an error, --disable-NAME skips a
# plugin whose libraries are there.  The core links nothing but libc (and
# libdl, libpthread where they are apart from it).
. "$TOP_SRCDIR/tests/lib.sh"

step "the core library needs only libc (nettle is opened when a journal hashes)"
lib="$TOP_BUILDDIR/core/.libs/libcorpusconv.so"
[ -f "$lib" ] || fail "$lib not built"
command -v readelf >/dev/null 2>&1 || skip "readelf not installed"
readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$T/needed"
[ -s "$T/needed" ] || fail "readelf found no NEEDED entry in $lib"
# The sanitizers' runtimes are linked into everything of a sanitizer build.
# The SHA-256 that keys the --update journal is nettle's, opened with
# dlopen when a run keeps a journal (core/journal.c), not linked.
grep -v -e '^libc\.so' -e '^libdl\.so' -e '^libpthread\.so' -e '^ld-linux' \
	-e '^libasan\.so' -e '^libubsan\.so' "$T/needed" >"$T/extra" || true
[ ! -s "$T/extra" ] || fail "libcorpusconv links $(tr '\n' ' ' <"$T/extra")"

# A pkg-config that knows every module but jansson, as on a machine
# without libjansson-dev.
real=$(command -v pkg-config) || skip "pkg-config not installed"
cat >"$T/pkg-config" <<EOF_PC || exit 99
#!/bin/sh
for a in "\$@"; do
	case \$a in jansson*) exit 1 ;; esac
done
exec '$real' "\$@"
EOF_PC
chmod +x "$T/pkg-config" || exit 99

step "quickstart forces every plugin configure knows, so CI skips none"
sed -n 's/^CC_PLUGIN(\[\([a-z]*\)\].*/\1/p' "$TOP_SRCDIR/configure.ac" >"$T/plugins"
[ "$(wc -l <"$T/plugins")" -ge 7 ] || fail "configure.ac's CC_PLUGIN lines not read: $(cat "$T/plugins")"
for p in $(cat "$T/plugins"); do
	grep -q -- "--enable-$p\b" "$TOP_SRCDIR/quickstart" || fail "quickstart does not pass --enable-$p"
done

step "without jansson and with --disable-html: both skipped, each with its reason, the rest built"
mkdir "$T/auto" || exit 99
(cd "$T/auto" && PKG_CONFIG="$T/pkg-config" "$TOP_SRCDIR/configure" -C --disable-html \
	>"$T/auto.out" 2>"$T/auto.err") ||
	{ tail -20 "$T/auto.err" >&2; fail "configure without jansson failed"; }

# The summary comes last, after config.status's lines.
tail -4 "$T/auto.out" >"$T/summary"
assert_grep "plugins built: text tei csv bundle statements" "$T/summary"
assert_grep "plugins skipped (their tests skip too):" "$T/auto.err"
assert_grep "  jsonl: needs jansson >= 2.8 (Debian: libjansson-dev)" "$T/auto.err"
assert_grep "  html: --disable-html" "$T/auto.err"
grep -q "^CC_PLUGINS_BUILT = text tei csv bundle statements normalize\$" "$T/auto/Makefile" ||
	fail "the Makefile's CC_PLUGINS_BUILT: $(grep '^CC_PLUGINS_BUILT' "$T/auto/Makefile")"
# Automake comments out the lines of a false conditional.
grep -q '^#am__append_[0-9]* = plugins/jsonl\.la$' "$T/auto/Makefile" ||
	fail "the Makefile still builds plugins/jsonl"
grep -q '^am__append_[0-9]* = plugins/tei\.la$' "$T/auto/Makefile" ||
	fail "the Makefile does not build plugins/tei"

step "--enable-jsonl without jansson: configure fails naming the library and its package"
mkdir "$T/forced" || exit 99
# Its config.cache speeds the second run (pkg-config is asked again).
cp "$T/auto/config.cache" "$T/forced/" || exit 99
(cd "$T/forced" && PKG_CONFIG="$T/pkg-config" "$TOP_SRCDIR/configure" -q -C --enable-jsonl \
	>"$T/forced.out" 2>"$T/forced.err")
[ $? -ne 0 ] || fail "configure --enable-jsonl succeeded without jansson"
assert_grep "--enable-jsonl: plugins/jsonl needs jansson >= 2.8 (Debian: libjansson-dev)" "$T/forced.err"
exit 0
