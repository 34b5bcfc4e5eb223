"""Hidden tests for grading exercise 01: edge cases a careful reviewer would try."""

import random

import pytest

from passphrase import entropy_bits, load_wordlist, make_passphrase


@pytest.mark.task(1)
def test_windows_line_ends_and_spaces():
    """Lines ending in CRLF, with spaces around the word, still give clean words."""
    assert load_wordlist("  sun  \r\nmoon\r\n") == ["sun", "moon"]


@pytest.mark.task(1)
def test_korean_words():
    """Korean words are words like any other."""
    assert load_wordlist("11111\t하늘\n11112\t바다\n") == ["하늘", "바다"]


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_bits_grow_by_the_same_amount_per_word():
    """Each extra word adds log2(list size) bits."""
    assert entropy_bits(7) - entropy_bits(6) == pytest.approx(12.925, abs=1e-3)
    assert entropy_bits(4, list_size=1024) == pytest.approx(40.0)


@pytest.mark.task(2)
def test_list_too_small_is_an_error():
    """A list of one word gives no choice at all: ValueError."""
    with pytest.raises(ValueError):
        entropy_bits(6, list_size=1)


@pytest.mark.task(2)
def test_negative_words_is_an_error():
    """A negative number of words: ValueError."""
    with pytest.raises(ValueError):
        entropy_bits(-3)


@pytest.mark.task(3)
def test_every_word_comes_from_the_list():
    """Each word of the passphrase is a word of the list."""
    words = ["sun", "moon", "star", "sky"]
    for seed in range(20):
        assert set(make_passphrase(words, n=5, rng=random.Random(seed)).split("-")) <= set(words)


@pytest.mark.task(3)
def test_all_words_can_appear():
    """Over many passphrases every word of a short list shows up."""
    words = ["sun", "moon", "star", "sky"]
    seen = set()
    for seed in range(50):
        seen.update(make_passphrase(words, n=3, rng=random.Random(seed)).split("-"))
    assert seen == set(words)


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_duplicate_words_are_an_error():
    """A list with a repeated word makes that word likelier: ValueError."""
    with pytest.raises(ValueError):
        make_passphrase(["sun", "moon", "sun"], n=3)


@pytest.mark.task(3)
def test_empty_list_is_an_error():
    """No words to pick from: ValueError."""
    with pytest.raises(ValueError):
        make_passphrase([], n=3)


@pytest.mark.task(3)
def test_accepts_any_iterable_of_words():
    """A tuple of words works as well as a list."""
    assert make_passphrase(("sun", "moon"), n=2, rng=random.Random(3)).count("-") == 1
