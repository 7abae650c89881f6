// SPDX-License-Identifier: GPL-2.0
/*
 * A feature's name and category in the matrix (hvfeatures.h): shared by
 * `features` and `explain`.
 */
#include <string.h>

#include "hvfeatures.h"
#include "matrix.h"

/* The features beyond the matrix (hvfeatures.h): no row on Microsoft's page */
static const struct {
	const char *id, *name;
} beyond[] = {
	{ "accelerated-networking", "Accelerated networking (a MANA or Mellanox VF paired with the synthetic NIC)" },
	{ "nvme-disks", "NVMe disks (with TRIM and identifiers)" },
	{ "confidential-vm", "Confidential VM (SEV-SNP, TDX or VBS isolation)" },
	{ "fcopy-uio", "File copy over UIO (uio_hv_generic, hv_fcopy_uio_daemon; kernel 6.10 and newer)" },
	{ "hibernation", "Hibernation (what the guest can observe)" },
	{ "gpu", "GPU (a display function behind vPCI, or dxgkrnl)" },
};

void ft_feature_names(const struct mx_matrix *m, const char *id, const char **name,
		      const char **category)
{
	*name = NULL;
	*category = NULL;
	/* the newest edition that has a row for it */
	for (size_t i = m->ned; i-- > 0 && !*name;) {
		const struct mx_feature *f = mx_feature_find(&m->ed[i], id);

		if (f) {
			*name = f->name;
			*category = f->category;
		}
	}
	for (size_t i = 0; i < mx_known_features_count && !*category; i++)
		if (!strcmp(mx_known_features[i].id, id))
			*category = mx_known_features[i].category;
	for (size_t i = 0; i < sizeof(beyond) / sizeof(beyond[0]) && !*name; i++)
		if (!strcmp(beyond[i].id, id)) {
			*name = beyond[i].name;
			*category = "Beyond the matrix (hvcaps)";
		}
}
