"""Draw all the eligible texts left for an eleventh untouched merchant-mention sample.

Seed random.Random(141421): negative online_shopping reviews, each at most
200 characters, containing at least one merchant-type word (case-insensitive),
none already used in labelled.jsonl, heldout.jsonl, fresh.jsonl ... fresh9.jsonl,
no duplicates. Waimai and car titles are used up (eligible counts printed to
confirm). Reads only data files; runs no tousu code. No heimao_complaints.
"""
import csv, json, random

DATA = "/work/shared/data"
MAIN = "/work/wt/fresh10-labels"
OUT = "/work/wt/fresh10-labels/scratch/drawn.jsonl"
MAXLEN = 200
SEED = 141421


def clean(t):
    return t.replace("\ufeff", "").strip()


types = []
for line in open(f"{MAIN}/lexicons/mentions/merchant_types.txt", encoding="utf-8"):
    w = line.strip()
    if w and not w.startswith("#"):
        types.append(w.lower())

used = set()
for name in ("labelled.jsonl", "heldout.jsonl", "fresh.jsonl", "fresh2.jsonl",
             "fresh3.jsonl", "fresh4.jsonl", "fresh5.jsonl", "fresh6.jsonl", "fresh7.jsonl", "fresh8.jsonl", "fresh9.jsonl"):
    for line in open(f"{MAIN}/corpora/mentions/{name}", encoding="utf-8"):
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
car = []
for line in open(f"{DATA}/car_complaints_12365auto.jsonl", encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        t = clean(r.get("text") or "")  # the car title is in "text"
        if t:
            car.append(t)

shop = dedup(t for t in shop if eligible(t))
waimai = dedup(t for t in waimai if eligible(t))
car = dedup(t for t in car if eligible(t))
shopset = set(shop)
waimai = [t for t in waimai if t not in shopset]  # no text in two sources

print(f"used texts: {len(used)}")
print(f"eligible: shopping {len(shop)}, waimai {len(waimai)}, car titles {len(car)}")

rng = random.Random(SEED)
N_TOTAL = len(shop)  # take all eligible: the pool is used up
n_shop = N_TOTAL
picked = [("shopping", t) for t in rng.sample(shop, n_shop)]
assert len({t for _, t in picked}) == len(picked)
print(f"drawn: shopping {n_shop}")

with open(OUT, "w", encoding="utf-8") as fh:
    for i, (src, t) in enumerate(picked):
        fh.write(json.dumps({"id": f"fresh10-{i:03d}", "source": src, "text": t},
                            ensure_ascii=False) + "\n")
print("wrote", OUT)
