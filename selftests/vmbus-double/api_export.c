// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: how drivers reach the double where hv_vmbus is a module
 * (Debian's 5.10, 6.1, 6.12): the double exports hv_vmbus's registration
 * API and protocol version under hv_vmbus's names, so that it stands in
 * for the module. Kbuild links this file or api_livepatch.c, never both.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/hyperv.h>
#include <linux/module.h>

#include "vmbus_double.h"

/*
 * The negotiated VMBus protocol version, major << 16 | minor, as hv_vmbus
 * exports it; set by the "version" control command.
 */
__u32 vmbus_proto_version;
EXPORT_SYMBOL_GPL(vmbus_proto_version);

int __vmbus_driver_register(struct hv_driver *hv_driver, struct module *owner,
			    const char *mod_name)
{
	return vd_driver_register(hv_driver, owner, mod_name);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

void vmbus_driver_unregister(struct hv_driver *hv_driver)
{
	vd_driver_unregister(hv_driver);
}
EXPORT_SYMBOL_GPL(vmbus_driver_unregister);

/* The exports are there as soon as the module is live. */
int vd_api_init(void)
{
	return 0;
}

void vd_api_exit(void)
{
}
