# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# The command as a contract for CI (issue 17): no pass by accident for a
# host the matrix does not document, exit statuses that say what happened,
# one JSON document per outcome, verdicts, TAP 13 (read by prove) and JUnit
# XML (read by python3's xml.etree), features --list and --format expect,
# explain, help. Sourced by tests/run after diff_tests.sh (whose snapshots
# in $DS it uses), with its helpers (ok, not_ok, run, expect_rc,
# expect_error, json_check).

RH8=$TOP/selftests/fixtures/rhel8

#
# No pass by accident: hosts no row of the column lists
#
for h in 2012 2008r2 2008; do
	run --root "$RH8" diff --host "$h"
	if [ "$RC" = 3 ] && ! grep -q 'better' "$OUT" &&
		grep -q "^Summary: 0 pass, 0 fail, 0 waived, 0 not checkable, 29 not documented$" "$OUT" &&
		grep -q "^hvcaps: rhel 8\.10 with built-in LIS on Windows Server 20[0-9]*\( R2\)\? is not documented: no row of series 8\.x of the 2025-06-19 edition lists host $h " "$ERR"; then
		ok "diff --host $h on rhel8: not documented, exit 3, never 'better than documented'"
	else
		not_ok "diff --host $h on rhel8: not documented, exit 3" "exit status $RC" "$(tail -2 "$OUT")" "$(cat "$ERR")"
	fi
	run expected --os rhel-8.10 --lis builtin --host "$h"
	if [ "$RC" = 3 ] && [ ! -s "$OUT" ] && grep -q "lists host $h " "$ERR"; then
		ok "expected --host $h: not documented, exit 3"
	else
		not_ok "expected --host $h: not documented, exit 3" "exit status $RC" "$(cat "$ERR")"
	fi
done
run --root "$RH8" diff --host 2019
expect_rc "diff --host 2019 on rhel8 is documented: exit 1 (its fixture lacks offers)" 1
# a snapshot of a host with build 9200 (Windows Server 2012) and VMBus 2.4
python3 - "$DS/full.json" "$DS/ws2012.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["kernel_facts"]["hypervisor" if "hypervisor" in j["kernel_facts"] else "host"]["hv_build"] = 9200
j["kernel_facts"]["hypervisor" if "hypervisor" in j["kernel_facts"] else "host"]["vmbus_version"] = 2 << 16 | 4
json.dump(j, open(sys.argv[2], "w"))
PY
run --snapshot "$DS/ws2012.json" diff
if [ "$RC" = 3 ] && grep -q '^  Host     2012 (from the host build 9200)$' "$OUT" && grep -q 'lists host 2012 ' "$ERR"; then
	ok "diff: host build 9200 is 2012, not documented: exit 3"
else
	not_ok "diff: host build 9200 is 2012, not documented: exit 3" "exit status $RC" "$(head -5 "$OUT")" "$(cat "$ERR")"
fi
# arm64: the module reports the build from Hyper-V's registers, no CPUID
# signature and, for an isolated guest, no isolation type (kmod/hv_vpreg.h)
python3 - "$DS/full.json" "$DS/arm64.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["kernel_facts"]["host"].update(hv_build=22477, hv_major=10, hv_minor=0)
json.dump(j, open(sys.argv[2], "w"))
PY
run --snapshot "$DS/arm64.json" show
if [ "$RC" = 0 ] && grep -q '^  Hypervisor   unknown (no CPUID here: the Hyper-V facts come from its registers)$' "$OUT" &&
	grep -q '^  Isolation    unknown (Hyper-V has no register for the isolation type on arm64)$' "$OUT"; then
	ok "show: a build without a CPUID signature (arm64) says why the signature and isolation are unknown"
else
	not_ok "show: a build without a CPUID signature (arm64) says why the signature and isolation are unknown" "exit status $RC" "$(head -6 "$OUT")"
fi
# json_check_rc NAME RC EXPR: exit RC, and EXPR over the JSON on stdout as j
json_check_rc() {
	local r
	r=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(bool(eval(sys.argv[2])))' \
		"$OUT" "$3" 2>&1)
	if [ "$RC" = "$2" ] && [ "$r" = True ]; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC (expected $2)" "check: $3 -> $r" "stderr: $(head -c 2000 "$ERR")"
	fi
}
run --snapshot "$DS/ws2012.json" diff --json
json_check_rc "diff --json on build 9200: exit 3 in the document, every verdict not-documented, nothing failed" 3 \
	'j["exit"] == 3 and j["documented"] is None and "lists host 2012 " in j["documentation_error"] and j["summary"]["verdicts"]["not-documented"] == 29 and j["summary"]["failed"] == [] and j["host"]["release"] == "2012" and j["host"]["source"] == "build"'
# the one table: help hosts and the man page's HOSTS section agree
run help hosts
sed -n '/^\.SH HOSTS$/,/^\.SH /p' "$USER_DIR/hvcaps.8" | sed -n '/^\.nf$/,/^\.fi$/p' | sed '1d;$d' |
	sed 's/\\-/-/g' >"$TMP/man-hosts"
if [ "$RC" = 0 ] && [ -s "$TMP/man-hosts" ] && tail -n +4 "$OUT" | cmp -s - "$TMP/man-hosts"; then
	ok "help hosts prints the table of HOSTS in hvcaps(8)"
else
	not_ok "help hosts prints the table of HOSTS in hvcaps(8)" "exit status $RC" "$(tail -n +4 "$OUT" | diff - "$TMP/man-hosts")"
fi
if grep -Eq '^2012 +Windows Server 2012 +9200 +2\.4$' "$OUT" && grep -Eq '^2008r2 +Windows Server 2008 R2 +7600,7601 +1\.1$' "$OUT"; then
	ok "help hosts: 9200 is 2012, 7600 and 7601 are 2008 R2"
else
	not_ok "help hosts: 9200 is 2012, 7600 and 7601 are 2008 R2" "$(cat "$OUT")"
fi
run features --host 2012r3
expect_error "features --host: the accepted values come from the table" "^hvcaps: --host 2012r3: expected 2008, 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025, azure-stack-hci or azure-local"

#
# Exit statuses, and with --json exactly one JSON document per outcome
#
# one_json NAME RC SCHEMA STATUS: exit RC, stdout one JSON object of SCHEMA
# whose "exit" is RC (and whose "status" is STATUS for hvcaps.error)
one_json() {
	local r
	r=$(python3 - "$OUT" "$2" "$3" "$4" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
dec = json.JSONDecoder()
try:
    obj, end = dec.raw_decode(text)
except ValueError as e:
    print("not JSON: %s" % e); sys.exit()
if text[end:].strip():
    print("more than one JSON value"); sys.exit()
if not isinstance(obj, dict):
    print("not an object"); sys.exit()
want = {"schema": sys.argv[3]}
# a document without "exit" is a success's
if "exit" in obj or sys.argv[2] != "0":
    want["exit"] = int(sys.argv[2])
if sys.argv[4] != "-":
    want["status"] = sys.argv[4]
bad = [k for k in want if obj.get(k) != want[k]]
if bad or not isinstance(obj.get("schema_version"), int) or not obj.get("hvcaps_version"):
    print("fields: %s" % {k: obj.get(k) for k in list(want) + ["schema_version", "hvcaps_version"]})
else:
    print("True")
PY
)
	if [ "$RC" = "$2" ] && [ "$r" = True ]; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC (expected $2)" "$r" "stdout: $(head -c 300 "$OUT")" "stderr: $(head -c 500 "$ERR")"
	fi
}
run --snapshot "$DS/full.json" diff --json
one_json "--json, everything documented holds: exit 0, one document" 0 hvcaps.diff -
run --snapshot "$DS/nodm.json" diff --json
one_json "--json, a documented feature missing: exit 1, one document" 1 hvcaps.diff -
run --snapshot "$DS/fedora.json" diff --json
one_json "--json, not documented: exit 3, one document" 3 hvcaps.diff -
run diff --json --bogus
one_json "--json, a usage error: exit 2, one hvcaps.error document" 2 hvcaps.error usage-error
json_check_any() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" 2>/dev/null; }
if json_check_any 'j["command"] == "diff" and j["messages"] == ["unknown option '"'"'--bogus'"'"'; run '"'"'hvcaps diff --help'"'"' for the usage"]' &&
	grep -q "^hvcaps: unknown option '--bogus'" "$ERR"; then
	ok "--json usage error: the message in the document and on stderr"
else
	not_ok "--json usage error: the message in the document and on stderr" "$(cat "$OUT" "$ERR")"
fi
run --json --snapshot "$TMP/does-not-exist.json" diff
one_json "--json, a runtime error (no such snapshot): exit 2, one hvcaps.error document" 2 hvcaps.error runtime-error
run expected --os rhel-8.10 --lis builtin --host 2012 --json
one_json "expected --json, a host not documented: exit 3, one hvcaps.error document" 3 hvcaps.error not-documented
run expected --os rhel-8.10 --lis builtin --host 2019 --json
one_json "expected --json: exit 0, one hvcaps.expected document" 0 hvcaps.expected -
run --snapshot "$DS/full.json" features --json
one_json "features --json: one hvcaps.features document" 0 hvcaps.features -
run explain kvp --json
one_json "explain --json: one hvcaps.explain document" 0 hvcaps.explain -
run features --list --json
one_json "features --list --json: one hvcaps.feature-list document" 0 hvcaps.feature-list -

#
# TAP 13, read by prove
#
# tap_prove NAME SNAPSHOT RC PROVE-OK [ARGS]: diff --format tap exits RC;
# prove accepts the stream (PROVE-OK 1) or reports it failed (0)
tap_prove() {
	local name=$1 snap=$2 rc=$3 pok=$4 prc
	shift 4
	run --snapshot "$snap" diff --format tap "$@"
	cp "$OUT" "$TMP/diff.tap"
	prove --exec cat "$TMP/diff.tap" >"$TMP/prove.out" 2>&1
	prc=$?
	if [ "$RC" = "$rc" ] && head -1 "$TMP/diff.tap" | grep -qx 'TAP version 13' &&
		{ { [ "$pok" = 1 ] && [ "$prc" = 0 ]; } || { [ "$pok" = 0 ] && [ "$prc" != 0 ]; }; }; then
		ok "$name"
	else
		not_ok "$name" "exit status $RC (expected $rc), prove $prc" "$(tail -5 "$TMP/prove.out")"
	fi
}
if command -v prove >/dev/null; then
	tap_prove "diff --format tap, all documented holds: prove passes" "$DS/full.json" 0 1
	grep -q '^ok 3 - vcpus-over-256 # SKIP not checkable: live unknown$' "$TMP/diff.tap" &&
		ok "diff --format tap: not checkable is a SKIP with its reason" ||
		not_ok "diff --format tap: not checkable is a SKIP" "$(grep vcpus "$TMP/diff.tap")"
	tap_prove "diff --format tap, dynamic memory missing: prove fails" "$DS/nodm.json" 1 0
	if grep -q 'Failed tests:  18-20$' "$TMP/prove.out"; then
		ok "prove names the failed tests 18-20 (dm-hot-add, dm-ballooning, runtime-memory-resize)"
	else
		not_ok "prove names the failed tests 18-20" "$(cat "$TMP/prove.out")"
	fi
	tap_prove "diff --format tap, waived by --expect: prove passes" "$DS/nodm.json" 0 1 --expect "$DS/allow"
	grep -q "^ok 18 - dm-hot-add # SKIP waived by $DS/allow:2 (no)$" "$TMP/diff.tap" &&
		ok "diff --format tap: a waived row is a SKIP naming FILE:LINE" ||
		not_ok "diff --format tap: a waived row is a SKIP naming FILE:LINE" "$(grep dm-hot-add "$TMP/diff.tap")"
	tap_prove "diff --format tap, not documented: prove fails" "$DS/fedora.json" 3 0
else
	for t in 1 2 3 4 5 6 7; do skip "diff --format tap read by prove ($t)" "needs prove (perl)"; done
fi

#
# JUnit XML, read by xml.etree
#
# junit NAME SNAPSHOT RC "TAG TESTS FAILURES ERRORS SKIPPED FAILED-IDS" [ARGS]
junit() {
	local name=$1 snap=$2 rc=$3 want=$4 r
	shift 4
	run --snapshot "$snap" diff --format junit "$@"
	r=$(python3 - "$OUT" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as e:
    print("not XML: %s" % e); sys.exit()
s = root.find("testsuite")
cases = s.findall("testcase")
failed = [c.get("name") for c in cases if c.find("failure") is not None]
errors = sum(c.find("error") is not None for c in cases)
skipped = sum(c.find("skipped") is not None for c in cases)
attrs = [s.get(k) for k in ("tests", "failures", "errors", "skipped")]
counted = [str(len(cases)), str(len(failed)), str(errors), str(skipped)]
print("%s %s %s" % (root.tag, " ".join(attrs) if attrs == counted else "attributes %s but counted %s" % (attrs, counted), ",".join(failed) or "-"))
PY
)
	if [ "$RC" = "$rc" ] && [ "$r" = "$want" ]; then
		ok "$name"
	else
		not_ok "$name" "exit status $RC (expected $rc)" "got: $r" "want: $want"
	fi
}
junit "diff --format junit, all documented holds" "$DS/full.json" 0 "testsuites 29 0 0 1 -"
junit "diff --format junit, dynamic memory missing: three failures" "$DS/nodm.json" 1 "testsuites 29 3 0 1 dm-hot-add,dm-ballooning,runtime-memory-resize"
junit "diff --format junit, waived: skipped, no failure" "$DS/nodm.json" 0 "testsuites 29 0 0 4 -" --expect "$DS/allow"
junit "diff --format junit, not documented: 29 errors" "$DS/fedora.json" 3 "testsuites 29 0 29 0 -"
run --snapshot "$DS/full.json" diff --format yaml
expect_error "diff --format with an unknown format" "^hvcaps: --format yaml: expected one of text, json, tap, junit"
run --snapshot "$DS/full.json" diff --format tap --json
one_json "diff --format tap with --json: a usage error, as JSON" 2 hvcaps.error usage-error

#
# features --list, --format expect; explain
#
run --snapshot "$DS/full.json" features --json
python3 -c 'import json,sys; [print(f["id"]) for f in json.load(open(sys.argv[1]))["features"]]' "$OUT" >"$TMP/ids"
run features --list
if [ "$RC" = 0 ] && [ "$(awk '{print $1}' "$OUT")" = "$(cat "$TMP/ids")" ] &&
	grep -Eq '^kvp +Key-Value Pair$' "$OUT" && grep -Eq '^vcpus-over-256 +>256 vCPUs$' "$OUT"; then
	ok "features --list: the 29 ids of features, in order, with their names on the page"
else
	not_ok "features --list" "exit status $RC" "$(head -5 "$OUT")"
fi
run features --list --root /
expect_error "features --list refuses options that say where to read" "^hvcaps: --list reads nothing"
run --snapshot "$DS/nodm.json" features --format expect
if [ "$RC" = 0 ] && [ "$(grep -vc '^#' "$OUT")" = 35 ] && grep -Eq '^dm-hot-add +no$' "$OUT" && grep -Eq '^kvp +yes$' "$OUT"; then
	ok "features --format expect: one line per feature with its live state"
else
	not_ok "features --format expect" "exit status $RC" "$(cat "$OUT")"
fi
cp "$OUT" "$DS/golden-nodm"
run --snapshot "$DS/nodm.json" diff --expect "$DS/golden-nodm"
if [ "$RC" = 0 ] && grep -q '; expectations: 35 of 35 hold$' "$OUT"; then
	ok "the golden file holds on the guest it was written from"
else
	not_ok "the golden file holds on the guest it was written from" "exit status $RC" "$(tail -2 "$OUT")"
fi
run --snapshot "$DS/full.json" diff --expect "$DS/golden-nodm"
if [ "$RC" = 1 ] && grep -q "^  $DS/golden-nodm:[0-9]*: dm-hot-add no: live is yes$" "$OUT"; then
	ok "the golden file fails on a guest that differs"
else
	not_ok "the golden file fails on a guest that differs" "exit status $RC" "$(tail -5 "$OUT")"
fi
bad=0
while read -r id; do
	"$HVCAPS" explain "$id" >"$OUT" 2>"$ERR" || bad=1
	grep -q "^$id: " "$OUT" && grep -q '^  Rule ' "$OUT" && grep -q '^  Evidence ' "$OUT" &&
		grep -q '^  Remediation ' "$OUT" && [ ! -s "$ERR" ] || bad=1
done <"$TMP/ids"
if [ "$bad" = 0 ]; then ok "explain: every feature has a rule, evidence and remediation"; else not_ok "explain: every feature" "$(cat "$OUT" "$ERR")"; fi
run explain kvp
if [ "$RC" = 0 ] && grep -q '^kvp: Key-Value Pair (misc)$' "$OUT" && grep -q 'hypervkvpd' "$OUT"; then
	ok "explain kvp: the name, category and the daemon it looks for"
else
	not_ok "explain kvp" "$(cat "$OUT")"
fi
run explain frobs
expect_error "explain: an unknown feature" "^hvcaps: no feature 'frobs' \\('hvcaps features --list' lists them\\)"
run explain
expect_error "explain without a feature" "^hvcaps: which feature\\?"

#
# help CMD, -h CMD
#
for c in diff features expected; do
	"$HVCAPS" "$c" --help >"$TMP/help.cmd" 2>&1
	run help "$c"
	if [ "$RC" = 0 ] && cmp -s "$TMP/help.cmd" "$OUT"; then ok "help $c is $c --help"; else not_ok "help $c is $c --help" "$(head -3 "$OUT")"; fi
	run -h "$c"
	if [ "$RC" = 0 ] && cmp -s "$TMP/help.cmd" "$OUT"; then ok "-h $c is $c --help"; else not_ok "-h $c is $c --help" "$(head -3 "$OUT")"; fi
done
run help frobnicate
expect_error "help with no such command" "^hvcaps: help frobnicate: no such command or topic"

#
# Options of a command before its name; - for standard input; options
# that would be silently ignored are refused
#
run --snapshot "$DS/nodm.json" diff --host 2016 --expect "$DS/allow"
cp "$OUT" "$TMP/after"
run --host 2016 --expect "$DS/allow" --snapshot "$DS/nodm.json" diff
if [ "$RC" = 0 ] && cmp -s "$TMP/after" "$OUT"; then
	ok "a command's options before its name: the same output as after it"
else
	not_ok "a command's options before its name" "exit status $RC" "$(head -c 500 "$ERR")"
fi
run --host 2016 --snapshot "$DS/nodm.json" --diff --expect "$DS/allow"
if [ "$RC" = 0 ] && cmp -s "$TMP/after" "$OUT"; then ok "a command's options before --diff"; else not_ok "a command's options before --diff" "exit status $RC" "$(head -c 500 "$ERR")"; fi
run --bogus features
expect_error "an unknown option before the command is the command's error" "^hvcaps: unknown option '--bogus'; run 'hvcaps features --help'"
"$HVCAPS" --snapshot "$DS/nodm.json" diff --expect - <"$DS/allow" >"$OUT" 2>"$ERR"
RC=$?
if [ "$RC" = 0 ] && grep -q '; expectations: 3 of 3 hold$' "$OUT"; then ok "diff --expect - reads standard input"; else not_ok "diff --expect - reads standard input" "exit status $RC" "$(cat "$ERR")"; fi
"$HVCAPS" --snapshot "$DS/full.json" diff --matrix - --matrix "$TOP/data/rhel-centos-2025-06-19.notes" \
	<"$TOP/data/rhel-centos-2025-06-19.matrix" >"$OUT" 2>"$ERR"
RC=$?
if [ "$RC" = 0 ] && grep -q '^  Matrix   edition 2025-06-19, column 8\.1-8\.6+ of series 8\.x (built in)$' "$OUT"; then
	ok "diff --matrix - reads standard input"
else
	not_ok "diff --matrix - reads standard input" "exit status $RC" "$(head -c 500 "$ERR")"
fi
run expected --os rhel-8.10 --lis builtin --host 2019 --snapshot "$TMP/does-not-exist"
expect_error "expected --snapshot is refused, not silently ignored" "^hvcaps: 'expected' probes nothing: --snapshot does not apply"
run matrix check --root "$TMP/does-not-exist"
expect_error "matrix check --root is refused, not silently ignored" "^hvcaps: 'matrix' reads no system: --root does not apply"

#
# Every JSON document against its schema (user/schema/, installed with the
# binary), error documents included; one vocabulary for host, OS and LIS
#
J=$TMP/json
mkdir -p "$J"
# jdoc NAME ARGS...: hvcaps ARGS (with --json among them) into $J/NAME.json
jdoc() {
	local name=$1
	shift
	"$HVCAPS" "$@" >"$J/$name.json" 2>/dev/null
}
jdoc diff-ok --snapshot "$DS/full.json" diff --json
jdoc diff-fail --snapshot "$DS/nodm.json" diff --json
jdoc diff-waived --snapshot "$DS/nodm.json" diff --json --expect "$DS/allow"
jdoc diff-nd --snapshot "$DS/fedora.json" diff --json
jdoc diff-nohost --snapshot "$DS/nohost.json" diff --json
jdoc diff-host2012 --root "$RH8" diff --host 2012 --json
jdoc diff-lis --snapshot "$DS/centos77-lis.json" diff --json
jdoc features --snapshot "$DS/full.json" features --json
jdoc features-root --root "$RH8" features --json
jdoc expected expected --os rhel-7.3 --lis builtin --host 2012r2 --json
jdoc expected-lis expected --os centos-7.5 --lis 4.3 --host 2016 --json
jdoc explain explain kvp --json
jdoc feature-list features --list --json
jdoc expected-list expected --list --json
jdoc error-usage diff --json --bogus
jdoc error-runtime --json --snapshot "$TMP/does-not-exist" features
jdoc error-nd expected --os fedora-39 --lis builtin --host 2019 --json
jdoc error-expect --snapshot "$DS/full.json" diff --json --expect "$DS/bad1"
if python3 -c 'import jsonschema' 2>/dev/null; then
	if python3 "$TESTS/validate_json.py" "$USER_DIR/schema" "$J"/*.json >"$TMP/validate.out" 2>&1; then
		ok "every command's --json validates against user/schema ($(grep -c '^ok' "$TMP/validate.out") documents, errors included)"
	else
		not_ok "every command's --json validates against user/schema" "$(grep -v '^ok' "$TMP/validate.out")"
	fi
	# a planted mismatch: the validator must catch it
	python3 - "$J/diff-ok.json" "$J/planted.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["host"]["build"] = j["host"].pop("release")
json.dump(j, open(sys.argv[2], "w"))
PY
	if python3 "$TESTS/validate_json.py" "$USER_DIR/schema" "$J/planted.json" >/dev/null 2>&1; then
		not_ok "the schema check fails on a renamed host field"
	else
		ok "the schema check fails on a renamed host field"
	fi
	rm -f "$J/planted.json"
else
	skip "every command's --json validates against user/schema" "needs python3-jsonschema"
	skip "the schema check fails on a renamed host field" "needs python3-jsonschema"
fi
r=$(python3 - "$J" <<'PY'
import json, sys
d = sys.argv[1]
load = lambda n: json.load(open("%s/%s.json" % (d, n)))
hosts = {n: sorted(load(n)["host"]) for n in ("diff-ok", "features", "expected")}
oses = {n: sorted(load(n)["os"]) for n in ("diff-ok", "expected")}
lises = {n: sorted(load(n)["lis"]) for n in ("diff-ok", "expected")}
states = {f["state"] for f in load("features")["features"]} | {f["live"]["state"] for f in load("diff-fail")["features"]}
ok = (len({tuple(v) for v in hosts.values()}) == 1 and len({tuple(v) for v in oses.values()}) == 1
      and len({tuple(v) for v in lises.values()}) == 1 and states <= {"yes", "no", "inferred", "unknown", "n/a"}
      and load("expected")["lis"]["availability"] == "builtin" and load("expected")["host"]["release"] == "2012r2"
      and load("expected-lis")["lis"]["availability"] == "lis-4.3" and load("diff-lis")["lis"]["availability"] == "lis-4.3")
print(ok, hosts, oses, lises)
PY
)
case $r in
True*) ok "host, os and lis have the same fields in diff, features and expected" ;;
*) not_ok "host, os and lis have the same fields in diff, features and expected" "$r" ;;
esac

#
# One vocabulary for the kernel facts too: show, list and snapshot (and
# monitor's events, by their schema) name a device, its channels and the
# hypervisor the same way; old snapshots still read
#
V1=$TESTS/fixtures/snapshot-v1-rhel8.json	# written by hvcaps 0.1.0 before the change (schema 1)
jdoc show --root "$RH8" show --json
jdoc list --root "$RH8" list --json
SOURCE_DATE_EPOCH=86400 "$HVCAPS" --root "$RH8" snapshot >"$J/snapshot.json" 2>/dev/null
jdoc show-snap --snapshot "$J/snapshot.json" show --json
jdoc list-v1 --snapshot "$V1" list --json
jdoc snapshot-v1 --snapshot "$V1" snapshot
jdoc show-nodm --snapshot "$DS/nodm.json" show --json
if python3 -c 'import jsonschema' 2>/dev/null; then
	if python3 "$TESTS/validate_json.py" "$USER_DIR/schema" "$J"/show*.json "$J"/list*.json "$J"/snapshot*.json >"$TMP/validate.out" 2>&1; then
		ok "show, list and snapshot --json validate against user/schema ($(grep -c '^ok' "$TMP/validate.out") documents, from roots and snapshots)"
	else
		not_ok "show, list and snapshot --json validate against user/schema" "$(grep -v '^ok' "$TMP/validate.out")"
	fi
	python3 - "$J" "$TMP/planted" <<'PY'
import json, os, sys
d, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
def plant(src, name, f):
    j = json.load(open("%s/%s.json" % (d, src)))
    f(j)
    json.dump(j, open("%s/%s.json" % (out, name), "w"))
plant("list", "class_id", lambda j: j["devices"][0].__setitem__("class_id", j["devices"][0].pop("class")))
plant("show", "type-number", lambda j: j["devices"][0].__setitem__("type", 4))
plant("snapshot", "channel-cpu", lambda j: j["kernel_facts"]["devices"][0]["channels"][0].__setitem__("cpu", 0))
plant("show", "host-build", lambda j: j["host"].__setitem__("build", 9200))
PY
	bad=
	for f in "$TMP"/planted/*.json; do
		python3 "$TESTS/validate_json.py" "$USER_DIR/schema" "$f" >/dev/null 2>&1 && bad="$bad ${f##*/}"
	done
	if [ -z "$bad" ]; then ok "the schema check fails on a device's class_id, a type number, a channel's cpu, a host's build"; else not_ok "the schema check fails on planted dialects" "passed:$bad"; fi
else
	skip "show, list and snapshot --json validate against user/schema" "needs python3-jsonschema"
	skip "the schema check fails on planted dialects" "needs python3-jsonschema"
fi
r=$(python3 - "$J" "$USER_DIR/schema" <<'PY'
import json, sys
d, sd = sys.argv[1], sys.argv[2]
load = lambda n: json.load(open("%s/%s.json" % (d, n)))
kind = lambda v: type(v).__name__ if v is not None else None
bad = []
devs = {"show": load("show")["devices"], "list": load("list")["devices"],
        "snapshot": load("snapshot")["kernel_facts"]["devices"], "list-v1": load("list-v1")["devices"]}
keys = {n: set(v[0]) - {"description", "sysfs_path"} for n, v in devs.items()}
if len({frozenset(k) for k in keys.values()}) != 1:
    bad.append("device keys differ: %s" % {n: sorted(k ^ keys["show"]) for n, k in keys.items()})
for n, v in devs.items():
    for a, b in zip(v, devs["show"]):
        for k in keys["show"] & set(a):
            if a[k] is not None and b[k] is not None and kind(a[k]) != kind(b[k]):
                bad.append("%s.%s is %s in %s, %s in show" % (n, k, kind(a[k]), n, kind(b[k])))
chans = {n: set(c) for n, v in devs.items() for x in v if x["channels"] for c in x["channels"][:1]}
if len({frozenset(c) for c in chans.values()}) != 1:
    bad.append("channel keys differ: %s" % chans)
# monitor's events: the device identity of common.json, channels' target_cpu
common = json.load(open(sd + "/common.json"))["$defs"]
ev = json.load(open(sd + "/hvcaps.monitor-event.json"))
ident = set(common["device_identity"]["required"])
if not ident <= keys["show"] or not ident <= set(ev["properties"]):
    bad.append("device identity %s not in show or monitor events" % sorted(ident))
if set(ev["properties"]["subchannels"]["items"]["required"]) - set(common["channel"]["required"]):
    bad.append("monitor's sub-channel words are not channel words")
hv = {"show": set(load("show")["hypervisor"]), "snapshot": set(load("snapshot")["kernel_facts"]["hypervisor"])}
if hv["show"] != hv["snapshot"]:
    bad.append("hypervisor keys differ: %s" % (hv["show"] ^ hv["snapshot"]))
hosts = {n: sorted(load(n)["host"]) for n in ("show", "show-snap", "diff-ok", "features", "expected")}
if len({tuple(v) for v in hosts.values()}) != 1:
    bad.append("host keys differ: %s" % hosts)
if load("show-nodm")["host"]["release"] != load("diff-ok")["host"]["release"] or load("show-nodm")["host"]["source"] != "build":
    bad.append("show's host is not diff's: %s" % load("show-nodm")["host"])
print(not bad, bad)
PY
)
case $r in
True*) ok "device, channel, hypervisor and host: the same names and types in show, list, snapshot (old and new), monitor, diff, features, expected" ;;
*) not_ok "device, channel, hypervisor and host: the same names across commands" "$r" ;;
esac

# an old snapshot (schema 1, stored) reads as the live system it was taken from
same_v1=1
for args in show "list -vv" "features" "diff --host 2019"; do
	# The isolation's reason differs, rightly: live under --root it says
	# CPUID is not read there; a schema-1 snapshot has no isolation fact
	# (issue 13 came later). Its Isolated/Isolation lines are left out,
	# and the features beyond the matrix (the last rows of features),
	# whose facts (isolation, power, PCI functions) schema 1 lacks.
	# shellcheck disable=SC2086
	"$HVCAPS" --root "$RH8" $args 2>&1 | grep -v '^ *Isolat' | sed '/^accelerated-networking /,$d' >"$TMP/live.out"
	# shellcheck disable=SC2086
	"$HVCAPS" --snapshot "$V1" $args 2>&1 | awk 'NR == 1 && /^Snapshot /{s = 1} s{if ($0 == "") s = 0; next} 1' |
		grep -v '^ *Isolat' | sed '/^accelerated-networking /,$d' >"$TMP/v1.out"
	cmp -s "$TMP/live.out" "$TMP/v1.out" || { same_v1=; diff -u "$TMP/live.out" "$TMP/v1.out" | head -20 >"$TMP/v1.diff"; break; }
done
if [ -n "$same_v1" ]; then ok "a stored schema-1 snapshot: show, list -vv, features, diff as from the root it was taken of"; else not_ok "a stored schema-1 snapshot reads as the root" "$args" "$(cat "$TMP/v1.diff")"; fi
r=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print(a["kernel_facts"] == b["kernel_facts"] and a["schema_version"] == 2 and a["created"] == "2025-12-06T00:00:00Z")' "$J/snapshot-v1.json" "$J/snapshot.json" 2>&1)
if [ "$r" = True ]; then ok "snapshot --snapshot OLD: the same kernel facts in schema 2, its own date kept"; else not_ok "snapshot --snapshot OLD: schema 2" "$r"; fi

#
# Fleets: where and when a snapshot was taken; - for standard input and output
#
FR=$TMP/fleet-root
cp -r "$RH8" "$FR"
echo web-07 >"$FR/etc/hostname"
echo 0123456789abcdef0123456789abcdef >"$FR/etc/machine-id"
mkdir -p "$FR/proc/sys/kernel/random"
echo 5a0c3f5e-1b2d-4c3e-8f9a-0b1c2d3e4f50 >"$FR/proc/sys/kernel/random/boot_id"
SOURCE_DATE_EPOCH=86400 run --root "$FR" snapshot -o -
cp "$OUT" "$TMP/fleet.json"
if [ "$RC" = 0 ] && [ ! -e ./- ] && [ ! -e "$FR/-" ] && python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert (j["hostname"], j["machine_id"], j["boot_id"], j["created"]) == ("web-07", "0123456789abcdef0123456789abcdef", "5a0c3f5e-1b2d-4c3e-8f9a-0b1c2d3e4f50", "1970-01-02T00:00:00Z"), j' "$OUT" 2>"$TMP/err"; then
	ok "snapshot -o -: standard output, with the host name, machine-id, boot id (under --root) and time"
else
	not_ok "snapshot -o -: standard output, with host name, machine-id, boot id" "exit status $RC" "$(cat "$TMP/err" "$ERR")"
fi
SOURCE_DATE_EPOCH=86400 "$HVCAPS" --root "$RH8" snapshot -o "$TMP/nometa.json" 2>/dev/null
if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j["hostname"] is None and j["machine_id"] is None and j["boot_id"] is None))' "$TMP/nometa.json"; then
	ok "snapshot: no etc/hostname, machine-id or boot id under the root: null, not invented"
else
	not_ok "snapshot: missing host name, machine-id, boot id are null" "$(head -12 "$TMP/nometa.json")"
fi
run --snapshot "$TMP/fleet.json" show
if [ "$RC" = 0 ] && [ "$(head -1 "$OUT")" = "Snapshot $TMP/fleet.json" ] &&
	grep -qx '  Taken        1970-01-02T00:00:00Z on web-07 by hvcaps '"$(cat "$TOP/VERSION")" "$OUT" &&
	grep -qx '  Machine      machine-id 0123456789abcdef0123456789abcdef, boot id 5a0c3f5e-1b2d-4c3e-8f9a-0b1c2d3e4f50' "$OUT"; then
	ok "show --snapshot FILE says which file, when and where it was taken"
else
	not_ok "show --snapshot FILE says which file and when" "$(head -4 "$OUT")"
fi
"$HVCAPS" --snapshot - show --json <"$TMP/fleet.json" >"$OUT" 2>"$ERR"
RC=$?
json_check "--snapshot - reads standard input; show --json names it" \
	'j["snapshot"] == {"path": "(standard input)", "created": "1970-01-02T00:00:00Z", "hvcaps_version": "'"$(cat "$TOP/VERSION")"'", "hostname": "web-07", "machine_id": "0123456789abcdef0123456789abcdef", "boot_id": "5a0c3f5e-1b2d-4c3e-8f9a-0b1c2d3e4f50"}'
"$HVCAPS" --snapshot - list </dev/null >"$OUT" 2>"$ERR"
RC=$?
expect_error "--snapshot - with nothing on standard input" "^hvcaps: \\(standard input\\):1:1: malformed snapshot: the file is empty"

#
# list --verbose=N
#
run --root "$RH8" list -vv
cp "$OUT" "$TMP/vv"
run --root "$RH8" list --verbose=2
if [ "$RC" = 0 ] && cmp -s "$OUT" "$TMP/vv"; then ok "list --verbose=2 is -vv"; else not_ok "list --verbose=2 is -vv" "exit status $RC" "$(cat "$ERR")"; fi
run --root "$RH8" list --verbose=3
expect_error "list --verbose=3 is refused" "^hvcaps: --verbose=3: expected 0, 1 or 2"

#
# hvcaps metrics: node_exporter's textfile format
#
# metrics_check NAME: the last run exited 0 and its output passes
# tests/textfile_check.py (and promtool check metrics, if at hand)
metrics_check() {
	local r pr=
	r=$(python3 "$TESTS/textfile_check.py" "$OUT" 2>&1)
	if command -v promtool >/dev/null; then
		promtool check metrics <"$OUT" >"$TMP/promtool.out" 2>&1 || pr=" promtool: $(cat "$TMP/promtool.out")"
	fi
	if [ "$RC" = 0 ] && [ "$r" = ok ] && [ -z "$pr" ]; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC" "$r$pr" "stderr: $(head -c 500 "$ERR")"
	fi
}
run --snapshot "$DS/nodm.json" metrics
metrics_check "metrics on a snapshot: the textfile format, HELP and TYPE for every metric"
cp "$OUT" "$TMP/nodm.prom"
if grep -qx 'hvcaps_feature_state{feature="dm-hot-add",state="no"} 1' "$OUT" &&
	grep -qx 'hvcaps_feature_state{feature="kvp",state="yes"} 1' "$OUT" &&
	grep -qx 'hvcaps_documented 1' "$OUT" &&
	grep -qx 'hvcaps_documented_mismatches{kind="missing"} 3' "$OUT" &&
	grep -qx 'hvcaps_feature_result{feature="dm-ballooning",result="missing"} 1' "$OUT" &&
	[ "$(grep -c '^hvcaps_feature_state{' "$OUT")" = $((29 * 5)) ] &&
	[ "$(grep -c '^hvcaps_feature_state{.*} 1$' "$OUT")" = 29 ]; then
	ok "metrics: one state per feature, the three missing features as diff finds them"
else
	not_ok "metrics: feature states and mismatches" "$(grep -e dm-hot-add -e documented "$OUT" | head)"
fi
python3 - "$DS/nodm.json" "$OUT" >"$TMP/metrics.cmp" 2>&1 <<'PY'
import collections, json, re, sys
j = json.load(open(sys.argv[1]))
k = j["kernel_facts"]
h = k.get("hypervisor", k.get("host"))
devs = collections.Counter((d.get("class") or d.get("class_guid")) for d in k["devices"])
text = open(sys.argv[2]).read()
got = {m.group(1): int(m.group(2)) for m in re.finditer(r'^hvcaps_offers\{class="([0-9a-f-]+)",type="[a-z0-9]+"\} (\d+)$', text, re.M)}
assert got == dict(devs), (got, devs)
assert re.search(r"^hvcaps_host_build %d$" % h["hv_build"], text, re.M), "build"
assert re.search(r"^hvcaps_vmbus_version_major %d$" % (h["vmbus_version"] >> 16), text, re.M), "vmbus major"
assert re.search(r"^hvcaps_vmbus_version_minor %d$" % (h["vmbus_version"] & 0xffff), text, re.M), "vmbus minor"
print("True")
PY
if [ "$(cat "$TMP/metrics.cmp")" = True ]; then ok "metrics: the offers by class, the host build and the VMBus version of the snapshot"; else not_ok "metrics: offers, build, VMBus version" "$(cat "$TMP/metrics.cmp")"; fi
run --root "$RH8" metrics
metrics_check "metrics on a root with no host facts: still the format"
if ! grep -q '^hvcaps_host_build ' "$OUT" && ! grep -q '^hvcaps_vmbus_version_major ' "$OUT" &&
	grep -qx 'hvcaps_documented 0' "$OUT" && ! grep -q '^hvcaps_documented_mismatches{' "$OUT"; then
	ok "metrics: an unknown build, VMBus version or documentation is absent, not 0"
else
	not_ok "metrics: unknown facts absent" "$(grep -e build -e vmbus -e documented "$OUT" | grep -v '^#')"
fi
sed 's/^hvcaps_documented 1$/hvcaps_documented{x="a\\q"} 1/' "$TMP/nodm.prom" >"$OUT"
RC=0
if python3 "$TESTS/textfile_check.py" "$OUT" >/dev/null; then not_ok "the textfile check fails on a bad escape"; else ok "the textfile check fails on a bad escape"; fi
run metrics --json
one_json "metrics --json is refused (a usage error, as JSON)" 2 hvcaps.error usage-error
run metrics --snapshot - </dev/null
expect_error "metrics --snapshot - is refused" "^hvcaps: --snapshot -: metrics reads the facts twice"
