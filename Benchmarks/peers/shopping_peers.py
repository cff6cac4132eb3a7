#!/usr/bin/env python3
"""Peer classifiers on the online_shopping_10_cats split (10 product categories).

usage: shopping_peers.py OUTDIR

OUTDIR holds train.jsonl and test.jsonl written by shopping_split.py. Each text
is tokenized once with jieba (jieba.lcut, default mode, HMM on); the cached
tokens feed all three peers:
  (a) jieba+CountVectorizer+MultinomialNB   (alpha=1.0, sklearn defaults)
  (b) jieba+TfidfVectorizer+LinearSVC      (C=1.0, sklearn defaults)
  (c) fastText supervised on jieba tokens  (epoch 25, lr 0.5, wordNgrams 2,
      dim 100, thread 1, seed 0)
The vectorizers take the jieba tokens as they are (every token, one-character
words and punctuation included, no lowercasing of Chinese needed), i.e. the
text is joined with spaces and split back on whitespace.
Prints one JSON line per peer:
  {"tool":..,"macro_f1":..,"accuracy":..,"train_seconds":..,"predict_seconds":..}
train_seconds: vectorizer fit + model fit (fastText: writing its train file +
training); predict_seconds: vectorizing + predicting the test set. Jieba
tokenization is done once up front and timed separately (printed to stderr).
"""
import json
import os
import sys
import tempfile
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core: the machine is shared

import jieba  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.naive_bayes import MultinomialNB  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402


def load_jsonl(path, label_field="label"):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                texts.append(rec["text"])
                labels.append(rec[label_field])
    return texts, labels


def tokenize(texts):
    """jieba tokens (default mode, HMM on), whitespace tokens dropped, joined by ' '."""
    return [" ".join(t for t in jieba.cut(x) if not t.isspace()) for x in texts]


def ws_split(doc):
    return doc.split()


def report(tool, y_true, y_pred, train_s, pred_s, **extra):
    out = {
        "tool": tool,
        "macro_f1": round(f1_score(y_true, y_pred, average="macro"), 4),
        "accuracy": round(accuracy_score(y_true, y_pred), 4),
        "train_seconds": round(train_s, 3),
        "predict_seconds": round(pred_s, 3),
        "per_class_f1": {c: round(f, 3) for c, f in zip(sorted(set(y_true)), f1_score(y_true, y_pred, average=None, labels=sorted(set(y_true))))},
    }
    out.update(extra)
    print(json.dumps(out, ensure_ascii=False), flush=True)


def run_sklearn(tool, vectorizer, model, tr_docs, y_tr, te_docs, y_te):
    t0 = time.perf_counter()
    X = vectorizer.fit_transform(tr_docs)
    model.fit(X, y_tr)
    t1 = time.perf_counter()
    pred = model.predict(vectorizer.transform(te_docs))
    t2 = time.perf_counter()
    report(tool, y_te, list(pred), t1 - t0, t2 - t1)


def run_fasttext(tr_docs, y_tr, te_docs, y_te):
    import fasttext
    params = dict(epoch=25, lr=0.5, wordNgrams=2, dim=100, thread=1, seed=0, verbose=0)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "train.txt")
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            for doc, lab in zip(tr_docs, y_tr):
                f.write(f"__label__{lab} {doc}\n")
        model = fasttext.train_supervised(input=path, **params)
        t1 = time.perf_counter()
        labels, _ = model.predict(te_docs, k=1)
        pred = [ls[0][len("__label__"):] for ls in labels]
        t2 = time.perf_counter()
    report("fasttext", y_te, pred, t1 - t0, t2 - t1,
           params={k: v for k, v in params.items() if k != "verbose"})


def main(argv):
    if len(argv) != 2:
        print("usage: shopping_peers.py OUTDIR", file=sys.stderr)
        return 2
    outdir = argv[1]
    tr_texts, y_tr = load_jsonl(os.path.join(outdir, "train.jsonl"))
    te_texts, y_te = load_jsonl(os.path.join(outdir, "test.jsonl"))

    jieba.setLogLevel(60)
    jieba.initialize()
    t0 = time.perf_counter()
    tr_docs = tokenize(tr_texts)
    te_docs = tokenize(te_texts)
    print(json.dumps({"jieba_tokenize_seconds": round(time.perf_counter() - t0, 3),
                      "train": len(tr_docs), "test": len(te_docs)}), file=sys.stderr)

    vec_args = dict(tokenizer=ws_split, token_pattern=None, lowercase=False)
    run_sklearn("jieba+CountVectorizer+MultinomialNB", CountVectorizer(**vec_args),
                MultinomialNB(alpha=1.0), tr_docs, y_tr, te_docs, y_te)
    run_sklearn("jieba+TfidfVectorizer+LinearSVC", TfidfVectorizer(**vec_args),
                LinearSVC(C=1.0), tr_docs, y_tr, te_docs, y_te)
    run_fasttext(tr_docs, y_tr, te_docs, y_te)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
