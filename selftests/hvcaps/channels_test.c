// SPDX-License-Identifier: GPL-2.0
/*
 * HVCAPS_CMD_CHANNEL_GET against every scenario of selftests/scenarios/:
 * each is loaded into the VMBus double, then the dump must equal sysfs and
 * the scenario (devices, classes, relids, CPUs, hv_sock type, monitors,
 * dedicated interrupts, MMIO, sub-channels), carry vendor 0x1414 and the
 * device types of the class GUIDs, and each do reply must equal its dump
 * message. The scenario of the run ($HVCAPS_SCENARIO) is restored after.
 */
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>

#include "ksft.h"
#include "common.h"
#include "sysfs.h"

/* What the dump and the scenario both know. */
#define F_SCENARIO (HV_F_CLASS | HV_F_RELID | HV_F_CPU | HV_F_FLAGS |	\
		    HV_F_MMIO | HV_F_MONITOR | HV_F_DEDICATED |		\
		    HV_F_DEVTYPE | HV_F_SUBS)
/* What the dump and sysfs both know. */
#define F_SYSFS (HV_F_CLASS | HV_F_RELID | HV_F_CPU | HV_F_MONITOR |	\
		 HV_F_VENDOR | HV_F_DEVICE | HV_F_NUMA | HV_F_DRIVER |	\
		 HV_F_SUBS | HV_F_SUB_MONITOR)

FIXTURE(chan) {
	struct hv_nl nl;
	char skip[1024];
	bool open, dirty;
};

FIXTURE_VARIANT(chan) {
	const char *file;	/* NULL: every file no other variant names */
};

FIXTURE_VARIANT_ADD(chan, minimal) { .file = "minimal.vmbus" };
FIXTURE_VARIANT_ADD(chan, gen1_ws2012r2) { .file = "gen1-ws2012r2.vmbus" };
FIXTURE_VARIANT_ADD(chan, gen2_ws2019) { .file = "gen2-ws2019.vmbus" };
FIXTURE_VARIANT_ADD(chan, azure) { .file = "azure.vmbus" };
FIXTURE_VARIANT_ADD(chan, many_16) { .file = "many-16.vmbus" };
FIXTURE_VARIANT_ADD(chan, many_256) { .file = "many-256.vmbus" };
FIXTURE_VARIANT_ADD(chan, many_2048) { .file = "many-2048.vmbus" };
FIXTURE_VARIANT_ADD(chan, others) { .file = NULL };

static const char *const named[] = {
	"minimal.vmbus", "gen1-ws2012r2.vmbus", "gen2-ws2019.vmbus",
	"azure.vmbus", "many-16.vmbus", "many-256.vmbus", "many-2048.vmbus",
};

FIXTURE_SETUP(chan)
{
	if (hv_setup_double(self->skip, sizeof(self->skip)))
		return;
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

FIXTURE_TEARDOWN(chan)
{
	char err[HV_ERRLEN];

	if (self->dirty && hv_restore_scenario(err, sizeof(err)))
		TH_LOG("restoring the scenario: %s", err);
	if (self->open)
		hv_nl_close(&self->nl);
}

/* The scenario files, sorted (glob's order). */
static int scenario_glob(glob_t *g)
{
	char pat[PATH_MAX];

	snprintf(pat, sizeof(pat), "%s/selftests/scenarios/*.vmbus", hv_top());
	return glob(pat, 0, NULL, g);
}

/* A full dump, retried while it is flagged inconsistent. */
static int stable_dump(struct hv_nl *nl, struct hv_reply *r)
{
	int i;

	for (i = 0; i < 5; i++) {
		if (hv_channel_dump(nl, r))
			return -1;
		if (!r->dump_intr)
			return 0;
		hv_reply_free(r);
	}
	return hv_channel_dump(nl, r);
}

/*
 * Load PATH and check everything; ASSERTs name the file. Returns the
 * channels counted.
 */
static size_t check_scenario(struct __test_metadata *_metadata,
			     FIXTURE_DATA(chan) *self, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char err[HV_ERRLEN], g[37];
	struct hv_scenario sc;
	struct hv_chans sys;
	struct hv_reply dump, one;
	struct hv_host h;
	size_t i, channels;

	ASSERT_EQ(0, hv_scenario_parse_file(path, &sc, err, sizeof(err)))
		TH_LOG("%s", err);
	self->dirty = true;
	ASSERT_EQ(0, hv_double_load_file(path, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 300000, &h, err, sizeof(err)))
		TH_LOG("%s: %s", name, err);
	ASSERT_EQ(1, h.vmbus_present);
	if (sc.has_version)
		ASSERT_EQ(sc.version, h.vmbus_version)
			TH_LOG("%s: VMBUS_VERSION 0x%x, scenario 0x%x", name,
			       h.vmbus_version, sc.version);

	ASSERT_EQ(0, stable_dump(&self->nl, &dump)) TH_LOG("%s", dump.bad);
	ASSERT_EQ(0, dump.error)
		TH_LOG("%s: dump: %s (%s)", name, strerror(dump.error),
		       dump.extack);
	ASSERT_STREQ("", dump.bad) TH_LOG("%s", name);
	ASSERT_FALSE(dump.dump_intr) TH_LOG("%s: every dump interrupted", name);
	ASSERT_EQ((size_t)dump.nmsgs, dump.chans.n);

	/* dump == scenario, in the order of the offers (bus order) */
	ASSERT_EQ(0, hv_chans_compare(&dump.chans, "dump", &sc.chans, name,
				      F_SCENARIO, err, sizeof(err)))
		TH_LOG("%s", err);
	for (i = 0; i < sc.chans.n; i++) {
		hv_guid_fmt(sc.chans.v[i].instance, g);
		ASSERT_EQ(0, memcmp(dump.chans.v[i].instance,
				    sc.chans.v[i].instance, 16))
			TH_LOG("%s: message %zu is not offer %zu (%s): not in bus order",
			       name, i, i, g);
	}

	/* dump == sysfs */
	ASSERT_EQ(0, hv_sysfs_read(&sys, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, hv_chans_compare(&dump.chans, "dump", &sys, "sysfs",
				      F_SYSFS, err, sizeof(err)))
		TH_LOG("%s: %s", name, err);

	channels = hv_chans_count_channels(&dump.chans);
	ASSERT_EQ((size_t)h.device_count, dump.chans.n);
	ASSERT_EQ((size_t)h.channel_count, channels);

	for (i = 0; i < dump.chans.n; i++) {
		const struct hv_channel *d = &dump.chans.v[i];
		unsigned int k;

		hv_guid_fmt(d->instance, g);
		ASSERT_EQ(0x1414, d->vendor) TH_LOG("%s: %s", name, g);
		ASSERT_EQ(hv_expected_dev_type(d->class_id, d->flags),
			  d->dev_type) TH_LOG("%s: %s", name, g);
		ASSERT_NE(0, d->dev_name[0]) TH_LOG("%s: %s", name, g);
		/* The bus did not change since the settled HOST_GET. */
		ASSERT_EQ(h.generation, d->generation) TH_LOG("%s: %s", name, g);
		for (k = 0; k < d->nsub; k++)
			ASSERT_NE(0u, d->sub[k].index) TH_LOG("%s: %s", name, g);

		/* The do reply equals the dump message. */
		ASSERT_EQ(0, hv_channel_get(&self->nl, d->instance, &one))
			TH_LOG("%s", one.bad);
		ASSERT_EQ(0, one.error)
			TH_LOG("%s: CHANNEL_GET %s: %s (%s)", name, g,
			       strerror(one.error), one.extack);
		ASSERT_STREQ("", one.bad);
		ASSERT_EQ(1, one.nmsgs);
		ASSERT_EQ(1u, one.chans.n);
		ASSERT_EQ(0, hv_chan_compare(d, &one.chans.v[0], HV_F_ALL, err,
					     sizeof(err)))
			TH_LOG("%s: do vs dump: %s", name, err);
		hv_reply_free(&one);
	}
	TH_LOG("%s: %zu devices, %zu channels, version 0x%x", name,
	       dump.chans.n, channels, h.vmbus_version);
	hv_chans_free(&sys);
	hv_reply_free(&dump);
	hv_scenario_free(&sc);
	return channels;
}

TEST_F_TIMEOUT(chan, dump_equals_sysfs_and_scenario, 1200)
{
	char path[PATH_MAX];
	size_t n, i, j;
	glob_t g;
	int ran = 0;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	if (variant->file) {
		snprintf(path, sizeof(path), "%s/selftests/scenarios/%s",
			 hv_top(), variant->file);
		if (access(path, R_OK))
			SKIP(return, "%.900s missing", path);
		n = check_scenario(_metadata, self, path);
		if (!strcmp(variant->file, "many-2048.vmbus"))
			ASSERT_EQ(2048u, n);
		return;
	}
	/* Every other scenario file found at run time. */
	ASSERT_EQ(0, scenario_glob(&g))
		TH_LOG("no scenario in %s/selftests/scenarios", hv_top());
	for (i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;

		for (j = 0; j < ARRAY_SIZE(named); j++)
			if (!strcmp(base, named[j]))
				break;
		if (j < ARRAY_SIZE(named))
			continue;
		check_scenario(_metadata, self, g.gl_pathv[i]);
		ran++;
	}
	TH_LOG("%d scenario(s) beyond the named ones, %zu in all", ran,
	       g.gl_pathc);
	globfree(&g);
	if (!ran)
		SKIP(return, "no scenario beyond the named ones");
}

TEST_HARNESS_MAIN
