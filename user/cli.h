/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands share (cli.c): the global options, usage errors, the
 * JSON documents, --format, --os/--lis/--host parsing and wrapped text.
 * Below cmd/, above matrix/ and load/ (ARCHITECTURE.md).
 */
#ifndef HVCAPS_CLI_H
#define HVCAPS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "guest.h"
#include "model.h"

#ifndef HVCAPS_VERSION
#error "HVCAPS_VERSION must be defined (the Makefile passes the VERSION file)"
#endif

/*
 * Exit statuses beside util.h's EXIT_OK (0) and EXIT_ERROR (2, usage or
 * runtime error); see EXIT STATUS in hvcaps(8).
 */
#define EXIT_FAILED		1	/* a documented feature missing, an --expect line failed */
#define EXIT_NOT_DOCUMENTED	3	/* the matrix does not document this guest or host */

/* Output formats of diff and features (--format; --json is json). */
enum hv_format { FMT_TEXT, FMT_JSON, FMT_TAP, FMT_JUNIT, FMT_EXPECT };

struct hv_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv, struct hv_opts *o);
	void (*usage)(FILE *f);
};

/* Options every subcommand accepts, before or after its name. */
enum {
	OPT_SOURCE = 0x100,
	OPT_ROOT,
	OPT_JSON,
	OPT_VERSION,
	OPT_SNAPSHOT,
	OPT_COLOR,
	OPT_WIDE,
};

#define GLOBAL_LONG_OPTIONS \
	{ "source", required_argument, NULL, OPT_SOURCE }, \
	{ "root", required_argument, NULL, OPT_ROOT }, \
	{ "json", no_argument, NULL, OPT_JSON }, \
	{ "snapshot", required_argument, NULL, OPT_SNAPSHOT }, \
	{ "color", optional_argument, NULL, OPT_COLOR }, \
	{ "wide", no_argument, NULL, OPT_WIDE }

/* Text of the global options for the usage messages. */
#define GLOBAL_OPTIONS_HELP \
	"  --source netlink|sysfs|auto\n" \
	"                 where to read from (default auto: netlink if the\n" \
	"                 hvcaps module is loaded, else /sys/bus/vmbus)\n" \
	"  --root DIR     read the system under DIR: DIR/sys/bus/vmbus (implies\n" \
	"                 --source sysfs) and the guest facts (DIR/etc, DIR/proc...)\n" \
	"  --snapshot FILE\n" \
	"                 read the facts from FILE (see 'hvcaps snapshot'), not\n" \
	"                 from the system\n" \
	"  --json         print JSON\n" \
	DISPLAY_OPTIONS_HELP

/* The options of the text's looks, global (explain takes them too). */
#define DISPLAY_OPTIONS_HELP \
	"  --color[=WHEN] colours: auto (on a terminal without NO_COLOR, the\n" \
	"                 default), always (even into a pipe, despite NO_COLOR;\n" \
	"                 --color alone), never\n" \
	"  --wide         full lines: do not fit the tables to the terminal's\n" \
	"                 width (COLUMNS, else the terminal's)\n"

/*
 * Handle option c if it is a global one: 0 handled, 1 not global,
 * -1 invalid (message printed).
 */
int global_option(int c, const char *arg, struct hv_opts *o);
/* "run 'hvcaps CMD --help'" style usage error; returns EXIT_ERROR. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Report getopt's '?' or ':' for cmd (NULL: global); returns EXIT_ERROR. */
int option_error(const char *cmd, int c, char **argv);
/* Check the option combination; 0 or EXIT_ERROR after a message. */
int opts_check(const char *cmd, const struct hv_opts *o);
/* Print a json-c object to stdout. */
struct json_object;
void print_json(struct json_object *obj);
/*
 * A new JSON document: {"schema": "hvcaps.NAME", "schema_version": version,
 * "hvcaps_version": ...}; the command adds its fields.
 */
struct json_object *json_doc_new(const char *name, int version);
/* "--format F": its value among the allowed ones; -1 after a usage message. */
int parse_format(const char *cmd, const char *s, unsigned allowed);

/*
 * The option values of `expected`, shared with `diff`: --os ID-VERSION
 * (false if malformed; fills q's distro, release, major and minor, *distro
 * owned), --lis ("builtin", "lis-4.3"; NULL if malformed), --host (lower
 * case; NULL if malformed), and whether a host is one hvcaps knows.
 */
struct mx_query;
struct mx_matrix;
bool expected_parse_os(const char *s, struct mx_query *q, char **distro);
char *expected_parse_lis(const char *s);
char *expected_parse_host(const char *s);
bool expected_known_host(const struct mx_matrix *m, const char *h);
/*
 * facts_load() for features, diff and monitor, which also take --root
 * with --source netlink: the offers from the module, the guest facts
 * under the root. cmd names the command in a usage error.
 */
int ft_facts_load(const char *cmd, const struct hv_opts *o, struct hv_model *m,
		  struct hv_guest *g);

/*
 * The query options of expected and diff: --os, --lis, --host, --edition
 * and --matrix (repeatable).
 */
enum { OPT_QUERY_OS = 0x300, OPT_QUERY_LIS, OPT_QUERY_HOST, OPT_QUERY_EDITION, OPT_QUERY_MATRIX,
       OPT_QUERY_KERNEL, OPT_QUERY_STRICT_DOCS };

#define QUERY_LONG_OPTIONS \
	{ "os", required_argument, NULL, OPT_QUERY_OS }, \
	{ "lis", required_argument, NULL, OPT_QUERY_LIS }, \
	{ "host", required_argument, NULL, OPT_QUERY_HOST }, \
	{ "edition", required_argument, NULL, OPT_QUERY_EDITION }, \
	{ "matrix", required_argument, NULL, OPT_QUERY_MATRIX }, \
	{ "kernel", required_argument, NULL, OPT_QUERY_KERNEL }, \
	{ "strict-docs", no_argument, NULL, OPT_QUERY_STRICT_DOCS }

struct query_opts {
	const char *os, *lis, *host, *edition;	/* as given, or NULL */
	const char *kernel;	/* --kernel rhck|uek|uekN (matrix/os.c), or NULL */
	bool strict_docs;	/* --strict-docs: extrapolating is not documented */
	char **files;		/* --matrix FILE... */
	size_t nfiles;
	char *distro, *avail, *h;	/* parsed by query_check() */
};

/* Take getopt's c if it is a query option: 1, else 0. */
int query_option(int c, const char *arg, struct query_opts *qo);
/*
 * Check the values given, in the order --os, --lis, --host, load the
 * matrix into m and check the host against it. Fills q from --os, --lis
 * and --host (its strings owned by qo). 0, or EXIT_ERROR after a message
 * naming cmd (or 1 when the matrix cannot be loaded, after its message).
 */
struct mx_query;
struct mx_matrix;
int query_check(const char *cmd, struct query_opts *qo, struct mx_query *q,
		struct mx_matrix *m);
void query_opts_free(struct query_opts *qo);

struct json_object;
struct mx_result;
struct mx_cell;
/* The JSON both expected and diff print: a cell's notes, the remarks. */
struct json_object *cell_notes_json(const struct mx_cell *c);
struct json_object *remarks_json(const struct mx_result *res);

/* For main(): did a command print its JSON document; was its error a usage error? */
bool cli_json_printed(void);
bool cli_usage_failed(void);

#endif
