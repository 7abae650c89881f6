// SPDX-License-Identifier: GPL-2.0
/*
 * Fill the model from /sys/bus/vmbus (Documentation/ABI/stable/
 * sysfs-bus-vmbus), under a root prefix so tests can use a fixture tree.
 * The files are those lsvmbus reads (id, class_id, device_id,
 * channel_vp_mapping), plus a few more. sysfs does not carry the host's
 * versions or the offer flags: those stay unknown.
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

#include "model.h"
#include "util.h"

#define EFI_SECURE_BOOT_VAR \
	"SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/*
 * Read <dir>/<file>, stripped. Returns 0; 1 if the file does not exist
 * and optional is set; -1 after printing why.
 */
static int read_attr(const char *dir, const char *file, bool optional,
		     char **buf, char **val)
{
	char *path = xasprintf("%s/%s", dir, file);
	int r = read_text_file(path, buf);

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
		err("cannot read %s: %s; %s", path, strerror(-r),
		    r == -ENOENT ?
		    "the device directory lacks a file every VMBus device has: is this a /sys/bus/vmbus tree?" :
		    "check the permissions, or run as root");
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

static int read_u32_attr(const char *dir, const char *file, bool optional,
			 struct opt_u32 *out)
{
	char *buf = NULL, *val;
	int r = read_attr(dir, file, optional, &buf, &val);

	if (r == 0) {
		if (parse_u32(val, &out->v)) {
			out->known = true;
		} else {
			malformed(dir, file, val, "a decimal number");
			r = -1;
		}
	}
	free(buf);
	return r < 0 ? -1 : 0;
}

static int read_guid_attr(const char *dir, const char *file, hv_guid *g)
{
	char *buf = NULL, *val;
	int r = read_attr(dir, file, false, &buf, &val);

	if (r == 0 && !guid_parse(val, g)) {
		malformed(dir, file, val, "a GUID as {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}");
		r = -1;
	}
	free(buf);
	return r;
}

static int read_hex16_attr(const char *dir, const char *file,
			   struct opt_u32 *out)
{
	char *buf = NULL, *val;
	uint16_t v;
	int r = read_attr(dir, file, true, &buf, &val);

	if (r == 0) {
		if (parse_hex_u16(val, &v)) {
			out->known = true;
			out->v = v;
		} else {
			malformed(dir, file, val, "a 16-bit hexadecimal number such as 0x1414");
			r = -1;
		}
	}
	free(buf);
	return r < 0 ? -1 : 0;
}

static int read_s32_attr(const char *dir, const char *file,
			 struct opt_s32 *out)
{
	char *buf = NULL, *val;
	int r = read_attr(dir, file, true, &buf, &val);

	if (r == 0) {
		if (parse_s32(val, &out->v)) {
			out->known = true;
		} else {
			malformed(dir, file, val, "a decimal number");
			r = -1;
		}
	}
	free(buf);
	return r < 0 ? -1 : 0;
}

/* channel_vp_mapping: "relid:cpu" per line, the primary first. */
static int read_channels(struct hv_device *d, const char *dir)
{
	char *buf = NULL, *val, *line, *save = NULL;
	int r = read_attr(dir, "channel_vp_mapping", true, &buf, &val);

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
			malformed(dir, "channel_vp_mapping", l, "relid:cpu on each line");
			goto fail;
		}
		*colon = '\0';
		if (!parse_u32(strip(l), &relid) ||
		    !parse_u32(strip(colon + 1), &cpu)) {
			*colon = ':';
			malformed(dir, "channel_vp_mapping", l, "relid:cpu on each line");
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
		char *cdir = xasprintf("%s/channels/%u", dir, c->relid);

		r = read_u32_attr(cdir, "subchannel_id", true, &c->index);
		if (!r)
			r = read_u32_attr(cdir, "monitor_id", true, &c->monitor_id);
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

static int read_driver(struct hv_device *d, const char *dir)
{
	char *path = xasprintf("%s/driver", dir);
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *base;

	if (n < 0) {
		int e = errno;

		if (e == ENOENT) {	/* not bound */
			free(path);
			return 0;
		}
		err("cannot read the link %s: %s; check the permissions",
		    path, strerror(e));
		free(path);
		return -1;
	}
	target[n] = '\0';
	while (n > 1 && target[n - 1] == '/')
		target[--n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base) {
		err("%s: the link points to \"%s\", not to a driver; check the link or the --root tree",
		    path, target);
		free(path);
		return -1;
	}
	d->driver = xstrdup(base);
	free(path);
	return 0;
}

static int load_device(struct hv_model *m, const char *devs, const char *name)
{
	char *dir = xasprintf("%s/%s", devs, name);
	struct hv_device *d = model_add_device(m);
	struct opt_u32 relid = { 0 };
	int r = -1;

	d->name = xstrdup(name);
	if (read_u32_attr(dir, "id", false, &relid) ||
	    read_guid_attr(dir, "class_id", &d->class_guid) ||
	    read_guid_attr(dir, "device_id", &d->instance))
		goto out;
	d->relid = relid.v;
	d->type = class_dev_type(&d->class_guid);
	if (read_channels(d, dir) ||
	    read_hex16_attr(dir, "vendor", &d->vendor_id) ||
	    read_hex16_attr(dir, "device", &d->device_id) ||
	    read_s32_attr(dir, "numa_node", &d->numa_node) ||
	    read_u32_attr(dir, "monitor_id", true, &d->monitor_id) ||
	    read_driver(d, dir))
		goto out;
	/*
	 * sysfs has no offer flags, but only hv_sock offers bind the hv_sock
	 * driver (vmbus_match()): the binding proves the kind.
	 */
	if (d->type == HVCAPS_DEV_UNKNOWN && d->driver && !strcmp(d->driver, "hv_sock"))
		d->type = HVCAPS_DEV_HVSOCK;
	r = 0;
out:
	free(dir);
	return r;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* EFI and Secure Boot: only what the firmware directory proves. */
static void read_firmware(struct hv_host *h, const char *root)
{
	char *fw = xasprintf("%s/sys/firmware", root);
	char *efi = xasprintf("%s/sys/firmware/efi", root);
	char *var = xasprintf("%s/sys/firmware/efi/efivars/" EFI_SECURE_BOOT_VAR,
			      root);
	unsigned char b[8];
	int fd;

	if (exists(fw)) {
		h->efi_boot.known = true;
		h->efi_boot.v = exists(efi);
	}
	if (h->efi_boot.known && !h->efi_boot.v) {
		/* no EFI, no Secure Boot */
		h->secure_boot.known = true;
		h->secure_boot.v = false;
	} else if (h->efi_boot.v) {
		/* efivarfs: 4 bytes of attributes, then the value */
		fd = open(var, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (read(fd, b, sizeof(b)) == 5 && b[4] <= 1) {
				h->secure_boot.known = true;
				h->secure_boot.v = b[4] == 1;
			}
			close(fd);
		}
	}
	free(fw);
	free(efi);
	free(var);
}

int source_sysfs_load(struct hv_model *m, const char *root_arg)
{
	size_t rlen = strlen(root_arg ? root_arg : "/");
	char *root = xstrdup(root_arg ? root_arg : "/");
	char *devs = NULL;
	struct dirent *de;
	struct stat st;
	DIR *dir = NULL;
	int r = -1;

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
	while (rlen > 0 && root[rlen - 1] == '/')
		root[--rlen] = '\0';	/* "/" becomes "" */
	devs = xasprintf("%s/sys/bus/vmbus/devices", root);
	dir = opendir(devs);
	if (!dir) {
		int e = errno;

		if (e == ENOENT && !*root)
			err("cannot open %s: %s; the VMBus driver (hv_vmbus) is not loaded: this is not a Hyper-V guest, or run 'modprobe hv_vmbus'",
			    devs, strerror(e));
		else if (e == ENOENT)
			err("cannot open %s: %s; --root must name a tree holding sys/bus/vmbus/devices",
			    devs, strerror(e));
		else
			err("cannot open %s: %s; check the permissions, or run as root",
			    devs, strerror(e));
		goto out;
	}
	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de)
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (load_device(m, devs, de->d_name))
			goto out;
	}
	if (errno) {
		err("cannot list %s: %s; check the permissions, or run as root",
		    devs, strerror(errno));
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
	read_firmware(&m->host, root);
	model_sort(m);
	r = 0;
out:
	if (dir)
		closedir(dir);
	free(devs);
	free(root);
	return r;
}
