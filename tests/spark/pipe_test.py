#!/usr/bin/env python3
"""A real distributed run: PySpark (local mode) drives `solieu extract --input-jsonl -`
through RDD.pipe and its records must equal a local run's on the same documents.

    python3 tests/spark/pipe_test.py [--binary target/release/solieu] [--partitions 4]

Documents are made from the UTF-8 sample articles in corpus/*.txt (files that are not
UTF-8 are skipped): each article whole, each paragraph, each non-blank line, each pair
of adjacent paragraphs and each pair of consecutive articles, every one with its own
id (a few ids are integers), plus one line that is not JSON, which `--keep-going` turns
into a warning so the task does not fail.

Two Spark jobs run over the same RDD:
  1. records: `solieu extract --input-jsonl - --keep-going` (exit code checked);
  2. status:  the same with `--status`, standard error piped instead of standard output,
     so each input line's status line comes back through the pipe.
The local run is `solieu extract --input-jsonl FILE --keep-going` on the same JSONL.
Exits 1 on any mismatch; prints documents, records, partitions and "equal to the local
run: yes/no".
"""
import argparse
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def make_documents():
    """Deterministic list of {"id", "text"} dicts from corpus/*.txt (UTF-8 only)."""
    articles = []
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt"))):
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8")
        except UnicodeDecodeError:
            continue  # cp1258, UTF-16 …: not UTF-8, left out
        if "\x00" in text:
            continue
        articles.append((os.path.splitext(os.path.basename(path))[0], text))
    docs = []
    for name, text in articles:
        docs.append({"id": f"{name}/whole", "text": text})
        paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        for i, p in enumerate(paras):
            docs.append({"id": f"{name}/para-{i}", "text": p})
        for i in range(len(paras) - 1):
            docs.append({"id": f"{name}/paras-{i}-{i + 1}", "text": paras[i] + "\n\n" + paras[i + 1]})
        for i, line in enumerate(l for l in text.splitlines() if l.strip()):
            docs.append({"id": f"{name}/line-{i}", "text": line})
    for i in range(len(articles)):
        (a, ta), (b, tb) = articles[i], articles[(i + 1) % len(articles)]
        docs.append({"id": f"{a}+{b}", "text": ta + "\n\n" + tb})
    # A few integer ids (stream mode uses their decimal text as doc.path) and a
    # document with no figures.
    for n, d in enumerate(docs[:: max(1, len(docs) // 5)][:5]):
        docs.append({"id": 900000 + n, "text": d["text"], "url": f"https://example.org/{n}"})
    docs.append({"id": "no-figures", "text": "Bài viết này không có số liệu nào."})
    ids = [str(d["id"]) for d in docs]
    assert len(ids) == len(set(ids)), "document ids must be unique"
    return docs


def canon(line):
    return json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "solieu"))
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"pipe_test: no executable {binary} (cargo build --release)")

    docs = make_documents()
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    bad_at = len(lines) // 2
    lines.insert(bad_at, "this line is not JSON")  # --keep-going: a warning, not a failure

    tmp = tempfile.mkdtemp(prefix="solieu-spark-")
    jsonl = os.path.join(tmp, "docs.jsonl")
    with open(jsonl, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    # The local run.
    local = subprocess.run([binary, "extract", "--input-jsonl", jsonl, "--keep-going"],
                           capture_output=True, check=True)
    local_records = local.stdout.decode("utf-8").splitlines()

    # The distributed run.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    log4j = os.path.join(tmp, "log4j2.properties")  # quiet: errors only, from the start
    with open(log4j, "w") as f:
        f.write("rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\n"
                "appender.console.type = Console\nappender.console.name = console\n"
                "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
                "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n")
    from pyspark import SparkConf, SparkContext

    conf = (SparkConf().setMaster(f"local[{args.partitions}]").setAppName("solieu-pipe-test")
            .set("spark.driver.memory", "512m")
            .set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"))
    t0 = time.time()
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.parallelize(lines, args.partitions)
        partitions = rdd.getNumPartitions()
        per_partition = rdd.glom().map(len).collect()
        cmd = [binary, "extract", "--input-jsonl", "-", "--keep-going"]
        spark_records = rdd.pipe(shlex.join(cmd), checkCode=True).collect()
        # --status writes on standard error: pipe that one instead (records discarded).
        status_cmd = ["/bin/sh", "-c", shlex.join(cmd + ["--status"]) + " 2>&1 >/dev/null"]
        spark_stderr = rdd.pipe(shlex.join(status_cmd), checkCode=True).collect()
    finally:
        sc.stop()
    elapsed = time.time() - t0
    shutil.rmtree(tmp, ignore_errors=True)

    problems = []
    if partitions != args.partitions or any(n == 0 for n in per_partition):
        problems.append(f"partitions: {per_partition}")
    local_set = sorted(canon(r) for r in local_records)
    spark_set = sorted(canon(r) for r in spark_records)
    equal = local_set == spark_set
    if not equal:
        only_local = set(local_set) - set(spark_set)
        only_spark = set(spark_set) - set(local_set)
        problems.append(f"records differ: {len(local_set)} local, {len(spark_set)} spark, "
                        f"{len(only_local)} only local, {len(only_spark)} only spark")
        for r in sorted(only_local)[:3] + sorted(only_spark)[:3]:
            problems.append("  " + r[:200])
    same_order = local_records == spark_records
    if not same_order:
        problems.append("records are not in input order (partitions concatenated)")
    if len(set(json.loads(r)["id"] for r in spark_records)) != len(spark_records):
        problems.append("record ids are not unique")

    # Status: one line per input line, records as counted, the bad line lost.
    statuses = [json.loads(l)["status"] for l in spark_stderr if l.startswith('{"status"')]
    reports = [json.loads(l) for l in spark_stderr if l.startswith('{"error"')]
    if len(statuses) != len(lines):
        problems.append(f"status lines: {len(statuses)} for {len(lines)} input lines")
    lost = [s for s in statuses if s["error"] is not None]
    no_figures = [s for s in statuses if s["error"] is None and s["records"] == 0]
    if len(lost) != 1 or len(reports) != 1:
        problems.append(f"lost documents: {len(lost)} (reports {len(reports)}), expected 1")
    if sum(s["records"] for s in statuses) != len(spark_records):
        problems.append("status record counts do not add up to the records")
    per_doc = {}
    for r in spark_records:
        p = json.loads(r)["doc"]["path"]
        per_doc[p] = per_doc.get(p, 0) + 1
    for s in statuses:
        if s["error"] is None and per_doc.get(s["id"], 0) != s["records"]:
            problems.append(f"status of {s['id']}: {s['records']} records, {per_doc.get(s['id'], 0)} written")
            break
    if "no-figures" not in {s["id"] for s in no_figures}:
        problems.append("the document without figures is not reported as records: 0")

    print(f"documents: {len(docs)} (+1 bad line), {sum(1 for d in docs if str(d['id']) in per_doc)} with records")
    print(f"records: {len(spark_records)} (local run: {len(local_records)})")
    print(f"partitions: {partitions} {per_partition}")
    print(f"status lines: {len(statuses)}, no figures: {len(no_figures)}, lost: {len(lost)}")
    print(f"equal to the local run: {'yes' if equal else 'no'} (same order: {'yes' if same_order else 'no'})")
    print(f"spark time: {elapsed:.1f} s")
    for p in problems:
        print("pipe_test: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
