#!/bin/sh
# completion.sh: the bash completion (completions/corpusconv) completes
# -t with the formats `corpusconv formats` says it writes (jsonl among
# them, no filter), -f with those it reads (not jsonl), --set with keys
# ending in '=', and the first word with `formats`; the zsh one
# (completions/_corpusconv) at least parses, when zsh is installed.
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
# _call_program runs its command, compadd and _describe print one word a
# line, _arguments prints its specs.
zsh_run() {
	zsh -f -c '
		_call_program() { shift; "$@"; }
		compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break; }; [[ $1 == -S ]] && shift; shift; done; print -l -- "$@"; }
		_describe() { print -l -- ${(P)4}; }
		_arguments() { print -l -- "$@"; }
		_alternatives() { print -l -- "$@"; }
		words=("$1"); shift
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
exit 0
