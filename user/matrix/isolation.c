// SPDX-License-Identifier: GPL-2.0
/*
 * Isolated (confidential) guests: the isolation type and paravisor, and
 * what an isolated guest's own kernel refuses.
 *
 * In a VM with Hyper-V isolation (VBS, SNP, TDX), hv_vmbus drops every
 * offer whose class is not allowed_in_isolated in vmbus_devs[]
 * (drivers/hv/channel_mgmt.c, vmbus_is_valid_offer(): "Invalid offer %d
 * from the host supporting isolation"); hv_sock offers are always allowed.
 * A feature resting on a refused offer is "n/a-isolated", not "no".
 *
 * THE TABLE below is read from the kernels hvcaps is tested with: the
 * vmbus_devs[] array in the .rodata of Debian's hv_vmbus.ko (each entry:
 * u16 dev_type, guid_t, bool perf_device, bool allowed_in_isolated), and
 * for 6.1 also the source (linux-source-6.1, drivers/hv/channel_mgmt.c):
 *
 *   5.10.0-46  no filter (no vmbus_is_valid_offer, no allowed_in_isolated)
 *   6.1.0-57   allowed: SCSI, network, time sync, heartbeat, shutdown
 *   6.12.95    allowed: the same and PCI Express pass-through
 *
 * Refused in both 6.1 and 6.12: IDE, Fibre Channel, NetworkDirect, video,
 * keyboard, mouse, KVP, file copy, VSS, dynamic memory (and any class
 * vmbus_devs[] does not list). A release between two verified ones takes
 * what both agree on, else unknown; a release after 6.12 is read as 6.12
 * (the newest table read), and says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvfeatures.h"
#include "util.h"

/* a table point: a verified kernel series and its allowed classes */
struct iso_table {
	int major, minor;
	const char *source;
	bool filter;			/* vmbus_is_valid_offer() exists */
	uint32_t allowed;		/* bit (1 << enum hvcaps_dev_type) */
};

#define A(t) (1u << (t))
#define ALLOWED_6_1 (A(HVCAPS_DEV_SCSI) | A(HVCAPS_DEV_NIC) | A(HVCAPS_DEV_TIMESYNC) | \
		     A(HVCAPS_DEV_HEARTBEAT) | A(HVCAPS_DEV_SHUTDOWN) | A(HVCAPS_DEV_HVSOCK))

static const struct iso_table tables[] = {
	{ 5, 10, "Linux 5.10 (Debian 5.10.0-46's hv_vmbus.ko)", false, ~0u },
	{ 6, 1, "Linux 6.1 (drivers/hv/channel_mgmt.c; Debian 6.1.0-57's hv_vmbus.ko)", true,
	  ALLOWED_6_1 },
	{ 6, 12, "Linux 6.12 (Debian 6.12.95's hv_vmbus.ko)", true,
	  ALLOWED_6_1 | A(HVCAPS_DEV_PCIE) },
};

static const char *const iso_names[] = { "none", "vbs", "snp", "tdx" };

int ft_isolation_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(iso_names); i++)
		if (!strcasecmp(s, iso_names[i]))
			return (int)i;
	return -1;
}

const char *ft_isolation_tokens(void)
{
	return "none, vbs, snp or tdx";
}

static const char *iso_display(uint32_t t)
{
	const char *n = isolation_name(t);

	return n ? n : "an isolation type hvcaps does not know";
}

void ft_isolation_detect(const struct hv_model *m, const struct hv_guest *g,
			 const char *override, struct ft_isolation *out)
{
	const struct guest_isolation *gi = &g->isolation;

	free(out->source_text);
	free(out->why);
	memset(out, 0, sizeof(*out));
	if (gi->paravisor.known)
		out->paravisor = gi->paravisor;
	if (override) {
		out->known = true;
		out->type = (uint32_t)ft_isolation_parse(override);
		out->source_text = xstrdup("--isolation");
		if (out->type == HVCAPS_ISOLATION_NONE)
			out->paravisor.known = false;
		return;
	}
	if (m->host.hv_isolation.known) {
		out->known = true;
		out->type = m->host.hv_isolation.v;
		out->source_text = !strcmp(m->source, "netlink") ?
			xstrdup("CPUID 0x4000000C, through the hvcaps module") :
			xasprintf("the %s host facts", m->source);
		return;
	}
	if (gi->type.known) {
		out->known = true;
		out->type = gi->type.v;
		out->source_text = xstrdup(gi->source ? gi->source : "CPUID");
		return;
	}
	out->why = xasprintf("neither the hvcaps module nor CPUID told%s%s", gi->why ? ": " : "",
			     gi->why ? gi->why : "");
}

json_object *ft_isolation_json(const struct ft_isolation *iso)
{
	json_object *o = json_object_new_object();
	const char *n = iso->known && iso->type < ARRAY_SIZE(iso_names) ? iso_names[iso->type] : NULL;

	/* the --isolation token; type_value keeps a type hvcaps does not know */
	json_object_object_add(o, "type", n ? json_object_new_string(n) : NULL);
	json_object_object_add(o, "type_value", iso->known ? json_object_new_int64(iso->type) : NULL);
	json_object_object_add(o, "paravisor", iso->paravisor.known ?
			       json_object_new_boolean(iso->paravisor.v) : NULL);
	json_object_object_add(o, "source", iso->source_text ?
			       json_object_new_string(iso->source_text) : NULL);
	json_object_object_add(o, "why", iso->why ? json_object_new_string(iso->why) : NULL);
	return o;
}

void ft_print_isolation(const struct ft_isolation *iso)
{
	if (!iso->known) {
		printf("Isolation     unknown (%s)\n", iso->why ? iso->why : "not reported");
		return;
	}
	printf("Isolation     %s%s (from %s)\n", iso_display(iso->type),
	       !iso->paravisor.known || iso->type == HVCAPS_ISOLATION_NONE ? "" :
	       iso->paravisor.v ? ", paravisor present" : ", no paravisor",
	       iso->source_text ? iso->source_text : "?");
}

/* major.minor of a kernel release ("6.1.0-57-amd64"); false if none */
static bool release_version(const char *rel, int *major, int *minor)
{
	return rel && sscanf(rel, "%d.%d", major, minor) == 2;
}

static int cmp_version(int a1, int b1, int a2, int b2)
{
	return a1 != a2 ? (a1 < a2 ? -1 : 1) : b1 != b2 ? (b1 < b2 ? -1 : 1) : 0;
}

static bool table_allows(const struct iso_table *t, uint32_t type)
{
	return !t->filter || type == HVCAPS_DEV_HVSOCK || (type < 32 && (t->allowed & A(type)));
}

int ft_isolated_kernel_refuses(const char *rel, uint32_t type, char **why)
{
	const size_t n = ARRAY_SIZE(tables);
	const char *name = dev_type_name(type);
	int ma, mi;

	if (!release_version(rel, &ma, &mi)) {
		*why = xasprintf("the guest kernel's release is unknown: whether it drops %s offers in an isolated VM is unknown",
				 name);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct iso_table *t = &tables[i];
		int c = cmp_version(ma, mi, t->major, t->minor);
		bool ok = table_allows(t, type);

		if (c > 0 && i + 1 < n)
			continue;
		if (c == 0 || (c > 0 && i + 1 == n) || (c < 0 && i == 0)) {
			/* this series, after the newest or before the oldest table */
			if (!t->filter) {
				*why = xasprintf("kernel %s keeps every offer in an isolated VM, as %s does (no allowed_in_isolated)",
						 rel, t->source);
				return 0;
			}
			*why = xasprintf("kernel %s drops%s %s offers in an isolated VM: vmbus_devs[].allowed_in_isolated is %s in %s%s",
					 rel, ok ? " no" : "", name, ok ? "true" : "false", t->source,
					 c > 0 ? ", the newest kernel hvcaps has read" : "");
			return !ok;
		}
		/* between tables[i - 1] and tables[i] */
		if (ok == table_allows(&tables[i - 1], type)) {
			*why = xasprintf("kernel %s drops%s %s offers in an isolated VM: allowed_in_isolated is %s in both %s and %s",
					 rel, ok ? " no" : "", name, ok ? "true" : "false",
					 tables[i - 1].source, t->source);
			return !ok;
		}
		*why = xasprintf("whether kernel %s drops %s offers in an isolated VM is unknown: %s and %s differ",
				 rel, name, tables[i - 1].source, t->source);
		return -1;
	}
	return -1;	/* not reached */
}
