#!/usr/bin/env bash
# Instructions per record of `tousu batch`, by stage, counted by callgrind (exact and stable on a
# loaded machine, unlike timings). Runs the release build once under valgrind with instructions
# collected only inside RecordProcessor.process (one record: decode, parse, classify, render), so
# that start-up (model load, character table, lexicon tries) and the reader/writer threads are left
# out, then reads the inclusive counts of the functions that start each stage:
#
#   parse              RecordProcessor.process minus the two below (decode, JSON, fields, outcome)
#   normalize          Normalizer.normalize
#   ICU word breaks    ICU.wordBreaks (UTF-16 in, segment ends out; also the re-segmenting after names)
#   rest of tokenize   Tokenizer.tokenize(normalized:) minus ICU
#   sector classify    Classifier.classify(TokenizedText) minus nature (features, lexicon, NB, calibration, keywords;
#                      for models the fixed-width path takes, also the nature NB sums: JointScorer adds both in one pass)
#   nature classify    Classifier.natures (calibration decision; the nature NB sums too on the general path)
#   render             RecordWriter.render
#   classify, rest     Classifier.classify(String) minus normalize, tokenize and classify(TokenizedText)
#
# Usage: bash Benchmarks/callgrind.sh [INPUT.jsonl]    (default: corpora/samples/backlog.jsonl)
# Environment: TOUSU_SCRATCH=dir (release build path, default .build-release), TOUSU_BIN=path (an
# already built tousu to profile instead, e.g. a copy of the binary before a change), KEEP=1 keeps
# the callgrind output in Benchmarks/out/ for callgrind_annotate.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
scratch=${TOUSU_SCRATCH:-.build-release}
input=${1:-$root/corpora/samples/backlog.jsonl}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

if [ -n "${TOUSU_BIN:-}" ]; then
    tousu=$TOUSU_BIN
else
    (cd "$root" && swift build -c release --product tousu --build-path "$scratch" 2>&1 | tail -n 1)
    tousu="$root/$scratch/release/tousu"
fi
model="$out/callgrind-model.tousu"
if [ ! -s "$model" ]; then
    (cd "$root" && "$tousu" train corpora/sectors/train.jsonl -o "$model" 2>&1 | tail -n 1)
fi

# Valgrind cannot read the DWARF Swift writes ("Possibly corrupted debuginfo file"): profile a copy
# without debug info (the symbol table, which names the functions, stays).
strip --strip-debug -o "$out/callgrind-tousu" "$tousu"
tousu="$out/callgrind-tousu"
profile="$out/callgrind.out"
result="$out/callgrind-batch.jsonl"
rm -f "$profile" "$result"
valgrind --tool=callgrind --callgrind-out-file="$profile" --toggle-collect='*RecordProcessorV7process*' \
    "$tousu" batch --model "$model" --input "$input" --output "$result" --threads 1 2>"$out/callgrind.log"
summary=$(grep '^tousu: read' "$out/callgrind.log" || true)
records=$(sed -E 's/^tousu: read ([0-9]+).*/\1/' <<<"$summary")
[ -n "$records" ] || { echo "callgrind.sh: no batch summary in $out/callgrind.log" >&2; exit 1; }

# Inclusive instruction counts per function, demangled: "count name".
callgrind_annotate --inclusive=yes --threshold=100 "$profile" 2>/dev/null \
    | swift demangle \
    | sed -nE 's/^ *([0-9,]+) \([ 0-9.]+%\) +[^:]*:(.*)$/\1\t\2/p' | tr -d , >"$out/callgrind-inclusive.tsv"

inclusive() {  # the largest count of a function whose demangled name holds this text (0 when none):
    # the function itself, not a closure or specialization inside it, which hold less
    awk -F'\t' -v p="$1" 'index($2, p) > 0 && $1 > max { max = $1 } END { print max + 0 }' \
        "$out/callgrind-inclusive.tsv"
}
total=$(inclusive 'TousuBatch.RecordProcessor.process(TousuBatch.RawRecord)')
classifyText=$(inclusive 'TousuClassifier.Classifier.classify(Swift.String)')
normalize=$(inclusive 'TousuText.Normalizer.normalize(Swift.String)')
icu=$(inclusive 'static TousuText.ICU.wordBreaks(')
tokenize=$(inclusive 'TousuText.Tokenizer.tokenize(normalized:')
classifyTokens=$(inclusive 'TousuClassifier.Classifier.classify(TousuText.TokenizedText)')
nature=$(inclusive 'TousuClassifier.Classifier.(natures in ')
render=$(inclusive 'TousuBatch.RecordWriter.render(')

per() { awk -v x="$1" -v n="$records" 'BEGIN { printf "%9.0f", x / n }'; }
echo "input: $input ($records records; $(md5sum <"$result" | cut -c1-12) md5 of the output)"
echo "tousu: $tousu; instructions per record (callgrind, inside RecordProcessor.process):"
printf '  %-20s %s\n' \
    "parse" "$(per $((total - classifyText - render)))" \
    "normalize" "$(per "$normalize")" \
    "ICU word breaks" "$(per "$icu")" \
    "rest of tokenize" "$(per $((tokenize - icu)))" \
    "sector classify" "$(per $((classifyTokens - nature)))" \
    "nature classify" "$(per "$nature")" \
    "render" "$(per "$render")" \
    "classify, rest" "$(per $((classifyText - normalize - tokenize - classifyTokens)))" \
    "total" "$(per "$total")" \
    "total without ICU" "$(per $((total - icu)))"
if [ -z "${KEEP:-}" ]; then rm -f "$profile" "$result"; fi
