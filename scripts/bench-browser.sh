#!/usr/bin/env bash
# In-browser figures: page load to first results (demo page, default articles) and query
# latency over the 7,353-article news corpus loaded as an index file.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh native wasm browser npm
corpus="$PWD/target/bench/inews.jsonl"
mkdir -p target/bench
bench/corpus/get-inews.sh "$corpus"
cargo build --release --locked -p zhsearch
./target/release/zhsearch index "$corpus" -o target/bench/inews.zhs -q
ZHSEARCH_BENCH_CORPUS="$corpus" ZHSEARCH_BUILDS=1 ZHSEARCH_DUMP_QUERIES="$PWD/target/bench/queries.jsonl" \
  cargo bench --locked -p zhsearch-engine --bench query_mix
# module size without the embedded index (what every visitor downloads besides the index)
wasm-pack build --release --target web --mode no-install --out-dir "$PWD/target/bench/pkg-noembed" --no-default-features
for f in target/bench/pkg-noembed/zhsearch_widget_bg.wasm target/bench/pkg-noembed/zhsearch_widget.js www/zh-search.js; do
  echo "$f: $(wc -c < "$f") B raw, $(brotli -q 11 -c "$f" | wc -c) B brotli"
done
scripts/build-wasm.sh
node bench/browser.mjs www target/bench/inews.zhs target/bench/queries.jsonl
