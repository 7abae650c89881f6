// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps diff (also hvcaps --diff): the documented matrix against the live
 * guest, feature by feature.
 *
 * The distribution, release, LIS flavour and host come from the facts (each
 * overridable: --os, --lis, --host); the column is what `hvcaps expected`
 * picks for them (mx_resolve()); the live side is `hvcaps features`
 * (features.c). Per feature, the result:
 *
 *   documented \ live   yes      no        inferred       unknown, n/a
 *   expected            ok       missing   ok             not checkable
 *   not expected        better   ok        not checkable  not checkable (n/a: ok)
 *   no row, no column   not documented
 *
 * and the verdict (verdict_of()): pass (ok, better), fail (missing),
 * not-checkable, not-documented; an --expect line ("feature-id
 * yes|no|inferred|unknown|n/a|any") judges its row instead: fail when it
 * does not hold, waived when it is "any" or holds where the documentation
 * would fail, else pass.
 *
 * Exit 1 when a row fails, 3 when the matrix does not document the guest
 * or its host (no column, or no row of the column lists the host) and a
 * feature is left without an --expect line, 0 otherwise; 2 on a usage or
 * runtime error (a malformed --expect file: FILE:LINE: reason).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hosts.h"
#include "hvcaps.h"
#include "hvfeatures.h"
#include "matrix.h"
#include "table.h"
#include "util.h"

enum { OPT_EXPECT = 0x400, OPT_FORMAT, OPT_ISOLATION };

void usage_diff(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps diff [--os ID-VERSION] [--lis builtin|4.3|4.1] [--host HOST]\n"
		"                   [--edition DATE] [--matrix FILE]... [--expect FILE]\n"
		"                   [--format text|json|tap|junit] [OPTIONS]\n"
		"       hvcaps --diff [...]\n"
		"Compare Microsoft's documented feature matrix for this guest's distribution,\n"
		"release, LIS flavour and host with the features it has (hvcaps features):\n"
		"one row per feature with the documented and the live state, the verdict\n"
		"(pass, FAIL, waived, not checkable, not documented) and the evidence, or\n"
		"where something is missing, the remediation.\n"
		"\n"
		"  --os ID-VERSION   the distribution and release (rhel-8.10, centos-7.9);\n"
		"                    default: the guest's os-release and release file\n"
		"  --lis FLAVOUR     builtin, or a LIS version (4.3, 4.1); default: from the\n"
		"                    guest's hv_vmbus and packages\n"
		"  --host HOST       2012r2, 2016, 2019, 2022, 2025, azure-stack-hci... (the\n"
		"                    table: 'hvcaps help hosts'); default: from the host\n"
		"                    build, else from the VMBus version\n"
		"  --isolation T     none, vbs, snp, tdx: the VM's isolation (default: the\n"
		"                    module's host facts, else CPUID)\n"
		"  --kernel FLAVOUR  Oracle Linux's kernel, rhck or uek; default: from the\n"
		"                    running kernel's release (\"uek\" in it)\n"
		"  --strict-docs     a release newer than every documented one is not\n"
		"                    documented (exit 3) instead of extrapolated\n"
		"  --edition DATE    the edition of the page (2019-06-13, 2025-06-19); default:\n"
		"                    the newest documenting the release and host\n"
		"  --matrix FILE     a matrix or notes file instead of the compiled-in matrix\n"
		"                    (repeat it for several files)\n"
		"  --expect FILE     lines \"FEATURE-ID yes|no|inferred|unknown|n/a|any\" (#\n"
		"                    starts a comment; FILE - is standard input): a feature\n"
		"                    with a line must be exactly that,\n"
		"                    whatever the documentation says ('any' waives it);\n"
		"                    'hvcaps features --format expect' writes one\n"
		"  --format FORMAT   text (default), json (as --json), tap (TAP version 13)\n"
		"                    or junit (JUnit XML), one test per feature\n"
		GLOBAL_OPTIONS_HELP
		"                    --root DIR with --source netlink reads the guest facts\n"
		"                    under DIR and the offers from the hvcaps module\n"
		"  -h, --help        show this help\n"
		"\n"
		"Exit status: 0 every row passes, is waived or not checkable; 1 a row fails\n"
		"(a documented feature missing, an --expect line not holding); 2 usage or\n"
		"runtime error; 3 the matrix does not document this guest or host (and\n"
		"--expect does not list every feature).\n");
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
	struct expect_line by_id[FT_ALL];	/* line 0: none */
	size_t nlines;
};

/* every feature, those beyond the matrix too (hvfeatures.h) */
static int feature_index(const char *id)
{
	return ft_index(id);
}

/* 0, or the number of malformed lines (each reported) or -1 if unreadable */
static int expect_load(const char *path, struct expect_file *ef)
{
	char *text, *line, *next;
	/* "-": standard input */
	int e = read_text_file(strcmp(path, "-") ? path : "/dev/stdin", &text), n = 0, bad = 0;

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
			err("%s:%d: unknown feature id '%s' ('hvcaps features --list' lists them)",
			    path, n, id);
			bad++;
			continue;
		}
		if (!strcmp(val, "any"))
			v = EXPECT_ANY;
		else if (ft_state_parse(val, &st))
			v = (int)st;
		else {
			err("%s:%d: %s %s: the value must be yes, no, inferred, unknown, n/a, n/a-isolated or any",
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

/* what the documentation says of the live state */
enum result { R_OK, R_MISSING, R_BETTER, R_NOT_CHECKABLE, R_NOT_DOCUMENTED, R_ISOLATED };

static const char *result_id(enum result r)
{
	switch (r) {
	case R_OK: return "ok";
	case R_MISSING: return "missing";
	case R_BETTER: return "better";
	case R_NOT_CHECKABLE: return "not-checkable";
	case R_ISOLATED: return "refused-by-isolation";
	case R_NOT_DOCUMENTED: break;
	}
	return "not-documented";
}

/* the verdict of a row, the documentation's result and the --expect line together */
enum verdict { V_PASS, V_FAIL, V_WAIVED, V_NOT_CHECKABLE, V_NOT_DOCUMENTED, V_COUNT };

static const char *verdict_id(enum verdict v)
{
	switch (v) {
	case V_PASS: return "pass";
	case V_FAIL: return "fail";
	case V_WAIVED: return "waived";
	case V_NOT_CHECKABLE: return "not-checkable";
	case V_NOT_DOCUMENTED: case V_COUNT: break;
	}
	return "not-documented";
}

static const char *verdict_text(enum verdict v)
{
	switch (v) {
	case V_PASS: return "pass";
	case V_FAIL: return "FAIL";
	case V_WAIVED: return "waived";
	case V_NOT_CHECKABLE: return "not checkable";
	case V_NOT_DOCUMENTED: case V_COUNT: break;
	}
	return "not documented";
}

struct row {
	const struct ft_result *live;
	const struct mx_expect *doc;	/* NULL: not documented */
	enum result result;
	enum verdict verdict;
	int notes[8];			/* the cell's notes the remediation rests on */
	size_t nnotes;
	const struct expect_line *expect;	/* NULL: no line */
	bool expect_holds;
};

static enum result compare(const struct mx_expect *x, enum ft_state s)
{
	if (!x)
		return R_NOT_DOCUMENTED;
	if (s == FT_ISOLATED)	/* the kernel refuses the offer by design */
		return R_ISOLATED;
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

/*
 * A line judges its row: a line that does not hold fails it; "any", or a
 * line that holds where the documentation alone would fail, waives it.
 */
static enum verdict verdict_of(const struct row *r)
{
	if (r->expect) {
		if (!r->expect_holds)
			return V_FAIL;
		if (r->expect->value == EXPECT_ANY || r->result == R_MISSING)
			return V_WAIVED;
		return V_PASS;
	}
	switch (r->result) {
	case R_OK:
	case R_BETTER:
		return V_PASS;
	case R_MISSING:
		return V_FAIL;
	case R_NOT_CHECKABLE:
	case R_ISOLATED:
		return V_NOT_CHECKABLE;
	case R_NOT_DOCUMENTED:
		break;
	}
	return V_NOT_DOCUMENTED;
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

/* the remediation where the row fails (or was waived from failing), else the evidence */
static char *row_text(const struct row *r)
{
	char *t = NULL;

	if (r->result == R_MISSING || (r->expect && !r->expect_holds))
		t = remediation_text(r);
	return t ? t : evidence_text(r);
}

struct summary {
	size_t v[V_COUNT];
	size_t better;
	size_t expect_failed, expect_lines;
};

/* everything the outputs need */
struct diff {
	const struct detected *d;
	const struct ft_host *host;
	const struct mx_result *res;	/* NULL: the matrix does not document the guest */
	const struct row *rows;
	/* FT_COUNT, then the features beyond the matrix an --expect line names */
	size_t nrows;
	const struct expect_file *ef;
	struct summary sum;
	int exit_code;
};

static const char *verdict_color(enum verdict v)
{
	switch (v) {
	case V_PASS: return C.ok;
	case V_FAIL: return C.warn;
	case V_NOT_DOCUMENTED: return C.warn;
	default: break;
	}
	return C.dim;
}

static void print_ids(const struct row *rows, size_t n, enum verdict v)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (rows[i].verdict == v)
			printf("%s%s", k++ ? ", " : " (", rows[i].live->id);
	if (k)
		printf(")");
}

/* The notes the rows rest on, each once, in the order of the rows. */
static void print_notes(const struct row *rows, size_t n, const struct mx_result *res)
{
	printf("\n%sNotes%s\n", C.bold, C.reset);
	for (size_t i = 0; i < n; i++)
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
			table_prose(num, nt->says ? nt->says : "(the notes file does not say)", 6);
		}
}

/* The table of the rows; whether one rests on a note. */
static bool print_rows(const struct row *rows, size_t nrows, const struct expect_file *ef)
{
	bool any_notes = false;
	char *head = xasprintf("%s%-22s %-10s %-9s %-14s %s", C.bold, "FEATURE", "DOCUMENTED",
			       "LIVE", "VERDICT", ef ? "EXPECT       " : "");
	char *last = xasprintf("EVIDENCE OR REMEDIATION%s", C.reset);

	putchar('\n');
	table_row(head, last);
	free(head);
	free(last);
	for (size_t i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		char *text = row_text(r), *pre;
		char ex[32] = "";

		if (ef && r->expect)
			snprintf(ex, sizeof(ex), "%s: %s", r->expect->text,
				 r->expect_holds ? "holds" : "FAILS");
		else if (ef)
			snprintf(ex, sizeof(ex), "-");
		pre = xasprintf("%-22s %-10s %-9s %s%-14s%s %-*s%s", r->live->id, doc_text(r->doc),
				ft_state_name(r->live->state), verdict_color(r->verdict),
				verdict_text(r->verdict), C.reset, ef ? 12 : 0, ex, ef ? " " : "");

		table_row(pre, text);
		free(pre);
		free(text);
		any_notes |= r->nnotes > 0;
	}
	return any_notes;
}

static void print_text(const struct diff *df)
{
	const struct detected *d = df->d;
	const struct ft_host *host = df->host;
	const struct mx_result *res = df->res;
	const struct row *rows = df->rows;
	const struct expect_file *ef = df->ef;
	const struct summary *sum = &df->sum;
	char hb[64], lb[64], how[160];
	bool any_notes = false;

	table_fit_begin();	/* the text after the labels wraps under itself */
	if (res) {
		mx_host_display(d->q.host, hb, sizeof(hb));
		if (!strcmp(d->q.avail, "builtin"))
			snprintf(lb, sizeof(lb), "built-in LIS");
		else
			mx_avail_display(d->q.avail, lb, sizeof(lb));
		printf("%s%s %s with %s on %s: documented and live%s\n", C.bold, d->q.distro,
		       d->q.release, lb, hb, C.reset);
	} else if (ef) {
		printf("%sThe live features against %s (no documentation)%s\n", C.bold, ef->path,
		       C.reset);
	} else {
		printf("%sThe live features (the matrix does not document this guest)%s\n", C.bold,
		       C.reset);
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
	if (host->isolation.known && host->isolation.type != HVCAPS_ISOLATION_NONE)
		printf("  Isolated %s (from %s): offers its kernel refuses are n/a-isolated\n",
		       isolation_name(host->isolation.type) ? isolation_name(host->isolation.type) : "?",
		       host->isolation.source_text);
	if (res)
		printf("  Matrix   edition %s, column %s of series %s (%s%s)\n", res->ed->date,
		       res->col->label, res->s->label, mx_avail_display(res->col->avail, lb, sizeof(lb)),
		       mx_result_how(res, how, sizeof(how)));
	else
		table_prose("  Matrix  ", d->why, 11);
	table_fit_end(11);
	any_notes = print_rows(rows, df->nrows, ef);
	if (any_notes)
		print_notes(rows, df->nrows, res);
	if (res && res->nremarks) {
		printf("\n%sRemarks%s\n", C.bold, C.reset);
		for (size_t i = 0; i < res->nremarks; i++)
			table_prose("  -", res->remarks[i], 4);
	}
	if (ef && sum->expect_failed) {
		printf("\n%sExpectations that do not hold%s\n", C.bold, C.reset);
		for (size_t i = 0; i < df->nrows; i++)
			if (rows[i].expect && !rows[i].expect_holds)
				printf("  %s:%d: %s %s: live is %s\n", ef->path, rows[i].expect->line,
				       rows[i].live->id, rows[i].expect->text,
				       ft_state_name(rows[i].live->state));
	}
	printf("\n");
	table_fit_begin();	/* the summary wraps under its first word */
	printf("Summary: %zu pass", sum->v[V_PASS]);
	if (sum->better)
		printf(" (%zu better than documented)", sum->better);
	printf(", %zu fail", sum->v[V_FAIL]);
	print_ids(rows, df->nrows, V_FAIL);
	printf(", %zu waived", sum->v[V_WAIVED]);
	print_ids(rows, df->nrows, V_WAIVED);
	printf(", %zu not checkable, %zu not documented", sum->v[V_NOT_CHECKABLE],
	       sum->v[V_NOT_DOCUMENTED]);
	if (ef)
		printf("; expectations: %zu of %zu hold", sum->expect_lines - sum->expect_failed,
		       sum->expect_lines);
	printf("\n");
	table_fit_end(9);
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *ids_json(const struct row *rows, size_t n, enum verdict v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		if (rows[i].verdict == v)
			json_object_array_add(a, json_object_new_string(rows[i].live->id));
	return a;
}

/* One feature's object of the JSON document. */
static json_object *feature_json(const struct row *r, const struct mx_result *res)
{
	json_object *f = json_object_new_object(), *dj = NULL, *ns = json_object_new_array();
	json_object *ej = NULL;
	char *rem;

	json_object_object_add(f, "id", json_object_new_string(r->live->id));
	if (r->doc) {
		json_object *cn = cell_notes_json(r->doc->cell);

		dj = json_object_new_object();
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
	json_object_object_add(f, "verdict", json_object_new_string(verdict_id(r->verdict)));
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
	return f;
}

/* The "summary" object of the JSON document. */
static json_object *summary_json(const struct diff *df)
{
	const struct summary *sum = &df->sum;
	const struct expect_file *ef = df->ef;
	json_object *s = json_object_new_object(), *vs = json_object_new_object(), *ex = NULL;

	for (int v = 0; v < V_COUNT; v++)
		json_object_object_add(vs, verdict_id((enum verdict)v),
				       json_object_new_int((int)sum->v[v]));
	json_object_object_add(s, "verdicts", vs);
	json_object_object_add(s, "better_than_documented", json_object_new_int((int)sum->better));
	json_object_object_add(s, "failed", ids_json(df->rows, df->nrows, V_FAIL));
	json_object_object_add(s, "waived", ids_json(df->rows, df->nrows, V_WAIVED));
	json_object_object_add(s, "not_documented", ids_json(df->rows, df->nrows, V_NOT_DOCUMENTED));
	if (ef) {
		ex = json_object_new_object();
		json_object_object_add(ex, "file", json_object_new_string(ef->path));
		json_object_object_add(ex, "lines", json_object_new_int((int)sum->expect_lines));
		json_object_object_add(ex, "failed", json_object_new_int((int)sum->expect_failed));
	}
	json_object_object_add(s, "expect", ex);
	return s;
}

#define DIFF_SCHEMA_VERSION 2

static void print_json_result(const struct diff *df)
{
	const struct detected *d = df->d;
	const struct mx_result *res = df->res;
	json_object *o = json_doc_new("diff", DIFF_SCHEMA_VERSION), *fs = json_object_new_array();
	json_object *os = json_object_new_object(), *lis = json_object_new_object();
	json_object *doc = NULL;

	json_object_object_add(os, "id", jstr(d->distro));
	json_object_object_add(os, "release", jstr(d->distro ? d->q.release : NULL));
	json_object_object_add(os, "major", d->distro ? json_object_new_int(d->q.major) : NULL);
	json_object_object_add(os, "minor", d->distro && d->q.minor >= 0 ?
			       json_object_new_int(d->q.minor) : NULL);
	json_object_object_add(os, "source", jstr(d->os_source));
	json_object_object_add(lis, "availability", jstr(d->avail));
	json_object_object_add(lis, "source", jstr(d->lis_source));
	json_object_object_add(o, "os", os);
	json_object_object_add(o, "lis", lis);
	json_object_object_add(o, "host", ft_host_json(df->host));
	json_object_object_add(o, "isolation", ft_isolation_json(&df->host->isolation));
	if (res) {
		doc = json_object_new_object();
		json_object_object_add(doc, "edition", json_object_new_string(res->ed->date));
		json_object_object_add(doc, "series", json_object_new_string(res->s->label));
		json_object_object_add(doc, "column", json_object_new_string(res->col->label));
		json_object_object_add(doc, "availability", json_object_new_string(res->col->avail));
		mx_result_json_add(res, doc);	/* kernel, rebuild, extrapolated */
	}
	json_object_object_add(o, "documented", doc);
	json_object_object_add(o, "documentation_error", res ? NULL : jstr(d->why));
	for (size_t i = 0; i < df->nrows; i++)
		json_object_array_add(fs, feature_json(&df->rows[i], res));
	json_object_object_add(o, "features", fs);
	json_object_object_add(o, "remarks", remarks_json(res));
	json_object_object_add(o, "summary", summary_json(df));
	json_object_object_add(o, "exit", json_object_new_int(df->exit_code));
	print_json(o);
	json_object_put(o);
}

/* ---- TAP 13 and JUnit XML ---- */

/* s as a YAML double-quoted scalar (JSON's string syntax is one) */
static void yaml_str(const char *key, const char *s)
{
	json_object *j = json_object_new_string(s ? s : "");

	printf("  %s: %s\n", key, json_object_to_json_string_ext(j, JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
}

/* not-documented rows count against the guest only when the exit says so */
static bool nd_fails(const struct diff *df)
{
	return df->exit_code == EXIT_NOT_DOCUMENTED;
}

static void print_tap(const struct diff *df)
{
	printf("TAP version 13\n1..%zu\n", df->nrows);
	for (size_t i = 0; i < df->nrows; i++) {
		const struct row *r = &df->rows[i];
		bool bad = r->verdict == V_FAIL || (r->verdict == V_NOT_DOCUMENTED && nd_fails(df));
		char *text = row_text(r);

		printf("%s %zu - %s", bad ? "not ok" : "ok", i + 1, r->live->id);
		if (r->verdict == V_NOT_CHECKABLE)
			printf(" # SKIP not checkable: live %s", ft_state_name(r->live->state));
		else if (r->verdict == V_WAIVED)
			printf(" # SKIP waived by %s:%d (%s)", df->ef->path, r->expect->line,
			       r->expect->text);
		else if (r->verdict == V_NOT_DOCUMENTED && !bad)
			printf(" # SKIP not documented: the edition has no row for it");
		printf("\n  ---\n");
		yaml_str("verdict", verdict_id(r->verdict));
		yaml_str("documented", doc_text(r->doc));
		yaml_str("live", ft_state_name(r->live->state));
		yaml_str("result", result_id(r->result));
		yaml_str(r->result == R_MISSING || (r->expect && !r->expect_holds) ?
			 "remediation" : "evidence", text);
		if (r->expect) {
			char *e = xasprintf("%s:%d: %s", df->ef->path, r->expect->line, r->expect->text);

			yaml_str("expect", e);
			free(e);
		}
		if (r->verdict == V_NOT_DOCUMENTED && !df->res)
			yaml_str("why", df->d->why);
		printf("  ...\n");
		free(text);
	}
	if (!df->res)
		printf("# not documented: %s\n", df->d->why);
}

/* XML text: & < > " ' escaped, control characters (not allowed in XML 1.0) as '?' */
static void xml_put(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", stdout); break;
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '"': fputs("&quot;", stdout); break;
		case '\'': fputs("&apos;", stdout); break;
		default:
			putchar(*p < 0x20 && *p != '\t' && *p != '\n' ? '?' : *p);
		}
	}
}

static void print_junit(const struct diff *df)
{
	const struct summary *sum = &df->sum;
	size_t nd = nd_fails(df) ? sum->v[V_NOT_DOCUMENTED] : 0;
	size_t skipped = sum->v[V_NOT_CHECKABLE] + sum->v[V_WAIVED] +
			 (nd ? 0 : sum->v[V_NOT_DOCUMENTED]);

	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	printf("<testsuites name=\"hvcaps diff\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
	       df->nrows, sum->v[V_FAIL], nd, skipped);
	printf("  <testsuite name=\"hvcaps diff\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
	       df->nrows, sum->v[V_FAIL], nd, skipped);
	printf("    <properties>\n");
	printf("      <property name=\"os\" value=\"");
	xml_put(df->d->os_arg);
	printf("\"/>\n      <property name=\"lis\" value=\"");
	xml_put(df->d->avail);
	printf("\"/>\n      <property name=\"host\" value=\"");
	xml_put(df->host->release);
	printf("\"/>\n      <property name=\"documented\" value=\"");
	if (df->res)
		printf("edition %s, column %s of series %s", df->res->ed->date, df->res->col->label,
		       df->res->s->label);
	else
		xml_put(df->d->why);
	printf("\"/>\n      <property name=\"exit\" value=\"%d\"/>\n    </properties>\n",
	       df->exit_code);
	for (size_t i = 0; i < df->nrows; i++) {
		const struct row *r = &df->rows[i];
		char *text = row_text(r);

		printf("    <testcase classname=\"hvcaps.diff\" name=\"%s\">\n", r->live->id);
		switch (r->verdict) {
		case V_FAIL:
			printf("      <failure type=\"fail\" message=\"documented %s, live %s",
			       doc_text(r->doc), ft_state_name(r->live->state));
			if (r->expect && !r->expect_holds)
				printf(", expected %s", r->expect->text);
			printf("\">");
			xml_put(text);
			printf("</failure>\n");
			break;
		case V_WAIVED:
			printf("      <skipped message=\"waived by ");
			xml_put(df->ef->path);
			printf(":%d (%s)\"/>\n", r->expect->line, r->expect->text);
			break;
		case V_NOT_CHECKABLE:
			printf("      <skipped message=\"not checkable: live %s\"/>\n",
			       ft_state_name(r->live->state));
			break;
		case V_NOT_DOCUMENTED:
			if (nd) {
				printf("      <error type=\"not-documented\" message=\"");
				xml_put(df->d->why);
				printf("\"/>\n");
			} else {
				printf("      <skipped message=\"not documented: the edition has no row for it\"/>\n");
			}
			break;
		default:
			break;
		}
		printf("      <system-out>");
		xml_put(text);
		printf("</system-out>\n    </testcase>\n");
		free(text);
	}
	printf("  </testsuite>\n</testsuites>\n");
}

/* The options of diff, beside the global ones. */
struct diff_args {
	struct query_opts qo;
	const char *expect_path;
	const char *isolation;	/* --isolation, or NULL */
	int fmt;
};

/* Parse argv into a: -1 to go on, else the exit status (--help, an error). */
static int parse_args(int argc, char **argv, struct hv_opts *o, struct diff_args *a)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		QUERY_LONG_OPTIONS,
		{ "expect", required_argument, NULL, OPT_EXPECT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "isolation", required_argument, NULL, OPT_ISOLATION },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	a->fmt = FMT_TEXT;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_diff(stdout);
			return EXIT_OK;
		case OPT_EXPECT:
			a->expect_path = optarg;
			break;
		case OPT_ISOLATION:
			a->isolation = optarg;
			if (ft_isolation_parse(optarg) < 0)
				return usage_error("diff", "--isolation %s: expected %s", optarg,
						   ft_isolation_tokens());
			break;
		case OPT_FORMAT:
			a->fmt = parse_format("diff", optarg, 1u << FMT_TEXT | 1u << FMT_JSON |
					      1u << FMT_TAP | 1u << FMT_JUNIT);
			if (a->fmt < 0)
				return EXIT_ERROR;
			break;
		case '?':
		case ':':
			return option_error("diff", c, argv);
		default:
			if (!query_option(c, optarg, &a->qo) && global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc)
		return usage_error("diff", "unexpected argument '%s'", argv[optind]);
	if (o->json && a->fmt != FMT_TEXT && a->fmt != FMT_JSON)
		return usage_error("diff", "--json and --format: choose one");
	if (o->json)
		a->fmt = FMT_JSON;
	return -1;
}

/*
 * The options' values, the matrix and the expectation file, before
 * anything is read from the system: 0, or EXIT_ERROR after a message.
 */
static int check_args(struct diff_args *a, struct mx_matrix *mx, struct expect_file *ef)
{
	struct mx_query scratch = { 0 };
	int bad;

	if (query_check("diff", &a->qo, &scratch, mx))
		return EXIT_ERROR;
	if (a->qo.edition && !mx_edition_find(mx, a->qo.edition))
		return usage_error("diff", "--edition %s: the matrix has no such edition",
				   a->qo.edition);
	if (!a->expect_path)
		return 0;
	bad = expect_load(a->expect_path, ef);
	if (bad > 0)
		err("%s: %d malformed line%s; see hvcaps(8), EXPECTATION FILES",
		    a->expect_path, bad, bad == 1 ? "" : "s");
	return bad ? EXIT_ERROR : 0;
}

/*
 * What the matrix documents for the detected guest and host: true with
 * *res filled, or false with d->why saying why not.
 */
static bool look_up(const struct diff_args *a, const struct hv_guest *g,
		    const struct ft_host *host, const struct mx_matrix *mx,
		    struct detected *d, struct mx_result *res)
{
	char *mx_why = NULL;

	detect_os(g, a->qo.os, d);
	detect_lis(g, a->qo.lis, d);
	if (!host->release)
		why(d, xasprintf("the host release is unknown: %s", host->remark));
	else if (!expected_known_host(mx, host->release))
		why(d, xasprintf("the host release %s is not one the matrix knows: pass --host", host->release));
	if (d->why)
		return false;
	d->host = xstrdup(host->release);
	d->q.avail = d->avail;
	d->q.host = d->host;
	d->q.edition = a->qo.edition;
	d->q.kernel = a->qo.kernel ? a->qo.kernel : mx_kernel_from_release(d->distro, g->kernel.release);
	d->q.strict_docs = a->qo.strict_docs;
	if (mx_resolve(mx, &d->q, res, &mx_why)) {
		why(d, mx_why);
		return false;
	}
	free(mx_why);
	return true;
}

/* Judge every feature into rows and df's summary. */
static void judge(struct diff *df, struct row *rows, const struct ft_report *rep,
		  const struct mx_result *res, const struct expect_file *ef)
{
	memset(rows, 0, FT_ALL * sizeof(*rows));
	df->nrows = 0;
	for (size_t i = 0; i < FT_ALL; i++) {
		struct row *rw;

		/* a feature beyond the matrix is judged only by an --expect line */
		if (i >= FT_COUNT && !(ef && ef->by_id[i].line))
			continue;
		rw = &rows[df->nrows++];
		rw->live = &rep->r[i];
		for (size_t j = 0; res && j < res->nfx; j++)
			if (!strcmp(res->fx[j].f->id, ft_ids[i]))
				rw->doc = &res->fx[j];
		rw->result = compare(rw->doc, rw->live->state);
		if (res)
			match_notes(res->ed, rw);
		if (ef && ef->by_id[i].line) {
			rw->expect = &ef->by_id[i];
			rw->expect_holds = rw->expect->value == EXPECT_ANY ||
					   rw->expect->value == (int)rw->live->state;
			df->sum.expect_lines++;
			df->sum.expect_failed += !rw->expect_holds;
		}
		rw->verdict = verdict_of(rw);
		df->sum.v[rw->verdict]++;
		df->sum.better += rw->result == R_BETTER && rw->verdict == V_PASS;
	}
	/*
	 * 1 when a row fails; 3 when the matrix does not document the guest
	 * and a feature is left unjudged (no pass by accident); else 0. A
	 * feature the edition has no row for, on a documented guest, is
	 * reported but does not change the status.
	 */
	if (df->sum.v[V_FAIL])
		df->exit_code = EXIT_FAILED;
	else if (!res && df->sum.v[V_NOT_DOCUMENTED])
		df->exit_code = EXIT_NOT_DOCUMENTED;
	else
		df->exit_code = EXIT_OK;
	df->res = res;
	df->rows = rows;
	df->ef = ef;
}

static void print_diff(const struct diff *df, int fmt)
{
	switch (fmt) {
	case FMT_JSON:
		print_json_result(df);
		break;
	case FMT_TAP:
		print_tap(df);
		break;
	case FMT_JUNIT:
		print_junit(df);
		break;
	default:
		print_text(df);
	}
}

int cmd_diff(int argc, char **argv, struct hv_opts *o)
{
	struct diff_args a = { 0 };
	struct mx_matrix mx = { 0 };
	struct mx_result res;
	bool have_res;
	struct expect_file ef;
	struct detected d = { 0 };
	struct hv_model m;
	struct hv_guest g;
	struct ft_host host = { 0 };
	struct ft_report rep = { 0 };
	struct row rows[FT_ALL];
	struct diff df = { 0 };
	int r = parse_args(argc, argv, o, &a);

	if (r >= 0)
		goto out;
	r = EXIT_ERROR;
	if (check_args(&a, &mx, &ef))
		goto out;
	if (ft_facts_load("diff", o, &m, &g))
		goto facts_out;

	ft_host_detect(&m.host, a.qo.h, &host);
	ft_isolation_detect(&m, &g, a.isolation, &host.isolation);
	ft_evaluate(&m, &g, &host, &rep);
	have_res = look_up(&a, &g, &host, &mx, &d, &res);
	/*
	 * Not documented: without --expect, every row is "not documented"
	 * (exit 3); with it, the file judges the features it lists.
	 */
	if (!have_res && !a.expect_path)
		err("%s", d.why);
	else if (!have_res)
		err("warning: %s; judging by %s alone", d.why, a.expect_path);
	judge(&df, rows, &rep, have_res ? &res : NULL, a.expect_path ? &ef : NULL);
	df.d = &d;
	df.host = &host;
	r = df.exit_code;
	print_diff(&df, a.fmt);
	if (have_res)
		mx_result_free(&res);
facts_out:
	ft_report_free(&rep);
	ft_host_free(&host);
	model_free(&m);
	guest_free(&g);
out:
	detected_free(&d);
	mx_free(&mx);
	query_opts_free(&a.qo);
	return r;
}
