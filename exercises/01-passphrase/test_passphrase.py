"""Tests you can read: what the passphrase maker must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 01`.
"""

import math
import random

import pytest

from passphrase import entropy_bits, load_wordlist, make_passphrase


@pytest.mark.task(1)
def test_reads_one_word_per_line():
    """Words come back in order, one per line."""
    assert load_wordlist("sun\nmoon\nstar\n") == ["sun", "moon", "star"]


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_drops_dice_numbers():
    """A diceware line '11111<TAB>baba' gives the word 'baba'."""
    assert load_wordlist("11111\tbaba\n11112\tbabas\n") == ["baba", "babas"]


@pytest.mark.task(1)
def test_skips_comments_and_blank_lines():
    """Lines starting with '#' and blank lines are not words."""
    assert load_wordlist("# my list\nsun\n\nmoon\n") == ["sun", "moon"]


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_a_repeated_word_is_an_error():
    """A word that appears twice would be picked twice as often: ValueError."""
    with pytest.raises(ValueError):
        load_wordlist("sun\nmoon\nsun\n")


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_dice_numbers_with_spaces_are_dropped():
    """A dice roll followed by spaces instead of a tab is dropped too."""
    assert load_wordlist("11111 baba\n11112   babe\n") == ["baba", "babe"]


@pytest.mark.task(1)
def test_a_list_without_words_is_an_error():
    """A list with only comments and blank lines has no words: ValueError."""
    with pytest.raises(ValueError):
        load_wordlist("# nothing here\n\n")


@pytest.mark.task(2)
def test_six_words_of_7776():
    """Six words from 7,776 give about 77.55 bits."""
    assert round(entropy_bits(6), 2) == 77.55


@pytest.mark.task(2)
def test_five_words_of_7776():
    """Five words from 7,776 give about 64.62 bits."""
    assert round(entropy_bits(5, list_size=7776), 2) == 64.62


@pytest.mark.task(2)
@pytest.mark.hint(3)
def test_zero_words_is_an_error():
    """A passphrase of no words makes no sense: ValueError."""
    with pytest.raises(ValueError):
        entropy_bits(0)


@pytest.mark.task(2)
@pytest.mark.hint(3)
def test_a_list_of_one_word_is_an_error():
    """A list of fewer than two words gives no choice: ValueError."""
    with pytest.raises(ValueError):
        entropy_bits(6, list_size=1)


@pytest.mark.task(2)
def test_the_smallest_allowed_values():
    """One word is allowed (log2 of the list size), and so is a list of two words (1 bit per word)."""
    assert entropy_bits(1) == pytest.approx(math.log2(7776))
    assert entropy_bits(3, list_size=2) == pytest.approx(3.0)


@pytest.mark.task(3)
def test_has_n_words_joined_by_sep():
    """Six words joined by '-' by default; another separator when asked."""
    words = ["sun", "moon", "star", "sky"]
    assert len(make_passphrase(words).split("-")) == 6
    assert len(make_passphrase(words, n=4, sep=" ").split(" ")) == 4


@pytest.mark.task(3)
def test_same_rng_same_passphrase():
    """The same seeded source of randomness gives the same passphrase (for tests)."""
    words = ["sun", "moon", "star", "sky"]
    assert make_passphrase(words, rng=random.Random(7)) == make_passphrase(words, rng=random.Random(7))


@pytest.mark.task(3)
@pytest.mark.hint(2)
def test_uses_secrets_not_random_by_default():
    """Without rng, seeding Python's random module must not make passphrases repeat."""
    words = [f"w{i}" for i in range(7776)]
    random.seed(2024)
    first = make_passphrase(words)
    random.seed(2024)
    second = make_passphrase(words)
    assert first != second


@pytest.mark.task(3)
def test_zero_words_passphrase_is_an_error():
    """n must be at least 1."""
    with pytest.raises(ValueError):
        make_passphrase(["sun", "moon"], n=0)


@pytest.mark.task(3)
@pytest.mark.hint(2)
def test_without_rng_no_random_module_generator_is_used(monkeypatch):
    """Without rng the secrets module picks the words: no generator of Python's random module, seeded or not."""
    monkeypatch.setattr(random.Random, "getrandbits", lambda self, k: 0)
    monkeypatch.setattr(random.Random, "random", lambda self: 0.0)
    words = [f"w{i}" for i in range(7776)]
    assert make_passphrase(words) != make_passphrase(words)


@pytest.mark.task(3)
def test_uses_the_rng_it_is_given():
    """When rng is given, its choice() method picks every word."""
    class First:
        def choice(self, seq):
            return seq[0]

    assert make_passphrase(["sun", "moon"], n=3, rng=First()) == "sun-sun-sun"


@pytest.mark.task(3)
def test_an_empty_or_repeating_list_is_an_error():
    """An empty list, or one with a word twice: ValueError."""
    for words in ([], ["sun", "moon", "sun"]):
        with pytest.raises(ValueError):
            make_passphrase(words, n=3)


@pytest.mark.task(3)
def test_a_passphrase_of_one_word():
    """n=1 is allowed: one word, with no separator."""
    assert make_passphrase(["sun", "moon"], n=1, rng=random.Random(5)) in ("sun", "moon")
