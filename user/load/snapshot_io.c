// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots (snapshot.h): every raw fact hvcaps collects (the kernel facts
 * from the chosen source, the guest facts) as one JSON document, and the
 * reading of such a document in place of the live system (--snapshot
 * FILE), so that a fleet's snapshots can be evaluated elsewhere. The
 * command that writes one is cmd/snapshot.c.
 *
 *   {
 *     "schema": "hvcaps.snapshot", "schema_version": 2,
 *     "hvcaps_version": "...", "created": "2026-11-05T10:00:00Z",
 *     "hostname": "...", "machine_id": "...", "boot_id": "...",
 *     "kernel_facts": { "source": "netlink"|"sysfs", "hypervisor": {...},
 *                       "devices": [ {..., "channels": [...]|null} ] },
 *     "guest": { "root": "/", "os": {...}, ..., "diagnostics": [...] }
 *   }
 *
 * The kernel facts use model_json.c's vocabulary, the one of show and
 * list. Unknown facts are null. A reader ignores keys it does not know; a
 * change that older readers would misread bumps schema_version. Version 1
 * ("hvcaps-snapshot": "host" for "hypervisor", "class_guid" for "class",
 * the type number as "type", "dedicated_intr", a channel's "cpu") is still
 * read: upgrade_v1() renames its keys before the one reader runs.
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
#include "groot.h"
#include "hvcaps.h"
#include "json_stream.h"
#include "model_json.h"
#include "snapshot.h"
#include "util.h"

#define MAX_SNAPSHOT (64u << 20)
#define HINT "give a file written by 'hvcaps snapshot'"

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

static json_object *j_str(const char *v)
{
	return v ? json_object_new_string(v) : NULL;
}

json_object *snapshot_json(const struct hv_model *m, const struct hv_guest *g,
			   const struct snapshot_meta *meta)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "schema", json_object_new_string(SCHEMA));
	json_object_object_add(o, "schema_version", json_object_new_int(SCHEMA_VERSION));
	json_object_object_add(o, "hvcaps_version", json_object_new_string(meta->hvcaps_version));
	json_object_object_add(o, "created", json_object_new_string(meta->created));
	json_object_object_add(o, "hostname", j_str(meta->hostname));
	json_object_object_add(o, "machine_id", j_str(meta->machine_id));
	json_object_object_add(o, "boot_id", j_str(meta->boot_id));
	json_object_object_add(o, "kernel_facts", hv_model_json(m));
	json_object_object_add(o, "guest", fj_to_json(g, guest_fields));
	return o;
}

/* The first line of ROOT/path, or NULL (unreadable, empty). */
static char *root_line(const struct groot *r, const char *path)
{
	char *text = NULL;

	if (groot_read(r, path, &text) || !text)
		return NULL;
	text[strcspn(text, "\r\n")] = '\0';
	text_sanitize(&text);
	if (!*text) {
		free(text);
		return NULL;
	}
	return text;
}

void snapshot_meta_collect(struct snapshot_meta *meta, const char *root)
{
	struct groot r;
	char *dir = NULL;

	meta->created = snapshot_now();
	meta->hvcaps_version = xstrdup(HVCAPS_VERSION);
	if (groot_open_root(&r, root, &dir))
		return;
	meta->hostname = root_line(&r, "/etc/hostname");
	meta->machine_id = root_line(&r, "/etc/machine-id");
	meta->boot_id = root_line(&r, "/proc/sys/kernel/random/boot_id");
	groot_close(&r);
	free(dir);
}

/* ---- reading ---- */

static int read_file(const char *path, char **out, size_t *len_out)
{
	size_t len = 0, cap = 65536;
	char *buf;
	/* "-": standard input */
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(STDIN_FILENO), e;

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

/* o's key from becomes to (if present) */
static void rename_key(json_object *o, const char *from, const char *to)
{
	json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, from, &v))
		return;
	json_object_object_add(o, to, json_object_get(v));
	json_object_object_del(o, from);
}

/* a device of version 1 in version 2's words */
static void upgrade_v1_device(json_object *d)
{
	json_object *chans;

	rename_key(d, "class_guid", "class");
	rename_key(d, "type", "type_id");
	rename_key(d, "dedicated_intr", "dedicated_interrupt");
	if (!json_object_is_type(d, json_type_object) ||
	    !json_object_object_get_ex(d, "channels", &chans) ||
	    !json_object_is_type(chans, json_type_array))
		return;
	for (size_t j = 0; j < json_object_array_length(chans); j++)
		rename_key(json_object_array_get_idx(chans, j), "cpu", "target_cpu");
}

/*
 * Version 1's kernel facts in version 2's words (see the top of the file);
 * what is not where version 1 had it is left for the reader to report.
 */
static void upgrade_v1(json_object *kf)
{
	json_object *devs;

	rename_key(kf, "host", "hypervisor");
	if (!json_object_object_get_ex(kf, "devices", &devs) ||
	    !json_object_is_type(devs, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(devs); i++)
		upgrade_v1_device(json_object_array_get_idx(devs, i));
}

/* what the last snapshot_read() read, for snapshot_last_*() */
static struct snapshot_meta last_meta;
static char *last_path;

const char *snapshot_last_path(void)
{
	return last_path;
}

const struct snapshot_meta *snapshot_last_meta(void)
{
	return last_path ? &last_meta : NULL;
}

static void meta_copy(struct snapshot_meta *to, const struct snapshot_meta *from)
{
	to->created = from->created ? xstrdup(from->created) : NULL;
	to->hvcaps_version = from->hvcaps_version ? xstrdup(from->hvcaps_version) : NULL;
	to->hostname = from->hostname ? xstrdup(from->hostname) : NULL;
	to->machine_id = from->machine_id ? xstrdup(from->machine_id) : NULL;
	to->boot_id = from->boot_id ? xstrdup(from->boot_id) : NULL;
}

/*
 * The devices taken out of the text by js_take_array(), one at a time:
 * the memory of one device's JSON tree at most, not of all of them.
 */
static int read_devices(const char *path, const char *doc, struct js_array *a,
			struct hv_model *m, int64_t version)
{
	const char *what = NULL;
	char where[64], *error = NULL;
	size_t off = 0, i;
	json_object *o;
	int r;

	for (i = 0; (r = js_next(a, &o, &off, &what)) == 1; i++) {
		snprintf(where, sizeof(where), "kernel_facts.devices[%zu]", i);
		if (version == 1)
			upgrade_v1_device(o);
		r = fj_from_json(o, model_add_device(m), hv_device_fields, where, &error);
		json_object_put(o);
		if (r) {
			bad_snapshot(path, "%s", error);
			free(error);
			return -1;
		}
	}
	return r < 0 ? syntax_error(path, doc, off, what) : 0;
}

/* The file's text, its devices taken apart (js_take_array()) and the rest parsed. */
static json_object *load_document(const char *path, const char *name, char **buf,
				  struct js_array *devices)
{
	static const char *const devices_at[] = { "kernel_facts", "devices", NULL };
	size_t len = 0;
	int e;

	e = read_file(path, buf, &len);
	if (e) {
		err("cannot read the snapshot %s: %s; %s", name, strerror(-e),
		    e == -EFBIG ? "a snapshot is much smaller: " HINT :
		    e == -ENOENT ? "check the name" :
		    e == -EISDIR ? HINT ", not a directory" :
		    e == -EACCES || e == -EPERM ? "check the permissions" : HINT);
		return NULL;
	}
	/* the devices apart: memory within a small multiple of the file */
	if (js_take_array(*buf, len, devices_at, devices) < 0) {
		err("out of memory; free some memory and try again");
		return NULL;
	}
	return parse(name, *buf, len);
}

/* The schema's name and version: the version (1 or 2), or -1 after a message. */
static int64_t check_schema(const char *path, json_object *o)
{
	json_object *v;
	int64_t version;
	const char *s;

	if (!json_object_is_type(o, json_type_object))
		return bad_snapshot(path, "%s", "the document is not a JSON object");
	s = get_str(o, "schema");
	if (!s)
		return bad_snapshot(path, "%s", "no \"schema\": \"" SCHEMA "\"");
	if (strcmp(s, SCHEMA) && strcmp(s, SCHEMA_V1))
		return bad_snapshot(path, "\"schema\" is \"%s\", not \"" SCHEMA "\"", s);
	if (!json_object_object_get_ex(o, "schema_version", &v) ||
	    !json_object_is_type(v, json_type_int))
		return bad_snapshot(path, "%s", "\"schema_version\" is missing or not an integer");
	version = json_object_get_int64(v);
	if (strcmp(s, SCHEMA) ? version != 1 : version != SCHEMA_VERSION) {
		char n[80];

		snprintf(n, sizeof(n), "%s version %lld", s, (long long)version);
		return bad_snapshot(path, "%s: this hvcaps (" HVCAPS_VERSION ") reads " SCHEMA
				    " version 2 and " SCHEMA_V1 " version 1", n);
	}
	return version;
}

/* kernel_facts into m, the streamed devices included: 0, or -1 after a message. */
static int read_kernel_facts(const char *path, json_object *o, int64_t version,
			     const char *doc, struct js_array *devices, struct hv_model *m)
{
	json_object *kf;
	char *error = NULL;
	const char *s;

	if (!json_object_object_get_ex(o, "kernel_facts", &kf))
		return bad_snapshot(path, "%s", "no \"kernel_facts\"");
	s = json_object_is_type(kf, json_type_object) ? get_str(kf, "source") : NULL;
	if (!s || (strcmp(s, "netlink") && strcmp(s, "sysfs")))
		return bad_snapshot(path, "%s", "kernel_facts.source must be \"netlink\" or \"sysfs\"");
	m->source = !strcmp(s, "netlink") ? "netlink" : "sysfs";
	if (version == 1)
		upgrade_v1(kf);
	if (fj_from_json(kf, m, hv_model_fields, "kernel_facts", &error)) {
		bad_snapshot(path, "%s", error);
		free(error);
		return -1;
	}
	if (devices->text && read_devices(path, doc, devices, m, version))
		return -1;
	for (size_t i = 0; i < m->ndev; i++) {
		struct hv_device *d = &m->dev[i];

		if (!d->name || !*d->name || strchr(d->name, '/')) {
			char w[64];

			snprintf(w, sizeof(w), "kernel_facts.devices[%zu].name", i);
			return bad_snapshot(path, "%s: missing, or not a device name", w);
		}
		d->order = i;
		d->chan_cap = d->nchan;
	}
	m->dev_cap = m->ndev;
	return 0;
}

/* a string of the document, escaped (it may come from anywhere), or NULL */
static char *meta_str(json_object *o, const char *key, const char *missing)
{
	const char *s = get_str(o, key);
	char *r;

	if (!s && !missing)
		return NULL;
	r = xstrdup(s ? s : missing);
	text_sanitize(&r);
	return r;
}

static void read_meta(json_object *o, struct snapshot_meta *meta)
{
	meta->created = meta_str(o, "created", "unknown");
	meta->hvcaps_version = meta_str(o, "hvcaps_version", "unknown");
	/* absent before version 2 */
	meta->hostname = meta_str(o, "hostname", NULL);
	meta->machine_id = meta_str(o, "machine_id", NULL);
	meta->boot_id = meta_str(o, "boot_id", NULL);
}

int snapshot_read(const char *path, struct hv_model *m, struct hv_guest *g,
		  struct snapshot_meta *meta)
{
	const char *name = strcmp(path, "-") ? path : "(standard input)";
	struct js_array devices = { 0 };
	struct snapshot_meta own;
	struct hv_guest scratch;
	char *buf = NULL, *error = NULL;
	json_object *o, *v;
	int64_t version;
	int ret = -1;

	memset(m, 0, sizeof(*m));
	if (!g)
		g = &scratch;
	memset(g, 0, sizeof(*g));
	if (!meta)
		meta = &own;
	memset(meta, 0, sizeof(*meta));
	o = load_document(path, name, &buf, &devices);
	if (!o)
		goto out;
	version = check_schema(name, o);
	if (version < 0 || read_kernel_facts(name, o, version, buf, &devices, m))
		goto out;
	if (!json_object_object_get_ex(o, "guest", &v)) {
		bad_snapshot(name, "%s", "no \"guest\"");
		goto out;
	}
	if (fj_from_json(v, g, guest_fields, "guest", &error)) {
		bad_snapshot(name, "%s", error);
		goto out;
	}
	/* a snapshot may come from anywhere: no control characters */
	fj_sanitize(m, hv_model_fields);
	fj_sanitize(g, guest_fields);
	read_meta(o, meta);
	snapshot_meta_free(&last_meta);
	free(last_path);
	last_path = xstrdup(name);
	meta_copy(&last_meta, meta);
	ret = 0;
out:
	if (g == &scratch)
		guest_free(g);
	if (meta == &own)
		snapshot_meta_free(meta);
	free(error);
	free(buf);
	js_array_free(&devices);
	json_object_put(o);
	return ret;
}

void snapshot_meta_free(struct snapshot_meta *meta)
{
	free(meta->created);
	free(meta->hvcaps_version);
	free(meta->hostname);
	free(meta->machine_id);
	free(meta->boot_id);
	memset(meta, 0, sizeof(*meta));
}
