#include "tests/sandbox/battery.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <signal.h>

namespace pocsift::sandbox::testing {
namespace {

using nlohmann::json;

// The bundle folder the battery binds at /pocsift/bundle holds these links (set up by
// containment_test.cc): they point outside the bundle.
constexpr char kSymlinkCode[] = R"(
  out["shadow"] = errno_of(lambda: open("/pocsift/bundle/to_shadow").read())
  out["host"] = errno_of(lambda: open("/pocsift/bundle/to_host_secret").read())
  out["init_environ"] = errno_of(lambda: open("/pocsift/bundle/to_init_environ").read())
  out["dotdot"] = os.path.realpath("/pocsift/bundle/dotdot")
  out["create_through_link"] = errno_of(open, "/pocsift/bundle/to_new_host_file", "w")
)";

std::vector<Behaviour> MakeBattery() {
  std::vector<Behaviour> b;
  // --- processes -------------------------------------------------------------------------
  b.push_back({.name = "fork_bomb",
               .code = R"(
                 n = 0
                 for _ in range(1000):
                     try:
                         os.fork()
                         n += 1
                     except OSError as e:
                         out["errno"] = e.errno
                         break
                 out["forked"] = n
               )",
               .denied = {"clone"},
               .out = {{"errno", EPERM}, {"forked", 0}}});
  b.push_back({.name = "thread_bomb",
               .code = R"(
                 import threading, time
                 started = 0
                 try:
                     for _ in range(1000):
                         threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
                         started += 1
                 except RuntimeError:
                     out["stopped"] = True
                 out["bounded"] = started < 32
               )",
               .out = {{"stopped", true}, {"bounded", true}}});
  b.push_back({.name = "memory_bomb",
               .code = R"(
                 chunks = []
                 while True:
                     chunks.append(bytearray(16 << 20))
               )",
               .status = RunStatus::kFailed,
               .reason = "MemoryError: address-space limit",
               .check = [](const SandboxResult& r) {
                 EXPECT_EQ(r.exit_code, 1);
                 EXPECT_LT(r.max_rss_kb, (512 << 10));
               }});
  b.push_back({.name = "cpu_spin_past_limit",
               .code = "while True:\n    pass\n",
               .status = RunStatus::kFailed,
               .reason = "CPU time limit of 1 s exceeded",
               .limits = [](SandboxLimits& l) { l.cpu_seconds = 1; },
               .check = [](const SandboxResult& r) {
                 EXPECT_EQ(r.term_signal, SIGXCPU);
                 // The kernel sent SIGXCPU at 1 s of its own CPU accounting; rusage's
                 // utime+stime, scaled from tick samples, has read as low as 865 ms on a
                 // loaded 2-core machine. Most of a second, not an exact figure.
                 EXPECT_GE(r.cpu_ms, 500);
               }});
  b.push_back({.name = "sleep_past_deadline",
               .code = "import time\ntime.sleep(600)\n",
               .status = RunStatus::kTimeout,
               .reason = "wall-clock deadline of 1500 ms exceeded",
               .limits = [](SandboxLimits& l) { l.wall_ms = 1500; },
               .check = [](const SandboxResult& r) { EXPECT_EQ(r.term_signal, SIGKILL); }});
  b.push_back({.name = "os_system",
               .code = R"(out["nonzero"] = os.system("id > /pocsift/work/id.txt") != 0)",
               .denied = {"clone|vfork"},
               .out = {{"nonzero", true}}});
  b.push_back({.name = "subprocess_run",
               .code = R"(
                 import subprocess
                 try:
                     subprocess.run(["/bin/true"])
                     out["ran"] = True
                 except OSError as e:
                     out["errno"] = e.errno
               )",
               .denied = {"clone|vfork"},
               .out = {{"errno", EPERM}}});
  b.push_back({.name = "os_exec",
               .code = R"(
                 out["execv"] = errno_of(os.execv, "/bin/sh", ["sh", "-c", "id"])
                 out["execvp"] = errno_of(os.execvp, "python3", ["python3", "-c", "1"])
               )",
               .denied = {"execve"},
               .out = {{"execv", EPERM}, {"execvp", EPERM}},
               .check = [](const SandboxResult& r) {
                 EXPECT_GE(r.denied_syscalls.at("execve"), 2);
               }});
  b.push_back({.name = "ctypes_execve",
               .code = R"(
                 import ctypes
                 argv = (ctypes.c_char_p * 2)(b"/bin/sh", None)
                 out["execve"] = syscall_errno(59, ctypes.c_char_p(b"/bin/sh"), argv, None)
                 out["execveat"] = syscall_errno(322, -100, ctypes.c_char_p(b"/bin/sh"), argv,
                                                 None, 0)
               )",
               .denied = {"execve", "execveat"},
               .out = {{"execve", EPERM}, {"execveat", EPERM}}});
  b.push_back({.name = "memfd_create_and_exec",
               .code = R"(
                 out["memfd"] = errno_of(os.memfd_create, "payload")
                 fd = os.open("/pocsift/work/payload", os.O_RDWR | os.O_CREAT, 0o755)
                 os.write(fd, open("/bin/true", "rb").read())
                 out["fexecve"] = errno_of(os.execve, fd, ["payload"], {})
                 out["exec_path"] = errno_of(os.execv, "/pocsift/work/payload", ["payload"])
               )",
               .denied = {"memfd_create", "execve|execveat"},
               .out = {{"memfd", EPERM}, {"fexecve", EPERM}, {"exec_path", EPERM}}});
  b.push_back({.name = "clone3_with_namespaces",
               .code = R"(
                 import ctypes
                 class CloneArgs(ctypes.Structure):
                     _fields_ = [(n, ctypes.c_uint64) for n in (
                         "flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack",
                         "stack_size", "tls")]
                 before = os.readlink("/proc/self/ns/user")
                 args = CloneArgs(flags=0x10000000 | 0x20000000, exit_signal=17)
                 out["clone3"] = syscall_errno(435, ctypes.byref(args), ctypes.sizeof(args))
                 out["clone"] = syscall_errno(56, 0x10000000 | 17, 0, 0, 0, 0)
                 out["same_userns"] = os.readlink("/proc/self/ns/user") == before
               )",
               .denied = {"clone"},
               .out = {{"clone3", ENOSYS}, {"clone", EPERM}, {"same_userns", true}},
               .check = [](const SandboxResult& r) {
                 // clone3 is answered ENOSYS in the filter, by design not evidence.
                 EXPECT_EQ(r.denied_syscalls.count("clone3"), 0u);
               }});
  b.push_back({.name = "daemonized_grandchild",
               .code = R"(
                 import threading, time
                 out["fork"] = errno_of(os.fork)
                 out["setsid"] = errno_of(os.setsid)
                 threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
               )",
               .denied = {"clone", "setsid"},
               .out = {{"fork", EPERM}, {"setsid", EPERM}}});
  b.push_back({.name = "kill_parent",
               .code = R"(
                 import signal
                 out["ppid"] = os.getppid()
                 out["kill_parent"] = errno_of(os.kill, os.getppid(), signal.SIGKILL)
                 out["kill_init"] = errno_of(os.kill, 1, signal.SIGTERM)
                 out["tgkill_init"] = syscall_errno(234, 1, 1, 9)
               )",
               .denied = {"kill", "tgkill"},
               .out = {{"ppid", 1}, {"kill_parent", EPERM}, {"kill_init", EPERM},
                       {"tgkill_init", EPERM}}});
  b.push_back({.name = "kill_outside",
               .code = R"(
                 out["pid"] = errno_of(os.kill, 12345, 9)
                 out["everyone"] = errno_of(os.kill, -1, 9)
                 out["group"] = errno_of(os.killpg, 7, 9)
               )",
               .denied = {"kill"},
               .out = {{"pid", EPERM}, {"everyone", EPERM}, {"group", EPERM}}});
  b.push_back({.name = "ptrace",
               .code = R"(
                 out["attach_init"] = syscall_errno(101, 16, 1, 0, 0)
                 out["traceme"] = syscall_errno(101, 0, 0, 0, 0)
               )",
               .denied = {"ptrace"},
               .out = {{"attach_init", EPERM}, {"traceme", EPERM}}});
  // --- kernel attack surface -------------------------------------------------------------
  b.push_back({.name = "mount",
               .code = R"(
                 import ctypes
                 c = ctypes.c_char_p
                 out["mount"] = syscall_errno(165, c(b"none"), c(b"/mnt"), c(b"tmpfs"), 0, None)
                 out["umount2"] = syscall_errno(166, c(b"/pocsift/django"), 2)
               )",
               .denied = {"mount", "umount2"},
               .out = {{"mount", EPERM}, {"umount2", EPERM}}});
  b.push_back({.name = "unshare_user_namespace",
               .code = R"(out["unshare"] = syscall_errno(272, 0x10000000))",
               .denied = {"unshare"},
               .out = {{"unshare", EPERM}}});
  b.push_back({.name = "setns",
               .code = R"(
                 fd = os.open("/proc/self/ns/net", os.O_RDONLY)
                 out["setns"] = syscall_errno(308, fd, 0)
               )",
               .denied = {"setns"},
               .out = {{"setns", EPERM}}});
  b.push_back({.name = "keyctl",
               .code = R"(
                 import ctypes
                 c = ctypes.c_char_p
                 out["add_key"] = syscall_errno(248, c(b"user"), c(b"k"), c(b"v"), 1, -2)
                 out["keyctl"] = syscall_errno(250, 0, -2, 0, 0, 0)
                 out["request_key"] = syscall_errno(249, c(b"user"), c(b"k"), None, 0)
               )",
               .denied = {"add_key", "keyctl", "request_key"},
               .out = {{"add_key", EPERM}, {"keyctl", EPERM}, {"request_key", EPERM}}});
  b.push_back({.name = "bpf",
               .code = R"(out["bpf"] = syscall_errno(321, 0, 0, 0))",
               .denied = {"bpf"},
               .out = {{"bpf", EPERM}}});
  b.push_back({.name = "perf_event_open",
               .code = R"(out["perf"] = syscall_errno(298, 0, 0, -1, -1, 0))",
               .denied = {"perf_event_open"},
               .out = {{"perf", EPERM}}});
  b.push_back({.name = "io_uring",
               .code = R"(
                 import ctypes
                 params = ctypes.create_string_buffer(120)
                 out["setup"] = syscall_errno(425, 8, params)
                 out["enter"] = syscall_errno(426, 0, 0, 0, 0, None, 0)
                 out["register"] = syscall_errno(427, 0, 0, None, 0)
               )",
               .denied = {"io_uring_setup", "io_uring_enter", "io_uring_register"},
               .out = {{"setup", EPERM}, {"enter", EPERM}, {"register", EPERM}}});
  b.push_back({.name = "userfaultfd",
               .code = R"(out["userfaultfd"] = syscall_errno(323, 0))",
               .denied = {"userfaultfd"},
               .out = {{"userfaultfd", EPERM}}});
  b.push_back({.name = "privileged_calls",
               .code = R"(
                 calls = {"personality": (135, 0xffffffff), "process_vm_readv": (310, 1, 0, 0, 0, 0, 0),
                          "process_vm_writev": (311, 1, 0, 0, 0, 0, 0), "kexec_load": (246, 0, 0, 0, 0),
                          "kexec_file_load": (320, -1, -1, 0, 0, 0), "init_module": (175, 0, 0, 0),
                          "finit_module": (313, -1, 0, 0), "delete_module": (176, 0, 0),
                          "chroot": (161, 0), "pivot_root": (155, 0, 0), "setuid": (105, 0),
                          "reboot": (169, 0, 0, 0, 0), "open_by_handle_at": (304, -100, 0, 0)}
                 out["errnos"] = sorted({syscall_errno(*a) for a in calls.values()})
               )",
               .denied = {"personality", "process_vm_readv", "process_vm_writev", "kexec_load",
                          "kexec_file_load", "init_module", "finit_module", "delete_module",
                          "chroot", "pivot_root", "setuid", "reboot", "open_by_handle_at"},
               .out = {{"errnos", json::array({EPERM})}}});
  b.push_back({.name = "x32_abi",
               .code = R"(
                 out["getpid"] = syscall_errno(0x40000000 | 39)
                 out["mount"] = syscall_errno(0x40000000 | 165, 0, 0, 0, 0, 0)
               )",
               .denied = {"x32:getpid", "x32:mount"},
               .out = {{"getpid", EPERM}, {"mount", EPERM}}});
  b.push_back({.name = "i386_abi",
               .code = R"(
                 import ctypes, mmap
                 code = bytes([0xb8, 20, 0, 0, 0,   # mov eax, 20: getpid in the i386 table
                               0xcd, 0x80,          # int 0x80
                               0xc3])               # ret
                 page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
                 page.write(code)
                 call = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
                 out["rc"] = call()
               )",
               .denied = {"i386:getpid"},
               .out = {{"rc", -EPERM}}});
  // --- network ---------------------------------------------------------------------------
  b.push_back({.name = "inet_connect_loopback",
               .code = R"(
                 import socket
                 try:
                     socket.create_connection(("127.0.0.1", 80), timeout=1)
                     out["connected"] = True
                 except OSError as e:
                     out["errno"] = e.errno
               )",
               .denied = {"socket"},
               .out = {{"errno", EPERM}}});
  b.push_back({.name = "inet_connect_remote",
               .code = R"(
                 import socket
                 out["tcp4"] = errno_of(socket.socket, socket.AF_INET, socket.SOCK_STREAM)
                 out["udp4"] = errno_of(socket.socket, socket.AF_INET, socket.SOCK_DGRAM)
                 out["tcp6"] = errno_of(socket.socket, socket.AF_INET6, socket.SOCK_STREAM)
                 out["raw"] = errno_of(socket.socket, socket.AF_PACKET, socket.SOCK_RAW)
                 out["netlink"] = errno_of(socket.socket, socket.AF_NETLINK, socket.SOCK_RAW)
                 out["dns"] = errno_of(socket.getaddrinfo, "example.com", 80)
               )",
               .denied = {"socket"},
               .out = {{"tcp4", EPERM}, {"udp4", EPERM}, {"tcp6", EPERM}, {"raw", EPERM},
                       {"netlink", EPERM}},
               .check = [](const SandboxResult& r) {
                 EXPECT_GE(r.denied_syscalls.at("socket"), 5);
               }});
  b.push_back({.name = "unix_socketpair_allowed",
               .code = R"(
                 import socket
                 a, c = socket.socketpair()
                 a.sendall(b"ping")
                 out["echo"] = c.recv(4).decode()
               )",
               .out = {{"echo", "ping"}},
               .check = [](const SandboxResult& r) { EXPECT_TRUE(r.denied_syscalls.empty()); }});
  // --- files -----------------------------------------------------------------------------
  b.push_back({.name = "read_host_files",
               .code = R"(
                 out["shadow"] = errno_of(lambda: open("/etc/shadow").read())
                 out["engine_source"] = errno_of(open, "/work/main/CMakeLists.txt")
                 out["runtime_cache"] = errno_of(os.listdir, "/root/.cache/pocsift")
                 out["init_environ"] = errno_of(lambda: open("/proc/1/environ").read())
                 out["init_exe"] = errno_of(os.readlink, "/proc/1/exe")
                 out["init_root"] = errno_of(os.listdir, "/proc/1/root/")
                 out["init_mem"] = errno_of(open, "/proc/1/mem", "rb")
                 out["pids"] = sorted(p for p in os.listdir("/proc") if p.isdigit())
               )",
               .out = {{"shadow", EACCES}, {"engine_source", ENOENT}, {"runtime_cache", EACCES},
                       {"init_environ", EACCES}, {"init_exe", EACCES}, {"init_root", EACCES},
                       {"init_mem", EACCES}, {"pids", json::array({"1", "2"})}}});
  b.push_back({.name = "write_outside_tmpfs",
               .code = R"(
                 targets = ["/etc/pocsift", "/usr/bin/pocsift", "/pocsift/bundle/x",
                            "/pocsift/django/x", "/pocsift/harness/x", "/pocsift/project/x",
                            "/dev/x", "/x"]
                 out["errnos"] = sorted({errno_of(open, t, "w") for t in targets})
                 out["chmod"] = errno_of(os.chmod, "/usr/bin/python3", 0o777)
                 out["proc_sys"] = errno_of(lambda: open("/proc/sys/kernel/hostname", "w").write("x"))
                 out["sysrq_blocked"] = errno_of(open, "/proc/sysrq-trigger", "w") in (2, 13)
                 out["work_ok"] = errno_of(lambda: open("/pocsift/work/ok", "w").write("x"))
                 out["tmp_ok"] = errno_of(lambda: open("/tmp/ok", "w").write("x"))
               )",
               .out = {{"errnos", json::array({EROFS})}, {"chmod", EROFS},
                       {"proc_sys", EACCES}, {"sysrq_blocked", true}, {"work_ok", 0}, {"tmp_ok", 0}}});
  b.push_back({.name = "bundle_symlinks_outside",
               .code = kSymlinkCode,
               .out = {{"shadow", EACCES}, {"host", ENOENT}, {"init_environ", EACCES},
                       {"dotdot", "/etc/passwd"}, {"create_through_link", EROFS}}});
  b.push_back({.name = "bundle_native_library",
               .code = R"(
                 import ctypes, shutil
                 out["present"] = os.path.getsize("/pocsift/bundle/native.so") > 0
                 try:
                     ctypes.CDLL("/pocsift/bundle/native.so")
                     out["loaded_from_bundle"] = True
                 except OSError:
                     out["loaded_from_bundle"] = False
                 shutil.copy("/pocsift/bundle/native.so", "/pocsift/work/native.so")
                 try:
                     ctypes.CDLL("/pocsift/work/native.so")
                     out["loaded_from_work"] = True
                 except OSError:
                     out["loaded_from_work"] = False
               )",
               .out = {{"present", true}, {"loaded_from_bundle", false},
                       {"loaded_from_work", false}}});
  b.push_back({.name = "huge_file",
               .code = R"(
                 try:
                     with open("/pocsift/work/big", "wb") as f:
                         for _ in range(64):
                             f.write(b"x" * (1 << 20))
                             f.flush()
                 except OSError as e:
                     out["errno"] = e.errno
                 out["bounded"] = os.path.getsize("/pocsift/work/big") <= 8 << 20
               )",
               .out = {{"errno", EFBIG}, {"bounded", true}}});
  b.push_back({.name = "fill_tmpfs",
               .code = R"(
                 i = 0
                 try:
                     while True:
                         with open(f"/tmp/fill{i}", "wb") as f:
                             for _ in range(4):
                                 f.write(b"x" * (1 << 20))
                                 f.flush()
                         i += 1
                 except OSError as e:
                     out["errno"] = e.errno
                 st = os.statvfs("/pocsift/work")
                 out["bounded"] = st.f_blocks * st.f_frsize <= 16 << 20
               )",
               .out = {{"errno", ENOSPC}, {"bounded", true}}});
  b.push_back({.name = "tmpfs_inodes",
               .code = R"(
                 try:
                     for i in range(100000):
                         open(f"/pocsift/work/f{i}", "w").close()
                 except OSError as e:
                     out["errno"] = e.errno
               )",
               .out = {{"errno", ENOSPC}}});
  b.push_back({.name = "fd_exhaustion",
               .code = R"(
                 fds = []
                 try:
                     while True:
                         fds.append(os.open("/dev/null", os.O_RDONLY))
                 except OSError as e:
                     out["errno"] = e.errno
                 out["bounded"] = len(fds) < 64
                 for fd in fds:
                     os.close(fd)
               )",
               .out = {{"errno", EMFILE}, {"bounded", true}}});
  b.push_back({.name = "tiocsti_inherited_terminal",
               .code = R"(
                 import fcntl, termios
                 out["stdin"] = errno_of(fcntl.ioctl, 0, termios.TIOCSTI, b"x")
                 out["stderr"] = errno_of(fcntl.ioctl, 2, termios.TIOCSTI, b"x")
                 out["dev_tty"] = errno_of(open, "/dev/tty", "rb")
               )",
               .denied = {"ioctl"},
               .out = {{"stdin", EPERM}, {"stderr", EPERM}, {"dev_tty", ENOENT}}});
  // --- the channel -----------------------------------------------------------------------
  b.push_back({.name = "prints_garbage",
               .code = R"(
                 sys.stdout.write("hello, this is not a frame\n")
                 sys.stdout.flush()
                 os._exit(0)
               )",
               .status = RunStatus::kFailed,
               .reason = "is not a frame stream"});
  b.push_back({.name = "prints_a_gigabyte",
               .code = R"(
                 chunk = b"x" * (1 << 20)
                 for _ in range(1024):
                     sys.stdout.buffer.write(chunk)
               )",
               .status = RunStatus::kFailed,
               .reason = "oversized frame 0"});
  b.push_back({.name = "floods_frames",
               .code = R"(
                 for _ in range(1000):
                     emit({"pad": "x" * (512 << 10)})
               )",
               .status = RunStatus::kFailed,
               .reason = "output flood"});
  b.push_back({.name = "floods_stderr",
               .code = R"(
                 chunk = "x" * (1 << 20)
                 for _ in range(1024):
                     sys.stderr.write(chunk)
               )",
               .status = RunStatus::kFailed,
               .reason = "stderr flood",
               .check = [](const SandboxResult& r) {
                 EXPECT_LE(r.stderr_tail.size(), BatteryLimits().stderr_tail_bytes);
               }});
  b.push_back({.name = "malformed_frame",
               .code = R"(
                 sys.stdout.buffer.write((9).to_bytes(4, "big") + b"{not json")
                 sys.stdout.flush()
                 os._exit(0)
               )",
               .status = RunStatus::kFailed,
               .reason = "malformed frame 0"});
  b.push_back({.name = "truncated_frame",
               .code = R"(
                 sys.stdout.buffer.write((100).to_bytes(4, "big") + b"{\"a\": 1")
                 sys.stdout.flush()
                 os._exit(0)
               )",
               .status = RunStatus::kFailed,
               .reason = "truncated frame 0"});
  b.push_back({.name = "missing_output",
               .code = "os._exit(0)\n",
               .status = RunStatus::kFailed,
               .reason = "no output frame"});
  b.push_back({.name = "closes_the_channel",
               .code = R"(
                 os.close(1)
                 os.close(0)
                 os._exit(0)
               )",
               .status = RunStatus::kFailed,
               .reason = "no output frame"});
  b.push_back({.name = "corrupts_the_channel",
               .code = R"(
                 emit({"first": 1})
                 os.write(1, b"\x00\x00\x10\x00partial")
                 os._exit(0)
               )",
               .status = RunStatus::kFailed,
               .reason = "truncated frame 1"});
  b.push_back({.name = "dies_by_signal",
               .code = R"(
                 import signal
                 os.kill(os.getpid(), signal.SIGSEGV)
               )",
               .status = RunStatus::kFailed,
               .reason = "killed by SIGSEGV",
               .check = [](const SandboxResult& r) { EXPECT_EQ(r.term_signal, SIGSEGV); }});
  b.push_back({.name = "exits_nonzero",
               .code = "os._exit(3)\n",
               .status = RunStatus::kFailed,
               .reason = "exited with status 3"});
  return b;
}

}  // namespace

SandboxLimits BatteryLimits() {
  SandboxLimits l;
  l.cpu_seconds = 5;
  l.address_space_bytes = 512ull << 20;
  l.max_tasks = 32;
  l.file_size_bytes = 8ull << 20;
  l.open_files = 64;
  l.tmpfs_bytes = 16ull << 20;
  l.tmpfs_inodes = 1024;
  l.wall_ms = 20'000;
  return l;
}

const std::vector<Behaviour>& Battery() {
  static const std::vector<Behaviour> battery = MakeBattery();
  return battery;
}

}  // namespace pocsift::sandbox::testing
