// SPDX-License-Identifier: GPL-2.0
/* HVCAPS_CMD_CHANNEL messages to struct hv_device (nl_channel.h). */
#include "nl_channel.h"

#include <stdlib.h>
#include <string.h>

#include <linux/hvcaps.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "util.h"

static struct nla_policy chan_policy[HVCAPS_A_CHANNEL_MAX + 1] = {
	[HVCAPS_A_CHANNEL_INSTANCE] = { .minlen = HVCAPS_GUID_LEN, .maxlen = HVCAPS_GUID_LEN },
	[HVCAPS_A_CHANNEL_CLASS] = { .minlen = HVCAPS_GUID_LEN, .maxlen = HVCAPS_GUID_LEN },
	[HVCAPS_A_CHANNEL_DEV_TYPE] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_DEV_NAME] = { .type = NLA_STRING },
	[HVCAPS_A_CHANNEL_FLAGS] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_MMIO_MB] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_RELID] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_MONITOR_ID] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_DEDICATED_INTR] = { .type = NLA_U8 },
	[HVCAPS_A_CHANNEL_TARGET_CPU] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_VENDOR_ID] = { .type = NLA_U16 },
	[HVCAPS_A_CHANNEL_DEVICE_ID] = { .type = NLA_U16 },
	[HVCAPS_A_CHANNEL_NUMA_NODE] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_DRIVER] = { .type = NLA_STRING },
	[HVCAPS_A_CHANNEL_SUBCHANNEL] = { .type = NLA_NESTED },
	[HVCAPS_A_CHANNEL_GENERATION] = { .type = NLA_U32 },
	[HVCAPS_A_CHANNEL_EVENT] = { .type = NLA_U32 },
};

static struct nla_policy sub_policy[HVCAPS_A_SUBCHANNEL_MAX + 1] = {
	[HVCAPS_A_SUBCHANNEL_RELID] = { .type = NLA_U32 },
	[HVCAPS_A_SUBCHANNEL_INDEX] = { .type = NLA_U32 },
	[HVCAPS_A_SUBCHANNEL_TARGET_CPU] = { .type = NLA_U32 },
	[HVCAPS_A_SUBCHANNEL_MONITOR_ID] = { .type = NLA_U32 },
};

static void get_u32(struct nlattr **tb, int a, struct opt_u32 *o)
{
	if (tb[a]) {
		o->known = true;
		o->v = nla_get_u32(tb[a]);
	}
}

/* a string attribute: NLA_STRING checks it ends with a NUL within it */
static char *get_str(struct nlattr **tb, int a)
{
	return tb[a] ? text_safe(nla_get_string(tb[a])) : NULL;
}

int nl_channel_decode(struct nlmsghdr *nlh, struct hv_device *d,
		      struct nl_channel_event *ev, const char **why)
{
	struct nlattr *tb[HVCAPS_A_CHANNEL_MAX + 1], *a;
	char name[GUID_STR_SIZE];
	struct genlmsghdr *gh;
	struct hv_channel *c;
	int rem;

	memset(ev, 0, sizeof(*ev));
	if (!genlmsg_valid_hdr(nlh, 0)) {
		*why = "shorter than its generic netlink header";
		return -1;
	}
	gh = nlmsg_data(nlh);
	if (gh->cmd != HVCAPS_CMD_CHANNEL_GET && gh->cmd != HVCAPS_CMD_CHANNEL_NTF) {
		*why = "not a CHANNEL message";
		return -1;
	}
	if (genlmsg_parse(nlh, 0, tb, HVCAPS_A_CHANNEL_MAX, chan_policy) < 0) {
		*why = "an attribute of the wrong size or type";
		return -1;
	}
	if (!tb[HVCAPS_A_CHANNEL_INSTANCE] || !tb[HVCAPS_A_CHANNEL_CLASS] ||
	    !tb[HVCAPS_A_CHANNEL_RELID]) {
		*why = "a device without INSTANCE, CLASS or RELID";
		return -1;
	}
	if (gh->cmd == HVCAPS_CMD_CHANNEL_NTF) {
		if (!tb[HVCAPS_A_CHANNEL_EVENT] || !tb[HVCAPS_A_CHANNEL_GENERATION]) {
			*why = "an event without EVENT or GENERATION";
			return -1;
		}
		get_u32(tb, HVCAPS_A_CHANNEL_EVENT, &ev->event);
		if (ev->event.v < HVCAPS_EVENT_ADD || ev->event.v > HVCAPS_EVENT_SUBCHANNELS) {
			*why = "an EVENT value this tool does not know";
			return -1;
		}
	}
	memcpy(d->instance.b, nla_data(tb[HVCAPS_A_CHANNEL_INSTANCE]), HVCAPS_GUID_LEN);
	memcpy(d->class_guid.b, nla_data(tb[HVCAPS_A_CHANNEL_CLASS]), HVCAPS_GUID_LEN);
	guid_format(&d->instance, name);
	d->name = xstrdup(name);	/* the kernel names the device so */
	d->relid = nla_get_u32(tb[HVCAPS_A_CHANNEL_RELID]);
	d->type = tb[HVCAPS_A_CHANNEL_DEV_TYPE] ? nla_get_u32(tb[HVCAPS_A_CHANNEL_DEV_TYPE]) :
						   class_dev_type(&d->class_guid);
	d->type_name = get_str(tb, HVCAPS_A_CHANNEL_DEV_NAME);
	get_u32(tb, HVCAPS_A_CHANNEL_FLAGS, &d->flags);
	get_u32(tb, HVCAPS_A_CHANNEL_MMIO_MB, &d->mmio_mb);
	get_u32(tb, HVCAPS_A_CHANNEL_MONITOR_ID, &d->monitor_id);
	if (tb[HVCAPS_A_CHANNEL_DEDICATED_INTR]) {
		d->dedicated_intr.known = true;
		d->dedicated_intr.v = nla_get_u8(tb[HVCAPS_A_CHANNEL_DEDICATED_INTR]) != 0;
	}
	get_u32(tb, HVCAPS_A_CHANNEL_TARGET_CPU, &d->target_cpu);
	if (tb[HVCAPS_A_CHANNEL_VENDOR_ID]) {
		d->vendor_id.known = true;
		d->vendor_id.v = nla_get_u16(tb[HVCAPS_A_CHANNEL_VENDOR_ID]);
	}
	if (tb[HVCAPS_A_CHANNEL_DEVICE_ID]) {
		d->device_id.known = true;
		d->device_id.v = nla_get_u16(tb[HVCAPS_A_CHANNEL_DEVICE_ID]);
	}
	if (tb[HVCAPS_A_CHANNEL_NUMA_NODE]) {
		d->numa_node.known = true;
		d->numa_node.v = (int32_t)nla_get_u32(tb[HVCAPS_A_CHANNEL_NUMA_NODE]);
	}
	d->driver = get_str(tb, HVCAPS_A_CHANNEL_DRIVER);
	get_u32(tb, HVCAPS_A_CHANNEL_GENERATION, &d->generation);

	/* the primary channel, then the sub-channels */
	d->channels_known = true;
	c = device_add_channel(d);
	c->relid = d->relid;
	c->primary = true;
	c->index.known = true;
	c->index.v = 0;
	c->cpu = d->target_cpu;
	c->monitor_id = d->monitor_id;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		struct nlattr *sb[HVCAPS_A_SUBCHANNEL_MAX + 1];

		if (nla_type(a) != HVCAPS_A_CHANNEL_SUBCHANNEL)
			continue;
		if (nla_parse_nested(sb, HVCAPS_A_SUBCHANNEL_MAX, a, sub_policy) < 0) {
			*why = "a sub-channel attribute of the wrong size or type";
			return -1;
		}
		if (!sb[HVCAPS_A_SUBCHANNEL_RELID]) {
			*why = "a sub-channel without RELID";
			return -1;
		}
		c = device_add_channel(d);
		c->relid = nla_get_u32(sb[HVCAPS_A_SUBCHANNEL_RELID]);
		get_u32(sb, HVCAPS_A_SUBCHANNEL_INDEX, &c->index);
		get_u32(sb, HVCAPS_A_SUBCHANNEL_TARGET_CPU, &c->cpu);
		get_u32(sb, HVCAPS_A_SUBCHANNEL_MONITOR_ID, &c->monitor_id);
	}
	return 0;
}

void hv_device_free_fields(struct hv_device *d)
{
	free(d->name);
	free(d->type_name);
	free(d->driver);
	free(d->chan);
	memset(d, 0, sizeof(*d));
}
