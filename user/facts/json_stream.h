/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One large array of a JSON text, read one element at a time.
 *
 * json-c builds the whole tree of a document, about ten times the size of
 * a compact text: a snapshot of 50,000 devices needed 220 MB. Issue 11
 * asks for memory within a small multiple of the file. So the array at a
 * given path (a snapshot's kernel_facts.devices) is found by a scanner
 * that only skips JSON, moved out of the text (the text keeps its "[" and "]"
 * and its line breaks, so json-c reads the rest as before and line numbers
 * stay right), and its elements are parsed by json-c one by one.
 *
 * The scanner never judges the text: when anything is not as expected
 * (malformed JSON, a key given twice, the value not an array) it finds
 * nothing and the caller parses the whole document, whose errors json-c
 * reports as before.
 */
#ifndef HVCAPS_JSON_STREAM_H
#define HVCAPS_JSON_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

struct js_array {
	char *text;	/* the array's text, "[" to "]", NUL-terminated */
	size_t len;
	size_t offset;	/* where text began in the document */
	size_t pos;	/* where the scan goes on in text */
	bool first;	/* no element read yet */
	struct json_tokener *tok;
};

/*
 * Find the array at path (keys of nested objects, ending with NULL) in
 * doc[0..len), copy it into a (freed by js_array_free()) and blank it in
 * doc (but for "[", "]" and line breaks). 1 when taken, 0 when not (doc
 * unchanged), -1 out of memory.
 */
int js_take_array(char *doc, size_t len, const char *const *path, struct js_array *a);
/*
 * The next element: 1 and *o (the caller puts it; NULL for a JSON null),
 * 0 at the end, -1 on a
 * syntax error with *error_offset its offset in the document and *what
 * json-c's description.
 */
int js_next(struct js_array *a, json_object **o, size_t *error_offset, const char **what);
void js_array_free(struct js_array *a);

#endif
