#!/usr/bin/env python3
"""Sandboxed runs per second under `pocsift serve`, warm fork servers against --cold
(docs/warm-runs.md, docs/benchmarks.md).

Starts the server twice (warm, the default, then --cold) with --workers 2 --jobs 1 on every
installed runtime, submits N distinct one-request bundles (the clean example cut to its first
step, each with its own title), waits until every case is done, and prints the cases and the
sandboxed runs (from the records) per second of wall time, and the median case time.

usage: bench/serve/warm_throughput.py <pocsift binary> [cases (default 20)]
"""
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def one_request_bundle(i):
    folder = ROOT / "fixtures" / "bundles" / "clean"
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as t:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            if path.name == "poc.json":
                manifest = json.loads(data)
                manifest["steps"] = manifest["steps"][:1]
                manifest["expect"] = []
                manifest["title"] = "throughput %d" % i
                data = json.dumps(manifest).encode()
            info = tarfile.TarInfo(path.relative_to(folder).as_posix())
            info.size, info.mode = len(data), 0o644
            t.addfile(info, io.BytesIO(data))
    return out.getvalue()


def call(base, token, method, path, body=None):
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def measure(binary, cases, extra):
    with tempfile.TemporaryDirectory() as work:
        token = os.urandom(24).hex()
        Path(work, "tokens").write_text("bench:submit,read:%s\n" % token)
        server = subprocess.Popen(
            [binary, "serve", "--port", "0", "--store", work + "/cases.sqlite", "--tokens",
             work + "/tokens", "--workers", "2", "--jobs", "1", "--repeats", "1",
             "--queue-limit", "1000", "--submitter-queue-limit", "1000"] + extra,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = server.stdout.readline()
            base = "http://" + line.rsplit("http://", 1)[1].strip()
            bundles = [one_request_bundle(i) for i in range(cases)]
            started = time.perf_counter()
            ids = [call(base, token, "POST", "/v1/cases", b)["id"] for b in bundles]
            done = {}
            while len(done) < len(ids):
                for case_id in ids:
                    if case_id in done:
                        continue
                    case = call(base, token, "GET", "/v1/cases/" + case_id)
                    if case["status"] in ("done", "failed"):
                        done[case_id] = case
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    runs = [r for c in done.values() for r in ((c.get("record") or {}).get("runs") or [])]
    paths = {}
    for r in runs:
        paths[r["path"]] = paths.get(r["path"], 0) + 1
    case_ms = [r["wall_ms"] for r in runs]
    return {"cases": cases, "seconds": round(elapsed, 2),
            "cases_per_s": round(cases / elapsed, 2), "runs": len(runs),
            "runs_per_s": round(len(runs) / elapsed, 2), "paths": paths,
            "median_run_wall_ms": statistics.median(case_ms) if case_ms else None}


def main():
    binary = os.path.realpath(sys.argv[1])
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    print("%d cores; %d one-request cases on every installed runtime" % (os.cpu_count(), cases))
    for name, extra in (("warm", []), ("cold", ["--cold"])):
        print(name, json.dumps(measure(binary, cases, extra)))


if __name__ == "__main__":
    main()
