#!/bin/sh
# html-browser.sh: the review page of the demo corpus in a real browser.
# Headless Chromium (Debian: chromium) loads it from a file: the DOM it
# builds (--dump-dom) marks exactly the statement table's rows (count,
# kind, speaker, quote text), holds no script, keeps a hostile title as
# text; the -d index.html shows the same page header and links every page;
# and a screenshot of it is a PNG, kept as tests/html-review.png in
# the build tree (docs/review-example.png is one such, committed).  Skips,
# saying so, when Chromium is absent: ./quickstart check installs it.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text csv html statements
MARKS="$TOP_SRCDIR/tests/html-marks.py"
[ -n "${PYTHON3:-}" ] || skip "python3 not found"
BROWSER=${CHROMIUM:-}
if [ -z "$BROWSER" ]; then
	for b in chromium chromium-browser google-chrome; do
		command -v "$b" >/dev/null 2>&1 && { BROWSER=$(command -v "$b"); break; }
	done
fi
[ -n "$BROWSER" ] || skip "Chromium not installed (Debian: apt-get install chromium; ./quickstart check installs it)"

# browse ARGS... URL: headless Chromium with a profile of its own in $T,
# no sandbox (a test may run as root, where the sandbox refuses to start),
# stopped after two minutes.
browse() {
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --hide-scrollbars --user-data-dir="$T/profile" "$@" 2>>"$T/browser.err"
}

step "the demo corpus's page, as Chromium builds it, marks the statement table's rows"
expect_ok -t html -o "$T/review.html" "$SAMPLES"
expect_ok -t csv -o "$T/samples.csv" "$SAMPLES"
browse --dump-dom "file://$T/review.html" >"$T/dom.html" ||
	{ tail -5 "$T/browser.err" >&2; fail "chromium --dump-dom failed"; }
assert_grep '<main id="main">' "$T/dom.html"
"$PYTHON3" "$MARKS" "$T/dom.html" | sort >"$T/marks" || fail "html-marks.py failed"
"$PYTHON3" "$MARKS" --csv "$T/samples.csv" | sort >"$T/rows" || fail "html-marks.py failed"
[ -s "$T/rows" ] || fail "the statement table has no row"
assert_same "$T/rows" "$T/marks"
assert_no_grep '<script' "$T/dom.html"

step "a hostile title stays text in the browser's DOM"
printf 'doc_id,kind,speaker,quote,doc_title\nevil,direct,"<img src=x onerror=alert(1)>",Hi,"<script>alert(1)</script>"\n' \
	>"$T/hostile.csv"
expect_ok -t html -o "$T/hostile.html" "$T/hostile.csv"
browse --dump-dom "file://$T/hostile.html" >"$T/hostile-dom.html" || fail "chromium --dump-dom failed"
assert_no_grep '<script' "$T/hostile-dom.html"
assert_no_grep '<img' "$T/hostile-dom.html"
"$PYTHON3" "$MARKS" --text "$T/hostile-dom.html" d1-h >"$T/title"
printf '%s\n' '<script>alert(1)</script>' >"$T/want"
assert_same "$T/want" "$T/title"

step "the -d index in Chromium: the review page's header, a link to every page"
expect_ok -t html -d "$T/pages" "$SAMPLES"
browse --dump-dom "file://$T/pages/index.html" >"$T/index-dom.html" ||
	{ tail -5 "$T/browser.err" >&2; fail "chromium --dump-dom failed on index.html"; }
# header: the page's <header class="page"> as the browser serialises it.
header() { sed -n 's/.*\(<header class="page">.*<\/header>\).*/\1/p' "$1"; }
header "$T/dom.html" >"$T/header.want"
header "$T/index-dom.html" >"$T/header.got"
[ -s "$T/header.want" ] || fail "no page header in the review page's DOM"
assert_same "$T/header.want" "$T/header.got"
assert_grep '<main id="main">' "$T/index-dom.html"
for f in "$SAMPLES"/*.txt; do
	assert_grep "<a href=\"$(basename "$f" .txt).html#d1\">" "$T/index-dom.html"
done

step "a screenshot of the page"
shot="$TOP_BUILDDIR/tests/html-review.png"
rm -f "$shot"
browse --window-size=1000,1400 --screenshot="$shot" "file://$T/review.html" >/dev/null ||
	fail "chromium --screenshot failed"
[ "$(head -c 8 "$shot" | od -An -c | tr -d ' \n')" = '211PNG\r\n032\n' ] ||
	fail "$shot is not a PNG"
[ "$(wc -c <"$shot")" -gt 20000 ] || fail "$shot is too small to show the page"
echo "screenshot: $shot"
exit 0
