"""``workshop prompt``: a ready prompt for any AI assistant, built from the learner's side only.

It holds the task in plain words, the function signatures and docstrings from the learner's
notebook (never their bodies, never the solution), the visible tests, the rules (standard
library, made-up data only) and "explain your code so I can check it". Never hidden tests.
"""

from __future__ import annotations

from pathlib import Path

from workshop.ai.source import NotebookCode, learner_side, signatures, visible_tests
from workshop.core.exercise import Exercise, ExerciseError
from workshop.util.i18n import _


def _fence(code: str, language: str = "python") -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


def rules(exercise: Exercise) -> list[str]:
    """The constraints every prompt repeats."""
    library = _("Use only the Python standard library and requests.") if exercise.network else \
        _("Use only the Python standard library: no packages to install.")
    return [
        library,
        _("Keep the function names and parameters exactly as they are: the tests call them."),
        _("Use made-up example data only. I will not share real names, phone numbers, places or testimonies, "
          "and your examples should not invent realistic ones either."),
        _("Explain your code so I can check it: what each part does, and how the tests show it works."),
    ]


def task_text(exercise: Exercise, code: NotebookCode, number: int) -> str:
    """The task in plain words: the notebook's own ``Task N`` cell, else its title and functions."""
    task = exercise.task(number)
    if task is None:
        return ""
    text = code.task_markdown(number)
    if text:
        return text
    return "## " + _("Task {n} · {title}").format(n=number, title=task.title) + "\n\n" + _(
        "Write: {functions}.").format(functions=", ".join(f"{name}()" for name in task.functions))


def build_prompt(exercise: Exercise, notebook: Path | None = None, task: int | None = None,
                 solutions_dir: Path | None = None) -> str:
    """The prompt for ``exercise`` (all tasks, or just ``task``), from the learner's ``notebook``."""
    notebook = Path(notebook) if notebook is not None else exercise.notebook
    learner_side(exercise, notebook, solutions_dir)
    if task is not None and exercise.task(task) is None:
        raise ExerciseError(_("Exercise {name} has no task {n}. Its tasks are numbered 1 to {last}.").format(
            name=exercise.name, n=task, last=len(exercise.tasks)))
    code = NotebookCode.read(notebook)
    numbers = [task] if task is not None else [item.number for item in exercise.tasks]
    names = [name for number in numbers for name in exercise.task(number).functions]

    intro = exercise.ai.prompt or _("I am learning Python in a workshop. Help me with this exercise: {title}.").format(
        title=exercise.title)
    parts = [intro.strip()]
    if task is not None:
        parts.append(_("Today I only need help with task {n}: {title}.").format(n=task, title=exercise.task(task).title))
    if exercise.summary:
        parts.append(_("## Why this tool matters") + "\n\n" + exercise.summary)
    parts += [task_text(exercise, code, number) for number in numbers]
    if names:
        parts.append(_("## The functions, as my notebook has them (write their bodies)") + "\n\n"
                     + _fence(signatures(code, names)))
    tests = visible_tests(exercise, task)
    if tests:
        parts.append(_("## The tests my code must pass (file {name})").format(name=exercise.visible_tests_name)
                     + "\n\n" + _fence(tests))
    parts.append(_("## Rules") + "\n\n" + "\n".join(f"- {rule}" for rule in rules(exercise)))
    return "\n\n".join(parts).strip() + "\n"
