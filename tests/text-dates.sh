#!/bin/sh
# text-dates.sh: dates the raw-text reader must not guess and datelines it
# must read (issue 18, case 9): 04/03/2025 gives no date and a warning
# naming the file, the line and the text, unless --set date-order=dmy|mdy
# says which; a wire dateline with its place and a byline after a dash
# gives the date and the author; an "Updated" stamp, the only date the
# page states, gives the date.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei statements
D="$TOP_SRCDIR/tests/data/text"
command -v xmllint >/dev/null 2>&1 || skip "xmllint not installed"

step "04/03/2025 is not guessed: no date, a warning naming file, line and text"
expect_ok -t tei --statements=never -o "$T/amb.xml" "$D/date-ambiguous.txt"
[ -z "$(meta "$T/amb.xml" date)" ] || fail "date guessed: $(meta "$T/amb.xml" date)"
assert_grep 'date-ambiguous.txt:3: date left empty: in "Published: 04/03/2025" the day and the month could be either way round (--set date-order=dmy or mdy says which)' "$T/err"
assert_grep '<dateline>Published: 04/03/2025</dateline>' "$T/amb.xml"

step "--set date-order=dmy and =mdy say which"
expect_ok --set date-order=dmy -t tei --statements=never -o "$T/dmy.xml" "$D/date-ambiguous.txt"
[ "$(meta "$T/dmy.xml" date)" = 2025-03-04 ] || fail "dmy: date $(meta "$T/dmy.xml" date)"
assert_no_grep "date left empty" "$T/err"
expect_ok --set date-order=mdy -t tei --statements=never -o "$T/mdy.xml" "$D/date-ambiguous.txt"
[ "$(meta "$T/mdy.xml" date)" = 2025-04-03 ] || fail "mdy: date $(meta "$T/mdy.xml" date)"

step "any other date-order is refused, naming the value"
expect_rc 2 --set date-order=ymd -t tei "$D/date-ambiguous.txt"
assert_grep "--set date-order=ymd: 'ymd' is not one of dmy, mdy" "$T/err"

step "OAKRIDGE, March 4, 2025 — By Tom Akers, Staff Reporter: date and author"
expect_ok -t tei --statements=never -o "$T/dash.xml" "$D/dateline-dash.txt"
[ "$(meta "$T/dash.xml" date)" = 2025-03-04 ] || fail "date $(meta "$T/dash.xml" date)"
[ "$(meta "$T/dash.xml" author)" = "Tom Akers" ] || fail "author $(meta "$T/dash.xml" author)"
assert_grep '<dateline>OAKRIDGE, March 4, 2025 — By Tom Akers, Staff Reporter</dateline>' "$T/dash.xml"

step "Updated 4 March 2025 10:31 GMT, the page's only date, gives the date"
expect_ok -t tei --statements=never -o "$T/upd.xml" "$D/date-updated.txt"
[ "$(meta "$T/upd.xml" date)" = 2025-03-04T10:31Z ] || fail "date $(meta "$T/upd.xml" date)"
[ "$(meta "$T/upd.xml" title)" = "Ferry timetable changes for spring" ] ||
	fail "title $(meta "$T/upd.xml" title)"
