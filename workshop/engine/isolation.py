"""OS-level isolation of a checker child on Linux: user and network namespaces, Landlock, seccomp.

Applied in the child that will run learner code, after the test framework is imported and before
any learner code runs (:func:`isolate`). Each layer is the kernel's, so it holds whatever the
learner's Python does (unlike the audit-hook policy of :mod:`workshop.engine.policy`, which stays
in front as the friendly layer that explains refusals):

* **user namespace**, then every capability dropped: root in a container or CI keeps its user id
  (its interpreter may live in root's home) but none of root's powers; what it may touch is
  Landlock's list below;
* **network namespace**: no network at all; its own loopback is brought up only for exercises that
  declare ``network = true`` (their tests start local servers in the test process);
* **Landlock**: files: read-only the interpreter, its packages and the checker's own package;
  read-write the check's work folder; nothing else (no home, no ``solutions/``, no other learners,
  no ``/proc``). Scopes (ABI 6+): no signals and no abstract unix sockets beyond this process;
* **seccomp** (:mod:`workshop.engine.seccomp`: a BPF filter, no library): no ``execve``, no new processes (``clone``
  without ``CLONE_THREAD``), no ptrace or process-memory calls, no pidfd signals or descriptor
  theft, no namespaces or mounts, no ``io_uring``/``bpf``/``userfaultfd``, sockets only of the
  families unix, IPv4 and IPv6.

Every step degrades: a kernel or platform without one keeps the others (and the audit hooks);
:func:`probe` says which layers work here (``workshop doctor`` shows it). On macOS the same rules
are a Seatbelt profile (:mod:`workshop.engine.seatbelt`) applied with ``sandbox_init``; not tried on a
Mac by the test suite, which checks the profile's text. Windows has none of these (see
docs/grading.md).
"""

from __future__ import annotations

import ctypes
import os
import socket
import struct
import sys

from workshop.engine import seatbelt, seccomp

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

#: Set to ``off`` to run checks without OS isolation (for benchmarks that compare; never for learners).
SWITCH_VARIABLE = "WORKSHOP_ISOLATION"
LAYERS = ("userns", "netns", "landlock", "seccomp")

_LINUX = sys.platform.startswith("linux")
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
    """Enter a new user namespace (the same ids mapped inside), then a new network namespace; return
    those entered. One at a time: where user namespaces are off, root still gets a network namespace;
    where a new one gives no capabilities (Ubuntu's AppArmor rule), no network namespace is made, so
    an exercise that declares network keeps a working loopback (the audit hooks still hold it there)."""
    libc = _c()
    uid, gid = os.geteuid(), os.getegid()
    entered = []
    if libc.unshare(_CLONE_NEWUSER) == 0:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
        entered.append("userns")
    if libc.unshare(_CLONE_NEWNET) == 0:
        entered.append("netns")
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
    if not (_LINUX and seccomp.supported()) or not enabled() or _SHARED:
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
    try:
        if _namespaces(False) != ["userns", "netns"]:
            return False
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
    if not _LINUX or not seccomp.supported():
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


# -- applying ------------------------------------------------------------------------------------

_PREPARED: dict = {}


def prepare() -> None:
    """Compute what does not change between checks (a warm checker calls this once, before forking)."""
    if _LINUX and seccomp.supported() and "abi" not in _PREPARED:
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
            seatbelt.apply(seatbelt.profile(os.path.realpath(workdir), read_only_paths(), network))
            return ["seatbelt"]
        except (OSError, AttributeError):
            return []
    if not (_LINUX and seccomp.supported()):
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
        seccomp.install(seccomp.program())  # ~0.1 ms: it names this process
        applied.append("seccomp")
    except OSError:
        pass
    return applied


def probe() -> dict:
    """Which layers a check gets on this computer, tried for real in a forked process (Linux);
    ``{"platform": ..., "layers": [...], "landlock_abi": n}``."""
    found = {"platform": sys.platform, "layers": [], "landlock_abi": landlock_abi()}
    if not ((_LINUX and seccomp.supported()) or sys.platform == "darwin") or not hasattr(os, "fork"):
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
