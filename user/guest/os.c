// SPDX-License-Identifier: GPL-2.0
/*
 * The distribution: /etc/os-release (or /usr/lib/os-release, as
 * os-release(5) says), and the RHEL-style release files, which RHEL and
 * CentOS 5 and 6 have instead of os-release, and which alone carry the
 * minor release on CentOS 7 ("CentOS Linux release 7.9.2009 (Core)" while
 * os-release says VERSION_ID="7").
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

static const char *const os_release_files[] = { "/etc/os-release", "/usr/lib/os-release" };
/* In this order: on CentOS and Oracle Linux, redhat-release is a copy. */
static const char *const release_files[] = {
	"/etc/centos-release", "/etc/oracle-release", "/etc/redhat-release",
};

/* The os-release ID of the names release files start with. */
static const struct {
	const char *prefix, *id;
} release_names[] = {
	{ "Red Hat Enterprise Linux", "rhel" },
	{ "CentOS", "centos" },
	{ "Oracle Linux", "ol" },
	{ "Scientific Linux", "scientific" },
	{ "AlmaLinux", "almalinux" },
	{ "Rocky Linux", "rocky" },
	{ "Fedora", "fedora" },
};

/*
 * Unquote an os-release value in place: "..." with \ escapes, '...', or
 * bare. Returns false if the quoting is broken.
 */
static bool unquote(char *v)
{
	char q = v[0], *w = v;
	size_t n = strlen(v);

	if (q != '"' && q != '\'') {
		/* bare: no spaces or quotes (os-release(5)) */
		for (char *p = v; *p; p++)
			if (isspace((unsigned char)*p) || *p == '"' || *p == '\'' ||
			    *p == '\\' || *p == '`' || *p == '$')
				return false;
		return true;
	}
	if (n < 2 || v[n - 1] != q)
		return false;
	v[n - 1] = '\0';
	for (char *p = v + 1; *p; p++) {
		if (q == '"' && *p == '\\' && p[1] && strchr("\"\\$`", p[1]))
			p++;
		else if (q == '"' && (*p == '"' || *p == '`' || *p == '$'))
			return false;
		else if (q == '\'' && *p == '\'')
			return false;
		*w++ = *p;
	}
	*w = '\0';
	return true;
}

static void set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/* 0 parsed (ID may still be missing), -1 unusable (diagnostic given) */
static int parse_os_release(struct hv_guest *g, const char *path, char *text)
{
	struct guest_os *os = &g->os;
	char *line, *next;
	int lineno = 0;

	for (line = text; line; line = next) {
		char *l, *eq, *key, *val = NULL;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		l = strip(line);
		lineno++;
		if (!*l || *l == '#')
			continue;
		eq = strchr(l, '=');
		key = l;
		if (eq) {
			*eq = '\0';
			val = eq + 1;
		}
		if (!eq || !*key || strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(key)) {
			if (eq)
				*eq = '=';
			guest_diag(g, path, "line %d is not KEY=VALUE (\"%.60s\"); the file is ignored",
				   lineno, l);
			return -1;
		}
		if (!unquote(val)) {
			guest_diag(g, path, "line %d: the value of %s is badly quoted; the file is ignored",
				   lineno, key);
			return -1;
		}
		if (!strcmp(key, "ID"))
			set(&os->id, val);
		else if (!strcmp(key, "VERSION_ID"))
			set(&os->version_id, val);
		else if (!strcmp(key, "NAME"))
			set(&os->name, val);
		else if (!strcmp(key, "PRETTY_NAME"))
			set(&os->pretty_name, val);
		else if (!strcmp(key, "VERSION"))
			set(&os->version, val);
		else if (!strcmp(key, "ID_LIKE"))
			set(&os->id_like, val);
	}
	return 0;
}

static void clear_os_release(struct guest_os *os)
{
	char **f[] = { &os->id, &os->version_id, &os->name, &os->pretty_name,
		       &os->version, &os->id_like };

	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

/*
 * "CentOS release 6.10 (Final)": name "CentOS", version "6.10".
 * Returns false if the line does not have that form.
 */
static bool parse_release_line(const char *line, char **name, char **version)
{
	const char *r = strstr(line, " release "), *v, *e;

	if (!r || r == line)
		return false;
	v = r + strlen(" release ");
	e = v;
	while (isdigit((unsigned char)*e) || *e == '.')
		e++;
	if (e == v || !isdigit((unsigned char)*v) || e[-1] == '.' ||
	    (*e && *e != ' '))
		return false;
	*name = xasprintf("%.*s", (int)(r - line), line);
	*version = xasprintf("%.*s", (int)(e - v), v);
	return true;
}

static void read_release_file(struct hv_guest *g, const struct groot *r)
{
	struct guest_os *os = &g->os;

	for (size_t i = 0; i < ARRAY_SIZE(release_files); i++) {
		const char *path = release_files[i];
		char *text, *nl, *name = NULL, *version = NULL;
		int e = groot_value(g, r, path, &text);

		if (e == -ENOENT)
			continue;
		if (e)
			return;	/* broken: diagnosed; a copy would not be better */
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		strip(text);
		if (!parse_release_line(text, &name, &version)) {
			guest_diag(g, path, "\"%.80s\" is not \"<name> release <version> (<codename>)\"; its version is unknown",
				   text);
			free(text);
			return;
		}
		os->release_file = xstrdup(path);
		os->release_text = text;
		os->release_version = version;
		free(name);
		return;
	}
}

/* "VERSION = 11" in SuSE-release: the value, or NULL */
static char *suse_value(const char *text, const char *key)
{
	for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t n = strlen(key);

		if (strncmp(p, key, n))
			continue;
		p += n;
		p += strspn(p, " \t");
		if (*p++ != '=')
			return NULL;
		p += strspn(p, " \t");
		n = strspn(p, "0123456789");
		return n ? xasprintf("%.*s", (int)n, p) : NULL;
	}
	return NULL;
}

/*
 * Debian's /etc/debian_version ("10.13": the point release that
 * os-release's VERSION_ID "10" lacks; "bookworm/sid" on testing: no
 * release) and SUSE's /etc/SuSE-release (SLES 11 has no os-release:
 * "VERSION = 11", "PATCHLEVEL = 4" is 11.4, as SLES 12's VERSION_ID).
 */
static void read_vendor_file(struct hv_guest *g, const struct groot *r)
{
	struct guest_os *os = &g->os;
	char *text, *v, *ver, *pl;
	size_t n;

	if (!groot_read(r, "/etc/debian_version", &text)) {
		v = strip(text);
		n = strspn(v, "0123456789.");
		if (n && isdigit((unsigned char)v[0]) && v[n - 1] != '.' && !v[n]) {
			os->release_file = xstrdup("/etc/debian_version");
			os->release_text = xstrdup(v);
			os->release_version = xstrdup(v);
		}
		free(text);
		return;
	}
	if (groot_read(r, "/etc/SuSE-release", &text))
		return;
	ver = suse_value(text, "VERSION");
	pl = suse_value(text, "PATCHLEVEL");
	if (ver) {
		v = strchr(text, '\n');
		if (v)
			*v = '\0';
		os->release_file = xstrdup("/etc/SuSE-release");
		os->release_text = xstrdup(strip(text));
		os->release_version = pl ? xasprintf("%s.%s", ver, pl) : xstrdup(ver);
	} else {
		guest_diag(g, "/etc/SuSE-release", "no \"VERSION = N\" line; its version is unknown");
	}
	free(ver);
	free(pl);
	free(text);
}

/* the distribution of a vendor file: debian, sles; false for the RHEL-style ones */
static bool os_from_vendor_file(struct guest_os *os)
{
	const char *id = NULL;

	if (!strcmp(os->release_file, "/etc/debian_version"))
		id = "debian";
	else if (!strcmp(os->release_file, "/etc/SuSE-release") &&
		 strstr(os->release_text, "SUSE Linux Enterprise Server"))
		id = "sles";
	else if (strcmp(os->release_file, "/etc/SuSE-release"))
		return false;
	if (id)
		os->id = xstrdup(id);
	else
		os->why = xasprintf("%s: \"%s\" names a distribution hvcaps does not know",
				    os->release_file, os->release_text);
	os->version_id = xstrdup(os->release_version);
	os->pretty_name = xstrdup(os->release_text);
	os->source = xstrdup(os->release_file);
	return true;
}

/* Fill ID, VERSION_ID and names from the release file. */
static void os_from_release_file(struct guest_os *os)
{
	char *name = NULL, *version = NULL;

	if (os_from_vendor_file(os))
		return;

	if (!parse_release_line(os->release_text, &name, &version))
		return;	/* cannot happen: parsed before */
	for (size_t i = 0; i < ARRAY_SIZE(release_names); i++) {
		if (!strncmp(name, release_names[i].prefix, strlen(release_names[i].prefix))) {
			os->id = xstrdup(release_names[i].id);
			break;
		}
	}
	os->version_id = version;
	os->name = name;
	os->pretty_name = xstrdup(os->release_text);
	os->source = xstrdup(os->release_file);
	if (!os->id)
		os->why = xasprintf("%s: \"%s\" names a distribution hvcaps does not know",
				    os->release_file, os->release_text);
}

void guest_collect_os(struct hv_guest *g, const struct groot *r)
{
	struct guest_os *os = &g->os;
	const char *used = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(os_release_files) && !used; i++) {
		const char *path = os_release_files[i];
		char *text;
		int e = groot_read(r, path, &text);

		if (e == -ENOENT || e == -ENOTDIR)
			continue;
		if (e == -EILSEQ)
			guest_diag(g, path, "malformed content (a NUL byte); the file is ignored");
		else if (e)
			guest_diag(g, path, "cannot read it: %s; the file is ignored", errstr(e));
		else if (parse_os_release(g, path, text))
			clear_os_release(os);
		else
			used = path;
		free(text);
		break;	/* /usr/lib/os-release is only for a missing /etc one */
	}
	if (used && !os->id) {
		guest_diag(g, used, "no ID= line; the distribution is taken from the release files, if any");
		clear_os_release(os);
		used = NULL;
	}
	read_release_file(g, r);
	if (!os->release_file)
		read_vendor_file(g, r);
	if (used) {
		os->source = xstrdup(used);
		return;
	}
	if (os->release_text) {
		os_from_release_file(os);
		return;
	}
	os->why = xstrdup("no usable /etc/os-release, /usr/lib/os-release, /etc/centos-release, /etc/oracle-release, /etc/redhat-release, /etc/debian_version or /etc/SuSE-release");
}
