// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps expected --list: every documented column, one per distribution,
 * so that scripts can iterate over what the matrix documents (the tests
 * do: user/tests/matrix_cells.py).
 */
#include "matrix.h"

#include <json-c/json.h>

#include "hvcaps.h"

void mx_list_text(const struct mx_matrix *m, FILE *out)
{
	fprintf(out, "%-10s %-10s %-6s %-14s %-12s %s\n", "DISTRO", "EDITION", "SERIES", "COLUMN",
		"AVAILABILITY", "KERNEL");
	for (size_t i = 0; i < m->ned; i++) {
		const struct mx_edition *e = &m->ed[i];

		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			for (size_t d = 0; d < s->ndistros; d++)
				for (size_t k = 0; k < s->ncols; k++)
					fprintf(out, "%-10s %-10s %-6s %-14s %-12s %s\n",
						s->distros[d], e->date, s->label, s->cols[k].label,
						s->cols[k].avail,
						s->cols[k].kernel ? s->cols[k].kernel : "-");
		}
	}
}

struct json_object *mx_list_json(const struct mx_matrix *m)
{
	json_object *o = json_doc_new("expected-list", 1), *cols = json_object_new_array();

	for (size_t i = 0; i < m->ned; i++) {
		const struct mx_edition *e = &m->ed[i];

		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			for (size_t d = 0; d < s->ndistros; d++)
				for (size_t k = 0; k < s->ncols; k++) {
					const struct mx_column *c = &s->cols[k];
					json_object *x = json_object_new_object();

					json_object_object_add(x, "distro", json_object_new_string(s->distros[d]));
					json_object_object_add(x, "edition", json_object_new_string(e->date));
					json_object_object_add(x, "page", json_object_new_string(e->page ? e->page : ""));
					json_object_object_add(x, "series", json_object_new_string(s->label));
					json_object_object_add(x, "column", json_object_new_string(c->label));
					json_object_object_add(x, "availability", json_object_new_string(c->avail));
					json_object_object_add(x, "kernel", c->kernel ? json_object_new_string(c->kernel) : NULL);
					json_object_array_add(cols, x);
				}
		}
	}
	json_object_object_add(o, "columns", cols);
	return o;
}
