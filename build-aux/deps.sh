# build-aux/deps.sh — sourced by run-demo and run-tests.
#
# Installs the Debian/Ubuntu packages Baitbox needs to build and test, when any is
# missing: directly as root, through sudo when that works without a password prompt
# we cannot answer, and otherwise prints the exact command for the user to run.
#
# SPDX-License-Identifier: GPL-3.0-or-later

BB_PACKAGES="gcc pkgconf libgtk-4-dev libadwaita-1-dev libwebkitgtk-6.0-dev libsoup-3.0-dev
libjson-glib-dev libsecret-1-dev libgtksourceview-5-dev meson ninja-build gettext appstream
desktop-file-utils xvfb xauth dbus gnome-keyring at-spi2-core python3-pyatspi
xdotool imagemagick"

bb_missing_packages () {
  local missing="" p
  for p in $BB_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $p"
    fi
  done
  echo "$missing"
}

bb_install_deps () {
  local missing apt_cmd
  missing=$(bb_missing_packages)
  [ -z "$missing" ] && return 0

  apt_cmd="apt-get install -y --no-install-recommends$missing"
  echo "Installing build dependencies:$missing" >&2
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
      DEBIAN_FRONTEND=noninteractive $apt_cmd >&2 && return 0
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
      sudo DEBIAN_FRONTEND=noninteractive $apt_cmd >&2 && return 0
  elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
    sudo apt-get update -q >&2 && sudo $apt_cmd >&2 && return 0
  fi
  echo "Could not install the build dependencies. Run this as root, then try again:" >&2
  echo "  apt-get update && $apt_cmd" >&2
  return 1
}

# bb_build BUILDDIR [meson options…]: configures once, then builds.
bb_build () {
  local builddir=$1
  shift
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$BB_SRCDIR" "$@" >&2 || return 1
  fi
  ninja -C "$builddir" >&2
}
