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
j["kernel_facts"]["host"]["hv_build"] = 9200
j["kernel_facts"]["host"]["vmbus_version"] = 2 << 16 | 4
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
if [ "$RC" = 0 ] && [ "$(grep -vc '^#' "$OUT")" = 29 ] && grep -Eq '^dm-hot-add +no$' "$OUT" && grep -Eq '^kvp +yes$' "$OUT"; then
	ok "features --format expect: one line per feature with its live state"
else
	not_ok "features --format expect" "exit status $RC" "$(cat "$OUT")"
fi
cp "$OUT" "$DS/golden-nodm"
run --snapshot "$DS/nodm.json" diff --expect "$DS/golden-nodm"
if [ "$RC" = 0 ] && grep -q '; expectations: 29 of 29 hold$' "$OUT"; then
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
if python3 -c 'import jsonschema, referencing' 2>/dev/null; then
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
