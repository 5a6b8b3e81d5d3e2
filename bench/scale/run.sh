#!/usr/bin/env bash
# Scale sweep: build time, peak memory, index size (raw and brotli) and query latency (native
# and in headless Chromium) at several corpus sizes made from the 7,353-article news corpus
# (bench/scale/make-corpus.py: samples below 7,353, synthetic articles above).
#
# usage: bench/scale/run.sh OUT_DIR [SIZES...]        (default sizes: 1000 7353 30000 100000)
#
# OUT_DIR keeps the corpora (N.jsonl, N.txt; reused while newer than make-corpus.py and the
# source), the indexes (N.zhs), the query mixes (N.queries.jsonl), the logs, and the result
# OUT_DIR/scale.json. Keep it out of git (e.g. under target/): the corpora hold the news text.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ $# -ge 1 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
mkdir -p "$1"
out="$(cd "$1" && pwd)"
shift
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000 7353 30000 100000); fi
rounds=3
quality=9
window=24

source scripts/setup.sh native wasm browser npm
started=$(date +%s)
log() { echo "[scale $(date +%H:%M:%S)] $*" >&2; }

src="$root/target/bench/inews.jsonl"
if [ ! -s "$src" ]; then
  mkdir -p "$(dirname "$src")"
  bench/corpus/get-inews.sh "$src"
fi

log "building the CLI, the query_mix bench and the wasm packages (www/pkg: no embedded index)"
cargo build --release --locked -p zhsearch
cargo bench --locked -p zhsearch-engine --bench query_mix --no-run
scripts/build-wasm.sh > "$out/build-wasm.log"
mkdir -p "$out/pkg" && cp -r www/pkg/. "$out/pkg/"
zhsearch="$root/target/release/zhsearch"

# Corpora and their raw text (title and body of each article, one line each).
for n in "${sizes[@]}"; do
  c="$out/$n.jsonl"
  if [ ! -s "$c" ] || [ "$c" -ot "$src" ] || [ "$c" -ot bench/scale/make-corpus.py ]; then
    log "corpus of $n articles"
    python3 bench/scale/make-corpus.py "$src" "$n" "$c"
    rm -f "$out/$n.txt" "$out/$n.textstats"
  fi
  if [ ! -s "$out/$n.textstats" ]; then
    python3 - "$c" "$out/$n.txt" > "$out/$n.textstats" <<'EOF'
import json, sys
n = size = 0
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as t:
    for line in f:
        if line.strip():
            d = json.loads(line)
            t.write(d["title"] + "\n" + d["body"] + "\n")
            size += len(d["title"].encode()) + len(d["body"].encode())
            n += 1
print(n, size)
EOF
  fi
done

# Index builds: rounds interleaved across sizes.
for r in $(seq 1 $rounds); do
  for n in "${sizes[@]}"; do
    log "build round $r/$rounds: $n articles"
    /usr/bin/time -f '%e %M' -o "$out/$n.time.$r" "$zhsearch" index "$out/$n.jsonl" -o "$out/$n.zhs" -q
    log "  $(cat "$out/$n.time.$r") (seconds, peak KB)"
  done
done

# Split builds (zhsearch index --split, with the compact offline file): rounds interleaved.
for r in $(seq 1 $rounds); do
  for n in "${sizes[@]}"; do
    log "split build round $r/$rounds: $n articles"
    rm -rf "$out/$n.split"
    /usr/bin/time -f '%e %M' -o "$out/$n.split.time.$r" "$zhsearch" index "$out/$n.jsonl" --split "$out/$n.split" -q
    log "  $(cat "$out/$n.split.time.$r") (seconds, peak KB)"
  done
done

# Brotli sizes (the text's is cached with the corpus; index and text compressed in parallel).
for n in "${sizes[@]}"; do
  log "brotli -q $quality -w $window: $n articles"
  brotli -q "$quality" -w "$window" -c "$out/$n.zhs" | wc -c > "$out/$n.zhs.brotli" &
  pid=$!
  if [ ! -s "$out/$n.txt.brotli" ] || [ "$out/$n.txt.brotli" -ot "$out/$n.txt" ]; then
    brotli -q "$quality" -w "$window" -c "$out/$n.txt" | wc -c > "$out/$n.txt.brotli.tmp"
    mv "$out/$n.txt.brotli.tmp" "$out/$n.txt.brotli"
  fi
  wait "$pid"
done

# Native query latency (engine/benches/query_mix.rs: 300 queries x 5 rounds, median per query),
# which also writes the query mix for the browser.
for n in "${sizes[@]}"; do
  log "native queries: $n articles"
  ZHSEARCH_BENCH_CORPUS="$out/$n.jsonl" ZHSEARCH_BUILDS=1 ZHSEARCH_DUMP_QUERIES="$out/$n.queries.jsonl" \
    cargo bench --locked -p zhsearch-engine --bench query_mix > "$out/$n.native.txt" 2> "$out/$n.native.err"
  grep '^ALL' "$out/$n.native.txt" >&2
done

# In-browser query latency; a failure (e.g. an index too big for the page) is recorded.
for n in "${sizes[@]}"; do
  log "browser queries: $n articles"
  node bench/scale/browser.mjs "$out/pkg" "$out/$n.zhs" "$out/$n.queries.jsonl" \
    > "$out/$n.browser.json" 2> "$out/$n.browser.err" || true
  [ -s "$out/$n.browser.json" ] || echo '{"error": "no output from bench/scale/browser.mjs"}' > "$out/$n.browser.json"
  cat "$out/$n.browser.json" >&2
done

# The split layout in the browser: bytes on the wire before the first result and per new query.
for n in "${sizes[@]}"; do
  log "browser, split layout: $n articles"
  node bench/scale/split.mjs "$out/$n.split" "$out/$n.queries.jsonl" > "$out/$n.split.json" 2> "$out/$n.split.err" || true
  [ -s "$out/$n.split.json" ] || echo '{"error": "no output from bench/scale/split.mjs"}' > "$out/$n.split.json"
  cat "$out/$n.split.json" >&2
done

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- engine cli src Cargo.toml Cargo.lock 2>/dev/null || echo '+dirty')"
python3 - "$out" "$quality" "$window" "$rounds" "$commit" "${sizes[@]}" > "$out/scale.json.tmp" <<'EOF'
import datetime, json, os, re, statistics, sys
out, quality, window, rounds, commit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sizes = [int(n) for n in sys.argv[6:]]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
def read(name):
    with open(os.path.join(out, name)) as f:
        return f.read().strip()
rows = []
for n in sizes:
    articles, text_bytes = map(int, read(f"{n}.textstats").split())
    times = [read(f"{n}.time.{r}").splitlines()[-1].split() for r in range(1, rounds + 1)]
    secs = [float(t[0]) for t in times]
    rss_mb = [int(t[1]) / 1024 for t in times]
    row = {
        "articles": articles,
        "textBytes": text_bytes,
        "textBrotli": int(read(f"{n}.txt.brotli")),
        "indexBytes": os.path.getsize(os.path.join(out, f"{n}.zhs")),
        "indexBrotli": int(read(f"{n}.zhs.brotli")),
        "buildSec": statistics.median(secs),
        "buildSecAll": secs,
        "peakRssMB": round(statistics.median(rss_mb), 1),
        "peakRssMBAll": [round(x, 1) for x in rss_mb],
    }
    m = re.search(r"^ALL\s+n=\s*(\d+)\s+p50\s+([\d.]+) us\s+p95\s+([\d.]+) us\s+max\s+([\d.]+) us",
                  read(f"{n}.native.txt"), re.M)
    if not m:
        sys.exit(f"no ALL line in {out}/{n}.native.txt")
    row["nativeQueries"] = int(m.group(1))
    row["nativeP50Ms"], row["nativeP95Ms"], row["nativeMaxMs"] = (round(float(m.group(i)) / 1000, 4) for i in (2, 3, 4))
    b = json.loads(read(f"{n}.browser.json").splitlines()[-1])
    for key, field in (("fetchMs", "browserFetchMs"), ("openMs", "browserOpenMs"), ("p50", "browserP50Ms"),
                       ("p95", "browserP95Ms"), ("max", "browserMaxMs")):
        row[field] = b.get(key)
    if "error" in b:
        row["browserError"] = b["error"]
    elif b.get("docCount") != articles:
        row["browserError"] = f"index holds {b.get('docCount')} articles, expected {articles}"
    stimes = [read(f"{n}.split.time.{r}").splitlines()[-1].split() for r in range(1, rounds + 1)]
    sdir = os.path.join(out, f"{n}.split")
    files = sorted(os.listdir(sdir))
    sizes_ = {f: os.path.getsize(os.path.join(sdir, f)) for f in files}
    split = {
        "buildSec": statistics.median(float(t[0]) for t in stimes),
        "buildSecAll": [float(t[0]) for t in stimes],
        "peakRssMB": round(statistics.median(int(t[1]) / 1024 for t in stimes), 1),
        "peakRssMBAll": [round(int(t[1]) / 1024, 1) for t in stimes],
        "files": len(files),
        "bytes": sum(sizes_.values()),
        "compactBytes": sum(v for f, v in sizes_.items() if f.endswith(".zhs")),
        "entryBytes": sizes_.get("zhsearch.entry", 0),
    }
    sb = json.loads(read(f"{n}.split.json").splitlines()[-1])
    if "error" in sb:
        split["browserError"] = sb["error"]
    else:
        split.update({
            "firstKB": sb["firstKB"], "requestsFirst": sb["requestsFirst"],
            "p50KB": sb["perQueryKB"]["p50"], "p95KB": sb["perQueryKB"]["p95"], "maxKB": sb["perQueryKB"]["max"],
            "firstRunP50Ms": sb["firstRunMs"]["p50"], "firstRunP95Ms": sb["firstRunMs"]["p95"],
            "loadedP50Ms": sb["loadedMs"]["p50"], "loadedP95Ms": sb["loadedMs"]["p95"], "loadedMaxMs": sb["loadedMs"]["max"],
        })
    row["split"] = split
    if articles != n:
        sys.exit(f"{n}.jsonl holds {articles} articles")
    rows.append(row)
print(json.dumps({
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "memGiB": round(mem_kb / 2**20, 1)},
    "commit": commit,
    "brotliQuality": quality,
    "brotliWindow": window,
    "buildRounds": rounds,
    "sizes": rows,
}, indent=2, ensure_ascii=False))
EOF
mv "$out/scale.json.tmp" "$out/scale.json"
log "wrote $out/scale.json in $(( $(date +%s) - started )) s"
