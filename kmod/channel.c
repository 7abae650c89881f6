// SPDX-License-Identifier: GPL-2.0
/*
 * The attributes of a HVCAPS_CMD_CHANNEL_GET (or _NTF) message: a device
 * on the VMBus, its primary channel's offer and every sub-channel. The
 * message around them is netlink.c's.
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
 *
 * One path is broken in hv_vmbus itself and cannot be made safe from
 * here: when vmbus_device_register() fails to add the primary channel's
 * kobject (vmbus_add_channel_kobj(), out of memory; drivers/hv/vmbus_drv.c
 * as in Debian's 6.1), kobject_put() frees the primary channel and
 * kset_unregister() frees the kset no member pins any more, while the
 * device, still registered, points at both until device_unregister()
 * marks it gone here (BUS_NOTIFY_DEL_DEVICE); hv_vmbus then frees the
 * channel again itself (vmbus_device_release(), and err_deq_chan in
 * channel_mgmt.c). A request that reads that device in between reads
 * freed memory; no lock orders the two. The fix belongs in hv_vmbus.
 */

#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>

#include "hvcaps_priv.h"

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

struct hvcaps_subset_fill {
	struct hvcaps_subset *set;
	unsigned int room;
};

static int hvcaps_take_subchannel(const struct vmbus_channel *ch, void *data)
{
	struct hvcaps_subset_fill *f = data;

	if (!ch->primary_channel)
		return 0;
	if (f->set->n == f->room)
		return -ENOSPC;
	f->set->v[f->set->n++] = (u64)ch->offermsg.child_relid << 32 |
				 READ_ONCE(ch->target_cpu);
	return 0;
}

static int hvcaps_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Sub-channels opened while we count need a few tries at most. */
#define HVCAPS_SUBSET_TRIES	8

/**
 * hvcaps_subset_get - the device's sub-channels as a set of (relid, cpu)
 * @hdev: the device; the caller holds a reference
 * @set: filled with a sorted array the caller frees with
 *	hvcaps_subset_free()
 *
 * The events poller compares it with the last set reported: any change
 * of a relid or of a target CPU is a change, nothing can collide.
 *
 * Return: 0, -ENOMEM, or -EAGAIN if the set kept growing.
 */
int hvcaps_subset_get(struct hv_device *hdev, struct hvcaps_subset *set)
{
	struct hvcaps_subset_fill f = { .set = set };
	unsigned int tries;

	for (tries = 0; tries < HVCAPS_SUBSET_TRIES; tries++) {
		f.room = hvcaps_channel_count(hdev) + 4;
		set->n = 0;
		set->v = kmalloc_array(f.room, sizeof(*set->v), GFP_KERNEL);
		if (!set->v)
			return -ENOMEM;
		if (!hvcaps_walk_channels(hdev, hvcaps_take_subchannel, &f)) {
			sort(set->v, set->n, sizeof(*set->v), hvcaps_cmp_u64,
			     NULL);
			return 0;
		}
		hvcaps_subset_free(set);
	}
	return -EAGAIN;
}

/*
 * Whether the sorted @set holds @key: a binary search written out, as
 * the sync walk does one per sub-channel of every device, and bsearch()
 * would add an indirect call to each step.
 */
static bool hvcaps_subset_has(const struct hvcaps_subset *set, u64 key)
{
	unsigned int lo = 0, hi = set->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (set->v[mid] == key)
			return true;
		if (set->v[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

struct hvcaps_subset_match {
	const struct hvcaps_subset *set;
	unsigned int found;	/* sub-channels in the set */
	unsigned int channels;	/* channels walked, the primary included */
};

static int hvcaps_match_subchannel(const struct vmbus_channel *ch,
				   void *data)
{
	struct hvcaps_subset_match *m = data;
	u64 key;

	m->channels++;
	if (!ch->primary_channel)
		return 0;
	key = (u64)ch->offermsg.child_relid << 32 | READ_ONCE(ch->target_cpu);
	if (!hvcaps_subset_has(m->set, key))
		return -ENOENT;
	m->found++;
	return 0;
}

/**
 * hvcaps_subset_matches - whether the device's sub-channels are @set
 * @hdev: the device; the caller holds a reference (or the index lock,
 *	under which the index's own reference keeps it)
 * @set: a set from hvcaps_subset_get()
 * @channels: if it matches, set to the device's channels, the primary
 *	included (what hvcaps_channel_count() would say), from the same walk
 *
 * Allocates nothing and does not sleep: every sub-channel is looked up in
 * @set (relids are unique, so equal counts then mean equal sets).
 */
bool hvcaps_subset_matches(struct hv_device *hdev,
			   const struct hvcaps_subset *set,
			   unsigned int *channels)
{
	struct hvcaps_subset_match m = { .set = set };

	if (hvcaps_walk_channels(hdev, hvcaps_match_subchannel, &m) ||
	    m.found != set->n)
		return false;
	*channels = m.channels;
	return true;
}

bool hvcaps_subset_equal(const struct hvcaps_subset *a,
			 const struct hvcaps_subset *b)
{
	return a->n == b->n &&
	       (!a->n || !memcmp(a->v, b->v, a->n * sizeof(*a->v)));
}

void hvcaps_subset_free(struct hvcaps_subset *set)
{
	kfree(set->v);
	set->v = NULL;
	set->n = 0;
}

/*
 * An upper bound of one device's message: every fixed attribute with the
 * longest strings (a driver name is a short identifier; 256 bytes is far
 * more than any), then one nest of four u32 per sub-channel.
 */
#define HVCAPS_MSG_FIXED_MAX	768
#define HVCAPS_MSG_PER_SUB	nla_total_size(4 * nla_total_size(sizeof(u32)))

/* For a device of @channels channels (hvcaps_channel_count()). */
size_t hvcaps_channel_msg_size(unsigned int channels)
{
	return nlmsg_total_size(GENL_HDRLEN + HVCAPS_MSG_FIXED_MAX +
				channels * HVCAPS_MSG_PER_SUB);
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

/**
 * hvcaps_channel_put - append @hdev's attributes to a message
 * @skb: the message, its headers already put (netlink.c)
 * @hdev: the device; the caller holds a reference on @hdev->device
 * @generation: the generation the message reports
 * @event: enum hvcaps_event, 0 for none
 * @driver: how the bound driver's name may be read
 *
 * Return: 0, or -EMSGSIZE: @skb is then partly written and the caller
 * cancels the message.
 */
int hvcaps_channel_put(struct sk_buff *skb, struct hv_device *hdev,
		       u32 generation, u32 event,
		       enum hvcaps_driver_access driver)
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
	    nla_put_u32(skb, HVCAPS_A_CHANNEL_GENERATION, generation) ||
	    (event && nla_put_u32(skb, HVCAPS_A_CHANNEL_EVENT, event)))
		return -EMSGSIZE;
#ifdef CONFIG_NUMA
	/* The same node sysfs shows: that of the primary's target CPU. */
	if (nla_put_s32(skb, HVCAPS_A_CHANNEL_NUMA_NODE, cpu_to_node(cpu)))
		return -EMSGSIZE;
#endif
	if (hvcaps_put_driver(skb, &hdev->device, driver))
		return -EMSGSIZE;
	return hvcaps_walk_channels(hdev, hvcaps_put_subchannel, skb);
}
