#!/usr/bin/env python3
"""How the engine's one-to-one Traditional -> Simplified fold (engine/src/normalize/han_fold.bin)
agrees with OpenCC's full conversion (phrases included) over jieba's dictionary, and writes the
news corpus in Traditional characters for the index size comparison.

    PYTHONPATH=target/opencc python3 bench/han-fold-agreement.py [INEWS.jsonl OUT_TRADITIONAL.jsonl]

(scripts/gen-han-fold.py installs opencc 1.4.2 under target/opencc.) For every word of jieba's
dictionary: T = OpenCC s2t(word); the fold agrees when fold(T) == OpenCC t2s(T), and is exact
when fold(T) == word. A search finds a word typed in Traditional when fold(T) == fold(word).
"""
import json, os, sys
import jieba
import opencc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_fold():
    b = open(os.path.join(ROOT, "engine", "src", "normalize", "han_fold.bin"), "rb").read()
    p = 0

    def varint():
        nonlocal p
        v = shift = 0
        while True:
            x = b[p]
            p += 1
            v |= (x & 0x7F) << shift
            if x < 0x80:
                return v
            shift += 7

    fold, s = {}, 0
    while p < len(b):
        s += varint()
        for _ in range(varint() >> 1):
            z = varint()
            t = s + (z >> 1) if z & 1 == 0 else s - ((z + 1) >> 1)
            fold[chr(t)] = chr(s)
    return fold


def main():
    fold = load_fold()
    f = lambda w: "".join(fold.get(c, c) for c in w)
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    words = [l.split()[0] for l in open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8")]
    n = agree = exact = found = changed = 0
    for w in words:
        t = s2t.convert(w)
        n += 1
        changed += t != w
        agree += f(t) == t2s.convert(t)
        exact += f(t) == w
        found += f(t) == f(w)
    print(f"jieba words: {n:,}, {changed:,} written differently in Traditional")
    print(f"fold(s2t(w)) == OpenCC t2s(s2t(w)): {agree / n:.2%}")
    print(f"fold(s2t(w)) == w:                  {exact / n:.2%}")
    print(f"fold(s2t(w)) == fold(w) (found):    {found / n:.2%}")
    if len(sys.argv) == 3:
        with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
            for line in src:
                a = json.loads(line)
                a["title"], a["body"] = s2t.convert(a["title"]), s2t.convert(a["body"])
                out.write(json.dumps(a, ensure_ascii=False) + "\n")
        print(f"wrote {sys.argv[2]}")


if __name__ == "__main__":
    main()
