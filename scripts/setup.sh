#!/usr/bin/env bash
# Installs everything ConnectDesk needs on Debian 12: system packages, tauri-driver, npm packages.
# Idempotent: a second run only checks and returns quickly.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libgtk-3-dev librsvg2-dev
  libayatana-appindicator3-dev libssl-dev build-essential pkg-config file xvfb xauth
  webkit2gtk-driver dbus-x11 gnome-keyring libsecret-1-dev libdbus-1-dev imagemagick curl
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  # This image's clean-up hook can delete downloaded .deb files between dpkg calls
  # ("failed to read archive"); a retry of the same install succeeds.
  for attempt in 1 2 3 4; do
    if DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
      break
    fi
    [ "$attempt" -eq 4 ] && { echo "setup: apt-get install failed 4 times" >&2; exit 1; }
    echo "setup: apt-get install failed (attempt $attempt), retrying"
    sleep 2
  done
fi

export PATH="$HOME/.cargo/bin:$PATH"
# scripts/test.sh runs cargo fmt and cargo clippy.
for component in rustfmt clippy; do
  sub=${component/rustfmt/fmt}
  if ! cargo "$sub" --version >/dev/null 2>&1 && command -v rustup >/dev/null 2>&1; then
    echo "setup: adding rust component $component"
    rustup component add "$component"
  fi
done
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked
fi

# npm's cache lives outside the clone so a fresh clone installs from it quickly.
export npm_config_cache="${npm_config_cache:-$HOME/.cache/connectdesk/npm}"
for dir in ui tests/e2e; do
  if [ -f "$dir/package-lock.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      echo "setup: npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --prefer-offline)
    fi
  fi
done
echo "setup: done"
