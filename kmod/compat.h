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
 *
 * Which kernels have each probed API, and which backport in RHEL 8
 * (4.18) and RHEL 9 (5.14) each probe is meant to catch. The rig's
 * kernels were grepped (Debian 5.10, 6.1, 6.12, sid's 7.2, arm64 6.1 and
 * 6.12); RHEL kernels cannot be fetched here (no RHEL or CentOS Stream
 * archive in this machine's apt configuration), so the RHEL columns say
 * what the probe is for, not what was seen: a RHEL kernel is judged by its
 * headers, whatever its version number says.
 *
 * HVCAPS_HAVE_GENL_INFO_DUMP: genl_info_dump(), mainline 6.6; rig: 6.12,
 *   sid. RHEL 9: a minor release whose genetlink rebase reaches 6.6.
 *   RHEL 8: not expected (then the genl_dumpit_info() paths below).
 * HVCAPS_HAVE_GENL_SPLIT_OPS: struct genl_split_ops, mainline 6.2; rig:
 *   6.12, sid. RHEL 9: a genetlink rebase past 6.2. RHEL 8: not expected.
 * HVCAPS_HAVE_CONST_BUS_TYPE: the driver core takes const struct
 *   bus_type *, mainline 6.4; rig: 6.12, sid. RHEL 9: a driver core
 *   rebase past 6.4. RHEL 8: not expected.
 * HVCAPS_HAVE_GENL_BIND: genl_family's bind/unbind callbacks, mainline
 *   6.9; rig: 6.12, sid. RHEL 9: a genetlink rebase past 6.9 (without it
 *   events are sent whether anyone listens or not). RHEL 8: not expected.
 * HVCAPS_HAVE_EFI_SECURE_BOOT: efi_enabled(EFI_SECURE_BOOT), never in
 *   mainline: the lockdown patches of Debian (every rig kernel), Fedora,
 *   Ubuntu and RHEL. RHEL 8 and 9: carried by their Secure Boot lockdown
 *   patches, so expected on both; elsewhere (vanilla) the firmware
 *   variables are read.
 * HVCAPS_HAVE_ALLNS_GFP: genlmsg_multicast_allns() with a gfp_t, until
 *   mainline 6.12 dropped it in a fix that stable took (Debian 5.10.y and
 *   6.1.y already lack it: no rig kernel has the argument now). RHEL 8
 *   and 9: the argument stays until their z-stream takes that fix, so
 *   the probe is for them and for older stable kernels.
 * HVCAPS_HAVE_ASM_CPUID_API: cpuid() in asm/cpuid/api.h, which
 *   asm/processor.h no longer includes; rig: sid (7.2). RHEL 8 and 9:
 *   not expected (cpuid() stays in asm/processor.h).
 * HVCAPS_HAVE_HV_GET_VPREG_128: the arm64 Hyper-V register interface,
 *   mainline 5.16; rig: arm64 6.1 and 6.12. RHEL 9 for arm64: the
 *   backport of arm64 Hyper-V guest support it carries for Azure's arm64
 *   sizes. RHEL 8: arm64 Hyper-V guests are not expected (no facts then).
 *
 * Kbuild also requires, and stops the build without, per-op policies
 * (5.10), genl_dumpit_info() (5.5), NL_VALIDATE_STRICT (5.2),
 * NLA_POLICY_EXACT_LEN (5.2), the xarray (4.20) and bus_find_device()
 * with a const void * match (5.3): every rig kernel has them; RHEL 9 has
 * them from 5.14 itself; RHEL 8 only through the backports of its minor
 * releases (genetlink, netlink core, xarray, driver core), which is what
 * those checks are meant to catch, with a clear message where one lacks.
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

/*
 * cpuid() (kmod/host.c): asm/processor.h brought it (through asm/cpuid.h
 * up to 6.12); 7.2 (Debian sid) defines it in asm/cpuid/api.h, which
 * asm/processor.h no longer includes.
 */
#if defined(CONFIG_X86) && defined(HVCAPS_HAVE_ASM_CPUID_API)
#include <asm/cpuid/api.h>
#endif

/*
 * Hyper-V's registers on arm64 (kmod/host.c): hv_get_vpreg_128() and
 * hv_is_hyperv_initialized(), EXPORT_SYMBOL_GPL from arch/arm64/hyperv/
 * (mainline 5.16), which is built into vmlinux whenever CONFIG_HYPERV is
 * y or m: Debian's arm64 6.1 and 6.12 (CONFIG_HYPERV=m) list both as
 * vmlinux symbols in Module.symvers. So no module dependency is added,
 * and without CONFIG_HYPERV the code is left out (the facts are unknown).
 */
#if defined(CONFIG_ARM64) && IS_ENABLED(CONFIG_HYPERV) && \
	defined(HVCAPS_HAVE_HV_GET_VPREG_128)
#define HVCAPS_HV_VPREGS
#endif

#endif /* _HVCAPS_COMPAT_H */
