# shellcheck shell=bash
# Helpers for user/tests/run: build a fixture sysfs tree the way the
# kernel lays out /sys/bus/vmbus (Documentation/ABI/stable/sysfs-bus-vmbus).
# Sourced, never executed.

VMBUS_PARENT=devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00

# fixture_init ROOT: an empty bus.
fixture_init() {
	mkdir -p "$1/sys/bus/vmbus/devices" "$1/sys/bus/vmbus/drivers" \
		"$1/sys/$VMBUS_PARENT"
}

# mkdev ROOT INSTANCE RELID CLASS DRIVER|- MAPPING...
# MAPPING is "relid:cpu" per channel, the primary first (as the kernel
# writes channel_vp_mapping); the single word "none" leaves the file out.
# The device directory is a symlink, as in sysfs; each channel gets
# channels/<relid>/{cpu,subchannel_id}.
mkdev() {
	local root=$1 inst=$2 relid=$3 class=$4 drv=$5 m r idx=0
	local dev=$root/sys/$VMBUS_PARENT/$inst

	shift 5
	mkdir -p "$dev"
	ln -s "../../../$VMBUS_PARENT/$inst" "$root/sys/bus/vmbus/devices/$inst"
	echo "$relid" >"$dev/id"
	echo "{$class}" >"$dev/class_id"
	echo "{$inst}" >"$dev/device_id"
	echo 0x1414 >"$dev/vendor"
	echo 0x0 >"$dev/device"
	echo 0 >"$dev/numa_node"
	if [ "$drv" != - ]; then
		mkdir -p "$root/sys/bus/vmbus/drivers/$drv"
		ln -s "../../../../../../bus/vmbus/drivers/$drv" "$dev/driver"
	fi
	[ "${1:-}" = none ] && return
	: >"$dev/channel_vp_mapping"
	for m in "$@"; do
		r=${m%%:*}
		echo "$m" >>"$dev/channel_vp_mapping"
		mkdir -p "$dev/channels/$r"
		echo "${m#*:}" >"$dev/channels/$r/cpu"
		echo "$idx" >"$dev/channels/$r/subchannel_id"
		idx=$((idx + 1))
	done
}

# fixture_typical ROOT: a Generation 2 VM's offers, made awkward on
# purpose: created out of relid order, a three-digit relid, sub-channels
# listed out of relid order, classes lsvmbus does not know (IMC and an
# hv_sock service), unbound devices, and one device without
# channel_vp_mapping.
fixture_typical() {
	local r=$1

	fixture_init "$r"
	mkdev "$r" f5bee29c-1741-4aad-a4c2-8fdedb46dcc2 14 f8615163-df3e-46c5-913f-f2d2f965ed0e hv_netvsc 14:0 30:1 17:1 25:0
	mkdev "$r" 00000000-0001-8899-0000-000000000000 15 ba6163d9-04a1-4d29-b605-72e2ffb1dc7f hv_storvsc 15:1 16:0
	mkdev "$r" b6650ff7-33bc-4840-8048-e0676786f393 1 0e0b6031-5213-4934-818b-38d90ced39db hv_utils 1:0
	mkdev "$r" 2dd1ce17-079e-403c-b352-a1921ee207ee 2 9527e630-d0ae-497b-adce-e80ab0175caf hv_utils 2:0
	mkdev "$r" fd149e91-82e0-4a7d-afa6-2a4166cbd7c0 3 57164f39-9115-4e78-ab55-382f3bd5422d hv_utils 3:0
	mkdev "$r" 242ff919-07db-4180-9c2e-b86cb68c8c55 4 a9a0f4e7-5a45-4d96-b827-8a841e8c03e6 hv_utils 4:0
	mkdev "$r" 2450ee40-33bf-4fbd-892e-9fb06e9214cf 5 35fa2e29-ea23-4236-96ae-3a6ebacba440 hv_utils 5:1
	mkdev "$r" 1eccfd72-4b41-45ef-b73a-4a6e44c12924 6 525074dc-8985-46e2-8057-a307dc18a502 hv_balloon 6:0
	mkdev "$r" d34b2567-b9b6-42b9-8778-0a4ec0b955bf 7 f912ad6d-2b17-48ea-bd65-f927a61c7684 hyperv_keyboard 7:0
	mkdev "$r" 58f75a6d-d949-4320-99e1-a2a2576d581c 8 cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a hid_hyperv 8:0
	mkdev "$r" 5620e0c7-8062-4dce-aeb7-520c7ef76171 9 da0a7802-e377-4aac-8e77-0558eb1073f8 hyperv_fb 9:0
	mkdev "$r" 99221fa0-24ad-11e2-be98-001aa01bbf6e 10 f8e65716-3cb3-4a06-9a60-1889c5cccab5 - 10:0
	mkdev "$r" 6bc7b2f4-7d36-4fcd-b3e9-d5f2e48f4c8c 11 c376c1c3-d276-48d2-90a9-c04748072c60 - 11:1
	mkdev "$r" 00000000-facb-11e6-bd58-64006a7986d3 12 999e53d4-3d5c-4c3e-8779-bed06ec056e1 hv_sock 12:0
	mkdev "$r" 4487b255-b88c-403f-bb51-d1f69cf17f87 123 44c4f61d-4444-4400-9d52-802e27ede19f hv_pci 123:1
	mkdev "$r" ae6a5c2f-6b9e-45bb-a0b7-2bba8d1a3b5c 13 34d14be3-dee4-41c8-9ae7-6b174977c192 - none
	# EFI with Secure Boot on: efivarfs is 4 bytes of attributes, the value
	mkdir -p "$r/sys/firmware/efi/efivars"
	printf '\006\000\000\000\001' \
		>"$r/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
}

# fixture_small ROOT: three devices, BIOS boot.
fixture_small() {
	local r=$1

	fixture_init "$r"
	mkdev "$r" 9be4a4d1-d5a9-4a82-b1c8-2f3c5b1e0c9a 2 ba6163d9-04a1-4d29-b605-72e2ffb1dc7f hv_storvsc 2:0 5:1 6:0
	mkdev "$r" 3c7e1a25-8c1c-4a3e-9d7c-3f8d4a0b6e21 1 57164f39-9115-4e78-ab55-382f3bd5422d - 1:0
	mkdev "$r" 7a5e2f10-0b3c-4d1e-8f2a-6c9d0e1b2a34 3 ba6163d9-04a1-4d29-b605-72e2ffb1dc7f hv_storvsc 3:1
	mkdir -p "$r/sys/firmware"
}
