// SPDX-License-Identifier: GPL-2.0
/*
 * The PTP clock of Hyper-V's time synchronization (hv_utils registers it
 * as "hyperv"): /sys/class/ptp/ptp<N>/clock_name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

void guest_collect_ptp(struct hv_guest *g, const struct groot *r)
{
	struct guest_ptp *p = &g->ptp;
	struct strv clocks;
	int e = groot_list(r, "/sys/class/ptp", &clocks);

	if (e == -ENOENT && groot_exists(r, "/sys/class")) {
		/* the class appears with the first clock */
		p->hyperv.known = true;	/* no /sys/class/ptp: no PTP clock */
	} else if (e) {
		p->why = why_errno("/sys/class/ptp", e);
	} else {
		p->hyperv.known = true;
	}
	for (size_t i = 0; i < clocks.n; i++) {
		char *path = xasprintf("/sys/class/ptp/%s/clock_name", clocks.v[i]), *name;

		if (!p->hyperv.v && !groot_value(g, r, path, &name)) {
			if (!strcmp(name, "hyperv")) {
				p->hyperv.v = true;
				p->device = xstrdup(clocks.v[i]);
			}
			free(name);
		}
		free(path);
		free(clocks.v[i]);
	}
	free(clocks.v);
}
