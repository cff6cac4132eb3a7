#!/usr/bin/env python3
"""Build the tousu nature corpus (corpora/natures/{train,dev}.jsonl).

Usage (from anywhere):
    python3 corpora/natures/build_natures.py

Inputs (all in this repository; Python 3 standard library only; deterministic):
  corpora/sectors/{train,dev}.jsonl   texts (and sector labels) of the sector corpus
  corpora/natures/labels.tsv          id<TAB>natures: natures of sector-corpus texts, primary first
  corpora/natures/written.tsv         natures<TAB>sector<TAB>text: texts written for this corpus
  ../shared/data/car_complaints_12365auto.jsonl  car-complaint titles the reader did not label,
                                      labelled by the written patterns of car_rules.py (source
                                      "12365auto:rules"): every title with a nature besides
                                      quality, and quality-only titles (first by sha1 of the id)
                                      until quality holds CAR_QUALITY_SHARE of all labels

Each output line: {"id", "text", "natures": [primary, ...], "sector", "source"}, sorted by id.
The split is the sector corpus's: dev if int(sha1(key), 16) % 5 == 0, where key is the
normalized text (NFKC, lowercase, whitespace and punctuation removed), so a text is on the
same side in both corpora and no normalized text is in both train and dev.
"""

import hashlib
import json
import os
import sys
import unicodedata
from collections import Counter

NATURES = ["quality", "safety", "price", "measurement", "counterfeit", "false_advertising",
           "contract", "after_sales", "dignity", "other"]
SECTORS = ["food", "auto", "prepaid", "elderly_health", "other"]
WRITTEN_SOURCE = "written-for-tousu-natures"
RULES_SOURCE = "12365auto:rules"
# The 2022 provincial report the issue quotes: 质量 37.5 % of complaints.
CAR_QUALITY_SHARE = 0.375


def norm_key(text):
    """The sector corpus's key: NFKC, lowercase, no whitespace, no punctuation (P*, Z*)."""
    t = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in t if not ch.isspace() and unicodedata.category(ch)[0] not in ("P", "Z"))


def is_dev(key):
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def parse_natures(field, where):
    natures = [n.strip() for n in field.split(",") if n.strip()]
    if not 1 <= len(natures) <= 3 or len(set(natures)) != len(natures):
        sys.exit("%s: expected 1-3 distinct natures, got %r" % (where, field))
    for n in natures:
        if n not in NATURES:
            sys.exit("%s: unknown nature %r" % (where, n))
    if "other" in natures and len(natures) > 1:
        sys.exit("%s: 'other' only when nothing else fits" % where)
    return natures


def car_records(repo, sector, labelled):
    """Rule-labelled car-complaint titles (see car_rules.py): those with a nature other than
    quality, then quality-only ones until quality is CAR_QUALITY_SHARE of all labels."""
    import car_rules
    path = os.path.join(repo, "..", "shared", "data", "car_complaints_12365auto.jsonl")
    if not os.path.exists(path):
        sys.exit("missing %s (the shared data; see ../shared/data/README.md)" % path)
    seen = {norm_key(r["text"]) for r in labelled}
    candidates = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            key = norm_key(c["text"])
            if key in seen or not key:
                continue
            seen.add(key)
            candidates.append({"id": c["id"], "text": c["text"], "natures": car_rules.natures(c["text"]),
                               "sector": "auto", "source": RULES_SOURCE})
    mixed = [r for r in candidates if r["natures"] != ["quality"]]
    plain = sorted((r for r in candidates if r["natures"] == ["quality"]),
                   key=lambda r: hashlib.sha1(r["id"].encode("utf-8")).hexdigest())
    chosen = list(mixed)
    labels = sum(len(r["natures"]) for r in labelled + chosen)
    quality = sum("quality" in r["natures"] for r in labelled + chosen)
    for r in plain:
        if quality >= CAR_QUALITY_SHARE * labels:
            break
        chosen.append(r)
        labels += 1
        quality += 1
    for r in chosen:  # a sector-corpus car title keeps its sector-corpus id
        assert r["id"] not in sector or sector[r["id"]]["text"] == r["text"]
    return chosen


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpora = os.path.dirname(here)
    sector = {}
    for split in ("train", "dev"):
        with open(os.path.join(corpora, "sectors", split + ".jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                sector[r["id"]] = r
    records = []
    with open(os.path.join(here, "labels.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            rid, field = line.rstrip("\n").split("\t")
            if rid not in sector:
                sys.exit("labels.tsv:%d: unknown id %r" % (number, rid))
            s = sector[rid]
            records.append({"id": rid, "text": s["text"], "natures": parse_natures(field, "labels.tsv:%d" % number),
                            "sector": s["sector"], "source": s["source"]})
    written = 0
    with open(os.path.join(here, "written.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            field, sec, text = line.rstrip("\n").split("\t", 2)
            if sec not in SECTORS:
                sys.exit("written.tsv:%d: unknown sector %r" % (number, sec))
            written += 1
            records.append({"id": "natures-w-%04d" % written, "text": text.strip(),
                            "natures": parse_natures(field, "written.tsv:%d" % number),
                            "sector": sec, "source": WRITTEN_SOURCE})

    records += car_records(os.path.dirname(corpora), sector, records)

    # Dedupe by normalized key: same key and same natures keep the smallest id; different
    # natures drop every copy (a contradiction the labeller must resolve).
    by_key = {}
    for r in records:
        by_key.setdefault(norm_key(r["text"]), []).append(r)
    kept, conflicts, duplicates = [], 0, 0
    for key, group in by_key.items():
        if len({tuple(r["natures"]) for r in group}) > 1:
            conflicts += len(group)
            continue
        duplicates += len(group) - 1
        kept.append(min(group, key=lambda r: r["id"]))
    rules = sum(r["source"] == RULES_SOURCE for r in records)
    print("records %d (reader-labelled sector texts %d, written %d, rule-labelled car titles %d); duplicates dropped %d, conflicting copies dropped %d"
          % (len(records), len(records) - written - rules, written, rules, duplicates, conflicts))

    splits = {"train": [], "dev": []}
    for r in kept:
        splits["dev" if is_dev(norm_key(r["text"])) else "train"].append(r)
    keys = {s: {norm_key(r["text"]) for r in rs} for s, rs in splits.items()}
    assert not keys["train"] & keys["dev"], "normalized text in both train and dev"
    for s, rs in splits.items():
        for r in rs:  # a sector-corpus text stays on its sector-corpus side
            if r["id"] in sector:
                assert is_dev(norm_key(sector[r["id"]]["text"])) == (s == "dev")
    print("leak check: no normalized text in both train and dev")

    for s, rs in splits.items():
        rs.sort(key=lambda r: r["id"])
        path = os.path.join(here, s + ".jsonl")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for r in rs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        with open(path, "rb") as f:
            print("%-11s %5d records  sha256 %s" % (s + ".jsonl", len(rs), hashlib.sha256(f.read()).hexdigest()))

    print("\n| nature | train (primary) | dev (primary) | share of all labels |")
    print("|---|---:|---:|---:|")
    total = sum(len(r["natures"]) for r in kept)
    for n in NATURES:
        cells = []
        for s in ("train", "dev"):
            any_ = sum(n in r["natures"] for r in splits[s])
            primary = sum(r["natures"][0] == n for r in splits[s])
            cells.append("%d (%d)" % (any_, primary))
        share = 100.0 * sum(n in r["natures"] for r in kept) / total
        print("| %s | %s | %s | %.1f %% |" % (n, cells[0], cells[1], share))
    print("\nnatures per text:", dict(sorted(Counter(len(r["natures"]) for r in kept).items())))
    print("sectors:", {s: dict(sorted(Counter(r["sector"] for r in rs).items())) for s, rs in splits.items()})
    print("sources:", dict(sorted(Counter(r["source"] if r["source"] == RULES_SOURCE else r["source"].split(":")[0]
                                          for r in kept).items())))


if __name__ == "__main__":
    main()
