#!/bin/sh
# completion.sh: the bash completion (completions/corpusconv) completes
# -t with the formats `corpusconv formats` says it writes (jsonl among
# them, no filter), -f with those it reads (not jsonl), --set with keys
# ending in '=', and the first word with `formats`; the zsh one
# (completions/_corpusconv) at least parses, when zsh is installed.  Both
# ask `corpusconv formats` with the --plugin-dir folders already typed.
# Both are installed by make install (checked by make distcheck's
# install), named as bash-completion and zsh look them up.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv jsonl bundle html statements
command -v bash >/dev/null 2>&1 || skip "bash not installed"
C="$TOP_SRCDIR/completions"

# complete WORD...: COMPREPLY for the command line "corpusconv WORD...",
# the last word being completed, one a line in $T/reply.
complete_words() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_corpusconv
		printf "%s\n" "${COMPREPLY[@]}"' sh "$C/corpusconv" "${CMD:-$CORPUSCONV}" "$@" >"$T/reply" 2>"$T/err" ||
		fail "the bash completion failed: $(cat "$T/err")"
}
has() { grep -qx -- "$1" "$T/reply" || fail "completion of '$2' lacks '$1': $(tr '\n' ' ' <"$T/reply")"; }
lacks() { ! grep -qx -- "$1" "$T/reply" || fail "completion of '$2' offers '$1'"; }

step "bash: -t completes the formats written, from corpusconv formats"
complete_words -t ""
for f in text tei csv bundle jsonl; do has "$f" "-t"; done
lacks statements "-t"
complete_words --to j
has jsonl "--to j"
lacks tei "--to j"

step "bash: -f completes the formats read"
complete_words -f ""
for f in text tei csv bundle; do has "$f" "-f"; done
lacks jsonl "-f"

step "bash: --set completes keys, each with its '='"
complete_words --set te
has "text-encoding=" "--set te"
has "tei-change-date=" "--set te"

step "bash: --set keys come from corpusconv formats, not a fixed list"
complete_words --set ""
has "date-order=" "--set"
has "max-input=" "--set"
# A command whose plugins declare one key and one long option.
printf '#!/bin/sh\nprintf "FORMAT RW\\nx rw\\n    --set only-here=TEXT  a key; also --only-here TEXT\\n"\n' >"$T/fake"
chmod +x "$T/fake"
CMD="$T/fake" complete_words --set ""
has "only-here=" "--set, another command"
lacks "csv-safe=" "--set, another command"
CMD="$T/fake" complete_words --only
has "--only-here" "--only, another command"

step "bash: the plugins' own long options, from corpusconv formats"
complete_words --csv
has "--csv-safe" "--csv"
complete_words --man
has "--manifest" "--man"
complete_words --filter ""
has statements "--filter"
lacks csv "--filter"

step "bash: a --plugin-dir already typed is passed on to corpusconv formats"
# good.so writes the format good, chain.so has the filter mark-b and the
# keys trail-prefix (also --trail-prefix) and mark-b-drop.
mkdir "$T/pd" "$T/p d" || exit 99
for so in good chain; do
	cp "$TOP_BUILDDIR/tests/plugins/.libs/$so.so" "$T/pd/" &&
		cp "$T/pd/$so.so" "$T/p d/" || exit 99
done
complete_words -t ""
lacks good "-t, no --plugin-dir"
complete_words --plugin-dir "$T/pd" -t ""
has good "--plugin-dir DIR -t"
has text "--plugin-dir DIR -t"
# COMP_WORDS holds the words as typed, quotes and backslashes kept: the
# folder with a space quoted, escaped, or after '=' in double quotes.
complete_words -q --plugin-dir "'$T/p d'" -f text --to g
has good "--plugin-dir 'DIR' -f text --to g"
complete_words -q --plugin-dir "$(printf '%s' "$T/p d" | sed 's/[^A-Za-z0-9_./-]/\\&/g')" -t ""
has good "--plugin-dir DIR\\ WITH\\ SPACE -t"
complete_words --plugin-dir = "\"$T/p d\"" -t ""
has good "--plugin-dir=\"DIR\" -t"
# bash splits --plugin-dir=DIR at '=' (COMP_WORDBREAKS)
complete_words --plugin-dir = "$T/pd" -t ""
has good "--plugin-dir=DIR -t"
home=$HOME HOME=$T
complete_words --plugin-dir "~/pd" -t ""
has good "--plugin-dir ~/pd -t"
complete_words --plugin-dir "~/p\\ d" -t ""
HOME=$home
has good "--plugin-dir ~/p\\ d -t"
complete_words --plugin-dir "$T/pd" --set ""
has "trail-prefix=" "--plugin-dir DIR --set"
has "mark-b-drop=" "--plugin-dir DIR --set"
complete_words --plugin-dir "$T/pd" --tra
has "--trail-prefix" "--plugin-dir DIR --tra"
complete_words --plugin-dir "$T/pd" --filter ""
has mark-b "--plugin-dir DIR --filter"
complete_words -- --plugin-dir "$T/pd" ""
lacks good "-- --plugin-dir DIR"

step "bash: options, and the formats command"
complete_words --stat
has "--statements" "--stat"
complete_words --statements ""
has always "--statements"
complete_words form
has formats "form"

step "zsh: the completion parses"
command -v zsh >/dev/null 2>&1 || { echo "zsh not installed: its completion is not run"; exit 0; }
zsh -n "$C/_corpusconv" || fail "_corpusconv does not parse"

# zsh_run FUNCTION ARGS...: runs one of _corpusconv's functions in zsh,
# with the completion system's builtins stubbed to print what they get:
# _call_program evals its command as zsh's does, compadd and _describe
# print one word a line, _arguments prints its specs.  The words typed
# after the command, as typed, are $ZW's lines; the word completed, after
# them, is empty.
zsh_run() {
	ZW=${ZW:-} zsh -f -c '
		_call_program() { shift; eval "$@"; }
		compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break; }; [[ $1 == -S ]] && shift; shift; done; print -l -- "$@"; }
		_describe() { print -l -- ${(P)4}; }
		_arguments() { print -l -- "$@"; }
		_alternatives() { print -l -- "$@"; }
		words=("$1" "${(f)ZW[@]}" ""); CURRENT=${#words}; shift
		source "$1"; shift
		"$@"' zsh "${CMD:-$CORPUSCONV}" "$C/_corpusconv" "$@" >"$T/zreply" 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "zsh: $* failed"; }
}

step "zsh: --set keys and plugin long options come from corpusconv formats"
zsh_run _corpusconv_set_keys
grep -qx "csv-safe" "$T/zreply" && grep -qx "manifest" "$T/zreply" &&
	grep -qx "statements-explain" "$T/zreply" || fail "zsh --set keys: $(cat "$T/zreply")"
zsh_run _corpusconv_alias_specs
grep -qx -- "--csv-safe\[plugin option\]" "$T/zreply" &&
	grep -qx -- "\*--manifest\[plugin option\]:value:" "$T/zreply" ||
	fail "zsh plugin options: $(cat "$T/zreply")"

step "zsh: -t offers the formats that write, -f those that read"
zsh_run _corpusconv_formats w
grep -qx "html" "$T/zreply" && grep -qx "tei" "$T/zreply" || fail "zsh -t: $(cat "$T/zreply")"
zsh_run _corpusconv_formats r
grep -qx "html" "$T/zreply" && fail "zsh -f offers html, which reads nothing"
grep -qx "csv" "$T/zreply" || fail "zsh -f: $(cat "$T/zreply")"
grep -qx "good" "$T/zreply" && fail "zsh -f offers good with no --plugin-dir typed"

step "zsh: a --plugin-dir already typed is passed on to corpusconv formats"
ZW="--plugin-dir
$T/pd
-t" zsh_run _corpusconv_formats w
grep -qx "good" "$T/zreply" && grep -qx "tei" "$T/zreply" || fail "zsh --plugin-dir DIR -t: $(cat "$T/zreply")"
# as typed: the space escaped, the = form, a leading ~
ZW="-q
--plugin-dir
$(printf '%s' "$T/p d" | sed 's/ /\\ /g')
-t" zsh_run _corpusconv_formats w
grep -qx "good" "$T/zreply" || fail "zsh --plugin-dir DIR\\ WITH\\ SPACE -t: $(cat "$T/zreply")"
ZW="--plugin-dir='$T/p d'
-t" zsh_run _corpusconv_formats w
grep -qx "good" "$T/zreply" || fail "zsh --plugin-dir='DIR' -t: $(cat "$T/zreply")"
HOME=$T
ZW="--plugin-dir
~/pd
-t" zsh_run _corpusconv_formats w
HOME=$home
grep -qx "good" "$T/zreply" || fail "zsh --plugin-dir ~/pd -t: $(cat "$T/zreply")"
ZW="--plugin-dir
$T/pd
--set" zsh_run _corpusconv_set_keys
grep -qx "trail-prefix" "$T/zreply" || fail "zsh --plugin-dir DIR --set: $(cat "$T/zreply")"
ZW="--plugin-dir
$T/pd" zsh_run _corpusconv_alias_specs
grep -qx -- "\*--trail-prefix\[plugin option\]:value:" "$T/zreply" ||
	fail "zsh --plugin-dir DIR plugin options: $(cat "$T/zreply")"
exit 0
