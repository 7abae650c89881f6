/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data model shared by the hvcaps selftests: one struct hv_channel per
 * VMBus device, whichever source filled it (a netlink dump, sysfs or a
 * scenario file), so the three can be compared field by field.
 */
#ifndef HVCAPS_SELFTEST_CHAN_H
#define HVCAPS_SELFTEST_CHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/hvcaps.h>

#define HV_ERRLEN 512

/* Bit for attribute A in a 'have' mask. */
#define HV_BIT(a) (1u << (a))

struct hv_sub {
	uint32_t have;		/* HV_BIT(HVCAPS_A_SUBCHANNEL_*) seen */
	uint32_t relid;
	uint32_t index;
	uint32_t cpu;
	uint32_t monitor;
};

struct hv_channel {
	uint32_t have;		/* HV_BIT(HVCAPS_A_CHANNEL_*) seen */
	uint8_t instance[HVCAPS_GUID_LEN];
	uint8_t class_id[HVCAPS_GUID_LEN];
	uint32_t dev_type;
	char dev_name[64];
	uint32_t flags;
	uint32_t mmio_mb;
	uint32_t relid;
	uint32_t monitor;
	uint8_t dedicated;
	uint32_t cpu;
	uint16_t vendor;
	uint16_t device;
	int32_t numa;
	char driver[64];
	uint32_t generation;
	uint32_t event;		/* enum hvcaps_event, in a CHANNEL_NTF */
	unsigned int nsub;
	struct hv_sub *sub;
};

struct hv_chans {
	size_t n, cap;
	struct hv_channel *v;
};

/* What hv_chans_compare() looks at (the instance always). */
enum {
	HV_F_CLASS	= 1u << 0,
	HV_F_RELID	= 1u << 1,
	HV_F_CPU	= 1u << 2,
	HV_F_FLAGS	= 1u << 3,
	HV_F_MMIO	= 1u << 4,
	HV_F_MONITOR	= 1u << 5,	/* presence and value */
	HV_F_DEDICATED	= 1u << 6,
	HV_F_VENDOR	= 1u << 7,
	HV_F_DEVICE	= 1u << 8,
	HV_F_NUMA	= 1u << 9,	/* presence and value */
	HV_F_DRIVER	= 1u << 10,	/* presence and value */
	HV_F_DEVTYPE	= 1u << 11,
	HV_F_NAME	= 1u << 12,
	HV_F_GEN	= 1u << 13,
	HV_F_SUBS	= 1u << 14,	/* set of (relid, index, cpu) */
	HV_F_SUB_MONITOR = 1u << 15,	/* and their monitors */
	HV_F_ALL	= (1u << 16) - 1,
};

/* Fields a dump message must always carry. */
#define HV_CHANNEL_REQUIRED						\
	(HV_BIT(HVCAPS_A_CHANNEL_INSTANCE) | HV_BIT(HVCAPS_A_CHANNEL_CLASS) | \
	 HV_BIT(HVCAPS_A_CHANNEL_DEV_TYPE) | HV_BIT(HVCAPS_A_CHANNEL_DEV_NAME) | \
	 HV_BIT(HVCAPS_A_CHANNEL_FLAGS) | HV_BIT(HVCAPS_A_CHANNEL_MMIO_MB) | \
	 HV_BIT(HVCAPS_A_CHANNEL_RELID) |					\
	 HV_BIT(HVCAPS_A_CHANNEL_DEDICATED_INTR) |			\
	 HV_BIT(HVCAPS_A_CHANNEL_TARGET_CPU) |				\
	 HV_BIT(HVCAPS_A_CHANNEL_VENDOR_ID) |				\
	 HV_BIT(HVCAPS_A_CHANNEL_DEVICE_ID) |				\
	 HV_BIT(HVCAPS_A_CHANNEL_GENERATION))

#define HV_SUB_REQUIRED							\
	(HV_BIT(HVCAPS_A_SUBCHANNEL_RELID) | HV_BIT(HVCAPS_A_SUBCHANNEL_INDEX) | \
	 HV_BIT(HVCAPS_A_SUBCHANNEL_TARGET_CPU))

/*
 * snprintf into BUF of size N (nothing if N is 0), truncating silently:
 * the messages built with it are diagnostics.
 */
void hv_fmt(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "xxxxxxxx-xxxx-..." (optionally in braces) to guid_t bytes. 0 or -1. */
int hv_guid_parse(const char *text, uint8_t out[HVCAPS_GUID_LEN]);
/* guid_t bytes to the lower-case %pUl text (37 bytes with the NUL). */
void hv_guid_fmt(const uint8_t g[HVCAPS_GUID_LEN], char out[37]);

/* enum hvcaps_dev_type expected for a class GUID and offer flags. */
uint32_t hv_expected_dev_type(const uint8_t class_id[HVCAPS_GUID_LEN],
			      uint32_t flags);
#define HV_HVSOCK_FLAG 0x2000u

struct hv_channel *hv_chans_add(struct hv_chans *c);
int hv_chan_add_sub(struct hv_channel *ch, const struct hv_sub *s);
void hv_chan_free(struct hv_channel *ch);
void hv_chans_free(struct hv_chans *c);
/* Deep copy of one channel appended to DST. */
struct hv_channel *hv_chans_add_copy(struct hv_chans *dst,
				     const struct hv_channel *src);
void hv_chans_remove(struct hv_chans *c, size_t i);
struct hv_channel *hv_chans_find(const struct hv_chans *c,
				 const uint8_t inst[HVCAPS_GUID_LEN]);
/* Primaries plus sub-channels. */
size_t hv_chans_count_channels(const struct hv_chans *c);

/*
 * 0 when A and B hold the same devices (by instance, each once) and the
 * FIELDS of each agree; else -1 and a readable reason in WHY. NAME_A and
 * NAME_B name the sources in the reason.
 */
int hv_chans_compare(const struct hv_chans *a, const char *name_a,
		     const struct hv_chans *b, const char *name_b,
		     uint32_t fields, char *why, size_t n);
int hv_chan_compare(const struct hv_channel *a, const struct hv_channel *b,
		    uint32_t fields, char *why, size_t n);
/* Duplicate instances or relids; 0 if none. */
int hv_chans_check_unique(const struct hv_chans *c, char *why, size_t n);

#endif
