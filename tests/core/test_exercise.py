"""workshop.core.exercise: metadata, discovery, and finding an exercise by what a person types."""

from __future__ import annotations

import pytest

from workshop.core.exercise import ExerciseError, discover, find, load_exercise, metadata_problems


def test_every_repository_exercise_has_complete_metadata(repo):
    solutions = discover(repo / "solutions")
    assert solutions, "no exercises found"
    for exercise in solutions:
        assert metadata_problems(exercise) == [], exercise.name


@pytest.mark.parametrize("query", ["1", "01", "passphrase", "01-passphrase", "Passphrase maker", "PASSPHRASE"])
def test_find_by_number_slug_folder_or_title(repo, query):
    assert find(discover(repo / "exercises"), query).name == "01-passphrase"


def test_a_misspelling_gets_a_suggestion(repo):
    with pytest.raises(ExerciseError, match="Did you mean 01-passphrase"):
        find(discover(repo / "exercises"), "pasphrase")


def test_nothing_close_lists_the_exercises(repo):
    with pytest.raises(ExerciseError, match="The exercises are"):
        find(discover(repo / "exercises"), "zzzzzz")


def test_broken_metadata_is_a_clear_error(tmp_path):
    folder = tmp_path / "07-broken"
    folder.mkdir()
    (folder / "exercise.toml").write_text("title = [unclosed", encoding="utf-8")
    with pytest.raises(ExerciseError, match="not valid TOML"):
        load_exercise(folder)


def test_missing_hints_are_reported(tmp_path):
    folder = tmp_path / "07-thin"
    folder.mkdir()
    (folder / "exercise.toml").write_text(
        'title = "Thin"\nminutes = 5\n[[tasks]]\ntitle = "One"\nfunctions = ["f"]\nhints = ["only one"]\n',
        encoding="utf-8")
    problems = metadata_problems(load_exercise(folder))
    assert any("three hints" in problem for problem in problems)
    assert any("objectives" in problem for problem in problems)
