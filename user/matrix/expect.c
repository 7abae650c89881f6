// SPDX-License-Identifier: GPL-2.0
/*
 * The documented expectation of one configuration: which edition, series
 * and column document a release with a LIS flavour, and what each row of
 * that column says for a host.
 *
 * The edition is the newest that documents the release with that LIS
 * flavour and the host (listed, or newer than every host it lists); when
 * none documents the host, the newest that documents the release. A
 * column whose availability the page leaves blank is used only when no
 * column states the flavour, and the result says so.
 */
#include "matrix.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sbuf {
	char *s;
	size_t len;
};

__attribute__((format(printf, 2, 3)))
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0) {
		err("out of memory");
		exit(EXIT_ERROR);
	}
	b->s = xrealloc(b->s, b->len + (size_t)r + 1);
	memcpy(b->s + b->len, p, (size_t)r + 1);
	b->len += (size_t)r;
	free(p);
}

static char *sb_take(struct sbuf *b)
{
	return b->s ? b->s : xstrdup("");
}

static bool has_distro(const struct mx_series *s, const char *d)
{
	for (size_t i = 0; i < s->ndistros; i++)
		if (!strcmp(s->distros[i], d))
			return true;
	return false;
}

/* the edition (page) has a series for the distribution */
static bool edition_has_distro(const struct mx_edition *e, const char *d)
{
	for (size_t j = 0; j < e->nseries; j++)
		if (has_distro(&e->series[j], d))
			return true;
	return false;
}

static bool row_has_host(const struct mx_row *r, const char *h)
{
	for (size_t i = 0; i < r->nhosts; i++)
		if (!strcmp(r->hosts[i], h))
			return true;
	return false;
}

/* 2 the series lists the host, 1 the host is newer than all it lists, 0 neither */
static int host_fit(const struct mx_series *s, const char *host)
{
	int rank = mx_host_rank(host), maxr = -1;

	for (size_t i = 0; i < s->nrows; i++) {
		if (row_has_host(&s->rows[i], host))
			return 2;
		for (size_t j = 0; j < s->rows[i].nhosts; j++) {
			int r = mx_host_rank(s->rows[i].hosts[j]);

			if (r > maxr)
				maxr = r;
		}
	}
	return rank >= 0 && maxr >= 0 && rank > maxr;
}

struct cand {
	const struct mx_edition *e;
	const struct mx_series *s;
	size_t col;
	int fit;
};

/* columns documenting the release; avail NULL: any */
static size_t candidates(const struct mx_matrix *m, const struct mx_query *q, const char *avail,
			 const char *edition, struct cand **out)
{
	struct cand *c = NULL;
	size_t n = 0;

	for (size_t i = m->ned; i-- > 0;) {
		const struct mx_edition *e = &m->ed[i];

		if (edition && strcmp(e->date, edition))
			continue;
		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			if (s->major != q->major || !has_distro(s, q->distro))
				continue;
			for (size_t k = 0; k < s->ncols; k++) {
				if (!mx_column_covers(&s->cols[k], q->major, q->minor))
					continue;
				if (avail && strcmp(s->cols[k].avail, avail))
					continue;
				if (!mx_kernel_matches(s->cols[k].kernel, q->kernel))
					continue;
				c = xrealloc(c, (n + 1) * sizeof(*c));
				c[n].e = e;
				c[n].s = s;
				c[n].col = k;
				c[n].fit = host_fit(s, q->host);
				n++;
			}
		}
	}
	*out = c;
	return n;
}

static void release_text(const struct mx_query *q, char *buf, size_t len)
{
	if (q->release)
		snprintf(buf, len, "%s %s", q->distro, q->release);
	else if (q->minor >= 0)
		snprintf(buf, len, "%s %d.%d", q->distro, q->major, q->minor);
	else
		snprintf(buf, len, "%s %d", q->distro, q->major);
}

static const char *lis_text(const char *avail, char *buf, size_t len)
{
	if (!strcmp(avail, "builtin"))
		snprintf(buf, len, "built-in LIS");
	else
		mx_avail_display(avail, buf, len);
	return buf;
}

/* "built in 7.6-7.9, 7.5; LIS 4.3 7.5-7.7" for a series */
static void describe_series(struct sbuf *b, const struct mx_series *s)
{
	bool *done = xcalloc(s->ncols, sizeof(bool));
	char av[64];
	bool first_group = true;

	for (size_t i = 0; i < s->ncols; i++) {
		if (done[i])
			continue;
		sb_printf(b, "%s%s ", first_group ? "" : "; ",
			  mx_avail_display(s->cols[i].avail, av, sizeof(av)));
		first_group = false;
		for (size_t j = i, k = 0; j < s->ncols; j++)
			if (!done[j] && !strcmp(s->cols[j].avail, s->cols[i].avail)) {
				sb_printf(b, "%s%s", k++ ? ", " : "", s->cols[j].label);
				done[j] = true;
			}
	}
	free(done);
}


/* Append X to B's comma-separated list unless SEEN (N of CAP) has it. */
static void list_once(struct sbuf *b, const char **seen, size_t *n, size_t cap,
		      const char *x)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp(seen[k], x))
			return;
	if (*n == cap)
		return;
	sb_printf(b, "%s%s", *n ? ", " : "", x);
	seen[(*n)++] = x;
}

/*
 * Why a release is not documented, tried from the nearest miss to the
 * farthest: the first helper that finds something returns the message,
 * the others return NULL so that the next one is tried.
 */

/* the flavour in another edition than the one asked for */
static char *nd_other_edition(const struct mx_matrix *m, const struct mx_query *q,
			      const char *rel, const char *lis)
{
	struct sbuf b = { 0 };
	struct cand *c;

	if (!q->edition)
		return NULL;
	if (!candidates(m, q, q->avail, NULL, &c)) {
		free(c);
		return NULL;
	}
	sb_printf(&b, "%s with %s is not documented by the %s edition; the %s edition documents it (series %s, column %s); drop --edition or pass --edition %s",
		  rel, lis, q->edition, c[0].e->date, c[0].s->label,
		  c[0].s->cols[c[0].col].label, c[0].e->date);
	free(c);
	return sb_take(&b);
}

/* the release with another kernel (Oracle Linux: RHCK only) */
static char *nd_other_kernel(const struct mx_matrix *m, const struct mx_query *q,
			     const char *rel)
{
	struct mx_query any = *q;
	struct sbuf b = { 0 };
	const struct mx_column *col;
	struct cand *c;

	if (!q->kernel)
		return NULL;
	any.kernel = NULL;
	if (!candidates(m, &any, NULL, q->edition, &c)) {
		free(c);
		return NULL;
	}
	col = &c[0].s->cols[c[0].col];
	sb_printf(&b, "%s with the %s kernel is not documented; for %s the matrix documents kernel %s (edition %s, column %s); --kernel %s compares with that column",
		  rel, q->kernel, rel, col->kernel ? col->kernel : "any", c[0].e->date,
		  col->label, col->kernel ? col->kernel : "rhck");
	free(c);
	return sb_take(&b);
}

/* the release with another flavour */
static char *nd_other_flavour(const struct mx_matrix *m, const struct mx_query *q,
			      const char *rel, const char *lis)
{
	struct sbuf b = { 0 };
	struct cand *c;
	char av[64];
	size_t n;

	n = candidates(m, q, NULL, q->edition, &c);
	if (!n) {
		free(c);
		return NULL;
	}
	sb_printf(&b, "%s with %s is not documented; for %s the matrix documents ", rel, lis, rel);
	for (size_t i = 0; i < n; i++)
		sb_printf(&b, "%s%s (edition %s, column %s)", i ? ", " : "",
			  mx_avail_display(c[i].s->cols[c[i].col].avail, av, sizeof(av)),
			  c[i].e->date, c[i].s->cols[c[i].col].label);
	free(c);
	return sb_take(&b);
}

/*
 * The series, but not this release. Sets *OTHER_DISTRO when an edition
 * documenting the distribution has the series for other distributions
 * only, which the caller reports when no series matched.
 */
static char *nd_other_releases(const struct mx_matrix *m, const struct mx_query *q,
			       const char *rel, bool *other_distro)
{
	struct sbuf b = { 0 };
	bool any_series = false;

	for (size_t i = m->ned; i-- > 0;) {
		const struct mx_edition *e = &m->ed[i];

		if (q->edition && strcmp(e->date, q->edition))
			continue;
		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			if (s->major != q->major)
				continue;
			if (!has_distro(s, q->distro)) {
				*other_distro |= edition_has_distro(e, q->distro);
				continue;
			}
			if (any_series)
				sb_printf(&b, "; ");
			else if (q->minor < 0)
				sb_printf(&b, "%s names no minor release; the matrix documents these %s %s releases: ",
					  rel, q->distro, s->label);
			else
				sb_printf(&b, "%s is not documented; the matrix documents these %s %s releases: ",
					  rel, q->distro, s->label);
			any_series = true;
			describe_series(&b, s);
			sb_printf(&b, " (edition %s)", e->date);
		}
	}
	return any_series ? sb_take(&b) : NULL;
}

/* the major's series is documented for other distributions only */
static char *nd_other_distros(const struct mx_matrix *m, const struct mx_query *q,
			      const char *rel)
{
	struct sbuf b = { 0 };

	sb_printf(&b, "%s is not documented: the %d.x series is documented for ", rel, q->major);
	for (size_t i = m->ned, k = 0; i-- > 0;) {
		const struct mx_edition *e = &m->ed[i];

		if ((q->edition && strcmp(e->date, q->edition)) ||
		    !edition_has_distro(e, q->distro))
			continue;
		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			if (s->major != q->major)
				continue;
			for (size_t d = 0; d < s->ndistros; d++)
				sb_printf(&b, "%s%s", k++ ? ", " : "", s->distros[d]);
			sb_printf(&b, " (edition %s)", e->date);
		}
	}
	sb_printf(&b, " only");
	return sb_take(&b);
}

/*
 * The distinct majors documented for the distribution, in page order, at
 * most CAP of them; *DISTRO_KNOWN tells whether any series names it.
 */
static size_t documented_majors(const struct mx_matrix *m, const struct mx_query *q,
				int *majors, size_t cap, bool *distro_known)
{
	size_t nm = 0;

	for (size_t i = 0; i < m->ned; i++) {
		const struct mx_edition *e = &m->ed[i];

		if (q->edition && strcmp(e->date, q->edition))
			continue;
		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];
			bool dup = false;

			if (!has_distro(s, q->distro))
				continue;
			*distro_known = true;
			for (size_t k = 0; k < nm; k++)
				dup |= majors[k] == s->major;
			if (!dup && nm < cap)
				majors[nm++] = s->major;
		}
	}
	return nm;
}

/* the distribution is in no series: list the IDs the matrix knows */
static char *nd_unknown_distro(const struct mx_matrix *m, const struct mx_query *q,
			       const char *rel)
{
	struct sbuf b = { 0 };
	const char *seen[32];
	size_t ns = 0;

	sb_printf(&b, "%s is not documented: the matrix%s%s documents ", rel,
		  q->edition ? " edition " : "", q->edition ? q->edition : "");
	for (size_t i = 0; i < m->ned; i++) {
		if (q->edition && strcmp(m->ed[i].date, q->edition))
			continue;
		for (size_t j = 0; j < m->ed[i].nseries; j++)
			for (size_t d = 0; d < m->ed[i].series[j].ndistros; d++)
				list_once(&b, seen, &ns, ARRAY_SIZE(seen),
					  m->ed[i].series[j].distros[d]);
	}
	sb_printf(&b, " only (IDs as in os-release)");
	return sb_take(&b);
}

/* nothing for this major release: list the majors documented, ascending */
static char *nd_other_majors(const struct mx_matrix *m, const struct mx_query *q,
			     const char *rel)
{
	struct sbuf b = { 0 };
	bool distro_known = false;
	int majors[64];
	size_t nm;

	nm = documented_majors(m, q, majors, ARRAY_SIZE(majors), &distro_known);
	if (!distro_known)
		return nd_unknown_distro(m, q, rel);
	/* insertion sort: a handful of majors */
	for (size_t i = 1; i < nm; i++)
		for (size_t j = i; j > 0 && majors[j - 1] > majors[j]; j--) {
			int t = majors[j];

			majors[j] = majors[j - 1];
			majors[j - 1] = t;
		}
	sb_printf(&b, "%s is not documented; the documented %s series are ", rel, q->distro);
	for (size_t i = 0; i < nm; i++)
		sb_printf(&b, "%s%d.x", i ? ", " : "", majors[i]);
	if (q->edition)
		sb_printf(&b, " (edition %s)", q->edition);
	return sb_take(&b);
}

static char *not_documented(const struct mx_matrix *m, const struct mx_query *q)
{
	char rel[64], lis[64];
	bool other_distro = false;
	char *why;

	release_text(q, rel, sizeof(rel));
	lis_text(q->avail, lis, sizeof(lis));

	why = nd_other_edition(m, q, rel, lis);
	if (!why)
		why = nd_other_kernel(m, q, rel);
	if (!why)
		why = nd_other_flavour(m, q, rel, lis);
	if (!why)
		why = nd_other_releases(m, q, rel, &other_distro);
	if (!why && other_distro)
		why = nd_other_distros(m, q, rel);
	if (!why)
		why = nd_other_majors(m, q, rel);
	return why;
}

/* "rhel 8.10 with built-in LIS on Windows Server 2012 is not documented: ..." */
static char *host_not_documented(const struct mx_query *q, const struct mx_edition *e,
				 const struct mx_series *s)
{
	struct sbuf b = { 0 };
	char rel[64], lis[64], h[64];
	const char *seen[32];
	size_t ns = 0;

	release_text(q, rel, sizeof(rel));
	lis_text(q->avail, lis, sizeof(lis));
	mx_host_display(q->host, h, sizeof(h));
	sb_printf(&b, "%s with %s on %s is not documented: no row of series %s of the %s edition lists host %s (it lists ",
		  rel, lis, h, s->label, e->date, q->host);
	for (size_t i = 0; i < s->nrows; i++)
		for (size_t j = 0; j < s->rows[i].nhosts; j++)
			list_once(&b, seen, &ns, ARRAY_SIZE(seen), s->rows[i].hosts[j]);
	sb_printf(&b, "%s); pass --host for the host it stands for, or judge by --expect",
		  ns ? "" : "none");
	return sb_take(&b);
}

static void remark(struct mx_result *res, char *text)
{
	res->remarks = xrealloc(res->remarks, (res->nremarks + 1) * sizeof(char *));
	res->remarks[res->nremarks++] = text;
}

static void expect_feature(const struct mx_series *s, size_t col, const struct mx_feature *f,
			   const char *host, struct mx_expect *x)
{
	const struct mx_row *first = NULL, *newest = NULL;
	int rank = mx_host_rank(host), maxr = -1;
	bool any_hosts = false;

	x->f = f;
	x->row = NULL;
	for (size_t i = 0; i < s->nrows; i++) {
		const struct mx_row *r = &s->rows[i];

		if (strcmp(r->feature, f->id))
			continue;
		if (!first)
			first = r;
		if (r->nhosts)
			any_hosts = true;
		if (row_has_host(r, host)) {
			x->row = r;
			x->hm = MX_HOST_LISTED;
		}
		for (size_t j = 0; j < r->nhosts; j++) {
			int hr = mx_host_rank(r->hosts[j]);

			if (hr > maxr) {
				maxr = hr;
				newest = r;
			}
		}
	}
	if (!x->row) {
		if (rank >= 0 && maxr >= 0 && rank > maxr) {
			x->row = newest;
			x->hm = MX_HOST_EXTRAPOLATED;
		} else {
			x->row = first;
			x->hm = any_hosts ? MX_HOST_NOT_LISTED : MX_HOST_NONE_LISTED;
		}
	}
	x->cell = &x->row->cells[col];
	x->expected = x->cell->v == MX_YES &&
		      (x->hm == MX_HOST_LISTED || x->hm == MX_HOST_EXTRAPOLATED);
}

static bool feature_in_series(const struct mx_series *s, const char *id)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (!strcmp(s->rows[i].feature, id))
			return true;
	return false;
}

/* "a, b and c" of the features with a property */
static void list_ids(struct sbuf *b, const struct mx_result *res, bool (*pred)(const struct mx_expect *))
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < res->nfx; i++)
		n += pred(&res->fx[i]);
	for (size_t i = 0; i < res->nfx; i++)
		if (pred(&res->fx[i])) {
			k++;
			sb_printf(b, "%s%s", k == 1 ? "" : k == n ? " and " : ", ", res->fx[i].f->id);
		}
}

static bool is_extrapolated(const struct mx_expect *x)
{
	return x->hm == MX_HOST_EXTRAPOLATED;
}

/* only where it matters: an available cell */
static bool is_none_listed(const struct mx_expect *x)
{
	return x->hm == MX_HOST_NONE_LISTED && x->cell->v == MX_YES;
}

/* why this edition and column were chosen, when not the obvious ones */
static void remark_choice(struct mx_result *res, const struct mx_query *q, const struct cand *c,
			  size_t pick, bool unspecified, const char *h)
{
	char lis[64];

	if (pick)
		remark(res, xasprintf("the %s edition also documents this release, but lists no row for %s; the %s edition does",
				      c[0].e->date, h, c[pick].e->date));
	if (unspecified)
		remark(res, xasprintf("the %s edition leaves the availability of column %s blank; it is read as documenting %s",
				      res->ed->date, res->col->label,
				      lis_text(q->avail, lis, sizeof(lis))));
}

/* rows read for a host they do not list: the verdict rests on a guess */
static void remark_host_guesses(struct mx_result *res, const char *h)
{
	struct sbuf b = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < res->nfx; i++)
		n += is_extrapolated(&res->fx[i]);
	if (n == res->nfx) {
		sb_printf(&b, "%s is newer than every host the %s edition lists: each row is read as for its newest host (extrapolated)",
			  h, res->ed->date);
		remark(res, sb_take(&b));
		b = (struct sbuf){ 0 };
	} else if (n) {
		sb_printf(&b, "%s is newer than every host the page lists for ", h);
		list_ids(&b, res, is_extrapolated);
		sb_printf(&b, ": read as for the newest host listed (extrapolated)");
		remark(res, sb_take(&b));
		b = (struct sbuf){ 0 };
	}
	n = 0;
	for (size_t i = 0; i < res->nfx; i++)
		n += is_none_listed(&res->fx[i]);
	if (n) {
		sb_printf(&b, "the page marks ");
		list_ids(&b, res, is_none_listed);
		sb_printf(&b, " available but lists no host for %s: not expected on any host",
			  n > 1 ? "them" : "it");
		remark(res, sb_take(&b));
	}
}

/* note J of feature I is cited by an earlier feature: remark it once */
static bool note_cited_before(const struct mx_result *res, size_t i, size_t j)
{
	const struct mx_expect *x = &res->fx[i];
	bool earlier = false;

	for (size_t k = 0; k < i && !earlier; k++)
		for (size_t l = 0; l < res->fx[k].cell->nnotes; l++)
			earlier |= res->fx[k].cell->notes[l] == x->cell->notes[j];
	return earlier;
}

/* page defects in the cells read: missing cells, cited notes without text */
static void remark_cell_defects(struct mx_result *res)
{
	for (size_t i = 0; i < res->nfx; i++) {
		const struct mx_expect *x = &res->fx[i];

		if (x->cell->v == MX_ABSENT)
			remark(res, xasprintf("the page's row for %s (%s:%d) has no cell in column %s: it renders blank, read as not available",
					      x->f->id, x->row->file, x->row->line, res->col->label));
		for (size_t j = 0; j < x->cell->nnotes; j++) {
			const struct mx_note *nt = mx_note_find(res->ed, x->cell->notes[j]);

			if (note_cited_before(res, i, j) || !nt)
				continue;
			if (nt->status == MX_NOTE_UNDEFINED)
				remark(res, xasprintf("note %d is cited but the page does not define it",
						      nt->n));
			else if (nt->status == MX_NOTE_OMITTED)
				remark(res, xasprintf("note %d is cited but the page marks it as omitted",
						      nt->n));
		}
	}
}

/* features not judged because the edition or the series has no row for them */
static void remark_missing_rows(struct mx_result *res)
{
	struct sbuf b = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < mx_known_features_count; i++) {
		const char *id = mx_known_features[i].id;

		if (mx_feature_find(res->ed, id))
			continue;
		sb_printf(&b, "%s%s", n++ ? ", " : "", id);
	}
	if (n) {
		char *t = sb_take(&b);

		remark(res, xasprintf("the %s edition has no row for %s", res->ed->date, t));
		free(t);
		b = (struct sbuf){ 0 };
	}
	n = 0;
	for (size_t i = 0; i < res->ed->nfeatures; i++) {
		const char *id = res->ed->features[i].id;

		if (feature_in_series(res->s, id))
			continue;
		sb_printf(&b, "%s%s", n++ ? ", " : "", id);
	}
	if (n) {
		char *t = sb_take(&b);

		remark(res, xasprintf("series %s of the %s edition has no row for %s", res->s->label,
				      res->ed->date, t));
		free(t);
	}
}

/* the remarks come in this order: choice, host guesses, cells, missing rows */
static void add_remarks(struct mx_result *res, const struct mx_query *q, const struct cand *c,
			size_t pick, bool unspecified)
{
	char h[64];

	mx_host_display(q->host, h, sizeof(h));
	remark_choice(res, q, c, pick, unspecified, h);
	remark_host_guesses(res, h);
	remark_cell_defects(res);
	remark_missing_rows(res);
}

/*
 * The newest release the matrix documents for the distribution (in any
 * edition: a release another edition documents is not extrapolated), as a
 * major and a minor its column covers; false if none.
 */
static bool newest_release(const struct mx_matrix *m, const struct mx_query *q, int *major,
			   int *lo, int *hi, const char **label)
{
	bool any = false;

	for (size_t i = 0; i < m->ned; i++) {
		const struct mx_edition *e = &m->ed[i];

		for (size_t j = 0; j < e->nseries; j++) {
			const struct mx_series *s = &e->series[j];

			if (!has_distro(s, q->distro))
				continue;
			for (size_t k = 0; k < s->ncols; k++)
				for (size_t r = 0; r < s->cols[k].nr; r++) {
					const struct mx_range *x = &s->cols[k].r[r];

					if (any && (x->major < *major ||
						    (x->major == *major && x->hi <= *hi)))
						continue;
					any = true;
					*major = x->major;
					*lo = x->lo;
					*hi = x->hi;
					*label = s->cols[k].label;
				}
		}
	}
	return any;
}

/* an edition documenting the distribution has a series of its major for others only */
static bool major_for_others(const struct mx_matrix *m, const struct mx_query *q)
{
	for (size_t i = 0; i < m->ned; i++) {
		const struct mx_edition *e = &m->ed[i];

		if (!edition_has_distro(e, q->distro))
			continue;
		for (size_t j = 0; j < e->nseries; j++)
			if (e->series[j].major == q->major && !has_distro(&e->series[j], q->distro))
				return true;
	}
	return false;
}

/* two columns of the same release and availability that differ in kernel only */
static char *kernel_ambiguous(const struct mx_query *q, const struct cand *c, size_t n,
			      size_t pick)
{
	const struct mx_column *a = &c[pick].s->cols[c[pick].col];
	struct sbuf b = { 0 };
	char rel[64];

	if (q->kernel || !a->kernel)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct mx_column *o = &c[i].s->cols[c[i].col];

		if (i == pick || c[i].e != c[pick].e || !o->kernel || !strcmp(o->kernel, a->kernel))
			continue;
		release_text(q, rel, sizeof(rel));
		sb_printf(&b, "%s is documented for two kernels (%s: column %s; %s: column %s) and the guest's kernel is unknown: pass --kernel rhck or --kernel uek",
			  rel, a->kernel, a->label, o->kernel, o->label);
		return sb_take(&b);
	}
	return NULL;
}

static int resolve(const struct mx_matrix *m, const struct mx_query *q, struct mx_result *res,
		   char **why);

/*
 * A rebuild is read as its upstream; a release newer than every documented
 * one of its distribution as the newest documented (extrapolated, said in
 * a remark; not documented with --strict-docs).
 */
int mx_resolve(const struct mx_matrix *m, const struct mx_query *q0, struct mx_result *res,
	       char **why)
{
	struct mx_query q = *q0;
	const char *up = mx_os_rebuild_of(q.distro);
	int major = 0, lo = 0, hi = 0, rc;
	const char *label = NULL;
	bool newer = false;
	char rel[64];

	release_text(q0, rel, sizeof(rel));
	if (up)
		q.distro = up;
	mx_os_normalize(&q);
	/* a series of that major for another distribution of the page excludes it */
	if (newest_release(m, &q, &major, &lo, &hi, &label) && !major_for_others(m, &q) &&
	    (q.major > major || (q.major == major && hi != MX_OPEN && q.minor > hi))) {
		if (q.strict_docs) {
			memset(res, 0, sizeof(*res));
			*why = xasprintf("%s is newer than every %s release the matrix documents (the newest: column %s); --strict-docs: not documented",
					 rel, q.distro, label);
			return -1;
		}
		newer = true;
		q.major = major;
		q.minor = hi == MX_OPEN ? lo : hi;
	}
	rc = resolve(m, &q, res, why);
	if (rc)
		return rc;
	res->distro = q.distro;
	if (up) {
		res->rebuild_of = q0->distro;
		remark(res, xasprintf("%s is a rebuild of %s: compared with the %s column of the same release",
				      q0->distro, up, up));
	}
	if (newer) {
		res->extrapolated = true;
		remark(res, xasprintf("%s is newer than every %s release the matrix documents: compared with the newest documented column, %s %s of the %s edition (extrapolated)",
				      rel, q.distro, q.distro, res->col->label, res->ed->date));
	}
	return 0;
}

static int resolve(const struct mx_matrix *m, const struct mx_query *q, struct mx_result *res,
		   char **why)
{
	struct cand *c;
	size_t n, pick = 0;
	bool unspecified = false;

	memset(res, 0, sizeof(*res));
	*why = NULL;
	if (q->edition && !mx_edition_find(m, q->edition)) {
		struct sbuf b = { 0 };

		sb_printf(&b, "no edition %s in the matrix; its editions are ", q->edition);
		for (size_t i = 0; i < m->ned; i++)
			sb_printf(&b, "%s%s", i ? ", " : "", m->ed[i].date);
		*why = sb_take(&b);
		return -1;
	}
	n = candidates(m, q, q->avail, q->edition, &c);
	if (!n) {
		free(c);
		n = candidates(m, q, "unspecified", q->edition, &c);
		unspecified = n > 0;
	}
	if (!n) {
		free(c);
		*why = not_documented(m, q);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (c[i].fit) {
			pick = i;
			break;
		}
	if (!c[pick].fit) {
		/* no row of the column lists the host: no pass by accident */
		*why = host_not_documented(q, c[0].e, c[0].s);
		free(c);
		return -1;
	}
	*why = kernel_ambiguous(q, c, n, pick);
	if (*why) {
		free(c);
		return -1;
	}
	res->ed = c[pick].e;
	res->s = c[pick].s;
	res->colidx = c[pick].col;
	res->col = &res->s->cols[res->colidx];
	for (size_t i = 0; i < res->ed->nfeatures; i++) {
		const struct mx_feature *f = &res->ed->features[i];

		if (!feature_in_series(res->s, f->id))
			continue;
		res->fx = xrealloc(res->fx, (res->nfx + 1) * sizeof(*res->fx));
		expect_feature(res->s, res->colidx, f, q->host, &res->fx[res->nfx++]);
	}
	/* a newer edition skipped only when it does not document the host */
	add_remarks(res, q, c, pick, unspecified);
	free(c);
	return 0;
}

void mx_result_free(struct mx_result *res)
{
	for (size_t i = 0; i < res->nremarks; i++)
		free(res->remarks[i]);
	free(res->remarks);
	free(res->fx);
	memset(res, 0, sizeof(*res));
}
