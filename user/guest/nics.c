// SPDX-License-Identifier: GPL-2.0
/*
 * The synthetic NICs: every /sys/class/net/<name> whose device is bound to
 * hv_netvsc or sits on the vmbus bus (its device's subsystem link), with
 * its MTU and queues from sysfs and the SR-IOV VF paired with it: the
 * netdev named by a lower_<vf> link of the synthetic one, or whose master
 * link names it (netvsc makes the VF its lower device).
 *
 * sysfs has no MTU limits or offload features. On the live system only
 * (no --root), they come from rtnetlink (IFLA_MIN_MTU, IFLA_MAX_MTU) and
 * from the SIOCETHTOOL ioctl (ETHTOOL_GFEATURES: the active features by
 * their ethtool names; VLAN offload is rx-vlan-hw-parse and
 * tx-vlan-hw-insert); with a --root they are unknown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "guest.h"
#include "util.h"

/* linux/if_link.h (4.18+): spelled out for older headers */
#define HV_IFLA_MIN_MTU 50
#define HV_IFLA_MAX_MTU 51

static void read_u32(struct hv_guest *g, const struct groot *r, const char *path,
		     struct opt_u32 *out)
{
	char *v;

	if (groot_value(g, r, path, &v))
		return;
	if (parse_u32(v, &out->v))
		out->known = true;
	else
		guest_diag(g, path, "malformed content \"%.40s\" (expected a decimal number)", v);
	free(v);
}

static void count_queues(const struct groot *r, const char *name, struct guest_nic *n)
{
	char *dir = xasprintf("/sys/class/net/%s/queues", name);
	struct strv q;

	if (!groot_list(r, dir, &q)) {
		n->rx_queues.known = n->tx_queues.known = true;
		for (size_t i = 0; i < q.n; i++) {
			if (!strncmp(q.v[i], "rx-", 3))
				n->rx_queues.v++;
			else if (!strncmp(q.v[i], "tx-", 3))
				n->tx_queues.v++;
		}
	}
	for (size_t i = 0; i < q.n; i++)
		free(q.v[i]);
	free(q.v);
	free(dir);
}

/* ---- live only: rtnetlink and ethtool ---- */

struct mtu_reply {
	struct opt_u32 min, max;
};

static int on_link(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HV_IFLA_MAX_MTU + 1];
	struct mtu_reply *m = arg;

	if (nlmsg_parse(nlmsg_hdr(msg), sizeof(struct ifinfomsg), tb, HV_IFLA_MAX_MTU, NULL))
		return NL_SKIP;
	if (tb[HV_IFLA_MIN_MTU] && nla_len(tb[HV_IFLA_MIN_MTU]) >= 4) {
		m->min.known = true;
		m->min.v = nla_get_u32(tb[HV_IFLA_MIN_MTU]);
	}
	if (tb[HV_IFLA_MAX_MTU] && nla_len(tb[HV_IFLA_MAX_MTU]) >= 4) {
		m->max.known = true;
		m->max.v = nla_get_u32(tb[HV_IFLA_MAX_MTU]);
	}
	return NL_OK;
}

static void live_mtu_limits(struct guest_nic *n)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct mtu_reply m = { { 0 }, { 0 } };
	struct nl_sock *sk;

	ifi.ifi_index = (int)if_nametoindex(n->name);
	if (!ifi.ifi_index)
		return;
	sk = nl_socket_alloc();
	if (!sk)
		return;
	if (!nl_connect(sk, NETLINK_ROUTE) &&
	    nl_send_simple(sk, RTM_GETLINK, 0, &ifi, sizeof(ifi)) >= 0 &&
	    !nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_link, &m) &&
	    nl_recvmsgs_default(sk) >= 0 && (m.min.known || m.max.known)) {
		n->min_mtu = m.min;
		n->max_mtu = m.max;
		n->mtu_limits_source = xstrdup("rtnetlink (IFLA_MIN_MTU, IFLA_MAX_MTU)");
	}
	nl_socket_free(sk);
}

static int ethtool(int fd, const char *name, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

static void live_features(struct guest_nic *n)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t len;
	} sset = { .hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_FEATURES } };
	struct ethtool_gstrings *names = NULL;
	struct ethtool_gfeatures *feats = NULL;
	uint32_t count, blocks;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (ethtool(fd, n->name, &sset) || !sset.hdr.sset_mask || !sset.len ||
	    sset.len > 4096)
		goto out;
	count = sset.len;
	blocks = (count + 31) / 32;
	names = xcalloc(1, sizeof(*names) + (size_t)count * ETH_GSTRING_LEN);
	names->cmd = ETHTOOL_GSTRINGS;
	names->string_set = ETH_SS_FEATURES;
	names->len = count;
	feats = xcalloc(1, sizeof(*feats) + blocks * sizeof(feats->features[0]));
	feats->cmd = ETHTOOL_GFEATURES;
	feats->size = blocks;
	if (ethtool(fd, n->name, names) || ethtool(fd, n->name, feats))
		goto out;
	n->features.known = true;
	n->features_source = xstrdup("SIOCETHTOOL (ETHTOOL_GFEATURES)");
	n->vlan_rx_offload.known = n->vlan_tx_offload.known = true;
	for (uint32_t i = 0; i < count && i / 32 < feats->size; i++) {
		char name[ETH_GSTRING_LEN + 1];

		if (!(feats->features[i / 32].active & (1u << (i % 32))))
			continue;
		memcpy(name, names->data + (size_t)i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		if (!*name)
			continue;
		strv_add(&n->features, xstrdup(name));
		if (!strcmp(name, "rx-vlan-hw-parse"))
			n->vlan_rx_offload.v = true;
		if (!strcmp(name, "tx-vlan-hw-insert"))
			n->vlan_tx_offload.v = true;
	}
out:
	free(names);
	free(feats);
	close(fd);
}

/* ---- sysfs ---- */

/* The driver and bus of /sys/class/net/<name>/device; 0 if it has one. */
static int device_of(const struct groot *r, const char *name, char **driver,
		     char **bus, char **dev)
{
	char *p = xasprintf("/sys/class/net/%s/device", name);
	char *q = xasprintf("%s/driver", p), *s = xasprintf("%s/subsystem", p);
	int e = groot_link_base(r, p, dev);

	*driver = *bus = NULL;
	if (!e) {
		groot_link_base(r, q, driver);
		groot_link_base(r, s, bus);
	}
	free(p);
	free(q);
	free(s);
	return e;
}

static void find_vf(const struct groot *r, struct guest_nic *n, const struct strv *all)
{
	char *dir = xasprintf("/sys/class/net/%s", n->name);
	struct strv ents;

	if (!groot_list(r, dir, &ents)) {
		for (size_t i = 0; i < ents.n && !n->vf; i++)
			if (!strncmp(ents.v[i], "lower_", 6) && ents.v[i][6])
				n->vf = xstrdup(ents.v[i] + 6);
	}
	for (size_t i = 0; i < ents.n; i++)
		free(ents.v[i]);
	free(ents.v);
	free(dir);
	/* else a netdev whose master is this one */
	for (size_t i = 0; i < all->n && !n->vf; i++) {
		char *m = xasprintf("/sys/class/net/%s/master", all->v[i]), *base;

		if (!groot_link_base(r, m, &base)) {
			if (!strcmp(base, n->name) && strcmp(all->v[i], n->name))
				n->vf = xstrdup(all->v[i]);
			free(base);
		}
		free(m);
	}
	if (n->vf) {
		char *bus = NULL;

		if (device_of(r, n->vf, &n->vf_driver, &bus, &n->vf_device)) {
			n->vf_device = NULL;
		}
		free(bus);
	}
}

void guest_collect_nics(struct hv_guest *g, const struct groot *r)
{
	struct guest_nics *ns = &g->nics;
	struct strv all;
	int e = groot_list(r, "/sys/class/net", &all);

	if (e) {
		ns->why = why_errno("/sys/class/net", e);
		goto out;
	}
	ns->known = true;
	for (size_t i = 0; i < all.n; i++) {
		char *driver, *bus, *dev, *p;
		struct guest_nic *n;

		if (device_of(r, all.v[i], &driver, &bus, &dev))
			continue;	/* no device: a virtual interface */
		if (!(driver && !strcmp(driver, "hv_netvsc")) && !(bus && !strcmp(bus, "vmbus"))) {
			free(driver);
			free(bus);
			free(dev);
			continue;
		}
		ns->list = xrealloc(ns->list, (ns->n + 1) * sizeof(*ns->list));
		n = &ns->list[ns->n++];
		memset(n, 0, sizeof(*n));
		n->name = xstrdup(all.v[i]);
		n->driver = driver;
		n->vmbus_device = dev;
		free(bus);
		p = xasprintf("/sys/class/net/%s/mtu", n->name);
		read_u32(g, r, p, &n->mtu);
		free(p);
		count_queues(r, n->name, n);
		find_vf(r, n, &all);
		if (r->live) {
			live_mtu_limits(n);
			live_features(n);
		}
	}
out:
	for (size_t i = 0; i < all.n; i++)
		free(all.v[i]);
	free(all.v);
}
