"""``check()`` in the notebook: run the exercise's tests against what the learner has run.

It runs pytest inside the learner's own kernel (contract 4 in docs/architecture.md), on a module made from the
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

from workshop.core.exercise import Exercise, ExerciseError
from workshop.util.i18n import _
from workshop.engine.result import CheckResult, Status

_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit"}


class NotebookCheck:
    """What ``check()`` returns: shown as HTML in JupyterLab, as text elsewhere."""

    def __init__(self, result: CheckResult, exercise: Exercise, hidden: int = 0, next_exercise: str = ""):
        self.result = result
        self.exercise = exercise
        self.hidden = hidden
        self.next_exercise = next_exercise

    @property
    def passed(self) -> bool:
        return self.result.passed

    def _repr_html_(self) -> str:
        from workshop.ui.views.html import result_html

        return result_html(self.result, self.exercise.title, f"{self.exercise.number:02d}", hidden=self.hidden,
                           next_exercise=self.next_exercise, in_kernel=True)

    def __repr__(self) -> str:
        from workshop.ui.feedback import graded_note, location_text, next_step, plain_message, record_title, status_word

        result = self.result
        lines = [_("{name}: {status} ({earned}/{possible} points)").format(
            name=self.exercise.name, status=status_word(result.status), earned=f"{result.earned:g}",
            possible=f"{result.possible:g}")]
        if result.message:
            lines.append(result.message)
        for test in result.tests:
            if not test.passed and result.status is Status.FAILED:
                where = location_text(test.location, in_kernel=True)
                lines.append(f"  ✘ {record_title(test)}: {plain_message(test)}" + (f" ({where})" if where else ""))
        note = graded_note(result, self.hidden)
        if note:
            lines.append(note)
        lines.append(next_step(result, f"{self.exercise.number:02d}", in_notebook=True, next_exercise=self.next_exercise))
        return "\n".join(lines)


def _find_exercise(query: str | None) -> Exercise:
    if query:
        from workshop.core.workspace import find_workspace

        return find_workspace().exercise(query)
    from workshop.core.workspace import exercise_in

    session = os.environ.get("JPY_SESSION_NAME")
    here = exercise_in(([Path(session).parent] if session else []) + [Path.cwd()])
    if here is not None:
        return here
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


def _kernel_cells() -> dict[str, int]:
    """File name IPython compiled each cell under → the execution number JupyterLab shows ([5])."""
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    names = getattr(getattr(shell, "compile", None), "_filename_map", None)
    return dict(names) if isinstance(names, dict) else {}


def _kernel_locations(records: list[dict], failures: dict[str, tuple[int, int]], result: CheckResult) -> None:
    for record, test in zip(records, result.tests):
        if record["nodeid"] in failures and test.location is None:
            test.location = failures[record["nodeid"]]


class _KernelCollector:
    """Wraps the plugin's collector: also notes, per failing test, the deepest frame of a notebook cell."""

    def __init__(self, collector, cells: dict[str, int]):
        self.collector, self.cells, self.failures = collector, cells, {}

    def pytest_runtest_makereport(self, item, call):
        if call.excinfo is None or not self.cells:
            return
        tb, found = call.excinfo.tb, None
        while tb is not None:
            number = self.cells.get(tb.tb_frame.f_code.co_filename)
            if number is not None:
                found = (number, tb.tb_lineno)
            tb = tb.tb_next
        if found is not None and item.nodeid not in self.failures:
            self.failures[item.nodeid] = found


class _NoInput(EOFError):
    """input() called by the code under check."""


def _no_input(*_args, **_kwargs):
    from workshop.ui.feedback import input_message

    raise _NoInput(input_message())


def missing_functions(exercise: Exercise, namespace: dict) -> list[str]:
    """The functions the exercise's tasks ask for that this kernel has not defined (yet)."""
    wanted = [name for task in exercise.tasks for name in task.functions]
    return [name for name in wanted if not callable(namespace.get(name))]


def not_run_result(exercise: Exercise, missing: list[str]) -> CheckResult:
    """The result for a kernel that has not run the notebook's cells (a restart forgets them)."""
    titles = {task.number: task.title for task in exercise.tasks}
    wanted = [name for task in exercise.tasks for name in task.functions]
    if len(missing) == len(wanted):
        message = _("This kernel has not run the notebook's cells yet (a kernel restart forgets everything). Run "
                    "the cells above first: Run ▸ Run All Cells. Then this cell runs the check.")
    else:
        message = _("This kernel does not know {names} yet: run the cells above first (Run ▸ Run All Cells), then "
                    "this cell again.").format(names=", ".join(missing))
    return CheckResult(exercise=exercise.name, notebook=str(exercise.notebook), status=Status.ERROR, message=message,
                       task_titles=titles,
                       stretch_tasks=exercise.stretch_numbers)


#: How long ``check()`` lets the learner's code run in the kernel before it stops the check.
KERNEL_CHECK_SECONDS = 20.0


def run_in_process(exercise: Exercise, module: types.ModuleType, budget: float | None = None) -> CheckResult:
    """Run the exercise's visible tests in this process against ``module``.

    Learner code that runs past ``budget`` seconds (default :data:`KERNEL_CHECK_SECONDS`) is
    stopped; the kernel keeps its state."""
    import pytest

    from workshop.engine.budget import CheckTimeLimit, time_budget
    from workshop.engine.pipeline import build_result
    from workshop.engine.plugin import ResultCollector, pytest_args
    from workshop.core.testspec import expected_tests

    budget = KERNEL_CHECK_SECONDS if budget is None else budget
    started = time.perf_counter()
    tests = exercise.visible_tests
    test_module = tests.stem
    saved_module = sys.modules.get(exercise.module)
    saved_env = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    saved_cwd = os.getcwd()
    collector = ResultCollector(None, set())
    watcher = _KernelCollector(collector, _kernel_cells())
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
        import builtins

        saved_input = builtins.input
        builtins.input = _no_input
        try:
            os.chdir(exercise.folder)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                    time_budget(budget, not_learner=(str(exercise.folder),)) as spent:
                try:
                    pytest.main(args, plugins=[collector, watcher, spent])
                except CheckTimeLimit:
                    pass  # stopped outside a test (a fixture of the learner's): reported as a timeout below
        finally:
            builtins.input = saved_input
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
    payload = collector.payload()
    result = build_result(exercise, str(exercise.notebook), payload, None, expected, set())
    _kernel_locations(payload["tests"], watcher.failures, result)
    result.duration = round(time.perf_counter() - started, 3)
    if spent.exceeded:
        result.status = Status.TIMEOUT
        result.message = _("Your code was still running after {seconds:g} seconds, so the check stopped it. Look for "
                           "a loop that never ends. Your notebook's variables are kept.").format(seconds=budget)
    return result


def check(exercise: str | None = None, lang: str | None = None) -> NotebookCheck | None:
    """Check the code you have run in this notebook against the exercise's tests.

    Put ``from workshop import check; check()`` in the last cell. ``exercise`` names the exercise
    ("01", "passphrase") when the notebook is not in its exercise folder. ``lang`` ("ko" or "en")
    chooses the language for this kernel; without it the usual choice holds (``WORKSHOP_LANG``, the
    workspace, ``session.toml``, the system).
    """
    if lang is not None:
        from workshop.util.i18n import set_language

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
    if sys.platform == "emscripten" and found.network:
        print(_("This exercise cannot be checked in the browser: its tests start a web server and make real "
                "network requests. Check it with `workshop check {number:02d}` on a laptop, or on the room's "
                "JupyterHub.").format(number=found.number))
        return None
    if sys.platform == "emscripten" and found.checks_tests:
        print(_("This exercise cannot be checked in the browser: its check runs your tests against the AI's "
                "versions in separate checker processes. Check it with `workshop check {number:02d}` on a laptop, "
                "or on the room's JupyterHub.").format(number=found.number))
        return None
    if found.checks_tests:
        # Check the AI: the learner's tests run against versions the kernel must not hold (hidden
        # wrong versions, where they are at hand), so they run as `workshop check` runs them, on the
        # saved notebook in the sandboxed child (workshop.engine.checkai).
        from workshop.engine.pipeline import check_notebook

        print(_("Checking the notebook as last saved (save it first: Ctrl+S) …"))
        result = check_notebook(found, found.notebook)
    else:
        namespace = _user_namespace()
        missing = missing_functions(found, namespace)
        if missing:
            return NotebookCheck(not_run_result(found, missing), found)
        module = module_from_namespace(found.module, namespace)
        result = run_in_process(found, module)
    _remember(found, result)
    from workshop.ui.feedback import hidden_count

    hidden = hidden_count(found) if result.passed else 0
    return NotebookCheck(result, found, hidden=hidden, next_exercise=_next_exercise(found) if result.passed else "")


def _next_exercise(exercise: Exercise) -> str:
    """'10 · Censorship measurement summariser' for the exercise after this one in the recommended order
    (:mod:`workshop.core.curriculum`) among those in its folder, or ''."""
    from workshop.core.curriculum import ordered
    from workshop.core.exercise import discover

    try:
        ramp = ordered(discover(exercise.folder.parent))
        later = ramp[[other.name for other in ramp].index(exercise.name) + 1:]
    except Exception:  # noqa: BLE001 - a convenience: never fail the check over it
        return ""
    return f"{later[0].number:02d} · {later[0].title}" if later else ""


_HINT_LEVELS: dict[tuple[str, int], int] = {}


def hint(exercise: str | None = None, task: int | None = None):
    """The next hint, in the notebook: for the first task whose tests do not pass (or ``task``).

    Each call gives a more detailed hint (three levels), as ``workshop hint`` does; after the
    last one it says where to turn next.
    """
    from workshop.ui.views.html import hint_html

    try:
        found = _find_exercise(exercise)
    except ExerciseError as error:
        print(error)
        return None
    if task is None:
        namespace = _user_namespace()
        if found.checks_tests:  # check the AI: the saved notebook, as check() does
            from workshop.engine.pipeline import check_notebook

            task = check_notebook(found, found.notebook).first_failing_task() or found.tasks[-1].number
        elif missing_functions(found, namespace):
            task = found.tasks[0].number if found.tasks else 1
        else:
            task = run_in_process(found, module_from_namespace(found.module, namespace)).first_failing_task()
            task = task if task is not None else (found.tasks[-1].number if found.tasks else 1)
    chosen = found.task(task)
    if chosen is None or not chosen.hints:
        print(_("Exercise {name} has no task {n}. Its tasks are numbered 1 to {last}.").format(
            name=found.name, n=task, last=len(found.tasks)))
        return None
    level = _record_hint(found, task, len(chosen.hints))
    return HintView(hint_html(f"{found.number:02d}", task, chosen.title, level, len(chosen.hints),
                              chosen.hints[level - 1]), chosen.hints[level - 1])


def _record_hint(exercise: Exercise, task: int, total: int) -> int:
    """The hint level to show now: from the workspace's progress file when there is one."""
    root = exercise.folder.parent.parent
    if (root / "exercises").is_dir():
        from workshop.core.progress import Progress
        from workshop.core.workspace import Workspace

        progress = Progress.load(Workspace(root).progress_file)
        level = progress.record_hint(exercise.name, task, total)
        try:
            progress.save()
        except OSError:
            pass
        return level
    key = (exercise.name, task)
    _HINT_LEVELS[key] = min(total, _HINT_LEVELS.get(key, 0) + 1)
    return _HINT_LEVELS[key]


def walkthrough(exercise: str | None = None, bundle: str | None = None):
    """The solution walkthrough, in the notebook: for learning on your own, after a real attempt.

    Shown only once a check of this exercise passed at least one test; ``bundle`` names a
    self-learner bundle's folder (laid out like the project's ``solutions/``). Workshop packs never
    include it: in a session, raise your hand instead.
    """
    from workshop.core.progress import Progress
    from workshop.core.workspace import Workspace
    from workshop.services.walkthrough import walkthrough as make

    try:
        found = _find_exercise(exercise)
        root = found.folder.parent.parent
        record = Progress.load(Workspace(root).progress_file).get(found.name)
        return MarkdownView(make(root, found, record, Path(bundle) if bundle else None))
    except ExerciseError as error:
        print(error)
        return None


class MarkdownView:
    """Markdown in JupyterLab, the plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class HintView:
    """What ``hint()`` and ``my_progress()`` return: HTML in JupyterLab, plain text elsewhere."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def my_progress():
    """Your progress, in the notebook: each exercise's standing and points, and the hints you used.

    The same table as ``workshop progress`` (in the browser, where there is no terminal, this is
    the way to see it). Progress is kept in the workspace's ``.workshop/progress.json``.
    """
    from workshop.services.learner import list_rows
    from workshop.core.progress import Progress
    from workshop.core.workspace import find_workspace
    from workshop.ui.views.html import progress_html

    try:
        workspace = find_workspace()
    except ExerciseError as error:
        print(error)
        return None
    progress = Progress.load(workspace.progress_file)
    rows = list_rows(workspace, progress)
    hints = sum(sum(progress.get(row["name"]).hints_shown.values()) for row in rows)
    from workshop.core.status import look

    lines = [f"{row['number']}  {row['title']}  {look(row['status']).label}  {row['points']}" for row in rows]
    lines.append(_("Hints used: {n}. Progress is kept in {path}.").format(n=hints, path=workspace.progress_file))
    return HintView(progress_html(rows, hints, str(workspace.progress_file)), "\n".join(lines))


def join(link: str, name: str) -> None:
    """Join the room board from the notebook, as ``workshop join LINK --name NAME`` does in a terminal.

    ``link`` is the join link the facilitator shows; ``name`` your name or a nickname. From then
    on each ``check()`` tells the board the exercise, the result, the points and the time. In the
    browser site the board is reached through the site's own server (``workshop lite --serve --board``).
    """
    from workshop.board import client as board_client
    from workshop.util.browser import board_base, in_browser
    from workshop.core.workspace import find_workspace

    try:
        workspace = find_workspace()
        config = board_client.join(workspace, link, str(name), via=board_base() if in_browser() else None)
    except (ExerciseError, board_client.BoardError) as error:
        print(error)
        return None
    where = f" · {config.title}" if config.title else ""
    print(_("Joined the room board{where} as {name} (#{n}).").format(where=where, name=config.name, n=config.participant))
    print(_("Each check() now tells the facilitator the exercise, the result, the points and the time — never your "
            "code or its output."))
    return None


def _remember(exercise: Exercise, result: CheckResult) -> None:
    """Record progress and tell the room board, when there is a workspace; never fail the check."""
    from workshop.core.workspace import Workspace

    root = exercise.folder.parent.parent
    if not (root / "exercises").is_dir():
        return
    workspace = Workspace(root)
    from workshop.services.learner import report_to_board, save_result

    try:
        save_result(workspace, result)
    except Exception:  # noqa: BLE001 - progress is a convenience; the check result stands
        pass
    report_to_board(workspace, result)  # never raises


__all__ = ["check", "hint", "join", "my_progress", "walkthrough", "NotebookCheck", "Status"]
