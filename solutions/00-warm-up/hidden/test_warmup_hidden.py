"""Hidden tests for grading exercise 00: more cases of the same rules."""

import pytest

from warmup import tables_needed, welcome, word_count


@pytest.mark.task(1)
def test_welcome_a_korean_name():
    """A name written in Hangul goes into the welcome line as it is."""
    assert welcome("김철수") == "Welcome, 김철수!"


@pytest.mark.task(2)
def test_one_more_person_needs_one_more_table():
    """One person more than full tables of 6 hold needs one more table."""
    assert [tables_needed(n) for n in range(1, 14)] == [1] * 6 + [2] * 6 + [3]
    assert tables_needed(300) == 50 and tables_needed(301) == 51


@pytest.mark.task(2)
def test_tables_of_one():
    """At tables of 1, everyone needs their own table."""
    assert tables_needed(7, per_table=1) == 7


@pytest.mark.task(3)
def test_tabs_separate_words():
    """A tab separates words like a space."""
    assert word_count("one\ttwo\t\tthree") == 3


@pytest.mark.task(3)
def test_only_spaces_is_no_words():
    """Spaces and line breaks alone are no words."""
    assert word_count("   \n  ") == 0
