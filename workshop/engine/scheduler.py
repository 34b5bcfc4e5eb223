"""Run many checks at once, each in its own sandboxed child, and hand back each result as it ends.

Three worker threads per core (:func:`default_jobs`), each owning a warm checker
(:class:`workshop.engine.zygote.Zygote`) where the system can fork, else starting a plain child per check (Windows, macOS spawn). A slow
or hostile check ties up one worker for at most its timeout; the others go on. Every check is
planned with :func:`~workshop.engine.pipeline.prepare_check` and its verdict made by
:func:`~workshop.engine.pipeline.outcome_result`, exactly as ``workshop check`` does.

Notebooks whose code is the same (an untouched stub handed in by many, a notebook copied and run
again: the bytes differ, the module built from them does not) are checked once per run: the
child's outcome is shared, and each notebook still gets its own result (its own cells and lines).

The work folder of a check is written here rather than with ``prepare_workdir`` for one reason:
speed. The tests' bytes are read once per run, and the tests arrive with the code pytest would
otherwise rewrite for every check (its assertion rewriting, cached as pytest's own ``.pyc``).
Learner code may not write ``.pyc`` files or ``__pycache__`` folders (see the policy), so what
pytest loads is what this module wrote.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from workshop.core.exercise import Exercise
from workshop.engine.pipeline import PreparedCheck, outcome_result, prepare_check
from workshop.engine.result import CheckResult, Status
from workshop.engine.sandbox import Limits, new_work_folder, remove_workdir, run_child

#: The time stamp given to test files in a work folder; their cached rewritten code names it.
_TEST_MTIME = 1_600_000_000


@dataclass
class Job:
    """One check to run: a learner's notebook (its bytes) against an exercise's visible and hidden tests."""

    exercise: Exercise
    hidden: list[Path]
    notebook: str  # for people: where the notebook came from
    data: bytes
    tag: object = None  # the caller's, handed back with the result


class _Files:
    """An exercise's test and data files, read once, with pytest's rewritten code for the tests."""

    def __init__(self, prepared: PreparedCheck):
        self.contents = {name: (path if path.is_dir() else path.read_bytes()) for name, path in prepared.files.items()}
        self.tests = list(prepared.job.tests)
        self.pycs = {name: _rewritten(name, self.contents[name]) for name in self.tests
                     if isinstance(self.contents[name], bytes)}

    def write(self, module_name: str, source: str, workdir: Path) -> Path:
        """Fill ``workdir`` (made afresh; anything left there is removed first) for one check."""
        if workdir.exists():
            remove_workdir(workdir)
        try:
            workdir.mkdir()
        except FileExistsError:  # what a check left could not all be removed: use a new folder
            workdir = Path(tempfile.mkdtemp(prefix="check-", dir=workdir.parent))
        (workdir / f"{module_name}.py").write_text(source, encoding="utf-8")
        (workdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        (workdir / ".tmp").mkdir()
        for name, content in self.contents.items():
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copytree(content, target)
            else:
                target.write_bytes(content)
        cache = None
        for name, (tail, pyc) in self.pycs.items():
            if pyc is None:
                continue
            os.utime(workdir / name, (_TEST_MTIME, _TEST_MTIME))
            if cache is None:
                cache = workdir / "__pycache__"
                cache.mkdir()
            (cache / (name[:-3] + tail)).write_bytes(pyc)
        return workdir


def _rewritten(name: str, source: bytes) -> tuple[str, bytes | None]:
    """pytest's cached form of a test file (assertions rewritten), or (…, None) if this pytest differs."""
    from workshop.engine.pytest_compat import rewritten_pyc

    return rewritten_pyc(name, source, _TEST_MTIME)


@dataclass
class _Worker:
    limits: Limits
    #: The folder every check of this worker runs in, rewritten for each: its warm checker keeps
    #: pytest's parsed configuration for that path (see :mod:`workshop.engine.session`).
    workdir: Path
    use_zygote: bool
    zygote: object = None

    def close(self) -> None:
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None


@dataclass
class RunStats:
    """What a run did: checks run in a child, and checks whose outcome came from identical code."""

    ran: int = 0
    shared: int = 0


class _SameCode:
    """Outcomes of this run's checks by exercise and module source, so identical code runs once.

    The first job with some code runs it; one arriving meanwhile waits for that outcome. Only the
    most recent outcomes are kept (a result is a few kilobytes; untouched stubs keep coming back)."""

    KEEP = 512

    def __init__(self, stats: RunStats):
        self.lock = threading.Lock()
        self.outcomes: dict[tuple, object] = {}
        self.running: dict[tuple, threading.Event] = {}
        self.stats = stats

    def claim(self, key: tuple):
        """(outcome, None) when known; (None, event) to wait for another worker; (None, None) to run it."""
        with self.lock:
            if key in self.outcomes:
                self.outcomes[key] = outcome = self.outcomes.pop(key)  # most recently used last
                self.stats.shared += 1
                return outcome, None
            if key in self.running:
                return None, self.running[key]
            self.running[key] = threading.Event()
            return None, None

    def wait(self, key: tuple, event: threading.Event, timeout: float):
        """The outcome another worker is finding for ``key``; None if it could not (run it then)."""
        event.wait(timeout)
        with self.lock:
            outcome = self.outcomes.get(key)
            if outcome is not None:
                self.stats.shared += 1
            return outcome

    def done(self, key: tuple, outcome) -> None:
        """The outcome of a check this worker ran (None: it failed), for those with the same code."""
        with self.lock:
            self.stats.ran += 1
            if outcome is not None:
                self.outcomes[key] = outcome
                while len(self.outcomes) > self.KEEP:
                    self.outcomes.pop(next(iter(self.outcomes)))
            event = self.running.pop(key, None)
        if event is not None:
            event.set()


def _run_one(worker: _Worker, job: Job, shared: dict[str, _Files], shared_lock: threading.Lock,
             same_code: _SameCode) -> CheckResult:
    started = time.perf_counter()
    prepared = prepare_check(job.exercise, Path(job.notebook), job.hidden, data=job.data)
    if isinstance(prepared, CheckResult):
        prepared.duration = round(time.perf_counter() - started, 3)
        return prepared
    files_key = str(job.exercise.folder)
    code_key = (files_key, tuple(prepared.job.tests), prepared.module.code_digest())
    outcome, running_elsewhere = same_code.claim(code_key)
    if outcome is None and running_elsewhere is not None:
        outcome = same_code.wait(code_key, running_elsewhere, worker.limits.timeout + 60)
    if outcome is None:
        with shared_lock:
            files = shared.get(files_key)
            if files is None:
                files = shared[files_key] = _Files(prepared)
        workdir = files.write(job.exercise.module, prepared.module.source, worker.workdir)
        try:
            outcome = _execute(worker, prepared, workdir)
        finally:
            remove_workdir(workdir)
            same_code.done(code_key, outcome)
    result = outcome_result(prepared, outcome, worker.limits)
    result.duration = round(time.perf_counter() - started, 3)
    return result


def _execute(worker: _Worker, prepared: PreparedCheck, workdir: Path):
    if not worker.use_zygote:
        return run_child(prepared.job, workdir, worker.limits)
    from workshop.engine.zygote import Zygote, ZygoteError

    for attempt in range(2):
        if worker.zygote is None:
            worker.zygote = Zygote()
        try:
            return worker.zygote.run(prepared.job, workdir, worker.limits)
        except ZygoteError:
            worker.close()  # a broken zygote is replaced; the check runs once more from scratch
            if attempt == 1:
                return run_child(prepared.job, workdir, worker.limits)
    raise AssertionError("unreachable")


def default_jobs() -> int:
    """Three workers per core: a check often waits (tests with sleeps, timeouts, local servers) and the
    grader prepares the next check meanwhile; the timeout and limits hold per check either way.
    (Measured on 2 cores, the ten-exercise class: 3 per core ~10 % faster than 2, and 4 slower.)"""
    return max(2, 3 * (os.cpu_count() or 1))


def run_jobs(jobs: Iterable[Job], limits: Limits, workers: int | None = None,
             on_result: Callable[[Job, CheckResult], None] | None = None, use_zygote: bool | None = None,
             work_base: Path | None = None, stats: RunStats | None = None) -> list[tuple[Job, CheckResult]]:
    """Run ``jobs`` on ``workers`` parallel checkers; call ``on_result`` in this thread as each ends.

    Returns (job, result) pairs in the order they finished. A check that fails for reasons of the
    toolkit itself still gives a :class:`CheckResult` (status error), never an exception.
    ``stats``: filled with how many checks ran and how many shared the outcome of identical code.
    """
    from workshop.engine import zygote as zygote_module

    pending: queue.Queue = queue.Queue()
    count = 0
    for job in jobs:
        pending.put(job)
        count += 1
    if count == 0:
        return []
    use_zygote = zygote_module.available() if use_zygote is None else use_zygote
    workers = max(1, min(workers or default_jobs(), count))
    base = new_work_folder("grade", work_base)
    done: queue.Queue = queue.Queue()
    shared: dict[str, _Files] = {}
    shared_lock = threading.Lock()
    same_code = _SameCode(stats if stats is not None else RunStats())
    stop = threading.Event()
    pool = [_Worker(limits, base / f"w{index}", use_zygote) for index in range(workers)]

    def work(worker: _Worker) -> None:
        try:
            while not stop.is_set():
                try:
                    job = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    result = _run_one(worker, job, shared, shared_lock, same_code)
                except Exception as error:  # noqa: BLE001 - a toolkit failure must not lose the run
                    result = CheckResult(exercise=job.exercise.name, notebook=job.notebook, status=Status.ERROR,
                                         message=f"The checker failed: {type(error).__name__}: {error}")
                done.put((job, result))
        finally:
            worker.close()
            done.put(None)

    threads = [threading.Thread(target=work, args=(worker,), daemon=True, name=f"grade-{i}")
               for i, worker in enumerate(pool)]
    for thread in threads:
        thread.start()
    finished: list[tuple[Job, CheckResult]] = []
    running = len(threads)
    try:
        while running:
            item = done.get()
            if item is None:
                running -= 1
                continue
            finished.append(item)
            if on_result is not None:
                on_result(*item)
    finally:
        stop.set()
        for worker in pool:
            worker.close()
        for thread in threads:
            thread.join(timeout=limits.timeout + 5)
        shutil.rmtree(base, ignore_errors=True)
    return finished
