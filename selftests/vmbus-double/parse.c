// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_double: parsing of the control lines (see README.md).
 *
 *   # comment; blank lines are ignored; trailing "# ..." comments allowed
 *   version <major>.<minor>
 *   offer class=<guid> instance=<guid> relid=<n> [cpu=<n>]
 *         [subchannels=<relid>:<cpu>,...] [flags=<hex>] [mmio=<MiB>]
 *         [monitor=<n>] [dedicated=0|1]
 *   rescind instance=<guid>
 *   reset
 *   offer-subchannel instance=<guid> relid=<n> [cpu=<n>]
 *   rescind-subchannel relid=<n>
 *
 * Only the syntax and the ranges are checked here; what depends on the
 * current offers and CPUs is checked by offer.c.
 */
#include <linux/bitops.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "vmbus_double.h"

enum vd_key {
	VD_KEY_CLASS,
	VD_KEY_INSTANCE,
	VD_KEY_RELID,
	VD_KEY_CPU,
	VD_KEY_SUBCHANNELS,
	VD_KEY_FLAGS,
	VD_KEY_MMIO,
	VD_KEY_MONITOR,
	VD_KEY_DEDICATED,
	VD_NR_KEYS
};

static const char * const vd_key_names[VD_NR_KEYS] = {
	[VD_KEY_CLASS]		= "class",
	[VD_KEY_INSTANCE]	= "instance",
	[VD_KEY_RELID]		= "relid",
	[VD_KEY_CPU]		= "cpu",
	[VD_KEY_SUBCHANNELS]	= "subchannels",
	[VD_KEY_FLAGS]		= "flags",
	[VD_KEY_MMIO]		= "mmio",
	[VD_KEY_MONITOR]	= "monitor",
	[VD_KEY_DEDICATED]	= "dedicated",
};

/* Splits off the next whitespace-separated token of *@p, or NULL. */
static char *vd_next_token(char **p)
{
	char *s = skip_spaces(*p), *e = s;

	if (!*s)
		return NULL;
	while (*e && !isspace(*e))
		e++;
	if (*e)
		*e++ = '\0';
	*p = e;
	return s;
}

/* A GUID, any case, with or without braces. */
static int vd_parse_guid(char *s, guid_t *guid, char *err, size_t errlen)
{
	char *g = s;
	size_t len = strlen(s);

	if (len == UUID_STRING_LEN + 2 && s[0] == '{' && s[len - 1] == '}') {
		s[len - 1] = '\0';
		g = s + 1;
		len -= 2;
	}
	if (len != UUID_STRING_LEN || guid_parse(g, guid)) {
		if (g != s)
			g[len] = '}';
		snprintf(err, errlen, "malformed GUID '%s'", s);
		return -EINVAL;
	}
	return 0;
}

static int vd_parse_u32(const char *s, unsigned int base, u32 max, u32 *val,
			const char *what, char *err, size_t errlen)
{
	if (kstrtou32(s, base, val) || *val > max) {
		snprintf(err, errlen, "malformed number '%s' for %s", s, what);
		return -EINVAL;
	}
	return 0;
}

static int vd_check_relid(u32 relid, char *err, size_t errlen)
{
	if (!relid) {
		snprintf(err, errlen, "relid 0 is reserved");
		return -EINVAL;
	}
	if (relid >= VD_RELID_LIMIT) {
		snprintf(err, errlen, "relid %u out of range (1..%u)", relid,
			 VD_RELID_LIMIT - 1);
		return -EINVAL;
	}
	return 0;
}

/* subchannels=<relid>:<cpu>,<relid>:<cpu>,... */
static int vd_parse_subchannels(char *s, struct vd_offer_args *o, char *err,
				size_t errlen)
{
	unsigned int n = 1;
	char *item, *cpu;
	const char *c;
	int ret;

	for (c = s; *c; c++)
		if (*c == ',')
			n++;
	if (n > VD_MAX_SUBCHANNELS) {
		snprintf(err, errlen, "too many subchannels (%u > %u)", n,
			 VD_MAX_SUBCHANNELS);
		return -EINVAL;
	}

	o->nr_sub = 0;
	while ((item = strsep(&s, ","))) {
		struct vd_subchannel_args *sc = &o->sub[o->nr_sub];

		cpu = strchr(item, ':');
		if (!cpu || !*item || cpu == item) {
			snprintf(err, errlen,
				 "malformed subchannel '%s' (want relid:cpu)",
				 item);
			return -EINVAL;
		}
		*cpu++ = '\0';
		ret = vd_parse_u32(item, 10, U32_MAX, &sc->relid,
				   "subchannel relid", err, errlen);
		if (!ret)
			ret = vd_check_relid(sc->relid, err, errlen);
		if (!ret)
			ret = vd_parse_u32(cpu, 10, U32_MAX, &sc->cpu,
					   "subchannel cpu", err, errlen);
		if (ret)
			return ret;
		o->nr_sub++;
	}
	return 0;
}

static int vd_parse_offer_key(enum vd_key key, char *val,
			      struct vd_offer_args *o, char *err,
			      size_t errlen)
{
	u32 v;
	int ret;

	switch (key) {
	case VD_KEY_CLASS:
		return vd_parse_guid(val, &o->class_id, err, errlen);
	case VD_KEY_INSTANCE:
		return vd_parse_guid(val, &o->instance, err, errlen);
	case VD_KEY_RELID:
		ret = vd_parse_u32(val, 10, U32_MAX, &o->relid, "relid", err,
				   errlen);
		return ret ? ret : vd_check_relid(o->relid, err, errlen);
	case VD_KEY_CPU:
		return vd_parse_u32(val, 10, U32_MAX, &o->cpu, "cpu", err,
				    errlen);
	case VD_KEY_SUBCHANNELS:
		return vd_parse_subchannels(val, o, err, errlen);
	case VD_KEY_FLAGS:
		ret = vd_parse_u32(val, 16, U16_MAX, &v, "flags", err, errlen);
		o->flags = v;
		return ret;
	case VD_KEY_MMIO:
		ret = vd_parse_u32(val, 10, U16_MAX, &v, "mmio", err, errlen);
		o->mmio_mb = v;
		return ret;
	case VD_KEY_MONITOR:
		ret = vd_parse_u32(val, 10, U32_MAX, &v, "monitor", err,
				   errlen);
		if (!ret && v > U8_MAX) {
			snprintf(err, errlen, "monitor %u > %u", v, U8_MAX);
			ret = -EINVAL;
		}
		o->monitor_id = v;
		o->monitor_allocated = true;
		return ret;
	case VD_KEY_DEDICATED:
		ret = vd_parse_u32(val, 10, 1, &v, "dedicated", err, errlen);
		o->dedicated = v;
		return ret;
	default:
		return -EINVAL;
	}
}

/*
 * key=value arguments of an "offer" (or "offer-subchannel": @cmd names it)
 * line into @o: only the keys in @allowed, each at most once, and every
 * key in @required.
 */
static int vd_parse_keys(char *p, const char *cmd, unsigned long allowed,
			 unsigned long required, struct vd_offer_args *o,
			 char *err, size_t errlen)
{
	unsigned long seen = 0, missing;
	char *tok, *val;
	int key, ret;

	memset(o, 0, offsetof(struct vd_offer_args, sub));

	while ((tok = vd_next_token(&p))) {
		val = strchr(tok, '=');
		if (val)
			*val++ = '\0';
		key = match_string(vd_key_names, VD_NR_KEYS, tok);
		if (key < 0) {
			snprintf(err, errlen, "unknown key '%s'", tok);
			return -EINVAL;
		}
		if (!(allowed & BIT(key))) {
			snprintf(err, errlen, "key '%s' not allowed in %s",
				 tok, cmd);
			return -EINVAL;
		}
		if (!val || !*val) {
			snprintf(err, errlen, "key '%s' needs a value", tok);
			return -EINVAL;
		}
		if (__test_and_set_bit(key, &seen)) {
			snprintf(err, errlen, "duplicate key '%s'", tok);
			return -EINVAL;
		}
		ret = vd_parse_offer_key(key, val, o, err, errlen);
		if (ret)
			return ret;
	}

	missing = required & ~seen;
	if (missing) {
		snprintf(err, errlen, "missing key '%s'",
			 vd_key_names[__ffs(missing)]);
		return -EINVAL;
	}
	return 0;
}

static int vd_parse_offer(char *p, struct vd_offer_args *o, char *err,
			  size_t errlen)
{
	return vd_parse_keys(p, "offer", BIT(VD_NR_KEYS) - 1,
			     BIT(VD_KEY_CLASS) | BIT(VD_KEY_INSTANCE) |
			     BIT(VD_KEY_RELID), o, err, errlen);
}

/* offer-subchannel instance=<guid> relid=<n> [cpu=<n>] */
static int vd_parse_offer_sub(char *p, struct vd_cmd *cmd, char *err,
			      size_t errlen)
{
	const unsigned long required = BIT(VD_KEY_INSTANCE) | BIT(VD_KEY_RELID);
	int ret;

	ret = vd_parse_keys(p, "offer-subchannel", required | BIT(VD_KEY_CPU),
			    required, &cmd->offer, err, errlen);
	if (ret)
		return ret;
	cmd->sub.instance = cmd->offer.instance;
	cmd->sub.relid = cmd->offer.relid;
	cmd->sub.cpu = cmd->offer.cpu;
	return 0;
}

static int vd_parse_version(char **p, u32 *version, char *err,
			    size_t errlen)
{
	char *tok = vd_next_token(p), *minor;
	u16 maj, min;

	minor = tok ? strchr(tok, '.') : NULL;
	if (minor)
		*minor++ = '\0';
	if (!minor || kstrtou16(tok, 10, &maj) || kstrtou16(minor, 10, &min)) {
		snprintf(err, errlen, "malformed version (want major.minor)");
		return -EINVAL;
	}
	*version = (u32)maj << 16 | min;
	return 0;
}

static int vd_parse_rescind(char **p, guid_t *instance, char *err,
			    size_t errlen)
{
	char *tok = vd_next_token(p);

	if (!tok || strncmp(tok, "instance=", 9)) {
		snprintf(err, errlen, "rescind wants instance=<guid>");
		return -EINVAL;
	}
	return vd_parse_guid(tok + 9, instance, err, errlen);
}

/* rescind-subchannel relid=<n> */
static int vd_parse_rescind_sub(char **p, u32 *relid, char *err,
				size_t errlen)
{
	char *tok = vd_next_token(p);
	int ret;

	if (!tok || strncmp(tok, "relid=", 6) || !tok[6]) {
		snprintf(err, errlen, "rescind-subchannel wants relid=<n>");
		return -EINVAL;
	}
	ret = vd_parse_u32(tok + 6, 10, U32_MAX, relid, "relid", err, errlen);
	return ret ? ret : vd_check_relid(*relid, err, errlen);
}

/**
 * vd_parse_line() - parse one control line
 * @line: the line, without its newline; modified
 * @cmd: the parsed command
 * @err: where to describe a rejection
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL with the reason in @err.
 */
int vd_parse_line(char *line, struct vd_cmd *cmd, char *err, size_t errlen)
{
	char *p = line, *word, *extra, *hash;
	int ret;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';

	cmd->type = VD_CMD_NOP;
	word = vd_next_token(&p);
	if (!word)
		return 0;

	if (!strcmp(word, "offer")) {
		cmd->type = VD_CMD_OFFER;
		return vd_parse_offer(p, &cmd->offer, err, errlen);
	}
	if (!strcmp(word, "offer-subchannel")) {
		cmd->type = VD_CMD_OFFER_SUB;
		return vd_parse_offer_sub(p, cmd, err, errlen);
	}

	if (!strcmp(word, "version")) {
		cmd->type = VD_CMD_VERSION;
		ret = vd_parse_version(&p, &cmd->version, err, errlen);
	} else if (!strcmp(word, "rescind")) {
		cmd->type = VD_CMD_RESCIND;
		ret = vd_parse_rescind(&p, &cmd->instance, err, errlen);
	} else if (!strcmp(word, "rescind-subchannel")) {
		cmd->type = VD_CMD_RESCIND_SUB;
		ret = vd_parse_rescind_sub(&p, &cmd->relid, err, errlen);
	} else if (!strcmp(word, "reset")) {
		cmd->type = VD_CMD_RESET;
		ret = 0;
	} else {
		snprintf(err, errlen, "unknown command '%s'", word);
		return -EINVAL;
	}
	if (ret)
		return ret;

	extra = vd_next_token(&p);
	if (extra) {
		snprintf(err, errlen, "unexpected argument '%s'", extra);
		return -EINVAL;
	}
	return 0;
}
