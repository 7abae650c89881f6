#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""fit_check: is a fitted text output the full one, wrapped to a width?

    fit_check.py FULL FITTED WIDTH [FIXED]

FULL is the output with full lines (--wide), FITTED the same command's
with COLUMNS=WIDTH. Checks, independently of hvcaps's code:
  - FITTED is valid UTF-8 (no sequence split) and has no control
    character but the newline (the escaper's \\xHH stay whole);
  - it has the same words as FULL, in the same order (nothing lost,
    nothing cut: only blanks and line breaks differ);
  - every line is at most WIDTH characters (code points), but for the two
    exceptions hvcaps(8) documents under --wide: a word longer than its
    column, which starts at or before column FIXED (the end of the widest
    fixed columns of the command's tables) or is alone on its line; and,
    when FIXED + 20 > WIDTH, lines up to FIXED + 20 (the last column is
    never narrower than 20).
Prints one line per problem; exit 0 when there is none, 1 otherwise.
"""

import sys

MIN_TEXT = 20


def main():
    full_path, fit_path, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fixed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    problems = []
    full = open(full_path, "rb").read().decode("utf-8")
    raw = open(fit_path, "rb").read()
    try:
        fitted = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"not valid UTF-8: {e}")
        return 1
    if any(c < " " and c != "\n" for c in fitted):
        problems.append("a control character in the output")
    if full.split() != fitted.split():
        a, b = full.split(), fitted.split()
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        problems.append(f"the words differ from word {i}: full {a[i:i + 3]}, fitted {b[i:i + 3]}")
    limit = max(width, fixed + MIN_TEXT) if fixed + MIN_TEXT > width else width
    for n, line in enumerate(fitted.split("\n"), 1):
        if len(line) <= limit:
            continue
        words = line.split()
        last = line.rstrip().rfind(" ") + 1
        if len(words) == 1 or last <= fixed:
            continue    # a word longer than its column, not cut
        problems.append(f"line {n} is {len(line)} characters (width {width}, "
                        f"fixed columns {fixed}): {line!r}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
