#!/usr/bin/env python3
"""Deterministic 80/20 train/test split of online_shopping_10_cats.

usage: shopping_split.py OUTDIR [CSV]

Reads CSV (default /work/shared/data/online_shopping_10_cats.csv; columns
cat,label,review), drops a leading BOM from each review, keeps every row whose
review is non-empty after strip (text = stripped review), shuffles the kept rows
with random.Random(20261123), and writes the first floor(80%) to
OUTDIR/train.jsonl and the rest to OUTDIR/test.jsonl, one object a line:
    {"id": "shop-<row>", "text": review, "label": cat}
<row> is the 1-based number of the data record in the CSV (header not counted).
Prints one JSON line with the counts.
"""
import csv
import json
import os
import random
import sys

DEFAULT_CSV = "/work/shared/data/online_shopping_10_cats.csv"
SEED = 20261123


def load_rows(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for rownum, rec in enumerate(csv.DictReader(f), start=1):
            review = (rec.get("review") or "")
            if review.startswith("\ufeff"):
                review = review[1:]
            review = review.strip()
            if not review:
                continue
            rows.append({"id": f"shop-{rownum}", "text": review, "label": rec["cat"]})
    return rows


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: shopping_split.py OUTDIR [CSV]", file=sys.stderr)
        return 2
    outdir = argv[1]
    src = argv[2] if len(argv) == 3 else DEFAULT_CSV
    rows = load_rows(src)
    random.Random(SEED).shuffle(rows)
    n_train = len(rows) * 8 // 10
    os.makedirs(outdir, exist_ok=True)
    write_jsonl(os.path.join(outdir, "train.jsonl"), rows[:n_train])
    write_jsonl(os.path.join(outdir, "test.jsonl"), rows[n_train:])
    print(json.dumps({"rows": len(rows), "train": n_train, "test": len(rows) - n_train,
                      "seed": SEED, "outdir": outdir}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
