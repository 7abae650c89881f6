# shellcheck shell=bash
# The two ways user/guest/groot.c opens a file under --root give the same
# answers: openat2(RESOLVE_IN_ROOT) where the kernel has it, and the
# component-by-component walk (HVCAPS_NO_OPENAT2=1, what kernels before
# 5.6 and seccomp filters get). Every fixture root and every hostile tree
# (links out of the root, loops, FIFOs, unreadable files), through every
# reader of guest files: snapshot. Sourced by tests/run (run, ok, not_ok).

GR=$TMP/groot
"$TOP/tests/fuzz/hostile-trees" "$GR" 50 >/dev/null 2>&1 || not_ok "hostile-trees builds its trees"
# A file used as a directory on the way: "hostname/.." is ENOTDIR to the
# kernel, and must be to the walk too (found in review), at the end of a
# link's target as well ("os-release/")
mkdir -p "$GR/notdir/etc" "$GR/notdir/usr/lib" "$GR/notdir/sys/bus/vmbus/devices"
echo 'ID=fromlib' >"$GR/notdir/usr/lib/os-release"
echo host >"$GR/notdir/etc/hostname"
ln -s hostname/../../usr/lib/os-release "$GR/notdir/etc/os-release"
mkdir -p "$GR/slash/etc" "$GR/slash/usr/lib" "$GR/slash/sys/bus/vmbus/devices"
echo 'ID=fromlib' >"$GR/slash/usr/lib/os-release"
echo 'ID=real' >"$GR/slash/etc/real"
ln -s real/ "$GR/slash/etc/os-release"
for tree in "$TOP"/selftests/fixtures/*/ "$GR"/*/; do
	tree=${tree%/}
	[ -d "$tree" ] || continue
	run --root "$tree" --source sysfs snapshot
	a="$RC $(grep -v '"created"' "$OUT") $(cat "$ERR")"
	HVCAPS_NO_OPENAT2=1 "$HVCAPS" --root "$tree" --source sysfs snapshot >"$OUT" 2>"$ERR" </dev/null
	b="$? $(grep -v '"created"' "$OUT") $(cat "$ERR")"
	if [ "$a" = "$b" ]; then
		ok "groot: openat2 and the walk read ${tree#"$TOP"/} alike"
	else
		not_ok "groot: openat2 and the walk read ${tree#"$TOP"/} alike" \
			"$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -20)"
	fi
done
chmod -R u+rwX "$GR" 2>/dev/null
