#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest_install_test.sh [--all]: the installed kselftest tree
# (`make -C selftests/hvcaps install INSTALL_PATH=DIR`; make selftests-bin
# installs it into build/kselftest, or $HVCAPS_KSFT_INSTALL) run by the
# kernel's own run_kselftest.sh, in a guest with the VMBus double:
#
#   selftests/vm/run --kernel 6.1 --scenario selftests/scenarios/gen2-ws2019.vmbus \
#       -- selftests/hvcaps/kselftest_install_test.sh
#
# 1. Against the double: the quick programs (--all: the whole collection,
#    which run_guest_tests --double covers otherwise) run and pass.
# 2. Real-bus mode: the double's debugfs directory is hidden under an empty
#    read-only tmpfs, so no test can script offers, as on Hyper-V or Azure,
#    and `run_kselftest.sh -c hvcaps` runs the whole collection: nothing
#    fails, the tests valid on a real bus pass without skipping, and every
#    test case that scripts offers skips saying it needs the double.
# TAP; exit 0 when all passed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=${HVCAPS_TOP:-$(cd "$here/../.." && pwd)}
ksft=${HVCAPS_KSFT_INSTALL:-$top/build/kselftest}
double_dir=/sys/kernel/debug/vmbus_double
all=''
[ "${1:-}" = --all ] && all=1

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $*"; }
expect() { # expect DESC CMD...
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}

if [ ! -x "$ksft/run_kselftest.sh" ]; then
	echo "1..0 # SKIP $ksft/run_kselftest.sh missing: make selftests-bin"
	exit 4
fi
if [ "$(id -u)" != 0 ] || [ ! -d "$double_dir" ]; then
	echo "1..0 # SKIP needs root in a guest with the VMBus double ($double_dir)"
	exit 4
fi

# Programs valid on any VMBus: they must pass without skipping in both modes.
bus_valid=(host_test policy_test bus_test scenario_test)
# Programs whose every test case scripts offers (or needs no VMBus at all).
needs_double=(channels_test events_test lifetime_test)

# The runner writes the tests' output to /dev/stdout; the guest's devtmpfs
# lacks the links udev makes on a normal system (a write there would
# create a plain file). Make them.
for f in stdin:0 stdout:1 stderr:2; do
	[ -L "/dev/${f%:*}" ] || { rm -f "/dev/${f%:*}"; ln -s "/proc/self/fd/${f#*:}" "/dev/${f%:*}"; }
done

echo "TAP version 13"
echo "1..$((3 + ${#bus_valid[@]} + 3 + ${#bus_valid[@]} + 1 + ${#needs_double[@]}))"
out=$(mktemp)
trap 'rm -f "$out"; umount "$double_dir" 2>/dev/null' EXIT

# prog_ok NAME: the runner reported program NAME ok (not skipped).
prog_ok() {
	grep -qE "^ok [0-9]+ selftests: hvcaps: $1\$" "$out"
}
# cases NAME KIND: how many nested test cases of NAME passed (KIND ran),
# skipped for want of the double (KIND double), or otherwise (KIND other).
cases() {
	awk -v name="$1" -v kind="$2" '
		/^# selftests: hvcaps: / { cur = $4; next }
		cur != name || !/^# (not )?ok [0-9]+ / { next }
		/^# ok [0-9]+ [^#]*$/ { if (kind == "ran") c++; next }
		/^# ok [0-9]+ .*# SKIP .*needs the VMBus double/ { if (kind == "double") c++; next }
		{ if (kind == "other") c++ }
		END { print c + 0 }' "$out"
}
# prog_ran NAME: ok, or ok # SKIP (the harness' exit status when every
# case skipped).
prog_ran() {
	grep -qE "^ok [0-9]+ selftests: hvcaps: $1( # SKIP.*)?\$" "$out"
}
no_failure() {
	! grep -E '^not ok [0-9]+ selftests: hvcaps: ' "$out"
}
show() { sed 's/^/# /' "$out"; }

# ---- 1. against the double ----
# The runner appends the tests' output to /dev/stdout while writing its
# own lines to fd 1: into a pipe (hence "| cat"), neither overwrites the
# other as they would in a file.
if [ -n "$all" ]; then
	(cd "$ksft" && ./run_kselftest.sh -c hvcaps) 2>&1 | cat >"$out"
else
	args=()
	for t in "${bus_valid[@]}"; do args+=(-t "hvcaps:$t"); done
	(cd "$ksft" && ./run_kselftest.sh "${args[@]}") 2>&1 | cat >"$out"
fi
show
expect "double: run_kselftest.sh printed TAP" grep -q '^TAP version 13' "$out"
expect "double: no program failed" no_failure
expect "double: the control file was there" test -w "$double_dir/control"
for t in "${bus_valid[@]}"; do
	expect "double: $t passed" prog_ok "$t"
done

# ---- 2. real-bus mode ----
mount -t tmpfs -o ro,size=4k,mode=0555 hvcaps-real-bus "$double_dir"
expect "real-bus: the double's control file is hidden" test ! -e "$double_dir/control"
(cd "$ksft" && ./run_kselftest.sh -c hvcaps) 2>&1 | cat >"$out"
umount "$double_dir"
show
expect "real-bus: run_kselftest.sh printed TAP" grep -q '^TAP version 13' "$out"
expect "real-bus: no program failed" no_failure
# Valid on a real bus: the program passed, its cases ran, and only those
# that script offers (host_test's host_double ones) skipped.
for t in "${bus_valid[@]}"; do
	r=$(cases "$t" ran) o=$(cases "$t" other) d=$(cases "$t" double)
	expect "real-bus: $t passed: $r test cases ran, $d need the double, $o failed or skipped otherwise" \
		test "$(prog_ok "$t" && echo y)" = y -a "$r" -gt 0 -a "$o" = 0
done
expect "real-bus: bus_test: dump and do checked against sysfs, nothing skipped" \
	test "$(cases bus_test ran)" = 2 -a "$(cases bus_test double)" = 0
for t in "${needs_double[@]}"; do
	r=$(cases "$t" ran) o=$(cases "$t" other) d=$(cases "$t" double)
	expect "real-bus: $t: all $d test cases skipped for want of the double ($r ran, $o other)" \
		test "$(prog_ran "$t" && echo y)" = y -a "$d" -gt 0 -a "$r" = 0 -a "$o" = 0
done

echo "# $((n - failed)) of $n passed"
[ "$failed" = 0 ]
