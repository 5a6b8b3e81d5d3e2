#!/usr/bin/env python3
"""Writes THIRD_PARTY.md: the data zhsearch ships and every crate its binaries link, with their
licenses, from `cargo metadata` (normal dependencies of the workspace, resolved for this
platform; build-only and dev-only crates left out). `--check` fails when the file is stale."""
import json
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
meta = json.loads(subprocess.run(
    ["cargo", "metadata", "--format-version", "1", "--locked"],
    cwd=root, check=True, capture_output=True, text=True).stdout)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
members = set(meta["workspace_members"])
seen, stack = set(), list(members)
while stack:
    i = stack.pop()
    if i in seen:
        continue
    seen.add(i)
    for d in nodes[i]["deps"]:
        if any(k["kind"] is None for k in d["dep_kinds"]):
            stack.append(d["pkg"])
crates = sorted((packages[i]["name"], packages[i]["version"], packages[i]["license"] or "see its repository")
                for i in seen - members)
lines = [
    "# Third-party data and crates",
    "",
    "zhsearch is MIT-licensed (LICENSE). It ships or derives data from:",
    "",
    "| data | where | license |",
    "| --- | --- | --- |",
    "| jieba's dictionary (index-time segmentation) | the `jieba-rs` crate, in the indexer only | MIT |",
    "| pinyin readings (pinyin-data) | the `pinyin` crate, in the indexer only; the per-index spelling dictionary holds what an index needs | MIT |",
    "| Traditional → Simplified character table (`engine/src/normalize/han_fold.bin`) | generated from OpenCC's character tables by `scripts/gen-han-fold.py` | Apache-2.0 |",
    "| the default articles (`articles/`) | OCR'd pages of a county newspaper, the demo's corpus | the publisher's; demonstration only |",
    "",
    f"Crates the CLI and the wasm module link ({len(crates)}; regenerate with",
    "`scripts/third-party.py`):",
    "",
    "| crate | version | license |",
    "| --- | --- | --- |",
]
lines += [f"| {n} | {v} | {l} |" for n, v, l in crates]
text = "\n".join(lines) + "\n"
out = root / "THIRD_PARTY.md"
if "--check" in sys.argv:
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        sys.exit("THIRD_PARTY.md is stale: run scripts/third-party.py")
else:
    out.write_text(text, encoding="utf-8")
