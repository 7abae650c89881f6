// SPDX-License-Identifier: GPL-2.0
/*
 * The test helpers themselves, runnable anywhere: GUID text <-> guid_t
 * bytes, the scenario parser (every shipped scenario parses; garbage is
 * refused with file:line), and the scenario <-> offer line round trip.
 */
#include <glob.h>
#include <limits.h>
#include <stdlib.h>

#include "ksft.h"
#include "common.h"

FIXTURE(helpers) {
	int unused;
};

FIXTURE_SETUP(helpers)
{
}

FIXTURE_TEARDOWN(helpers)
{
}

/* %pUl layout: first three groups little-endian, the rest in order. */
TEST_F(helpers, guid_layout)
{
	static const uint8_t want[16] = {
		0x63, 0x51, 0x61, 0xf8, 0x3e, 0xdf, 0xc5, 0x46,
		0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e,
	};
	uint8_t g[16];
	char text[37];

	ASSERT_EQ(0, hv_guid_parse("f8615163-df3e-46c5-913f-f2d2f965ed0e", g));
	ASSERT_EQ(0, memcmp(want, g, 16));
	ASSERT_EQ(0, hv_guid_parse("{F8615163-DF3E-46C5-913F-F2D2F965ED0E}", g));
	ASSERT_EQ(0, memcmp(want, g, 16));
	hv_guid_fmt(g, text);
	ASSERT_STREQ("f8615163-df3e-46c5-913f-f2d2f965ed0e", text);
	ASSERT_EQ(-1, hv_guid_parse("f8615163-df3e-46c5-913f-f2d2f965ed0", g));
	ASSERT_EQ(-1, hv_guid_parse("f8615163-df3e-46c5-913f-f2d2f965ed0e0", g));
	ASSERT_EQ(-1, hv_guid_parse("f8615163df3e-46c5-913f-f2d2f965ed0e0", g));
	ASSERT_EQ(-1, hv_guid_parse("{f8615163-df3e-46c5-913f-f2d2f965ed0e", g));
	ASSERT_EQ(-1, hv_guid_parse("g8615163-df3e-46c5-913f-f2d2f965ed0e", g));
	ASSERT_EQ((uint32_t)HVCAPS_DEV_NIC, hv_expected_dev_type(want, 0));
	ASSERT_EQ((uint32_t)HVCAPS_DEV_HVSOCK,
		  hv_expected_dev_type(want, HV_HVSOCK_FLAG));
	memset(g, 0, sizeof(g));
	ASSERT_EQ((uint32_t)HVCAPS_DEV_UNKNOWN, hv_expected_dev_type(g, 0));
}

TEST_F(helpers, shipped_scenarios_parse)
{
	char pat[PATH_MAX], err[HV_ERRLEN];
	glob_t g;
	size_t i;

	snprintf(pat, sizeof(pat), "%s/selftests/scenarios/*.vmbus", hv_top());
	if (glob(pat, 0, NULL, &g))
		SKIP(return, "no scenario file in %.900s", pat);
	for (i = 0; i < g.gl_pathc; i++) {
		struct hv_scenario sc;

		ASSERT_EQ(0, hv_scenario_parse_file(g.gl_pathv[i], &sc, err,
						    sizeof(err)))
			TH_LOG("%s", err);
		ASSERT_LT(0u, sc.chans.n) TH_LOG("%s", g.gl_pathv[i]);
		ASSERT_EQ(0, hv_chans_check_unique(&sc.chans, err, sizeof(err)))
			TH_LOG("%s: %s", g.gl_pathv[i], err);
		if (strstr(g.gl_pathv[i], "/many-2048.vmbus"))
			ASSERT_EQ(2048u, hv_chans_count_channels(&sc.chans));
		hv_scenario_free(&sc);
	}
	globfree(&g);
}

TEST_F(helpers, scenario_semantics)
{
	static const char text[] =
		"# comment\n"
		"version 5.2\n"
		"\n"
		"offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 cpu=1 subchannels=5:0,6:1 flags=2000 mmio=8 monitor=3 dedicated=1 # nic\n"
		"offer class=57164f39-9115-4e78-ab55-382f3bd5422d instance={00000002-0000-4000-8000-000000000001} relid=2\n"
		"rescind instance=00000002-0000-4000-8000-000000000001\n"
		"reset\n"
		"offer class=57164f39-9115-4e78-ab55-382f3bd5422d instance=00000003-0000-4000-8000-000000000001 relid=3\n"
		"offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 cpu=1 subchannels=5:0,6:1 flags=2000 mmio=8 monitor=3 dedicated=1\n";
	struct hv_scenario sc, again;
	const struct hv_channel *c;
	char err[HV_ERRLEN], line[1024];

	ASSERT_EQ(0, hv_scenario_parse("t", text, &sc, err, sizeof(err)))
		TH_LOG("%s", err);
	/* reset rescinds the offers and keeps the version */
	ASSERT_TRUE(sc.has_version);
	ASSERT_EQ(0x50002u, sc.version);
	ASSERT_EQ(2u, sc.chans.n);
	ASSERT_EQ(3u, sc.chans.v[0].relid);
	ASSERT_EQ(0u, sc.chans.v[0].cpu);
	ASSERT_FALSE(!!(sc.chans.v[0].have & HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID)));
	c = &sc.chans.v[1];
	ASSERT_EQ(1u, c->relid);
	ASSERT_EQ(1u, c->cpu);
	ASSERT_EQ(0x2000u, c->flags);
	ASSERT_EQ(8u, c->mmio_mb);
	ASSERT_EQ(3u, c->monitor);
	ASSERT_TRUE(!!(c->have & HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID)));
	ASSERT_EQ(1, c->dedicated);
	ASSERT_EQ((uint32_t)HVCAPS_DEV_HVSOCK, c->dev_type);
	ASSERT_EQ(2u, c->nsub);
	ASSERT_EQ(5u, c->sub[0].relid);
	ASSERT_EQ(1u, c->sub[0].index);
	ASSERT_EQ(0u, c->sub[0].cpu);
	ASSERT_EQ(6u, c->sub[1].relid);
	ASSERT_EQ(2u, c->sub[1].index);
	ASSERT_EQ(1u, c->sub[1].cpu);
	ASSERT_EQ(4u, hv_chans_count_channels(&sc.chans));

	/* An offer line made from a channel gives the same channel. */
	hv_offer_line(c, line, sizeof(line));
	ASSERT_EQ(0, hv_scenario_parse("line", line, &again, err, sizeof(err)))
		TH_LOG("%s: %s", line, err);
	ASSERT_EQ(1u, again.chans.n);
	ASSERT_EQ(0, hv_chan_compare(c, &again.chans.v[0], HV_F_ALL, err,
				     sizeof(err))) TH_LOG("%s", err);
	hv_scenario_free(&again);
	hv_scenario_free(&sc);
}

TEST_F(helpers, garbage_refused_with_file_and_line)
{
	static const struct {
		const char *text;
		const char *where;
	} bad[] = {
		{ "version 5\n", "t:1:" },
		{ "version 5.2 now\n", "t:1:" },
		{ "\n\nfrobnicate\n", "t:3:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e relid=1\n", "t:1:" },
		{ "offer class=x instance=00000001-0000-4000-8000-000000000001 relid=1\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=0\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=16384\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 colour=red\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 cpu=1 cpu=2\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 cpu=\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 flags=10000\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 monitor=256\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 dedicated=2\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 subchannels=2\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1 subchannels=1:0\n", "t:1:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1\n"
		  "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=2\n", "t:2:" },
		{ "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000001-0000-4000-8000-000000000001 relid=1\n"
		  "# two\n"
		  "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=00000002-0000-4000-8000-000000000001 relid=3 subchannels=1:0\n", "t:3:" },
		{ "rescind instance=00000001-0000-4000-8000-000000000001\n", "t:1:" },
		{ "rescind\n", "t:1:" },
		{ "reset now\n", "t:1:" },
	};
	char err[HV_ERRLEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct hv_scenario sc;

		ASSERT_EQ(-1, hv_scenario_parse("t", bad[i].text, &sc, err,
						sizeof(err)))
			TH_LOG("accepted: %s", bad[i].text);
		ASSERT_EQ(0, strncmp(err, bad[i].where, strlen(bad[i].where)))
			TH_LOG("'%s' for %s", err, bad[i].text);
	}
}

TEST_HARNESS_MAIN
