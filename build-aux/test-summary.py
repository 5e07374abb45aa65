#!/usr/bin/python3
# build-aux/test-summary.py TESTLOG — prints "N passed, N failed" for a meson run.
#
# Each GTest case counts once: TAP tests are counted by their "ok"/"not ok" lines, so
# a suite of 40 cases is 40 tests, and a TAP test that crashed half-way also counts
# as one failure. Tests that are not TAP count once each. A skipped case is reported
# as skipped, never as passed.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re
import sys

passed = failed = skipped = 0
ok_re = re.compile(r"^(not ok|ok)\b(.*)$")

plan_re = re.compile(r"^1\.\.\d+")

with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        record = json.loads(line)
        result = record.get("result")
        lines = (record.get("stdout") or record.get("stdo") or "").splitlines()
        # meson's log does not say which protocol a test spoke; a TAP plan line or
        # "ok N" lines tell.
        cases = [m for m in (ok_re.match(l) for l in lines) if m]
        is_tap = bool(cases) or any(plan_re.match(l) for l in lines)
        if is_tap:
            for m in cases:
                rest = m.group(2)
                if "# SKIP" in rest.upper():
                    skipped += 1
                elif m.group(1) == "ok":
                    passed += 1
                else:
                    failed += 1
            # A test that died, timed out or exited non-zero counts as one more failure
            # when its TAP lines do not already show one.
            if result not in ("OK", "EXPECTEDFAIL", "SKIP") and not any(
                m.group(1) == "not ok" for m in cases
            ):
                failed += 1
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
