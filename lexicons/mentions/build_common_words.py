#!/usr/bin/env python3
"""Builds common_words.txt: everyday complaint vocabulary (CJK tokens of 2+ characters found in
at least MIN_DF texts, or in at least 3 car complaint titles) that ends a merchant name when walking back from a merchant-type word
("车灯|内有污渍4S店" is no merchant). Texts: corpora/sectors/train.jsonl, and from ../shared/data
the car complaint titles, the waimai_10k reviews and the online_shopping_10_cats reviews;
tokens from `tousu tokenize` (ICU + the domain dictionary). Division names, the generic
business words (generic_names.txt) and known platform names (known_names.txt) are left out: they may stand inside a name.

    python3 lexicons/mentions/build_common_words.py .build/debug/tousu ../shared/data > lexicons/mentions/common_words.txt
"""
import csv
import json
import os
import subprocess
import sys
from collections import Counter

MIN_DF = 20
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def texts(data):
    for line in open(os.path.join(root, "corpora/sectors/train.jsonl"), encoding="utf-8"):
        yield json.loads(line)["text"]
    for line in open(os.path.join(data, "car_complaints_12365auto.jsonl"), encoding="utf-8"):
        yield json.loads(line)["text"]
    with open(os.path.join(data, "waimai_10k.csv"), encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f)):
            if i:
                yield row[1]
    with open(os.path.join(data, "online_shopping_10_cats.csv"), encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f)):
            if i:
                yield row[2]


def main(tousu, data):
    joined = "\n".join(t.replace("\n", " ").replace("\r", " ") for t in texts(data)) + "\n"
    out = subprocess.run([tousu, "tokenize"], input=joined, capture_output=True, text=True, check=True).stdout
    df = Counter()
    for line in out.splitlines():
        for t in set(line.split()):
            if len(t) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in t):
                df[t] += 1
    keep = set()
    for name in ("generic_names.txt", "known_names.txt"):
        for line in open(os.path.join(here, name), encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                keep.add(line.strip())
    for line in open(os.path.join(root, "lexicons/places/divisions.tsv"), encoding="utf-8"):
        if not line.startswith("#"):
            cols = line.rstrip("\n").split("\t")
            keep.update(c for c in (cols[1], cols[4] if len(cols) > 4 else "") if c)
    # The car titles are short and dense with problem words (开裂4S店, 打滑4S店): a lower bar there.
    car = "\n".join(json.loads(l)["text"] for l in open(os.path.join(data, "car_complaints_12365auto.jsonl"), encoding="utf-8")) + "\n"
    car_out = subprocess.run([tousu, "tokenize"], input=car, capture_output=True, text=True, check=True).stdout
    car_df = Counter()
    for line in car_out.splitlines():
        for t in set(line.split()):
            if len(t) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in t):
                car_df[t] += 1
    words = sorted(t for t in set(df) | set(car_df) if (df[t] >= MIN_DF or car_df[t] >= 3) and t not in keep)
    sys.stdout.write("# Built by build_common_words.py (CJK tokens in >= %d texts, or >= 3 car titles; see its docstring).\n" % MIN_DF)
    for w in words:
        sys.stdout.write(w + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
