// SPDX-License-Identifier: GPL-2.0
/*
 * Which source gives the offers: the hvcaps module over generic netlink,
 * or a sysfs tree; with --source auto, netlink when the module is loaded.
 */
#include <string.h>

#include "load.h"
#include "util.h"

int model_load(struct hv_model *m, const struct hv_opts *o)
{
	const char *why = NULL;

	memset(m, 0, sizeof(*m));
	switch (o->source) {
	case HV_SOURCE_NETLINK:
		return source_netlink_load(m, NULL);
	case HV_SOURCE_SYSFS:
		return source_sysfs_load(m, o->root);
	case HV_SOURCE_AUTO:
		break;
	}
	/* A --root names a sysfs tree: netlink cannot describe it. */
	if (o->root_set)
		return source_sysfs_load(m, o->root);
	if (!source_netlink_load(m, &why))
		return 0;
	if (!why)
		return -1;
	model_free(m);
	err("%s; reading /sys/bus/vmbus instead", why);
	return source_sysfs_load(m, o->root);
}
