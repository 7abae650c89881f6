/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model every subcommand works on: the host facts and the devices on
 * the VMBus with their channels, filled by one of two sources (the hvcaps
 * generic netlink family, or /sys/bus/vmbus). A fact a source cannot know
 * stays "unknown" (known == false / NULL): nothing is ever guessed.
 */
#ifndef HVCAPS_MODEL_H
#define HVCAPS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/hvcaps.h>

typedef struct {
	uint8_t b[HVCAPS_GUID_LEN];
} hv_guid;

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" + NUL, the %pUl layout */
#define GUID_STR_SIZE 37
void guid_format(const hv_guid *g, char out[GUID_STR_SIZE]);
/* Parse the %pUl text form (either case), optionally within braces. */
bool guid_parse(const char *s, hv_guid *g);

struct opt_u32 {
	bool known;
	uint32_t v;
};

struct opt_s32 {
	bool known;
	int32_t v;
};

struct opt_bool {
	bool known;
	bool v;
};

struct hv_channel {
	uint32_t relid;
	bool primary;
	struct opt_u32 index;		/* offer sub_channel_index */
	struct opt_u32 cpu;		/* target CPU */
	struct opt_u32 monitor_id;	/* known only when allocated */
};

struct hv_device {
	char *name;		/* name on the bus (the instance GUID) */
	hv_guid instance;
	hv_guid class_guid;
	uint32_t relid;		/* primary channel relid */
	uint32_t type;		/* enum hvcaps_dev_type */
	char *type_name;	/* the module's name for the type, or NULL */
	struct opt_u32 flags, mmio_mb, monitor_id, target_cpu;
	struct opt_u32 vendor_id, device_id, generation;
	struct opt_s32 numa_node;
	struct opt_bool dedicated_intr;
	char *driver;		/* bound driver, NULL when unbound */
	/* every channel, primary included, sorted by relid */
	bool channels_known;
	struct hv_channel *chan;
	size_t nchan, chan_cap;	/* grown by device_add_channel() */
	size_t order;		/* discovery order, to keep sorts stable */
};

struct hv_host {
	char *module_version;		/* NULL: unknown */
	struct opt_bool vmbus_present;
	struct opt_u32 vmbus_version;	/* major << 16 | minor */
	char *cpu_signature;		/* NULL: unknown */
	struct opt_u32 cpu_max_leaf;
	struct opt_u32 hv_build, hv_major, hv_minor, hv_service_pack;
	struct opt_u32 hv_service_branch, hv_service_number;
	struct opt_u32 hv_features_eax, hv_features_ebx, hv_features_edx;
	struct opt_u32 hv_recommendations, hv_isolation;
	struct opt_bool efi_boot, secure_boot;
	struct opt_u32 device_count, channel_count, generation;
};

struct hv_model {
	const char *source;	/* "netlink" or "sysfs" */
	struct hv_host host;
	struct hv_device *dev;
	size_t ndev, dev_cap;	/* grown by model_add_device() */
};

enum hv_source_kind { HV_SOURCE_AUTO, HV_SOURCE_NETLINK, HV_SOURCE_SYSFS };

struct hv_opts {
	enum hv_source_kind source;
	bool source_set;	/* --source given */
	const char *root;	/* sysfs root prefix; "/" by default */
	bool root_set;
	bool json;
	const char *snapshot;	/* --snapshot FILE: read it, not the system */
};

void model_free(struct hv_model *m);

/* Helpers for the sources. */
struct hv_device *model_add_device(struct hv_model *m);
struct hv_channel *device_add_channel(struct hv_device *d);
/* Sort devices (stable) and each device's channels by relid. */
void model_sort(struct hv_model *m);

/* What hvcaps knows about a class of device. */
enum hv_category {
	HV_CAT_STORAGE,
	HV_CAT_NETWORK,
	HV_CAT_PCI,
	HV_CAT_CONSOLE,
	HV_CAT_INTEGRATION,
	HV_CAT_MEMORY,
	HV_CAT_RESERVED,
	HV_CAT_SOCKET,
	HV_CAT_UNKNOWN,
	HV_CAT_COUNT
};

/* enum hvcaps_dev_type of a class GUID (HVCAPS_DEV_UNKNOWN if unknown) */
uint32_t class_dev_type(const hv_guid *class_guid);
/* Short identifier ("scsi") and human name of a type. */
const char *dev_type_id(uint32_t type);
const char *dev_type_name(uint32_t type);
enum hv_category dev_type_category(uint32_t type);
const char *category_name(enum hv_category c);
const char *category_id(enum hv_category c);
/* The description lsvmbus prints for a class GUID ("Unknown" if none). */
const char *lsvmbus_description(const hv_guid *class_guid);

/* Human names of host facts; NULL when hvcaps does not know the value. */
const char *vmbus_version_release(uint32_t version);
const char *hv_build_release(uint32_t build);
const char *isolation_name(uint32_t isolation);

#endif
