"""``workshop new NN-slug``: a new exercise that already works, so authoring starts from green.

The scaffold has one task with one function (``example``), visible and hidden tests, two
pitfalls (each caught by a visible test), three hints and every metadata field, marked ``TODO`` where the author must write.
It passes ``workshop validate`` as it is; ``validate`` lists the TODOs left as facts.
"""

from __future__ import annotations

from pathlib import Path

from workshop.util.atomic import write_text_atomic
from workshop.services.authoring.percent import percent_to_notebook
from workshop.services.authoring.build import build_exercise, dumps_notebook
from workshop.core.exercise import FOLDER_PATTERN, load_exercise
from workshop.util.i18n import _

NOTEBOOK = '''\
# %% [markdown]
# ## Why this tool matters
#
# TODO: the story, in a few sentences, with cited public facts (see CURRICULUM.md).

# %% [markdown]
# ## Task 1 · TODO
#
# `example(text)` returns the text with surrounding spaces removed.
#
# ```python
# >>> example("  hello ")
# 'hello'
# ```

# %%
def example(text):
    """Return text without the spaces around it."""
    ### BEGIN SOLUTION
    return text.strip()
    ### END SOLUTION
'''

VISIBLE = '''\
"""Tests you can read: what {module} must do."""

import pytest

from {module} import example


@pytest.mark.task(1)
def test_spaces_around_are_removed():
    """Spaces around the text are removed."""
    assert example("  hello ") == "hello"


@pytest.mark.task(1)
def test_inner_spaces_are_kept():
    """Spaces inside the text stay."""
    assert example(" a b ") == "a b"
'''

HIDDEN = '''\
"""Hidden tests for grading: edge cases of the same rules."""

import pytest

from {module} import example


@pytest.mark.task(1)
def test_empty_text():
    """Empty text stays empty."""
    assert example("") == ""
'''

PITFALL_ONE = '''\
"""TODO: the typical AI mistake. Here: removes every space, not just the outer ones."""


def example(text):
    return text.replace(" ", "")
'''

PITFALL_TWO = '''\
"""TODO: another plausible wrong solution. Here: removes spaces on the left only."""


def example(text):
    return text.lstrip()
'''

METADATA = '''\
title = "TODO: {title}"
module = "{module}"
minutes = 20
summary = """TODO: the story in two or three sentences."""
objectives = ["TODO: what the learner will be able to do"]
key_points = ["TODO: what to remember"]

[[tasks]]
title = "TODO: the first task"
functions = ["example"]
hints = [
  "TODO: a nudge (look at str methods).",
  "TODO: a clearer pointer (str.strip removes characters at both ends).",
  "TODO: nearly the answer (return text.strip()).",
]

[ai]
prompt = """TODO: a ready prompt for an AI assistant, with the function's name and behaviour."""
verify = """TODO: how to check what the AI wrote (run the tests; read for …)."""
pitfall = """TODO: the mistake AIs typically make here."""
'''


def scaffold_exercise(solutions_dir: Path, exercises_dir: Path, name: str) -> list[Path]:
    """Create ``solutions_dir/name`` and build its learner side; return the files written."""
    match = FOLDER_PATTERN.match(name)
    if not match:
        raise ValueError(_("{name} is not a valid exercise name: use NN-slug, like 11-qr-codes.").format(name=name))
    folder = solutions_dir / name
    if folder.exists() or (exercises_dir / name).exists():
        raise FileExistsError(_("{name} exists already; choose another number or slug.").format(name=name))
    taken = [path.name for path in solutions_dir.glob(f"{match.group(1)}-*")]
    if taken:
        raise FileExistsError(_("Number {n} is taken by {other}.").format(n=match.group(1), other=taken[0]))
    slug = match.group(2)
    module = slug.replace("-", "_")
    title = slug.replace("-", " ").capitalize()
    files = {
        folder / "exercise.toml": METADATA.format(title=title, module=module),
        folder / f"test_{module}.py": VISIBLE.format(module=module),
        folder / "hidden" / f"test_{module}_hidden.py": HIDDEN.format(module=module),
        folder / "pitfalls" / "strips_everything.py": PITFALL_ONE,
        folder / "pitfalls" / "left_only.py": PITFALL_TWO,
    }
    for path, text in files.items():
        write_text_atomic(path, text)
    notebook = folder / f"{module}.ipynb"
    notebook.write_bytes(dumps_notebook(percent_to_notebook(NOTEBOOK, seed=name)))
    built = build_exercise(load_exercise(folder), exercises_dir)
    return [*files, notebook, *built]
