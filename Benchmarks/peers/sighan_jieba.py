#!/usr/bin/env python3
"""Segment the SIGHAN raw test file with jieba and score it against gold.

usage: sighan_jieba.py RAW GOLD

Runs jieba.cut in default (accurate) mode twice -- HMM on (jieba's default)
and HMM=False -- and scores both with sighan_score.score_lines.
Prints one JSON line per mode: {"tool":"jieba","hmm":true|false,...,"f1":..}
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sighan_score import read_lines, score_lines  # noqa: E402

import jieba  # noqa: E402


def main(argv):
    if len(argv) != 3:
        print("usage: sighan_jieba.py RAW GOLD", file=sys.stderr)
        return 2
    raw = read_lines(argv[1])
    gold = read_lines(argv[2])
    jieba.setLogLevel(60)
    jieba.initialize()
    status = 0
    for hmm in (True, False):
        pred = [" ".join(jieba.cut(line, HMM=hmm)) for line in raw]
        res = score_lines(gold, pred)
        if res["mismatched_lines"]:
            status = 1
        out = {"tool": "jieba", "mode": "default", "hmm": hmm}
        out.update({k: res[k] for k in ("precision", "recall", "f1", "lines",
                                         "mismatched_lines")})
        print(json.dumps(out), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
