// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately broken module: each parameter plants one bug in its init.
 * The guest harness must turn each into a failed run (panic_on_warn=1 in
 * the guest, a scan of its kernel log); selftests/canary/test proves it
 * does. warn=1 works on every kernel; kasan=1, leak=1 and lockdep=1 need
 * the debug kernel's detectors (selftests/vm/debug.config).
 */

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN_ON() when loaded");

static bool kasan;
module_param(kasan, bool, 0444);
MODULE_PARM_DESC(kasan, "read a kmalloc()ed object after kfree() (KASAN)");

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "kmalloc() an object and drop the pointer (kmemleak)");

static bool lockdep;
module_param(lockdep, bool, 0444);
MODULE_PARM_DESC(lockdep, "take two mutexes in both orders (lockdep)");

static DEFINE_MUTEX(canary_a);
static DEFINE_MUTEX(canary_b);

static noinline void canary_use_after_free(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return;
	kfree(p);
	/* Keep the compiler from seeing (and warning about) the bug. */
	OPTIMIZER_HIDE_VAR(p);
	pr_info("canary: read after free: %d\n", READ_ONCE(p[8]));
}

static noinline void canary_leak(void)
{
	void *p = kmalloc(96, GFP_KERNEL);

	OPTIMIZER_HIDE_VAR(p);
	pr_info("canary: leaked an object: %s\n", p ? "yes" : "no");
}

/* One task, no deadlock: lockdep reports the A-B / B-A order by itself. */
static noinline void canary_lock_inversion(void)
{
	mutex_lock(&canary_a);
	mutex_lock(&canary_b);
	mutex_unlock(&canary_b);
	mutex_unlock(&canary_a);

	mutex_lock(&canary_b);
	mutex_lock(&canary_a);
	mutex_unlock(&canary_a);
	mutex_unlock(&canary_b);
}

static int __init canary_init(void)
{
	WARN_ON(warn);
	if (kasan)
		canary_use_after_free();
	if (leak)
		canary_leak();
	if (lockdep)
		canary_lock_inversion();
	return 0;
}

static void __exit canary_exit(void)
{
}

module_init(canary_init);
module_exit(canary_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvcaps test rig: a module that can plant bugs on purpose");
