#!/usr/bin/env bash
# Property-based API test: schemathesis (PyPI) against the openapi.yaml that `tousu serve` serves,
# on loopback: every operation with generated valid and invalid requests; checks that no answer is
# a 5xx and every answer matches the document (status, media type, schema). Prints schemathesis's
# summary and exits with its status.
# Usage: bash Benchmarks/schemathesis.sh [extra schemathesis options]
# Environment: TOUSU=path of a built tousu (default .build/debug/tousu; the release build keeps
# model reloads under schemathesis's 10 s response-time check on a loaded machine),
# EXAMPLES=n per operation (default 100)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
PY=${PY:-$(bash "$here/peers/setup_serve_venv.sh" | tail -n 1)}
tousu=${TOUSU:-$root/.build/debug/tousu}
[ -x "$tousu" ] || (cd "$root" && swift build --product tousu 2>&1 | tail -n 1)
port=18325
key=schemathesis-key
store="$out/schemathesis-store.sqlite"
rm -f "$store" "$store-wal" "$store-shm"
(cd "$root" && TOUSU_API_KEYS=$key exec "$tousu" serve --host 127.0.0.1 --port $port --store "$store" \
    2>"$out/schemathesis-serve.log") &
pid=$!
trap 'kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.5; done
# Some dated complaints so that the hotspot routes have a window to report on.
head -n 100 "$root/corpora/samples/backlog.jsonl" | "$PY" -c '
import json, sys
print(json.dumps({"items": [json.loads(l) for l in sys.stdin if l.strip()]}, ensure_ascii=False))' |
    curl -s -o /dev/null -w 'seeded the store: %{http_code}\n' -H "Authorization: Bearer $key" \
        -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$port/v1/complaints"
status=0
# Cross-field rules the schema cannot state: see schemathesis.toml. `too_slow` is a health check
# of hypothesis's own data generation (the oneOf + pattern bodies on a loaded machine), not of
# the service.
# Run from Benchmarks/out: schemathesis keeps its cache (.schemathesis/) in the working folder.
cd "$out"
"$(dirname "$PY")/schemathesis" --config-file "$here/schemathesis.toml" run "http://127.0.0.1:$port/openapi.yaml" --url "http://127.0.0.1:$port" \
    --checks all --max-examples "${EXAMPLES:-100}" --header "Authorization: Bearer $key" \
    --workers 2 --suppress-health-check=too_slow "$@" || status=$?
echo "requests in the service log: $(grep -c ' request$' "$out/schemathesis-serve.log" || true)," \
    "5xx among them: $(grep -c 'status=5' "$out/schemathesis-serve.log" || true)"
echo "service still running after the run: $(kill -0 $pid 2>/dev/null && echo yes || echo NO)"
exit $status
