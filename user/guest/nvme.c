// SPDX-License-Identifier: GPL-2.0
/*
 * An NVMe namespace among the disks (disks.c calls it for each
 * /sys/block/<name>): the controller it belongs to and the namespace's
 * identifiers, as the nvme driver writes them to sysfs
 * (drivers/nvme/host/sysfs.c, formerly core.c):
 *
 *   /sys/block/nvme0n1/{wwid,eui,nguid,uuid,nsid}     nvme_ns_attrs[]
 *   /sys/block/nvme0n1/device -> .../nvme/nvme0        the controller device
 *   .../nvme/nvme0/{model,serial,firmware_rev,transport,subsysnqn}
 *                                                      nvme_dev_attrs[]
 *   .../<domain>:<bus>:<dev>.<fn>/nvme/nvme0           below its PCI function
 *
 * With native multipath a shared namespace's disk hangs below the
 * subsystem instead (/sys/devices/virtual/nvme-subsystem/nvme-subsysN,
 * whose nvmeN entries link to the controllers): the first controller
 * there is taken. eui, nguid and uuid exist only when the namespace
 * reports them (nvme_ns_attrs_are_visible()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

/* "nvme0" (and not "nvme0n1" or "nvme-subsys0") */
static bool is_controller(const char *s)
{
	unsigned int n;
	int len = 0;

	return sscanf(s, "nvme%u%n", &n, &len) == 1 && !s[len];
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The controller directory (resolved) for the disk's device dev, or NULL. */
static char *controller_dir(const struct groot *r, const char *dev)
{
	struct strv ents;
	char *ctrl = NULL;

	if (is_controller(base(dev)))
		return xstrdup(dev);
	if (strncmp(base(dev), "nvme-subsys", 11) || groot_list(r, dev, &ents))
		return NULL;
	for (size_t i = 0; i < ents.n; i++) {
		if (!ctrl && is_controller(ents.v[i]))
			ctrl = groot_resolve_at(r, dev, ents.v[i]);
		free(ents.v[i]);
	}
	free(ents.v);
	return ctrl;
}

static void attr(struct hv_guest *g, const struct groot *r, const char *dir,
		 const char *name, char **out)
{
	char *p = xasprintf("%s/%s", dir, name);

	if (!groot_value(g, r, p, out) && !**out) {
		free(*out);
		*out = NULL;
	}
	free(p);
}

/* the PCI function above the controller: ".../7870:00:00.0/nvme/nvme0" */
static char *pci_function(const char *ctrl)
{
	char *s = xstrdup(ctrl), *slash = strrchr(s, '/'), *out = NULL;
	unsigned int d, b, dev, fn;
	int n = 0;

	if (slash && slash != s) {
		*slash = '\0';
		slash = strrchr(s, '/');
		if (slash && !strcmp(slash + 1, "nvme")) {
			*slash = '\0';
			if (sscanf(base(s), "%4x:%2x:%2x.%1x%n", &d, &b, &dev, &fn, &n) == 4 &&
			    !base(s)[n])
				out = xstrdup(base(s));
		}
	}
	free(s);
	return out;
}

int guest_nvme_disk(struct hv_guest *g, const struct groot *r, const char *dev,
		    struct guest_disk *d, char **ctrl_dir)
{
	char *ctrl = controller_dir(r, dev), *p, *v;

	*ctrl_dir = ctrl;
	if (!ctrl)
		return -1;
	d->transport = xstrdup("nvme");
	d->nvme_controller = xstrdup(base(ctrl));
	d->pci_address = pci_function(ctrl);
	attr(g, r, ctrl, "model", &d->model);
	attr(g, r, ctrl, "serial", &d->serial);
	attr(g, r, ctrl, "firmware_rev", &d->firmware_rev);
	attr(g, r, ctrl, "transport", &d->nvme_transport);
	attr(g, r, ctrl, "subsysnqn", &d->subsysnqn);
	p = xasprintf("/sys/block/%s", d->name);
	attr(g, r, p, "wwid", &d->wwid);
	attr(g, r, p, "eui", &d->eui);
	attr(g, r, p, "nguid", &d->nguid);
	attr(g, r, p, "uuid", &d->uuid);
	free(p);
	p = xasprintf("/sys/block/%s/nsid", d->name);
	if (!groot_value(g, r, p, &v)) {
		uint32_t n;

		/*
		 * "%u" (nsid_show()); 0 and 0xffffffff (all namespaces) are
		 * never a namespace's. No sscanf: "-1" would read as 4294967295.
		 */
		if (parse_u32(v, &n) && n && n != UINT32_MAX) {
			d->nsid.known = true;
			d->nsid.v = n;
		} else {
			guest_diag(g, p, "malformed content \"%.40s\" (expected a namespace id, 1 to 4294967294)", v);
		}
		free(v);
	}
	free(p);
	return 0;
}
