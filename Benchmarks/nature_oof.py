#!/usr/bin/env python3
"""Out-of-fold nature predictions on corpora/natures/train.jsonl, record by record.

The folds are those of `tousu eval --folds K` (FNV-1a 64 of the id, mod K); each fold is
classified by a model trained on the other folds only (the records' own sectors and natures,
no bundled nature corpus), as `Evaluation.crossValidate` does. Writes one JSON line per
record: id, source, text, truth, predicted natures. Prints micro-F1 and primary accuracy (all
and by source) so that the result can be checked against `tousu eval --folds K`.

Usage (repository root):
    python3 Benchmarks/nature_oof.py --tousu .build/release/tousu --work /tmp/oof -o /tmp/oof/oof.jsonl
"""
import argparse
import collections
import json
import os
import subprocess


def fnv1a(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tousu", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--corpus", default="corpora/natures/train.jsonl")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    tousu = os.path.abspath(args.tousu)
    os.makedirs(args.work, exist_ok=True)
    lex = os.path.join(args.work, "lexicons")  # a lexicon folder with no corpora beside it
    if not os.path.islink(lex):
        os.symlink(os.path.abspath("lexicons"), lex)
    with open(args.corpus, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    fold = [fnv1a(r["id"].encode()) % args.folds for r in records]
    predicted = {}
    for k in range(args.folds):
        tr = os.path.join(args.work, "train%d.jsonl" % k)
        te = os.path.join(args.work, "test%d.jsonl" % k)
        out = os.path.join(args.work, "out%d.jsonl" % k)
        model = os.path.join(args.work, "m%d.tousu" % k)
        with open(tr, "w", encoding="utf-8") as a, open(te, "w", encoding="utf-8") as b:
            for r, f in zip(records, fold):
                (b if f == k else a).write(json.dumps(r, ensure_ascii=False) + "\n")
        subprocess.run([tousu, "train", tr, "--lexicons", lex, "-o", model, "--quiet"], check=True)
        if os.path.exists(out):
            os.remove(out)
        subprocess.run([tousu, "batch", "--model", model, "--input", te, "--output", out, "--quiet"], check=True)
        with open(out, encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                predicted[o["id"]] = o["natures"]
    tp = fp = fn = right = 0
    by_source = collections.defaultdict(lambda: [0, 0])
    with open(args.output, "w", encoding="utf-8") as f:
        for r in records:
            p = predicted[r["id"]]
            t = r["natures"]
            hit = len(set(p) & set(t))
            tp += hit
            fp += len(p) - hit
            fn += len(t) - hit
            ok = bool(p) and p[0] == t[0]
            right += ok
            source = r["source"] if r["source"] == "12365auto:rules" else r["source"].split(":")[0]
            by_source[source][0] += ok
            by_source[source][1] += 1
            f.write(json.dumps({"id": r["id"], "source": r["source"], "sector": r.get("sector"),
                                "truth": t, "predicted": p, "text": r["text"]}, ensure_ascii=False) + "\n")
    print("micro-F1 %.3f, primary %.3f over %d records" % (2 * tp / (2 * tp + fp + fn), right / len(records), len(records)))
    for s, (ok, n) in sorted(by_source.items()):
        print("  %-28s primary %.3f (%d)" % (s, ok / n, n))


if __name__ == "__main__":
    main()
