// SPDX-License-Identifier: GPL-2.0
/*
 * The devices on the VMBus, as hvcaps tracks them: one entry per device,
 * found by its position (bus order, for dumps and the poller) or by the
 * device (for bus notifications), with the events state kept per device.
 * Keyed by device, never by relid: hibernation's resume offers every
 * device again under new relids.
 *
 * An entry pins its device no longer than the bus does. It is inserted
 * when the device is added to the bus (or found there when we attach) and
 * erased at BUS_NOTIFY_REMOVED_DEVICE, which device_del() sends after
 * taking the device off the bus and before device_unregister() drops its
 * own reference (drivers/base/core.c); the entry's own reference (see
 * hvcaps_dev_insert()) goes then. So a device found in the index under
 * hvcaps_devices_lock is alive: a walk may read it there (the sync walk,
 * hvcaps_dev_scan()), and get_device() on it is safe. Readers that use a
 * device outside the lock (a dump part, the poller) take a reference and
 * drop it before returning: nothing is pinned between two parts of a
 * dump, so a rescinded device goes at once and its relid and instance
 * can be offered again.
 *
 * Attaching races with the bus: a device may be taken off the bus after
 * the walk that fills the index met it. BUS_NOTIFY_REMOVED_DEVICE while
 * the walk runs marks it as raced; the walk then adds nothing more and
 * runs again, so it never inserts a device that is already gone. A
 * device that starts leaving (BUS_NOTIFY_DEL_DEVICE) before the walk met
 * it is indexed as gone at once, so that it is never reported present
 * and no UNBIND follows its REMOVE.
 */

#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "hvcaps_priv.h"

/* Protects both maps, the positions and ->gone. */
static DEFINE_MUTEX(hvcaps_devices_lock);
static DEFINE_XARRAY(hvcaps_by_pos);
static DEFINE_HASHTABLE(hvcaps_by_dev, 10);
static unsigned long hvcaps_next_pos;
static bool hvcaps_attaching, hvcaps_attach_raced;

static struct hvcaps_dev *hvcaps_dev_find(struct device *dev)
{
	struct hvcaps_dev *e;

	lockdep_assert_held(&hvcaps_devices_lock);
	hash_for_each_possible(hvcaps_by_dev, e, hnode, (unsigned long)dev)
		if (e->dev == dev)
			return e;
	return NULL;
}

/* Drops the entry's device reference: never under hvcaps_devices_lock. */
static void hvcaps_dev_free(struct hvcaps_dev *e)
{
	put_device(e->dev);
	hvcaps_subset_free(&e->subs);
	kfree(e);
}

/**
 * hvcaps_dev_insert - track a device
 * @dev: a device on the bus, from BUS_NOTIFY_ADD_DEVICE or the attach walk
 * @from_walk: the attach walk: give up once a removal raced with it
 *
 * Return: the entry (new or already there), or NULL when out of memory or
 * raced. Callers that use the entry hold hvcaps_send_lock (events.c).
 */
struct hvcaps_dev *hvcaps_dev_insert(struct device *dev, bool from_walk)
{
	struct hvcaps_dev *e, *new;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return NULL;
	new->dev = dev;

	mutex_lock(&hvcaps_devices_lock);
	e = hvcaps_dev_find(dev);
	if (e || (from_walk && hvcaps_attach_raced))
		goto out;
	new->pos = hvcaps_next_pos;
	if (xa_err(xa_store(&hvcaps_by_pos, new->pos, new, GFP_KERNEL)))
		goto out;
	hvcaps_next_pos++;
	/*
	 * The entry's own reference: a device whose device_add() fails after
	 * it joined the bus's list (where the attach walk can meet it) leaves
	 * without BUS_NOTIFY_REMOVED_DEVICE, and its entry must not point to
	 * freed memory. It pins nothing longer than now: REMOVED comes before
	 * device_unregister()'s own put, and drops it.
	 */
	get_device(dev);
	hash_add(hvcaps_by_dev, &new->hnode, (unsigned long)dev);
	e = new;
	new = NULL;
out:
	mutex_unlock(&hvcaps_devices_lock);
	kfree(new);
	return e;
}

/* The entry of @dev, or NULL. The caller holds hvcaps_send_lock. */
struct hvcaps_dev *hvcaps_dev_lookup(struct device *dev)
{
	struct hvcaps_dev *e;

	mutex_lock(&hvcaps_devices_lock);
	e = hvcaps_dev_find(dev);
	mutex_unlock(&hvcaps_devices_lock);
	return e;
}

/*
 * BUS_NOTIFY_DEL_DEVICE: the device is leaving. Dumps and the poller skip
 * it from now on. A device the attach walk has not met yet gets an entry
 * now, marked gone: the walk can still meet it (it leaves the bus's list
 * after this notification), and must not index it as present, and its
 * UNBIND, which follows, must find that its REMOVE was told already.
 * Returns false if it was already gone (or out of memory).
 */
bool hvcaps_dev_set_gone(struct device *dev)
{
	struct hvcaps_dev *e = hvcaps_dev_insert(dev, false);
	bool was = false;

	mutex_lock(&hvcaps_devices_lock);
	if (e) {
		was = !e->gone;
		e->gone = true;
	}
	mutex_unlock(&hvcaps_devices_lock);
	return was;
}

/* Whether @e's device has left; the caller holds hvcaps_send_lock. */
bool hvcaps_dev_is_gone(struct hvcaps_dev *e)
{
	bool gone;

	mutex_lock(&hvcaps_devices_lock);
	gone = e->gone;
	mutex_unlock(&hvcaps_devices_lock);
	return gone;
}

/*
 * BUS_NOTIFY_REMOVED_DEVICE: the device is off the bus. The caller holds
 * hvcaps_send_lock, so the poller is not using the entry.
 */
void hvcaps_dev_erase(struct device *dev)
{
	struct hvcaps_dev *e;

	mutex_lock(&hvcaps_devices_lock);
	e = hvcaps_dev_find(dev);
	if (e) {
		hash_del(&e->hnode);
		xa_erase(&hvcaps_by_pos, e->pos);
	}
	/*
	 * The walk may hold the device still, met before it left the list:
	 * it must not index it now (known or not, e.g. from set_gone).
	 */
	if (hvcaps_attaching)
		hvcaps_attach_raced = true;
	mutex_unlock(&hvcaps_devices_lock);
	if (e)
		hvcaps_dev_free(e);
}

/**
 * hvcaps_dev_grab - the next few devices from a position
 * @pos: the position to start at
 * @devs: set to up to @max devices not gone, in bus order, each with a
 *	reference the caller puts
 * @at: set to their positions
 * @max: room in @devs and @at
 *
 * One hold of the index lock for all of them, and O(log n) to find @pos,
 * whatever came or went before it.
 *
 * Return: how many devices, 0 at the end of the bus.
 */
unsigned int hvcaps_dev_grab(unsigned long pos, struct device **devs,
			     unsigned long *at, unsigned int max)
{
	XA_STATE(xas, &hvcaps_by_pos, pos);
	struct hvcaps_dev *e;
	unsigned int n = 0;

	mutex_lock(&hvcaps_devices_lock);
	rcu_read_lock();	/* for the xarray; the mutex keeps writers out */
	xas_for_each(&xas, e, ULONG_MAX) {
		if (xas_retry(&xas, e) || e->gone)
			continue;
		devs[n] = get_device(e->dev);
		at[n] = xas.xa_index;
		if (++n == max)
			break;
	}
	rcu_read_unlock();
	mutex_unlock(&hvcaps_devices_lock);
	return n;
}

/* Devices looked at per hold of the index lock by hvcaps_dev_scan(). */
#define HVCAPS_SCAN_BATCH	64

/**
 * hvcaps_dev_scan - look at the present devices from a position on
 * @pos: the position to start at; on return, where to go on from
 * @fn: called for each device not gone, under the index lock (which
 *	keeps the device alive: see the top of the file) and in an RCU read
 *	section (it must not sleep); returns true to stop at that device
 * @data: for @fn
 * @entry: set to the entry of the device @fn stopped at
 * @end: set when the scan met the end of the bus
 *
 * One hold of the lock for up to HVCAPS_SCAN_BATCH devices, without a
 * reference on any: a walk of every device costs little more than @fn,
 * and the caller can reschedule between batches.
 *
 * Return: the device @fn stopped at, with a reference the caller puts
 * (*@pos is then its position), or NULL after a batch or at the end.
 */
struct device *hvcaps_dev_scan(unsigned long *pos, hvcaps_dev_scan_fn fn,
			       void *data, struct hvcaps_dev **entry,
			       bool *end)
{
	XA_STATE(xas, &hvcaps_by_pos, *pos);
	struct device *dev = NULL;
	unsigned int seen = 0;
	struct hvcaps_dev *e;

	*end = true;
	mutex_lock(&hvcaps_devices_lock);
	rcu_read_lock();	/* for the xarray; the mutex keeps writers out */
	xas_for_each(&xas, e, ULONG_MAX) {
		if (xas_retry(&xas, e))
			continue;
		*pos = xas.xa_index;
		if (seen++ == HVCAPS_SCAN_BATCH) {
			*end = false;
			break;
		}
		if (!e->gone && fn(e, data)) {
			dev = get_device(e->dev);
			*entry = e;
			*end = false;
			break;
		}
	}
	rcu_read_unlock();
	mutex_unlock(&hvcaps_devices_lock);
	return dev;
}

struct hvcaps_attach_walk {
	hvcaps_dev_seen_fn seen;
	int err;
};

static int hvcaps_dev_walk_one(struct device *dev, void *data)
{
	struct hvcaps_attach_walk *walk = data;
	struct hvcaps_dev *e = hvcaps_dev_insert(dev, true);

	/* Out of memory: the device misses from dumps, say so once. */
	if (!e && !READ_ONCE(hvcaps_attach_raced))
		walk->err = -ENOMEM;
	if (e)
		walk->seen(dev, e);
	return 0;
}

/* Tries before giving up on a bus that never stops changing. */
#define HVCAPS_ATTACH_TRIES	64

/* Before registering the bus notifier: removals start counting. */
void hvcaps_devices_attach_begin(void)
{
	mutex_lock(&hvcaps_devices_lock);
	hvcaps_attaching = true;
	hvcaps_attach_raced = false;
	mutex_unlock(&hvcaps_devices_lock);
}

/**
 * hvcaps_devices_attach - index the devices already on the bus
 * @bus: the bus, whose notifier is registered (hvcaps_dev_insert() then
 *	sees every device added from now on)
 * @seen: called for each device indexed by the walk (events.c records
 *	its sub-channels, which were there before us, as reported)
 */
void hvcaps_devices_attach(const struct bus_type *bus,
			   hvcaps_dev_seen_fn seen)
{
	struct hvcaps_attach_walk walk = { .seen = seen };
	unsigned int tries;
	bool raced;

	for (tries = 0; tries < HVCAPS_ATTACH_TRIES; tries++) {
		walk.err = 0;
		bus_for_each_dev(hvcaps_bus_arg(bus), NULL, &walk,
				 hvcaps_dev_walk_one);
		mutex_lock(&hvcaps_devices_lock);
		raced = hvcaps_attach_raced;
		hvcaps_attach_raced = false;
		if (!raced)
			hvcaps_attaching = false;
		mutex_unlock(&hvcaps_devices_lock);
		if (!raced)
			break;
	}
	if (raced || walk.err)
		pr_warn("some VMBus devices may be missing from dumps (%s)\n",
			raced ? "the bus kept changing" : "out of memory");
	if (raced) {
		mutex_lock(&hvcaps_devices_lock);
		hvcaps_attaching = false;
		mutex_unlock(&hvcaps_devices_lock);
	}
}

/* After the bus notifier is unregistered: forget every device. */
void hvcaps_devices_clear(void)
{
	struct hvcaps_dev *e;
	unsigned long pos;

	for (;;) {
		pos = 0;
		mutex_lock(&hvcaps_devices_lock);
		e = xa_find(&hvcaps_by_pos, &pos, ULONG_MAX, XA_PRESENT);
		if (e) {
			hash_del(&e->hnode);
			xa_erase(&hvcaps_by_pos, pos);
		} else {
			hvcaps_attaching = false;
		}
		mutex_unlock(&hvcaps_devices_lock);
		if (!e)
			break;
		hvcaps_dev_free(e);
	}
	xa_destroy(&hvcaps_by_pos);
}
