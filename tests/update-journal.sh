#!/bin/sh
# update-journal.sh: --update keyed on what was converted (issue 19,
# cases 2 and 3).  The output folder's journal (.corpusconv-journal)
# makes a re-run skip exactly the inputs that converted and have not
# changed (a touched but unchanged file included, by its hash), and
# convert again what failed, changed or lost an output; an input of
# several documents (a table) is skipped as a whole; every input has one
# report line, a skipped one too.  Shards run one after the other never
# overwrite each other's outputs: the journal names the input that wrote
# a path, and a second input wanting it fails.
. "$TOP_SRCDIR/tests/lib.sh"

mkdir "$T/in" || exit 99
printf 'The council met on Tuesday.\n' >"$T/in/one.txt" || exit 99
printf 'doc_id,statement_id,kind,speaker,quote\nd1,s1,direct,Kim Lee,We will act\nd2,s1,direct,Ann Roe,We will wait\nd3,s1,direct,Bo Li,We will see\n' \
	>"$T/in/table.csv" || exit 99
printf '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>\n' >"$T/in/broken.xml" || exit 99
J=$T/o/.corpusconv-journal

# count_status STATUS: report lines with that status in $T/r.
count_status() { grep -c "\"status\":\"$1\"" "$T/r"; }

step "first run: two inputs convert, one fails; the journal says so"
expect_rc 1 -t text -d "$T/o" --update --report "$T/r" "$T/in"
[ -f "$J" ] || fail "no journal in the output folder"
assert_grep "corpusconv-journal 1" "$J"
[ "$(count_status ok)" -eq 2 ] && [ "$(count_status failed)" -eq 1 ] || fail "report: $(cat "$T/r")"
[ "$(find "$T/o" -name '*.txt' | wc -l)" -eq 4 ] || fail "want 4 outputs: $(ls -R "$T/o")"

step "re-run: the converted are skipped, with a report line each; the failed one is tried again"
expect_rc 1 -t text -d "$T/o" --update --report "$T/r" "$T/in"
[ "$(wc -l <"$T/r")" -eq 3 ] || fail "want one report line per input: $(cat "$T/r")"
[ "$(count_status skipped)" -eq 2 ] || fail "want 2 skipped: $(cat "$T/r")"
grep '"status":"failed"' "$T/r" | grep -q broken.xml || fail "broken.xml not tried again: $(cat "$T/r")"
grep '"status":"skipped"' "$T/r" | grep -q 'table.csv.*"documents":3' ||
	fail "the table's three documents not skipped as one input: $(cat "$T/r")"

step "touched but unchanged: still skipped (its content hash is the same)"
touch -d '2030-01-01' "$T/in/one.txt" "$T/in/table.csv"
expect_rc 1 -t text -d "$T/o" --update --report "$T/r" "$T/in"
[ "$(count_status skipped)" -eq 2 ] || fail "a touched file was converted again: $(cat "$T/r")"

step "changed, fixed, or an output lost: converted again"
printf 'd4,s1,direct,Cy Po,We will go\n' >>"$T/in/table.csv"
printf '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>B</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body><p>Fixed now.</p></body></text></TEI>\n' \
	>"$T/in/broken.xml"
expect_ok -t text -d "$T/o" --update --report "$T/r" "$T/in"
[ "$(count_status ok)" -eq 2 ] && [ "$(count_status skipped)" -eq 1 ] || fail "report: $(cat "$T/r")"
[ -f "$T/o/table/d4.txt" ] || fail "the changed table's new document is missing: $(ls -R "$T/o")"
rm "$T/o/one.txt"
expect_ok -t text -d "$T/o" --update --report "$T/r" "$T/in"
grep '"status":"ok"' "$T/r" | grep -q one.txt || fail "a lost output was not written again: $(cat "$T/r")"
[ -f "$T/o/one.txt" ] || fail "one.txt not written again"

step "shards one after the other: a.txt and a.xml both give a.txt, and one of them fails"
mkdir "$T/c" || exit 99
printf 'From the text file.\n' >"$T/c/a.txt"
printf '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body><p>From the XML file.</p></body></text></TEI>\n' \
	>"$T/c/a.xml"
cc -q -t text -d "$T/co" --shard 1/2 "$T/c"
rc1=$rc
cat "$T/err" >"$T/err1"
cc -q -t text -d "$T/co" --shard 2/2 "$T/c"
rc2=$rc
cat "$T/err1" "$T/err" >"$T/errs"
[ $((rc1 + rc2)) -eq 1 ] || { cat "$T/errs" >&2; fail "shard exit statuses $rc1 and $rc2: want one failure"; }
grep -q "output $T/co/a.txt" "$T/errs" || fail "the collision is not named: $(cat "$T/errs")"
step "... and --update afterwards does not call the loser done"
cc -q -t text -d "$T/co" --update --report "$T/r" "$T/c"
[ "$rc" -eq 1 ] || fail "--update after the collision exited $rc, want 1"
[ "$(count_status failed)" -eq 1 ] && [ "$(count_status skipped)" -eq 1 ] || fail "report: $(cat "$T/r")"
exit 0
