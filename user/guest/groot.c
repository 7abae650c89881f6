// SPDX-License-Identifier: GPL-2.0
/*
 * The one resolver for files under --root (see groot.h). It walks the
 * path a component at a time with fstatat() on the root's descriptor,
 * follows each link itself (absolute targets from the root, ".." never
 * above it) and opens the link-free result relative to the root with
 * O_NOFOLLOW, so no link the tree holds is followed by the kernel.
 *
 * Opening a file is the common case (10,000 devices under --root are
 * 40,000 opens), and the walk costs a system call per component: where
 * the kernel has openat2() (Linux 5.6), RESOLVE_IN_ROOT gives the same
 * answer in one call (absolute links and ".." stay below the root's
 * descriptor), and the walk serves the rest and older kernels.
 *
 * Below the resolver, what every collector shares (guest.h): a value read
 * under the root, the warnings (guest_diag) and the module lists.
 */
#include "groot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "guest.h"
#include "util.h"

int groot_open_root(struct groot *r, const char *root, char **dir)
{
	size_t len = strlen(root);
	char *d = xstrdup(root);

	while (len > 0 && d[len - 1] == '/')
		d[--len] = '\0';	/* "/" becomes "" */
	r->dir = d;
	r->live = !*d;
	r->fd = open(*d ? d : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;

		free(d);
		r->dir = NULL;
		return -e;
	}
	*dir = d;
	return 0;
}

void groot_close(struct groot *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static char *readlink_alloc(int dirfd, const char *path)
{
	size_t cap = 256;

	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t n = readlinkat(dirfd, path, buf, cap);

		if (n < 0) {
			int e = errno;

			free(buf);
			errno = e;
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (cap >= PATH_MAX) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		cap *= 2;
	}
}

/* a growing path */
struct pbuf {
	char *s;
	size_t len, cap;
};

static void pb_set(struct pbuf *b, const char *s, size_t n)
{
	if (n + 1 > b->cap) {
		b->cap = (n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s, s, n);
	b->s[n] = '\0';
	b->len = n;
}

/* b += "/" + the len bytes at p */
static void pb_add_component(struct pbuf *b, const char *p, size_t len)
{
	if (b->len + len + 2 > b->cap) {
		b->cap = (b->len + len + 2) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = '/';
	memcpy(b->s + b->len, p, len);
	b->len += len;
	b->s[b->len] = '\0';
}

/* b = t + "/" + what b holds from pos on */
static void pb_splice(struct pbuf *b, size_t pos, const char *t)
{
	size_t tl = strlen(t), rl = strlen(b->s + pos);
	char *n = xmalloc(tl + rl + 2);

	/* no "/" after a link that ends the path: a file is not "file/" */
	memcpy(n, t, tl);
	n[tl] = '/';
	memcpy(n + tl + (rl ? 1 : 0), b->s + pos, rl + 1);
	free(b->s);
	b->s = n;
	b->len = tl + rl + (rl ? 1 : 0);
	b->cap = b->len + 1;
}

/*
 * done: resolved so far (link-free, "" for the root); rest: still to walk.
 * The links' targets are pushed in front of rest.
 */
static char *resolve(const struct groot *r, const char *base, const char *path)
{
	struct pbuf done = { 0 }, rest = { 0 }, tmp = { 0 };
	size_t pos = 0;
	int links = 0, e = 0;

	pb_set(&done, base, strlen(base));
	if (done.len == 1 && done.s[0] == '/')
		pb_set(&done, "", 0);
	pb_set(&rest, path, strlen(path));
	for (;;) {
		const char *p = rest.s + pos, *end;
		struct stat st;
		size_t len, keep;
		char *t;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		pos = (size_t)(p - rest.s) + len;
		if (len > NAME_MAX) {
			e = ENAMETOOLONG;
			break;
		}
		if (len == 1 && p[0] == '.')
			continue;
		if (len == 2 && p[0] == '.' && p[1] == '.') {	/* never above the root */
			char *s = strrchr(done.s, '/');

			if (s) {
				*s = '\0';
				done.len = (size_t)(s - done.s);
			}
			continue;
		}
		keep = done.len;
		pb_set(&tmp, done.s, done.len);
		done.len = keep;
		pb_add_component(&done, p, len);
		if (done.len >= PATH_MAX) {
			e = ENAMETOOLONG;
			break;
		}
		if (fstatat(r->fd, done.s + 1, &st, AT_SYMLINK_NOFOLLOW)) {
			e = errno;
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			/* "file/x", "file/.." and "file/" name nothing: as the kernel */
			if (end && !S_ISDIR(st.st_mode)) {
				e = ENOTDIR;
				break;
			}
			continue;
		}
		if (++links > 40) {
			e = ELOOP;
			break;
		}
		t = readlink_alloc(r->fd, done.s + 1);
		if (!t) {
			e = errno;
			break;
		}
		/* back to the link's directory, or to the root */
		if (t[0] == '/')
			pb_set(&done, "", 0);
		else
			pb_set(&done, tmp.s, keep);
		/* rest = target + what followed the link */
		pb_splice(&rest, pos, t);
		pos = 0;
		free(t);
		if (rest.len >= 4 * PATH_MAX) {
			e = ENAMETOOLONG;
			break;
		}
	}
	free(rest.s);
	free(tmp.s);
	if (e) {
		free(done.s);
		errno = e;
		return NULL;
	}
	if (!done.len)
		pb_set(&done, "/", 1);
	return done.s;
}

char *groot_resolve(const struct groot *r, const char *path)
{
	return resolve(r, "", path);
}

char *groot_resolve_at(const struct groot *r, const char *base, const char *rel)
{
	return resolve(r, base, rel);
}

/* a resolved path, relative to the root's descriptor */
static const char *at(const char *res)
{
	return strcmp(res, "/") ? res + 1 : ".";
}

int groot_open(const struct groot *r, const char *path)
{
	return groot_open_at(r, "", path);
}

/*
 * base/rel opened by the kernel under the root (see the top): the
 * descriptor, -errno, or -ENOSYS when the caller must walk the path
 * itself: openat2() is missing (then never tried again), refused (a
 * seccomp filter or an LSM may say EPERM), or kept saying EAGAIN, which
 * RESOLVE_IN_ROOT returns for a ".." while anything on the system is
 * renamed or mounted (openat2(2): retry).
 * RESOLVE_NO_MAGICLINKS: a tree's /proc/self/fd/0 is never the caller's.
 */
static int open_in_root(const struct groot *r, const char *base, const char *rel)
{
#ifdef SYS_openat2
	static bool unavailable;
	static int disabled = -1;	/* HVCAPS_NO_OPENAT2: the walk only (tests) */
	struct open_how how = {
		/* O_NONBLOCK: opening a FIFO must not wait for a writer */
		.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char *path = xasprintf("%s/%s", base, rel);
	const char *p = path + strspn(path, "/");
	long fd;
	int e;

	if (disabled < 0)
		disabled = getenv("HVCAPS_NO_OPENAT2") != NULL;
	if (unavailable || disabled) {
		free(path);
		return -ENOSYS;
	}
	for (int tries = 0; tries < 8; tries++) {
		fd = syscall(SYS_openat2, r->fd, *p ? p : ".", &how, sizeof(how));
		e = errno;
		if (fd >= 0 || e != EAGAIN)
			break;
	}
	free(path);
	if (fd >= 0)
		return (int)fd;
	if (e == ENOSYS || e == E2BIG)
		unavailable = true;
	if (e == ENOSYS || e == E2BIG || e == EPERM || e == EAGAIN)
		return -ENOSYS;
	return -e;
#else
	(void)r;
	(void)base;
	(void)rel;
	return -ENOSYS;
#endif
}

int groot_open_at(const struct groot *r, const char *base, const char *rel)
{
	struct stat st;
	char *res;
	int fd, e;

	fd = open_in_root(r, base, rel);
	if (fd == -ENOSYS) {
		res = resolve(r, base, rel);
		if (!res)
			return -errno;
		/* O_NONBLOCK: opening a FIFO must not wait for a writer */
		fd = openat(r->fd, at(res), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		e = errno;
		free(res);
		if (fd < 0)
			return -e;
	} else if (fd < 0) {
		return fd;
	}
	if (fstat(fd, &st)) {
		e = errno;
		close(fd);
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -E_NOTREG;
	}
	return fd;
}

int groot_read(const struct groot *r, const char *path, char **out)
{
	return groot_read_at(r, "", path, out);
}

int groot_read_at(const struct groot *r, const char *base, const char *rel, char **out)
{
	int fd = groot_open_at(r, base, rel);

	*out = NULL;
	if (fd < 0)
		return fd;
	return read_text_fd(fd, out);	/* closes fd */
}

ssize_t groot_read_bytes(const struct groot *r, const char *path, void *buf,
			 size_t cap)
{
	int fd = groot_open(r, path), e;
	size_t len = 0;

	if (fd < 0)
		return fd;
	while (len < cap) {
		ssize_t n = read(fd, (char *)buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return (ssize_t)len;
}

FILE *groot_fopen(const struct groot *r, const char *path)
{
	int fd = groot_open(r, path);
	FILE *f;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return f;
}

int groot_readlink(const struct groot *r, const char *path, char **target)
{
	const char *slash = strrchr(path, '/');
	char *parent, *res, *rel;
	int e = 0;

	*target = NULL;
	if (!slash || !slash[1])
		return -EINVAL;
	parent = xasprintf("%.*s", (int)(slash - path), path);
	res = groot_resolve(r, *parent ? parent : "/");
	free(parent);
	if (!res)
		return -errno;
	rel = xasprintf("%s/%s", strcmp(res, "/") ? res : "", slash + 1);
	free(res);
	*target = readlink_alloc(r->fd, rel + 1);
	if (!*target)
		e = -errno;
	free(rel);
	return e;
}

int groot_link_base(const struct groot *r, const char *path, char **base)
{
	char *t, *b;
	size_t n;
	int e = groot_readlink(r, path, &t);

	*base = NULL;
	if (e)
		return e;
	n = strlen(t);
	while (n > 1 && t[n - 1] == '/')
		t[--n] = '\0';
	b = strrchr(t, '/');
	b = b ? b + 1 : t;
	if (!*b) {
		free(t);
		return -EINVAL;
	}
	*base = xstrdup(b);
	free(t);
	return 0;
}

DIR *groot_opendir(const struct groot *r, const char *path)
{
	char *res = groot_resolve(r, path);
	DIR *d;
	int fd, e;

	if (!res)
		return NULL;
	fd = openat(r->fd, at(res), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	e = errno;
	free(res);
	if (fd < 0) {
		errno = e;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

int groot_stat(const struct groot *r, const char *path, struct stat *st)
{
	char *res = groot_resolve(r, path);
	int e = 0;

	if (!res)
		return -errno;
	if (fstatat(r->fd, at(res), st, AT_SYMLINK_NOFOLLOW))
		e = -errno;
	free(res);
	return e;
}

bool groot_exists(const struct groot *r, const char *path)
{
	struct stat st;

	return groot_stat(r, path, &st) == 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int groot_list(const struct groot *r, const char *path, struct strv *names)
{
	DIR *d = groot_opendir(r, path);
	struct dirent *de;

	memset(names, 0, sizeof(*names));
	if (!d)
		return -errno;
	names->known = true;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strv_add(names, xstrdup(de->d_name));
	}
	if (errno) {
		int e = -errno;

		closedir(d);
		return e;
	}
	closedir(d);
	if (names->n)
		qsort(names->v, names->n, sizeof(*names->v), cmp_strp);
	return 0;
}

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
