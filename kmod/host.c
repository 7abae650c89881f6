// SPDX-License-Identifier: GPL-2.0
/*
 * HOST_GET: facts about the host and the VMBus connection.
 *
 * The hypervisor's identity comes from CPUID, which needs no Hyper-V
 * driver; the Hyper-V leaves are only meaningful under the "Microsoft Hv"
 * signature, so they are reported only then, never guessed.
 */

#include <linux/efi.h>
#include <linux/kernel.h>
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

/*
 * Secure Boot: 1 on, 0 off, -1 unknown (then the attribute is left out).
 *
 * efi_enabled(EFI_SECURE_BOOT) is set at boot by the lockdown patches of
 * Debian, Fedora/RHEL and Ubuntu; mainline has no such flag (Kbuild
 * probes efi.h). Elsewhere read the firmware's "SecureBoot" variable
 * through the EFI runtime services, as efi_get_secureboot_mode() does
 * (include/linux/efi.h, 6.x), SetupMode counting as off. Not booted from
 * EFI: there is no Secure Boot.
 */
static int hvcaps_secure_boot(void)
{
#ifdef HVCAPS_HAVE_EFI_SECURE_BOOT
	return efi_enabled(EFI_SECURE_BOOT);
#elif IS_ENABLED(CONFIG_EFI)
	static efi_char16_t sb_name[] = L"SecureBoot";
	static efi_char16_t sm_name[] = L"SetupMode";
	efi_guid_t guid = EFI_GLOBAL_VARIABLE_GUID;
	unsigned long size;
	u8 sb, sm = 0;

	if (!efi_enabled(EFI_BOOT))
		return 0;
	if (!efi_enabled(EFI_RUNTIME_SERVICES) ||
	    !efi_rt_services_supported(EFI_RT_SUPPORTED_GET_VARIABLE))
		return -1;
	size = sizeof(sb);
	if (efi.get_variable(sb_name, &guid, NULL, &size, &sb) !=
	    EFI_SUCCESS)
		return -1;
	size = sizeof(sm);
	if (efi.get_variable(sm_name, &guid, NULL, &size, &sm) !=
	    EFI_SUCCESS)
		sm = 0;
	return sb == 1 && sm == 0;
#else
	return 0;
#endif
}

int hvcaps_host_fill(struct sk_buff *skb)
{
	const struct bus_type *bus = hvcaps_vmbus_get();
	int secure_boot = hvcaps_secure_boot();
	u32 devices, channels;

	hvcaps_vmbus_count(bus, &devices, &channels);

	if (nla_put_string(skb, HVCAPS_A_HOST_MODULE_VERSION,
			   HVCAPS_VERSION) ||
	    nla_put_u8(skb, HVCAPS_A_HOST_VMBUS_PRESENT, !!bus) ||
	    (bus && nla_put_u32(skb, HVCAPS_A_HOST_VMBUS_VERSION,
				hvcaps_vmbus_version())) ||
	    nla_put_u8(skb, HVCAPS_A_HOST_EFI_BOOT, efi_enabled(EFI_BOOT)) ||
	    (secure_boot >= 0 &&
	     nla_put_u8(skb, HVCAPS_A_HOST_SECURE_BOOT, secure_boot)) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_DEVICE_COUNT, devices) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_CHANNEL_COUNT, channels) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_GENERATION, hvcaps_generation()))
		return -EMSGSIZE;
	return hvcaps_put_cpu(skb);
}
