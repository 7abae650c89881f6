// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel: its release and architecture, and whether a 32-bit x86
 * kernel uses PAE.
 *
 * Release: /proc/sys/kernel/osrelease, else (on the live system) uname(2).
 * Architecture: /proc/sys/kernel/arch, else uname(2) on the live system,
 * else the suffix of the release ("3.10.0-1160.el7.x86_64", "-amd64",
 * "-686-pae", "el5PAE").
 * PAE: CONFIG_X86_PAE in /boot/config-<release>, else a "PAE"/"pae" suffix
 * of the release (RHEL 5's kernel-PAE "2.6.18-398.el5PAE", Debian's
 * "-686-pae"); not applicable (false) to 64-bit kernels. The "pae" flag of
 * /proc/cpuinfo says what the CPU can do, not what the kernel does: it is
 * reported apart (cpu_pae).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "guest.h"
#include "util.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The architecture a release string names, or NULL. */
static const char *arch_from_release(const char *rel)
{
	static const struct {
		const char *suffix, *arch;
	} sfx[] = {
		{ ".x86_64", "x86_64" }, { ".i686", "i686" }, { ".i586", "i586" },
		{ ".i386", "i386" }, { ".aarch64", "aarch64" },
		{ "-amd64", "x86_64" }, { "-686-pae", "i686" }, { "-686", "i686" },
		{ "-arm64", "aarch64" },
		{ "PAE", "i686" },	/* RHEL 5: kernel-PAE exists only for i686 */
	};

	for (size_t i = 0; i < ARRAY_SIZE(sfx); i++)
		if (ends_with(rel, sfx[i].suffix))
			return sfx[i].arch;
	return NULL;
}

static bool is_x86_32(const char *arch)
{
	return !strcmp(arch, "i386") || !strcmp(arch, "i486") ||
	       !strcmp(arch, "i586") || !strcmp(arch, "i686");
}

static void kernel_pae(struct hv_guest *g, const struct groot *r)
{
	struct guest_kernel *k = &g->kernel;
	char *cfg, *text, *line, *next;
	int e;

	if (!k->arch) {
		k->pae_why = xstrdup("the architecture is unknown");
		return;
	}
	if (!is_x86_32(k->arch)) {
		k->pae.known = true;	/* PAE is a mode of 32-bit x86 only */
		k->pae_source = xasprintf("the kernel is %s, not 32-bit x86", k->arch);
		return;
	}
	if (!k->release) {
		k->pae_why = xstrdup("the release is unknown");
		return;
	}
	cfg = xasprintf("/boot/config-%s", k->release);
	e = groot_read(r, cfg, &text);
	if (!e) {
		for (line = text; line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (!strcmp(line, "CONFIG_X86_PAE=y") ||
			    !strcmp(line, "# CONFIG_X86_PAE is not set")) {
				k->pae.known = true;
				k->pae.v = line[0] == 'C';
				k->pae_source = xstrdup(cfg);
				break;
			}
		}
		if (!k->pae.known)
			guest_diag(g, cfg, "no CONFIG_X86_PAE line; PAE is taken from the release, if it says");
		free(text);
	} else if (e != -ENOENT && e != -ENOTDIR) {
		guest_diag(g, cfg, "cannot read it: %s", e == -EILSEQ ?
			   "malformed content (a NUL byte)" : errstr(e));
	}
	if (!k->pae.known && (ends_with(k->release, "PAE") || ends_with(k->release, "pae"))) {
		k->pae.known = true;
		k->pae.v = true;
		k->pae_source = xstrdup("the release's PAE suffix");
	}
	if (!k->pae.known)
		k->pae_why = xasprintf("no usable %s, and the release has no PAE suffix", cfg);
	free(cfg);
}

static void cpu_pae(struct hv_guest *g, const struct groot *r)
{
	char *text, *line, *next;
	int e = groot_read(r, "/proc/cpuinfo", &text);

	if (e) {
		if (e != -ENOENT && e != -ENOTDIR)
			guest_diag(g, "/proc/cpuinfo", "cannot read it: %s", errstr(e));
		return;
	}
	for (line = text; line; line = next) {
		char *colon;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "flags", 5) || !(colon = strchr(line, ':')))
			continue;
		g->kernel.cpu_pae.known = true;
		for (char *save = NULL, *f = strtok_r(colon + 1, " \t", &save); f;
		     f = strtok_r(NULL, " \t", &save))
			if (!strcmp(f, "pae"))
				g->kernel.cpu_pae.v = true;
		break;	/* the first CPU speaks for all */
	}
	free(text);
}

void guest_collect_kernel(struct hv_guest *g, const struct groot *r)
{
	struct guest_kernel *k = &g->kernel;
	struct utsname u;
	const char *a;
	int e;

	e = groot_value(g, r, "/proc/sys/kernel/osrelease", &k->release);
	if (!e && !*k->release) {
		guest_diag(g, "/proc/sys/kernel/osrelease", "empty");
		free(k->release);
		k->release = NULL;
	} else if (!e) {
		k->release_source = xstrdup("/proc/sys/kernel/osrelease");
	}
	if (!k->release && r->live && !uname(&u)) {
		k->release = xstrdup(u.release);
		k->release_source = xstrdup("uname(2)");
	}
	if (!k->release)
		k->release_why = xstrdup(e == -ENOENT ? "no /proc/sys/kernel/osrelease: is procfs under the root?" :
					 "/proc/sys/kernel/osrelease is unusable");

	e = groot_value(g, r, "/proc/sys/kernel/arch", &k->arch);
	if (!e && *k->arch) {
		k->arch_source = xstrdup("/proc/sys/kernel/arch");
	} else {
		free(k->arch);
		k->arch = NULL;
		if (r->live && !uname(&u)) {
			k->arch = xstrdup(u.machine);
			k->arch_source = xstrdup("uname(2)");
		} else if (k->release && (a = arch_from_release(k->release))) {
			k->arch = xstrdup(a);
			k->arch_source = xstrdup("the release's suffix");
		} else {
			k->arch_why = xasprintf("%s, and %s",
				e == -ENOENT ? "no /proc/sys/kernel/arch, which older kernels lack" :
				"/proc/sys/kernel/arch is unusable",
				k->release ? "the release names no architecture" :
				"the release is unknown");
		}
	}
	kernel_pae(g, r);
	cpu_pae(g, r);
}
