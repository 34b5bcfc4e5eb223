"""The "check the AI" kind: the learner's tests, run against versions of one function → one :class:`CheckResult`.

The learner's notebook holds tests (``def test_…():``) that call the exercise's ``target`` function.
Each version (the right one, and wrong ones) is Python code defining ``target``, appended to the
learner's module as a last cell, exactly as a pitfall is appended to a solution: the learner's tests
then run in the usual sandboxed child (:func:`~workshop.engine.pipeline.prepare_check` and
:func:`~workshop.engine.sandbox.run_child`), with the learner's module as the test file. One record
per version comes back: the right version must pass every learner test; a wrong version is
*caught* when at least one learner test fails on it.

Nothing of a hidden wrong version's run reaches the learner but caught or not and its one-line
description: no test message, location or error text (learner code could have put the version's
source into any of them).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.engine.pipeline import _hint_for
from workshop.engine.result import CheckResult, Outcome, Status, TestResult
from workshop.util import pyast

#: The name of the right version's record in a result (wrong versions: ``wrong-<file stem>``).
RIGHT = "right-version"


@dataclass(frozen=True)
class Version:
    """One version of the target function: its code, whether it is right, and what it gets wrong."""

    path: Path
    right: bool
    hidden: bool
    task: int | None
    description: str

    @property
    def name(self) -> str:
        return RIGHT if self.right else f"wrong-{self.path.stem}"


def read_version(path: Path, right: bool, hidden: bool, lang: str = "en") -> Version:
    """A version file: its docstring's first line says what it gets wrong (a ``ko:`` line in Korean),
    a ``task: N`` line the task whose rule it breaks."""
    try:
        doc = ast.get_docstring(pyast.parse(path.read_text(encoding="utf-8"))) or ""
    except (SyntaxError, ValueError):
        doc = ""
    lines = [line.strip() for line in doc.splitlines() if line.strip()]
    english = lines[0] if lines else path.stem
    fields = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
    task = int(fields["task"]) if fields.get("task", "").isdigit() else None
    description = fields.get("ko") or english if lang == "ko" else english
    return Version(path, right, hidden, task, description)


def versions(exercise: Exercise, hidden: bool) -> list[Version]:
    """The right version, then the wrong ones a check runs: the hidden ones when ``hidden`` (grading,
    authors), else the wrong ones shown in the notebook."""
    lang = "ko" if exercise.lang == "ko" else "en"
    found = [read_version(exercise.right_version, True, False, lang)]
    if hidden:
        wrong = [read_version(path, False, True, lang) for path in exercise.hidden_versions]
    else:
        wrong = [read_version(path, False, False, lang) for path in exercise.candidates
                 if path != exercise.right_version]
    return found + wrong


def solution_side(exercise: Exercise) -> Exercise | None:
    """The same exercise under ``solutions/`` beside ``exercises/`` (an author's or facilitator's
    workspace), where the hidden wrong versions are; ``None`` in a learner's workspace."""
    from workshop.core.exercise import ExerciseError, load_exercise

    if exercise.hidden_versions:
        return exercise
    folder = exercise.folder.parent.parent / "solutions" / exercise.name
    if not (folder / "hidden").is_dir():
        return None
    try:
        return load_exercise(folder, lang=exercise.lang)
    except ExerciseError:
        return None


def _first_failure(run: CheckResult) -> str:
    """What made a run fail, in the learner's words (their test's name and message)."""
    if run.status not in (Status.PASSED, Status.FAILED):
        return run.message
    for test in run.tests:
        if not test.passed:
            return f"{test.name}: {test.message}" if test.message else test.name
    return run.message


def _task_of(exercise: Exercise | None, test_name: str) -> int | None:
    """The task whose functions include the learner's test ``test_name`` (``test_x[case]`` too)."""
    name = test_name.split("[")[0]
    return next((task.number for task in exercise.tasks if name in task.functions), None) if exercise else None


def _record(version: Version, run: CheckResult, exercise: Exercise | None = None) -> TestResult:
    """A version's run as one record: passed means "right version passes" or "wrong version caught"."""
    ran_tests = bool(run.tests) and run.status in (Status.PASSED, Status.FAILED)
    if version.right:
        passed = run.status is Status.PASSED
        message = "" if passed else _first_failure(run)
        failing = None if passed else next((test for test in run.tests if not test.passed), None)
        task = _task_of(exercise, failing.name) if failing else None  # the task whose test fails, and its hint
        return TestResult(name=version.name, task=task or version.task,
                          points=0.0, outcome=Outcome.PASSED if passed else Outcome.FAILED,
                          description=_("The right version passes your tests"), message=message,
                          location=failing.location if failing else None,
                          hint=_hint_for(exercise, task) if exercise is not None and task else "")
    caught = run.status is not Status.PASSED
    if caught:
        message = ""
    elif not ran_tests:
        message = _("Your notebook has no tests for it to fail: write functions whose names start with test_.")
    else:
        message = _("Every one of your tests passes on this wrong version: no test notices its mistake.")
    return TestResult(name=version.name, task=version.task, points=1.0,
                      outcome=Outcome.PASSED if caught else Outcome.FAILED,
                      description=version.description,
                      message=message, hidden=version.hidden)


def combine(exercise: Exercise, notebook: str, runs: list[tuple[Version, CheckResult]]) -> CheckResult:
    """One result from the runs of every version (the right one first)."""
    titles = {task.number: task.title for task in exercise.tasks}
    result = CheckResult(exercise=exercise.name, notebook=notebook, status=Status.FAILED, task_titles=titles)
    right_run = runs[0][1]
    result.tests = [_record(version, run, exercise) for version, run in runs]
    right, wrong = result.tests[0], result.tests[1:]
    caught = sum(test.passed for test in wrong)
    if right_run.status in (Status.INVALID_NOTEBOOK, Status.ERROR, Status.TIMEOUT, Status.RESOURCE_LIMIT) \
            and not right_run.tests:
        result.status = right_run.status  # the notebook itself cannot run: say why, as for any exercise
        result.message = right_run.message
        result.detail = right_run.detail
        _void(wrong)
        return result
    if not right_run.tests:
        result.message = _("Your notebook has no tests yet. Write functions whose names start with test_ that call "
                           "{target}() and assert what it must give.").format(target=exercise.target)
        _void(wrong)
        return result
    if not right.passed:
        result.message = _("Your tests fail the right version, so no catch counts: a test that fails on right code "
                           "would fail on anything. Fix the test that fails: {failure}").format(failure=right.message)
        _void(wrong)
        return result
    result.message = ngettext_catches(caught, len(wrong))
    result.status = Status.PASSED if wrong and caught == len(wrong) else Status.FAILED
    return result


def ngettext_catches(caught: int, total: int) -> str:
    from workshop.util.i18n import ngettext

    return ngettext("Your tests catch {caught} of {total} wrong version; the right version passes them.",
                    "Your tests catch {caught} of {total} wrong versions; the right version passes them.",
                    total).format(caught=caught, total=total)


def _void(wrong: list[TestResult], why: str = "") -> None:
    for test in wrong:
        test.outcome = Outcome.FAILED
        test.message = why or _("Not counted: your tests fail the right version.")


def check_versions(exercise: Exercise, notebook: Path, limits=None, data: bytes | None = None,
                   debug: bool = False) -> CheckResult:
    """Run the learner's tests (the notebook, or its bytes ``data``) against every version, each in
    its own sandboxed child; the result counts the wrong versions caught. Where the solutions are at
    hand (grading, validate, an author's workspace) the wrong versions are the hidden ones; in a
    learner's workspace, those shown in the notebook."""
    from workshop.engine.peeking import find_peeking
    from workshop.engine.pipeline import prepare_check
    from workshop.engine.sandbox import Limits

    limits = limits or Limits()
    solutions = solution_side(exercise)
    planned = versions(solutions or exercise, hidden=solutions is not None)
    prepared = prepare_check(exercise, notebook, [], data=data)
    if isinstance(prepared, CheckResult):  # the notebook cannot be read or parsed at all
        return combine(exercise, str(notebook), [(planned[0], prepared)] + [
            (version, CheckResult(exercise.name, str(notebook), Status.FAILED)) for version in planned[1:]])
    peeks = find_peeking(prepared.module.source)
    if peeks:  # tests that look at how the code is written: refused before any run
        return refuse_peeking(exercise, str(notebook), planned, peeks, prepared.module)
    runs = [(planned[0], run_version(prepared, planned[0], limits, debug))]
    for version in planned[1:]:
        if runs[0][1].status is not Status.PASSED:  # no catch counts: the wrong versions need not run
            runs.append((version, CheckResult(exercise.name, str(notebook), Status.FAILED)))
        else:
            runs.append((version, run_version(prepared, version, limits, debug)))
    return combine(exercise, str(notebook), runs)


def refuse_peeking(exercise: Exercise, notebook: str, planned: list[Version], peeks, module) -> CheckResult:
    """The result when the learner's tests look at how the function is written (see
    :mod:`workshop.engine.peeking`): nothing ran, nothing counts, and it says where and why."""
    first = peeks[0]
    location = module.locate(first.line)
    uses = ", ".join(dict.fromkeys(peek.what for peek in peeks))
    message = _("Your tests look at how {target}() is written ({uses}) instead of what it does, so no catch "
                "counts: here a test earns its point by calling {target}() and checking its answer. Remove "
                "these and test the behaviour.").format(target=exercise.target, uses=uses)
    titles = {task.number: task.title for task in exercise.tasks}
    result = CheckResult(exercise=exercise.name, notebook=notebook, status=Status.FAILED, task_titles=titles,
                         message=message)
    right = planned[0]
    result.tests = [TestResult(name=right.name, task=right.task, points=0.0, outcome=Outcome.FAILED,
                               description=_("The right version passes your tests"),
                               message=_("Not run: your tests use {what}, which looks at the code, not at what it "
                                         "does.").format(what=first.what), location=location)]
    result.tests += [TestResult(name=version.name, task=version.task, points=1.0, outcome=Outcome.FAILED,
                                description=version.description, hidden=version.hidden) for version in planned[1:]]
    _void(result.tests[1:], _("Not counted: your tests look at how the code is written."))
    return result


def run_version(prepared, version: Version, limits, debug: bool = False) -> CheckResult:
    """One version under the learner's tests, in a sandboxed child: the learner's module with the
    version appended is both the code and the test file. A hidden version's run is stripped of
    everything but its verdict."""
    from dataclasses import replace

    from workshop.engine.pipeline import outcome_result
    from workshop.engine.sandbox import prepare_workdir, remove_workdir, run_child
    from workshop.engine.version import module_tail
    from workshop.core.testspec import expected_tests

    exercise = prepared.exercise
    source = prepared.module.source.rstrip() + module_tail(exercise.target)
    module_file = f"{exercise.module}.py"
    # The learner's module is the test file here: it goes where the tests go. The learner's code is the
    # tests, so there is nothing to split off (:meth:`CheckJob.for_run` keeps it in one process).
    files = {**prepared.files, module_file: source.encode("utf-8")}
    job = replace(prepared.job, tests=(module_file,), hidden=(), logging=True,
                  deny_read=tuple(sorted({str(exercise.folder), str(version.path.parent)})),
                  version=version.path.read_text(encoding="utf-8"), target=exercise.target)
    workdir = prepare_workdir(exercise.module, source, files, tests=(module_file,))
    try:
        expected = {module_file: expected_tests(workdir / module_file)}
        plan = replace(prepared, job=job, expected=expected, hidden_names=set())
        outcome = run_child(job, workdir, limits, debug=debug)
    finally:
        remove_workdir(workdir)
    run = outcome_result(plan, outcome, limits)
    if version.hidden:
        run.message, run.detail = "", ""
        for test in run.tests:
            test.message, test.location, test.hint = "", None, ""
    return run


__all__ = ["RIGHT", "Version", "check_versions", "combine", "read_version", "run_version", "solution_side",
           "versions"]
