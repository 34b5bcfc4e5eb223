"""Author commands: ``build`` and ``validate``."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli.common import error_guard, fail, root_option, workspace_or_fail
from workshop.util.i18n import _


@click.command("build")
@click.argument("exercises", nargs=-1)
@root_option
@error_guard
def build_command(exercises: tuple[str, ...], root: Path | None):
    """Generate exercises/NN-slug from solutions/NN-slug (all, or those named).

    Solution markers become failing stubs, outputs are cleared, and the header, AI-pairing box
    and check() cell are added from exercise.toml.
    """
    from workshop.services.authoring.build import BuildError, build_exercise
    from workshop.core.exercise import find

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
@click.option("--mutants", is_flag=True, help="Measure the tests instead: the share of mutants of each solution "
              "that the visible tests, and all tests, kill.")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="With --mutants: check this many mutants per exercise, picked at random (same pick each time).")
@root_option
@error_guard
def validate_command(exercises: tuple[str, ...], as_json: bool, mutants: bool, sample: int | None,
                     root: Path | None):
    """Prove every exercise is sound: solutions pass, stubs fail every task, pitfalls fail a visible
    test, notebooks are valid and clean, metadata is complete, generated files are up to date.

    Exit code 1 when anything is wrong, with the list of what. With --mutants, exit code 1 when an
    exercise misses the goal (visible tests kill 90 % of mutants, all tests 97 %).
    """
    from workshop.services.authoring.validate import to_json, validate

    workspace = workspace_or_fail(root)
    if mutants:
        _mutation_report(workspace, list(exercises), sample, as_json)
    reports = validate(workspace, list(exercises) or None)
    if not reports:
        fail(_("No exercises to validate in {path}.").format(path=workspace.solutions_dir))
    if as_json:
        click.echo(to_json(reports))
    else:
        from rich.text import Text

        from workshop.ui.views.terminal import make_console

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


def _mutation_report(workspace, names: list[str], sample: int | None, as_json: bool) -> None:
    import json

    from workshop.core.exercise import find, load_exercise
    from workshop.services.authoring.mutants import ALL_GOAL, VISIBLE_GOAL, meets_goal, score
    from workshop.services.authoring.validate import hidden_tests

    solutions = workspace.solutions()
    if not solutions:
        fail(_("There is no solutions/ folder with exercises in {root}.").format(root=workspace.root))
    chosen = [find(solutions, name) for name in names] if names else solutions
    reports = []
    for solution in chosen:
        learner_folder = workspace.exercises_dir / solution.name
        if not (learner_folder / "exercise.toml").is_file():
            fail(_("{name} has not been built: run workshop build first.").format(name=solution.name))
        report = score(solution, load_exercise(learner_folder), hidden_tests(solution), sample=sample)
        reports.append(report)
        if not as_json:
            mark = "✔" if meets_goal(report) else "✘"
            click.echo(_("{mark} {name}: {checked} of {total} mutants · visible tests kill {visible:.1%} · all "
                         "tests {all:.1%} · {seconds:.0f} s").format(
                mark=mark, name=report.exercise, checked=report.checked, total=report.total,
                visible=report.visible_score, all=report.all_score, seconds=report.seconds))
            for key in report.survivors:
                click.echo("    " + _("survives every test: {key}").format(key=key))
            for key in report.visible_only_survivors:
                click.echo("    " + _("only hidden tests kill: {key}").format(key=key))
            for key in report.wrongly_listed:
                click.echo("    " + _("listed as equivalent, but a test kills it: {key}").format(key=key))
    if as_json:
        click.echo(json.dumps([report.to_dict() for report in reports], indent=2, ensure_ascii=False))
    else:
        click.echo(_("Goal: visible tests kill {visible:.0%} of the mutants not listed as equivalent, all tests "
                     "{all:.0%}.").format(visible=VISIBLE_GOAL, all=ALL_GOAL))
    raise SystemExit(0 if all(meets_goal(report) for report in reports) else 1)
