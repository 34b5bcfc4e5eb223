"""Facilitator command: ``workshop grade``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from workshop.cli.common import LibraryDefault, error_guard, fail, library_default, root_option, workspace_or_fail
from workshop.util.i18n import _

_LIMITS = "workshop.engine.sandbox"


def _progress_printer(as_json: bool):
    """A Rich progress bar with ETA (or nothing for --json); returns (callback, finish)."""
    if as_json:
        return (lambda _event, _data: None), (lambda: None)
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    from workshop.ui.views.terminal import make_console

    console = make_console()
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("·"), TimeRemainingColumn(), console=console,
                        transient=False)
    state: dict = {}

    def callback(event: str, data: dict) -> None:
        if event == "start":
            for warning in data["warnings"]:
                console.print(warning, style="yellow")
            if data["cached"]:
                console.print(_("{n} results unchanged since the last run (from the cache).").format(
                    n=data["cached"]), style="dim")
            progress.start()
            state["task"] = progress.add_task(_("grading"), total=max(data["to_check"], 0))
        elif event == "advance" and "task" in state:
            progress.advance(state["task"])

    def finish() -> None:
        progress.stop()

    return callback, finish


def _session_exercises(workspace, exercises: tuple[str, ...], session_file: Path | None, quiet: bool) -> tuple[str, ...]:
    """The exercises to grade: --exercises, else the session file's, else session.toml's in the workspace."""
    if exercises:
        if session_file is not None:
            fail(_("Use --exercises or --session, not both."))
        return exercises
    if session_file is None:
        default = workspace.root / "session.toml"
        if not default.is_file():
            return ()
        session_file = default
    from workshop.slides import SlidesError
    from workshop.core.session import load_session

    if not session_file.is_file():
        fail(_("There is no session file at {path}.").format(path=session_file))
    try:
        session = load_session(session_file)
    except SlidesError as error:
        fail(str(error))
    chosen = tuple(str(query) for query in session.exercises)
    if not quiet:
        click.echo(_("Grading the exercises of {path}: {names} (--exercises to choose others).").format(
            path=session_file, names=", ".join(chosen)), err=True)
    return chosen


@click.command("grade")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("grades"), show_default=True,
              help="Where the gradebook, feedback pages and report go (and the cache of results).")
@click.option("--exercises", "exercises", multiple=True,
              help="Only these exercises (numbers or names; repeat, or separate with commas).")
@click.option("--session", "session_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Only the exercises of this session file (default: session.toml in the workspace, if any).")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Checks at once (default: three per core).")
@click.option("--timeout", type=float, cls=LibraryDefault, default=library_default(_LIMITS, "Limits.timeout"),
              show_default=True, help="Seconds per check.")
@click.option("--memory-mb", type=int, cls=LibraryDefault, default=library_default(_LIMITS, "Limits.memory_mb"),
              show_default=True, help="Memory per check (POSIX).")
@click.option("--cpu-seconds", type=int, default=None, help="CPU time per check (POSIX; default: timeout + 2).")
@click.option("--file-mb", type=int, cls=LibraryDefault, default=library_default(_LIMITS, "Limits.file_mb"),
              show_default=True, help="Largest file a check may write (POSIX).")
@click.option("--disk-mb", type=int, cls=LibraryDefault, default=library_default(_LIMITS, "Limits.disk_mb"),
              show_default=True, help="Most a check may write in all; stopped when its folder grows past it.")
@click.option("--processes", type=int, default=None,
              help="RLIMIT_NPROC per check (POSIX; counts all your processes; starting processes is refused anyway).")
@click.option("--no-cache", is_flag=True, help="Check everything again, ignoring results kept from earlier runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (no progress bar).")
@root_option
@error_guard
def grade_command(submissions: Path, out: Path, exercises: tuple[str, ...], session_file: Path | None,
                  jobs: int | None, timeout: float,
                  memory_mb: int, cpu_seconds: int | None, file_mb: int, disk_mb: int, processes: int | None,
                  no_cache: bool,
                  as_json: bool, root: Path | None):
    """Grade a class: every learner's notebooks against the visible and hidden tests.

    SUBMISSIONS is a folder with one entry per learner: a folder, or a .zip of one. Writes
    gradebook.csv, gradebook.json, feedback/<learner>.html and report.html into --out. Results are
    kept by content: running it again checks only what changed, and a run that was stopped resumes.
    """
    from workshop.services.grade.grader import GradeOptions, grade
    from workshop.engine.sandbox import Limits

    workspace = workspace_or_fail(root)
    if not workspace.solutions_dir.is_dir():
        fail(_("Grading needs the hidden tests in {path}: run it from the facilitator's copy of the workshop.")
             .format(path=workspace.solutions_dir))
    if out.resolve() == submissions.resolve() or submissions.resolve() in out.resolve().parents:
        fail(_("--out must not be inside the submissions folder."))
    exercises = _session_exercises(workspace, exercises, session_file, as_json)
    limits = Limits(timeout=timeout, memory_mb=memory_mb or None, cpu_seconds=cpu_seconds, file_mb=file_mb or None,
                    processes=processes, disk_mb=disk_mb or None)
    options = GradeOptions(exercises=list(exercises) or None, jobs=jobs, limits=limits, use_cache=not no_cache)
    callback, finish = _progress_printer(as_json)
    try:
        book = grade(workspace, submissions, out, options, progress=callback)
    finally:
        finish()
    counts = book.counts()
    if as_json:
        click.echo(json.dumps({"learners": len(book.learners), "exercises": [e.name for e in book.exercises],
                               "summary": counts, "checked": book.checked, "from_cache": book.from_cache,
                               "same_code": book.same_code,
                               "seconds": book.seconds, "out": str(out)}, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    from workshop.core.status import look
    from workshop.ui.views.terminal import make_console

    console = make_console()
    console.print(_("{learners} learners × {exercises} exercises in {seconds:.1f} s ({checked} checked, "
                    "{cached} unchanged).").format(learners=len(book.learners), exercises=len(book.exercises),
                                                  seconds=book.seconds, checked=book.checked,
                                                  cached=book.from_cache), style="bold")
    if book.same_code:
        console.print(_("{count} notebooks had the same code as another one: that code was checked once."
                        ).format(count=book.same_code))
    table = Table()
    table.add_column(_("status"))
    table.add_column(_("how many"), justify="right")
    for status, count in counts.items():
        shown = look(status)
        table.add_row(f"[{shown.terminal}]{shown.icon} {shown.label}[/]", str(count))
    console.print(table)
    for path in ("gradebook.csv", "gradebook.json", "report.html", "feedback/index.html"):
        console.print(f"  {out / path}", style="dim")
