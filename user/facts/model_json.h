/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel facts as JSON: one vocabulary for every document that carries
 * them (show, list, snapshot; monitor uses the same names). A device is
 * {"name", "instance", "class", "type" (a word), "type_id" (a number),
 * "relid", "driver", ..., "channels": [{"relid", "primary", "index",
 * "target_cpu", "monitor_id"}] or null}; the hypervisor's facts are
 * {"module_version", "vmbus_version", "hv_build", ...} (user/schema/
 * common.json names and types them).
 */
#ifndef HVCAPS_MODEL_JSON_H
#define HVCAPS_MODEL_JSON_H

#include <json-c/json.h>

#include "fjson.h"
#include "model.h"

/* {"hypervisor": {...}, "devices": [...]} of struct hv_model */
extern const struct fj_field hv_model_fields[];
extern const struct fj_field hv_hypervisor_fields[];
/* one device: the elements of hv_model_fields' "devices" */
extern const struct fj_field hv_device_fields[];

/* A device, with its "type" word beside the number read back. */
json_object *hv_device_json(const struct hv_device *d);
/*
 * The offer flags' bits by name (VMBUS_CHANNEL_* of include/linux/hyperv.h),
 * then those without one ("0x8000"); NULL (JSON null) when unknown. Every
 * device object carries them as "flag_names" beside "flags".
 */
json_object *hv_flag_names_json(struct opt_u32 flags);
/* {"source", "hypervisor", "devices"}: a snapshot's "kernel_facts". */
json_object *hv_model_json(const struct hv_model *m);

#endif
