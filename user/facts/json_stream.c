// SPDX-License-Identifier: GPL-2.0
/*
 * One large array of a JSON text, read one element at a time: see
 * json_stream.h for why. The scanner below only skips: strings (with
 * their escapes) and the nesting of objects and arrays. Whenever the text
 * is not plainly what it expects it gives up, and the caller lets json-c
 * read (and judge) the whole document.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json_stream.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at '"': past the closing quote, or NULL */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* past one value (its nesting balanced, not checked further), or NULL */
static const char *skip_value(const char *p, const char *end)
{
	size_t depth = 0;

	do {
		if (p >= end)
			return NULL;
		if (*p == '"') {
			p = skip_string(p, end);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '\'' || *p == '/') {
			/*
			 * json-c (not strict) also takes 'strings' and
			 * comments, whose brackets this scanner would count:
			 * give up, json-c reads the whole document.
			 */
			return NULL;
		}
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			if (!depth)
				return NULL;
			depth--;
		} else if (!depth && (*p == ',' || *p == ':')) {
			return NULL;
		} else if (!depth) {
			/* a number or literal: up to a delimiter */
			while (p < end && !strchr(",:]} \t\r\n", *p))
				p++;
			return p;
		}
		p++;
	} while (depth);
	return p;
}

/*
 * obj at '{': the value of key, given exactly once and without escapes in
 * any key of obj; *vend its end. NULL otherwise.
 */
static const char *member(const char *obj, const char *end, const char *key,
			  const char **vend)
{
	const char *p = skip_ws(obj + 1, end), *found = NULL, *k, *v;
	size_t klen = strlen(key);
	bool match;

	if (p < end && *p == '}')
		return NULL;
	for (;;) {
		if (p >= end || *p != '"')
			return NULL;
		k = p + 1;
		p = skip_string(p, end);
		if (!p || memchr(k, '\\', (size_t)(p - 1 - k)))
			return NULL;
		match = (size_t)(p - 1 - k) == klen && !memcmp(k, key, klen);
		p = skip_ws(p, end);
		if (p >= end || *p != ':')
			return NULL;
		v = skip_ws(p + 1, end);
		p = skip_value(v, end);
		if (!p)
			return NULL;
		if (match) {
			if (found)
				return NULL;	/* twice: json-c keeps the last */
			found = v;
			*vend = p;
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		return p < end && *p == '}' ? found : NULL;
	}
}

int js_take_array(char *doc, size_t len, const char *const *path, struct js_array *a)
{
	const char *end = doc + len, *v = skip_ws(doc, end), *vend = NULL;
	int depth = 1;	/* the array's, in the document: one per key, then its own */

	memset(a, 0, sizeof(*a));
	for (; *path; path++, depth++) {
		if (v >= end || *v != '{')
			return 0;
		v = member(v, end, *path, &vend);
		if (!v)
			return 0;
	}
	if (*v != '[' || vend - v < 2)
		return 0;
	a->len = (size_t)(vend - v);
	a->offset = (size_t)(v - doc);
	a->text = malloc(a->len + 1);
	/* json-c's nesting limit counts from the document, not the element */
	a->tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH - depth);
	if (!a->text || !a->tok) {
		js_array_free(a);
		return -1;
	}
	memcpy(a->text, v, a->len);
	a->text[a->len] = '\0';
	/* "[ ... ]" blank but for the same line breaks: the rest reads as before */
	for (size_t i = a->offset + 1; i < a->offset + a->len - 1; i++)
		if (doc[i] != '\n')
			doc[i] = ' ';
	a->pos = 1;
	a->first = true;
	return 1;
}

static size_t parse_end(struct json_tokener *tok)
{
#if defined(JSON_C_MAJOR_VERSION) && (JSON_C_MAJOR_VERSION > 0 || JSON_C_MINOR_VERSION >= 15)
	return json_tokener_get_parse_end(tok);
#else
	return (size_t)tok->char_offset;
#endif
}

int js_next(struct js_array *a, json_object **o, size_t *error_offset, const char **what)
{
	const char *end = a->text + a->len, *p = skip_ws(a->text + a->pos, end);
	enum json_tokener_error je;

	*o = NULL;
	if (p < end && *p == ']')
		return 0;
	if (!a->first) {
		if (p >= end || *p != ',') {
			*error_offset = a->offset + (size_t)(p - a->text);
			*what = "expected ',' or ']' after an array element";
			return -1;
		}
		p = skip_ws(p + 1, end);
		if (p < end && *p == ']')
			return 0;	/* a trailing comma: json-c takes it too */
	}
	a->first = false;
	json_tokener_reset(a->tok);
	*o = json_tokener_parse_ex(a->tok, p, (int)(end - p));
	je = json_tokener_get_error(a->tok);
	if (je != json_tokener_success) {
		json_object_put(*o);
		*o = NULL;
		*error_offset = a->offset + (size_t)(p - a->text) + parse_end(a->tok);
		*what = json_tokener_error_desc(je);
		return -1;
	}
	a->pos = (size_t)(p - a->text) + parse_end(a->tok);
	return 1;
}

void js_array_free(struct js_array *a)
{
	free(a->text);
	if (a->tok)
		json_tokener_free(a->tok);
	memset(a, 0, sizeof(*a));
}
