"""The single check pipeline: notebook + tests → :class:`CheckResult`. Every front end uses this."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.core.notebook import ModuleSource, NotebookError, parse_notebook, read_notebook, to_module
from workshop.engine.job import CheckJob
from workshop.engine.result import CheckResult, Outcome, Status, TestResult
from workshop.engine.sandbox import Child, Limits, prepare_workdir, remove_workdir, run_child
from workshop.core.testspec import TestSpec, expected_tests, uses_caplog

__all__ = ["build_result", "check_notebook", "expected_tests", "outcome_result", "prepare_check"]

SIGXCPU = 24


def kernel_language(notebook: dict) -> str:
    """The notebook's kernel language in lower case ("python", "r", "julia"), or "" when not said."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    if not isinstance(metadata, dict):
        return ""
    for key in ("kernelspec", "language_info"):
        section = metadata.get(key)
        name = section.get("language") if key == "kernelspec" and isinstance(section, dict) else (
            section.get("name") if isinstance(section, dict) else None)
        if isinstance(name, str) and name.strip():
            return name.strip().lower()
    return ""


def _where(module: ModuleSource | None, line: int | None) -> tuple[int, int] | None:
    if module is None or line is None:
        return None
    return module.locate(line)


def _at(location: tuple[int, int] | None) -> str:
    if location is None:
        return ""
    return " " + _("(cell {cell}, line {line})").format(cell=location[0], line=location[1])


def _syntax_error(module: ModuleSource) -> tuple[str, tuple[int, int] | None] | None:
    try:
        compile(module.source, "<notebook>", "exec", dont_inherit=True)
    except SyntaxError as error:
        location = module.locate(error.lineno or 0)
        return f"{type(error).__name__}: {error.msg}", location
    except ValueError as error:  # e.g. NUL bytes in the source
        return f"ValueError: {error}", None
    return None


_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)'")


def _missing_names(errors: list[dict]) -> list[str]:
    """Names the tests import that the learner's module lacks, from the collection errors."""
    names: list[str] = []
    for error in errors:
        for name in _CANNOT_IMPORT.findall(error.get("message", "")):
            if name not in names:
                names.append(name)
    return names


def _hint_for(exercise: Exercise, task: int | None) -> str:
    found = exercise.task(task) if task is not None else None
    return found.hints[0] if found and found.hints else ""


def build_result(exercise: Exercise, notebook: str, payload: dict, module: ModuleSource | None,
                 expected: dict[str, list[TestSpec]], hidden_files: set[str]) -> CheckResult:
    """Turn the plugin's records (from the child or the kernel) into a :class:`CheckResult`."""
    titles = {task.number: task.title for task in exercise.tasks}
    result = CheckResult(exercise=exercise.name, notebook=notebook, status=Status.FAILED, task_titles=titles)
    import_error = payload.get("import_error")
    if import_error:
        location = _where(module, import_error.get("line"))
        if import_error.get("system_exit"):
            result.status = Status.ERROR
            result.message = _("Your code called exit() or sys.exit(){where}. Remove that call: it stops "
                               "the checker too.").format(where=_at(location))
        elif import_error.get("type") == "MemoryError":
            result.status = Status.RESOURCE_LIMIT
            result.message = _("Your code used more memory than the checker allows{where}.").format(
                where=_at(location))
        else:
            result.status = Status.ERROR
            result.message = _("Your notebook's code raised an error when it was run{where}. Run all cells "
                               "in the notebook to see it.").format(where=_at(location))
            result.detail = import_error.get("message", "")
        return result

    for record in payload.get("tests", []):
        task = record.get("task")
        outcome = Outcome(record["outcome"])
        message = record.get("message", "")
        if message.startswith("MemoryError"):
            message = _("MemoryError: your code used more memory than the checker allows.")
        elif message.startswith("PolicyViolation") or "The workshop checker does not let" in message:
            message = message.replace("workshop.engine.policy.", "")
        result.tests.append(TestResult(
            name=record["name"],
            task=int(task) if task is not None else None,
            points=float(record.get("points", 1)),
            outcome=outcome,
            description=exercise.test_descriptions.get(record["name"]) or record.get("description", ""),
            message=message,
            hidden=bool(record.get("hidden")),
            location=_where(module, record.get("learner_line")),
            hint="" if outcome is Outcome.PASSED else _hint_for(exercise, task),
        ))

    errors = payload.get("collection_errors", [])
    ran = bool(result.tests)
    missing_names = _missing_names(errors)
    reported = {(record.get("file"), record.get("function")) for record in payload.get("tests", [])}
    for test_file, names in expected.items():
        unloaded = any(error.get("file") == test_file for error in errors)
        for test in names:
            if (test_file, test.name) not in reported:
                message = _("This test did not run.")
                if unloaded and missing_names:
                    message = _("This test could not run: your notebook does not define {names}.").format(
                        names=", ".join(missing_names))
                result.tests.append(TestResult(
                    name=test.name, task=test.task, points=test.possible, outcome=Outcome.ERROR,
                    description=exercise.test_descriptions.get(test.name) or test.description, message=message,
                    hidden=test_file in hidden_files,
                    hint=_hint_for(exercise, test.task)))

    if payload.get("tampered"):
        result.status = Status.ERROR
        result.message = _("The check cannot be trusted: your code replaced part of Python or of the test "
                           "framework ({names}). Remove that code and check again.").format(
            names=", ".join(payload["tampered"][:3]))
        for test in result.tests:
            if test.passed:
                test.outcome = Outcome.ERROR
                test.message = _("Not counted: the test framework was changed by the code under test.")
    elif payload.get("session_error"):
        result.status = Status.ERROR
        result.message = _("The tests could not finish: {error}").format(error=payload["session_error"])
    elif errors and not ran:
        result.status = Status.ERROR
        if missing_names:
            result.message = _("The tests could not be loaded: your notebook does not define {names}. Does "
                               "the notebook define every function the exercise asks for, with the names "
                               "given?").format(names=", ".join(missing_names))
        else:
            result.message = _("The tests could not be loaded. Does the notebook define every function the "
                               "exercise asks for, with the names given?")
            result.detail = "\n".join(error["message"] for error in errors if error.get("message"))
    elif result.tests and all(test.passed for test in result.tests) and not errors:
        result.status = Status.PASSED
    else:
        result.status = Status.FAILED
    return result


def check_notebook(exercise: Exercise, notebook: Path, hidden_tests: list[Path] | None = None,
                   limits: Limits | None = None, debug: bool = False, child: Child | None = None) -> CheckResult:
    """Check ``notebook`` against the exercise's visible tests (and ``hidden_tests``) in a child process.

    ``child``: a :class:`Child` started earlier to save time; it is used or discarded.
    """
    started = time.perf_counter()
    limits = limits or Limits()
    hidden_tests = hidden_tests or []
    try:
        result = _check(exercise, Path(notebook), hidden_tests, limits, debug, child)
    finally:
        if child is not None and child.process.poll() is None and not child.process.stdin.closed:
            child.discard()
    result.duration = round(time.perf_counter() - started, 3)
    return result


@dataclass
class PreparedCheck:
    """A notebook made ready to check: its module, the files of the work folder and the child's job."""

    exercise: Exercise
    notebook: str
    module: ModuleSource
    files: dict[str, Path]
    expected: dict[str, list]
    hidden_names: set[str]
    job: CheckJob


def prepare_check(exercise: Exercise, notebook: Path, hidden_tests: list[Path],
                  data: bytes | None = None) -> PreparedCheck | CheckResult:
    """Read the notebook (or its bytes ``data``) and plan the child's job; a :class:`CheckResult`
    instead when the notebook cannot be checked at all (invalid, or Python cannot parse it)."""
    titles = {task.number: task.title for task in exercise.tasks}
    try:
        parsed = parse_notebook(data) if data is not None else read_notebook(notebook)
        module = to_module(parsed)
    except NotebookError as error:
        return CheckResult(exercise=exercise.name, notebook=str(notebook), status=Status.INVALID_NOTEBOOK,
                           message=str(error), task_titles=titles)
    language = kernel_language(parsed)
    if language and language != "python":
        return CheckResult(exercise=exercise.name, notebook=str(notebook), status=Status.INVALID_NOTEBOOK,
                           message=_("This notebook runs the {language} kernel, but the exercise is in Python. In "
                                     "JupyterLab choose Kernel ▸ Change Kernel… ▸ Python 3, write the code in "
                                     "Python and check again.").format(language=language.capitalize()),
                           task_titles=titles)
    syntax = _syntax_error(module)
    if syntax is not None:
        text, location = syntax
        return CheckResult(exercise=exercise.name, notebook=str(notebook), status=Status.ERROR,
                           message=_("Python cannot read your code{where}: {error}").format(
                               where=_at(location), error=text), task_titles=titles)

    files: dict[str, Path] = {exercise.visible_tests_name: exercise.visible_tests}
    for path in hidden_tests:
        files[path.name] = path
    for data_file in exercise.data_paths:
        files[data_file.name] = data_file
    test_names = [exercise.visible_tests_name] + [path.name for path in hidden_tests]
    hidden_names = {path.name for path in hidden_tests}
    expected = {name: expected_tests(files[name]) for name in test_names}
    # While grading, the originals of the hidden tests and the solution next to them stay unreadable.
    deny_read = sorted({str(exercise.folder)} | {str(path.parent) for path in hidden_tests}) if hidden_tests else []
    job = CheckJob(module=exercise.module, tests=tuple(test_names), hidden=tuple(sorted(hidden_names)),
                   network=exercise.network, logging=any(uses_caplog(files[name]) for name in test_names),
                   deny_read=tuple(deny_read))
    return PreparedCheck(exercise, str(notebook), module, files, expected, hidden_names, job)


def outcome_result(prepared: PreparedCheck, outcome, limits: Limits) -> CheckResult:
    """The :class:`CheckResult` for what came back from the child (a :class:`ChildOutcome`)."""
    exercise = prepared.exercise
    if outcome.payload is not None and not outcome.over_disk:  # a stopped check's last words do not count
        return build_result(exercise, prepared.notebook, outcome.payload, prepared.module, prepared.expected,
                            prepared.hidden_names)
    titles = {task.number: task.title for task in exercise.tasks}
    result = CheckResult(exercise=exercise.name, notebook=prepared.notebook, status=Status.ERROR,
                         task_titles=titles)
    if outcome.over_disk:
        result.status = Status.RESOURCE_LIMIT
        result.message = _("Your code wrote more than {mb} MB of files and was stopped. Does a loop write "
                           "files without end?").format(mb=limits.disk_mb)
    elif outcome.timed_out:
        result.status = Status.TIMEOUT
        result.message = _("Your code ran for more than {seconds:g} seconds and was stopped. Look for a loop "
                           "that never ends, or a function that waits for input.").format(seconds=limits.timeout)
    elif outcome.returncode in (-SIGXCPU, -9) or outcome.returncode == 128 + SIGXCPU:
        result.status = Status.RESOURCE_LIMIT
        result.message = _("Your code used more computer time or memory than the checker allows, and was "
                           "stopped.")
    elif outcome.forged:
        result.message = _("Your code printed something that imitates the checker's result. That is not "
                           "counted; remove it and check again.")
    else:
        result.message = _("The checker stopped before it could report (exit code {code}). Does your code "
                           "call os._exit() or end the program in another way?").format(code=outcome.returncode)
    return result


def _check(exercise: Exercise, notebook: Path, hidden_tests: list[Path], limits: Limits, debug: bool,
           child: Child | None) -> CheckResult:
    prepared = prepare_check(exercise, notebook, hidden_tests)
    if isinstance(prepared, CheckResult):
        return prepared
    workdir = prepare_workdir(exercise.module, prepared.module.source, prepared.files)
    try:
        outcome = run_child(prepared.job, workdir, limits, debug=debug, child=child)
    finally:
        remove_workdir(workdir)
    return outcome_result(prepared, outcome, limits)
