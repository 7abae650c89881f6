/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one decoder of HVCAPS_CMD_CHANNEL messages (a CHANNEL_GET reply or
 * a CHANNEL_NTF event): source_netlink.c and monitor.c use it, and the
 * selftests may. Every length is checked before it is read.
 */
#ifndef HVCAPS_NL_CHANNEL_H
#define HVCAPS_NL_CHANNEL_H

#include <netlink/netlink.h>

#include "model.h"

/* The event of a CHANNEL_NTF: known is false in a CHANNEL_GET reply. */
struct nl_channel_event {
	struct opt_u32 event;		/* enum hvcaps_event, checked */
};

/*
 * Decode nlh into d (zeroed by the caller; its strings and channels are
 * then the caller's, freed with hv_device_free_fields()): 0, or -1 with
 * *why a static text saying what is malformed. The channels are the
 * primary (from the device's attributes) and the sub-channels.
 */
int nl_channel_decode(struct nlmsghdr *nlh, struct hv_device *d,
		      struct nl_channel_event *ev, const char **why);
void hv_device_free_fields(struct hv_device *d);

#endif
