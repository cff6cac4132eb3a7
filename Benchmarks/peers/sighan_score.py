#!/usr/bin/env python3
"""Score a word segmentation against a gold standard (SIGHAN bakeoff style).

usage: sighan_score.py GOLD PRED

Both files: one sentence per line, words separated by whitespace (any run of
whitespace; CRLF or LF line endings). Words are compared as character-offset
spans [start, end) within each line after whitespace is removed; precision,
recall and F1 are micro-averaged over all words of all lines (the same counts
as the official SIGHAN score script). Lines must match in count and in their
characters once whitespace is removed; mismatching lines are reported on
stderr and left out of the score.

Prints one JSON line: {"precision":..,"recall":..,"f1":..,"lines":..,...}
"""
import json
import sys


def read_lines(path):
    """Lines of a UTF-8 file, CRLF/LF tolerant; a final newline adds no line."""
    with open(path, encoding="utf-8-sig") as f:  # universal newlines: \r\n -> \n
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def spans(words):
    """Set of (start, end) character offsets of a word sequence."""
    out = set()
    pos = 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def score_lines(gold_lines, pred_lines, report=sys.stderr, max_reports=10):
    """Score parallel lists of segmented lines (words separated by whitespace).

    Returns a dict with precision, recall, f1, lines (scored), and counts.
    """
    result = {"gold_lines": len(gold_lines), "pred_lines": len(pred_lines)}
    if len(gold_lines) != len(pred_lines):
        print(f"line count mismatch: gold {len(gold_lines)} vs pred {len(pred_lines)}",
              file=report)
    n = min(len(gold_lines), len(pred_lines))
    gold_words = pred_words = correct = 0
    scored = mismatched = 0
    for i in range(n):
        g = gold_lines[i].split()
        p = pred_lines[i].split()
        if "".join(g) != "".join(p):
            mismatched += 1
            if mismatched <= max_reports:
                print(f"line {i + 1}: characters differ after removing whitespace:\n"
                      f"  gold: {''.join(g)[:80]}\n  pred: {''.join(p)[:80]}", file=report)
            continue
        scored += 1
        gs, ps = spans(g), spans(p)
        gold_words += len(gs)
        pred_words += len(ps)
        correct += len(gs & ps)
    if mismatched > max_reports:
        print(f"... {mismatched} mismatching lines in all", file=report)
    precision = correct / pred_words if pred_words else 0.0
    recall = correct / gold_words if gold_words else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result.update({
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "lines": scored,
        "mismatched_lines": mismatched + abs(len(gold_lines) - len(pred_lines)),
        "gold_words": gold_words,
        "pred_words": pred_words,
        "correct_words": correct,
    })
    return result


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    res = score_lines(read_lines(argv[1]), read_lines(argv[2]))
    out = {k: res[k] for k in ("precision", "recall", "f1", "lines")}
    out.update({k: v for k, v in res.items() if k not in out})
    print(json.dumps(out))
    return 0 if res["mismatched_lines"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
