// SPDX-License-Identifier: GPL-2.0
/*
 * Live events: a HVCAPS_CMD_CHANNEL_NTF on the "events" multicast group,
 * in every network namespace, whenever the VMBus changes. This file
 * decides what to tell and numbers it; netlink.c builds and sends it.
 *
 * Every namespace: requests are answered in any namespace, and what they
 * report (the VMBus, sysfs' /sys/bus/vmbus) is the same in all of them,
 * so a listener anywhere hears the events too (genlmsg_multicast_allns()).
 *
 * Devices offered and rescinded, drivers bound and unbound: from the bus
 * notifier of the bus we attached to (vmbus.c calls the
 * hvcaps_events_vmbus_ops main.c gave it at init). That chain is a
 * blocking one, called in process context, so messages are built there
 * with GFP_KERNEL; but it runs inside the driver core (device_lock() is held
 * around bind notifications), so nothing here takes device_lock() there.
 *
 * Sub-channels are kobjects and raise no bus event. Each device's set of
 * (relid, target CPU) is compared with the one last reported, and a
 * SUBCHANNELS event sent when it changed: by HOST_GET and at the start of
 * every dump, before they answer (so their generation covers every change
 * made before them), and by a delayed work item every HVCAPS_POLL_MS, only
 * while someone is subscribed to the group. Nobody subscribed, no poll is
 * queued at all: the work stops re-arming itself, and is started again by
 * the family's bind callback where the kernel has one ("bind" in struct
 * genl_family, 6.x; probed in Kbuild), otherwise by the next request or
 * bus event that finds a listener (hvcaps_nl_listening(): a look at the
 * group's listener bitmap, no allocation, no lock). The timer is not
 * deferrable, and not rounded: it runs only while someone listens, and a
 * deferrable one waits for a CPU that is awake anyway, which on a quiet
 * guest (a monitor waiting for changes, the events selftest) delayed
 * sub-channel events by seconds; round_jiffies() would make the 100 ms
 * period a second.
 *
 * Latency of a sub-channel change: up to one poll period (100 ms), or at
 * once for a listener that asks HOST_GET. On kernels without the bind
 * callback, a listener that subscribes and sends no request gets
 * sub-channel events only from the next bus event or request on (hvcaps
 * monitor dumps). Faster is not reachable from a module through an API: hv_vmbus announces a
 * sub-channel only with a KOBJ_ADD uevent of its channels/<relid> kobject
 * (vmbus_add_channel_kobj() in drivers/hv/vmbus_drv.c) and nothing when
 * it goes but the kobject core's KOBJ_REMOVE, sent before the kobject
 * leaves the kset (kobject_cleanup() in lib/kobject.c). There is no
 * in-kernel uevent notifier; a module could only open a kernel socket on
 * NETLINK_KOBJECT_UEVENT and parse the broadcasts, which hvcaps does not.
 *
 * A rescind: hv_vmbus marks the primary channel rescinded before it
 * unregisters the device (vmbus_onoffer_rescind() in
 * drivers/hv/channel_mgmt.c), and its sub-channels go with it. Those are
 * not reported as SUBCHANNELS: the device's REMOVE says it all, and no
 * event at all is sent for a device after its REMOVE.
 *
 * The generation counts events: each one raises it by one and carries the
 * new value. Messages are built, numbered and sent under hvcaps_send_lock,
 * so notifications arrive in generation order and describe the device as
 * it was at that generation. What a listener can miss, and how it
 * notices:
 *  - a notification its socket had no room for: netlink overruns the
 *    socket, and its next recv() fails with ENOBUFS;
 *  - a notification we could not allocate: we set ENOBUFS on every
 *    listener with netlink_set_err();
 *  - a sub-channel opened and closed again within one poll period: never
 *    seen as an event, the sub-channel set being the same at both polls;
 *  - conversely, a change made shortly before a listener subscribed can
 *    reach it as an event after its first dump already showed it.
 * While nobody listens, sub-channel changes do not raise the generation
 * (nothing polls); bus events always do.
 * In the first two cases the next notification's generation also jumps
 * by more than one. The remedy is the same: dump again (hvcaps monitor
 * does), reading HOST_GET's generation before the dump.
 */

#include <linux/atomic.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "hvcaps_priv.h"
#include "hvcaps_poll.h"

/*
 * Starts at 1: netlink treats a zero dump sequence as "no consistency
 * check", and dumps use this for NLM_F_DUMP_INTR.
 */
static atomic_t hvcaps_gen = ATOMIC_INIT(1);

/*
 * Serialises building, numbering and delivery, and protects
 * hvcaps_events_live and the per-device event state (struct hvcaps_dev).
 * Lock order: device_lock() (held by the driver core around bind
 * notifications, taken by the poller) before this, before
 * hvcaps_devices_lock (devices.c).
 */
static DEFINE_MUTEX(hvcaps_send_lock);
static bool hvcaps_events_live;

/* Polls run since load: lets a test see that nothing runs when idle. */
static unsigned long hvcaps_poll_runs;
module_param_named(poll_runs, hvcaps_poll_runs, ulong, 0444);
MODULE_PARM_DESC(poll_runs,
		 "sub-channel polls run since load (read-only; none while nobody listens)");

u32 hvcaps_generation(void)
{
	return atomic_read(&hvcaps_gen);
}

/*
 * Raise the generation for a change no notification describes: an event
 * nobody will receive, or attaching to a bus that already has devices.
 */
static void hvcaps_event_count(void)
{
	mutex_lock(&hvcaps_send_lock);
	atomic_inc(&hvcaps_gen);
	mutex_unlock(&hvcaps_send_lock);
}

/* A notification nobody will get: tell, and count it. */
static void hvcaps_event_lost(void)
{
	lockdep_assert_held(&hvcaps_send_lock);
	atomic_inc(&hvcaps_gen);
	hvcaps_nl_notify_lost();
}

/*
 * Number and send one notification; the caller holds hvcaps_send_lock
 * and has checked that events are live and the device is not gone.
 * Nobody listening, only the generation moves.
 */
static void hvcaps_event_send(struct hv_device *hdev, u32 event,
			      enum hvcaps_driver_access driver)
{
	u32 generation = atomic_read(&hvcaps_gen) + 1;

	lockdep_assert_held(&hvcaps_send_lock);
	if (hvcaps_nl_listening() &&
	    hvcaps_nl_notify_channel(hdev, generation, event, driver)) {
		hvcaps_event_lost();
		return;
	}
	atomic_inc(&hvcaps_gen);
}

static void hvcaps_poll_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(hvcaps_poll_work, hvcaps_poll_workfn);

/**
 * hvcaps_events_kick - start polling if someone listens and it is not
 *
 * Costs a test of the group's listener bitmap when nobody listens.
 * Called from every request, every bus event and the bind callback.
 */
void hvcaps_events_kick(void)
{
	if (READ_ONCE(hvcaps_events_live) &&
	    !delayed_work_pending(&hvcaps_poll_work) && hvcaps_nl_listening())
		mod_delayed_work(system_power_efficient_wq, &hvcaps_poll_work,
				 0);
}

/*
 * Polls left to run after a bind even if no listener shows yet: the bind
 * callback runs before netlink adds the socket to the group.
 */
static atomic_t hvcaps_bind_grace = ATOMIC_INIT(0);
#define HVCAPS_BIND_GRACE_POLLS	10

/*
 * A socket joins the events group (the family's bind callback, where the
 * kernel has one): poll from now on.
 */
void hvcaps_events_subscribed(void)
{
	if (READ_ONCE(hvcaps_events_live)) {
		atomic_set(&hvcaps_bind_grace, HVCAPS_BIND_GRACE_POLLS);
		mod_delayed_work(system_power_efficient_wq, &hvcaps_poll_work,
				 0);
	}
}

/* Whether the poll should run (again). */
static bool hvcaps_poll_wanted(void)
{
	return hvcaps_nl_listening() ||
	       atomic_dec_if_positive(&hvcaps_bind_grace) >= 0;
}

/**
 * hvcaps_event_bus - the bus notifier's work
 * @dev: the device the driver core is telling about
 * @action: BUS_NOTIFY_*
 */
static void hvcaps_event_bus(struct device *dev, unsigned long action)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	enum hvcaps_driver_access driver = HVCAPS_DRIVER_SKIP;
	struct hvcaps_dev *e;
	u32 event;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		/* The channels kset comes later: no sub-channels yet. */
		event = HVCAPS_EVENT_ADD;	/* no driver yet */
		if (!hvcaps_dev_insert(dev, false)) {
			/*
			 * Out of memory: dumps will not show it, so no ADD
			 * either; listeners learn they must re-dump.
			 */
			pr_warn_ratelimited("out of memory: %s not tracked\n",
					    dev_name(dev));
			mutex_lock(&hvcaps_send_lock);
			hvcaps_event_lost();
			mutex_unlock(&hvcaps_send_lock);
			return;
		}
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		/* Unbinding follows; reading the driver would race with it. */
		event = HVCAPS_EVENT_REMOVE;
		break;
	case BUS_NOTIFY_REMOVED_DEVICE:
		/* Off the bus: forget it (the poller is not using it). */
		mutex_lock(&hvcaps_send_lock);
		hvcaps_dev_erase(dev);
		mutex_unlock(&hvcaps_send_lock);
		return;
	case BUS_NOTIFY_BOUND_DRIVER:
		event = HVCAPS_EVENT_BIND;
		driver = HVCAPS_DRIVER_HELD;	/* really_probe() holds it */
		break;
	case BUS_NOTIFY_UNBOUND_DRIVER:
		event = HVCAPS_EVENT_UNBIND;	/* dev->driver is gone */
		break;
	default:
		return;
	}

	mutex_lock(&hvcaps_send_lock);
	if (event == HVCAPS_EVENT_REMOVE) {
		hvcaps_dev_set_gone(dev);
	} else {
		/* A device unbound on its way out: its REMOVE was the last. */
		e = hvcaps_dev_lookup(dev);
		if (e && hvcaps_dev_is_gone(e))
			goto out;
	}
	if (hvcaps_events_live)
		hvcaps_event_send(hdev, event, driver);
	else
		atomic_inc(&hvcaps_gen);
out:
	mutex_unlock(&hvcaps_send_lock);
	hvcaps_events_kick();
}

/**
 * hvcaps_event_attached - a device found on the bus when we attached
 * @dev: the device, referenced by the caller (the bus walk)
 * @e: its entry
 *
 * Its sub-channels were opened before hvcaps was there: record them as
 * reported, silently, unless something was recorded already (the device
 * was added while we attached, and its bus event said so).
 */
static void hvcaps_event_attached(struct device *dev, struct hvcaps_dev *e)
{
	struct hvcaps_subset now;

	mutex_lock(&hvcaps_send_lock);
	if (hvcaps_dev_lookup(dev) == e && !e->subs.v &&
	    !hvcaps_subset_get(device_to_hv_device(dev), &now))
		e->subs = now;
	mutex_unlock(&hvcaps_send_lock);
}

/*
 * One device of a poll: under its device_lock() (for the driver's name)
 * and hvcaps_send_lock, compare its sub-channel set with the last one
 * reported and send SUBCHANNELS if it changed. Skipped once the device is
 * gone or rescinded (see the top of the file).
 */
static void hvcaps_poll_device(struct device *dev, struct hvcaps_dev *e)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	struct hvcaps_subset now;

	device_lock(dev);
	mutex_lock(&hvcaps_send_lock);
	if (!hvcaps_events_live || hvcaps_dev_lookup(dev) != e ||
	    hvcaps_dev_is_gone(e))
		goto out;
	if (hvcaps_subset_get(hdev, &now)) {
		hvcaps_event_lost();
		goto out;
	}
	/*
	 * Read after the set: hv_vmbus (and the double) set rescind before
	 * the sub-channels leave the kset under its list_lock, which the
	 * walk took, so a set shrunk by a rescind is seen with the flag.
	 */
	if (READ_ONCE(hdev->channel->rescind) ||
	    hvcaps_subset_equal(&now, &e->subs)) {
		hvcaps_subset_free(&now);
		goto out;
	}
	hvcaps_subset_free(&e->subs);
	e->subs = now;
	hvcaps_event_send(hdev, HVCAPS_EVENT_SUBCHANNELS, HVCAPS_DRIVER_HELD);
out:
	mutex_unlock(&hvcaps_send_lock);
	device_unlock(dev);
}

/* A walk of every device: what it found so far. */
struct hvcaps_sync_walk {
	bool live;			/* hvcaps_events_live, as of the batch */
	struct hvcaps_sync_counts counts;
};

static void hvcaps_sync_count(struct hvcaps_sync_walk *walk,
			      unsigned int channels)
{
	walk->counts.devices++;
	walk->counts.channels += channels;
	walk->counts.max_channels = max(walk->counts.max_channels, channels);
}

/*
 * One device, cheaply, under hvcaps_send_lock and the index lock:
 * compare its sub-channels with the set last reported, without
 * allocating, sleeping or taking a reference, and count its channels in
 * the same walk. Returns true for a device that changed, which then goes
 * through hvcaps_poll_device().
 */
static bool hvcaps_sync_check(struct hvcaps_dev *e, void *data)
{
	struct hv_device *hdev = device_to_hv_device(e->dev);
	struct hvcaps_sync_walk *walk = data;
	unsigned int channels;

	if (!walk->live)
		channels = hvcaps_channel_count(hdev);
	else if (!hvcaps_subset_matches(hdev, &e->subs, &channels))
		return true;
	hvcaps_sync_count(walk, channels);
	return false;
}

/*
 * Every device by position, a batch at a time under the locks
 * (hvcaps_dev_scan()), referencing only a device that changed, while its
 * change is reported.
 */
static void hvcaps_sync_all(struct hvcaps_sync_counts *counts)
{
	struct hvcaps_sync_walk walk = {};
	struct hv_device *hdev;
	unsigned long pos = 0;
	struct hvcaps_dev *e;
	struct device *dev;
	bool end;

	do {
		mutex_lock(&hvcaps_send_lock);
		walk.live = hvcaps_events_live;
		dev = hvcaps_dev_scan(&pos, hvcaps_sync_check, &walk, &e, &end);
		mutex_unlock(&hvcaps_send_lock);
		if (dev) {
			hdev = device_to_hv_device(dev);
			hvcaps_poll_device(dev, e);
			hvcaps_sync_count(&walk, hvcaps_channel_count(hdev));
			put_device(dev);
			pos++;
		}
		cond_resched();
	} while (!end);
	if (counts)
		*counts = walk.counts;
}

/**
 * hvcaps_events_sync - report sub-channel changes now
 * @counts: if not NULL, set to what the walk counted
 *
 * Called by HOST_GET and at the start of a dump, so that the generation
 * they report covers every sub-channel change made before the request:
 * a listener that subscribes, then reads HOST_GET's generation, gets
 * exactly the changes after it (an event sent by this very call carries a
 * generation at or below the one HOST_GET then reports). Costs one walk of
 * the devices and their channels, which also counts them for HOST_GET and
 * sizes a dump's parts; nothing periodic. (Reading a device's channels is
 * what costs: in the 2048-channel benchmark, as much as filling its
 * message. So nobody walks them twice for one request.)
 */
void hvcaps_events_sync(struct hvcaps_sync_counts *counts)
{
	hvcaps_sync_all(counts);
	hvcaps_events_kick();
}

/* The poll, while someone listens; re-arms itself only then. */
static void hvcaps_poll_workfn(struct work_struct *work)
{
	if (!READ_ONCE(hvcaps_events_live) || !hvcaps_poll_wanted())
		return;
	WRITE_ONCE(hvcaps_poll_runs, hvcaps_poll_runs + 1);
	hvcaps_sync_all(NULL);
	if (READ_ONCE(hvcaps_events_live) && hvcaps_poll_wanted())
		queue_delayed_work(system_power_efficient_wq, &hvcaps_poll_work,
				   msecs_to_jiffies(HVCAPS_POLL_MS));
}

/* Called once the family is registered. */
void hvcaps_events_start(void)
{
	mutex_lock(&hvcaps_send_lock);
	hvcaps_events_live = true;
	mutex_unlock(&hvcaps_send_lock);
}

/* Called before the family is unregistered: nothing is sent after it. */
void hvcaps_events_stop(void)
{
	mutex_lock(&hvcaps_send_lock);
	hvcaps_events_live = false;
	mutex_unlock(&hvcaps_send_lock);
}

/*
 * Called once nothing can queue the poll any more: the family is
 * unregistered (no request, no bind) and so is the bus notifier.
 */
void hvcaps_events_exit(void)
{
	cancel_delayed_work_sync(&hvcaps_poll_work);
}

static void hvcaps_events_attach_walk(const struct bus_type *bus)
{
	hvcaps_devices_attach(bus, hvcaps_event_attached);
}

/* What vmbus.c tells us (main.c hands it over at init). */
const struct hvcaps_vmbus_ops hvcaps_events_vmbus_ops = {
	.attach_begin = hvcaps_devices_attach_begin,
	.attach_abort = hvcaps_devices_clear,
	.attach_walk = hvcaps_events_attach_walk,
	.attach_done = hvcaps_event_count,
	.notify = hvcaps_event_bus,
};
