"""Where a learner is: one place works out the exercise and the workspace for terminal and notebook alike."""

from __future__ import annotations

from workshop.core.exercise import load_exercise
from workshop.core.workspace import exercise_in, state_dir_for, workspace_of


def test_the_exercise_and_workspace_of_a_folder(workspace, tmp_path):
    folder = workspace / "exercises" / "02-thread-splitter"
    assert exercise_in([tmp_path, folder, workspace / "exercises" / "01-passphrase"]).name == "02-thread-splitter"
    assert exercise_in([tmp_path]) is None
    exercise = load_exercise(folder)
    assert workspace_of(exercise).root == workspace and state_dir_for(exercise) == workspace / ".workshop"
    loose = tmp_path / "copy" / "02-thread-splitter"
    loose.parent.mkdir()
    folder.rename(loose)
    alone = load_exercise(loose)
    assert workspace_of(alone) is None and state_dir_for(alone) != tmp_path / ".workshop"
