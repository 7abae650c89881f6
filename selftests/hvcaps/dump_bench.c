// SPDX-License-Identifier: GPL-2.0
/*
 * dump_bench [N] [LABEL]: how long hvcaps.ko takes to answer what
 * `hvcaps list` asks (a HOST_GET, then a CHANNEL_GET dump), in a guest
 * with hvcaps.ko and the double (scripts/bench-dump runs it). Prints one
 * line: "LABEL devices N host <median> <p99> dump <median> <p99> both
 * <median> <p99>" in microseconds.
 *
 * The messages are read 32 KiB at a time, as the CLI reads them
 * (user/load/source_netlink.c), and not parsed beyond their headers: the
 * time is the kernel's (the requests, every dump part, the copies to the
 * socket) and the system calls', not the client's. A dump flagged
 * NLM_F_DUMP_INTR or ending in an error fails the run: the bench times
 * honest dumps of a VMBus that stands still. The first 10% of the rounds
 * (at least 5) warm up and are not counted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

#define BUF_SIZE 32768

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * One request of CMD (a dump if DUMP), read to its end: NLMSG_DONE, or the
 * ACK that NLM_F_ACK asks for after a do request's reply, so that nothing
 * of this request is left to be read inside the next one's time. The
 * number of data messages, or -1 with a message on stderr.
 */
static int request(int fd, int family, uint8_t cmd, int dump, uint32_t seq)
{
	static char buf[BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = (uint16_t)family,
			.nlmsg_flags = NLM_F_REQUEST |
				       (dump ? NLM_F_DUMP : NLM_F_ACK),
			.nlmsg_seq = seq,
		},
		.gh = { .cmd = cmd, .version = HVCAPS_GENL_VERSION },
	};
	int msgs = 0;

	if (send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req)) {
		perror("dump_bench: send");
		return -1;
	}
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		if (len < 0) {
			perror("dump_bench: recv");
			return -1;
		}
		for (; NLMSG_OK(nlh, (size_t)len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
				fprintf(stderr, "dump_bench: NLM_F_DUMP_INTR: the bus changed\n");
				return -1;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error) {
					fprintf(stderr, "dump_bench: %s\n",
						strerror(-e->error));
					return -1;
				}
				return msgs;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = *(int *)NLMSG_DATA(nlh);

				if (err) {
					fprintf(stderr, "dump_bench: dump: %s\n",
						strerror(-err));
					return -1;
				}
				return msgs;
			}
			msgs++;
		}
	}
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Median and p99 of V[0..N), in microseconds; sorts V. */
static void stats(long long *v, unsigned int n, double *med, double *p99)
{
	unsigned int i99 = (n * 99 + 99) / 100;

	qsort(v, n, sizeof(*v), cmp_ll);
	*med = (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) / 1e3;
	*p99 = v[(i99 ? i99 : 1) - 1] / 1e3;
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 200;
	const char *label = argc > 2 ? argv[2] : "hvcaps";
	unsigned int warm = n / 10 > 5 ? n / 10 : 5, i, k = 0;
	long long *host, *dump, *both;
	double hm, hp, dm, dp, bm, bp;
	int fd, devices = -1;
	char err[256];
	struct hv_nl nl;
	uint32_t seq = 1;

	if (!n) {
		fprintf(stderr, "usage: dump_bench [N > 0] [LABEL]\n");
		return 2;
	}
	if (hv_nl_open(&nl, err, sizeof(err))) {
		fprintf(stderr, "dump_bench: %s\n", err);
		return 1;
	}
	fd = hv_nl_fd(&nl);
	host = calloc(n, sizeof(*host));
	dump = calloc(n, sizeof(*dump));
	both = calloc(n, sizeof(*both));
	if (!host || !dump || !both) {
		fprintf(stderr, "dump_bench: out of memory\n");
		return 1;
	}
	for (i = 0; i < n + warm; i++) {
		long long t0 = now_ns(), t1, t2;
		int d;

		if (request(fd, nl.family, HVCAPS_CMD_HOST_GET, 0, seq++) != 1)
			return 1;
		t1 = now_ns();
		d = request(fd, nl.family, HVCAPS_CMD_CHANNEL_GET, 1, seq++);
		t2 = now_ns();
		if (d < 0)
			return 1;
		if (devices >= 0 && d != devices) {
			fprintf(stderr, "dump_bench: %d devices, then %d\n",
				devices, d);
			return 1;
		}
		devices = d;
		if (i < warm)
			continue;
		host[k] = t1 - t0;
		dump[k] = t2 - t1;
		both[k] = t2 - t0;
		k++;
	}
	stats(host, n, &hm, &hp);
	stats(dump, n, &dm, &dp);
	stats(both, n, &bm, &bp);
	printf("%s devices %d host %.1f %.1f dump %.1f %.1f both %.1f %.1f\n",
	       label, devices, hm, hp, dm, dp, bm, bp);
	hv_nl_close(&nl);
	free(host);
	free(dump);
	free(both);
	return 0;
}
