// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed requests: each must be refused with the right errno and, where
 * hvcaps or the netlink policy refuses it (not the genetlink core), an
 * extack message. Needs the family only, not the double.
 */
#include <sys/utsname.h>

#include <linux/genetlink.h>

#include "ksft.h"
#include "common.h"
#include "sysfs.h"

FIXTURE(policy) {
	struct hv_nl nl;
	char skip[1024];
	bool open;
};

FIXTURE_SETUP(policy)
{
	self->open = !hv_setup_nl(&self->nl, self->skip, sizeof(self->skip));
}

FIXTURE_TEARDOWN(policy)
{
	if (self->open)
		hv_nl_close(&self->nl);
}

/* An instance no scenario uses. */
static const uint8_t nobody[16] = {
	0xde, 0xc0, 0xad, 0x0b, 0xfe, 0xca, 0x42, 0x42,
	0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0xad,
};

/*
 * Send REQ, expect exactly ERR (positive), no data, and the extack
 * message TEXT (NULL: a refusal by the genetlink core, which sets none on
 * these kernels, so there is nothing to compare).
 */
#define EXPECT_REFUSED(req, err, text)					\
	do {								\
		const char *_text = (text);				\
		struct hv_reply _r;					\
									\
		ASSERT_EQ(0, hv_nl_request(&self->nl, (req), &_r, NULL, NULL)) \
			TH_LOG("%s", _r.bad);				\
		ASSERT_STREQ("", _r.bad);				\
		TH_LOG("%s: \"%s\"", strerror(_r.error), _r.extack);	\
		ASSERT_EQ((err), _r.error)				\
			TH_LOG("errno %d (%s), extack \"%s\"", _r.error, \
			       strerror(_r.error), _r.extack);		\
		ASSERT_EQ(0, _r.nmsgs);					\
		if (_text) {						\
			ASSERT_TRUE(_r.has_extack)			\
				TH_LOG("refused (%s) without an extack message", \
				       strerror(_r.error));		\
			ASSERT_STREQ(_text, _r.extack);			\
		}							\
		hv_reply_free(&_r);					\
	} while (0)

/* hvcaps' own messages (kmod/netlink.c) */
#define HOST_NO_ATTRS	"HOST_GET takes no attributes"
#define ONLY_INSTANCE	"CHANNEL_GET accepts only HVCAPS_A_CHANNEL_INSTANCE"
#define NEEDS_INSTANCE	\
	"CHANNEL_GET needs HVCAPS_A_CHANNEL_INSTANCE (or NLM_F_DUMP for all devices)"
#define NO_SUCH_INSTANCE "no VMBus device has this instance GUID"
#define DUMP_NO_ATTRS	\
	"a CHANNEL_GET dump takes no attributes; send a do request (no NLM_F_DUMP) to get one device"
/* The netlink policy's (lib/nlattr.c, 5.10 to 6.12) */
#define UNKNOWN_TYPE	"Unknown attribute type"
#define BAD_GUID_LEN	"binary attribute size out of range"
#define NESTED_FLAG	"NLA_F_NESTED not expected"
#define TRAILING	"bytes leftover after parsing attributes"

#define ATTR(t, l, d) { .type = (t), .len = (l), .data = (d) }

static const uint8_t bytes[32];
static const uint32_t u32_one = 1;

TEST_F(policy, host_get_with_string_attr)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_HOST_MODULE_VERSION, 4, "1.0"),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_HOST_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, HOST_NO_ATTRS);
}

TEST_F(policy, host_get_with_u32_attr)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_HOST_GENERATION, 4, &u32_one),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_HOST_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, HOST_NO_ATTRS);
}

TEST_F(policy, host_get_with_instance)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_HOST_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, HOST_NO_ATTRS);
}

TEST_F(policy, host_get_with_unknown_attr)
{
	struct hv_attr a[] = { ATTR(200, 4, &u32_one) };
	struct hv_req req = { .cmd = HVCAPS_CMD_HOST_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, UNKNOWN_TYPE);
}

TEST_F(policy, host_get_with_attr_type_0)
{
	struct hv_attr a[] = { ATTR(0, 4, &u32_one) };
	struct hv_req req = { .cmd = HVCAPS_CMD_HOST_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, UNKNOWN_TYPE);
}

TEST_F(policy, host_get_dump)
{
	struct hv_req req = {
		.cmd = HVCAPS_CMD_HOST_GET,
		.nlflags = NLM_F_DUMP,
	};

	HV_CHECK_SKIP();
	/* The genetlink core refuses it: no extack required. */
	EXPECT_REFUSED(&req, EOPNOTSUPP, NULL);
}

TEST_F(policy, unknown_commands)
{
	static const uint8_t cmds[] = {
		HVCAPS_CMD_UNSPEC, HVCAPS_CMD_MAX + 1, 99, 255,
	};
	size_t i;

	HV_CHECK_SKIP();
	for (i = 0; i < sizeof(cmds); i++) {
		struct hv_req req = { .cmd = cmds[i] };
		struct hv_req dump = { .cmd = cmds[i], .nlflags = NLM_F_DUMP };

		TH_LOG("command %u", cmds[i]);
		EXPECT_REFUSED(&req, EOPNOTSUPP, NULL);
		EXPECT_REFUSED(&dump, EOPNOTSUPP, NULL);
	}
}

TEST_F(policy, channel_get_without_instance)
{
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, NEEDS_INSTANCE);
}

/*
 * An INSTANCE that is not exactly 16 bytes: the policy's
 * NLA_POLICY_EXACT_LEN(16) refuses it with ERANGE (5.10 to 6.12).
 */

TEST_F(policy, channel_get_instance_15_bytes)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 15, nobody) };
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, ERANGE, BAD_GUID_LEN);
}

TEST_F(policy, channel_get_instance_17_bytes)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 17, bytes) };
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, ERANGE, BAD_GUID_LEN);
}

TEST_F(policy, channel_get_instance_empty)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 0, NULL) };
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, ERANGE, BAD_GUID_LEN);
}

TEST_F(policy, channel_get_instance_as_u32)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 4, &u32_one) };
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, ERANGE, BAD_GUID_LEN);
}

TEST_F(policy, channel_get_instance_nested_flag)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE | NLA_F_NESTED, 16, nobody),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, NESTED_FLAG);
}

TEST_F(policy, channel_get_instance_and_class)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
		ATTR(HVCAPS_A_CHANNEL_CLASS, 16, nobody),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 2 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, ONLY_INSTANCE);
}

TEST_F(policy, channel_get_instance_and_relid)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_RELID, 4, &u32_one),
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 2 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, ONLY_INSTANCE);
}

TEST_F(policy, channel_get_instance_and_unknown)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
		ATTR(HVCAPS_A_CHANNEL_MAX + 1, 4, &u32_one),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 2 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, UNKNOWN_TYPE);
}

TEST_F(policy, channel_get_subchannel_nest)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
		ATTR(HVCAPS_A_CHANNEL_SUBCHANNEL | NLA_F_NESTED, 0, NULL),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 2 };

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, NESTED_FLAG);
}

TEST_F(policy, channel_get_trailing_garbage)
{
	/* An attribute header announcing more bytes than follow. */
	static const uint8_t junk[4] = { 8, 0, HVCAPS_A_CHANNEL_CLASS, 0 };
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody) };
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1,
		.trailer = junk, .trailer_len = sizeof(junk),
	};

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, TRAILING);
}

/* An instance nobody offered: ENOENT, with a message. */
TEST_F(policy, channel_get_unknown_instance)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody) };
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };
	uint8_t g[16];

	HV_CHECK_SKIP();
	memcpy(g, nobody, sizeof(g));
	ASSERT_EQ(0, hv_guid_parse("0badc0de-cafe-4242-8000-000000000bad", g));
	ASSERT_EQ(0, memcmp(g, nobody, sizeof(g)));
	EXPECT_REFUSED(&req, ENOENT, NO_SUCH_INSTANCE);
}

/* Sending the same instance twice: accepted or refused, never garbage. */
TEST_F(policy, channel_get_instance_twice)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
		ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody),
	};
	struct hv_req req = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 2 };
	struct hv_reply r;

	HV_CHECK_SKIP();
	ASSERT_EQ(0, hv_nl_request(&self->nl, &req, &r, NULL, NULL));
	ASSERT_STREQ("", r.bad);
	ASSERT_EQ(0, r.nmsgs);
	/*
	 * Netlink validation has no duplicate check (the last one wins in
	 * the parsed table): nobody has this instance, so ENOENT.
	 */
	ASSERT_EQ(ENOENT, r.error) TH_LOG("%s \"%s\"", strerror(r.error),
					  r.extack);
	ASSERT_TRUE(r.has_extack);
	ASSERT_STREQ(NO_SUCH_INSTANCE, r.extack);
	hv_reply_free(&r);
}

TEST_F(policy, channel_dump_with_instance)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_INSTANCE, 16, nobody) };
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET, .nlflags = NLM_F_DUMP,
		.attrs = a, .nattrs = 1,
	};

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, DUMP_NO_ATTRS);
}

TEST_F(policy, channel_dump_with_unknown_attr)
{
	struct hv_attr a[] = { ATTR(200, 4, &u32_one) };
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET, .nlflags = NLM_F_DUMP,
		.attrs = a, .nattrs = 1,
	};

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, UNKNOWN_TYPE);
}

TEST_F(policy, channel_dump_with_relid)
{
	struct hv_attr a[] = { ATTR(HVCAPS_A_CHANNEL_RELID, 4, &u32_one) };
	struct hv_req req = {
		.cmd = HVCAPS_CMD_CHANNEL_GET, .nlflags = NLM_F_DUMP,
		.attrs = a, .nattrs = 1,
	};

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&req, EINVAL, ONLY_INSTANCE);
}

/* Kernel version as major * 1000 + minor. */
static int kernel_version(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 1000 + minor;
}

/*
 * genlmsghdr.reserved != 0: 6.1 and later refuse it with extack for ops
 * at or above resv_start_op; 5.10 does not look at it.
 */
TEST_F(policy, reserved_header_field)
{
	static const uint8_t cmds[] = {
		HVCAPS_CMD_HOST_GET, HVCAPS_CMD_CHANNEL_GET,
	};
	int kv = kernel_version();
	size_t i;

	HV_CHECK_SKIP();
	ASSERT_NE(0, kv);
	for (i = 0; i < sizeof(cmds); i++) {
		struct hv_req req = {
			.cmd = cmds[i], .reserved = 1,
			.nlflags = cmds[i] == HVCAPS_CMD_CHANNEL_GET ?
				   NLM_F_DUMP : 0,
		};
		struct hv_reply r;

		ASSERT_EQ(0, hv_nl_request(&self->nl, &req, &r, NULL, NULL));
		ASSERT_STREQ("", r.bad);
		TH_LOG("command %u, reserved 1: %s \"%s\"", cmds[i],
		       strerror(r.error), r.extack);
		if (kv >= 6001 || r.error) {
			ASSERT_EQ(EINVAL, r.error);
			ASSERT_TRUE(r.has_extack);
			/* net/netlink/genetlink.c, genl_family_rcv_msg() */
			ASSERT_STREQ("genlmsghdr.reserved field is not 0",
				     r.extack);
			ASSERT_EQ(0, r.nmsgs);
		} else if (cmds[i] == HVCAPS_CMD_HOST_GET) {
			ASSERT_EQ(1, r.nmsgs);
		}
		hv_reply_free(&r);
	}
}

/* The refusals leave the socket usable: a good request still works. */
TEST_F(policy, good_after_bad)
{
	struct hv_attr a[] = {
		ATTR(HVCAPS_A_CHANNEL_INSTANCE | NLA_F_NESTED, 16, nobody),
	};
	struct hv_req bad = { .cmd = HVCAPS_CMD_CHANNEL_GET, .attrs = a, .nattrs = 1 };
	struct hv_reply r;

	HV_CHECK_SKIP();
	EXPECT_REFUSED(&bad, EINVAL, NESTED_FLAG);
	ASSERT_EQ(0, hv_host_get(&self->nl, &r));
	ASSERT_EQ(0, r.error);
	ASSERT_STREQ("", r.bad);
	ASSERT_EQ(1, r.nmsgs);
	ASSERT_FALSE(r.has_extack) TH_LOG("a good request with \"%s\"", r.extack);
	hv_reply_free(&r);
}

TEST_HARNESS_MAIN
