#!/usr/bin/env bash
# Batch benchmark: `tousu batch` (release) on a 1,000,000-record complaint backlog built from the real
# text in ../shared/data, with 1 and 2 threads, peak RSS at 100k and at 1M records, and the peer
# pipeline (jieba + scikit-learn MultinomialNB, Benchmarks/peers/batch_peer.py) on the same file.
#
# Usage: bash Benchmarks/batch.sh          (or: bash Benchmarks/run.sh batch)
# Environment:
#   PY=python          the peers' venv python (default: from peers/setup_venv.sh)
#   TOUSU_SCRATCH=dir  scratch path of the main package's release build (default .build)
#   REPEAT=n           run each tousu measurement n times, interleaved, and keep the fastest (default 3)
#   RECORDS=n          backlog size (default 1000000); the small backlog is its first 10 %
#   DATA=dir           the public data (default ../shared/data beside the repository)
#   PEER_LIMIT_S=s     run the peer on the full backlog only if its estimate (from the small one)
#                      is at most s seconds (default 900); else its small-backlog figure is used
# Generated files go to Benchmarks/out/ (git-ignored); classified outputs are deleted after each run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
scratch=${TOUSU_SCRATCH:-.build}
REPEAT=${REPEAT:-3}
RECORDS=${RECORDS:-1000000}
SMALL=$((RECORDS / 10))
PEER_LIMIT_S=${PEER_LIMIT_S:-900}
PY=${PY:-$(bash "$here/peers/setup_venv.sh" | tail -n 1)}

(cd "$root" && swift build -c release --product tousu --scratch-path "$scratch" 2>&1 | tail -n 1)
tousu="$root/$scratch/release/tousu"

# Data: deterministic, rebuilt only when missing or older than the generator.
big="$out/backlog-$RECORDS.jsonl"
small="$out/backlog-$RECORDS-first-$SMALL.jsonl"
if [ ! -s "$big" ] || [ "$here/make_backlog.py" -nt "$big" ]; then
    python3 "$here/make_backlog.py" "${DATA:-$root/../shared/data}" "$big" --records "$RECORDS" >/dev/null
fi
if [ ! -s "$small" ] || [ "$big" -nt "$small" ]; then head -n "$SMALL" "$big" >"$small"; fi
model="$out/batch-model.tousu"
(cd "$root" && "$tousu" train corpora/sectors/train.jsonl -o "$model" 2>&1 | tail -n 1)

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo "backlog: $(mb "$(stat -c %s "$big")") MB, $RECORDS records ($big, md5 $(md5sum <"$big" | cut -c1-12));" \
    "small: first $SMALL records, $(mb "$(stat -c %s "$small")") MB"
echo "machine: $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"

# One tousu run; keeps its figures under KEY when it is the fastest so far. tousu's summary counts
# the batch run itself: read + decode + parse + classify + render + write (and checkpoints), not
# loading the model or starting the process; wall time includes those.
declare -A rps mbps wall cpu rss summary
measure() {  # key input threads
    local key=$1 input=$2 threads=$3 log="$out/batch-time.log" line r
    /usr/bin/time -v "$tousu" batch --model "$model" --input "$input" --output "$out/batch-out.jsonl" \
        --threads "$threads" 2>"$log"
    rm -f "$out/batch-out.jsonl" "$out/batch-out.jsonl.rejects.jsonl"
    line=$(grep '^tousu: read' "$log")
    r=$(sed -E 's/.*; ([0-9]+) records\/s.*/\1/' <<<"$line")
    if ((r > ${rps[$key]:-0})); then
        rps[$key]=$r
        mbps[$key]=$(sed -E 's/.*records\/s, ([0-9.]+) MB\/s.*/\1/' <<<"$line")
        wall[$key]=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
        cpu[$key]=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$log")
        rss[$key]=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
        summary[$key]=${line#tousu: }
    fi
}

echo "--- tousu batch (release). records/s and MB/s from its summary: read+decode+parse+classify+write, model load"
echo "    excluded; runs interleaved, fastest of $REPEAT each; cores = CPU time / wall time (below the thread count"
echo "    when other processes load the machine)"
for ((rep = 0; rep < REPEAT; rep++)); do
    for threads in 1 2; do
        for which in small big; do measure "$which$threads" "${!which}" "$threads"; done
    done
done
for threads in 1 2; do
    for which in small big; do
        k=$which$threads
        printf '  %-5s --threads %d: %9d records/s %7s MB/s   wall %6.1f s, CPU %6.1f s (%.2f cores), peak RSS %6.1f MB   [%s]\n' \
            "$which" "$threads" "${rps[$k]}" "${mbps[$k]}" "${wall[$k]}" "${cpu[$k]}" \
            "$(awk -v c="${cpu[$k]}" -v w="${wall[$k]}" 'BEGIN { print c / w }')" \
            "$(awk -v k="${rss[$k]}" 'BEGIN { print k / 1024 }')" "${summary[$k]}"
    done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v x="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? x >= t : x <= t; print (ok ? "met" : "MISSED") }'; }
scaling=$(ratio "${rps[big2]}" "${rps[big1]}")
echo "  threads 2 / threads 1 on $RECORDS records: $scaling (target >= 1.7: $(verdict "$scaling" ">=" 1.7))"
echo "  CPU seconds per 1,000 records (whole process) on $RECORDS records: --threads 1 $(awk -v c="${cpu[big1]}" -v n="$RECORDS" 'BEGIN { printf "%.4f", c * 1000 / n }')," \
    "--threads 2 $(awk -v c="${cpu[big2]}" -v n="$RECORDS" 'BEGIN { printf "%.4f", c * 1000 / n }') (equal when the threads do not get in each other's way)"
for threads in 1 2; do
    r=$(ratio "${rss[big$threads]}" "${rss[small$threads]}")
    echo "  peak RSS --threads $threads: $SMALL records $(awk -v k="${rss[small$threads]}" 'BEGIN { printf "%.1f", k / 1024 }') MB," \
        "$RECORDS records $(awk -v k="${rss[big$threads]}" 'BEGIN { printf "%.1f", k / 1024 }') MB: ratio $r (target <= 1.2: $(verdict "$r" "<=" 1.2))"
done

echo "--- peer: jieba + CountVectorizer + MultinomialNB (peers/batch_peer.py, one process; timed: read+parse+jieba+predict+write, training excluded)"
cd "$root"
peer() {  # input → sets PEER_RPS, PEER_MBPS, PEER_S
    local json
    json=$("$PY" "$here/peers/batch_peer.py" corpora/sectors/train.jsonl "$1" "$out/batch-peer-out.jsonl")
    rm -f "$out/batch-peer-out.jsonl"
    PEER_RPS=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["records_per_s"])' "$json")
    PEER_MBPS=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["mb_per_s"])' "$json")
    PEER_S=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$json")
    echo "  $json"
}
peer "$small"
estimate=$(awk -v s="$PEER_S" -v k=10 'BEGIN { printf "%.0f", s * k }')
peer_on="small ($SMALL records)"
peer_key=small
if ((estimate <= PEER_LIMIT_S)); then
    peer "$big"
    peer_on="big ($RECORDS records)"
    peer_key=big
else
    echo "  the peer would take about $estimate s on $RECORDS records (> $PEER_LIMIT_S s): its figure is from the small backlog"
fi
echo "  peer on $peer_on: $PEER_RPS records/s, $PEER_MBPS MB/s"
for threads in 2 1; do
    r=$(ratio "${rps[$peer_key$threads]}" "$PEER_RPS")
    note=""
    if [ "$threads" = 2 ]; then note=" (target >= 20: $(verdict "$r" ">=" 20))"; fi
    echo "  tousu --threads $threads / peer (records/s, both on the $peer_key backlog): $r$note"
done
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
