"""Session operations: ``doctor``, ``pack``, ``init``, ``new``, ``lab``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from workshop.cli.common import EXIT_USAGE, error_guard, fail, root_option, workspace_or_fail
from workshop.util.i18n import _


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--plain", is_flag=True, help="A plain-text report to paste when asking for help.")
@click.option("--kernel", default="python3", show_default=True, help="The Jupyter kernel to try.")
@root_option
def doctor_command(as_json: bool, plain: bool, kernel: str, root: Path | None):
    """Check that this laptop is ready for the session: one row per check, with the fix.

    Exit code 1 only when something must be fixed (a "problem"); warnings are optional things.
    """
    from workshop.core.exercise import ExerciseError
    from workshop.services.ops.doctor import OK, PROBLEM, exit_code, plain_report, run_doctor, to_json
    from workshop.core.workspace import find_workspace

    try:
        workspace = find_workspace(root)
    except ExerciseError:
        workspace = None
    rows = run_doctor(workspace, kernel_name=kernel)
    if as_json:
        click.echo(json.dumps(to_json(rows), ensure_ascii=False, indent=2))
    elif plain:
        click.echo(plain_report(rows))
    else:
        from rich.table import Table
        from rich.text import Text

        from workshop.ui.views.terminal import make_console

        marks = {OK: ("✔ " + _("ok"), "blue"), "warning": ("! " + _("warning"), "yellow"),
                 PROBLEM: ("✘ " + _("problem"), "magenta")}
        table = Table(title=_("Is this laptop ready?"), title_justify="left", header_style="bold")
        table.add_column(_("Check"))
        table.add_column(_("State"))
        table.add_column(_("Found"))
        table.add_column(_("Fix"))
        for row in rows:
            label, style = marks[row.state]
            table.add_row(row.check, Text(label, style=style), row.detail, row.fix if row.state != OK else "")
        console = make_console()
        console.print(table)
        problems = sum(row.state == PROBLEM for row in rows)
        console.print(_("Ready for the session.") if not problems else _(
            "{n} problem(s) to fix before the session. `workshop doctor --plain` makes a report to paste "
            "when asking for help.").format(n=problems), style="bold")
    raise SystemExit(exit_code(rows))


@click.command("pack")
@click.option("--session", "session_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The session file naming the exercises (default: all exercises).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("workshop-pack.zip"),
              show_default=True, help="The zip file to write.")
@click.option("--slides", "slides_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder of exported slides to include (default: export them now).")
@click.option("--no-slides", is_flag=True, help="Leave the slides out.")
@click.option("--with-wheels", is_flag=True,
              help="Add wheels to install everything with no internet (Python 3.10-3.13; Windows, macOS, Linux).")
@click.option("--platform", "platforms", multiple=True,
              type=click.Choice(["windows", "macos-arm64", "macos-x86_64", "linux-x86_64"]),
              help="Only wheels for this system (repeatable; default: all of them).")
@click.option("--python", "pythons", multiple=True, type=click.Choice(["3.10", "3.11", "3.12", "3.13"]),
              help="Only wheels for this Python version (repeatable; default: 3.10 to 3.13).")
@root_option
@error_guard
def pack_command(session_file, out, slides_dir, no_slides, with_wheels, platforms, pythons, root):
    """Make one zip to copy to USB sticks: learner notebooks, visible tests, slides, a README.

    Never solutions or hidden tests. With --with-wheels participants can install with
    `pip install --no-index --find-links wheels workshop`, no internet needed.
    """
    import tempfile

    from workshop.services.ops.pack import PackError, make_pack

    workspace = workspace_or_fail(root)
    with tempfile.TemporaryDirectory(prefix="workshop-pack-slides-") as scratch:
        warnings = []
        if not no_slides and slides_dir is None:
            slides_dir, note = _export_slides(workspace, session_file, Path(scratch))
            if note:
                warnings.append(note)
        try:
            report = make_pack(workspace, out, session_file=session_file, slides_dir=None if no_slides else slides_dir,
                               with_wheels=with_wheels, platforms=list(platforms), pythons=list(pythons))
        except PackError as error:
            fail(str(error))
    for warning in warnings + report.warnings:
        click.echo(_("warning: {text}").format(text=warning), err=True)
    for name in report.regenerated:
        click.echo(_("regenerated {name}: the working copy differs from what build generates (solved or edited?); "
                     "the pack has the generated one").format(name=name))
    for name, reason in report.left_out:
        click.echo(_("left out {name}: {reason}").format(name=name, reason=reason))
    if with_wheels:
        click.echo(_("Offline install works on: {targets}").format(
            targets=", ".join(f"{name} {python}" for name, python in report.complete) or _("nothing")))
    click.echo(_("Wrote {path}: {n} exercises, {s} slide decks, {w} wheels, {f} files.").format(
        path=report.path, n=len(report.exercises), s=len(report.slides), w=len(report.wheels), f=len(report.files)))


def _export_slides(workspace, session_file, scratch: Path) -> tuple[Path | None, str]:
    """Export the session's slides into ``scratch`` with the slides library, if it can."""
    try:
        from workshop.slides.export import build_slides
    except ImportError:
        return None, _("the slides exporter is not available; packing without slides")
    try:
        build_slides(workspace=workspace, session_file=session_file, out_dir=scratch)
    except Exception as error:  # noqa: BLE001 - slides are a bonus in the pack; say why they are missing
        return None, _("slides could not be exported ({error}); packing without them").format(error=error)
    return scratch, ""


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("my-workshop"))
@click.argument("exercises", nargs=-1)
@click.option("--lang", type=click.Choice(["ko", "en"], case_sensitive=False), default=None, is_eager=True,
              help="The notebooks' language (ko: 한국어, en: English); the folder remembers it for every command.")
@root_option
@error_guard
def init_command(directory: Path, exercises: tuple[str, ...], lang: str | None, root: Path | None):
    """Copy the exercises (not the solutions) into DIRECTORY, your own workshop folder.

    Safe to run again after updating the toolkit: new files are added, your files are kept.
    """
    from workshop.core.exercise import ExerciseError
    from workshop.util.i18n import current_language, set_language
    from workshop.services.ops.learner_workspace import choose_source, init_workspace
    from workshop.core.workspace import find_workspace

    if lang:
        set_language(lang)
    try:
        found = find_workspace(root)
    except ExerciseError:
        if root is not None:
            raise
        found = None  # anywhere outside a workshop folder: the exercises that came with the toolkit
    source = choose_source(found, explicit=root is not None)
    try:
        report = init_workspace(source, directory, list(exercises) or None, lang=current_language())
    except FileExistsError as error:
        fail(str(error))
    click.echo(_("Your workshop folder: {path}").format(path=report.root))
    click.echo(_("{n} files copied, {k} of your files kept as they were.").format(n=len(report.copied), k=len(report.kept)))
    click.echo(_("Next: cd {path} && workshop lab").format(path=directory))


@click.command("new")
@click.argument("name")
@root_option
@error_guard
def new_command(name: str, root: Path | None):
    """Scaffold exercise NAME (NN-slug) in solutions/ and build it: it passes validate as it is.

    Replace each TODO, then: workshop build NAME && workshop validate NAME
    """
    from workshop.services.ops.scaffold import scaffold_exercise

    workspace = workspace_or_fail(root)
    try:
        written = scaffold_exercise(workspace.solutions_dir, workspace.exercises_dir, name)
    except (ValueError, FileExistsError) as error:
        fail(str(error))
    for path in written:
        click.echo(str(Path(path).relative_to(workspace.root)))
    click.echo(_("Next: edit solutions/{name} (replace each TODO), then: workshop build {name} && workshop validate "
                 "{name}").format(name=name))


@click.command("lab")
@click.argument("exercise", required=False)
@click.option("--port", type=int, default=None, help="The port for JupyterLab (default: its own choice).")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
@root_option
@error_guard
def lab_command(exercise: str | None, port: int | None, no_browser: bool, root: Path | None):
    """Start JupyterLab in your workshop folder, opened at EXERCISE (default: the one you are on)."""
    from workshop.services.learner import resolve
    from workshop.services.ops.lab import start_lab

    workspace = workspace_or_fail(root)
    found, notebook = resolve(workspace, exercise)
    if not notebook.exists():
        fail(_("There is no notebook at {path}.").format(path=notebook), EXIT_USAGE)
    click.echo(_("Starting JupyterLab at {name}. Stop it with Ctrl+C.").format(name=found.name))
    raise SystemExit(start_lab(workspace.root, notebook, port=port, browser=not no_browser))
