// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps explain FEATURE [--json]: a feature's name in the matrix, its
 * rule (ft_rules[], feature_rules.c), the facts it looks at and the
 * remediation, without reading the system.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hvcaps.h"
#include "hvfeatures.h"
#include "matrix.h"
#include "table.h"
#include "util.h"

void usage_explain(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps explain FEATURE [--json]\n"
		"A feature's name on Microsoft's page, the rule hvcaps judges it by, the\n"
		"facts it looks at, and what changes it where it is not yes. The feature ids:\n"
		"'hvcaps features --list'. Nothing is probed.\n"
		"\n"
		"  --json         print JSON\n"
		DISPLAY_OPTIONS_HELP
		"  -h, --help     show this help\n");
}

int cmd_explain(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "wide", no_argument, NULL, OPT_WIDE },
		{ NULL, 0, NULL, 0 }
	};
	struct mx_matrix m = { 0 };
	const struct ft_rule *rl;
	const char *name, *cat;
	int c, i, r = EXIT_ERROR;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_explain(stdout);
			return EXIT_OK;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_COLOR:
		case OPT_WIDE:
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
			break;
		default:
			return option_error("explain", c, argv);
		}
	}
	if (optind >= argc)
		return usage_error("explain", "which feature? ('hvcaps features --list' lists them)");
	if (optind + 1 < argc)
		return usage_error("explain", "unexpected argument '%s'", argv[optind + 1]);
	i = ft_index(argv[optind]);
	if (i < 0)
		return usage_error("explain", "no feature '%s' ('hvcaps features --list' lists them)",
				   argv[optind]);
	rl = &ft_rules[i];
	if (mx_load(&m, NULL, 0))
		goto out;
	ft_feature_names(&m, rl->id, &name, &cat);
	if (o->json) {
		json_object *j = json_doc_new("explain", 1);

		json_object_object_add(j, "id", json_object_new_string(rl->id));
		json_object_object_add(j, "name", name ? json_object_new_string(name) : NULL);
		json_object_object_add(j, "category", cat ? json_object_new_string(cat) : NULL);
		json_object_object_add(j, "rule", json_object_new_string(rl->rule));
		json_object_object_add(j, "evidence", json_object_new_string(rl->evidence));
		json_object_object_add(j, "remediation", json_object_new_string(rl->remediation));
		print_json(j);
		json_object_put(j);
	} else {
		printf("%s%s%s: %s (%s)\n", C.bold, rl->id, C.reset, name ? name : "no row on the page",
		       cat ? cat : "no category");
		table_prose("  Rule       ", rl->rule, 14);
		table_prose("  Evidence   ", rl->evidence, 14);
		table_prose("  Remediation", rl->remediation, 14);
	}
	r = EXIT_OK;
out:
	mx_free(&m);
	return r;
}
