#!/usr/bin/env python3
"""Builds corpora/samples/backlog.jsonl, the sample backlog the README's main job classifies.

Real dated car complaints (2020-06-05 .. 2020-09-30, with brand and model) from
../shared/data/car_complaints_12365auto.jsonl, then every 4th record of corpora/sectors/dev.jsonl
that is not auto (no date: the hotspot report counts them as undated). Deterministic.
Usage: python3 corpora/samples/make_backlog.py [--shared ../shared/data]
"""
import argparse, json, pathlib

root = pathlib.Path(__file__).resolve().parents[2]
parser = argparse.ArgumentParser()
parser.add_argument("--shared", default=str(root.parent / "shared" / "data"))
args = parser.parse_args()

out = []
with open(pathlib.Path(args.shared) / "car_complaints_12365auto.jsonl", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r["date"] <= "2020-09-30":
            out.append({"id": r["id"], "date": r["date"], "brand": r["brand"], "model": r["model"], "text": r["text"]})
with open(root / "corpora" / "sectors" / "dev.jsonl", encoding="utf-8") as f:
    dev = [json.loads(line) for line in f]
for i, r in enumerate(r for r in dev if r["sector"] != "auto"):
    if i % 4 == 0:
        out.append({"id": r["id"], "text": r["text"]})
with open(root / "corpora" / "samples" / "backlog.jsonl", "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{len(out)} records -> corpora/samples/backlog.jsonl")
