#!/usr/bin/env bash
# Runs every test: rustfmt, clippy, the native unit/integration/property tests, the wasm API
# tests in headless Chromium (wasm-bindgen-test), and the end-to-end tests of the demo page
# (Playwright driving Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh native wasm browser npm
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# the reader alone, as the wasm module builds it (no jieba, no ingestion)
cargo clippy -p zhsearch-engine --no-default-features --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests --locked -- -D warnings
cargo test --workspace --locked
python3 scripts/third-party.py --check
CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm --locked
cargo build --release --locked -p zhsearch
scripts/build-wasm.sh
node --test tests/e2e/
