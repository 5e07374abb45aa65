#!/usr/bin/python3
# check-metainfo.py METAINFO SRCDIR APP_ID VERSION — what appstreamcli cannot know:
# the screenshots named in the metainfo are in data/screenshots/, the newest release
# is this version, and the launchable and provided binaries are ours. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import xml.etree.ElementTree as ET

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def main():
    metainfo, srcdir, app_id, version = sys.argv[1:5]
    root = ET.parse(metainfo).getroot()

    check(root.findtext("id") == app_id, "the component id is " + app_id)
    check(root.findtext("launchable[@type='desktop-id']") == app_id + ".desktop",
          "the launchable is the desktop file")
    binaries = {b.text for b in root.findall("provides/binary")}
    check(binaries == {"baitbox", "baitbox-cli"}, "it provides baitbox and baitbox-cli",
          " ".join(sorted(binaries)))
    controls = {c.text for c in root.findall("supports/control")}
    check({"keyboard", "pointing"} <= controls, "it supports keyboard and pointing")
    check(root.find("content_rating[@type='oars-1.1']") is not None, "it has an OARS rating")

    releases = root.findall("releases/release")
    check(releases and releases[0].get("version") == version,
          "the newest release is " + version,
          releases[0].get("version") if releases else "no release")

    images = [i.text for i in root.findall("screenshots/screenshot/image")]
    check(len(images) >= 1, "it has screenshots")
    for url in images:
        name = url.rsplit("/", 1)[-1]
        path = os.path.join(srcdir, "data", "screenshots", name)
        ok = os.path.isfile(path)
        if ok:
            with open(path, "rb") as f:
                ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
        check(ok and "/data/screenshots/" in url,
              "screenshot %s is a PNG in data/screenshots/" % name)


main()
print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
