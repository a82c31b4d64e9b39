#!/bin/sh
# example-plugin.sh: the SDK example (plugins/example/example.c) builds the
# way a third-party plugin does, from the plugin header alone plus its own
# library (jansson), is found through --plugin-dir, and keeps documents
# whole:
#   --plugin-dir comes before CORPUSCONV_PLUGIN_PATH; a second copy is skipped
#   (its format is jsonl-docs: corpusconv's own jsonl is the statement table)
#   text -> jsonl-docs -> csv   equals text -> csv
#   jsonl-docs -> jsonl-docs    is byte-identical
#   a hand-written document keeps every field, in jsonl and in csv
#   bad JSON is reported with its line and column; the other lines convert
#   its probe hints (.jsonl, text starting with "{") open it for an input
#   they fit, never for another
# The expected outputs below are written by hand.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv jsonl statements

SDK_CC=${SDK_CC:-${CC:-cc}}
SDK_PKG_CONFIG=${SDK_PKG_CONFIG:-pkg-config}
"$SDK_PKG_CONFIG" --exists jansson 2>/dev/null ||
	skip "jansson's pkg-config file not found (Debian: apt-get install libjansson-dev)"

P="$T/plugins"
mkdir "$P"
# The example comes first; the build's own plugins (CORPUSCONV_PLUGIN_PATH)
# give text and csv.
run() { cc --plugin-dir "$P" "$@"; }
ok() { expect_ok --plugin-dir "$P" "$@"; }

step "example.c compiles as a plugin, warning-free, against the header alone"
# `command`: lib.sh's cc() runs corpusconv, not the compiler.
# shellcheck disable=SC2046 # pkg-config output is meant to be split
command $SDK_CC -std=c11 -Wall -Wextra -Werror -shared -fPIC -I"$TOP_SRCDIR/core" \
	-o "$P/example.so" "$TOP_SRCDIR/plugins/example/example.c" \
	$("$SDK_PKG_CONFIG" --cflags --libs jansson) >"$T/cc.err" 2>&1 ||
	{ cat "$T/cc.err" >&2; fail "example.c does not build"; }
if command -v nm >/dev/null 2>&1; then
	nm -D --defined-only "$P/example.so" | awk '$2 == "T" { print $3 }' >"$T/exports"
	printf 'corpusconv_plugin_init\n' >"$T/want-exports"
	assert_same "$T/want-exports" "$T/exports"
fi

step "it is found through --plugin-dir and passes formats --check"
expect_ok formats --check --plugin-dir "$P"
grep -q "^jsonl-docs  *rw  *jsonl  *1\.0\.0  *$P/example.so\$" "$T/out" ||
	{ cat "$T/out" >&2; fail "jsonl-docs is not listed from $P/example.so"; }

step "search order: --plugin-dir, then CORPUSCONV_PLUGIN_PATH; a plugin found again is skipped"
mkdir "$T/later"
cp "$P/example.so" "$T/later/example.so"
build_path=$CORPUSCONV_PLUGIN_PATH
export CORPUSCONV_PLUGIN_PATH="$T/later:$build_path"
expect_ok formats --plugin-dir "$P"
grep "^jsonl-docs " "$T/out" | grep -q " $P/example.so\$" ||
	fail "jsonl-docs should come from --plugin-dir: $(grep '^jsonl-docs ' "$T/out")"
assert_no_grep "later/example.so" "$T/err"
expect_ok formats
grep "^jsonl-docs " "$T/out" | grep -q " $T/later/example.so\$" ||
	fail "jsonl-docs should come from CORPUSCONV_PLUGIN_PATH: $(grep '^jsonl-docs ' "$T/out")"
export CORPUSCONV_PLUGIN_PATH="$build_path"

step "text -> jsonl -> csv equals text -> csv"
ok -t jsonl-docs -o "$T/samples.jsonl" "$SAMPLES"
[ "$(wc -l <"$T/samples.jsonl")" -eq 4 ] || fail "want one line per sample in samples.jsonl"
ok -t csv -o "$T/direct.csv" "$SAMPLES"
ok -t csv -o "$T/via-jsonl.csv" "$T/samples.jsonl"
assert_same "$T/direct.csv" "$T/via-jsonl.csv"

step "jsonl -> jsonl is byte-identical, and detected by content"
ok -f jsonl-docs -t jsonl-docs -o "$T/again.jsonl" "$T/samples.jsonl"
assert_same "$T/samples.jsonl" "$T/again.jsonl"
cp "$T/samples.jsonl" "$T/samples.data"
ok -t jsonl-docs -o "$T/detected.jsonl" "$T/samples.data"
assert_same "$T/samples.jsonl" "$T/detected.jsonl"

step "a hand-written document keeps every field through jsonl -> jsonl"
# Repeated metadata keys, every block kind used here, persons of two kinds,
# an anchored statement with extras and an unanchored one, UTF-8 and quotes.
cat >"$T/doc.jsonl" <<'EOF'
{"id":"harbour-1","metadata":[["title","Pier stays shut"],["author","A. Writer"],["author","B. Writer"],["date","2024-03-05"],["publisher","Eastport Ledger"],["source","harbour.txt"]],"blocks":[{"kind":"title","text":"Pier stays shut"},{"kind":"paragraph","text":"\"We will not reopen the pier,\" said harbour master Mira Ølsen."},{"kind":"caption","text":"The café on the pier, closed since May. (Photo - Ledger)"}],"persons":[{"id":"p1","name":"Mira Ølsen","role":"harbour master","affiliation":"Eastport Port Authority","kind":"person"},{"id":"p2","name":"the ministry","kind":"org"}],"statements":[{"id":"s1","kind":"direct","speaker":"Mira Ølsen","person":"p1","role":"harbour master","cue":"said","quote":"We will not reopen the pier,","block":1,"start":1,"end":29,"extras":[["confidence","0.9"],["note","checked, twice"]]},{"id":"s2","kind":"indirect","speaker":"the ministry","person":"p2","quote":"the cranes would be inspected"}]}
EOF
ok -t jsonl-docs -o "$T/doc2.jsonl" "$T/doc.jsonl"
assert_same "$T/doc.jsonl" "$T/doc2.jsonl"

step "... and lands in the right CSV columns"
ok -t csv -o "$T/doc.csv" "$T/doc.jsonl"
{
	printf 'doc_id,statement_id,kind,speaker,speaker_role,cue,quote,block,start,end,doc_date,doc_title,doc_publisher,doc_source,confidence,note\r\n'
	printf 'harbour-1,s1,direct,Mira Ølsen,harbour master,said,"We will not reopen the pier,",1,1,29,2024-03-05,Pier stays shut,Eastport Ledger,harbour.txt,0.9,"checked, twice"\r\n'
	printf 'harbour-1,s2,indirect,the ministry,,,the cranes would be inspected,,,,2024-03-05,Pier stays shut,Eastport Ledger,harbour.txt,,\r\n'
} >"$T/want.csv"
assert_same "$T/want.csv" "$T/doc.csv"

step "bad JSON: reported with line and column, the other lines still convert"
printf '{"id":"a"}\n\n{"id":"b",}\n{"id":"c","statements":[{"quote":"q","block":0,"start":5,"end":2}]}\n{"id":"d"}\n' \
	>"$T/bad.jsonl"
run -t jsonl-docs -o "$T/bad-out.jsonl" "$T/bad.jsonl"
[ "$rc" -eq 1 ] || { cat "$T/err" >&2; fail "bad.jsonl: exit $rc, want 1"; }
assert_grep "bad.jsonl:3:11: bad JSON: " "$T/err"
assert_grep "bad.jsonl:4: statement 0: start 5 is after end 2" "$T/err"
printf '{"id":"a","metadata":[["source","bad.jsonl"]],"blocks":[],"persons":[],"statements":[]}\n' >"$T/want-bad"
printf '{"id":"d","metadata":[["source","bad.jsonl"]],"blocks":[],"persons":[],"statements":[]}\n' >>"$T/want-bad"
assert_same "$T/want-bad" "$T/bad-out.jsonl"

step "not JSON at all: refused, no crash"
printf 'Just a line of text.\n' >"$T/text.jsonl"
run -f jsonl-docs -t jsonl-docs -o "$T/none.jsonl" "$T/text.jsonl"
[ "$rc" -eq 1 ] || fail "text.jsonl: exit $rc, want 1"
assert_grep "text.jsonl:1:" "$T/err"
assert_grep ": bad JSON: " "$T/err"

step "its probe hints: with a manifest, an input they fit opens it, any other does not"
# With no manifest the plugin is opened whenever it is found; with one,
# detection opens it only for a name ending in .jsonl or text starting
# with '{' (CORPUSCONV_DEBUG=plugins names each plugin file opened).
expect_ok formats --write-manifest "$P/example.so"
grep -q '^probe.0$' "$P/example.so.manifest" || fail "no probe hints in the example's manifest"
grep -q '^sig.1.7b$' "$P/example.so.manifest" || fail "the signature '{' is not in the example's manifest"
opened_example() { grep -q "^corpusconv: debug: opening plugin $P/example\.so\$" "$T/err"; }
CORPUSCONV_DEBUG=plugins ok -t csv -o "$T/hinted.csv" "$T/samples.data"
opened_example || fail "a jsonl-docs file without the extension did not open the example"
assert_same "$T/via-jsonl.csv" "$T/hinted.csv"
printf '\357\273\277 \r\n{"id":"spaced"}\n' >"$T/spaced.data"
CORPUSCONV_DEBUG=plugins ok -t jsonl-docs -o "$T/spaced-out.jsonl" "$T/spaced.data"
assert_grep '{"id":"spaced",' "$T/spaced-out.jsonl"
CORPUSCONV_DEBUG=plugins ok -t csv -o "$T/article.csv" "$SAMPLES/port-strike.txt"
! opened_example || fail "an article (.txt, not '{') opened the example"
CORPUSCONV_DEBUG=plugins ok -t csv -d "$T/samples-csv" "$SAMPLES"
! opened_example || fail "the samples (.txt, not '{') opened the example"
CORPUSCONV_DEBUG=hints ok -t text -d "$T/every" "$SAMPLES" "$T/samples.data" "$T/spaced.data" \
	"$T/doc.jsonl" "$T/article.csv"
assert_no_grep "its probe hints do not fit" "$T/err"
exit 0
