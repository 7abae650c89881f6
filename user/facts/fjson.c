// SPDX-License-Identifier: GPL-2.0
#include "fjson.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

void strv_add(struct strv *s, char *owned)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = owned;
	s->known = true;
}

void strv_addf(struct strv *s, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		p = NULL;
	va_end(ap);
	if (!p) {
		err("out of memory; free some memory and try again");
		exit(EXIT_ERROR);
	}
	strv_add(s, p);
}

bool strv_has(const struct strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return true;
	return false;
}

#define AT(base, off, type) ((type *)((char *)(base) + (off)))
#define CAT(base, off, type) ((const type *)((const char *)(base) + (off)))

static json_object *j_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *fj_to_json(const void *base, const struct fj_field *f)
{
	json_object *o = json_object_new_object();

	for (; f->key; f++) {
		json_object *v = NULL;

		switch (f->type) {
		case FJ_STR:
			v = j_str(*CAT(base, f->off, char *const));
			break;
		case FJ_OBOOL: {
			const struct opt_bool *b = CAT(base, f->off, struct opt_bool);

			v = b->known ? json_object_new_boolean(b->v) : NULL;
			break;
		}
		case FJ_OU32: {
			const struct opt_u32 *u = CAT(base, f->off, struct opt_u32);

			v = u->known ? json_object_new_int64(u->v) : NULL;
			break;
		}
		case FJ_OS32: {
			const struct opt_s32 *s = CAT(base, f->off, struct opt_s32);

			v = s->known ? json_object_new_int64(s->v) : NULL;
			break;
		}
		case FJ_OU64: {
			const struct opt_u64 *u = CAT(base, f->off, struct opt_u64);

			v = u->known && u->v <= INT64_MAX ?
			    json_object_new_int64((int64_t)u->v) : NULL;
			break;
		}
		case FJ_U32:
			v = json_object_new_int64(*CAT(base, f->off, uint32_t));
			break;
		case FJ_BOOL:
			v = json_object_new_boolean(*CAT(base, f->off, bool));
			break;
		case FJ_GUID: {
			char s[GUID_STR_SIZE];

			guid_format(CAT(base, f->off, hv_guid), s);
			v = json_object_new_string(s);
			break;
		}
		case FJ_STRV: {
			const struct strv *sv = CAT(base, f->off, struct strv);

			if (!sv->known)
				break;
			v = json_object_new_array();
			for (size_t i = 0; i < sv->n; i++)
				json_object_array_add(v, json_object_new_string(sv->v[i]));
			break;
		}
		case FJ_ARRAY: {
			const char *p = *CAT(base, f->off, char *const);
			size_t n = *CAT(base, f->count_off, size_t);

			if (f->known_off >= 0 && !*CAT(base, (size_t)f->known_off, bool))
				break;
			v = json_object_new_array();
			for (size_t i = 0; i < n; i++)
				json_object_array_add(v, fj_to_json(p + i * f->elem_size, f->sub));
			break;
		}
		case FJ_OBJECT:
			v = fj_to_json(CAT(base, f->off, char), f->sub);
			break;
		}
		json_object_object_add(o, f->key, v);
	}
	return o;
}

static int bad(char **error, const char *where, const char *key,
	       const char *expected, json_object *v)
{
	const char *got;

	switch (json_object_get_type(v)) {
	case json_type_null: got = "null"; break;
	case json_type_boolean: got = "a boolean"; break;
	case json_type_double: got = "a fractional number"; break;
	case json_type_int: got = "an integer out of range"; break;
	case json_type_object: got = "an object"; break;
	case json_type_array: got = "an array"; break;
	case json_type_string: got = "a string"; break;
	default: got = "something else"; break;
	}
	*error = xasprintf("%s%s%s: expected %s, found %s", where, *where ? "." : "",
			   key, expected, got);
	return -1;
}

/* A JSON string without NUL bytes, copied. */
static int get_string(json_object *v, char **out)
{
	const char *s;

	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	if (strlen(s) != (size_t)json_object_get_string_len(v))
		return -1;
	*out = xstrdup(s);
	return 0;
}

static int get_int(json_object *v, int64_t min, int64_t max, int64_t *out)
{
	int64_t x;

	if (!json_object_is_type(v, json_type_int))
		return -1;
	errno = 0;
	x = json_object_get_int64(v);
	if (errno || x < min || x > max)	/* json-c clamps, sets errno */
		return -1;
	*out = x;
	return 0;
}

/* "where.key", or "key" at the top of the document. */
static char *fj_path(const char *where, const char *key)
{
	return xasprintf("%s%s%s", where, *where ? "." : "", key);
}

/* The string, boolean and GUID fields: one JSON value each, no nesting. */
static int fj_scalar_from_json(json_object *v, void *base, const struct fj_field *f,
			       const char *where, char **error)
{
	switch (f->type) {
	case FJ_STR:
		if (get_string(v, AT(base, f->off, char *)))
			return bad(error, where, f->key, "a string or null", v);
		break;
	case FJ_OBOOL:
		if (!json_object_is_type(v, json_type_boolean))
			return bad(error, where, f->key, "true, false or null", v);
		AT(base, f->off, struct opt_bool)->known = true;
		AT(base, f->off, struct opt_bool)->v = json_object_get_boolean(v);
		break;
	case FJ_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			return bad(error, where, f->key, "true or false", v);
		*AT(base, f->off, bool) = json_object_get_boolean(v);
		break;
	case FJ_GUID: {
		const char *s = json_object_get_string(v);

		if (!json_object_is_type(v, json_type_string) ||
		    !guid_parse(s, AT(base, f->off, hv_guid)))
			return bad(error, where, f->key,
				   "a GUID as \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\"", v);
		break;
	}
	default:
		break;
	}
	return 0;
}

/*
 * The integer fields; each type has its own range, and the error message
 * names it so that a hand-edited snapshot can be fixed.
 */
static int fj_int_from_json(json_object *v, void *base, const struct fj_field *f,
			    const char *where, char **error)
{
	int64_t x;

	switch (f->type) {
	case FJ_OU32:
		if (get_int(v, 0, UINT32_MAX, &x))
			return bad(error, where, f->key,
				   "an integer from 0 to 4294967295, or null", v);
		AT(base, f->off, struct opt_u32)->known = true;
		AT(base, f->off, struct opt_u32)->v = (uint32_t)x;
		break;
	case FJ_U32:
		if (get_int(v, 0, UINT32_MAX, &x))
			return bad(error, where, f->key,
				   "an integer from 0 to 4294967295", v);
		*AT(base, f->off, uint32_t) = (uint32_t)x;
		break;
	case FJ_OS32:
		if (get_int(v, INT32_MIN, INT32_MAX, &x))
			return bad(error, where, f->key, "a 32-bit integer or null", v);
		AT(base, f->off, struct opt_s32)->known = true;
		AT(base, f->off, struct opt_s32)->v = (int32_t)x;
		break;
	case FJ_OU64:
		if (get_int(v, 0, INT64_MAX, &x))
			return bad(error, where, f->key,
				   "a non-negative integer or null", v);
		AT(base, f->off, struct opt_u64)->known = true;
		AT(base, f->off, struct opt_u64)->v = (uint64_t)x;
		break;
	default:
		break;
	}
	return 0;
}

static int fj_strv_from_json(json_object *v, void *base, const struct fj_field *f,
			     const char *where, char **error)
{
	struct strv *sv = AT(base, f->off, struct strv);
	size_t n;

	if (!json_object_is_type(v, json_type_array))
		return bad(error, where, f->key, "an array of strings or null", v);
	sv->known = true;
	n = json_object_array_length(v);
	for (size_t i = 0; i < n; i++) {
		char *s;

		if (get_string(json_object_array_get_idx(v, i), &s)) {
			char *k = xasprintf("%s[%zu]", f->key, i);

			bad(error, where, k, "a string",
			    json_object_array_get_idx(v, i));
			free(k);
			return -1;
		}
		strv_add(sv, s);
	}
	return 0;
}

static int fj_array_from_json(json_object *v, void *base, const struct fj_field *f,
			      const char *where, char **error)
{
	char **pp = AT(base, f->off, char *);
	size_t *count = AT(base, f->count_off, size_t);
	size_t n;

	if (!json_object_is_type(v, json_type_array))
		return bad(error, where, f->key, "an array of objects", v);
	if (f->known_off >= 0)
		*AT(base, (size_t)f->known_off, bool) = true;
	n = json_object_array_length(v);
	*pp = xcalloc(n, f->elem_size);
	for (size_t i = 0; i < n; i++) {
		char *w = xasprintf("%s%s%s[%zu]", where, *where ? "." : "",
				    f->key, i);
		int r;

		*count = i + 1;	/* so fj_free() frees it on error */
		r = fj_from_json(json_object_array_get_idx(v, i),
				 *pp + i * f->elem_size, f->sub, w, error);
		free(w);
		if (r)
			return -1;
	}
	return 0;
}

static int fj_object_from_json(json_object *v, void *base, const struct fj_field *f,
			       const char *where, char **error)
{
	char *w = fj_path(where, f->key);
	int r = fj_from_json(v, AT(base, f->off, char), f->sub, w, error);

	free(w);
	return r ? -1 : 0;
}

/* One present, non-null value into its field. */
static int fj_field_from_json(json_object *v, void *base, const struct fj_field *f,
			      const char *where, char **error)
{
	switch (f->type) {
	case FJ_STR:
	case FJ_OBOOL:
	case FJ_BOOL:
	case FJ_GUID:
		return fj_scalar_from_json(v, base, f, where, error);
	case FJ_OU32:
	case FJ_U32:
	case FJ_OS32:
	case FJ_OU64:
		return fj_int_from_json(v, base, f, where, error);
	case FJ_STRV:
		return fj_strv_from_json(v, base, f, where, error);
	case FJ_ARRAY:
		return fj_array_from_json(v, base, f, where, error);
	case FJ_OBJECT:
		return fj_object_from_json(v, base, f, where, error);
	}
	return 0;
}

/* Only the plain (not opt_*) types have no "unknown" to leave when absent. */
static bool fj_required(const struct fj_field *f)
{
	return f->type == FJ_U32 || f->type == FJ_BOOL || f->type == FJ_GUID;
}

int fj_from_json(json_object *o, void *base, const struct fj_field *f,
		 const char *where, char **error)
{
	if (!json_object_is_type(o, json_type_object)) {
		*error = xasprintf("%s: expected an object", *where ? where : "the document");
		return -1;
	}
	for (; f->key; f++) {
		json_object *v = NULL;
		bool present = json_object_object_get_ex(o, f->key, &v) && v;

		if (!present) {
			if (fj_required(f)) {
				char *k = fj_path(where, f->key);

				*error = xasprintf("%s: missing", k);
				free(k);
				return -1;
			}
			continue;	/* unknown */
		}
		if (fj_field_from_json(v, base, f, where, error))
			return -1;
	}
	return 0;
}

void fj_free(void *base, const struct fj_field *f)
{
	for (; f->key; f++) {
		switch (f->type) {
		case FJ_STR:
			free(*AT(base, f->off, char *));
			*AT(base, f->off, char *) = NULL;
			break;
		case FJ_STRV: {
			struct strv *sv = AT(base, f->off, struct strv);

			for (size_t i = 0; i < sv->n; i++)
				free(sv->v[i]);
			free(sv->v);
			memset(sv, 0, sizeof(*sv));
			break;
		}
		case FJ_ARRAY: {
			char **pp = AT(base, f->off, char *);
			size_t *count = AT(base, f->count_off, size_t);

			for (size_t i = 0; *pp && i < *count; i++)
				fj_free(*pp + i * f->elem_size, f->sub);
			free(*pp);
			*pp = NULL;
			*count = 0;
			if (f->known_off >= 0)
				*AT(base, (size_t)f->known_off, bool) = false;
			break;
		}
		case FJ_OBJECT:
			fj_free(AT(base, f->off, char), f->sub);
			break;
		default:
			break;
		}
	}
}

void fj_sanitize(void *base, const struct fj_field *f)
{
	for (; f->key; f++) {
		switch (f->type) {
		case FJ_STR:
			text_sanitize(AT(base, f->off, char *));
			break;
		case FJ_STRV: {
			struct strv *sv = AT(base, f->off, struct strv);

			for (size_t i = 0; i < sv->n; i++)
				text_sanitize(&sv->v[i]);
			break;
		}
		case FJ_ARRAY: {
			char **pp = AT(base, f->off, char *);
			size_t *count = AT(base, f->count_off, size_t);

			for (size_t i = 0; *pp && i < *count; i++)
				fj_sanitize(*pp + i * f->elem_size, f->sub);
			break;
		}
		case FJ_OBJECT:
			fj_sanitize(AT(base, f->off, char), f->sub);
			break;
		default:
			break;
		}
	}
}
