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
 */

#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "compat.h"
#include "hvcaps.h"

#define HVCAPS_REJECT(msg) { .type = NLA_REJECT, .reject_message = msg }
#define HVCAPS_HOST_NO_ATTRS "HOST_GET takes no attributes"
#define HVCAPS_CHANNEL_ONLY_INSTANCE \
	"CHANNEL_GET accepts only HVCAPS_A_CHANNEL_INSTANCE"

static const struct nla_policy hvcaps_host_get_policy[] = {
	[HVCAPS_A_HOST_UNSPEC] = HVCAPS_REJECT(HVCAPS_HOST_NO_ATTRS),
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
 * NLA_POLICY_EXACT_LEN would answer ERANGE and "binary attribute size out
 * of range"; a GUID of the wrong size is plain invalid input.
 */
static int hvcaps_validate_guid(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == HVCAPS_GUID_LEN)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "a GUID attribute must be 16 bytes");
	return -EINVAL;
}

/*
 * Shared by the do (which needs the instance) and the dump (whose start
 * rejects it): one policy per op is all that 5.10 and 6.1 offer.
 */
static const struct nla_policy hvcaps_channel_get_policy[] = {
	[HVCAPS_A_CHANNEL_UNSPEC] = HVCAPS_REJECT(HVCAPS_CHANNEL_ONLY_INSTANCE),
	[HVCAPS_A_CHANNEL_INSTANCE] =
		NLA_POLICY_VALIDATE_FN(NLA_BINARY, hvcaps_validate_guid),
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

static int hvcaps_nl_host_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &hvcaps_genl_family, 0,
				HVCAPS_CMD_HOST_GET);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	ret = hvcaps_host_fill(msg);
	if (ret)
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return ret;
}

/* A device with hundreds of sub-channels outgrows one page. */
#define HVCAPS_MAX_REPLY_SIZE	SZ_1M

static int hvcaps_nl_channel_get_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[HVCAPS_A_CHANNEL_INSTANCE];
	const struct hvcaps_msg reply = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.portid = info->snd_portid,
		.seq = info->snd_seq,
		.driver = HVCAPS_DRIVER_LOCK,
	};
	const struct bus_type *bus;
	struct sk_buff *msg;
	struct device *dev;
	size_t size;
	guid_t guid;
	int ret;

	if (!attr) {
		hvcaps_set_err_missing(info->extack, HVCAPS_A_CHANNEL_INSTANCE,
				       "CHANNEL_GET needs HVCAPS_A_CHANNEL_INSTANCE (or NLM_F_DUMP for all devices)");
		return -EINVAL;
	}
	nla_memcpy(&guid, attr, sizeof(guid));

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

	for (size = NLMSG_GOODSIZE; ; size *= 2) {
		msg = genlmsg_new(size, GFP_KERNEL);
		if (!msg) {
			ret = -ENOMEM;
			break;
		}
		ret = hvcaps_channel_fill(msg, device_to_hv_device(dev), &reply);
		if (!ret) {
			ret = genlmsg_reply(msg, info);
			break;
		}
		nlmsg_free(msg);
		if (size >= HVCAPS_MAX_REPLY_SIZE)
			break;
	}
	put_device(dev);
	return ret;
}

/*
 * A dump works on a snapshot: at its start it takes a reference on every
 * device on the bus, in bus order, and each part resumes at an index, in
 * O(1) however many devices came or went in between. (The driver core's
 * own resumable iterator, subsys_dev_iter, left the public API in 6.11.)
 * The references keep each device, its primary channel and its channels
 * kset allocated until the device is sent; one rescinded meanwhile is
 * skipped. Any change after the dump started is flagged with
 * NLM_F_DUMP_INTR through the bus generation, so a client retries rather
 * than trust a mixed picture.
 */
struct hvcaps_dump {
	unsigned int count;	/* devices in the snapshot */
	unsigned int next;	/* first device not yet sent */
	unsigned int size;	/* room in devs[] */
	struct device *devs[];
};

static int hvcaps_dump_take(struct device *dev, void *data)
{
	struct hvcaps_dump *dump = data;

	if (dump->count == dump->size)
		return -ENOSPC;
	dump->devs[dump->count++] = get_device(dev);
	return 0;
}

static void hvcaps_dump_free(struct hvcaps_dump *dump)
{
	while (dump->next < dump->count)
		put_device(dump->devs[dump->next++]);
	kvfree(dump);
}

/* Devices added while we size the snapshot need a few tries at most. */
#define HVCAPS_SNAPSHOT_TRIES	8

static struct hvcaps_dump *hvcaps_dump_snapshot(const struct bus_type *bus)
{
	struct hvcaps_dump *dump;
	unsigned int tries;
	u32 devices, channels;

	for (tries = 0; tries < HVCAPS_SNAPSHOT_TRIES; tries++) {
		devices = 0;
		if (bus)
			hvcaps_vmbus_count(bus, &devices, &channels);
		dump = kvzalloc(struct_size(dump, devs, devices + 16),
				GFP_KERNEL);
		if (!dump)
			return ERR_PTR(-ENOMEM);
		dump->size = devices + 16;
		if (!bus || !bus_for_each_dev(hvcaps_bus_arg(bus), NULL, dump,
					      hvcaps_dump_take))
			return dump;
		hvcaps_dump_free(dump);
	}
	return ERR_PTR(-EAGAIN);
}

static int hvcaps_nl_channel_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = hvcaps_dump_attrs(cb);
	struct hvcaps_dump *dump;

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

	/* Read before the snapshot, so a change during it flags the dump. */
	cb->seq = hvcaps_generation();
	dump = hvcaps_dump_snapshot(hvcaps_vmbus_get());
	if (dump == ERR_PTR(-EAGAIN))
		return 0;	/* reported by dumpit, with a message */
	if (IS_ERR(dump))
		return PTR_ERR(dump);
	cb->args[0] = (long)dump;
	return 0;
}

static int hvcaps_nl_channel_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct hvcaps_dump *dump = (struct hvcaps_dump *)cb->args[0];
	const struct hvcaps_msg part = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.portid = NETLINK_CB(cb->skb).portid,
		.seq = cb->nlh->nlmsg_seq,
		.flags = NLM_F_MULTI,
		.cb = cb,
		.driver = HVCAPS_DRIVER_LOCK,
	};
	struct device *dev;
	bool sent = false;
	int ret;

	if (cb->args[1]) {
		NL_SET_ERR_MSG(cb->extack,
			       "a CHANNEL_GET dump takes no attributes; send a do request (no NLM_F_DUMP) to get one device");
		return -EINVAL;
	}
	if (!dump) {
		NL_SET_ERR_MSG(cb->extack,
			       "the VMBus kept changing while hvcaps listed it");
		return -EAGAIN;
	}
	/*
	 * prev_seq still holds the generation the dump started at, so the
	 * first message filled after any change carries NLM_F_DUMP_INTR.
	 */
	if (!cb->prev_seq)
		cb->prev_seq = cb->seq;
	cb->seq = hvcaps_generation();

	for (; dump->next < dump->count; dump->next++) {
		dev = dump->devs[dump->next];
		if (device_is_registered(dev)) {
			ret = hvcaps_channel_fill(skb, device_to_hv_device(dev),
						  &part);
			if (ret)	/* skb full: resume with this device */
				return sent ? skb->len : ret;
			sent = true;
		}
		put_device(dev);
	}
	return skb->len;
}

static int hvcaps_nl_channel_done(struct netlink_callback *cb)
{
	struct hvcaps_dump *dump = (struct hvcaps_dump *)cb->args[0];

	if (dump)
		hvcaps_dump_free(dump);
	return 0;
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
		.done = hvcaps_nl_channel_done,
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
struct genl_family hvcaps_genl_family __ro_after_init = {
	.name = HVCAPS_GENL_NAME,
	.version = HVCAPS_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = hvcaps_genl_ops,
	.n_ops = ARRAY_SIZE(hvcaps_genl_ops),
	.mcgrps = hvcaps_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hvcaps_mcgrps),
};
