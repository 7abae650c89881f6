/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Preconditions of the kselftest programs. Included after
 * kselftest_harness.h. A fixture records why it cannot run in
 * self->skip and each test starts with HV_CHECK_SKIP(): with the 6.1
 * harness a SKIP() in FIXTURE_SETUP does not stop the test body.
 */
#ifndef HVCAPS_SELFTEST_COMMON_H
#define HVCAPS_SELFTEST_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nl.h"
#include "scenario.h"
#include "testutil.h"

#define HV_CHECK_SKIP()							\
	do {								\
		if (self->skip[0])					\
			SKIP(return, "%s", self->skip);			\
	} while (0)

/* Open the family into NL, or fill SKIP (root-only: not needed here). */
static inline int hv_setup_nl(struct hv_nl *nl, char *skip, size_t n)
{
	char err[HV_ERRLEN];
	int ret = hv_nl_open(nl, err, sizeof(err));

	if (ret == -ENOENT)
		hv_fmt(skip, n, "generic netlink family \"%s\" not registered (hvcaps.ko not loaded)",
			 HVCAPS_GENL_NAME);
	else if (ret)
		hv_fmt(skip, n, "cannot open generic netlink: %.200s", err);
	return ret;
}

static inline int hv_setup_double(char *skip, size_t n)
{
	if (geteuid() != 0) {
		hv_fmt(skip, n, "not root");
		return -1;
	}
	if (!hv_double_present()) {
		hv_fmt(skip, n, "%s missing (vmbus_double.ko not loaded)",
			 HV_DOUBLE_CONTROL);
		return -1;
	}
	return 0;
}

#endif
