// SPDX-License-Identifier: GPL-2.0
/*
 * HOST_GET: facts about the host and the VMBus connection.
 *
 * The hypervisor's identity comes from CPUID, which needs no Hyper-V
 * driver; the Hyper-V leaves are only meaningful under the "Microsoft Hv"
 * signature, so they are reported only then, never guessed.
 */

#include <linux/efi.h>
#include <linux/string.h>
#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#include <asm/processor.h>
#endif

#include "hv_cpuid.h"
#include "hvcaps.h"

#ifdef CONFIG_X86
static void hvcaps_cpuid(u32 leaf, struct hvcaps_cpuid_regs *r)
{
	cpuid(leaf, &r->eax, &r->ebx, &r->ecx, &r->edx);
}

static int hvcaps_put_hv_host(struct sk_buff *skb, u32 max_leaf)
{
	struct hvcaps_cpuid_regs version, features, enlight, iso = {};
	struct hvcaps_hv_host h;

	hvcaps_cpuid(HVCAPS_CPUID_VERSION, &version);
	hvcaps_cpuid(HVCAPS_CPUID_FEATURES, &features);
	hvcaps_cpuid(HVCAPS_CPUID_ENLIGHTENMENT, &enlight);
	if (max_leaf >= HVCAPS_CPUID_ISOLATION)
		hvcaps_cpuid(HVCAPS_CPUID_ISOLATION, &iso);
	hvcaps_hv_decode(&h, max_leaf, &version, &features, &enlight, &iso);

	if (nla_put_u32(skb, HVCAPS_A_HOST_HV_BUILD, h.build) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_MAJOR, h.major) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_MINOR, h.minor) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_SERVICE_PACK, h.service_pack) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_SERVICE_BRANCH, h.branch) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_SERVICE_NUMBER, h.number) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_FEATURES_EAX, h.features_eax) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_FEATURES_EBX, h.features_ebx) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_FEATURES_EDX, h.features_edx) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_RECOMMENDATIONS,
			h.recommendations) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_ISOLATION, h.isolation))
		return -EMSGSIZE;
	return 0;
}

static int hvcaps_put_cpu(struct sk_buff *skb)
{
	struct hvcaps_cpuid_regs vendor;
	char sig[13];

	/* Without the hypervisor bit, leaf 0x40000000 is not defined. */
	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return 0;

	hvcaps_cpuid(HVCAPS_CPUID_VENDOR, &vendor);
	hvcaps_cpuid_signature(&vendor, sig);
	if (nla_put_string(skb, HVCAPS_A_HOST_CPU_SIGNATURE, sig) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_CPU_MAX_LEAF, vendor.eax))
		return -EMSGSIZE;
	if (strcmp(sig, HVCAPS_HV_SIGNATURE) ||
	    vendor.eax < HVCAPS_CPUID_ENLIGHTENMENT)
		return 0;
	return hvcaps_put_hv_host(skb, vendor.eax);
}
#else
/* Other architectures (arm64) identify Hyper-V by hypercall, not CPUID. */
static int hvcaps_put_cpu(struct sk_buff *skb)
{
	return 0;
}
#endif

int hvcaps_host_fill(struct sk_buff *skb)
{
	const struct bus_type *bus = hvcaps_vmbus_get();
	u32 devices, channels;

	hvcaps_vmbus_count(bus, &devices, &channels);

	if (nla_put_string(skb, HVCAPS_A_HOST_MODULE_VERSION,
			   HVCAPS_VERSION) ||
	    nla_put_u8(skb, HVCAPS_A_HOST_VMBUS_PRESENT, !!bus) ||
	    (bus && nla_put_u32(skb, HVCAPS_A_HOST_VMBUS_VERSION,
				hvcaps_vmbus_version())) ||
	    nla_put_u8(skb, HVCAPS_A_HOST_EFI_BOOT, efi_enabled(EFI_BOOT)) ||
	    nla_put_u8(skb, HVCAPS_A_HOST_SECURE_BOOT,
		       efi_enabled(EFI_SECURE_BOOT)) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_DEVICE_COUNT, devices) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_CHANNEL_COUNT, channels) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_GENERATION, hvcaps_generation()))
		return -EMSGSIZE;
	return hvcaps_put_cpu(skb);
}
