#!/usr/bin/env bash
# Seed corpora for the older fuzz targets (see README.md), from the repository alone.
# Usage: fuzz/seed.sh   (after `cargo fuzz build --sanitizer none`)
set -euo pipefail
cd "$(dirname "$0")"
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p corpus/{index_reader,index_reader_patched,normalize_snippet,query_search,ingest_parse}
: > /tmp/zhsearch-fuzz-empty
ZHS_DUMP_INDEX=corpus/index_reader/valid_small.zhs "$bin/index_reader_patched" /tmp/zhsearch-fuzz-empty >/dev/null 2>&1 || true
for f in ../articles/*.txt; do
  head -c 2000 "$f" > "corpus/normalize_snippet/$(basename "$f")"
done
i=0
for q in 的 '乡村 振兴' '"五星支部"' '-a b' '燃气安全 -南乐' 'xiangcun' '鄉村' '“实”干'; do
  # limit=10 (u16 LE), offset=0 (usize LE), passages=2, snippet_chars=80 (u16 LE), the query.
  { printf '\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x50\x00'; printf '%s' "$q"; } > "corpus/query_search/q$i"
  i=$((i + 1))
done
printf '\x00标题\n正文 燃气安全\n' > corpus/ingest_parse/txt
printf '\x01---\ntitle: 标题\nid: 010\n---\n# 一\n正文\n' > corpus/ingest_parse/md
printf '\x02<html><head><title>标题</title></head><body><h2 id="a">一</h2><p>正文</p></body></html>' > corpus/ingest_parse/html
printf '\x03[{"id": 1e2, "title": "标题", "body": "正文"}]' > corpus/ingest_parse/json
printf '\x04{"id": "a", "title": "标题", "body": "正文"}\n{"id": 2}\n' > corpus/ingest_parse/jsonl
for f in txt md html json jsonl; do
  { printf '\x80' | cat - <(tail -c +2 "corpus/ingest_parse/$f"); } > "corpus/ingest_parse/${f}_skip"
done
echo "seeded $(find corpus -type f | wc -l) files"
