// SPDX-License-Identifier: GPL-2.0
/*
 * The module's decoding of the Hyper-V registers an arm64 guest reads
 * (kmod/hv_vpreg.h), on recorded values. The word layout is that of the
 * kernel's arm64 hyperv_init() (arch/arm64/hyperv/mshyperv.c, 6.1/6.12):
 * its "Hyper-V: Host Build %d.%d.%d.%d-%d-%d" line prints
 * b >> 16, b & 0xFFFF, a, d & 0xFFFFFF, c, d >> 24 of HypervisorVersion.
 */
#include "kselftest_harness.h"
#include "hv_vpreg.h"

/*
 * "Hyper-V: Host Build 10.0.22477.1061-1-0", as Hyper-V on arm64 reported
 * it (quoted in "arm64/hyperv: ... Host Build" on linux-hyperv, March
 * 2022): build 22477, version 10.0, number 1061, service pack 1, branch 0.
 */
static const struct hvcaps_hv_reg128 arm64_version = {
	.a = 22477, .b = 0x000a0000, .c = 1, .d = 1061,
};

TEST(arm64_host_build_line)
{
	const struct hvcaps_hv_reg128 zero = {};
	struct hvcaps_hv_host h;

	hvcaps_hv_decode_vpregs(&h, &arm64_version, &zero, &zero);
	EXPECT_EQ(22477u, h.build);
	EXPECT_EQ(10u, h.major);
	EXPECT_EQ(0u, h.minor);
	EXPECT_EQ(1u, h.service_pack);
	EXPECT_EQ(0u, h.branch);
	EXPECT_EQ(1061u, h.number);
	/* Isolation privilege clear: not isolated, as on x86. */
	EXPECT_EQ(0u, h.isolation);
}

TEST(service_branch_is_the_top_byte_of_d)
{
	const struct hvcaps_hv_reg128 version = {
		.a = 26100, .b = 0x000a0000, .c = 0, .d = 0x07001ef0,
	};
	const struct hvcaps_hv_reg128 zero = {};
	struct hvcaps_hv_host h;

	hvcaps_hv_decode_vpregs(&h, &version, &zero, &zero);
	EXPECT_EQ(7u, h.branch);
	EXPECT_EQ(0x1ef0u, h.number);
}

/*
 * Features: the privileges and misc words as a Hyper-V host reports them
 * ("privilege flags low 0x2e7f, high 0x3b8030, hints 0xc2c, misc
 * 0xbed7b2", an x86 guest's log: no arm64 one was found recorded). On
 * arm64 misc is the third word (hyperv_init(): misc_features = as32.c);
 * the fourth must not be read as it.
 */
TEST(arm64_misc_features_are_the_third_word)
{
	const struct hvcaps_hv_reg128 features = {
		.a = 0x00002e7f, .b = 0x003b8030, .c = 0x00bed7b2, .d = 0xdeadbeef,
	};
	const struct hvcaps_hv_reg128 enlight = {
		.a = 0x00000c2c, .b = 0x11111111, .c = 0x22222222, .d = 0x33333333,
	};
	struct hvcaps_hv_host h;

	hvcaps_hv_decode_vpregs(&h, &arm64_version, &features, &enlight);
	EXPECT_EQ(0x00002e7fu, h.features_eax);
	EXPECT_EQ(0x003b8030u, h.features_ebx);
	EXPECT_EQ(0x00bed7b2u, h.features_edx);
	EXPECT_EQ(0x00000c2cu, h.recommendations);
}

/*
 * The isolation privilege (high word bit 22) set: arm64 has no register
 * for the isolation type (x86's leaf 0x4000000C), so the type is
 * unknown, never "none" and never a guess.
 */
TEST(arm64_isolated_guest_has_an_unknown_type)
{
	const struct hvcaps_hv_reg128 features = { .b = 0x00400000 };
	const struct hvcaps_hv_reg128 zero = {};
	struct hvcaps_hv_host h;

	hvcaps_hv_decode_vpregs(&h, &arm64_version, &features, &zero);
	EXPECT_EQ(HVCAPS_HV_ISOLATION_UNKNOWN, h.isolation);
}

/* The register numbers the module asks for (asm/hyperv-tlfs.h, 6.1). */
TEST(register_numbers)
{
	EXPECT_EQ(0x100, HVCAPS_HV_REG_HYPERVISOR_VERSION);
	EXPECT_EQ(0x200, HVCAPS_HV_REG_FEATURES);
	EXPECT_EQ(0x201, HVCAPS_HV_REG_ENLIGHTENMENTS);
}

TEST_HARNESS_MAIN
