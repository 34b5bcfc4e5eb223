"""Participant commands: ``list``, ``check``, ``hint``, ``progress``."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import click

from workshop.cli.common import (EXIT_NOT_PASSED, LibraryDefault, error_guard, fail, library_default, root_option,
                                 workspace_or_fail)
from workshop.util.i18n import _, ngettext
from workshop.core.status import MOVED_ON, Standing


def _preload_result_views() -> threading.Thread:
    # Import what shows the result while the child process runs the tests: the two overlap on
    # different cores, and what is left after the result comes is only the drawing.
    def load():
        import rich._emoji_replace  # noqa: F401 - markup with emoji codes, first needed by the title
        import rich.console  # noqa: F401
        import rich.panel  # noqa: F401
        import rich.table  # noqa: F401

        import workshop.board.client  # noqa: F401 - the board report that follows the result
        import workshop.ui.feedback  # noqa: F401
        import workshop.ui.views.terminal  # noqa: F401

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    return thread


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@root_option
@error_guard
def list_command(as_json: bool, root: Path | None):
    """List the exercises in order, with your status and points."""
    from workshop.services.learner import list_rows

    workspace = workspace_or_fail(root)
    rows = list_rows(workspace)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from workshop.ui.views.terminal import make_console, render_list

    console = make_console()
    console.print(render_list(rows))
    upcoming = next((row for row in rows if row["status"] not in MOVED_ON), None)
    if upcoming is None:
        everything = all(row["status"] != Standing.CORE_DONE for row in rows)
        console.print((_("Every exercise passes. Well done!") if everything else
                       _("The core of every exercise is done. Well done! The stretch tasks are there when you "
                         "want more.")) if rows else "", style="dim")
    elif upcoming is rows[0] and upcoming["status"] != "working":
        console.print(_("Start with: workshop check {n}").format(n=upcoming["number"]), style="dim")
    else:
        console.print(_("Next: exercise {n} · {title} (workshop check {n})").format(
            n=upcoming["number"], title=upcoming["title"]), style="dim")


def _print_result(result, exercise, as_json: bool, warning: str = "", verbose: bool = False) -> None:
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    from workshop.ui.feedback import hidden_count
    from workshop.ui.views.terminal import make_console, render_result

    console = make_console()
    hidden = hidden_count(exercise) if result.passed else 0
    console.print(render_result(result, exercise.title, f"{exercise.number:02d}", hidden=hidden, verbose=verbose))
    if warning:
        console.print(warning, style="dim")


def _limits(timeout: float):
    from workshop.engine.sandbox import Limits

    return Limits(timeout=timeout)


@click.command("check")
@click.argument("exercise", required=False)
@click.option("--notebook", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Check this notebook instead of the exercise's own.")
@click.option("--watch", is_flag=True, help="Check again every time the notebook is saved.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), cls=LibraryDefault,
              default=library_default("workshop.engine.sandbox", "Limits.timeout"),
              show_default=True, help="Seconds before a check is stopped.")
@click.option("--verbose", "-v", is_flag=True, help="Show pytest's own words under each failure too.")
@root_option
@error_guard
def check_command(exercise: str | None, notebook: Path | None, watch: bool, as_json: bool, timeout: float,
                  verbose: bool, root: Path | None):
    """Check your notebook against the exercise's tests.

    EXERCISE is a number (01), a name (passphrase) or a notebook path; by default the exercise
    you are working on. Exit code 0 only when every test passes.
    """
    from workshop.engine.sandbox import take_early_child

    # Start the checker now: Python and pytest load while we find the exercise and read the notebook.
    child = None if watch else take_early_child()
    try:
        _check(exercise, notebook, watch, as_json, timeout, root, child, verbose)
    finally:
        if child is not None and child.process.poll() is None:
            child.discard()


def _check(exercise, notebook, watch, as_json, timeout, root, child, verbose=False) -> None:
    from workshop.services.learner import report_to_board, resolve, run_check, save_result

    workspace = workspace_or_fail(root)
    found, path = resolve(workspace, exercise)
    if notebook is not None:
        path = notebook
    if not path.exists():
        fail(_("There is no notebook at {path}. Open the exercise in JupyterLab first, or give the path "
               "with --notebook.").format(path=path))
    if watch:
        _watch(workspace, found, path, as_json, timeout)
        return
    warm = None if as_json else _preload_result_views()
    result = run_check(workspace, found, path, limits=_limits(timeout), record=False, child=child)
    warning = save_result(workspace, result)
    if warm is not None:
        warm.join()
    _print_result(result, found, as_json, warning, verbose)
    report_to_board(workspace, result)
    raise SystemExit(0 if result.passed else EXIT_NOT_PASSED)


def _watch(workspace, exercise, path: Path, as_json: bool, timeout: float) -> None:
    from workshop.services.learner import report_to_board, run_check
    from workshop.ui.views.terminal import make_console

    console = make_console()
    console.print(_("Watching {path}: save the notebook to check it. Ctrl+C to stop.").format(path=path),
                  style="dim")
    last = None
    while True:
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = None
        if stamp != last and stamp is not None:
            last = stamp
            console.print(_("checking…"), style="dim")
            result = run_check(workspace, exercise, path, limits=_limits(timeout))
            _print_result(result, exercise, as_json)
            report_to_board(workspace, result)
        time.sleep(0.3)


@click.command("hint")
@click.argument("exercise", required=False)
@click.option("--task", type=int, default=None, help="The task number (default: the first one not passing).")
@click.option("--notebook", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this notebook to find the failing task.")
@click.option("--ai", "use_ai", is_flag=True, help="After the hint, ask the AI tutor too (see `workshop tutor`).")
@root_option
@error_guard
def hint_command(exercise: str | None, task: int | None, notebook: Path | None, use_ai: bool, root: Path | None):
    """Show the next hint for the first task that does not pass yet.

    Each time you ask, the hint for that task gets more detailed (three levels). With --ai, the
    AI tutor then looks at your code and the failing tests (it never gives the answer).
    """
    from workshop.services.learner import next_hint, resolve

    workspace = workspace_or_fail(root)
    found, path = resolve(workspace, exercise)
    hint = next_hint(workspace, found, notebook or path, task)
    from workshop.ui.views.terminal import make_console, render_hint

    console = make_console()
    if hint.all_passed:
        console.print(_("Every test passes already. Here is the last task's hint anyway:"), style="blue")
    task_title = found.task(hint.task).title
    console.print(render_hint(f"{found.number:02d}", hint.task, task_title, hint.level, hint.total, hint.text))
    if use_ai and not hint.all_passed:
        from workshop.cli.ai import tutor_after_hint

        raise SystemExit(tutor_after_hint(workspace, found, notebook or path, hint.task))


@click.command("walkthrough")
@click.argument("exercise", required=False)
@click.option("--from", "bundle", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A self-learner bundle: a folder laid out like the project's solutions/.")
@root_option
@error_guard
def walkthrough_command(exercise: str | None, bundle: Path | None, root: Path | None):
    """Show the solution walkthrough of an exercise, task by task, with why it is written so.

    For learning on your own, after a real attempt (a check in which at least one test passed).
    Workshop packs never include it; in a session, raise your hand instead (`workshop help-me`).
    """
    from rich.markdown import Markdown

    from workshop.services.learner import resolve
    from workshop.core.progress import Progress
    from workshop.ui.views.terminal import make_console
    from workshop.services.walkthrough import walkthrough

    workspace = workspace_or_fail(root)
    progress = Progress.load(workspace.progress_file)
    found, _path = resolve(workspace, exercise, progress)
    text = walkthrough(workspace.root, found, progress.get(found.name), bundle)
    make_console().print(Markdown(text))


@click.command("progress")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@root_option
@error_guard
def progress_command(as_json: bool, root: Path | None):
    """Show your progress: exercises passed, points, attempts and hints used."""
    from workshop.services.learner import list_rows
    from workshop.core.progress import Progress

    workspace = workspace_or_fail(root)
    progress = Progress.load(workspace.progress_file)
    rows = list_rows(workspace, progress)
    if as_json:
        data = {"exercises": rows, "file": str(workspace.progress_file)}
        for row in data["exercises"]:
            row["hints_shown"] = progress.get(row["name"]).hints_shown
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.text import Text

    from workshop.ui.views.terminal import make_console, render_list

    console = make_console()
    if progress.warning:
        console.print(progress.warning, style="yellow")
    passed = sum(row["status"] in (Standing.PASSED, Standing.PASSED_BEFORE) for row in rows)
    core = sum(row["status"] == Standing.CORE_DONE for row in rows)
    console.print(render_list(rows))
    console.print(Text(_("{passed} of {total} exercises passed.").format(passed=passed, total=len(rows)),
                       style="bold"))
    if core:
        console.print(ngettext("{n} more with its core done (stretch tasks are optional).",
                               "{n} more with their core done (stretch tasks are optional).", core).format(n=core),
                      style="bold")
    hints = sum(sum(progress.get(row["name"]).hints_shown.values()) for row in rows)
    console.print(_("Hints used: {n}. Progress is kept in {path}.").format(n=hints, path=workspace.progress_file),
                  style="dim")
