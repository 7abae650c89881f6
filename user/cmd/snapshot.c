// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps snapshot [-o FILE]: write every fact as one JSON document
 * (load/snapshot_io.c builds and reads it).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "guest.h"
#include "hvcaps.h"
#include "snapshot.h"
#include "util.h"

void usage_snapshot(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps snapshot [-o FILE] [OPTIONS]\n"
		"Write every fact hvcaps collects (the kernel facts from the chosen\n"
		"source, the guest facts, the host name, machine-id and boot id) as one\n"
		"JSON document (schema \"" SCHEMA "\", version 2). 'hvcaps --snapshot\n"
		"FILE COMMAND' reads it (or version 1) instead of the live system;\n"
		"'--snapshot -' reads standard input.\n"
		"\n"
		"  -o, --output FILE  write FILE (replaced at once, never half written)\n"
		"                 instead of standard output ('-': standard output)\n"
		GLOBAL_OPTIONS_HELP
		"                 (the output is JSON anyway)\n"
		"  -h, --help     show this help\n");
}

static int write_file(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	size_t len = strlen(text), off = 0;
	int fd = mkstemp(tmp), e;

	if (fd < 0) {
		e = errno;
		err("cannot create %s: %s; check the directory and its permissions", tmp,
		    strerror(e));
		free(tmp);
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (fchmod(fd, 0644) || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	free(tmp);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	err("cannot write %s: %s; check the space and the permissions", path, strerror(e));
	free(tmp);
	return -1;
}

int cmd_snapshot(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct snapshot_meta meta = { 0 };
	const char *output = NULL;
	struct hv_model m;
	struct hv_guest g;
	json_object *doc;
	int c, r = EXIT_ERROR;

	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return usage_error("snapshot", "-o needs a file name");
			output = optarg;
			break;
		case 'h':
			usage_snapshot(stdout);
			return EXIT_OK;
		case '?':
		case ':':
			return option_error("snapshot", c, argv);
		default:
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc)
		return usage_error("snapshot", "unexpected argument '%s'", argv[optind]);
	if (opts_check("snapshot", o))
		return EXIT_ERROR;
	if (o->snapshot) {
		/* the same document again, checked: its own date and version */
		if (snapshot_read(o->snapshot, &m, &g, &meta))
			goto out;
		guest_print_diag(&g);
	} else {
		if (facts_load(o, &m, &g))
			goto out;
		snapshot_meta_collect(&meta, o->root);
	}
	doc = snapshot_json(&m, &g, &meta);
	if (output && strcmp(output, "-")) {
		char *text = xasprintf("%s\n", json_object_to_json_string_ext(doc,
					JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
					JSON_C_TO_STRING_NOSLASHESCAPE));

		r = write_file(output, text) ? EXIT_ERROR : EXIT_OK;
		free(text);
	} else {
		print_json(doc);
		r = EXIT_OK;
	}
	json_object_put(doc);
out:
	model_free(&m);
	guest_free(&g);
	snapshot_meta_free(&meta);
	return r;
}
