# shellcheck shell=bash
# Hostile inputs (issue 11): each fuzzing finding as a test. Sourced by
# tests/run, which provides run, ok, not_ok, expect_* and $TMP.

HX=$TESTS/hostile

# no_crash NAME: the last run exited 0, 1 or 2 (not a signal, not a
# sanitizer's 99).
no_crash() {
	case $RC in
	0 | 1 | 2) ok "$1" ;;
	*) not_ok "$1" "exit status $RC" "stderr: $(head -c 2000 "$ERR")" ;;
	esac
}

#
# 1. matrix import: an availability row with a single cell
#
run matrix import --edition 2024-01-01 "$HX/avail-one-cell.md"
if [ "$RC" = 0 ] && grep -q 'availability row has 1 cells for 3 columns' "$ERR"; then
	ok "matrix import: a one-cell availability row is warned, not read past"
else
	not_ok "matrix import: a one-cell availability row is warned, not read past" \
		"exit status $RC" "stderr: $(head -c 2000 "$ERR")"
fi

#
# 3. --root: links are followed as if the tree were /, never out of it
#
# hostile_small ROOT: the small fixture (lib.sh); DEVS its devices' links.
hostile_small() {
	rm -rf "$1"
	fixture_small "$1"
	DEVS=$1/sys/bus/vmbus/devices
}
# first_dev: the first device link's name
first_dev() {
	local d
	for d in "$DEVS"/*; do
		basename "$d"
		return
	done
}

H=$TMP/hostile
hostile_small "$H/root"
run --root "$H/root" list
cp "$OUT" "$TMP/small.list"
# absolute links, in the tree's terms, lead where relative ones do
for d in "$DEVS"/*; do
	t=$(readlink "$d")
	ln -sfn "/sys/${t#../../../}" "$d"
done
run --root "$H/root" list
expect_same "--root: absolute device links are followed inside the tree" "$TMP/small.list"

# a device link out of the tree (../ above the root) is not followed
hostile_small "$H/root"
dev=$(first_dev)
mkdir -p "$H/outside-dev"
cp -r "$(cd "$DEVS/$dev" && pwd -P)"/. "$H/outside-dev/"
echo 77 >"$H/outside-dev/id"
ln -sfn ../../../../../outside-dev "$DEVS/$dev"
run --root "$H/root" list
expect_error "--root: a device link climbing out of the tree is not followed" \
	"^hvcaps: cannot read $DEVS/$dev: No such file or directory; the device's link leads nowhere in the --root tree"

# an attribute linked to /proc/self/fd/0 does not read hvcaps's stdin
hostile_small "$H/root"
dev=$(first_dev)
ln -sfn /proc/self/fd/0 "$(cd "$DEVS/$dev" && pwd -P)/id"
"$HVCAPS" --root "$H/root" list >"$OUT" 2>"$ERR" <<<"77"
RC=$?
expect_error "--root: an id linked to /proc/self/fd/0 is looked up in the tree, not in hvcaps's stdin" \
	"^hvcaps: cannot read $DEVS/$dev/id: No such file or directory"

# a link to the host's absolute path of a file outside the tree
hostile_small "$H/root"
dev=$(first_dev)
ln -sfn "$H/outside-dev/id" "$(cd "$DEVS/$dev" && pwd -P)/id"
run --root "$H/root" list
expect_error "--root: an absolute link to a file outside the tree is resolved inside it" \
	"^hvcaps: cannot read $DEVS/$dev/id: No such file or directory"

#
# 2. --root: a FIFO (or socket, device) in place of a file is reported as
# not a regular file, never waited on
#
TREES=$TOP/selftests/fixtures
rel9=lib/modules/5.14.0-427.13.1.el9_4.x86_64
# fifo_case NAME PATH COMMAND...: a copy of the rhel9 fixture with PATH a
# FIFO; COMMAND must finish within 10 s (no writer ever comes), exit 0-2,
# and say on stderr that PATH is not a regular file (unless the file is
# only a hint, for which it is enough not to block).
fifo_case() {
	local name=$1 path=$2 quiet=
	shift 2
	[ "$1" = --quiet ] && { quiet=1; shift; }
	rm -rf "$H/fifo"
	cp -a "$TREES/rhel9" "$H/fifo"
	path=$(cd "$H/fifo" && realpath -m "$path")
	rm -f "$path"
	mkdir -p "$(dirname "$path")"
	mkfifo "$path"
	timeout 10 "$HVCAPS" --root "$H/fifo" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	if [ "$RC" -le 2 ] && { [ -n "$quiet" ] || grep -q "not a regular file" "$ERR"; }; then
		ok "$name"
	else
		not_ok "$name" "exit status $RC (124: blocked)" "stderr: $(head -c 1500 "$ERR")"
	fi
}
dev9=$(cd "$TREES/rhel9/sys/bus/vmbus/devices" && ls | head -1)
fifo_case "--root: a FIFO as a device's id" "sys/bus/vmbus/devices/$dev9/id" list
fifo_case "--root: a FIFO as the Secure Boot efivar (show)" \
	sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c show
fifo_case "--root: a FIFO as etc/os-release" etc/os-release snapshot
fifo_case "--root: a FIFO as proc/PID/comm" proc/1010/comm snapshot
fifo_case "--root: a FIFO as proc/cmdline" proc/cmdline snapshot
fifo_case "--root: a FIFO as a module parameter" sys/module/hv_balloon/parameters/hot_add snapshot
fifo_case "--root: a FIFO as modules.dep" "$rel9/modules.dep" snapshot
fifo_case "--root: a FIFO as modules.builtin" "$rel9/modules.builtin" snapshot

#
# 6. a daemon's comm that cannot be read: the daemons not found are
# unknown, with the reason, never "not running"
#
rm -rf "$H/comm"
cp -a "$TREES/rhel9" "$H/comm"
rm "$H/comm/proc/1001/comm"	# hypervkvpd
mkdir "$H/comm/proc/1001/comm"	# unreadable, even by root
run --root "$H/comm" snapshot
json_check "an unreadable /proc/PID/comm: KVP and VSS unknown with the reason, file copy still running" \
	'[ (d["service"], d["running"]) for d in j["guest"]["daemons"]["services"]] == [("kvp", None), ("vss", None), ("fcopy", True)] and "/proc/1001/comm" in j["guest"]["daemons"]["why"]'
run --root "$H/comm" show
if [ "$RC" = 0 ] && grep -q '^  Daemons .*KVP unknown, VSS unknown, file copy running.*(/proc/1001/comm cannot be read' "$OUT" &&
	grep -q 'proc/1001/comm: cannot read it: Is a directory' "$ERR"; then
	ok "show: an unreadable /proc/PID/comm makes KVP unknown, with the reason"
else
	not_ok "show: an unreadable /proc/PID/comm makes KVP unknown, with the reason" \
		"$(grep Daemons "$OUT")" "stderr: $(head -c 1500 "$ERR")"
fi

#
# 5. hints that say what is wrong
#
# hint_case NAME SETUP-FUNCTION PATTERN: on a copy of the small fixture
# changed by SETUP (given the device's real directory), list fails with one
# line matching PATTERN and no "check the permissions".
hint_case() {
	hostile_small "$H/root"
	dev=$(first_dev)
	"$2" "$(cd "$DEVS/$dev" && pwd -P)"
	run --root "$H/root" list
	if [ "$RC" = 2 ] && grep -Eq -- "$3" "$ERR" && ! grep -q 'check the permissions' "$ERR"; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC" "stderr: $(head -c 1500 "$ERR")" "expected: $3"
	fi
}
id_dir() { rm "$1/id"; mkdir "$1/id"; }
id_loop() { rm "$1/id"; ln -s id2 "$1/id"; ln -s id "$1/id2"; }
id_big() { head -c 2000000 /dev/zero | tr '\0' 1 >"$1/id"; }
id_notdir() { rm -rf "$1/channels"; echo x >"$1/channels"; rm "$1/id"; ln -s channels/x "$1/id"; }
hint_case "hint: an id that is a directory" id_dir "/id: Is a directory; the kernel makes it a regular file"
hint_case "hint: an id in a symlink loop" id_loop "/id: Too many levels of symbolic links; the symbolic links loop"
hint_case "hint: an id larger than 1 MiB" id_big "/id: File too large; larger than 1 MiB"
hint_case "hint: an id below a file" id_notdir "/id: Not a directory; a component of the path is not a directory"
run --snapshot . show
expect_error "hint: --snapshot naming a directory" "^hvcaps: cannot read the snapshot \\.: Is a directory; give a file written by 'hvcaps snapshot', not a directory$"
run expected --os rhel-7.-1 --lis builtin --host 2019
expect_error "expected --os rhel-7.-1 is not read as rhel-7. 1" "^hvcaps: --os rhel-7\\.-1: expected ID-VERSION"

#
# 7. control characters from a guest's files or a snapshot never reach
# the terminal: escaped as \xHH in text (and JSON) output
#
rm -rf "$H/esc"
cp -a "$TREES/rhel9" "$H/esc"
printf 'NAME="Evil"\nID=rhel\nVERSION_ID="9.4"\nPRETTY_NAME="\033]0;pwned\007\033[2JEvil \302\233 Linux"\n' >"$H/esc/etc/os-release"
printf 'hypervkvpd\033[31m\n' >"$H/esc/proc/1001/comm"
dev=$(cd "$H/esc/sys/bus/vmbus/devices" && ls | head -1)
mv "$H/esc/sys/bus/vmbus/devices/$dev" "$H/esc/sys/bus/vmbus/devices/$dev"$'\033[2J'
for cmd in show "list -vv" snapshot "features"; do
	run --root "$H/esc" $cmd
	if [ "$RC" -le 1 ] && ! grep -q $'[\001-\010\013-\037\177]' "$OUT" "$ERR" &&
		! LC_ALL=C grep -q $'\302[\200-\237]' "$OUT" "$ERR"; then
		ok "$cmd: no control character from the guest's files reaches the output"
	else
		not_ok "$cmd: no control character from the guest's files reaches the output" \
			"exit status $RC" "$(cat -v "$OUT" | grep -m3 '\^\[\|M-')" "stderr: $(cat -v "$ERR" | head -c 1000)"
	fi
done
run --root "$H/esc" show
if grep -q 'Evil \\xc2\\x9b Linux' "$OUT" && grep -q '\\x1b\]0;pwned\\x07' "$OUT"; then
	ok "show: the escape sequences are shown as \\xHH"
else
	not_ok "show: the escape sequences are shown as \\xHH" "$(grep -a Evil "$OUT" | cat -v)"
fi
run --root "$H/esc" snapshot
cp "$OUT" "$TMP/esc.json"
run --snapshot "$TMP/esc.json" list -vv
if [ "$RC" = 0 ] && grep -q "Sysfs path: /sys/bus/vmbus/devices/$dev\\\\x1b\\[2J$" "$OUT"; then
	ok "list -vv from a snapshot: the device name escaped"
else
	not_ok "list -vv from a snapshot: the device name escaped" "exit status $RC" "$(cat -v "$OUT" | grep Sysfs)"
fi
# a snapshot edited to carry them (JSON escapes decode to control characters)
python3 - "$TMP/esc.json" "$TMP/esc2.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["guest"]["os"]["pretty_name"] = "\x1b[2JSnap\x9b"
j["kernel_facts"]["devices"][0]["name"] += "\x1b[5m"
json.dump(j, open(sys.argv[2], "w"))
PY
for cmd in show "list -vv"; do
	run --snapshot "$TMP/esc2.json" $cmd
	if [ "$RC" = 0 ] && ! grep -q $'[\001-\010\013-\037\177]' "$OUT" &&
		! LC_ALL=C grep -q $'\302[\200-\237]' "$OUT"; then
		ok "--snapshot $cmd: control characters in a snapshot are escaped"
	else
		not_ok "--snapshot $cmd: control characters in a snapshot are escaped" "exit status $RC" \
			"$(cat -v "$OUT" | head -20)" "stderr: $(head -c 500 "$ERR")"
	fi
done

#
# 8. invalid UTF-8 in a guest's file: the snapshot is still valid JSON
#
printf 'NAME="Bad"\nID=rhel\nVERSION_ID="9.4"\nPRETTY_NAME="Bad \377\300\200 UTF-8 \355\240\200 caf\303\251"\n' >"$H/esc/etc/os-release"
run --root "$H/esc" snapshot
json_check "snapshot: invalid UTF-8 from a guest file is escaped, valid UTF-8 kept (json.load reads it)" \
	'j["guest"]["os"]["pretty_name"] == "Bad \\xff\\xc0\\x80 UTF-8 \\xed\\xa0\\x80 café"'
run --root "$H/esc" show --json
if [ "$RC" = 0 ] && json_ok "$OUT"; then ok "show --json: valid JSON despite invalid UTF-8"; else not_ok "show --json: valid JSON despite invalid UTF-8" "exit status $RC"; fi

#
# 4. matrix import: a 900 kB cell of '[', '&' and "<br" (none closed) is
# read in linear time. Not a timing test: the 60 s bound only stops a
# quadratic scan (minutes) from hanging the suite; 'scripts/bench' has no
# row for it, the report measures it.
#
python3 - "$TMP/bigcell.md" <<'PY'
import sys
cell = "[&x<br " * 130000
open(sys.argv[1], "w").write("""---
ms.date: 06/19/2025
---
## RHEL/CentOS 9.x Series

| **Feature** | **Windows Server version** | **9.0** |
|--|--|--|
| Availability | | Built in |
| Core | 2022 | %s |
""" % cell)
PY
timeout 60 "$HVCAPS" matrix import "$TMP/bigcell.md" >"$OUT" 2>"$ERR"
RC=$?
if [ "$RC" -le 1 ]; then
	ok "matrix import: a 900 kB cell of unclosed '[', '&' and '<br' finishes (linear plain())"
else
	not_ok "matrix import: a 900 kB cell of unclosed '[', '&' and '<br' finishes (linear plain())" \
		"exit status $RC (124: still scanning after 60 s)" "stderr: $(head -c 500 "$ERR")"
fi

#
# 10. the shared CHANNEL decoder (facts/nl_channel.c) on hand-built messages
#
NLCT=$TMP/nl_channel_test
# shellcheck disable=SC2046
if ${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fsanitize=address,undefined \
	-I"$USER_DIR" -I"$USER_DIR/facts" -I"$TOP/include/uapi" \
	-DHVCAPS_VERSION='"test"' \
	$(pkg-config --cflags libnl-genl-3.0 json-c) -o "$NLCT" "$TESTS/nl_channel_test.c" \
	"$USER_DIR"/facts/{nl_channel,model}.c "$USER_DIR"/util.c \
	$(pkg-config --libs libnl-genl-3.0 json-c) 2>"$ERR"; then
	"$NLCT" >"$OUT" 2>&1
	while IFS= read -r l; do
		case $l in
		"ok "*) ok "nl_channel: ${l#ok * - }" ;;
		"not ok "*) not_ok "nl_channel: ${l#not ok * - }" ;;
		esac
	done <"$OUT"
else
	not_ok "nl_channel_test builds" "$(head -c 1500 "$ERR")"
fi
