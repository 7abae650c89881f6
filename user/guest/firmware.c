// SPDX-License-Identifier: GPL-2.0
/*
 * EFI and Secure Boot: /sys/firmware/efi exists on an EFI boot (and
 * /sys/firmware without it on a BIOS boot); the SecureBoot variable of
 * the EFI global namespace holds the state, in efivarfs
 * (/sys/firmware/efi/efivars/SecureBoot-<guid>: 4 bytes of attributes,
 * then the value) or in the older sysfs efivars
 * (/sys/firmware/efi/vars/SecureBoot-<guid>/data: the value alone).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

#define SB_VAR "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define EFIVARFS "/sys/firmware/efi/efivars"
#define SYSFS_VARS "/sys/firmware/efi/vars"

/* 1 read, 0 absent, -1 broken (diagnosed) */
static int read_var(struct hv_guest *g, const struct groot *r, const char *path,
		    size_t header, struct guest_firmware *f)
{
	unsigned char b[16];
	ssize_t n = groot_read_bytes(r, path, b, sizeof(b));

	if (n == -ENOENT || n == -ENOTDIR)
		return 0;
	if (n < 0) {
		guest_diag(g, path, "cannot read it: %s", errstr((int)n));
		return -1;
	}
	if ((size_t)n != header + 1 || b[header] > 1) {
		guest_diag(g, path, "malformed content (%zd bytes; expected %zu, the last 0 or 1)",
			   n, header + 1);
		return -1;
	}
	f->secure_boot.known = true;
	f->secure_boot.v = b[header] == 1;
	f->secure_boot_source = xstrdup(path);
	return 1;
}

void guest_collect_firmware(struct hv_guest *g, const struct groot *r)
{
	struct guest_firmware *f = &g->firmware;
	struct strv vars;
	int e;

	if (groot_exists(r, "/sys/firmware/efi")) {
		f->efi.known = f->efi.v = true;
		f->efi_source = xstrdup("/sys/firmware/efi");
	} else if (groot_exists(r, "/sys/firmware")) {
		f->efi.known = true;
		f->efi_source = xstrdup("/sys/firmware without efi");
	} else {
		f->efi_why = xstrdup("no /sys/firmware: is sysfs under the root?");
		f->secure_boot_why = xstrdup("EFI is unknown");
		return;
	}
	if (!f->efi.v) {
		f->secure_boot.known = true;	/* Secure Boot needs EFI */
		f->secure_boot_source = xstrdup("not an EFI boot");
		return;
	}
	e = read_var(g, r, EFIVARFS "/" SB_VAR, 4, f);
	if (!e)
		e = read_var(g, r, SYSFS_VARS "/" SB_VAR "/data", 0, f);
	if (e)
		return;
	/* No variable: Secure Boot is off, if the variables are readable. */
	if (!groot_list(r, EFIVARFS, &vars) && vars.n > 0) {
		f->secure_boot.known = true;
		f->secure_boot_source = xstrdup(EFIVARFS " has no SecureBoot variable");
	} else {
		f->secure_boot_why = xstrdup("no SecureBoot variable, and " EFIVARFS " is empty or absent (efivarfs not mounted?)");
	}
	for (size_t i = 0; i < vars.n; i++)
		free(vars.v[i]);
	free(vars.v);
}
