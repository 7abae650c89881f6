// SPDX-License-Identifier: GPL-2.0
/*
 * The host releases hvcaps knows (hosts.h). Builds: the RTM build of each
 * Windows Server release as Hyper-V's CPUID leaf 0x40000002 reports it
 * (6002 and 7601 are 2008 SP2 and 2008 R2 SP1). VMBus versions: the
 * VERSION_WS2008 ... VERSION_WIN10_V5_3 constants of the kernel's
 * include/linux/hyperv.h, with the host release each one came with.
 * Windows Server 2025 and the Azure hosts have no version of their own.
 */
#include "hosts.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define VMBUS(maj, min) ((uint32_t)(maj) << 16 | (uint32_t)(min))

const struct hv_host_release hv_hosts[] = {
	{ "2008", "Windows Server 2008", 6001, 6002, VMBUS(0, 13) },
	{ "2008r2", "Windows Server 2008 R2", 7600, 7601, VMBUS(1, 1) },
	{ "2012", "Windows Server 2012", 9200, 0, VMBUS(2, 4) },
	{ "2012r2", "Windows Server 2012 R2", 9600, 0, VMBUS(3, 0) },
	{ "2016", "Windows Server 2016", 14393, 0, VMBUS(4, 0) },
	{ "2019", "Windows Server 2019", 17763, 0, VMBUS(5, 2) },
	{ "2022", "Windows Server 2022", 20348, 0, VMBUS(5, 3) },
	{ "2025", "Windows Server 2025", 26100, 0, 0 },
	{ "azure-stack-hci", "Azure Stack HCI", 0, 0, 0 },
	{ "azure-local", "Azure Local", 0, 0, 0 },
};
const size_t hv_hosts_count = ARRAY_SIZE(hv_hosts);

const struct hv_host_release *hv_host_find(const char *token)
{
	for (size_t i = 0; i < ARRAY_SIZE(hv_hosts); i++)
		if (!strcmp(hv_hosts[i].token, token))
			return &hv_hosts[i];
	return NULL;
}

const char *hv_host_for_build(uint32_t build, bool *exact)
{
	const char *r = NULL;

	*exact = false;
	for (size_t i = 0; i < ARRAY_SIZE(hv_hosts); i++) {
		const struct hv_host_release *h = &hv_hosts[i];

		if (!h->build)
			continue;
		if (build == h->build || (h->build_sp && build == h->build_sp)) {
			*exact = true;
			return h->token;
		}
		if (build > h->build)
			r = h->token;
	}
	return r;
}

const char *hv_host_for_vmbus(uint32_t v, bool *exact)
{
	uint32_t major = v >> 16, minor = v & 0xffff;

	*exact = true;
	for (size_t i = 0; i < ARRAY_SIZE(hv_hosts); i++)
		if (hv_hosts[i].vmbus && hv_hosts[i].vmbus == v)
			return hv_hosts[i].token;
	*exact = false;
	/* 4.1, 5.0, 5.1: Windows 10 releases between Server 2016 and 2019 */
	if (major == 4 || (major == 5 && minor < 2))
		return "2016";
	if (major > 5 || (major == 5 && minor > 3))
		return "2025";
	return NULL;
}

const char *hv_host_tokens(void)
{
	static char buf[256];

	if (!buf[0]) {
		size_t len = 0;

		for (size_t i = 0; i < ARRAY_SIZE(hv_hosts); i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
						!i ? "" : i + 1 == ARRAY_SIZE(hv_hosts) ? " or " : ", ",
						hv_hosts[i].token);
	}
	return buf;
}

void hv_hosts_print(FILE *f)
{
	fprintf(f, "%-16s %-23s %-11s %s\n", "HOST", "RELEASE", "BUILD", "VMBUS");
	for (size_t i = 0; i < ARRAY_SIZE(hv_hosts); i++) {
		const struct hv_host_release *h = &hv_hosts[i];
		char b[32] = "-", v[16] = "-";

		if (h->build_sp)
			snprintf(b, sizeof(b), "%u,%u", h->build, h->build_sp);
		else if (h->build)
			snprintf(b, sizeof(b), "%u", h->build);
		if (h->vmbus)
			snprintf(v, sizeof(v), "%u.%u", h->vmbus >> 16, h->vmbus & 0xffff);
		fprintf(f, "%-16s %-23s %-11s %s\n", h->token, h->name, b, v);
	}
}
