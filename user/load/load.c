// SPDX-License-Identifier: GPL-2.0
/*
 * The facts a command works on: from --snapshot FILE, or from the system
 * (the offers from the chosen source, the guest facts from the collectors).
 */
#include <string.h>

#include "load.h"
#include "snapshot.h"
#include "util.h"

int facts_load(const struct hv_opts *o, struct hv_model *m, struct hv_guest *g)
{
	if (g)
		memset(g, 0, sizeof(*g));
	if (o->snapshot) {
		if (snapshot_read(o->snapshot, m, g, NULL))
			return -1;
	} else {
		if (model_load(m, o))
			return -1;
		if (g && guest_collect(g, o->root))
			return -1;
	}
	if (g)
		guest_print_diag(g);
	return 0;
}
