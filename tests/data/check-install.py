#!/usr/bin/python3
# check-install.py BUILDDIR PREFIX BINDIR LIBDIR DATADIR LOCALEDIR APP_ID LINGUAS — runs
# `meson install --destdir` into a temporary directory and checks the layout: the two
# programs, the module of the WebKit pages (LIBDIR/baitbox/libbaitbox-web.so), desktop
# file, metainfo, icons, schema and one catalogue per language, and nothing else; the
# GResources are linked into baitbox, and only the module links WebKit and
# GtkSourceView. Prints TAP.
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


def expected_files(prefix, bindir, libdir, datadir, localedir, app_id, langs):
    def under(d, *parts):
        return os.path.join(d if os.path.isabs(d) else os.path.join(prefix, d), *parts)

    files = {
        under(bindir, "baitbox"),
        under(bindir, "baitbox-cli"),
        under(libdir, "baitbox", "libbaitbox-web.so"),
        under(datadir, "applications", app_id + ".desktop"),
        under(datadir, "metainfo", app_id + ".metainfo.xml"),
        under(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
        under(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
        under(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
    }
    for lang in langs:
        files.add(under(localedir, lang, "LC_MESSAGES", "baitbox.mo"))
    return files


def needed(path):
    """The DT_NEEDED entries of an ELF file, from readelf."""
    proc = subprocess.run(["readelf", "--dynamic", "--wide", path], capture_output=True,
                          text=True, env=dict(os.environ, LC_ALL="C"))
    return [line.split("[", 1)[1].split("]", 1)[0]
            for line in proc.stdout.splitlines() if "(NEEDED)" in line]


def installed_files(destdir):
    found = set()
    for root, _, names in os.walk(destdir):
        for name in names:
            path = os.path.join(root, name)
            found.add("/" + os.path.relpath(path, destdir))
    return found


def main():
    builddir, prefix, bindir, libdir, datadir, localedir, app_id, linguas = sys.argv[1:9]
    langs = languages(linguas)
    expected = expected_files(prefix, bindir, libdir, datadir, localedir, app_id, langs)

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
        for res in ("bb-window.ui", "bb-preferences-window.ui", "bb-help-overlay.ui",
                    "style.css", "icons/scalable/apps/%s.svg" % app_id):
            check(base + res in proc.stdout.split(), "baitbox carries the resource " + base + res)

        # The program starts without WebKit and GtkSourceView; the module has them.
        module = destdir + sorted(p for p in expected if p.endswith("/libbaitbox-web.so"))[0]
        heavy = ("libwebkitgtk-6.0.so", "libgtksourceview-5.so")
        baitbox_needs = needed(baitbox)
        module_needs = needed(module)
        for lib in heavy:
            check(baitbox_needs and not any(n.startswith(lib) for n in baitbox_needs),
                  "baitbox does not link " + lib, " ".join(baitbox_needs))
            check(any(n.startswith(lib) for n in module_needs),
                  "libbaitbox-web.so links " + lib, " ".join(module_needs))


main()
print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
