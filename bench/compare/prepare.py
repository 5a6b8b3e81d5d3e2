"""Inputs of the side-by-side benchmark, from the news corpus (JSON lines: id, title, body).

Writes into OUT_DIR:
  site/a/<id>.html  one page per article, <html lang="zh-cn">, the input of every engine's build
  queries.json      the fixed 200-query mix, each with its brute-force truth (article URLs)

Truth: a query matches an article when every piece (space-separated; quotes dropped) occurs in
its title or its body after NFKC folding, lower-casing and removing all whitespace. That is
the recall promise ("any text that occurs in an article, ignoring whitespace, finds it").

Variants: the other articles that match once title, body and query are converted to Simplified
characters by OpenCC's t2s (an independent converter, phrases included, not the engine's table):
過了 holds 过了 in the other script. Such an article is not needed for recall, and not wrong
when returned (precision); `variants` lists them per query.

Usage: python3 bench/compare/prepare.py CORPUS.jsonl OUT_DIR [SEED]
"""

import html
import json
import os
import random
import re
import sys
import unicodedata

import jieba
import jieba.posseg

try:
    import opencc
except ImportError:  # scripts/bench-report.sh installs it under target/opencc
    sys.exit("prepare.py needs opencc 1.4.2 (pip install --target target/opencc opencc==1.4.2; PYTHONPATH=target/opencc)")

jieba.setLogLevel(60)

HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{8,}")
LATIN_MIX = re.compile(
    r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]{2,}[\u4e00-\u9fff]{1,3}"
    r"|[\u4e00-\u9fff]{1,3}[A-Za-z\uff21-\uff3a\uff41-\uff5a]{2,}"
)
SPACE = re.compile(r"\s+")
KINDS = ["word", "name", "substring", "multi", "phrase", "latin"]


def norm(s):
    """What 'occurs in the article' means for the truth."""
    return SPACE.sub("", unicodedata.normalize("NFKC", s).lower())


def url_of(doc_id):
    return f"/a/{doc_id}.html"


def write_site(articles, site):
    os.makedirs(os.path.join(site, "a"), exist_ok=True)
    for a in articles:
        paras = [p for p in re.split(r"\s{2,}|\n", a["body"]) if p.strip()]
        body = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in paras)
        title = html.escape(a["title"])
        page = (
            '<!doctype html>\n<html lang="zh-cn"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<link rel="canonical" href="{url_of(a["id"])}"></head>\n'
            f"<body><main data-pagefind-body><h1>{title}</h1>\n{body}\n</main></body></html>\n"
        )
        with open(os.path.join(site, "a", f"{a['id']}.html"), "w", encoding="utf-8") as f:
            f.write(page)


def words_with_bounds(text):
    """jieba words of a Han run, with their start offsets (the word boundaries)."""
    out, at = [], 0
    for w in jieba.cut(text, HMM=True):
        out.append((at, w))
        at += len(w)
    return out


def draw(kind, articles, rng):
    """One query of `kind` drawn from a random article, or None to try again."""
    a = articles[rng.randrange(len(articles))]
    body = a["body"]
    if kind == "latin":
        found = LATIN_MIX.findall(body)
        return unicodedata.normalize("NFKC", rng.choice(found)) if found else None
    runs = HAN_RUN.findall(body)
    if not runs:
        return None
    run = rng.choice(runs)
    if kind == "name":
        names = [w for w, flag in jieba.posseg.cut(run) if flag == "nr" and 2 <= len(w) <= 4]
        return rng.choice(names) if names else None
    words = words_with_bounds(run)
    if kind == "word":
        cands = [w for _, w in words if 2 <= len(w) <= 4]
        return rng.choice(cands) if cands else None
    if kind == "substring":
        # 2-6 characters that do not line up with jieba's word boundaries on both ends.
        bounds = {at for at, _ in words} | {len(run)}
        n = rng.randint(2, 6)
        if len(run) < n + 1:
            return None
        start = rng.randrange(len(run) - n + 1)
        if start in bounds and start + n in bounds:
            return None
        return run[start : start + n]
    if kind == "multi":
        # Two words from different places of the same article.
        other = rng.choice(runs)
        w1 = [w for _, w in words if len(w) >= 2]
        w2 = [w for _, w in words_with_bounds(other) if len(w) >= 2]
        if not w1 or not w2:
            return None
        a1, a2 = rng.choice(w1), rng.choice(w2)
        return None if a1 == a2 or a1 in a2 or a2 in a1 else f"{a1} {a2}"
    if kind == "phrase":
        # Two or three consecutive words, 4-7 characters, quoted.
        i = rng.randrange(len(words))
        k = rng.randint(2, 3)
        span = "".join(w for _, w in words[i : i + k])
        return f'"{span}"' if len(words[i : i + k]) == k and 4 <= len(span) <= 7 else None
    raise ValueError(kind)


def pieces(query):
    return [norm(p) for p in query.replace('"', " ").split() if p.strip()]


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261122
    with open(corpus, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    for a in articles:
        a["id"] = str(a["id"])
    write_site(articles, os.path.join(out, "site"))

    rng = random.Random(seed)
    keys = [(norm(a["title"]), norm(a["body"]), url_of(a["id"])) for a in articles]
    t2s = opencc.OpenCC("t2s").convert
    simplified = [(t2s(t), t2s(b), u) for t, b, u in keys]
    queries, seen = [], set()
    while len(queries) < 200:
        kind = KINDS[len(queries) % len(KINDS)]
        q = draw(kind, articles, rng)
        if not q or q in seen:
            continue
        ps = pieces(q)
        truth = [u for t, b, u in keys if all(p in t or p in b for p in ps)]
        if not truth:  # a phrase broken by punctuation in the source; draw again
            continue
        seen.add(q)
        ss = [t2s(p) for p in ps]
        right = set(truth)
        variants = [u for t, b, u in simplified if u not in right and all(p in t or p in b for p in ss)]
        queries.append({"query": q, "kind": kind, "truth": truth, "variants": variants})
    with open(os.path.join(out, "queries.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": seed, "docs": len(articles), "queries": queries}, f, ensure_ascii=False, indent=0)
    print(f"{len(articles)} pages, {len(queries)} queries -> {out}")


if __name__ == "__main__":
    main()
