"""What learner code may do inside the checker's child process, enforced with audit hooks (PEP 578).

Installed before any learner code runs, and audit hooks cannot be removed. Learner code may read
files, write inside its throw-away working folder, and (for exercises that teach HTTP) connect to
this machine only. It may not start processes, write elsewhere, delete elsewhere, or load native
libraries with ctypes. Together with the resource limits this keeps a hostile or careless
submission from changing anything outside its sandbox. It is a guard rail against mistakes and
casual cheating, not a security boundary against a determined attacker with full Python: run
untrusted high-stakes work in a container as well.
"""

from __future__ import annotations

import os
import sys

from workshop.util.hosts import is_loopback_host

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

_ALWAYS_DENIED = {
    "os.fork": "start processes",
    "os.forkpty": "start processes",
    "os.system": "run shell commands",
    "os.exec": "start programs",
    "os.posix_spawn": "start programs",
    "os.spawn": "start programs",
    "os.startfile": "start programs",
    "subprocess.Popen": "start programs",
    "os.kill": "signal other processes",
    "os.killpg": "signal other processes",
    "ctypes.dlopen": "load native libraries",
    "ctypes.dlsym": "load native libraries",
    "ctypes.addressof": "use raw memory",
    "ctypes.cdata": "use raw memory",
    "gc.get_objects": "inspect the checker",
    "gc.get_referrers": "inspect the checker",
    "gc.get_referents": "inspect the checker",
    "sys._current_frames": "inspect the checker",
    "sys.settrace": "inspect the checker",
    "sys.setprofile": "inspect the checker",
}

# Events whose first argument is a path that gets changed.
_PATH_CHANGES = {
    "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.truncate",
    "os.link", "os.symlink", "os.utime", "os.chflags", "os.lchflags", "os.setxattr",
    "os.removexattr", "shutil.rmtree", "shutil.move", "shutil.copyfile", "shutil.copytree",
}
# Events whose second argument is also a changed path.
_TWO_PATHS = {"os.rename", "os.link", "os.symlink", "shutil.move", "shutil.copyfile", "shutil.copytree"}


#: Every event the hook below looks at; it returns at once for any other.
_ACTED_ON = frozenset({"open", "socket.getaddrinfo", "socket.connect", "socket.sendto", "socket.bind", "os.listdir",
                       "os.scandir", "sys.addaudithook", *_ALWAYS_DENIED, *_PATH_CHANGES})


class PolicyViolation(PermissionError):
    """Learner code tried something the checker does not allow."""


def _real(path) -> str | None:
    if isinstance(path, int):
        return None
    try:
        return os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) and address else address
    return isinstance(host, str) and is_loopback_host(host)


#: Names learner code may never create or change, even in its work folder: pytest would load them.
PROTECTED_NAMES = frozenset({"conftest.py", "pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg", "__pycache__"})


def _under(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == folder or path.startswith(folder + os.sep) for folder in folders)


def install(writable_roots: list[str], allow_loopback: bool = False, deny_read: list[str] = (),
            protected: list[str] = (), sealed: list[str] = ()):
    """Install the policy for the rest of this process's life; return ``seal(closed)``, which opens
    (``False``) or closes (``True``) the sealed files again.

    ``writable_roots``: folders learner code may write in. ``allow_loopback``: permit sockets to
    127.0.0.0/8 and ::1. ``deny_read``: files or folders that may not be opened or listed at all
    (e.g. result channels, the solutions folder). ``protected``: files inside the writable roots
    that may still not be changed (the test files). ``sealed``: files that may not be read until
    the returned ``unseal()`` is called (hidden tests, while the learner's module is imported).
    Files named in :data:`PROTECTED_NAMES` and ``*.pyc`` files can never be written.
    """
    roots = tuple(os.path.realpath(root) for root in writable_roots)
    denied_reads = tuple(os.path.realpath(path) for path in deny_read)
    guarded = frozenset(os.path.realpath(path) for path in protected)
    seal = {"closed": tuple(os.path.realpath(path) for path in sealed)}
    devnull = os.path.realpath(os.devnull)

    def inside(path: str) -> bool:
        if path == devnull:
            return True
        if path in guarded or path.endswith((".pyc", ".pyo")):
            return False
        if not set(path.split(os.sep)).isdisjoint(PROTECTED_NAMES):
            return False
        return any(path == root or path.startswith(root + os.sep) for root in roots)

    sealed_paths = seal["closed"]

    def set_seal(closed: bool) -> None:
        seal["closed"] = sealed_paths if closed else ()

    def deny(what: str):
        raise PolicyViolation(f"The workshop checker does not let exercise code {what}.")

    def hook(event: str, args: tuple) -> None:
        if event not in _ACTED_ON:
            return  # most events (id(), attribute reads, putenv: thousands per check) need nothing
        if event == "open":
            path = _real(args[0])
            if path is None:
                return
            if _under(path, denied_reads) or _under(path, seal["closed"]):
                deny("open the checker's own files")
            mode, flags = args[1], args[2]
            writes = (isinstance(mode, str) and any(ch in mode for ch in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            if writes and not inside(path):
                deny(f"write outside its working folder ({path})")
        elif event in _ALWAYS_DENIED:
            deny(_ALWAYS_DENIED[event])
        elif event in _PATH_CHANGES:
            targets = [args[0]] + ([args[1]] if event in _TWO_PATHS and len(args) > 1 else [])
            for target in targets:
                path = _real(target)
                if path is not None and not inside(path):
                    deny(f"change files outside its working folder ({path})")
        elif event == "socket.getaddrinfo":
            # Refuse even to look up other hosts: a name lookup already leaves the machine.
            if not (allow_loopback and _is_loopback(args[0] if args else None)):
                deny("look up hosts on the network" + (" beyond this computer" if allow_loopback else ""))
        elif event in ("socket.connect", "socket.sendto", "socket.bind"):
            address = args[1] if len(args) > 1 else None
            if not (allow_loopback and _is_loopback(address)):
                deny("use the network" + (" beyond this computer" if allow_loopback else ""))
        elif event in ("os.listdir", "os.scandir"):
            path = _real(args[0]) if args and args[0] is not None else None
            if path is not None and (_under(path, denied_reads) or _under(path, seal["closed"])):
                deny("open the checker's own files")
        elif event == "sys.addaudithook":
            deny("add audit hooks")

    sys.addaudithook(hook)
    return set_seal


def apply_limits(memory_mb: int | None, cpu_seconds: int | None, file_mb: int | None,
                 processes: int | None = None) -> list[str]:
    """Set POSIX resource limits on this process; return the ones that could not be set."""
    try:
        import resource
    except ImportError:  # Windows: the wall-clock timeout in the parent still applies.
        return ["all (no resource module on this platform)"]
    failed = []
    wanted = [
        ("memory", getattr(resource, "RLIMIT_AS", None), memory_mb and memory_mb * 1024 * 1024),
        ("cpu", getattr(resource, "RLIMIT_CPU", None), cpu_seconds),
        ("file size", getattr(resource, "RLIMIT_FSIZE", None), file_mb and file_mb * 1024 * 1024),
        ("core dumps", getattr(resource, "RLIMIT_CORE", None), 0),
        ("processes", getattr(resource, "RLIMIT_NPROC", None), processes),
    ]
    for name, limit, value in wanted:
        if limit is None or value is None:
            continue
        try:
            soft, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY and value > hard:
                value = hard
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            failed.append(name)
    return failed
