#!/usr/bin/env python3
"""Corpus of N articles for the scale sweep (bench/scale/run.sh), from the news corpus.

usage: make-corpus.py SRC.jsonl N OUT.jsonl [SEED]      (SEED default 1)

SRC: JSON lines {"id", "title", "body", ...} (the 7,353-article news corpus).
- N <= len(SRC): a seeded random sample of N articles, in source order, lines copied byte
  for byte (N = len(SRC): the source itself, unchanged).
- N > len(SRC): every source article, then N - len(SRC) synthetic ones: id "s<N>-<i>", the
  title of a random source article, and a body of random sentences (split after 。！？,
  punctuation kept) from the pool of all source sentences, drawn until the body reaches a
  length (in characters) drawn from the source bodies' lengths.
Deterministic for the same inputs.
"""
import json
import os
import random
import re
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) == 5 else 1
    if n < 1:
        sys.exit("N must be positive")
    with open(src, "rb") as f:
        lines = [l for l in f.read().split(b"\n") if l.strip()]
    docs = [json.loads(l) for l in lines]
    rng = random.Random(seed)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        if n <= len(lines):
            keep = sorted(rng.sample(range(len(lines)), n)) if n < len(lines) else range(n)
            for i in keep:
                f.write(lines[i] + b"\n")
        else:
            split = re.compile(r"[^。！？]*[。！？]+|[^。！？]+$")
            pool = [s for d in docs for s in split.findall(d["body"]) if s.strip()]
            lengths = [len(d["body"]) for d in docs]
            for l, d in zip(lines, docs):
                f.write(l + b"\n")
            for i in range(n - len(lines)):
                title = docs[rng.randrange(len(docs))]["title"]
                want = lengths[rng.randrange(len(lengths))]
                parts, have = [], 0
                while have < want:
                    s = pool[rng.randrange(len(pool))]
                    parts.append(s)
                    have += len(s)
                body = "".join(parts)
                rec = {"id": f"s{n}-{i}", "title": title, "body": body}
                f.write(json.dumps(rec, ensure_ascii=False).encode() + b"\n")
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
