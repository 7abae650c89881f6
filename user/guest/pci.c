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
 * An id line of pci.ids (pciutils's pci.ids(5)): 4 hex digits, blanks,
 * the name. The name, or NULL ("10de1 x", "C 02  class" and a lone
 * "1414" are no id lines).
 */
static const char *pci_ids_entry(const char *s, unsigned int *id)
{
	const char *name = s + 4 + strspn(s + 4, " ");

	if (strspn(s, "0123456789abcdefABCDEF") != 4 || s[4] != ' ' || !*name)
		return NULL;
	*id = (unsigned int)strtoul(s, NULL, 16);
	return name;
}

/* the functions still without a name from pci.ids whose vendor is v */
static bool wanted(const struct guest_pcis *ps, bool *exact, unsigned int v)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!exact[i] && ps->list[i].vendor.known && ps->list[i].vendor.v == v)
			return true;
	return false;
}

/*
 * One pass over a pci.ids file for every function (not one per function:
 * 1,000 functions would read a 1.3 MB file 1,000 times): names the ones
 * it knows exactly ("Vendor Device", exact[i] set) and, in vendor_only[i]
 * when still empty, "Vendor device 00a9" for those whose vendor alone it
 * knows. Only the first block of a vendor counts. A line longer than the
 * buffer is skipped whole, never read as the lines its pieces look like.
 */
static void pci_ids_scan(const struct groot *r, const char *file, struct guest_pcis *ps,
			 bool *exact, char **vendor_only, const char **vendor_file)
{
	FILE *f = groot_fopen(r, file);
	char line[512], *vname = NULL;
	unsigned int vid = 0, id;
	/* per function: 0 its vendor not met yet, 1 in its block, 2 after it */
	unsigned char *seen = xcalloc(ps->n ? ps->n : 1, sizeof(*seen));
	bool cut = false;
	const char *name;

	if (!f) {
		free(seen);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		bool was_cut = cut;

		cut = !strchr(line, '\n') && !feof(f);
		line[strcspn(line, "\n")] = '\0';
		if (was_cut || cut || line[0] == '#' || !line[0])
			continue;
		if (line[0] != '\t') {
			free(vname);
			vname = NULL;
			for (size_t i = 0; i < ps->n; i++)
				seen[i] += seen[i] == 1;
			name = pci_ids_entry(line, &vid);
			if (name && wanted(ps, exact, vid))
				vname = xstrdup(name);
			for (size_t i = 0; vname && i < ps->n; i++) {
				struct guest_pci_function *p = &ps->list[i];

				if (!p->vendor.known || p->vendor.v != vid || seen[i])
					continue;
				seen[i] = 1;
				if (!vendor_only[i]) {
					vendor_only[i] = xasprintf("%s device %04x", vname, p->device.v);
					vendor_file[i] = file;
				}
			}
			continue;
		}
		if (!vname || line[1] == '\t' || !(name = pci_ids_entry(line + 1, &id)))
			continue;
		for (size_t i = 0; i < ps->n; i++) {
			struct guest_pci_function *p = &ps->list[i];

			if (!exact[i] && p->vendor.v == vid && p->device.v == id && seen[i] == 1) {
				p->name = xasprintf("%s %s", vname, name);
				p->name_source = xstrdup(file);
				exact[i] = true;
			}
		}
	}
	free(vname);
	free(seen);
	fclose(f);
}

/* every function: pci.ids's name; else hvcaps's table; else pci.ids's vendor alone */
static void name_functions(const struct groot *r, struct guest_pcis *ps)
{
	bool *exact = xcalloc(ps->n ? ps->n : 1, sizeof(*exact));
	char **vendor_only = xcalloc(ps->n ? ps->n : 1, sizeof(*vendor_only));
	const char **vendor_file = xcalloc(ps->n ? ps->n : 1, sizeof(*vendor_file));

	for (size_t i = 0; i < ps->n; i++)	/* no id, no name */
		exact[i] = !ps->list[i].vendor.known || !ps->list[i].device.known;
	for (size_t i = 0; i < ARRAY_SIZE(pci_ids_files); i++)
		pci_ids_scan(r, pci_ids_files[i], ps, exact, vendor_only, vendor_file);
	for (size_t i = 0; i < ps->n; i++) {
		struct guest_pci_function *p = &ps->list[i];

		for (size_t k = 0; !exact[i] && k < ARRAY_SIZE(ms_ids); k++)
			if (ms_ids[k].vendor == p->vendor.v && ms_ids[k].device == p->device.v) {
				p->name = xstrdup(ms_ids[k].name);
				p->name_source = xstrdup("hvcaps's table of Microsoft ids");
				exact[i] = true;
			}
		if (!exact[i] && vendor_only[i]) {
			p->name = vendor_only[i];
			p->name_source = xstrdup(vendor_file[i]);
			vendor_only[i] = NULL;
		}
		free(vendor_only[i]);
	}
	free(exact);
	free(vendor_only);
	free(vendor_file);
}

/*
 * A hex sysfs value: "0x%04x" (vendor, device, subsystem_*) or "0x%06x"
 * (class), drivers/pci/pci-sysfs.c. Exactly that: sscanf's "%x" would
 * take "-1", "+ba" or 9 digits as a definite id.
 */
static void hex_attr(struct hv_guest *g, const struct groot *r, const char *dir,
		     const char *attr, unsigned int digits, struct opt_u32 *out)
{
	char *path = xasprintf("%s/%s", dir, attr), *v;

	if (!groot_value(g, r, path, &v)) {
		size_t n = strspn(v + (v[0] == '0' && v[1] == 'x' ? 2 : 0), "0123456789abcdefABCDEF");

		if (v[0] == '0' && v[1] == 'x' && n == digits && !v[2 + n]) {
			out->known = true;
			out->v = (uint32_t)strtoul(v + 2, NULL, 16);
		} else {
			guest_diag(g, path, "not a hexadecimal number of %u digits (\"0x%.*s\"): \"%.40s\"",
				   digits, (int)digits, "ffffff", v);
		}
		free(v);
	}
	free(path);
}

/* numa_node: "%d", NUMA_NO_NODE (-1) or a node below MAX_NUMNODES (at most 1 << 10) */
static void numa_attr(struct hv_guest *g, const struct groot *r, const char *dir,
		      struct opt_s32 *out)
{
	char *path = xasprintf("%s/numa_node", dir), *v;
	int32_t node;

	if (!groot_value(g, r, path, &v)) {
		if (parse_s32(v, &node) && node >= -1 && node < 1024) {
			out->known = true;
			out->v = node;
		} else {
			guest_diag(g, path, "not a NUMA node (-1 to 1023): \"%.40s\"", v);
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
	char *path;

	/*
	 * Room for one more, doubled at each power of two: grown one by one,
	 * 1,000 functions would be copied 500,000 times (realloc moves them).
	 */
	if (!(ps->n & (ps->n - 1)))
		ps->list = xrealloc(ps->list, (ps->n ? 2 * ps->n : 1) * sizeof(*ps->list));
	p = &ps->list[ps->n++];
	memset(p, 0, sizeof(*p));
	p->address = xstrdup(address);
	p->vmbus_device = xstrdup(instance);
	hex_attr(g, r, dir, "vendor", 4, &p->vendor);
	hex_attr(g, r, dir, "device", 4, &p->device);
	hex_attr(g, r, dir, "class", 6, &p->class_code);
	hex_attr(g, r, dir, "subsystem_vendor", 4, &p->subsystem_vendor);
	hex_attr(g, r, dir, "subsystem_device", 4, &p->subsystem_device);
	numa_attr(g, r, dir, &p->numa_node);
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
	name_functions(r, ps);
}
