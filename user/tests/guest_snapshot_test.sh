#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest_snapshot_test.sh: in a guest with hvcaps.ko and the VMBus double
# (selftests/vm/run), check for EVERY scenario in
# selftests/scenarios/*.vmbus and both sources that 'hvcaps snapshot' round
# trips: 'hvcaps --snapshot FILE show' (text and --json) and 'list -vv'
# print what the live commands print, stdout and stderr; that a netlink
# snapshot carries the module's host facts; and that the guest facts of the
# running system are there. TAP output; non-zero exit on failure. Restores
# $HVCAPS_SCENARIO at the end.
#
#   selftests/vm/run [--kernel V] -- user/tests/guest_snapshot_test.sh
#
# Environment: HVCAPS_SCENARIO (the scenario to restore, may be empty),
# HVCAPS (the binary; default: hvcaps from PATH, which run points at
# build/bin).
set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CONTROL=/sys/kernel/debug/vmbus_double/control
HVCAPS=${HVCAPS:-hvcaps}
RESTORE=${HVCAPS_SCENARIO:-}

if [ ! -w "$CONTROL" ]; then
	echo "1..0 # SKIP $CONTROL is missing: run me in a guest with the VMBus double (selftests/vm/run -- $0)"
	exit 0
fi
if ! command -v "$HVCAPS" >/dev/null; then
	echo "Bail out! '$HVCAPS' not found: make -C user OUT=\$PWD/build/bin, and put build/bin in PATH"
	exit 1
fi

shopt -s nullglob
SCENARIOS=("$TOP"/selftests/scenarios/*.vmbus)
if [ ${#SCENARIOS[@]} = 0 ]; then
	echo "Bail out! no scenario in $TOP/selftests/scenarios"
	exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
unset NO_COLOR

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

load() {
	echo reset >"$CONTROL" && cat "$1" >"$CONTROL"
}

# 2 sources x (snapshot + 4 commands) + 1 (host facts, netlink) per
# scenario; 2 for the guest facts; 1 for the restore
echo "1..$((${#SCENARIOS[@]} * 11 + 3))"

for sc in "${SCENARIOS[@]}"; do
	name=$(basename "$sc")
	if ! load "$sc" 2>"$TMP/err"; then
		for _ in $(seq 11); do
			not_ok "$name: not tested (the scenario did not load)" "$(cat "$TMP/err")"
		done
		continue
	fi
	for src in netlink sysfs; do
		S=$TMP/$name.$src.json
		if "$HVCAPS" --source "$src" snapshot -o "$S" 2>"$TMP/err"; then
			ok "$name: hvcaps --source $src snapshot"
		else
			not_ok "$name: hvcaps --source $src snapshot" "$(head -c 1000 "$TMP/err")"
		fi
		for args in show "show --json" "list -vv" "list --json"; do
			t="$name: hvcaps --snapshot FILE $args == hvcaps --source $src $args"
			# shellcheck disable=SC2086
			"$HVCAPS" --source "$src" $args >"$TMP/live.out" 2>"$TMP/live.err"
			lrc=$?
			# shellcheck disable=SC2086
			"$HVCAPS" --snapshot "$S" $args >"$TMP/snap.out" 2>"$TMP/snap.err"
			src_rc=$?
			if [ "$lrc" = 0 ] && [ "$src_rc" = 0 ] && cmp -s "$TMP/live.out" "$TMP/snap.out" &&
				cmp -s "$TMP/live.err" "$TMP/snap.err"; then
				ok "$t"
			else
				not_ok "$t" "exit status live $lrc, snapshot $src_rc" \
					"$(diff -u "$TMP/live.out" "$TMP/snap.out" | head -30)" \
					"$(diff -u "$TMP/live.err" "$TMP/snap.err" | head -10)"
			fi
		done
	done
	# a netlink snapshot holds what only the module knows
	if python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
k = j["kernel_facts"]
assert k["source"] == "netlink", k["source"]
assert k["host"]["module_version"], "no module version"
assert k["host"]["vmbus_version"] is not None, "no VMBus version"
assert all(d["flags"] is not None for d in k["devices"]), "offer flags missing"
assert k["host"]["device_count"] == len(k["devices"]), "device count"
' "$TMP/$name.netlink.json" 2>"$TMP/err"; then
		ok "$name: the netlink snapshot has the module's host and offer facts"
	else
		not_ok "$name: the netlink snapshot has the module's host and offer facts" "$(cat "$TMP/err")"
	fi
done

# The guest facts of the running system
snaps=("$TMP"/*.netlink.json)
S=${snaps[0]}
if python3 -c '
import json, os, sys
g = json.load(open(sys.argv[1]))["guest"]
assert g["root"] == "/", g["root"]
assert g["kernel"]["release"] == os.uname().release, g["kernel"]
assert g["kernel"]["arch"] == os.uname().machine, g["kernel"]
osr = dict(l.rstrip("\n").split("=", 1) for l in open("/etc/os-release") if "=" in l)
assert g["os"]["id"] == osr["ID"].strip("\""), g["os"]
assert g["os"]["source"] == "/etc/os-release", g["os"]
assert g["daemons"]["why"] is None and len(g["daemons"]["services"]) == 3, g["daemons"]
assert g["nics"]["interfaces"] is not None and g["disks"]["disks"] is not None
' "$S" 2>"$TMP/err"; then
	ok "guest facts of the running guest: kernel (uname), os-release, daemons, NICs, disks"
else
	not_ok "guest facts of the running guest" "$(cat "$TMP/err")"
fi
if "$HVCAPS" show >"$TMP/out" 2>"$TMP/err" && grep -q "^  Kernel       $(uname -r), $(uname -m)" "$TMP/out" &&
	grep -q '^  Daemons      KVP ' "$TMP/out"; then
	ok "show: the guest section"
else
	not_ok "show: the guest section" "$(cat "$TMP/out" "$TMP/err" | head -30)"
fi

if [ -z "$RESTORE" ]; then
	if echo reset >"$CONTROL"; then ok "restore: no scenario (reset)"; else not_ok "restore: reset failed"; fi
elif load "$RESTORE" 2>"$TMP/err"; then
	ok "restore: $RESTORE"
else
	not_ok "restore: $RESTORE" "$(cat "$TMP/err")"
fi

if [ "$failed" != 0 ]; then
	echo "# $failed of $n tests failed"
	exit 1
fi
echo "# all $n tests passed"
