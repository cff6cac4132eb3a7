#!/usr/bin/env bash
# The service's page in headless Chromium: starts `tousu serve` on loopback with a store seeded from
# corpora/samples/backlog.jsonl (the June 2020 car stream), opens /?text=… (the page fills the box
# and classifies it, as a paste and a click do) and saves a screenshot to Benchmarks/out/serve-page.png.
# Needs: apt-get install chromium fonts-noto-cjk.   Environment: TOUSU=path of a built tousu.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
tousu=${TOUSU:-$root/.build/debug/tousu}
port=18335
key=page-key
store="$out/page-store.sqlite"
rm -f "$store" "$store-wal" "$store-shm"
(cd "$root" && TOUSU_API_KEYS=$key exec "$tousu" serve --host 127.0.0.1 --port $port --store "$store" 2>"$out/page-serve.log") &
pid=$!
trap 'kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.5; done
python3 - "$root/corpora/samples/backlog.jsonl" "$out/page-seed" <<'PYEOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for i in range(0, len(recs), 100):
    items = [{"id": r["id"], "text": r["text"], "date": r.get("date"),
              "merchant": " ".join(x for x in (r.get("brand"), r.get("model")) if x) or None} for r in recs[i:i + 100]]
    items = [{k: v for k, v in it.items() if v is not None} for it in items]
    open(f"{sys.argv[2]}-{i // 100:03d}.json", "w", encoding="utf-8").write(json.dumps({"items": items}, ensure_ascii=False))
PYEOF
for f in "$out"/page-seed-*.json; do
    curl -s -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @"$f" \
        "http://127.0.0.1:$port/v1/complaints"
done
rm -f "$out"/page-seed-*.json
text=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("我在星光健身房办了年卡，老板跑路了，要求退款，还遇到虚假宣传"))')
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1400 \
    --virtual-time-budget=8000 --screenshot="$out/serve-page.png" "http://127.0.0.1:$port/?text=$text" 2>/dev/null
echo "screenshot: $out/serve-page.png"
