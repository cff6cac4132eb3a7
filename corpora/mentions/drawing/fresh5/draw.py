"""Draw 600 fresh texts for a sixth untouched merchant-mention sample.

Seed random.Random(16180339): every remaining eligible negative waimai review,
and the rest (to 600) negative online_shopping reviews; each at most 200
characters, containing at least one merchant-type word (case-insensitive), none
already used in labelled.jsonl, heldout.jsonl, fresh.jsonl, fresh2.jsonl,
fresh3.jsonl or fresh4.jsonl, no duplicates.
Reads only data files; runs no tousu code. No car titles, no heimao_complaints.
"""
import csv, json, random

DATA = "/work/shared/data"
MAIN = "/work/main"
OUT = "/work/wt/labels5/drawn.jsonl"
MAXLEN = 200
SEED = 16180339
N_TOTAL = 600


def clean(t):
    return t.replace("\ufeff", "").strip()


types = []
for line in open(f"{MAIN}/lexicons/mentions/merchant_types.txt", encoding="utf-8"):
    w = line.strip()
    if w and not w.startswith("#"):
        types.append(w.lower())

used = set()
for name in ("labelled.jsonl", "heldout.jsonl", "fresh.jsonl", "fresh2.jsonl",
             "fresh3.jsonl", "fresh4.jsonl"):
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

shop = dedup(t for t in shop if eligible(t))
waimai = dedup(t for t in waimai if eligible(t))
shopset = set(shop)
waimai = [t for t in waimai if t not in shopset]  # no text in two sources

print(f"used texts: {len(used)}")
print(f"eligible: shopping {len(shop)}, waimai {len(waimai)}")

rng = random.Random(SEED)
n_waimai = len(waimai)
n_shop = N_TOTAL - n_waimai
picked = ([("shopping", t) for t in rng.sample(shop, n_shop)]
          + [("waimai", t) for t in rng.sample(waimai, n_waimai)])
assert len(picked) == N_TOTAL
assert len({t for _, t in picked}) == len(picked)
print(f"drawn: shopping {n_shop}, waimai {n_waimai}")

with open(OUT, "w", encoding="utf-8") as fh:
    for i, (src, t) in enumerate(picked):
        fh.write(json.dumps({"id": f"fresh5-{i:03d}", "source": src, "text": t},
                            ensure_ascii=False) + "\n")
print("wrote", OUT)
