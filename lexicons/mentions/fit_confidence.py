#!/usr/bin/env python3
"""Fit the merchant confidence (confidence.tsv) on the labelled samples of corpora/mentions/.

Input: the candidates dump written by the test
    MENTIONS_DUMP=/tmp/candidates.jsonl swift test --filter LabelledSampleTests/dumpCandidates
(one JSON object a text: sample, id, labels, candidates with key, match and evidence.features).

Policy (written to confidence.tsv with the weights): a candidate with a REJECT feature never
counts (a quantity 50元店, a verb phrase 抵达酒店, a phrase led by a business word 店中店); one
with none of the JUDGE features (a known or quoted name, or a name before a specific type word:
美容院, 有限公司, 平台) always counts; the rest are scored.

Model: logistic regression (full-batch gradient descent, L2 penalty, deterministic) over the
0/1 features the Swift MerchantFinder computes for each candidate (its key counted once a text,
as the tests score). Threshold rule (one rule, no per-sample choice): the highest score on a
grid of 1/8 that keeps the pooled recall of the fitting samples >= RECALL_FLOOR.

    python3 fit_confidence.py DUMP            # leave-one-sample-out figures and the P/R curve
    python3 fit_confidence.py DUMP --write    # also writes confidence.tsv (fit on all samples)

Standard library only. Every sample in the dump takes part: a sample kept for an untouched
score must not be in corpora/mentions/ when this runs.
"""
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

L2 = 1.0
ITERS = 800
RATE = 0.5
RECALL_FLOOR = 0.85
GRID = [x / 8 for x in range(-16, 33)]
REJECT = ["name_quantity", "name_verb_led", "name_type_led", "name_descriptor"]
JUDGE = ["type_single", "type_everyday"]
ALWAYS, NEVER = "(always)", "(never)"


def load(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    items = []  # (sample, id, key, match, features)
    for r in rows:
        seen = set()
        for c in r["candidates"]:
            if c["key"] in seen:
                continue
            seen.add(c["key"])
            f = c["evidence"]["features"]
            if any(k in f for k in REJECT):
                f = {NEVER: 1.0}
            elif not any(k in f for k in JUDGE):
                f = {ALWAYS: 1.0}
            items.append((r["sample"], r["id"], c["key"], c["match"], f))
    return rows, items


def fit(items):
    items = [it for it in items if ALWAYS not in it[4] and NEVER not in it[4]]
    names = sorted({k for it in items for k in it[4]})
    w = {k: 0.0 for k in names}
    b = 0.0
    n = len(items)
    for _ in range(ITERS):
        gw = {k: 0.0 for k in names}
        gb = 0.0
        for it in items:
            z = b + sum(w[k] * v for k, v in it[4].items())
            p = 1 / (1 + math.exp(-z))
            d = p - (1 if it[3] else 0)
            for k, v in it[4].items():
                gw[k] += d * v
            gb += d
        for k in names:
            w[k] -= RATE * (gw[k] / n + L2 * w[k] / n)
        b -= RATE * gb / n
    return w, b


def score(w, b, f):
    if ALWAYS in f:
        return math.inf
    if NEVER in f:
        return -math.inf
    return b + sum(w.get(k, 0.0) * v for k, v in f.items())


def counts(rows, items, samples, w, b, th):
    """(right, found, labels found, labels) over the samples, keys matched as the tests do."""
    kept = defaultdict(list)
    right = found = 0
    for it in items:
        if it[0] in samples and score(w, b, it[4]) >= th:
            kept[it[1]].append(it[2])
            found += 1
            right += it[3]
    hit = total = 0
    for r in rows:
        if r["sample"] not in samples:
            continue
        for label in r["labels"]:
            total += 1
            hit += any(label in k or k in label for k in kept[r["id"]])
    return right, found, hit, total


def pr(c):
    return (c[0] / c[1] if c[1] else 0.0), (c[2] / c[3] if c[3] else 0.0)


def threshold(rows, items, samples, w, b):
    best = GRID[0]
    for th in GRID:
        if pr(counts(rows, items, samples, w, b, th))[1] >= RECALL_FLOOR:
            best = th
    return best


def main():
    rows, items = load(sys.argv[1])
    samples = sorted({r["sample"] for r in rows})
    print("leave-one-sample-out (fit and threshold on the others, score the one left out):")
    total = [0, 0, 0, 0]
    for s in samples:
        rest = [x for x in samples if x != s]
        w, b = fit([it for it in items if it[0] in rest])
        th = threshold(rows, items, rest, w, b)
        c = counts(rows, items, [s], w, b, th)
        total = [a + x for a, x in zip(total, c)]
        p, r = pr(c)
        print(f"  {s:10s} threshold {th:+.3f}  P {p:.3f} ({c[0]}/{c[1]})  R {r:.3f} ({c[2]}/{c[3]})")
    p, r = pr(total)
    print(f"  pooled     P {p:.3f} ({total[0]}/{total[1]})  R {r:.3f} ({total[2]}/{total[3]})")
    w, b = fit(items)
    th = threshold(rows, items, samples, w, b)
    print("fit on all samples (%d judged candidates); pooled P/R by threshold:" % sum(1 for it in items if ALWAYS not in it[4] and NEVER not in it[4]))
    for t in GRID:
        p, r = pr(counts(rows, items, samples, w, b, t))
        print(f"  {t:+.3f}  P {p:.3f}  R {r:.3f}" + ("   <- chosen" if t == th else ""))
    for s in samples:
        p, r = pr(counts(rows, items, [s], w, b, th))
        print(f"  {s:10s} P {p:.3f}  R {r:.3f}")
    if "--write" in sys.argv:
        out = Path(__file__).with_name("confidence.tsv")
        lines = [
            "# Merchant confidence (MerchantConfidence): feature<TAB>weight, bias, threshold.",
            "# Written by fit_confidence.py (logistic regression, L2 %.1f; threshold: the highest"
            " keeping pooled recall >= %.2f)" % (L2, RECALL_FLOOR),
            "# from the candidates of corpora/mentions/ samples: %s." % ", ".join(samples),
            "bias\t%.4f" % b,
            "threshold\t%.4f" % th,
        ]
        lines += ["reject\t%s" % k for k in REJECT] + ["judge\t%s" % k for k in JUDGE]
        lines += ["%s\t%.4f" % (k, v) for k, v in sorted(w.items())]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("wrote", out)


if __name__ == "__main__":
    main()
