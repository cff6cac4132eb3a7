import json, collections
recs = [json.loads(l) for l in open("/work/wt/fresh10-labels/corpora/mentions/fresh10.jsonl", encoding="utf-8")]
N_ELIGIBLE = 692  # eligible shopping reviews left, printed by draw.py: all drawn
N = len(recs)
assert N == N_ELIGIBLE, (N, N_ELIGIBLE)
assert len({r["id"] for r in recs}) == N
assert len({r["text"] for r in recs}) == N
for r in recs:
    assert r["split"] == "fresh10"
    assert len(r["merchants"]) == len(set(r["merchants"])), r["id"]
    for m in r["merchants"]:
        assert m in r["text"], (r["id"], m)
earlier = set()
for name in ("labelled", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9"):
    for l in open(f"/work/wt/fresh10-labels/corpora/mentions/{name}.jsonl", encoding="utf-8"):
        if l.strip():
            earlier.add(json.loads(l)["text"].replace("\ufeff", "").strip())
assert not earlier & {r["text"] for r in recs}, "text already in an earlier sample"
assert all(len(r["text"]) <= 200 for r in recs)
src = collections.Counter(r["source"] for r in recs)
withm = collections.Counter(r["source"] for r in recs if r["merchants"])
labels = collections.Counter(r["source"] for r in recs for m in r["merchants"])
print("sources", dict(src))
print("texts with merchant", sum(withm.values()), dict(withm))
print("labels", sum(labels.values()), dict(labels))
print("notes", sum("note" in r for r in recs))
print("distinct names", len({m for r in recs for m in r["merchants"]}))
print("OK")
assert [r["id"] for r in recs] == [f"fresh10-{i:03d}" for i in range(N)]
assert all(r["source"] == "shopping" for r in recs)
assert all(r["text"] == r["text"].replace("\ufeff", "").strip() for r in recs)
print("ids in order, all shopping, texts clean")
