# SPDX-License-Identifier: EUPL-1.2
# Shared by tools/demo and tools/test: Debian 12 packages, installed only when missing.

LOKET_BUILD_DEPS=(
  build-essential meson ninja-build pkg-config gettext libxml2-utils
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsqlite3-dev libsodium-dev libqrencode-dev
  libespeak-ng-dev espeak-ng-data libpcaudio-dev
  desktop-file-utils appstream librsvg2-common
  # fonts-noto-core has Noto Sans/Naskh Arabic and Noto Sans Ethiopic (Tigrinya): no glyph as a box (issue 9)
  fonts-noto-core fonts-dejavu-core
)

LOKET_TEST_DEPS=(
  xvfb xauth dbus dbus-x11 at-spi2-core python3 flatpak-builder python3-pyatspi gir1.2-atspi-2.0
  openssl
  poppler-utils
  xdotool x11-utils
)

# Issue 11, the runs that do not fit in CI (README, "Evidence"): libFuzzer with clang, valgrind,
# and Chromium for the start-up comparison. Installed by hand: `. tools/lib.sh; loket_install "${LOKET_EVIDENCE_DEPS[@]}"`.
LOKET_EVIDENCE_DEPS=(
  clang libclang-rt-14-dev valgrind chromium python3-yaml
)

LOKET_DEMO_DEPS=(
  dbus-x11 at-spi2-core
)

# loket_install PACKAGE...: installs what is missing, and says what.
loket_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "loket: installing ${missing[*]}"
  local sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
}

# loket_build BUILDDIR: configures (once) and compiles.
loket_build() {
  local builddir=$1
  if [ -f "$builddir/build.ninja" ]; then
    meson setup --reconfigure "$builddir" >/dev/null
  else
    meson setup "$builddir"
  fi
  meson compile -C "$builddir"
}
