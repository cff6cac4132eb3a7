#!/usr/bin/env bash
# Batch benchmark: `tousu batch` (release) on a 1,000,000-record complaint backlog built from the real
# text in ../shared/data, with 1 and 2 threads, peak RSS at 100k and at 1M records; in the same run,
# on the same backlog, the segmenter's limit (bare ICU word breaking of the records' texts,
# Sources/ICUBaseline) and the peer pipeline (jieba + scikit-learn MultinomialNB,
# Benchmarks/peers/batch_peer.py) with as many processes as tousu has threads. Ratios are printed
# per machine (records/s against records/s, same cores) and per core (records per CPU-second).
#
# Usage: bash Benchmarks/batch.sh          (or: bash Benchmarks/run.sh batch)
# Environment:
#   PY=python          the peers' venv python (default: from peers/setup_venv.sh)
#   TOUSU_SCRATCH=dir  build path of the main package's release build (default .build-release)
#   TOUSU_BIN=path, ICU_BASELINE_BIN=path   already built binaries to run instead of building
#   REPEAT=n           rounds; each runs every measurement once, interleaved; the fastest is kept (default 3)
#   RECORDS=n          backlog size (default 1000000); the small backlog is its first 10 %
#   DATA=dir           the public data (default ../shared/data beside the repository)
#   PEER_LIMIT_S=s     run the peers on the full backlog only if one round of them is estimated (from a
#                      first run on the small backlog) at most s seconds (default 600); else on the small one
# Generated files go to Benchmarks/out/ (git-ignored); classified outputs are deleted after each run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
scratch=${TOUSU_SCRATCH:-.build-release}
REPEAT=${REPEAT:-3}
RECORDS=${RECORDS:-1000000}
SMALL=$((RECORDS / 10))
PEER_LIMIT_S=${PEER_LIMIT_S:-600}
PY=${PY:-$(bash "$here/peers/setup_venv.sh" | tail -n 1)}
THREADS="1 2"
THREADS_MAX=2

if [ -n "${TOUSU_BIN:-}" ]; then
    tousu=$TOUSU_BIN
else
    (cd "$root" && swift build -c release --product tousu --build-path "$scratch" 2>&1 | tail -n 1)
    tousu="$root/$scratch/release/tousu"
fi
if [ -n "${ICU_BASELINE_BIN:-}" ]; then
    icu_baseline=$ICU_BASELINE_BIN
else
    (cd "$here" && swift build -c release --product ICUBaseline 2>&1 | tail -n 1)
    icu_baseline="$here/.build/release/ICUBaseline"
fi

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
    echo "    $key: ${line#tousu: }"
    if ((r > ${rps[$key]:-0})); then
        rps[$key]=$r
        mbps[$key]=$(sed -E 's/.*records\/s, ([0-9.]+) MB\/s.*/\1/' <<<"$line")
        wall[$key]=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
        cpu[$key]=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$log")
        rss[$key]=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
        summary[$key]=${line#tousu: }
    fi
}

json_field() { "$PY" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# Bare ICU word breaking of the big backlog's texts; keeps the fastest.
ICU_RPS=0
icu_round() {
    local json r
    json=$("$icu_baseline" "$big")
    echo "    bare ICU: $json"
    r=$(json_field "$json" records_per_s)
    if awk -v a="$r" -v b="$ICU_RPS" 'BEGIN { exit !(a > b) }'; then ICU_RPS=$r; ICU_JSON=$json; fi
}

# The peer with P processes on INPUT; keeps the fastest under key P.
declare -A peer_rps peer_cpu peer_json
peer() {  # processes input
    local json r
    json=$(cd "$root" && "$PY" "$here/peers/batch_peer.py" corpora/sectors/train.jsonl "$2" "$out/batch-peer-out.jsonl" \
        --processes "$1")
    rm -f "$out/batch-peer-out.jsonl"
    echo "    peer: $json"
    r=$(json_field "$json" records_per_s)
    if awk -v a="$r" -v b="${peer_rps[$1]:-0}" 'BEGIN { exit !(a > b) }'; then
        peer_rps[$1]=$r
        peer_cpu[$1]=$(json_field "$json" cpu_seconds)
        peer_json[$1]=$json
    fi
    PEER_S=$(json_field "$json" seconds)
}

# Where the peers run: the big backlog unless one round of them would take too long.
peer "$THREADS_MAX" "$small"
estimate=$(awk -v s="$PEER_S" -v t="$THREADS_MAX" 'BEGIN { printf "%.0f", s * 10 * (1 + t) }')  # P=1 takes ~t times P=t
if ((estimate <= PEER_LIMIT_S)); then
    peer_input=$big
    peer_key=big
    unset peer_rps peer_cpu peer_json  # the first run was on the small backlog
    declare -A peer_rps peer_cpu peer_json
else
    peer_input=$small peer_key=small
    echo "(one round of peers on $RECORDS records would take about $estimate s > PEER_LIMIT_S=$PEER_LIMIT_S: they run on the small backlog)"
fi

echo "--- $REPEAT rounds, interleaved: tousu --threads 1 and 2 on both backlogs, bare ICU, the peer with 1 and $THREADS_MAX processes"
for ((rep = 0; rep < REPEAT; rep++)); do
    for threads in $THREADS; do
        for which in small big; do measure "$which$threads" "${!which}" "$threads"; done
    done
    icu_round
    for threads in $THREADS; do peer "$threads" "$peer_input"; done
    echo "  round $((rep + 1)) done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo "--- tousu batch (release). records/s and MB/s from its summary: read+decode+parse+classify+write, model load"
echo "    excluded; fastest of $REPEAT; cores = CPU time / wall time (below the thread count when other processes"
echo "    load the machine); CPU time is the whole process's (model load included)"
for threads in $THREADS; do
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
echo "  threads 2 / threads 1 on $RECORDS records: $scaling (target >= 1.8: $(verdict "$scaling" ">=" 1.8))"
echo "  CPU seconds per 1,000 records (whole process) on $RECORDS records: --threads 1 $(awk -v c="${cpu[big1]}" -v n="$RECORDS" 'BEGIN { printf "%.4f", c * 1000 / n }')," \
    "--threads 2 $(awk -v c="${cpu[big2]}" -v n="$RECORDS" 'BEGIN { printf "%.4f", c * 1000 / n }') (equal when the threads do not get in each other's way)"
for threads in $THREADS; do
    r=$(ratio "${rss[big$threads]}" "${rss[small$threads]}")
    echo "  peak RSS --threads $threads: $SMALL records $(awk -v k="${rss[small$threads]}" 'BEGIN { printf "%.1f", k / 1024 }') MB," \
        "$RECORDS records $(awk -v k="${rss[big$threads]}" 'BEGIN { printf "%.1f", k / 1024 }') MB: ratio $r (target <= 1.2: $(verdict "$r" "<=" 1.2))"
done

echo "--- the segmenter's limit: bare ICU word breaking of the same $RECORDS texts, one thread (ICUBaseline; UTF-16 conversion included)"
echo "  $ICU_JSON"
icu_mbps=$(json_field "$ICU_JSON" mb_per_s)
share=$(ratio "${rps[big1]}" "$ICU_RPS")
echo "  bare ICU: $ICU_RPS records/s, $icu_mbps MB/s of the input file ($(json_field "$ICU_JSON" text_mb_per_s) MB/s of text alone)"
echo "  tousu --threads 1 / bare ICU (records/s, same records; = MB/s over the same input bytes): $share (target >= 0.75: $(verdict "$share" ">=" 0.75))"

echo "--- peer: jieba + CountVectorizer + MultinomialNB (peers/batch_peer.py; timed: read+parse+jieba+predict+write, training"
echo "    excluded), with as many processes as tousu has threads, on the $peer_key backlog"
for threads in $THREADS; do echo "  ${peer_json[$threads]}"; done
for threads in $THREADS; do
    n=$(json_field "${peer_json[$threads]}" records)
    r=$(ratio "${rps[$peer_key$threads]}" "${peer_rps[$threads]}")
    tousu_per_cpu=$(awk -v n="$([ "$peer_key" = big ] && echo "$RECORDS" || echo "$SMALL")" -v c="${cpu[$peer_key$threads]}" 'BEGIN { printf "%.0f", n / c }')
    peer_per_cpu=$(awk -v n="$n" -v c="${peer_cpu[$threads]}" 'BEGIN { printf "%.0f", n / c }')
    note=""
    if [ "$threads" = "$THREADS_MAX" ] && [ "$threads" -gt 1 ]; then note=" (target >= 12: $(verdict "$r" ">=" 12))"; fi
    echo "  tousu --threads $threads / peer with $threads process(es): per machine $r$note;" \
        "per core (records per CPU-second: tousu $tousu_per_cpu, peer $peer_per_cpu) $(ratio "$tousu_per_cpu" "$peer_per_cpu")"
done
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
