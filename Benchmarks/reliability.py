#!/usr/bin/env python3
"""tousu reliability: generated messy files and everyday misuse through the built binary, then the
fuzzers' logs. Prints cases tried, records lost, inputs changed, misuse refused, and per fuzz target
executions, time and crashes. Usage: reliability.py TOUSU MODEL [CASES] [SEED]"""
import base64, glob, hashlib, json, os, random, re, subprocess, sys, tempfile, time

TOUSU, MODEL = sys.argv[1], sys.argv[2]
CASES = int(sys.argv[3]) if len(sys.argv) > 3 else 200
SEED = int(sys.argv[4]) if len(sys.argv) > 4 else 1
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAGMENTS = ["我在健身房办的预付卡", "老板跑路了", "4S店", "B柱异响", "车", "refund please", '退款"急"', "a,b",
             "逗号，顿号、", "back\\slash", "tab\there", "😀", "繁體", " 空格 ", "外卖送来的饭菜是馊的"]
ENDS = [b"\n", b"\r\n", b"\r"]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def text(rng, csv):
    t = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.15:
        t += rng.choice(["\n", "\r\n", "\r"]) + rng.choice(FRAGMENTS)  # a line end inside the text
    return t


def csv_field(v):
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\r\n') else v


def generate(rng):
    """A file of good and bad records; every record is exactly one record for tousu."""
    layout = rng.choice(["jsonl", "csv"])
    encoding = rng.choice(["utf-8", "utf-8", "gb18030", "utf-16-le"])
    records, out = rng.randint(1, 400), []
    bom = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe"}.get(encoding, b"") if rng.random() < 0.3 else b""
    if encoding == "utf-16-le":
        bom = b"\xff\xfe"  # UTF-16 without a BOM is not guessed
    enc = lambda s: s.encode(encoding)
    if layout == "csv":
        out.append(enc("id,text") + rng.choice(ENDS).decode().encode(encoding))
    for n in range(1, records + 1):
        kind = rng.random()
        t = text(rng, layout == "csv")
        if layout == "jsonl":
            if kind < 0.06:
                line = json.dumps({"id": f"r{n}", "text": None}, ensure_ascii=False)
            elif kind < 0.10:
                line = f'{{"id":"r{n}","text":"a","text":"b"}}'
            elif kind < 0.15:
                line = json.dumps({"id": f"r{n}", "text": t}, ensure_ascii=False)[:-3]  # cut short
            else:
                line = json.dumps({"id": f"r{n}", "text": t}, ensure_ascii=False)
        else:
            if kind < 0.08:
                line = f"r{n},a,b"
            elif kind < 0.12:
                line = f"r{n}"
            else:
                line = f"r{n},{csv_field(t)}"
        raw = enc(line)
        if kind > 0.97 and encoding != "utf-16-le":  # undecodable bytes in an otherwise good record
            raw = raw[:2] + (b"\x81\x20" if encoding == "gb18030" else b"\xff") + raw[2:]
        out.append(raw)
        if n < records or rng.random() < 0.5:
            out.append(rng.choice(ENDS).decode().encode(encoding))
        if rng.random() < 0.05:
            out.append(enc(rng.choice(["", "  \t"])) + rng.choice(ENDS).decode().encode(encoding))
    return layout, encoding, records, bom + b"".join(out)


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        return [l for l in f.read().split(b"\n") if l]


def run(args, **kw):
    return subprocess.run([TOUSU] + args, capture_output=True, text=True, cwd=ROOT, **kw)


def generated_cases(scratch, rng):
    tried = lost = changed = rebuilt_bad = 0
    for case in range(CASES):
        layout, encoding, records, data = generate(rng)
        path = os.path.join(scratch, f"case{case}.{layout}")
        with open(path, "wb") as f:
            f.write(data)
        before = digest(path)
        out = path + ".out.jsonl"
        res = run(["batch", "--model", MODEL, "--input", path, "--output", out, "--threads", "2", "--quiet"])
        tried += 1
        written, rejects = lines(out), lines(out + ".rejects.jsonl")
        if res.returncode != 0:
            print(f"  case {case}: exit {res.returncode}: {res.stderr.strip()[:200]}")
        lost += max(0, records - len(written) - len(rejects))
        changed += digest(path) != before
        # Each reject holds its record's exact bytes at its offset.
        for r in map(json.loads, rejects):
            raw = base64.b64decode(r["raw_base64"]) if "raw_base64" in r else r["raw"].encode()
            if data[r["offset"]:r["offset"] + r["length"]] != raw:
                rebuilt_bad += 1
        for p in (out, out + ".rejects.jsonl"):
            if os.path.exists(p):
                os.remove(p)
    return tried, lost, changed, rebuilt_bad


def misuse_cases(scratch):
    """Everyday mistakes that must be refused with the input untouched."""
    src = os.path.join(ROOT, "corpora/samples/backlog.jsonl")
    x = os.path.join(scratch, "X.jsonl")
    with open(src, "rb") as f, open(x, "wb") as g:
        g.write(f.read())
    os.symlink(x, os.path.join(scratch, "link.jsonl"))
    os.link(x, os.path.join(scratch, "hard.jsonl"))
    os.mkdir(os.path.join(scratch, "dir"))
    os.mkfifo(os.path.join(scratch, "fifo"))
    s = lambda n: os.path.join(scratch, n)
    cases = [["batch", "--model", MODEL, "--input", x, "--output", o] for o in
             [x, scratch + "/./X.jsonl", s("link.jsonl"), s("hard.jsonl"), s("dir"), s("fifo")]]
    cases += [["batch", "--model", MODEL, "--input", x, "--output", s("o.jsonl"), "--rejects", r] for r in [x, s("o.jsonl")]]
    cases += [["hotspots", "--model", MODEL, "--input", x, "--classified", x],
              ["train", x, "-o", s("hard.jsonl")], ["train", x, "-o", s("fifo")], ["merge", MODEL, MODEL, "-o", MODEL]]
    before, model_before = digest(x), digest(MODEL)
    refused = 0
    for args in cases:
        res = run(args)
        refused += res.returncode != 0
    # A second run on an output in use.
    big = s("big.jsonl")
    with open(big, "w") as f:
        sample = open(src, encoding="utf-8").read().splitlines()
        for i in range(40000):
            f.write(sample[i % len(sample)] + "\n")
    first = subprocess.Popen([TOUSU, "batch", "--model", MODEL, "--input", big, "--output", s("busy.jsonl"), "--threads", "1",
                              "--quiet"], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not os.path.exists(s("busy.jsonl.lock")):
        time.sleep(0.01)
    second = run(["batch", "--model", MODEL, "--input", big, "--output", s("busy.jsonl")])
    locked = second.returncode != 0 and f"in use by process {first.pid}" in second.stderr
    first.wait()
    cases.append(["(second run on a busy output)"])
    refused += locked
    changed = (digest(x) != before) + (digest(MODEL) != model_before)
    return len(cases), refused, changed


def fuzz_summary():
    """Per target, over every run logged in .fuzz/logs: executions, seconds, runs still going, crashes."""
    rows = []
    for target in ["FuzzRecords", "FuzzDecoding", "FuzzTokenizer", "FuzzModelFile"]:
        execs = seconds = running = 0
        for log in glob.glob(os.path.join(ROOT, ".fuzz/logs", target + "*.log")):
            body = open(log, errors="replace").read()
            done = re.findall(r"Done (\d+) runs in (\d+) second", body)
            if done:
                execs += int(done[-1][0])
                seconds += int(done[-1][1])
            else:  # still running (or killed): its last status line
                m = re.findall(r"^#(\d+)", body, re.M)
                execs += int(m[-1]) if m else 0
                running += 1
        crashes = len([c for c in glob.glob(os.path.join(ROOT, ".fuzz/crashes", target + "-*")) if "slow-unit" not in c])
        rows.append((target, execs, seconds, running, crashes))
    return rows


def main():
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="tousu-reliability-") as scratch:
        started = time.time()
        tried, lost, changed, bad = generated_cases(scratch, rng)
        print(f"generated files:   {tried} cases (JSONL/CSV, UTF-8/GB18030/UTF-16LE, LF/CRLF/CR, bad records) in "
              f"{time.time() - started:.1f} s")
        print(f"  records lost:    {lost}")
        print(f"  inputs changed:  {changed}")
        print(f"  rejects whose raw bytes differ from the input: {bad}")
        misuse, refused, misuse_changed = misuse_cases(scratch)
        print(f"misuse:            {misuse} cases, {refused} refused, inputs changed: {misuse_changed}")
    print("fuzzing (all runs in .fuzz/logs):")
    print(f"  {'target':<14} {'executions':>12} {'seconds':>8} {'running':>8} {'crashes':>8}")
    for target, execs, seconds, running, crashes in fuzz_summary():
        print(f"  {target:<14} {execs:>12} {seconds:>8} {running:>8} {crashes:>8}")


if __name__ == "__main__":
    main()
