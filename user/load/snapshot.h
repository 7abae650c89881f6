/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshots: every fact as one JSON document (snapshot_io.c).
 */
#ifndef HVCAPS_SNAPSHOT_H
#define HVCAPS_SNAPSHOT_H

#include <json-c/json.h>

#include "guest.h"
#include "model.h"

/* The document's "schema" and "schema_version" */
#define SNAPSHOT_SCHEMA "hvcaps-snapshot"
#define SNAPSHOT_SCHEMA_VERSION 1

#define SCHEMA "hvcaps.snapshot"
#define SCHEMA_VERSION 2
#define SCHEMA_V1 "hvcaps-snapshot"	/* version 1's name */

struct snapshot_meta {
	char *created;		/* "2026-11-05T10:00:00Z" (UTC) */
	char *hvcaps_version;	/* of the hvcaps that collected it */
	/* of the system it was taken on; NULL: unknown (or version 1) */
	char *hostname, *machine_id, *boot_id;
};

/* The document for m, g and meta. */
json_object *snapshot_json(const struct hv_model *m, const struct hv_guest *g,
			   const struct snapshot_meta *meta);
/*
 * Read the snapshot at path into m, g (NULL: checked, not kept) and meta
 * (may be NULL). 0, or -1 after a message naming the file and what is
 * wrong (line:column for a JSON syntax error); m and g are then freeable.
 */
int snapshot_read(const char *path, struct hv_model *m, struct hv_guest *g,
		  struct snapshot_meta *meta);
void snapshot_meta_free(struct snapshot_meta *meta);
/*
 * Now, this hvcaps, and the host name, machine-id and boot id read under
 * root (etc/hostname, etc/machine-id, proc/sys/kernel/random/boot_id).
 */
void snapshot_meta_collect(struct snapshot_meta *meta, const char *root);
/*
 * The file ("-": standard input) and meta of the last snapshot read, for
 * the commands that say where their facts come from; NULL if none.
 */
const char *snapshot_last_path(void);
const struct snapshot_meta *snapshot_last_meta(void);
/* Now, or $SOURCE_DATE_EPOCH, as "YYYY-MM-DDTHH:MM:SSZ". */
char *snapshot_now(void);

#endif
