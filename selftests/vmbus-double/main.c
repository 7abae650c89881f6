// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: module init and exit.
 *
 * Never load it together with hv_vmbus (see bus.c); it is meant for guests
 * without Hyper-V.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/wait.h>

#include "vmbus_double.h"

/* How long module exit waits for references held elsewhere to go. */
#define VD_EXIT_WAIT	(10 * HZ)

static int __init vd_init(void)
{
	int ret;

	ret = vd_bus_init();
	if (ret)
		return ret;

	ret = vd_stub_init();
	if (ret)
		goto err_bus;

	ret = vd_control_init();
	if (ret)
		goto err_stub;

	/* Last: drivers can reach the bus from now on. */
	ret = vd_api_init();
	if (ret)
		goto err_control;
	return 0;

err_control:
	vd_control_exit();
err_stub:
	vd_stub_exit();
err_bus:
	vd_bus_exit();
	return ret;
}

static bool vd_all_released(void)
{
	return !atomic_read(&vd_live_devices) &&
	       !atomic_read(&vd_live_channels);
}

static void __exit vd_exit(void)
{
	vd_api_exit();
	vd_control_exit();

	mutex_lock(&vd_state_lock);
	vd_reset();
	mutex_unlock(&vd_state_lock);

	/*
	 * The release callbacks are code of this module: wait until they
	 * have all run. Should a reference still be held elsewhere after
	 * that, its release will run after the module is gone.
	 */
	if (!wait_event_timeout(vd_release_wq, vd_all_released(),
				VD_EXIT_WAIT))
		pr_err("leak: %d devices, %d channels not released\n",
		       atomic_read(&vd_live_devices),
		       atomic_read(&vd_live_channels));

	vd_offers_exit();
	vd_stub_exit();
	vd_bus_exit();
}

module_init(vd_init);
module_exit(vd_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VMBus double: hv_vmbus's bus, driver API and offers, driven from debugfs, for tests without Hyper-V");
