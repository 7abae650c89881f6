// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sysfs.h"
#include "testutil.h"

#define WHY(...) hv_fmt(err, n, __VA_ARGS__)

long long hv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hv_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

int hv_wait_settled(struct hv_nl *nl, int timeout_ms, struct hv_host *host,
		    char *err, size_t n)
{
	long long end = hv_now_ms() + timeout_ms, since = 0;
	uint32_t last_gen = 0;
	bool have_last = false;
	char why[HV_ERRLEN] = "";

	for (;;) {
		struct hv_reply r;
		struct hv_chans sys;
		size_t devs, chans;

		if (hv_sysfs_read(&sys, why, sizeof(why))) {
			/* sysfs may change under us while the bus settles */
			have_last = false;
			goto again;
		}
		devs = sys.n;
		chans = hv_chans_count_channels(&sys);
		hv_chans_free(&sys);
		if (hv_host_get(nl, &r) || r.error || r.bad[0]) {
			WHY("HOST_GET failed: %s%s", r.error ?
			    strerror(r.error) : "", r.bad);
			hv_reply_free(&r);
			return -1;
		}
		*host = r.host;
		hv_reply_free(&r);
		if (host->device_count == devs && host->channel_count == chans &&
		    (!devs || host->vmbus_present)) {
			if (!have_last || last_gen != host->generation) {
				have_last = true;
				last_gen = host->generation;
				since = hv_now_ms();
			} else if (hv_now_ms() - since > HV_SETTLE_MS) {
				return 0;
			}
		} else {
			have_last = false;
			hv_fmt(why, sizeof(why),
				 "hvcaps counts %u devices/%u channels, sysfs %zu/%zu",
				 host->device_count, host->channel_count, devs,
				 chans);
		}
again:
		if (hv_now_ms() > end) {
			WHY("not settled after %d ms: %s", timeout_ms, why);
			return -1;
		}
		hv_sleep_ms(100);
	}
}

int hv_restore_scenario(char *err, size_t n)
{
	const char *sc = hv_default_scenario();

	if (sc)
		return hv_double_load_file(sc, err, n);
	if (hv_double_write("reset\n")) {
		WHY("reset failed");
		return -1;
	}
	return 0;
}

char *hv_gen_scenario(unsigned int ndev, unsigned int subs,
		      unsigned int relid_base)
{
	size_t size = 64 + (size_t)ndev * (200 + subs * 16), off;
	char *buf = malloc(size);
	unsigned int i, j, relid = relid_base;

	if (!buf)
		return NULL;
	off = (size_t)snprintf(buf, size, "# generated: %u NICs, %u sub-channels each\nversion 5.2\n",
			       ndev, subs);
	for (i = 0; i < ndev; i++) {
		off += (size_t)snprintf(buf + off, size - off,
					"offer class=f8615163-df3e-46c5-913f-f2d2f965ed0e instance=5e1f0000-0000-4000-8000-%012x relid=%u cpu=0",
					i, relid++);
		for (j = 0; j < subs; j++)
			off += (size_t)snprintf(buf + off, size - off, "%s%u:0",
						j ? "," : " subchannels=",
						relid++);
		off += (size_t)snprintf(buf + off, size - off, "\n");
	}
	return buf;
}

const char *hv_top(void)
{
	const char *t = getenv("HVCAPS_TOP");

	return t && *t ? t : ".";
}

bool hv_double_usable(char *why, size_t n)
{
	if (geteuid() != 0) {
		hv_fmt(why, n, "not root");
		return false;
	}
	if (!hv_double_present()) {
		hv_fmt(why, n, "%s missing (real-bus mode, or vmbus_double.ko not loaded)",
		       HV_DOUBLE_CONTROL);
		return false;
	}
	return true;
}
