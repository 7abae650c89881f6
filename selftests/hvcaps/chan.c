// SPDX-License-Identifier: GPL-2.0
/* The shared channel model: GUIDs, expected device types, comparison. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chan.h"

void hv_fmt(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

int hv_guid_parse(const char *text, uint8_t out[HVCAPS_GUID_LEN])
{
	/* guid_t layout: the first three groups are stored little-endian. */
	static const int pos[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
				     8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t raw[16];
	const char *p = text;
	bool brace = false;
	int i = 0;

	if (*p == '{') {
		brace = true;
		p++;
	}
	while (i < 16) {
		int hi, lo;

		if ((i == 4 || i == 6 || i == 8 || i == 10) && *p++ != '-')
			return -1;
		hi = p[0] >= '0' && p[0] <= '9' ? p[0] - '0' :
		     p[0] >= 'a' && p[0] <= 'f' ? p[0] - 'a' + 10 :
		     p[0] >= 'A' && p[0] <= 'F' ? p[0] - 'A' + 10 : -1;
		if (hi < 0)
			return -1;
		lo = p[1] >= '0' && p[1] <= '9' ? p[1] - '0' :
		     p[1] >= 'a' && p[1] <= 'f' ? p[1] - 'a' + 10 :
		     p[1] >= 'A' && p[1] <= 'F' ? p[1] - 'A' + 10 : -1;
		if (lo < 0)
			return -1;
		raw[i++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	if (brace && *p++ != '}')
		return -1;
	if (*p)
		return -1;
	for (i = 0; i < 16; i++)
		out[pos[i]] = raw[i];
	return 0;
}

void hv_guid_fmt(const uint8_t g[HVCAPS_GUID_LEN], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6],
		 g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static const struct {
	const char *guid;
	uint32_t type;
} class_types[] = {
	{ "32412632-86cb-44a2-9b5c-50d1417354f5", HVCAPS_DEV_IDE },
	{ "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", HVCAPS_DEV_SCSI },
	{ "2f9bcc4a-0069-4af3-b76b-6fd0be528cda", HVCAPS_DEV_FC },
	{ "f8615163-df3e-46c5-913f-f2d2f965ed0e", HVCAPS_DEV_NIC },
	{ "8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501", HVCAPS_DEV_ND },
	{ "44c4f61d-4444-4400-9d52-802e27ede19f", HVCAPS_DEV_PCIE },
	{ "da0a7802-e377-4aac-8e77-0558eb1073f8", HVCAPS_DEV_FB },
	{ "f912ad6d-2b17-48ea-bd65-f927a61c7684", HVCAPS_DEV_KBD },
	{ "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", HVCAPS_DEV_MOUSE },
	{ "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", HVCAPS_DEV_KVP },
	{ "9527e630-d0ae-497b-adce-e80ab0175caf", HVCAPS_DEV_TIMESYNC },
	{ "57164f39-9115-4e78-ab55-382f3bd5422d", HVCAPS_DEV_HEARTBEAT },
	{ "0e0b6031-5213-4934-818b-38d90ced39db", HVCAPS_DEV_SHUTDOWN },
	{ "34d14be3-dee4-41c8-9ae7-6b174977c192", HVCAPS_DEV_FCOPY },
	{ "35fa2e29-ea23-4236-96ae-3a6ebacba440", HVCAPS_DEV_VSS },
	{ "525074dc-8985-46e2-8057-a307dc18a502", HVCAPS_DEV_DM },
	{ "f8e65716-3cb3-4a06-9a60-1889c5cccab5", HVCAPS_DEV_AVMA1 },
	{ "3375baf4-9e15-4b30-b765-67acb10d607b", HVCAPS_DEV_AVMA2 },
	{ "276aacf4-ac15-426c-98dd-7521ad3f01fe", HVCAPS_DEV_RDV },
	{ "c376c1c3-d276-48d2-90a9-c04748072c60", HVCAPS_DEV_IMC },
};

uint32_t hv_expected_dev_type(const uint8_t class_id[HVCAPS_GUID_LEN],
			      uint32_t flags)
{
	uint8_t g[HVCAPS_GUID_LEN];
	size_t i;

	if (flags & HV_HVSOCK_FLAG)
		return HVCAPS_DEV_HVSOCK;
	for (i = 0; i < sizeof(class_types) / sizeof(class_types[0]); i++) {
		if (hv_guid_parse(class_types[i].guid, g))
			abort();
		if (!memcmp(g, class_id, sizeof(g)))
			return class_types[i].type;
	}
	return HVCAPS_DEV_UNKNOWN;
}

struct hv_channel *hv_chans_add(struct hv_chans *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct hv_channel *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		c->v = v;
		c->cap = cap;
	}
	memset(&c->v[c->n], 0, sizeof(c->v[0]));
	return &c->v[c->n++];
}

int hv_chan_add_sub(struct hv_channel *ch, const struct hv_sub *s)
{
	struct hv_sub *v = realloc(ch->sub, (ch->nsub + 1) * sizeof(*v));

	if (!v)
		return -1;
	ch->sub = v;
	ch->sub[ch->nsub++] = *s;
	return 0;
}

void hv_chan_free(struct hv_channel *ch)
{
	free(ch->sub);
	ch->sub = NULL;
	ch->nsub = 0;
}

void hv_chans_free(struct hv_chans *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		hv_chan_free(&c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

struct hv_channel *hv_chans_add_copy(struct hv_chans *dst,
				     const struct hv_channel *src)
{
	struct hv_channel *ch = hv_chans_add(dst);

	if (!ch)
		return NULL;
	*ch = *src;
	ch->sub = NULL;
	if (src->nsub) {
		ch->sub = malloc(src->nsub * sizeof(*ch->sub));
		if (!ch->sub) {
			dst->n--;
			return NULL;
		}
		memcpy(ch->sub, src->sub, src->nsub * sizeof(*ch->sub));
	}
	return ch;
}

void hv_chans_remove(struct hv_chans *c, size_t i)
{
	hv_chan_free(&c->v[i]);
	memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof(c->v[0]));
	c->n--;
}

struct hv_channel *hv_chans_find(const struct hv_chans *c,
				 const uint8_t inst[HVCAPS_GUID_LEN])
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!memcmp(c->v[i].instance, inst, HVCAPS_GUID_LEN))
			return &c->v[i];
	return NULL;
}

size_t hv_chans_count_channels(const struct hv_chans *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++)
		n += 1 + c->v[i].nsub;
	return n;
}

static int sub_cmp(const void *a, const void *b)
{
	const struct hv_sub *x = a, *y = b;

	return x->relid < y->relid ? -1 : x->relid > y->relid;
}

#define WHY(...) hv_fmt(why, n, __VA_ARGS__)

static int opt_cmp(bool ha, bool hb, long long va, long long vb,
		   const char *what, const char *inst, char *why, size_t n)
{
	if (ha != hb) {
		WHY("%s: %s %s in one source only (%s/%s)", inst, what,
		    "present", ha ? "yes" : "no", hb ? "yes" : "no");
		return -1;
	}
	if (ha && va != vb) {
		WHY("%s: %s differs: %lld vs %lld", inst, what, va, vb);
		return -1;
	}
	return 0;
}

int hv_chan_compare(const struct hv_channel *a, const struct hv_channel *b,
		    uint32_t fields, char *why, size_t n)
{
	char inst[37], g1[37], g2[37];
	struct hv_sub *sa = NULL, *sb = NULL;
	unsigned int i;
	int ret = -1;

	hv_guid_fmt(a->instance, inst);
	if (memcmp(a->instance, b->instance, HVCAPS_GUID_LEN)) {
		hv_guid_fmt(b->instance, g2);
		WHY("instance differs: %s vs %s", inst, g2);
		return -1;
	}
	if ((fields & HV_F_CLASS) &&
	    memcmp(a->class_id, b->class_id, HVCAPS_GUID_LEN)) {
		hv_guid_fmt(a->class_id, g1);
		hv_guid_fmt(b->class_id, g2);
		WHY("%s: class differs: %s vs %s", inst, g1, g2);
		return -1;
	}
#define SIMPLE(f, field, what)						\
	do {								\
		if ((fields & (f)) && a->field != b->field) {		\
			WHY("%s: %s differs: %lld vs %lld", inst, what,	\
			    (long long)a->field, (long long)b->field);	\
			return -1;					\
		}							\
	} while (0)
	SIMPLE(HV_F_RELID, relid, "relid");
	SIMPLE(HV_F_CPU, cpu, "target cpu");
	SIMPLE(HV_F_FLAGS, flags, "flags");
	SIMPLE(HV_F_MMIO, mmio_mb, "mmio MiB");
	SIMPLE(HV_F_DEDICATED, dedicated, "dedicated interrupt");
	SIMPLE(HV_F_VENDOR, vendor, "vendor id");
	SIMPLE(HV_F_DEVICE, device, "device id");
	SIMPLE(HV_F_DEVTYPE, dev_type, "dev type");
	SIMPLE(HV_F_GEN, generation, "generation");
#undef SIMPLE
	if ((fields & HV_F_MONITOR) &&
	    opt_cmp(a->have & HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID),
		    b->have & HV_BIT(HVCAPS_A_CHANNEL_MONITOR_ID),
		    a->monitor, b->monitor, "monitor id", inst, why, n))
		return -1;
	if ((fields & HV_F_NUMA) &&
	    opt_cmp(a->have & HV_BIT(HVCAPS_A_CHANNEL_NUMA_NODE),
		    b->have & HV_BIT(HVCAPS_A_CHANNEL_NUMA_NODE),
		    a->numa, b->numa, "numa node", inst, why, n))
		return -1;
	if (fields & HV_F_DRIVER) {
		bool ha = a->have & HV_BIT(HVCAPS_A_CHANNEL_DRIVER);
		bool hb = b->have & HV_BIT(HVCAPS_A_CHANNEL_DRIVER);

		if (ha != hb || (ha && strcmp(a->driver, b->driver))) {
			WHY("%s: driver differs: %s vs %s", inst,
			    ha ? a->driver : "(none)", hb ? b->driver : "(none)");
			return -1;
		}
	}
	if ((fields & HV_F_NAME) && strcmp(a->dev_name, b->dev_name)) {
		WHY("%s: dev name differs: '%s' vs '%s'", inst, a->dev_name,
		    b->dev_name);
		return -1;
	}
	if (!(fields & (HV_F_SUBS | HV_F_SUB_MONITOR)))
		return 0;
	if (a->nsub != b->nsub) {
		WHY("%s: %u vs %u sub-channels", inst, a->nsub, b->nsub);
		return -1;
	}
	if (!a->nsub)
		return 0;
	sa = malloc(a->nsub * sizeof(*sa));
	sb = malloc(b->nsub * sizeof(*sb));
	if (!sa || !sb) {
		WHY("out of memory");
		goto out;
	}
	memcpy(sa, a->sub, a->nsub * sizeof(*sa));
	memcpy(sb, b->sub, b->nsub * sizeof(*sb));
	qsort(sa, a->nsub, sizeof(*sa), sub_cmp);
	qsort(sb, b->nsub, sizeof(*sb), sub_cmp);
	for (i = 0; i < a->nsub; i++) {
		if (sa[i].relid != sb[i].relid || sa[i].index != sb[i].index ||
		    sa[i].cpu != sb[i].cpu) {
			WHY("%s: sub-channel (relid %u, index %u, cpu %u) vs (relid %u, index %u, cpu %u)",
			    inst, sa[i].relid, sa[i].index, sa[i].cpu,
			    sb[i].relid, sb[i].index, sb[i].cpu);
			goto out;
		}
		if ((fields & HV_F_SUB_MONITOR) &&
		    opt_cmp(sa[i].have & HV_BIT(HVCAPS_A_SUBCHANNEL_MONITOR_ID),
			    sb[i].have & HV_BIT(HVCAPS_A_SUBCHANNEL_MONITOR_ID),
			    sa[i].monitor, sb[i].monitor,
			    "sub-channel monitor id", inst, why, n))
			goto out;
	}
	ret = 0;
out:
	free(sa);
	free(sb);
	return ret;
}

int hv_chans_check_unique(const struct hv_chans *c, char *why, size_t n)
{
	char g[37];
	size_t i, j;

	for (i = 0; i < c->n; i++)
		for (j = i + 1; j < c->n; j++) {
			if (!memcmp(c->v[i].instance, c->v[j].instance,
				    HVCAPS_GUID_LEN)) {
				hv_guid_fmt(c->v[i].instance, g);
				WHY("instance %s listed twice", g);
				return -1;
			}
			if (c->v[i].relid == c->v[j].relid) {
				WHY("relid %u listed twice", c->v[i].relid);
				return -1;
			}
		}
	return 0;
}

int hv_chans_compare(const struct hv_chans *a, const char *name_a,
		     const struct hv_chans *b, const char *name_b,
		     uint32_t fields, char *why, size_t n)
{
	char g[37];
	size_t i;

	if (hv_chans_check_unique(a, why, n) ||
	    hv_chans_check_unique(b, why, n))
		return -1;
	for (i = 0; i < a->n; i++) {
		const struct hv_channel *o = hv_chans_find(b, a->v[i].instance);
		char r[HV_ERRLEN];

		if (!o) {
			hv_guid_fmt(a->v[i].instance, g);
			WHY("%s has %s (relid %u), %s does not", name_a, g,
			    a->v[i].relid, name_b);
			return -1;
		}
		if (hv_chan_compare(&a->v[i], o, fields, r, sizeof(r))) {
			WHY("%s vs %s: %s", name_a, name_b, r);
			return -1;
		}
	}
	for (i = 0; i < b->n; i++)
		if (!hv_chans_find(a, b->v[i].instance)) {
			hv_guid_fmt(b->v[i].instance, g);
			WHY("%s has %s (relid %u), %s does not", name_b, g,
			    b->v[i].relid, name_a);
			return -1;
		}
	return 0;
}
