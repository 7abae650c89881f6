# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Terminal manners (issue 17): the text fits the width (COLUMNS, else the
# terminal's), full lines into a pipe or with --wide, --color=WHEN beside
# NO_COLOR. Sourced by tests/run after contract_tests.sh (its snapshots in
# $DS), with its helpers (ok, not_ok, skip, run, expect_error). The fitted
# outputs are checked by fit_check.py, which knows nothing of hvcaps's
# code: same words as the full lines, every line within the width but for
# the exceptions hvcaps(8) documents.

FITCHK=$TESTS/fit_check.py
FIXROOTS=$TOP/selftests/fixtures

# show_fixed ARGS...: the end of show's widest fixed columns when fitted:
# the offer rows' "    NAME DEVICES CHANNELS DRIVERS " with the name and
# driver columns as wide as their longest (hvcaps(8), --wide), from the
# JSON document, or the 15 of the labels
show_fixed() {
	"$HVCAPS" "$@" show --json | python3 -c '
import json, sys
gs = json.load(sys.stdin)["offers"]["groups"]
def drivers(g):
    d = ",".join(g["drivers"])
    return (d + " (%d unbound)" % g["unbound"] if d else "no driver") if g["unbound"] else d
names = [len(g["name"]) if g.get("name") else 38 for g in gs]
print(max([15] + [4 + max(names) + 1 + 11 + 1 + 12 + 1 + max(len(drivers(g)) for g in gs) + 1]) if gs else 15)'
}

# fit_case NAME FIXED ARGS...: ARGS with full lines (no terminal, no
# COLUMNS) equal ARGS --wide byte for byte; with COLUMNS=60, 80 and 200
# the same words within each width (fit_check.py)
fit_case() {
	local name=$1 fixed=$2 w bad=
	shift 2
	"$HVCAPS" "$@" >"$TMP/fit-full" 2>/dev/null
	"$HVCAPS" "$@" --wide >"$TMP/fit-wide" 2>/dev/null
	if [ -s "$TMP/fit-full" ] && cmp -s "$TMP/fit-full" "$TMP/fit-wide"; then
		ok "$name: into a pipe, without COLUMNS, full lines: the bytes of --wide"
	else
		not_ok "$name: into a pipe, full lines" "$(diff "$TMP/fit-full" "$TMP/fit-wide" | head -5)"
	fi
	for w in 60 80 200; do
		COLUMNS=$w "$HVCAPS" "$@" >"$TMP/fit-$w" 2>/dev/null
		python3 "$FITCHK" "$TMP/fit-wide" "$TMP/fit-$w" "$w" "$fixed" >"$TMP/fit-why" ||
			bad="$bad COLUMNS=$w: $(head -3 "$TMP/fit-why")"
	done
	if [ -z "$bad" ]; then
		ok "$name: COLUMNS=60, 80, 200: every line fits, no word lost or cut"
	else
		not_ok "$name: COLUMNS=60, 80, 200: every line fits" "$bad"
	fi
}

for r in rhel8 azure-v6 ubuntu2204 centos7; do
	[ -d "$FIXROOTS/$r" ] || { skip "fitting on $r" "no fixture tree $FIXROOTS/$r"; continue; }
	fit_case "show on $r" "$(show_fixed --root "$FIXROOTS/$r")" --root "$FIXROOTS/$r" show
	# features: id 22, state 9, then "-> " of a remediation: 36
	fit_case "features on $r" 36 --root "$FIXROOTS/$r" features
	# diff: id 22, documented 10, live 9, verdict 14: 59
	fit_case "diff --host 2019 on $r" 59 --root "$FIXROOTS/$r" diff --host 2019
done
fit_case "show -v on the typical tree" "$(show_fixed --root "$T")" --root "$T" show -v
fit_case "show of a snapshot" "$(show_fixed --snapshot "$DS/full.json")" --snapshot "$DS/full.json" show
fit_case "features of a snapshot" 36 --snapshot "$DS/full.json" features
fit_case "diff of a snapshot" 59 --snapshot "$DS/full.json" diff
printf 'core yes\nvrss any\n' >"$TMP/fit.expect"
# and the EXPECT column: 13 more
fit_case "diff --expect of a snapshot" 72 --snapshot "$DS/full.json" diff --expect "$TMP/fit.expect"
fit_case "expected" 57 expected --os rhel-7.3 --lis builtin --host 2012r2
fit_case "explain" 14 explain vrss
# "edition DATE: "
fit_case "matrix check" 20 matrix check

# --wide wins over COLUMNS; a COLUMNS that is not a positive integer is ignored
"$HVCAPS" --root "$FIXROOTS/rhel8" diff --host 2019 >"$TMP/fit-full" 2>/dev/null
bad=
for c in "60 --wide" "60 diff --wide" "abc" "0" "-5" "80x"; do
	read -r cols where <<<"$c"
	if [ "$where" = "diff --wide" ]; then
		COLUMNS=$cols "$HVCAPS" --root "$FIXROOTS/rhel8" diff --host 2019 --wide >"$TMP/fit-w" 2>/dev/null
	else
		# shellcheck disable=SC2086 # $where: no word or --wide
		COLUMNS=$cols "$HVCAPS" $where --root "$FIXROOTS/rhel8" diff --host 2019 >"$TMP/fit-w" 2>/dev/null
	fi
	cmp -s "$TMP/fit-full" "$TMP/fit-w" || bad="$bad [COLUMNS=$c]"
done
if [ -z "$bad" ]; then
	ok "COLUMNS=60 with --wide (before or after the command), and COLUMNS abc, 0, -5, 80x: full lines"
else
	not_ok "--wide and bad COLUMNS give full lines" "differ:$bad"
fi
COLUMNS=60 "$HVCAPS" --root "$FIXROOTS/rhel8" diff --host 2019 >"$TMP/fit-60" 2>/dev/null
if ! cmp -s "$TMP/fit-full" "$TMP/fit-60" &&
	grep -q '^accurate-time          yes        no        FAIL           the host withholds$' "$TMP/fit-60" &&
	grep -qE '^ {59}time$' "$TMP/fit-60"; then
	ok "COLUMNS=60: diff's remediation wraps under its column, the fixed columns whole"
else
	not_ok "COLUMNS=60: diff's remediation wraps under its column" "$(head -20 "$TMP/fit-60")"
fi

# UTF-8 and escaped control characters in the evidence: counted as code
# points, never split. A copy of the rhel8 tree whose os-release and
# disk wwid carry them.
U=$TMP/utf8-root
cp -a "$FIXROOTS/rhel8" "$U"
sed -i 's/^PRETTY_NAME=.*/PRETTY_NAME="Rëd Hät Ënterprïse Lïnüx 8.10 (Ööpä) ñ ç ß € 日本語 ΑΒΓ ДЖЗ ü ö ä ë ï"/' "$U/etc/os-release"
wwid=$(grep -rl 't10.MSFT' "$U/sys/devices" | head -1)
printf 't10.MSFT    ü€日本 \033[31m tab\there ÄÖÜ ñandú café naïve ΑΒΓΔ ДЖЗИ façade\n' >"$wwid"
for w in 40 60 80; do
	bad=
	for c in show features; do
		"$HVCAPS" --root "$U" $c --wide >"$TMP/u-wide" 2>/dev/null
		COLUMNS=$w "$HVCAPS" --root "$U" $c >"$TMP/u-fit" 2>/dev/null
		f=36
		[ $c = show ] && f=$(show_fixed --root "$U")
		python3 "$FITCHK" "$TMP/u-wide" "$TMP/u-fit" "$w" "$f" >"$TMP/fit-why" ||
			bad="$bad $c: $(head -3 "$TMP/fit-why")"
	done
	if [ -z "$bad" ]; then
		ok "UTF-8 and \\xHH evidence at COLUMNS=$w: valid UTF-8, within the width in code points, nothing lost"
	else
		not_ok "UTF-8 evidence at COLUMNS=$w" "$bad"
	fi
done
# counted in code points, not bytes: the Distribution text wraps exactly as
# a greedy wrap of its characters into the 45 columns after the label
COLUMNS=60 "$HVCAPS" --root "$U" show >"$TMP/u-fit" 2>/dev/null
"$HVCAPS" --root "$U" show >"$TMP/u-wide" 2>/dev/null
if python3 - "$TMP/u-wide" "$TMP/u-fit" <<'PY'
import sys, textwrap
full = open(sys.argv[1], encoding="utf-8").read().split("\n")
fit = open(sys.argv[2], encoding="utf-8").read().split("\n")
text = next(l for l in full if l.startswith("  Distribution ")).split(" ", 3)[3].lstrip()
want = textwrap.wrap(text, 45, break_long_words=False, break_on_hyphens=False)
i = next(i for i, l in enumerate(fit) if l.startswith("  Distribution "))
got = [fit[i][15:]] + [l[15:] for l in fit[i + 1:i + len(want)]]
if got != want:
    print("\n".join(["want:"] + want + ["got:"] + got))
    sys.exit(1)
PY
then
	ok "UTF-8: the Distribution line wraps at 60 characters, not bytes"
else
	not_ok "UTF-8: the Distribution line wraps at 60 characters, not bytes"
fi

#
# --color=WHEN
#
S8=$FIXROOTS/rhel8
has_sgr() { grep -q $'\033\[' "$1"; }
bad=
for c in "--color=always show" "show --color=always" "--color show" "--color=always features" \
	"--color=always diff --host 2019" "--color=always explain vrss"; do
	root=(--root "$S8")
	[ "${c#*explain}" != "$c" ] && root=()
	NO_COLOR=1 "$HVCAPS" "${root[@]}" $c >"$TMP/col" 2>/dev/null
	has_sgr "$TMP/col" || bad="$bad [$c]"
done
if [ -z "$bad" ]; then
	ok "--color=always and --color alone colour into a pipe, NO_COLOR notwithstanding"
else
	not_ok "--color=always colours into a pipe" "no SGR:$bad"
fi
bad=
for c in "--color=never show" "--color=auto show" "show" "--color=always diff --host 2019 --json" \
	"--color=always diff --host 2019 --format tap" "--color=always features --json"; do
	"$HVCAPS" --root "$S8" $c >"$TMP/col" 2>/dev/null
	if grep -q $'\033' "$TMP/col"; then bad="$bad [$c]"; fi
done
if [ -z "$bad" ]; then
	ok "no colour into a pipe by default, with never or auto, nor in JSON and TAP with always"
else
	not_ok "no colour into a pipe" "SGR in:$bad"
fi
"$HVCAPS" --color=always --root "$T" list -vv >"$TMP/col" 2>/dev/null
if cmp -s "$TMP/col" "$FIX/typical.list-vv"; then
	ok "list --color=always: still lsvmbus's bytes"
else
	not_ok "list --color=always: still lsvmbus's bytes"
fi
# the last one wins, after the command name too
"$HVCAPS" --color=always --root "$S8" show --color=never >"$TMP/col" 2>/dev/null
if has_sgr "$TMP/col"; then not_ok "show --color=never after --color=always: none"; else ok "show --color=never after --color=always: none"; fi
for c in "--color=rainbow show" "show --color=rainbow" "--color= show" "explain vrss --color=yes"; do
	root=(--root "$S8")
	[ "${c#explain}" != "$c" ] && root=()
	run "${root[@]}" $c
	expect_error "$c: a usage error naming the values" "^hvcaps: --color=[a-z]*: expected auto, always or never; run 'hvcaps --help'"
done
run --root "$S8" --color=rainbow --json diff
if [ "$RC" = 2 ] && python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j["status"] == "usage-error" and "expected auto, always or never" in j["messages"][0]))' "$OUT"; then
	ok "--color=rainbow --json: the error document, usage-error"
else
	not_ok "--color=rainbow --json: the error document" "exit status $RC" "$(cat "$OUT")"
fi

# On a terminal (script(1)'s pseudo-terminal): its width, its colours
if command -v script >/dev/null; then
	tty_run() {	# tty_run COLS ENV... -- ARGS: hvcaps on a COLS-wide pseudo-terminal
		local cols=$1 env=()
		shift
		while [ "$1" != -- ]; do env+=("$1"); shift; done
		shift
		# the environment is set in the terminal's shell: bash (checkwinsize)
		# sets COLUMNS after stty, and exports it if it came from outside
		script -qec "stty cols $cols rows 50; env -u COLUMNS -u LINES $(printf '%q ' "${env[@]}" "$HVCAPS" "$@")" \
			/dev/null </dev/null 2>&1 | tr -d '\r'
	}
	tty_run 70 -- --color=never --root "$S8" diff --host 2019 >"$TMP/tty"
	"$HVCAPS" --root "$S8" diff --host 2019 --wide >"$TMP/tty-wide"
	if ! grep -q $'\033' "$TMP/tty" && python3 "$FITCHK" "$TMP/tty-wide" "$TMP/tty" 70 59 >"$TMP/fit-why" &&
		! cmp -s "$TMP/tty" "$TMP/tty-wide"; then
		ok "on a 70-column terminal: diff fits 70 columns (TIOCGWINSZ); --color=never: no SGR"
	else
		not_ok "on a 70-column terminal: diff fits, no colour" "$(cat "$TMP/fit-why")" "$(cat -v "$TMP/tty" | head -5)"
	fi
	tty_run 70 -- --root "$S8" diff --host 2019 >"$TMP/tty"
	if grep -q $'\033\[' "$TMP/tty"; then ok "on a terminal, auto colours (the check above can see SGR)"; else not_ok "on a terminal, auto colours"; fi
	tty_run 70 NO_COLOR=1 -- --color=auto --root "$S8" show >"$TMP/tty"
	if grep -q $'\033' "$TMP/tty"; then not_ok "NO_COLOR with --color=auto on a terminal: none"; else ok "NO_COLOR with --color=auto on a terminal: none"; fi
	tty_run 70 COLUMNS=200 -- --color=never --root "$S8" diff --host 2019 >"$TMP/tty"
	COLUMNS=200 "$HVCAPS" --root "$S8" diff --host 2019 >"$TMP/tty-200"
	if cmp -s "$TMP/tty" "$TMP/tty-200"; then ok "COLUMNS=200 wins over a 70-column terminal"; else not_ok "COLUMNS wins over the terminal" "$(diff "$TMP/tty-200" "$TMP/tty" | head)"; fi
	tty_run 70 -- --wide --color=never --root "$S8" diff --host 2019 >"$TMP/tty"
	if cmp -s "$TMP/tty" "$TMP/tty-wide"; then ok "--wide on a terminal: full lines"; else not_ok "--wide on a terminal: full lines" "$(diff "$TMP/tty-wide" "$TMP/tty" | head)"; fi
else
	for t in "diff fits a terminal" "auto colours on a terminal" "NO_COLOR on a terminal" \
		"COLUMNS over a terminal" "--wide on a terminal"; do
		skip "$t" "needs script(1) (util-linux) for a pseudo-terminal"
	done
fi
