#!/usr/bin/python3
# check-translation.py LANG PO_FILE LOCALEDIR BAITBOX BAITBOX_CLI DESKTOP METAINFO —
# proves the translation machinery end to end: both programs, run with LANGUAGE=LANG
# against the build tree's catalogues (BAITBOX_LOCALEDIR), print the translation of
# every string of LANG's .po that they print in English; an error of baitbox-cli comes
# out translated; the merged desktop file and metainfo carry the language. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def unquote(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path):
    """msgid → msgstr for the translated, non-fuzzy, singular entries."""
    entries, current, field, fuzzy = {}, {}, None, False

    def flush():
        msgid, msgstr = current.get("msgid"), current.get("msgstr")
        if msgid and msgstr and not fuzzy and "msgctxt" not in current:
            entries[msgid] = msgstr

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                flush()
                current, field, fuzzy = {}, None, False
            elif line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and field:
                current[field] += unquote(line[1:-1])
            else:
                m = re.match(r'(msgctxt|msgid|msgstr)\s+"(.*)"$', line)
                field = m.group(1) if m else None
                if field:
                    current[field] = unquote(m.group(2))
    flush()
    return entries


def run(argv, lang, localedir):
    env = dict(os.environ, LC_ALL="C.UTF-8", BAITBOX_LOCALEDIR=localedir,
               BAITBOX_CONSOLE="", BAITBOX_AUTH_TOKEN="", BAITBOX_FLOCK="")
    env.pop("LANGUAGE", None)
    if lang:
        env["LANGUAGE"] = lang
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def check_program(name, argv, lang, catalogue, localedir, minimum):
    rc_en, english = run(argv, None, localedir)
    rc_xx, translated = run(argv, lang, localedir)
    check(rc_en == rc_xx, "%s: same exit status in English and %s" % (name, lang))

    # Sentences only: a lone word could match inside another string.
    shown = [msgid for msgid in catalogue
             if " " in msgid and len(msgid) >= 10 and msgid in english]
    # A string inside a longer one shown ("Microsoft 365" in a sentence) is
    # translated as part of that one, so only the longest matches count.
    shown = [m for m in shown if not any(m != o and m in o for o in shown)]
    untranslated = [msgid for msgid in shown if catalogue[msgid] not in translated]
    check(len(shown) >= minimum,
          "%s: at least %d of its strings are translated in %s.po" % (name, minimum, lang),
          "only %d" % len(shown))
    check(not untranslated, "%s: all %d of them come out in %s" % (name, len(shown), lang),
          "; ".join(untranslated[:5]))
    check(translated != english, "%s: the %s output differs from the English" % (name, lang))


def main():
    lang, po, localedir, baitbox, cli, desktop, metainfo = sys.argv[1:8]
    catalogue = read_po(po)
    check(len(catalogue) > 0, "%s.po has translations" % lang)

    check_program("baitbox --help", [baitbox, "--help"], lang, catalogue, localedir, 5)
    check_program("baitbox-cli --help", [cli, "--help"], lang, catalogue, localedir, 10)
    # Refused before anything is sent: plain http off loopback.
    check_program("baitbox-cli ping (bad address)",
                  [cli, "--console", "http://example.com", "ping"],
                  lang, catalogue, localedir, 1)

    with open(desktop, encoding="utf-8") as f:
        text = f.read()
    check(re.search(r"^Comment\[%s\]=" % re.escape(lang), text, re.M),
          "the desktop file has Comment[%s]" % lang)
    with open(metainfo, encoding="utf-8") as f:
        text = f.read()
    check('<summary xml:lang="%s">' % lang in text, "the metainfo has a %s summary" % lang)
    check('<p xml:lang="%s">' % lang in text, "the metainfo has a %s description" % lang)


main()
print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
