"""The solution walkthrough: the reference solution task by task, with the author's why.

For self-learners who are stuck after the last hint, never a shortcut past trying: it is shown only
after the learner has checked the exercise at least once with real code (a check in which at least
one test passed, recorded in the progress file).

Where it lives (issue 18: a graded session's learners never get reference solutions): the why is
author-written in ``solutions/NN-slug/walkthrough.md`` (``walkthrough.ko.md`` in Korean), one
``## Task N`` section per task, and the code is read from the solution notebook next to it, between
its solution markers. ``workshop build`` copies neither into ``exercises/``, and ``workshop pack``
refuses anything under ``solutions/``: a facilitator's pack, the wheel's bundled exercises and
``workshop init`` never carry them. A walkthrough is found in an author's checkout (the workspace's
``solutions/``), or in a self-learner bundle, a folder laid out like ``solutions/`` (a clone of the
project's repository is one), given with ``--from`` or ``WORKSHOP_WALKTHROUGHS``.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

from workshop.services.authoring.build import BEGIN, END
from workshop.core.exercise import Exercise, ExerciseError
from workshop.util.i18n import _, current_language
from workshop.core.notebook import cell_source, read_notebook
from workshop.core.status import Standing
from workshop.util import pyast

ENV = "WORKSHOP_WALKTHROUGHS"


@dataclass
class Step:
    """One task of the walkthrough: its title, the author's why, and the reference code."""

    number: int
    title: str
    why: str
    code: str


def source_folder(root: Path, exercise: Exercise, bundle: Path | None = None) -> Path | None:
    """The folder holding the exercise's solution notebook: in ``bundle``, ``$WORKSHOP_WALKTHROUGHS``,
    or the workspace's ``solutions/``, the first that has it."""
    places = [bundle, Path(os.environ[ENV]) if os.environ.get(ENV) else None, root / "solutions"]
    for place in places:
        if place is not None and (place / exercise.name / exercise.notebook_name).is_file():
            return place / exercise.name
    return None


def real_attempt(record) -> bool:
    """Whether a progress record shows a check with real code: at least one test passed."""
    passed = record.status in (Standing.PASSED.value, Standing.PASSED_BEFORE.value)
    return record.attempts > 0 and (passed or record.earned > 0)


def _sections(text: str) -> dict[int, str]:
    found: dict[int, str] = {}
    parts = re.split(r"^##\s+Task\s+(\d+)[^\n]*$", text, flags=re.M)
    for index in range(1, len(parts) - 1, 2):
        found[int(parts[index])] = parts[index + 1].strip()
    return found


def _function_code(notebook: dict, name: str) -> str:
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell_source(cell)
        try:
            tree = pyast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                segment = ast.get_source_segment(source, node) or ""
                return "\n".join(line for line in segment.splitlines() if not (BEGIN.match(line) or END.match(line)))
    return ""


def steps(folder: Path, exercise: Exercise, lang: str | None = None) -> list[Step]:
    """The walkthrough of ``exercise`` from the solution folder ``folder``."""
    lang = lang or current_language()
    text_file = folder / ("walkthrough.ko.md" if lang == "ko" else "walkthrough.md")
    if not text_file.is_file():
        text_file = folder / "walkthrough.md"
    why = _sections(text_file.read_text(encoding="utf-8")) if text_file.is_file() else {}
    notebook = read_notebook(folder / exercise.notebook_name)
    return [Step(task.number, task.title, why.get(task.number, ""),
                 "\n\n".join(code for code in (_function_code(notebook, name) for name in task.functions) if code))
            for task in exercise.tasks]


def as_markdown(exercise: Exercise, found: list[Step]) -> str:
    """The walkthrough as Markdown, for the terminal (Rich) and the notebook alike."""
    out = [f"# {exercise.number:02d} · {exercise.title}: " + _("solution walkthrough"), "",
           _("Compare it with your own code, task by task. Then close it and write the part you were stuck on "
             "again yourself.")]
    for step in found:
        out += ["", "## " + _("Task {n}").format(n=step.number) + f" · {step.title}", ""]
        out.append(step.why or _("(The author has not written why for this task yet: read the code and its "
                                 "comments.)"))
        if step.code:
            out += ["", "```python", step.code, "```"]
    return "\n".join(out) + "\n"


class WalkthroughRefused(ExerciseError):
    """The walkthrough cannot be shown (yet): the message says why and what to do instead."""


def walkthrough(root: Path, exercise: Exercise, record, bundle: Path | None = None) -> str:
    """The walkthrough's Markdown, or :class:`WalkthroughRefused` saying why not."""
    number = f"{exercise.number:02d}"
    if not real_attempt(record):
        raise WalkthroughRefused(_(
            "The walkthrough opens after a real attempt: write some of exercise {n} yourself and check it until at "
            "least one test passes (`workshop check {n}`). In a session, raise your hand instead: "
            "`workshop help-me`.").format(n=number))
    folder = source_folder(root, exercise, bundle)
    if folder is None:
        raise WalkthroughRefused(_(
            "There is no walkthrough for exercise {n} on this computer. Workshop packs never include solutions. In a "
            "session, raise your hand: `workshop help-me`. Learning on your own, get the self-learner bundle (a copy "
            "of the project's solutions/ folder) and give its folder with --from, or set WORKSHOP_WALKTHROUGHS.").format(
            n=number))
    return as_markdown(exercise, steps(folder, exercise))
