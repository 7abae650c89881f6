// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots (snapshot.h): every raw fact hvcaps collects (the kernel facts
 * from the chosen source, the guest facts) as one JSON document, and the
 * reading of such a document in place of the live system (--snapshot
 * FILE), so that a fleet's snapshots can be evaluated elsewhere. The
 * command that writes one is cmd/snapshot.c.
 *
 *   {
 *     "schema": "hvcaps-snapshot", "schema_version": 1,
 *     "hvcaps_version": "...", "created": "2026-11-05T10:00:00Z",
 *     "kernel_facts": { "source": "netlink"|"sysfs", "host": {...},
 *                       "devices": [ {..., "channels": [...]|null} ] },
 *     "guest": { "root": "/", "os": {...}, ..., "diagnostics": [...] }
 *   }
 *
 * Unknown facts are null. A reader ignores keys it does not know; a
 * change that older readers would misread bumps schema_version.
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
#include "snapshot.h"
#include "util.h"

#define MAX_SNAPSHOT (64u << 20)
#define HINT "give a file written by 'hvcaps snapshot'"

/* ---- the kernel facts' tables ---- */

static const struct fj_field host_fields[] = {
	FJ(struct hv_host, module_version, FJ_STR),
	FJ(struct hv_host, vmbus_present, FJ_OBOOL),
	FJ(struct hv_host, vmbus_version, FJ_OU32),
	FJ(struct hv_host, cpu_signature, FJ_STR),
	FJ(struct hv_host, cpu_max_leaf, FJ_OU32),
	FJ(struct hv_host, hv_build, FJ_OU32),
	FJ(struct hv_host, hv_major, FJ_OU32),
	FJ(struct hv_host, hv_minor, FJ_OU32),
	FJ(struct hv_host, hv_service_pack, FJ_OU32),
	FJ(struct hv_host, hv_service_branch, FJ_OU32),
	FJ(struct hv_host, hv_service_number, FJ_OU32),
	FJ(struct hv_host, hv_features_eax, FJ_OU32),
	FJ(struct hv_host, hv_features_ebx, FJ_OU32),
	FJ(struct hv_host, hv_features_edx, FJ_OU32),
	FJ(struct hv_host, hv_recommendations, FJ_OU32),
	FJ(struct hv_host, hv_isolation, FJ_OU32),
	FJ(struct hv_host, efi_boot, FJ_OBOOL),
	FJ(struct hv_host, secure_boot, FJ_OBOOL),
	FJ(struct hv_host, device_count, FJ_OU32),
	FJ(struct hv_host, channel_count, FJ_OU32),
	FJ(struct hv_host, generation, FJ_OU32),
	FJ_END
};

static const struct fj_field channel_fields[] = {
	FJ(struct hv_channel, relid, FJ_U32),
	FJ(struct hv_channel, primary, FJ_BOOL),
	FJ(struct hv_channel, index, FJ_OU32),
	FJ(struct hv_channel, cpu, FJ_OU32),
	FJ(struct hv_channel, monitor_id, FJ_OU32),
	FJ_END
};

static const struct fj_field device_fields[] = {
	FJ(struct hv_device, name, FJ_STR),
	FJ(struct hv_device, instance, FJ_GUID),
	FJ(struct hv_device, class_guid, FJ_GUID),
	FJ(struct hv_device, relid, FJ_U32),
	FJ(struct hv_device, type, FJ_U32),
	FJ(struct hv_device, type_name, FJ_STR),
	FJ(struct hv_device, flags, FJ_OU32),
	FJ(struct hv_device, mmio_mb, FJ_OU32),
	FJ(struct hv_device, monitor_id, FJ_OU32),
	FJ(struct hv_device, target_cpu, FJ_OU32),
	FJ(struct hv_device, vendor_id, FJ_OU32),
	FJ(struct hv_device, device_id, FJ_OU32),
	FJ(struct hv_device, generation, FJ_OU32),
	FJ(struct hv_device, numa_node, FJ_OS32),
	FJ(struct hv_device, dedicated_intr, FJ_OBOOL),
	FJ(struct hv_device, driver, FJ_STR),
	FJ_ARR_KNOWN("channels", struct hv_device, chan, nchan, channels_known,
		     struct hv_channel, channel_fields),
	FJ_END
};

static const struct fj_field model_fields[] = {
	FJ_OBJ(struct hv_model, host, host_fields),
	FJ_ARR("devices", struct hv_model, dev, ndev, struct hv_device, device_fields),
	FJ_END
};

/* ---- writing ---- */

char *snapshot_now(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");	/* reproducible output */
	time_t t = time(NULL);
	char buf[32];
	struct tm tm;
	uint32_t v;

	if (sde && parse_u32(sde, &v))
		t = (time_t)v;
	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return xstrdup("unknown");
	return xstrdup(buf);
}

json_object *snapshot_json(const struct hv_model *m, const struct hv_guest *g,
			   const struct snapshot_meta *meta)
{
	json_object *o = json_object_new_object(), *k;

	json_object_object_add(o, "schema", json_object_new_string(SNAPSHOT_SCHEMA));
	json_object_object_add(o, "schema_version", json_object_new_int(SNAPSHOT_SCHEMA_VERSION));
	json_object_object_add(o, "hvcaps_version", json_object_new_string(meta->hvcaps_version));
	json_object_object_add(o, "created", json_object_new_string(meta->created));
	k = fj_to_json(m, model_fields);
	/* the source first, for people reading the file */
	json_object_object_add(o, "kernel_facts", json_object_new_object());
	json_object_object_add(json_object_object_get(o, "kernel_facts"), "source",
			       json_object_new_string(m->source));
	json_object_object_foreach(k, key, val)
		json_object_object_add(json_object_object_get(o, "kernel_facts"), key,
				       json_object_get(val));
	json_object_put(k);
	json_object_object_add(o, "guest", fj_to_json(g, guest_fields));
	return o;
}

/* ---- reading ---- */

static int read_file(const char *path, char **out, size_t *len_out)
{
	size_t len = 0, cap = 65536;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	*out = NULL;
	if (fd < 0)
		return -errno;
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t n = read(fd, buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = -errno;
			close(fd);
			free(buf);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap) {
			if (cap >= MAX_SNAPSHOT) {
				close(fd);
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	*len_out = len;
	return 0;
}

/* 1-based line and column of byte offset off */
static void line_col(const char *buf, size_t off, size_t *line, size_t *col)
{
	size_t last_nl = 0;
	bool nl = false;

	*line = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			last_nl = i;
			nl = true;
		}
	}
	*col = nl ? off - last_nl : off + 1;
}

static size_t parse_end(struct json_tokener *tok)
{
#if defined(JSON_C_MAJOR_VERSION) && (JSON_C_MAJOR_VERSION > 0 || JSON_C_MINOR_VERSION >= 15)
	return json_tokener_get_parse_end(tok);
#else
	return (size_t)tok->char_offset;
#endif
}

static int syntax_error(const char *path, const char *buf, size_t off, const char *what)
{
	size_t line, col;

	line_col(buf, off, &line, &col);
	err("%s:%zu:%zu: malformed snapshot: %s; " HINT, path, line, col, what);
	return -1;
}

static json_object *parse(const char *path, const char *buf, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error je;
	json_object *o;
	size_t end;

	if (!tok) {
		err("out of memory; free some memory and try again");
		return NULL;
	}
	if (len >= INT_MAX) {
		json_tokener_free(tok);
		err("%s: too big to be a snapshot; " HINT, path);
		return NULL;
	}
	/* with its NUL: a number or literal at the very end is complete */
	o = json_tokener_parse_ex(tok, buf, (int)len + 1);
	je = json_tokener_get_error(tok);
	end = parse_end(tok);
	if (!len) {
		syntax_error(path, buf, 0, "the file is empty");
		goto fail;
	}
	if (je == json_tokener_continue || je == json_tokener_error_parse_eof) {
		syntax_error(path, buf, len, "the JSON document ends too early");
		goto fail;
	}
	if (je != json_tokener_success) {
		syntax_error(path, buf, end, json_tokener_error_desc(je));
		goto fail;
	}
	while (end < len && strchr(" \t\r\n", buf[end]))
		end++;
	if (end < len) {
		syntax_error(path, buf, end, "data after the JSON document");
		goto fail;
	}
	json_tokener_free(tok);
	if (!o)	/* the document "null" */
		o = json_object_new_array();	/* reported as not an object */
	return o;
fail:
	json_object_put(o);
	json_tokener_free(tok);
	return NULL;
}

static int bad_snapshot(const char *path, const char *fmt, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, what);
	err("%s: not a usable snapshot: %s; " HINT, path, msg);
	return -1;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int snapshot_read(const char *path, struct hv_model *m, struct hv_guest *g,
		  struct snapshot_meta *meta)
{
	json_object *o = NULL, *v, *kf;
	struct hv_guest scratch;
	char *buf = NULL, *error = NULL;
	const char *s;
	size_t len = 0;
	int e, ret = -1;

	memset(m, 0, sizeof(*m));
	if (!g)
		g = &scratch;
	memset(g, 0, sizeof(*g));
	if (meta)
		memset(meta, 0, sizeof(*meta));
	e = read_file(path, &buf, &len);
	if (e) {
		err("cannot read the snapshot %s: %s; %s", path, strerror(-e),
		    e == -EFBIG ? "a snapshot is much smaller: " HINT :
		    e == -ENOENT ? "check the name" :
		    e == -EISDIR ? HINT ", not a directory" :
		    e == -EACCES || e == -EPERM ? "check the permissions" : HINT);
		return -1;
	}
	o = parse(path, buf, len);
	if (!o)
		goto out;
	if (!json_object_is_type(o, json_type_object)) {
		bad_snapshot(path, "%s", "the document is not a JSON object");
		goto out;
	}
	s = get_str(o, "schema");
	if (!s) {
		bad_snapshot(path, "%s", "no \"schema\": \"" SNAPSHOT_SCHEMA "\"");
		goto out;
	}
	if (strcmp(s, SNAPSHOT_SCHEMA)) {
		bad_snapshot(path, "\"schema\" is \"%s\", not \"" SNAPSHOT_SCHEMA "\"", s);
		goto out;
	}
	if (!json_object_object_get_ex(o, "schema_version", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		bad_snapshot(path, "%s", "\"schema_version\" is missing or not an integer");
		goto out;
	}
	if (json_object_get_int64(v) != SNAPSHOT_SCHEMA_VERSION) {
		char n[32];

		snprintf(n, sizeof(n), "%lld", (long long)json_object_get_int64(v));
		bad_snapshot(path, "schema_version %s: this hvcaps (" HVCAPS_VERSION
			     ") reads version 1 only", n);
		goto out;
	}
	if (!json_object_object_get_ex(o, "kernel_facts", &kf)) {
		bad_snapshot(path, "%s", "no \"kernel_facts\"");
		goto out;
	}
	s = json_object_is_type(kf, json_type_object) ? get_str(kf, "source") : NULL;
	if (!s || (strcmp(s, "netlink") && strcmp(s, "sysfs"))) {
		bad_snapshot(path, "%s", "kernel_facts.source must be \"netlink\" or \"sysfs\"");
		goto out;
	}
	m->source = !strcmp(s, "netlink") ? "netlink" : "sysfs";
	if (fj_from_json(kf, m, model_fields, "kernel_facts", &error)) {
		bad_snapshot(path, "%s", error);
		goto out;
	}
	for (size_t i = 0; i < m->ndev; i++) {
		struct hv_device *d = &m->dev[i];

		if (!d->name || !*d->name || strchr(d->name, '/')) {
			char w[64];

			snprintf(w, sizeof(w), "kernel_facts.devices[%zu].name", i);
			bad_snapshot(path, "%s: missing, or not a device name", w);
			goto out;
		}
		d->order = i;
		d->chan_cap = d->nchan;
	}
	m->dev_cap = m->ndev;
	if (!json_object_object_get_ex(o, "guest", &v)) {
		bad_snapshot(path, "%s", "no \"guest\"");
		goto out;
	}
	if (fj_from_json(v, g, guest_fields, "guest", &error)) {
		bad_snapshot(path, "%s", error);
		goto out;
	}
	/* a snapshot may come from anywhere: no control characters */
	fj_sanitize(m, model_fields);
	fj_sanitize(g, guest_fields);
	if (meta) {
		s = get_str(o, "created");
		meta->created = xstrdup(s ? s : "unknown");
		s = get_str(o, "hvcaps_version");
		meta->hvcaps_version = xstrdup(s ? s : "unknown");
	}
	ret = 0;
out:
	if (g == &scratch)
		guest_free(g);
	free(error);
	free(buf);
	json_object_put(o);
	return ret;
}

void snapshot_meta_free(struct snapshot_meta *meta)
{
	free(meta->created);
	free(meta->hvcaps_version);
	memset(meta, 0, sizeof(*meta));
}
