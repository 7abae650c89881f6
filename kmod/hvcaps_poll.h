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
 * The poll is a deferrable timer: an idle CPU does not wake up for it, so
 * a sub-channel change can wait for the next tick of a busy CPU. Under
 * test load that is at most a few periods; tests allow this much.
 */
#define HVCAPS_POLL_SLACK_MS	(10 * HVCAPS_POLL_MS)

#endif /* _HVCAPS_POLL_H */
