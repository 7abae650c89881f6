// SPDX-License-Identifier: GPL-2.0
/*
 * The documented feature matrix: the loader of the line format
 * (data/FORMAT.md) and the lookup of the expectation for one release,
 * LIS flavour and host.
 */
#include "matrix.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NAMES(...) ((const char *const[]){ __VA_ARGS__, NULL })

const struct mx_known_feature mx_known_features[] = {
	{ "core", "core", NAMES("core") },
	{ "accurate-time", "core", NAMES("windows server 2016 accurate time", "accurate time") },
	{ "vcpus-over-256", "core", NAMES(">256 vcpus", "more than 256 vcpus") },
	{ "jumbo-frames", "networking", NAMES("jumbo frames") },
	{ "vlan", "networking", NAMES("vlan tagging and trunking") },
	{ "live-migration", "networking", NAMES("live migration") },
	{ "static-ip-injection", "networking", NAMES("static ip injection") },
	{ "vrss", "networking", NAMES("vrss") },
	{ "tso-checksum-offload", "networking",
	  NAMES("tcp segmentation and checksum offloads", "tcp segmentation and checksum offload") },
	{ "sr-iov", "networking", NAMES("sr-iov") },
	{ "vhdx-resize", "storage", NAMES("vhdx resize") },
	{ "virtual-fibre-channel", "storage", NAMES("virtual fibre channel", "virtual fiber channel") },
	{ "live-backup", "storage", NAMES("live virtual machine backup") },
	{ "trim", "storage", NAMES("trim support") },
	{ "scsi-wwn", "storage", NAMES("scsi wwn") },
	{ "pae", "memory", NAMES("pae kernel support") },
	{ "mmio-gap", "memory", NAMES("configuration of mmio gap") },
	{ "dm-hot-add", "memory", NAMES("dynamic memory - hot-add", "dynamic memory hot-add") },
	{ "dm-ballooning", "memory", NAMES("dynamic memory - ballooning", "dynamic memory ballooning") },
	{ "runtime-memory-resize", "memory", NAMES("runtime memory resize") },
	{ "hyperv-video", "video", NAMES("hyper-v-specific video device", "hyper-v specific video device", "hyper-v specific video") },
	{ "kvp", "misc", NAMES("key-value pair", "key/value pair") },
	{ "nmi", "misc", NAMES("non-maskable interrupt") },
	{ "file-copy", "misc", NAMES("file copy from host to guest") },
	{ "lsvmbus", "misc", NAMES("lsvmbus command") },
	{ "hv-sockets", "misc", NAMES("hyper-v sockets") },
	{ "pci-passthrough", "misc", NAMES("pci passthrough/dda") },
	{ "uefi-boot", "gen2", NAMES("boot using uefi") },
	{ "secure-boot", "gen2", NAMES("secure boot") },
};
const size_t mx_known_features_count = ARRAY_SIZE(mx_known_features);

const struct mx_known_category mx_known_categories[] = {
	{ "core", "core" },
	{ "networking", "networking" },
	{ "storage", "storage" },
	{ "memory", "memory" },
	{ "video", "video" },
	{ "misc", "miscellaneous" },
	{ "gen2", "generation 2 virtual machines" },
};
const size_t mx_known_categories_count = ARRAY_SIZE(mx_known_categories);

/*
 * Small helpers
 */

const char *mx_value_name(enum mx_value v)
{
	switch (v) {
	case MX_YES:
		return "yes";
	case MX_NA:
		return "n/a";
	case MX_ABSENT:
		return "absent";
	case MX_NO:
		break;
	}
	return "no";
}

const char *mx_host_match_name(enum mx_host_match h)
{
	switch (h) {
	case MX_HOST_LISTED:
		return "listed";
	case MX_HOST_EXTRAPOLATED:
		return "extrapolated";
	case MX_HOST_NONE_LISTED:
		return "none-listed";
	case MX_HOST_NOT_LISTED:
		break;
	}
	return "not-listed";
}

/* a number of 1 to 4 digits at *p; advances p */
static bool take_num(const char **p, int *v)
{
	const char *s = *p;
	int x = 0, n = 0;

	while (isdigit((unsigned char)*s) && n < 5) {
		x = x * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n == 0 || n > 4)
		return false;
	*v = x;
	*p = s;
	return true;
}

bool mx_parse_releases(const char *s, struct mx_range **out, size_t *nout, const char **why)
{
	struct mx_range *r = NULL;
	size_t n = 0;
	const char *p = s;

	*why = NULL;
	if (!*p) {
		*why = "no release";
		return false;
	}
	for (;;) {
		struct mx_range x;
		int maj2, min2;

		if (!take_num(&p, &x.major) || *p != '.') {
			*why = "a release must be MAJOR.MINOR, MAJOR.MINOR-MAJOR.MINOR, MAJOR.MINOR+ or MAJOR.x";
			goto fail;
		}
		p++;
		if (*p == 'x') {
			p++;
			x.lo = 0;
			x.hi = MX_OPEN;
		} else {
			if (!take_num(&p, &x.lo)) {
				*why = "a release must be MAJOR.MINOR, MAJOR.MINOR-MAJOR.MINOR, MAJOR.MINOR+ or MAJOR.x";
				goto fail;
			}
			x.hi = x.lo;
			if (*p == '-') {
				p++;
				if (!take_num(&p, &maj2) || *p != '.' || (p++, !take_num(&p, &min2))) {
					*why = "a range must end with MAJOR.MINOR";
					goto fail;
				}
				if (maj2 != x.major) {
					*why = "a range must stay within one major release";
					goto fail;
				}
				if (min2 < x.lo) {
					*why = "a range must go from the lower release to the higher";
					goto fail;
				}
				x.hi = min2;
			}
			if (*p == '+') {
				p++;
				x.hi = MX_OPEN;
			}
		}
		r = xrealloc(r, (n + 1) * sizeof(*r));
		r[n++] = x;
		if (!*p)
			break;
		if (*p != ',') {
			*why = "releases are separated by commas, without spaces";
			goto fail;
		}
		p++;
	}
	*out = r;
	*nout = n;
	return true;
fail:
	free(r);
	return false;
}

bool mx_column_covers(const struct mx_column *c, int major, int minor)
{
	for (size_t i = 0; i < c->nr; i++) {
		const struct mx_range *r = &c->r[i];

		if (r->major != major)
			continue;
		if (minor < 0) {
			if (r->lo == 0 && r->hi == MX_OPEN)
				return true;
		} else if (minor >= r->lo && minor <= r->hi) {
			return true;
		}
	}
	return false;
}

static bool ranges_overlap(const struct mx_column *a, const struct mx_column *b)
{
	for (size_t i = 0; i < a->nr; i++)
		for (size_t j = 0; j < b->nr; j++)
			if (a->r[i].major == b->r[j].major && a->r[i].lo <= b->r[j].hi &&
			    b->r[j].lo <= a->r[i].hi)
				return true;
	return false;
}

/* 20NN or 20NNr2; fills the year */
static bool host_year(const char *h, int *year, bool *r2)
{
	if (strncmp(h, "20", 2) || !isdigit((unsigned char)h[2]) || !isdigit((unsigned char)h[3]))
		return false;
	*year = 2000 + (h[2] - '0') * 10 + (h[3] - '0');
	if (!h[4]) {
		*r2 = false;
		return true;
	}
	if (!strcmp(h + 4, "r2")) {
		*r2 = true;
		return true;
	}
	return false;
}

bool mx_host_valid(const char *h)
{
	int y;
	bool r2;

	return host_year(h, &y, &r2) || !strcmp(h, "azure-stack-hci") || !strcmp(h, "azure-local");
}

int mx_host_rank(const char *h)
{
	int y;
	bool r2;

	if (!host_year(h, &y, &r2))
		return -1;
	return y * 2 + r2;
}

const char *mx_host_display(const char *h, char *buf, size_t len)
{
	int y;
	bool r2;

	if (host_year(h, &y, &r2))
		snprintf(buf, len, "Windows Server %d%s", y, r2 ? " R2" : "");
	else if (!strcmp(h, "azure-stack-hci"))
		snprintf(buf, len, "Azure Stack HCI");
	else if (!strcmp(h, "azure-local"))
		snprintf(buf, len, "Azure Local");
	else
		snprintf(buf, len, "%s", h);
	return buf;
}

bool mx_kernel_valid(const char *k)
{
	if (!strcmp(k, "rhck"))
		return true;
	if (strncmp(k, "uek", 3) || !k[3])
		return false;
	for (k += 3; *k; k++)
		if (!isdigit((unsigned char)*k))
			return false;
	return true;
}

bool mx_kernel_matches(const char *col, const char *flavour)
{
	if (!col || !flavour)
		return true;
	if (!strcmp(flavour, "uek"))
		return !strncmp(col, "uek", 3);
	return !strcmp(col, flavour);
}

bool mx_avail_valid(const char *a)
{
	int v;
	const char *p;

	if (!strcmp(a, "builtin") || !strcmp(a, "unspecified"))
		return true;
	if (strncmp(a, "lis-", 4))
		return false;
	p = a + 4;
	if (!take_num(&p, &v) || *p != '.')
		return false;
	p++;
	return take_num(&p, &v) && !*p;
}

const char *mx_avail_display(const char *a, char *buf, size_t len)
{
	if (!strcmp(a, "builtin"))
		snprintf(buf, len, "built in");
	else if (!strcmp(a, "unspecified"))
		snprintf(buf, len, "availability not stated");
	else if (!strncmp(a, "lis-", 4))
		snprintf(buf, len, "LIS %s", a + 4);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

static bool valid_id(const char *s)
{
	if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

static bool valid_date(const char *s)
{
	int y, mo, d;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	y = atoi(s);
	mo = atoi(s + 5);
	d = atoi(s + 8);
	return y >= 1990 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1];
}

static bool parse_note_number(const char *s, int *n)
{
	const char *p = s;

	if (*s == '0' || !take_num(&p, n) || *p || *n > 999)
		return false;
	return true;
}

/*
 * The loader
 */

struct loader {
	struct mx_matrix *m;
	const char *file;
	int line;
	int errors;
	struct mx_edition *ed;	/* current */
	int series;		/* index in ed->series, -1 none */
	bool header_seen;
	bool skip_file;		/* a format version we do not read */
};

__attribute__((format(printf, 2, 3)))
static void lerr(struct loader *L, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "hvcaps: %s:%d: ", L->file, L->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	L->errors++;
}

__attribute__((format(printf, 4, 5)))
static void lerr_at(struct loader *L, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "hvcaps: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	L->errors++;
}

/* the next whitespace-separated token of *p, NUL-terminated; NULL at the end */
static char *tok(char **p)
{
	char *s = *p, *t;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	t = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return t;
}

/* the rest of the line, without surrounding blanks */
static char *rest(char *p)
{
	char *e;

	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	return p;
}

const struct mx_edition *mx_edition_find(const struct mx_matrix *m, const char *date)
{
	for (size_t i = 0; i < m->ned; i++)
		if (!strcmp(m->ed[i].date, date))
			return &m->ed[i];
	return NULL;
}

const struct mx_feature *mx_feature_find(const struct mx_edition *e, const char *id)
{
	for (size_t i = 0; i < e->nfeatures; i++)
		if (!strcmp(e->features[i].id, id))
			return &e->features[i];
	return NULL;
}

const struct mx_note *mx_note_find(const struct mx_edition *e, int n)
{
	for (size_t i = 0; i < e->nnotes; i++)
		if (e->notes[i].n == n)
			return &e->notes[i];
	return NULL;
}

static struct mx_note *note_get(struct loader *L, int n)
{
	struct mx_edition *e = L->ed;
	struct mx_note *x;

	for (size_t i = 0; i < e->nnotes; i++)
		if (e->notes[i].n == n)
			return &e->notes[i];
	e->notes = xrealloc(e->notes, (e->nnotes + 1) * sizeof(*e->notes));
	x = &e->notes[e->nnotes++];
	memset(x, 0, sizeof(*x));
	x->n = n;
	x->file = L->file;
	x->line = L->line;
	return x;
}

static bool need_edition(struct loader *L, const char *what)
{
	if (L->ed)
		return true;
	lerr(L, "'%s' before any 'edition' line", what);
	return false;
}

static void do_edition(struct loader *L, char *p)
{
	char *date = tok(&p);
	struct mx_matrix *m = L->m;
	size_t i;

	if (!date || tok(&p)) {
		lerr(L, "'edition' takes one date (YYYY-MM-DD)");
		return;
	}
	if (!valid_date(date)) {
		lerr(L, "edition '%s' is not a date (YYYY-MM-DD)", date);
		return;
	}
	L->series = -1;
	for (i = 0; i < m->ned; i++)
		if (!strcmp(m->ed[i].date, date))
			break;
	if (i == m->ned) {
		m->ed = xrealloc(m->ed, (m->ned + 1) * sizeof(*m->ed));
		memset(&m->ed[i], 0, sizeof(m->ed[i]));
		m->ed[i].date = xstrdup(date);
		m->ed[i].file = L->file;
		m->ed[i].line = L->line;
		m->ned++;
	}
	L->ed = &m->ed[i];
}

static void do_page(struct loader *L, char *p)
{
	char *t = rest(p);

	if (!need_edition(L, "page"))
		return;
	if (!*t) {
		lerr(L, "'page' needs the page's title");
		return;
	}
	if (L->ed->page && strcmp(L->ed->page, t)) {
		lerr(L, "edition %s already has the page title '%s'", L->ed->date, L->ed->page);
		return;
	}
	if (!L->ed->page)
		L->ed->page = xstrdup(t);
}

static void do_feature(struct loader *L, char *p)
{
	char *id = tok(&p), *cat = tok(&p), *name = rest(p);
	const struct mx_feature *old;
	struct mx_feature *f;
	struct mx_edition *e = L->ed;

	if (!need_edition(L, "feature"))
		return;
	if (!id || !cat || !*name) {
		lerr(L, "'feature' takes an id, a category and a name");
		return;
	}
	if (!valid_id(id) || !valid_id(cat)) {
		lerr(L, "feature id and category are lower-case letters, digits and '-' ('%s', '%s')",
		     id, cat);
		return;
	}
	old = mx_feature_find(e, id);
	if (old) {
		lerr(L, "feature %s is already declared at %s:%d", id, old->file, old->line);
		return;
	}
	e->features = xrealloc(e->features, (e->nfeatures + 1) * sizeof(*e->features));
	f = &e->features[e->nfeatures++];
	f->id = xstrdup(id);
	f->category = xstrdup(cat);
	f->name = xstrdup(name);
	f->file = L->file;
	f->line = L->line;
}

static void do_note(struct loader *L, char *p)
{
	char *num = tok(&p), *what = tok(&p);
	struct mx_note *x;
	int n;

	if (!need_edition(L, "note"))
		return;
	if (!num || !what) {
		lerr(L, "'note' takes a number, then defined|omitted|undefined, 'says TEXT' or 'check ID TEXT'");
		return;
	}
	if (!parse_note_number(num, &n)) {
		lerr(L, "note number '%s' is not a number from 1 to 999", num);
		return;
	}
	if (!strcmp(what, "defined") || !strcmp(what, "omitted") || !strcmp(what, "undefined")) {
		if (tok(&p)) {
			lerr(L, "'note %d %s' takes nothing more", n, what);
			return;
		}
		x = note_get(L, n);
		if (x->status != MX_NOTE_UNLISTED) {
			lerr(L, "note %d already has a status at %s:%d", n, x->status_file,
			     x->status_line);
			return;
		}
		x->status = !strcmp(what, "defined") ? MX_NOTE_DEFINED :
			    !strcmp(what, "omitted") ? MX_NOTE_OMITTED : MX_NOTE_UNDEFINED;
		x->status_file = L->file;
		x->status_line = L->line;
	} else if (!strcmp(what, "says")) {
		char *t = rest(p);

		if (!*t) {
			lerr(L, "'note %d says' needs the paraphrase", n);
			return;
		}
		x = note_get(L, n);
		if (x->says) {
			lerr(L, "note %d already says something (one 'says' line per note)", n);
			return;
		}
		x->says = xstrdup(t);
	} else if (!strcmp(what, "check")) {
		char *id = tok(&p), *t = rest(p);

		if (!id || !*t) {
			lerr(L, "'note %d check' needs a check id and a description", n);
			return;
		}
		if (!valid_id(id)) {
			lerr(L, "check id '%s' is not lower-case letters, digits and '-'", id);
			return;
		}
		x = note_get(L, n);
		x->checks = xrealloc(x->checks, (x->nchecks + 1) * sizeof(*x->checks));
		x->checks[x->nchecks].id = xstrdup(id);
		x->checks[x->nchecks].text = xstrdup(t);
		x->nchecks++;
	} else {
		lerr(L, "'note %d %s': expected defined, omitted, undefined, says or check", n, what);
	}
}

static bool distros_intersect(const struct mx_series *a, const struct mx_series *b)
{
	for (size_t i = 0; i < a->ndistros; i++)
		for (size_t j = 0; j < b->ndistros; j++)
			if (!strcmp(a->distros[i], b->distros[j]))
				return true;
	return false;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* split a comma list into *v; false on an empty item or a duplicate */
static bool split_list(const char *s, char ***v, size_t *n, const char **bad)
{
	const char *p = s;

	*v = NULL;
	*n = 0;
	*bad = NULL;
	for (;;) {
		size_t len = strcspn(p, ",");
		char *item = strndup(p, len);

		if (!item) {
			err("out of memory");
			exit(EXIT_ERROR);
		}
		if (!len) {
			free(item);
			*bad = "an empty item";
			return false;
		}
		for (size_t i = 0; i < *n; i++)
			if (!strcmp((*v)[i], item)) {
				free(item);
				*bad = "a duplicate";
				return false;
			}
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = item;
		p += len;
		if (!*p)
			return true;
		p++;
	}
}

static void do_series(struct loader *L, char *p)
{
	char *label = tok(&p), *distros = tok(&p);
	struct mx_edition *e = L->ed;
	struct mx_series s = { 0 };
	const char *q, *bad;
	int major;

	if (!need_edition(L, "series"))
		return;
	L->series = -1;
	if (!label || !distros || tok(&p)) {
		lerr(L, "'series' takes a label (such as 7.x) and the distributions (such as rhel,centos)");
		return;
	}
	q = label;
	if (!take_num(&q, &major) || strcmp(q, ".x")) {
		lerr(L, "series label '%s' is not MAJOR.x", label);
		return;
	}
	if (!split_list(distros, &s.distros, &s.ndistros, &bad)) {
		lerr(L, "distribution list '%s' has %s", distros, bad);
		free_strv(s.distros, s.ndistros);
		return;
	}
	for (size_t i = 0; i < s.ndistros; i++)
		if (!valid_id(s.distros[i])) {
			lerr(L, "distribution '%s' is not an os-release ID (lower case)", s.distros[i]);
			free_strv(s.distros, s.ndistros);
			return;
		}
	s.label = xstrdup(label);
	s.major = major;
	s.file = L->file;
	s.line = L->line;
	for (size_t i = 0; i < e->nseries; i++)
		if (e->series[i].major == major && distros_intersect(&e->series[i], &s)) {
			lerr(L, "series %s for these distributions is already at %s:%d", label,
			     e->series[i].file, e->series[i].line);
			free(s.label);
			free_strv(s.distros, s.ndistros);
			return;
		}
	e->series = xrealloc(e->series, (e->nseries + 1) * sizeof(*e->series));
	e->series[e->nseries] = s;
	L->series = (int)e->nseries++;
}

static struct mx_series *need_series(struct loader *L, const char *what)
{
	if (!need_edition(L, what))
		return NULL;
	if (L->series < 0) {
		lerr(L, "'%s' outside a table: it must follow a valid 'series' line", what);
		return NULL;
	}
	return &L->ed->series[L->series];
}

static void do_column(struct loader *L, char *p)
{
	char *rel = tok(&p), *avail = tok(&p), *attr = tok(&p);
	struct mx_series *s = need_series(L, "column");
	struct mx_column c = { 0 };
	const char *why, *kernel = NULL;

	if (!s)
		return;
	if (!rel || !avail || tok(&p)) {
		lerr(L, "'column' takes the releases, the availability (builtin, lis-N.N or unspecified) and an optional kernel=FLAVOUR");
		return;
	}
	if (attr) {
		if (strncmp(attr, "kernel=", 7) || !mx_kernel_valid(attr + 7)) {
			lerr(L, "column attribute '%s' is not kernel=rhck or kernel=uekN (N a number)", attr);
			return;
		}
		kernel = attr + 7;
	}
	if (s->nrows) {
		lerr(L, "column after the rows of series %s: declare every column first", s->label);
		return;
	}
	if (!mx_parse_releases(rel, &c.r, &c.nr, &why)) {
		lerr(L, "releases '%s': %s", rel, why);
		return;
	}
	for (size_t i = 0; i < c.nr; i++)
		if (c.r[i].major != s->major) {
			lerr(L, "releases '%s' are outside series %s", rel, s->label);
			free(c.r);
			return;
		}
	if (!mx_avail_valid(avail)) {
		lerr(L, "availability '%s' is not builtin, lis-N.N or unspecified", avail);
		free(c.r);
		return;
	}
	/* within the edition, one column at most for a release and availability */
	for (size_t i = 0; i < L->ed->nseries; i++) {
		const struct mx_series *o = &L->ed->series[i];

		if (o->major != s->major || !distros_intersect(o, s))
			continue;
		for (size_t j = 0; j < o->ncols; j++)
			if (!strcmp(o->cols[j].avail, avail) && ranges_overlap(&o->cols[j], &c) &&
			    !strcmp(o->cols[j].kernel ? o->cols[j].kernel : "", kernel ? kernel : "")) {
				lerr(L, "releases '%s' (%s) overlap column '%s' at %s:%d", rel, avail,
				     o->cols[j].label, o->cols[j].file, o->cols[j].line);
				free(c.r);
				return;
			}
	}
	c.label = xstrdup(rel);
	c.avail = xstrdup(avail);
	c.kernel = kernel ? xstrdup(kernel) : NULL;
	c.file = L->file;
	c.line = L->line;
	s->cols = xrealloc(s->cols, (s->ncols + 1) * sizeof(*s->cols));
	s->cols[s->ncols++] = c;
}

static void free_cells(struct mx_cell *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		free(c[i].notes);
	free(c);
}

static bool parse_cell(struct loader *L, const char *t, struct mx_cell *c, const struct mx_column *col)
{
	const char *colon = strchr(t, ':');
	size_t vlen = colon ? (size_t)(colon - t) : strlen(t);

	c->notes = NULL;
	c->nnotes = 0;
	if (vlen == 3 && !strncmp(t, "yes", 3))
		c->v = MX_YES;
	else if (vlen == 2 && !strncmp(t, "no", 2))
		c->v = MX_NO;
	else if (vlen == 3 && !strncmp(t, "n/a", 3))
		c->v = MX_NA;
	else if (vlen == 6 && !strncmp(t, "absent", 6))
		c->v = MX_ABSENT;
	else {
		lerr(L, "cell '%s' (column %s) is not yes, no, n/a or absent, with optional :NOTES",
		     t, col->label);
		return false;
	}
	if (!colon)
		return true;
	if (c->v == MX_ABSENT) {
		lerr(L, "cell '%s' (column %s): an absent cell cannot cite notes", t, col->label);
		return false;
	}
	for (const char *p = colon + 1;;) {
		char num[8];
		size_t len = strcspn(p, ",");
		int n;

		if (!len || len >= sizeof(num)) {
			lerr(L, "cell '%s' (column %s): notes are numbers separated by commas",
			     t, col->label);
			goto fail;
		}
		memcpy(num, p, len);
		num[len] = '\0';
		if (!parse_note_number(num, &n)) {
			lerr(L, "cell '%s' (column %s): note '%s' is not a number from 1 to 999",
			     t, col->label, num);
			goto fail;
		}
		for (size_t i = 0; i < c->nnotes; i++)
			if (c->notes[i] == n) {
				lerr(L, "cell '%s' (column %s) cites note %d twice", t, col->label, n);
				goto fail;
			}
		c->notes = xrealloc(c->notes, (c->nnotes + 1) * sizeof(int));
		c->notes[c->nnotes++] = n;
		p += len;
		if (!*p)
			return true;
		p++;
	}
fail:
	free(c->notes);
	c->notes = NULL;
	return false;
}

static bool hosts_intersect(const struct mx_row *a, const struct mx_row *b)
{
	for (size_t i = 0; i < a->nhosts; i++)
		for (size_t j = 0; j < b->nhosts; j++)
			if (!strcmp(a->hosts[i], b->hosts[j]))
				return true;
	return false;
}

static void do_row(struct loader *L, char *p)
{
	char *id = tok(&p), *hosts = tok(&p), *t;
	struct mx_series *s = need_series(L, "row");
	struct mx_row r = { 0 };
	const char *bad;
	size_t n = 0;

	if (!s)
		return;
	if (!id || !hosts) {
		lerr(L, "'row' takes a feature id, the hosts (or -) and one cell per column");
		return;
	}
	if (!s->ncols) {
		lerr(L, "row before any column of series %s", s->label);
		return;
	}
	if (!mx_feature_find(L->ed, id)) {
		lerr(L, "feature '%s' is not declared in edition %s (add a 'feature' line before the tables)",
		     id, L->ed->date);
		return;
	}
	if (strcmp(hosts, "-")) {
		if (!split_list(hosts, &r.hosts, &r.nhosts, &bad)) {
			lerr(L, "host list '%s' has %s", hosts, bad);
			goto fail;
		}
		for (size_t i = 0; i < r.nhosts; i++)
			if (!mx_host_valid(r.hosts[i])) {
				lerr(L, "host '%s' is not 20NN, 20NNr2, azure-stack-hci or azure-local",
				     r.hosts[i]);
				goto fail;
			}
	}
	r.cells = xcalloc(s->ncols, sizeof(*r.cells));
	while ((t = tok(&p))) {
		if (n == s->ncols) {
			n++;
			while (tok(&p))
				n++;
			lerr(L, "row %s has %zu cells for the %zu columns of series %s", id, n,
			     s->ncols, s->label);
			goto fail;
		}
		if (!parse_cell(L, t, &r.cells[n], &s->cols[n]))
			goto fail;
		n++;
	}
	if (n != s->ncols) {
		lerr(L, "row %s has %zu cells for the %zu columns of series %s", id, n, s->ncols,
		     s->label);
		goto fail;
	}
	for (size_t i = 0; i < s->nrows; i++) {
		const struct mx_row *o = &s->rows[i];

		if (strcmp(o->feature, id))
			continue;
		if (!o->nhosts || !r.nhosts) {
			lerr(L, "second row for %s in series %s (first at %s:%d): a row split by host needs host lists in both parts",
			     id, s->label, o->file, o->line);
			goto fail;
		}
		if (hosts_intersect(o, &r)) {
			lerr(L, "row for %s shares hosts with the row at %s:%d: the parts of a split row need disjoint host lists",
			     id, o->file, o->line);
			goto fail;
		}
	}
	r.feature = xstrdup(id);
	r.file = L->file;
	r.line = L->line;
	s->rows = xrealloc(s->rows, (s->nrows + 1) * sizeof(*s->rows));
	s->rows[s->nrows++] = r;
	return;
fail:
	free_strv(r.hosts, r.nhosts);
	free_cells(r.cells, s->ncols);
}

static void parse_line(struct loader *L, char *line)
{
	char *p = line, *d;

	if (L->skip_file)
		return;
	for (char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\t') {
			lerr(L, "control character 0x%02x", (unsigned char)*c);
			return;
		}
	d = tok(&p);
	if (!d || *d == '#')
		return;
	if (!L->header_seen) {
		char *v = tok(&p);

		L->header_seen = true;
		if (strcmp(d, "hvcaps-matrix") || !v || tok(&p)) {
			lerr(L, "the first line must be 'hvcaps-matrix %d' (the format version)",
			     MX_FORMAT_VERSION);
			return;
		}
		if (strcmp(v, "1")) {
			lerr(L, "format version '%s': this hvcaps reads version %d; the rest of the file is not read",
			     v, MX_FORMAT_VERSION);
			L->skip_file = true;
			return;
		}
		return;
	}
	if (!strcmp(d, "hvcaps-matrix"))
		lerr(L, "'hvcaps-matrix' must be the first line of a file");
	else if (!strcmp(d, "edition"))
		do_edition(L, p);
	else if (!strcmp(d, "page"))
		do_page(L, p);
	else if (!strcmp(d, "feature"))
		do_feature(L, p);
	else if (!strcmp(d, "note"))
		do_note(L, p);
	else if (!strcmp(d, "series"))
		do_series(L, p);
	else if (!strcmp(d, "column"))
		do_column(L, p);
	else if (!strcmp(d, "row"))
		do_row(L, p);
	else
		lerr(L, "unknown directive '%s' (expected edition, page, feature, note, series, column or row)",
		     d);
}

static void load_text(struct loader *L, const char *name, const char *text)
{
	char *buf = xstrdup(text), *p = buf;

	L->file = name;
	L->line = 0;
	L->ed = NULL;
	L->series = -1;
	L->header_seen = false;
	L->skip_file = false;
	while (*p) {
		char *nl = strchr(p, '\n');
		size_t len;

		if (nl)
			*nl = '\0';
		L->line++;
		len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[len - 1] = '\0';
		parse_line(L, p);
		if (!nl)
			break;
		p = nl + 1;
	}
	if (!L->header_seen) {
		L->line = L->line ? L->line : 1;
		lerr(L, "no 'hvcaps-matrix %d' line: not a matrix file", MX_FORMAT_VERSION);
	}
	free(buf);
}

/* checks that need every file */
static void validate(struct loader *L)
{
	struct mx_matrix *m = L->m;

	for (size_t i = 0; i < m->ned; i++) {
		struct mx_edition *e = &m->ed[i];

		if (!e->nseries)
			lerr_at(L, e->file, e->line,
				"edition %s has no series (tables): load its .matrix file too", e->date);
		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			if (!s->ncols || !s->nrows)
				lerr_at(L, s->file, s->line, "series %s has no %s", s->label,
					s->ncols ? "rows" : "columns");
			for (size_t k = 0; k < s->nrows; k++) {
				const struct mx_row *r = &s->rows[k];

				for (size_t c = 0; c < s->ncols; c++)
					for (size_t x = 0; x < r->cells[c].nnotes; x++) {
						int n = r->cells[c].notes[x];
						const struct mx_note *nt = mx_note_find(e, n);
						bool seen = false;

						if (nt && nt->status != MX_NOTE_UNLISTED)
							continue;
						/* once per row and note is enough */
						for (size_t y = 0; y < c && !seen; y++)
							for (size_t z = 0; z < r->cells[y].nnotes; z++)
								seen |= r->cells[y].notes[z] == n;
						if (!seen)
							lerr_at(L, r->file, r->line,
								"row %s cites note %d (column %s), which edition %s does not list: add 'note %d defined', 'omitted' or 'undefined'",
								r->feature, n, s->cols[c].label, e->date, n);
					}
			}
		}
		for (size_t j = 0; j < e->nnotes; j++)
			if (e->notes[j].status == MX_NOTE_UNLISTED)
				lerr_at(L, e->notes[j].file, e->notes[j].line,
					"note %d is described but edition %s does not list it ('note %d defined|omitted|undefined' is missing)",
					e->notes[j].n, e->date, e->notes[j].n);
	}
}

static int cmp_ed(const void *a, const void *b)
{
	return strcmp(((const struct mx_edition *)a)->date, ((const struct mx_edition *)b)->date);
}

static int cmp_note(const void *a, const void *b)
{
	return ((const struct mx_note *)a)->n - ((const struct mx_note *)b)->n;
}

int mx_load(struct mx_matrix *m, char *const *files, size_t nfiles)
{
	struct loader L = { .m = m, .series = -1 };

	memset(m, 0, sizeof(*m));
	if (!files || !nfiles) {
		for (size_t i = 0; i < mx_builtin_count; i++)
			load_text(&L, mx_builtin[i].name, mx_builtin[i].text);
	} else {
		m->files = xcalloc(nfiles, sizeof(*m->files));
		for (size_t i = 0; i < nfiles; i++) {
			char *text;
			/* "-": standard input */
			int r = read_text_file(strcmp(files[i], "-") ? files[i] : "/dev/stdin", &text);

			m->files[m->nfiles++] = xstrdup(files[i]);
			if (r) {
				fflush(stdout);
				fprintf(stderr, "hvcaps: %s: cannot read the matrix: %s\n", files[i],
					r == -EILSEQ ? "it contains a NUL byte (not a text file)" :
					r == -EFBIG ? "larger than 1 MiB (not a matrix file)" : strerror(-r));
				L.errors++;
				continue;
			}
			load_text(&L, m->files[i], text);
			free(text);
		}
	}
	validate(&L);
	if (!m->ned && !L.errors) {
		err("the matrix has no edition");
		L.errors++;
	}
	if (m->ned)
		qsort(m->ed, m->ned, sizeof(*m->ed), cmp_ed);
	for (size_t i = 0; i < m->ned; i++)
		if (m->ed[i].nnotes)
			qsort(m->ed[i].notes, m->ed[i].nnotes, sizeof(*m->ed[i].notes), cmp_note);
	return L.errors;
}

void mx_free(struct mx_matrix *m)
{
	for (size_t i = 0; i < m->ned; i++) {
		struct mx_edition *e = &m->ed[i];

		for (size_t j = 0; j < e->nfeatures; j++) {
			free(e->features[j].id);
			free(e->features[j].category);
			free(e->features[j].name);
		}
		free(e->features);
		for (size_t j = 0; j < e->nnotes; j++) {
			free(e->notes[j].says);
			for (size_t k = 0; k < e->notes[j].nchecks; k++) {
				free(e->notes[j].checks[k].id);
				free(e->notes[j].checks[k].text);
			}
			free(e->notes[j].checks);
		}
		free(e->notes);
		for (size_t j = 0; j < e->nseries; j++) {
			struct mx_series *s = &e->series[j];

			for (size_t k = 0; k < s->nrows; k++) {
				free(s->rows[k].feature);
				free_strv(s->rows[k].hosts, s->rows[k].nhosts);
				free_cells(s->rows[k].cells, s->ncols);
			}
			free(s->rows);
			for (size_t k = 0; k < s->ncols; k++) {
				free(s->cols[k].label);
				free(s->cols[k].r);
				free(s->cols[k].avail);
				free(s->cols[k].kernel);
			}
			free(s->cols);
			free(s->label);
			free_strv(s->distros, s->ndistros);
		}
		free(e->series);
		free(e->date);
		free(e->page);
	}
	free(m->ed);
	free_strv(m->files, m->nfiles);
	memset(m, 0, sizeof(*m));
}
