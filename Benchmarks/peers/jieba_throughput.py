#!/usr/bin/env python3
"""Throughput of jieba word segmentation.

usage: jieba_throughput.py FILE

FILE: UTF-8 text, one text per line. jieba is warmed up (jieba.initialize()
loads the dictionary) and the file is read into memory before timing; then
every line is segmented with jieba.cut in default mode (HMM on) and the
generator consumed. Only the segmentation is timed.
Prints one JSON line:
  {"tool":"jieba","bytes":N,"seconds":S,"mb_per_s":X,"tokens":T}
bytes: UTF-8 size of the segmented text (line endings excluded);
mb_per_s: bytes / 1e6 / seconds.
"""
import json
import sys
import time

import jieba


def main(argv):
    if len(argv) != 2:
        print("usage: jieba_throughput.py FILE", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lines = [line.rstrip("\r\n") for line in f]
    nbytes = sum(len(line.encode("utf-8")) for line in lines)
    jieba.setLogLevel(60)
    jieba.initialize()
    cut = jieba.cut
    tokens = 0
    t0 = time.perf_counter()
    for line in lines:
        for _ in cut(line):
            tokens += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"tool": "jieba", "bytes": nbytes, "seconds": round(seconds, 3),
                      "mb_per_s": round(nbytes / 1e6 / seconds, 3), "tokens": tokens}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
