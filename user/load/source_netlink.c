// SPDX-License-Identifier: GPL-2.0
/*
 * Fill the model from the hvcaps generic netlink family: HOST_GET (do),
 * then CHANNEL_GET (dump). Strict: extended ACKs are requested and the
 * kernel's message is printed on error; a dump interrupted by a bus change
 * (NLM_F_DUMP_INTR), or one whose generation differs from the host's, is
 * retried a few times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "load.h"
#include "model.h"
#include "nl_channel.h"
#include "util.h"

/*
 * libnl's text for an error, except that it maps ENOBUFS (the socket's
 * receive buffer overran: the kernel dropped a message) to NLE_NOMEM, "Out
 * of memory", which would send the user looking for a memory problem.
 * errno still holds the system's code right after the failing call.
 */
static const char *nl_errtext(int e)
{
	if ((e == -NLE_NOMEM || e == NLE_NOMEM) && errno == ENOBUFS)
		return "the socket's receive buffer overran and the kernel dropped a reply (ENOBUFS)";
	return nl_geterror(e);
}

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define DUMP_ATTEMPTS 5

/* What to tell the user when the module and the tool disagree. */
#define MISMATCH_HINT \
	"the hvcaps module and this tool may not match: compare 'hvcaps --version' with 'modinfo -F version hvcaps', and update the older one"

struct req {
	struct hv_model *m;
	const char *what;	/* "HOST_GET" or "CHANNEL_GET" */
	bool done;
	int error;		/* negative errno from the kernel */
	char extack[256];
	bool have_offs;
	uint32_t offs;
	bool dump_intr;
	bool bad_reply;		/* message printed */
	bool got_reply;
};

static void parse_extack(struct req *r, const struct nlmsghdr *nlh,
			 size_t off)
{
	const struct nlattr *a;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(off);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return;
	a = (const struct nlattr *)((const char *)nlh + NLMSG_HDRLEN + off);
	nla_for_each_attr(a, a, (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), rem) {
		int len = nla_len(a);

		switch (nla_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (len > 0) {
				snprintf(r->extack, sizeof(r->extack), "%.*s",
					 len, (const char *)nla_data(a));
			}
			break;
		case NLMSGERR_ATTR_OFFS:
			if (len >= 4) {
				r->have_offs = true;
				r->offs = nla_get_u32((struct nlattr *)a);
			}
			break;
		}
	}
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req *r = arg;
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	size_t off = sizeof(*e);

	(void)nla;
	r->error = e->error;
	r->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	parse_extack(r, nlh, off);
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

/* NLMSG_DONE ends a dump; it carries the dump's error, if any. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct req *r = arg;
	int e;

	r->done = true;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		memcpy(&e, nlmsg_data(nlh), sizeof(e));
		if (e < 0) {
			r->error = e;
			parse_extack(r, nlh, sizeof(int));
		}
	}
	return NL_STOP;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->dump_intr = true;
	return NL_OK;	/* keep reading to the end of the dump */
}

static void bad_reply(struct req *r, const char *fmt, const char *detail)
{
	char what[160];

	snprintf(what, sizeof(what), fmt, detail);
	err("malformed %s reply from the hvcaps module: %s; " MISMATCH_HINT,
	    r->what, what);
	r->bad_reply = true;
}

static void get_u32(struct nlattr **tb, int a, struct opt_u32 *o)
{
	if (tb[a]) {
		o->known = true;
		o->v = nla_get_u32(tb[a]);
	}
}

static void get_bool(struct nlattr **tb, int a, struct opt_bool *o)
{
	if (tb[a]) {
		o->known = true;
		o->v = nla_get_u8(tb[a]) != 0;
	}
}

static char *get_str(struct nlattr **tb, int a)
{
	return tb[a] ? xstrdup(nla_get_string(tb[a])) : NULL;
}

static struct nla_policy host_policy[HVCAPS_A_HOST_MAX + 1] = {
	[HVCAPS_A_HOST_MODULE_VERSION] = { .type = NLA_STRING },
	[HVCAPS_A_HOST_VMBUS_PRESENT] = { .type = NLA_U8 },
	[HVCAPS_A_HOST_VMBUS_VERSION] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_CPU_SIGNATURE] = { .type = NLA_STRING },
	[HVCAPS_A_HOST_CPU_MAX_LEAF] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_BUILD] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_MAJOR] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_MINOR] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_SERVICE_PACK] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_SERVICE_BRANCH] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_SERVICE_NUMBER] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_FEATURES_EAX] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_FEATURES_EBX] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_FEATURES_EDX] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_RECOMMENDATIONS] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_HV_ISOLATION] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_EFI_BOOT] = { .type = NLA_U8 },
	[HVCAPS_A_HOST_SECURE_BOOT] = { .type = NLA_U8 },
	[HVCAPS_A_HOST_DEVICE_COUNT] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_CHANNEL_COUNT] = { .type = NLA_U32 },
	[HVCAPS_A_HOST_GENERATION] = { .type = NLA_U32 },
};

static int on_host(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HVCAPS_A_HOST_MAX + 1];
	struct req *r = arg;
	struct hv_host *h = &r->m->host;
	int e;

	e = genlmsg_parse(nlmsg_hdr(msg), 0, tb, HVCAPS_A_HOST_MAX, host_policy);
	if (e < 0) {
		bad_reply(r, "%s", nl_errtext(e));
		return NL_STOP;
	}
	if (r->got_reply) {
		bad_reply(r, "%s", "more than one message");
		return NL_STOP;
	}
	r->got_reply = true;
	h->module_version = get_str(tb, HVCAPS_A_HOST_MODULE_VERSION);
	get_bool(tb, HVCAPS_A_HOST_VMBUS_PRESENT, &h->vmbus_present);
	get_u32(tb, HVCAPS_A_HOST_VMBUS_VERSION, &h->vmbus_version);
	h->cpu_signature = get_str(tb, HVCAPS_A_HOST_CPU_SIGNATURE);
	get_u32(tb, HVCAPS_A_HOST_CPU_MAX_LEAF, &h->cpu_max_leaf);
	get_u32(tb, HVCAPS_A_HOST_HV_BUILD, &h->hv_build);
	get_u32(tb, HVCAPS_A_HOST_HV_MAJOR, &h->hv_major);
	get_u32(tb, HVCAPS_A_HOST_HV_MINOR, &h->hv_minor);
	get_u32(tb, HVCAPS_A_HOST_HV_SERVICE_PACK, &h->hv_service_pack);
	get_u32(tb, HVCAPS_A_HOST_HV_SERVICE_BRANCH, &h->hv_service_branch);
	get_u32(tb, HVCAPS_A_HOST_HV_SERVICE_NUMBER, &h->hv_service_number);
	get_u32(tb, HVCAPS_A_HOST_HV_FEATURES_EAX, &h->hv_features_eax);
	get_u32(tb, HVCAPS_A_HOST_HV_FEATURES_EBX, &h->hv_features_ebx);
	get_u32(tb, HVCAPS_A_HOST_HV_FEATURES_EDX, &h->hv_features_edx);
	get_u32(tb, HVCAPS_A_HOST_HV_RECOMMENDATIONS, &h->hv_recommendations);
	get_u32(tb, HVCAPS_A_HOST_HV_ISOLATION, &h->hv_isolation);
	get_bool(tb, HVCAPS_A_HOST_EFI_BOOT, &h->efi_boot);
	get_bool(tb, HVCAPS_A_HOST_SECURE_BOOT, &h->secure_boot);
	get_u32(tb, HVCAPS_A_HOST_DEVICE_COUNT, &h->device_count);
	get_u32(tb, HVCAPS_A_HOST_CHANNEL_COUNT, &h->channel_count);
	get_u32(tb, HVCAPS_A_HOST_GENERATION, &h->generation);
	return NL_OK;
}

/* A device: the shared decoder (nl_channel.c), then into the model. */
static int on_channel(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct hv_device tmp = { 0 }, *d;
	struct nl_channel_event ev;
	struct req *r = arg;
	const char *why;
	size_t order;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		r->dump_intr = true;
	if (nl_channel_decode(nlh, &tmp, &ev, &why)) {
		hv_device_free_fields(&tmp);
		bad_reply(r, "%s", why);
		return NL_STOP;
	}
	d = model_add_device(r->m);
	order = d->order;
	*d = tmp;
	d->order = order;
	return NL_OK;
}

static void request_failed(const struct req *r)
{
	char offs[64] = "";

	if (r->have_offs)
		snprintf(offs, sizeof(offs), " at offset %u", r->offs);
	if (r->extack[0])
		err("the hvcaps module rejected %s: %s (kernel: \"%s\"%s); " MISMATCH_HINT,
		    r->what, strerror(-r->error), r->extack, offs);
	else
		err("the hvcaps module rejected %s: %s%s; %s", r->what,
		    strerror(-r->error), offs,
		    r->error == -EPERM ? "run as root, or check the module's permissions" :
		    MISMATCH_HINT);
}

/* Send msg and run the callbacks until the ACK, DONE or an error. */
static int transact(struct nl_sock *sk, struct nl_msg *msg, struct req *r,
		    nl_recvmsg_msg_cb_t valid)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int e, ret = -1;

	if (!cb) {
		err("out of memory; free some memory and try again");
		return -1;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);

	e = nl_send_auto(sk, msg);
	if (e < 0) {
		err("cannot send %s to the hvcaps module: %s; check that the module is loaded ('lsmod | grep hvcaps')",
		    r->what, nl_errtext(e));
		goto out;
	}
	while (!r->done && !r->bad_reply) {
		e = nl_recvmsgs(sk, cb);
		if (r->error || r->bad_reply)
			break;
		if (e < 0) {
			err("cannot receive the %s reply from the hvcaps module: %s; try again, and check 'dmesg' for errors from the module",
			    r->what, nl_errtext(e));
			goto out;
		}
	}
	if (r->bad_reply)
		goto out;
	if (r->error) {
		request_failed(r);
		goto out;
	}
	ret = 0;
out:
	nl_cb_put(cb);
	return ret;
}

static int do_request(struct nl_sock *sk, int family, uint8_t cmd, bool dump,
		      struct req *r, nl_recvmsg_msg_cb_t valid)
{
	struct nl_msg *msg = nlmsg_alloc();
	int ret;

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				 dump ? NLM_F_DUMP : NLM_F_ACK, cmd,
				 HVCAPS_GENL_VERSION)) {
		nlmsg_free(msg);
		err("out of memory; free some memory and try again");
		return -1;
	}
	ret = transact(sk, msg, r, valid);
	nlmsg_free(msg);
	return ret;
}

/*
 * One HOST_GET + CHANNEL_GET pass. Returns 0, 1 when the bus changed
 * meanwhile (retry), -1 after printing why.
 */
static int load_once(struct nl_sock *sk, int family, struct hv_model *m)
{
	struct req host = { .m = m, .what = "HOST_GET" };
	struct req chan = { .m = m, .what = "CHANNEL_GET" };

	if (do_request(sk, family, HVCAPS_CMD_HOST_GET, false, &host, on_host))
		return -1;
	if (!host.got_reply) {
		err("the hvcaps module acknowledged HOST_GET without a reply; " MISMATCH_HINT);
		return -1;
	}
	if (do_request(sk, family, HVCAPS_CMD_CHANNEL_GET, true, &chan, on_channel))
		return -1;
	if (chan.dump_intr)
		return 1;
	for (size_t i = 0; i < m->ndev; i++) {
		const struct hv_device *d = &m->dev[i];

		if (m->host.generation.known && d->generation.known &&
		    d->generation.v != m->host.generation.v)
			return 1;
	}
	return 0;
}

int source_netlink_load(struct hv_model *m, const char **fallback)
{
	static char why[256];
	struct nl_sock *sk;
	int family, e, one = 1, ret = -1;

	m->source = "netlink";
	sk = nl_socket_alloc();
	if (!sk) {
		err("out of memory; free some memory and try again");
		return -1;
	}
	e = genl_connect(sk);
	if (e < 0) {
		if (fallback) {
			snprintf(why, sizeof(why),
				 "cannot open a generic netlink socket (%s)",
				 nl_errtext(e));
			*fallback = why;
		} else {
			err("cannot open a generic netlink socket: %s; use --source sysfs",
			    nl_errtext(e));
		}
		goto out;
	}
	/* strict: ask for extended ACKs (the kernel's own error text) */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	nl_socket_disable_auto_ack(sk);
	/*
	 * One 32 KiB read per batch of a dump: the kernel sizes a dump's
	 * messages to the reader's buffer (max_recvmsg_len), so a big buffer
	 * and no MSG_PEEK round trip mean fewer, fuller reads.
	 */
	nl_socket_set_msg_buf_size(sk, 32768);
	nl_socket_disable_msg_peek(sk);

	family = genl_ctrl_resolve(sk, HVCAPS_GENL_NAME);
	if (family < 0) {
		if (family == -NLE_OBJ_NOTFOUND && fallback) {
			*fallback = "kernel module not loaded (run 'modprobe hvcaps' or install it with DKMS)";
		} else if (family == -NLE_OBJ_NOTFOUND) {
			err("the generic netlink family \"" HVCAPS_GENL_NAME "\" is not registered: the kernel module is not loaded; run 'modprobe hvcaps' (or install it with DKMS), or use --source sysfs");
		} else if (fallback) {
			snprintf(why, sizeof(why),
				 "cannot resolve the generic netlink family \"%s\" (%s)",
				 HVCAPS_GENL_NAME, nl_errtext(family));
			*fallback = why;
		} else {
			err("cannot resolve the generic netlink family \"" HVCAPS_GENL_NAME "\": %s; use --source sysfs",
			    nl_errtext(family));
		}
		goto out;
	}

	for (int attempt = 1; ; attempt++) {
		e = load_once(sk, family, m);
		if (e <= 0) {
			ret = e;
			break;
		}
		model_free(m);
		m->source = "netlink";
		if (attempt == DUMP_ATTEMPTS) {
			err("the VMBus kept changing during %d attempts to read it; try again when it has settled",
			    DUMP_ATTEMPTS);
			break;
		}
	}
	if (!ret)
		model_sort(m);
out:
	nl_socket_free(sk);
	return ret;
}
