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
TIMEOUT_S = 120  # a hang is a failure, not a stuck test run (a static check runs one sandboxed parse)

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

    def test_every_subcommand_has_help(self):
        for command, options in [("check", [b"--format", b"--verbose", b"--no-color", b"sarif"]),
                                 ("runtimes", [b"--json"]),
                                 ("explain", [b"--json"]),
                                 ("ingest", [b"--output", b"--force"])]:
            with self.subTest(command=command):
                proc = run(command, "--help")
                self.assertEqual((proc.returncode, proc.stderr), (0, b""))
                for option in options:
                    self.assertIn(option, proc.stdout)

    def test_top_level_help_names_the_subcommands(self):
        proc = run("--help")
        self.assertEqual(proc.returncode, 0)
        for command in (b"check", b"runtimes", b"explain", b"ingest"):
            self.assertIn(command, proc.stdout)

    def test_unknown_subcommand_is_a_usage_error(self):
        proc = run("frobnicate")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.decode().splitlines()), 1)

    def test_no_subcommand_is_a_usage_error(self):
        self.assertEqual(run().returncode, 2)


# --- the command line's own behaviour (issue 6) ----------------------------------------------

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
REPORTS = os.path.join(ROOT, "fixtures", "reports")
# The published schema lives in shared/, beside the checkout (CI clones main next to it).
SARIF_SCHEMA = os.path.join(os.path.dirname(ROOT), "shared", "schemas", "sarif-schema-2.1.0.json")
GOLDEN_BUNDLES = ["clean", "url-over-8k", "poc-missing", "body-over-2.5mb",
                  "cve-2025-64459-connector"]


def no_runtimes_env(tmp):
    """An environment where no runtime is installed and colour is off: the text summary then
    depends only on the bundle and --received (the golden files' contract)."""
    env = dict(os.environ, POCSIFT_CACHE=tmp, NO_COLOR="1")
    return env


def run_env(env, *args, timeout=TIMEOUT_S):
    return subprocess.run([POCSIFT, *args], capture_output=True, timeout=timeout, env=env)


def run_on_tty(*args, env=None):
    """Runs pocsift with stdout and stderr on a pseudo-terminal; returns (code, output)."""
    import pty
    import select
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen([POCSIFT, *args], stdout=child_fd, stderr=child_fd,
                            stdin=subprocess.DEVNULL, env=env)
    os.close(child_fd)
    chunks = []
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main_fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(main_fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(main_fd)
    return proc.wait(timeout=TIMEOUT_S), b"".join(chunks)


class TextGolden(unittest.TestCase):
    """The one-screen summary, byte for byte, for example bundles (tests/cli/golden/*.txt).
    Regenerate with POCSIFT_UPDATE_GOLDEN=1 after a deliberate change, and review the diff."""

    def test_summaries_match_the_golden_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = no_runtimes_env(tmp)
            for name in GOLDEN_BUNDLES:
                with self.subTest(bundle=name):
                    proc = run_env(env, "check", *STATIC, os.path.join(BUNDLES, name))
                    self.assertEqual(proc.stderr, b"")
                    path = os.path.join(GOLDEN, name + ".txt")
                    if os.environ.get("POCSIFT_UPDATE_GOLDEN"):
                        with open(path, "wb") as f:
                            f.write(proc.stdout)
                    with open(path, "rb") as f:
                        self.assertEqual(proc.stdout.decode(), f.read().decode())

    def test_verbose_lists_the_rules_that_passed(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = run_env(no_runtimes_env(tmp), "check", *STATIC, "--verbose",
                           os.path.join(BUNDLES, "url-over-8k"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"other rules:", proc.stdout)
        self.assertIn(b"\xe2\x9c\x93 body-over-2.5mb", proc.stdout)  # a passed rule, ticked

    def test_quiet_and_verbose_exclude_each_other(self):
        proc = run("check", *STATIC, "-q", "-v", os.path.join(BUNDLES, "clean"))
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.decode().splitlines()), 1)

    def test_several_bundles_are_separated_by_one_blank_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = run_env(no_runtimes_env(tmp), "check", *STATIC,
                           os.path.join(BUNDLES, "clean"), os.path.join(BUNDLES, "poc-missing"))
        self.assertEqual(proc.returncode, 3)
        with open(os.path.join(GOLDEN, "clean.txt"), "rb") as f:
            clean = f.read()
        with open(os.path.join(GOLDEN, "poc-missing.txt"), "rb") as f:
            missing = f.read()
        self.assertEqual(proc.stdout, clean + b"\n" + missing)


class Color(unittest.TestCase):
    """Colour only on a terminal, never with NO_COLOR or --no-color, never into a pipe."""

    ESC = b"\x1b["

    def test_no_colour_into_a_pipe(self):
        proc = run("check", *STATIC, os.path.join(BUNDLES, "url-over-8k"))
        self.assertNotIn(self.ESC, proc.stdout)

    def test_colour_on_a_terminal(self):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        code, out = run_on_tty("check", *STATIC, os.path.join(BUNDLES, "url-over-8k"), env=env)
        self.assertEqual(code, 1)
        self.assertIn(self.ESC + b"31m", out)  # ineligible in red

    def test_no_color_environment_variable(self):
        env = dict(os.environ, NO_COLOR="1")
        code, out = run_on_tty("check", *STATIC, os.path.join(BUNDLES, "url-over-8k"), env=env)
        self.assertEqual(code, 1)
        self.assertNotIn(self.ESC, out)
        self.assertIn(b"verdict: ineligible", out)

    def test_no_color_flag(self):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        code, out = run_on_tty("check", *STATIC, "--no-color",
                               os.path.join(BUNDLES, "url-over-8k"), env=env)
        self.assertEqual(code, 1)
        self.assertNotIn(self.ESC, out)

    def test_no_colour_into_an_output_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "summary.txt")
            env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
            code, _ = run_on_tty("check", *STATIC, "--output", out,
                                 os.path.join(BUNDLES, "url-over-8k"), env=env)
            self.assertEqual(code, 1)
            with open(out, "rb") as f:
                self.assertNotIn(self.ESC, f.read())


class Progress(unittest.TestCase):
    """A live progress line on a terminal, plain lines in a pipe (needs installed runtimes)."""

    @classmethod
    def setUpClass(cls):
        if run("runtimes").returncode != 0:
            raise unittest.SkipTest("no Django runtimes installed (scripts/install-runtimes)")
        cls.args = ["check", "--runtimes", "5.2", "--repeats", "1", "--received", RECEIVED,
                    os.path.join(BUNDLES, "clean")]

    def test_one_rewritten_line_on_a_terminal(self):
        code, out = run_on_tty(*self.args, "--output", os.devnull)
        self.assertEqual(code, 3)
        self.assertIn(b"\r\x1b[K[1/1] Django 5.2", out)
        self.assertTrue(out.endswith(b"\r\x1b[K"), out[-80:])  # cleared before the summary

    def test_plain_lines_in_a_pipe(self):
        proc = run(*self.args)
        self.assertEqual(proc.returncode, 3)
        lines = proc.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("[1/1] Django 5.2"), lines)
        self.assertNotIn(b"\x1b", proc.stderr)

    def test_quiet_has_no_progress(self):
        proc = run(*self.args, "-q")
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (3, b"", b""))


def load_sarif_validator():
    with open(SARIF_SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


class Sarif(unittest.TestCase):
    """--format sarif is valid SARIF 2.1.0 (the published schema), with the catalogue as rule
    metadata and each failed finding as a result pointing into the bundle."""

    @classmethod
    def setUpClass(cls):
        cls.validator = load_sarif_validator()
        # A sample of the examples: every static check runs a sandboxed parse (about 1 s).
        cls.names = ["body-over-2.5mb", "clean", "poc-missing", "poc-runs-subprocess",
                     "url-over-8k"]
        proc = run("check", *STATIC, "--format", "sarif",
                   *[os.path.join(BUNDLES, n) for n in cls.names])
        cls.proc = proc
        cls.log = json.loads(proc.stdout)

    def errors(self, log):
        return ["%s: %s" % (list(e.path), e.message) for e in self.validator.iter_errors(log)]

    def test_validates_against_the_sarif_schema(self):
        self.assertEqual(self.errors(self.log), [])
        self.assertEqual(self.log["version"], "2.1.0")

    def test_the_schema_catches_a_broken_log(self):
        broken = json.loads(json.dumps(self.log))
        broken["runs"][0]["results"].append({"message": "not an object"})
        self.assertNotEqual(self.errors(broken), [])

    def test_one_run_per_bundle_with_the_verdict(self):
        expected = load_expected()["bundles"]
        self.assertEqual(len(self.log["runs"]), len(self.names))
        for name, run_ in zip(self.names, self.log["runs"]):
            with self.subTest(bundle=name):
                self.assertEqual(run_["properties"]["decision"], expected[name]["decision"])
                self.assertEqual([r["ruleId"] for r in run_["results"]],
                                 expected[name]["failed_rules"])

    def test_rules_come_from_the_catalogue_with_help(self):
        rules = self.log["runs"][0]["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        for rule in ("poc-missing", "private-api", "unsanitized-input", "url-over-8k"):
            self.assertIn(rule, ids)
        for rule in rules:
            self.assertTrue(rule["help"]["text"].startswith("Fix: "), rule["id"])
            self.assertTrue(rule["shortDescription"]["text"])
        for run_ in self.log["runs"]:
            for result in run_["results"]:
                self.assertEqual(rules[result["ruleIndex"]]["id"], result["ruleId"])

    def test_results_point_into_the_bundle(self):
        run_ = self.log["runs"][self.names.index("url-over-8k")]
        result = run_["results"][0]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        self.assertEqual(location, {"uri": "poc.json", "uriBaseId": "BUNDLE"})
        self.assertEqual(result["level"], "error")
        base = run_["originalUriBaseIds"]["BUNDLE"]["uri"]
        self.assertTrue(base.startswith("file:///") and base.endswith("/url-over-8k/"), base)

    def test_exit_code_is_the_verdicts(self):
        proc = run("check", *STATIC, "--format", "sarif", os.path.join(BUNDLES, "poc-missing"))
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(self.errors(json.loads(proc.stdout)), [])

    def test_line_regions_when_a_finding_names_a_line(self):
        # A finding with a line (the code rules give them) becomes a region.
        for run_ in self.log["runs"]:
            for result in run_["results"]:
                for loc in result.get("locations", []):
                    region = loc["physicalLocation"].get("region")
                    if region is not None:
                        self.assertGreaterEqual(region["startLine"], 1)


class Explain(unittest.TestCase):
    def catalogue(self):
        with open(os.path.join(ROOT, "checks", "data", "policy.json"), encoding="utf-8") as f:
            return json.load(f)["rules"]

    def test_lists_every_rule_of_the_catalogue(self):
        proc = run("explain", "--no-color")
        self.assertEqual(proc.returncode, 0)
        lines = proc.stdout.decode().splitlines()
        for rule in self.catalogue():
            self.assertTrue(any(l.startswith(rule["id"] + " ") for l in lines), rule["id"])

    def test_each_rule_has_policy_decision_and_fix(self):
        for rule in self.catalogue():
            with self.subTest(rule=rule["id"]):
                proc = run("explain", "--no-color", rule["id"])
                self.assertEqual(proc.returncode, 0)
                text = " ".join(proc.stdout.decode().split())
                for field in ("policy", "decides", "fix", "guidance"):
                    if field in rule:
                        self.assertIn(" ".join(rule[field].split()), text)
                self.assertIn("How to fix or re-scope the report", text)

    def test_json(self):
        proc = run("explain", "--json", "body-over-2.5mb")
        self.assertEqual(proc.returncode, 0)
        rule = json.loads(proc.stdout)
        self.assertEqual(rule["id"], "body-over-2.5mb")
        self.assertEqual(rule["class"], "guideline")
        self.assertEqual(len(json.loads(run("explain", "--json").stdout)), len(self.catalogue()))

    def test_unknown_rule_is_bad_input(self):
        proc = run("explain", "no-such-rule")
        self.assertEqual((proc.returncode, proc.stdout), (2, b""))
        self.assertEqual(proc.stderr.decode().count("\n"), 1)
        self.assertTrue(proc.stderr.startswith(b"pocsift: unknown rule"))


def tree(folder):
    out = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


class Ingest(unittest.TestCase):
    """Every report in fixtures/reports gives exactly its golden bundle in
    fixtures/reports/expected/<name>/ (POCSIFT_UPDATE_GOLDEN=1 rewrites them), the bundle
    loads, and bad reports give one line and exit 2."""

    def reports(self):
        return sorted(n for n in os.listdir(REPORTS) if n.endswith((".md", ".eml")))

    def test_every_report_gives_its_golden_bundle(self):
        expected = os.path.join(REPORTS, "expected")
        self.assertEqual(sorted(os.listdir(expected)),
                         sorted(os.path.splitext(n)[0] for n in self.reports()))
        with tempfile.TemporaryDirectory() as tmp:
            for name in self.reports():
                with self.subTest(report=name):
                    out = os.path.join(tmp, os.path.splitext(name)[0])
                    proc = run("ingest", os.path.join(REPORTS, name), "-o", out)
                    self.assertEqual(proc.returncode, 0, proc.stderr)
                    golden = os.path.join(expected, os.path.splitext(name)[0])
                    if os.environ.get("POCSIFT_UPDATE_GOLDEN"):
                        shutil.rmtree(golden, ignore_errors=True)
                        shutil.copytree(out, golden)
                    got, want = tree(out), tree(golden)
                    self.assertEqual(sorted(got), sorted(want))
                    for path in want:
                        self.assertEqual(got[path], want[path], path)

    def test_unmapped_items_are_on_stderr_and_in_ingest_md(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "b")
            proc = run("ingest", os.path.join(REPORTS, "dos-multiline-curl.md"), "-o", out)
            self.assertEqual(proc.returncode, 0)
            lines = proc.stderr.decode().splitlines()
            self.assertTrue(lines and all(l.startswith("not mapped: ") for l in lines))
            with open(os.path.join(out, "INGEST.md"), encoding="utf-8") as f:
                notes = f.read()
            for line in lines:
                self.assertIn(line[len("not mapped: "):], notes)
            self.assertIn(b"next: pocsift check " + out.encode(), proc.stdout)

    def test_then_check_runs_on_every_ingested_bundle(self):
        expected = os.path.join(REPORTS, "expected")
        folders = [os.path.join(expected, n) for n in sorted(os.listdir(expected))]
        proc, records = check_json(*folders)
        self.assertEqual(proc.stderr, b"")
        self.assertEqual(len(records), len(folders))
        by_name = dict(zip(sorted(os.listdir(expected)), records))
        screenshots = by_name["rce-screenshots-only"]
        self.assertIn("poc-missing", failed_rules(screenshots))  # no code but images
        for finding in screenshots["findings"]:
            if finding["rule"] == "code-screenshot":
                self.assertEqual(finding["outcome"], "fail")
        self.assertEqual(by_name["sqli-connector"]["claim"]["category"], "sql-injection")
        self.assertEqual(by_name["open-redirect-attachments"]["received_source"], "option")

    def test_email_date_becomes_received(self):
        proc = run("check", "--static-only", "--format", "json",
                   os.path.join(REPORTS, "expected", "redos-project-zip"))
        record = json.loads(proc.stdout)
        self.assertEqual((record["received"], record["received_source"]),
                         ("2025-11-03T13:00:00Z", "manifest"))

    def test_existing_output_is_refused_unless_forced(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "b")
            report = os.path.join(REPORTS, "sqli-connector.md")
            self.assertEqual(run("ingest", "-q", report, "-o", out).returncode, 0)
            proc = run("ingest", report, "-o", out)
            self.assertEqual(proc.returncode, 2)
            self.assertIn(b"already exists", proc.stderr)
            self.assertEqual(run("ingest", "-q", "--force", report, "-o", out).returncode, 0)
            other = os.path.join(tmp, "not-a-bundle")
            os.makedirs(other)
            with open(os.path.join(other, "keep.txt"), "w") as f:
                f.write("x")
            proc = run("ingest", "--force", report, "-o", other)
            self.assertEqual(proc.returncode, 2)
            self.assertTrue(os.path.exists(os.path.join(other, "keep.txt")))

    def assert_refused(self, report, words):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            start = time.monotonic()
            proc = run("ingest", report, "-o", out)
            self.assertLess(time.monotonic() - start, 10)
            lines = proc.stderr.decode().splitlines()
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertEqual(len(lines), 1, lines)
            self.assertTrue(lines[0].startswith("pocsift: "))
            for word in words:
                self.assertIn(word, lines[0])
            self.assertEqual(proc.stdout, b"")
            self.assertFalse(os.path.exists(out))

    def test_email_without_a_body(self):
        self.assert_refused(os.path.join(REPORTS, "bad", "no-body.eml"), ["no body"])

    def test_broken_mime_boundary(self):
        self.assert_refused(os.path.join(REPORTS, "bad", "broken-boundary.eml"), ["boundary"])

    def test_not_an_email(self):
        self.assert_refused(os.path.join(REPORTS, "bad", "not-an-email.eml"), ["not an e-mail"])

    def test_curl_with_unbalanced_quotes(self):
        self.assert_refused(os.path.join(REPORTS, "bad", "unbalanced-quote.md"),
                            ["line 4", "unbalanced", "quote"])

    def test_50_mb_attachment(self):
        from email.message import EmailMessage
        with tempfile.TemporaryDirectory() as tmp:
            message = EmailMessage()
            message["From"] = "a@example.org"
            message["Subject"] = "core dump attached"
            message["Date"] = "Tue, 18 Nov 2025 14:05:00 +0000"
            message.set_content("see the attachment")
            message.add_attachment(bytes(50 << 20), maintype="application",
                                   subtype="octet-stream", filename="core.bin")
            path = os.path.join(tmp, "big.eml")
            with open(path, "wb") as f:
                f.write(bytes(message))
            self.assert_refused(path, ["core.bin", "cap"])

    def test_zip_slip_in_an_attached_archive(self):
        from email.message import EmailMessage
        with tempfile.TemporaryDirectory() as tmp:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr("app/views.py", "def v(request): pass\n")
                z.writestr("../../evil.py", "x")
            message = EmailMessage()
            message["From"] = "a@example.org"
            message["Subject"] = "app attached"
            message["Date"] = "Tue, 18 Nov 2025 14:05:00 +0000"
            message.set_content("see the attachment")
            message.add_attachment(buf.getvalue(), maintype="application", subtype="zip",
                                   filename="app.zip")
            path = os.path.join(tmp, "slip.eml")
            with open(path, "wb") as f:
                f.write(bytes(message))
            self.assert_refused(path, ["app.zip", "leaves the bundle"])
            self.assertFalse(os.path.exists(os.path.join(tmp, "evil.py")))

    def test_unknown_report_type(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.pdf")
            with open(path, "wb") as f:
                f.write(b"%PDF-1.4")
            self.assert_refused(path, ["expected a Markdown report"])

    def test_missing_report(self):
        self.assert_refused("/nonexistent/report.md", ["no such file"])


def main():
    global POCSIFT
    if len(sys.argv) < 2:
        sys.exit("usage: cli_test.py PATH/TO/pocsift [TestClass ...]")
    POCSIFT = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[2:]])


if __name__ == "__main__":
    main()
