#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (release, with -sanitize=fuzzer,address) and runs one.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]   run TARGET for SECONDS
#   scripts/fuzz.sh build                                  only build all targets
#   scripts/fuzz.sh list                                   the targets
#
# Targets: FuzzRecords (JSONL/CSV/TSV framing and parsing through batch), FuzzDecoding (encoding
# detection and decoders), FuzzTokenizer (normalizer + tokenizer), FuzzModelFile (model reader).
# Seeds: Fuzz/seeds/TARGET (committed, small, cut from ../shared/data and the sample backlog);
# the growing corpus: .fuzz/corpus/TARGET; crashes: .fuzz/crashes/TARGET-*; one log per run with
# its execution count and time: .fuzz/logs/TARGET-TIME-PID.log (Benchmarks/reliability.sh sums
# them). A crash makes the script exit non-zero. LeakSanitizer is on (FUZZ_LEAKS=0 turns it off): a
# leak is reported as a crash with the allocating stack instead of surfacing hours later as an
# out-of-memory (how Data(contentsOf:)'s 4 KB a call was found).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build="$root/.build-fuzz"
targets=(FuzzRecords FuzzDecoding FuzzTokenizer FuzzModelFile)

build_all() {
    swift build --package-path Fuzz --build-path "$build" -c release \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' | tail -n 20
    test -x "$build/release/FuzzRecords"
}

case "${1:-}" in
list) printf '%s\n' "${targets[@]}"; exit 0 ;;
build) build_all; exit 0 ;;
"" | -h | --help) sed -n 2,15p "$0"; exit 64 ;;
esac

target=$1
seconds=${2:?seconds}
shift 2
[[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target" >&2; exit 64; }
[ -x "$build/release/$target" ] && [ -z "${FUZZ_REBUILD:-}" ] || build_all

# A model file's header (taxonomy and lexicon) alone is over 100 KB.
max_len=65536
[ "$target" = FuzzModelFile ] && max_len=262144
mkdir -p ".fuzz/corpus/$target" ".fuzz/crashes" ".fuzz/logs"
log=".fuzz/logs/$target-$(date -u +%Y%m%dT%H%M%S)-$$.log"
set +e
ASAN_OPTIONS=detect_leaks="${FUZZ_LEAKS:-1}" "$build/release/$target" ".fuzz/corpus/$target" "Fuzz/seeds/$target" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix=".fuzz/crashes/$target-" "$@" >"$log" 2>&1
status=$?
set -e
runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
crashes=$(ls .fuzz/crashes 2>/dev/null | grep "^$target-" | grep -vc "slow-unit" || true)
echo "$target: ${seconds}s, $runs executions, $crashes crash files, exit $status (log $log)"
exit "$status"
