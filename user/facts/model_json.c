// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel facts' tables for fjson.c, shared by show, list and snapshot
 * so that a device or the hypervisor has the same fields in each.
 */
#include "model_json.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define FJ_K(key, st, member, t) \
	{ key, t, offsetof(st, member), NULL, 0, 0, -1 }

const struct fj_field hv_hypervisor_fields[] = {
	FJ(struct hv_host, module_version, FJ_STR),
	FJ(struct hv_host, vmbus_present, FJ_OBOOL),
	FJ(struct hv_host, vmbus_version, FJ_OU32),
	FJ(struct hv_host, cpu_signature, FJ_STR),
	FJ(struct hv_host, cpu_max_leaf, FJ_OU32),
	FJ(struct hv_host, hv_build, FJ_OU32),
	FJ(struct hv_host, hv_major, FJ_OU32),
	FJ(struct hv_host, hv_minor, FJ_OU32),
	FJ(struct hv_host, hv_service_pack, FJ_OU32),
	FJ(struct hv_host, hv_service_branch, FJ_OU32),
	FJ(struct hv_host, hv_service_number, FJ_OU32),
	FJ(struct hv_host, hv_features_eax, FJ_OU32),
	FJ(struct hv_host, hv_features_ebx, FJ_OU32),
	FJ(struct hv_host, hv_features_edx, FJ_OU32),
	FJ(struct hv_host, hv_recommendations, FJ_OU32),
	FJ(struct hv_host, hv_isolation, FJ_OU32),
	FJ(struct hv_host, efi_boot, FJ_OBOOL),
	FJ(struct hv_host, secure_boot, FJ_OBOOL),
	FJ(struct hv_host, device_count, FJ_OU32),
	FJ(struct hv_host, channel_count, FJ_OU32),
	FJ(struct hv_host, generation, FJ_OU32),
	FJ_END
};

static const struct fj_field channel_fields[] = {
	FJ(struct hv_channel, relid, FJ_U32),
	FJ(struct hv_channel, primary, FJ_BOOL),
	FJ(struct hv_channel, index, FJ_OU32),
	FJ_K("target_cpu", struct hv_channel, cpu, FJ_OU32),
	FJ(struct hv_channel, monitor_id, FJ_OU32),
	FJ_END
};

/* "type", the word, is added by hv_device_json(); "type_id" is read back */
const struct fj_field hv_device_fields[] = {
	FJ(struct hv_device, name, FJ_STR),
	FJ(struct hv_device, instance, FJ_GUID),
	FJ_K("class", struct hv_device, class_guid, FJ_GUID),
	FJ(struct hv_device, relid, FJ_U32),
	FJ_K("type_id", struct hv_device, type, FJ_U32),
	FJ(struct hv_device, type_name, FJ_STR),
	FJ(struct hv_device, flags, FJ_OU32),
	FJ(struct hv_device, mmio_mb, FJ_OU32),
	FJ(struct hv_device, monitor_id, FJ_OU32),
	FJ(struct hv_device, target_cpu, FJ_OU32),
	FJ(struct hv_device, vendor_id, FJ_OU32),
	FJ(struct hv_device, device_id, FJ_OU32),
	FJ(struct hv_device, generation, FJ_OU32),
	FJ(struct hv_device, numa_node, FJ_OS32),
	FJ_K("dedicated_interrupt", struct hv_device, dedicated_intr, FJ_OBOOL),
	FJ(struct hv_device, driver, FJ_STR),
	FJ_ARR_KNOWN("channels", struct hv_device, chan, nchan, channels_known,
		     struct hv_channel, channel_fields),
	FJ_END
};

const struct fj_field hv_model_fields[] = {
	{ "hypervisor", FJ_OBJECT, offsetof(struct hv_model, host), hv_hypervisor_fields, 0, 0, -1 },
	FJ_ARR("devices", struct hv_model, dev, ndev, struct hv_device, hv_device_fields),
	FJ_END
};

/*
 * The offer's chn_flags, by name: the VMBUS_CHANNEL_* flags of
 * include/linux/hyperv.h (identical in 5.10, 6.1 and 6.12; no kernel of
 * those defines a confidential-channel flag). Other bits are shown as hex.
 */
static const struct {
	uint32_t bit;
	const char *name;
} offer_flags[] = {
	{ 0x1, "enumerate-device-interface" },		/* ..._ENUMERATE_DEVICE_INTERFACE */
	{ 0x2, "server-supports-transfer-pages" },	/* ..._SERVER_SUPPORTS_TRANSFER_PAGES */
	{ 0x4, "server-supports-gpadls" },		/* ..._SERVER_SUPPORTS_GPADLS */
	{ 0x10, "named-pipe-mode" },			/* ..._NAMED_PIPE_MODE */
	{ 0x100, "loopback-offer" },			/* ..._LOOPBACK_OFFER */
	{ 0x200, "parent-offer" },			/* ..._PARENT_OFFER */
	{ 0x400, "request-monitored-notification" },	/* ..._REQUEST_MONITORED_NOTIFICATION */
	{ 0x2000, "hv-sock-provider" },			/* ..._TLNPI_PROVIDER_OFFER */
};

/* The names of flags' bits, then the bits hvcaps has no name for ("0x8000"). */
json_object *hv_flag_names_json(struct opt_u32 flags)
{
	json_object *a;
	uint32_t rest;

	if (!flags.known)
		return NULL;
	a = json_object_new_array();
	rest = flags.v;
	for (size_t i = 0; i < ARRAY_SIZE(offer_flags); i++)
		if (flags.v & offer_flags[i].bit) {
			json_object_array_add(a, json_object_new_string(offer_flags[i].name));
			rest &= ~offer_flags[i].bit;
		}
	for (uint32_t b = 1; rest; b <<= 1)
		if (rest & b) {
			char hex[16];

			snprintf(hex, sizeof(hex), "0x%x", b);
			json_object_array_add(a, json_object_new_string(hex));
			rest &= ~b;
		}
	return a;
}

json_object *hv_device_json(const struct hv_device *d)
{
	json_object *o = fj_to_json(d, hv_device_fields), *r = json_object_new_object();

	/* "type" next to "type_id", for people reading the document */
	json_object_object_foreach(o, key, val) {
		json_object_object_add(r, key, json_object_get(val));
		if (!strcmp(key, "type_id"))
			json_object_object_add(r, "type", json_object_new_string(dev_type_id(d->type)));
		if (!strcmp(key, "flags"))
			json_object_object_add(r, "flag_names", hv_flag_names_json(d->flags));
	}
	json_object_put(o);
	return r;
}

json_object *hv_model_json(const struct hv_model *m)
{
	json_object *o = json_object_new_object(), *devs = json_object_new_array();

	json_object_object_add(o, "source", json_object_new_string(m->source));
	json_object_object_add(o, "hypervisor", fj_to_json(&m->host, hv_hypervisor_fields));
	for (size_t i = 0; i < m->ndev; i++)
		json_object_array_add(devs, hv_device_json(&m->dev[i]));
	json_object_object_add(o, "devices", devs);
	return o;
}
