#!/usr/bin/env bash
# Renders the HTML hotspot reports of the real car-complaint stream with headless Chromium, to
# look at them: Benchmarks/out/report-*.html and report-*.png.
#   report-week.{html,png}   default parameters, week windows, as of 2020-06-07 (the Atenza week)
#   report-ongoing.{html,png} week windows as of 2020-06-14: the Atenza listed as ongoing since 06-01
#   report-many.{html,png}   day windows as of 2020-06-12 with --fdr 0.5 --min-count 2, so that the
#                            table, several charts and long titles are on one page
#   period-june.{html,png}   `tousu report` for 2020-06-01 … 2020-06-30 (top 10 themes)
#   closure.{html,png}       a day report of a small written stream with a prepaid closure alert
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
# TOUSU_BIN=path uses a binary already built instead of building the release one.
if [ -n "${TOUSU_BIN:-}" ]; then
    tousu=$TOUSU_BIN
else
    (cd "$root" && swift build -c release --product tousu --scratch-path "$scratch" 2>&1 | tail -n 1)
    tousu="$root/$scratch/release/tousu"
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no chromium: apt-get install -y chromium fonts-noto-cjk" >&2; exit 1; }
fc-list | grep -qi cjk || echo "warning: no CJK font found (apt-get install -y fonts-noto-cjk)" >&2

shot() {  # name
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=1000,2400 --screenshot="$out/$1.png" "file://$out/$1.html" 2>/dev/null
    echo "$out/$1.png"
}
render() {  # name, then tousu hotspots arguments
    local name=$1; shift
    "$tousu" hotspots --input "$stream" --default-sector auto --merchant-field brand,model \
        --format html -o "$out/report-$name.html" "$@"
    shot "report-$name"
}
render week --window week --as-of 2020-06-07
render ongoing --window week --as-of 2020-06-14
render many --window day --as-of 2020-06-12 --fdr 0.5 --min-count 2 --top 6
"$tousu" report --input "$stream" --default-sector auto --merchant-field brand,model \
    --from 2020-06-01 --to 2020-06-30 --format html -o "$out/period-june.html"
shot period-june
# A closure alert: 30 days of written prepaid complaints (one a day per shop) and, on the last
# two days, three members of a salon named only in the text.
python3 - "$out/closure.jsonl" <<'PY'
import json, sys, datetime
shops = ["星光健身房", "金鼎美发店", "悦容美容院", "博学培训学校"]
with open(sys.argv[1], "w") as f:
    start = datetime.date(2024, 3, 1)
    n = 0
    for d in range(30):
        for s in shops:
            n += 1
            f.write(json.dumps({"id": f"r{n}", "date": str(start + datetime.timedelta(d)), "sector": "prepaid",
                                "natures": ["contract"], "text": f"我在{s}办了会员卡，续费时被强制推销"}, ensure_ascii=False) + "\n")
    for i, t in enumerate(["丽人坊美容院突然关门了，卡里还有三千元", "丽人坊美容院老板跑路，电话打不通", "杭州市西湖区的丽人坊美容院人去楼空，门上贴了转让"]):
        f.write(json.dumps({"id": f"c{i}", "date": str(start + datetime.timedelta(28 + min(i, 1))), "sector": "prepaid",
                            "natures": ["contract"], "text": t}, ensure_ascii=False) + "\n")
PY
"$tousu" hotspots --input "$out/closure.jsonl" --format html -o "$out/closure.html"
shot closure
