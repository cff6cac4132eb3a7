"""Writes the end-to-end inputs of the Spark driver from the bundled sample backlog.

    python3 make_backlog.py --records 100000 --jsonl backlog.jsonl --csv export.csv --csv-rows 5000 --splits 2,8

backlog.jsonl: `--records` records, the sample backlog (corpora/samples/backlog.jsonl) over and over,
each copy with ids of its own, with broken lines among them (malformed JSON, an empty text, a
null or numeric text, a duplicate key, bytes that are not UTF-8, a CSV-looking line, a field named
_tousu, blank lines) and a stretch of CRLF line ends. For each partition count in `--splits` the
line that holds each split boundary (the file cut into that many equal byte ranges, as the driver's
--partitions cuts it) and the line after it are replaced by CSV-looking lines of the same length,
so that a split starts inside a CSV-looking line and its first record is one.

export.csv: `--csv-rows` rows of the same records as a GB18030 CSV with Chinese column names and
a header row, some rows with a wrong number of fields. The counts of each kind go to stdout as
JSON (the e2e script checks them against the driver's)."""

import argparse
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BROKEN = [
    b'{"id": "broken-json", "text": "\xe8\xbd\xa6\xe9\x97\xa8\xe5\xbc\x82\xe5\x93\x8d',  # unterminated
    b'{"id": "empty-text", "text": "  "}',
    b'{"id": "null-text", "text": null}',
    b'{"id": "number-text", "text": 12365}',
    b'{"id": "dup-key", "text": "\xe5\x88\xb9\xe8\xbd\xa6", "text": "\xe5\xbc\x82\xe5\x93\x8d"}',
    b'{"id": "not-utf8", "text": "\xb3\xb5\xc3\xc5\xd2\xec\xcf\xec"}',  # GB18030 bytes in a UTF-8 file
    b'car-1,2020-06-05,"\xe8\xbd\xa6\xe9\x97\xa8\xe5\xbc\x82\xe5\x93\x8d",x',  # a CSV line in the JSONL
    b'{"id": "no-text", "title": "x"}',
    b'[1, 2, 3]',
    b'{"id": "trailing", "text": "\xe5\x88\xb9\xe8\xbd\xa6"} x',
]


def sample():
    with open(os.path.join(ROOT, "corpora/samples/backlog.jsonl"), "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


def records(n):
    base = sample()
    for k in range(n):
        r = dict(base[k % len(base)])
        r["id"] = f"{k // len(base)}-{r['id']}"
        yield r


def csv_looking(length, k):
    head = f"car-{k},2020-06-05,\u4e1c\u98ce,".encode()
    return (head + b"x" * max(0, length - len(head)))[:length] if length >= len(head) else b"x," * (length // 2) + b"x" * (length % 2)


def write_jsonl(path, n, splits):
    lines, kinds = [], {"records": n, "broken": 0, "blank": 0, "marker_field": 0, "split_csv_lines": 0}
    step = max(1, n // (2 * len(BROKEN) + 2))
    for k, r in enumerate(records(n)):
        if k % step == step // 2 and kinds["broken"] < 2 * len(BROKEN):
            lines.append(BROKEN[kinds["broken"] % len(BROKEN)])  # replaces the record
            kinds["broken"] += 1
            continue
        if k == 1000:
            r = {"_tousu": "reject", **r}  # an input field named like the engine marker
            kinds["marker_field"] += 1
        lines.append(json.dumps(r, ensure_ascii=False).encode())
        if k % (step * 3) == 7:
            lines.append(b"   ")
            kinds["blank"] += 1
    ends = [b"\r\n" if 2000 <= k < 2100 else b"\n" for k in range(len(lines))]
    # Split boundaries inside CSV-looking lines (same lengths: the boundaries stay where they are).
    size = sum(len(l) + len(e) for l, e in zip(lines, ends))
    starts, at = [], 0
    for l, e in zip(lines, ends):
        starts.append(at)
        at += len(l) + len(e)
    replaced = set()
    for parts in splits:
        cut = -(-size // parts)
        for b in range(cut, size, cut):
            i = max(j for j in range(len(starts)) if starts[j] <= b) if b < size else None
            if i is None or starts[i] == b:
                i = i - 1  # the boundary is a line start: the line before holds it
            for j in (i, i + 1):
                if j < len(lines) and j not in replaced and lines[j] not in BROKEN and b"_tousu" not in lines[j]:
                    lines[j] = csv_looking(len(lines[j]), j)
                    replaced.add(j)
    kinds["split_csv_lines"] = len(replaced)
    with open(path, "wb") as f:
        for l, e in zip(lines, ends):
            f.write(l + e)
    # Records read by tousu (blank lines are not records) and those that cannot be classified.
    kinds["read"] = len(lines) - kinds["blank"]
    kinds["rejected"] = kinds["broken"] + kinds["split_csv_lines"]
    return kinds


def write_csv(path, n):
    def cell(s):
        s = str(s)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\r\n') else s
    rows = ["编号,日期,品牌,车型,投诉内容"]
    wrong = 0
    for k, r in enumerate(records(n)):
        row = [r["id"], r.get("date", ""), r.get("brand", ""), r.get("model", ""), r["text"]]
        if k % 997 == 500:
            row.append("多出的一列")
            wrong += 1
        rows.append(",".join(cell(x) for x in row))
    with open(path, "wb") as f:
        f.write(("\n".join(rows) + "\n").encode("gb18030"))
    return {"rows": n, "wrong_field_count": wrong}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--jsonl", required=True)
    p.add_argument("--csv")
    p.add_argument("--csv-rows", type=int, default=5000)
    p.add_argument("--splits", default="2,8")
    a = p.parse_args()
    out = {"jsonl": write_jsonl(a.jsonl, a.records, [int(x) for x in a.splits.split(",") if x])}
    if a.csv:
        out["csv"] = write_csv(a.csv, a.csv_rows)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
