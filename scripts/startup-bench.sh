#!/usr/bin/env bash
# Start-up benchmark (not a test): ConnectDesk's release build against a bare Tauri 2 app of the
# same tauri version (benches/bare-tauri, one line of HTML), N interleaved runs each on fresh data
# dirs under Xvfb; prints the medians and ratios of window mapped, first content (read from the
# screen, not from the apps' logs), PSS of the process tree at 3 s, and stripped binary size.
#
#   ./scripts/startup-bench.sh          7 runs each, building what is missing
#   RUNS=3 ./scripts/startup-bench.sh
#
# Both are built with `cargo build --release` and tauri's custom-protocol feature, as
# `tauri build` (scripts/package.sh) builds the packaged app.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/connectdesk/npm}"
RUNS="${RUNS:-7}"

command -v xwd >/dev/null || { echo "startup-bench: installing x11-apps (xwd)"; apt-get install -y -qq x11-apps >/dev/null; }
command -v Xvfb >/dev/null || ./scripts/setup.sh

[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --prefer-offline)
npm --prefix ui run build >/dev/null
cargo build --release -p connectdesk --features tauri/custom-protocol
(cd benches/bare-tauri && cargo build --release --features tauri/custom-protocol)

# ConnectDesk has WebKit rasterise on the CPU when GL has no GPU (src-tauri/src/rendering.rs);
# the third column is the bare app given the same setting, for a like-for-like view.
python3 scripts/startup_bench.py "$RUNS" \
  "ConnectDesk=$CARGO_TARGET_DIR/release/connectdesk" \
  "bare Tauri=$CARGO_TARGET_DIR/release/bare-tauri" \
  "bare, CPU raster=$CARGO_TARGET_DIR/release/bare-tauri+WEBKIT_SKIA_ENABLE_CPU_RENDERING=1"
