#!/usr/bin/env python3
"""A large unclassified complaint stream for timing `tousu batch`, `tousu hotspots` and `tousu
report` (Benchmarks/hotspots_scale.sh): N records over DAYS days from the real texts of
../shared/data (car complaints with their brand + model as merchant, negative food and shopping
reviews with a merchant drawn from a Zipf catalogue or none) and the corpus's written prepaid texts;
each with a district (70 % of a merchant's from its home district). Seeded, so the same file each
time.

usage: make_hotspot_stream.py OUT.jsonl [N=1000000] [DAYS=120] [DATA=../shared/data]
"""
import csv
import datetime
import json
import random
import sys
from pathlib import Path

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
days = int(sys.argv[3]) if len(sys.argv) > 3 else 120
root = Path(__file__).resolve().parent.parent
data = Path(sys.argv[4]) if len(sys.argv) > 4 else root.parent / "shared" / "data"
rng = random.Random(7)

car = [json.loads(l) for l in open(data / "car_complaints_12365auto.jsonl", encoding="utf-8")]
car = [(c["text"], c["brand"] + c["model"]) for c in car if c.get("text")]
reviews = []
with open(data / "waimai_10k.csv", encoding="utf-8") as f:
    r = csv.reader(f)
    next(r)
    reviews += [row[1] for row in r if len(row) >= 2 and row[0] == "0"]
with open(data / "online_shopping_10_cats.csv", encoding="utf-8") as f:
    r = csv.reader(f)
    next(r)
    reviews += [row[2] for row in r if len(row) >= 3 and row[1] == "0"]
prepaid = [json.loads(l)["text"] for l in open(root / "corpora/written/prepaid.jsonl", encoding="utf-8")]
districts = ["朝阳区", "海淀区", "昌平区", "丰台区", "大兴区", "通州区", "顺义区", "房山区", "西城区", "东城区",
             "石景山区", "密云区", "平谷区", "怀柔区", "门头沟区", "延庆区"]
syll = "悦力乐星蓝金优美新博恒启橙拓卓嘉轩宏锦盛康泰瑞安德合信达华天鼎"
shops = [syll[i % len(syll)] + syll[(i * 7 + 3) % len(syll)] + ["超市", "餐厅", "健身房", "美容院", "商城", "奶茶店"][i % 6]
         for i in range(300)]
weights = [1 / (i + 2) for i in range(len(shops))]
home = {s: rng.randrange(len(districts)) for s in shops}
start = datetime.date(2024, 1, 1)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        day = start + datetime.timedelta(days=min(days - 1, int(rng.random() * days)))
        u = rng.random()
        if u < 0.25:
            text, merchant = rng.choice(car)
        else:
            text = rng.choice(reviews) if u < 0.85 else rng.choice(prepaid)
            merchant = rng.choices(shops, weights)[0] if rng.random() < 0.8 else None
        d = home[merchant] if merchant in home and rng.random() < 0.7 else rng.randrange(len(districts))
        rec = {"id": f"c{i}", "date": day.isoformat(), "text": text, "region": "北京市" + districts[d]}
        if merchant:
            rec["merchant"] = merchant
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
