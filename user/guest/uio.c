// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus devices a UIO driver serves: uio_hv_generic
 * (drivers/uio/uio_hv_generic.c) registers a UIO device whose parent is
 * the VMBus device, so sysfs has /sys/bus/vmbus/devices/<instance>/uio/uioN
 * (and /sys/class/uio/uioN links to it). Since kernel 6.10 the file-copy
 * offer is served this way: hv_utils no longer handles it and
 * tools/hv/hv_fcopy_uio_daemon.c opens the first uioN below
 * /sys/bus/vmbus/devices/eb765408-105f-49b6-b4aa-c123b64d17d4/uio.
 */
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

void guest_collect_uio(struct hv_guest *g, const struct groot *r)
{
	struct guest_uio *u = &g->uio;
	struct strv devs;
	int e = groot_list(r, "/sys/bus/vmbus/devices", &devs);

	if (e) {
		u->why = why_errno("/sys/bus/vmbus/devices", e);
		return;
	}
	u->known = true;
	for (size_t i = 0; i < devs.n; i++) {
		char *dir = xasprintf("/sys/bus/vmbus/devices/%s/uio", devs.v[i]);
		struct strv ents;
		bool found = false;	/* one UIO device per VMBus device */

		if (!groot_list(r, dir, &ents)) {
			for (size_t j = 0; j < ents.n; j++) {
				if (!strncmp(ents.v[j], "uio", 3) && !found) {
					struct guest_uio_device *d;
					char *drv = xasprintf("/sys/bus/vmbus/devices/%s/driver",
							      devs.v[i]);

					/* doubled at each power of two (pci.c) */
					if (!(u->n & (u->n - 1)))
						u->list = xrealloc(u->list, (u->n ? 2 * u->n : 1) *
								   sizeof(*u->list));
					d = &u->list[u->n++];
					memset(d, 0, sizeof(*d));
					d->vmbus_device = xstrdup(devs.v[i]);
					d->uio = xstrdup(ents.v[j]);
					found = true;
					if (groot_link_base(r, drv, &d->driver))
						d->driver = NULL;
					free(drv);
				}
				free(ents.v[j]);
			}
			free(ents.v);
		}
		free(dir);
		free(devs.v[i]);
	}
	free(devs.v);
}
