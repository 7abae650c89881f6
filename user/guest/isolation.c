// SPDX-License-Identifier: GPL-2.0
/*
 * Hyper-V isolation (confidential VMs), read with the CPUID instruction on
 * the running system when the hvcaps module is not there to report it.
 * The layout is the kernel's (arch/x86/include/asm/hyperv-tlfs.h,
 * include/asm-generic/hyperv-tlfs.h, 6.1):
 *
 *   0x40000000 EAX  the highest hypervisor leaf; EBX ECX EDX "Microsoft Hv"
 *   0x40000003 EBX  bit 22 HV_ISOLATION: the partition is isolated
 *   0x4000000C EAX  HYPERV_CPUID_ISOLATION_CONFIG: bit 0 HV_PARAVISOR_PRESENT
 *   0x4000000C EBX  bits 3:0 HV_ISOLATION_TYPE (0 none, 1 VBS, 2 SNP, 3 TDX)
 *
 * as arch/x86/hyperv/ivm.c's hv_get_isolation_type() reads them. CPUID
 * describes the machine hvcaps runs on, so nothing is read under --root.
 */
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "guest.h"
#include "util.h"

#define CPUID_HV_VENDOR		0x40000000u
#define CPUID_HV_FEATURES	0x40000003u
#define CPUID_HV_ISOLATION	0x4000000Cu
#define HV_ISOLATION		(1u << 22)
#define HV_PARAVISOR_PRESENT	(1u << 0)
#define HV_ISOLATION_TYPE	0xfu

void guest_collect_isolation(struct hv_guest *g, const struct groot *r)
{
	struct guest_isolation *iso = &g->isolation;

	(void)r;
	if (strcmp(g->root, "/")) {
		iso->why = xstrdup("CPUID describes the machine hvcaps runs on: not read under --root (pass --isolation)");
		return;
	}
#if defined(__x86_64__) || defined(__i386__)
	{
		unsigned int a, b, c, d, max;
		char sig[13];

		__cpuid(CPUID_HV_VENDOR, a, b, c, d);
		max = a;
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
		sig[12] = '\0';
		if (strcmp(sig, "Microsoft Hv")) {
			/* not Hyper-V: no Hyper-V isolation */
			iso->type.known = true;
			iso->source = xstrdup("CPUID 0x40000000: no \"Microsoft Hv\" signature (not on Hyper-V)");
			return;
		}
		__cpuid(CPUID_HV_FEATURES, a, b, c, d);
		iso->type.known = true;
		if (max < CPUID_HV_ISOLATION || !(b & HV_ISOLATION)) {
			iso->source = xasprintf("CPUID 0x40000003 EBX bit 22 (isolation) clear%s",
						max < CPUID_HV_ISOLATION ? ", no leaf 0x4000000C" : "");
			return;
		}
		__cpuid(CPUID_HV_ISOLATION, a, b, c, d);
		iso->type.v = b & HV_ISOLATION_TYPE;
		iso->paravisor.known = true;
		iso->paravisor.v = a & HV_PARAVISOR_PRESENT;
		iso->config_a.known = iso->config_b.known = true;
		iso->config_a.v = a;
		iso->config_b.v = b;
		iso->source = xasprintf("CPUID 0x4000000C EAX 0x%x EBX 0x%x", a, b);
	}
#else
	iso->why = xstrdup("Hyper-V's isolation CPUID leaves exist on x86 only");
#endif
}
