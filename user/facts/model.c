// SPDX-License-Identifier: GPL-2.0
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void guid_format(const hv_guid *g, char out[GUID_STR_SIZE])
{
	/* byte index of each pair of hex digits, in text order (%pUl) */
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
					   8, 9, 10, 11, 12, 13, 14, 15 };
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	/* by hand: snprintf made this most of the time of 'list' (callgrind) */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[g->b[order[i]] >> 4];
		*p++ = hex[g->b[order[i]] & 0xf];
	}
	*p = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool guid_parse(const char *s, hv_guid *g)
{
	/* byte index of each pair of hex digits, in text order (%pUl) */
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
				       8, 9, 10, 11, 12, 13, 14, 15 };
	size_t len = strlen(s);
	int i = 0;

	if (len == 38 && s[0] == '{' && s[37] == '}')
		s++;
	else if (len != 36)
		return false;
	for (int pos = 0; pos < 36; ) {
		int hi, lo;

		if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
			if (s[pos] != '-')
				return false;
			pos++;
			continue;
		}
		hi = hexval(s[pos]);
		lo = hexval(s[pos + 1]);
		if (hi < 0 || lo < 0)
			return false;
		g->b[order[i++]] = (uint8_t)(hi << 4 | lo);
		pos += 2;
	}
	return true;
}

/* Class GUIDs, from include/linux/hyperv.h; lsvmbus's names beside. */
static const struct {
	const char *guid;
	uint32_t type;
	const char *lsvmbus;	/* NULL: lsvmbus prints "Unknown" */
} classes[] = {
	{ "0e0b6031-5213-4934-818b-38d90ced39db", HVCAPS_DEV_SHUTDOWN, "[Operating system shutdown]" },
	{ "9527e630-d0ae-497b-adce-e80ab0175caf", HVCAPS_DEV_TIMESYNC, "[Time Synchronization]" },
	{ "57164f39-9115-4e78-ab55-382f3bd5422d", HVCAPS_DEV_HEARTBEAT, "[Heartbeat]" },
	{ "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", HVCAPS_DEV_KVP, "[Data Exchange]" },
	{ "35fa2e29-ea23-4236-96ae-3a6ebacba440", HVCAPS_DEV_VSS, "[Backup (volume checkpoint)]" },
	{ "34d14be3-dee4-41c8-9ae7-6b174977c192", HVCAPS_DEV_FCOPY, "[Guest services]" },
	{ "525074dc-8985-46e2-8057-a307dc18a502", HVCAPS_DEV_DM, "[Dynamic Memory]" },
	{ "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", HVCAPS_DEV_MOUSE, "Synthetic mouse" },
	{ "f912ad6d-2b17-48ea-bd65-f927a61c7684", HVCAPS_DEV_KBD, "Synthetic keyboard" },
	{ "da0a7802-e377-4aac-8e77-0558eb1073f8", HVCAPS_DEV_FB, "Synthetic framebuffer adapter" },
	{ "f8615163-df3e-46c5-913f-f2d2f965ed0e", HVCAPS_DEV_NIC, "Synthetic network adapter" },
	{ "32412632-86cb-44a2-9b5c-50d1417354f5", HVCAPS_DEV_IDE, "Synthetic IDE Controller" },
	{ "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", HVCAPS_DEV_SCSI, "Synthetic SCSI Controller" },
	{ "2f9bcc4a-0069-4af3-b76b-6fd0be528cda", HVCAPS_DEV_FC, "Synthetic fiber channel adapter" },
	{ "8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501", HVCAPS_DEV_ND, "Synthetic RDMA adapter" },
	{ "44c4f61d-4444-4400-9d52-802e27ede19f", HVCAPS_DEV_PCIE, "PCI Express pass-through" },
	{ "276aacf4-ac15-426c-98dd-7521ad3f01fe", HVCAPS_DEV_RDV, "[Reserved system device]" },
	{ "f8e65716-3cb3-4a06-9a60-1889c5cccab5", HVCAPS_DEV_AVMA1, "[Reserved system device]" },
	{ "3375baf4-9e15-4b30-b765-67acb10d607b", HVCAPS_DEV_AVMA2, "[Reserved system device]" },
	{ "c376c1c3-d276-48d2-90a9-c04748072c60", HVCAPS_DEV_IMC, NULL },
};

static int class_index(const hv_guid *class_guid)
{
	static hv_guid bin[ARRAY_SIZE(classes)];
	static bool parsed;

	if (!parsed) {
		for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
			if (!guid_parse(classes[i].guid, &bin[i]))
				abort();	/* a typo in the table above */
		parsed = true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (!memcmp(class_guid->b, bin[i].b, sizeof(bin[i].b)))
			return (int)i;
	return -1;
}

uint32_t class_dev_type(const hv_guid *class_guid)
{
	int i = class_index(class_guid);

	return i < 0 ? HVCAPS_DEV_UNKNOWN : classes[i].type;
}

const char *lsvmbus_description(const hv_guid *class_guid)
{
	int i = class_index(class_guid);

	return i < 0 || !classes[i].lsvmbus ? "Unknown" : classes[i].lsvmbus;
}

static const struct {
	const char *id, *name;
	enum hv_category cat;
} types[] = {
	[HVCAPS_DEV_UNKNOWN] = { "unknown", "Unknown device class", HV_CAT_UNKNOWN },
	[HVCAPS_DEV_IDE] = { "ide", "Synthetic IDE controller", HV_CAT_STORAGE },
	[HVCAPS_DEV_SCSI] = { "scsi", "Synthetic SCSI controller", HV_CAT_STORAGE },
	[HVCAPS_DEV_FC] = { "fc", "Synthetic Fibre Channel adapter", HV_CAT_STORAGE },
	[HVCAPS_DEV_NIC] = { "nic", "Synthetic network adapter", HV_CAT_NETWORK },
	[HVCAPS_DEV_ND] = { "nd", "NetworkDirect (RDMA) adapter", HV_CAT_NETWORK },
	[HVCAPS_DEV_PCIE] = { "pcie", "PCI Express pass-through", HV_CAT_PCI },
	[HVCAPS_DEV_FB] = { "fb", "Synthetic video", HV_CAT_CONSOLE },
	[HVCAPS_DEV_KBD] = { "kbd", "Synthetic keyboard", HV_CAT_CONSOLE },
	[HVCAPS_DEV_MOUSE] = { "mouse", "Synthetic mouse", HV_CAT_CONSOLE },
	[HVCAPS_DEV_KVP] = { "kvp", "Data exchange (KVP)", HV_CAT_INTEGRATION },
	[HVCAPS_DEV_TIMESYNC] = { "timesync", "Time synchronization", HV_CAT_INTEGRATION },
	[HVCAPS_DEV_HEARTBEAT] = { "heartbeat", "Heartbeat", HV_CAT_INTEGRATION },
	[HVCAPS_DEV_SHUTDOWN] = { "shutdown", "Operating system shutdown", HV_CAT_INTEGRATION },
	[HVCAPS_DEV_FCOPY] = { "fcopy", "Guest services (file copy)", HV_CAT_INTEGRATION },
	[HVCAPS_DEV_VSS] = { "vss", "Backup (volume shadow copy)", HV_CAT_INTEGRATION },
	[HVCAPS_DEV_DM] = { "dm", "Dynamic memory", HV_CAT_MEMORY },
	[HVCAPS_DEV_AVMA1] = { "avma1", "Activation (AVMA) 1", HV_CAT_RESERVED },
	[HVCAPS_DEV_AVMA2] = { "avma2", "Activation (AVMA) 2", HV_CAT_RESERVED },
	[HVCAPS_DEV_RDV] = { "rdv", "Remote desktop virtualization", HV_CAT_RESERVED },
	[HVCAPS_DEV_IMC] = { "imc", "Initial machine configuration", HV_CAT_RESERVED },
	[HVCAPS_DEV_HVSOCK] = { "hvsock", "Hyper-V socket service", HV_CAT_SOCKET },
};

_Static_assert(ARRAY_SIZE(types) == __HVCAPS_DEV_CNT,
	       "a device type of the UAPI has no name");

const char *dev_type_id(uint32_t type)
{
	return type < ARRAY_SIZE(types) ? types[type].id : "unknown";
}

const char *dev_type_name(uint32_t type)
{
	return type < ARRAY_SIZE(types) ? types[type].name : types[0].name;
}

enum hv_category dev_type_category(uint32_t type)
{
	return type < ARRAY_SIZE(types) ? types[type].cat : HV_CAT_UNKNOWN;
}

static const struct {
	const char *id, *name;
} categories[HV_CAT_COUNT] = {
	[HV_CAT_STORAGE] = { "storage", "Storage" },
	[HV_CAT_NETWORK] = { "network", "Network" },
	[HV_CAT_PCI] = { "pci", "PCI pass-through" },
	[HV_CAT_CONSOLE] = { "console", "Console (video, keyboard, mouse)" },
	[HV_CAT_INTEGRATION] = { "integration", "Integration services" },
	[HV_CAT_MEMORY] = { "memory", "Memory" },
	[HV_CAT_RESERVED] = { "reserved", "Reserved system devices" },
	[HV_CAT_SOCKET] = { "socket", "Hyper-V sockets" },
	[HV_CAT_UNKNOWN] = { "unknown", "Unknown classes" },
};

const char *category_name(enum hv_category c)
{
	return categories[c].name;
}

const char *category_id(enum hv_category c)
{
	return categories[c].id;
}

const char *vmbus_version_release(uint32_t version)
{
	switch (version) {
	case 0 << 16 | 13: return "Windows Server 2008";
	case 1 << 16 | 1: return "Windows Server 2008 R2";
	case 2 << 16 | 4: return "Windows Server 2012";
	case 3 << 16 | 0: return "Windows Server 2012 R2";
	case 4 << 16 | 0: return "Windows Server 2016";
	case 4 << 16 | 1: return "Windows 10 RS3";
	case 5 << 16 | 0: return "Windows 10, newer than RS3";
	case 5 << 16 | 1: return "Windows 10 RS4";
	case 5 << 16 | 2: return "Windows Server 2019";
	case 5 << 16 | 3: return "Windows Server 2022";
	case 6 << 16 | 0: return "newer than Windows Server 2022";
	}
	return NULL;
}

const char *hv_build_release(uint32_t build)
{
	switch (build) {
	case 9200: return "Windows Server 2012";
	case 9600: return "Windows Server 2012 R2";
	case 14393: return "Windows Server 2016";
	case 17763: return "Windows Server 2019";
	case 20348: return "Windows Server 2022";
	case 26100: return "Windows Server 2025";
	}
	return NULL;
}

const char *isolation_name(uint32_t isolation)
{
	switch (isolation) {
	case HVCAPS_ISOLATION_NONE: return "none";
	case HVCAPS_ISOLATION_VBS: return "VBS";
	case HVCAPS_ISOLATION_SNP: return "AMD SEV-SNP";
	case HVCAPS_ISOLATION_TDX: return "Intel TDX";
	}
	return NULL;
}

struct hv_device *model_add_device(struct hv_model *m)
{
	struct hv_device *d;

	if (m->ndev == m->dev_cap) {	/* grow geometrically: linear cost */
		m->dev_cap = m->dev_cap ? 2 * m->dev_cap : 16;
		m->dev = xrealloc(m->dev, m->dev_cap * sizeof(*m->dev));
	}
	d = &m->dev[m->ndev];
	memset(d, 0, sizeof(*d));
	d->order = m->ndev++;
	return d;
}

struct hv_channel *device_add_channel(struct hv_device *d)
{
	struct hv_channel *c;

	if (d->nchan == d->chan_cap) {
		d->chan_cap = d->chan_cap ? 2 * d->chan_cap : 4;
		d->chan = xrealloc(d->chan, d->chan_cap * sizeof(*d->chan));
	}
	c = &d->chan[d->nchan++];
	memset(c, 0, sizeof(*c));
	return c;
}

static int cmp_device(const void *a, const void *b)
{
	const struct hv_device *x = a, *y = b;

	if (x->relid != y->relid)
		return x->relid < y->relid ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_channel(const void *a, const void *b)
{
	const struct hv_channel *x = a, *y = b;

	/* relids are unique on a bus; the primary first on a tie anyway */
	if (x->relid != y->relid)
		return x->relid < y->relid ? -1 : 1;
	return (int)y->primary - (int)x->primary;
}

void model_sort(struct hv_model *m)
{
	if (m->ndev)
		qsort(m->dev, m->ndev, sizeof(*m->dev), cmp_device);
	for (size_t i = 0; i < m->ndev; i++)
		if (m->dev[i].nchan)
			qsort(m->dev[i].chan, m->dev[i].nchan,
			      sizeof(*m->dev[i].chan), cmp_channel);
}

void model_free(struct hv_model *m)
{
	for (size_t i = 0; i < m->ndev; i++) {
		free(m->dev[i].name);
		free(m->dev[i].type_name);
		free(m->dev[i].driver);
		free(m->dev[i].chan);
	}
	free(m->dev);
	free(m->host.module_version);
	free(m->host.cpu_signature);
	memset(m, 0, sizeof(*m));
}
