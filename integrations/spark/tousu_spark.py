"""Run tousu on Spark: classify a backlog, or retrain a model, one tousu process per split.

    spark-submit tousu_spark.py classify --tousu BIN --model FILE --input PATH --output DIR [options]
    spark-submit tousu_spark.py train    --tousu BIN --input PATH --output MODEL [options]

classify: reads JSONL (each line's bytes as they are in the file), CSV (Spark's CSV reader, with
its header and encoding options) or Parquet; feeds each split to `tousu batch --engine-output
--source SPLIT` and splits the one stream that comes back into the classified records and the
rejects, written as two datasets (JSONL or Parquet). Records read = written + rejected is checked
per split (against tousu's own summary line) and for the job (accumulators against the counted
data) before anything is written; a tousu that exits non-zero fails the task and so the job.

train: deals the corpus over the partitions (every label in every one), trains one model per
partition (`tousu train`) and merges them with
`tousu merge` in a tree (pairs, level by level, each level a Spark job), into the model that
training on the whole corpus at once gives (naive-Bayes counts and calibration samples are
additive; `tousu merge` refuses models of different settings).

Option names are the CLI's (`--model`, `--input-format`, `--encoding`, `--csv-header`,
`--text-field`, `--id-field`, `--date-field`, `--merchant-field`, `--region-field`,
`--label-field`, `--format`, `--threads`, `--max-rejects`). See the README, "Running on Spark".
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

try:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.storagelevel import StorageLevel
except ImportError:
    sys.exit("tousu_spark.py: pyspark is not installed for this Python: run it with spark-submit, or "
             "install pyspark (integrations/spark/e2e.sh puts pyspark 4.3.0 into integrations/spark/.venv)")

REJECT_MARKER = b'{"_tousu":"reject",'
SUMMARY_MARKER = b'{"_tousu":"summary",'
RECORD, REJECT = 0, 1
SECTOR_RECORD, NATURE_RECORD = 0, 1
CORRUPT = "_corrupt_record"
SPARK_CHARSETS = {"iso-8859-1", "us-ascii", "utf-16", "utf-16be", "utf-16le", "utf-32", "utf-8"}
REJECT_SCHEMA = T.StructType([
    T.StructField("source", T.StringType()),
    T.StructField("record", T.LongType()),
    T.StructField("line", T.LongType()),
    T.StructField("offset", T.LongType()),
    T.StructField("length", T.LongType()),
    T.StructField("reason", T.StringType()),
    T.StructField("raw", T.StringType()),
    T.StructField("raw_base64", T.StringType()),
])


class TousuFailed(RuntimeError):
    """A tousu process exited non-zero or its stream does not add up."""


# ---------------------------------------------------------------- options

def parse_args(argv):
    p = argparse.ArgumentParser(prog="tousu_spark.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)

    def common(s):
        s.add_argument("--tousu", required=True,
                       help="the tousu binary as the executors see it (e.g. tousu/bin/tousu from --archives tousu.tar.gz#tousu)")
        s.add_argument("--input", required=True, help="input file or folder (any path Spark reads)")
        s.add_argument("--input-format", choices=["jsonl", "csv", "parquet"], default="jsonl")
        s.add_argument("--encoding", default="utf-8",
                       help="JSONL: the bytes' encoding, passed to tousu (utf-8, gb18030, …; not auto: a split is no sample of the file); CSV: Spark's reader encoding")
        s.add_argument("--csv-header", help="column names of a CSV without a header row, comma-separated")
        s.add_argument("--csv-option", action="append", default=[], metavar="KEY=VALUE",
                       help="an option of Spark's CSV reader (sep, quote, escape, multiLine, …), repeatable; "
                            "defaults: escape=\" (RFC 4180: doubled quotes), multiLine=true (quoted line breaks; "
                            "multiLine=false splits a big file by bytes, when no field holds a line break)")
        s.add_argument("--text-field", action="append", default=[])
        s.add_argument("--id-field")
        s.add_argument("--partitions", type=int, help="split the input into this many partitions (by bytes)")
        s.add_argument("--threads", type=int, default=1, help="classification threads of each tousu process")
        s.add_argument("--tousu-env", action="append", default=[], metavar="KEY=VALUE",
                       help="environment of the tousu processes beyond PATH, LANG and LD_LIBRARY_PATH, repeatable")

    c = sub.add_parser("classify", help="classify records; write classified records and rejects")
    common(c)
    c.add_argument("--model", required=True, help="the model file as the executors see it")
    c.add_argument("--output", required=True, help="folder for the classified records (must not exist)")
    c.add_argument("--rejects", help="folder for the rejects (must not exist); default OUTPUT.rejects")
    c.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl", help="format of both outputs")
    c.add_argument("--date-field")
    c.add_argument("--merchant-field", action="append", default=[])
    c.add_argument("--region-field", action="append", default=[])
    c.add_argument("--max-rejects", type=int, help="fail the job (nothing written) when more records of the whole input are rejected")

    t = sub.add_parser("train", help="train one model per partition, merge them in a tree")
    common(t)
    t.add_argument("--output", required=True, help="the model file to write (on the driver's file system)")
    t.add_argument("--label-field")
    t.add_argument("--lexicons", required=True, help="the lexicons folder as the executors see it")
    t.add_argument("--nature-corpus",
                   help="the nature corpus (any path Spark reads, e.g. corpora/natures/train.jsonl), dealt over the partitions: "
                        "what one tousu train counts from beside its lexicons")
    t.add_argument("--train-option", action="append", default=[],
                   help="an option of tousu train (e.g. --alpha=0.5, --token-bigrams), repeatable")

    a = p.parse_args(argv)
    if a.partitions is not None and a.partitions < 1:
        p.error(f"--partitions must be at least 1, not {a.partitions}")
    if a.threads < 1:
        p.error(f"--threads must be at least 1, not {a.threads}")
    if getattr(a, "max_rejects", None) is not None and a.max_rejects < 0:
        p.error(f"--max-rejects must not be negative, not {a.max_rejects}")
    if a.encoding.lower() == "auto":
        p.error("--encoding auto would guess per split: name the encoding (utf-8, gb18030, …)")
    if a.input_format != "csv" and (a.csv_header or a.csv_option):
        p.error("--csv-header and --csv-option apply to --input-format csv")
    for kv in a.csv_option + a.tousu_env:
        if "=" not in kv:
            p.error(f"expected KEY=VALUE, not {kv!r}")
    if a.mode == "classify":
        if a.rejects is None:
            a.rejects = a.output.rstrip("/") + ".rejects"
        paths = {os.path.abspath(x) for x in (a.input, a.output, a.rejects)}
        if len(paths) < 3:
            p.error("--input, --output and --rejects must be three different paths")
    elif os.path.abspath(a.output) == os.path.abspath(a.input):
        p.error("--output must not be the input")
    return a


def field_arguments(a):
    """The CLI's record-field options, as given."""
    out = []
    for name in ("text_field", "merchant_field", "region_field"):
        for v in getattr(a, name, []) or []:
            out += ["--" + name.replace("_", "-"), v]
    for name in ("id_field", "date_field", "label_field"):
        v = getattr(a, name, None)
        if v:
            out += ["--" + name.replace("_", "-"), v]
    return out


def tousu_environment(a):
    """What a tousu process needs, passed explicitly: PySpark's own pipe gives it an empty one."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    if "LD_LIBRARY_PATH" in os.environ:
        env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    for kv in a.tousu_env:
        k, v = kv.split("=", 1)
        env[k] = v
    return env


def on_node(path):
    """A path as a task sees it: as given when it exists from the task's working folder (YARN
    unpacks --archives there), else under Spark's files folder (where local and standalone
    executors unpack them)."""
    if os.path.isabs(path) or os.path.exists(path):
        return path
    from pyspark import SparkFiles
    candidate = os.path.join(SparkFiles.getRootDirectory(), path)
    return candidate if os.path.exists(candidate) else path


# ---------------------------------------------------------------- reading

def set_partitions(spark, path, partitions):
    """Makes Spark's file sources cut the input into `partitions` byte ranges (lines and CSV rows
    belong to the range they start in, as Hadoop's line reader decides)."""
    if not partitions:
        return
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    size = fs.getContentSummary(hpath).getLength()
    spark.conf.set("spark.sql.files.openCostInBytes", "0")
    spark.conf.set("spark.sql.files.minPartitionNum", "1")
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(1, -(-size // partitions))))


def read_input(spark, a):
    """A DataFrame of (source, bytes, corrupt): the split each row comes from ("FILE@BYTE"), the
    bytes to feed tousu, and for a CSV row Spark's reader cannot parse its text (else null).

    JSONL: every line's bytes exactly as in the file (Spark's text source does not decode them:
    cast to binary they are the file's bytes), so tousu sees what a single run would see.
    CSV/Parquet: every row as a JSON object of its columns, in column order (CSV: empty fields are
    ""); a malformed CSV row becomes a reject of its own."""
    set_partitions(spark, a.input, a.partitions)
    block = F.concat(F.col("_metadata.file_path"), F.lit("@"), F.col("_metadata.file_block_start").cast("string"))
    none = F.lit(None).cast("string").alias("corrupt")
    if a.input_format == "jsonl":
        df = spark.read.text(a.input)
        return df.select(block.alias("source"), F.col("value").cast("binary").alias("bytes"), none)
    if a.input_format == "parquet":
        df = spark.read.parquet(a.input)
        line = F.to_json(F.struct(*[F.col(f"`{c}`") for c in df.columns]), {"ignoreNullFields": "false"})
        return df.select(block.alias("source"), F.encode(line, "UTF-8").alias("bytes"), none)

    options = dict(kv.split("=", 1) for kv in a.csv_option)
    options.setdefault("encoding", a.encoding)
    # RFC 4180, as spreadsheet exports and tousu itself write: a quote inside a quoted field is
    # doubled (Spark's default escape is a backslash), and a quoted field may hold line breaks
    # (Spark's default reads line by line and cuts such a row in two).
    options.setdefault("escape", '"')
    options.setdefault("multiLine", "true")
    if options["encoding"].lower().replace("_", "-") not in SPARK_CHARSETS:
        # Spark 4 reads only these unless told to accept every Java charset (GB18030 exports).
        spark.conf.set("spark.sql.legacy.javaCharsets", "true")
    if a.csv_header:
        names = a.csv_header.split(",")
        options["header"] = "false"
    else:
        options["header"] = "true"
        names = spark.read.options(**options).csv(a.input).columns
    schema = T.StructType([T.StructField(n, T.StringType()) for n in names] + [T.StructField(CORRUPT, T.StringType())])
    df = (spark.read.options(**options).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
          .schema(schema).csv(a.input))
    line = F.to_json(F.struct(*[F.coalesce(F.col(f"`{n}`"), F.lit("")).alias(n) for n in names]))
    rows = df.select(block.alias("source"), F.encode(line, "UTF-8").alias("bytes"), F.col(CORRUPT).alias("corrupt"))
    if options["multiLine"].lower() != "true" or not a.partitions:
        return rows
    # A multi-line CSV file is read whole by one task (a byte range cannot tell where a row
    # starts): its rows are dealt over the partitions, each named by file and partition.
    return (rows.repartition(a.partitions)
            .select(F.concat(F.col("source"), F.lit("#partition-"), F.spark_partition_id().cast("string")).alias("source"),
                    "bytes", "corrupt"))


# ---------------------------------------------------------------- piping

def blank(line):
    """tousu's rule: a line holding only spaces and tabs is not a record."""
    return not line.strip(b" \t")


def run_tousu(command, env, lines, on_line):
    """Pipes `lines` (bytes without line ends) through `command`, calls `on_line` with each output
    line (bytes without its line end), and raises TousuFailed with the tail of stderr when the
    process exits non-zero: PySpark's RDD.pipe with checkCode=True and an explicit environment,
    over bytes rather than str (a JSONL line keeps its exact bytes) and with stderr kept for the
    error."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
        fed = {"error": None}

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line + b"\n")
            except BrokenPipeError:
                pass  # tousu stopped reading: its exit status says why
            except BaseException as e:  # noqa: BLE001 — re-raised on the task thread below
                fed["error"] = e
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for line in proc.stdout:
            on_line(line.rstrip(b"\n"))
        writer.join()
        status = proc.wait()
        if fed["error"] is not None:
            raise fed["error"]
        if status != 0:
            err.seek(0)
            tail = err.read()[-4000:].decode("utf-8", "replace")
            raise TousuFailed(f"{' '.join(command)} exited with status {status}: {tail}")


def classify_partitions(a, env, counters):
    """The task function: one tousu per split (consecutive rows with the same source)."""
    base = [a.tousu, "batch", "--model", a.model, "--input", "-", "--output", "-", "--quiet", "--engine-output",
            "--encoding", a.encoding if a.input_format == "jsonl" else "utf-8", "--threads", str(a.threads)]
    base += field_arguments(a)

    def run_split(source, rows):
        base[0], base[3] = on_node(a.tousu), on_node(a.model)
        fed = {"lines": 0, "blank": 0}
        out = []
        summary = {}

        def lines():
            for r in rows:
                b = bytes(r)
                fed["lines"] += 1
                if blank(b):
                    fed["blank"] += 1
                yield b

        def on_line(line):
            if line.startswith(REJECT_MARKER):
                out.append((REJECT, line[:1] + line[len(REJECT_MARKER):]))  # the reject object, marker dropped
            elif line.startswith(SUMMARY_MARKER):
                summary.update(json.loads(line))
            else:
                out.append((RECORD, line))

        run_tousu(base + ["--source", source], env, lines(), on_line)
        records = fed["lines"] - fed["blank"]
        written = sum(1 for k, _ in out if k == RECORD)
        rejected = len(out) - written
        if not summary:
            raise TousuFailed(f"{source}: the stream has no summary line (tousu stopped early)")
        if (summary["read"], summary["written"], summary["rejected"]) != (records, written, rejected):
            raise TousuFailed(
                f"{source}: fed {records} records, got {written} written + {rejected} rejected, tousu says {summary}")
        counters["read"].add(records)
        counters["blank"].add(fed["blank"])
        counters["written"].add(written)
        counters["rejected"].add(rejected)
        counters["splits"].add(1)
        return out

    def task(rows):
        current, batch = None, []
        for source, data, corrupt in rows:
            if corrupt is not None:  # a row Spark's CSV reader could not parse
                counters["driver_rejected"].add(1)
                obj = {"source": source, "reason": "malformed CSV row (Spark's CSV reader)", "raw": corrupt}
                yield REJECT, json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
                continue
            if source != current and batch:
                yield from run_split(current, batch)
                batch = []
            current = source
            batch.append(data)
        if batch:
            yield from run_split(current, batch)

    return task


# ---------------------------------------------------------------- classify

def classify(spark, a):
    sc = spark.sparkContext
    counters = {k: sc.accumulator(0) for k in ("read", "blank", "written", "rejected", "splits", "driver_rejected")}
    env = tousu_environment(a)
    rows = read_input(spark, a)
    partitions = rows.rdd.getNumPartitions()
    piped = rows.rdd.map(tuple).mapPartitions(classify_partitions(a, env, counters))
    piped = piped.map(lambda kv: (kv[0], kv[1].decode("utf-8"))).persist(StorageLevel.MEMORY_AND_DISK)

    # One pass computes everything (the accumulators count it once); then check, then write.
    counted = piped.map(lambda kv: kv[0]).countByValue()
    written, rejected = counted.get(RECORD, 0), counted.get(REJECT, 0)
    read = counters["read"].value + counters["driver_rejected"].value
    report = (f"read {read} = written {written} + rejected {rejected} "
              f"({counters['splits'].value} splits in {partitions} partitions, {counters['blank'].value} blank lines)")
    if (counters["written"].value, counters["rejected"].value + counters["driver_rejected"].value) != (written, rejected) \
            or read != written + rejected:
        raise TousuFailed(f"the counts do not add up: {report}; accumulators {[(k, c.value) for k, c in counters.items()]}")
    if a.max_rejects is not None and rejected > a.max_rejects:
        raise TousuFailed(f"{rejected} records rejected, more than --max-rejects {a.max_rejects}; nothing written")

    records = piped.filter(lambda kv: kv[0] == RECORD).map(lambda kv: kv[1])
    rejects = piped.filter(lambda kv: kv[0] == REJECT).map(lambda kv: kv[1])
    if a.format == "jsonl":
        spark.createDataFrame(records.map(lambda s: (s,)), "value string").write.mode("errorifexists").text(a.output)
        spark.createDataFrame(rejects.map(lambda s: (s,)), "value string").write.mode("errorifexists").text(a.rejects)
    else:
        spark.read.json(records).write.mode("errorifexists").parquet(a.output)
        spark.read.schema(REJECT_SCHEMA).json(rejects).write.mode("errorifexists").parquet(a.rejects)
    piped.unpersist()
    print(f"tousu_spark: {report}", file=sys.stderr)
    return read, written, rejected


# ---------------------------------------------------------------- train

def train_partitions(a, env):
    """The task function: the partition's records into a corpus file, its share of the nature
    corpus into corpora/natures/train.jsonl beside a folder that links to the lexicons (where
    `tousu train` looks for the nature corpus), `tousu train` on them; yields the model's bytes."""
    def task(index, rows):
        work = tempfile.mkdtemp(prefix="tousu-train-")
        try:
            corpus = os.path.join(work, "part.jsonl")
            natures_dir = os.path.join(work, "lex", "corpora", "natures")
            os.makedirs(natures_dir)
            n = {SECTOR_RECORD: 0, NATURE_RECORD: 0}
            with open(corpus, "wb") as c, open(os.path.join(natures_dir, "train.jsonl"), "wb") as nat:
                for _, (kind, line) in rows:
                    (c if kind == SECTOR_RECORD else nat).write(line + b"\n")
                    n[kind] += 1
            if n[NATURE_RECORD] == 0:
                os.remove(os.path.join(natures_dir, "train.jsonl"))
            if n[SECTOR_RECORD] == 0:
                return
            lexicons = os.path.join(work, "lex", "lexicons")
            os.symlink(os.path.abspath(on_node(a.lexicons)), lexicons)
            model = os.path.join(work, "part.tousu")
            command = [on_node(a.tousu), "train", corpus, "-o", model, "--quiet", "--lexicons", lexicons]
            command += field_arguments(a) + a.train_option
            run_tousu(command, env, iter(()), lambda line: None)
            with open(model, "rb") as f:
                yield index, n[SECTOR_RECORD], f.read()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return task


def label_of(line, field):
    try:
        value = json.loads(line).get(field, "")
    except (ValueError, AttributeError):
        return ""  # tousu train names the bad line when it reads it
    return value if isinstance(value, str) else ""


def spread_by_label(lines, field, partitions):
    """(target partition, line) for every line, each label dealt round-robin over the partitions
    in input order, so that every partition holds every label (`tousu merge` combines only models
    of the same labels) when each label has at least `partitions` records. Two passes: counts per
    input partition and label, then the deal."""
    counted = lines.mapPartitionsWithIndex(
        lambda i, it: [((i, label), c) for label, c in _count(label_of(l, field) for l in it).items()]).collect()
    totals, offsets = {}, {}
    for (i, label), c in sorted(counted):
        offsets[(i, label)] = totals.get(label, 0)
        totals[label] = totals.get(label, 0) + c
    few = {label: c for label, c in totals.items() if label and c < partitions}
    if few:
        raise TousuFailed(f"{partitions} partitions need at least {partitions} records of every label "
                          f"(tousu merge combines only models of the same labels): {few}; use fewer partitions")

    def deal(i, it):
        seen = {}
        for line in it:
            label = label_of(line, field)
            k = offsets[(i, label)] + seen.get(label, 0)
            seen[label] = seen.get(label, 0) + 1
            yield k % partitions, (SECTOR_RECORD, line)
    return lines.mapPartitionsWithIndex(deal), totals


def _count(items):
    out = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out


def merge_pair(a, env):
    def merge(pair):
        (ka, na, ma), (kb, nb, mb) = pair
        work = tempfile.mkdtemp(prefix="tousu-merge-")
        try:
            pa, pb, out = (os.path.join(work, x) for x in ("a.tousu", "b.tousu", "ab.tousu"))
            with open(pa, "wb") as f:
                f.write(ma)
            with open(pb, "wb") as f:
                f.write(mb)
            run_tousu([on_node(a.tousu), "merge", pa, pb, "-o", out, "--quiet"], env, iter(()), lambda line: None)
            with open(out, "rb") as f:
                return min(ka, kb), na + nb, f.read()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return merge


def train(spark, a):
    if a.input_format != "jsonl":
        raise SystemExit("tousu_spark.py train reads a labelled JSONL corpus (--input-format jsonl)")
    env = tousu_environment(a)
    sc = spark.sparkContext
    lines = read_input(spark, a).rdd.map(lambda r: bytes(r[1])).filter(lambda b: not blank(b))
    partitions = a.partitions or lines.getNumPartitions()
    dealt, totals = spread_by_label(lines, a.label_field or "sector", partitions)
    natures = 0
    if a.nature_corpus:
        nature_lines = spark.read.text(a.nature_corpus).select(F.col("value").cast("binary")).rdd \
            .map(lambda r: bytes(r[0])).filter(lambda b: not blank(b))
        natures = nature_lines.count()
        if natures < partitions:
            raise TousuFailed(f"the nature corpus has {natures} records, fewer than {partitions} partitions")
        dealt = dealt.union(nature_lines.zipWithIndex().map(lambda li: (li[1] % partitions, (NATURE_RECORD, li[0]))))
    shares = dealt.partitionBy(partitions, lambda k: k)
    models = shares.mapPartitionsWithIndex(train_partitions(a, env)).collect()
    if not models:
        raise TousuFailed("no records to train on")
    trained = len(models)
    levels = 0
    while len(models) > 1:
        pairs = [(models[i], models[i + 1]) for i in range(0, len(models) - 1, 2)]
        odd = [models[-1]] if len(models) % 2 else []
        models = sc.parallelize(pairs, len(pairs)).map(merge_pair(a, env)).collect() + odd
        levels += 1
    _, n, model = models[0]
    if n != sum(totals.values()):
        raise TousuFailed(f"the merged model holds {n} records, the corpus {sum(totals.values())}")
    tmp = a.output + ".partial"
    with open(tmp, "wb") as f:
        f.write(model)
    os.replace(tmp, a.output)
    print(f"tousu_spark: trained on {n} records ({', '.join(f'{k} {v}' for k, v in sorted(totals.items()))}; "
          f"{natures} nature records) in {trained} partitions, merged in {levels} levels -> {a.output}", file=sys.stderr)
    return n


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    spark = SparkSession.builder.appName(f"tousu {a.mode}").getOrCreate()
    try:
        if a.mode == "classify":
            classify(spark, a)
        else:
            train(spark, a)
    except TousuFailed as e:
        print(f"tousu_spark: error: {e}", file=sys.stderr)
        spark.stop()
        sys.exit(1)
    except Exception as e:  # a failed Spark job (e.g. a task whose tousu exited non-zero)
        print(f"tousu_spark: error: {str(e).splitlines()[0] if str(e) else type(e).__name__}", file=sys.stderr)
        spark.stop()
        raise
    spark.stop()


if __name__ == "__main__":
    main()
