/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbus_double: declarations shared by the files of the module.
 *
 * The double stands in for hv_vmbus in a guest without Hyper-V: it registers
 * a "vmbus" bus, provides the driver registration API and vmbus_proto_version
 * under hv_vmbus's names (api_export.c or api_livepatch.c), and turns
 * "offer" and "rescind" lines written to debugfs into real struct hv_device
 * and struct vmbus_channel objects, filled and linked the way hv_vmbus fills
 * and links them.
 */
#ifndef VMBUS_DOUBLE_H
#define VMBUS_DOUBLE_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/wait.h>

/*
 * Relids are bits of the 16384-bit interrupt page (MAX_NUM_CHANNELS in
 * drivers/hv/hyperv_vmbus.h); 0 is the message connection.
 */
#define VD_RELID_LIMIT		16384
#define VD_MAX_SUBCHANNELS	256
#define VD_MAX_LINE		8192
#define VD_ERR_LEN		160

struct vd_subchannel_args {
	u32 relid;
	u32 cpu;
};

/* One parsed "offer" line. */
struct vd_offer_args {
	guid_t class_id;
	guid_t instance;
	u32 relid;
	u32 cpu;
	u16 flags;
	u16 mmio_mb;
	bool monitor_allocated;
	u8 monitor_id;
	bool dedicated;
	unsigned int nr_sub;
	struct vd_subchannel_args sub[VD_MAX_SUBCHANNELS];
};

/* One parsed "offer-subchannel" line. */
struct vd_sub_offer_args {
	guid_t instance;	/* of the device (its primary channel) */
	u32 relid;
	u32 cpu;
};

enum vd_cmd_type {
	VD_CMD_NOP,		/* blank line or comment */
	VD_CMD_VERSION,
	VD_CMD_OFFER,
	VD_CMD_RESCIND,
	VD_CMD_RESET,
	VD_CMD_OFFER_SUB,
	VD_CMD_RESCIND_SUB,
};

struct vd_cmd {
	enum vd_cmd_type type;
	u32 version;		/* VD_CMD_VERSION: major << 16 | minor */
	guid_t instance;	/* VD_CMD_RESCIND */
	u32 relid;		/* VD_CMD_RESCIND_SUB */
	struct vd_sub_offer_args sub;	/* VD_CMD_OFFER_SUB */
	struct vd_offer_args offer;	/* VD_CMD_OFFER */
};

/* parse.c */
int vd_parse_line(char *line, struct vd_cmd *cmd, char *err, size_t errlen);

/* offer.c */
extern struct mutex vd_state_lock;
extern struct mutex vd_chan_lock;
extern struct list_head vd_chn_list;
extern atomic_t vd_live_devices;
extern atomic_t vd_live_channels;
extern u64 vd_last_register_ns;
extern wait_queue_head_t vd_release_wq;
int vd_offer(const struct vd_offer_args *args, char *err, size_t errlen);
int vd_rescind(const guid_t *instance, char *err, size_t errlen);
int vd_offer_subchannel(const struct vd_sub_offer_args *args, char *err,
			size_t errlen);
int vd_rescind_subchannel(u32 relid, char *err, size_t errlen);
void vd_reset(void);
void vd_chan_release(struct kobject *kobj);
void vd_offers_exit(void);

/* bus.c */
extern struct bus_type vd_bus;
extern struct device *vd_root;
int vd_bus_init(void);
void vd_bus_exit(void);
int vd_driver_register(struct hv_driver *hv_driver, struct module *owner,
		       const char *mod_name);
void vd_driver_unregister(struct hv_driver *hv_driver);
unsigned int vd_foreign_drivers(void);

/*
 * api_export.c or api_livepatch.c (Kbuild picks one): how drivers reach
 * vd_driver_register() under hv_vmbus's names. Init comes last, exit first.
 */
int vd_api_init(void);
void vd_api_exit(void);

/* stub.c: a driver that binds only when told to */
int vd_stub_init(void);
void vd_stub_exit(void);

extern const struct attribute_group *vd_drv_groups[];

/* sysfs.c */
extern const struct attribute_group *vd_dev_groups[];
int vd_add_channel_kobj(struct hv_device *dev, struct vmbus_channel *channel);
void vd_remove_channel_attr_group(struct vmbus_channel *channel);

/* control.c */
int vd_control_init(void);
void vd_control_exit(void);

static inline struct hv_device *vd_to_hv_device(const struct device *d)
{
	return container_of(d, struct hv_device, device);
}

#endif /* VMBUS_DOUBLE_H */
