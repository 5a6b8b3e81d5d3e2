#!/usr/bin/env bash
# Indexer memory and time on hostile inputs, made from the default pages in articles/:
#   one-record  a 100 MB .txt that is one article on one line
#   many        1,000,000 small JSON Lines records (about 210 MB)
#   nested      an HTML page of 100,000 nested <div>s (1.1 MB)
# Prints, per input, the wall time, the peak resident memory (GNU time's %M) and its ratio to
# the input's size, and the index size.
#
# usage: bench/memory/run.sh [OUT_DIR] [ZHSEARCH_BINARY]
#   OUT_DIR (default target/bench/memory) keeps the inputs (reused) and the indexes.
#   ZHSEARCH_BINARY (default: target/release/zhsearch, built here) lets a "before" binary
#   built from another commit run on the same inputs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/target/bench/memory}"
mkdir -p "$out"
bin="${2:-}"
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --release --locked -q -p zhsearch)
  bin="$root/target/release/zhsearch"
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
python3 - "$root/articles" "$out" <<'PY'
import glob, json, os, random, sys
src, out = sys.argv[1], sys.argv[2]
text = ''.join(open(f, encoding='utf-8').read() for f in sorted(glob.glob(src + '/*.txt'))).replace('\n', '')
rnd = random.Random(1)
def make(name, write):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        with open(path + '.tmp', 'w', encoding='utf-8') as f:
            write(f)
        os.replace(path + '.tmp', path)
def one(f):
    f.write('标题\n')
    size = 0
    while size < 100_000_000:
        i = rnd.randrange(0, len(text) - 200)
        s = text[i:i + 200]
        f.write(s)
        size += len(s.encode())
    f.write('\n')
def many(f):
    for n in range(1_000_000):
        i = rnd.randrange(0, len(text) - 60)
        rec = {"id": str(n), "title": text[i:i + 10], "body": text[i + 10:i + 60]}
        f.write(json.dumps(rec, ensure_ascii=False) + '\n')
def nested(f):
    n = 100_000
    f.write('<html><body>' + '<div>' * n + '燃气安全' + '</div>' * n + '</body></html>')
make('one-record.txt', one)
make('many.jsonl', many)
make('nested.html', nested)
PY
printf '%-16s %10s %10s %12s %8s %12s\n' input bytes seconds peak_KB ratio index_bytes
for f in one-record.txt many.jsonl nested.html; do
  in="$out/$f"
  /usr/bin/time -f '%e %M' -o "$out/$f.time" "$bin" index -q "$in" -o "$out/$f.zhs"
  read -r secs peak < "$out/$f.time"
  bytes=$(stat -c %s "$in")
  ratio=$(python3 -c "print(f'{$peak * 1024 / $bytes:.1f}x')")
  printf '%-16s %10d %10s %12d %8s %12d\n' "$f" "$bytes" "$secs" "$peak" "$ratio" "$(stat -c %s "$out/$f.zhs")"
done
