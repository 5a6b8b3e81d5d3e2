#!/usr/bin/env bash
# The benchmark report: zhsearch side by side with Pagefind (extended, Chinese segmentation),
# MiniSearch and FlexSearch (Intl.Segmenter) on the 7,353-article news corpus, the scale sweep,
# and the criterion micro-benches. Writes bench/RESULTS.md, bench/compare.svg, bench/scale.svg.
#
#   scripts/bench-report.sh            everything (about 70 minutes on a 2-core machine, half of it the scale sweep)
#   SKIP_SCALE=1 SKIP_MICRO=1 scripts/bench-report.sh   side by side only
#   ROUNDS=3 (browser runs per engine), BUILDS=3 (builds per engine), SCALE_SIZES="1000 7353 30000 100000"
#
# Nothing here runs in CI. Work files go to target/bench/ (the corpus text is never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh native wasm browser npm
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
python3 -c 'import jieba' 2>/dev/null || pip install -q 'jieba==0.42.1'
# OpenCC (the truth's independent Traditional -> Simplified converter, bench/compare/prepare.py).
PYTHONPATH="$PWD/target/opencc" python3 -c 'import opencc' 2>/dev/null ||
  pip install -q --no-deps --target "$PWD/target/opencc" 'opencc==1.4.2'
# The peers live in bench/package.json, apart from the tests' packages. `npm install`, not `npm ci`:
# pagefind lists platform packages this registry does not carry, so they are not in the lock,
# and `npm ci` refuses a lock without them; `npm install` skips missing optional packages.
(cd bench && npm install --no-audit --no-fund --loglevel=error)

ROUNDS=${ROUNDS:-3}
BUILDS=${BUILDS:-3}
ENGINES=(zhsearch-split zhsearch pagefind minisearch flexsearch)
out="$PWD/target/bench/compare"
corpus="$PWD/target/bench/inews.jsonl"
mkdir -p "$out/engines"
bench/corpus/get-inews.sh "$corpus"

echo "== inputs: HTML pages and the 200-query mix with brute-force truth"
rm -rf "$out/site"
PYTHONPATH="$PWD/target/opencc" python3 bench/compare/prepare.py "$corpus" "$out"

echo "== our wasm module without an embedded index (as portals get it: www/pkg), and the CLI"
cargo build --release --locked -q -p zhsearch
scripts/build-wasm.sh
pkg="$PWD/www/pkg"
pagefind_bin="$PWD/bench/node_modules/@pagefind/linux-x64/bin/pagefind_extended"
[ -x "$pagefind_bin" ] || { echo "pagefind_extended not found in bench/node_modules (npm install in bench/)" >&2; exit 1; }

build() { # ENGINE DIR: one build into DIR
  case "$1" in
    zhsearch-split)
      mkdir -p "$2"
      ./target/release/zhsearch index "$out/site" --split "$2/index" -q
      cp "$pkg/zhsearch_widget.js" "$pkg/zhsearch_widget_bg.wasm" "$2/" ;;
    zhsearch)
      mkdir -p "$2"
      ./target/release/zhsearch index "$out/site" -o "$2/index.zhs" -q
      cp "$pkg/zhsearch_widget.js" "$pkg/zhsearch_widget_bg.wasm" "$2/" ;;
    pagefind) "$pagefind_bin" --site "$out/site" --output-path "$2" --quiet ;;
    *) node bench/compare/build-peer.mjs "$1" "$corpus" "$2" >/dev/null ;;
  esac
}

echo "== builds: $BUILDS rounds, engines interleaved"
echo '[' > "$out/builds.json.tmp"
sep=""
for round in $(seq 1 "$BUILDS"); do
  for i in "${!ENGINES[@]}"; do
    e=${ENGINES[$(( (i + round) % ${#ENGINES[@]} ))]}
    rm -rf "$out/engines/$e"
    /usr/bin/time -o "$out/time.txt" -f '%e %M' bash -c "$(declare -f build); out='$out'; corpus='$corpus'; pkg='$pkg'; pagefind_bin='$pagefind_bin'; build $e '$out/engines/$e'"
    read -r sec kb < "$out/time.txt"
    echo "round $round $e: $sec s, peak $((kb / 1024)) MB"
    printf '%s{"engine":"%s","round":%d,"sec":%s,"rssKB":%s}\n' "$sep" "$e" "$round" "$sec" "$kb" >> "$out/builds.json.tmp"
    sep=","
  done
done
echo ']' >> "$out/builds.json.tmp"
mv "$out/builds.json.tmp" "$out/builds.json"

python3 - "$out" "${ENGINES[@]}" > "$out/disk.json" <<'PY'
import json, os, sys
out, engines = sys.argv[1], sys.argv[2:]
def size(d):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)
print(json.dumps({e: size(os.path.join(out, "engines", e)) for e in engines}))
PY

echo "== headless Chromium: $ROUNDS rounds, engines interleaved"
node bench/compare/run.mjs "$out" "$ROUNDS" "${ENGINES[@]}"

if [ -z "${SKIP_SCALE:-}" ]; then
  echo "== scale sweep"
  # shellcheck disable=SC2086
  bench/scale/run.sh "$PWD/target/bench/scale" ${SCALE_SIZES:-}
fi

if [ -z "${SKIP_MICRO:-}" ]; then
  echo "== criterion micro-benches"
  cargo bench --locked -p zhsearch-engine --bench micro
  python3 - > "$out/criterion.json" <<'PY'
import json, os
root = "target/criterion"
rows = []
for dirpath, _, files in sorted(os.walk(root)):
    if os.path.basename(dirpath) == "new" and "estimates.json" in files:
        est = json.load(open(os.path.join(dirpath, "estimates.json")))
        bench = json.load(open(os.path.join(dirpath, "benchmark.json")))
        tp = bench.get("throughput") or {}
        rows.append({"id": bench["full_id"], "medianNs": est["median"]["point_estimate"],
                     "bytes": tp.get("Bytes") or tp.get("BytesDecimal")})
print(json.dumps(rows))
PY
fi

python3 - "$out" > "$out/machine.json" <<'PY'
import datetime, json, os, subprocess, sys
def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
pkgs = {p: json.load(open(f"bench/node_modules/{p}/package.json"))["version"] for p in ("pagefind", "minisearch", "flexsearch")}
print(json.dumps({
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "cpu": cpu, "cores": os.cpu_count(), "memGiB": round(mem / 2**20),
    "chromium": run("/usr/bin/chromium", "--version"), "node": run("node", "--version"),
    "rustc": run("rustc", "--version"),
    "docs": sum(1 for _ in open(os.path.join(sys.argv[1], "..", "inews.jsonl"))),
    "versions": "Versions: " + ", ".join(f"{k} {v}" for k, v in pkgs.items()) + " (npm).",
}))
PY

node bench/report.mjs "$out"
