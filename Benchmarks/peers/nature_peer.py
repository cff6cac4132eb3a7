#!/usr/bin/env python3
"""Peer for complaint natures: jieba + TF-IDF + one-vs-rest LinearSVC (scikit-learn).

usage: nature_peer.py TRAIN.jsonl TEST.jsonl

Records carry "natures": a list of nature ids, primary first. Each text is tokenized with jieba
(default mode, HMM on; whitespace tokens dropped); TfidfVectorizer over the jieba tokens
(sklearn defaults otherwise) feeds OneVsRestClassifier(LinearSVC()) (C=1.0) on the multi-label
indicator matrix. A nature is predicted when its decision value is > 0; the primary nature is
the predicted nature with the highest decision value; when none is > 0, the one with the
highest value alone. "other" is treated like the other labels, except that it is dropped when
another nature is predicted too (tousu's rule: other only when nothing else fits).

Prints one JSON line with the same metrics as tousu's NatureEvaluation: per-nature precision,
recall, F1; micro-F1; macro-F1 over natures present in the test set; primary accuracy; subset
accuracy; train and predict seconds (tokenizing excluded, printed to stderr).
"""
import json
import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import jieba  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.preprocessing import MultiLabelBinarizer  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402


def load(path):
    texts, natures = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                texts.append(r["text"])
                natures.append(r["natures"])
    return texts, natures


def tokenize(texts):
    return [" ".join(t for t in jieba.cut(x) if not t.isspace()) for x in texts]


def metrics(truth, predicted, labels):
    tp = {n: 0 for n in labels}
    fp = dict(tp)
    fn = dict(tp)
    primary = subset = 0
    for t, p in zip(truth, predicted):
        if p and t and p[0] == t[0]:
            primary += 1
        if set(t) == set(p):
            subset += 1
        for n in p:
            if n in t:
                tp[n] += 1
            else:
                fp[n] += 1
        for n in set(t) - set(p):
            fn[n] += 1

    def f1(a, b, c):
        return 2 * a / (2 * a + b + c) if a else 0.0

    per = {}
    for n in labels:
        pred, sup = tp[n] + fp[n], tp[n] + fn[n]
        per[n] = {"precision": tp[n] / pred if pred else 0.0, "recall": tp[n] / sup if sup else 0.0,
                  "f1": f1(tp[n], fp[n], fn[n]), "support": sup}
    present = [n for n in labels if per[n]["support"] > 0]
    return {
        "micro_f1": f1(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "macro_f1": sum(per[n]["f1"] for n in present) / len(present) if present else 0.0,
        "primary_accuracy": primary / len(truth),
        "subset_accuracy": subset / len(truth),
        "per_nature": per,
        "n": len(truth),
    }


def main():
    train_texts, train_natures = load(sys.argv[1])
    test_texts, test_natures = load(sys.argv[2])
    t0 = time.perf_counter()
    train_docs, test_docs = tokenize(train_texts), tokenize(test_texts)
    print("jieba tokenizing %.2f s" % (time.perf_counter() - t0), file=sys.stderr)

    t0 = time.perf_counter()
    binarizer = MultiLabelBinarizer()
    y = binarizer.fit_transform(train_natures)
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False)
    x = vectorizer.fit_transform(train_docs)
    model = OneVsRestClassifier(LinearSVC(C=1.0)).fit(x, y)
    train_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    scores = model.decision_function(vectorizer.transform(test_docs))
    labels = list(binarizer.classes_)
    predicted = []
    for row in np.atleast_2d(scores):
        order = [j for j in np.argsort(-row, kind="stable")]
        found = [labels[j] for j in order if row[j] > 0][:3]
        if not found:
            found = [labels[order[0]]]
        if len(found) > 1 and "other" in found:
            found = [n for n in found if n != "other"]
        predicted.append(found)
    predict_s = time.perf_counter() - t0

    out = {"tool": "jieba+TF-IDF+one-vs-rest LinearSVC", "train_seconds": train_s, "predict_seconds": predict_s}
    out.update(metrics(test_natures, predicted, labels))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
