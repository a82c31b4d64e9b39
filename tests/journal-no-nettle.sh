#!/bin/sh
# journal-no-nettle.sh: a machine without nettle's library.  The core
# opens nettle (dlopen, core/journal.c) only to hash the inputs of a run
# that keeps a journal; CORPUSCONV_DEBUG=no-nettle makes it look the
# library up under a name none has, so the real dlopen fails.  Then a
# sharded run still converts, warns once that its inputs cannot be hashed
# (naming dlopen's reason) and journals them with '-' for a hash, in
# process and in --isolate workers alike; --update refuses to start (exit
# 2) and writes nothing: no output, no journal, not even its folder, no
# report; and a later --update with nettle converts again
# an input touched since (its content cannot be compared without a hash)
# and skips one whose size and time are as journalled.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text

mkdir "$T/in" || exit 99
printf 'One paragraph.\n' >"$T/in/a.txt" || exit 99
printf 'Another one.\n' >"$T/in/b.txt" || exit 99

# journal_hashes DIR: the hash field of each journal line, sorted.
journal_hashes() {
	sed 1d "$1/.corpusconv-journal" | cut -f 4 | sort
}

for mode in in-process isolate; do
	step "$mode: a sharded run converts, warns, and journals '-' for each hash"
	opts=
	[ "$mode" = isolate ] && opts=--isolate
	for i in 1 2; do
		CORPUSCONV_DEBUG=no-nettle expect_ok $opts -t text -d "$T/o-$mode" --shard $i/2 "$T/in"
		assert_grep "inputs cannot be hashed (libnettle-absent-for-CORPUSCONV_DEBUG.so" "$T/err"
		assert_grep "--update will convert again any of them touched since" "$T/err"
	done
	[ -f "$T/o-$mode/a.txt" ] && [ -f "$T/o-$mode/b.txt" ] || fail "outputs missing: $(ls "$T/o-$mode")"
	printf -- '-\n-\n' >"$T/want"
	journal_hashes "$T/o-$mode" >"$T/got"
	assert_same "$T/want" "$T/got"
done

step "--update without nettle: exit 2, nothing written (no output, journal, folder or report)"
CORPUSCONV_DEBUG=no-nettle expect_rc 2 -t text -d "$T/o2" --update --report "$T/r2" "$T/in"
assert_grep "$T/o2/.corpusconv-journal: inputs cannot be hashed" "$T/err"
assert_grep "--update needs nettle's library" "$T/err"
[ ! -e "$T/o2/.corpusconv-journal" ] || fail "--update without nettle left a journal: $(ls -A "$T/o2")"
[ ! -e "$T/o2" ] || fail "--update without nettle wrote into the output folder: $(ls -A "$T/o2")"
[ ! -e "$T/r2" ] || fail "--update without nettle wrote a report"

step "--update without nettle into a folder that has a journal: exit 2, the journal unchanged"
cp "$T/o-in-process/.corpusconv-journal" "$T/journal-before" || exit 99
CORPUSCONV_DEBUG=no-nettle expect_rc 2 -t text -d "$T/o-in-process" --update "$T/in"
assert_same "$T/journal-before" "$T/o-in-process/.corpusconv-journal"

step "--update with nettle: a touched input journalled without a hash converts again, the other not"
touch -d '2001-01-01 00:00:00' "$T/in/a.txt" || exit 99
expect_ok -q -t text -d "$T/o-in-process" --update --report "$T/r" "$T/in"
grep -q '"input":"[^"]*/a.txt".*"status":"ok"' "$T/r" || fail "touched a.txt not converted again: $(cat "$T/r")"
grep -q '"input":"[^"]*/b.txt".*"status":"skipped"' "$T/r" || fail "b.txt not skipped: $(cat "$T/r")"
journal_hashes "$T/o-in-process" | grep -qx '[0-9a-f]\{64\}' || fail "no hash journalled with nettle"
exit 0
