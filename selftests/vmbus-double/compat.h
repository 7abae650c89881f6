/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbus_double: the API differences between the kernels it is built for
 * (Debian's 5.10, 6.1, 6.12 and 7.x), kept in this one header; how drivers
 * reach it (exports or a livepatch) is chosen by Kbuild, see api_*.c.
 *
 * Kbuild finds the features by grepping the headers it builds against and
 * passes -DVD_HAVE_* (see Kbuild): a LINUX_VERSION_CODE check would lie
 * where a stable kernel backports an API change. Every probe result is
 * checked here with a static_assert on the real type, so a probe that
 * guessed wrong stops the build instead of miscompiling it.
 */
#ifndef VMBUS_DOUBLE_COMPAT_H
#define VMBUS_DOUBLE_COMPAT_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/pci_ids.h>
#include <linux/string.h>

/* 5.10's vmbus_device_create() wrote the number itself. */
#ifndef PCI_VENDOR_ID_MICROSOFT
#define PCI_VENDOR_ID_MICROSOFT	0x1414
#endif

/* 6.3 made hv_driver.remove() return void instead of int. */
#ifdef VD_HAVE_HV_REMOVE_VOID
static_assert(__same_type(((struct hv_driver *)NULL)->remove,
			  void (*)(struct hv_device *)));
#else
static_assert(__same_type(((struct hv_driver *)NULL)->remove,
			  int (*)(struct hv_device *)));
#endif

static inline void vd_drv_remove(struct hv_driver *drv, struct hv_device *dev)
{
	/* Like vmbus_remove(): an int result, where there is one, is lost. */
	drv->remove(dev);
}

/* The stub driver's remove (stub.c): nothing to undo, and it succeeds. */
#ifdef VD_HAVE_HV_REMOVE_VOID
static inline void vd_stub_remove(struct hv_device *dev)
{
}
#else
static inline int vd_stub_remove(struct hv_device *dev)
{
	return 0;
}
#endif
static_assert(__same_type(((struct hv_driver *)NULL)->remove,
			  &vd_stub_remove));

/* 5.15 made bus_type.remove() return void instead of int. */
void vd_bus_remove(struct device *dev);

#ifdef VD_HAVE_BUS_REMOVE_VOID
static inline void vd_bus_remove_compat(struct device *dev)
{
	vd_bus_remove(dev);
}
#else
static inline int vd_bus_remove_compat(struct device *dev)
{
	vd_bus_remove(dev);
	return 0;
}
#endif
static_assert(__same_type(((struct bus_type *)NULL)->remove,
			  &vd_bus_remove_compat));

/* 6.3 passes bus_type.uevent() a const struct device. */
#ifdef VD_HAVE_BUS_UEVENT_CONST
#define VD_UEVENT_CONST const
#else
#define VD_UEVENT_CONST
#endif
static_assert(__same_type(((struct bus_type *)NULL)->uevent,
			  int (*)(VD_UEVENT_CONST struct device *,
				  struct kobj_uevent_env *)));

/* 6.11 passes bus_type.match() a const struct device_driver. */
#ifdef VD_HAVE_BUS_MATCH_CONST_DRV
#define VD_MATCH_CONST const
#else
#define VD_MATCH_CONST
#endif
static_assert(__same_type(((struct bus_type *)NULL)->match,
			  int (*)(struct device *,
				  VD_MATCH_CONST struct device_driver *)));

/*
 * driver_override: 5.10 to 6.12 keep it in struct hv_device (char * until
 * 5.18, const char * since) and hv_vmbus provides the sysfs file; as long
 * as the field exists, hv_vmbus uses it (Debian's 6.12 also has the driver
 * core's, unused by hv_vmbus). 7.x dropped the field: hv_vmbus sets
 * bus_type.driver_override and the driver core keeps it in struct device
 * and provides the file. Kernels with neither get no driver_override.
 */
#if defined(VD_HAVE_BUS_DRIVER_OVERRIDE) && defined(VD_HAVE_HV_DRIVER_OVERRIDE)
#undef VD_HAVE_BUS_DRIVER_OVERRIDE
#endif

#ifdef VD_HAVE_BUS_DRIVER_OVERRIDE
static_assert(__same_type(((struct bus_type *)NULL)->driver_override, bool));

static inline void vd_bus_set_driver_override(struct bus_type *bus)
{
	bus->driver_override = true;
}

/* -1: no override; 0: override names another driver; 1: names @drv */
static inline int vd_match_driver_override(struct hv_device *dev,
					   const struct hv_driver *drv)
{
	return device_match_driver_override(&dev->device, &drv->driver);
}
#elif defined(VD_HAVE_HV_DRIVER_OVERRIDE)
static_assert(sizeof(((struct hv_device *)NULL)->driver_override) ==
	      sizeof(char *));

static inline void vd_bus_set_driver_override(struct bus_type *bus)
{
}

static inline int vd_match_driver_override(struct hv_device *dev,
					   const struct hv_driver *drv)
{
	if (!dev->driver_override)
		return -1;
	return !strcmp(dev->driver_override, drv->name);
}
#else
static inline void vd_bus_set_driver_override(struct bus_type *bus)
{
}

static inline int vd_match_driver_override(struct hv_device *dev,
					   const struct hv_driver *drv)
{
	return -1;
}
#endif

#endif /* VMBUS_DOUBLE_COMPAT_H */
