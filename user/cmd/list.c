// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps list [-v | -vv]: a drop-in for the kernel's tools/hv/lsvmbus.
 * For the same system the text output is byte for byte lsvmbus's: the
 * same names for the same class GUIDs, devices sorted by numeric id,
 * channels by relid, the same tabs and blank lines.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hvcaps.h"
#include "model_json.h"
#include "util.h"

void usage_list(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps list [-v | -vv] [OPTIONS]\n"
		"List the VMBus devices as lsvmbus does, with the same output.\n"
		"\n"
		"  -v, --verbose  also the class GUID and the channels (relid, target CPU);\n"
		"                 twice: also the instance GUID and the sysfs path\n"
		"  --verbose=N    verbosity N (0, 1 or 2): --verbose=2 is -vv\n"
		GLOBAL_OPTIONS_HELP
		"                 (always with every field, whatever -v says)\n"
		"  -h, --help     show this help\n");
}

/*
 * The text output, built by hand: with printf, formatting was most of the
 * time 'list' spends in userspace on a bus of thousands of channels.
 */
struct out {
	char buf[512];
	size_t len;
};

static void out_str(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (n > sizeof(o->buf) - o->len)
		n = sizeof(o->buf) - o->len;	/* never: lines are short */
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* u in decimal, right-aligned in at least width columns (like %*u) */
static void out_u32(struct out *o, uint32_t u, int width)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	for (; width > n; width--)
		out_str(o, " ");
	while (n && o->len < sizeof(o->buf))
		o->buf[o->len++] = tmp[--n];
}

static void out_flush(struct out *o)
{
	fwrite(o->buf, 1, o->len, stdout);
	o->len = 0;
}

static void print_text(const struct hv_model *m, int verbose)
{
	static char stdout_buf[65536];
	struct out o = { .len = 0 };

	/* 64 KiB writes: a few system calls for thousands of channels */
	setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf));

	for (size_t i = 0; i < m->ndev; i++) {
		const struct hv_device *d = &m->dev[i];
		const char *desc = lsvmbus_description(&d->class_guid);
		char cls[GUID_STR_SIZE], inst[GUID_STR_SIZE];

		/* "VMBUS ID %2u: " */
		out_str(&o, "VMBUS ID ");
		out_u32(&o, d->relid, 2);
		out_str(&o, ": ");
		if (verbose == 0) {
			out_str(&o, desc);
			out_str(&o, "\n");
			out_flush(&o);
			continue;
		}
		guid_format(&d->class_guid, cls);
		out_str(&o, "Class_ID = {");
		out_str(&o, cls);
		out_str(&o, "} - ");
		out_str(&o, desc);
		out_str(&o, "\n");
		if (verbose >= 2) {
			guid_format(&d->instance, inst);
			/* the path on the system described, without --root */
			out_str(&o, "\tDevice_ID = {");
			out_str(&o, inst);
			out_str(&o, "}\n\tSysfs path: /sys/bus/vmbus/devices/");
			out_flush(&o);
			fputs(d->name, stdout);	/* any length */
			out_str(&o, "\n");
		}
		for (size_t j = 0; j < d->nchan; j++) {
			const struct hv_channel *c = &d->chan[j];

			out_str(&o, "\tRel_ID=");
			out_u32(&o, c->relid, 0);
			out_str(&o, ", target_cpu=");
			if (c->cpu.known)
				out_u32(&o, c->cpu.v, 0);
			else
				out_str(&o, "unknown");
			out_str(&o, "\n");
			out_flush(&o);
		}
		out_str(&o, "\n");
		out_flush(&o);
	}
}

#define LIST_SCHEMA_VERSION 1

/*
 * {"schema": "hvcaps.list", ..., "source", "devices": [...]}: each device
 * in show's and snapshot's words (model_json.c), with lsvmbus's
 * description and sysfs path.
 */
static void print_json_list(const struct hv_model *m)
{
	json_object *doc = json_doc_new("list", LIST_SCHEMA_VERSION);
	json_object *arr = json_object_new_array();

	json_object_object_add(doc, "source", json_object_new_string(m->source));
	for (size_t i = 0; i < m->ndev; i++) {
		const struct hv_device *d = &m->dev[i];
		json_object *o = hv_device_json(d);
		char *path = xasprintf("/sys/bus/vmbus/devices/%s", d->name);

		json_object_object_add(o, "description",
				       json_object_new_string(lsvmbus_description(&d->class_guid)));
		json_object_object_add(o, "sysfs_path", json_object_new_string(path));
		free(path);
		json_object_array_add(arr, o);
	}
	json_object_object_add(doc, "devices", arr);
	print_json(doc);
	json_object_put(doc);
}

int cmd_list(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "verbose", optional_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct hv_model m;
	int c, verbose = 0;

	while ((c = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			/* -v, --verbose: one more; --verbose=N: N */
			if (optarg) {
				uint32_t n;

				if (!parse_u32(optarg, &n) || n > 2)
					return usage_error("list", "--verbose=%s: expected 0, 1 or 2", optarg);
				verbose = (int)n;
			} else {
				verbose++;
			}
			break;
		case 'h':
			usage_list(stdout);
			return EXIT_OK;
		case '?':
		case ':':
			return option_error("list", c, argv);
		default:
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc)
		return usage_error("list", "unexpected argument '%s'", argv[optind]);
	if (opts_check("list", o))
		return EXIT_ERROR;
	if (facts_load(o, &m, NULL)) {
		model_free(&m);
		return EXIT_ERROR;
	}
	if (m.host.vmbus_present.known && !m.host.vmbus_present.v) {
		/* lsvmbus fails too when there is no bus */
		err("the hvcaps module reports no VMBus: this is not a Hyper-V guest, or hv_vmbus is not loaded ('modprobe hv_vmbus')");
		model_free(&m);
		return EXIT_ERROR;
	}
	if (o->json)
		print_json_list(&m);
	else
		print_text(&m, verbose);
	model_free(&m);
	return EXIT_OK;
}
