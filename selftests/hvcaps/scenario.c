// SPDX-License-Identifier: GPL-2.0
/* The VMBus double's scenario language: parse, format, load. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "sysfs.h"

#define WHY(...) hv_fmt(err, n, __VA_ARGS__)

void hv_scenario_free(struct hv_scenario *sc)
{
	hv_chans_free(&sc->chans);
	memset(sc, 0, sizeof(*sc));
}

static int parse_u32(const char *s, int base, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno || *end || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int parse_subs(char *val, struct hv_channel *ch, char *msg, size_t n)
{
	char *save = NULL, *item;

	if (!*val) {
		hv_fmt(msg, n, "empty subchannels list");
		return -1;
	}
	for (item = strtok_r(val, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		struct hv_sub s = { .have = HV_SUB_REQUIRED };
		char *colon = strchr(item, ':');

		if (!colon) {
			hv_fmt(msg, n, "sub-channel '%s' is not relid:cpu",
				 item);
			return -1;
		}
		*colon = 0;
		if (parse_u32(item, 10, &s.relid) ||
		    parse_u32(colon + 1, 10, &s.cpu)) {
			hv_fmt(msg, n, "sub-channel '%s:%s' is not relid:cpu",
				 item, colon + 1);
			return -1;
		}
		if (!s.relid || s.relid >= HV_RELID_LIMIT) {
			hv_fmt(msg, n, "sub-channel relid %u out of range",
			       s.relid);
			return -1;
		}
		if (ch->nsub == HV_MAX_SUBCHANNELS) {
			hv_fmt(msg, n, "more than %u sub-channels",
			       HV_MAX_SUBCHANNELS);
			return -1;
		}
		s.index = ch->nsub + 1;
		if (hv_chan_add_sub(ch, &s)) {
			hv_fmt(msg, n, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* "offer k=v ..." (WORDS after the verb). */
static int parse_offer(char *words, struct hv_channel *ch, char *msg, size_t n)
{
	enum { K_CLASS, K_INSTANCE, K_RELID, K_CPU, K_SUBS, K_FLAGS, K_MMIO,
	       K_MONITOR, K_DEDICATED, K_CNT };
	static const char *const keys[K_CNT] = {
		"class", "instance", "relid", "cpu", "subchannels", "flags",
		"mmio", "monitor", "dedicated",
	};
	unsigned int seen = 0;
	char *save = NULL, *w;
	uint32_t v;

	ch->have = HV_BIT(HVCAPS_A_CHANNEL_FLAGS) |
		   HV_BIT(HVCAPS_A_CHANNEL_MMIO_MB) |
		   HV_BIT(HVCAPS_A_CHANNEL_TARGET_CPU) |
		   HV_BIT(HVCAPS_A_CHANNEL_DEDICATED_INTR);
	for (w = strtok_r(words, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(w, '='), *val;
		int k;

		if (!eq) {
			hv_fmt(msg, n, "'%s' is not key=value", w);
			return -1;
		}
		*eq = 0;
		val = eq + 1;
		for (k = 0; k < K_CNT && strcmp(w, keys[k]); k++)
			;
		if (k == K_CNT) {
			hv_fmt(msg, n, "unknown key '%s'", w);
			return -1;
		}
		if (seen & (1u << k)) {
			hv_fmt(msg, n, "key '%s' given twice", w);
			return -1;
		}
		seen |= 1u << k;
		switch (k) {
		case K_CLASS:
		case K_INSTANCE:
			if (hv_guid_parse(val, k == K_CLASS ? ch->class_id :
							       ch->instance)) {
				hv_fmt(msg, n, "%s: '%s' is not a GUID",
					 keys[k], val);
				return -1;
			}
			break;
		case K_SUBS:
			if (parse_subs(val, ch, msg, n))
				return -1;
			break;
		case K_DEDICATED:
			if (strcmp(val, "0") && strcmp(val, "1")) {
				hv_fmt(msg, n, "dedicated: '%s' is not 0 or 1",
					 val);
				return -1;
			}
			ch->dedicated = val[0] == '1';
			break;
		default:
			if (parse_u32(val, k == K_FLAGS ? 16 : 10, &v)) {
				hv_fmt(msg, n, "%s: '%s' is not a%s number",
					 keys[k], val,
					 k == K_FLAGS ? " hex" : "");
				return -1;
			}
			if ((k == K_FLAGS || k == K_MMIO) && v > 0xffff) {
				hv_fmt(msg, n, "%s: %u does not fit 16 bits",
				       keys[k], v);
				return -1;
			}
			if (k == K_MONITOR && v > 255) {
				hv_fmt(msg, n, "monitor %u > 255", v);
				return -1;
			}
			if (k == K_RELID && (!v || v >= HV_RELID_LIMIT)) {
				hv_fmt(msg, n, "relid %u out of range", v);
				return -1;
			}
			if (k == K_RELID)
				ch->relid = v;
			else if (k == K_CPU)
				ch->cpu = v;
			else if (k == K_FLAGS)
				ch->flags = v;
			else if (k == K_MMIO)
				ch->mmio_mb = v;
			else {
				ch->monitor = v;
				ch->have |= HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID);
			}
			break;
		}
	}
	for (v = 0; v < 3; v++)
		if (!(seen & (1u << v))) {
			hv_fmt(msg, n, "offer without %s=", keys[v]);
			return -1;
		}
	ch->have |= HV_BIT(HVCAPS_A_CHANNEL_INSTANCE) |
		    HV_BIT(HVCAPS_A_CHANNEL_CLASS) |
		    HV_BIT(HVCAPS_A_CHANNEL_RELID) |
		    HV_BIT(HVCAPS_A_CHANNEL_DEV_TYPE);
	ch->dev_type = hv_expected_dev_type(ch->class_id, ch->flags);
	return 0;
}

static int parse_line(char *line, struct hv_scenario *sc, char *msg,
		      size_t n)
{
	char *verb, *rest, *save = NULL;
	size_t i;

	/* A '#' starts a comment anywhere on the line. */
	line[strcspn(line, "#")] = 0;
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line)
		return 0;
	verb = strtok_r(line, " \t", &save);
	rest = save ? save : verb + strlen(verb);
	if (!strcmp(verb, "version")) {
		unsigned int major, minor;
		char tail;

		if (sscanf(rest, " %u.%u %c", &major, &minor, &tail) != 2 ||
		    major > 0xffff || minor > 0xffff) {
			hv_fmt(msg, n, "version: '%s' is not major.minor", rest);
			return -1;
		}
		sc->has_version = true;
		sc->version = major << 16 | minor;
		return 0;
	}
	if (!strcmp(verb, "reset")) {
		if (strspn(rest, " \t") != strlen(rest)) {
			hv_fmt(msg, n, "reset takes no argument");
			return -1;
		}
		/* The double's reset rescinds everything, the version stays. */
		hv_chans_free(&sc->chans);
		return 0;
	}
	if (!strcmp(verb, "rescind")) {
		char *tok, *extra, *save2 = NULL;
		uint8_t g[16];

		tok = strtok_r(rest, " \t", &save2);
		extra = tok ? strtok_r(NULL, " \t", &save2) : NULL;
		if (!tok || extra || strncmp(tok, "instance=", 9) ||
		    hv_guid_parse(tok + 9, g)) {
			hv_fmt(msg, n, "rescind takes one instance=<guid>");
			return -1;
		}
		for (i = 0; i < sc->chans.n; i++)
			if (!memcmp(sc->chans.v[i].instance, g, 16))
				break;
		if (i == sc->chans.n) {
			hv_fmt(msg, n, "rescind of an instance not offered");
			return -1;
		}
		hv_chans_remove(&sc->chans, i);
		return 0;
	}
	if (!strcmp(verb, "offer")) {
		struct hv_channel ch = { 0 };
		char why[HV_ERRLEN];
		size_t j;

		if (parse_offer(rest, &ch, msg, n))
			goto bad;
		for (i = 0; i < sc->chans.n; i++) {
			const struct hv_channel *o = &sc->chans.v[i];

			if (!memcmp(o->instance, ch.instance, 16)) {
				hv_fmt(msg, n, "instance offered twice");
				goto bad;
			}
			for (j = 0; j <= ch.nsub; j++) {
				uint32_t r = j ? ch.sub[j - 1].relid : ch.relid;
				unsigned int k;

				if (o->relid == r)
					goto dup;
				for (k = 0; k < o->nsub; k++)
					if (o->sub[k].relid == r)
						goto dup;
				continue;
dup:
				hv_fmt(msg, n, "relid %u already in use", r);
				goto bad;
			}
		}
		for (j = 0; j < ch.nsub; j++) {
			size_t k;

			if (ch.sub[j].relid == ch.relid)
				goto self;
			for (k = 0; k < j; k++)
				if (ch.sub[k].relid == ch.sub[j].relid)
					goto self;
			continue;
self:
			hv_fmt(msg, n, "relid %u used twice in the offer",
				 ch.sub[j].relid);
			goto bad;
		}
		if (!hv_chans_add_copy(&sc->chans, &ch)) {
			hv_fmt(why, sizeof(why), "out of memory");
			hv_fmt(msg, n, "%s", why);
			goto bad;
		}
		hv_chan_free(&ch);
		return 0;
bad:
		hv_chan_free(&ch);
		return -1;
	}
	hv_fmt(msg, n, "unknown command '%s'", verb);
	return -1;
}

int hv_scenario_parse(const char *name, const char *text,
		      struct hv_scenario *sc, char *err, size_t n)
{
	char *copy = strdup(text), *line, *next;
	char msg[HV_ERRLEN];
	unsigned int lineno = 0;

	memset(sc, 0, sizeof(*sc));
	if (!copy) {
		WHY("%s: out of memory", name);
		return -1;
	}
	for (line = copy; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		if (!next && !*line)
			break;
		if (parse_line(line, sc, msg, sizeof(msg))) {
			WHY("%s:%u: %s", name, lineno, msg);
			free(copy);
			hv_scenario_free(sc);
			return -1;
		}
	}
	free(copy);
	return 0;
}

static char *slurp(const char *path, char *err, size_t n)
{
	size_t size = 1 << 16, len = 0;
	char *buf = malloc(size);
	ssize_t r;
	int fd;

	if (!buf) {
		WHY("%s: out of memory", path);
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		WHY("%s: %s", path, strerror(errno));
		free(buf);
		return NULL;
	}
	for (;;) {
		if (len + 1 >= size) {
			char *nb = realloc(buf, size *= 2);

			if (!nb) {
				WHY("%s: out of memory", path);
				goto fail;
			}
			buf = nb;
		}
		r = read(fd, buf + len, size - 1 - len);
		if (r < 0) {
			WHY("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (!r)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	if (strlen(buf) != len) {
		WHY("%s: contains a NUL byte", path);
		free(buf);
		return NULL;
	}
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

int hv_scenario_parse_file(const char *path, struct hv_scenario *sc,
			   char *err, size_t n)
{
	char *text = slurp(path, err, n);
	int ret;

	memset(sc, 0, sizeof(*sc));
	if (!text)
		return -1;
	ret = hv_scenario_parse(path, text, sc, err, n);
	free(text);
	return ret;
}

void hv_offer_line(const struct hv_channel *ch, char *buf, size_t size)
{
	char inst[37], cls[37];
	size_t off;
	unsigned int i;

	hv_guid_fmt(ch->instance, inst);
	hv_guid_fmt(ch->class_id, cls);
	off = (size_t)snprintf(buf, size,
			       "offer class=%s instance=%s relid=%u cpu=%u flags=%x mmio=%u dedicated=%u",
			       cls, inst, ch->relid, ch->cpu, ch->flags,
			       ch->mmio_mb, ch->dedicated);
	if ((ch->have & HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID)) && off < size)
		off += (size_t)snprintf(buf + off, size - off, " monitor=%u",
					ch->monitor);
	for (i = 0; i < ch->nsub && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%u:%u",
					i ? "," : " subchannels=",
					ch->sub[i].relid, ch->sub[i].cpu);
	if (off < size)
		snprintf(buf + off, size - off, "\n");
}

bool hv_double_present(void)
{
	return access(HV_DOUBLE_CONTROL, W_OK) == 0;
}

int hv_double_write(const char *cmd)
{
	size_t len = strlen(cmd);
	ssize_t r;
	int fd;

	fd = open(HV_DOUBLE_CONTROL, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write(fd, cmd, len);
	if (r < 0) {
		r = -errno;
		close(fd);
		return (int)r;
	}
	close(fd);
	return (size_t)r == len ? 0 : -EIO;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t r = write(fd, buf, len);

	if (r < 0)
		return -errno;
	return (size_t)r == len ? 0 : -EIO;
}

int hv_double_load_text(const char *name, const char *text, char *err,
			size_t n)
{
	char *copy = strdup(text), *line, *next, *buf = NULL;
	unsigned int lineno = 0;
	int fd, ret = -1, r;

	if (!copy) {
		WHY("%s: out of memory", name);
		return -1;
	}
	fd = open(HV_DOUBLE_CONTROL, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		WHY("%s: %s: %s", name, HV_DOUBLE_CONTROL, strerror(errno));
		goto out;
	}
	r = write_all(fd, "reset\n", 6);
	if (r) {
		WHY("%s: writing reset to %s: %s", name, HV_DOUBLE_CONTROL,
		    strerror(-r));
		goto out;
	}
	for (line = copy; line; line = next) {
		int tries = 0;
		char *p;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (!*p || *p == '#')
			continue;
		/* One command per write(), so a refusal names its line. */
		free(buf);
		buf = malloc(strlen(line) + 2);
		if (!buf) {
			WHY("%s:%u: out of memory", name, lineno);
			goto out;
		}
		sprintf(buf, "%s\n", line);
		/*
		 * An offer may reuse the instance or relids of a device that
		 * was rescinded but not released yet (the double refuses
		 * those until then): give the release a few seconds.
		 */
		while ((r = write_all(fd, buf, strlen(buf))) == -EINVAL &&
		       !strncmp(p, "offer", 5) && tries++ < 50)
			usleep(100000);
		if (r) {
			WHY("%s:%u: the double refused the line: %s", name,
			    lineno, strerror(-r));
			goto out;
		}
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(copy);
	return ret;
}

int hv_double_load_file(const char *path, char *err, size_t n)
{
	char *text = slurp(path, err, n);
	int ret;

	if (!text)
		return -1;
	ret = hv_double_load_text(path, text, err, n);
	free(text);
	return ret;
}

const char *hv_default_scenario(void)
{
	const char *s = getenv("HVCAPS_SCENARIO");

	return s && *s ? s : NULL;
}
