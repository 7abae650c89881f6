#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of `hvcaps features` (user/matrix/features.c), on snapshots.

Builds a snapshot of a guest that has every feature (a Generation 2 VM on
Windows Server 2019 with everything offered, RHEL 8.10), then one snapshot
per case with a few facts changed (a guest that lacks a feature, or where
hvcaps cannot tell), runs `HVCAPS --snapshot FILE features --json [ARGS]`
on each, and checks the states (and where given the check id, the host
release). Prints one line per check, "ok<TAB>name" or
"not ok<TAB>name<TAB>details", for user/tests/features_tests.sh.

    features_cases.py HVCAPS TMPDIR
"""
import copy
import json
import subprocess
import sys


# enum hvcaps_dev_type (include/uapi/linux/hvcaps.h)
TYPES = {"ide": 1, "scsi": 2, "fc": 3, "nic": 4, "pcie": 6, "fb": 7, "kbd": 8,
         "mouse": 9, "kvp": 10, "timesync": 11, "heartbeat": 12, "shutdown": 13,
         "fcopy": 14, "vss": 15, "dm": 16, "hvsock": 21}
CLASSES = {
    "ide": "32412632-86cb-44a2-9b5c-50d1417354f5",
    "scsi": "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f",
    "fc": "2f9bcc4a-0069-4af3-b76b-6fd0be528cda",
    "nic": "f8615163-df3e-46c5-913f-f2d2f965ed0e",
    "pcie": "44c4f61d-4444-4400-9d52-802e27ede19f",
    "fb": "da0a7802-e377-4aac-8e77-0558eb1073f8",
    "kbd": "f912ad6d-2b17-48ea-bd65-f927a61c7684",
    "mouse": "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a",
    "kvp": "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6",
    "timesync": "9527e630-d0ae-497b-adce-e80ab0175caf",
    "heartbeat": "57164f39-9115-4e78-ab55-382f3bd5422d",
    "shutdown": "0e0b6031-5213-4934-818b-38d90ced39db",
    "fcopy": "34d14be3-dee4-41c8-9ae7-6b174977c192",
    "vss": "35fa2e29-ea23-4236-96ae-3a6ebacba440",
    "dm": "525074dc-8985-46e2-8057-a307dc18a502",
    "hvsock": "00000016-facb-11e6-bd58-64006a7986d3",
}


def device(kind, relid, subchannels=(), driver=None, cpu=0):
    inst = "%08x-0000-4000-8000-%012x" % (relid, relid)
    chans = [{"relid": relid, "primary": True, "index": 0, "cpu": cpu}]
    for i, (r, c) in enumerate(subchannels):
        chans.append({"relid": r, "primary": False, "index": i + 1, "cpu": c})
    return {"name": inst, "instance": inst, "class_guid": CLASSES[kind], "relid": relid,
            "type": TYPES[kind], "driver": driver, "target_cpu": cpu,
            "mmio_mb": 32 if kind == "pcie" else None, "channels": chans}


def full():
    devs = [
        device("dm", 1, driver="hv_balloon"), device("mouse", 2), device("kbd", 3),
        device("fb", 4, driver="hyperv_fb"), device("heartbeat", 5),
        device("kvp", 6, driver="hv_utils"), device("shutdown", 7),
        device("timesync", 8, driver="hv_utils"), device("vss", 9, driver="hv_utils"),
        device("fcopy", 10, driver="hv_utils"),
        device("nic", 11, [(15, 1), (16, 0), (17, 1)], "hv_netvsc"),
        device("scsi", 12, [(18, 0)], "hv_storvsc"),
        device("pcie", 13, driver="hv_pci"), device("hvsock", 14),
        device("fc", 19, driver="hv_storvsc"),
    ]
    host = {"vmbus_present": True, "vmbus_version": 5 << 16 | 2, "hv_build": 17763,
            "efi_boot": True, "secure_boot": True}
    guest = {
        "root": "/",
        "os": {"id": "rhel", "version_id": "8.10", "source": "/etc/os-release"},
        "kernel": {"release": "4.18.0-553.el8_10.x86_64", "arch": "x86_64",
                   "arch_source": "uname", "pae": False, "pae_source": "x86_64"},
        "lis": {"flavour": "builtin", "evidence": ["test"], "packages": []},
        "daemons": {"services": [
            {"service": "kvp", "running": True, "process": "hypervkvpd", "pid": 900},
            {"service": "vss", "running": True, "process": "hypervvssd", "pid": 901},
            {"service": "fcopy", "running": True, "process": "hypervfcopyd", "pid": 902}],
            "source": "/proc/*/comm"},
        "nics": {"interfaces": [
            {"name": "eth0", "vmbus_device": devs[10]["name"], "driver": "hv_netvsc",
             "mtu": 1500, "min_mtu": 68, "max_mtu": 65521, "rx_queues": 4, "tx_queues": 4,
             "features": ["rx-checksum", "tx-checksum-ip-generic", "tx-tcp-segmentation",
                          "rx-vlan-hw-parse", "tx-vlan-hw-insert"],
             "features_source": "SIOCETHTOOL (ETHTOOL_GFEATURES)",
             "vlan_rx_offload": True, "vlan_tx_offload": True,
             "vf": "eth1", "vf_driver": "mlx5_core", "vf_device": "0001:00:02.0"}]},
        "disks": {"disks": [
            {"name": "sda", "vmbus_device": devs[11]["name"], "vmbus_class": "scsi",
             "driver": "hv_storvsc", "wwid": "t10.MSFT    5b3a1d2ee1d04bdb",
             "discard": True, "discard_max_bytes": 4294966784}]},
        "firmware": {"efi": True, "efi_source": "/sys/firmware/efi", "secure_boot": True,
                     "secure_boot_source": "efivars"},
        "ptp": {"hyperv": True, "device": "ptp0"},
        "hvsock": {"loaded": True, "vsock_loaded": True, "module_available": True,
                   "module_source": "modules.dep"},
        "memory": {"balloon_loaded": True, "hot_add": True, "auto_online_blocks": "online",
                   "udev_rules": []},
        "diagnostics": [],
    }
    return {"schema": "hvcaps-snapshot", "schema_version": 1, "hvcaps_version": "test",
            "created": "1970-01-01T00:00:00Z",
            "kernel_facts": {"source": "netlink", "host": host, "devices": devs},
            "guest": guest}


def drop(kinds):
    def f(s):
        s["kernel_facts"]["devices"] = [d for d in s["kernel_facts"]["devices"]
                                        if d["type"] not in [TYPES[k] for k in kinds]]
    return f


def host(**kw):
    def f(s):
        s["kernel_facts"]["host"].update(kw)
    return f


def guest(section, **kw):
    def f(s):
        s["guest"][section].update(kw)
    return f


def nic(**kw):
    def f(s):
        s["guest"]["nics"]["interfaces"][0].update(kw)
    return f


def disk(**kw):
    def f(s):
        s["guest"]["disks"]["disks"][0].update(kw)
    return f


def daemon(service, **kw):
    def f(s):
        for d in s["guest"]["daemons"]["services"]:
            if d["service"] == service:
                d.update(kw)
    return f


def channel_cpu(cpu):
    def f(s):
        s["kernel_facts"]["devices"][10]["channels"][1]["cpu"] = cpu
    return f


def no_channels(s):
    for d in s["kernel_facts"]["devices"]:
        if d["type"] == TYPES["nic"]:
            d["channels"] = [d["channels"][0]]


def channels_unknown(s):
    for d in s["kernel_facts"]["devices"]:
        if d["type"] == TYPES["nic"]:
            d["channels"] = None


# what an isolated guest's kernel refuses (6.1's vmbus_devs[].allowed_in_isolated)
CVM_REFUSED = ["kvp", "vss", "fcopy", "dm", "fb", "kbd", "mouse", "pcie", "fc", "ide"]


def cvm(isolation, kernel, keep=()):
    """An isolated guest: the refused offers gone, the isolation from the module."""
    return all_of(drop([k for k in CVM_REFUSED if k not in keep]), host(hv_isolation=isolation),
                  guest("kernel", release=kernel))


def all_of(*fs):
    def f(s):
        for x in fs:
            x(s)
    return f


FULL = {
    "core": "yes", "accurate-time": "yes", "vcpus-over-256": "unknown",
    "jumbo-frames": "yes", "vlan": "yes", "live-migration": "inferred",
    "static-ip-injection": "inferred", "vrss": "yes", "tso-checksum-offload": "yes",
    "sr-iov": "yes", "vhdx-resize": "inferred", "virtual-fibre-channel": "yes",
    "live-backup": "yes", "trim": "yes", "scsi-wwn": "yes", "pae": "n/a",
    "mmio-gap": "inferred", "dm-hot-add": "yes", "dm-ballooning": "yes",
    "runtime-memory-resize": "inferred", "hyperv-video": "yes", "kvp": "yes",
    "nmi": "inferred", "file-copy": "yes", "lsvmbus": "yes", "hv-sockets": "yes",
    "pci-passthrough": "yes", "uefi-boot": "yes", "secure-boot": "yes",
    # beyond the matrix (hvfeatures.h): the full guest is a schema-1
    # snapshot without PCI functions, NVMe, UIO or power facts
    "accelerated-networking": "yes", "nvme-disks": "unknown", "confidential-vm": "unknown",
    "fcopy-uio": "n/a", "hibernation": "unknown", "gpu": "unknown",
}


def fcopy_uio(s):
    """file copy as kernel 6.10 serves it: uio_hv_generic, /sys/.../uio/uio0"""
    fc = [d for d in s["kernel_facts"]["devices"] if d["type"] == TYPES["fcopy"]][0]
    fc["driver"] = "uio_hv_generic"
    s["guest"]["uio"] = {"uio_devices": [{"vmbus_device": fc["name"], "uio": "uio0",
                                      "driver": "uio_hv_generic"}]}
    s["guest"]["kernel"]["release"] = "6.12.57+deb13-amd64"
    for d in s["guest"]["daemons"]["services"]:
        if d["service"] == "fcopy":
            d["process"] = "hv_fcopy_uio_da"


def power(**kw):
    def f(s):
        p = {"state": "freeze mem disk", "disk": True, "resume": "8:3",
             "resume_cmdline": None, "swaps": ["/dev/sda3"]}
        p.update(kw)
        s["guest"]["power"] = p
    return f


def pci_function(cls, vendor, device, netdevs=(), driver=None):
    def f(s):
        pcie = [d for d in s["kernel_facts"]["devices"] if d["type"] == TYPES["pcie"]][0]
        s["guest"].setdefault("pci", {"functions": []})["functions"].append(
            {"address": "0001:00:00.0", "vmbus_device": pcie["name"], "vendor": vendor,
             "device": device, "class_code": cls, "driver": driver, "netdevs": list(netdevs),
             "nvme": [], "name": None})
    return f


def dxgkrnl(s):
    d = device("pcie", 30)
    d.update(type=0, class_guid="6e382d18-3336-4f4b-acc4-2b7703d4df4a", mmio_mb=None)
    s["kernel_facts"]["devices"].append(d)


def nvme_disk(**kw):
    def f(s):
        d = {"name": "nvme0n1", "transport": "nvme", "nvme_controller": "nvme0",
             "pci_address": "8a31:00:00.0", "model": "MSFT NVMe Accelerator v1.0",
             "serial": "SN: 000001", "wwid": "nvme.1414-3030-3030-00000001",
             "discard": True, "discard_max_bytes": 2199023255040}
        d.update(kw)
        s["guest"]["disks"]["disks"].append(d)
    return f

# (name, change, expected states {id: state or (state, check)}, extra args, host check)
CASES = [
    # the features beyond the matrix
    ("--isolation snp: a confidential VM", lambda s: None,
     {"confidential-vm": "yes"}, ["--isolation", "snp"], None),
    ("--isolation none: not a confidential VM", lambda s: None,
     {"confidential-vm": "no"}, ["--isolation", "none"], None),
    ("file copy over UIO, its daemon running", fcopy_uio, {"fcopy-uio": "yes"}, [], None),
    ("file copy over UIO, the old daemon running instead", all_of(
        fcopy_uio, daemon("fcopy", process="hypervfcopyd")), {"fcopy-uio": "no"}, [], None),
    ("file copy over UIO, daemons unknown", all_of(
        fcopy_uio, daemon("fcopy", running=None, process=None)), {"fcopy-uio": "unknown"}, [],
     None),
    ("file copy unbound on 6.12: no", all_of(fcopy_uio, lambda s: s["kernel_facts"]["devices"][9]
                                              .update(driver=None), guest("uio", uio_devices=[])),
     {"fcopy-uio": "no"}, [], None),
    ("file copy unbound on 4.18: n/a (hv_utils's)", lambda s: s["kernel_facts"]["devices"][9]
     .update(driver=None), {"fcopy-uio": "n/a"}, [], None),
    ("file copy withheld: fcopy-uio no", drop(["fcopy"]), {"fcopy-uio": "no"}, [], None),
    ("hibernation ready as far as the guest can see: inferred, never yes", power(),
     {"hibernation": "inferred"}, [], None),
    ("hibernation: resume= on the command line is a resume device",
     power(resume="0:0", resume_cmdline="UUID=1234"), {"hibernation": "inferred"}, [], None),
    ("hibernation: no disk in /sys/power/state", power(state="freeze mem", disk=False),
     {"hibernation": "no"}, [], None),
    ("hibernation: no swap", power(swaps=[]), {"hibernation": "no"}, [], None),
    ("hibernation: no resume device", power(resume="0:0"), {"hibernation": "no"}, [], None),
    ("hibernation: no shutdown offer", all_of(power(), drop(["shutdown"])),
     {"hibernation": "no"}, [], None),
    ("hibernation: swaps unknown", power(swaps=None), {"hibernation": "unknown"}, [], None),
    ("gpu: a 3D controller behind the vPCI offer", pci_function(0x030200, 0x10de, 0x1db4,
                                                               driver="nvidia"),
     {"gpu": "yes"}, [], None),
    ("gpu: a NIC function is no GPU", pci_function(0x020000, 0x15b3, 0x101a, ["eth1"]),
     {"gpu": "unknown"}, [], None),
    ("gpu: a dxgkrnl offer", dxgkrnl, {"gpu": "yes"}, [], None),
    ("accelerated networking: the VF's PCI function names MANA", all_of(
        nic(vf_driver=None), pci_function(0x020000, 0x1414, 0x00ba, ["eth1"], "mana")),
     {"accelerated-networking": "yes", "sr-iov": "yes"}, [], None),
    ("accelerated networking: no VF paired", nic(vf=None, vf_driver=None, vf_device=None),
     {"accelerated-networking": "unknown"}, [], None),
    ("accelerated networking: no NIC offer, no VF", all_of(drop(["nic"]), nic(vf=None)),
     {"accelerated-networking": "no"}, [], None),
    ("nvme-disks: an NVMe namespace; trim from it alone", all_of(
        nvme_disk(), disk(discard=False, discard_max_bytes=0)),
     {"nvme-disks": "yes", "trim": "yes", "scsi-wwn": "yes"}, [], None),
    ("trim: neither the storvsc disk nor the NVMe namespace discards", all_of(
        nvme_disk(discard=False, discard_max_bytes=0), disk(discard=False, discard_max_bytes=0)),
     {"nvme-disks": "yes", "trim": "no"}, [], None),
    ("nvme-disks on an isolated 6.1 guest without its PCI offer: n/a-isolated", all_of(
        drop(["pcie"]), guest("kernel", release="6.1.0-57-amd64")),
     {"nvme-disks": "n/a-isolated", "gpu": "n/a-isolated"}, ["--isolation", "snp"], None),
    ("no VMBus at all", all_of(host(vmbus_present=False, vmbus_version=None, hv_build=None),
                               lambda s: s["kernel_facts"].update(devices=[])),
     {"core": "no", "lsvmbus": "no", "live-migration": "unknown", "nmi": "unknown",
      "mmio-gap": "unknown", "kvp": "no", "hyperv-video": "no"}, [], None),
    ("VMBus without NIC, SCSI or IDE offers", drop(["nic", "scsi", "ide"]),
     {"core": "no", "live-migration": "unknown", "nmi": "unknown", "lsvmbus": "yes",
      "vrss": "no", "jumbo-frames": "no", "vlan": "no", "tso-checksum-offload": "no",
      "vhdx-resize": "unknown"}, [], None),
    ("VMBus unknown (sysfs, empty)", all_of(host(vmbus_present=None, vmbus_version=None,
                                                 hv_build=None),
                                            lambda s: s["kernel_facts"].update(devices=[])),
     {"core": "unknown", "lsvmbus": "unknown"}, [], None),
    ("a 2012 R2 host: no accurate time, runtime resize or hv_sock",
     all_of(host(vmbus_version=3 << 16, hv_build=9600), drop(["hvsock"])),
     {"accurate-time": "no", "runtime-memory-resize": "no", "hv-sockets": "no"}, [],
     ("2012r2", "build")),
    ("no hyperv PTP clock", guest("ptp", hyperv=False, device=None),
     {"accurate-time": "no"}, [], None),
    ("PTP unknown, VMBus 5.2: accurate time inferred", guest("ptp", hyperv=None, device=None),
     {"accurate-time": "inferred"}, [], None),
    ("no time sync offer", drop(["timesync"]), {"accurate-time": "no"}, [], None),
    ("a channel on CPU 300", channel_cpu(300), {"vcpus-over-256": "yes"}, [], None),
    ("max MTU 1500", nic(max_mtu=1500), {"jumbo-frames": "no"}, [], None),
    ("MTU 9000, limits unknown", nic(mtu=9000, max_mtu=None), {"jumbo-frames": "yes"}, [], None),
    ("MTU limits unknown (--root)", nic(max_mtu=None, min_mtu=None),
     {"jumbo-frames": "inferred"}, [], None),
    ("offloads known, none", nic(features=["rx-checksum"], vlan_rx_offload=False,
                                 vlan_tx_offload=False),
     {"vlan": "no", "tso-checksum-offload": "no"}, [], None),
    ("offloads unknown", nic(features=None, vlan_rx_offload=None, vlan_tx_offload=None),
     {"vlan": "inferred", "tso-checksum-offload": "inferred"}, [], None),
    ("no NIC offer", drop(["nic"]),
     {"jumbo-frames": "no", "vlan": "no", "vrss": "no", "tso-checksum-offload": "no",
      "core": "yes"}, [], None),
    ("no sub-channels", no_channels, {"vrss": "no"}, [], None),
    ("channels unknown", channels_unknown, {"vrss": "unknown"}, [], None),
    ("no VF", nic(vf=None, vf_driver=None, vf_device=None), {"sr-iov": "unknown"}, [], None),
    ("no SCSI offer", drop(["scsi"]), {"vhdx-resize": "unknown"}, [], None),
    ("no Fibre Channel offer", drop(["fc"]), {"virtual-fibre-channel": "unknown"}, [], None),
    ("no KVP daemon", daemon("kvp", running=False, process=None, pid=None),
     {"kvp": ("no", "hyperv-daemons"), "static-ip-injection": ("no", "hyperv-daemons")},
     [], None),
    ("no KVP offer", drop(["kvp"]), {"kvp": "no", "static-ip-injection": "no"}, [], None),
    ("daemons unknown", lambda s: s["guest"].update(
        daemons={"services": [{"service": "kvp"}, {"service": "vss"}, {"service": "fcopy"}],
                 "why": "no /proc"}),
     {"kvp": "unknown", "live-backup": "unknown", "file-copy": "unknown",
      "static-ip-injection": "unknown"}, [], None),
    ("no VSS daemon", daemon("vss", running=False, process=None, pid=None),
     {"live-backup": ("no", "hyperv-daemons")}, [], None),
    ("no VSS offer", drop(["vss"]), {"live-backup": "no"}, [], None),
    ("no discard, no wwid", disk(discard=False, discard_max_bytes=0, wwid=None),
     {"trim": "no", "scsi-wwn": "no"}, [], None),
    ("disks unknown", lambda s: s["guest"].update(disks={"disks": None, "why": "x"}),
     {"trim": "unknown", "scsi-wwn": "unknown"}, [], None),
    ("32-bit PAE kernel", guest("kernel", arch="i686", pae=True),
     {"pae": "yes", "dm-ballooning": ("no", "kernel-64bit"), "dm-hot-add": "no"}, [], None),
    ("32-bit kernel without PAE", guest("kernel", arch="i686", pae=False),
     {"pae": "no"}, [], None),
    ("architecture unknown", guest("kernel", arch=None, pae=None), {"pae": "unknown"}, [], None),
    ("no dynamic memory offer", drop(["dm"]),
     {"dm-hot-add": "no", "dm-ballooning": "no", "runtime-memory-resize": "no"}, [], None),
    ("hv_balloon not loaded", all_of(guest("memory", balloon_loaded=False),
                                     lambda s: s["kernel_facts"]["devices"][0].update(driver=None)),
     {"dm-ballooning": "no", "dm-hot-add": "no", "runtime-memory-resize": "no"}, [], None),
    ("hv_balloon unknown, unbound", all_of(guest("memory", balloon_loaded=None),
                                           lambda s: s["kernel_facts"]["devices"][0].update(driver=None)),
     {"dm-ballooning": "unknown", "dm-hot-add": "unknown",
      "runtime-memory-resize": "inferred"}, [], None),
    ("nothing onlines memory", guest("memory", auto_online_blocks="offline", udev_rules=[]),
     {"dm-hot-add": ("no", "memory-online-rule"), "dm-ballooning": "yes"}, [], None),
    ("a udev rule onlines memory", guest("memory", auto_online_blocks="offline",
                                         udev_rules=["/etc/udev/rules.d/100-balloon.rules:1: x"]),
     {"dm-hot-add": "yes"}, [], None),
    ("memhp_default_state=online", guest("memory", auto_online_blocks=None, udev_rules=None,
                                         memhp_default_state="online"),
     {"dm-hot-add": "yes"}, [], None),
    ("onlining unknown", guest("memory", auto_online_blocks=None, udev_rules=None),
     {"dm-hot-add": "unknown", "dm-ballooning": "yes"}, [], None),
    ("hot_add=N", guest("memory", hot_add=False), {"dm-hot-add": "no"}, [], None),
    ("no video offer", drop(["fb"]), {"hyperv-video": "no"}, [], None),
    ("no file-copy daemon", daemon("fcopy", running=False, process=None, pid=None),
     {"file-copy": ("no", "hyperv-daemons")}, [], None),
    ("no file-copy offer", drop(["fcopy"]), {"file-copy": "no"}, [], None),
    ("no hv_sock offer, module loaded", drop(["hvsock"]), {"hv-sockets": "inferred"}, [], None),
    ("no hv_sock offer, no module", all_of(drop(["hvsock"]),
                                           guest("hvsock", loaded=False, module_available=False)),
     {"hv-sockets": "no"}, [], None),
    ("no PCI pass-through offer", drop(["pcie"]), {"pci-passthrough": "unknown"}, [], None),
    ("BIOS boot", all_of(guest("firmware", efi=False, secure_boot=False),
                         host(efi_boot=False, secure_boot=False)),
     {"uefi-boot": ("unknown", "secure-boot-gen2"), "secure-boot": "unknown"}, [], None),
    ("Secure Boot off", guest("firmware", secure_boot=False),
     {"uefi-boot": "yes", "secure-boot": ("unknown", "secure-boot-gen2")}, [], None),
    ("firmware from the kernel facts when the guest's is unknown",
     all_of(guest("firmware", efi=None, secure_boot=None), host(efi_boot=True, secure_boot=True)),
     {"uefi-boot": "yes", "secure-boot": "yes"}, [], None),
    # isolated (confidential) guests: what the kernel refuses is n/a-isolated
    ("SNP guest on 6.1: the refused offers are n/a-isolated", cvm(2, "6.1.0-57-amd64"),
     {"kvp": "n/a-isolated", "static-ip-injection": "n/a-isolated",
      "live-backup": "n/a-isolated", "file-copy": "n/a-isolated", "dm-hot-add": "n/a-isolated",
      "dm-ballooning": "n/a-isolated", "runtime-memory-resize": "n/a-isolated",
      "hyperv-video": "n/a-isolated", "pci-passthrough": "n/a-isolated",
      "virtual-fibre-channel": "n/a-isolated", "core": "yes", "hv-sockets": "yes",
      "accurate-time": "yes"}, [], None),
    ("TDX guest on 6.12: PCI pass-through is allowed there", cvm(3, "6.12.95+deb12-amd64",
                                                                keep=["pcie"]),
     {"kvp": "n/a-isolated", "pci-passthrough": "yes", "dm-ballooning": "n/a-isolated"},
     [], None),
    ("TDX guest on 6.12 without a PCI offer: not refused, unknown as anywhere",
     cvm(3, "6.12.95+deb12-amd64"), {"pci-passthrough": "unknown", "kvp": "n/a-isolated"},
     [], None),
    ("a 7.2 kernel is read as 6.12, the newest table", cvm(2, "7.2.13+deb14-amd64"),
     {"kvp": "n/a-isolated", "pci-passthrough": "unknown"}, [], None),
    ("VBS guest on 6.1", cvm(1, "6.1.0-57-amd64"), {"kvp": "n/a-isolated"}, [], None),
    ("isolated, kernel 5.14 (between 5.10 and 6.1): the refusal is unknown",
     cvm(2, "5.14.0-427.el9.x86_64"), {"kvp": "unknown", "live-backup": "unknown"}, [], None),
    ("isolated, kernel 5.10 keeps every offer: a missing one is no", cvm(2, "5.10.0-46-amd64"),
     {"kvp": "no", "hyperv-video": "no"}, [], None),
    ("isolated, kernel release unknown: unknown", cvm(2, None), {"kvp": "unknown"}, [], None),
    ("not isolated: the same offers missing are no", cvm(0, "6.1.0-57-amd64"),
     {"kvp": "no", "live-backup": "no", "hyperv-video": "no"}, [], None),
    ("--isolation snp overrides the module's none", cvm(0, "6.1.0-57-amd64"),
     {"kvp": "n/a-isolated"}, ["--isolation", "snp"], None),
    ("--isolation none overrides the module's SNP", cvm(2, "6.1.0-57-amd64"),
     {"kvp": "no"}, ["--isolation", "none"], None),
    ("isolation from the guest's CPUID when the module does not tell",
     all_of(cvm(None, "6.1.0-57-amd64"),
            lambda s: s["guest"].update(isolation={"type": 3, "paravisor": True,
                                                   "source": "CPUID 0x4000000C EAX 0x1 EBX 0x3"})),
     {"kvp": "n/a-isolated"}, [], None),
    # the host release
    ("host release from the build", lambda s: None, {}, [], ("2019", "build")),
    ("an unknown build is read as the release before it", host(hv_build=19041), {}, [],
     ("2019", "build")),
    ("host release from VMBus 5.3 without a build", host(hv_build=None, vmbus_version=5 << 16 | 3),
     {}, [], ("2022", "vmbus")),
    ("VMBus 6.0 is read as 2025", host(hv_build=None, vmbus_version=6 << 16), {}, [],
     ("2025", "vmbus")),
    ("VMBus 4.0 is 2016", host(hv_build=None, vmbus_version=4 << 16), {}, [], ("2016", "vmbus")),
    ("no build, no VMBus version: unknown", host(hv_build=None, vmbus_version=None),
     {"runtime-memory-resize": "unknown"}, [], (None, "none")),
    ("--host overrides", lambda s: None, {}, ["--host", "2012R2"], ("2012r2", "option")),
    ("--host 2012r2 makes accurate time and runtime resize no", lambda s: None,
     {"accurate-time": "no", "runtime-memory-resize": "no"}, ["--host", "2012r2"], None),
]


def run(snap, args, name):
    """Run features --json on snap; (json, None) or (None, why)."""
    path = "%s/features-%d.json" % (TMP, abs(hash(name)))
    with open(path, "w") as f:
        json.dump(snap, f)
    p = subprocess.run([HVCAPS, "--snapshot", path, "features", "--json"] + args,
                       capture_output=True, text=True)
    if p.returncode != 0 or p.stderr:
        return None, "exit %d, stderr: %s" % (p.returncode, p.stderr[:1000])
    return json.loads(p.stdout), None


def check(name, j, states, hostwant):
    bad = []
    got = {f["id"]: f for f in j["features"]}
    for fid, want in states.items():
        want_state, want_check = want if isinstance(want, tuple) else (want, None)
        f = got.get(fid)
        if f is None:
            bad.append("%s: missing from the output" % fid)
            continue
        if f["state"] != want_state:
            bad.append("%s: state %s, expected %s (evidence: %s)" %
                       (fid, f["state"], want_state, "; ".join(f["evidence"])))
        if want_check and f["check"] != want_check:
            bad.append("%s: check %s, expected %s" % (fid, f["check"], want_check))
        if f["state"] == "n/a-isolated" and not any("allowed_in_isolated" in e
                                                     for e in f["evidence"]):
            bad.append("%s: n/a-isolated without the kernel's rule as evidence" % fid)
        if f["state"] not in ("yes",) and f["state"] != "n/a" and not f["evidence"]:
            bad.append("%s: no evidence" % fid)
    if hostwant:
        h = j["host"]
        if (h["release"], h["source"]) != hostwant:
            bad.append("host release %s from %s, expected %s from %s" %
                       (h["release"], h["source"], hostwant[0], hostwant[1]))
    return bad


def report(name, bad):
    if bad:
        print("not ok\t%s\t%s" % (name, " | ".join(bad)))
    else:
        print("ok\t%s" % name)


def main():
    global HVCAPS, TMP
    HVCAPS, TMP = sys.argv[1], sys.argv[2]
    base = full()
    j, e = run(base, [], "full")
    if e:
        report("features: the full guest", [e])
        return
    report("features: the full guest has every feature it can show",
           check("full", j, FULL, ("2019", "build")))
    ids = [f["id"] for f in j["features"]]
    report("features: every feature id of data/FORMAT.md, in the matrix's order",
           [] if ids == list(FULL) else ["ids: %s" % ids])
    noev = [f["id"] for f in j["features"] if not f["evidence"]]
    report("features: every feature has evidence", ["no evidence: %s" % noev] if noev else [])
    report("features: the full guest has no remediation where yes",
           [f["id"] for f in j["features"] if f["state"] == "yes" and f["remediation"]])
    for name, change, states, args, hostwant in CASES:
        s = copy.deepcopy(base)
        change(s)
        j, e = run(s, args, name)
        if e:
            report("features: " + name, [e])
            continue
        bad = check(name, j, states, hostwant)
        for f in j["features"]:
            if f["state"] == "no" and not f["remediation"]:
                bad.append("%s: no without a remediation" % f["id"])
        report("features: " + name, bad)


if __name__ == "__main__":
    main()
