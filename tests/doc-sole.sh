#!/bin/sh
# doc-sole.sh: host->doc_sole (ABI 1.2) tells a writer that the document
# it is writing is its output's only one exactly when the host knows it:
# the output is for one input, read by a format that gives one document
# (CC_FORMAT_ONE_DOC: text).  A writer may then write that document as it
# goes; a wrong "yes" would let it lay out a corpus as a lone document.
# The "sole" test plugin writes "ID sole=N" for each document.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv statements

mkdir "$T/plugins" "$T/in" "$T/one"
cp "$TEST_PLUGIN_DIR/sole.so" "$T/plugins/" || fail "cannot copy the sole test plugin"
export CORPUSCONV_PLUGIN_PATH="$T/plugins:$CORPUSCONV_PLUGIN_PATH"
printf 'The port reopened on Monday.\n' >"$T/in/a.txt"
printf 'The council met on Tuesday.\n' >"$T/in/b.txt"
cp "$T/in/a.txt" "$T/one/a.txt"
printf 'doc_id,statement_id,kind,speaker,quote\nd1,s1,direct,Kim Lee,Yes\n' >"$T/one.csv"

step "one text input to one output: its document is the only one"
expect_ok -t sole -o "$T/o1.tst" "$T/in/a.txt"
printf 'a sole=1\n' >"$T/want"
assert_same "$T/want" "$T/o1.tst"

step "a folder holding one text file is one input too"
expect_ok -t sole -o "$T/o2.tst" "$T/one"
assert_same "$T/want" "$T/o2.tst"

step "two inputs to one output: neither is alone, with one worker or two"
for j in 1 2; do
	expect_ok -j $j -t sole -o "$T/o3-$j.tst" "$T/in/a.txt" "$T/in/b.txt"
	printf 'a sole=0\nb sole=0\n' >"$T/want"
	assert_same "$T/want" "$T/o3-$j.tst"
done

step "one output per input (-d): each text document is alone in its output"
expect_ok -t sole -d "$T/d" "$T/in/a.txt" "$T/in/b.txt"
printf 'a sole=1\n' >"$T/want"
assert_same "$T/want" "$T/d/a.tst"
printf 'b sole=1\n' >"$T/want"
assert_same "$T/want" "$T/d/b.tst"

step "a statement table may hold many documents: no promise, even for one"
expect_ok -t sole -o "$T/o4.tst" "$T/one.csv"
printf 'd1 sole=0\n' >"$T/want"
assert_same "$T/want" "$T/o4.tst"
exit 0
