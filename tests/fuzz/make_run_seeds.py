#!/usr/bin/env python3
"""Writes the `runs` fuzz target's checked-in seeds (tests/fuzz/corpus/runs/) from case records.

Usage: tests/fuzz/make_run_seeds.py RECORD.json...   where each record is what
`pocsift check fixtures/bundles/<name> --format json` printed for one of the bundles listed in
tests/fuzz/runs_fuzzer.cc (kBundles; the record's file name is <name>.json). For each record
it takes the run where an oracle fired (else the first), rebuilds the harness's answer (the
ready frame, one frame per step, done), one JSON frame per line after the bundle's index
byte, and trims it to stay small for the fuzzer: arrays keep their first and last 3 entries,
strings their first 2,000 characters. Records come from real sandboxed runs; nothing here
runs a bundle.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZER = os.path.join(HERE, "runs_fuzzer.cc")


def bundle_order():
    text = open(FUZZER, encoding="utf-8").read()
    block = text[text.index("kBundles[] = {"):text.index("};", text.index("kBundles[] = {"))]
    return re.findall(r'"([^"]+)"', block)


def trim(value):
    if isinstance(value, list):
        kept = value if len(value) <= 6 else value[:3] + value[-3:]
        return [trim(v) for v in kept]
    if isinstance(value, dict):
        return {k: trim(v) for k, v in value.items()}
    if isinstance(value, str):
        return value[:2000]
    return value


def fired_run(record):
    """The run behind the first oracle that fired (one other than `exception` if any)."""
    fired = [o for o in record.get("oracles", []) if o.get("fired")]
    fired.sort(key=lambda o: o.get("oracle") == "exception")
    for oracle in fired:
        for run in record.get("runs", []):
            if (run.get("runtime"), run.get("variant")) == (oracle.get("runtime_id"),
                                                            oracle.get("variant")):
                return run
    return record["runs"][0]


def main(paths):
    order = bundle_order()
    out_dir = os.path.join(HERE, "corpus", "runs")
    os.makedirs(out_dir, exist_ok=True)
    for path in paths:
        name = os.path.basename(path)[:-len(".json")]
        record = json.load(open(path, encoding="utf-8"))
        if name not in order or not record.get("runs"):
            print("skipped", path, file=sys.stderr)
            continue
        run = fired_run(record)
        frames = [run["setup"]] + run["steps"] + [{"type": "done"}]
        lines = "\n".join(json.dumps(trim(f), ensure_ascii=False) for f in frames)
        with open(os.path.join(out_dir, name), "wb") as out:
            out.write(bytes([order.index(name)]) + lines.encode("utf-8"))
        print(name, run.get("runtime"), len(lines), "bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
