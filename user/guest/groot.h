/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every file read under --root goes through here: paths are resolved as if
 * the root directory were "/" (symbolic links, absolute or relative, and
 * "..", never lead out of it), and only regular files are read, opened
 * non-blocking, so that a FIFO, socket or device node in a customer's tree
 * is reported (E_NOTREG) instead of blocking or reading a terminal.
 *
 * Paths given to these functions are absolute in the guest's terms
 * ("/sys/bus/vmbus/devices/x/id"), whatever the root.
 */
#ifndef HVCAPS_GROOT_H
#define HVCAPS_GROOT_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "fjson.h"

struct groot {
	const char *dir;	/* "" for "/", else without a trailing slash */
	bool live;		/* the running system's own "/" */
	int fd;			/* the root directory */
};

/*
 * Open root ("/" or a directory): 0, or -errno. *dir (owned) is root
 * without its trailing slashes ("" for "/"), r->dir points into it.
 */
int groot_open_root(struct groot *r, const char *root, char **dir);
void groot_close(struct groot *r);

/*
 * Resolve path under the root: every symbolic link is followed as if the
 * root were "/". Returns the path without links ("/sys/devices/..."), or
 * NULL with errno set (ELOOP after 40 links).
 */
char *groot_resolve(const struct groot *r, const char *path);
/* The same for rel below base, a path groot_resolve() returned. */
char *groot_resolve_at(const struct groot *r, const char *base, const char *rel);

/* Open a regular file for reading: the descriptor, or -errno (-E_NOTREG). */
int groot_open(const struct groot *r, const char *path);
/* Read a small text file (read_text_fd()): 0 or -errno. */
int groot_read(const struct groot *r, const char *path, char **out);
/* The same for rel below base, a path groot_resolve() returned. */
int groot_open_at(const struct groot *r, const char *base, const char *rel);
int groot_read_at(const struct groot *r, const char *base, const char *rel, char **out);
/* Read at most cap bytes of a file, binary: the length, or -errno. */
ssize_t groot_read_bytes(const struct groot *r, const char *path, void *buf,
			 size_t cap);
FILE *groot_fopen(const struct groot *r, const char *path);
/* The target of a symbolic link (its parents resolved): 0 or -errno. */
int groot_readlink(const struct groot *r, const char *path, char **target);
/* The last component of a link's target ("hv_netvsc"): 0 or -errno. */
int groot_link_base(const struct groot *r, const char *path, char **base);
DIR *groot_opendir(const struct groot *r, const char *path);
int groot_stat(const struct groot *r, const char *path, struct stat *st);
bool groot_exists(const struct groot *r, const char *path);
/* Sorted names of a directory, without "." and ".."; -errno on error. */
int groot_list(const struct groot *r, const char *path, struct strv *names);

#endif
