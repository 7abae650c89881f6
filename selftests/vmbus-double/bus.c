// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: the "vmbus" bus and the driver registration API.
 *
 * vd_driver_register() and vd_driver_unregister() have hv_vmbus's
 * prototypes and semantics; drivers reach them under hv_vmbus's names,
 * __vmbus_driver_register() and vmbus_driver_unregister(), through
 * api_export.c (exports, where hv_vmbus is a module) or api_livepatch.c
 * (redirected vmlinux functions, where it is built in), so that a driver
 * reaching them through symbol_get() runs unchanged against either. The
 * double must never run together with a real VMBus: both would register a
 * bus named "vmbus".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/uuid.h>

#include "compat.h"
#include "vmbus_double.h"

/* Stands in for hv_vmbus's parent of all VMBus devices, the ACPI VMBUS:00. */
struct device *vd_root;

struct vd_dynid {
	struct list_head node;
	struct hv_vmbus_device_id id;
};

static const struct hv_vmbus_device_id vd_device_null;

static const struct hv_vmbus_device_id *
vd_dev_match(const struct hv_vmbus_device_id *id, const guid_t *guid)
{
	if (!id)
		return NULL;	/* empty device table */

	for (; !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, guid))
			return id;

	return NULL;
}

static const struct hv_vmbus_device_id *
vd_dynid_match(struct hv_driver *drv, const guid_t *guid)
{
	const struct hv_vmbus_device_id *id = NULL;
	struct vd_dynid *dynid;

	spin_lock(&drv->dynids.lock);
	list_for_each_entry(dynid, &drv->dynids.list, node) {
		if (guid_equal(&dynid->id.guid, guid)) {
			id = &dynid->id;
			break;
		}
	}
	spin_unlock(&drv->dynids.lock);

	return id;
}

/* hv_vmbus_get_id(): the matching id, or NULL. */
static const struct hv_vmbus_device_id *vd_get_id(struct hv_driver *drv,
						  struct hv_device *dev)
{
	const guid_t *guid = &dev->dev_type;
	const struct hv_vmbus_device_id *id;
	int override = vd_match_driver_override(dev, drv);

	/* When driver_override is set, only bind to the matching driver */
	if (!override)
		return NULL;

	/* Look at the dynamic ids first, before the static ones */
	id = vd_dynid_match(drv, guid);
	if (!id)
		id = vd_dev_match(drv->id_table, guid);

	/* driver_override will always match, send a dummy id */
	if (!id && override > 0)
		id = &vd_device_null;

	return id;
}

static int vd_add_dynid(struct hv_driver *drv, const guid_t *guid)
{
	struct vd_dynid *dynid;

	dynid = kzalloc(sizeof(*dynid), GFP_KERNEL);
	if (!dynid)
		return -ENOMEM;

	dynid->id.guid = *guid;

	spin_lock(&drv->dynids.lock);
	list_add_tail(&dynid->node, &drv->dynids.list);
	spin_unlock(&drv->dynids.lock);

	return driver_attach(&drv->driver);
}

static void vd_free_dynids(struct hv_driver *drv)
{
	struct vd_dynid *dynid, *n;

	spin_lock(&drv->dynids.lock);
	list_for_each_entry_safe(dynid, n, &drv->dynids.list, node) {
		list_del(&dynid->node);
		kfree(dynid);
	}
	spin_unlock(&drv->dynids.lock);
}

static struct hv_driver *vd_to_hv_driver(const struct device_driver *d)
{
	return container_of(d, struct hv_driver, driver);
}

/* /sys/bus/vmbus/drivers/<driver>/new_id: "<guid>" adds a dynamic id. */
static ssize_t new_id_store(struct device_driver *driver, const char *buf,
			    size_t count)
{
	struct hv_driver *drv = vd_to_hv_driver(driver);
	guid_t guid;
	ssize_t ret;

	ret = guid_parse(buf, &guid);
	if (ret)
		return ret;

	if (vd_dynid_match(drv, &guid))
		return -EEXIST;

	ret = vd_add_dynid(drv, &guid);
	if (ret)
		return ret;
	return count;
}
static DRIVER_ATTR_WO(new_id);

/* /sys/bus/vmbus/drivers/<driver>/remove_id: removes a dynamic id. */
static ssize_t remove_id_store(struct device_driver *driver, const char *buf,
			       size_t count)
{
	struct hv_driver *drv = vd_to_hv_driver(driver);
	struct vd_dynid *dynid, *n;
	guid_t guid;
	ssize_t ret;

	ret = guid_parse(buf, &guid);
	if (ret)
		return ret;

	ret = -ENODEV;
	spin_lock(&drv->dynids.lock);
	list_for_each_entry_safe(dynid, n, &drv->dynids.list, node) {
		if (guid_equal(&dynid->id.guid, &guid)) {
			list_del(&dynid->node);
			kfree(dynid);
			ret = count;
			break;
		}
	}
	spin_unlock(&drv->dynids.lock);

	return ret;
}
static DRIVER_ATTR_WO(remove_id);

static struct attribute *vd_drv_attrs[] = {
	&driver_attr_new_id.attr,
	&driver_attr_remove_id.attr,
	NULL,
};

static const struct attribute_group vd_drv_group = {
	.attrs = vd_drv_attrs,
};

const struct attribute_group *vd_drv_groups[] = {
	&vd_drv_group,
	NULL,
};

/* vmbus_match(): hv_sock offers only bind to the hv_sock driver. */
static int vd_bus_match(struct device *device,
			VD_MATCH_CONST struct device_driver *driver)
{
	struct hv_driver *drv = vd_to_hv_driver(driver);
	struct hv_device *hv_dev = vd_to_hv_device(device);

	if (is_hvsock_channel(hv_dev->channel))
		return drv->hvsock;

	if (vd_get_id(drv, hv_dev))
		return 1;

	return 0;
}

static int vd_bus_probe(struct device *child_device)
{
	struct hv_driver *drv = vd_to_hv_driver(child_device->driver);
	struct hv_device *dev = vd_to_hv_device(child_device);
	const struct hv_vmbus_device_id *dev_id;
	int ret;

	dev_id = vd_get_id(drv, dev);
	if (!drv->probe) {
		pr_err("probe not set for driver %s\n",
		       dev_name(child_device));
		return -ENODEV;
	}

	ret = drv->probe(dev, dev_id);
	if (ret)
		pr_err("probe failed for device %s (%d)\n",
		       dev_name(child_device), ret);
	return ret;
}

/* Called through vd_bus_remove_compat() (compat.h). */
void vd_bus_remove(struct device *child_device)
{
	struct hv_device *dev = vd_to_hv_device(child_device);
	struct hv_driver *drv;

	if (child_device->driver) {
		drv = vd_to_hv_driver(child_device->driver);
		if (drv->remove)
			vd_drv_remove(drv, dev);
	}
}

static void vd_bus_shutdown(struct device *child_device)
{
	struct hv_device *dev = vd_to_hv_device(child_device);
	struct hv_driver *drv;

	/* The device may not be attached yet */
	if (!child_device->driver)
		return;

	drv = vd_to_hv_driver(child_device->driver);
	if (drv->shutdown)
		drv->shutdown(dev);
}

/* MODALIAS=vmbus:<class GUID as 32 hex digits>, as vmbus_uevent() sends. */
static int vd_bus_uevent(VD_UEVENT_CONST struct device *device,
			 struct kobj_uevent_env *env)
{
	const struct hv_device *dev = vd_to_hv_device(device);

	return add_uevent_var(env, "MODALIAS=vmbus:%*phN", UUID_SIZE,
			      &dev->dev_type);
}

struct bus_type vd_bus = {
	.name		= "vmbus",
	.match		= vd_bus_match,
	.probe		= vd_bus_probe,
	.remove		= vd_bus_remove_compat,
	.shutdown	= vd_bus_shutdown,
	.uevent		= vd_bus_uevent,
	.dev_groups	= vd_dev_groups,
	.drv_groups	= vd_drv_groups,
};

/**
 * vd_driver_register() - Register a vmbus's driver
 * @hv_driver: Pointer to driver structure you want to register
 * @owner: owner module of the drv
 * @mod_name: module name string
 *
 * Same semantics as hv_vmbus's: fills in the struct device_driver, sets up
 * the dynamic ids and registers the driver on the "vmbus" bus.
 *
 * Return: the result of driver_register().
 */
int vd_driver_register(struct hv_driver *hv_driver, struct module *owner,
		       const char *mod_name)
{
	pr_info("registering driver %s\n", hv_driver->name);

	hv_driver->driver.name = hv_driver->name;
	hv_driver->driver.owner = owner;
	hv_driver->driver.mod_name = mod_name;
	hv_driver->driver.bus = &vd_bus;

	spin_lock_init(&hv_driver->dynids.lock);
	INIT_LIST_HEAD(&hv_driver->dynids.list);

	return driver_register(&hv_driver->driver);
}

/**
 * vd_driver_unregister() - Unregister a vmbus's driver
 * @hv_driver: Pointer to driver structure you want to un-register
 *
 * Undoes vd_driver_register(), dynamic ids included.
 */
void vd_driver_unregister(struct hv_driver *hv_driver)
{
	pr_info("unregistering driver %s\n", hv_driver->name);

	driver_unregister(&hv_driver->driver);
	vd_free_dynids(hv_driver);
}

static int vd_count_foreign(struct device_driver *drv, void *data)
{
	unsigned int *n = data;

	if (drv->owner != THIS_MODULE)
		(*n)++;
	return 0;
}

/* The drivers on the bus that are not the double's own (the stub). */
unsigned int vd_foreign_drivers(void)
{
	unsigned int n = 0;

	bus_for_each_drv(&vd_bus, NULL, &n, vd_count_foreign);
	return n;
}

int vd_bus_init(void)
{
	int ret;

	vd_bus_set_driver_override(&vd_bus);	/* compat.h */
	ret = bus_register(&vd_bus);
	if (ret)
		return ret;

	vd_root = root_device_register("vmbus_double");
	if (IS_ERR(vd_root)) {
		ret = PTR_ERR(vd_root);
		vd_root = NULL;
		bus_unregister(&vd_bus);
		return ret;
	}
	return 0;
}

void vd_bus_exit(void)
{
	root_device_unregister(vd_root);
	bus_unregister(&vd_bus);
}
