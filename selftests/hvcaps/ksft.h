/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's kselftest_harness.h (extracted from linux-source, not part
 * of this tree), with the one warning it raises under -Wextra silenced.
 */
#ifndef HVCAPS_SELFTEST_KSFT_H
#define HVCAPS_SELFTEST_KSFT_H

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop

#endif
