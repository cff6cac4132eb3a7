#!/usr/bin/env python3
"""Build the tousu sector corpus (corpora/sectors/{train,dev}.jsonl) from its sources.

Usage (from anywhere):
    python3 corpora/build_corpus.py [--shared ../shared/data]

--shared defaults to <repo root>/../shared/data, where <repo root> is the parent of the
directory holding this script. Python 3 standard library only; the output is a pure
function of the input files (no randomness, no clock), so two runs give byte-identical files.

Pipeline (see corpora/README.md for the full description):
  1. load   - each source pool is cleaned (strip whitespace and a leading BOM, drop texts
              shorter than 4 characters, dedupe inside the pool by normalized key), then
              sampled deterministically: candidates sorted by sha1(text), first N taken.
  2. override - corpora/overrides.tsv (id<TAB>sector<TAB>reason) re-labels single records.
  3. dedupe - across all pools by normalized key (NFKC, lowercase, whitespace and
              punctuation removed). Same key + same sector: the smallest id is kept.
              Same key + different sectors: every copy is dropped (counted, printed).
  4. split  - dev if int(sha1(key), 16) % 5 == 0 else train.
"""

import argparse
import csv
import hashlib
import json
import os
import sys
import unicodedata
from collections import Counter, defaultdict

SECTORS = ["food", "auto", "prepaid", "elderly_health", "other"]
MIN_CHARS = 4
WRITTEN_SOURCE = "written-for-tousu"

# (category, take N or None for all) -- negatives (label 0) of online_shopping_10_cats
SHOP_FOOD = [("水果", 500), ("蒙牛", 400)]
SHOP_OTHER_CATS = ["书籍", "平板", "手机", "洗发水", "热水器", "衣服", "计算机", "酒店"]
SHOP_OTHER_N = 180
WAIMAI_N = 700
CAR_N = 1500


def sha1_hex(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def clean(text):
    """Strip whitespace and a leading BOM (in either order)."""
    t = (text or "").strip().lstrip("\ufeff").strip()
    return t


def norm_key(text):
    """NFKC, lowercase, remove whitespace and punctuation (Unicode categories Z*, P*, and
    anything str.isspace() treats as whitespace, e.g. newlines and tabs)."""
    t = unicodedata.normalize("NFKC", text).lower()
    out = []
    for ch in t:
        if ch.isspace():
            continue
        cat = unicodedata.category(ch)
        if cat[0] in ("P", "Z"):
            continue
        out.append(ch)
    return "".join(out)


def make_record(rid, text, sector, source):
    return {"id": rid, "text": text, "sector": sector, "source": source}


def pool_sample(records, n, pool_name, stats):
    """Clean a pool, drop short texts, dedupe inside the pool (keep the first in input
    order), sort by sha1(text) and take the first n (all if n is None)."""
    kept, seen = [], set()
    short = dup = 0
    for r in records:
        r["text"] = clean(r["text"])
        if len(r["text"]) < MIN_CHARS:
            short += 1
            continue
        k = norm_key(r["text"])
        if not k:
            short += 1
            continue
        if k in seen:
            dup += 1
            continue
        seen.add(k)
        kept.append(r)
    kept.sort(key=lambda r: (sha1_hex(r["text"]), r["id"]))
    taken = kept if n is None else kept[:n]
    stats.append((pool_name, len(records), short, dup, len(kept), len(taken)))
    return taken


def load_shopping(path, stats):
    by_cat = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header[:3] == ["cat", "label", "review"], header
        # row = 1-based index of the data row (header excluded); file line = row + 1
        for row, (cat, label, review) in enumerate(reader, start=1):
            if label.strip() != "0":
                continue
            by_cat[cat].append((row, review))
    out = []
    plan = [(c, n, "food") for c, n in SHOP_FOOD] + [(c, SHOP_OTHER_N, "other") for c in SHOP_OTHER_CATS]
    for cat, n, sector in plan:
        recs = [make_record("shop-%d" % row, text, sector, "online_shopping_10_cats:%s:row%d" % (cat, row))
                for row, text in by_cat[cat]]
        # "take N or all if fewer": pool_sample's slicing handles pools smaller than n
        out += pool_sample(recs, n, "online_shopping_10_cats %s label0 -> %s" % (cat, sector), stats)
    return out


def load_waimai(path, stats):
    recs = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header[:2] == ["label", "review"], header
        for row, (label, review) in enumerate(reader, start=1):
            if label.strip() == "0":
                recs.append(make_record("waimai-%d" % row, review, "food", "waimai_10k:row%d" % row))
    return pool_sample(recs, WAIMAI_N, "waimai_10k label0 -> food", stats)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, start=1):
            line = line.strip().lstrip("\ufeff")
            if line:
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit("%s:%d: bad JSON: %s" % (path, ln, e))


def load_cars(path, stats):
    recs = [make_record(d["id"], d.get("text", ""), "auto", "12365auto:%s" % d["id"]) for d in read_jsonl(path)]
    return pool_sample(recs, CAR_N, "12365auto -> auto", stats)


def load_heimao(path, stats):
    recs = []
    for d in read_jsonl(path):
        text = clean(d.get("title", "")) + "。" + clean(d.get("text", ""))
        recs.append(make_record(d["id"], text, "other", "heimao:%s" % d["id"]))
    return pool_sample(recs, None, "heimao -> other", stats)


def load_written(corpora_dir, stats):
    out = []
    for sector in SECTORS:
        path = os.path.join(corpora_dir, "written", sector + ".jsonl")
        if not os.path.exists(path):
            sys.exit("missing written corpus: %s" % path)
        recs = []
        for d in read_jsonl(path):
            if d.get("sector") != sector:
                sys.exit("%s: record %s has sector %r" % (path, d.get("id"), d.get("sector")))
            recs.append(make_record(d["id"], d["text"], sector, WRITTEN_SOURCE))
        out += pool_sample(recs, None, "written/%s.jsonl -> %s" % (sector, sector), stats)
    return out


def load_overrides(path):
    ov = {}
    if not os.path.exists(path):
        return ov
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, start=1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 3 or not parts[2].strip():
                sys.exit("%s:%d: expected id<TAB>sector<TAB>reason" % (path, ln))
            rid, sector = parts[0].strip(), parts[1].strip()
            if sector not in SECTORS:
                sys.exit("%s:%d: unknown sector %r" % (path, ln, sector))
            if rid in ov:
                sys.exit("%s:%d: duplicate override for %s" % (path, ln, rid))
            ov[rid] = sector
    return ov


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"),
                    help="directory with the shared public data (default: <repo>/../shared/data)")
    args = ap.parse_args()
    shared = args.shared

    stats = []
    records = []
    records += load_shopping(os.path.join(shared, "online_shopping_10_cats.csv"), stats)
    records += load_waimai(os.path.join(shared, "waimai_10k.csv"), stats)
    records += load_cars(os.path.join(shared, "car_complaints_12365auto.jsonl"), stats)
    records += load_heimao(os.path.join(shared, "heimao_complaints.jsonl"), stats)
    records += load_written(here, stats)

    print("== pools: name | candidates | dropped short | dropped dup-in-pool | unique | taken")
    for s in stats:
        print("  %-48s %6d %5d %5d %6d %6d" % s)

    ids = Counter(r["id"] for r in records)
    dup_ids = [i for i, c in ids.items() if c > 1]
    if dup_ids:
        sys.exit("duplicate record ids: %s" % sorted(dup_ids)[:20])

    # overrides
    overrides = load_overrides(os.path.join(here, "overrides.tsv"))
    by_id = {r["id"]: r for r in records}
    missing = sorted(set(overrides) - set(by_id))
    if missing:
        sys.exit("overrides name ids not in the corpus: %s" % missing)
    changes = Counter()
    for rid in sorted(overrides):
        r = by_id[rid]
        if r["sector"] != overrides[rid]:
            changes[(r["sector"], overrides[rid])] += 1
            r["sector"] = overrides[rid]
    print("== overrides: %d lines, %d records changed" % (len(overrides), sum(changes.values())))
    for (a, b), c in sorted(changes.items()):
        print("  %s -> %s: %d" % (a, b, c))

    # global dedupe by normalized key
    groups = defaultdict(list)
    for r in records:
        groups[norm_key(r["text"])].append(r)
    final = []
    dup_same = conflict_keys = conflict_recs = 0
    for key in sorted(groups):
        g = sorted(groups[key], key=lambda r: r["id"])
        if len({r["sector"] for r in g}) > 1:
            conflict_keys += 1
            conflict_recs += len(g)
            continue
        dup_same += len(g) - 1
        final.append((key, g[0]))
    print("== dedupe across pools: %d duplicate copies dropped (same sector); "
          "%d keys with conflicting sectors -> %d records dropped" % (dup_same, conflict_keys, conflict_recs))

    # split
    train, dev = [], []
    for key, r in final:
        (dev if int(sha1_hex(key), 16) % 5 == 0 else train).append((key, r))
    train_keys = {k for k, _ in train}
    dev_keys = {k for k, _ in dev}
    overlap = train_keys & dev_keys
    assert not overlap, "normalized keys in both train and dev: %d" % len(overlap)
    print("== leak check: %d train keys, %d dev keys, %d in both -> OK" % (len(train_keys), len(dev_keys), len(overlap)))

    out_dir = os.path.join(here, "sectors")
    os.makedirs(out_dir, exist_ok=True)
    for name, part in (("train", train), ("dev", dev)):
        rows = sorted((r for _, r in part), key=lambda r: r["id"])
        path = os.path.join(out_dir, name + ".jsonl")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(json.dumps({"id": r["id"], "text": r["text"], "sector": r["sector"], "source": r["source"]},
                                   ensure_ascii=False, sort_keys=False) + "\n")
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        print("== wrote %s (%d records) sha256 %s" % (os.path.relpath(path, repo), len(rows), digest))

    # counts table
    ct = Counter((r["sector"], "train") for _, r in train) + Counter((r["sector"], "dev") for _, r in dev)
    print("\n| sector | train | dev | total |")
    print("|---|---:|---:|---:|")
    for s in SECTORS:
        a, b = ct[(s, "train")], ct[(s, "dev")]
        print("| %s | %d | %d | %d |" % (s, a, b, a + b))
    print("| **all** | %d | %d | %d |" % (len(train), len(dev), len(train) + len(dev)))


if __name__ == "__main__":
    main()
