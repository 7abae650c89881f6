// SPDX-License-Identifier: GPL-2.0
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct colors C = { "", "", "", "", "" };

void err(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int r;

	fflush(stdout);
	va_start(ap, fmt);
	r = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0) {
		fputs("hvcaps: out of memory\n", stderr);
		return;
	}
	/* messages quote file names and contents: no control characters */
	text_sanitize(&msg);
	fprintf(stderr, "hvcaps: %s\n", msg);
	free(msg);
}

/* the length of the valid, printable UTF-8 sequence at s; 0 if none */
static size_t safe_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;	/* control, DEL, continuation, overlong, > U+10FFFF */
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

bool text_is_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = safe_len(p);

		if (!n)
			return false;
		p += n;
	}
	return true;
}

char *text_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *o = xmalloc(strlen(s) * 4 + 1), *q = o;

	while (*p) {
		size_t n = safe_len(p);

		if (n) {
			memcpy(q, p, n);
			q += n;
			p += n;
		} else {
			q += sprintf(q, "\\x%02x", *p++);
		}
	}
	*q = '\0';
	return o;
}

void text_sanitize(char **s)
{
	char *t;

	if (!*s || text_is_safe(*s))
		return;
	t = text_safe(*s);
	free(*s);
	*s = t;
}

static void oom(void)
{
	err("out of memory; free some memory and try again");
	exit(EXIT_ERROR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		oom();
	return p;
}

int read_text_file(const char *path, char **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0)
		return -errno;
	return read_text_fd(fd, out);
}

int read_text_fd(int fd, char **out)
{
	size_t len = 0, cap = 4096;
	char *buf;
	int e;

	*out = NULL;
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t r = read(fd, buf + len, cap - len);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap) {
			if (cap >= (1u << 20)) {
				e = -EFBIG;
				goto fail;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	close(fd);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		return -EILSEQ;
	}
	*out = buf;
	return 0;
fail:
	close(fd);
	free(buf);
	return e;
}

const char *errstr(int e)
{
	if (e < 0)
		e = -e;
	if (e == E_NOTREG)
		return "not a regular file (a FIFO, socket or device node)";
	return strerror(e);
}

const char *read_hint(int e)
{
	if (e < 0)
		e = -e;
	switch (e) {
	case EACCES:
	case EPERM:
		return "check the permissions, or run as root";
	case ENOTDIR:
		return "a component of the path is not a directory: check the --root tree";
	case EISDIR:
	case E_NOTREG:
		return "the kernel makes it a regular file: check the --root tree";
	case EFBIG:
		return "larger than 1 MiB, which no file hvcaps reads there is: check the --root tree";
	case ELOOP:
		return "the symbolic links loop: check the --root tree";
	case ENAMETOOLONG:
		return "the symbolic links make the path too long: check the --root tree";
	default:
		return "check the file or the --root tree";
	}
}

char *strip(char *s)
{
	char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	return s;
}

bool parse_u32(const char *s, uint32_t *v)
{
	unsigned long long x = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		x = x * 10 + (unsigned)(*s - '0');
		if (x > UINT32_MAX)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

bool parse_s32(const char *s, int32_t *v)
{
	bool neg = *s == '-';
	uint32_t u;

	if (!parse_u32(s + neg, &u))
		return false;
	if (u > (uint32_t)INT32_MAX + neg)
		return false;
	*v = neg ? (int32_t)(-(int64_t)u) : (int32_t)u;
	return true;
}

bool parse_hex_u16(const char *s, uint16_t *v)
{
	unsigned x = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!isxdigit((unsigned char)*s))
			return false;
		x = x * 16 + (unsigned)(isdigit((unsigned char)*s) ?
			*s - '0' : tolower((unsigned char)*s) - 'a' + 10);
		if (x > UINT16_MAX)
			return false;
	}
	*v = (uint16_t)x;
	return true;
}

static enum color_when color_when = COLOR_AUTO;

void colors_set(enum color_when when)
{
	color_when = when;
	colors_init();
}

/* auto: a terminal, no NO_COLOR (https://no-color.org: set and not empty), not TERM=dumb */
static bool colors_auto(void)
{
	const char *term = getenv("TERM"), *no = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

void colors_init(void)
{
	static const struct colors off = { "", "", "", "", "" };
	static const struct colors on = { "\033[1m", "\033[2m", "\033[33m", "\033[32m", "\033[0m" };

	if (color_when == COLOR_ALWAYS || (color_when == COLOR_AUTO && colors_auto()))
		C = on;
	else
		C = off;
}
