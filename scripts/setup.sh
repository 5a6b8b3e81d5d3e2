#!/usr/bin/env bash
# Idempotent set-up for a fresh machine (Debian, rustup Rust, Node/npm, root for apt).
# Sourced by the other scripts with the parts they need:
#   native   rustfmt, clippy
#   wasm     wasm32 target, wasm-pack, wasm-bindgen-cli pinned to Cargo.lock's wasm-bindgen
#   browser  Debian's chromium + chromedriver, Chinese fonts, brotli
#   npm      node_modules from package-lock.json (playwright-core; no browser download)
# Each part checks what is there first, so a second run installs nothing.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_setup_native() {
  command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup" >&2; exit 1; }
  for comp in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$comp" || rustup component add "$comp"
  done
}

_setup_wasm() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  command -v wasm-pack >/dev/null || cargo install wasm-pack --locked
  local want
  want=$(grep -A1 '^name = "wasm-bindgen"$' "$_root/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
  if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$want" ]; then
    # --locked does not build for wasm-bindgen-cli here (see the toolchain notes in README.md)
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
}

_setup_browser() {
  local missing=()
  for pkg in chromium chromium-driver fonts-wqy-microhei brotli; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

_setup_npm() {
  local stamp="$_root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$_root/package-lock.json" -nt "$stamp" ]; then
    (cd "$_root" && npm ci --no-audit --no-fund)
  fi
}

for part in "${@:-native}"; do
  "_setup_$part"
done
