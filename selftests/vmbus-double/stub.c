// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: "vmbus_double_stub", a driver on the double's bus that
 * binds only when root tells it to, so that tests can bind and unbind
 * devices through the real driver core (really_probe(), the bus
 * notifier's BUS_NOTIFY_BOUND_DRIVER and BUS_NOTIFY_UNBOUND_DRIVER, the
 * "driver" links):
 *
 *   echo vmbus_double_stub > /sys/bus/vmbus/devices/<instance>/driver_override
 *   echo <instance> > /sys/bus/vmbus/drivers/vmbus_double_stub/bind
 *   echo <instance> > /sys/bus/vmbus/drivers/vmbus_double_stub/unbind
 *
 * or, where the kernel has no driver_override for the bus, through a
 * dynamic id (which binds every unbound device of that class at once, and
 * each one offered later):
 *
 *   echo <class> > /sys/bus/vmbus/drivers/vmbus_double_stub/new_id
 *
 * Its id table is empty, so it matches nothing by itself. Probe and remove
 * do nothing and succeed: no channel is opened.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hyperv.h>
#include <linux/module.h>

#include "compat.h"
#include "vmbus_double.h"

static int vd_stub_probe(struct hv_device *dev,
			 const struct hv_vmbus_device_id *dev_id)
{
	return 0;
}

static struct hv_driver vd_stub_driver = {
	.name = "vmbus_double_stub",
	.probe = vd_stub_probe,
	.remove = vd_stub_remove,	/* compat.h: nothing, successfully */
};

int vd_stub_init(void)
{
	return vd_driver_register(&vd_stub_driver, THIS_MODULE,
				  KBUILD_MODNAME);
}

void vd_stub_exit(void)
{
	vd_driver_unregister(&vd_stub_driver);
}
