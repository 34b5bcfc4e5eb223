"""``workshop validate``: prove every exercise is sound before a learner sees it.

For each exercise under ``solutions/``: the metadata is complete; the notebooks are valid by
nbformat and the learner notebook has no outputs; the generated files are up to date; the
solution passes every visible and hidden test; the learner notebook fails at least one test of
every task; every test belongs to a task and every task has a visible test; each pitfall (a
plausible wrong solution kept in ``pitfalls/``) fails at least one *visible* test (a learner's
``check`` must not call it passed), and there are at least two pitfalls.
"""

from __future__ import annotations

import json
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from workshop.services.authoring.build import BuildError, dumps_notebook, has_markers, stale_files
from workshop.core.exercise import Exercise, ExerciseError, load_exercise, metadata_problems
from workshop.util.i18n import _, ngettext
from workshop.core.notebook import NotebookError, cell_source, read_notebook
from workshop.core.workspace import Workspace
from workshop.engine.pipeline import check_notebook
from workshop.engine.result import CheckResult, Status
from workshop.core.testspec import possible_points, read_tests

MIN_PITFALLS = 2


@dataclass
class ExerciseReport:
    """What validate found for one exercise: problems (must fix) and facts (for the record)."""

    name: str
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def hidden_tests(solution: Exercise) -> list[Path]:
    """The hidden test files of an exercise, in name order (see :attr:`Exercise.hidden_tests`)."""
    return solution.hidden_tests


def pitfalls(solution: Exercise) -> list[Path]:
    """The pitfall implementations of an exercise, in name order (see :attr:`Exercise.pitfalls`)."""
    return solution.pitfalls


def _nbformat_problems(path: Path, must_be_clean: bool) -> list[str]:
    import nbformat  # slow to import: only here

    problems = []
    try:
        notebook = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
        nbformat.validate(notebook)
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds; all mean "invalid"
        return [_("{path} is not a valid notebook: {error}").format(path=path, error=str(error).splitlines()[0])]
    if must_be_clean:
        for number, cell in enumerate(notebook.cells, start=1):
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
                problems.append(_("{path}: cell {n} has outputs").format(path=path.name, n=number))
    return problems


def notebook_with_pitfall(solution_notebook: dict, pitfall: Path) -> dict:
    """The solution notebook with the pitfall's code appended as a last code cell."""
    cells = [cell for cell in solution_notebook["cells"] if cell.get("cell_type") == "code"]
    pitfall_cell = {"cell_type": "code", "execution_count": None, "id": "pitfall", "metadata": {},
                    "outputs": [], "source": pitfall.read_text(encoding="utf-8")}
    return dict(solution_notebook, cells=[*cells, pitfall_cell])


def _task_problems(solution: Exercise, result: CheckResult) -> list[str]:
    problems = []
    numbers = {task.number for task in solution.tasks}
    for test in result.tests:
        if test.task is None or test.task not in numbers:
            problems.append(_("test {name} has no valid @pytest.mark.task(N)").format(name=test.name))
    visible_tasks = {test.task for test in result.tests if not test.hidden}
    for number in sorted(numbers - visible_tasks):
        problems.append(_("task {n} has no visible test").format(n=number))
    return problems


def _points_problems(test_files: list[Path], solved: CheckResult) -> list[str]:
    """The points the test files promise must be the points a run can earn (else a grade could pass 100 %)."""
    problems = [_("{file}: the number of cases of a parametrized test cannot be counted without running "
                  "it; list its values in the decorator").format(file=path.name)
                for path in test_files if not read_tests(path).countable]
    promised = possible_points(test_files)
    if not problems and solved.status is Status.PASSED and abs(solved.possible - promised) > 1e-9:
        problems.append(_("the tests promise {promised:g} points but a run can earn {earned:g}").format(
            promised=promised, earned=solved.possible))
    return problems


def _failing_tests(result: CheckResult) -> list[str]:
    return [f"{test.name}: {test.message.splitlines()[0] if test.message else test.outcome.value}"
            for test in result.tests if not test.passed]


def validate_exercise(workspace: Workspace, folder: Path) -> ExerciseReport:
    """Validate the exercise whose solution lives in ``folder``."""
    report = ExerciseReport(folder.name)
    try:
        solution = load_exercise(folder, lang="en")
    except ExerciseError as error:
        report.problems.append(str(error))
        return report
    report.problems += [_("metadata: {p}").format(p=problem) for problem in metadata_problems(solution)]
    for path in (solution.notebook, solution.visible_tests):
        if not path.is_file():
            report.problems.append(_("{path} is missing").format(path=path))
    if report.problems:
        return report
    try:
        solution_nb = read_notebook(solution.notebook)
    except NotebookError as error:
        report.problems.append(str(error))
        return report
    if not any(has_markers(cell_source(cell)) for cell in solution_nb["cells"] if cell.get("cell_type") == "code"):
        report.problems.append(_("the solution notebook has no BEGIN SOLUTION / END SOLUTION markers"))
    report.problems += _nbformat_problems(solution.notebook, must_be_clean=False)

    target = workspace.exercises_dir / solution.name
    try:
        stale = stale_files(solution, target)
    except (BuildError, OSError) as error:
        report.problems.append(_("cannot build: {error}").format(error=error))
        return report
    if stale:
        report.problems.append(_("generated files are out of date ({names}): run workshop build").format(
            names=", ".join(stale)))
        return report
    learner = load_exercise(target, lang="en")
    report.problems += _nbformat_problems(learner.notebook, must_be_clean=True)
    korean_notebook = _korean_problems(solution, report, target)

    hidden = solution.hidden_tests
    if not hidden:
        report.problems.append(_("there are no hidden tests in hidden/"))
    traps = solution.pitfalls
    if len(traps) < MIN_PITFALLS:
        report.problems.append(_("there are {n} pitfall implementations in pitfalls/; at least {m} are needed").format(
            n=len(traps), m=MIN_PITFALLS))

    with tempfile.TemporaryDirectory(prefix="workshop-validate-") as scratch:
        pitfall_notebooks = []
        for trap in traps:
            path = Path(scratch) / trap.stem / solution.notebook_name
            path.parent.mkdir()
            path.write_bytes(dumps_notebook(notebook_with_pitfall(solution_nb, trap)))
            pitfall_notebooks.append((trap, path))
        jobs = [("solution", solution.notebook), ("learner", learner.notebook)] + [
            (f"pitfall {trap.stem}", path) for trap, path in pitfall_notebooks]
        if korean_notebook is not None:
            jobs.append(("learner-ko", korean_notebook))
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = dict(zip([label for label, _path in jobs], pool.map(
                lambda job: check_notebook(solution, job[1], hidden_tests=hidden), jobs)))

    solved = results["solution"]
    if solved.status is not Status.PASSED:
        report.problems.append(_("the solution does not pass: {status} {message}").format(
            status=solved.status.value, message=solved.message))
        report.problems += ["  " + line for line in _failing_tests(solved)]
    else:
        report.facts.append(_("solution passes {n} tests ({points:g} points) in {seconds:.2f} s").format(
            n=len(solved.tests), points=solved.possible, seconds=solved.duration))
    report.problems += _task_problems(solution, solved)
    report.problems += _points_problems([solution.visible_tests, *hidden], solved)

    for label in ("learner", "learner-ko"):
        stub = results.get(label)
        if stub is None:
            continue
        for task in solution.tasks:
            tests = [test for test in stub.tests if test.task == task.number]
            if stub.status in (Status.PASSED,) or (tests and all(test.passed for test in tests)):
                message = (_("the learner notebook already passes every test of task {n}") if label == "learner"
                           else _("the Korean learner notebook already passes every test of task {n}"))
                report.problems.append(message.format(n=task.number))
    for trap, _path in pitfall_notebooks:
        caught = results[f"pitfall {trap.stem}"]
        failing = [test for test in caught.tests if not test.passed]
        visible = [test for test in failing if not test.hidden]
        if caught.status is Status.PASSED:
            report.problems.append(_("pitfall {name} passes every test: the tests do not catch it").format(
                name=trap.stem))
        elif not visible and caught.status is Status.FAILED:
            report.problems.append(_("pitfall {name} passes every visible test: `workshop check` would call it "
                                     "passed (only hidden tests catch it)").format(name=trap.stem))
        else:
            report.facts.append(ngettext("pitfall {name} is caught by {n} test", "pitfall {name} is caught by {n} tests",
                                         len(failing)).format(name=trap.stem, n=len(failing)))
    placeholders = _placeholders(solution)
    if placeholders:
        report.facts.append(_("TODO placeholders left in: {files}").format(files=", ".join(placeholders)))
    return report


def _korean_problems(solution: Exercise, report: ExerciseReport, target: Path) -> Path | None:
    """Check the Korean translation (per key: missing, stale; code cells: same code as the English stub).

    Returns the Korean learner notebook to check, when there is one. An exercise without
    ``translations/ko.toml`` fails only when Korean is required (see workshop.core.translations.korean_required).
    """
    from workshop.services.authoring.build import learner_notebook
    from workshop.core.translations import (KO_NOTEBOOK_SUFFIX, TranslationError, code_shape, english_texts,
                                       korean_entries, korean_required, read_translation, translation_problems)

    try:
        translation = read_translation(solution.folder)
    except TranslationError as error:
        report.problems.append(str(error))
        return None
    if translation is None:
        if korean_required():
            report.problems.append(_("missing Korean translation: translations/ko.toml (python -m workshop.core.translations "
                                     "skeleton {n} --write makes one to fill in)").format(n=f"{solution.number:02d}"))
        else:
            report.facts.append(_("no Korean translation yet (translations/ko.toml)"))
        return None
    cells = learner_notebook(read_notebook(solution.notebook), solution, generated=False)["cells"]
    english = english_texts(solution, cells)
    for key, kind in translation_problems(english, translation):
        if kind == "missing":
            report.problems.append(_("Korean translation missing: {key}").format(key=key))
        elif kind == "stale":
            report.problems.append(_("Korean translation out of date (the English changed): {key}").format(key=key))
        else:
            report.problems.append(_("Korean translation empty: {key}").format(key=key))
    stubs = {str(cell["id"]): cell_source(cell) for cell in cells if cell.get("cell_type") == "code"}
    for key, entry in korean_entries(translation).items():
        cell_id = key[len("cells."):]
        if key.startswith("cells.") and cell_id in stubs:
            if code_shape(str(entry.get("ko", ""))) != code_shape(stubs[cell_id]):
                report.problems.append(_("the Korean code cell {id} is not the same code as the English stub (only "
                                         "docstrings, comments and messages may differ)").format(id=cell_id))
        elif key.startswith("cells.") and cell_id not in {str(cell["id"]) for cell in cells}:
            report.problems.append(_("Korean translation of a cell that does not exist: {key}").format(key=key))
    korean = target / (solution.module + KO_NOTEBOOK_SUFFIX)
    if korean.is_file():
        report.problems += _nbformat_problems(korean, must_be_clean=True)
        report.facts.append(_("Korean notebook: {name}").format(name=korean.name))
        return korean
    return None


def _placeholders(solution: Exercise) -> list[str]:
    found = []
    for path in sorted(solution.folder.rglob("*")):
        if path.is_file() and path.suffix in {".toml", ".ipynb", ".py", ".md"}:
            try:
                if "TODO" in path.read_text(encoding="utf-8"):
                    found.append(path.relative_to(solution.folder).as_posix())
            except (OSError, UnicodeDecodeError):
                continue
    return found


def validate(workspace: Workspace, only: list[str] | None = None) -> list[ExerciseReport]:
    """Validate every exercise (or those named in ``only``) of the workspace's solutions."""
    folders = sorted(path.parent for path in workspace.solutions_dir.glob("*/exercise.toml"))
    if only:
        wanted = set(only)
        folders = [folder for folder in folders if folder.name in wanted or folder.name[:2] in wanted
                   or folder.name[3:] in wanted]
    reports = [validate_exercise(workspace, folder) for folder in folders]
    names = {folder.name for folder in folders}
    if not only:
        for orphan in sorted(workspace.exercises_dir.glob("*/exercise.toml")):
            if orphan.parent.name not in names:
                reports.append(ExerciseReport(orphan.parent.name, problems=[
                    _("exercises/{name} has no solutions/{name}: it cannot be rebuilt or validated").format(
                        name=orphan.parent.name)]))
    return reports


def to_json(reports: list[ExerciseReport]) -> str:
    return json.dumps([{"exercise": r.name, "ok": r.ok, "problems": r.problems, "facts": r.facts}
                       for r in reports], indent=2, ensure_ascii=False)
