"""Tests you can read: what the warm-up's three functions must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 00`.
"""

import pytest

from warmup import tables_needed, welcome, word_count


@pytest.mark.task(1)
def test_welcome_line():
    """The welcome line is 'Welcome, ' then the name, then '!'."""
    assert welcome("Lee Young-hee") == "Welcome, Lee Young-hee!"


@pytest.mark.task(1)
def test_welcome_another_name():
    """Any name goes into the welcome line."""
    assert welcome("Kim Chul-su") == "Welcome, Kim Chul-su!"


@pytest.mark.task(2)
def test_thirteen_people_need_three_tables():
    """13 people at tables of 6 need 3 tables (the last one not full)."""
    assert tables_needed(13) == 3


@pytest.mark.task(2)
def test_twelve_people_fill_two_tables():
    """12 people fill exactly 2 tables of 6."""
    assert tables_needed(12) == 2


@pytest.mark.task(2)
def test_nobody_needs_no_table():
    """0 people need 0 tables."""
    assert tables_needed(0) == 0


@pytest.mark.task(2)
def test_other_table_sizes():
    """10 people at tables of 4 need 3 tables."""
    assert tables_needed(10, per_table=4) == 3


@pytest.mark.task(3)
def test_counts_words():
    """'See you at the training' has 5 words."""
    assert word_count("See you at the training") == 5


@pytest.mark.task(3)
def test_any_run_of_spaces_and_line_breaks_separates_words():
    """Several spaces, a line break, and spaces at both ends do not make extra words."""
    assert word_count("  two   spaces\nand a line break ") == 6


@pytest.mark.task(3)
def test_korean_words():
    """Korean words count like any other: '안녕하세요 여러분' has 2."""
    assert word_count("안녕하세요 여러분") == 2


@pytest.mark.task(3)
def test_no_words():
    """A message with no words has 0."""
    assert word_count("") == 0
