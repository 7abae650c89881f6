/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding the Hyper-V registers an arm64 guest reads by hypercall
 * (HvCallGetVpRegisters), where an x86 guest executes CPUID.
 *
 * Pure functions on register values, without kernel dependencies, so that
 * a host unit test runs the same code on recorded values (tests/unit).
 * The layouts are those of the kernel's arm64 hyperv_init()
 * (arch/arm64/hyperv/mshyperv.c, 6.1 and 6.12), which reads each register
 * as four 32-bit words a, b, c, d (hv_get_vp_registers_output.as32):
 *   HypervisorVersion: a build, b major << 16 | minor, c service pack,
 *     d branch << 24 | number: the words of CPUID 0x40000002 in order;
 *   Features: a privileges low, b privileges high, c misc features (x86
 *     has them in EDX of 0x40000003: the third word, not the fourth);
 *   Enlightenments: a the recommendations (x86: EAX of 0x40000004).
 * There is no register for the isolation type (x86 leaf 0x4000000C), so
 * an arm64 guest that the privileges call isolated has an unknown type.
 */
#ifndef _HVCAPS_HV_VPREG_H
#define _HVCAPS_HV_VPREG_H

#include "hv_cpuid.h"

/*
 * As arch/arm64/include/asm/hyperv-tlfs.h (6.1) numbers them; later
 * kernels' include/hyperv/ headers name the last two
 * HV_REGISTER_PRIVILEGES_AND_FEATURES_INFO and HV_REGISTER_FEATURES_INFO,
 * with the same numbers.
 */
#define HVCAPS_HV_REG_HYPERVISOR_VERSION	0x00000100
#define HVCAPS_HV_REG_FEATURES			0x00000200
#define HVCAPS_HV_REG_ENLIGHTENMENTS		0x00000201

/* One 128-bit register as hv_get_vp_registers_output.as32 holds it. */
struct hvcaps_hv_reg128 {
	__u32 a, b, c, d;
};

/*
 * Decode the three registers into the UAPI's units, as hvcaps_hv_decode()
 * does the CPUID leaves. @h->isolation is HVCAPS_HV_ISOLATION_NONE when
 * the isolation privilege (privileges high, bit 22) is clear, else
 * HVCAPS_HV_ISOLATION_UNKNOWN.
 */
static inline void hvcaps_hv_decode_vpregs(struct hvcaps_hv_host *h,
					   const struct hvcaps_hv_reg128 *version,
					   const struct hvcaps_hv_reg128 *features,
					   const struct hvcaps_hv_reg128 *enlight)
{
	const struct hvcaps_cpuid_regs v = {
		.eax = version->a, .ebx = version->b,
		.ecx = version->c, .edx = version->d,
	};
	const struct hvcaps_cpuid_regs f = {
		.eax = features->a, .ebx = features->b, .edx = features->c,
	};
	const struct hvcaps_cpuid_regs e = { .eax = enlight->a };
	const struct hvcaps_cpuid_regs none = {};

	/* max_leaf 0: no isolation leaf to read. */
	hvcaps_hv_decode(h, 0, &v, &f, &e, &none);
	if (f.ebx & HVCAPS_HV_FEATURE_ISOLATION)
		h->isolation = HVCAPS_HV_ISOLATION_UNKNOWN;
}

#endif /* _HVCAPS_HV_VPREG_H */
