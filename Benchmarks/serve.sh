#!/usr/bin/env bash
# Load test of `tousu serve` (release) beside the Python peer service (FastAPI + uvicorn + jieba +
# scikit-learn MultinomialNB trained on the same corpus, peers/service_peer.py, one uvicorn worker
# per core), both on loopback, in one run:
#   - single-text POST /v1/classify with wrk at 1, 8, 16 and 64 connections, tousu and the peer back
#     to back at each setting, REPS rounds (the fastest round of each kept): requests/s, p50, p99,
#     errors (non-2xx + socket errors)
#   - records/s through POST /v1/batch (curl, 100k records) beside `tousu batch` on the same file
#   - a soak at 64 connections: RSS of tousu every 30 s, errors (SOAK_NICE=n runs it niced)
# Usage: bash Benchmarks/serve.sh     Environment: DURATION=s per wrk run (default 10), REPS (3),
#        SOAK=s (default 600; 0 skips), PARTS="classify batch soak" (default all three),
#        RECORDS=n batch records (default 100000), TOUSU_SCRATCH (default .build)
# Both services answer on loopback with their defaults: tousu logs one line per request to a
# file, the peer's uvicorn runs at --log-level warning (no access log), which favours the peer.
# Only 127.0.0.1 is a target; every loop is bounded by a count or a duration.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
DURATION=${DURATION:-10}
REPS=${REPS:-3}
SOAK=${SOAK:-600}
SOAK_NICE=${SOAK_NICE:-0}
PARTS=${PARTS:-classify batch soak}
RECORDS=${RECORDS:-100000}
scratch=${TOUSU_SCRATCH:-.build}
PY=${PY:-$(bash "$here/peers/setup_serve_venv.sh" | tail -n 1)}
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
(cd "$root" && swift build -c release --product tousu --scratch-path "$scratch" 2>&1 | tail -n 1)
tousu="$root/$scratch/release/tousu"
model="$out/serve-model.tousu"
(cd "$root" && "$tousu" train corpora/sectors/train.jsonl -o "$model" 2>&1 | tail -n 1)

# Request bodies: the texts of the bundled sample backlog; batch input: that backlog repeated to
# RECORDS records with distinct ids.
bodies="$out/serve-bodies.txt"
"$PY" - "$root/corpora/samples/backlog.jsonl" "$bodies" "$out/serve-batch.jsonl" "$RECORDS" <<'PYEOF'
import json, sys
src, bodies, batch, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
recs = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
with open(bodies, "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n")
with open(batch, "w", encoding="utf-8") as f:
    for i in range(n):
        r = recs[i % len(recs)]
        f.write(json.dumps({"id": f"{i // len(recs)}-{r['id']}", "text": r["text"]}, ensure_ascii=False) + "\n")
PYEOF

port_tousu=18315
port_peer=18316
echo "machine: $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
"$tousu" serve --host 127.0.0.1 --port $port_tousu --model "$model" --store "$out/serve-store.sqlite" \
    --max-concurrent 4096 2>"$out/serve-tousu.log" &
tousu_pid=$!
(cd "$root" && TOUSU_TRAIN=corpora/sectors/train.jsonl exec "$(dirname "$PY")/uvicorn" --workers "$(nproc)" \
    --app-dir "$here/peers" service_peer:app --host 127.0.0.1 --port $port_peer --log-level warning \
    2>"$out/serve-peer.log") &
peer_pid=$!
trap 'kill $tousu_pid 2>/dev/null; kill $peer_pid 2>/dev/null; wait 2>/dev/null' EXIT
for p in $port_tousu $port_peer; do
    for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$p/v1/classify" -d '{"text":"x"}' && break; sleep 0.5; done
done

rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
declare -A rps p50 p99 errs
# wrk NAME PORT CONNECTIONS SECONDS
run_wrk() {
    local name=$1 port=$2 c=$3 secs=$4 threads=2 log="$out/serve-wrk.log"
    ((c == 1)) && threads=1
    wrk -t$threads -c$c -d${secs}s --latency -s "$here/serve_post.lua" "http://127.0.0.1:$port" -- "$bodies" >"$log" 2>&1
    rps[$name$c]=$(awk '/Requests\/sec/ { print $2 }' "$log")
    p50[$name$c]=$(awk '$1 == "50%" { print $2 }' "$log")
    p99[$name$c]=$(awk '$1 == "99%" { print $2 }' "$log")
    local non2xx sock
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$log"); sock=$(awk '/Socket errors/ { s = 0; for (i = 4; i <= NF; i += 2) s += $i; print s }' "$log")
    errs[$name$c]=$(( ${non2xx:-0} + ${sock:-0} ))
}
if [[ " $PARTS " == *" classify "* ]]; then
# Warm both up, then measure interleaved: at each connection count tousu then the peer, REPS rounds.
run_wrk tousu $port_tousu 8 2; run_wrk peer $port_peer 8 2
declare -A best_rps best_p50 best_p99 best_err loads
for rep in $(seq 1 "$REPS"); do
    for c in 1 8 16 64; do
        for name in tousu peer; do
            port=$port_tousu; [ $name = peer ] && port=$port_peer
            run_wrk $name $port $c "$DURATION"
            if awk -v a="${rps[$name$c]}" -v b="${best_rps[$name$c]:-0}" 'BEGIN { exit !(a > b) }'; then
                best_rps[$name$c]=${rps[$name$c]}; best_p50[$name$c]=${p50[$name$c]}; best_p99[$name$c]=${p99[$name$c]}
                best_err[$name$c]=${errs[$name$c]}; loads[$name$c]=$(cut -d' ' -f1 /proc/loadavg)
            fi
        done
    done
done
echo "--- POST /v1/classify, one text per request (texts of corpora/samples/backlog.jsonl), wrk ${DURATION}s each, fastest of $REPS"
printf '  %-7s %5s %12s %10s %10s %7s %6s\n' service conns requests/s p50 p99 errors load1
for c in 1 8 16 64; do
    for name in tousu peer; do
        printf '  %-7s %5d %12s %10s %10s %7s %6s\n' "$name" "$c" "${best_rps[$name$c]}" "${best_p50[$name$c]}" \
            "${best_p99[$name$c]}" "${best_err[$name$c]}" "${loads[$name$c]}"
    done
    echo "  ratio tousu/peer at $c connections: $(awk -v a="${best_rps[tousu$c]}" -v b="${best_rps[peer$c]}" 'BEGIN { printf "%.1f", a / b }')x"
done
fi

if [[ " $PARTS " == *" batch "* ]]; then
echo "--- records/s through POST /v1/batch ($RECORDS records, $(awk -v b="$(stat -c %s "$out/serve-batch.jsonl")" 'BEGIN { printf "%.1f", b / 1e6 }') MB) and tousu batch on the same file"
batch_rate() {  # port -> records/s (wall time of the whole request)
    local t0 t1 lines
    t0=$(date +%s.%N)
    # Straight to a file, as `tousu batch` writes one (a pipeline through tee and wc would take
    # CPU from the service on the same cores); counted after the clock stops.
    curl -s --data-binary @"$out/serve-batch.jsonl" -H 'Content-Type: application/x-ndjson' \
        -o "$out/serve-batch-out.jsonl" "http://127.0.0.1:$1/v1/batch"
    t1=$(date +%s.%N)
    lines=$(wc -l <"$out/serve-batch-out.jsonl")
    echo "$(awk -v n="$RECORDS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", n / (b - a) }') $lines $(tail -n 1 "$out/serve-batch-out.jsonl")"
}
best_service=0; best_peer=0; best_cli=0
for rep in 1 2 3; do
    read -r r lines summary <<<"$(batch_rate $port_tousu)"; ((r > best_service)) && best_service=$r && s_summary="$lines lines; $summary"
    read -r r lines summary <<<"$(batch_rate $port_peer)"; ((r > best_peer)) && best_peer=$r && p_summary="$lines lines; $summary"
    "$tousu" batch --model "$model" --input "$out/serve-batch.jsonl" --output "$out/serve-cli-out.jsonl" 2>"$out/serve-cli.log" || true
    r=$(sed -nE 's/.*; ([0-9]+) records\/s.*/\1/p' "$out/serve-cli.log")
    ((r > best_cli)) && best_cli=$r && c_summary=$(grep 'read' "$out/serve-cli.log")
done
rm -f "$out/serve-batch-out.jsonl" "$out/serve-cli-out.jsonl" "$out/serve-cli-out.jsonl.rejects.jsonl"
echo "  tousu /v1/batch: $best_service records/s (wall time of the request, fastest of 3) [$s_summary]"
echo "  tousu batch CLI: $best_cli records/s (its own summary, fastest of 3) [$c_summary]"
echo "  peer  /v1/batch: $best_peer records/s [$p_summary]"
echo "  /v1/batch / tousu batch: $(awk -v a=$best_service -v b=$best_cli 'BEGIN { printf "%.0f %%", 100 * a / b }');" \
    "tousu /v1/batch / peer: $(awk -v a=$best_service -v b=$best_peer 'BEGIN { printf "%.1fx", a / b }')"

fi

if [[ " $PARTS " == *" soak "* ]] && ((SOAK > 0)); then
echo "--- soak: tousu at 64 connections for ${SOAK}s (nice $SOAK_NICE), RSS every 30 s"
((SOAK_NICE > 0)) && renice -n "$SOAK_NICE" -p $tousu_pid >/dev/null
before=$(rss $tousu_pid)
: >"$out/serve-tousu.log"
samples="  RSS MB (t=0): $((before / 1024))"
nice -n "$SOAK_NICE" wrk -t2 -c64 -d${SOAK}s --latency -s "$here/serve_post.lua" "http://127.0.0.1:$port_tousu" -- "$bodies" \
    >"$out/serve-soak.log" 2>&1 &
wrk_pid=$!
t=0
while kill -0 $wrk_pid 2>/dev/null && ((t < SOAK + 60)); do
    sleep 30; t=$((t + 30))
    kill -0 $tousu_pid 2>/dev/null || { echo "  tousu died during the soak" >&2; break; }
    samples+=" ${t}s: $(( $(rss $tousu_pid) / 1024 ))"
done
wait $wrk_pid || true
after=$(rss $tousu_pid)
log="$out/serve-soak.log"
non2xx=$(awk '/Non-2xx/ { print $NF }' "$log"); sock=$(awk '/Socket errors/ { s = 0; for (i = 4; i <= NF; i += 2) s += $i; print s }' "$log")
echo "$samples"
echo "  $(awk '/Requests\/sec/ { print $2 }' "$log") requests/s, $(awk '/requests in/ { print $1 }' "$log") requests," \
    "p50 $(awk '$1 == "50%" { print $2 }' "$log"), p99 $(awk '$1 == "99%" { print $2 }' "$log")," \
    "errors $(( ${non2xx:-0} + ${sock:-0} )) (non-2xx ${non2xx:-0}, socket ${sock:-0}); RSS before $((before / 1024)) MB, after $((after / 1024)) MB"
echo "  access-log lines: $(grep -c ' request$' "$out/serve-tousu.log" || true), 5xx among them: $(grep -c 'status=5' "$out/serve-tousu.log" || true)"
: >"$out/serve-tousu.log"
fi
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
