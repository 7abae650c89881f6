#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Snapshots for the host tests of `hvcaps diff` (user/tests/diff_tests.sh).

    diff_snapshots.py OUTDIR

writes OUTDIR/NAME.json for each guest below: the guest of
features_cases.py that has everything (RHEL 8.10 on Windows Server 2019),
and variations of it.
"""
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features_cases as fc  # noqa: E402


def variant(*changes):
    s = copy.deepcopy(fc.full())
    for c in changes:
        c(s)
    return s


def os_release(id_, version):
    return fc.guest("os", id=id_, version_id=version, release_version=None)


SNAPSHOTS = {
    # everything documented is there
    "full": variant(),
    # the host withholds dynamic memory
    "nodm": variant(fc.drop(["dm"])),
    # RHEL 7.9, built in, on 2019, the KVP daemon not running (note 4)
    "rhel79-nokvpd": variant(os_release("rhel", "7.9"),
                             fc.daemon("kvp", running=False, process=None, pid=None)),
    # CentOS 7.7 with LIS 4.3.5 (the release from centos-release)
    "centos77-lis": variant(
        fc.guest("os", id="centos", version_id="7", release_file="/etc/centos-release",
                 release_version="7.7.1908"),
        fc.guest("lis", flavour="lis", hv_vmbus_version="4.3.5", packages=[
            {"name": "microsoft-hyper-v", "installed": True, "version": "4.3.5",
             "evidence": "rpm -q"}])),
    # a distribution the matrix does not document
    "fedora": variant(os_release("fedora", "39")),
    # no host build, no VMBus version
    "nohost": variant(fc.host(hv_build=None, vmbus_version=None)),
    # an out-of-tree hv_vmbus
    "oot": variant(fc.guest("lis", flavour="out-of-tree", evidence=["taint O"])),
    # confidential VMs: SNP on 6.1 and TDX on 6.12, the kernel refusing what
    # vmbus_devs[].allowed_in_isolated refuses (6.12 keeps the PCI offer)
    "snp": variant(fc.cvm(2, "6.1.0-57-amd64"),
                   lambda s: s["guest"].update(isolation={
                       "type": 2, "paravisor": True,
                       "source": "CPUID 0x4000000C EAX 0x1 EBX 0x2"})),
    "tdx": variant(fc.cvm(3, "6.12.95+deb12-amd64", keep=["pcie"])),
    # the distribution unknown
    "noos": variant(lambda s: s["guest"].update(os={"why": "no /etc/os-release"})),
}

for name, snap in SNAPSHOTS.items():
    with open(os.path.join(sys.argv[1], name + ".json"), "w") as f:
        json.dump(snap, f, indent=1)
