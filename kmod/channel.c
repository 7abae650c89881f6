// SPDX-License-Identifier: GPL-2.0
/*
 * One HVCAPS_CMD_CHANNEL_GET (or _NTF) message: a device on the VMBus,
 * its primary channel's offer and every sub-channel.
 *
 * Walking the sub-channels: hv_vmbus links them on the primary channel's
 * sc_list, but that list is protected by a lock private to hv_vmbus
 * (vmbus_connection.channel_mutex since 5.9, channel->lock before), so we
 * must not read it. Every channel, the primary one included, is also a
 * kobject ("channels/<relid>" in sysfs) in the device's channels_kset, and
 * a kset's member list is protected by kset->list_lock, which the driver
 * core exports to everyone. A channel leaves that list (kobj_kset_leave(),
 * under list_lock) before its release frees it, so any channel we meet
 * under list_lock is still allocated and its offer fields are stable.
 *
 * The kset itself is safe to touch as long as the caller holds a reference
 * on the device: the primary channel's kobject is a member until the
 * device's release function frees that channel, and each member pins the
 * kset (as kobject parent and as kset), even after hv_vmbus has
 * kset_unregister()ed it on rescind.
 */

#include <linux/hash.h>
#include <linux/spinlock.h>

#include "hvcaps.h"

/*
 * The walk runs under a spinlock, so the callback must neither sleep nor
 * allocate; filling an skb does neither.
 */
typedef int (*hvcaps_channel_fn)(const struct vmbus_channel *ch, void *data);

static int hvcaps_walk_channels(struct hv_device *hdev,
				hvcaps_channel_fn fn, void *data)
{
	/* NULL until hv_vmbus has created it, after the device is added. */
	struct kset *kset = READ_ONCE(hdev->channels_kset);
	struct kobject *kobj;
	int ret = 0;

	if (!kset)
		return 0;

	spin_lock(&kset->list_lock);
	list_for_each_entry(kobj, &kset->list, entry) {
		ret = fn(container_of(kobj, struct vmbus_channel, kobj), data);
		if (ret)
			break;
	}
	spin_unlock(&kset->list_lock);
	return ret;
}

static int hvcaps_count_channel(const struct vmbus_channel *ch, void *data)
{
	(*(unsigned int *)data)++;
	return 0;
}

/* Channels of the device, the primary one included. */
unsigned int hvcaps_channel_count(struct hv_device *hdev)
{
	unsigned int n = 0;

	hvcaps_walk_channels(hdev, hvcaps_count_channel, &n);
	return n;
}

static int hvcaps_hash_subchannel(const struct vmbus_channel *ch, void *data)
{
	u32 *fp = data;

	/* Order-independent: a sum of per-relid hashes, plus a count. */
	if (ch->primary_channel)
		*fp += hash_32(ch->offermsg.child_relid, 32) + 1;
	return 0;
}

/*
 * A value that changes when sub-channels are opened or closed; the events
 * poller compares it with the last one reported.
 */
u32 hvcaps_subchannel_fingerprint(struct hv_device *hdev)
{
	u32 fp = 0;

	hvcaps_walk_channels(hdev, hvcaps_hash_subchannel, &fp);
	return fp;
}

static int hvcaps_put_subchannel(const struct vmbus_channel *ch, void *data)
{
	const struct vmbus_channel_offer_channel *om = &ch->offermsg;
	struct sk_buff *skb = data;
	struct nlattr *nest;

	if (!ch->primary_channel)
		return 0;

	nest = nla_nest_start(skb, HVCAPS_A_CHANNEL_SUBCHANNEL);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HVCAPS_A_SUBCHANNEL_RELID, om->child_relid) ||
	    nla_put_u32(skb, HVCAPS_A_SUBCHANNEL_INDEX,
			om->offer.sub_channel_index) ||
	    nla_put_u32(skb, HVCAPS_A_SUBCHANNEL_TARGET_CPU,
			READ_ONCE(ch->target_cpu)) ||
	    (om->monitor_allocated &&
	     nla_put_u32(skb, HVCAPS_A_SUBCHANNEL_MONITOR_ID, om->monitorid))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The bound driver's name. dev->driver only changes under device_lock(),
 * which bus notifiers for binding already run under, so they must not
 * take it again.
 */
static int hvcaps_put_driver(struct sk_buff *skb, struct device *dev,
			     enum hvcaps_driver_access access)
{
	int ret = 0;

	if (access == HVCAPS_DRIVER_SKIP)
		return 0;
	if (access == HVCAPS_DRIVER_LOCK)
		device_lock(dev);
	if (dev->driver)
		ret = nla_put_string(skb, HVCAPS_A_CHANNEL_DRIVER,
				     dev->driver->name);
	if (access == HVCAPS_DRIVER_LOCK)
		device_unlock(dev);
	return ret;
}

static int hvcaps_put_channel(struct sk_buff *skb, struct hv_device *hdev,
			      const struct hvcaps_msg *msg)
{
	const struct vmbus_channel *ch = hdev->channel;
	const struct vmbus_channel_offer_channel *om = &ch->offermsg;
	enum hvcaps_dev_type type = hvcaps_dev_type(hdev);
	u32 cpu = READ_ONCE(ch->target_cpu);

	if (nla_put(skb, HVCAPS_A_CHANNEL_INSTANCE, HVCAPS_GUID_LEN,
		    &hdev->dev_instance) ||
	    nla_put(skb, HVCAPS_A_CHANNEL_CLASS, HVCAPS_GUID_LEN,
		    &hdev->dev_type) ||
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_DEV_TYPE, type) ||
	    nla_put_string(skb, HVCAPS_A_CHANNEL_DEV_NAME,
			   hvcaps_dev_type_name(type)) ||
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_FLAGS, om->offer.chn_flags) ||
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_MMIO_MB,
			om->offer.mmio_megabytes) ||
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_RELID, om->child_relid) ||
	    (om->monitor_allocated &&
	     nla_put_u32(skb, HVCAPS_A_CHANNEL_MONITOR_ID, om->monitorid)) ||
	    nla_put_u8(skb, HVCAPS_A_CHANNEL_DEDICATED_INTR,
		       om->is_dedicated_interrupt) ||
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_TARGET_CPU, cpu) ||
	    nla_put_u16(skb, HVCAPS_A_CHANNEL_VENDOR_ID, hdev->vendor_id) ||
	    nla_put_u16(skb, HVCAPS_A_CHANNEL_DEVICE_ID, hdev->device_id) ||
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_GENERATION,
			msg->generation ?: hvcaps_generation()) ||
	    (msg->event &&
	     nla_put_u32(skb, HVCAPS_A_CHANNEL_EVENT, msg->event)))
		return -EMSGSIZE;
#ifdef CONFIG_NUMA
	/* The same node sysfs shows: that of the primary's target CPU. */
	if (nla_put_s32(skb, HVCAPS_A_CHANNEL_NUMA_NODE, cpu_to_node(cpu)))
		return -EMSGSIZE;
#endif
	if (hvcaps_put_driver(skb, &hdev->device, msg->driver))
		return -EMSGSIZE;
	return hvcaps_walk_channels(hdev, hvcaps_put_subchannel, skb);
}

/**
 * hvcaps_channel_fill - append one channel message for @hdev to @skb
 * @skb: the message buffer
 * @hdev: the device
 * @msg: which message, for whom, and how to read the driver
 *
 * The caller holds a reference on @hdev->device.
 *
 * Return: 0, or -EMSGSIZE with @skb unchanged.
 */
int hvcaps_channel_fill(struct sk_buff *skb, struct hv_device *hdev,
			const struct hvcaps_msg *msg)
{
	void *hdr;

	hdr = genlmsg_put(skb, msg->portid, msg->seq, &hvcaps_genl_family,
			  msg->flags, msg->cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (msg->cb)
		genl_dump_check_consistent(msg->cb, hdr);
	if (hvcaps_put_channel(skb, hdev, msg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}
