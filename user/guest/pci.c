// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI functions behind the VMBus's PCI pass-through (vPCI) offers.
 *
 * pci-hyperv creates one PCI host bridge per offer and parents it to the
 * VMBus device (drivers/pci/controller/pci-hyperv.c, hv_pci_probe():
 * bridge->dev.parent = &hbus->hdev->device), so sysfs has
 *
 *   /sys/bus/vmbus/devices/<instance>/pci<domain>:<bus>/<domain>:<bus>:<dev>.<fn>/
 *       vendor device class subsystem_vendor subsystem_device numa_node
 *       driver -> .../drivers/<name>     net/<ifname>/     nvme/nvme<N>/
 *
 * (the attributes of drivers/pci/pci-sysfs.c; net/ from register_netdev(),
 * nvme/ from the NVMe controller device, drivers/nvme/host/core.c). A
 * function is named from the system's PCI ID database (pci.ids, under the
 * root) when it has the id, else from a small table of Microsoft ids
 * below, else not at all. A VF's network interface is paired with the
 * synthetic NIC whose VF it is (nics.c: netvsc pairs them by MAC address,
 * drivers/net/hyperv/netvsc_drv.c, get_netvsc_byslot()/netvsc_register_vf()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

/* Microsoft ids a pci.ids may lack (sources in the comments) */
static const struct {
	unsigned int vendor, device;
	const char *name;
} ms_ids[] = {
	/* drivers/net/ethernet/microsoft/mana/gdma.h: MANA_PF_DEVICE_ID, MANA_VF_DEVICE_ID */
	{ 0x1414, 0x00b9, "Microsoft Azure Network Adapter (MANA) PF" },
	{ 0x1414, 0x00ba, "Microsoft Azure Network Adapter (MANA) VF" },
	/*
	 * Not in pci.ids (pciutils/pciids, version 2026.08.22, has neither):
	 * microsoft/lisa, lisa/tools/lspci.py (Microsoft's Linux test suite
	 * for Azure) lists 00a9 as "Remote disks connected using NVMe disk
	 * controller" (DEVICE_TYPE_ASAP, Azure Boost) and b111 as "Local NVMe
	 * disks"; b111 is also the "Microsoft Corporation Device b111" of an
	 * Azure L80sv2 in the linux-nvme patch "nvme-pci: check CQ after batch
	 * submission for Microsoft device" (2019, NVME_QUIRK_CHECK_CQ).
	 */
	{ 0x1414, 0x00a9, "Microsoft Azure NVMe disk controller (remote disks, Azure Boost)" },
	{ 0x1414, 0xb111, "Microsoft Azure local NVMe disk (NVMe Direct)" },
};

static const char *const pci_ids_files[] = {
	"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids",
};

/*
 * The name of vendor:device in a pci.ids file: "Vendor Device", or NULL;
 * *exact false when the file knows the vendor only ("Vendor device 00a9").
 */
static char *pci_ids_lookup(const struct groot *r, const char *file, unsigned int vendor,
			    unsigned int device, bool *exact)
{
	FILE *f = groot_fopen(r, file);
	char line[512], *vname = NULL, *out = NULL;

	*exact = false;
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		unsigned int id;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		if (line[0] != '\t') {
			if (vname)
				break;	/* the vendor's devices are over */
			if (sscanf(line, "%4x %n", &id, &n) == 1 && n && id == vendor)
				vname = xstrdup(line + n + strspn(line + n, " "));
			continue;
		}
		if (vname && line[1] != '\t' && sscanf(line + 1, "%4x %n", &id, &n) == 1 && n &&
		    id == device) {
			out = xasprintf("%s %s", vname, line + 1 + n + strspn(line + 1 + n, " "));
			*exact = true;
			break;
		}
	}
	if (vname && !out)
		out = xasprintf("%s device %04x", vname, device);
	free(vname);
	fclose(f);
	return out;
}

/* pci.ids's name; else hvcaps's table; else pci.ids's vendor alone */
static void name_function(const struct groot *r, struct guest_pci_function *p)
{
	char *vendor_only = NULL;
	const char *vendor_file = NULL;

	if (!p->vendor.known || !p->device.known)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(pci_ids_files); i++) {
		bool exact;
		char *n = pci_ids_lookup(r, pci_ids_files[i], p->vendor.v, p->device.v, &exact);

		if (n && exact) {
			free(vendor_only);
			p->name = n;
			p->name_source = xstrdup(pci_ids_files[i]);
			return;
		}
		if (n && !vendor_only) {
			vendor_only = n;
			vendor_file = pci_ids_files[i];
		} else {
			free(n);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(ms_ids); i++)
		if (ms_ids[i].vendor == p->vendor.v && ms_ids[i].device == p->device.v) {
			free(vendor_only);
			p->name = xstrdup(ms_ids[i].name);
			p->name_source = xstrdup("hvcaps's table of Microsoft ids");
			return;
		}
	if (vendor_only) {
		p->name = vendor_only;
		p->name_source = xstrdup(vendor_file);
	}
}

/* a hex sysfs value ("0x1414") */
static void hex_attr(struct hv_guest *g, const struct groot *r, const char *dir,
		     const char *attr, struct opt_u32 *out)
{
	char *path = xasprintf("%s/%s", dir, attr), *v;
	unsigned int x;
	int n = 0;

	if (!groot_value(g, r, path, &v)) {
		if (sscanf(v, "%x%n", &x, &n) == 1 && !v[n]) {
			out->known = true;
			out->v = x;
		} else {
			guest_diag(g, path, "not a hexadecimal number: \"%s\"", v);
		}
		free(v);
	}
	free(path);
}

static void collect_function(struct hv_guest *g, const struct groot *r, const char *instance,
			     const char *dir, const char *address)
{
	struct guest_pcis *ps = &g->pci;
	struct guest_pci_function *p;
	struct strv names;
	char *path, *v;

	ps->list = xrealloc(ps->list, (ps->n + 1) * sizeof(*ps->list));
	p = &ps->list[ps->n++];
	memset(p, 0, sizeof(*p));
	p->address = xstrdup(address);
	p->vmbus_device = xstrdup(instance);
	hex_attr(g, r, dir, "vendor", &p->vendor);
	hex_attr(g, r, dir, "device", &p->device);
	hex_attr(g, r, dir, "class", &p->class_code);
	hex_attr(g, r, dir, "subsystem_vendor", &p->subsystem_vendor);
	hex_attr(g, r, dir, "subsystem_device", &p->subsystem_device);
	path = xasprintf("%s/numa_node", dir);
	if (!groot_value(g, r, path, &v)) {
		int node, n = 0;

		if (sscanf(v, "%d%n", &node, &n) == 1 && !v[n]) {
			p->numa_node.known = true;
			p->numa_node.v = node;
		} else {
			guest_diag(g, path, "not a number: \"%s\"", v);
		}
		free(v);
	}
	free(path);
	path = xasprintf("%s/driver", dir);
	if (groot_link_base(r, path, &p->driver))
		p->driver = NULL;
	free(path);
	path = xasprintf("%s/net", dir);
	p->netdevs.known = true;
	if (!groot_list(r, path, &names)) {
		p->netdevs = names;
		p->netdevs.known = true;
	}
	free(path);
	path = xasprintf("%s/nvme", dir);
	p->nvme.known = true;
	if (!groot_list(r, path, &names)) {
		p->nvme = names;
		p->nvme.known = true;
	}
	free(path);
	/* the synthetic NIC this function's interface is the VF of */
	for (size_t i = 0; i < p->netdevs.n && !p->paired_nic; i++)
		for (size_t j = 0; j < g->nics.n; j++)
			if (g->nics.list[j].vf && !strcmp(g->nics.list[j].vf, p->netdevs.v[i]))
				p->paired_nic = xstrdup(g->nics.list[j].name);
	name_function(r, p);
}

/* "pci7870:00" and "7870:00:02.0" */
static bool is_bus_dir(const char *s)
{
	unsigned int d, b;
	int n = 0;

	return sscanf(s, "pci%4x:%2x%n", &d, &b, &n) == 2 && !s[n];
}

static bool is_function(const char *s)
{
	unsigned int d, b, dev, fn;
	int n = 0;

	return sscanf(s, "%4x:%2x:%2x.%1x%n", &d, &b, &dev, &fn, &n) == 4 && !s[n];
}

void guest_collect_pci(struct hv_guest *g, const struct groot *r)
{
	struct guest_pcis *ps = &g->pci;
	struct strv devs;
	int e = groot_list(r, "/sys/bus/vmbus/devices", &devs);

	if (e) {
		ps->why = why_errno("/sys/bus/vmbus/devices", e);
		return;
	}
	ps->known = true;
	for (size_t i = 0; i < devs.n; i++) {
		char *dir = xasprintf("/sys/bus/vmbus/devices/%s", devs.v[i]);
		struct strv buses;

		if (!groot_list(r, dir, &buses)) {
			for (size_t j = 0; j < buses.n; j++) {
				char *bdir = xasprintf("%s/%s", dir, buses.v[j]);
				struct strv fns;

				if (is_bus_dir(buses.v[j]) && !groot_list(r, bdir, &fns)) {
					for (size_t k = 0; k < fns.n; k++) {
						char *fdir = xasprintf("%s/%s", bdir, fns.v[k]);

						if (is_function(fns.v[k]))
							collect_function(g, r, devs.v[i], fdir, fns.v[k]);
						free(fdir);
						free(fns.v[k]);
					}
					free(fns.v);
				}
				free(bdir);
				free(buses.v[j]);
			}
			free(buses.v);
		}
		free(dir);
		free(devs.v[i]);
	}
	free(devs.v);
}
