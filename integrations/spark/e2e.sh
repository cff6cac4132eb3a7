#!/usr/bin/env bash
# End-to-end test of tousu on Spark, from a clean machine: installs a JRE (Debian) and PySpark
# (PyPI, into the git-ignored integrations/spark/.venv) when missing, builds the bundle
# (scripts/bundle.sh), and runs the driver in local[2] as a user would, the bundle shipped with
# --archives and nothing else of tousu on the executors' paths:
#   1. classify 100,000 generated records with broken lines (and split boundaries inside
#      CSV-looking lines) in 2 and in 8 partitions; each result must equal one single-process
#      `tousu batch` run byte for byte (sorted lines), every reject found at its split and line;
#   2. a GB18030 CSV with Chinese column names and rows of a wrong field count, read by Spark's
#      CSV reader, written as Parquet; the same records and rejects as `tousu batch` on the file;
#   3. that Parquet read back as input;
#   4. a tousu that fails (a missing model) fails the job, and --max-rejects stops it, with
#      nothing written;
#   5. train: one model per partition (8), merged in a tree, equal to one `tousu train` on the
#      whole corpus (the same model bytes, the same predictions on the dev set).
# Exit status 0 passed, 1 failed, 77 skipped (no JRE could be installed: reported loudly).
#
#   integrations/spark/e2e.sh            (E2E_RECORDS=100000 E2E_WORK=integrations/spark/out;
#                                         E2E_BUNDLE=FILE uses that bundle instead of building one)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=integrations/spark
work=${E2E_WORK:-$here/out}
records=${E2E_RECORDS:-100000}
PYSPARK_VERSION=4.3.0
PYARROW_VERSION=26.0.1
started=$(date +%s)

step() { echo "== e2e: $*"; }
clock() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "e2e: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- what the machine needs
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then
    step "installing a JRE (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && { apt-get install -y -qq openjdk-17-jre-headless || apt-get install -y -qq default-jre-headless; }; } >/dev/null 2>&1 \
        || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then
        echo "!!!!!!!! e2e: SKIPPED: no Java 17+ runtime could be installed (apt-get install openjdk-17-jre-headless failed); Spark cannot run here !!!!!!!!" >&2
        exit 77
    fi
fi
if [ ! -x "$here/.venv/bin/spark-submit" ] || ! "$here/.venv/bin/python" -c "import pyspark, pyarrow, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    step "installing pyspark==$PYSPARK_VERSION pyarrow==$PYARROW_VERSION into $here/.venv (pip)"
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install -q "pyspark==$PYSPARK_VERSION" "pyarrow==$PYARROW_VERSION"
fi
export PATH="$PWD/$here/.venv/bin:$PATH"
export PYSPARK_PYTHON="$PWD/$here/.venv/bin/python"
python=$PYSPARK_PYTHON

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

# ---------------------------------------------------------------- the bundle, as a node has it
if [ -n "${E2E_BUNDLE:-}" ]; then
    step "bundle: $E2E_BUNDLE (given, not built here)"
    cp "$E2E_BUNDLE" "$work/tousu-bundle.tar.gz"
else
    step "bundle"
    scripts/bundle.sh --output "$work/tousu-bundle.tar.gz"
fi
mkdir -p "$work/node/tousu"
tar -xzf "$work/tousu-bundle.tar.gz" -C "$work/node/tousu"
tousu="$work/node/tousu/bin/tousu"
model="$work/node/tousu/models/sectors.tousu"
# spark-submit runs the Python driver with its stderr merged into stdout: logs take both.
submit() {
    spark-submit --master 'local[2]' --conf spark.ui.enabled=false --conf spark.log.level=WARN \
        --archives "$work/tousu-bundle.tar.gz#tousu" "$here/tousu_spark.py" "$@"
}

# ---------------------------------------------------------------- 1. JSONL, 2 and 8 partitions
step "data: $records records"
"$python" "$here/make_backlog.py" --records "$records" --jsonl "$work/backlog.jsonl" --csv "$work/export.csv" \
    --csv-rows 20000 --splits 2,8 > "$work/counts.json"
cat "$work/counts.json"
expect() { "$python" -c "import json,sys; print(json.load(open('$work/counts.json'))$1)"; }

step "single process: tousu batch"
t0=$(clock)
"$tousu" batch --model "$model" --input "$work/backlog.jsonl" --output "$work/single.jsonl" --threads 2
t1=$(clock)
single_classify=$(seconds "$t0" "$t1")

declare -A spark_classify
for n in 2 8; do
    step "spark local[2], $n partitions: classify"
    t0=$(clock)
    submit classify --tousu tousu/bin/tousu --model tousu/models/sectors.tousu --input "$work/backlog.jsonl" \
        --output "$work/spark-$n" --partitions "$n" > "$work/spark-$n.log" 2>&1 || { tail -n 30 "$work/spark-$n.log"; fail "the driver failed"; }
    t1=$(clock)
    spark_classify[$n]=$(seconds "$t0" "$t1")
    grep 'tousu_spark:' "$work/spark-$n.log"
    grep -q "splits in $n partitions" "$work/spark-$n.log" || fail "expected $n partitions"
    "$python" "$here/compare.py" --input "$work/backlog.jsonl" --single "$work/single.jsonl" \
        --single-rejects "$work/single.jsonl.rejects.jsonl" --spark "$work/spark-$n" --spark-rejects "$work/spark-$n.rejects" \
        --jsonl-input --expect-read "$(expect "['jsonl']['read']")" --expect-rejected "$(expect "['jsonl']['rejected']")" \
        || fail "$n partitions differ from the single run"
done

# ---------------------------------------------------------------- 2. CSV (GB18030) → Parquet
csv_fields=(--text-field 投诉内容 --id-field 编号 --date-field 日期 --merchant-field 品牌,车型)
step "CSV, GB18030, Spark's CSV reader, Parquet output"
"$tousu" batch --model "$model" --input "$work/export.csv" --encoding gb18030 "${csv_fields[@]}" \
    --output "$work/single-csv.jsonl" --quiet
submit classify --tousu tousu/bin/tousu --model tousu/models/sectors.tousu --input "$work/export.csv" \
    --input-format csv --encoding gb18030 "${csv_fields[@]}" --output "$work/spark-csv" --format parquet \
    --partitions 2 > "$work/spark-csv.log" 2>&1 || { tail -n 30 "$work/spark-csv.log"; fail "the driver failed on CSV"; }
grep 'tousu_spark:' "$work/spark-csv.log"
"$python" "$here/compare.py" --input "$work/export.csv" --single "$work/single-csv.jsonl" \
    --single-rejects "$work/single-csv.jsonl.rejects.jsonl" --spark "$work/spark-csv" --spark-rejects "$work/spark-csv.rejects" \
    --format parquet --expect-rejected "$(expect "['csv']['wrong_field_count']")" || fail "CSV differs from the single run"

# ---------------------------------------------------------------- 3. Parquet input
step "Parquet input (the classified CSV records read back)"
submit classify --tousu tousu/bin/tousu --model tousu/models/sectors.tousu --input "$work/spark-csv" \
    --input-format parquet --output "$work/spark-parquet" > "$work/spark-parquet.log" 2>&1 \
    || { tail -n 30 "$work/spark-parquet.log"; fail "the driver failed on Parquet"; }
grep 'tousu_spark:' "$work/spark-parquet.log"
"$python" - "$work" <<'EOF' || fail "Parquet input"
import glob, json, sys
work = sys.argv[1]
rows = [json.loads(l) for p in sorted(glob.glob(f"{work}/spark-parquet/part-*")) for l in open(p, encoding="utf-8")]
single = [json.loads(l) for l in open(f"{work}/single-csv.jsonl", encoding="utf-8")]
assert len(rows) == len(single), (len(rows), len(single))
assert all(r["input_sector"] == r["sector"] and r["input_natures"] == r["natures"] for r in rows), "tags changed"
assert sorted(r["编号"] for r in rows) == sorted(r["编号"] for r in single)
print(f"parquet: {len(rows)} records read back and classified again to the same tags")
EOF

# ---------------------------------------------------------------- 4. failures fail the job
step "a failing tousu fails the job"
head -n 2500 "$work/backlog.jsonl" > "$work/small.jsonl"  # the first broken line is near line 2,280
if submit classify --tousu tousu/bin/tousu --model tousu/models/missing.tousu --input "$work/small.jsonl" \
    --output "$work/spark-fail" > "$work/spark-fail.log" 2>&1; then
    fail "a missing model did not fail the job"
fi
grep -q "exited with status 66" "$work/spark-fail.log" || { tail -n 20 "$work/spark-fail.log"; fail "no tousu exit status in the error"; }
[ ! -e "$work/spark-fail" ] || fail "a failed job left an output"
grep -m 1 -o "tousu: error: [^\\]*" "$work/spark-fail.log" | head -n 1
step "--max-rejects stops the job before anything is written"
if submit classify --tousu tousu/bin/tousu --model tousu/models/sectors.tousu --input "$work/small.jsonl" \
    --output "$work/spark-max" --max-rejects 0 > "$work/spark-max.log" 2>&1; then
    fail "--max-rejects 0 did not fail the job"
fi
grep "more than --max-rejects 0; nothing written" "$work/spark-max.log" || fail "no --max-rejects message"
[ ! -e "$work/spark-max" ] || fail "--max-rejects left an output"

# ---------------------------------------------------------------- 5. train in 8 partitions, merge
step "train: single process"
t0=$(clock)
"$tousu" train corpora/sectors/train.jsonl -o "$work/single.tousu" --lexicons "$work/node/tousu/lexicons"
t1=$(clock)
single_train=$(seconds "$t0" "$t1")
step "train: spark local[2], 8 partitions, merged in a tree"
t0=$(clock)
submit train --tousu tousu/bin/tousu --lexicons tousu/lexicons --input corpora/sectors/train.jsonl \
    --nature-corpus corpora/natures/train.jsonl --partitions 8 --output "$work/spark.tousu" > "$work/spark-train.log" 2>&1 \
    || { tail -n 30 "$work/spark-train.log"; fail "the driver failed to train"; }
t1=$(clock)
spark_train=$(seconds "$t0" "$t1")
grep 'tousu_spark:' "$work/spark-train.log"
cmp "$work/single.tousu" "$work/spark.tousu" && echo "train: the merged model is the single run's, byte for byte" \
    || echo "train: the model files differ in bytes; comparing counts and predictions"
for m in single spark; do
    "$tousu" batch --model "$work/$m.tousu" --input corpora/sectors/dev.jsonl --output "$work/dev-$m.jsonl" --quiet
    "$tousu" eval --model "$work/$m.tousu" corpora/sectors/dev.jsonl > "$work/eval-$m.txt"
done
cmp "$work/dev-single.jsonl" "$work/dev-spark.jsonl" || fail "the merged model predicts differently on the dev set"
cmp "$work/eval-single.txt" "$work/eval-spark.txt" || fail "the merged model's evaluation differs"
echo "train: same predictions on the dev set ($(wc -l < "$work/dev-spark.jsonl") records, byte for byte), same evaluation ($(grep -m 1 -i 'macro' "$work/eval-spark.txt" | head -c 80))"

echo "e2e: timings (load: $(uptime | sed 's/.*load average: //')): classify $records records: single process ${single_classify} s," \
    "spark local[2] 2 partitions ${spark_classify[2]} s, 8 partitions ${spark_classify[8]} s (each with JVM start);" \
    "train $(wc -l < corpora/sectors/train.jsonl) records: single ${single_train} s, spark 8 partitions ${spark_train} s"
echo "e2e: passed in $(( $(date +%s) - started )) s"
