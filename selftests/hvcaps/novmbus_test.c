// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps without a VMBus (the guest harness' --no-double boot): the host
 * facts say so, the dump is empty, a do finds nothing. Then the VMBus
 * double is loaded ($HVCAPS_DOUBLE_KO) and hvcaps must attach to it
 * lazily. The double stays loaded afterwards.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "ksft.h"
#include "common.h"
#include "sysfs.h"

FIXTURE(novmbus) {
	struct hv_nl nl;
	char skip[1024];
	bool open;
};

FIXTURE_SETUP(novmbus)
{
	if (!access(HV_SYSFS_DEVICES, F_OK)) {
		hv_fmt(self->skip, sizeof(self->skip),
		       "a VMBus is present (%s): boot with --no-double",
		       HV_SYSFS_DEVICES);
		return;
	}
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

FIXTURE_TEARDOWN(novmbus)
{
	if (self->open)
		hv_nl_close(&self->nl);
}

TEST_F(novmbus, host_facts)
{
	struct hv_reply r;

	HV_CHECK_SKIP();
	ASSERT_EQ(0, hv_host_get(&self->nl, &r)) TH_LOG("%s", r.bad);
	ASSERT_EQ(0, r.error) TH_LOG("%s (%s)", strerror(r.error), r.extack);
	ASSERT_STREQ("", r.bad);
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_VMBUS_PRESENT)));
	ASSERT_EQ(0, r.host.vmbus_present);
	ASSERT_FALSE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_VMBUS_VERSION)));
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_DEVICE_COUNT)));
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_CHANNEL_COUNT)));
	ASSERT_EQ(0u, r.host.device_count);
	ASSERT_EQ(0u, r.host.channel_count);
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_MODULE_VERSION)));
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_GENERATION)));
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_EFI_BOOT)));
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_SECURE_BOOT)));
	hv_reply_free(&r);
}

TEST_F(novmbus, empty_dump)
{
	struct hv_reply r;

	HV_CHECK_SKIP();
	ASSERT_EQ(0, hv_channel_dump(&self->nl, &r)) TH_LOG("%s", r.bad);
	ASSERT_EQ(0, r.error) TH_LOG("%s (%s)", strerror(r.error), r.extack);
	ASSERT_STREQ("", r.bad);
	ASSERT_TRUE(r.done);
	ASSERT_EQ(0, r.nmsgs);
	hv_reply_free(&r);
}

TEST_F(novmbus, do_finds_nothing)
{
	struct hv_reply r;
	uint8_t g[16];

	HV_CHECK_SKIP();
	ASSERT_EQ(0, hv_guid_parse("f8615163-df3e-46c5-913f-f2d2f965ed0e", g));
	ASSERT_EQ(0, hv_channel_get(&self->nl, g, &r)) TH_LOG("%s", r.bad);
	ASSERT_EQ(ENOENT, r.error) TH_LOG("%s", strerror(r.error));
	ASSERT_TRUE(r.has_extack);
	ASSERT_EQ(0, r.nmsgs);
	hv_reply_free(&r);
}

/* Last: load the double; hvcaps attaches to its bus by itself. */
TEST_F_TIMEOUT(novmbus, lazy_attach, 120)
{
	const char *ko = getenv("HVCAPS_DOUBLE_KO");
	static const char offer[] =
		"version 4.1\n"
		"offer class=57164f39-9115-4e78-ab55-382f3bd5422d instance=1a7e0000-0000-4000-8000-000000000001 relid=1\n";
	char err[HV_ERRLEN];
	struct hv_host h = { 0 };
	struct hv_reply r;
	long long end;
	uint32_t gen0;
	int fd, ret;

	HV_CHECK_SKIP();
	if (geteuid() != 0)
		SKIP(return, "not root");
	if (!ko || access(ko, R_OK))
		SKIP(return, "HVCAPS_DOUBLE_KO not set or not readable");
	ASSERT_EQ(0, hv_host_get(&self->nl, &r)) TH_LOG("%s", r.bad);
	ASSERT_EQ(0, r.error);
	gen0 = r.host.generation;
	hv_reply_free(&r);
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ret = (int)syscall(SYS_finit_module, fd, "", 0);
	ASSERT_EQ(0, ret) TH_LOG("finit_module(%s): %s", ko, strerror(errno));
	close(fd);

	end = hv_now_ms() + 30000;
	for (;;) {
		ASSERT_EQ(0, hv_host_get(&self->nl, &r)) TH_LOG("%s", r.bad);
		ASSERT_EQ(0, r.error);
		h = r.host;
		hv_reply_free(&r);
		if (h.vmbus_present || hv_now_ms() > end)
			break;
		hv_sleep_ms(100);
	}
	ASSERT_EQ(1, h.vmbus_present) TH_LOG("not attached after 30 s");
	ASSERT_TRUE(!!(h.have & HV_BIT(HVCAPS_A_HOST_VMBUS_VERSION)));
	/* A reader that saw no bus must see that something changed. */
	ASSERT_LT(gen0, h.generation);

	/* And it follows the bus from there on. */
	ASSERT_TRUE(hv_double_present());
	ASSERT_EQ(0, hv_double_load_text("offer", offer, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(1u, h.device_count);
	ASSERT_EQ(0x40001u, h.vmbus_version);
	ASSERT_EQ(0, hv_channel_dump(&self->nl, &r));
	ASSERT_EQ(0, r.error);
	ASSERT_EQ(1, r.nmsgs);
	ASSERT_EQ((uint32_t)HVCAPS_DEV_HEARTBEAT, r.chans.v[0].dev_type);
	hv_reply_free(&r);
}

TEST_HARNESS_MAIN
