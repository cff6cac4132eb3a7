#!/usr/bin/env python3
"""Build a plain-text throughput input from the review corpora.

usage: make_review_text.py OUT [MAX_BYTES]   (default 5000000)

Writes one review a line (leading BOM and surrounding whitespace removed,
empty reviews skipped), online_shopping_10_cats.csv then waimai_10k.csv in
file order (cycling if needed), stopping before the file would exceed
MAX_BYTES. Deterministic. Prints {"bytes":..,"lines":..}.
"""
import csv
import json
import sys

SOURCES = ["/work/shared/data/online_shopping_10_cats.csv",
           "/work/shared/data/waimai_10k.csv"]


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: make_review_text.py OUT [MAX_BYTES]", file=sys.stderr)
        return 2
    limit = int(argv[2]) if len(argv) == 3 else 5_000_000
    n = lines = 0
    with open(argv[1], "w", encoding="utf-8", newline="\n") as out:
        while True:
            for path in SOURCES:
                with open(path, encoding="utf-8", newline="") as f:
                    for rec in csv.DictReader(f):
                        t = (rec.get("review") or "").lstrip("\ufeff").strip()
                        t = " ".join(t.splitlines())
                        if not t:
                            continue
                        b = len(t.encode("utf-8")) + 1
                        if n + b > limit:
                            print(json.dumps({"bytes": n, "lines": lines}))
                            return 0
                        out.write(t + "\n")
                        n += b
                        lines += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
