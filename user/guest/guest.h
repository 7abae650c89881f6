/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest facts: what the Linux system itself says about its distribution,
 * kernel, Hyper-V drivers (the distribution's own or Microsoft's LIS
 * package), integration daemons, synthetic NICs and disks, firmware, PTP
 * clock, hv_sock and memory hot-add.
 *
 * One collector per file (guest_*.c), each reading paths relative to a
 * root directory (--root, "/" by default) so that tests run it on fixture
 * trees. Paths in facts and messages are the system's ("/etc/os-release"),
 * whatever the root. A fact nothing proves stays unknown (NULL, or
 * known == false) with a reason in the section's *_why; a file that exists
 * but is broken (unreadable, malformed) also adds a diagnostic naming it.
 * Nothing is ever guessed: every fact says which evidence it comes from.
 */
#ifndef HVCAPS_GUEST_H
#define HVCAPS_GUEST_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fjson.h"
#include "groot.h"
#include "model.h"

/* The distribution: /etc/os-release, else the RHEL-style release files. */
struct guest_os {
	char *id, *version_id;		/* os-release's ID and VERSION_ID */
	char *name, *pretty_name, *version, *id_like;
	char *source;			/* the file ID and VERSION_ID come from */
	char *release_file;		/* /etc/centos-release or /etc/redhat-release */
	char *release_text;		/* its first line */
	char *release_version;		/* the version in it: "6.10", "7.9.2009" */
	char *why;			/* why ID is unknown */
};

struct guest_kernel {
	char *release, *release_source, *release_why;
	char *arch, *arch_source, *arch_why;
	/* a 32-bit x86 kernel built with PAE; false on other architectures */
	struct opt_bool pae;
	char *pae_source, *pae_why;
	struct opt_bool cpu_pae;	/* "pae" among the /proc/cpuinfo flags */
};

struct guest_package {
	char *name;			/* microsoft-hyper-v, kmod-microsoft-hyper-v */
	struct opt_bool installed;
	char *version;
	char *evidence;
};

/* The Hyper-V drivers: the distribution's own, or Microsoft's LIS. */
struct guest_lis {
	char *flavour;			/* "builtin" or "lis"; NULL: unknown */
	struct strv evidence;		/* what decided it, one line each */
	char *hv_vmbus_version, *hv_vmbus_version_source;
	char *hv_vmbus_module;		/* the file modules.dep names for it */
	struct guest_package *packages;
	size_t npackages;
	char *why;
};

struct guest_daemon {
	char *service;			/* "kvp", "vss", "fcopy" */
	struct opt_bool running;
	char *process;			/* the name it runs as */
	struct opt_u32 pid;
};

struct guest_daemons {
	struct guest_daemon *list;
	size_t n;
	char *source, *why;		/* why "running" is unknown */
};

struct guest_nic {
	char *name, *vmbus_device, *driver;
	struct opt_u32 mtu, min_mtu, max_mtu, rx_queues, tx_queues;
	char *mtu_limits_source;
	struct strv features;		/* enabled offloads (ethtool names) */
	char *features_source;
	struct opt_bool vlan_rx_offload, vlan_tx_offload;
	char *vf, *vf_driver, *vf_device;	/* the SR-IOV VF paired with it */
};

struct guest_nics {
	bool known;
	struct guest_nic *list;
	size_t n;
	char *why;
};

struct guest_disk {
	char *name, *vmbus_device, *vmbus_class, *driver;
	char *transport;		/* "storvsc" or "nvme"; NULL (old snapshots): storvsc */
	char *vendor, *model, *wwid;
	struct opt_u64 size_bytes, discard_max_bytes, discard_granularity;
	struct opt_bool discard;
	/* an NVMe namespace (nvme.c): its controller and identifiers */
	char *nvme_controller;		/* "nvme0" */
	char *pci_address;		/* the controller's PCI function */
	char *serial, *firmware_rev, *nvme_transport, *subsysnqn;
	char *eui, *nguid, *uuid;
	struct opt_u32 nsid;
};

struct guest_disks {
	bool known;
	struct guest_disk *list;
	size_t n;
	char *why;
};

struct guest_firmware {
	struct opt_bool efi;
	char *efi_source, *efi_why;
	struct opt_bool secure_boot;
	char *secure_boot_source, *secure_boot_why;
};

struct guest_ptp {
	struct opt_bool hyperv;		/* a PTP clock named "hyperv" */
	char *device, *why;
};

struct guest_hvsock {
	struct opt_bool loaded;		/* /sys/module/hv_sock */
	struct opt_bool vsock_loaded;	/* /sys/module/vsock */
	struct opt_bool module_available;	/* modules.dep or modules.builtin */
	char *module_source, *why;
};

struct guest_param {
	char *name, *value;
};

struct guest_memory {
	struct opt_bool balloon_loaded;	/* /sys/module/hv_balloon */
	struct guest_param *params;	/* its parameters */
	size_t nparams;
	struct opt_bool hot_add;	/* the hot_add parameter */
	char *auto_online_blocks;	/* /sys/devices/system/memory/auto_online_blocks */
	char *memhp_default_state;	/* on the kernel command line */
	struct strv udev_rules;		/* "file:line: rule" onlining memory */
	char *why;
};

/* A PCI function behind a vPCI offer (pci.c) */
struct guest_pci_function {
	char *address;			/* "7870:00:02.0" */
	char *vmbus_device;		/* the offer's instance */
	struct opt_u32 vendor, device, class_code, subsystem_vendor, subsystem_device;
	struct opt_s32 numa_node;
	char *driver;
	char *name, *name_source;	/* from pci.ids or hvcaps's table; NULL: none */
	struct strv netdevs, nvme;	/* its net/ and nvme/ children */
	char *paired_nic;		/* the synthetic NIC whose VF it is */
};

struct guest_pcis {
	bool known;
	struct guest_pci_function *list;
	size_t n;
	char *why;
};

/* The VMBus devices bound to a UIO driver (uio.c): /sys/bus/vmbus/devices/X/uio/uioN */
struct guest_uio_device {
	char *vmbus_device, *uio, *driver;
};

struct guest_uio {
	bool known;
	struct guest_uio_device *list;
	size_t n;
	char *why;
};

/* What the guest shows of hibernation (power.c) */
struct guest_power {
	char *state;			/* /sys/power/state */
	struct opt_bool disk;		/* "disk" among its words */
	char *resume;			/* /sys/power/resume ("259:2"; "0:0" none) */
	char *resume_cmdline;		/* resume= on the kernel command line */
	struct strv swaps;		/* the active swap areas (/proc/swaps) */
	char *why;
};

/* Hyper-V isolation from CPUID, on the running system (isolation.c) */
struct guest_isolation {
	struct opt_u32 type;		/* 0x4000000C EBX[3:0]: 0 none, 1 VBS, 2 SNP, 3 TDX */
	struct opt_bool paravisor;	/* 0x4000000C EAX bit 0 */
	struct opt_u32 config_a, config_b;	/* the leaf's EAX and EBX */
	char *source, *why;
};

struct guest_diag {
	char *path, *message;
};

struct hv_guest {
	char *root;			/* the root collected: "/" or a directory */
	struct guest_os os;
	struct guest_kernel kernel;
	struct guest_lis lis;
	struct guest_daemons daemons;
	struct guest_nics nics;
	struct guest_disks disks;
	struct guest_firmware firmware;
	struct guest_ptp ptp;
	struct guest_hvsock hvsock;
	struct guest_memory memory;
	struct guest_isolation isolation;
	struct guest_pcis pci;
	struct guest_uio uio;
	struct guest_power power;
	struct guest_diag *diag;
	size_t ndiag;
};

/* The fields of struct hv_guest, for fjson. */
extern const struct fj_field guest_fields[];

/*
 * Collect every guest fact under root ("/" or a directory). Returns 0, or
 * -1 after a message when the root itself cannot be opened. Broken files
 * do not fail: they add diagnostics.
 */
int guest_collect(struct hv_guest *g, const char *root);
void guest_free(struct hv_guest *g);
/* Print the diagnostics on stderr, as warnings (paths under g->root). */
void guest_print_diag(const struct hv_guest *g);

/* Helpers for the collectors (guest.c). */
void guest_diag(struct hv_guest *g, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Read path as a one-line value: 0 with *value set (stripped, owned),
 * -ENOENT when absent (nothing recorded), else -1 after a diagnostic
 * naming the file ("what" says what it should hold).
 */
int groot_value(struct hv_guest *g, const struct groot *r, const char *path,
		char **value);
/* "unknown" messages: "<path>: <strerror>" */
char *why_errno(const char *path, int e);

/* The collectors, one per file. */
void guest_collect_os(struct hv_guest *g, const struct groot *r);
void guest_collect_kernel(struct hv_guest *g, const struct groot *r);
void guest_collect_lis(struct hv_guest *g, const struct groot *r);
void guest_collect_daemons(struct hv_guest *g, const struct groot *r);
void guest_collect_nics(struct hv_guest *g, const struct groot *r);
void guest_collect_disks(struct hv_guest *g, const struct groot *r);
void guest_collect_firmware(struct hv_guest *g, const struct groot *r);
void guest_collect_ptp(struct hv_guest *g, const struct groot *r);
void guest_collect_hvsock(struct hv_guest *g, const struct groot *r);
void guest_collect_memory(struct hv_guest *g, const struct groot *r);
void guest_collect_isolation(struct hv_guest *g, const struct groot *r);
void guest_collect_pci(struct hv_guest *g, const struct groot *r);	/* after nics */
void guest_collect_uio(struct hv_guest *g, const struct groot *r);
void guest_collect_power(struct hv_guest *g, const struct groot *r);
/*
 * An NVMe namespace's controller and identifiers (nvme.c), dev the disk's
 * device resolved: 0 with *ctrl_dir (owned) the controller's directory,
 * or -1 if dev is no NVMe controller or subsystem.
 */
int guest_nvme_disk(struct hv_guest *g, const struct groot *r, const char *dev,
		    struct guest_disk *d, char **ctrl_dir);

/* Shared by the LIS and hv_sock collectors: /lib/modules/<release>. */
char *modules_dir(const struct hv_guest *g);
/*
 * The file modules.dep names for module mod ("kernel/drivers/hv/
 * hv_vmbus.ko.xz", relative to the modules directory): 0 and *file set,
 * -ENOENT when modules.dep lacks it, -ENODATA when there is no modules.dep
 * (or the release is unknown), -1 when broken (diagnostic given).
 */
int modules_dep_file(struct hv_guest *g, const struct groot *r, const char *mod,
		     char **file);
/* Whether modules.builtin lists mod: 1, 0, -ENODATA (no file), -1 broken. */
int modules_builtin_has(struct hv_guest *g, const struct groot *r, const char *mod);

#endif
