"""The learner's library API: check, hints, list, progress. The CLI and the notebook call these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workshop.core.exercise import Exercise, ExerciseError
from workshop.util.i18n import _
from workshop.core.progress import Progress
from workshop.core.workspace import Workspace, exercise_for_notebook, exercise_in
from workshop.engine.pipeline import check_notebook
from workshop.engine.result import CheckResult
from workshop.engine.sandbox import Limits
from workshop.core.status import Standing


def current_exercise(workspace: Workspace, progress: Progress | None = None) -> Exercise:
    """The exercise a learner is on: the folder they are in, else the first one not passed yet."""
    here = exercise_in([Path.cwd()])
    if here is not None:
        return here
    exercises = workspace.exercises()
    if not exercises:
        raise ExerciseError(_("There are no exercises in {path}.").format(path=workspace.exercises_dir))
    progress = progress or Progress.load(workspace.progress_file)
    for exercise in exercises:
        if progress.get(exercise.name).status not in (Standing.PASSED, Standing.PASSED_BEFORE):
            return exercise
    return exercises[-1]


def resolve(workspace: Workspace, query: str | None, progress: Progress | None = None) -> tuple[Exercise, Path]:
    """(exercise, notebook path) for a query: a number, slug, a notebook path, or None for the current one."""
    if query and query.endswith(".ipynb"):
        notebook = Path(query)
        return exercise_for_notebook(notebook, workspace), notebook
    exercise = workspace.exercise(query) if query else current_exercise(workspace, progress)
    return exercise, exercise.notebook


def run_check(workspace: Workspace, exercise: Exercise, notebook: Path, limits: Limits | None = None,
              record: bool = True, child=None) -> CheckResult:
    """Check a notebook against the exercise's visible tests and remember the outcome.

    ``child``: a :class:`workshop.engine.sandbox.Child` started early to save time (optional).
    """
    result = check_notebook(exercise, notebook, limits=limits, child=child)
    if record:
        save_result(workspace, result)
    return result


def save_result(workspace: Workspace, result: CheckResult) -> str:
    """Record a result in the progress file; return a warning to show, if any."""
    progress = Progress.load(workspace.progress_file)
    progress.record_check(result)
    try:
        progress.save()
    except OSError as error:
        return _("Your progress could not be saved ({error}); your check result is still right.").format(error=error)
    return progress.warning


def report_to_board(workspace: Workspace, result: CheckResult) -> None:
    """Tell the room board about a check when this workspace joined one; never fails a check."""
    try:
        from workshop.board import client as board_client
    except ImportError:
        return
    board_client.report_check(workspace, result)


@dataclass
class Hint:
    """One hint to show: which task, which level of how many, and the text."""

    exercise: Exercise
    task: int
    level: int
    total: int
    text: str
    all_passed: bool = False


def next_hint(workspace: Workspace, exercise: Exercise, notebook: Path, task: int | None = None) -> Hint:
    """The next hint for ``task`` (default: the first task whose tests fail), remembered in progress."""
    all_passed = False
    if task is None:
        result = check_notebook(exercise, notebook)
        task = result.first_failing_task()
        if task is None:
            all_passed = result.passed
            task = exercise.tasks[-1].number if exercise.tasks else 1
    found = exercise.task(task)
    if found is None or not found.hints:
        raise ExerciseError(_("Exercise {name} has no task {n}. Its tasks are numbered 1 to {last}.").format(
            name=exercise.name, n=task, last=len(exercise.tasks)))
    progress = Progress.load(workspace.progress_file)
    level = progress.record_hint(exercise.name, task, len(found.hints))
    try:
        progress.save()
    except OSError:
        pass
    return Hint(exercise, task, level, len(found.hints), found.hints[level - 1], all_passed)


def list_rows(workspace: Workspace, progress: Progress | None = None) -> list[dict]:
    """One row per exercise, with status and points from the progress file."""
    progress = progress or Progress.load(workspace.progress_file)
    rows = []
    for exercise in workspace.exercises():
        record = progress.get(exercise.name)
        points = f"{record.earned:g}/{record.possible:g}" if record.attempts else "–"
        rows.append({"number": f"{exercise.number:02d}", "name": exercise.name, "title": exercise.title,
                     "minutes": exercise.minutes, "status": record.status, "points": points,
                     "attempts": record.attempts})
    return rows
