// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest shows of hibernation (suspend to disk):
 *
 *   /sys/power/state    the sleep states the kernel offers; "disk" is there
 *                       when hibernation is built in and allowed
 *                       (kernel/power/main.c state_show(), hibernation_available():
 *                       not under nohibernate, nor kernel lockdown)
 *   /sys/power/resume   the resume device, "major:minor"; "0:0" when none
 *                       (kernel/power/hibernate.c resume_show())
 *   resume=             the resume device on the kernel command line
 *   /proc/swaps         the active swap areas, where the image is written
 *
 * Whether the host will ask the guest to hibernate (Hyper-V's shutdown
 * integration service, hv_utils's shutdown_onchannelcallback() with
 * HV_HIBERNATE... on Azure a VM setting) is not visible here: features.c
 * reports hibernation as inferred at best.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

static void read_swaps(struct hv_guest *g, const struct groot *r)
{
	struct guest_power *p = &g->power;
	char *text, *save = NULL;
	int e = groot_read(r, "/proc/swaps", &text);

	if (e) {
		if (e != -ENOENT)
			guest_diag(g, "/proc/swaps", "cannot read it: %s", errstr(e));
		return;
	}
	p->swaps.known = true;
	/* "Filename Type Size Used Priority", then one line per area */
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *sp = strpbrk(l, " \t");

		if (!strncmp(l, "Filename", 8) || !sp)
			continue;
		*sp = '\0';
		strv_add(&p->swaps, xstrdup(l));
	}
	free(text);
}

void guest_collect_power(struct hv_guest *g, const struct groot *r)
{
	struct guest_power *p = &g->power;
	char *cmdline, *v;
	int e = groot_value(g, r, "/sys/power/state", &p->state);

	if (!e) {
		char *save = NULL, *s = xstrdup(p->state);

		p->disk.known = true;
		for (char *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save))
			p->disk.v |= !strcmp(w, "disk");
		free(s);
	} else if (e == -ENOENT) {
		p->why = xstrdup("/sys/power/state: no such file (a kernel without CONFIG_SUSPEND or CONFIG_HIBERNATION, or no sysfs)");
	}
	if (!groot_value(g, r, "/sys/power/resume", &v))
		p->resume = v;
	if (!groot_value(g, r, "/proc/cmdline", &cmdline)) {
		char *save = NULL;

		for (char *w = strtok_r(cmdline, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
			if (!strncmp(w, "resume=", 7) && w[7]) {
				free(p->resume_cmdline);
				p->resume_cmdline = xstrdup(w + 7);
			}
		free(cmdline);
	}
	read_swaps(g, r);
}
