#!/usr/bin/env python3
"""Kleinberg burst detection per group with the burst_detection package.

usage: kleinberg_peer.py SERIES_JSON

SERIES_JSON: {"groups": {"<key>": {"counts": [...], "totals": [...]}, ...},
              "s": 2, "gamma": 1, "smooth_win": 1}
counts[t]: records of the group in window t (e.g. a day); totals[t]: records of
all groups in window t. s, gamma, smooth_win are optional (defaults 2, 1, 1).
For each group runs burst_detection.burst_detection(r=counts, d=totals, n,
s, gamma, smooth_win) -- Kleinberg's two-state batched automaton -- and prints
one JSON object {"<key>": [[start, end], ...]}: the maximal runs of windows in
state >= 1, start and end inclusive window indices (0-based).

With {"queries": [{"id": "...", "counts": [...], "totals": [...]}, ...]} instead of
"groups" (a daily run: each query is one group's trailing windows up to one day), prints
{"burst_now": ["<id>", ...], "queries": N, "seconds": S}: the queries whose last window is in
the burst state.

Note: burst_detection 0.1.3 picks the cheaper state window by window given the
previous state (a greedy pass, no backtracking), so it can differ from an
exact Viterbi solution of Kleinberg's model; this script reports what the
package computes. A group with no records at all has no bursts (the package
would divide 0 by 0).
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=FutureWarning)
if not hasattr(np, "float"):  # burst_detection uses np.float (removed in numpy 1.24)
    np.float = float

import burst_detection as bd  # noqa: E402


def intervals(states):
    out, start = [], None
    for t, q in enumerate(states):
        on = (not np.isnan(q)) and q >= 1
        if on and start is None:
            start = t
        elif not on and start is not None:
            out.append([start, t - 1])
            start = None
    if start is not None:
        out.append([start, len(states) - 1])
    return out


def detect(counts, totals, s=2.0, gamma=1.0, smooth_win=1):
    if len(counts) != len(totals):
        raise ValueError("counts and totals differ in length")
    if not counts or sum(counts) == 0:
        return []
    if any(c > t for c, t in zip(counts, totals)):
        raise ValueError("a count exceeds its total")
    r = pd.Series(counts, dtype=float)
    d = pd.Series(totals, dtype=float)
    q, _, _, _ = bd.burst_detection(r, d, len(counts), s, gamma, smooth_win)
    return intervals(q[:, 0])


def main(argv):
    if len(argv) != 2:
        print("usage: kleinberg_peer.py SERIES_JSON", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    s = float(spec.get("s", 2))
    gamma = float(spec.get("gamma", 1))
    smooth_win = int(spec.get("smooth_win", 1))
    if "queries" in spec:
        started = time.time()
        hot = []
        for q in spec["queries"]:
            runs = detect(q["counts"], q["totals"], s, gamma, smooth_win)
            if runs and runs[-1][1] == len(q["counts"]) - 1:
                hot.append(q["id"])
        print(json.dumps({"burst_now": hot, "queries": len(spec["queries"]),
                          "seconds": round(time.time() - started, 3)}))
        return 0
    result = {key: detect(g["counts"], g["totals"], s, gamma, smooth_win)
              for key, g in spec["groups"].items()}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
