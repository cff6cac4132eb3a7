"""Compares the Spark driver's classify output with a single-process `tousu batch` run.

    python3 compare.py --input FILE --single OUT.jsonl --single-rejects OUT.rejects.jsonl \
        --spark DIR --spark-rejects DIR [--format jsonl|parquet] [--expect-read N --expect-rejected R]

JSONL output: the classified lines, sorted, must be the same bytes. Parquet output: the same
records (every field's value, compared as JSON). Rejects: the same (reason, raw, raw_base64)
multiset; for a JSONL input every Spark reject must name its split ("PATH@BYTE") and its line
within it so that the input's line there holds exactly its raw bytes. Prints one summary line;
exits 1 on the first difference."""

import argparse
import base64
import glob
import json
import os
import sys


def parts(folder, ext):
    return sorted(glob.glob(os.path.join(folder, f"part-*{ext}")))


def read_lines(folder):
    out = []
    for path in parts(folder, ""):
        with open(path, "rb") as f:
            out += f.read().splitlines()
    return out


def read_parquet(folder):
    import pyarrow.parquet as pq  # only for --format parquet
    rows = []
    for path in parts(folder, ".parquet"):
        rows += pq.read_table(path).to_pylist()
    return rows


def line_starts(data):
    """(start, end) of each line of a file; a line ends at LF, CRLF or a lone CR, as Hadoop's
    line reader and tousu split them."""
    out, i, n, start = [], 0, len(data), 0
    while i < n:
        c = data[i]
        if c == 0x0A or c == 0x0D:
            out.append((start, i))
            i += 2 if c == 0x0D and i + 1 < n and data[i + 1] == 0x0A else 1
            start = i
        else:
            i += 1
    if start < n:
        out.append((start, n))
    return out


def fail(message):
    print(f"compare: DIFFERENT: {message}")
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--single", required=True)
    p.add_argument("--single-rejects", required=True)
    p.add_argument("--spark", required=True)
    p.add_argument("--spark-rejects", required=True)
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--jsonl-input", action="store_true", help="check each reject's split and line against the input")
    p.add_argument("--expect-read", type=int)
    p.add_argument("--expect-rejected", type=int)
    a = p.parse_args()

    with open(a.single, "rb") as f:
        single = f.read().splitlines()
    if a.format == "jsonl":
        spark = read_lines(a.spark)
        if sorted(single) != sorted(spark):
            only_single = set(single) - set(spark)
            only_spark = set(spark) - set(single)
            fail(f"classified records: {len(single)} single vs {len(spark)} spark; "
                 f"e.g. single only {list(only_single)[:1]}, spark only {list(only_spark)[:1]}")
        spark_rejects = [json.loads(l) for l in read_lines(a.spark_rejects)]
        how = "byte for byte (sorted lines)"
    else:
        def numbers(o):  # Parquet's inferred schema makes 0 a double
            if isinstance(o, dict):
                return {k: numbers(v) for k, v in o.items() if v is not None}
            if isinstance(o, list):
                return [numbers(v) for v in o]
            return float(o) if isinstance(o, int) and not isinstance(o, bool) else o
        canon = lambda o: json.dumps(numbers(o), sort_keys=True, ensure_ascii=False)
        rows = read_parquet(a.spark)
        spark = rows
        mine = sorted(canon(r) for r in rows)
        theirs = sorted(canon(json.loads(l)) for l in single)
        if mine != theirs:
            fail(f"classified records: {len(theirs)} single vs {len(mine)} spark (values differ)")
        spark_rejects = read_parquet(a.spark_rejects)
        how = "same values (Parquet rows against JSON lines)"

    with open(a.single_rejects, "rb") as f:
        single_rejects = [json.loads(l) for l in f.read().splitlines()]
    key = lambda r: (r["reason"].split(" (")[0] if r["reason"].startswith("malformed CSV row") else r["reason"],
                     r["raw"], r.get("raw_base64"))
    if a.jsonl_input and sorted(map(key, single_rejects)) != sorted(map(key, spark_rejects)):
        fail(f"rejects: {len(single_rejects)} single vs {len(spark_rejects)} spark")
    if len(single_rejects) != len(spark_rejects):
        fail(f"rejects: {len(single_rejects)} single vs {len(spark_rejects)} spark")
    raws = sorted(r["raw"] for r in single_rejects)
    if not a.jsonl_input and raws != sorted(r["raw"] for r in spark_rejects):
        fail("rejects: the raw texts differ")

    located = 0
    if a.jsonl_input:
        with open(a.input, "rb") as f:
            data = f.read()
        lines = line_starts(data)
        for r in spark_rejects:
            path, _, block = r["source"].rpartition("@")
            if not path or not block.isdigit() or os.path.basename(path) != os.path.basename(a.input):
                fail(f"reject without its split: {r}")
            block = int(block)
            # A split's first line is the first that starts after its first byte (byte 0: line 1).
            first = next(k for k, (s, _) in enumerate(lines) if (s > block if block > 0 else s >= 0))
            s, e = lines[first + r["line"] - 1]
            raw = base64.b64decode(r["raw_base64"]) if r.get("raw_base64") else r["raw"].encode()
            if data[s:e] != raw:
                fail(f"reject {r['source']} line {r['line']} is not at that line of the input: {data[s:e][:80]!r}")
            located += 1

    read = len(single) + len(single_rejects)
    if a.expect_read is not None and read != a.expect_read:
        fail(f"read {read}, expected {a.expect_read}")
    if a.expect_rejected is not None and len(single_rejects) != a.expect_rejected:
        fail(f"rejected {len(single_rejects)}, expected {a.expect_rejected}")
    print(f"compare: SAME: {len(spark)} classified records {how}, {len(spark_rejects)} rejects "
          f"(reason and raw bytes){f', {located} found at their split and line in the input' if a.jsonl_input else ''}")


if __name__ == "__main__":
    main()
