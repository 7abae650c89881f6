// SPDX-License-Identifier: GPL-2.0
/*
 * The integration daemons running: /proc/<pid>/comm of every process under
 * the root, matched against the names upstream (tools/hv), the LIS package
 * and the distributions give them. comm holds at most 15 characters, so
 * hv_fcopy_uio_daemon shows as "hv_fcopy_uio_da": a truncated match is
 * confirmed with the first word of /proc/<pid>/cmdline when it is readable.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "util.h"

#define COMM_LEN 15

static const struct {
	const char *service;
	const char *names[4];
} services[] = {
	{ "kvp", { "hv_kvp_daemon", "hypervkvpd", NULL } },
	{ "vss", { "hv_vss_daemon", "hypervvssd", NULL } },
	{ "fcopy", { "hv_fcopy_daemon", "hv_fcopy_uio_daemon", "hypervfcopyd", NULL } },
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Whether argv[0] in /proc/<pid>/cmdline is name or ends in "/name". */
static int cmdline_is(const struct groot *r, const char *pid, const char *name)
{
	char *path = xasprintf("/proc/%s/cmdline", pid), buf[4096], *base;
	ssize_t n = groot_read_bytes(r, path, buf, sizeof(buf) - 1);

	free(path);
	if (n <= 0)
		return -1;	/* unreadable, or a kernel thread */
	buf[n] = '\0';	/* argv[0] ends at the first NUL */
	base = strrchr(buf, '/');
	base = base ? base + 1 : buf;
	return !strcmp(base, name);
}

/* The service name matches comm; 1 sure, 2 truncated (unconfirmed), 0 no. */
static int comm_matches(const char *comm, const char *name)
{
	if (!strcmp(comm, name))
		return 1;
	if (strlen(name) > COMM_LEN && strlen(comm) == COMM_LEN &&
	    !strncmp(comm, name, COMM_LEN))
		return 2;
	return 0;
}

void guest_collect_daemons(struct hv_guest *g, const struct groot *r)
{
	struct guest_daemons *ds = &g->daemons;
	struct strv pids;
	char *unread = NULL;	/* the first comm that could not be read */
	size_t nunread = 0;
	int e;

	ds->n = ARRAY_SIZE(services);
	ds->list = xcalloc(ds->n, sizeof(*ds->list));
	for (size_t i = 0; i < ds->n; i++)
		ds->list[i].service = xstrdup(services[i].service);

	e = groot_list(r, "/proc", &pids);
	if (e || !groot_exists(r, "/proc/self")) {
		ds->why = e ? why_errno("/proc", e) :
			  xstrdup("/proc has no \"self\": procfs is not mounted there");
		goto out;
	}
	ds->source = xstrdup("/proc/*/comm");
	for (size_t i = 0; i < ds->n; i++)
		ds->list[i].running.known = true;
	for (size_t p = 0; p < pids.n; p++) {
		char *path, *comm;

		if (!all_digits(pids.v[p]))
			continue;
		path = xasprintf("/proc/%s/comm", pids.v[p]);
		e = groot_value(g, r, path, &comm);
		if (e == -1) {
			/* diagnosed: that process may be a daemon */
			if (!unread)
				unread = xstrdup(path);
			nunread++;
		}
		free(path);
		if (e)
			continue;	/* gone meanwhile, or unreadable */
		for (size_t i = 0; i < ds->n; i++) {
			struct guest_daemon *d = &ds->list[i];

			for (const char *const *n = services[i].names; *n && !d->running.v; n++) {
				int m = comm_matches(comm, *n);
				uint32_t pid;

				if (m == 2 && cmdline_is(r, pids.v[p], *n) == 0)
					m = 0;	/* the command line says otherwise */
				if (!m || !parse_u32(pids.v[p], &pid))
					continue;
				d->running.v = true;
				d->process = xstrdup(*n);
				d->pid.known = true;
				d->pid.v = pid;
			}
		}
		free(comm);
	}
	/*
	 * A process whose name cannot be read may be the daemon: one not
	 * found is then unknown, with the reason, not "not running".
	 */
	if (unread) {
		for (size_t i = 0; i < ds->n; i++)
			if (!ds->list[i].running.v)
				ds->list[i].running.known = false;
		ds->why = nunread > 1 ?
			xasprintf("%s and %zu other processes' names cannot be read (see the warnings): a daemon may be one of them",
				  unread, nunread - 1) :
			xasprintf("%s cannot be read (see the warnings): a daemon may be that process",
				  unread);
		free(unread);
	}
out:
	for (size_t p = 0; p < pids.n; p++)
		free(pids.v[p]);
	free(pids.v);
}
