#!/usr/bin/env bash
# The main job: builds the wasm module with the embedded default articles and serves the demo
# page (www/) on 127.0.0.1. Usage: scripts/run.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
port="${1:-${PORT:-8080}}"
echo "zhsearch demo: http://127.0.0.1:$port/"
exec python3 -m http.server --bind 127.0.0.1 --directory www "$port"
