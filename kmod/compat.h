/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference hvcaps cares about, in one place.
 *
 * Debian and stable kernels backport APIs, which makes LINUX_VERSION_CODE
 * checks lie, so Kbuild probes the headers the module is built against
 * and passes the HVCAPS_HAVE_* defines used here (see Kbuild).
 */
#ifndef _HVCAPS_COMPAT_H
#define _HVCAPS_COMPAT_H

#include <linux/device.h>
#include <linux/netlink.h>
#include <net/genetlink.h>

/*
 * 6.4 made the driver core take const struct bus_type pointers; older
 * kernels take them mutable but never write through them for us.
 */
#ifdef HVCAPS_HAVE_CONST_BUS_TYPE
static inline const struct bus_type *hvcaps_bus_arg(const struct bus_type *bus)
{
	return bus;
}
#else
static inline struct bus_type *hvcaps_bus_arg(const struct bus_type *bus)
{
	return (struct bus_type *)bus;
}
#endif

/*
 * The parsed request attributes of a dump: genl_dumpit_info(cb)->attrs up
 * to 6.1, ->info.attrs since the split ops of 6.2, genl_info_dump() since
 * 6.6.
 */
static inline struct nlattr **hvcaps_dump_attrs(struct netlink_callback *cb)
{
#if defined(HVCAPS_HAVE_GENL_INFO_DUMP)
	return genl_info_dump(cb)->attrs;
#elif defined(HVCAPS_HAVE_GENL_SPLIT_OPS)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* NL_SET_ERR_ATTR_MISS (6.0) also points userspace at the missing type. */
#ifdef NL_SET_ERR_ATTR_MISS
#define hvcaps_set_err_missing(extack, type, msg) do {		\
		struct netlink_ext_ack *hvcaps_ea = (extack);	\
								\
		NL_SET_ERR_MSG(hvcaps_ea, msg);			\
		NL_SET_ERR_ATTR_MISS(hvcaps_ea, NULL, type);	\
	} while (0)
#else
#define hvcaps_set_err_missing(extack, type, msg) NL_SET_ERR_MSG(extack, msg)
#endif

/*
 * A GUID attribute: exactly 16 bytes. NLA_POLICY_EXACT_LEN (5.x) also
 * shows the length in policy dumps; without it the policy caps the length
 * and the do request checks the rest.
 */
#ifdef NLA_POLICY_EXACT_LEN
#define HVCAPS_POLICY_GUID	NLA_POLICY_EXACT_LEN(HVCAPS_GUID_LEN)
#else
#define HVCAPS_POLICY_GUID	{ .type = NLA_BINARY, .len = HVCAPS_GUID_LEN }
#endif

/*
 * Multicast to every network namespace. The gfp argument went away
 * (6.12, and stable backports of it); the clones are GFP_ATOMIC either
 * way. The caller holds rcu_read_lock().
 */
static inline int hvcaps_multicast_allns(const struct genl_family *family,
					 struct sk_buff *skb,
					 unsigned int group)
{
#ifdef HVCAPS_HAVE_ALLNS_GFP
	return genlmsg_multicast_allns(family, skb, 0, group, GFP_ATOMIC);
#else
	return genlmsg_multicast_allns(family, skb, 0, group);
#endif
}

#endif /* _HVCAPS_COMPAT_H */
