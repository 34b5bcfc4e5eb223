"""A warm checker: a process that has pytest imported and forks a fresh child for every check.

Starting Python and importing pytest costs more than most checks themselves. A *zygote* pays
that once: it imports the framework (and runs one empty pytest session so that pytest's lazy
imports are done too), freezes its objects for the garbage collector, and then waits for jobs,
one JSON line each on standard input. For each job it forks. The forked child is exactly the
child of :mod:`workshop.engine.child` from the moment the job arrives: its own session (so the
whole group can be killed), every inherited descriptor closed except a private result pipe,
standard streams on the null device, then :func:`workshop.engine.child.run` (resource limits,
the audit-hook policy, the integrity snapshot, the learner's module, pytest, a signed line).
The policy is installed after the fork, in the child only: the zygote itself never runs learner
code and keeps the right to fork.

The zygote enforces the wall-clock timeout (it kills the child's whole process group) and
answers with one JSON line: the child's exit status, whether it timed out, and the raw bytes
of its result pipe. The caller checks the HMAC signature with the key it chose for the job, as
for a plain child, so a zygote is only a faster way to start the same child.

POSIX only (it needs ``os.fork``); :func:`available` says whether it can be used here.
"""

from __future__ import annotations

import base64
import json
import os
import select
import signal
import sys
import time

MAX_CHANNEL_BYTES = 4 * 1024 * 1024
_STOP = {"pid": None}
_SNAPSHOT: dict = {}


def available() -> bool:
    """True where a zygote works: a POSIX system with ``fork``."""
    return os.name == "posix" and hasattr(os, "fork") and hasattr(os, "setsid")


# -- the zygote process ---------------------------------------------------------------------------

def _warm_up() -> None:
    """Import what a check needs, and run one empty pytest session so lazy imports happen now."""
    import tempfile

    import pytest

    import workshop.engine.child  # noqa: F401
    import workshop.engine.integrity  # noqa: F401
    import workshop.engine.isolation  # noqa: F401
    import workshop.engine.job  # noqa: F401
    import workshop.engine.policy  # noqa: F401
    import workshop.engine.session  # noqa: F401
    from workshop.engine.plugin import ResultCollector, pytest_args

    # Modules tests and learner code commonly use: imported once here instead of in every child.
    for name in ("random", "math", "secrets", "unicodedata", "json", "re", "csv", "datetime", "collections",
                 "itertools", "functools", "string", "statistics", "hashlib", "pathlib", "dataclasses",
                 "decimal", "fractions", "urllib.parse", "html", "io", "textwrap", "typing", "enum",
                 "copy", "struct", "zlib", "threading", "socket", "http.server", "xml.etree.ElementTree",
                 # The HTTP exercises' learner code imports requests: ~100 ms per check when each child does.
                 "requests"):
        try:
            __import__(name)
        except ImportError:
            pass
    saved_path = list(sys.path)
    with tempfile.TemporaryDirectory(prefix="workshop-zygote-") as scratch:
        test = os.path.join(scratch, "test_warm_up.py")
        with open(test, "w", encoding="utf-8") as handle:
            handle.write("import pytest\n\n@pytest.mark.task(1)\ndef test_warm():\n    assert 1 + 1 == 2\n\n"
                         "def test_fails():\n    assert [1] == [2]\n")
        ini = os.path.join(scratch, "pytest.ini")
        with open(ini, "w", encoding="utf-8") as handle:
            handle.write("[pytest]\n")
        os.mkdir(os.path.join(scratch, ".tmp"))
        null = os.open(os.devnull, os.O_WRONLY)
        saved = os.dup(1)
        os.dup2(null, 1)
        try:
            pytest.main([*pytest_args([test], os.path.join(scratch, ".tmp"), ini, scratch), "--noconftest"],
                        plugins=[ResultCollector(None, set())])
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)
    sys.path[:] = saved_path
    sys.modules.pop("test_warm_up", None)


_LIBC: list = []


def _load_libc() -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            _LIBC.append(ctypes.CDLL(None, use_errno=True))
        except (OSError, ImportError):
            pass


def _die_with_parent() -> None:
    """Linux: the child gets SIGKILL if the zygote dies (no orphan keeps running)."""
    if _LIBC:
        try:
            _LIBC[0].prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


_SESSIONS: dict[tuple, object] = {}
_MAX_SESSIONS = 32


def _session_for(job):
    """The pytest session prepared for ``job``'s tests in its folder, made on first use (or None)."""
    from workshop.engine.child import pytest_command

    args, collector = pytest_command(job)
    key = (os.path.realpath(job.workdir), job.module, tuple(args), job.hidden)
    if key not in _SESSIONS:
        import gc

        from workshop.engine.session import prepare

        if len(_SESSIONS) >= _MAX_SESSIONS:  # a grader that changes folders every time gains nothing here
            _SESSIONS.clear()
        _SESSIONS[key] = prepare(args, collector, key[0])
        gc.collect()
        gc.freeze()  # shared with every child from now on, like the rest of this process
    return _SESSIONS[key]


def _child(job, channel: int, session=None) -> None:
    """In the forked child: become the checker's child process for ``job``; never returns."""
    try:
        os.setsid()
        _die_with_parent()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        from workshop.engine import isolation

        isolation.join_shared(job.network or not job.isolation)  # before its descriptors are closed below
        # Nothing inherited stays open but the result pipe: not the zygote's line to the grader.
        os.closerange(3, channel)
        os.closerange(channel + 1, 1 << 16)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh Python process
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # a closed socket raises BrokenPipeError, as usual
        from workshop.engine import child

        child._prepare_environment(job.workdir)
        child.run(job, channel, before=_SNAPSHOT or None, session=session)
    except BaseException:  # noqa: BLE001 - the grader reports a missing result
        pass
    finally:
        os._exit(0)


def _read_channel(fd: int, deadline: float, workdir: str, disk_mb: int | None) -> tuple[bytes, str | None]:
    """Read the result pipe until it closes (reason None), ``deadline`` passes ("timeout") or the
    work folder grows past ``disk_mb`` ("disk"); keep the last bytes (the result is written last)."""
    from workshop.engine.sandbox import DISK_WATCH_INTERVAL, disk_budget, grew_past

    budget = disk_budget(disk_mb)
    chunks: list[bytes] = []
    kept = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"".join(chunks), "timeout"
        ready, _w, _x = select.select([fd], [], [], min(remaining, DISK_WATCH_INTERVAL) if budget else remaining)
        if not ready:
            if grew_past(workdir, budget):
                return b"".join(chunks), "disk"
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks), None
        chunks.append(chunk)
        kept += len(chunk)
        while kept > MAX_CHANNEL_BYTES and len(chunks) > 1:
            kept -= len(chunks.pop(0))


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def run_job(job, timeout: float) -> dict:
    """Fork a child for ``job``, bound it by ``timeout`` seconds, and describe how it ended."""
    started = time.monotonic()
    session = _session_for(job)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(job, write_end, session)
    os.close(write_end)
    _STOP["pid"] = pid
    try:
        raw, stopped = _read_channel(read_end, started + timeout, job.workdir, job.disk_mb)
    finally:
        os.close(read_end)
        # The result line is written last; kill whatever is left of the group, then reap the child.
        _kill_group(pid)
        _pid, status = os.waitpid(pid, 0)
        _STOP["pid"] = None
    if os.WIFSIGNALED(status):
        returncode = -os.WTERMSIG(status)
    else:
        returncode = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return {"returncode": returncode, "timed_out": stopped == "timeout", "over_disk": stopped == "disk",
            "duration": time.monotonic() - started, "raw": base64.b64encode(raw).decode("ascii")}


def _on_signal(signum, _frame) -> None:
    if _STOP["pid"] is not None:
        _kill_group(_STOP["pid"])
    os._exit(128 + signum)


def serve() -> None:
    """The zygote's loop: a job per line in, an answer per line out, until standard input closes."""
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    out = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # nothing but answers goes to the grader
    os.close(null)
    _warm_up()
    _load_libc()  # before the snapshot and the fork: children only call prctl
    from workshop.engine import isolation

    isolation.prepare()  # the seccomp filter and Landlock's read-only list, once for every child
    isolation.share_namespaces()  # one user namespace, two network namespaces: joined by each child
    import gc

    from workshop.engine import integrity

    gc.collect()
    _SNAPSHOT.update(integrity.snapshot())  # taken before any learner code, once for every child
    gc.freeze()  # the children share these pages and their collector skips them
    os.write(out, b'{"ready": true}\n')
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        request = json.loads(line)
        from workshop.engine.job import CheckJob

        answer = run_job(CheckJob.from_dict(request["job"]), float(request["timeout"]))
        answer["id"] = request.get("id")
        data = (json.dumps(answer) + "\n").encode("ascii")
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(out, view):]
        except BrokenPipeError:
            return  # the grader is gone


# -- the caller's side ----------------------------------------------------------------------------

class ZygoteError(RuntimeError):
    """The zygote itself failed (not the learner's code): start it again and retry."""


class Zygote:
    """One warm checker process, used by one thread at a time. :meth:`run` is like ``run_child``."""

    #: Seconds the zygote may take beyond a job's own timeout before it is thought dead.
    GRACE = 15.0

    def __init__(self, debug: bool = False):
        from workshop.engine.spawn import start_child

        self.process = start_child("workshop.engine.zygote", debug=debug, site=True)
        self._buffer = b""
        self._ready = False
        self.jobs = 0

    def _line(self, deadline: float) -> bytes:
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ZygoteError("no answer in time")
            ready, _w, _x = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise ZygoteError("the zygote stopped")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def run(self, job, workdir, limits, debug: bool = False):
        """Run ``job`` in a fresh child forked from this zygote; a ``ChildOutcome`` like ``run_child``'s."""
        import secrets

        from workshop.engine.sandbox import ChildOutcome, _verify

        if not self._ready:
            json.loads(self._line(time.monotonic() + 60))
            self._ready = True
        key = secrets.token_hex(32)
        full = job.for_run(workdir, limits, key, debug)
        self.jobs += 1
        request = json.dumps({"id": self.jobs, "timeout": limits.wall()})[:-1] + ', "job": ' + full.to_json() + "}\n"
        try:
            self.process.stdin.write(request.encode("utf-8"))
            self.process.stdin.flush()
            answer = json.loads(self._line(time.monotonic() + limits.wall() + self.GRACE))
        except (OSError, ValueError) as error:
            raise ZygoteError(str(error)) from error
        payload, forged = _verify(base64.b64decode(answer["raw"]), key)
        timed_out = bool(answer["timed_out"]) and payload is None
        return ChildOutcome(payload=payload, returncode=answer["returncode"], timed_out=timed_out, forged=forged,
                            duration=float(answer.get("duration", 0.0)), over_disk=bool(answer.get("over_disk")))

    def close(self) -> None:
        """Stop the zygote (and any child it is running)."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.terminate()
                self.process.wait(timeout=5)
            except Exception:  # noqa: BLE001 - it is going away either way
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


if __name__ == "__main__":
    serve()
