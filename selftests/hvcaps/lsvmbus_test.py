#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""lsvmbus_test.py: the kernel's tools/hv/lsvmbus against the VMBus double.

For every selftests/scenarios/*.vmbus: load it into the double, run
`python3 $HVCAPS_LSVMBUS -vv` and check it prints exactly the offers the
scenario declares: one block per device in lsvmbus' order (numeric relid),
with the relid, class GUID, device GUID, sysfs path and the sorted
(relid, target_cpu) pairs of every channel, and nothing else. The run's
scenario ($HVCAPS_SCENARIO) is loaded again at the end. TAP on stdout;
exit 0 (pass), 1 (fail) or 4 (skipped).
"""
import glob
import os
import re
import subprocess
import sys
import time

CONTROL = "/sys/kernel/debug/vmbus_double/control"
DEVICES = "/sys/bus/vmbus/devices"
GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                  r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
KSFT_SKIP = 4


class ScenarioError(Exception):
    pass


def guid(text, where):
    m = GUID.match(text)
    if not m:
        raise ScenarioError(f"{where}: '{text}' is not a GUID")
    return m.group(1).lower()


def parse_scenario(path):
    """The offers left after every line: [{relid, cls, inst, chans}]."""
    offers = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            where = f"{path}:{lineno}"
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            verb, args = words[0], words[1:]
            if verb == "version":
                continue
            if verb == "reset":
                offers = []
                continue
            kv = {}
            for a in args:
                if "=" not in a:
                    raise ScenarioError(f"{where}: '{a}' is not key=value")
                k, v = a.split("=", 1)
                kv[k] = v
            if verb == "rescind":
                inst = guid(kv.get("instance", ""), where)
                if not any(o["inst"] == inst for o in offers):
                    raise ScenarioError(f"{where}: rescind of {inst}, not offered")
                offers = [o for o in offers if o["inst"] != inst]
            elif verb == "offer":
                try:
                    relid = int(kv["relid"])
                    chans = [(relid, int(kv.get("cpu", "0")))]
                    if kv.get("subchannels"):
                        for item in kv["subchannels"].split(","):
                            r, c = item.split(":")
                            chans.append((int(r), int(c)))
                except (KeyError, ValueError) as e:
                    raise ScenarioError(f"{where}: bad offer ({e})") from e
                offers.append({"relid": relid, "cls": guid(kv["class"], where),
                               "inst": guid(kv["instance"], where),
                               "chans": sorted(chans)})
            else:
                raise ScenarioError(f"{where}: unknown command '{verb}'")
    return offers


def load(path):
    """reset, then the file, one line per write() (as the C tests do)."""
    fd = os.open(CONTROL, os.O_WRONLY)
    try:
        os.write(fd, b"reset\n")
        if path:
            with open(path, "rb") as f:
                for lineno, line in enumerate(f, 1):
                    if not line.split(b"#", 1)[0].strip():
                        continue
                    for attempt in range(50):
                        try:
                            os.write(fd, line.rstrip(b"\n") + b"\n")
                            break
                        except OSError as e:
                            # a rescinded device not yet released keeps its
                            # instance and relids for a moment
                            if attempt == 49 or not line.startswith(b"offer"):
                                raise OSError(e.errno, f"{path}:{lineno}: {e.strerror}") from e
                            time.sleep(0.1)
    finally:
        os.close(fd)


def wait_devices(n, timeout=60.0):
    end = time.monotonic() + timeout
    while True:
        have = len(os.listdir(DEVICES)) if os.path.isdir(DEVICES) else 0
        if have == n or time.monotonic() > end:
            return have
        time.sleep(0.1)


def expected_lines(offers):
    """lsvmbus -vv output; None stands for a device description."""
    out = []
    for o in sorted(offers, key=lambda o: o["relid"]):
        out.append(("VMBUS ID %2s: Class_ID = {%s} - " % (o["relid"], o["cls"]), None))
        out.append((f"\tDevice_ID = {{{o['inst']}}}", ""))
        out.append((f"\tSysfs path: {DEVICES}/{o['inst']}", ""))
        for relid, cpu in o["chans"]:
            out.append((f"\tRel_ID={relid}, target_cpu={cpu}", ""))
        out.append(("", ""))
    return out


def compare(output, offers):
    """None if OUTPUT is exactly what OFFERS give, else the first difference."""
    got = output.split("\n")
    if got and got[-1] == "":
        got.pop()
    want = expected_lines(offers)
    for i, (prefix, tail) in enumerate(want):
        if i >= len(got):
            return f"line {i + 1}: missing, want '{prefix}...'"
        line = got[i]
        if tail is None:
            if not line.startswith(prefix) or not line[len(prefix):].strip():
                return f"line {i + 1}: '{line}', want '{prefix}<description>'"
        elif line != prefix:
            return f"line {i + 1}: '{line}', want '{prefix}'"
    if len(got) > len(want):
        return f"line {len(want) + 1}: unexpected '{got[len(want)]}'"
    return None


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, what, diag=None):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {what}", flush=True)
        if diag and not ok:
            for line in str(diag).splitlines():
                print(f"# {line}", flush=True)


def skip_all(reason):
    print("TAP version 13")
    print(f"1..0 # SKIP {reason}")
    sys.exit(KSFT_SKIP)


def main():
    top = os.environ.get("HVCAPS_TOP") or os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    lsvmbus = os.environ.get("HVCAPS_LSVMBUS")
    if os.geteuid() != 0:
        skip_all("not root")
    if not os.path.exists(CONTROL):
        skip_all(f"{CONTROL} missing (vmbus_double.ko not loaded)")
    if not lsvmbus or not os.path.isfile(lsvmbus):
        skip_all("HVCAPS_LSVMBUS not set or missing")
    scenarios = sorted(glob.glob(os.path.join(top, "selftests/scenarios/*.vmbus")))
    if not scenarios:
        skip_all(f"no scenario in {top}/selftests/scenarios")

    print("TAP version 13")
    print(f"1..{2 * len(scenarios) + 1}", flush=True)
    tap = Tap()
    try:
        for path in scenarios:
            name = os.path.basename(path)
            try:
                offers = parse_scenario(path)
                load(path)
            except (ScenarioError, OSError) as e:
                tap.result(False, f"{name}: loaded into the double", e)
                tap.result(False, f"{name}: lsvmbus -vv prints exactly the offers",
                           "not run")
                continue
            have = wait_devices(len(offers))
            tap.result(have == len(offers), f"{name}: loaded into the double",
                       f"{have} devices in {DEVICES}, {len(offers)} offered")
            run = subprocess.run([sys.executable, lsvmbus, "-vv"],
                                 capture_output=True, text=True, timeout=300,
                                 check=False)
            diff = (f"exit status {run.returncode}: {run.stderr}"
                    if run.returncode else compare(run.stdout, offers))
            tap.result(diff is None,
                       f"{name}: lsvmbus -vv prints exactly the offers "
                       f"({len(offers)} devices, "
                       f"{sum(len(o['chans']) for o in offers)} channels)",
                       diff)
    finally:
        scenario = os.environ.get("HVCAPS_SCENARIO") or None
        try:
            load(scenario)
            restored = True
            err = None
        except OSError as e:
            restored, err = False, e
    tap.result(restored, f"the run's scenario ({scenario or 'none'}) restored", err)
    sys.exit(1 if tap.failed else 0)


if __name__ == "__main__":
    main()
