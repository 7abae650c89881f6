// SPDX-License-Identifier: GPL-2.0
/*
 * Guest facts: the collectors' driver, the root they read under, and the
 * table of every fact (for snapshots and --json).
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
	S(struct guest_disk, vendor), S(struct guest_disk, model),
	S(struct guest_disk, wwid),
	FJ(struct guest_disk, size_bytes, FJ_OU64),
	FJ(struct guest_disk, discard, FJ_OBOOL),
	FJ(struct guest_disk, discard_max_bytes, FJ_OU64),
	FJ(struct guest_disk, discard_granularity, FJ_OU64),
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
	FJ_ARR("diagnostics", struct hv_guest, diag, ndiag,
	       struct guest_diag, diag_fields),
	FJ_END
};

/* ---- reading under the root ---- */

int groot_value(struct hv_guest *g, const struct groot *r, const char *path,
		char **value)
{
	char *buf;
	int e = groot_read(r, path, &buf);

	*value = NULL;
	if (e == -ENOENT || e == -ENOTDIR)
		return -ENOENT;
	if (e == -EILSEQ) {
		guest_diag(g, path, "malformed content (a NUL byte)");
		return -1;
	}
	if (e) {
		guest_diag(g, path, "cannot read it: %s", errstr(e));
		return -1;
	}
	*value = xstrdup(strip(buf));
	free(buf);
	return 0;
}

char *why_errno(const char *path, int e)
{
	if (e < 0)
		e = -e;
	return xasprintf("%s: %s", path, errstr(e));
}

void guest_diag(struct hv_guest *g, const char *path, const char *fmt, ...)
{
	struct guest_diag *d;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg) {
		err("out of memory; free some memory and try again");
		exit(EXIT_ERROR);
	}
	g->diag = xrealloc(g->diag, (g->ndiag + 1) * sizeof(*g->diag));
	d = &g->diag[g->ndiag++];
	d->path = xstrdup(path);
	d->message = msg;
}

void guest_print_diag(const struct hv_guest *g)
{
	const char *root = g->root && strcmp(g->root, "/") ? g->root : "";

	for (size_t i = 0; i < g->ndiag; i++)
		err("warning: %s%s: %s", root,
		    g->diag[i].path, g->diag[i].message);
}

char *modules_dir(const struct hv_guest *g)
{
	return g->kernel.release ? xasprintf("/lib/modules/%s", g->kernel.release) : NULL;
}

/* Whether a modules.dep/modules.builtin path names module mod. */
static bool names_module(const char *file, size_t len, const char *mod)
{
	const char *base = file;
	size_t n, m = strlen(mod);

	for (size_t i = 0; i < len; i++)
		if (file[i] == '/')
			base = file + i + 1;
	n = len - (size_t)(base - file);
	if (n < m + 3 || strncmp(base + m, ".ko", 3))
		return false;
	if (n != m + 3 && base[m + 3] != '.')	/* .ko, .ko.xz, .ko.gz, .ko.zst */
		return false;
	for (size_t i = 0; i < m; i++) {
		char a = base[i] == '-' ? '_' : base[i];
		char b = mod[i] == '-' ? '_' : mod[i];

		if (a != b)
			return false;
	}
	return true;
}

/* Look mod up in <modules dir>/<list>: 0 found, -ENOENT, -ENODATA, -1 */
static int modules_list_find(struct hv_guest *g, const struct groot *r,
			     const char *list, const char *mod, char **file)
{
	char *dir = modules_dir(g), *path, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int ret = -ENOENT;

	if (!dir)
		return -ENODATA;
	path = xasprintf("%s/%s", dir, list);
	free(dir);
	f = groot_fopen(r, path);
	if (!f) {
		if (errno != ENOENT && errno != ENOTDIR) {
			guest_diag(g, path, "cannot read it: %s", errstr(errno));
			ret = -1;
		} else {
			ret = -ENODATA;
		}
		free(path);
		return ret;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		char *colon = strchr(line, ':');
		size_t len = colon ? (size_t)(colon - line) : strcspn(line, "\n");

		if (names_module(line, len, mod)) {
			if (file)
				*file = xasprintf("%.*s", (int)len, line);
			ret = 0;
			break;
		}
	}
	if (ret && ferror(f)) {
		guest_diag(g, path, "cannot read it: %s", errstr(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	free(path);
	return ret;
}

int modules_dep_file(struct hv_guest *g, const struct groot *r, const char *mod,
		     char **file)
{
	*file = NULL;
	return modules_list_find(g, r, "modules.dep", mod, file);
}

int modules_builtin_has(struct hv_guest *g, const struct groot *r, const char *mod)
{
	int e = modules_list_find(g, r, "modules.builtin", mod, NULL);

	return e == 0 ? 1 : e == -ENOENT ? 0 : e;
}

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
