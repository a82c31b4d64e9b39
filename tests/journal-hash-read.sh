#!/bin/sh
# journal-hash-read.sh: the journal's SHA-256 of a streamed input (a
# bundle, handed to its reader as an open file) is of the bytes that were
# converted (issue 18).  It was taken by opening the path again, so a file
# put in the input's place after it was opened gave the hash of bytes
# never converted, and --update would then skip the new file as done.
# tests/interpose.c replaces the input just after it is first opened;
# the journal must name the first bag's hash, and a re-run with --update
# must convert the second bag.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text bundle

need_interposer
command -v sha256sum >/dev/null || skip "no sha256sum"
mkdir "$T/one" "$T/two" "$T/in" || exit 99
printf 'The first bag was converted.\n' >"$T/one/a.txt" || exit 99
printf 'The second bag came later, with more words in it.\n' >"$T/two/a.txt" || exit 99
expect_ok -q -t bundle -o "$T/one.zip" "$T/one/a.txt"
expect_ok -q -t bundle -o "$T/two.zip" "$T/two/a.txt"
cp "$T/one.zip" "$T/in/b.zip" && cp "$T/two.zip" "$T/spare.zip" || exit 99
first=$(sha256sum <"$T/one.zip" | cut -c1-64)
second=$(sha256sum <"$T/two.zip" | cut -c1-64)

step "the input is replaced once opened: the first bag is converted, and its hash recorded"
LD_PRELOAD=$SHIM CC_INTERPOSE_REPLACE=$T/in/b.zip CC_INTERPOSE_WITH=$T/spare.zip \
	"$CORPUSCONV" -q -t text -d "$T/o" --update "$T/in/b.zip" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "exited $rc"; }
[ ! -e "$T/spare.zip" ] || fail "the input was never replaced (the interposer did not act)"
cmp -s "$T/in/b.zip" "$T/two.zip" || fail "the input is not the second bag"
grep -rqF "The first bag was converted." "$T/o" || fail "the first bag was not the one converted"
line=$(grep -F "$T/in/b.zip" "$T/o/.corpusconv-journal") || fail "no journal line"
printf '%s\n' "$line" | cut -f4 >"$T/hash"
assert_grep "$first" "$T/hash"
assert_no_grep "$second" "$T/hash"

step "a re-run with --update converts the second bag, which was never converted"
expect_ok -q -t text -d "$T/o" --update --report "$T/r" "$T/in/b.zip"
assert_grep '"status":"ok"' "$T/r"
grep -rqF "The second bag came later" "$T/o" || fail "the second bag was not converted"
exit 0
