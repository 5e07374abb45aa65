#!/usr/bin/python3
# check-flatpak-manifest.py MANIFEST APP_ID — the Flatpak manifest parses, names the
# app, builds this tree with meson on the GNOME runtime, and asks for no permission
# beyond what Baitbox needs. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys

# Network (the Console, Microsoft), IPC (X11 shared memory), Wayland with X11 as a
# fallback, GPU. No filesystem: files go through the portal file chooser. No
# org.freedesktop.secrets: libsecret uses the secret portal inside the sandbox.
ALLOWED = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
        check(True, "the manifest parses as JSON")
    except (OSError, ValueError) as e:
        check(False, "the manifest parses as JSON", str(e))
        return

    check(manifest.get("id", manifest.get("app-id")) == app_id, "the id is " + app_id)
    check(manifest.get("command") == "baitbox", "the command is baitbox")
    check(manifest.get("runtime") == "org.gnome.Platform", "the runtime is org.gnome.Platform")
    check(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    check(version.isdigit() and int(version) >= 49,
          "the runtime version is a GNOME release (>= 49)", version)

    args = manifest.get("finish-args", [])
    check(len(args) == len(set(args)), "no finish-arg is repeated")
    extra = sorted(set(args) - ALLOWED)
    missing = sorted(ALLOWED - set(args))
    check(not extra, "no permission beyond network, IPC, Wayland/X11 fallback and DRI",
          " ".join(extra))
    check(not missing, "every needed permission is there", " ".join(missing))
    check(not any(a.startswith(("--filesystem", "--talk-name", "--system-talk-name",
                                "--own-name", "--socket=x11", "--device=all",
                                "--socket=session-bus", "--socket=system-bus"))
                  for a in args),
          "no filesystem, bus name or full X11/device access")

    modules = manifest.get("modules", [])
    app = modules[-1] if modules else {}
    check(isinstance(app, dict) and app.get("name") == "baitbox",
          "the last module is baitbox")
    check(app.get("buildsystem") == "meson", "baitbox builds with meson")
    sources = app.get("sources", [])
    check(any(s.get("type") == "dir" and s.get("path") == ".." for s in sources),
          "baitbox builds this tree (a dir source at ..)")


main()
print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
