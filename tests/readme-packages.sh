#!/bin/sh
# readme-packages.sh: README.md's package list is complete.  Every Debian
# package configure.ac names (its "(Debian: ...)" hints, one for each
# library a plugin needs) and every package quickstart installs is in the list
# of README.md's set-up section, and quickstart installs every one
# configure names.
. "$TOP_SRCDIR/tests/lib.sh"
ac="$TOP_SRCDIR/configure.ac"
qs="$TOP_SRCDIR/quickstart"
readme="$TOP_SRCDIR/README.md"

step "each library in configure.ac names its Debian package"
awk '/PKG_CHECK_MODULES\(/ { want = 1; call = "" }
     want { call = call $0 }
     want && /\)\)?[ \t]*$/ {
	if (call !~ /Debian: /) { print call; bad = 1 }
	want = 0 }
     END { exit bad }' "$ac" >"$T/bare" ||
	fail "PKG_CHECK_MODULES without a Debian package: $(cat "$T/bare")"
n_pkg=$(grep -c 'PKG_CHECK_MODULES(' "$ac")
n_named=$(awk '/PKG_CHECK_MODULES\(/ { want = 1 } want && /Debian: / { n++; want = 0 } END { print n + 0 }' "$ac")
[ "$n_pkg" -gt 0 ] && [ "$n_pkg" -eq "$n_named" ] ||
	fail "$n_pkg PKG_CHECK_MODULES, $n_named with a Debian package"

step "the packages named"
sed -n 's/.*Debian: \([^)]*\)).*/\1/p' "$ac" | tr ' ' '\n' | sed '/^$/d' | sort -u >"$T/configure"
sed -n '/^PACKAGES="/,/"$/p' "$qs" | sed 's/^PACKAGES="//; s/"$//' | tr ' \t' '\n\n' |
	sed '/^$/d' | sort -u >"$T/quickstart"
grep -q '^libicu-dev$' "$T/configure" || fail "configure.ac names no libicu-dev: $(cat "$T/configure")"
grep -q '^gcc$' "$T/quickstart" || fail "quickstart's PACKAGES not read: $(cat "$T/quickstart")"
# README's list: the words in backquotes of its set-up section.
sed -n '/^## Set-up/,/^## Usage/p' "$readme" | tr -s ' \n' ' ' | grep -o '`[^`]*`' |
	tr -d '`' | tr ' ' '\n' | sed '/^$/d' | sort -u >"$T/readme"

step "README lists every package configure.ac and quickstart name"
for p in $(cat "$T/configure" "$T/quickstart"); do
	grep -qx -- "$p" "$T/readme" || fail "README.md's package list lacks $p"
done

step "quickstart installs every package configure.ac names"
for p in $(cat "$T/configure"); do
	grep -qx -- "$p" "$T/quickstart" || fail "quickstart's PACKAGES lack $p"
done
exit 0
