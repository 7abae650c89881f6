// SPDX-License-Identifier: GPL-2.0
/* Generic netlink plumbing for the hvcaps selftests (see nl.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define WHY(...) hv_fmt(why, n, __VA_ARGS__)
#define BAD(r, ...)							\
	do {								\
		if (!(r)->bad[0])					\
			hv_fmt((r)->bad, sizeof((r)->bad), __VA_ARGS__); \
	} while (0)

int hv_nl_fd(const struct hv_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

void hv_reply_free(struct hv_reply *r)
{
	hv_chans_free(&r->chans);
	memset(r, 0, sizeof(*r));
}

int hv_nl_send(struct hv_nl *nl, const struct hv_req *req)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);
	struct genlmsghdr *g;
	int i, ret = -EINVAL;
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ,
			  req->family ? req->family : nl->family, 0,
			  req->nlflags, req->cmd,
			  req->version ? req->version : HVCAPS_GENL_VERSION);
	if (!hdr)
		goto out;
	g = genlmsg_hdr(nlmsg_hdr(msg));
	g->reserved = req->reserved;
	for (i = 0; i < req->nattrs; i++)
		if (nla_put(msg, req->attrs[i].type, req->attrs[i].len,
			    req->attrs[i].data) < 0)
			goto out;
	if (req->trailer_len &&
	    nlmsg_append(msg, (void *)req->trailer, req->trailer_len, 0) < 0)
		goto out;
	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		ret = -EIO;
		goto out;
	}
	nl->seq = nlmsg_hdr(msg)->nlmsg_seq;
	ret = 0;
out:
	nlmsg_free(msg);
	return ret;
}

static void parse_ext_tlvs(const void *head, int len, struct hv_reply *r)
{
	const struct nlattr *a;
	int rem;

	if (len <= 0)
		return;
	nla_for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (nla_len(a) < 1 ||
			    ((const char *)nla_data(a))[nla_len(a) - 1]) {
				BAD(r, "extack message not NUL-terminated");
				break;
			}
			r->has_extack = true;
			hv_fmt(r->extack, sizeof(r->extack), "%s",
				 (const char *)nla_data(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (nla_len(a) == 4) {
				r->has_offs = true;
				r->offs = nla_get_u32((struct nlattr *)a);
			}
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (nla_len(a) == 4) {
				r->has_miss_type = true;
				r->miss_type = nla_get_u32((struct nlattr *)a);
			}
			break;
		default:
			break;
		}
	}
}

static void parse_error(const struct nlmsghdr *nlh, struct hv_reply *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t hlen = sizeof(*e);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		BAD(r, "truncated NLMSG_ERROR");
		r->error = EPROTO;
		return;
	}
	r->error = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_LENGTH(hlen) > nlh->nlmsg_len) {
		BAD(r, "NLMSG_ERROR shorter than its echoed request");
		return;
	}
	parse_ext_tlvs((const char *)e + hlen,
		       (int)(nlh->nlmsg_len - NLMSG_LENGTH(hlen)), r);
}

static void parse_done(const struct nlmsghdr *nlh, struct hv_reply *r)
{
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(int))) {
		/* Old kernels may send an empty DONE. */
		return;
	}
	memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
	r->error = -err;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_ext_tlvs((const char *)NLMSG_DATA(nlh) + NLMSG_ALIGN(sizeof(int)),
			       (int)(nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(int)))),
			       r);
}

/* Exact payload sizes; -1: string, -2: nest, 0: anything. */
static int attr_len_ok(const struct nlattr *a, int want)
{
	if (want == -1)
		return nla_len(a) >= 1 &&
		       ((const char *)nla_data(a))[nla_len(a) - 1] == 0 &&
		       strlen(nla_data(a)) == (size_t)nla_len(a) - 1;
	if (want == -2)
		return 1;
	return nla_len(a) == want;
}

static void copy_str(char *dst, size_t size, const struct nlattr *a)
{
	hv_fmt(dst, size, "%s", (const char *)nla_data(a));
}

static const struct genlmsghdr *genl_of(const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return NULL;
	return NLMSG_DATA(nlh);
}

int hv_parse_host(const struct nlmsghdr *nlh, struct hv_host *h,
		  char *why, size_t n)
{
	static const int len[HVCAPS_A_HOST_MAX + 1] = {
		[HVCAPS_A_HOST_MODULE_VERSION] = -1,
		[HVCAPS_A_HOST_VMBUS_PRESENT] = 1,
		[HVCAPS_A_HOST_VMBUS_VERSION] = 4,
		[HVCAPS_A_HOST_CPU_SIGNATURE] = -1,
		[HVCAPS_A_HOST_CPU_MAX_LEAF] = 4,
		[HVCAPS_A_HOST_HV_BUILD ... HVCAPS_A_HOST_HV_ISOLATION] = 4,
		[HVCAPS_A_HOST_EFI_BOOT] = 1,
		[HVCAPS_A_HOST_SECURE_BOOT] = 1,
		[HVCAPS_A_HOST_DEVICE_COUNT] = 4,
		[HVCAPS_A_HOST_CHANNEL_COUNT] = 4,
		[HVCAPS_A_HOST_GENERATION] = 4,
	};
	const struct genlmsghdr *g = genl_of(nlh);
	const struct nlattr *a;
	int rem;

	memset(h, 0, sizeof(*h));
	if (!g) {
		WHY("HOST_GET reply without a genetlink header");
		return -1;
	}
	nla_for_each_attr(a, (struct nlattr *)((char *)g + GENL_HDRLEN),
			  (int)(nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)), rem) {
		int t = nla_type(a);
		struct nlattr *na = (struct nlattr *)a;

		if (t <= 0 || t > HVCAPS_A_HOST_MAX) {
			WHY("HOST_GET reply: unknown attribute %d", t);
			return -1;
		}
		if (h->have & HV_BIT(t)) {
			WHY("HOST_GET reply: attribute %d twice", t);
			return -1;
		}
		if (!attr_len_ok(a, len[t])) {
			WHY("HOST_GET reply: attribute %d has length %d", t,
			    nla_len(a));
			return -1;
		}
		h->have |= HV_BIT(t);
		switch (t) {
		case HVCAPS_A_HOST_MODULE_VERSION:
			copy_str(h->module_version, sizeof(h->module_version), a);
			break;
		case HVCAPS_A_HOST_VMBUS_PRESENT:
			h->vmbus_present = nla_get_u8(na);
			break;
		case HVCAPS_A_HOST_VMBUS_VERSION:
			h->vmbus_version = nla_get_u32(na);
			break;
		case HVCAPS_A_HOST_CPU_SIGNATURE:
			copy_str(h->cpu_signature, sizeof(h->cpu_signature), a);
			break;
		case HVCAPS_A_HOST_CPU_MAX_LEAF:
			h->cpu_max_leaf = nla_get_u32(na);
			break;
		case HVCAPS_A_HOST_HV_BUILD ... HVCAPS_A_HOST_HV_ISOLATION:
			h->hv[t] = nla_get_u32(na);
			break;
		case HVCAPS_A_HOST_EFI_BOOT:
			h->efi_boot = nla_get_u8(na);
			break;
		case HVCAPS_A_HOST_SECURE_BOOT:
			h->secure_boot = nla_get_u8(na);
			break;
		case HVCAPS_A_HOST_DEVICE_COUNT:
			h->device_count = nla_get_u32(na);
			break;
		case HVCAPS_A_HOST_CHANNEL_COUNT:
			h->channel_count = nla_get_u32(na);
			break;
		case HVCAPS_A_HOST_GENERATION:
			h->generation = nla_get_u32(na);
			break;
		}
	}
	if (rem > 0) {
		WHY("HOST_GET reply: %d bytes of garbage after attributes", rem);
		return -1;
	}
	return 0;
}

static int parse_sub(const struct nlattr *nest, struct hv_sub *s,
		     char *why, size_t n)
{
	const struct nlattr *a;
	int rem;

	memset(s, 0, sizeof(*s));
	nla_for_each_nested(a, (struct nlattr *)nest, rem) {
		int t = nla_type(a);

		if (t <= 0 || t > HVCAPS_A_SUBCHANNEL_MAX) {
			WHY("sub-channel nest: unknown attribute %d", t);
			return -1;
		}
		if (s->have & HV_BIT(t)) {
			WHY("sub-channel nest: attribute %d twice", t);
			return -1;
		}
		if (nla_len(a) != 4) {
			WHY("sub-channel nest: attribute %d has length %d", t,
			    nla_len(a));
			return -1;
		}
		s->have |= HV_BIT(t);
		switch (t) {
		case HVCAPS_A_SUBCHANNEL_RELID:
			s->relid = nla_get_u32((struct nlattr *)a);
			break;
		case HVCAPS_A_SUBCHANNEL_INDEX:
			s->index = nla_get_u32((struct nlattr *)a);
			break;
		case HVCAPS_A_SUBCHANNEL_TARGET_CPU:
			s->cpu = nla_get_u32((struct nlattr *)a);
			break;
		case HVCAPS_A_SUBCHANNEL_MONITOR_ID:
			s->monitor = nla_get_u32((struct nlattr *)a);
			break;
		}
	}
	if ((s->have & HV_SUB_REQUIRED) != HV_SUB_REQUIRED) {
		WHY("sub-channel nest lacks attributes (have 0x%x)", s->have);
		return -1;
	}
	return 0;
}

int hv_parse_channel(const struct nlmsghdr *nlh, struct hv_channel *ch,
		     char *why, size_t n)
{
	static const int len[HVCAPS_A_CHANNEL_MAX + 1] = {
		[HVCAPS_A_CHANNEL_INSTANCE] = HVCAPS_GUID_LEN,
		[HVCAPS_A_CHANNEL_CLASS] = HVCAPS_GUID_LEN,
		[HVCAPS_A_CHANNEL_DEV_TYPE] = 4,
		[HVCAPS_A_CHANNEL_DEV_NAME] = -1,
		[HVCAPS_A_CHANNEL_FLAGS] = 4,
		[HVCAPS_A_CHANNEL_MMIO_MB] = 4,
		[HVCAPS_A_CHANNEL_RELID] = 4,
		[HVCAPS_A_CHANNEL_MONITOR_ID] = 4,
		[HVCAPS_A_CHANNEL_DEDICATED_INTR] = 1,
		[HVCAPS_A_CHANNEL_TARGET_CPU] = 4,
		[HVCAPS_A_CHANNEL_VENDOR_ID] = 2,
		[HVCAPS_A_CHANNEL_DEVICE_ID] = 2,
		[HVCAPS_A_CHANNEL_NUMA_NODE] = 4,
		[HVCAPS_A_CHANNEL_DRIVER] = -1,
		[HVCAPS_A_CHANNEL_SUBCHANNEL] = -2,
		[HVCAPS_A_CHANNEL_GENERATION] = 4,
		[HVCAPS_A_CHANNEL_EVENT] = 4,
	};
	const struct genlmsghdr *g = genl_of(nlh);
	const struct nlattr *a;
	char inst[37];
	int rem;

	if (!g) {
		WHY("CHANNEL_GET reply without a genetlink header");
		return -1;
	}
	nla_for_each_attr(a, (struct nlattr *)((char *)g + GENL_HDRLEN),
			  (int)(nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)), rem) {
		int t = nla_type(a);
		struct nlattr *na = (struct nlattr *)a;
		struct hv_sub s;

		if (t <= 0 || t > HVCAPS_A_CHANNEL_MAX) {
			WHY("CHANNEL_GET reply: unknown attribute %d", t);
			return -1;
		}
		if ((ch->have & HV_BIT(t)) && t != HVCAPS_A_CHANNEL_SUBCHANNEL) {
			WHY("CHANNEL_GET reply: attribute %d twice", t);
			return -1;
		}
		if (!attr_len_ok(a, len[t])) {
			WHY("CHANNEL_GET reply: attribute %d has length %d", t,
			    nla_len(a));
			return -1;
		}
		ch->have |= HV_BIT(t);
		switch (t) {
		case HVCAPS_A_CHANNEL_INSTANCE:
			memcpy(ch->instance, nla_data(a), HVCAPS_GUID_LEN);
			break;
		case HVCAPS_A_CHANNEL_CLASS:
			memcpy(ch->class_id, nla_data(a), HVCAPS_GUID_LEN);
			break;
		case HVCAPS_A_CHANNEL_DEV_TYPE:
			ch->dev_type = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_DEV_NAME:
			copy_str(ch->dev_name, sizeof(ch->dev_name), a);
			break;
		case HVCAPS_A_CHANNEL_FLAGS:
			ch->flags = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_MMIO_MB:
			ch->mmio_mb = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_RELID:
			ch->relid = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_MONITOR_ID:
			ch->monitor = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_DEDICATED_INTR:
			ch->dedicated = nla_get_u8(na);
			break;
		case HVCAPS_A_CHANNEL_TARGET_CPU:
			ch->cpu = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_VENDOR_ID:
			ch->vendor = nla_get_u16(na);
			break;
		case HVCAPS_A_CHANNEL_DEVICE_ID:
			ch->device = nla_get_u16(na);
			break;
		case HVCAPS_A_CHANNEL_NUMA_NODE:
			ch->numa = (int32_t)nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_DRIVER:
			copy_str(ch->driver, sizeof(ch->driver), a);
			break;
		case HVCAPS_A_CHANNEL_SUBCHANNEL:
			if (parse_sub(a, &s, why, n))
				return -1;
			if (hv_chan_add_sub(ch, &s)) {
				WHY("out of memory");
				return -1;
			}
			break;
		case HVCAPS_A_CHANNEL_GENERATION:
			ch->generation = nla_get_u32(na);
			break;
		case HVCAPS_A_CHANNEL_EVENT:
			ch->event = nla_get_u32(na);
			break;
		}
	}
	if (rem > 0) {
		WHY("CHANNEL_GET reply: %d bytes of garbage after attributes",
		    rem);
		return -1;
	}
	if ((ch->have & HV_CHANNEL_REQUIRED) != HV_CHANNEL_REQUIRED) {
		hv_guid_fmt(ch->instance, inst);
		WHY("CHANNEL_GET reply for %s lacks attributes 0x%x", inst,
		    HV_CHANNEL_REQUIRED & ~ch->have);
		return -1;
	}
	return 0;
}

static void parse_data(const struct nlmsghdr *nlh, uint8_t cmd,
		       struct hv_reply *r)
{
	const struct genlmsghdr *g = genl_of(nlh);
	struct hv_channel *ch;
	char why[HV_ERRLEN];

	if (!g) {
		BAD(r, "reply without a genetlink header");
		return;
	}
	if (g->cmd != cmd)
		BAD(r, "reply carries command %u, request was %u", g->cmd, cmd);
	switch (cmd) {
	case HVCAPS_CMD_HOST_GET:
		if (r->nmsgs > 1)
			BAD(r, "more than one HOST_GET reply");
		if (hv_parse_host(nlh, &r->host, why, sizeof(why)))
			BAD(r, "%s", why);
		break;
	case HVCAPS_CMD_CHANNEL_GET:
		ch = hv_chans_add(&r->chans);
		if (!ch) {
			BAD(r, "out of memory");
			return;
		}
		if (hv_parse_channel(nlh, ch, why, sizeof(why)))
			BAD(r, "message %d: %s", r->nmsgs, why);
		else if (ch->have & HV_BIT(HVCAPS_A_CHANNEL_EVENT))
			BAD(r, "message %d: EVENT outside a notification",
			    r->nmsgs);
		break;
	default:
		break;
	}
}

int hv_nl_recv_one(struct hv_nl *nl, uint8_t cmd, struct hv_reply *r,
		   hv_msg_fn fn, void *arg)
{
	struct sockaddr_nl sa;
	unsigned char *buf = NULL;
	struct nlmsghdr *nlh;
	int len;

	len = nl_recv(nl->sk, &sa, &buf, NULL);
	if (len <= 0) {
		BAD(r, "recv: %s", len ? nl_geterror(len) : "EOF");
		free(buf);
		return -1;
	}
	r->nrecv++;
	for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, len);
	     nlh = nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_seq != nl->seq) {
			BAD(r, "message with sequence %u, expected %u",
			    nlh->nlmsg_seq, nl->seq);
			continue;
		}
		if (r->done) {
			BAD(r, "message after the end of the reply");
			continue;
		}
		switch (nlh->nlmsg_type) {
		case NLMSG_ERROR:
			parse_error(nlh, r);
			r->done = true;
			break;
		case NLMSG_DONE:
			/* netlink checks the dump's consistency here too */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->dump_intr = true;
			parse_done(nlh, r);
			r->done = true;
			break;
		case NLMSG_NOOP:
			break;
		case NLMSG_OVERRUN:
			BAD(r, "NLMSG_OVERRUN");
			break;
		default:
			r->nmsgs++;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->dump_intr = true;
			if (fn)
				fn(nlh, r, arg);
			if (cmd)
				parse_data(nlh, cmd, r);
			break;
		}
	}
	if (len > 0)
		BAD(r, "%d bytes of garbage after the last message", len);
	free(buf);
	return 0;
}

static int request(struct hv_nl *nl, const struct hv_req *req, uint8_t cmd,
		   struct hv_reply *r, hv_msg_fn fn, void *arg)
{
	int ret;

	memset(r, 0, sizeof(*r));
	ret = hv_nl_send(nl, req);
	if (ret) {
		BAD(r, "send: %s", strerror(-ret));
		return -1;
	}
	while (!r->done)
		if (hv_nl_recv_one(nl, cmd, r, fn, arg))
			return -1;
	return 0;
}

int hv_nl_request(struct hv_nl *nl, const struct hv_req *req,
		  struct hv_reply *r, hv_msg_fn fn, void *arg)
{
	return request(nl, req, req->family && req->family != nl->family ?
			       0 : req->cmd, r, fn, arg);
}

int hv_host_get(struct hv_nl *nl, struct hv_reply *r)
{
	struct hv_req req = { .cmd = HVCAPS_CMD_HOST_GET };

	return hv_nl_request(nl, &req, r, NULL, NULL);
}

int hv_channel_dump(struct hv_nl *nl, struct hv_reply *r)
{
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.nlflags = NLM_F_DUMP,
	};

	return hv_nl_request(nl, &req, r, NULL, NULL);
}

int hv_channel_get(struct hv_nl *nl, const uint8_t inst[HVCAPS_GUID_LEN],
		   struct hv_reply *r)
{
	struct hv_attr a = {
		.type = HVCAPS_A_CHANNEL_INSTANCE,
		.len = HVCAPS_GUID_LEN,
		.data = inst,
	};
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.attrs = &a,
		.nattrs = 1,
	};

	return hv_nl_request(nl, &req, r, NULL, NULL);
}

/* CTRL_CMD_GETFAMILY reply: id, version, maxattr, ops. */
static void ctrl_reply(const struct nlmsghdr *nlh, struct hv_reply *r,
		       void *arg)
{
	const struct genlmsghdr *g = genl_of(nlh);
	struct hv_nl *nl = arg;
	const struct nlattr *a, *op, *oa;
	int rem, rem2, rem3;

	if (!g) {
		BAD(r, "controller reply without a genetlink header");
		return;
	}
	nla_for_each_attr(a, (struct nlattr *)((char *)g + GENL_HDRLEN),
			  (int)(nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)), rem) {
		switch (nla_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			nl->family = nla_get_u16((struct nlattr *)a);
			break;
		case CTRL_ATTR_VERSION:
			nl->version = nla_get_u32((struct nlattr *)a);
			break;
		case CTRL_ATTR_MAXATTR:
			nl->maxattr = nla_get_u32((struct nlattr *)a);
			break;
		case CTRL_ATTR_OPS:
			nla_for_each_nested(op, (struct nlattr *)a, rem2) {
				uint32_t id = 0, flags = 0;

				nla_for_each_nested(oa, (struct nlattr *)op, rem3) {
					if (nla_type(oa) == CTRL_ATTR_OP_ID)
						id = nla_get_u32((struct nlattr *)oa);
					else if (nla_type(oa) == CTRL_ATTR_OP_FLAGS)
						flags = nla_get_u32((struct nlattr *)oa);
				}
				if (id < sizeof(nl->has_op) / sizeof(nl->has_op[0])) {
					nl->has_op[id] = true;
					nl->op_flags[id] = flags;
				}
			}
			break;
		default:
			break;
		}
	}
}

int hv_nl_open(struct hv_nl *nl, char *why, size_t n)
{
	struct hv_attr name = {
		.type = CTRL_ATTR_FAMILY_NAME,
		.len = sizeof(HVCAPS_GENL_NAME),
		.data = HVCAPS_GENL_NAME,
	};
	struct hv_req req = {
		.family = GENL_ID_CTRL,
		.cmd = CTRL_CMD_GETFAMILY,
		.version = 2,
		.attrs = &name,
		.nattrs = 1,
	};
	struct timeval tv = { .tv_sec = 60 };
	struct hv_reply r;
	int one = 1, fd, ret;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		WHY("nl_socket_alloc failed");
		return -ENOMEM;
	}
	ret = genl_connect(nl->sk);
	if (ret) {
		WHY("genl_connect: %s", nl_geterror(ret));
		hv_nl_close(nl);
		return -EIO;
	}
	fd = nl_socket_get_fd(nl->sk);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
		       sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		ret = -errno;
		WHY("setsockopt: %s", strerror(errno));
		hv_nl_close(nl);
		return ret;
	}
	if (request(nl, &req, 0, &r, ctrl_reply, nl)) {
		WHY("CTRL_CMD_GETFAMILY: %.400s", r.bad);
		hv_nl_close(nl);
		return -EIO;
	}
	if (r.error) {
		WHY("family \"%s\" not resolved: %s", HVCAPS_GENL_NAME,
		    strerror(r.error));
		hv_nl_close(nl);
		return -r.error;
	}
	if (!nl->family || r.bad[0]) {
		WHY("bad CTRL_CMD_GETFAMILY reply: %.400s", r.bad);
		hv_nl_close(nl);
		return -EPROTO;
	}
	return 0;
}

void hv_nl_close(struct hv_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}
