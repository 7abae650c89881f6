#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest_monitor_test.sh: in a guest with hvcaps.ko and the VMBus double
# (selftests/vm/run), run `hvcaps monitor --json` in the background, drive
# offers, rescinds, binds, unbinds (through the double's stub driver) and
# sub-channel changes, and check every line it printed: one per event, in
# order, consecutive generations, the right attributes; then stop it while
# a burst overruns its socket and check the notice, the re-read and the
# next event; then the text format and the usage errors. TAP output;
# non-zero exit on failure. Restores $HVCAPS_SCENARIO at the end.
#
#   selftests/vm/run [--kernel V] -- user/tests/guest_monitor_test.sh
#
# Environment: HVCAPS_SCENARIO (the scenario to restore, may be empty),
# HVCAPS (the binary; default: hvcaps from PATH, which run points at
# build/bin).
set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=user/tests/guest_lib.sh
. "$TOP/user/tests/guest_lib.sh"
STUB=/sys/bus/vmbus/drivers/vmbus_double_stub
DEVS=/sys/bus/vmbus/devices
NIC=f8615163-df3e-46c5-913f-f2d2f965ed0e
SCSI=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
A=6041f3c4-0000-4000-8000-00000000000a
B=6041f3c4-0000-4000-8000-00000000000b
C=6041f3c4-0000-4000-8000-00000000000c
D=6041f3c4-0000-4000-8000-00000000000d
# The marker: offered after the last change a check expects, and waited
# for. Events come in generation order, so once its "add" is read every
# event before it is too: nothing late can be missed (no sleeps).
M=6041f3c4-0000-4000-8000-0000000000ee

guest_require
if [ ! -d "$STUB" ]; then
	echo "1..0 # SKIP $STUB is missing: a VMBus double without the stub driver"
	exit 0
fi

TMP=$(mktemp -d)
PID=
cleanup() {
	[ -n "$PID" ] && kill -CONT "$PID" 2>/dev/null && kill "$PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# wait_lines FILE N [SECONDS]: until FILE has N lines.
wait_lines() {
	local end=$((SECONDS + ${3:-30}))
	while [ $SECONDS -lt $end ]; do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_for FILE REGEX [SECONDS]: until a line of FILE matches.
wait_for() {
	local end=$((SECONDS + ${3:-30}))
	while [ $SECONDS -lt $end ]; do
		grep -qE "$2" "$1" && return 0
		sleep 0.1
	done
	return 1
}

bind() { # INSTANCE
	if [ -e "$DEVS/$1/driver_override" ]; then
		echo vmbus_double_stub >"$DEVS/$1/driver_override"
	else
		echo "$NIC" >"$STUB/new_id" 2>/dev/null
	fi
	[ -L "$DEVS/$1/driver" ] || echo "$1" >"$STUB/bind"
}

echo "1..15"

ctl reset
OUT=$TMP/json
# A small receive buffer (instead of 4 MiB), so that a burst overruns it.
HVCAPS_MONITOR_RCVBUF=65536 "$HVCAPS" monitor --json >"$OUT" 2>"$TMP/err" &
PID=$!
if wait_lines "$OUT" 1; then
	ok "monitor --json starts and prints its start line"
else
	not_ok "monitor --json starts and prints its start line" "$(cat "$TMP/err")"
	exit 1
fi
# The start line comes after the monitor subscribed and read HOST_GET and
# a dump, which start the module's sub-channel poll: no wait needed.

# The events, each waited for (sub-channel changes are polled).
lines=1
step() { # EXPECTED-EVENTS COMMAND...
	local want=$1
	shift
	"$@"
	lines=$((lines + want))
	wait_lines "$OUT" "$lines" 20
}
step 1 ctl "offer class=$NIC instance=$A relid=500 cpu=1"
step 1 bind "$A"
step 1 ctl "offer-subchannel instance=$A relid=501 cpu=1"
step 1 ctl "offer-subchannel instance=$A relid=502"
step 1 ctl "rescind-subchannel relid=501"
step 1 eval "echo $A >$STUB/unbind"
step 1 bind "$A"
# A rescind of a bound device with a sub-channel: its REMOVE only (not the
# sub-channel leaving with it, not the unbind that follows it).
step 1 ctl "rescind instance=$A"
step 2 ctl "offer class=$SCSI instance=$B relid=510 subchannels=511:0,512:1"
step 1 ctl "rescind instance=$B"
step 1 ctl "offer class=$NIC instance=$M relid=590"
step 1 ctl "rescind instance=$M"
cp "$OUT" "$TMP/first"

python3 - "$TMP/first" "$A" "$B" "$M" >"$TMP/check1" 2>&1 <<'EOF'
import json, re, sys
path, a, b, m = sys.argv[1:]
lines = [json.loads(l) for l in open(path)]
ts = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
start = lines[0]
assert start["event"] == "start" and start["devices"] == 0, start
# each line a document (user/schema/hvcaps.monitor-event.json)
assert all(l["schema"] == "hvcaps.monitor-event" and l["schema_version"] == 1 and l["hvcaps_version"] for l in lines), lines[0]
g = start["generation"]
want = [
    ("add", a, 500, None, []),
    ("bind", a, 500, "vmbus_double_stub", []),
    ("subchannels", a, 500, "vmbus_double_stub", [(501, 1, 1)]),
    ("subchannels", a, 500, "vmbus_double_stub", [(501, 1, 1), (502, 2, 0)]),
    ("subchannels", a, 500, "vmbus_double_stub", [(502, 2, 0)]),
    ("unbind", a, 500, None, [(502, 2, 0)]),
    ("bind", a, 500, "vmbus_double_stub", [(502, 2, 0)]),
    ("remove", a, 500, "vmbus_double_stub", []),
    ("add", b, 510, None, []),
    ("subchannels", b, 510, None, [(511, 1, 0), (512, 2, 1)]),
    ("remove", b, 510, None, []),
    ("add", m, 590, None, []),
    ("remove", m, 590, None, []),
]
got = lines[1:]
assert len(got) == len(want), f"{len(got)} events, want {len(want)}: {[l['event'] for l in got]}"
for i, (l, w) in enumerate(zip(got, want)):
    ev, inst, relid, drv, subs = w
    g += 1
    assert ts.match(l["time"]), l
    assert l["generation"] == g, (i, l["generation"], g)
    assert l["reread"] is False, l
    assert (l["event"], l["instance"], l["relid"]) == (ev, inst, relid), (i, l)
    assert l["driver"] == drv, (i, l)
    assert [(s["relid"], s["index"], s["target_cpu"]) for s in l["subchannels"]] == subs, (i, l)
    assert l["type"] == ("scsi" if inst == b else "nic"), l
    assert l["type_name"] in ("Synthetic network adapter", "Synthetic SCSI controller") and l["name"] == l["instance"], l
    assert l["type_id"] == (2 if inst == b else 4), l  # HVCAPS_DEV_SCSI, HVCAPS_DEV_NIC
    assert l["class"] in ("f8615163-df3e-46c5-913f-f2d2f965ed0e",
                          "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"), l
    if ev == "unbind":
        assert l["previous_driver"] == "vmbus_double_stub", l
sub = [l for l in got if l["event"] == "subchannels"]
assert [(s["added"], s["removed"]) for s in sub] == [([501], []), ([502], []), ([], [501]), ([511, 512], [])], sub
print(f"{len(got)} events, generations {lines[1]['generation']}..{g}")
EOF
rc=$?
if [ "$rc" = 0 ]; then
	ok "13 events in order: add, bind, sub-channels, unbind, remove, no sub-channel loss or unbind with a remove; attributes and generations ($(tail -n1 "$TMP/check1"))"
else
	not_ok "13 events in order with their attributes and generations" "$(cat "$TMP/check1")" "$(cat "$TMP/first")"
fi

# An overrun: the monitor stopped while a burst of 1200 events overfills
# its socket (64 KiB, doubled by the kernel; an event takes about 1 KiB),
# then resumed: a notice, the bus read again, and the next event with the
# generation after the re-read.
: >"$TMP/burst"
for i in $(seq 0 599); do
	printf 'offer class=%s instance=6041f3c4-1111-4000-8000-%012x relid=%d\nrescind instance=6041f3c4-1111-4000-8000-%012x\n' \
		"$NIC" "$i" $((1000 + i % 8)) "$i" >>"$TMP/burst"
done
ctl "offer class=$NIC instance=$D relid=520"
wait_lines "$OUT" $((lines + 1)) 20
lines=$((lines + 1))
kill -STOP "$PID"
cat "$TMP/burst" >"$CONTROL"
ctl "rescind instance=$D"
kill -CONT "$PID"
check "after the burst: a notice that events were missed" wait_for "$OUT" '"event": *"missed"' 60
check "then the bus read again" wait_for "$OUT" '"event": *"reread"' 60
cnt=$(wc -l <"$OUT")
ctl "offer class=$NIC instance=$C relid=530"
wait_lines "$OUT" $((cnt + 1)) 20
python3 - "$OUT" "$lines" "$D" "$C" >"$TMP/check2" 2>&1 <<'EOF'
import json, sys
path, before, d, c = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = [json.loads(l) for l in open(path)][before:]
kinds = [l["event"] for l in lines]
i = kinds.index("missed")
assert lines[i]["reason"] == "overrun", lines[i]
j = kinds.index("reread", i)
reread = lines[j]
assert reread["devices"] == 0, reread  # C is not offered yet; D is gone
# between: events before the overrun, at consecutive generations
g = None
for l in lines[:i]:
    if g is not None:
        assert l["generation"] == g + 1, (g, l)
    g = l["generation"]
# what the re-read found changed: D removed (it was known as offered)
rr = lines[j + 1:]
assert rr[-1]["event"] == "add" and rr[-1]["instance"] == c, rr[-1]
assert rr[-1]["generation"] == reread["generation"] + 1 and not rr[-1]["reread"], (reread, rr[-1])
changes = rr[:-1]
assert all(l["reread"] and l["generation"] == reread["generation"] for l in changes), changes
gone = [l["instance"] for l in changes if l["event"] == "remove"]
if d not in [l["instance"] for l in lines[:i] if l["event"] == "remove"]:
    assert d in gone, changes
print(f"{i} events before the overrun, re-read at generation {reread['generation']}, {len(changes)} re-read changes")
EOF
rc=$?
if [ "$rc" = 0 ]; then
	ok "overrun: notice (reason overrun), re-read, changes marked re-read, the next event at the next generation ($(tail -n1 "$TMP/check2"))"
else
	not_ok "overrun: notice, re-read, next event at the next generation" "$(cat "$TMP/check2")" "$(tail -n 20 "$OUT")"
fi

kill -TERM "$PID"
wait "$PID"
rc=$?
PID=
if [ "$rc" = 0 ] && [ ! -s "$TMP/err" ]; then
	ok "SIGTERM: exit status 0, nothing on stderr"
else
	not_ok "SIGTERM: exit status 0, nothing on stderr" "exit status $rc" "$(cat "$TMP/err")"
fi
check "every line is one JSON object" python3 -c '
import json, sys
for l in open(sys.argv[1]):
    assert isinstance(json.loads(l), dict)
' "$OUT"

# The text format.
ctl "rescind instance=$C"
OUT=$TMP/text
"$HVCAPS" monitor >"$OUT" 2>"$TMP/err" &
PID=$!
wait_lines "$OUT" 1
ctl "offer class=$NIC instance=$A relid=540"
bind "$A"
ctl "offer-subchannel instance=$A relid=541 cpu=1"
wait_lines "$OUT" 4 20
ctl "rescind instance=$A"
ctl "offer class=$NIC instance=$M relid=590"
wait_lines "$OUT" 6 20
kill -INT "$PID"
wait "$PID"
rc=$?
PID=
ctl "rescind instance=$M"
T='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
G='\(generation [0-9]+\)'
re=("^$T monitoring 0 devices $G\$"
	"^$T add $A Synthetic network adapter relid 540 $G\$"
	"^$T bind $A Synthetic network adapter relid 540 driver vmbus_double_stub $G\$"
	"^$T subchannels $A Synthetic network adapter relid 540: 1 sub-channel, \+541 $G\$"
	"^$T remove $A Synthetic network adapter relid 540 $G\$"
	"^$T add $M Synthetic network adapter relid 590 $G\$")
bad=
i=0
while IFS= read -r line; do
	if [ $i -ge ${#re[@]} ] || ! [[ $line =~ ${re[$i]} ]]; then
		bad="line $((i + 1)): '$line'"
		break
	fi
	i=$((i + 1))
done <"$OUT"
if [ -z "$bad" ] && [ $i = ${#re[@]} ] && [ "$rc" = 0 ]; then
	ok "text: one line per event, ISO 8601 time in ms, generation; SIGINT exits 0"
else
	not_ok "text: one line per event" "${bad:-$i lines, exit $rc}" "$(cat "$OUT")" "$(cat "$TMP/err")"
fi

# --features: the feature states at the start, then the changes, each put
# down to the event before it.
VIDEO=da0a7802-e377-4aac-8e77-0558eb1073f8
PCIE=44c4f61d-4444-4400-9d52-802e27ede19f
OUT=$TMP/features
"$HVCAPS" monitor --features --json >"$OUT" 2>"$TMP/err" &
PID=$!
wait_for "$OUT" '"event":"features"' 60
ctl "offer class=$VIDEO instance=$B relid=550"
wait_for "$OUT" '"id":"hyperv-video"' 60
ctl "offer class=$PCIE instance=$C relid=551"
wait_for "$OUT" '"id":"pci-passthrough"' 60
ctl "rescind instance=$C"
# start, features, and for each of the 3 changes the event and the feature
wait_lines "$OUT" 8 60
kill "$PID"
wait "$PID"
PID=
python3 - "$OUT" "$B" "$C" >"$TMP/check3" 2>&1 <<'EOF'
import json, sys
path, b, c = sys.argv[1:]
lines = [json.loads(l) for l in open(path)]
kinds = [l["event"] for l in lines]
f = lines[kinds.index("features")]["features"]
assert len(f) == 29 and f["hyperv-video"] == "no" and f["pci-passthrough"] == "unknown", f
print("start: 29 features, hyperv-video no, pci-passthrough unknown")
feats = [l for l in lines if l["event"] == "feature"]
want = [("hyperv-video", "no", "yes", f"device {b} offered"),
        ("pci-passthrough", "unknown", "yes", f"device {c} offered"),
        ("pci-passthrough", "yes", "unknown", f"device {c} rescinded")]
got = [(l["id"], l["from"], l["to"], l["cause"]) for l in feats]
assert got == want, got
adds = {l["instance"]: l["generation"] for l in lines if l["event"] == "add"}
assert feats[0]["generation"] == adds[b] and feats[1]["generation"] == adds[c], (feats, adds)
assert feats[1]["evidence"] and feats[2]["remediation"], feats
print("changes: " + "; ".join(f"{i} {a} -> {z}" for i, a, z, _ in got))
EOF
rc=$?
if [ "$rc" = 0 ]; then
	ok "monitor --features: $(head -n1 "$TMP/check3")"
	ok "monitor --features: $(tail -n1 "$TMP/check3"), each with its cause and generation"
else
	not_ok "monitor --features: the start summary" "$(cat "$TMP/check3")" "$(cat "$OUT")" "$(cat "$TMP/err")"
	not_ok "monitor --features: the changes"
fi
ctl "rescind instance=$B"
"$HVCAPS" monitor --host 2019 >/dev/null 2>"$TMP/err"
rc=$?
check "monitor --host without --features: usage error (exit 2)" \
	eval "[ $rc = 2 ] && grep -q 'host release for --features' '$TMP/err'"

# Usage errors.
"$HVCAPS" monitor --source sysfs >/dev/null 2>"$TMP/err"
rc=$?
check "monitor --source sysfs: usage error (exit 2) saying why" \
	eval "[ $rc = 2 ] && grep -q 'live events' '$TMP/err'"
"$HVCAPS" monitor extra >/dev/null 2>"$TMP/err"
rc=$?
check "monitor with an argument: usage error (exit 2)" \
	eval "[ $rc = 2 ] && grep -q \"unexpected argument 'extra'\" '$TMP/err'"
"$HVCAPS" monitor --help >"$TMP/help" 2>&1
check "monitor --help" grep -q '^Usage: hvcaps monitor \[--features \[--host HOST\]\] \[--json\]' "$TMP/help"
"$HVCAPS" --help >"$TMP/help" 2>&1
check "hvcaps --help lists monitor" grep -qE '^  monitor +print the VMBus events' "$TMP/help"

# Not a test result: the plan above is fixed.
ctl reset
[ -z "$RESTORE" ] || cat "$RESTORE" >"$CONTROL"
finish
