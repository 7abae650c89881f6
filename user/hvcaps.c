// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps: the Hyper-V VMBus offers and host facts of a Linux guest.
 * The entry point: global options and the dispatch table.
 */
#include "hvcaps.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "util.h"

/* hvcaps --diff: the diff command (its options follow) */
enum { OPT_DIFF = 0x180 };

static const struct hv_cmd commands[] = {
	{ "show", "summarise the host, the guest and the offers (the default)", cmd_show, usage_show },
	{ "list", "list the VMBus devices like lsvmbus", cmd_list, usage_list },
	{ "snapshot", "write every fact as one JSON document", cmd_snapshot, usage_snapshot },
	{ "expected", "what Microsoft's matrix documents for a release and host", cmd_expected, usage_expected },
	{ "matrix", "import or check the documented matrix", cmd_matrix, usage_matrix },
	{ "monitor", "print the VMBus events as they happen", cmd_monitor, usage_monitor },
	{ "features", "every matrix feature as this guest has it, with evidence", cmd_features, usage_features },
	{ "diff", "the documented matrix against the live guest (also --diff)", cmd_diff, usage_diff },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps [OPTIONS] [COMMAND [ARGS]]\n"
		"The Hyper-V VMBus offers, host and guest facts of this Linux guest.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Options:\n"
		GLOBAL_OPTIONS_HELP
		"  --diff [ARGS]  the diff command: 'hvcaps --diff' is 'hvcaps diff'\n"
		"  -h, --help     show this help ('hvcaps COMMAND --help' for a command)\n"
		"  --version      print the version\n"
		"\n"
		"Exit status: 0 success; 1 diff found a documented feature missing\n"
		"(or an --expect line failed); 2 usage or runtime error. See hvcaps(8).\n");
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

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
	puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		GLOBAL_LONG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ NULL, 0, NULL, 0 }
	};
	struct hv_opts o = { .source = HV_SOURCE_AUTO, .root = "/" };
	const struct hv_cmd *cmd = &commands[0];
	bool diff = false;
	int c, r;

	opterr = 0;	/* option_error() says it better */
	/* "+": stop at the command name; its own options follow it */
	while (!diff && (c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case OPT_DIFF:
			/* hvcaps [OPTIONS] --diff ARGS: the diff command with ARGS */
			diff = true;
			optind--;
			argv[optind] = "diff";
			break;
		case OPT_VERSION:
			printf("hvcaps %s\n", HVCAPS_VERSION);
			return EXIT_OK;
		case '?':
		case ':':
			return option_error(NULL, c, argv);
		default:
			if (global_option(c, optarg, &o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[optind], commands[i].name))
				break;
		if (i == ARRAY_SIZE(commands)) {
			if (!strcmp(argv[optind], "help")) {
				usage(stdout);
				return EXIT_OK;
			}
			return usage_error(NULL, "unknown command '%s' (commands: show, list, snapshot, expected, matrix, monitor, features, diff)",
					   argv[optind]);
		}
		cmd = &commands[i];
		argc -= optind;
		argv += optind;
	} else {
		/* no command: "show" with no arguments of its own */
		static char *show_argv[] = { "show", NULL };

		argc = 1;
		argv = show_argv;
	}
	colors_init();
	optind = 0;	/* reinitialise getopt for the command */
	r = cmd->run(argc, argv, &o);
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			err("cannot write the output: %s; check where it goes (a full disk?)",
			    strerror(errno));
		return EXIT_ERROR;
	}
	return r;
}
