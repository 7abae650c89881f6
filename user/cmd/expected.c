// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps expected --os ID-VERSION --lis builtin|N.N --host HOST
 *                 [--edition DATE] [--matrix FILE]... [--json]
 * What Microsoft's documented matrix says about one configuration, feature
 * by feature, without probing anything.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "hosts.h"
#include "hvcaps.h"
#include "matrix.h"
#include "table.h"
#include "util.h"

enum { OPT_LIST = 0x400 };	/* above cli.h's OPT_QUERY_* */

void usage_expected(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps expected --os ID-VERSION --lis builtin|4.3|4.1 --host HOST\n"
		"                       [--kernel rhck|uek] [--strict-docs]\n"
		"                       [--edition YYYY-MM-DD] [--matrix FILE]... [--json]\n"
		"       hvcaps expected --list [--matrix FILE]... [--json]\n"
		"What Microsoft's documented feature matrix says about a configuration,\n"
		"feature by feature. Nothing is probed.\n"
		"\n"
		"  --os ID-VERSION   the os-release ID and release: rhel-7.3, centos-6.10,\n"
		"                    debian-11, ubuntu-20.04, sles-12.4, ol-8.5, rocky-9.3\n"
		"  --kernel FLAVOUR  Oracle Linux's kernel: rhck or uek (uek4, uek5...)\n"
		"  --strict-docs     a release newer than every documented one is not\n"
		"                    documented (exit 3), not compared with the newest\n"
		"  --list            every documented distribution, column, availability\n"
		"                    and kernel\n"
		"  --lis FLAVOUR     builtin (the distribution's drivers) or a LIS download: 4.3, 4.1\n"
		"  --host HOST       2012r2, 2016, 2019, 2022, 2025, azure-stack-hci... (the\n"
		"                    table: 'hvcaps help hosts')\n"
		"  --edition DATE    the edition of the page: 2019-06-13 or 2025-06-19 (default:\n"
		"                    the newest documenting the release and the host)\n"
		"  --matrix FILE     a matrix or notes file instead of the compiled-in matrix\n"
		"                    (repeat it for several files)\n"
		"  --json            print JSON\n"
		DISPLAY_OPTIONS_HELP
		"  -h, --help        show this help\n"
		"\n"
		"A feature is expected when its cell is available and the host is in its\n"
		"row's list; a host newer than every host of a row is read as the newest\n"
		"(\"extrapolated\"). Exit 3 when the matrix does not document the release,\n"
		"its LIS flavour or the host (no row of the column lists it); 2 on a usage\n"
		"error.\n");
}

static const char *host_note(enum mx_host_match hm)
{
	switch (hm) {
	case MX_HOST_EXTRAPOLATED:
		return " (extrapolated)";
	case MX_HOST_NOT_LISTED:
		return " (host not listed)";
	case MX_HOST_NONE_LISTED:
		return " (no host listed)";
	case MX_HOST_LISTED:
		break;
	}
	return "";
}

static char *join_hosts(const struct mx_row *r)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < r->nhosts; i++)
		len += strlen(r->hosts[i]) + 1;
	s = xcalloc(1, len + 1);
	for (size_t i = 0; i < r->nhosts; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, r->hosts[i]);
	}
	if (!r->nhosts)
		strcpy(s, "-");
	return s;
}

static const char *cell_name(const struct mx_cell *c)
{
	/* an absent cell renders blank: not available */
	return c->v == MX_ABSENT ? "no" : mx_value_name(c->v);
}

/* the notes the result cites, sorted, each once */
static size_t cited_notes(const struct mx_result *res, int **out)
{
	int *n = NULL;
	size_t k = 0;

	for (size_t i = 0; i < res->nfx; i++)
		for (size_t j = 0; j < res->fx[i].cell->nnotes; j++) {
			int x = res->fx[i].cell->notes[j];
			bool dup = false;
			size_t at;

			for (size_t l = 0; l < k; l++)
				dup |= n[l] == x;
			if (dup)
				continue;
			n = xrealloc(n, (k + 1) * sizeof(int));
			for (at = k; at > 0 && n[at - 1] > x; at--)
				n[at] = n[at - 1];
			n[at] = x;
			k++;
		}
	*out = n;
	return k;
}

static void print_text(const struct mx_query *q, const struct mx_result *res)
{
	char host[64], av[64], lis[64], num[16], how[160];
	int *notes;
	size_t nnotes;

	mx_host_display(q->host, host, sizeof(host));
	if (!strcmp(q->avail, "builtin"))
		snprintf(lis, sizeof(lis), "built-in LIS");
	else
		mx_avail_display(q->avail, lis, sizeof(lis));
	table_fit_begin();	/* the text after the labels wraps under itself */
	printf("%s%s %s with %s on %s: the documented expectation (nothing probed)%s\n",
	       C.bold, q->distro, q->release, lis, host, C.reset);
	printf("  Edition  %s (%s)\n", res->ed->date, res->ed->page ? res->ed->page : "no title");
	printf("  Column   %s of series %s (%s%s)\n", res->col->label, res->s->label,
	       mx_avail_display(res->col->avail, av, sizeof(av)), mx_result_how(res, how, sizeof(how)));
	table_fit_end(11);
	printf("\n%s%-22s %-10s %-8s %-12s %s%s\n", C.bold, "FEATURE", "DOCUMENTED", "EXPECTED",
	       "NOTES", "HOSTS", C.reset);
	for (size_t i = 0; i < res->nfx; i++) {
		const struct mx_expect *x = &res->fx[i];
		char nb[64] = "";
		char *hosts = join_hosts(x->row), *pre, *text;
		size_t len = 0;

		for (size_t j = 0; j < x->cell->nnotes && len < sizeof(nb) - 8; j++)
			len += (size_t)snprintf(nb + len, sizeof(nb) - len, "%s%d", j ? "," : "",
						x->cell->notes[j]);
		if (!len)
			snprintf(nb, sizeof(nb), "-");
		pre = xasprintf("%-22s %-10s %s%-8s%s %-12s ", x->f->id,
				x->cell->v == MX_ABSENT ? "no (blank)" : cell_name(x->cell),
				x->expected ? C.ok : C.dim, x->expected ? "yes" : "no", C.reset, nb);
		text = xasprintf("%s%s", hosts, host_note(x->hm));
		table_row(pre, text);
		free(pre);
		free(text);
		free(hosts);
	}
	nnotes = cited_notes(res, &notes);
	if (nnotes)
		printf("\n%sNotes%s\n", C.bold, C.reset);
	for (size_t i = 0; i < nnotes; i++) {
		const struct mx_note *nt = mx_note_find(res->ed, notes[i]);

		if (!nt || nt->status == MX_NOTE_UNDEFINED) {
			printf("  %-3d cited, but the page does not define it\n", notes[i]);
			continue;
		}
		if (nt->status == MX_NOTE_OMITTED) {
			printf("  %-3d cited, but the page marks it as omitted\n", notes[i]);
			continue;
		}
		snprintf(num, sizeof(num), "  %-3d", notes[i]);
		table_prose(num, nt->says ? nt->says : "(no paraphrase loaded)", 6);
		for (size_t j = 0; j < nt->nchecks; j++) {
			char *pre = xasprintf("      check %s:", nt->checks[j].id);

			table_prose(pre, nt->checks[j].text, 8);
			free(pre);
		}
	}
	free(notes);
	if (res->nremarks)
		printf("\n%sRemarks%s\n", C.bold, C.reset);
	for (size_t i = 0; i < res->nremarks; i++) {
		table_prose("  -", res->remarks[i], 4);
	}
}

/* 2: os, lis and host are objects as in diff's document */
#define EXPECTED_SCHEMA_VERSION 2

static void print_json_result(const struct mx_query *q, const struct mx_result *res)
{
	json_object *o = json_doc_new("expected", EXPECTED_SCHEMA_VERSION), *fs = json_object_new_array();
	json_object *ns = json_object_new_array(), *os, *lis, *host;
	int *notes;
	size_t nnotes;

	/* os, lis and host as in diff's document: one vocabulary */
	os = json_object_new_object();
	json_object_object_add(os, "id", json_object_new_string(q->distro));
	json_object_object_add(os, "release", json_object_new_string(q->release));
	json_object_object_add(os, "major", json_object_new_int(q->major));
	json_object_object_add(os, "minor", q->minor < 0 ? NULL : json_object_new_int(q->minor));
	json_object_object_add(os, "source", json_object_new_string("--os"));
	lis = json_object_new_object();
	json_object_object_add(lis, "availability", json_object_new_string(q->avail));
	json_object_object_add(lis, "source", json_object_new_string("--lis"));
	host = json_object_new_object();
	json_object_object_add(host, "release", json_object_new_string(q->host));
	json_object_object_add(host, "source", json_object_new_string("option"));
	json_object_object_add(host, "source_text", json_object_new_string("--host"));
	json_object_object_add(host, "remark", NULL);
	json_object_object_add(o, "edition", json_object_new_string(res->ed->date));
	json_object_object_add(o, "page", res->ed->page ? json_object_new_string(res->ed->page) : NULL);
	mx_result_json_add(res, o);	/* kernel, rebuild, extrapolated */
	json_object_object_add(o, "os", os);
	json_object_object_add(o, "lis", lis);
	json_object_object_add(o, "series", json_object_new_string(res->s->label));
	json_object_object_add(o, "column", json_object_new_string(res->col->label));
	json_object_object_add(o, "availability", json_object_new_string(res->col->avail));
	json_object_object_add(o, "host", host);
	for (size_t i = 0; i < res->nfx; i++) {
		const struct mx_expect *x = &res->fx[i];
		json_object *f = json_object_new_object(), *n = cell_notes_json(x->cell);
		json_object *h = json_object_new_array();

		for (size_t j = 0; j < x->row->nhosts; j++)
			json_object_array_add(h, json_object_new_string(x->row->hosts[j]));
		json_object_object_add(f, "id", json_object_new_string(x->f->id));
		json_object_object_add(f, "name", json_object_new_string(x->f->name));
		json_object_object_add(f, "category", json_object_new_string(x->f->category));
		json_object_object_add(f, "cell", json_object_new_string(cell_name(x->cell)));
		json_object_object_add(f, "cell_absent", json_object_new_boolean(x->cell->v == MX_ABSENT));
		json_object_object_add(f, "notes", n);
		json_object_object_add(f, "hosts", h);
		json_object_object_add(f, "host_match", json_object_new_string(mx_host_match_name(x->hm)));
		json_object_object_add(f, "expected", json_object_new_boolean(x->expected));
		json_object_array_add(fs, f);
	}
	json_object_object_add(o, "features", fs);
	nnotes = cited_notes(res, &notes);
	for (size_t i = 0; i < nnotes; i++) {
		const struct mx_note *nt = mx_note_find(res->ed, notes[i]);
		json_object *n = json_object_new_object(), *cs = json_object_new_array();
		const char *st = !nt || nt->status == MX_NOTE_UNDEFINED ? "undefined" :
				 nt->status == MX_NOTE_OMITTED ? "omitted" : "defined";

		json_object_object_add(n, "number", json_object_new_int(notes[i]));
		json_object_object_add(n, "status", json_object_new_string(st));
		json_object_object_add(n, "says", nt && nt->says ? json_object_new_string(nt->says) : NULL);
		for (size_t j = 0; nt && j < nt->nchecks; j++) {
			json_object *c = json_object_new_object();

			json_object_object_add(c, "id", json_object_new_string(nt->checks[j].id));
			json_object_object_add(c, "text", json_object_new_string(nt->checks[j].text));
			json_object_array_add(cs, c);
		}
		json_object_object_add(n, "checks", cs);
		json_object_array_add(ns, n);
	}
	free(notes);
	json_object_object_add(o, "notes", ns);
	json_object_object_add(o, "remarks", remarks_json(res));
	print_json(o);
	json_object_put(o);
}

int cmd_expected(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		QUERY_LONG_OPTIONS,
		{ "list", no_argument, NULL, OPT_LIST },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct query_opts qo = { 0 };
	struct mx_query q = { 0 };
	struct mx_matrix m = { 0 };
	struct mx_result res;
	char *why = NULL;
	int c, r = EXIT_ERROR;
	bool list = false;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage_expected(stdout);
			r = EXIT_OK;
			goto out;
		}
		if (c == '?' || c == ':') {
			r = option_error("expected", c, argv);
			goto out;
		}
		if (c == OPT_LIST) {
			list = true;
			continue;
		}
		if (!query_option(c, optarg, &qo) && global_option(c, optarg, o))
			goto out;
	}
	if (optind < argc) {
		r = usage_error("expected", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (o->root_set || o->source_set || o->snapshot) {
		/* nothing is probed: refuse what would be silently ignored */
		r = usage_error("expected", "'expected' probes nothing: --%s does not apply (see 'hvcaps diff')",
				o->root_set ? "root" : o->source_set ? "source" : "snapshot");
		goto out;
	}
	if (qo.kernel && !mx_kernel_option_valid(qo.kernel)) {
		r = usage_error("expected", "--kernel %s: expected rhck, uek or uekN", qo.kernel);
		goto out;
	}
	if (list) {
		if (!mx_load(&m, qo.files, qo.nfiles)) {
			json_object *j = o->json ? mx_list_json(&m) : NULL;

			if (j)
				print_json(j), json_object_put(j);
			else
				mx_list_text(&m, stdout);
			r = EXIT_OK;
		}
		goto out;
	}
	if (!qo.os || !qo.lis || !qo.host) {
		r = usage_error("expected", "--os, --lis and --host are required (missing %s)",
				!qo.os ? "--os" : !qo.lis ? "--lis" : "--host");
		goto out;
	}
	q.edition = qo.edition;
	if (query_check("expected", &qo, &q, &m))
		goto out;
	if (mx_resolve(&m, &q, &res, &why)) {
		/* no such edition (2), or the release, flavour or host not documented (3) */
		err("%s", why);
		r = q.edition && !mx_edition_find(&m, q.edition) ? EXIT_ERROR : EXIT_NOT_DOCUMENTED;
		goto out;
	}
	if (o->json)
		print_json_result(&q, &res);
	else
		print_text(&q, &res);
	mx_result_free(&res);
	r = EXIT_OK;
out:
	mx_free(&m);
	free(why);
	query_opts_free(&qo);
	return r;
}
