"""Author commands: ``build`` and ``validate``."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli.common import error_guard, fail, root_option, workspace_or_fail
from workshop.i18n import _


@click.command("build")
@click.argument("exercises", nargs=-1)
@root_option
@error_guard
def build_command(exercises: tuple[str, ...], root: Path | None):
    """Generate exercises/NN-slug from solutions/NN-slug (all, or those named).

    Solution markers become failing stubs, outputs are cleared, and the header, AI-pairing box
    and check() cell are added from exercise.toml.
    """
    from workshop.build import BuildError, build_exercise
    from workshop.exercise import find

    workspace = workspace_or_fail(root)
    solutions = workspace.solutions()
    if not solutions:
        fail(_("There is no solutions/ folder with exercises in {root}.").format(root=workspace.root))
    chosen = [find(solutions, name) for name in exercises] if exercises else solutions
    for solution in chosen:
        try:
            changed = build_exercise(solution, workspace.exercises_dir)
        except (BuildError, OSError) as error:
            fail(_("{name}: {error}").format(name=solution.name, error=error))
        state = _("{n} files updated").format(n=len(changed)) if changed else _("up to date")
        click.echo(f"{solution.name}: {state}")


@click.command("validate")
@click.argument("exercises", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@root_option
@error_guard
def validate_command(exercises: tuple[str, ...], as_json: bool, root: Path | None):
    """Prove every exercise is sound: solutions pass, stubs fail every task, pitfalls are caught,
    notebooks are valid and clean, metadata is complete, generated files are up to date.

    Exit code 1 when anything is wrong, with the list of what.
    """
    from workshop.validate import to_json, validate

    workspace = workspace_or_fail(root)
    reports = validate(workspace, list(exercises) or None)
    if not reports:
        fail(_("No exercises to validate in {path}.").format(path=workspace.solutions_dir))
    if as_json:
        click.echo(to_json(reports))
    else:
        from rich.text import Text

        from workshop.views.terminal import make_console

        console = make_console()
        for report in reports:
            mark = Text("✔ ", style="blue") if report.ok else Text("✘ ", style="yellow")
            console.print(Text.assemble(mark, (report.name, "bold")))
            for fact in report.facts:
                console.print(f"    {fact}", style="dim", markup=False)
            for problem in report.problems:
                console.print(f"    ✘ {problem}", style="yellow", markup=False)
        bad = [report.name for report in reports if not report.ok]
        summary = _("{n} exercises valid.").format(n=len(reports)) if not bad else _(
            "{n} of {total} exercises have problems: {names}").format(n=len(bad), total=len(reports),
                                                                     names=", ".join(bad))
        console.print(summary, style="bold")
    raise SystemExit(0 if all(report.ok for report in reports) else 1)
