#!/usr/bin/env bash
# Renders the HTML hotspot reports of the real car-complaint stream with headless Chromium, to
# look at them: Benchmarks/out/report-*.html and report-*.png.
#   report-week.{html,png}   default parameters, week windows, as of 2020-06-07 (the Atenza week)
#   report-many.{html,png}   day windows as of 2020-06-12 with --fdr 0.5 --min-count 2, so that the
#                            table, several charts and long titles are on one page
# Needs chromium and a CJK font (apt-get install -y chromium fonts-noto-cjk).
# Environment: TOUSU_SCRATCH=dir (scratch path of the release build, default .build),
#              DATA=dir (the public data, default ../shared/data beside the repository).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
mkdir -p "$out"
scratch=${TOUSU_SCRATCH:-.build}
stream="${DATA:-$root/../shared/data}/car_complaints_12365auto.jsonl"
(cd "$root" && swift build -c release --product tousu --scratch-path "$scratch" 2>&1 | tail -n 1)
tousu="$root/$scratch/release/tousu"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no chromium: apt-get install -y chromium fonts-noto-cjk" >&2; exit 1; }
fc-list | grep -qi cjk || echo "warning: no CJK font found (apt-get install -y fonts-noto-cjk)" >&2

render() {  # name, then tousu hotspots arguments
    local name=$1; shift
    "$tousu" hotspots --input "$stream" --default-sector auto --merchant-field brand,model \
        --format html -o "$out/report-$name.html" "$@"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=1000,2400 --screenshot="$out/report-$name.png" "file://$out/report-$name.html" 2>/dev/null
    echo "$out/report-$name.png"
}
render week --window week --as-of 2020-06-07
render many --window day --as-of 2020-06-12 --fdr 0.5 --min-count 2 --top 6
