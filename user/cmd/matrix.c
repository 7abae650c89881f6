// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps matrix import PAGE.md: Microsoft's page to the data format.
 * hvcaps matrix check [--matrix FILE]...: load and validate a matrix.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hvcaps.h"
#include "matrix.h"
#include "table.h"
#include "util.h"

enum { OPT_EDITION = 0x200, OPT_MATRIX };

void usage_matrix(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps matrix import [--edition YYYY-MM-DD] PAGE.md\n"
		"       hvcaps matrix check [--matrix FILE]...\n"
		"The documented feature matrix (see data/FORMAT.md).\n"
		"\n"
		"  import PAGE.md  read Microsoft's markdown page \"Supported CentOS and Red Hat\n"
		"                  Enterprise Linux virtual machines on Hyper-V\" and write the\n"
		"                  matrix data format on stdout; every irregularity of the page\n"
		"                  is a warning on stderr with its line number. Exit 1 when some\n"
		"                  text could not be read (written as 'unclear').\n"
		"  --edition DATE  the edition to write (default: the page's ms.date)\n"
		"  check           load the matrix (the compiled-in one, or the --matrix files)\n"
		"                  and summarise each edition; exit 2 if a line is malformed\n"
		"  --matrix FILE   a matrix or notes file instead of the compiled-in matrix\n"
		"                  (repeat it for several files)\n"
		DISPLAY_OPTIONS_HELP
		"  -h, --help      show this help\n");
}

static int do_import(const char *page, const char *edition)
{
	char *text;
	/* "-": standard input */
	int r = read_text_file(strcmp(page, "-") ? page : "/dev/stdin", &text);

	if (r) {
		err("cannot read %s: %s", page,
		    r == -EILSEQ ? "it contains a NUL byte (not a markdown page)" :
		    r == -EFBIG ? "larger than 1 MiB (not a markdown page)" : strerror(-r));
		return EXIT_ERROR;
	}
	r = mx_import(text, page, edition, stdout);
	free(text);
	return r;
}

static int do_check(char **files, size_t nfiles)
{
	struct mx_matrix m;

	if (mx_load(&m, files, nfiles)) {
		mx_free(&m);
		return EXIT_ERROR;
	}
	table_fit_begin();	/* each edition's line wraps after "edition DATE: " */
	for (size_t i = 0; i < m.ned; i++) {
		const struct mx_edition *e = &m.ed[i];
		size_t ncols = 0, ncells = 0, nsays = 0, nundef = 0;

		for (size_t j = 0; j < e->nseries; j++) {
			ncols += e->series[j].ncols;
			ncells += e->series[j].ncols * e->series[j].nrows;
		}
		for (size_t j = 0; j < e->nnotes; j++) {
			nsays += e->notes[j].says != NULL;
			nundef += e->notes[j].status == MX_NOTE_UNDEFINED;
		}
		printf("edition %s: series", e->date);
		for (size_t j = 0; j < e->nseries; j++)
			printf(" %s", e->series[j].label);
		printf("; columns %zu, cells %zu, features %zu, notes %zu (paraphrased %zu, undefined %zu)\n",
		       ncols, ncells, e->nfeatures, e->nnotes, nsays, nundef);
	}
	table_fit_end(20);
	mx_free(&m);
	return EXIT_OK;
}

int cmd_matrix(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "edition", required_argument, NULL, OPT_EDITION },
		{ "matrix", required_argument, NULL, OPT_MATRIX },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *edition = NULL;
	char **files = NULL;
	size_t nfiles = 0;
	int c, r;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_matrix(stdout);
			free(files);
			return EXIT_OK;
		case OPT_EDITION:
			edition = optarg;
			break;
		case OPT_MATRIX:
			files = xrealloc(files, (nfiles + 1) * sizeof(char *));
			files[nfiles++] = optarg;
			break;
		case '?':
		case ':':
			free(files);
			return option_error("matrix", c, argv);
		default:
			if (global_option(c, optarg, o)) {
				free(files);
				return EXIT_ERROR;
			}
		}
	}
	if (optind == argc) {
		free(files);
		return usage_error("matrix", "'matrix' needs an action: import or check");
	}
	if (o->root_set || o->source_set || o->snapshot) {
		/* the matrix is data: nothing of the system is read */
		free(files);
		return usage_error("matrix", "'matrix' reads no system: --%s does not apply",
				   o->root_set ? "root" : o->source_set ? "source" : "snapshot");
	}
	if (!strcmp(argv[optind], "import")) {
		if (nfiles)
			r = usage_error("matrix", "--matrix is for 'matrix check'");
		else if (optind + 2 != argc)
			r = usage_error("matrix", "'matrix import' takes one PAGE.md");
		else if (edition && !(strlen(edition) == 10 && edition[4] == '-' && edition[7] == '-'))
			r = usage_error("matrix", "--edition %s: expected YYYY-MM-DD", edition);
		else if (o->json)
			r = usage_error("matrix", "'matrix import' writes the matrix format, not JSON");
		else
			r = do_import(argv[optind + 1], edition);
	} else if (!strcmp(argv[optind], "check")) {
		if (optind + 1 != argc)
			r = usage_error("matrix", "unexpected argument '%s'", argv[optind + 1]);
		else if (edition)
			r = usage_error("matrix", "--edition is for 'matrix import'");
		else if (o->json)
			r = usage_error("matrix", "'matrix check' has no JSON output");
		else
			r = do_check(files, nfiles);
	} else {
		r = usage_error("matrix", "unknown action '%s' (import or check)", argv[optind]);
	}
	free(files);
	return r;
}
