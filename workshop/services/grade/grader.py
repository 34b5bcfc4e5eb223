"""``workshop grade`` as a library call: submissions folder in, gradebook and pages out."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workshop.core.exercise import METADATA_FILE, Exercise, ExerciseError, find, load_exercise
from workshop.engine import cache as cache_module
from workshop.services.grade import outputs, submissions
from workshop.services.grade.gradebook import Entry, ExerciseInfo, Gradebook
from workshop.engine.scheduler import Job, RunStats, default_jobs, run_jobs
from workshop.util.i18n import _
from workshop.core.notebook import NotebookError
from workshop.core.workspace import Workspace
from workshop.engine.result import CheckResult, Status
from workshop.engine.sandbox import Limits
from workshop.core.testspec import possible_points

CACHE_DIR = ".cache"


@dataclass
class GradeOptions:
    """How to grade: which exercises, how many checks at once, the limits of each check."""

    exercises: list[str] | None = None
    jobs: int | None = None
    limits: Limits = field(default_factory=Limits)
    use_cache: bool = True
    use_zygote: bool | None = None  # None: wherever the system can fork


@dataclass
class GradedExercise:
    exercise: Exercise  # the solutions side: visible tests, hidden tests, data
    hidden: list[Path]
    fingerprint: str
    possible: float


def gradable_exercises(workspace: Workspace, only: list[str] | None = None) -> tuple[list[GradedExercise], list[str]]:
    """The exercises under ``solutions/`` that can be graded (and warnings about those that cannot)."""
    found: list[Exercise] = []
    warnings: list[str] = []
    folders = sorted(path.parent for path in workspace.solutions_dir.glob(f"*/{METADATA_FILE}"))
    for folder in folders:
        try:
            exercise = load_exercise(folder)
        except ExerciseError as error:
            warnings.append(str(error))
            continue
        if not exercise.visible_tests.is_file():
            warnings.append(_("{name}: no visible tests ({file}); not graded").format(
                name=exercise.name, file=exercise.visible_tests_name))
            continue
        found.append(exercise)
    if only:
        chosen = []
        for query in only:
            for part in query.split(","):
                if part.strip():
                    picked = find(found, part.strip())
                    if picked not in chosen:
                        chosen.append(picked)
        found = sorted(chosen, key=lambda exercise: exercise.number)
    graded = []
    for exercise in found:
        hidden = exercise.hidden_tests
        possible = possible_points([exercise.visible_tests, *hidden])
        graded.append(GradedExercise(exercise, hidden, cache_module.exercise_fingerprint(exercise, hidden), possible))
    return graded, warnings


def handed_in(learner: submissions.Learner, most: int = 8) -> str:
    """What a learner's entry did hold, for a "missing" row: its notebooks, else its first files."""
    import os
    import zipfile

    names = [candidate.path for candidate in learner.candidates]
    if not names:
        try:
            if learner.source.is_dir():
                for here, dirs, files in os.walk(learner.source, followlinks=False):
                    dirs[:] = sorted(name for name in dirs if not name.startswith("."))[:most]
                    names += [(Path(here) / name).relative_to(learner.source).as_posix() for name in sorted(files)]
                    if len(names) > most:
                        break
            elif zipfile.is_zipfile(learner.source):
                with zipfile.ZipFile(learner.source) as archive:
                    names = [info.filename for info in archive.infolist()[: most + 1] if not info.is_dir()]
        except (OSError, zipfile.BadZipFile, ValueError):
            names = []
    if not names:
        return _("nothing")
    shown = ", ".join(names[:most])
    return shown + (_(" and more") if len(names) > most else "")


def _unique_names(learners: list[submissions.Learner]) -> None:
    seen: dict[str, int] = {}
    for learner in learners:
        seen[learner.name] = seen.get(learner.name, 0) + 1
    for learner in learners:
        if seen[learner.name] > 1:
            learner.name = f"{learner.name} ({learner.source.name})"


def _entry_from(learner: str, exercise: str, data: dict, notebook: str, how: str, sha: str,
                cached: bool) -> Entry:
    result = CheckResult.from_dict(data)
    result.notebook = notebook
    reason = result.message
    detail = [line.strip() for line in result.detail.splitlines() if line.strip()]
    if detail and result.status is not Status.PASSED:
        reason = f"{reason} ({detail[-1][:200]})" if reason else detail[-1][:200]
    if result.status is Status.FAILED and not reason:
        counts = result.counts()
        reason = _("{passed} of {total} tests passed.").format(passed=counts["passed"], total=len(result.tests))
    return Entry(learner, exercise, result.status.value, reason, notebook, how, result, cached, sha, data)


ProgressCallback = Callable[[str, dict], None]


def grade(workspace: Workspace, folder: Path, out: Path, options: GradeOptions | None = None,
          progress: ProgressCallback | None = None) -> Gradebook:
    """Grade every learner in ``folder`` on the exercises; write the outputs into ``out``."""
    started = time.perf_counter()
    options = options or GradeOptions()
    notify = progress or (lambda _event, _data: None)
    graded, warnings = gradable_exercises(workspace, options.exercises)
    if not graded:
        raise ExerciseError(_("There is no exercise to grade in {path}.").format(path=workspace.solutions_dir))
    learners, ignored = submissions.discover(folder)
    _unique_names(learners)
    book = Gradebook(
        exercises=[ExerciseInfo(g.exercise.name, g.exercise.number, g.exercise.title, g.possible,
                                {task.number: task.title for task in g.exercise.tasks}) for g in graded],
        learners=[learner.name for learner in learners], ignored=ignored)
    store = cache_module.ResultCache(out / CACHE_DIR) if options.use_cache else None
    checker = cache_module.checker_fingerprint(out / CACHE_DIR / cache_module.CHECKER_MEMO if store is not None else None)
    limits = options.limits
    waiting: dict[str, list[tuple[str, str, str, str, str]]] = {}  # key → (learner, exercise, notebook, how, sha)
    jobs: list[Job] = []
    used_keys: set[str] = set()

    for learner in learners:
        if learner.notes:
            book.notes[learner.name] = list(learner.notes)
        matches = submissions.match(learner, [g.exercise for g in graded]) if not learner.problem else {}
        for g in graded:
            name = g.exercise.name
            if learner.problem:
                book.entries[(learner.name, name)] = Entry(learner.name, name, "invalid-notebook", learner.problem)
                continue
            found = matches[name]
            if found.ambiguous:
                book.entries[(learner.name, name)] = Entry(
                    learner.name, name, "ambiguous",
                    _("Several different notebooks could be this exercise: {paths}. Keep one, or name it {name}.")
                    .format(paths=", ".join(found.ambiguous), name=g.exercise.notebook_name))
                continue
            if found.candidate is None:
                book.entries[(learner.name, name)] = Entry(
                    learner.name, name, "missing",
                    _("No notebook for this exercise was found (looked for {name}). Handed in: {files}").format(
                        name=g.exercise.notebook_name, files=handed_in(learner)))
                continue
            candidate = found.candidate
            try:
                data = candidate.read()
            except NotebookError as error:
                book.entries[(learner.name, name)] = Entry(learner.name, name, "invalid-notebook", str(error),
                                                           candidate.path, found.how)
                continue
            sha = candidate.sha256()
            key = cache_module.result_key(sha, g.fingerprint, checker, limits)
            used_keys.add(key)
            cached = store.get(key) if store is not None else None
            if cached is not None:
                book.entries[(learner.name, name)] = _entry_from(learner.name, name, cached, candidate.path,
                                                                 found.how, sha, True)
                book.from_cache += 1
                candidate.forget()
                continue
            if key not in waiting:
                waiting[key] = []
                jobs.append(Job(g.exercise, g.hidden, candidate.path, data, tag=key))
            waiting[key].append((learner.name, name, candidate.path, found.how, sha))
            candidate.forget()
        learner.close()  # a zip stays open only while its learner's notebooks are read

    total = len(book.learners) * len(graded)
    notify("start", {"total": total, "to_check": sum(len(v) for v in waiting.values()),
                     "cached": book.from_cache, "warnings": warnings})

    def finished(job: Job, result: CheckResult) -> None:
        data = result.to_dict()
        if store is not None:
            store.put(job.tag, data)
        book.checked += 1
        for learner_name, name, notebook, how, sha in waiting[job.tag]:
            entry = _entry_from(learner_name, name, data, notebook, how, sha, False)
            book.entries[(learner_name, name)] = entry
            notify("advance", {"entry": entry})

    stats = RunStats()
    try:
        run_jobs(jobs, limits, workers=options.jobs or default_jobs(), on_result=finished,
                 use_zygote=options.use_zygote, stats=stats)
    finally:
        book.same_code = stats.shared
        if store is not None:
            store.close()
    if store is not None:
        store.compact(used_keys)
    book.seconds = round(time.perf_counter() - started, 3)
    outputs.write_all(book, out, extra={"warnings": warnings, "seconds": book.seconds, "checked": book.checked,
                                        "from_cache": book.from_cache, "same_code": book.same_code,
                                        "limits": {"timeout": limits.timeout, "memory_mb": limits.memory_mb,
                                                   "cpu_seconds": limits.cpu(), "file_mb": limits.file_mb,
                                                   "processes": limits.processes, "disk_mb": limits.disk_mb}})
    return book
