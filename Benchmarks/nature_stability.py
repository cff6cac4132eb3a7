#!/usr/bin/env python3
"""How much the fitted nature calibration moves when one training label changes.

For each draw, one record of corpora/natures/train.jsonl (chosen by a seeded random
generator) gets a different primary nature; a model is trained on the sector corpus plus the
perturbed nature corpus (as `tousu train` includes it beside the lexicons), and its thresholds
and decision rule are compared with those of the model trained on the unchanged corpus. With
--classify FILE it also counts the texts of FILE (a JSONL corpus; only its texts are read, no
labels) whose predicted natures differ from the unperturbed model's. With --drop K, each draw
leaves K random records out instead. A "flip" is a change of the rule's family, weights or
override, or of admission or floor between a number and "never" (1 or more); admission and floor
moves are reported as numbers.

Usage (repository root; the figures of corpora/natures/README.md):
    python3 Benchmarks/nature_stability.py --tousu .build/release/tousu --draws 20 --seed 1 \\
        --work /tmp/stability --classify corpora/natures/train.jsonl
    python3 Benchmarks/nature_stability.py --tousu .build/release/tousu --draws 10 --drop 10 --seed 3 \\
        --work /tmp/stability-drop --classify corpora/natures/train.jsonl

Standard library only. Prints one line per draw and a summary.
"""
import argparse
import json
import os
import random
import struct
import subprocess
import sys

NATURES = ["quality", "safety", "price", "measurement", "counterfeit",
           "false_advertising", "contract", "after_sales", "dignity", "other"]


def calibration(path):
    """The nature calibration in a model file's JSON header."""
    with open(path, "rb") as f:
        head = f.read(16)
        assert head[:8] == b"TOUSUMDL", path
        (length,) = struct.unpack("<I", head[12:16])
        header = json.loads(f.read(length))
    return header["natures"]["calibration"]


def perturbed(records, rng, drop):
    """A copy of the records with one record's primary nature changed (or, with `drop`, that
    many records left out), and a description."""
    out = [dict(r) for r in records]
    if drop:
        gone = set(rng.sample(range(len(out)), drop))
        return [r for i, r in enumerate(out) if i not in gone], "%d records dropped" % drop
    i = rng.randrange(len(out))
    old = list(out[i]["natures"])
    choices = [n for n in NATURES if n not in old]
    new = rng.choice(choices)
    if new == "other":
        natures = ["other"]
    else:
        natures = [new] + [n for n in old[1:] if n != "other"]
    out[i]["natures"] = natures
    return out, "%s %s -> %s" % (out[i]["id"], ",".join(old), ",".join(natures))


def train(tousu, repo, work, name, records, reuse=False):
    """Trains a model on the sector corpus and these nature records; returns its path (with
    `reuse`, a model this script trained there before is taken as it is)."""
    folder = os.path.join(work, name)
    model = os.path.join(folder, "model.tousu")
    if reuse and os.path.exists(model):
        return model
    os.makedirs(os.path.join(folder, "corpora", "natures"), exist_ok=True)
    link = os.path.join(folder, "lexicons")
    if not os.path.islink(link):
        os.symlink(os.path.join(repo, "lexicons"), link)
    with open(os.path.join(folder, "corpora", "natures", "train.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    subprocess.run([tousu, "train", os.path.join(repo, "corpora/sectors/train.jsonl"),
                    "--lexicons", link, "-o", model, "--quiet"], check=True)
    return model


def predictions(tousu, model, corpus, work, name):
    """The natures predicted for each text of the corpus, in order."""
    out = os.path.join(work, name + ".classified.jsonl")
    if os.path.exists(out):
        os.remove(out)
    subprocess.run([tousu, "batch", "--model", model, "--input", corpus, "--output", out, "--quiet"],
                   check=True)
    with open(out, encoding="utf-8") as f:
        result = [tuple(json.loads(line)["natures"]) for line in f if line.strip()]
    for path in (out, out + ".rejects.jsonl"):
        if os.path.exists(path):
            os.remove(path)
    return result


def discrete(rule):
    """What of a rule is a choice among alternatives rather than a number: the family, the
    weights and override of the older rules, and whether admission and floor are "never"
    (2 in older models, where the grid held 0 … 0.6 and 2; 1 or more: never)."""
    return (rule.get("regressedPrimary"), rule.get("primacyWeight"), rule.get("multinomialWeight"),
            rule.get("otherOverrides"), rule.get("admission", 2) >= 1, rule.get("floor", 0) >= 1)


def describe_rule(rule):
    keys = ["regressedPrimary", "admission", "floor", "primacyWeight", "multinomialWeight", "otherOverrides"]
    return " ".join("%s=%s" % (k, rule.get(k)) for k in keys)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tousu", required=True)
    ap.add_argument("--draws", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", required=True)
    ap.add_argument("--classify")
    ap.add_argument("--reuse", action="store_true", help="take the models of an earlier run in --work")
    ap.add_argument("--drop", type=int, default=0, help="drop this many records instead of relabelling one")
    args = ap.parse_args()
    repo = os.getcwd()
    tousu = os.path.abspath(args.tousu)
    os.makedirs(args.work, exist_ok=True)
    with open("corpora/natures/train.jsonl", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    base_model = train(tousu, repo, args.work, "base", records, args.reuse)
    base = calibration(base_model)
    print("base: thresholds %s; rule %s" % (
        " ".join("%.3f" % t for t in base["threshold"]), describe_rule(base["rule"])))
    base_pred = predictions(tousu, base_model, args.classify, args.work, "base") if args.classify else None
    rng = random.Random(args.seed)
    flips, l1s, maxes, changed, rule_moves = 0, [], [], [], []
    for d in range(args.draws):
        recs, what = perturbed(records, rng, args.drop)
        model = train(tousu, repo, args.work, "draw%d" % d, recs, args.reuse)
        c = calibration(model)
        l1 = sum(abs(a - b) for a, b in zip(c["threshold"], base["threshold"]))
        mx = max(abs(a - b) for a, b in zip(c["threshold"], base["threshold"]))
        flip = discrete(c["rule"]) != discrete(base["rule"])
        flips += flip
        moves = {k: abs(c["rule"][k] - base["rule"][k]) for k in ("admission", "floor")}
        rule_moves.append(moves)
        l1s.append(l1)
        maxes.append(mx)
        line = "draw %d (%s): threshold L1 %.4f, max %.4f, rule %s, admission moved %.4f, floor moved %.4f" % (
            d, what, l1, mx, ("FLIPPED: " + describe_rule(c["rule"])) if flip else "same family",
            moves["admission"], moves["floor"])
        if base_pred is not None:
            pred = predictions(tousu, model, args.classify, args.work, "draw%d" % d)
            n = sum(a != b for a, b in zip(pred, base_pred))
            changed.append(n)
            line += ", %d of %d predictions changed" % (n, len(pred))
        print(line, flush=True)
    print("summary: %d draws, rule flipped in %d, admission moved mean %.4f (max %.4f), floor moved mean %.4f (max %.4f), "
          "threshold L1 mean %.4f (max %.4f), largest single move %.4f%s" % (
        args.draws, flips, sum(m["admission"] for m in rule_moves) / len(rule_moves), max(m["admission"] for m in rule_moves),
        sum(m["floor"] for m in rule_moves) / len(rule_moves), max(m["floor"] for m in rule_moves),
        sum(l1s) / len(l1s), max(l1s), max(maxes),
        (", predictions changed mean %.1f (max %d)" % (sum(changed) / len(changed), max(changed))) if changed else ""))


if __name__ == "__main__":
    sys.exit(main())
