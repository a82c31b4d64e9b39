#!/bin/sh
# abi.sh: plugins built against older ABIs, from frozen copies of their
# headers (tests/plugins/abi-1.0, abi-1.2), load beside the current ones
# and convert: their descriptors are read with the 1.3 layout (no size, no
# options), a 1.2 plugin reaches the 1.2 slot doc_sole, and an option
# given to such a plugin by name reaches it unchecked, since it can
# declare none; with -d no run index (end_run, a later 1.4 field) is asked
# of them.  A 1.4 plugin whose format descriptor's size stops short of
# end_run (short14: the descriptor ends where an unreadable page begins)
# loads, converts, and with -d writes its pages and no index: end_run is
# never read past the size a descriptor gives.
. "$TOP_SRCDIR/tests/lib.sh"
mkdir "$T/p"
for so in old10 old12 short14; do
	cp "$TEST_PLUGIN_DIR/$so.so" "$T/p/" || fail "no test plugin $so.so"
done
IN="$SAMPLES/port-strike.txt"

step "both load, and formats --check refuses nothing"
expect_ok formats --check --plugin-dir "$T/p"
grep -q "^old10 " "$T/out" || fail "the ABI 1.0 plugin was not loaded"
grep -q "^old12 " "$T/out" || fail "the ABI 1.2 plugin was not loaded"
assert_grep "all plugins loaded" "$T/out"

step "an ABI 1.0 plugin converts, with statements the host extracted"
expect_ok --plugin-dir "$T/p" -t old10 -o "$T/a.old" "$IN"
grep -q "^port-strike blocks=[1-9][0-9]* statements=[1-9][0-9]* greeting=-\$" "$T/a.old" ||
	fail "unexpected output: $(cat "$T/a.old")"

step "an ABI 1.2 plugin converts and is told its document is the only one"
expect_ok --plugin-dir "$T/p" -t old12 -o "$T/b.old" "$IN"
grep -q "^port-strike blocks=[1-9][0-9]* statements=[1-9][0-9]* greeting=- sole=1\$" "$T/b.old" ||
	fail "unexpected output: $(cat "$T/b.old")"

step "PLUGIN:KEY reaches an old plugin, which declares nothing; a bare unknown key does not"
expect_ok --plugin-dir "$T/p" -t old10 --set old10:greeting=hello -o "$T/c.old" "$IN"
assert_grep "greeting=hello" "$T/c.old"
expect_rc 2 --plugin-dir "$T/p" -t old10 --set greeting=hello "$IN"
assert_grep "no plugin has an option 'greeting'" "$T/err"
step "-d with an old plugin: its page, and no end_run read past its descriptor"
for so in old10 old12; do
	expect_ok --plugin-dir "$T/p" -t $so -d "$T/d-$so" "$IN"
	[ -f "$T/d-$so/port-strike.old" ] || fail "$so wrote no page with -d: $(ls "$T/d-$so")"
	[ ! -e "$T/d-$so/index.old" ] || fail "an index was written for $so, which has no end_run"
done

step "ABI 1.4 with a descriptor short of end_run: loads, converts, -d writes no index"
expect_ok formats --check --plugin-dir "$T/p"
grep -q "^short14 " "$T/out" || fail "the ABI 1.4 plugin with a short descriptor was not loaded: $(cat "$T/out" "$T/err")"
expect_ok --plugin-dir "$T/p" -t short14 -o "$T/s.tst" "$IN"
echo port-strike >"$T/want"
assert_same "$T/want" "$T/s.tst"
for j in 1 2; do
	expect_ok --plugin-dir "$T/p" -t short14 -j $j -d "$T/d-short14-$j" "$IN" "$SAMPLES/council-vote.txt"
	ls "$T/d-short14-$j" >"$T/listed"
	printf 'council-vote.tst\nport-strike.tst\n' >"$T/want"
	assert_same "$T/want" "$T/listed"
done
exit 0
