// SPDX-License-Identifier: GPL-2.0
/*
 * HOST_GET: facts about the host and the VMBus connection.
 *
 * The hypervisor's identity comes from CPUID on x86, which needs no
 * Hyper-V driver; the Hyper-V leaves are only meaningful under the
 * "Microsoft Hv" signature, so they are reported only then, never guessed.
 * arm64 has no CPUID: the same facts come from Hyper-V's registers
 * (hv_vpreg.h), and the CPUID signature and max leaf are left out.
 */

#include <linux/efi.h>
#include <linux/kernel.h>
#include <linux/string.h>
#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#include <asm/processor.h>
#endif

#include "compat.h"
#include "hv_cpuid.h"
#include "hvcaps_priv.h"

#ifdef HVCAPS_HV_VPREGS
#include <asm/mshyperv.h>
#include "hv_vpreg.h"
#endif

/* The decoded Hyper-V facts; isolation left out when unknowable. */
static int __maybe_unused hvcaps_put_hv_facts(struct sk_buff *skb,
					      const struct hvcaps_hv_host *h)
{
	if (nla_put_u32(skb, HVCAPS_A_HOST_HV_BUILD, h->build) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_MAJOR, h->major) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_MINOR, h->minor) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_SERVICE_PACK, h->service_pack) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_SERVICE_BRANCH, h->branch) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_SERVICE_NUMBER, h->number) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_FEATURES_EAX, h->features_eax) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_FEATURES_EBX, h->features_ebx) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_FEATURES_EDX, h->features_edx) ||
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_RECOMMENDATIONS,
			h->recommendations))
		return -EMSGSIZE;
	if (h->isolation != HVCAPS_HV_ISOLATION_UNKNOWN &&
	    nla_put_u32(skb, HVCAPS_A_HOST_HV_ISOLATION, h->isolation))
		return -EMSGSIZE;
	return 0;
}

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
	return hvcaps_put_hv_facts(skb, &h);
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

static void hvcaps_hv_host_init(void)
{
}
#elif defined(HVCAPS_HV_VPREGS)
/*
 * Read once, at load: the registers cannot change while the guest runs,
 * and each read is a hypercall.
 */
static struct hvcaps_hv_host hvcaps_hv_regs;
static bool hvcaps_hv_regs_known;

static void hvcaps_read_vpreg(u32 reg, struct hvcaps_hv_reg128 *r)
{
	struct hv_get_vp_registers_output out;

	hv_get_vpreg_128(reg, &out);
	r->a = out.as32.a;
	r->b = out.as32.b;
	r->c = out.as32.c;
	r->d = out.as32.d;
}

static void hvcaps_hv_host_init(void)
{
	struct hvcaps_hv_reg128 version, features, enlight;

	/*
	 * hv_get_vpreg_128() BUG()s when the hypercall fails, as it does
	 * off Hyper-V: only once the kernel found Hyper-V and set it up
	 * (hyperv_init() in arch/arm64/hyperv/mshyperv.c).
	 */
	if (!hv_is_hyperv_initialized())
		return;
	hvcaps_read_vpreg(HVCAPS_HV_REG_HYPERVISOR_VERSION, &version);
	hvcaps_read_vpreg(HVCAPS_HV_REG_FEATURES, &features);
	hvcaps_read_vpreg(HVCAPS_HV_REG_ENLIGHTENMENTS, &enlight);
	hvcaps_hv_decode_vpregs(&hvcaps_hv_regs, &version, &features, &enlight);
	hvcaps_hv_regs_known = true;
}

/* No CPUID here: signature and max leaf stay out, the rest as on x86. */
static int hvcaps_put_cpu(struct sk_buff *skb)
{
	if (!hvcaps_hv_regs_known)
		return 0;
	return hvcaps_put_hv_facts(skb, &hvcaps_hv_regs);
}
#else
/*
 * Neither CPUID nor the Hyper-V register interface (another architecture,
 * or arm64 without CONFIG_HYPERV): every hypervisor fact is unknown.
 */
static void hvcaps_hv_host_init(void)
{
}

static int hvcaps_put_cpu(struct sk_buff *skb)
{
	return 0;
}
#endif

/*
 * Secure Boot: 1 on, 0 off, -1 unknown (then the attribute is left out).
 * It cannot change before a reboot, so it is read once, at load: reading
 * firmware variables takes the global EFI runtime lock, and any user may
 * send HOST_GET as often as it likes.
 */
static int hvcaps_secure_boot_state = -1;

#if !defined(HVCAPS_HAVE_EFI_SECURE_BOOT) && IS_ENABLED(CONFIG_EFI)
/* shim's vendor GUID (SHIM_LOCK_GUID, drivers/firmware/efi/libstub). */
#define HVCAPS_SHIM_LOCK_GUID \
	EFI_GUID(0x605dab50, 0xe046, 0x4300, \
		 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23)

/*
 * As efi_get_secureboot_mode() (include/linux/efi.h, 6.1) decides, then
 * shim's runtime copy of MokSBState, as the EFI stub's efi_get_secureboot()
 * (drivers/firmware/efi/libstub/secureboot.c): validation disabled in shim
 * means no Secure Boot for what it loads.
 */
static int hvcaps_secure_boot_from_variables(void)
{
	static efi_char16_t sb_name[] = L"SecureBoot";
	static efi_char16_t sm_name[] = L"SetupMode";
	static efi_char16_t mok_name[] = L"MokSBStateRT";
	efi_guid_t global = EFI_GLOBAL_VARIABLE_GUID;
	efi_guid_t shim = HVCAPS_SHIM_LOCK_GUID;
	unsigned long size;
	efi_status_t status;
	u8 sb, sm = 0, mok = 0;

	if (!efi_enabled(EFI_RUNTIME_SERVICES) ||
	    !efi_rt_services_supported(EFI_RT_SUPPORTED_GET_VARIABLE))
		return -1;
	size = sizeof(sb);
	status = efi.get_variable(sb_name, &global, NULL, &size, &sb);
	if (status == EFI_NOT_FOUND)
		return 0;
	if (status != EFI_SUCCESS)
		return -1;
	size = sizeof(sm);
	if (efi.get_variable(sm_name, &global, NULL, &size, &sm) != EFI_SUCCESS)
		sm = 0;
	if (sb == 0 || sm == 1)
		return 0;
	size = sizeof(mok);
	if (efi.get_variable(mok_name, &shim, NULL, &size, &mok) == EFI_SUCCESS &&
	    mok == 1)
		return 0;
	return 1;
}
#endif

/*
 * efi_enabled(EFI_SECURE_BOOT) is set at boot by the lockdown patches of
 * Debian, Fedora/RHEL and Ubuntu; mainline has no such flag (Kbuild
 * probes efi.h). Elsewhere read the firmware's variables. Not booted from
 * EFI: there is no Secure Boot.
 */
void hvcaps_host_init(void)
{
	hvcaps_hv_host_init();
	if (!efi_enabled(EFI_BOOT)) {
		hvcaps_secure_boot_state = 0;
		return;
	}
#ifdef HVCAPS_HAVE_EFI_SECURE_BOOT
	hvcaps_secure_boot_state = efi_enabled(EFI_SECURE_BOOT);
#elif IS_ENABLED(CONFIG_EFI)
	hvcaps_secure_boot_state = hvcaps_secure_boot_from_variables();
#endif
}

/*
 * @devices and @channels: counted by the caller's walk of the devices
 * (hvcaps_events_sync()), the same a dump then shows.
 */
int hvcaps_host_fill(struct sk_buff *skb, u32 generation, u32 devices,
		     u32 channels)
{
	const struct bus_type *bus = hvcaps_vmbus_get();
	int secure_boot = hvcaps_secure_boot_state;

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
	    nla_put_u32(skb, HVCAPS_A_HOST_GENERATION, generation))
		return -EMSGSIZE;
	return hvcaps_put_cpu(skb);
}
