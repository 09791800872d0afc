#!/usr/bin/env bash
# Install the system libraries Qt (offscreen and Xvfb), the PDF tools and the
# PostgreSQL index tests (server binaries: initdb, pg_ctl) need,
# when they are missing and we are allowed to.
set -euo pipefail

needed=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6
        libglib2.0-0 libxkbcommon0 xvfb libxcb-icccm4 libxcb-keysyms1
        libxcb-cursor0 libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0
        libxcb-render-util0 libxcb-shape0 libxcb-image0 poppler-utils
        postgresql)

missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
