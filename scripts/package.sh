#!/usr/bin/env bash
# Builds the release package: the UI, then `tauri build` (release profile, the custom protocol),
# the binary stripped, then `tauri bundle --bundles deb`, giving a .deb with the app icon, a
# desktop entry and its Debian dependencies. Prints where it landed.
#
#   ./scripts/package.sh              install what is missing, then build the .deb
#   ./scripts/package.sh --no-setup   skip scripts/setup.sh
#
# Install it: sudo apt install ./ConnectDesk_<version>_amd64.deb   (then: connectdesk, or the menu)
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/connectdesk/npm}"

case "${1:-}" in
  --no-setup) ;;
  "") ./scripts/setup.sh ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac

[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --prefer-offline)
npm --prefix ui run build
# The CLI comes from the UI's devDependencies (@tauri-apps/cli), pinned by its lock file.
tauri=../ui/node_modules/.bin/tauri
(cd src-tauri && "$tauri" build --no-bundle --ci)
# The package carries the binary without its symbol tables (about a quarter of its size); the
# release profile keeps them so a local build can still be profiled.
strip "$CARGO_TARGET_DIR/release/connectdesk"
(cd src-tauri && "$tauri" bundle --bundles deb --ci)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
deb="$CARGO_TARGET_DIR/release/bundle/deb/ConnectDesk_${version}_amd64.deb"
[ -f "$deb" ] || { echo "package.sh: no package at $deb" >&2; exit 1; }
echo "package.sh: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Depends
