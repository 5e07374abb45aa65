#!/bin/sh
# check-potfiles.sh SRCDIR — fails when a source or data file with translatable
# strings is missing from po/POTFILES.in, or when POTFILES.in names a file that is
# gone. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

srcdir=${1:?usage: check-potfiles.sh SRCDIR}
cd "$srcdir" || exit 1

listed=$(mktemp)
wanted=$(mktemp)
trap 'rm -f "$listed" "$wanted"' EXIT

grep -v '^[[:space:]]*\(#.*\)\{0,1\}$' po/POTFILES.in | sed 's/[[:space:]]*$//' | sort -u > "$listed"

{
  # C: _( N_( C_( NC_( and the plural helpers; UI: translatable="yes".
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|g_dpgettext2|ngettext)[[:space:]]*\(' \
    --include='*.c' --include='*.h' src data
  grep -rl 'translatable="yes"' --include='*.ui' src data
  # Data files are translatable as a whole (msgfmt/xgettext ITS rules).
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null
} | sort -u > "$wanted"

echo "1..2"

missing=$(comm -23 "$wanted" "$listed")
if [ -z "$missing" ]; then
  echo "ok 1 - every file with translatable strings is in po/POTFILES.in"
else
  echo "not ok 1 - missing from po/POTFILES.in:"
  echo "$missing" | sed 's/^/#   /'
fi

gone=""
while read -r f; do
  [ -e "$f" ] || gone="$gone $f"
done < "$listed"
if [ -z "$gone" ]; then
  echo "ok 2 - every file in po/POTFILES.in exists"
else
  echo "not ok 2 - po/POTFILES.in names missing files:$gone"
fi

[ -z "$missing" ] && [ -z "$gone" ]
