/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How often hvcaps.ko looks at sub-channels, which raise no bus event.
 * Shared with the selftests (selftests/hvcaps/testutil.h), whose waits are
 * derived from it, so changing the period changes the tests too.
 *
 * The poll runs only while someone is subscribed to the "events" group;
 * nobody subscribed, nothing runs (see kmod/events.c).
 */
#ifndef _HVCAPS_POLL_H
#define _HVCAPS_POLL_H

/* Period of the sub-channel poll while someone listens. */
#define HVCAPS_POLL_MS		100

/*
 * How late a poll may run on a loaded (emulated) guest: the work item
 * waits for a worker thread like any other. Tests allow this much.
 */
#define HVCAPS_POLL_SLACK_MS	(10 * HVCAPS_POLL_MS)

#endif /* _HVCAPS_POLL_H */
