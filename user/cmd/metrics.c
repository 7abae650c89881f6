// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps metrics: the facts a fleet watches, in node_exporter's textfile
 * format (the Prometheus text exposition format 0.0.4: "# HELP", "# TYPE",
 * then "name{label="value"} number" lines), to be written to the textfile
 * collector's directory by a timer:
 *
 *   hvcaps metrics > /var/lib/node_exporter/textfile/hvcaps.prom.$$ &&
 *     mv ... hvcaps.prom
 *
 * Every metric is a gauge. An unknown fact has no sample (an absent
 * series), never an invented 0.
 *
 * The documented-vs-live comparison is diff's: its JSON document, made in
 * this process, is read back, so that metrics and diff can never judge
 * differently.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "guest.h"
#include "hvcaps.h"
#include "hvfeatures.h"
#include "util.h"

enum { OPT_HOST = 0x500 };

void usage_metrics(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps metrics [--host HOST] [OPTIONS]\n"
		"Print the feature states, the offers by class, the host build, the\n"
		"VMBus version and the documented-vs-live mismatches (as 'hvcaps diff'\n"
		"finds them) as gauges in node_exporter's textfile format.\n"
		"\n"
		"  --host HOST    the host release (default: from the host build or\n"
		"                 the VMBus version; 'hvcaps help hosts')\n"
		GLOBAL_OPTIONS_HELP
		"                 (not --json: the output is the textfile format; not\n"
		"                 --snapshot -: the facts are read twice, once for diff)\n"
		"  -h, --help     show this help\n");
}

/* a label value: backslash, double quote and newline escaped */
static void label(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			printf("\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
	putchar('"');
}

static void head(const char *name, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void offers(const struct hv_model *m)
{
	bool *done = xcalloc(m->ndev ? m->ndev : 1, sizeof(*done));

	head("hvcaps_offers", "VMBus offers (devices) by class GUID and type.");
	for (size_t i = 0; i < m->ndev; i++) {
		char cls[GUID_STR_SIZE];
		size_t n = 0;

		if (done[i])
			continue;
		for (size_t j = i; j < m->ndev; j++)
			if (!memcmp(&m->dev[j].class_guid, &m->dev[i].class_guid, sizeof(hv_guid)))
				done[j] = true, n++;
		guid_format(&m->dev[i].class_guid, cls);
		printf("hvcaps_offers{class=\"%s\",type=", cls);
		label(dev_type_id(m->dev[i].type));
		printf("} %zu\n", n);
	}
	free(done);
}

static void host_facts(const struct hv_model *m, const struct ft_host *host)
{
	const struct hv_host *h = &m->host;

	head("hvcaps_info", "hvcaps' version and where the facts come from (always 1).");
	printf("hvcaps_info{version=\"%s\",source=\"%s\"} 1\n", HVCAPS_VERSION, m->source);
	head("hvcaps_host_build", "The Hyper-V host's build number (absent: unknown).");
	if (h->hv_build.known)
		printf("hvcaps_host_build %u\n", h->hv_build.v);
	head("hvcaps_vmbus_version_major", "The negotiated VMBus protocol version, major (absent: unknown).");
	if (h->vmbus_version.known)
		printf("hvcaps_vmbus_version_major %u\n", h->vmbus_version.v >> 16);
	head("hvcaps_vmbus_version_minor", "The negotiated VMBus protocol version, minor (absent: unknown).");
	if (h->vmbus_version.known)
		printf("hvcaps_vmbus_version_minor %u\n", h->vmbus_version.v & 0xffff);
	head("hvcaps_host_release", "The host's Windows Server release and how it is known (always 1; absent: unknown).");
	if (host->release) {
		printf("hvcaps_host_release{release=");
		label(host->release);
		printf(",source=\"%s\"} 1\n", ft_host_source_id(host->source));
	}
}

static void feature_states(const struct ft_report *rep)
{
	static const enum ft_state states[] = { FT_YES, FT_NO, FT_INFERRED, FT_UNKNOWN, FT_NA };

	head("hvcaps_feature_state", "A feature's live state: 1 for the state it is in, 0 for the others.");
	for (size_t i = 0; i < FT_COUNT; i++)
		for (size_t s = 0; s < ARRAY_SIZE(states); s++)
			printf("hvcaps_feature_state{feature=\"%s\",state=\"%s\"} %d\n", rep->r[i].id,
			       ft_state_name(states[s]), rep->r[i].state == states[s]);
}

/*
 * diff --json for the same options, in this process: its document, or
 * NULL (diff failed to make one; its messages went to stderr).
 */
static json_object *diff_document(const struct hv_opts *o, const char *host)
{
	char *with_host[] = { "diff", "--host", (char *)host, NULL };
	char *without[] = { "diff", NULL };
	struct hv_opts d = *o;
	FILE *out = stdout, *mem;
	char *buf = NULL;
	size_t len = 0;
	json_object *doc;

	mem = open_memstream(&buf, &len);
	if (!mem)
		return NULL;
	d.json = true;
	stdout = mem;
	optind = 0;
	if (host)
		cmd_diff(3, with_host, &d);
	else
		cmd_diff(1, without, &d);
	fclose(mem);
	stdout = out;
	doc = buf ? json_tokener_parse(buf) : NULL;
	free(buf);
	return doc;
}

static void mismatches(json_object *doc)
{
	json_object *fs = NULL, *dj = NULL;
	bool documented = doc && json_object_object_get_ex(doc, "documented", &dj) && dj;
	int missing = 0, better = 0;

	head("hvcaps_documented", "1 if Microsoft's matrix documents this guest on this host, else 0 (absent: diff failed).");
	if (doc)
		printf("hvcaps_documented %d\n", documented);
	head("hvcaps_feature_result", "A feature against the matrix (as hvcaps diff): 1 for its result, 0 for the others.");
	if (doc && json_object_object_get_ex(doc, "features", &fs)) {
		static const char *const results[] = { "ok", "missing", "better", "not-checkable", "not-documented" };

		for (size_t i = 0; i < json_object_array_length(fs); i++) {
			json_object *f = json_object_array_get_idx(fs, i), *id, *res;
			const char *r;

			if (!json_object_object_get_ex(f, "id", &id) ||
			    !json_object_object_get_ex(f, "result", &res))
				continue;
			r = json_object_get_string(res);
			missing += !strcmp(r, "missing");
			better += !strcmp(r, "better");
			for (size_t k = 0; k < ARRAY_SIZE(results); k++)
				printf("hvcaps_feature_result{feature=\"%s\",result=\"%s\"} %d\n",
				       json_object_get_string(id), results[k], !strcmp(r, results[k]));
		}
	}
	head("hvcaps_documented_mismatches", "Features whose live state differs from the matrix: missing (documented, not live) or better.");
	if (documented) {
		printf("hvcaps_documented_mismatches{kind=\"missing\"} %d\n", missing);
		printf("hvcaps_documented_mismatches{kind=\"better\"} %d\n", better);
	}
}

int cmd_metrics(int argc, char **argv, struct hv_opts *o)
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
	json_object *doc;
	char *h = NULL;
	int c, r = EXIT_ERROR;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_metrics(stdout);
			free(h);
			return EXIT_OK;
		case OPT_HOST:
			free(h);
			h = ft_parse_host_option("metrics", optarg);
			if (!h)
				return EXIT_ERROR;
			break;
		case '?':
		case ':':
			free(h);
			return option_error("metrics", c, argv);
		default:
			if (global_option(c, optarg, o)) {
				free(h);
				return EXIT_ERROR;
			}
		}
	}
	if (optind < argc || o->json || (o->snapshot && !strcmp(o->snapshot, "-"))) {
		free(h);
		if (optind < argc)
			return usage_error("metrics", "unexpected argument '%s'", argv[optind]);
		return usage_error("metrics", o->json ? "the textfile format is the output: --json does not apply" :
				   "--snapshot -: metrics reads the facts twice, give a file");
	}
	if (ft_facts_load("metrics", o, &m, &g))
		goto out;
	ft_host_detect(&m.host, h, &host);
	ft_evaluate(&m, &g, &host, &rep);
	doc = diff_document(o, h);
	host_facts(&m, &host);
	offers(&m);
	feature_states(&rep);
	mismatches(doc);
	json_object_put(doc);
	ft_report_free(&rep);
	ft_host_free(&host);
	r = EXIT_OK;
out:
	model_free(&m);
	guest_free(&g);
	free(h);
	return r;
}
