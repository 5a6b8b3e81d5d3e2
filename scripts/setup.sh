#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: checks the Rust toolchain and its components.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null; then
  echo "setup: cargo not found; install Rust with rustup first" >&2
  exit 1
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
    rustup component add "$comp"
  fi
done
