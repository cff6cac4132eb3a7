#!/usr/bin/env python3
"""Batch classification the usual way it is done today: jieba + scikit-learn.

usage: batch_peer.py TRAIN_JSONL INPUT_JSONL OUTPUT_JSONL
                     [--text-field text] [--label-field sector] [--chunk 10000]
                     [--processes 1]

Trains jieba + CountVectorizer + MultinomialNB (alpha 1.0) on TRAIN_JSONL
(fields --text-field and --label-field), then streams INPUT_JSONL (one JSON
record a line) in chunks of --chunk records: parse, tokenize with jieba
(default mode, HMM on), vectorize, predict, and write one line per record to
OUTPUT_JSONL: {"id": <record id>, "sector": <predicted label>}.
Only this classify phase (read + tokenize + predict + write) is timed.

With --processes N (N > 1) the model is trained once, then N forked worker
processes (the usual way to use N cores from Python: jieba and the GIL keep one
process on one core) each classify one contiguous part of INPUT_JSONL (split at
line starts, parts of equal bytes) into a part file; the parts are then joined
into OUTPUT_JSONL in input order. Timed: from starting the workers to the joined
output, so the records/s are the machine's, not one process's.
Prints one JSON line:
  {"tool":"jieba+sklearn-mnb","records":N,"bytes":B,"seconds":S,
   "records_per_s":..,"mb_per_s":..,"processes":N,"cpu_seconds":C}
bytes: size of INPUT_JSONL as read (whole JSON lines, not just the text).
cpu_seconds: user + system CPU time of the timed phase (this process and its workers).
"""
import argparse
import json
import multiprocessing
import os
import shutil
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


def split_points(path, parts):
    """Byte offsets that cut the file into `parts` pieces of about equal size, each at a line start."""
    size = os.path.getsize(path)
    points = [0]
    with open(path, "rb") as f:
        for k in range(1, parts):
            f.seek(max(points[-1], size * k // parts))
            if f.tell() > 0:
                f.seek(f.tell() - 1)
                f.readline()  # to the start of the next line
            points.append(f.tell())
    points.append(size)
    return points


def classify_part(model, vec, a, input_path, output_path, start, end):
    """Classifies the lines of input_path in [start, end) (end None: to the end) into output_path;
    returns (records, bytes read)."""
    records = nbytes = 0
    with open(input_path, "rb") as fin, open(output_path, "w", encoding="utf-8") as fout:
        fin.seek(start)
        done = False
        while not done:
            ids, chunk = [], []
            while len(chunk) < a.chunk:
                if end is not None and start + nbytes >= end:
                    done = True
                    break
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
    return records, nbytes


def worker(model, vec, a, output_path, start, end):
    counts = classify_part(model, vec, a, a.input, output_path, start, end)
    with open(output_path + ".count", "w") as f:
        json.dump(counts, f)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--label-field", default="sector")
    ap.add_argument("--chunk", type=int, default=10000)
    ap.add_argument("--processes", type=int, default=1)
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

    if a.processes <= 1:
        cpu0 = os.times()
        t0 = time.perf_counter()
        records, nbytes = classify_part(model, vec, a, a.input, a.output, 0, None)
        seconds = time.perf_counter() - t0
        cpu1 = os.times()
    else:
        parts = split_points(a.input, a.processes)
        outputs = [f"{a.output}.part-{k}" for k in range(a.processes)]
        ctx = multiprocessing.get_context("fork")  # workers share the trained model
        cpu0 = os.times()
        t0 = time.perf_counter()
        workers = [
            ctx.Process(target=worker, args=(model, vec, a, outputs[k], parts[k], parts[k + 1]))
            for k in range(a.processes)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        if any(w.exitcode != 0 for w in workers):
            print("batch_peer.py: a worker failed", file=sys.stderr)
            return 1
        counts = []
        for name in outputs:
            with open(name + ".count") as f:
                counts.append(json.load(f))
            os.remove(name + ".count")
        with open(a.output, "wb") as fout:
            for name in outputs:
                with open(name, "rb") as fin:
                    shutil.copyfileobj(fin, fout, 1 << 20)
                os.remove(name)
        seconds = time.perf_counter() - t0
        cpu1 = os.times()
        records = sum(c[0] for c in counts)
        nbytes = sum(c[1] for c in counts)
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system) \
        + (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    print(json.dumps({"tool": "jieba+sklearn-mnb", "records": records, "bytes": nbytes,
                      "seconds": round(seconds, 3),
                      "records_per_s": round(records / seconds, 1) if seconds else None,
                      "mb_per_s": round(nbytes / 1e6 / seconds, 3) if seconds else None,
                      "processes": max(1, a.processes), "cpu_seconds": round(cpu, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
