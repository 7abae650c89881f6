#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""validate_json.py SCHEMA_DIR FILE...: each FILE holds one JSON document
of hvcaps; validate it against SCHEMA_DIR/<its "schema">.json (with
SCHEMA_DIR/common.json for the shared vocabulary). Prints one line per file,
"ok FILE" or "not ok FILE: reason"; exits 1 if any failed, 2 if python3's
jsonschema is missing."""
import json
import os
import sys

try:
    import jsonschema
except ImportError as e:
    print("jsonschema missing: %s (apt-get install python3-jsonschema)" % e)
    sys.exit(2)
try:
    # jsonschema 4.18 and later resolve "$ref" through a registry
    from referencing import Registry, Resource
except ImportError:
    # Debian 12's jsonschema 4.10 has no referencing: its RefResolver
    Registry = Resource = None


def main():
    sdir = sys.argv[1]
    registry = Registry() if Registry else None
    store = {}
    schemas = {}
    for name in sorted(os.listdir(sdir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(sdir, name)) as f:
            s = json.load(f)
        jsonschema.Draft202012Validator.check_schema(s)
        if registry is not None:
            registry = registry.with_resource(s["$id"], Resource.from_contents(s))
        store[s["$id"]] = s
        schemas[name[:-5]] = s
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path) as f:
                doc = json.load(f)
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object (every document is one)")
            s = schemas.get(doc.get("schema"))
            if s is None:
                raise ValueError("no schema file for %r" % doc.get("schema"))
            if registry is not None:
                v = jsonschema.Draft202012Validator(s, registry=registry)
            else:
                v = jsonschema.Draft202012Validator(
                    s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
            errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
            if errs:
                raise ValueError("; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message[:200])
                                           for e in errs[:3]))
            print("ok %s" % path)
        except (ValueError, OSError) as e:
            bad += 1
            print("not ok %s: %s" % (path, e))
    sys.exit(1 if bad else 0)


main()
