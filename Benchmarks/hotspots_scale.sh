#!/usr/bin/env bash
# tousu hotspots and tousu report over a large classified stream (issue 14 item 4): wall time,
# CPU time (user + sys: what the run costs, less distorted than wall time on a shared machine),
# peak RSS, the load average beside each figure, and with PROFILE=1 the top items of a perf profile.
#   N=1000000 (records), WORK=Benchmarks/out/scale, TOUSU_BIN=path (default the release build),
#   MODEL=path (default: models/sectors.tousu, else the default model), BEFORE=dir (the JSON outputs
#   of an earlier run, copied aside: each output is compared with its namesake there).
# The stream: make_hotspot_stream.py (real texts, 120 days), classified once by `tousu batch`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tousu=${TOUSU_BIN:-$root/.build/release/tousu}
n=${N:-1000000}
work=${WORK:-$here/out/scale}
mkdir -p "$work"
raw="$work/raw-$n.jsonl"
classified="$work/classified-$n.jsonl"
model=()
[ -n "${MODEL:-}" ] && model=(--model "$MODEL")
[ -z "${MODEL:-}" ] && [ -f "$root/models/sectors.tousu" ] && model=(--model "$root/models/sectors.tousu")
[ -s "$raw" ] || python3 "$here/make_hotspot_stream.py" "$raw" "$n" 120
timed() {  # label, command…
    local label=$1; shift
    /usr/bin/time -f "$label: wall %e s, CPU %U s user + %S s sys, peak RSS %M KB" "$@" > /dev/null
    echo "  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
}
[ -s "$classified" ] || timed "batch, $n records" "$tousu" batch --input "$raw" --output "$classified" --quiet "${model[@]}"
echo "$(wc -l < "$classified") classified records, $(du -m "$classified" | cut -f1) MB, $(python3 -c '
import json, sys
print(len({json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")}))' "$classified") distinct texts"
timed "hotspots, day window" "$tousu" hotspots --input "$classified" --format json -o "$work/hotspots-day.json" --quiet
timed "hotspots, week window" "$tousu" hotspots --input "$classified" --window week --format json -o "$work/hotspots-week.json" --quiet
timed "report, 2024-01-01 … 2024-04-29 (120 days)" "$tousu" report --input "$classified" --from 2024-01-01 --to 2024-04-29 --format json -o "$work/report.json" --quiet
if [ -n "${BEFORE:-}" ]; then
    for f in hotspots-day.json hotspots-week.json report.json; do
        if cmp -s "$BEFORE/$f" "$work/$f"; then echo "$f: identical to $BEFORE/$f"; else echo "$f: DIFFERS from $BEFORE/$f"; fi
    done
fi
if [ -n "${PROFILE:-}" ]; then
    for cmd in "hotspots --window week --format json" "report --from 2024-01-01 --to 2024-04-29 --format json"; do
        # shellcheck disable=SC2086
        perf record -q -F 199 -g -o "$work/perf.data" -- "$tousu" $cmd --input "$classified" -o "$work/profiled.out" --quiet 2> /dev/null
        echo "top of the profile, tousu $cmd (self time):"
        perf report -q -i "$work/perf.data" --no-children --sort symbol --percent-limit 2 2> /dev/null | grep -v '^$' | grep '%' | head -n 15
    done
fi
