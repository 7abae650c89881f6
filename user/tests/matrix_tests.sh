# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the documented matrix (data/, `hvcaps matrix`, `hvcaps
# expected`). Sourced by tests/run, whose helpers (ok, not_ok, skip, run,
# expect_rc, expect_error, json_check) and variables (HVCAPS, TMP, TOP,
# TESTS, OUT, ERR, RC) it uses.
#
# Microsoft's pages are read from $HVCAPS_MS_DOCS (default: the copies in
# matrix/ms-docs/, see its README.md); a page that is not there fails its
# import tests.

MX=$TESTS/matrix
DATA=$TOP/data
MS_DOCS=${HVCAPS_MS_DOCS:-$MX/ms-docs}
PAGE=Supported-CentOS-and-Red-Hat-Enterprise-Linux-virtual-machines-on-Hyper-V.md

# expect_stderr_file NAME FILE: the last run's stderr equals FILE, with the
# page's directory written as PAGEDIR.
expect_stderr_file() {
	local dir=$3
	sed "s|$dir/|PAGEDIR/|g" "$ERR" >"$TMP/stderr.norm"
	if cmp -s "$2" "$TMP/stderr.norm"; then
		ok "$1"
	else
		not_ok "$1" "$(diff -u "$2" "$TMP/stderr.norm" | head -40)"
	fi
}

#
# matrix import: the shared pages give exactly the shipped data: both
# editions of the RHEL/CentOS page, and the Debian, Oracle Linux, SUSE and
# Ubuntu pages (NAME:EDITION-DIR:PAGE)
#
for ed in rhel-centos-2019-06-13:2019-06-13:$PAGE \
	rhel-centos-2025-06-19:current:$PAGE \
	debian-2023-09-26:current:Supported-Debian-virtual-machines-on-Hyper-V.md \
	oracle-linux-2023-09-27:current:Supported-Oracle-Linux-virtual-machines-on-Hyper-V.md \
	sles-2016-10-03:current:Supported-SUSE-virtual-machines-on-Hyper-V.md \
	ubuntu-2020-08-29:current:Supported-Ubuntu-virtual-machines-on-Hyper-V.md; do
	data=${ed%%:*}
	rest=${ed#*:}
	dir=$MS_DOCS/${rest%%:*}
	page=${rest#*:}
	# the warnings of the RHEL/CentOS editions keep their historical names
	warnings=$MX/import-$data.warnings
	case $data in rhel-centos-*) warnings=$MX/import-${data#rhel-centos-}.warnings ;; esac
	name="matrix import of $page (${rest%%:*}) equals data/$data.matrix, byte for byte"
	if [ ! -r "$dir/$page" ]; then
		# the pages ship in the tree (matrix/ms-docs): missing is a failure
		not_ok "$name" "no $dir/$page (HVCAPS_MS_DOCS=${HVCAPS_MS_DOCS:-})"
		not_ok "matrix import of $data: its irregularities, warned with line numbers" "no page"
		continue
	fi
	run matrix import "$dir/$page"
	if [ "$RC" = 0 ] && cmp -s "$DATA/$data.matrix" "$OUT"; then
		ok "$name"
	else
		not_ok "$name" "exit status $RC" "$(diff -u "$DATA/$data.matrix" "$OUT" | head -40)"
	fi
	expect_stderr_file "matrix import of $data: its irregularities, warned with line numbers (matrix/${warnings##*/})" \
		"$warnings" "$dir"
done

#
# matrix import: a page with every irregularity of both dialects
#
run matrix import "$MX/dialects.md"
if [ "$RC" = 0 ] && cmp -s "$MX/dialects.matrix" "$OUT"; then
	ok "matrix import of both dialects, split, short and extra rows (matrix/dialects.matrix)"
else
	not_ok "matrix import of both dialects (matrix/dialects.matrix)" "exit status $RC" \
		"$(diff -u "$MX/dialects.matrix" "$OUT" | head -40)" "stderr: $(head -c 2000 "$ERR")"
fi
expect_stderr_file "matrix import of both dialects: every irregularity warned (matrix/dialects.warnings)" \
	"$MX/dialects.warnings" "$MX"
cp "$OUT" "$TMP/dialects.matrix"
run matrix check --matrix "$TMP/dialects.matrix"
if [ "$RC" = 0 ] && grep -q '^edition 2024-01-02: series 9.x 10.x; columns 4, cells 24' "$OUT"; then
	ok "the imported dialects page loads"
else
	not_ok "the imported dialects page loads" "exit status $RC" "$(cat "$OUT" "$ERR")"
fi
run expected --matrix "$TMP/dialects.matrix" --os centos-9.1 --lis builtin --host 2016 --json
json_check "the dialects page: an unspecified column, a split row's part, an absent cell" \
	'j["column"] == "9.0,9.1" and j["availability"] == "unspecified" and [(f["id"], f["cell"], f["cell_absent"], f["hosts"]) for f in j["features"] if f["id"] in ("jumbo-frames", "uefi-boot")] == [("jumbo-frames", "no", True, ["2025", "azure-stack-hci"]), ("uefi-boot", "yes", False, ["2016", "2019"])]'

run matrix import "$MX/unreadable.md"
if [ "$RC" = 1 ] && cmp -s "$MX/unreadable.matrix" "$OUT"; then
	ok "matrix import: what it cannot read is written 'unclear', exit 1 (matrix/unreadable.matrix)"
else
	not_ok "matrix import: unreadable text is 'unclear', exit 1" "exit status $RC" \
		"$(diff -u "$MX/unreadable.matrix" "$OUT" | head -40)"
fi
expect_stderr_file "matrix import: each unreadable cell, header, host warned (matrix/unreadable.warnings)" \
	"$MX/unreadable.warnings" "$MX"
cp "$OUT" "$TMP/unreadable.matrix"
run matrix check --matrix "$TMP/unreadable.matrix"
if [ "$RC" = 2 ] && [ ! -s "$OUT" ] &&
	grep -q "^hvcaps: $TMP/unreadable.matrix:15: releases 'unclear'" "$ERR" &&
	grep -q "^hvcaps: $TMP/unreadable.matrix:19: cell 'unclear'" "$ERR"; then
	ok "an import with 'unclear' does not load: the loader names each line"
else
	not_ok "an import with 'unclear' does not load" "exit status $RC" "$(cat "$ERR")"
fi
run matrix import "$MX/nodate.md"
expect_error "matrix import: a page without ms.date needs --edition" \
	"^hvcaps: $MX/nodate.md: the page has no ms.date in its front matter: pass --edition YYYY-MM-DD$"
run matrix import --edition 2024-05-06 "$MX/nodate.md"
if [ "$RC" = 0 ] && grep -q '^edition 2024-05-06$' "$OUT"; then ok "matrix import --edition"; else not_ok "matrix import --edition" "$(cat "$ERR")"; fi
run matrix import "$TOP/VERSION"
expect_error "matrix import of a file without tables" "^hvcaps: $TOP/VERSION: no feature table found"
run matrix import "$TMP/does-not-exist.md"
expect_error "matrix import of a missing file" "^hvcaps: cannot read $TMP/does-not-exist.md: No such file or directory$"
run matrix import
expect_error "matrix import without a page" "^hvcaps: 'matrix import' takes one PAGE.md; run 'hvcaps matrix --help'"
run matrix frobnicate
expect_error "matrix with an unknown action" "^hvcaps: unknown action 'frobnicate'"

#
# The compiled-in matrix is the data
#
run matrix check
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
	grep -qx 'edition 2019-06-13: series 8.x 7.x 6.x 5.x; columns 21, cells 595, features 28, notes 15 (paraphrased 15, undefined 0)' "$OUT" &&
	grep -qx 'edition 2025-06-19: series 10.x 9.x 8.x 7.x; columns 14, cells 406, features 29, notes 17 (paraphrased 13, undefined 2)' "$OUT"; then
	ok "matrix check: the compiled-in matrix, both editions, every note paraphrased but 6, 11, 16, 17 of 2025"
else
	not_ok "matrix check of the compiled-in matrix" "exit status $RC" "$(cat "$OUT" "$ERR")"
fi
cp "$OUT" "$TMP/builtin.check"
files=()
for f in "$DATA"/*.matrix "$DATA"/*.notes; do files+=(--matrix "$f"); done
run matrix check "${files[@]}"
if [ "$RC" = 0 ] && cmp -s "$OUT" "$TMP/builtin.check"; then
	ok "--matrix with the data files loads what is compiled in"
else
	not_ok "--matrix with the data files loads what is compiled in" "$(diff "$TMP/builtin.check" "$OUT")"
fi
# every note a cell cites, or the page defines, has a paraphrase and a check
bad=$(awk '$1 == "edition" { ed = $2 }
	$1 == "note" && ($3 == "defined") { need[ed " " $2] = FILENAME ":" FNR }
	$1 == "note" && $3 == "says" { says[ed " " $2] = 1 }
	$1 == "note" && $3 == "check" { check[ed " " $2] = 1 }
	END { for (k in need) if (!(k in says) || !(k in check)) print "note " k " (" need[k] ") lacks a paraphrase or a check" }' \
	"$DATA"/*.matrix "$DATA"/*.notes)
if [ -z "$bad" ]; then ok "every defined note has a paraphrase and a check"; else not_ok "every defined note has a paraphrase and a check" "$bad"; fi

#
# Every cell of both editions through `hvcaps expected`
#
if python3 "$TESTS/matrix_cells.py" "$HVCAPS" "$DATA" >"$TMP/cells.tap" 2>&1; then :; fi
while IFS= read -r l; do
	case $l in
	"ok "*) ok "${l#ok }" ;;
	"not ok "*) not_ok "${l#not ok }" ;;
	*) echo "$l" ;;
	esac
done <"$TMP/cells.tap"
grep -q '^ok ' "$TMP/cells.tap" || not_ok "matrix_cells.py ran" "$(head -20 "$TMP/cells.tap")"

#
# Spot cells, checked by hand against the pages
#
run expected --os rhel-7.3 --lis builtin --host 2012r2 --json
json_check "RHEL 7.3 built in on 2012 R2: the 2019-06-13 edition, column 7.3 (the 2025 one lists no 2012 R2)" \
	'(j["edition"], j["series"], j["column"], j["availability"], j["host"]["release"]) == ("2019-06-13", "7.x", "7.3", "builtin", "2012r2") and any("2025-06-19" in r and "2012 R2" in r for r in j["remarks"])'
json_check "RHEL 7.3 built in on 2012 R2: page cells" \
	'{f["id"]: (f["cell"], f["notes"], f["expected"]) for f in j["features"]} == dict(core=("yes", [], True), **{"accurate-time": ("no", [], False), "jumbo-frames": ("yes", [], True), "vlan": ("yes", [], True), "live-migration": ("yes", [], True), "static-ip-injection": ("yes", [2], True), "vrss": ("yes", [], True), "tso-checksum-offload": ("yes", [], True), "sr-iov": ("yes", [], False), "vhdx-resize": ("yes", [], True), "virtual-fibre-channel": ("yes", [3], True), "live-backup": ("yes", [4, 5], True), "trim": ("yes", [], True), "scsi-wwn": ("no", [], False), "pae": ("n/a", [], False), "mmio-gap": ("yes", [], True), "dm-hot-add": ("yes", [9, 10], True), "dm-ballooning": ("yes", [9, 10], True), "runtime-memory-resize": ("no", [], False), "hyperv-video": ("yes", [], True), "kvp": ("yes", [], True), "nmi": ("yes", [], True), "file-copy": ("yes", [], True), "lsvmbus": ("no", [], False), "hv-sockets": ("no", [], False), "pci-passthrough": ("yes", [], False), "uefi-boot": ("yes", [14], True), "secure-boot": ("yes", [], False)})'
json_check "RHEL 7.3 built in on 2012 R2: SR-IOV available but 2012 R2 not in its row" \
	'[(f["hosts"], f["host_match"]) for f in j["features"] if f["id"] == "sr-iov"] == [(["2019", "2016"], "not-listed")]'
run expected --os rhel-7.3 --lis builtin --host 2019 --json
json_check "RHEL 7.3 built in on 2019: the 2025-06-19 edition; PCI pass-through yes (2019 page: yes too)" \
	'j["edition"] == "2025-06-19" and j["column"] == "7.3" and [(f["cell"], f["expected"]) for f in j["features"] if f["id"] == "pci-passthrough"] == [("yes", True)] and j["remarks"] == []'
run expected --os rhel-6.4 --lis builtin --host 2012r2 --json
json_check "RHEL 6.4 built in on 2012 R2: UEFI's 2012 R2 row has no 6.4 cell; Hot-Add blank; KVP notes 12, 13" \
	'[(f["id"], f["cell"], f["cell_absent"], f["notes"], f["hosts"]) for f in j["features"] if f["id"] in ("uefi-boot", "dm-hot-add", "kvp", "dm-ballooning")] == [("dm-hot-add", "no", False, [], ["2019", "2016", "2012r2"]), ("dm-ballooning", "yes", False, [7, 9, 10, 11], ["2019", "2016", "2012r2"]), ("kvp", "yes", False, [12, 13], ["2019", "2016", "2012r2"]), ("uefi-boot", "no", True, [], ["2012r2"])] and any("no cell in column 6.4" in r for r in j["remarks"])'
run expected --os centos-6.8 --lis builtin --host 2016 --json
json_check "CentOS 6.8 built in on 2016: column 6.10,6.9,6.8; UEFI from the split row's 2019, 2016 part" \
	'j["column"] == "6.10,6.9,6.8" and [(f["cell"], f["notes"], f["hosts"], f["expected"]) for f in j["features"] if f["id"] == "uefi-boot"] == [("yes", [14], ["2019", "2016"], True)]'
run expected --os rhel-6.8 --lis builtin --host 2022 --json
json_check "RHEL 6.8 on 2022: only 2019-06-13 documents it; every row extrapolated, and said" \
	'j["edition"] == "2019-06-13" and all(f["host_match"] == "extrapolated" for f in j["features"]) and [f["expected"] for f in j["features"] if f["id"] in ("core", "secure-boot")] == [True, False] and any("extrapolated" in r for r in j["remarks"])'
run expected --os rhel-5.3 --lis 4.3 --host 2016 --json
json_check "RHEL 5.3 with LIS 4.3: live backup cites notes 5 and 15" \
	'j["column"] == "5.2-5.11" and j["availability"] == "lis-4.3" and [f["notes"] for f in j["features"] if f["id"] == "live-backup"] == [[5, 15]]'
run expected --os rhel-5.3 --lis 4.1 --host 2016 --json
json_check "RHEL 5.3 with LIS 4.1: the other 5.2-5.11 column" \
	'j["availability"] == "lis-4.1" and [f["notes"] for f in j["features"] if f["id"] == "live-backup"] == [[5]]'
run expected --os centos-7.9 --lis builtin --host 2019 --json
json_check "CentOS 7.9 built in on 2019: >256 vCPUs yes (note 16) on no listed host; note 16 undefined" \
	'j["column"] == "7.6-7.9" and [(f["cell"], f["notes"], f["hosts"], f["host_match"], f["expected"]) for f in j["features"] if f["id"] == "vcpus-over-256"] == [("yes", [16], [], "none-listed", False)] and [n["status"] for n in j["notes"] if n["number"] == 16] == ["undefined"]'
run expected --os rhel-7.0 --lis builtin --host 2016 --json
json_check "RHEL 7.0 built in (2025-06-19): file copy's row lacks its 7.0 cell" \
	'j["edition"] == "2025-06-19" and [(f["cell"], f["cell_absent"], f["expected"]) for f in j["features"] if f["id"] == "file-copy"] == [("no", True, False)]'
run expected --os rhel-7.5 --lis builtin --host azure-stack-hci --json
json_check "RHEL 7.5 on Azure Stack HCI: Hyper-V Sockets' row lacks HCI" \
	'j["edition"] == "2025-06-19" and [(f["cell"], f["host_match"]) for f in j["features"] if f["id"] == "hv-sockets"] == [("no", "not-listed")]'
run expected --os rhel-7.8 --lis 4.3 --host 2019 --json
json_check "RHEL 7.8 with LIS 4.3: only 2019-06-13 (7.5-7.8) documents it" \
	'(j["edition"], j["column"]) == ("2019-06-13", "7.5-7.8")'
run expected --os rhel-8.10 --lis builtin --host 2025 --json
json_check "RHEL 8.10: column 8.1-8.6+ (an open range)" '(j["edition"], j["column"]) == ("2025-06-19", "8.1-8.6+")'
run expected --os rhel-10 --lis builtin --host 2025 --json
json_check "RHEL 10 (no minor): column 10.x" '(j["column"], j["os"]["minor"]) == ("10.x", None)'
run expected --os rhel-8.1 --lis builtin --host 2019 --edition 2019-06-13 --json
json_check "RHEL 8.1, edition 2019-06-13: its availability is blank on the page, and said" \
	'(j["column"], j["availability"]) == ("8.1", "unspecified") and any("leaves the availability of column 8.1 blank" in r for r in j["remarks"])'
run expected --os rhel-7.3 --lis builtin --host 2012r2
expect_same "expected: the text table (matrix/expected-rhel-7.3-2012r2.txt)" "$MX/expected-rhel-7.3-2012r2.txt"

#
# Releases the matrix does not document: exit 3, what is documented instead
#
reject() {
	local want=${6:-3}
	run expected --os "$1" --lis "$2" --host "${4:-2016}" ${5:+--edition "$5"}
	# not documented is exit 3, a usage error 2 (hvcaps(8), EXIT STATUS);
	# expect_error checks the rest
	if [ "$RC" = "$want" ]; then RC=2; else RC="$RC (wanted $want)"; fi
	expect_error "expected rejects $1 --lis $2${5:+ --edition $5}: exit $want" "$3"
}
reject rhel-6.2 builtin '^hvcaps: rhel 6.2 with built-in LIS is not documented; for rhel 6.2 the matrix documents LIS 4.3 \(edition 2019-06-13, column 6.0-6.3\)$'
reject centos-5.8 builtin '^hvcaps: centos 5.8 with built-in LIS is not documented; for centos 5.8 the matrix documents LIS 4.3 \(edition 2019-06-13, column 5.2-5.11\), LIS 4.1 \(edition 2019-06-13, column 5.2-5.11\)$'
reject rhel-9.2 4.3 '^hvcaps: rhel 9.2 with LIS 4.3 is not documented; for rhel 9.2 the matrix documents built in \(edition 2025-06-19, column 9.x\)$'
reject centos-10.0 builtin '^hvcaps: centos 10.0 is not documented: the 10.x series is documented for rhel \(edition 2025-06-19\) only$'
reject rhel-7.10 builtin '^hvcaps: rhel 7.10 is not documented; the matrix documents these rhel 7.x releases: LIS 4.3 7.5-7.7, 7.3-7.4, 7.0-7.2; built in 7.6-7.9, 7.5, 7.4, 7.3, 7.2, 7.1, 7.0 \(edition 2025-06-19\); LIS 4.3 7.5-7.8, 7.3-7.4, 7.0-7.2; built in 7.5-7.8, 7.4, 7.3, 7.2, 7.1, 7.0 \(edition 2019-06-13\)$'
reject rhel-7 builtin '^hvcaps: rhel 7 names no minor release; the matrix documents these rhel 7.x releases: '
reject rhel-4.8 builtin '^hvcaps: rhel 4.8 is not documented; the documented rhel series are 5.x, 6.x, 7.x, 8.x, 9.x, 10.x$'
reject fedora-39 builtin '^hvcaps: fedora 39 is not documented: the matrix documents sles, rhel, centos, ubuntu, debian, ol only \(IDs as in os-release\)$'
reject rhel-10.0 builtin '^hvcaps: rhel 10.0 with built-in LIS is not documented by the 2019-06-13 edition; the 2025-06-19 edition documents it \(series 10.x, column 10.x\); drop --edition or pass --edition 2025-06-19$' 2025 2019-06-13
reject rhel-7.3 builtin '^hvcaps: no edition 2020-01-01 in the matrix; its editions are 2016-10-03, 2019-06-13, 2020-08-29, 2023-09-26, 2023-09-27, 2025-06-19$' 2016 2020-01-01 2
run expected --os rhel --lis builtin --host 2016
expect_error "expected: --os without a version" "^hvcaps: --os rhel: expected ID-VERSION, such as rhel-7.3 or centos-6.10; run 'hvcaps expected --help'"
run expected --os rhel-7.3 --lis 5 --host 2016
expect_error "expected: a bad --lis" "^hvcaps: --lis 5: expected builtin or a LIS version such as 4.3"
run expected --os rhel-7.3 --lis builtin --host 2013
expect_error "expected: a host that is no Windows Server release" "^hvcaps: --host 2013: expected 2008, 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025, azure-stack-hci or azure-local"
run expected --os rhel-7.3 --lis builtin
expect_error "expected: --host is required" "^hvcaps: --os, --lis and --host are required \(missing --host\)"
run expected --os rhel-7.3 --lis builtin --host 2016 extra
expect_error "expected: an extra argument" "^hvcaps: unexpected argument 'extra'; run 'hvcaps expected --help'"
for cmd in expected matrix; do
	run $cmd --help
	if [ "$RC" = 0 ] && grep -q "^Usage: hvcaps $cmd" "$OUT" && [ ! -s "$ERR" ]; then ok "hvcaps $cmd --help"; else not_ok "hvcaps $cmd --help" "exit status $RC"; fi
done

#
# Malformed matrix files: every bad line named, FILE:LINE: reason, exit 2
#
for f in "$MX"/bad/*.matrix; do
	name="malformed matrix $(basename "$f"): each bad line reported as FILE:LINE: reason"
	run matrix check --matrix "$f"
	n_exp=$(grep -c '^# expect ' "$f")
	problems=
	[ "$RC" = 2 ] || problems="exit status $RC, expected 2"
	[ -s "$OUT" ] && problems="$problems; output on stdout"
	[ "$(wc -l <"$ERR")" = "$n_exp" ] || problems="$problems; $(wc -l <"$ERR") messages, expected $n_exp"
	while IFS= read -r e; do
		e=${e#\# expect }
		line=${e%%:*}
		re=${e#*: }
		grep -Eq -- "^hvcaps: $f:$line: $re" "$ERR" || problems="$problems; no message '$f:$line: $re'"
	done < <(grep '^# expect ' "$f")
	if [ -z "$problems" ]; then ok "$name"; else not_ok "$name" "$problems" "stderr: $(cat "$ERR")"; fi
done
run expected --matrix "$MX/bad/cell.matrix" --os rhel-7.3 --lis builtin --host 2016
if [ "$RC" = 2 ] && [ ! -s "$OUT" ] && [ "$(wc -l <"$ERR")" = 6 ]; then
	ok "expected --matrix with a malformed file: exit 2, every error"
else
	not_ok "expected --matrix with a malformed file" "exit status $RC" "$(cat "$ERR")"
fi
run matrix check --matrix "$TMP/no-such.matrix"
expect_error "--matrix naming nothing" "^hvcaps: $TMP/no-such.matrix: cannot read the matrix: No such file or directory$"
printf 'hvcaps-matrix 1\n\0\n' >"$TMP/nul.matrix"
run matrix check --matrix "$TMP/nul.matrix"
expect_error "--matrix naming a binary file" "^hvcaps: $TMP/nul.matrix: cannot read the matrix: it contains a NUL byte"
