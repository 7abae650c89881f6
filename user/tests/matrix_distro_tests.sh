# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Every distribution Microsoft documents (issue 14): `hvcaps --diff` on
# roots with the release files of Ubuntu 20.04 and 24.04, Debian 12, SLES
# 15 SP5, Oracle Linux 8.5 with UEK, Rocky 9 and AlmaLinux 8 picks the
# column the matrix documents, says how it chose it, and exits as the facts
# say. Sourced by tests/run after diff_tests.sh (whose snapshots in $DS it
# uses); its helpers (ok, not_ok, run, json_check, expect_rc) and
# variables ($TMP, $TOP, $OUT, $ERR, $RC).
#
# The roots: selftests/fixtures/diff-rhel8 (its sysfs lacks the KVP offer,
# so every documented column misses KVP: exit 1) with etc/ from
# selftests/fixtures/distros/NAME (see its README.md for the sources).

distro_root() {
	local name=$1 r=$TMP/distro-$1 k
	rm -rf "$r"
	cp -a "$TOP/selftests/fixtures/diff-rhel8" "$r"
	rm -rf "${r:?}/etc"
	cp -a "$TOP/selftests/fixtures/distros/$name/etc" "$r/etc"
	if [ -f "$TOP/selftests/fixtures/distros/$name/osrelease" ]; then
		k=$(cat "$TOP/selftests/fixtures/distros/$name/osrelease")
		echo "$k" >"$r/proc/sys/kernel/osrelease"
		mv "$r"/lib/modules/* "$r/lib/modules/$k"
	fi
	echo "$r"
}

# jcheck_rc NAME RC PYTHON-EXPRESSION: the last run exited RC, its stdout as `j`
jcheck_rc() {
	local r
	r=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(bool(eval(sys.argv[2])))' \
		"$OUT" "$3" 2>&1)
	if [ "$RC" = "$2" ] && [ "$r" = True ]; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC, wanted $2" "check: $3 -> $r" "stderr: $(head -c 1000 "$ERR")"
	fi
}

# distro_diff NAME RC 'HEADER-REGEX' 'PYTHON-CHECK' [ARGS]: text and JSON
distro_diff() {
	local name=$1 rc=$2 header=$3 check=$4 root
	shift 4
	root=$(distro_root "$name")
	run --root "$root" diff --host 2019 "$@"
	if [ "$RC" = "$rc" ] && grep -Eq -- "$header" "$OUT"; then
		ok "diff on $name: exit $rc, the header says how the column was chosen"
	else
		not_ok "diff on $name: exit $rc and the header" "exit status $RC" \
			"wanted /$header/ in: $(head -8 "$OUT")" "stderr: $(head -c 600 "$ERR")"
	fi
	run --root "$root" diff --host 2019 --json "$@"
	jcheck_rc "diff --json on $name: exit $rc, the column and how it was chosen" "$rc" "$check"
}

distro_diff ubuntu2004 1 '^  Matrix   edition 2020-08-29, column 20\.04 of series 20\.x \(built in\)$' \
	'j["os"]["release"] == "20.04" and j["documented"]["column"] == "20.04" and j["documented"]["column_choice"] == {"distro": "ubuntu", "kernel": None, "rebuild_of": None, "extrapolated": False} and "kvp" in j["summary"]["failed"]'
distro_diff ubuntu2404 1 'column 20\.04 of series 20\.x \(built in; extrapolated: newer than every documented release\)$' \
	'j["documented"]["column_choice"]["extrapolated"] is True and any("ubuntu 24.04 is newer than every ubuntu release" in r and "(extrapolated)" in r for r in j["remarks"])'
distro_diff ubuntu2404 3 '^The live features \(the matrix does not document this guest\)' \
	'j["documented"] is None and "--strict-docs: not documented" in j["documentation_error"]' --strict-docs
distro_diff debian12 1 '^  OS       debian-12\.11 \(from /etc/debian_version: 12\.11\)$' \
	'(j["documented"]["edition"], j["documented"]["column"], j["documented"]["column_choice"]["extrapolated"]) == ("2023-09-26", "11.x", True)'
distro_diff sles15sp5 1 'edition 2016-10-03, column 15\.0 of series 15\.x \(built in; extrapolated' \
	'(j["os"]["id"], j["os"]["release"], j["documented"]["column"]) == ("sles", "15.5", "15.0")'
distro_diff ol85-uek 3 '^  Matrix   ol 8\.5 with the uek kernel is not documented; for ol 8\.5 the matrix$' \
	'j["documented"] is None and "--kernel rhck compares with that column" in j["documentation_error"]'
distro_diff ol85-uek 1 'column 8\.0-8\.5 of series 8\.x \(availability not stated; kernel rhck\)$' \
	'j["documented"]["column_choice"]["kernel"] == "rhck" and any("leaves the availability of column 8.0-8.5 blank" in r for r in j["remarks"])' --kernel rhck
distro_diff rocky9 1 'column 9\.x of series 9\.x \(built in; the rhel column \(rocky is a rebuild of it\)\)$' \
	'j["documented"]["column_choice"] == {"distro": "rhel", "kernel": None, "rebuild_of": "rocky", "extrapolated": False} and j["os"]["id"] == "rocky"'
distro_diff alma8 1 'edition 2025-06-19, column 8\.1-8\.6\+ of series 8\.x \(built in; the rhel column \(almalinux is a rebuild of it\)\)$' \
	'j["documented"]["column_choice"]["rebuild_of"] == "almalinux" and any("almalinux is a rebuild of rhel" in r for r in j["remarks"])'

# Exit 0 when the facts have everything: the full snapshot read as each
for os in ubuntu-24.04 debian-12 sles-15.5 rocky-9.3 ol-8.5; do
	run --snapshot "$DS/full.json" diff --os "$os" --json
	json_check "diff on the full snapshot as $os: exit 0, nothing documented missing" \
		'j["summary"]["failed"] == [] and j["documented"] is not None'
	[ "$RC" = 0 ] || not_ok "diff on the full snapshot as $os: exit 0" "exit status $RC"
done

# --kernel, --strict-docs and --list of expected
run expected --os ol-7.5 --lis builtin --host 2019
expect_rc "expected: Oracle Linux 7.5 built in, kernel unknown: two columns, exit 3" 3
grep -q "documented for two kernels (rhck: column 7.5-7.8; uek5: column 7.5-7.8)" "$ERR" ||
	not_ok "expected: the two kernels named" "$(cat "$ERR")"
run expected --os ol-7.5 --lis builtin --host 2019 --kernel uek --json
json_check "expected --kernel uek: the UEK5 column of 7.5-7.8 (live backup cites note 5 only, RHCK 4 and 5)" \
	'j["column_choice"]["kernel"] == "uek5" and [f["notes"] for f in j["features"] if f["id"] == "live-backup"] == [[5]]'
run expected --os ol-7.5 --lis builtin --host 2019 --kernel fedora
expect_error "expected: a bad --kernel" "^hvcaps: --kernel fedora: expected rhck, uek or uekN"
run expected --os sles-12.4 --lis builtin --host 2016 --json
json_check "expected sles-12.4 (SLES 12 SP4's VERSION_ID): column 12.3,12.4" \
	'(j["edition"], j["column"]) == ("2016-10-03", "12.3,12.4")'
run expected --os sles-15 --lis builtin --host 2008r2 --json
json_check "expected sles-15 (VERSION_ID 15: SP0) on 2008 R2: listed for core, not for vRSS" \
	'j["column"] == "15.0" and [(f["id"], f["host_match"]) for f in j["features"] if f["id"] in ("core", "vrss")] == [("core", "listed"), ("vrss", "not-listed")]'
run expected --os debian-10.13 --lis builtin --host 2019
expect_rc "expected: Debian 10.13, between documented releases: exit 3" 3
run expected --os ubuntu-12.04 --lis builtin --host 2019
expect_rc "expected: Ubuntu 12.04, older than every documented release: exit 3" 3
run expected --os ubuntu-22.04 --lis builtin --host 2019 --strict-docs
expect_rc "expected --strict-docs: Ubuntu 22.04 newer than documented: exit 3" 3
run expected --list
if [ "$RC" = 0 ] && grep -Eq '^ol +2023-09-27 7\.x +7\.5-7\.8 +builtin +uek5$' "$OUT" &&
	grep -Eq '^debian +2023-09-26 11\.x +11\.x +builtin +-$' "$OUT"; then
	ok "expected --list: every column with its distribution, availability and kernel"
else
	not_ok "expected --list" "exit status $RC" "$(head -5 "$OUT")"
fi
