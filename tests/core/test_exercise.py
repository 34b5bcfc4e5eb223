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


# --- core and stretch tasks -------------------------------------------------------------------------

_COMPLETE = '''title = "Two parts"
summary = "A story."
objectives = ["learn"]
key_points = ["remember"]
{top}
[[tasks]]
title = "Core"
functions = ["f"]
hints = ["a", "b", "c"]
{first}
[[tasks]]
title = "More"
functions = ["g"]
hints = ["a", "b", "c"]
{second}
[ai]
prompt = "p"
verify = "v"
pitfall = "x"
'''


def _exercise(tmp_path, top="minutes = 20", first="", second=""):
    folder = tmp_path / "05-two-parts"
    folder.mkdir(exist_ok=True)
    (folder / "exercise.toml").write_text(_COMPLETE.format(top=top, first=first, second=second), encoding="utf-8")
    return load_exercise(folder, "en")


def test_tasks_are_core_unless_marked_stretch(tmp_path):
    exercise = _exercise(tmp_path, top="minutes = 20\nstretch_minutes = 15", second="stretch = true")
    assert [task.stretch for task in exercise.tasks] == [False, True]
    assert [task.title for task in exercise.core_tasks] == ["Core"]
    assert exercise.stretch_numbers == (2,)
    assert (exercise.minutes, exercise.stretch_minutes) == (20, 15)
    assert metadata_problems(exercise) == []


def test_an_exercise_without_stretch_has_no_stretch_minutes(tmp_path):
    exercise = _exercise(tmp_path)
    assert exercise.stretch_minutes == 0 and exercise.stretch_tasks == ()
    assert metadata_problems(exercise) == []


def test_stretch_tasks_need_stretch_minutes(tmp_path):
    problems = metadata_problems(_exercise(tmp_path, second="stretch = true"))
    assert problems == ["stretch_minutes must be a positive number: some tasks are stretch = true"]


def test_stretch_minutes_without_stretch_tasks_are_reported(tmp_path):
    problems = metadata_problems(_exercise(tmp_path, top="minutes = 20\nstretch_minutes = 10"))
    assert problems == ["stretch_minutes must be left out (or 0): no task is stretch = true"]


def test_an_exercise_needs_a_core_task(tmp_path):
    problems = metadata_problems(_exercise(tmp_path, top="minutes = 20\nstretch_minutes = 10",
                                           first="stretch = true", second="stretch = true"))
    assert any("at least one core task" in problem for problem in problems)


@pytest.mark.parametrize("top, first, message", [
    ("minutes = 20", 'stretch = "yes"', "tasks[1].stretch must be true or false"),
    ('minutes = "twenty"', "", "minutes must be a whole number of minutes"),
    ("minutes = 20\nstretch_minutes = 7.5", "", "stretch_minutes must be a whole number of minutes"),
])
def test_wrong_types_are_clear_errors(tmp_path, top, first, message):
    with pytest.raises(ExerciseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _exercise(tmp_path, top=top, first=first)


def test_korean_messages_for_stretch_problems(tmp_path, monkeypatch):
    from workshop.util import i18n

    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    i18n.reset()
    try:
        problems = metadata_problems(_exercise(tmp_path, second="stretch = true"))
        assert problems == ["stretch_minutes는 양수여야 합니다. stretch = true인 과제가 있습니다"]
    finally:
        monkeypatch.delenv("WORKSHOP_LANG")
        i18n.reset()


def test_the_repository_marks_core_and_stretch_honestly(repo):
    """Every exercise has core minutes; the ones with stretch tasks say how long those take."""
    for exercise in discover(repo / "solutions", "en"):
        assert exercise.minutes > 0, exercise.name
        assert bool(exercise.stretch_tasks) == (exercise.stretch_minutes > 0), exercise.name
        assert exercise.core_tasks and not exercise.core_tasks[0].stretch, exercise.name


def test_number_00_is_found_as_0_and_00(repo):
    exercises = discover(repo / "exercises", "en")
    assert find(exercises, "0").name == find(exercises, "00").name == "00-warm-up"
    assert find(exercises, "warm-up").number == 0
