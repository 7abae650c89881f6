// SPDX-License-Identifier: GPL-2.0
/*
 * What the commands share: the global options, usage errors, JSON
 * documents, --format, the --os/--lis/--host values and wrapped text
 * (cli.h). The commands call it; it calls no command.
 */
#include "cli.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "hosts.h"
#include "hvfeatures.h"
#include "load.h"
#include "matrix.h"
#include "table.h"
#include "util.h"

static bool json_printed;	/* something went to stdout as JSON */
static bool usage_failed;	/* the error was a usage error */

bool cli_json_printed(void)
{
	return json_printed;
}

bool cli_usage_failed(void)
{
	return usage_failed;
}

/* ---- JSON documents ---- */

struct json_object *json_doc_new(const char *name, int version)
{
	json_object *o = json_object_new_object();
	char *schema = xasprintf("hvcaps.%s", name);

	json_object_object_add(o, "schema", json_object_new_string(schema));
	json_object_object_add(o, "schema_version", json_object_new_int(version));
	json_object_object_add(o, "hvcaps_version", json_object_new_string(HVCAPS_VERSION));
	free(schema);
	return o;
}

int parse_format(const char *cmd, const char *s, unsigned allowed)
{
	static const char *const names[] = { "text", "json", "tap", "junit", "expect" };
	char list[64] = "";
	size_t len = 0;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if ((allowed & 1u << i) && !strcmp(s, names[i]))
			return (int)i;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (allowed & 1u << i)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						len ? ", " : "", names[i]);
	return usage_error(cmd, "--format %s: expected one of %s", s, list), -1;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	usage_failed = true;
	fflush(stdout);
	fputs("hvcaps: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "; run 'hvcaps %s --help' for the usage\n", cmd);
	else
		fputs("; run 'hvcaps --help' for the usage\n", stderr);
	return EXIT_ERROR;
}

int option_error(const char *cmd, int c, char **argv)
{
	const char *opt = argv[optind - 1];
	bool is_short = optopt > 0 && optopt < 0x80 && isprint(optopt);

	if (c == ':' && is_short)
		return usage_error(cmd, "option -%c needs an argument", optopt);
	if (c == ':')
		return usage_error(cmd, "option '%s' needs an argument", opt);
	if (is_short)
		return usage_error(cmd, "unknown option -%c", optopt);
	return usage_error(cmd, "unknown option '%s'", opt);
}

/* --color[=WHEN]: alone it is always, as GNU ls's */
static int color_option(const char *arg)
{
	static const struct {
		const char *name;
		enum color_when when;
	} whens[] = { { "auto", COLOR_AUTO }, { "always", COLOR_ALWAYS }, { "never", COLOR_NEVER } };

	for (size_t i = 0; i < ARRAY_SIZE(whens); i++)
		if (!arg || !strcmp(arg, whens[i].name)) {
			colors_set(arg ? whens[i].when : COLOR_ALWAYS);
			return 0;
		}
	return usage_error(NULL, "--color=%s: expected auto, always or never", arg), -1;
}

int global_option(int c, const char *arg, struct hv_opts *o)
{
	switch (c) {
	case OPT_SOURCE:
		if (!strcmp(arg, "netlink"))
			o->source = HV_SOURCE_NETLINK;
		else if (!strcmp(arg, "sysfs"))
			o->source = HV_SOURCE_SYSFS;
		else if (!strcmp(arg, "auto"))
			o->source = HV_SOURCE_AUTO;
		else
			return usage_error(NULL, "--source %s: unknown source (use netlink, sysfs or auto)",
					   arg), -1;
		o->source_set = true;
		return 0;
	case OPT_ROOT:
		if (!*arg)
			return usage_error(NULL, "--root needs a directory"), -1;
		o->root = arg;
		o->root_set = true;
		return 0;
	case OPT_JSON:
		o->json = true;
		return 0;
	case OPT_SNAPSHOT:
		if (!*arg)
			return usage_error(NULL, "--snapshot needs a file name"), -1;
		o->snapshot = arg;
		return 0;
	case OPT_COLOR:
		return color_option(arg);
	case OPT_WIDE:
		table_set_wide(true);
		return 0;
	}
	return 1;
}

int opts_check(const char *cmd, const struct hv_opts *o)
{
	if (o->root_set && o->source == HV_SOURCE_NETLINK)
		return usage_error(cmd, "--root reads a sysfs tree and cannot be used with --source netlink");
	if (o->snapshot && (o->root_set || o->source_set))
		return usage_error(cmd, "--snapshot reads the facts from a file: --%s does not apply",
				   o->root_set ? "root" : "source");
	return 0;
}

void print_json(struct json_object *obj)
{
	json_printed = true;
	puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* ---- --os, --lis, --host ---- */

bool expected_parse_os(const char *s, struct mx_query *q, char **distro)
{
	const char *dash = strchr(s, '-'), *v;
	int major = 0, minor = -1, nd = 0;

	/* the version starts at the first "-<digit>": "rhel-7.-1" is not rhel-7. 1 */
	while (dash && !isdigit((unsigned char)dash[1]))
		dash = strchr(dash + 1, '-');

	if (!dash || dash == s || !dash[1])
		return false;
	for (const char *p = s; p < dash; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-' &&
		    *p != '_' && *p != '.')
			return false;
	v = dash + 1;
	for (; isdigit((unsigned char)*v) && nd < 4; v++, nd++)
		major = major * 10 + (*v - '0');
	if (!nd)
		return false;
	if (*v == '.') {
		v++;
		minor = 0;
		nd = 0;
		for (; isdigit((unsigned char)*v) && nd < 4; v++, nd++)
			minor = minor * 10 + (*v - '0');
		if (!nd)
			return false;
	}
	if (*v)
		return false;
	q->release = dash + 1;
	*distro = strndup(s, (size_t)(dash - s));
	if (!*distro) {
		err("out of memory");
		exit(EXIT_ERROR);
	}
	q->distro = *distro;
	q->major = major;
	q->minor = minor;
	return true;
}

char *expected_parse_lis(const char *s)
{
	const char *p = s;

	if (!strcasecmp(s, "builtin") || !strcasecmp(s, "built-in"))
		return xstrdup("builtin");
	if (!strncasecmp(p, "lis-", 4))
		p += 4;
	if (isdigit((unsigned char)p[0]) && p[1] == '.' && isdigit((unsigned char)p[2]) && !p[3])
		return xasprintf("lis-%s", p);
	return NULL;
}

char *expected_parse_host(const char *s)
{
	char *h = xstrdup(s);

	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (mx_host_valid(h))
		return h;
	free(h);
	return NULL;
}

/* a host of hosts.c's table, or one the matrix lists */
bool expected_known_host(const struct mx_matrix *m, const char *h)
{
	if (hv_host_find(h))
		return true;
	for (size_t i = 0; i < m->ned; i++)
		for (size_t j = 0; j < m->ed[i].nseries; j++)
			for (size_t k = 0; k < m->ed[i].series[j].nrows; k++) {
				const struct mx_row *r = &m->ed[i].series[j].rows[k];

				for (size_t l = 0; l < r->nhosts; l++)
					if (!strcmp(r->hosts[l], h))
						return true;
			}
	return false;
}

/* --host: a host token of hosts.c's table, lower case; NULL (message printed) if invalid */
char *ft_parse_host_option(const char *cmd, const char *s)
{
	char *h = xstrdup(s);

	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (hv_host_find(h))
		return h;
	free(h);
	usage_error(cmd, "--host %s: expected %s (see 'hvcaps help hosts')", s, hv_host_tokens());
	return NULL;
}

/* ---- the facts of features, diff and monitor ---- */

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

/* ---- the query options of expected and diff ---- */

int query_option(int c, const char *arg, struct query_opts *qo)
{
	switch (c) {
	case OPT_QUERY_OS:
		qo->os = arg;
		return 1;
	case OPT_QUERY_LIS:
		qo->lis = arg;
		return 1;
	case OPT_QUERY_HOST:
		qo->host = arg;
		return 1;
	case OPT_QUERY_EDITION:
		qo->edition = arg;
		return 1;
	case OPT_QUERY_MATRIX:
		qo->files = xrealloc(qo->files, (qo->nfiles + 1) * sizeof(char *));
		qo->files[qo->nfiles++] = (char *)arg;
		return 1;
	case OPT_QUERY_KERNEL:
		qo->kernel = arg;
		return 1;
	case OPT_QUERY_STRICT_DOCS:
		qo->strict_docs = true;
		return 1;
	}
	return 0;
}

int query_check(const char *cmd, struct query_opts *qo, struct mx_query *q,
		struct mx_matrix *m)
{
	if (qo->os && !expected_parse_os(qo->os, q, &qo->distro))
		return usage_error(cmd, "--os %s: expected ID-VERSION, such as rhel-7.3 or centos-6.10",
				   qo->os);
	if (qo->lis) {
		qo->avail = expected_parse_lis(qo->lis);
		if (!qo->avail)
			return usage_error(cmd, "--lis %s: expected builtin or a LIS version such as 4.3",
					   qo->lis);
		q->avail = qo->avail;
	}
	if (qo->host) {
		qo->h = expected_parse_host(qo->host);
		if (!qo->h)
			return usage_error(cmd, "--host %s: expected %s (see 'hvcaps help hosts')",
					   qo->host, hv_host_tokens());
		q->host = qo->h;
	}
	if (qo->kernel) {
		if (!mx_kernel_option_valid(qo->kernel))
			return usage_error(cmd, "--kernel %s: expected rhck, uek or uekN", qo->kernel);
		q->kernel = qo->kernel;
	}
	q->strict_docs = qo->strict_docs;
	if (mx_load(m, qo->files, qo->nfiles))
		return 1;
	if (qo->h && !expected_known_host(m, qo->h))
		return usage_error(cmd, "--host %s: expected %s (see 'hvcaps help hosts')",
				   qo->host, hv_host_tokens());
	return 0;
}

void query_opts_free(struct query_opts *qo)
{
	free(qo->files);
	free(qo->distro);
	free(qo->avail);
	free(qo->h);
	memset(qo, 0, sizeof(*qo));
}

struct json_object *cell_notes_json(const struct mx_cell *c)
{
	json_object *n = json_object_new_array();

	for (size_t j = 0; j < c->nnotes; j++)
		json_object_array_add(n, json_object_new_int(c->notes[j]));
	return n;
}

struct json_object *remarks_json(const struct mx_result *res)
{
	json_object *rs = json_object_new_array();

	for (size_t i = 0; res && i < res->nremarks; i++)
		json_object_array_add(rs, json_object_new_string(res->remarks[i]));
	return rs;
}
