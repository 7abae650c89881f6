// SPDX-License-Identifier: GPL-2.0
/*
 * Guest facts: the collectors' driver (it only runs them; what they share
 * for reading under the root is in groot.c) and the table of every fact
 * (for snapshots and --json).
 */
#include "guest.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* ---- the fact tables ---- */

#define S(st, m) FJ(st, m, FJ_STR)

static const struct fj_field os_fields[] = {
	S(struct guest_os, id), S(struct guest_os, version_id),
	S(struct guest_os, name), S(struct guest_os, pretty_name),
	S(struct guest_os, version), S(struct guest_os, id_like),
	S(struct guest_os, source), S(struct guest_os, release_file),
	S(struct guest_os, release_text), S(struct guest_os, release_version),
	S(struct guest_os, why),
	FJ_END
};

static const struct fj_field kernel_fields[] = {
	S(struct guest_kernel, release), S(struct guest_kernel, release_source),
	S(struct guest_kernel, release_why),
	S(struct guest_kernel, arch), S(struct guest_kernel, arch_source),
	S(struct guest_kernel, arch_why),
	FJ(struct guest_kernel, pae, FJ_OBOOL),
	S(struct guest_kernel, pae_source), S(struct guest_kernel, pae_why),
	FJ(struct guest_kernel, cpu_pae, FJ_OBOOL),
	FJ_END
};

static const struct fj_field package_fields[] = {
	S(struct guest_package, name),
	FJ(struct guest_package, installed, FJ_OBOOL),
	S(struct guest_package, version), S(struct guest_package, evidence),
	FJ_END
};

static const struct fj_field lis_fields[] = {
	S(struct guest_lis, flavour),
	FJ(struct guest_lis, evidence, FJ_STRV),
	S(struct guest_lis, hv_vmbus_version),
	S(struct guest_lis, hv_vmbus_version_source),
	S(struct guest_lis, hv_vmbus_module),
	FJ_ARR("packages", struct guest_lis, packages, npackages,
	       struct guest_package, package_fields),
	S(struct guest_lis, why),
	FJ_END
};

static const struct fj_field daemon_fields[] = {
	S(struct guest_daemon, service),
	FJ(struct guest_daemon, running, FJ_OBOOL),
	S(struct guest_daemon, process),
	FJ(struct guest_daemon, pid, FJ_OU32),
	FJ_END
};

static const struct fj_field daemons_fields[] = {
	FJ_ARR("services", struct guest_daemons, list, n,
	       struct guest_daemon, daemon_fields),
	S(struct guest_daemons, source), S(struct guest_daemons, why),
	FJ_END
};

static const struct fj_field nic_fields[] = {
	S(struct guest_nic, name), S(struct guest_nic, vmbus_device),
	S(struct guest_nic, driver),
	FJ(struct guest_nic, mtu, FJ_OU32),
	FJ(struct guest_nic, min_mtu, FJ_OU32),
	FJ(struct guest_nic, max_mtu, FJ_OU32),
	S(struct guest_nic, mtu_limits_source),
	FJ(struct guest_nic, rx_queues, FJ_OU32),
	FJ(struct guest_nic, tx_queues, FJ_OU32),
	FJ(struct guest_nic, features, FJ_STRV),
	S(struct guest_nic, features_source),
	FJ(struct guest_nic, vlan_rx_offload, FJ_OBOOL),
	FJ(struct guest_nic, vlan_tx_offload, FJ_OBOOL),
	S(struct guest_nic, vf), S(struct guest_nic, vf_driver),
	S(struct guest_nic, vf_device),
	FJ_END
};

static const struct fj_field nics_fields[] = {
	FJ_ARR_KNOWN("interfaces", struct guest_nics, list, n, known,
		     struct guest_nic, nic_fields),
	S(struct guest_nics, why),
	FJ_END
};

static const struct fj_field disk_fields[] = {
	S(struct guest_disk, name), S(struct guest_disk, vmbus_device),
	S(struct guest_disk, vmbus_class), S(struct guest_disk, driver),
	S(struct guest_disk, transport),
	S(struct guest_disk, vendor), S(struct guest_disk, model),
	S(struct guest_disk, wwid),
	FJ(struct guest_disk, size_bytes, FJ_OU64),
	FJ(struct guest_disk, discard, FJ_OBOOL),
	FJ(struct guest_disk, discard_max_bytes, FJ_OU64),
	FJ(struct guest_disk, discard_granularity, FJ_OU64),
	S(struct guest_disk, nvme_controller), S(struct guest_disk, pci_address),
	S(struct guest_disk, serial), S(struct guest_disk, firmware_rev),
	S(struct guest_disk, nvme_transport), S(struct guest_disk, subsysnqn),
	S(struct guest_disk, eui), S(struct guest_disk, nguid), S(struct guest_disk, uuid),
	FJ(struct guest_disk, nsid, FJ_OU32),
	FJ_END
};

static const struct fj_field disks_fields[] = {
	FJ_ARR_KNOWN("disks", struct guest_disks, list, n, known,
		     struct guest_disk, disk_fields),
	S(struct guest_disks, why),
	FJ_END
};

static const struct fj_field firmware_fields[] = {
	FJ(struct guest_firmware, efi, FJ_OBOOL),
	S(struct guest_firmware, efi_source), S(struct guest_firmware, efi_why),
	FJ(struct guest_firmware, secure_boot, FJ_OBOOL),
	S(struct guest_firmware, secure_boot_source),
	S(struct guest_firmware, secure_boot_why),
	FJ_END
};

static const struct fj_field ptp_fields[] = {
	FJ(struct guest_ptp, hyperv, FJ_OBOOL),
	S(struct guest_ptp, device), S(struct guest_ptp, why),
	FJ_END
};

static const struct fj_field hvsock_fields[] = {
	FJ(struct guest_hvsock, loaded, FJ_OBOOL),
	FJ(struct guest_hvsock, vsock_loaded, FJ_OBOOL),
	FJ(struct guest_hvsock, module_available, FJ_OBOOL),
	S(struct guest_hvsock, module_source), S(struct guest_hvsock, why),
	FJ_END
};

static const struct fj_field param_fields[] = {
	S(struct guest_param, name), S(struct guest_param, value),
	FJ_END
};

static const struct fj_field memory_fields[] = {
	FJ(struct guest_memory, balloon_loaded, FJ_OBOOL),
	FJ_ARR("balloon_parameters", struct guest_memory, params, nparams,
	       struct guest_param, param_fields),
	FJ(struct guest_memory, hot_add, FJ_OBOOL),
	S(struct guest_memory, auto_online_blocks),
	S(struct guest_memory, memhp_default_state),
	FJ(struct guest_memory, udev_rules, FJ_STRV),
	S(struct guest_memory, why),
	FJ_END
};

static const struct fj_field isolation_fields[] = {
	FJ(struct guest_isolation, type, FJ_OU32),
	FJ(struct guest_isolation, paravisor, FJ_OBOOL),
	FJ(struct guest_isolation, config_a, FJ_OU32),
	FJ(struct guest_isolation, config_b, FJ_OU32),
	S(struct guest_isolation, source), S(struct guest_isolation, why),
	FJ_END
};

static const struct fj_field pci_function_fields[] = {
	S(struct guest_pci_function, address), S(struct guest_pci_function, vmbus_device),
	FJ(struct guest_pci_function, vendor, FJ_OU32),
	FJ(struct guest_pci_function, device, FJ_OU32),
	FJ(struct guest_pci_function, class_code, FJ_OU32),
	FJ(struct guest_pci_function, subsystem_vendor, FJ_OU32),
	FJ(struct guest_pci_function, subsystem_device, FJ_OU32),
	FJ(struct guest_pci_function, numa_node, FJ_OS32),
	S(struct guest_pci_function, driver),
	S(struct guest_pci_function, name), S(struct guest_pci_function, name_source),
	FJ(struct guest_pci_function, netdevs, FJ_STRV),
	FJ(struct guest_pci_function, nvme, FJ_STRV),
	S(struct guest_pci_function, paired_nic),
	FJ_END
};

static const struct fj_field pci_fields[] = {
	FJ_ARR_KNOWN("functions", struct guest_pcis, list, n, known,
		     struct guest_pci_function, pci_function_fields),
	S(struct guest_pcis, why),
	FJ_END
};

static const struct fj_field uio_device_fields[] = {
	S(struct guest_uio_device, vmbus_device), S(struct guest_uio_device, uio),
	S(struct guest_uio_device, driver),
	FJ_END
};

static const struct fj_field uio_fields[] = {
	FJ_ARR_KNOWN("uio_devices", struct guest_uio, list, n, known,
		     struct guest_uio_device, uio_device_fields),
	S(struct guest_uio, why),
	FJ_END
};

static const struct fj_field power_fields[] = {
	S(struct guest_power, state),
	FJ(struct guest_power, disk, FJ_OBOOL),
	S(struct guest_power, resume), S(struct guest_power, resume_cmdline),
	FJ(struct guest_power, swaps, FJ_STRV),
	S(struct guest_power, why),
	FJ_END
};

static const struct fj_field diag_fields[] = {
	S(struct guest_diag, path), S(struct guest_diag, message),
	FJ_END
};

const struct fj_field guest_fields[] = {
	S(struct hv_guest, root),
	FJ_OBJ(struct hv_guest, os, os_fields),
	FJ_OBJ(struct hv_guest, kernel, kernel_fields),
	FJ_OBJ(struct hv_guest, lis, lis_fields),
	FJ_OBJ(struct hv_guest, daemons, daemons_fields),
	FJ_OBJ(struct hv_guest, nics, nics_fields),
	FJ_OBJ(struct hv_guest, disks, disks_fields),
	FJ_OBJ(struct hv_guest, firmware, firmware_fields),
	FJ_OBJ(struct hv_guest, ptp, ptp_fields),
	FJ_OBJ(struct hv_guest, hvsock, hvsock_fields),
	FJ_OBJ(struct hv_guest, memory, memory_fields),
	FJ_OBJ(struct hv_guest, isolation, isolation_fields),
	FJ_OBJ(struct hv_guest, pci, pci_fields),
	FJ_OBJ(struct hv_guest, uio, uio_fields),
	FJ_OBJ(struct hv_guest, power, power_fields),
	FJ_ARR("diagnostics", struct hv_guest, diag, ndiag,
	       struct guest_diag, diag_fields),
	FJ_END
};

int guest_collect(struct hv_guest *g, const char *root)
{
	struct groot r;
	char *dir;
	int e;

	memset(g, 0, sizeof(*g));
	e = groot_open_root(&r, root, &dir);
	if (e) {
		err("--root %s: %s; give the top of a directory tree", root, errstr(e));
		return -1;
	}
	g->root = xstrdup(*dir ? dir : "/");
	/* the kernel first: the LIS and hv_sock collectors need its release */
	guest_collect_os(g, &r);
	guest_collect_kernel(g, &r);
	guest_collect_lis(g, &r);
	guest_collect_daemons(g, &r);
	guest_collect_nics(g, &r);
	guest_collect_disks(g, &r);
	guest_collect_firmware(g, &r);
	guest_collect_ptp(g, &r);
	guest_collect_hvsock(g, &r);
	guest_collect_memory(g, &r);
	guest_collect_isolation(g, &r);
	guest_collect_pci(g, &r);
	guest_collect_uio(g, &r);
	guest_collect_power(g, &r);
	groot_close(&r);
	free(dir);
	/* the files' text may hold escape sequences or invalid UTF-8 */
	fj_sanitize(g, guest_fields);
	return 0;
}

void guest_free(struct hv_guest *g)
{
	fj_free(g, guest_fields);
}
