"""Full checks of the example bundles that run their proof of concept in the sandbox on every
installed Django runtime, against fixtures/bundles/expected.json ("run" entries).

Which runtimes must reproduce a real CVE is read from each runtime's Debian changelog (a
runtime whose changelog names the CVE has the fix), never from a version string, since the
suites move. Usage: reproduction_test.py POCSIFT_BINARY
"""
import glob
import gzip
import json
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLES = os.path.join(ROOT, "fixtures", "bundles")
POCSIFT = None


def load_lock():
    cache = os.environ.get("POCSIFT_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "pocsift")
    locks = glob.glob(os.path.join(cache, "runtimes", "*", "runtimes.lock.json"))
    if not locks:
        return None
    with open(max(locks, key=os.path.getmtime), encoding="utf-8") as f:
        return json.load(f)


def has_fix(runtime, cve, fixed_on):
    """A runtime has the fix when its Debian changelog names the CVE, or when its series was
    first released after the upstream fix (its changelog then starts after it)."""
    with gzip.open(runtime["changelog"], "rt", encoding="utf-8", errors="replace") as f:
        if cve in f.read():
            return True
    return runtime.get("release_date", "") > fixed_on


def check(bundle, *extra):
    proc = subprocess.run([POCSIFT, "check", "--format", "json", *extra, bundle],
                          capture_output=True, timeout=300)
    return proc.returncode, json.loads(proc.stdout)


class Reproduction(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lock = load_lock()
        if cls.lock is None:
            raise unittest.SkipTest("no Django runtimes installed (run scripts/install-runtimes)")
        with open(os.path.join(BUNDLES, "expected.json"), encoding="utf-8") as f:
            cls.expected = {k: v["run"] for k, v in json.load(f)["bundles"].items() if "run" in v}
        cls.results = {name: check(os.path.join(BUNDLES, name)) for name in cls.expected}

    def test_decision_exit_code_and_failed_rules(self):
        for name, want in self.expected.items():
            with self.subTest(bundle=name):
                code, record = self.results[name]
                failed = [f["rule"] for f in record["findings"] if f["outcome"] == "fail"]
                self.assertEqual(record["verdict"]["decision"], want["decision"])
                self.assertEqual(code, want["exit_code"])
                self.assertEqual(sorted(failed), sorted(want["failed_rules"]))
                if "severity" in want:
                    self.assertEqual(record["verdict"]["severity"], want["severity"])

    def test_every_runtime_ran_in_the_sandbox(self):
        for name in self.expected:
            with self.subTest(bundle=name):
                _, record = self.results[name]
                ran = {r["runtime"] for r in record["runs"] if r["status"] == "ok"}
                self.assertEqual(ran, {r["id"] for r in self.lock["runtimes"]})
                for run in record["runs"]:
                    self.assertEqual(run["setup"]["django"], run["version"])

    def test_cves_reproduce_exactly_where_the_changelog_lacks_the_fix(self):
        for name, want in self.expected.items():
            if "cve" not in want:
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                rows = {row["runtime"]: row for row in record["affected"] if row["runtime"]}
                without_fix = [r["id"] for r in self.lock["runtimes"] if not has_fix(r, want["cve"], want["fixed_on"])]
                self.assertTrue(without_fix, "every runtime has the fix: the fixture tests nothing")
                for runtime in self.lock["runtimes"]:
                    self.assertEqual(rows[runtime["id"]]["reproduced"], runtime["id"] in without_fix,
                                     runtime["id"])
                fired = {(o["oracle"], o["runtime_id"]) for o in record["oracles"]
                         if o["fired_runs"] == o["runs"] == 3 and o["variant"] == "baseline"}
                self.assertEqual({r for o, r in fired if o == want["oracle"]}, set(without_fix))

    def test_fixed_range_names_the_cve_among_its_candidates(self):
        for name, want in self.expected.items():
            if "cve" not in want:
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                rng = record["fixed_range"]
                self.assertIsNotNone(rng)
                self.assertIn(want["cve"], rng["candidate_cves"])
                rows = {row["version"]: row for row in record["affected"] if row["version"]}
                self.assertTrue(rows[rng["last_affected"]]["reproduced"])
                self.assertFalse(rows[rng["first_fixed"]]["reproduced"])

    def test_oracle_evidence_and_attribution(self):
        for name, want in self.expected.items():
            if "oracle" not in want:
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                hits = [o for o in record["oracles"] if o["oracle"] == want["oracle"]]
                self.assertTrue(hits, "oracle %s did not fire" % want["oracle"])
                for hit in hits:
                    self.assertEqual(hit["step"], want["step"])
                    self.assertEqual(hit["variant"], want["variant"])
                    self.assertEqual(hit["attributed_to"], want.get("attributed_to", "django"))
                if want.get("reproduced_nowhere"):
                    self.assertFalse(any(row["reproduced"] for row in record["affected"]))

    def test_oracles_fire_on_exactly_the_runtimes_expected(self):
        everywhere = {r["id"] for r in self.lock["runtimes"]}
        for name, want in self.expected.items():
            if want.get("fired_on") != "all":
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                fired = {o["runtime_id"] for o in record["oracles"]
                         if o["oracle"] == want["oracle"] and o["fired_runs"] == o["runs"]}
                self.assertEqual(fired, everywhere)

    def test_oracle_evidence_fields(self):
        for name, want in self.expected.items():
            if "evidence" not in want:
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                for hit in (o for o in record["oracles"] if o["oracle"] == want["oracle"]):
                    for key, value in want["evidence"].items():
                        self.assertEqual(hit["evidence"][key], value, key)

    def test_the_frame_that_performed_the_effect_is_named(self):
        # xss, open-redirect and broken-authentication say whose code did it; when the PoC's
        # own code did, unsanitized-input fails and points at that code.
        for name, want in self.expected.items():
            performed = want.get("performed_by")
            if not performed:
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                hits = [o for o in record["oracles"] if o["oracle"] == want["oracle"]]
                self.assertTrue(hits)
                for hit in hits:
                    by = hit["evidence"]["performed_by"]
                    self.assertEqual(by["file"], performed["file"])
                    self.assertEqual(by["origin"], want["attributed_to"])
                    if "line" in performed:
                        self.assertEqual(by["line"], performed["line"])
                    if "via" in performed:
                        self.assertEqual(hit["evidence"]["via"], performed["via"])
                (finding,) = [f for f in record["findings"]
                              if f["rule"] == "unsanitized-input" and f["outcome"] == "fail"]
                run_time = finding["evidence"].get("confirmed_at_run_time", finding["evidence"])
                self.assertEqual(run_time["oracle"], want["oracle"])
                self.assertEqual(run_time["performed_by"]["file"], performed["file"])

    def test_csrf_is_the_pocs_when_its_view_is_exempt(self):
        _, record = self.results["csrf-exempt-subscribe"]
        hits = [o for o in record["oracles"] if o["oracle"] == "csrf"]
        self.assertEqual({h["step"] for h in hits}, {"attack"})  # "protected" got its 403
        for hit in hits:
            self.assertTrue(hit["evidence"]["write"].startswith("INSERT INTO"))
            self.assertEqual(hit["evidence"]["view"], "newsletter.views.subscribe")

    def test_a_generated_payload_over_a_limit_is_run_scaled_down(self):
        for name, want in self.expected.items():
            scaled = want.get("scaled_down")
            if not scaled:
                continue
            with self.subTest(bundle=name):
                _, record = self.results[name]
                block = record["scaled_down"]
                self.assertTrue(block["runnable"])
                self.assertEqual(block["rules"], [scaled["rule"]])
                self.assertEqual(block["body_repeat_counts"],
                                 [{"step": scaled["step"], "from": scaled["count_from"], "to": scaled["count_to"]}])
                (field,) = block["fields"]
                self.assertEqual((field["scaled_to"], field["limit"]), (scaled["scaled_to"], 2621440))
                self.assertEqual(block["result"]["reproduced"], scaled["reproduced"])
                (finding,) = [f for f in record["findings"] if f["rule"] == scaled["rule"]]
                self.assertEqual(finding["outcome"], "fail")
                self.assertEqual(finding["evidence"]["scaled_down"]["reproduced"], scaled["reproduced"])
                self.assertEqual(finding["evidence"]["scaled_down"]["scaled_to"], scaled["scaled_to"])
                self.assertEqual(record["verdict"]["reasons"][0], scaled["rule"])
                self.assertIn("scaled down", record["verdict"]["summary"])
                if "cve" in want:
                    without_fix = {r["django_version"] for r in self.lock["runtimes"]
                                   if not has_fix(r, want["cve"], want["fixed_on"])}
                    (oracle,) = block["result"]["oracles"]
                    self.assertEqual(oracle["oracle"], want["oracle"])
                    self.assertEqual(set(oracle["runtimes"]), without_fix)
                    self.assertEqual(set(block["result"]["baseline_runtimes"]), without_fix)

    def test_a_literal_payload_over_a_limit_is_not_run(self):
        code, record = check(os.path.join(BUNDLES, "url-over-8k"))
        self.assertEqual((record["verdict"]["decision"], code), ("ineligible", 1))
        self.assertEqual(record["runs"], [])
        self.assertFalse(record["scaled_down"]["runnable"])
        self.assertIn("not a generated payload", record["scaled_down"]["not_scalable"])
        (skip,) = [f for f in record["findings"] if f["rule"] == "not-reproduced"]
        self.assertEqual(skip["outcome"], "skip")
        self.assertIn("url-over-8k", skip["evidence"]["reason"])

    def test_sql_injection_evidence_is_the_statement(self):
        _, record = self.results["cve-2025-64459-connector"]
        hit = next(o for o in record["oracles"] if o["oracle"] == "sql-injection")
        self.assertIn(hit["evidence"]["marker"], hit["evidence"]["statement"])
        self.assertEqual(hit["evidence"]["placement"], "in the statement's own syntax")
        self.assertNotIn(hit["evidence"]["marker"], hit["evidence"]["params"])

    def test_the_pocs_own_subprocess_is_denied_and_counted(self):
        _, record = self.results["poc-runs-subprocess"]
        for run in record["runs"]:
            denied = run["denied_syscalls"]
            self.assertTrue(denied.get("vfork", 0) + denied.get("clone", 0) + denied.get("fork", 0) > 0,
                            run["runtime"])

    def test_received_date_changes_the_verdict(self):
        for name, want in self.expected.items():
            later = want.get("received_later")
            if not later:
                continue
            with self.subTest(bundle=name):
                code, record = check(os.path.join(BUNDLES, name), "--received", later["received"])
                failed = [f["rule"] for f in record["findings"] if f["outcome"] == "fail"]
                self.assertEqual((record["verdict"]["decision"], code),
                                 (later["decision"], later["exit_code"]))
                self.assertEqual(failed, later["failed_rules"])
                self.assertEqual(record["verdict"]["reasons"], later["failed_rules"])

    def test_template_input_is_measured_at_run_time(self):
        for name, want in self.expected.items():
            for key, over in (("measured_dtl_over", True), ("measured_dtl_under", False)):
                if key not in want:
                    continue
                with self.subTest(bundle=name):
                    _, record = self.results[name]
                    measured = [f for f in record["findings"] if f["rule"] == "dtl-over-100kb"
                                and f["evidence"].get("estimate") == "measured at run time"]
                    self.assertEqual(len(measured), 1)
                    self.assertEqual(measured[0]["evidence"]["measured"] > want[key], over)
                    self.assertEqual(measured[0]["outcome"], "fail" if over else "pass")

    def test_settings_override_changes_the_verdict(self):
        # The same PoC without DEBUG = True reproduces nowhere: needs review, not debug-only.
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "bundle")
            shutil.copytree(os.path.join(BUNDLES, "debug-page-leaks-hash"), copy)
            with open(os.path.join(copy, "poc.json"), encoding="utf-8") as f:
                manifest = json.load(f)
            manifest["app"]["settings"] = {}
            with open(os.path.join(copy, "poc.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f)
            os.chmod(tmp, 0o755)
            code, record = check(copy, "--runtimes", "5.2")
        self.assertEqual((record["verdict"]["decision"], code), ("needs-review", 3))
        self.assertEqual({r["variant"] for r in record["runs"]}, {"baseline"})


class CodeRules(unittest.TestCase):
    """The code rules' static findings name what expected.json says: the sink of an
    unsanitized-input flow, the private name, the file and line of a syntax error. They need a
    runtime too: the code is parsed by CPython inside the sandbox."""

    @classmethod
    def setUpClass(cls):
        if load_lock() is None:
            raise unittest.SkipTest("no Django runtimes installed (run scripts/install-runtimes)")
        with open(os.path.join(BUNDLES, "expected.json"), encoding="utf-8") as f:
            cls.expected = json.load(f)["bundles"]

    def static(self, name):
        return check(os.path.join(BUNDLES, name), "--static-only", "--received", "2026-11-20")[1]

    def fails(self, record, rule):
        return [f for f in record["findings"] if f["rule"] == rule and f["outcome"] == "fail"]

    def test_code_was_parsed_in_the_sandbox(self):
        record = self.static("clean")
        self.assertTrue(record["code_analysis"]["ran"])
        self.assertGreater(record["code_analysis"]["modules"], 0)

    def test_unsanitized_input_names_the_sink_and_its_documentation(self):
        for name, want in self.expected.items():
            if "sink" not in want:
                continue
            with self.subTest(bundle=name):
                (finding,) = self.fails(self.static(name), "unsanitized-input")
                flow = finding["evidence"]["flows"][0]
                self.assertEqual(flow["sink"], want["sink"])
                self.assertTrue(flow["doc_url"].startswith("https://"))
                self.assertTrue(finding["locations"])

    def test_documented_safe_flows_are_evidence_not_failures(self):
        record = self.static("orm-kwargs-documented-safe")
        (finding,) = [f for f in record["findings"] if f["rule"] == "unsanitized-input"]
        self.assertEqual(finding["outcome"], "pass")
        calls = {s["call"] for s in finding["evidence"]["documented_safe_flows"]}
        self.assertTrue({"QuerySet.filter", "QuerySet.annotate"} <= calls, calls)

    def test_private_api_names_the_undocumented_name(self):
        for name, want in self.expected.items():
            if "private_name" not in want:
                continue
            with self.subTest(bundle=name):
                (finding,) = self.fails(self.static(name), "private-api")
                self.assertEqual(finding["evidence"]["private_names"][0]["name"], want["private_name"])
                self.assertEqual(len(finding["evidence"]["inventories"]), len(load_lock()["runtimes"]))

    def test_syntax_error_names_file_and_line(self):
        for name, want in self.expected.items():
            if "syntax_error" not in want:
                continue
            with self.subTest(bundle=name):
                (finding,) = self.fails(self.static(name), "poc-missing")
                self.assertEqual(finding["evidence"]["file"], want["syntax_error"]["file"])
                self.assertEqual(finding["evidence"]["line"], want["syntax_error"]["line"])

    def test_a_bundle_module_named_like_the_stdlib_is_never_imported(self):
        # analyze.py runs isolated and never puts the bundle on sys.path: a PoC file named
        # json.py (which would run at import) stays inert, and the analysis still finishes.
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "bundle")
            shutil.copytree(os.path.join(BUNDLES, "clean"), copy)
            with open(os.path.join(copy, "pocapp", "json.py"), "w", encoding="utf-8") as f:
                f.write("raise SystemExit('imported!')\n")
            with open(os.path.join(copy, "ast.py"), "w", encoding="utf-8") as f:
                f.write("raise SystemExit('imported!')\n")
            os.chmod(tmp, 0o755)
            _, record = check(copy, "--static-only", "--received", "2026-11-20")
        self.assertTrue(record["code_analysis"]["ran"])
        self.assertEqual(record["code_analysis"]["modules"], 5)


if __name__ == "__main__":
    POCSIFT = sys.argv.pop(1)
    unittest.main(verbosity=2)
