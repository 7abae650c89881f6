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
# shellcheck source=user/tests/guest_lib.sh
. "$TOP/user/tests/guest_lib.sh"
guest_require
guest_scenarios "$TOP"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
unset NO_COLOR

# snapshot_gen FILE: the generation a netlink snapshot was taken at.
snapshot_gen() {
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["kernel_facts"]["hypervisor"]["generation"])' "$1" 2>/dev/null
}

# compare SRC SNAPSHOT ARGS: the live command and the one on SNAPSHOT
# print the same (stdout, stderr, exit status 0). Output in $TMP/{live,snap}.*
# without_origin FILE: show --snapshot's own words on where its facts come
# from (the "Snapshot" lines; "snapshot" in JSON) removed, in place
without_origin() {
	python3 - "$1" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
try:
    j = json.loads(text)
    if isinstance(j, dict) and "snapshot" in j:
        j["snapshot"] = None
        text = json.dumps(j, indent=2) + "\n"
except ValueError:
    if text.startswith("Snapshot "):
        text = text.split("\n\n", 1)[1]
open(sys.argv[1], "w").write(text)
PY
}
compare() {
	local src=$1 snap=$2
	shift 2
	"$HVCAPS" --source "$src" "$@" >"$TMP/live.out" 2>"$TMP/live.err"
	lrc=$?
	"$HVCAPS" --snapshot "$snap" "$@" >"$TMP/snap.out" 2>"$TMP/snap.err"
	src_rc=$?
	without_origin "$TMP/live.out"
	without_origin "$TMP/snap.out"
	[ "$lrc" = 0 ] && [ "$src_rc" = 0 ] && cmp -s "$TMP/live.out" "$TMP/snap.out" &&
		cmp -s "$TMP/live.err" "$TMP/snap.err"
}

# 2 sources x (snapshot + 4 commands) + 1 (host facts, netlink) per
# scenario; 2 for the guest facts; 1 for the restore
echo "1..$((${#SCENARIOS[@]} * 11 + 3))"

for sc in "${SCENARIOS[@]}"; do
	name=$(basename "$sc")
	# Settled, so that the generation in a netlink snapshot is still the
	# live one when the live commands run.
	if ! load "$sc" 2>"$TMP/err" || ! settle 2>>"$TMP/err"; then
		for _ in $(seq 11); do
			not_ok "$name: not tested (the scenario did not load or settle)" "$(cat "$TMP/err")"
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
			note=
			# shellcheck disable=SC2086
			if ! compare "$src" "$S" $args && [ "$src" = netlink ]; then
				# Only a change of the bus since the snapshot excuses a
				# difference: then take the snapshot again, once.
				g_snap=$(snapshot_gen "$S")
				g_now=$(bus_generation)
				if [ -n "$g_now" ] && [ "$g_snap" != "$g_now" ] && settle &&
					"$HVCAPS" --source netlink snapshot -o "$S" 2>"$TMP/err"; then
					note="# the bus moved from generation $g_snap to $g_now: compared again on a new snapshot"
					# shellcheck disable=SC2086
					compare "$src" "$S" $args
				fi
			fi
			if [ "$lrc" = 0 ] && [ "$src_rc" = 0 ] && cmp -s "$TMP/live.out" "$TMP/snap.out" &&
				cmp -s "$TMP/live.err" "$TMP/snap.err"; then
				ok "$t"
				[ -z "$note" ] || echo "$note"
			else
				not_ok "$t" "exit status live $lrc, snapshot $src_rc" "$note" \
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
assert k["hypervisor"]["module_version"], "no module version"
assert k["hypervisor"]["vmbus_version"] is not None, "no VMBus version"
assert all(d["flags"] is not None for d in k["devices"]), "offer flags missing"
assert k["hypervisor"]["device_count"] == len(k["devices"]), "device count"
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
assert g["nics"]["interfaces"] is not None, g["nics"]
# A kernel without a block layer (the debug kernel: CONFIG_BLOCK is not
# set) has no /sys/block: no disk list then, and the reason says so.
if os.path.isdir("/sys/block"):
    assert g["disks"]["disks"] is not None, g["disks"]
else:
    assert g["disks"]["disks"] is None, g["disks"]
    assert g["disks"]["why"] == "/sys/block: No such file or directory", g["disks"]
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

restore "$TMP/err"
finish
