/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvcaps: internal interfaces between the parts of the module.
 */
#ifndef _HVCAPS_H
#define _HVCAPS_H

#include <linux/hyperv.h>
#include <net/genetlink.h>
#include <uapi/linux/hvcaps.h>

/* vmbus.c: reaching the VMBus without depending on hv_vmbus */
int hvcaps_vmbus_init(void);
void hvcaps_vmbus_exit(void);
const struct bus_type *hvcaps_vmbus_get(void);
const struct bus_type *hvcaps_vmbus_peek(void);
u32 hvcaps_vmbus_version(void);
struct device *hvcaps_vmbus_find(const struct bus_type *bus, const guid_t *instance);
void hvcaps_vmbus_count(const struct bus_type *bus, u32 *devices, u32 *channels);

/* devtype.c: what a class GUID stands for */
enum hvcaps_dev_type hvcaps_dev_type(const struct hv_device *hdev);
const char *hvcaps_dev_type_name(enum hvcaps_dev_type type);

/* channel.c: one CHANNEL_GET or CHANNEL_NTF message per device */

/* How the bound driver's name may be read. */
enum hvcaps_driver_access {
	HVCAPS_DRIVER_LOCK,	/* take device_lock() */
	HVCAPS_DRIVER_HELD,	/* the caller holds device_lock() */
	HVCAPS_DRIVER_SKIP,	/* neither: leave the driver out */
};

struct hvcaps_msg {
	u8 cmd;
	u32 portid;
	u32 seq;
	int flags;
	struct netlink_callback *cb;	/* a dump's, for NLM_F_DUMP_INTR */
	u32 event;			/* enum hvcaps_event, 0 for none */
	u32 generation;			/* 0: the current generation */
	enum hvcaps_driver_access driver;
};

/* A device's sub-channels: sorted relid << 32 | target_cpu values */
struct hvcaps_subset {
	unsigned int n;
	u64 *v;
};

unsigned int hvcaps_channel_count(struct hv_device *hdev);
int hvcaps_subset_get(struct hv_device *hdev, struct hvcaps_subset *set);
bool hvcaps_subset_matches(struct hv_device *hdev,
			   const struct hvcaps_subset *set);
bool hvcaps_subset_equal(const struct hvcaps_subset *a,
			 const struct hvcaps_subset *b);
void hvcaps_subset_free(struct hvcaps_subset *set);
size_t hvcaps_channel_msg_size(struct hv_device *hdev);
int hvcaps_channel_fill(struct sk_buff *skb, struct hv_device *hdev,
			const struct hvcaps_msg *msg);

/* devices.c: the devices on the bus, by position and by device */
struct hvcaps_dev {
	struct device *dev;		/* no reference: see devices.c */
	unsigned long pos;		/* in bus order */
	struct hlist_node hnode;
	bool gone;			/* BUS_NOTIFY_DEL_DEVICE seen */
	struct hvcaps_subset subs;	/* last reported, under send lock */
};

struct hvcaps_dev *hvcaps_dev_insert(struct device *dev, bool from_walk);
struct hvcaps_dev *hvcaps_dev_lookup(struct device *dev);
bool hvcaps_dev_set_gone(struct device *dev);
bool hvcaps_dev_is_gone(struct hvcaps_dev *e);
void hvcaps_dev_erase(struct device *dev);
struct device *hvcaps_dev_next(unsigned long *pos, struct hvcaps_dev **entry);
size_t hvcaps_dev_max_msg_size(void);
void hvcaps_devices_attach_begin(void);
void hvcaps_devices_attach(const struct bus_type *bus);
void hvcaps_devices_clear(void);

/* events.c: the generation and the "events" multicast group */
u32 hvcaps_generation(void);
void hvcaps_event_count(void);
void hvcaps_event_bus(struct device *dev, unsigned long action);
void hvcaps_event_attached(struct device *dev, struct hvcaps_dev *e);
void hvcaps_events_kick(void);
void hvcaps_events_sync(void);
void hvcaps_events_start(void);
void hvcaps_events_stop(void);
void hvcaps_events_exit(void);
unsigned long hvcaps_events_polls(void);
#ifdef HVCAPS_HAVE_GENL_BIND
int hvcaps_events_bind(int mcgrp);
#endif

/* host.c: the HOST_GET attributes */
void hvcaps_host_init(void);
int hvcaps_host_fill(struct sk_buff *skb);

/* netlink.c: the generic netlink family */
extern struct genl_family hvcaps_genl_family;

#endif /* _HVCAPS_H */
