# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of `hvcaps features` (user/matrix/features.c). Sourced by tests/run, whose
# helpers (ok, not_ok, run, expect_error) and variables (HVCAPS, TMP, TOP,
# TESTS, OUT, ERR, RC) it uses. The rules, feature by feature, are tested
# on snapshots by features_cases.py (a guest that has each feature, and
# guests that lack it); here, the command around them.

FX_FIXTURES=$TOP/selftests/fixtures

#
# The rules, on snapshots
#
cases=0
while IFS=$'\t' read -r st name detail; do
	cases=$((cases + 1))
	if [ "$st" = ok ]; then ok "$name"; else not_ok "$name" "$detail"; fi
done < <(python3 "$TESTS/features_cases.py" "$HVCAPS" "$TMP" 2>&1)
if [ "$cases" -lt 50 ]; then
	not_ok "features_cases.py ran all its cases" "only $cases lines"
fi

#
# The command
#
run features --help
if [ "$RC" = 0 ] && grep -q '^Usage: hvcaps features' "$OUT" && [ ! -s "$ERR" ]; then
	ok "features --help"
else
	not_ok "features --help" "exit status $RC"
fi
run --root "$FX_FIXTURES/rhel8" features
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
	grep -q '^Host release  unknown$' "$OUT" &&
	grep -Eq '^trim +yes +sda \(storvsc\): discard up to 4294966784 bytes$' "$OUT" &&
	grep -Eq '^uefi-boot +yes +EFI boot yes \(/sys/firmware/efi\)$' "$OUT" &&
	grep -Eq '^pae +n/a +kernel architecture x86_64' "$OUT" &&
	grep -Eq '^kvp +no +no KVP offer; KVP daemon running: hypervkvpd, pid 905' "$OUT" &&
	grep -Eq '^ +-> the host withholds KVP: enable' "$OUT"; then
	ok "features on the rhel8 fixture: one row per feature, evidence, remediation"
else
	not_ok "features on the rhel8 fixture" "exit status $RC" "$(head -c 3000 "$OUT")" "stderr: $(head -c 500 "$ERR")"
fi
grep -E '^[a-z0-9-]+ +(yes|no|inferred|unknown|n/a) ' "$OUT" | awk '{ print $1, $2 }' >"$TMP/features.text"
rows=$(wc -l <"$TMP/features.text")
# the 29 of the matrix, then the 6 beyond it (hvfeatures.h)
if [ "$rows" = 35 ]; then ok "features prints 35 rows"; else not_ok "features prints 35 rows" "$rows rows"; fi
# The rhel8 fixture's sysfs has two offers (a network adapter, relid 14,
# and a SCSI controller, relid 15; no integration service), no VMBus
# version (sysfs does not tell) and no host build; its guest files have
# EFI with Secure Boot, an x86_64 kernel, sda with discard and a wwid,
# hv_sock loaded, the KVP and VSS daemons running. The states follow from
# ft_rules one by one (hvcaps explain FEATURE):
run --root "$FX_FIXTURES/rhel8" features --json
json_check "features on the rhel8 fixture: every state, as the rules give it for its facts" \
	'{f["id"]: f["state"] for f in j["features"]} == {"core": "yes", "accurate-time": "no", "vcpus-over-256": "unknown", "jumbo-frames": "inferred", "vlan": "inferred", "live-migration": "inferred", "static-ip-injection": "no", "vrss": "no", "tso-checksum-offload": "inferred", "sr-iov": "unknown", "vhdx-resize": "inferred", "virtual-fibre-channel": "unknown", "live-backup": "no", "trim": "yes", "scsi-wwn": "yes", "pae": "n/a", "mmio-gap": "inferred", "dm-hot-add": "no", "dm-ballooning": "no", "runtime-memory-resize": "no", "hyperv-video": "no", "kvp": "no", "nmi": "inferred", "file-copy": "no", "lsvmbus": "yes", "hv-sockets": "unknown", "pci-passthrough": "unknown", "uefi-boot": "yes", "secure-boot": "yes", "accelerated-networking": "unknown", "nvme-disks": "unknown", "confidential-vm": "unknown", "fcopy-uio": "no", "hibernation": "unknown", "gpu": "unknown"}'
python3 -c 'import json,sys; [print(f["id"], f["state"]) for f in json.load(open(sys.argv[1]))["features"]]' "$OUT" >"$TMP/features.json.txt"
if cmp -s "$TMP/features.text" "$TMP/features.json.txt"; then
	ok "features: the text rows and --json give the same ids, order and states"
else
	not_ok "features: the text rows and --json agree" "$(diff "$TMP/features.text" "$TMP/features.json.txt")"
fi
run --root "$FX_FIXTURES/rhel8" features --host 2016 --json
json_check "features --json --host 2016: the release from the option, and the rules that use it" \
	'j["host"] == {"release": "2016", "source": "option", "source_text": "--host", "remark": None} and j["isolation"]["type"] is None and "not read under --root" in j["isolation"]["why"] and len(j["features"]) == 35 and {f["id"]: f["state"] for f in j["features"]}["hv-sockets"] == "inferred" and "host 2016 (from the --host)" in {f["id"]: f for f in j["features"]}["runtime-memory-resize"]["evidence"]'
run --root "$FX_FIXTURES/centos6" features --json
json_check "features on centos6: no PTP, no hv_balloon, BIOS" \
	'{f["id"]: f["state"] for f in j["features"]}["uefi-boot"] == "unknown" and {f["id"]: f["state"] for f in j["features"]}["dm-ballooning"] == "no"'
run features --host 2017
expect_error "features --host with a bad release" "^hvcaps: --host 2017: expected 2008, 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025, azure-stack-hci or azure-local \\(see 'hvcaps help hosts'\\); run 'hvcaps features --help'"
run features --snapshot "$TMP/x.json" --root "$FX_FIXTURES/rhel8"
expect_error "features --snapshot with --root" "^hvcaps: --snapshot reads the facts from a file: --root does not apply"
run features extra
expect_error "features with an argument" "^hvcaps: unexpected argument 'extra'; run 'hvcaps features --help'"
