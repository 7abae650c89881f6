#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest_list_test.sh: in a guest with hvcaps.ko and the VMBus double
# (selftests/vm/run), check that `hvcaps list`, `list -v` and `list -vv`
# print byte for byte what the kernel's lsvmbus prints with the same
# flags, over --source netlink and --source sysfs, for EVERY scenario in
# selftests/scenarios/*.vmbus. TAP output; non-zero exit on failure.
# Restores $HVCAPS_SCENARIO at the end.
#
#   selftests/vm/run [--kernel V] -- user/tests/guest_list_test.sh
#
# Environment: HVCAPS_LSVMBUS (lsvmbus, set by selftests/vm/run),
# HVCAPS_SCENARIO (the scenario to restore, may be empty), HVCAPS (the
# binary; default: hvcaps from PATH, which run points at build/bin).
set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=user/tests/guest_lib.sh
. "$TOP/user/tests/guest_lib.sh"
LSVMBUS=${HVCAPS_LSVMBUS:-}

guest_require
if [ -z "$LSVMBUS" ] || [ ! -r "$LSVMBUS" ]; then
	echo "Bail out! HVCAPS_LSVMBUS ('$LSVMBUS') does not name lsvmbus (selftests/vm/run sets it)"
	exit 1
fi
guest_scenarios "$TOP"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 1 (load) + 3 flags x 2 sources per scenario, 1 for the restore
echo "1..$((${#SCENARIOS[@]} * 7 + 1))"

for sc in "${SCENARIOS[@]}"; do
	name=$(basename "$sc")
	if ! load "$sc" 2>"$TMP/err"; then
		not_ok "$name: load" "$(cat "$TMP/err")" "see dmesg: vmbus_double: control line N: ..."
		for _ in 1 2 3 4 5 6; do
			not_ok "$name: not compared (the scenario did not load)"
		done
		continue
	fi
	offers=$(grep -c '^[[:space:]]*offer[[:space:]]' "$sc")
	rescinds=$(grep -c '^[[:space:]]*rescind[[:space:]]' "$sc")
	devices=$(find /sys/bus/vmbus/devices -mindepth 1 -maxdepth 1 | wc -l)
	if [ "$devices" = $((offers - rescinds)) ]; then
		ok "$name: load ($devices devices on the bus)"
	else
		not_ok "$name: load" "$devices devices on the bus, the scenario has $offers offers and $rescinds rescinds"
	fi
	for v in "" -v -vv; do
		python3 "$LSVMBUS" $v >"$TMP/expected" 2>"$TMP/lsvmbus.err"
		lrc=$?
		for src in netlink sysfs; do
			t="$name: hvcaps --source $src list $v == lsvmbus $v"
			"$HVCAPS" --source "$src" list $v >"$TMP/out" 2>"$TMP/err"
			rc=$?
			if [ "$lrc" != 0 ]; then
				not_ok "$t" "lsvmbus $v failed ($lrc): $(head -c 1000 "$TMP/lsvmbus.err")"
			elif [ "$rc" = 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$TMP/expected" "$TMP/out"; then
				ok "$t"
			else
				not_ok "$t" "hvcaps exit status $rc" "stderr: $(head -c 1000 "$TMP/err")" \
					"$(diff -u "$TMP/expected" "$TMP/out" | head -30)"
			fi
		done
	done
done

restore "$TMP/err"
finish
