#!/usr/bin/env bash
# Runs connectdesk-secrets' tests against a real OS secret store (Linux):
#   1. a private D-Bus session with a freshly unlocked GNOME Keyring in a temporary HOME:
#      `real_keyring_round_trip` stores a data key through Secret Service and reads it back;
#   2. no secret store reachable (DBUS_SESSION_BUS_ADDRESS points nowhere), and
#   3. a D-Bus session whose Secret Service has no unlocked keyring (headless, nothing to prompt with):
#      `no_secret_store_reachable` expects NoSecretStore and a passphrase, never a panic or plain text.
# Nothing touches the user's own keyring. Needs gnome-keyring and dbus (scripts/setup.sh installs them).
#
# Usage: crates/secrets/tests/run-keyring-test.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."

for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "run-keyring-test: $tool is missing (run scripts/setup.sh)" >&2; exit 1; }
done

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
# Build outside the sessions, then run the test binary directly: the sessions get a temporary HOME,
# which must not be where cargo looks for its toolchain and registry.
echo "run-keyring-test: building"
test_bin="$(
  cargo test -p connectdesk-secrets --test keyring --no-run --message-format=json \
    | grep -o '"executable":"[^"]*/keyring-[^"]*"' | tail -n 1 | cut -d'"' -f4
)"
[ -x "$test_bin" ] || { echo "run-keyring-test: test binary not found" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch"/{home,runtime,home-nobus,runtime-nobus,home-locked,runtime-locked}

echo "run-keyring-test: 1/3 real GNOME Keyring (Secret Service) in a private D-Bus session"
env -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
  HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime" \
  XDG_DATA_HOME="$scratch/home/.local/share" XDG_CONFIG_HOME="$scratch/home/.config" \
  TEST_BIN="$test_bin" \
  dbus-run-session -- bash -c '
    set -euo pipefail
    # Starts the daemon with a new "login" keyring unlocked by "pass"; prints variables to export.
    eval "$(echo -n pass | gnome-keyring-daemon --unlock --components=secrets | sed "s/^/export /")"
    # The daemon is on the bus of this session only and ends with it.
    "$TEST_BIN" --ignored --exact real_keyring_round_trip --nocapture
    # Evidence that GNOME Keyring (not some other store) held the key: its keyring file on disk.
    ls "$XDG_DATA_HOME"/keyrings/*.keyring >/dev/null
  '

echo "run-keyring-test: 2/3 no secret store reachable (no D-Bus session)"
env -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
  HOME="$scratch/home-nobus" XDG_RUNTIME_DIR="$scratch/runtime-nobus" \
  DBUS_SESSION_BUS_ADDRESS="unix:path=$scratch/no-such-bus" \
  "$test_bin" --ignored --exact no_secret_store_reachable --nocapture

echo "run-keyring-test: 3/3 no secret store usable (D-Bus session, keyring daemon activated, no keyring unlocked)"
env -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
  HOME="$scratch/home-locked" XDG_RUNTIME_DIR="$scratch/runtime-locked" \
  XDG_DATA_HOME="$scratch/home-locked/.local/share" XDG_CONFIG_HOME="$scratch/home-locked/.config" \
  dbus-run-session -- "$test_bin" --ignored --exact no_secret_store_reachable --nocapture

echo "run-keyring-test: all passed"
