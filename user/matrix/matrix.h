/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Microsoft's documented feature matrix (the "feature distribution map" of
 * the RHEL/CentOS page), in hvcaps's own line format (data/FORMAT.md):
 * the loader, the lookup of one documented column for a release, and the
 * importer of Microsoft's markdown page.
 *
 * The default matrix is compiled in from data/ (matrix_data.c is generated
 * by the Makefile); --matrix FILE loads files instead.
 */
#ifndef HVCAPS_MATRIX_H
#define HVCAPS_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MX_FORMAT_VERSION 1

/* A file of the compiled-in default (generated matrix_data.c). */
struct mx_blob {
	const char *name;	/* path in the source tree, for messages */
	const char *text;
};
extern const struct mx_blob mx_builtin[];
extern const size_t mx_builtin_count;

enum mx_value {
	MX_NO,		/* blank on the page: not available */
	MX_YES,		/* a check mark */
	MX_NA,		/* "N/A" */
	MX_ABSENT,	/* the page's row has no cell here (renders blank) */
};

struct mx_cell {
	enum mx_value v;
	int *notes;
	size_t nnotes;
};

/* One item of a column's releases: major.lo to major.hi (hi may be MX_OPEN). */
#define MX_OPEN 1000000
struct mx_range {
	int major, lo, hi;
};

struct mx_column {
	char *label;		/* the releases as written in the data */
	struct mx_range *r;
	size_t nr;
	char *avail;		/* builtin, lis-N.N or unspecified */
	char *kernel;		/* rhck, uek4, uek5, ...; NULL: any kernel */
	const char *file;
	int line;
};

struct mx_row {
	char *feature;		/* feature id */
	char **hosts;		/* host tokens; none when the page lists none */
	size_t nhosts;
	struct mx_cell *cells;	/* one per column */
	const char *file;
	int line;
};

struct mx_series {
	char *label;		/* "7.x" */
	int major;
	char **distros;		/* os-release IDs: rhel, centos */
	size_t ndistros;
	struct mx_column *cols;
	size_t ncols;
	struct mx_row *rows;
	size_t nrows;
	const char *file;
	int line;
};

struct mx_feature {
	char *id, *category, *name;
	const char *file;
	int line;
};

enum mx_note_status {
	MX_NOTE_UNLISTED,	/* no status line (only paraphrases) */
	MX_NOTE_DEFINED,	/* in the page's Notes list */
	MX_NOTE_OMITTED,	/* a placeholder ("intentionally omitted") */
	MX_NOTE_UNDEFINED,	/* cited by cells, missing from the Notes list */
};

struct mx_check {
	char *id, *text;
};

struct mx_note {
	int n;
	enum mx_note_status status;
	char *says;
	struct mx_check *checks;
	size_t nchecks;
	const char *file;	/* where it was first mentioned */
	int line;
	const char *status_file;
	int status_line;
};

struct mx_edition {
	char *date;		/* YYYY-MM-DD, the page's ms.date */
	char *page;		/* the page's title */
	struct mx_feature *features;
	size_t nfeatures;
	struct mx_note *notes;
	size_t nnotes;
	struct mx_series *series;
	size_t nseries;
	const char *file;
	int line;
};

struct mx_matrix {
	struct mx_edition *ed;	/* oldest first */
	size_t ned;
	char **files;		/* names of the files loaded, for messages */
	size_t nfiles;
};

/*
 * Load files (NULL/0: the compiled-in default). Every malformed line is
 * reported on stderr as "hvcaps: FILE:LINE: reason"; returns the number of
 * errors (0 on success). The matrix is usable only when 0 is returned;
 * mx_free() it either way.
 */
int mx_load(struct mx_matrix *m, char *const *files, size_t nfiles);
void mx_free(struct mx_matrix *m);

const struct mx_edition *mx_edition_find(const struct mx_matrix *m, const char *date);
const struct mx_feature *mx_feature_find(const struct mx_edition *e, const char *id);
const struct mx_note *mx_note_find(const struct mx_edition *e, int n);

/*
 * Releases: "7.3", "7.0-7.2", "6.10,6.9,6.8", "8.1-8.6+", "10.x". On
 * success fills *r (malloc'd) and *nr; on failure returns false with a
 * reason in why (static text).
 */
bool mx_parse_releases(const char *s, struct mx_range **r, size_t *nr, const char **why);
bool mx_column_covers(const struct mx_column *c, int major, int minor);

/* Hosts: 2012r2, 2016, ... (any 20NN or 20NNr2), azure-stack-hci, azure-local. */
bool mx_host_valid(const char *h);
/* An order of the Windows Server releases; -1 for hosts outside it. */
int mx_host_rank(const char *h);
/* "Windows Server 2012 R2", "Azure Stack HCI"; returns buf. */
const char *mx_host_display(const char *h, char *buf, size_t len);
/* "built in", "LIS 4.3", "unspecified availability"; returns buf. */
const char *mx_avail_display(const char *a, char *buf, size_t len);
bool mx_avail_valid(const char *a);
/* A column's kernel flavour: rhck or uekN. */
bool mx_kernel_valid(const char *k);
/*
 * Whether a column of kernel col (NULL: any) fits a guest's flavour
 * (NULL: unknown; "uek": any uekN; "rhck", "uek5": that one).
 */
bool mx_kernel_matches(const char *col, const char *flavour);
const char *mx_value_name(enum mx_value v);	/* yes, no, n/a, absent */

/*
 * The documented expectation of one configuration.
 */
struct mx_query {
	const char *distro;	/* os-release ID */
	int major, minor;	/* minor -1: none given */
	const char *release;	/* as given, for messages ("7.3") */
	const char *avail;	/* builtin, lis-4.3, ... */
	const char *host;
	const char *edition;	/* NULL: choose */
	const char *kernel;	/* rhck, uek, uekN; NULL: unknown (matrix/os.c) */
	bool strict_docs;	/* a release newer than every documented one: not documented */
};

enum mx_host_match {
	MX_HOST_LISTED,		/* the host is in the row's list */
	MX_HOST_EXTRAPOLATED,	/* newer than every host of the row: as its newest */
	MX_HOST_NOT_LISTED,
	MX_HOST_NONE_LISTED,	/* the row lists no host at all */
};
const char *mx_host_match_name(enum mx_host_match h);

struct mx_expect {
	const struct mx_feature *f;
	const struct mx_row *row;	/* the row (part) used */
	const struct mx_cell *cell;
	enum mx_host_match hm;
	bool expected;
};

struct mx_result {
	const struct mx_edition *ed;
	const struct mx_series *s;
	const struct mx_column *col;
	size_t colidx;
	struct mx_expect *fx;		/* in the edition's feature order */
	size_t nfx;
	char **remarks;			/* what the reader must know */
	size_t nremarks;
	const char *distro;		/* the distribution whose column is used */
	const char *rebuild_of;		/* rocky, almalinux: read as this (rhel) */
	bool extrapolated;		/* the release is newer than every documented one */
};

/*
 * 0 and *res filled, or -1 with *why (malloc'd) saying what is documented
 * instead.
 */
int mx_resolve(const struct mx_matrix *m, const struct mx_query *q,
	       struct mx_result *res, char **why);
void mx_result_free(struct mx_result *res);

/*
 * The stable feature ids (used in JSON and expectation files), the names
 * Microsoft's pages give their rows, and the categories (the bold or linked
 * rows that group them).
 */
struct mx_known_feature {
	const char *id;
	const char *category;
	const char *const *names;	/* lower case, NULL-terminated */
};
extern const struct mx_known_feature mx_known_features[];
extern const size_t mx_known_features_count;
struct mx_known_category {
	const char *id;
	const char *name;		/* lower case */
};
extern const struct mx_known_category mx_known_categories[];
extern const size_t mx_known_categories_count;

/*
 * Guests to the matrix (matrix/os.c). mx_os_rebuild_of: the distribution
 * whose columns document a rebuild (rocky, almalinux: rhel), or NULL.
 * mx_os_normalize: SLES's VERSION_ID "15" is 15 SP0 (15.0). The kernel
 * flavour of a running kernel release: "uek" when it says so, "rhck" for
 * other kernels of Oracle Linux, NULL elsewhere.
 */
const char *mx_os_rebuild_of(const char *id);
void mx_os_normalize(struct mx_query *q);
const char *mx_kernel_from_release(const char *distro, const char *release);
bool mx_kernel_option_valid(const char *k);	/* --kernel: rhck, uek or uekN */
/* how the column was chosen: kernel, rebuild, extrapolated (header; JSON) */
const char *mx_result_how(const struct mx_result *res, char *buf, size_t len);
struct json_object;
void mx_result_json_add(const struct mx_result *res, struct json_object *o);

/*
 * Every documented column, for scripts: one line (or JSON object) per
 * distribution, edition, series, column, availability and kernel.
 */
void mx_list_text(const struct mx_matrix *m, FILE *out);
struct json_object *mx_list_json(const struct mx_matrix *m);

/*
 * Import Microsoft's markdown page (text, named name for messages) to the
 * data format on out; warnings on stderr as "hvcaps: NAME:LINE: warning: ...".
 * edition overrides the page's ms.date (NULL: use it). Returns 0 clean or
 * with warnings, 1 when some cells or columns could not be interpreted
 * (written as "unclear", for a human to decide), 2 when nothing could be
 * imported.
 */
int mx_import(const char *text, const char *name, const char *edition, FILE *out);

#endif
