/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host releases hvcaps knows: the one table behind --host's accepted
 * values, the host build and VMBus version mappings, the error messages
 * and `hvcaps help hosts` (which the HOSTS section of hvcaps(8) must
 * match: tests/contract_tests.sh compares them).
 */
#ifndef HVCAPS_HOSTS_H
#define HVCAPS_HOSTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct hv_host_release {
	const char *token;	/* --host value and matrix host token */
	const char *name;	/* "Windows Server 2012 R2" */
	uint32_t build;		/* Hyper-V's CPUID build number; 0: none */
	uint32_t build_sp;	/* a service pack's build read as the same; 0: none */
	uint32_t vmbus;		/* the VMBus protocol it negotiates (major << 16 | minor); 0: none */
};

extern const struct hv_host_release hv_hosts[];
extern const size_t hv_hosts_count;

/* The entry of a token (lower case), or NULL. */
const struct hv_host_release *hv_host_find(const char *token);
/*
 * The release of a build: exact, or the newest release before it (*exact
 * false); NULL when older than all.
 */
const char *hv_host_for_build(uint32_t build, bool *exact);
/*
 * The release of a negotiated VMBus version: exact, or a guess (*exact
 * false: 4.1-5.1 are Windows 10 releases read as 2016, newer than 5.3 is
 * read as 2025); NULL when none fits.
 */
const char *hv_host_for_vmbus(uint32_t version, bool *exact);
/* "2008, 2008r2, ..., azure-stack-hci or azure-local" (static). */
const char *hv_host_tokens(void);
/* The table as `hvcaps help hosts` prints it. */
void hv_hosts_print(FILE *f);

#endif
