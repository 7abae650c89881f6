/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts <-> JSON, driven by tables of fields: one table describes a struct
 * once, and serves to write it (snapshots, --json), to read it back from a
 * snapshot with a precise error ("kernel_facts.devices[3].relid: expected
 * ..."), and to free it. An unknown fact is JSON null.
 */
#ifndef HVCAPS_FJSON_H
#define HVCAPS_FJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

struct opt_u64 {
	bool known;
	uint64_t v;		/* written as a JSON integer: at most INT64_MAX */
};

/* A list of strings that may itself be unknown (known == false: null). */
struct strv {
	bool known;
	char **v;
	size_t n;
};

void strv_add(struct strv *s, char *owned);
/* strv_add(s, xasprintf(fmt, ...)) */
void strv_addf(struct strv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool strv_has(const struct strv *s, const char *str);

enum fj_type {
	FJ_STR,		/* char *: NULL is null */
	FJ_OBOOL,	/* struct opt_bool */
	FJ_OU32,	/* struct opt_u32 */
	FJ_OS32,	/* struct opt_s32 */
	FJ_OU64,	/* struct opt_u64 */
	FJ_U32,		/* uint32_t, always present */
	FJ_BOOL,	/* bool, always present */
	FJ_GUID,	/* hv_guid as "xxxxxxxx-xxxx-...", always present */
	FJ_STRV,	/* struct strv: an array of strings, or null */
	FJ_ARRAY,	/* T *p at off, size_t count at count_off: array of objects */
	FJ_OBJECT,	/* an embedded struct, described by sub */
};

struct fj_field {
	const char *key;
	enum fj_type type;
	size_t off;
	const struct fj_field *sub;	/* FJ_ARRAY, FJ_OBJECT; ends with key NULL */
	size_t elem_size;		/* FJ_ARRAY */
	size_t count_off;		/* FJ_ARRAY */
	ssize_t known_off;		/* FJ_ARRAY: bool "the list is known"
					 * (false: null), or -1: always known */
};

#define FJ(st, member, t) \
	{ #member, t, offsetof(st, member), NULL, 0, 0, -1 }
#define FJ_OBJ(st, member, fields) \
	{ #member, FJ_OBJECT, offsetof(st, member), fields, 0, 0, -1 }
/* ptr and count are members of st; elem the element type */
#define FJ_ARR(key, st, ptr, count, elem, fields) \
	{ key, FJ_ARRAY, offsetof(st, ptr), fields, sizeof(elem), \
	  offsetof(st, count), -1 }
#define FJ_ARR_KNOWN(key, st, ptr, count, known, elem, fields) \
	{ key, FJ_ARRAY, offsetof(st, ptr), fields, sizeof(elem), \
	  offsetof(st, count), (ssize_t)offsetof(st, known) }
#define FJ_END { NULL, FJ_STR, 0, NULL, 0, 0, -1 }

/* A new JSON object with every field of base (table f). */
json_object *fj_to_json(const void *base, const struct fj_field *f);
/*
 * Fill base (zeroed by the caller) from the object o. A missing key or
 * null is unknown (an error for FJ_U32, FJ_BOOL and FJ_GUID; a missing
 * FJ_OBJECT leaves all its fields unknown), keys the
 * table lacks are ignored. On error returns -1 with *error a message
 * starting with the path of the value ("where.key[2].key: expected ...");
 * base then holds what was read so far, for fj_free().
 */
int fj_from_json(json_object *o, void *base, const struct fj_field *f,
		 const char *where, char **error);
/*
 * Escape every string of base that holds control characters or invalid
 * UTF-8 (text_sanitize()): facts read from a guest's files or a snapshot
 * are then safe on a terminal and valid in JSON.
 */
void fj_sanitize(void *base, const struct fj_field *f);
/* Free what fields of base own (strings, lists, arrays) and zero them. */
void fj_free(void *base, const struct fj_field *f);

#endif
