/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvcaps: internal interfaces between the parts of the module.
 *
 * The layers, each calling only the ones below it:
 *
 *   main.c      wires the others together at load and unload
 *   netlink.c   the family: policies, requests, every message and
 *               notification it sends
 *   events.c    the generation, per-device event state, the sub-channel
 *               poll; tells netlink.c what to notify
 *   host.c      the HOST_GET attributes
 *   vmbus.c     the bus: attach, lookups, counts; bus notifications go to
 *               the callbacks it was given at init (events.c's)
 *   devices.c   the device index (by position, by device)
 *   channel.c   one device's attributes, its sub-channel set
 *   devtype.c   what a class GUID stands for
 *
 * The one cycle is the family and the event code calling each other
 * (netlink.c asks events.c for the generation; events.c asks netlink.c
 * to notify), as in drivers/net/ovpn. scripts/check-deps checks it.
 */
#ifndef _HVCAPS_PRIV_H
#define _HVCAPS_PRIV_H

#include <linux/hyperv.h>
#include <net/genetlink.h>
#include <uapi/linux/hvcaps.h>

/* vmbus.c: reaching the VMBus without depending on hv_vmbus */

/* What vmbus.c tells its user (events.c), in this order on attach. */
struct hvcaps_vmbus_ops {
	/* Before the bus notifier is registered: removals count from now. */
	void (*attach_begin)(void);
	/* Registering the notifier failed: undo attach_begin. */
	void (*attach_abort)(void);
	/* The notifier is registered: index the devices already there. */
	void (*attach_walk)(const struct bus_type *bus);
	/* The bus is published to readers: every device on it is news. */
	void (*attach_done)(void);
	/* A bus notification, in process context (a blocking chain). */
	void (*notify)(struct device *dev, unsigned long action);
};

int hvcaps_vmbus_init(const struct hvcaps_vmbus_ops *ops);
void hvcaps_vmbus_exit(void);
const struct bus_type *hvcaps_vmbus_get(void);
const struct bus_type *hvcaps_vmbus_peek(void);
u32 hvcaps_vmbus_version(void);
struct device *hvcaps_vmbus_find(const struct bus_type *bus, const guid_t *instance);

/* devtype.c: what a class GUID stands for */
enum hvcaps_dev_type hvcaps_dev_type(const struct hv_device *hdev);
const char *hvcaps_dev_type_name(enum hvcaps_dev_type type);

/* channel.c: one device's attributes and its sub-channels */

/* How the bound driver's name may be read. */
enum hvcaps_driver_access {
	HVCAPS_DRIVER_LOCK,	/* take device_lock() */
	HVCAPS_DRIVER_HELD,	/* the caller holds device_lock() */
	HVCAPS_DRIVER_SKIP,	/* neither: leave the driver out */
};

/* A device's sub-channels: sorted relid << 32 | target_cpu values */
struct hvcaps_subset {
	unsigned int n;
	u64 *v;
};

unsigned int hvcaps_channel_count(struct hv_device *hdev);
int hvcaps_subset_get(struct hv_device *hdev, struct hvcaps_subset *set);
bool hvcaps_subset_matches(struct hv_device *hdev,
			   const struct hvcaps_subset *set,
			   unsigned int *channels);
bool hvcaps_subset_equal(const struct hvcaps_subset *a,
			 const struct hvcaps_subset *b);
void hvcaps_subset_free(struct hvcaps_subset *set);
size_t hvcaps_channel_msg_size(unsigned int channels);
int hvcaps_channel_put(struct sk_buff *skb, struct hv_device *hdev,
		       u32 generation, u32 event,
		       enum hvcaps_driver_access driver);

/* devices.c: the devices on the bus, by position and by device */
struct hvcaps_dev {
	struct device *dev;		/* a reference till REMOVED: devices.c */
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
unsigned int hvcaps_dev_grab(unsigned long pos, struct device **devs,
			     unsigned long *at, unsigned int max);
typedef bool (*hvcaps_dev_scan_fn)(struct hvcaps_dev *e, void *data);
struct device *hvcaps_dev_scan(unsigned long *pos, hvcaps_dev_scan_fn fn,
			       void *data, struct hvcaps_dev **entry,
			       bool *end);
void hvcaps_devices_attach_begin(void);
typedef void (*hvcaps_dev_seen_fn)(struct device *dev, struct hvcaps_dev *e);
void hvcaps_devices_attach(const struct bus_type *bus,
			   hvcaps_dev_seen_fn seen);
void hvcaps_devices_clear(void);

/* events.c: the generation and what the events group is told */
extern const struct hvcaps_vmbus_ops hvcaps_events_vmbus_ops;
u32 hvcaps_generation(void);
void hvcaps_events_kick(void);
void hvcaps_events_subscribed(void);
/* What hvcaps_events_sync() found, walking every device it reports. */
struct hvcaps_sync_counts {
	u32 devices;		/* not leaving: those a dump shows */
	u32 channels;		/* theirs, primary channels included */
	u32 max_channels;	/* the most one device has */
};

void hvcaps_events_sync(struct hvcaps_sync_counts *counts);
void hvcaps_events_start(void);
void hvcaps_events_stop(void);
void hvcaps_events_exit(void);

/* host.c: the HOST_GET attributes */
void hvcaps_host_init(void);
int hvcaps_host_fill(struct sk_buff *skb, u32 generation, u32 devices,
		     u32 channels);

/* netlink.c: the generic netlink family and every message it sends */
int hvcaps_nl_register(void);
void hvcaps_nl_unregister(void);
bool hvcaps_nl_listening(void);
int hvcaps_nl_notify_channel(struct hv_device *hdev, u32 generation,
			     u32 event, enum hvcaps_driver_access driver);
void hvcaps_nl_notify_lost(void);

#endif /* _HVCAPS_PRIV_H */
