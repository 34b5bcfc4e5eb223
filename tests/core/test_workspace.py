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


def test_the_language_is_looked_up_in_the_same_workspace_the_commands_use(workspace, tmp_path, monkeypatch):
    """One rule finds the workspace: a learner in a sub-folder gets the language remembered by
    `workshop init --lang ko`, from the workspace `workshop check` uses; outside, no workspace."""
    from workshop.core.workspace import find_workspace
    from workshop.util import i18n

    monkeypatch.delenv("WORKSHOP_ROOT", raising=False)
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    i18n.remember_language(workspace, "ko")
    monkeypatch.chdir(workspace / "exercises" / "01-passphrase")
    assert find_workspace().root == workspace == i18n._workspace_root()
    assert i18n.remembered_language(i18n._workspace_root()) == "ko"
    monkeypatch.setenv("WORKSHOP_ROOT", str(tmp_path))  # names a folder without exercises/
    assert i18n._workspace_root() is None
    try:
        find_workspace()
    except Exception as error:  # the commands say what is wrong with it
        assert str(tmp_path) in str(error)
    else:
        raise AssertionError("a WORKSHOP_ROOT without exercises/ must be refused")
