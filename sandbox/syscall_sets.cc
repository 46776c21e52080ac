#include "sandbox/syscall_sets.h"

#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

namespace pocsift::sandbox {
namespace {

constexpr std::uint64_t kLow32 = 0xffffffffu;

// ioctl(2)'s request is an `unsigned int`: compare only the low 32 bits, as the kernel does.
ArgCondition IoctlRequest(unsigned long request) { return {1, kLow32, request}; }

// clone(2) may only start threads: CLONE_THREAD set (which requires CLONE_VM and
// CLONE_SIGHAND, so no new process) and no CLONE_NEW* namespace flag.
constexpr std::uint64_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                          CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                                          CLONE_NEWNET;
const ArgCondition kThreadOnly{0, CLONE_THREAD | kNamespaceFlags, CLONE_THREAD};

}  // namespace

const std::vector<SyscallSet>& AllowedSyscallSets() {
  static const std::vector<SyscallSet> sets = {
      {"process",
       "start-up and exit of one process: the dynamic loader, glibc's TLS and robust futex "
       "lists, rseq registration, and exit",
       {{"exit"}, {"exit_group"}, {"arch_prctl"}, {"set_tid_address"}, {"set_robust_list"},
        {"get_robust_list"}, {"rseq"}, {"restart_syscall"}, {"getpid"}, {"getppid"},
        {"gettid"}, {"uname"}, {"sysinfo"}, {"getrlimit"}, {"setrlimit"}, {"getrusage"},
        {"times"}, {"wait4"}, {"waitid"},
        // prlimit64 only on the calling process (pid 0): resource.getrlimit/setrlimit.
        {"prlimit64", {{0, ~std::uint64_t{0}, 0}}}}},
      {"identity",
       "os.getuid() and friends; reading ids is harmless, changing them is denied",
       {{"getuid"}, {"geteuid"}, {"getgid"}, {"getegid"}, {"getresuid"}, {"getresgid"},
        {"getgroups"}, {"getpgrp"}, {"getpgid"}, {"getsid"}, {"capget"}}},
      {"memory",
       "the allocator and the import machinery map, grow and protect memory",
       {{"brk"}, {"mmap"}, {"munmap"}, {"mremap"}, {"mprotect"}, {"madvise"}, {"msync"},
        {"mincore"}}},
      {"threads",
       "threading, the GIL and concurrent.futures: threads only, never a new process",
       {{"clone", {kThreadOnly}}, {"futex"}, {"sched_yield"}, {"sched_getaffinity"},
        {"sched_getparam"}, {"sched_getscheduler"}, {"getcpu"}, {"membarrier"}}},
      {"signals",
       "CPython installs handlers and masks signals; it may signal only itself",
       {{"rt_sigaction"}, {"rt_sigprocmask"}, {"rt_sigreturn"}, {"rt_sigpending"},
        {"rt_sigsuspend"}, {"rt_sigtimedwait"}, {"sigaltstack"}, {"pause"},
        {"kill", {{0, ~std::uint64_t{0}, kPayloadPid}}},
        {"tgkill", {{0, ~std::uint64_t{0}, kPayloadPid}}}}},
      {"time",
       "clocks and sleeping (time, asyncio, the deadline of socket timeouts)",
       {{"clock_gettime"}, {"clock_getres"}, {"clock_nanosleep"}, {"gettimeofday"}, {"time"},
        {"nanosleep"}, {"getitimer"}, {"setitimer"}, {"alarm"}}},
      {"random", "os.urandom, hash randomization, secrets", {{"getrandom"}}},
      {"file_io",
       "reading the read-only tree and writing the tmpfs; where the files are is decided by "
       "the mounts, not here",
       {{"read"},       {"write"},         {"readv"},      {"writev"},     {"pread64"},
        {"pwrite64"},   {"preadv"},        {"pwritev"},    {"preadv2"},    {"pwritev2"},
        {"open"},       {"openat"},        {"close"},      {"close_range"}, {"lseek"},
        {"fstat"},      {"stat"},          {"lstat"},      {"newfstatat"}, {"statx"},
        {"statfs"},     {"fstatfs"},       {"access"},     {"faccessat"},  {"faccessat2"},
        {"readlink"},   {"readlinkat"},    {"getdents64"}, {"getcwd"},     {"chdir"},
        {"fchdir"},     {"fcntl"},         {"dup"},        {"dup2"},       {"dup3"},
        {"pipe"},       {"pipe2"},         {"ftruncate"},  {"truncate"},   {"fsync"},
        {"fdatasync"},  {"rename"},        {"renameat"},   {"renameat2"},  {"mkdir"},
        {"mkdirat"},    {"rmdir"},         {"unlink"},     {"unlinkat"},   {"symlink"},
        {"symlinkat"},  {"link"},          {"linkat"},     {"chmod"},      {"fchmod"},
        {"fchmodat"},   {"utimensat"},     {"umask"},      {"fadvise64"},  {"fallocate"},
        {"flock"},      {"sendfile"},      {"copy_file_range"}, {"getxattr"}, {"lgetxattr"},
        {"fgetxattr"},  {"listxattr"},     {"llistxattr"}, {"flistxattr"}}},
      {"polling",
       "selectors and asyncio wait on the channel pipes and AF_UNIX sockets",
       {{"poll"}, {"ppoll"}, {"select"}, {"pselect6"}, {"epoll_create"}, {"epoll_create1"},
        {"epoll_ctl"}, {"epoll_wait"}, {"epoll_pwait"}, {"eventfd2"}}},
      {"terminal_queries",
       "isatty() and the buffer size of the std streams; TIOCSTI (pushing input into a "
       "terminal) and every other request are denied",
       {{"ioctl",
         {IoctlRequest(TCGETS), IoctlRequest(TIOCGWINSZ), IoctlRequest(FIONREAD),
          IoctlRequest(FIONBIO), IoctlRequest(FIOCLEX), IoctlRequest(FIONCLEX)}}}},
      {"unix_sockets",
       "socket.socketpair and AF_UNIX servers inside the run; no other address family. "
       "Abstract AF_UNIX names are private to the run's network namespace",
       {{"socket", {{0, kLow32, AF_UNIX}}},
        {"socketpair", {{0, kLow32, AF_UNIX}}},
        {"connect"}, {"bind"}, {"listen"}, {"accept"}, {"accept4"}, {"sendto"}, {"recvfrom"},
        {"sendmsg"}, {"recvmsg"}, {"shutdown"}, {"getsockname"}, {"getpeername"},
        {"setsockopt"}, {"getsockopt"}}},
  };
  return sets;
}

}  // namespace pocsift::sandbox
