// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps: the Hyper-V VMBus offers and host facts of a Linux guest.
 * The entry point: main() and the dispatch table (the options every
 * command shares are in cli.c).
 */
#include "hvcaps.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <json-c/json.h>

#include "hosts.h"
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
	{ "explain", "a feature's rule, the evidence it looks for, the remediation", cmd_explain, usage_explain },
	{ "metrics", "feature states, offers, host and mismatches for node_exporter", cmd_metrics, usage_metrics },
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
	fprintf(f, "  %-8s %s\n", "help", "this help, a command's (help COMMAND), the hosts (help hosts)");
	fprintf(f,
		"\n"
		"Options:\n"
		GLOBAL_OPTIONS_HELP
		"  --diff [ARGS]  the diff command: 'hvcaps --diff' is 'hvcaps diff'\n"
		"  -h, --help [COMMAND]\n"
		"                 show this help, or a command's ('hvcaps help COMMAND' too;\n"
		"                 'hvcaps help hosts': the host releases hvcaps knows)\n"
		"  --version      print the version\n"
		"\n"
		"Exit status: 0 success; 1 diff found a documented feature missing\n"
		"(or an --expect line failed); 2 usage or runtime error; 3 the matrix does\n"
		"not document this guest or host. With --json, every outcome prints one\n"
		"JSON object. See hvcaps(8).\n");
}

/* ---- the error document of --json ---- */

/*
 * With --json, stderr is also kept (a stream that writes through to file
 * descriptor 2 and remembers the lines): when a command fails without
 * printing its JSON document, main() prints an error document with them.
 */
static struct {
	char *partial;
	size_t plen;
	json_object *lines;
} errcap;

static ssize_t errcap_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	(void)cookie;
	while (done < n) {
		ssize_t w = write(STDERR_FILENO, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			errcap.partial = xrealloc(errcap.partial, errcap.plen + 2);
			errcap.partial[errcap.plen++] = buf[i];
			errcap.partial[errcap.plen] = '\0';
			continue;
		}
		if (!errcap.plen)
			continue;
		json_object_array_add(errcap.lines, json_object_new_string(
			strncmp(errcap.partial, "hvcaps: ", 8) ? errcap.partial : errcap.partial + 8));
		errcap.plen = 0;
	}
	return (ssize_t)n;
}

static void errcap_start(void)
{
	static const cookie_io_functions_t io = { .write = errcap_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (!f)
		return;
	setvbuf(f, NULL, _IONBF, 0);
	errcap.lines = json_object_new_array();
	stderr = f;
}

static void errcap_end(const char *cmd, int r)
{
	json_object *o;
	const char *status;

	if (!errcap.lines)
		return;
	fclose(stderr);
	stderr = fdopen(STDERR_FILENO, "w");
	if (r != EXIT_OK && !cli_json_printed()) {
		status = r == EXIT_NOT_DOCUMENTED ? "not-documented" :
			 r == EXIT_FAILED ? "failed" :
			 cli_usage_failed() ? "usage-error" : "runtime-error";
		o = json_doc_new("error", 1);
		json_object_object_add(o, "command", json_object_new_string(cmd));
		json_object_object_add(o, "status", json_object_new_string(status));
		json_object_object_add(o, "messages", json_object_get(errcap.lines));
		json_object_object_add(o, "exit", json_object_new_int(r));
		print_json(o);
		json_object_put(o);
		fflush(stdout);
	}
	json_object_put(errcap.lines);
	free(errcap.partial);
	errcap.lines = NULL;
}

/* --json anywhere before a "--" */
static bool wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "--format=json") ||
		    (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "json")))
			return true;
	return false;
}

static const struct hv_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* hvcaps help [COMMAND|hosts], hvcaps -h [COMMAND] */
static int help(const char *topic)
{
	const struct hv_cmd *c;

	if (!topic || !strcmp(topic, "--help") || !strcmp(topic, "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(topic, "hosts")) {
		printf("The host releases hvcaps knows (--host HOST), the Hyper-V build and the\n"
		       "VMBus version each is recognised by (see HOSTS in hvcaps(8)):\n\n");
		hv_hosts_print(stdout);
		return EXIT_OK;
	}
	c = find_command(topic);
	if (!c)
		return usage_error(NULL, "help %s: no such command or topic (commands: show, list, snapshot, expected, matrix, monitor, features, diff, explain, metrics; topics: hosts)",
				   topic);
	c->usage(stdout);
	return EXIT_OK;
}

/*
 * Options of a command before its name ("hvcaps --host 2019 features"):
 * when an option before the first command word is not a global one, the
 * command word (or --diff) is moved to the front, so that the command
 * parses them all. A value of a global option is never taken for the
 * command; a value of a command's option that is itself a command name
 * would be (an unlikely file name: "--expect show").
 */
static void command_first(int argc, char **argv)
{
	static const char *const with_value[] = { "--source", "--root", "--snapshot" };
	static const char *const global[] = {
		"--source", "--root", "--snapshot", "--json", "--help", "-h", "--version",
		"--color", "--wide",
	};
	bool foreign = false;
	int k;

	for (k = 1; k < argc && strcmp(argv[k], "--"); k++) {
		const char *a = argv[k];
		size_t n = strcspn(a, "=");
		bool known = false;

		if (!strcmp(a, "--diff") || (a[0] != '-' && (find_command(a) || !strcmp(a, "help"))))
			break;
		if (a[0] != '-')
			continue;	/* a value */
		for (size_t i = 0; i < ARRAY_SIZE(global); i++)
			known |= strlen(global[i]) == n && !strncmp(a, global[i], n);
		foreign |= !known;
		for (size_t i = 0; i < ARRAY_SIZE(with_value); i++)
			if (!strcmp(a, with_value[i]) && k + 1 < argc)
				k++;
	}
	if (!foreign || k >= argc || !strcmp(argv[k], "--"))
		return;
	{
		char *cmd = !strcmp(argv[k], "--diff") ? "diff" : argv[k];

		memmove(&argv[2], &argv[1], (size_t)(k - 1) * sizeof(char *));
		argv[1] = cmd;
	}
}

static int run(int argc, char **argv, struct hv_opts *o, const struct hv_cmd **cmdp)
{
	command_first(argc, argv);
	static const struct option longopts[] = {
		GLOBAL_LONG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ NULL, 0, NULL, 0 }
	};
	const struct hv_cmd *cmd = &commands[0];
	bool diff = false;
	int c;

	opterr = 0;	/* option_error() says it better */
	/* "+": stop at the command name; its own options follow it */
	while (!diff && (c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			/* hvcaps -h [COMMAND] */
			return help(optind < argc ? argv[optind] : NULL);
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
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc) {
		cmd = find_command(argv[optind]);
		if (!cmd) {
			if (!strcmp(argv[optind], "help"))
				return help(optind + 1 < argc ? argv[optind + 1] : NULL);
			return usage_error(NULL, "unknown command '%s' (commands: show, list, snapshot, expected, matrix, monitor, features, diff, explain, metrics)",
					   argv[optind]);
		}
		*cmdp = cmd;
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
	return cmd->run(argc, argv, o);
}

int main(int argc, char **argv)
{
	struct hv_opts o = { .source = HV_SOURCE_AUTO, .root = "/" };
	const struct hv_cmd *cmd = NULL;
	bool json = wants_json(argc, argv);
	int r;

	if (json)
		errcap_start();
	r = run(argc, argv, &o, &cmd);
	if (json)
		errcap_end(cmd ? cmd->name : "hvcaps", r);
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			err("cannot write the output: %s; check where it goes (a full disk?)",
			    strerror(errno));
		return EXIT_ERROR;
	}
	return r;
}
