// SPDX-License-Identifier: GPL-2.0
/*
 * Memory hot-add (Dynamic Memory): the hv_balloon module and its
 * parameters (/sys/module/hv_balloon/parameters/: hot_add, ...), and who
 * onlines the memory blocks the host adds: the kernel itself
 * (/sys/devices/system/memory/auto_online_blocks, memhp_default_state= on
 * the command line) or a udev rule. A rule counts when it sets
 * ATTR{state}="online..." (or to an $env{} the file sets to "online...")
 * in a file that matches SUBSYSTEM "memory" (/etc/udev/rules.d,
 * /lib/udev/rules.d, /usr/lib/udev/rules.d).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

static const char *const rules_dirs[] = {
	"/etc/udev/rules.d", "/lib/udev/rules.d", "/usr/lib/udev/rules.d",
};

/*
 * ATTR{state}="online..." as an assignment, not a test (==, !=); or
 * ATTR{state}="$env{...}" when the file sets some variable to "online..."
 * (RHEL 7's 40-redhat.rules: ENV{.state}="online", then
 * ATTR{state}="$env{.state}").
 */
static bool sets_online(const char *line, bool env_online)
{
	const char *key = "ATTR{state}";

	for (const char *p = strstr(line, key); p; p = strstr(p + 1, key)) {
		const char *q = p + strlen(key);

		while (*q == ' ' || *q == '\t')
			q++;
		if (q[0] != '=' || q[1] == '=')
			continue;
		q += 1 + strspn(q + 1, " \t");
		if (!strncmp(q, "\"online", 7) || (env_online && !strncmp(q, "\"$env{", 6)))
			return true;
	}
	return false;
}

static void scan_rules_file(struct hv_guest *g, const struct groot *r, const char *path,
			    struct strv *out)
{
	char *text, *line, *next;
	bool memory, env_online;
	int e = groot_read(r, path, &text), n = 0;

	if (e) {
		if (e != -ENOENT)
			guest_diag(g, path, "cannot read it: %s", e == -EILSEQ ?
				   "malformed content (a NUL byte)" : errstr(e));
		return;
	}
	memory = strstr(text, "SUBSYSTEM==\"memory\"") || strstr(text, "SUBSYSTEM!=\"memory\"");
	env_online = strstr(text, "}=\"online") != NULL;
	for (line = text; line && memory; line = next) {
		char *l;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n++;
		l = strip(line);
		if (*l == '#' || !sets_online(l, env_online))
			continue;
		strv_addf(out, "%s:%d: %.160s", path, n, l);
	}
	free(text);
}

static void scan_rules(struct hv_guest *g, const struct groot *r, struct strv *out)
{
	struct strv seen = { 0 };

	out->known = false;
	for (size_t i = 0; i < ARRAY_SIZE(rules_dirs); i++) {
		char *real = groot_resolve(r, rules_dirs[i]);
		struct strv files;

		/* /lib is /usr/lib on merged-/usr systems: once only */
		if (!real || strv_has(&seen, real)) {
			free(real);
			continue;
		}
		strv_add(&seen, real);
		if (groot_list(r, rules_dirs[i], &files))
			continue;
		out->known = true;
		for (size_t j = 0; j < files.n; j++) {
			size_t len = strlen(files.v[j]);

			if (len > 6 && !strcmp(files.v[j] + len - 6, ".rules")) {
				char *p = xasprintf("%s/%s", rules_dirs[i], files.v[j]);

				scan_rules_file(g, r, p, out);
				free(p);
			}
			free(files.v[j]);
		}
		free(files.v);
	}
	for (size_t i = 0; i < seen.n; i++)
		free(seen.v[i]);
	free(seen.v);
}

void guest_collect_memory(struct hv_guest *g, const struct groot *r)
{
	struct guest_memory *m = &g->memory;
	struct strv params;
	char *cmdline;

	if (groot_exists(r, "/sys/module")) {
		m->balloon_loaded.known = true;
		m->balloon_loaded.v = groot_exists(r, "/sys/module/hv_balloon");
	}
	if (m->balloon_loaded.v &&
	    !groot_list(r, "/sys/module/hv_balloon/parameters", &params)) {
		m->params = xcalloc(params.n, sizeof(*m->params));
		for (size_t i = 0; i < params.n; i++) {
			char *p = xasprintf("/sys/module/hv_balloon/parameters/%s", params.v[i]);
			char *v = NULL;

			if (!groot_value(g, r, p, &v)) {
				struct guest_param *gp = &m->params[m->nparams++];

				gp->name = params.v[i];
				gp->value = v;
				params.v[i] = NULL;
				if (!strcmp(gp->name, "hot_add")) {
					if (!strcmp(v, "Y") || !strcmp(v, "1") ||
					    !strcmp(v, "N") || !strcmp(v, "0")) {
						m->hot_add.known = true;
						m->hot_add.v = v[0] == 'Y' || v[0] == '1';
					} else {
						guest_diag(g, p, "malformed content \"%.20s\" (expected Y or N)", v);
					}
				}
			}
			free(p);
			free(params.v[i]);
		}
		free(params.v);
	}
	if (groot_value(g, r, "/sys/devices/system/memory/auto_online_blocks",
			&m->auto_online_blocks) == 0 && !*m->auto_online_blocks) {
		free(m->auto_online_blocks);
		m->auto_online_blocks = NULL;
	}
	if (!groot_value(g, r, "/proc/cmdline", &cmdline)) {
		char *save = NULL;

		for (char *w = strtok_r(cmdline, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
			if (!strncmp(w, "memhp_default_state=", 20)) {
				free(m->memhp_default_state);
				m->memhp_default_state = xstrdup(w + 20);	/* the last wins */
			}
		free(cmdline);
	}
	scan_rules(g, r, &m->udev_rules);
	if (!m->balloon_loaded.known && !m->auto_online_blocks && !m->udev_rules.known)
		m->why = xstrdup("no /sys/module, /sys/devices/system/memory/auto_online_blocks or udev rules directory");
}
