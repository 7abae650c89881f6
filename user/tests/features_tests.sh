# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of `hvcaps features` (user/features.c). Sourced by tests/run, whose
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
	grep -Eq '^trim +yes +sda: discard up to 4294966784 bytes$' "$OUT" &&
	grep -Eq '^uefi-boot +yes +EFI boot yes \(/sys/firmware/efi\)$' "$OUT" &&
	grep -Eq '^pae +n/a +kernel architecture x86_64' "$OUT" &&
	grep -Eq '^kvp +no +no KVP offer; KVP daemon running: hypervkvpd, pid 905' "$OUT" &&
	grep -Eq '^ +-> the host withholds KVP: enable' "$OUT"; then
	ok "features on the rhel8 fixture: one row per feature, evidence, remediation"
else
	not_ok "features on the rhel8 fixture" "exit status $RC" "$(head -c 3000 "$OUT")" "stderr: $(head -c 500 "$ERR")"
fi
rows=$(grep -cE '^[a-z0-9-]+ +(yes|no|inferred|unknown|n/a) ' "$OUT")
if [ "$rows" = 29 ]; then ok "features prints 29 rows"; else not_ok "features prints 29 rows" "$rows rows"; fi
run --root "$FX_FIXTURES/rhel8" features --host 2016 --json
json_check "features --json --host 2016: the release from the option" \
	'j["host_release"] == {"release": "2016", "source": "option", "source_text": "--host", "remark": None} and len(j["features"]) == 29'
run --root "$FX_FIXTURES/centos6" features --json
json_check "features on centos6: no PTP, no hv_balloon, BIOS" \
	'{f["id"]: f["state"] for f in j["features"]}["uefi-boot"] == "unknown" and {f["id"]: f["state"] for f in j["features"]}["dm-ballooning"] == "no"'
run features --host 2017
expect_error "features --host with a bad release" "^hvcaps: --host 2017: expected 2012r2, 2016, 2019, 2022, 2025 or azure-stack-hci; run 'hvcaps features --help'"
run features --snapshot "$TMP/x.json" --root "$FX_FIXTURES/rhel8"
expect_error "features --snapshot with --root" "^hvcaps: --snapshot reads the facts from a file: --root does not apply"
run features extra
expect_error "features with an argument" "^hvcaps: unexpected argument 'extra'; run 'hvcaps features --help'"
