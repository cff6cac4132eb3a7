#!/usr/bin/env bash
# All of tousu's benchmarks, release-built, with their Python peers, in one run.
# Usage: bash Benchmarks/run.sh [text|classifier|batch|hotspots ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")"
PY=$(bash peers/setup_venv.sh | tail -n 1)
swift build -c release 2>&1 | tail -n 1
bin=$(swift build -c release --show-bin-path)
which=("${@:-text classifier batch hotspots}")
for b in ${which[@]}; do
    case "$b" in
        text) echo "=== TextBenchmark"; "$bin/TextBenchmark" 20 --python "$PY" ;;
        classifier) echo "=== ClassifierBenchmark"; "$bin/ClassifierBenchmark" --python "$PY" ;;
        batch) echo "=== batch (Benchmarks/batch.sh)"; PY="$PY" bash batch.sh ;;
        hotspots)
            echo "=== HotspotBenchmark"; "$bin/HotspotBenchmark" --python "$PY"
            scratch=${TOUSU_SCRATCH:-.build}
            (cd .. && swift build -c release --product tousu --scratch-path "$scratch" 2>&1 | tail -n 1)
            "$bin/HotspotBenchmark" --scale 1000000 --tousu "../$scratch/release/tousu" ;;
        *) echo "unknown benchmark $b" >&2; exit 2 ;;
    esac
done
