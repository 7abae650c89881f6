#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check_spec_uapi.py: the YNL spec of hvcaps against its uAPI header.

    selftests/spec/check_spec_uapi.py [--spec FILE] [--header FILE]

Names and values come from both sides and must agree both ways:

  * the spec (Documentation/netlink/specs/hvcaps.yaml) gives C names by
    YNL's rules (c-family-name, name-prefix, enum-name, attr-cnt-name...)
    and explicit values;
  * the header (include/uapi/linux/hvcaps.h) gives the names: its
    #defines and enumerators, read from the text; their values come from
    the C compiler: a generated C file includes the header and prints every
    constant, so the preprocessor and compiler are the authority.

A name in one but not in the other, a different value, an attribute type
or an operation that disagrees with what the header's comments say
("u32: ...", "binary, 16", "nest, repeated", "do ... dump"): each is a
failure. UNSPEC (0) may stay implicit in the spec when nothing there uses
0; the private __X_CNT / X_MAX pair of an enum the spec cannot name
(genetlink-c has no enum-cnt-name) must only be consistent (CNT = last
+ 1, MAX = CNT - 1).

Negative controls run the same checks on edited copies of the spec (a
value changed, an attribute removed or added, a type changed, a dump
dropped...) and pass only when each edit is caught.

TAP on stdout; exit status 0 when every case passed.
"""
import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # pragma: no cover
    print("TAP version 13\n1..0 # SKIP python3-yaml missing")
    sys.exit(4)

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INT_TYPES = {"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64"}
HEADER_TYPES = INT_TYPES | {"string", "binary", "nest", "flag"}


def c_upper(name):
    return name.upper().replace("-", "_")


def c_lower(name):
    return name.lower().replace("-", "_")


# ---------------------------------------------------------------- header

class Header:
    """Names of the header, from its text; values, from the compiler."""

    def __init__(self, path, cc):
        self.path = path
        text = open(path, encoding="utf-8").read()
        self.defines = []          # names of #define HVCAPS_*
        self.enums = []            # [{tag, entries: [(name, comment, private)]}]
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\b(.*)$", text, re.M):
            if not m.group(1).startswith("_UAPI_"):
                self.defines.append(m.group(1))
        for m in re.finditer(r"enum\s*(\w*)\s*\{(.*?)\};", text, re.S):
            entries, private = [], False
            for line in m.group(2).split("\n"):
                if re.search(r"/\*\s*private:\s*\*/", line):
                    private = True
                    continue
                e = re.match(r"\s*(\w+)\s*(?:=\s*[^,]*)?,?\s*(?:/\*\s*(.*?)\s*\*/)?\s*$", line)
                if e and e.group(1):
                    entries.append((e.group(1), e.group(2) or "", private))
            self.enums.append({"tag": m.group(1), "entries": entries})
        self.values = self._compile(cc)

    def names(self):
        out = list(self.defines)
        for e in self.enums:
            out += [n for n, _, _ in e["entries"]]
        return out

    def _compile(self, cc):
        lines = ['#include <stdio.h>', f'#include "{os.path.abspath(self.path)}"',
                 "int main(void)", "{"]
        for name in self.names():
            lines.append(f'#if defined({name}) || 1')
            lines.append(f'\tif (__builtin_types_compatible_p(__typeof__({name}), char[sizeof({name})]))')
            lines.append(f'\t\tprintf("%s s %s\\n", "{name}", (const char *)(uintptr_t)({name}));')
            lines.append('\telse')
            lines.append(f'\t\tprintf("%s i %lld\\n", "{name}", (long long)(uintptr_t)({name}));')
            lines.append('#endif')
        lines += ["\treturn 0;", "}"]
        src = "\n".join(lines).replace('#include <stdio.h>',
                                       '#include <stdio.h>\n#include <stdint.h>')
        tmp = tempfile.mkdtemp(prefix="hvcaps-spec-")
        try:
            c = os.path.join(tmp, "consts.c")
            exe = os.path.join(tmp, "consts")
            with open(c, "w", encoding="utf-8") as f:
                f.write(src)
            subprocess.run([cc, "-std=gnu11", "-Wall", "-Werror", "-Wno-int-to-pointer-cast",
                            "-o", exe, c], check=True, capture_output=True, text=True)
            out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
        except subprocess.CalledProcessError as e:
            raise RuntimeError(f"compiling the constants of {self.path} failed:\n{e.stderr}") from e
        finally:
            shutil.rmtree(tmp)
        values = {}
        for line in out.splitlines():
            name, kind, val = line.split(" ", 2)
            values[name] = val if kind == "s" else int(val)
        return values


# ---------------------------------------------------------------- spec

class SpecError(Exception):
    pass


def explicit_value(obj, where):
    if not isinstance(obj, dict) or "value" not in obj:
        raise SpecError(f"{where}: no explicit value")
    if not isinstance(obj["value"], int) or obj["value"] < 0:
        raise SpecError(f"{where}: value {obj.get('value')!r} is not a number >= 0")
    return obj["value"]


def spec_constants(spec):
    """C name -> value, the C enum groups, and the private pairs declared.

    Groups: {key: {"tag": enum tag or None, "names": {C name: value},
    "cnt": name or None, "max": name or None}}.
    """
    fam = spec["name"]
    consts = {}
    groups = {}

    def add(name, value, where):
        if name in consts:
            raise SpecError(f"{where}: C name {name} defined twice")
        consts[name] = value

    add(c_upper(spec.get("c-family-name", f"{fam}-family-name")), fam, "family name")
    # The schema has no version property: YNL renders version 1.
    add(c_upper(spec.get("c-version-name", f"{fam}-family-version")), 1, "family version")
    # Multicast groups: YNL renders "#define <C name> "<group name>"".
    for g in spec.get("mcast-groups", {}).get("list", []):
        add(c_upper(g.get("c-define-name", f"{fam}-mcgrp-{g['name']}")), g["name"],
            f"multicast group {g['name']}")

    for d in spec.get("definitions", []):
        where = f"definition {d.get('name')}"
        if d.get("header"):
            continue
        if d["type"] == "const":
            add(c_upper(f"{fam}-{d['name']}"), d["value"], where)
            continue
        prefix = d.get("name-prefix", f"{fam}-{d['name']}-")
        tag = d.get("enum-name", f"{fam}-{d['name']}")
        g = {"tag": c_lower(tag) if tag else None, "names": {}, "cnt": None, "max": None}
        for i, e in enumerate(d.get("entries", [])):
            if isinstance(e, str):
                raise SpecError(f"{where}: entry '{e}' has no explicit value")
            v = explicit_value(e, f"{where} entry {e['name']}")
            if d["type"] == "flags":
                v = 1 << v if "value" not in e else v
            name = c_upper(prefix + e["name"])
            add(name, v, where)
            g["names"][name] = v
        if d.get("render-max"):
            g["cnt"] = c_upper(f"__{prefix}max")
            g["max"] = c_upper(f"{prefix}max")
        groups[f"definition {d['name']}"] = g

    for s in spec["attribute-sets"]:
        where = f"attribute-set {s['name']}"
        if s.get("subset-of"):
            continue
        default = f"{fam}-a-" if s["name"] == fam else f"{fam}-a-{s['name']}-"
        prefix = s.get("name-prefix", default)
        g = {"tag": c_lower(s["enum-name"]) if s.get("enum-name") else None,
             "names": {},
             "cnt": c_upper(s.get("attr-cnt-name", f"__{prefix}max")),
             "max": c_upper(s.get("attr-max-name", f"{prefix}max"))}
        for a in s["attributes"]:
            v = explicit_value(a, f"{where} attribute {a['name']}")
            name = c_upper(prefix + a["name"])
            add(name, v, where)
            g["names"][name] = v
        groups[where] = g

    ops = spec["operations"]
    prefix = ops.get("name-prefix", f"{fam}-cmd-")
    g = {"tag": c_lower(ops["enum-name"]) if ops.get("enum-name") else None,
         "names": {},
         "cnt": c_upper(spec.get("cmd-cnt-name", f"__{prefix}max")),
         "max": c_upper(spec.get("cmd-max-name", f"{prefix}max"))}
    for op in ops["list"]:
        v = explicit_value(op, f"operation {op['name']}")
        name = c_upper(prefix + op["name"])
        add(name, v, "operations")
        g["names"][name] = v
    groups["operations"] = g

    for key, g in groups.items():
        vals = list(g["names"].values())
        if len(set(vals)) != len(vals):
            raise SpecError(f"{key}: two entries share a value")
        if g["cnt"]:
            top = max(vals) + 1 if vals else 0
            add(g["cnt"], top, key)
            add(g["max"], top - 1, key)
    return consts, groups


def check_well_formed(spec):
    """Internal references of the spec; raises SpecError."""
    if spec.get("protocol", "genetlink") not in ("genetlink", "genetlink-c"):
        raise SpecError(f"protocol {spec.get('protocol')}: want genetlink(-c)")
    for key in ("name", "doc", "attribute-sets", "operations"):
        if key not in spec:
            raise SpecError(f"no '{key}'")
    defs = {d["name"]: d for d in spec.get("definitions", [])}
    sets = {s["name"]: s for s in spec["attribute-sets"]}
    for s in spec["attribute-sets"]:
        seen = set()
        for a in s["attributes"]:
            if a["name"] in seen:
                raise SpecError(f"attribute-set {s['name']}: '{a['name']}' twice")
            seen.add(a["name"])
            if a.get("type") == "nest" and a.get("nested-attributes") not in sets:
                raise SpecError(f"{s['name']}.{a['name']}: nested-attributes "
                                f"{a.get('nested-attributes')!r} is no attribute-set")
            if "enum" in a and a["enum"] not in defs:
                raise SpecError(f"{s['name']}.{a['name']}: enum {a['enum']} not defined")
    for op in spec["operations"]["list"]:
        if "doc" not in op:
            raise SpecError(f"operation {op['name']}: no doc")
        aset = sets.get(op.get("attribute-set"))
        if aset is None:
            raise SpecError(f"operation {op['name']}: attribute-set "
                            f"{op.get('attribute-set')!r} unknown")
        names = {a["name"] for a in aset["attributes"]}
        for mode in ("do", "dump"):
            for part in ("request", "reply"):
                for n in op.get(mode, {}).get(part, {}).get("attributes", []):
                    if n not in names:
                        raise SpecError(f"operation {op['name']} {mode} {part}: "
                                        f"attribute {n} not in set {aset['name']}")
        # A notification declares its own attributes (event:), or reuses
        # another operation's reply (notify:).
        for n in op.get("event", {}).get("attributes", []):
            if n not in names:
                raise SpecError(f"operation {op['name']} event: "
                                f"attribute {n} not in set {aset['name']}")


def header_types(header, groups):
    """C name -> what its comment says: (type, extra)."""
    out = {}
    for e in header.enums:
        for name, comment, private in e["entries"]:
            if private or not comment:
                continue
            m = re.match(r"(\w+)\s*([,:]\s*(.*))?$", comment)
            if m and m.group(1) in HEADER_TYPES:
                out[name] = (m.group(1), (m.group(3) or "").strip())
    return out


def check_types(spec, header):
    """Attribute types and operation kinds against the header's comments."""
    fam = spec["name"]
    problems = []
    htypes = header_types(header, None)
    defs = {d["name"]: d for d in spec.get("definitions", [])}
    checked = 0
    for s in spec["attribute-sets"]:
        default = f"{fam}-a-" if s["name"] == fam else f"{fam}-a-{s['name']}-"
        prefix = s.get("name-prefix", default)
        for a in s["attributes"]:
            name = c_upper(prefix + a["name"])
            if name not in htypes:
                continue
            htype, extra = htypes[name]
            checked += 1
            stype = a.get("type")
            if htype != stype:
                problems.append(f"{name}: header says {htype}, spec {stype}")
                continue
            m = re.match(r"(\d+)", extra)
            if htype == "binary" and m:
                exact = a.get("checks", {}).get("exact-len")
                if exact != int(m.group(1)):
                    problems.append(f"{name}: header says {m.group(1)} bytes, "
                                    f"spec exact-len {exact}")
            m = re.match(r"enum (\w+)", extra)
            if m:
                d = defs.get(a.get("enum"))
                tag = c_lower(d.get("enum-name") or "") if d else None
                if tag != m.group(1):
                    problems.append(f"{name}: header says enum {m.group(1)}, "
                                    f"spec enum {a.get('enum')} ({tag})")
            if htype == "nest" and "repeated" in extra and not a.get("multi-attr"):
                problems.append(f"{name}: header says repeated, spec has no multi-attr")
    ops = spec["operations"]
    prefix = ops.get("name-prefix", f"{fam}-cmd-")
    for e in header.enums:
        for name, comment, private in e["entries"]:
            if private or not comment or not name.startswith(c_upper(prefix)):
                continue
            want_do = bool(re.search(r"\bdo\b", comment))
            want_dump = bool(re.search(r"\bdump\b", comment))
            op = next((o for o in ops["list"] if c_upper(prefix + o["name"]) == name), None)
            if op is None:
                continue
            checked += 1
            if want_do != ("do" in op) or want_dump != ("dump" in op):
                problems.append(f"{name}: header says do={want_do} dump={want_dump}, "
                                f"spec do={'do' in op} dump={'dump' in op}")
    return checked, problems


def check_names(spec, header):
    """Both directions; returns (problems spec->header, header->spec)."""
    consts, groups = spec_constants(spec)
    hv = header.values
    fwd, back = [], []
    for name, val in consts.items():
        if name not in hv:
            fwd.append(f"{name} (spec) is not in the header")
        elif hv[name] != val:
            fwd.append(f"{name}: spec {val!r}, header {hv[name]!r}")
    # enum tags
    tags = {e["tag"] for e in header.enums if e["tag"]}
    for key, g in groups.items():
        if g["tag"] and g["tag"] not in tags:
            fwd.append(f"{key}: enum {g['tag']} (spec) is not in the header")
    for e in header.enums:
        if e["tag"] and e["tag"] not in {g["tag"] for g in groups.values()}:
            back.append(f"enum {e['tag']} (header) is named by no enum-name of the spec")
    # header -> spec
    for e in header.enums:
        names = [n for n, _, _ in e["entries"]]
        group = next((g for g in groups.values()
                      if set(g["names"]) & set(names)), None)
        public = [n for n, _, p in e["entries"] if not p]
        for name, _, private in e["entries"]:
            if name in consts:
                continue
            if not private and name.endswith("_UNSPEC") and hv.get(name) == 0 and \
                    group is not None and 0 not in group["names"].values():
                continue    # 0 left unused by the spec
            if private and group is not None and group["cnt"] is None:
                last = max(hv[n] for n in public) if public else -1
                if name.startswith("__") and name.endswith("_CNT") and hv[name] == last + 1:
                    continue
                if name.endswith("_MAX") and not name.startswith("__") and hv[name] == last:
                    continue
            back.append(f"{name} (header, = {hv.get(name)}) is not in the spec")
    for name in header.defines:
        if name not in consts:
            back.append(f"#define {name} (header) is not in the spec")
    return fwd, back


# ---------------------------------------------------------------- TAP

class Tap:
    def __init__(self):
        self.results = []

    def case(self, ok, what, diag=()):
        self.results.append((ok, what, list(diag)))

    def print(self):
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for i, (ok, what, diag) in enumerate(self.results, 1):
            print(f"{'ok' if ok else 'not ok'} {i} - {what}")
            for d in diag:
                print(f"# {d}")
        return all(ok for ok, _, _ in self.results)


def all_problems(spec, header):
    """Every problem the checks find, [] when the spec agrees."""
    try:
        check_well_formed(spec)
        fwd, back = check_names(spec, header)
        _, types = check_types(spec, header)
    except (SpecError, KeyError, TypeError) as e:
        return [f"spec: {e!r}"]
    return fwd + back + types


def negative_controls(spec):
    """(what, edit) pairs; each edit must make the checks fail."""
    def setattr_(set_name, attr, key, val):
        def f(s):
            a = next(a for a in next(x for x in s["attribute-sets"] if x["name"] == set_name)["attributes"]
                     if a["name"] == attr)
            a[key] = val
        return f

    def drop_attr(set_name, attr):
        def f(s):
            st = next(x for x in s["attribute-sets"] if x["name"] == set_name)
            st["attributes"] = [a for a in st["attributes"] if a["name"] != attr]
            for op in s["operations"]["list"]:
                for mode in ("do", "dump"):
                    for part in ("request", "reply"):
                        lst = op.get(mode, {}).get(part, {}).get("attributes")
                        if lst is not None and attr in lst:
                            op[mode][part]["attributes"] = [x for x in lst if x != attr]
        return f

    def add_attr(set_name):
        def f(s):
            st = next(x for x in s["attribute-sets"] if x["name"] == set_name)
            st["attributes"].append({"name": "bogus", "type": "u32",
                                     "value": max(a["value"] for a in st["attributes"]) + 1})
        return f

    def op_edit(name, fn):
        def f(s):
            fn(next(o for o in s["operations"]["list"] if o["name"] == name))
        return f

    def enum_value(defn, entry, val):
        def f(s):
            d = next(d for d in s["definitions"] if d["name"] == defn)
            next(e for e in d["entries"] if e["name"] == entry)["value"] = val
        return f

    def drop_entry(defn, entry):
        def f(s):
            d = next(d for d in s["definitions"] if d["name"] == defn)
            d["entries"] = [e for e in d["entries"] if e["name"] != entry]
        return f

    def key_edit(key, val):
        def f(s):
            s[key] = val
        return f

    def const_value(name, val):
        def f(s):
            next(d for d in s["definitions"] if d["name"] == name)["value"] = val
        return f

    return [
        ("a channel attribute value changed (relid 7 -> 70)", setattr_("channel", "relid", "value", 70)),
        ("a host attribute removed (efi-boot)", drop_attr("host", "efi-boot")),
        ("an attribute the header lacks (channel bogus)", add_attr("channel")),
        ("an attribute type changed (vendor-id u16 -> u32)", setattr_("channel", "vendor-id", "type", "u32")),
        ("a GUID length changed (instance exact-len 15)", setattr_("channel", "instance", "checks", {"exact-len": 15})),
        ("an enum attribute pointing elsewhere (dev-type -> isolation)", setattr_("channel", "dev-type", "enum", "isolation")),
        ("multi-attr dropped from the sub-channel nest", setattr_("channel", "subchannel", "multi-attr", False)),
        ("the dump of channel-get dropped", op_edit("channel-get", lambda o: o.pop("dump"))),
        ("host-get given a dump", op_edit("host-get", lambda o: o.update(dump={"reply": {"attributes": []}}))),
        ("the notification names an attribute its set lacks",
         op_edit("channel-ntf", lambda o: o["event"]["attributes"].append("bogus"))),
        ("a command value changed (host-get 1 -> 3)", op_edit("host-get", lambda o: o.update(value=3))),
        ("a dev-type value changed (hvsock 21 -> 22)", enum_value("dev-type", "hvsock", 22)),
        ("a dev-type entry removed (imc)", drop_entry("dev-type", "imc")),
        ("the GUID length constant changed (16 -> 15)", const_value("guid-len", 15)),
        ("the attribute count name changed", lambda s: next(x for x in s["attribute-sets"] if x["name"] == "host").update({"attr-cnt-name": "__hvcaps-a-host-max"})),
        ("the family name define changed", key_edit("c-family-name", "hvcaps-family-name")),
        ("an explicit value removed (subchannel index)", lambda s: next(a for a in next(x for x in s["attribute-sets"] if x["name"] == "subchannel")["attributes"] if a["name"] == "index").pop("value")),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", default=os.path.join(TOP, "Documentation/netlink/specs/hvcaps.yaml"))
    ap.add_argument("--header", default=os.path.join(TOP, "include/uapi/linux/hvcaps.h"))
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    args = ap.parse_args()
    tap = Tap()

    try:
        with open(args.spec, encoding="utf-8") as f:
            spec = yaml.safe_load(f)
        check_well_formed(spec)
        tap.case(True, f"{os.path.relpath(args.spec, TOP)} parses and is well formed")
    except (OSError, yaml.YAMLError, SpecError, KeyError, TypeError) as e:
        tap.case(False, "the spec parses and is well formed", [repr(e)])
        tap.print()
        return 1

    schema = os.environ.get("HVCAPS_YNL_SCHEMA")
    if schema:
        try:
            import jsonschema
            with open(schema, encoding="utf-8") as f:
                jsonschema.validate(spec, yaml.safe_load(f))
            tap.case(True, f"valid against {schema}")
        except ImportError:
            tap.case(True, "schema validation # SKIP python3-jsonschema missing")
        except Exception as e:  # noqa: BLE001 - any failure is the verdict
            tap.case(False, f"valid against {schema}", [str(e).splitlines()[0]])

    try:
        header = Header(args.header, args.cc)
        tap.case(True, f"{os.path.relpath(args.header, TOP)}: {len(header.values)} constants "
                 f"printed by {args.cc}", [])
    except (OSError, RuntimeError) as e:
        tap.case(False, "the header's constants compile", str(e).splitlines())
        tap.print()
        return 1

    try:
        fwd, back = check_names(spec, header)
        tap.case(not fwd, "every C name of the spec is in the header, with the same value", fwd)
        tap.case(not back, "every name of the header is in the spec", back)
        checked, types = check_types(spec, header)
        tap.case(not types and checked > 0,
                 f"attribute types and operations agree with the header's comments "
                 f"({checked} checked)", types or ([] if checked else ["nothing to check?"]))
    except SpecError as e:
        tap.case(False, "the spec's C names", [str(e)])

    baseline = set(all_problems(spec, header))
    for what, edit in negative_controls(spec):
        bad = copy.deepcopy(spec)
        try:
            edit(bad)
        except (StopIteration, KeyError) as e:
            tap.case(False, f"negative control: {what}", [f"cannot apply: {e!r}"])
            continue
        # Through a file, as a real edited spec would come.
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            yaml.safe_dump(bad, f)
            path = f.name
        try:
            with open(path, encoding="utf-8") as f:
                # Only what the edit adds counts: a spec that already
                # fails must not make the controls pass.
                problems = [p for p in all_problems(yaml.safe_load(f), header)
                            if p not in baseline]
        finally:
            os.unlink(path)
        tap.case(bool(problems), f"negative control: {what} is caught",
                 problems[:1] if problems else ["the edit went unnoticed"])
        if problems:
            tap.results[-1] = (True, f"negative control: {what} is caught: {problems[0]}", [])
    # The other direction: edited copies of the header.
    text = open(args.header, encoding="utf-8").read()
    header_edits = [
        ("an enumerator the spec lacks (HVCAPS_A_HOST_NEW)",
         text.replace("\tHVCAPS_A_HOST_GENERATION,", "\tHVCAPS_A_HOST_GENERATION,\n\tHVCAPS_A_HOST_NEW,", 1)),
        ("a value moved (HVCAPS_A_SUBCHANNEL_RELID = 5)",
         text.replace("\tHVCAPS_A_SUBCHANNEL_RELID,", "\tHVCAPS_A_SUBCHANNEL_RELID = 5,", 1)),
        ("a define the spec lacks (HVCAPS_EXTRA)",
         text.replace("#define HVCAPS_GUID_LEN", "#define HVCAPS_EXTRA 3\n#define HVCAPS_GUID_LEN", 1)),
        ("a type comment changed (DEVICE_ID said u32)",
         text.replace("HVCAPS_A_CHANNEL_DEVICE_ID,\t/* u16 */", "HVCAPS_A_CHANNEL_DEVICE_ID,\t/* u32 */", 1)),
    ]
    for what, edited in header_edits:
        if edited == text:
            tap.case(False, f"negative control (header): {what}", ["the edit did not apply"])
            continue
        tmp = tempfile.mkdtemp(prefix="hvcaps-spec-")
        try:
            path = os.path.join(tmp, "hvcaps.h")
            with open(path, "w", encoding="utf-8") as f:
                f.write(edited)
            problems = [p for p in all_problems(spec, Header(path, args.cc))
                        if p not in baseline]
        except RuntimeError as e:
            problems = []
            tap.case(False, f"negative control (header): {what}", str(e).splitlines())
            continue
        finally:
            shutil.rmtree(tmp)
        tap.case(bool(problems), f"negative control (header): {what} is caught"
                 + (f": {problems[0]}" if problems else ""),
                 [] if problems else ["the edit went unnoticed"])
    return 0 if tap.print() else 1


if __name__ == "__main__":
    sys.exit(main())
