// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: the debugfs files that drive the double.
 *
 * /sys/kernel/debug/vmbus_double/control (0200): one command per line,
 * any number of lines per write(). A line may be split across write()s
 * (as "cat big.vmbus > control" does): the incomplete tail is kept per open
 * file and completed by the next write(), or processed at close. A bad line
 * fails the write() with -EINVAL and logs
 * "vmbus_double: control line N: <reason>", N counting the lines written
 * through that open file from 1. The lines before it stay applied; the
 * rest of that write() and any incomplete tail are dropped.
 *
 * /sys/kernel/debug/vmbus_double/state (0444): "version M.m", then the
 * current offers, one "offer ..." line each, in the control syntax.
 *
 * /sys/kernel/debug/vmbus_double/last_register_ns (0444): ktime_get_ns()
 * just before the last offer's device_register(), for latency benchmarks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vmbus_double.h"

struct vd_ctl_file {
	struct mutex lock;	/* serializes write()s on this file */
	unsigned int lineno;	/* lines seen so far */
	size_t len;		/* bytes in line[] */
	bool too_long;		/* the current line exceeds VD_MAX_LINE */
	bool nul;		/* the current line has a NUL byte */
	struct vd_cmd cmd;
	char err[VD_ERR_LEN];
	char chunk[256];
	char line[VD_MAX_LINE + 1];
};

static struct dentry *vd_debugfs_dir;

static int vd_apply(struct vd_ctl_file *ctl)
{
	struct vd_cmd *cmd = &ctl->cmd;
	int ret = 0;

	if (cmd->type == VD_CMD_NOP)
		return 0;

	mutex_lock(&vd_state_lock);
	switch (cmd->type) {
	case VD_CMD_VERSION:
		WRITE_ONCE(vmbus_proto_version, cmd->version);
		break;
	case VD_CMD_OFFER:
		ret = vd_offer(&cmd->offer, ctl->err, sizeof(ctl->err));
		break;
	case VD_CMD_RESCIND:
		ret = vd_rescind(&cmd->instance, ctl->err, sizeof(ctl->err));
		break;
	case VD_CMD_RESET:
		vd_reset();
		break;
	case VD_CMD_OFFER_SUB:
		ret = vd_offer_subchannel(&cmd->sub, ctl->err, sizeof(ctl->err));
		break;
	case VD_CMD_RESCIND_SUB:
		ret = vd_rescind_subchannel(cmd->relid, ctl->err,
					    sizeof(ctl->err));
		break;
	default:
		break;
	}
	mutex_unlock(&vd_state_lock);
	return ret;
}

/* Parses and applies the line in ctl->line[], which is then emptied. */
static int vd_control_line(struct vd_ctl_file *ctl)
{
	int ret;

	ctl->lineno++;
	ctl->line[ctl->len] = '\0';
	ctl->err[0] = '\0';

	if (ctl->too_long) {
		snprintf(ctl->err, sizeof(ctl->err), "line too long (> %d)",
			 VD_MAX_LINE);
		ret = -EINVAL;
	} else if (ctl->nul) {
		snprintf(ctl->err, sizeof(ctl->err), "NUL byte in line");
		ret = -EINVAL;
	} else {
		ret = vd_parse_line(ctl->line, &ctl->cmd, ctl->err,
				    sizeof(ctl->err));
		if (!ret)
			ret = vd_apply(ctl);
	}

	ctl->len = 0;
	ctl->too_long = false;
	ctl->nul = false;

	if (ret) {
		if (!ctl->err[0])
			snprintf(ctl->err, sizeof(ctl->err), "error %d", ret);
		pr_warn("control line %u: %s\n", ctl->lineno, ctl->err);
	}
	return ret;
}

static int vd_control_open(struct inode *inode, struct file *file)
{
	struct vd_ctl_file *ctl;

	ctl = kvzalloc(sizeof(*ctl), GFP_KERNEL);
	if (!ctl)
		return -ENOMEM;
	mutex_init(&ctl->lock);
	file->private_data = ctl;
	return nonseekable_open(inode, file);
}

static ssize_t vd_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct vd_ctl_file *ctl = file->private_data;
	size_t done = 0, n, i;
	ssize_t ret = count;
	char c;

	mutex_lock(&ctl->lock);
	while (done < count) {
		n = min(count - done, sizeof(ctl->chunk));
		if (copy_from_user(ctl->chunk, ubuf + done, n)) {
			ret = -EFAULT;
			goto drop_tail;
		}
		for (i = 0; i < n; i++) {
			c = ctl->chunk[i];
			if (c == '\n') {
				ret = vd_control_line(ctl);
				if (ret)
					goto drop_tail;
				continue;
			}
			if (!c)
				ctl->nul = true;
			if (ctl->len < VD_MAX_LINE)
				ctl->line[ctl->len++] = c;
			else
				ctl->too_long = true;
		}
		done += n;
	}
	ret = count;
	goto out;

drop_tail:
	ctl->len = 0;
	ctl->too_long = false;
	ctl->nul = false;
out:
	mutex_unlock(&ctl->lock);
	return ret;
}

static int vd_control_release(struct inode *inode, struct file *file)
{
	struct vd_ctl_file *ctl = file->private_data;

	/* A last line without its newline; errors can only be logged. */
	if (ctl->len || ctl->too_long)
		vd_control_line(ctl);
	kvfree(ctl);
	return 0;
}

static const struct file_operations vd_control_fops = {
	.owner		= THIS_MODULE,
	.open		= vd_control_open,
	.write		= vd_control_write,
	.release	= vd_control_release,
};

static void *vd_state_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&vd_chan_lock);
	return seq_list_start_head(&vd_chn_list, *pos);
}

static void *vd_state_next(struct seq_file *m, void *v, loff_t *pos)
{
	return seq_list_next(v, &vd_chn_list, pos);
}

static void vd_state_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&vd_chan_lock);
}

static int vd_state_show(struct seq_file *m, void *v)
{
	struct vmbus_channel *ch, *sc;
	const struct vmbus_channel_offer_channel *o;
	char sep = '=';

	if (v == &vd_chn_list) {
		u32 version = READ_ONCE(vmbus_proto_version);

		seq_printf(m, "version %u.%u\n", version >> 16,
			   version & 0xffff);
		return 0;
	}

	ch = list_entry(v, struct vmbus_channel, listentry);
	if (READ_ONCE(ch->rescind))
		return 0;

	o = &ch->offermsg;
	seq_printf(m, "offer class=%pUl instance=%pUl relid=%u cpu=%u",
		   &o->offer.if_type, &o->offer.if_instance, o->child_relid,
		   ch->target_cpu);
	list_for_each_entry(sc, &ch->sc_list, sc_list) {
		seq_printf(m, "%s%c%u:%u", sep == '=' ? " subchannels" : "",
			   sep, sc->offermsg.child_relid, sc->target_cpu);
		sep = ',';
	}
	seq_printf(m, " flags=%x mmio=%u", o->offer.chn_flags,
		   o->offer.mmio_megabytes);
	if (o->monitor_allocated)
		seq_printf(m, " monitor=%u", o->monitorid);
	seq_printf(m, " dedicated=%u\n", o->is_dedicated_interrupt);
	return 0;
}

static const struct seq_operations vd_state_sops = {
	.start	= vd_state_start,
	.next	= vd_state_next,
	.stop	= vd_state_stop,
	.show	= vd_state_show,
};
DEFINE_SEQ_ATTRIBUTE(vd_state);

int vd_control_init(void)
{
	vd_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(vd_debugfs_dir))
		return PTR_ERR(vd_debugfs_dir);

	debugfs_create_file("control", 0200, vd_debugfs_dir, NULL,
			    &vd_control_fops);
	debugfs_create_file("state", 0444, vd_debugfs_dir, NULL,
			    &vd_state_fops);
	debugfs_create_u64("last_register_ns", 0444, vd_debugfs_dir,
			   &vd_last_register_ns);
	return 0;
}

/* Waits for the file operations under way; open files pin the module. */
void vd_control_exit(void)
{
	debugfs_remove_recursive(vd_debugfs_dir);
}
