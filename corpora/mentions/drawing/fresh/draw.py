"""Draw 400 fresh texts for the merchant-mention sample (seed 20261202).

Reads only data files; runs no tousu code.
"""
import csv, json, random

DATA = "/work/shared/data"
MAIN = "/work/main"
OUT = "/work/wt/labels/drawn.jsonl"
MAXLEN = 200

types = []
for line in open(f"{MAIN}/lexicons/mentions/merchant_types.txt", encoding="utf-8"):
    w = line.strip()
    if w and not w.startswith("#"):
        types.append(w.lower())

used = set()
for f in ("labelled.jsonl", "heldout.jsonl"):
    for line in open(f"{MAIN}/corpora/mentions/{f}", encoding="utf-8"):
        t = json.loads(line)["text"]
        used.add(t)
        used.add(t.strip())

def clean(t):
    return t.replace("\ufeff", "").strip()

def eligible(t):
    return (0 < len(t) <= MAXLEN and t not in used
            and any(w in t.lower() for w in types))

def dedup(texts):
    seen, out = set(), []
    for t in texts:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out

car = []
for line in open(f"{DATA}/car_complaints_12365auto.jsonl", encoding="utf-8"):
    car.append(clean(json.loads(line)["text"]))
shop = []
with open(f"{DATA}/online_shopping_10_cats.csv", encoding="utf-8-sig", newline="") as fh:
    for row in csv.DictReader(fh):
        if row["label"].strip() == "0" and row["review"]:
            shop.append(clean(row["review"]))
waimai = []
with open(f"{DATA}/waimai_10k.csv", encoding="utf-8-sig", newline="") as fh:
    for row in csv.DictReader(fh):
        if row["label"].strip() == "0" and row["review"]:
            waimai.append(clean(row["review"]))

car = dedup(t for t in car if eligible(t))
shop = dedup(t for t in shop if eligible(t))
waimai = dedup(t for t in waimai if eligible(t))
# no text may appear in two sources either
carset = set(car)
shop = [t for t in shop if t not in carset]
shopset = set(shop)
waimai = [t for t in waimai if t not in carset and t not in shopset]

n_shop = round(300 * len(shop) / (len(shop) + len(waimai)))
n_waimai = 300 - n_shop
print(f"eligible: car {len(car)}, shopping {len(shop)}, waimai {len(waimai)}")
print(f"drawing: car 100, shopping {n_shop}, waimai {n_waimai}")

rng = random.Random(20261202)
picked = ([("car", t) for t in rng.sample(car, 100)]
          + [("shopping", t) for t in rng.sample(shop, n_shop)]
          + [("waimai", t) for t in rng.sample(waimai, n_waimai)])
assert len({t for _, t in picked}) == 400

with open(OUT, "w", encoding="utf-8") as fh:
    for i, (src, t) in enumerate(picked):
        fh.write(json.dumps({"id": f"fresh-{i:03d}", "source": src, "text": t},
                            ensure_ascii=False) + "\n")
print("wrote", OUT)
