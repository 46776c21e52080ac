"""Test harness for the containment battery, bound read-only at /pocsift/harness.

Reads one request frame {"code": "..."} on stdin, runs the code with the helpers below and
a dict `out`, then answers one frame {"out": out} (plus "exception" if the code raised).
Frames are 4-byte big-endian lengths followed by JSON text (sandbox/channel.h).
"""
import json
import os
import sys
import textwrap


def read_frame():
    header = sys.stdin.buffer.read(4)
    return json.loads(sys.stdin.buffer.read(int.from_bytes(header, "big")))


def emit(value):
    data = json.dumps(value).encode()
    sys.stdout.buffer.write(len(data).to_bytes(4, "big") + data)
    sys.stdout.buffer.flush()


def errno_of(fn, *args):
    """0 when fn(*args) succeeds, else the errno of the OSError it raised."""
    try:
        fn(*args)
        return 0
    except OSError as e:
        return e.errno


_libc = None


def syscall_errno(nr, *args):
    """Calls syscall(nr, *args) through libc; 0 on success, else errno."""
    global _libc
    import ctypes
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
    converted = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    rc = _libc.syscall(ctypes.c_long(nr), *converted)
    return ctypes.get_errno() if rc == -1 else 0


def main():
    request = read_frame()
    out = {}
    scope = {"out": out, "emit": emit, "errno_of": errno_of, "syscall_errno": syscall_errno,
             "os": os, "sys": sys}
    answer = {"out": out}
    try:
        exec(textwrap.dedent(request["code"]), scope)
    except BaseException as e:  # the battery reports, it does not crash
        if isinstance(e, MemoryError):
            raise
        answer["exception"] = type(e).__name__ + ": " + str(e)
    emit(answer)


main()
