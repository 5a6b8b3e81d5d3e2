#!/usr/bin/env bash
# Builds the wasm module with the embedded index of articles/ (or ZHSEARCH_ARTICLES) into
# www/pkg/, and writes www/pkg/version.json (a content hash the service worker versions its
# cache with, so a new build replaces the cached files).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh native wasm
wasm-pack build --release --target web --mode no-install --out-dir www/pkg "$@"
version=$(cat www/pkg/zhsearch_widget_bg.wasm www/pkg/zhsearch_widget.js www/*.js www/*.html www/*.css 2>/dev/null | sha256sum | cut -c1-16)
printf '{"version":"%s"}\n' "$version" > www/pkg/version.json
echo "built www/pkg (version $version)"
