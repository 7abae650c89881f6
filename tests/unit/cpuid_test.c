// SPDX-License-Identifier: GPL-2.0
/*
 * The module's decoding of the Hyper-V CPUID leaves (kmod/hv_cpuid.h), run
 * on register values as Hyper-V hosts report them. There is no Hyper-V
 * where the tests run, so this is where that code is exercised.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "hv_cpuid.h"

/* "Microsoft Hv" as leaf 0x40000000 returns it in EBX, ECX, EDX. */
static const struct hvcaps_cpuid_regs hyperv_vendor = {
	.eax = 0x4000000B, .ebx = 0x7263694d, .ecx = 0x666f736f, .edx = 0x76482074,
};

TEST(signature_of_hyperv)
{
	char sig[13];

	hvcaps_cpuid_signature(&hyperv_vendor, sig);
	ASSERT_STREQ(HVCAPS_HV_SIGNATURE, sig);
}

TEST(signature_of_kvm_keeps_padding_out)
{
	/* KVM pads "KVMKVMKVM" with NULs: the string must end there. */
	const struct hvcaps_cpuid_regs kvm = {
		.ebx = 0x4b4d564b, .ecx = 0x564b4d56, .edx = 0x0000004d,
	};
	char sig[13];

	hvcaps_cpuid_signature(&kvm, sig);
	ASSERT_STREQ("KVMKVMKVM", sig);
}

TEST(windows_server_2019_host)
{
	/* Build 17763, version 10.0, service pack 0, branch 0 number 1. */
	const struct hvcaps_cpuid_regs version = {
		.eax = 17763, .ebx = 0x000a0000, .ecx = 0, .edx = 0x00000001,
	};
	const struct hvcaps_cpuid_regs features = {
		.eax = 0x00002e7f, .ebx = 0x003b8030, .edx = 0x000bed7b,
	};
	const struct hvcaps_cpuid_regs enlight = { .eax = 0x00062c2c };
	const struct hvcaps_cpuid_regs iso = { .ebx = 2 };
	struct hvcaps_hv_host h;

	hvcaps_hv_decode(&h, 0x4000000B, &version, &features, &enlight, &iso);
	EXPECT_EQ(17763u, h.build);
	EXPECT_EQ(10u, h.major);
	EXPECT_EQ(0u, h.minor);
	EXPECT_EQ(0u, h.service_pack);
	EXPECT_EQ(0u, h.branch);
	EXPECT_EQ(1u, h.number);
	EXPECT_EQ(0x00002e7fu, h.features_eax);
	EXPECT_EQ(0x003b8030u, h.features_ebx);
	EXPECT_EQ(0x000bed7bu, h.features_edx);
	EXPECT_EQ(0x00062c2cu, h.recommendations);
	/* Isolation bit (EBX bit 22) clear, leaf 0xC out of range: none. */
	EXPECT_EQ(0u, h.isolation);
}

TEST(service_branch_and_number_split_edx)
{
	const struct hvcaps_cpuid_regs version = {
		.eax = 9600, .ebx = 0x00060003, .ecx = 1, .edx = 0x12345678,
	};
	const struct hvcaps_cpuid_regs zero = {};
	struct hvcaps_hv_host h;

	hvcaps_hv_decode(&h, 0x40000005, &version, &zero, &zero, &zero);
	EXPECT_EQ(9600u, h.build);
	EXPECT_EQ(6u, h.major);
	EXPECT_EQ(3u, h.minor);
	EXPECT_EQ(1u, h.service_pack);
	EXPECT_EQ(0x12u, h.branch);
	EXPECT_EQ(0x345678u, h.number);
}

TEST(snp_isolated_guest)
{
	const struct hvcaps_cpuid_regs version = { .eax = 20348 };
	const struct hvcaps_cpuid_regs features = { .ebx = 0x00400000 };
	const struct hvcaps_cpuid_regs enlight = {};
	/* Type 2 (SNP) in EBX[3:0]; the upper bits are other fields. */
	const struct hvcaps_cpuid_regs iso = { .eax = 1, .ebx = 0x00000c22 };
	struct hvcaps_hv_host h;

	hvcaps_hv_decode(&h, 0x4000000C, &version, &features, &enlight, &iso);
	EXPECT_EQ(2u, h.isolation);
}

TEST(isolation_leaf_ignored_without_feature_bit)
{
	const struct hvcaps_cpuid_regs version = { .eax = 20348 };
	const struct hvcaps_cpuid_regs zero = {};
	const struct hvcaps_cpuid_regs iso = { .ebx = 3 };
	struct hvcaps_hv_host h;

	hvcaps_hv_decode(&h, 0x4000000C, &version, &zero, &zero, &iso);
	EXPECT_EQ(0u, h.isolation);
}

TEST(isolation_leaf_ignored_beyond_max_leaf)
{
	const struct hvcaps_cpuid_regs version = { .eax = 20348 };
	const struct hvcaps_cpuid_regs features = { .ebx = 0x00400000 };
	const struct hvcaps_cpuid_regs zero = {};
	const struct hvcaps_cpuid_regs iso = { .ebx = 3 };
	struct hvcaps_hv_host h;

	hvcaps_hv_decode(&h, 0x4000000B, &version, &features, &zero, &iso);
	EXPECT_EQ(0u, h.isolation);
}

TEST_HARNESS_MAIN
