"""Start the checker's child process in a throw-away folder, bound it, and read its signed result."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from workshop.engine import spawn
from workshop.engine.child import RESULT_PREFIX
from workshop.engine.job import CheckJob

#: The most the parent reads from the child's result channel; a result is a few kilobytes.
MAX_CHANNEL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds for one check. ``None`` leaves a limit unset."""

    timeout: float = 10.0
    memory_mb: int | None = 1024
    cpu_seconds: int | None = None  # default: the timeout, rounded up, plus one
    file_mb: int | None = 32
    #: POSIX RLIMIT_NPROC: counts every process and thread of the user; not enforced for root.
    processes: int | None = None
    #: The most a check may keep in its work folder in all, in megabytes: watched while it runs.
    disk_mb: int | None = 512
    #: The kernel's isolation (namespaces, Landlock, seccomp) where it exists; off only to measure its cost.
    isolation: bool = True
    #: The tests in a process apart from the learner's code, so that it cannot change its verdict
    #: (POSIX; off only to measure what it costs).
    split: bool = True

    def cpu(self) -> int:
        return self.cpu_seconds if self.cpu_seconds is not None else int(self.timeout) + 2

    def wall(self) -> float:
        """The wall-clock seconds after which a check's whole process group is killed. A split check
        counts ``timeout`` as the learner's own time in its test process (a test that calls learner
        code 40,000 times waits for the scheduler 80,000 times: on a busy machine that is most of the
        wall clock), so the kill comes later, for checks that stop answering altogether."""
        from workshop.engine import split

        if self.split and split.available():
            return self.timeout * SPLIT_WALL_FACTOR + 2
        return self.timeout


@dataclass
class ChildOutcome:
    """What came back from a child: its payload (when it finished and signed it) or why not."""

    payload: dict | None
    returncode: int | None
    timed_out: bool = False
    forged: bool = False
    duration: float = 0.0
    #: Stopped because its work folder grew past ``Limits.disk_mb``.
    over_disk: bool = False


#: How many times the learner's time a split check may take on the wall clock (see :meth:`Limits.wall`).
SPLIT_WALL_FACTOR = 4

#: Below this much free space a RAM-backed folder is not used for work folders.
_RAM_FOLDER_MIN_FREE = 2 * 1024**3
WORK_DIR_VARIABLE = "WORKSHOP_WORK_DIR"


def work_root() -> Path:
    """Where work folders go. ``$WORKSHOP_WORK_DIR`` if set; else, on Linux, the RAM-backed
    ``/dev/shm`` when it has room (creating, writing and removing the many small files of a check
    there costs a fraction of what it costs on a disk); else the system's temporary folder."""
    chosen = os.environ.get(WORK_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    shm = Path("/dev/shm")
    if sys.platform.startswith("linux") and shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        try:
            stats = os.statvfs(shm)
            if stats.f_bavail * stats.f_frsize >= _RAM_FOLDER_MIN_FREE:
                return shm
        except OSError:
            pass
    return Path(tempfile.gettempdir())


def folder_bytes(folder: Path | str, stop_above: int, max_entries: int = 100_000) -> int:
    """Space the files under ``folder`` take (links not followed), counted until it passes
    ``stop_above``; a folder with more than ``max_entries`` entries counts as over it."""
    total = entries = 0
    pending = [os.fspath(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                for entry in listing:
                    entries += 1
                    if entries > max_entries:
                        return stop_above + 1
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                        else:
                            info = entry.stat(follow_symlinks=False)
                            total += getattr(info, "st_blocks", 0) * 512 or info.st_size
                    except OSError:
                        continue
                    if total > stop_above:
                        return total
        except OSError:
            continue
    return total


def disk_budget(disk_mb: int | None) -> int | None:
    """``Limits.disk_mb`` in bytes; None when a check's folder is not watched."""
    return disk_mb * 1024 * 1024 if disk_mb else None


def grew_past(folder: Path | str, budget: int | None) -> bool:
    """Whether the files under ``folder`` take more than ``budget`` bytes (never, without a budget)."""
    return budget is not None and folder_bytes(folder, budget) > budget


_STALE_NAME = re.compile(r"workshop-(?:check|grade)-(\d+)-")
_cleaned: set[str] = set()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, someone else's
        return True
    return True


def clean_stale_work_folders(root: Path | str) -> list[str]:
    """Remove work folders in ``root`` that a process of this user made and that outlived it (a
    crash, a power cut: on ``/dev/shm`` they would hold memory until the next boot). A folder's
    name carries its maker's process id; a folder whose maker still runs is left alone."""
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        match = _STALE_NAME.match(entry.name)
        if not match or int(match.group(1)) == os.getpid() or _alive(int(match.group(1))):
            continue
        try:
            if entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.geteuid():
                remove_workdir(Path(entry.path))
                removed.append(entry.name)
        except OSError:
            continue
    return removed


def new_work_folder(kind: str, root: Path | str | None = None) -> Path:
    """A fresh folder ``workshop-<kind>-<pid>-…`` under ``root`` (default :func:`work_root`); the
    first call of a process for a root clears what crashed runs left there."""
    root = os.fspath(root or work_root())
    if root not in _cleaned:
        _cleaned.add(root)
        clean_stale_work_folders(root)
    return Path(tempfile.mkdtemp(prefix=f"workshop-{kind}-{os.getpid()}-", dir=root))


def prepare_workdir(module_name: str, module_source: str, files: dict[str, Path],
                    tests: tuple[str, ...] | list[str] = ()) -> Path:
    """A fresh work folder: the tests (``tests``: those of ``files`` that are test files), an empty
    pytest.ini and the data files in it; the learner's module, the data again and its temporary
    folder in its sub-folder ``work/`` (:func:`~workshop.engine.child.learner_dir`), the only part
    a split check's learner process sees."""
    workdir = new_work_folder("check")
    fill_workdir(workdir, module_name, module_source, {name: source for name, source in files.items()}, tests)
    return workdir


def fill_workdir(workdir: Path, module_name: str, module_source: str, files: dict, tests) -> None:
    """Write a work folder's files (``files``: name → a path, or bytes) as :func:`prepare_workdir` lays them out."""
    from workshop.engine.child import LEARNER_FOLDER

    own = workdir / LEARNER_FOLDER
    own.mkdir()
    (own / f"{module_name}.py").write_text(module_source, encoding="utf-8")
    (workdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (own / ".tmp").mkdir()
    for name, source in files.items():
        for folder in ((workdir,) if name in tests else (workdir, own)):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, Path) and source.is_dir():
                shutil.copytree(source, target)
            elif isinstance(source, Path):
                shutil.copyfile(source, target)
            else:
                target.write_bytes(source)


def remove_workdir(workdir: Path) -> None:
    """Delete a work folder, even one whose permissions learner code changed."""

    def retry(function, path, _info):
        try:
            os.chmod(path, 0o700)
            function(path)
        except OSError:
            pass

    shutil.rmtree(workdir, onerror=retry)


class Child:
    """A checker child process, started before its job is known (it imports pytest meanwhile)."""

    def __init__(self, debug: bool = False, process: subprocess.Popen | None = None):
        self.debug = debug
        self.process = process or spawn.start_child(debug=debug)

    def discard(self) -> None:
        """Stop a child that will not be given a job."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        _kill_tree(self.process)
        self.process.wait()
        self.process.stdout.close()


def take_early_child() -> Child:
    """The child started at program start (:func:`workshop.engine.spawn.start_early`), or a new one."""
    early = spawn.take_early()
    return Child(process=early) if early is not None else Child()


def _kill_tree(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: the child was started in its own process group
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        process.kill()


def _read_capped(stream, sink: list[bytes]) -> None:
    """Read the channel to its end, keeping the last bytes only: the signed result is written last
    (the zygote's reader keeps the same end)."""
    kept = 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        sink.append(chunk)
        kept += len(chunk)
        while kept > MAX_CHANNEL_BYTES and len(sink) > 1:
            kept -= len(sink.pop(0))


def _verify(raw: bytes, key: str) -> tuple[dict | None, bool]:
    """The payload of the last correctly signed result line; (None, True) if lines were forged."""
    forged = False
    for line in reversed(raw.decode("utf-8", "replace").splitlines()):
        if not line.startswith(RESULT_PREFIX + " "):
            continue
        parts = line.split(" ", 2)
        if len(parts) != 3:
            forged = True
            continue
        expected = hmac.new(bytes.fromhex(key), parts[2].encode("utf-8"), hashlib.sha256).hexdigest()
        if hmac.compare_digest(expected, parts[1]):
            try:
                return json.loads(parts[2]), forged
            except json.JSONDecodeError:
                return None, True
        forged = True
    return None, forged


def run_child(job: CheckJob, workdir: Path, limits: Limits, debug: bool = False,
              child: Child | None = None) -> ChildOutcome:
    """Run one check job in a child process inside ``workdir`` and return what it reported.

    ``child``: one started earlier with :class:`Child` (its start overlaps the caller's work).
    """
    key = secrets.token_hex(32)
    job = job.for_run(workdir, limits, key, debug)
    child = child or Child(debug=debug)
    process = child.process
    started = time.perf_counter()
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_capped, args=(process.stdout, chunks), daemon=True)
    reader.start()
    try:
        process.stdin.write(job.to_json().encode("utf-8"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    # The channel closes when the child exits: joining the reader wakes at once, where
    # Popen.wait(timeout) would poll with sleeps of up to 50 ms.
    over_disk = watch(reader.join, reader.is_alive, workdir, limits, started)
    timed_out = not over_disk and reader.is_alive() and process.poll() is None
    # The result line is written last; a learner's leftover process could keep the pipe open.
    _kill_tree(process)
    process.wait()
    reader.join(timeout=2)
    process.stdout.close()
    duration = time.perf_counter() - started
    payload, forged = _verify(b"".join(chunks), key)
    if timed_out and payload is not None:
        timed_out = False
    return ChildOutcome(payload=payload, returncode=process.returncode, timed_out=timed_out, forged=forged,
                        duration=duration, over_disk=over_disk)


#: How often a running check's work folder is measured, in seconds.
DISK_WATCH_INTERVAL = 0.1


def watch(wait, running, workdir: Path | str, limits: Limits, started: float) -> bool:
    """Wait for a check (``wait(seconds)`` returns early when it ends, ``running()`` says whether it
    goes on) until ``limits.wall()`` after ``started`` (a ``time.perf_counter()``), measuring its
    work folder meanwhile; True when the folder grew past ``limits.disk_mb`` (the caller stops it)."""
    budget = disk_budget(limits.disk_mb)
    while True:
        remaining = started + limits.wall() - time.perf_counter()
        if remaining <= 0:
            return False
        wait(min(remaining, DISK_WATCH_INTERVAL) if budget else remaining)
        if not running():
            return False
        if grew_past(workdir, budget):
            return True
