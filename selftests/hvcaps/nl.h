/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small generic netlink client for the hvcaps tests, on libnl-genl-3:
 * a socket with extended ACKs and strict checking, the family resolved
 * through the controller, requests carrying arbitrary raw attributes (so
 * tests can send malformed ones), and replies parsed into the structs of
 * chan.h together with the errno and extack message of the answer.
 */
#ifndef HVCAPS_SELFTEST_NL_H
#define HVCAPS_SELFTEST_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "chan.h"

struct nl_sock;

struct hv_nl {
	struct nl_sock *sk;
	int family;			/* genetlink family id */
	uint32_t version;		/* CTRL_ATTR_VERSION */
	uint32_t maxattr;		/* CTRL_ATTR_MAXATTR */
	uint32_t op_flags[16];		/* CTRL_ATTR_OP_FLAGS by command */
	bool has_op[16];
	uint32_t seq;			/* of the last request sent */
};

/* One raw attribute: TYPE may carry NLA_F_NESTED/NLA_F_NET_BYTEORDER. */
struct hv_attr {
	uint16_t type;
	uint16_t len;
	const void *data;
};

struct hv_req {
	int family;			/* 0: the hvcaps family */
	uint8_t cmd;
	uint8_t version;		/* 0: HVCAPS_GENL_VERSION */
	uint16_t reserved;		/* genlmsghdr.reserved */
	uint16_t nlflags;		/* extra nlmsg_flags, e.g. NLM_F_DUMP */
	const struct hv_attr *attrs;
	int nattrs;
	const void *trailer;		/* raw bytes appended after attrs */
	size_t trailer_len;
};

struct hv_host {
	uint32_t have;			/* HV_BIT(HVCAPS_A_HOST_*) seen */
	char module_version[64];
	uint8_t vmbus_present;
	uint32_t vmbus_version;
	char cpu_signature[16];
	uint32_t cpu_max_leaf;
	uint32_t hv[HVCAPS_A_HOST_HV_ISOLATION + 1];	/* HV_* by attribute */
	uint8_t efi_boot;
	uint8_t secure_boot;
	uint32_t device_count;
	uint32_t channel_count;
	uint32_t generation;
};

/* What came back for one request. */
struct hv_reply {
	int error;			/* 0 or a positive errno from the kernel */
	bool has_extack;
	char extack[256];		/* NLMSGERR_ATTR_MSG */
	bool has_offs;
	uint32_t offs;			/* NLMSGERR_ATTR_OFFS */
	bool has_miss_type;
	uint32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE */
	int nmsgs;			/* data messages */
	int nrecv;			/* datagrams read */
	bool dump_intr;			/* NLM_F_DUMP_INTR on a message or DONE */
	bool done;			/* DONE/ACK/error seen */
	char bad[HV_ERRLEN];		/* first malformed reply, "" if none */
	struct hv_host host;		/* HOST_GET reply */
	struct hv_chans chans;		/* CHANNEL_GET replies */
};

/* Per-message hook: called for each data message of the reply. */
typedef void (*hv_msg_fn)(const struct nlmsghdr *nlh, struct hv_reply *r,
			  void *arg);

/*
 * Open a socket and resolve "hvcaps". 0, -ENOENT when the family is not
 * registered, another -errno otherwise; ERR says what failed.
 */
int hv_nl_open(struct hv_nl *nl, char *err, size_t n);
void hv_nl_close(struct hv_nl *nl);
int hv_nl_fd(const struct hv_nl *nl);

/*
 * Send REQ and read until its DONE, ACK or error. 0 when the exchange
 * completed (R->error holds the kernel's verdict), -1 on a local failure
 * (R->bad says which). Data messages are parsed by command into R->host
 * or R->chans; FN, if set, sees them first.
 */
int hv_nl_request(struct hv_nl *nl, const struct hv_req *req,
		  struct hv_reply *r, hv_msg_fn fn, void *arg);
/* The same in two steps: send, then read one datagram per call. */
int hv_nl_send(struct hv_nl *nl, const struct hv_req *req);
int hv_nl_recv_one(struct hv_nl *nl, uint8_t cmd, struct hv_reply *r,
		   hv_msg_fn fn, void *arg);
void hv_reply_free(struct hv_reply *r);

int hv_host_get(struct hv_nl *nl, struct hv_reply *r);
int hv_channel_dump(struct hv_nl *nl, struct hv_reply *r);
int hv_channel_get(struct hv_nl *nl, const uint8_t inst[HVCAPS_GUID_LEN],
		   struct hv_reply *r);

/* Parsers, exposed for the raw paths. 0 or -1 with WHY. */
int hv_parse_host(const struct nlmsghdr *nlh, struct hv_host *h,
		  char *why, size_t n);
int hv_parse_channel(const struct nlmsghdr *nlh, struct hv_channel *ch,
		     char *why, size_t n);

#endif
