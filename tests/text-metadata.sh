#!/bin/sh
# text-metadata.sh: the raw-text reader's inferred metadata on the real
# corpus (../shared/corpus/raw) against the hand-made gold
# (gold/metadata.tsv): title, subtitle, date and author of every article.
# The values are read from the TEI header the converted article gets.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei statements
need_corpus
GOLD="$CORPUS/gold/metadata.tsv"
[ -f "$GOLD" ] || skip "$GOLD not found"
"$CORPUSCONV" formats 2>/dev/null | grep -q '^tei  *r\{0,1\}w' ||
	skip "the TEI writer is not built: cannot see the metadata"
command -v xmllint >/dev/null 2>&1 || skip "xmllint not installed"


# Tabs are IFS white space, which would merge empty fields: use US.
US=$(printf '\037')
bad=0 rows=0
tail -n +2 "$GOLD" | tr '\t' '\037' >"$T/gold"
while IFS=$US read -r doc title subtitle date author; do
	[ -n "$doc" ] || continue
	rows=$((rows + 1))
	step "$doc"
	expect_ok -t tei --statements=never "$CORPUS/raw/$doc.txt"
	mv "$T/out" "$T/$doc.xml"
	for key in title subtitle date author; do
		case $key in
		title) want=$title ;; subtitle) want=$subtitle ;;
		date) want=$date ;; author) want=$author ;;
		esac
		got=$(meta "$T/$doc.xml" $key)
		if [ "$got" != "$want" ]; then
			printf '%s: %s is "%s", want "%s"\n' "$doc" "$key" "$got" "$want" >&2
			bad=$((bad + 1))
		fi
	done
done <"$T/gold"
[ "$rows" -gt 0 ] || fail "no rows read from $GOLD"
[ "$bad" -eq 0 ] || fail "$bad metadata fields differ from the gold"
echo "all $rows articles match the gold metadata"
