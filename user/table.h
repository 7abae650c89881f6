/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text output that fits the terminal (table.c): the width, and the
 * printers of every table and paragraph the commands write in text. Base
 * layer beside util.c: it calls only libc.
 *
 * The width: none (full lines) with --wide; else COLUMNS when it is a
 * positive integer; else the terminal's (TIOCGWINSZ) when stdout is one;
 * else none, so that a pipe or a file gets full lines, byte for byte the
 * same whatever the terminal.
 */
#ifndef HVCAPS_TABLE_H
#define HVCAPS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

/* The last column of a table is never narrower: below, lines overflow. */
#define TABLE_MIN_TEXT	20
/* Paragraphs wrap here when lines are full (and always did). */
#define TABLE_PROSE_FULL	78

/* --wide: full lines whatever the terminal. */
void table_set_wide(bool wide);
/* The width lines fit, or 0 for full lines. Read once, at the first call. */
int table_width(void);

/*
 * Columns a string takes on the terminal: code points, not bytes;
 * an SGR sequence (ESC [ ... m, our colours) takes none.
 */
size_t table_cols(const char *s, size_t n);

/*
 * One row: prefix (the fixed columns, printed as they are) then text, the
 * free last column, wrapped at its blanks so that each line fits the width;
 * a continuation line is indented to the column where text starts. A word
 * longer than the column is not cut: it overflows on a line of its own.
 * Full lines: prefix, text, newline.
 */
void table_row(const char *prefix, const char *text);

/*
 * A paragraph: prefix, then the words of text (runs of blanks become
 * one), each after a blank, wrapped at the width (at 78 columns when lines
 * are full), continuation lines indented by indent.
 */
void table_prose(const char *prefix, const char *text, int indent);

/*
 * Lines printed with printf between the two: stdout goes to a buffer, and
 * table_fit_end() prints each line as table_row() would with its first
 * indent columns as the prefix. Nothing is buffered when lines are full.
 */
void table_fit_begin(void);
void table_fit_end(int indent);

#endif
