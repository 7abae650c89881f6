/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the facts come from (load/): the offers from the hvcaps module
 * (source_netlink.c) or a sysfs tree (source_sysfs.c), chosen by
 * source.c; the guest facts from guest/'s collectors; or everything from
 * a snapshot (snapshot_io.c). Above facts/ and guest/, below cmd/.
 */
#ifndef HVCAPS_LOAD_H
#define HVCAPS_LOAD_H

#include "guest.h"
#include "model.h"

/* Fill m from the source o selects; 0, or -1 after printing why. */
int model_load(struct hv_model *m, const struct hv_opts *o);

/* Sources: 0, or -1 after printing why. */
int source_sysfs_load(struct hv_model *m, const char *root);
/*
 * When fallback is non-NULL and the family cannot be resolved (module not
 * loaded, no generic netlink), set *fallback to why, print nothing and
 * return -1: the caller may read sysfs instead.
 */
int source_netlink_load(struct hv_model *m, const char **fallback);

/*
 * The facts every command works on: the kernel facts (m) and, if g is not
 * NULL, the guest facts, from --snapshot FILE or from the system (the
 * source and root of o). Prints the guest facts' warnings. 0, or -1 after
 * a message; m and g are then freeable (model_free(), guest_free()).
 */
int facts_load(const struct hv_opts *o, struct hv_model *m, struct hv_guest *g);
#endif
