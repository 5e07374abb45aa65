#!/usr/bin/python3
# build-aux/test-summary.py [--fuzz FILE] TESTLOG… — prints "N passed, N failed" for
# one or more meson runs (their meson-logs/*.json) and, with --fuzz, the output of
# build-aux/run-fuzzers.
#
# Each GTest case counts once: TAP tests are counted by their "ok"/"not ok" lines, so
# a suite of 40 cases is 40 tests, and a TAP test that crashed half-way also counts
# as one failure. Tests that are not TAP count once each. A skipped case is reported
# as skipped, never as passed. A TESTLOG that does not exist (its run never started)
# counts as one failure.
#
# Each fuzz target counts once: its line "NAME: N execs, crashes: 0" is a pass; a line
# with crashes, or with a note that libFuzzer failed, is a failure. A fuzz FILE
# without any target line counts as one failure.
#
# With several inputs, one line per input goes first, then the total.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import re
import sys

ok_re = re.compile(r"^(not ok|ok)\b(.*)$")
plan_re = re.compile(r"^1\.\.\d+")
fuzz_re = re.compile(r"^([\w.-]+): (\d+) execs, crashes: (\d+)(.*)$")


class Count:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped

    def line(self):
        text = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped"
        return text


def count_record(record, count):
    result = record.get("result")
    lines = (record.get("stdout") or record.get("stdo") or "").splitlines()
    # meson's log does not say which protocol a test spoke; a TAP plan line or
    # "ok N" lines tell.
    cases = [m for m in (ok_re.match(line) for line in lines) if m]
    is_tap = bool(cases) or any(plan_re.match(line) for line in lines)
    if is_tap:
        for m in cases:
            rest = m.group(2)
            if "# SKIP" in rest.upper():
                count.skipped += 1
            elif m.group(1) == "ok":
                count.passed += 1
            else:
                count.failed += 1
        # A test that died, timed out or exited non-zero counts as one more failure
        # when its TAP lines do not already show one.
        if result not in ("OK", "EXPECTEDFAIL", "SKIP") and not any(
            m.group(1) == "not ok" for m in cases
        ):
            count.failed += 1
    elif result in ("OK", "EXPECTEDFAIL"):
        count.passed += 1
    elif result == "SKIP":
        count.skipped += 1
    else:
        count.failed += 1


def count_testlog(path):
    count = Count()
    if not os.path.exists(path):
        count.failed += 1
        return count
    with open(path, encoding="utf-8") as log:
        for line in log:
            if line.strip():
                count_record(json.loads(line), count)
    return count


def count_fuzz(path):
    count = Count()
    targets = 0
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as log:
            for line in log:
                m = fuzz_re.match(line.rstrip("\n"))
                if not m:
                    continue
                targets += 1
                if int(m.group(3)) == 0 and not m.group(4).strip():
                    count.passed += 1
                else:
                    count.failed += 1
    if targets == 0:
        count.failed += 1
    return count


def main():
    parser = argparse.ArgumentParser(description="N passed, N failed over meson logs")
    parser.add_argument("--fuzz", action="append", default=[],
                        help="output of build-aux/run-fuzzers")
    parser.add_argument("testlogs", nargs="+", help="meson-logs/*.json of a meson test run")
    args = parser.parse_args()

    parts = [(path, count_testlog(path)) for path in args.testlogs]
    parts += [(path, count_fuzz(path)) for path in args.fuzz]

    total = Count()
    for path, count in parts:
        total.add(count)
        if len(parts) > 1:
            print(f"  {path}: {count.line()}")
    print(total.line())
    return 1 if total.failed or total.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
