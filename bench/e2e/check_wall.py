#!/usr/bin/env python3
"""End-to-end wall time of `pocsift check` on a one-request bundle: each runtime alone, and the
whole matrix, cold (a fresh sandbox and interpreter per run), medians over repeated runs.

Usage: bench/e2e/check_wall.py [--pocsift build/engine/pocsift] [--repeat 7] [--jobs 2]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def one_request_bundle(tmp):
    """The clean example with only its first request step."""
    bundle = os.path.join(tmp, "one-request")
    shutil.copytree(os.path.join(ROOT, "fixtures", "bundles", "clean"), bundle)
    with open(os.path.join(bundle, "poc.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    manifest["steps"] = manifest["steps"][:1]
    manifest["expect"] = []
    with open(os.path.join(bundle, "poc.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f)
    os.chmod(tmp, 0o755)
    return bundle


def timed(cmd):
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    elapsed = (time.perf_counter() - started) * 1000
    if proc.returncode not in (0, 1, 3):
        raise SystemExit("%s failed (%d): %s" % (" ".join(cmd), proc.returncode, proc.stderr.decode()))
    return elapsed


def runtimes(pocsift):
    out = subprocess.run([pocsift, "runtimes", "--json"], capture_output=True, check=True).stdout
    return [r["id"] for r in json.loads(out)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pocsift", default=os.path.join(ROOT, "build", "engine", "pocsift"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundle = one_request_bundle(tmp)
        base = [args.pocsift, "check", "-q", "--repeats", "1", "--jobs", str(args.jobs), bundle]
        timed([args.pocsift, "check", "-q", "--static-only", bundle])  # warm the page cache
        rows = [("static-only", base[:2] + ["-q", "--static-only", bundle])]
        rows += [("runtime " + r, base[:-1] + ["--runtimes", r, bundle]) for r in runtimes(args.pocsift)]
        rows.append(("whole matrix", base))
        print("%-22s %10s %10s %10s   (ms, %d runs each, --jobs %d, cold)"
              % ("case", "median", "min", "max", args.repeat, args.jobs))
        for label, cmd in rows:
            samples = [timed(cmd) for _ in range(args.repeat)]
            print("%-22s %10.1f %10.1f %10.1f" % (label, statistics.median(samples), min(samples),
                                                  max(samples)))


if __name__ == "__main__":
    main()
