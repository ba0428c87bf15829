#!/usr/bin/env bash
# Runs the end-to-end suite (tests/e2e/specs) against the built app through tauri-driver + WebKitWebDriver.
# Needs a display: without $DISPLAY it runs under `xvfb-run -a`. Always inside its own D-Bus session
# (dbus-run-session) with an unlocked, throw-away gnome-keyring, and with throw-away XDG dirs.
# A failing step leaves a WebDriver screenshot in $E2E_SCREENSHOT_DIR (a temp dir, printed at the end).
#
#   ./scripts/e2e.sh                 all specs (tests/e2e/specs/*.test.mjs)
#   ./scripts/e2e.sh specs/x.test.mjs  only these files (relative to tests/e2e)
#
# Env: CONNECTDESK_APP (binary; default $CARGO_TARGET_DIR/debug/connectdesk), E2E_KEEP_DATA=1,
#      E2E_WDIO_LOG_LEVEL=info, E2E_DEBUG=1 (harness timings), E2E_DRIVER_PORT (default 4444, or a free port
#      when 4444 is taken).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/connectdesk/npm}"

files=("$@")

for tool in tauri-driver WebKitWebDriver dbus-run-session node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool not found; run ./scripts/setup.sh" >&2; exit 1; }
done

export CONNECTDESK_APP="${CONNECTDESK_APP:-$CARGO_TARGET_DIR/debug/connectdesk}"
if [ ! -x "$CONNECTDESK_APP" ]; then
  echo "e2e: app binary not found at $CONNECTDESK_APP (build: npm --prefix ui run build && cargo build -p connectdesk)" >&2
  exit 1
fi

cd tests/e2e
if [ ${#files[@]} -eq 0 ]; then
  shopt -s nullglob
  files=(specs/*.test.mjs)
  shopt -u nullglob
  [ ${#files[@]} -gt 0 ] || { echo "e2e: no specs in tests/e2e/specs" >&2; exit 1; }
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "e2e: npm ci in tests/e2e"
  npm ci --no-audit --no-fund --prefer-offline
fi

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/connectdesk-e2e.XXXXXX")
export E2E_SCREENSHOT_DIR="${E2E_SCREENSHOT_DIR:-$run_dir/screenshots}"
mkdir -p "$E2E_SCREENSHOT_DIR"
cleanup() {
  if [ -n "$(ls -A "$E2E_SCREENSHOT_DIR" 2>/dev/null)" ]; then
    echo "e2e: screenshots of failing steps are in $E2E_SCREENSHOT_DIR:"
    find "$E2E_SCREENSHOT_DIR" -maxdepth 1 -type f -printf "  %f\n" | sort
  elif [ "$E2E_SCREENSHOT_DIR" = "$run_dir/screenshots" ] && [ -z "${E2E_KEEP_DATA:-}" ]; then
    rm -rf "$run_dir"
  fi
}
trap cleanup EXIT

# Throw-away per-run XDG dirs: WebKit caches and the test keyring never touch the real home.
export XDG_DATA_HOME="$run_dir/xdg-data" XDG_CONFIG_HOME="$run_dir/xdg-config" XDG_CACHE_HOME="$run_dir/xdg-cache"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$run_dir/xdg-runtime}"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# WebKitGTK's sandbox (bubblewrap) cannot run as root in a container; the app and tests do not need it.
export WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1
# Keep WebKit's default (DMA-BUF) renderer: with WEBKIT_DISABLE_DMABUF_RENDERER=1 WebDriver screenshots hang.
export NO_AT_BRIDGE=1

# Inside the D-Bus session: an unlocked gnome-keyring (Secret Service) if available, then the tests.
# shellcheck disable=SC2016 # expanded by the inner bash
inner='
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  eval "$(printf "e2e" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
fi
exec node --test --test-concurrency=1 --test-force-exit --test-reporter=spec --test-timeout="${E2E_TEST_TIMEOUT_MS:-300000}" "$@"
'
cmd=(dbus-run-session -- bash -c "$inner" e2e-inner "${files[@]}")
if [ -z "${DISPLAY:-}" ]; then
  echo "e2e: no DISPLAY set, running under xvfb-run -a (virtual X server)"
  cmd=(xvfb-run -a -s "-screen 0 1280x900x24 -nolisten tcp" "${cmd[@]}")
fi

echo "e2e: running ${files[*]}"
"${cmd[@]}"
