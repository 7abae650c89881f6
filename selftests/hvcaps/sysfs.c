// SPDX-License-Identifier: GPL-2.0
/* Read the VMBus devices the way lsvmbus and hv_vmbus' ABI describe them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

#define WHY(...) hv_fmt(err, n, __VA_ARGS__)

int hv_read_file(const char *path, char *buf, size_t size)
{
	size_t off = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off + 1 < size) {
		r = read(fd, buf + off, size - 1 - off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			close(fd);
			return (int)r;
		}
		if (!r)
			break;
		off += (size_t)r;
	}
	buf[off] = 0;
	close(fd);
	return 0;
}

/* Parse a whole file as one unsigned number (any base strtoul takes). */
static int read_num(const char *dir, const char *name, long long *v,
		    char *err, size_t n)
{
	char path[PATH_MAX], buf[64], *end;
	int ret;

	hv_fmt(path, sizeof(path), "%s/%s", dir, name);
	ret = hv_read_file(path, buf, sizeof(buf));
	if (ret) {
		WHY("%s: %s", path, strerror(-ret));
		return -1;
	}
	errno = 0;
	*v = strtoll(buf, &end, 0);
	if (errno || end == buf || (*end && strcmp(end, "\n"))) {
		WHY("%s: not a number: '%s'", path, buf);
		return -1;
	}
	return 0;
}

/* The same for a file that may be absent (*v untouched then). */
static int read_opt_num(const char *dir, const char *name, long long *v,
			char *err, size_t n)
{
	char path[PATH_MAX];

	hv_fmt(path, sizeof(path), "%s/%s", dir, name);
	if (access(path, F_OK) && errno == ENOENT)
		return 0;
	return read_num(dir, name, v, err, n);
}

static int read_guid(const char *dir, const char *name, uint8_t g[16],
		     char *err, size_t n)
{
	char path[PATH_MAX], buf[64];
	int ret;

	hv_fmt(path, sizeof(path), "%s/%s", dir, name);
	ret = hv_read_file(path, buf, sizeof(buf));
	if (ret) {
		WHY("%s: %s", path, strerror(-ret));
		return -1;
	}
	buf[strcspn(buf, "\n")] = 0;
	/* The ABI prints "{guid}" in lower case. */
	if (buf[0] != '{' || hv_guid_parse(buf, g)) {
		WHY("%s: not a {guid}: '%s'", path, buf);
		return -1;
	}
	for (ret = 0; buf[ret]; ret++)
		if (buf[ret] >= 'A' && buf[ret] <= 'F') {
			WHY("%s: not lower case: '%s'", path, buf);
			return -1;
		}
	return 0;
}

static int read_channels(const char *dir, struct hv_channel *ch,
			 char *err, size_t n)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool primary = false;
	DIR *d;
	int ret = -1;

	hv_fmt(path, sizeof(path), "%s/channels", dir);
	d = opendir(path);
	if (!d) {
		WHY("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char cdir[PATH_MAX];
		long long relid, cpu, idx, mon;
		char *end;

		if (de->d_name[0] == '.')
			continue;
		relid = strtoll(de->d_name, &end, 10);
		if (*end || relid < 0) {
			WHY("%s/%s: not a relid", path, de->d_name);
			goto out;
		}
		hv_fmt(cdir, sizeof(cdir), "%s/%s", path, de->d_name);
		if (read_num(cdir, "cpu", &cpu, err, n) ||
		    read_num(cdir, "subchannel_id", &idx, err, n))
			goto out;
		/* monitor_id is hidden when no monitor is allocated */
		mon = -1;
		if (read_opt_num(cdir, "monitor_id", &mon, err, n))
			goto out;
		if ((uint32_t)relid == ch->relid) {
			if (idx != 0) {
				WHY("%s: primary channel with subchannel_id %lld",
				    cdir, idx);
				goto out;
			}
			primary = true;
			ch->cpu = (uint32_t)cpu;
			ch->have |= HV_BIT(HVCAPS_A_CHANNEL_TARGET_CPU);
			if ((mon >= 0) !=
			    !!(ch->have & HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID)) ||
			    (mon >= 0 && (uint32_t)mon != ch->monitor)) {
				WHY("%s/monitor_id disagrees with the device's",
				    cdir);
				goto out;
			}
		} else {
			struct hv_sub s = {
				.have = HV_SUB_REQUIRED,
				.relid = (uint32_t)relid,
				.index = (uint32_t)idx,
				.cpu = (uint32_t)cpu,
			};

			if (mon >= 0) {
				s.have |= HV_BIT(HVCAPS_A_SUBCHANNEL_MONITOR_ID);
				s.monitor = (uint32_t)mon;
			}

			if (hv_chan_add_sub(ch, &s)) {
				WHY("out of memory");
				goto out;
			}
		}
	}
	if (!primary) {
		WHY("%s: no directory for the primary relid %u", path,
		    ch->relid);
		goto out;
	}
	ret = 0;
out:
	closedir(d);
	return ret;
}

/* channel_vp_mapping must list the same (relid, cpu) pairs, primary first. */
static int check_vp_mapping(const char *dir, const struct hv_channel *ch,
			    char *err, size_t n)
{
	char path[PATH_MAX], *buf, *line, *save = NULL;
	unsigned int seen = 0, i;
	int ret;

	buf = malloc(65536);
	if (!buf) {
		WHY("out of memory");
		return -1;
	}
	hv_fmt(path, sizeof(path), "%s/channel_vp_mapping", dir);
	ret = hv_read_file(path, buf, 65536);
	if (ret) {
		WHY("%s: %s", path, strerror(-ret));
		free(buf);
		return -1;
	}
	ret = -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), seen++) {
		unsigned int relid, cpu;
		bool ok = false;

		if (sscanf(line, "%u:%u", &relid, &cpu) != 2) {
			WHY("%s: bad line '%s'", path, line);
			goto out;
		}
		if (seen == 0) {
			ok = relid == ch->relid && cpu == ch->cpu;
		} else {
			for (i = 0; i < ch->nsub; i++)
				if (ch->sub[i].relid == relid &&
				    ch->sub[i].cpu == cpu)
					ok = true;
		}
		if (!ok) {
			WHY("%s: line %u '%s' matches no channel directory%s",
			    path, seen + 1, line,
			    seen ? "" : " (the primary must come first)");
			goto out;
		}
	}
	if (seen != 1 + ch->nsub) {
		WHY("%s: %u lines for %u channels", path, seen, 1 + ch->nsub);
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

static int read_device(const char *name, struct hv_channel *ch,
		       char *err, size_t n)
{
	char dir[PATH_MAX], link[PATH_MAX], target[PATH_MAX];
	uint8_t byname[16];
	long long v;
	ssize_t len;

	hv_fmt(dir, sizeof(dir), "%s/%s", HV_SYSFS_DEVICES, name);
	if (read_guid(dir, "device_id", ch->instance, err, n) ||
	    read_guid(dir, "class_id", ch->class_id, err, n))
		return -1;
	if (hv_guid_parse(name, byname) ||
	    memcmp(byname, ch->instance, sizeof(byname))) {
		WHY("%s: the name is not device_id", dir);
		return -1;
	}
	ch->have |= HV_BIT(HVCAPS_A_CHANNEL_INSTANCE) |
		    HV_BIT(HVCAPS_A_CHANNEL_CLASS);
	if (read_num(dir, "id", &v, err, n))
		return -1;
	ch->relid = (uint32_t)v;
	if (read_num(dir, "vendor", &v, err, n))
		return -1;
	ch->vendor = (uint16_t)v;
	if (read_num(dir, "device", &v, err, n))
		return -1;
	ch->device = (uint16_t)v;
	/* monitor_id is hidden when no monitor is allocated */
	v = -1;
	if (read_opt_num(dir, "monitor_id", &v, err, n))
		return -1;
	if (v >= 0) {
		ch->monitor = (uint32_t)v;
		ch->have |= HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID);
	}
	ch->have |= HV_BIT(HVCAPS_A_CHANNEL_RELID) |
		    HV_BIT(HVCAPS_A_CHANNEL_VENDOR_ID) |
		    HV_BIT(HVCAPS_A_CHANNEL_DEVICE_ID);
	/* numa_node is there on NUMA kernels only. */
	hv_fmt(link, sizeof(link), "%s/numa_node", dir);
	if (!access(link, F_OK)) {
		if (read_num(dir, "numa_node", &v, err, n))
			return -1;
		ch->numa = (int32_t)v;
		ch->have |= HV_BIT(HVCAPS_A_CHANNEL_NUMA_NODE);
	}
	hv_fmt(link, sizeof(link), "%s/driver", dir);
	len = readlink(link, target, sizeof(target) - 1);
	if (len > 0) {
		target[len] = 0;
		hv_fmt(ch->driver, sizeof(ch->driver), "%s",
			 strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
		ch->have |= HV_BIT(HVCAPS_A_CHANNEL_DRIVER);
	}
	return read_channels(dir, ch, err, n) ||
	       check_vp_mapping(dir, ch, err, n) ? -1 : 0;
}

int hv_sysfs_read(struct hv_chans *out, char *err, size_t n)
{
	struct dirent *de;
	DIR *d;

	memset(out, 0, sizeof(*out));
	d = opendir(HV_SYSFS_DEVICES);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		WHY("%s: %s", HV_SYSFS_DEVICES, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		struct hv_channel *ch;

		if (de->d_name[0] == '.')
			continue;
		ch = hv_chans_add(out);
		if (!ch) {
			WHY("out of memory");
			goto fail;
		}
		if (read_device(de->d_name, ch, err, n))
			goto fail;
	}
	closedir(d);
	return 0;
fail:
	closedir(d);
	hv_chans_free(out);
	return -1;
}
