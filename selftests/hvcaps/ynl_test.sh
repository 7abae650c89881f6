#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ynl_test.sh: the hvcaps family through the kernel's own generic netlink
# client, YNL (tools/net/ynl/cli.py of linux-source-6.12, cached in
# build/ynl/ by selftests/vm/fetch-ynl on the host), driven by
# Documentation/netlink/specs/hvcaps.yaml alone: --do host-get and
# --dump channel-get must agree with sysfs, and --subscribe events must
# receive the channel-ntf notifications of devices offered, given a
# sub-channel and rescinded through the VMBus double. TAP; run in a guest:
#
#   selftests/vm/run [--kernel V] -- selftests/hvcaps/ynl_test.sh
#
# The spec is validated against the kernel's schema for its protocol level
# (genetlink, genetlink-c, ...) by YNL itself; without python3-jsonschema
# that case skips, saying so (a failure under CI=true). YNL shows a
# binary attribute with display-hint uuid in RFC byte order; the GUIDs of
# the family are guid_t, so the instances are compared after conversion.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=${HVCAPS_TOP:-$(cd "$here/../.." && pwd)}
YNL=$top/build/ynl/tools/net/ynl/cli.py
SPEC=$top/Documentation/netlink/specs/hvcaps.yaml
SCHEMA=$top/build/ynl/Documentation/netlink/$(sed -n 's/^protocol: *//p' "$SPEC").yaml
CONTROL=/sys/kernel/debug/vmbus_double/control
DEVS=/sys/bus/vmbus/devices
RELID=3900

if [ ! -f "$YNL" ]; then
	echo "1..0 # SKIP $YNL missing: run selftests/vm/fetch-ynl on the host"
	exit 4 # KSFT_SKIP
fi
if [ ! -w "$CONTROL" ]; then
	echo "1..0 # SKIP $CONTROL missing: run me in a guest with the VMBus double"
	exit 4 # KSFT_SKIP
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "1..0 # SKIP python3 has no yaml module (apt-get install python3-yaml)"
	exit 4 # KSFT_SKIP
fi
if python3 -c 'import jsonschema' 2>/dev/null; then
	schema=(--schema "$SCHEMA")
else
	schema=(--no-schema)
fi
ynl() {
	(cd "$(dirname "$YNL")" && exec python3 cli.py --spec "$SPEC" "${schema[@]}" --output-json "$@")
}

TMP=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT
n=0
failed=0
result() { # RC NAME [DETAIL FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && sed 's/^/# /' "$3"
	fi
}

echo "1..4"
echo "# ${schema[*]}"

# One start of cli.py (seconds under TCG) serves two cases: with --schema
# it validates the spec before it sends anything.
ynl --do host-get >"$TMP/host" 2>&1
hrc=$?
if [ "${schema[0]}" = --no-schema ]; then
	n=$((n + 1))
	echo "ok $n - the spec validates against $(basename "$SCHEMA") # SKIP python3-jsonschema not installed (apt-get install python3-jsonschema)"
else
	result $hrc "the spec validates against $(basename "$SCHEMA") (YNL --schema)" "$TMP/host"
fi
python3 - "$TMP/host" "$DEVS" >"$TMP/check" 2>&1 <<'EOF'
import json, os, sys
h = json.loads(open(sys.argv[1]).read())
devs = os.listdir(sys.argv[2])
assert h["vmbus-present"] == 1, h
assert h["device-count"] == len(devs), (h["device-count"], len(devs))
assert isinstance(h["generation"], int) and h["module-version"], h
print(f"module {h['module-version']}, {h['device-count']} devices, generation {h['generation']}")
EOF
rc=$?
cat "$TMP/host" >>"$TMP/check"
result $rc "ynl --do host-get: $(head -n1 "$TMP/check")" "$TMP/check"

ynl --dump channel-get >"$TMP/dump" 2>&1
python3 - "$TMP/dump" "$DEVS" >"$TMP/check" 2>&1 <<'EOF'
import json, os, sys, uuid
dump = json.loads(open(sys.argv[1]).read())
devs = {d: int(open(f"{sys.argv[2]}/{d}/id").read()) for d in os.listdir(sys.argv[2])}
def guid(s):  # ynl's RFC-order text -> the guid_t (%pUl) text sysfs uses
    return str(uuid.UUID(bytes_le=uuid.UUID(s).bytes))
got = {guid(m["instance"]): m["relid"] for m in dump}
assert got == devs, (sorted(got.items()), sorted(devs.items()))
for m in dump:
    assert m["vendor-id"] == 0x1414 or m["vendor-id"] == "0x1414", m
    assert isinstance(m["dev-type"], str), m  # decoded through the enum
print(f"{len(dump)} devices, as in sysfs")
EOF
rc=$?
result $rc "ynl --dump channel-get: $(head -n1 "$TMP/check")" "$TMP/check"

# --subscribe: cli.py subscribes, sleeps, then prints what arrived. Its
# start takes seconds under TCG, so the devices come only once its socket
# has joined a multicast group (/proc/net/netlink: protocol 16, port id =
# its PID, a non-zero group mask); then every one of them, offered (add),
# given a sub-channel (subchannels, found by the module's poller) and
# rescinded (remove), must arrive whole, in order, at consecutive
# generations. The 7 devices take 28 s of sleeps plus a few seconds per
# device of process starts under TCG: in a sid guest the last rescind came
# after 40 s (its remove missing, three runs in three), hence 60.
inst() { printf '5e5a0000-0000-4000-8000-%012x' "$1"; }
subscribed() { # PID: its generic netlink socket has joined a group
	awk -v pid="$1" '$2 == 16 && $3 == pid && $4 !~ /^0+$/ { f = 1 } END { exit !f }' /proc/net/netlink
}
# Not through ynl(): a function run in the background is a subshell of its
# own, and cli.py would be its child; this subshell execs cli.py, so $! is
# cli.py's PID (and its socket's port id).
(cd "$(dirname "$YNL")" && exec python3 cli.py --spec "$SPEC" "${schema[@]}" --output-json \
	--subscribe events --sleep 60) >"$TMP/ntf" 2>&1 &
PID=$!
for _ in $(seq 1200); do
	subscribed "$PID" && break
	sleep 0.1
done
subscribed "$PID" || echo "# cli.py (pid $PID) did not join a group within 120 s"
for i in 0 1 2 3 4 5 6; do
	sleep 1
	echo "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=$(inst "$i") relid=$((RELID + 2 * i))" >"$CONTROL"
	sleep 1.5
	echo "offer-subchannel instance=$(inst "$i") relid=$((RELID + 2 * i + 1)) cpu=1" >"$CONTROL"
	sleep 1.5
	echo "rescind instance=$(inst "$i")" >"$CONTROL"
done
wait "$PID"
rc=$?
PID=
python3 - "$TMP/ntf" "$RELID" >"$TMP/check" 2>&1 <<'EOF'
import json, sys, uuid
ntf = json.loads(open(sys.argv[1]).read())
relid = int(sys.argv[2])
def guid(s):  # ynl's RFC-order text -> the guid_t (%pUl) text
    return str(uuid.UUID(bytes_le=uuid.UUID(s).bytes))
msgs = [m["msg"] for m in ntf if m["name"] == "channel-ntf"]
gens = [m["generation"] for m in msgs]
assert gens == list(range(gens[0], gens[0] + len(gens))), gens
whole = 0
for i in range(7):
    inst = f"5e5a0000-0000-4000-8000-{i:012x}"
    ours = [m for m in msgs if guid(m["instance"]) == inst]
    if [m["event"] for m in ours] != ["add", "subchannels", "remove"]:
        continue
    add, sub, rem = ours
    assert add["relid"] == relid + 2 * i and add["dev-type"] == "nic", add
    assert [(s["relid"], s["index"], s["target-cpu"]) for s in sub["subchannel"]] == \
        [(relid + 2 * i + 1, 1, 1)], sub
    whole += 1
assert whole == 7, f"{whole} of 7 devices seen whole: {[(m['event'], guid(m['instance'])) for m in msgs]}"
print(f"{len(msgs)} notifications at consecutive generations, {whole} devices add/subchannels/remove")
EOF
prc=$?
[ "$rc" = 0 ] || prc=1
cat "$TMP/ntf" >>"$TMP/check"
result $prc "ynl --subscribe events: $(head -n1 "$TMP/check")" "$TMP/check"

[ "$failed" = 0 ]
