// SPDX-License-Identifier: GPL-2.0
/*
 * A feature's name and category in the matrix (hvfeatures.h): shared by
 * `features` and `explain`.
 */
#include <string.h>

#include "hvfeatures.h"
#include "matrix.h"

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
}
