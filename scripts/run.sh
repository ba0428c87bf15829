#!/usr/bin/env bash
# THE "install and start" command: installs what is missing (scripts/setup.sh), builds the UI and the app,
# then opens the ConnectDesk window. Without a display ($DISPLAY empty) the app runs under `xvfb-run -a`
# (a virtual X server): it starts and works, but nothing is visible.
#
#   ./scripts/run.sh                      build and start
#   ./scripts/run.sh --no-setup           skip scripts/setup.sh
#   CONNECTDESK_DATA_DIR=/tmp/cd ./scripts/run.sh   start on another data dir
#   Extra arguments after -- go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/connectdesk/npm}"

setup=1
app_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-setup) setup=0 ;;
    --) shift; app_args=("$@"); break ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

t() { local start=$EPOCHREALTIME; "$@"; awk -v a="$start" -v b="$EPOCHREALTIME" -v n="$*" 'BEGIN { printf "run.sh: %s took %.1fs\n", n, b - a }'; }

if [ "$setup" -eq 1 ]; then
  echo "run.sh: installing what is missing (scripts/setup.sh)"
  t ./scripts/setup.sh
fi

echo "run.sh: building the UI (ui/dist)"
[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --prefer-offline)
t npm --prefix ui run build

echo "run.sh: building the app (cargo build -p connectdesk, target dir $CARGO_TARGET_DIR)"
t cargo build -p connectdesk

APP="$CARGO_TARGET_DIR/debug/connectdesk"
[ -x "$APP" ] || { echo "run.sh: $APP was not built" >&2; exit 1; }

if [ -n "${CONNECTDESK_DATA_DIR:-}" ]; then
  echo "run.sh: data dir $CONNECTDESK_DATA_DIR (CONNECTDESK_DATA_DIR)"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no DISPLAY set; starting ConnectDesk under xvfb-run -a (virtual X server, window not visible). Stop with Ctrl-C."
  # Containers usually run as root without user namespaces: WebKit's bubblewrap sandbox cannot start there.
  [ "$(id -u)" -eq 0 ] && export WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1
  export NO_AT_BRIDGE=1
  exec xvfb-run -a -s "-screen 0 1280x900x24 -nolisten tcp" dbus-run-session -- "$APP" "${app_args[@]}"
fi

echo "run.sh: starting ConnectDesk on DISPLAY=${DISPLAY:-} ${WAYLAND_DISPLAY:+WAYLAND_DISPLAY=$WAYLAND_DISPLAY}"
exec "$APP" "${app_args[@]}"
