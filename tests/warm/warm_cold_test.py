"""Warm and cold runs give the same verdict on every example bundle (issue #9, docs/warm-runs.md).

Runs `pocsift check` over every bundle in fixtures/bundles twice in two invocations — once
with warm fork servers (the default), once with --cold — and compares, per bundle: the
decision, severity and route, the failed and passed rules, the oracles that fired (oracle,
runtime, variant, attribution) and each runtime's row of the affected-versions table. It also
checks that the warm invocation really ran warm (every run's path is "warm" unless it names
why it ran cold) and that the cold one never did.

usage: warm_cold_test.py <pocsift executable>
"""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLES = os.path.join(HERE, "..", "..", "fixtures", "bundles")
POCSIFT = None


def check_all(extra):
    names = sorted(n for n in os.listdir(BUNDLES) if os.path.isdir(os.path.join(BUNDLES, n)))
    paths = [os.path.join(BUNDLES, n) for n in names]
    done = subprocess.run([POCSIFT, "check", "--format", "json"] + extra + paths,
                          capture_output=True, text=True, timeout=1500)
    records = json.loads(done.stdout)
    return {os.path.basename(p): r for p, r in zip(paths, records)}


def summary(record):
    return {
        "verdict": {k: record["verdict"].get(k) for k in ("decision", "severity", "route")},
        "findings": sorted((f["rule"], f["outcome"]) for f in record["findings"]),
        "fired": sorted((o["oracle"], o["runtime_id"], o["variant"], str(o.get("attributed_to")))
                        for o in record.get("oracles", []) if o.get("fired")),
        "affected": [(a.get("runtime"), a.get("reproduced")) for a in record.get("affected", [])],
    }


class WarmAndCold(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.warm = check_all([])
        cls.cold = check_all(["--cold"])

    def test_same_bundles_checked(self):
        self.assertEqual(sorted(self.warm), sorted(self.cold))
        self.assertGreater(len(self.warm), 20)

    def test_verdicts_agree_on_every_bundle(self):
        for name in sorted(self.cold):
            with self.subTest(bundle=name):
                self.assertEqual(summary(self.warm[name]), summary(self.cold[name]))

    def test_warm_invocation_ran_warm(self):
        warm_runs = 0
        for name, record in sorted(self.warm.items()):
            for run in record.get("runs", []):
                with self.subTest(bundle=name, runtime=run["runtime"], variant=run["variant"]):
                    if run["path"] == "cold":
                        self.assertNotEqual(run["cold_reason"], "", "a cold run must say why")
                    else:
                        self.assertEqual(run["path"], "warm")
                        self.assertEqual(run["cold_reason"], "")
                        warm_runs += 1
        self.assertGreater(warm_runs, 20)

    def test_cold_invocation_never_ran_warm(self):
        for name, record in sorted(self.cold.items()):
            for run in record.get("runs", []):
                with self.subTest(bundle=name, runtime=run["runtime"]):
                    self.assertEqual(run["path"], "cold")
                    self.assertEqual(run["cold_reason"], "")


if __name__ == "__main__":
    POCSIFT = sys.argv.pop(1)
    unittest.main(verbosity=2)
