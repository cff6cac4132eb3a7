"""Draw 500 fresh texts for a second untouched merchant-mention sample.

Seed random.Random(77020261202): 50 car complaint titles, 250 negative
online_shopping reviews, 200 negative waimai reviews; each at most 200
characters, containing at least one merchant-type word (case-insensitive),
none already used in labelled.jsonl, heldout.jsonl or fresh.jsonl, no
duplicates. Reads only data files; runs no tousu code.
"""
import csv, json, random

DATA = "/work/shared/data"
MAIN = "/work/main"
OUT = "/work/wt/labels2/drawn.jsonl"
MAXLEN = 200
SEED = 77020261202


def clean(t):
    return t.replace("\ufeff", "").strip()


types = []
for line in open(f"{MAIN}/lexicons/mentions/merchant_types.txt", encoding="utf-8"):
    w = line.strip()
    if w and not w.startswith("#"):
        types.append(w.lower())

used = set()
for f in (f"{MAIN}/corpora/mentions/labelled.jsonl",
          f"{MAIN}/corpora/mentions/heldout.jsonl",
          "/work/wt/labels/fresh.jsonl"):
    for line in open(f, encoding="utf-8"):
        if line.strip():
            used.add(clean(json.loads(line)["text"]))


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
    if line.strip():
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

print(f"eligible: car {len(car)}, shopping {len(shop)}, waimai {len(waimai)}")

rng = random.Random(SEED)
picked = ([("car", t) for t in rng.sample(car, 50)]
          + [("shopping", t) for t in rng.sample(shop, 250)]
          + [("waimai", t) for t in rng.sample(waimai, 200)])
assert len(picked) == 500
assert len({t for _, t in picked}) == 500

with open(OUT, "w", encoding="utf-8") as fh:
    for i, (src, t) in enumerate(picked):
        fh.write(json.dumps({"id": f"fresh2-{i:03d}", "source": src, "text": t},
                            ensure_ascii=False) + "\n")
print("wrote", OUT)
