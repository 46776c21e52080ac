#!/usr/bin/env python3
"""Start-to-exit cost of pocsift's sandbox, side by side with chroot and bwrap.

For `python3 -c pass` and `python3 -c "import django"` on one runtime, measures wall time
from spawn to exit of:
  unconfined  chroot into the runtime's root file system (no namespaces, no filter)
  pocsift     the pocsift-sandbox helper: user/mount/PID/net/IPC/UTS/cgroup namespaces,
              pivot_root, read-only binds, tmpfs, rlimits, seccomp with user notification,
              supervision and accounting (the whole RunSandboxed cost but the engine's fork)
  bwrap       bubblewrap with the equivalent unshare and mount options (no seccomp filter:
              bwrap needs a precompiled BPF program, so it is measured without one)
Variants are interleaved run by run, so machine noise hits all of them alike. Prints medians,
the time each adds over unconfined, and ratios. Needs root (chroot, the dedicated uid).

  sudo bench/sandbox/compare.py [--runs 40] [--python 3.11] [--helper PATH]
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_runtime(python):
    cache = os.environ.get("POCSIFT_CACHE") or os.path.expanduser("~/.cache/pocsift")
    locks = sorted(glob.glob(os.path.join(cache, "runtimes", "*", "runtimes.lock.json")),
                   key=os.path.getmtime)
    if not locks:
        sys.exit(f"no runtimes.lock.json under {cache}/runtimes; run scripts/install-runtimes")
    for runtime in json.load(open(locks[-1]))["runtimes"]:
        if runtime["python_version"].startswith(python + "."):
            return runtime
    sys.exit(f"no Python {python} runtime in {locks[-1]}")


def helper_path(given):
    for path in [given, os.environ.get("POCSIFT_SANDBOX_HELPER"),
                 os.path.join(ROOT, "build-sandbox/sandbox/pocsift-sandbox"),
                 os.path.join(ROOT, "build/sandbox/pocsift-sandbox")]:
        if path and os.path.isfile(path):
            return path
    sys.exit("pocsift-sandbox not found: build it or pass --helper")


ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": "/pocsift/django",
       "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/pocsift/work"}


def commands(runtime, helper, code):
    rootfs, django = runtime["rootfs"], runtime["path"]
    python = ["/usr/bin/python3", "-B", "-S", "-c", code]
    unconfined = ([shutil.which("chroot"), rootfs] + python, ENV, None)
    request = {"rootfs": rootfs, "django": django, "python_args": ["-c", code],
               "input": {}, "limits": {}}
    body = json.dumps(request).encode()
    pocsift = ([helper], {}, struct.pack(">I", len(body)) + body)
    bwrap = ([shutil.which("bwrap"), "--unshare-all", "--die-with-parent", "--new-session",
              "--uid", "1000", "--gid", "1000", "--cap-drop", "ALL",
              "--ro-bind", rootfs, "/", "--ro-bind", django, "/pocsift/django",
              "--tmpfs", "/pocsift/work", "--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev",
              "--hostname", "pocsift", "--chdir", "/pocsift/work", "--clearenv"]
             + [a for k, v in ENV.items() for a in ("--setenv", k, v)] + python, {}, None)
    return {"unconfined": unconfined, "pocsift": pocsift, "bwrap": bwrap}


def run_once(argv, env, stdin, around=None):
    if around:
        subprocess.run(around[0], check=True)
    try:
        return timed(argv, env, stdin)
    finally:
        if around:
            subprocess.run(around[1], check=True)


def timed(argv, env, stdin):
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"{argv[0]} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, done.stdout


def check_pocsift(stdout):
    n = struct.unpack(">I", stdout[:4])[0]
    answer = json.loads(stdout[4:4 + n])
    if not answer.get("ok"):
        sys.exit(f"pocsift-sandbox: {answer}")
    result = answer["result"]
    # `-c pass` writes no frame, so the run is "failed: no output frame"; anything else is not.
    if result["exit_code"] != 0 or result["denied_syscalls"]:
        sys.exit(f"pocsift-sandbox run went wrong: {result}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--python", default="3.11")
    parser.add_argument("--helper")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root (chroot and the sandbox's dedicated uid need it)")
    if not shutil.which("bwrap"):
        sys.exit("bwrap not installed (apt-get install bubblewrap)")
    runtime = find_runtime(args.python)
    helper = helper_path(args.helper)
    # chroot needs the Django folder at /pocsift/django too: it is bound there only around
    # each unconfined run (the sandbox refuses a root file system with mounts below it).
    target = os.path.join(runtime["rootfs"], "pocsift/django")
    bind = ["mount", "--bind", "-o", "ro", runtime["path"], target]
    print(f"runtime {runtime['id']} (Python {runtime['python_version']}, "
          f"{os.path.basename(runtime['rootfs'])}), {args.runs} interleaved runs each\n")
    for label, code in [("python3 -c pass", "pass"),
                        ("python3 -c 'import django'", "import django")]:
        variants = commands(runtime, helper, code)
        times = {name: [] for name in variants}
        around = {"unconfined": (bind, ["umount", target])}
        for name, (argv, env, stdin) in variants.items():  # warm the page cache
            run_once(argv, env, stdin, around.get(name))
        for _ in range(args.runs):
            for name, (argv, env, stdin) in variants.items():
                elapsed, stdout = run_once(argv, env, stdin, around.get(name))
                if name == "pocsift":
                    check_pocsift(stdout)
                times[name].append(elapsed)
        base = statistics.median(times["unconfined"])
        print(f"{label}")
        print(f"  {'':<11} {'median':>9} {'added':>9} {'ratio':>6}")
        for name, samples in times.items():
            median = statistics.median(samples)
            print(f"  {name:<11} {median:8.1f}ms {median - base:+8.1f}ms {median / base:5.2f}x")
        added_pocsift = statistics.median(times["pocsift"]) - base
        added_bwrap = statistics.median(times["bwrap"]) - base
        print(f"  pocsift adds {added_pocsift / added_bwrap:.2f}x what bwrap adds\n")


if __name__ == "__main__":
    main()
