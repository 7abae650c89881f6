// SPDX-License-Identifier: GPL-2.0
/*
 * The Hyper-V drivers: the distribution kernel's own ("builtin"), or
 * Microsoft's Linux Integration Services package ("lis": the RPMs
 * microsoft-hyper-v and kmod-microsoft-hyper-v, whose modules live in
 * /lib/modules/<release>/extra/microsoft-hyper-v/), or some other
 * out-of-tree hv_vmbus ("out-of-tree").
 *
 * Evidence, strongest first:
 *  - the loaded hv_vmbus: /sys/module/hv_vmbus/taint ("O": out of tree),
 *    /sys/module/hv_vmbus/initstate (absent: compiled into the kernel),
 *    /sys/module/hv_vmbus/version (MODULE_VERSION: LIS sets it);
 *  - the hv_vmbus modprobe would load: modules.dep (kernel/... in tree,
 *    extra/, updates/, weak-updates/ out of tree) and modules.builtin;
 *    the "version=" of its .modinfo section when the file is not
 *    compressed (as modinfo(8) prints);
 *  - the packages: "rpm -q" (with --root for another root) when rpm and
 *    /var/lib/rpm exist; else the files they install: the kmod's module
 *    directory, and for microsoft-hyper-v its /opt/files directory with
 *    its hv_kvp_daemon init script or unit (the distributions' own daemon
 *    packages name theirs hypervkvpd or hv-kvp-daemon).
 * Every piece of evidence used is listed in lis.evidence.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "util.h"

#define LIS_DIR "microsoft-hyper-v"

/* ---- modinfo: the .modinfo section of an ELF module ---- */

static bool pread_all(int fd, void *buf, size_t n, uint64_t off)
{
	return pread(fd, buf, n, (off_t)off) == (ssize_t)n;
}

/* An ELF file's section headers: where they are, how many, the names' index. */
struct elf_sections {
	int fd;
	bool is64;
	uint64_t shoff;
	unsigned shnum, shentsize, shstrndx;
};

/* Read the ELF header (32- or 64-bit, little-endian): NULL, or an error text. */
static const char *elf_header(int fd, struct elf_sections *es)
{
	unsigned char ident[EI_NIDENT];
	union {
		Elf64_Ehdr h64;
		Elf32_Ehdr h32;
	} h;

	if (!pread_all(fd, ident, SELFMAG, 0) || memcmp(ident, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (!pread_all(fd, ident, sizeof(ident), 0))
		return "truncated ELF header";
	if (ident[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (ident[EI_CLASS] != ELFCLASS64 && ident[EI_CLASS] != ELFCLASS32)
		return "not a 32- or 64-bit ELF file";
	es->fd = fd;
	es->is64 = ident[EI_CLASS] == ELFCLASS64;
	if (!pread_all(fd, &h, es->is64 ? sizeof(h.h64) : sizeof(h.h32), 0))
		return "truncated ELF header";
#define EHDR(field) (es->is64 ? h.h64.field : h.h32.field)
	es->shoff = EHDR(e_shoff);
	es->shnum = EHDR(e_shnum);
	es->shentsize = EHDR(e_shentsize);
	es->shstrndx = EHDR(e_shstrndx);
#undef EHDR
	if (es->shentsize != (es->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr)))
		return "odd ELF section headers";
	if (es->shstrndx >= es->shnum || es->shnum > 65535)
		return "no section names";
	return NULL;
}

/* Section i's name (an offset in the names' section), offset and size: false if truncated. */
static bool elf_section(const struct elf_sections *es, unsigned i, uint64_t *name_off,
			uint64_t *off, uint64_t *size)
{
	union {
		Elf64_Shdr s64;
		Elf32_Shdr s32;
	} s;

	if (!pread_all(es->fd, &s, es->shentsize, es->shoff + (uint64_t)i * es->shentsize))
		return false;
#define SHDR(field) (es->is64 ? s.s64.field : s.s32.field)
	*name_off = SHDR(sh_name);
	*off = SHDR(sh_offset);
	*size = SHDR(sh_size);
#undef SHDR
	return true;
}

/* Where .modinfo is (*size 0: no such section): false if the file is truncated. */
static bool elf_find_modinfo(const struct elf_sections *es, uint64_t *mi_off, uint64_t *mi_size)
{
	uint64_t shstr_off, name_off, off, size;

	*mi_off = *mi_size = 0;
	if (!elf_section(es, es->shstrndx, &name_off, &shstr_off, &size))
		return false;
	for (unsigned i = 0; i < es->shnum; i++) {
		char name[10] = "";

		if (!elf_section(es, i, &name_off, &off, &size))
			return false;
		if (pread(es->fd, name, sizeof(name) - 1, (off_t)(shstr_off + name_off)) < 0)
			return false;
		if (!strcmp(name, ".modinfo")) {
			*mi_off = off;
			*mi_size = size;
			return true;
		}
	}
	return true;
}

/* The value of key in a .modinfo section's "key=value" strings (owned), or NULL. */
static char *modinfo_value(const char *sec, size_t size, const char *key)
{
	size_t k = strlen(key);

	for (size_t p = 0; p < size; p += strlen(sec + p) + 1)
		if (!strncmp(sec + p, key, k) && sec[p + k] == '=')
			return xstrdup(sec + p + k + 1);
	return NULL;
}

/*
 * The value of key ("version") in the .modinfo section of the ELF file
 * path under the root. Returns 0 and *value (NULL if the key is absent), or an error
 * text (static) if the file is not a readable little-endian ELF module.
 */
static const char *elf_modinfo(const struct groot *r, const char *path, const char *key,
			       char **value)
{
	struct elf_sections es;
	uint64_t mi_off, mi_size;
	const char *e;
	char *sec = NULL;
	int fd;

	*value = NULL;
	fd = groot_open(r, path);
	if (fd < 0)
		return errstr(fd);
	e = elf_header(fd, &es);
	if (!e && !elf_find_modinfo(&es, &mi_off, &mi_size))
		e = "truncated ELF file";
	else if (!e && !mi_size)
		e = "no .modinfo section: not a kernel module";
	else if (!e && mi_size > (1u << 20))
		e = "a .modinfo section too big";
	if (!e) {
		sec = xmalloc(mi_size + 1);
		if (pread_all(fd, sec, mi_size, mi_off)) {
			sec[mi_size] = '\0';
			*value = modinfo_value(sec, mi_size, key);
		} else {
			e = "truncated ELF file";
		}
	}
	free(sec);
	close(fd);
	return e;
}

/* ---- rpm ---- */

/* The path of an executable named name in $PATH, or NULL. */
static char *find_in_path(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL, *found = NULL;

	if (!path || !*path)
		return NULL;
	copy = xstrdup(path);
	for (char *d = strtok_r(copy, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *d ? d : ".", name);

		if (!access(p, X_OK))
			found = p;
		else
			free(p);
	}
	free(copy);
	return found;
}

/*
 * Run argv with stdout to a buffer (at most 64 KiB), stderr and stdin on
 * /dev/null. Returns the exit status (0..255), or -1 with *why set.
 */
static int run_capture(char *const argv[], char **out, const char **why)
{
	size_t len = 0, cap = 4096;
	int pfd[2], status;
	pid_t pid;
	char *buf;

	*out = NULL;
	if (pipe2(pfd, O_CLOEXEC)) {
		*why = strerror(errno);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		*why = strerror(errno);
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 ||
		    dup2(pfd[1], 1) < 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	buf = xmalloc(cap + 1);
	for (;;) {
		char sink[4096];
		bool full = len == cap;
		ssize_t n = full ? read(pfd[0], sink, sizeof(sink)) :
				   read(pfd[0], buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (full)
			continue;	/* drain the rest: the child must not block */
		len += (size_t)n;
		if (len == cap && cap < 65536) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	buf[len] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			*why = strerror(errno);
			free(buf);
			return -1;
		}
	}
	if (!WIFEXITED(status)) {
		*why = "killed by a signal";
		free(buf);
		return -1;
	}
	*out = buf;
	return WEXITSTATUS(status);
}

static const char *const lis_packages[] = { "microsoft-hyper-v", "kmod-microsoft-hyper-v" };

/* Ask rpm. Returns 0 if it answered for both packages. */
static int packages_from_rpm(struct hv_guest *g, const struct groot *r)
{
	struct guest_lis *l = &g->lis;
	char *rpm, *out = NULL, *line, *next, *root_dir = NULL;
	char *argv[12];
	const char *why = NULL;
	int argc = 0, st, answered = 0;

	if (!groot_exists(r, "/var/lib/rpm"))
		return -1;
	rpm = find_in_path("rpm");
	if (!rpm)
		return -1;
	argv[argc++] = rpm;
	if (!r->live) {
		root_dir = xstrdup(r->dir);
		argv[argc++] = "--root";
		argv[argc++] = root_dir;
	}
	/*
	 * The guest's own database, named: an rpm built for another
	 * distribution (Debian's keeps its database in ~/.rpmdb) would
	 * otherwise read, and create, a database of its own under --root,
	 * and hvcaps never writes into a tree it is given.
	 */
	argv[argc++] = "--dbpath";
	argv[argc++] = "/var/lib/rpm";
	argv[argc++] = "-q";
	argv[argc++] = "--qf";
	argv[argc++] = "%{NAME}\t%{VERSION}-%{RELEASE}\n";
	argv[argc++] = (char *)lis_packages[0];
	argv[argc++] = (char *)lis_packages[1];
	argv[argc] = NULL;
	st = run_capture(argv, &out, &why);
	if (st < 0) {
		guest_diag(g, "/var/lib/rpm", "cannot run %s: %s; the packages are looked for by their files",
			   rpm, why);
		goto out;
	}
	for (line = out; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (size_t i = 0; i < l->npackages; i++) {
			struct guest_package *p = &l->packages[i];
			char *missing = xasprintf("package %s is not installed", p->name);
			size_t n = strlen(p->name);

			if (!strcmp(line, missing) && !p->installed.known) {
				p->installed.known = true;
				p->evidence = xasprintf("rpm -q: \"%s\"", line);
				answered++;
			} else if (!strncmp(line, p->name, n) && line[n] == '\t' &&
				   line[n + 1] && !p->installed.known) {
				p->installed.known = true;
				p->installed.v = true;
				p->version = xstrdup(line + n + 1);
				p->evidence = xasprintf("rpm -q: %s-%s installed", p->name, p->version);
				answered++;
			}
			free(missing);
		}
	}
	if (answered != (int)l->npackages) {
		guest_diag(g, "/var/lib/rpm", "%s -q exited with %d without an answer for every package; the packages are looked for by their files",
			   rpm, st);
		for (size_t i = 0; i < l->npackages; i++) {
			struct guest_package *p = &l->packages[i];

			free(p->version);
			free(p->evidence);
			p->version = p->evidence = NULL;
			p->installed.known = p->installed.v = false;
		}
		answered = 0;
	}
out:
	free(out);
	free(root_dir);
	free(rpm);
	return answered ? 0 : -1;
}

/* The LIS module directories of this kernel that exist. */
static void kmod_dirs(struct hv_guest *g, const struct groot *r, struct strv *found)
{
	static const char *const subdirs[] = { "extra", "weak-updates", "updates" };
	char *mdir = modules_dir(g);

	if (!mdir)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(subdirs); i++) {
		char *d = xasprintf("%s/%s/" LIS_DIR, mdir, subdirs[i]);
		struct stat st;

		if (!groot_stat(r, d, &st) && S_ISDIR(st.st_mode))
			strv_add(found, d);
		else
			free(d);
	}
	free(mdir);
}

static void packages_from_files(struct hv_guest *g, const struct groot *r)
{
	static const char *const daemon_files[] = {
		"/etc/init.d/hv_kvp_daemon",
		"/lib/systemd/system/hv_kvp_daemon.service",
		"/usr/lib/systemd/system/hv_kvp_daemon.service",
	};
	struct guest_package *ms = &g->lis.packages[0], *kmod = &g->lis.packages[1];
	struct strv dirs = { 0 };
	struct stat st;
	const char *daemon = NULL;
	bool opt_files;

	/* kmod-microsoft-hyper-v: its module directory for this kernel */
	if (!g->kernel.release) {
		kmod->evidence = xstrdup("the kernel release is unknown: its module directory cannot be looked for");
	} else {
		kmod_dirs(g, r, &dirs);
		kmod->installed.known = true;
		kmod->installed.v = dirs.n > 0;
		if (dirs.n)
			kmod->evidence = xasprintf("%s exists (no rpm to ask)", dirs.v[0]);
		else
			kmod->evidence = xasprintf("no /lib/modules/%s/{extra,weak-updates,updates}/" LIS_DIR " (no rpm to ask)",
						   g->kernel.release);
	}
	for (size_t i = 0; i < dirs.n; i++)
		free(dirs.v[i]);
	free(dirs.v);

	/* microsoft-hyper-v: /opt/files and its hv_kvp_daemon script or unit */
	opt_files = !groot_stat(r, "/opt/files", &st) && S_ISDIR(st.st_mode);
	for (size_t i = 0; i < ARRAY_SIZE(daemon_files) && !daemon; i++)
		if (groot_exists(r, daemon_files[i]))
			daemon = daemon_files[i];
	if (opt_files && daemon) {
		ms->installed.known = true;
		ms->installed.v = true;
		ms->evidence = xasprintf("/opt/files and %s exist (no rpm to ask)", daemon);
	} else if (!opt_files && !daemon) {
		ms->installed.known = true;
		ms->evidence = xstrdup("none of the files it installs (/opt/files, /etc/init.d/hv_kvp_daemon, hv_kvp_daemon.service) exists (no rpm to ask)");
	} else {
		ms->evidence = xasprintf("%s exists but not %s: not enough to tell (no rpm to ask)",
					 opt_files ? "/opt/files" : daemon,
					 opt_files ? "an hv_kvp_daemon init script or unit" : "/opt/files");
	}
}

/* ---- the flavour ---- */

static bool out_of_tree_path(const char *file)
{
	return !strncmp(file, "extra/", 6) || !strncmp(file, "updates/", 8) ||
	       !strncmp(file, "weak-updates/", 13);
}

static bool compressed(const char *file)
{
	size_t n = strlen(file);

	return n < 3 || strcmp(file + n - 3, ".ko");
}

void guest_collect_lis(struct hv_guest *g, const struct groot *r)
{
	struct guest_lis *l = &g->lis;
	char *val = NULL, *file = NULL, *mdir = modules_dir(g);
	bool loaded, builtin_image = false, kmod_lis;
	int taint_o = -1;	/* -1 unknown, 0 in tree, 1 out of tree */
	int in_tree_file = -1, builtin_list = -1, e;

	l->npackages = ARRAY_SIZE(lis_packages);
	l->packages = xcalloc(l->npackages, sizeof(*l->packages));
	for (size_t i = 0; i < l->npackages; i++)
		l->packages[i].name = xstrdup(lis_packages[i]);
	l->evidence.known = true;

	/* the loaded hv_vmbus */
	loaded = groot_exists(r, "/sys/module/hv_vmbus");
	if (loaded) {
		e = groot_value(g, r, "/sys/module/hv_vmbus/taint", &val);
		if (!e) {
			taint_o = strchr(val, 'O') != NULL;
			strv_addf(&l->evidence, "/sys/module/hv_vmbus/taint: \"%s\" (%s)", val,
				  taint_o ? "O: the loaded hv_vmbus is out of tree" :
				  "no O: the loaded hv_vmbus is the kernel's own");
			free(val);
		} else if (e == -ENOENT && !groot_exists(r, "/sys/module/hv_vmbus/initstate")) {
			/* a module compiled in has neither */
			builtin_image = true;
			strv_addf(&l->evidence, "/sys/module/hv_vmbus has no initstate: hv_vmbus is compiled into the kernel");
		}
		e = groot_value(g, r, "/sys/module/hv_vmbus/version", &val);
		if (!e && *val) {
			l->hv_vmbus_version = val;
			l->hv_vmbus_version_source = xstrdup("/sys/module/hv_vmbus/version");
		} else {
			free(val);
		}
		val = NULL;
	}

	/* the hv_vmbus modprobe would load, or the kernel has built in */
	e = modules_builtin_has(g, r, "hv_vmbus");
	if (e == 1) {
		builtin_list = 1;
		strv_addf(&l->evidence, "%s/modules.builtin lists hv_vmbus: compiled into the kernel", mdir);
	}
	e = modules_dep_file(g, r, "hv_vmbus", &file);
	if (!e) {
		in_tree_file = !out_of_tree_path(file);
		l->hv_vmbus_module = xasprintf("%s/%s", mdir, file);
		strv_addf(&l->evidence, "%s/modules.dep: hv_vmbus is %s (%s)", mdir, file,
			  in_tree_file ? "in the kernel's tree" : "out of the kernel's tree");
		if (!l->hv_vmbus_version && !compressed(file)) {
			const char *why = elf_modinfo(r, l->hv_vmbus_module, "version", &val);

			if (why)
				guest_diag(g, l->hv_vmbus_module, "cannot read its modinfo: %s", why);
			else if (val && *val) {
				l->hv_vmbus_version = val;
				val = NULL;
				l->hv_vmbus_version_source = xasprintf("modinfo of %s", l->hv_vmbus_module);
			}
			free(val);
		}
	}

	/* the packages */
	if (packages_from_rpm(g, r))
		packages_from_files(g, r);
	for (size_t i = 0; i < l->npackages; i++)
		if (l->packages[i].evidence)
			strv_addf(&l->evidence, "%s: %s", l->packages[i].name,
				  l->packages[i].evidence);
	kmod_lis = (l->packages[1].installed.known && l->packages[1].installed.v) ||
		   (file && strstr(file, "/" LIS_DIR "/"));

	/* the decision: the running module first, then what would load */
	if (taint_o == 1 || (taint_o == -1 && !builtin_image && in_tree_file == 0)) {
		l->flavour = xstrdup(kmod_lis ? "lis" : "out-of-tree");
	} else if (taint_o == 0 || builtin_image || builtin_list == 1 || in_tree_file == 1) {
		l->flavour = xstrdup("builtin");
	} else {
		l->why = xasprintf("no evidence of which hv_vmbus the kernel uses: %s, and %s",
				   loaded ? "/sys/module/hv_vmbus has no taint" :
				   "hv_vmbus is not loaded",
				   mdir ? "modules.dep and modules.builtin do not list it" :
				   "the kernel release is unknown, so /lib/modules cannot tell");
	}
	free(file);
	free(mdir);
}
