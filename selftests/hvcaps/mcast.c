// SPDX-License-Identifier: GPL-2.0
/* The hvcaps "events" multicast group: its id and a socket in it. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>

#include "mcast.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct grp_arg {
	const char *name;
	uint32_t id;
};

static void ctrl_groups(const struct nlmsghdr *nlh, struct hv_reply *r,
			void *arg)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct grp_arg *ga = arg;
	struct nlattr *a, *grp, *ga2;
	int rem, rem2, rem3;

	(void)r;
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return;
	nla_for_each_attr(a, (struct nlattr *)((char *)g + GENL_HDRLEN),
			  (int)(nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)), rem) {
		if (nla_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		nla_for_each_nested(grp, a, rem2) {
			const char *name = NULL;
			uint32_t id = 0;

			nla_for_each_nested(ga2, grp, rem3) {
				if (nla_type(ga2) == CTRL_ATTR_MCAST_GRP_NAME)
					name = nla_data(ga2);
				else if (nla_type(ga2) == CTRL_ATTR_MCAST_GRP_ID)
					id = nla_get_u32(ga2);
			}
			if (name && !strcmp(name, ga->name))
				ga->id = id;
		}
	}
}

/* See mcast.h. */
int resolve_group(struct hv_nl *nl, uint32_t *id, char *err, size_t n)
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
	struct grp_arg ga = { .name = HVCAPS_MCGRP_EVENTS };
	struct hv_reply r;

	if (hv_nl_request(nl, &req, &r, ctrl_groups, &ga) || r.error) {
		hv_fmt(err, n, "CTRL_CMD_GETFAMILY: %s%s",
		       r.error ? strerror(r.error) : "", r.bad);
		hv_reply_free(&r);
		return -1;
	}
	hv_reply_free(&r);
	*id = ga.id;
	if (!ga.id) {
		hv_fmt(err, n, "the family \"%s\" has no multicast group \"%s\" (hvcaps.ko without live events)",
		       HVCAPS_GENL_NAME, HVCAPS_MCGRP_EVENTS);
		return -1;
	}
	return 0;
}

/* See mcast.h. */
int listener_open(uint32_t grp, int rcvbuf)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, ret;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			sizeof(rcvbuf)) &&
	     setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf))) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp))) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

