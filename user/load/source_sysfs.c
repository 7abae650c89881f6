// SPDX-License-Identifier: GPL-2.0
/*
 * Fill the model from /sys/bus/vmbus (Documentation/ABI/stable/
 * sysfs-bus-vmbus), under a root prefix so tests can use a fixture tree.
 * The files are those lsvmbus reads (id, class_id, device_id,
 * channel_vp_mapping), plus a few more. sysfs does not carry the host's
 * versions or the offer flags: those stay unknown.
 *
 * Every path is resolved by groot (groot.h): links are followed as if the
 * root were "/", and only regular files are read. Messages name the path
 * as the user sees it (<root>/sys/bus/vmbus/devices/<name>/<file>).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "groot.h"
#include "load.h"
#include "model.h"
#include "util.h"

#define EFI_SECURE_BOOT_VAR \
	"SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* A directory: its resolved path under the root and the one to show. */
struct sdir {
	const struct groot *r;
	const char *res;
	const char *dir;
};

/*
 * Read <dir>/<file>, stripped. Returns 0; 1 if the file does not exist
 * and optional is set; -1 after printing why.
 */
static int read_attr(const struct sdir *sd, const char *file, bool optional,
		     char **buf, char **val)
{
	char *path = xasprintf("%s/%s", sd->dir, file);
	int r = groot_read_at(sd->r, sd->res, file, buf);

	if (r == -ENOENT && optional) {
		free(path);
		return 1;
	}
	if (r == -EILSEQ) {
		err("%s: malformed content (a NUL byte); this is not a VMBus sysfs attribute: check the file or the --root tree",
		    path);
		free(path);
		return -1;
	}
	if (r < 0) {
		err("cannot read %s: %s; %s", path, errstr(r),
		    r == -ENOENT ?
		    "the device directory lacks a file every VMBus device has: is this a /sys/bus/vmbus tree?" :
		    read_hint(r));
		free(path);
		return -1;
	}
	free(path);
	*val = strip(*buf);
	return 0;
}

static void malformed(const char *dir, const char *file, const char *val,
		      const char *expected)
{
	err("%s/%s: malformed content \"%s\" (expected %s); this is not what the kernel writes there: check the file or the --root tree",
	    dir, file, val, expected);
}

/* Parsers of a numeric attribute's value: true with out set, or false. */
static bool parse_dec_u32(const char *val, void *out)
{
	struct opt_u32 *o = out;

	return o->known = parse_u32(val, &o->v);
}

static bool parse_hex16(const char *val, void *out)
{
	struct opt_u32 *o = out;
	uint16_t v;

	if (!parse_hex_u16(val, &v))
		return false;
	o->v = v;
	return o->known = true;
}

static bool parse_dec_s32(const char *val, void *out)
{
	struct opt_s32 *o = out;

	return o->known = parse_s32(val, &o->v);
}

/*
 * A numeric attribute into out (left unknown when the file is absent and
 * optional): 0, or -1 after printing why (expected: what parse accepts).
 */
static int read_num_attr(const struct sdir *sd, const char *file, bool optional,
			 bool (*parse)(const char *val, void *out), void *out,
			 const char *expected)
{
	char *buf = NULL, *val;
	int r = read_attr(sd, file, optional, &buf, &val);

	if (r == 0 && !parse(val, out)) {
		malformed(sd->dir, file, val, expected);
		r = -1;
	}
	free(buf);
	return r < 0 ? -1 : 0;
}

static int read_u32_attr(const struct sdir *sd, const char *file, bool optional,
			 struct opt_u32 *out)
{
	return read_num_attr(sd, file, optional, parse_dec_u32, out, "a decimal number");
}

static int read_guid_attr(const struct sdir *sd, const char *file, hv_guid *g)
{
	char *buf = NULL, *val;
	int r = read_attr(sd, file, false, &buf, &val);

	if (r == 0 && !guid_parse(val, g)) {
		malformed(sd->dir, file, val, "a GUID as {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}");
		r = -1;
	}
	free(buf);
	return r;
}

static int read_hex16_attr(const struct sdir *sd, const char *file,
			   struct opt_u32 *out)
{
	return read_num_attr(sd, file, true, parse_hex16, out,
			     "a 16-bit hexadecimal number such as 0x1414");
}

static int read_s32_attr(const struct sdir *sd, const char *file,
			 struct opt_s32 *out)
{
	return read_num_attr(sd, file, true, parse_dec_s32, out, "a decimal number");
}

/* channel_vp_mapping: "relid:cpu" per line, the primary first. */
static int read_channels(struct hv_device *d, const struct sdir *sd)
{
	char *buf = NULL, *val, *line, *save = NULL;
	int r = read_attr(sd, "channel_vp_mapping", true, &buf, &val);

	if (r) {
		free(buf);
		return r < 0 ? -1 : 0;	/* absent: channels unknown */
	}
	d->channels_known = true;
	for (line = strtok_r(val, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon, *l = strip(line);
		struct hv_channel *c;
		uint32_t relid, cpu;

		if (!*l)
			continue;
		colon = strchr(l, ':');
		if (!colon) {
			malformed(sd->dir, "channel_vp_mapping", l, "relid:cpu on each line");
			goto fail;
		}
		*colon = '\0';
		if (!parse_u32(strip(l), &relid) ||
		    !parse_u32(strip(colon + 1), &cpu)) {
			*colon = ':';
			malformed(sd->dir, "channel_vp_mapping", l, "relid:cpu on each line");
			goto fail;
		}
		c = device_add_channel(d);
		c->relid = relid;
		c->cpu.known = true;
		c->cpu.v = cpu;
		c->primary = relid == d->relid;
	}
	free(buf);

	for (size_t i = 0; i < d->nchan; i++) {
		struct hv_channel *c = &d->chan[i];
		char *rel = xasprintf("channels/%u", c->relid);
		char *cres = groot_resolve_at(sd->r, sd->res, rel);
		char *cdir = xasprintf("%s/%s", sd->dir, rel);
		struct sdir cd = { sd->r, cres, cdir };

		r = 0;
		if (!cres) {
			/* no channels/<relid>: an older kernel (optional files) */
			if (errno != ENOENT) {
				err("cannot read %s: %s; %s", cdir, errstr(errno), read_hint(errno));
				r = -1;
			}
		} else {
			r = read_u32_attr(&cd, "subchannel_id", true, &c->index);
			if (!r)
				r = read_u32_attr(&cd, "monitor_id", true, &c->monitor_id);
		}
		free(rel);
		free(cres);
		free(cdir);
		if (r)
			return -1;
		if (c->primary)
			d->target_cpu = c->cpu;
	}
	return 0;
fail:
	free(buf);
	return -1;
}

static int read_driver(struct hv_device *d, const struct sdir *sd)
{
	char *path = xasprintf("%s/driver", sd->dir);
	char *rpath = xasprintf("%s/driver", sd->res);
	char *target = NULL;
	int e = groot_readlink(sd->r, rpath, &target);
	size_t n;
	const char *base;

	free(rpath);
	if (e) {
		if (e == -ENOENT) {	/* not bound */
			free(path);
			return 0;
		}
		err("cannot read the link %s: %s; %s", path, errstr(e),
		    e == -EINVAL ? "the kernel makes it a symbolic link: check the --root tree" :
		    read_hint(e));
		free(path);
		return -1;
	}
	n = strlen(target);
	while (n > 1 && target[n - 1] == '/')
		target[--n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base) {
		err("%s: the link points to \"%s\", not to a driver; check the link or the --root tree",
		    path, target);
		free(target);
		free(path);
		return -1;
	}
	d->driver = text_safe(base);
	free(target);
	free(path);
	return 0;
}

static int load_device(struct hv_model *m, const struct sdir *devs, const char *name)
{
	char *dir = xasprintf("%s/%s", devs->dir, name);
	char *res = groot_resolve_at(devs->r, devs->res, name);
	struct sdir sd = { devs->r, res, dir }, *sdp = &sd;
	struct hv_device *d = model_add_device(m);
	struct opt_u32 relid = { 0 };
	int r = -1;

	d->name = text_safe(name);	/* a tree's names may hold escapes */
	if (!res) {
		int e = errno;

		err("cannot read %s: %s; %s", dir, errstr(e),
		    e == ENOENT ? "the device's link leads nowhere in the --root tree (links are followed as if it were /)" :
		    read_hint(e));
		goto out;
	}
	if (read_u32_attr(sdp, "id", false, &relid) ||
	    read_guid_attr(sdp, "class_id", &d->class_guid) ||
	    read_guid_attr(sdp, "device_id", &d->instance))
		goto out;
	d->relid = relid.v;
	d->type = class_dev_type(&d->class_guid);
	if (read_channels(d, sdp) ||
	    read_hex16_attr(sdp, "vendor", &d->vendor_id) ||
	    read_hex16_attr(sdp, "device", &d->device_id) ||
	    read_s32_attr(sdp, "numa_node", &d->numa_node) ||
	    read_u32_attr(sdp, "monitor_id", true, &d->monitor_id) ||
	    read_driver(d, sdp))
		goto out;
	/*
	 * sysfs has no offer flags, but only hv_sock offers bind the hv_sock
	 * driver (vmbus_match()): the binding proves the kind.
	 */
	if (d->type == HVCAPS_DEV_UNKNOWN && d->driver && !strcmp(d->driver, "hv_sock"))
		d->type = HVCAPS_DEV_HVSOCK;
	r = 0;
out:
	free(res);
	free(dir);
	return r;
}

/* EFI and Secure Boot: only what the firmware directory proves. */
static void read_firmware(struct hv_host *h, const struct groot *r)
{
	unsigned char b[8];

	if (groot_exists(r, "/sys/firmware")) {
		h->efi_boot.known = true;
		h->efi_boot.v = groot_exists(r, "/sys/firmware/efi");
	}
	if (h->efi_boot.known && !h->efi_boot.v) {
		/* no EFI, no Secure Boot */
		h->secure_boot.known = true;
		h->secure_boot.v = false;
	} else if (h->efi_boot.v) {
		/* efivarfs: 4 bytes of attributes, then the value */
		if (groot_read_bytes(r, "/sys/firmware/efi/efivars/" EFI_SECURE_BOOT_VAR,
				     b, sizeof(b)) == 5 && b[4] <= 1) {
			h->secure_boot.known = true;
			h->secure_boot.v = b[4] == 1;
		}
	}
}

int source_sysfs_load(struct hv_model *m, const char *root_arg)
{
	const char *root = root_arg ? root_arg : "/";
	struct groot gr = { .fd = -1 };
	struct sdir devs = { &gr, NULL, NULL };
	char *rdir = NULL;
	struct dirent *de;
	struct stat st;
	DIR *dir = NULL;
	int r = -1, e;

	m->source = "sysfs";
	if (stat(root, &st)) {
		err("--root %s: %s; give the top of a tree holding sys/bus/vmbus/devices",
		    root, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		err("--root %s: not a directory; give the top of a tree holding sys/bus/vmbus/devices",
		    root);
		goto out;
	}
	e = groot_open_root(&gr, root, &rdir);
	if (e) {
		err("--root %s: %s; %s", root, errstr(e), read_hint(e));
		goto out;
	}
	devs.dir = xasprintf("%s/sys/bus/vmbus/devices", rdir);
	devs.res = groot_resolve(&gr, "/sys/bus/vmbus/devices");
	dir = devs.res ? groot_opendir(&gr, devs.res) : NULL;
	if (!dir) {
		e = errno;
		if (e == ENOENT && !*rdir)
			err("cannot open %s: %s; the VMBus driver (hv_vmbus) is not loaded: this is not a Hyper-V guest, or run 'modprobe hv_vmbus'",
			    devs.dir, strerror(e));
		else if (e == ENOENT)
			err("cannot open %s: %s; --root must name a tree holding sys/bus/vmbus/devices",
			    devs.dir, strerror(e));
		else
			err("cannot open %s: %s; %s", devs.dir, errstr(e),
			    e == ENOTDIR ? "--root must name a tree holding the directory sys/bus/vmbus/devices" :
			    read_hint(e));
		goto out;
	}
	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de)
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (load_device(m, &devs, de->d_name))
			goto out;
	}
	if (errno) {
		e = errno;
		err("cannot list %s: %s; %s", devs.dir, errstr(e), read_hint(e));
		goto out;
	}

	m->host.vmbus_present.known = true;
	m->host.vmbus_present.v = true;
	m->host.device_count.known = true;
	m->host.device_count.v = (uint32_t)m->ndev;
	m->host.channel_count.known = true;
	for (size_t i = 0; i < m->ndev; i++) {
		if (!m->dev[i].channels_known)
			m->host.channel_count.known = false;
		m->host.channel_count.v += (uint32_t)m->dev[i].nchan;
	}
	if (!m->host.channel_count.known)
		m->host.channel_count.v = 0;
	read_firmware(&m->host, &gr);
	model_sort(m);
	r = 0;
out:
	if (dir)
		closedir(dir);
	groot_close(&gr);
	free((char *)devs.dir);
	free((char *)devs.res);
	free(rdir);
	return r;
}
