// SPDX-License-Identifier: GPL-2.0
/*
 * Text output that fits the terminal: one place decides the width and how
 * a line is wrapped, for every command (table.h).
 *
 * Only the last, free-text column of a table wraps (evidence, remarks,
 * notes): the fixed columns before it (ids, states, verdicts) are printed
 * whole, so that a reader or a script never finds an id cut. The text is
 * broken at its blanks only: a \xHH of the escaper and a UTF-8 sequence
 * are never split, and the words read the same as in full lines.
 */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/ioctl.h>
#include <unistd.h>

static bool wide;
static int width = -1;	/* -1: not read yet */

void table_set_wide(bool w)
{
	wide = w;
	width = -1;
}

/* COLUMNS as a positive integer (as POSIX defines it), or 0 */
static int env_columns(void)
{
	const char *s = getenv("COLUMNS");
	char *end;
	long v;

	if (!s || !*s || *s < '0' || *s > '9')
		return 0;
	v = strtol(s, &end, 10);
	return *end || v <= 0 || v > 100000 ? 0 : (int)v;
}

int table_width(void)
{
	struct winsize ws;

	if (width >= 0)
		return width;
	width = 0;
	if (wide)
		return width;
	width = env_columns();
	if (!width && isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws))
		width = ws.ws_col;
	return width;
}

/* The length of the SGR sequence ESC [ params m at s, or 0. */
static size_t sgr_len(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return i < n && s[i] == 'm' ? i + 1 : 0;
}

/* The bytes of s (n long) that make its first cols columns (table_cols). */
static size_t bytes_of_cols(const char *s, size_t n, size_t cols)
{
	size_t i = 0, c = 0;

	while (i < n && c < cols) {
		size_t sgr = sgr_len(s + i, n - i);

		if (sgr) {
			i += sgr;
			continue;
		}
		c++;
		/* the whole code point: its continuation bytes 10xxxxxx */
		for (i++; i < n && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	}
	return i;
}

size_t table_cols(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++) {
		size_t sgr = sgr_len(s + i, n - i);

		if (sgr) {
			i += sgr - 1;
			continue;
		}
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	}
	return c;
}

/* The columns the free text of a row has after indent columns. */
static size_t text_room(int w, size_t indent)
{
	return (size_t)w >= indent + TABLE_MIN_TEXT ? (size_t)w - indent : TABLE_MIN_TEXT;
}

void table_row(const char *prefix, const char *text)
{
	int w = table_width();
	size_t indent = table_cols(prefix, strlen(prefix)), room, col = 0;
	bool line_empty = true, begin = true;
	const char *p = text;

	fputs(prefix, stdout);
	if (!w) {
		puts(text);
		return;
	}
	room = text_room(w, indent);
	while (*p) {
		size_t gap = strspn(p, " "), len = strcspn(p + gap, " "), wc;

		if (!len)
			break;	/* blanks at the end */
		wc = table_cols(p + gap, len);
		if (!line_empty && col + gap + wc > room) {
			printf("\n%*s", (int)indent, "");
			col = 0;
			line_empty = true;
		}
		if (!line_empty || begin) {
			fwrite(p, 1, gap, stdout);
			col += gap;
		}
		fwrite(p + gap, 1, len, stdout);
		col += wc;
		line_empty = false;
		begin = false;
		p += gap + len;
	}
	putchar('\n');
}

void table_prose(const char *prefix, const char *text, int indent)
{
	int w = table_width();
	size_t limit = w ? (size_t)w : TABLE_PROSE_FULL;
	size_t col = table_cols(prefix, strlen(prefix));
	bool line_has_word = false, first_line = true;
	const char *p = text;

	if (limit < (size_t)indent + TABLE_MIN_TEXT)
		limit = (size_t)indent + TABLE_MIN_TEXT;
	fputs(prefix, stdout);
	while (*p) {
		size_t len, wc;

		p += strspn(p, " ");
		if (!*p)
			break;
		len = strcspn(p, " ");
		wc = table_cols(p, len);
		if (line_has_word && col + 1 + wc > limit) {
			printf("\n%*s", indent, "");
			col = (size_t)indent;
			line_has_word = false;
			first_line = false;
		}
		if (line_has_word || (first_line && *prefix)) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, len, stdout);
		col += wc;
		p += len;
		line_has_word = true;
	}
	putchar('\n');
}

/* ---- lines printed by printf, fitted afterwards ---- */

/* table_row() of line, its first cut bytes the prefix */
static void table_row_split(char *line, size_t cut)
{
	char *text = strdup(line + cut);

	if (!text) {
		puts(line);	/* no memory: the line as it was */
		return;
	}
	line[cut] = '\0';
	table_row(line, text);
	free(text);
}

static struct {
	FILE *saved;	/* stdout while it is the buffer */
	char *buf;
	size_t len;
} fit;

void table_fit_begin(void)
{
	FILE *f;

	if (!table_width() || fit.saved)
		return;
	fflush(stdout);
	f = open_memstream(&fit.buf, &fit.len);
	if (!f)
		return;	/* out of memory: full lines, nothing lost */
	fit.saved = stdout;
	stdout = f;
}

void table_fit_end(int indent)
{
	const char *p, *end;

	if (!fit.saved)
		return;
	fclose(stdout);
	stdout = fit.saved;
	fit.saved = NULL;
	for (p = fit.buf, end = fit.buf + fit.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), cut;
		char *line;

		if (!nl) {	/* no newline at the end: as it was */
			fwrite(p, 1, n, stdout);
			break;
		}
		line = strndup(p, n);
		if (!line || table_cols(line, n) <= (size_t)table_width()) {
			fwrite(p, 1, n + 1, stdout);	/* it fits (or no memory: as it was) */
		} else {
			cut = bytes_of_cols(line, n, (size_t)indent);
			table_row_split(line, cut);
		}
		free(line);
		p = nl + 1;
	}
	free(fit.buf);
	fit.buf = NULL;
	fit.len = 0;
}
