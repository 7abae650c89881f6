// SPDX-License-Identifier: GPL-2.0
/*
 * A generic netlink fuzzer for the hvcaps family, run in a guest while the
 * VMBus double offers and rescinds devices and sub-channels under it.
 *
 *  - every_command_flag_version: every command (and unknown ones, up to
 *    255) with every combination of the netlink flags that change how a
 *    request is handled (REQUEST, ACK, ECHO, ROOT, MATCH, ATOMIC,
 *    DUMP_FILTERED) and genetlink versions 0, 1, 2 and 255. Known
 *    commands must answer in the family's format, others with an error.
 *  - random_requests: seeded random requests: random commands, flags,
 *    versions and reserved bytes; valid, unknown, oversized, truncated and
 *    nested attributes; lying nlmsg_len and nla_len; truncated datagrams;
 *    flipped bytes; several messages in one datagram; nlctrl GETFAMILY and
 *    GETPOLICY requests about the family. Each is followed by an acked
 *    NOOP, so every request's answer is read to its end.
 *  - abandoned_dumps: dumps on small receive buffers read partway, then
 *    the socket closed, kept open unread, or read to its end, over 256
 *    devices being rescinded and offered again; a second dump on a busy
 *    socket must be refused with EBUSY.
 *
 * Throughout, the "events" group has a listener that never reads and one
 * that checks every notification it gets. At the end the family must
 * still answer, every rescinded device must be accepted again once no
 * reader holds anything, and hvcaps must see exactly the scenario.
 * Kernel reports (KASAN, lockdep, WARN, ...) fail the run in
 * selftests/vm/run.
 *
 * Reproducible: the requests are a function of the seed (printed; set it
 * with HVCAPS_FUZZ_SEED). The interleaving with the bus changes is not
 * (they run in a thread, as a host would). HVCAPS_FUZZ_ITERS sets the
 * number of random requests (default 20000) and of abandoned dumps (a
 * tenth of it).
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "ksft.h"
#include "common.h"
#include "mcast.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef CTRL_CMD_GETPOLICY
#define CTRL_CMD_GETPOLICY 10
#endif
#ifndef CTRL_ATTR_OP
#define CTRL_ATTR_OP 10
#endif

/* The harness runs tests in a child that ends with _exit(): flush. */
#define NOTE(...)					\
	do {						\
		ksft_print_msg(__VA_ARGS__);		\
		fflush(stdout);				\
	} while (0)

#define MSG_MAX		(96 * 1024)	/* largest datagram we build */
#define REPLY_WAIT_MS	20000		/* TCG on a busy host is slow */
#define DEFAULT_ITERS	20000
#define NPOOL		16		/* sockets holding a half-read dump */
#define SUB_RELID_BASE	9000		/* relids of the sub-channels we add */
#define NSUBS		32

/* --- A reproducible random stream: splitmix64 --- */
struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned int percent)
{
	return below(r, 100) < percent;
}

static void fill(struct rng *r, uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rnd(r);
}

static uint64_t fuzz_seed(void)
{
	const char *s = getenv("HVCAPS_FUZZ_SEED");
	struct timespec ts;

	if (s && *s)
		return strtoull(s, NULL, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec;
}

static int fuzz_iters(void)
{
	const char *s = getenv("HVCAPS_FUZZ_ITERS");
	int n = s && *s ? atoi(s) : DEFAULT_ITERS;

	return n > 0 ? n : DEFAULT_ITERS;
}

/* --- Raw netlink sockets: nothing between us and the bytes --- */
static int raw_open(int rcvbuf)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	int one = 1;

	if (fd < 0)
		return -1;
	/* Error ACKs without the request echoed, on odd buffer sizes. */
	if (rcvbuf & 1)
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	if (rcvbuf)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return fd;
}

static int raw_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ?
		-errno : 0;
}

/* --- Building messages --- */
struct msg {
	uint8_t *buf;
	size_t len, cap;
};

static void *put(struct msg *m, size_t n)
{
	void *p;

	n = NLMSG_ALIGN(n);
	if (m->len + n > m->cap)
		return NULL;
	p = m->buf + m->len;
	memset(p, 0, n);
	m->len += n;
	return p;
}

/* One attribute header for LEN payload bytes (left zeroed). */
static struct nlattr *put_attr(struct msg *m, uint16_t type, size_t len)
{
	struct nlattr *a;

	if (len > 0xffff - NLA_HDRLEN)
		len = 0xffff - NLA_HDRLEN;
	a = put(m, NLA_HDRLEN + len);
	if (!a)
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	return a;
}

struct fuzz_ctx {
	int family;
	uint32_t seq;
	uint8_t guids[64][HVCAPS_GUID_LEN];	/* instances to ask for */
	unsigned int nguids;
};

static const uint16_t payload_lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 12, 15, 16,
					 17, 20, 31, 32, 64, 255, 256, 1000,
					 4096 };

/* Random attributes at DEPTH of nesting, up to a few; may nest more. */
static void put_random_attrs(struct rng *r, struct msg *m,
			     const struct fuzz_ctx *c, int depth)
{
	unsigned int n = 1 + below(r, depth ? 4 : 8), i;

	for (i = 0; i < n; i++) {
		uint16_t type;
		struct nlattr *a;
		size_t len, start;

		switch (below(r, 6)) {
		case 0:
			type = (uint16_t)below(r, HVCAPS_A_CHANNEL_MAX + 3);
			break;
		case 1:
			type = HVCAPS_A_CHANNEL_INSTANCE;
			break;
		case 2:
			type = (uint16_t)below(r, HVCAPS_A_HOST_MAX + 3);
			break;
		case 3:
			type = (uint16_t)rnd(r);
			break;
		default:
			type = (uint16_t)below(r, 32);
			break;
		}
		if (chance(r, 15))
			type |= NLA_F_NESTED;
		if (chance(r, 5))
			type |= NLA_F_NET_BYTEORDER;
		if (depth < 3 && chance(r, 20)) {
			/* A nest of more random attributes. */
			start = m->len;
			a = put_attr(m, type | NLA_F_NESTED, 0);
			if (!a)
				return;
			put_random_attrs(r, m, c, depth + 1);
			a = (struct nlattr *)(m->buf + start);
			a->nla_len = (uint16_t)(m->len - start);
			continue;
		}
		len = payload_lens[below(r, ARRAY_SIZE(payload_lens))];
		if (chance(r, 3))
			len = below(r, 0x8000);
		a = put_attr(m, type, len);
		if (!a)
			return;
		if (len == HVCAPS_GUID_LEN && c->nguids && chance(r, 60))
			memcpy(a + 1, c->guids[below(r, c->nguids)], len);
		else if (chance(r, 30))
			memset(a + 1, chance(r, 50) ? 0 : 0xff, len);
		else
			fill(r, (uint8_t *)(a + 1), len);
	}
}

/* The nlmsg and genl headers of a request; returns the nlmsghdr offset. */
static size_t put_headers(struct msg *m, uint16_t type, uint16_t flags,
			  uint32_t seq, uint8_t cmd, uint8_t version,
			  uint16_t reserved)
{
	size_t off = m->len;
	struct nlmsghdr *nlh = put(m, NLMSG_HDRLEN);
	struct genlmsghdr *g;

	if (!nlh)
		return off;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g = put(m, GENL_HDRLEN);
	if (!g)
		return off;
	g->cmd = cmd;
	g->version = version;
	g->reserved = reserved;
	return off;
}

static void finish(struct msg *m, size_t off)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + off);

	nlh->nlmsg_len = (uint32_t)(m->len - off);
}

/* What we sent, for judging the answer. */
struct sent {
	uint32_t seq_lo, seq_hi;	/* the requests' sequence numbers */
	bool judge;			/* one honest request: check the answer */
	bool to_family;			/* addressed to hvcaps */
	uint8_t cmd;
	uint16_t flags;
};

static const uint16_t flag_bits[] = { NLM_F_ACK, NLM_F_ECHO, NLM_F_ROOT,
				      NLM_F_MATCH, NLM_F_ATOMIC,
				      NLM_F_DUMP_FILTERED };

/* One request message of random shape appended to M. */
static void put_random_request(struct rng *r, struct msg *m,
			       struct fuzz_ctx *c, struct sent *s)
{
	uint16_t flags = 0;
	uint8_t cmd, version;
	size_t off, i;

	for (i = 0; i < ARRAY_SIZE(flag_bits); i++)
		if (chance(r, 30))
			flags |= flag_bits[i];
	if (chance(r, 95))
		flags |= NLM_F_REQUEST;
	if (chance(r, 5))
		flags |= (uint16_t)rnd(r);
	switch (below(r, 10)) {
	case 0:
		cmd = (uint8_t)rnd(r);
		break;
	case 1:
		cmd = (uint8_t)below(r, HVCAPS_CMD_MAX + 3);
		break;
	case 2 ... 5:
		cmd = HVCAPS_CMD_CHANNEL_GET;
		break;
	default:
		cmd = HVCAPS_CMD_HOST_GET;
		break;
	}
	version = chance(r, 80) ? HVCAPS_GENL_VERSION : (uint8_t)rnd(r);
	s->cmd = cmd;
	s->flags = flags;
	if (chance(r, 8)) {
		/* nlctrl about us: GETFAMILY, or a GETPOLICY of hvcaps. */
		bool policy = chance(r, 60);
		struct nlattr *a;

		off = put_headers(m, GENL_ID_CTRL, flags, c->seq,
				  policy ? CTRL_CMD_GETPOLICY : CTRL_CMD_GETFAMILY,
				  (uint8_t)below(r, 3), 0);
		a = put_attr(m, CTRL_ATTR_FAMILY_NAME, sizeof(HVCAPS_GENL_NAME));
		if (a)
			memcpy(a + 1, HVCAPS_GENL_NAME, sizeof(HVCAPS_GENL_NAME));
		if (policy && chance(r, 50)) {
			a = put_attr(m, CTRL_ATTR_OP, 4);
			if (a)
				*(uint32_t *)(a + 1) = below(r, 6);
		}
		s->to_family = false;
		finish(m, off);
		return;
	}
	s->to_family = true;
	off = put_headers(m, (uint16_t)c->family, flags, c->seq, cmd, version,
			  chance(r, 90) ? 0 : (uint16_t)rnd(r));
	switch (below(r, 8)) {
	case 0 ... 1:
		break;
	case 2 ... 3:
		if (c->nguids) {
			struct nlattr *a = put_attr(m, HVCAPS_A_CHANNEL_INSTANCE,
						    HVCAPS_GUID_LEN);

			if (a)
				memcpy(a + 1, c->guids[below(r, c->nguids)],
				       HVCAPS_GUID_LEN);
		}
		if (chance(r, 50))
			put_random_attrs(r, m, c, 0);
		break;
	case 4:
		/* Oversized: one attribute near the 64 KiB limit. */
		put_attr(m, (uint16_t)below(r, HVCAPS_A_CHANNEL_MAX + 3),
			 0xffff - NLA_HDRLEN - below(r, 64));
		break;
	default:
		put_random_attrs(r, m, c, 0);
		break;
	}
	finish(m, off);
}

/*
 * Damage a built message the ways a hostile sender can: lying lengths,
 * truncation, flipped bytes, trailing garbage. Returns the datagram
 * length to send.
 */
static size_t corrupt(struct rng *r, struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	size_t len = m->len, attrs = NLMSG_HDRLEN + GENL_HDRLEN, off, k;
	struct nlattr *a;

	switch (below(r, 6)) {
	case 0:		/* nlmsg_len shorter than the message */
		nlh->nlmsg_len = below(r, (uint32_t)len);
		break;
	case 1:		/* nlmsg_len longer than the datagram */
		nlh->nlmsg_len = (uint32_t)len + 1 + below(r, 256);
		break;
	case 2:		/* the datagram cut short */
		len = below(r, (uint32_t)len);
		break;
	case 3:		/* a lying nla_len somewhere */
		for (off = attrs, k = below(r, 4); off + NLA_HDRLEN <= m->len;) {
			a = (struct nlattr *)(m->buf + off);
			if (!k-- || NLA_ALIGN(a->nla_len) < NLA_HDRLEN) {
				a->nla_len = chance(r, 50) ?
					(uint16_t)rnd(r) : (uint16_t)below(r, 8);
				break;
			}
			off += NLA_ALIGN(a->nla_len);
		}
		break;
	case 4:		/* flipped bytes past the netlink header */
		for (k = 1 + below(r, 4); k && len > NLMSG_HDRLEN; k--)
			m->buf[NLMSG_HDRLEN + below(r, (uint32_t)(len - NLMSG_HDRLEN))] ^=
				(uint8_t)(1 + below(r, 255));
		break;
	default:	/* unaligned trailing garbage counted in nlmsg_len */
		k = 1 + below(r, 7);
		if (m->len + k <= m->cap) {
			fill(r, m->buf + m->len, k);
			len = m->len + k;
			nlh->nlmsg_len = (uint32_t)len;
		}
		break;
	}
	return len;
}

/* --- Reading and judging answers --- */
struct verdict {
	bool got_error;			/* NLMSG_ERROR for a judged request */
	int error;
	int ndata;			/* data messages for it */
	bool bad_cmd;			/* a data message of another command */
	char bad[HV_ERRLEN];		/* first malformed answer */
};

/*
 * Check one answer message to the requests in S: well formed, an errno
 * in range, replies in the family's format. OPEN_DUMPS counts the dumps
 * of ours still running (a DONE, or an error inside a dump, ends one).
 */
static void judge_msg(const struct nlmsghdr *nlh, const struct sent *s,
		      const struct fuzz_ctx *c, struct verdict *v,
		      unsigned int *open_dumps)
{
	char why[HV_ERRLEN];
	bool ours = nlh->nlmsg_seq >= s->seq_lo && nlh->nlmsg_seq <= s->seq_hi;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
			hv_fmt(v->bad, sizeof(v->bad), "short NLMSG_ERROR (%u bytes)",
			       nlh->nlmsg_len);
			return;
		}
		if (e->error > 0 || e->error < -4095)
			hv_fmt(v->bad, sizeof(v->bad), "NLMSG_ERROR with error %d",
			       e->error);
		if (ours && s->judge) {
			v->got_error = true;
			v->error = e->error;
		}
		if (ours && (nlh->nlmsg_flags & NLM_F_MULTI) && *open_dumps)
			(*open_dumps)--;
		return;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (ours && *open_dumps)
			(*open_dumps)--;
		return;
	}
	if (!ours)
		return;
	if (nlh->nlmsg_type == (uint16_t)c->family) {
		const struct genlmsghdr *g = NLMSG_DATA(nlh);
		struct hv_channel ch = { 0 };
		struct hv_host h = { 0 };

		if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN)) {
			hv_fmt(v->bad, sizeof(v->bad), "reply without genl header");
			return;
		}
		if (g->cmd == HVCAPS_CMD_HOST_GET) {
			if (hv_parse_host(nlh, &h, why, sizeof(why)))
				hv_fmt(v->bad, sizeof(v->bad), "HOST_GET reply: %s", why);
		} else if (g->cmd == HVCAPS_CMD_CHANNEL_GET) {
			if (hv_parse_channel(nlh, &ch, why, sizeof(why)))
				hv_fmt(v->bad, sizeof(v->bad), "CHANNEL_GET reply: %s",
				       why);
			hv_chan_free(&ch);
		} else {
			hv_fmt(v->bad, sizeof(v->bad), "reply with command %u", g->cmd);
		}
		if (s->judge) {
			v->ndata++;
			if (g->cmd != s->cmd)
				v->bad_cmd = true;
		}
	}
}

/*
 * Read until the acked NOOP SYNC (0: none) arrives and no dump of ours
 * is left open. MAX_DATAGRAMS > 0 stops after that many (a reader that gives up
 * mid-dump). 0; 1 when the socket overran (ENOBUFS); -1 with WHY.
 */
static int read_answers(int fd, const struct sent *s, uint32_t sync,
			const struct fuzz_ctx *c, struct verdict *v,
			int max_datagrams, char *why, size_t n)
{
	static uint8_t buf[256 * 1024];
	unsigned int open_dumps = 0;
	uint32_t dump_seqs[8] = { 0 };
	unsigned int ndump = 0;
	bool synced = !sync;
	int got = 0;

	/* Without a SYNC to wait for, read at least one datagram. */
	while (!synced || open_dumps || !got) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct nlmsghdr *nlh;
		ssize_t len;
		int rem;

		if (max_datagrams && got >= max_datagrams)
			return 0;
		if (poll(&p, 1, REPLY_WAIT_MS) != 1) {
			hv_fmt(why, n, "no answer within %d ms (synced %d, open dumps %u)",
			       REPLY_WAIT_MS, synced, open_dumps);
			return -1;
		}
		len = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		/*
		 * The receive buffer overflowed (a small one, or an error
		 * ACK echoing a 64 KiB request): answers were dropped, as
		 * netlink does; the caller gives this socket up.
		 */
		if (len < 0 && errno == ENOBUFS)
			return 1;
		if (len < 0) {
			hv_fmt(why, n, "recv: %s", strerror(errno));
			return -1;
		}
		if ((size_t)len > sizeof(buf)) {
			hv_fmt(why, n, "a %zd byte datagram", len);
			return -1;
		}
		got++;
		rem = (int)len;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			bool ours = nlh->nlmsg_seq >= s->seq_lo &&
				    nlh->nlmsg_seq <= s->seq_hi;
			unsigned int i;

			if (sync && nlh->nlmsg_seq == sync) {
				if (nlh->nlmsg_type == NLMSG_ERROR)
					synced = true;
				continue;
			}
			/* A dump of ours starts with its first MULTI part. */
			if (ours && (nlh->nlmsg_flags & NLM_F_MULTI)) {
				for (i = 0; i < ndump; i++)
					if (dump_seqs[i] == nlh->nlmsg_seq)
						break;
				if (i == ndump && ndump < ARRAY_SIZE(dump_seqs)) {
					dump_seqs[ndump++] = nlh->nlmsg_seq;
					open_dumps++;
				}
			}
			judge_msg(nlh, s, c, v, &open_dumps);
		}
		if (rem) {
			hv_fmt(why, n, "%d bytes of a malformed message at the end of a datagram",
			       rem);
			return -1;
		}
	}
	return 0;
}

/* --- The bus changing under the requests --- */
struct churn {
	const struct hv_scenario *sc;
	bool *down;			/* device i rescinded by us */
	uint32_t sub_owner[NSUBS];	/* device index + 1 holding sub i */
	struct rng rng;
	atomic_bool stop;
	atomic_int actions, refused, errors;
	char err[HV_ERRLEN];
	pthread_mutex_t lock;
};

static void churn_fail(struct churn *c, const char *what, int ret)
{
	if (atomic_fetch_add(&c->errors, 1) == 0)
		hv_fmt(c->err, sizeof(c->err), "%s: %s", what, strerror(-ret));
}

static void churn_step(struct churn *c)
{
	size_t ndev = c->sc->chans.n, i = below(&c->rng, (uint32_t)ndev);
	const struct hv_channel *ch = &c->sc->chans.v[i];
	char line[8192], g[37];
	unsigned int k;
	int ret;

	hv_guid_fmt(ch->instance, g);
	pthread_mutex_lock(&c->lock);
	if (chance(&c->rng, 30) && !c->down[i]) {
		/* A sub-channel more, or one less. */
		k = below(&c->rng, NSUBS);
		if (c->sub_owner[k]) {
			snprintf(line, sizeof(line), "rescind-subchannel relid=%u\n",
				 SUB_RELID_BASE + k);
			ret = hv_double_write(line);
			if (ret)
				churn_fail(c, line, ret);
			c->sub_owner[k] = 0;
		} else {
			snprintf(line, sizeof(line),
				 "offer-subchannel instance=%s relid=%u cpu=%u\n",
				 g, SUB_RELID_BASE + k, below(&c->rng, 2));
			ret = hv_double_write(line);
			if (ret)
				churn_fail(c, line, ret);
			else
				c->sub_owner[k] = (uint32_t)i + 1;
		}
	} else if (!c->down[i]) {
		snprintf(line, sizeof(line), "rescind instance=%s\n", g);
		ret = hv_double_write(line);
		if (ret)
			churn_fail(c, line, ret);
		c->down[i] = true;
		/* Its sub-channels went with it. */
		for (k = 0; k < NSUBS; k++)
			if (c->sub_owner[k] == i + 1)
				c->sub_owner[k] = 0;
	} else {
		hv_offer_line(ch, line, sizeof(line));
		ret = hv_double_write(line);
		/*
		 * -EINVAL: the relid or instance is still in use (a reader
		 * holding a dump keeps the device; issue 10, defect 1): try
		 * again later; the end of the test requires it to succeed.
		 */
		if (ret == -EINVAL)
			atomic_fetch_add(&c->refused, 1);
		else if (ret)
			churn_fail(c, line, ret);
		else
			c->down[i] = false;
	}
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add(&c->actions, 1);
}

static void *churn_thread(void *arg)
{
	struct churn *c = arg;

	while (!atomic_load(&c->stop)) {
		churn_step(c);
		hv_sleep_ms((int)below(&c->rng, 4));
	}
	return NULL;
}

/*
 * Offer every device we rescinded again, once nothing holds them: each
 * must be accepted within 5 s. 0 or -1 with WHY.
 */
static int churn_restore(struct churn *c, char *why, size_t n)
{
	char line[8192];
	size_t i;

	for (i = 0; i < c->sc->chans.n; i++) {
		long long t0 = hv_now_ms();
		int ret;

		if (!c->down[i])
			continue;
		hv_offer_line(&c->sc->chans.v[i], line, sizeof(line));
		while ((ret = hv_double_write(line)) == -EINVAL &&
		       hv_now_ms() - t0 < 5000)
			hv_sleep_ms(10);
		if (ret) {
			hv_fmt(why, n, "re-offer after every reader closed: %s: %.300s",
			       strerror(-ret), line);
			return -1;
		}
		c->down[i] = false;
	}
	return 0;
}

/* --- The fixture --- */
FIXTURE(fuzz) {
	struct hv_nl nl;
	char skip[1024];
	bool open, dirty;
	struct hv_scenario sc;
	struct fuzz_ctx ctx;
	struct churn churn;
	pthread_t thread;
	bool running;
	int deaf, listener;		/* "events" sockets */
	uint64_t seed;
};

FIXTURE_SETUP(fuzz)
{
	char err[HV_ERRLEN];
	const char *path;

	self->deaf = self->listener = -1;
	self->seed = fuzz_seed();
	if (hv_setup_double(self->skip, sizeof(self->skip)))
		return;
	if (hv_setup_nl(&self->nl, self->skip, sizeof(self->skip)))
		return;
	self->open = true;
	self->ctx.family = self->nl.family;
	path = hv_default_scenario();
	if (!path) {
		hv_fmt(self->skip, sizeof(self->skip),
		       "no scenario (HVCAPS_SCENARIO): nothing to offer and rescind");
		return;
	}
	ASSERT_EQ(0, hv_scenario_parse_file(path, &self->sc, err, sizeof(err)))
		TH_LOG("%s", err);
	if (!self->sc.chans.n)
		hv_fmt(self->skip, sizeof(self->skip), "scenario %s has no devices",
		       path);
}

FIXTURE_TEARDOWN(fuzz)
{
	char err[HV_ERRLEN];

	if (self->running) {
		atomic_store(&self->churn.stop, true);
		pthread_join(self->thread, NULL);
	}
	if (self->deaf >= 0)
		close(self->deaf);
	if (self->listener >= 0)
		close(self->listener);
	free(self->churn.down);
	if (self->open)
		hv_nl_close(&self->nl);
	if (self->dirty && hv_restore_scenario(err, sizeof(err)))
		TH_LOG("restoring the scenario: %s", err);
	hv_scenario_free(&self->sc);
}

/* Load a generated scenario of NDEV devices in place of the run's. */
static void use_generated(struct __test_metadata *_metadata,
			  FIXTURE_DATA(fuzz) *self, unsigned int ndev)
{
	char err[HV_ERRLEN];
	char *text = hv_gen_scenario(ndev, 2, 100);
	struct hv_host h;

	ASSERT_NE(NULL, text);
	hv_scenario_free(&self->sc);
	memset(&self->sc, 0, sizeof(self->sc));
	ASSERT_EQ(0, hv_scenario_parse("generated", text, &self->sc, err,
				       sizeof(err))) TH_LOG("%s", err);
	self->dirty = true;
	ASSERT_EQ(0, hv_double_load_text("generated", text, err, sizeof(err)))
		TH_LOG("%s", err);
	free(text);
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 300000, &h, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(self->sc.chans.n, (size_t)h.device_count);
}

/* Start the bus churn and the two "events" listeners. */
static void start(struct __test_metadata *_metadata, FIXTURE_DATA(fuzz) *self)
{
	char err[HV_ERRLEN];
	uint32_t grp;
	size_t i;

	self->ctx.nguids = 0;
	for (i = 0; i < self->sc.chans.n && i < ARRAY_SIZE(self->ctx.guids); i++)
		memcpy(self->ctx.guids[self->ctx.nguids++],
		       self->sc.chans.v[i].instance, HVCAPS_GUID_LEN);
	self->churn.sc = &self->sc;
	self->churn.down = calloc(self->sc.chans.n, sizeof(bool));
	ASSERT_NE(NULL, self->churn.down);
	self->churn.rng.s = self->seed ^ 0x636875726e000000ull;
	pthread_mutex_init(&self->churn.lock, NULL);
	ASSERT_EQ(0, resolve_group(&self->nl, &grp, err, sizeof(err)))
		TH_LOG("%s", err);
	self->deaf = listener_open(grp, 4096);
	ASSERT_LE(0, self->deaf);
	self->listener = listener_open(grp, 1 << 20);
	ASSERT_LE(0, self->listener);
	self->dirty = true;
	ASSERT_EQ(0, pthread_create(&self->thread, NULL, churn_thread,
				    &self->churn));
	self->running = true;
	NOTE("seed %llu (HVCAPS_FUZZ_SEED=%llu reproduces the requests)\n",
		       (unsigned long long)self->seed,
		       (unsigned long long)self->seed);
}

/* Read what the listener has: every notification must be well formed. */
static void drain_listener(struct __test_metadata *_metadata,
			   FIXTURE_DATA(fuzz) *self)
{
	static uint8_t buf[64 * 1024];
	char why[HV_ERRLEN];
	ssize_t len;

	while ((len = recv(self->listener, buf, sizeof(buf), MSG_DONTWAIT)) != 0) {
		struct nlmsghdr *nlh;
		int rem;

		if (len < 0) {
			if (errno == ENOBUFS)
				continue;	/* overrun: allowed, go on */
			ASSERT_EQ(EAGAIN, errno);
			return;
		}
		rem = (int)len;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			const struct genlmsghdr *g = NLMSG_DATA(nlh);
			struct hv_channel ch = { 0 };

			ASSERT_EQ(self->ctx.family, nlh->nlmsg_type);
			ASSERT_EQ(HVCAPS_CMD_CHANNEL_NTF, g->cmd);
			ASSERT_EQ(0, hv_parse_channel(nlh, &ch, why, sizeof(why)))
				TH_LOG("notification: %s", why);
			hv_chan_free(&ch);
		}
		ASSERT_EQ(0, rem);
	}
}

/*
 * Stop the churn, restore the bus, and check the family still answers
 * and shows exactly the scenario.
 */
static void finish_and_check(struct __test_metadata *_metadata,
			     FIXTURE_DATA(fuzz) *self)
{
	char err[HV_ERRLEN];
	struct hv_reply r = { 0 };
	struct hv_host h;

	atomic_store(&self->churn.stop, true);
	pthread_join(self->thread, NULL);
	self->running = false;
	NOTE("bus: %d changes, %d re-offers refused while in use\n",
		       atomic_load(&self->churn.actions),
		       atomic_load(&self->churn.refused));
	ASSERT_EQ(0, atomic_load(&self->churn.errors))
		TH_LOG("the double refused a change: %s", self->churn.err);
	drain_listener(_metadata, self);
	ASSERT_EQ(0, churn_restore(&self->churn, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, hv_double_write("reset\n"));
	ASSERT_EQ(0, hv_restore_scenario(err, sizeof(err))) TH_LOG("%s", err);
	self->dirty = false;
	ASSERT_EQ(0, hv_wait_settled(&self->nl, 300000, &h, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, hv_channel_dump(&self->nl, &r)) TH_LOG("%s", r.bad);
	ASSERT_EQ(0, r.error);
	EXPECT_EQ((size_t)h.device_count, r.chans.n);
	hv_reply_free(&r);
}

/* Send M plus an acked NOOP, read everything, judge. 0 or -1 with WHY. */
static int exchange(int fd, struct fuzz_ctx *c, const uint8_t *buf,
		    size_t len, struct sent *s, struct verdict *v,
		    int max_datagrams, char *why, size_t n)
{
	struct nlmsghdr noop = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	int ret;

	ret = raw_send(fd, buf, len);
	/*
	 * The kernel may refuse a datagram outright; nothing to read then.
	 * An empty one always (af_netlink.c: "Zero length message").
	 */
	if (!len && ret != -ENODATA) {
		hv_fmt(why, n, "an empty datagram: %s, not ENODATA",
		       ret ? strerror(-ret) : "accepted");
		return -1;
	}
	if (ret && len && ret != -EINVAL && ret != -EMSGSIZE && ret != -ENOBUFS) {
		hv_fmt(why, n, "send: %s", strerror(-ret));
		return -1;
	}
	noop.nlmsg_seq = ++c->seq;
	ret = raw_send(fd, &noop, sizeof(noop));
	if (ret) {
		hv_fmt(why, n, "send NOOP: %s", strerror(-ret));
		return -1;
	}
	return read_answers(fd, s, noop.nlmsg_seq, c, v, max_datagrams, why, n);
}

/* The judgement of one honest request to the family. */
static int judge(const struct sent *s, const struct verdict *v, char *why,
		 size_t n)
{
	bool known = s->cmd == HVCAPS_CMD_HOST_GET ||
		     s->cmd == HVCAPS_CMD_CHANNEL_GET;

	if (v->bad[0]) {
		hv_fmt(why, n, "%s", v->bad);
		return -1;
	}
	if (!(s->flags & NLM_F_REQUEST))
		return 0;
	if (v->bad_cmd) {
		hv_fmt(why, n, "a reply to command %u carries another command",
		       s->cmd);
		return -1;
	}
	if (!known && (!v->got_error || !v->error || v->ndata)) {
		hv_fmt(why, n, "unknown command %u: %d replies, %s %d", s->cmd,
		       v->ndata, v->got_error ? "error" : "no error", v->error);
		return -1;
	}
	if (known && !v->ndata && !(v->got_error && v->error) &&
	    !((s->flags & NLM_F_DUMP) && s->cmd == HVCAPS_CMD_CHANNEL_GET)) {
		hv_fmt(why, n, "command %u: neither a reply nor an error", s->cmd);
		return -1;
	}
	return 0;
}

TEST_F_TIMEOUT(fuzz, every_command_flag_version, 3600)
{
	static const uint8_t versions[] = { 0, 1, 2, 255 };
	static const uint16_t bits[] = { NLM_F_REQUEST, NLM_F_ACK, NLM_F_ECHO,
					 NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
					 NLM_F_DUMP_FILTERED };
	static uint8_t buf[4096];
	unsigned int cmds[HVCAPS_CMD_MAX + 4], ncmd = 0, ci, vi, combo, b;
	char why[HV_ERRLEN];
	int fd, ret, count = 0, overruns = 0;

	HV_CHECK_SKIP();
	start(_metadata, self);
	for (ci = 0; ci <= HVCAPS_CMD_MAX + 2; ci++)
		cmds[ncmd++] = ci;
	cmds[ncmd++] = 255;
	fd = raw_open(0);
	ASSERT_LE(0, fd);
	for (ci = 0; ci < ncmd; ci++)
		for (vi = 0; vi < ARRAY_SIZE(versions); vi++)
			for (combo = 0; combo < 1u << ARRAY_SIZE(bits); combo++) {
				struct msg m = { .buf = buf, .cap = sizeof(buf) };
				struct verdict v = { 0 };
				struct sent s = { .judge = true, .to_family = true };
				uint16_t flags = 0;
				size_t off;

				for (b = 0; b < ARRAY_SIZE(bits); b++)
					if (combo & (1u << b))
						flags |= bits[b];
				s.cmd = (uint8_t)cmds[ci];
				s.flags = flags;
				s.seq_lo = s.seq_hi = ++self->ctx.seq;
				off = put_headers(&m, (uint16_t)self->ctx.family,
						  flags, s.seq_lo, s.cmd,
						  versions[vi], 0);
				/* A do CHANNEL_GET needs its instance. */
				if (s.cmd == HVCAPS_CMD_CHANNEL_GET &&
				    !(flags & NLM_F_DUMP) && self->ctx.nguids) {
					struct nlattr *a = put_attr(&m,
						HVCAPS_A_CHANNEL_INSTANCE,
						HVCAPS_GUID_LEN);

					memcpy(a + 1, self->ctx.guids[count %
						self->ctx.nguids], HVCAPS_GUID_LEN);
				}
				finish(&m, off);
				ret = exchange(fd, &self->ctx, m.buf, m.len, &s, &v,
					       0, why, sizeof(why));
				ASSERT_LE(0, ret)
					TH_LOG("cmd %u version %u flags 0x%x: %s",
					       s.cmd, versions[vi], flags, why);
				if (ret) {
					/* Overrun: answers lost; start afresh. */
					close(fd);
					fd = raw_open(0);
					ASSERT_LE(0, fd);
					overruns++;
					continue;
				}
				ASSERT_EQ(0, judge(&s, &v, why, sizeof(why)))
					TH_LOG("cmd %u version %u flags 0x%x: %s",
					       s.cmd, versions[vi], flags, why);
				count++;
			}
	close(fd);
	NOTE("%d requests, %d overruns\n", count, overruns);
	finish_and_check(_metadata, self);
}

TEST_F_TIMEOUT(fuzz, random_requests, 3600)
{
	static uint8_t buf[MSG_MAX];
	int iters = fuzz_iters(), i, fd, ret, closed = 0, reopened = 0;
	int overruns = 0;
	int errors[136] = { 0 }, corrupted = 0, batched = 0;
	char why[HV_ERRLEN];

	HV_CHECK_SKIP();
	start(_metadata, self);
	NOTE("%d requests\n", iters);
	fd = raw_open(0);
	ASSERT_LE(0, fd);
	for (i = 0; i < iters; i++) {
		/* Request I depends on the seed and I only. */
		struct rng r = { .s = self->seed ^ ((uint64_t)i * 0x2545f4914f6cdd1dull) };
		struct msg m = { .buf = buf, .cap = sizeof(buf) };
		struct verdict v = { 0 };
		struct sent s = { 0 };
		unsigned int nmsg = chance(&r, 10) ? 2 + below(&r, 3) : 1, k;
		size_t len;
		int max = 0;

		rnd(&r);
		s.seq_lo = self->ctx.seq + 1;
		for (k = 0; k < nmsg; k++) {
			self->ctx.seq++;
			put_random_request(&r, &m, &self->ctx, &s);
		}
		s.seq_hi = self->ctx.seq;
		s.judge = nmsg == 1 && s.to_family;
		len = m.len;
		if (chance(&r, 30)) {
			len = corrupt(&r, &m);
			s.judge = false;
			corrupted++;
		}
		batched += nmsg > 1;
		/* Now and then a reader that gives up after a datagram. */
		if (chance(&r, 5))
			max = 1;
		ret = exchange(fd, &self->ctx, m.buf, len, &s, &v, max, why,
			       sizeof(why));
		ASSERT_LE(0, ret)
			TH_LOG("request %d (seed %llu): %s", i,
			       (unsigned long long)self->seed, why);
		if (ret) {
			overruns++;
			max = 1;	/* give the socket up */
		} else if (s.judge)
			ASSERT_EQ(0, judge(&s, &v, why, sizeof(why)))
				TH_LOG("request %d (seed %llu): %s", i,
				       (unsigned long long)self->seed, why);
		if (v.got_error && -v.error < (int)ARRAY_SIZE(errors))
			errors[-v.error]++;
		if (max) {
			close(fd);
			closed++;
		}
		if (max || chance(&r, 1)) {
			fd = raw_open(chance(&r, 50) ? 0 : 2048 + (int)below(&r, 16384));
			ASSERT_LE(0, fd);
			reopened++;
		}
		if (i % 500 == 499) {
			struct hv_reply hr = { 0 };

			drain_listener(_metadata, self);
			ASSERT_EQ(0, hv_host_get(&self->nl, &hr)) TH_LOG("%s", hr.bad);
			ASSERT_EQ(0, hr.error) TH_LOG("HOST_GET after %d requests", i + 1);
			hv_reply_free(&hr);
		}
	}
	close(fd);
	NOTE("%d corrupted, %d batched, %d sockets closed unread, %d opened, %d overruns\n",
	     corrupted, batched, closed, reopened, overruns);
	for (i = 0; i < (int)ARRAY_SIZE(errors); i++)
		if (errors[i])
			NOTE("  %5d answers with error %d (%s)\n",
				       errors[i], -i, i ? strerror(i) : "none");
	finish_and_check(_metadata, self);
}

TEST_F_TIMEOUT(fuzz, abandoned_dumps, 3600)
{
	int pool[NPOOL], iters = fuzz_iters() / 10, i, k;
	int closed = 0, held = 0, completed = 0, busy = 0, overruns = 0, ret;
	int lost = 0;
	static uint8_t buf[512];
	struct rng r;
	char why[HV_ERRLEN];

	HV_CHECK_SKIP();
	use_generated(_metadata, self, 256);
	start(_metadata, self);
	r.s = self->seed ^ 0x64756d7073ull;
	for (k = 0; k < NPOOL; k++)
		pool[k] = -1;
	NOTE("%d dumps\n", iters);
	for (i = 0; i < iters; i++) {
		struct msg m = { .buf = buf, .cap = sizeof(buf) };
		struct verdict v = { 0 };
		struct sent s = { 0 };
		bool policy = chance(&r, 15);
		int fd, what = (int)below(&r, 3), max;
		size_t off;

		fd = raw_open(chance(&r, 80) ? 256 + (int)below(&r, 8192) : 0);
		ASSERT_LE(0, fd);
		s.seq_lo = s.seq_hi = ++self->ctx.seq;
		if (policy) {
			struct nlattr *a;

			off = put_headers(&m, GENL_ID_CTRL,
					  NLM_F_REQUEST | NLM_F_DUMP, s.seq_lo,
					  CTRL_CMD_GETPOLICY, 1, 0);
			a = put_attr(&m, CTRL_ATTR_FAMILY_NAME,
				     sizeof(HVCAPS_GENL_NAME));
			memcpy(a + 1, HVCAPS_GENL_NAME, sizeof(HVCAPS_GENL_NAME));
		} else {
			off = put_headers(&m, (uint16_t)self->ctx.family,
					  NLM_F_REQUEST | NLM_F_DUMP |
					  (chance(&r, 50) ? NLM_F_ACK : 0),
					  s.seq_lo, HVCAPS_CMD_CHANNEL_GET,
					  HVCAPS_GENL_VERSION, 0);
		}
		finish(&m, off);
		/* Read 1 to 3 datagrams, or all of it. */
		max = what == 2 ? 0 : 1 + (int)below(&r, 3);
		/*
		 * No acked NOOP behind a dump here: on a tiny buffer its ACK
		 * would overrun the socket; a dump part waits for room.
		 */
		ASSERT_EQ(0, raw_send(fd, m.buf, m.len));
		ret = read_answers(fd, &s, 0, &self->ctx, &v, max, why,
				   sizeof(why));
		ASSERT_LE(0, ret)
			TH_LOG("dump %d (seed %llu): %s", i,
			       (unsigned long long)self->seed, why);
		ASSERT_EQ(0, v.bad[0]) TH_LOG("dump %d: %s", i, v.bad);
		if (ret) {
			/* Overrun on a tiny buffer: the reader gives up. */
			close(fd);
			overruns++;
		} else if (what == 2) {
			completed++;
			close(fd);
		} else if (what == 0) {
			close(fd);
			closed++;
		} else {
			/* Keep it, half-read; a held socket may be asked again. */
			k = (int)below(&r, NPOOL);
			if (pool[k] >= 0)
				close(pool[k]);
			pool[k] = fd;
			held++;
		}
		k = (int)below(&r, NPOOL);
		if (pool[k] >= 0 && chance(&r, 10)) {
			/* A second dump while one is in progress. */
			struct msg m2 = { .buf = buf, .cap = sizeof(buf) };
			struct nlmsghdr *nlh;
			static char ans[64 * 1024];
			int n, rem, err;
			ssize_t len;

			off = put_headers(&m2, (uint16_t)self->ctx.family,
					  NLM_F_REQUEST | NLM_F_DUMP, ++self->ctx.seq,
					  HVCAPS_CMD_CHANNEL_GET,
					  HVCAPS_GENL_VERSION, 0);
			finish(&m2, off);
			ASSERT_EQ(0, raw_send(pool[k], m2.buf, m2.len));
			/*
			 * Its answer comes behind the parts of the old dump
			 * already queued: EBUSY while the old one runs, or
			 * the new dump if the old one had ended. Or nothing:
			 * an ACK that finds the buffer full while the socket
			 * is still congested from an earlier overrun is
			 * dropped without a new ENOBUFS (netlink_overrun()).
			 */
			for (n = 0; n < 64; n++) {
				struct pollfd p = { .fd = pool[k], .events = POLLIN };

				if (poll(&p, 1, 2000) != 1) {
					lost++;
					break;
				}
				len = recv(pool[k], ans, sizeof(ans), 0);
				if (len < 0 && errno == ENOBUFS)
					break;
				ASSERT_LT(0, len) TH_LOG("recv: %s", strerror(errno));
				nlh = (struct nlmsghdr *)ans;
				rem = (int)len;
				for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem))
					if (nlh->nlmsg_seq == self->ctx.seq)
						break;
				if (!NLMSG_OK(nlh, rem))
					continue;
				if (nlh->nlmsg_type == NLMSG_ERROR) {
					err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
					ASSERT_EQ(-EBUSY, err);
					busy++;
				} else {
					ASSERT_NE(0, nlh->nlmsg_flags & NLM_F_MULTI);
				}
				break;
			}
		}
		if (i % 100 == 99)
			drain_listener(_metadata, self);
	}
	for (k = 0; k < NPOOL; k++)
		if (pool[k] >= 0)
			close(pool[k]);
	NOTE("%d dumps closed mid-way, %d held half-read, %d read to the end, %d overruns\n",
	     closed, held, completed, overruns);
	NOTE("second dumps on a busy socket: %d EBUSY, %d answers dropped (congested)\n",
	     busy, lost);
	finish_and_check(_metadata, self);
}

TEST_HARNESS_MAIN
