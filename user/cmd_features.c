// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps features [--host HOST] [--json]: every feature of the documented
 * matrix as this guest has it (features.c), with the evidence and, where
 * it is not there, what would change that.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hvfeatures.h"
#include "hvcaps.h"
#include "matrix.h"
#include "util.h"

enum { OPT_HOST = 0x300 };

void usage_features(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps features [--host HOST] [OPTIONS]\n"
		"Every feature of Microsoft's feature matrix as this guest has it, from the\n"
		"offers and the guest facts: yes or no (observed), inferred (not observable\n"
		"by a guest, follows from what is), unknown, or n/a; with the evidence and,\n"
		"where it is not yes, the remediation. See FEATURES in hvcaps(8).\n"
		"\n"
		"  --host HOST    the host's release (2012r2, 2016, 2019, 2022, 2025,\n"
		"                 azure-stack-hci); default: from the host build, else from\n"
		"                 the VMBus version\n"
		GLOBAL_OPTIONS_HELP
		"                 --root DIR with --source netlink reads the guest facts\n"
		"                 under DIR and the offers from the hvcaps module\n"
		"  -h, --help     show this help\n");
}

int ft_facts_load(const char *cmd, const struct hv_opts *o, struct hv_model *m,
		  struct hv_guest *g)
{
	memset(m, 0, sizeof(*m));
	memset(g, 0, sizeof(*g));
	if (o->root_set && o->source == HV_SOURCE_NETLINK && !o->snapshot) {
		if (source_netlink_load(m, NULL) || guest_collect(g, o->root))
			return -1;
		guest_print_diag(g);
		return 0;
	}
	if (opts_check(cmd, o))
		return -1;
	return facts_load(o, m, g);
}

/* --host: a host token, lower case; NULL (message printed) if invalid */
char *ft_parse_host_option(const char *cmd, const char *s)
{
	char *h = xstrdup(s);

	static const char *const known[] = {
		"2008", "2008r2", "2012", "2012r2", "2016", "2019", "2022", "2025",
		"azure-stack-hci", "azure-local",
	};

	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(h, known[i]))
			return h;
	free(h);
	usage_error(cmd, "--host %s: expected 2012r2, 2016, 2019, 2022, 2025 or azure-stack-hci", s);
	return NULL;
}

static const char *state_color(enum ft_state s)
{
	switch (s) {
	case FT_YES: return C.ok;
	case FT_NO: return C.warn;
	case FT_INFERRED: return "";
	case FT_UNKNOWN:
	case FT_NA: return C.dim;
	}
	return "";
}

void ft_print_host(const struct ft_host *h)
{
	char buf[64];

	if (h->release)
		printf("Host release  %s (%s, from the %s)\n", h->release,
		       mx_host_display(h->release, buf, sizeof(buf)), h->source_text);
	else
		printf("Host release  unknown\n");
	if (h->remark)
		printf("              %s\n", h->remark);
}

static void print_evidence(const struct strv *e)
{
	for (size_t i = 0; i < e->n; i++)
		printf("%s%s", i ? "; " : "", e->v[i]);
}

static void print_text(const struct ft_host *h, const struct ft_report *rep)
{
	ft_print_host(h);
	printf("\n%s%-22s %-9s %s%s\n", C.bold, "FEATURE", "STATE", "EVIDENCE", C.reset);
	for (size_t i = 0; i < FT_COUNT; i++) {
		const struct ft_result *r = &rep->r[i];

		printf("%-22s %s%-9s%s ", r->id, state_color(r->state), ft_state_name(r->state),
		       C.reset);
		print_evidence(&r->evidence);
		putchar('\n');
		if (r->remediation)
			printf("%-32s -> %s\n", "", r->remediation);
	}
}

int cmd_features(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "host", required_argument, NULL, OPT_HOST },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct hv_model m;
	struct hv_guest g;
	struct ft_host host;
	struct ft_report rep;
	char *h = NULL;
	int c, r = EXIT_ERROR;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_features(stdout);
			free(h);
			return EXIT_OK;
		case OPT_HOST:
			free(h);
			h = ft_parse_host_option("features", optarg);
			if (!h)
				return EXIT_ERROR;
			break;
		case '?':
		case ':':
			free(h);
			return option_error("features", c, argv);
		default:
			if (global_option(c, optarg, o)) {
				free(h);
				return EXIT_ERROR;
			}
		}
	}
	if (optind < argc) {
		free(h);
		return usage_error("features", "unexpected argument '%s'", argv[optind]);
	}
	if (ft_facts_load("features", o, &m, &g))
		goto out;
	ft_host_detect(&m.host, h, &host);
	ft_evaluate(&m, &g, &host, &rep);
	if (o->json) {
		json_object *j = json_object_new_object(), *fs = json_object_new_array();

		json_object_object_add(j, "host_release", ft_host_json(&host));
		for (size_t i = 0; i < FT_COUNT; i++)
			json_object_array_add(fs, ft_result_json(&rep.r[i]));
		json_object_object_add(j, "features", fs);
		print_json(j);
		json_object_put(j);
	} else {
		print_text(&host, &rep);
	}
	ft_report_free(&rep);
	ft_host_free(&host);
	r = EXIT_OK;
out:
	model_free(&m);
	guest_free(&g);
	free(h);
	return r;
}
