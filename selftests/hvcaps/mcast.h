/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "events" multicast group of the hvcaps family, for the tests and
 * the benchmark that listen to it.
 */
#ifndef HVCAPS_SELFTEST_MCAST_H
#define HVCAPS_SELFTEST_MCAST_H

#include <stddef.h>
#include <stdint.h>

#include "nl.h"

/*
 * The id of the family's "events" group, through CTRL_CMD_GETFAMILY:
 * 0, or -1 with ERR (which says when the group does not exist).
 */
int resolve_group(struct hv_nl *nl, uint32_t *id, char *err, size_t n);

/*
 * A raw NETLINK_GENERIC socket in group GRP with a receive buffer of
 * RCVBUF bytes (SO_RCVBUFFORCE when allowed). The fd, or -errno.
 */
int listener_open(uint32_t grp, int rcvbuf);

#endif
