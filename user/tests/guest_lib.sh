# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by user/tests/guest_*_test.sh, which run inside a guest
# with hvcaps.ko and the VMBus double (selftests/vm/run). Sourced, never
# executed. Provides TAP counters (ok, not_ok, check, finish), the double's
# control file (ctl, load, restore) and settle, which waits until the
# module has accounted for the offers just loaded.
#
# Environment: HVCAPS (the binary; default: hvcaps from PATH, which run
# points at build/bin), HVCAPS_SCENARIO (the scenario restore puts back;
# may be empty).

CONTROL=/sys/kernel/debug/vmbus_double/control
HVCAPS=${HVCAPS:-hvcaps}
RESTORE=${HVCAPS_SCENARIO:-}
export LC_ALL=C

n=0
failed=0

# guest_require: skip (exit 0) outside a guest with the double, bail out
# (exit 1) without the hvcaps binary.
guest_require() {
	if [ ! -w "$CONTROL" ]; then
		echo "1..0 # SKIP $CONTROL is missing: run me in a guest with the VMBus double (selftests/vm/run -- $0)"
		exit 0
	fi
	if ! command -v "$HVCAPS" >/dev/null; then
		echo "Bail out! '$HVCAPS' not found: make -C user OUT=\$PWD/build/bin, and put build/bin in PATH"
		exit 1
	fi
}

# guest_scenarios TOP: every scenario into SCENARIOS, bail out if none.
guest_scenarios() {
	shopt -s nullglob
	SCENARIOS=("$1"/selftests/scenarios/*.vmbus)
	shopt -u nullglob
	if [ ${#SCENARIOS[@]} = 0 ]; then
		echo "Bail out! no scenario in $1/selftests/scenarios"
		exit 1
	fi
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

# not_ok NAME [DETAIL...]: each DETAIL printed as TAP diagnostics.
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/# /'
	done
}

# check NAME CMD...: ok if CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# ctl WORDS...: one control line to the double.
ctl() {
	echo "$*" >"$CONTROL"
}

# load FILE: replace the double's offers by FILE's. The double reports a
# bad line on stderr (EINVAL) and in dmesg.
load() {
	echo reset >"$CONTROL" && cat "$1" >"$CONTROL"
}

# bus_generation: the module's generation (HOST_GET), empty if unreadable.
bus_generation() {
	"$HVCAPS" --source netlink show --json 2>/dev/null |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["hypervisor"]["generation"])' 2>/dev/null
}

# The module's sub-channel poll period and the slack its deferrable timer
# may add (kmod/hvcaps_poll.h, which the kselftests include too), in ms:
# changing the poll changes the waits of these tests.
poll_header=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/kmod/hvcaps_poll.h
POLL_MS=$(sed -n 's/^#define HVCAPS_POLL_MS[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p' "$poll_header")
POLL_SLACK_MS=$(sed -n 's/^#define HVCAPS_POLL_SLACK_MS[[:space:]]*//p' "$poll_header")
POLL_SLACK_MS=$((${POLL_SLACK_MS//HVCAPS_POLL_MS/$POLL_MS}))
[ "$POLL_MS" -gt 0 ] && [ "$POLL_SLACK_MS" -ge 0 ] || {
	echo "Bail out! cannot read the poll period from $poll_header"
	exit 1
}
SETTLE_MS=$((POLL_MS + POLL_SLACK_MS))

# settle [SECONDS]: wait until the generation holds still for longer than
# one poll with its slack (SETTLE_MS). Sub-channels raise no bus event: the
# module notices them at a poll or a request and only then raises the
# generation, so right after a load the generation may still move while
# the offers are already all there. Fails after SECONDS (default 300): a
# bound on a hang, not a speed test (on the KASAN kernel, with another
# guest beside it, many-2048 kept the generation moving for over 30 s).
# After one failure, later calls wait at most 10 s: a bus that never
# settles fails each scenario at once instead of outlasting the guest.
SETTLE_FAILED=
settle() {
	local bound=${1:-300} limit g0 g1

	[ -z "$SETTLE_FAILED" ] || [ "$bound" -le 10 ] || bound=10
	limit=$((SECONDS + bound))

	g0=$(bus_generation)
	while [ "$SECONDS" -lt "$limit" ]; do
		sleep "$((SETTLE_MS / 1000)).$(printf '%03d' $((SETTLE_MS % 1000)))"
		g1=$(bus_generation)
		[ -n "$g1" ] && [ "$g1" = "$g0" ] && return 0
		g0=$g1
	done
	SETTLE_FAILED=1
	echo "settle: the generation was still moving after $bound s (last $g0)" >&2
	return 1
}

# restore ERRFILE: put $RESTORE back (or reset), as one TAP result.
restore() {
	if [ -z "$RESTORE" ]; then
		if echo reset >"$CONTROL"; then
			ok "restore: no scenario (reset)"
		else
			not_ok "restore: reset failed"
		fi
	elif load "$RESTORE" 2>"$1"; then
		ok "restore: $RESTORE"
	else
		not_ok "restore: $RESTORE" "$(cat "$1")"
	fi
}

# finish: the summary line, and exit 1 if anything failed.
finish() {
	if [ "$failed" != 0 ]; then
		echo "# $failed of $n tests failed"
		exit 1
	fi
	echo "# all $n tests passed"
	exit 0
}
