#!/usr/bin/env python3
"""Generates engine/src/normalize/han_fold.bin, the Traditional -> Simplified character table
that normalization folds with (see engine/src/normalize/han.rs), from OpenCC's character
tables (Apache-2.0; the PyPI package opencc 1.4.2 ships them compiled, and its opencc_dict
tool dumps them as text).

    python3 scripts/gen-han-fold.py        (installs opencc==1.4.2 under target/opencc once)

Sources: TSCharacters (Traditional -> Simplified, first candidate), the Taiwan and Hong Kong
variant tables reversed (TWVariantsRev, HKVariantsRev: a regional form -> OpenCC's standard
Traditional form, then to Simplified) and STCharacters (Simplified -> Traditional, whose
first candidate is the form a Traditional text shows by default). A regional variant is left
alone where Simplified text uses the character as it is (its words in jieba's dictionary have
a total frequency of 2,000 or more: 著, 么, 秘, 群 stay). Every mapping is one character to
one character; chains are followed to their end, so folding is idempotent.

The file: groups sorted by Simplified character; per group a varint delta from the previous
Simplified character, a varint `count << 1 | kept` (kept: a Traditional text writes the
Simplified character itself by default, as 家 or 台, which OpenCC's STCharacters lists first),
then each Traditional character that folds to it as a zigzag varint of its distance from the
Simplified one, the default display form first.
"""
import os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.join(ROOT, "target", "opencc")
OUT = os.path.join(ROOT, "engine", "src", "normalize", "han_fold.bin")


def opencc_home():
    clib = os.path.join(PKG, "opencc", "clib")
    if not os.path.isdir(clib):
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--target", PKG, "opencc==1.4.2"], check=True)
    return clib


def table(clib, name):
    """{key: [values]} of an OpenCC dictionary."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, name + ".txt")
        env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(clib, "lib64") + ":" + os.path.join(clib, "lib"))
        subprocess.run([os.path.join(clib, "bin", "opencc_dict"), "-i",
                        os.path.join(clib, "share", "opencc", name + ".ocd2"), "-o", out,
                        "-f", "ocd2", "-t", "text"], check=True, env=env)
        rows = {}
        for line in open(out, encoding="utf-8"):
            k, _, v = line.rstrip("\n").partition("\t")
            rows[k] = v.split(" ")
        return rows


def single(s):
    return len(s) == 1


def simplified_use():
    """Total frequency of each character over the words of jieba's (Simplified) dictionary."""
    import jieba  # the same version bench-report.sh installs
    use = {}
    for line in open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8"):
        word, freq = line.split()[:2]
        for c in word:
            use[c] = use.get(c, 0) + int(freq)
    return use


def build(clib):
    use = simplified_use()
    ts = table(clib, "TSCharacters")
    st = table(clib, "STCharacters")
    fold = {}
    for t, ss in ts.items():
        if single(t) and single(ss[0]) and ss[0] != t:
            fold[t] = ss[0]
    for name in ("TWVariantsRev", "HKVariantsRev"):
        for v, ts_ in table(clib, name).items():
            t = ts_[0]
            if single(v) and single(t) and v not in fold and use.get(v, 0) < 2000:
                s = fold.get(t, t)
                if s != v:
                    fold[v] = s
    # Follow chains to their end (a target that is itself folded).
    variants = {v for v in fold if v not in ts}
    for t in list(fold):
        seen = {t}
        s = fold[t]
        while s in fold:
            assert s not in seen, f"cycle at {t}"
            seen.add(s)
            s = fold[s]
        fold[t] = s
    for t, s in list(fold.items()):
        if s == t:
            del fold[t]
    groups = {}
    for t, s in fold.items():
        groups.setdefault(s, []).append(t)
    out = bytearray()

    def varint(n):
        while True:
            b = n & 0x7F
            n >>= 7
            if n:
                out.append(b | 0x80)
            else:
                out.append(b)
                return

    last = 0
    defaults = kept_count = 0
    for s in sorted(groups, key=ord):
        ts_ = sorted(groups[s], key=ord)
        kept = st.get(s, [s])[0] == s
        pref = [c for c in st.get(s, []) if c in ts_]
        if kept:
            kept_count += 1
        elif pref:
            ts_.remove(pref[0])
            ts_.insert(0, pref[0])
            defaults += 1
        varint(ord(s) - last)
        last = ord(s)
        varint(len(ts_) << 1 | kept)
        for t in ts_:
            d = ord(t) - ord(s)
            varint((d << 1) if d >= 0 else ((-d << 1) - 1))
    print("regional variants folded:", " ".join(f"{v}→{fold[v]}" for v in sorted(variants) if v in fold))
    print(f"{kept_count} Simplified characters a Traditional text writes as they are")
    return bytes(out), len(fold), len(groups), defaults


def main():
    clib = opencc_home()
    data, pairs, groups, defaults = build(clib)
    with open(OUT, "wb") as f:
        f.write(data)
    print(f"{OUT}: {len(data)} bytes, {pairs} characters fold to {groups} "
          f"({defaults} with OpenCC's default Traditional form first)")


if __name__ == "__main__":
    main()
