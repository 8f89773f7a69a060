#!/bin/sh
# Install the Debian packages whose shared libraries Qt (PySide6) loads, where missing.
# Each line: a library Qt opens, and the Debian package that provides it.
set -u
missing=""
while read -r lib pkg; do
    [ -z "$lib" ] && continue
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $pkg"
done <<LIBS
libEGL.so.1 libegl1
libGL.so.1 libgl1
libfontconfig.so.1 libfontconfig1
libfreetype.so.6 libfreetype6
libxkbcommon.so.0 libxkbcommon0
libglib-2.0.so.0 libglib2.0-0
libdbus-1.so.3 libdbus-1-3
libxkbcommon-x11.so.0 libxkbcommon-x11-0
libxcb-cursor.so.0 libxcb-cursor0
libxcb-icccm.so.4 libxcb-icccm4
libxcb-keysyms.so.1 libxcb-keysyms1
libxcb-shape.so.0 libxcb-shape0
libxcb-render-util.so.0 libxcb-render-util0
libxcb-image.so.0 libxcb-image0
libX11-xcb.so.1 libx11-xcb1
LIBS
fc-list 2>/dev/null | grep -qi "dejavu" || missing="$missing fonts-dejavu-core"
[ -z "$missing" ] && exit 0
echo "Installing libraries Qt needs:$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "Not root and no sudo: install them with: apt-get install$missing" >&2
    exit 1
fi
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
