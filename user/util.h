/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by every part of the hvcaps CLI: error reporting,
 * allocation that never returns NULL, whole-file reads, colours.
 */
#ifndef HVCAPS_UTIL_H
#define HVCAPS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes (see hvcaps(8)). 1 is reserved for future use. */
#define EXIT_OK		0
#define EXIT_RESERVED	1
#define EXIT_ERROR	2

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* "hvcaps: <message>\n" on stderr. */
void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Read a whole (small, sysfs-sized: at most 1 MiB) file into a
 * NUL-terminated buffer. Returns 0, or -errno with *out NULL (-EFBIG when
 * larger). A file containing a NUL byte is rejected with -EILSEQ: no sysfs
 * attribute we read has one. read_text_file() opens the file as cat does
 * (a FIFO blocks until written): for the files the user names; files under
 * --root are read with groot_read().
 */
int read_text_file(const char *path, char **out);
/* The same from an open descriptor, which it closes. */
int read_text_fd(int fd, char **out);

/*
 * A file under --root that is not a regular file (a FIFO, socket or
 * device node): an error code of our own, above the system's.
 */
#define E_NOTREG 4096
/* strerror(), knowing E_NOTREG; e positive or negative. */
const char *errstr(int e);
/*
 * What to do about the error e reading a file of a --root tree: "check
 * the permissions, or run as root" only for a permission error.
 */
const char *read_hint(int e);

/*
 * Text from files hvcaps does not control (a guest's files, a snapshot),
 * made safe for a terminal and for JSON: every control character (C0
 * including newline and tab, DEL, and the C1 range U+0080-U+009F, which
 * starts CSI and OSC sequences too) and every byte that is not part of
 * valid UTF-8 becomes the four characters \xHH. Other text, including a
 * backslash, is unchanged, so the GUIDs and names the kernel writes are
 * printed byte for byte. text_safe() returns a new string; text_sanitize()
 * replaces *s (owned) when it needs escaping.
 */
char *text_safe(const char *s);
bool text_is_safe(const char *s);
void text_sanitize(char **s);

/* Strip leading and trailing whitespace in place; returns s. */
char *strip(char *s);

/* Parse a whole string as an unsigned decimal (no sign, no spaces). */
bool parse_u32(const char *s, uint32_t *v);
/* Parse a whole string as a signed decimal. */
bool parse_s32(const char *s, int32_t *v);
/* Parse "0x"-prefixed (or bare) hexadecimal into a u16. */
bool parse_hex_u16(const char *s, uint16_t *v);

/* Colours for human output: empty strings unless enabled. */
struct colors {
	const char *bold, *dim, *warn, *ok, *reset;
};
extern struct colors C;
/* When to colour: --color=auto|always|never. */
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
/*
 * Set C by the --color given (colors_set(), auto until then): auto enables
 * colours when stdout is a terminal, NO_COLOR is unset (or empty) and TERM
 * is not dumb; always enables them whatever those say; never disables them.
 */
void colors_init(void);
void colors_set(enum color_when when);

#endif
