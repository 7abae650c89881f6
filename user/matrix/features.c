// SPDX-License-Identifier: GPL-2.0
/*
 * Live features: every feature id of the documented matrix, evaluated from
 * the facts alone (pure: no file, no system call).
 *
 * States: yes and no only on observed facts; "inferred" for what a guest
 * cannot observe (a host operation such as live migration) when the facts
 * it rests on hold; "unknown" when the facts do not tell, or when the VM is
 * simply not set up for the feature (no Fibre Channel adapter, no VF, a
 * Generation 1 VM): the guest cannot tell whether it would work; "n/a"
 * when the feature does not apply (PAE on a 64-bit kernel). Integration
 * services (KVP, VSS, file copy, time sync, dynamic memory) are offered by
 * Hyper-V unless the host withholds them: a missing offer is "no".
 *
 * "Offer" below means a device of that type in the kernel facts (netlink
 * or sysfs, or a snapshot's); the bound driver, when there is one, is
 * named in the evidence but not required (a guest's facts speak for its
 * side: daemons, modules, NICs, disks). "Host" is the host release
 * (ft_host_detect(): --host, the host build, or the VMBus version).
 *
 * THE RULES are ft_rules[] (feature_rules.c; `hvcaps explain FEATURE`), one
 * per feature: change them with the code below. The remediation, where one
 * applies, names the data/FORMAT.md check id of the notes it rests on.
 */
#include "hvfeatures.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hosts.h"
#include "matrix.h"
#include "util.h"

const char *const ft_ids[FT_ALL] = {
	"core", "accurate-time", "vcpus-over-256", "jumbo-frames", "vlan",
	"live-migration", "static-ip-injection", "vrss", "tso-checksum-offload",
	"sr-iov", "vhdx-resize", "virtual-fibre-channel", "live-backup", "trim",
	"scsi-wwn", "pae", "mmio-gap", "dm-hot-add", "dm-ballooning",
	"runtime-memory-resize", "hyperv-video", "kvp", "nmi", "file-copy",
	"lsvmbus", "hv-sockets", "pci-passthrough", "uefi-boot", "secure-boot",
	/* beyond the matrix */
	"accelerated-networking", "nvme-disks", "confidential-vm", "fcopy-uio",
	"hibernation", "gpu",
};

/* beside ft_ids[]: the evaluation and the commands both look ids up */
int ft_index(const char *id)
{
	for (int i = 0; i < FT_ALL; i++)
		if (!strcmp(ft_ids[i], id))
			return i;
	return -1;
}

const char *ft_state_name(enum ft_state s)
{
	switch (s) {
	case FT_YES: return "yes";
	case FT_NO: return "no";
	case FT_INFERRED: return "inferred";
	case FT_UNKNOWN: return "unknown";
	case FT_NA: return "n/a";
	case FT_ISOLATED: return "n/a-isolated";
	}
	return "unknown";
}

bool ft_state_parse(const char *s, enum ft_state *out)
{
	static const enum ft_state all[] = { FT_YES, FT_NO, FT_INFERRED, FT_UNKNOWN, FT_NA,
					     FT_ISOLATED };

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (!strcmp(s, ft_state_name(all[i]))) {
			*out = all[i];
			return true;
		}
	return false;
}

/* ---- the host release ---- */

/* The mappings are hosts.c's table. */
const char *ft_build_release(uint32_t build, bool *exact)
{
	return hv_host_for_build(build, exact);
}

const char *ft_vmbus_release(uint32_t v, bool *exact)
{
	return hv_host_for_vmbus(v, exact);
}

const char *ft_host_source_id(enum ft_host_source s)
{
	switch (s) {
	case FT_HOST_OPTION: return "option";
	case FT_HOST_BUILD: return "build";
	case FT_HOST_VMBUS: return "vmbus";
	case FT_HOST_NONE: break;
	}
	return "none";
}

void ft_host_detect(const struct hv_host *h, const char *override, struct ft_host *out)
{
	bool exact;
	const char *r;

	memset(out, 0, sizeof(*out));
	if (override) {
		out->release = xstrdup(override);
		out->source = FT_HOST_OPTION;
		out->source_text = xstrdup("--host");
		return;
	}
	if (h->hv_build.known && (r = ft_build_release(h->hv_build.v, &exact))) {
		out->release = xstrdup(r);
		out->source = FT_HOST_BUILD;
		out->source_text = xasprintf("host build %u", h->hv_build.v);
		if (!exact)
			out->remark = xasprintf("build %u is no Windows Server release hvcaps knows (a client Windows, Azure Stack HCI or a preview): read as the newest release before it, %s",
						h->hv_build.v, r);
		return;
	}
	if (h->vmbus_version.known && (r = ft_vmbus_release(h->vmbus_version.v, &exact))) {
		uint32_t v = h->vmbus_version.v;

		out->release = xstrdup(r);
		out->source = FT_HOST_VMBUS;
		out->source_text = xasprintf("VMBus protocol %u.%u", v >> 16, v & 0xffff);
		if (!exact && v >> 16 <= 5)
			out->remark = xasprintf("VMBus %u.%u is a Windows 10 release between Server 2016 and 2019: read as 2016",
						v >> 16, v & 0xffff);
		else if (!exact)
			out->remark = xasprintf("VMBus %u.%u is newer than Windows Server 2022's 5.3: read as 2025 (a guess; pass --host to be sure)",
						v >> 16, v & 0xffff);
		else
			out->remark = xstrdup("the negotiated version: a guest kernel older than the host negotiates less, so the host may be newer; pass --host to be sure");
		return;
	}
	out->source = FT_HOST_NONE;
	out->remark = xstrdup(h->hv_build.known ?
			      "the host build is unknown to hvcaps and the VMBus version unknown: pass --host" :
			      "neither the host build (Hyper-V's CPUID, through the hvcaps module) nor the VMBus version is known: pass --host");
}

void ft_host_free(struct ft_host *h)
{
	free(h->isolation.source_text);
	free(h->isolation.why);
	free(h->release);
	free(h->source_text);
	free(h->remark);
	memset(h, 0, sizeof(*h));
}

/* ---- helpers over the facts ---- */

struct ctx {
	const struct hv_model *m;
	const struct hv_guest *g;
	const struct ft_host *host;
};

static uint32_t dev_type(const struct hv_device *d)
{
	return d->type != HVCAPS_DEV_UNKNOWN ? d->type : class_dev_type(&d->class_guid);
}

/* The number of offers of a type, and the first one. */
static size_t offers(const struct ctx *c, uint32_t type, const struct hv_device **first)
{
	size_t n = 0;

	if (first)
		*first = NULL;
	for (size_t i = 0; i < c->m->ndev; i++)
		if (dev_type(&c->m->dev[i]) == type) {
			if (!n && first)
				*first = &c->m->dev[i];
			n++;
		}
	return n;
}

/* "the KVP offer (relid 6, hv_utils)" */
static char *offer_text(const struct ctx *c, uint32_t type, const char *what)
{
	const struct hv_device *d;
	size_t n = offers(c, type, &d);

	if (!n)
		return xasprintf("no %s offer", what);
	if (n == 1)
		return xasprintf("%s offer (relid %u, %s%s)", what, d->relid,
				 d->driver ? "bound to " : "no driver bound",
				 d->driver ? d->driver : "");
	return xasprintf("%zu %s offers (first relid %u, %s%s)", n, what, d->relid,
			 d->driver ? "bound to " : "no driver bound", d->driver ? d->driver : "");
}

static void ev(struct ft_result *r, char *owned)
{
	strv_add(&r->evidence, owned);
}

__attribute__((format(printf, 2, 3)))
static void evf(struct ft_result *r, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0) {
		err("out of memory");
		exit(EXIT_ERROR);
	}
	va_end(ap);
	ev(r, p);
}

static void offer_ev(const struct ctx *c, struct ft_result *r, uint32_t type, const char *what)
{
	ev(r, offer_text(c, type, what));
}

static void set(struct ft_result *r, enum ft_state s, const char *check, const char *fix)
{
	r->state = s;
	r->check = check;
	free(r->remediation);
	r->remediation = fix ? xstrdup(fix) : NULL;
}

/* 1 known present, 0 known absent, -1 unknown */
static int vmbus_present(const struct ctx *c)
{
	if (c->m->ndev)
		return 1;
	if (c->m->host.vmbus_present.known)
		return c->m->host.vmbus_present.v;
	return -1;
}

static void vmbus_ev(const struct ctx *c, struct ft_result *r)
{
	const struct hv_host *h = &c->m->host;

	if (h->vmbus_version.known)
		evf(r, "VMBus protocol %u.%u (%s)", h->vmbus_version.v >> 16,
		    h->vmbus_version.v & 0xffff, c->m->source);
	else if (vmbus_present(c) == 1)
		evf(r, "VMBus present, %zu device%s (%s)", c->m->ndev, c->m->ndev == 1 ? "" : "s",
		    c->m->source);
	else if (vmbus_present(c) == 0)
		evf(r, "no VMBus (%s)", c->m->source);
	else
		evf(r, "whether there is a VMBus is unknown (%s)", c->m->source);
}

/* 1 the VMBus version is known and >= major.minor, 0 known and below, -1 unknown */
static int vmbus_at_least(const struct ctx *c, uint32_t major, uint32_t minor)
{
	if (!c->m->host.vmbus_version.known)
		return -1;
	return c->m->host.vmbus_version.v >= (major << 16 | minor);
}

/* 1 the host release is known and at least rel, 0 older, -1 unknown */
static int host_at_least(const struct ctx *c, const char *rel)
{
	int a, b;

	if (!c->host || !c->host->release)
		return -1;
	a = mx_host_rank(c->host->release);
	b = mx_host_rank(rel);
	if (a < 0) {
		/* Azure Stack HCI and Azure Local are all 2019 or newer */
		if (!strcmp(c->host->release, "azure-stack-hci") ||
		    !strcmp(c->host->release, "azure-local"))
			return b <= mx_host_rank("2019");
		return -1;
	}
	return a >= b;
}

static void host_ev(const struct ctx *c, struct ft_result *r)
{
	if (c->host && c->host->release)
		evf(r, "host %s (from the %s)", c->host->release, c->host->source_text);
	else
		evf(r, "host release unknown");
}

static bool core_yes(const struct ctx *c)
{
	return vmbus_present(c) == 1 &&
	       (offers(c, HVCAPS_DEV_NIC, NULL) || offers(c, HVCAPS_DEV_SCSI, NULL) ||
		offers(c, HVCAPS_DEV_IDE, NULL));
}

static const struct guest_daemon *daemon_of(const struct ctx *c, const char *service)
{
	for (size_t i = 0; i < c->g->daemons.n; i++)
		if (c->g->daemons.list[i].service && !strcmp(c->g->daemons.list[i].service, service))
			return &c->g->daemons.list[i];
	return NULL;
}

/* a synthetic NIC of the guest facts */
static bool synthetic_nic(const struct guest_nic *n)
{
	return !n->driver || !strcmp(n->driver, "hv_netvsc");
}

static bool disk_on_vmbus(const struct guest_disk *d)
{
	return d->vmbus_device != NULL;
}

static bool is_64bit(const char *arch)
{
	return strstr(arch, "64") != NULL || !strcmp(arch, "s390x");
}

/* ---- the rules, in the order of the table above ---- */

static void f_core(const struct ctx *c, struct ft_result *r)
{
	size_t nic = offers(c, HVCAPS_DEV_NIC, NULL), scsi = offers(c, HVCAPS_DEV_SCSI, NULL);
	size_t ide = offers(c, HVCAPS_DEV_IDE, NULL);

	vmbus_ev(c, r);
	if (core_yes(c)) {
		evf(r, "offers: %zu network adapter%s, %zu SCSI controller%s, %zu IDE controller%s",
		    nic, nic == 1 ? "" : "s", scsi, scsi == 1 ? "" : "s", ide, ide == 1 ? "" : "s");
		set(r, FT_YES, NULL, NULL);
	} else if (vmbus_present(c) == 1) {
		evf(r, "no network adapter, SCSI or IDE controller offer");
		set(r, FT_NO, NULL, "the host offers no synthetic network adapter or storage controller: add one to the VM");
	} else if (vmbus_present(c) == 0) {
		set(r, FT_NO, NULL, "not a Hyper-V guest, or hv_vmbus is not loaded: load hv_vmbus (and the hvcaps module for the host facts)");
	} else {
		set(r, FT_UNKNOWN, NULL, "load the hvcaps module (modprobe hvcaps) so that hvcaps can tell");
	}
}

static void f_accurate_time(const struct ctx *c, struct ft_result *r)
{
	const struct guest_ptp *p = &c->g->ptp;
	int v4 = vmbus_at_least(c, 4, 0), h16 = host_at_least(c, "2016");
	bool offer = offers(c, HVCAPS_DEV_TIMESYNC, NULL) > 0;

	offer_ev(c, r, HVCAPS_DEV_TIMESYNC, "time synchronization");
	if (p->hyperv.known && p->hyperv.v)
		evf(r, "PTP clock \"hyperv\" (/sys/class/ptp/%s)", p->device ? p->device : "?");
	else if (p->hyperv.known)
		evf(r, "no PTP clock named \"hyperv\" (/sys/class/ptp)");
	else
		evf(r, "PTP clocks unknown%s%s", p->why ? ": " : "", p->why ? p->why : "");
	host_ev(c, r);
	if (!offer) {
		set(r, FT_NO, NULL, "the host withholds time synchronization: enable the \"Time synchronization\" integration service (Enable-VMIntegrationService)");
	} else if (p->hyperv.known && p->hyperv.v) {
		if (h16 == 0 || (h16 < 0 && v4 == 0))
			set(r, FT_NO, NULL, "Windows Server 2016 accurate time needs a Windows Server 2016 or newer host");
		else
			set(r, FT_YES, NULL, NULL);
	} else if (p->hyperv.known) {
		set(r, FT_NO, NULL, "hv_utils has not registered the \"hyperv\" PTP clock: load hv_utils, with a kernel built with CONFIG_PTP_1588_CLOCK");
	} else if (v4 == 1 || h16 == 1) {
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

static void f_vcpus(const struct ctx *c, struct ft_result *r)
{
	uint32_t max = 0;
	bool any = false;

	for (size_t i = 0; i < c->m->ndev; i++) {
		const struct hv_device *d = &c->m->dev[i];

		for (size_t j = 0; j < d->nchan; j++)
			if (d->chan[j].cpu.known) {
				any = true;
				if (d->chan[j].cpu.v > max)
					max = d->chan[j].cpu.v;
			}
		if (d->target_cpu.known) {
			any = true;
			if (d->target_cpu.v > max)
				max = d->target_cpu.v;
		}
	}
	if (any && max >= 256) {
		evf(r, "a channel targets CPU %u", max);
		set(r, FT_YES, NULL, NULL);
		return;
	}
	if (any)
		evf(r, "the highest CPU a channel targets is %u", max);
	else
		evf(r, "no channel's target CPU is known");
	set(r, FT_UNKNOWN, NULL, "the vCPU count is a VM setting: a VM with more than 256 vCPUs shows channels targeting CPUs above 255");
}

static void f_jumbo(const struct ctx *c, struct ft_result *r)
{
	const struct guest_nics *ns = &c->g->nics;
	bool offer = offers(c, HVCAPS_DEV_NIC, NULL) > 0;
	size_t synth = 0, limited = 0;

	offer_ev(c, r, HVCAPS_DEV_NIC, "network adapter");
	if (!offer) {
		set(r, FT_NO, NULL, "the VM has no synthetic network adapter: add one");
		return;
	}
	for (size_t i = 0; i < ns->n; i++) {
		const struct guest_nic *n = &ns->list[i];

		if (!synthetic_nic(n))
			continue;
		synth++;
		if (n->mtu.known && n->mtu.v > 1500) {
			evf(r, "%s: MTU %u", n->name, n->mtu.v);
			set(r, FT_YES, NULL, NULL);
			return;
		}
		if (n->max_mtu.known && n->max_mtu.v > 1500) {
			evf(r, "%s: max MTU %u (%s)", n->name, n->max_mtu.v,
			    n->mtu_limits_source ? n->mtu_limits_source : "?");
			set(r, FT_YES, NULL, NULL);
			return;
		}
		if (n->max_mtu.known) {
			evf(r, "%s: max MTU %u", n->name, n->max_mtu.v);
			limited++;
		}
	}
	if (synth && limited == synth) {
		set(r, FT_NO, NULL, "hv_netvsc allows no MTU above 1500 here: a host or driver from before NVSP 2 (Windows Server 2008 R2)");
	} else {
		evf(r, "the NICs' MTU limits are unknown (rtnetlink, live only); hv_netvsc allows 65521 bytes with every host since 2008 R2");
		set(r, FT_INFERRED, NULL, NULL);
	}
}

static void f_vlan(const struct ctx *c, struct ft_result *r)
{
	const struct guest_nics *ns = &c->g->nics;
	bool offer = offers(c, HVCAPS_DEV_NIC, NULL) > 0, known = false;

	offer_ev(c, r, HVCAPS_DEV_NIC, "network adapter");
	if (!offer) {
		set(r, FT_NO, NULL, "the VM has no synthetic network adapter: add one");
		return;
	}
	for (size_t i = 0; i < ns->n; i++) {
		const struct guest_nic *n = &ns->list[i];

		if (!synthetic_nic(n))
			continue;
		if ((n->vlan_rx_offload.known && n->vlan_rx_offload.v) ||
		    (n->vlan_tx_offload.known && n->vlan_tx_offload.v)) {
			evf(r, "%s: VLAN offload on (rx-vlan-hw-parse, tx-vlan-hw-insert)", n->name);
			set(r, FT_YES, NULL, NULL);
			return;
		}
		if (n->vlan_rx_offload.known || n->vlan_tx_offload.known) {
			evf(r, "%s: no VLAN offload", n->name);
			known = true;
		}
	}
	if (known) {
		set(r, FT_NO, NULL, "hv_netvsc reports no VLAN offload: a driver or host too old for 802.1Q offload");
	} else {
		evf(r, "offloads unknown (SIOCETHTOOL, live only); tagging works through the guest's 8021q, trunking is a virtual switch setting");
		set(r, FT_INFERRED, NULL, NULL);
	}
}

static void f_live_migration(const struct ctx *c, struct ft_result *r)
{
	vmbus_ev(c, r);
	if (core_yes(c)) {
		evf(r, "a host operation: the guest needs only its VMBus drivers (core)");
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

/* KVP: shared by kvp and static-ip-injection */
static void kvp_rule(const struct ctx *c, struct ft_result *r)
{
	const struct guest_daemon *d = daemon_of(c, "kvp");

	offer_ev(c, r, HVCAPS_DEV_KVP, "KVP");
	if (d && d->running.known && d->running.v)
		evf(r, "KVP daemon running: %s, pid %u (%s)", d->process ? d->process : "?",
		    d->pid.known ? d->pid.v : 0,
		    c->g->daemons.source ? c->g->daemons.source : "/proc");
	else if (d && d->running.known)
		evf(r, "no KVP daemon runs (hv_kvp_daemon, hypervkvpd; %s)",
		    c->g->daemons.source ? c->g->daemons.source : "/proc");
	else
		evf(r, "whether a KVP daemon runs is unknown%s%s", c->g->daemons.why ? ": " : "",
		    c->g->daemons.why ? c->g->daemons.why : "");
	if (!offers(c, HVCAPS_DEV_KVP, NULL))
		set(r, FT_NO, NULL, "the host withholds KVP: enable the \"Data Exchange\" integration service (Enable-VMIntegrationService)");
	else if (d && d->running.known && d->running.v)
		set(r, FT_YES, NULL, NULL);
	else if (d && d->running.known)
		set(r, FT_NO, "hyperv-daemons", "install hyperv-daemons (hypervkvpd on older releases) and start the KVP daemon: systemctl enable --now hypervkvpd");
	else
		set(r, FT_UNKNOWN, "hyperv-daemons", NULL);
}

static void f_static_ip(const struct ctx *c, struct ft_result *r)
{
	kvp_rule(c, r);
	if (r->state == FT_YES) {
		evf(r, "injection itself is a host operation, applied by the KVP daemon; NetworkManager may override it");
		set(r, FT_INFERRED, "nm-unmanaged", NULL);
	}
}

static void f_vrss(const struct ctx *c, struct ft_result *r)
{
	size_t n = 0, with = 0, max_sub = 0;
	bool all_known = true;

	for (size_t i = 0; i < c->m->ndev; i++) {
		const struct hv_device *d = &c->m->dev[i];

		if (dev_type(d) != HVCAPS_DEV_NIC)
			continue;
		n++;
		if (!d->channels_known) {
			all_known = false;
			continue;
		}
		if (d->nchan > 1) {
			with++;
			if (d->nchan - 1 > max_sub)
				max_sub = d->nchan - 1;
		}
	}
	if (!n) {
		evf(r, "no network adapter offer");
		set(r, FT_NO, NULL, "the VM has no synthetic network adapter: add one");
	} else if (with) {
		evf(r, "%zu of %zu network adapter offer%s with sub-channels (up to %zu)", with, n,
		    n == 1 ? "" : "s", max_sub);
		set(r, FT_YES, NULL, NULL);
	} else if (all_known) {
		evf(r, "%zu network adapter offer%s, no sub-channels", n, n == 1 ? "" : "s");
		set(r, FT_NO, NULL, "the host opened no sub-channel: vRSS needs more than one vCPU and VMQ/vRSS on the host's adapter");
	} else {
		evf(r, "%zu network adapter offer%s, channels unknown", n, n == 1 ? "" : "s");
		set(r, FT_UNKNOWN, NULL, NULL);
	}
	for (size_t i = 0; i < c->g->nics.n; i++) {
		const struct guest_nic *nic = &c->g->nics.list[i];

		if (synthetic_nic(nic) && nic->rx_queues.known)
			evf(r, "%s: %u receive queue%s", nic->name, nic->rx_queues.v,
			    nic->rx_queues.v == 1 ? "" : "s");
	}
}

static bool has_prefix_feature(const struct strv *f, const char *prefix)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strncmp(f->v[i], prefix, strlen(prefix)))
			return true;
	return false;
}

static void f_tso(const struct ctx *c, struct ft_result *r)
{
	const struct guest_nics *ns = &c->g->nics;
	bool offer = offers(c, HVCAPS_DEV_NIC, NULL) > 0, known = false;

	offer_ev(c, r, HVCAPS_DEV_NIC, "network adapter");
	if (!offer) {
		set(r, FT_NO, NULL, "the VM has no synthetic network adapter: add one");
		return;
	}
	for (size_t i = 0; i < ns->n; i++) {
		const struct guest_nic *n = &ns->list[i];
		bool tso, csum;

		if (!synthetic_nic(n) || !n->features.known)
			continue;
		known = true;
		tso = strv_has(&n->features, "tx-tcp-segmentation") ||
		      strv_has(&n->features, "tcp-segmentation-offload");
		csum = has_prefix_feature(&n->features, "tx-checksum-");
		evf(r, "%s: TSO %s, checksum offload %s (%s)", n->name, tso ? "on" : "off",
		    csum ? "on" : "off", n->features_source ? n->features_source : "ethtool");
		if (tso && csum) {
			set(r, FT_YES, NULL, NULL);
			return;
		}
	}
	if (known) {
		set(r, FT_NO, NULL, "turn the offloads on (ethtool -K IFACE tso on tx on); hv_netvsc offers them when the host's NDIS version does");
	} else {
		evf(r, "offload features unknown (SIOCETHTOOL, live only); hv_netvsc offers them with hosts from 2012 R2");
		set(r, FT_INFERRED, NULL, NULL);
	}
}

static void f_sriov(const struct ctx *c, struct ft_result *r)
{
	const struct guest_nics *ns = &c->g->nics;
	size_t pcie = offers(c, HVCAPS_DEV_PCIE, NULL);

	for (size_t i = 0; i < ns->n; i++) {
		const struct guest_nic *n = &ns->list[i];

		if (synthetic_nic(n) && n->vf) {
			evf(r, "%s paired with the VF %s (%s%s%s)", n->name, n->vf,
			    n->vf_driver ? n->vf_driver : "driver unknown",
			    n->vf_device ? ", " : "", n->vf_device ? n->vf_device : "");
			set(r, FT_YES, NULL, NULL);
			return;
		}
	}
	evf(r, "%zu PCI Express pass-through offer%s", pcie, pcie == 1 ? "" : "s");
	if (ns->known)
		evf(r, "no synthetic NIC has a VF (lower_* or master links)");
	else
		evf(r, "the NICs are unknown%s%s", ns->why ? ": " : "", ns->why ? ns->why : "");
	set(r, FT_UNKNOWN, NULL, "SR-IOV is a host setting: enable it on the virtual switch and the VM's adapter (on Azure: accelerated networking); the VF then pairs with the synthetic NIC");
}

static void f_vhdx_resize(const struct ctx *c, struct ft_result *r)
{
	offer_ev(c, r, HVCAPS_DEV_SCSI, "SCSI controller");
	if (offers(c, HVCAPS_DEV_SCSI, NULL)) {
		evf(r, "online resize is a host operation on SCSI-attached VHDX disks");
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, "online VHDX resize applies to disks on a SCSI controller: attach the disk to one");
	}
}

static void f_vfc(const struct ctx *c, struct ft_result *r)
{
	offer_ev(c, r, HVCAPS_DEV_FC, "Fibre Channel");
	if (offers(c, HVCAPS_DEV_FC, NULL))
		set(r, FT_YES, "fc-lun0", NULL);
	else
		set(r, FT_UNKNOWN, NULL, "the VM has no virtual Fibre Channel adapter (a host setting): add one to check");
}

static void daemon_service_rule(const struct ctx *c, struct ft_result *r, uint32_t type,
				const char *offer_what, const char *service, const char *what,
				const char *no_offer_fix, const char *no_daemon_fix)
{
	const struct guest_daemon *d = daemon_of(c, service);

	offer_ev(c, r, type, offer_what);
	if (d && d->running.known && d->running.v)
		evf(r, "%s daemon running: %s, pid %u", what, d->process ? d->process : "?",
		    d->pid.known ? d->pid.v : 0);
	else if (d && d->running.known)
		evf(r, "no %s daemon runs (%s)", what,
		    c->g->daemons.source ? c->g->daemons.source : "/proc");
	else
		evf(r, "whether a %s daemon runs is unknown%s%s", what, c->g->daemons.why ? ": " : "",
		    c->g->daemons.why ? c->g->daemons.why : "");
	if (!offers(c, type, NULL))
		set(r, FT_NO, NULL, no_offer_fix);
	else if (d && d->running.known && d->running.v)
		set(r, FT_YES, NULL, NULL);
	else if (d && d->running.known)
		set(r, FT_NO, "hyperv-daemons", no_daemon_fix);
	else
		set(r, FT_UNKNOWN, "hyperv-daemons", NULL);
}

static void f_live_backup(const struct ctx *c, struct ft_result *r)
{
	daemon_service_rule(c, r, HVCAPS_DEV_VSS, "VSS (backup)", "vss", "VSS",
			    "the host withholds backup: enable the \"Backup (volume shadow copy)\" integration service (Enable-VMIntegrationService)",
			    "install hyperv-daemons (hypervvssd on older releases) and start the VSS daemon: systemctl enable --now hypervvssd");
}

static bool disk_discards(const struct guest_disk *d)
{
	return d->discard.known && d->discard.v;
}

static bool disk_has_wwid(const struct guest_disk *d)
{
	return d->wwid != NULL;
}

/* an NVMe namespace (guest/nvme.c); older snapshots have storvsc disks only */
static bool disk_is_nvme(const struct guest_disk *d)
{
	return d->transport && !strcmp(d->transport, "nvme");
}

/* "sda (storvsc)", "nvme1n1 (NVMe nvme1, 7870:00:00.0)" */
static char *disk_label(const struct guest_disk *d)
{
	if (!disk_is_nvme(d))
		return xasprintf("%s (storvsc)", d->name);
	return xasprintf("%s (NVMe %s%s%s)", d->name, d->nvme_controller ? d->nvme_controller : "?",
			 d->pci_address ? ", " : "", d->pci_address ? d->pci_address : "");
}

/*
 * The disks trim and scsi-wwn judge: those on VMBus storage (storvsc) and
 * the NVMe namespaces (on Azure behind a vPCI offer). For each kind, the
 * first disk with what has() looks for goes into the evidence; *n counts
 * the disks looked at. True if one has it.
 */
static bool disks_with(const struct guest_disks *ds, bool (*has)(const struct guest_disk *),
		       struct ft_result *r, const char *what_fmt, size_t *n)
{
	bool seen[2] = { false, false };

	*n = 0;
	for (size_t i = 0; i < ds->n; i++) {
		const struct guest_disk *d = &ds->list[i];
		bool nvme = disk_is_nvme(d);
		char *label;

		if (!disk_on_vmbus(d) && !nvme)
			continue;
		(*n)++;
		if (!has(d) || seen[nvme])
			continue;
		seen[nvme] = true;
		label = disk_label(d);
		if (has == disk_discards)
			evf(r, what_fmt, label, (unsigned long long)(d->discard_max_bytes.known ?
								d->discard_max_bytes.v : 0));
		else
			evf(r, what_fmt, label, d->wwid);
		free(label);
	}
	return seen[0] || seen[1];
}

/* no disk has it: no, or unknown when no disk was seen */
static void no_disk_with(const struct guest_disks *ds, size_t n, struct ft_result *r,
			 const char *what, const char *remedy)
{
	if (ds->known && n) {
		evf(r, "%zu VMBus or NVMe disk%s, none with %s", n, n == 1 ? "" : "s", what);
		set(r, FT_NO, NULL, remedy);
	} else {
		evf(r, ds->known ? "no VMBus or NVMe disk" : "the disks are unknown");
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

static void f_trim(const struct ctx *c, struct ft_result *r)
{
	size_t n;

	if (disks_with(&c->g->disks, disk_discards, r, "%s: discard up to %llu bytes", &n)) {
		set(r, FT_YES, NULL, NULL);
		return;
	}
	no_disk_with(&c->g->disks, n, r, "discard (queue/discard_max_bytes 0)",
		     "storvsc enables discard when the host passes it through: a VHDX (not VHD) disk on a 2012 R2 or newer host; an NVMe disk reports it when its controller has Dataset Management");
}

static void f_wwn(const struct ctx *c, struct ft_result *r)
{
	size_t n;

	if (disks_with(&c->g->disks, disk_has_wwid, r, "%s: wwid %s", &n)) {
		set(r, FT_YES, NULL, NULL);
		return;
	}
	no_disk_with(&c->g->disks, n, r, "a wwid (device/wwid, or the namespace's wwid)",
		     "storvsc does not report the disks' WWN here: a newer kernel or LIS");
}

static void f_pae(const struct ctx *c, struct ft_result *r)
{
	const struct guest_kernel *k = &c->g->kernel;

	if (!k->arch) {
		evf(r, "the kernel's architecture is unknown%s%s", k->arch_why ? ": " : "",
		    k->arch_why ? k->arch_why : "");
		set(r, FT_UNKNOWN, NULL, NULL);
		return;
	}
	evf(r, "kernel architecture %s (%s)", k->arch, k->arch_source ? k->arch_source : "?");
	if (is_64bit(k->arch)) {
		set(r, FT_NA, NULL, NULL);
	} else if (k->pae.known && k->pae.v) {
		evf(r, "a PAE kernel (%s)", k->pae_source ? k->pae_source : "?");
		set(r, FT_YES, NULL, NULL);
	} else if (k->pae.known) {
		evf(r, "not a PAE kernel (%s)", k->pae_source ? k->pae_source : "?");
		set(r, FT_NO, NULL, k->cpu_pae.known && !k->cpu_pae.v ?
		    "the CPU does not show PAE to the guest; a PAE kernel needs it" :
		    "install and boot the distribution's PAE kernel (kernel-PAE)");
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

static void f_mmio_gap(const struct ctx *c, struct ft_result *r)
{
	const struct hv_device *d;

	vmbus_ev(c, r);
	if (offers(c, HVCAPS_DEV_PCIE, &d) && d->mmio_mb.known && d->mmio_mb.v)
		evf(r, "PCI Express pass-through offer (relid %u) asks %u MiB of MMIO", d->relid,
		    d->mmio_mb.v);
	if (vmbus_present(c) == 1) {
		evf(r, "the gap is a host setting (Set-VM -LowMemoryMappedIoSpace) the kernel takes from ACPI");
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

/* hv_balloon: 1 loaded or bound, 0 known absent, -1 unknown */
static int balloon(const struct ctx *c, struct ft_result *r)
{
	const struct hv_device *d;
	const struct guest_memory *mem = &c->g->memory;

	offers(c, HVCAPS_DEV_DM, &d);
	if (mem->balloon_loaded.known && mem->balloon_loaded.v) {
		evf(r, "hv_balloon loaded (/sys/module/hv_balloon)");
		return 1;
	}
	if (d && d->driver && !strcmp(d->driver, "hv_balloon"))
		return 1;	/* the offer's evidence names it */
	if (mem->balloon_loaded.known) {
		evf(r, "hv_balloon not loaded (/sys/module/hv_balloon)");
		return 0;
	}
	evf(r, "whether hv_balloon is loaded is unknown%s%s", mem->why ? ": " : "",
	    mem->why ? mem->why : "");
	return -1;
}

static void f_ballooning(const struct ctx *c, struct ft_result *r)
{
	const char *arch = c->g->kernel.arch;
	int b;

	offer_ev(c, r, HVCAPS_DEV_DM, "dynamic memory");
	b = balloon(c, r);
	if (arch)
		evf(r, "kernel architecture %s", arch);
	if (!offers(c, HVCAPS_DEV_DM, NULL))
		set(r, FT_NO, NULL, "the host withholds dynamic memory: enable Dynamic Memory in the VM's memory settings (Set-VMMemory -DynamicMemoryEnabled $true; Azure never offers it)");
	else if (arch && !is_64bit(arch))
		set(r, FT_NO, "kernel-64bit", "dynamic memory works in 64-bit guests only: boot a 64-bit kernel");
	else if (b == 0)
		set(r, FT_NO, NULL, "load the balloon driver: modprobe hv_balloon");
	else if (b == 1)
		set(r, FT_YES, NULL, NULL);
	else
		set(r, FT_UNKNOWN, NULL, NULL);
}

static bool starts_online(const char *s)
{
	return s && !strncmp(s, "online", 6);
}

static void f_hot_add(const struct ctx *c, struct ft_result *r)
{
	const struct guest_memory *mem = &c->g->memory;
	bool online = false, online_known;

	f_ballooning(c, r);
	if (r->state != FT_YES && r->state != FT_UNKNOWN)
		return;
	if (mem->hot_add.known)
		evf(r, "hv_balloon hot_add=%s", mem->hot_add.v ? "Y" : "N");
	if (mem->auto_online_blocks) {
		evf(r, "auto_online_blocks %s", mem->auto_online_blocks);
		online |= starts_online(mem->auto_online_blocks);
	}
	if (mem->memhp_default_state) {
		evf(r, "memhp_default_state=%s on the kernel command line", mem->memhp_default_state);
		online |= starts_online(mem->memhp_default_state);
	}
	for (size_t i = 0; i < mem->udev_rules.n; i++) {
		evf(r, "udev rule %s", mem->udev_rules.v[i]);
		online = true;
	}
	online_known = online || mem->auto_online_blocks || mem->udev_rules.known;
	if (mem->hot_add.known && !mem->hot_add.v)
		set(r, FT_NO, NULL, "hv_balloon's hot_add is off: load it with hot_add=1 (options hv_balloon hot_add=1)");
	else if (online_known && !online)
		set(r, FT_NO, "memory-online-rule", "nothing onlines hot-added memory: add a udev rule setting ATTR{state}=\"online\" for SUBSYSTEM==\"memory\", ACTION==\"add\" (or memhp_default_state=online on the kernel command line) and reboot");
	else if (!online_known)
		set(r, FT_UNKNOWN, "memory-online-rule", NULL);
	/* else: as ballooning (yes, or unknown for hv_balloon) */
}

static void f_runtime_resize(const struct ctx *c, struct ft_result *r)
{
	int b, h;

	offer_ev(c, r, HVCAPS_DEV_DM, "dynamic memory");
	b = balloon(c, r);
	host_ev(c, r);
	h = host_at_least(c, "2016");
	if (!offers(c, HVCAPS_DEV_DM, NULL))
		set(r, FT_NO, NULL, "the host withholds the dynamic memory device, which runtime resize uses too: enable the VM's memory integration (Set-VMMemory)");
	else if (b == 0)
		set(r, FT_NO, NULL, "load the balloon driver: modprobe hv_balloon");
	else if (h == 0)
		set(r, FT_NO, NULL, "runtime memory resize needs a Windows Server 2016 or newer host");
	else if (h == 1) {
		evf(r, "the resize itself is a host operation through hv_balloon");
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

static void f_video(const struct ctx *c, struct ft_result *r)
{
	offer_ev(c, r, HVCAPS_DEV_FB, "synthetic video");
	if (offers(c, HVCAPS_DEV_FB, NULL))
		set(r, FT_YES, NULL, NULL);
	else
		set(r, FT_NO, NULL, "the host offers no synthetic video device");
}

static void f_kvp(const struct ctx *c, struct ft_result *r)
{
	kvp_rule(c, r);
}

static void f_nmi(const struct ctx *c, struct ft_result *r)
{
	vmbus_ev(c, r);
	if (core_yes(c)) {
		evf(r, "the host injects it (Debug-VM -InjectNonMaskableInterrupt); the kernel handles it");
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

static void f_file_copy(const struct ctx *c, struct ft_result *r)
{
	daemon_service_rule(c, r, HVCAPS_DEV_FCOPY, "guest services (file copy)", "fcopy", "file-copy",
			    "the host withholds file copy: enable the \"Guest services\" integration service (Enable-VMIntegrationService -Name 'Guest Service Interface')",
			    "install hyperv-daemons (hypervfcopyd on older releases) and start the file-copy daemon: systemctl enable --now hypervfcopyd");
}

static void f_lsvmbus(const struct ctx *c, struct ft_result *r)
{
	vmbus_ev(c, r);
	switch (vmbus_present(c)) {
	case 1:
		evf(r, "lsvmbus reads /sys/bus/vmbus, which hv_vmbus makes");
		set(r, FT_YES, NULL, NULL);
		break;
	case 0:
		set(r, FT_NO, NULL, "no VMBus: lsvmbus has nothing to list");
		break;
	default:
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

static void f_hvsock(const struct ctx *c, struct ft_result *r)
{
	const struct guest_hvsock *h = &c->g->hvsock;
	int v4 = vmbus_at_least(c, 4, 0), h16 = host_at_least(c, "2016");
	bool module = (h->loaded.known && h->loaded.v) ||
		      (h->module_available.known && h->module_available.v);

	offer_ev(c, r, HVCAPS_DEV_HVSOCK, "hv_sock");
	if (h->loaded.known)
		evf(r, "hv_sock %sloaded (/sys/module/hv_sock)", h->loaded.v ? "" : "not ");
	if (h->module_available.known)
		evf(r, "hv_sock %savailable (%s)", h->module_available.v ? "" : "not ",
		    h->module_source ? h->module_source : "?");
	if (v4 >= 0)
		vmbus_ev(c, r);
	if (offers(c, HVCAPS_DEV_HVSOCK, NULL))
		set(r, FT_YES, NULL, NULL);
	else if (v4 == 0 || h16 == 0)
		set(r, FT_NO, NULL, "Hyper-V sockets need a Windows Server 2016 or newer host (VMBus 4.0)");
	else if (module && (v4 == 1 || h16 == 1))
		set(r, FT_INFERRED, NULL, NULL);
	else if (!module && h->module_available.known && (!h->loaded.known || !h->loaded.v))
		set(r, FT_NO, NULL, "the kernel has no hv_sock: a kernel built with CONFIG_HYPERV_VSOCKETS");
	else
		set(r, FT_UNKNOWN, NULL, NULL);
}

static void f_pci(const struct ctx *c, struct ft_result *r)
{
	offer_ev(c, r, HVCAPS_DEV_PCIE, "PCI Express pass-through");
	if (offers(c, HVCAPS_DEV_PCIE, NULL))
		set(r, FT_YES, NULL, NULL);
	else
		set(r, FT_UNKNOWN, NULL, "no device is assigned to the VM (Discrete Device Assignment is a host setting: Add-VMAssignableDevice)");
}

/* EFI: the guest facts', else the kernel facts' */
static struct opt_bool efi(const struct ctx *c, struct ft_result *r, bool sb)
{
	const struct guest_firmware *f = &c->g->firmware;
	const struct hv_host *h = &c->m->host;
	struct opt_bool v = sb ? f->secure_boot : f->efi;
	const char *src = sb ? f->secure_boot_source : f->efi_source;

	if (v.known) {
		evf(r, "%s %s (%s)", sb ? "Secure Boot" : "EFI boot", v.v ? "yes" : "no", src ? src : "?");
		return v;
	}
	v = sb ? h->secure_boot : h->efi_boot;
	if (v.known)
		evf(r, "%s %s (%s)", sb ? "Secure Boot" : "EFI boot", v.v ? "yes" : "no", c->m->source);
	else
		evf(r, "%s unknown", sb ? "Secure Boot" : "EFI boot");
	return v;
}

static void f_uefi(const struct ctx *c, struct ft_result *r)
{
	struct opt_bool e = efi(c, r, false);

	if (e.known && e.v)
		set(r, FT_YES, NULL, NULL);
	else if (e.known)
		set(r, FT_UNKNOWN, "secure-boot-gen2", "booted through BIOS: a Generation 1 VM; UEFI boot needs a Generation 2 VM (the generation is chosen when the VM is created)");
	else
		set(r, FT_UNKNOWN, "secure-boot-gen2", NULL);
}

static void f_secure_boot(const struct ctx *c, struct ft_result *r)
{
	struct opt_bool e = efi(c, r, false), sb;

	if (e.known && !e.v) {
		set(r, FT_UNKNOWN, "secure-boot-gen2", "booted through BIOS: Secure Boot needs a Generation 2 VM");
		return;
	}
	sb = efi(c, r, true);
	if (sb.known && sb.v)
		set(r, FT_YES, "secure-boot-gen2", NULL);
	else if (sb.known)
		set(r, FT_UNKNOWN, "secure-boot-gen2", "Secure Boot is off in the VM's firmware settings: turn it on (Set-VMFirmware -EnableSecureBoot On, template \"Microsoft UEFI Certificate Authority\") to check");
	else
		set(r, FT_UNKNOWN, "secure-boot-gen2", NULL);
}

/* ---- beyond the matrix ---- */

/* The PCI function (guest/pci.c) whose network interface is ifname, or NULL. */
static const struct guest_pci_function *pci_of_netdev(const struct ctx *c, const char *ifname)
{
	for (size_t i = 0; i < c->g->pci.n; i++)
		if (strv_has(&c->g->pci.list[i].netdevs, ifname))
			return &c->g->pci.list[i];
	return NULL;
}

/*
 * The VF's family, by PCI vendor (MANA: drivers/net/ethernet/microsoft/mana/
 * gdma.h; Mellanox ConnectX: pci.ids vendor 15b3) or else by its driver.
 */
static const char *vf_family(const struct guest_pci_function *p, const char *driver)
{
	unsigned int v = p && p->vendor.known ? p->vendor.v : 0;

	if (v == 0x1414 || (driver && !strcmp(driver, "mana")))
		return "MANA";
	if (v == 0x15b3 || (driver && !strncmp(driver, "mlx", 3)))
		return "Mellanox ConnectX";
	return NULL;
}

static void f_accel_net(const struct ctx *c, struct ft_result *r)
{
	const struct guest_nics *ns = &c->g->nics;
	bool yes = false;

	offer_ev(c, r, HVCAPS_DEV_NIC, "network adapter");
	for (size_t i = 0; i < ns->n; i++) {
		const struct guest_nic *n = &ns->list[i];
		const struct guest_pci_function *p;
		const char *fam;

		if (!synthetic_nic(n) || !n->vf)
			continue;
		p = pci_of_netdev(c, n->vf);
		fam = vf_family(p, n->vf_driver);
		if (p && p->vendor.known && p->device.known)
			evf(r, "%s paired with the VF %s: %s %04x:%04x%s%s at %s, bound to %s", n->name,
			    n->vf, fam ? fam : "a VF of vendor", p->vendor.v, p->device.v,
			    p->name ? ", " : "", p->name ? p->name : "", p->address,
			    p->driver ? p->driver : "no driver");
		else
			evf(r, "%s paired with the VF %s (%s%s%s)", n->name, n->vf,
			    fam ? fam : "family unknown", n->vf_driver ? ", bound to " : "",
			    n->vf_driver ? n->vf_driver : "");
		yes = true;
	}
	if (yes) {
		set(r, FT_YES, NULL, NULL);
	} else if (!offers(c, HVCAPS_DEV_NIC, NULL)) {
		set(r, FT_NO, NULL, "the VM has no synthetic network adapter: add one");
	} else {
		evf(r, ns->known ? "no synthetic NIC has a VF paired (lower_* or master links)" :
		    "the NICs are unknown");
		set(r, FT_UNKNOWN, NULL, "accelerated networking is a VM setting: turn it on for the NIC (Azure: --accelerated-networking true); its VF (MANA or Mellanox) then pairs with the synthetic NIC. The host may also withdraw the VF for a while when it services the VM");
	}
}

static void f_nvme_disks(const struct ctx *c, struct ft_result *r)
{
	const struct guest_disks *ds = &c->g->disks;
	size_t n = 0;

	for (size_t i = 0; i < ds->n; i++) {
		const struct guest_disk *d = &ds->list[i];
		char *label;

		if (!disk_is_nvme(d))
			continue;
		n++;
		label = disk_label(d);
		evf(r, "%s: %s%s%s; %s%s; TRIM %s", label, d->model ? d->model : "model unknown",
		    d->serial ? ", serial " : "", d->serial ? d->serial : "",
		    d->wwid ? "wwid " : "no wwid", d->wwid ? d->wwid : "",
		    disk_discards(d) ? "yes (queue/discard_max_bytes)" :
		    d->discard.known ? "no (queue/discard_max_bytes 0)" : "unknown");
		free(label);
	}
	if (n) {
		set(r, FT_YES, NULL, NULL);
		return;
	}
	evf(r, ds->known ? "no NVMe namespace among the disks (/sys/block/nvme*)" :
	    "the disks are unknown");
	set(r, FT_UNKNOWN, NULL, ds->known ? "NVMe disks are a VM setting: an Azure size with NVMe (v6 sizes have NVMe disks only, with the NVMe disk controller type); the nvme driver in the initramfs" : NULL);
}

static void f_cvm(const struct ctx *c, struct ft_result *r)
{
	const struct ft_isolation *iso = c->host ? &c->host->isolation : NULL;
	const char *name;

	if (!iso || !iso->known) {
		evf(r, "the isolation is unknown%s%s", iso && iso->why ? ": " : "",
		    iso && iso->why ? iso->why : "");
		set(r, FT_UNKNOWN, NULL, "load the hvcaps module, or pass --isolation");
		return;
	}
	name = isolation_name(iso->type);
	evf(r, "isolation %s (from %s)", name ? name : "of an unknown type",
	    iso->source_text ? iso->source_text : "?");
	if (iso->type == HVCAPS_ISOLATION_NONE) {
		set(r, FT_NO, NULL, "confidential computing is chosen when the VM is created: a confidential VM size (AMD SEV-SNP or Intel TDX)");
		return;
	}
	evf(r, "paravisor %s", !iso->paravisor.known ? "unknown" :
	    iso->paravisor.v ? "present (the guest runs above it, as on Azure)" : "absent (fully enlightened)");
	set(r, FT_YES, NULL, NULL);
}

/* The release's major.minor as major * 1000 + minor: 6010; -1 unknown */
static int kernel_version(const char *rel)
{
	unsigned int ma, mi;

	if (!rel || sscanf(rel, "%u.%u", &ma, &mi) != 2 || ma > 100 || mi > 999)
		return -1;
	return (int)(ma * 1000 + mi);
}

/* the UIO device below the VMBus device named name (guest/uio.c), or NULL */
static const struct guest_uio_device *uio_of(const struct ctx *c, const char *name)
{
	for (size_t i = 0; name && i < c->g->uio.n; i++)
		if (!strcmp(c->g->uio.list[i].vmbus_device, name))
			return &c->g->uio.list[i];
	return NULL;
}

/*
 * Since 6.10 hv_utils no longer serves file copy (drivers/hv/hv_util.c
 * lost util_fcopy with drivers/hv/hv_fcopy.c): the offer is bound to
 * uio_hv_generic and tools/hv/hv_fcopy_uio_daemon.c serves it through
 * /sys/bus/vmbus/devices/<instance>/uio/uioN. Before, file-copy applies.
 */
static void f_fcopy_uio(const struct ctx *c, struct ft_result *r)
{
	const struct hv_device *d;
	const struct guest_daemon *dm = daemon_of(c, "fcopy");
	const struct guest_uio_device *u;
	int kv = kernel_version(c->g->kernel.release);
	const char *drv;
	bool uio_daemon;

	offer_ev(c, r, HVCAPS_DEV_FCOPY, "guest services (file copy)");
	if (!offers(c, HVCAPS_DEV_FCOPY, &d)) {
		set(r, FT_NO, NULL, "the host withholds file copy: enable the \"Guest services\" integration service (Enable-VMIntegrationService -Name 'Guest Service Interface')");
		return;
	}
	u = uio_of(c, d->name);
	drv = d->driver ? d->driver : u ? u->driver : NULL;
	if (u)
		evf(r, "UIO device %s (/sys/bus/vmbus/devices/%s/uio)", u->uio, u->vmbus_device);
	else if (c->g->uio.known)
		evf(r, "no UIO device below the offer");
	if (c->g->kernel.release)
		evf(r, "kernel %s", c->g->kernel.release);
	uio_daemon = dm && dm->running.known && dm->running.v && dm->process &&
		     !strncmp(dm->process, "hv_fcopy_uio_da", 15);
	if (dm && dm->running.known && dm->running.v)
		evf(r, "file-copy daemon running: %s", dm->process ? dm->process : "?");
	else if (dm && dm->running.known)
		evf(r, "no file-copy daemon runs");
	if (drv && !strcmp(drv, "hv_utils")) {
		evf(r, "served by hv_utils, as before kernel 6.10 (see file-copy)");
		set(r, FT_NA, NULL, NULL);
	} else if (drv && !strcmp(drv, "uio_hv_generic") && uio_daemon && (u || !c->g->uio.known)) {
		set(r, FT_YES, NULL, NULL);
	} else if (drv && !strcmp(drv, "uio_hv_generic") && dm && dm->running.known) {
		set(r, FT_NO, "hyperv-daemons", "start hv_fcopy_uio_daemon (hyperv-daemons; it opens /dev/uioN of the offer)");
	} else if (drv && !strcmp(drv, "uio_hv_generic")) {
		set(r, FT_UNKNOWN, "hyperv-daemons", NULL);
	} else if (kv >= 6010) {
		set(r, FT_NO, NULL, "bind the offer to uio_hv_generic: modprobe uio_hv_generic; echo 34d14be3-dee4-41c8-9ae7-6b174977c192 > /sys/bus/vmbus/drivers/uio_hv_generic/new_id; then start hv_fcopy_uio_daemon");
	} else if (kv >= 0) {
		evf(r, "kernels before 6.10 serve file copy in hv_utils (see file-copy)");
		set(r, FT_NA, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

/* a resume device: /sys/power/resume other than 0:0, or resume= */
static int resume_device(const struct guest_power *p)
{
	if (p->resume_cmdline || (p->resume && strcmp(p->resume, "0:0")))
		return 1;
	return p->resume ? 0 : -1;
}

static void power_ev(const struct ctx *c, struct ft_result *r)
{
	const struct guest_power *p = &c->g->power;

	if (p->state)
		evf(r, "/sys/power/state \"%s\"", p->state);
	else
		evf(r, "the sleep states are unknown%s%s", p->why ? ": " : "", p->why ? p->why : "");
	if (p->resume)
		evf(r, "/sys/power/resume %s", p->resume);
	if (p->resume_cmdline)
		evf(r, "resume=%s on the kernel command line", p->resume_cmdline);
	if (p->swaps.known)
		evf(r, "%zu active swap area%s%s%s", p->swaps.n, p->swaps.n == 1 ? "" : "s",
		    p->swaps.n ? ", first " : "", p->swaps.n ? p->swaps.v[0] : "");
	offer_ev(c, r, HVCAPS_DEV_SHUTDOWN, "shutdown");
}

/*
 * What the guest can see: the kernel offers suspend to disk, there is a
 * resume device and swap for the image, and the shutdown offer through
 * which the host asks for hibernation (hv_utils). Whether the host will
 * (an Azure VM setting) is not visible: inferred at best, never yes.
 */
static void f_hibernation(const struct ctx *c, struct ft_result *r)
{
	const struct guest_power *p = &c->g->power;
	int res = resume_device(p);

	power_ev(c, r);
	if (!p->disk.known) {
		set(r, FT_UNKNOWN, NULL, NULL);
	} else if (!p->disk.v) {
		set(r, FT_NO, NULL, "the kernel offers no suspend to disk (\"disk\" is not in /sys/power/state): a kernel with CONFIG_HIBERNATION, without nohibernate, and not locked down (kernel lockdown with Secure Boot forbids it)");
	} else if (p->swaps.known && !p->swaps.n) {
		set(r, FT_NO, NULL, "no active swap to write the image to: add a swap partition or file at least as large as the memory in use, and resume= (and resume_offset= for a file) on the kernel command line");
	} else if (res == 0) {
		set(r, FT_NO, NULL, "no resume device: add resume=<swap device> to the kernel command line (and the resume hook to the initramfs)");
	} else if (!offers(c, HVCAPS_DEV_SHUTDOWN, NULL)) {
		set(r, FT_NO, NULL, "the host asks for hibernation through the shutdown integration service: enable it (Enable-VMIntegrationService -Name Shutdown)");
	} else if (res == 1 && p->swaps.known) {
		evf(r, "whether the host offers hibernation (an Azure VM setting, chosen at creation) is not visible to the guest");
		set(r, FT_INFERRED, NULL, NULL);
	} else {
		set(r, FT_UNKNOWN, NULL, NULL);
	}
}

/*
 * GPU paravirtualization (WSL2, Azure Local GPU-P): dxgkrnl's VMBus classes,
 * drivers/hv/dxgkrnl/dxgmodule.c of Microsoft's WSL2 kernel (not in
 * mainline): HV_GPUP_DXGK_GLOBAL_GUID and HV_GPUP_DXGK_VGPU_GUID.
 */
static const char *const dxgkrnl_classes[] = {
	"dde9cbc0-5060-4436-9448-ea1254a5d177", "6e382d18-3336-4f4b-acc4-2b7703d4df4a",
};

static size_t dxgkrnl_offers(const struct ctx *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->m->ndev; i++)
		for (size_t k = 0; k < ARRAY_SIZE(dxgkrnl_classes); k++) {
			hv_guid g;

			if (guid_parse(dxgkrnl_classes[k], &g) &&
			    !memcmp(&g, &c->m->dev[i].class_guid, sizeof(g)))
				n++;
		}
	return n;
}

static void f_gpu(const struct ctx *c, struct ft_result *r)
{
	const struct guest_pcis *ps = &c->g->pci;
	size_t n = 0, dxg = dxgkrnl_offers(c);

	for (size_t i = 0; i < ps->n; i++) {
		const struct guest_pci_function *p = &ps->list[i];

		/* PCI base class 03: display controller (pci.ids, class list) */
		if (!p->class_code.known || p->class_code.v >> 16 != 0x03)
			continue;
		n++;
		evf(r, "%s: display controller (class %06x) %04x:%04x%s%s, bound to %s", p->address,
		    p->class_code.v, p->vendor.known ? p->vendor.v : 0,
		    p->device.known ? p->device.v : 0, p->name ? " " : "", p->name ? p->name : "",
		    p->driver ? p->driver : "no driver");
	}
	if (dxg)
		evf(r, "%zu dxgkrnl (GPU paravirtualization) offer%s", dxg, dxg == 1 ? "" : "s");
	if (n || dxg) {
		set(r, FT_YES, NULL, NULL);
		return;
	}
	evf(r, ps->known ? "no display controller behind a PCI pass-through offer, no dxgkrnl offer" :
	    "the PCI functions are unknown");
	set(r, FT_UNKNOWN, NULL, ps->known ? "a GPU is a VM setting: a GPU size (Azure N-series), Discrete Device Assignment or GPU partitioning" : NULL);
}

static void (*const rules[FT_ALL])(const struct ctx *, struct ft_result *) = {
	f_core, f_accurate_time, f_vcpus, f_jumbo, f_vlan,
	f_live_migration, f_static_ip, f_vrss, f_tso,
	f_sriov, f_vhdx_resize, f_vfc, f_live_backup, f_trim,
	f_wwn, f_pae, f_mmio_gap, f_hot_add, f_ballooning,
	f_runtime_resize, f_video, f_kvp, f_nmi, f_file_copy,
	f_lsvmbus, f_hvsock, f_pci, f_uefi, f_secure_boot,
	f_accel_net, f_nvme_disks, f_cvm, f_fcopy_uio, f_hibernation, f_gpu,
};

/*
 * The offer each feature rests on, for isolated guests: a feature whose
 * offer is missing because the isolated guest's kernel refuses that class
 * (isolation.c) is n/a-isolated, not no; where the kernel's rule is
 * unknown, unknown. SR-IOV's VF comes through a PCI Express offer.
 */
static const struct {
	const char *id;
	uint32_t type;
} offer_of[] = {
	{ "static-ip-injection", HVCAPS_DEV_KVP }, { "kvp", HVCAPS_DEV_KVP },
	{ "live-backup", HVCAPS_DEV_VSS }, { "file-copy", HVCAPS_DEV_FCOPY },
	{ "dm-hot-add", HVCAPS_DEV_DM }, { "dm-ballooning", HVCAPS_DEV_DM },
	{ "runtime-memory-resize", HVCAPS_DEV_DM }, { "hyperv-video", HVCAPS_DEV_FB },
	{ "pci-passthrough", HVCAPS_DEV_PCIE }, { "sr-iov", HVCAPS_DEV_PCIE },
	{ "virtual-fibre-channel", HVCAPS_DEV_FC },
	{ "accelerated-networking", HVCAPS_DEV_PCIE }, { "gpu", HVCAPS_DEV_PCIE },
	{ "nvme-disks", HVCAPS_DEV_PCIE }, { "fcopy-uio", HVCAPS_DEV_FCOPY },
};

static void apply_isolation(const struct ctx *c, struct ft_report *out)
{
	const struct ft_isolation *iso = c->host ? &c->host->isolation : NULL;

	if (!iso || !iso->known || iso->type == HVCAPS_ISOLATION_NONE)
		return;
	for (size_t k = 0; k < ARRAY_SIZE(offer_of); k++) {
		struct ft_result *r = &out->r[ft_index(offer_of[k].id)];
		char *why = NULL;
		int refused;

		if (offers(c, offer_of[k].type, NULL) || r->state == FT_YES || r->state == FT_NA)
			continue;
		refused = ft_isolated_kernel_refuses(c->g->kernel.release, offer_of[k].type, &why);
		if (refused < 0 || refused == 1)
			evf(r, "isolated VM (%s, from %s)", isolation_name(iso->type) ?
			    isolation_name(iso->type) : "unknown type", iso->source_text);
		if (refused == 1) {
			ev(r, why);
			set(r, FT_ISOLATED, NULL, "by design: a confidential VM's kernel does not trust this device class; nothing to fix");
		} else if (refused < 0) {
			ev(r, why);
			set(r, FT_UNKNOWN, NULL, NULL);
		} else {
			free(why);
		}
	}
}

void ft_evaluate(const struct hv_model *m, const struct hv_guest *g,
		 const struct ft_host *host, struct ft_report *out)
{
	const struct ctx c = { m, g, host };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < FT_ALL; i++) {
		out->r[i].id = ft_ids[i];
		out->r[i].state = FT_UNKNOWN;
		out->r[i].evidence.known = true;
		rules[i](&c, &out->r[i]);
	}
	apply_isolation(&c, out);
}

void ft_report_free(struct ft_report *rep)
{
	for (size_t i = 0; i < FT_ALL; i++) {
		struct ft_result *r = &rep->r[i];

		for (size_t j = 0; j < r->evidence.n; j++)
			free(r->evidence.v[j]);
		free(r->evidence.v);
		free(r->remediation);
	}
	memset(rep, 0, sizeof(*rep));
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *ft_result_json(const struct ft_result *r)
{
	json_object *o = json_object_new_object(), *e = json_object_new_array();

	for (size_t i = 0; i < r->evidence.n; i++)
		json_object_array_add(e, json_object_new_string(r->evidence.v[i]));
	json_object_object_add(o, "id", json_object_new_string(r->id));
	json_object_object_add(o, "state", json_object_new_string(ft_state_name(r->state)));
	json_object_object_add(o, "evidence", e);
	json_object_object_add(o, "remediation", jstr(r->remediation));
	json_object_object_add(o, "check", jstr(r->check));
	return o;
}

json_object *ft_host_json(const struct ft_host *h)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "release", jstr(h->release));
	json_object_object_add(o, "source", json_object_new_string(ft_host_source_id(h->source)));
	json_object_object_add(o, "source_text", jstr(h->source_text));
	json_object_object_add(o, "remark", jstr(h->remark));
	return o;
}
