# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of `hvcaps diff` (user/cmd/diff.c) on snapshots made by
# diff_snapshots.py and on the fixture trees. Sourced by tests/run, whose
# helpers (ok, not_ok, run, expect_rc, expect_error, json_check) and
# variables (HVCAPS, TMP, TOP, TESTS, OUT, ERR, RC) it uses. In a guest,
# with live offers: guest_diff_test.sh.

DS=$TMP/diff
mkdir -p "$DS"
if ! python3 "$TESTS/diff_snapshots.py" "$DS" 2>"$TMP/ds.err"; then
	not_ok "diff_snapshots.py writes the snapshots" "$(cat "$TMP/ds.err")"
fi

# row NAME FEATURE DOCUMENTED LIVE RESULT [TEXT-REGEX]: the last output has
# that row
row() {
	local re="^$2 +$3 +$4 +$5 "
	[ -n "${6:-}" ] && re="$re.*$6"
	if grep -Eq -- "$re" "$OUT"; then
		ok "$1"
	else
		not_ok "$1" "no line matching: $re" "$(grep -E "^$2 " "$OUT")" "stderr: $(head -c 500 "$ERR")"
	fi
}

# has NAME REGEX: the last output has a line matching REGEX
has() {
	if grep -Eq -- "$2" "$OUT"; then ok "$1"; else not_ok "$1" "no line matching: $2" "$(tail -5 "$OUT")"; fi
}

run diff --help
if [ "$RC" = 0 ] && grep -q '^Usage: hvcaps diff' "$OUT" && grep -q -- '--expect FILE' "$OUT"; then
	ok "diff --help"
else
	not_ok "diff --help" "exit status $RC"
fi

#
# A guest with everything: exit 0
#
run --snapshot "$DS/full.json" diff
expect_rc "diff: nothing documented is missing: exit 0" 0
has "diff: the header says what was detected and from where" \
	'^rhel 8\.10 with built-in LIS on Windows Server 2019: documented and live$'
has "diff: the host from the build" '^  Host     2019 \(from the host build 17763\)$'
has "diff: the column from expected's logic" '^  Matrix   edition 2025-06-19, column 8\.1-8\.6\+ of series 8\.x \(built in\)$'
row "diff: core row" core yes yes pass 'offers: 1 network adapter, 1 SCSI controller'
row "diff: an inferred feature documented yes passes" live-migration yes inferred pass
row "diff: a feature documented for no host is not checkable" vcpus-over-256 'no \(host\)' unknown 'not checkable'
row "diff: PAE n/a on a 64-bit kernel" pae n/a n/a pass
has "diff: the summary line" '^Summary: 28 pass, 0 fail, 0 waived, 1 not checkable, 0 not documented$'
rows=$(grep -cE '^[a-z0-9-]+ +(yes|no|n/a|-|no \(host\)) +(yes|no|inferred|unknown|n/a) ' "$OUT")
if [ "$rows" = 29 ]; then ok "diff: 29 rows"; else not_ok "diff: 29 rows" "$rows"; fi
cp "$OUT" "$TMP/diff.cmd"
run --snapshot "$DS/full.json" --diff
if [ "$RC" = 0 ] && cmp -s "$TMP/diff.cmd" "$OUT" && [ ! -s "$ERR" ]; then
	ok "hvcaps --diff prints exactly what hvcaps diff does"
else
	not_ok "hvcaps --diff prints exactly what hvcaps diff does" "exit status $RC" "$(diff "$TMP/diff.cmd" "$OUT" | head -10)"
fi
run --snapshot "$DS/nodm.json" diff --host 2016 --json
cp "$OUT" "$TMP/diff.cmd"
run --snapshot "$DS/nodm.json" --diff --host 2016 --json
if [ "$RC" = 1 ] && cmp -s "$TMP/diff.cmd" "$OUT"; then
	ok "hvcaps --diff --json with options is hvcaps diff --json, byte for byte (exit 1)"
else
	not_ok "hvcaps --diff --json with options is hvcaps diff --json" "exit status $RC" "$(diff "$TMP/diff.cmd" "$OUT" | head -10)"
fi
run --snapshot "$DS/full.json" --diff --host 2016 --json
json_check "diff --json: what was detected, the column, the summary" \
	'j["os"] == {"id": "rhel", "release": "8.10", "major": 8, "minor": 10, "source": "/etc/os-release"} and j["lis"]["availability"] == "builtin" and j["host"]["release"] == "2016" and j["host"]["source"] == "option" and j["documented"] == {"edition": "2025-06-19", "series": "8.x", "column": "8.1-8.6+", "availability": "builtin", "column_choice": {"distro": "rhel", "kernel": None, "rebuild_of": None, "extrapolated": False}} and j["summary"]["verdicts"] == {"pass": 28, "fail": 0, "waived": 0, "not-checkable": 1, "not-documented": 0} and j["summary"]["failed"] == [] and j["exit"] == 0 and len(j["features"]) == 29 and j["schema"] == "hvcaps.diff" and j["schema_version"] == 2'
json_check "diff --json: a row" \
	'[f for f in j["features"] if f["id"] == "kvp"][0]["documented"]["expected"] is True and [f for f in j["features"] if f["id"] == "kvp"][0]["live"]["state"] == "yes" and [f for f in j["features"] if f["id"] == "kvp"][0]["result"] == "ok" and [f for f in j["features"] if f["id"] == "kvp"][0]["verdict"] == "pass"'

#
# The host withholds dynamic memory: missing, exit 1; --expect allows it
#
run --snapshot "$DS/nodm.json" diff
expect_rc "diff: no dynamic memory offer: exit 1" 1
row "diff: dm-hot-add fails, with the remediation" dm-hot-add yes no FAIL 'the host withholds dynamic memory: enable Dynamic Memory'
row "diff: dm-ballooning fails" dm-ballooning yes no FAIL
has "diff: the summary names what fails" \
	'^Summary: 25 pass, 3 fail \(dm-hot-add, dm-ballooning, runtime-memory-resize\), 0 waived, 1 not checkable, 0 not documented$'
#
# Confidential VMs: what the isolated guest's kernel refuses is no false alarm
#
for cvm in snp tdx; do
	run --snapshot "$DS/$cvm.json" --diff --os rhel-9.4 --host 2022
	expect_rc "diff on a $cvm guest: the offers its kernel refuses do not fail: exit 0" 0
	row "diff on a $cvm guest: KVP is n/a-isolated, with the kernel's rule" kvp yes n/a-isolated 'not checkable' 'allowed_in_isolated is false in Linux 6'
	row "diff on a $cvm guest: dynamic memory is n/a-isolated" dm-ballooning yes n/a-isolated 'not checkable'
	has "diff on a $cvm guest: the isolation is named" '^  Isolated (AMD SEV-SNP|Intel TDX) \(from CPUID 0x4000000C, through the hvcaps module\)'
done
row "diff on the TDX guest (6.12): its PCI offer is allowed and passes" pci-passthrough yes yes pass
run --snapshot "$DS/snp.json" --diff --os rhel-9.4 --host 2022 --json
json_check "diff --json on an SNP guest: result refused-by-isolation, and the isolation" \
	'{f["id"]: f["result"] for f in j["features"]}["kvp"] == "refused-by-isolation" and {f["id"]: f["live"]["state"] for f in j["features"]}["file-copy"] == "n/a-isolated" and j["isolation"] == {"type": "snp", "type_value": 2, "paravisor": True, "source": "CPUID 0x4000000C, through the hvcaps module", "why": None} and j["exit"] == 0'
run --snapshot "$DS/snp.json" --diff --os rhel-9.4 --host 2022 --isolation none
expect_rc "diff --isolation none on the SNP guest: the missing offers fail again: exit 1" 1
row "diff --isolation none: KVP is missing" kvp yes no FAIL
run --snapshot "$DS/snp.json" --diff --isolation sgx
expect_error "diff --isolation with a bad type" "^hvcaps: --isolation sgx: expected none, vbs, snp or tdx; run 'hvcaps diff --help'"
printf 'kvp n/a-isolated\n' >"$DS/cvm.expect"
run --snapshot "$DS/snp.json" --diff --os rhel-9.4 --host 2022 --expect "$DS/cvm.expect"
expect_rc "diff --expect can require n/a-isolated" 0
printf '# the host withholds dynamic memory\ndm-hot-add   no\ndm-ballooning\tany   # either\n\nruntime-memory-resize no\n' >"$DS/allow"
run --snapshot "$DS/nodm.json" diff --expect "$DS/allow"
expect_rc "diff --expect allowing what is missing: exit 0" 0
row "diff --expect: a waived row says waived, never FAIL or MISSING" dm-hot-add yes no waived 'no: holds +the host withholds'
row "diff --expect: 'any' waives" dm-ballooning yes no waived 'any: holds'
if grep -Eq 'MISSING|FAIL' "$OUT"; then not_ok "diff --expect: no row reads as failing when all are waived" "$(grep -E 'MISSING|FAIL' "$OUT")"; else ok "diff --expect: no row reads as failing when all are waived"; fi
has "diff --expect: the summary counts waived apart" '^Summary: 25 pass, 0 fail, 3 waived \(dm-hot-add, dm-ballooning, runtime-memory-resize\), 1 not checkable, 0 not documented; expectations: 3 of 3 hold$'
run --snapshot "$DS/nodm.json" diff --expect "$DS/allow" --json
json_check "diff --expect --json" \
	'j["exit"] == 0 and j["summary"]["failed"] == [] and j["summary"]["waived"] == ["dm-hot-add", "dm-ballooning", "runtime-memory-resize"] and j["summary"]["verdicts"]["waived"] == 3 and j["summary"]["verdicts"]["fail"] == 0 and [f for f in j["features"] if f["id"] == "dm-ballooning"][0]["expect"] == {"value": "any", "line": 3, "holds": True} and [f for f in j["features"] if f["id"] == "dm-ballooning"][0]["verdict"] == "waived" and j["summary"]["expect"]["lines"] == 3 and j["summary"]["expect"]["failed"] == 0 and j["summary"]["expect"]["file"].endswith("/diff/allow")'
printf 'kvp no\ncore yes\n' >"$DS/fail"
run --snapshot "$DS/full.json" diff --expect "$DS/fail"
expect_rc "diff --expect: a line that does not hold: exit 1" 1
has "diff --expect: the failing line, FILE:LINE" "^  $DS/fail:1: kvp no: live is yes$"
row "diff --expect: the failing row" kvp yes yes FAIL 'no: FAILS'
printf 'dm-hot-add yes\n' >"$DS/strict"
run --snapshot "$DS/full.json" diff --expect "$DS/strict"
expect_rc "diff --expect: a line that holds, the rest documented: exit 0" 0
printf 'live-migration yes\n' >"$DS/exact"
run --snapshot "$DS/full.json" diff --expect "$DS/exact"
expect_rc "diff --expect: yes is exact (inferred is not yes)" 1

# malformed expectation files: FILE:LINE: reason, exit 2, nothing on stdout
printf 'kvp yes\nbogus yes\n' >"$DS/bad1"
run --snapshot "$DS/full.json" diff --expect "$DS/bad1"
if [ "$RC" = 2 ] && [ ! -s "$OUT" ] && grep -q "^hvcaps: $DS/bad1:2: unknown feature id 'bogus'" "$ERR" &&
	grep -q "^hvcaps: $DS/bad1: 1 malformed line; see hvcaps(8), EXPECTATION FILES$" "$ERR"; then
	ok "diff --expect: an unknown feature id"
else
	not_ok "diff --expect: an unknown feature id" "exit status $RC" "$(cat "$ERR")"
fi
printf 'kvp maybe\ntrim\ncore yes no\nkvp yes\nkvp no\n' >"$DS/bad2"
run --snapshot "$DS/full.json" diff --expect "$DS/bad2"
if [ "$RC" = 2 ] && [ ! -s "$OUT" ] &&
	grep -q "^hvcaps: $DS/bad2:1: kvp maybe: the value must be yes, no, inferred, unknown, n/a, n/a-isolated or any$" "$ERR" &&
	grep -q "^hvcaps: $DS/bad2:2: expected \"FEATURE-ID yes|no|inferred|unknown|n/a|any\", got one field$" "$ERR" &&
	grep -q "^hvcaps: $DS/bad2:3: .*got more than two fields$" "$ERR" &&
	grep -q "^hvcaps: $DS/bad2:5: kvp is already expected at line 4$" "$ERR"; then
	ok "diff --expect: every malformed line, FILE:LINE: reason"
else
	not_ok "diff --expect: every malformed line" "exit status $RC" "$(cat "$ERR")"
fi
run --snapshot "$DS/full.json" diff --expect "$DS/does-not-exist"
expect_error "diff --expect: a missing file" "^hvcaps: cannot read the expectation file $DS/does-not-exist: No such file or directory$"

#
# Detection: the release file, LIS and its version, notes, better
#
run --snapshot "$DS/rhel79-nokvpd.json" diff
expect_rc "diff: rhel 7.9 without the KVP daemon: exit 1" 1
row "diff: kvp fails, the remediation and the note of the cell" kvp yes no FAIL \
	'install hyperv-daemons .*systemctl enable --now hypervkvpd \[note 4\]$'
has "diff: the note's text follows the table" '^  4   With the distribution.s built-in drivers, this feature also needs'
row "diff: lsvmbus better than documented passes" lsvmbus no yes pass
has "diff: the summary counts better than documented" '^Summary: 25 pass \(2 better than documented\), 2 fail \(static-ip-injection, kvp\), 0 waived, 2 not checkable, 0 not documented$'
run --snapshot "$DS/centos77-lis.json" diff
expect_rc "diff: centos 7.7 with LIS 4.3.5" 0
has "diff: the release from centos-release" '^  OS       centos-7\.7 \(from /etc/centos-release: 7\.7\.1908\)$'
has "diff: LIS 4.3 from the package's version" '^  LIS      lis-4\.3 \(from Microsoft.s LIS 4\.3\.5\)$'
has "diff: the LIS 4.3 column" 'column 7\.5-7\.7 of series 7\.x \(LIS 4\.3\)$'
run --snapshot "$DS/full.json" diff --os rhel-8.1 --edition 2019-06-13
expect_rc "diff --os --edition: the 2019 edition's 8.x" 0
has "diff: the unspecified column, with expected's remark" 'leaves the availability of column 8\.1 blank'
run --snapshot "$DS/full.json" diff --os centos-6.10 --lis 4.3 --host 2012r2
has "diff: overrides for every detected fact" '^centos 6\.10 with LIS 4\.3 on Windows Server 2012 R2: documented and live$'
row "diff: accurate time on 2012 R2 is not documented, and not there" accurate-time 'no' no pass

#
# Not documented: exit 3, the reason on stderr, every row "not documented"
#
# expect_nd NAME STDERR-REGEX: exit 3, one stderr line, 29 rows not documented
expect_nd() {
	local nd
	nd=$(grep -cE '^[a-z0-9-]+ +- +(yes|no|inferred|unknown|n/a) +not documented ' "$OUT")
	if [ "$RC" = 3 ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -Eq -- "$2" "$ERR" && [ "$nd" = 29 ] &&
		grep -q '^Summary: 0 pass, 0 fail, 0 waived, 0 not checkable, 29 not documented$' "$OUT"; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC (expected 3), $nd rows not documented" "stderr: $(head -c 1000 "$ERR")" "$(tail -3 "$OUT")"
	fi
}
run --snapshot "$DS/fedora.json" diff
expect_nd "diff: a distribution the matrix does not document: exit 3" "^hvcaps: fedora 39 is not documented: the matrix documents "
run --snapshot "$DS/fedora.json" diff --expect "$DS/strict"
if [ "$RC" = 3 ] && grep -q "^hvcaps: warning: fedora 39 is not documented.*; judging by $DS/strict alone$" "$ERR" &&
	grep -Eq '^dm-hot-add +- +yes +pass +yes: holds' "$OUT" &&
	grep -Eq '^kvp +- +yes +not documented +- ' "$OUT"; then
	ok "diff --expect on an undocumented distribution: the file judges its lines, the rest is not documented (exit 3)"
else
	not_ok "diff --expect on an undocumented distribution" "exit status $RC" "$(cat "$ERR")" "$(head -20 "$OUT")"
fi
"$HVCAPS" --snapshot "$DS/fedora.json" features --format expect >"$DS/golden" 2>"$ERR"
run --snapshot "$DS/fedora.json" diff --expect "$DS/golden"
if [ "$RC" = 0 ] && grep -Eq '^Summary: (2[0-9]|3[0-5]) pass, 0 fail, [0-9] waived, 0 not checkable, 0 not documented; expectations: 35 of 35 hold$' "$OUT"; then
	ok "diff --expect with a golden file from features --format expect: every feature judged, exit 0"
else
	not_ok "diff --expect with a golden file" "exit status $RC" "$(tail -2 "$OUT")" "$(cat "$ERR")"
fi
run --snapshot "$DS/nohost.json" diff
expect_nd "diff: the host release unknown: exit 3" "^hvcaps: the host release is unknown: .*pass --host$"
run --snapshot "$DS/nohost.json" diff --host 2019
expect_rc "diff --host when the host is unknown" 0
run --snapshot "$DS/oot.json" diff
expect_nd "diff: an out-of-tree hv_vmbus: exit 3" "out-of-tree module that is not Microsoft's LIS .*pass --lis$"
run --snapshot "$DS/noos.json" diff
expect_nd "diff: the distribution unknown: exit 3" "^hvcaps: the distribution is unknown \(no /etc/os-release\): pass --os ID-VERSION$"
run --snapshot "$DS/full.json" diff --os rhel
expect_error "diff --os without a version" "^hvcaps: --os rhel: expected ID-VERSION"
run --snapshot "$DS/full.json" diff --lis 5
expect_error "diff --lis with a bad flavour" "^hvcaps: --lis 5: expected builtin or a LIS version"
run --snapshot "$DS/full.json" diff --host 2017
expect_error "diff --host with a release that does not exist lists every accepted host" "^hvcaps: --host 2017: expected 2008, 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025, azure-stack-hci or azure-local \(see 'hvcaps help hosts'\)"
run --snapshot "$DS/full.json" diff --edition 2020-01-01
expect_error "diff --edition that the matrix lacks" "^hvcaps: --edition 2020-01-01: the matrix has no such edition"
run --snapshot "$DS/full.json" diff --matrix "$TESTS/matrix/unreadable.matrix"
expect_rc "diff --matrix with a malformed file: exit 2" 2
run --snapshot "$DS/full.json" diff --os centos-7.9 --lis 4.3
expect_nd "diff: a LIS flavour the release is not documented with: exit 3" "^hvcaps: centos 7\.9 with LIS 4\.3 is not documented; for centos 7\.9 the matrix documents built in"
run diff extra
expect_error "diff with an argument" "^hvcaps: unexpected argument 'extra'; run 'hvcaps diff --help'"

#
# On the fixture trees (kernel facts from their sysfs)
#
run --root "$TOP/selftests/fixtures/diff-rhel8" diff --host 2019
expect_rc "diff on the diff-rhel8 tree (its sysfs lacks most offers): exit 1" 1
row "diff on diff-rhel8: SCSI disk with discard" trim yes yes pass 'sda \(storvsc\): discard'
row "diff on diff-rhel8: no KVP offer in its sysfs" kvp yes no FAIL 'the host withholds KVP'
