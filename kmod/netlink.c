// SPDX-License-Identifier: GPL-2.0
/*
 * The "hvcaps" generic netlink family.
 *
 * Who may call: anyone, in any network namespace. Everything reported
 * here is already world-readable in /sys/bus/vmbus (which no namespace
 * hides) or through the unprivileged CPUID instruction, so requiring
 * CAP_NET_ADMIN would protect nothing and only push monitoring agents to
 * run as root. Requests are read-only.
 *
 * Every op has a policy that rejects attributes it does not use, so a
 * client learns about a mistake instead of having it ignored.
 *
 * This file owns the family and builds every message it sends: replies,
 * dump parts and the notifications of the "events" group, which events.c
 * asks for (hvcaps_nl_notify_channel()). channel.c and host.c only write
 * attributes into the messages built here.
 */

#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "hvcaps_priv.h"

#define HVCAPS_REJECT(msg) { .type = NLA_REJECT, .reject_message = msg }
#define HVCAPS_HOST_NO_ATTRS "HOST_GET takes no attributes"
#define HVCAPS_CHANNEL_ONLY_INSTANCE \
	"CHANNEL_GET accepts only HVCAPS_A_CHANNEL_INSTANCE"

static const struct nla_policy hvcaps_host_get_policy[] = {
	[HVCAPS_A_HOST_MODULE_VERSION] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_VMBUS_PRESENT] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_VMBUS_VERSION] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_CPU_SIGNATURE] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_CPU_MAX_LEAF] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_BUILD] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_MAJOR] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_MINOR] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_SERVICE_PACK] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_SERVICE_BRANCH] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_SERVICE_NUMBER] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_FEATURES_EAX] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_FEATURES_EBX] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_FEATURES_EDX] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_RECOMMENDATIONS] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_HV_ISOLATION] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_EFI_BOOT] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_SECURE_BOOT] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_DEVICE_COUNT] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_CHANNEL_COUNT] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
	[HVCAPS_A_HOST_GENERATION] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
};

/*
 * Shared by the do (which needs the instance) and the dump (whose start
 * rejects it): one policy per op is all that 5.10 and 6.1 offer. Type 0
 * needs no entry: strict validation rejects it as an unknown type.
 */
static const struct nla_policy hvcaps_channel_get_policy[] = {
	/* The length shows in policy dumps (genl-ctrl, ynl). */
	[HVCAPS_A_CHANNEL_INSTANCE] = NLA_POLICY_EXACT_LEN(HVCAPS_GUID_LEN),
	[HVCAPS_A_CHANNEL_CLASS] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_DEV_TYPE] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_DEV_NAME] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_FLAGS] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_MMIO_MB] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_RELID] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_MONITOR_ID] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_DEDICATED_INTR] =
		HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_TARGET_CPU] =
		HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_VENDOR_ID] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_DEVICE_ID] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_NUMA_NODE] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_DRIVER] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_SUBCHANNEL] =
		HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_GENERATION] =
		HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_EVENT] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
};

static_assert(ARRAY_SIZE(hvcaps_host_get_policy) == HVCAPS_A_HOST_MAX + 1);
static_assert(ARRAY_SIZE(hvcaps_channel_get_policy) ==
	      HVCAPS_A_CHANNEL_MAX + 1);

/* The "events" group's index in hvcaps_mcgrps */
#define HVCAPS_NLGRP_EVENTS_IDX		0

/* A device with hundreds of sub-channels outgrows one page. */
#define HVCAPS_MAX_MSG_SIZE	SZ_1M

static struct genl_family hvcaps_genl_family;

/* Which channel message, for whom. */
struct hvcaps_msg {
	u8 cmd;
	u32 portid;
	u32 seq;
	int flags;
	struct netlink_callback *cb;	/* a dump's, for NLM_F_DUMP_INTR */
	u32 generation;
	u32 event;			/* enum hvcaps_event, 0 for none */
	enum hvcaps_driver_access driver;
};

/* Append one channel message; -EMSGSIZE leaves @skb as it was. */
static int hvcaps_nl_channel_fill(struct sk_buff *skb, struct hv_device *hdev,
				  const struct hvcaps_msg *msg)
{
	void *hdr;

	hdr = genlmsg_put(skb, msg->portid, msg->seq, &hvcaps_genl_family,
			  msg->flags, msg->cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (msg->cb)
		genl_dump_check_consistent(msg->cb, hdr);
	if (hvcaps_channel_put(skb, hdev, msg->generation, msg->event,
			       msg->driver)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * One channel message in an skb of its own, doubled from a page until
 * the device fits (its sub-channels may come and go meanwhile).
 */
static struct sk_buff *hvcaps_nl_channel_new(struct hv_device *hdev,
					     const struct hvcaps_msg *msg)
{
	size_t size = NLMSG_GOODSIZE;
	struct sk_buff *skb;

	while (size <= HVCAPS_MAX_MSG_SIZE) {
		skb = genlmsg_new(size, GFP_KERNEL);
		if (!skb)
			return ERR_PTR(-ENOMEM);
		if (!hvcaps_nl_channel_fill(skb, hdev, msg))
			return skb;
		nlmsg_free(skb);
		size *= 2;
	}
	return ERR_PTR(-EMSGSIZE);
}

static int hvcaps_nl_host_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hvcaps_sync_counts counts;
	struct sk_buff *msg;
	u32 generation;
	void *hdr;
	int ret;

	/*
	 * Attach first (it may happen only now, lazily), so the counts
	 * cover the bus the reply says is present. The generation covers
	 * every change; the counts, a dump's devices.
	 */
	hvcaps_vmbus_get();
	hvcaps_events_sync(&counts);
	generation = hvcaps_generation();
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &hvcaps_genl_family, 0,
				HVCAPS_CMD_HOST_GET);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	ret = hvcaps_host_fill(msg, generation, counts.devices,
			       counts.channels);
	if (ret)
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return ret;
}

static int hvcaps_nl_channel_get_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	struct hvcaps_msg reply = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.portid = info->snd_portid,
		.seq = info->snd_seq,
		.driver = HVCAPS_DRIVER_LOCK,
	};
	const struct bus_type *bus;
	const struct nlattr *attr;
	struct sk_buff *msg;
	struct device *dev;
	guid_t guid;

	if (GENL_REQ_ATTR_CHECK(info, HVCAPS_A_CHANNEL_INSTANCE)) {
		NL_SET_ERR_MSG(info->extack,
			       "CHANNEL_GET needs HVCAPS_A_CHANNEL_INSTANCE (or NLM_F_DUMP for all devices)");
		return -EINVAL;
	}
	/* The policy made sure it is 16 bytes. */
	attr = info->attrs[HVCAPS_A_CHANNEL_INSTANCE];
	nla_memcpy(&guid, attr, sizeof(guid));
	hvcaps_events_kick();

	bus = hvcaps_vmbus_get();
	dev = bus ? hvcaps_vmbus_find(bus, &guid) : NULL;
	if (!dev) {
		if (bus)
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no VMBus device has this instance GUID");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no VMBus present");
		return -ENOENT;
	}

	reply.generation = hvcaps_generation();
	msg = hvcaps_nl_channel_new(device_to_hv_device(dev), &reply);
	put_device(dev);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

/*
 * A dump holds nothing between its parts: cb->args[0] is a cursor, the
 * position (devices.c) of the next device in bus order, and each part
 * looks the devices up again from there, O(log n) however many came or
 * went in between, HVCAPS_DUMP_BATCH at a time. A device is referenced
 * only within the part that sends it, so a reader that stops reading
 * pins nothing: the device can be rescinded, released and its relid and
 * instance offered again. Any
 * change after the dump started is flagged with NLM_F_DUMP_INTR through
 * the generation, so a client retries rather than trust a mixed picture.
 * (The driver core's own resumable iterator, subsys_dev_iter, left the
 * public API in 6.11, and a klist iterator would hold a reference.)
 *
 * Parts are allocated big enough for the largest device at the start
 * (min_dump_alloc), as the do request grows its reply; a device that
 * grew past that since cannot be sent in this dump, which is flagged.
 * The size comes from the walk that brings sub-channel events up to date
 * (hvcaps_events_sync()): one walk of the index at the start, each
 * device looked at under one lock with its neighbours, none referenced.
 */
static int hvcaps_nl_channel_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	struct hvcaps_sync_counts counts;
	size_t size;

	/*
	 * The op's one policy admits the instance for the do. A dump must
	 * not carry it, but generic netlink drops messages set here (no
	 * extack during start up to 6.x), so leave the rejection to the
	 * first dumpit call, whose extack reaches the client in NLMSG_DONE.
	 */
	if (attrs[HVCAPS_A_CHANNEL_INSTANCE]) {
		cb->args[1] = 1;
		return 0;
	}

	hvcaps_vmbus_get();
	/* The same walk that brings the generation up to date sizes parts. */
	hvcaps_events_sync(&counts);
	size = hvcaps_channel_msg_size(counts.max_channels);
	/*
	 * Read before the devices, so a change meanwhile flags the dump. The
	 * size above comes before it: a device that grew after the walk is
	 * flagged by hvcaps_nl_dump_one() instead.
	 */
	cb->seq = hvcaps_generation();
	if (size > NLMSG_GOODSIZE)
		cb->min_dump_alloc = min_t(size_t, size, HVCAPS_MAX_MSG_SIZE);
	cb->args[0] = 0;
	return 0;
}

static void hvcaps_nl_put_devices(struct device **devs, unsigned int n)
{
	while (n--)
		put_device(devs[n]);
}

/* Devices a dump part looks up at once (one hold of the index lock). */
#define HVCAPS_DUMP_BATCH	16

/*
 * One device of a dump part. Returns true when the part is full: the
 * device opens the next one.
 */
static bool hvcaps_nl_dump_one(struct sk_buff *skb, struct device *dev,
			       const struct hvcaps_msg *part, bool *sent)
{
	if (!hvcaps_nl_channel_fill(skb, device_to_hv_device(dev), part)) {
		*sent = true;
		return false;
	}
	if (*sent)
		return true;
	/*
	 * Too big for an empty part: it grew after the start. Leave it out
	 * and flag the dump (a generation that differs from the start's),
	 * so the client retries.
	 */
	part->cb->seq = part->cb->prev_seq + 1;
	return false;
}

static int hvcaps_nl_channel_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct hvcaps_msg part = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.portid = NETLINK_CB(cb->skb).portid,
		.seq = cb->nlh->nlmsg_seq,
		.flags = NLM_F_MULTI,
		.cb = cb,
		.driver = HVCAPS_DRIVER_HELD,
	};
	struct device *devs[HVCAPS_DUMP_BATCH];
	unsigned long at[HVCAPS_DUMP_BATCH];
	unsigned long pos = cb->args[0];
	bool sent = false, full = false;
	unsigned int n, i;

	if (cb->args[1]) {
		NL_SET_ERR_MSG(cb->extack,
			       "a CHANNEL_GET dump takes no attributes; send a do request (no NLM_F_DUMP) to get one device");
		return -EINVAL;
	}
	/*
	 * prev_seq still holds the generation the dump started at, so the
	 * first message filled after any change carries NLM_F_DUMP_INTR.
	 */
	if (!cb->prev_seq)
		cb->prev_seq = cb->seq;
	cb->seq = hvcaps_generation();
	part.generation = cb->seq;

	while (!full && (n = hvcaps_dev_grab(pos, devs, at, ARRAY_SIZE(devs)))) {
		for (i = 0; i < n; i++) {
			if (full) {
				put_device(devs[i]);
				continue;
			}
			/*
			 * The driver's name needs device_lock(). If a probe or
			 * a remove holds it, wait with this device pinned only:
			 * a pinned device that the host rescinds keeps its relid
			 * (issue 10), so the rest of the batch goes back first.
			 */
			if (!device_trylock(devs[i])) {
				hvcaps_nl_put_devices(devs + i + 1, n - i - 1);
				n = i + 1;
				device_lock(devs[i]);
			}
			full = hvcaps_nl_dump_one(skb, devs[i], &part, &sent);
			device_unlock(devs[i]);
			if (!full)
				pos = at[i] + 1;
			put_device(devs[i]);
		}
	}
	cb->args[0] = pos;
	return skb->len;
}

static const struct genl_ops hvcaps_genl_ops[] = {
	{
		.cmd = HVCAPS_CMD_HOST_GET,
		.doit = hvcaps_nl_host_get_doit,
		.policy = hvcaps_host_get_policy,
		.maxattr = ARRAY_SIZE(hvcaps_host_get_policy) - 1,
	},
	{
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.doit = hvcaps_nl_channel_get_doit,
		.start = hvcaps_nl_channel_start,
		.dumpit = hvcaps_nl_channel_dumpit,
		.policy = hvcaps_channel_get_policy,
		.maxattr = ARRAY_SIZE(hvcaps_channel_get_policy) - 1,
	},
};

static const struct genl_multicast_group hvcaps_mcgrps[] = {
	{ .name = HVCAPS_MCGRP_EVENTS },
};

/*
 * resv_start_op (6.1+) stays 0: every op gets strict header and
 * attribute validation, as a new family should.
 */
#ifdef HVCAPS_HAVE_GENL_BIND
/* A socket joins one of our groups: start what the events group needs. */
static int hvcaps_nl_bind(int mcgrp)
{
	if (mcgrp == HVCAPS_NLGRP_EVENTS_IDX)
		hvcaps_events_subscribed();
	return 0;
}
#endif

static struct genl_family hvcaps_genl_family __ro_after_init = {
	.name = HVCAPS_GENL_NAME,
	.version = HVCAPS_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = hvcaps_genl_ops,
	.n_ops = ARRAY_SIZE(hvcaps_genl_ops),
	.mcgrps = hvcaps_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hvcaps_mcgrps),
#ifdef HVCAPS_HAVE_GENL_BIND
	.bind = hvcaps_nl_bind,
#endif
};

int hvcaps_nl_register(void)
{
	return genl_register_family(&hvcaps_genl_family);
}

void hvcaps_nl_unregister(void)
{
	genl_unregister_family(&hvcaps_genl_family);
}

/* Whether anyone, in any namespace, listens: no allocation, no lock. */
bool hvcaps_nl_listening(void)
{
	u32 group = hvcaps_genl_family.mcgrp_offset + HVCAPS_NLGRP_EVENTS_IDX;
	bool any = false;
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net) {
		struct sock *sk = READ_ONCE(net->genl_sock);

		if (sk && netlink_has_listeners(sk, group)) {
			any = true;
			break;
		}
	}
	rcu_read_unlock();
	return any;
}

/**
 * hvcaps_nl_notify_channel - a CHANNEL_NTF to the "events" group
 * @hdev: the device; the caller holds a reference
 * @generation: the generation the event raises the count to
 * @event: enum hvcaps_event
 * @driver: how the bound driver's name may be read
 *
 * To every network namespace (see events.c).
 *
 * Return: 0 (sent, or nobody left to hear it), or -ENOMEM or -EMSGSIZE
 * when the message could not be built.
 */
int hvcaps_nl_notify_channel(struct hv_device *hdev, u32 generation,
			     u32 event, enum hvcaps_driver_access driver)
{
	const struct hvcaps_msg ntf = {
		.cmd = HVCAPS_CMD_CHANNEL_NTF,
		.generation = generation,
		.event = event,
		.driver = driver,
	};
	struct sk_buff *skb;

	skb = hvcaps_nl_channel_new(hdev, &ntf);
	if (IS_ERR(skb))
		return PTR_ERR(skb);
	/* -ESRCH if the last listener just left: fine. */
	rcu_read_lock();
	genlmsg_multicast_allns(&hvcaps_genl_family, skb, 0,
				HVCAPS_NLGRP_EVENTS_IDX);
	rcu_read_unlock();
	return 0;
}

/* Tell every listener it missed an event: their recv() gets ENOBUFS. */
void hvcaps_nl_notify_lost(void)
{
	u32 group = hvcaps_genl_family.mcgrp_offset + HVCAPS_NLGRP_EVENTS_IDX;
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net) {
		struct sock *sk = READ_ONCE(net->genl_sock);

		if (sk)
			netlink_set_err(sk, 0, group, ENOBUFS);
	}
	rcu_read_unlock();
}
