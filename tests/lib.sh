# tests/lib.sh: helpers for the shell tests, sourced by each tests/*.sh.
# git's rule: chain assertions so the first failure stops the test and
# says which step failed.  Exit 0 pass, 77 skip, 1 fail, 99 hard error.

set -u
: "${CORPUSCONV:?run through make check}"
: "${TOP_SRCDIR:?run through make check}"
SAMPLES="$TOP_SRCDIR/formats/samples"
CORPUS="${SHARED_DIR:-}/corpus"

# A fresh scratch folder per test, removed on exit.
T=$(mktemp -d "${TMPDIR:-/tmp}/cctest.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s\n' "$*" >&2; exit 77; }
step() { printf '%s\n' "--- $*"; }

# wait_until CMD...: run CMD every 0.05 s until it succeeds; 1 if it has not
# after 120 s.  The bound only catches a run that never gets there: a worker
# started under sanitizers on a loaded machine can take many seconds to reach
# the point a test waits for, so no test may count on a short one.
wait_until() {
	_n=0
	until "$@"; do
		_n=$((_n + 1))
		[ "$_n" -le 2400 ] || return 1
		sleep 0.05
	done
}

# running_with STRING: true when a process's command line holds STRING,
# read from /proc (no procps needed).  The first character is matched as
# a one-letter class, so grep's own command line does not match.
running_with() {
	_pat=$(printf '%s' "$1" | sed 's/^\(.\)/[\1]/')
	grep -alq -e "$_pat" /proc/[0-9]*/cmdline 2>/dev/null
}

# cc ARGS...: run corpusconv, output to $T/out, $T/err; status in $rc.
cc() {
	"$CORPUSCONV" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	return 0
}
# expect_ok ARGS...: corpusconv must exit 0.
expect_ok() {
	cc "$@"
	[ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "corpusconv $* exited $rc"; }
}
# expect_rc N ARGS...: corpusconv must exit N.
expect_rc() {
	want=$1; shift
	cc "$@"
	[ "$rc" -eq "$want" ] || { cat "$T/err" >&2; fail "corpusconv $* exited $rc, want $want"; }
}
# cpu_best ARGS...: the best user+sys seconds of three runs of corpusconv
# -q ARGS (GNU time in $TIME), which must exit ${WANT_RC:-0}; CPU time,
# not wall clock, so that a loaded machine does not decide.
cpu_best() {
	best=
	for _i in 1 2 3; do
		"$TIME" -f '%U %S' -o "$T/time" "$CORPUSCONV" -q "$@" >/dev/null 2>"$T/err"
		_rc=$?
		[ "$_rc" -eq "${WANT_RC:-0}" ] ||
			{ cat "$T/err" >&2; fail "corpusconv $* exited $_rc, want ${WANT_RC:-0}"; }
		_t=$(tail -n 1 "$T/time" | awk '{ printf "%.2f", $1 + $2 }')
		best=$(awk -v a="$best" -v t="$_t" 'BEGIN { print (a == "" || t < a) ? t : a }')
	done
	echo "$best"
}
# assert_grep PATTERN FILE: FILE must match the fixed string PATTERN.
assert_grep() {
	grep -qF -- "$1" "$2" || { echo "--- $2:" >&2; head -c 2000 "$2" >&2; fail "'$1' not in $2"; }
}
assert_no_grep() {
	! grep -qF -- "$1" "$2" || fail "'$1' unexpectedly in $2"
}
# assert_same A B: the two files must be byte-identical.
assert_same() {
	cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -40 >&2; fail "$1 and $2 differ"; }
}
# outside_copy: a copy of the built command outside its build tree, as
# $T/outside/corpusconv (run through $T/outside/run, which finds the
# uninstalled libcorpusconv).  Like an installed command it searches the
# installed plugin folder, never the build tree.
outside_copy() {
	mkdir -p "$T/outside" || exit 99
	for _bin in "$TOP_BUILDDIR/.libs/lt-corpusconv" "$TOP_BUILDDIR/.libs/corpusconv" \
		"$TOP_BUILDDIR/corpusconv"; do
		[ -f "$_bin" ] && ! grep -q 'libtool' "$_bin" 2>/dev/null && break
	done
	cp "$_bin" "$T/outside/corpusconv" || exit 99
	cat >"$T/outside/run" <<EOF_RUN || exit 99
#!/bin/sh
LD_LIBRARY_PATH='$TOP_BUILDDIR/core/.libs'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
exec '$T/outside/corpusconv' "\$@"
EOF_RUN
	chmod +x "$T/outside/run" || exit 99
}
# need_no_installed_plugins: skip unless the installed plugin folder holds
# no plugin (a copy outside the build tree would load them).
need_no_installed_plugins() {
	for _so in "${INSTALLED_PLUGIN_DIR:?run through make check}"/*.so; do
		[ -e "$_so" ] && skip "plugins are installed in $INSTALLED_PLUGIN_DIR"
	done
	return 0
}
# need_plugins NAME...: skip unless this build made every plugin named
# (configure skips a plugin whose libraries are missing, and says why).
need_plugins() {
	_missing=
	for _p in "$@"; do
		case " ${CC_PLUGINS_BUILT?run through make check} " in
		*" $_p "*) ;;
		*) _missing="$_missing $_p" ;;
		esac
	done
	[ -z "$_missing" ] || skip "plugin(s)$_missing not built (see configure's summary)"
}
# need_interposer: sets SHIM to the LD_PRELOAD library tests/interpose.c
# builds; skips under sanitizers, whose runtime must be loaded first.
need_interposer() {
	[ "${SANITIZERS:-no}" = yes ] &&
		skip "LD_PRELOAD of tests/interpose.c under sanitizers (the runtime must load first)"
	SHIM=$TOP_BUILDDIR/tests/.libs/interpose.so
	[ -f "$SHIM" ] || fail "no $SHIM (make check builds it)"
}
# claim_pids: sets $dead, the pid of a process that has ended, and $live,
# that of one that runs (a sleep: the caller's EXIT trap kills it), for
# output claims (.NAME.ccclaim) that a test writes with claim_of.
claim_pids() {
	sh -c 'exit 0' &
	dead=$!
	wait $dead
	sleep 600 &
	live=$!
}
# claim_of PID FILE: write a claim of PID on this host to FILE.
claim_of() {
	printf 'corpusconv claim: pid %s on %s\n' "$1" "$(uname -n)" >"$2" || exit 99
}
# need_corpus: skip unless ../shared/corpus is present.
need_corpus() {
	[ -d "$CORPUS/raw" ] || skip "../shared/corpus not found at $CORPUS"
}
# need_jing: skip unless jing and the TEI schema are present.
need_jing() {
	[ -n "${JING:-}" ] && [ -x "$JING" ] || skip "jing not installed"
	[ -f "$SHARED_DIR/schemas/tei_all.rng" ] || skip "tei_all.rng not found in $SHARED_DIR/schemas"
}

# meta FILE.xml KEY: the value of metadata KEY (title, subtitle, date,
# author) in a TEI header's sourceDesc/bibl; authors joined by "; ".
# Needs xmllint.
meta() {
	_b="//*[local-name()='sourceDesc']/*[local-name()='bibl']"
	case $2 in
	title) xmllint --xpath "string($_b/*[local-name()='title'][not(@type)])" "$1" ;;
	subtitle) xmllint --xpath "string($_b/*[local-name()='title'][@type='sub'])" "$1" ;;
	date) xmllint --xpath "string($_b/*[local-name()='date'])" "$1" ;;
	author)
		_n=$(xmllint --xpath "count($_b/*[local-name()='author'])" "$1")
		_i=1 _sep=
		while [ "$_i" -le "$_n" ]; do
			printf '%s%s' "$_sep" "$(xmllint --xpath "string($_b/*[local-name()='author'][$_i])" "$1")"
			_sep='; '
			_i=$((_i + 1))
		done ;;
	esac
}

# need_scorer: skip unless ../shared/tools/score-statements and python3 are there.
need_scorer() {
	SCORER="${SHARED_DIR:-}/tools/score-statements"
	[ -f "$SCORER" ] || skip "score-statements not found at $SCORER (../shared absent)"
	[ -n "${PYTHON3:-}" ] || skip "python3 not found"
}
# score TABLE GOLD MIN_F1 MIN_SPEAKER MIN_INDIRECT WHAT: scores a statement
# table against a gold folder; fails (naming WHAT) below any of the three.
score() {
	"$PYTHON3" "$SCORER" --gold "$2" --min-f1 "$3" --min-speaker "$4" "$1" >"$T/score" ||
		{ cat "$T/score" >&2; fail "end-to-end F1 < $3 or speaker < $4 on $6"; }
	cat "$T/score"
	_indirect=$(sed -n 's/.*indirect F1 \([0-9.]*\).*/\1/p' "$T/score" | tail -1)
	awk -v f="$_indirect" -v min="$5" 'BEGIN { exit !(f >= min) }' ||
		fail "indirect F1 $_indirect below $5 on $6"
}

# small_tmpfs SIZE DIR SCRIPT: runs the sh SCRIPT (with $T and $CORPUSCONV
# in its environment) in a private mount namespace where DIR is a fresh
# tmpfs of SIZE, gone when SCRIPT ends; its status is SCRIPT's.  Skips
# the test when no mount namespace or tmpfs can be made here (neither as
# root nor in a user namespace).
small_tmpfs() {
	for _ns in "unshare -m" "unshare -rm" ""; do
		[ -n "$_ns" ] || skip "cannot mount a small tmpfs here (unshare -m, unshare -rm)"
		$_ns sh -c 'mount -t tmpfs -o size="$1" tmpfs "$2"' sh "$1" "$2" 2>/dev/null && break
	done
	T="$T" CORPUSCONV="$CORPUSCONV" $_ns sh -c \
		'mount -t tmpfs -o size="$1" tmpfs "$2" || exit 99; eval "$3"' sh "$1" "$2" "$3"
}
