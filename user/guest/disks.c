// SPDX-License-Identifier: GPL-2.0
/*
 * The disks on the VMBus: every /sys/block/<name> whose device has a VMBus
 * device among its ancestors (a directory whose subsystem link names
 * "vmbus": the storvsc controller, SCSI or IDE by its class_id), with the
 * SCSI device's vendor, model and wwid, the size, and discard support
 * (queue/discard_max_bytes: 0 means none). NVMe namespaces too (nvme.c:
 * Azure's NVMe disks, behind a vPCI offer, whose VMBus device is then the
 * PCI pass-through one), with their controller and identifiers: transport
 * says which ("storvsc" or "nvme").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

static void read_u64(struct hv_guest *g, const struct groot *r, const char *path,
		     uint64_t mult, struct opt_u64 *out)
{
	char *v, *end;
	unsigned long long x;

	if (groot_value(g, r, path, &v))
		return;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (!*v || *end || errno || *v == '-' || x > UINT64_MAX / mult)
		guest_diag(g, path, "malformed content \"%.40s\" (expected a decimal number)", v);
	else {
		out->known = true;
		out->v = (uint64_t)x * mult;
	}
	free(v);
}

static void read_str(struct hv_guest *g, const struct groot *r, const char *path,
		     char **out)
{
	if (!groot_value(g, r, path, out) && !**out) {
		free(*out);
		*out = NULL;
	}
}

/* The VMBus device above path (resolved): 0 and d filled, or -1. */
static int vmbus_ancestor(struct hv_guest *g, const struct groot *r, char *path,
			  struct guest_disk *d)
{
	char *slash;

	while ((slash = strrchr(path, '/')) && slash != path) {
		char *sub, *bus = NULL;
		int e;

		*slash = '\0';
		if (!strcmp(path, "/sys/devices") || !strcmp(path, "/sys"))
			break;
		sub = xasprintf("%s/subsystem", path);
		e = groot_link_base(r, sub, &bus);
		free(sub);
		if (!e && !strcmp(bus, "vmbus")) {
			char *p = xasprintf("%s/driver", path), *cls;
			hv_guid guid;

			free(bus);
			groot_link_base(r, p, &d->driver);
			free(p);
			d->vmbus_device = xstrdup(strrchr(path, '/') + 1);
			p = xasprintf("%s/class_id", path);
			if (!groot_value(g, r, p, &cls)) {
				if (guid_parse(cls, &guid))
					d->vmbus_class = xstrdup(dev_type_id(class_dev_type(&guid)));
				else
					guest_diag(g, p, "malformed content \"%.40s\" (expected a GUID)", cls);
				free(cls);
			}
			free(p);
			return 0;
		}
		free(bus);
	}
	return -1;
}

void guest_collect_disks(struct hv_guest *g, const struct groot *r)
{
	struct guest_disks *ds = &g->disks;
	struct strv all;
	int e = groot_list(r, "/sys/block", &all);

	if (e) {
		ds->why = why_errno("/sys/block", e);
		goto out;
	}
	ds->known = true;
	for (size_t i = 0; i < all.n; i++) {
		char *p = xasprintf("/sys/block/%s/device", all.v[i]);
		char *dev = groot_resolve(r, p);
		struct guest_disk d = { 0 };
		char *ctrl;
		bool nvme;

		free(p);
		if (!dev)
			continue;	/* no device: loop, ram, dm-... */
		d.name = xstrdup(all.v[i]);
		nvme = !guest_nvme_disk(g, r, dev, &d, &ctrl);
		if (ctrl) {	/* the controller's path leads to its VMBus device */
			free(dev);
			dev = ctrl;
		}
		if (vmbus_ancestor(g, r, dev, &d) && !nvme) {
			free(dev);
			free(d.driver);
			free(d.name);
			continue;
		}
		free(dev);
		if (!nvme)
			d.transport = xstrdup("storvsc");
#define DISK(file) (p = xasprintf("/sys/block/%s/" file, d.name))
		if (!nvme) {
			read_str(g, r, DISK("device/vendor"), &d.vendor);
			free(p);
			read_str(g, r, DISK("device/model"), &d.model);
			free(p);
			read_str(g, r, DISK("device/wwid"), &d.wwid);
			free(p);
		}
		read_u64(g, r, DISK("size"), 512, &d.size_bytes);
		free(p);
		read_u64(g, r, DISK("queue/discard_max_bytes"), 1, &d.discard_max_bytes);
		free(p);
		read_u64(g, r, DISK("queue/discard_granularity"), 1, &d.discard_granularity);
		free(p);
#undef DISK
		if (d.discard_max_bytes.known) {
			d.discard.known = true;
			d.discard.v = d.discard_max_bytes.v > 0;
		}
		/* doubled at each power of two: one by one, 1,000 NVMe disks were copied 500,000 times */
		if (!(ds->n & (ds->n - 1)))
			ds->list = xrealloc(ds->list, (ds->n ? 2 * ds->n : 1) * sizeof(*ds->list));
		ds->list[ds->n++] = d;
	}
out:
	for (size_t i = 0; i < all.n; i++)
		free(all.v[i]);
	free(all.v);
}
