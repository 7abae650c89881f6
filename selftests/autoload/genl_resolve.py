#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Resolve a generic netlink family by name, as libnl and ynl do.

Plain sockets, no libnl: the point is to show that the kernel itself
loads hvcaps.ko when a client asks for the family (its module alias
net-pf-16-proto-16-family-hvcaps). Prints the family id; exit 1 if the
family does not resolve.
"""
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLMSG_ERROR = 2


def attr(kind, payload):
    hdr = struct.pack("HH", 4 + len(payload), kind)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def resolve(name):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    body = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0)
    body += attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
    msg = struct.pack("IHHII", 16 + len(body), GENL_ID_CTRL, NLM_F_REQUEST, 1, 0)
    sock.send(msg + body)
    data = sock.recv(65536)
    length, kind = struct.unpack_from("IH", data)
    if kind == NLMSG_ERROR:
        err = struct.unpack_from("i", data, 16)[0]
        sys.exit("family %s: error %d" % (name, -err))
    off = 16 + 4
    while off < length:
        alen, atype = struct.unpack_from("HH", data, off)
        if atype == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("H", data, off + 4)[0]
        off += (alen + 3) & ~3
    sys.exit("family %s: no id in the reply" % name)


if __name__ == "__main__":
    print(resolve(sys.argv[1] if len(sys.argv) > 1 else "hvcaps"))
