#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""textfile_check.py FILE: check FILE against the Prometheus text
exposition format (version 0.0.4) as node_exporter's textfile collector
reads it, written from the format's description, independent of hvcaps:

- "# HELP name text" and "# TYPE name type" at most once per metric, TYPE
  before the metric's first sample, type one of the five;
- samples "name{label="value",...} number [timestamp]": valid metric and
  label names, label values with only \\\\, \\" and \\n escapes, no label
  twice, a float value (NaN, +Inf, -Inf allowed);
- a metric's samples together, no series twice;
- beyond the format (hvcaps' contract): every metric has HELP and TYPE;
- the file ends with a newline.

Prints "ok" or one line per problem ("LINE: what"); exits 1 on problems."""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def parse_labels(s, where, problems):
    """s: the text between the braces; a tuple of (name, value)."""
    labels, i = [], 0
    while i < len(s):
        m = re.compile(LABEL + r'="').match(s, i)
        if not m:
            problems.append("%s: bad label at %r" % (where, s[i:]))
            return None
        name = s[i:m.end() - 2]
        i, value = m.end(), ""
        while True:
            if i >= len(s):
                problems.append("%s: unterminated label value" % where)
                return None
            c = s[i]
            if c == "\\":
                if i + 1 >= len(s) or s[i + 1] not in '\\"n':
                    problems.append("%s: bad escape in label %s" % (where, name))
                    return None
                value += {"n": "\n"}.get(s[i + 1], s[i + 1])
                i += 2
            elif c == '"':
                i += 1
                break
            elif c == "\n":
                problems.append("%s: newline in label %s" % (where, name))
                return None
            else:
                value += c
                i += 1
        if name in [n for n, _ in labels]:
            problems.append("%s: label %s twice" % (where, name))
        labels.append((name, value))
        if i < len(s):
            if s[i] != ",":
                problems.append("%s: expected ',' after label %s" % (where, name))
                return None
            i += 1
    return tuple(sorted(labels))


def value_ok(v):
    if v in ("NaN", "+Inf", "-Inf"):
        return True
    try:
        float(v)
        return True
    except ValueError:
        return False


def check(text):
    problems = []
    helps, types, seen_series = {}, {}, set()
    current, finished = None, set()
    if text and not text.endswith("\n"):
        problems.append("end: no newline at the end of the file")
    for n, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.fullmatch(r"# (HELP|TYPE) (" + NAME + r") (.*)", line)
            if not m:
                continue  # a comment
            kind, name, rest = m.groups()
            table = helps if kind == "HELP" else types
            if name in table:
                problems.append("%d: second %s for %s" % (n, kind, name))
            if kind == "TYPE":
                if rest not in TYPES:
                    problems.append("%d: unknown type %r" % (n, rest))
                if name in finished or name == current:
                    problems.append("%d: TYPE of %s after its samples" % (n, name))
            table[name] = rest
            continue
        m = re.fullmatch(r"(" + NAME + r")(?:\{(.*)\})? ([^ ]+)(?: (-?[0-9]+))?", line)
        if not m:
            problems.append("%d: not a sample: %r" % (n, line))
            continue
        name, labels, value, _ = m.groups()
        lt = parse_labels(labels or "", str(n), problems)
        if not value_ok(value):
            problems.append("%d: value %r is not a number" % (n, value))
        if name != current:
            if name in finished:
                problems.append("%d: samples of %s are not together" % (n, name))
            if current:
                finished.add(current)
            current = name
        if lt is not None:
            if (name, lt) in seen_series:
                problems.append("%d: series %s%s twice" % (n, name, dict(lt)))
            seen_series.add((name, lt))
        if name not in helps or name not in types:
            problems.append("%d: %s has no HELP or TYPE before it" % (n, name))
    return problems


def main():
    with open(sys.argv[1]) as f:
        problems = check(f.read())
    for p in problems:
        print(p)
    if not problems:
        print("ok")
    sys.exit(1 if problems else 0)


main()
