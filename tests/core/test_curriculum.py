"""workshop.core.curriculum: the one recommended order of the exercises."""

from __future__ import annotations

from workshop.core.curriculum import RECOMMENDED_ORDER, first_numbers, ordered, position
from workshop.core.exercise import discover


def test_every_exercise_has_a_place_in_the_order(repo):
    numbers = {exercise.number for exercise in discover(repo / "solutions", "en")}
    assert numbers <= set(RECOMMENDED_ORDER), sorted(numbers - set(RECOMMENDED_ORDER))
    assert len(RECOMMENDED_ORDER) == len(set(RECOMMENDED_ORDER)), "a number is listed twice"


def test_the_ramp_starts_with_the_warm_up_then_the_passphrase_maker(repo):
    names = [exercise.name for exercise in ordered(discover(repo / "exercises", "en"))]
    assert names[:2] == ["00-warm-up", "01-passphrase"]
    assert names.index("04-hangul") < names.index("03-vocabulary")  # 03 reuses 04's Unicode forms
    assert names[-1] == "07-scrubber"  # bytes and binary formats: the hardest


def test_exercises_not_in_the_order_come_last_by_number(repo, tmp_path):
    import shutil

    shutil.copytree(repo / "exercises" / "01-passphrase", tmp_path / "42-extra")
    shutil.copytree(repo / "exercises" / "01-passphrase", tmp_path / "41-other")
    shutil.copytree(repo / "exercises" / "10-censorship", tmp_path / "10-censorship")
    shutil.copytree(repo / "exercises" / "01-passphrase", tmp_path / "01-passphrase")
    names = [exercise.name for exercise in ordered(discover(tmp_path, "en"))]
    assert names == ["01-passphrase", "10-censorship", "41-other", "42-extra"]
    assert position(41) < position(42) and position(7) < position(41)


def test_first_numbers_is_the_start_of_the_ramp():
    assert first_numbers(3) == RECOMMENDED_ORDER[:3] == (0, 1, 10)
