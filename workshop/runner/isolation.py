"""OS-level isolation of a checker child on Linux: user and network namespaces, Landlock, seccomp.

Applied in the child that will run learner code, after the test framework is imported and before
any learner code runs (:func:`isolate`). Each layer is the kernel's, so it holds whatever the
learner's Python does (unlike the audit-hook policy of :mod:`workshop.runner.policy`, which stays
in front as the friendly layer that explains refusals):

* **user namespace**, then every capability dropped: root in a container or CI keeps its user id
  (its interpreter may live in root's home) but none of root's powers; what it may touch is
  Landlock's list below;
* **network namespace**: no network at all; its own loopback is brought up only for exercises that
  declare ``network = true`` (their tests start local servers in the test process);
* **Landlock**: files: read-only the interpreter, its packages and the checker's own package;
  read-write the check's work folder; nothing else (no home, no ``solutions/``, no other learners,
  no ``/proc``). Scopes (ABI 6+): no signals and no abstract unix sockets beyond this process;
* **seccomp** (a BPF filter built here, no library): no ``execve``, no new processes (``clone``
  without ``CLONE_THREAD``), no ptrace or process-memory calls, no pidfd signals or descriptor
  theft, no namespaces or mounts, no ``io_uring``/``bpf``/``userfaultfd``, sockets only of the
  families unix, IPv4 and IPv6.

Every step degrades: a kernel or platform without one keeps the others (and the audit hooks);
:func:`probe` says which layers work here (``workshop doctor`` shows it). On macOS the same rules
are a Seatbelt profile (:func:`seatbelt_profile`) applied with ``sandbox_init``; not tried on a
Mac by the test suite, which checks the profile's text. Windows has none of these (see
docs/grading.md).
"""

from __future__ import annotations

import ctypes
import os
import socket
import struct
import sys

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

#: Set to ``off`` to run checks without OS isolation (for benchmarks that compare; never for learners).
SWITCH_VARIABLE = "WORKSHOP_ISOLATION"
LAYERS = ("userns", "netns", "landlock", "seccomp")

_LINUX = sys.platform.startswith("linux")
_ARCH = os.uname().machine if hasattr(os, "uname") else ""
_libc = None


def enabled() -> bool:
    """False when ``$WORKSHOP_ISOLATION`` is ``off`` (benchmarks comparing with and without)."""
    return os.environ.get(SWITCH_VARIABLE, "").lower() not in ("off", "0", "no")


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
    return _libc


# -- user and network namespaces ------------------------------------------------------------------

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode("ascii"))
    finally:
        os.close(fd)


def _namespaces(loopback: bool) -> list[str]:
    """Enter new user and network namespaces (the same ids mapped inside); return those entered.
    Where user namespaces are turned off, root still gets a network namespace of its own."""
    uid, gid = os.geteuid(), os.getegid()
    if _c().unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
        entered = ["userns", "netns"]
    elif _c().unshare(_CLONE_NEWNET) == 0:
        entered = ["netns"]
    else:
        return []
    if loopback:
        _loopback_up()
    return entered


_SHARED: dict[str, int] = {}
_JOINED: list[str] = []


def share_namespaces() -> bool:
    """In a warm checker, once, before it forks any child (it must have one thread): enter a user
    namespace, and make two network namespaces for its children, one with nothing up and one with
    its own loopback. A child then joins one with :func:`join_shared` (microseconds) instead of
    making its own (a few milliseconds, and as many again when it exits)."""
    if not (_LINUX and _ARCH in _SYSCALLS) or not enabled() or _SHARED:
        return bool(_SHARED)
    # Tried in a throw-away child first: a user namespace entered but not mapped cannot be left,
    # and would leave this process unable to read its own files.
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked trial
        try:
            os._exit(0 if _namespaces(True) == ["userns", "netns"] else 1)
        except BaseException:  # noqa: BLE001 - any failure means: do not share
            os._exit(1)
    _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return False
    libc = _c()
    uid, gid = os.geteuid(), os.getegid()
    try:
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
            return False
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
        closed = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        if libc.unshare(_CLONE_NEWNET) != 0:
            os.close(closed)
            return False
        _loopback_up()
        loopback = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        if libc.setns(closed, _CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
    except OSError:
        return False  # the children make their own
    _SHARED.update(closed=closed, loopback=loopback)
    return True


def shared_descriptors() -> list[int]:
    """The descriptors :func:`share_namespaces` keeps open (a child keeps them until it joins)."""
    return list(_SHARED.values())


def join_shared(network: bool) -> None:
    """In a child of a warm checker that shares namespaces: join the network namespace with
    loopback (``network``) or the one with nothing, and close both descriptors."""
    if not _SHARED:
        return
    try:
        if _c().setns(_SHARED["loopback" if network else "closed"], _CLONE_NEWNET) == 0:
            _JOINED[:] = ["userns", "netns"]
    finally:
        for fd in _SHARED.values():
            os.close(fd)
        _SHARED.clear()


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(sock, 0x8913, request))[1]  # SIOCGIFFLAGS
        fcntl.ioctl(sock, 0x8914, struct.pack("16sH14x", b"lo", flags | 0x1 | 0x40))  # SIOCSIFFLAGS UP|RUNNING


def _drop_capabilities() -> None:
    """No capabilities left, not even those the new user namespace gave this process."""
    libc = _c()
    for cap in range(64):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP; fails past the last capability
            break
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = ctypes.create_string_buffer(24)  # two zeroed {effective, permitted, inheritable}
    if libc.capset(ctypes.c_char_p(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


# -- Landlock ------------------------------------------------------------------------------------

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_FS_EXECUTE, _FS_WRITE_FILE, _FS_READ_FILE, _FS_READ_DIR = 1, 2, 4, 8
_FS_ALL_V1 = (1 << 13) - 1
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_READ = _FS_READ_FILE | _FS_READ_DIR
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1, 2


def landlock_abi() -> int:
    """The Landlock ABI version of this kernel; 0 when there is none."""
    if not _LINUX or _ARCH not in _SYSCALLS:
        return 0
    version = _c().syscall(_SYS_CREATE_RULESET, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    return max(int(version), 0)


def _handled(abi: int) -> int:
    handled = _FS_ALL_V1
    if abi >= 2:
        handled |= _FS_REFER
    if abi >= 3:
        handled |= _FS_TRUNCATE
    if abi >= 5:
        handled |= _FS_IOCTL_DEV
    return handled


def read_only_paths() -> list[str]:
    """What learner code may read besides its work folder: the interpreter and its packages, the
    checker's own package, shared libraries, and the few system files name lookups and time zones read."""
    import workshop

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.abspath(workshop.__file__)),
             "/usr", "/lib", "/lib64", "/lib32", "/etc/ld.so.cache", "/etc/localtime", "/etc/hosts",
             "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols",
             "/etc/ssl", "/etc/mime.types", "/dev/urandom", "/dev/random"}
    try:
        import site

        paths.update(site.getsitepackages() + [site.getusersitepackages()])
    except (AttributeError, ImportError):
        pass
    prefixes = tuple(path + os.sep for path in paths if path.startswith(os.sep))
    for entry in sys.path:
        # Package folders and what lies in the interpreter's folders; not a project folder put on the
        # path (an editable install, a source checkout): it may hold solutions, so only the checker's
        # own package of it is readable (above).
        parts = entry.split(os.sep) if entry else []
        if entry and os.path.isdir(entry) and (entry.startswith(prefixes) or "site-packages" in parts
                                               or "dist-packages" in parts):
            paths.add(entry)
    return sorted(path for path in paths if path and os.path.exists(path))


def _landlock(workdir: str, readable: list[str], abi: int) -> None:
    libc = _c()
    handled = _handled(abi)
    scoped = (_SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL) if abi >= 6 else 0
    attr = struct.pack("QQQ", handled, 0, scoped)[: 24 if abi >= 6 else (16 if abi >= 4 else 8)]
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.c_char_p(attr), len(attr), 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        file_rights = _FS_EXECUTE | _FS_READ_FILE | _FS_WRITE_FILE | (_FS_TRUNCATE if abi >= 3 else 0)
        rules = [(path, _READ | _FS_EXECUTE) for path in readable]
        # The work folder: everything but device files (MAKE_CHAR, MAKE_BLOCK) and device ioctls.
        rules += [(workdir, handled & ~(1 << 6 | 1 << 11 | _FS_IOCTL_DEV)), (os.devnull, file_rights)]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    rights &= file_rights | _FS_IOCTL_DEV
                beneath = struct.pack("=Qi", rights & handled, fd)
                if libc.syscall(_SYS_ADD_RULE, ruleset, 1, ctypes.c_char_p(beneath), 0) != 0:
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)


# -- seccomp -------------------------------------------------------------------------------------

_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
# name: number, per architecture (x86_64 has fork and vfork; aarch64 only clone).
_SYSCALLS = {
    "x86_64": {"execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
               "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_send_signal": 424,
               "pidfd_getfd": 438, "pidfd_open": 434, "socket": 41, "socketpair": 53, "unshare": 272,
               "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "bpf": 321,
               "perf_event_open": 298, "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426,
               "io_uring_register": 427, "kcmp": 312, "process_madvise": 440, "keyctl": 250, "add_key": 248,
               "request_key": 249, "personality": 135, "open_by_handle_at": 304, "fsopen": 430,
               "fsmount": 432, "open_tree": 428, "move_mount": 429, "mount_setattr": 442},
    "aarch64": {"execve": 221, "execveat": 281, "clone": 220, "clone3": 435, "ptrace": 117,
                "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_send_signal": 424,
                "pidfd_getfd": 438, "pidfd_open": 434, "socket": 198, "socketpair": 199, "unshare": 97,
                "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "bpf": 280,
                "perf_event_open": 241, "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426,
                "io_uring_register": 427, "kcmp": 272, "process_madvise": 440, "keyctl": 219, "add_key": 217,
                "request_key": 218, "personality": 92, "open_by_handle_at": 265, "fsopen": 430,
                "fsmount": 432, "open_tree": 428, "move_mount": 429, "mount_setattr": 442},
}
_ALLOWED_FAMILIES = (1, 2, 10)  # AF_UNIX, AF_INET, AF_INET6
_CLONE_THREAD = 0x00010000
_EPERM, _ENOSYS, _EAFNOSUPPORT = 1, 38, 97
_RET_ALLOW, _RET_ERRNO, _RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000
# BPF opcodes
_LD_W_ABS, _JEQ_K, _JSET_K, _JGE_K, _RET_K = 0x20, 0x15, 0x45, 0x35, 0x06


def _instruction(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


#: Calls that send a signal, and the argument that names whom: allowed only to this process itself.
_SIGNALS = {"x86_64": {"kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297},
            "aarch64": {"kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240}}


def seccomp_program(arch: str = _ARCH, pid: int | None = None) -> bytes:
    """The filter as BPF instructions: checked architecture, then the denied calls, else allow.
    ``pid``: this process; signals go to it (or its own process group) only, for kernels whose
    Landlock cannot scope signals (before ABI 6) and a root that keeps its user id."""
    numbers = _SYSCALLS[arch]
    pid = os.getpid() if pid is None else pid
    program: list[bytes] = []

    def emit(code, jt=0, jf=0, k=0):
        program.append(_instruction(code, jt, jf, k))

    errno = lambda value: _RET_ERRNO | value  # noqa: E731
    emit(_LD_W_ABS, k=4)  # seccomp_data.arch
    emit(_JEQ_K, 1, 0, _AUDIT_ARCH[arch])
    emit(_RET_K, k=_RET_KILL_PROCESS)
    emit(_LD_W_ABS, k=0)  # seccomp_data.nr
    if arch == "x86_64":
        emit(_JGE_K, 0, 1, 0x40000000)  # the x32 ABI: other numbers for the same calls
        emit(_RET_K, k=errno(_EPERM))
    # clone: allowed only for threads (flags in the first argument, low 32 bits).
    emit(_JEQ_K, 0, 4, numbers["clone"])
    emit(_LD_W_ABS, k=16)
    emit(_JSET_K, 0, 1, _CLONE_THREAD)
    emit(_RET_K, k=_RET_ALLOW)
    emit(_RET_K, k=errno(_EPERM))
    # clone3 keeps its flags in memory a filter cannot read: ENOSYS makes the C library use clone.
    emit(_JEQ_K, 0, 1, numbers["clone3"])
    emit(_RET_K, k=errno(_ENOSYS))
    # socket and socketpair: only the families in _ALLOWED_FAMILIES.
    for call in ("socket", "socketpair"):
        emit(_JEQ_K, 0, 2 + 2 * len(_ALLOWED_FAMILIES), numbers[call])
        emit(_LD_W_ABS, k=16)
        for family in _ALLOWED_FAMILIES:
            emit(_JEQ_K, 0, 1, family)
            emit(_RET_K, k=_RET_ALLOW)
        emit(_RET_K, k=errno(_EAFNOSUPPORT))
    # Signals: kill(pid or 0, …), and the thread/queue calls whose first argument is this process.
    for call, number in _SIGNALS[arch].items():
        if call == "kill":
            emit(_JEQ_K, 0, 5, number)
            emit(_LD_W_ABS, k=16)
            emit(_JEQ_K, 2, 0, pid)
            emit(_JEQ_K, 1, 0, 0)
        else:
            emit(_JEQ_K, 0, 4, number)
            emit(_LD_W_ABS, k=16)
            emit(_JEQ_K, 1, 0, pid)
        emit(_RET_K, k=errno(_EPERM))
        emit(_RET_K, k=_RET_ALLOW)
    denied = sorted({number for name, number in numbers.items()
                     if name not in ("clone", "clone3", "socket", "socketpair")})
    for number in denied:
        emit(_JEQ_K, 0, 1, number)
        emit(_RET_K, k=errno(_EPERM))
    emit(_RET_K, k=_RET_ALLOW)
    return b"".join(program)


def _seccomp(program: bytes) -> None:
    libc = _c()
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = struct.pack("HxxxxxxQ", count, ctypes.addressof(buffer))
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC): every thread of this process.
    if libc.syscall(317 if _ARCH == "x86_64" else 277, 1, 1, ctypes.c_char_p(fprog)) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")


# -- macOS: Seatbelt -----------------------------------------------------------------------------

def _sbpl_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def seatbelt_profile(workdir: str, readable: list[str], network: bool) -> str:
    """The same rules as on Linux as a macOS Seatbelt profile (SBPL): everything denied, then reads
    of the interpreter and its packages, reads and writes in the work folder, signals to itself,
    and loopback only when the exercise declares network. No process may be started."""
    system = ["/usr/lib", "/usr/share", "/System/Library", "/Library/Frameworks", "/private/etc/hosts",
              "/private/var/db/timezone", "/dev/urandom", "/dev/random"]
    reads = " ".join(f"(subpath {_sbpl_string(path)})" for path in sorted({*readable, *system})
                     if path.startswith("/"))
    lines = [
        "(version 1)",
        "(deny default)",
        "(allow file-read-metadata)",
        "(allow sysctl-read)",
        "(allow signal (target self))",
        f"(allow file-read* file-map-executable {reads})",
        f"(allow file-read* file-write* (subpath {_sbpl_string(workdir)}))",
        '(allow file-read* file-write-data (literal "/dev/null"))',
    ]
    if network:
        lines += ['(allow network-bind network-inbound (local ip "localhost:*"))',
                  '(allow network-outbound (remote ip "localhost:*"))']
    return "\n".join(lines) + "\n"


def _seatbelt(profile: str) -> None:
    libc = ctypes.CDLL("/usr/lib/libSystem.B.dylib")
    error = ctypes.c_char_p()
    if libc.sandbox_init(profile.encode("utf-8"), ctypes.c_uint64(0), ctypes.byref(error)) != 0:
        raise OSError(0, f"sandbox_init: {error.value!r}")


# -- applying ------------------------------------------------------------------------------------

_PREPARED: dict = {}


def prepare() -> None:
    """Compute what does not change between checks (a warm checker calls this once, before forking)."""
    if _LINUX and _ARCH in _SYSCALLS and "abi" not in _PREPARED:
        _c()
        _PREPARED["readable"] = read_only_paths()
        _PREPARED["abi"] = landlock_abi()


def isolate(workdir: str, network: bool) -> list[str]:
    """Apply every layer that works here to this (single-threaded) process; return those applied.

    ``workdir``: the only folder it may write (and read, besides the interpreter); ``network``:
    bring up the private loopback (else no network at all)."""
    if not enabled():
        return []
    if sys.platform == "darwin":
        try:
            _seatbelt(seatbelt_profile(os.path.realpath(workdir), read_only_paths(), network))
            return ["seatbelt"]
        except (OSError, AttributeError):
            return []
    if not (_LINUX and _ARCH in _SYSCALLS):
        return []
    prepare()
    applied: list[str] = []
    libc = _c()
    workdir = os.path.realpath(workdir)
    if _JOINED:
        applied += _JOINED  # joined those its warm checker made (join_shared)
    else:
        try:
            applied += _namespaces(network)
        except OSError:
            pass
    try:
        _drop_capabilities()
    except OSError:
        pass
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS, needed by both below
        return applied
    if _PREPARED["abi"] >= 1:
        try:
            _landlock(workdir, _PREPARED["readable"], _PREPARED["abi"])
            applied.append("landlock" if _PREPARED["abi"] >= 6 else "landlock-files")
        except OSError:
            pass
    try:
        _seccomp(seccomp_program())  # ~0.1 ms: it names this process
        applied.append("seccomp")
    except OSError:
        pass
    return applied


def probe() -> dict:
    """Which layers a check gets on this computer, tried for real in a forked process (Linux);
    ``{"platform": ..., "layers": [...], "landlock_abi": n}``."""
    found = {"platform": sys.platform, "layers": [], "landlock_abi": landlock_abi()}
    if not ((_LINUX and _ARCH in _SYSCALLS) or sys.platform == "darwin") or not hasattr(os, "fork"):
        return found
    import tempfile

    with tempfile.TemporaryDirectory(prefix="workshop-probe-") as folder:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked probe
            try:
                os.close(read_end)
                os.write(write_end, ",".join(isolate(folder, network=True)).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            text = reader.read().decode()
        os.waitpid(pid, 0)
    found["layers"] = [layer for layer in text.split(",") if layer]
    return found
