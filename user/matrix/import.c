// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps matrix import: Microsoft's markdown page (the "Supported CentOS
 * and Red Hat Enterprise Linux virtual machines on Hyper-V" page, in the
 * dialects of its 2019 and 2025 editions) to the data format of
 * data/FORMAT.md.
 *
 * Every irregularity is a warning naming the page's line: rows with fewer
 * or more cells than the header, rows without a closing '|', empty or
 * missing availability, rows without a feature name (a row split by host),
 * rows without hosts, notes cited but not defined (or defined and never
 * cited), unrecognised text. Nothing is dropped silently: a cell the page
 * lacks is written "absent", and what cannot be interpreted is written
 * "unclear" (which the loader rejects) and makes the exit status 1.
 */
#include "matrix.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "util.h"

#define W_ID 22
#define W_CELL 11

struct icol {
	char *label;	/* releases, normalised; "unclear" */
	char *header;	/* as on the page, for messages */
	char *avail;
	char *kernel;	/* rhck, uekN, or NULL */
	int major;	/* of its releases; -1 unclear */
};

struct irow {
	char *id;
	char *hosts;	/* "2019,2016" or "-" */
	char **cells;	/* tokens, one per column */
	int line;
};

struct iseries {
	char *label;
	char *distros;
	int line;
	bool implicit;	/* no heading: the page's one table, split by major when written */
	bool has_table;
	struct icol *cols;
	size_t ncols;
	struct irow *rows;
	size_t nrows;
};

struct ifeature {
	char *id, *category, *name;
	int line;
};

struct inote {
	int n;
	int status;	/* MX_NOTE_DEFINED or MX_NOTE_OMITTED */
	int line;
};

struct iref {
	int n, line;
};

struct imp {
	const char *name;
	int warnings, unclear;
	char *date, *title;
	const char *distro;	/* the page's distribution (from its title): debian, ... */
	bool autonum;		/* the Notes list numbers every item "1." */
	bool headed;		/* the page has series headings */
	struct iseries *series;
	size_t nseries;
	struct ifeature *features;
	size_t nfeatures;
	struct inote *notes;
	size_t nnotes;
	struct iref *refs;
	size_t nrefs;
};

__attribute__((format(printf, 3, 4)))
static void warn(struct imp *I, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (line > 0)
		fprintf(stderr, "hvcaps: %s:%d: warning: ", I->name, line);
	else
		fprintf(stderr, "hvcaps: %s: warning: ", I->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	I->warnings++;
}

/*
 * Text of a cell: markdown and HTML reduced to plain UTF-8
 */

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void putc_(struct buf *b, char c)
{
	put(b, &c, 1);
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		put(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		put(b, u, 4);
	}
}

/* an HTML entity at s ('&'); its length, 0 when it is not one we know */
static size_t entity(const char *s, struct buf *b)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", ' ' }, { "check", 0x2713 },
	};
	/* at most 10 characters to the ';': never a scan to the cell's end */
	const char *semi = memchr(s, ';', strnlen(s, 11));
	size_t len;

	if (!semi)
		return 0;
	len = (size_t)(semi - s) + 1;
	if (s[1] == '#') {
		char *end;
		unsigned long cp;

		if (s[2] == 'x' || s[2] == 'X')
			cp = strtoul(s + 3, &end, 16);
		else
			cp = strtoul(s + 2, &end, 10);
		if (end != semi || end == s + 2 || cp == 0 || cp > 0x10ffff)
			return 0;
		put_utf8(b, cp == 0xa0 ? ' ' : (uint32_t)cp);
		return len;
	}
	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (strlen(named[i].name) == len - 2 && !strncmp(s + 1, named[i].name, len - 2)) {
			put_utf8(b, named[i].cp);
			return len;
		}
	return 0;
}

/*
 * The next ch at or after p, remembered: plain() asks with p never going
 * back, so each character of a cell is scanned once per kind (a cell of
 * a million '[' or "<br" without a ']' or '>' stays linear).
 */
struct next_ch {
	const char *pos;
	bool none;
};

static const char *next_ch(struct next_ch *n, const char *p, char ch)
{
	if (n->none)
		return NULL;
	if (!n->pos || n->pos < p) {
		n->pos = strchr(p, ch);
		n->none = !n->pos;
	}
	return n->pos;
}

/*
 * Plain text of a cell: links to their text, bold markers and backslash
 * escapes removed, entities decoded, <br/> to '\n', blanks collapsed.
 * *bold: the cell was wrapped in ** **; *link: it held a link.
 */
static char *plain(const char *cell, bool *bold, bool *link)
{
	struct buf b = { 0 }, c = { 0 };
	struct next_ch gt = { 0 }, rb = { 0 }, rp = { 0 };
	const char *p = cell;
	size_t n;

	if (bold)
		*bold = false;
	if (link)
		*link = false;
	n = strlen(cell);
	if (bold && n >= 4 && !strncmp(cell, "**", 2) && !strcmp(cell + n - 2, "**"))
		*bold = true;
	put(&b, "", 0);
	while (*p) {
		if (*p == '\\' && p[1] && ispunct((unsigned char)p[1])) {
			putc_(&b, p[1]);
			p += 2;
		} else if (!strncmp(p, "**", 2) || !strncmp(p, "__", 2)) {
			p += 2;
		} else if (*p == '&' && (n = entity(p, &b))) {
			p += n;
		} else if (*p == '<' && !strncasecmp(p, "<br", 3) &&
			   (p[3] == '>' || p[3] == '/' || p[3] == ' ')) {
			const char *e = next_ch(&gt, p, '>');

			if (!e) {
				putc_(&b, *p++);
				continue;
			}
			putc_(&b, '\n');
			p = e + 1;
		} else if (*p == '[') {
			/* [text](target): keep the text */
			const char *close = next_ch(&rb, p, ']');
			const char *paren = close && close[1] == '(' ? next_ch(&rp, close, ')') : NULL;

			if (paren) {
				if (link)
					*link = true;
				put(&b, p + 1, (size_t)(close - p - 1));
				p = paren + 1;
			} else {
				putc_(&b, *p++);
			}
		} else if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0) {
			putc_(&b, ' ');	/* no-break space */
			p += 2;
		} else {
			putc_(&b, *p++);
		}
	}
	/* bold markers inside link texts went through as text: drop them too */
	put(&c, "", 0);
	for (p = b.s; *p; p++) {
		if (!strncmp(p, "**", 2)) {
			p++;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			if (c.len && c.s[c.len - 1] != ' ' && c.s[c.len - 1] != '\n')
				putc_(&c, ' ');
			continue;
		}
		if (*p == '\n' && c.len && c.s[c.len - 1] == ' ')
			c.s[--c.len] = '\0';
		putc_(&c, *p);
	}
	while (c.len && (c.s[c.len - 1] == ' ' || c.s[c.len - 1] == '\n'))
		c.s[--c.len] = '\0';
	free(b.s);
	if (c.s[0] == '\n')
		memmove(c.s, c.s + 1, c.len--);
	return c.s;
}

/* lower-case copy, '\n' to ' ' */
static char *lower(const char *s)
{
	char *l = xstrdup(s);

	for (char *p = l; *p; p++)
		*p = *p == '\n' ? ' ' : (char)tolower((unsigned char)*p);
	return l;
}

static char *slug(const char *s)
{
	char *o = xmalloc(strlen(s) + 2), *q = o;

	for (const char *p = s; *p; p++) {
		if (isalnum((unsigned char)*p))
			*q++ = (char)tolower((unsigned char)*p);
		else if (q > o && q[-1] != '-')
			*q++ = '-';
	}
	while (q > o && q[-1] == '-')
		q--;
	if (q == o)
		*q++ = 'x';
	*q = '\0';
	return o;
}

/*
 * A table line to cells
 */
struct cells {
	char **c;
	size_t n;
	bool closed;	/* ended with '|' */
};

static void split_cells(const char *line, struct cells *out)
{
	const char *p = line, *start;
	struct buf cur = { 0 };
	size_t len;

	out->c = NULL;
	out->n = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '|')
		p++;
	len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	out->closed = len && p[len - 1] == '|' && !(len >= 2 && p[len - 2] == '\\');
	if (out->closed)
		len--;
	start = p;
	put(&cur, "", 0);
	for (size_t i = 0; i <= len; i++) {
		if (i == len || (start[i] == '|' && !(i && start[i - 1] == '\\'))) {
			char *t = strip(cur.s);

			out->c = xrealloc(out->c, (out->n + 1) * sizeof(char *));
			out->c[out->n++] = xstrdup(t);
			cur.len = 0;
			cur.s[0] = '\0';
			continue;
		}
		putc_(&cur, start[i]);
	}
	free(cur.s);
}

static void free_cells(struct cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->c[i]);
	free(c->c);
	c->c = NULL;
	c->n = 0;
}

static bool is_separator(const struct cells *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const char *p = c->c[i];

		if (*p == ':')
			p++;
		if (*p != '-')
			return false;
		while (*p == '-')
			p++;
		if (*p == ':')
			p++;
		if (*p)
			return false;
	}
	return c->n > 0;
}

/*
 * Pieces of rows
 */

static void add_ref(struct imp *I, int n, int line)
{
	I->refs = xrealloc(I->refs, (I->nrefs + 1) * sizeof(*I->refs));
	I->refs[I->nrefs].n = n;
	I->refs[I->nrefs].line = line;
	I->nrefs++;
}

/* the check marks of both dialects, after plain(): ✔ ✓ ✅ ☑ (and a variation selector) */
static size_t check_mark(const char *s)
{
	static const char *const marks[] = { "\u2714", "\u2713", "\u2705", "\u2611" };

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		size_t n = strlen(marks[i]);

		if (!strncmp(s, marks[i], n)) {
			if (!strncmp(s + n, "\ufe0f", 3))
				n += 3;
			return n;
		}
	}
	return 0;
}

/*
 * A value cell to a token ("yes:4,5"); NULL when it cannot be read.
 * Note citations are recorded for the checks of the Notes list.
 */
static char *value_token(struct imp *I, const char *raw, int line, const char *col)
{
	char *t = plain(raw, NULL, NULL), *p = t;
	struct buf out = { 0 };
	const char *v;
	size_t n;
	int nn = 0;

	if ((n = check_mark(p))) {
		v = "yes";
		p += n;
	} else if (!strncasecmp(p, "N/A", 3) && !isalnum((unsigned char)p[3])) {
		v = "n/a";
		p += 3;
	} else {
		v = "no";
	}
	put(&out, v, strlen(v));
	while (*p == ' ')
		p++;
	if (!strncasecmp(p, "note", 4)) {
		p += 4;
		if (*p == 's' || *p == 'S')
			p++;
		for (;;) {
			long x;
			char *end;

			while (*p == ' ' || *p == ',')
				p++;
			if (!strncasecmp(p, "and ", 4)) {
				p += 4;
				continue;
			}
			if (!isdigit((unsigned char)*p))
				break;
			x = strtol(p, &end, 10);
			if (x < 1 || x > 999)
				break;
			put(&out, nn++ ? "," : ":", 1);
			{
				char num[8];

				snprintf(num, sizeof(num), "%ld", x);
				put(&out, num, strlen(num));
			}
			add_ref(I, (int)x, line);
			p = end;
		}
		if (!nn) {
			warn(I, line, "cell '%s' (column %s): 'Note' without a number; written as unclear",
			     raw, col);
			goto unclear;
		}
	}
	if (*p) {
		warn(I, line, "cell '%s' (column %s): cannot read '%s' (expected a check mark, N/A or nothing, and 'Note N, ...'); written as unclear",
		     raw, col, p);
		goto unclear;
	}
	if (!strcmp(v, "no") && nn)
		warn(I, line, "cell '%s' (column %s) cites notes but has no check mark: read as not available",
		     raw, col);
	free(t);
	return out.s;
unclear:
	free(t);
	free(out.s);
	I->unclear++;
	return xstrdup("unclear");
}

/* the host cell: "2019,2016,2012r2", or "-" */
static char *hosts_token(struct imp *I, const char *raw, int line, const char *feature)
{
	char *t = plain(raw, NULL, NULL), *p = t;
	struct buf out = { 0 };
	char **seen = NULL;
	size_t nseen = 0;

	put(&out, "", 0);
	while (*p) {
		size_t len = strcspn(p, ",\n;");
		char *item = strndup(p, len), *h, *tok;
		bool dup = false;

		if (!item) {
			err("out of memory");
			exit(EXIT_ERROR);
		}
		h = strip(item);
		if (!strncasecmp(h, "Windows Server ", 15))
			h = strip(h + 15);
		if (!*h) {
			free(item);
			p += len + !!p[len];
			continue;
		}
		if (strlen(h) == 4 && isdigit((unsigned char)h[0]) && !strncmp(h, "20", 2) &&
		    isdigit((unsigned char)h[2]) && isdigit((unsigned char)h[3]))
			tok = xstrdup(h);
		else if (strlen(h) == 7 && !strncmp(h, "20", 2) && isdigit((unsigned char)h[2]) &&
			 isdigit((unsigned char)h[3]) && !strcasecmp(h + 4, " R2"))
			tok = xasprintf("%.4sr2", h);
		else if (!strcasecmp(h, "Azure Stack HCI"))
			tok = xstrdup("azure-stack-hci");
		else if (!strcasecmp(h, "Azure Local"))
			tok = xstrdup("azure-local");
		else {
			tok = slug(h);
			warn(I, line, "row '%s': host '%s' is not a Windows Server release, Azure Stack HCI or Azure Local; written as '%s', which the loader rejects",
			     feature, h, tok);
			I->unclear++;
		}
		for (size_t i = 0; i < nseen; i++)
			dup |= !strcmp(seen[i], tok);
		if (dup) {
			warn(I, line, "row '%s' lists host '%s' twice", feature, h);
			free(tok);
		} else {
			seen = xrealloc(seen, (nseen + 1) * sizeof(char *));
			seen[nseen++] = tok;
			if (out.len)
				putc_(&out, ',');
			put(&out, tok, strlen(tok));
		}
		free(item);
		p += len + !!p[len];
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(t);
	if (!out.len) {
		free(out.s);
		return xstrdup("-");
	}
	return out.s;
}

static char *avail_token(struct imp *I, const char *raw, int line, const char *col)
{
	char *t = plain(raw, NULL, NULL), *l = lower(t), *tok = NULL;
	const char *p;

	if (!*l) {
		warn(I, line, "column %s: the availability row leaves it blank; written as unspecified",
		     col);
		tok = xstrdup("unspecified");
	} else if (!strcmp(l, "built in") || !strcmp(l, "built-in") || !strcmp(l, "builtin")) {
		tok = xstrdup("builtin");
	} else if (!strncmp(l, "lis ", 4)) {
		p = l + 4;
		if (isdigit((unsigned char)p[0]) && p[1] == '.' && isdigit((unsigned char)p[2]) &&
		    !p[3])
			tok = xasprintf("lis-%s", p);
	}
	if (!tok) {
		warn(I, line, "column %s: availability '%s' is neither 'Built in' nor 'LIS N.N'; written as unclear",
		     col, t);
		I->unclear++;
		tok = xstrdup("unclear");
	}
	free(t);
	free(l);
	return tok;
}

/* a distribution's name in a heading or title (lower case) to its os-release ID */
static const char *distro_id(const char *name)
{
	static const struct {
		const char *name, *id;
	} ids[] = {
		{ "rhel", "rhel" }, { "red hat enterprise linux", "rhel" }, { "centos", "centos" },
		{ "oracle linux", "ol" }, { "debian", "debian" }, { "ubuntu", "ubuntu" },
		{ "suse", "sles" }, { "sles", "sles" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (!strcmp(name, ids[i].name))
			return ids[i].id;
	return NULL;
}

/*
 * The page's distribution from its title ("Supported Debian virtual
 * machines on Hyper-V"): the series of a page whose one table has no
 * series heading. NULL for the RHEL/CentOS page, whose tables have them.
 */
static const char *page_distro(const char *title)
{
	char *l = lower(title ? title : "");
	const char *d = NULL;

	if (strstr(l, "debian"))
		d = "debian";
	else if (strstr(l, "ubuntu"))
		d = "ubuntu";
	else if (strstr(l, "suse") || strstr(l, "sles"))
		d = "sles";
	else if (strstr(l, "oracle linux"))
		d = "ol";
	free(l);
	return d;
}

/*
 * Headings: "RHEL/CentOS 7.x Series", "RHEL 10.x Series", "Oracle Linux 9.x Series"
 */
static bool series_heading(struct imp *I, const char *text, int line, char **label, char **distros)
{
	char *t = plain(text, NULL, NULL), *l = lower(t);
	char *sp, *num, *names;
	struct buf d = { 0 };
	size_t n = strlen(l);
	bool ok = false;

	*label = *distros = NULL;
	if (n < 7 || strcmp(l + n - 7, " series"))
		goto out;
	l[n - 7] = '\0';
	sp = strrchr(l, ' ');
	if (!sp)
		goto bad;
	num = sp + 1;
	*sp = '\0';
	n = strlen(num);
	if (n < 3 || strcmp(num + n - 2, ".x"))
		goto bad;
	for (size_t i = 0; i + 2 < n; i++)
		if (!isdigit((unsigned char)num[i]))
			goto bad;
	names = l;
	put(&d, "", 0);
	for (char *s = strtok(names, "/,"); s; s = strtok(NULL, "/,")) {
		char *x = strip(s), *id;

		const char *known = distro_id(x);

		if (known) {
			id = xstrdup(known);
		} else {
			id = slug(x);
			warn(I, line, "heading '%s': distribution '%s' is not one Microsoft documents (RHEL, CentOS, Oracle Linux, Debian, SUSE, Ubuntu); written as '%s'",
			     t, x, id);
		}
		if (d.len)
			putc_(&d, ',');
		put(&d, id, strlen(id));
		free(id);
	}
	if (!d.len)
		goto bad;
	*label = xstrdup(num);
	*distros = d.s;
	ok = true;
	goto out;
bad:
	free(d.s);
	warn(I, line, "heading '%s' names a series but not as 'DISTRO/DISTRO N.x Series'; its table is not imported",
	     t);
out:
	free(t);
	free(l);
	return ok;
}

/*
 * Tables
 */

struct tstate {
	struct iseries *s;	/* NULL: a table we skip */
	int line0;		/* the header's line */
	int state;		/* 0 header, 1 separator, 2 body */
	size_t hcells;		/* cells of the header */
	bool avail_seen;
	bool feature_seen;
	char *category;
	char *prev_id;		/* the last feature row, for split rows */
	char *prev_name;
	int prev_line;
};

static const struct mx_known_feature *known_feature(const char *lname)
{
	for (size_t i = 0; i < mx_known_features_count; i++)
		for (const char *const *n = mx_known_features[i].names; *n; n++)
			if (!strcmp(*n, lname))
				return &mx_known_features[i];
	return NULL;
}

static const struct mx_known_category *known_category(const char *lname)
{
	for (size_t i = 0; i < mx_known_categories_count; i++)
		if (!strcmp(mx_known_categories[i].name, lname))
			return &mx_known_categories[i];
	return NULL;
}

static void declare_feature(struct imp *I, const char *id, const char *cat, const char *name,
			    int line)
{
	struct ifeature *f;

	for (size_t i = 0; i < I->nfeatures; i++)
		if (!strcmp(I->features[i].id, id)) {
			if (strcmp(I->features[i].name, name))
				warn(I, line, "row '%s' is feature %s, named '%s' at line %d; the first name is kept",
				     name, id, I->features[i].name, I->features[i].line);
			return;
		}
	I->features = xrealloc(I->features, (I->nfeatures + 1) * sizeof(*I->features));
	f = &I->features[I->nfeatures++];
	f->id = xstrdup(id);
	f->category = xstrdup(cat);
	f->name = xstrdup(name);
	f->line = line;
	for (char *p = f->name; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

/* "RHCK", "UEK4", "UEK R5" to rhck, uek4, uek5; NULL when it is none */
static char *kernel_flavour(const char *inner)
{
	char *l = lower(inner), *p = l, *k = NULL;

	if (!strcmp(l, "rhck")) {
		k = xstrdup("rhck");
	} else if (!strncmp(l, "uek", 3)) {
		p += 3;
		while (*p == ' ' || *p == '-')
			p++;
		if (*p == 'r')
			p++;
		if (isdigit((unsigned char)*p) && strspn(p, "0123456789") == strlen(p))
			k = xasprintf("uek%s", p);
	}
	free(l);
	return k;
}

/* "12 SP3/SP4" to "12.3,12.4"; NULL when it is not that */
static char *service_packs(const char *t)
{
	const char *p = t;
	struct buf b = { 0 };
	int major;

	if (!isdigit((unsigned char)*p))
		return NULL;
	major = atoi(p);
	p += strspn(p, "0123456789");
	if (*p != ' ')
		return NULL;
	p++;
	put(&b, "", 0);
	for (;;) {
		char num[32];

		if (strncasecmp(p, "SP", 2) || !isdigit((unsigned char)p[2])) {
			free(b.s);
			return NULL;
		}
		p += 2;
		snprintf(num, sizeof(num), "%s%d.%d", b.len ? "," : "", major, atoi(p));
		put(&b, num, strlen(num));
		p += strspn(p, "0123456789");
		if (!*p)
			return b.s;
		if (*p != '/') {
			free(b.s);
			return NULL;
		}
		p++;
	}
}

/*
 * A distribution's column header to releases: "11 (Bullseye)" to 11.x (a
 * Debian release and its point releases), "20.04 LTS" to 20.04, "SLES 12
 * SP3/SP4" to 12.3,12.4, "SLES 15" to 15.0 (SLES 15 before its first
 * service pack), "9.0 (RHCK)" to 9.0 and kernel rhck. Returns t itself or a
 * new string (freed by the caller with *owned).
 */
static char *column_release(struct imp *I, char *t, int line, char **kernel, bool *owned)
{
	size_t n = strlen(t);
	char *open = strrchr(t, '('), *sp;

	*kernel = NULL;
	*owned = false;
	for (char *p = t; *p; p++)
		if (*p == '\n')
			*p = ' ';
	if (n && t[n - 1] == ')' && open) {
		t[n - 1] = '\0';
		*kernel = kernel_flavour(strip(open + 1));
		if (!*kernel) {
			bool word = true;

			for (char *p = open + 1; *p; p++)
				word &= isalpha((unsigned char)*p) || *p == ' ';
			if (!word)
				warn(I, line, "column header: '(%s)' is neither a kernel (RHCK, UEK N) nor a code name; ignored",
				     open + 1);
		}
		*open = '\0';
		t = strip(t);
	}
	if (!strncasecmp(t, "SLES ", 5))
		t = strip(t + 5);
	n = strlen(t);
	if (n > 4 && !strcasecmp(t + n - 4, " LTS"))
		t[n - 4] = '\0';
	if ((sp = service_packs(t))) {
		*owned = true;
		return sp;
	}
	if (*t && strspn(t, "0123456789") == strlen(t)) {
		*owned = true;
		return xasprintf("%s.%s", t, I->distro && !strcmp(I->distro, "debian") ? "x" : "0");
	}
	return t;
}

static void header_row(struct imp *I, struct tstate *T, struct cells *c, int line)
{
	struct iseries *s = T->s;
	size_t nbold = 0;
	bool *bold;

	T->hcells = c->n;
	if (c->n < 3) {
		warn(I, line, "table of series %s has %zu header cells: expected Feature, the hosts and at least one release; not imported",
		     s->label, c->n);
		T->s = NULL;
		I->unclear++;
		return;
	}
	{
		char *a = lower(c->c[0]), *b = lower(c->c[1]);

		if (!strstr(a, "feature"))
			warn(I, line, "first header cell '%s' is not 'Feature'; read as the feature column",
			     c->c[0]);
		if (!strstr(b, "windows server") && !strstr(b, "host"))
			warn(I, line, "second header cell '%s' does not name the hosts; read as the host column",
			     c->c[1]);
		free(a);
		free(b);
	}
	if (!c->closed)
		warn(I, line, "the header has no closing '|' (harmless)");
	bold = xcalloc(c->n, sizeof(bool));
	for (size_t i = 2; i < c->n; i++) {
		char *t = plain(c->c[i], &bold[i], NULL);

		nbold += bold[i];
		free(t);
	}
	s->ncols = c->n - 2;
	s->cols = xcalloc(s->ncols, sizeof(*s->cols));
	for (size_t i = 2; i < c->n; i++) {
		struct icol *col = &s->cols[i - 2];
		char *t0 = plain(c->c[i], NULL, NULL), *t, *q, *o;
		struct mx_range *r;
		size_t nr;
		const char *why;
		bool spaced = false, owned;

		col->header = xstrdup(t0);
		for (char *x = col->header; *x; x++)
			if (*x == '\n')
				*x = ' ';
		t = column_release(I, t0, line, &col->kernel, &owned);
		q = t;
		col->major = -1;
		/* "5.2 -5.11", "6.10, 6.9, 6.8": drop the blanks */
		o = t;
		for (; *q; q++) {
			if (*q == ' ') {
				if ((q > t && q[-1] == '-') || q[1] == '-')
					spaced = true;
				continue;
			}
			*o++ = *q;
		}
		*o = '\0';
		if (nbold && !bold[i])
			warn(I, line, "column header '%s' is not bold like the others (harmless)",
			     col->header);
		if (spaced)
			warn(I, line, "column header '%s' has blanks around '-'; read as %s", col->header, t);
		if (!mx_parse_releases(t, &r, &nr, &why)) {
			warn(I, line, "column header '%s' is not a release list (%s); written as unclear",
			     col->header, why);
			I->unclear++;
			col->label = xstrdup("unclear");
		} else {
			bool outside = false;

			col->major = r[0].major;
			for (size_t k = 0; k < nr; k++)
				outside |= s->implicit ? r[k].major != r[0].major : r[k].major != atoi(s->label);
			free(r);
			if (outside) {
				warn(I, line, "column header '%s' names releases outside series %s; written as unclear",
				     col->header, s->label);
				I->unclear++;
				col->label = xstrdup("unclear");
			} else {
				col->label = xstrdup(t);
			}
		}
		col->avail = NULL;
		if (owned)
			free(t);
		free(t0);
	}
	free(bold);
}

static void availability_row(struct imp *I, struct tstate *T, struct cells *c, int line)
{
	struct iseries *s = T->s;
	/* the row may have a single cell: "| Availability" */
	char *h = plain(c->n > 1 ? c->c[1] : "", NULL, NULL);

	if (T->avail_seen) {
		warn(I, line, "a second availability row in series %s; ignored", s->label);
		I->unclear++;
		free(h);
		return;
	}
	T->avail_seen = true;
	if (T->feature_seen)
		warn(I, line, "the availability row comes after feature rows");
	if (*h)
		warn(I, line, "the availability row has text in the host column ('%s'); ignored", h);
	free(h);
	if (c->n < s->ncols + 2)
		warn(I, line, "the availability row has %zu cells for %zu columns: the availability of the missing ones is unspecified",
		     c->n, s->ncols + 2);
	for (size_t i = 0; i < s->ncols; i++) {
		if (i + 2 < c->n) {
			s->cols[i].avail = avail_token(I, c->c[i + 2], line, s->cols[i].header);
		} else {
			s->cols[i].avail = xstrdup("unspecified");
		}
	}
	for (size_t i = s->ncols + 2; i < c->n; i++)
		if (*c->c[i]) {
			warn(I, line, "the availability row has more cells than the header; '%s' ignored",
			     c->c[i]);
			I->unclear++;
		}
}

static bool all_empty(const struct cells *c, size_t from)
{
	for (size_t i = from; i < c->n; i++) {
		char *t = plain(c->c[i], NULL, NULL);
		bool e = !*t;

		free(t);
		if (!e)
			return false;
	}
	return true;
}

/* a row with fewer or more cells than the header, or without its closing '|' */
static void row_shape(struct imp *I, const struct tstate *T, const struct cells *c, int line,
		      const char *shown)
{
	const struct iseries *s = T->s;

	if (c->n < T->hcells) {
		struct buf miss = { 0 };

		put(&miss, "", 0);
		for (size_t i = c->n < 2 ? 0 : c->n - 2; i < s->ncols; i++) {
			if (miss.len)
				put(&miss, ", ", 2);
			put(&miss, s->cols[i].header, strlen(s->cols[i].header));
		}
		warn(I, line, "row '%s' has %zu cells for the header's %zu: no cell for column%s %s, written as absent (renders blank)",
		     shown, c->n, T->hcells, T->hcells - c->n > 1 ? "s" : "", miss.s);
		free(miss.s);
	} else if (!c->closed) {
		warn(I, line, "row '%s' has no closing '|' (harmless)", shown);
	}
	if (c->n > T->hcells) {
		for (size_t i = T->hcells; i < c->n; i++)
			if (*c->c[i]) {
				warn(I, line, "row '%s' has more cells than the header; '%s' ignored",
				     shown, c->c[i]);
				I->unclear++;
			}
		if (all_empty(c, T->hcells))
			warn(I, line, "row '%s' has %zu cells for the header's %zu; the extra ones are empty",
			     shown, c->n, T->hcells);
	}
}

static void feature_row(struct imp *I, struct tstate *T, struct cells *c, int line)
{
	struct iseries *s = T->s;
	bool bold, link;
	char *name = plain(c->c[0], &bold, &link), *lname = lower(name);
	const struct mx_known_feature *kf = known_feature(lname);
	const struct mx_known_category *kc = known_category(lname);
	struct irow r = { 0 };
	const char *shown;
	char *id;

	if (!*name) {
		if (!T->prev_id) {
			warn(I, line, "row without a feature name, and no row before it to continue; not imported");
			I->unclear++;
			goto out;
		}
		id = xstrdup(T->prev_id);
		shown = T->prev_name;
	} else if (kf) {
		id = xstrdup(kf->id);
		shown = name;
	} else if (kc || ((bold || link) && all_empty(c, 1))) {
		/* a category row: bold or linked, nothing else */
		char *cat = kc ? xstrdup(kc->id) : slug(name);

		if (!kc)
			warn(I, line, "category row '%s' is not one hvcaps knows; its features are put in category '%s'",
			     name, cat);
		if (!all_empty(c, 1)) {
			warn(I, line, "category row '%s' has text in its cells; ignored", name);
			I->unclear++;
		}
		if (c->n != T->hcells)
			warn(I, line, "category row '%s' has %zu cells for the header's %zu (harmless: it has no values)",
			     name, c->n, T->hcells);
		else if (!c->closed)
			warn(I, line, "category row '%s' has no closing '|' (harmless)", name);
		free(T->category);
		T->category = cat;
		goto out;
	} else {
		id = slug(name);
		warn(I, line, "feature '%s' is not one hvcaps knows; imported as '%s'", name, id);
		shown = name;
	}
	if (!T->avail_seen) {
		warn(I, line, "feature row before any availability row: every column's availability is unspecified");
		for (size_t i = 0; i < s->ncols; i++)
			s->cols[i].avail = xstrdup("unspecified");
		T->avail_seen = true;
	}
	T->feature_seen = true;
	declare_feature(I, id, kf ? kf->category : T->category ? T->category : "core", shown, line);
	r.id = id;
	r.line = line;
	r.hosts = hosts_token(I, c->n > 1 ? c->c[1] : "", line, shown);
	if (!strcmp(r.hosts, "-"))
		warn(I, line, "row '%s' lists no host: written as '-' (hvcaps expects it on no host)",
		     shown);
	if (!*name)
		warn(I, line, "row without a feature name: read as the part of row '%s' (line %d) for hosts %s",
		     shown, T->prev_line, r.hosts);
	row_shape(I, T, c, line, shown);
	r.cells = xcalloc(s->ncols, sizeof(char *));
	for (size_t i = 0; i < s->ncols; i++)
		r.cells[i] = i + 2 < c->n ? value_token(I, c->c[i + 2], line, s->cols[i].header) :
					    xstrdup("absent");
	/* the same feature again: a row split by host */
	for (size_t i = 0; i < s->nrows; i++) {
		if (strcmp(s->rows[i].id, id) || !*name)
			continue;
		warn(I, line, "second row for '%s' in series %s (first at line %d): the loader needs disjoint host lists",
		     shown, s->label, s->rows[i].line);
		break;
	}
	s->rows = xrealloc(s->rows, (s->nrows + 1) * sizeof(*s->rows));
	s->rows[s->nrows++] = r;
	if (*name) {
		free(T->prev_id);
		T->prev_id = xstrdup(id);
		free(T->prev_name);
		T->prev_name = xstrdup(name);
		T->prev_line = line;
	}
out:
	free(name);
	free(lname);
}

static void body_row(struct imp *I, struct tstate *T, struct cells *c, int line)
{
	char *first, *l;

	if (!c->n) {	/* an HTML <tr></tr> (found by fuzz_import): nothing to read */
		warn(I, line, "a row without cells; ignored");
		return;
	}
	first = plain(c->c[0], NULL, NULL);
	l = lower(first);
	if (strstr(l, "availability"))
		availability_row(I, T, c, line);
	else
		feature_row(I, T, c, line);
	free(first);
	free(l);
}

static void table_line(struct imp *I, struct tstate *T, const char *text, int line)
{
	struct cells c;

	split_cells(text, &c);
	if (!T->s)
		goto out;
	if (T->state == 0) {
		header_row(I, T, &c, line);
		T->state = 1;
	} else if (T->state == 1) {
		if (!is_separator(&c)) {
			warn(I, line, "the table of series %s has no separator line under its header; not imported",
			     T->s->label);
			I->unclear++;
			T->s = NULL;
			goto out;
		}
		if (c.n != T->hcells)
			warn(I, line, "the separator has %zu cells for the header's %zu", c.n, T->hcells);
		T->state = 2;
	} else {
		body_row(I, T, &c, line);
	}
out:
	free_cells(&c);
}

/*
 * HTML tables (the Oracle Linux 7.x table): <tr> rows of <td> cells with
 * rowspan and colspan. The header is as many rows as the first row's
 * tallest cell; each column's label joins its header cells top to bottom
 * ("7.5-7.8" over "RHCK": "7.5-7.8 (RHCK)"). The rows then go through the
 * same readers as a markdown table's.
 */
struct hcell {
	char *text;
	int rowspan, colspan;
};

struct hrow {
	struct hcell *c;
	size_t n;
	int line;
};

static int html_attr(const char *tag, size_t len, const char *name)
{
	char *t = strndup(tag, len), *p;
	int v = 1;

	if (!t) {
		err("out of memory");
		exit(EXIT_ERROR);
	}
	p = strstr(t, name);
	if (p) {
		p += strlen(name);
		while (*p == '=' || *p == '"' || *p == '\'' || *p == ' ')
			p++;
		v = atoi(p);
		if (v < 1 || v > 64)
			v = 1;
	}
	free(t);
	return v;
}

/* the text of a cell: its lines stripped and joined by blanks */
static char *html_text(const char *s, size_t len)
{
	struct buf b = { 0 };
	char *t = strndup(s, len);

	if (!t) {
		err("out of memory");
		exit(EXIT_ERROR);
	}
	put(&b, "", 0);
	for (char *l = strtok(t, "\n"); l; l = strtok(NULL, "\n")) {
		char *x = strip(l);

		if (!*x)
			continue;
		if (b.len)
			putc_(&b, ' ');
		put(&b, x, strlen(x));
	}
	free(t);
	return b.s;
}

static size_t html_rows(const char *block, int line0, struct hrow **out)
{
	struct hrow *rows = NULL;
	size_t n = 0;
	int line = line0;

	for (const char *p = block; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (!strncasecmp(p, "<tr", 3)) {
			rows = xrealloc(rows, (n + 1) * sizeof(*rows));
			rows[n++] = (struct hrow){ .line = line };
		} else if ((!strncasecmp(p, "<td", 3) || !strncasecmp(p, "<th", 3)) && n) {
			const char *gt = strchr(p, '>'), *end;
			struct hrow *r = &rows[n - 1];

			if (!gt)
				break;
			end = strcasestr(gt, "</t");
			if (!end)
				end = gt + strlen(gt);
			r->c = xrealloc(r->c, (r->n + 1) * sizeof(*r->c));
			r->c[r->n].rowspan = html_attr(p, (size_t)(gt - p), "rowspan");
			r->c[r->n].colspan = html_attr(p, (size_t)(gt - p), "colspan");
			r->c[r->n++].text = html_text(gt + 1, (size_t)(end - gt - 1));
			for (const char *q = p; q < end; q++)
				line += *q == '\n';
			p = end - 1 + (*end ? 1 : 0);
		}
	}
	*out = rows;
	return n;
}

/* the header rows to one markdown-like header row */
static void html_header(struct imp *I, struct hrow *rows, size_t nh, struct cells *out)
{
	size_t width = 0;
	const struct hcell ***grid;
	struct buf labels = { 0 };

	for (size_t i = 0; i < rows[0].n; i++)
		width += (size_t)rows[0].c[i].colspan;
	grid = xcalloc(nh, sizeof(*grid));
	for (size_t r = 0; r < nh; r++)
		grid[r] = xcalloc(width, sizeof(**grid));
	for (size_t r = 0; r < nh; r++) {
		size_t col = 0;

		for (size_t i = 0; i < rows[r].n; i++) {
			const struct hcell *h = &rows[r].c[i];

			while (col < width && grid[r][col])
				col++;
			for (int dr = 0; dr < h->rowspan && r + (size_t)dr < nh; dr++)
				for (int dc = 0; dc < h->colspan && col + (size_t)dc < width; dc++)
					grid[r + (size_t)dr][col + (size_t)dc] = h;
			col += (size_t)h->colspan;
		}
	}
	out->c = xcalloc(width, sizeof(char *));
	out->n = width;
	out->closed = true;
	put(&labels, "", 0);
	for (size_t col = 0; col < width; col++) {
		struct buf b = { 0 };

		put(&b, "", 0);
		for (size_t r = 0; r < nh; r++) {
			const struct hcell *h = grid[r][col];

			if (!h || (r && h == grid[r - 1][col]))
				continue;
			if (b.len)
				put(&b, " (", 2);
			put(&b, h->text, strlen(h->text));
			if (r)
				putc_(&b, ')');
		}
		out->c[col] = b.s;
		if (col >= 2) {
			put(&labels, labels.len ? ", " : "", labels.len ? 2 : 0);
			put(&labels, b.s, strlen(b.s));
		}
	}
	if (nh > 1)
		warn(I, rows[0].line, "an HTML table with a %zu-row header: its columns read as %s",
		     nh, labels.s);
	free(labels.s);
	for (size_t r = 0; r < nh; r++)
		free(grid[r]);
	free(grid);
}

static void html_table(struct imp *I, struct tstate *T, const char *block, int line0)
{
	struct hrow *rows;
	size_t n = html_rows(block, line0, &rows), nh = 1;
	struct cells c;

	if (!n || !rows[0].n) {
		warn(I, line0, "an HTML table without rows; not imported");
		I->unclear++;
		goto out;
	}
	for (size_t i = 0; i < rows[0].n; i++)
		if ((size_t)rows[0].c[i].rowspan > nh)
			nh = (size_t)rows[0].c[i].rowspan;
	if (nh > n)
		nh = n;
	if (!T->s)
		goto out;
	html_header(I, rows, nh, &c);
	header_row(I, T, &c, rows[0].line);
	free_cells(&c);
	T->state = 2;
	for (size_t r = nh; r < n && T->s; r++) {
		c.c = NULL;
		c.n = 0;
		c.closed = true;
		for (size_t i = 0; i < rows[r].n; i++) {
			const struct hcell *h = &rows[r].c[i];

			if (h->rowspan > 1)
				warn(I, rows[r].line, "a cell spans %d rows in the body of an HTML table; read in its first row only",
				     h->rowspan);
			if (h->colspan > 1)
				warn(I, rows[r].line, "a cell spans %d columns in the body of an HTML table; its text is read in each",
				     h->colspan);
			for (int k = 0; k < h->colspan; k++) {
				c.c = xrealloc(c.c, (c.n + 1) * sizeof(char *));
				c.c[c.n++] = xstrdup(h->text);
			}
		}
		body_row(I, T, &c, rows[r].line);
		free_cells(&c);
	}
out:
	for (size_t r = 0; r < n; r++) {
		for (size_t i = 0; i < rows[r].n; i++)
			free(rows[r].c[i].text);
		free(rows[r].c);
	}
	free(rows);
}

static void table_end(struct imp *I, struct tstate *T)
{
	if (T->s && T->state == 2 && !T->avail_seen) {
		warn(I, T->line0, "the table of series %s has no availability row: every column's availability is unspecified",
		     T->s->label);
		for (size_t i = 0; i < T->s->ncols; i++)
			T->s->cols[i].avail = xstrdup("unspecified");
	}
	if (T->s) {
		for (size_t i = 0; i < T->s->ncols; i++)
			if (!T->s->cols[i].avail)
				T->s->cols[i].avail = xstrdup("unspecified");
		if (!T->s->nrows)
			warn(I, T->line0, "the table of series %s has no feature rows", T->s->label);
	}
	free(T->category);
	free(T->prev_id);
	free(T->prev_name);
	memset(T, 0, sizeof(*T));
}

/*
 * The Notes list: "N. text" at the start of a line
 */
static void note_line(struct imp *I, const char *text, int line)
{
	char *end;
	long n;
	struct inote *x;

	if (!isdigit((unsigned char)text[0]))
		return;
	n = strtol(text, &end, 10);
	if (*end != '.' || (end[1] != ' ' && end[1] != '\t'))
		return;
	if (n < 1 || n > 999) {
		warn(I, line, "note number %ld is out of range; ignored", n);
		return;
	}
	/* "1." for every item: markdown numbers the list itself */
	if (n == 1 && I->nnotes && (I->autonum || I->nnotes == 1)) {
		bool all_one = I->autonum || I->notes[0].n == 1;

		if (all_one) {
			I->autonum = true;
			n = I->notes[I->nnotes - 1].n + 1;
			warn(I, line, "note numbered '1.' again: the list is numbered by markdown; read as note %ld",
			     n);
		}
	}
	for (size_t i = 0; i < I->nnotes; i++)
		if (I->notes[i].n == n) {
			warn(I, line, "note %ld is defined twice (first at line %d); the first is kept", n,
			     I->notes[i].line);
			return;
		}
	if (I->nnotes && I->notes[I->nnotes - 1].n >= n)
		warn(I, line, "note %ld comes after note %d", n, I->notes[I->nnotes - 1].n);
	I->notes = xrealloc(I->notes, (I->nnotes + 1) * sizeof(*I->notes));
	x = &I->notes[I->nnotes++];
	x->n = (int)n;
	x->line = line;
	{
		char *l = lower(end + 1);

		x->status = strstr(l, "intentionally omitted") ? MX_NOTE_OMITTED : MX_NOTE_DEFINED;
		free(l);
	}
}

/*
 * Output
 */

static void pad(FILE *out, const char *s, int width, bool last)
{
	if (last)
		fputs(s, out);
	else
		fprintf(out, "%-*s ", width, s);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void check_notes(struct imp *I, int **listed, size_t *nlisted)
{
	int *nums = NULL;
	size_t n = 0;

	/* every number defined, omitted or cited, sorted */
	for (size_t i = 0; i < I->nnotes; i++) {
		nums = xrealloc(nums, (n + 1) * sizeof(int));
		nums[n++] = I->notes[i].n;
	}
	for (size_t i = 0; i < I->nrefs; i++) {
		bool dup = false;

		for (size_t j = 0; j < n; j++)
			dup |= nums[j] == I->refs[i].n;
		if (!dup) {
			nums = xrealloc(nums, (n + 1) * sizeof(int));
			nums[n++] = I->refs[i].n;
		}
	}
	if (n)
		qsort(nums, n, sizeof(int), cmp_int);
	for (size_t i = 0; i < n; i++) {
		const struct inote *d = NULL;
		struct buf lines = { 0 };
		size_t cites = 0;
		int first = 0, last = -1;

		for (size_t j = 0; j < I->nnotes; j++)
			if (I->notes[j].n == nums[i])
				d = &I->notes[j];
		put(&lines, "", 0);
		for (size_t j = 0; j < I->nrefs; j++) {
			char num[16];

			if (I->refs[j].n != nums[i] || I->refs[j].line == last)
				continue;
			last = I->refs[j].line;
			if (!first)
				first = last;
			snprintf(num, sizeof(num), "%s%d", cites ? ", " : "", I->refs[j].line);
			put(&lines, num, strlen(num));
			cites++;
		}
		if (!d)
			warn(I, first, "note %d is cited (line%s %s) but the Notes section does not define it; written as undefined",
			     nums[i], cites > 1 ? "s" : "", lines.s);
		else if (d->status == MX_NOTE_OMITTED && cites)
			warn(I, d->line, "note %d is cited (line%s %s) but marked as omitted", nums[i],
			     cites > 1 ? "s" : "", lines.s);
		else if (d->status == MX_NOTE_DEFINED && !cites)
			warn(I, d->line, "note %d is defined but no cell cites it", nums[i]);
		free(lines.s);
	}
	*listed = nums;
	*nlisted = n;
}

/* a series, or (major > -2) the columns of one major release of it */
static void emit_series(FILE *out, const struct iseries *s, const char *label, int major)
{
	int wh = 5;
	size_t last = 0;

	for (size_t j = 0; j < s->ncols; j++)
		if (major == -2 || s->cols[j].major == major)
			last = j;
	for (size_t j = 0; j < s->nrows; j++)
		if ((int)strlen(s->rows[j].hosts) > wh)
			wh = (int)strlen(s->rows[j].hosts);
	fprintf(out, "\nseries %s %s\n", label, s->distros);
	for (size_t j = 0; j < s->ncols; j++) {
		if (major != -2 && s->cols[j].major != major)
			continue;
		if (s->cols[j].kernel)
			fprintf(out, "column %-*s %-11s kernel=%s\n", W_ID - 3, s->cols[j].label,
				s->cols[j].avail, s->cols[j].kernel);
		else
			fprintf(out, "column %-*s %s\n", W_ID - 3, s->cols[j].label, s->cols[j].avail);
	}
	fprintf(out, "#   %-*s %-*s ", W_ID, "feature", wh, "hosts");
	for (size_t j = 0; j < s->ncols; j++)
		if (major == -2 || s->cols[j].major == major)
			pad(out, s->cols[j].label, W_CELL, j == last);
	fputc('\n', out);
	for (size_t j = 0; j < s->nrows; j++) {
		const struct irow *r = &s->rows[j];

		fprintf(out, "row %-*s %-*s ", W_ID, r->id, wh, r->hosts);
		for (size_t k = 0; k < s->ncols; k++)
			if (major == -2 || s->cols[k].major == major)
				pad(out, r->cells[k], W_CELL, k == last);
		fputc('\n', out);
	}
}

static void emit(struct imp *I, FILE *out, const int *nums, size_t nnums)
{
	const char *base = strrchr(I->name, '/') ? strrchr(I->name, '/') + 1 : I->name;

	fprintf(out, "# The documented feature matrix, imported by 'hvcaps matrix import' from\n"
		     "# %s.\n"
		     "# Do not edit by hand: import the page again. The paraphrases of its\n"
		     "# notes are in the edition's .notes file. Format: data/FORMAT.md.\n", base);
	fprintf(out, "hvcaps-matrix %d\nedition %s\npage %s\n\n", MX_FORMAT_VERSION, I->date,
		I->title ? I->title : "(untitled)");
	for (size_t i = 0; i < I->nfeatures; i++)
		fprintf(out, "feature %-*s %-11s %s\n", W_ID, I->features[i].id,
			I->features[i].category, I->features[i].name);
	fputc('\n', out);
	for (size_t i = 0; i < nnums; i++) {
		const char *st = "undefined";

		for (size_t j = 0; j < I->nnotes; j++)
			if (I->notes[j].n == nums[i])
				st = I->notes[j].status == MX_NOTE_OMITTED ? "omitted" : "defined";
		fprintf(out, "note %d %s\n", nums[i], st);
	}
	for (size_t i = 0; i < I->nseries; i++) {
		const struct iseries *s = &I->series[i];
		int *majors;
		size_t nm = 0;

		if (!s->ncols)
			continue;
		majors = xcalloc(s->ncols + 1, sizeof(int));
		if (!s->implicit) {
			emit_series(out, s, s->label, -2);
			free(majors);
			continue;
		}
		/* the one table of a distribution's page: a series per major release */
		for (size_t j = 0; j < s->ncols; j++) {
			bool seen = false;

			for (size_t k = 0; k < nm; k++)
				seen |= majors[k] == s->cols[j].major;
			if (!seen)
				majors[nm++] = s->cols[j].major;
		}
		for (size_t k = 0; k < nm; k++) {
			char *label = majors[k] < 0 ? xstrdup("unclear") : xasprintf("%d.x", majors[k]);

			emit_series(out, s, label, majors[k]);
			free(label);
		}
		free(majors);
	}
}

static void imp_free(struct imp *I)
{
	for (size_t i = 0; i < I->nseries; i++) {
		struct iseries *s = &I->series[i];

		for (size_t j = 0; j < s->nrows; j++) {
			for (size_t k = 0; k < s->ncols; k++)
				free(s->rows[j].cells[k]);
			free(s->rows[j].cells);
			free(s->rows[j].id);
			free(s->rows[j].hosts);
		}
		free(s->rows);
		for (size_t j = 0; j < s->ncols; j++) {
			free(s->cols[j].label);
			free(s->cols[j].header);
			free(s->cols[j].avail);
			free(s->cols[j].kernel);
		}
		free(s->cols);
		free(s->label);
		free(s->distros);
	}
	free(I->series);
	for (size_t i = 0; i < I->nfeatures; i++) {
		free(I->features[i].id);
		free(I->features[i].category);
		free(I->features[i].name);
	}
	free(I->features);
	free(I->notes);
	free(I->refs);
	free(I->date);
	free(I->title);
}

/* "06/13/2019" to "2019-06-13" */
static char *ms_date(const char *v)
{
	int mo, d, y;
	char tail;

	if (sscanf(v, "%d/%d/%d%c", &mo, &d, &y, &tail) != 3 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || y < 1990 || y > 9999)
		return NULL;
	return xasprintf("%04d-%02d-%02d", y, mo, d);
}

static char *unquote(const char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && ((v[0] == '"' && v[n - 1] == '"') || (v[0] == '\'' && v[n - 1] == '\'')))
		return strndup(v + 1, n - 2);
	return xstrdup(v);
}

/*
 * The reading of the page, line by line
 */
struct reader {
	struct imp *I;
	struct tstate T;
	enum { BODY, FRONT, NOTES, HTML } mode;
	int prev_mode;
	ssize_t cur;		/* current series; -1 none */
	bool in_table, fence;
	struct buf html;	/* an HTML table's lines */
	int html_line;
};

/* the front matter: ms.date, title */
static void front_line(struct reader *R, char *t, int line)
{
	struct imp *I = R->I;
	char *s = strip(t), *v;

	if (!strcmp(s, "---")) {
		R->mode = BODY;
		return;
	}
	v = strchr(s, ':');
	if (!v)
		return;
	*v++ = '\0';
	v = strip(v);
	if (!strcmp(strip(s), "ms.date")) {
		free(I->date);
		I->date = ms_date(v);
		if (!I->date)
			warn(I, line, "ms.date '%s' is not MM/DD/YYYY", v);
	} else if (!strcmp(strip(s), "title")) {
		free(I->title);
		I->title = unquote(v);
	}
}

/* a heading's text without HTML tags ("<a name="BKMK_notes"></a>Notes") */
static char *heading_text(struct imp *I, const char *h, int line)
{
	struct buf b = { 0 };
	bool tags = false;

	put(&b, "", 0);
	for (const char *p = h; *p; p++) {
		const char *gt = *p == '<' && isalpha((unsigned char)p[1]) ? strchr(p, '>') : NULL;

		if (!gt && *p == '<' && p[1] == '/')
			gt = strchr(p, '>');
		if (gt) {
			tags = true;
			p = gt;
			continue;
		}
		putc_(&b, *p);
	}
	if (tags)
		warn(I, line, "heading '%s' carries HTML tags (an anchor); read as '%s'", h,
		     strip(b.s));
	return b.s;
}

static void add_series(struct reader *R, char *label, char *distros, int line, bool implicit)
{
	struct imp *I = R->I;

	for (size_t i = 0; i < I->nseries; i++)
		if (!strcmp(I->series[i].label, label) && !strcmp(I->series[i].distros, distros)) {
			warn(I, line, "series %s (%s) again (first at line %d); its table is not imported",
			     label, distros, I->series[i].line);
			I->unclear++;
			free(label);
			free(distros);
			return;
		}
	I->series = xrealloc(I->series, (I->nseries + 1) * sizeof(*I->series));
	memset(&I->series[I->nseries], 0, sizeof(*I->series));
	I->series[I->nseries].label = label;
	I->series[I->nseries].distros = distros;
	I->series[I->nseries].line = line;
	I->series[I->nseries].implicit = implicit;
	R->cur = (ssize_t)I->nseries++;
}

static void heading_line(struct reader *R, char *t, int line)
{
	struct imp *I = R->I;
	char *h = t, *text, *l, *label, *distros;
	int level = 0;

	while (*h == '#') {
		h++;
		level++;
	}
	if (*h != ' ')
		return;
	h = strip(h);
	if (level == 1 && !I->title) {
		I->title = plain(h, NULL, NULL);
		return;
	}
	if (level != 2)
		return;
	R->mode = BODY;
	R->cur = -1;
	text = heading_text(I, h, line);
	l = lower(strip(text));
	if (!strcmp(l, "notes"))
		R->mode = NOTES;
	else if (series_heading(I, strip(text), line, &label, &distros))
		add_series(R, label, distros, line, false);
	free(l);
	free(text);
}

/* the first line of a table: the series it belongs to */
static void table_begin(struct reader *R, int line)
{
	struct imp *I = R->I;

	R->in_table = true;
	memset(&R->T, 0, sizeof(R->T));
	R->T.line0 = line;
	if (R->cur < 0 && !I->headed && I->distro) {
		bool first = true;

		for (size_t i = 0; i < I->nseries; i++)
			first &= !I->series[i].implicit;
		if (first)
			add_series(R, xstrdup("all"), xstrdup(I->distro), line, true);
	}
	if (R->cur < 0) {
		warn(I, line, "a table outside a series section; not imported");
	} else if (I->series[R->cur].has_table) {
		warn(I, line, "a second table in series %s; not imported", I->series[R->cur].label);
		I->unclear++;
	} else {
		R->T.s = &I->series[R->cur];
		R->T.s->has_table = true;
	}
}

static void html_line(struct reader *R, const char *t)
{
	put(&R->html, t, strlen(t));
	putc_(&R->html, '\n');
	if (strcasestr(t, "</table")) {
		table_begin(R, R->html_line);
		html_table(R->I, &R->T, R->html.s, R->html_line);
		table_end(R->I, &R->T);
		R->in_table = false;
		free(R->html.s);
		R->html = (struct buf){ 0 };
		R->mode = R->prev_mode;
	}
}

static void page_line(struct reader *R, char *t, int line)
{
	char *s = strip(t);

	if (line == 1 && !strcmp(s, "---")) {
		R->mode = FRONT;
		return;
	}
	if (R->mode == FRONT)
		return front_line(R, t, line);
	if (R->mode == HTML)
		return html_line(R, t);
	/* code blocks in the notes hold no tables or headings */
	if (!strncmp(s, "```", 3)) {
		R->fence = !R->fence;
		return;
	}
	if (R->fence)
		return;
	if (R->in_table && *s != '|') {
		table_end(R->I, &R->T);
		R->in_table = false;
	}
	if (t[0] == '#')
		return heading_line(R, t, line);
	if (!strncasecmp(s, "<table", 6)) {
		R->prev_mode = R->mode;
		R->mode = HTML;
		R->html_line = line;
		return html_line(R, t);
	}
	if (*s == '|') {
		if (!R->in_table)
			table_begin(R, line);
		return table_line(R->I, &R->T, t, line);
	}
	if (R->mode == NOTES)
		note_line(R->I, t, line);
}

/* whether any line is a "## ... N.x Series" heading */
static bool has_series_heading(const char *text)
{
	for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t len = strcspn(p, "\r\n");

		if (!strncmp(p, "## ", 3) && len > 10 && !strncasecmp(p + len - 7, " series", 7))
			return true;
	}
	return false;
}

static void read_page(struct imp *I, const char *text)
{
	struct reader R = { .I = I, .cur = -1 };
	char *buf = xstrdup(text), *p = buf;
	int line = 0;

	I->headed = has_series_heading(text);
	/* the title decides the distribution of a table without a heading */
	{
		const char *t = strstr(text, "\ntitle:");

		if (t) {
			char *v = strndup(t + 7, strcspn(t + 7, "\r\n"));

			I->distro = page_distro(v);
			free(v);
		}
	}
	while (p) {
		char *nl = strchr(p, '\n');
		size_t n;

		if (nl)
			*nl = '\0';
		line++;
		n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[n - 1] = '\0';
		page_line(&R, p, line);
		p = nl ? nl + 1 : NULL;
	}
	if (R.mode == HTML) {
		warn(I, R.html_line, "an HTML table without </table>; not imported");
		I->unclear++;
		free(R.html.s);
	}
	if (R.in_table)
		table_end(I, &R.T);
	free(buf);
}

int mx_import(const char *text, const char *name, const char *edition, FILE *out)
{
	struct imp I = { .name = name };
	int rc, *nums = NULL;
	size_t nnums = 0, ncols = 0, ncells = 0;

	read_page(&I, text);
	if (edition) {
		if (I.date && strcmp(I.date, edition))
			warn(&I, 0, "the page's ms.date is %s; written as edition %s as asked", I.date,
			     edition);
		free(I.date);
		I.date = xstrdup(edition);
	}
	for (size_t i = 0; i < I.nseries; i++) {
		ncols += I.series[i].ncols;
		ncells += I.series[i].ncols * I.series[i].nrows;
	}
	if (!ncols) {
		err("%s: no feature table found (a 'DISTRO N.x Series' section, or the one table of a distribution's page): not a page hvcaps can import",
		    name);
		imp_free(&I);
		return 2;
	}
	if (!I.date) {
		err("%s: the page has no ms.date in its front matter: pass --edition YYYY-MM-DD", name);
		imp_free(&I);
		return 2;
	}
	check_notes(&I, &nums, &nnums);
	emit(&I, out, nums, nnums);
	free(nums);
	fflush(stdout);
	fprintf(stderr, "hvcaps: %s: edition %s: series %zu, columns %zu, cells %zu, notes %zu; warnings %d%s\n",
		name, I.date, I.nseries, ncols, ncells, nnums, I.warnings,
		I.unclear ? "; some text could not be read (written as unclear): decide it by hand" : "");
	rc = I.unclear ? 1 : 0;
	imp_free(&I);
	return rc;
}
