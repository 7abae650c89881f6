#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Golden before/after test of the command's outputs (issue 12): a refactor
# must not change what hvcaps prints. Runs `list`, `list -vv`, `snapshot`,
# `features`, `features --json`, `--diff` and `--diff --json` (also with
# `--host 2019`, for the inputs that do not know their host) on every
# fixture root (selftests/fixtures/*, the typical and small sysfs trees of
# tests/lib.sh) and on every snapshot the tests read (diff_snapshots.py's,
# tests/fuzz/corpus/snapshot/), and compares stdout, stderr and the exit
# status with user/tests/golden/<input>/<command>. TAP output.
#
#   golden_test.sh                 compare ($HVCAPS, or build/user-tests)
#   golden_test.sh --regenerate    rewrite user/tests/golden/ with $HVCAPS
#
# See tests/GOLDEN.md for when (and when not) to regenerate.
set -u

TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
USER_DIR=$(dirname "$TESTS")
TOP=$(dirname "$USER_DIR")
GOLDEN=$TESTS/golden
# shellcheck source=./lib.sh source-path=SCRIPTDIR
. "$TESTS/lib.sh"

regen=
case ${1:-} in
--regenerate) regen=1 ;;
"") ;;
*) echo "usage: golden_test.sh [--regenerate]" >&2; exit 2 ;;
esac

if [ -z "${HVCAPS:-}" ]; then
	out=$TOP/build/user-tests
	mkdir -p "$out"
	if ! make -s -C "$USER_DIR" OUT="$out" SANITIZE="${SANITIZE:-1}" >&2; then
		echo "Bail out! cannot build hvcaps (make -C user OUT=$out)"
		exit 1
	fi
	HVCAPS=$out/hvcaps
fi
[ -x "$HVCAPS" ] || { echo "Bail out! $HVCAPS is not an executable"; exit 1; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:exitcode=99}
unset NO_COLOR COLUMNS	# colours and widths of a terminal: the tests choose them
# snapshot's "taken" time is SOURCE_DATE_EPOCH's when set
export SOURCE_DATE_EPOCH=1700000000
export LC_ALL=C

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvcaps-golden.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# hvcaps runs with a PATH without rpm: the host's rpm never answers
NOBIN=$TMP/nobin
mkdir -p "$NOBIN"

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/# /'
	done
}

# The inputs: NAME and the option that reads it. Temporary paths in the
# output are written as @INPUT@ so that the files do not depend on $TMP.
inputs=()
add_input() {
	inputs+=("$1|$2|$3")
}
for d in "$TOP"/selftests/fixtures/*/; do
	d=${d%/}
	add_input "root-${d##*/}" --root "$d"
done
fixture_typical "$TMP/typical"
add_input root-typical --root "$TMP/typical"
fixture_small "$TMP/small"
add_input root-small --root "$TMP/small"
mkdir -p "$TMP/snap"
if ! python3 "$TESTS/diff_snapshots.py" "$TMP/snap" 2>"$TMP/ds.err"; then
	echo "Bail out! diff_snapshots.py: $(cat "$TMP/ds.err")"
	exit 1
fi
for f in "$TMP"/snap/*.json; do
	b=${f##*/}
	add_input "snapshot-${b%.json}" --snapshot "$f"
done
for f in "$TOP"/tests/fuzz/corpus/snapshot/*.json; do
	b=${f##*/}
	add_input "corpus-${b%.json}" --snapshot "$f"
done

# The commands: a file name and the arguments.
commands=(
	"list|list"
	"list-vv|list -vv"
	"snapshot|snapshot"
	"features|features"
	"features-json|features --json"
	"diff|--diff"
	"diff-json|--diff --json"
	"diff-2019|--diff --host 2019"
	"diff-2019-json|--diff --host 2019 --json"
)

# result NAME OPT PATH ARGS: stdout, stderr and the exit status of one run,
# with PATH written as @INPUT@ and the top of the tree as @TOP@.
result() {
	local rc
	# shellcheck disable=SC2086 # ARGS are words
	(cd "$TMP" && env PATH="$NOBIN" "$HVCAPS" "$2" "$3" $4) >"$TMP/o" 2>"$TMP/e"
	rc=$?
	{
		echo "# hvcaps $2 @INPUT@ $4"
		echo "# exit $rc"
		echo "# stdout"
		cat "$TMP/o"
		echo "# stderr"
		cat "$TMP/e"
	} | sed -e "s|$3|@INPUT@|g" -e "s|$TOP|@TOP@|g"
}

[ -n "$regen" ] && rm -rf "$GOLDEN"
for in in "${inputs[@]}"; do
	IFS='|' read -r name opt path <<<"$in"
	for c in "${commands[@]}"; do
		IFS='|' read -r file args <<<"$c"
		g=$GOLDEN/$name/$file
		result "$name" "$opt" "$path" "$args" >"$TMP/r"
		if [ -n "$regen" ]; then
			mkdir -p "${g%/*}"
			cp "$TMP/r" "$g"
			ok "$name: $args (written)"
		elif [ ! -f "$g" ]; then
			not_ok "$name: $args" "no golden file $g (golden_test.sh --regenerate, see tests/GOLDEN.md)"
		elif cmp -s "$g" "$TMP/r"; then
			ok "$name: $args"
		else
			not_ok "$name: $args" "differs from ${g#"$TOP"/}:" "$(diff -u "$g" "$TMP/r" | head -40)"
		fi
	done
done
# a golden file no input produces any more is stale
if [ -z "$regen" ]; then
	stale=$(cd "$GOLDEN" && for f in */*; do
		known=
		for in in "${inputs[@]}"; do
			for c in "${commands[@]}"; do
				[ "$f" = "${in%%|*}/${c%%|*}" ] && known=1
			done
		done
		[ -z "$known" ] && echo "$f"
	done)
	if [ -z "$stale" ]; then
		ok "every golden file belongs to an input and a command"
	else
		not_ok "every golden file belongs to an input and a command" "stale: $stale"
	fi
fi

echo "1..$n"
if [ "$failed" != 0 ]; then
	echo "# $failed of $n tests failed"
	exit 1
fi
echo "# all $n tests passed"
