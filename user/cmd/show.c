// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps show (and hvcaps alone): the host facts, then the offers grouped
 * by kind with their counts, channels, drivers and CPUs.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "guest.h"
#include "hvcaps.h"
#include "hvfeatures.h"
#include "model_json.h"
#include "snapshot.h"
#include "table.h"
#include "util.h"

#define UNKNOWN_HV "unknown (not running on Hyper-V, or not reported)"

static bool known_type(uint32_t type)
{
	return type <= HVCAPS_DEV_MAX;
}

/* show -v: one line per device, with its offer flags by name */
static void show_devices(const struct hv_model *m)
{
	printf("\n%sDevices%s\n", C.bold, C.reset);
	for (size_t i = 0; i < m->ndev; i++) {
		const struct hv_device *d = &m->dev[i];
		json_object *f = hv_flag_names_json(d->flags);

		printf("  relid %-4u %s %s\n", d->relid, d->name,
		       known_type(d->type) ? dev_type_name(d->type) :
		       d->type_name ? d->type_name : dev_type_name(HVCAPS_DEV_UNKNOWN));
		if (!f) {
			printf("             flags unknown (not in the %s facts)\n", m->source);
			continue;
		}
		printf("             flags 0x%04x", d->flags.v);
		for (size_t j = 0; j < json_object_array_length(f); j++)
			printf("%s%s", j ? ", " : " ",
			       json_object_get_string(json_object_array_get_idx(f, j)));
		printf("\n");
		json_object_put(f);
	}
}

void usage_show(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps [show] [OPTIONS]\n"
		"Summarise the Hyper-V host (VMBus protocol, Hyper-V build, isolation,\n"
		"EFI and Secure Boot), the guest (distribution, kernel, Hyper-V drivers:\n"
		"built in or Microsoft's LIS package, integration daemons) and the VMBus\n"
		"offers grouped by kind.\n"
		"\n"
		GLOBAL_OPTIONS_HELP
		"  -v, --verbose  also every device with its offer flags by name\n"
		"  -h, --help     show this help\n");
}

/* A kind of offer: a device type, or one unknown class GUID. */
struct group {
	enum hv_category cat;
	uint32_t type;
	bool by_class;		/* HVCAPS_DEV_UNKNOWN: one group per class */
	hv_guid class_guid;
	const char *name;	/* the module's name for a type we lack */
	size_t ndev, nchan;
	bool nchan_unknown;
	const char **drivers;
	size_t ndrivers, unbound;
	uint32_t *cpus;
	size_t ncpus;
	bool cpu_unknown;
};

struct groups {
	struct group *g;
	size_t n;
};


static struct group *group_of(struct groups *gs, const struct hv_device *d)
{
	bool by_class = d->type == HVCAPS_DEV_UNKNOWN;
	struct group *g;

	for (size_t i = 0; i < gs->n; i++) {
		g = &gs->g[i];
		if (g->type != d->type)
			continue;
		if (!by_class || !memcmp(&g->class_guid, &d->class_guid, sizeof(hv_guid)))
			return g;
	}
	gs->g = xrealloc(gs->g, (gs->n + 1) * sizeof(*gs->g));
	g = &gs->g[gs->n++];
	memset(g, 0, sizeof(*g));
	g->type = d->type;
	g->cat = dev_type_category(d->type);
	g->by_class = by_class;
	g->class_guid = d->class_guid;
	g->name = known_type(d->type) ? dev_type_name(d->type) :
		  d->type_name ? d->type_name : dev_type_name(HVCAPS_DEV_UNKNOWN);
	return g;
}

static void add_cpu(struct group *g, uint32_t cpu)
{
	for (size_t i = 0; i < g->ncpus; i++)
		if (g->cpus[i] == cpu)
			return;
	g->cpus = xrealloc(g->cpus, (g->ncpus + 1) * sizeof(*g->cpus));
	g->cpus[g->ncpus++] = cpu;
}

static void add_driver(struct group *g, const char *drv)
{
	for (size_t i = 0; i < g->ndrivers; i++)
		if (!strcmp(g->drivers[i], drv))
			return;
	g->drivers = xrealloc(g->drivers, (g->ndrivers + 1) * sizeof(*g->drivers));
	g->drivers[g->ndrivers++] = drv;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return memcmp(&x->class_guid, &y->class_guid, sizeof(hv_guid));
}

static void build_groups(const struct hv_model *m, struct groups *gs)
{
	memset(gs, 0, sizeof(*gs));
	for (size_t i = 0; i < m->ndev; i++) {
		const struct hv_device *d = &m->dev[i];
		struct group *g = group_of(gs, d);

		g->ndev++;
		if (d->channels_known)
			g->nchan += d->nchan;
		else
			g->nchan_unknown = true;
		if (d->driver)
			add_driver(g, d->driver);
		else
			g->unbound++;
		if (!d->channels_known)
			g->cpu_unknown = true;
		for (size_t j = 0; j < d->nchan; j++) {
			if (d->chan[j].cpu.known)
				add_cpu(g, d->chan[j].cpu.v);
			else
				g->cpu_unknown = true;
		}
	}
	for (size_t i = 0; i < gs->n; i++) {
		struct group *g = &gs->g[i];

		if (g->ncpus)
			qsort(g->cpus, g->ncpus, sizeof(*g->cpus), cmp_u32);
		if (g->ndrivers)
			qsort(g->drivers, g->ndrivers, sizeof(*g->drivers), cmp_str);
	}
	if (gs->n)
		qsort(gs->g, gs->n, sizeof(*gs->g), cmp_group);
}

static void free_groups(struct groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].drivers);
		free(gs->g[i].cpus);
	}
	free(gs->g);
}

/* "0-3,6" from a sorted list */
static char *cpu_ranges(const uint32_t *cpus, size_t n)
{
	char *s = xstrdup(""), *t;

	for (size_t i = 0; i < n; ) {
		size_t j = i;

		while (j + 1 < n && cpus[j + 1] == cpus[j] + 1)
			j++;
		if (j == i)
			t = xasprintf("%s%s%u", s, *s ? "," : "", cpus[i]);
		else
			t = xasprintf("%s%s%u-%u", s, *s ? "," : "", cpus[i], cpus[j]);
		free(s);
		s = t;
		i = j + 1;
	}
	return s;
}

static bool channels_known(const struct hv_model *m, size_t *total)
{
	*total = 0;
	for (size_t i = 0; i < m->ndev; i++) {
		if (!m->dev[i].channels_known)
			return false;
		*total += m->dev[i].nchan;
	}
	return true;
}

/* ---- text ---- */

static void label(const char *l)
{
	printf("  %-12s ", l);
}

static void unknown(const char *why)
{
	printf("%sunknown", C.dim);
	if (why)
		printf(" (%s)", why);
	printf("%s\n", C.reset);
}

/* With --snapshot: which file, and when and where it was taken. */
static void show_origin(void)
{
	const struct snapshot_meta *mt = snapshot_last_meta();

	if (!mt)
		return;
	printf("%sSnapshot%s %s\n", C.bold, C.reset, snapshot_last_path());
	label("Taken");
	printf("%s on %s by hvcaps %s\n", mt->created,
	       mt->hostname ? mt->hostname : "an unknown host (no host name recorded)",
	       mt->hvcaps_version);
	if (mt->machine_id || mt->boot_id) {
		label("Machine");
		printf("machine-id %s, boot id %s\n", mt->machine_id ? mt->machine_id : "unknown",
		       mt->boot_id ? mt->boot_id : "unknown");
	}
	printf("\n");
}

static json_object *j_str(const char *v)
{
	return v ? json_object_new_string(v) : NULL;
}

/* {"path", "created", "hostname", ...} of --snapshot, or null */
static json_object *json_origin(void)
{
	const struct snapshot_meta *mt = snapshot_last_meta();
	json_object *o;

	if (!mt)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "path", j_str(snapshot_last_path()));
	json_object_object_add(o, "created", j_str(mt->created));
	json_object_object_add(o, "hvcaps_version", j_str(mt->hvcaps_version));
	json_object_object_add(o, "hostname", j_str(mt->hostname));
	json_object_object_add(o, "machine_id", j_str(mt->machine_id));
	json_object_object_add(o, "boot_id", j_str(mt->boot_id));
	return o;
}

static void show_host(const struct hv_model *m)
{
	const struct hv_host *h = &m->host;
	bool sysfs = !strcmp(m->source, "sysfs");
	const char *no_sysfs = sysfs ? "sysfs does not say; load the hvcaps module" :
				       "not reported";

	printf("%sHost%s (source: %s", C.bold, C.reset, m->source);
	if (h->module_version)
		printf(", hvcaps module %s", h->module_version);
	printf(")\n");

	label("VMBus");
	if (h->vmbus_present.known && !h->vmbus_present.v) {
		printf("%snot present%s (not a Hyper-V guest, or hv_vmbus is not loaded)\n",
		       C.warn, C.reset);
	} else if (h->vmbus_version.known) {
		uint32_t v = h->vmbus_version.v;
		const char *rel = vmbus_version_release(v);

		printf("protocol %u.%u (%s)\n", v >> 16, v & 0xffff,
		       rel ? rel : "a version hvcaps does not know");
	} else {
		printf("present, protocol version ");
		unknown(no_sysfs);
	}

	label("Hyper-V");
	if (h->hv_build.known) {
		const char *rel = hv_build_release(h->hv_build.v);

		printf("build %u (%s)", h->hv_build.v,
		       rel ? rel : "not a Windows Server release hvcaps knows");
		if (h->hv_major.known && h->hv_minor.known)
			printf(", version %u.%u", h->hv_major.v, h->hv_minor.v);
		if (h->hv_service_pack.known)
			printf(", service pack %u", h->hv_service_pack.v);
		if (h->hv_service_branch.known && h->hv_service_number.known)
			printf(", service branch %u number %u",
			       h->hv_service_branch.v, h->hv_service_number.v);
		putchar('\n');
	} else {
		printf("%s%s%s\n", C.dim, UNKNOWN_HV, C.reset);
	}
	if (h->cpu_signature) {
		label("Hypervisor");
		printf("CPUID signature \"%s\"", h->cpu_signature);
		if (h->cpu_max_leaf.known)
			printf(", max leaf 0x%x", h->cpu_max_leaf.v);
		putchar('\n');
	} else if (h->hv_build.known) {
		/* A build without CPUID: the module read Hyper-V's registers (arm64). */
		label("Hypervisor");
		unknown("no CPUID here: the Hyper-V facts come from its registers");
	}

	label("Isolation");
	if (h->hv_isolation.known) {
		const char *n = isolation_name(h->hv_isolation.v);

		if (n)
			printf("%s\n", n);
		else
			printf("type %u (hvcaps does not know it)\n", h->hv_isolation.v);
	} else {
		unknown(h->hv_build.known && !h->cpu_signature ?
			"Hyper-V has no register for the isolation type on arm64" : no_sysfs);
	}

	label("Firmware");
	if (!h->efi_boot.known)
		printf("%sunknown%s", C.dim, C.reset);
	else
		printf("%s", h->efi_boot.v ? "EFI" : "BIOS (not EFI)");
	printf(", Secure Boot ");
	if (!h->secure_boot.known)
		printf("%sunknown%s\n", C.dim, C.reset);
	else
		printf("%s\n", h->secure_boot.v ? "on" : "off");
}

/* ---- the guest ---- */

/* " (from a, b, c)" in dim, without the NULLs and repeats */
static void from3(const char *a, const char *b, const char *c)
{
	const char *v[3] = { a, b, c };
	int n = 0;

	for (int i = 0; i < 3; i++) {
		if (!v[i] || (i > 0 && v[0] && !strcmp(v[i], v[0])) ||
		    (i > 1 && v[1] && !strcmp(v[i], v[1])))
			continue;
		if (n == 0)
			printf(" %s(from ", C.dim);
		else
			printf(", ");
		printf("%s", v[i]);
		n++;
	}
	if (n)
		printf(")%s", C.reset);
}

static void show_guest_os(const struct guest_os *os)
{
	label("Distribution");
	if (!os->id && !os->name && !os->pretty_name) {
		unknown(os->why);
		return;
	}
	printf("%s", os->pretty_name ? os->pretty_name : os->name ? os->name : os->id);
	printf(" [ID %s, VERSION_ID %s", os->id ? os->id : "unknown",
	       os->version_id ? os->version_id : "unknown");
	if (os->release_version &&
	    (!os->version_id || strcmp(os->release_version, os->version_id)))
		printf(", release %s", os->release_version);
	printf("]");
	from3(os->source, os->release_file, NULL);
	putchar('\n');
	if (!os->id && os->why)
		printf("  %-12s %s%s%s\n", "", C.warn, os->why, C.reset);
}

static void show_guest_kernel(const struct guest_kernel *k)
{
	label("Kernel");
	if (k->release)
		printf("%s", k->release);
	else
		printf("%srelease unknown%s%s%s%s", C.dim, C.reset, k->release_why ? " (" : "",
		       k->release_why ? k->release_why : "", k->release_why ? ")" : "");
	if (k->arch)
		printf(", %s", k->arch);
	else
		printf(", %sarchitecture unknown%s%s%s%s", C.dim, C.reset, k->arch_why ? " (" : "",
		       k->arch_why ? k->arch_why : "", k->arch_why ? ")" : "");
	/* PAE only matters on 32-bit x86 */
	if (k->arch && strlen(k->arch) == 4 && k->arch[0] == 'i' &&
	    strchr("3456", k->arch[1]) && !strcmp(k->arch + 2, "86")) {
		if (k->pae.known)
			printf(", %s", k->pae.v ? "PAE" : "no PAE");
		else
			printf(", %sPAE unknown%s%s%s%s", C.dim, C.reset, k->pae_why ? " (" : "",
			       k->pae_why ? k->pae_why : "", k->pae_why ? ")" : "");
	}
	if (k->pae.known && k->pae_source && strncmp(k->pae_source, "the kernel is ", 14))
		from3(k->release_source, k->arch_source, k->pae_source);
	else
		from3(k->release_source, k->arch_source, NULL);
	putchar('\n');
}

static void show_guest_lis(const struct guest_lis *l)
{
	const char *ver = l->hv_vmbus_version;

	label("LIS");
	if (!l->flavour) {
		unknown(l->why);
	} else {
		if (!strcmp(l->flavour, "lis"))
			printf("Microsoft LIS package");
		else if (!strcmp(l->flavour, "builtin"))
			printf("built in (the distribution kernel's own drivers)");
		else if (!strcmp(l->flavour, "out-of-tree"))
			printf("%san out-of-tree hv_vmbus, not known to be Microsoft's LIS%s",
			       C.warn, C.reset);
		else
			printf("\"%s\" (a kind this hvcaps does not know)", l->flavour);
		if (ver)
			printf(", hv_vmbus version %s", ver);
		else
			printf(", hv_vmbus version %sunknown%s", C.dim, C.reset);
		from3(ver ? l->hv_vmbus_version_source : NULL, NULL, NULL);
		putchar('\n');
	}
	for (size_t i = 0; i < l->evidence.n; i++)
		printf("  %-12s %s%s%s\n", "", C.dim, l->evidence.v[i], C.reset);
}

static void show_guest_daemons(const struct guest_daemons *ds)
{
	static const struct {
		const char *service, *name;
	} names[] = { { "kvp", "KVP" }, { "vss", "VSS" }, { "fcopy", "file copy" } };

	label("Daemons");
	if (!ds->source || !ds->n) {
		unknown(ds->why);
		return;
	}
	for (size_t i = 0; i < ds->n; i++) {
		const struct guest_daemon *d = &ds->list[i];
		const char *name = d->service;

		for (size_t j = 0; j < ARRAY_SIZE(names); j++)
			if (d->service && !strcmp(d->service, names[j].service))
				name = names[j].name;
		printf("%s%s ", i ? ", " : "", name ? name : "?");
		if (!d->running.known)
			printf("%sunknown%s", C.dim, C.reset);
		else if (d->running.v)
			printf("running (%s)", d->process ? d->process : "?");
		else
			printf("not running");
	}
	from3(ds->source, NULL, NULL);
	if (ds->why)	/* some unknown: why */
		printf(" %s(%s)%s", C.dim, ds->why, C.reset);
	putchar('\n');
}

static void show_guest(const struct hv_guest *g)
{
	printf("\n%sGuest%s\n", C.bold, C.reset);
	show_guest_os(&g->os);
	show_guest_kernel(&g->kernel);
	show_guest_lis(&g->lis);
	show_guest_daemons(&g->daemons);
}

/* the name of a group of offers: its device name, or {class GUID} */
static void group_name(const struct group *g, char *name, size_t n)
{
	if (g->by_class) {
		char cls[GUID_STR_SIZE];

		guid_format(&g->class_guid, cls);
		snprintf(name, n, "{%s}", cls);
	} else {
		snprintf(name, n, "%s", g->name);
	}
}

/* "hv_netvsc,hv_foo (1 unbound)", "no driver" (owned) */
static char *group_drivers(const struct group *g)
{
	char *drivers = xstrdup(""), *t;

	for (size_t j = 0; j < g->ndrivers; j++) {
		t = xasprintf("%s%s%s", drivers, j ? "," : "", g->drivers[j]);
		free(drivers);
		drivers = t;
	}
	if (g->unbound) {
		if (g->ndrivers)
			t = xasprintf("%s (%zu unbound)", drivers, g->unbound);
		else
			t = xasprintf("no driver");
		free(drivers);
		drivers = t;
	}
	return drivers;
}

static void show_offers(const struct hv_model *m)
{
	struct groups gs;
	size_t total, namew = 38, drvw = 20;	/* full lines: fixed widths */
	int cat = -1;

	build_groups(m, &gs);
	printf("\n%sOffers%s: %zu device%s, ", C.bold, C.reset, m->ndev,
	       m->ndev == 1 ? "" : "s");
	if (channels_known(m, &total)) {
		printf("%zu channel%s\n", total, total == 1 ? "" : "s");
	} else {
		size_t missing = 0;

		total = 0;
		for (size_t i = 0; i < m->ndev; i++) {
			if (m->dev[i].channels_known)
				total += m->dev[i].nchan;
			else
				missing++;
		}
		printf("at least %zu channel%s (%zu device%s without a channel list)\n",
		       total, total == 1 ? "" : "s", missing,
		       missing == 1 ? "" : "s");
	}
	if (!gs.n)
		printf("  (none)\n");

	/* fitted to a terminal: the name and driver columns as wide as their longest */
	if (table_width())
		namew = drvw = 0;
	for (size_t i = 0; table_width() && i < gs.n; i++) {
		char name[80], *drivers = group_drivers(&gs.g[i]);

		group_name(&gs.g[i], name, sizeof(name));
		namew = strlen(name) > namew ? strlen(name) : namew;
		drvw = strlen(drivers) > drvw ? strlen(drivers) : drvw;
		free(drivers);
	}
	for (size_t i = 0; i < gs.n; i++) {
		const struct group *g = &gs.g[i];
		char name[80], devs[32], chans[32], *drivers, *cpus, *pre, *text;

		if ((int)g->cat != cat) {
			cat = (int)g->cat;
			printf("  %s%s%s\n", C.bold, category_name(g->cat), C.reset);
		}
		group_name(g, name, sizeof(name));
		snprintf(devs, sizeof(devs), "%zu device%s", g->ndev,
			 g->ndev == 1 ? "" : "s");
		if (g->nchan_unknown)
			snprintf(chans, sizeof(chans), "? channels");
		else
			snprintf(chans, sizeof(chans), "%zu channel%s", g->nchan,
				 g->nchan == 1 ? "" : "s");
		drivers = group_drivers(g);
		cpus = cpu_ranges(g->cpus, g->ncpus);
		pre = xasprintf("    %-*s %-11s %-12s %s%-*s%s ", (int)namew, name, devs, chans,
				g->ndrivers ? "" : C.warn, (int)drvw, drivers,
				g->ndrivers ? "" : C.reset);
		if (g->ncpus)
			text = xasprintf("CPU%s %s%s", g->ncpus == 1 && !g->cpu_unknown ? "" : "s",
					 cpus, g->cpu_unknown ? ",?" : "");
		else
			text = xstrdup("CPUs unknown");
		table_row(pre, text);
		free(pre);
		free(text);
		free(drivers);
		free(cpus);
	}
	free_groups(&gs);
}

/* The PCI functions behind the vPCI offers (guest/pci.c), under the offers */
static void show_pci_functions(const struct hv_guest *g)
{
	const struct guest_pcis *ps = &g->pci;

	if (!ps->known || !ps->n)
		return;
	printf("  %sPCI functions behind the pass-through offers%s\n", C.bold, C.reset);
	for (size_t i = 0; i < ps->n; i++) {
		const struct guest_pci_function *p = &ps->list[i];

		printf("    %s", p->address);
		if (p->vendor.known && p->device.known)
			printf(" %04x:%04x", p->vendor.v, p->device.v);
		if (p->class_code.known)
			printf(" class %06x", p->class_code.v);
		printf(" %s", p->driver ? p->driver : "no driver");
		if (p->numa_node.known)
			printf(", NUMA node %d", p->numa_node.v);
		printf(" (offer %s)\n", p->vmbus_device);
		if (p->name)
			printf("      %s (%s)\n", p->name, p->name_source);
		for (size_t j = 0; j < p->netdevs.n; j++)
			printf("      network interface %s%s%s\n", p->netdevs.v[j],
			       p->paired_nic ? ", the VF of " : "", p->paired_nic ? p->paired_nic : "");
		for (size_t j = 0; j < p->nvme.n; j++)
			printf("      NVMe controller %s\n", p->nvme.v[j]);
	}
}

/* ---- JSON ---- */

static json_object *json_groups(const struct hv_model *m)
{
	json_object *arr = json_object_new_array();
	struct groups gs;

	build_groups(m, &gs);
	for (size_t i = 0; i < gs.n; i++) {
		const struct group *g = &gs.g[i];
		json_object *o = json_object_new_object(), *a;
		char cls[GUID_STR_SIZE];

		json_object_object_add(o, "category", json_object_new_string(category_id(g->cat)));
		json_object_object_add(o, "type", json_object_new_string(dev_type_id(g->type)));
		json_object_object_add(o, "type_id", json_object_new_int64(g->type));
		json_object_object_add(o, "name", json_object_new_string(g->name));
		if (g->by_class) {
			guid_format(&g->class_guid, cls);
			json_object_object_add(o, "class", json_object_new_string(cls));
		}
		json_object_object_add(o, "devices", json_object_new_int64((int64_t)g->ndev));
		json_object_object_add(o, "channels", g->nchan_unknown ? NULL :
				       json_object_new_int64((int64_t)g->nchan));
		a = json_object_new_array();
		for (size_t j = 0; j < g->ndrivers; j++)
			json_object_array_add(a, json_object_new_string(g->drivers[j]));
		json_object_object_add(o, "drivers", a);
		json_object_object_add(o, "unbound", json_object_new_int64((int64_t)g->unbound));
		a = json_object_new_array();
		for (size_t j = 0; j < g->ncpus; j++)
			json_object_array_add(a, json_object_new_int64(g->cpus[j]));
		json_object_object_add(o, "cpus", a);
		json_object_object_add(o, "cpus_complete", json_object_new_boolean(!g->cpu_unknown));
		json_object_array_add(arr, o);
	}
	free_groups(&gs);
	return arr;
}

/*
 * {"schema": "hvcaps.show", ..., "source", "host" (the release, as in
 * features and diff), "hypervisor" and "devices" (as in a snapshot's
 * kernel facts, model_json.c), "guest", "offers"}
 */
#define SHOW_SCHEMA_VERSION 1

static void show_json(const struct hv_model *m, const struct hv_guest *g)
{
	json_object *o = json_doc_new("show", SHOW_SCHEMA_VERSION), *devs, *off;
	struct ft_host host;
	size_t total;

	/* the host release as features, diff and expected name it */
	ft_host_detect(&m->host, NULL, &host);
	json_object_object_add(o, "source", json_object_new_string(m->source));
	json_object_object_add(o, "snapshot", json_origin());
	json_object_object_add(o, "host", ft_host_json(&host));
	ft_host_free(&host);
	json_object_object_add(o, "hypervisor", fj_to_json(&m->host, hv_hypervisor_fields));
	json_object_object_add(o, "guest", fj_to_json(g, guest_fields));
	off = json_object_new_object();
	json_object_object_add(off, "devices", json_object_new_int64((int64_t)m->ndev));
	json_object_object_add(off, "channels", channels_known(m, &total) ?
			       json_object_new_int64((int64_t)total) : NULL);
	json_object_object_add(off, "groups", json_groups(m));
	json_object_object_add(o, "offers", off);
	devs = json_object_new_array();
	for (size_t i = 0; i < m->ndev; i++)
		json_object_array_add(devs, hv_device_json(&m->dev[i]));
	json_object_object_add(o, "devices", devs);
	print_json(o);
	json_object_put(o);
}

int cmd_show(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct hv_model m;
	struct hv_guest g;
	bool verbose = false;
	int c;

	while ((c = getopt_long(argc, argv, ":hv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_show(stdout);
			return EXIT_OK;
		case 'v':
			verbose = true;
			break;
		case '?':
		case ':':
			return option_error("show", c, argv);
		default:
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc)
		return usage_error("show", "unexpected argument '%s'", argv[optind]);
	if (opts_check("show", o))
		return EXIT_ERROR;
	if (facts_load(o, &m, &g)) {
		model_free(&m);
		guest_free(&g);
		return EXIT_ERROR;
	}
	if (o->json) {
		show_json(&m, &g);
	} else {
		/* fitted to a terminal, the text after the labels wraps under itself */
		table_fit_begin();
		show_origin();
		show_host(&m);
		show_guest(&g);
		table_fit_end(15);
		show_offers(&m);
		table_fit_begin();
		show_pci_functions(&g);
		table_fit_end(6);
		if (verbose) {
			table_fit_begin();
			show_devices(&m);
			table_fit_end(13);
		}
	}
	model_free(&m);
	guest_free(&g);
	return EXIT_OK;
}
