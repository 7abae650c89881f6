// SPDX-License-Identifier: GPL-2.0
/*
 * Dumps while the bus changes and while the module goes: rescinds and
 * re-offers racing full dumps, a dump left half-read across a reset, an
 * unload attempt in the middle of a dump, and a dump of 2048 channels
 * spread over many skbs. Each test loads its own scenario into the double
 * and restores the run's one ($HVCAPS_SCENARIO) after.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "ksft.h"
#include "common.h"
#include "sysfs.h"

/* What a dump message must agree on with the scenario that made it. */
#define F_SCENARIO (HV_F_CLASS | HV_F_RELID | HV_F_CPU | HV_F_FLAGS |	\
		    HV_F_MMIO | HV_F_MONITOR | HV_F_DEDICATED |		\
		    HV_F_DEVTYPE | HV_F_SUBS)

FIXTURE(life) {
	struct hv_nl nl;
	char skip[1024];
	bool open, dirty, unloaded;
};

FIXTURE_SETUP(life)
{
	if (hv_setup_double(self->skip, sizeof(self->skip)))
		return;
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

static int reinsert_module(char *err, size_t n)
{
	const char *ko = getenv("HVCAPS_KO");
	int fd, ret;

	if (!ko) {
		hv_fmt(err, n, "HVCAPS_KO not set");
		return -1;
	}
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		hv_fmt(err, n, "%s: %s", ko, strerror(errno));
		return -1;
	}
	ret = (int)syscall(SYS_finit_module, fd, "", 0);
	if (ret)
		hv_fmt(err, n, "finit_module(%s): %s", ko, strerror(errno));
	close(fd);
	return ret;
}

FIXTURE_TEARDOWN(life)
{
	char err[HV_ERRLEN];

	if (self->open)
		hv_nl_close(&self->nl);
	/* Never leave the run without hvcaps: the harness unloads it. */
	if (self->unloaded && reinsert_module(err, sizeof(err)))
		TH_LOG("re-inserting hvcaps: %s", err);
	if (self->dirty && hv_restore_scenario(err, sizeof(err)))
		TH_LOG("restoring the scenario: %s", err);
}

/*
 * Load TEXT (a generated scenario, freed here), parse it into SC and wait
 * for hvcaps to see it.
 */
static void load_generated(struct __test_metadata *_metadata,
			   FIXTURE_DATA(life) *self, char *text,
			   struct hv_scenario *sc)
{
	char err[HV_ERRLEN];
	struct hv_host h;

	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, hv_scenario_parse("generated", text, sc, err,
				       sizeof(err))) TH_LOG("%s", err);
	self->dirty = true;
	ASSERT_EQ(0, hv_double_load_text("generated", text, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 300000, &h, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(sc->chans.n, (size_t)h.device_count);
	free(text);
}

static int set_rcvbuf(struct hv_nl *nl, int bytes)
{
	return setsockopt(hv_nl_fd(nl), SOL_SOCKET, SO_RCVBUF, &bytes,
			  sizeof(bytes));
}

/* Each sub-channel of D is one of S's. */
static int subs_subset(const struct hv_channel *d, const struct hv_channel *s,
		       char *why, size_t n)
{
	unsigned int i, j;
	char g[37];

	for (i = 0; i < d->nsub; i++) {
		for (j = 0; j < s->nsub; j++)
			if (d->sub[i].relid == s->sub[j].relid &&
			    d->sub[i].index == s->sub[j].index &&
			    d->sub[i].cpu == s->sub[j].cpu)
				break;
		if (j == s->nsub) {
			hv_guid_fmt(d->instance, g);
			hv_fmt(why, n, "%s: sub-channel relid %u was never offered",
			       g, d->sub[i].relid);
			return -1;
		}
	}
	return 0;
}

/*
 * Every message of DUMP is one of SC's offers, unchanged, and none comes
 * twice. 0 or -1 with WHY. A device for which IN_FLUX says so may show
 * only some of its sub-channels: the double (like Hyper-V) offers them
 * after the device is registered and rescinds them before it goes, and
 * sub-channels make no bus event.
 */
static int dump_is_subset(const struct hv_reply *dump,
			  const struct hv_scenario *sc,
			  bool (*in_flux)(size_t idx), char *why, size_t n)
{
	size_t i;

	if (hv_chans_check_unique(&dump->chans, why, n))
		return -1;
	for (i = 0; i < dump->chans.n; i++) {
		const struct hv_channel *d = &dump->chans.v[i];
		const struct hv_channel *s = hv_chans_find(&sc->chans, d->instance);
		char g[37];

		if (!s) {
			hv_guid_fmt(d->instance, g);
			hv_fmt(why, n, "message %zu: %s was never offered", i, g);
			return -1;
		}
		if (in_flux && in_flux((size_t)(s - sc->chans.v))) {
			if (hv_chan_compare(d, s, F_SCENARIO & ~HV_F_SUBS, why, n) ||
			    subs_subset(d, s, why, n))
				return -1;
		} else if (hv_chan_compare(d, s, F_SCENARIO, why, n)) {
			return -1;
		}
	}
	return 0;
}

/* The devices rescind_during_dumps churns: 7, 37, ..., 217. */
#define NVICTIMS 8
static bool is_victim(size_t idx)
{
	return idx % 30 == 7 && idx / 30 < NVICTIMS;
}

struct churn {
	const struct hv_scenario *sc;
	size_t *victims;		/* indexes into sc->chans */
	size_t nvictims;
	atomic_bool stop;
	atomic_int rounds;		/* rescind + offer done */
	atomic_int errors;
	char err[HV_ERRLEN];
};

/*
 * Between churn rounds; rescind_during_dumps needs MIN_CONSISTENT dumps
 * not flagged NLM_F_DUMP_INTR (within MAX_CHURN_MS), or it would compare
 * nothing.
 */
#define CHURN_PAUSE_MS	100
#define MIN_CONSISTENT	3
#define MAX_CHURN_MS	120000

/* Rescind and re-offer the victims until told to stop. */
static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	char line[8192], g[37];
	size_t i = 0;

	while (!atomic_load(&c->stop)) {
		const struct hv_channel *ch = &c->sc->chans.v[c->victims[i]];
		int ret, tries = 0;

		hv_guid_fmt(ch->instance, g);
		snprintf(line, sizeof(line), "rescind instance=%s\n", g);
		ret = hv_double_write(line);
		if (ret) {
			hv_fmt(c->err, sizeof(c->err), "rescind %s: %s", g,
			       strerror(-ret));
			atomic_fetch_add(&c->errors, 1);
			break;
		}
		hv_offer_line(ch, line, sizeof(line));
		/*
		 * No dump holds the device between parts; retry briefly
		 * for a part that is filling its message right now.
		 */
		while ((ret = hv_double_write(line)) == -EINVAL &&
		       tries++ < 50)
			hv_sleep_ms(20);
		if (ret) {
			hv_fmt(c->err, sizeof(c->err), "re-offer %s: %s", g,
			       strerror(-ret));
			atomic_fetch_add(&c->errors, 1);
			break;
		}
		atomic_fetch_add(&c->rounds, 1);
		i = (i + 1) % c->nvictims;
		/* Quiet moments, so that some dumps see no change at all. */
		hv_sleep_ms(CHURN_PAUSE_MS);
	}
	return NULL;
}

/*
 * Full dumps for a few seconds while a thread rescinds and re-offers
 * devices: no dump may fail, and a dump not flagged NLM_F_DUMP_INTR must
 * be a consistent picture: every stable device once, the churned ones at
 * most once, all as offered.
 */
TEST_F_TIMEOUT(life, rescind_during_dumps, 600)
{
	struct hv_scenario sc;
	struct churn c = { 0 };
	size_t victims[NVICTIMS], i;
	int dumps = 0, intr = 0, consistent = 0, with_all = 0;
	char why[HV_ERRLEN];
	long long end;
	pthread_t t;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	load_generated(_metadata, self, hv_gen_scenario(240, 1, 1), &sc);
	for (i = 0; i < NVICTIMS; i++)
		victims[i] = i * 30 + 7;
	c.sc = &sc;
	c.victims = victims;
	c.nvictims = NVICTIMS;
	ASSERT_EQ(0, pthread_create(&t, NULL, churn_thread, &c));
	end = hv_now_ms() + 5000;
	while ((hv_now_ms() < end || dumps < 5 || consistent < MIN_CONSISTENT) &&
	       hv_now_ms() < end + MAX_CHURN_MS) {
		struct hv_reply r;
		size_t stable = 0, churned = 0;

		if (hv_channel_dump(&self->nl, &r) || r.error || r.bad[0]) {
			atomic_store(&c.stop, true);
			pthread_join(t, NULL);
			ASSERT_EQ(0, r.error)
				TH_LOG("dump %d: %s (%s)", dumps,
				       strerror(r.error), r.extack);
			ASSERT_STREQ("", r.bad);
		}
		dumps++;
		if (r.dump_intr) {
			intr++;
		} else {
			int ret = dump_is_subset(&r, &sc, is_victim, why,
						 sizeof(why));

			for (i = 0; !ret && i < sc.chans.n; i++) {
				bool victim = is_victim(i);
				bool there = hv_chans_find(&r.chans,
							   sc.chans.v[i].instance);

				if (victim) {
					churned += there;
				} else if (there) {
					stable++;
				} else {
					hv_fmt(why, sizeof(why),
					       "stable device %zu (relid %u) missing",
					       i, sc.chans.v[i].relid);
					ret = -1;
				}
			}
			if (ret) {
				atomic_store(&c.stop, true);
				pthread_join(t, NULL);
				ASSERT_EQ(0, ret)
					TH_LOG("dump %d, not flagged NLM_F_DUMP_INTR, is inconsistent: %s",
					       dumps, why);
			}
			consistent++;
			with_all += churned == NVICTIMS;
		}
		hv_reply_free(&r);
	}
	atomic_store(&c.stop, true);
	ASSERT_EQ(0, pthread_join(t, NULL));
	TH_LOG("%d dumps: %d consistent (%d with every device), %d flagged; %d rescind/offer rounds",
	       dumps, consistent, with_all, intr, atomic_load(&c.rounds));
	ASSERT_EQ(0, atomic_load(&c.errors)) TH_LOG("churn: %s", c.err);
	ASSERT_LE(5, dumps);
	ASSERT_LE(MIN_CONSISTENT, consistent)
		TH_LOG("too few dumps compared: the test would prove nothing");
	ASSERT_LE(5, atomic_load(&c.rounds));
	hv_scenario_free(&sc);
}

/*
 * A dump read one skb at a time; after the first, everything is rescinded
 * (reset), then the rest is read: no crash, no error, messages sane, and
 * a dump that lost devices says so with NLM_F_DUMP_INTR.
 */
TEST_F_TIMEOUT(life, half_read_dump_across_reset, 600)
{
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.nlflags = NLM_F_DUMP,
	};
	struct hv_scenario sc;
	struct hv_reply r, after;
	char why[HV_ERRLEN];
	struct hv_host h;
	int first;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	load_generated(_metadata, self, hv_gen_scenario(300, 0, 1), &sc);
	/* The smallest buffer: one skb queued at a time. */
	ASSERT_EQ(0, set_rcvbuf(&self->nl, 1));
	ASSERT_EQ(0, hv_nl_send(&self->nl, &req));
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, hv_nl_recv_one(&self->nl, HVCAPS_CMD_CHANNEL_GET, &r,
				    NULL, NULL)) TH_LOG("%s", r.bad);
	ASSERT_FALSE(r.done) TH_LOG("300 devices fit one skb?");
	ASSERT_LT(0, r.nmsgs);
	first = r.nmsgs;
	ASSERT_EQ(0, hv_double_write("reset\n"));
	while (!r.done)
		ASSERT_EQ(0, hv_nl_recv_one(&self->nl, HVCAPS_CMD_CHANNEL_GET,
					    &r, NULL, NULL)) TH_LOG("%s", r.bad);
	TH_LOG("%d messages in the first part, %d in all of %zu devices, %d datagrams, %s",
	       first, r.nmsgs, sc.chans.n, r.nrecv,
	       r.dump_intr ? "flagged NLM_F_DUMP_INTR" : "not flagged");
	ASSERT_EQ(0, r.error) TH_LOG("%s (%s)", strerror(r.error), r.extack);
	ASSERT_STREQ("", r.bad);
	ASSERT_EQ(0, dump_is_subset(&r, &sc, NULL, why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_LE((size_t)r.nmsgs, sc.chans.n);
	if ((size_t)r.nmsgs < sc.chans.n)
		ASSERT_TRUE(r.dump_intr)
			TH_LOG("%d of %zu devices and no NLM_F_DUMP_INTR",
			       r.nmsgs, sc.chans.n);
	hv_reply_free(&r);

	/* The bus is empty now, and hvcaps says so. */
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h, why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(0u, h.device_count);
	ASSERT_EQ(0, hv_channel_dump(&self->nl, &after));
	ASSERT_EQ(0, after.error);
	ASSERT_EQ(0, after.nmsgs);
	ASSERT_FALSE(after.dump_intr);
	hv_reply_free(&after);
	hv_scenario_free(&sc);
}

/*
 * Rescind device I of a hv_gen_scenario(N, 0, 1) bus and offer it again
 * with the same instance and relid, retrying the offer for up to a
 * second: the double (like hv_vmbus) refuses a relid or instance whose
 * channel is not released yet, i.e. while anything holds the device.
 */
static int rescind_and_reoffer(unsigned int i, long long *ms, char *err,
			       size_t n)
{
	char rescind[128], offer[256];
	long long start;
	int ret;

	snprintf(rescind, sizeof(rescind),
		 "rescind instance=5e1f0000-0000-4000-8000-%012x\n", i);
	snprintf(offer, sizeof(offer),
		 "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=5e1f0000-0000-4000-8000-%012x relid=%u cpu=0\n",
		 i, i + 1);
	ret = hv_double_write(rescind);
	if (ret) {
		hv_fmt(err, n, "%s", strerror(-ret));
		return -1;
	}
	start = hv_now_ms();
	while ((ret = hv_double_write(offer)) && hv_now_ms() - start < 1000)
		hv_sleep_ms(10);
	*ms = hv_now_ms() - start;
	if (ret)
		hv_fmt(err, n, "re-offer of device %u (relid %u) still refused after %lld ms: %s",
		       i, i + 1, *ms, strerror(-ret));
	return ret ? -1 : 0;
}

/*
 * A reader that starts a dump on the smallest buffer and stops reading
 * must not pin any device: one already sent and one not sent yet are
 * rescinded and offered again with the same instance and relid, each
 * within a second. Then the dump is read to its end: no error, every
 * message sane (the re-offered devices may be missing or present; a dump
 * that saw changes is flagged).
 */
TEST_F_TIMEOUT(life, reoffer_during_half_read_dump, 600)
{
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.nlflags = NLM_F_DUMP,
	};
	static const unsigned int devs[] = { 0, 299 };	/* sent, not yet */
	struct hv_scenario sc;
	char why[HV_ERRLEN];
	struct hv_reply r;
	struct hv_host h;
	long long ms;
	size_t i;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	load_generated(_metadata, self, hv_gen_scenario(300, 0, 1), &sc);
	ASSERT_EQ(0, set_rcvbuf(&self->nl, 1));
	ASSERT_EQ(0, hv_nl_send(&self->nl, &req));
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, hv_nl_recv_one(&self->nl, HVCAPS_CMD_CHANNEL_GET, &r,
				    NULL, NULL)) TH_LOG("%s", r.bad);
	ASSERT_FALSE(r.done) TH_LOG("300 devices fit one skb?");
	ASSERT_GT(300, r.nmsgs);

	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		ASSERT_EQ(0, rescind_and_reoffer(devs[i], &ms, why,
						 sizeof(why))) TH_LOG("%s", why);
		TH_LOG("device %u offered again after %lld ms", devs[i], ms);
	}

	while (!r.done)
		ASSERT_EQ(0, hv_nl_recv_one(&self->nl, HVCAPS_CMD_CHANNEL_GET,
					    &r, NULL, NULL)) TH_LOG("%s", r.bad);
	ASSERT_EQ(0, r.error) TH_LOG("%s (%s)", strerror(r.error), r.extack);
	ASSERT_STREQ("", r.bad);
	ASSERT_TRUE(r.dump_intr) TH_LOG("the bus changed and no NLM_F_DUMP_INTR");
	/*
	 * Flagged, so a re-offered device (a new device in a new place in
	 * bus order) may come twice; every message is still one offer.
	 */
	for (i = 0; i < r.chans.n; i++) {
		const struct hv_channel *s = hv_chans_find(&sc.chans,
							   r.chans.v[i].instance);

		ASSERT_NE(NULL, s) TH_LOG("message %zu was never offered", i);
		ASSERT_EQ(0, hv_chan_compare(&r.chans.v[i], s, F_SCENARIO, why,
					     sizeof(why))) TH_LOG("%s", why);
	}
	hv_reply_free(&r);

	/* And the bus is whole again, as hvcaps sees it. */
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h, why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(sc.chans.n, (size_t)h.device_count);
	ASSERT_EQ(0, hv_channel_dump(&self->nl, &r));
	ASSERT_EQ(0, r.error);
	ASSERT_EQ(0, hv_chans_compare(&r.chans, "dump", &sc.chans, "scenario",
				      F_SCENARIO, why, sizeof(why)))
		TH_LOG("%s", why);
	hv_reply_free(&r);
	hv_scenario_free(&sc);
}

/*
 * While a dump is under way hvcaps cannot be unloaded (the dump holds a
 * module reference); once the socket is closed it can. It is inserted
 * again and attaches to the bus.
 */
TEST_F_TIMEOUT(life, unload_during_dump, 600)
{
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.nlflags = NLM_F_DUMP,
	};
	struct hv_scenario sc;
	struct hv_reply r;
	char err[HV_ERRLEN];
	struct hv_host h;
	long long end;
	int ret, e;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	if (!getenv("HVCAPS_KO") || access(getenv("HVCAPS_KO"), R_OK))
		SKIP(return, "HVCAPS_KO not set or not readable");
	load_generated(_metadata, self, hv_gen_scenario(300, 0, 1), &sc);
	ASSERT_EQ(0, set_rcvbuf(&self->nl, 1));
	ASSERT_EQ(0, hv_nl_send(&self->nl, &req));
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, hv_nl_recv_one(&self->nl, HVCAPS_CMD_CHANNEL_GET, &r,
				    NULL, NULL)) TH_LOG("%s", r.bad);
	ASSERT_FALSE(r.done) TH_LOG("the dump ended in one skb");

	ret = (int)syscall(SYS_delete_module, "hvcaps", O_NONBLOCK);
	e = errno;
	if (!ret)
		self->unloaded = true;
	ASSERT_EQ(-1, ret) TH_LOG("hvcaps unloaded in the middle of a dump");
	ASSERT_TRUE(e == EBUSY || e == EAGAIN || e == EWOULDBLOCK)
		TH_LOG("delete_module: %s", strerror(e));
	TH_LOG("mid-dump delete_module: %s", strerror(e));
	hv_reply_free(&r);

	/* Closing the socket ends the dump and drops the reference. */
	hv_nl_close(&self->nl);
	self->open = false;
	end = hv_now_ms() + 20000;
	do {
		ret = (int)syscall(SYS_delete_module, "hvcaps", O_NONBLOCK);
		e = errno;
		if (!ret)
			break;
		hv_sleep_ms(100);
	} while ((e == EBUSY || e == EAGAIN) && hv_now_ms() < end);
	ASSERT_EQ(0, ret) TH_LOG("delete_module after close: %s", strerror(e));
	self->unloaded = true;
	/* (Not by resolving the family: that may autoload the module.) */
	ASSERT_NE(0, access("/sys/module/hvcaps", F_OK))
		TH_LOG("/sys/module/hvcaps still there after the unload");

	ASSERT_EQ(0, reinsert_module(err, sizeof(err))) TH_LOG("%s", err);
	self->unloaded = false;
	ASSERT_EQ(0, hv_nl_open(&self->nl, err, sizeof(err))) TH_LOG("%s", err);
	self->open = true;
	/* It attaches to the bus again (from a work item). */
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(1, h.vmbus_present);
	ASSERT_EQ(sc.chans.n, (size_t)h.device_count);
	ASSERT_EQ(0, hv_channel_dump(&self->nl, &r));
	ASSERT_EQ(0, r.error);
	ASSERT_EQ(0, hv_chans_compare(&r.chans, "dump", &sc.chans, "scenario",
				      F_SCENARIO, err, sizeof(err)))
		TH_LOG("%s", err);
	hv_reply_free(&r);
	hv_scenario_free(&sc);
}

/* Read a whole dump one datagram at a time. */
static int raw_dump(struct hv_nl *nl, struct hv_reply *r)
{
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET,
		.nlflags = NLM_F_DUMP,
	};

	memset(r, 0, sizeof(*r));
	if (hv_nl_send(nl, &req))
		return -1;
	while (!r->done)
		if (hv_nl_recv_one(nl, HVCAPS_CMD_CHANNEL_GET, r, NULL, NULL))
			return -1;
	return 0;
}

/* 2048 channels: the dump spans many skbs, whatever the buffer size. */
TEST_F_TIMEOUT(life, dump_of_2048_channels, 900)
{
	static const int bufs[] = { 0, 1 };	/* default, smallest */
	char path[4200], err[HV_ERRLEN];
	struct hv_scenario sc;
	struct hv_host h;
	size_t i;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	snprintf(path, sizeof(path), "%s/selftests/scenarios/many-2048.vmbus",
		 hv_top());
	if (!access(path, R_OK)) {
		ASSERT_EQ(0, hv_scenario_parse_file(path, &sc, err, sizeof(err)))
			TH_LOG("%s", err);
		self->dirty = true;
		ASSERT_EQ(0, hv_double_load_file(path, err, sizeof(err)))
			TH_LOG("%s", err);
		ASSERT_EQ(0, hv_wait_settled(&self->nl, 300000, &h, err,
					     sizeof(err))) TH_LOG("%s", err);
	} else {
		/* 512 NICs with 3 sub-channels: 2048 channels too. */
		load_generated(_metadata, self, hv_gen_scenario(512, 3, 1), &sc);
	}
	ASSERT_EQ(2048u, hv_chans_count_channels(&sc.chans));
	for (i = 0; i < ARRAY_SIZE(bufs); i++) {
		struct hv_reply r;
		int tries = 0;

		if (bufs[i])
			ASSERT_EQ(0, set_rcvbuf(&self->nl, bufs[i]));
		do {
			if (tries)
				hv_reply_free(&r);
			ASSERT_EQ(0, raw_dump(&self->nl, &r)) TH_LOG("%s", r.bad);
		} while (r.dump_intr && ++tries < 5);
		ASSERT_EQ(0, r.error) TH_LOG("%s (%s)", strerror(r.error),
					     r.extack);
		ASSERT_STREQ("", r.bad);
		ASSERT_FALSE(r.dump_intr);
		TH_LOG("buffer %s: %d messages in %d datagrams",
		       bufs[i] ? "smallest" : "default", r.nmsgs, r.nrecv);
		ASSERT_LT(2, r.nrecv);
		ASSERT_EQ(sc.chans.n, (size_t)r.nmsgs);
		ASSERT_EQ(2048u, hv_chans_count_channels(&r.chans));
		ASSERT_EQ(0, hv_chans_compare(&r.chans, "dump", &sc.chans,
					      "scenario", F_SCENARIO, err,
					      sizeof(err))) TH_LOG("%s", err);
		hv_reply_free(&r);
	}
	hv_scenario_free(&sc);
}

/*
 * Devices whose message outgrows a default dump part (256 sub-channels:
 * about 9 KiB, a part is one page): the dump grows its parts, as the do
 * request grows its reply, and lists them whole.
 */
TEST_F_TIMEOUT(life, dump_of_oversized_devices, 600)
{
	char err[HV_ERRLEN];
	struct hv_scenario sc;
	struct hv_reply r;
	size_t i;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	load_generated(_metadata, self, hv_gen_scenario(3, 256, 1), &sc);
	ASSERT_EQ(0, raw_dump(&self->nl, &r)) TH_LOG("%s", r.bad);
	ASSERT_EQ(0, r.error) TH_LOG("%s (%s)", strerror(r.error), r.extack);
	ASSERT_STREQ("", r.bad);
	ASSERT_FALSE(r.dump_intr);
	ASSERT_EQ(sc.chans.n, (size_t)r.nmsgs);
	for (i = 0; i < r.chans.n; i++)
		ASSERT_EQ(256u, r.chans.v[i].nsub);
	ASSERT_EQ(0, hv_chans_compare(&r.chans, "dump", &sc.chans, "scenario",
				      F_SCENARIO, err, sizeof(err)))
		TH_LOG("%s", err);
	TH_LOG("%d messages in %d datagrams", r.nmsgs, r.nrecv);
	hv_reply_free(&r);
	hv_scenario_free(&sc);
}

TEST_HARNESS_MAIN
