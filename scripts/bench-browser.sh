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
scripts/build-wasm.sh
# What every visitor of a portal page downloads besides the index: the module without the
# default articles, its glue (with fetch.js) and the element, as scripts/build-wasm.sh ships them.
for f in www/pkg/zhsearch_widget_bg.wasm www/pkg/zhsearch_widget.js www/zh-search.min.js; do
  echo "$f: $(wc -c < "$f") B raw, $(brotli -q 11 -c "$f" | wc -c) B brotli"
done
node bench/browser.mjs www target/bench/inews.zhs target/bench/queries.jsonl
