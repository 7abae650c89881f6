// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately broken module: with warn=1 its init hits a WARN_ON. The
 * guest harness must turn that into a failed run (panic_on_warn=1 in the
 * guest, a scan of its kernel log); selftests/canary/test proves it does.
 */

#include <linux/bug.h>
#include <linux/module.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN_ON() when loaded");

static int __init canary_init(void)
{
	WARN_ON(warn);
	return 0;
}

static void __exit canary_exit(void)
{
}

module_init(canary_init);
module_exit(canary_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvcaps test rig: a module that can WARN on purpose");
