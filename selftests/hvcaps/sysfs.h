/* SPDX-License-Identifier: GPL-2.0 */
/* /sys/bus/vmbus/devices read into the channel structs of chan.h. */
#ifndef HVCAPS_SELFTEST_SYSFS_H
#define HVCAPS_SELFTEST_SYSFS_H

#include "chan.h"

#define HV_SYSFS_DEVICES "/sys/bus/vmbus/devices"

/*
 * Fill OUT with every device: instance (directory name and device_id),
 * class, relid (id), target cpu, monitor id (the file exists only when a
 * monitor is allocated), vendor, device, numa node, driver, and the
 * sub-channels from channels/<relid>/, checked against channel_vp_mapping.
 * 0, or -1 with ERR.
 * A missing bus reads as no device.
 */
int hv_sysfs_read(struct hv_chans *out, char *err, size_t n);

/* Read a whole small file into BUF (NUL-terminated). 0 or -errno. */
int hv_read_file(const char *path, char *buf, size_t size);

#endif
