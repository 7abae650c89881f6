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
 */
#include "groot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

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
		if (done.len + len + 2 > done.cap) {
			done.cap = (done.len + len + 2) * 2;
			done.s = xrealloc(done.s, done.cap);
		}
		done.s[done.len++] = '/';
		memcpy(done.s + done.len, p, len);
		done.len += len;
		done.s[done.len] = '\0';
		if (done.len >= PATH_MAX) {
			e = ENAMETOOLONG;
			break;
		}
		if (fstatat(r->fd, done.s + 1, &st, AT_SYMLINK_NOFOLLOW)) {
			e = errno;
			break;
		}
		if (!S_ISLNK(st.st_mode))
			continue;
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
		{
			size_t tl = strlen(t), rl = strlen(rest.s + pos);
			char *n = xmalloc(tl + rl + 2);

			memcpy(n, t, tl);
			n[tl] = '/';
			memcpy(n + tl + 1, rest.s + pos, rl + 1);
			free(rest.s);
			rest.s = n;
			rest.len = tl + rl + 1;
			rest.cap = rest.len + 1;
			pos = 0;
			if (rest.len >= 4 * PATH_MAX) {
				free(t);
				e = ENAMETOOLONG;
				break;
			}
		}
		free(t);
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
 * descriptor, -errno, or -ENOSYS where openat2() is missing or refused (a
 * seccomp filter may say EPERM): then the caller walks the path itself.
 * RESOLVE_NO_MAGICLINKS: a tree's /proc/self/fd/0 is never the caller's.
 */
static int open_in_root(const struct groot *r, const char *base, const char *rel)
{
#ifdef SYS_openat2
	static bool unavailable;
	struct open_how how = {
		/* O_NONBLOCK: opening a FIFO must not wait for a writer */
		.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char *path = xasprintf("%s/%s", base, rel);
	const char *p = path + strspn(path, "/");
	long fd;
	int e;

	if (unavailable) {
		free(path);
		return -ENOSYS;
	}
	fd = syscall(SYS_openat2, r->fd, *p ? p : ".", &how, sizeof(how));
	e = errno;
	free(path);
	if (fd >= 0)
		return (int)fd;
	if (e == ENOSYS || e == EPERM || e == E2BIG) {
		unavailable = true;
		return -ENOSYS;
	}
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

	fd = getenv("HVCAPS_NO_OPENAT2") ? -ENOSYS : open_in_root(r, base, rel);
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
