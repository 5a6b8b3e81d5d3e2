#!/usr/bin/env bash
# Runs every test: formatting, lints, and the native unit, integration and property tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
