#!/usr/bin/env bash
# Reliability figures: generated messy files and everyday misuse through a release-built tousu
# (cases tried, records lost, inputs changed, misuse refused), then the libFuzzer runs logged in
# .fuzz/logs (executions, seconds, crashes per target; run them with scripts/fuzz.sh).
# Usage: bash Benchmarks/reliability.sh [CASES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tousu 2>&1 | tail -n 1
bin=$(swift build -c release --show-bin-path)/tousu
model=${MODEL:-$(mktemp -d)/model.tousu}
[ -f "$model" ] || "$bin" train corpora/sectors/train.jsonl -o "$model" 2>&1 | tail -n 1
python3 Benchmarks/reliability.py "$bin" "$model" "${1:-200}" "${2:-1}"
