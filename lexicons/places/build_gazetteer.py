#!/usr/bin/env python3
"""Builds divisions.tsv (Chinese administrative divisions) from the adcodes.csv that the PyPI
package cpca 0.5.5 (MIT) ships in cpca/resources/
(56_nations.csv beside it gives the ethnic names stripped from autonomous units' short names).

    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip download --no-deps cpca==0.5.5 -d /tmp/gaz/dl
    unzip -o /tmp/gaz/dl/cpca-0.5.5-py3-none-any.whl 'cpca/resources/adcodes.csv' -d /tmp/gaz/whl
    python3 lexicons/places/build_gazetteer.py /tmp/gaz/whl/cpca/resources/adcodes.csv > lexicons/places/divisions.tsv

Output columns: code (6 digits), name, level (province | city | county), parent code (6 digits,
empty for provinces), short name (provinces and prefecture-level units only: the name without
its administrative suffix, e.g. 浙江, 杭州, 延边; empty when none or when too short).
"""
import csv
import re
import sys

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级"}
SUFFIXES = ["特别行政区", "自治区", "自治州", "地区", "盟", "省", "市"]


def short_name(name, nations):
    """The name without its administrative suffix and the ethnic names before 自治区/自治州."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            s = name[: -len(suffix)]
            if suffix.startswith("自治"):
                changed = True
                while changed:
                    changed = False
                    for n in nations:
                        if s.endswith(n) and len(s) > len(n):
                            s = s[: -len(n)]
                            changed = True
            return s if 2 <= len(s) < len(name) else ""
    return ""


def main(path):
    nations_path = path.replace("adcodes.csv", "56_nations.csv")
    with open(nations_path, encoding="utf-8") as f:
        nations = sorted({line.strip().split(",")[0] for line in f if line.strip().endswith("族") or "族" in line}, key=len, reverse=True)
    # With 族 as written in the unit names, and 维吾尔 (新疆维吾尔自治区) without it.
    nations = [n for n in nations if n.endswith("族")] + ["维吾尔"]
    rows = {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["adcode"][:6]
            name = r["name"].strip()
            if name in PLACEHOLDERS or not name:
                continue
            rows[code] = name
    out = []
    for code, name in sorted(rows.items()):
        if code.endswith("0000"):
            level, parent = "province", ""
        elif code.endswith("00"):
            level, parent = "city", code[:2] + "0000"
        else:
            level = "county"
            parent = code[:4] + "00"
            if parent not in rows:  # directly under the province (municipalities, 省直辖)
                parent = code[:2] + "0000"
        short = short_name(name, nations) if level != "county" else ""
        out.append((code, name, level, parent, short))
    w = sys.stdout
    w.write("# code\tname\tlevel\tparent\tshort  (built by build_gazetteer.py from cpca 0.5.5 adcodes.csv)\n")
    for row in out:
        w.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
