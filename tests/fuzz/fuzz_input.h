/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz input as a file: the readers under test take a path (as the
 * command does), so each input is written to one memfd, reused, and named
 * /proc/self/fd/N.
 */
#ifndef HVCAPS_FUZZ_INPUT_H
#define HVCAPS_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("hvcaps-fuzz", MFD_CLOEXEC);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size) {
		perror("memfd write");
		abort();
	}
	return path;
}

/* a NUL-terminated copy of the input */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);

	if (!t)
		abort();
	for (size_t i = 0; i < size; i++)
		t[i] = (char)data[i];
	t[size] = '\0';
	return t;
}

#endif
