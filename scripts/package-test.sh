#!/usr/bin/env bash
# Installs the .deb from scripts/package.sh in a clean Debian 12 root (debootstrap minbase: none
# of this machine's libraries), with apt resolving only the package's declared dependencies,
# then starts the installed binary under Xvfb and saves a screenshot of its first screen.
# Needs root and Debian's mirror. Not part of the test suite (minutes of downloads).
#
#   ./scripts/package-test.sh [path/to/ConnectDesk_x.y.z_amd64.deb]
#   ROOT=/var/tmp/deb-root ./scripts/package-test.sh      keep the clean root somewhere else
#   SHOT=/tmp/installed.png                                where the screenshot goes
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
deb="${1:-$CARGO_TARGET_DIR/release/bundle/deb/ConnectDesk_${version}_amd64.deb}"
ROOT="${ROOT:-$(mktemp -d /var/tmp/connectdesk-deb-root.XXXXXX)}"
SHOT="${SHOT:-/tmp/connectdesk-installed.png}"
DISPLAY_NUMBER="${DISPLAY_NUMBER:-77}"
[ -f "$deb" ] || { echo "package-test: no package at $deb (run ./scripts/package.sh)" >&2; exit 1; }

command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
command -v Xvfb >/dev/null || apt-get install -y -qq xvfb
command -v import >/dev/null || apt-get install -y -qq imagemagick

if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  echo "package-test: a clean Debian 12 root in $ROOT (debootstrap --variant=minbase)"
  debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian >/dev/null
fi

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
for dir in proc sys dev; do
  mount --bind "/$dir" "$ROOT/$dir" && mounted+=("$ROOT/$dir")
done
mkdir -p "$ROOT/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix" && mounted+=("$ROOT/tmp/.X11-unix")
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"

cp "$deb" "$ROOT/tmp/connectdesk.deb"
echo "package-test: apt-get install ./connectdesk.deb in the clean root"
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/connectdesk.deb >/dev/null
package=$(dpkg-deb --field "$deb" Package)
chroot "$ROOT" dpkg -s "$package" | sed -n 's/^\(Package\|Version\|Depends\): /  \1: /p'
desktop=$(chroot "$ROOT" dpkg -L "$package" | grep '\.desktop$')
echo "package-test: desktop entry $desktop"
chroot "$ROOT" grep -E '^(Name|Exec|Icon|Categories)=' "$desktop"
chroot "$ROOT" dpkg -L "$package" | grep '/icons/'
binary=$(chroot "$ROOT" sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")

Xvfb ":$DISPLAY_NUMBER" -br -screen 0 1280x820x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
echo "package-test: starting $binary (the installed one) in the clean root"
chroot "$ROOT" /usr/bin/env -i DISPLAY=":$DISPLAY_NUMBER" HOME=/root PATH=/usr/bin:/bin \
  DBUS_SESSION_BUS_ADDRESS=disabled: "$binary" >/tmp/connectdesk-installed.log 2>&1 &
app=$!
sleep "${WAIT:-12}"
import -display ":$DISPLAY_NUMBER" -window root "$SHOT"
alive=yes
kill -0 "$app" 2>/dev/null || alive=no
pkill -f "^$binary" 2>/dev/null || true
colours=$(convert "$SHOT" -format '%k' info:)
echo "package-test: screenshot $SHOT ($colours colours), app still running: $alive"
[ "$alive" = yes ] && [ "$colours" -gt 16 ] || { echo "package-test: the installed app showed nothing" >&2; tail -20 /tmp/connectdesk-installed.log >&2; exit 1; }
echo "package-test: ok"
