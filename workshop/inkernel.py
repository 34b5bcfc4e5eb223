"""``check()`` in the notebook: run the exercise's tests against what the learner has run.

It runs pytest inside the learner's own kernel (DESIGN.md contract 4), on a module made from the
kernel's namespace, with the same plugin and the same result building as ``workshop check`` —
so the same code gets the same verdict. It returns a result that JupyterLab shows as HTML.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
import types
from pathlib import Path

from workshop.exercise import METADATA_FILE, Exercise, ExerciseError, load_exercise
from workshop.i18n import _
from workshop.runner.result import CheckResult, Status

_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit"}


class NotebookCheck:
    """What ``check()`` returns: shown as HTML in JupyterLab, as text elsewhere."""

    def __init__(self, result: CheckResult, exercise: Exercise):
        self.result = result
        self.exercise = exercise

    @property
    def passed(self) -> bool:
        return self.result.passed

    def _repr_html_(self) -> str:
        from workshop.views.html import result_html

        return result_html(self.result, self.exercise.title, f"{self.exercise.number:02d}")

    def __repr__(self) -> str:
        result = self.result
        lines = [_("{name}: {status} ({earned}/{possible} points)").format(
            name=self.exercise.name, status=_status_label(result.status), earned=f"{result.earned:g}",
            possible=f"{result.possible:g}")]
        if result.message:
            lines.append(result.message)
        for test in result.tests:
            if not test.passed:
                lines.append(f"  ✘ {test.description or test.name}: {test.message.splitlines()[0] if test.message else ''}")
        return "\n".join(lines)


def _status_label(status) -> str:
    from workshop.views.terminal import status_label

    return status_label(status)


def _find_exercise(query: str | None) -> Exercise:
    if query:
        from workshop.project import find_workspace

        return find_workspace().exercise(query)
    session = os.environ.get("JPY_SESSION_NAME")
    candidates = [Path.cwd()]
    if session:
        candidates.insert(0, Path(session).parent)
    for folder in candidates:
        if (folder / METADATA_FILE).is_file():
            return load_exercise(folder)
    raise ExerciseError(_("check() could not tell which exercise this is. Open the notebook from its exercise "
                          "folder, or name it: check(\"01\")."))


def _user_namespace() -> dict:
    try:
        from IPython import get_ipython
    except ImportError:
        shell = None
    else:
        shell = get_ipython()
    if shell is not None:
        return shell.user_ns
    return vars(sys.modules["__main__"])


def module_from_namespace(name: str, namespace: dict) -> types.ModuleType:
    """A module called ``name`` holding the learner's definitions (not IPython's own names)."""
    module = types.ModuleType(name, _("Made by workshop.check() from the notebook's kernel."))
    for key, value in namespace.items():
        if key.startswith("_") or key in _IPYTHON_NAMES:
            continue
        setattr(module, key, value)
    return module


def run_in_process(exercise: Exercise, module: types.ModuleType) -> CheckResult:
    """Run the exercise's visible tests in this process against ``module``."""
    import pytest

    from workshop.runner.pipeline import build_result, expected_tests
    from workshop.runner.plugin import ResultCollector, pytest_args

    started = time.perf_counter()
    tests = exercise.visible_tests
    test_module = tests.stem
    saved_module = sys.modules.get(exercise.module)
    saved_env = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    saved_cwd = os.getcwd()
    collector = ResultCollector(None, set())
    with tempfile.TemporaryDirectory(prefix="workshop-kernel-check-") as scratch:
        ini = Path(scratch) / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")
        args = pytest_args([str(tests)], str(Path(scratch) / "tmp"), str(ini), str(exercise.folder))
        args += ["--capture=sys"]
        sys.modules[exercise.module] = module
        sys.modules.pop(test_module, None)
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        dont_write = sys.dont_write_bytecode
        sys.dont_write_bytecode = True
        try:
            os.chdir(exercise.folder)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                pytest.main(args, plugins=[collector])
        finally:
            os.chdir(saved_cwd)
            sys.dont_write_bytecode = dont_write
            sys.modules.pop(test_module, None)
            if saved_module is not None:
                sys.modules[exercise.module] = saved_module
            else:
                sys.modules.pop(exercise.module, None)
            if saved_env is None:
                os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
            else:
                os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved_env
    expected = {tests.name: expected_tests(tests)}
    result = build_result(exercise, str(exercise.notebook), collector.payload(), None, expected, set())
    result.duration = round(time.perf_counter() - started, 3)
    return result


def check(exercise: str | None = None, lang: str | None = None) -> NotebookCheck | None:
    """Check the code you have run in this notebook against the exercise's tests.

    Put ``from workshop import check; check()`` in the last cell. ``exercise`` names the exercise
    ("01", "passphrase") when the notebook is not in its exercise folder. ``lang`` ("ko" or "en")
    chooses the language for this kernel; without it the usual choice holds (``WORKSHOP_LANG``, the
    workspace, ``session.toml``, the system).
    """
    if lang is not None:
        from workshop.i18n import set_language

        try:
            set_language(lang)
        except ValueError as error:
            print(error)
            return None
    try:
        found = _find_exercise(exercise)
    except ExerciseError as error:
        print(error)
        return None
    module = module_from_namespace(found.module, _user_namespace())
    result = run_in_process(found, module)
    _remember(found, result)
    return NotebookCheck(result, found)


def _remember(exercise: Exercise, result: CheckResult) -> None:
    """Record progress and tell the room board, when there is a workspace; never fail the check."""
    from workshop.project import Workspace

    root = exercise.folder.parent.parent
    if not (root / "exercises").is_dir():
        return
    workspace = Workspace(root)
    from workshop.learner import report_to_board, save_result

    try:
        save_result(workspace, result)
    except Exception:  # noqa: BLE001 - progress is a convenience; the check result stands
        pass
    report_to_board(workspace, result)  # never raises


__all__ = ["check", "NotebookCheck", "Status"]
