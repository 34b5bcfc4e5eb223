"""``workshop validate`` for a "check the AI" exercise (the learner writes tests; docs/authoring.md).

The author's model tests (the solution notebook) must pass the right version and catch every hidden
wrong version; the untouched stub must not pass; the notebook's example alone (every marked test
body emptied) must not earn full marks; every version shown in ``candidates/`` must be shown,
as is, in a notebook cell; there are enough hidden wrong versions, each with a task.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from workshop.services.authoring.build import BEGIN, END, dumps_notebook
from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.core.notebook import cell_source
from workshop.engine.pipeline import check_notebook
from workshop.engine.result import Status

MIN_HIDDEN_VERSIONS = 6


def example_only(solution_notebook: dict) -> dict:
    """The solution notebook with every marked region replaced by ``pass``: only the tests the
    learner is given (the example) still test anything."""
    cells = []
    for cell in solution_notebook["cells"]:
        if cell.get("cell_type") != "code":
            cells.append(cell)
            continue
        out, skipping = [], False
        for line in cell_source(cell).splitlines():
            begin = BEGIN.match(line)
            if begin:
                out.append(f"{begin.group(1)}pass")
                skipping = True
            elif END.match(line):
                skipping = False
            elif not skipping:
                out.append(line)
        cells.append(dict(cell, source="\n".join(out)))
    return dict(solution_notebook, cells=cells)


def problems_and_facts(solution: Exercise, solution_nb: dict, learner_notebooks: list[tuple[str, Path]]) \
        -> tuple[list[str], list[str]]:
    """What is wrong with a check-the-AI exercise, and facts for the record."""
    from workshop.engine.checkai import versions

    problems: list[str] = []
    facts: list[str] = []
    hidden = solution.hidden_versions
    if len(hidden) < MIN_HIDDEN_VERSIONS:
        problems.append(_("there are {n} hidden wrong versions in hidden/; at least {m} are needed").format(
            n=len(hidden), m=MIN_HIDDEN_VERSIONS))
    numbers = {task.number for task in solution.tasks}
    for version in versions(solution, hidden=True)[1:]:
        if version.task not in numbers:
            problems.append(_("the wrong version {name} names no task (a line task: N in its docstring)").format(
                name=version.path.name))
    shown = [cell_source(cell) for cell in solution_nb["cells"] if cell.get("cell_type") == "code"]
    for path in solution.candidates:
        if path.read_text(encoding="utf-8").strip() not in {source.strip() for source in shown}:
            problems.append(_("candidates/{name} is not shown, as is, in a code cell of the notebook").format(
                name=path.name))
    if len(solution.candidates) < 2:
        problems.append(_("candidates/ needs the right version and at least one wrong one"))

    solved = check_notebook(solution, solution.notebook)
    if solved.status is not Status.PASSED:
        problems.append(_("the model tests do not pass: {message}").format(message=solved.message))
        problems += [f"  {test.description}: {test.message}" for test in solved.tests if not test.passed]
    else:
        facts.append(_("the model tests catch {n} wrong versions in {seconds:.2f} s").format(
            n=len(solved.tests) - 1, seconds=solved.duration))
    with tempfile.TemporaryDirectory(prefix="workshop-validate-") as scratch:
        weak = Path(scratch) / solution.notebook_name
        weak.write_bytes(dumps_notebook(example_only(solution_nb)))
        for label, path in [*learner_notebooks, ("example", weak)]:
            result = check_notebook(solution, path)
            if result.possible and result.earned >= result.possible:
                problems.append({
                    "learner": _("the learner notebook already earns full marks"),
                    "learner-ko": _("the Korean learner notebook already earns full marks"),
                }.get(label, _("the notebook's example tests alone earn full marks: the wrong versions are too "
                               "easy to catch")))
            elif label == "example":
                facts.append(_("the example tests alone earn {earned:g} of {possible:g} points").format(
                    earned=result.earned, possible=result.possible))
    return problems, facts
