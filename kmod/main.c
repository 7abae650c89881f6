// SPDX-License-Identifier: GPL-2.0
/*
 * hvcaps: report every VMBus offer and Hyper-V host fact of this guest
 * over the "hvcaps" generic netlink family.
 */

#include <linux/module.h>

#include "hvcaps_priv.h"

static int __init hvcaps_init(void)
{
	int ret;

	hvcaps_host_init();
	ret = hvcaps_vmbus_init(&hvcaps_events_vmbus_ops);
	if (ret)
		return ret;
	ret = hvcaps_nl_register();
	if (ret) {
		/* The bus notifier first: it fills the device index. */
		hvcaps_vmbus_exit();
		hvcaps_events_exit();
		hvcaps_devices_clear();
		return ret;
	}
	hvcaps_events_start();
	return 0;
}

/*
 * Each step stops what could still use the state the next one frees:
 * events, then requests and binds (the family), then the poll (which
 * walks the device index while bus notifications still keep it current),
 * then bus notifications, then the device index.
 */
static void __exit hvcaps_exit(void)
{
	/* No event is sent after this. */
	hvcaps_events_stop();
	/* No request can run after this; dumps pin the module meanwhile. */
	hvcaps_nl_unregister();
	/* Nothing queues the poll any more: kicks check that events are on. */
	hvcaps_events_exit();
	hvcaps_vmbus_exit();
	hvcaps_devices_clear();
}

module_init(hvcaps_init);
module_exit(hvcaps_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V VMBus offers and host facts over generic netlink");
MODULE_VERSION(HVCAPS_VERSION);
MODULE_ALIAS_GENL_FAMILY(HVCAPS_GENL_NAME);
