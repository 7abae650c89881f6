# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of today's Azure and Hyper-V guests (issue 13): isolation as a
# fact, offer flags by name. Sourced by tests/run, whose helpers and
# variables it uses; the snapshots are diff_tests.sh's ($DS).

GS=$TMP/guests
mkdir -p "$GS"

# offer flags: hv_sock's TLNPI provider bit, and a bit no kernel names
python3 - "$DS/snp.json" "$GS/flags.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for d in s["kernel_facts"]["devices"]:
    if d["type"] == 21:
        d["flags"] = 0x2000
    if d["type"] == 4:
        d["flags"] = 0x8001
json.dump(s, open(sys.argv[2], "w"))
PY
run --snapshot "$GS/flags.json" show -v
if [ "$RC" = 0 ] && grep -Eq '^             flags 0x2000 hv-sock-provider$' "$OUT" &&
	grep -Eq '^             flags 0x8001 enumerate-device-interface, 0x8000$' "$OUT" &&
	grep -Eq '^             flags unknown \(not in the netlink facts\)$' "$OUT"; then
	ok "show -v: the offer flags by name (include/linux/hyperv.h), other bits in hex, unknown said"
else
	not_ok "show -v: the offer flags by name" "exit status $RC" "$(grep -A1 relid "$OUT" | head -20)"
fi
run --snapshot "$GS/flags.json" show
if [ "$RC" = 0 ] && ! grep -q '^Devices' "$OUT"; then
	ok "show without -v: no device list"
else
	not_ok "show without -v: no device list" "exit status $RC"
fi
run --snapshot "$GS/flags.json" show --json
json_check "show --json: flag_names per device, null when the flags are unknown" \
	'{d["relid"]: d["flag_names"] for d in j["devices"]}[14] == ["hv-sock-provider"] and {d["relid"]: d["flag_names"] for d in j["devices"]}[11] == ["enumerate-device-interface", "0x8000"] and {d["relid"]: d["flag_names"] for d in j["devices"]}[12] is None'

# isolation: the guest's CPUID reading survives a snapshot round trip
run --snapshot "$DS/snp.json" snapshot
json_check "snapshot: the guest's isolation (CPUID 0x4000000C) is kept" \
	'j["guest"]["isolation"]["type"] == 2 and j["guest"]["isolation"]["paravisor"] is True and j["guest"]["isolation"]["source"].startswith("CPUID 0x4000000C")'
run --snapshot "$DS/full.json" snapshot
json_check "snapshot: an old snapshot without guest.isolation reads, the isolation unknown" \
	'all(v is None for v in j["guest"]["isolation"].values())'
run --snapshot "$DS/snp.json" features
has "features: the isolation with its paravisor and source" \
	'^Isolation     AMD SEV-SNP, paravisor present \(from CPUID 0x4000000C, through the hvcaps module\)$'
run --snapshot "$DS/full.json" features --isolation TDX
has "features --isolation: the option named as the source" '^Isolation     Intel TDX \(from --isolation\)$'
run features --list --isolation snp
expect_error "features --list --isolation: reads nothing" "^hvcaps: --list reads nothing"
run --root "$FX_FIXTURES/rhel9" --source sysfs show --json
json_check "--root: CPUID is not read under a root, and says so" \
	'j["guest"]["isolation"]["type"] is None and "not read under --root" in j["guest"]["isolation"]["why"]'

# vPCI: the PCI functions below the pass-through offers (selftests/fixtures/azure-v6)
V6=$TOP/selftests/fixtures/azure-v6
run --root "$V6" show --json
json_check "azure-v6: the MANA VF behind its offer, named from pci.ids, paired with eth0" \
	'[(p["address"], p["vmbus_device"], p["vendor"], p["device"], p["class_code"], p["driver"], p["numa_node"], p["netdevs"], p["paired_nic"], p["name_source"]) for p in j["guest"]["pci"]["functions"]][0] == ("7870:00:02.0", "2c1e5a7d-7870-4e21-9a3b-5c6d7e8f9a01", 0x1414, 0xba, 0x020000, "mana", 0, ["enP30832s1"], "eth0", "/usr/share/misc/pci.ids")'
json_check "azure-v6: the NVMe function (class 010802) with its controller nvme0" \
	'[(p["address"], p["device"], p["class_code"], p["driver"], p["nvme"], p["paired_nic"]) for p in j["guest"]["pci"]["functions"]][1] == ("8a31:00:00.0", 0xa9, 0x010802, "nvme", ["nvme0"], None) and j["guest"]["diagnostics"] == []'
run --root "$V6" show
if [ "$RC" = 0 ] && grep -q '^    7870:00:02.0 1414:00ba class 020000 mana, NUMA node 0 (offer 2c1e5a7d-7870-4e21-9a3b-5c6d7e8f9a01)$' "$OUT" &&
	grep -q '^      network interface enP30832s1, the VF of eth0$' "$OUT" &&
	grep -q '^      NVMe controller nvme0$' "$OUT"; then
	ok "azure-v6: show names the functions under the offers"
else
	not_ok "azure-v6: show names the functions under the offers" "exit status $RC" "$(tail -12 "$OUT")"
fi
# without pci.ids, hvcaps's own table names MANA (mana/gdma.h)
cp -a "$V6" "$GS/v6-noids" && rm "$GS/v6-noids/usr/share/misc/pci.ids"
run --root "$GS/v6-noids" show --json
json_check "azure-v6 without pci.ids: MANA named from hvcaps's table, the NVMe id left unnamed" \
	'[(p["name"], p["name_source"]) for p in j["guest"]["pci"]["functions"]] == [("Microsoft Azure Network Adapter (MANA) VF", "hvcaps'"'"'s table of Microsoft ids"), (None, None)]'
printf 'zz\n' >"$GS/v6-noids/sys/bus/vmbus/devices/2c1e5a7d-7870-4e21-9a3b-5c6d7e8f9a01/pci7870:00/7870:00:02.0/vendor"
run --root "$GS/v6-noids" show --json
json_check "azure-v6: a broken vendor file: one warning naming it, the vendor unknown" \
	'j["guest"]["pci"]["functions"][0]["vendor"] is None and [d["path"] for d in j["guest"]["diagnostics"]] == ["/sys/bus/vmbus/devices/2c1e5a7d-7870-4e21-9a3b-5c6d7e8f9a01/pci7870:00/7870:00:02.0/vendor"]'
