/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding the Hyper-V CPUID leaves (TLFS "Hypervisor CPUID leaves").
 *
 * Pure functions on register values, without kernel dependencies, so
 * that a host unit test runs the same code on recorded leaves: there is
 * no Hyper-V to execute CPUID on where the tests run.
 */
#ifndef _HVCAPS_HV_CPUID_H
#define _HVCAPS_HV_CPUID_H

#include <linux/types.h>

#define HVCAPS_CPUID_VENDOR		0x40000000
#define HVCAPS_CPUID_VERSION		0x40000002
#define HVCAPS_CPUID_FEATURES		0x40000003
#define HVCAPS_CPUID_ENLIGHTENMENT	0x40000004
#define HVCAPS_CPUID_ISOLATION		0x4000000C

#define HVCAPS_HV_SIGNATURE		"Microsoft Hv"
#define HVCAPS_HV_FEATURE_ISOLATION	0x00400000u	/* 0x40000003 EBX bit 22 */
#define HVCAPS_HV_ISOLATION_TYPE_MASK	0xfu		/* 0x4000000C EBX */
/* Not a UAPI value: the type is unknowable, the attribute is left out. */
#define HVCAPS_HV_ISOLATION_UNKNOWN	0xffffffffu

struct hvcaps_cpuid_regs {
	__u32 eax, ebx, ecx, edx;
};

/* What the leaves say about the host, in UAPI units. */
struct hvcaps_hv_host {
	__u32 build, major, minor, service_pack, branch, number;
	__u32 features_eax, features_ebx, features_edx, recommendations;
	__u32 isolation;
};

/* The 12-byte vendor signature of leaf 0x40000000 as a C string. */
static inline void hvcaps_cpuid_signature(const struct hvcaps_cpuid_regs *r,
					  char sig[13])
{
	const __u32 words[3] = { r->ebx, r->ecx, r->edx };
	int i;

	for (i = 0; i < 12; i++)
		sig[i] = (char)(words[i / 4] >> (8 * (i % 4)));
	sig[12] = '\0';
}

/*
 * Decode leaves 0x40000002..4 and 0x4000000C. @max_leaf is EAX of leaf
 * 0x40000000; @iso is ignored unless max_leaf reaches it and the
 * isolation feature bit is set (otherwise the guest is not isolated).
 */
static inline void hvcaps_hv_decode(struct hvcaps_hv_host *h, __u32 max_leaf,
				    const struct hvcaps_cpuid_regs *version,
				    const struct hvcaps_cpuid_regs *features,
				    const struct hvcaps_cpuid_regs *enlight,
				    const struct hvcaps_cpuid_regs *iso)
{
	h->build = version->eax;
	h->major = version->ebx >> 16;
	h->minor = version->ebx & 0xffff;
	h->service_pack = version->ecx;
	h->branch = version->edx >> 24;
	h->number = version->edx & 0xffffff;
	h->features_eax = features->eax;
	h->features_ebx = features->ebx;
	h->features_edx = features->edx;
	h->recommendations = enlight->eax;
	h->isolation = 0;
	if (max_leaf >= HVCAPS_CPUID_ISOLATION &&
	    (features->ebx & HVCAPS_HV_FEATURE_ISOLATION))
		h->isolation = iso->ebx & HVCAPS_HV_ISOLATION_TYPE_MASK;
}

#endif /* _HVCAPS_HV_CPUID_H */
