// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: the sysfs files of the devices (/sys/bus/vmbus/devices/<id>/)
 * and of their channels (<id>/channels/<relid>/), with vmbus_drv.c's names,
 * modes, formats and visibility rules.
 *
 * A channel of the double is never opened (there is no ring buffer): the
 * ring buffer files fail with -EINVAL, as hv_vmbus's do for a channel that
 * is not open, and the counters read 0. The monitor page of the double is
 * all zeroes except that the connection id of a monitored channel is the
 * offer's connection_id.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/topology.h>

#include "compat.h"
#include "vmbus_double.h"

static ssize_t id_show(struct device *dev, struct device_attribute *dev_attr,
		       char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", hv_dev->channel->offermsg.child_relid);
}
static DEVICE_ATTR_RO(id);

static ssize_t state_show(struct device *dev, struct device_attribute *dev_attr,
			  char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", hv_dev->channel->state);
}
static DEVICE_ATTR_RO(state);

static ssize_t monitor_id_show(struct device *dev,
			       struct device_attribute *dev_attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", hv_dev->channel->offermsg.monitorid);
}
static DEVICE_ATTR_RO(monitor_id);

static ssize_t class_id_show(struct device *dev,
			     struct device_attribute *dev_attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "{%pUl}\n",
			  &hv_dev->channel->offermsg.offer.if_type);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *dev,
			      struct device_attribute *dev_attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "{%pUl}\n",
			  &hv_dev->channel->offermsg.offer.if_instance);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t modalias_show(struct device *dev,
			     struct device_attribute *dev_attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	return sysfs_emit(buf, "vmbus:%*phN\n", UUID_SIZE, &hv_dev->dev_type);
}
static DEVICE_ATTR_RO(modalias);

#ifdef CONFIG_NUMA
static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", cpu_to_node(hv_dev->channel->target_cpu));
}
static DEVICE_ATTR_RO(numa_node);
#endif

/*
 * {server,client}_monitor_{pending,latency,conn_id}: the double's monitor
 * pages hold zeroes but for the connection ids.
 */
static ssize_t vd_monitor_show(struct device *dev, char *buf, bool conn_id)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", conn_id ?
			  hv_dev->channel->offermsg.connection_id : 0);
}

#define VD_MONITOR_ATTR(_name, _conn_id)				\
static ssize_t _name##_show(struct device *dev,			\
			    struct device_attribute *dev_attr, char *buf)	\
{									\
	return vd_monitor_show(dev, buf, _conn_id);			\
}									\
static DEVICE_ATTR_RO(_name)

VD_MONITOR_ATTR(server_monitor_pending, false);
VD_MONITOR_ATTR(client_monitor_pending, false);
VD_MONITOR_ATTR(server_monitor_latency, false);
VD_MONITOR_ATTR(client_monitor_latency, false);
VD_MONITOR_ATTR(server_monitor_conn_id, true);
VD_MONITOR_ATTR(client_monitor_conn_id, true);

/* {in,out}_*: hv_ringbuffer_get_debuginfo() fails without a ring buffer. */
static ssize_t vd_ring_show(struct device *dev)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	if (!hv_dev->channel)
		return -ENODEV;
	return -EINVAL;
}

#define VD_RING_ATTR(_name)						\
static ssize_t _name##_show(struct device *dev,			\
			    struct device_attribute *dev_attr, char *buf)	\
{									\
	return vd_ring_show(dev);					\
}									\
static DEVICE_ATTR_RO(_name)

VD_RING_ATTR(out_intr_mask);
VD_RING_ATTR(out_read_index);
VD_RING_ATTR(out_write_index);
VD_RING_ATTR(out_read_bytes_avail);
VD_RING_ATTR(out_write_bytes_avail);
VD_RING_ATTR(in_intr_mask);
VD_RING_ATTR(in_read_index);
VD_RING_ATTR(in_write_index);
VD_RING_ATTR(in_read_bytes_avail);
VD_RING_ATTR(in_write_bytes_avail);

/* "relid:cpu" lines, the primary channel first, then the sub-channels. */
static ssize_t channel_vp_mapping_show(struct device *dev,
				       struct device_attribute *dev_attr,
				       char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);
	struct vmbus_channel *channel = hv_dev->channel, *cur_sc;
	int n_written;

	if (!channel)
		return -ENODEV;

	mutex_lock(&vd_chan_lock);

	n_written = sysfs_emit(buf, "%u:%u\n", channel->offermsg.child_relid,
			       channel->target_cpu);

	list_for_each_entry(cur_sc, &channel->sc_list, sc_list) {
		if (n_written >= PAGE_SIZE - 1)
			break;
		n_written += sysfs_emit_at(buf, n_written, "%u:%u\n",
					   cur_sc->offermsg.child_relid,
					   cur_sc->target_cpu);
	}

	mutex_unlock(&vd_chan_lock);

	return n_written;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static ssize_t vendor_show(struct device *dev,
			   struct device_attribute *dev_attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	return sysfs_emit(buf, "0x%x\n", hv_dev->vendor_id);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *dev,
			   struct device_attribute *dev_attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);

	return sysfs_emit(buf, "0x%x\n", hv_dev->device_id);
}
static DEVICE_ATTR_RO(device);

#ifdef VD_HAVE_HV_DRIVER_OVERRIDE
/* driver_set_override() semantics; 5.10 has no such helper. */
static ssize_t driver_override_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);
	const char *old;
	char *new, *cp;

	if (count >= PAGE_SIZE - 1)
		return -EINVAL;

	new = kstrndup(buf, count, GFP_KERNEL);
	if (!new)
		return -ENOMEM;

	cp = strchr(new, '\n');
	if (cp)
		*cp = '\0';

	device_lock(dev);
	old = hv_dev->driver_override;
	if (*new) {
		hv_dev->driver_override = new;
	} else {
		hv_dev->driver_override = NULL;
		kfree(new);
	}
	device_unlock(dev);

	kfree(old);
	return count;
}

static ssize_t driver_override_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct hv_device *hv_dev = vd_to_hv_device(dev);
	ssize_t len;

	device_lock(dev);
	len = sysfs_emit(buf, "%s\n", hv_dev->driver_override);
	device_unlock(dev);

	return len;
}
static DEVICE_ATTR_RW(driver_override);
#endif

static struct attribute *vd_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_monitor_id.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
#ifdef CONFIG_NUMA
	&dev_attr_numa_node.attr,
#endif
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_conn_id.attr,
	&dev_attr_out_intr_mask.attr,
	&dev_attr_out_read_index.attr,
	&dev_attr_out_write_index.attr,
	&dev_attr_out_read_bytes_avail.attr,
	&dev_attr_out_write_bytes_avail.attr,
	&dev_attr_in_intr_mask.attr,
	&dev_attr_in_read_index.attr,
	&dev_attr_in_write_index.attr,
	&dev_attr_in_read_bytes_avail.attr,
	&dev_attr_in_write_bytes_avail.attr,
	&dev_attr_channel_vp_mapping.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
#ifdef VD_HAVE_HV_DRIVER_OVERRIDE
	&dev_attr_driver_override.attr,
#endif
	NULL,
};

/* Hide the monitor attributes if the monitor mechanism is not used. */
static umode_t vd_dev_attr_is_visible(struct kobject *kobj,
				      struct attribute *attr, int idx)
{
	const struct hv_device *hv_dev = vd_to_hv_device(kobj_to_dev(kobj));

	if (!hv_dev->channel->offermsg.monitor_allocated &&
	    (attr == &dev_attr_monitor_id.attr ||
	     attr == &dev_attr_server_monitor_pending.attr ||
	     attr == &dev_attr_client_monitor_pending.attr ||
	     attr == &dev_attr_server_monitor_latency.attr ||
	     attr == &dev_attr_client_monitor_latency.attr ||
	     attr == &dev_attr_server_monitor_conn_id.attr ||
	     attr == &dev_attr_client_monitor_conn_id.attr))
		return 0;

	return attr->mode;
}

static const struct attribute_group vd_dev_group = {
	.attrs = vd_dev_attrs,
	.is_visible = vd_dev_attr_is_visible,
};

const struct attribute_group *vd_dev_groups[] = {
	&vd_dev_group,
	NULL,
};

/* Channel attributes: /sys/bus/vmbus/devices/<id>/channels/<relid>/ */
struct vd_chan_attribute {
	struct attribute attr;
	ssize_t (*show)(struct vmbus_channel *chan, char *buf);
	ssize_t (*store)(struct vmbus_channel *chan, const char *buf,
			 size_t count);
};

#define VD_CHAN_ATTR(_name, _mode, _show, _store) \
	struct vd_chan_attribute chan_attr_##_name = \
		__ATTR(_name, _mode, _show, _store)

static ssize_t vd_chan_attr_show(struct kobject *kobj, struct attribute *attr,
				 char *buf)
{
	const struct vd_chan_attribute *attribute =
		container_of(attr, struct vd_chan_attribute, attr);
	struct vmbus_channel *chan =
		container_of(kobj, struct vmbus_channel, kobj);

	if (!attribute->show)
		return -EIO;
	return attribute->show(chan, buf);
}

static ssize_t vd_chan_attr_store(struct kobject *kobj, struct attribute *attr,
				  const char *buf, size_t count)
{
	const struct vd_chan_attribute *attribute =
		container_of(attr, struct vd_chan_attribute, attr);
	struct vmbus_channel *chan =
		container_of(kobj, struct vmbus_channel, kobj);

	if (!attribute->store)
		return -EIO;
	return attribute->store(chan, buf, count);
}

static const struct sysfs_ops vd_chan_sysfs_ops = {
	.show = vd_chan_attr_show,
	.store = vd_chan_attr_store,
};

/* out_mask, in_mask, read_avail, write_avail: no ring buffer. */
static ssize_t vd_chan_ring_show(struct vmbus_channel *channel, char *buf)
{
	return -EINVAL;
}
static VD_CHAN_ATTR(out_mask, 0444, vd_chan_ring_show, NULL);
static VD_CHAN_ATTR(in_mask, 0444, vd_chan_ring_show, NULL);
static VD_CHAN_ATTR(read_avail, 0444, vd_chan_ring_show, NULL);
static VD_CHAN_ATTR(write_avail, 0444, vd_chan_ring_show, NULL);

static ssize_t target_cpu_show(struct vmbus_channel *channel, char *buf)
{
	return sysfs_emit(buf, "%u\n", channel->target_cpu);
}

/*
 * target_cpu_store()'s checks, in its order. Only an open channel can be
 * moved, and the double never opens one, so this always fails.
 */
static ssize_t target_cpu_store(struct vmbus_channel *channel,
				const char *buf, size_t count)
{
	ssize_t ret = -EIO;
	u32 target_cpu;

	if (vmbus_proto_version < VERSION_WIN10_V4_1)
		return -EIO;

	if (kstrtou32(buf, 10, &target_cpu))
		return -EIO;

	if (target_cpu >= nr_cpumask_bits)
		return -EINVAL;

	cpus_read_lock();
	if (!cpu_online(target_cpu))
		ret = -EINVAL;
	else if (READ_ONCE(channel->state) == CHANNEL_OPENED_STATE)
		ret = count;	/* unreachable: never opened */
	cpus_read_unlock();

	return ret;
}
static VD_CHAN_ATTR(cpu, 0644, target_cpu_show, target_cpu_store);

static ssize_t vd_chan_zero_show(struct vmbus_channel *channel, char *buf)
{
	return sysfs_emit(buf, "%d\n", 0);
}
static VD_CHAN_ATTR(pending, 0444, vd_chan_zero_show, NULL);
static VD_CHAN_ATTR(latency, 0444, vd_chan_zero_show, NULL);

static ssize_t channel_interrupts_show(struct vmbus_channel *channel,
				       char *buf)
{
	return sysfs_emit(buf, "%llu\n", channel->interrupts);
}
static VD_CHAN_ATTR(interrupts, 0444, channel_interrupts_show, NULL);

static ssize_t channel_events_show(struct vmbus_channel *channel, char *buf)
{
	return sysfs_emit(buf, "%llu\n", channel->sig_events);
}
static VD_CHAN_ATTR(events, 0444, channel_events_show, NULL);

static ssize_t channel_intr_in_full_show(struct vmbus_channel *channel,
					 char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)channel->intr_in_full);
}
static VD_CHAN_ATTR(intr_in_full, 0444, channel_intr_in_full_show, NULL);

static ssize_t channel_intr_out_empty_show(struct vmbus_channel *channel,
					   char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)channel->intr_out_empty);
}
static VD_CHAN_ATTR(intr_out_empty, 0444, channel_intr_out_empty_show, NULL);

static ssize_t channel_out_full_first_show(struct vmbus_channel *channel,
					   char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)channel->out_full_first);
}
static VD_CHAN_ATTR(out_full_first, 0444, channel_out_full_first_show, NULL);

static ssize_t channel_out_full_total_show(struct vmbus_channel *channel,
					   char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)channel->out_full_total);
}
static VD_CHAN_ATTR(out_full_total, 0444, channel_out_full_total_show, NULL);

static ssize_t subchannel_monitor_id_show(struct vmbus_channel *channel,
					  char *buf)
{
	return sysfs_emit(buf, "%u\n", channel->offermsg.monitorid);
}
static VD_CHAN_ATTR(monitor_id, 0444, subchannel_monitor_id_show, NULL);

static ssize_t subchannel_id_show(struct vmbus_channel *channel, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  channel->offermsg.offer.sub_channel_index);
}
static VD_CHAN_ATTR(subchannel_id, 0444, subchannel_id_show, NULL);

static struct attribute *vd_chan_attrs[] = {
	&chan_attr_out_mask.attr,
	&chan_attr_in_mask.attr,
	&chan_attr_read_avail.attr,
	&chan_attr_write_avail.attr,
	&chan_attr_cpu.attr,
	&chan_attr_pending.attr,
	&chan_attr_latency.attr,
	&chan_attr_interrupts.attr,
	&chan_attr_events.attr,
	&chan_attr_intr_in_full.attr,
	&chan_attr_intr_out_empty.attr,
	&chan_attr_out_full_first.attr,
	&chan_attr_out_full_total.attr,
	&chan_attr_monitor_id.attr,
	&chan_attr_subchannel_id.attr,
	NULL
};

/* Hide the monitor attributes if the monitor mechanism is not used. */
static umode_t vd_chan_attr_is_visible(struct kobject *kobj,
				       struct attribute *attr, int idx)
{
	const struct vmbus_channel *channel =
		container_of(kobj, struct vmbus_channel, kobj);

	if (!channel->offermsg.monitor_allocated &&
	    (attr == &chan_attr_pending.attr ||
	     attr == &chan_attr_latency.attr ||
	     attr == &chan_attr_monitor_id.attr))
		return 0;

	return attr->mode;
}

static const struct attribute_group vd_chan_group = {
	.attrs = vd_chan_attrs,
	.is_visible = vd_chan_attr_is_visible,
};

static struct kobj_type vd_chan_ktype = {
	.sysfs_ops = &vd_chan_sysfs_ops,
	.release = vd_chan_release,
};

/**
 * vd_add_channel_kobj() - add channels/<relid> to a device, like
 *	vmbus_add_channel_kobj()
 * @dev: the device the channel belongs to
 * @channel: the primary channel of @dev or one of its sub-channels
 *
 * The kobject joins @dev's channels_kset, whose reference it then holds.
 * Unlike vmbus_add_channel_kobj(), a failure leaves the kobject initialized
 * for the caller to put (hv_vmbus puts it here and again in free_channel()).
 *
 * Return: 0 or a negative errno.
 */
int vd_add_channel_kobj(struct hv_device *dev, struct vmbus_channel *channel)
{
	struct kobject *kobj = &channel->kobj;
	u32 relid = channel->offermsg.child_relid;
	int ret;

	kobj->kset = dev->channels_kset;
	ret = kobject_init_and_add(kobj, &vd_chan_ktype, NULL, "%u", relid);
	if (ret)
		return ret;

	ret = sysfs_create_group(kobj, &vd_chan_group);
	if (ret) {
		dev_err(&dev->device, "Unable to set up channel sysfs files\n");
		return ret;
	}

	kobject_uevent(kobj, KOBJ_ADD);
	return 0;
}

void vd_remove_channel_attr_group(struct vmbus_channel *channel)
{
	if (channel->kobj.state_in_sysfs)
		sysfs_remove_group(&channel->kobj, &vd_chan_group);
}
