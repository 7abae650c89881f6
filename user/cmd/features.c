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
#include "hosts.h"
#include "hvcaps.h"
#include "matrix.h"
#include "table.h"
#include "util.h"

enum { OPT_HOST = 0x300, OPT_LIST, OPT_FORMAT, OPT_ISOLATION };

void usage_features(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps features [--host HOST] [--format text|json|expect] [OPTIONS]\n"
		"       hvcaps features --list [--json]\n"
		"Every feature of Microsoft's feature matrix as this guest has it, from the\n"
		"offers and the guest facts: yes or no (observed), inferred (not observable\n"
		"by a guest, follows from what is), unknown, or n/a; with the evidence and,\n"
		"where it is not yes, the remediation. Then six features beyond the matrix\n"
		"(accelerated-networking, nvme-disks, confidential-vm, fcopy-uio,\n"
		"hibernation, gpu), which no documentation judges. See FEATURES in hvcaps(8).\n"
		"\n"
		"  --host HOST    the host's release (2012r2, 2016, 2019, 2022, 2025,\n"
		"                 azure-stack-hci...: 'hvcaps help hosts'); default: from the\n"
		"                 host build, else from the VMBus version\n"
		"  --isolation T  the VM's isolation: none, vbs, snp, tdx; default: from\n"
		"                 the module's host facts, else CPUID\n"
		"  --format FORMAT  text (default), json (as --json) or expect: an expectation\n"
		"                 file of the live states, for 'hvcaps diff --expect' (a golden\n"
		"                 file from a known-good guest)\n"
		"  --list         every feature id with its name on Microsoft's page; nothing\n"
		"                 is read ('hvcaps explain FEATURE' for one)\n"
		GLOBAL_OPTIONS_HELP
		"                 --root DIR with --source netlink reads the guest facts\n"
		"                 under DIR and the offers from the hvcaps module\n"
		"  -h, --help     show this help\n");
}

static const char *state_color(enum ft_state s)
{
	switch (s) {
	case FT_YES: return C.ok;
	case FT_NO: return C.warn;
	case FT_INFERRED: return "";
	case FT_UNKNOWN:
	case FT_NA:
	case FT_ISOLATED: return C.dim;
	}
	return "";
}

void ft_print_host(const struct ft_host *h)
{
	char buf[64];

	table_fit_begin();	/* the text after the labels wraps under itself */
	if (h->release)
		printf("Host release  %s (%s, from the %s)\n", h->release,
		       mx_host_display(h->release, buf, sizeof(buf)), h->source_text);
	else
		printf("Host release  unknown\n");
	if (h->remark)
		printf("              %s\n", h->remark);
	ft_print_isolation(&h->isolation);
	table_fit_end(14);
}

/* the evidence, joined by "; " (owned) */
static char *evidence_text(const struct strv *e)
{
	size_t len = 1, at = 0;
	char *t;

	/* one allocation: appended item by item, 1,000 disks' were quadratic */
	for (size_t i = 0; i < e->n; i++)
		len += strlen(e->v[i]) + 2;
	t = xmalloc(len);
	t[0] = '\0';
	for (size_t i = 0; i < e->n; i++)
		at += (size_t)sprintf(t + at, "%s%s", i ? "; " : "", e->v[i]);
	return t;
}

static void print_text(const struct ft_host *h, const struct ft_report *rep)
{
	ft_print_host(h);
	printf("\n%s%-22s %-9s %s%s\n", C.bold, "FEATURE", "STATE", "EVIDENCE", C.reset);
	for (size_t i = 0; i < FT_ALL; i++) {
		const struct ft_result *r = &rep->r[i];
		char *pre = xasprintf("%-22s %s%-9s%s ", r->id, state_color(r->state),
				      ft_state_name(r->state), C.reset);
		char *ev = evidence_text(&r->evidence);

		table_row(pre, ev);
		if (r->remediation)
			table_row("                                 -> ", r->remediation);
		free(pre);
		free(ev);
	}
}

/* features --list */
static int print_list(bool json)
{
	struct mx_matrix m = { 0 };
	json_object *j = NULL, *fs = NULL;

	if (mx_load(&m, NULL, 0)) {
		mx_free(&m);
		return EXIT_ERROR;
	}
	if (json) {
		j = json_doc_new("feature-list", 1);
		fs = json_object_new_array();
	}
	for (size_t i = 0; i < FT_ALL; i++) {
		const char *name, *cat;

		ft_feature_names(&m, ft_ids[i], &name, &cat);
		if (json) {
			json_object *f = json_object_new_object();

			json_object_object_add(f, "id", json_object_new_string(ft_ids[i]));
			json_object_object_add(f, "name", name ? json_object_new_string(name) : NULL);
			json_object_object_add(f, "category", cat ? json_object_new_string(cat) : NULL);
			json_object_array_add(fs, f);
		} else {
			printf("%-22s %s\n", ft_ids[i], name ? name : "-");
		}
	}
	if (json) {
		json_object_object_add(j, "features", fs);
		print_json(j);
		json_object_put(j);
	}
	mx_free(&m);
	return EXIT_OK;
}

/* features --format expect: the live states as an expectation file */
static void print_expect(const struct hv_guest *g, const struct ft_host *h,
			 const struct ft_report *rep)
{
	printf("# hvcaps %s: the live features of a known-good guest, for\n"
	       "# 'hvcaps diff --expect FILE' (see EXPECTATION FILES in hvcaps(8)).\n",
	       HVCAPS_VERSION);
	printf("# OS %s %s; host %s (from the %s)\n", g->os.id ? g->os.id : "unknown",
	       g->os.version_id ? g->os.version_id : "", h->release ? h->release : "unknown",
	       h->source_text ? h->source_text : "nothing");
	printf("# Replace a state by 'any' to waive a feature.\n");
	for (size_t i = 0; i < FT_ALL; i++)
		printf("%-22s %s\n", rep->r[i].id, ft_state_name(rep->r[i].state));
}

/* What the command line asked for; host is owned. */
struct features_args {
	char *host;
	const char *iso;
	bool list;
	int fmt;
};

/* Not an exit status: the arguments are good, go on. */
#define FEATURES_GO_ON (-1)

/* The options; FEATURES_GO_ON, or the exit status after --help or an error. */
static int parse_features_options(int argc, char **argv, struct hv_opts *o,
				  struct features_args *a)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "isolation", required_argument, NULL, OPT_ISOLATION },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_features(stdout);
			return EXIT_OK;
		case OPT_HOST:
			free(a->host);
			a->host = ft_parse_host_option("features", optarg);
			if (!a->host)
				return EXIT_ERROR;
			break;
		case OPT_ISOLATION:
			a->iso = optarg;
			if (ft_isolation_parse(a->iso) < 0)
				return usage_error("features", "--isolation %s: expected %s",
						   a->iso, ft_isolation_tokens());
			break;
		case OPT_LIST:
			a->list = true;
			break;
		case OPT_FORMAT:
			a->fmt = parse_format("features", optarg,
					      1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_EXPECT);
			if (a->fmt < 0)
				return EXIT_ERROR;
			break;
		case '?':
		case ':':
			return option_error("features", c, argv);
		default:
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	return FEATURES_GO_ON;
}

/*
 * The combinations getopt cannot see, once every option is in; settles
 * --json into fmt. FEATURES_GO_ON, or EXIT_ERROR after a message.
 */
static int check_features_args(int argc, char **argv, struct hv_opts *o,
			       struct features_args *a)
{
	if (optind < argc)
		return usage_error("features", "unexpected argument '%s'", argv[optind]);
	if (o->json && a->fmt != FMT_TEXT && a->fmt != FMT_JSON)
		return usage_error("features", "--json and --format: choose one");
	if (o->json)
		a->fmt = FMT_JSON;
	/* nothing is read with --list: the options that say where from do not apply */
	if (a->list && (a->host || a->iso || a->fmt == FMT_EXPECT || o->root_set ||
			o->source_set || o->snapshot))
		return usage_error("features", "--list reads nothing: --host, --isolation, --format expect, --root, --source and --snapshot do not apply");
	return FEATURES_GO_ON;
}

static void print_features_json(const struct ft_host *host, const struct ft_report *rep)
{
	/* 2: "host" (was host_release), as in diff's document */
	json_object *j = json_doc_new("features", 2), *fs = json_object_new_array();

	json_object_object_add(j, "host", ft_host_json(host));
	json_object_object_add(j, "isolation", ft_isolation_json(&host->isolation));
	for (size_t i = 0; i < FT_ALL; i++)
		json_object_array_add(fs, ft_result_json(&rep->r[i]));
	json_object_object_add(j, "features", fs);
	print_json(j);
	json_object_put(j);
}

/* Read the facts, evaluate every feature, print them in a->fmt. */
static int evaluate_features(struct hv_opts *o, const struct features_args *a)
{
	struct hv_model m;
	struct hv_guest g;
	struct ft_host host;
	struct ft_report rep;
	int r = EXIT_ERROR;

	if (ft_facts_load("features", o, &m, &g))
		goto out;
	ft_host_detect(&m.host, a->host, &host);
	ft_isolation_detect(&m, &g, a->iso, &host.isolation);
	ft_evaluate(&m, &g, &host, &rep);
	if (a->fmt == FMT_JSON)
		print_features_json(&host, &rep);
	else if (a->fmt == FMT_EXPECT)
		print_expect(&g, &host, &rep);
	else
		print_text(&host, &rep);
	ft_report_free(&rep);
	ft_host_free(&host);
	r = EXIT_OK;
out:
	model_free(&m);
	guest_free(&g);
	return r;
}

int cmd_features(int argc, char **argv, struct hv_opts *o)
{
	struct features_args a = { .fmt = FMT_TEXT };
	int r = parse_features_options(argc, argv, o, &a);

	if (r == FEATURES_GO_ON)
		r = check_features_args(argc, argv, o, &a);
	if (r == FEATURES_GO_ON)
		r = a.list ? print_list(a.fmt == FMT_JSON) : evaluate_features(o, &a);
	free(a.host);
	return r;
}
