// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: how drivers reach the double where hv_vmbus is built into
 * vmlinux (CONFIG_HYPERV_VMBUS=y, Debian's 7.x). Kbuild links this file
 * or api_export.c, never both.
 *
 * vmlinux exports __vmbus_driver_register(), vmbus_driver_unregister() and
 * vmbus_proto_version itself, so the double cannot export them (modpost:
 * "exported twice"; the loader refuses a module exporting a symbol that
 * exists). Off Hyper-V, vmlinux's VMBus never comes up: hv_acpi_init()
 * (drivers/hv/vmbus_drv.c) returns -ENODEV before vmbus_bus_init()
 * registers hv_bus, and __vmbus_driver_register() then fails every driver
 * with -ENODEV (vmbus_exists()). So the double is a livepatch: it
 * redirects those two functions to its own, which register drivers on the
 * double's bus "vmbus", and it writes vmlinux's vmbus_proto_version. A
 * driver that resolves the functions with symbol_get() (hvcaps) gets
 * vmlinux's addresses, whose bodies the livepatch redirects: it runs
 * unchanged.
 *
 * A livepatch module cannot be removed while its patch is enabled:
 * disable it first (echo 0 > /sys/kernel/livepatch/vmbus_double/enabled,
 * then wait for the directory to go), after unloading every driver
 * registered through it. Disabled, vmlinux's vmbus_driver_unregister()
 * would leave such a driver on the double's bus (it unregisters nothing
 * while hv_bus does not exist), so disabling with drivers still
 * registered is logged as a leak.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hyperv.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/uuid.h>
#include <asm/mshyperv.h>

#include "vmbus_double.h"

/* vmlinux's vmbus_proto_version before the double wrote it (0 off Hyper-V). */
static u32 vd_saved_proto_version;

/*
 * A driver with an id table or for hv_sock offers is a real VMBus driver
 * (hv_utils, hv_netvsc, hv_sock...): its probe opens channels, which the
 * double cannot back. Where hv_vmbus is a module such drivers do not load
 * with the double (vmbus_open() and friends are missing); here vmlinux has
 * them, so refuse them as unpatched vmlinux does off Hyper-V.
 */
static bool vd_real_driver(const struct hv_driver *drv)
{
	return drv->hvsock ||
	       (drv->id_table && !guid_is_null(&drv->id_table->guid));
}

static int vd_lp_driver_register(struct hv_driver *hv_driver,
				 struct module *owner, const char *mod_name)
{
	if (vd_real_driver(hv_driver)) {
		pr_info("refusing driver %s: it would open channels, which the double cannot back\n",
			hv_driver->name);
		return -ENODEV;
	}
	return vd_driver_register(hv_driver, owner, mod_name);
}

static struct klp_func vd_funcs[] = {
	{
		.old_name = "__vmbus_driver_register",
		.new_func = vd_lp_driver_register,
	},
	{
		.old_name = "vmbus_driver_unregister",
		.new_func = vd_driver_unregister,
	},
	{ }
};

/* Drivers still registered now would stay on the bus: see above. */
static void vd_pre_unpatch(struct klp_object *obj)
{
	unsigned int n = vd_foreign_drivers();

	if (n)
		pr_err("leak: livepatch disabled with %u drivers registered on the bus (unload them first)\n",
		       n);
}

static struct klp_object vd_objs[] = {
	{
		/* name NULL: vmlinux */
		.funcs = vd_funcs,
		.callbacks = {
			.pre_unpatch = vd_pre_unpatch,
		},
	},
	{ }
};

static struct klp_patch vd_patch = {
	.mod = THIS_MODULE,
	.objs = vd_objs,
};

/* Called last in module init: the bus and the stub driver exist. */
int vd_api_init(void)
{
	int ret;

	/* Never next to a real VMBus: hv_acpi_init()'s own first test. */
	if (hv_is_hyperv_initialized()) {
		pr_err("Hyper-V is present: the double is for guests without it\n");
		return -EEXIST;
	}
	vd_saved_proto_version = READ_ONCE(vmbus_proto_version);
	ret = klp_enable_patch(&vd_patch);
	if (ret)
		pr_err("enabling the livepatch failed (%d)\n", ret);
	return ret;
}

/* Module exit runs only once the patch is disabled. */
void vd_api_exit(void)
{
	WRITE_ONCE(vmbus_proto_version, vd_saved_proto_version);
}

MODULE_INFO(livepatch, "Y");
