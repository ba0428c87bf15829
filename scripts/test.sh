#!/usr/bin/env bash
# THE test command (CI runs it through .ci/run): installs what is missing, then runs every check in order
# and stops at the first failure with a banner naming the step. Prints seconds per step and a summary.
#
#   ./scripts/test.sh                run everything
#   SKIP_E2E=1 ./scripts/test.sh     everything but the app build and the end-to-end suite
#
# Steps: setup, UI build (Tauri embeds ui/dist, so it comes before any cargo step), cargo fmt, cargo clippy,
# Rust tests (nextest + doctests, or cargo test), keyring test, bindings freshness, svelte-check, vitest,
# app build, end-to-end (tests/e2e via scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/connectdesk/target}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/connectdesk/npm}"
export CARGO_TERM_PROGRESS_WHEN=never # no progress bar noise in CI logs
[ -t 1 ] || export CARGO_TERM_COLOR=never NO_COLOR=1 FORCE_COLOR=0

STEPS=()   # "name|seconds|status"
SUITE_START=$EPOCHREALTIME

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

summary() {
  echo
  echo "==================== test.sh summary ===================="
  local entry name secs status
  for entry in "${STEPS[@]}"; do
    IFS='|' read -r name secs status <<<"$entry"
    printf '  %-6s %7ss  %s\n' "$status" "$secs" "$name"
  done
  echo "  total  $(elapsed "$SUITE_START")s"
  echo "========================================================="
}

# step NAME CMD... — runs CMD in a subshell with errexit on, records its time, stops everything on failure.
step() {
  local name=$1
  shift
  echo
  echo "==> ${name}"
  local start=$EPOCHREALTIME rc
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  local secs
  secs=$(elapsed "$start")
  if [ "$rc" -eq 0 ]; then
    STEPS+=("$name|$secs|ok")
    echo "<== ${name}: ok (${secs}s)"
  else
    STEPS+=("$name|$secs|FAILED")
    echo
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! FAILED: ${name} (exit ${rc}, ${secs}s)"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    summary
    exit "$rc"
  fi
}

skip() {
  STEPS+=("$1|0.0|skip")
  echo
  echo "==> $1: skipped ($2)"
}

# ---- step bodies -------------------------------------------------------------------------------

rust_tests() {
  if cargo nextest --version >/dev/null 2>&1; then
    # nextest prints the standard closing line: "Summary [ 12.3s] N tests run: N passed, 0 skipped".
    cargo nextest run --workspace --no-fail-fast --no-tests=warn
    echo "--- doctests (nextest does not run them)"
    cargo test --workspace --doc --no-fail-fast
  else
    local log
    log=$(mktemp)
    local rc=0
    cargo test --workspace --no-fail-fast 2>&1 | tee "$log" || rc=$?
    # One closing line over every test binary, like nextest's.
    awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1); if ($(i) ~ /^ignored/) s += $(i-1) } }
         END { printf "Summary: %d tests run: %d passed, %d failed, %d skipped\n", p + f, p, f, s }' "$log"
    rm -f "$log"
    return "$rc"
  fi
}

BINDINGS=ui/src/lib/bindings.ts
bindings_fresh() {
  # The bindings test regenerates the file (and itself fails when it changed).
  cargo test -p connectdesk --test bindings
  [ -f "$BINDINGS" ] || { echo "$BINDINGS was not generated" >&2; return 1; }
  if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "warning: not a git checkout; cannot compare $BINDINGS with the committed copy" >&2
    return 0
  fi
  if ! git ls-files --error-unmatch -- "$BINDINGS" >/dev/null 2>&1; then
    echo "$BINDINGS is generated but not committed (untracked): git add $BINDINGS" >&2
    return 1
  fi
  if ! git diff --exit-code --stat -- "$BINDINGS"; then
    git --no-pager diff -- "$BINDINGS" | head -80
    echo "$BINDINGS is stale: it differs from the committed copy. Commit the regenerated file." >&2
    return 1
  fi
  echo "$BINDINGS matches the commands"
}

# ---- the run ----------------------------------------------------------------------------------

echo "test.sh: CARGO_TARGET_DIR=$CARGO_TARGET_DIR  npm cache=$npm_config_cache  CI=${CI:-}"

step "setup (scripts/setup.sh)" ./scripts/setup.sh
# Tauri embeds ui/dist at compile time, so every cargo step below needs the UI built first.
step "ui: npm run build" npm --prefix ui run build
step "cargo fmt --all --check" cargo fmt --all --check
step "cargo clippy --workspace --all-targets -D warnings" cargo clippy --workspace --all-targets -- -D warnings
step "rust tests" rust_tests

if [ -x crates/secrets/tests/run-keyring-test.sh ]; then
  step "keyring test (crates/secrets/tests/run-keyring-test.sh)" crates/secrets/tests/run-keyring-test.sh
elif [ -f crates/secrets/tests/run-keyring-test.sh ]; then
  step "keyring test (crates/secrets/tests/run-keyring-test.sh)" bash crates/secrets/tests/run-keyring-test.sh
else
  skip "keyring test" "crates/secrets/tests/run-keyring-test.sh not present"
fi

if [ -f src-tauri/tests/bindings.rs ]; then
  step "bindings are current ($BINDINGS)" bindings_fresh
else
  skip "bindings freshness" "src-tauri/tests/bindings.rs not present"
fi

# The Stripe tests read a committed subset of the spec; where the full spec is beside the clone,
# check the subset is what the script makes from it.
if [ -f ../shared/stripe-openapi/spec3.json ]; then
  step "stripe spec subset is current (scripts/stripe-spec-subset.py --check)" python3 scripts/stripe-spec-subset.py --check
else
  skip "stripe spec subset check" "no ../shared/stripe-openapi beside the clone"
fi

step "ui: npm run check (svelte-check)" npm --prefix ui run check
step "ui: npm test (vitest run)" npm --prefix ui test

if [ -n "${SKIP_E2E:-}" ]; then
  skip "app build, end-to-end" "SKIP_E2E is set"
else
  step "cargo build -p connectdesk" cargo build -p connectdesk
  step "end-to-end (tests/e2e, scripts/e2e.sh)" ./scripts/e2e.sh
fi

summary
echo "test.sh: all steps passed"
