/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the test programs that need more than one source. */
#ifndef HVCAPS_SELFTEST_TESTUTIL_H
#define HVCAPS_SELFTEST_TESTUTIL_H

#include "nl.h"
#include "scenario.h"

/* The module's own poll constants: waits follow its period. */
#include "../../kmod/hvcaps_poll.h"

/*
 * How long the generation must hold still to call the bus settled: a
 * sub-channel change reaches the generation at the module's next poll
 * while someone listens (at most HVCAPS_POLL_SLACK_MS, the deferrable
 * timer included) and at the next HOST_GET otherwise, so one poll's worth
 * of quiet after that is enough.
 */
#define HV_SETTLE_MS (HVCAPS_POLL_SLACK_MS + HVCAPS_POLL_MS)

/*
 * Poll HOST_GET until hvcaps reports as many devices and channels as
 * sysfs shows and its generation has stayed put for HV_SETTLE_MS. 0 with
 * the last reply in HOST, or -1 with ERR after TIMEOUT_MS.
 */
int hv_wait_settled(struct hv_nl *nl, int timeout_ms, struct hv_host *host,
		    char *err, size_t n);

/* Load $HVCAPS_SCENARIO again (or just reset without one). */
int hv_restore_scenario(char *err, size_t n);

/*
 * A scenario text with NDEV NIC offers of SUBS sub-channels each, relids
 * from RELID_BASE; malloc'ed.
 */
char *hv_gen_scenario(unsigned int ndev, unsigned int subs,
		      unsigned int relid_base);

/*
 * Whether tests can script offers through the VMBus double: root, and its
 * control file (HV_DOUBLE_CONTROL) present. On a real VMBus (real-bus
 * mode) it is absent; the rig proves that mode by hiding it
 * (selftests/hvcaps/kselftest_install_test.sh). true, or false with the
 * reason in WHY.
 */
bool hv_double_usable(char *why, size_t n);

/*
 * First line of a test case that scripts offers: skip it, with the
 * reason, when the double cannot be used (see hv_double_usable()).
 */
#define HV_SKIP_WITHOUT_DOUBLE()					\
	do {								\
		char why_[256];						\
									\
		if (!hv_double_usable(why_, sizeof(why_)))		\
			SKIP(return, "scripts VMBus offers, which needs the VMBus double: %s", \
			     why_);					\
	} while (0)

/* The repository root: $HVCAPS_TOP, else ".". */
const char *hv_top(void);

/* Milliseconds on the monotonic clock. */
long long hv_now_ms(void);
void hv_sleep_ms(int ms);

#endif
