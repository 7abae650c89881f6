// SPDX-License-Identifier: GPL-2.0
/*
 * Live events: HVCAPS_CMD_CHANNEL_NTF on the "events" multicast group,
 * driven through the VMBus double (offers, rescinds, sub-channels offered
 * and rescinded one by one) and its stub driver (binds and unbinds through
 * the driver core).
 *
 *  - cycles: 1000 offer / bind / sub-channel offer / sub-channel rescind /
 *    unbind / rescind cycles. Every event must arrive in order with the
 *    attributes the model of the test devices predicts (instance, class,
 *    type, relid, CPU, event, driver on bind and sub-channel events,
 *    sub-channel set), generations consecutive, HOST_GET's generation equal
 *    to the last event's after each cycle. An overrun (ENOBUFS) or a gap
 *    is allowed only as a resynchronisation: HOST_GET, a dump, and the dump
 *    must equal sysfs; a gap that no ENOBUFS announced fails (an event
 *    lost silently).
 *  - cycles_with_dump_loop: the same while another thread dumps and asks
 *    HOST_GET in a loop (the guest runs with panic_on_warn and slub_debug,
 *    and the harness fails on any warning or leak report).
 *  - overrun_then_redump: a listener with a tiny receive buffer misses a
 *    burst, gets ENOBUFS, re-dumps (equal to sysfs) and then receives the
 *    next event with the generation after HOST_GET's.
 *  - silent_while_nobody_listens: what changes while nobody listens never
 *    shows up as an event after the generation a new listener reads with
 *    HOST_GET; the next change is the next generation.
 *  - comeback_within_a_poll_period: the same when a listener leaves and
 *    another comes back within one poll period;
 *  - change_right_after_subscribe: a sub-channel change made right after
 *    subscribing is reported;
 *  - concurrent_binds_in_generation_order: two threads binding and
 *    unbinding at once; every notification arrives, in generation order.
 *  - rescind_reports_no_subchannel_loss: a device rescinded with its
 *    sub-channels sends REMOVE and nothing else, again and again.
 *  - subchannels_past_the_first_batches: sub-channel changes of a device
 *    behind 128 others, the first the poller's third batch looks at.
 * "No event" is never a silent wait: a marker change (a bus event, sent
 * synchronously) must come as the very next generation.
 *
 * $HVCAPS_EVENTS_CYCLES sets another number of cycles (for a quick run).
 *
 * The sub-channel events come from hvcaps' poller (every HVCAPS_POLL_MS
 * while someone listens) and from HOST_GET, which reports pending
 * changes before it answers: each sub-channel change waits for its event
 * before the next, as two changes within one poll period are one event,
 * or none (see kmod/events.c). A test skips when the family or its
 * "events" group is not registered.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/socket.h>

#include <linux/genetlink.h>

#include "ksft.h"
#include "common.h"
#include "mcast.h"
#include "sysfs.h"

#define STUB		"vmbus_double_stub"
#define STUB_DIR	"/sys/bus/vmbus/drivers/" STUB
#define CYCLES		1000
/* Longest wait for one expected event (TCG on a busy host is slow). */
#define EVENT_WAIT_MS	20000
/* How long an event ahead of its generation waits for the ones before. */
#define REORDER_MS	1000
/* How long optional events (see struct expect) are waited for at the end. */
#define OPTIONAL_MS	400
/* From the module's poll period (testutil.h, kmod/hvcaps_poll.h). */
#define SETTLE_MS	HV_SETTLE_MS
#define RCVBUF		(8 << 20)
#define MAX_NTF		(1 << 20)

/* Test devices: instances 5e570000-..., relids from RELID_BASE. */
#define RELID_BASE	3000
#define RELID_SLOTS	200	/* relids rotate: 8 per device */
#define RELIDS_PER_DEV	8
/* A class no driver knows; the stub binds it with new_id if need be. */
#define TEST_CLASS	"5e57c1a5-0000-4000-8000-000000000000"

static const char *const classes[] = {
	"f8615163-df3e-46c5-913f-f2d2f965ed0e",	/* NIC */
	"ba6163d9-04a1-4d29-b605-72e2ffb1dc7f",	/* SCSI */
	TEST_CLASS,
};

/* What the event fields are compared on. */
#define F_EVENT (HV_F_CLASS | HV_F_RELID | HV_F_CPU | HV_F_DEVTYPE |	\
		 HV_F_DRIVER | HV_F_SUBS)
#define F_SYSFS (HV_F_CLASS | HV_F_RELID | HV_F_CPU | HV_F_MONITOR |	\
		 HV_F_VENDOR | HV_F_DEVICE | HV_F_NUMA | HV_F_DRIVER |	\
		 HV_F_SUBS | HV_F_SUB_MONITOR)

static const char *const ev_names[] = {
	"unspec", "add", "remove", "bind", "unbind", "subchannels",
};

/* CYCLES, or $HVCAPS_EVENTS_CYCLES for a quicker run. */
static unsigned int nr_cycles(void)
{
	const char *e = getenv("HVCAPS_EVENTS_CYCLES");

	return e && atoi(e) > 0 ? (unsigned int)atoi(e) : CYCLES;
}

static const char *ev_name(uint32_t e)
{
	return e < ARRAY_SIZE(ev_names) ? ev_names[e] : "?";
}

/* ---- the listener ---------------------------------------------------- */

/*
 * One datagram's notifications appended to OUT. 1 when one was read, 0
 * on timeout, -ENOBUFS on an overrun, -1 with ERR otherwise.
 */
static int listener_read(int fd, int timeout_ms, struct hv_chans *out,
			 char *err, size_t n)
{
	static char buf[MAX_NTF];	/* the main thread's only */
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *nlh;
	char why[HV_ERRLEN];
	ssize_t len;
	int ret;

	ret = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
	if (ret < 0) {
		hv_fmt(err, n, "poll: %s", strerror(errno));
		return -1;
	}
	if (!ret)
		return 0;
	len = recv(fd, buf, MAX_NTF, MSG_DONTWAIT | MSG_TRUNC);
	if (len < 0) {
		if (errno == ENOBUFS)
			return -ENOBUFS;
		if (errno == EAGAIN)
			return 0;
		hv_fmt(err, n, "recv: %s", strerror(errno));
		return -1;
	}
	if (len > MAX_NTF) {
		hv_fmt(err, n, "a notification of %zd bytes", len);
		return -1;
	}
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
	     nlh = NLMSG_NEXT(nlh, len)) {
		const struct genlmsghdr *g = NLMSG_DATA(nlh);
		struct hv_channel *ch;

		if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
		    g->cmd != HVCAPS_CMD_CHANNEL_NTF) {
			hv_fmt(err, n, "a message of type %u, command %u on the group",
			       nlh->nlmsg_type, g->cmd);
			return -1;
		}
		if (nlh->nlmsg_seq || nlh->nlmsg_pid) {
			hv_fmt(err, n, "a notification with seq %u, portid %u",
			       nlh->nlmsg_seq, nlh->nlmsg_pid);
			return -1;
		}
		ch = hv_chans_add(out);
		if (!ch) {
			hv_fmt(err, n, "out of memory");
			return -1;
		}
		if (hv_parse_channel(nlh, ch, why, sizeof(why))) {
			hv_fmt(err, n, "notification: %s", why);
			return -1;
		}
		if (!(ch->have & HV_BIT(HVCAPS_A_CHANNEL_EVENT)) ||
		    !ch->event || ch->event >= ARRAY_SIZE(ev_names)) {
			hv_fmt(err, n, "notification without a valid EVENT (%u)",
			       ch->event);
			return -1;
		}
	}
	return 1;
}

/* Notifications delivered in generation order. */
struct stream {
	int fd;
	uint32_t last;		/* generation of the last event delivered */
	struct hv_chans held;	/* read, not yet delivered */
	long long held_since;
	unsigned int events, reordered, overruns, gaps, stale;
};

enum { NEXT_TIMEOUT, NEXT_EVENT, NEXT_OVERRUN, NEXT_GAP, NEXT_ERROR };

/*
 * The event with generation last + 1 into OUT (the caller frees it).
 * One with a later generation waits REORDER_MS for those before it; then
 * it is a gap. Events at or before LAST (sent before a resync's HOST_GET)
 * are dropped.
 */
static int next_event(struct stream *s, int timeout_ms, struct hv_channel *out,
		      char *err, size_t n)
{
	long long end = hv_now_ms() + timeout_ms;
	size_t i;
	int ret, wait;

	for (;;) {
		for (i = 0; i < s->held.n;) {
			uint32_t g = s->held.v[i].generation;

			if ((int32_t)(g - s->last) <= 0) {
				s->stale++;
				hv_chans_remove(&s->held, i);
				continue;
			}
			if (g == s->last + 1) {
				if (i)
					s->reordered++;
				*out = s->held.v[i];
				s->held.v[i].sub = NULL;
				hv_chans_remove(&s->held, i);
				s->last = g;
				s->events++;
				if (!s->held.n)
					s->held_since = 0;
				return NEXT_EVENT;
			}
			i++;
		}
		if (s->held.n && !s->held_since)
			s->held_since = hv_now_ms();
		if (s->held.n && hv_now_ms() - s->held_since > REORDER_MS) {
			s->gaps++;
			hv_fmt(err, n, "generation %u expected, got %u first",
			       s->last + 1, s->held.v[0].generation);
			return NEXT_GAP;
		}
		wait = (int)(end - hv_now_ms());
		if (s->held.n)
			wait = (int)(s->held_since + REORDER_MS + 1 - hv_now_ms());
		else if (wait <= 0)
			return NEXT_TIMEOUT;
		ret = listener_read(s->fd, wait, &s->held, err, n);
		if (ret == -ENOBUFS) {
			s->overruns++;
			return NEXT_OVERRUN;
		}
		if (ret < 0)
			return NEXT_ERROR;
	}
}

static void stream_drop(struct stream *s)
{
	hv_chans_free(&s->held);
	s->held_since = 0;
}

/* ---- the model of the test devices and what they should send ----------- */

struct tdev {
	struct hv_channel ch;	/* instance, class, type, relid, cpu, subs */
	bool offered, bound;
};

/*
 * One expected notification. An optional one may not come: the first
 * notification that does not match it moves past it. OPT_SUBSET matches
 * any number of SUBCHANNELS notifications of the device whose set is a
 * strict subset of ch's (the poller may see a set half built or half torn
 * down).
 */
struct expect {
	uint32_t event;
	bool optional, subset;
	struct hv_channel ch;	/* driver: present in 'have' if expected */
};

struct expects {
	struct expect *v;
	size_t n, cap;
};

static int expect_push(struct expects *q, const struct tdev *d, uint32_t event,
		       bool optional, bool subset)
{
	struct hv_chans tmp = {};
	struct expect *e;

	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		struct expect *v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			return -1;
		q->v = v;
		q->cap = cap;
	}
	if (!hv_chans_add_copy(&tmp, &d->ch))
		return -1;
	e = &q->v[q->n++];
	memset(e, 0, sizeof(*e));
	e->event = event;
	e->optional = optional;
	e->subset = subset;
	e->ch = tmp.v[0];
	free(tmp.v);
	/* The module reads the driver on bind and sub-channel events only. */
	e->ch.have &= ~HV_BIT(HVCAPS_A_CHANNEL_DRIVER);
	e->ch.driver[0] = 0;
	if (d->bound && (event == HVCAPS_EVENT_BIND ||
			 event == HVCAPS_EVENT_SUBCHANNELS)) {
		e->ch.have |= HV_BIT(HVCAPS_A_CHANNEL_DRIVER);
		hv_fmt(e->ch.driver, sizeof(e->ch.driver), "%s", STUB);
	}
	return 0;
}

static void expect_pop(struct expects *q)
{
	hv_chan_free(&q->v[0].ch);
	memmove(q->v, q->v + 1, (q->n - 1) * sizeof(q->v[0]));
	q->n--;
}

static void expects_clear(struct expects *q)
{
	while (q->n)
		expect_pop(q);
}

static bool required_left(const struct expects *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (!q->v[i].optional)
			return true;
	return false;
}

/* Every sub-channel of A is one of B's, and B has more. */
static bool strict_subset(const struct hv_channel *a, const struct hv_channel *b)
{
	unsigned int i, j;

	if (a->nsub >= b->nsub)
		return false;
	for (i = 0; i < a->nsub; i++) {
		for (j = 0; j < b->nsub; j++)
			if (a->sub[i].relid == b->sub[j].relid)
				break;
		if (j == b->nsub)
			return false;
	}
	return true;
}

static void describe(const struct hv_channel *c, uint32_t event, char *buf,
		     size_t n)
{
	char inst[37];
	size_t off;
	unsigned int i;

	hv_guid_fmt(c->instance, inst);
	hv_fmt(buf, n, "%s %s relid %u cpu %u driver %s subs [", ev_name(event),
	       inst, c->relid, c->cpu,
	       c->have & HV_BIT(HVCAPS_A_CHANNEL_DRIVER) ? c->driver : "-");
	for (i = 0; i < c->nsub; i++) {
		off = strlen(buf);
		hv_fmt(buf + off, n - off, "%s%u/%u/%u", i ? " " : "",
		       c->sub[i].relid, c->sub[i].index, c->sub[i].cpu);
	}
	off = strlen(buf);
	hv_fmt(buf + off, n - off, "]");
}

/* Match GOT against the queue: 0, or -1 with ERR. */
static int expect_match(struct expects *q, const struct hv_channel *got,
			char *err, size_t n)
{
	char why[HV_ERRLEN], a[HV_ERRLEN], b[HV_ERRLEN];

	while (q->n) {
		struct expect *e = &q->v[0];
		bool same_dev = !memcmp(e->ch.instance, got->instance,
					HVCAPS_GUID_LEN);

		if (e->subset) {
			if (same_dev && got->event == HVCAPS_EVENT_SUBCHANNELS &&
			    strict_subset(got, &e->ch))
				return 0;	/* it may come again */
			expect_pop(q);
			continue;
		}
		if (got->event == e->event && same_dev &&
		    !hv_chan_compare(&e->ch, got, F_EVENT, why, sizeof(why)))
			break;
		if (e->optional) {
			expect_pop(q);
			continue;
		}
		describe(&e->ch, e->event, a, sizeof(a));
		describe(got, got->event, b, sizeof(b));
		hv_fmt(err, n, "expected %.200s, got %.200s (generation %u)%s%.200s",
		       a, b, got->generation,
		       got->event == e->event && same_dev ? ": " : "",
		       got->event == e->event && same_dev ? why : "");
		return -1;
	}
	if (!q->n) {
		describe(got, got->event, b, sizeof(b));
		hv_fmt(err, n, "unexpected event %.400s (generation %u)", b,
		       got->generation);
		return -1;
	}
	expect_pop(q);
	return 0;
}

/* ---- the fixture -------------------------------------------------------- */

FIXTURE(ev) {
	struct hv_nl nl;
	char skip[1024];
	bool open, dirty, newid;
	uint32_t grp;
	struct stream s;
	struct expects q;
	struct tdev dev[4];
	unsigned int serial;		/* devices offered so far */
	unsigned int resyncs;
	char dump_fail[HV_ERRLEN];
};

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

FIXTURE_SETUP(ev)
{
	char err[HV_ERRLEN], path[256];
	static const char probe_inst[] = "5e570000-ffff-4000-8000-000000000000";
	int ret;

	self->s.fd = -1;
	if (hv_setup_double(self->skip, sizeof(self->skip)))
		return;
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
	if (!self->open)
		return;
	if (resolve_group(&self->nl, &self->grp, err, sizeof(err))) {
		hv_fmt(self->skip, sizeof(self->skip), "%s", err);
		return;
	}
	if (access(STUB_DIR "/bind", W_OK)) {
		hv_fmt(self->skip, sizeof(self->skip),
		       "%s/bind missing (a VMBus double without the stub driver)",
		       STUB_DIR);
		return;
	}
	/* Our devices only, nobody listening yet. */
	self->dirty = true;
	ret = hv_double_write("reset\n");
	ASSERT_EQ(0, ret) TH_LOG("reset: %s", strerror(-ret));
	/* Bind through driver_override where hv_device has it, else new_id. */
	snprintf(path, sizeof(path),
		 "offer class=%s instance=%s relid=%u\n", TEST_CLASS,
		 probe_inst, RELID_BASE - 1);
	ret = hv_double_write(path);
	ASSERT_EQ(0, ret) TH_LOG("offer: %s", strerror(-ret));
	snprintf(path, sizeof(path), "%s/%s/driver_override", HV_SYSFS_DEVICES,
		 probe_inst);
	self->newid = access(path, F_OK) != 0;
	ASSERT_EQ(0, hv_double_write("reset\n"));
	if (self->newid) {
		ret = write_file(STUB_DIR "/new_id", TEST_CLASS);
		ASSERT_EQ(0, ret) TH_LOG("new_id: %s", strerror(-ret));
	}
}

FIXTURE_TEARDOWN(ev)
{
	char err[HV_ERRLEN];
	size_t i;

	if (self->s.fd >= 0)
		close(self->s.fd);
	stream_drop(&self->s);
	expects_clear(&self->q);
	free(self->q.v);
	for (i = 0; i < ARRAY_SIZE(self->dev); i++)
		hv_chan_free(&self->dev[i].ch);
	if (self->newid)
		write_file(STUB_DIR "/remove_id", TEST_CLASS);
	if (self->open)
		hv_nl_close(&self->nl);
	if (self->dirty && hv_restore_scenario(err, sizeof(err)))
		TH_LOG("restoring the scenario: %s", err);
}

/* HOST_GET's generation; the test fails if it cannot be read. */
static uint32_t host_generation(struct __test_metadata *_metadata,
				FIXTURE_DATA(ev) *self)
{
	struct hv_reply r;
	uint32_t g;

	if (hv_host_get(&self->nl, &r) || r.error || r.bad[0]) {
		TH_LOG("HOST_GET: %s%s", r.error ? strerror(r.error) : "", r.bad);
		hv_reply_free(&r);
		_metadata->passed = 0;
		return 0;
	}
	g = r.host.generation;
	hv_reply_free(&r);
	return g;
}

/*
 * Subscribe, then read HOST_GET's generation: the module reports every
 * change made before it with a generation at or below it (dropped as
 * stale), every later one above it, and starts polling for us.
 */
static void subscribe(struct __test_metadata *_metadata,
		      FIXTURE_DATA(ev) *self, int rcvbuf)
{
	if (self->s.fd >= 0)
		close(self->s.fd);
	stream_drop(&self->s);
	self->s.fd = listener_open(self->grp, rcvbuf);
	ASSERT_LE(0, self->s.fd) TH_LOG("listener: %s", strerror(-self->s.fd));
	self->s.last = host_generation(_metadata, self);
}

/* A dump that no change interrupted. */
static int stable_dump(struct hv_nl *nl, struct hv_reply *r)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (hv_channel_dump(nl, r))
			return -1;
		if (!r->dump_intr && !r->error)
			return 0;
		hv_reply_free(r);
		hv_sleep_ms(50);
	}
	return hv_channel_dump(nl, r);
}

/*
 * What a listener does when it missed events: HOST_GET, then a dump,
 * which must equal sysfs and the model; events up to HOST_GET's
 * generation are then dropped. Pending expectations become optional: a
 * sub-channel change made before may still be reported after it.
 */
static void resync(struct __test_metadata *_metadata, FIXTURE_DATA(ev) *self)
{
	char err[HV_ERRLEN];
	struct hv_reply r;
	struct hv_chans sys;
	uint32_t g;
	size_t i;

	self->resyncs++;
	g = host_generation(_metadata, self);
	ASSERT_EQ(0, stable_dump(&self->nl, &r)) TH_LOG("dump: %s", r.bad);
	ASSERT_EQ(0, r.error) TH_LOG("dump: %s", strerror(r.error));
	ASSERT_STREQ("", r.bad);
	ASSERT_EQ(0, hv_sysfs_read(&sys, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, hv_chans_compare(&r.chans, "re-dump", &sys, "sysfs",
				      F_SYSFS, err, sizeof(err)))
		TH_LOG("%s", err);
	for (i = 0; i < ARRAY_SIZE(self->dev); i++) {
		const struct tdev *d = &self->dev[i];
		const struct hv_channel *c;

		if (!d->offered)
			continue;
		c = hv_chans_find(&r.chans, d->ch.instance);
		ASSERT_NE(NULL, c) TH_LOG("device %zu missing from the re-dump", i);
		ASSERT_EQ(0, hv_chan_compare(&d->ch, c, F_EVENT & ~HV_F_DRIVER,
					     err, sizeof(err)))
			TH_LOG("re-dump vs model: %s", err);
	}
	hv_chans_free(&sys);
	hv_reply_free(&r);
	if ((int32_t)(g - self->s.last) > 0)
		self->s.last = g;
	self->s.held_since = 0;
	for (i = 0; i < self->q.n; i++)
		self->q.v[i].optional = true;
}

/*
 * Receive until every required expectation is met (and optional ones at
 * the end had OPTIONAL_MS to come). Overruns and gaps resynchronise.
 */
static void drain(struct __test_metadata *_metadata, FIXTURE_DATA(ev) *self)
{
	char err[HV_ERRLEN];
	struct hv_channel got;
	int ret;

	while (self->q.n) {
		bool req = required_left(&self->q);

		memset(&got, 0, sizeof(got));
		ret = next_event(&self->s, req ? EVENT_WAIT_MS : OPTIONAL_MS,
				 &got, err, sizeof(err));
		switch (ret) {
		case NEXT_EVENT:
			ret = expect_match(&self->q, &got, err, sizeof(err));
			hv_chan_free(&got);
			ASSERT_EQ(0, ret) TH_LOG("%s", err);
			break;
		case NEXT_TIMEOUT:
			ASSERT_FALSE(req) {
				char a[HV_ERRLEN];

				describe(&self->q.v[0].ch, self->q.v[0].event,
					 a, sizeof(a));
				TH_LOG("no event within %d ms; expected %s",
				       EVENT_WAIT_MS, a);
			}
			expects_clear(&self->q);
			break;
		case NEXT_OVERRUN:
			TH_LOG("overrun (ENOBUFS): re-dumping");
			resync(_metadata, self);
			break;
		case NEXT_GAP:
			/*
			 * ENOBUFS comes before any event lost to an overrun
			 * or a failed allocation: this one was lost silently.
			 */
			ASSERT_NE(NEXT_GAP, ret)
				TH_LOG("events lost without ENOBUFS: %s", err);
			break;
		default:
			ASSERT_EQ(NEXT_EVENT, ret) TH_LOG("%s", err);
		}
	}
}

/* ---- driving the double ------------------------------------------------- */

static void ctl(struct __test_metadata *_metadata, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ctl(struct __test_metadata *_metadata, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ret = hv_double_write(line);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s (see dmesg)", line, strerror(-ret));
}

static void dev_inst(const struct tdev *d, char out[37])
{
	hv_guid_fmt(d->ch.instance, out);
}

/* Offer slot K as device number SERIAL, with NSUB sub-channels. */
static void do_offer(struct __test_metadata *_metadata, FIXTURE_DATA(ev) *self,
		     unsigned int k, unsigned int nsub)
{
	struct tdev *d = &self->dev[k];
	const char *cls = self->newid ? TEST_CLASS :
			  classes[self->serial % ARRAY_SIZE(classes)];
	uint32_t relid = RELID_BASE + (self->serial % RELID_SLOTS) *
			 RELIDS_PER_DEV;
	char inst[64], subs[64] = "";
	unsigned int i;

	hv_chan_free(&d->ch);
	memset(d, 0, sizeof(*d));
	snprintf(inst, sizeof(inst), "5e570000-0000-4000-8000-%012x",
		 self->serial++);
	ASSERT_EQ(0, hv_guid_parse(inst, d->ch.instance));
	ASSERT_EQ(0, hv_guid_parse(cls, d->ch.class_id));
	d->ch.dev_type = hv_expected_dev_type(d->ch.class_id, 0);
	d->ch.relid = relid;
	d->ch.cpu = self->serial % 2;
	for (i = 0; i < nsub; i++) {
		struct hv_sub s = {
			.relid = relid + 1 + i, .index = i + 1, .cpu = i % 2,
		};

		ASSERT_EQ(0, hv_chan_add_sub(&d->ch, &s));
		snprintf(subs + strlen(subs), sizeof(subs) - strlen(subs),
			 "%s%u:%u", i ? "," : " subchannels=", s.relid, s.cpu);
	}
	d->offered = true;

	/* The kset and the sub-channels come after the bus notification. */
	{
		struct hv_channel full = d->ch;
		unsigned int n = d->ch.nsub;

		d->ch.nsub = 0;
		ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_ADD, false, false));
		if (self->newid) {
			d->bound = true;
			ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_BIND,
						 false, false));
		}
		d->ch = full;
		d->ch.nsub = n;
	}
	if (nsub) {
		ASSERT_EQ(0, expect_push(&self->q, d, 0, true, true));
		ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_SUBCHANNELS,
					 false, false));
	}
	ctl(_metadata, "offer class=%s instance=%s relid=%u cpu=%u%s\n", cls,
	    inst, relid, d->ch.cpu, subs);
}

static void do_bind(struct __test_metadata *_metadata, FIXTURE_DATA(ev) *self,
		    unsigned int k)
{
	struct tdev *d = &self->dev[k];
	char inst[37], path[256];
	int ret;

	dev_inst(d, inst);
	if (!self->newid) {
		snprintf(path, sizeof(path), "%s/%s/driver_override",
			 HV_SYSFS_DEVICES, inst);
		ret = write_file(path, STUB "\n");
		ASSERT_EQ(0, ret) TH_LOG("%s: %s", path, strerror(-ret));
	}
	d->bound = true;
	ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_BIND, false, false));
	ret = write_file(STUB_DIR "/bind", inst);
	ASSERT_EQ(0, ret) TH_LOG("bind %s: %s", inst, strerror(-ret));
}

static void do_unbind(struct __test_metadata *_metadata, FIXTURE_DATA(ev) *self,
		      unsigned int k)
{
	struct tdev *d = &self->dev[k];
	char inst[37];
	int ret;

	dev_inst(d, inst);
	d->bound = false;
	ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_UNBIND, false, false));
	ret = write_file(STUB_DIR "/unbind", inst);
	ASSERT_EQ(0, ret) TH_LOG("unbind %s: %s", inst, strerror(-ret));
}

static void do_offer_sub(struct __test_metadata *_metadata,
			 FIXTURE_DATA(ev) *self, unsigned int k)
{
	struct tdev *d = &self->dev[k];
	struct hv_sub s = { .cpu = 1 };
	char inst[37];
	unsigned int i;

	/* The lowest free relid of the device's. */
	for (s.relid = d->ch.relid + 1; ; s.relid++) {
		for (i = 0; i < d->ch.nsub; i++)
			if (d->ch.sub[i].relid == s.relid)
				break;
		if (i == d->ch.nsub)
			break;
	}
	ASSERT_LT(s.relid, d->ch.relid + RELIDS_PER_DEV);
	/* the double's next index: one more than the highest */
	s.index = 1;
	for (i = 0; i < d->ch.nsub; i++)
		if (d->ch.sub[i].index >= s.index)
			s.index = d->ch.sub[i].index + 1;
	ASSERT_EQ(0, hv_chan_add_sub(&d->ch, &s));
	ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_SUBCHANNELS, false,
				 false));
	dev_inst(d, inst);
	ctl(_metadata, "offer-subchannel instance=%s relid=%u cpu=%u\n", inst,
	    s.relid, s.cpu);
}

static void do_rescind_sub(struct __test_metadata *_metadata,
			   FIXTURE_DATA(ev) *self, unsigned int k, unsigned int i)
{
	struct tdev *d = &self->dev[k];
	uint32_t relid = d->ch.sub[i].relid;

	memmove(&d->ch.sub[i], &d->ch.sub[i + 1],
		(d->ch.nsub - i - 1) * sizeof(d->ch.sub[0]));
	d->ch.nsub--;
	ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_SUBCHANNELS, false,
				 false));
	ctl(_metadata, "rescind-subchannel relid=%u\n", relid);
}

static void do_rescind(struct __test_metadata *_metadata,
		       FIXTURE_DATA(ev) *self, unsigned int k)
{
	struct tdev *d = &self->dev[k];
	char inst[37];

	/*
	 * REMOVE and nothing else: not the sub-channels leaving with the
	 * device (the primary is marked rescinded first), not the unbind
	 * that device_del() does after BUS_NOTIFY_DEL_DEVICE.
	 */
	hv_chan_free(&d->ch);
	ASSERT_EQ(0, expect_push(&self->q, d, HVCAPS_EVENT_REMOVE, false, false));
	d->bound = false;
	d->offered = false;
	dev_inst(d, inst);
	ctl(_metadata, "rescind instance=%s\n", inst);
}

/* ---- the dump loop ------------------------------------------------------ */

struct dumper {
	pthread_t thread;
	atomic_bool stop;
	unsigned long dumps, eagain, hosts;
	char fail[HV_ERRLEN];
};

static void *dump_loop(void *arg)
{
	struct dumper *dl = arg;
	char err[HV_ERRLEN];
	struct hv_reply r;
	struct hv_nl nl;

	if (hv_nl_open(&nl, err, sizeof(err))) {
		hv_fmt(dl->fail, sizeof(dl->fail), "open: %s", err);
		return NULL;
	}
	while (!atomic_load(&dl->stop)) {
		if (hv_channel_dump(&nl, &r) || r.bad[0] ||
		    (r.error && r.error != EAGAIN)) {
			hv_fmt(dl->fail, sizeof(dl->fail), "dump %lu: %s%s",
			       dl->dumps, r.error ? strerror(r.error) : "",
			       r.bad);
			hv_reply_free(&r);
			break;
		}
		dl->eagain += r.error == EAGAIN;
		dl->dumps++;
		hv_reply_free(&r);
		if (hv_host_get(&nl, &r) || r.bad[0] || r.error) {
			hv_fmt(dl->fail, sizeof(dl->fail), "HOST_GET: %s%s",
			       r.error ? strerror(r.error) : "", r.bad);
			hv_reply_free(&r);
			break;
		}
		dl->hosts++;
		hv_reply_free(&r);
	}
	hv_nl_close(&nl);
	return NULL;
}

/* ---- the tests ---------------------------------------------------------- */

/*
 * Cycle i on slot i % 4 (so a slot's previous device is long released):
 * offer (with a sub-channel every 5th time), bind, offer a sub-channel,
 * rescind one, unbind (2 cycles in 3; the third rescinds while bound),
 * rescind (with its sub-channels left every 4th time). Every event is
 * waited for before the next change.
 */
static void run_cycles(struct __test_metadata *_metadata,
		       FIXTURE_DATA(ev) *self, bool dump_thread)
{
	static struct dumper dl;	/* outlives an ASSERT's longjmp */
	unsigned int i, k, n = nr_cycles();
	uint32_t g;

	memset(&dl, 0, sizeof(dl));
	subscribe(_metadata, self, RCVBUF);
	if (dump_thread)
		ASSERT_EQ(0, pthread_create(&dl.thread, NULL, dump_loop, &dl));

	for (i = 0; i < n && _metadata->passed; i++) {
		k = i % ARRAY_SIZE(self->dev);
		do_offer(_metadata, self, k, i % 5 == 0);
		drain(_metadata, self);
		if (!self->dev[k].bound) {
			do_bind(_metadata, self, k);
			drain(_metadata, self);
		}
		do_offer_sub(_metadata, self, k);
		drain(_metadata, self);
		do_rescind_sub(_metadata, self, k, 0);
		drain(_metadata, self);
		if (i % 3) {
			do_unbind(_metadata, self, k);
			drain(_metadata, self);
		}
		if (i % 4 == 1) {
			do_offer_sub(_metadata, self, k);
			drain(_metadata, self);
		}
		do_rescind(_metadata, self, k);
		drain(_metadata, self);
		g = host_generation(_metadata, self);
		ASSERT_EQ(self->s.last, g)
			TH_LOG("cycle %u: HOST_GET generation %u, last event's %u",
			       i, g, self->s.last);
		if (dump_thread && dl.fail[0])
			break;
	}
	if (dump_thread) {
		atomic_store(&dl.stop, true);
		pthread_join(dl.thread, NULL);
		ASSERT_STREQ("", dl.fail);
		ASSERT_LT(0UL, dl.dumps);
		TH_LOG("%lu dumps (%lu EAGAIN) and %lu HOST_GETs meanwhile",
		       dl.dumps, dl.eagain, dl.hosts);
	}
	TH_LOG("%u cycles, %u events, %u reordered, %u overruns, %u gaps, %u resyncs, %u stale dropped",
	       i, self->s.events, self->s.reordered, self->s.overruns,
	       self->s.gaps, self->resyncs, self->s.stale);
	ASSERT_EQ(n, i);
	/*
	 * With RCVBUF (8 MiB) nothing overruns: an overrun would make the
	 * pending expectations optional, so none is allowed at all.
	 */
	ASSERT_EQ(0u, self->s.overruns) TH_LOG("overruns with a large buffer");
	ASSERT_EQ(0u, self->resyncs);
	/* nothing left over */
	resync(_metadata, self);
}

TEST_F_TIMEOUT(ev, cycles, 1800)
{
	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	run_cycles(_metadata, self, false);
}

TEST_F_TIMEOUT(ev, cycles_with_dump_loop, 1800)
{
	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	run_cycles(_metadata, self, true);
}

/*
 * A listener whose socket has room for one notification misses a burst:
 * ENOBUFS, then a re-dump that equals sysfs, then the next event is the
 * generation after HOST_GET's.
 */
TEST_F_TIMEOUT(ev, overrun_then_redump, 600)
{
	struct hv_channel got;
	char err[HV_ERRLEN];
	unsigned int i, events, overruns;
	bool overrun = false;
	int ret;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	subscribe(_metadata, self, 1);
	for (i = 0; i < 40; i++) {
		do_offer(_metadata, self, i % 4, 0);
		do_rescind(_metadata, self, i % 4);
	}
	expects_clear(&self->q);
	for (;;) {
		memset(&got, 0, sizeof(got));
		ret = next_event(&self->s, 2000, &got, err, sizeof(err));
		hv_chan_free(&got);
		if (ret == NEXT_OVERRUN) {
			overrun = true;
			break;
		}
		ASSERT_EQ(NEXT_EVENT, ret)
			TH_LOG("no ENOBUFS after a burst of 80 events (%d: %s)",
			       ret, err);
	}
	ASSERT_TRUE(overrun);
	/* What is still queued is older than the re-dump: read it first. */
	while ((ret = listener_read(self->s.fd, 0, &self->s.held, err,
				    sizeof(err))) == 1)
		;
	ASSERT_EQ(0, ret) TH_LOG("%s", err);
	resync(_metadata, self);
	events = self->s.events;
	overruns = self->s.overruns;
	/* Room again: the next change is the next generation. */
	do_offer(_metadata, self, 0, 0);
	drain(_metadata, self);
	ASSERT_EQ(overruns, self->s.overruns) TH_LOG("overrun after the re-dump");
	ASSERT_EQ(events + 1, self->s.events) TH_LOG("the event after the re-dump");
	ASSERT_EQ(host_generation(_metadata, self), self->s.last);
	TH_LOG("%u stale events dropped after the re-dump", self->s.stale);
}

/*
 * "No event for an older change", without a silent wait: slot 3 is
 * offered (ADD, sent from the bus notifier before the write returns) and
 * must be the very next generation; an event for anything older would
 * come first or take that generation. Then slot 3 goes again.
 */
static void expect_marker(struct __test_metadata *_metadata,
			  FIXTURE_DATA(ev) *self)
{
	expects_clear(&self->q);
	do_offer(_metadata, self, 3, 0);
	drain(_metadata, self);
	do_rescind(_metadata, self, 3);
	drain(_metadata, self);
}

/*
 * Nothing that changed while nobody listened is reported after the
 * generation a new listener reads with HOST_GET; the next change is the
 * next generation.
 */
TEST_F_TIMEOUT(ev, silent_while_nobody_listens, 600)
{
	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	/* nobody listens: a device with sub-channels, bound, another gone */
	do_offer(_metadata, self, 0, 1);
	do_offer_sub(_metadata, self, 0);
	do_bind(_metadata, self, 0);
	do_offer(_metadata, self, 1, 0);
	do_rescind(_metadata, self, 1);
	expects_clear(&self->q);

	subscribe(_metadata, self, RCVBUF);
	expect_marker(_metadata, self);
	ASSERT_EQ(self->s.last, host_generation(_metadata, self));

	/* The next change is the next generation, with everything so far. */
	do_offer_sub(_metadata, self, 0);
	drain(_metadata, self);
	ASSERT_EQ(self->s.last, host_generation(_metadata, self));
}

/*
 * A listener leaves; a sub-channel changes; another listener comes right
 * away, within one poll period: it must not get an event for that change
 * after the generation it read.
 */
TEST_F_TIMEOUT(ev, comeback_within_a_poll_period, 300)
{
	unsigned int round;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	do_offer(_metadata, self, 0, 1);
	expects_clear(&self->q);
	subscribe(_metadata, self, RCVBUF);
	for (round = 0; round < 3; round++) {
		close(self->s.fd);
		self->s.fd = -1;
		if (round % 2)
			do_rescind_sub(_metadata, self, 0, 0);
		else
			do_offer_sub(_metadata, self, 0);
		expects_clear(&self->q);
		subscribe(_metadata, self, RCVBUF);
		expect_marker(_metadata, self);
		ASSERT_EQ(self->s.last, host_generation(_metadata, self))
			TH_LOG("round %u", round);
	}
}

/* A sub-channel change right after subscribing is reported. */
TEST_F_TIMEOUT(ev, change_right_after_subscribe, 300)
{
	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	do_offer(_metadata, self, 0, 0);
	expects_clear(&self->q);
	subscribe(_metadata, self, RCVBUF);
	do_offer_sub(_metadata, self, 0);
	drain(_metadata, self);
	ASSERT_EQ(self->s.last, host_generation(_metadata, self));
}

/*
 * Devices with sub-channels rescinded: REMOVE and nothing else, neither
 * the sub-channels leaving before it nor anything after it (the next
 * offer's ADD must be the next generation).
 */
TEST_F_TIMEOUT(ev, rescind_reports_no_subchannel_loss, 600)
{
	unsigned int i, k;

	HV_CHECK_SKIP();
	subscribe(_metadata, self, RCVBUF);
	for (i = 0; i < 100 && _metadata->passed; i++) {
		k = i % 3;
		do_offer(_metadata, self, k, 1);
		drain(_metadata, self);
		do_offer_sub(_metadata, self, k);
		drain(_metadata, self);
		do_rescind(_metadata, self, k);
		drain(_metadata, self);
	}
	expect_marker(_metadata, self);
	ASSERT_EQ(self->s.last, host_generation(_metadata, self));
}

/*
 * Filler devices ahead of the test device: two whole batches of the
 * poller's walk (HVCAPS_SCAN_BATCH, 64 devices per hold of the index lock
 * in kmod/devices.c), so that the test device is the first one the third
 * batch looks at; relids above the test devices' rotation.
 */
#define FILLERS		128
#define FILLER_RELID	(RELID_BASE + RELID_SLOTS * RELIDS_PER_DEV)

/*
 * Sub-channel changes of a device that the poller's walk reaches only in
 * its third batch: every change is reported, and HOST_GET's generation
 * agrees. (The other tests' devices all sit in the first batch.)
 */
TEST_F_TIMEOUT(ev, subchannels_past_the_first_batches, 600)
{
	unsigned int i;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	/* nobody listens yet: the fillers send nothing */
	for (i = 0; i < FILLERS; i++)
		ctl(_metadata,
		    "offer class=%s instance=5e570001-0000-4000-8000-%012x relid=%u\n",
		    TEST_CLASS, i, FILLER_RELID + i);
	subscribe(_metadata, self, RCVBUF);
	do_offer(_metadata, self, 0, 0);
	drain(_metadata, self);
	for (i = 0; i < 5 && _metadata->passed; i++) {
		do_offer_sub(_metadata, self, 0);
		drain(_metadata, self);
		if (i % 2) {
			do_rescind_sub(_metadata, self, 0, 0);
			drain(_metadata, self);
		}
	}
	ASSERT_EQ(self->s.last, host_generation(_metadata, self));
	do_rescind(_metadata, self, 0);
	drain(_metadata, self);
	expect_marker(_metadata, self);
	ASSERT_EQ(self->s.last, host_generation(_metadata, self));
}

static unsigned long poll_runs(struct __test_metadata *_metadata)
{
	unsigned long n = 0;
	FILE *f = fopen("/sys/module/hvcaps/parameters/poll_runs", "re");

	if (!f || fscanf(f, "%lu", &n) != 1) {
		TH_LOG("/sys/module/hvcaps/parameters/poll_runs: %s",
		       f ? "unreadable" : strerror(errno));
		_metadata->passed = 0;
	}
	if (f)
		fclose(f);
	return n;
}

/*
 * Idle cost: with nobody subscribed, the module runs no periodic work.
 * Its poll counter stays put for IDLE_WINDOW_MS (ten poll periods) with
 * nobody listening, moves while someone listens (so the counter can tell),
 * and stops again once the listener is gone.
 */
#define IDLE_WINDOW_MS	(10 * HVCAPS_POLL_MS + HV_SETTLE_MS)
TEST_F_TIMEOUT(ev, no_polls_while_nobody_listens, 300)
{
	unsigned long a, b;

	HV_CHECK_SKIP();
	/* A poll armed for an earlier test's listener finishes first. */
	hv_sleep_ms(HV_SETTLE_MS);
	a = poll_runs(_metadata);
	hv_sleep_ms(IDLE_WINDOW_MS);
	b = poll_runs(_metadata);
	ASSERT_EQ(a, b) TH_LOG("%lu polls with nobody listening", b - a);

	subscribe(_metadata, self, RCVBUF);
	hv_sleep_ms(IDLE_WINDOW_MS);
	b = poll_runs(_metadata);
	ASSERT_LT(a, b) TH_LOG("no poll while someone listens");
	TH_LOG("%lu polls in %d ms with a listener", b - a, IDLE_WINDOW_MS);

	close(self->s.fd);
	self->s.fd = -1;
	hv_sleep_ms(HV_SETTLE_MS);
	a = poll_runs(_metadata);
	hv_sleep_ms(IDLE_WINDOW_MS);
	b = poll_runs(_metadata);
	ASSERT_EQ(a, b) TH_LOG("%lu polls after the listener left", b - a);
}

/* Opens a listener from a thread moved to a new network namespace. */
struct netns_listener {
	uint32_t grp;
	int fd;
};

static void *netns_open(void *arg)
{
	struct netns_listener *l = arg;

	if (unshare(CLONE_NEWNET))
		l->fd = -errno;
	else
		l->fd = listener_open(l->grp, RCVBUF);
	return NULL;
}

/*
 * A listener in another network namespace hears the events too (the
 * module multicasts to every namespace; README, "The family").
 */
TEST_F_TIMEOUT(ev, listener_in_another_netns, 300)
{
	struct netns_listener l = { .fd = -1 };
	struct hv_chans got = {};
	char err[HV_ERRLEN];
	pthread_t t;
	int ret;

	HV_CHECK_SKIP();
	l.grp = self->grp;
	ASSERT_EQ(0, pthread_create(&t, NULL, netns_open, &l));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_LE(0, l.fd) TH_LOG("listener in a new netns: %s", strerror(-l.fd));
	do_offer(_metadata, self, 0, 0);
	expects_clear(&self->q);
	ret = listener_read(l.fd, EVENT_WAIT_MS, &got, err, sizeof(err));
	close(l.fd);
	ASSERT_EQ(1, ret) TH_LOG("no event in the other namespace%s%s",
				 ret < 0 ? ": " : "", ret < 0 ? err : "");
	ASSERT_LE(1u, got.n);
	EXPECT_EQ((uint32_t)HVCAPS_EVENT_ADD, got.v[0].event);
	EXPECT_EQ(0, memcmp(got.v[0].instance, self->dev[0].ch.instance,
			    HVCAPS_GUID_LEN));
	hv_chans_free(&got);
}

/* Binds and unbinds its device BINDS times through the stub driver. */
struct binder {
	pthread_t thread;
	char inst[37];
	unsigned int binds;
	int err;
};

static void *bind_loop(void *arg)
{
	struct binder *b = arg;
	unsigned int i;

	for (i = 0; i < b->binds && !b->err; i++) {
		b->err = write_file(STUB_DIR "/bind", b->inst);
		if (!b->err)
			b->err = write_file(STUB_DIR "/unbind", b->inst);
	}
	return NULL;
}

/*
 * Two threads bind and unbind their own device at once: every
 * notification must arrive, in generation order. (Today some arrive
 * after a later one: the generation is taken before the message is built
 * and sent, outside any lock, so a listener sees a gap that is none.)
 */
TEST_F_TIMEOUT(ev, concurrent_binds_in_generation_order, 600)
{
	static struct binder b[2];	/* outlive an ASSERT's longjmp */
	uint32_t g0, max = 0, seen = 0, back = 0;
	struct hv_chans got = {};
	char err[HV_ERRLEN], path[256];
	unsigned int i;
	bool *have;
	int ret;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	memset(b, 0, sizeof(b));
	for (i = 0; i < 2; i++) {
		do_offer(_metadata, self, i, 0);
		hv_guid_fmt(self->dev[i].ch.instance, b[i].inst);
		b[i].binds = 500;
		if (!self->newid) {
			snprintf(path, sizeof(path), "%s/%s/driver_override",
				 HV_SYSFS_DEVICES, b[i].inst);
			ASSERT_EQ(0, write_file(path, STUB "\n"));
		} else {
			ASSERT_EQ(0, write_file(STUB_DIR "/unbind", b[i].inst));
		}
	}
	expects_clear(&self->q);
	subscribe(_metadata, self, RCVBUF);
	g0 = self->s.last;
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&b[i].thread, NULL, bind_loop, &b[i]));
	for (i = 0; i < 2; i++)
		pthread_join(b[i].thread, NULL);
	ASSERT_EQ(0, b[0].err) TH_LOG("%s: %s", b[0].inst, strerror(-b[0].err));
	ASSERT_EQ(0, b[1].err) TH_LOG("%s: %s", b[1].inst, strerror(-b[1].err));
	/* 2 x 500 binds and unbinds: 2000 notifications, g0 + 1 .. g0 + 2000 */
	have = calloc(2001, sizeof(*have));
	ASSERT_NE(NULL, have);
	while ((ret = listener_read(self->s.fd, 2000, &got, err, sizeof(err))) == 1)
		;
	ASSERT_EQ(0, ret) TH_LOG("%s", ret == -ENOBUFS ? "overrun" : err);
	for (i = 0; i < got.n; i++) {
		uint32_t g = got.v[i].generation - g0;

		ASSERT_TRUE(g >= 1 && g <= 2000 && !have[g])
			TH_LOG("notification %u: generation %u (from %u)", i,
			       got.v[i].generation, g0);
		have[g] = true;
		seen++;
		if (g < max)
			back++;
		else
			max = g;
	}
	free(have);
	hv_chans_free(&got);
	ASSERT_EQ(2000u, seen);
	ASSERT_EQ(g0 + 2000, host_generation(_metadata, self));
	ASSERT_EQ(0u, back) TH_LOG("%u notifications out of order", back);
}

TEST_HARNESS_MAIN
