"""The recommended order of the exercises: one ramp from the warm-up to the hardest tool.

Folder numbers stay the exercises' stable identifiers (progress files, gradebooks, prompts and
people's notes use them); this module is the one place that says in which order to do them.
``workshop list`` shows the exercises in this order and suggests the next one from it, and a
session file's ``exercises = N`` (the default ``session.toml``) takes the first N of it, so the
slides' agenda follows it too. Why this order: docs/authoring.md, "Order and timing".
"""

from __future__ import annotations

from typing import Sequence

from workshop.core.exercise import Exercise

#: Folder numbers, easiest first. An exercise not listed here comes after these, by number.
RECOMMENDED_ORDER: tuple[int, ...] = (0, 1, 10, 11, 4, 3, 5, 8, 2, 9, 6, 7)


def position(number: int) -> int:
    """Where an exercise of this number stands in the ramp (unlisted numbers after every listed one)."""
    try:
        return RECOMMENDED_ORDER.index(number)
    except ValueError:
        return len(RECOMMENDED_ORDER) + number


def ordered(exercises: Sequence[Exercise]) -> list[Exercise]:
    """``exercises`` in the recommended order."""
    return sorted(exercises, key=lambda exercise: (position(exercise.number), exercise.number, exercise.slug))


def first_numbers(count: int) -> tuple[int, ...]:
    """The folder numbers of the first ``count`` exercises of the ramp (a session's ``exercises = N``)."""
    return RECOMMENDED_ORDER[:count]
