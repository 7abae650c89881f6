// SPDX-License-Identifier: GPL-2.0
/*
 * hv_sock, the Hyper-V transport of AF_VSOCK: loaded when
 * /sys/module/hv_sock exists (with /sys/module/vsock, the core);
 * available when the kernel has it built in (modules.builtin) or as a
 * module (modules.dep) for its release.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

void guest_collect_hvsock(struct hv_guest *g, const struct groot *r)
{
	struct guest_hvsock *h = &g->hvsock;
	char *file = NULL, *mdir;
	int b, d;

	if (!groot_exists(r, "/sys/module")) {
		h->why = xstrdup("no /sys/module: is sysfs under the root?");
	} else {
		h->loaded.known = h->vsock_loaded.known = true;
		h->loaded.v = groot_exists(r, "/sys/module/hv_sock");
		h->vsock_loaded.v = groot_exists(r, "/sys/module/vsock");
	}
	b = modules_builtin_has(g, r, "hv_sock");
	d = modules_dep_file(g, r, "hv_sock", &file);
	mdir = modules_dir(g);
	if (b == 1) {
		h->module_available.known = h->module_available.v = true;
		h->module_source = xasprintf("%s/modules.builtin", mdir);
	} else if (!d) {
		h->module_available.known = h->module_available.v = true;
		h->module_source = xasprintf("%s/modules.dep: %s", mdir, file);
	} else if (d == -ENOENT) {
		h->module_available.known = true;
		h->module_source = xasprintf("%s/modules.dep does not list it", mdir);
	} else if (h->loaded.v) {
		h->module_available.known = h->module_available.v = true;
		h->module_source = xstrdup("/sys/module/hv_sock");
	} else if (!h->why) {
		h->why = xstrdup(mdir ? "no usable modules.dep to tell whether the kernel has hv_sock" :
				 "the kernel release is unknown: no modules.dep to look in");
	}
	free(file);
	free(mdir);
}
