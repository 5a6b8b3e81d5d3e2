#!/usr/bin/env bash
# Engine targets on the 7,353-article news corpus: build time and peak memory, index size
# (brotli) against the raw article text, query latency over a fixed mix, segmentation agreement.
# Usage: scripts/bench.sh            (writes nothing to the repo; corpus cached under target/)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
command -v brotli >/dev/null || { apt-get update -qq && apt-get install -y -qq brotli; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
corpus="$PWD/target/bench/inews.jsonl"
mkdir -p target/bench
bench/corpus/get-inews.sh "$corpus"
cargo build --release --locked -p zhsearch
echo "== index build (3 runs)"
for i in 1 2 3; do
  /usr/bin/time -f "wall %e s, peak RSS %M KB" ./target/release/zhsearch index "$corpus" -o target/bench/inews.zhs
done
echo "== size (brotli -q 11 -w 24)"
python3 - "$corpus" > target/bench/raw.txt <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    sys.stdout.write(d["title"] + "\n" + d["body"] + "\n")
PY
raw=$(brotli -q 11 -w 24 -c target/bench/raw.txt | wc -c)
idx=$(brotli -q 11 -w 24 -c target/bench/inews.zhs | wc -c)
python3 -c "print(f'raw text {$raw} B, index {$idx} B, ratio {$idx/$raw:.3f}x')"
./target/release/zhsearch stats target/bench/inews.zhs
echo "== query latency and segmentation"
ZHSEARCH_BENCH_CORPUS="$corpus" ZHSEARCH_BUILDS=1 cargo bench --locked -p zhsearch-engine --bench query_mix
ZHSEARCH_BENCH_CORPUS="$corpus" cargo bench --locked -p zhsearch-engine --bench segmentation
