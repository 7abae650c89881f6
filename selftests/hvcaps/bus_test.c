// SPDX-License-Identifier: GPL-2.0
/*
 * The bus as it is, scripting nothing: valid on a real VMBus (Hyper-V,
 * Azure) as on the double. Once the bus has settled, the CHANNEL_GET dump
 * equals /sys/bus/vmbus (Documentation/ABI/stable/sysfs-bus-vmbus), the
 * HOST_GET counts equal the dump's, every message carries vendor 0x1414 and
 * the device type of its class, and each do reply equals its dump message.
 * Skips when there is no VMBus.
 */
#include "ksft.h"
#include "common.h"
#include "sysfs.h"

/* What the dump and sysfs both know (as channels_test). */
#define F_SYSFS (HV_F_CLASS | HV_F_RELID | HV_F_CPU | HV_F_MONITOR |	\
		 HV_F_VENDOR | HV_F_DEVICE | HV_F_NUMA | HV_F_DRIVER |	\
		 HV_F_SUBS | HV_F_SUB_MONITOR)

/* A real bus may change (hot-add, rescind) while we read: retry. */
#define TRIES 5

FIXTURE(bus) {
	struct hv_nl nl;
	char skip[1024];
	bool open;
};

FIXTURE_SETUP(bus)
{
	if (access(HV_SYSFS_DEVICES, F_OK)) {
		hv_fmt(self->skip, sizeof(self->skip), "no VMBus (%s missing)",
		       HV_SYSFS_DEVICES);
		return;
	}
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

FIXTURE_TEARDOWN(bus)
{
	if (self->open)
		hv_nl_close(&self->nl);
}

/*
 * One settled snapshot: HOST_GET, dump and sysfs read while the
 * generation held. 0, 1 (the bus moved: try again) or -1 with ERR.
 */
static int snapshot(struct hv_nl *nl, struct hv_host *h, struct hv_reply *d,
		    struct hv_chans *sys, char *err, size_t n)
{
	struct hv_reply after;
	int moved;

	if (hv_wait_settled(nl, 120000, h, err, n))
		return -1;
	if (hv_channel_dump(nl, d) || d->error || d->bad[0]) {
		hv_fmt(err, n, "dump: %s %s %s", d->error ?
		       strerror(d->error) : "", d->extack, d->bad);
		hv_reply_free(d);
		return -1;
	}
	if (hv_sysfs_read(sys, err, n)) {
		hv_reply_free(d);
		return 1;
	}
	if (hv_host_get(nl, &after) || after.error) {
		hv_fmt(err, n, "HOST_GET after the dump failed");
		hv_reply_free(&after);
		hv_reply_free(d);
		hv_chans_free(sys);
		return -1;
	}
	moved = d->dump_intr || after.host.generation != h->generation;
	hv_reply_free(&after);
	if (moved) {
		hv_fmt(err, n, "the bus changed while it was read");
		hv_reply_free(d);
		hv_chans_free(sys);
		return 1;
	}
	return 0;
}

TEST_F_TIMEOUT(bus, dump_equals_sysfs, 900)
{
	char err[HV_ERRLEN], g[37];
	struct hv_host h;
	struct hv_reply d;
	struct hv_chans sys;
	int i, ret = 1;
	size_t k;

	HV_CHECK_SKIP();
	for (i = 0; i < TRIES && ret == 1; i++)
		ret = snapshot(&self->nl, &h, &d, &sys, err, sizeof(err));
	ASSERT_EQ(0, ret) TH_LOG("%s", err);

	EXPECT_EQ(0, hv_chans_compare(&d.chans, "dump", &sys, "sysfs", F_SYSFS,
				      err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(0, hv_chans_check_unique(&d.chans, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ((size_t)h.device_count, d.chans.n);
	EXPECT_EQ((size_t)h.channel_count, hv_chans_count_channels(&d.chans));
	if (d.chans.n)
		EXPECT_EQ(1, h.vmbus_present);
	for (k = 0; k < d.chans.n; k++) {
		const struct hv_channel *c = &d.chans.v[k];

		hv_guid_fmt(c->instance, g);
		EXPECT_EQ(HV_CHANNEL_REQUIRED, c->have & HV_CHANNEL_REQUIRED)
			TH_LOG("%s: attributes 0x%x", g, c->have);
		EXPECT_EQ(0x1414, c->vendor) TH_LOG("%s", g);
		EXPECT_EQ(hv_expected_dev_type(c->class_id, c->flags),
			  c->dev_type) TH_LOG("%s", g);
		EXPECT_EQ(h.generation, c->generation) TH_LOG("%s", g);
	}
	TH_LOG("%zu devices, %zu channels, VMBus version 0x%x", d.chans.n,
	       hv_chans_count_channels(&d.chans), h.vmbus_version);
	hv_chans_free(&sys);
	hv_reply_free(&d);
}

TEST_F_TIMEOUT(bus, do_equals_dump, 900)
{
	char err[HV_ERRLEN], g[37];
	struct hv_reply d, one;
	size_t k, compared = 0;
	int i;

	HV_CHECK_SKIP();
	for (i = 0; i < TRIES; i++) {
		ASSERT_EQ(0, hv_channel_dump(&self->nl, &d)) TH_LOG("%s", d.bad);
		ASSERT_EQ(0, d.error) TH_LOG("dump: %s", strerror(d.error));
		if (!d.dump_intr)
			break;
		hv_reply_free(&d);
	}
	ASSERT_LT(i, TRIES) TH_LOG("every dump was interrupted");
	if (!d.chans.n) {
		hv_reply_free(&d);
		SKIP(return, "the VMBus has no device");
	}
	for (k = 0; k < d.chans.n; k++) {
		const struct hv_channel *c = &d.chans.v[k];

		hv_guid_fmt(c->instance, g);
		ASSERT_EQ(0, hv_channel_get(&self->nl, c->instance, &one))
			TH_LOG("%s", one.bad);
		if (one.error == ENOENT || (!one.error && one.chans.n == 1 &&
		    one.chans.v[0].generation != c->generation)) {
			/* rescinded or changed since the dump: not a bug */
			TH_LOG("%s changed since the dump", g);
			hv_reply_free(&one);
			continue;
		}
		ASSERT_EQ(0, one.error)
			TH_LOG("CHANNEL_GET %s: %s (%s)", g,
			       strerror(one.error), one.extack);
		ASSERT_STREQ("", one.bad);
		ASSERT_EQ(1u, one.chans.n);
		EXPECT_EQ(0, hv_chan_compare(c, &one.chans.v[0], HV_F_ALL, err,
					     sizeof(err)))
			TH_LOG("%s: do vs dump: %s", g, err);
		hv_reply_free(&one);
		compared++;
	}
	hv_reply_free(&d);
	ASSERT_LT(0u, compared) TH_LOG("every device changed under the test");
}

TEST_HARNESS_MAIN
