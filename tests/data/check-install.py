#!/usr/bin/python3
# check-install.py BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID LINGUAS — runs
# `meson install --destdir` into a temporary directory and checks the layout: the two
# programs, desktop file, metainfo, icons, schema and one catalogue per language, and
# nothing else; the GResources are linked into baitbox. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import tempfile

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def languages(linguas):
    with open(linguas, encoding="utf-8") as f:
        return [w for line in f if not line.lstrip().startswith("#") for w in line.split()]


def expected_files(prefix, bindir, datadir, localedir, app_id, langs):
    def under(d, *parts):
        return os.path.join(d if os.path.isabs(d) else os.path.join(prefix, d), *parts)

    files = {
        under(bindir, "baitbox"),
        under(bindir, "baitbox-cli"),
        under(datadir, "applications", app_id + ".desktop"),
        under(datadir, "metainfo", app_id + ".metainfo.xml"),
        under(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
        under(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
        under(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
    }
    for lang in langs:
        files.add(under(localedir, lang, "LC_MESSAGES", "baitbox.mo"))
    return files


def installed_files(destdir):
    found = set()
    for root, _, names in os.walk(destdir):
        for name in names:
            path = os.path.join(root, name)
            found.add("/" + os.path.relpath(path, destdir))
    return found


def main():
    builddir, prefix, bindir, datadir, localedir, app_id, linguas = sys.argv[1:8]
    langs = languages(linguas)
    expected = expected_files(prefix, bindir, datadir, localedir, app_id, langs)

    with tempfile.TemporaryDirectory(prefix="baitbox-install-") as destdir:
        env = dict(os.environ, DESTDIR=destdir)
        meson = os.environ.get("BB_MESON", "meson")
        proc = subprocess.run([meson, "install", "-C", builddir, "--no-rebuild",
                               "--quiet", "--destdir", destdir],
                              env=env, capture_output=True, text=True)
        check(proc.returncode == 0, "meson install --destdir succeeds",
              (proc.stdout + proc.stderr).strip().replace("\n", "\n# "))
        found = installed_files(destdir)

        for path in sorted(expected):
            check(path in found, "installs " + path)
        extra = sorted(found - expected)
        check(not extra, "installs nothing else", " ".join(extra))

        baitbox = destdir + sorted(p for p in expected if p.endswith("/baitbox"))[0]
        check(os.access(baitbox, os.X_OK), "baitbox is executable")
        proc = subprocess.run(["gresource", "list", baitbox], capture_output=True, text=True)
        base = "/" + app_id.replace(".", "/") + "/"
        for res in ("bb-window.ui", "bb-preferences-window.ui", "gtk/help-overlay.ui",
                    "style.css", "icons/scalable/apps/%s.svg" % app_id):
            check(base + res in proc.stdout.split(), "baitbox carries the resource " + base + res)


main()
print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
