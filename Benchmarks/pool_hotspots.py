#!/usr/bin/env python3
"""Pools the --json outputs of HotspotBenchmark runs (one per seed or seed range, run as separate
processes) into one table per method: alarms, true alarms, precision, recall, median delay, and
per scenario kind the same (the false alarms attributed to kinds as Score.falseByScenarioKind
does), plus closures raised by their second complaint.

usage: pool_hotspots.py OUT1.json OUT2.json ...
"""
import json
import statistics
import sys
from collections import defaultdict

runs = [json.load(open(p)) for p in sys.argv[1:]]
methods = [m for m in ("tousu", "kleinberg_pypi", "kleinberg_exact", "top10") if any(m in r for r in runs)]
seeds = ", ".join(r["seeds"] + (f" + quiet {r['quiet']}" if r["quiet"] else "") for r in runs)
print(f"pooled runs: {seeds}")
for m in methods:
    alarms = true = 0
    scen = []
    tk = defaultdict(float)
    fk = defaultdict(float)
    fg = defaultdict(int)
    for r in runs:
        if m not in r:
            continue
        x = r[m]
        alarms += x["alarms"]
        true += x["true"]
        scen += x["scenarios"]
        for k, v in x["trueByKind"].items():
            tk[k] += v
        for k, v in x["falseByKind"].items():
            fk[k] += v
        for k, v in x["falseByGroupKind"].items():
            fg[k] += v
    det = [s for s in scen if "delay" in s]
    med = statistics.median([s["delay"] for s in det]) if det else None
    print(f"\n{m}: alarms {alarms}, true {true}, precision {true / alarms if alarms else 1:.3f}, "
          f"recall {len(det)}/{len(scen)} = {len(det) / len(scen) if scen else 0:.3f}, median delay {med}")
    print(f"  false alarms by group kind: {dict(fg)}")
    kinds = sorted({s["kind"] for s in scen} | set(fk))
    for k in kinds:
        ks = [s for s in scen if s["kind"] == k]
        kd = [s for s in ks if "delay" in s]
        t, f = tk.get(k, 0), fk.get(k, 0)
        p = t / (t + f) if t + f else float("nan")
        md = statistics.median([s["delay"] for s in kd]) if kd else None
        print(f"  {k:52s} {len(kd)}/{len(ks)} recall {len(kd) / len(ks) if ks else float('nan'):.2f} "
              f"delay {md} true {t:.0f} false {f:.1f} precision {p:.3f}")
    sizes = defaultdict(lambda: [0, 0])
    for s in scen:
        sizes[s["size"]][1] += 1
        sizes[s["size"]][0] += "delay" in s
    print("  by size: " + ", ".join(f"{z} {v[0]}/{v[1]}" for z, v in sorted(sizes.items())))
    closures = [s for s in scen if "onTime" in s and s["kind"].startswith("closure")]
    if closures:
        ok = sum(s["onTime"] for s in closures)
        print(f"  closures raised by the second complaint: {ok}/{len(closures)}")
    if m == "tousu":
        ca = [r["closureAlerts"] for r in runs if "closureAlerts" in r]
        if ca:
            n, t = sum(c["alarms"] for c in ca), sum(c["true"] for c in ca)
            print(f"  closure alerts alone: {n} alarm-days, {t} true, precision {t / n if n else 1:.3f}")
