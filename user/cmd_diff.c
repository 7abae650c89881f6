// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps diff (also hvcaps --diff): the documented matrix against the live
 * guest, feature by feature.
 *
 * The distribution, release, LIS flavour and host come from the facts (each
 * overridable: --os, --lis, --host); the column is what `hvcaps expected`
 * picks for them (mx_resolve()); the live side is `hvcaps features`
 * (features.c). Per feature:
 *
 *   documented \ live   yes      no        inferred       unknown, n/a
 *   expected            ok       missing   ok             not checkable
 *   not expected        better   ok        not checkable  not checkable (n/a: ok)
 *
 * Exit 0 when nothing documented is missing, 1 when something is, 2 on
 * error. --expect FILE holds "feature-id yes|no|inferred|unknown|n/a|any"
 * lines: a feature with a line is judged by it (the live state must be
 * that, "any" always holds) instead of by the documentation; exit 1 when a
 * line does not hold, 2 when the file is malformed (FILE:LINE: reason).
 * With --expect, a guest the matrix does not document is judged by the
 * file alone (a kernel CI on any distribution), with a warning.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hvcaps.h"
#include "hvfeatures.h"
#include "matrix.h"
#include "util.h"

enum { OPT_OS = 0x400, OPT_LIS, OPT_HOST, OPT_EDITION, OPT_MATRIX, OPT_EXPECT };

void usage_diff(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps diff [--os ID-VERSION] [--lis builtin|4.3|4.1] [--host HOST]\n"
		"                   [--edition DATE] [--matrix FILE]... [--expect FILE] [OPTIONS]\n"
		"       hvcaps --diff [...]\n"
		"Compare Microsoft's documented feature matrix for this guest's distribution,\n"
		"release, LIS flavour and host with the features it has (hvcaps features):\n"
		"one row per feature with the documented and the live state, the result (ok,\n"
		"missing, better than documented, not checkable) and the evidence, or where\n"
		"something is missing, the remediation.\n"
		"\n"
		"  --os ID-VERSION   the distribution and release (rhel-8.10, centos-7.9);\n"
		"                    default: the guest's os-release and release file\n"
		"  --lis FLAVOUR     builtin, or a LIS version (4.3, 4.1); default: from the\n"
		"                    guest's hv_vmbus and packages\n"
		"  --host HOST       2012r2, 2016, 2019, 2022, 2025 or azure-stack-hci; default:\n"
		"                    from the host build, else from the VMBus version\n"
		"  --edition DATE    the edition of the page (2019-06-13, 2025-06-19); default:\n"
		"                    the newest documenting the release and host\n"
		"  --matrix FILE     a matrix or notes file instead of the compiled-in matrix\n"
		"                    (repeat it for several files)\n"
		"  --expect FILE     lines \"FEATURE-ID yes|no|inferred|unknown|n/a|any\" (# starts\n"
		"                    a comment): a feature with a line must be exactly that,\n"
		"                    whatever the documentation says\n"
		GLOBAL_OPTIONS_HELP
		"                    --root DIR with --source netlink reads the guest facts\n"
		"                    under DIR and the offers from the hvcaps module\n"
		"  -h, --help        show this help\n"
		"\n"
		"Exit status: 0 nothing documented is missing (and every --expect line\n"
		"holds), 1 something is missing (or an --expect line does not hold), 2 error.\n");
}

/* ---- --expect FILE ---- */

enum { EXPECT_ANY = -1 };

struct expect_line {
	int line;
	int value;		/* an enum ft_state, or EXPECT_ANY */
	const char *text;	/* "yes", "any", ... */
};

struct expect_file {
	const char *path;
	struct expect_line by_id[FT_COUNT];	/* line 0: none */
	size_t nlines;
};

static int feature_index(const char *id)
{
	for (int i = 0; i < FT_COUNT; i++)
		if (!strcmp(ft_ids[i], id))
			return i;
	return -1;
}

/* 0, or the number of malformed lines (each reported) or -1 if unreadable */
static int expect_load(const char *path, struct expect_file *ef)
{
	char *text, *line, *next;
	int e = read_text_file(path, &text), n = 0, bad = 0;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	if (e) {
		err("cannot read the expectation file %s: %s", path,
		    e == -EILSEQ ? "it has a NUL byte: not a text file" : strerror(-e));
		return -1;
	}
	for (line = text; line; line = next) {
		char *hash, *id, *val, *extra, *save = NULL;
		enum ft_state st;
		int fi, v;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		id = strtok_r(line, " \t\r", &save);
		if (!id)
			continue;
		val = strtok_r(NULL, " \t\r", &save);
		extra = val ? strtok_r(NULL, " \t\r", &save) : NULL;
		if (!val || extra) {
			err("%s:%d: expected \"FEATURE-ID yes|no|inferred|unknown|n/a|any\", got %s",
			    path, n, val ? "more than two fields" : "one field");
			bad++;
			continue;
		}
		fi = feature_index(id);
		if (fi < 0) {
			err("%s:%d: unknown feature id '%s' (the ids are in data/FORMAT.md: core, accurate-time, ..., secure-boot)",
			    path, n, id);
			bad++;
			continue;
		}
		if (!strcmp(val, "any"))
			v = EXPECT_ANY;
		else if (ft_state_parse(val, &st))
			v = (int)st;
		else {
			err("%s:%d: %s %s: the value must be yes, no, inferred, unknown, n/a or any",
			    path, n, id, val);
			bad++;
			continue;
		}
		if (ef->by_id[fi].line) {
			err("%s:%d: %s is already expected at line %d", path, n, id, ef->by_id[fi].line);
			bad++;
			continue;
		}
		ef->by_id[fi].line = n;
		ef->by_id[fi].value = v;
		ef->by_id[fi].text = v == EXPECT_ANY ? "any" : ft_state_name((enum ft_state)v);
		ef->nlines++;
	}
	free(text);
	return bad;
}

/* ---- detection ---- */

struct detected {
	struct mx_query q;
	char *distro, *os_arg, *avail, *host;
	char *os_source, *lis_source;
	char *why;		/* why the documentation cannot be looked up */
};

static void detected_free(struct detected *d)
{
	free(d->distro);
	free(d->os_arg);
	free(d->avail);
	free(d->host);
	free(d->os_source);
	free(d->lis_source);
	free(d->why);
}

/* "7.9.2009" -> "7.9"; NULL if it does not start with a number */
static char *major_minor(const char *v)
{
	const char *p = v;
	size_t dots = 0;

	if (!isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p) || (*p == '.' && dots++ < 1 && isdigit((unsigned char)p[1])))
		p++;
	return strndup(v, (size_t)(p - v));
}

static void why(struct detected *d, char *owned)
{
	if (!d->why)
		d->why = owned;
	else
		free(owned);
}

static void detect_os(const struct hv_guest *g, const char *opt, struct detected *d)
{
	const struct guest_os *os = &g->os;
	char *ver = NULL;

	if (opt) {
		d->os_arg = xstrdup(opt);
		d->os_source = xstrdup("--os");
	} else if (!os->id) {
		why(d, xasprintf("the distribution is unknown (%s): pass --os ID-VERSION",
				 os->why ? os->why : "no os-release or release file"));
		return;
	} else {
		const char *v = os->version_id;
		size_t vl = v ? strlen(v) : 0;

		/* the release file's version when it says more (CentOS 7: "7" and "7.9.2009") */
		if (os->release_version && (!v || (!strncmp(os->release_version, v, vl) &&
						   os->release_version[vl] == '.')))
			ver = major_minor(os->release_version);
		if (!ver && v)
			ver = major_minor(v);
		if (!ver) {
			why(d, xasprintf("the release of %s is unknown: pass --os %s-VERSION", os->id,
					 os->id));
			return;
		}
		d->os_arg = xasprintf("%s-%s", os->id, ver);
		if (ver && os->release_version && !strncmp(os->release_version, ver, strlen(ver)) &&
		    (!v || strcmp(v, ver)))
			d->os_source = xasprintf("%s: %s", os->release_file ? os->release_file : "the release file",
						 os->release_version);
		else
			d->os_source = xasprintf("%s", os->source ? os->source : "os-release");
		free(ver);
	}
	if (!expected_parse_os(d->os_arg, &d->q, &d->distro))
		why(d, xasprintf("%s '%s' is not ID-VERSION: pass --os", opt ? "--os" : "the guest's release",
				 d->os_arg));
}

static void detect_lis(const struct hv_guest *g, const char *opt, struct detected *d)
{
	const struct guest_lis *l = &g->lis;
	const char *v = NULL;

	if (opt) {
		d->avail = expected_parse_lis(opt);
		d->lis_source = xstrdup("--lis");
		return;	/* checked by the caller */
	}
	if (!l->flavour) {
		why(d, xasprintf("the LIS flavour is unknown (%s): pass --lis builtin or --lis 4.3",
				 l->why ? l->why : "no evidence"));
		return;
	}
	if (!strcmp(l->flavour, "builtin")) {
		d->avail = xstrdup("builtin");
		d->lis_source = xasprintf("the guest's drivers: %s",
					  l->evidence.n ? l->evidence.v[0] : "builtin");
		return;
	}
	if (!strcmp(l->flavour, "lis")) {
		for (size_t i = 0; i < l->npackages && !v; i++)
			if (l->packages[i].installed.known && l->packages[i].installed.v &&
			    l->packages[i].version)
				v = l->packages[i].version;
		if (!v)
			v = l->hv_vmbus_version;
		if (v) {
			char *mm = major_minor(v);

			if (mm && strchr(mm, '.')) {
				d->avail = xasprintf("lis-%s", mm);
				d->lis_source = xasprintf("Microsoft's LIS %s", v);
			}
			free(mm);
		}
		if (!d->avail)
			why(d, xstrdup("Microsoft's LIS is installed, its version unknown: pass --lis 4.3 or --lis 4.1"));
		return;
	}
	why(d, xasprintf("hv_vmbus is an out-of-tree module that is not Microsoft's LIS (%s): the matrix documents built-in drivers and LIS only; pass --lis",
			 l->evidence.n ? l->evidence.v[0] : l->flavour));
}

/* ---- the comparison ---- */

enum result { R_OK, R_MISSING, R_BETTER, R_NOT_CHECKABLE };

static const char *result_id(enum result r)
{
	switch (r) {
	case R_OK: return "ok";
	case R_MISSING: return "missing";
	case R_BETTER: return "better";
	case R_NOT_CHECKABLE: break;
	}
	return "not-checkable";
}

static const char *result_text(enum result r)
{
	switch (r) {
	case R_OK: return "ok";
	case R_MISSING: return "MISSING";
	case R_BETTER: return "better";
	case R_NOT_CHECKABLE: break;
	}
	return "not checkable";
}

struct row {
	const struct ft_result *live;
	const struct mx_expect *doc;	/* NULL: not documented */
	enum result result;
	int notes[8];			/* the cell's notes the remediation rests on */
	size_t nnotes;
	const struct expect_line *expect;	/* NULL: no line */
	bool expect_holds;
};

static enum result compare(const struct mx_expect *x, enum ft_state s)
{
	if (!x)
		return R_NOT_CHECKABLE;
	if (x->expected) {
		switch (s) {
		case FT_YES:
		case FT_INFERRED:
			return R_OK;
		case FT_NO:
			return R_MISSING;
		default:
			return R_NOT_CHECKABLE;
		}
	}
	switch (s) {
	case FT_YES:
		return R_BETTER;
	case FT_NO:
	case FT_NA:
		return R_OK;
	default:
		return R_NOT_CHECKABLE;
	}
}

/* the notes of the cell whose checks are the one the live result names */
static void match_notes(const struct mx_edition *ed, struct row *r)
{
	if (!r->doc || !r->live->check || r->live->state == FT_YES)
		return;
	for (size_t i = 0; i < r->doc->cell->nnotes; i++) {
		const struct mx_note *nt = mx_note_find(ed, r->doc->cell->notes[i]);

		for (size_t j = 0; nt && j < nt->nchecks; j++)
			if (!strcmp(nt->checks[j].id, r->live->check) &&
			    r->nnotes < ARRAY_SIZE(r->notes)) {
				r->notes[r->nnotes++] = nt->n;
				break;
			}
	}
}

static const char *doc_text(const struct mx_expect *x)
{
	if (!x)
		return "-";
	if (x->expected)
		return "yes";
	if (x->cell->v == MX_YES)
		return "no (host)";	/* available, but not on this host */
	return x->cell->v == MX_ABSENT ? "no" : mx_value_name(x->cell->v);
}

/* text, then " [note 4, note 12]" for the notes the row rests on */
static char *with_notes(char *s, const struct row *r)
{
	for (size_t i = 0; i < r->nnotes; i++) {
		char *t = xasprintf("%s%snote %d", s, i ? ", " : *s ? " [" : "[", r->notes[i]);

		free(s);
		s = t;
	}
	if (r->nnotes) {
		char *t = xasprintf("%s]", s);

		free(s);
		s = t;
	}
	return s;
}

static char *remediation_text(const struct row *r)
{
	char *s = with_notes(xstrdup(r->live->remediation ? r->live->remediation : ""), r);

	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static char *evidence_text(const struct row *r)
{
	const struct ft_result *l = r->live;
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < l->evidence.n; i++)
		len += strlen(l->evidence.v[i]) + 2;
	s = xcalloc(1, len);
	for (size_t i = 0; i < l->evidence.n; i++) {
		if (i)
			strcat(s, "; ");
		strcat(s, l->evidence.v[i]);
	}
	return with_notes(s, r);
}

struct summary {
	size_t n[4];
	size_t expect_failed, expect_lines, missing_counted;
};

static const char *result_color(enum result r)
{
	switch (r) {
	case R_OK: return C.ok;
	case R_MISSING: return C.warn;
	case R_BETTER: return C.bold;
	case R_NOT_CHECKABLE: break;
	}
	return C.dim;
}

static void list_ids(const struct row *rows, bool (*pred)(const struct row *))
{
	size_t k = 0;

	for (size_t i = 0; i < FT_COUNT; i++)
		if (pred(&rows[i]))
			printf("%s%s", k++ ? ", " : "", rows[i].live->id);
}

static bool is_missing_counted(const struct row *r)
{
	return r->result == R_MISSING && !r->expect;
}

static bool is_missing_allowed(const struct row *r)
{
	return r->result == R_MISSING && r->expect;
}

static void print_text(const struct detected *d, const struct ft_host *host,
		       const struct mx_result *res, const struct row *rows,
		       const struct expect_file *ef, const struct summary *sum)
{
	char hb[64], lb[64];
	bool any_notes = false;

	if (res) {
		mx_host_display(d->q.host, hb, sizeof(hb));
		if (!strcmp(d->q.avail, "builtin"))
			snprintf(lb, sizeof(lb), "built-in LIS");
		else
			mx_avail_display(d->q.avail, lb, sizeof(lb));
		printf("%s%s %s with %s on %s: documented and live%s\n", C.bold, d->q.distro,
		       d->q.release, lb, hb, C.reset);
	} else {
		printf("%sThe live features against %s (no documentation)%s\n", C.bold,
		       ef ? ef->path : "-", C.reset);
	}
	if (d->os_arg)
		printf("  OS       %s (from %s)\n", d->os_arg, d->os_source);
	if (d->avail)
		printf("  LIS      %s (from %s)\n", d->avail, d->lis_source);
	if (host->release)
		printf("  Host     %s (from %s%s)\n", host->release,
		       host->source == FT_HOST_OPTION ? "" : "the ", host->source_text);
	else
		printf("  Host     unknown\n");
	if (host->remark)
		printf("           %s\n", host->remark);
	if (res)
		printf("  Matrix   edition %s, column %s of series %s (%s)\n", res->ed->date,
		       res->col->label, res->s->label, mx_avail_display(res->col->avail, lb, sizeof(lb)));
	else
		printf("  Matrix   not used: %s\n", d->why);
	printf("\n%s%-22s %-10s %-9s %-14s %s%s%s\n", C.bold, "FEATURE", "DOCUMENTED", "LIVE",
	       "RESULT", ef ? "EXPECT       " : "", "EVIDENCE OR REMEDIATION", C.reset);
	for (size_t i = 0; i < FT_COUNT; i++) {
		const struct row *r = &rows[i];
		char *text = r->result == R_MISSING || (r->expect && !r->expect_holds) ?
			     remediation_text(r) : NULL;
		char ex[32] = "";

		if (!text)
			text = evidence_text(r);
		if (ef && r->expect)
			snprintf(ex, sizeof(ex), "%s: %s", r->expect->text,
				 r->expect_holds ? "holds" : "FAILS");
		else if (ef)
			snprintf(ex, sizeof(ex), "-");
		printf("%-22s %-10s %-9s %s%-14s%s ", r->live->id, doc_text(r->doc),
		       ft_state_name(r->live->state), result_color(r->result),
		       result_text(r->result), C.reset);
		if (ef)
			printf("%-12s ", ex);
		printf("%s\n", text);
		free(text);
		any_notes |= r->nnotes > 0;
	}
	if (any_notes) {
		printf("\n%sNotes%s\n", C.bold, C.reset);
		for (size_t i = 0; i < FT_COUNT; i++)
			for (size_t j = 0; j < rows[i].nnotes; j++) {
				const struct mx_note *nt = mx_note_find(res->ed, rows[i].notes[j]);
				bool seen = false;
				char num[16];

				for (size_t k = 0; k < i; k++)
					for (size_t l = 0; l < rows[k].nnotes; l++)
						seen |= rows[k].notes[l] == rows[i].notes[j];
				if (seen || !nt)
					continue;
				snprintf(num, sizeof(num), "  %-3d", nt->n);
				print_wrapped(num, nt->says ? nt->says : "(no paraphrase loaded)", 6);
			}
	}
	if (res && res->nremarks) {
		printf("\n%sRemarks%s\n", C.bold, C.reset);
		for (size_t i = 0; i < res->nremarks; i++)
			print_wrapped("  -", res->remarks[i], 4);
	}
	if (ef && sum->expect_failed) {
		printf("\n%sExpectations that do not hold%s\n", C.bold, C.reset);
		for (size_t i = 0; i < FT_COUNT; i++)
			if (rows[i].expect && !rows[i].expect_holds)
				printf("  %s:%d: %s %s: live is %s\n", ef->path, rows[i].expect->line,
				       rows[i].live->id, rows[i].expect->text,
				       ft_state_name(rows[i].live->state));
	}
	printf("\nSummary: %zu ok, %zu missing", sum->n[R_OK], sum->n[R_MISSING]);
	if (sum->missing_counted) {
		printf(" (");
		list_ids(rows, is_missing_counted);
		printf(")");
	}
	if (sum->n[R_MISSING] > sum->missing_counted) {
		printf("%s", sum->missing_counted ? ", of which " : " (");
		list_ids(rows, is_missing_allowed);
		printf(" judged by --expect)");
	}
	printf(", %zu better than documented, %zu not checkable", sum->n[R_BETTER],
	       sum->n[R_NOT_CHECKABLE]);
	if (ef)
		printf("; expectations: %zu of %zu hold", sum->expect_lines - sum->expect_failed,
		       sum->expect_lines);
	printf("\n");
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static void print_json_result(const struct detected *d, const struct ft_host *host,
			      const struct mx_result *res, const struct row *rows,
			      const struct expect_file *ef, const struct summary *sum, int exit_code)
{
	json_object *o = json_object_new_object(), *fs = json_object_new_array();
	json_object *os = json_object_new_object(), *lis = json_object_new_object();
	json_object *doc = NULL, *rs = json_object_new_array(), *s = json_object_new_object();
	json_object *miss = json_object_new_array(), *allowed = json_object_new_array();

	json_object_object_add(os, "id", jstr(d->distro));
	json_object_object_add(os, "release", jstr(d->distro ? d->q.release : NULL));
	json_object_object_add(os, "source", jstr(d->os_source));
	json_object_object_add(lis, "availability", jstr(d->avail));
	json_object_object_add(lis, "source", jstr(d->lis_source));
	json_object_object_add(o, "os", os);
	json_object_object_add(o, "lis", lis);
	json_object_object_add(o, "host", ft_host_json(host));
	if (res) {
		doc = json_object_new_object();
		json_object_object_add(doc, "edition", json_object_new_string(res->ed->date));
		json_object_object_add(doc, "series", json_object_new_string(res->s->label));
		json_object_object_add(doc, "column", json_object_new_string(res->col->label));
		json_object_object_add(doc, "availability", json_object_new_string(res->col->avail));
	}
	json_object_object_add(o, "documented", doc);
	json_object_object_add(o, "documentation_error", res ? NULL : jstr(d->why));
	for (size_t i = 0; i < FT_COUNT; i++) {
		const struct row *r = &rows[i];
		json_object *f = json_object_new_object(), *dj = NULL, *ns = json_object_new_array();
		json_object *ej = NULL;
		char *rem;

		json_object_object_add(f, "id", json_object_new_string(r->live->id));
		if (r->doc) {
			json_object *cn = json_object_new_array();

			dj = json_object_new_object();
			for (size_t j = 0; j < r->doc->cell->nnotes; j++)
				json_object_array_add(cn, json_object_new_int(r->doc->cell->notes[j]));
			json_object_object_add(f, "name", json_object_new_string(r->doc->f->name));
			json_object_object_add(dj, "cell", json_object_new_string(
				r->doc->cell->v == MX_ABSENT ? "no" : mx_value_name(r->doc->cell->v)));
			json_object_object_add(dj, "notes", cn);
			json_object_object_add(dj, "host_match",
					       json_object_new_string(mx_host_match_name(r->doc->hm)));
			json_object_object_add(dj, "expected", json_object_new_boolean(r->doc->expected));
		} else {
			json_object_object_add(f, "name", NULL);
		}
		json_object_object_add(f, "documented", dj);
		json_object_object_add(f, "live", ft_result_json(r->live));
		json_object_object_add(f, "result", json_object_new_string(result_id(r->result)));
		rem = r->live->state == FT_YES ? NULL : remediation_text(r);
		json_object_object_add(f, "remediation", jstr(rem));
		free(rem);
		for (size_t j = 0; j < r->nnotes; j++) {
			const struct mx_note *nt = mx_note_find(res->ed, r->notes[j]);
			json_object *n = json_object_new_object();

			json_object_object_add(n, "number", json_object_new_int(r->notes[j]));
			json_object_object_add(n, "says", jstr(nt ? nt->says : NULL));
			json_object_array_add(ns, n);
		}
		json_object_object_add(f, "notes", ns);
		if (r->expect) {
			ej = json_object_new_object();
			json_object_object_add(ej, "value", json_object_new_string(r->expect->text));
			json_object_object_add(ej, "line", json_object_new_int(r->expect->line));
			json_object_object_add(ej, "holds", json_object_new_boolean(r->expect_holds));
		}
		json_object_object_add(f, "expect", ej);
		json_object_array_add(fs, f);
		if (is_missing_counted(r))
			json_object_array_add(miss, json_object_new_string(r->live->id));
		if (is_missing_allowed(r))
			json_object_array_add(allowed, json_object_new_string(r->live->id));
	}
	json_object_object_add(o, "features", fs);
	for (size_t i = 0; res && i < res->nremarks; i++)
		json_object_array_add(rs, json_object_new_string(res->remarks[i]));
	json_object_object_add(o, "remarks", rs);
	json_object_object_add(s, "ok", json_object_new_int((int)sum->n[R_OK]));
	json_object_object_add(s, "missing", json_object_new_int((int)sum->n[R_MISSING]));
	json_object_object_add(s, "better", json_object_new_int((int)sum->n[R_BETTER]));
	json_object_object_add(s, "not_checkable", json_object_new_int((int)sum->n[R_NOT_CHECKABLE]));
	json_object_object_add(s, "missing_features", miss);
	json_object_object_add(s, "missing_judged_by_expect", allowed);
	json_object_object_add(s, "expect_file", jstr(ef ? ef->path : NULL));
	json_object_object_add(s, "expect_lines", ef ? json_object_new_int((int)sum->expect_lines) : NULL);
	json_object_object_add(s, "expect_failed", ef ? json_object_new_int((int)sum->expect_failed) : NULL);
	json_object_object_add(o, "summary", s);
	json_object_object_add(o, "exit", json_object_new_int(exit_code));
	print_json(o);
	json_object_put(o);
}

int cmd_diff(int argc, char **argv, struct hv_opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "os", required_argument, NULL, OPT_OS },
		{ "lis", required_argument, NULL, OPT_LIS },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "edition", required_argument, NULL, OPT_EDITION },
		{ "matrix", required_argument, NULL, OPT_MATRIX },
		{ "expect", required_argument, NULL, OPT_EXPECT },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *os_opt = NULL, *lis_opt = NULL, *host_opt = NULL, *edition = NULL;
	const char *expect_path = NULL;
	char **files = NULL, *h = NULL, *mx_why = NULL;
	size_t nfiles = 0;
	struct mx_matrix mx = { 0 };
	struct mx_result res;
	bool have_res = false;
	struct expect_file ef;
	struct detected d;
	struct hv_model m;
	struct hv_guest g;
	struct ft_host host = { 0 };
	struct ft_report rep;
	struct row rows[FT_COUNT];
	struct summary sum;
	int c, r = EXIT_ERROR;

	memset(&d, 0, sizeof(d));
	memset(&rep, 0, sizeof(rep));
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_diff(stdout);
			r = EXIT_OK;
			goto out;
		case OPT_OS:
			os_opt = optarg;
			break;
		case OPT_LIS:
			lis_opt = optarg;
			break;
		case OPT_HOST:
			host_opt = optarg;
			break;
		case OPT_EDITION:
			edition = optarg;
			break;
		case OPT_MATRIX:
			files = xrealloc(files, (nfiles + 1) * sizeof(char *));
			files[nfiles++] = optarg;
			break;
		case OPT_EXPECT:
			expect_path = optarg;
			break;
		case '?':
		case ':':
			r = option_error("diff", c, argv);
			goto out;
		default:
			if (global_option(c, optarg, o))
				goto out;
		}
	}
	if (optind < argc) {
		r = usage_error("diff", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	/* the options first: nothing is read before they are all valid */
	if (os_opt) {
		struct mx_query q;
		char *dist = NULL;

		if (!expected_parse_os(os_opt, &q, &dist)) {
			r = usage_error("diff", "--os %s: expected ID-VERSION, such as rhel-7.3 or centos-6.10",
					os_opt);
			goto out;
		}
		free(dist);
	}
	if (lis_opt) {
		char *a = expected_parse_lis(lis_opt);

		if (!a) {
			r = usage_error("diff", "--lis %s: expected builtin or a LIS version such as 4.3",
					lis_opt);
			goto out;
		}
		free(a);
	}
	if (host_opt) {
		h = expected_parse_host(host_opt);
		if (!h) {
			r = usage_error("diff", "--host %s: expected 2012r2, 2016, 2019, 2022, 2025 or azure-stack-hci",
					host_opt);
			goto out;
		}
	}
	if (mx_load(&mx, files, nfiles))
		goto out;
	if (h && !expected_known_host(&mx, h)) {
		r = usage_error("diff", "--host %s: expected 2012r2, 2016, 2019, 2022, 2025 or azure-stack-hci",
				host_opt);
		goto out;
	}
	if (edition && !mx_edition_find(&mx, edition)) {
		r = usage_error("diff", "--edition %s: the matrix has no such edition", edition);
		goto out;
	}
	if (expect_path) {
		int bad = expect_load(expect_path, &ef);

		if (bad) {
			if (bad > 0)
				err("%s: %d malformed line%s; see hvcaps(8), EXPECTATION FILES",
				    expect_path, bad, bad == 1 ? "" : "s");
			goto out;
		}
	}
	if (ft_facts_load("diff", o, &m, &g))
		goto facts_out;

	ft_host_detect(&m.host, h, &host);
	ft_evaluate(&m, &g, &host, &rep);
	detect_os(&g, os_opt, &d);
	detect_lis(&g, lis_opt, &d);
	if (!host.release)
		why(&d, xasprintf("the host release is unknown: %s", host.remark));
	else if (!expected_known_host(&mx, host.release))
		why(&d, xasprintf("the host release %s is not one the matrix knows: pass --host", host.release));
	if (!d.why) {
		d.host = xstrdup(host.release);
		d.q.avail = d.avail;
		d.q.host = d.host;
		d.q.edition = edition;
		if (mx_resolve(&mx, &d.q, &res, &mx_why))
			why(&d, mx_why), mx_why = NULL;
		else
			have_res = true;
	}
	if (!have_res && !expect_path) {
		err("%s", d.why);
		goto facts_out;
	}
	if (!have_res)
		err("warning: %s; judging by %s alone", d.why, expect_path);

	memset(rows, 0, sizeof(rows));
	memset(&sum, 0, sizeof(sum));
	for (size_t i = 0; i < FT_COUNT; i++) {
		struct row *rw = &rows[i];

		rw->live = &rep.r[i];
		for (size_t j = 0; have_res && j < res.nfx; j++)
			if (!strcmp(res.fx[j].f->id, ft_ids[i]))
				rw->doc = &res.fx[j];
		rw->result = compare(rw->doc, rw->live->state);
		if (have_res)
			match_notes(res.ed, rw);
		sum.n[rw->result]++;
		if (expect_path && ef.by_id[i].line) {
			rw->expect = &ef.by_id[i];
			rw->expect_holds = rw->expect->value == EXPECT_ANY ||
					   rw->expect->value == (int)rw->live->state;
			sum.expect_lines++;
			sum.expect_failed += !rw->expect_holds;
		} else if (rw->result == R_MISSING) {
			sum.missing_counted++;
		}
	}
	r = sum.missing_counted || sum.expect_failed ? 1 : EXIT_OK;
	if (o->json)
		print_json_result(&d, &host, have_res ? &res : NULL, rows, expect_path ? &ef : NULL,
				  &sum, r);
	else
		print_text(&d, &host, have_res ? &res : NULL, rows, expect_path ? &ef : NULL, &sum);
facts_out:
	if (have_res)
		mx_result_free(&res);
	ft_report_free(&rep);
	ft_host_free(&host);
	model_free(&m);
	guest_free(&g);
out:
	detected_free(&d);
	mx_free(&mx);
	free(mx_why);
	free(files);
	free(h);
	return r;
}
