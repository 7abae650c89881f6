/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference hvcaps cares about, in one place.
 *
 * Force-included before every source file (Kbuild: -include), so the .c
 * files use the newest upstream API by its upstream name, and this file
 * back-ports it to the older kernels; deleted, the module is upstream
 * code. Debian and stable kernels backport APIs, which makes
 * LINUX_VERSION_CODE checks lie, so Kbuild probes the headers the module
 * is built against and passes the HVCAPS_HAVE_* defines used here.
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
 * genl_info_dump() (6.6): the parsed request of a dump. The split ops of
 * 6.2 keep it in genl_dumpit_info(cb)->info; before them,
 * genl_dumpit_info(cb) has no struct genl_info but the same ->attrs.
 */
#ifndef HVCAPS_HAVE_GENL_INFO_DUMP
#ifdef HVCAPS_HAVE_GENL_SPLIT_OPS
static inline const struct genl_info *
genl_info_dump(struct netlink_callback *cb)
{
	return &genl_dumpit_info(cb)->info;
}
#else
#define genl_info_dump(cb) genl_dumpit_info(cb)
#endif
#endif

/*
 * GENL_REQ_ATTR_CHECK() (6.1) also points userspace at the missing type;
 * before 6.0 the extack has no field for it, so only the check remains.
 */
#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) (!(info)->attrs[(attr)])
#endif

/*
 * genlmsg_multicast_allns() lost its gfp argument in 6.12 (and its
 * stable backports); the clones are GFP_ATOMIC either way, the caller
 * holding rcu_read_lock(). The macro does not expand itself again.
 */
#ifdef HVCAPS_HAVE_ALLNS_GFP
#define genlmsg_multicast_allns(family, skb, portid, group) \
	genlmsg_multicast_allns(family, skb, portid, group, GFP_ATOMIC)
#endif

#endif /* _HVCAPS_COMPAT_H */
