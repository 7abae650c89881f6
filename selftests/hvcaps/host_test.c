// SPDX-License-Identifier: GPL-2.0
/*
 * HVCAPS_CMD_HOST_GET: the family itself (version, ops, permissions,
 * namespaces), then the facts of the reply against what userspace sees:
 * CPUID, /sys/firmware/efi, sysfs counts, the double's scenario version,
 * the bus generation across an offer and a rescind.
 */
#include <cpuid.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <linux/genetlink.h>

#include "ksft.h"
#include "common.h"
#include "sysfs.h"

#define HOST_REQUIRED							\
	(HV_BIT(HVCAPS_A_HOST_MODULE_VERSION) |				\
	 HV_BIT(HVCAPS_A_HOST_VMBUS_PRESENT) |				\
	 HV_BIT(HVCAPS_A_HOST_EFI_BOOT) |				\
	 HV_BIT(HVCAPS_A_HOST_SECURE_BOOT) |				\
	 HV_BIT(HVCAPS_A_HOST_DEVICE_COUNT) |				\
	 HV_BIT(HVCAPS_A_HOST_CHANNEL_COUNT) |				\
	 HV_BIT(HVCAPS_A_HOST_GENERATION))

#define HOST_HV_ATTRS (((1u << (HVCAPS_A_HOST_HV_ISOLATION + 1)) - 1) & \
		       ~((1u << HVCAPS_A_HOST_HV_BUILD) - 1))

FIXTURE(host) {
	struct hv_nl nl;
	char skip[1024];
	bool open;
};

FIXTURE_SETUP(host)
{
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

FIXTURE_TEARDOWN(host)
{
	if (self->open)
		hv_nl_close(&self->nl);
}

/* One HOST_GET that must succeed and parse. */
#define HOST_GET(nl, r)							\
	do {								\
		ASSERT_EQ(0, hv_host_get(nl, r)) TH_LOG("%s", (r)->bad); \
		ASSERT_EQ(0, (r)->error)				\
			TH_LOG("HOST_GET: %s (%s)", strerror((r)->error), \
			       (r)->extack);				\
		ASSERT_STREQ("", (r)->bad);				\
		ASSERT_EQ(1, (r)->nmsgs);				\
	} while (0)

TEST_F(host, family)
{
	HV_CHECK_SKIP();
	ASSERT_EQ((uint32_t)HVCAPS_GENL_VERSION, self->nl.version);
	ASSERT_TRUE(self->nl.has_op[HVCAPS_CMD_HOST_GET]);
	ASSERT_TRUE(self->nl.has_op[HVCAPS_CMD_CHANNEL_GET]);
	ASSERT_FALSE(self->nl.has_op[HVCAPS_CMD_UNSPEC]);
	/* HOST_GET: do only; CHANNEL_GET: do and dump; nobody needs admin. */
	ASSERT_EQ((uint32_t)GENL_CMD_CAP_DO,
		  self->nl.op_flags[HVCAPS_CMD_HOST_GET] &
		  (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_ADMIN_PERM |
		   GENL_UNS_ADMIN_PERM));
	ASSERT_EQ((uint32_t)(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP),
		  self->nl.op_flags[HVCAPS_CMD_CHANNEL_GET] &
		  (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_ADMIN_PERM |
		   GENL_UNS_ADMIN_PERM));
}

/* The basic facts every reply carries. */
TEST_F(host, required_attributes)
{
	struct hv_reply r;
	char buf[128];
	bool efi;

	HV_CHECK_SKIP();
	HOST_GET(&self->nl, &r);
	ASSERT_EQ((uint32_t)HOST_REQUIRED, r.host.have & HOST_REQUIRED)
		TH_LOG("missing attributes 0x%x", HOST_REQUIRED & ~r.host.have);
	ASSERT_NE(0u, strlen(r.host.module_version));
	if (!hv_read_file("/sys/module/hvcaps/version", buf, sizeof(buf))) {
		buf[strcspn(buf, "\n")] = 0;
		ASSERT_STREQ(buf, r.host.module_version);
	}
	ASSERT_LE(r.host.vmbus_present, 1);
	efi = access("/sys/firmware/efi", F_OK) == 0;
	ASSERT_EQ((uint8_t)efi, r.host.efi_boot);
	ASSERT_LE(r.host.secure_boot, 1);
	if (!efi)
		ASSERT_EQ(0, r.host.secure_boot);
	/* The version comes with the bus and only with it. */
	ASSERT_EQ(!!r.host.vmbus_present,
		  !!(r.host.have & HV_BIT(HVCAPS_A_HOST_VMBUS_VERSION)));
	if (!r.host.vmbus_present) {
		ASSERT_EQ(0u, r.host.device_count);
		ASSERT_EQ(0u, r.host.channel_count);
	} else {
		ASSERT_NE(0u, r.host.vmbus_version);
	}
	ASSERT_LE(r.host.device_count, r.host.channel_count);
	hv_reply_free(&r);
}

/* CPU facts against the cpuid instruction run here. */
TEST_F(host, cpu_signature)
{
	unsigned int a = 0, b = 0, c = 0, d = 0;
	char sig[13] = "";
	struct hv_reply r;
	bool hyper;

	HV_CHECK_SKIP();
	ASSERT_TRUE(__get_cpuid(1, &a, &b, &c, &d));
	hyper = c & (1u << 31);
	HOST_GET(&self->nl, &r);
	if (!hyper) {
		ASSERT_EQ(0u, r.host.have &
			  (HV_BIT(HVCAPS_A_HOST_CPU_SIGNATURE) |
			   HV_BIT(HVCAPS_A_HOST_CPU_MAX_LEAF) | HOST_HV_ATTRS));
		hv_reply_free(&r);
		return;
	}
	/* Hypervisor leaves are above the basic max: no __get_cpuid here. */
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_CPU_SIGNATURE)));
	ASSERT_TRUE(!!(r.host.have & HV_BIT(HVCAPS_A_HOST_CPU_MAX_LEAF)));
	ASSERT_STREQ(sig, r.host.cpu_signature);
	ASSERT_EQ(a, r.host.cpu_max_leaf);
	TH_LOG("hypervisor \"%s\", max leaf 0x%x", sig, a);
	if (strcmp(sig, "Microsoft Hv")) {
		ASSERT_EQ(0u, r.host.have & HOST_HV_ATTRS)
			TH_LOG("HV_* attributes under \"%s\"", sig);
	} else {
		unsigned int e2[4], e3[4], e4[4];

		__cpuid(0x40000002, e2[0], e2[1], e2[2], e2[3]);
		__cpuid(0x40000003, e3[0], e3[1], e3[2], e3[3]);
		__cpuid(0x40000004, e4[0], e4[1], e4[2], e4[3]);
		ASSERT_EQ(e2[0], r.host.hv[HVCAPS_A_HOST_HV_BUILD]);
		ASSERT_EQ(e2[1] >> 16, r.host.hv[HVCAPS_A_HOST_HV_MAJOR]);
		ASSERT_EQ(e2[1] & 0xffff, r.host.hv[HVCAPS_A_HOST_HV_MINOR]);
		ASSERT_EQ(e2[2], r.host.hv[HVCAPS_A_HOST_HV_SERVICE_PACK]);
		ASSERT_EQ(e2[3] >> 24, r.host.hv[HVCAPS_A_HOST_HV_SERVICE_BRANCH]);
		ASSERT_EQ(e2[3] & 0xffffff,
			  r.host.hv[HVCAPS_A_HOST_HV_SERVICE_NUMBER]);
		ASSERT_EQ(e3[0], r.host.hv[HVCAPS_A_HOST_HV_FEATURES_EAX]);
		ASSERT_EQ(e3[1], r.host.hv[HVCAPS_A_HOST_HV_FEATURES_EBX]);
		ASSERT_EQ(e3[3], r.host.hv[HVCAPS_A_HOST_HV_FEATURES_EDX]);
		ASSERT_EQ(e4[0], r.host.hv[HVCAPS_A_HOST_HV_RECOMMENDATIONS]);
		ASSERT_GE((uint32_t)HVCAPS_ISOLATION_TDX,
			  r.host.hv[HVCAPS_A_HOST_HV_ISOLATION]);
	}
	hv_reply_free(&r);
}

/* DEVICE_COUNT and CHANNEL_COUNT against /sys/bus/vmbus. */
TEST_F_TIMEOUT(host, counts_match_sysfs, 120)
{
	char err[HV_ERRLEN];
	struct hv_host h;
	struct hv_chans sys;

	HV_CHECK_SKIP();
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, hv_sysfs_read(&sys, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(sys.n, (size_t)h.device_count);
	ASSERT_EQ(hv_chans_count_channels(&sys), (size_t)h.channel_count);
	if (sys.n)
		ASSERT_EQ(1, h.vmbus_present);
	TH_LOG("%zu devices, %zu channels", sys.n, hv_chans_count_channels(&sys));
	hv_chans_free(&sys);
}

/* Any user may resolve the family and query it: fork, drop root. */
TEST_F(host, unprivileged)
{
	pid_t pid;
	int status;

	HV_CHECK_SKIP();
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct hv_nl nl;
		struct hv_reply r;
		char err[HV_ERRLEN];

		if (geteuid() == 0 &&
		    (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
			_exit(10);
		if (geteuid() == 0)
			_exit(11);
		if (hv_nl_open(&nl, err, sizeof(err))) {
			fprintf(stderr, "# unprivileged open: %s\n", err);
			_exit(12);
		}
		if (hv_host_get(&nl, &r) || r.error || r.bad[0] ||
		    !(r.host.have & HV_BIT(HVCAPS_A_HOST_MODULE_VERSION))) {
			fprintf(stderr, "# unprivileged HOST_GET: %s %s\n",
				strerror(r.error), r.bad);
			_exit(13);
		}
		hv_reply_free(&r);
		if (hv_channel_dump(&nl, &r) || r.error || r.bad[0]) {
			fprintf(stderr, "# unprivileged dump: %s %s\n",
				strerror(r.error), r.bad);
			_exit(14);
		}
		hv_reply_free(&r);
		hv_nl_close(&nl);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/* The family exists in a fresh network namespace and sees the same bus. */
TEST_F(host, other_netns)
{
	struct hv_reply r;
	uint32_t devices;
	int *shared, status;
	pid_t pid;

	HV_CHECK_SKIP();
	if (geteuid() != 0)
		SKIP(return, "not root: cannot unshare(CLONE_NEWNET)");
	HOST_GET(&self->nl, &r);
	devices = r.host.device_count;
	hv_reply_free(&r);
	shared = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, shared);
	*shared = -1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct hv_nl nl;
		char err[HV_ERRLEN];

		if (unshare(CLONE_NEWNET))
			_exit(10);
		if (hv_nl_open(&nl, err, sizeof(err))) {
			fprintf(stderr, "# open in a new netns: %s\n", err);
			_exit(11);
		}
		if (hv_host_get(&nl, &r) || r.error || r.bad[0]) {
			fprintf(stderr, "# HOST_GET in a new netns: %s %s\n",
				strerror(r.error), r.bad);
			_exit(12);
		}
		*shared = (int)r.host.device_count;
		hv_reply_free(&r);
		hv_nl_close(&nl);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ((int)devices, *shared);
	munmap(shared, sizeof(int));
}

/* modinfo of the module file declares the autoload alias. */
FIXTURE(ko) {
	int unused;
};

FIXTURE_SETUP(ko)
{
}

FIXTURE_TEARDOWN(ko)
{
}

TEST_F(ko, family_alias)
{
	static const char want[] = "alias=net-pf-16-proto-16-family-hvcaps";
	const char *ko = getenv("HVCAPS_KO");
	struct stat st;
	char *buf, *p;
	bool found = false;
	int fd;

	if (!ko || !*ko)
		SKIP(return, "HVCAPS_KO not set");
	fd = open(ko, O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", ko, strerror(errno));
	ASSERT_EQ(0, fstat(fd, &st));
	buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	ASSERT_NE(MAP_FAILED, buf);
	for (p = buf; p + sizeof(want) <= buf + st.st_size; p++)
		if (!memcmp(p, want, sizeof(want)) && (p == buf || !p[-1])) {
			found = true;
			break;
		}
	munmap(buf, (size_t)st.st_size);
	close(fd);
	ASSERT_TRUE(found) TH_LOG("%s has no .modinfo \"%s\"", ko, want);
}

FIXTURE(host_double) {
	struct hv_nl nl;
	char skip[1024];
	bool open, dirty;
};

FIXTURE_SETUP(host_double)
{
	if (hv_setup_double(self->skip, sizeof(self->skip)))
		return;
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

FIXTURE_TEARDOWN(host_double)
{
	char err[HV_ERRLEN];

	if (self->dirty && hv_restore_scenario(err, sizeof(err)))
		TH_LOG("restoring the scenario: %s", err);
	if (self->open)
		hv_nl_close(&self->nl);
}

/* VMBUS_VERSION follows the scenario's version line. */
TEST_F_TIMEOUT(host_double, vmbus_version, 300)
{
	static const struct {
		const char *text;
		uint32_t want;
	} cases[] = {
		{ "version 3.0\noffer class=57164f39-9115-4e78-ab55-382f3bd5422d instance=00000001-0000-4000-8000-000000000001 relid=1\n", 0x30000 },
		{ "version 5.3\n", 0x50003 },
		{ "version 4.1\noffer class=9527e630-d0ae-497b-adce-e80ab0175caf instance=00000001-0000-4000-8000-000000000002 relid=2 cpu=1\n", 0x40001 },
	};
	char err[HV_ERRLEN];
	struct hv_host h;
	size_t i;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	self->dirty = true;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, hv_double_load_text("case", cases[i].text, err,
						 sizeof(err)))
			TH_LOG("%s", err);
		ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h, err,
					     sizeof(err)))
			TH_LOG("%s", err);
		ASSERT_EQ(1, h.vmbus_present);
		ASSERT_TRUE(!!(h.have & HV_BIT(HVCAPS_A_HOST_VMBUS_VERSION)));
		ASSERT_EQ(cases[i].want, h.vmbus_version)
			TH_LOG("case %zu: version 0x%x, want 0x%x", i,
			       h.vmbus_version, cases[i].want);
	}
	/* And the run's own scenario, when it declares one. */
	if (hv_default_scenario()) {
		struct hv_scenario sc;

		ASSERT_EQ(0, hv_scenario_parse_file(hv_default_scenario(), &sc,
						    err, sizeof(err)))
			TH_LOG("%s", err);
		ASSERT_EQ(0, hv_restore_scenario(err, sizeof(err)))
			TH_LOG("%s", err);
		self->dirty = false;
		ASSERT_EQ(0, hv_wait_settled(&self->nl, 120000, &h, err,
					     sizeof(err)))
			TH_LOG("%s", err);
		ASSERT_EQ(1, h.vmbus_present);
		if (sc.has_version)
			ASSERT_EQ(sc.version, h.vmbus_version);
		ASSERT_EQ(sc.chans.n, (size_t)h.device_count);
		ASSERT_EQ(hv_chans_count_channels(&sc.chans),
			  (size_t)h.channel_count);
		hv_scenario_free(&sc);
	}
}

/* GENERATION moves on an offer and on a rescind; counts follow. */
TEST_F_TIMEOUT(host_double, generation, 120)
{
	static const char offer[] =
		"offer class=0e0b6031-5213-4934-818b-38d90ced39db instance=6e4e0000-0000-4000-8000-0000000000aa relid=4000 cpu=0 subchannels=4001:0\n";
	static const char rescind[] =
		"rescind instance=6e4e0000-0000-4000-8000-0000000000aa\n";
	char err[HV_ERRLEN];
	struct hv_host h0, h1, h2;
	int ret;

	HV_SKIP_WITHOUT_DOUBLE();
	HV_CHECK_SKIP();
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h0, err, sizeof(err)))
		TH_LOG("%s", err);
	self->dirty = true;
	ret = hv_double_write(offer);
	ASSERT_EQ(0, ret) TH_LOG("offer: %s", strerror(-ret));
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h1, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_NE(h0.generation, h1.generation);
	ASSERT_EQ(h0.device_count + 1, h1.device_count);
	ASSERT_EQ(h0.channel_count + 2, h1.channel_count);
	ret = hv_double_write(rescind);
	ASSERT_EQ(0, ret) TH_LOG("rescind: %s", strerror(-ret));
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 60000, &h2, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_NE(h1.generation, h2.generation);
	ASSERT_NE(h0.generation, h2.generation);
	ASSERT_EQ(h0.device_count, h2.device_count);
	ASSERT_EQ(h0.channel_count, h2.channel_count);
	self->dirty = false;
}

TEST_HARNESS_MAIN
