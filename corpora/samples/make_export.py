#!/usr/bin/env python3
"""Builds corpora/samples/export_gb18030.csv: the first 300 dated records of
corpora/samples/backlog.jsonl as a CSV export of the kind regulators receive — Chinese headers
(编号, 日期, 品牌, 车型, 投诉内容), GB18030, CRLF line ends. Used by `tousu batch --help` and the
end-to-end tests. Deterministic. Usage: python3 corpora/samples/make_export.py
"""
import csv, io, json, pathlib

root = pathlib.Path(__file__).resolve().parents[2]
rows = []
with open(root / "corpora" / "samples" / "backlog.jsonl", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if "date" in r:
            rows.append([r["id"], r["date"], r["brand"], r["model"], r["text"]])
        if len(rows) == 300:
            break
out = io.StringIO()
writer = csv.writer(out, lineterminator="\r\n")
writer.writerow(["编号", "日期", "品牌", "车型", "投诉内容"])
writer.writerows(rows)
path = root / "corpora" / "samples" / "export_gb18030.csv"
path.write_bytes(out.getvalue().encode("gb18030"))
print(f"{len(rows)} records -> {path.relative_to(root)}")
