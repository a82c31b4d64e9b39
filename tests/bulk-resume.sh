#!/bin/sh
# bulk-resume.sh: issue 19's "done when", as a test.  A folder of
# BULK_DOCS good documents (10,000 by default; 1,000 under the sanitizers,
# where each worker's fork and start cost several times more) with 20
# hostile inputs mixed in (documents that hang or crash the writer, text
# that is not UTF-8 or holds NUL, malformed and truncated XML) is run as
# 4 shards with --isolate --timeout 5, killed with SIGTERM once half the
# good documents are written (counted, not timed), and resumed with
# --update.  Then every good document is converted, and converted once
# (one "ok" report line across both runs), every bad one is in the
# resumed report as failed with its reason, no temporary or claim is
# left, and nothing outside the output folder was touched.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei

if [ "${SANITIZERS:-no}" = yes ]; then N=${BULK_DOCS:-1000}; else N=${BULK_DOCS:-10000}; fi
mkdir "$T/plugins" "$T/in" "$T/cwd" || exit 99
cp "$TEST_PLUGIN_DIR/misbehave.so" "$T/plugins/" || fail "cannot copy the misbehave test plugin"
export CORPUSCONV_PLUGIN_PATH="$T/plugins:$CORPUSCONV_PLUGIN_PATH"
# AddressSanitizer catches SIGSEGV and exits 1: let the crash be one.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export ASAN_OPTIONS

step "$N good documents in 20 folders, 20 hostile inputs among them"
awk -v n="$N" -v d="$T/in" 'BEGIN {
	for (i = 1; i <= n; i++) {
		f = sprintf("%s/f%02d", d, i % 20)
		if (i <= 20)
			system("mkdir -p " f)
		printf "The text of document g%05d.\n", i > sprintf("%s/g%05d.txt", f, i)
		close(sprintf("%s/g%05d.txt", f, i))
	}
}' || exit 99
for k in 1 2 3; do
	printf 'It never ends.\n' >"$T/in/f0$k/hang$k.txt"
	printf 'It crashes.\n' >"$T/in/f1$k/crash$k.txt"
	printf '<?xml version="1.0"?>\n<TEI><text><body><p>cut' >"$T/in/f0$k/cut$k.xml"
	printf '<?xml version="1.0"?>\n<TEI><text><body></bod></text></TEI>\n' \
		>"$T/in/f1$k/malformed$k.xml"
done
for k in 1 2 3 4; do
	printf 'Not \377 UTF-8.\n' >"$T/in/f0$((k + 4))/latin$k.txt"
	printf 'A NUL \000 byte.\n' >"$T/in/f1$((k + 4))/nul$k.txt"
done
ls "$T/in"/*/hang* "$T/in"/*/crash* "$T/in"/*/cut* "$T/in"/*/malformed* \
	"$T/in"/*/latin* "$T/in"/*/nul* | sed "s|^$T/in/||" | sort >"$T/bad" || exit 99
[ "$(wc -l <"$T/bad")" -eq 20 ] || fail "not 20 hostile inputs: $(cat "$T/bad")"
(cd "$T/in" && find . -type f -exec sha256sum {} + | sort -k 2) >"$T/in.sums" || exit 99
touch "$T/marker" || exit 99
sleep 1 # a modification time past the marker's second would show

# shard I ARGS: one shard of the run, in the background, from $T/cwd.
shard() {
	_i=$1
	shift
	(cd "$T/cwd" && exec "$CORPUSCONV" -q -t misbehave --isolate --timeout 5 \
		--shard "$_i/4" -d "$T/out" "$@" "$T/in") 2>>"$T/err.$_i" &
	eval "pid$_i=\$!"
}

step "4 shards, killed with SIGTERM once $((N / 2)) outputs are written"
for i in 1 2 3 4; do shard $i --report "$T/r1.$i"; done
half=$((N / 2)) written=0
while [ "$written" -lt "$half" ]; do
	written=$(find "$T/out" -name 'g*.tst' 2>/dev/null | wc -l)
	# A shard that ended (all its inputs done) is no failure, but all four
	# ending before half the outputs are written is.
	alive=0
	for i in 1 2 3 4; do eval "kill -0 \$pid$i" 2>/dev/null && alive=$((alive + 1)); done
	[ "$alive" -gt 0 ] || break
	sleep 0.1
done
[ "$written" -ge "$half" ] || fail "the shards ended with $written outputs"
for i in 1 2 3 4; do eval "kill -TERM \$pid$i" 2>/dev/null; done
for i in 1 2 3 4; do
	eval "wait \$pid$i"
	rc=$?
	[ "$rc" -eq 143 ] || [ "$rc" -eq 1 ] || { cat "$T/err.$i" >&2; fail "shard $i: exit $rc after SIGTERM"; }
done
killed=$(find "$T/out" -name 'g*.tst' | wc -l)
echo "    $killed of $N written when the shards were killed"
[ "$killed" -lt "$N" ] || fail "every output was written before the kill: nothing to resume"

step "the 4 shards resumed with --update"
for i in 1 2 3 4; do shard $i --update --report "$T/r2.$i"; done
for i in 1 2 3 4; do
	eval "wait \$pid$i"
	rc=$?
	[ "$rc" -eq 1 ] || { cat "$T/err.$i" >&2; fail "resumed shard $i: exit $rc, want 1 (bad inputs)"; }
done

step "every good document converted, and once"
[ "$(find "$T/out" -name 'g*.tst' | wc -l)" -eq "$N" ] ||
	fail "$(find "$T/out" -name 'g*.tst' | wc -l) good outputs, want $N"
find "$T/out" -name 'g*.tst' | sort | while read -r f; do cat "$f"; done >"$T/got"
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++) printf "g%05d\n", i }' | sort >"$T/want"
sort "$T/got" | cmp -s - "$T/want" || fail "the good outputs do not hold their documents"
cat "$T"/r1.* "$T"/r2.* | grep '"status":"ok"' |
	sed 's/^{"input":"\([^"]*\)".*/\1/' | sort | uniq -d >"$T/twice"
[ ! -s "$T/twice" ] || fail "converted twice: $(head -5 "$T/twice")"
if [ "$(cat "$T"/r1.* "$T"/r2.* | grep -c '"status":"ok"')" -ne "$N" ]; then
	# Which good inputs have no "ok" line, and every line they do have.
	cat "$T"/r1.* "$T"/r2.* | grep '"status":"ok"' |
		sed 's/^{"input":"\([^"]*\)".*/\1/' | sort >"$T/okd"
	find "$T/in" -name 'g*.txt' | sort | comm -23 - "$T/okd" | head -5 | while read -r g; do
		echo "no ok line: $g" >&2
		grep -F "\"input\":\"$g\"" "$T"/r1.* "$T"/r2.* >&2
		grep -F "$(basename "$g" .txt)" "$T"/err.* "$T/out/.corpusconv-journal" >&2
	done
	fail "$(cat "$T"/r1.* "$T"/r2.* | grep -c '"status":"ok"') ok report lines, want $N"
fi

step "every bad input in the resumed report, failed, with its reason"
cat "$T"/r2.* >"$T/r2"
while read -r bad; do
	line=$(grep -F "\"input\":\"$T/in/$bad\"" "$T/r2") || fail "$bad: not in the report"
	case $line in *'"status":"failed"'*) ;; *) fail "$bad: $line" ;; esac
	case $bad in
	*/hang*) want='timed out after 5 s (--timeout)' ;;
	*/crash*) want='the conversion crashed (signal 11' ;;
	*/latin*) want='invalid UTF-8' ;;
	*/nul*) want='NUL byte' ;;
	*) want='malformed XML' ;;
	esac
	case $line in *"$want"*) ;; *) fail "$bad: '$want' not in $line" ;; esac
done <"$T/bad"
[ "$(wc -l <"$T/r2")" -eq $((N + 20)) ] || fail "$(wc -l <"$T/r2") resumed report lines, want $((N + 20))"

step "no temporary or claim left, nothing outside the output touched"
left=$(find "$T/out" -name '.*' -type f ! -name '.corpusconv-journal')
[ -z "$left" ] || fail "left behind: $(echo "$left" | head -5)"
[ "$(find "$T/out" -type f ! -name '.corpusconv-journal' | wc -l)" -eq "$N" ] ||
	fail "the output folder holds more than the good outputs"
(cd "$T/in" && find . -type f -exec sha256sum {} + | sort -k 2) | cmp -s - "$T/in.sums" ||
	fail "the input folder changed"
[ -z "$(find "$T/in" "$T/cwd" -newer "$T/marker")" ] ||
	fail "touched outside the output: $(find "$T/in" "$T/cwd" -newer "$T/marker" | head -5)"
[ -z "$(ls -A "$T/cwd")" ] || fail "files left in the working folder: $(ls -A "$T/cwd")"
exit 0
