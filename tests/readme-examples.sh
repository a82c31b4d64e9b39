#!/bin/sh
# readme-examples.sh: every example of README.md (its ```sh blocks) and
# of corpusconv(1) (its EXAMPLES section) that runs corpusconv works as
# written: run in order, in a folder holding articles/ (a copy of
# formats/samples), with `corpusconv` and `build/corpusconv` the command
# of this build and no variable set, each must exit 0.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle html statements
unset CORPUSCONV_PLUGIN_PATH
W="$T/work"
mkdir -p "$W/articles" "$W/build" "$T/bin" || exit 99
cp "$SAMPLES"/* "$W/articles/" || exit 99
printf '#!/bin/sh\nexec "%s" "$@"\n' "$CORPUSCONV" >"$T/bin/corpusconv" || exit 99
chmod +x "$T/bin/corpusconv" && ln -s "$T/bin/corpusconv" "$W/build/corpusconv" || exit 99

# The commands of README.md's sh blocks that run corpusconv.
awk '/^```/ { inblock = ($0 == "```sh"); next }
     inblock && $0 !~ /^[ \t]*#/ && ($1 == "corpusconv" || $1 == "build/corpusconv" ||
                                     $0 ~ /\| *(build\/)?corpusconv /)' \
	"$TOP_SRCDIR/README.md" >"$T/readme.cmds"
# Those of corpusconv(1)'s EXAMPLES (.nf blocks), with roff's \- as -.
awk '/^\.SH / { inex = ($2 == "EXAMPLES"); next }
     inex && /^\.nf/ { nf = 1; next } /^\.fi/ { nf = 0; next }
     inex && nf && !/^\./' "$TOP_SRCDIR/docs/corpusconv.1" | sed 's/\\-/-/g' >"$T/man.cmds"

# run_all FILE WHAT: runs each line of FILE in $W; all must exit 0.
run_all() {
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		(cd "$W" && PATH="$T/bin:$PATH" sh -c "$line") >"$T/out" 2>"$T/err" </dev/null ||
			{ cat "$T/err" >&2; fail "$2 example $n exits $?: $line"; }
		printf '  ok: %s\n' "$line"
	done <"$1"
	[ "$n" -ge "$3" ] || fail "only $n examples found in $2, want $3 or more"
}

step "README.md's examples"
run_all "$T/readme.cmds" README.md 8
step "... wrote what they say"
for f in tei/port-strike.xml corpus.xml statements.csv statements.jsonl archive.zip \
	text/archive/port-strike.txt port-strike.xml; do
	[ -s "$W/$f" ] || fail "README's examples did not write $f"
done
assert_grep 'xml:id="stdin"' "$W/port-strike.xml"

step "corpusconv(1)'s examples"
rm -rf "$W/tei" "$W/text" "$W"/*.xml "$W"/*.csv "$W"/*.jsonl "$W"/*.zip
run_all "$T/man.cmds" "corpusconv(1)" 8
[ -e "$W/run.jsonl" ] && [ -s "$W/statements.jsonl" ] && [ -s "$W/tei/port-strike.xml" ] || fail "the man page's examples wrote too little"
exit 0
