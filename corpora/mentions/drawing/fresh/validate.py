import json, collections
rows = [json.loads(l) for l in open("/work/wt/labels/fresh.jsonl", encoding="utf-8")]
assert len(rows) == 400, len(rows)
assert len({r["id"] for r in rows}) == 400 and len({r["text"] for r in rows}) == 400
for r in rows:
    assert r["split"] == "fresh"
    for m in r["merchants"]:
        assert m in r["text"], (r["id"], m)
print("lines", len(rows), collections.Counter(r["source"] for r in rows))
print("texts with merchants", sum(1 for r in rows if r["merchants"]),
      "labels", sum(len(r["merchants"]) for r in rows),
      "by source", collections.Counter(r["source"] for r in rows if r["merchants"]),
      "notes", sum(1 for r in rows if "note" in r))
