// SPDX-License-Identifier: GPL-2.0
/*
 * Live events: a HVCAPS_CMD_CHANNEL_NTF on the "events" multicast group
 * (initial network namespace) whenever the VMBus changes.
 *
 * Devices offered and rescinded, drivers bound and unbound: from the bus
 * notifier of the bus we attached to (vmbus.c). That chain is a blocking
 * one, called in process context, so messages are built there with
 * GFP_KERNEL; but it runs inside the driver core (device_lock() is held
 * around bind notifications), so nothing here takes device_lock().
 *
 * Sub-channels are kobjects and raise no bus event, so a delayed work
 * polls each device's sub-channel set (the same lock-safe kset walk as the
 * dump): every 100 ms while someone listens, reporting the devices whose
 * set changed, and every second otherwise, only to keep the state current
 * for the next listener. Nobody listening costs that walk and, per bus
 * event, a counter increment: no message is built.
 *
 * The generation counts events: each one raises it by one and carries the
 * new value. What a listener can miss, and how it notices:
 *  - a notification its socket had no room for: netlink overruns the
 *    socket, and its next recv() fails with ENOBUFS;
 *  - a notification we could not allocate: we set ENOBUFS on every
 *    listener with netlink_set_err();
 *  - a sub-channel opened and closed again within one poll period: never
 *    seen as an event, the sub-channel set being the same at both polls;
 *  - conversely, a change made shortly before a listener subscribed can
 *    reach it as an event after its first dump already showed it.
 * Generations are assigned under hvcaps_send_lock as messages are sent, so
 * notifications arrive in generation order.
 * In the first two cases the next notification's generation also jumps
 * by more than one. The remedy is the same: dump again (hvcaps monitor
 * does), reading HOST_GET's generation before the dump.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "hvcaps.h"

/* The group's index in hvcaps_genl_family.mcgrps */
#define HVCAPS_MCGRP_EVENTS_IDX		0
#define HVCAPS_POLL_LISTENING_MS	100
#define HVCAPS_POLL_IDLE_MS		1000
#define HVCAPS_MAX_NTF_SIZE		SZ_1M

/*
 * Starts at 1: netlink treats a zero dump sequence as "no consistency
 * check", and dumps use this for NLM_F_DUMP_INTR.
 */
static atomic_t hvcaps_gen = ATOMIC_INIT(1);

/* Held for reading to send, for writing to stop sending for good. */
static DECLARE_RWSEM(hvcaps_events_lock);
static bool hvcaps_events_live;

/* Primary relid -> sub-channel fingerprint last seen. */
static DEFINE_XARRAY(hvcaps_reported);

u32 hvcaps_generation(void)
{
	return atomic_read(&hvcaps_gen);
}

static bool hvcaps_listening(void)
{
	return genl_has_listeners(&hvcaps_genl_family, &init_net,
				  HVCAPS_MCGRP_EVENTS_IDX);
}

static u32 hvcaps_relid(struct hv_device *hdev)
{
	return hdev->channel->offermsg.child_relid;
}

/* Tell every listener it missed an event: their recv() gets ENOBUFS. */
static void hvcaps_event_lost(void)
{
	netlink_set_err(init_net.genl_sock, 0,
			hvcaps_genl_family.mcgrp_offset + HVCAPS_MCGRP_EVENTS_IDX,
			ENOBUFS);
}

/*
 * Serialises numbering and delivery, so notifications leave in generation
 * order. Only the final numbering and the multicast run under it, never
 * device_lock(): a bind notification holds device_lock() and then takes
 * this, so taking them in the other order could deadlock.
 */
static DEFINE_MUTEX(hvcaps_send_lock);

/*
 * Raise the generation for a change no notification describes: an event
 * nobody will receive, or attaching to a bus that already has devices.
 */
void hvcaps_event_count(void)
{
	mutex_lock(&hvcaps_send_lock);
	atomic_inc(&hvcaps_gen);
	mutex_unlock(&hvcaps_send_lock);
}

/*
 * Called while events are live: from the notifier under
 * hvcaps_events_lock, or from the poller, which hvcaps_events_stop()
 * cancels before the family goes away. The message is built first, with a
 * placeholder generation, and numbered just before it is sent.
 */
static void hvcaps_event_send(struct hv_device *hdev, u32 event,
			      enum hvcaps_driver_access driver)
{
	const struct hvcaps_msg ntf = {
		.cmd = HVCAPS_CMD_CHANNEL_NTF,
		.event = event,
		.generation = U32_MAX,
		.driver = driver,
	};
	struct nlattr *gen_attr;
	struct sk_buff *skb;
	size_t size;

	for (size = NLMSG_GOODSIZE; size <= HVCAPS_MAX_NTF_SIZE; size *= 2) {
		skb = genlmsg_new(size, GFP_KERNEL);
		if (!skb)
			break;
		if (!hvcaps_channel_fill(skb, hdev, &ntf))
			goto send;
		nlmsg_free(skb);
	}
	hvcaps_event_count();
	hvcaps_event_lost();
	return;

send:
	gen_attr = nlmsg_find_attr(nlmsg_hdr(skb), GENL_HDRLEN,
				   HVCAPS_A_CHANNEL_GENERATION);
	mutex_lock(&hvcaps_send_lock);
	if (gen_attr)	/* always: hvcaps_channel_fill() puts it */
		*(u32 *)nla_data(gen_attr) = atomic_inc_return(&hvcaps_gen);
	/* -ESRCH if the last listener just left: fine. */
	genlmsg_multicast(&hvcaps_genl_family, skb, 0,
			  HVCAPS_MCGRP_EVENTS_IDX, GFP_KERNEL);
	mutex_unlock(&hvcaps_send_lock);
}

/**
 * hvcaps_event_bus - the bus notifier's work
 * @dev: the device the driver core is telling about
 * @action: BUS_NOTIFY_*
 */
void hvcaps_event_bus(struct device *dev, unsigned long action)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	enum hvcaps_driver_access driver = HVCAPS_DRIVER_SKIP;
	u32 event;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		event = HVCAPS_EVENT_ADD;	/* no driver yet */
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		/* Unbinding follows; reading the driver would race with it. */
		event = HVCAPS_EVENT_REMOVE;
		xa_erase(&hvcaps_reported, hvcaps_relid(hdev));
		break;
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

	/* Tracked whether or not anyone listens: see hvcaps_poll_device(). */
	if (event == HVCAPS_EVENT_ADD)
		xa_store(&hvcaps_reported, hvcaps_relid(hdev),
			 xa_mk_value(hvcaps_subchannel_fingerprint(hdev)),
			 GFP_KERNEL);
	down_read(&hvcaps_events_lock);
	if (hvcaps_events_live && hvcaps_listening())
		hvcaps_event_send(hdev, event, driver);
	else
		hvcaps_event_count();
	up_read(&hvcaps_events_lock);
}

/*
 * A device whose sub-channel set differs from the last one seen gets a
 * HVCAPS_EVENT_SUBCHANNELS (counted only, when nobody listens). The state
 * is kept up to date on idle polls too, so a change made just before the
 * first poll that sees a new listener is still reported. One not seen
 * before (present when hvcaps attached) is recorded silently.
 */
static int hvcaps_poll_device(struct device *dev, void *data)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	u32 relid = hvcaps_relid(hdev);
	u32 fp = hvcaps_subchannel_fingerprint(hdev);
	bool *listening = data;
	void *old;

	old = xa_store(&hvcaps_reported, relid, xa_mk_value(fp), GFP_KERNEL);
	if (xa_is_err(old) || !old || xa_to_value(old) == fp)
		return 0;

	if (*listening)
		hvcaps_event_send(hdev, HVCAPS_EVENT_SUBCHANNELS,
				  HVCAPS_DRIVER_LOCK);
	else
		hvcaps_event_count();
	return 0;
}

static void hvcaps_poll_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(hvcaps_poll_work, hvcaps_poll_workfn);

/*
 * The poller takes device_lock() for the driver's name, so it must not
 * hold hvcaps_events_lock (a bind notification holds device_lock() and
 * then takes that); hvcaps_events_stop() cancels it instead.
 */
static void hvcaps_poll_workfn(struct work_struct *work)
{
	const struct bus_type *bus = hvcaps_vmbus_peek();
	bool listening;

	if (!READ_ONCE(hvcaps_events_live))
		return;
	listening = hvcaps_listening();
	if (bus)
		bus_for_each_dev(hvcaps_bus_arg(bus), NULL, &listening,
				 hvcaps_poll_device);

	queue_delayed_work(system_power_efficient_wq, &hvcaps_poll_work,
			   msecs_to_jiffies(listening ? HVCAPS_POLL_LISTENING_MS :
					    HVCAPS_POLL_IDLE_MS));
}

/* Called once the family is registered. */
void hvcaps_events_start(void)
{
	down_write(&hvcaps_events_lock);
	WRITE_ONCE(hvcaps_events_live, true);
	up_write(&hvcaps_events_lock);
	queue_delayed_work(system_power_efficient_wq, &hvcaps_poll_work, 0);
}

/* Called before the family is unregistered: nothing is sent after it. */
void hvcaps_events_stop(void)
{
	down_write(&hvcaps_events_lock);
	WRITE_ONCE(hvcaps_events_live, false);
	up_write(&hvcaps_events_lock);
	/* Waits for a running poll, which sees the flag and stops. */
	cancel_delayed_work_sync(&hvcaps_poll_work);
	xa_destroy(&hvcaps_reported);
}
