"""Black-box tests of `pocsift serve`: a real server process on 127.0.0.1, driven over HTTP.

Usage: serve_test.py <pocsift binary> [TestClass]  (ctest runs one class per case).
Bundles that the static rules judge (url-over-8k) keep most tests fast with --static-only;
FullCheck and parts of Limits and Durability run the proof of concept in the sandbox."""

import json
import socket
import sys
import threading
import time
import unittest

from serve_support import Server, bundle_archive, runtimes_installed

BINARY = None
STATIC = "url-over-8k"
FULL = "cve-2025-64459-connector"


def error_of(response):
    body = response.json()
    return body["error"], body["message"]


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(BINARY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_health(self):
        response = self.server.request("GET", "/healthz")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_submit_poll_and_list(self):
        submitted = self.server.submit(bundle_archive(STATIC, variant="api"))
        self.assertEqual(submitted.status, 202, submitted.body)
        body = submitted.json()
        self.assertTrue(body["created"])
        self.assertRegex(body["id"], r"^s-[0-9a-f]{24}$")
        self.assertEqual(body["status_url"], f"/v1/cases/{body['id']}")
        self.assertEqual(submitted.headers["location"], body["status_url"])
        self.assertRegex(body["link"], r"^/#case=s-[0-9a-f]{24}&key=[0-9a-f]{64}$")
        view = self.server.wait_case(body["id"])
        self.assertEqual(view["format"], "pocsift-serve-case/1")
        self.assertEqual(view["status"], "done")
        self.assertEqual(view["verdict"], {"decision": "ineligible", "severity": None,
                                           "source": "engine"})
        record = view["record"]
        self.assertEqual(record["format"], "pocsift-case/1")
        self.assertEqual(record["verdict"]["reasons"], ["url-over-8k"])
        [rule] = view["failed_rules"]
        self.assertEqual(rule["rule"], "url-over-8k")
        self.assertIn("8,192", rule["fix"])
        self.assertIsNone(view["duplicate"])

        listed = self.server.request("GET", "/v1/cases?decision=ineligible&since=2020-01-01",
                                     token="reader").json()["cases"]
        self.assertIn(body["id"], [row["id"] for row in listed])
        row = next(r for r in listed if r["id"] == body["id"])
        self.assertEqual(row["decision"], "ineligible")
        self.assertIn("variant api", row["title"])
        future = self.server.request("GET", "/v1/cases?since=2999-01-01T00:00:00Z", token="reader")
        self.assertEqual(future.json()["cases"], [])
        eligible = self.server.request("GET", "/v1/cases?decision=eligible", token="reader")
        self.assertNotIn(body["id"], [r["id"] for r in eligible.json()["cases"]])

    def test_bad_list_parameters_are_plain_json_errors(self):
        for query, field in [("decision=maybe", "decision"), ("since=yesterday", "since"),
                             ("status=lost", "status"), ("limit=0", "limit"), ("limit=x", "limit")]:
            response = self.server.request("GET", "/v1/cases?" + query, token="reader")
            self.assertEqual(response.status, 400, query)
            self.assertEqual(response.headers["content-type"], "application/json")
            code, message = error_of(response)
            self.assertEqual(code, "bad_parameter")
            self.assertTrue(message.startswith(field), message)

    def test_a_parameter_that_is_not_utf8_is_quoted_not_a_failure(self):
        # Found by the serve fuzz target: the 400's message quoted the byte 0xb3 and the JSON
        # encoder threw, so the answer was a 500.
        response = self.server.request("GET", "/v1/cases?since=2%B326-01-01", token="reader")
        self.assertEqual(response.status, 400)
        code, message = error_of(response)
        self.assertEqual(code, "bad_parameter")
        self.assertTrue(message.startswith('since: "2\ufffd26-01-01"'), message)

    def test_a_range_header_is_ignored(self):
        # Found by the serve fuzz target: cpp-httplib cut every answer to the requested range,
        # a 401's JSON to '{"' and a 200 to 4 bytes with its status kept.
        for path, token, status in [("/v1/cases/x", None, 401), ("/healthz", None, 200),
                                    ("/v1/cases", "reader", 200), ("/v1/cases/x", "reader", 404)]:
            for ranges in ["bytes=0-1", "bytes=500-600", "bytes=0-1,3-4"]:
                response = self.server.request("GET", path, token=token,
                                               headers={"Range": ranges})
                self.assertEqual(response.status, status, (path, ranges))
                self.assertNotIn("content-range", response.headers, (path, ranges))
                self.assertIsInstance(response.json(), dict, (path, ranges))

    def test_unknown_route_and_method(self):
        response = self.server.request("GET", "/v2/nothing")
        self.assertEqual(response.status, 404)
        self.assertEqual(error_of(response)[0], "not_found")
        response = self.server.request("DELETE", "/v1/cases", token="admin")
        self.assertGreaterEqual(response.status, 400)
        self.assertIn("error", response.json())

    def test_bad_uploads(self):
        response = self.server.submit(b"this is not an archive")
        self.assertEqual(response.status, 400)
        self.assertEqual(error_of(response)[0], "bad_bundle")
        response = self.server.submit(b"")
        self.assertEqual(response.status, 400)
        self.assertEqual(error_of(response)[0], "empty_upload")
        # A well-formed archive without poc.json: the engine's message, without server paths.
        import io, tarfile
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w:gz") as t:
            info = tarfile.TarInfo("README.md")
            info.size = 2
            t.addfile(info, io.BytesIO(b"hi"))
        response = self.server.submit(out.getvalue())
        self.assertEqual(response.status, 400)
        code, message = error_of(response)
        self.assertEqual(message, "upload: no poc.json at the bundle's root")
        self.assertNotIn("/tmp", message)
        response = self.server.request(
            "POST", "/v1/cases", token="intake", body=b"--x\r\n\r\n--x--\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=x"})
        self.assertEqual(response.status, 415)

    def test_override_keeps_the_engine_verdict(self):
        case_id = self.server.submit(bundle_archive(STATIC, variant="override")).json()["id"]
        self.server.wait_case(case_id)
        path = f"/v1/cases/{case_id}/override"
        body = json.dumps({"decision": "needs-review", "severity": None,
                           "reason": "the URL is long only because of the proxy"})
        self.assertEqual(self.server.request("POST", path, body=body, token="reader").status, 403)
        for bad in ["{", "[]", '{"decision": "maybe", "reason": "x"}',
                    '{"decision": "eligible"}', '{"decision": "eligible", "reason": "x", "severity": "huge"}']:
            response = self.server.request("POST", path, body=bad, token="admin")
            self.assertEqual(response.status, 400, bad)
        response = self.server.request("POST", path, body=body, token="admin")
        self.assertEqual(response.status, 200, response.body)
        view = response.json()
        self.assertEqual(view["verdict"], {"decision": "needs-review", "severity": None,
                                           "source": "override"})
        self.assertEqual(view["override"]["by"], "admin")
        self.assertRegex(view["override"]["at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(view["record"]["verdict"]["decision"], "ineligible")
        listed = self.server.request("GET", "/v1/cases?decision=needs-review", token="reader")
        self.assertIn(case_id, [r["id"] for r in listed.json()["cases"]])
        missing = self.server.request("POST", "/v1/cases/s-000000000000000000000000/override",
                                      body=body, token="admin")
        self.assertEqual(missing.status, 404)

        log = self.server.request("GET", f"/v1/cases/{case_id}/access-log", token="admin")
        self.assertEqual(log.status, 200)
        actions = [(e["who"], e["action"]) for e in log.json()["entries"]]
        self.assertEqual(actions[0], ("intake", "submit"))
        self.assertIn(("reader", "read"), actions)
        self.assertIn(("admin", "override"), actions)
        self.assertEqual(self.server.request("GET", f"/v1/cases/{case_id}/access-log",
                                             token="reader").status, 403)

    def test_metrics(self):
        case_id = self.server.submit(bundle_archive(STATIC, variant="metrics")).json()["id"]
        self.server.wait_case(case_id)
        response = self.server.request("GET", "/metrics", token="reader")
        self.assertEqual(response.status, 200)
        self.assertTrue(response.headers["content-type"].startswith("text/plain"))
        text = response.body.decode()
        for needle in ["# TYPE pocsift_queue_depth gauge", "pocsift_queue_depth ",
                       'pocsift_case_runs_total{outcome="ineligible"}',
                       "pocsift_case_run_duration_seconds_count",
                       'pocsift_http_responses_total{code="202"}']:
            self.assertIn(needle, text)

    def test_page_is_served_with_a_strict_policy(self):
        for path, kind in [("/", "text/html"), ("/page.js", "text/javascript"),
                           ("/page.css", "text/css")]:
            response = self.server.request("GET", path)
            self.assertEqual(response.status, 200, path)
            self.assertTrue(response.headers["content-type"].startswith(kind))
            self.assertIn("default-src 'none'", response.headers["content-security-policy"])


class Auth(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(BINARY).start()
        cls.case = cls.server.submit(bundle_archive(STATIC, variant="auth")).json()
        cls.server.wait_case(cls.case["id"])

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def assertError(self, response, status, code):
        self.assertEqual(response.status, status, response.body)
        self.assertEqual(response.headers["content-type"], "application/json")
        self.assertEqual(error_of(response)[0], code)

    def test_no_token(self):
        case_path = f"/v1/cases/{self.case['id']}"
        for method, path in [("POST", "/v1/cases"), ("GET", case_path), ("GET", "/v1/cases"),
                             ("GET", "/metrics"), ("POST", case_path + "/override"),
                             ("GET", case_path + "/access-log")]:
            response = self.server.request(method, path, body=b"x" if method == "POST" else None)
            self.assertError(response, 401, "unauthenticated")
            self.assertEqual(response.headers["www-authenticate"], "Bearer")

    def test_wrong_token(self):
        wrong = {"Authorization": "Bearer " + "0" * 48}
        for method, path in [("POST", "/v1/cases"), ("GET", f"/v1/cases/{self.case['id']}"),
                             ("GET", "/v1/cases")]:
            self.assertError(self.server.request(method, path, headers=wrong, body=b"x" if method == "POST" else None),
                             401, "unauthenticated")
        basic = {"Authorization": "Basic " + self.server.tokens["reader"]}
        self.assertError(self.server.request("GET", "/v1/cases", headers=basic), 401,
                         "unauthenticated")

    def test_wrong_role(self):
        self.assertError(self.server.submit(bundle_archive(STATIC), token="reader"), 403,
                         "forbidden")
        self.assertError(self.server.request("GET", "/metrics", token="intake"), 403, "forbidden")
        self.assertError(self.server.request("POST", f"/v1/cases/{self.case['id']}/override",
                                             body="{}", token="intake"), 403, "forbidden")

    def test_token_in_the_url_is_refused(self):
        token = self.server.tokens["reader"]
        for param in ["token", "access_token", "key"]:
            response = self.server.request("GET", f"/v1/cases?{param}={token}")
            self.assertError(response, 400, "credentials_in_url")

    def test_submitters_see_only_their_own_cases(self):
        case_id = self.case["id"]
        own = self.server.request("GET", f"/v1/cases/{case_id}", token="intake")
        self.assertEqual(own.status, 200)
        self.assertNotIn("submitter", own.json())
        self.assertNotIn("duplicate", own.json())
        other = self.server.request("GET", f"/v1/cases/{case_id}", token="other")
        missing = self.server.request("GET", "/v1/cases/s-000000000000000000000000", token="other")
        self.assertError(other, 404, "not_found")
        self.assertEqual(other.body, missing.body)
        listed = self.server.request("GET", "/v1/cases", token="other").json()["cases"]
        self.assertNotIn(case_id, [r["id"] for r in listed])
        triager = self.server.request("GET", f"/v1/cases/{case_id}", token="reader").json()
        self.assertEqual(triager["submitter"], "intake")

    def test_reporter_link(self):
        key = self.case["link"].split("key=")[1]
        path = f"/v1/cases/{self.case['id']}"
        view = self.server.request("GET", path, headers={"X-Pocsift-Case-Key": key})
        self.assertEqual(view.status, 200)
        self.assertEqual(view.json()["verdict"]["decision"], "ineligible")
        self.assertNotIn("submitter", view.json())
        # Another case's link opens only that case.
        other = self.server.submit(bundle_archive(STATIC, variant="auth-2"), token="other").json()
        other_key = other["link"].split("key=")[1]
        self.assertError(self.server.request("GET", path, headers={"X-Pocsift-Case-Key": other_key}),
                         404, "not_found")
        self.assertError(self.server.request("GET", path, headers={"X-Pocsift-Case-Key": "0" * 64}),
                         404, "not_found")
        self.assertError(self.server.request("GET", "/v1/cases/s-000000000000000000000000",
                                             headers={"X-Pocsift-Case-Key": key}), 404, "not_found")
        # The key opens one case for reading, nothing else.
        self.assertError(self.server.request("GET", "/v1/cases", headers={"X-Pocsift-Case-Key": key}),
                         401, "unauthenticated")
        log = self.server.request("GET", f"/v1/cases/{self.case['id']}/access-log", token="admin")
        self.assertIn(("link", "read"), [(e["who"], e["action"]) for e in log.json()["entries"]])


class Limits(unittest.TestCase):
    def test_oversize_upload(self):
        with Server(BINARY, args=["--max-upload", "4096"]) as server:
            big = bundle_archive(STATIC) + b"\0" * 8192
            response = server.submit(big)
            self.assertEqual(response.status, 413)
            self.assertEqual(error_of(response)[0], "too_large")
            # Without a Content-Length (chunked), the limit holds while reading.
            import http.client
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("POST", "/v1/cases", body=iter([big[:4000], big[4000:]]),
                         headers=server.auth("intake"), encode_chunked=True)
            response = conn.getresponse()
            self.assertEqual(response.status, 413)
            self.assertEqual(json.loads(response.read())["error"], "too_large")
            conn.close()
            self.assertEqual(server.request("GET", "/healthz").status, 200)

    def test_headers_too_large(self):
        with Server(BINARY) as server:
            headers = {f"X-Filler-{i}": "y" * 1000 for i in range(20)}
            response = server.request("GET", "/healthz", headers=headers)
            self.assertEqual(response.status, 431)
            self.assertEqual(error_of(response)[0], "headers_too_large")

    def test_slow_client_is_disconnected(self):
        # A silent client holds a thread at most read timeout + keep-alive.
        with Server(BINARY, args=["--read-timeout", "1", "--keep-alive", "1"]) as server:
            slow = socket.create_connection(("127.0.0.1", server.port))
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finishes
            started = time.monotonic()
            # Others are served meanwhile.
            self.assertEqual(server.request("GET", "/healthz").status, 200)
            # cpp-httplib answers a request cut short by the timeout with 400, then hangs up.
            slow.settimeout(10)
            answer = b""
            while chunk := slow.recv(4096):
                answer += chunk
            self.assertLess(time.monotonic() - started, 5, "the server should hang up")
            self.assertTrue(answer == b"" or answer.startswith(b"HTTP/1.1 400 "), answer)
            slow.close()

    def test_connection_backlog_sheds_with_503(self):
        args = ["--http-threads", "1", "--connection-backlog", "1", "--read-timeout", "2",
                "--retry-after", "7"]
        with Server(BINARY, args=args) as server:
            holder = socket.create_connection(("127.0.0.1", server.port))
            holder.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # holds the only thread
            time.sleep(0.3)
            waiting = socket.create_connection(("127.0.0.1", server.port))
            waiting.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            time.sleep(0.3)
            shed = socket.create_connection(("127.0.0.1", server.port))
            shed.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            shed.settimeout(10)
            answer = b""
            while chunk := shed.recv(4096):
                answer += chunk
            self.assertIn(b" 503 ", answer.split(b"\r\n")[0])
            self.assertIn(b"Retry-After: 7", answer)
            self.assertIn(b'"error":"overloaded"', answer)
            waiting.settimeout(10)
            self.assertIn(b" 200 ", waiting.recv(4096).split(b"\r\n")[0])
            for s in (holder, waiting, shed):
                s.close()

    def test_full_queue_and_submitter_limit(self):
        if not runtimes_installed(BINARY):
            self.skipTest("needs installed runtimes: cases must stay queued for a while")
        args = ["--workers", "1", "--queue-limit", "2", "--submitter-queue-limit", "1",
                "--retry-after", "9", "--runtimes", "5.2", "--repeats", "1"]
        with Server(BINARY, static_only=False, args=args) as server:
            first = server.submit(bundle_archive(FULL, variant="q1"))
            self.assertEqual(first.status, 202)
            limited = server.submit(bundle_archive(FULL, variant="q2"))
            self.assertEqual(limited.status, 429, limited.body)
            self.assertEqual(limited.headers["retry-after"], "9")
            self.assertEqual(error_of(limited)[0], "too_many_cases")
            second = server.submit(bundle_archive(FULL, variant="q3"), token="other")
            self.assertEqual(second.status, 202)
            full = server.submit(bundle_archive(FULL, variant="q4"), token="admin")
            self.assertEqual(full.status, 503, full.body)
            self.assertEqual(full.headers["retry-after"], "9")
            self.assertEqual(error_of(full)[0], "queue_full")
            # Resubmitting an accepted case is still answered when the queue is full.
            again = server.submit(bundle_archive(FULL, variant="q1"))
            self.assertEqual(again.status, 200)
            metrics = server.request("GET", "/metrics", token="reader").body.decode()
            self.assertIn('pocsift_http_rejected_total{reason="queue_full"} 1', metrics)
            self.assertIn('pocsift_http_rejected_total{reason="submitter_limit"} 1', metrics)
            server.wait_case(first.json()["id"], timeout=120)
            server.wait_case(second.json()["id"], timeout=120)
            metrics = server.request("GET", "/metrics", token="reader").body.decode()
            self.assertRegex(metrics, r'pocsift_sandbox_runs_total\{path="warm"\} [1-9]')
            self.assertNotIn('pocsift_sandbox_runs_total{path="cold"}', metrics)
            self.assertEqual(server.submit(bundle_archive(FULL, variant="q4"), token="admin").status, 202)


class Idempotency(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(BINARY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_same_submitter_same_bundle_is_the_same_case(self):
        first = self.server.submit(bundle_archive(STATIC, variant="idem"))
        self.assertEqual(first.status, 202)
        again = self.server.submit(bundle_archive(STATIC, variant="idem"))
        self.assertEqual(again.status, 200)
        self.assertFalse(again.json()["created"])
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(again.json()["link"], first.json()["link"])
        # The same content as a .zip: the content hash, not the container, names the bundle.
        as_zip = self.server.submit(bundle_archive(STATIC, variant="idem", kind="zip"))
        self.assertEqual(as_zip.status, 200)
        self.assertEqual(as_zip.json()["id"], first.json()["id"])
        listed = self.server.request("GET", "/v1/cases", token="intake").json()["cases"]
        self.assertEqual([r["id"] for r in listed].count(first.json()["id"]), 1)

    def test_another_submitter_learns_nothing(self):
        archive = bundle_archive(STATIC, variant="idem-2")
        mine = self.server.submit(archive, token="intake")
        theirs = self.server.submit(archive, token="other")
        self.assertEqual(theirs.status, 202)
        self.assertEqual(mine.status, theirs.status)
        self.assertNotEqual(theirs.json()["id"], mine.json()["id"])
        self.assertTrue(theirs.json()["created"])
        self.assertEqual(set(theirs.json()), set(mine.json()))
        view = self.server.wait_case(theirs.json()["id"], token="other")
        self.assertNotIn("duplicate", view)
        self.assertEqual(view["attempts"], 1)


class Durability(unittest.TestCase):
    def test_sigkill_during_submissions_loses_no_acknowledged_case(self):
        first = Server(BINARY, args=["--workers", "1"]).start()
        acknowledged, stop = [], threading.Event()

        def submit_forever():
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    response = first.submit(bundle_archive(STATIC, variant=f"kill-{n}"))
                except OSError:
                    continue  # the server is gone: not acknowledged
                if response.status == 202:
                    acknowledged.append(response.json()["id"])

        threads = [threading.Thread(target=submit_forever) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        first.kill()
        stop.set()
        for t in threads:
            t.join()
        self.assertGreater(len(acknowledged), 5)
        second = Server(BINARY, store_dir=first.dir, tokens=(first.tokens, first.token_file))
        second.start()
        try:
            for case_id in acknowledged:
                view = second.wait_case(case_id, timeout=60)
                self.assertEqual(view["status"], "done", case_id)
                self.assertEqual(view["verdict"]["decision"], "ineligible")
            listed = second.request("GET", "/v1/cases?limit=1000", token="reader").json()["cases"]
            self.assertTrue(set(acknowledged) <= {r["id"] for r in listed})
        finally:
            second.stop()
            first.close()

    def test_running_case_is_requeued_after_sigkill(self):
        if not runtimes_installed(BINARY):
            self.skipTest("needs installed runtimes to have a case running for seconds")
        args = ["--workers", "1", "--runtimes", "5.2", "--repeats", "1"]
        first = Server(BINARY, static_only=False, args=args).start()
        case_id = first.submit(bundle_archive(FULL, variant="running")).json()["id"]
        first.wait_case(case_id, statuses=("running",), timeout=30)
        first.kill()
        second = Server(BINARY, store_dir=first.dir, tokens=(first.tokens, first.token_file),
                        static_only=False, args=args).start()
        try:
            view = second.wait_case(case_id, timeout=120)
            self.assertEqual(view["status"], "done", view["failure"])
            self.assertEqual(view["attempts"], 2)
            self.assertIn("re-queued", second.stderr_text())
        finally:
            second.stop()
        # With one attempt allowed, a case left running by a dead server is failed, with why.
        third = Server(BINARY, store_dir=first.dir, tokens=(first.tokens, first.token_file),
                       static_only=False, args=args + ["--max-attempts", "1"]).start()
        other_id = third.submit(bundle_archive(FULL, variant="running-2")).json()["id"]
        third.wait_case(other_id, statuses=("running",), timeout=30)
        third.kill()
        fourth = Server(BINARY, store_dir=first.dir, tokens=(first.tokens, first.token_file),
                        args=["--max-attempts", "1"]).start()
        try:
            view = fourth.wait_case(other_id, timeout=30)
            self.assertEqual(view["status"], "failed")
            self.assertIn("the server stopped while checking this case", view["failure"])
        finally:
            fourth.stop()
            first.close()


class FullCheck(unittest.TestCase):
    def test_real_check_and_duplicate(self):
        if not runtimes_installed(BINARY):
            self.skipTest("no Django runtimes installed (scripts/install-runtimes)")
        with Server(BINARY, static_only=False, args=["--workers", "1"]) as server:
            archive = bundle_archive(FULL)
            first = server.submit(archive).json()["id"]
            view = server.wait_case(first, timeout=180)
            self.assertEqual(view["status"], "done", view["failure"])
            self.assertEqual(view["verdict"]["decision"], "eligible")
            self.assertEqual(view["verdict"]["severity"], "high")
            self.assertTrue(view["record"]["runs"])
            self.assertIn("sql-injection", json.dumps(view["signature"]))
            self.assertIsNone(view["duplicate"])
            # Another reporter sends the same flaw: a new case, marked a possible duplicate for
            # triagers only.
            second = server.submit(bundle_archive(FULL, variant="dup"), token="other").json()["id"]
            view = server.wait_case(second, timeout=180)
            self.assertEqual(view["duplicate"]["of"], first)
            self.assertEqual(view["duplicate"]["match"], view["signature"])
            own = server.request("GET", f"/v1/cases/{second}", token="other").json()
            self.assertNotIn("duplicate", own)
            self.assertNotIn(first, json.dumps(own))


if __name__ == "__main__":
    BINARY = sys.argv[1]
    names = sys.argv[2:] or None
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for name in names or ["Api", "Auth", "Limits", "Idempotency", "Durability", "FullCheck"]:
        suite.addTests(loader.loadTestsFromTestCase(globals()[name]))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
