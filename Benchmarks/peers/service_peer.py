#!/usr/bin/env python3
"""The classification service the way a Python shop would write it: FastAPI + uvicorn, jieba for
words, scikit-learn's CountVectorizer + MultinomialNB (alpha 1.0) trained at start-up on the same
corpus tousu trains on (corpora/sectors/train.jsonl: fields text and sector).

    POST /v1/classify  {"text": ...}  ->  {"sector": ..., "sector_scores": {...}, "confidence": ...}
    POST /v1/batch     JSONL body     ->  JSONL: {"id": ..., "sector": ...} per record, then a summary

Run with as many workers as cores:
    uvicorn --workers N --app-dir Benchmarks/peers service_peer:app --host 127.0.0.1 --port P
$TOUSU_TRAIN names the training file (default corpora/sectors/train.jsonl).
"""
import json
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import jieba  # noqa: E402
from fastapi import FastAPI, HTTPException, Request  # noqa: E402
from fastapi.responses import StreamingResponse  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.naive_bayes import MultinomialNB  # noqa: E402


def tokenize(text):
    return " ".join(t for t in jieba.cut(text) if not t.isspace())


def ws_split(doc):
    return doc.split()


jieba.setLogLevel(60)
jieba.initialize()
_docs, _labels = [], []
with open(os.environ.get("TOUSU_TRAIN", "corpora/sectors/train.jsonl"), encoding="utf-8") as f:
    for line in f:
        if line.strip():
            rec = json.loads(line)
            _docs.append(tokenize(rec["text"]))
            _labels.append(rec["sector"])
vectorizer = CountVectorizer(tokenizer=ws_split, token_pattern=None, lowercase=False)
model = MultinomialNB(alpha=1.0).fit(vectorizer.fit_transform(_docs), _labels)
classes = [str(c) for c in model.classes_]
del _docs, _labels

app = FastAPI()


class Text(BaseModel):
    text: str


@app.post("/v1/classify")
def classify(body: Text):
    if not body.text.strip():
        raise HTTPException(status_code=422, detail="text is empty")
    probs = model.predict_proba(vectorizer.transform([tokenize(body.text)]))[0]
    best = int(probs.argmax())
    return {
        "sector": classes[best],
        "sector_scores": {c: round(float(p), 4) for c, p in zip(classes, probs)},
        "confidence": round(float(probs[best]), 4),
    }


@app.post("/v1/batch")
async def batch(request: Request):
    # Starlette cannot read the request body from inside a streaming response, so the peer reads
    # the whole body first (it holds it in memory; tousu streams it), then answers in chunks.
    body = await request.body()

    def lines():
        read = written = rejected = 0
        raw_lines = [l for l in body.split(b"\n") if l.strip()]
        for start in range(0, len(raw_lines), 10000):
            ids, docs = [], []
            for raw in raw_lines[start:start + 10000]:
                read += 1
                try:
                    rec = json.loads(raw)
                    ids.append(rec.get("id"))
                    docs.append(tokenize(rec["text"]))
                except (ValueError, KeyError, TypeError):
                    rejected += 1
            if docs:
                out = [json.dumps({"id": i, "sector": str(s)}, ensure_ascii=False)
                       for i, s in zip(ids, model.predict(vectorizer.transform(docs)))]
                written += len(docs)
                yield ("\n".join(out) + "\n").encode()
        yield (json.dumps({"summary": {"read": read, "written": written, "rejected": rejected}}) + "\n").encode()

    return StreamingResponse(lines(), media_type="application/x-ndjson")
