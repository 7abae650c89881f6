/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * hvcaps: the VMBus offers and Hyper-V host facts of a Linux guest, as a
 * generic netlink family. The YNL description of this family is
 * Documentation/netlink/specs/hvcaps.yaml; keep the two in step (a test
 * compares them).
 *
 * GUIDs are 16-byte binary attributes holding the guid_t exactly as the
 * offer carries it (the mixed-endian layout that %pUl and sysfs print).
 */
#ifndef _UAPI_LINUX_HVCAPS_H
#define _UAPI_LINUX_HVCAPS_H

#define HVCAPS_GENL_NAME	"hvcaps"
#define HVCAPS_GENL_VERSION	1

#define HVCAPS_GUID_LEN		16

/* Multicast group of HVCAPS_CMD_CHANNEL_NTF notifications */
#define HVCAPS_MCGRP_EVENTS	"events"

/* A stable id for the kind of device behind an offer. */
enum hvcaps_dev_type {
	HVCAPS_DEV_UNKNOWN,	/* a class GUID hvcaps does not know */
	HVCAPS_DEV_IDE,
	HVCAPS_DEV_SCSI,
	HVCAPS_DEV_FC,
	HVCAPS_DEV_NIC,
	HVCAPS_DEV_ND,		/* NetworkDirect (RDMA) */
	HVCAPS_DEV_PCIE,	/* PCI Express pass-through */
	HVCAPS_DEV_FB,		/* synthetic video */
	HVCAPS_DEV_KBD,
	HVCAPS_DEV_MOUSE,
	HVCAPS_DEV_KVP,
	HVCAPS_DEV_TIMESYNC,
	HVCAPS_DEV_HEARTBEAT,
	HVCAPS_DEV_SHUTDOWN,
	HVCAPS_DEV_FCOPY,
	HVCAPS_DEV_VSS,
	HVCAPS_DEV_DM,		/* dynamic memory (balloon) */
	HVCAPS_DEV_AVMA1,
	HVCAPS_DEV_AVMA2,
	HVCAPS_DEV_RDV,
	HVCAPS_DEV_IMC,
	HVCAPS_DEV_HVSOCK,	/* an hv_sock offer; the class is the service */

	/* private: */
	__HVCAPS_DEV_CNT,
	HVCAPS_DEV_MAX = __HVCAPS_DEV_CNT - 1
};

/* Isolation type, CPUID 0x4000000C EBX[3:0] */
enum hvcaps_isolation {
	HVCAPS_ISOLATION_NONE,
	HVCAPS_ISOLATION_VBS,
	HVCAPS_ISOLATION_SNP,
	HVCAPS_ISOLATION_TDX,
};

/* What a HVCAPS_CMD_CHANNEL_NTF reports about its device. */
enum hvcaps_event {
	HVCAPS_EVENT_UNSPEC,
	HVCAPS_EVENT_ADD,		/* offered: the device joined the bus */
	HVCAPS_EVENT_REMOVE,		/* rescinded: the device leaves the bus */
	HVCAPS_EVENT_BIND,		/* a driver was bound to it */
	HVCAPS_EVENT_UNBIND,		/* its driver was unbound */
	HVCAPS_EVENT_SUBCHANNELS,	/* sub-channels were opened or closed */
};

enum {
	HVCAPS_CMD_UNSPEC,
	HVCAPS_CMD_HOST_GET,		/* do: host facts */
	HVCAPS_CMD_CHANNEL_GET,		/* do by instance, or dump: offers */
	HVCAPS_CMD_CHANNEL_NTF,		/* notification, group "events" */

	/* private: */
	__HVCAPS_CMD_CNT,
	HVCAPS_CMD_MAX = __HVCAPS_CMD_CNT - 1
};

/* HVCAPS_CMD_HOST_GET reply; the request takes no attributes. */
enum {
	HVCAPS_A_HOST_UNSPEC,
	HVCAPS_A_HOST_MODULE_VERSION,	/* string */
	HVCAPS_A_HOST_VMBUS_PRESENT,	/* u8: 1 when attached to a VMBus */
	HVCAPS_A_HOST_VMBUS_VERSION,	/* u32: major << 16 | minor */
	HVCAPS_A_HOST_CPU_SIGNATURE,	/* string: CPUID 0x40000000 vendor */
	HVCAPS_A_HOST_CPU_MAX_LEAF,	/* u32: CPUID 0x40000000 EAX */
	HVCAPS_A_HOST_HV_BUILD,		/* u32: CPUID 0x40000002 EAX */
	HVCAPS_A_HOST_HV_MAJOR,		/* u32: 0x40000002 EBX[31:16] */
	HVCAPS_A_HOST_HV_MINOR,		/* u32: 0x40000002 EBX[15:0] */
	HVCAPS_A_HOST_HV_SERVICE_PACK,	/* u32: 0x40000002 ECX */
	HVCAPS_A_HOST_HV_SERVICE_BRANCH, /* u32: 0x40000002 EDX[31:24] */
	HVCAPS_A_HOST_HV_SERVICE_NUMBER, /* u32: 0x40000002 EDX[23:0] */
	HVCAPS_A_HOST_HV_FEATURES_EAX,	/* u32: CPUID 0x40000003 EAX */
	HVCAPS_A_HOST_HV_FEATURES_EBX,	/* u32: CPUID 0x40000003 EBX */
	HVCAPS_A_HOST_HV_FEATURES_EDX,	/* u32: CPUID 0x40000003 EDX */
	HVCAPS_A_HOST_HV_RECOMMENDATIONS, /* u32: CPUID 0x40000004 EAX */
	HVCAPS_A_HOST_HV_ISOLATION,	/* u32: enum hvcaps_isolation */
	HVCAPS_A_HOST_EFI_BOOT,		/* u8 */
	HVCAPS_A_HOST_SECURE_BOOT,	/* u8; absent when unknown */
	HVCAPS_A_HOST_DEVICE_COUNT,	/* u32: devices on the bus */
	HVCAPS_A_HOST_CHANNEL_COUNT,	/* u32: their channels, sub-channels included */
	HVCAPS_A_HOST_GENERATION,	/* u32: +1 per event (see below) */

	/* private: */
	__HVCAPS_A_HOST_CNT,
	HVCAPS_A_HOST_MAX = __HVCAPS_A_HOST_CNT - 1
};

/*
 * The generation counts events: each HVCAPS_CMD_CHANNEL_NTF carries the
 * value it raised the generation to, and HOST_GET reports the current
 * one, so a listener that sees a gap between consecutive notifications
 * (or gets ENOBUFS on its socket) has missed some and re-dumps.
 *
 * HVCAPS_CMD_CHANNEL_GET: one message per device on the bus (primary
 * offers, hv_sock offers, PCI pass-through); its sub-channels nested.
 * A do request carries HVCAPS_A_CHANNEL_INSTANCE and nothing else; a dump
 * request carries no attribute.
 */
enum {
	HVCAPS_A_CHANNEL_UNSPEC,
	HVCAPS_A_CHANNEL_INSTANCE,	/* binary, 16: instance GUID */
	HVCAPS_A_CHANNEL_CLASS,		/* binary, 16: class (type) GUID */
	HVCAPS_A_CHANNEL_DEV_TYPE,	/* u32: enum hvcaps_dev_type */
	HVCAPS_A_CHANNEL_DEV_NAME,	/* string: human name of the type */
	HVCAPS_A_CHANNEL_FLAGS,		/* u32: offer chn_flags */
	HVCAPS_A_CHANNEL_MMIO_MB,	/* u32: MMIO space requested, MiB */
	HVCAPS_A_CHANNEL_RELID,		/* u32: primary channel relid */
	HVCAPS_A_CHANNEL_MONITOR_ID,	/* u32: only when a monitor is allocated */
	HVCAPS_A_CHANNEL_DEDICATED_INTR, /* u8 */
	HVCAPS_A_CHANNEL_TARGET_CPU,	/* u32 */
	HVCAPS_A_CHANNEL_VENDOR_ID,	/* u16 */
	HVCAPS_A_CHANNEL_DEVICE_ID,	/* u16 */
	HVCAPS_A_CHANNEL_NUMA_NODE,	/* s32: only on NUMA kernels */
	HVCAPS_A_CHANNEL_DRIVER,	/* string: bound driver, absent if none */
	HVCAPS_A_CHANNEL_SUBCHANNEL,	/* nest, repeated: HVCAPS_A_SUBCHANNEL_* */
	HVCAPS_A_CHANNEL_GENERATION,	/* u32: bus generation when filled */
	HVCAPS_A_CHANNEL_EVENT,		/* u32: enum hvcaps_event, NTF only */

	/* private: */
	__HVCAPS_A_CHANNEL_CNT,
	HVCAPS_A_CHANNEL_MAX = __HVCAPS_A_CHANNEL_CNT - 1
};

enum {
	HVCAPS_A_SUBCHANNEL_UNSPEC,
	HVCAPS_A_SUBCHANNEL_RELID,	/* u32 */
	HVCAPS_A_SUBCHANNEL_INDEX,	/* u32: offer sub_channel_index */
	HVCAPS_A_SUBCHANNEL_TARGET_CPU,	/* u32 */
	HVCAPS_A_SUBCHANNEL_MONITOR_ID,	/* u32: only when allocated */

	/* private: */
	__HVCAPS_A_SUBCHANNEL_CNT,
	HVCAPS_A_SUBCHANNEL_MAX = __HVCAPS_A_SUBCHANNEL_CNT - 1
};

#endif /* _UAPI_LINUX_HVCAPS_H */
