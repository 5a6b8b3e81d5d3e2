#!/usr/bin/env bash
# The main job: builds the zhsearch CLI, indexes the default articles and answers a query.
# Usage: scripts/run.sh [QUERY]   (default query: 刘万玺)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --locked -p zhsearch
./target/release/zhsearch index articles -o target/articles.zhs
./target/release/zhsearch stats target/articles.zhs
./target/release/zhsearch search target/articles.zhs "${1:-刘万玺}" --limit 3
