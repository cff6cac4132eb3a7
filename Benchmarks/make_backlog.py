#!/usr/bin/env python3
"""Builds a complaint backlog (JSONL) for the batch benchmark from the real text in ../shared/data.

usage: make_backlog.py DATA_DIR OUT_JSONL [--records 1000000] [--seed 20261123]

Each record is {"id","date","source","merchant"?,"text"} (UTF-8, one JSON object a line), drawn with
random.Random(seed), so the same arguments always give the same bytes. Sources and their shares:
  55 % reviews from online_shopping_10_cats.csv (negative ones 4× as likely as positive ones;
       those of 水果 and 蒙牛 are food, the other categories "other"),
  20 % food-delivery reviews from waimai_10k.csv (negative 2× as likely),
  22 % car complaints from car_complaints_12365auto.jsonl (merchant = brand model, the real date),
   3 % platform complaints from heimao_complaints.jsonl (title + text; merchant = company).
Texts repeat (the sources hold about 78,000 texts); ids are distinct ("bl-0000001", ...). Dates
other than the car complaints' are spread over 2024. Standard library only.
"""
import argparse
import csv
import datetime
import json
import os
import random
import sys


def load(data):
    csv.field_size_limit(1 << 24)
    shopping, waimai, cars, heimao = [], [], [], []
    with open(os.path.join(data, "online_shopping_10_cats.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row["review"] or "").lstrip("\ufeff").strip()
            if text:
                shopping.append((row["label"], row["cat"], text))
    with open(os.path.join(data, "waimai_10k.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row["review"] or "").strip()
            if text:
                waimai.append((row["label"], text))
    with open(os.path.join(data, "car_complaints_12365auto.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if r.get("text", "").strip():
                    cars.append(r)
    with open(os.path.join(data, "heimao_complaints.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                text = "\n".join(t for t in (r.get("title", ""), r.get("text", "")) if t.strip())
                if text.strip():
                    heimao.append((r.get("company", ""), text))
    return shopping, waimai, cars, heimao


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261123)
    a = ap.parse_args(argv)

    shopping, waimai, cars, heimao = load(a.data)
    rng = random.Random(a.seed)
    shop_w = [4 if label == "0" else 1 for label, _, _ in shopping]
    waimai_w = [2 if label == "0" else 1 for label, _ in waimai]
    sources = ["shopping", "waimai", "car", "heimao"]
    source_w = [55, 20, 22, 3]
    day0 = datetime.date(2024, 1, 1)

    # Draw in blocks of 10,000: one rng.choices call per source and block, not one per record.
    block = 10_000
    written = 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as out:
        while written < a.records:
            n = min(block, a.records - written)
            kinds = rng.choices(sources, weights=source_w, k=n)
            counts = {s: kinds.count(s) for s in sources}
            picks = {
                "shopping": iter(rng.choices(shopping, weights=shop_w, k=counts["shopping"])),
                "waimai": iter(rng.choices(waimai, weights=waimai_w, k=counts["waimai"])),
                "car": iter(rng.choices(cars, k=counts["car"])),
                "heimao": iter(rng.choices(heimao, k=counts["heimao"])),
            }
            days = rng.choices(range(366), k=n)
            lines = []
            for k, kind in enumerate(kinds):
                written += 1
                rec = {"id": f"bl-{written:07d}"}
                date = (day0 + datetime.timedelta(days=days[k])).isoformat()
                if kind == "shopping":
                    _, cat, text = next(picks[kind])
                    rec.update(date=date, source="shopping/" + cat, text=text)
                elif kind == "waimai":
                    _, text = next(picks[kind])
                    rec.update(date=date, source="waimai", text=text)
                elif kind == "car":
                    c = next(picks[kind])
                    merchant = " ".join(x for x in (c.get("brand", ""), c.get("model", "")) if x)
                    rec.update(date=c.get("date") or date, source="car", merchant=merchant, text=c["text"])
                else:
                    company, text = next(picks[kind])
                    rec.update(date=date, source="heimao", merchant=company, text=text)
                lines.append(json.dumps(rec, ensure_ascii=False))
            out.write("\n".join(lines) + "\n")
    print(json.dumps({"records": written, "bytes": os.path.getsize(a.out), "seed": a.seed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
