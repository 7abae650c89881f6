#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest (selftests/vm/run): resolving the generic netlink family
# "hvcaps" loads hvcaps.ko through its module alias. The kernel runs
# modprobe for that; we point it (/proc/sys/kernel/modprobe) at a wrapper
# whose module tree holds only hvcaps.ko, so the test proves the alias
# works without installing anything into the guest kernel's tree. TAP.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
echo "1..3"
if [ "$(id -u)" != 0 ] || [ -z "${HVCAPS_KO:-}" ] || [ ! -w /proc/sys/kernel/modprobe ]; then
	for i in 1 2 3; do echo "ok $i # SKIP needs root in a selftests/vm/run guest"; done
	exit 0
fi

kver=$(uname -r)
root=$(mktemp -d)
mkdir -p "$root/lib/modules/$kver/extra"
cp "$HVCAPS_KO" "$root/lib/modules/$kver/extra/"
# Empty indexes keep depmod from warning about a tree with one module.
touch "$root/lib/modules/$kver/"modules.{order,builtin,builtin.modinfo}
depmod -b "$root" "$kver"
cat > "$root/modprobe" <<WRAP
#!/bin/sh
exec /sbin/modprobe -d "$root" "\$@"
WRAP
chmod +x "$root/modprobe"
old=$(cat /proc/sys/kernel/modprobe)
trap 'echo "$old" > /proc/sys/kernel/modprobe' EXIT

if modinfo -b "$root" -F alias hvcaps | grep -qx 'net-pf-16-proto-16-family-hvcaps'; then
	echo "ok 1 hvcaps.ko declares the family alias"
else
	echo "not ok 1 hvcaps.ko declares the family alias"
fi

lsmod | grep -q '^hvcaps ' && rmmod hvcaps
if lsmod | grep -q '^hvcaps '; then
	echo "not ok 2 hvcaps unloaded before the lookup"
else
	echo "ok 2 hvcaps unloaded before the lookup"
fi

echo "$root/modprobe" > /proc/sys/kernel/modprobe
if id=$(python3 "$here/genl_resolve.py" hvcaps) && lsmod | grep -q '^hvcaps '; then
	echo "ok 3 resolving the family loaded hvcaps (family id $id)"
else
	echo "not ok 3 resolving the family loaded hvcaps"
fi
