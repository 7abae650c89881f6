/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .vmbus scenario files (the VMBus double's control syntax) parsed into
 * the channel structs of chan.h, and loaded into the double.
 */
#ifndef HVCAPS_SELFTEST_SCENARIO_H
#define HVCAPS_SELFTEST_SCENARIO_H

#include "chan.h"

#define HV_DOUBLE_DIR "/sys/kernel/debug/vmbus_double"
#define HV_DOUBLE_CONTROL HV_DOUBLE_DIR "/control"
#define HV_DOUBLE_STATE HV_DOUBLE_DIR "/state"

/* The double's limits (and Hyper-V's). */
#define HV_RELID_LIMIT 16384
#define HV_MAX_SUBCHANNELS 256

struct hv_scenario {
	bool has_version;
	uint32_t version;	/* major << 16 | minor */
	struct hv_chans chans;	/* the offers left after every line, in order */
};

/*
 * Parse a scenario (NAME is used in messages) the way the double does.
 * 0, or -1 with "name:line: reason" in ERR. Defaults of an offer: cpu 0,
 * flags 0, mmio 0, dedicated 0, no monitor; sub-channel indexes count
 * from 1 in the order listed; "reset" keeps the version. What the double
 * checks against the running system (online CPUs, released relids) is
 * left to it.
 */
int hv_scenario_parse(const char *name, const char *text,
		      struct hv_scenario *sc, char *err, size_t n);
int hv_scenario_parse_file(const char *path, struct hv_scenario *sc,
			   char *err, size_t n);
void hv_scenario_free(struct hv_scenario *sc);

/* The offer line that creates CH again. */
void hv_offer_line(const struct hv_channel *ch, char *buf, size_t size);

/* The double's control file exists (and is writable). */
bool hv_double_present(void);
/* Write one command to the control file. 0 or -errno. */
int hv_double_write(const char *cmd);
/*
 * "reset", then every line of the scenario file at PATH, one write each.
 * 0, or -1 with "path:line: ..." in ERR.
 */
int hv_double_load_file(const char *path, char *err, size_t n);
/* The same for text in memory. */
int hv_double_load_text(const char *name, const char *text, char *err,
			size_t n);
/*
 * The scenario the test run started with ($HVCAPS_SCENARIO), or NULL.
 */
const char *hv_default_scenario(void);

#endif
