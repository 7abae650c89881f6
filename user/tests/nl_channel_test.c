// SPDX-License-Identifier: GPL-2.0
/*
 * The shared CHANNEL decoder (user/facts/nl_channel.c) on hand-built messages,
 * laid out as the module writes them (kmod/, include/uapi/linux/hvcaps.h):
 * a valid event decodes; a header shorter than genlmsghdr, an EVENT value
 * outside enum hvcaps_event, an unterminated string, an event without
 * GENERATION are rejected with a reason. TAP.
 */
#include <stdio.h>
#include <string.h>

#include <linux/hvcaps.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_channel.h"

static int n, failed;

static void check(int cond, const char *name)
{
	n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, name);
	failed += !cond;
}

/* an event message: what to leave out or change by flags */
enum { NO_GEN = 1, BAD_EVENT = 2, BAD_STRING = 4 };

static struct nl_msg *event_msg(int flags)
{
	struct nl_msg *m = nlmsg_alloc();
	unsigned char guid[HVCAPS_GUID_LEN] = { 1, 2, 3 };

	genlmsg_put(m, 0, 0, 0x20, 0, 0, HVCAPS_CMD_CHANNEL_NTF, 1);
	nla_put(m, HVCAPS_A_CHANNEL_INSTANCE, sizeof(guid), guid);
	nla_put(m, HVCAPS_A_CHANNEL_CLASS, sizeof(guid), guid);
	nla_put_u32(m, HVCAPS_A_CHANNEL_RELID, 14);
	nla_put_u32(m, HVCAPS_A_CHANNEL_EVENT, flags & BAD_EVENT ? 99 : HVCAPS_EVENT_ADD);
	if (!(flags & NO_GEN))
		nla_put_u32(m, HVCAPS_A_CHANNEL_GENERATION, 7);
	if (flags & BAD_STRING)
		nla_put(m, HVCAPS_A_CHANNEL_DRIVER, 4, "abcd");	/* no NUL */
	else
		nla_put_string(m, HVCAPS_A_CHANNEL_DRIVER, "hv_netvsc");
	return m;
}

static int decode(struct nlmsghdr *h, const char **why)
{
	struct hv_device d = { 0 };
	struct nl_channel_event ev;
	int r = nl_channel_decode(h, &d, &ev, why);

	if (!r && (d.relid != 14 || !ev.event.known || ev.event.v != HVCAPS_EVENT_ADD ||
		   !d.driver || strcmp(d.driver, "hv_netvsc") || d.nchan != 1))
		r = 1;
	hv_device_free_fields(&d);
	return r;
}

int main(void)
{
	const char *why = NULL;
	struct nl_msg *m;
	struct nlmsghdr *h;

	m = event_msg(0);
	check(decode(nlmsg_hdr(m), &why) == 0, "a valid CHANNEL_NTF decodes");
	/* the same bytes, the length cut to less than the genl header */
	h = nlmsg_hdr(m);
	h->nlmsg_len = NLMSG_HDRLEN + 2;
	check(decode(h, &why) == -1 && strstr(why, "header"), "a message shorter than its genl header is rejected");
	nlmsg_free(m);
	m = event_msg(BAD_EVENT);
	check(decode(nlmsg_hdr(m), &why) == -1 && strstr(why, "EVENT"), "an unknown EVENT value is rejected, not read as a sub-channel change");
	nlmsg_free(m);
	m = event_msg(NO_GEN);
	check(decode(nlmsg_hdr(m), &why) == -1 && strstr(why, "GENERATION"), "an event without GENERATION is rejected");
	nlmsg_free(m);
	m = event_msg(BAD_STRING);
	check(decode(nlmsg_hdr(m), &why) == -1, "a string attribute without its NUL is rejected");
	nlmsg_free(m);
	printf("1..%d\n", n);
	return failed != 0;
}
