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
u32 hvcaps_vmbus_version(void);
u32 hvcaps_generation(void);
struct device *hvcaps_vmbus_find(const struct bus_type *bus, const guid_t *instance);
void hvcaps_vmbus_count(const struct bus_type *bus, u32 *devices, u32 *channels);

/* devtype.c: what a class GUID stands for */
enum hvcaps_dev_type hvcaps_dev_type(const struct hv_device *hdev);
const char *hvcaps_dev_type_name(enum hvcaps_dev_type type);

/* channel.c: one CHANNEL_GET message per device */
unsigned int hvcaps_channel_count(struct hv_device *hdev);
int hvcaps_channel_fill(struct sk_buff *skb, struct hv_device *hdev,
			u32 portid, u32 seq, int flags,
			struct netlink_callback *cb);

/* host.c: the HOST_GET attributes */
int hvcaps_host_fill(struct sk_buff *skb);

/* netlink.c: the generic netlink family */
extern struct genl_family hvcaps_genl_family;

#endif /* _HVCAPS_H */
