#!/usr/bin/python3
"""Black-box tests of the pocsift command line.

Usage: cli_test.py PATH/TO/pocsift [TestClass ...]

Runs the real binary on the example bundles (fixtures/bundles/expected.json is the golden
file), validates every case record against docs/case-record.schema.json, checks that a
bundle's case id does not depend on its container, and feeds the engine a battery of bad
input: each must give exit code 2 and exactly one line on stderr, "pocsift: ...", quickly.

Only the standard library and Debian's python3-jsonschema.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest
import urllib.parse
import zipfile

import jsonschema

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUNDLES = os.path.join(ROOT, "fixtures", "bundles")
EXPECTED = os.path.join(BUNDLES, "expected.json")
SCHEMA = os.path.join(ROOT, "docs", "case-record.schema.json")
POCSIFT = None  # set from argv in main()

RECEIVED = "2026-11-20"
STATIC = ["--static-only", "--received", RECEIVED]
TIMEOUT_S = 20  # a hang is a failure, not a stuck test run

# What the engine substitutes for placeholders when it measures sizes (engine/placeholders.cc,
# nonce "0000000000000000"); each has a fixed length whatever the nonce.
MEASUREMENT_PLACEHOLDERS = {
    "{{marker}}": "psm0000000000000000",
    "{{xss}}": '<script>pocsift_xss("0000000000000000")</script>',
    "{{evil_host}}": "evil-0000000000000000.pocsift.invalid",
}


def run(*args, timeout=TIMEOUT_S):
    return subprocess.run([POCSIFT, *args], capture_output=True, timeout=timeout)


def check_json(*bundles, extra=()):
    proc = run("check", *STATIC, "--format", "json", *extra, *bundles)
    records = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, records


def load_expected():
    with open(EXPECTED, encoding="utf-8") as f:
        return json.load(f)


def load_schema():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def expand(text):
    for placeholder, value in MEASUREMENT_PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return text


def form_encode(pairs):
    """application/x-www-form-urlencoded as the engine writes it (urllib's quote_plus)."""
    return urllib.parse.urlencode([(expand(n), expand(v)) for n, v in pairs])


def wire_sizes(request):
    """An independent measurement of a manifest request's wire form: request target, longest
    header line, body size. Covers what the example bundles use."""
    target = expand(request["path"])
    if request.get("query"):
        target += "?" + form_encode(request["query"])
    lines = ["%s: %s" % (n, expand(v)) for n, v in request.get("headers", [])]
    if request.get("cookies"):
        lines.append("Cookie: " + "; ".join(
            "%s=%s" % (n, expand(v)) for n, v in request["cookies"].items()))
    if "body" in request:
        body = len(expand(request["body"]).encode())
    elif "form" in request:
        body = len(form_encode(request["form"]))
    elif "json" in request:
        body = len(expand(json.dumps(request["json"], separators=(",", ":"),
                                     ensure_ascii=False)).encode())
    elif "body_repeat" in request:
        r = request["body_repeat"]
        body = (len(expand(r.get("prefix", "")).encode()) + len(expand(r.get("suffix", "")).encode())
                + len(expand(r["unit"]).encode()) * int(r["count"]))
    else:
        body = 0
    return {"url-over-8k": len(target.encode()),
            "header-over-8k": max([len(l.encode()) for l in lines], default=0),
            "body-over-2.5mb": body}


def largest_wire_size(bundle_dir, rule):
    with open(os.path.join(bundle_dir, "poc.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return max(wire_sizes(step["request"])[rule]
               for step in manifest.get("steps", []) if "request" in step)


def failed_rules(record):
    return [f["rule"] for f in record["findings"] if f["outcome"] == "fail"]


class Fixtures(unittest.TestCase):
    """Every example bundle gives the decision, exit code and failed rules of expected.json."""

    @classmethod
    def setUpClass(cls):
        cls.expected = load_expected()
        cls.results = {}
        for name in cls.expected["bundles"]:
            proc = run("check", *cls.expected["options"], os.path.join(BUNDLES, name))
            cls.results[name] = (proc, json.loads(proc.stdout) if proc.stdout.strip() else None)

    def test_expected_json_covers_every_example_folder(self):
        folders = sorted(e.name for e in os.scandir(BUNDLES) if e.is_dir())
        self.assertEqual(folders, sorted(self.expected["bundles"]))

    def test_decision_exit_code_and_failed_rules(self):
        for name, want in self.expected["bundles"].items():
            with self.subTest(bundle=name):
                proc, record = self.results[name]
                self.assertEqual(proc.stderr, b"")
                self.assertIsInstance(record, dict, "one bundle prints one JSON object")
                self.assertEqual(record["verdict"]["decision"], want["decision"])
                self.assertEqual(proc.returncode, want["exit_code"])
                self.assertEqual(failed_rules(record), want["failed_rules"])
                self.assertEqual(record["verdict"]["reasons"], want["failed_rules"])

    def test_size_rule_evidence(self):
        for name, want in self.expected["bundles"].items():
            for rule, evidence in want.get("evidence", {}).items():
                with self.subTest(bundle=name, rule=rule):
                    _, record = self.results[name]
                    fails = [f for f in record["findings"]
                             if f["rule"] == rule and f["outcome"] == "fail"]
                    self.assertEqual(len(fails), 1)
                    got = fails[0]["evidence"]
                    self.assertEqual({k: got.get(k) for k in evidence}, evidence)
                    self.assertIn(str(evidence["measured"]), fails[0]["message"])
                    self.assertTrue(fails[0]["policy"].startswith("Reporting guidelines: "))

    def test_failed_size_rules_measure_what_an_independent_encoder_measures(self):
        for name, want in self.expected["bundles"].items():
            for rule, evidence in want.get("evidence", {}).items():
                with self.subTest(bundle=name, rule=rule):
                    self.assertEqual(largest_wire_size(os.path.join(BUNDLES, name), rule),
                                     evidence["measured"])

    def test_boundary_twins_pass_one_byte_under_the_limit(self):
        for name, want in self.expected["bundles"].items():
            if "at_limit" not in want:
                continue
            rule, measured = want["at_limit"]["rule"], want["at_limit"]["measured"]
            with self.subTest(bundle=name, rule=rule):
                _, record = self.results[name]
                outcomes = [f["outcome"] for f in record["findings"] if f["rule"] == rule]
                self.assertEqual(outcomes, ["pass"])
                self.assertEqual(largest_wire_size(os.path.join(BUNDLES, name), rule), measured)

    def test_boundary_twins_report_their_measured_size_on_pass(self):
        for name, want in self.expected["bundles"].items():
            if "at_limit" not in want:
                continue
            rule, measured = want["at_limit"]["rule"], want["at_limit"]["measured"]
            with self.subTest(bundle=name, rule=rule):
                _, record = self.results[name]
                finding = next(f for f in record["findings"] if f["rule"] == rule)
                self.assertEqual(finding["evidence"].get("measured"), measured)

    def test_json_body_placeholders_are_json_escaped(self):
        # {{xss}} carries double quotes; inside a JSON string they must be escaped, so each
        # expanded payload is 48 bytes raw, 50 bytes in the JSON body.
        payload = MEASUREMENT_PLACEHOLDERS["{{xss}}"]
        with tempfile.TemporaryDirectory() as tmp:
            bundle = os.path.join(tmp, "xss-json")
            shutil.copytree(os.path.join(BUNDLES, "clean"), bundle)
            with open(os.path.join(bundle, "poc.json"), encoding="utf-8") as f:
                manifest = json.load(f)
            manifest["steps"][1]["request"] = {"method": "POST", "path": "/items/",
                                               "json": ["{{xss}}"] * 60000}
            with open(os.path.join(bundle, "poc.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f)
            _, record = check_json(bundle)
        fail = next(f for f in record["findings"] if f["outcome"] == "fail")
        self.assertEqual(fail["evidence"]["measured"],
                         len(json.dumps([payload] * 60000, separators=(",", ":"))))

    def test_the_example_of_bundle_format_md_is_accepted(self):
        with open(os.path.join(ROOT, "docs", "bundle-format.md"), encoding="utf-8") as f:
            page = f.read()
        start = page.index('```json\n{\n  "format"') + len("```json\n")
        manifest = page[start:page.index("\n```", start)]
        with tempfile.TemporaryDirectory() as tmp:
            bundle = os.path.join(tmp, "report")
            shutil.copytree(os.path.join(BUNDLES, "clean"), bundle)
            os.makedirs(os.path.join(bundle, "pocapp", "fixtures"))
            with open(os.path.join(bundle, "pocapp", "fixtures", "items.json"), "w") as f:
                f.write("[]")
            with open(os.path.join(bundle, "payload.bin"), "wb") as f:
                f.write(b"x" * 100)
            with open(os.path.join(bundle, "poc.json"), "w", encoding="utf-8") as f:
                f.write(manifest)
            proc, record = check_json(bundle)
        self.assertEqual((proc.returncode, proc.stderr), (3, b""))
        self.assertEqual(failed_rules(record), [])

    def test_received_option_sets_the_dates(self):
        _, record = self.results["clean"]
        self.assertEqual(record["received"], "2026-11-20T00:00:00Z")
        self.assertEqual(record["received_source"], "option")
        self.assertEqual(record["ack_due"], "2026-11-25")  # Fri +3 working days: Mon, Tue, Wed
        self.assertEqual(record["resolution_due"], "2027-02-18")

    def test_ack_and_resolution_dates(self):
        # received (option) -> (received as written in the record, ack due, resolution due).
        # Ack: 3 working days (Mon-Fri) after the UTC date; resolution: 90 calendar days.
        table = {
            "2026-11-21": ("2026-11-21T00:00:00Z", "2026-11-25", "2027-02-19"),  # Saturday
            "2026-11-22": ("2026-11-22T00:00:00Z", "2026-11-25", "2027-02-20"),  # Sunday
            "2026-11-23": ("2026-11-23T00:00:00Z", "2026-11-26", "2027-02-21"),  # Monday
            "2026-11-26": ("2026-11-26T00:00:00Z", "2026-12-01", "2027-02-24"),  # Thursday
            "2026-11-20T23:30:00-05:00": ("2026-11-21T04:30:00Z", "2026-11-25", "2027-02-19"),
            "2026-11-20T09:30:00+10:00": ("2026-11-19T23:30:00Z", "2026-11-24", "2027-02-17"),
        }
        for received, want in table.items():
            with self.subTest(received=received):
                proc = run("check", "--static-only", "--received", received, "--format", "json",
                           os.path.join(BUNDLES, "clean"))
                record = json.loads(proc.stdout)
                self.assertEqual((record["received"], record["ack_due"], record["resolution_due"]),
                                 want)

    def test_manifest_received_is_used_without_the_option(self):
        proc = run("check", "--static-only", "--format", "json", os.path.join(BUNDLES, "clean"))
        record = json.loads(proc.stdout)
        self.assertEqual(record["received"], "2026-11-20T09:30:00Z")
        self.assertEqual(record["received_source"], "manifest")

    def test_text_format_names_the_verdict_and_the_failed_rule(self):
        proc = run("check", *STATIC, os.path.join(BUNDLES, "url-over-8k"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"verdict: ineligible", proc.stdout)
        self.assertIn(b"url-over-8k", proc.stdout)

    def test_quiet_prints_nothing_and_keeps_the_exit_code(self):
        proc = run("check", *STATIC, "-q", os.path.join(BUNDLES, "body-over-2.5mb"))
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (1, b"", b""))

    def test_output_writes_the_record_to_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "case.json")
            proc = run("check", *STATIC, "--format", "json", "--output", out,
                       os.path.join(BUNDLES, "poc-missing"))
            self.assertEqual((proc.returncode, proc.stdout), (1, b""))
            with open(out, encoding="utf-8") as f:
                self.assertEqual(json.load(f)["verdict"]["reasons"], ["poc-missing"])


class CaseRecordSchema(unittest.TestCase):
    """Every record the engine writes is valid against docs/case-record.schema.json."""

    def test_schema_is_a_valid_schema(self):
        load_schema()

    def test_every_example_record_validates(self):
        validator = load_schema()
        names = sorted(load_expected()["bundles"])
        proc, records = check_json(*[os.path.join(BUNDLES, n) for n in names])
        self.assertEqual(len(records), len(names))
        for name, record in zip(names, records):
            with self.subTest(bundle=name):
                errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
                self.assertEqual([], ["%s: %s" % (list(e.path), e.message) for e in errors])

    def test_schema_rejects_what_the_contract_forbids(self):
        validator = load_schema()
        _, record = check_json(os.path.join(BUNDLES, "clean"))
        self.assertTrue(validator.is_valid(record))
        for path, value in [(("case_id",), "c-XYZ"), (("verdict", "decision"), "maybe"),
                            (("verdict", "route"), "nowhere"), (("verdict", "severity"), "critical"),
                            (("findings", 0, "outcome"), "unknown"), (("format",), "pocsift-case/2")]:
            with self.subTest(field=path):
                broken = json.loads(json.dumps(record))
                target = broken
                for key in path[:-1]:
                    target = target[key]
                target[path[-1]] = value
                self.assertFalse(validator.is_valid(broken))
        broken = json.loads(json.dumps(record))
        del broken["ack_due"]
        self.assertFalse(validator.is_valid(broken))

    def test_schema_accepts_added_fields(self):
        validator = load_schema()
        _, record = check_json(os.path.join(BUNDLES, "clean"))
        record["sarif"] = {"added": True}
        record["affected"][0]["python"] = "3.11"
        record["findings"][0]["fix"] = "a later field"
        self.assertTrue(validator.is_valid(record))


def zero_stream(size):
    """A file-like object of `size` zero bytes, never held in memory at once."""

    class Zeros:
        def __init__(self):
            self.left = size

        def read(self, n=-1):
            n = self.left if n is None or n < 0 else min(n, self.left)
            self.left -= n
            return bytes(n)

    return Zeros()


def tar_add_tree(tar, folder, top):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        rel = os.path.relpath(dirpath, folder)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            arc = os.path.normpath(os.path.join(top, rel, name)) if top else os.path.normpath(
                os.path.join(rel, name))
            tar.add(path, arcname=arc, recursive=False)


def zip_tree(zip_path, folder, top):
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            rel = os.path.relpath(dirpath, folder)
            for name in sorted(filenames):
                arc = os.path.normpath(os.path.join(top or ".", rel, name))
                z.write(os.path.join(dirpath, name), arc)


class ArchiveEquivalence(unittest.TestCase):
    """The same content as a folder, a .tar.gz, a .tgz, a .tar or a .zip, with or without one
    top-level folder, has the same case id."""

    def test_same_case_id_whatever_the_container(self):
        source = os.path.join(BUNDLES, "clean")
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for top in ("", "report-1234"):
                for suffix, mode in ((".tar.gz", "w:gz"), (".tgz", "w:gz"), (".tar", "w")):
                    path = os.path.join(tmp, "b-%s%s" % (top or "plain", suffix))
                    with tarfile.open(path, mode) as tar:
                        tar_add_tree(tar, source, top)
                    paths.append(path)
                path = os.path.join(tmp, "b-%s.zip" % (top or "plain"))
                zip_tree(path, source, top)
                paths.append(path)
            proc, records = check_json(source, *paths)
            self.assertEqual(proc.stderr.decode(), "")
            self.assertEqual(proc.returncode, 3)
            self.assertEqual(len(records), len(paths) + 1)
            ids = {p: r["case_id"] for p, r in zip([source] + paths, records)}
            self.assertEqual(len(set(ids.values())), 1, ids)
            self.assertEqual(len({r["bundle_sha256"] for r in records}), 1)
            self.assertTrue(all(r["bundle_sha256"].startswith(r["case_id"][2:]) for r in records))

    def test_different_content_gives_a_different_case_id(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "clean")
            shutil.copytree(os.path.join(BUNDLES, "clean"), copy)
            with open(os.path.join(copy, "README.md"), "a", encoding="utf-8") as f:
                f.write("\none more line\n")
            _, records = check_json(os.path.join(BUNDLES, "clean"), copy)
            self.assertNotEqual(records[0]["case_id"], records[1]["case_id"])


class BadInput(unittest.TestCase):
    """Each bad input gives exit code 2 and one line on stderr naming the problem."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="pocsift-cli-test-")
        with open(os.path.join(BUNDLES, "clean", "poc.json"), encoding="utf-8") as f:
            cls.clean_manifest = json.load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # --- helpers -------------------------------------------------------------------------

    def fresh(self, name):
        """A copy of the clean example bundle in a new folder."""
        path = os.path.join(self.tmp, name)
        shutil.copytree(os.path.join(BUNDLES, "clean"), path)
        return path

    def with_manifest(self, name, manifest=None, raw=None):
        path = self.fresh(name)
        with open(os.path.join(path, "poc.json"), "wb") as f:
            f.write(raw if raw is not None else json.dumps(manifest).encode())
        return path

    def manifest(self, **changes):
        m = json.loads(json.dumps(self.clean_manifest))
        m.update(changes)
        return m

    def tar_with(self, name, members, mode="w"):
        """A tar of the clean bundle plus `members`: (TarInfo, bytes or None)."""
        path = os.path.join(self.tmp, name)
        with tarfile.open(path, mode) as tar:
            tar_add_tree(tar, os.path.join(BUNDLES, "clean"), "")
            for info, data in members:
                tar.addfile(info, None if data is None else io.BytesIO(data))
        return path

    def assert_bad_input(self, *args, words, bundle_args=True):
        start = time.monotonic()
        argv = ["check", *STATIC, "--format", "json", *args] if bundle_args else list(args)
        proc = run(*argv)
        elapsed = time.monotonic() - start
        stderr = proc.stderr.decode("utf-8", "replace")
        lines = stderr.splitlines()
        self.assertEqual(proc.returncode, 2, stderr)
        self.assertEqual(len(lines), 1, "expected one line on stderr, got: %r" % stderr)
        self.assertTrue(lines[0].startswith("pocsift: "), lines[0])
        for word in [words] if isinstance(words, str) else words:
            self.assertIn(word, lines[0])
        self.assertEqual(proc.stdout, b"")
        self.assertLess(elapsed, 10, "bad input should be refused quickly")
        return lines[0]

    # --- the manifest ----------------------------------------------------------------------

    def test_malformed_json(self):
        self.assert_bad_input(self.with_manifest("malformed", raw=b'{"format": "pocsift-bundle/1",'),
                              words="not valid JSON")

    def test_empty_poc_json(self):
        self.assert_bad_input(self.with_manifest("empty", raw=b""), words="not valid JSON")

    def test_poc_json_is_an_array(self):
        self.assert_bad_input(self.with_manifest("array", raw=b'[{"format": "pocsift-bundle/1"}]'),
                              words="expected an object")

    def test_unknown_format(self):
        self.assert_bad_input(self.with_manifest("format", self.manifest(format="pocsift-bundle/9")),
                              words=["format", "pocsift-bundle/9"])

    def test_invalid_utf8(self):
        raw = json.dumps(self.manifest(title="caf\u00e9"), ensure_ascii=False).encode().replace(b"\xc3\xa9", b"\xe9")
        self.assert_bad_input(self.with_manifest("utf8", raw=raw), words="UTF-8")

    def test_non_string_path(self):
        m = self.manifest()
        m["steps"][0]["request"]["path"] = 42
        self.assert_bad_input(self.with_manifest("nonstring", m),
                              words=["steps[0].request.path", "expected a string"])

    def test_missing_instructions_file(self):
        path = self.fresh("noinstructions")
        os.remove(os.path.join(path, "README.md"))
        self.assert_bad_input(path, words=["instructions", "README.md", "not in the bundle"])

    def test_missing_body_file(self):
        m = self.manifest()
        m["steps"][1]["request"]["body_file"] = "payload.bin"
        self.assert_bad_input(self.with_manifest("nobodyfile", m),
                              words=["steps[1].request.body_file", "payload.bin"])

    def test_missing_app_package_folder(self):
        path = self.fresh("noapp")
        shutil.rmtree(os.path.join(path, "pocapp"))
        self.assert_bad_input(path, words=["app.package", "no folder"])

    def test_cookie_name_that_is_not_a_token(self):
        # "a; b=c" would smuggle a second cookie into the one Cookie line.
        m = self.manifest()
        m["steps"][1]["request"]["cookies"] = {"a; b=c": "v"}
        self.assert_bad_input(self.with_manifest("cookiename", m),
                              words=["steps[1].request.cookies", "cookie name"])

    def test_messages_quote_control_characters_on_one_line(self):
        # A name or value the manifest refuses is quoted in the message; CR/LF in it must not
        # break the one-line contract (nor let a bundle print a forged "pocsift:" line).
        cases = {
            "crlf-format": self.manifest(format="x\r\npocsift: forged"),
            "crlf-cookie": self.manifest(),
            "crlf-key": dict(self.manifest(), **{"bad\nkey": 1}),
        }
        cases["crlf-cookie"]["steps"][1]["request"]["cookies"] = {"a\r\nX-Injected: 1": "v"}
        for name, manifest in cases.items():
            with self.subTest(case=name):
                self.assert_bad_input(self.with_manifest(name, manifest), words="poc.json")

    def test_header_value_with_crlf(self):
        m = self.manifest()
        m["steps"][1]["request"]["headers"] = [["X-A", "v\r\nX-Injected: 1"]]
        self.assert_bad_input(self.with_manifest("headercrlf", m),
                              words=["steps[1].request.headers[0][1]", "CR, LF"])

    def test_deeply_nested_json(self):
        depth = 100_000
        raw = b'{"format": "pocsift-bundle/1", "app": {"package": "pocapp", "settings": {"X": ' + \
            b"[" * depth + b"]" * depth + b"}}}"
        self.assert_bad_input(self.with_manifest("deep", raw=raw), words="nested deeper")

    # --- archives --------------------------------------------------------------------------

    def member(self, name, kind=tarfile.REGTYPE, data=b"x", **fields):
        info = tarfile.TarInfo(name)
        info.type = kind
        info.size = len(data) if kind == tarfile.REGTYPE else 0
        for key, value in fields.items():
            setattr(info, key, value)
        return info, (data if kind == tarfile.REGTYPE else None)

    def test_tar_member_with_dotdot(self):
        path = self.tar_with("dotdot.tar.gz", [self.member("../evil")], "w:gz")
        self.assert_bad_input(path, words="leaves the bundle")

    def test_tar_member_with_absolute_path(self):
        path = self.tar_with("absolute.tar", [self.member("/etc/x")])
        self.assert_bad_input(path, words="absolute")

    def test_tar_symlink_to_etc_passwd(self):
        path = self.tar_with("symlink-abs.tar", [self.member("passwd", tarfile.SYMTYPE,
                                                            linkname="/etc/passwd")])
        self.assert_bad_input(path, words="leaves the bundle")

    def test_tar_symlink_climbing_out(self):
        path = self.tar_with("symlink-up.tar", [self.member("pocapp/up", tarfile.SYMTYPE,
                                                           linkname="../../x")])
        self.assert_bad_input(path, words="leaves the bundle")

    def test_tar_hard_link(self):
        path = self.tar_with("hardlink.tar", [self.member("again.md", tarfile.LNKTYPE,
                                                         linkname="README.md")])
        self.assert_bad_input(path, words="hard link")

    def test_tar_fifo(self):
        path = self.tar_with("fifo.tar", [self.member("pipe", tarfile.FIFOTYPE)])
        self.assert_bad_input(path, words="FIFO")

    def test_tar_char_device(self):
        path = self.tar_with("chardev.tar", [self.member("null", tarfile.CHRTYPE,
                                                        devmajor=1, devminor=3)])
        self.assert_bad_input(path, words="device")

    def test_zip_member_with_dotdot(self):
        path = os.path.join(self.tmp, "dotdot.zip")
        zip_tree(path, os.path.join(BUNDLES, "clean"), "")
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("../evil", b"x")
        self.assert_bad_input(path, words="leaves the bundle")

    def test_gzip_bomb(self):
        # 25 members of 8 MiB of zeros: 200 MiB that gzip squeezes to about 200 KB. Each
        # member is under the per-file cap, so what stops it is the compression ratio.
        path = os.path.join(self.tmp, "bomb.tar.gz")
        with tarfile.open(path, "w:gz", compresslevel=6) as tar:
            tar_add_tree(tar, os.path.join(BUNDLES, "clean"), "")
            for i in range(25):
                info = tarfile.TarInfo("zeros/%02d.bin" % i)
                info.size = 8 << 20
                tar.addfile(info, zero_stream(info.size))
        self.assertLess(os.path.getsize(path), 1 << 20)
        self.assert_bad_input(path, words="bomb")

    def test_single_huge_compressed_member(self):
        # One 200 MiB member of zeros: refused from its declared size, before inflating it.
        path = os.path.join(self.tmp, "huge.tar.gz")
        with tarfile.open(path, "w:gz", compresslevel=1) as tar:
            info = tarfile.TarInfo("zeros.bin")
            info.size = 200 << 20
            tar.addfile(info, zero_stream(info.size))
        self.assert_bad_input(path, words="cap per file")

    def test_member_declaring_4_gb(self):
        # Only the header: the member claims 4 GiB and the archive ends right after it.
        path = os.path.join(self.tmp, "declares-4gb.tar")
        info = tarfile.TarInfo("big.bin")
        info.size = 4 << 30
        with open(path, "wb") as f:
            f.write(info.tobuf(format=tarfile.GNU_FORMAT))
        self.assert_bad_input(path, words="cap per file")

    def test_more_than_1000_files(self):
        path = os.path.join(self.tmp, "many.tar")
        with tarfile.open(path, "w") as tar:
            tar_add_tree(tar, os.path.join(BUNDLES, "clean"), "")
            for i in range(1001):
                info = tarfile.TarInfo("many/%04d.txt" % i)
                info.size = 1
                tar.addfile(info, io.BytesIO(b"x"))
        self.assert_bad_input(path, words="more than 1000 files")

    def test_truncated_tar_gz(self):
        whole = os.path.join(self.tmp, "whole.tar.gz")
        with tarfile.open(whole, "w:gz") as tar:
            tar_add_tree(tar, os.path.join(BUNDLES, "clean"), "")
        with open(whole, "rb") as f:
            data = f.read()
        path = os.path.join(self.tmp, "truncated.tar.gz")
        with open(path, "wb") as f:
            f.write(data[: len(data) // 2])
        self.assert_bad_input(path, words="truncated")

    def test_tar_truncated_inside_a_member(self):
        whole = os.path.join(self.tmp, "whole.tar")
        with tarfile.open(whole, "w") as tar:
            tar_add_tree(tar, os.path.join(BUNDLES, "clean"), "")
            info = tarfile.TarInfo("big.bin")
            info.size = 100_000
            tar.addfile(info, io.BytesIO(b"x" * info.size))
        with open(whole, "rb") as f:
            data = f.read()
        path = os.path.join(self.tmp, "cut.tar")
        with open(path, "wb") as f:
            f.write(data[:-60_000])
        self.assert_bad_input(path, words="truncated")

    def test_tar_member_twice(self):
        path = self.tar_with("twice.tar", [self.member("README.md")])
        self.assert_bad_input(path, words="appears twice")

    def test_file_that_is_not_an_archive(self):
        path = os.path.join(self.tmp, "notes.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("not a bundle\n")
        self.assert_bad_input(path, words="expected a bundle folder")

    def test_garbage_named_like_an_archive(self):
        path = os.path.join(self.tmp, "garbage.tar.gz")
        with open(path, "wb") as f:
            f.write(b"this is not gzip data at all" * 100)
        self.assert_bad_input(path, words="archive")

    def test_nonexistent_path(self):
        self.assert_bad_input(os.path.join(self.tmp, "does-not-exist"), words="no such file")

    # --- folders -----------------------------------------------------------------------------

    def test_folder_with_a_symlink_leaving_it(self):
        path = self.fresh("symlink-out")
        os.symlink("/etc/passwd", os.path.join(path, "passwd"))
        self.assert_bad_input(path, words="leaves the bundle")

    def test_folder_with_a_relative_symlink_leaving_it(self):
        path = self.fresh("symlink-up")
        os.symlink("../../../etc/passwd", os.path.join(path, "pocapp", "passwd"))
        self.assert_bad_input(path, words="leaves the bundle")

    def test_folder_with_a_fifo(self):
        path = self.fresh("fifo")
        os.mkfifo(os.path.join(path, "pipe"))
        self.assert_bad_input(path, words="FIFO")

    def test_folder_with_a_hard_linked_file(self):
        path = self.fresh("hardlink")
        os.link(os.path.join(path, "README.md"), os.path.join(self.tmp, "hardlink-README.md"))
        self.assert_bad_input(path, words="hard link")

    # --- the command line ---------------------------------------------------------------------

    def test_received_not_a_date(self):
        self.assert_bad_input("check", "--received", "not-a-date", os.path.join(BUNDLES, "clean"),
                              words=["--received", "not a date"], bundle_args=False)

    def test_unknown_format(self):
        self.assert_bad_input("check", "--format", "xml", os.path.join(BUNDLES, "clean"),
                              words="xml", bundle_args=False)

    def test_unknown_format_exits_2(self):
        proc = run("check", "--format", "xml", os.path.join(BUNDLES, "clean"))
        self.assertEqual((proc.returncode, proc.stdout), (2, b""))
        self.assertIn(b"xml", proc.stderr)


class MultipleBundles(unittest.TestCase):
    """Several bundles in one call: the most serious exit code wins (4 > 2 > 3 > 1 > 0), and
    the good bundles are still reported."""

    def test_ineligible_and_needs_review_gives_3(self):
        proc, records = check_json(os.path.join(BUNDLES, "url-over-8k"),
                                   os.path.join(BUNDLES, "clean"))
        self.assertEqual(proc.returncode, 3)
        self.assertIsInstance(records, list)
        self.assertEqual([r["verdict"]["decision"] for r in records], ["ineligible", "needs-review"])

    def test_two_ineligible_give_1(self):
        proc, records = check_json(os.path.join(BUNDLES, "url-over-8k"),
                                   os.path.join(BUNDLES, "poc-missing"))
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(len(records), 2)

    def test_bad_input_outranks_needs_review_and_the_good_ones_still_print(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "missing")
            proc = run("check", *STATIC, "--format", "json", os.path.join(BUNDLES, "clean"),
                       missing, os.path.join(BUNDLES, "poc-missing"))
        self.assertEqual(proc.returncode, 2)
        lines = proc.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("pocsift: ") and "missing" in lines[0])
        records = json.loads(proc.stdout)
        self.assertEqual([r["verdict"]["decision"] for r in records],
                         ["needs-review", "ineligible"])

    def test_several_bundles_print_an_array_even_if_only_one_loads(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = run("check", *STATIC, "--format", "json", os.path.join(BUNDLES, "clean"),
                       os.path.join(tmp, "missing"))
        self.assertEqual(proc.returncode, 2)
        self.assertIsInstance(json.loads(proc.stdout), list)

    def test_engine_failure_outranks_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            unwritable = os.path.join(tmp, "no-such-folder", "out.json")
            proc = run("check", *STATIC, "--format", "json", "--output", unwritable,
                       os.path.join(BUNDLES, "clean"), os.path.join(tmp, "missing"))
        self.assertEqual(proc.returncode, 4)
        self.assertTrue(all(l.startswith("pocsift: ") for l in proc.stderr.decode().splitlines()))


class Usage(unittest.TestCase):
    def test_version(self):
        proc = run("--version")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.decode().strip(), "0.1.0")

    def test_check_help(self):
        proc = run("check", "--help")
        self.assertEqual(proc.returncode, 0)
        for option in (b"--received", b"--format", b"--output", b"--static-only", b"-q"):
            self.assertIn(option, proc.stdout)

    def test_check_without_a_bundle_is_a_usage_error(self):
        proc = run("check")
        self.assertEqual(proc.returncode, 2)


def main():
    global POCSIFT
    if len(sys.argv) < 2:
        sys.exit("usage: cli_test.py PATH/TO/pocsift [TestClass ...]")
    POCSIFT = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[2:]])


if __name__ == "__main__":
    main()
