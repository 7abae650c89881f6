// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps monitor [--json]: the VMBus changing, live. One line per event of
 * the hvcaps module's "events" multicast group (a device offered or
 * rescinded, a driver bound or unbound, sub-channels opened or closed),
 * each with the time it was received.
 *
 * How it keeps up (the protocol of kmod/events.c): subscribe first, then
 * read the bus (HOST_GET, then a dump, retried until consistent) at some
 * generation G; events up to G are already in that picture and are
 * skipped, and every later one must carry the next generation. When the
 * socket overran (recv() fails with ENOBUFS: the kernel dropped events, or
 * could not allocate one) or a generation is skipped, events were missed:
 * print a notice, read the bus again, and print what changed in between
 * as events marked "re-read". So the output always adds up to the bus as
 * it is, even when single events were lost.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "hvcaps.h"
#include "hvfeatures.h"
#include "nl_channel.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * Room for bursts: the kernel doubles it, and trims a notification to
 * about 1 KiB, so some 8000 events. $HVCAPS_MONITOR_RCVBUF overrides it.
 */
#define MONITOR_RCVBUF	(4 << 20)
/* The largest notification the module sends (HVCAPS_MAX_NTF_SIZE). */
#define MONITOR_MSG_MAX	(1 << 20)
/* datagrams read before the features and the output are brought up to date */
#define MONITOR_DRAIN	64

enum { OPT_FEATURES = 0x310, OPT_HOST };

void usage_monitor(FILE *f)
{
	fprintf(f,
		"Usage: hvcaps monitor [--features [--host HOST]] [--json]\n"
		"Print the VMBus events as they happen, one line each: devices offered\n"
		"(add) and rescinded (remove), drivers bound and unbound, sub-channels\n"
		"opened or closed. Needs the hvcaps module (live events). Runs until\n"
		"interrupted.\n"
		"\n"
		"  --features     also evaluate the features (as 'hvcaps features') after\n"
		"                 each change, and print those whose state changed\n"
		"  --host HOST    the host's release for --features (2012r2, 2016, 2019,\n"
		"                 2022, 2025, azure-stack-hci); default: detected\n"
		"  --json         one JSON object per line (JSON Lines)\n"
		DISPLAY_OPTIONS_HELP
		"  -h, --help     show this help\n"
		"\n"
		"Each line starts with the time the event arrived (ISO 8601, UTC, in\n"
		"milliseconds) and ends with the bus generation it raised. When events\n"
		"were missed (a receive buffer overrun, a generation skipped), a notice\n"
		"is printed, the bus is read again and what changed meanwhile is printed\n"
		"as events marked re-read.\n");
}

/* What the monitor remembers of a device: enough to describe changes. */
struct mdev {
	hv_guid instance, class_guid;
	uint32_t type, relid;
	char *name;		/* the module's name of the type */
	char *driver;		/* NULL when unbound */
	struct hv_channel *sub;	/* sub-channels only, sorted by relid */
	size_t nsub;
	bool gone;		/* removed; kept for the unbind that follows */
};

struct mon {
	struct nl_sock *sk;
	int family, ctrl_grp;
	bool json;
	uint32_t gen;		/* the last generation accounted for */
	struct mdev *dev;
	size_t ndev;
	char *buf;
	/* --features */
	bool features;
	char *host_opt;		/* --host, or NULL: detected */
	bool have_rep;
	struct ft_report rep;	/* the states last printed */
	unsigned int changes;	/* events since the features were evaluated */
	char cause[200];	/* the last of those events, in words */
	uint32_t cause_gen;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void mdev_free(struct mdev *d)
{
	free(d->name);
	free(d->driver);
	free(d->sub);
	memset(d, 0, sizeof(*d));
}

static void mon_clear(struct mon *mo)
{
	for (size_t i = 0; i < mo->ndev; i++)
		mdev_free(&mo->dev[i]);
	free(mo->dev);
	mo->dev = NULL;
	mo->ndev = 0;
}

static struct mdev *mon_find(struct mon *mo, const hv_guid *inst)
{
	for (size_t i = 0; i < mo->ndev; i++)
		if (!memcmp(mo->dev[i].instance.b, inst->b, sizeof(inst->b)))
			return &mo->dev[i];
	return NULL;
}

static struct mdev *mon_add(struct mon *mo)
{
	mo->dev = xrealloc(mo->dev, (mo->ndev + 1) * sizeof(*mo->dev));
	memset(&mo->dev[mo->ndev], 0, sizeof(mo->dev[0]));
	return &mo->dev[mo->ndev++];
}

static void mon_remove(struct mon *mo, struct mdev *d)
{
	size_t i = (size_t)(d - mo->dev);

	mdev_free(d);
	memmove(d, d + 1, (mo->ndev - i - 1) * sizeof(*d));
	mo->ndev--;
}

static int cmp_chan(const void *a, const void *b)
{
	const struct hv_channel *x = a, *y = b;

	return x->relid < y->relid ? -1 : x->relid > y->relid;
}

/* ---- output ------------------------------------------------------------ */

/* "2026-11-26T22:41:05.123Z" */
static void timestamp(char out[32])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + strlen(out), 8, ".%03uZ",
		 (unsigned int)(ts.tv_nsec / 1000000) % 1000);
}

/* Write one line now (the reader may be a pipe); false if stdout failed. */
static bool flush_line(void)
{
	return fflush(stdout) == 0 && !ferror(stdout);
}

static void json_line(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static json_object *json_relids(const uint32_t *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_int64(v[i]));
	return a;
}

#define EVENT_SCHEMA_VERSION 1

/*
 * A JSON line: {"schema": "hvcaps.monitor-event", "schema_version",
 * "hvcaps_version", "time", "event": KIND, "generation": GEN}; the caller
 * adds the event's own fields and prints it with json_line().
 */
static json_object *event_new(const char *ts, const char *kind, uint32_t gen)
{
	json_object *o = json_doc_new("monitor-event", EVENT_SCHEMA_VERSION);

	json_object_object_add(o, "time", json_object_new_string(ts));
	json_object_object_add(o, "event", json_object_new_string(kind));
	json_object_object_add(o, "generation", json_object_new_int64(gen));
	return o;
}

static json_object *j_ou32(struct opt_u32 v)
{
	return v.known ? json_object_new_int64(v.v) : NULL;
}

/*
 * The device of an event, in show's and list's words (model_json.c):
 * "name" (the bus name, the instance GUID), "instance", "class", "type",
 * "type_id", "type_name", "relid", "driver"; its sub-channels as
 * "subchannels": [{"relid", "index", "target_cpu"}].
 */
static void event_device(json_object *o, const struct mdev *d)
{
	json_object *subs = json_object_new_array();
	char inst[GUID_STR_SIZE], cls[GUID_STR_SIZE];

	guid_format(&d->instance, inst);
	guid_format(&d->class_guid, cls);
	json_object_object_add(o, "name", json_object_new_string(inst));
	json_object_object_add(o, "instance", json_object_new_string(inst));
	json_object_object_add(o, "class", json_object_new_string(cls));
	json_object_object_add(o, "type_id", json_object_new_int64(d->type));
	json_object_object_add(o, "type", json_object_new_string(dev_type_id(d->type)));
	json_object_object_add(o, "type_name", json_object_new_string(
		d->name ? d->name : dev_type_name(d->type)));
	json_object_object_add(o, "relid", json_object_new_int64(d->relid));
	json_object_object_add(o, "driver", d->driver ? json_object_new_string(d->driver) : NULL);
	for (size_t i = 0; i < d->nsub; i++) {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "relid", json_object_new_int64(d->sub[i].relid));
		json_object_object_add(c, "index", j_ou32(d->sub[i].index));
		json_object_object_add(c, "target_cpu", j_ou32(d->sub[i].cpu));
		json_object_array_add(subs, c);
	}
	json_object_object_add(o, "subchannels", subs);
}

/*
 * Print an event. KIND names it ("add", ...); D is the device as it is
 * after the event; PREV_DRIVER the driver before an unbind; ADDED and
 * REMOVED the sub-channel relids of a sub-channel event. GEN is the
 * event's generation, or with REREAD the generation of the re-read that
 * found the change.
 */
struct change {
	const char *kind;
	const struct mdev *d;
	const char *prev_driver;
	const uint32_t *added, *removed;
	size_t nadded, nremoved;
	uint32_t gen;
	bool reread;
};

static void print_change(const struct mon *mo, const struct change *c)
{
	const struct mdev *d = c->d;
	char ts[32], inst[GUID_STR_SIZE];
	const char *name = d->name ? d->name : dev_type_name(d->type);

	timestamp(ts);
	guid_format(&d->instance, inst);
	if (mo->json) {
		json_object *o = event_new(ts, c->kind, c->gen);

		json_object_object_add(o, "reread", json_object_new_boolean(c->reread));
		event_device(o, d);
		if (!strcmp(c->kind, "unbind"))
			json_object_object_add(o, "previous_driver", c->prev_driver ?
					       json_object_new_string(c->prev_driver) : NULL);
		if (!strcmp(c->kind, "subchannels")) {
			json_object_object_add(o, "added", json_relids(c->added, c->nadded));
			json_object_object_add(o, "removed", json_relids(c->removed, c->nremoved));
		}
		json_line(o);
		return;
	}
	printf("%s %s %s %s relid %u", ts, c->kind, inst, name, d->relid);
	if (!strcmp(c->kind, "bind"))
		printf(" driver %s", d->driver ? d->driver : "(unknown)");
	else if (!strcmp(c->kind, "unbind") && c->prev_driver)
		printf(" driver %s", c->prev_driver);
	if (!strcmp(c->kind, "subchannels")) {
		printf(": %zu sub-channel%s", d->nsub, d->nsub == 1 ? "" : "s");
		for (size_t i = 0; i < c->nadded; i++)
			printf("%s+%u", i ? " " : ", ", c->added[i]);
		for (size_t i = 0; i < c->nremoved; i++)
			printf("%s-%u", i || c->nadded ? " " : ", ", c->removed[i]);
	}
	if (c->reread)
		printf(" (re-read, generation %u)\n", c->gen);
	else
		printf(" (generation %u)\n", c->gen);
}

static void print_notice(const struct mon *mo, const char *reason,
			 const char *text)
{
	char ts[32];

	timestamp(ts);
	if (mo->json) {
		json_object *o = event_new(ts, "missed", mo->gen);

		json_object_object_add(o, "reason", json_object_new_string(reason));
		json_object_object_add(o, "message", json_object_new_string(text));
		json_line(o);
	} else {
		printf("%s notice: %s; reading the bus again\n", ts, text);
	}
}

static void print_start(const struct mon *mo, size_t ndev, bool again)
{
	char ts[32];

	timestamp(ts);
	if (mo->json) {
		json_object *o = event_new(ts, again ? "reread" : "start", mo->gen);

		json_object_object_add(o, "devices", json_object_new_int64((int64_t)ndev));
		json_line(o);
	} else if (!again) {
		printf("%s monitoring %zu device%s (generation %u)\n", ts, ndev,
		       ndev == 1 ? "" : "s", mo->gen);
	} else {
		printf("%s read again: %zu device%s (generation %u)\n", ts, ndev,
		       ndev == 1 ? "" : "s", mo->gen);
	}
}

/* ---- the picture of the bus ---------------------------------------------- */

static void mdev_set_subs(struct mdev *d, const struct hv_channel *c, size_t n)
{
	free(d->sub);
	d->sub = NULL;
	d->nsub = 0;
	for (size_t i = 0; i < n; i++) {
		if (c[i].primary)
			continue;
		d->sub = xrealloc(d->sub, (d->nsub + 1) * sizeof(*d->sub));
		d->sub[d->nsub++] = c[i];
	}
	qsort(d->sub, d->nsub, sizeof(*d->sub), cmp_chan);
}

static void mdev_from_model(struct mdev *d, const struct hv_device *md)
{
	d->instance = md->instance;
	d->class_guid = md->class_guid;
	d->type = md->type;
	d->relid = md->relid;
	d->name = md->type_name ? xstrdup(md->type_name) : NULL;
	d->driver = md->driver ? xstrdup(md->driver) : NULL;
	mdev_set_subs(d, md->chan, md->nchan);
}

/* Relids in A and not in B (both sorted). */
static size_t sub_minus(const struct mdev *a, const struct mdev *b,
			uint32_t *out)
{
	size_t n = 0, j = 0;

	for (size_t i = 0; i < a->nsub; i++) {
		while (j < b->nsub && b->sub[j].relid < a->sub[i].relid)
			j++;
		if (j == b->nsub || b->sub[j].relid != a->sub[i].relid)
			out[n++] = a->sub[i].relid;
	}
	return n;
}

static void print_sub_change(const struct mon *mo, const struct mdev *old,
			     const struct mdev *now, uint32_t gen, bool reread,
			     bool always)
{
	uint32_t *added = xcalloc(now->nsub + 1, sizeof(*added));
	uint32_t *removed = xcalloc(old->nsub + 1, sizeof(*removed));
	struct change c = {
		.kind = "subchannels", .d = now, .added = added,
		.removed = removed, .gen = gen, .reread = reread,
	};

	c.nadded = sub_minus(now, old, added);
	c.nremoved = sub_minus(old, now, removed);
	if (always || c.nadded || c.nremoved)
		print_change(mo, &c);
	free(added);
	free(removed);
}

/*
 * Replace the picture with M (read at generation M->host.generation),
 * printing what changed since the old one when REREAD.
 */
static void mon_take_model(struct mon *mo, struct hv_model *m, bool reread)
{
	struct mdev *olds = mo->dev;
	size_t nold = mo->ndev;
	uint32_t gen = m->host.generation.known ? m->host.generation.v : 0;

	mo->dev = NULL;
	mo->ndev = 0;
	for (size_t i = 0; i < m->ndev; i++)
		mdev_from_model(mon_add(mo), &m->dev[i]);
	mo->gen = gen;
	if (!reread)
		goto out;

	print_start(mo, mo->ndev, true);
	for (size_t i = 0; i < nold; i++) {
		struct mdev *o = &olds[i], *n = mon_find(mo, &o->instance);
		struct change c = { .d = o, .gen = gen, .reread = true };

		if (o->gone)
			continue;
		if (n && n->relid == o->relid &&
		    !memcmp(n->class_guid.b, o->class_guid.b, sizeof(o->class_guid.b)))
			continue;
		/* gone, or gone and offered again in between */
		if (o->driver) {
			struct mdev unbound = *o;

			unbound.driver = NULL;
			c.kind = "unbind";
			c.d = &unbound;
			c.prev_driver = o->driver;
			print_change(mo, &c);
			c.d = o;
		}
		c.kind = "remove";
		print_change(mo, &c);
	}
	for (size_t i = 0; i < mo->ndev; i++) {
		struct mdev *n = &mo->dev[i], *o = NULL;
		struct change c = { .d = n, .gen = gen, .reread = true };

		for (size_t j = 0; j < nold; j++)
			if (!olds[j].gone &&
			    !memcmp(olds[j].instance.b, n->instance.b, sizeof(n->instance.b)) &&
			    olds[j].relid == n->relid &&
			    !memcmp(olds[j].class_guid.b, n->class_guid.b, sizeof(n->class_guid.b)))
				o = &olds[j];
		if (!o) {
			struct mdev fresh = *n;

			fresh.driver = NULL;
			fresh.nsub = 0;
			c.kind = "add";
			c.d = &fresh;
			print_change(mo, &c);
			if (n->nsub) {
				print_sub_change(mo, &fresh, n, gen, true, false);
			}
			if (n->driver) {
				c.kind = "bind";
				c.d = n;
				print_change(mo, &c);
			}
			continue;
		}
		if (o->driver && (!n->driver || strcmp(o->driver, n->driver))) {
			struct mdev unbound = *n;

			unbound.driver = NULL;
			c.kind = "unbind";
			c.d = &unbound;
			c.prev_driver = o->driver;
			print_change(mo, &c);
		}
		if (n->driver && (!o->driver || strcmp(o->driver, n->driver))) {
			c.kind = "bind";
			c.d = n;
			print_change(mo, &c);
		}
		print_sub_change(mo, o, n, gen, true, false);
	}
out:
	for (size_t i = 0; i < nold; i++)
		mdev_free(&olds[i]);
	free(olds);
}

/* Read the bus through the netlink source: 0, or -1 after a message. */
static int mon_read_bus(struct mon *mo, bool reread)
{
	struct hv_model m;

	memset(&m, 0, sizeof(m));
	if (source_netlink_load(&m, NULL)) {
		model_free(&m);
		return -1;
	}
	mon_take_model(mo, &m, reread);
	if (!reread)
		print_start(mo, m.ndev, false);
	model_free(&m);
	return 0;
}

/* ---- events -------------------------------------------------------------- */

/*
 * A notification into EV (the device as it is after it), with the shared
 * decoder (nl_channel.c): 0, or -1 with *why.
 */
static int parse_ntf(struct nlmsghdr *nlh, struct mdev *ev, uint32_t *event,
		     uint32_t *gen, const char **why)
{
	struct hv_device d = { 0 };
	struct nl_channel_event ne;

	memset(ev, 0, sizeof(*ev));
	if (nl_channel_decode(nlh, &d, &ne, why)) {
		hv_device_free_fields(&d);
		return -1;
	}
	if (!ne.event.known) {
		*why = "a CHANNEL_GET reply among the events";
		hv_device_free_fields(&d);
		return -1;
	}
	mdev_from_model(ev, &d);
	*event = ne.event.v;
	*gen = d.generation.v;
	hv_device_free_fields(&d);
	return 0;
}

/* What a feature change is put down to: the last event before it. */
static void set_cause(struct mon *mo, uint32_t event, const struct mdev *d,
		      const char *driver, uint32_t gen)
{
	char inst[GUID_STR_SIZE];

	guid_format(&d->instance, inst);
	switch (event) {
	case HVCAPS_EVENT_ADD:
		snprintf(mo->cause, sizeof(mo->cause), "device %s offered", inst);
		break;
	case HVCAPS_EVENT_REMOVE:
		snprintf(mo->cause, sizeof(mo->cause), "device %s rescinded", inst);
		break;
	case HVCAPS_EVENT_BIND:
		snprintf(mo->cause, sizeof(mo->cause), "device %s bound to %s", inst,
			 driver ? driver : "a driver");
		break;
	case HVCAPS_EVENT_UNBIND:
		snprintf(mo->cause, sizeof(mo->cause), "device %s unbound from %s",
			 inst, driver ? driver : "its driver");
		break;
	default:
		snprintf(mo->cause, sizeof(mo->cause), "device %s: sub-channels changed",
			 inst);
	}
	mo->cause_gen = gen;
	mo->changes++;
}

/* Forget what was removed: the unbind that follows it came, or not. */
static void mon_prune(struct mon *mo)
{
	for (size_t i = 0; i < mo->ndev;) {
		if (mo->dev[i].gone)
			mon_remove(mo, &mo->dev[i]);
		else
			i++;
	}
}

/* Apply and print one event (its generation is the next one). */
static void mon_event(struct mon *mo, struct mdev *ev, uint32_t event,
		      uint32_t gen)
{
	struct change c = { .gen = gen };
	struct mdev *d;
	char *prev;

	/* A removed device is kept only for the unbind right after. */
	if (event != HVCAPS_EVENT_UNBIND)
		mon_prune(mo);
	d = mon_find(mo, &ev->instance);
	switch (event) {
	case HVCAPS_EVENT_ADD:
		if (d)
			mon_remove(mo, d);
		d = mon_add(mo);
		*d = *ev;
		memset(ev, 0, sizeof(*ev));
		c.kind = "add";
		c.d = d;
		print_change(mo, &c);
		set_cause(mo, event, d, NULL, gen);
		return;
	case HVCAPS_EVENT_REMOVE:
		/* The driver core unbinds after the removal: keep the driver. */
		if (d) {
			free(ev->driver);
			ev->driver = d->driver;
			d->driver = NULL;
			mon_remove(mo, d);
		}
		d = mon_add(mo);
		*d = *ev;
		memset(ev, 0, sizeof(*ev));
		d->gone = true;
		c.kind = "remove";
		c.d = d;
		print_change(mo, &c);
		set_cause(mo, event, d, NULL, gen);
		return;
	case HVCAPS_EVENT_BIND:
	case HVCAPS_EVENT_UNBIND:
		prev = d ? d->driver : NULL;
		if (d) {
			d->driver = NULL;
			ev->gone = d->gone;
			mon_remove(mo, d);
		}
		d = mon_add(mo);
		*d = *ev;
		memset(ev, 0, sizeof(*ev));
		if (event == HVCAPS_EVENT_UNBIND) {
			free(d->driver);
			d->driver = NULL;
		}
		c.kind = event == HVCAPS_EVENT_BIND ? "bind" : "unbind";
		c.d = d;
		c.prev_driver = prev;
		print_change(mo, &c);
		set_cause(mo, event, d, event == HVCAPS_EVENT_BIND ? d->driver : prev,
			  gen);
		free(prev);
		if (d->gone)	/* the unbind that follows a removal */
			mon_remove(mo, d);
		return;
	case HVCAPS_EVENT_SUBCHANNELS:
	default: {
		struct mdev old = {};

		if (d) {
			old.sub = d->sub;
			old.nsub = d->nsub;
			d->sub = ev->sub;
			d->nsub = ev->nsub;
			ev->sub = NULL;
			free(d->driver);
			d->driver = ev->driver;
			ev->driver = NULL;
		} else {
			d = mon_add(mo);
			*d = *ev;
			memset(ev, 0, sizeof(*ev));
		}
		print_sub_change(mo, &old, d, gen, false, true);
		set_cause(mo, event, d, NULL, gen);
		free(old.sub);
		return;
	}
	}
}

/* Missed events: notice, then the bus read again. 0 or -1. */
static int mon_missed(struct mon *mo, const char *reason, const char *text)
{
	int fd = nl_socket_get_fd(mo->sk);

	print_notice(mo, reason, text);
	/*
	 * What is queued is older than the new picture; it also holds the
	 * socket congested, which would drop more events. Bounded: while
	 * events keep coming this must not spin; those left are skipped by
	 * their generation once the bus is read again.
	 */
	for (int i = 0; i < 65536; i++)
		if (recv(fd, mo->buf, MONITOR_MSG_MAX, MSG_DONTWAIT) < 0 &&
		    errno != ENOBUFS && errno != EINTR)
			break;
	mon_prune(mo);
	if (mon_read_bus(mo, true))
		return -1;
	snprintf(mo->cause, sizeof(mo->cause), "the bus read again after missed events");
	mo->cause_gen = mo->gen;
	mo->changes++;
	return 0;
}

/* ---- --features -------------------------------------------------------- */

static void print_feature(const struct mon *mo, const struct ft_result *was,
			  const struct ft_result *now)
{
	char ts[32];

	timestamp(ts);
	if (mo->json) {
		json_object *o = event_new(ts, "feature", mo->cause_gen), *ev = json_object_new_array();

		json_object_object_add(o, "id", json_object_new_string(now->id));
		json_object_object_add(o, "from", json_object_new_string(ft_state_name(was->state)));
		json_object_object_add(o, "to", json_object_new_string(ft_state_name(now->state)));
		json_object_object_add(o, "cause", json_object_new_string(mo->cause));
		for (size_t i = 0; i < now->evidence.n; i++)
			json_object_array_add(ev, json_object_new_string(now->evidence.v[i]));
		json_object_object_add(o, "evidence", ev);
		json_object_object_add(o, "remediation", now->remediation ?
				       json_object_new_string(now->remediation) : NULL);
		json_line(o);
		return;
	}
	printf("%s feature %s: %s -> %s (%s, generation %u)\n", ts, now->id,
	       ft_state_name(was->state), ft_state_name(now->state), mo->cause,
	       mo->cause_gen);
}

static void print_features_start(const struct mon *mo)
{
	unsigned int count[FT_NA + 1] = { 0 };
	char ts[32];

	timestamp(ts);
	if (mo->json) {
		json_object *o = event_new(ts, "features", mo->gen), *fs = json_object_new_object();

		for (size_t i = 0; i < FT_COUNT; i++)
			json_object_object_add(fs, mo->rep.r[i].id,
					       json_object_new_string(ft_state_name(mo->rep.r[i].state)));
		json_object_object_add(o, "features", fs);
		json_line(o);
		return;
	}
	for (size_t i = 0; i < FT_COUNT; i++)
		count[mo->rep.r[i].state]++;
	printf("%s features: %u yes, %u no, %u inferred, %u unknown, %u n/a ('hvcaps features' for the table)\n",
	       ts, count[FT_YES], count[FT_NO], count[FT_INFERRED], count[FT_UNKNOWN],
	       count[FT_NA]);
}

/*
 * Evaluate the features from the bus and the guest as they are now, and
 * print those whose state changed since the last time (the first time,
 * a summary). 0, or -1 after a message.
 */
/*
 * The kernel announces a removal before the device leaves the bus, so a
 * read right after a "remove" event can still list it: drop the devices
 * the monitor saw removed from what the features are evaluated on.
 */
static void drop_removed(const struct mon *mo, struct hv_model *m)
{
	for (size_t i = 0; i < m->ndev;) {
		const struct mdev *d = mon_find((struct mon *)mo, &m->dev[i].instance);

		if (!d || !d->gone) {
			i++;
			continue;
		}
		free(m->dev[i].name);
		free(m->dev[i].type_name);
		free(m->dev[i].driver);
		free(m->dev[i].chan);
		m->dev[i] = m->dev[--m->ndev];
	}
}

static int mon_features(struct mon *mo)
{
	struct hv_model m;
	struct hv_guest g;
	struct ft_host host;
	struct ft_report rep;
	int ret = -1;

	memset(&m, 0, sizeof(m));
	memset(&g, 0, sizeof(g));
	mo->changes = 0;
	if (source_netlink_load(&m, NULL) || guest_collect(&g, "/")) {
		/* Said why; later, try again after the next event. */
		if (mo->have_rep)
			ret = 0;
		goto out;
	}
	if (!mo->have_rep)
		guest_print_diag(&g);
	drop_removed(mo, &m);
	ft_host_detect(&m.host, mo->host_opt, &host);
	ft_isolation_detect(&m, &g, NULL, &host.isolation);
	ft_evaluate(&m, &g, &host, &rep);
	ft_host_free(&host);
	if (mo->have_rep) {
		for (size_t i = 0; i < FT_COUNT; i++)
			if (rep.r[i].state != mo->rep.r[i].state)
				print_feature(mo, &mo->rep.r[i], &rep.r[i]);
		ft_report_free(&mo->rep);
	}
	mo->rep = rep;
	if (!mo->have_rep) {
		mo->have_rep = true;
		print_features_start(mo);
	}
	ret = 0;
out:
	model_free(&m);
	guest_free(&g);
	return ret;
}

/*
 * The controller told about a family going away: ours? The header's
 * length is checked before its command is read, and the name must be a
 * NUL-terminated string within its attribute (NLA_STRING).
 */
static struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_NAME] = { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
};

static bool family_deleted(struct nlmsghdr *nlh)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return false;
	gh = nlmsg_data(nlh);
	if (gh->cmd != CTRL_CMD_DELFAMILY ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME])
		return false;
	return !nla_strcmp(tb[CTRL_ATTR_FAMILY_NAME], HVCAPS_GENL_NAME);
}

/*
 * One datagram. 0, 2 when none was waiting, 1 to stop (message printed),
 * -1 on error.
 */
static int mon_receive(struct mon *mo)
{
	int fd = nl_socket_get_fd(mo->sk);
	struct sockaddr_nl from = { 0 };
	socklen_t fromlen = sizeof(from);
	struct nlmsghdr *nlh;
	const char *why;
	ssize_t r;
	char text[128];
	int len;

	r = recvfrom(fd, mo->buf, MONITOR_MSG_MAX, MSG_DONTWAIT | MSG_TRUNC,
		     (struct sockaddr *)&from, &fromlen);
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 2;
		if (errno == ENOBUFS)
			return mon_missed(mo, "overrun",
					  "events were lost (the receive buffer overran)") ? -1 : 0;
		err("cannot receive events from the hvcaps module: %s", strerror(errno));
		return -1;
	}
	/* only the kernel (port 0) sends events: another process's are ignored */
	if (fromlen < sizeof(from) || from.nl_family != AF_NETLINK || from.nl_pid != 0)
		return 0;
	if (r > MONITOR_MSG_MAX)
		return mon_missed(mo, "truncated", "an event was too large to read") ? -1 : 0;
	len = (int)r;
	for (nlh = (struct nlmsghdr *)mo->buf; nlmsg_ok(nlh, len);
	     nlh = nlmsg_next(nlh, &len)) {
		struct mdev ev;
		uint32_t event, gen;

		if (nlh->nlmsg_type == GENL_ID_CTRL) {
			if (!family_deleted(nlh))
				continue;
			err("the hvcaps module was unloaded: no more events");
			return 1;
		}
		if (nlh->nlmsg_type != mo->family)
			continue;
		if (parse_ntf(nlh, &ev, &event, &gen, &why)) {
			mdev_free(&ev);
			err("malformed event from the hvcaps module (%s); the module and this tool may not match: compare 'hvcaps --version' with 'modinfo -F version hvcaps'",
			    why);
			return -1;
		}
		if ((int32_t)(gen - mo->gen) <= 0) {
			/* already in the picture read at mo->gen */
			mdev_free(&ev);
			continue;
		}
		if (gen != mo->gen + 1) {
			snprintf(text, sizeof(text),
				 "generation %u after %u: %u event%s missed",
				 gen, mo->gen, gen - mo->gen - 1,
				 gen - mo->gen - 1 == 1 ? "" : "s");
			mdev_free(&ev);
			return mon_missed(mo, "gap", text) ? -1 : 0;
		}
		mo->gen = gen;
		mon_event(mo, &ev, event, gen);
		mdev_free(&ev);
		if (!flush_line())
			return -1;
	}
	return 0;
}

static int mon_open(struct mon *mo)
{
	const char *env = getenv("HVCAPS_MONITOR_RCVBUF");
	int grp, one = 1, size = MONITOR_RCVBUF;
	int fd, c;

	if (env && atoi(env) > 0)
		size = atoi(env);

	mo->sk = nl_socket_alloc();
	if (!mo->sk) {
		err("out of memory; free some memory and try again");
		return -1;
	}
	c = genl_connect(mo->sk);
	if (c < 0) {
		err("cannot open a generic netlink socket: %s", nl_geterror(c));
		return -1;
	}
	fd = nl_socket_get_fd(mo->sk);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	mo->family = genl_ctrl_resolve(mo->sk, HVCAPS_GENL_NAME);
	if (mo->family < 0) {
		err("the generic netlink family \"" HVCAPS_GENL_NAME "\" is not registered: monitor needs the hvcaps kernel module; run 'modprobe hvcaps' (or install it with DKMS)");
		return -1;
	}
	grp = genl_ctrl_resolve_grp(mo->sk, HVCAPS_GENL_NAME, HVCAPS_MCGRP_EVENTS);
	if (grp < 0) {
		err("the hvcaps module has no \"" HVCAPS_MCGRP_EVENTS "\" group: it predates live events; update it (compare 'hvcaps --version' with 'modinfo -F version hvcaps')");
		return -1;
	}
	/*
	 * To notice the module going away (best effort). Resolved before
	 * subscribing: libnl would take an event for a stray reply.
	 */
	mo->ctrl_grp = genl_ctrl_resolve_grp(mo->sk, "nlctrl", "notify");
	/* root may go beyond net.core.rmem_max */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	c = nl_socket_add_membership(mo->sk, grp);
	if (c < 0) {
		err("cannot subscribe to the hvcaps events: %s", nl_geterror(c));
		return -1;
	}
	if (mo->ctrl_grp >= 0)
		nl_socket_add_membership(mo->sk, mo->ctrl_grp);
	return 0;
}

/* monitor_options(): --help printed, nothing more to do */
#define MONITOR_HELP_DONE (-1)

/*
 * Parse monitor's options into o and mo: EXIT_OK to go on,
 * MONITOR_HELP_DONE, or the exit status of a usage error.
 */
static int monitor_options(int argc, char **argv, struct hv_opts *o, struct mon *mo)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "features", no_argument, NULL, OPT_FEATURES },
		{ "host", required_argument, NULL, OPT_HOST },
		GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_monitor(stdout);
			return MONITOR_HELP_DONE;
		case OPT_FEATURES:
			mo->features = true;
			break;
		case OPT_HOST:
			free(mo->host_opt);
			mo->host_opt = ft_parse_host_option("monitor", optarg);
			if (!mo->host_opt)
				return EXIT_ERROR;
			break;
		case '?':
		case ':':
			return option_error("monitor", c, argv);
		default:
			if (global_option(c, optarg, o))
				return EXIT_ERROR;
		}
	}
	if (optind < argc)
		return usage_error("monitor", "unexpected argument '%s'", argv[optind]);
	if (opts_check("monitor", o))
		return EXIT_ERROR;
	if (o->source == HV_SOURCE_SYSFS || o->root_set)
		return usage_error("monitor", "monitor follows the hvcaps module's live events; sysfs (--source sysfs, --root) has none");
	if (o->snapshot)
		return usage_error("monitor", "monitor follows the hvcaps module's live events; a --snapshot file has none");
	if (mo->host_opt && !mo->features)
		return usage_error("monitor", "--host is the host release for --features");
	mo->json = o->json;
	return EXIT_OK;
}

/* Follow the events until a signal: 0, or -1 after a message. */
static int mon_loop(struct mon *mo)
{
	while (!stop_signal) {
		struct pollfd p = { .fd = nl_socket_get_fd(mo->sk), .events = POLLIN };
		int r = poll(&p, 1, -1);

		if (r < 0 && errno != EINTR) {
			err("poll: %s", strerror(errno));
			return -1;
		}
		if (r <= 0)
			continue;
		/*
		 * What is waiting, then the features once; at most
		 * MONITOR_DRAIN datagrams, so that a steady stream of events
		 * cannot keep the features and the output from coming.
		 */
		for (int i = 0; i < MONITOR_DRAIN; i++)
			if ((r = mon_receive(mo)) != 0 || stop_signal)
				break;
		if (r == 1 || r == -1)
			return -1;
		if (mo->features && mo->changes && mon_features(mo))
			return -1;
		if (!flush_line())
			return -1;
	}
	return 0;
}

int cmd_monitor(int argc, char **argv, struct hv_opts *o)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct mon mo = {};
	int ret = monitor_options(argc, argv, o, &mo);

	if (ret != EXIT_OK) {
		free(mo.host_opt);
		return ret == MONITOR_HELP_DONE ? EXIT_OK : ret;
	}
	ret = EXIT_ERROR;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	mo.buf = xmalloc(MONITOR_MSG_MAX);
	/* Subscribe first: what happens while we read the bus is queued. */
	if (mon_open(&mo) || mon_read_bus(&mo, false))
		goto out;
	if (mo.features && mon_features(&mo))
		goto out;
	if (!flush_line() || mon_loop(&mo))
		goto out;
	ret = EXIT_OK;
out:
	if (mo.sk)
		nl_socket_free(mo.sk);
	mon_clear(&mo);
	if (mo.have_rep)
		ft_report_free(&mo.rep);
	free(mo.host_opt);
	free(mo.buf);
	return ret;
}
