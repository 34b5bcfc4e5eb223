"""The ready prompt for every exercise: complete, from the learner side, never a hidden test or solution."""

from __future__ import annotations

import pytest

from tests.ai.conftest import assert_no_secrets
from tests.conftest import REPO
from workshop.ai.prompt import build_prompt
from workshop.core.exercise import load_exercise

EXERCISES = sorted(folder.name for folder in (REPO / "exercises").iterdir()
                   if (folder / "exercise.toml").is_file()
                   and any((REPO / "solutions" / folder.name / "hidden").glob("*.py")))


@pytest.mark.parametrize("name", EXERCISES)
def test_prompt_for_every_exercise_holds_no_secrets(name):
    exercise = load_exercise(REPO / "exercises" / name)
    text = build_prompt(exercise, solutions_dir=REPO / "solutions")
    for task in exercise.tasks:
        for function in task.functions:
            assert f"def {function}(" in text or f"class {function}" in text, function
        text += build_prompt(exercise, task=task.number, solutions_dir=REPO / "solutions")
    assert exercise.visible_tests_name in text and "Explain your code so I can check it" in text
    assert "# YOUR CODE HERE" not in text  # signatures and docstrings only, no bodies
    assert_no_secrets(text, exercise=name)


@pytest.mark.parametrize("name", EXERCISES)
def test_tutor_messages_for_every_exercise_hold_no_secrets(name, tmp_path):
    """What the tutor would be sent about the untouched learner notebook, for every task of every exercise."""
    from workshop.ai.tutor import build_messages, prepare
    from workshop.engine.pipeline import check_notebook

    exercise = load_exercise(REPO / "exercises" / name)
    result = check_notebook(exercise, exercise.notebook)
    assert not result.passed
    sent = ""
    for task in exercise.tasks:
        prepared = prepare(exercise, exercise.notebook, tmp_path, task.number, "", result)
        messages = build_messages(prepared.given)
        sent += "\n".join(message["content"] for message in messages)
        assert f"Task {task.number}: {task.title}" in sent
    assert_no_secrets(sent, exercise=name)
