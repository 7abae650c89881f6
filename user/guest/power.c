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

static bool is_decimal(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/*
 * One area of /proc/swaps (mm/swapfile.c swap_show()): the path (blanks
 * escaped as \040 by seq_file_path()), "partition" or "file", the size
 * and the use in KiB, the priority. 0 and the path cut, or -1.
 */
static int swap_line(char *l)
{
	char *save = NULL, *f[6];
	size_t n = 0;
	int32_t prio;

	for (char *w = strtok_r(l, " \t", &save); w && n < 6; w = strtok_r(NULL, " \t", &save))
		f[n++] = w;
	if (n != 5 || (strcmp(f[1], "partition") && strcmp(f[1], "file")) ||
	    !is_decimal(f[2]) || !is_decimal(f[3]) || !parse_s32(f[4], &prio))
		return -1;
	return 0;
}

/*
 * The header, then one line per area. A line that is no area makes the
 * areas unknown (with a warning): a garbage line is not a swap, and a
 * file with no area line is "no swap" only when it is well formed.
 */
static void read_swaps(struct hv_guest *g, const struct groot *r)
{
	struct guest_power *p = &g->power;
	char *text, *save = NULL, *l;
	int e = groot_read(r, "/proc/swaps", &text);

	if (e) {
		if (e != -ENOENT)
			guest_diag(g, "/proc/swaps", "cannot read it: %s", errstr(e));
		return;
	}
	l = strtok_r(text, "\n", &save);
	if (!l || strncmp(l, "Filename", 8)) {
		guest_diag(g, "/proc/swaps", "malformed content: no \"Filename Type Size Used Priority\" header");
		free(text);
		return;
	}
	p->swaps.known = true;
	while ((l = strtok_r(NULL, "\n", &save))) {
		char *copy = xstrdup(l);

		if (swap_line(l)) {
			guest_diag(g, "/proc/swaps", "malformed content \"%.40s\" (expected a swap area: path, type, size, used, priority)",
				   copy);
			free(copy);
			for (size_t i = 0; i < p->swaps.n; i++)
				free(p->swaps.v[i]);
			free(p->swaps.v);
			memset(&p->swaps, 0, sizeof(p->swaps));
			break;
		}
		free(copy);
		strv_add(&p->swaps, xstrdup(l));
	}
	free(text);
}

/* /sys/power/resume: "%d:%d" (MAJOR, MINOR of swsusp_resume_device) */
static bool is_dev_t(const char *s)
{
	const char *colon = strchr(s, ':');
	uint32_t maj, min;
	char *m;
	bool ok;

	if (!colon)
		return false;
	m = xasprintf("%.*s", (int)(colon - s), s);
	ok = parse_u32(m, &maj) && parse_u32(colon + 1, &min) && maj < 4096 && min < (1u << 20);
	free(m);
	return ok;
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
	if (!groot_value(g, r, "/sys/power/resume", &v)) {
		if (is_dev_t(v))
			p->resume = v;
		else {
			guest_diag(g, "/sys/power/resume", "malformed content \"%.40s\" (expected MAJOR:MINOR)", v);
			free(v);
		}
	}
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
