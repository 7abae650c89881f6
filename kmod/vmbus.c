// SPDX-License-Identifier: GPL-2.0
/*
 * Reaching the VMBus from outside hv_vmbus.
 *
 * The vmbus bus_type is static in hv_vmbus and nothing exports it. What is
 * exported is the driver registration API: registering a driver sets its
 * driver.bus to the bus, which the driver core then lets us walk and watch.
 * We resolve that API with symbol_get() rather than by linking against it,
 * so that the module loads on every kernel, including ones where hv_vmbus
 * is absent or refused to load (it does so off Hyper-V), and we attach
 * later if a VMBus provider appears: a module notifier schedules an attach
 * attempt whenever a module goes live, and every request retries once.
 *
 * The driver we register has no id table, so it matches no device; its
 * probe refuses anyway, because root can still force a match through
 * driver_override or new_id, and we must never bind to or disturb a real
 * device. Manual bind/unbind files are suppressed for the same reason.
 *
 * What happens on the bus goes to the callbacks given to
 * hvcaps_vmbus_init() (events.c's): this file knows nothing above it.
 */

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "hvcaps_priv.h"

typedef int (*hvcaps_register_fn)(struct hv_driver *, struct module *,
				  const char *);
typedef void (*hvcaps_unregister_fn)(struct hv_driver *);

static int hvcaps_probe_refuse(struct hv_device *hdev,
			       const struct hv_vmbus_device_id *id)
{
	return -ENODEV;
}

static struct hv_driver hvcaps_hv_driver = {
	.name = KBUILD_MODNAME,
	.probe = hvcaps_probe_refuse,
	.driver = {
		.suppress_bind_attrs = true,
	},
};

/* Serialises attach and detach; readers use hvcaps_bus locklessly. */
static DEFINE_MUTEX(hvcaps_attach_lock);
static const struct bus_type *hvcaps_bus;
static hvcaps_unregister_fn hvcaps_unregister;
static u32 *hvcaps_proto_version;
static bool hvcaps_detached;
static const struct hvcaps_vmbus_ops *hvcaps_ops;

static int hvcaps_bus_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	hvcaps_ops->notify(data, action);
	return NOTIFY_DONE;
}

static struct notifier_block hvcaps_bus_nb = {
	.notifier_call = hvcaps_bus_notify,
};

static void hvcaps_put_symbols(hvcaps_register_fn reg)
{
	if (reg)
		symbol_put(__vmbus_driver_register);
	if (hvcaps_unregister)
		symbol_put(vmbus_driver_unregister);
	if (hvcaps_proto_version)
		symbol_put(vmbus_proto_version);
	hvcaps_unregister = NULL;
	hvcaps_proto_version = NULL;
}

/*
 * Attach to the VMBus if a provider (hv_vmbus, or the test double that
 * stands in for it) is loaded and accepts drivers. The symbol references
 * pin the provider for as long as we stay attached.
 */
static void hvcaps_try_attach(void)
{
	hvcaps_register_fn reg;
	int ret;

	mutex_lock(&hvcaps_attach_lock);
	if (hvcaps_bus || hvcaps_detached)
		goto out;

	reg = symbol_get(__vmbus_driver_register);
	if (!reg)
		goto out;
	hvcaps_unregister = symbol_get(vmbus_driver_unregister);
	hvcaps_proto_version = symbol_get(vmbus_proto_version);
	if (!hvcaps_unregister || !hvcaps_proto_version)
		goto put;

	/* Fails with -ENODEV when hv_vmbus is loaded but found no VMBus. */
	ret = reg(&hvcaps_hv_driver, THIS_MODULE, KBUILD_MODNAME);
	if (ret)
		goto put;

	/* Removals count from now, so the walk below never races them. */
	hvcaps_ops->attach_begin();
	ret = bus_register_notifier(hvcaps_hv_driver.driver.bus, &hvcaps_bus_nb);
	if (ret) {
		hvcaps_ops->attach_abort();
		hvcaps_unregister(&hvcaps_hv_driver);
		goto put;
	}
	/* The notifier sees every device added from now; index the others. */
	hvcaps_ops->attach_walk(hvcaps_hv_driver.driver.bus);

	/*
	 * Publish the bus last: a reader that sees it must also see the
	 * symbols above. Pairs with the smp_load_acquire()s below.
	 */
	smp_store_release(&hvcaps_bus, hvcaps_hv_driver.driver.bus);
	/* Every device on it is new to a reader: tell by the generation. */
	hvcaps_ops->attach_done();
	pr_info("attached to VMBus, protocol %u.%u\n",
		*hvcaps_proto_version >> 16, *hvcaps_proto_version & 0xffff);
	symbol_put(__vmbus_driver_register);
	goto out;

put:
	hvcaps_put_symbols(reg);
out:
	mutex_unlock(&hvcaps_attach_lock);
}

/**
 * hvcaps_vmbus_get - the VMBus bus_type, attaching first if need be
 *
 * Return: the bus, or NULL when no VMBus is present. Once returned, the
 * bus stays valid until the module exits, which cannot happen while a
 * netlink request or dump is running.
 */
const struct bus_type *hvcaps_vmbus_get(void)
{
	const struct bus_type *bus = hvcaps_vmbus_peek();

	if (bus)
		return bus;
	hvcaps_try_attach();
	return hvcaps_vmbus_peek();
}

/* The bus if attached, without trying to attach. */
const struct bus_type *hvcaps_vmbus_peek(void)
{
	/*
	 * Pairs with smp_store_release() in hvcaps_try_attach(): see the
	 * bus, see the symbols.
	 */
	return smp_load_acquire(&hvcaps_bus);
}

/* The negotiated protocol version, major << 16 | minor; 0 if detached. */
u32 hvcaps_vmbus_version(void)
{
	/* Pairs with smp_store_release(): the version pointer is set. */
	if (!smp_load_acquire(&hvcaps_bus))
		return 0;
	return READ_ONCE(*hvcaps_proto_version);
}

static void hvcaps_attach_workfn(struct work_struct *work)
{
	hvcaps_try_attach();
}

static DECLARE_WORK(hvcaps_attach_work, hvcaps_attach_workfn);

static int hvcaps_module_notify(struct notifier_block *nb,
				unsigned long action, void *data)
{
	/*
	 * Attaching takes module references and registers a driver; neither
	 * belongs in the module loader's notifier chain, so defer it.
	 */
	if (action == MODULE_STATE_LIVE && !READ_ONCE(hvcaps_bus))
		schedule_work(&hvcaps_attach_work);
	return NOTIFY_DONE;
}

static struct notifier_block hvcaps_module_nb = {
	.notifier_call = hvcaps_module_notify,
};

static int hvcaps_match_instance(struct device *dev, const void *data)
{
	return guid_equal(&device_to_hv_device(dev)->dev_instance, data);
}

/* Returns the device with a reference held, or NULL. */
struct device *hvcaps_vmbus_find(const struct bus_type *bus,
				 const guid_t *instance)
{
	return bus_find_device(hvcaps_bus_arg(bus), NULL, instance,
			       hvcaps_match_instance);
}

/**
 * hvcaps_vmbus_init - attach to the VMBus now or when it appears
 * @ops: what to tell about attaching and about the bus's devices
 */
int hvcaps_vmbus_init(const struct hvcaps_vmbus_ops *ops)
{
	int ret;

	hvcaps_ops = ops;
	ret = register_module_notifier(&hvcaps_module_nb);
	if (ret)
		return ret;
	hvcaps_try_attach();
	return 0;
}

void hvcaps_vmbus_exit(void)
{
	unregister_module_notifier(&hvcaps_module_nb);
	cancel_work_sync(&hvcaps_attach_work);

	mutex_lock(&hvcaps_attach_lock);
	hvcaps_detached = true;
	if (hvcaps_bus) {
		bus_unregister_notifier(hvcaps_hv_driver.driver.bus,
					&hvcaps_bus_nb);
		hvcaps_unregister(&hvcaps_hv_driver);
		hvcaps_bus = NULL;
		hvcaps_put_symbols(NULL);
	}
	mutex_unlock(&hvcaps_attach_lock);
}
