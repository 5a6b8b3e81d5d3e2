#!/usr/bin/env bash
# Builds the wasm modules into www/:
#   www/pkg/           the module portals use (no articles inside; loads an index by URL)
#   www/pkg-embedded/  the same module with the index of articles/ (or ZHSEARCH_ARTICLES) built
#                      in, for the demo page and sites without an index of their own
#   www/zh-search.min.js  the element in one minified file, as portals embed it
# each optimized for size (opt-level z, panic=abort, then binaryen's wasm-opt -Oz --converge,
# without the producers and debug sections, from npm:
# Debian's wasm-opt corrupts wasm-bindgen output), and www/pkg/version.json: a content hash the
# service worker versions its cache with, so a new build replaces the cached files.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh native wasm npm
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_PANIC=abort
build() { # OUT_DIR [wasm-pack args...]
  local out=$1
  shift
  wasm-pack build --release --target web --mode no-install --out-dir "$out" "$@"
  node_modules/.bin/wasm-opt -Oz --converge --strip-producers --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals "$out/zhsearch_widget_bg.wasm" -o "$out/zhsearch_widget_bg.wasm.opt"
  mv "$out/zhsearch_widget_bg.wasm.opt" "$out/zhsearch_widget_bg.wasm"
  rm -f "$out/.gitignore" "$out/package.json" "$out/README.md"
}
build www/pkg --no-default-features
build www/pkg-embedded
# What a portal page loads, minified (esbuild, from npm): the element and its modules as one
# file, www/zh-search.min.js (one request instead of five, and no second round of imports); and
# wasm-bindgen's glue in place, with the module's fetch.js. The readable modules stay for development and for bundlers.
node_modules/.bin/esbuild www/zh-search.js --bundle --minify --format=esm --log-level=warning --outfile=www/zh-search.min.js
# The glue imports src/fetch.js (wasm-bindgen copies it under snippets/): bundled into it.
for glue in www/pkg/zhsearch_widget.js www/pkg-embedded/zhsearch_widget.js; do
  node_modules/.bin/esbuild "$glue" --bundle --minify --format=esm --log-level=warning --allow-overwrite --outfile="$glue"
  rm -rf "$(dirname "$glue")/snippets"
done
version=$(cat www/pkg/zhsearch_widget_bg.wasm www/pkg-embedded/zhsearch_widget_bg.wasm www/pkg/zhsearch_widget.js \
  www/*.js www/*.html www/*.css 2>/dev/null | sha256sum | cut -c1-16)
printf '{"version":"%s"}\n' "$version" > www/pkg/version.json
command -v brotli >/dev/null && for f in www/pkg/zhsearch_widget_bg.wasm www/pkg-embedded/zhsearch_widget_bg.wasm; do
  echo "$f: $(wc -c < "$f") bytes, $(brotli -q 11 -c "$f" | wc -c) brotli"
done
echo "built www/pkg and www/pkg-embedded (version $version)"
# The demo's reader pages: one per page of the default articles, each story a section with the
# anchor its results link to (build.rs gives the embedded index those urls, read/…).
if [ -z "${ZHSEARCH_ARTICLES:-}" ]; then
  rm -rf www/read # no page of an article that is gone
  cargo run --quiet --release --locked -p zhsearch -- reader articles -o www/read \
    --stylesheet ../reader.css --icon ../favicon.svg --script ../zh-highlight.js --back ../
fi
