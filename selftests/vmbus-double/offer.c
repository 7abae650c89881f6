// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: offers and rescinds, i.e. the struct vmbus_channel and
 * struct hv_device objects, created, linked and torn down in
 * channel_mgmt.c's and vmbus_drv.c's order:
 *
 * offer:   primary channel on vd_chn_list, relid mapped; hv_device
 *          registered (drivers probe), then its channels kset, then the
 *          primary's "channels/<relid>" kobject; then each sub-channel on
 *          the primary's sc_list and its kobject in the kset.
 * rescind: the primary is marked rescinded; each sub-channel leaves
 *          sc_list, its relid is unmapped and its
 *          kobject put (it leaves the kset; the memory goes after an RCU
 *          grace period); then kset_unregister() and device_unregister().
 *          The primary channel, whose kobject pins the kset, is freed in
 *          the hv_device's release, as in vmbus_device_release().
 *
 * Relids and instances stay in use until their channel is released, as
 * Hyper-V only reuses a relid after the guest has released it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uuid.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "compat.h"
#include "vmbus_double.h"

/*
 * The double's host gives a channel the connection id relid + 16, like
 * QEMU's VMBus host (VMBUS_CHAN_CONNECTION_OFFSET in hw/hyperv/vmbus.c).
 */
#define VD_CONNECTION_ID_BASE	16

/* Serializes control commands (offer, rescind, reset, version). */
DEFINE_MUTEX(vd_state_lock);

/*
 * Protects vd_chn_list, every sc_list and vd_relids, like
 * vmbus_connection.channel_mutex. Never held across calls into the driver
 * core: the release callbacks and sysfs readers take it.
 */
DEFINE_MUTEX(vd_chan_lock);

/* Primary channels, like vmbus_connection.chn_list. */
LIST_HEAD(vd_chn_list);

/* relid -> channel, like vmbus_connection.channels[]. */
static DEFINE_XARRAY(vd_relids);

/*
 * ktime_get_ns() just before the last offer's device_register(): where a
 * benchmark starts the clock for the latency of the bus notification
 * (debugfs "last_register_ns"; CLOCK_MONOTONIC in userspace).
 */
u64 vd_last_register_ns;

/* Objects allocated and not yet released; checked at module exit. */
atomic_t vd_live_devices = ATOMIC_INIT(0);
atomic_t vd_live_channels = ATOMIC_INIT(0);
DECLARE_WAIT_QUEUE_HEAD(vd_release_wq);

/* channel_mgmt.c's vmbus_devs[]: class GUID -> enum vmbus_device_type */
static const struct {
	guid_t guid;
	u16 dev_type;
} vd_dev_types[] = {
	{ HV_IDE_GUID, .dev_type = HV_IDE },
	{ HV_SCSI_GUID, .dev_type = HV_SCSI },
	{ HV_SYNTHFC_GUID, .dev_type = HV_FC },
	{ HV_NIC_GUID, .dev_type = HV_NIC },
	{ HV_ND_GUID, .dev_type = HV_ND },
	{ HV_PCIE_GUID, .dev_type = HV_PCIE },
	{ HV_SYNTHVID_GUID, .dev_type = HV_FB },
	{ HV_KBD_GUID, .dev_type = HV_KBD },
	{ HV_MOUSE_GUID, .dev_type = HV_MOUSE },
	{ HV_KVP_GUID, .dev_type = HV_KVP },
	{ HV_TS_GUID, .dev_type = HV_TS },
	{ HV_HEART_BEAT_GUID, .dev_type = HV_HB },
	{ HV_SHUTDOWN_GUID, .dev_type = HV_SHUTDOWN },
	{ HV_FCOPY_GUID, .dev_type = HV_FCOPY },
	{ HV_VSS_GUID, .dev_type = HV_BACKUP },
	{ HV_DM_GUID, .dev_type = HV_DM },
};

/* channel_mgmt.c's vmbus_unsupported_devs[] */
static const struct {
	guid_t guid;
} vd_unsupported_devs[] = {
	{ HV_AVMA1_GUID },
	{ HV_AVMA2_GUID },
	{ HV_RDV_GUID },
#ifdef HV_IMC_GUID
	{ HV_IMC_GUID },
#endif
};

/* hv_get_dev_type() */
static u16 vd_get_dev_type(const struct vmbus_channel *channel)
{
	const guid_t *guid = &channel->offermsg.offer.if_type;
	unsigned int i;

	if (is_hvsock_channel(channel))
		return HV_UNKNOWN;

	for (i = 0; i < ARRAY_SIZE(vd_unsupported_devs); i++)
		if (guid_equal(guid, &vd_unsupported_devs[i].guid))
			return HV_UNKNOWN;

	for (i = 0; i < ARRAY_SIZE(vd_dev_types); i++)
		if (guid_equal(guid, &vd_dev_types[i].guid))
			return vd_dev_types[i].dev_type;

	pr_info("Unknown GUID: %pUl\n", guid);
	return HV_UNKNOWN;
}

static void vd_channel_gone(void)
{
	if (atomic_dec_and_test(&vd_live_channels))
		wake_up(&vd_release_wq);
}

static void vd_device_gone(void)
{
	if (atomic_dec_and_test(&vd_live_devices))
		wake_up(&vd_release_wq);
}

/* alloc_channel() */
static struct vmbus_channel *vd_alloc_channel(void)
{
	struct vmbus_channel *channel;

	channel = kzalloc(sizeof(*channel), GFP_KERNEL);
	if (!channel)
		return NULL;

	spin_lock_init(&channel->sched_lock);
	init_completion(&channel->rescind_event);
	INIT_LIST_HEAD(&channel->listentry);
	INIT_LIST_HEAD(&channel->sc_list);
	mutex_init(&channel->inbound.ring_buffer_mutex);
	mutex_init(&channel->outbound.ring_buffer_mutex);

	atomic_inc(&vd_live_channels);
	return channel;
}

/* The kobject's release, as vmbus_chan_release(). */
void vd_chan_release(struct kobject *kobj)
{
	struct vmbus_channel *channel =
		container_of(kobj, struct vmbus_channel, kobj);

	kfree_rcu(channel, rcu);
	vd_channel_gone();
}

/* free_channel(): a channel whose kobject was never set up is just freed. */
static void vd_free_channel(struct vmbus_channel *channel)
{
	if (!channel->kobj.state_initialized) {
		kfree(channel);
		vd_channel_gone();
		return;
	}
	vd_remove_channel_attr_group(channel);
	kobject_put(&channel->kobj);
}

/* The offer message the double's host sends, as vmbus_onoffer() gets it. */
static void vd_fill_offer(struct vmbus_channel_offer_channel *msg,
			  const struct vd_offer_args *args, u32 relid,
			  u16 sub_index)
{
	struct vmbus_channel_offer *o = &msg->offer;

	memset(msg, 0, sizeof(*msg));
	msg->header.msgtype = CHANNELMSG_OFFERCHANNEL;
	guid_copy(&o->if_type, &args->class_id);
	guid_copy(&o->if_instance, &args->instance);
	o->mmio_megabytes = args->mmio_mb;
	o->chn_flags = args->flags;
	o->sub_channel_index = sub_index;
	msg->child_relid = relid;
	if (!sub_index && args->monitor_allocated) {
		msg->monitorid = args->monitor_id;
		msg->monitor_allocated = 1;
	}
	msg->is_dedicated_interrupt = args->dedicated;
	msg->connection_id = VD_CONNECTION_ID_BASE + relid;
}

/* vmbus_setup_channel_state() */
static void vd_setup_channel_state(struct vmbus_channel *channel,
				   const struct vmbus_channel_offer_channel *offer)
{
	channel->is_dedicated_interrupt = offer->is_dedicated_interrupt != 0;
	channel->sig_event = offer->connection_id;

	memcpy(&channel->offermsg, offer, sizeof(*offer));
	channel->monitor_grp = (u8)offer->monitorid / 32;
	channel->monitor_bit = (u8)offer->monitorid % 32;
	channel->device_id = vd_get_dev_type(channel);
}

/*
 * The removal half of hv_process_channel_removal(): unmap the relid and
 * unlink the channel. The caller then frees it (vd_free_channel()).
 */
static void vd_channel_removal(struct vmbus_channel *channel)
{
	lockdep_assert_held(&vd_chan_lock);

	xa_cmpxchg(&vd_relids, channel->offermsg.child_relid, channel, NULL,
		   GFP_KERNEL);
	if (!channel->primary_channel)
		list_del_init(&channel->listentry);
	else
		list_del_init(&channel->sc_list);
}

/* vmbus_device_release(): the primary channel goes with the device. */
static void vd_device_release(struct device *device)
{
	struct hv_device *hv_dev = vd_to_hv_device(device);
	struct vmbus_channel *channel = hv_dev->channel;

	mutex_lock(&vd_chan_lock);
	vd_channel_removal(channel);
	mutex_unlock(&vd_chan_lock);
	vd_free_channel(channel);

#ifdef VD_HAVE_HV_DRIVER_OVERRIDE
	kfree(hv_dev->driver_override);
#endif
	kfree(hv_dev);
	vd_device_gone();
}

/* vmbus_device_create() */
static struct hv_device *vd_device_create(struct vmbus_channel *channel)
{
	struct hv_device *child_device_obj;

	child_device_obj = kzalloc(sizeof(*child_device_obj), GFP_KERNEL);
	if (!child_device_obj)
		return NULL;

	child_device_obj->channel = channel;
	guid_copy(&child_device_obj->dev_type,
		  &channel->offermsg.offer.if_type);
	guid_copy(&child_device_obj->dev_instance,
		  &channel->offermsg.offer.if_instance);
	child_device_obj->vendor_id = PCI_VENDOR_ID_MICROSOFT;
	child_device_obj->device_id = channel->device_id;

	atomic_inc(&vd_live_devices);
	return child_device_obj;
}

/*
 * vmbus_device_register(). Drivers probe in device_register(), before the
 * channels kset exists. On failure the device has been put and its release
 * has freed the primary channel.
 */
static int vd_device_register(struct hv_device *child_device_obj)
{
	struct kobject *kobj = &child_device_obj->device.kobj;
	int ret;

	dev_set_name(&child_device_obj->device, "%pUl",
		     &child_device_obj->channel->offermsg.offer.if_instance);

	child_device_obj->device.bus = &vd_bus;
	child_device_obj->device.parent = vd_root;
	child_device_obj->device.release = vd_device_release;

	WRITE_ONCE(vd_last_register_ns, ktime_get_ns());
	ret = device_register(&child_device_obj->device);
	if (ret) {
		pr_err("Unable to register child device\n");
		put_device(&child_device_obj->device);
		return ret;
	}

	child_device_obj->channels_kset = kset_create_and_add("channels",
							      NULL, kobj);
	if (!child_device_obj->channels_kset) {
		ret = -ENOMEM;
		goto err_dev_unregister;
	}

	ret = vd_add_channel_kobj(child_device_obj, child_device_obj->channel);
	if (ret) {
		pr_err("Unable to register primary channel\n");
		goto err_kset_unregister;
	}

	return 0;

err_kset_unregister:
	kset_unregister(child_device_obj->channels_kset);
err_dev_unregister:
	device_unregister(&child_device_obj->device);
	return ret;
}

/* vmbus_device_unregister(): the kset goes first, then the device. */
static void vd_device_unregister(struct hv_device *device_obj)
{
	kset_unregister(device_obj->channels_kset);
	device_unregister(&device_obj->device);
}

static struct vmbus_channel *vd_find_primary(const guid_t *instance)
{
	struct vmbus_channel *channel;

	lockdep_assert_held(&vd_chan_lock);

	list_for_each_entry(channel, &vd_chn_list, listentry)
		if (guid_equal(&channel->offermsg.offer.if_instance, instance))
			return channel;
	return NULL;
}

/* Map the relids of @chans, all or none: an error names the relid. */
static int vd_map_relids(struct vmbus_channel **chans, unsigned int n,
			 char *err, size_t errlen)
{
	unsigned int i;
	u32 relid;
	int ret;

	lockdep_assert_held(&vd_chan_lock);

	for (i = 0; i < n; i++) {
		relid = chans[i]->offermsg.child_relid;
		ret = xa_insert(&vd_relids, relid, chans[i], GFP_KERNEL);
		if (ret)
			goto undo;
	}
	return 0;

undo:
	if (ret == -EBUSY) {
		snprintf(err, errlen, "relid %u already in use", relid);
		ret = -EINVAL;
	} else {
		snprintf(err, errlen, "out of memory");
	}
	while (i--)
		xa_erase(&vd_relids, chans[i]->offermsg.child_relid);
	return ret;
}

/* vmbus_add_channel_work() for a sub-channel */
static int vd_add_subchannel(struct vmbus_channel *primary,
			     struct vmbus_channel *sc)
{
	int ret;

	mutex_lock(&vd_chan_lock);
	sc->primary_channel = primary;
	list_add_tail(&sc->sc_list, &primary->sc_list);
	mutex_unlock(&vd_chan_lock);

	sc->state = CHANNEL_OPEN_STATE;
	ret = vd_add_channel_kobj(primary->device_obj, sc);
	if (ret) {
		mutex_lock(&vd_chan_lock);
		vd_channel_removal(sc);
		mutex_unlock(&vd_chan_lock);
		vd_free_channel(sc);
		return ret;
	}
	sc->probe_done = true;
	return 0;
}

/**
 * vd_offer() - process one "offer" line
 * @args: the parsed line
 * @err: where to describe a rejection
 * @errlen: size of @err
 *
 * Context: vd_state_lock held.
 * Return: 0, -EINVAL for an offer that is rejected (described in @err) or
 * another negative errno.
 */
int vd_offer(const struct vd_offer_args *args, char *err, size_t errlen)
{
	unsigned int n = args->nr_sub + 1, i;
	struct vmbus_channel **chans, *primary;
	struct vmbus_channel_offer_channel *msg;
	struct hv_device *dev;
	int ret;

	lockdep_assert_held(&vd_state_lock);

	/* hv_vmbus only ever targets online CPUs. */
	for (i = 0; i < n; i++) {
		u32 cpu = i ? args->sub[i - 1].cpu : args->cpu;

		if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
			snprintf(err, errlen, "cpu %u not online", cpu);
			return -EINVAL;
		}
	}

	chans = kcalloc(n, sizeof(*chans), GFP_KERNEL);
	msg = kmalloc(sizeof(*msg), GFP_KERNEL);
	if (!chans || !msg) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < n; i++) {
		chans[i] = vd_alloc_channel();
		if (!chans[i]) {
			ret = -ENOMEM;
			goto out_free;
		}
		if (i)
			vd_fill_offer(msg, args, args->sub[i - 1].relid, i);
		else
			vd_fill_offer(msg, args, args->relid, 0);
		vd_setup_channel_state(chans[i], msg);
		chans[i]->target_cpu = i ? args->sub[i - 1].cpu : args->cpu;
	}

	/* vmbus_process_offer() */
	mutex_lock(&vd_chan_lock);
	primary = vd_find_primary(&args->instance);
	if (primary) {
		snprintf(err, errlen, "instance %pUl already offered%s",
			 &args->instance, primary->rescind ?
			 " (rescinded, not released yet)" : "");
		mutex_unlock(&vd_chan_lock);
		ret = -EINVAL;
		goto out_free;
	}
	ret = vd_map_relids(chans, n, err, errlen);
	if (ret) {
		mutex_unlock(&vd_chan_lock);
		goto out_free;
	}
	primary = chans[0];
	list_add_tail(&primary->listentry, &vd_chn_list);
	mutex_unlock(&vd_chan_lock);

	/* vmbus_add_channel_work() for the primary channel */
	primary->state = CHANNEL_OPEN_STATE;
	dev = vd_device_create(primary);
	if (!dev) {
		mutex_lock(&vd_chan_lock);
		vd_channel_removal(primary);
		mutex_unlock(&vd_chan_lock);
		ret = -ENOMEM;
		goto out_unmap_subs;
	}
	primary->device_obj = dev;
	ret = vd_device_register(dev);
	if (ret) {
		/* The device's release took the primary channel along. */
		chans[0] = NULL;
		goto out_unmap_subs;
	}
	primary->probe_done = true;
	chans[0] = NULL;	/* the device's now */

	/* The host offers the sub-channels once the primary is set up. */
	for (i = 1; i < n; i++) {
		ret = vd_add_subchannel(primary, chans[i]);
		chans[i] = NULL;
		if (ret) {
			snprintf(err, errlen, "sub-channel %u of %pUl: error %d",
				 args->sub[i - 1].relid, &args->instance, ret);
			goto out_unmap;
		}
	}
	goto out_free;

out_unmap_subs:
	snprintf(err, errlen, "cannot create device %pUl: error %d",
		 &args->instance, ret);
out_unmap:
	/* Unmap the relids of the channels not handed over. */
	mutex_lock(&vd_chan_lock);
	for (i = 1; i < n; i++)
		if (chans[i])
			xa_erase(&vd_relids, chans[i]->offermsg.child_relid);
	mutex_unlock(&vd_chan_lock);
out_free:
	/* Channels not handed over: their kobjects were never set up. */
	if (chans)
		for (i = 0; i < n; i++)
			if (chans[i])
				vd_free_channel(chans[i]);
	kfree(chans);
	kfree(msg);
	return ret;
}

/*
 * vmbus_onoffer_rescind() of a sub-channel that was never opened: marked
 * rescinded, then hv_process_channel_removal() under the channel lock.
 * The caller then frees it (vd_free_channel()).
 */
static void vd_subchannel_rescind_locked(struct vmbus_channel *sc)
{
	lockdep_assert_held(&vd_chan_lock);

	sc->rescind = true;
	vd_channel_removal(sc);
}

/*
 * vmbus_onoffer_rescind() for every channel of a device. The primary is
 * marked rescinded first, as hv_vmbus does on the primary's rescind before
 * the device is unregistered and its driver closes the sub-channels
 * (drivers/hv/channel_mgmt.c); then the sub-channels leave, then the
 * device.
 */
static void vd_rescind_primary(struct vmbus_channel *primary)
{
	struct hv_device *dev = primary->device_obj;
	struct vmbus_channel *sc;

	lockdep_assert_held(&vd_state_lock);

	WRITE_ONCE(primary->rescind, true);

	for (;;) {
		mutex_lock(&vd_chan_lock);
		sc = list_first_entry_or_null(&primary->sc_list,
					      struct vmbus_channel, sc_list);
		if (sc)
			vd_subchannel_rescind_locked(sc);
		mutex_unlock(&vd_chan_lock);
		if (!sc)
			break;
		vd_free_channel(sc);
	}

	get_device(&dev->device);
	vd_device_unregister(dev);
	put_device(&dev->device);
}

/**
 * vd_rescind() - process one "rescind" line
 * @instance: the instance GUID of the device to rescind
 * @err: where to describe a rejection
 * @errlen: size of @err
 *
 * Context: vd_state_lock held.
 * Return: 0 or -EINVAL for an instance that is not offered.
 */
int vd_rescind(const guid_t *instance, char *err, size_t errlen)
{
	struct vmbus_channel *primary;

	lockdep_assert_held(&vd_state_lock);

	mutex_lock(&vd_chan_lock);
	primary = vd_find_primary(instance);
	if (primary && primary->rescind)
		primary = NULL;		/* rescinded, not released yet */
	mutex_unlock(&vd_chan_lock);

	if (!primary) {
		snprintf(err, errlen, "instance %pUl not offered", instance);
		return -EINVAL;
	}

	/* Only vd_state_lock holders rescind, so @primary stays. */
	vd_rescind_primary(primary);
	return 0;
}

/**
 * vd_offer_subchannel() - process one "offer-subchannel" line
 * @args: the parsed line
 * @err: where to describe a rejection
 * @errlen: size of @err
 *
 * The host offers one more sub-channel of an offered device, as it does
 * when a driver asks for sub-channels: the offer carries the primary's
 * class, instance, flags, MMIO size and interrupt mode, its own relid, no
 * monitor, and the next sub_channel_index (one more than the highest of
 * the device's sub-channels). It joins the primary's sc_list and gets its
 * kobject in the channels kset, as in vmbus_process_offer() and
 * vmbus_add_channel_work().
 *
 * Context: vd_state_lock held.
 * Return: 0, -EINVAL for a line that is rejected (described in @err) or
 * another negative errno.
 */
int vd_offer_subchannel(const struct vd_sub_offer_args *args, char *err,
			size_t errlen)
{
	struct vmbus_channel_offer_channel msg;
	struct vmbus_channel *primary, *sc, *iter;
	unsigned int nr_sub = 0;
	u16 index = 0;
	int ret;

	lockdep_assert_held(&vd_state_lock);

	if (args->cpu >= nr_cpu_ids || !cpu_online(args->cpu)) {
		snprintf(err, errlen, "cpu %u not online", args->cpu);
		return -EINVAL;
	}

	sc = vd_alloc_channel();
	if (!sc)
		return -ENOMEM;

	mutex_lock(&vd_chan_lock);
	primary = vd_find_primary(&args->instance);
	if (!primary || primary->rescind) {
		snprintf(err, errlen, "instance %pUl not offered",
			 &args->instance);
		ret = -EINVAL;
		goto out_unlock;
	}
	list_for_each_entry(iter, &primary->sc_list, sc_list) {
		nr_sub++;
		index = max(index, iter->offermsg.offer.sub_channel_index);
	}
	if (nr_sub >= VD_MAX_SUBCHANNELS) {
		snprintf(err, errlen, "instance %pUl has %u sub-channels already",
			 &args->instance, nr_sub);
		ret = -EINVAL;
		goto out_unlock;
	}

	memcpy(&msg, &primary->offermsg, sizeof(msg));
	msg.offer.sub_channel_index = index + 1;
	msg.child_relid = args->relid;
	msg.monitorid = 0;
	msg.monitor_allocated = 0;
	msg.connection_id = VD_CONNECTION_ID_BASE + args->relid;
	vd_setup_channel_state(sc, &msg);
	sc->target_cpu = args->cpu;

	ret = vd_map_relids(&sc, 1, err, errlen);
	mutex_unlock(&vd_chan_lock);
	if (ret)
		goto out_free;

	/* Only vd_state_lock holders rescind, so @primary stays. */
	ret = vd_add_subchannel(primary, sc);
	if (ret)
		snprintf(err, errlen, "sub-channel %u of %pUl: error %d",
			 args->relid, &args->instance, ret);
	return ret;

out_unlock:
	mutex_unlock(&vd_chan_lock);
out_free:
	vd_free_channel(sc);
	return ret;
}

/**
 * vd_rescind_subchannel() - process one "rescind-subchannel" line
 * @relid: the relid of the sub-channel
 * @err: where to describe a rejection
 * @errlen: size of @err
 *
 * The host rescinds one sub-channel: it leaves its primary's sc_list, its
 * relid is unmapped and its kobject put (it leaves the channels kset), as
 * vmbus_onoffer_rescind() does for a sub-channel that is not open.
 *
 * Context: vd_state_lock held.
 * Return: 0 or -EINVAL for a relid that is not an offered sub-channel.
 */
int vd_rescind_subchannel(u32 relid, char *err, size_t errlen)
{
	struct vmbus_channel *sc;

	lockdep_assert_held(&vd_state_lock);

	mutex_lock(&vd_chan_lock);
	sc = xa_load(&vd_relids, relid);
	if (!sc || !sc->primary_channel) {
		if (!sc)
			snprintf(err, errlen, "relid %u not offered", relid);
		else
			snprintf(err, errlen,
				 "relid %u is a primary channel (rescind its instance)",
				 relid);
		mutex_unlock(&vd_chan_lock);
		return -EINVAL;
	}
	vd_subchannel_rescind_locked(sc);
	mutex_unlock(&vd_chan_lock);

	vd_free_channel(sc);
	return 0;
}

/**
 * vd_reset() - rescind every offer
 *
 * Context: vd_state_lock held.
 */
void vd_reset(void)
{
	struct vmbus_channel *primary, *iter;

	lockdep_assert_held(&vd_state_lock);

	for (;;) {
		primary = NULL;
		mutex_lock(&vd_chan_lock);
		list_for_each_entry(iter, &vd_chn_list, listentry) {
			if (!iter->rescind) {
				primary = iter;
				break;
			}
		}
		mutex_unlock(&vd_chan_lock);
		if (!primary)
			break;
		vd_rescind_primary(primary);
		/*
		 * Thousands of rescinds in one write: on a kernel without
		 * preemption (the debug kernel) the loop must yield, or RCU
		 * reports a stall (seen after 21 s under TCG).
		 */
		cond_resched();
	}
}

void vd_offers_exit(void)
{
	xa_destroy(&vd_relids);
}
