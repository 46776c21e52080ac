"""A real `pocsift serve` process on 127.0.0.1 for tests and benchmarks, with tokens, bundle
archives made from fixtures/bundles, and a small JSON HTTP client (standard library only)."""

import http.client
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLES = ROOT / "fixtures" / "bundles"

ROLES = {"intake": "submit", "other": "submit", "reader": "read", "admin": "admin"}


def make_tokens(folder):
    """Writes a token file with one token per name in ROLES; returns {name: token}."""
    tokens = {name: secrets.token_hex(24) for name in ROLES}
    path = Path(folder) / "tokens"
    path.write_text("".join(f"{n}:{ROLES[n]}:{t}\n" for n, t in tokens.items()))
    path.chmod(0o600)
    return tokens, path


def bundle_archive(name, variant=None, kind="tar.gz"):
    """The bytes of fixtures/bundles/<name> as an archive. A `variant` changes the title, so
    the content (and the case) differs while the verdict stays the same."""
    folder = BUNDLES / name
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    if variant is not None:
        manifest = json.loads(files["poc.json"])
        manifest["title"] = f"{manifest.get('title', '')} (variant {variant})"
        files["poc.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(out, "w") as z:
            for rel, data in files.items():
                z.writestr(rel, data)
    else:
        with tarfile.open(fileobj=out, mode="w:gz") as t:
            for rel, data in files.items():
                info = tarfile.TarInfo(rel)
                info.size = len(data)
                info.mode = 0o644
                t.addfile(info, io.BytesIO(data))
    return out.getvalue()


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class Server:
    """`pocsift serve` on a free loopback port. Start() waits for its "listening" line."""

    def __init__(self, binary, store_dir=None, static_only=True, args=(), tokens=None):
        self.binary = binary
        self.own_dir = store_dir is None
        self.dir = Path(store_dir or tempfile.mkdtemp(prefix="pocsift-serve-test-"))
        if tokens is None:
            self.tokens, self.token_file = make_tokens(self.dir)
        else:
            self.tokens, self.token_file = tokens
        self.store = self.dir / "cases.sqlite"
        self.static_only = static_only
        self.args = list(args)
        self.process = None
        self.port = None
        self.stderr_path = self.dir / "stderr.log"

    def start(self):
        command = [self.binary, "serve", "--port", "0", "--store", str(self.store),
                   "--tokens", str(self.token_file)] + self.args
        if self.static_only:
            command.append("--static-only")
        self.stderr = open(self.stderr_path, "ab")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.stderr,
                                        stdin=subprocess.DEVNULL)
        line = self.process.stdout.readline().decode()
        if "listening on http://127.0.0.1:" not in line:
            self.process.kill()
            raise RuntimeError(f"serve did not start: {line!r}\n{self.stderr_text()}")
        self.port = int(line.rsplit(":", 1)[1])
        return self

    def stderr_text(self):
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self):
        """SIGKILL: no chance to clean up, like a crash or the OOM killer."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def close(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def auth(self, name):
        return {"Authorization": "Bearer " + self.tokens[name]}

    def request(self, method, path, body=None, headers=None, token=None, timeout=30):
        headers = dict(headers or {})
        if token:
            headers.update(self.auth(token))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Response(response.status, {k.lower(): v for k, v in response.getheaders()},
                            response.read())
        finally:
            conn.close()

    def submit(self, archive, token="intake"):
        return self.request("POST", "/v1/cases", body=archive, token=token,
                            headers={"Content-Type": "application/octet-stream"})

    def wait_case(self, case_id, token="reader", statuses=("done", "failed"), timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = self.request("GET", f"/v1/cases/{case_id}", token=token)
            if response.status == 200 and response.json()["status"] in statuses:
                return response.json()
            time.sleep(0.1)
        raise AssertionError(f"case {case_id} not in {statuses} after {timeout} s")


def runtimes_installed(binary):
    return subprocess.run([binary, "runtimes"], capture_output=True).returncode == 0
