#!/usr/bin/env python3
"""Batch classification the usual way it is done today: jieba + scikit-learn.

usage: batch_peer.py TRAIN_JSONL INPUT_JSONL OUTPUT_JSONL
                     [--text-field text] [--label-field sector] [--chunk 10000]

Trains jieba + CountVectorizer + MultinomialNB (alpha 1.0) on TRAIN_JSONL
(fields --text-field and --label-field), then streams INPUT_JSONL (one JSON
record a line) in chunks of --chunk records: parse, tokenize with jieba
(default mode, HMM on), vectorize, predict, and write one line per record to
OUTPUT_JSONL: {"id": <record id>, "sector": <predicted label>}.
Only this classify phase (read + tokenize + predict + write) is timed.
Prints one JSON line:
  {"tool":"jieba+sklearn-mnb","records":N,"bytes":B,"seconds":S,
   "records_per_s":..,"mb_per_s":..}
bytes: size of INPUT_JSONL as read (whole JSON lines, not just the text).
"""
import argparse
import json
import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import jieba  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.naive_bayes import MultinomialNB  # noqa: E402


def tokenize(text):
    return " ".join(t for t in jieba.cut(text) if not t.isspace())


def ws_split(doc):
    return doc.split()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--label-field", default="sector")
    ap.add_argument("--chunk", type=int, default=10000)
    a = ap.parse_args(argv)

    jieba.setLogLevel(60)
    jieba.initialize()
    docs, labels = [], []
    with open(a.train, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                docs.append(tokenize(rec[a.text_field]))
                labels.append(rec[a.label_field])
    vec = CountVectorizer(tokenizer=ws_split, token_pattern=None, lowercase=False)
    model = MultinomialNB(alpha=1.0).fit(vec.fit_transform(docs), labels)
    del docs, labels

    records = nbytes = 0
    t0 = time.perf_counter()
    with open(a.input, "rb") as fin, open(a.output, "w", encoding="utf-8") as fout:
        done = False
        while not done:
            ids, chunk = [], []
            while len(chunk) < a.chunk:
                raw = fin.readline()
                if not raw:
                    done = True
                    break
                nbytes += len(raw)
                if not raw.strip():
                    continue
                rec = json.loads(raw)
                ids.append(rec.get("id"))
                chunk.append(tokenize(rec.get(a.text_field) or ""))
            if not chunk:
                break
            pred = model.predict(vec.transform(chunk))
            fout.write("".join(json.dumps({"id": i, "sector": str(p)}, ensure_ascii=False) + "\n"
                               for i, p in zip(ids, pred)))
            records += len(chunk)
    seconds = time.perf_counter() - t0
    print(json.dumps({"tool": "jieba+sklearn-mnb", "records": records, "bytes": nbytes,
                      "seconds": round(seconds, 3),
                      "records_per_s": round(records / seconds, 1) if seconds else None,
                      "mb_per_s": round(nbytes / 1e6 / seconds, 3) if seconds else None}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
