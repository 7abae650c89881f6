// SPDX-License-Identifier: GPL-2.0
/*
 * events_bench [N]: how long an hvcaps event takes from the VMBus double's
 * offer to a listener, in a guest with hvcaps.ko and the double
 * (scripts/bench-events runs it). Prints one table row.
 *
 * A listener thread blocks in recv() on the "events" group; the main
 * thread offers a device (one write() of an "offer" line to the double's
 * control file), waits for its ADD notification, then rescinds it and
 * waits for its REMOVE. For each offer, two latencies end at the moment
 * recv() returned in the listener (CLOCK_MONOTONIC):
 *
 *  - "kernel": from the double's ktime_get_ns() just before it calls
 *    device_register() (debugfs last_register_ns), i.e. through
 *    device_add(), the bus notifier, hvcaps' message and multicast, the
 *    socket, and the listener's wakeup;
 *  - "write": from just before the write() to the control file, which
 *    adds the parsing of the line and the channel set-up of the double.
 *
 * The first 2% of the runs (at least 10) warm up and are not counted.
 *
 * Sub-channels raise no bus event: hvcaps reports them from a poll every
 * HVCAPS_POLL_MS while someone listens (kmod/events.c). Every
 * SUB_EVERY-th device also gets a sub-channel offered and rescinded
 * ("offer-subchannel", "rescind-subchannel" lines), each timed from just
 * before its write() to the SUBCHANNELS notification (the double keeps
 * no kernel timestamp for them): a second row, whose latency is mostly
 * the wait for the next poll, so roughly uniform over the period.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "../../kmod/hvcaps_poll.h"
#include "mcast.h"
#include "scenario.h"

#define LAST_REGISTER HV_DOUBLE_DIR "/last_register_ns"
#define RELID 3950
#define SUB_RELID 4150
#define SUB_EVERY 5

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The last notification seen by the listener: its event and arrival. */
struct seen {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long count;
	uint32_t event;
	uint8_t instance[HVCAPS_GUID_LEN];
	long long at;
	char fail[HV_ERRLEN];
};

static struct seen seen = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};
static int lfd = -1;

static void *listener(void *arg)
{
	static char buf[1 << 20];
	char why[HV_ERRLEN];

	(void)arg;
	for (;;) {
		ssize_t len = recv(lfd, buf, sizeof(buf), 0);
		long long at = now_ns();
		struct nlmsghdr *nlh;

		if (len < 0) {
			pthread_mutex_lock(&seen.lock);
			hv_fmt(seen.fail, sizeof(seen.fail), "recv: %s",
			       strerror(errno));
			pthread_cond_signal(&seen.cond);
			pthread_mutex_unlock(&seen.lock);
			return NULL;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			struct hv_channel ch = {};

			if (hv_parse_channel(nlh, &ch, why, sizeof(why)))
				continue;
			pthread_mutex_lock(&seen.lock);
			seen.count++;
			seen.event = ch.event;
			memcpy(seen.instance, ch.instance, HVCAPS_GUID_LEN);
			seen.at = at;
			pthread_cond_signal(&seen.cond);
			pthread_mutex_unlock(&seen.lock);
			hv_chan_free(&ch);
		}
	}
}

/* Wait for EVENT on INST; its arrival time, or -1 after 10 s. */
static long long wait_event(uint32_t event, const uint8_t *inst)
{
	struct timespec dl;
	long long at = -1;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 10;
	pthread_mutex_lock(&seen.lock);
	while (!seen.fail[0] &&
	       !(seen.event == event && !memcmp(seen.instance, inst, 16)))
		if (pthread_cond_timedwait(&seen.cond, &seen.lock, &dl))
			break;
	if (seen.event == event && !memcmp(seen.instance, inst, 16))
		at = seen.at;
	seen.event = 0;
	pthread_mutex_unlock(&seen.lock);
	return at;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Write LINE to the control file, wait for EVENT on INST: ns, or -1. */
static long long timed(int cfd, const char *line, uint32_t event,
		       const uint8_t *inst)
{
	long long t0 = now_ns(), t1;

	if (write(cfd, line, strlen(line)) < 0) {
		fprintf(stderr, "events_bench: %s: %s\n", line, strerror(errno));
		return -1;
	}
	t1 = wait_event(event, inst);
	return t1 < 0 ? -1 : t1 - t0;
}

/* The Q-quantile (nearest rank) of the N sorted values of V. */
static long long quantile(const long long *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)n + 0.999999);

	return v[i ? i - 1 : 0];
}

static void fmt_us(char *buf, size_t n, long long ns)
{
	if (ns >= 10000000)
		snprintf(buf, n, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, n, "%lld us", (ns + 500) / 1000);
}

/* The number in a debugfs attribute (not seekable: opened each time). */
static long long read_ll(const char *path)
{
	char buf[32];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return -1;
	buf[r] = 0;
	return strtoll(buf, NULL, 10);
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 1000;
	unsigned int warm = n / 50 > 10 ? n / 50 : 10, i, m = 0;
	long long *k_lat, *w_lat, *r_lat, *so_lat, *sr_lat;
	unsigned int ms = 0;
	char err[HV_ERRLEN], line[256], inst[40];
	char a[32], b[32], c[32], d[32], e[32], f[32];
	uint8_t g[HVCAPS_GUID_LEN];
	struct utsname u;
	struct hv_nl nl;
	pthread_t t;
	uint32_t grp;
	int cfd;

	if (!n) {
		fprintf(stderr, "usage: %s [N]\n", argv[0]);
		return 2;
	}
	if (hv_nl_open(&nl, err, sizeof(err)) ||
	    resolve_group(&nl, &grp, err, sizeof(err))) {
		fprintf(stderr, "events_bench: %s\n", err);
		return 4;
	}
	hv_nl_close(&nl);
	lfd = listener_open(grp, 8 << 20);
	cfd = open(HV_DOUBLE_CONTROL, O_WRONLY | O_CLOEXEC);
	if (lfd < 0 || cfd < 0 || read_ll(LAST_REGISTER) < 0) {
		fprintf(stderr, "events_bench: %s: %s\n",
			lfd < 0 ? "listener" : cfd < 0 ? HV_DOUBLE_CONTROL :
			LAST_REGISTER, strerror(lfd < 0 ? -lfd : errno));
		return 4;
	}
	k_lat = calloc(n, sizeof(*k_lat));
	w_lat = calloc(n, sizeof(*w_lat));
	r_lat = calloc(n, sizeof(*r_lat));
	so_lat = calloc(n / SUB_EVERY + 1, sizeof(*so_lat));
	sr_lat = calloc(n / SUB_EVERY + 1, sizeof(*sr_lat));
	if (!k_lat || !w_lat || !r_lat || !so_lat || !sr_lat ||
	    pthread_create(&t, NULL, listener, NULL))
		return 1;
	/* Let hvcaps' poller notice the listener (see kmod/events.c). */
	sleep(2);

	for (i = 0; i < n + warm; i++) {
		long long t0, tk, t1, tr;

		snprintf(inst, sizeof(inst), "5eb00000-0000-4000-8000-%012x", i);
		hv_guid_parse(inst, g);
		snprintf(line, sizeof(line),
			 "offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=%s relid=%u\n",
			 inst, RELID + i % 8);
		t0 = now_ns();
		if (write(cfd, line, strlen(line)) < 0) {
			fprintf(stderr, "events_bench: %s: %s\n", line,
				strerror(errno));
			return 1;
		}
		t1 = wait_event(HVCAPS_EVENT_ADD, g);
		tk = read_ll(LAST_REGISTER);
		if (t1 >= 0 && i >= warm && (i - warm) % SUB_EVERY == 0) {
			long long so, sr;

			snprintf(line, sizeof(line),
				 "offer-subchannel instance=%s relid=%u cpu=0\n",
				 inst, SUB_RELID + i % 8);
			so = timed(cfd, line, HVCAPS_EVENT_SUBCHANNELS, g);
			snprintf(line, sizeof(line),
				 "rescind-subchannel relid=%u\n",
				 SUB_RELID + i % 8);
			sr = so < 0 ? -1 :
			     timed(cfd, line, HVCAPS_EVENT_SUBCHANNELS, g);
			if (so < 0 || sr < 0) {
				fprintf(stderr, "events_bench: no SUBCHANNELS event for device %u%s%s\n",
					i, seen.fail[0] ? ": " : "", seen.fail);
				return 1;
			}
			so_lat[ms] = so;
			sr_lat[ms] = sr;
			ms++;
		}
		snprintf(line, sizeof(line), "rescind instance=%s\n", inst);
		tr = now_ns();
		if (write(cfd, line, strlen(line)) < 0)
			return 1;
		tr = wait_event(HVCAPS_EVENT_REMOVE, g) - tr;
		if (t1 < 0 || tr < 0 || tk <= 0) {
			fprintf(stderr, "events_bench: no event for offer %u%s%s\n",
				i, seen.fail[0] ? ": " : "", seen.fail);
			return 1;
		}
		if (i < warm)
			continue;
		k_lat[m] = t1 - tk;
		w_lat[m] = t1 - t0;
		r_lat[m] = tr;
		m++;
	}
	qsort(k_lat, m, sizeof(*k_lat), cmp_ll);
	qsort(w_lat, m, sizeof(*w_lat), cmp_ll);
	qsort(r_lat, m, sizeof(*r_lat), cmp_ll);
	fmt_us(a, sizeof(a), quantile(k_lat, m, 0.5));
	fmt_us(b, sizeof(b), quantile(k_lat, m, 0.99));
	fmt_us(c, sizeof(c), quantile(w_lat, m, 0.5));
	fmt_us(d, sizeof(d), quantile(w_lat, m, 0.99));
	fmt_us(e, sizeof(e), quantile(r_lat, m, 0.5));
	fmt_us(f, sizeof(f), quantile(r_lat, m, 0.99));
	uname(&u);
	printf("| event latency, double's offer -> listener | %s | %u | %s | %s | write(): %s / %s; rescind: %s / %s |\n",
	       u.release, m, a, b, c, d, e, f);
	qsort(so_lat, ms, sizeof(*so_lat), cmp_ll);
	qsort(sr_lat, ms, sizeof(*sr_lat), cmp_ll);
	fmt_us(a, sizeof(a), quantile(so_lat, ms, 0.5));
	fmt_us(b, sizeof(b), quantile(so_lat, ms, 0.99));
	fmt_us(c, sizeof(c), quantile(sr_lat, ms, 0.5));
	fmt_us(d, sizeof(d), quantile(sr_lat, ms, 0.99));
	printf("| sub-channel event latency, offer-subchannel write() -> SUBCHANNELS | %s | %u | %s | %s | rescind-subchannel: %s / %s (poll every %d ms) |\n",
	       u.release, ms, a, b, c, d, HVCAPS_POLL_MS);
	return 0;
}
